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
# The shared modules stage $1 links, one a line, as the Makefile says.
expand() { make -s --no-print-directory "mods-$1" | tr ' ' '\n' | sed '/^$/d'; }
if [ "$prev" = "$cur" ]; then
    echo "== $cur is the first stage: its files"
    diff -ruN /dev/null "$cur" 2>/dev/null || for f in "$cur"/*; do diff -u /dev/null "$f"; done
    new=$(expand "$nn")
else
    pn=$(basename "$prev"); pn=${pn%%-*}
    echo "== $prev -> $cur: the stage's own files"
    diff -ru "$prev" "$cur"
    new=$(comm -13 <(expand "$pn" | sort) <(expand "$nn" | sort))
    gone=$(comm -23 <(expand "$pn" | sort) <(expand "$nn" | sort))
fi
echo
echo "== shared modules $cur links that the stage before did not:"
for m in $new; do echo "   shared/$m.h  shared/$m.c"; done
if [ -n "${gone:-}" ]; then
    echo "== shared modules the stage before linked that $cur no longer does:"
    for m in $gone; do echo "   shared/$m.h  shared/$m.c"; done
fi
