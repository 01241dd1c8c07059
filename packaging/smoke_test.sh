#!/bin/sh
# Smoke test of the built program, with the built binary alone (no venv, no source tree):
#   version, demo store, signed export, verification, the GUI headless for a few seconds.
# Usage: packaging/smoke_test.sh [DIST_DIR]     (default: packaging/dist/injurydoc)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DIST=${1:-$HERE/dist/injurydoc}
BIN=$DIST/injurydoc
[ -x "$BIN" ] || { echo "smoke test: no built program at $BIN" >&2; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/injurydoc-smoke.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
# A fresh, private home: the built program must not need (or touch) anything of the build machine.
mkdir -p "$T/home" "$T/tmp"
cd "$T"
run() {
    env -i PATH=/usr/bin:/bin HOME="$T/home" TMPDIR="$T/tmp" LANG=C.UTF-8 \
        XDG_CONFIG_HOME="$T/home/.config" XDG_DATA_HOME="$T/home/.local/share" \
        XDG_STATE_HOME="$T/home/.local/state" XDG_CACHE_HOME="$T/home/.cache" \
        QT_QPA_PLATFORM=offscreen PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring "$@"
}
step() { printf '== %s\n' "$*"; }

step "injurydoc --version"
run "$BIN" --version > version.txt
head -n 3 version.txt
grep -q '^injurydoc [0-9]' version.txt
grep -q 'SQLCipher 4\.' version.txt
grep -q 'PySide6_Essentials .*LGPL' version.txt
run "$BIN" --licences > licences.txt
grep -q 'GNU LESSER GENERAL PUBLIC LICENSE' licences.txt

step "injurydoc demo"
run "$BIN" demo --store "$T/demo" --lang en > demo.txt
ACCOUNT=$(awk '$1 == "anna" { print $2; exit }' demo.txt)
EXAM=$(awk '$2 == "signed" && $3 ~ /^[0-9a-f-]+$/ { print $3; exit }' demo.txt)
[ -n "$ACCOUNT" ] && [ -n "$EXAM" ] || { echo "smoke test: demo output not understood" >&2; cat demo.txt >&2; exit 1; }
echo "examination $EXAM"

step "injurydoc export (self-signed, training store)"
printf '%s\n' "$ACCOUNT" | run "$BIN" export --store "$T/demo" --user anna --password-stdin \
    --examination "$EXAM" --legal-basis consent --out "$T/package.zip" --self-signed --lang en > export.txt
[ -s "$T/package.zip" ] || { echo "smoke test: no package written" >&2; cat export.txt >&2; exit 1; }

step "injurydoc verify --exercise"
run "$BIN" verify "$T/package.zip" --exercise --lang en > verify.txt || {
    echo "smoke test: verification failed" >&2; cat verify.txt >&2; exit 1; }
grep -q 'VERDICT' verify.txt
tail -n 1 verify.txt
run "$DIST/injurydoc-cli" verify "$T/package.zip" --exercise --json > verify.json

step "keyring back-end chosen by the build, no credential store here: falls back safely"
# No PYTHON_KEYRING_BACKEND: the runtime hook picks the platform's back-end (Secret Service on
# Linux); without a D-Bus session it must fail fast and the key is kept inside the store.
ACCOUNT2=$(awk '$1 == "erik" { print $2; exit }' demo.txt)
printf '%s\n' "$ACCOUNT2" | run env -u PYTHON_KEYRING_BACKEND "$BIN" export --store "$T/demo" --user erik \
    --password-stdin --examination "$EXAM" --legal-basis consent --out "$T/package2.zip" \
    --self-signed --lang en > export2.txt || { echo "smoke test: export without keyring failed" >&2
    cat export2.txt >&2; exit 1; }
run "$BIN" verify "$T/package2.zip" --exercise > /dev/null

step "GUI, headless, on the demo store (Swedish)"
run "$BIN" gui --store "$T/demo" --smoke-test 1500 > gui.txt 2> gui-err.txt || {
    echo "smoke test: the GUI failed" >&2; cat gui.txt gui-err.txt >&2; exit 1; }
cat gui.txt
grep -q '^smoke test: OK' gui.txt

step "no default store was created on the way"
[ ! -e "$T/home/.local/share/injurydoc/injurydoc/stores/default" ]
echo "smoke test passed"
