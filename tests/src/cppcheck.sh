#!/usr/bin/env bash
# tests/src/cppcheck.sh - cppcheck finds nothing in the C sources (src, tests, bench):
# one "ok"/"FAIL" line per file. Checks: warning, style, performance, portability, but
# not variableScope (the style here declares variables at the top of a function). A
# finding that is wrong is silenced on its line with a comment saying why:
#   /* cppcheck-suppress ID ; why */
set -u
cd "$(dirname "$0")/../.." || exit 2
if ! command -v cppcheck >/dev/null 2>&1; then
	echo "FAIL cppcheck: not installed (sh tools/deps.sh test installs it)"
	exit 1
fi
mapfile -t files < <(find src tests/core tests/fuzz bench -name '*.c' -not -path '*/corpus/*' | sort)
# build/cppcheck keeps what was found per file, so only changed files are analysed again.
mkdir -p build/cppcheck
found=$(cppcheck -q --cppcheck-build-dir=build/cppcheck --std=c11 --enable=warning,style,performance,portability \
	--suppress=variableScope --inline-suppr --error-exitcode=0 \
	-D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -DTB_VERSION='"0"' -DTB_FORMSDIR='"forms"' \
	--template='{file}:{line}: {severity} ({id}): {message}' "${files[@]}" 2>&1)
for f in "${files[@]}"; do
	mine=$(printf '%s\n' "$found" | awk -F: -v f="$f" '$1 == f')
	if [ -z "$mine" ]; then
		echo "ok cppcheck $f"
	else
		echo "FAIL cppcheck $f"
		printf '%s\n' "$mine" | head -20 | sed 's/^/#   /'
	fi
done
# Anything cppcheck said about no file in particular (a bad option, a crash).
rest=$(printf '%s\n' "$found" | awk -F: 'NR == FNR { mine[$0] = 1; next } !($1 in mine) && /^[^ ]/' \
	<(printf '%s\n' "${files[@]}") -)
if [ -n "$rest" ]; then
	echo "FAIL cppcheck: messages about no source file"
	printf '%s\n' "$rest" | head -20 | sed 's/^/#   /'
fi
