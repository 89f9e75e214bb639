// The talent page: the gap by year and role (base against a scenario), the levers, the fast
// track's foreign engineers, the programme register with sources, hiring plans, and the
// internship match. Every value reaches the page through h() (textContent), never innerHTML.
import { call, requireLogin, logout } from "./api.js";
import { setDict, apply, t, toggle, lang } from "./i18n.js";

setDict({
  title: { ja: "半導体人材の需給", en: "Semiconductor talent" }, logout: { ja: "ログアウト", en: "Sign out" },
  zone: { ja: "産業拠点特区（熊本県・宮城県）", en: "Industrial hub zone (Kumamoto, Miyagi)" },
  kumamoto: { ja: "熊本県", en: "Kumamoto" }, miyagi: { ja: "宮城県", en: "Miyagi" },
  nav_review: { ja: "審査", en: "Review" }, nav_dashboard: { ja: "ダッシュボード", en: "Dashboard" }, nav_talent: { ja: "半導体人材", en: "Talent" },
  nav_company: { ja: "申請", en: "Applications" }, nav_regulator: { ja: "特区ダッシュボード", en: "Zone dashboard" },
  gapchart: { ja: "不足数（需要－供給）の推移：現状と施策案", en: "The gap (demand − supply) by year: base and scenario" },
  gaphelp: { ja: "正の値は人材が不足、負の値は余剰。供給＝県内の育成課程の卒業生のうち半導体に就職し県内に残る人数＋海外からの人材。", en: "Positive: short of people; negative: surplus. Supply = graduates of the region's programmes who enter semiconductors and stay, plus people from abroad." },
  scenario: { ja: "施策案", en: "Scenario" }, basecase: { ja: "現状のみ", en: "Base only" }, base: { ja: "現状", en: "Base" },
  engineer: { ja: "技術者（プロセス・装置・設計）", en: "Engineers (process, equipment, design)" }, technician: { ja: "技能者", en: "Technicians" }, operator: { ja: "オペレーター", en: "Operators" },
  engineer_s: { ja: "技術者", en: "Engineer" }, technician_s: { ja: "技能者", en: "Technician" }, operator_s: { ja: "オペレーター", en: "Operator" },
  kpi_base: { ja: "期間の不足合計（現状）", en: "Total gap, base" }, kpi_scen: { ja: "期間の不足合計（施策案）", en: "Total gap, scenario" },
  kpi_closed: { ja: "施策で縮まる不足", en: "Gap closed by the scenario" }, kpi_foreign: { ja: "海外からの技術者（期間計）", en: "Foreign engineers (period)" },
  cum: { ja: "累計 {b} → {s}", en: "cumulative {b} → {s}" }, years: { ja: "{a}〜{b}年", en: "{a}–{b}" },
  levers: { ja: "施策（レバー）", en: "Levers" },
  levershelp_edit: { ja: "施策案に施策を加えると、グラフの施策案の棒が変わります。順に適用されます。", en: "Add a lever to the scenario and the chart's scenario bars change. Levers apply in order." },
  levershelp_read: { ja: "施策案は県の担当者が作成します（閲覧のみ）。", en: "Scenarios are made by the prefecture's officers (read only)." },
  nolevers: { ja: "施策はまだありません", en: "No levers yet" }, remove: { ja: "削除", en: "Remove" },
  leverkind: { ja: "施策の種類", en: "Lever" }, add_seats: { ja: "定員を増やす", en: "Add seats" }, set_share: { ja: "割合を変える", en: "Change a share" }, add_programme: { ja: "リスキリング講座を加える", en: "Add a reskilling course" },
  programme: { ja: "課程", en: "Programme" }, fromyear: { ja: "適用する卒業年度から", en: "From graduating year" }, addseats: { ja: "増やす定員（人/年）", en: "Seats added (a year)" },
  share: { ja: "割合", en: "Share" }, value: { ja: "新しい値（0〜1）", en: "New value (0–1)" },
  semiconductor_share: { ja: "半導体への就職率", en: "Share entering semiconductors" }, stay_share: { ja: "県内定着率", en: "Share staying in the region" },
  coursename: { ja: "講座名", en: "Course name" }, role: { ja: "職種", en: "Role" }, seats: { ja: "定員（人/年）", en: "Seats a year" }, firstgrad: { ja: "最初の修了年", en: "First graduates" },
  semishare: { ja: "半導体就職率", en: "Semiconductor share" }, stayshare: { ja: "定着率", en: "Stay share" }, addlever: { ja: "施策を加える", en: "Add the lever" },
  lv_add_seats: { ja: "{p}：{y}年の卒業から定員＋{n}", en: "{p}: +{n} seats from the {y} graduates" },
  lv_set_share: { ja: "{p}：{s}を{v}に", en: "{p}: {s} to {v}" }, lv_add_programme: { ja: "新講座「{p}」{n}人/年（{y}年から）", en: "New course “{p}”, {n} a year from {y}" },
  newscenario: { ja: "案A", en: "Scenario A" },
  foreign: { ja: "海外からの技術者", en: "Foreign engineers" },
  foreignhelp: { ja: "ファストトラックで交付された在留資格認定証明書（年別、在留資格管理の記録から）と、県の計画値を積み上げています。デモの交付件数は合成データです。", en: "Certificates of Eligibility granted through the fast track (per year, from the residency records), with the prefecture's planned figures stacked on top. The demo's grants are synthetic." },
  fast_track: { ja: "ファストトラック交付", en: "Fast-track grants" }, planned: { ja: "計画値", en: "Planned" },
  register: { ja: "育成課程の一覧", en: "Programme register" },
  registerhelp: { ja: "年間供給＝定員×半導体就職率×県内定着率。出典と、公表値・仮定の区別を各行に示します。", en: "Yearly supply = seats × semiconductor share × stay share. Each row shows its source and what is published and what is assumed." },
  kind: { ja: "種別", en: "Kind" }, grads: { ja: "修了年", en: "Graduates" }, yearly: { ja: "年間供給", en: "Yearly supply" }, source: { ja: "出典・注記", en: "Source and note" },
  university: { ja: "大学", en: "University" }, kosen: { ja: "高専", en: "Kosen" }, technical_high_school: { ja: "工業高校", en: "Technical high school" }, reskilling: { ja: "リスキリング", en: "Reskilling" },
  plans: { ja: "採用計画", en: "Hiring plans" },
  planshelp_company: { ja: "自社の採用計画を入力してください。他社には公開されません。", en: "Enter your company's hiring plans. Other companies do not see them." },
  planshelp_officer: { ja: "企業が入力した計画と、県が公表値から入力した計画です。", en: "Plans entered by companies, and those the prefecture entered from published figures." },
  employer: { ja: "雇用主", en: "Employer" }, year: { ja: "年", en: "Year" }, hires: { ja: "採用数", en: "Hires" }, addplan: { ja: "計画を追加", en: "Add the plan" },
  byprefecture: { ja: "県（公表値）", en: "Prefecture (published)" }, nocontent: { ja: "ありません", en: "None" },
  context: { ja: "公表されている数値（参考）", en: "Published figures (context)" },
  contexthelp: { ja: "モデルの入力ではなく、判断の参考として出典とともに示します。", en: "Shown for context with their sources; they are not inputs of the model." },
  save: { ja: "保存", en: "Save" }, registerhelp_edit: { ja: "定員を直接変えると現状（基準）が変わります。施策として比べるときは「施策（レバー）」を使ってください。", en: "Changing seats here changes the base itself; to compare, use a lever instead." },
  gaptable: { ja: "数値で見る（年・職種別）", en: "The figures (by year and role)" }, demand: { ja: "需要", en: "Demand" },
  supply_b: { ja: "供給（現状）", en: "Supply, base" }, supply_s: { ja: "供給（施策案）", en: "Supply, scenario" },
  gap_b: { ja: "不足（現状）", en: "Gap, base" }, gap_s: { ja: "不足（施策案）", en: "Gap, scenario" }, closed: { ja: "縮小", en: "Closed" },
  nodemand: { ja: "採用計画（需要）が入力されていないため、不足数は示していません。供給側の数値と海外からの人材のみ表示しています。", en: "No hiring plans (demand) have been entered, so no gap is shown: only the supply side and the people from abroad." },
  internships: { ja: "インターンシップのマッチング（例示データ）", en: "Internship match (illustrative data)" },
  internhelp: { ja: "学生の希望（職種・場所・期間）と企業の受入枠を、割当問題として解いています（scipy linear_sum_assignment）。学生・企業は架空の例です。", en: "Students' applications (role, town, dates) matched to employers' places as an assignment problem (scipy linear_sum_assignment). Students and employers are invented examples." },
  student: { ja: "学生", en: "Student" }, place: { ja: "受入先", en: "Place" }, cost: { ja: "コスト", en: "Cost" }, why: { ja: "理由", en: "Why" },
  unmatched: { ja: "割り当てられなかった学生", en: "Students without a place" },
});

