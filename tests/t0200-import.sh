#!/bin/sh
# t0200-import: native imports, duplicates, formats, zones, the source list
. "$top_srcdir/tests/lib.sh"

A=demo.db
sources() {	# the source list without the import times
	vigil-import -l -A $A -F csv | cut -d, -f1-7
}

t_run vigil-import -A $A "$DEMO/site.xml"
t_rc 0 "site imports"
t_err "vigil-import: '$DEMO/site.xml': imported 40 site items" "site count"

t_run vigil-import -A $A "$DEMO/roster.csv" "$DEMO/north.gate.csv" \
    "$DEMO/edge.sightings.csv"
t_rc 0 "roster, gates and sightings import"
t_err "vigil-import: '$DEMO/roster.csv': imported 41 people
vigil-import: '$DEMO/north.gate.csv': imported 168 gate events
vigil-import: '$DEMO/edge.sightings.csv': imported 126 sightings" "counts"
sources >before
# (the file's own: its journal, version, mark and indexes; the server's
# are t0236's)
if t_file; then
	t_run sqlite3 $A "PRAGMA journal_mode; PRAGMA user_version; PRAGMA application_id"
	t_out "wal
12
1447512396" "the archive is in WAL mode, at schema version 12, marked as vigil's"
	t_run sqlite3 $A "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'gate_event_20181120' ORDER BY name"
	t_out "gate_event_20181120_card_t
gate_event_20181120_gate_t
gate_event_20181120_passage_card
gate_event_20181120_passage_person
gate_event_20181120_person_t
gate_event_20181120_plate_t
gate_event_20181120_refused" "a bulk load leaves the indexes rebuilt"
	version="PRAGMA user_version"
	stop=end
else
	version="SELECT max(version) FROM vigil_schema"
	stop=stop
fi
t_run t_sql $A "SELECT name, start, $stop, gates, sightings FROM span ORDER BY start"
t_out "2018-11-20|1542643200000000|1542729600000000|166|125
2018-11-21|1542729600000000|1542816000000000|2|1" "a span per day of the site's zone"

t_run vigil-import -A $A "$DEMO/north.gate.csv"
t_rc 0 "importing a file again"
t_err "vigil-import: '$DEMO/north.gate.csv': already imported as '$DEMO/north.gate.csv', nothing changed" "says so"
cp "$DEMO/north.gate.csv" copy.gate.csv
t_run vigil-import -A $A copy.gate.csv
t_err "vigil-import: 'copy.gate.csv': already imported as '$DEMO/north.gate.csv', nothing changed" "the same bytes under another name"
sources >after
t_same after before "a repeated import changes nothing"
# each gate's events by ten seconds (vigil-anomaly's denied-burst),
# written with the rows, once
t_sql $A "SELECT s.id, gate, t / 10000000, count(*) FROM gate_event g
    JOIN span s ON g.t >= s.start AND g.t < s.$stop GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3" >counts-want
t_counts $A >out
t_same out counts-want "the gate events counted by span, gate and ten seconds, each once"
t_run vigil-query -A $A -F csv --kind gate
t_ok $(( $(wc -l <out) == 169 ? 0 : 1 )) "still 168 gate events"

sources | sed "s|$DEMO/||" >out
t_golden import-sources.csv "the source list: formats, rows, sizes, digests"

t_run vigil-import -q -A $A "$DEMO/site.xml"
t_rc 0 "-q"
t_same out /dev/null "-q prints nothing on stdout"
t_same err /dev/null "-q prints nothing on stderr"

