#!/usr/bin/env bash
# The man page (man/tianbiao.1): it documents every command, option, option value and
# environment variable that `tianbiao --help` lists, and no command that is not there;
# it renders at 80 columns without a troff warning, and mandoc finds nothing to warn of.
. "$(dirname "$0")/../lib.sh"
MAN=$TOP/man/tianbiao.1

"$TIANBIAO" --help >"$T_TMP/help" 2>&1 || t_fail "--help exits 0"

# The man source with the escapes a reader does not see removed: \fB, \-, \:, \~, \(rs.
sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\://g' -e 's/\\~/ /g' -e 's/\\(rs/\\/g' \
	"$MAN" >"$T_TMP/man"
# The tag lines of .TP paragraphs: where a command, option or variable is explained.
awk 'prev == ".TP" { print } { prev = $0 }' "$T_TMP/man" >"$T_TMP/tags"
section() { awk -v s=".SH $1" '$0 == s { on = 1; next } /^\.SH / { on = 0 } on' "$T_TMP/man"; }

hint="man/tianbiao.1 must explain it (a .TP entry); see the comment at the top of the page"

# Commands: the word after "tianbiao" on a usage line, unless an option or [.
cmds=$(sed -n 's/^  tianbiao \([a-z][a-z0-9-]*\).*/\1/p' "$T_TMP/help" | sort -u)
[ -n "$cmds" ] || t_fail "--help lists commands" "$(head -c 400 "$T_TMP/help")"
for c in $cmds; do
	if grep -qE "^\.[BI]+ ${c}( |\$)" "$T_TMP/tags"; then t_ok "man explains command $c"
	else t_fail "man explains command $c" "$hint, under .SH 命令"; fi
	if section 用法 | grep -qE "(^| )${c}( |\$)"; then t_ok "man synopsis has $c"
	else t_fail "man synopsis has $c" "add it under .SH 用法"; fi
done
# ...and the page explains no command that is gone.
section 命令 | awk '/^\.RS/ { d++ } /^\.RE/ { d-- } d == 0 && prev == ".TP" { print $2 } { prev = $0 }' |
	sort -u >"$T_TMP/mancmds"
stale=$(comm -23 "$T_TMP/mancmds" <(printf '%s\n' "$cmds"))
expect_eq "man explains no command --help lacks" "$stale" ""

# Options, as words starting with - or --, and the values of a|b|c lists.
opts=$(grep -oE '(^|[][ |(])--?[a-zA-Z][a-zA-Z0-9-]*' "$T_TMP/help" | sed 's/^[][ |(]//' | sort -u)
[ -n "$opts" ] || t_fail "--help lists options"
for o in $opts; do
	if grep -qE "(^|[ \"])${o}([ \",]|\$)" "$T_TMP/tags"; then t_ok "man explains option $o"
	else t_fail "man explains option $o" "$hint"; fi
done
vals=$(grep -oE '[a-z0-9-]+(\|[a-z0-9-]+)+' "$T_TMP/help" | tr '|' '\n' | sort -u)
for v in $vals; do
	if grep -qE "(^|[ \"|])${v}([ \"|]|\$)" "$T_TMP/tags"; then t_ok "man explains value $v"
	else t_fail "man explains value $v" "$hint, in its option's entry"; fi
done
# Environment variables named in --help.
for e in $(grep -oE '\$[A-Z][A-Z0-9_]*' "$T_TMP/help" | tr -d '$' | sort -u); do
	if section 环境变量 | grep -qx "\.B $e"; then t_ok "man explains variable $e"
	else t_fail "man explains variable $e" "add it under .SH 环境变量"; fi
done

# The version in --version is the program's; the page must not claim another one.
expect_eq "man page names no version" "$(grep -c '^\.TH .*[0-9]\.[0-9]\.[0-9]' "$MAN")" "0"

# Rendered by groff as man(1) does at 80 columns: a Chinese run with no break point
# gives "can't break line" (add \: after its punctuation).
if command -v groff >/dev/null 2>&1 && command -v preconv >/dev/null 2>&1; then
	preconv "$MAN" | groff -man -Tutf8 -ww -rLL=78n -rLT=78n >"$T_TMP/render" 2>"$T_TMP/warn"
	expect_eq "man renders at 80 columns without troff warnings" "$(cat "$T_TMP/warn")" ""
	expect_grep "man renders its title" "tianbiao - 填表" "$T_TMP/render"
	# wc -L counts display columns: a Chinese character takes two.
	wide=$(sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g' "$T_TMP/render" | wc -L)
	if [ "$wide" -le 80 ]; then t_ok "man lines fit in 80 columns"
	else t_fail "man lines fit in 80 columns" "the widest takes $wide columns"; fi
else
	t_skip "man renders at 80 columns" "no groff (tools/deps.sh test installs groff-base)"
fi
if command -v mandoc >/dev/null 2>&1; then
	mandoc -T lint -W warning "$MAN" >"$T_TMP/lint" 2>&1
	expect_eq "mandoc -T lint finds no warning" "$(cat "$T_TMP/lint")" ""
else
	t_skip "mandoc -T lint" "no mandoc (tools/deps.sh test installs it)"
fi
if command -v lexgrog >/dev/null 2>&1; then
	want='tianbiao - 填表：离线填写、保存和报送“安全生产月”活动的报表'
	expect_eq "whatis line" "$(lexgrog "$MAN" 2>&1)" "$MAN: \"$want\""
else
	t_skip "whatis line" "no lexgrog (man-db)"
fi
exit 0
