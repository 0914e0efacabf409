#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian/Ubuntu machine, then run it.
# Used by README ("run the tests") and by .ci/run. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt offscreen (libGL, EGL, fontconfig, xkbcommon, dbus, glib), Qt printing (libcups2),
# PDF checks (poppler-utils: pdftotext/pdffonts/pdftoppm; zbar-tools: QR decoding),
# a private CUPS queue (cups, cups-client, cups-filters: Generic-PDF driver),
# PostgreSQL for the hub suite, python3-venv, and SANE with its virtual 'test' scanner (libsane-dev
# and a compiler build python-sane; sane-utils brings /etc/sane.d/test.conf), NSIS (makensis compiles
# installer/motcua.nsi: tests/test_installer_nsis.py).
PKGS=(libglib2.0-0 libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libcups2
      poppler-utils zbar-tools cups cups-client cups-filters postgresql python3-venv
      libsane-dev sane-utils gcc python3-dev nsis)

bash scripts/lib/apt-ensure.sh "${PKGS[@]}"

PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# One worker per core (at most four), whole test files to a worker: the module-scoped fixtures
# (a hub, a LAN of desks) are built once; each worker starts its own PostgreSQL, and print tests
# their own private cupsd (free ports, temp dirs).
exec .venv/bin/python -m pytest -q -p no:cacheprovider --durations=15 \
  --numprocesses="${PYTEST_WORKERS:-auto}" --maxprocesses=4 --dist=loadfile "$@"