const $ = (id) => document.getElementById(id);
// The one way data reaches the page: elements built with text content.
function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === "class") e.className = v; else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c != null) e.append(c instanceof Node ? c : String(c));
  return e;
}
const SVG = "http://www.w3.org/2000/svg";
function s(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}
const LOCALE = () => (lang() === "ja" ? "ja-JP" : "en-GB");
const fmt = (v, d = 1) => Number(v).toLocaleString(LOCALE(), { maximumFractionDigits: d });
const ROLES = ["engineer", "technician", "operator"];
const KINDS = ["university", "kosen", "technical_high_school", "reskilling"];
const COLORS = { base: "#64748b", scenario: "#c2410c", fast_track: "#0b4f8a", planned: "#7dd3fc" };

let me, prefs = [], pref = null, data = {}, scenarioId = "";

function nav() {
  const links = { prefecture_officer: ["review", "dashboard", "talent"], regulator: ["regulator", "talent"], company: ["company", "talent"], admin: ["talent"] }[me.role] || ["talent"];
  const href = { review: "/residency/review", dashboard: "/residency/dashboard", talent: "/talent", regulator: "/regulator", company: "/residency/company" };
  $("nav").replaceChildren(...links.map((p) => h("a", { href: href[p], class: p === "talent" ? "on" : "" }, t(`nav_${p}`))));
}

