#!/bin/sh
# -f csv: every line item's cost is quantity x unit_price, the rows of each
# phase add up to the phase's row in "total", and those totals are the JSON
# report's figures.  For the example scenarios, one with an evaluation phase.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
fails=0
for scenario in raft-build24 raft-build24-derived self-hosted-8b; do
    file="$root/scenarios/$scenario.yaml"
    [ -f "$file" ] || continue
    "$RAFTCOST" -f csv "$file" >"$TMPDIR/report.csv"
    "$RAFTCOST" -f json "$file" | awk -f "$here/json-flat.awk" >"$TMPDIR/report.flat"
    # The names have no commas here: a plain split of the fields will do.
    if ! awk -F, -v flat="$TMPDIR/report.flat" '
        function near(a, b) { d = a - b; if (d < 0) d = -d; return d <= 1e-9 * (b > 1 ? b : 1) }
        BEGIN {
            while ((getline line < flat) > 0) { split(line, f, " "); json[f[1]] = f[2] }
            want["generation"] = json["generation.cost"]
            want["fine_tuning"] = json["fine_tuning.cost"]
            want["evaluation"] = json["evaluation.cost"]
            want["one_off"] = json["totals.one_off"]
            want["horizon"] = json["totals.horizon"]
            for (i = 0; ("inference.options." i ".name") in json; i++) {
                name = json["inference.options." i ".name"]
                gsub(/"/, "", name)
                want["inference." name] = json["inference.options." i ".serving_cost"]
            }
        }
        NR == 1 { if ($0 != "phase,item,quantity,unit,unit_price,cost") { print "bad header"; bad = 1 } next }
        $1 != "total" {
            if (!near($3 * $5, $6)) { print "row " NR ": " $3 " x " $5 " is not " $6; bad = 1 }
            sum[$1] += $6
            if ($1 != "generation" && $1 != "fine_tuning" && $1 != "evaluation" && $1 !~ /^inference\./) {
                print "row " NR ": unknown phase " $1; bad = 1
            }
            next
        }
        {
            total[$2] = $6
            if (!($2 in want) || want[$2] == "") { print "total " $2 ": not in the JSON report"; bad = 1 }
            else if (!near($6, want[$2])) { print "total " $2 ": " $6 ", the JSON report says " want[$2]; bad = 1 }
        }
        END {
            for (p in sum)
                if (!near(sum[p], total[p])) { print "phase " p ": rows add up to " sum[p] ", total " total[p]; bad = 1 }
            oneoff = total["generation"] + total["fine_tuning"] + total["evaluation"]
            if (!near(oneoff, total["one_off"])) { print "one_off is not the sum of the phases"; bad = 1 }
            exit bad
        }' "$TMPDIR/report.csv"; then
        echo "FAIL $scenario"
        fails=$((fails + 1))
    fi
done
[ "$fails" -eq 0 ]
