#!/bin/sh
# t0230-spans: the archive partitioned by day (spans): imports that straddle
# days whole or not at all, queries across spans, listing, checking,
# dropping, retention, a kill half-way into a new span, a query during an
# import, and an archive of before spans read after its migration
. "$top_srcdir/tests/lib.sh"

A=s.db
# 2,000 events from 2018-11-01 08:00 to 11-03 08:00 in the site's zone
# (Asia/Shanghai): three local days
"$top_builddir/bench/gengates" . 2000 1 1541030400 172800 >/dev/null
t_run vigil-import -A $A site.xml 1.gate.csv
t_rc 0 "a file over three days imports"
t_err "vigil-import: 'site.xml': imported 201 site items
vigil-import: '1.gate.csv': imported 2000 gate events" "whole"
t_run vigil-import -S -A $A -F csv
t_out "span,start,end,gates,sightings
2018-11-01,2018-11-01T00:00:00+08:00,2018-11-02T00:00:00+08:00,667,0
2018-11-02,2018-11-02T00:00:00+08:00,2018-11-03T00:00:00+08:00,1000,0
2018-11-03,2018-11-03T00:00:00+08:00,2018-11-04T00:00:00+08:00,333,0" \
    "-S lists a span per local day"
t_run sqlite3 $A "SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'gate_event*' ORDER BY name; SELECT count(*) FROM gate_event"
t_out "gate_event_20181101
gate_event_20181102
gate_event_20181103
2000" "tables of their own, and a view of them all for the sqlite3 shell"

# queries across spans: in time order, the same rows as the file's
vigil-query -A $A -F csv >all
t_ok $([ "$(($(wc -l <all) - 1))" -eq 2000 ]; echo $?) "a query without a range reads every span"
cut -d, -f2 all | sed 1d >times
sort -c times 2>/dev/null
t_ok $? "in time order across the spans"
t_run vigil-query -A $A --from 2018-11-01T23:00 --to 2018-11-02T01:00 -F csv
want=$(awk -F, 'NR > 1 && $1 >= "2018-11-01T15:00:00" && $1 <= "2018-11-01T17:00:00.999"' 1.gate.csv | wc -l)
t_ok $([ "$(($(wc -l <out) - 1))" -eq "$want" ] && [ "$want" -gt 0 ]; echo $?) \
    "a range across midnight reads both spans ($want rows)"
t_run vigil-query -A $A --gate G007 --from 2018-11-02T10:00 --to 2018-11-02T11:00 -F csv
want=$(awk -F, 'NR > 1 && $2 == "G007" && $1 >= "2018-11-02T02:00:00" && $1 <= "2018-11-02T03:00:00.999"' 1.gate.csv | wc -l)
t_ok $([ "$(($(wc -l <out) - 1))" -eq "$want" ]; echo $?) "a gate's hour within one span ($want rows)"
# a query reads only the spans its range touches: with the third day's
# table out of the way, a range on the first two days is still answered
cp $A r.db
sqlite3 r.db "ALTER TABLE gate_event_20181103 RENAME TO hidden"
t_run vigil-query -A r.db --from 2018-11-01T23:00 --to 2018-11-02T01:00 -F csv
t_rc 0 "a range on two days with the third day's table gone"
want=$(awk -F, 'NR > 1 && $1 >= "2018-11-01T15:00:00" && $1 <= "2018-11-01T17:00:00.999"' 1.gate.csv | wc -l)
t_ok $([ "$(($(wc -l <out) - 1))" -eq "$want" ]; echo $?) "reads only the two ($want rows)"
t_run vigil-query -A r.db --from 2018-11-02T23:00 -F csv
t_rc 1 "a range reaching the third day"
t_err "vigil-query: 'r.db': query: no such table: gate_event_20181103" "reads it"

