#!/bin/sh
# '-' reads the scenario from standard input: the same report as the file
# gives (named <stdin>), relative catalogue paths resolved from the current
# directory, errors at <stdin>:LINE:COL, read once for all of compare's
# columns, and refused past the read limit (64 MiB).
set -u
fail() { echo "stdin: $*"; exit 1; }
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$TMPDIR/stdin
mkdir -p "$dir" || fail "cannot create $dir"

# From the scenario's own folder, its '../pricing/...' resolves as for the file.
cd "$root/scenarios" || fail "no scenarios folder"
"$RAFTCOST" raft-build24.yaml | sed 's/^Scenario: raft-build24.yaml;/Scenario: <stdin>;/' >"$dir/want" ||
    fail "the file's report failed"
"$RAFTCOST" - <raft-build24.yaml >"$dir/got" 2>"$dir/err" || fail "- failed: $(cat "$dir/err")"
cmp -s "$dir/want" "$dir/got" || { diff -u "$dir/want" "$dir/got"; fail "the report differs"; }
[ -s "$dir/err" ] && fail "standard error not empty: $(cat "$dir/err")"

# compare: the base and each variant, all from one reading of standard input.
"$RAFTCOST" compare raft-build24.yaml >"$dir/want.cmp" || fail "compare of the file failed"
"$RAFTCOST" compare - <raft-build24.yaml >"$dir/got.cmp" || fail "compare - failed"
cmp -s "$dir/want.cmp" "$dir/got.cmp" || fail "compare - differs from compare FILE"

# --check names it <stdin>.
out=$("$RAFTCOST" --check - <raft-build24.yaml) || fail "--check - failed"
[ "$out" = "<stdin>: ok: one-off \$154.73, over 12 months with raft \$34,384.43" ] ||
    fail "--check -: $out"

# From the repository root, the same '../pricing/...' is looked for beside it.
cd "$root" || fail "no root"
"$RAFTCOST" - <scenarios/raft-build24.yaml >"$dir/out" 2>"$dir/err"
status=$?
[ "$status" -eq 2 ] || fail "from the root: exit status $status, want 2"
[ -s "$dir/out" ] && fail "from the root: a report on an error"
grep -q "^<stdin>:[0-9]*:[0-9]*: error: cannot read catalogue '../pricing/azure-build2024.yaml'" \
    "$dir/err" || fail "from the root: $(cat "$dir/err")"
# ... and a path relative to the current directory works.
sed 's|\.\./pricing/|pricing/|' scenarios/raft-build24.yaml | "$RAFTCOST" - >"$dir/got" ||
    fail "pricing/ relative to the current directory failed"
sed 's|\.\./pricing/|pricing/|' "$dir/want" | cmp -s - "$dir/got" ||
    fail "the report from the root differs"

# Errors point into standard input.
printf 'raftcost: 1\nbackend: {}\n' | "$RAFTCOST" - >"$dir/out" 2>"$dir/err"
[ $? -eq 2 ] || fail "unknown key: exit status, want 2"
grep -q "^<stdin>:2:1: error: unknown key 'backend'" "$dir/err" || fail "unknown key: $(cat "$dir/err")"
printf '' | "$RAFTCOST" - >"$dir/out" 2>"$dir/err"
[ $? -eq 2 ] || fail "empty: exit status, want 2"
grep -q "^<stdin>: error: the file is empty" "$dir/err" || fail "empty: $(cat "$dir/err")"

# More than 64 MiB: refused with exit 2 once the limit is passed.
head -c 70000000 /dev/zero | "$RAFTCOST" - >"$dir/out" 2>"$dir/err"
[ $? -eq 2 ] || fail "70 MB: exit status, want 2"
grep -q "^<stdin>: error: standard input holds more than 64 MiB" "$dir/err" ||
    fail "70 MB: $(cat "$dir/err")"
exit 0
