#!/bin/sh
# The rate-limited scenario's TPM limit is never exceeded in any 60-second
# window of the --timeline output, with the default sliding window; the
# token bucket does exceed it (so the check can fail).  The timeline has
# 1-second steps here: every 60 consecutive steps are one 60 s window, and
# each row's peak_tpm_60s is the most admitted in a window ending at one of
# its admissions.
set -eu
cd "$(dirname "$0")/../.."
scenario=scenarios/serverless-limits.yaml

# check CSV: 0 when no window is over the limit; prints the worst windows.
check() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $col["deployment"] != "maas" { next }
        {
            n++
            tpm = $col["tpm"]
            admitted[n] = $col["admitted_tokens"]
            sum += admitted[n]
            if (n > 60) sum -= admitted[n - 60]
            if (sum > worst) worst = sum
            p = $col["peak_tpm_60s"]
            if (p != "" && p + 0 > peak) peak = p + 0
        }
        END {
            printf "steps %d, worst 60-step sum %.0f, worst peak %.0f, limit %.0f\n", n, worst, peak, tpm
            if (n < 60 || tpm == "") exit 2
            exit !(worst <= tpm * (1 + 1e-9) && peak <= tpm * (1 + 1e-9))
        }' "$1"
}

"$RAFTCOST" simulate "$scenario" --set simulation.timeline_step=1s --timeline "$TMPDIR/t.csv" >/dev/null
check "$TMPDIR/t.csv" || { echo "FAIL: the sliding window let more than the TPM through"; exit 1; }

"$RAFTCOST" simulate "$scenario" --variant bucket --set simulation.timeline_step=1s \
    --timeline "$TMPDIR/b.csv" >/dev/null
if check "$TMPDIR/b.csv"; then
    echo "FAIL: the token bucket never exceeded the TPM in a minute: the check cannot fail"
    exit 1
fi