// -- charts ---------------------------------------------------------------------------------
function niceStep(span) {
  const raw = span / 4, mag = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  return [1, 2, 2.5, 5, 10].map((m) => m * mag).find((x) => x >= raw) || mag * 10;
}
// Bars per year, one per series, around a zero line (gaps go negative when there is a surplus).
function barChart({ title, subtitle, years, series, role, ariaLabel = "", stacked = false, width = 360, height = 220 }) {
  const pad = { l: 46, r: 8, t: subtitle ? 40 : title ? 24 : 10, b: 24 };
  const totals = years.map((_, i) => stacked ? series.reduce((a, x) => a + x.values[i], 0) : null);
  const all = stacked ? [0, ...totals] : [0, ...series.flatMap((x) => x.values)];
  let lo = Math.min(...all), hi = Math.max(...all);
  if (hi === lo) hi = lo + 1;
  const step = niceStep(hi - lo); lo = Math.floor(lo / step) * step; hi = Math.ceil(hi / step) * step;
  const y = (v) => pad.t + (height - pad.t - pad.b) * (hi - v) / (hi - lo);
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": `${title || ariaLabel}${subtitle ? ` · ${subtitle}` : ""}`, "data-role": role || "" });
  if (title) svg.append(s("text", { x: 4, y: 14, "font-size": 13, "font-weight": 700, fill: "#17212b" }, title));
  if (subtitle) svg.append(s("text", { x: 4, y: 30, "font-size": 11, fill: "#4a5663", "data-subtitle": "" }, subtitle));
  for (let v = lo; v <= hi + step / 2; v += step) {
    svg.append(s("line", { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), stroke: v === 0 ? "#17212b" : "#e5e7eb" }));
    svg.append(s("text", { x: pad.l - 4, y: y(v) + 4, "font-size": 10, "text-anchor": "end", fill: "#4a5663" }, fmt(v, 0)));
  }
  const gw = (width - pad.l - pad.r) / years.length;
  const bw = stacked ? Math.min(22, gw - 6) : Math.min(14, (gw - 6) / series.length);
  years.forEach((yr, i) => {
    let acc = 0;
    series.forEach((x, j) => {
      const v = x.values[i];
      const from = stacked ? acc : 0, to = stacked ? acc + v : v;
      acc = to;
      const top = y(Math.max(from, to)), hgt = Math.abs(y(from) - y(to));
      const left = pad.l + i * gw + (stacked ? (gw - bw) / 2 : (gw - bw * series.length) / 2 + j * bw);
      const r = s("rect", { x: left, y: top, width: bw - 1, height: Math.max(hgt, 0.5), fill: x.color, "data-year": yr, "data-series": x.key });
      r.append(s("title", {}, `${yr} · ${x.name}: ${fmt(v)}`));
      svg.append(r);
    });
    if (years.length <= 12 || i % 2 === 0) svg.append(s("text", { x: pad.l + i * gw + gw / 2, y: height - 8, "font-size": 10, "text-anchor": "middle", fill: "#17212b" }, String(yr)));
  });
  return svg;
}
function legend(el, items) {
  el.replaceChildren(...items.map(([color, label]) => { const i = h("i"); i.style.background = color; return h("span", {}, i, label); }));
}

