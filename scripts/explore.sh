#!/usr/bin/env bash
# Before a release: run the property-based (Hypothesis) suites randomised, with FACTOR times the
# examples each runs in CI (default 50), and print Hypothesis's statistics (examples run, time,
# failures). CI runs the same suites derandomised (tests/hypothesis_support.py). A failing
# example is kept in .hypothesis/ and replayed first on the next run. Record what a run found in
# docs/testing.md ("Exploratory property runs"). No per-test timeout: exploring takes long.
#
#   scripts/explore.sh [FACTOR] [pytest arguments...]
#   scripts/explore.sh 20 tests/utm            # only the UTM properties, 20x
set -euo pipefail
cd "$(dirname "$0")/.."
factor="${1:-50}"
shift || true
case "$factor" in
    ''|*[!0-9]*|0) echo "explore: FACTOR must be a whole number >= 1, got '$factor'" >&2; exit 2 ;;
esac
python="${KIZUNA_PYTHON:-.venv/bin/python}"
# Every test module that uses property_settings is a property suite.
mapfile -t suites < <(grep -rl --include='test_*.py' "property_settings" tests | sort)
if [ $# -gt 0 ]; then
    suites=("$@")
fi
seed="${KIZUNA_HYPOTHESIS_SEED:-$RANDOM$RANDOM}"
echo "explore: ${#suites[@]} suite(s), ${factor}x the CI examples, randomised, seed $seed" >&2
KIZUNA_HYPOTHESIS_EXPLORE="$factor" "$python" -m pytest -n 0 -q -p no:cacheprovider --timeout=0 \
    --hypothesis-show-statistics --hypothesis-seed="$seed" "${suites[@]}"
