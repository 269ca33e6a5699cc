#!/bin/sh
# t1110-browse-look: the browser's search by look (l: a sighting's
# look-alikes, custody-logged as vigil-query --like), the look filter of the
# query prompt, the anomalies screen (A: the list, its evidence, a case made
# from one with n), the key hints at 80 columns, and the live filter reading
# a bounded part of the timeline as keys are typed; at 80x24 and 200x60
. "$top_srcdir/tests/lib.sh"

if ! command -v tmux >/dev/null; then
	echo "1..0 # SKIP tmux is not installed (apt-get install tmux)"
	exit 0
fi

. "$top_srcdir/tests/tmux.sh"

demo_world
overpass_case
FROM=2018-11-20T20:13:00+08:00 TO=2018-11-20T22:13:00+08:00

# the browser's entries in the custody log, and the last of vigil-query's
blog() { vigil-case -c $C log -F tsv | awk -F'\t' '$4 == "vigil-browse"'; }
qlog() { vigil-case -c $C log -F tsv | awk -F'\t' '$4 == "vigil-query"' | tail -n 1; }

# l on the anchor (hop 1, C017:T1569, no person named): its look-alikes
start vigil-browse -A w.db -c $C
keys l
screen
t_golden browse-like "l: the look-alikes of hop 1 at 80x24, the picture beside"
t_grep "^vigil-browse  look-alikes of C017:T1569" out "titled with the sighting"
t_grep "^like 1/69  Enter timeline  / search  ? help  q back$" out \
    "the status line: where, and hints that fit 80 columns"
t_grep "^69 sightings, most alike first" out "the message says how many"
vigil-query -A w.db --like C017:T1569 -n 200 --from $FROM --to $TO -F csv \
    --columns similarity,device,track | sed 1d | head -n 20 >q.rows
sed -n '3,22p' out | awk '{ print $1 "," $3 "," $4 }' >b.rows
t_same b.rows q.rows "the same sightings, in the same order and similarity, as vigil-query --like"
blog | grep -- "--like" >like.log
t_ok $([ "$(wc -l <like.log)" -eq 1 ]; echo $?) "one custody entry for the look search"
t_ok $([ "$(cut -f5 like.log)" = "-c $C --like C017:T1569 -n 200 --from $FROM --to $TO" ]; echo $?) \
    "with vigil-query's arguments ($(cut -f5 like.log))"
eval "set -- $(cut -f5 like.log)"
vigil-query "$@" >/dev/null
t_ok $([ "$(cut -f6 like.log)" = "$(qlog | cut -f6)" ]; echo $?) \
    "and vigil-query -c's record of the same search ($(cut -f6 like.log))"
keys Enter
screen
t_grep "^\[timeline\]" out "Enter: the look-alike in the timeline"
t_ok $(sed -n 3p out | grep -q "^\* 21:19:55 *C040 *person T1585"; echo $?) \
    "selected there ($(sed -n 3p out | cut -c1-40))"
t_grep "^timeline 88/161 " out "at its place in the window"

# a gate: no look; a named sighting: asks why, as vigil-query -c --why
keys Tab j j l
screen
t_grep "^l lists the look-alikes of a sighting: select one in the timeline or the path" out \
    "l on a gate hop: said, nothing searched"
keys j l
screen
t_grep "^why look for who looks like C031:T1581? (goes into the custody log):" out \
    "l on a sighting that names someone asks why"
keys Escape
screen
t_grep "^not looked up: a look that names someone needs a reason under a case" out \
    "Escape: not looked up"
t_ok $([ "$(blog | grep -c -- "--like")" -eq 1 ]; echo $?) "and nothing logged"
keys l "same jacket as the anchor" Enter
screen
t_grep "^vigil-browse  look-alikes of C031:T1581" out "with a reason: its look-alikes"
t_ok $(blog | grep -- "--like C031:T1581" | cut -f5 | grep -qx -- "-c $C --like C031:T1581 -n 200 --from $FROM --to $TO --why 'same jacket as the anchor'"; echo $?) \
    "logged with the reason"
keys q
screen
t_grep "^path 4/8 " out "q: back where l was pressed"

# on the map l pans right, as vi's l (and h back)
keys m
screen
cp out map0
keys l
screen
t_ok $(! cmp -s out map0; echo $?) "on the map, l pans right"
keys h
screen
t_same out map0 "and h pans back"
keys q

# the help: the last line says the selected key's whole text
keys '?'
keys G
screen
t_grep "^draw the screen again *$" out "the last line: what the key selected does, whole"
keys q Q

# the look filter of the query prompt: as vigil-query --upper --lower --kind
start vigil-browse -A w.db -c $C
keys : "upper black lower blue kind person" Enter
screen
vigil-query -A w.db --upper black --lower blue --kind person --from $FROM \
    --to $TO -F csv --columns device,track | sed 1d >q.rows
