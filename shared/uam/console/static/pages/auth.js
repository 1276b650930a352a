// Sign in and create an account: on success the token pair is kept for this tab.
import { api } from "../api.js";
import { field, h, replace } from "../dom.js";
import { notifyNext, showError } from "../notices.js";
import * as session from "../session.js";

export function signInPage(main, _params, ctx) {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input", {
    type: "password",
    name: "password",
    autocomplete: "current-password",
    required: true,
  });
  const form = h(
    "form",
    { class: "panel", "aria-labelledby": "signin-title" },
    field("Email", email),
    field("Password", password),
    h("button", { type: "submit" }, "Sign in"),
  );
  form.addEventListener("submit", (event) =>
    submit(event, form, ctx, "/auth/login", { email: email.value, password: password.value }),
  );
  replace(
    main,
    h(
      "div",
      { class: "auth-box" },
      h("h1", { id: "signin-title" }, "Sign in"),
      h("p", { class: "subtitle" }, "Upload a table, get a profile, models, a report and answers."),
      form,
      h("p", {}, "New here? ", h("a", { href: "#/signup" }, "Create an account")),
    ),
  );
  email.focus();
}

export function signUpPage(main, _params, ctx) {
  const name = h("input", { type: "text", name: "name", autocomplete: "name", required: true });
  const email = h("input", { type: "email", name: "email", autocomplete: "email", required: true });
  const password = h("input", {
    type: "password",
    name: "password",
    autocomplete: "new-password",
    required: true,
  });
  const form = h(
    "form",
    { class: "panel", "aria-labelledby": "signup-title" },
    field("Name", name),
    field("Email", email),
    field("Password", password, "(at least 8 characters)"),
    h("button", { type: "submit" }, "Create account"),
  );
  form.addEventListener("submit", (event) =>
    submit(event, form, ctx, "/auth/register", {
      name: name.value,
      email: email.value,
      password: password.value,
    }),
  );
  replace(
    main,
    h(
      "div",
      { class: "auth-box" },
      h("h1", { id: "signup-title" }, "Create an account"),
      form,
      h("p", {}, "Already have one? ", h("a", { href: "#/signin" }, "Sign in")),
    ),
  );
  name.focus();
}

async function submit(event, form, ctx, path, body) {
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const pair = await api(path, { method: "POST", json: body, auth: false });
    session.save(pair);
    notifyNext(`Signed in as ${pair.user.name}.`, "ok");
    ctx.go("/projects");
  } catch (error) {
    showError(error);
    button.disabled = false;
  }
}
