#!/bin/sh
# Hostile or mistaken files get an error (exit 2) quickly, never a hang or a
# crash.  Each is a megabyte or so, generated here.  `timeout` only stops a
# hang: the point is that every run finishes, not how fast.
set -u
fail() { echo "hostile-input: $*"; exit 1; }
dir=$TMPDIR/hostile-input
mkdir -p "$dir" || fail "cannot create $dir"

# One megabyte of a character (printf and tr: no dependence on a scripting language).
repeat() { head -c 1000000 /dev/zero | tr '\0' "$1"; }

repeat '[' >"$dir/brackets.yaml"
repeat '{' >"$dir/braces.yaml"
repeat '"' >"$dir/quotes.yaml"
{ printf 'raftcost: 1\nname: '; repeat 'x'; printf '\n'; } >"$dir/long-line.yaml"
{ printf 'raftcost: 1\nbackends:\n'; repeat '-'; printf '\n'; } >"$dir/dashes.yaml"
# Nesting one level a line, 3,000 levels deep.
i=0
while [ $i -lt 3000 ]; do printf '%*sa:\n' $i ''; i=$((i + 1)); done >"$dir/deep.yaml"

for f in brackets braces quotes dashes deep; do
    timeout 10 "$RAFTCOST" "$dir/$f.yaml" >"$dir/$f.out" 2>"$dir/$f.err"
    status=$?
    [ "$status" -eq 2 ] || fail "$f.yaml: exit status $status, want 2"
    [ -s "$dir/$f.out" ] && fail "$f.yaml: printed a report"
    grep -q "^$dir/$f.yaml:[0-9]*:[0-9]*: error: " "$dir/$f.err" ||
        fail "$f.yaml: no positioned error: $(head -c 300 "$dir/$f.err")"
done
# The brackets and braces nest deeper than any scenario: that is the error.
grep -q 'nesting deeper than' "$dir/brackets.err" ||
    fail "brackets.yaml: unexpected message: $(head -c 300 "$dir/brackets.err")"

# A name a megabyte long is valid, if odd: a report, not a hang.
timeout 10 "$RAFTCOST" "$dir/long-line.yaml" >"$dir/long-line.out" 2>"$dir/long-line.err" ||
    fail "long-line.yaml: exit status $?: $(head -c 300 "$dir/long-line.err")"
exit 0
