// Accidents and serious incidents: an operator files and confirms or dismisses drafts; a
// regulator sees the reports of their prefecture, new filings arriving on the live stream.
// Every value reaches the page through textContent (el()); no HTML is built from data.
import { call, callText, requireLogin, logout, stream } from "./api.js";
import { setDict, apply, t, toggle, lang } from "./i18n.js";

setDict({
  title: { ja: "事故・重大インシデント", en: "Accidents and serious incidents" }, logout: { ja: "ログアウト", en: "Sign out" },
  report: { ja: "事故等の報告", en: "Report an event" },
  duty: { ja: "事故・重大インシデントが起きたら、負傷者を救護し、警察・消防に通報し、直ちに国土交通省へ報告してください（航空法第132条の90）。",
    en: "After an accident or serious incident: help the injured, call police or fire, and report to MLIT at once (Civil Aeronautics Act Art. 132-90)." },
  kind: { ja: "種類", en: "Kind" }, occurred: { ja: "発生日時（日本時間）", en: "Date and time (Japan)" }, place: { ja: "発生場所", en: "Place" },
  lat: { ja: "緯度", en: "Latitude" }, lon: { ja: "経度", en: "Longitude" }, aircraft: { ja: "機体", en: "Aircraft" }, pilot: { ja: "操縦者", en: "Pilot" },
  permit: { ja: "許可・承認番号", en: "Permission number" }, wind: { ja: "風速 m/s", en: "Wind m/s" }, conditions: { ja: "天候", en: "Weather" },
  summary: { ja: "概要", en: "Summary" }, damage: { ja: "損壊の状況", en: "Damage" }, injuries: { ja: "死傷者の状況", en: "Injuries" },
  action: { ja: "講じた措置", en: "Action taken" }, nolanding: { ja: "着陸していない（逸走・通信途絶）", en: "Did not land (fly-away, lost link)" },
  landing: { ja: "着陸日時", en: "Landing time" }, file: { ja: "報告する", en: "File the report" }, reports: { ja: "報告一覧", en: "Reports" },
  none: { ja: "報告はありません", en: "No reports" }, confirm: { ja: "確認して報告", en: "Confirm and file" }, dismiss: { ja: "取り下げ", en: "Dismiss" },
  reason: { ja: "取り下げの理由", en: "Reason for dismissing" }, print: { ja: "印刷用", en: "Printable" }, filed_ok: { ja: "報告しました", en: "Filed" },
  draft: { ja: "下書き", en: "Draft" }, filed: { ja: "報告済み", en: "Filed" }, dismissed: { ja: "取り下げ", en: "Dismissed" },
  accident: { ja: "事故", en: "Accident" }, serious_incident: { ja: "重大インシデント", en: "Serious incident" }, fresh: { ja: "新着", en: "New" },
  simulation: { ja: "シミュレーションから", en: "From the simulation" }, notlanded: { ja: "着陸せず", en: "did not land" },
  s_connecting: { ja: "接続中…", en: "Connecting…" }, s_live: { ja: "ライブ受信中", en: "Live" }, s_reconnecting: { ja: "再接続中…", en: "Reconnecting…" },
  death_or_serious_injury: { ja: "人の死傷（重傷以上）", en: "Death or serious injury" },
  third_party_property_damage: { ja: "第三者の物件の損壊", en: "Damage to third-party property" },
  aircraft_collision: { ja: "航空機との衝突・接触", en: "Collision with an aircraft" },
  near_collision: { ja: "航空機との衝突・接触のおそれ", en: "Near-collision with an aircraft" },
  minor_injury: { ja: "人の負傷（重傷以外）", en: "Minor injury" },
  loss_of_control: { ja: "制御不能（逸走・通信途絶を含む）", en: "Loss of control (fly-away, lost link)" },
  fire_in_flight: { ja: "飛行中の発火", en: "Fire in flight" },
});
const KINDS = ["death_or_serious_injury", "third_party_property_damage", "aircraft_collision", "near_collision", "minor_injury", "loss_of_control", "fire_in_flight"];
const $ = (id) => document.getElementById(id);
function el(tag, { cls, text, attrs } = {}, ...children) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) if (c) e.append(c);
  return e;
}
function jst(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(lang() === "ja" ? "ja-JP" : "en-GB", { timeZone: "Asia/Tokyo", dateStyle: "medium", timeStyle: "short" });
}
// datetime-local values are Japan time.
function fromLocal(v) { return v ? `${v}:00+09:00` : null; }
let me, reports = [], fresh = new Set(), fleet = { aircraft: [], pilots: [] };
const operator = () => me.role === "operator";

