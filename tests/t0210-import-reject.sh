#!/bin/sh
# t0210-import-reject: every bad record is named; a bad file changes nothing
. "$top_srcdir/tests/lib.sh"

A=a.db
vigil-import -q -A $A "$DEMO/site.xml" "$DEMO/roster.csv" \
    "$DEMO/edge.sightings.csv" || exit 1
dump() { t_dump $A >"$1"; }
dump pristine

G='time,gate,person,credential,card,plate,direction,result,score'
S='camera,track,first,last,kind,person,score,plate,upper,lower,attrs,x,y,w,h,embedding'
OK='2018-11-20T21:00:00+08:00,G-N3,P0012345,face,,,in,granted,0.9'

# reject FILE REASON DESCRIPTION: importing FILE fails with exactly that
# line-numbered reason, and the archive is as it was
reject() {
	t_run vigil-import -A $A "$1"
	t_rc 1 "$3"
	t_err "vigil-import: '$1', $2
vigil-import: '$1': not imported: 1 bad record" "$3: message"
	dump now
	t_same now pristine "$3: archive unchanged"
}

printf '%s\n%s\n%s\n' "$G" "$OK" '2018-11-20T21:00:01+08:00,G-X9,,face,,,in,granted,0.5' >g1.gate.csv
reject g1.gate.csv "line 3: unknown gate 'G-X9'" "an unknown gate"
printf '%s\n%s\n' "$G" '2018-11-20T21:00:01+08:00,C017,,face,,,in,granted,0.5' >g2.gate.csv
reject g2.gate.csv "line 2: 'C017' is a camera, not a gate" "a camera where a gate belongs"
printf '%s\n%s\n' "$G" '2018-13-20T21:00:01+08:00,G-N3,,face,,,in,granted,0.5' >g3.gate.csv
reject g3.gate.csv "line 2: bad time '2018-13-20T21:00:01+08:00': month out of range" "a month that does not exist"
printf '%s\n%s\n' "$G" 'yesterday,G-N3,,face,,,in,granted,0.5' >g4.gate.csv
reject g4.gate.csv "line 2: bad time 'yesterday': not an ISO 8601 time" "a time that does not parse"
# one rule of plausible time for every format: not before 2000, not more
# than a day after the import
printf '%s\n%s\n' "$G" '1969-12-31T23:59:59Z,G-N3,,face,,,in,granted,0.5' >p1.gate.csv
reject p1.gate.csv "line 2: time 1970-01-01T07:59:59+08:00 is before 2000: not a time a device recorded (a clock reset?)" "a time of 1969"
printf '%s\n%s\n' "$G" '2100-01-01T00:00:00Z,G-N3,,face,,,in,granted,0.5' >p2.gate.csv
t_run vigil-import -A $A p2.gate.csv
t_rc 1 "a time in 2100"
t_grep "^vigil-import: 'p2.gate.csv', line 2: time 2100-01-01T08:00:00+08:00 is more than a day after this import (20[0-9-]*T[0-9:]*+08:00): a clock set ahead?\$" err "is refused, naming the import's time"
printf '%s\n%s\n' "$S" 'C017,T1,1999-06-01T00:00:00Z,,face,,0.9,,,,,,,,,' >p3.sightings.csv
reject p3.sightings.csv "line 2: first 1999-06-01T08:00:00+08:00 is before 2000: not a time a device recorded (a clock reset?)" "a sighting from 1999"
printf '%s\n%s\n' "$G" '2018-11-20T21:00:01+08:00,G-N3,,face,,,in,granted,1.5' >g5.gate.csv
reject g5.gate.csv "line 2: score '1.5' outside 0..1" "a score above 1"
printf '%s\n%s\n' "$G" '2018-11-20T21:00:01+08:00,G-N3,,face,,,in,granted,-0.1' >g6.gate.csv
reject g6.gate.csv "line 2: score '-0.1' outside 0..1" "a score below 0"
printf '%s\n%s\n' "$G" '2018-11-20T21:00:01+08:00,G-N3,,face,,,in,granted,high' >g7.gate.csv
reject g7.gate.csv "line 2: bad score 'high': not a number" "a score that is not a number"
printf '%s\n%s\n' "$G" '2018-11-20T21:00:01+08:00,G-N3,,iris,,,in,granted,' >g8.gate.csv
reject g8.gate.csv "line 2: unknown credential 'iris'" "an unknown credential"
printf '%s\n%s\n' "$G" '2018-11-20T21:00:01+08:00,G-N3,,face,,,sideways,granted,' >g9.gate.csv
reject g9.gate.csv "line 2: unknown direction 'sideways'" "an unknown direction"
printf '%s\n%s\n' "$G" '2018-11-20T21:00:01+08:00,G-N3,,face,,,in,maybe,' >g10.gate.csv
reject g10.gate.csv "line 2: unknown result 'maybe'" "an unknown result"
printf '%s\n%s\n' "$G" '2018-11-20T21:00:01+08:00,G-N3,,face,,in,granted,' >g11.gate.csv
reject g11.gate.csv "line 2: expected 9 fields, found 8" "a short record"
printf '%s\n2018-11-20T21:00:01+08:00,G-N3,P\377\376,face,,,in,granted,\n' "$G" >g12.gate.csv
reject g12.gate.csv "line 2: invalid UTF-8 in column 'person'" "invalid UTF-8"
printf '%s\n%s\n' "$G" ',G-N3,,face,,,in,granted,' >g13.gate.csv
reject g13.gate.csv "line 2: missing time" "an empty time"
{ printf '%s\n%s\n2018-11-20T21:00:01+08:00,G-N3,' "$G" "$OK"
  head -c 1100000 /dev/zero | tr '\0' x; printf ',face,,,in,granted,\n'; } >g14.gate.csv
