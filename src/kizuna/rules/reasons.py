"""Catalogue of reason and violation texts, keyed by code, in Japanese and English.

Every conclusion of `kizuna.rules.classify` names one of these codes. The texts are written for
a reader who is not a lawyer: what holds, and what it means for the flight.
"""

from __future__ import annotations

from typing import Literal, get_args

from kizuna.errors import InvalidInput, UnknownName

__all__ = ["CATALOGUE", "LANGUAGES", "RULES", "Language", "language", "rule", "text"]

Language = Literal["ja", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

_SPECIFIC_JA = "そのため「特定飛行」にあたります。"
_SPECIFIC_EN = "so it is a specific flight (a flight the law watches more closely)."
_IIB_APPLY_JA = "そのため国土交通省の許可・承認が必要です(飛行の10開庁日前までに申請)。"
_IIB_APPLY_EN = (
    "so the flight needs MLIT permission or approval; apply at least 10 business days ahead."
)

CATALOGUE: dict[str, dict[Language, str]] = {
    # --- the aircraft itself -------------------------------------------------------------
    "MODEL-AIRCRAFT": {
        "ja": "機体はバッテリー込みで100 g未満なので、法律上は無人航空機ではなく模型航空機です。"
        "無人航空機のルール(特定飛行・カテゴリー・登録)はかかりませんが、"
        "緊急用務空域ではやはり飛行できません。",
        "en": "The aircraft weighs less than 100 g with its battery, so the law treats it as a "
        "model aircraft, not an unmanned aircraft: the drone rules (specific flights, "
        "categories, registration) do not apply, but it still may not fly in active "
        "emergency-use airspace.",
    },
    "UNREGISTERED": {
        "ja": "機体は100 g以上ですが登録されていません。100 g以上の無人航空機は、"
        "登録しないと飛行できません。",
        "en": "The aircraft weighs 100 g or more but is not registered. An unmanned aircraft of "
        "100 g or more may not fly until it is registered.",
    },
    "NO-REMOTE-ID": {
        "ja": "機体は100 g以上ですがリモートID(登録記号を電波で発信する装置)がありません。"
        "リモートIDなしでは飛行できません。",
        "en": "The aircraft weighs 100 g or more but has no Remote ID (a device that broadcasts "
        "its registration number). It may not fly without one.",
    },
    # --- the specific-flight conditions --------------------------------------------------
    "A-AIRPORT": {
        "ja": "空港の周辺で、制限表面(進入表面・転移表面・水平表面など)より高い空域を飛行します。"
        + _SPECIFIC_JA,
        "en": "The flight goes above an airport's restricted surfaces (approach, transitional, "
        "horizontal and the like), " + _SPECIFIC_EN,
    },
    "A-150M-STRUCTURE": {
        "ja": "150 m以上の高さですが、建物などの物件から30 m以内の空域なので、"
        "150 m以上の空域の規制はかかりません(2021年改正)。",
        "en": "The flight is 150 m or more above the ground, but within 30 m of a structure, "
        "which since 2021 is not part of the 150 m airspace, so that rule does not apply.",
    },
    "A-EMERGENCY": {
        "ja": "現在設定されている緊急用務空域(救助・消防・警察などのための空域)を飛行します。"
        "ここではどんなドローンも飛行できず、許可でも認められません。",
        "en": "The flight is in emergency-use airspace that is active now (set up for rescue, "
        "firefighting or police work). No drone may fly there, and no permission can allow it.",
    },
    "A-150M": {
        "ja": "真下の地面や水面から150 m以上の高さを飛行します。" + _SPECIFIC_JA,
        "en": "The flight goes 150 m or more above the ground or water directly below, "
        + _SPECIFIC_EN,
    },
    "A-DID": {
        "ja": "人口集中地区(国勢調査で定める、家が密集した地域)の上空を飛行します。" + _SPECIFIC_JA,
        "en": "The flight passes over a densely inhabited district (a built-up area defined by the "
        "census), " + _SPECIFIC_EN,
    },
    "M-NIGHT": {
        "ja": "日没から日の出までの夜間に飛行します。" + _SPECIFIC_JA,
        "en": "The flight takes place between sunset and sunrise, " + _SPECIFIC_EN,
    },
    "M-BVLOS": {
        "ja": "操縦者が自分の目で機体を直接見ずに飛行します(モニター、カメラ、双眼鏡、"
        "補助者の目視は「目視」に含まれません)。" + _SPECIFIC_JA,
        "en": "The pilot does not keep the aircraft in direct sight with their own eyes (screens, "
        "cameras, binoculars and helpers do not count), " + _SPECIFIC_EN,
    },
    "M-30M": {
        "ja": "飛行に関係のない人や物件(家・車など)から30 m未満に近づきます。" + _SPECIFIC_JA,
        "en": "The aircraft comes closer than 30 m to people or property (houses, cars) not "
        "involved in the flight, " + _SPECIFIC_EN,
    },
    "M-EVENT": {
        "ja": "催し物や人の集まりの上空を飛行します。" + _SPECIFIC_JA,
        "en": "The flight passes over an event or a gathering of people, " + _SPECIFIC_EN,
    },
    "M-DANGEROUS": {
        "ja": "危険物(燃料、ガス、火薬など)を運びます。" + _SPECIFIC_JA,
        "en": "The aircraft carries dangerous goods (such as fuel, gas or explosives), "
        + _SPECIFIC_EN,
    },
    "M-DROP": {
        "ja": "飛行中に荷物などを機体から切り離して落とします(パラシュート投下を含みます。"
        "着陸して置く、ウインチで降ろす、手渡すのは含みません)。" + _SPECIFIC_JA,
        "en": "Something is released from the aircraft in the air (parachute drops count; setting "
        "it down, lowering it on a winch or handing it over do not), " + _SPECIFIC_EN,
    },
    "AIRCRAFT-DROPS": {
        "ja": "この機体は荷物を空中で切り離して落とす(パラシュート投下など)ので、"
        "どの飛行も物件投下にあたります。",
        "en": "This aircraft releases its payload in the air (a parachute drop, for example), so "
        "every flight it makes drops objects.",
    },
    "LICENCE-KIND": {
        "ja": "操縦者の技能証明はこの種類の機体(マルチローター、飛行機、ヘリコプター)を"
        "対象としていないので、この機体については技能証明がないものとして扱います。",
        "en": "The pilot's licence does not cover this kind of aircraft (multirotor, aeroplane, "
        "helicopter), so for this aircraft the pilot counts as unlicensed.",
    },
    "L4-OVER-THIRD-PARTIES": {
        "ja": "レベル4は第三者の上空を飛ぶので、人や物件から30 m未満の飛行にあたります。",
        "en": "Level 4 flies over third parties, so it is a flight within 30 m of people and "
        "property.",
    },
    "CAMERA-NOT-ENTRY-CONTROL": {
        "ja": "機体カメラで下を確かめる方法は、目視外のレベル3.5飛行だけで補助者や看板の代わりに"
        "なります。目視内の飛行では立入管理措置にならないので、立入管理措置なしとして扱います。",
        "en": "An onboard camera replaces helpers and signs only on a Level 3.5 flight beyond "
        "sight. Within sight it does not keep third parties away, so the flight counts as "
        "having no entry control.",
    },
    # --- category and application ----------------------------------------------------------
    "CAT-I": {
        "ja": "特定飛行にあたる条件がないので、カテゴリーIの飛行です。許可・承認は不要です。",
        "en": "None of the specific-flight conditions holds, so this is a Category I flight: no "
        "permission or approval is needed.",
    },
    "CAT-IIA": {
        "ja": "飛行経路の下に第三者が入らないようにした特定飛行で、リスクの高い要素"
        "(空港周辺、150 m以上、催し物上空、危険物、物件投下、25 kg以上の機体)を含むため、"
        "カテゴリーIIAです。国土交通省の許可・承認が必ず必要です(飛行の10開庁日前までに申請)。",
        "en": "This is a specific flight with third parties kept away from under the flight path, "
        "and it includes a higher-risk element (near an airport, 150 m or higher, over an event, "
        "dangerous goods, dropping objects, or an aircraft of 25 kg or more), so it is Category "
        "IIA: MLIT permission or approval is always needed; apply at least 10 business days ahead.",
    },
    "MTOW-25KG": {
        "ja": "機体の最大離陸重量が25 kg以上です。"
        "これはリスクの高い要素にあたります(カテゴリーIIA)。",
        "en": "The aircraft's maximum take-off weight is 25 kg or more, which counts as a "
        "higher-risk element (Category IIA).",
    },
    "CAT-IIB": {
        "ja": "飛行経路の下に第三者が入らないようにした特定飛行で、リスクの高い要素を含まないため、"
        "カテゴリーIIBです。",
        "en": "This is a specific flight with third parties kept away from under the flight path "
        "and no higher-risk element, so it is Category IIB.",
    },
    "IIB-EXEMPT": {
        "ja": "操縦者は必要な限定を解除した一等または二等の技能証明を持ち、機体は機体認証を受け、"
        "飛行マニュアルもあるので、許可・承認の申請は不要です。",
        "en": "The pilot holds a first- or second-class licence with the needed limitations "
        "lifted, "
        "the aircraft has an airframe certificate, and there is a flight manual, so no "
        "application for permission or approval is needed.",
    },
    "IIB-NEEDS-LICENCE": {
        "ja": "操縦者が、必要な限定(目視外・夜間)を解除した"
        "一等または二等の技能証明を持っていません。" + _IIB_APPLY_JA,
        "en": "The pilot does not hold a first- or second-class licence with every needed "
        "limitation (beyond sight, night) lifted, " + _IIB_APPLY_EN,
    },
    "IIB-NEEDS-CERTIFICATE": {
        "ja": "機体が一種または二種の機体認証を受けていません。" + _IIB_APPLY_JA,
        "en": "The aircraft has no first- or second-class airframe certificate, " + _IIB_APPLY_EN,
    },
    "IIB-NEEDS-MANUAL": {
        "ja": "飛行マニュアルがありません。" + _IIB_APPLY_JA,
        "en": "There is no flight manual, " + _IIB_APPLY_EN,
    },
    "CAT-III": {
        "ja": "飛行経路の下に第三者が入らないようにする措置をとらない特定飛行なので、"
        "最もリスクの高いカテゴリーIIIです。一等の技能証明、第一種機体認証、保険、"
        "リスク評価に基づく飛行マニュアルが必要で、国土交通省航空局本局の許可・承認を"
        "飛行の20開庁日前までに申請しなければなりません。",
        "en": "This is a specific flight in which third parties are not kept away from under the "
        "flight path, so it is Category III, the highest-risk category. It needs a first-class "
        "licence, a first-class airframe certificate, insurance, a flight manual built on a risk "
        "assessment, and permission from the Civil Aviation Bureau (JCAB) headquarters; apply at "
        "least 20 business days ahead.",
    },
    # --- level ---------------------------------------------------------------------------------
    "LEVEL-1": {
        "ja": "操縦者が目で見ながら手動で操縦する飛行なので、レベル1です。",
        "en": "The pilot flies the aircraft by hand while watching it, so this is Level 1.",
    },
    "LEVEL-2": {
        "ja": "操縦者の目の届く範囲で自動で飛ぶ飛行なので、レベル2です。",
        "en": "The aircraft flies automatically within the pilot's sight, so this is Level 2.",
    },
    "LEVEL-3": {
        "ja": "無人地帯(補助者や看板などで第三者が立ち入らないよう管理された場所)の上空を、"
        "操縦者から見えない所で飛ぶので、レベル3です。",
        "en": "The aircraft flies out of the pilot's sight over an unpopulated area, with third "
        "parties kept out (by helpers, signs or closing the area), so this is Level 3.",
    },
    "LEVEL-3.5": {
        "ja": "操縦者から見えない所を飛び、補助者や看板の代わりに機体のカメラで下に人がいないことを"
        "確かめるので、レベル3.5です。",
        "en": "The aircraft flies out of the pilot's sight, and an onboard camera checks that no "
        "one is below instead of helpers or signs, so this is Level 3.5.",
    },
    "LEVEL-4": {
        "ja": "操縦者から見えない所を、人が入らないようにする措置なしで飛ぶので、レベル4です。",
        "en": "The aircraft flies out of the pilot's sight without keeping people away from below, "
        "so this is Level 4.",
    },
    # --- Category III (Level 4) requirements ---------------------------------------------------
    "L4-LICENCE": {
        "ja": "カテゴリーIIIには、必要な限定(目視外、夜間、25 kg以上)を解除した一等の技能証明が"
        "必要ですが、操縦者はそれを持っていません。",
        "en": "Category III needs a first-class licence with the needed limitations (beyond sight, "
        "night, 25 kg or more) lifted, and the pilot does not have one.",
    },
    "L4-CERTIFICATE": {
        "ja": "カテゴリーIIIには第一種機体認証が必要ですが、機体はそれを受けていません。",
        "en": "Category III needs a first-class airframe certificate, and the aircraft does not "
        "have one.",
    },
    "L4-INSURANCE": {
        "ja": "カテゴリーIIIには第三者賠償責任保険が必要ですが、加入していません。",
        "en": "Category III needs third-party liability insurance, and the operator has none.",
    },
    "L4-MANUAL": {
        "ja": "カテゴリーIIIには、リスク評価に基づく飛行マニュアル(緊急時の手順や緊急着陸地点)が"
        "必要ですが、ありません。",
        "en": "Category III needs a flight manual built on a risk assessment (emergency "
        "procedures, "
        "emergency landing sites), and the operator has none.",
    },
    # --- Level 3.5 requirements ----------------------------------------------------------------
    "L35-APPLICATION": {
        "ja": "レベル3.5はカテゴリーIIの飛行で、国土交通省航空局本局との事前相談(運航概要宣言書、"
        "メーカーの資料)のうえ、レベル3.5の項目で許可・承認を申請します"
        "(飛行の10開庁日前まで)。技能証明と機体認証による申請不要の扱いはありません。"
        "機体認証は求められません。",
        "en": "Level 3.5 is a Category II flight applied for on the Level 3.5 items after prior "
        "consultation with JCAB headquarters (an operations declaration and the maker's "
        "evidence); apply at least 10 business days ahead. The licence-and-certificate "
        "exemption does not cover it; an airframe certificate is not required.",
    },
    "L35-LICENCE": {
        "ja": "レベル3.5には、目視外の限定を解除した一等または二等の技能証明が必要ですが、"
        "操縦者はそれを持っていません。",
        "en": "Level 3.5 needs a first- or second-class licence with the beyond-sight limitation "
        "lifted, and the pilot does not have one.",
    },
    "L35-INSURANCE": {
        "ja": "レベル3.5には第三者賠償責任保険が必要ですが、加入していません。",
        "en": "Level 3.5 needs third-party liability insurance, and the operator has none.",
    },
    "L35-CAMERA": {
        "ja": "レベル3.5には、進路の下に人がいないことを確かめる機体カメラが必要ですが、"
        "機体にありません。",
        "en": "Level 3.5 needs an onboard camera to check that no one is below the path ahead, and "
        "the aircraft has none.",
    },
    "L35-DID": {
        "ja": "レベル3.5は人の少ない場所(山、海、川、森、農地)だけで認められていますが、"
        "この飛行は人口集中地区の上空を通ります。特区の外ではできません。",
        "en": "Level 3.5 is only for thinly populated ground (mountains, sea, rivers, forest, "
        "farmland), but this flight passes over a densely inhabited district. Outside the "
        "special zone this is not allowed.",
    },
    "L35-DID-ZONE": {
        "ja": "レベル3.5は通常、人口集中地区を避けますが、特区では、真下に誰もいないことを"
        "機体カメラで確かめられる住宅街の上空なら飛行できます。",
        "en": "Level 3.5 normally avoids densely inhabited districts, but in the special zone it "
        "may fly over residential streets where the onboard camera confirms that nobody is "
        "directly below.",
    },
    "L35-DID-RELAXED": {
        "ja": "設定により、第三者がいない場所に限って人口集中地区の上空でもレベル3.5を認めています"
        "(2025年10月29日の標準マニュアル改正とされるもの。国土交通省の確認待ち)。",
        "en": "A setting allows Level 3.5 over a densely inhabited district where no third "
        "parties are present (reported from a 29 Oct 2025 revision of the standard flight "
        "manual, awaiting confirmation by MLIT).",
    },
    # --- duties and the Drone Act --------------------------------------------------------------
    "DUTY-EVERY-FLIGHT": {
        "ja": "どの飛行でも、飲酒・薬物の影響下で飛行しないこと、飛行前確認(機体、バッテリー、"
        "通信、天候、緊急用務空域を含む空域)、航空機や他の無人航空機との衝突の予防、"
        "他人に迷惑を及ぼす飛行をしないこと、事故・重大インシデントの報告が義務です。",
        "en": "Every flight must be flown free of alcohol and drugs, after a pre-flight check "
        "(aircraft, battery, links, weather, airspace including emergency airspace), avoiding "
        "collisions with aircraft and other drones, without nuisance to others, and with "
        "accidents and serious incidents reported.",
    },
    "DUTY-SPECIFIC": {
        "ja": "特定飛行では、飛行前にDIPS 2.0で飛行計画を通報し、機体ごとに飛行日誌(飛行記録、"
        "日常点検、整備)をつけなければなりません。",
        "en": "Every specific flight must be reported before take-off through DIPS 2.0 (the flight "
        "plan), and a flight log must be kept for the aircraft (flights, daily checks, "
        "maintenance).",
    },
    "DRONE-ACT-FACILITY": {
        "ja": "小型無人機等飛行禁止法の対象施設(原子力発電所や防衛施設など)の上空かその周辺"
        "(約300 m)を飛行します。施設管理者の同意と、48時間前までの警察への通報が必要です。"
        "航空法の許可ではその代わりになりません。",
        "en": "The flight is over or near (about 300 m) a facility protected by the Drone Act, "
        "such as a nuclear plant or a defence site. The facility manager must agree and the "
        "police must be told at least 48 hours ahead; a Civil Aeronautics Act permission does "
        "not replace this.",
    },
    "DRONE-ACT": {
        "ja": "小型無人機等飛行禁止法の対象施設の管理者の同意がありません。"
        "同意なしでは飛行できません。",
        "en": "The manager of the Drone Act facility has not agreed to this flight. Without that "
        "consent the flight is not allowed.",
    },
}
"""Code -> language -> text."""


_ACT_JA, _ACT_EN = "航空法", "Civil Aeronautics Act"


def _act(article_ja: str, article_en: str, what_ja: str, what_en: str) -> dict[Language, str]:
    return {"ja": f"{_ACT_JA}{article_ja}({what_ja})",
            "en": f"{_ACT_EN} Art. {article_en} ({what_en})"}


def _airspace(item: int, what_ja: str, what_en: str) -> dict[Language, str]:
    return _act(f"第132条の85第1項第{item}号", f"132-85(1)({'i' * item})", what_ja, what_en)


_METHOD_NUMERALS = ("i", "ii", "iii", "iv", "v", "vi")


def _method(item: int, what_ja: str, what_en: str) -> dict[Language, str]:
    return _act(f"第132条の86第2項第{item}号", f"132-86(2)({_METHOD_NUMERALS[item - 1]})",
                what_ja, what_en)


_CATEGORIES = _act("第132条の85、第132条の86", "132-85, 132-86",
                   "飛行カテゴリー: 立入管理措置、技能証明、機体認証", "flight categories: entry "
                   "control, pilot licence, airframe certificate")
_LEVELS: dict[Language, str] = {
    "ja": "国土交通省「空の産業革命に向けたロードマップ」(飛行レベル)",
    "en": "MLIT roadmap for the industrial revolution in the sky (flight levels)"}
_LEVEL_35: dict[Language, str] = {
    "ja": "国土交通省「無人航空機の飛行に関する許可・承認の審査要領」(レベル3.5飛行、2023年12月)",
    "en": "MLIT review guidelines for unmanned aircraft permissions and approvals "
    "(Level 3.5 flight, December 2023)"}
_CATEGORY_III_REVIEW: dict[Language, str] = {
    "ja": "国土交通省「無人航空機の飛行に関する許可・承認の審査要領(カテゴリーIII飛行)」",
    "en": "MLIT review guidelines for unmanned aircraft permissions and approvals "
    "(Category III flight)"}
_CATEGORY_III_PERMISSION = _act(
    "第132条の85第4項第2号、第132条の86第5項第2号", "132-85(4)(ii), 132-86(5)(ii)",
    "立入管理措置なしの許可・承認: 一等技能証明、第一種機体認証",
    "permission and approval without entry control: first-class licence, first-class "
    "airframe certificate")
_DRONE_ACT: dict[Language, str] = {
    "ja": "小型無人機等飛行禁止法 第10条(対象施設周辺地域の上空の飛行禁止、管理者の同意、通報)",
    "en": "Act on the Prohibition of Flying Small Unmanned Aircraft over Key Facilities (Drone "
    "Act) Art. 10 (manager's consent, police notice)"}

RULES: dict[str, dict[Language, str]] = {
    "MODEL-AIRCRAFT": _act("第2条第22項", "2(22)", "無人航空機の定義: 100 g未満は除く",
                           "definition of unmanned aircraft: under 100 g excluded"),
    "UNREGISTERED": _act("第132条の2", "132-2", "登録を受けていない無人航空機の飛行禁止",
                         "no flight without registration"),
    "NO-REMOTE-ID": _act("第132条の5", "132-5", "登録記号の表示とリモートID",
                         "registration mark and Remote ID"),
    "A-AIRPORT": _airspace(1, "空港等の周辺の空域", "airspace around airports"),
    "A-EMERGENCY": _airspace(1, "緊急用務空域", "emergency-use airspace"),
    "A-150M": _airspace(1, "地表・水面から150 m以上の空域", "150 m or more above ground or water"),
    "A-DID": _airspace(2, "人口集中地区の上空", "densely inhabited districts"),
    "M-NIGHT": _method(1, "日中の飛行", "daytime flight"),
    "M-BVLOS": _method(2, "目視内の飛行", "visual line of sight"),
    "M-30M": _method(3, "人・物件から30 mの距離", "30 m from people and property"),
    "M-EVENT": _method(4, "催し場所の上空", "over events"),
    "M-DANGEROUS": _method(5, "危険物の輸送", "dangerous goods"),
    "M-DROP": _method(6, "物件の投下", "dropping objects"),
    "CAT-I": _CATEGORIES,
    "CAT-IIA": _CATEGORIES,
    "MTOW-25KG": _CATEGORIES,
    "CAT-IIB": _CATEGORIES,
    "IIB-EXEMPT": _CATEGORIES,
    "IIB-NEEDS-LICENCE": _CATEGORIES,
    "IIB-NEEDS-CERTIFICATE": _CATEGORIES,
    "IIB-NEEDS-MANUAL": _CATEGORIES,
    "CAT-III": _CATEGORY_III_REVIEW,
    "LEVEL-1": _LEVELS,
    "LEVEL-2": _LEVELS,
    "LEVEL-3": _LEVELS,
    "LEVEL-3.5": _LEVEL_35,
    "LEVEL-4": _LEVELS,
    "L4-LICENCE": _CATEGORY_III_PERMISSION,
    "L4-CERTIFICATE": _CATEGORY_III_PERMISSION,
    "L4-INSURANCE": _CATEGORY_III_REVIEW,
    "L4-MANUAL": _CATEGORY_III_REVIEW,
    "L35-LICENCE": _LEVEL_35,
    "L35-INSURANCE": _LEVEL_35,
    "L35-CAMERA": _LEVEL_35,
    "L35-DID": _LEVEL_35,
    "L35-DID-ZONE": {"ja": "連携\"絆\"特区の規制改革(国家戦略特別区域、2024年6月21日指定)",
                     "en": "Kizuna special zone reform (National Strategic Special Zone, "
                     "designated 21 June 2024)"},
    "A-150M-STRUCTURE": {"ja": "航空法第132条の85第1項第1号、航空法施行規則第236条の71"
                         "(物件から30 m以内の空域を除く、2021年改正)",
                         "en": "Civil Aeronautics Act Art. 132-85(1)(i), Enforcement "
                         "Regulation Art. 236-71 (airspace within 30 m of a structure "
                         "excluded, 2021)"},
    "AIRCRAFT-DROPS": _method(6, "物件の投下", "dropping objects"),
    "LICENCE-KIND": _act("第132条の46", "132-46", "技能証明の限定: 無人航空機の種類",
                         "licence limitation: kind of unmanned aircraft"),
    "CAMERA-NOT-ENTRY-CONTROL": _LEVEL_35,
    "L4-OVER-THIRD-PARTIES": _method(3, "人・物件から30 mの距離", "30 m from people and property"),
    "L35-APPLICATION": _LEVEL_35,
    "L35-DID-RELAXED": {"ja": "国土交通省 標準マニュアル改正(2025年10月29日とされる、未確認; "
                        "設定で有効)",
                        "en": "MLIT standard flight manual revision (reported 29 Oct 2025, "
                        "unconfirmed; enabled by a setting)"},
    "DUTY-EVERY-FLIGHT": _act("第132条の86第1項、第132条の87、第132条の90", "132-86(1), 132-87, "
                              "132-90", "飲酒等の禁止、飛行前確認、衝突予防、迷惑飛行の禁止、"
                              "事故等の報告", "alcohol and drugs, pre-flight check, collision "
                              "avoidance, nuisance, accident reports"),
    "DUTY-SPECIFIC": _act("第132条の88、第132条の89", "132-88, 132-89", "飛行計画の通報、飛行日誌",
                          "flight-plan notification, flight log"),
    "DRONE-ACT-FACILITY": _DRONE_ACT,
    "DRONE-ACT": _DRONE_ACT,
}
"""Code -> language -> the rule the conclusion comes from (law article or MLIT guideline)."""


def language(value: str) -> Language:
    """Check a language name given by a user."""
    for known in LANGUAGES:
        if value == known:
            return known
    raise InvalidInput(f"--lang: must be one of {', '.join(LANGUAGES)}, not {value!r}", "lang")


def text(code: str, lang: Language) -> str:
    """The text for ``code`` in ``lang``."""
    try:
        return CATALOGUE[code][lang]
    except KeyError:
        raise UnknownName("reason code", code, list(CATALOGUE)) from None


def rule(code: str, lang: Language) -> str:
    """The rule ``code`` comes from, in ``lang``."""
    try:
        return RULES[code][lang]
    except KeyError:
        raise UnknownName("reason code", code, list(RULES)) from None
