#!/bin/sh
# make install into a staging folder (DESTDIR), as a package build would:
# the program, its plot templates, the catalogues and example scenarios,
# the manual pages and the completions land under PREFIX; the installed
# program finds its templates beside itself (also once the whole tree is
# moved elsewhere) and runs the README's first example from the installed
# data; man and the bash completion work from there; make uninstall leaves
# no file behind.
set -u
fail() { echo "install: $*"; exit 1; }
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(dirname "$RAFTCOST")
build=${build#"$root"/}
dest=$TMPDIR/install-dest
prefix=/usr/local
rm -rf "$dest" "$TMPDIR/install-moved"
unset RAFTCOST_PLOTS MANPATH

make -s -C "$root" install BUILD="$build" PREFIX=$prefix DESTDIR="$dest" >"$TMPDIR/install.log" 2>&1 ||
    fail "make install: $(cat "$TMPDIR/install.log")"
p=$dest$prefix
for f in bin/raftcost share/raftcost/plots/common.gp share/raftcost/plots/phases.gp \
    share/raftcost/pricing/azure-build2024.yaml share/raftcost/scenarios/raft-build24.yaml \
    share/raftcost/scenarios/curves/nim-llama70b.yaml share/man/man1/raftcost.1 \
    share/man/man1/raftcost-sweep.1 share/bash-completion/completions/raftcost \
    share/zsh/site-functions/_raftcost; do
    [ -s "$p/$f" ] || fail "not installed: $f"
done
[ -x "$p/bin/raftcost" ] || fail "bin/raftcost is not executable"
# Every command the help lists has its page.
for c in $("$RAFTCOST" --help | sed -n 's/^       raftcost \([a-z][a-z-]*\) .*/\1/p'); do
    [ -s "$p/share/man/man1/raftcost-$c.1" ] || fail "no page raftcost-$c.1"
done
grep -q "$prefix/share/raftcost/plots/" "$p/share/man/man1/raftcost.1" ||
    fail "raftcost.1 does not name $prefix/share/raftcost"

# The program, run from a folder without templates, on an installed scenario.
plots_from() { # PREFIX_DIR: draws the example's plots; the templates must come from there
    mkdir -p "$TMPDIR/install-empty" && cd "$TMPDIR/install-empty" || fail "no empty folder"
    rm -rf plots-out
    "$1/bin/raftcost" "$1/share/raftcost/scenarios/raft-build24.yaml" --plots plots-out \
        >report.txt 2>err.txt || fail "installed raftcost --plots: exit $?: $(cat err.txt)"
    grep -qx "template_dir = '$1/share/raftcost/plots'" plots-out/phases.gp ||
        fail "templates not from $1/share/raftcost/plots: $(grep template_dir plots-out/phases.gp)"
    if command -v gnuplot >/dev/null 2>&1; then
        [ -s plots-out/phases.png ] || fail "no phases.png: $(cat err.txt)"
    fi
}
plots_from "$p"
mv "$p" "$TMPDIR/install-moved" || fail "cannot move the installed tree"
plots_from "$TMPDIR/install-moved"
mv "$TMPDIR/install-moved" "$p" || fail "cannot move the installed tree back"

# The README's first example, as written, with the installed raftcost on the PATH.
awk '/^\$ raftcost scenarios\/raft-build24.yaml$/ { on = 1; next } on && /^```/ { exit } on' \
    "$root/README.md" >"$TMPDIR/install-readme.txt"
[ -s "$TMPDIR/install-readme.txt" ] || fail "README: no worked example"
(cd "$p/share/raftcost" && PATH="$p/bin:$PATH" raftcost scenarios/raft-build24.yaml) \
    >"$TMPDIR/install-report.txt" || fail "the README's example failed"
diff -u "$TMPDIR/install-readme.txt" "$TMPDIR/install-report.txt" || fail "the README's example differs"

# man finds the page from the PATH (man-db looks in ../share/man beside bin/).
if command -v man >/dev/null 2>&1; then
    found=$(PATH="$p/bin:$PATH" man -w raftcost 2>/dev/null)
    [ "$found" = "$p/share/man/man1/raftcost.1" ] || fail "man -w raftcost: '$found'"
    warnings=$(MANWIDTH=80 man --warnings -l "$p/share/man/man1/raftcost.1" 2>&1 >/dev/null)
    [ -z "$warnings" ] || fail "man: $warnings"
fi
# The installed bash completion.
got=$(bash -c '. "$0"; COMP_WORDS=(raftcost --fo); COMP_CWORD=1; _raftcost; printf "%s\n" "${COMPREPLY[@]}"' \
    "$p/share/bash-completion/completions/raftcost")
[ "$got" = "--format" ] || fail "installed completion: '$got'"

make -s -C "$root" uninstall BUILD="$build" PREFIX=$prefix DESTDIR="$dest" >"$TMPDIR/install.log" 2>&1 ||
    fail "make uninstall: $(cat "$TMPDIR/install.log")"
left=$(find "$dest" ! -type d)
[ -z "$left" ] || fail "left after uninstall: $left"
left=$(find "$dest" -name '*raftcost*')
[ -z "$left" ] || fail "left after uninstall: $left"
rm -rf "$dest" "$TMPDIR/install-empty"
exit 0
