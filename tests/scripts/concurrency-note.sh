#!/bin/sh
# limits.concurrency on a backend with a constant throughput changes no
# figure of the analytic model: the report says so in text, Markdown and
# JSON.  Without the limit, or on a curve (which it caps), no such note.
set -u
fail() { echo "concurrency-note: $*"; exit 1; }
cd "$(dirname "$0")/../.." || fail "no root"
s=scenarios/raft-build24.yaml
note='limits.concurrency 300 has no effect on the analytic throughput (a constant, not a curve)'

"$RAFTCOST" --set backends.maas.limits.concurrency=300 $s >"$TMPDIR/cn.txt" || fail "text failed"
grep -qxF "  maas: $note" "$TMPDIR/cn.txt" || fail "text: no note"
"$RAFTCOST" -f md --set backends.maas.limits.concurrency=300 $s >"$TMPDIR/cn.md" || fail "md failed"
grep -qxF -- "- maas: $note" "$TMPDIR/cn.md" || fail "md: no note"
"$RAFTCOST" -f json --set backends.maas.limits.concurrency=300 $s >"$TMPDIR/cn.json" ||
    fail "json failed"
grep -qF "\"notes\":	[\"$note\"]" "$TMPDIR/cn.json" || fail "json: no note"
# The figures are the same as without the limit.
"$RAFTCOST" -f json $s >"$TMPDIR/cn0.json" || fail "json without the limit failed"
grep -v '"notes"' "$TMPDIR/cn.json" | sed 's/,$//' >"$TMPDIR/a"
sed 's/,$//' "$TMPDIR/cn0.json" >"$TMPDIR/b"
cmp -s "$TMPDIR/a" "$TMPDIR/b" || fail "the limit changed a figure"

# No limit: no note.
"$RAFTCOST" $s | grep -q 'has no effect' && fail "a note without the limit"
grep -q '"notes"' "$TMPDIR/cn0.json" && fail "a JSON note without the limit"
# A curve: the limit caps the concurrency it is read at; no such note.
"$RAFTCOST" --set backends.h100.limits.concurrency=8 scenarios/curves/nim-llama70b.yaml \
    >"$TMPDIR/cn-curve.txt" || fail "curve failed"
grep -q 'has no effect' "$TMPDIR/cn-curve.txt" && fail "a note on a curve"
grep -q 'at concurrency 8, its limits.concurrency' "$TMPDIR/cn-curve.txt" || fail "curve: not capped"
exit 0
