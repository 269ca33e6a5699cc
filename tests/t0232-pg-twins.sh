#!/bin/sh
# t0232-pg-twins: imports into a day of a PostgreSQL server's archive that
# already holds rows look for twins a device's window at a time, not a
# statement a row (the server's own count of the scans of the day's
# partitions), and leave out what the SQLite archive leaves out
. "$top_srcdir/tests/lib.sh"

pg_server
mkdir g
for s in 1 2 3; do "$top_builddir/bench/gengates" g 6000 $s 1542729600 \
    86400 >/dev/null || exit 1; done
# a file again under another digest; one of its rows three times and
# half of another file's rows beside rows of its own
{ cat g/1.gate.csv; echo; } >again.gate.csv
{ head -1001 g/1.gate.csv; sed -n 2p g/1.gate.csv; sed -n 2p g/1.gate.csv
  sed -n '2,3001p' g/3.gate.csv; } >mixed.gate.csv
# 3000 sightings of the demo's cameras in an hour, plates on some
awk 'BEGIN { print "camera,track,first,last,kind,person,score,plate,upper,lower,attrs,x,y,w,h,embedding"
	split("C017 C018 C019 C031 C040 C041 C050", cam, " ")
	for (i = 0; i < 3000; i++)
		printf "%s,T%05d,2018-11-20T10:%02d:%02d,2018-11-20T10:%02d:%02d,%s,,,%s,blue,grey,,,,,,\n",
		    cam[i % 7 + 1], i, i / 60 % 60, i % 60, i / 60 % 60, i % 60,
		    i % 5 ? "person" : "vehicle", i % 5 ? "" : sprintf("B%05d", i) }' \
    >s.sightings.csv
{ cat s.sightings.csv; echo; } >again.sightings.csv
vigil-import -q -A $PG g/site.xml || exit 1
vigil-import -q -A w.db g/site.xml || exit 1

# scans of a day's partition, once the import's session has ended
scans() {
	PGDATABASE=postgres pg_quiet ${PGDATABASE:-campus}
	pg_sql "SELECT pg_stat_clear_snapshot()" >/dev/null
	pg_sql "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0)
	    FROM pg_stat_user_tables WHERE relname = '$1'"
}

for f in g/1.gate.csv g/2.gate.csv again.gate.csv mixed.gate.csv; do
	vigil-import -A w.db $f 2>want.err
	before=$(scans gate_event_20181121)
	t_run vigil-import -A $PG $f
	t_rc 0 "$f"
	t_same err want.err "$f: rows stored and left out as into the file"
	n=$(($(scans gate_event_20181121) - before))
	[ $f = g/1.gate.csv ] && continue
	t_ok $([ "$n" -lt 600 ]; echo $?) \
	    "$f: fewer than 600 scans of the day for its rows looked up"
	echo "#   $n scans"
done
# a day of 110,000 rows: two windows a gate (TWIN_SPAN), each row found
# in the one window that holds it
mkdir big
"$top_builddir/bench/gengates" big 110000 4 1542816000 86400 >/dev/null
{ cat big/4.gate.csv; echo; } >big-again.gate.csv
for f in big/4.gate.csv big-again.gate.csv; do
	vigil-import -A w.db $f 2>want.err
	t_run vigil-import -A $PG $f
	t_rc 0 "$f"
	t_same err want.err "$f: rows stored and left out as into the file"
done
# a few rows into that full day (some of its own, one of them twice, new
# ones): each looked for in its second, not in the windows of the day
# (the import's max(id) of the day is a scan of its own, not counted)
"$top_builddir/bench/gengates" big 6000 5 1542816000 86400 >/dev/null
{ head -1 big/4.gate.csv; awk 'NR > 1 && NR % 2750 == 0' big/4.gate.csv
  sed -n 5000p big/4.gate.csv; sed -n 5000p big/4.gate.csv
  awk 'NR > 1 && NR % 100 == 0' big/5.gate.csv; } >few.gate.csv
read_rows() {
	PGDATABASE=postgres pg_quiet campus
	pg_sql "SELECT pg_stat_clear_snapshot()" >/dev/null
	pg_sql "SELECT coalesce(sum(idx_tup_fetch), 0) FROM
	    pg_stat_user_tables WHERE relname = 'gate_event_20181122'"
}
vigil-import -A w.db few.gate.csv 2>want.err
before=$(read_rows)
t_run vigil-import -A $PG few.gate.csv
t_rc 0 "few.gate.csv"
t_same err want.err "few.gate.csv: rows stored and left out as into the file"
n=$(($(read_rows) - before))
t_ok $([ "$n" -lt 2000 ]; echo $?) \
    "few.gate.csv: fewer than 2000 of the day's rows read by index for its 102"
echo "#   $n rows read"
# three files into that day by one vigil-import: the day's max(id) read
# by a scan of the table for the first only (the session's commits
# leave the next id), and every row's id its own
for s in 6 7 8; do
	"$top_builddir/bench/gengates" big 300 $s 1542816000 86400 >/dev/null
done
seqs() {
	PGDATABASE=postgres pg_quiet campus
	pg_sql "SELECT pg_stat_clear_snapshot()" >/dev/null
	pg_sql "SELECT seq_scan FROM pg_stat_user_tables WHERE relname =
	    'gate_event_20181122'"
}
vigil-import -A w.db big/6.gate.csv big/7.gate.csv big/8.gate.csv 2>want.err
before=$(seqs)
t_run vigil-import -A $PG big/6.gate.csv big/7.gate.csv big/8.gate.csv
t_rc 0 "three files"
t_same err want.err "three files: rows stored and left out as into the file"
t_ok $([ $(($(seqs) - before)) -eq 1 ]; echo $?) \
    "three files: one scan of the day for its max(id)"
t_ok $([ "$(pg_sql "SELECT count(*) - count(DISTINCT id) FROM
    gate_event_20181122")" = 0 ]; echo $?) "three files: ids unique"
for args in "-F csv --gate G007" "-F csv -n 100000 --columns time,device,person,source"; do
	eval "vigil-query -A w.db $args" >want.out
	eval "t_run vigil-query -A $PG $args"
	t_same out want.out "vigil-query $args: as from the file"
done

# sightings: a file again under another digest leaves out all of it
pg_sql "CREATE DATABASE demo" || exit 1
vigil-import -q -A postgresql:///demo "$DEMO/site.xml" s.sightings.csv ||
    exit 1
vigil-import -q -A d.db "$DEMO/site.xml" s.sightings.csv || exit 1
vigil-import -A d.db again.sightings.csv 2>want.err
before=$(PGDATABASE=demo scans sighting_20181120)
t_run vigil-import -A postgresql:///demo again.sightings.csv
t_rc 0 "sightings again"
t_same err want.err "left out as from the file"
n=$(($(PGDATABASE=demo scans sighting_20181120) - before))
t_ok $([ "$n" -lt 600 ]; echo $?) \
    "fewer than 600 scans of the day for 3000 sightings looked up"
echo "#   $n scans"
t_done
