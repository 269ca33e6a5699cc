#!/bin/sh
# t0500-demo: the demo the quick start runs tells the overpass story
. "$top_srcdir/tests/lib.sh"

t_run vigil demo "$PWD/work"
t_rc 0 "vigil demo runs"
sed -i "s|$PWD/work|WORK|g" out err
t_golden demo.out "the demo's output"
t_grep "^124 files: 400 people, " out "it imports a simulated day"
t_grep "The face gate named the right man." out "the face gate names the man the truth names"
t_done
