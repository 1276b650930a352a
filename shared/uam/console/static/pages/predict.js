// Predictions with one model: a form made from its feature schema, or a CSV file; every
// refusal names the row and column, every unusual value is flagged on its row.
import { api } from "../api.js";
import { cellText, field, formatNumber, h, replace, table } from "../dom.js";
import { showError } from "../notices.js";

const NUMERIC = new Set(["float", "integer", "numeric"]);

export async function predictPage(main, [modelId], ctx) {
  const model = await api(`/models/${modelId}`, { signal: ctx.signal });
  const run = (await api("/runs", { signal: ctx.signal })).find((r) => r.id === model.run_id);
  const example = await exampleRow(run, model, ctx);
  const result = h("div", { "aria-live": "polite" });

  const inputs = model.features.map((feature) => [feature, inputFor(feature, example?.[feature.name])]);
  const rowForm = h(
    "form",
    { "aria-labelledby": "row-title" },
    h("div", { class: "form-grid" }, inputs.map(([feature, input]) => field(feature.name, input, `(${feature.dtype})`))),
    h("p", { class: "small muted" }, example ? "Filled in from the first row of the dataset; change any value. Leave a field empty when the value is unknown." : "Leave a field empty when the value is unknown."),
    h("button", { type: "submit" }, "Predict"),
  );
  rowForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const row = Object.fromEntries(inputs.map(([feature, input]) => [feature.name, valueOf(feature, input)]));
    await predict(result, modelId, { json: { rows: [row] } }, [row]);
  });

  const file = h("input", { type: "file", name: "file", accept: ".csv,text/csv", required: true });
  const fileForm = h("form", { "aria-labelledby": "file-title" }, field("CSV file with the feature columns", file), h("button", { type: "submit" }, "Predict for the file"));
  fileForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!file.files[0]) return;
    const form = new FormData();
    form.append("file", file.files[0]);
    await predict(result, modelId, { form }, null);
  });

  replace(
    main,
    h("p", { class: "crumbs" }, h("a", { href: "#/projects" }, "Projects"), " / ", run ? h("a", { href: `#/runs/${run.id}` }, `Run ${run.id.slice(0, 8)}`) : "run", " /"),
    h("h1", {}, `Predict ${model.target} with ${model.name}`),
    h("p", { class: "subtitle" }, `${model.task} model, rank ${model.rank ?? "–"} of its run; ${model.features.length} input columns.`),
    h(
      "div",
      { class: "grid-2" },
      h("section", { class: "panel" }, h("h2", { id: "row-title" }, "One row"), rowForm),
      h("section", { class: "panel" }, h("h2", { id: "file-title" }, "Many rows from a file"), fileForm, h("p", { class: "small muted" }, "The first line names the columns; extra columns are ignored and listed.")),
    ),
    h("section", { class: "panel", "aria-labelledby": "prediction-title" }, h("h2", { id: "prediction-title" }, "Prediction"), result),
  );
}

async function exampleRow(run, model, ctx) {
  if (!run?.dataset_id) return null;
  try {
    const preview = await api(`/datasets/${run.dataset_id}/preview`, { query: { rows: 1 }, signal: ctx.signal });
    return preview.first_rows[0] || null;
  } catch {
    return null; // the dataset was deleted: the form starts empty
  }
}

function inputFor(feature, example) {
  const value = example === null || example === undefined ? "" : String(example);
  if (feature.dtype === "boolean") {
    return h("select", { name: feature.name }, ["", "true", "false"].map((v) => h("option", { value: v, selected: v === value.toLowerCase() }, v || "(unknown)")));
  }
  if (NUMERIC.has(feature.dtype)) return h("input", { type: "number", step: "any", name: feature.name, value });
  return h("input", { type: "text", name: feature.name, value });
}

function valueOf(feature, input) {
  const raw = input.value.trim();
  if (raw === "") return null;
  if (NUMERIC.has(feature.dtype)) return Number(raw);
  if (feature.dtype === "boolean") return raw === "true";
  return raw;
}

async function predict(result, modelId, body, rowsSent) {
  replace(result, h("p", { class: "muted", role: "status" }, "Predicting…"));
  try {
    const answer = await api(`/models/${modelId}/predict`, { method: "POST", ...body });
    replace(result, renderAnswer(answer, rowsSent));
  } catch (error) {
    const problems = error.body?.errors || [];
    replace(
      result,
      h("div", { class: "notice error", role: "alert" }, error.message),
      problems.length > 1 ? h("ul", {}, problems.map((p) => h("li", {}, p.message || JSON.stringify(p)))) : null,
    );
    if (error.status !== 422) showError(error);
  }
}

function renderAnswer(answer, rowsSent) {
  const parts = [];
  for (const warning of answer.warnings || []) parts.push(h("div", { class: "notice info", role: "status" }, warning));
  const flagsByRow = new Map();
  for (const flag of answer.flags || []) {
    if (!flagsByRow.has(flag.row)) flagsByRow.set(flag.row, []);
    flagsByRow.get(flag.row).push(flag);
  }
  if (answer.predictions.length === 1) {
    parts.push(h("p", {}, `Predicted ${answer.target}: `, h("span", { class: "answer-value prediction-value" }, cellText(answer.predictions[0]))));
    const probabilities = answer.probabilities?.[0];
    if (probabilities) parts.push(probabilityBars(probabilities));
    for (const flag of flagsByRow.get(1) || []) {
      parts.push(h("p", { class: "small flag" }, `Note on ${flag.column}: ${flag.message}`));
    }
  } else {
    parts.push(
      table(
        `${answer.predictions.length} predictions`,
        ["Row", answer.target, "Probability", "Notes"],
        answer.predictions.map((prediction, i) => {
          const probabilities = answer.probabilities?.[i];
          const top = probabilities ? Math.max(...Object.values(probabilities)) : null;
          const rowNumber = i + 1; // the API numbers rows from 1, as in its messages
          return [rowNumber, cellText(prediction), top === null ? "" : formatNumber(top, 3), (flagsByRow.get(rowNumber) || []).map((f) => `${f.column}: ${f.message}`).join("; ")];
        }),
        { numeric: [0, 2] },
      ),
    );
  }
  parts.push(h("p", { class: "small muted" }, `Kept with the run's files as prediction ${answer.artifact_id.slice(0, 8)}.`));
  if (rowsSent) parts.push(h("details", {}, h("summary", {}, "The row sent"), h("pre", {}, JSON.stringify(rowsSent[0], null, 2))));
  return parts;
}

function probabilityBars(probabilities) {
  const ranked = Object.entries(probabilities).sort((a, b) => b[1] - a[1]);
  return h(
    "ul",
    { class: "bars", "aria-label": "Probability of each class" },
    ranked.map(([label, p]) => {
      const bar = h("span", { class: "bar", role: "presentation" });
      bar.style.width = `${Math.max(1, Math.round(p * 100))}%`;
      return h("li", {}, h("span", {}, label), h("span", { class: "track" }, bar), h("span", { class: "num" }, `${(p * 100).toFixed(1)}%`));
    }),
  );
}
