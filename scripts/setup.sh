#!/usr/bin/env bash
# Set-up on a fresh Debian machine with Python 3.11 (run as root for the browser step):
#   scripts/setup.sh            virtualenv .venv with the pinned requirements, Leaflet assets
#   scripts/setup.sh --browser  the same, plus Debian's chromium and poppler-utils (tests, PNG/PDF)
#                               and PostgreSQL 15 with PostGIS 3 (the team workspace's tests)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# Reinstall only when requirements.txt or constraints.txt changed since the last install.
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt constraints.txt | sha256sum | cut -d" " -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt \
    -c constraints.txt
  echo "$want" > "$stamp"
fi
.venv/bin/python -m map_runtime.assets --install static/vendor
# chromium renders the browser tests, PNG, PDF and PowerPoint; poppler-utils (pdftoppm,
# pdftotext) lets the tests read the PDFs back.
# postgresql-15-postgis-3 is the team server the workspace tests start on a loopback port;
# nginx the TLS proxy the team-mode tests start on another (its own service is stopped: the
# tests run their own, as the README's set-up does); LibreOffice Impress (below) the other
# reader of the PowerPoint decks.
if [ "${1:-}" = "--browser" ] && { ! command -v chromium >/dev/null 2>&1 ||
                                   ! command -v pdftoppm >/dev/null 2>&1 ||
                                   [ ! -x /usr/sbin/nginx ] ||
                                   ! command -v soffice >/dev/null 2>&1 ||
                                   [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; }
then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils \
    postgresql-15-postgis-3 nginx >/dev/null
  $SUDO service nginx stop >/dev/null 2>&1 || true
  # LibreOffice Impress opens the briefing decks' PowerPoint files back in the tests.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-impress >/dev/null
fi
