#!/bin/sh
# Build the one-folder program with PyInstaller, smoke-test it, and pack the Linux tarball.
#   packaging/build_linux.sh          (what `make package` runs)
# Output:  packaging/dist/injurydoc/                      the program (run ./injurydoc)
#          packaging/dist/injurydoc-VERSION-linux-ARCH.tar.gz  for IT: program + menu entry + icon
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
cd "$ROOT"
BIN=.venv/bin

make --no-print-directory venv translations
# PyInstaller is a build tool only, pinned in constraints.txt like everything else.
$BIN/pip install --quiet -c constraints.txt pyinstaller
$BIN/pyinstaller --noconfirm --clean --log-level WARN \
    --distpath "$HERE/dist" --workpath "$HERE/build" "$HERE/injurydoc.spec"

sh "$HERE/smoke_test.sh" "$HERE/dist/injurydoc"

VERSION=$("$HERE/dist/injurydoc/injurydoc-cli" --version | awk 'NR == 1 { print $2 }')
NAME=injurydoc-$VERSION-linux-$(uname -m)
STAGE="$HERE/build/$NAME"
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -a "$HERE/dist/injurydoc" "$STAGE/injurydoc"
cp "$HERE/linux/injurydoc.desktop" "$HERE/linux/injurydoc.svg" "$HERE/linux/injurydoc.png" \
    "$HERE/linux/install.sh" "$STAGE/"
cp "$ROOT/docs/deployment.md" "$STAGE/DEPLOYMENT.md"
tar -C "$HERE/build" -czf "$HERE/dist/$NAME.tar.gz" "$NAME"
echo "built $HERE/dist/$NAME.tar.gz"
