#!/bin/sh
# A scenario named with gnuplot's command substitution (backquotes), a
# macro and quotes draws its plots with the name as text, and runs nothing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir="$TMPDIR/hostile"
rm -rf "$dir"
mkdir -p "$dir"
marker="$dir/ran"

# The example scenario with another name, an option named likewise (no '.'
# allowed there: a command would run in the plots' folder, where gnuplot
# runs) and its catalogue by absolute path.
sed -e "s|^name: .*|name: \"x\`touch $marker\`x 'q' @GPVAL_PWD \$(touch $marker)\"|" \
    -e "s|^pricing: .*|pricing: [$root/pricing/azure-build2024.yaml]|" \
    -e "s|^    baseline: {model|    \"b\`touch ran-too\`'\": {model|" \
    -e "s|{baseline: baseline,|{baseline: \"b\`touch ran-too\`'\",|" \
    "$root/scenarios/raft-build24.yaml" >"$dir/hostile.yaml"
grep -q 'touch' "$dir/hostile.yaml"

"$RAFTCOST" "$dir/hostile.yaml" --plots "$dir/plots" >/dev/null
if [ -e "$marker" ] || [ -e "$dir/plots/ran-too" ]; then
    echo "FAIL a user string ran a command"
    exit 1
fi
# The name reaches the scripts single-quoted, its quote doubled.
grep -q "^scenario = 'x\`touch $marker\`x ''q'' @GPVAL_PWD \$(touch $marker)'\$" \
    "$dir/plots/ratio.gp" || { echo "FAIL the name is not quoted as expected"; exit 1; }
if command -v gnuplot >/dev/null 2>&1; then
    for p in phases generation monthly breakeven ratio; do
        [ -s "$dir/plots/$p.png" ] || { echo "FAIL $p.png was not drawn"; exit 1; }
    done
fi
