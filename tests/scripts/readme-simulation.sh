#!/bin/sh
# The README's simulation examples are what raftcost prints today: each
# "$ raftcost simulate FILE" block is the command's output, and each
# "`--variant NAME` gives simulated T" sentence names the time that variant
# gives (the scenario is the one of the paragraph's last example).
set -eu
cd "$(dirname "$0")/../.."
fails=0
for scenario in scenarios/raft-build24-sim.yaml scenarios/serverless-limits.yaml; do
    awk -v cmd="\$ raftcost simulate $scenario" '$0 == cmd { on = 1; next } on && /^```/ { exit } on' \
        README.md >"$TMPDIR/readme.txt"
    [ -s "$TMPDIR/readme.txt" ] || { echo "README: no example of $scenario"; exit 1; }
    "$RAFTCOST" simulate "$scenario" >"$TMPDIR/out.txt"
    diff -u "$TMPDIR/readme.txt" "$TMPDIR/out.txt" || fails=$((fails + 1))
done
# Each variant sentence: the paragraph after the example of its scenario.
awk '/^\$ raftcost simulate / { scenario = $4 }
    { text = text " " $0 }
    /^$/ { print scenario "\t" text; text = "" }' README.md |
    grep -- '--variant' | while IFS="$(printf '\t')" read -r scenario para; do
        # One piece a variant: its name, then the first time said after it.
        echo "$para" | sed 's/`--variant /\n/g' | sed 1d | while read -r piece; do
            variant=${piece%%\`*}
            said=$(echo "$piece" |
                grep -oE 'gives simulated [0-9]+ (h|min|s|d)( [0-9]+ (h|min|s))?' | head -n 1 |
                sed 's/gives simulated //')
            [ -n "$said" ] || continue
            got=$("$RAFTCOST" simulate "$scenario" --variant "$variant" |
                sed -n 's/.*; simulated \([^(,]*\) (.*/\1/p')
            if [ "$said" != "$got" ]; then
                echo "README: $scenario --variant $variant says $said, simulates $got"
                echo x >>"$TMPDIR/variant-fails"
            fi
            echo "$scenario $variant" >>"$TMPDIR/variants-checked"
        done
    done
[ ! -s "$TMPDIR/variant-fails" ] || fails=$((fails + 1))
# weighted, least-busy, two-workers; two-workers, sixteen-workers, patient
checked=$(wc -l <"$TMPDIR/variants-checked")
[ "$checked" -eq 6 ] || { echo "README: $checked variant sentences checked, want 6"; fails=$((fails + 1)); }
rm -f "$TMPDIR/variant-fails" "$TMPDIR/variants-checked"
[ "$fails" -eq 0 ]
