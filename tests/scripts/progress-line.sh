#!/bin/sh
# The progress line on a terminal (a pseudo-terminal made by script(1)):
# a simulation's replications and a Monte Carlo's samples are counted on
# standard error while they run, and the line is erased at the end; -q, or
# standard error that is not a terminal, shows nothing.  The line appears
# only after half a second, so each run here lasts longer than that.
set -u
fail() { echo "progress-line: $*"; exit 1; }
command -v script >/dev/null 2>&1 || { echo "progress-line: no script(1), not checked"; exit 0; }
dir=$TMPDIR/progress-line
rm -rf "$dir"
mkdir -p "$dir" || fail "cannot create $dir"
pilot=scenarios/pilot

# runs "NAME ARGS...": raftcost ARGS on a pseudo-terminal, standard output to a file;
# what the terminal saw goes to $dir/NAME.tty.
runs() {
    name=$1
    shift
    TERM=xterm script -qec "\"$RAFTCOST\" $* >\"$dir/$name.out\"" "$dir/$name.tty" >/dev/null ||
        fail "$name: exit status $?"
}

runs sim simulate scenarios/raft-build24-sim.yaml --replications 1000 -j 2
grep -q 'simulation: [0-9,]* of 1,000 replications ([0-9]*%)' "$dir/sim.tty" ||
    fail "simulate: no progress line: $(tr '\r' '\n' <"$dir/sim.tty" | head -n 5)"
runs mc calibrate $pilot/job.yaml $pilot/pilot.csv --samples 500 -j 2
grep -q 'Monte Carlo: [0-9,]* of 500 samples ([0-9]*%)' "$dir/mc.tty" ||
    fail "calibrate: no progress line: $(tr '\r' '\n' <"$dir/mc.tty" | head -n 5)"
# The line is blanked out at the end: the last thing on the terminal is a carriage return
# after blanks.
for name in sim mc; do
    last=$(sed -n '/Script done/!p' "$dir/$name.tty" | tr '\r' '\n' | grep -v '^$' | tail -n 1)
    case $last in *[!\ ]*) fail "$name: the line is not erased: '$last'" ;; esac
    grep -q 'of [0-9,]* \(replications\|samples\) (' "$dir/$name.out" &&
        fail "$name: progress on standard output"
done
# -q: nothing; and nothing when standard error is a file.
runs quiet simulate -q scenarios/raft-build24-sim.yaml --replications 1000 -j 2
grep -q 'replications (' "$dir/quiet.tty" && fail "simulate -q showed progress"
"$RAFTCOST" simulate scenarios/raft-build24-sim.yaml --replications 1000 -j 2 >/dev/null \
    2>"$dir/err" || fail "simulate without a terminal: exit status $?"
[ -s "$dir/err" ] && fail "simulate without a terminal printed: $(head -c 200 "$dir/err")"
exit 0
