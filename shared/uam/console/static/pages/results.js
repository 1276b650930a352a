// What a finished run made: data-quality alerts, the leaderboard, the charts, the PDF report
// and every stored file with its download link.
import { api, fetchBlob } from "../api.js";
import { formatBytes, formatNumber, formatScore, formatTime, h, table } from "../dom.js";
import { showError } from "../notices.js";

const SEVERITY_ORDER = { critical: 0, error: 0, warning: 1, info: 2 };

export async function resultsSections(run, dataset, ctx) {
  const [artifacts, models] = await Promise.all([
    api(`/runs/${run.id}/artifacts`, { signal: ctx.signal }),
    run.options?.target ? api("/models", { query: { run_id: run.id }, signal: ctx.signal }) : [],
  ]);
  const byType = (type) => artifacts.filter((a) => a.type === type);
  const report = byType("report")[0];
  return [
    await qualitySection(byType("eda")[0]),
    models.length ? leaderboardSection(models, report) : null,
    chartsSection(byType("chart")),
    report ? reportSection(report) : null,
    artifactsSection(artifacts),
  ];
}

async function qualitySection(profileArtifact) {
  const section = h("section", { class: "panel", "aria-labelledby": "quality-title" }, h("h2", { id: "quality-title" }, "Data quality"));
  if (!profileArtifact) {
    section.append(h("p", { class: "empty" }, "This run stored no profile."));
    return section;
  }
  let profile;
  try {
    // A presigned link to S3: a cross-origin read the artifacts bucket's CORS allows.
    const response = await fetch(profileArtifact.download_url);
    if (!response.ok) throw new Error(`storage answered ${response.status}`);
    profile = await response.json();
  } catch (error) {
    section.append(h("div", { class: "notice error", role: "alert" }, `The profile could not be read: ${error.message}.`));
    return section;
  }
  const alerts = [...(profile.alerts || [])].sort(
    (a, b) => (SEVERITY_ORDER[a.severity] ?? 2) - (SEVERITY_ORDER[b.severity] ?? 2),
  );
  section.append(
    h(
      "p",
      {},
      `${profile.rows.toLocaleString()} rows × ${profile.columns} columns; ${profile.missing_cells.toLocaleString()} cells missing (${profile.missing_cells_pct}%); ${profile.duplicate_rows.toLocaleString()} duplicate rows.`,
      profile.sample?.rows ? ` Statistics from a sample of ${profile.sample.rows.toLocaleString()} rows.` : "",
    ),
  );
  if (!alerts.length) {
    section.append(h("p", { class: "ok-line" }, "No alerts: no constant, ID-like, mostly missing or skewed columns, near-duplicate columns, duplicate rows or target leakage were found."));
  } else {
    section.append(
      h(
        "ul",
        { class: "alerts", "aria-label": "Alerts, most severe first" },
        alerts.map((alert) => {
          const severity = alert.severity in SEVERITY_ORDER ? alert.severity : "info";
          return h("li", { class: severity }, h("span", { class: "sev" }, severity), alert.message || alert.type);
        }),
      ),
    );
  }
  const excluded = Object.entries(profile.excluded_from_training || {});
  if (excluded.length) {
    section.append(h("p", { class: "small" }, "Left out of training: ", excluded.map(([name, why]) => `${name} (${why.replaceAll("_", " ")})`).join(", ")));
  }
  return section;
}

