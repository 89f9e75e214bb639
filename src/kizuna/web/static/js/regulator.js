import { call, callText, requireLogin, stream, logout } from "./api.js";
import { setDict, apply, t, toggle, lang, fmtTime } from "./i18n.js";
import { createMap, label, fc, line, poly, frame, expose, positions } from "./map.js";
import { groupedBars } from "./charts.js";
import { esc } from "./dom.js";

setDict({
  dash: { ja: "特区事務局ダッシュボード", en: "Zone office dashboard" }, logout: { ja: "ログアウト", en: "Sign out" },
  did: { ja: "人口集中地区", en: "DID" }, nofly: { ja: "飛行禁止", en: "No-fly" }, permit: { ja: "許可エリア", en: "Permit area" },
  volume: { ja: "飛行計画空域", en: "Intent volume" }, emergency: { ja: "緊急用務空域", en: "Emergency airspace" },
  live: { ja: "飛行中 {n} 機", en: "{n} flying" }, charts: { ja: "県別の実績", en: "KPIs by prefecture" },
  apps: { ja: "許可申請", en: "Applications" }, deliveries: { ja: "配達件数", en: "Deliveries" }, ontime: { ja: "定時率", en: "On-time rate" },
  residents: { ja: "利用住民", en: "Residents served" }, incidents: { ja: "インシデント", en: "Incidents" },
  combined: { ja: "特区全体", en: "Zone total" }, hourly: { ja: "時間帯別の配達件数", en: "Deliveries per hour" },
  kpichart: { ja: "配達・利用住民・インシデント", en: "Deliveries, residents, incidents" },
  nagasaki: { ja: "長崎県", en: "Nagasaki" }, fukushima: { ja: "福島県", en: "Fukushima" },
  approve: { ja: "条件付きで許可", en: "Approve with conditions" }, reject: { ja: "却下", en: "Reject" },
  c_no_night: { ja: "夜間飛行なし", en: "No night flights" }, c_camera: { ja: "機上カメラ必須", en: "Onboard camera" },
  c_commute: { ja: "通勤時間帯を避ける", en: "No commuting hours" }, reason: { ja: "却下理由", en: "Reason" },
  area: { ja: "エリア", en: "Area" }, level: { ja: "レベル", en: "Level" }, validity: { ja: "有効期間", en: "Valid" },
  windows: { ja: "飛行時間帯", en: "Daily windows" }, fleet: { ja: "機体・操縦者", en: "Aircraft, pilots" },
  mitigations: { ja: "地上リスク軽減策", en: "Ground mitigations" }, insurance: { ja: "保険", en: "Insurance" }, manual: { ja: "飛行マニュアル", en: "Flight manual" },
  sites: { ja: "緊急着陸地点", en: "Emergency landing sites" },
  submitted: { ja: "審査中", en: "Under review" }, approved: { ja: "許可済", en: "Approved" }, rejected: { ja: "却下", en: "Rejected" }, draft: { ja: "下書き", en: "Draft" },
  eahelp: { ja: "災害時などに設定すると、その空域ではすべての無人航空機の飛行が禁止されます。", en: "While active, no unmanned aircraft may fly there at all." },
  eanew: { ja: "地図の中心に緊急用務空域を設定", en: "Activate emergency airspace at the map centre" },
  activate: { ja: "有効にする", en: "Activate" }, deactivate: { ja: "解除", en: "Deactivate" }, active: { ja: "有効", en: "Active" }, inactive: { ja: "解除済", en: "Inactive" },
  noea: { ja: "設定はありません", en: "None" },
  openpack: { ja: "申請パックを項目ごとに審査", en: "Review the pack item by item" },
  dossier: { ja: "審査資料（リスク評価）", en: "Risk dossier" }, opendossier: { ja: "審査資料を開く", en: "Open the dossier" },
  print: { ja: "印刷", en: "Print" }, close: { ja: "閉じる", en: "Close" },
  dossierloading: { ja: "審査資料を作成しています（数秒かかります）…", en: "Preparing the dossier (a few seconds)…" },
  dossierframe: { ja: "審査資料の本文", en: "Dossier document" }, decision: { ja: "審査の結果", en: "Decision" },
  k_area: { ja: "エリア型", en: "area" }, k_route: { ja: "経路型", en: "route" },
  needreason: { ja: "却下理由を入力してください", en: "Enter the reason for the rejection" },
});
const $ = (id) => document.getElementById(id);
// box: the region's extent ([west, south], [east, north]); a flight belongs to the region it is in.
const REGIONS = { goto: { center: [128.95, 32.85], zoom: 9.3, box: [[128.4, 32.4], [129.4, 33.4]], ja: "五島列島", en: "Goto islands", prefecture: "nagasaki" },
  minamisoma: { center: [140.97, 37.64], zoom: 10.3, box: [[140.6, 37.3], [141.3, 38.0]], ja: "南相馬", en: "Minamisoma", prefecture: "fukushima" } };
