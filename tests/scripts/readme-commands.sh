#!/bin/sh
# Every `$ raftcost ...` example of the README, run as written from the
# repository root with the raftcost under test on the PATH: it succeeds, and
# prints what the README shows (all of it; or, after a line "...", the lines
# shown as one run of what it prints).
set -u
fail() { echo "readme-commands: $*"; exit 1; }
cd "$(dirname "$0")/../.." || fail "no root"
dir=$TMPDIR/readme-commands
rm -rf "$dir"
mkdir -p "$dir" || fail "cannot create $dir"
bin=$(dirname "$RAFTCOST")
[ "$(basename "$RAFTCOST")" = raftcost ] || fail "the program is not called raftcost"

# Each example: NAME.sh (the command, its continuation lines joined), NAME.out.
awk -v dir="$dir" '
    /^```/ { inblock = !inblock; cmd = 0; next }
    !inblock { next }
    /^\$ raftcost/ { n++; cmd = 1; out = 0; sub(/^\$ /, ""); file = dir "/" n }
    cmd == 1 {
        print > (file ".sh")
        if ($0 !~ /\\$/) { cmd = 2; printf "" > (file ".out") }
        next
    }
    cmd == 2 { print > (file ".out") }
' README.md
count=0
for sh in "$dir"/*.sh; do
    [ -f "$sh" ] || continue
    count=$((count + 1))
    out=${sh%.sh}.out
    what=$(head -n 1 "$sh")
    PATH="$bin:$PATH" sh "$sh" >"$dir/got" 2>"$dir/err" || fail "'$what': exit status $?: $(cat "$dir/err")"
    if grep -qx '\.\.\.' "$out"; then
        # The lines after "..." must appear together, in order, in the output.
        awk 'shown; /^\.\.\.$/ { shown = 1 }' "$out" >"$dir/tail"
        n=$(wc -l <"$dir/tail")
        found=0
        total=$(wc -l <"$dir/got")
        i=1
        while [ "$i" -le "$total" ]; do
            if sed -n "$i,$((i + n - 1))p" "$dir/got" | cmp -s - "$dir/tail"; then
                found=1
                break
            fi
            i=$((i + 1))
        done
        [ "$found" -eq 1 ] || { cat "$dir/tail"; fail "'$what': the lines shown are not in its output"; }
    else
        diff -u "$out" "$dir/got" || fail "'$what': the output differs"
    fi
done
[ "$count" -ge 4 ] || fail "found only $count examples"
exit 0