# re-import: a no-op; a file with a bad record over new days: nothing
t_run vigil-import -A $A 1.gate.csv
t_err "vigil-import: '1.gate.csv': already imported as '1.gate.csv', nothing changed" "re-import is a no-op"
"$top_builddir/bench/gengates" . 500 3 1541289600 172800 >/dev/null
echo "2018-11-06T01:00:00Z,G999,P0000001,face,,,in,granted,0.90" >>3.gate.csv
vigil-import -S -A $A -F csv >spans-before
sqlite3 $A .schema >schema-before
t_run vigil-import -A $A 3.gate.csv
t_rc 1 "a bad record over two new days"
vigil-import -S -A $A -F csv >spans-after
sqlite3 $A .schema >schema-after
t_same spans-after spans-before "makes no span"
t_same schema-after schema-before "and no table"

# checking
t_run vigil-import -C -A $A
t_rc 0 "-C on a whole archive"
t_err "vigil-import: 's.db': every span is whole" "says so"
cp $A c.db
sqlite3 c.db "DROP INDEX gate_event_20181102_card_t; DELETE FROM gate_event_20181103 WHERE id IN (SELECT id FROM gate_event_20181103 LIMIT 2)"
t_run vigil-import -C -A c.db
t_rc 1 "-C on a damaged archive"
t_err "vigil-import: 'c.db': span '2018-11-02': table gate_event_20181102 has 6 of its 7 indexes
vigil-import: 'c.db': span '2018-11-03': table gate_event_20181103 holds 331 rows, 333 counted
vigil-import: 'c.db': 2 problems found" "names each problem"
t_run vigil-import -C -A c.db 2018-11-01
t_rc 0 "-C of a span that is whole"
cp $A o.db
sqlite3 o.db "DROP INDEX gate_event_20181101_passage_card; DROP INDEX gate_event_20181101_passage_person; DROP INDEX gate_event_20181101_refused"
t_run vigil-import -C -A o.db 2018-11-01
t_rc 0 "-C of a span made before its granted passages' two indexes and its refused rows'"
t_run vigil-import -C -A c.db 2018-12-01
t_rc 1 "-C of no such span"
t_grep "no span '2018-12-01'" err "names the span that is not there"

# dropping: whole spans; a file whose every row went is forgotten
t_run vigil-import -D -A $A 2018-11-09
t_rc 1 "-D of no such span"
t_err "vigil-import: 's.db': no span '2018-11-09'" "says so"
vigil-import -S -A $A -F csv >s
t_same s spans-before "and drops nothing"
t_run vigil-import -D -A $A 2018-11-01
t_rc 0 "-D drops a span"
t_err "vigil-import: 's.db': span '2018-11-01' dropped (667 gate events, 0 sightings)" "says so"
t_run sqlite3 $A "SELECT count(*) FROM gate_event; SELECT count(*) FROM sqlite_schema WHERE name GLOB '*20181101*'"
t_out "1333
0" "its rows and tables are gone"
t_run vigil-import -A $A 1.gate.csv
t_err "vigil-import: '1.gate.csv': already imported as '1.gate.csv', nothing changed" \
    "a file with rows left is still known"
t_run vigil-import -q -D -A $A 2018-11-02 2018-11-03
t_rc 0 "-D of two spans"
t_run vigil-import -A $A 1.gate.csv
t_err "vigil-import: '1.gate.csv': imported 2000 gate events" \
    "a file none of whose rows is left imports again"

# retention: --keep drops the spans that end before now - age
now=$(date +%s)
"$top_builddir/bench/gengates" . 1000 4 $((now - 10 * 86400)) $((9 * 86400)) >/dev/null
vigil-import -q -A $A 4.gate.csv
old=$(sqlite3 $A "SELECT count(*) FROM span WHERE end <= ($now - 5 * 86400) * 1000000")
t_run vigil-import --keep 5d -A $A
t_rc 0 "--keep 5d"
t_ok $([ "$(wc -l <err)" -eq $((old)) ] && [ "$old" -ge 4 ]; echo $?) "reports the $old spans it drops"
t_grep "span '2018-11-02' dropped (1000 gate events, 0 sightings)" err "each with its rows"
t_run sqlite3 $A "SELECT count(*) FROM span WHERE end <= ($now - 5 * 86400) * 1000000; SELECT count(*) > 0 FROM span"
t_out "0
1" "keeps the newer ones"
t_run vigil-import -K 5x -A $A
t_rc 2 "a bad age"
t_run vigil-import -K 36501d -A $A
t_rc 2 "an age over 100 years"
t_err "vigil-import: -K: '36501d' is out of range: give 0 to 36500d" "is refused with the range"
t_run vigil-import -M 20000000w -A $A
t_rc 2 "an age whose microseconds overflow"
t_err "vigil-import: -M: '20000000w' is out of range: give 0 to 36500d" "is refused with the range"
t_run vigil-import -K nan -A $A
t_rc 2 "an age not a number"
t_err "vigil-import: -K: bad length of time 'nan' (give seconds, or a number with ms, s, m, h, d or w)" \
    "is a bad length of time"
