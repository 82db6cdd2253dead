#!/usr/bin/env bash
# `make install DESTDIR=... PREFIX=/usr` puts every file where the man page (文件) and the
# README say; the installed program finds its installed forms; the desktop entry is valid.
. "$(dirname "$0")/../lib.sh"
ROOT=$T_TMP/root

# The binary under test is installed as it is (no rebuild); a make running this test must
# not hand its jobserver down.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$TOP" install DESTDIR="$ROOT" PREFIX=/usr \
	INSTALL_BIN="$TIANBIAO" >"$T_TMP/out" 2>&1
expect_eq "make install DESTDIR succeeds" "$?" "0"

# Every /usr/... path the man page names under 文件 is installed (directories end in /).
paths=$(awk '/^\.SH 文件/ { on = 1; next } /^\.SH / { on = 0 } on' "$TOP/man/tianbiao.1" |
	grep -oE '/usr/[^ \\）]*[^ \\）。，]' | grep -v '^/usr/local/' | sort -u)
[ -n "$paths" ] || t_fail "man page lists installed files"
for p in $paths; do
	if [ -e "$ROOT$p" ]; then t_ok "installed $p"; else t_fail "installed $p" "$(cd "$ROOT" && find . | head -30)"; fi
done
for f in liaison plan stats; do
	expect_eq "form $f.form installed unchanged" "$(cmp "$TOP/forms/$f.form" "$ROOT/usr/share/tianbiao/forms/$f.form" && echo same)" "same"
done
expect_eq "program installed executable" "$(stat -c %a "$ROOT/usr/bin/tianbiao")" "755"
expect_eq "man page in man1" "$(stat -c %a "$ROOT/usr/share/man/man1/tianbiao.1")" "644"
expect_eq "nothing installed outside /usr" "$(cd "$ROOT" && ls)" "usr"
# README's table: PREFIX/share/tianbiao/forms.
expect_grep "README names the installed forms directory" "PREFIX/share/tianbiao/forms" "$TOP/README.md"

# The installed program, with no TIANBIAO_FORMS, finds the forms installed beside it.
env -u TIANBIAO_FORMS "$ROOT/usr/bin/tianbiao" forms >"$T_TMP/out" 2>"$T_TMP/err"
expect_eq "installed program finds its forms" "$(cut -f1 "$T_TMP/out" | tr '\n' ' ')" "liaison plan stats "

# The desktop entry: opens tianbiao in the system's terminal.
D=$ROOT/usr/share/applications/tianbiao.desktop
expect_grep "desktop entry runs tianbiao" "Exec=tianbiao" "$D"
expect_grep "desktop entry asks for a terminal" "Terminal=true" "$D"
expect_grep "desktop entry has a Chinese name" "Name=填表" "$D"
if command -v desktop-file-validate >/dev/null 2>&1; then
	desktop-file-validate "$D" >"$T_TMP/v" 2>&1
	expect_eq "desktop-file-validate" "$?: $(cat "$T_TMP/v")" "0: "
else
	t_skip "desktop-file-validate" "no desktop-file-utils (tools/deps.sh test installs it)"
fi
exit 0
