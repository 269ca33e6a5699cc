#!/bin/sh
# t0247-compact: closed spans merged into a week's or a month's
# (vigil-import -M): every row, id, raw time and source as before, as the
# tools and the views read them; the look's answers, re-imports and twins
# as before; checked whole; late rows into a merged span; retention by
# whole spans; a merge held by a test's stop: a query reads the days, a
# second merge, a drop, retention and an import into its spans fail
# naming it (or wait, -w), an import elsewhere goes in; killed after its
# copies or inside its last transaction it leaves the archive as it was,
# and the next merge takes its stale lock over and drops what it left;
# another pid namespace's or boot's lock is not taken over
. "$top_srcdir/tests/lib.sh"

dump() {	# dump ARCHIVE: every row as vigil-query and the shell read it
	vigil-query -A "$1" -F csv
	sqlite3 -readonly "$1" "SELECT * FROM gate_event ORDER BY id;
SELECT id, camera, track, first, last, kind, person, score, plate, upper,
 lower, attrs, x, y, w, h, hex(embedding), source, line FROM sighting
 ORDER BY id;
SELECT * FROM source ORDER BY id;
SELECT source, sum(rows) FROM source_span GROUP BY 1 ORDER BY 1;
SELECT device, sum(n), sum(named) FROM span_device GROUP BY 1 ORDER BY 1;
SELECT device, hour, sum(n) FROM span_hour GROUP BY 1, 2 ORDER BY 1, 2;
SELECT * FROM event_no ORDER BY 1, 2;
SELECT * FROM habit ORDER BY 1, 2"
	t_counts "$1" sum
}

plain() {	# err with the holder's pid (PID) and start made plain
	sed "s/pid $1 on host '[^']*' (\([^)]*\) since [^)]*)/pid P on host H (\1 since T)/" err
}