let me, map, region = "goto", drones = {}, kpiCache = null, appsCache = [], flightsCache = [];
// The view follows the region's permit areas and live flights until the official pans or zooms.
let userMoved = false, framedFlights = null, framing = Promise.resolve();
const inRegion = (p, r = region) => { const [[w, s], [e, n]] = REGIONS[r].box; return p[0] >= w && p[0] <= e && p[1] >= s && p[1] <= n; };
function flightPoints(f) { return [...(f.route || []), ...positions(f.volume), ...(f.last ? [[f.last.lon, f.last.lat]] : [])]; }
function regionFlights() { return flightsCache.filter((f) => flightPoints(f).some((p) => inRegion(p))); }
function frameRegion() {
  const flights = regionFlights(), r = region;
  const permits = appsCache.filter((a) => a.state === "approved" && a.record.versions.at(-1).application.scenario === r)
    .flatMap((a) => positions(a.record.versions.at(-1).application.area));
  const pts = [...permits, ...flights.flatMap(flightPoints), ...Object.values(drones).map((d) => d.getLngLat().toArray()).filter((p) => inRegion(p, r))];
  framing = framing.then(async () => {
    await frame(map, pts, { padding: { top: 44, bottom: 36, left: 80, right: 80 }, maxZoom: 14,
      fallback: { center: REGIONS[r].center, zoom: REGIONS[r].zoom } });
    document.body.dataset.mapFramed = `${r}:${flights.length}`;
    window.kizunaFramed = true;
  });
  return framing;
}
const pct = (v) => (v == null ? "—" : `${Math.round(v * 100)}%`);

