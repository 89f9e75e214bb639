#!/usr/bin/env bash
# Set up everything Kizuna needs on a fresh Debian machine of this kind (run as root):
# system packages (PostgreSQL + PostGIS for the tests), a virtualenv in .venv, and the package.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || need_apt+=(postgresql-15-postgis-3)
# Chromium drives the browser tests and renders printable reports; the IPA font gives it (and
# the screenshots) Japanese glyphs.
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
fc-list :lang=ja 2>/dev/null | grep -q . || need_apt+=(fonts-ipafont-gothic)
# npm installs the pages' JavaScript libraries (MapLibre GL) from the committed lock file.
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ "${KIZUNA_SKIP_APT:-0}" != "1" ] && [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q --no-install-recommends "${need_apt[@]}"
    else
        echo "setup: missing system packages ${need_apt[*]} (run as root to install them)" >&2
    fi
fi

# Without npm the map pages and the browser tests cannot work: fail now, loudly, before
# anything else is installed.
if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm is missing; install Node.js and npm (apt-get install npm, as root) and run" \
         "scripts/setup.sh again: the web pages' libraries (MapLibre GL) come from npm" >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"

# Front-end libraries come from npm (no CDN at run time); the lock file is committed.
(cd src/kizuna/web && npm ci --no-audit --no-fund --loglevel=error)
