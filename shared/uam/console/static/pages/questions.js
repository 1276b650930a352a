// Questions in plain English about one dataset (POST /nlq): what was understood, the table,
// the chart; and when a question is not understood, why, with questions that would be.
import { api } from "../api.js";
import { field, formatValue, h, replace, table } from "../dom.js";
import { showError } from "../notices.js";

export function questionsPanel(dataset) {
  const question = h("input", {
    type: "text",
    name: "question",
    maxlength: 500,
    required: true,
    placeholder: "e.g. average of a number column by a category column",
  });
  const ask = h("button", { type: "submit" }, "Ask");
  const result = h("div", { "aria-live": "polite" });
  const form = h("form", { "aria-labelledby": "questions-title" }, field("Your question", question), ask);

  async function send(text) {
    question.value = text;
    ask.disabled = true;
    replace(result, h("p", { class: "muted", role: "status" }, "Working it out…"));
    try {
      const answer = await api("/nlq", { method: "POST", json: { dataset_id: dataset.id, question: text } });
      replace(result, renderAnswer(answer, send));
    } catch (error) {
      replace(result);
      showError(error);
    } finally {
      ask.disabled = false;
    }
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(question.value);
  });
  return h(
    "section",
    { class: "panel" },
    h("h2", { id: "questions-title" }, "Ask a question about this data"),
    form,
    result,
  );
}

function renderAnswer(answer, ask) {
  const parts = [];
  if (!answer.supported) {
    parts.push(h("div", { class: "notice info", role: "status" }, answer.reason || "That question was not understood."));
  } else {
    parts.push(h("h3", {}, "What was computed"), h("p", { class: "interpretation" }, answer.interpretation));
    const rows = answer.answer?.rows || [];
    const columns = answer.answer?.columns || [];
    if (rows.length === 1 && columns.length === 1) {
      parts.push(h("p", { class: "answer-value" }, formatValue(rows[0][0])));
    } else {
      parts.push(table("Answer", columns, rows.map((row) => row.map(formatValue))));
    }
    if (answer.answer?.truncated) parts.push(h("p", { class: "small muted" }, "Only the first rows of the answer are shown."));
    if (answer.chart) {
      parts.push(
        h(
          "figure",
          { class: "answer-chart" },
          h("img", { src: answer.chart.download_url, alt: `Chart of the answer: ${answer.interpretation}` }),
        ),
      );
    }
  }
  for (const note of answer.notes || []) parts.push(h("p", { class: "small" }, note));
  if (answer.sql) parts.push(h("details", {}, h("summary", {}, "The query that was run"), h("pre", {}, answer.sql)));
  if (answer.examples?.length) {
    parts.push(
      h("p", { class: "small" }, "Questions this dataset can answer:"),
      h(
        "div",
        { class: "examples" },
        answer.examples.map((example) => h("button", { type: "button", class: "secondary", onclick: () => ask(example) }, example)),
      ),
    );
  }
  return parts;
}
