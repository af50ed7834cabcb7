#!/bin/sh
# `raftcost help` prints what `raftcost --help` does, and `raftcost help
# COMMAND` what `raftcost COMMAND --help` does, for every command the main
# help lists.
set -u
fail() { echo "help-command: $*"; exit 1; }
"$RAFTCOST" --help >"$TMPDIR/main.help" || fail "--help failed"
"$RAFTCOST" help >"$TMPDIR/help.out" || fail "help failed"
cmp -s "$TMPDIR/main.help" "$TMPDIR/help.out" || fail "'help' differs from '--help'"
commands=$(sed -n 's/^       raftcost \([a-z][a-z-]*\) .*/\1/p' "$TMPDIR/main.help")
[ -n "$commands" ] || fail "no command in the main help"
for c in $commands; do
    "$RAFTCOST" "$c" --help >"$TMPDIR/c.help" || fail "$c --help failed"
    "$RAFTCOST" help "$c" >"$TMPDIR/c.out" || fail "help $c failed"
    cmp -s "$TMPDIR/c.help" "$TMPDIR/c.out" || fail "'help $c' differs from '$c --help'"
done
echo "$commands" | grep -qx help || fail "the main help does not list 'help'"
exit 0
