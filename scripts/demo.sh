#!/usr/bin/env bash
# README command 1: set up, then run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out="${KIZUNA_OUT:-out}"
mkdir -p "$out"
for name in goto minamisoma; do
    .venv/bin/kizuna scenario export "$name" --out "$out/$name"
    .venv/bin/kizuna scenario show "$name" --png "$out/$name/map.png"
    .venv/bin/kizuna scenario summary "$name"
done
echo "Maps and GeoJSON layers written under $out/"