sed -n '3,22p' out | awk 'NF > 0 { print $3 "," $5 }' >b.rows
t_same b.rows q.rows "upper black lower blue kind person: vigil-query's rows"
t_grep "^:upper black lower blue kind person 1/5 " out "counted"
t_ok $(blog | tail -n 1 | cut -f5 | grep -qx -- "-c $C --kind person --upper black --lower blue --from $FROM --to $TO"; echo $?) \
    "logged with vigil-query's look options ($(blog | tail -n 1 | cut -f5))"
keys : "attr hat=no" Enter
screen
n=$(vigil-query -A w.db --attr hat=no --from $FROM --to $TO -F csv | sed 1d | wc -l)
t_grep "^:attr hat=no 1/$n " out "attr key=value, as --attr ($n rows)"
keys : "upper mauve" Enter
screen
t_grep "^':upper mauve': 'mauve' is not a colour (black, white" out "a colour unknown: said"
t_grep "^:attr hat=no 1/$n " out "and the timeline kept"
keys : "kind boat" Enter
screen
t_grep "^':kind boat': 'boat' is not a kind (gate, sighting, person, face, vehicle)" out \
    "a kind unknown: said"
keys : "attr hat" Enter
screen
t_grep "^':attr hat': 'hat' is not key=value" out "an attribute without a value: said"
keys Q

# l under a look filter: ranked through the day's vector file, the rows
# vigil-query --like gives with the filter; a file that cannot serve is
# said (so the file is read), and every sighting searched instead (a
# server reads the vectors from its partitions: no file to fail)
arcs=w.db
if t_file; then
	cp w.db wl.db
	ln -s "$PWD/nowhere" wl.db-look-2018-11-20
	arcs="w.db wl.db"
fi
for a in $arcs; do
	start vigil-browse -A $a -c $C
	keys : "upper black" Enter
	keys l
	screen
	cp out like.$a
	keys Q
done
ref=$(sed -n 1p like.w.db | sed -n 's/^vigil-browse  look-alikes of \([^ ]*\).*/\1/p')
t_ok $([ -n "$ref" ]; echo $?) "l on the filtered timeline's sighting ($ref)"
vigil-query -A w.db --like "$ref" --upper black -n 200 --from $FROM --to $TO \
    -F csv --columns similarity,device,track | sed 1d | head -n 20 >q.rows
sed -n '3,22p' like.w.db | awk 'NF > 2 { print $1 "," $3 "," $4 }' >b.rows
t_same b.rows q.rows "the rows of vigil-query --like $ref --upper black"
t_grep "^$(wc -l <q.rows) sightings, most alike first" like.w.db "no warning"
if t_file; then
	t_grep "^$(wc -l <q.rows) sightings; every one searched, not the vector files: 'wl.db-look-2018-11-20'" \
	    like.wl.db "a file that cannot serve: said"
	sed -n '3,22p' like.wl.db | awk 'NF > 2 { print $1 "," $3 "," $4 }' >b.rows
	t_same b.rows q.rows "and the same rows"
fi

# the live filter: as keys are typed, rows from the selection on; Enter:
# the whole window
start vigil-browse -A w.db -c $C
keys BTab f C017
screen
t_grep "^timeline 1/7+ filter 'C017'" out \
    "typed: the rows from the row selected on, the count marked '+'"
n=$(vigil-query -A w.db --camera C017 --from $FROM --to $TO -F csv | awk -F, 'NR > 1 && $1 >= "2018-11-20T20:13"' | wc -l)
keys Enter
screen
t_grep "^timeline 5/$n filter 'C017' " out "Enter: the whole window, counted ($n rows)"
keys Escape Q

# the anomalies: vigil-anomaly's list, most serious first; the archive
# one of version 10 only read (migrations 11 and 12 undone: the counts,
# the index of the rows not granted, the roster's index by status), read
# as it is, with the same lists as the upgraded one's (vigil-anomaly's
# on w.db); on a server, w.db itself
W10=w.db
if [ -z "${VIGIL_TEST_PG:-}" ]; then
	W10=w10.db
	sqlite3 w.db ".backup w10.db"
	for f in w.db-look-*; do cp "$f" "w10.db-${f#w.db-}"; done
	sqlite3 w10.db "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_schema
	    WHERE type = 'index' AND name GLOB 'gate_event_*_refused'" |
	    sqlite3 w10.db
	sqlite3 w10.db "DROP TABLE span_count; DROP INDEX person_status;
	    PRAGMA user_version = 10"
	chmod 0400 w10.db