# the demo: gate events and sightings on two days of one week
A=d.db
cp "$DEMO"/site.xml "$DEMO"/*.csv .
vigil-import -q -A $A site.xml roster.csv north.gate.csv edge.sightings.csv ||
    exit 1
cp $A u.db
dump $A >before
t_ok $([ "$(wc -l <before)" -gt 400 ]; echo $?) "(the demo's rows to compare)"
looks() {	# looks ARCHIVE: search by look, a person's rows, a gate's hour
	vigil-query -A "$1" -F tsv --like C017:T1569 -n 40
	vigil-query -A "$1" -F tsv --like C017:T1569 -n 5 --from \
	    2018-11-20T21:14 --to 2018-11-20T21:16
	vigil-query -A "$1" -F csv --person P0012377
	vigil-query -A "$1" -F csv --gate D-FIN --from 2018-11-20T20:00 --to \
	    2018-11-20T21:00
}
looks $A >looks-before 2>&1
# a merge killed inside its last transaction: the days and their vector
# files answer, during and after, as before
cp $A v.db && cp $A-look-2018-11-20 v.db-look-2018-11-20 &&
    cp $A-look-2018-11-21 v.db-look-2018-11-21 || exit 1
held merge-commit v.db
looks v.db >looks-during 2>&1
t_same looks-during looks-before "at a merge's last step, the look, a person and a gate's hour answer from the days"
kill -9 $pid
wait $pid 2>/dev/null
looks v.db >looks-during 2>&1
t_same looks-during looks-before "and as before once it is killed there"
# killed after writing the week's vector file ahead, under the merge's
# name: no reader's; the next merge removes it (this one removed the
# week's file the merge killed in its last transaction had put in place)
held merge-vectors v.db
t_ok $([ -s v.db-merging_2018W47-look ] && [ ! -e v.db-look-2018-W47 ]
    echo $?) "the week's vector file is written ahead under the merge's name"
kill -9 $pid
wait $pid 2>/dev/null
looks v.db >looks-during 2>&1
t_same looks-during looks-before "killed there, the days answer as before"
t_run vigil-import -M 0d -A $A
t_rc 0 "-M 0d merges the closed week"
t_err "vigil-import: 'd.db': 2 spans merged into span '2018-W47' (168 gate events, 126 sightings)" \
    "and says into what"
t_run vigil-import -S -A $A -F csv
t_out "span,start,end,gates,sightings
2018-W47,2018-11-20T00:00:00+08:00,2018-11-22T00:00:00+08:00,168,126" \
    "one span of the two days' time"
t_run sqlite3 $A "SELECT name FROM sqlite_schema WHERE name GLOB 'gate_event_*' OR name GLOB 'sighting_*' ORDER BY 1"
t_out "gate_event_2018W47
gate_event_2018W47_card_t
gate_event_2018W47_gate_t
gate_event_2018W47_passage_card
gate_event_2018W47_passage_person
gate_event_2018W47_person_t
gate_event_2018W47_plate_t
gate_event_2018W47_refused
sighting_2018W47
sighting_2018W47_camera_first
sighting_2018W47_person_first
sighting_2018W47_plate_first
sighting_2018W47_track" "the days' tables gone, the week's with every index"
t_ok $([ -s $A-look-2018-W47 ] && [ ! -e $A-look-2018-11-20 ] &&
    [ ! -e $A-look-2018-11-21 ]; echo $?) "one vector file, the days' removed"
dump $A >after
t_same after before "every row, id, time, source and count as before"
vigil-import -q -M 0d -A v.db
t_ok $([ ! -e v.db-merging_2018W47-look ] &&
    cmp -s v.db-look-2018-W47 $A-look-2018-W47; echo $?) \
    "the next merge removes the file written ahead, and writes the same one"
looks $A >looks-after 2>&1
t_same looks-after looks-before "the look, a person and a gate's hour answer as before"
# the week's vector file: one segment, its sightings by time (ids by
# time, as the readers rely on) though their ids run against it (a
# day's file in reverse, the later day imported first)
{ head -n 1 "$DEMO"/edge.sightings.csv
  grep ',2018-11-21T[^,]*,2018' "$DEMO"/edge.sightings.csv
  grep ',2018-11-20T[^,]*,2018' "$DEMO"/edge.sightings.csv | sort -r; } >o.sightings.csv
vigil-import -q -A o.db site.xml o.sightings.csv && vigil-import -q -M 0d -A o.db ||
    exit 1
set -- $(od -An -t d8 -j 16 -N 16 o.db-look-2018-W47)
od -An -v -t d8 -w8 -j 48 -N $((8 * $1)) o.db-look-2018-W47 >first
od -An -v -t d8 -w8 -j $((48 + 16 * $1)) -N $((8 * $1)) o.db-look-2018-W47 |
    paste -d' ' first - | tr -s ' ' | sed 's/^ //' >got
sqlite3 -separator ' ' o.db "SELECT first, id FROM sighting ORDER BY first, id" >want
t_same got want "the merged week's vector file holds its sightings by time"
sqlite3 -separator ' ' o.db "SELECT first, id FROM sighting ORDER BY id" >byid
t_ok $([ $(wc -l <want) -eq 126 ] && [ "$2" -eq "$(stat -c %s o.db-look-2018-W47)" ] &&
    ! cmp -s want byid; echo $?) "(one segment of 126; their ids against their times)"
t_run vigil-import -C -A $A
t_err "vigil-import: 'd.db': every span is whole" "-C: the merged span is whole"
t_run vigil-import -M 0d -A $A
t_err "vigil-import: 'd.db': no closed week holds two spans or more, nothing merged" \
    "a second -M finds nothing to do"

# copies (-O): a merged week into an archive that holds its days already
# is the same; into an empty one, its rows go to days there
vigil-import -q -O c1.db -A u.db || exit 1
t_run vigil-import -O c1.db -A $A
t_rc 0 "-O of the merged week into a copy of its days"
t_err "vigil-import: 'c1.db': holds what 'd.db' has already (1 span), nothing copied" \
    "is the same already"
t_run vigil-import -O c2.db -A $A
t_rc 0 "-O of the merged week into a new archive"
vigil-query -A c2.db -F csv >got
vigil-query -A u.db -F csv >want
t_same got want "its rows read there as in the archive of days"
t_run vigil-import -O c2.db -A u.db
t_err "vigil-import: 'c2.db': holds what 'u.db' has already (2 spans), nothing copied" \
    "and the days copied again into it are the same"

# re-imports and twins: as in the archive never merged
for a in $A u.db; do
	vigil-import -A $a north.gate.csv 2>&1
	head -40 north.gate.csv >twins.gate.csv
	vigil-import -A $a twins.gate.csv 2>&1
done >reimport
t_run sed -n 's/^vigil-import: //p' reimport
t_out "'north.gate.csv': already imported as 'north.gate.csv', nothing changed
'twins.gate.csv': imported 0 gate events; 39 already in the archive, left out
'north.gate.csv': already imported as 'north.gate.csv', nothing changed
'twins.gate.csv': imported 0 gate events; 39 already in the archive, left out" \
    "a file again is a no-op, another file's twins are left out"

# a file that gave a camera one track on two of its days: left as it was
printf 'camera,track,first\nC017,T9,2018-11-20T10:00:00\nC017,T9,2018-11-21T10:00:00\n' >t9.sightings.csv
vigil-import -q -A u.db t9.sightings.csv || exit 1
dump u.db >before
t_run vigil-import -M 0d -A u.db
t_rc 0 "-M where one file's track is on two days"
t_err "vigil-import: 'u.db': the spans of 2018-W47 not merged: a file gave a camera one track on two of its days" \
    "leaves the week as it was, and says why"
dump u.db >after
t_same after before "its rows untouched"

# three weeks of gate events: by month, by week; late rows
"$top_builddir/bench/gengates" . 3000 1 1541030400 1728000 >/dev/null
vigil-import -q -A g.db site.xml 1.gate.csv || exit 1
cp g.db m.db
dump g.db >before
t_run vigil-import -M 0d --into month -A m.db
t_err "vigil-import: 'm.db': 21 spans merged into span '2018-11' (3000 gate events, 0 sightings)" \
    "--into month"
dump m.db >after
t_same after before "every row as before"
t_run vigil-import -q -M 0d -A g.db
t_run vigil-import -S -A g.db -F csv
t_out "span,start,end,gates,sightings
2018-W44,2018-11-01T00:00:00+08:00,2018-11-05T00:00:00+08:00,550,0
2018-W45,2018-11-05T00:00:00+08:00,2018-11-12T00:00:00+08:00,1050,0
2018-W46,2018-11-12T00:00:00+08:00,2018-11-19T00:00:00+08:00,1050,0
2018-W47,2018-11-19T00:00:00+08:00,2018-11-22T00:00:00+08:00,350,0" \
    "by week: a span a week, from its first day's start to its last's end"
dump g.db >after
t_same after before "every row as before"
"$top_builddir/bench/gengates" . 200 2 1541520000 86400 >/dev/null
t_run vigil-import -A g.db 2.gate.csv
t_err "vigil-import: '2.gate.csv': imported 200 gate events" "late rows of a merged week"
t_run sqlite3 g.db "SELECT name, gates FROM span WHERE name = '2018-W45'; SELECT count(*) FROM gate_event_2018W45"
t_out "2018-W45|1250
1250" "go to its span"
vigil-import -q -A fresh.db site.xml 1.gate.csv 2.gate.csv || exit 1
vigil-query -A fresh.db -F csv >want
vigil-query -A g.db -F csv >got
t_same got want "and read as in an archive of days"
t_run vigil-import -C -A g.db
t_rc 0 "-C after late rows"
t_run vigil-import -q -D -A g.db 2018-W45
t_run vigil-import -A g.db 2.gate.csv
t_err "vigil-import: '2.gate.csv': imported 200 gate events" \
    "-D of a merged span: its files import again"

# with files: merged after the night's import
"$top_builddir/bench/gengates" . 300 4 1542585600 172800 >/dev/null
t_run vigil-import -M 0d -A n.db site.xml 4.gate.csv
t_rc 0 "-M with files"
t_err "vigil-import: 'site.xml': imported 201 site items
vigil-import: '4.gate.csv': imported 300 gate events
vigil-import: 'n.db': 3 spans merged into span '2018-W47' (300 gate events, 0 sightings)" \
    "imports them, then merges"

# retention: a merged week is dropped only when all of it is past the bound
now=$(date +%s)
"$top_builddir/bench/gengates" . 2000 5 $((now - 40 * 86400)) $((30 * 86400)) >/dev/null
vigil-import -q -A r.db site.xml 5.gate.csv || exit 1
t_run vigil-import -q -M 14d -A r.db
t_rc 0 "-M 14d"
set -- $(sqlite3 r.db "SELECT name, start / 1000000, end / 1000000, gates FROM span WHERE name GLOB '*-W*' ORDER BY start LIMIT 1" | tr '|' ' ')
t_ok $([ -n "$1" ] && [ "$(sqlite3 r.db "SELECT count(*) FROM span WHERE end > ($now - 14 * 86400) * 1000000 AND name GLOB '*-W*'")" -eq 0 ]; echo $?) \
    "only weeks ended 14 days ago merged ($1 the first)"
t_run vigil-import -K $((now - $2 - 86400))s -A r.db
t_rc 0 "-K with the bound a day into the week"
t_ok $([ "$(sqlite3 r.db "SELECT count(*) FROM span WHERE name = '$1'")" -eq 1 ]; echo $?) \
    "keeps the week whole"
t_run vigil-import -K $((now - $3 - 1))s -A r.db
t_err "vigil-import: 'r.db': span '$1' dropped ($4 gate events, 0 sightings)" \
    "drops it when all of it is past the bound"

# a merge held at known points (VIGIL_TEST_STOP names one: it stops
# itself there, SIGSTOP): one writer of the spans' structure at a time
"$top_builddir/bench/gengates" . 3000 3 1543766400 604800 >/dev/null
vigil-import -q -A k.db site.xml 3.gate.csv || exit 1
cp k.db k0.db
dump k.db >before
vigil-import -S -A k.db -F csv >spans-before
held merge-copied k.db
vigil-query -A k.db -F csv >during
head -n 3001 before >rows-before
t_same during rows-before "a query while a merge runs reads every row as before"
t_run vigil-import -M 0d -A k.db
t_rc 1 "a second merge beside it fails at once"
plain $pid >got
echo "vigil-import: 'k.db': not merged: the spans are locked by pid P on host H (merging 2018-W49 since T)" >want
t_same got want "naming the holder"
t_run vigil-import -w 1 -D -A k.db 2018-12-04
t_rc 1 "-D beside it fails, with -w 1 after a second"
plain $pid >got
echo "vigil-import: 'k.db': no span dropped: the spans are locked by pid P on host H (merging 2018-W49 since T), waited 1 s" >want
t_same got want "and says so"
t_run vigil-import -K 0d -A k.db
t_rc 1 "-K beside it fails"
"$top_builddir/bench/gengates" . 20 6 1543800000 3600 >/dev/null
t_run vigil-import -A k.db 6.gate.csv
t_rc 1 "an import into a span being merged fails"
plain $pid >got
echo "vigil-import: '6.gate.csv': not imported: 'k.db': span '2018-12-03' not written: the spans are locked by pid P on host H (merging 2018-W49 since T)" >want
t_same got want "naming the span and the holder"
"$top_builddir/bench/gengates" . 20 7 1544400000 3600 >/dev/null
t_run vigil-import -A k.db 7.gate.csv
t_err "vigil-import: '7.gate.csv': imported 20 gate events" \
    "an import into another span goes in"
vigil-import -q -w 20 -A k.db 6.gate.csv 2>err6 &
ipid=$!
sleep 0.3
kill -CONT $pid
wait $pid
t_ok $? "the merge held ends well"
wait $ipid
t_ok $? "the import with -w waited for it"
t_run vigil-import -S -A k.db -F csv
t_out "span,start,end,gates,sightings
2018-W49,2018-12-03T00:00:00+08:00,2018-12-10T00:00:00+08:00,3020,0
2018-12-10,2018-12-10T00:00:00+08:00,2018-12-11T00:00:00+08:00,20,0" \
    "the week merged, then the waiting file's rows in it"
t_run sqlite3 k.db "SELECT count(*) FROM meta WHERE key = 'lock' OR key GLOB 'merging *'"
t_out 0 "no lock, no mark left"

# killed inside its last transaction: the archive as before
cp k0.db k.db
held merge-commit k.db
vigil-query -A k.db -F csv >during
t_same during rows-before "a query at the merge's last step reads the days"
kill -9 $pid
wait $pid 2>/dev/null
vigil-import -S -A k.db -F csv >spans-after
t_same spans-after spans-before "killed there, the days' spans as they were"
dump k.db >after
t_same after before "and every row"
# killed after its copies: its tables unnamed, its lock stale
held merge-copied k.db
kill -9 $pid
wait $pid 2>/dev/null
t_run sqlite3 k.db "SELECT count(*) FROM gate_event_2018W49; SELECT value FROM meta WHERE key = 'merging _2018W49'"
t_out "3000
2018-W49" "a merge killed after its copies leaves its week's table unnamed"
# (and what an older merge left, which the next drops too)
sqlite3 k.db "CREATE TABLE gate_event_2018W50 (id INTEGER PRIMARY KEY, t);
INSERT INTO meta VALUES ('merging _2018W50', '2018-W50')" || exit 1
vigil-import -S -A k.db -F csv >spans-after
t_same spans-after spans-before "the days' spans as they were"
dump k.db >after
t_same after before "and every row"
t_run vigil-import -C -A k.db
t_err "vigil-import: 'k.db': every span is whole" "checked whole"
t_run vigil-import -M 0d -A k.db
plain $pid >got
echo "vigil-import: 'k.db': the lock of pid P on host H (merging 2018-W49 since T) taken over: that process is gone
vigil-import: 'k.db': 7 spans merged into span '2018-W49' (3000 gate events, 0 sightings)" >want
t_same got want "the next merge takes its stale lock over and says so, and merges"
t_run sqlite3 k.db "SELECT name FROM sqlite_schema WHERE name GLOB 'gate_event_*' ORDER BY 1; SELECT count(*) FROM meta WHERE key GLOB 'merging *' OR key = 'lock'"
t_out "gate_event_2018W49
gate_event_2018W49_card_t
gate_event_2018W49_gate_t
gate_event_2018W49_passage_card
gate_event_2018W49_passage_person
gate_event_2018W49_person_t
gate_event_2018W49_plate_t
gate_event_2018W49_refused
0" "what the killed merges left dropped, the week's tables whole"
dump k.db >after
t_same after before "every row as before"
# a lock of another host's process: not judged, not taken
sqlite3 k0.db "INSERT INTO meta VALUES ('lock', '1 1543766400000000 0 0 far-away merging spans')" || exit 1
t_run vigil-import -M 0d -A k0.db
t_err "vigil-import: 'k0.db': not merged: the spans are locked by pid 1 on host 'far-away' (merging spans since 2018-12-03T00:00:00+08:00)" \
    "another host's lock is not taken over"
# one of this host whose pid is gone here, judged only in its own pid
# namespace and boot: a container's (another namespace) or one that
# names neither (an older vigil's) is another's; an earlier boot's is
# gone whatever its pid
true & dead=$!
wait $dead
h=$(uname -n) ns=$(stat -L -c %i /proc/self/ns/pid)
boot=$(cat /proc/sys/kernel/random/boot_id)
since="(merging spans since 2018-12-03T00:00:00+08:00)"
for w in "$h/1/$boot:of pid namespace 1 " \
    "$h:of a pid namespace not written "; do
	sqlite3 k0.db "REPLACE INTO meta VALUES ('lock', '$dead 1543766400000000 0 0 ${w%%:*} merging spans')" ||
	    exit 1
	t_run vigil-import -K 36500d -A k0.db
	t_err "vigil-import: 'k0.db': no span dropped by age: the spans are locked by pid $dead ${w#*:}on host '$h' $since" \
	    "a lock ${w#*:}not taken over"
done
sqlite3 k0.db "REPLACE INTO meta VALUES ('lock', '$$ 1543766400000000 0 0 $h/1/0-0 merging spans')" ||
    exit 1
t_run vigil-import -K 36500d -A k0.db
t_err "vigil-import: 'k0.db': the lock of pid $$ of boot 0-0 on host '$h' $since taken over: that process is gone" \
    "an earlier boot's lock is taken over, though its pid runs now"
sqlite3 k0.db "REPLACE INTO meta VALUES ('lock', '$dead 1543766400000000 0 0 $h/$ns/$boot merging spans')" ||
    exit 1
t_run vigil-import -K 36500d -A k0.db
t_err "vigil-import: 'k0.db': the lock of pid $dead on host '$h' $since taken over: that process is gone" \
    "of our namespace and boot, a gone pid's lock is taken over"

t_run vigil-import -M 1d -D -A k.db 2018-W49
t_rc 2 "-M with -D"
t_run vigil-import --into year -M 1d -A k.db
t_rc 2 "--into year"
t_run vigil-import --into week -A k.db
t_rc 2 "--into without -M"
t_done
