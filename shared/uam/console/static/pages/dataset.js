// One dataset: its status until READY or INVALID, columns, preview, starting a run, questions.
import { api } from "../api.js";
import { badge, cellText, field, formatBytes, formatTime, h, replace, table } from "../dom.js";
import { notifyNext, showError } from "../notices.js";
import { questionsPanel } from "./questions.js";

const TASKS = [
  ["auto", "Detect from the target"],
  ["classification", "Classification"],
  ["regression", "Regression"],
];

export async function datasetPage(main, [datasetId], ctx) {
  const heading = h("h1", {}, "Dataset");
  const summary = h("div", { role: "status", "aria-live": "polite" });
  const body = h("div");
  let project = null;
  let shownStatus = null;

  async function load() {
    const dataset = await api(`/datasets/${datasetId}`, { signal: ctx.signal });
    project ??= await api(`/projects/${dataset.project_id}`, { signal: ctx.signal });
    heading.textContent = dataset.filename;
    document.title = `${dataset.filename} · UAM console`;
    replace(crumbs, h("a", { href: "#/projects" }, "Projects"), " / ", h("a", { href: `#/projects/${project.id}` }, project.name), " /");
    replace(summary, datasetSummary(dataset));
    if (dataset.status !== shownStatus) {
      shownStatus = dataset.status;
      await renderBody(body, dataset, project, ctx);
    }
    return dataset.status !== "READY" && dataset.status !== "INVALID";
  }

  const crumbs = h("p", { class: "crumbs" });
  const remove = h("button", { type: "button", class: "danger" }, "Delete dataset");
  remove.addEventListener("click", async () => {
    if (!confirm(`Delete ${heading.textContent} and its stored files? Runs made from it keep their results.`)) return;
    try {
      await api(`/datasets/${datasetId}`, { method: "DELETE" });
      notifyNext(`${heading.textContent} deleted.`, "ok");
      ctx.go(`/projects/${project.id}`);
    } catch (error) {
      showError(error);
    }
  });
  replace(main, crumbs, h("div", { class: "spread" }, heading, remove), summary, body);
  await ctx.poll(load, 1000);
}

function datasetSummary(d) {
  const parts = [badge(d.status)];
  if (d.rows !== null) parts.push(` ${d.rows.toLocaleString()} rows × ${d.cols} columns`);
  parts.push(` · ${formatBytes(d.size_bytes)} · uploaded ${formatTime(d.uploaded_at)}`);
  const lines = [h("p", { class: "subtitle" }, parts)];
  if (d.status === "INVALID") {
    lines.push(h("div", { class: "notice error", role: "alert" }, `This file could not be used: ${d.error || "no reason was given"}`));
  } else if (d.status !== "READY") {
    lines.push(
      h("p", { class: "muted" }, d.status === "UPLOADING" ? "Waiting for the upload to arrive…" : "Reading the file and profiling its columns…"),
    );
  }
  return lines;
}

async function renderBody(body, dataset, project, ctx) {
  if (dataset.status !== "READY") {
    replace(body);
    return;
  }
  const preview = await api(`/datasets/${dataset.id}/preview`, { query: { rows: 20 }, signal: ctx.signal });
  replace(
    body,
    h("div", { class: "grid-2" }, runPanel(dataset, project, ctx), questionsPanel(dataset)),
    h(
      "section",
      { class: "panel", "aria-labelledby": "columns-title" },
      h("h2", { id: "columns-title" }, "Columns"),
      table(
        null,
        ["Name", "Type", "Missing", "Distinct"],
        dataset.columns.map((c) => [c.name, c.dtype, c.missing.toLocaleString(), c.unique.toLocaleString()]),
        { numeric: [2, 3] },
      ),
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "preview-title" },
      h("h2", { id: "preview-title" }, `First ${preview.first_rows.length} rows`),
      table(null, preview.columns, preview.first_rows.map((row) => preview.columns.map((c) => cellText(row[c])))),
    ),
  );
}

function runPanel(dataset, project, ctx) {
  const target = h(
    "select",
    { name: "target" },
    h("option", { value: "" }, "None: profile and report only"),
    dataset.columns.map((c) => h("option", { value: c.name }, `${c.name} (${c.dtype})`)),
  );
  const task = h("select", { name: "task" }, TASKS.map(([value, label]) => h("option", { value }, label)));
  const budget = h("input", { type: "number", name: "time_budget_s", min: 10, max: 3600, step: 10, value: 60 });
  const submit = h("button", { type: "submit" }, "Start analysis");
  const form = h(
    "form",
    { "aria-labelledby": "run-title" },
    field("Target column", target, "(what to predict)"),
    field("Task", task),
    field("Time budget in seconds", budget, "(10 to 3600)"),
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    const options = { task: task.value, time_budget_s: Number(budget.value) };
    if (target.value) options.target = target.value;
    try {
      const started = await api("/runs/start", {
        method: "POST",
        json: { project_id: project.id, dataset_id: dataset.id, options },
      });
      notifyNext("Analysis started: its stages appear below as they run.", "ok");
      ctx.go(`/runs/${started.run_id}`);
    } catch (error) {
      showError(error);
      submit.disabled = false;
    }
  });
  return h("section", { class: "panel" }, h("h2", { id: "run-title" }, "Start an analysis"), form);
}
