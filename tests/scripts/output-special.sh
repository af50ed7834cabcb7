#!/bin/sh
# -o onto what is not a plain new file.  A FIFO and a device stay what they
# are and get the report written into them; a 0600 file stays 0600; a file
# with two hard links keeps both, each with the new report; a symlink to a
# regular file stays a symlink, and the file it names holds the report; a
# dangling symlink is replaced by the report (nothing is created where it
# pointed).  The same holds for a sweep, which writes as it goes.
set -u
fail() { echo "output-special: $*"; exit 1; }
scenario=scenarios/raft-build24.yaml
dir=$TMPDIR/output-special
rm -rf "$dir"
mkdir -p "$dir" || fail "cannot create $dir"
"$RAFTCOST" "$scenario" >"$dir/want" || fail "the report failed"
"$RAFTCOST" sweep "$scenario" --vary backends.maap.count=1..3 -f json >"$dir/want-sweep" ||
    fail "the sweep failed"

# A FIFO with a reader on the other end: the reader gets the report, the FIFO stays.
for cmd in report sweep; do
    rm -f "$dir/fifo" "$dir/got"
    mkfifo "$dir/fifo" || fail "cannot make a FIFO"
    # The reader gives up after a while: a FIFO replaced by a file has no writer.
    timeout 30 cat "$dir/fifo" >"$dir/got" &
    reader=$!
    if [ $cmd = report ]; then
        timeout 20 "$RAFTCOST" "$scenario" -o "$dir/fifo" || fail "$cmd -o FIFO: exit status $?"
        want="$dir/want"
    else
        timeout 20 "$RAFTCOST" sweep "$scenario" --vary backends.maap.count=1..3 -f json \
            -o "$dir/fifo" || fail "$cmd -o FIFO: exit status $?"
        want="$dir/want-sweep"
    fi
    [ -p "$dir/fifo" ] || { kill $reader; fail "$cmd -o FIFO: the FIFO was replaced"; }
    wait $reader
    cmp -s "$dir/got" "$want" || fail "$cmd -o FIFO: the reader did not get the report"
    [ "$(ls -A "$dir" | grep -c 'tmp')" -eq 0 ] || fail "$cmd -o FIFO left $(ls -A "$dir")"
done

# A device: a copy of /dev/null where mknod is allowed (as root), else /dev/null itself
# through a symlink (the symlink and the device both stay).
if cp -a /dev/null "$dir/null" 2>/dev/null && [ -c "$dir/null" ]; then
    device="$dir/null"
else
    ln -s /dev/null "$dir/null" || fail "cannot link /dev/null"
    device="$dir/null"
fi
"$RAFTCOST" "$scenario" -o "$device" || fail "-o device: exit status $?"
"$RAFTCOST" sweep "$scenario" --vary backends.maap.count=1..3 -f csv -o "$device" ||
    fail "sweep -o device: exit status $?"
[ -c "$device" ] || fail "-o device: $device is no longer a character device"
[ -c /dev/null ] || fail "-o device: /dev/null is no longer a character device"

# A 0600 file stays 0600 (and so does one written by a sweep).
for cmd in report sweep; do
    f="$dir/private-$cmd"
    echo "old" >"$f"
    chmod 600 "$f"
    if [ $cmd = report ]; then
        "$RAFTCOST" "$scenario" -o "$f" || fail "-o 0600 file: exit status $?"
    else
        "$RAFTCOST" sweep "$scenario" --vary backends.maap.count=1..3 -f json -o "$f" ||
            fail "sweep -o 0600 file: exit status $?"
    fi
    mode=$(ls -l "$f" | cut -c1-10)
    [ "$mode" = "-rw-------" ] || fail "$cmd -o 0600 file: the mode became $mode"
done
cmp -s "$dir/private-report" "$dir/want" || fail "-o 0600 file: not the report"
cmp -s "$dir/private-sweep" "$dir/want-sweep" || fail "sweep -o 0600 file: not the sweep"

# Two hard links: both names see the new report; they stay one file.
echo "old" >"$dir/first"
ln "$dir/first" "$dir/second" || fail "cannot make a hard link"
"$RAFTCOST" "$scenario" -o "$dir/first" || fail "-o hard link: exit status $?"
cmp -s "$dir/second" "$dir/want" || fail "-o hard link: the other name kept the old contents"
[ "$(ls -l "$dir/first" | awk '{print $2}')" -eq 2 ] || fail "-o hard link: the link was broken"

# A symlink to a regular file: the link stays, the file it names gets the report.
echo "old" >"$dir/target"
ln -s target "$dir/link"
"$RAFTCOST" "$scenario" -o "$dir/link" || fail "-o symlink: exit status $?"
[ -L "$dir/link" ] || fail "-o symlink: the symlink was replaced"
cmp -s "$dir/target" "$dir/want" || fail "-o symlink: the file it names is not the report"

# A dangling symlink is replaced by a regular file: nothing appears where it pointed.
ln -s "$dir/nowhere/planted" "$dir/dangling"
"$RAFTCOST" "$scenario" -o "$dir/dangling" || fail "-o dangling symlink: exit status $?"
[ -L "$dir/dangling" ] && fail "-o dangling symlink: written through the link"
cmp -s "$dir/dangling" "$dir/want" || fail "-o dangling symlink: not the report"
[ -e "$dir/nowhere" ] && fail "-o dangling symlink: created its target"

# A read-only file is left alone (root may write anything: only checked for others).
if [ "$(id -u)" -ne 0 ]; then
    echo "old" >"$dir/readonly"
    chmod 444 "$dir/readonly"
    "$RAFTCOST" "$scenario" -o "$dir/readonly" 2>/dev/null && fail "-o read-only file: written"
    [ "$(cat "$dir/readonly")" = old ] || fail "-o read-only file: replaced"
fi

# A folder: an error, exit 1.
mkdir "$dir/folder"
"$RAFTCOST" "$scenario" -o "$dir/folder" 2>"$dir/folder.err"
status=$?
[ "$status" -eq 1 ] || fail "-o folder: exit status $status, want 1"
grep -q "cannot write '$dir/folder': Is a directory" "$dir/folder.err" ||
    fail "-o folder: $(cat "$dir/folder.err")"

leftover=$(ls -A "$dir" | grep 'tmp' || true)
[ -z "$leftover" ] || fail "temporary files left behind: $leftover"
exit 0
