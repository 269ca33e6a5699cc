#!/bin/sh
# t0239-pg-concurrent: imports run at once into a PostgreSQL server's
# archive take turns (the archive's writer lock): three files of the same
# new day all import, as one after the other would, the day's span and
# partitions made once, every row numbered once; a reader answers while
# they wait; spans dropped during an import wait for it
. "$top_srcdir/tests/lib.sh"

pg_server
mkdir g
for s in 1 2 3; do
	"$top_builddir/bench/gengates" g 12000 $s 1542672000 43200 >/dev/null
done
"$top_builddir/bench/gengates" g 60000 4 1542844800 43200 >/dev/null
vigil-import -q -A $PG g/site.xml || exit 1
vigil-import -q -A w.db g/site.xml g/1.gate.csv g/2.gate.csv g/3.gate.csv ||
    exit 1

# three imports at once, each making the same new day (2018-11-20)
for s in 1 2 3; do
	vigil-import -A $PG g/$s.gate.csv 2>err.$s &
	eval pid$s=$!
done
for s in 1 2 3; do
	eval wait \$pid$s
	t_ok $? "import $s of three at once"
	t_grep "imported 12000 gate events" err.$s "all of file $s"
	sed 's/^/#   /' err.$s
done
t_run pg_sql "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE 'gate_event_%' ORDER BY 1"
t_out "gate_event_20181120" "one partition for the day"
t_run pg_sql "SELECT name, gates FROM span ORDER BY start"
t_out "2018-11-20|36000" "one span, counting the three files' rows"
t_run pg_sql "SELECT count(*), count(DISTINCT id) FROM gate_event; SELECT count(*) FROM source_span"
t_out "36000|36000
3" "each row numbered once, each file's rows in the span"
for args in "-F csv --gate G007" "-F csv --person $(sed -n '2s/^[^,]*,[^,]*,\([^,]*\),.*/\1/p' g/2.gate.csv)" "-F csv -n 5000" \
    "-F csv --gate G123 --from '2018-11-20 09:00' --to '2018-11-20 11:00'"; do
	eval "vigil-query -A w.db $args" >want.out
	eval "t_run vigil-query -A $PG $args"
	t_ok $([ "$rc" -eq 0 ] && cmp -s out want.out; echo $?) \
	    "vigil-query $args: as from the file imported one after the other"
	diff want.out out | head -5 | sed 's/^/#   /'
done
vigil-import -A w.db -S -F csv >want.out
t_run vigil-import -A $PG -S -F csv
t_same out want.out "the spans as the file's"
pg_sql "SELECT span, device, n, named FROM span_device ORDER BY 1, 2;
    SELECT span, device, hour, n FROM span_hour ORDER BY 1, 2, 3;
    SELECT who, zone, hours FROM habit ORDER BY 1, 2" >got.book
pg_sql "CREATE DATABASE one" || exit 1
for s in site 1 2 3; do
	f=g/$s.gate.csv
	[ $s = site ] && f=g/site.xml
	vigil-import -q -A postgresql:///one $f || exit 1
done
pg_sql "SELECT span, device, n, named FROM span_device ORDER BY 1, 2;
    SELECT span, device, hour, n FROM span_hour ORDER BY 1, 2, 3;
    SELECT who, zone, hours FROM habit ORDER BY 1, 2" -d one >want.book
t_same got.book want.book "devices' counts, hours and habits as one after the other"

# a reader while an import writes and another waits for it (the first
# held where it would commit, every row sent: VIGIL_TEST_STOP; continued
# once the reader is done)
vigil-query -A $PG -F csv --gate G007 >want.read
VIGIL_TEST_STOP=commit vigil-import -q -A $PG g/4.gate.csv &
pid4=$!
t_held $pid4 "the first import held before its commit"
"$top_builddir/bench/gengates" g 3000 5 1542844800 43200 >/dev/null
vigil-import -A $PG g/5.gate.csv 2>err.5 &
pid5=$!
i=0
while [ $i -lt 1200 ] && [ "$(pg_sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")" != 1 ]; do
	sleep 0.1
	i=$((i + 1))
done
t_run pg_sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
t_out 1 "the second import waits for the first"
t_run vigil-query -A $PG -F csv --gate G007
t_rc 0 "a reader meanwhile"
t_same out want.read "reads what was committed: neither import's rows"
kill -CONT $pid4
t_run vigil-import -A $PG -D 2018-11-22
t_rc 0 "spans dropped meanwhile, once the imports are done"
wait $pid4
t_ok $? "the first import"
wait $pid5
t_ok $? "the second import"
t_grep "imported 3000 gate events" err.5 "all of its file"
t_grep "^vigil-import: '$PG': another writer holds the archive (server process [0-9]*, role 'vigil', for [0-9]* s): waiting for it to end$" \
    err.5 "having said whom it waited for (it had waited in silence)"
t_run pg_sql "SELECT count(*) FROM gate_event UNION ALL SELECT count(*) FROM span"
t_out "36000
1" "the day they wrote dropped after them, the first day left"
t_done
