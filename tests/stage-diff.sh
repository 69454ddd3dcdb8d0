#!/usr/bin/env bash
# stage-diff.sh NN - what stage NN changed since the stage before it:
# the diff of the stage's own files, then the shared modules it links
# that the previous stage did not (read them next: they are the concept).
set -u
cd "$(dirname "$0")/.." || exit 2
nn=$1
cur=$(ls -d stages/"$nn"-* 2>/dev/null | head -n 1)
[ -n "$cur" ] || { echo "no stage $nn" >&2; exit 2; }
prev=$(ls -d stages/[0-9][0-9]-* | sort | grep -B1 "^$cur\$" | head -n 1)
mods() { sed -n "s/^MODS_$1 *:= *//p" Makefile | tr ' ' '\n' | sed 's/^\$(MODS_\(..\))$/@\1/'; }
# Expand "$(MODS_02)" references recursively into module names.
expand() {
    local m
    for m in $(mods "$1"); do
        case $m in @*) expand "${m#@}" ;; *) echo "$m" ;; esac
    done
}
if [ "$prev" = "$cur" ]; then
    echo "== $cur is the first stage: its files"
    diff -ruN /dev/null "$cur" 2>/dev/null || for f in "$cur"/*; do diff -u /dev/null "$f"; done
    new=$(expand "$nn")
else
    pn=$(basename "$prev"); pn=${pn%%-*}
    echo "== $prev -> $cur: the stage's own files"
    diff -ru "$prev" "$cur"
    new=$(comm -13 <(expand "$pn" | sort) <(expand "$nn" | sort))
fi
echo
echo "== shared modules $cur links that the stage before did not:"
for m in $new; do echo "   shared/$m.h  shared/$m.c"; done
