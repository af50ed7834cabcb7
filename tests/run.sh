#!/bin/sh
# The test runner.  Usage: tests/run.sh BUILD_DIR [PASS]
#  PASS names the build in the first and last lines ("plain build", "under
#  AddressSanitizer and UBSan"); the default is the build folder's name.
#  - unit tests: every program BUILD_DIR/tests/test_*; each prints
#    "unit NAME: N passed, N failed"
#  - cases: every tests/*/NAME.args (one argument a line, run from the
#    repository root) is run with BUILD_DIR/raftcost; NAME.out is the expected
#    standard output, NAME.err the expected standard error, NAME.status the
#    expected exit status (default 0).  Missing .out/.err files are not checked,
#    except that a case with status 2 must print nothing on standard output.
#  - scripts: every executable tests/scripts/*.sh, run with RAFTCOST set to
#    the binary; exit 0 is a pass.
# Ends with "N passed, N failed (PASS)"; exits 1 if anything failed.
set -u
build=${1:-build}
pass=${2:-$build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
bin="$root/$build/raftcost"
export LC_ALL=C TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
echo "tests ($pass, $build/raftcost):"

for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    if "$t" >"$tmp/unit.out" 2>"$tmp/unit.err"; then :; fi
    line=$(grep '^unit ' "$tmp/unit.out" | tail -n 1)
    p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed/\1/p')
    f=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed/\2/p')
    if [ -z "$p" ]; then
        echo "FAIL $t: crashed or printed no summary"
        cat "$tmp/unit.err"
        failed=$((failed + 1))
        continue
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    [ "$f" -eq 0 ] || { echo "FAIL $line"; cat "$tmp/unit.err"; }
done

for args in tests/*/*.args; do
    [ -f "$args" ] || continue
    case_name=${args%.args}
    want_status=0
    [ -f "$case_name.status" ] && want_status=$(cat "$case_name.status")
    # One argument a line; an empty file means no arguments.
    set --
    while IFS= read -r a || [ -n "$a" ]; do set -- "$@" "$a"; done <"$args"
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
    ok=1
    why=""
    if [ "$status" -ne "$want_status" ]; then ok=0; why="exit status $status, want $want_status"; fi
    if [ -f "$case_name.out" ] && ! diff -u "$case_name.out" "$tmp/out" >"$tmp/diff"; then
        ok=0; why="$why; stdout differs"; cat "$tmp/diff"
    fi
    if [ -f "$case_name.err" ] && ! diff -u "$case_name.err" "$tmp/err" >"$tmp/diff"; then
        ok=0; why="$why; stderr differs"; cat "$tmp/diff"
    fi
    if [ "$want_status" -eq 2 ] && [ -s "$tmp/out" ]; then ok=0; why="$why; printed a report on invalid input"; fi
    if grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$tmp/err"; then
        ok=0; why="$why; sanitizer report"; cat "$tmp/err"
    fi
    if [ $ok -eq 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $case_name: $why"; fi
done

for s in tests/scripts/*.sh; do
    [ -x "$s" ] || continue
    if RAFTCOST="$bin" TMPDIR="$tmp" "$s" >"$tmp/script.out" 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $s"
        cat "$tmp/script.out"
    fi
done

echo "$passed passed, $failed failed ($pass)"
[ "$failed" -eq 0 ]
