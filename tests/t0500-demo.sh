#!/bin/sh
# t0500-demo: the demo the quick start runs tells the overpass story
. "$top_srcdir/tests/lib.sh"

t_run sh "$top_srcdir/share/vigil/demo.sh" "$PWD/work"
t_rc 0 "the demo runs"
sed -i "s|$PWD/work|WORK|g; s|$DEMO/||g" out err
t_golden demo.out "the demo's output"
t_grep "imported 168 gate events" err "it imports the demo logs"
t_grep "P0012345.*刘建军" out "the face gate names the man"
t_done
