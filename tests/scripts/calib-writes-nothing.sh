#!/bin/sh
# calibrate writes its variant only when everything succeeded: for a bad
# log, a bad --map or a bad scenario it exits with status 2 and no -o file
# exists afterwards.  A good run writes it, and the committed examples are
# what it writes today.
set -u
cd "$(dirname "$0")/../.."
out="$TMPDIR/calibrated.yaml"
fail=0
for log in tests/logs/bad/*.csv tests/logs/bad/*.jsonl; do
    rm -f "$out"
    "$RAFTCOST" calibrate tests/calib/data/pilot-job.yaml "$log" -o "$out" >/dev/null 2>&1
    status=$?
    if [ "$status" -ne 2 ] || [ -e "$out" ]; then
        echo "$log: status $status, want 2, and -o must not be written"
        fail=1
    fi
done
for args in "--map maas=nope" "--map x*=maas" "--set generation.dataset.chunk_tokens=0"; do
    rm -f "$out"
    # shellcheck disable=SC2086
    "$RAFTCOST" calibrate tests/calib/data/pilot-job.yaml tests/logs/pilot.csv $args -o "$out" \
        >/dev/null 2>&1
    status=$?
    if [ "$status" -ne 2 ] || [ -e "$out" ]; then
        echo "$args: status $status, want 2, and -o must not be written"
        fail=1
    fi
done
# A folder that cannot take the file: a runtime failure, nothing half-written.
"$RAFTCOST" calibrate tests/calib/data/pilot-job.yaml tests/logs/pilot.csv \
    -o "$TMPDIR/no-such-folder/x.yaml" >/dev/null 2>&1
[ $? -eq 1 ] || { echo "an unwritable -o must exit 1"; fail=1; }

# The committed calibrations are today's output.
for case in "tests/calib/data/pilot-job.yaml tests/logs/pilot.csv tests/calib/data/pilot-calibrated.yaml" \
    "scenarios/pilot/job.yaml scenarios/pilot/pilot.csv scenarios/pilot/calibrated.yaml"; do
    set -- $case
    rm -f "$out"
    "$RAFTCOST" calibrate "$1" "$2" -o "$out" >/dev/null || { echo "$1: calibrate failed"; fail=1; }
    diff -u "$3" "$out" || { echo "$3 is not what 'raftcost calibrate $1 $2' writes"; fail=1; }
done
exit $fail
