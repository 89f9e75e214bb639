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
// Sign-out ends the session on the server too (the token is revoked, so a copy of it is of no
// use), then forgets it here; if the server cannot be reached the page still signs out.
// While signing out, the page's own refreshes stop and send nobody anywhere else: one
// navigation, to the sign-in page (a second one would abort it).
let leaving = false;
export async function logout() {
  leaving = true;
  const tk = token();
  sessionStorage.removeItem(TOKEN);
  if (tk) await fetch(`${API}/auth/logout`, { method: "POST", headers: { Authorization: `Bearer ${tk}` } }).catch(() => {});
  location.href = "/";
}
// A token the server refused: forget it and go to the sign-in page.
function signedOut() { sessionStorage.removeItem(TOKEN); if (!leaving) location.href = "/"; }
export async function call(path, { method = "GET", body } = {}) {
  if (leaving) throw new Error("signing out");
  const headers = { Authorization: `Bearer ${token()}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401) { signedOut(); throw new Error("signed out"); }
  const data = await r.json().catch(() => ({}));
  if (!r.ok) { const e = new Error(data.detail || r.statusText); e.status = r.status; throw e; }
  return data;
}
// A document that is not JSON (e.g. a printable HTML dossier), with the same sign-in.
export async function callText(path) {
  const r = await fetch(`${API}${path}`, { headers: { Authorization: `Bearer ${token()}` }, cache: "no-store" });
  if (r.status === 401) { signedOut(); throw new Error("signed out"); }
  if (!r.ok) { const data = await r.json().catch(() => ({})); const e = new Error(data.detail || r.statusText); e.status = r.status; throw e; }
  return r.text();
}
// Server-sent events over fetch, so the token stays in a header (EventSource cannot send one
// and a token in the URL would be logged); reconnects with Last-Event-ID, backing off to 15 s.
// onState (optional) hears "connecting", "live" (the stream is open) and "reconnecting" (it
// failed; a stream the server closes at its timeout is reopened without a fuss).
export function stream(path, onEvent, onState = () => {}) {
  let last = null, stopped = false, wait = 1000, aborter = null;
  async function run() {
    onState("connecting");
    while (!stopped) {
      let closed = false;  // the server ended the stream (its timeout): reconnect quietly
      try {
        const headers = { Authorization: `Bearer ${token()}`, Accept: "text/event-stream" };
        if (last) headers["Last-Event-ID"] = last;
        aborter = new AbortController();
        const r = await fetch(`${API}${path}`, { headers, cache: "no-store", signal: aborter.signal });
        if (r.status === 401) { signedOut(); return; }
        if (!r.ok || !r.body) throw new Error(`stream: ${r.status}`);
        onState("live"); wait = 1000;
        const reader = r.body.getReader(); const dec = new TextDecoder(); let buf = "";
        for (;;) {
          const { value, done } = await reader.read(); if (done) { closed = true; break; }
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const chunk = buf.slice(0, i); buf = buf.slice(i + 2);
            const ev = { event: "message", data: "" };
            for (const line of chunk.split("\n")) {
              const [k, ...rest] = line.split(":"); const v = rest.join(":").trimStart();
              if (k === "id") last = v; else if (k === "event") ev.event = v; else if (k === "data") ev.data += v;
            }
            if (ev.data) onEvent(ev.event, JSON.parse(ev.data), last);
          }
        }
      } catch (e) { /* offline, restarted or refused: retry */ }
      if (stopped) break;
      if (closed) { await new Promise((res) => setTimeout(res, 1000)); continue; }
      onState("reconnecting");
      await new Promise((res) => setTimeout(res, wait));
      wait = Math.min(15000, wait * 2);
    }
  }
  run();
  return () => { stopped = true; if (aborter) aborter.abort(); };
}
export async function requireLogin(roles) {
  if (!token()) { location.href = `/?next=${encodeURIComponent(location.pathname)}`; throw new Error("login"); }
  const me = await call("/auth/me");
  if (roles && !roles.includes(me.role)) { location.href = `/?next=${encodeURIComponent(location.pathname)}`; throw new Error("role"); }
  return me;
}
