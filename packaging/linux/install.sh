#!/bin/sh
# Install the unpacked injurydoc tarball.  Run from the unpacked folder.
#   sudo ./install.sh            per machine: /opt/injurydoc, menu entry for every user
#   ./install.sh --user          per user:    ~/.local/opt/injurydoc, menu entry for this user
#   [sudo] ./install.sh --uninstall [--user]   removes the program and menu entry, never a store
# Stores, settings and error reports are not in the program folder and are never touched here.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
MODE=machine; ACTION=install
for arg in "$@"; do
    case $arg in
        --user) MODE=user ;;
        --uninstall) ACTION=uninstall ;;
        *) echo "usage: $0 [--user] [--uninstall]" >&2; exit 2 ;;
    esac
done
if [ "$MODE" = machine ]; then
    PREFIX=/opt/injurydoc; BIN=/usr/local/bin; SHARE=/usr/local/share
else
    PREFIX=$HOME/.local/opt/injurydoc; BIN=$HOME/.local/bin; SHARE=${XDG_DATA_HOME:-$HOME/.local/share}
fi
APPS=$SHARE/applications; ICONS=$SHARE/icons/hicolor

if [ "$ACTION" = uninstall ]; then
    rm -rf "$PREFIX"
    rm -f "$BIN/injurydoc" "$BIN/injurydoc-cli" "$APPS/injurydoc.desktop" \
        "$ICONS/scalable/apps/injurydoc.svg" "$ICONS/256x256/apps/injurydoc.png"
    echo "injurydoc removed from $PREFIX (stores and settings are left as they are)"
    exit 0
fi

mkdir -p "$PREFIX" "$BIN" "$APPS" "$ICONS/scalable/apps" "$ICONS/256x256/apps"
rm -rf "$PREFIX.new" && cp -a "$HERE/injurydoc" "$PREFIX.new"
rm -rf "$PREFIX" && mv "$PREFIX.new" "$PREFIX"
ln -sf "$PREFIX/injurydoc" "$BIN/injurydoc"
ln -sf "$PREFIX/injurydoc-cli" "$BIN/injurydoc-cli"
sed "s|^Exec=injurydoc|Exec=$PREFIX/injurydoc|; s|^TryExec=injurydoc|TryExec=$PREFIX/injurydoc|" \
    "$HERE/injurydoc.desktop" > "$APPS/injurydoc.desktop"
cp "$HERE/injurydoc.svg" "$ICONS/scalable/apps/injurydoc.svg"
cp "$HERE/injurydoc.png" "$ICONS/256x256/apps/injurydoc.png"
command -v update-desktop-database > /dev/null && update-desktop-database "$APPS" 2> /dev/null || true
echo "injurydoc installed in $PREFIX; start it from the menu (Skadedokumentation) or with: injurydoc"
