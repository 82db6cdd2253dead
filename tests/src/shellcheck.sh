#!/usr/bin/env bash
# tests/src/shellcheck.sh - shellcheck (settings in .shellcheckrc) finds nothing in the
# shell scripts: one "ok"/"FAIL" line per script.
set -u
cd "$(dirname "$0")/../.." || exit 2
if ! command -v shellcheck >/dev/null 2>&1; then
	echo "FAIL shellcheck: not installed (sh tools/deps.sh ci installs it)"
	exit 1
fi
mapfile -t files < <({ find tests tools bench packaging -name '*.sh'; echo .ci/run; } | sort)
for f in "${files[@]}"; do
	if out=$(shellcheck -f gcc "$f" 2>&1); then
		echo "ok shellcheck $f"
	else
		echo "FAIL shellcheck $f"
		printf '%s\n' "$out" | head -20 | sed 's/^/#   /'
	fi
done
