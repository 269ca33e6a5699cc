#!/bin/sh
# t0237-pg-track: on a PostgreSQL server's archive, vigil-track,
# vigil-skew and vigil-anomaly answer as on the SQLite file of the same
# simulated world (an import killed three quarters through, its first
# rows already sent by COPY, is t0220's, run on both back ends)
. "$top_srcdir/tests/lib.sh"

pg_server
vigil-simulate -q --seed 1 -o w || exit 1
set -- w/site.xml w/roster.csv w/gates/*.gate.csv w/cameras/*.sightings.csv
vigil-import -q -A a.db "$@" || exit 1
t_run vigil-import -q -A $PG "$@"
t_rc 0 "the simulated world into the server"

anchor=$(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1:\2/p' w/truth.json)
suspect=$(sed -n 's/.*"suspect": "\(P[0-9]*\)".*/\1/p' w/truth.json | head -1)
pg_same a.db vigil-track --from "$anchor" -F csv
pg_same a.db vigil-track --from "$anchor" --forward -F csv
pg_same a.db vigil-track --from "$anchor" --backward --hypotheses 3 -F csv
pg_same a.db vigil-track --at "${anchor%%:*}" --time '2018-11-20 21:13:05' -F csv
# --index: a server has no index of its vectors, nor a file to name as
# missing (nor one vigil-import -L could build): the exact scan, unwarned
vigil-query -A $PG -F csv --like "$anchor" -n 5 >want.like
t_run vigil-query -A $PG -F csv --like "$anchor" -n 5 --index
t_rc 0 "--like --index on a server"
t_ok $([ ! -s err ]; echo $?) "names no index file to build$([ ! -s err ] || echo ": $(head -1 err)")"
t_same out want.like "and answers as the scan does"
pg_same a.db vigil-track --person "$suspect" -F csv
pg_same a.db vigil-track --eval w/truth.json -F csv
pg_same a.db vigil-track --calibration -F csv
pg_same a.db vigil-track --from C9999:T1
pg_same a.db vigil-skew -F csv
# vigil-anomaly: the simulated day's anomalies, strangers, and evidence
pg_same a.db vigil-anomaly -F csv
pg_same a.db vigil-anomaly -F csv --kind stranger
for id in $(vigil-anomaly -A a.db -F csv --columns id | sed 1d | sed -n '1p;$p'); do
	pg_same a.db vigil-anomaly -F csv --explain "$id"
done

# corrections: recorded, then applied by every reader (their time of
# setting left out)
vigil-skew -q -A a.db -F csv --apply >/dev/null 2>&1
t_run vigil-skew -q -A $PG -F csv --apply
t_rc 0 "vigil-skew --apply"
vigil-skew -A a.db -F csv -l -a | cut -d, -f1-6 >want.l
t_run vigil-skew -A $PG -F csv -l -a
cut -d, -f1-6 out >got.l
t_same got.l want.l "the same corrections recorded"
t_ok $([ "$(wc -l <got.l)" -gt 1 ]; echo $?) "(some: $(($(wc -l <got.l) - 1)))"
cam=$(sed -n '2s/,.*//p' got.l)
pg_same a.db vigil-query -F csv --camera "$cam" -n 20
# a camera's and a person's rows by the lean statement (archive-pg.c's
# lean_run): their corrections applied and sorted in the library
pg_same a.db vigil-query -F csv --camera "$cam" --from '2018-11-20 21:00' \
    --to '2018-11-20 21:20'
pg_same a.db vigil-query -F csv --person "$suspect" --from 2018-11-20 \
    --to 2018-11-21
pg_same a.db vigil-track --from "$anchor" -F csv
pg_same a.db vigil-anomaly -F csv --kind impossible-travel,tailgating,stranger
pg_same a.db vigil-skew --set "$cam=+73s" --note 'checked against NTP on site'
pg_same a.db vigil-skew --remove "$cam"
pg_same a.db vigil-skew --remove "$cam"

t_done
