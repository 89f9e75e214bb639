import { call, requireLogin, logout, stream } from "./api.js";
import { setDict, apply, t, toggle, lang, fmtTime } from "./i18n.js";
import { createMap, label, fc, line, poly } from "./map.js";
import { esc, applyWidths } from "./dom.js";

setDict({
  console: { ja: "運航コンソール", en: "Operations console" }, logout: { ja: "ログアウト", en: "Sign out" },
  packlink: { ja: "申請パック", en: "Permit pack" },
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
  first_class: { ja: "一等", en: "First class" }, second_class: { ja: "二等", en: "Second class" }, none: { ja: "なし", en: "None" },
  charging: { ja: "充電中", en: "Charging" }, maintenance: { ja: "整備中", en: "Maintenance" }, out_of_service: { ja: "運用停止", en: "Out of service" },
  show: { ja: "表示", en: "Show" }, sortby: { ja: "並べ替え", en: "Sort" },
  f_all: { ja: "すべて", en: "All" }, f_open: { ja: "未完了", en: "Open" }, f_medical: { ja: "医療品", en: "Medical" }, f_done: { ja: "完了・取消", en: "Closed" },
  s_time: { ja: "新しい順", en: "Newest first" }, s_medical: { ja: "医療品を先に", en: "Medical first" }, s_state: { ja: "状態順", en: "By state" }, s_eta: { ja: "到着予定順", en: "By ETA" },
  count: { ja: "{n}件", en: "{n} orders" }, watching: { ja: "監視中の飛行", en: "Watching" }, medical: { ja: "医療", en: "Medical" },
  qhelp: { ja: "↑↓ で選択、Enter で計画・判定", en: "↑↓ to select, Enter to plan & check" },
});
const $ = (id) => document.getElementById(id);
let me, orders = [], selected = null, map, drones = {}, fleetCache = null, scenarioTitle = "";
// One display name per pilot everywhere on the page (the fleet's name, not the id).
const pilotName = (id) => fleetCache?.pilots.find((p) => p.id === id)?.name ?? id;
const zoneName = { "op-goto": { ja: "長崎県 五島・新上五島", en: "Nagasaki · Goto islands" }, "op-soma": { ja: "福島県 南相馬", en: "Fukushima · Minamisoma" } };
// The bundled worlds open on their permit areas; any other scenario on its first base.
const viewOf = { goto: { center: [129.052, 33.008], zoom: 12.6 }, minamisoma: { center: [140.965, 37.69], zoom: 12 } };

function pill(state) { const cls = { delivered: "ok", in_flight: "live", rejected: "bad", failed: "bad", cancelled: "", scheduled: "warn" }[state] ?? ""; return `<span class="pill ${cls}">${esc(t(state))}</span>`; }
// Weights to 0.1 kg: a scale's reading, not a float's.
function itemsText(o) { return esc(o.items.map((i) => `${t(i.kind)} ${Number(i.weight_kg).toFixed(1)} kg`).join(", ")); }
function reasonsList(list) { return list.length ? `<ul class="reasons">${list.map((r) => `<li><code>${esc(r.code)}</code> ${esc(r.text ?? r.message)}</li>`).join("")}</ul>` : ""; }

