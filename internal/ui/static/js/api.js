// api.js: every call of the admin API, same-origin, with the admin token
// when the server asks for one (a 401 shows the token form and retries).

const TOKEN_KEY = "wxmock-admin-token";
const TOKEN_HEADER = "X-Wxmock-Admin-Token";
const BASE = "/__wxmock";

let waiting = null; // the promise of the token form while it is shown

// ApiError is an admin call that answered an error: status and message.
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function askToken(wrong) {
  if (waiting) return waiting;
  const form = document.getElementById("token-form");
  const input = document.getElementById("token-input");
  document.getElementById("token-why").textContent = wrong
    ? "The admin token was refused; enter it again."
    : "This wxmock wants its admin token (-admin-token).";
  form.hidden = false;
  input.value = "";
  input.focus();
  waiting = new Promise((resolve) => {
    form.addEventListener("submit", function done(ev) {
      ev.preventDefault();
      form.removeEventListener("submit", done);
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      form.hidden = true;
      waiting = null;
      resolve();
    });
  });
  return waiting;
}

// call sends one admin call and returns its decoded JSON answer; body, when
// given, is sent as JSON.
export async function call(method, path, body) {
  for (;;) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers[TOKEN_HEADER] = token;
    const init = { method, headers, credentials: "same-origin", cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const res = await fetch(BASE + path, init);
    if (res.status === 401) {
      await askToken(Boolean(token));
      continue;
    }
    let data;
    try {
      data = await res.json();
    } catch {
      throw new ApiError(res.status, `${method} ${path}: ${res.status}, not JSON`);
    }
    if (!res.ok) throw new ApiError(res.status, data.error || `${method} ${path}: ${res.status}`);
    return data;
  }
}

export const get = (path) => call("GET", path);
export const post = (path, body) => call("POST", path, body ?? {});
export const del = (path) => call("DELETE", path);

// forgetToken drops the kept token.
export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}
