#!/bin/sh
# raftcost fit -o: the report goes to the file, nothing to standard output,
# and a file that cannot be written is a runtime failure (exit 1).
set -u
csv=scenarios/curves/nim-llama-3.3-70b-2xh100-fp8.csv
out=$TMPDIR/fit-output.json
fail() { echo "fit-output: $*"; exit 1; }

"$RAFTCOST" fit "$csv" -f json >"$TMPDIR/fit-stdout.json" || fail "fit to stdout failed"
"$RAFTCOST" fit "$csv" -f json -o "$out" >"$TMPDIR/fit-o.stdout" || fail "fit -o failed"
[ -s "$TMPDIR/fit-o.stdout" ] && fail "fit -o printed on standard output"
cmp -s "$out" "$TMPDIR/fit-stdout.json" || fail "the file differs from standard output"

"$RAFTCOST" fit "$csv" -o "$TMPDIR/no-such-dir/fit.txt" 2>"$TMPDIR/fit-o.err"
status=$?
[ "$status" -eq 1 ] || fail "unwritable output: exit status $status, want 1"
grep -q "^raftcost: error: cannot write '$TMPDIR/no-such-dir/fit.txt': No such file or directory\$" \
    "$TMPDIR/fit-o.err" || fail "unwritable output: unexpected message: $(cat "$TMPDIR/fit-o.err")"
exit 0