// The queue: filter and sort chosen in its bar (kept in the session), newest first by default.
const OPEN = ["received", "accepted", "scheduled", "in_flight"];
const STATE_ORDER = ["in_flight", "scheduled", "accepted", "received", "failed", "rejected", "delivered", "cancelled"];
const FILTERS = { all: () => true, open: (o) => OPEN.includes(o.state), medical: (o) => o.medical, done: (o) => !OPEN.includes(o.state) };
const byTime = (a, b) => Date.parse(b.received_at) - Date.parse(a.received_at);
const SORTS = {
  time: byTime,
  medical: (a, b) => (b.medical - a.medical) || (OPEN.includes(b.state) - OPEN.includes(a.state)) || byTime(a, b),
  state: (a, b) => (STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state)) || byTime(a, b),
  eta: (a, b) => (Date.parse(a.eta ?? "9999-12-31T00:00:00Z") - Date.parse(b.eta ?? "9999-12-31T00:00:00Z")) || byTime(a, b),
};
const queueView = { filter: sessionStorage.getItem("kizuna.qfilter") || "all", sort: sessionStorage.getItem("kizuna.qsort") || "time" };
function shown() {
  const cmp = SORTS[queueView.sort] || byTime;
  // Ties keep the service's order (newest first).
  return orders.map((o, i) => [o, i]).filter(([o]) => (FILTERS[queueView.filter] || FILTERS.all)(o))
    .sort(([a, i], [b, j]) => cmp(a, b) || i - j).map(([o]) => o);
}
function spotName(o) { return lang() === "ja" ? o.drop_spot.name_ja || o.drop_spot.name : o.drop_spot.name || o.drop_spot.name_ja; }
function select(id) { selected = id; renderQueue(); renderDetail(); follow(); }
function renderQueue() {
  const list = shown();
  $("queue").innerHTML = list.map((o) => `<tr data-id="${esc(o.id)}" class="${selected === o.id ? "sel" : ""}"><td>${esc(o.id.replace("ord-", ""))}${o.medical ? ` <span class="pill bad med">${esc(t("medical"))}</span>` : ""}</td><td>${itemsText(o)}</td>
    <td>${esc(spotName(o))}</td><td>${pill(o.state)}</td><td>${esc(fmtTime(o.eta))}</td></tr>`).join("");
  $("queue").querySelectorAll("tr").forEach((tr) => { tr.onclick = () => select(tr.dataset.id); });
  $("qcount").textContent = t("count", { n: list.length });
  $("queue").querySelector("tr.sel")?.scrollIntoView({ block: "nearest" });
}
// Keyboard: arrows move the selection through the shown rows, Enter plans the selected order.
function onQueueKey(e) {
  const ids = shown().map((o) => o.id);
  if (!ids.length) return;
  const at = ids.indexOf(selected);
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    const next = at < 0 ? 0 : Math.min(ids.length - 1, Math.max(0, at + (e.key === "ArrowDown" ? 1 : -1)));
    select(ids[next]);
  } else if (e.key === "Enter" && $("plan")) { e.preventDefault(); $("plan").click(); }
}
// The map follows the selected flight: its route when selected, its aircraft as it moves.
let followed = null;
function follow() {
  const o = orders.find((x) => x.id === selected);
  const route = o?.flight?.route;
  if (!map || !route || !route.length || followed === o.id) return;
  followed = o.id;
  const lons = route.map((p) => p[0]), lats = route.map((p) => p[1]);
  map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 60, maxZoom: 14, duration: 0 });
}
function renderDetail() {
  const o = orders.find((x) => x.id === selected);
  if (!o) { $("detail").innerHTML = `<h2>${esc(t("select"))}</h2>`; return; }
  const f = o.flight;
  let html = `<h2>${esc(o.id)} ${pill(o.state)}</h2><dl class="kv"><dt>${esc(t("what"))}</dt><dd>${itemsText(o)}</dd><dt>${esc(t("to"))}</dt><dd>${esc(lang() === "ja" ? o.drop_spot.name_ja : o.drop_spot.name)}</dd>
    <dt>ETA</dt><dd>${esc(fmtTime(o.eta))}</dd>`;
  if (f) html += `<dt>${esc(t("aircraft"))}</dt><dd>${esc(f.registration)} · ${esc(t("pilot"))} ${esc(pilotName(f.pilot_id))} · Level ${esc(f.level)}</dd><dt>${esc(t("permit"))}</dt><dd>${esc(f.permit ?? t("nopermit"))}</dd>
    <dt>km</dt><dd>${esc((f.length_m / 1000).toFixed(2))} km · ${esc(Math.round(f.out_s / 60))} min</dd>${f.intent_id ? `<dt>UTM</dt><dd>${esc(f.intent_id)}</dd>` : ""}`;
  html += `</dl>`;
  if (f && f.classification) {
    const c = f.classification, p = f.permit_check;
    html += `<div class="verdict ${c.allowed ? "ok" : "bad"}" id="v-class"><b>${esc(t("classification"))}</b>: ${esc(c.allowed ? t("pass") : t("fail"))} · Category ${esc(c.category)} · Level ${esc(c.level)}
      ${reasonsList(c.violations)}${reasonsList(c.reasons.slice(0, 6))}</div>
      <div class="verdict ${p.violations.length ? "bad" : "ok"}" id="v-permit"><b>${esc(t("permitcheck"))}</b>: ${esc(p.checked ? (p.violations.length ? t("fail") : t("pass")) : "—")} ${esc(p.permit ?? "")}${reasonsList(p.violations)}</div>`;
  }
  html += `<div class="actions">`;
  if (["accepted", "received", "scheduled"].includes(o.state)) html += `<label>${esc(t("wind"))} <input id="wind" class="narrow" type="number" value="4" min="0" max="20" step="0.5"></label><button class="secondary" id="plan">${esc(t("plan"))}</button>`;
  // Launch only after a passed pre-flight check of this flight (the service refuses otherwise).
  const pf = preflightState[o.id];
  if (o.state === "scheduled" && f && f.ok) html += `<button class="primary" id="launch"${pf && pf.latest && pf.latest.passed && pf.latest.flight_id === f.id ? "" : " disabled"}>${esc(t("launch"))}</button>`;
  // While this flight is simulated (started here, or its telemetry is arriving) no second
  // simulation is offered: the button stays, disabled, saying why.
  if (o.state === "in_flight") html += flying(o) ? `<button class="primary" id="simulate" disabled data-flying="1">${esc(t("simulating"))}</button>` : `<button class="primary" id="simulate">${esc(t("simulate"))}</button>`;
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
  else if (map) map.getSource("routes").setData(fc([]));
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
  fleetCache = fl;
  $("fleet").innerHTML = fl.aircraft.map((a) => `<tr><td>${esc(a.registration)}<br><span class="muted">${esc(a.model)}</span></td>
    <td>${a.soc == null ? "—" : `<span class="soc"><i data-width="${esc(Math.round(a.soc * 100))}"></i></span> ${esc(Math.round(a.soc * 100))}%`}</td><td>${esc(t(a.state))}</td>
    <td>${esc(a.certificate_expiry ?? "—")}${a.days_to_expiry != null && a.days_to_expiry < 90 ? ` <span class="pill bad">${esc(t("days", { n: a.days_to_expiry }))}</span>` : ""}</td></tr>`).join("");
  applyWidths($("fleet"));
  // Each pilot's flights in the air together (one pilot may watch up to N aircraft at once).
  const watching = (id) => orders.filter((o) => o.state === "in_flight" && o.flight?.pilot_id === id);
  $("pilots").innerHTML = fl.pilots.map((p) => `<tr data-pilot="${esc(p.id)}"><td>${esc(p.name)}</td><td>${esc(t(p.licence))}</td><td>${esc(p.licence_expiry ?? "—")}${p.days_to_expiry != null && p.days_to_expiry < 90 ? ` <span class="pill bad">${esc(t("days", { n: p.days_to_expiry }))}</span>` : ""}</td>
    <td class="watch">${watching(p.id).map((o) => `<span class="pill live" data-order="${esc(o.id)}">${esc(o.flight.registration)}</span>`).join("") || "—"}</td></tr>`).join("");
  $("pilots").querySelectorAll("[data-order]").forEach((el) => { el.onclick = () => select(el.dataset.order); });
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
function renderAlerts() {
  const reg = (a) => orders.find((o) => o.flight && o.flight.intent_id === a.intent_id)?.flight.registration || a.data?.aircraft_id || "";
  const dev = (a) => (a.data && a.data.deviation_m != null ? ` · ${esc(t("deviation", { m: Math.round(a.data.deviation_m) }))}` : "");
  $("alerts").innerHTML = alerts.length ? alerts.slice(0, ALERTS_SHOWN).map((a) => `<li class="alert${a.fresh ? " fresh" : ""}" data-alert="${esc(alertKey(a))}">
    <span class="pill bad">${esc(t(a.code))}</span>${a.fresh ? ` <span class="pill warn">${esc(t("newalert"))}</span>` : ""}
    <div class="alert-line"><b>${esc(reg(a))}</b> · ${esc(fmtTime(a.time))}${dev(a)}</div><div class="muted alert-line"><code>${esc(a.code)}</code> ${esc(a.intent_id)}</div></li>`).join("") : `<li class="muted">${esc(t("noalerts"))}</li>`;
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
  if (f && f.id === selected && map && !map.getBounds().contains([p.lon, p.lat])) map.panTo([p.lon, p.lat], { duration: 300 });
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
  orders = await call("/orders?limit=200");
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
function render() { apply(); $("lang").textContent = lang() === "ja" ? "English" : "日本語"; $("zone").textContent = (zoneName[me.organisation_id] || {})[lang()] || scenarioTitle || me.organisation_id; renderLiveState(); }

me = await requireLogin(["operator"]);
render();
$("lang").onclick = () => { toggle(); render(); renderAlerts(); refresh(); };
$("out").onclick = logout;
$("qfilter").value = queueView.filter; $("qsort").value = queueView.sort;
$("qfilter").onchange = () => { queueView.filter = $("qfilter").value; sessionStorage.setItem("kizuna.qfilter", queueView.filter); renderQueue(); };
$("qsort").onchange = () => { queueView.sort = $("qsort").value; sessionStorage.setItem("kizuna.qsort", queueView.sort); renderQueue(); };
$("qscroll").addEventListener("keydown", onQueueKey);
// The organisation's scenario is set in the database (GET /auth/me), bundled or built.
const scenario = me.scenario || "goto";
map = await createMap($("map"), { ...(viewOf[scenario] || { zoom: 12.5 }), scenario, layers: ["did", "no_fly", "roads", "railways"] });
window.kizunaMapLoaded = true;
if (!zoneName[me.organisation_id]) { scenarioTitle = (await call(`/scenarios/${scenario}/summary`)).title; render(); }
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
