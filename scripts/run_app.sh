#!/usr/bin/env bash
# Set up (first run only) and start the app on the built-in data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run serve.py "$@"
