// Messages above the page: errors are announced at once (role=alert), the rest politely.
import { h } from "./dom.js";

const area = () => document.getElementById("notices");
const FADE_MS = 10_000;

export function notify(message, kind = "info") {
  const note = h(
    "div",
    { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" },
    message,
    h("button", { type: "button", class: "link", onclick: () => note.remove() }, "Dismiss"),
  );
  area().append(note);
  // Good news fades after a while; an error stays until it is dismissed or the page changes.
  if (kind !== "error") setTimeout(() => note.remove(), FADE_MS);
  return note;
}

export function showError(error) {
  if (error?.name === "AbortError") return null;
  return notify(error?.message || String(error), "error");
}

// A message for the next page (the one a navigation is about to show), e.g. "signed out".
const carried = [];
export function notifyNext(message, kind = "info") {
  carried.push([message, kind]);
}

export function clearNotices() {
  area().replaceChildren();
  for (const [message, kind] of carried.splice(0)) notify(message, kind);
}