t_run vigil-import -w 25h -K 36500d -A $A
t_rc 2 "a wait over a day"
t_err "vigil-import: -w: '25h' is out of range: give 0 to 1d" "is refused with the range"

# an import killed into new spans (held where it would commit, every row
# written: VIGIL_TEST_STOP) leaves nothing behind
B=k.db
vigil-import -q -A $B site.xml 1.gate.csv
"$top_builddir/bench/gengates" . 400000 5 1543622400 172800 >/dev/null
vigil-import -S -A $B -F csv >spans-before
sqlite3 $B .schema >schema-before
vigil-query -A $B -F csv >before
VIGIL_TEST_STOP=commit vigil-import -q -A $B 5.gate.csv &
pid=$!
t_held $pid "the import held before its commit"
# a query while the import runs sees the archive as it was, unblocked
t_run vigil-query -A $B -F csv
t_rc 0 "a query during an import"
t_same out before "sees the archive as it was"
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
t_ok $([ $? -ne 0 ]; echo $?) "the import was killed before it finished"
vigil-import -S -A $B -F csv >spans-after
sqlite3 $B .schema >schema-after
t_same spans-after spans-before "no span made by the killed import is left"
t_same schema-after schema-before "nor any table"
t_run sqlite3 -readonly $B "PRAGMA integrity_check"
t_out "ok" "the archive is whole"
t_run vigil-import -A $B 5.gate.csv
t_err "vigil-import: '5.gate.csv': imported 400000 gate events" "the file imports again"
t_run vigil-import -C -q -A $B
t_rc 0 "into whole spans"

# an archive of before spans (version 5): read after its migration, its
# rows in one span, "legacy", with the same answers as a new archive's
sqlite3 old.db <"$top_srcdir/tests/golden/archive-v5.sql"
vigil-import -q -A new.db "$DEMO/site.xml" "$DEMO/roster.csv" \
    "$DEMO/north.gate.csv" "$DEMO/edge.sightings.csv"
t_run vigil-query -A old.db
t_rc 1 "a version 5 archive is not read unmigrated"
t_err "vigil-query: 'old.db': archive needs an upgrade (version 5; this vigil reads 10 and later as they are): run vigil import on it, or on a copy where it must not be written" "says how"
# an upgrade is whole or nothing: the last migration (12) failing leaves
# the archive as it was, version 5
cp old.db old3.db
sqlite3 old3.db "CREATE INDEX person_status ON person(name)"
t_run vigil-import -A old3.db
t_rc 1 "an upgrade whose last migration fails"
t_err "vigil-import: migration 12: 'old3.db': index person_status already exists" \
    "names it"
t_run sqlite3 old3.db "PRAGMA user_version; SELECT count(*) FROM sqlite_schema
    WHERE name IN ('span', 'span_count', 'gate_event_legacy')"
t_out "5
0" "leaves the archive at its version, none of the migrations before it kept"
cp old.db old2.db
t_run vigil-import -A old2.db
t_rc 0 "vigil-import with no file"
t_err "vigil-import: 'old2.db': version $(sqlite3 new.db 'PRAGMA user_version'), as this vigil reads it; no file given, nothing imported; the site model learned again" \
    "upgrades the archive and says so (its model stored without what it was learned from: learned again)"
