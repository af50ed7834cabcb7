#!/bin/sh
# Every command checks its writes: with standard output on a full disk
# (/dev/full), the help, the version and each report exit 1 with
# "raftcost: error: cannot write ..." on standard error.  The same commands
# to /dev/null exit 0, so the failure comes from the write alone.
set -u
fail() { echo "write-errors: $*"; exit 1; }
[ -w /dev/full ] || { echo "write-errors: no /dev/full here: nothing checked"; exit 0; }
scenario=scenarios/raft-build24.yaml
curve=scenarios/curves/nim-llama-3.1-8b.csv
err=$TMPDIR/write-errors.err

check() {
    "$RAFTCOST" "$@" >/dev/null 2>"$err" || fail "'$*' to /dev/null failed"
    "$RAFTCOST" "$@" >/dev/full 2>"$err"
    status=$?
    [ "$status" -eq 1 ] || fail "'$*' to /dev/full: exit status $status, want 1"
    grep -q '^raftcost: error: cannot write ' "$err" ||
        fail "'$*' to /dev/full: no 'cannot write' message: $(cat "$err")"
    [ "$(wc -l <"$err")" -eq 1 ] || fail "'$*' to /dev/full: more than one message: $(cat "$err")"
}

check --help
check -h
check --version
check compare --help
check sweep --help
check fit --help
check fit -h
check "$scenario"
check -f json "$scenario"
check -o - "$scenario"
check compare "$scenario"
check sweep "$scenario" --vary backends.maap.count=1..2
check fit "$curve"
check prices --help
check prices chat --catalogue tests/catalogues/mini-litellm.json
check prices --lint tests/catalogues/mini-vms.csv

# -o FILE writes nothing to standard output: a full standard output is no error.
"$RAFTCOST" -o "$TMPDIR/write-errors.txt" "$scenario" >/dev/full 2>"$err" ||
    fail "-o FILE with standard output on /dev/full failed: $(cat "$err")"
# An error in the command line is reported as such, not as a write error.
"$RAFTCOST" compare --frobnicate >/dev/full 2>"$err"
status=$?
[ "$status" -eq 2 ] || fail "compare --frobnicate: exit status $status, want 2"
exit 0
