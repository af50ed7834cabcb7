#!/bin/sh
# compare's work grows with the number of variants, not with its square:
# the scenario is read once and each column is a clone of it.  4,000
# variants took 39 s and 3.5 GB when each column read the whole file again;
# they must now take seconds.  The columns are the base and every variant.
set -u
fail() { echo "compare-variants: $*"; exit 1; }
dir=$TMPDIR/compare-variants
rm -rf "$dir"
mkdir -p "$dir" || fail "cannot create $dir"
{
    sed '/^variants:/,$d' scenarios/raft-build24.yaml | sed 's#\.\./pricing#pricing#'
    echo "variants:"
    i=0
    while [ $i -lt 4000 ]; do
        echo "  v$i: {backends.maap.count: $((i % 5 + 1))}"
        i=$((i + 1))
    done
} >"$dir/many.yaml"
# The catalogue path is relative to the scenario: put the file where it looks.
mkdir -p "$dir/pricing" && cp pricing/azure-build2024.yaml "$dir/pricing/"
timeout 20 "$RAFTCOST" compare "$dir/many.yaml" -f csv >"$dir/out.csv"
status=$?
[ "$status" -eq 0 ] || fail "exit status $status (124: it took more than 20 s)"
# figure, unit, base, then three columns a variant.
fields=$(head -n 1 "$dir/out.csv" | tr ',' '\n' | wc -l)
[ "$fields" -eq $((3 + 3 * 4000)) ] || fail "$fields fields in the header, want 12003"
# Column v7 (field 4 + 3 x 7) has the generation cost of a run of v7 alone, as compare
# against the base would show it: the same scenario read once or read anew.
"$RAFTCOST" compare "$dir/many.yaml" --set backends.maap.count=3 -f csv >"$dir/three.csv" ||
    fail "compare with --set failed"
got=$(grep '^generation.cost,' "$dir/out.csv" | cut -d, -f25)
want=$(grep '^generation.cost,' "$dir/three.csv" | cut -d, -f3)
[ -n "$got" ] && [ "$got" = "$want" ] || fail "v7's generation cost is $got, want $want"
exit 0
