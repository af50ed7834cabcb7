#!/bin/sh
# A run ended by a signal while its output's temporary file exists removes
# that file, and dies of the signal: SIGTERM, SIGHUP and SIGINT sent to a
# long sweep that writes as it goes, and SIGXFSZ from a file size limit
# (ulimit -f) that the report outgrows.  The old file, where there was one,
# stays as it was.
set -u
fail() { echo "output-signal: $*"; exit 1; }
scenario=scenarios/raft-build24.yaml
dir=$TMPDIR/output-signal
rm -rf "$dir"
mkdir -p "$dir" || fail "cannot create $dir"

# A shell starts background jobs with SIGINT ignored, and a run under nohup has SIGHUP
# ignored; env --default-signal (coreutils 8.31 and later) restores every signal.  Where it
# cannot, SIGINT is left out: raftcost keeps an ignored signal ignored.
defaults=""
sigs="TERM HUP"
if env --default-signal true 2>/dev/null; then
    defaults="env --default-signal"
    sigs="$sigs INT"
fi
for sig in $sigs; do
    echo "old report" >"$dir/out.json"
    # A million points: minutes of work, of which the first moments are enough.
    $defaults "$RAFTCOST" sweep "$scenario" \
        --vary "inference.traffic.requests=1k/day..1000k/day:1000000" -f json \
        -o "$dir/out.json" &
    pid=$!
    # Wait for the temporary file (the sweep writes into it from its first point).
    tries=0
    while [ -z "$(ls -A "$dir" | grep '\.tmp\.' || true)" ]; do
        tries=$((tries + 1))
        [ $tries -gt 600 ] && { kill -KILL $pid; fail "SIG$sig: no temporary file appeared"; }
        sleep 0.05
    done
    kill -$sig $pid
    wait $pid
    status=$?
    # Whatever happened, no sweep is left running.
    kill -KILL $pid 2>/dev/null
    case $sig in TERM) want=143 ;; HUP) want=129 ;; INT) want=130 ;; esac
    [ "$status" -eq $want ] || fail "SIG$sig: exit status $status, want $want"
    leftover=$(ls -A "$dir" | grep '\.tmp\.' || true)
    [ -z "$leftover" ] || fail "SIG$sig left $leftover behind"
    [ "$(cat "$dir/out.json")" = "old report" ] || fail "SIG$sig: the old file was changed"
done

# SIGXFSZ: a limit of 64 blocks (32 or 64 KiB, as the shell counts) under a report of
# 300 KiB; the report and the sweep die of it and leave nothing behind.
rm -f "$dir/out.json"
for cmd in report sweep; do
    (
        ulimit -f 64 || exit 99
        if [ $cmd = report ]; then
            exec "$RAFTCOST" "$scenario" -f json --set inference.traffic.requests=2k/day \
                -o "$dir/small.json" >/dev/null
        fi
        exec "$RAFTCOST" sweep "$scenario" --vary backends.maap.count=1..100 -f json \
            -o "$dir/out.json"
    )
    status=$?
    [ "$status" -eq 99 ] && fail "cannot set a file size limit"
    if [ $cmd = report ]; then
        # A small report fits under the limit: written, and the limit does not interfere.
        [ "$status" -eq 0 ] || fail "report under the limit: exit status $status"
        [ -s "$dir/small.json" ] || fail "report under the limit: no file"
        continue
    fi
    # 128 + SIGXFSZ (25 on Linux).
    [ "$status" -gt 128 ] || fail "$cmd over the limit: exit status $status, want death by a signal"
    leftover=$(ls -A "$dir" | grep -v small.json || true)
    [ -z "$leftover" ] || fail "$cmd over the limit left $leftover behind"
done
exit 0
