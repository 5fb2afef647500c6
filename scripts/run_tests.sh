#!/usr/bin/env bash
# Set up (including Debian's chromium for the browser tests) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
# Two processes by default (ISKP_TEST_WORKERS=0 for one): pytest-xdist, each test file whole
# on one process, the slowest first (tests/conftest.py), each with its own app servers,
# browser and workspace. On one process the suite's shared app server served every browser
# test, and link tests failed late in the run that pass alone (notes of 6 Dec).
workers=${ISKP_TEST_WORKERS:-2}
if [ "$workers" != "0" ]; then
  exec .venv/bin/python -m pytest -n "$workers" --dist loadfile "$@"
fi
exec .venv/bin/python -m pytest "$@"
