#!/bin/sh
# -o FILE: the report goes to the file (the same bytes as on standard
# output), nothing to standard output.  Invalid input writes no file and
# leaves no temporary file behind, and does not touch a file already there.
set -u
fail() { echo "output-file: $*"; exit 1; }
scenario=scenarios/raft-build24.yaml
dir=$TMPDIR/output-file
mkdir -p "$dir" || fail "cannot create $dir"

for format in text json; do
    "$RAFTCOST" -f $format "$scenario" >"$dir/stdout.$format" || fail "$format to stdout failed"
    "$RAFTCOST" -f $format -o "$dir/report.$format" "$scenario" >"$dir/o.stdout" ||
        fail "-f $format -o failed"
    [ -s "$dir/o.stdout" ] && fail "-f $format -o printed on standard output"
    cmp -s "$dir/report.$format" "$dir/stdout.$format" ||
        fail "-f $format: the file differs from standard output"
done

# --output=FILE and --output FILE, over an existing file.
"$RAFTCOST" --output="$dir/report.text" --set backends.maap.count=3 "$scenario" ||
    fail "--output= failed"
"$RAFTCOST" --set backends.maap.count=3 "$scenario" >"$dir/stdout.count3" || fail "stdout failed"
cmp -s "$dir/report.text" "$dir/stdout.count3" || fail "--output= did not replace the file"

# Invalid input: exit 2, no file, no temporary file, nothing on standard output.
mkdir "$dir/empty" || fail "cannot create $dir/empty"
"$RAFTCOST" -o "$dir/empty/report.txt" tests/bad/data/negative.yaml >"$dir/bad.stdout" 2>"$dir/bad.err"
status=$?
[ "$status" -eq 2 ] || fail "invalid scenario: exit status $status, want 2"
[ -s "$dir/bad.stdout" ] && fail "invalid scenario: printed on standard output"
[ -s "$dir/bad.err" ] || fail "invalid scenario: no error message"
[ -z "$(ls -A "$dir/empty")" ] || fail "invalid scenario left files: $(ls -A "$dir/empty")"

# The same with a bad --set, and with a file already there: it stays as it was.
echo "an old report" >"$dir/empty/report.txt"
"$RAFTCOST" -o "$dir/empty/report.txt" --set backends.maap.count=0 "$scenario" 2>/dev/null
status=$?
[ "$status" -eq 2 ] || fail "bad --set: exit status $status, want 2"
[ "$(cat "$dir/empty/report.txt")" = "an old report" ] || fail "bad --set changed the old file"
[ "$(ls -A "$dir/empty")" = "report.txt" ] || fail "bad --set left files: $(ls -A "$dir/empty")"

# A folder that does not exist: a runtime failure (exit 1), not invalid input.
"$RAFTCOST" -o "$dir/no-such-dir/report.txt" "$scenario" 2>"$dir/nodir.err"
status=$?
[ "$status" -eq 1 ] || fail "unwritable output: exit status $status, want 1"
grep -q "^raftcost: error: cannot write '$dir/no-such-dir/report.txt': No such file or directory\$" \
    "$dir/nodir.err" || fail "unwritable output: unexpected message: $(cat "$dir/nodir.err")"

# --check writes no report, not even with -o: only its one-line summary, on standard output.
"$RAFTCOST" --check -o "$dir/check.txt" "$scenario" >"$dir/check.stdout" || fail "--check failed"
[ "$(wc -l <"$dir/check.stdout")" -eq 1 ] && grep -q ': ok: ' "$dir/check.stdout" ||
    fail "--check printed more than its summary on standard output"
[ -e "$dir/check.txt" ] && fail "--check wrote a report"
exit 0
