#!/bin/sh
# Relative catalogue and points paths are opened from the scenario's folder
# as the kernel resolves it.  The scenario is reached through a symlinked
# folder, link -> real/sub; its '../pricing/x.yaml' is then real/pricing/x.yaml
# ($99.99/h), not the pricing/x.yaml beside the link that the text
# 'link/../pricing/x.yaml' seems to name ($14.69/h).  The same for a points file.
set -u
fail() { echo "kernel-paths: $*"; exit 1; }
root=$(pwd)
dir=$TMPDIR/kernel-paths
rm -rf "$dir"
mkdir -p "$dir/real/sub" "$dir/real/pricing" "$dir/pricing" "$dir/real/curves" "$dir/curves" ||
    fail "cannot create $dir"
cp pricing/azure-build2024.yaml "$dir/pricing/x.yaml"
sed 's/per_hour: 14.69/per_hour: 99.99/' pricing/azure-build2024.yaml >"$dir/real/pricing/x.yaml"
grep -q 'per_hour: 99.99' "$dir/real/pricing/x.yaml" || fail "the catalogue has no 14.69 to change"
ln -s real/sub "$dir/link"
sed 's#^pricing: .*#pricing: [../pricing/x.yaml]#' scenarios/raft-build24.yaml >"$dir/real/sub/s.yaml"

"$RAFTCOST" "$dir/link/s.yaml" >"$dir/out" || fail "the report failed"
grep -q 'Standard_NC96ads_A100_v4 at \$99.99/h' "$dir/out" ||
    fail "not the catalogue the kernel names: $(grep 'Standard_NC96ads_A100_v4 at' "$dir/out")"
# The report names the file it read, in words the kernel resolves to it.
grep -q "^Prices: $dir/link/../pricing/x.yaml " "$dir/out" ||
    fail "the catalogue is named as $(grep '^Prices:' "$dir/out" | cut -c1-120)"

# Without a symlink the tidy name stays: scenarios/../pricing is pricing.
"$RAFTCOST" scenarios/raft-build24.yaml | grep -q '^Prices: pricing/azure-build2024.yaml ' ||
    fail "a plain folder's '..' is no longer tidied"

# A points file: two CSV files with different throughputs, the kernel's one at 2x.
csv=scenarios/curves/nim-llama-3.1-8b.csv
cp "$csv" "$dir/curves/p.csv"
awk -F, 'BEGIN { OFS = "," } /^[0-9]/ { $2 = $2 * 2 } { print }' "$csv" >"$dir/real/curves/p.csv"
cat >"$dir/real/sub/curve.yaml" <<EOF
raftcost: 1
backends:
  vm:
    type: dedicated
    instance: {per_hour: 10}
    throughput: {points_file: ../curves/p.csv, curve: table}
generation:
  examples: 1k
  tokens: {input: 1M, output: 1M}
EOF
"$RAFTCOST" -f json "$dir/link/curve.yaml" >"$dir/kernel.json" || fail "the curve scenario failed"
sed "s#points_file: ../curves/p.csv#points_file: $dir/real/curves/p.csv#" "$dir/real/sub/curve.yaml" \
    >"$dir/real/sub/direct.yaml"
"$RAFTCOST" -f json "$dir/real/sub/direct.yaml" >"$dir/direct.json" || fail "the direct one failed"
want=$(grep '"throughput_tok_s"' "$dir/direct.json" | head -n 1)
got=$(grep '"throughput_tok_s"' "$dir/kernel.json" | head -n 1)
[ -n "$want" ] && [ "$got" = "$want" ] || fail "points file: got $got, want $want"
cd "$root" || exit 1
exit 0
