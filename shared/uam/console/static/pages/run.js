// One run: a live stage timeline with progress and log, cancel; its results once it succeeds.
import { api } from "../api.js";
import { badge, formatTime, h, replace } from "../dom.js";
import { notify, showError } from "../notices.js";
import { resultsSections } from "./results.js";

const STAGES = [
  ["preprocess", "Prepare the data"],
  ["eda", "Profile and charts"],
  ["train", "Train and compare models"],
  ["report", "Write the report"],
  ["finalize", "Finish"],
];
const FINISHED = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);
// The stage names an error can start with ("select_model failed: ...") and whose step they are.
const STAGE_OF = { preprocess: "preprocess", eda: "eda", train: "train", train_candidate: "train", select_model: "train", select: "train", report: "report", finalize: "finalize" };

export async function runPage(main, [runId], ctx) {
  const run = (await api("/runs", { signal: ctx.signal })).find((r) => r.id === runId);
  if (!run) throw new Error("No such run: it was deleted, or it belongs to another account.");
  const dataset = run.dataset_id ? await api(`/datasets/${run.dataset_id}`, { signal: ctx.signal }).catch(() => null) : null;
  const project = await api(`/projects/${run.project_id}`, { signal: ctx.signal });
  const target = run.options?.target;

  const statusLine = h("p", { class: "subtitle", role: "status", "aria-live": "polite" });
  const timeline = h("ol", { class: "timeline", "aria-label": "Stages" });
  const progress = h("progress", { max: 100, value: 0, "aria-label": "Run progress" });
  const progressText = h("span", { class: "small" });
  const errorBox = h("div");
  const cancel = h("button", { type: "button", class: "danger" }, "Cancel run");
  const log = h("ol", { class: "log", role: "log", "aria-label": "Run log" });
  const results = h("div");
  let lastStage = null;

  cancel.addEventListener("click", async () => {
    cancel.disabled = true;
    try {
      await api(`/runs/${runId}/cancel`, { method: "POST" });
      notify("The run is being cancelled.", "info");
    } catch (error) {
      showError(error);
      cancel.disabled = false;
    }
  });

  replace(
    main,
    h(
      "p",
      { class: "crumbs" },
      h("a", { href: "#/projects" }, "Projects"),
      " / ",
      h("a", { href: `#/projects/${project.id}` }, project.name),
      " / ",
      dataset ? h("a", { href: `#/datasets/${dataset.id}` }, dataset.filename) : "(deleted dataset)",
      ` / run ${runId.slice(0, 8)}`,
    ),
    h("h1", {}, target ? `Predicting ${target}` : "Profile of the data"),
    statusLine,
    h(
      "section",
      { class: "panel", "aria-labelledby": "progress-title" },
      h("div", { class: "spread" }, h("h2", { id: "progress-title" }, "Progress"), cancel),
      timeline,
      h("div", { class: "progress-line" }, progress, progressText),
      errorBox,
      h("details", { class: "log-box", open: true }, h("summary", {}, "Log"), log),
    ),
    results,
  );

  const follow = async () => {
    const status = await api(`/runs/${runId}/status`, { signal: ctx.signal });
    if (status.current_task) lastStage = STAGE_OF[status.current_task] || lastStage;
    const done = FINISHED.has(status.status);
    replace(
      statusLine,
      badge(status.status),
      ` ${run.options?.task && run.options.task !== "auto" ? run.options.task : ""}`,
      status.started_at ? ` started ${formatTime(status.started_at)}` : done ? " before it started" : " queued",
      status.finished_at ? `, ended ${formatTime(status.finished_at)}` : "",
      status.started_at && status.finished_at ? ` (${seconds(status.started_at, status.finished_at)})` : "",
    );
    replace(timeline, stageItems(status, lastStage, Boolean(target)));
    progress.value = status.progress;
    progressText.textContent = `${status.progress}%${status.current_task ? ` · ${labelOf(status.current_task)}` : ""}`;
    replace(
      errorBox,
      status.error ? h("div", { class: "notice error", role: "alert" }, `${status.status === "CANCELLED" ? "Cancelled" : "Failed"}: ${status.error}`) : null,
    );
    if (status.status === "CANCELLED" && !status.error) {
      replace(errorBox, h("div", { class: "notice info", role: "status" }, "This run was cancelled: nothing more will be computed."));
    }
    cancel.hidden = done;
    const wasAtBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    replace(
      log,
      status.logs.map((line) =>
        h("li", { class: line.level }, h("time", { datetime: line.timestamp }, new Date(line.timestamp).toLocaleTimeString()), `${line.level === "INFO" ? "" : `${line.level}: `}${line.message}`),
      ),
    );
    if (wasAtBottom) log.scrollTop = log.scrollHeight;
    if (done && status.status === "SUCCEEDED") {
      replace(results, h("p", { class: "muted", role: "status" }, "Loading the results…"));
      replace(results, await resultsSections(run, dataset, ctx));
    }
    return !done;
  };
  await ctx.poll(follow, 1500);
}

function stageItems(status, lastStage, hasTarget) {
  const order = STAGES.map(([name]) => name);
  let reached = order.indexOf(STAGE_OF[status.current_task] || lastStage || "");
  if (status.status === "FAILED" && status.error) {
    const named = STAGE_OF[/^(\w+) failed/.exec(status.error)?.[1]];
    if (named) reached = order.indexOf(named);
  }
  return STAGES.map(([name, label], i) => {
    let state;
    if (name === "train" && !hasTarget) state = "skipped";
    else if (status.status === "SUCCEEDED") state = "done";
    else if (status.status === "FAILED" && i === reached) state = "failed";
    else if (i < reached) state = "done";
    else if (i === reached && status.status === "RUNNING") state = "current";
    else state = "waiting";
    const words = { done: "done", failed: "failed here", current: "running", skipped: "skipped: no target", waiting: status.status === "CANCELLED" || status.status === "FAILED" ? "not run" : "waiting" };
    return h("li", { class: state, "aria-current": state === "current" ? "step" : null }, label, h("span", { class: "state" }, words[state]));
  });
}

function labelOf(task) {
  return STAGES.find(([name]) => name === STAGE_OF[task])?.[1] || task;
}

function seconds(from, to) {
  const total = Math.round((new Date(to) - new Date(from)) / 1000);
  return total < 90 ? `${total} s` : `${Math.floor(total / 60)} min ${total % 60} s`;
}
