import { call, requireLogin, logout, stream } from "./api.js";
import { setDict, apply, t, toggle, lang, fmtTime } from "./i18n.js";
import { createMap, label, fc, line, poly } from "./map.js";

setDict({
  console: { ja: "運航コンソール", en: "Operations console" }, logout: { ja: "ログアウト", en: "Sign out" },
  queue: { ja: "注文キュー", en: "Order queue" }, order: { ja: "注文", en: "Order" }, what: { ja: "品目", en: "Items" },
  to: { ja: "届け先", en: "To" }, state: { ja: "状態", en: "State" }, select: { ja: "注文を選んでください", en: "Select an order" },
  did: { ja: "人口集中地区", en: "DID" }, nofly: { ja: "飛行禁止", en: "No-fly" }, permit: { ja: "許可エリア", en: "Permit area" },
  volume: { ja: "飛行計画空域", en: "Intent volume" }, route: { ja: "経路", en: "Route" }, emergency: { ja: "緊急用務空域", en: "Emergency airspace" },
  fleet: { ja: "機体の状態", en: "Fleet" }, aircraft: { ja: "機体", en: "Aircraft" }, soc: { ja: "充電", en: "Charge" },
  cert: { ja: "機体認証期限", en: "Certificate" }, pilots: { ja: "操縦者", en: "Pilots" }, pilot: { ja: "操縦者", en: "Pilot" },
  licence: { ja: "技能証明", en: "Licence" }, expiry: { ja: "期限", en: "Expires" }, alerts: { ja: "適合性アラート", en: "Conformance alerts" },
  noalerts: { ja: "アラートはありません", en: "No alerts" }, plan: { ja: "計画・判定", en: "Plan & check" },
  launch: { ja: "飛行計画を提出して離陸", en: "Submit intent & launch" }, simulate: { ja: "飛行を模擬（テレメトリ）", en: "Fly (simulated telemetry)" },
  wind: { ja: "風速 m/s", en: "Wind m/s" }, classification: { ja: "飛行の分類（航空法）", en: "Classification (Civil Aeronautics Act)" },
  permitcheck: { ja: "許可の範囲チェック", en: "Permit envelope check" }, pass: { ja: "適合", en: "Pass" }, fail: { ja: "不適合", en: "Fail" },
  days: { ja: "{n}日", en: "{n} d" }, idle: { ja: "待機", en: "Idle" }, in_flight: { ja: "飛行中", en: "Flying" }, unknown: { ja: "—", en: "—" },
  accepted: { ja: "受付", en: "Accepted" }, scheduled: { ja: "計画済", en: "Planned" }, delivered: { ja: "配達完了", en: "Delivered" },
  cancelled: { ja: "取消", en: "Cancelled" }, rejected: { ja: "不受理", en: "Rejected" }, failed: { ja: "失敗", en: "Failed" }, received: { ja: "受信", en: "Received" },
  medicine: { ja: "薬", en: "Medicine" }, daily_goods: { ja: "日用品", en: "Goods" }, cold_chain: { ja: "保冷", en: "Cold chain" }, dangerous_goods: { ja: "危険物", en: "Dangerous" },
  nopermit: { ja: "レベル3.5（許可エリア外・カメラで確認）", en: "Level 3.5 (outside permit areas, camera-checked)" },
  s_connecting: { ja: "接続中…", en: "Connecting…" }, s_live: { ja: "ライブ受信中", en: "Live" },
  s_reconnecting: { ja: "再接続中…", en: "Reconnecting…" },
  s_help: { ja: "機体の位置とアラートはサーバーから即時に届きます", en: "Aircraft positions and alerts are pushed by the server as they arrive" },
  simulating: { ja: "飛行中（テレメトリ受信中）", en: "Flying (telemetry arriving)" },
  deviation: { ja: "逸脱 {m} m", en: "{m} m off" }, newalert: { ja: "新着", en: "New" },
  "UTM-NONCONFORMING": { ja: "飛行計画から逸脱", en: "Left the intent" },
  "UTM-CONTINGENT": { ja: "緊急（コンティンジェント）", en: "Contingent" },
  preflight: { ja: "飛行前確認", en: "Pre-flight check" },
  pf_help: { ja: "Kizunaの確認結果を見て、各項目を現地で確かめたらチェックしてください。風速は現地で測った値を入れます。",
    en: "Read what Kizuna found, check each item on site, and enter the wind measured there." },
  pf_wind: { ja: "測定した風速 m/s（上限 {limit}）", en: "Measured wind m/s (limit {limit})" },
  pf_confirm: { ja: "確認を記録", en: "Record the check" }, pf_passed: { ja: "飛行前確認済み：離陸できます", en: "Checked: ready to launch" },
  pf_missing: { ja: "未確認・不適合の項目：{items}", en: "Not confirmed or not passed: {items}" },
  pf_inspect: { ja: "日常点検を記録する", en: "Record the daily inspection" },
});
const $ = (id) => document.getElementById(id);
let me, orders = [], selected = null, map, drones = {}, fleetCache = null;
const zoneName = { "op-goto": { ja: "長崎県 五島・新上五島", en: "Nagasaki · Goto islands" }, "op-soma": { ja: "福島県 南相馬", en: "Fukushima · Minamisoma" } };
const scenarioOf = { "op-goto": "goto", "op-soma": "minamisoma" };
const centerOf = { goto: [129.052, 33.008], minamisoma: [140.965, 37.69] };

