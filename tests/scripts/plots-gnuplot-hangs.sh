#!/bin/sh
# A gnuplot that hangs is stopped after RAFTCOST_PLOT_TIMEOUT seconds: exit 1,
# a message that says so, and no picture left behind.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$TMPDIR/gnuplot-hangs"
rm -rf "$dir"
mkdir -p "$dir/bin"
printf '#!/bin/sh\nexec sleep 30\n' >"$dir/bin/gnuplot"
chmod +x "$dir/bin/gnuplot"
status=0
PATH="$dir/bin:$PATH" RAFTCOST_PLOT_TIMEOUT=0.5 timeout 20 "$RAFTCOST" \
    "$root/scenarios/raft-build24.yaml" --plots "$dir/plots" >"$dir/out" 2>"$dir/err" || status=$?
[ "$status" -eq 1 ] || { echo "FAIL exit status $status, want 1"; cat "$dir/err"; exit 1; }
grep -q "gnuplot took longer than 0.5 s and was stopped" "$dir/err" ||
    { echo "FAIL unexpected message:"; cat "$dir/err"; exit 1; }
if ls "$dir/plots" | grep -q '\.png$'; then echo "FAIL a picture was left"; ls -a "$dir/plots"; exit 1; fi
exit 0
