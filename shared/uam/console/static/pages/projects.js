// Projects: list, create, rename, delete.
import { api } from "../api.js";
import { field, formatTime, h, replace } from "../dom.js";
import { notify, showError } from "../notices.js";

export async function projectsPage(main, _params, ctx) {
  const list = h("div", { "aria-live": "polite" });
  const name = h("input", { type: "text", name: "name", required: true, maxlength: 200 });
  const description = h("input", { type: "text", name: "description" });
  const create = h(
    "form",
    { class: "row", "aria-label": "New project" },
    field("Project name", name, null, "grow-1"),
    field("Description", description, "(optional)", "grow-2"),
    h("button", { type: "submit" }, "Create project"),
  );
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const project = await api("/projects", {
        method: "POST",
        json: { name: name.value, description: description.value || null },
      });
      notify(`Project "${project.name}" created.`, "ok");
      create.reset();
      await load();
    } catch (error) {
      showError(error);
    }
  });

  async function load() {
    const projects = await api("/projects", { signal: ctx.signal });
    if (!projects.length) {
      replace(list, h("p", { class: "empty" }, "No projects yet: create one above, then upload a table into it."));
      return;
    }
    replace(
      list,
      h(
        "ul",
        { class: "plain-list", "aria-label": "Your projects" },
        projects.map((project) => projectItem(project, load)),
      ),
    );
  }

  replace(
    main,
    h("h1", {}, "Projects"),
    h("p", { class: "subtitle" }, "A project holds datasets, the analyses run on them and their results."),
    h("section", { class: "panel", "aria-labelledby": "new-project" }, h("h2", { id: "new-project" }, "New project"), create),
    h("section", { class: "panel", "aria-labelledby": "your-projects" }, h("h2", { id: "your-projects" }, "Your projects"), list),
  );
  await load();
}

function projectItem(project, reload) {
  const item = h("li", { class: "project-item" });
  const show = () =>
    replace(
      item,
      h(
        "div",
        { class: "spread" },
        h(
          "div",
          {},
          h("a", { href: `#/projects/${project.id}`, class: "project-name" }, project.name),
          project.description ? h("div", { class: "muted small" }, project.description) : null,
          h("div", { class: "muted small" }, `Created ${formatTime(project.created_at)}`),
        ),
        h(
          "div",
          { class: "row" },
          h("button", { type: "button", class: "secondary", onclick: edit, "aria-label": `Rename ${project.name}` }, "Rename"),
          h("button", { type: "button", class: "danger", onclick: remove, "aria-label": `Delete ${project.name}` }, "Delete"),
        ),
      ),
    );
  const edit = () => {
    const input = h("input", { type: "text", value: project.name, required: true, maxlength: 200 });
    const form = h(
      "form",
      { class: "row", "aria-label": `Rename ${project.name}` },
      field("New name", input, null, "grow-1"),
      h("button", { type: "submit" }, "Save"),
      h("button", { type: "button", class: "secondary", onclick: show }, "Cancel"),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const updated = await api(`/projects/${project.id}`, { method: "PATCH", json: { name: input.value } });
        notify(`Renamed to "${updated.name}".`, "ok");
        await reload();
      } catch (error) {
        showError(error);
      }
    });
    replace(item, form);
    input.focus();
  };
  const remove = async () => {
    if (!confirm(`Delete "${project.name}" with its datasets, runs and results? This cannot be undone.`)) return;
    try {
      await api(`/projects/${project.id}`, { method: "DELETE" });
      notify(`Project "${project.name}" deleted.`, "ok");
      await reload();
    } catch (error) {
      showError(error);
    }
  };
  show();
  return item;
}
