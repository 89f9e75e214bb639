#!/usr/bin/env bash
# README command 2: set up, then run every quality gate and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== ruff"
.venv/bin/ruff check src tests benchmarks
echo "== mypy --strict src/kizuna"
.venv/bin/mypy
echo "== pytest"
# PostgreSQL + PostGIS is started on loopback by tests/conftest.py for the tests that need it.
.venv/bin/python -m pytest -n 2 -q "$@"
