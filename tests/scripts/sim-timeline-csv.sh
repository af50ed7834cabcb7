#!/bin/sh
# --timeline FILE: the header, a row per step and deployment, columns that
# add up to the JSON report's totals; written atomically (a folder that is
# not there is a runtime error after the report, and leaves nothing).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
s=scenarios/raft-build24-sim.yaml
"$RAFTCOST" simulate "$s" -f json --timeline "$TMPDIR/t.csv" | awk -f "$here/json-flat.awk" >"$TMPDIR/t.flat"
value() { awk -v p="$1" '$1 == p { print $2 }' "$TMPDIR/t.flat"; }

want='start_s,end_s,deployment,backend,tok_s,output_tokens,in_flight,completed,rejected,admitted,admitted_tokens,peak_tpm_60s,tpm,run_rejected,run_retries,run_lost'
[ "$(head -n 1 "$TMPDIR/t.csv")" = "$want" ] || { echo "FAIL: header is $(head -n 1 "$TMPDIR/t.csv")"; exit 1; }

awk -F, -v out="$(value simulation.output_tokens)" -v req="$(value simulation.requests)" \
    -v hours="$(value simulation.hours)" '
    NR == 1 { next }
    { rows++; steps[$1] = 1; tokens += $6; completed += $8; admitted += $10; names[$3] = 1
      if ($2 > end) end = $2 }
    END {
        n = 0; for (k in steps) n++
        d = 0; for (k in names) d++
        if (d != 3 || rows != n * d) { printf "FAIL: %d rows for %d steps of %d deployments\n", rows, n, d; exit 1 }
        if (tokens < out * (1 - 1e-9) || tokens > out * (1 + 1e-9)) { printf "FAIL: output %.17g, want %s\n", tokens, out; exit 1 }
        if (completed != req || admitted != req) { printf "FAIL: %d completed, %d admitted, want %d\n", completed, admitted, req; exit 1 }
        if (end < hours * 3600 * (1 - 1e-9) || end > hours * 3600 * (1 + 1e-9)) { printf "FAIL: ends at %s s, want %s h\n", end, hours; exit 1 }
    }' "$TMPDIR/t.csv"

# A minute a step: the steps of a job of 4 h 55 min.
steps=$(awk -F, 'NR > 1 && $3 == "maas"' "$TMPDIR/t.csv" | wc -l)
[ "$steps" -eq 296 ] || { echo "FAIL: $steps steps, want 296 (4 h 55 min in minutes)"; exit 1; }

# Not written where it cannot be: exit 1, the report written all the same, no file left.
set +e
"$RAFTCOST" simulate "$s" --timeline "$TMPDIR/no/such/dir/t.csv" >"$TMPDIR/out.txt" 2>"$TMPDIR/err.txt"
status=$?
set -e
[ "$status" -eq 1 ] || { echo "FAIL: status $status, want 1"; exit 1; }
grep -q "cannot write '$TMPDIR/no/such/dir/t.csv'" "$TMPDIR/err.txt" || { cat "$TMPDIR/err.txt"; exit 1; }
grep -q '^SIMULATION' "$TMPDIR/out.txt" || { echo "FAIL: no report before the error"; exit 1; }
[ ! -e "$TMPDIR/no" ] || { echo "FAIL: something was written"; exit 1; }