reject g14.gate.csv "line 3: line longer than 1048576 bytes" "a line of absurd length"
printf '%s\n%s\n2018-11-20T21:00:01+08:00,G-N3,"P1,face,,,in,granted,\n' "$G" "$OK" >g15.gate.csv
reject g15.gate.csv "line 3: unterminated quoted field" "an unterminated quote"
printf '%s\n%s\n2018-11-20T21:00:01+08:00,G-N3,"P1"x,face,,,in,granted,\n' "$G" "$OK" >g16.gate.csv
reject g16.gate.csv "line 3: unexpected character after closing quote" "text after a closing quote"
printf 'time,person\n%s\n' "2018-11-20T21:00:01+08:00,P1" >g17.gate.csv
t_run vigil-import -A $A g17.gate.csv
t_rc 1 "a missing required column"
t_err "vigil-import: 'g17.gate.csv', line 1: missing required column 'gate'" "names the column"
printf 'time,gate,time\n' >g18.gate.csv
t_run vigil-import -A $A g18.gate.csv
t_err "vigil-import: 'g18.gate.csv', line 1: column 'time' appears twice" "a repeated column"
: >g19.gate.csv
t_run vigil-import -A $A g19.gate.csv
t_err "vigil-import: 'g19.gate.csv': empty file, no header" "an empty file"
dump now
t_same now pristine "header errors leave the archive unchanged"

# a file truncated in the middle of a record
head -c 200 "$DEMO/north.gate.csv" >g20.gate.csv
reject g20.gate.csv "line 4: expected 9 fields, found 1" "a file cut short"