// -- rendering --------------------------------------------------------------------------------
function renderStatus() {
  $("prefs").replaceChildren(...prefs.map((p) => {
    const b = h("button", { type: "button", "data-pref": p.prefecture, "aria-pressed": String(p.prefecture === pref) }, t(p.prefecture));
    b.onclick = () => { pref = p.prefecture; scenarioId = ""; load(); };
    return b;
  }));
  const p = prefs.find((x) => x.prefecture === pref);
  $("status").textContent = p ? (lang() === "ja" ? p.status_ja : p.status_en) : "";
  $("context").replaceChildren(...(p ? p.context : []).map((c) => h("li", {}, h("b", {}, lang() === "ja" ? c.label_ja : c.label_en), "：", lang() === "ja" ? c.value_ja : c.value_en, " ", h("span", { class: "src" }, `[${c.source}]`))));
}

function renderGap() {
  const f = data.forecast;
  if (!f) return;
  const years = [...new Set(f.years.map((r) => r.year))];
  const roles = ROLES.filter((r) => f.years.some((x) => x.role === r));
  const withScenario = Boolean(f.scenario);
  $("scenario").replaceChildren(h("option", { value: "" }, t("basecase")), ...data.scenarios.map((x) => h("option", { value: x.id, selected: x.id === scenarioId }, x.name)));
  if (f.total.base.demand === 0) {  // no hiring plan: a "gap" would only restate the supply
    $("gapchart").replaceChildren(h("p", { class: "notice", id: "nodemand" }, t("nodemand")));
    $("gaplegend").replaceChildren();
    $("kpis").replaceChildren();
    $("gapdetails").hidden = true;
    renderForeign(f);
    return;
  }
  const seriesOf = (rows) => [{ key: "base", name: t("base"), color: COLORS.base, values: rows.map((r) => r.base.gap) },
    ...(withScenario ? [{ key: "scenario", name: f.scenario.name, color: COLORS.scenario, values: rows.map((r) => r.scenario.gap) }] : [])];
  $("gapchart").replaceChildren(...roles.map((role) => {
    const rows = f.years.filter((r) => r.role === role);
    const last = rows[rows.length - 1];
    const sub = t("cum", { b: fmt(last.base.cumulative_gap, 0), s: fmt(last.scenario.cumulative_gap, 0) });
    return h("div", { class: "chart", "data-role": role }, barChart({ title: t(role), subtitle: withScenario ? sub : t("cum", { b: fmt(last.base.cumulative_gap, 0), s: "—" }), years, series: seriesOf(rows), role }));
  }));
  legend($("gaplegend"), [[COLORS.base, t("base")], ...(withScenario ? [[COLORS.scenario, f.scenario.name]] : [])]);
  const tb = f.total.base.gap, ts = f.total.scenario.gap;
  const foreign = f.foreign.reduce((a, x) => a + x.fast_track + x.planned, 0);
  const kpi = (id, label, v, cls = "") => h("div", { class: `kpi ${cls}`, id }, h("div", { class: "v" }, v), h("div", { class: "l" }, label), h("div", { class: "by" }, t("years", { a: f.from_year, b: f.to_year })));
  $("kpis").replaceChildren(kpi("kpi-base", t("kpi_base"), fmt(tb, 0), tb > 0 ? "bad" : ""), kpi("kpi-scenario", t("kpi_scen"), withScenario ? fmt(ts, 0) : "—", ts > 0 ? "warn" : ""),
    kpi("kpi-closed", t("kpi_closed"), withScenario ? fmt(tb - ts, 0) : "—"), kpi("kpi-foreign", t("kpi_foreign"), fmt(foreign, 0)));
  $("gapdetails").hidden = false;
  const num = (v) => h("td", { class: "num" }, fmt(v));
  $("gaptable").replaceChildren(
    h("thead", {}, h("tr", {}, [t("year"), t("role")].map((x) => h("th", {}, x)), ["demand", "supply_b", "supply_s", "gap_b", "gap_s", "closed"].map((k) => h("th", { class: "num" }, t(k))))),
    h("tbody", {}, f.years.map((r) => h("tr", {}, h("td", {}, String(r.year)), h("td", {}, t(`${r.role}_s`)), num(r.base.demand), num(r.base.supply), num(r.scenario.supply),
      num(r.base.gap), num(r.scenario.gap), num(r.gap_closed)))));
  renderForeign(f);
}
function renderForeign(f) {
  const fy = f.foreign.map((x) => x.year);
  $("foreignchart").replaceChildren(barChart({ title: "", ariaLabel: t("foreign"), years: fy, stacked: true, series: [
    { key: "fast_track", name: t("fast_track"), color: COLORS.fast_track, values: f.foreign.map((x) => x.fast_track) },
    { key: "planned", name: t("planned"), color: COLORS.planned, values: f.foreign.map((x) => x.planned) }] }));
  legend($("foreignlegend"), [[COLORS.fast_track, t("fast_track")], [COLORS.planned, t("planned")]]);
}

