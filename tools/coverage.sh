#!/usr/bin/env bash
# tools/coverage.sh - line coverage per source file (make coverage).
#
# Builds everything with gcc --coverage at -O0 into build/cov (-DTB_COVERAGE: the crash
# handler writes the counts of the runs the crash tests end on purpose), runs the screen tests
# (tests/tui) against it and prints the coverage of every src/ui file they reach, then
# runs all the other tests too (core, store, command line) and prints the table of every
# file in src/. The ui files must stay at 85 % or more from the screen tests alone
# (a line below it says which do not). Tables: gcovr; the line-by-line details of one
# file: gcov -o build/cov/src/ui src/ui/FILE.c, or gcovr --html-details.
set -u -o pipefail
cd "$(dirname "$0")/.." || exit 2
B=build/cov
AIM=${COVERAGE_AIM:-85}
shown='^(FAIL |skip |#   |[0-9]+ passed)'	# what is shown of a test run
gcovr_() { gcovr -r . --object-directory "$B" "$@" "$B"; }

unset MAKEFLAGS MFLAGS MAKELEVEL
find "$B" -name '*.gcda' -delete 2>/dev/null
# The objects of sources that are gone (a file split or moved) would be counted as well,
# and a test program whose source is gone would run and write counts gcov cannot read.
find "$B/src" -name '*.gcno' 2>/dev/null | while read -r g; do
	s=${g#"$B"/}
	[ -e "${s%.gcno}.c" ] || rm -f "$g" "${g%.gcno}.o" "${g%.gcno}.d"
done
for t in "$B"/tests/test_* "$B"/tests/store_*; do
	n=$(basename "$t")
	n=${n%%[.-]*}
	[ -e "tests/core/$n.c" ] || rm -f "$t"
done
make -s --no-print-directory -j"$(nproc)" B="$B" CC=gcc CFLAGS='-O0 -g --coverage -DTB_COVERAGE' \
	LDFLAGS=--coverage test-build || exit 1

rc=0
echo "== the screen tests (tests/tui) against $B"
bash tests/run.sh --no-src --only '*tests/tui/*' "$B" | grep -E "$shown" || rc=1
echo
echo "Line coverage of src/ui from the screen tests alone (aim: ${AIM} % each file):"
gcovr_ -f 'src/ui/' --txt - | grep -v '^GCC Code\|^Directory:'
gcovr_ -f 'src/ui/' --json-summary "$B/ui.json" >/dev/null
/usr/bin/python3 - "$B/ui.json" "$AIM" <<'PY' || rc=1
import json, sys
aim = float(sys.argv[2])
low = [(f["filename"], f["line_percent"]) for f in json.load(open(sys.argv[1]))["files"]
       if f["line_percent"] < aim]
if low:
    print("below %g %%: %s" % (aim, ", ".join("%s %.1f %%" % x for x in low)))
    sys.exit(1)
print("every src/ui file at %g %% or more" % aim)
PY

echo
echo "== the other tests (core, store, command line) against $B"
bash tests/run.sh --no-src --except '*tests/tui/*' "$B" | grep -E "$shown" || rc=1
echo
echo "Line coverage of src/ from all the tests:"
gcovr_ -f 'src/' --txt - | grep -v '^GCC Code\|^Directory:'
exit "$rc"
