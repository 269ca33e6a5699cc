#!/bin/sh
# t0238-pg-copy: vigil-import --copy-to copies an SQLite archive into a
# PostgreSQL server's (a private one, tests/pg-server) and back into a
# file: vigil-query, vigil-track and vigil-skew answer the same on the
# three; a second copy adds nothing; a span the destination holds with
# other rows, a role that may only read, a killed copy each leave the
# destination as it was; a span or a time range alone
. "$top_srcdir/tests/lib.sh"

pg_server
vigil-simulate -q --seed 5 -o w || exit 1
set -- w/site.xml w/roster.csv w/gates/*.gate.csv w/cameras/*.sightings.csv
vigil-import -q -A a.db "$@" || exit 1
vigil-skew -q -A a.db --apply >/dev/null 2>&1 || exit 1
vigil-skew -q -A a.db --set G001=+2s --note 'checked on site' || exit 1
nfiles=$(vigil-import -A a.db -l -F csv | sed 1d | wc -l)
noffsets=$(vigil-skew -A a.db -F csv -l -a | sed 1d | wc -l)

t_run vigil-import -A a.db --copy-to $PG
t_rc 0 "the file's archive copied into the server"
gates=$(vigil-query -A a.db -F csv --kind gate | sed 1d | wc -l)
sights=$(vigil-query -A a.db -F csv --kind sighting | sed 1d | wc -l)
t_err "vigil-import: '$PG': 2 spans copied ($gates gate events, $sights sightings), 0 the same already; $nfiles files, 400 people, $noffsets clock corrections, 0 recordings, the site, the learned model" \
    "says what it copied"
t_run vigil-import -A $PG --copy-to c.db
t_rc 0 "the server's archive copied back into a new file"

anchor=$(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1:\2/p' w/truth.json)
suspect=$(sed -n 's/.*"suspect": "\(P[0-9]*\)".*/\1/p' w/truth.json | head -1)
same() {	# same TOOL ARGS...: on $PG and c.db as on a.db
	_tool=$1
	shift
	"$_tool" -A a.db "$@" >want.out 2>want.err
	_want=$?
	for _b in $PG c.db; do
		t_run "$_tool" -A $_b "$@"
		sed "s|$_b|a.db|g" err >err.a
		t_ok $([ "$rc" -eq "$_want" ] && cmp -s out want.out &&
		    cmp -s err.a want.err; echo $?) "$_tool $* on $_b: as on a.db"
		diff want.out out | head -5 | sed 's/^/#   /'
		diff want.err err.a | head -5 | sed 's/^/#   /'
	done
}
same vigil-query -F csv
same vigil-query -F csv --person "$suspect"
same vigil-query -F csv --strangers
same vigil-track --from "$anchor" -F csv
same vigil-track --from "$anchor" --backward --hypotheses 3 -F csv
same vigil-track --person "$suspect" -F csv
same vigil-track --eval w/truth.json -F csv
same vigil-skew -F csv
same vigil-skew -F csv -l
same vigil-skew -F csv -l -a
same vigil-import -l -F csv
same vigil-import -S -F csv

# again: nothing added; the files themselves: already imported
state() {
	pg_sql "SELECT count(*) FROM gate_event UNION ALL SELECT count(*)
	    FROM sighting UNION ALL SELECT count(*) FROM source UNION ALL
	    SELECT count(*) FROM person UNION ALL SELECT count(*) FROM
	    clock_correction UNION ALL SELECT count(*) FROM span_hour UNION
	    ALL SELECT learned FROM model"
}
state >before
t_run vigil-import -A a.db --copy-to $PG
t_rc 0 "a second copy"
t_err "vigil-import: '$PG': holds what 'a.db' has already (2 spans), nothing copied" \
    "finds every span the same"
state >after
t_same after before "and adds nothing"
t_run vigil-import -A $PG w/gates/G001.gate.csv
t_rc 0 "a file of the copy imported into the server"
t_err "vigil-import: 'w/gates/G001.gate.csv': already imported as 'w/gates/G001.gate.csv', nothing changed" \
    "is already there, by its digest"
t_run vigil-import -A c.db --copy-to a.db
t_rc 0 "a copy back into the first file"
t_grep "holds what 'c.db' has already" err "adds nothing either"