function renderKpis(k) {
  const c = k.combined, prefs = Object.keys(k.prefectures);
  const by = (f) => esc(prefs.map((p) => `${t(p)} ${f(k.prefectures[p])}`).join(" · "));
  $("kpis").innerHTML = [["deliveries", c.deliveries, (x) => x.deliveries], ["ontime", pct(c.on_time_rate), (x) => pct(x.on_time_rate)],
    ["residents", c.residents_served, (x) => x.residents_served], ["incidents", c.incidents, (x) => x.incidents]]
    .map(([key, v, f]) => `<div class="card kpi"><div class="l">${esc(t(key))} · ${esc(t("combined"))}</div><div class="v" id="kpi-${esc(key)}">${esc(v)}</div><div class="by">${by(f)}</div></div>`).join("");
  groupedBars($("chart1"), { title: t("kpichart"), series: [t("deliveries"), t("residents"), t("incidents")],
    groups: [...prefs.map((p) => ({ label: t(p), values: [k.prefectures[p].deliveries, k.prefectures[p].residents_served, k.prefectures[p].incidents] })),
      { label: t("combined"), values: [c.deliveries, c.residents_served, c.incidents] }] });
  const hours = [...new Set(prefs.flatMap((p) => k.prefectures[p].hourly_deliveries.map((h) => h[0])))].sort((a, b) => a - b);
  groupedBars($("chart2"), { title: t("hourly"), series: prefs.map((p) => t(p)),
    groups: hours.map((h) => ({ label: `${h}:00`, values: prefs.map((p) => (k.prefectures[p].hourly_deliveries.find((x) => x[0] === h) || [h, 0])[1]) })) });
}
const current = (a) => a.record.versions.at(-1).application;
const titleOf = (ap) => (lang() === "ja" ? ap.title_ja || ap.title : ap.title);
const statePill = (a) => `<span class="pill ${a.state === "approved" ? "ok" : a.state === "rejected" ? "bad" : "warn"}">${esc(t(a.state))}</span>`;
// Approve with typed conditions or reject with a reason: the same controls on the card and in
// the dossier panel.
function decision(a) {
  const ap = current(a);
  return `<div class="decision" data-app="${esc(ap.id)}" data-org="${esc(a.organisation_id)}">
    <div class="actions"><label><input type="checkbox" data-cond="no_night" checked> ${esc(t("c_no_night"))}</label>
    <label><input type="checkbox" data-cond="camera_required" checked> ${esc(t("c_camera"))}</label><label><input type="checkbox" data-cond="no_commuting_hours"> ${esc(t("c_commute"))}</label></div>
    <div class="actions"><button class="primary" data-approve>${esc(t("approve"))}</button>
    <input data-reason class="grow" placeholder="${esc(t("reason"))}" aria-label="${esc(t("reason"))}"><button class="danger" data-reject>${esc(t("reject"))}</button></div>
    <p class="error" data-err></p></div>`;
}
function wireDecisions(root, after) {
  root.querySelectorAll(".decision").forEach((d) => {
    const { app: id, org } = d.dataset, err = d.querySelector("[data-err]");
    const base = `/orgs/${encodeURIComponent(org)}/permits/applications/${encodeURIComponent(id)}`;
    const act = async (fn) => { try { err.textContent = ""; await fn(); await after(); } catch (e) { err.textContent = e.message; } };
    d.querySelector("[data-approve]").onclick = () => act(async () => {
      const conds = [...d.querySelectorAll("[data-cond]:checked")].map((c) => ({ name: c.dataset.cond }));
      const today = (await call("/clock")).local.slice(0, 10);
      await call(`${base}/approve`, { method: "POST", body: { number: `KIZUNA-L4-${today.slice(0, 4)}-${id.slice(0, 6).toUpperCase()}`, on: today, conditions: conds } });
    });
    d.querySelector("[data-reject]").onclick = () => act(async () => {
      const input = d.querySelector("[data-reason]"), reason = input.value.trim();
      if (!reason) { input.focus(); throw new Error(t("needreason")); }
      await call(`${base}/reject`, { method: "POST", body: { reasons: [reason] } });
    });
  });
}
function appCard(a) {
  const ap = current(a);
  const wins = esc((ap.daily_windows || []).map((w) => `${String(w.start).slice(0, 5)}–${String(w.end).slice(0, 5)}`).join(", "));
  const mit = Object.entries(ap.mitigations || {}).filter(([, x]) => x).map(([k, x]) => `${k} ${x}`).join(", ");
  const list = (xs) => esc((Array.isArray(xs) ? xs : []).join(", "));
  let html = `<div class="app" data-app="${esc(ap.id)}"><b>${esc(titleOf(ap))}</b> ${statePill(a)}
    <dl class="kv"><dt>${esc(t("level"))}</dt><dd>${esc(ap.level)} · ${esc(t(`k_${ap.kind}`))} · ${esc(ap.operator)}</dd><dt>${esc(t("validity"))}</dt><dd>${esc(ap.valid_from)} – ${esc(ap.valid_to)}</dd>
    <dt>${esc(t("windows"))}</dt><dd>${wins}</dd><dt>${esc(t("fleet"))}</dt><dd>${list(ap.aircraft)} · ${list(ap.pilots)}</dd>
    <dt>${esc(t("mitigations"))}</dt><dd>${esc(mit || "—")}</dd><dt>${esc(t("insurance"))}</dt><dd>${esc(ap.insurance || "—")}</dd><dt>${esc(t("sites"))}</dt><dd>${esc((ap.emergency_landing_sites || []).length)}</dd></dl>
    <div class="actions"><button class="secondary" data-dossier="${esc(ap.id)}" data-org="${esc(a.organisation_id)}">${esc(t("opendossier"))}</button>
      <a href="/permits/pack?org=${esc(encodeURIComponent(a.organisation_id))}&amp;app=${esc(encodeURIComponent(ap.id))}">${esc(t("openpack"))}</a></div>`;
  if (a.state === "submitted") html += decision(a);
  return html + `</div>`;
}
async function renderApps() {
  // Those awaiting a decision first.
  const apps = (await call("/permits/applications")).sort((a, b) => (a.state !== "submitted") - (b.state !== "submitted"));
  appsCache = apps;
  $("apps").innerHTML = apps.map(appCard).join("");
  map.getSource("permits").setData(fc(apps.filter((a) => a.state === "approved").map((a) => poly(current(a).area)).filter((f) => f.geometry)));
  wireDecisions($("apps"), renderApps);
  $("apps").querySelectorAll("[data-dossier]").forEach((b) => { b.onclick = () => openDossier(b.dataset.org, b.dataset.dossier); });
}
// The dossier panel: the printable dossier the API renders (Japanese first, the map embedded),
// fetched with the page's sign-in and shown in a sandboxed frame (no scripts run in it), with
// the decision controls under it. Larger type on screen; print keeps the A4 layout.
// The screen styles are a stylesheet of the site (the page's CSP allows no inline style), linked
// into the dossier's head; in English the document's English lines are set as prominently as the
// Japanese ones.
const SCREEN_CSS = '<link rel="stylesheet" href="/static/css/dossier-screen.css">';
const SCREEN_CSS_EN = '<link rel="stylesheet" href="/static/css/dossier-screen-en.css">';
let dossierHtml = null;
function showDossier() {
  const frame = $("dossier-frame");
  if (!dossierHtml) return;
  frame.srcdoc = dossierHtml.replace("</head>", `${SCREEN_CSS}${lang() === "en" ? SCREEN_CSS_EN : ""}</head>`);
}
let dossierOpen = null;
function renderDossierHead() {
  const a = appsCache.find((x) => x.organisation_id === dossierOpen?.org && current(x).id === dossierOpen?.id);
  if (!a) return;
  $("dossier-title").innerHTML = `${esc(t("dossier"))}: ${esc(titleOf(current(a)))} ${statePill(a)}`;
  $("dossier-decision").innerHTML = a.state === "submitted" ? `<h3>${esc(t("decision"))}</h3>${decision(a)}` : "";
  wireDecisions($("dossier-decision"), async () => { await renderApps(); renderDossierHead(); });
}
async function openDossier(org, id) {
  dossierOpen = { org, id }; dossierHtml = null;
  const body = document.body, frame = $("dossier-frame");
  body.dataset.dossier = "loading";
  $("dossier-status").textContent = t("dossierloading"); $("dossier-status").className = "muted";
  frame.hidden = true; frame.removeAttribute("srcdoc"); frame.title = t("dossierframe");
  renderDossierHead();
  if (!$("dossier").open) $("dossier").showModal();
  try {
    const html = await callText(`/orgs/${encodeURIComponent(org)}/permits/applications/${encodeURIComponent(id)}/dossier.html`);
    if (dossierOpen?.id !== id || dossierOpen?.org !== org) return;
    frame.onload = () => { $("dossier-status").textContent = ""; frame.hidden = false; body.dataset.dossier = `ready:${id}:${lang()}`; };
    dossierHtml = html; showDossier();
  } catch (e) {
    $("dossier-status").textContent = e.message; $("dossier-status").className = "error"; body.dataset.dossier = "error";
  }
}
$("dossier-close").onclick = () => $("dossier").close();
$("dossier").addEventListener("close", () => { dossierOpen = null; dossierHtml = null; document.body.dataset.dossier = "closed"; });
$("dossier-print").onclick = () => { const w = $("dossier-frame").contentWindow; if (w) w.print(); };
async function renderEa() {
  const all = await call("/emergency-airspace?active=false");
  $("ea").innerHTML = all.length ? all.map((e) => `<div class="actions"><b>${esc(e.name)}</b> <span class="pill ${e.active ? "bad" : ""}">${esc(e.active ? t("active") : t("inactive"))}</span>
    <button class="secondary" data-ea="${esc(e.id)}" data-action="${e.active ? "deactivate" : "activate"}">${esc(e.active ? t("deactivate") : t("activate"))}</button></div>`).join("") : `<p class="muted">${esc(t("noea"))}</p>`;
  map.getSource("emergency").setData(fc(all.filter((e) => e.active).map((e) => poly(e.area))));
  $("ea").querySelectorAll("[data-ea]").forEach((b) => { b.onclick = async () => { await call(`/emergency-airspace/${encodeURIComponent(b.dataset.ea)}/${b.dataset.action}`, { method: "POST" }); renderEa(); }; });
}
$("ea-new").onclick = async () => {
  const c = map.getCenter(), d = 0.006;
  try {
    await call("/emergency-airspace", { method: "POST", body: { prefecture: REGIONS[region].prefecture, name: `${lang() === "ja" ? "災害対応" : "Disaster response"} ${c.lat.toFixed(3)}, ${c.lng.toFixed(3)}`,
      area: { type: "Polygon", coordinates: [[[c.lng - d, c.lat - d], [c.lng + d, c.lat - d], [c.lng + d, c.lat + d], [c.lng - d, c.lat + d], [c.lng - d, c.lat - d]]] } } });
    $("eaerr").textContent = "";
  } catch (e) { $("eaerr").textContent = e.message; }
  renderEa();
};
function drone(id, name, p) {
  if (!drones[id]) drones[id] = label(map, [p.lon, p.lat], `${name}`, "drone");
  drones[id].setLngLat([p.lon, p.lat]);
  if (!userMoved && inRegion([p.lon, p.lat]) && !map.getBounds().contains([p.lon, p.lat])) frameRegion();
}
async function renderLive() {
  const flights = await call("/live/flights");
  map.getSource("volumes").setData(fc(flights.map((f) => poly(f.volume))));
  map.getSource("routes").setData(fc(flights.filter((f) => f.route).map((f) => line(f.route))));
  for (const f of flights) if (f.last) drone(f.intent_id, f.registration || f.owner, f.last);
  for (const id of Object.keys(drones)) if (!flights.find((f) => f.intent_id === id)) { drones[id].remove(); delete drones[id]; }
  $("nlive").textContent = t("live", { n: flights.length });
  flightsCache = flights;
  const ids = regionFlights().map((f) => f.intent_id).sort().join(",");
  if (ids !== framedFlights && !userMoved) { framedFlights = ids; await frameRegion(); }
  document.body.dataset.liveFlights = String(flights.length);
}
function renderTabs() {
  $("tabs").innerHTML = Object.entries(REGIONS).map(([k, r]) => `<button class="${k === region ? "primary" : "secondary"}" data-region="${esc(k)}">${esc(r[lang()])}</button>`).join("");
  $("tabs").querySelectorAll("button").forEach((b) => { b.onclick = () => { region = b.dataset.region; userMoved = false; framedFlights = null; frameRegion(); renderTabs(); }; });
}
async function refresh() {
  kpiCache = await call("/kpis"); renderKpis(kpiCache);
  $("clock").textContent = fmtTime((await call("/clock")).now);
  await renderLive();
}
function render() {
  apply(); $("lang").textContent = $("dossier-lang").textContent = lang() === "ja" ? "English" : "日本語";
  $("zone").textContent = lang() === "ja" ? "連携“絆”特区（長崎県・福島県）" : "Kizuna special zone (Nagasaki, Fukushima)";
}

