// Admin: the service's numbers, its users (search, disable, make admin) and the run logs.
import { api } from "../api.js";
import { field, formatBytes, formatTime, h, replace, table } from "../dom.js";
import { notify, showError } from "../notices.js";

const PAGE = 50;

export async function adminPage(main, _params, ctx) {
  if (ctx.user?.role !== "admin") {
    replace(main, h("h1", {}, "Admin"), h("div", { class: "notice error", role: "alert" }, "Only administrators can see this page."));
    return;
  }
  const stats = h("div", { "aria-live": "polite" });
  const users = h("div", { "aria-live": "polite" });
  const logs = h("div", { "aria-live": "polite" });

  const search = h("input", { type: "search", name: "q", placeholder: "name or email" });
  const userForm = h("form", { class: "row", role: "search", "aria-label": "User search" }, field("Find users", search, null, "grow-1"), h("button", { type: "submit" }, "Search"));
  const loadUsers = async () => {
    const page = await api("/admin/users", { query: { q: search.value, limit: PAGE }, signal: ctx.signal });
    renderUsers(users, page, ctx.user, loadUsers);
  };
  userForm.addEventListener("submit", (event) => {
    event.preventDefault();
    loadUsers().catch(showError);
  });

  const level = h("select", { name: "level" }, h("option", { value: "" }, "Every level"), ["INFO", "WARNING", "ERROR"].map((l) => h("option", { value: l }, l)));
  const runId = h("input", { type: "text", name: "run_id", placeholder: "a run's id" });
  const logForm = h("form", { class: "row", "aria-label": "Filter logs" }, field("Level", level), field("Run", runId, null, "grow-1"), h("button", { type: "submit" }, "Show logs"));
  const loadLogs = async () => {
    const page = await api("/admin/logs", { query: { level: level.value, run_id: runId.value.trim(), limit: PAGE }, signal: ctx.signal });
    replace(
      logs,
      h("p", { class: "small muted" }, `${page.total.toLocaleString()} lines; the newest ${page.items.length} shown.`),
      table(null, ["Time", "Level", "Run", "Message"], page.items.map((l) => [formatTime(l.timestamp), l.level, h("a", { href: `#/runs/${l.run_id}` }, l.run_id.slice(0, 8)), l.message])),
    );
  };
  logForm.addEventListener("submit", (event) => {
    event.preventDefault();
    loadLogs().catch(showError);
  });

  replace(
    main,
    h("h1", {}, "Admin"),
    h("section", { class: "panel", "aria-labelledby": "stats-title" }, h("h2", { id: "stats-title" }, "The service"), stats),
    h("section", { class: "panel", "aria-labelledby": "users-title" }, h("h2", { id: "users-title" }, "Users"), userForm, users),
    h("section", { class: "panel", "aria-labelledby": "logs-title" }, h("h2", { id: "logs-title" }, "Run logs"), logForm, logs),
  );
  const [numbers] = await Promise.all([api("/admin/stats", { signal: ctx.signal }), loadUsers(), loadLogs()]);
  renderStats(stats, numbers);
}

function renderStats(container, s) {
  const stat = (value, label) => h("div", { class: "stat" }, h("div", { class: "value" }, value), h("div", { class: "label" }, label));
  const byStatus = (counts) => Object.entries(counts.by_status || {}).map(([k, v]) => `${v} ${k.toLowerCase()}`).join(", ") || "none";
  const stored = s.storage.buckets.reduce((sum, b) => sum + (b.bytes || 0), 0);
  replace(
    container,
    h(
      "div",
      { class: "stats" },
      stat(s.users.total, `users (${s.users.admins} admin, ${s.users.disabled} disabled)`),
      stat(s.projects, "projects"),
      stat(s.datasets.total, `datasets: ${byStatus(s.datasets)}`),
      stat(s.runs.total, `runs: ${byStatus(s.runs)}; ${s.runs.last_24h} in the last 24 h`),
      stat(s.models, "models"),
      stat(formatBytes(stored), "stored"),
    ),
    h("p", { class: "small muted" }, `As of ${formatTime(s.generated_at)}. Stored bytes: ${s.storage.source}.`),
  );
}

function renderUsers(container, page, me, reload) {
  const change = async (user, body, done) => {
    try {
      await api(`/admin/users/${user.id}`, { method: "PATCH", json: body });
      notify(`${user.email}: ${done}.`, "ok");
      await reload();
    } catch (error) {
      showError(error);
    }
  };
  replace(
    container,
    h("p", { class: "small muted" }, `${page.total.toLocaleString()} users; ${page.items.length} shown.`),
    table(
      null,
      ["Name", "Email", "Role", "Status", "Joined", ""],
      page.items.map((u) => [
        u.name,
        u.email,
        u.role === "admin" ? h("span", { class: "badge admin" }, "admin") : "user",
        u.disabled ? h("span", { class: "badge FAILED" }, "disabled") : "active",
        formatTime(u.created_at),
        u.id === me?.id
          ? h("span", { class: "small muted" }, "you")
          : h(
              "div",
              { class: "row" },
              h("button", { type: "button", class: u.disabled ? "secondary" : "danger", onclick: () => change(u, { disabled: !u.disabled }, u.disabled ? "enabled" : "disabled") }, u.disabled ? "Enable" : "Disable"),
              h("button", { type: "button", class: "secondary", onclick: () => change(u, { role: u.role === "admin" ? "user" : "admin" }, u.role === "admin" ? "no longer an admin" : "now an admin") }, u.role === "admin" ? "Remove admin" : "Make admin"),
            ),
      ]),
    ),
  );
}
