// Compressed-hydrogen storage check (POST /hydrogen/check) and the registered sites' map layer.
import { call, requireLogin, logout } from "./api.js";
import { esc } from "./dom.js";
import { setDict, apply, t, toggle, lang } from "./i18n.js";
import { createMap, label, frame, expose } from "./map.js";

setDict({
  title_hydrogen: { ja: "水素貯蔵の判定", en: "Hydrogen storage check" }, logout: { ja: "ログアウト", en: "Sign out" },
  zone: { ja: "連携“絆”特区 新技術実装（福島県）", en: "Kizuna special zone · new technology (Fukushima)" },
  check: { ja: "圧縮水素の貯蔵量を判定", en: "Check a compressed-hydrogen store" },
  checkhelp: { ja: "建築基準法第48条（別表第二）の用途地域ごとの上限と、特区の緩和を適用します。", en: "Building Standards Act Art. 48 (Appended Table 2) caps per use district, and the special zone's relaxation." },
  district: { ja: "用途地域", en: "Use district" }, amount: { ja: "貯蔵量", en: "Amount stored" },
  station: { ja: "国交省基準の水素ステーション", en: "Hydrogen station (MLIT standard)" }, special: { ja: "特区内の敷地", en: "Inside the special zone" },
  run: { ja: "判定する", en: "Check" }, allowed: { ja: "貯蔵できます", en: "Allowed" }, notallowed: { ja: "上限を超えています", en: "Over the cap" },
  cap: { ja: "上限", en: "Cap" }, nocap: { ja: "上限なし", en: "No cap" }, stored: { ja: "貯蔵量（0℃・1気圧）", en: "Stored (0 °C, 1 atm)" },
  regime: { ja: "適用", en: "Regime" }, standard: { ja: "一般（建築基準法）", en: "Standard (Building Standards Act)" }, special_zone: { ja: "特区の上限", en: "Special-zone cap" },
  needs: { ja: "必要な手続", en: "What is needed" }, notices: { ja: "お知らせ", en: "Notices" },
  public_hearing: { ja: "公開による意見の聴取", en: "Public hearing" }, building_review_board: { ja: "建築審査会の同意", en: "Building review board consent" },
  sites: { ja: "登録済みの貯蔵施設（例示）", en: "Registered storage sites (illustrative)" }, ok: { ja: "上限内", en: "Within the cap" }, ng: { ja: "上限超過", en: "Over the cap" },
  exclusive_residential: { ja: "第一種・第二種低層住居専用地域等", en: "Exclusive residential" }, residential: { ja: "第一種・第二種住居地域", en: "Residential" },
  quasi_residential: { ja: "準住居地域", en: "Quasi-residential" }, neighbourhood_commercial: { ja: "近隣商業地域", en: "Neighbourhood commercial" },
  commercial: { ja: "商業地域", en: "Commercial" }, quasi_industrial: { ja: "準工業地域", en: "Quasi-industrial" },
  industrial: { ja: "工業地域", en: "Industrial" }, exclusive_industrial: { ja: "工業専用地域", en: "Exclusive industrial" },
});
const DISTRICTS = ["exclusive_residential", "residential", "quasi_residential", "neighbourhood_commercial", "commercial", "quasi_industrial", "industrial", "exclusive_industrial"];
const $ = (id) => document.getElementById(id);
const num = (v) => (v == null ? t("nocap") : `${Number(v).toLocaleString(lang() === "ja" ? "ja-JP" : "en-GB", { maximumFractionDigits: 1 })} m³`);
// Both languages: the page's first, the other beneath it.
const both = (x) => { const [a, b] = lang() === "ja" ? [x.text_ja, x.text_en] : [x.text_en, x.text_ja]; return `${esc(a)}<br><span class="muted">${esc(b)}</span>`; };
let map, sites, last = null;

function renderVerdict(v) {
  if (!v) { $("verdict").innerHTML = ""; return; }
  $("verdict").innerHTML = `<div class="verdict ${v.allowed ? "ok" : "bad"}" id="h2verdict" data-allowed="${v.allowed}">
    <div class="big">${v.allowed ? t("allowed") : t("notallowed")}</div>
    <dl class="kv"><dt>${t("cap")}</dt><dd id="h2cap">${esc(num(v.cap_m3))}</dd><dt>${t("stored")}</dt><dd>${esc(num(v.stored_m3))}</dd><dt>${t("regime")}</dt><dd>${esc(t(v.regime))}</dd></dl>
    ${v.needs.length ? `<b>${t("needs")}</b><ul class="reasons">${v.needs.map((n) => `<li><code>${esc(n.code)}</code> ${both(n)}<br>${esc(n.steps.map((s) => t(s)).join(" → "))}</li>`).join("")}</ul>` : ""}
    ${v.notices.length ? `<b>${t("notices")}</b><ul class="reasons">${v.notices.map((n) => `<li><code>${esc(n.code)}</code> ${both(n)}</li>`).join("")}</ul>` : ""}</div>`;
}
function renderSites() {
  $("sitelist").innerHTML = `<table><tbody>${sites.features.map((f) => { const p = f.properties; return `<tr><td>${esc(p.name)}</td>
    <td>${lang() === "ja" ? esc(p.municipality) : esc(p.municipality_en)}</td><td>${esc(t(p.district))}</td><td><span class="pill ${p.allowed ? "ok" : "bad"}">${p.allowed ? t("ok") : t("ng")}</span></td></tr>`; }).join("")}</tbody></table>`;
}
function render() {
  apply(); $("lang").textContent = lang() === "ja" ? "English" : "日本語"; $("zone").textContent = t("zone");
  const d = $("district").value || "commercial";
  $("district").innerHTML = DISTRICTS.map((k) => `<option value="${k}" ${k === d ? "selected" : ""}>${t(k)}</option>`).join("");
  renderVerdict(last);
  if (sites) renderSites();
}

await requireLogin(["operator", "regulator", "company", "prefecture_officer", "admin"]);
render();
$("out").onclick = logout;
$("lang").onclick = () => { toggle(); render(); };
$("h2form").onsubmit = async (e) => {
  e.preventDefault();
  const amount = Number($("amount").value);
  try {
    $("h2err").textContent = "";
    last = await call("/hydrogen/check", { method: "POST", body: { district: $("district").value,
      [$("unit").value === "kg" ? "stored_kg" : "stored_m3"]: amount, hydrogen_station: $("station").checked, special_zone: $("zone2").checked } });
    renderVerdict(last);
    document.body.dataset.verdict = String(last.allowed);
  } catch (err) { $("h2err").textContent = err.message; }
};
sites = await call("/hydrogen/sites");
renderSites();
map = await createMap($("map"), { center: [140.7, 37.55], zoom: 8, compactAttribution: true });
expose("hydrogen", () => map);
map.addSource("h2sites", { type: "geojson", data: sites });
map.addLayer({ id: "h2sites", source: "h2sites", type: "circle", paint: { "circle-radius": 8, "circle-stroke-width": 2, "circle-stroke-color": "#fff",
  "circle-color": ["case", ["get", "allowed"], "#15803d", "#b91c1c"] } });
// Neighbouring sites (Haramachi) label on opposite sides so the names do not overlap.
sites.features.forEach((f, i) => label(map, f.geometry.coordinates, f.properties.name.split(" / ")[0], "",
  i % 2 ? { anchor: "right", offset: [-12, 0] } : { anchor: "left", offset: [12, 0] }));
await frame(map, sites.features.map((f) => f.geometry.coordinates), { padding: { top: 40, bottom: 30, left: 40, right: 160 }, maxZoom: 12 });
window.kizunaReady = true;
