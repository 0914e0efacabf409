#!/usr/bin/env bash
# Install Một Cửa Xã into .venv (with the Qt system libraries on Debian/Ubuntu) and start it
# on its embedded default: SQLite in the user data dir, the bundled catalogue and calendar.
# Extra arguments go to `motcua` (e.g. --data-dir DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(libglib2.0-0 libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libcups2
      libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 python3-venv)
bash scripts/lib/apt-ensure.sh "${PKGS[@]}"

PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
exec .venv/bin/motcua "$@"