function programmeName(p) { return (lang() === "ja" ? p.name_ja || p.name_en : p.name_en || p.name_ja) || p.id; }
function leverText(l) {
  const prog = data.programmes.find((p) => p.id === l.programme_id);
  const pn = prog ? programmeName(prog) : l.programme_id;
  if (l.kind === "add_seats") return t("lv_add_seats", { p: pn, y: l.from_year, n: fmt(l.seats, 0) });
  if (l.kind === "set_share") return t("lv_set_share", { p: pn, s: t(l.share), v: fmt(l.value, 2) });
  const np = l.programme;
  return t("lv_add_programme", { p: (lang() === "ja" ? l.name_ja || l.name_en : l.name_en || l.name_ja) || np.id, n: fmt(np.seats, 0), y: np.first_graduates });
}
function currentScenario() { return data.scenarios.find((x) => x.id === scenarioId); }

function renderLevers() {
  const canEdit = prefs.find((p) => p.prefecture === pref)?.may_edit;
  $("levershelp").textContent = canEdit ? t("levershelp_edit") : t("levershelp_read");
  $("leverform").hidden = !canEdit;
  const sc = currentScenario();
  const items = sc ? sc.levers : [];
  $("leverlist").replaceChildren(...(items.length ? items.map((l, i) => {
    const li = h("li", { "data-lever": i }, leverText(l));
    if (canEdit) { const b = h("button", { type: "button", class: "secondary" }, t("remove")); b.onclick = () => saveLevers(items.filter((_, j) => j !== i)); li.append(b); }
    return li;
  }) : [h("li", { class: "muted" }, t("nolevers"))]));
  const kind = $("lkind").value || "add_seats";
  $("lkind").replaceChildren(...["add_seats", "set_share", "add_programme"].map((k) => h("option", { value: k, selected: k === kind }, t(k))));
  const prog = $("lprog").value;
  $("lprog").replaceChildren(...data.programmes.map((p) => h("option", { value: p.id, selected: p.id === prog }, programmeName(p))));
  const share = $("lshare").value;
  $("lshare").replaceChildren(...["stay_share", "semiconductor_share"].map((k) => h("option", { value: k, selected: k === share }, t(k))));
  const nrole = $("nrole").value || "technician";
  $("nrole").replaceChildren(...ROLES.map((r) => h("option", { value: r, selected: r === nrole }, t(`${r}_s`))));
  showLeverFields();
}
function showLeverFields() {
  const kind = $("lkind").value;
  document.querySelectorAll("#leverform [data-for]").forEach((el) => {
    const on = el.dataset.for.split(" ").includes(kind);
    el.hidden = !on;
    el.querySelectorAll("input, select").forEach((i) => { i.disabled = !on; });
  });
}

