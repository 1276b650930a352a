// Building the page from data, always as text: no string of data ever becomes HTML.

const URL_ATTRIBUTES = new Set(["href", "src"]);

// h("a", {href, class}, "text", child...): an element whose children are nodes or text.
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") el.className = value;
    else if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name === "value") el.value = value;
    else if (URL_ATTRIBUTES.has(name)) el.setAttribute(name, safeUrl(value));
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

// Links from the API are http(s) presigned URLs or our own paths; anything else (javascript:,
// data:) is dropped rather than put in an attribute.
export function safeUrl(value) {
  const text = String(value);
  if (text.startsWith("#") || text.startsWith("/")) return text;
  try {
    const url = new URL(text, location.href);
    if (["http:", "https:", "blob:"].includes(url.protocol)) return url.href;
  } catch {
    // not a URL at all
  }
  return "#";
}

let uniqueCounter = 0;
export function uniqueId(prefix) {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}

// A labelled form control: the label's `for` always matches the control's id.
export function field(labelText, control, hint, extraClass = "") {
  if (!control.id) control.id = uniqueId("field");
  const label = h("label", { for: control.id }, labelText);
  if (hint) label.append(" ", h("span", { class: "hint" }, hint));
  return h("div", { class: `field ${extraClass}`.trim() }, label, control);
}

export function badge(status) {
  return h("span", { class: `badge ${status}` }, status);
}

export function table(caption, headers, rows, { numeric = [] } = {}) {
  const head = h(
    "tr",
    {},
    headers.map((title, i) => h("th", { scope: "col", class: numeric.includes(i) ? "num" : null }, title)),
  );
  const body = rows.map((cells) =>
    h(
      "tr",
      {},
      cells.map((cell, i) => h("td", { class: numeric.includes(i) ? "num" : null }, cell)),
    ),
  );
  return h(
    "div",
    { class: "scroll" },
    h("table", {}, caption ? h("caption", {}, caption) : null, h("thead", {}, head), h("tbody", {}, body)),
  );
}

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return "";
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatTime(iso) {
  if (!iso) return "";
  const when = new Date(iso);
  return when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatNumber(value, digits = 4) {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value !== "number") return String(value);
  return Number.isInteger(value) ? value.toLocaleString() : value.toFixed(digits);
}

// A score always with the same number of decimals, so a column of them lines up (1 is 1.0000).
export function formatScore(value, digits = 4) {
  return typeof value === "number" ? value.toFixed(digits) : "";
}

// A computed number rounded for reading; integers and text stay as they are.
export function formatValue(value) {
  if (typeof value === "number" && !Number.isInteger(value)) {
    return value.toLocaleString(undefined, { maximumFractionDigits: 4 });
  }
  return cellText(value);
}

// A cell's value as a person reads it: missing values say so.
export function cellText(value) {
  if (value === null || value === undefined) return "(missing)";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
