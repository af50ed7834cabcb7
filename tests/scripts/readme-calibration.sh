#!/bin/sh
# The README's walk through a pilot runs as written: each '$ ' command of
# its calibration section (the head of the log included) succeeds and
# prints what the README shows: every line shown, in order, where '...'
# stands for lines left out (readme-commands.sh checks the lines after the
# '...' as one run; this checks those before it too).
set -u
cd "$(dirname "$0")/../.."
section="$TMPDIR/readme-calibration.md"
awk '/^## From a pilot to a calibrated plan/ { on = 1 } on && /^## / && !/From a pilot/ { exit } on' \
    README.md >"$section"
[ -s "$section" ] || { echo "README: no calibration section"; exit 1; }
# Each example: the command, then its shown output up to the closing fence.
awk -v dir="$TMPDIR" '
    /^```/ { if (cmd != "") { close(out); cmd = "" } next }
    /^\$ / { n++; cmd = substr($0, 3); out = dir "/readme-ex-" n ".want";
             print cmd > (dir "/readme-ex-" n ".cmd"); close(dir "/readme-ex-" n ".cmd");
             printf "" > out; next }
    cmd != "" { print > out }' "$section"
# The commands run in a copy of the example and its catalogue: calibrate's
# -o rewrites the copy's scenarios/pilot/calibrated.yaml, not the repository's.
copy="$TMPDIR/readme-copy"
rm -rf "$copy"
mkdir -p "$copy/scenarios"
cp -R scenarios/pilot "$copy/scenarios/pilot"
cp -R pricing "$copy/pricing"
fail=0
for c in "$TMPDIR"/readme-ex-*.cmd; do
    want=${c%.cmd}.want
    cmd=$(cat "$c")
    run=$(printf '%s' "$cmd" | sed 's|^raftcost |"$RAFTCOST" |')
    (cd "$copy" && sh -c "$run") >"$c.out" 2>"$c.err"
    status=$?
    [ "$status" -eq 0 ] || { echo "'$cmd': exit status $status"; fail=1; }
    # The shown lines, in order, between the lines left out.
    if ! awk 'NR == FNR { if ($0 != "...") want[++n] = $0; next }
              k < n && $0 == want[k + 1] { k++ }
              END { if (k < n) { printf "missing or out of order: %s\n", want[k + 1]; exit 1 } }' \
        "$want" "$c.out"; then
        echo "'$cmd' does not print what the README shows"
        fail=1
    fi
done
# The excerpt of the variant is in the file calibrate writes.
line=$(grep '^    answer_tokens: ' "$section")
grep -qF "$line" "$copy/scenarios/pilot/calibrated.yaml" || { echo "README's answer_tokens line is not in calibrated.yaml"; fail=1; }
exit $fail