# the audit table: from server to server with its times and roles; a
# file keeps none, which the copy says
VIGIL_CASES=$PWD/cases VIGIL_OFFICER='Insp. Wang'
export VIGIL_CASES VIGIL_OFFICER
vigil-case -A $PG new 2018-1120-OVP --title 'Assault on the north overpass' \
    --incident-time '2018-11-20 21:13' >/dev/null 2>&1 || exit 1
vigil-query -c 2018-1120-OVP -F csv --person "$suspect" --why 'seen at the stair' \
    >/dev/null || exit 1
pg_sql "CREATE DATABASE centre" || exit 1
t_run vigil-import -A $PG --copy-to postgresql:///centre
t_rc 0 "a server's archive into another server's"
t_grep ", 1 lookup of the audit table, the site, the learned model\$" err \
    "with the lookup recorded under the case"
audit="SELECT at, role, tool, subject, why, case_id FROM audit"
t_ok $([ "$(pg_in centre "$audit")" = "$(pg_sql "$audit")" ] &&
    [ -n "$(pg_sql "$audit")" ]; echo $?) "its time, role, tool, subject and reason kept"
t_run vigil-import -A $PG --copy-to postgresql:///centre
t_err "vigil-import: 'postgresql:///centre': holds what '$PG' has already (2 spans), nothing copied" \
    "copied again: nothing added, the lookup neither"
t_run vigil-import -A $PG --copy-to e.db
t_rc 0 "the server's archive into a file again"
t_grep "^vigil-import: '$PG': 1 lookup of its audit table not copied: 'e.db' keeps none (the cases' custody logs are the record)\$" \
    err "says the lookup is not copied"

# other rows in a span of the destination: refused, nothing copied
cp -p a.db d.db
pg_sql "CREATE DATABASE other" || exit 1
OTHER=postgresql:///other
vigil-import -q -A $OTHER w/site.xml w/gates/G002.gate.csv || exit 1
span=$(vigil-import -A $OTHER -S -F csv | sed -n '2s/,.*//p')
pg_in other "SELECT count(*) FROM gate_event UNION ALL SELECT count(*) FROM source" >other.before
t_run vigil-import -A a.db --copy-to $OTHER
t_rc 1 "a copy into a server with other rows in a span"
t_grep "^vigil-import: '$OTHER': span '$span' holds other rows ([0-9]* gate events, 0 sightings; 'a.db' has $gates and [0-9]* in span '$span'): nothing copied\$" \
    err "is refused, naming the span"
pg_in other "SELECT count(*) FROM gate_event UNION ALL SELECT count(*) FROM source" >other.after
t_same other.after other.before "the destination as it was"

# as many rows, one of them other: refused by the rows' digest
cp c.db f.db
sqlite3 f.db "UPDATE gate_event_20181120 SET card = 'X1' WHERE id = (SELECT max(id) FROM gate_event_20181120)" || exit 1
cp f.db f.want
t_run vigil-import -A a.db --copy-to f.db
t_rc 1 "a copy into an archive whose span has as many rows, one other"
t_grep "^vigil-import: 'f.db': span '2018-11-20' holds other rows ($gates gate events, [0-9]* sightings; 'a.db' has $gates and [0-9]* in span '2018-11-20'): nothing copied\$" \
    err "is refused"
t_ok $(cmp -s f.db f.want; echo $?) "the archive as it was"

