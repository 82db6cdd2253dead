#!/usr/bin/env bash
# tests/src/compile.sh CC OPT - every object, the program and the test programs build
# with compiler CC at optimisation OPT with -Werror (CI=true), in build/ci/CC-OPT.
# One "ok" or "FAIL" line; a failure shows the compiler's messages.
set -u
cd "$(dirname "$0")/../.." || exit 2
cc=$1 opt=$2
name="$cc $opt -Werror"
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "FAIL $name: $cc is not installed (sh tools/deps.sh ci installs it)"
	exit 1
fi
# A make of its own: not a child of the jobserver of the make that runs the tests.
unset MAKEFLAGS MFLAGS MAKELEVEL
out=$(make -s -k --no-print-directory B="build/ci/$cc$opt" CC="$cc" CFLAGS="$opt" CI=true \
	test-build 2>&1)
rc=$?
if [ "$rc" -eq 0 ] && [ -z "$out" ]; then
	echo "ok $name: every object, tianbiao and the tests build"
else
	echo "FAIL $name: the build stops or warns (exit $rc)"
	printf '%s\n' "$out" | grep -E 'error|warning|note:|\*\*\*' | head -40 | sed 's/^/#   /'
fi
