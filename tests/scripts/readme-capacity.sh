#!/bin/sh
# The README's serving-capacity example: every line it shows of the report
# of scenarios/self-hosted-8b.yaml is in the report raftcost prints today, in
# the same order ("..." stands for lines left out).
set -eu
cd "$(dirname "$0")/../.."
awk '/^\$ raftcost scenarios\/self-hosted-8b.yaml$/ { on = 1; next } on && /^```/ { exit } on' \
    README.md | grep -v '^\.\.\.$' >"$TMPDIR/readme-capacity.txt"
"$RAFTCOST" scenarios/self-hosted-8b.yaml >"$TMPDIR/capacity-report.txt"
[ -s "$TMPDIR/readme-capacity.txt" ] || { echo "README: no capacity example found"; exit 1; }
awk 'NR == FNR { want[++n] = $0; next }
     k < n && $0 == want[k + 1] { k++ }
     END { if (k < n) { print "README line not in the report (in order): " want[k + 1]; exit 1 } }' \
    "$TMPDIR/readme-capacity.txt" "$TMPDIR/capacity-report.txt"
