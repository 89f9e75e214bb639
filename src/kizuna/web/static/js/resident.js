import { call, requireLogin, stream, logout } from "./api.js";
import { esc } from "./dom.js";
import { setDict, apply, t, toggle, lang, fmtTime } from "./i18n.js";
import { createMap, label, fc, line, frame, expose } from "./map.js";

setDict({
  zone: { ja: "新上五島町 青方", en: "Aokata, Shin-Kamigoto" },
  title: { ja: "ドローンでお届け", en: "Delivery by drone" },
  step1: { ja: "1 / 3", en: "1 / 3" }, step2: { ja: "2 / 3", en: "2 / 3" }, step3: { ja: "3 / 3", en: "3 / 3" },
  what: { ja: "なにを届けますか？", en: "What shall we bring?" },
  where: { ja: "どこに届けますか？", en: "Where to?" },
  when: { ja: "いつ届けますか？", en: "When?" },
  medicine: { ja: "お薬", en: "Medicine" }, medicine_d: { ja: "処方薬・市販薬（0.3 kg）", en: "Prescription or pharmacy (0.3 kg)" },
  daily: { ja: "日用品", en: "Daily goods" }, daily_d: { ja: "ティッシュ・電池など（1 kg）", en: "Tissues, batteries… (1 kg)" },
  food: { ja: "食料品", en: "Groceries" }, food_d: { ja: "パン・牛乳など（1.5 kg）", en: "Bread, milk… (1.5 kg)" },
  asap: { ja: "今すぐ", en: "As soon as possible" }, asap_d: { ja: "2時間以内", en: "Within 2 hours" },
  afternoon: { ja: "今日の午後", en: "This afternoon" }, afternoon_d: { ja: "13時〜16時", en: "13:00–16:00" },
  tomorrow_morning: { ja: "明日の午前", en: "Tomorrow morning" }, tomorrow_morning_d: { ja: "9時〜12時", en: "9:00–12:00" },
  back: { ja: "戻る", en: "Back" }, send: { ja: "注文する", en: "Place order" }, next: { ja: "次へ", en: "Next" },
  cancel: { ja: "注文を取り消す", en: "Cancel order" }, again: { ja: "新しく注文", en: "New order" },
  yourorder: { ja: "ご注文の状況", en: "Your order" }, history: { ja: "これまでの注文", en: "Earlier orders" },
  eta: { ja: "到着予定 {t} ごろ", en: "Arriving about {t}" },
  received: { ja: "受け付けました", en: "Received" }, accepted: { ja: "受け付けました", en: "Accepted" },
  scheduled: { ja: "準備中です", en: "Being prepared" }, in_flight: { ja: "ドローンが向かっています", en: "The drone is on its way" },
  delivered: { ja: "お届けしました", en: "Delivered" }, cancelled: { ja: "取り消しました", en: "Cancelled" },
  rejected: { ja: "お受けできませんでした", en: "We could not accept it" }, failed: { ja: "お届けできませんでした", en: "Not delivered" },
  none: { ja: "まだ注文はありません", en: "No orders yet" },
  dropspot: { ja: "お届け先", en: "Drop spot" }, base: { ja: "出発地（{n}）", en: "Base ({n})" }, drone: { ja: "ドローン", en: "Drone" },
});

const ITEMS = { medicine: [{ kind: "medicine", weight_kg: 0.3 }], daily: [{ kind: "daily_goods", weight_kg: 1.0 }],
  food: [{ kind: "daily_goods", weight_kg: 1.5 }] };
const ICON = { medicine: "薬", daily: "品", food: "食" };
const $ = (id) => document.getElementById(id);
let spots = [], choice = { what: null, where: null, when: null }, step = 1, current = null, map = null, drone = null, routeShown = null;
// The status card's map: created once (renderTrack runs every refresh, so it is guarded by a
// promise), framed on drop spot + base (+ route, + drone while flying) whenever those change.
let mapMade = null, dropMarker = null, baseMarker = null, baseAt = null, framedKey = null, framing = Promise.resolve();
const basesOf = {};
async function baseOf(o) {
  const sc = o.drop_spot.scenario, id = o.flight?.base_id || o.drop_spot.base_id;
  basesOf[sc] = basesOf[sc] || call(`/scenarios/${sc}/layers/bases`);
  const b = (await basesOf[sc]).features.find((f) => f.properties.id === id);
  return b ? { at: b.geometry.coordinates, name: lang() === "ja" ? b.properties.name_ja || b.properties.name : b.properties.name } : null;
}
function framePoints(o) {
  const pts = [[o.drop_spot.lon, o.drop_spot.lat]];
  if (baseAt) pts.push(baseAt);
  if (o.flight?.route) pts.push(...o.flight.route);
  if (drone && o.state === "in_flight") { const d = drone.getLngLat(); pts.push([d.lng, d.lat]); }
  return pts;
}
function reframe(o, key) {
  framing = framing.then(async () => {
    await frame(map, framePoints(o), { padding: { top: 56, bottom: 28, left: 64, right: 64 }, maxZoom: 13 });
    document.body.dataset.mapFramed = key;
    window.kizunaFramed = true;
  });
  return framing;
}

