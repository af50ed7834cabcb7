#!/bin/sh
# When the ratio falls with traffic (the baseline pays the dearer hosting),
# the claim's best ratio is the ratio at no traffic, Hb / Hc = 100 / 1 =
# 100x: the text, the JSON report and the ratio plot all say so.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
scenario="$here/data/falling-ratio.yaml"
dir="$TMPDIR/best-ratio"
rm -rf "$dir"
mkdir -p "$dir/empty-bin"

"$RAFTCOST" "$scenario" >"$dir/text"
grep -q 'claim 150x: unreachable at any traffic; the best ratio this traffic mix allows is 100.00x' \
    "$dir/text" || { echo "FAIL text:"; cat "$dir/text"; exit 1; }
"$RAFTCOST" -f json "$scenario" | awk -f "$here/json-flat.awk" >"$dir/flat"
grep -q '^inference.comparison.claim.best_ratio 100$' "$dir/flat" ||
    { echo "FAIL json:"; grep best_ratio "$dir/flat"; exit 1; }
PATH="$dir/empty-bin" "$RAFTCOST" "$scenario" --plots "$dir/plots" >/dev/null 2>&1
grep -q "^claim_label = 'claimed 150x: unreachable at any traffic; the ratio stays below 100.00x'" \
    "$dir/plots/ratio.gp" || { echo "FAIL plot:"; grep claim_label "$dir/plots/ratio.gp"; exit 1; }
