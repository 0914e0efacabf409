#!/usr/bin/env bash
# apt-ensure.sh PKG...: install the Debian packages that are not installed yet (sudo when not root).
# Does nothing on systems without apt-get; the scripts then rely on what the system has.
set -euo pipefail
command -v apt-get >/dev/null 2>&1 || exit 0
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -q
# policy-rc.d on CI images refuses to start services; the tests start their own daemons.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