function choiceButton(key, title, detail, icon, selected, onPick) {
  const b = document.createElement("button");
  b.type = "button"; b.className = "choice"; b.setAttribute("aria-pressed", selected ? "true" : "false");
  b.dataset.key = key;
  b.innerHTML = `<span class="icon" aria-hidden="true">${esc(icon)}</span><span>${esc(title)}<small>${esc(detail)}</small></span>`;
  b.onclick = onPick; return b;
}
function renderSteps() {
  $("what").replaceChildren(...Object.keys(ITEMS).map((k) => choiceButton(k, t(k), t(`${k}_d`), ICON[k], choice.what === k, () => { choice.what = k; step = 2; render(); })));
  $("where").replaceChildren(...spots.map((s) => choiceButton(s.id, (lang() === "ja" ? s.label.split(" / ")[0] : (s.label.split(" / ")[1] || s.label)),
    lang() === "ja" ? s.name_ja : s.name, "所", choice.where === s.id, () => { choice.where = s.id; step = 3; render(); })));
  $("when").replaceChildren(...["asap", "afternoon", "tomorrow_morning"].map((k) => choiceButton(k, t(k), t(`${k}_d`), "時", choice.when === k, () => { choice.when = k; render(); })));
  for (const n of [1, 2, 3]) $(`s${n}`).hidden = step !== n;
  $("back").hidden = step === 1; $("send").hidden = !(step === 3 && choice.when);
}
function stateText(o) { return t(o.state); }
async function renderTrack() {
  const o = current; if (!o) return;
  $("state").textContent = stateText(o);
  $("eta").textContent = o.eta && !["delivered", "cancelled", "rejected", "failed"].includes(o.state) ? t("eta", { t: fmtTime(o.eta) }) : "";
  $("spot").textContent = lang() === "ja" ? o.drop_spot.name_ja : o.drop_spot.name;
  $("reason").textContent = o.state === "rejected" ? o.reason : "";
  $("cancel").hidden = !["accepted", "scheduled"].includes(o.state);
  $("again").hidden = !["delivered", "cancelled", "rejected", "failed"].includes(o.state);
  document.body.dataset.orderState = o.state;
  if (!mapMade) {
    mapMade = createMap($("omap"), { center: [o.drop_spot.lon, o.drop_spot.lat], zoom: 13, scenario: o.drop_spot.scenario,
      controls: false, compactAttribution: true }).then((m) => { map = m; expose("resident", () => map); window.kizunaMapLoaded = true; });
  }
  await mapMade;
  if (o !== current) return;  // a newer refresh has taken over
  const base = await baseOf(o);
  baseAt = base?.at || null;
  const spotAt = [o.drop_spot.lon, o.drop_spot.lat];
  if (!dropMarker) dropMarker = label(map, spotAt, t("dropspot"), "drop", { anchor: "bottom", offset: [0, -8] });
  dropMarker.setLngLat(spotAt); dropMarker.getElement().textContent = t("dropspot");
  if (base) {
    if (!baseMarker) baseMarker = label(map, base.at, "", "base");
    baseMarker.setLngLat(base.at); baseMarker.getElement().textContent = t("base", { n: base.name });
  }
  const routeKey = o.flight ? o.id : null;
  if (routeShown !== routeKey) {
    routeShown = routeKey;
    map.getSource("routes").setData(fc(o.flight ? [line(o.flight.route)] : []));
  }
  if (o.state !== "in_flight" && drone) { drone.remove(); drone = null; }
  const key = `${o.id}:${o.state}:${routeKey ? "route" : "-"}`;
  if (framedKey !== key) { framedKey = key; await reframe(o, o.state); }
}
async function renderHistory() {
  const orders = await call("/orders");
  $("history").replaceChildren(...(orders.length ? orders.slice(0, 6).map((o) => {
    const li = document.createElement("li");
    li.textContent = `${fmtTime(o.received_at)} · ${o.items.map((i) => (i.kind === "medicine" ? t("medicine") : t("daily"))).join(", ")} · ${stateText(o)}`;
    return li;
  }) : [Object.assign(document.createElement("li"), { textContent: t("none") })]));
  return orders;
}
function render() {
  apply(); $("lang").textContent = lang() === "ja" ? "English" : "日本語";
  $("order").hidden = !!current; $("track").hidden = !current;
  if (current) renderTrack(); else renderSteps();
}
async function refresh() {
  if (!current) return;
  current = await call(`/orders/${current.id}`);
  render(); renderHistory();
}

$("lang").onclick = () => { toggle(); render(); renderHistory(); };
$("back").onclick = () => { step = Math.max(1, step - 1); render(); };
$("send").onclick = async () => {
  $("err").textContent = "";
  try {
    current = await call("/orders", { method: "POST", body: { items: ITEMS[choice.what], drop_spot_id: choice.where, when: choice.when } });
    render(); renderHistory();
  } catch (e) { $("err").textContent = e.message; }
};
$("cancel").onclick = async () => { current = await call(`/orders/${current.id}/cancel`, { method: "POST" }); render(); renderHistory(); };
$("again").onclick = () => { current = null; choice = { what: null, where: null, when: null }; step = 1; render(); };

await requireLogin(["resident"]);
spots = await call("/me/drop-spots");
const orders = await renderHistory();
current = orders.find((o) => ["accepted", "scheduled", "in_flight"].includes(o.state)) || null;
render();
stream("/live/positions", (ev, p) => {
  if (ev !== "position" || !map || current?.state !== "in_flight") return;
  if (!drone) drone = label(map, [p.lon, p.lat], t("drone"), "drone");
  drone.setLngLat([p.lon, p.lat]);
  // The route is framed, so the drone normally stays in view; if it strays, follow it.
  if (!map.getBounds().contains([p.lon, p.lat])) reframe(current, current.state);
});
setInterval(refresh, 2000);
window.kizunaReady = true;
