#!/usr/bin/env bash
# Install Một Cửa Xã into .venv (with the Qt system libraries on Debian/Ubuntu) and start it
# on its embedded default: SQLite in the user data dir, the bundled catalogue and calendar.
# Extra arguments go to `motcua` (e.g. --data-dir DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(libglib2.0-0 libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libcups2
      libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 python3-venv)
if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
exec .venv/bin/motcua "$@"