# another site: refused
vigil-import -q -A demo.db "$DEMO/site.xml" || exit 1
cp demo.db demo.want
t_run vigil-import -A a.db --copy-to demo.db
t_rc 1 "a copy into an archive of another site"
t_err "vigil-import: 'demo.db': holds site 'longhua-north' (Asia/Shanghai), not '$(sed -n 's/.*<site [^>]*id="\([^"]*\)".*/\1/p' w/site.xml)' (Asia/Shanghai): nothing copied" \
    "is refused, naming both"
t_ok $(cmp -s demo.db demo.want; echo $?) "the archive as it was"

# a role that may only read
pg_sql "CREATE DATABASE ro" || exit 1
vigil-import -q -A postgresql:///ro w/site.xml || exit 1
pg_in ro "CREATE ROLE officer LOGIN;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO officer" || exit 1
rostate() {
	pg_in ro "SELECT count(*) FROM source; SELECT count(*) FROM span"
}
rostate >before
t_run vigil-import -A a.db --copy-to "postgresql:///ro?user=officer"
t_rc 1 "a copy by a role that may only read"
t_grep "permission denied for table .* (the role 'officer' may only read this archive)" \
    err "fails, saying the role may only read"
rostate >after
t_same after before "the archive unchanged"

# one span by name, then a time range, into new files
t_run vigil-import -A a.db --copy-to one.db 2018-11-20
t_rc 0 "one span by name"
t_run vigil-import -A one.db -S -F csv
t_out "$(vigil-import -A a.db -S -F csv | sed -n '1p;/^2018-11-20,/p')" \
    "only that span copied"
t_run vigil-import -A a.db --copy-to range.db --from '2018-11-19 12:00' --to '2018-11-19 13:00'
t_rc 0 "a time range"
t_run vigil-import -A range.db -S -F csv
t_out "$(vigil-import -A a.db -S -F csv | sed -n '1p;/^2018-11-19,/p')" \
    "the spans it touches, whole"
t_run vigil-import -A a.db --copy-to one.db 2018-11-30
t_rc 1 "a span the archive lacks"
t_err "vigil-import: 'a.db': no span '2018-11-30' holding rows" "is named"
t_run vigil-import -A a.db --from 2018-11-20 2018-11-20
t_rc 2 "--from without --copy-to"

# the recordings' index: file to file, file to server (the server's
# recording table) and back
MKSEG=$top_builddir/tests/mkseg
mkdir -p r/rec/C017/20181120
for m in 0 1; do
	"$MKSEG" r/rec/C017/20181120/210${m}00.mp4 C017 2018-11-20T13:0$m:00Z 60
done
vigil-import -q -A r.db "$DEMO/site.xml" "$DEMO/north.gate.csv" || exit 1
vigil-index -q -A r.db -r r || exit 1
t_run vigil-import -A r.db --copy-to r2.db
t_rc 0 "an archive with recordings into a file"
t_grep " 2 recordings, the site, the learned model\$" err "both segments' index"
vigil-query -A r.db --recordings --camera C017 -F csv >want.rec
t_run vigil-query -A r2.db --recordings --camera C017 -F csv
t_same out want.rec "listed as from the first file"
pg_sql "CREATE DATABASE recs" || exit 1
t_run vigil-import -A r.db --copy-to postgresql:///recs
t_rc 0 "an archive with recordings into a server"
t_grep " 2 recordings, the site, the learned model\$" err "both segments' index, on the server"
t_run vigil-query -A postgresql:///recs --recordings --camera C017 -F csv
t_same out want.rec "listed by the server as from the file"
t_run vigil-import -A postgresql:///recs --copy-to r3.db
t_rc 0 "and from the server into a file"
t_run vigil-query -A r3.db --recordings --camera C017 -F csv
t_same out want.rec "listed as from the first file again"

# a copy killed with its rows written (held where it would commit:
# VIGIL_TEST_STOP): the destination as it was
mkdir k
"$top_builddir/bench/gengates" k 400000 2 1543622400 >/dev/null
vigil-import -q -A k.db k/site.xml k/2.gate.csv || exit 1
pg_sql "CREATE DATABASE k" || exit 1
K=postgresql:///k
kstate() {
	pg_in k "SELECT count(*) FROM source; SELECT count(*) FROM span;
	    SELECT relname FROM pg_class WHERE relname LIKE 'gate_event_%'
	    ORDER BY 1"
}
vigil-import -q -A $K k/site.xml || exit 1
kstate >before
VIGIL_TEST_STOP=commit vigil-import -q -A k.db --copy-to $K &
pid=$!
t_held $pid "the copy into the server held before its commit"
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
t_ok $([ $? -ne 0 ]; echo $?) "the copy into the server was killed before it finished"
pg_quiet k
kstate >after
t_same after before "the server's archive as it was"
VIGIL_TEST_STOP=commit vigil-import -q -A k.db --copy-to kk.db &
pid=$!
t_held $pid "the copy into a file held before its commit"
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
t_ok $([ $? -ne 0 ]; echo $?) "the copy into a file was killed before it finished"
t_run vigil-import -A kk.db -l -F csv
t_out "id,path,format,rows,rejected,size,sha256,imported" \
    "the file's archive as it was: empty"
t_run vigil-import -A k.db --copy-to $K
t_rc 0 "the copy again"
t_err "vigil-import: '$K': 31 spans copied (400000 gate events, 0 sightings), 0 the same already; 1 file, 0 people, 0 clock corrections, 0 recordings, the learned model" \
    "whole"
t_ok $([ "$(pg_in k "SELECT count(*) FROM gate_event")" = 400000 ]
    echo $?) "every row in the server"
t_done
