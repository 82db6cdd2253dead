#!/bin/sh
# tools/deps.sh WHAT - make sure what WHAT needs is installed.
#   build: a C compiler, make, pkg-config, ncursesw + formw, SQLite 3, libxlsxwriter (headers)
#   test:  also tmux (terminal tests) and python3 (independent CSV reader, optional)
#   bench: also hyperfine and the sqlite3 shell
# Missing Debian packages are installed with apt-get when we are root or sudo
# works without a password; otherwise the exact command is printed and we fail.
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
if [ "$what" = test ] || [ "$what" = bench ]; then
	need_pkg 'command -v tmux' tmux
	need_pkg 'command -v sqlite3' sqlite3
	need_pkg 'locale -a | grep -qi "^c.utf-\?8$"' locales
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
	echo "tianbiao: please run:  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "tianbiao: no apt-get here; please install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2 || true
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y -qq $missing >&2; then
	echo "tianbiao: installing failed; please run:  sudo apt-get install -y$missing" >&2
	exit 1
fi
