#!/bin/sh
# tools/deps.sh WHAT - make sure what WHAT needs is installed.
#   build: a C compiler, pkg-config, ncursesw + formw, SQLite 3, libxlsxwriter (headers)
#   test:  also what the tests run: tmux, the sqlite3 shell, Debian's python3 with
#          openpyxl (the independent CSV and .xlsx readers), procps (pgrep), the C.UTF-8
#          locale, groff, mandoc and man-db (the man page), desktop-file-utils (the desktop
#          entry), cppcheck and shellcheck, unicode-data (the width tables checked
#          against tools/gen-width.py), LibreOffice Calc (make check)
#   ci:    also clang (make ci)
#   coverage: also gcovr (make coverage)
#   bench: also hyperfine and GNU time (make bench)
# `make` itself must be there already (the README says so). Missing Debian packages
# are installed with apt-get --no-install-recommends when we are root or sudo works
# without a password; otherwise the exact command is printed and we fail.
set -u
what=${1:-build}
missing=""

need_pkg() { # need_pkg TEST-COMMAND PACKAGE
	if ! sh -c "$1" >/dev/null 2>&1; then missing="$missing $2"; fi
}

need_pkg 'command -v cc' gcc
need_pkg 'command -v pkg-config' pkg-config
need_pkg 'pkg-config --exists ncursesw formw' libncurses-dev
need_pkg 'pkg-config --exists sqlite3' libsqlite3-dev
need_pkg 'pkg-config --exists xlsxwriter' libxlsxwriter-dev
# xlsxwriter.pc links -lz, but Debian 12's libxlsxwriter-dev does not depend on zlib's -dev.
need_pkg 'pkg-config --exists zlib' zlib1g-dev
if [ "$what" != build ]; then
	need_pkg 'command -v tmux' tmux
	need_pkg 'command -v sqlite3' sqlite3
	need_pkg 'command -v pgrep' procps
	need_pkg 'command -v xxd' xxd
	need_pkg '/usr/bin/python3 -c "import csv, sqlite3, unicodedata"' python3
	need_pkg '/usr/bin/python3 -c "import openpyxl"' python3-openpyxl
	need_pkg 'locale -a | grep -qi "^c.utf-\?8$"' locales
	# the man page's tests: render (groff), lint (mandoc); the desktop entry's validator
	need_pkg 'command -v groff && command -v preconv' groff-base
	need_pkg 'command -v mandoc' mandoc
	need_pkg 'command -v lexgrog' man-db
	need_pkg 'command -v desktop-file-validate' desktop-file-utils
	need_pkg 'command -v cppcheck' cppcheck
	need_pkg 'command -v shellcheck' shellcheck
	need_pkg 'test -r /usr/share/unicode/EastAsianWidth.txt' unicode-data
	# LibreOffice, a spreadsheet that reads the exports as a clerk's would (the office
	# round trips): about 190 MB to download. TIANBIAO_NO_OFFICE=1 leaves it out, and
	# those tests are then counted as skipped.
	if [ "${TIANBIAO_NO_OFFICE:-0}" != 1 ]; then
		need_pkg 'command -v soffice' libreoffice-calc-nogui
	fi
fi
if [ "$what" = ci ]; then
	need_pkg 'command -v clang' clang
fi
if [ "$what" = coverage ]; then
	need_pkg 'command -v gcovr' gcovr
fi
if [ "$what" = bench ]; then
	need_pkg 'command -v hyperfine' hyperfine
	need_pkg 'command -v /usr/bin/time' time
fi

[ -z "$missing" ] && exit 0

echo "tianbiao: installing missing packages:$missing" >&2
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "tianbiao: please run:  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "tianbiao: no apt-get here; please install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2 || true
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y -qq --no-install-recommends $missing >&2; then
	echo "tianbiao: installing failed; please run:  sudo apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
