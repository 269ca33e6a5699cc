#!/bin/sh
# t0425-progress: long work shows how far it is on a terminal's standard
# error (a pty, made by script(1)), and says nothing of it with -q or when
# standard error is not a terminal: import of many files and export (index,
# skew, simulate and anomaly are in their own tests)
. "$top_srcdir/tests/lib.sh"

if ! command -v script >/dev/null || ! script -qec true /dev/null >/dev/null 2>&1; then
	echo "1..0 # SKIP no script(1) to make a pty"
	exit 0
fi
MKSEG=$top_builddir/tests/mkseg
D=r/rec/C017/20181120
FILES="$DEMO/site.xml $DEMO/roster.csv $DEMO/edge.sightings.csv $DEMO/north.gate.csv"

t_run script -qec "vigil-import -A w.db $FILES" /dev/null
t_rc 0 "an import of four files on a terminal"
t_grep "vigil-import: importing files 3/4 (75%)" out "shows the files imported so far"
t_run script -qec "vigil-import -q -A q.db $FILES" /dev/null
t_ok $([ ! -s out ]; echo $?) "none with -q, and nothing else"
t_run vigil-import -A p.db $FILES
t_ok $(! grep -q 'importing files' err; echo $?) "none when stderr is not a terminal"
for db in w q p; do
	t_sql $db.db "SELECT (SELECT count(*) FROM sighting) || ' ' ||
	    (SELECT count(*) FROM gate_event)" >$db.n
done
t_grep '^[1-9][0-9]* [1-9][0-9]*$' w.n "the sightings and gate events counted"
t_same q.n w.n "the same archive with -q"
t_same p.n w.n "and in a pipe"

mkdir -p $D
"$MKSEG" $D/211300.mp4 C017 2018-11-20T13:13:00Z 60 1000
vigil-index -q -A w.db -r r || exit 1
overpass_case
vigil-track -A w.db -c $C --save -F csv >/dev/null
t_run script -qec "vigil-export -c $C -o b1" /dev/null
t_rc 0 "an export on a terminal"
t_grep "vigil-export: cutting hops [0-9]*/[0-9]* (100%)" out "shows the hops cut, up to the last"
t_run script -qec "vigil-export -q -c $C -o b2" /dev/null
t_ok $([ ! -s out ]; echo $?) "none with -q, and nothing else"
t_run vigil-export -c $C -o b3
t_rc 0 "an export in a pipe"
t_ok $(! grep -q 'cutting hops' err; echo $?) "none when stderr is not a terminal"
t_done
