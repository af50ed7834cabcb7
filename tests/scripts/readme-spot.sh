#!/bin/sh
# The figures the README's paragraph on spot preemption says in words are
# the ones raftcost simulate prints today.
set -eu
cd "$(dirname "$0")/../.."
s=scenarios/raft-build24-spot.yaml
"$RAFTCOST" simulate "$s" >"$TMPDIR/spot.txt"
"$RAFTCOST" simulate "$s" --variant hourly >"$TMPDIR/hourly.txt"
fails=0
check() { # FILE TEXT-IN-OUTPUT TEXT-IN-README
    grep -qF -- "$2" "$1" || { echo "output of $1 lacks: $2"; fails=$((fails + 1)); }
    grep -qF -- "$3" README.md || { echo "README lacks: $3"; fails=$((fails + 1)); }
}
check "$TMPDIR/spot.txt" "2 h 56 min without: +4 min 4 s (+2.3%)" "4 minutes (2.3%) longer"
check "$TMPDIR/spot.txt" "cost mean \$13.21 with preemption" "for \$13.21"
check "$TMPDIR/spot.txt" "\$88.76 on demand" "instead of \$88.76 on demand"
check "$TMPDIR/hourly.txt" "2 h 56 min without: +23 min (+12.8%)" "it takes 23 minutes (12.8%)"
check "$TMPDIR/hourly.txt" "cost mean \$14.56 with preemption" "costs \$14.56"
check "$TMPDIR/hourly.txt" "(P90 3 h 32 min)" "(3 h 32 min at one an hour)"
[ "$fails" -eq 0 ]
