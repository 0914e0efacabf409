#!/usr/bin/env bash
# Build the one-folder desk bundle with PyInstaller and smoke-test it (Linux; see
# docs/windows-build.md for Windows). Prints the bundle size and start times at the end.
#   scripts/build_installer.sh            # build + smoke test
#   SKIP_BUILD=1 scripts/build_installer.sh  # smoke-test an existing dist/MotCua
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=${PYTHON:-"$ROOT/.venv/bin/python"}
DIST="$ROOT/dist/MotCua"
CLI="$DIST/motcua"
GUI="$DIST/MotCuaXa"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    "$ROOT/resources/i18n/update.sh" >/dev/null   # translations compiled from the current sources
    start=$(date +%s%N)
    "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
        --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" build_installer.spec
    echo "build: $(( ($(date +%s%N) - start) / 1000000 )) ms"
fi

fail() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen

# 1. the command line starts and knows its version
version=$("$CLI" --version) || fail "--version"
echo "version: $version"
# 2. 'due' on an empty data dir: migrations run from the frozen files, the calendar and holidays load
due=$("$CLI" --data-dir "$work/empty" due --received '2026-04-24 16:00' --working-days 3 --json) || fail "due"
echo "due: $due"
# Fri 24/4 16:00 + 3 working days: Hùng Kings (observed Mon 27/4), 30/4, 1/5 and the weekend skipped
grep -q '"due": "2026-05-04T16:00:00+07:00"' <<<"$due" || fail "unexpected appointment: $due"
# 3. headless GUI start on a fresh data dir: the first-run wizard comes up
out=$(MOTCUA_SMOKE_TEST=1 "$GUI" --data-dir "$work/fresh" 2>"$work/gui.err") || { cat "$work/gui.err" >&2; fail "GUI start (wizard)"; }
grep -q "motcua-smoke: wizard shown" <<<"$out" || fail "wizard not shown: $out"
echo "gui (fresh): $out"
# 4. a configured office: the main window with the login page comes up; start time measured
"$CLI" --data-dir "$work/office" setup --unit-code 000.00.12.H29 --office-name "Bộ phận Một cửa UBND xã Tân Lập" >/dev/null || fail setup
MOTCUA_PASSWORD=smoke-pass-2026 "$CLI" --data-dir "$work/office" user add canbo --name "Nguyễn Văn Đức" >/dev/null || fail "user add"
"$CLI" --data-dir "$work/office" intake --procedure 1.001193 --name "Nguyễn Thị Thược" --id-number 001190012345 --json >/dev/null || fail intake
"$CLI" --data-dir "$work/office" search "nguyen thi thuoc" --json | grep -q "000.00.12.H29-" || fail "search"
# Wall time from spawning the bundle to (a) the window on screen, (b) the login page usable.
timing=$("$PY" - "$GUI" "$work/office" <<'PYEOF'
import statistics, subprocess, sys, time
gui, data = sys.argv[1], sys.argv[2]
shown, usable = [], []
for i in range(6):
    started = time.perf_counter()
    p = subprocess.Popen([gui, "--data-dir", data], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                         env={**__import__("os").environ, "MOTCUA_SMOKE_TEST": "1"})
    marks = {}
    for line in p.stdout:
        if line.startswith("motcua-smoke: "):
            marks[line.split()[1]] = time.perf_counter() - started
    if p.wait() != 0 or "login" not in marks or "window" not in marks:
        sys.exit(f"GUI start failed: exit {p.returncode}, marks {marks}")
    if i:  # the first run warms the page cache
        shown.append(marks["window"] * 1000)
        usable.append(marks["login"] * 1000)
print(f"{statistics.median(shown):.0f} {statistics.median(usable):.0f} {' '.join(f'{x:.0f}' for x in shown)}")
PYEOF
) || fail "GUI start (login)"
read -r shown usable runs <<<"$timing"
# 5. the receipt renders with the bundled font and the barcode modules
"$CLI" --data-dir "$work/office" slip "$("$CLI" --data-dir "$work/office" search "nguyen" --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["code"])')" --form receipt --out "$work/receipt.pdf" >/dev/null || fail "slip"
head -c 4 "$work/receipt.pdf" | grep -q "%PDF" || fail "receipt is not a PDF"

size=$(du -sm "$DIST" | cut -f1)
echo "bundle: $DIST  ${size} MB  ($(find "$DIST" -type f | wc -l) files)"
echo "start to window shown, median of 5 warm runs: ${shown} ms  [${runs}]; to login page usable: ${usable} ms"
(( size <= 250 )) || fail "bundle is ${size} MB, over the 250 MB budget"
echo "SMOKE TEST PASSED"
