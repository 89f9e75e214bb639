// The Kizuna API from the pages: a bearer token kept in sessionStorage, JSON in and out.
const TOKEN = "kizuna.token";
export const API = "/api/v1";
export function token() { return sessionStorage.getItem(TOKEN); }
export async function login(username, password) {
  const r = await fetch(`${API}/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }) });
  if (!r.ok) throw new Error((await r.json()).detail || r.statusText);
  const body = await r.json();
  sessionStorage.setItem(TOKEN, body.access_token);
  return body;
}
export function logout() { sessionStorage.removeItem(TOKEN); location.href = "/"; }
export async function call(path, { method = "GET", body } = {}) {
  const headers = { Authorization: `Bearer ${token()}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401) { logout(); throw new Error("signed out"); }
  const data = await r.json().catch(() => ({}));
  if (!r.ok) { const e = new Error(data.detail || r.statusText); e.status = r.status; throw e; }
  return data;
}
// Server-sent events over fetch, so the token stays in a header; reconnects with Last-Event-ID.
export function stream(path, onEvent) {
  let last = null, stopped = false;
  async function run() {
    while (!stopped) {
      try {
        const headers = { Authorization: `Bearer ${token()}` };
        if (last) headers["Last-Event-ID"] = last;
        const r = await fetch(`${API}${path}`, { headers });
        const reader = r.body.getReader(); const dec = new TextDecoder(); let buf = "";
        for (;;) {
          const { value, done } = await reader.read(); if (done) break;
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const chunk = buf.slice(0, i); buf = buf.slice(i + 2);
            const ev = { event: "message", data: "" };
            for (const line of chunk.split("\n")) {
              const [k, ...rest] = line.split(":"); const v = rest.join(":").trimStart();
              if (k === "id") last = v; else if (k === "event") ev.event = v; else if (k === "data") ev.data += v;
            }
            if (ev.data) onEvent(ev.event, JSON.parse(ev.data));
          }
        }
      } catch (e) { /* offline or restarted: retry */ }
      await new Promise((res) => setTimeout(res, 1000));
    }
  }
  run();
  return () => { stopped = true; };
}
export async function requireLogin(roles) {
  if (!token()) { location.href = `/?next=${encodeURIComponent(location.pathname)}`; throw new Error("login"); }
  const me = await call("/auth/me");
  if (roles && !roles.includes(me.role)) { location.href = `/?next=${encodeURIComponent(location.pathname)}`; throw new Error("role"); }
  return me;
}
