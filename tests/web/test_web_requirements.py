"""The browser tests fail, never skip, when what they need is missing, and say what to install."""

from __future__ import annotations

from pathlib import Path

import pytest
import web_support
from web_support import missing_requirements, require_browser


def test_a_missing_chromium_and_npm_packages_are_named_with_their_fix(tmp_path: Path) -> None:
    """No Chromium binary and an empty node_modules: both are reported with how to install."""
    missing = missing_requirements(str(tmp_path / "chromium"), tmp_path / "node_modules")
    text = "; ".join(missing)
    assert "apt-get install chromium" in text
    assert "maplibre-gl" in text and "npm ci in src/kizuna/web" in text


def test_a_missing_requirement_fails_the_test_rather_than_skipping(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """require_browser raises pytest's failure (not its skip) with the install hint."""
    monkeypatch.setattr(web_support, "missing_requirements",
                        lambda: missing_requirements(str(tmp_path / "no-chromium")))
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        require_browser()


def test_no_browser_test_skips() -> None:
    """No importorskip or skip in the browser tests or their support code."""
    for path in Path(web_support.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if path.name != Path(__file__).name:
            assert "importorskip" not in source and "pytest.skip(" not in source, path.name