function renderRegister() {
  $("registeredit").textContent = prefs.find((x) => x.prefecture === pref)?.may_edit ? t("registerhelp_edit") : "";
  const head = h("tr", {}, h("th", {}, t("programme")), h("th", {}, t("kind")), h("th", {}, t("role")), h("th", { class: "num" }, t("seats")),
    h("th", {}, t("grads")), h("th", { class: "num" }, t("semishare")), h("th", { class: "num" }, t("stayshare")), h("th", { class: "num" }, t("yearly")), h("th", {}, t("source")));
  const canEdit = prefs.find((x) => x.prefecture === pref)?.may_edit;
  const seatsCell = (p) => {
    if (!canEdit) return h("td", { class: "num" }, fmt(p.seats, 0));
    const input = h("input", { type: "number", min: 0, max: 100000, value: p.seats, "aria-label": `${programmeName(p)} ${t("seats")}`, class: "seats" });
    const save = h("button", { type: "button", class: "secondary", "data-save": p.id }, t("save"));
    save.onclick = () => saveSeats(p, Number(input.value));
    return h("td", { class: "num" }, input, save);
  };
  const rows = data.programmes.map((p) => h("tr", { "data-programme": p.id },
    h("td", {}, programmeName(p)), h("td", {}, t(p.kind)), h("td", {}, t(`${p.role}_s`)), seatsCell(p),
    h("td", {}, p.last_graduates ? `${p.first_graduates}–${p.last_graduates}` : `${p.first_graduates}–`),
    h("td", { class: "num" }, fmt(p.semiconductor_share, 2)), h("td", { class: "num" }, fmt(p.stay_share, 2)), h("td", { class: "num" }, fmt(p.yearly)),
    h("td", { class: "src" }, h("b", {}, p.source), p.note ? h("br") : null, p.note)));
  $("register").replaceChildren(h("thead", {}, head), h("tbody", {}, rows.length ? rows : [h("tr", {}, h("td", { colspan: 9, class: "muted" }, t("nocontent")))]));
}

