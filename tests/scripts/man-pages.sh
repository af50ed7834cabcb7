#!/bin/sh
# The manual pages written from the command line tables: one for raftcost
# and one for each command its help lists; each renders without a warning
# (groff -ww, and man --warnings as `man` shows it); each lists every option
# the command's --help lists; the FILES name the data folder.
set -u
fail() { echo "man-pages: $*"; exit 1; }
build=$(dirname "$RAFTCOST")
man_dir=$build/man
command -v groff >/dev/null 2>&1 || fail "no groff (scripts/install-deps installs groff-base)"
[ -s "$man_dir/raftcost.1" ] || fail "no $man_dir/raftcost.1"
commands=$("$RAFTCOST" --help | sed -n 's/^       raftcost \([a-z][a-z-]*\) .*/\1/p')
pages=raftcost
for c in $commands; do pages="$pages raftcost-$c"; done
for p in $pages; do
    f=$man_dir/$p.1
    [ -s "$f" ] || fail "no page $p.1"
    warnings=$(groff -ww -man -z "$f" 2>&1)
    [ -z "$warnings" ] || fail "$p.1: groff: $warnings"
    if command -v man >/dev/null 2>&1; then
        warnings=$(MANWIDTH=80 man --warnings -l "$f" 2>&1 >"$TMPDIR/page.txt")
        [ -z "$warnings" ] || fail "$p.1: man: $warnings"
    else
        groff -man -Tutf8 "$f" >"$TMPDIR/page.txt" 2>/dev/null || fail "$p.1: groff failed"
    fi
    grep -q '^NAME' "$TMPDIR/page.txt" || fail "$p.1: no NAME"
    grep -q '^OPTIONS' "$TMPDIR/page.txt" || fail "$p.1: no OPTIONS"
    c=${p#raftcost}
    c=${c#-}
    # shellcheck disable=SC2086
    "$RAFTCOST" $c --help | sed -n 's/^  \(-[a-z], \)\{0,1\} *\(--[a-z][a-z-]*\).*/\2/p' | sort -u >"$TMPDIR/options"
    sed -n 's/^       \(-[a-z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' "$TMPDIR/page.txt" | sort -u >"$TMPDIR/listed"
    missing=$(comm -23 "$TMPDIR/options" "$TMPDIR/listed" | tr '\n' ' ')
    [ -z "$missing" ] || fail "$p.1 does not list: $missing"
done
# The main page names each command's page, and the shared files.
MANWIDTH=200 man -l "$man_dir/raftcost.1" 2>/dev/null >"$TMPDIR/main.txt" ||
    groff -man -Tutf8 "$man_dir/raftcost.1" >"$TMPDIR/main.txt"
for c in $commands; do
    grep -q "raftcost-$c(1)" "$TMPDIR/main.txt" || fail "raftcost.1 does not name raftcost-$c(1)"
done
grep -q 'share/raftcost/plots/' "$TMPDIR/main.txt" || fail "raftcost.1: no FILES"
grep -q 'STANDARD INPUT' "$TMPDIR/main.txt" || fail "raftcost.1: no STANDARD INPUT"
exit 0
