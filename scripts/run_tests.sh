#!/usr/bin/env bash
# Set up (including Debian's chromium for the browser tests) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
# One process by default. ISKP_TEST_WORKERS=2 runs the files on two (pytest-xdist, each file
# whole on one, the slowest first: tests/conftest.py), each with its own app servers, browser
# and workspace: 16-20 minutes here instead of 19-20, but the browser tests then share two
# cores and their timing flakes were more frequent (notes of 5 Dec).
workers=${ISKP_TEST_WORKERS:-0}
if [ "$workers" != "0" ]; then
  exec .venv/bin/python -m pytest -n "$workers" --dist loadfile "$@"
fi
exec .venv/bin/python -m pytest "$@"
