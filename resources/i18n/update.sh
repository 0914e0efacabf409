#!/bin/sh
# Regenerate the Vietnamese translation: extract ui/ strings, fill Vietnamese (the source language)
# as its own translation, add Qt's own strings, compile motcua_vi.qm. Run from anywhere.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py="$root/.venv/bin/python"
bin="$root/.venv/bin"
cd "$root"
find ui -name '*.py' | sort > "$here/.sources.lst"
"$bin/pyside6-lupdate" -no-obsolete -source-language vi_VN -target-language vi_VN @"$here/.sources.lst" -ts "$here/motcua_vi.ts"
rm -f "$here/.sources.lst"
"$py" "$here/fill_ts.py" "$here/motcua_vi.ts" "$here/qt_vi.ts"
"$bin/pyside6-lrelease" "$here/motcua_vi.ts" "$here/qt_vi.ts" -qm "$here/motcua_vi.qm"
