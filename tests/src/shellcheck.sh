#!/usr/bin/env bash
# tests/src/shellcheck.sh - shellcheck (settings in .shellcheckrc) finds nothing in the
# shell scripts: one "ok"/"FAIL" line per script.
set -u
cd "$(dirname "$0")/../.." || exit 2
if ! command -v shellcheck >/dev/null 2>&1; then
	echo "FAIL shellcheck: not installed (sh tools/deps.sh test installs it)"
	exit 1
fi
mapfile -t files < <({ find tests tools bench packaging -name '*.sh'; echo .ci/run; } | sort)
# A script found clean is not checked again while it, the sourced libraries, the settings
# and shellcheck stay the same (build/shellcheck holds one empty file per clean state).
mkdir -p build/shellcheck
common=$({ shellcheck --version; cat .shellcheckrc tests/lib.sh tests/tui/lib-tui.sh; } 2>&1 |
	sha1sum | cut -d' ' -f1)
for f in "${files[@]}"; do
	key=build/shellcheck/$( { echo "$common"; cat "$f"; } | sha1sum | cut -d' ' -f1)
	if [ -e "$key" ]; then
		echo "ok shellcheck $f"
	elif out=$(shellcheck -f gcc "$f" 2>&1); then
		: >"$key"
		echo "ok shellcheck $f"
	else
		echo "FAIL shellcheck $f"
		printf '%s\n' "$out" | head -20 | sed 's/^/#   /'
	fi
done