# RFC 4180: a BOM, CRLF, quoted commas, quotes and newlines
printf '\357\273\277person,name,employer,status\r\nP9000001,"Ma, Li","Unit ""7""\r\nnight shift",visitor\r\nP9000002,王芳,,active\r\n' >r.roster.csv
t_run vigil-import -A $A r.roster.csv
t_rc 0 "a roster with a BOM, CRLF and quoted fields"
printf '\357\273\277time,gate,person,credential\r\n2018-11-20T23:00:00+08:00,G-N3,P9000001,face\r\n' >r.gate.csv
t_run vigil-import -A $A r.gate.csv
t_run vigil-query -A $A -F csv --person P9000001 --columns time,person,name
t_out 'time,person,name
2018-11-20T23:00:00+08:00,P9000001,"Ma, Li"' "the quoted name comes back whole"
t_run sources
t_ok $([ "$(tail -2 out | cut -d, -f1,2)" = "5,r.roster.csv
6,r.gate.csv" ]; echo $?) "the files imported again took no id (on a server too: its sequence's numbers, taken and dropped, left gaps)"

# local times are in the site's zone, or in -z
printf 'time,gate,person\n2018-11-22 08:00:00,G-N3,P9000002\n' >local.gate.csv
printf 'time,gate,person\n2018-11-22 08:00:00,G-L1,P9000002\n' >utc.gate.csv
vigil-import -q -A $A local.gate.csv
vigil-import -q -A $A -z UTC utc.gate.csv
t_run vigil-query -A $A -F csv --person P9000002 --columns time,device -z UTC
t_out 'time,device
2018-11-22T00:00:00+00:00,G-N3
2018-11-22T08:00:00+00:00,G-L1' "local times read in the site's zone and in -z UTC"

# the format is recognised by name, by content, or forced
printf 'camera,track,first\nC017,X1,2018-11-22T01:00:00Z\n' >cameras.csv
t_run vigil-import -A $A cameras.csv
t_err "vigil-import: 'cameras.csv': imported 1 sighting" "sightings recognised by their header"
printf 'person,name\nP9000003,周杰\n' >people.txt
t_run vigil-import -A $A -t roster people.txt
t_err "vigil-import: 'people.txt': imported 1 person" "-t roster forces the type"
printf 'hello\n' >notes.txt
t_run vigil-import -A $A notes.txt
t_rc 1 "an unknown format"
t_err "vigil-import: 'notes.txt': not a format vigil knows (site.xml, roster, *.gate.csv, *.sightings.csv, or a vendor's of vigil-formats(5))" "names the formats"
t_run vigil-import -A $A -t nosuch notes.txt
t_rc 2 "an unknown -t"
t_run vigil-import -A $A nonexistent.gate.csv
t_rc 1 "a missing file"
t_err "vigil-import: cannot open 'nonexistent.gate.csv': No such file or directory" "names it"

# logs need a site
cp "$DEMO/north.gate.csv" alone.gate.csv
t_run vigil-import -A fresh.db alone.gate.csv
t_rc 1 "a log before any site"
t_err "vigil-import: 'alone.gate.csv': the archive has no site description: import site.xml first" "says what to do"
# a site file that fails: the logs after it are refused in one message
head -c 3000 "$DEMO/site.xml" >cut.site.xml
for f in a b c d; do cp "$DEMO/north.gate.csv" $f.gate.csv; done
t_run vigil-import -A fresh2.db cut.site.xml a.gate.csv b.gate.csv c.gate.csv d.gate.csv
t_rc 1 "a broken site file, then four logs"
t_ok $([ ! -s out ]; echo $?) "nothing on stdout"
t_grep "^vigil-import: 'cut.site.xml', line " err "the site file's error"
t_grep "^vigil-import: 4 files not imported: the archive has no site description: 'cut.site.xml' failed above ('a.gate.csv', 'b.gate.csv', 'c.gate.csv' and 1 more)$" err "the logs refused once, with the reason"
t_ok $([ "$(grep -c 'no site description' err)" = 1 ]; echo $?) "said once, not once a file"

# one bad file does not stop the others
printf 'time,gate\nbad,G-N3\n' >bad.gate.csv
printf 'time,gate\n2018-11-23T00:00:00Z,G-N3\n' >good.gate.csv
t_run vigil-import -A $A bad.gate.csv good.gate.csv
t_rc 1 "a bad file among good ones fails the run"
t_grep "'good.gate.csv': imported 1 gate event" err "the good file still lands"

t_run vigil-import
t_rc 2 "no archive"
t_err "vigil-import: no archive: give -A ARCHIVE or set VIGIL_ARCHIVE" "says how to name one"
t_run env VIGIL_ARCHIVE=$A vigil-import good.gate.csv
t_rc 0 "VIGIL_ARCHIVE names the archive"
t_run vigil-import -A $A
t_rc 0 "no files: the archive as it is"
t_err "vigil-import: '$A': version $(t_sql $A "$version"), as this vigil reads it; no file given, nothing imported" \
    "says its version and that nothing was imported"

# a busy archive: while another connection writes, queries answer (WAL);
# a second import waits, then says why; a reader locked out says why (a
# file's locks: a server's writers in turn are t0239's)
if t_file; then
	vigil-import -q -A busy.db "$DEMO/site.xml" "$DEMO/roster.csv" || exit 1
	cp busy.db locked.db
	sqlite3 locked.db "PRAGMA journal_mode = DELETE" >/dev/null
	printf 'time,gate,person\n2018-11-25T10:00:00Z,G-N3,P0012345\n' >late.gate.csv
	# each writer holds its lock until this test says release, however slow
	# the machine (a sanitizer build, a loaded CI host)
	hold='.shell while [ ! -e release ]; do sleep 0.1; done'
	sqlite3 busy.db "BEGIN IMMEDIATE" "INSERT INTO meta VALUES ('held', 1)" \
	    ".shell touch held1" "$hold" "ROLLBACK" &
	w1=$!
	sqlite3 locked.db "BEGIN EXCLUSIVE" "INSERT INTO meta VALUES ('held', 1)" \
	    ".shell touch held2" "$hold" "ROLLBACK" &
	w2=$!
	while [ ! -e held1 ] || [ ! -e held2 ]; do sleep 0.1; done
	vigil-query -A locked.db -F csv --person P0012345 >out2 2>err2 &
	r2=$!
	t_run vigil-query -A busy.db -F csv --person P0012345 --columns person
	t_rc 0 "a query while another connection writes"
	t_out "person" "answers"
	t_run vigil-import -A busy.db late.gate.csv
	t_rc 1 "a second import while one runs"
	t_err "vigil-import: 'late.gate.csv': not imported: 'busy.db': busy: another import is writing to it (waited 10 s); try again when it is done" \
	    "waits, then says why"
	wait $r2
	rc=$?
	mv out2 out; mv err2 err
	t_rc 1 "a query locked out of an archive being written in rollback mode"
	t_err "vigil-query: 'locked.db': busy: an import is writing to it (waited 10 s); try again when it is done" \
	    "says why"
	touch release
	wait $w1 $w2
	t_run vigil-import -A busy.db late.gate.csv
	t_rc 0 "the import, once the archive is free"
fi
# the same events in another of vigil's own files (an export copied, two
# exports that overlap): those another file gave are left out and
# counted, as for vendors' files; a file's own second of two identical
# rows (two reads in one second) is kept when the other file gave one
fresh() { rm -f "$1"; vigil-import -q -A "$1" "$DEMO/site.xml" "$DEMO/roster.csv" || exit 1; }
fresh tw.db
vigil-import -q -A tw.db "$DEMO/north.gate.csv" "$DEMO/edge.sightings.csv" || exit 1
{ head -1 "$DEMO/north.gate.csv"; sed -n '2,11p' "$DEMO/north.gate.csv"; sed -n 2p "$DEMO/north.gate.csv"
  printf '2018-11-21T09:00:00+08:00,D-FIN,P0012377,badge,8800111,,in,granted,\n'; } >overlap.gate.csv
{ head -1 "$DEMO/edge.sightings.csv"; sed -n '2,6p' "$DEMO/edge.sightings.csv"
  printf 'C017,T9001,2018-11-21T09:00:00,2018-11-21T09:00:05,person,,,,blue,grey,,,,,,\n'; } >overlap.sightings.csv
t_run vigil-import -A tw.db overlap.gate.csv overlap.sightings.csv
t_rc 0 "files that repeat another's events"
t_err "vigil-import: 'overlap.gate.csv': imported 2 gate events; 10 already in the archive, left out
vigil-import: 'overlap.sightings.csv': imported 1 sighting; 5 already in the archive, left out" \
    "ten gate events and five sightings given before, a new one of each stored, and a second read"
t_run vigil-query -A tw.db -F csv --kind gate --gate D-FIN --columns time,person,source --to 2018-11-20T20:00:03
t_out "time,person,source
2018-11-20T20:00:02+08:00,P0012377,$DEMO/north.gate.csv:2
2018-11-20T20:00:02+08:00,P0012377,overlap.gate.csv:12" "the first file's row, and this file's second of two"
t_run vigil-query -A tw.db -F csv --columns time,device,source --from 2018-11-21T08:00:00
t_out "time,device,source
2018-11-21T09:00:00+08:00,D-FIN,overlap.gate.csv:13
2018-11-21T09:00:00+08:00,C017,overlap.sightings.csv:7" "the new rows"
# an export copied under another name, its line ends made CRLF (another
# file to its digest): nothing of it is stored twice
sed 's/$/\r/' "$DEMO/north.gate.csv" >copy.gate.csv
sed 's/$/\r/' "$DEMO/edge.sightings.csv" >copy.sightings.csv
fresh tw2.db
vigil-import -q -A tw2.db "$DEMO/north.gate.csv" "$DEMO/edge.sightings.csv" || exit 1
t_run vigil-import -A tw2.db copy.gate.csv copy.sightings.csv
t_rc 0 "a copy of each export"
t_err "vigil-import: 'copy.gate.csv': imported 0 gate events; 168 already in the archive, left out
vigil-import: 'copy.sightings.csv': imported 0 sightings; 126 already in the archive, left out" "every row left out"

# a site is read once, from the descriptor its digest is read from: one
# changed in place (its time of change put back) after it was read, while
# the read is held three seconds (strace's fault injection), is imported as
# read and its digest is of those bytes, not of the file as it is now
# (a file's import: on a server, pgrep would find the test's wrapper)
if t_file && strace -o /dev/null true 2>/dev/null &&
    command -v pgrep >/dev/null; then
	rm -f s.db
	{ cat "$DEMO/site.xml"; printf '<!-- %01048576d -->\n' 0; } >big.xml
	cp -p big.xml orig.xml
	# (LeakSanitizer cannot run under ptrace: no leak check there)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -o /dev/null -P big.xml -e trace=read,pread64 \
	    -e inject=read,pread64:delay_exit=3000000:when=2 \
	    vigil-import -q -A s.db big.xml 2>strace.err &
	spid=$!
	i=0
	while [ -z "$(pgrep -P $spid)" ] && [ $i -lt 400 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	t_read_past "$(pgrep -P $spid)" "$(wc -c <orig.xml)" "the site read whole, its next read held"
	printf 'X' | dd of=big.xml bs=1 seek=$(($(wc -c <orig.xml) - 100)) \
	    conv=notrunc 2>/dev/null
	touch -r orig.xml big.xml
	wait $spid
	t_ok $? "a site changed in place while it was read is imported"
	t_ok $([ "$(t_sql s.db "SELECT sha256 || ' ' || rows FROM source")" = \
	    "$(sha256sum <orig.xml | cut -d' ' -f1) 40" ]; echo $?) \
	    "with the digest of the bytes it read"
	t_ok $(cmp -s orig.xml big.xml; [ $? -eq 1 ]; echo $?) "(the file was changed)"
else
	for i in 1 2 3 4; do
		echo "ok # SKIP strace cannot trace here"
		t_n=$((t_n + 1))
	done
fi
t_done
