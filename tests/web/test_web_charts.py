"""The charts' value axis (js/charts.js ``niceTicks``), run in Node: counts get whole-number
ticks, the axis covers the largest value, and the steps are even."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess

import pytest

from kizuna.web import STATIC

CASES = [(46, True), (34, True), (3, True), (0, True), (1, True), (7, True), (100, True),
         (999, True), (0.93, False), (0.37, False), (0, False), (12.5, False)]


def _ticks() -> list[list[float]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: scripts/setup.sh installs Node.js and npm (apt nodejs npm)")
    script = (f"import {{ niceTicks }} from {json.dumps(str(STATIC / 'js' / 'charts.js'))};"
              f"console.log(JSON.stringify({json.dumps(CASES)}.map(([m, i]) => niceTicks(m, i))));")
    out = subprocess.run([node, "--no-warnings", "--input-type=module", "-e", script],
                         capture_output=True, text=True, timeout=60, check=True)
    result: list[list[float]] = json.loads(out.stdout)
    return result


def test_count_axes_have_whole_ticks_covering_the_largest_value() -> None:
    """46 residents: 0, 20, 40, 60 (never 11.5 or 34.5); every axis starts at 0, ends at or
    above the largest value, with 2 to 5 equal steps."""
    for (largest, integer), ticks in zip(CASES, _ticks(), strict=True):
        assert ticks[0] == 0 and ticks[-1] >= largest
        steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
        assert len(steps) == 1, (largest, ticks)
        assert 2 <= len(ticks) - 1 <= 5 or largest <= 1, (largest, ticks)
        if integer:
            assert all(float(t).is_integer() for t in ticks), (largest, ticks)
    assert _ticks()[0] == [0, 20, 40, 60]
