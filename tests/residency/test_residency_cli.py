"""Tests for `kizuna residency check-company`: the JSON contract and bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from residency_builders import FUKUOKA, company_doc, with_programmes

from kizuna.cli.main import run


def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, doc: Any,
         *extra: str) -> tuple[int, dict[str, Any] | None, str]:
    path = tmp_path / "company.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    try:
        run(["residency", "check-company", str(path), *extra])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_example_input_gives_eligible_category_3(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    """The issue's example prints eligible, category 3, and a check per criterion."""
    code, out, _ = _run(capsys, tmp_path, company_doc())
    assert code == 0 and out is not None
    assert out["eligible"] is True
    assert out["immigration_category"] == 3
    assert out["failed"] == [] and out["needs_review"] == []
    assert {c["code"] for c in out["checks"]} >= {"NOT_LISTED", "STABLE_MANAGEMENT"}
    assert all(set(c) == {"code", "result", "text"} for c in out["checks"])


def test_wrong_check_digit_fails_not_invalid(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    """13 digits with a wrong check digit is a failed criterion, exit code 0."""
    code, out, _ = _run(capsys, tmp_path, company_doc(corporate_number="1000012050002"))
    assert code == 0 and out is not None
    assert out["eligible"] is False
    assert out["failed"] == ["CORPORATE_NUMBER_VALID"]


def test_null_withholding_is_category_4_and_review(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    """No withholding record gives category 4; losses send STABLE_MANAGEMENT to review."""
    losses = [{"year": 2024, "net_sales_jpy": 1, "operating_profit_jpy": -1,
               "net_assets_jpy": 10}]
    code, out, _ = _run(capsys, tmp_path,
                        company_doc(withholding_tax_jpy=None, financials=losses, listed=True))
    assert code == 0 and out is not None
    assert out["immigration_category"] == 1  # listed wins over no record
    code, out, _ = _run(capsys, tmp_path, company_doc(withholding_tax_jpy=None,
                                                      financials=losses))
    assert out is not None and out["immigration_category"] == 4
    assert out["needs_review"] == ["STABLE_MANAGEMENT"] and out["eligible"] is False


def test_reads_standard_input(capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Without FILE, the command reads standard input."""
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(company_doc(prefecture="miyagi",
                                                 office_prefectures=["miyagi"]))))
    with pytest.raises(SystemExit) as exc:
        run(["residency", "check-company"])
    assert exc.value.code == 0
    assert json.loads(capsys.readouterr().out)["eligible"] is True


def test_third_prefecture_through_programmes_option(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    """--programmes with a Fukuoka entry checks a Fukuoka company, no code change."""
    config = tmp_path / "programmes.json"
    config.write_text(json.dumps(with_programmes(FUKUOKA)), encoding="utf-8")
    code, out, _ = _run(capsys, tmp_path,
                        company_doc(prefecture="fukuoka", office_prefectures=["fukuoka"]),
                        "--programmes", str(config))
    assert code == 0 and out is not None
    assert out["needs_review"] == ["HIRING_PLAN_SOUND"]


def _without(key: str) -> dict[str, Any]:
    doc = company_doc()
    del doc[key]
    return doc


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (company_doc(prefecture="osaka"), "unknown prefecture 'osaka'"),
        (company_doc(corporate_number="700001205000"), "corporate_number"),
        (company_doc(corporate_number=7000012050002), "corporate_number"),
        (company_doc(corporate_number="70000120500O2"), "corporate_number"),
        (_without("withholding_tax_jpy"), "withholding_tax_jpy"),
        (_without("financials"), "financials"),
        (_without("prefecture"), "prefecture"),
        (company_doc(listed="no"), "listed"),
        (company_doc(jsic="semiconductor"), "jsic"),
        (company_doc(extra=1), "extra"),
        ("{not json", "not valid JSON"),
        ([1, 2], "input"),
    ],
)
def test_invalid_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path, doc: Any, message: str) -> None:
    """Invalid input prints one line naming the problem and exits with code 2."""
    code, out, err = _run(capsys, tmp_path, doc)
    assert code == 2 and out is None
    assert err.count("\n") == 1 and err.startswith("kizuna: ")
    assert message in err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A FILE that does not exist is invalid input."""
    with pytest.raises(SystemExit) as exc:
        run(["residency", "check-company", str(tmp_path / "nope.json")])
    assert exc.value.code == 2
    assert "nope.json" in capsys.readouterr().err
