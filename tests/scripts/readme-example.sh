#!/bin/sh
# The README's worked example is the report raftcost prints today.
set -eu
cd "$(dirname "$0")/../.."
awk '/^\$ raftcost scenarios\/raft-build24.yaml$/ { on = 1; next } on && /^```/ { exit } on' \
    README.md >"$TMPDIR/readme-example.txt"
"$RAFTCOST" scenarios/raft-build24.yaml >"$TMPDIR/report.txt"
[ -s "$TMPDIR/readme-example.txt" ] || { echo "README: no worked example found"; exit 1; }
diff -u "$TMPDIR/readme-example.txt" "$TMPDIR/report.txt"
