#!/bin/sh
# The shell completions written from the command line tables: the bash
# function, driven as bash would drive it (COMP_WORDS, COMP_CWORD), and the
# zsh function through a pseudo-terminal when zsh is there.
set -u
fail() { echo "completion: $*"; exit 1; }
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || fail "no root"
build=$(dirname "$RAFTCOST")
bash_file=$build/completion/raftcost.bash
zsh_file=$build/completion/_raftcost
[ -s "$bash_file" ] || fail "no $bash_file"
[ -s "$zsh_file" ] || fail "no $zsh_file"
bash -n "$bash_file" || fail "bash: syntax"

# complete WORD...: what _raftcost offers for the last word.
complete_words() {
    bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _raftcost
             printf "%s\n" "${COMPREPLY[@]}"' "$bash_file" "$@"
}
want() { # WANT WORD...: the offers, one a line, sorted, are WANT (a list with '|')
    w=$1
    shift
    got=$(complete_words "$@" | sort | tr '\n' '|')
    [ "$got" = "$w|" ] || fail "'$*': got '$got', want '$w|'"
}
bash -c '. "$0"; complete -p raftcost' "$bash_file" | grep -qx 'complete -F _raftcost raftcost' ||
    fail "bash: no 'complete -F _raftcost raftcost'"
want '--format' raftcost --fo
want 'sweep' raftcost sw
want 'csv|json|md|text' raftcost -f ''
want 'json' raftcost --format = j
want 'csv|json|md|text' raftcost sweep -f ''
want 'pdf|png|svg' raftcost fit x.csv --plot-format ''
want 'backends.maap.count=' "$RAFTCOST" sweep scenarios/raft-build24.yaml --vary backends.maap.co
want 'inference.traffic.growth=' "$RAFTCOST" scenarios/raft-build24.yaml --set = inference.traffic.g
want 'scenarios/raft-build24-2026.yaml|scenarios/raft-build24-derived.yaml|scenarios/raft-build24-ranges.yaml|scenarios/raft-build24-sim.yaml|scenarios/raft-build24-spot.yaml|scenarios/raft-build24.yaml' raftcost scenarios/raft
want 'tests/fit/data/saturating-noisy.csv' raftcost fit tests/fit/data/satur
# A value of PATH=VALUE is free, and without a scenario there is no path to offer.
want '' "$RAFTCOST" scenarios/raft-build24.yaml --set backends.maap.count = 3
want '' "$RAFTCOST" --set back
want '' raftcost --variant ''

# Every command the main help lists completes, and so does each of its options.
"$RAFTCOST" --help | sed -n 's/^       raftcost \([a-z][a-z-]*\) .*/\1/p' | sort >"$TMPDIR/commands"
complete_words raftcost help '' | sort >"$TMPDIR/offered"
cmp -s "$TMPDIR/commands" "$TMPDIR/offered" || fail "help: $(tr '\n' ' ' <"$TMPDIR/offered")"
for c in '' $(cat "$TMPDIR/commands"); do
    # shellcheck disable=SC2086
    "$RAFTCOST" $c --help | sed -n 's/^  \(-[a-z], \)\{0,1\} *--\([a-z][a-z-]*\).*/--\2/p' |
        sort -u >"$TMPDIR/options"
    [ -s "$TMPDIR/options" ] || fail "'$c --help' lists no option"
    # shellcheck disable=SC2086
    complete_words raftcost $c -- | sort -u >"$TMPDIR/offered"
    missing=$(comm -23 "$TMPDIR/options" "$TMPDIR/offered" | tr '\n' ' ')
    [ -z "$missing" ] || fail "'raftcost $c': options not offered: $missing"
done

# zsh: the syntax, and one completion through a pseudo-terminal.
command -v zsh >/dev/null 2>&1 || exit 0
zsh -n "$zsh_file" || fail "zsh: syntax"
cat >"$TMPDIR/drive.zsh" <<'ZSH'
setopt extendedglob
zmodload zsh/zpty
zpty -b z zsh -f -i
zpty -w z "PATH=$1:\$PATH fpath=($2 \$fpath); autoload -U compinit; compinit -u -D; PS1='> '; cd $5"
zpty -w -n z "$3"$'\t'
local all= line
for i in {1..100}; do
    while zpty -r -t z line; do all+=$line; done
    # Without the terminal's escape sequences and carriage returns.
    [[ ${${all//$'\e'\[[0-9;?]#[a-zA-Z]/}//$'\r'/} == *"$4"* ]] && { print found; break; }
    sleep 0.1
done
zpty -d z
ZSH
[ "$(zsh -f "$TMPDIR/drive.zsh" "$build" "$build/completion" 'raftcost --fo' 'raftcost --format=' "$root")" = found ] ||
    fail "zsh: 'raftcost --fo' did not complete to '--format='"
[ "$(zsh -f "$TMPDIR/drive.zsh" "$build" "$build/completion" \
    "raftcost sweep scenarios/raft-build24.yaml --vary backends.maap.co" 'maap.count=' "$root")" = found ] ||
    fail "zsh: --vary did not complete the parameter path"
exit 0
