#!/bin/sh
# --list-params: one parameter a line, "PATH<TAB>KIND", KIND one of the
# words documented in the reference (1.1); the paths are those --set takes.
set -u
fail() { echo "list-params: $*"; exit 1; }
cd "$(dirname "$0")/../.." || fail "no root"
out=$TMPDIR/list-params.out
"$RAFTCOST" --list-params scenarios/raft-build24.yaml >"$out" || fail "exit status $?"
tab=$(printf '\t')
for want in "backends.maap.count${tab}whole number" "backends.maas.throughput${tab}throughput" \
    "generation.routing${tab}choice capacity|equal" "generation.deadline${tab}duration" \
    "inference.traffic.requests${tab}rate" "inference.traffic.growth${tab}fraction" \
    "inference.compare.claim${tab}ratio" "budget.one_off${tab}number" \
    "backends.maas.type${tab}choice serverless|dedicated|batch" "backends.maas.model${tab}model name" \
    "backends.maap.instance${tab}instance name" "inference.compare.candidate${tab}option name"; do
    grep -qxF "$want" "$out" || fail "no line '$want'"
done
# Every line: a path, a tab, a kind.
bad=$(grep -Ev "^[a-z0-9_.-]+${tab}(number|whole number|duration|rate|throughput|fraction|ratio|choice [a-z0-9_|-]+|model name|instance name|option name|text)\$" "$out")
[ -z "$bad" ] || fail "lines of another form: $bad"
# No path twice, and the paths are --set's: a listed path is known, a made-up one is not.
[ "$(cut -f1 "$out" | sort | uniq -d)" = "" ] || fail "a path listed twice"
"$RAFTCOST" --check --set backends.maap.count=3 scenarios/raft-build24.yaml >/dev/null ||
    fail "--set of a listed path failed"
# Nothing else on standard output, and a bad scenario is an error as always.
"$RAFTCOST" --list-params tests/bad/data/negative.yaml >"$out" 2>/dev/null
[ $? -eq 2 ] || fail "a bad scenario: want exit 2"
[ -s "$out" ] && fail "a bad scenario: printed a list"
exit 0