function renderPlans() {
  const company = me.role === "company";
  $("planshelp").textContent = company ? t("planshelp_company") : t("planshelp_officer");
  const canEdit = company || prefs.find((p) => p.prefecture === pref)?.may_edit;
  $("planform").hidden = !canEdit;
  $("employerlabel").hidden = company;
  const role = $("prole").value || "engineer";
  $("prole").replaceChildren(...ROLES.map((r) => h("option", { value: r, selected: r === role }, t(`${r}_s`))));
  // One row per employer and role, one column per year: the plans as an official reads them.
  const years = [...new Set(data.plans.map((p) => p.year))].sort((a, b) => a - b);
  const groups = new Map();
  for (const p of data.plans) {
    const key = JSON.stringify([p.employer, p.role, p.organisation_id, p.source, p.note]);
    if (!groups.has(key)) groups.set(key, { ...p, by: {} });
    const g = groups.get(key); g.by[p.year] = (g.by[p.year] || 0) + p.hires;
  }
  const head = h("tr", {}, h("th", {}, t("employer")), h("th", {}, t("role")), years.map((y) => h("th", { class: "num" }, String(y))), h("th", {}, t("source")));
  const rows = [...groups.values()].map((g) => h("tr", { "data-plan": `${g.employer}|${g.role}` },
    h("td", {}, g.employer, g.organisation_id ? null : h("div", { class: "tag" }, t("byprefecture"))), h("td", {}, t(`${g.role}_s`)),
    years.map((y) => h("td", { class: "num" }, g.by[y] == null ? "—" : fmt(g.by[y], 0))),
    h("td", { class: "src" }, h("b", {}, g.source), g.note ? h("br") : null, g.note)));
  $("plans").replaceChildren(h("thead", {}, head), h("tbody", {}, rows.length ? rows : [h("tr", {}, h("td", { colspan: 3, class: "muted" }, t("nocontent")))]));
}

function renderInternships() {
  const m = data.internships;
  if (!m) return;
  const place = Object.fromEntries(m.places.map((p) => [p.place_id, p]));
  const head = h("tr", {}, h("th", {}, t("student")), h("th", {}, t("place")), h("th", { class: "num" }, t("cost")), h("th", {}, t("why")));
  const rows = m.assignments.map((a) => h("tr", { "data-student": a.student_id }, h("td", {}, a.student_id), h("td", {}, a.employer, h("br"), h("span", { class: "muted" }, `${place[a.place_id]?.town ?? ""} · ${place[a.place_id]?.start ?? ""}–${place[a.place_id]?.end ?? ""}`)),
    h("td", { class: "num" }, String(a.cost)), h("td", {}, h("ul", { class: "reasons" }, a.reasons.map((r) => h("li", {}, r))))));
  $("assignments").replaceChildren(h("thead", {}, head), h("tbody", {}, rows.length ? rows : [h("tr", {}, h("td", { colspan: 4, class: "muted" }, t("nocontent")))]));
  $("unmatched").replaceChildren(...(m.unmatched.length ? m.unmatched.map((u) => h("li", {}, h("b", {}, u.student_id), " ", u.reason)) : [h("li", { class: "muted" }, t("nocontent"))]));
}

function render() {
  apply(); $("lang").textContent = lang() === "ja" ? "English" : "日本語";
  nav(); renderStatus();
  const reader = me.role !== "company";
  for (const id of ["gapcard", "leverscard", "foreigncard", "registercard", "interncard"]) $(id).hidden = !reader;
  $("planscard").hidden = false; $("contextcard").hidden = false;
  if (reader) { renderGap(); renderLevers(); renderRegister(); renderInternships(); }
  renderPlans();
}

