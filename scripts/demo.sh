#!/usr/bin/env bash
# README command 1: set up, render the bundled scenarios, then start the demo service.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out="${KIZUNA_OUT:-out}"
mkdir -p "$out"
for name in goto minamisoma; do
    .venv/bin/kizuna scenario export "$name" --out "$out/$name" >/dev/null
    .venv/bin/kizuna scenario show "$name" --png "$out/$name/map.png" >/dev/null
done
echo "Scenario layers and maps written under $out/"
# Seeds a fresh demo database (organisations, accounts, fleet, the approved Aokata area permit,
# a few hours of simulated traffic) and serves on 127.0.0.1:${KIZUNA_PORT:-8000} until stopped.
exec .venv/bin/kizuna demo --port "${KIZUNA_PORT:-8000}"