function renderForm() {
  const kind = $("kind"), was = kind.value;
  kind.replaceChildren(...KINDS.map((k) => el("option", { text: t(k), attrs: { value: k } })));
  kind.value = was || "loss_of_control";
  $("registration").replaceChildren(...fleet.aircraft.map((a) => el("option", { text: `${a.registration} (${a.model})`, attrs: { value: a.registration } })));
  $("pilot").replaceChildren(...fleet.pilots.map((p) => el("option", { text: p.name, attrs: { value: p.id } })));
}
function reportCard(r) {
  const head = el("h3", {}, el("span", { text: t(r.classification) }), el("span", { cls: `pill ${r.status === "filed" ? "bad" : r.status === "draft" ? "warn" : ""}`, text: t(r.status) }),
    fresh.has(r.id) ? el("span", { cls: "pill warn", text: t("fresh") }) : null,
    r.source === "simulation" ? el("span", { cls: "pill", text: t("simulation") }) : null);
  const card = el("div", { cls: `report${fresh.has(r.id) ? " fresh" : ""}`, attrs: { "data-report": r.id, "data-status": r.status } }, head,
    el("p", { text: `${t(r.kind)} · ${jst(r.occurred_at)} · ${r.place}` }),
    el("p", { cls: "muted", text: `${r.registration} (${r.model}) · ${r.pilot} · ${r.organisation_id}${r.landing_time ? "" : ` · ${t("notlanded")}`}` }),
    el("p", { text: r.summary }),
    r.dismiss_reason ? el("p", { cls: "muted", text: `${t("reason")}: ${r.dismiss_reason}` }) : null);
  const actions = el("div", { cls: "actions" });
  const print = el("button", { cls: "secondary", text: t("print"), attrs: { type: "button" } });
  print.onclick = async () => {
    const html = await callText(`/incidents/${r.id}/report.html`);
    window.open(URL.createObjectURL(new Blob([html], { type: "text/html" })), "_blank", "noopener");
  };
  actions.append(print);
  if (operator() && r.status === "draft") {
    const confirm = el("button", { cls: "primary", text: t("confirm"), attrs: { type: "button", "data-confirm": r.id } });
    const reason = el("input", { attrs: { placeholder: t("reason"), "aria-label": t("reason"), maxlength: "2000" } });
    const dismiss = el("button", { cls: "danger", text: t("dismiss"), attrs: { type: "button" } });
    const err = el("span", { cls: "error" });
    const act = (fn) => async () => { try { await fn(); await load(); } catch (e) { err.textContent = e.message; } };
    confirm.onclick = act(() => call(`/incidents/${r.id}/confirm`, { method: "POST" }));
    dismiss.onclick = act(() => call(`/incidents/${r.id}/dismiss`, { method: "POST", body: { reason: reason.value } }));
    actions.append(confirm, reason, dismiss, err);
  }
  card.append(actions);
  return card;
}
function renderReports() {
  $("reports").replaceChildren(...(reports.length ? reports.map(reportCard) : [el("p", { cls: "muted", text: t("none") })]));
}
async function load() { reports = await call("/incidents"); renderReports(); }
async function file(ev) {
  ev.preventDefault();
  $("err").textContent = "";
  const num = (id) => ($(id).value === "" ? null : Number($(id).value));
  const body = {
    kind: $("kind").value, occurred_at: fromLocal($("occurred").value), place: $("place").value, lat: num("lat"), lon: num("lon"),
    registration: $("registration").value, pilot_id: $("pilot").value, permit_number: $("permit").value || null,
    weather: { wind_mps: num("wind"), conditions: $("conditions").value }, summary: $("summary").value, damage: $("damage").value,
    injuries: $("injuries").value, action_taken: $("action").value, landing_time: $("nolanding").checked ? null : fromLocal($("landing").value),
  };
  try {
    const r = await call(`/orgs/${me.organisation_id}/incidents`, { method: "POST", body });
    fresh.add(r.id); $("err").textContent = t("filed_ok"); await load();
  } catch (e) { $("err").textContent = e.message; }
}
function render() {
  apply(); $("lang").textContent = lang() === "ja" ? "English" : "日本語"; $("zone").textContent = me.organisation_id || "";
  if (operator()) renderForm();
  renderReports();
}
function liveState(state) {
  $("live").className = `pill state ${state === "live" ? "ok" : "warn"}`;
  $("live").textContent = `${state === "live" ? "●" : "○"} ${t(`s_${state}`)}`;
}

me = await requireLogin(["operator", "regulator"]);
if (!operator()) $("main").classList.add("regulator");
else fleet = await call(`/orgs/${me.organisation_id}/fleet/status`);
render();
$("lang").onclick = () => { toggle(); render(); };
$("out").onclick = logout;
$("form").onsubmit = file;
$("nolanding").onchange = () => { $("landing").disabled = $("nolanding").checked; };
await load();
// Filings arrive on the live stream ("incident" events) for the regulators of the prefecture.
stream("/live/positions?timeout_s=300", (ev, doc) => {
  if (ev !== "incident") return;
  fresh.add(doc.id);
  reports = [doc, ...reports.filter((r) => r.id !== doc.id)];
  renderReports();
}, (state) => {
  // Reopened after a failure: what was filed meanwhile is in the list.
  if (state === "live" && $("live").dataset.state === "reconnecting") load().catch(() => {});
  $("live").dataset.state = state; liveState(state);
});