function pill(state) { const cls = { delivered: "ok", in_flight: "live", rejected: "bad", failed: "bad", cancelled: "", scheduled: "warn" }[state] ?? ""; return `<span class="pill ${cls}">${t(state)}</span>`; }
function itemsText(o) { return o.items.map((i) => `${t(i.kind)} ${i.weight_kg}kg`).join(", "); }
function reasonsList(list) { return list.length ? `<ul class="reasons">${list.map((r) => `<li><code>${r.code}</code> ${r.text ?? r.message}</li>`).join("")}</ul>` : ""; }

function renderQueue() {
  $("queue").innerHTML = orders.map((o) => `<tr data-id="${o.id}" class="${selected === o.id ? "sel" : ""}"><td>${o.id.replace("ord-", "")}${o.medical ? ` <span class="pill bad">${lang() === "ja" ? "医療" : "Medical"}</span>` : ""}</td><td>${itemsText(o)}</td>
    <td>${lang() === "ja" ? o.drop_spot.name_ja : o.drop_spot.name}</td><td>${pill(o.state)}</td><td>${fmtTime(o.eta)}</td></tr>`).join("");
  $("queue").querySelectorAll("tr").forEach((tr) => { tr.onclick = () => { selected = tr.dataset.id; renderQueue(); renderDetail(); }; });
}
function renderDetail() {
  const o = orders.find((x) => x.id === selected);
  if (!o) { $("detail").innerHTML = `<h2>${t("select")}</h2>`; return; }
  const f = o.flight;
  let html = `<h2>${o.id} ${pill(o.state)}</h2><dl class="kv"><dt>${t("what")}</dt><dd>${itemsText(o)}</dd><dt>${t("to")}</dt><dd>${lang() === "ja" ? o.drop_spot.name_ja : o.drop_spot.name}</dd>
    <dt>ETA</dt><dd>${fmtTime(o.eta)}</dd>`;
  if (f) html += `<dt>${t("aircraft")}</dt><dd>${f.registration} · ${t("pilot")} ${f.pilot_id} · Level ${f.level}</dd><dt>${t("permit")}</dt><dd>${f.permit ?? t("nopermit")}</dd>
    <dt>km</dt><dd>${(f.length_m / 1000).toFixed(2)} km · ${Math.round(f.out_s / 60)} min</dd>${f.intent_id ? `<dt>UTM</dt><dd>${f.intent_id}</dd>` : ""}`;
  html += `</dl>`;
  if (f && f.classification) {
    const c = f.classification, p = f.permit_check;
    html += `<div class="verdict ${c.allowed ? "ok" : "bad"}" id="v-class"><b>${t("classification")}</b>: ${c.allowed ? t("pass") : t("fail")} · Category ${c.category} · Level ${c.level}
      ${reasonsList(c.violations)}${reasonsList(c.reasons.slice(0, 6))}</div>
      <div class="verdict ${p.violations.length ? "bad" : "ok"}" id="v-permit"><b>${t("permitcheck")}</b>: ${p.checked ? (p.violations.length ? t("fail") : t("pass")) : "—"} ${p.permit ?? ""}${reasonsList(p.violations)}</div>`;
  }
  html += `<div class="actions">`;
  if (["accepted", "received", "scheduled"].includes(o.state)) html += `<label>${t("wind")} <input id="wind" type="number" value="4" min="0" max="20" step="0.5" style="width:70px"></label><button class="secondary" id="plan">${t("plan")}</button>`;
  // Launch only after a passed pre-flight check of this flight (the service refuses otherwise).
  const pf = preflightState[o.id];
  if (o.state === "scheduled" && f && f.ok) html += `<button class="primary" id="launch"${pf && pf.latest && pf.latest.passed && pf.latest.flight_id === f.id ? "" : " disabled"}>${t("launch")}</button>`;
  // While this flight is simulated (started here, or its telemetry is arriving) no second
  // simulation is offered: the button stays, disabled, saying why.
  if (o.state === "in_flight") html += flying(o) ? `<button class="primary" id="simulate" disabled data-flying="1">${t("simulating")}</button>` : `<button class="primary" id="simulate">${t("simulate")}</button>`;
  html += `</div><p id="err" class="error"></p>`;
  $("detail").innerHTML = html;
  if (o.state === "scheduled" && f && f.ok) renderPreflight(o);
  const act = async (fn) => { try { $("err").textContent = "…"; await fn(); $("err").textContent = ""; } catch (e) { $("err").textContent = e.message; } await refresh(); };
  $("plan") && ($("plan").onclick = () => act(() => call(`/orders/${o.id}/plan`, { method: "POST", body: { wind_mps: Number($("wind").value), lang: lang() } })));
  $("launch") && ($("launch").onclick = () => act(() => call(`/orders/${o.id}/launch?lang=${lang()}`, { method: "POST" })));
  $("simulate") && !$("simulate").disabled && ($("simulate").onclick = () => {
    simulating.add(o.id); renderDetail();
    return act(() => call(`/orders/${o.id}/simulate`, { method: "POST", body: { speed: Number(new URLSearchParams(location.search).get("speed") || 10) } })
      .catch((e) => { simulating.delete(o.id); throw e; }));
  });
  if (f && map) map.getSource("routes").setData(fc([line(f.route)]));
}
// The pre-flight checklist of the selected planned flight, kept per order so the slow refresh
// (which redraws the detail) keeps what the pilot ticked. Built with textContent only.
const preflightState = {};
function node(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) { if (k === "text") e.textContent = v; else if (k === "cls") e.className = v; else e.setAttribute(k, v); }
  for (const c of children) if (c) e.append(c);
  return e;
}
async function loadPreflight(o) {
  const data = await call(`/orgs/${me.organisation_id}/orders/${o.id}/preflight`);
  const st = preflightState[o.id] || (preflightState[o.id] = { ticked: new Set(), wind: "" });
  Object.assign(st, { data, latest: data.latest });
  if (selected === o.id) renderDetail();
}
function renderPreflight(o) {
  const st = preflightState[o.id];
  const box = node("section", { id: "preflight", cls: "verdict" }, node("b", { text: t("preflight") }));
  $("detail").insertBefore(box, $("detail").querySelector(".actions"));
  if (!st || !st.data) { box.append(node("p", { cls: "muted", text: "…" })); loadPreflight(o).catch((e) => { box.append(node("p", { cls: "error", text: e.message })); }); return; }
  box.append(node("p", { cls: "muted", text: t("pf_help") }));
  const list = node("ul", { cls: "checklist" });
  for (const it of st.data.items) {
    const box_ = node("input", { type: "checkbox", id: `pf-${it.item}`, "data-item": it.item });
    box_.checked = st.ticked.has(it.item);
    box_.onchange = () => { if (box_.checked) st.ticked.add(it.item); else st.ticked.delete(it.item); };
    list.append(node("li", {}, box_, node("label", { for: `pf-${it.item}`, text: lang() === "ja" ? it.ja : it.en }),
      node("span", { cls: `found${it.found_ok ? "" : " bad"}`, text: lang() === "ja" ? it.detail_ja : it.detail })));
  }
  const wind = node("input", { id: "pf-wind", type: "number", min: "0", max: "40", step: "0.1", inputmode: "decimal" });
  wind.value = st.wind; wind.oninput = () => { st.wind = wind.value; };
  const confirmBtn = node("button", { cls: "secondary", id: "pf-confirm", type: "button", text: t("pf_confirm") });
  const result = node("p", { id: "pf-result", cls: st.latest && st.latest.passed ? "ok" : "error" });
  if (st.latest) result.textContent = st.latest.passed ? t("pf_passed") : t("pf_missing", { items: st.latest.missing.join(", ") });
  confirmBtn.onclick = async () => {
    try {
      const body = { wind_mps: st.wind === "" ? null : Number(st.wind), items: st.data.items.map((i) => ({ item: i.item, confirmed: st.ticked.has(i.item) })) };
      st.latest = await call(`/orgs/${me.organisation_id}/orders/${o.id}/preflight`, { method: "POST", body });
    } catch (e) { st.latest = { passed: false, missing: [e.message] }; }
    renderDetail();
  };
  box.append(list, node("label", { cls: "wind-row", for: "pf-wind" }, node("span", { text: t("pf_wind", { limit: st.data.wind_limit_mps }) })), wind,
    node("div", { cls: "actions" }, confirmBtn, node("a", { href: "/records", text: t("pf_inspect") })), result);
}
function renderFleet(fl) {
  $("fleet").innerHTML = fl.aircraft.map((a) => `<tr><td>${a.registration}<br><span class="muted">${a.model}</span></td>
    <td>${a.soc == null ? "—" : `<span class="soc"><i style="width:${Math.round(a.soc * 100)}%"></i></span> ${Math.round(a.soc * 100)}%`}</td><td>${t(a.state)}</td>
    <td>${a.certificate_expiry ?? "—"}${a.days_to_expiry != null && a.days_to_expiry < 90 ? ` <span class="pill bad">${t("days", { n: a.days_to_expiry })}</span>` : ""}</td></tr>`).join("");
  $("pilots").innerHTML = fl.pilots.map((p) => `<tr><td>${p.name}</td><td>${p.licence}</td><td>${p.licence_expiry ?? "—"}${p.days_to_expiry != null && p.days_to_expiry < 90 ? ` <span class="pill bad">${t("days", { n: p.days_to_expiry })}</span>` : ""}</td></tr>`).join("");
}
// Positions and conformance alerts arrive on the live stream (server-sent events,
// /live/positions); the flights list (intent volumes, registrations) is fetched when an unknown
// flight appears on the stream, after the operator's actions and on the slow refresh, which
// also brings the queue and the fleet. The alert list is read when the stream (re)opens, so
// alerts from before are shown too; new ones come on the stream.
const SLOW_MS = 10000;
// Telemetry of a flight within this long (wall clock) means it is flying: no simulation offered.
const FLYING_MS = 15000;
const simulating = new Set();  // orders whose simulation this page started, while in flight
function flying(o) {
  const seen = o.flight && window.kizunaLive.positions[o.flight.intent_id];
  return simulating.has(o.id) || Boolean(seen && Date.now() - seen.wall < FLYING_MS);
}
let flightsKnown = new Set(), flightsPending = null, liveState = "connecting", positionsSeen = 0, clockOffset = 0;
async function renderFlights() {
  const flights = await call("/live/flights");
  flightsKnown = new Set(flights.map((f) => f.intent_id));
  map.getSource("volumes").setData(fc(flights.map((f) => poly(f.volume, { id: f.intent_id }))));
  for (const f of flights) if (f.last) drone(f.intent_id, f.registration || f.owner, f.last);
  for (const id of Object.keys(drones)) if (!flightsKnown.has(id)) { drones[id].remove(); delete drones[id]; }
  document.body.dataset.liveFlights = String(flights.length);
}
function flightsSoon() {
  flightsPending = flightsPending || renderFlights().catch(() => {}).finally(() => { flightsPending = null; });
  return flightsPending;
}
// Alerts by "intent#seq", newest arrival first; those from the stream are marked new.
let alerts = [];
const ALERTS_SHOWN = 8;
function alertKey(a) { return `${a.intent_id}#${a.seq}`; }
function esc(s) { return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]); }
function renderAlerts() {
  const reg = (a) => orders.find((o) => o.flight && o.flight.intent_id === a.intent_id)?.flight.registration || a.data?.aircraft_id || "";
  const dev = (a) => (a.data && a.data.deviation_m != null ? ` · ${t("deviation", { m: Math.round(a.data.deviation_m) })}` : "");
  $("alerts").innerHTML = alerts.length ? alerts.slice(0, ALERTS_SHOWN).map((a) => `<li class="alert${a.fresh ? " fresh" : ""}" data-alert="${esc(alertKey(a))}">
    <span class="pill bad">${esc(t(a.code))}</span>${a.fresh ? ` <span class="pill warn">${t("newalert")}</span>` : ""}
    <div class="alert-line"><b>${esc(reg(a))}</b> · ${fmtTime(a.time)}${dev(a)}</div><div class="muted alert-line"><code>${esc(a.code)}</code> ${esc(a.intent_id)}</div></li>`).join("") : `<li class="muted">${t("noalerts")}</li>`;
}
function addAlerts(list, fresh) {
  const known = new Set(alerts.map(alertKey));
  const added = list.filter((a) => !known.has(alertKey(a))).map((a) => ({ ...a, fresh }));
  if (!added.length) return;
  alerts = fresh ? [...added.reverse(), ...alerts] : [...alerts, ...added];
  alerts = alerts.slice(0, 50);
  renderAlerts();
}
async function loadAlerts() {
  addAlerts(await call(`/live/alerts?limit=${ALERTS_SHOWN}`), false);
  renderAlerts(); document.body.dataset.alertsLoaded = "1";
}
function onAlert(a, eventId) {
  addAlerts([a], true);
  window.kizunaLive.alerts.push({ key: alertKey(a), code: a.code, id: eventId });
  document.body.dataset.lastAlert = `${a.intent_id} ${a.seq}`;
}
function drone(id, name, p) {
  if (!drones[id]) drones[id] = label(map, [p.lon, p.lat], `${name}`, "drone");
  drones[id].setLngLat([p.lon, p.lat]);
  drones[id].getElement().dataset.intent = id;
}
// For the browser tests: the stream's state and, per flight, how many positions arrived and the
// last one; where the flight's marker is.
window.kizunaLive = { state: liveState, positions: {}, alerts: [], markerAt: (id) => drones[id]?.getLngLat().toArray() ?? null };
function onPosition(p, eventId) {
  const f = orders.find((o) => o.flight && o.flight.intent_id === p.intent_id);
  drone(p.intent_id, f ? f.flight.registration : p.aircraft_id, p);
  positionsSeen += 1;
  const seen = window.kizunaLive.positions[p.intent_id] || { n: 0 };
  window.kizunaLive.positions[p.intent_id] = { n: seen.n + 1, at: [p.lon, p.lat], id: eventId, wall: Date.now() };
  // The selected flight started flying (e.g. from another page): take its simulate button away.
  const sel = orders.find((o) => o.id === selected);
  if (sel && sel.flight && sel.flight.intent_id === p.intent_id && $("simulate") && !$("simulate").disabled) renderDetail();
  Object.assign(document.body.dataset, { livePositions: String(positionsSeen), lastPosition: `${p.intent_id} ${eventId}`, lastLonLat: `${p.lon},${p.lat}` });
  // A flight new to the page: its volume, and the queue and fleet whose states it changed.
  if (!flightsKnown.has(p.intent_id)) { flightsKnown.add(p.intent_id); flightsSoon(); opsSoon(); }
}
function renderLiveState() {
  const el = $("live"); if (!el) return;
  el.className = `pill state ${liveState === "live" ? "ok" : "warn"}`;
  el.textContent = `${liveState === "live" ? "●" : "○"} ${t(`s_${liveState}`)}`;
  el.title = t("s_help");
  document.body.dataset.live = liveState; window.kizunaLive.state = liveState;
}
function tick() { $("clock").textContent = fmtTime(new Date(Date.now() + clockOffset).toISOString()); }
let opsPending = null;
async function refreshOps() {
  orders = (await call("/orders?limit=60")).filter((o) => !o.synthetic || ["accepted", "scheduled", "in_flight"].includes(o.state));
  for (const id of simulating) if (!orders.some((o) => o.id === id && o.state === "in_flight")) simulating.delete(id);
  renderQueue(); renderDetail();
  renderFleet(await call(`/orgs/${me.organisation_id}/fleet/status`));
}
function opsSoon() {
  opsPending = opsPending || refreshOps().catch(() => {}).finally(() => { opsPending = null; });
  return opsPending;
}
async function refresh() {
  await refreshOps();
  clockOffset = Date.parse((await call("/clock")).now) - Date.now(); tick();
  await flightsSoon();
  document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
}
function render() { apply(); $("lang").textContent = lang() === "ja" ? "English" : "日本語"; $("zone").textContent = (zoneName[me.organisation_id] || {})[lang()] || me.organisation_id; renderLiveState(); }

