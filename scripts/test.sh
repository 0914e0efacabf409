#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian/Ubuntu machine, then run it.
# Used by README ("run the tests") and by .ci/run. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt offscreen (libGL, EGL, fontconfig, xkbcommon, dbus, glib), Qt printing (libcups2),
# PDF checks (poppler-utils: pdftotext/pdffonts/pdftoppm; zbar-tools: QR decoding),
# a private CUPS queue (cups, cups-client, cups-filters: Generic-PDF driver),
# PostgreSQL for the hub suite, and python3-venv.
PKGS=(libglib2.0-0 libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libcups2
      poppler-utils zbar-tools cups cups-client cups-filters postgresql python3-venv)

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -q
    # policy-rc.d on CI images refuses to start services; the tests start their own daemons.
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
