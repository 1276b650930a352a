// Every call to the UAM API: the token on it, one refresh when it has expired, and every
// refusal turned into the API's own sentence (ApiError.message).
import * as session from "./session.js";

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

// Several calls can find the access token expired at once: they share one refresh, since a
// refresh token works once (the API rotates it).
let refreshing = null;

export async function api(path, { method = "GET", json, form, query, auth = true, signal } = {}) {
  const url = withQuery(path, query);
  const send = () => {
    const headers = {};
    const token = session.current()?.access;
    if (auth && token) headers.Authorization = `Bearer ${token}`;
    let body;
    if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    } else if (form !== undefined) {
      body = form; // FormData: the browser writes the multipart boundary itself
    }
    return request(url, { method, headers, body, signal });
  };
  let response = await send();
  if (response.status === 401 && auth && session.current()?.refresh) {
    if (await refreshTokens()) response = await send();
  }
  return read(response);
}

async function request(url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, "Could not reach the UAM API: check the connection and try again.");
  }
}

export async function refreshTokens() {
  if (!refreshing) {
    refreshing = (async () => {
      const refresh = session.current()?.refresh;
      const response = await request("/auth/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: refresh }),
      });
      if (!response.ok) {
        session.clear();
        window.dispatchEvent(
          new CustomEvent("uam:signed-out", {
            detail: "Your session has expired: sign in again to go on.",
          }),
        );
        return false;
      }
      session.save(await response.json());
      return true;
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function read(response) {
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, messageOf(body, response), body);
  return body;
}

// FastAPI's {"detail": "sentence"}, or its validation list: each problem with where it is.
export function messageOf(body, response) {
  const detail = body?.detail;
  if (typeof detail === "string" && detail) return detail;
  if (Array.isArray(detail) && detail.length) {
    return detail
      .map((problem) => {
        const where = (problem.loc || []).filter((part) => part !== "body").join(" → ");
        return where ? `${where}: ${problem.msg}` : problem.msg;
      })
      .join("; ");
  }
  const retry = response.headers.get("retry-after");
  const base = `The API answered ${response.status} ${response.statusText || ""}`.trim();
  return retry ? `${base}; try again in ${retry} s.` : `${base}.`;
}

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(name, value);
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

// The PDF of a report as a blob: the download route needs the token, which a plain link to it
// cannot carry (and must not carry in its URL).
export async function fetchBlob(path) {
  const send = () =>
    request(path, { headers: { Authorization: `Bearer ${session.current()?.access}` } });
  let response = await send();
  if (response.status === 401 && (await refreshTokens())) response = await send();
  if (!response.ok) await read(response);
  return response.blob();
}
