// The sign-in page: after signing in, each role goes to its own page (or back to ?next=).
import { login, call } from "./api.js";
import { setDict, apply, toggle, lang } from "./i18n.js";
setDict({
  zone: { ja: "連携“絆”特区 新技術実装", en: "Kizuna special zone · new technology" },
  title: { ja: "ログイン", en: "Sign in" },
  intro: { ja: "住民・運航事業者・特区事務局のアカウントでログインしてください。", en: "Sign in as a resident, a delivery operator or the zone office." },
  user: { ja: "ユーザー名", en: "Username" }, password: { ja: "パスワード", en: "Password" },
  signin: { ja: "ログイン", en: "Sign in" }, bad: { ja: "ユーザー名またはパスワードが違います", en: "Wrong username or password" },
});
const render = () => { apply(); document.getElementById("lang").textContent = lang() === "ja" ? "English" : "日本語"; };
document.getElementById("lang").onclick = () => { toggle(); render(); };
render();
document.getElementById("f").onsubmit = async (e) => {
  e.preventDefault();
  try {
    await login(document.getElementById("u").value, document.getElementById("p").value);
    const me = await call("/auth/me");
    const next = new URLSearchParams(location.search).get("next");
    const home = { resident: "/resident", operator: "/console", regulator: "/regulator", company: "/residency/company",
      prefecture_officer: "/residency/review", immigration_officer: "/residency/cases" }[me.role] || "/api/v1/docs";
    location.href = next && next.startsWith("/") ? next : home;
  } catch (err) { document.getElementById("err").textContent = (await import("./i18n.js")).t("bad"); }
};
