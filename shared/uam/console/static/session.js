// Who is signed in. Tokens live in sessionStorage: they survive a reload of this tab and are
// gone when it closes; they never go into a URL, a log or localStorage.

const KEY = "uam.session";

export function current() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY)) || null;
  } catch {
    return null;
  }
}

export function save(pair) {
  const previous = current() || {};
  sessionStorage.setItem(
    KEY,
    JSON.stringify({
      access: pair.access_token,
      refresh: pair.refresh_token,
      user: pair.user || previous.user || null,
    }),
  );
}

export function setUser(user) {
  const session = current();
  if (session) sessionStorage.setItem(KEY, JSON.stringify({ ...session, user }));
}

export function clear() {
  sessionStorage.removeItem(KEY);
}
