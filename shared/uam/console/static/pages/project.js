// One project: upload datasets into it, its datasets and its runs.
import { api } from "../api.js";
import { badge, formatBytes, formatTime, h, replace, table } from "../dom.js";
import { notify, showError } from "../notices.js";
import { uploadDataset } from "../upload.js";

const SETTLED = new Set(["READY", "INVALID"]);
const FINISHED = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

export async function projectPage(main, [projectId], ctx) {
  const project = await api(`/projects/${projectId}`, { signal: ctx.signal });
  const datasets = h("div", { "aria-live": "polite" });
  const runs = h("div", { "aria-live": "polite" });
  let watching = false;

  async function refresh() {
    const [datasetList, runList] = await Promise.all([
      api("/datasets", { query: { project_id: projectId }, signal: ctx.signal }),
      api("/runs", { query: { project_id: projectId }, signal: ctx.signal }),
    ]);
    renderDatasets(datasets, datasetList);
    renderRuns(runs, runList, datasetList);
    return datasetList.some((d) => !SETTLED.has(d.status)) || runList.some((r) => !FINISHED.has(r.status));
  }
  // While anything is being processed or run, the lists follow it.
  async function watch() {
    if (watching) return;
    watching = true;
    await ctx.poll(refresh, 2000);
    watching = false;
  }

  replace(
    main,
    h("p", { class: "crumbs" }, h("a", { href: "#/projects" }, "Projects"), " / "),
    h("h1", {}, project.name),
    project.description ? h("p", { class: "subtitle" }, project.description) : null,
    uploadPanel(projectId, ctx, watch),
    h("section", { class: "panel", "aria-labelledby": "datasets-title" }, h("h2", { id: "datasets-title" }, "Datasets"), datasets),
    h("section", { class: "panel", "aria-labelledby": "runs-title" }, h("h2", { id: "runs-title" }, "Analysis runs"), runs),
  );
  await watch();
}

function uploadPanel(projectId, ctx, watch) {
  const input = h("input", {
    type: "file",
    id: "dataset-file",
    class: "visually-hidden",
    accept: ".csv,.tsv,.txt,.json,.jsonl,.parquet,.xlsx,.gz",
  });
  const zone = h(
    "label",
    { for: "dataset-file", class: "dropzone" },
    h("strong", {}, "Choose a file"),
    " or drop it here: CSV, TSV, JSON lines, Parquet or Excel (.xlsx), optionally gzipped",
  );
  const progress = h("progress", { max: 100, value: 0, "aria-label": "Upload progress" });
  const progressText = h("span", { class: "small" });
  const status = h("div", { class: "progress-line", hidden: true }, progress, progressText);

  async function send(file) {
    status.hidden = false;
    progress.value = 0;
    progressText.textContent = `Uploading ${file.name}…`;
    try {
      await uploadDataset(projectId, file, (loaded, total) => {
        progress.value = Math.round((loaded / total) * 100);
        progressText.textContent = `${file.name}: ${formatBytes(loaded)} of ${formatBytes(total)}`;
      });
      progress.value = 100;
      progressText.textContent = `${file.name} uploaded; it is being checked and profiled.`;
      notify(`${file.name} uploaded: it is being read; its status below says when it is ready.`, "ok");
      watch();
    } catch (error) {
      progressText.textContent = `${file.name} was not uploaded.`;
      showError(error);
    } finally {
      input.value = "";
    }
  }
  input.addEventListener("change", () => input.files[0] && send(input.files[0]));
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const file = event.dataTransfer.files[0];
    if (file) send(file);
  });
  return h(
    "section",
    { class: "panel", "aria-labelledby": "upload-title" },
    h("h2", { id: "upload-title" }, "Upload a dataset"),
    input,
    zone,
    status,
  );
}

function renderDatasets(container, list) {
  if (!list.length) {
    replace(container, h("p", { class: "empty" }, "No datasets yet: upload a table above."));
    return;
  }
  replace(
    container,
    table(
      null,
      ["File", "Status", "Rows", "Columns", "Size", "Uploaded"],
      list.map((d) => [
        h("a", { href: `#/datasets/${d.id}` }, d.filename),
        [badge(d.status), d.error ? h("div", { class: "small" }, d.error) : null],
        d.rows?.toLocaleString() ?? "",
        d.cols ?? "",
        formatBytes(d.size_bytes),
        formatTime(d.uploaded_at),
      ]),
      { numeric: [2, 3, 4] },
    ),
  );
}

function renderRuns(container, list, datasets) {
  if (!list.length) {
    replace(container, h("p", { class: "empty" }, "No runs yet: open a READY dataset to start an analysis."));
    return;
  }
  const names = new Map(datasets.map((d) => [d.id, d.filename]));
  replace(
    container,
    table(
      null,
      ["Run", "Dataset", "Target", "Status", "Progress", "Started"],
      list.map((r) => [
        h("a", { href: `#/runs/${r.id}` }, `Run ${r.id.slice(0, 8)}`),
        names.get(r.dataset_id) || "(deleted)",
        r.options?.target || "(profile only)",
        [badge(r.status), r.error ? h("div", { class: "small" }, r.error) : null],
        `${r.progress}%`,
        formatTime(r.started_at || r.created_at),
      ]),
      { numeric: [4] },
    ),
  );
}