function leaderboardSection(models, report) {
  const metric = models[0].metrics?.primary_metric || report?.metadata?.metric || "score";
  const ranked = [...models].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  const rows = ranked.map((m) => [
    m.rank ?? "",
    m.name,
    formatScore(m.metrics?.cv?.score),
    formatScore(m.metrics?.holdout?.[metric]),
    m.metrics?.fit_seconds !== undefined ? `${m.metrics.fit_seconds} s` : "",
    h("a", { href: `#/models/${m.id}/predict`, "aria-label": `Predict with ${m.name}` }, "Predict"),
  ]);
  const baseline = report?.metadata?.baseline_score;
  if (baseline !== undefined && baseline !== null) {
    const guess = metric === "r2" || metric === "rmse" || metric === "mae" ? "always the mean" : "always the most frequent class";
    rows.push(["–", `baseline (${guess})`, "", formatScore(baseline), "", ""]);
  }
  return h(
    "section",
    { class: "panel", "aria-labelledby": "leaderboard-title" },
    h("h2", { id: "leaderboard-title" }, "Leaderboard"),
    h("p", { class: "small muted" }, `Ranked by cross-validated ${metric} on the training rows; holdout is scored on rows no model was trained on.`),
    table(null, ["Rank", "Model", `Cross-validated ${metric}`, `Holdout ${metric}`, "Fit time", ""], rows, { numeric: [0, 2, 3, 4] }),
  );
}

function chartsSection(charts) {
  const viewer = h("dialog", { class: "viewer", "aria-labelledby": "viewer-title" });
  const open = (chart) => {
    viewer.replaceChildren(
      h(
        "div",
        { class: "spread" },
        h("h2", { id: "viewer-title" }, chart.metadata?.title || chart.filename),
        h("div", { class: "row" }, h("a", { href: chart.download_url, class: "button secondary", download: chart.filename }, "Download PNG"), h("button", { type: "button", onclick: () => viewer.close() }, "Close")),
      ),
      h("img", { src: chart.download_url, alt: chart.metadata?.title || chart.filename }),
    );
    viewer.showModal();
  };
  return h(
    "section",
    { class: "panel", "aria-labelledby": "charts-title" },
    h("h2", { id: "charts-title" }, `Charts (${charts.length})`),
    charts.length
      ? h(
          "div",
          { class: "gallery" },
          charts.map((chart) => {
            const title = chart.metadata?.title || chart.filename;
            return h(
              "figure",
              {},
              h("button", { type: "button", onclick: () => open(chart), "aria-label": `Open chart: ${title}` }, h("img", { src: chart.download_url, alt: title, loading: "lazy" })),
              h("figcaption", {}, title),
            );
          }),
        )
      : h("p", { class: "empty" }, "This run drew no charts."),
    viewer,
  );
}

function reportSection(report) {
  const meta = report.metadata || {};
  const openButton = h("button", { type: "button" }, "Open report");
  openButton.addEventListener("click", async () => {
    // Open the tab within the click (popup blockers), then give it the PDF.
    const tab = window.open("", "_blank");
    openButton.disabled = true;
    try {
      const pdf = await fetchBlob(`/reports/${report.id}/download?inline=1`);
      const url = URL.createObjectURL(pdf);
      if (tab) tab.location.href = url;
      else location.assign(url);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      tab?.close();
      showError(error);
    } finally {
      openButton.disabled = false;
    }
  });
  const summary = [];
  if (meta.pages) summary.push(`${meta.pages} pages`);
  if (meta.best_model) summary.push(`best model ${meta.best_model} (holdout ${meta.metric} ${formatScore(meta.holdout_score)})`);
  summary.push(formatBytes(report.size_bytes));
  return h(
    "section",
    { class: "panel", "aria-labelledby": "report-title" },
    h("h2", { id: "report-title" }, "Report"),
    h("p", {}, `PDF: ${summary.join(" · ")}.`),
    h("div", { class: "row" }, openButton, h("a", { href: report.download_url, class: "button secondary", download: report.filename }, "Download PDF")),
  );
}

function artifactsSection(artifacts) {
  return h(
    "section",
    { class: "panel", "aria-labelledby": "artifacts-title" },
    h("h2", { id: "artifacts-title" }, `Stored files (${artifacts.length})`),
    h("p", { class: "small muted" }, "Download links are valid for 15 minutes; reload the page for fresh ones."),
    table(
      null,
      ["Type", "File", "Size", "Made"],
      artifacts.map((a) => [a.type, h("a", { href: a.download_url, download: a.filename }, a.filename), formatBytes(a.size_bytes), formatTime(a.created_at)]),
      { numeric: [2] },
    ),
  );
}