t_run vigil-query -A old2.db -F csv --gate G-N3
t_rc 0 "which then reads"
t_run vigil-import -q -A nosuch.db
t_rc 1 "with no file, a missing archive"
t_grep "nosuch.db" err "is named, not made"
test ! -e nosuch.db; t_ok $? "and not made"

# an archive of version 10 (migrations 11 and 12 undone: the counts, the
# index of the rows not granted, the roster's index by status, made from
# the rows) opened read-only is read as
# it is, with the upgraded archive's answers; a writer upgrades it, or,
# where it cannot write it, says so (vigil(7): the floor)
vigil-import -q -A new.db	# (its vigil-anomaly store)
sqlite3 new.db ".backup v10.db"
for f in new.db-look-*; do cp "$f" "v10.db-${f#new.db-}"; done
sqlite3 v10.db "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_schema WHERE
    type = 'index' AND name GLOB 'gate_event_*_refused'" | sqlite3 v10.db
sqlite3 v10.db "DROP TABLE span_count; DROP INDEX person_status; PRAGMA user_version = 10"
chmod 0400 v10.db
VIGIL_CASES=$PWD/cases VIGIL_OFFICER='Insp. Wang'
export VIGIL_CASES VIGIL_OFFICER
as_new() {	# as_new DESCRIPTION TOOL ARGS: v10.db's answer is new.db's
	d=$1 t=$2
	shift 2
	$t -A new.db "$@" >want 2>want.err
	t_run $t -A v10.db "$@"
	t_rc 0 "$d"
	sed 's/v10\.db/new.db/' err >got.err
	t_same out want "$d: the same rows"
	t_same got.err want.err "$d: the same messages"
}
as_new "a query" vigil-query -F csv
as_new "a track" vigil-track -F csv --from C017:T1569
as_new "the clocks' corrections" vigil-skew -l -F csv
as_new "the anomalies" vigil-anomaly -F csv
as_new "denied-burst in two hours (no counts kept: the rows read)" \
    vigil-anomaly -F csv --kind denied-burst --from '2018-11-20 20:00' \
    --to '2018-11-20 22:00'
t_run vigil-case -A v10.db new V10 --title 'Read as it is'
t_rc 0 "a case made"
t_run sqlite3 v10.db "PRAGMA user_version; SELECT count(*) FROM sqlite_schema
    WHERE name = 'span_count'"
t_out "10
0" "and not upgraded"
vigil-case -A new.db -c V10 show | grep -v '^custody entries' >want
t_run vigil-case -A v10.db -c V10 show
t_rc 0 "a case shown"
sed -i '/^custody entries/d' out
t_same out want "as on the upgraded archive (but its custody entries)"
sqlite3 v10.db "PRAGMA user_version = 9"
t_run vigil-query -A v10.db
t_rc 1 "a version 9 archive is not read unmigrated"
t_err "vigil-query: 'v10.db': archive needs an upgrade (version 9; this vigil reads 10 and later as they are): run vigil import on it, or on a copy where it must not be written" \
    "says which it reads, and how"
sqlite3 v10.db "PRAGMA user_version = 10"
if chattr +i v10.db 2>/dev/null; then
	t_run vigil-skew -A v10.db --set D-FIN=1s
	chattr -i v10.db
	t_rc 1 "a write to one it cannot write"
	t_err "vigil-skew: 'v10.db': archive needs an upgrade (version 10) to be written, and it cannot be written: run vigil import on a copy" \
	    "is refused, saying how"
fi
t_run vigil-skew -A v10.db --set D-FIN=1s
t_rc 0 "a writer upgrades it"
t_run sqlite3 v10.db "PRAGMA user_version"
t_out "$(sqlite3 new.db 'PRAGMA user_version')" "to this vigil's version"
t_run vigil-import -A old.db "$DEMO/north.gate.csv"
t_err "vigil-import: '$DEMO/north.gate.csv': already imported as 'north.gate.csv', nothing changed" \
    "vigil-import migrates it, and knows its files"
t_run vigil-import -S -A old.db -F csv
t_out "span,start,end,gates,sightings
legacy,2018-11-20T20:00:02+08:00,2018-11-21T02:31:02.000001+08:00,168,126" \
    "its rows are the legacy span"
