"""The risk dossier: figures from risk and rules, crossings, landing sites, HTML and map."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from permits_support import EXAMPLES, example
from shapely.geometry import Point

from kizuna.cli.main import run
from kizuna.permits import Application, envelope_geometry
from kizuna.permits.dossier import build_dossier
from kizuna.permits.report import dossier_html
from kizuna.risk.ground import derive_ground_risk
from kizuna.scenario.model import Scenario


@pytest.fixture(scope="module")
def aokata(goto: Scenario) -> object:
    return build_dossier(Application.model_validate(example("aokata-application.json")), goto)


def test_ground_risk_is_kizuna_risk_s(goto: Scenario, aokata: object) -> None:
    """The dossier's ground-risk figures are exactly what kizuna.risk computes for the area."""
    app = Application.model_validate(example("aokata-application.json"))
    ref = derive_ground_risk(envelope_geometry(app, goto.epsg), goto.population, goto.did,
                             max_height_agl_m=120, max_speed_mps=15.0, parachute=True)
    data = aokata.data  # type: ignore[attr-defined]
    assert data["ground_risk"]["max_density"] == round(ref.exposure.max_density, 1)
    assert data["ground_risk"]["buffer_m"] == round(ref.volume.buffer_m, 1)


def test_sora_and_legal_sections(aokata: object) -> None:
    """SORA gives a GRC, ARC and SAIL with reasons; every covered pair is Category III L4."""
    data = aokata.data  # type: ignore[attr-defined]
    assert data["sora"]["sail"] in {"I", "II", "III", "IV", "V", "VI"}
    assert [r["code"] for r in data["sora"]["reasons"]][-1] == "SAIL"
    assert len(data["legal"]) == 4
    assert all(c["category"] == "III" and c["level"] == "4" and c["allowed"]
               for c in data["legal"])


def test_landing_sites_are_inside_low_density_and_apart(goto: Scenario, aokata: object) -> None:
    """Proposed sites lie inside the area, on low density, at least the spacing apart."""
    d = aokata  # type: ignore[assignment]
    sites = d.data["landing_sites"]["proposed"]  # type: ignore[attr-defined]
    assert 2 <= len(sites) <= 6
    search = d.data["landing_sites"]["search"]  # type: ignore[attr-defined]
    pts = [Point(goto.to_metric(s["lon"], s["lat"])) for s in sites]
    assert all(d.envelope.contains(p) for p in pts)  # type: ignore[attr-defined]
    assert all(s["density"] <= search["max_density"] for s in sites)
    assert all(s["slope_deg"] <= search["max_slope_deg"] for s in sites)
    assert min(a.distance(b) for i, a in enumerate(pts) for b in pts[i + 1:]) >= \
        search["min_spacing_m"] - 1


def test_kashima_inventory_lists_the_joban_line(minamisoma: Scenario) -> None:
    """The Kashima area's inventory has the Joban line first, with its length inside."""
    d = build_dossier(Application.model_validate(example("kashima-application.json")),
                      minamisoma)
    first = d.data["crossings"][0]
    assert (first["layer"], first["id"]) == ("railway", "joban")
    assert 2400 <= first["length_m"] <= 3200  # crosses the 2.4 km north-south extent, bending
    assert {c["id"] for c in d.data["crossings"]} >= {"joban", "route6"}


def test_kashima_and_aokata_dossiers_show_m30m(minamisoma: Scenario, aokata: object) -> None:
    """Both areas cross roads: the facts and every legal classification carry M-30M."""
    kashima = build_dossier(Application.model_validate(example("kashima-application.json")),
                            minamisoma)
    for d in (kashima, aokata):
        data = d.data  # type: ignore[attr-defined]
        assert data["facts"]["within_30m"] is True
        assert all("M-30M" in [r["code"] for r in c["reasons"]] for c in data["legal"])


def test_html_is_japanese_first_printable_and_self_contained(aokata: object) -> None:
    """The HTML is lang=ja, has print CSS, embeds the map, and loads nothing external."""
    html = dossier_html(aokata.data, map_png=b"\x89PNG fake")  # type: ignore[attr-defined]
    assert '<html lang="ja">' in html and "@media print" in html
    assert html.index("概要") < html.index("Summary")
    assert "data:image/png;base64," in html
    assert "http://" not in html and "https://" not in html


def test_dossier_cli_writes_three_files(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """`kizuna permit dossier` writes dossier.json, pack.json, dossier.html (the printable
    pack) and a PNG map, and says how many items the pack still misses."""
    with pytest.raises(SystemExit) as exc:
        run(["permit", "dossier", str(EXAMPLES / "aokata-application.json"), "--scenario",
             "goto", "--out", str(tmp_path)])
    assert exc.value.code in (0, None)
    data = json.loads((tmp_path / "dossier.json").read_text(encoding="utf-8"))
    assert math.isclose(data["envelope"]["area_km2"], 4.2, abs_tol=0.05)
    assert (tmp_path / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = (tmp_path / "dossier.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and "申請前チェック: 不足 15 件" in html
    pack = json.loads((tmp_path / "pack.json").read_text(encoding="utf-8"))
    assert pack["kind"] == "kizuna.permits.pack" and pack["completeness"]["count"] == 15
    assert data["sora"]["tmpr"]["requirement"] == "medium"
    assert len(data["sora"]["osos"]) == 17
    out = json.loads(capsys.readouterr().out)
    assert out["missing"] == 15 and out["pack"].endswith("pack.json")