// -- loading and saving -----------------------------------------------------------------------
async function loadForecast() {
  const q = scenarioId ? `&scenario=${encodeURIComponent(scenarioId)}` : "";
  data.forecast = await call(`/talent/${pref}/forecast?from_year=2025&to_year=2034${q}`);
}
async function load() {
  if (me.role === "company") {
    data = { plans: await call(`/talent/${pref}/plans`), programmes: [], scenarios: [] };
    render(); return;
  }
  const [programmes, plans, scenarios, internships] = await Promise.all([call(`/talent/${pref}/programmes`), call(`/talent/${pref}/plans`),
    call(`/talent/${pref}/scenarios`), call(`/talent/${pref}/internships`)]);
  data = { programmes, plans, scenarios, internships };
  if (!scenarioId && scenarios.length) scenarioId = scenarios[0].id;
  await loadForecast();
  render();
}
// The base itself: the programme saved with the version read (409 if someone changed it since).
async function saveSeats(p, seats) {
  $("rerr").textContent = "";
  const programme = { id: p.id, prefecture: p.prefecture, kind: p.kind, role: p.role, seats, first_graduates: p.first_graduates,
    semiconductor_share: p.semiconductor_share, stay_share: p.stay_share, ...(p.last_graduates ? { last_graduates: p.last_graduates } : {}) };
  try {
    await call(`/talent/${pref}/programmes/${encodeURIComponent(p.id)}`, { method: "PUT",
      body: { programme, name_ja: p.name_ja, name_en: p.name_en, source: p.source, note: p.note, expected_version: p.version } });
  } catch (err) { $("rerr").textContent = err.message; }
  await load();
}
async function saveLevers(levers) {
  $("lerr").textContent = "";
  const sc = currentScenario();
  const id = sc ? sc.id : "plan-a";
  try {
    const saved = await call(`/talent/${pref}/scenarios/${encodeURIComponent(id)}`, { method: "PUT",
      body: { name: sc ? sc.name : t("newscenario"), levers, ...(sc ? { expected_version: sc.version } : {}) } });
    data.scenarios = [...data.scenarios.filter((x) => x.id !== saved.id), saved].sort((a, b) => a.id.localeCompare(b.id));
    scenarioId = saved.id;
    await loadForecast();
    render();
  } catch (err) {
    $("lerr").textContent = err.message;
    if (err.status === 409) { await load(); }
  }
}
function leverFromForm() {
  const kind = $("lkind").value;
  if (kind === "add_seats") return { kind, programme_id: $("lprog").value, from_year: Number($("lfrom").value), seats: Number($("lseats").value) };
  if (kind === "set_share") return { kind, programme_id: $("lprog").value, share: $("lshare").value, value: Number($("lvalue").value) };
  const taken = new Set([...data.programmes.map((p) => p.id), ...(currentScenario()?.levers || []).filter((l) => l.kind === "add_programme").map((l) => l.programme.id)]);
  let n = 1; while (taken.has(`reskilling-${n}`)) n += 1;
  const name = $("nname").value.trim();
  return { kind, name_ja: name, name_en: name, programme: { id: `reskilling-${n}`, prefecture: pref, kind: "reskilling", role: $("nrole").value,
    seats: Number($("nseats").value), first_graduates: Number($("nfirst").value), semiconductor_share: Number($("nsemi").value), stay_share: Number($("nstay").value) } };
}

me = await requireLogin(["prefecture_officer", "regulator", "company", "admin"]);
prefs = await call("/talent/prefectures");
pref = prefs.find((p) => p.may_edit)?.prefecture || prefs[0]?.prefecture || null;
$("out").onclick = logout;
$("lang").onclick = () => { toggle(); render(); };
$("lkind").onchange = showLeverFields;
$("scenario").onchange = async () => { scenarioId = $("scenario").value; await loadForecast(); render(); };
$("leverform").onsubmit = async (e) => { e.preventDefault(); await saveLevers([...(currentScenario()?.levers || []), leverFromForm()]); };
$("planform").onsubmit = async (e) => {
  e.preventDefault();
  $("perr").textContent = "";
  const body = { year: Number($("pyear").value), role: $("prole").value, hires: Number($("phires").value) };
  if (me.role !== "company") body.employer = $("pemployer").value.trim();
  try { await call(`/talent/${pref}/plans`, { method: "POST", body }); await load(); } catch (err) { $("perr").textContent = err.message; }
};
if (pref) await load(); else render();
