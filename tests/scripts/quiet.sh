#!/bin/sh
# -q: no warnings on standard error (here: gnuplot missing), the same output
# and exit status; errors are still printed.
set -u
fail() { echo "quiet: $*"; exit 1; }
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$TMPDIR/quiet
mkdir -p "$dir/empty-bin" || fail "cannot create $dir"
scenario=$root/scenarios/raft-build24.yaml
csv=$root/tests/fit/data/saturating-noisy.csv

PATH="$dir/empty-bin" "$RAFTCOST" "$scenario" --plots "$dir/p1" >"$dir/loud.out" 2>"$dir/loud.err" ||
    fail "without -q: exit status $?"
grep -q '^raftcost: warning: gnuplot is not on the PATH' "$dir/loud.err" || fail "no warning without -q"
PATH="$dir/empty-bin" "$RAFTCOST" -q "$scenario" --plots "$dir/p2" >"$dir/q.out" 2>"$dir/q.err" ||
    fail "-q: exit status $?"
[ -s "$dir/q.err" ] && fail "-q printed: $(cat "$dir/q.err")"
cmp -s "$dir/loud.out" "$dir/q.out" || fail "-q changed the report"

PATH="$dir/empty-bin" "$RAFTCOST" fit --quiet "$csv" --plots "$dir/p3" >"$dir/fit.out" 2>"$dir/fit.err" ||
    fail "fit --quiet: exit status $?"
[ -s "$dir/fit.err" ] && fail "fit --quiet printed: $(cat "$dir/fit.err")"
PATH="$dir/empty-bin" "$RAFTCOST" fit "$csv" --plots "$dir/p4" >/dev/null 2>"$dir/fit.err" ||
    fail "fit: exit status $?"
grep -q '^raftcost: warning: gnuplot is not on the PATH' "$dir/fit.err" || fail "fit: no warning"

# Every command that draws: the warning without -q, nothing with it.
sim=$root/scenarios/raft-build24-sim.yaml
pilot=$root/scenarios/pilot
for run in "simulate $sim --replications 1" \
    "calibrate $pilot/job.yaml $pilot/pilot.csv --samples 0" \
    "sweep $scenario --vary backends.maap.count=1..2" \
    "tornado $root/scenarios/raft-build24-ranges.yaml"; do
    c=${run%% *}
    # shellcheck disable=SC2086
    PATH="$dir/empty-bin" "$RAFTCOST" $run --plots "$dir/p-$c" >/dev/null 2>"$dir/$c.err" ||
        fail "$c --plots: exit status $?"
    grep -q "^raftcost: warning: gnuplot is not on the PATH: no plots drawn" "$dir/$c.err" ||
        fail "$c: no warning: $(cat "$dir/$c.err")"
    # shellcheck disable=SC2086
    PATH="$dir/empty-bin" "$RAFTCOST" $run -q --plots "$dir/q-$c" >/dev/null 2>"$dir/$c.err" ||
        fail "$c -q --plots: exit status $?"
    [ -s "$dir/$c.err" ] && fail "$c -q printed: $(cat "$dir/$c.err")"
done

# Errors still come out.
"$RAFTCOST" -q "$root/tests/bad/data/negative.yaml" >/dev/null 2>"$dir/bad.err"
[ $? -eq 2 ] || fail "-q on a bad scenario: want exit 2"
grep -q ': error: ' "$dir/bad.err" || fail "-q hid the error"
for c in compare sweep; do
    "$RAFTCOST" "$c" --help | grep -q -- '-q, --quiet' || fail "$c has no -q"
done
exit 0
