#!/usr/bin/env bash
# Installs (as root) or names (otherwise) the Debian/Ubuntu packages injurydoc needs.
#   sysdeps.sh python     Python with venv support
#   sysdeps.sh offscreen  what Qt needs to run headless (tests)
#   sysdeps.sh gui        what Qt needs for a real window (xcb)
#   sysdeps.sh screenshots  the same plus Xvfb, for scripts/screenshots.py
#   sysdeps.sh test       offscreen plus the validators the tests run (pdfsig, qpdf, exiftool, SoftHSM2 …)
set -euo pipefail

python_pkgs=(python3 python3-venv python3-pip)
offscreen_pkgs=(libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3
                fonts-dejavu-core)
gui_pkgs=("${offscreen_pkgs[@]}" libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
          libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1
          libxkbcommon-x11-0 libx11-xcb1)

# Independent validators the evidence tests run: poppler (pdfsig, pdftoppm, pdffonts), qpdf, exiftool,
# openssl, and SoftHSM2 + OpenSC + NSS tools for the smart-card (PKCS#11) tests.  PostgreSQL: the unit-server
# tests start a throw-away cluster of their own (initdb/pg_ctl from /usr/lib/postgresql/<ver>/bin).
# eatmydata: make pytest runs the suite without disk flushes (see the Makefile).
test_pkgs=("${offscreen_pkgs[@]}" poppler-utils qpdf libimage-exiftool-perl openssl softhsm2 opensc libnss3-tools
           postgresql eatmydata)
shots_pkgs=("${gui_pkgs[@]}" xvfb xauth poppler-utils)

case "${1:-offscreen}" in
  python) want=("${python_pkgs[@]}") ;;
  offscreen) want=("${offscreen_pkgs[@]}") ;;
  gui) want=("${gui_pkgs[@]}") ;;
  screenshots) want=("${shots_pkgs[@]}") ;;
  test) want=("${test_pkgs[@]}") ;;
  *) echo "usage: $0 python|offscreen|gui|screenshots|test" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "sysdeps: not a Debian/Ubuntu system; make sure these (or your system's equivalents) are installed:" >&2
  echo "  ${want[*]}" >&2
  exit 0
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# python3 may come from elsewhere (pyenv); what matters is that venv works.
if [ "${1:-}" = python ] && python3 -c 'import venv, ensurepip' 2>/dev/null; then
  missing=()
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "sysdeps: installing ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "sysdeps: these system packages are missing; install them and run make again:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
