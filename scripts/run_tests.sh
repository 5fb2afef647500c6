#!/usr/bin/env bash
# Set up (including Debian's chromium for the browser tests) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
# Two processes (this machine's two cores): each test file whole on one, the slowest files
# first (tests/conftest.py), each with its own app servers, browser and workspace.
exec .venv/bin/python -m pytest -n "${ISKP_TEST_WORKERS:-2}" --dist loadfile "$@"
