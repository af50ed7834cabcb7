#!/bin/sh
# Only regular files are read, up to 64 MiB, checked before reading: /dev/zero
# and a FIFO with no writer as a scenario, a catalogue, a points file, a
# benchmark CSV or a usage log get exit 2 within a second (they read forever or blocked
# forever), and so does a 1 GiB sparse file (it took 4.7 s and 1 GB).  A 10 MB
# bad number is cut in the message that echoes it (its run of 10,000,001
# bytes, with the quote before it, shows as its start and end).
set -u
fail() { echo "bounded-inputs: $*"; exit 1; }
dir=$TMPDIR/bounded-inputs
rm -rf "$dir"
mkdir -p "$dir" || fail "cannot create $dir"
root=$(pwd)
case "$RAFTCOST" in
*/san/*) most_ms=3000 ;;
*) most_ms=1000 ;;
esac

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# expect NAME WHY ARGS...: exit 2 within the time, nothing on stdout, WHY in the message.
expect() {
    name=$1 why=$2
    shift 2
    start=$(now_ms)
    timeout 10 "$RAFTCOST" "$@" >"$dir/out" 2>"$dir/err" </dev/null
    status=$?
    took=$(($(now_ms) - start))
    [ "$status" -eq 2 ] || fail "$name: exit status $status, want 2: $(head -c 300 "$dir/err")"
    [ -s "$dir/out" ] && fail "$name: printed on standard output"
    [ "$took" -le "$most_ms" ] || fail "$name: took $took ms"
    grep -q -- "$why" "$dir/err" || fail "$name: no '$why' in: $(head -c 300 "$dir/err")"
}

mkfifo "$dir/fifo.yaml" "$dir/fifo.csv" || fail "cannot make FIFOs"
truncate -s 1G "$dir/sparse.yaml" 2>/dev/null || dd if=/dev/zero of="$dir/sparse.yaml" bs=1 count=0 seek=1G 2>/dev/null

# As the scenario.
expect "/dev/zero as the scenario" "a character device, not a regular file" /dev/zero
expect "a FIFO as the scenario" "a FIFO, not a regular file" "$dir/fifo.yaml"
expect "a folder as the scenario" "Is a directory" "$dir"
expect "a 1 GiB scenario" "it is 1.0 GiB; files of up to 64 MiB are read" "$dir/sparse.yaml"
expect "compare of /dev/zero" "a character device" compare /dev/zero "$dir/fifo.yaml"
expect "sweep of a FIFO" "a FIFO" sweep "$dir/fifo.yaml" --vary backends.maap.count=1..2

# As a catalogue, a points file, a benchmark CSV.
for what in /dev/zero fifo.yaml sparse.yaml; do
    case $what in /dev/zero) path=$what ;; *) path=$dir/$what ;; esac
    sed "s#^pricing: .*#pricing: [$path]#" scenarios/raft-build24.yaml >"$dir/cat.yaml"
    expect "$what as a catalogue" "cannot read catalogue" "$dir/cat.yaml"
    cat >"$dir/points.yaml" <<EOF
raftcost: 1
backends:
  vm:
    type: dedicated
    instance: {per_hour: 10}
    throughput: {points_file: $path, curve: table}
generation:
  examples: 1k
  tokens: {input: 1M, output: 1M}
EOF
    expect "$what as a points file" "cannot read the file" "$dir/points.yaml"
done
expect "fit of /dev/zero" "a character device, not a regular file" fit /dev/zero
expect "fit of a FIFO" "a FIFO, not a regular file" fit "$dir/fifo.csv"
# A usage log: its reader takes regular files only (up to 2 GiB), and looking for
# LiteLLM's JSON in it must not wait for a FIFO's writer either.
for fmt in auto litellm jsonl; do
    expect "calibrate of a FIFO ($fmt)" "the log is not a regular file" \
        calibrate scenarios/raft-build24.yaml "$dir/fifo.csv" --format-log $fmt
done
expect "actual of /dev/zero" "the log is not a regular file" \
    actual scenarios/raft-build24.yaml /dev/zero

# A 10 MB number: the message shows its start and end and says how long it is.
{
    printf 'raftcost: 1\nbackends:\n  m:\n    type: serverless\n'
    printf '    model: {input_per_1k: 1, output_per_1k: 1}\n    throughput: '
    head -c 10000000 /dev/zero | tr '\0' '7'
    printf ' tok/z\ngeneration:\n  examples: 1k\n  tokens: {input: 1M, output: 1M}\n'
} >"$dir/long.yaml"
expect "a 10 MB number" "777 ... (10000001 bytes) ... 777" "$dir/long.yaml"
size=$(wc -c <"$dir/err")
[ "$size" -lt 2000 ] || fail "a 10 MB number: a message of $size bytes"
cd "$root" || exit 1
exit 0
