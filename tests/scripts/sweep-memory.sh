#!/bin/sh
# sweep -f json writes each point's report as it is computed: a
# 100,000-point JSON sweep (370 MB of JSON) stays under 100 MB of memory
# (it took 2.2 GB when every report was kept), and the file is whole.
# Under the sanitizers (whose shadow memory the bound cannot count) a
# smaller sweep checks only that the file is whole.
set -u
fail() { echo "sweep-memory: $*"; exit 1; }
scenario=scenarios/raft-build24.yaml
dir=$TMPDIR/sweep-memory
rm -rf "$dir"
mkdir -p "$dir" || fail "cannot create $dir"

case "$RAFTCOST" in
*/san/*) points=2000 ;;
*) points=100000 ;;
esac
vary="inference.traffic.requests=1k/day..100k/day:$points"

# The peak memory of a run in kB: GNU time's %M (the time package), else nothing.
peak=""
if [ -x /usr/bin/time ] && [ $points -eq 100000 ]; then
    /usr/bin/time -f '%M' -o "$dir/rss" "$RAFTCOST" sweep "$scenario" --vary "$vary" -f json \
        -o "$dir/out.json" || fail "the sweep failed"
    peak=$(tail -n 1 "$dir/rss")
else
    "$RAFTCOST" sweep "$scenario" --vary "$vary" -f json -o "$dir/out.json" ||
        fail "the sweep failed"
fi
# Whole: every report, and the document's end.
n=$(grep -o '"raftcost_report":	1' "$dir/out.json" | wc -l)
[ "$n" -eq $points ] || fail "$n reports, want $points"
[ "$(tail -c 4 "$dir/out.json")" = "]
}" ] || fail "the document does not end with ']}'"
rm -f "$dir/out.json"
if [ -n "$peak" ]; then
    [ "$peak" -lt 102400 ] || fail "peak memory $peak kB, want under 100 MB"
    echo "sweep-memory: $points points, peak memory $peak kB"
fi
exit 0