vigil-query -A new.db -F csv | sed "s#$DEMO/##" >q-new
t_run vigil-query -A old.db -F csv
cp out q-old
t_same q-old q-new "queries answer as on a new archive"
# the entries' hours (vigil-anomaly's after-hours): counted by the
# migration as an import counts them
hours="SELECT d.code, h.hour, sum(h.n) FROM span_hour h JOIN device d ON
    d.id = h.device GROUP BY 1, 2 ORDER BY 1, 2; SELECT count(*), sum(length(
    hours)) FROM habit"
sqlite3 new.db "$hours" >h-new
t_run sqlite3 old.db "$hours"
t_same out h-new "the migration counts the entries' hours as an import does"
t_run sqlite3 new.db "SELECT sum(n) FROM span_hour; SELECT count(*) FROM
    gate_event WHERE result = 1 AND direction = 1; SELECT count(*) FROM
    (SELECT DISTINCT coalesce(person, card), d.zone FROM gate_event g JOIN
    device d ON d.id = g.gate WHERE result = 1 AND direction = 1 AND
    coalesce(person, card) IS NOT NULL)"
t_ok $([ "$(sed -n 1p out)" = "$(sed -n 2p out)" ] && [ "$(sed -n 3p out)" = \
    "$(sed -n '$p' h-new | cut -d'|' -f1)" ] ; echo $?) \
    "one count for each granted entry, a habit for each person and zone"
# each gate's events by ten seconds: counted by the migration (11) as an
# import counts them
t_counts new.db sum >c-new
t_counts old.db sum >out
t_ok $([ -s out ]; echo $?) "the migration counts gate events"
t_same out c-new "the migration counts the gate events as an import does"
# and gives a span indexed before its rows not granted had an index that
# index (vigil-anomaly's narrowed reads)
t_run sqlite3 old.db "SELECT count(*) FROM sqlite_schema WHERE type =
    'index' AND name GLOB 'gate_event_*_refused'"
t_out "1" "the migration indexes the span's rows not granted"
# and the roster by status (12: never-left's visitors, by one join)
t_run sqlite3 old.db "EXPLAIN QUERY PLAN SELECT id FROM person WHERE
    status = 'visitor'"
t_grep "USING COVERING INDEX person_status" out "the migration indexes the roster by status"
# counted in memory and written at each file's commit: two files count
# as one, and a file refused (rolled back) counts nothing
(sed -n 1,80p "$DEMO"/north.gate.csv) >h1.gate.csv
(sed -n 1p "$DEMO"/north.gate.csv; sed -n '81,$p' "$DEMO"/north.gate.csv) \
    >h2.gate.csv
(sed -n 1,40p "$DEMO"/north.gate.csv | sed 's/^2018-11-20/2018-11-19/'
 echo "2018-11-19T21:00:00+08:00,G-NOPE,P0012345,badge,,,in,granted,") \
    >bad.gate.csv
vigil-import -q -A halves.db "$DEMO"/site.xml || exit 1
t_run vigil-import -q -A halves.db h1.gate.csv bad.gate.csv h2.gate.csv
t_err "vigil-import: 'bad.gate.csv', line 41: unknown gate 'G-NOPE'
vigil-import: 'bad.gate.csv': not imported: 1 bad record" "the bad file refused, the others imported"
t_run sqlite3 halves.db "$hours"
t_same out h-new "the entries' hours of two files and a refused one are those of the one file"
# a gate's count of a day that cannot be read: a file of that day refused,
# and a merge, each naming the row
cp halves.db mal.db
(sed -n 1,2p h1.gate.csv | sed 's/^2018-11-20T[0-9:]*+/2018-11-19T23:58:00+/'
 ) >early.gate.csv
sed 's/T23:58:/T23:59:/' early.gate.csv >late.gate.csv
vigil-import -q -A mal.db early.gate.csv || exit 1
sqlite3 mal.db "UPDATE span_count SET c = X'80' WHERE day = 17854"
t_run vigil-import -q -A mal.db late.gate.csv
t_err "vigil-import: 'late.gate.csv': not imported: 'mal.db': span_count: a malformed row (span 3, gate 7, day 17854)" \
    "a malformed count refuses a file of its day, naming its span, gate and day"