# sightings
E16=$(sed -n 2p "$DEMO/edge.sightings.csv" | awk -F, '{print $16}')
E8=AACAPwAAgD8AAIA/AACAPwAAgD8AAIA/AACAPwAAgD8=
printf '%s\nC017,N1,2018-11-20T21:00:00,,person,,,,black,blue,,,,,,%s\n' "$S" "$E8" >s1.sightings.csv
reject s1.sightings.csv "line 2: embedding has 8 values, the archive's have 16" "an embedding of the wrong length"
printf '%s\nC017,N1,2018-11-20T21:00:00,,person,,,,black,blue,,,,,,AAAAAAA\n' "$S" >s2.sightings.csv
reject s2.sightings.csv "line 2: bad embedding: 5 bytes is not a whole number of float32 values" "an embedding of odd bytes"
printf '%s\nC017,N1,2018-11-20T21:00:00,,person,,,,black,blue,,,,,,%s\n' "$S" 'not*base64' >s3.sightings.csv
reject s3.sightings.csv "line 2: bad embedding: not base64" "an embedding that is not base64"
printf '%s\nC017,N1,2018-11-20T21:00:00,2018-11-20T20:59:00,person,,,,black,blue,,,,,,\n' "$S" >s4.sightings.csv
reject s4.sightings.csv "line 2: last is before first" "a track that ends before it starts"
printf '%s\nC017,N1,2018-11-20T21:00:00,,person,,,,teal,blue,,,,,,\n' "$S" >s5.sightings.csv
reject s5.sightings.csv "line 2: unknown colour 'teal'" "an unknown colour"
printf '%s\nC017,N1,2018-11-20T21:00:00,,person,,,,black,blue,,1.2,0.1,0.1,0.1,\n' "$S" >s6.sightings.csv
reject s6.sightings.csv "line 2: x '1.2' outside 0..1" "a box outside the frame"
printf '%s\nC017,N1,2018-11-20T21:00:00,,person,,,,black,blue,hat,,,,,\n' "$S" >s7.sightings.csv
reject s7.sightings.csv "line 2: bad attribute 'hat': want key=value" "an attribute without a value"
printf '%s\nC017,N1,2018-11-20T21:00:00,,person,,,,,,,,,,,\nC017,N1,2018-11-20T21:01:00,,person,,,,,,,,,,,\n' "$S" >s8.sightings.csv
reject s8.sightings.csv "line 3: duplicate track 'N1' of camera 'C017' (first on line 2)" "a track twice in one file"
printf '%s\nG-N3,N1,2018-11-20T21:00:00,,person,,,,,,,,,,,\n' "$S" >s9.sightings.csv
reject s9.sightings.csv "line 2: 'G-N3' is a gate, not a camera" "a gate where a camera belongs"
printf '%s\nC017,N1,2018-11-20T21:00:00,,cat,,,,,,,,,,,\n' "$S" >s10.sightings.csv
reject s10.sightings.csv "line 2: unknown kind 'cat'" "an unknown kind"
printf '%s\nC017,,2018-11-20T21:00:00,,person,,,,,,,,,,,\n' "$S" >s11.sightings.csv
reject s11.sightings.csv "line 2: missing track" "a missing track"

# roster
printf 'person,name,status\nP1,A,active\nP1,B,active\n' >r1.roster.csv
reject r1.roster.csv "line 3: duplicate person 'P1' (first on line 2)" "a person twice"
# past the first growth of the set of people seen: each repeat names its
# own first line
{ echo person,name,status; i=1; while [ $i -le 100 ]; do
	echo "P$i,N$i,active"; i=$((i + 1)); done
  echo P40,X,active; echo P99,Y,left; echo P1,Z,active; } >r9.roster.csv
t_run vigil-import -A $A r9.roster.csv
t_rc 1 "a hundred people, three twice"
t_err "vigil-import: 'r9.roster.csv', line 102: duplicate person 'P40' (first on line 41)
vigil-import: 'r9.roster.csv', line 103: duplicate person 'P99' (first on line 100)
vigil-import: 'r9.roster.csv', line 104: duplicate person 'P1' (first on line 2)
vigil-import: 'r9.roster.csv': not imported: 3 bad records" "a hundred people, three twice: message"
dump now
t_same now pristine "a hundred people, three twice: archive unchanged"
printf 'person,name,status\nP1,A,retired\n' >r2.roster.csv
reject r2.roster.csv "line 2: unknown status 'retired'" "an unknown status"
printf 'person,name,status\n,A,active\n' >r3.roster.csv
reject r3.roster.csv "line 2: missing person" "a missing person"

# control characters in messages are escaped
printf '%s\n2018-11-20T21:00:01+08:00,G-\033[31mX,,face,,,in,granted,\n' "$G" >g21.gate.csv
reject g21.gate.csv "line 2: unknown gate 'G-\\x1b[31mX'" "control characters in a message"

# several bad records are all listed
printf '%s\n%s\nx,G-N3\n2018-11-20T21:00:01+08:00,G-X1,,,,,,,\n%s\n' "$G" "$OK" "$OK" >k.gate.csv
t_run vigil-import -A $A k.gate.csv
t_rc 1 "two bad records"
t_err "vigil-import: 'k.gate.csv', line 3: expected 9 fields, found 2
vigil-import: 'k.gate.csv', line 4: unknown gate 'G-X1'
vigil-import: 'k.gate.csv': not imported: 2 bad records" "all are listed"
dump now
t_same now pristine "still unchanged"