me = await requireLogin(["regulator"]);
render();
$("out").onclick = logout;
// The first region's detailed coast (GSHHG) comes with the map; the other's loads in loadRegion.
map = await createMap($("map"), { center: REGIONS.goto.center, zoom: REGIONS.goto.zoom, scenario: "goto" });
expose("regulator", () => map);
// Only a person's drag, wheel or button zoom carries an originalEvent; fitBounds does not.
map.on("movestart", (e) => { if (e.originalEvent) userMoved = true; });
window.kizunaMapLoaded = true;
const collected = { did: [], no_fly: [] };
async function loadRegion(name) {
  if (name !== "goto") {
    map.addSource(`scn-land-${name}`, { type: "geojson", data: await call(`/scenarios/${name}/layers/land`) });
    map.addLayer({ id: `scn-land-${name}`, source: `scn-land-${name}`, type: "fill", paint: { "fill-color": "#e7ecd9" } }, "did");
    map.addLayer({ id: `scn-coast-${name}`, source: `scn-land-${name}`, type: "line", paint: { "line-color": "#9fb39a", "line-width": 1 } }, "did");
  }
  const bases = await call(`/scenarios/${name}/layers/bases`);
  for (const b of bases.features) label(map, b.geometry.coordinates, `${b.properties.name_ja || b.properties.name || ""}`, "base");
  for (const layer of Object.keys(collected)) {
    collected[layer].push(...(await call(`/scenarios/${name}/layers/${layer}`)).features);
    map.getSource(layer).setData(fc(collected[layer]));
  }
}
await loadRegion("goto");
loadRegion("minamisoma");  // the other region loads behind the first view
renderTabs();
$("lang").onclick = $("dossier-lang").onclick = async () => { toggle(); render(); renderTabs(); renderEa(); if (kpiCache) renderKpis(kpiCache); await renderApps(); renderDossierHead(); if (dossierOpen) showDossier(); };
stream("/live/positions", (ev, p) => { if (ev === "position") drone(p.intent_id, p.aircraft_id, p); });
await Promise.all([renderApps(), renderEa()]);
await refresh();  // frames the region on its permit areas and live flights
setInterval(refresh, 3000);
window.kizunaReady = true;
