#!/bin/sh
# The README's section on current prices: every "$ raftcost ..." block in it
# is what raftcost prints today (run from the repository root, a pipe
# included).
set -eu
cd "$(dirname "$0")/../.."
awk '/^## Current prices/ { on = 1; next } on && /^## / { exit } on' README.md >"$TMPDIR/section.md"
[ -s "$TMPDIR/section.md" ] || { echo "README: no section on current prices"; exit 1; }
# Split into one file per command: its first line the command, then the output shown.
awk -v dir="$TMPDIR" '
    /^```/ { inblock = !inblock; next }
    inblock && /^\$ raftcost / { n++; file = dir "/example." n; print > file; next }
    inblock && n && file != "" { print > file }
    !inblock { file = "" }
' "$TMPDIR/section.md"
count=0
for f in "$TMPDIR"/example.*; do
    [ -f "$f" ] || continue
    count=$((count + 1))
    cmd=$(head -n 1 "$f" | sed 's/^\$ raftcost /"$RAFTCOST" /')
    tail -n +2 "$f" >"$TMPDIR/want"
    eval "$cmd" >"$TMPDIR/got"
    diff -u "$TMPDIR/want" "$TMPDIR/got" || { echo "README example differs: $(head -n 1 "$f")"; exit 1; }
done
[ "$count" -ge 5 ] || { echo "README: $count examples in the section on current prices, want 5 or more"; exit 1; }