me = await requireLogin(["operator"]);
render();
$("lang").onclick = () => { toggle(); render(); renderAlerts(); refresh(); };
$("out").onclick = logout;
const scenario = scenarioOf[me.organisation_id] || "goto";
map = await createMap($("map"), { center: centerOf[scenario], zoom: scenario === "goto" ? 12.6 : 12, scenario, layers: ["did", "no_fly", "roads", "railways"] });
window.kizunaMapLoaded = true;
const summary = await call(`/scenarios/${scenario}/layers/bases`);
for (const b of summary.features) label(map, b.geometry.coordinates, `${b.properties.name_ja || b.properties.name || b.properties.id}`, "base");
const apps = await call(`/orgs/${me.organisation_id}/permits/applications`);
map.getSource("permits").setData(fc(apps.filter((a) => a.state === "approved").map((a) => poly(a.record.versions.at(-1).application.area, { id: a.record.versions.at(-1).application.id })).filter((f) => f.geometry)));
const ea = await call("/emergency-airspace");
map.getSource("emergency").setData(fc(ea.map((e) => poly(e.area, { id: e.id }))));
await refresh();
// ?stream_s= shortens the stream's life (the server closes it, the page reopens it); tests use it.
const streamS = Number(new URLSearchParams(location.search).get("stream_s")) || 300;
stream(`/live/positions?timeout_s=${streamS}`, (ev, p, id) => { if (ev === "position") onPosition(p, id); else if (ev === "alert") onAlert(p, id); },
  (state) => {
    // Opened after a failure (or the first time): the list covers whatever came before.
    if (state === "live" && liveState !== "live") loadAlerts().catch(() => {});
    liveState = state; renderLiveState();
  });
setInterval(() => refresh().catch(() => {}), SLOW_MS);
setInterval(tick, 1000);
window.kizunaReady = true;
