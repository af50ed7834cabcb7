#!/bin/sh
# --version: raftcost's version, then the libraries it was built against (as
# pkg-config names them on this machine) and runs with.
set -u
fail() { echo "version: $*"; exit 1; }
out=$("$RAFTCOST" --version) || fail "exit status $?"
[ "$(echo "$out" | sed -n 1p)" = "raftcost 0.1.0" ] || fail "first line: $(echo "$out" | sed -n 1p)"
[ "$(echo "$out" | wc -l)" -eq 3 ] || fail "want 3 lines, got: $out"
yaml=$(pkg-config --modversion yaml-0.1) || fail "pkg-config knows no yaml-0.1"
cjson=$(pkg-config --modversion libcjson) || fail "pkg-config knows no libcjson"
gsl=$(pkg-config --modversion gsl) || fail "pkg-config knows no gsl"
want="built against: libyaml $yaml, cJSON $cjson, GSL $gsl"
[ "$(echo "$out" | sed -n 2p)" = "$want" ] || fail "second line: '$(echo "$out" | sed -n 2p)', want '$want'"
# At run time: the same three names, each with a version X.Y.Z.
echo "$out" | sed -n 3p |
    grep -Eq '^running with:  libyaml [0-9]+\.[0-9]+\.[0-9]+, cJSON [0-9]+\.[0-9]+\.[0-9]+, GSL [0-9]+\.[0-9]+(\.[0-9]+)?$' ||
    fail "third line: $(echo "$out" | sed -n 3p)"
exit 0
