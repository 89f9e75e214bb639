"""Apply hand-made mutants of the operational rules, one at a time, and check a test fails.

Each mutant is applied to a copy of ``src/`` in a temporary directory (the checkout is never
modified); the tests that should catch it run against the copy (``PYTHONPATH``). A mutant that
no test kills is a gap in the safety net. The list holds the six operational mutants of
issue #23 (one of them in two forms), and the pilot-to-aircraft limit.

    .venv/bin/python scripts/check_mutants.py            # every mutant
    .venv/bin/python scripts/check_mutants.py wind       # those whose name contains "wind"

Exit code 1 when a mutant survives (or no longer applies: the code moved, update the list).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Mutant:
    """One textual change to one source file, and the tests expected to catch it.

    ``also`` lists other (path, old, new) places where the same rule may live (code being
    moved): the first place that applies is mutated.
    """

    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]
    also: tuple[tuple[str, str, str], ...] = ()


MUTANTS = (
    Mutant("dispatcher: battery-swap reserve halved", "src/kizuna/dispatch/dispatcher.py",
           "< state.settings.reserve_fraction * usable",
           "< 0.5 * state.settings.reserve_fraction * usable",
           ("tests/dispatch/test_dispatch_thresholds.py",),
           also=(("src/kizuna/dispatch/flight.py", "< reserve_fraction * usable_wh",
                  "< 0.5 * reserve_fraction * usable_wh"),)),
    Mutant("dispatcher: wind limit <= turned into <", "src/kizuna/dispatch/dispatcher.py",
           "return state.wind_mps <= limit", "return state.wind_mps < limit",
           ("tests/dispatch/test_dispatch_thresholds.py",)),
    Mutant("batching: reserve halved", "src/kizuna/dispatch/batching.py",
           "(1.0 - reserve.reserve_fraction)", "(1.0 - 0.5 * reserve.reserve_fraction)",
           ("tests/dispatch/test_dispatch_thresholds.py",)),
    Mutant("conformance: max_nonconforming_s > turned into >=", "src/kizuna/utm/conformance.py",
           "outside_s > self.policy.max_nonconforming_s",
           "outside_s >= self.policy.max_nonconforming_s",
           ("tests/utm/test_utm_conformance_limits.py",)),
    Mutant("conformance: max_deviation_m > turned into >=", "src/kizuna/utm/conformance.py",
           "deviation > self.policy.max_deviation_m", "deviation >= self.policy.max_deviation_m",
           ("tests/utm/test_utm_conformance_limits.py",)),
    Mutant("fatality: exponent 1/(4 p_s) -> 1/(8 p_s^2) (equal at p_s = 0.5)",
           "src/kizuna/risk/fatality.py", "4 * sheltering_factor\n",
           "8 * sheltering_factor ** 2\n", ("tests/risk/test_risk_fatality.py",)),
    Mutant("fatality: exponent 1/(4 p_s) -> 1/(2 sqrt(2 p_s)) (equal at p_s = 0.5)",
           "src/kizuna/risk/fatality.py", "4 * sheltering_factor\n",
           "2 * (2 * sheltering_factor) ** 0.5\n", ("tests/risk/test_risk_fatality.py",)),
    Mutant("sim: count_conflicts always returns 0", "src/kizuna/sim/engine.py",
           '    """Pairs of accepted intents',
           '    return 0\n    """Pairs of accepted intents', ("tests/sim/test_sim_conflicts.py",)),
    Mutant("dispatcher: pilot-to-aircraft limit < turned into <=",
           "src/kizuna/dispatch/dispatcher.py", "< settings.max_aircraft_per_pilot",
           "<= settings.max_aircraft_per_pilot", ("tests/dispatch/test_dispatch_thresholds.py",)),
)


def run(mutant: Mutant, python: str) -> tuple[str, str]:
    """Apply ``mutant`` to a copy of src/, run its tests; (verdict, pytest's last line)."""
    with tempfile.TemporaryDirectory(prefix="kizuna-mutant-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "src", src, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
        for path, old, new in ((mutant.path, mutant.old, mutant.new), *mutant.also):
            target = Path(tmp) / path
            text = target.read_text(encoding="utf-8") if target.is_file() else ""
            if text.count(old) == 1:
                target.write_text(text.replace(old, new), encoding="utf-8")
                break
        else:
            return "NOT APPLIED", f"{mutant.old!r} is not (once) in {mutant.path}"
        env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
        r = subprocess.run([python, "-m", "pytest", *mutant.tests, "-q", "-n", "0",
                            "-p", "no:cacheprovider", "--no-header", "-rN"],
                           cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        last = (r.stdout.strip().splitlines() or ["(no output)"])[-1]
        return ("KILLED" if r.returncode == 1 else "SURVIVED" if r.returncode == 0
                else f"ERROR {r.returncode}"), last


def main(argv: list[str]) -> int:
    """Run the mutants whose names contain any of ``argv`` (all when empty)."""
    python = sys.executable
    chosen = [m for m in MUTANTS if not argv or any(a in m.name for a in argv)]
    bad = 0
    for m in chosen:
        verdict, last = run(m, python)
        bad += verdict != "KILLED"
        print(f"{verdict:<11} {m.name}: {last}", flush=True)
    print(f"{len(chosen) - bad} of {len(chosen)} mutants killed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
