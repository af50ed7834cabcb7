#!/bin/sh
# A gnuplot that fails (after writing half a picture) makes raftcost exit 1
# with gnuplot's message, and leaves no picture, whole or half, behind.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir="$TMPDIR/gnuplot-fails"
rm -rf "$dir"
mkdir -p "$dir/bin"

# The fake reads where raftcost asks for the picture (-e "cd 'DIR'; out = 'NAME'"),
# writes a few bytes there, complains and fails.
cat >"$dir/bin/gnuplot" <<'FAKE'
#!/bin/sh
dir=$(printf '%s\n' "$2" | sed -n "s/^cd '\(.*\)'; out = '.*'\$/\1/p")
out=$(printf '%s\n' "$2" | sed -n "s/^cd '.*'; out = '\(.*\)'\$/\1/p")
printf 'half a picture' >"$dir/$out"
echo "line 12: fake gnuplot: cannot draw $3" >&2
exit 1
FAKE
chmod +x "$dir/bin/gnuplot"

status=0
PATH="$dir/bin:$PATH" "$RAFTCOST" "$root/scenarios/raft-build24.yaml" --plots "$dir/plots" \
    >"$dir/out" 2>"$dir/err" || status=$?
[ "$status" -eq 1 ] || { echo "FAIL exit status $status, want 1"; cat "$dir/err"; exit 1; }
grep -q "^raftcost: error: cannot draw '$dir/plots/phases.png' (and 4 more plots): gnuplot exited with status 1:\$" \
    "$dir/err" || { echo "FAIL unexpected message:"; cat "$dir/err"; exit 1; }
grep -q '^  line 12: fake gnuplot: cannot draw phases.gp$' "$dir/err" ||
    { echo "FAIL gnuplot's own message is missing:"; cat "$dir/err"; exit 1; }
# The report came out before the plots.
grep -q '^TOTALS$' "$dir/out" || { echo "FAIL no report"; exit 1; }
leftover=$(ls -A "$dir/plots" | grep -v '\.dat$' | grep -v '\.gp$' || true)
[ -z "$leftover" ] || { echo "FAIL left behind: $leftover"; exit 1; }