# --keep-going: the good rows land, every bad one is listed
t_run vigil-import -k -A $A k.gate.csv
t_rc 1 "--keep-going still fails the run when rows were rejected"
t_err "vigil-import: 'k.gate.csv', line 3: expected 9 fields, found 2 (skipped)
vigil-import: 'k.gate.csv', line 4: unknown gate 'G-X1' (skipped)
vigil-import: 'k.gate.csv': imported 2 gate events, rejected 2" "lists the skipped rows"
t_run vigil-query -A $A -F csv --kind gate --columns time,device,source
t_out "time,device,source
2018-11-20T21:00:00+08:00,G-N3,k.gate.csv:2
2018-11-20T21:00:00+08:00,G-N3,k.gate.csv:5" "the good rows are in"
t_run vigil-import -k -A $A k.gate.csv
t_rc 0 "importing it again"
t_err "vigil-import: 'k.gate.csv': already imported as 'k.gate.csv', nothing changed" "is a no-op"

# the file is hashed as it is read, and found imported before only at
# the end: what the reading found then is forgotten, the file's rows
# are rolled back, and it is said to be imported, as it was before
dump before
t_run vigil-import -A $A k.gate.csv
t_rc 0 "again without -k: its bad records are not said"
t_err "vigil-import: 'k.gate.csv': already imported as 'k.gate.csv', nothing changed" "it was imported"
t_run vigil-import -t hikvision -A $A k.gate.csv
t_rc 0 "again read as another format, which refuses it"
t_err "vigil-import: 'k.gate.csv': already imported as 'k.gate.csv', nothing changed" "it was imported, whatever the reading"
dump now
t_same now before "the re-imports left the archive as it was"
printf '%s\n%s\n' "$G" '2018-11-20T22:00:00+08:00,G-N3,P0012345,face,,,out,granted,0.9' >m.gate.csv
t_run vigil-import -A $A m.gate.csv k.gate.csv m.gate.csv
t_rc 0 "a new file given twice in one run, and an old one"
t_err "vigil-import: 'm.gate.csv': imported 1 gate event
vigil-import: 'k.gate.csv': already imported as 'k.gate.csv', nothing changed
vigil-import: 'm.gate.csv': already imported as 'm.gate.csv', nothing changed" "the second time it was the first's"
t_run t_sql $A "SELECT path, size, rows, rejected FROM source WHERE path LIKE '_.gate.csv' ORDER BY id"
t_out "k.gate.csv|$(wc -c <k.gate.csv | tr -d ' ')|2|2
m.gate.csv|$(wc -c <m.gate.csv | tr -d ' ')|1|0" "each file recorded once, with its size"
t_run t_sql $A "SELECT sha256 FROM source WHERE path = 'k.gate.csv'
    UNION ALL SELECT sha256 FROM source WHERE path = 'm.gate.csv'"
t_out "$(sha256sum k.gate.csv | cut -c1-64)
$(sha256sum m.gate.csv | cut -c1-64)" "named by the SHA-256 of their bytes"
t_run t_sql $A "SELECT count(*) FROM gate_event"
t_out 3 "m.gate.csv's row stored once"

# files of no records (a quiet day's export, its header alone) are not
# the same import because their bytes are: such a file is named by its
# bytes' digest and its base name
printf '%s\n' "$G" >e1.gate.csv
cp e1.gate.csv e2.gate.csv
mkdir -p d && cp e1.gate.csv d/
t_run vigil-import -A $A e1.gate.csv e2.gate.csv d/e1.gate.csv
t_rc 0 "two header-only files, and one again elsewhere"
t_err "vigil-import: 'e1.gate.csv': imported 0 gate events
vigil-import: 'e2.gate.csv': imported 0 gate events
vigil-import: 'd/e1.gate.csv': already imported as 'e1.gate.csv', nothing changed" \
    "each is an import; the same name and bytes are one"
t_run t_sql $A "SELECT path, sha256 FROM source WHERE path LIKE 'e_.gate.csv' ORDER BY id"
t_out "e1.gate.csv|$(printf '%s\0%s' "$(sha256sum e1.gate.csv | cut -c1-64)" e1.gate.csv | sha256sum | cut -c1-64)
e2.gate.csv|$(printf '%s\0%s' "$(sha256sum e2.gate.csv | cut -c1-64)" e2.gate.csv | sha256sum | cut -c1-64)" \
    "both listed, named by the digest of their digest and name"
t_done
