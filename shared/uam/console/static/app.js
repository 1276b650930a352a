// The console's shell: which page a #/path shows, the navigation bar, signing out.
import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { clearNotices, notifyNext, showError } from "./notices.js";
import * as session from "./session.js";
import { adminPage } from "./pages/admin.js";
import { signInPage, signUpPage } from "./pages/auth.js";
import { datasetPage } from "./pages/dataset.js";
import { predictPage } from "./pages/predict.js";
import { projectPage } from "./pages/project.js";
import { projectsPage } from "./pages/projects.js";
import { runPage } from "./pages/run.js";

const ROUTES = [
  { pattern: /^\/signin$/, page: signInPage, open: true },
  { pattern: /^\/signup$/, page: signUpPage, open: true },
  { pattern: /^\/projects$/, page: projectsPage, nav: "projects" },
  { pattern: /^\/projects\/([\w-]+)$/, page: projectPage, nav: "projects" },
  { pattern: /^\/datasets\/([\w-]+)$/, page: datasetPage, nav: "projects" },
  { pattern: /^\/runs\/([\w-]+)$/, page: runPage, nav: "projects" },
  { pattern: /^\/models\/([\w-]+)\/predict$/, page: predictPage, nav: "projects" },
  { pattern: /^\/admin$/, page: adminPage, nav: "admin" },
];

let pageController = null;

function route() {
  const path = location.hash.replace(/^#/, "") || "/projects";
  const signedIn = Boolean(session.current()?.access);
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find(({ m }) => m);
  if (!match) return go("/projects");
  if (!match.r.open && !signedIn) return go("/signin");
  if (match.r.open && signedIn) return go("/projects");

  pageController?.abort();
  pageController = new AbortController();
  const ctx = pageContext(pageController.signal);
  clearNotices();
  renderNav(match.r.nav);
  const main = document.getElementById("main");
  replace(main, h("p", { class: "muted", role: "status" }, "Loading…"));
  Promise.resolve(match.r.page(main, match.m.slice(1), ctx))
    .catch((error) => {
      if (ctx.signal.aborted) return;
      replace(main, h("h1", {}, "This page could not be shown"));
      showError(error);
    })
    .finally(() => {
      if (ctx.signal.aborted) return;
      const heading = main.querySelector("h1");
      if (heading) document.title = `${heading.textContent} · UAM console`;
    });
  main.focus({ preventScroll: true });
}

// What a page gets: a signal that ends when the person leaves it, and polling that stops then.
function pageContext(signal) {
  return {
    signal,
    user: session.current()?.user,
    go,
    poll(step, everyMs) {
      const tick = async () => {
        if (signal.aborted) return;
        let again = false;
        try {
          again = await step();
        } catch (error) {
          if (!signal.aborted) showError(error);
          again = true;
        }
        if (again && !signal.aborted) setTimeout(tick, everyMs);
      };
      return tick();
    },
  };
}

export function go(path) {
  if (location.hash === `#${path}`) route();
  else location.hash = path;
}

function renderNav(active) {
  const nav = document.getElementById("nav");
  const current = session.current();
  if (!current?.access) {
    replace(nav, h("a", { href: "#/signin" }, "Sign in"), h("a", { href: "#/signup" }, "Create an account"));
    return;
  }
  const user = current.user || {};
  const link = (href, label, name) =>
    h("a", { href, "aria-current": active === name ? "page" : null }, label);
  replace(
    nav,
    link("#/projects", "Projects", "projects"),
    user.role === "admin" ? link("#/admin", "Admin", "admin") : null,
    h("span", { class: "who" }, user.name || user.email || ""),
    h("button", { type: "button", class: "secondary", onclick: signOut }, "Sign out"),
  );
}

function signOut() {
  session.clear();
  notifyNext("You are signed out.", "ok");
  go("/signin");
}

window.addEventListener("uam:signed-out", (event) => {
  notifyNext(event.detail, "error");
  go("/signin");
});
window.addEventListener("hashchange", route);

async function start() {
  // A reloaded tab still has its tokens: check them (and learn the user's role) once.
  if (session.current()?.access) {
    try {
      session.setUser(await api("/auth/me"));
    } catch (error) {
      if (error.status !== 401) showError(error);
    }
  }
  route();
}

start();