t_run vigil-import -q -A mal.db -M 0
t_err "vigil-import: 'mal.db': span_count: a malformed row (span 3, gate 7, day 17854)" \
    "and a merge"
t_run vigil-import -C -A old.db
t_rc 0 "the legacy span checks whole"
"$top_builddir/bench/gengates" . 100 6 1542758400 3600 >/dev/null
sed -i 's/,G\([0-9]*\),/,G-N3,/' 6.gate.csv
t_run vigil-import -q -A old.db 6.gate.csv
t_rc 0 "new rows go to day spans beside it"
t_run vigil-import -S -A old.db -F csv
t_out "span,start,end,gates,sightings
legacy,2018-11-20T20:00:02+08:00,2018-11-21T02:31:02.000001+08:00,168,126
2018-11-21,2018-11-21T00:00:00+08:00,2018-11-22T00:00:00+08:00,100,0" \
    "a day span overlapping the legacy one"
t_run vigil-query -A old.db --gate G-N3 --from 2018-11-21T08:00 --to 2018-11-21T09:00 -F csv
t_ok $([ "$(($(wc -l <out) - 1))" -eq 100 ]; echo $?) "both read by one query"
# the site model learns from the newest two spans: walks of earlier days
# are not read again at each import
walks() {	# walks day count transit: P<day><i> from GA to GB, an hour apart
	i=0
	while [ $i -lt $2 ]; do
		printf '2018-11-%02dT%02d:00:00Z,GA,P%d%d,face,,,in,granted,0.9\n' $1 $((2 + i)) $1 $i
		printf '2018-11-%02dT%02d:00:%02dZ,GB,P%d%d,face,,,in,granted,0.9\n' $1 $((2 + i)) $3 $1 $i
		i=$((i + 1))
	done
}
{
	echo "time,gate,person,credential,card,plate,direction,result,score"
	walks 1 5 30
	walks 2 3 50
	walks 3 4 50
} >w123.gate.csv
{
	echo "time,gate,person,credential,card,plate,direction,result,score"
	walks 4 2 40
} >w4.gate.csv
t_run vigil-import -q -A w.db "$GOLD/walk-site.xml" w123.gate.csv
t_rc 0 "three days of walks import"
t_run sqlite3 w.db "SELECT json_extract(body, '\$.links[0].n'), json_extract(body, '\$.links[0].median') FROM model"
t_out "7|50.0" "the model's transits are the newest two days' walks"
t_run vigil-import -q -A w.db w4.gate.csv
t_run sqlite3 w.db "SELECT json_extract(body, '\$.links[0].n'), json_extract(body, '\$.links[0].median') FROM model"
t_out "6|50.0" "after a night's import: that day and the one before"
t_run sqlite3 w.db "SELECT json_extract(body, '\$.devices[0].n') || ' ' || json_extract(body, '\$.devices[1].n') FROM model"
t_out "14 14" "its device counts the whole archive's"


# an archive's path with control characters (an escape sequence, a ^A):
# shown as \xHH in every message of -C, -D, -K and in the library's errors,
# never sent raw to the terminal
E=$(printf 'e\033[31m\001.db')
cp old.db "$E"
t_run vigil-import -C -A "$E"
t_err "vigil-import: 'e\x1b[31m\x01.db': every span is whole" "-C: the path shown"
t_run vigil-import -D -A "$E" 2018-11-21
t_err "vigil-import: 'e\x1b[31m\x01.db': span '2018-11-21' dropped (100 gate events, 0 sightings)" \
    "-D: the path shown"
t_run vigil-import -K 1d -A "$E"
t_err "vigil-import: 'e\x1b[31m\x01.db': span 'legacy' dropped (168 gate events, 126 sightings)" \
    "-K: the path shown"
t_run vigil-query -A "x$E"
t_err "vigil-query: cannot open 'xe\x1b[31m\x01.db': No such file or directory (vigil import site.xml makes an archive)" \
    "a library error: the path shown"
t_done