fi
start vigil-browse -A $W10
keys A
screen
t_golden browse-anomalies "A: the anomalies at 80x24"
vigil-anomaly -A w.db -F csv --columns id,kind,device,person,score | sed 1d >a.rows
sed -n '3,21p' out | awk '{ print $1 "," $2 "," $5 "," ($6 ~ /^P/ ? $6 : "") "," ($6 ~ /^P/ ? $7 : $6) }' >b.rows
head -n 19 a.rows >a20.rows
t_same b.rows a20.rows "the same anomalies in the same order as vigil-anomaly"
t_ok $([ "$(sed -n '23,24p' out | sed 's/ *$//' | paste -sd' ')" = "$(vigil-anomaly -A w.db -F tsv --columns reason -n 1 | sed 1d)" ]; echo $?) \
    "the reason of the one selected whole, wrapped below the bar (the list a line shorter)"
keys j Enter
screen
t_grep "^vigil-browse  anomalies: the evidence (vigil-anomaly --explain)" out \
    "Enter: the evidence"
id=$(sed -n 2p a.rows | cut -d, -f1)
vigil-anomaly -A w.db --explain $id -F csv --columns device,person,direction,result | sed 1d >e.rows
sed -n '3,/^evidence /p' out | sed '$d' | awk 'NF > 0 { print $2 "," $3 "," $(NF - 1) "," $NF }' >b.rows
t_same b.rows e.rows "the rows of vigil-anomaly --explain $id"
t_ok $([ "$(sed -n '/^evidence /,$p' out | sed 1d | sed 's/ *$//' | paste -sd' ')" = "$(vigil-anomaly -A w.db -F tsv --columns reason -n 2 | sed -n 3p)" ]; echo $?) \
    "and its reason whole below the bar"
keys q
screen
t_grep "^anomalies 2/19 " out "q: back to the list"
keys n
screen
t_grep "^a case from $id, its number: $id" out "n asks the case's number, the anomaly's id by default"
keys C-u "a b" Enter
screen
t_grep "^'a b' cannot be a case number" out "a number that cannot be: said"
t_ok $([ ! -d cases/a* ]; echo $?) "and no case made"
keys C
screen
t_grep "^anomalies 2/19 " out "C is no longer a key: nothing asked"
t_ok $(! grep -q "its number" out; echo $?) "no case number asked for C"
keys n C-u 2018-1120-TT Enter
sleep 1
settle
screen
t_grep "| 2018-1120-TT: impossible-travel at" out "n makes the case and opens it"
t_grep "^case 2018-1120-TT made from anomaly $id: its note, 2 items, a subject" out \
    "saying what it holds"
vigil-case -c 2018-1120-TT log -F tsv >fm.log
t_grep "vigil-case	.*new 2018-1120-TT --anomaly $id	opened from anomaly $id: a note, 2 items, a subject" fm.log \
    "made by vigil-case new --anomaly, custody-logged"
t_grep "vigil-browse		case 2018-1120-TT opened in the browser" fm.log "then opened"
keys q
screen
t_grep "^vigil-browse  cases" out "q: the cases"
t_grep "^2018-1120-TT " out "the new case among them"
keys Q
if [ -z "${VIGIL_TEST_PG:-}" ]; then
	t_run sqlite3 w10.db "PRAGMA user_version"
	t_out 10 "the version 10 archive not upgraded"
fi

# 200x60: the look-alikes with the picture in the right half; the reasons
# and the help whole
W=200 H=60
start vigil-browse -A w.db -c $C
keys l
screen
t_ok $(sed -n 3p out | grep -q "^1.46  *21:19:55 *C040 *T1585 *black/blue *gender=male *│"; echo $?) \
    "200x60: the look-alikes in the left half, their attributes too"
t_ok $(sed -n 2p out | sed 's/^.*│//' | grep -q "^no recording of camera C040 at "; echo $?) \
    "and the picture looked for in the right half"
keys q A
screen
t_ok $(sed -n 3p out | grep -q "when 0.0% of its entries happen, and was never seen entering it then *$"; echo $?) \
    "200x60: the reasons whole in the list"
keys '?'
screen
t_grep "^l  *look-alikes  *the sightings of the timeline's window that look like the one selected (the map: pan right) *$" out \
    "200x60: the help lists l, whole"
t_grep "^A  *anomalies  *the anomalies of the archive, most serious first" out "and A"
t_grep "^n  *next  *the next match (the anomalies: a new case from the one selected, vigil-case new --anomaly) *$" out \
    "and n, which makes a case on the anomalies"
t_ok $(! grep -q "^C  " out; echo $?) "and no C"
t_grep "^Right  *right  *map: pan right" out "Right alone pans right"
t_grep "^h, Left  *left  *map: pan left" out "h and Left pan left"
keys Q
t_done
