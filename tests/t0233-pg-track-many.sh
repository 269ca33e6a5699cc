#!/bin/sh
# t0233-pg-track-many: vigil-track on a PostgreSQL server's archive of a
# district's afternoon hour (thousands of people) answers as on the file
# from many sightings, and a path costs the server a statement a device's
# window and a batch of people's looks, not a statement for each person a
# gate names (the server's own count of its transactions); vigil-query's
# answers, short and long, as on the file
. "$top_srcdir/tests/lib.sh"

pg_server
vigil-simulate -q --scale district --seed 1913 --start 13 --hours 1 -o w ||
    exit 1
# a file of each kind: a server's import is a transaction a file
for k in gate sightings; do
	set -- w/*/*.$k.csv
	{ head -1 "$1"; for f; do sed 1d "$f"; done; } >all.$k.csv
done
set -- w/site.xml w/roster.csv all.gate.csv all.sightings.csv
vigil-import -q -A a.db "$@" || exit 1
t_run vigil-import -q -A $PG "$@"
t_rc 0 "the district's hour into the server"
t_run pg_sql "SELECT count(*) > 15000 FROM sighting"
t_out t "many sightings"

# the server's transactions in campus so far (each statement of a
# reader is one), once the tools' sessions have ended
xacts() {
	PGDATABASE=postgres pg_quiet campus
	PGDATABASE=postgres pg_sql "SELECT pg_stat_clear_snapshot();
	    SELECT xact_commit + xact_rollback FROM pg_stat_database
	    WHERE datname = 'campus'" | tail -1
}
devices=$(grep -c '<\(gate\|camera\) ' w/site.xml)
# people's sightings across the hour, the same on every machine
awk -F, '$5 == "person" { print $1 ":" $2 }' all.sightings.csv | sort |
    awk 'NR % 2500 == 700' >anchors
t_ok $([ "$(wc -l <anchors)" -ge 5 ]; echo $?) "anchors: $(wc -l <anchors)"
most=0
while read -r a; do
	before=$(xacts)
	pg_same a.db vigil-track --from "$a" -F csv
	n=$(($(xacts) - before))
	[ $n -gt $most ] && most=$n
done <anchors
a=$(head -1 anchors)
pg_same a.db vigil-track --from "$a" --backward --hypotheses 3 -F csv

# vigil-query: an answer of a few rows is a statement the session keeps;
# one longer than 2,000 rows is read again through a cursor
h="--from 2018-11-20T13:00 --to 2018-11-20T14:00"
pg_same a.db vigil-query -F csv --zone 3 $h
pg_same a.db vigil-query -F csv --zone 4 $h
t_ok $([ "$(wc -l <out)" -gt 2001 ]; echo $?) "longer: $(wc -l <out) lines"
pg_same a.db vigil-query -F csv --zone 4 $h -n 2000
pg_same a.db vigil-query -F csv --zone 4 $h -n 2001
who=$(awk -F, 'NR > 1 && $3 ~ /^P/ { print $3; exit }' all.gate.csv)
pg_same a.db vigil-query -F csv --person "$who"
pg_same a.db vigil-query -F csv --person "$who" $h
pg_same a.db vigil-query -F csv --person P9999999

t_ok $([ $most -lt $((devices * 2)) ]; echo $?) \
    "a path: fewer statements than two a device ($devices devices)"
echo "#   $most at most"
t_done
