#!/bin/sh
# t0310-look: search by look (vigil-query --like, the look filters, plate
# patterns with ANPR's confusions) on the demo files and a simulated crowd
. "$top_srcdir/tests/lib.sh"

A=demo.db
cp "$DEMO"/site.xml "$DEMO"/*.csv .
# vehicles and a man no camera gave a vector for, beside the demo files
cat >more.sightings.csv <<'EOF'
camera,track,first,last,kind,person,score,plate,upper,lower,attrs,x,y,w,h,embedding
C031,V1,2018-11-20T20:06:00,2018-11-20T20:06:04,vehicle,,,粤B12345,white,,,,,,,
C031,V2,2018-11-20T20:40:00,2018-11-20T20:40:03,vehicle,,,粤B1234S,white,,,,,,,
C031,V3,2018-11-20T20:41:00,2018-11-20T20:41:03,vehicle,,,京8I2345,black,,,,,,,
C031,V4,2018-11-20T20:42:00,2018-11-20T20:42:03,vehicle,,,粤B10333,white,,,,,,,
C031,V5,2018-11-20T20:43:00,2018-11-20T20:43:03,vehicle,,,B12345,grey,,,,,,,
C040,N1,2018-11-20T21:30:00,2018-11-20T21:30:09,person,,,,black,blue,gender=male;bag=backpack,,,,,
EOF
vigil-import -q -A $A site.xml roster.csv north.gate.csv edge.sightings.csv \
    more.sightings.csv || exit 1
sum0=$(t_digest $A)
q() { t_run vigil-query -A $A "$@"; }

# --like: most alike first, with the similarity
q -F tsv --like C017:T1569 -n 6 \
    --columns similarity,time,device,track,person,upper,lower
t_rc 0 "--like the man on the overpass"
t_golden look-like.tsv "the span's sightings ranked by look, most alike first"
awk -F'\t' 'NR > 1 && $4 == "T1569"' out >own
t_ok $([ ! -s own ]; echo $?) "the sighting looked for is not among the answers"

# the model's part search by look reads (all but its links and devices),
# kept apart when the model is stored, and read only while of that model
# (in the file's meta table: a server reads the model's part in its query)
if t_file; then
	t_ok $([ "$(sqlite3 $A "SELECT value FROM meta WHERE key = 'model look'")" = \
	    "$(sqlite3 $A "SELECT json_remove(body, '\$.links', '\$.devices') FROM model")" ]; echo $?) \
	    "the model's look part is stored apart"
	cp $A m.db
	sqlite3 m.db "UPDATE meta SET value = json_set(value, '\$.colour_same',
	    json_extract(value, '\$.colour_diff')) WHERE key = 'model look'"
	t_run vigil-query -A m.db -F tsv --like C017:T1569 -n 6 \
	    --columns similarity,time,device,track,person,upper,lower
	t_ok $(! cmp -s out "$GOLD/look-like.tsv"; echo $?) \
	    "(a look part changed, of the same model: read, other similarities)"
	sqlite3 m.db "UPDATE meta SET value = json_set(value, '\$.learned', 1)
	    WHERE key = 'model look'"
	t_run vigil-query -A m.db -F tsv --like C017:T1569 -n 6 \
	    --columns similarity,time,device,track,person,upper,lower
	t_golden look-like.tsv "a look part of another model is not read: the model's own"
	rm m.db
fi

q -F tsv --like C017:T1569 --like C031:T1581 -n 4 \
    --columns similarity,device,track,person
t_rc 0 "two sightings of him together"
t_golden look-like2.tsv "rank the others by both"

q -F tsv --like C017:T1569 --columns similarity
awk 'NR > 1 { n++; if (NR > 2 && $1 > prev) bad = 1; prev = $1 }
    END { exit !(n > 100 && !bad) }' out
t_ok $? "without -n every sighting of the span, in falling similarity"
q -F tsv --like C017:T1569 --min-similarity 1 --columns similarity,track
t_out "similarity	track
1.30	T1585
1.30	T1573
1.30	T1581
1.30	T1591
1.30	N1" "--min-similarity keeps the alike only"

q -F tsv --like C017:T1569 --from '2018-11-20 21:14' --to '2018-11-20 21:16' \
    --columns device,track
t_out "device	track
C018	T1573
C031	T1581" "--from and --to choose the sightings ranked"
q -F tsv --like C017:T1569 --from '2018-11-21 03:00' --to '2018-11-21 04:00'
t_rc 0 "an empty span"
t_out "time	last	type	device	zone	track	person	name	credential	card	plate	direction	result	kind	upper	lower	attrs	score	source	offset	similarity" "gives the header only"

q -F tsv --like C031:V1 --columns device,track,plate,kind,similarity
t_rc 0 "--like a vehicle"
t_out "device	track	plate	kind	similarity
C031	V2	粤B1234S	vehicle	0.65
C031	V4	粤B10333	vehicle	0.65
C031	V3	京8I2345	vehicle	-0.61
C031	V5	B12345	vehicle	-0.61" "ranks vehicles only, by colour where they have no vector (as alike, the earlier first)"

q -F tsv --like C040:N1 -n 2 --columns device,track,upper,lower
t_rc 0 "--like a sighting with no vector"
t_err "vigil-query: warning: C040:N1 has no appearance vector: ranked by colours and attributes alone" "says it ranks by colours and attributes alone"

q --like C017:T9999
t_rc 1 "--like a track not in the archive"
t_err "vigil-query: no sighting C017:T9999 in the archive" "names it"
q --like C999:T1569
t_rc 1 "--like an unknown camera"
t_err "vigil-query: unknown camera 'C999' (vigil site -s devices lists the site's)" "names it"
q --like C017:T1569 --like C031:V1
t_rc 1 "a person and a vehicle together"
t_err "vigil-query: C031:V1 is not of the kind of C017:T1569: look for people and vehicles apart" "are refused"
q --like C017
t_rc 2 "--like without a track"
t_grep "^vigil-query: --like: 'C017' is not camera:track\$" err "says what it wants"
q --min-similarity 2
t_rc 2 "--min-similarity without --like"
t_grep "^vigil-query: --min-similarity goes with --like\$" err "says so"
q --like C017:T1569 --min-similarity lots
t_rc 2 "a bad similarity"

# the look filters
q -F tsv --upper black --lower navy --attr gender=male \
    --columns time,device,track,kind,upper,lower,attrs
t_rc 0 "colours and an attribute"
t_golden look-filter.tsv "men in a black top and blue (navy) trousers"
q -F tsv --upper Gray --columns upper
awk 'NR > 1 && $1 != "grey" { bad = 1 } END { exit !(NR > 1 && !bad) }' out
t_ok $? "gray, in any case, is grey"
q -F tsv --attr 'GENDER = female' --columns attrs
awk 'NR > 1 && tolower($0) !~ /(^|;)gender=female(;|$)/ { bad = 1 }
    END { exit !(NR > 1 && !bad) }' out
t_ok $? "an attribute in any case, spaces ignored"
q --upper mauve
t_rc 2 "an unknown colour"
t_grep "^vigil-query: --upper: unknown colour 'mauve' (black, white, grey, red, orange, yellow, green, blue, purple, brown, pink)\$" err "lists the colours"
q --attr bag
t_rc 2 "an attribute without a value"
t_grep "^vigil-query: --attr: 'bag' is not key=value\$" err "says so"
q -F tsv --kind vehicle --columns type,kind
t_out "type	kind
sighting	vehicle
sighting	vehicle
sighting	vehicle
sighting	vehicle
sighting	vehicle" "--kind vehicle: vehicle sightings only"
q -F tsv --kind gate,vehicle --columns type,kind
awk -F'\t' 'NR > 1 && !($1 == "gate" || $2 == "vehicle") { bad = 1 }
    $1 == "gate" { g++ } END { exit !(g > 100 && !bad) }' out
t_ok $? "--kind gate,vehicle: gate events and vehicles"
q -F tsv --kind face --columns kind
awk 'NR > 1 && $1 != "face" { bad = 1 } END { exit !(NR > 1 && !bad) }' out
t_ok $? "--kind face: faces only"
q --kind bicycle
t_rc 2 "an unknown kind"
t_grep "^vigil-query: unknown kind 'bicycle' (use gate, sighting, person, face or vehicle)\$" err "lists the kinds"

# plates: wildcards, ANPR's confusions, further errors; nearest first
q -F tsv --plate 粤B12345 --columns distance,plate,type,device
t_out "distance	plate	type	device
0	粤B12345	gate	V-N1
0	粤B12345	sighting	C031
0.5	粤B1234S	sighting	C031
1.5	京8I2345	sighting	C031" "a plate: read exactly first, then as ANPR misreads it"
q -F tsv --plate '粤b1234?' --plate-errors 1 --columns distance,plate
t_out "distance	plate
0	粤B12345
0	粤B12345
0	粤B1234S
1	B12345
1.5	京8I2345" "a wildcard and one more error (two edits from 粤B10333)"
q -F tsv --plate '*333' --columns plate
t_out "plate
粤B10333
粤B10333
粤B10333" "a run wildcard"
q --plate ''
t_rc 2 "an empty plate"
t_grep "^vigil-query: --plate: an empty plate\$" err "is refused"
q --plate 粤B1 --plate-errors 4
t_rc 2 "more than three errors"
q --plate-errors 1
t_rc 2 "--plate-errors without --plate"
q --plate 'XX000'
t_rc 1 "a plate in no log and not on the roster"
t_err "vigil-query: unknown plate 'XX000': not on the roster nor in any log" "is unknown, as before"
q -F tsv --plate 'XX*' --columns plate
t_rc 0 "a pattern that matches nothing"
t_out "plate" "is an empty answer"

# under a case: a look search is a lookup like any other
VIGIL_CASES=$PWD/cases VIGIL_OFFICER='Officer Wang' VIGIL_ARCHIVE=$PWD/$A
export VIGIL_CASES VIGIL_OFFICER VIGIL_ARCHIVE
vigil-case new L-1 --title 'look' >/dev/null || exit 1
t_run vigil-query -c L-1 --like C031:T1581 -n 3
t_rc 2 "--like of a named man under a case without --why"
t_err "vigil-query: looking up a person under a case: say why (--why)" "asks why"
t_run vigil-query -c L-1 --like C031:T1581 -n 3 --why 'who else looks like him'
t_rc 0 "with --why"
vigil-case -c L-1 log -F tsv | awk -F'\t' '$4 == "vigil-query"' | tail -n 1 |
    cut -f4-6 | tr '\t' '|' >out
t_out "vigil-query|-c L-1 --like C031:T1581 -n 3 --why 'who else looks like him'|archive $PWD/$A queried: 3 sightings ranked by look" "the custody log records the look search"
t_run vigil-query -c L-1 --like C017:T1569 -n 3
t_rc 0 "--like of an unnamed sighting needs no why"

t_ok $([ "$(t_digest $A)" = "$sum0" ]; echo $?) "the archive is unchanged"

# a simulated crowd: the suspect's sightings of the hour rank first
vigil-simulate -q --seed 23 --dial crowd=3000 --dial noise=0.9 -o w ||
    exit 1
vigil-import -q -A w.db w/site.xml w/roster.csv w/gates/* w/cameras/* ||
    exit 1
anchor=$(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1:\2/p' w/truth.json | head -1)
suspect=$(sed -n 's/.*"suspect": "\([^"]*\)".*/\1/p' w/truth.json | head -1)
t_run vigil-query -A w.db -F tsv --like "$anchor" --from '2018-11-20 20:28' \
    --to '2018-11-20 21:28' --columns device,track
awk -F, -v s="$suspect" '$3 == s { print $1 "\t" $2 }' w/truth-sightings.csv \
    >his
awk -F'\t' 'NR == FNR { his[$0] = 1; next }
    FNR > 1 { n++; if ($0 in his) { h++; ap += h / n; if (n == 1) r1 = 1 } }
    END { printf "%d %.3f\n", r1, h ? ap / h : 0 }' his out >score
read r1 ap <score
echo "# crowd of 3000, noise 0.9: rank-1 $r1, average precision $ap"
t_ok $([ "$r1" = 1 ]; echo $?) "in a crowd, the first answer is the suspect"
t_ok $(awk -v a="$ap" 'BEGIN { exit !(a >= 0.8) }'; echo $?) "his sightings of the hour rank high (average precision >= 0.8; 0.77 on colours without the attributes)"

# the attributes the model learned: the simulated cameras read gender
# without fault and log a bag at random, so one tells and the other not
# (read by sqlite3's JSON functions)
if t_file; then
	sqlite3 w.db "SELECT json_extract(a.value, '\$.key'),
	    json_extract(a.value, '\$.nsame') >= 20,
	    json_extract(a.value, '\$.same') < json_extract(a.value, '\$.diff') / 10,
	    json_extract(a.value, '\$.same') = json_extract(a.value, '\$.diff')
	    FROM model, json_each(model.body, '\$.attrs') a ORDER BY 1" >out
	t_out "bag|1|0|1
gender|1|1|0" "the model weighs gender and not the bag"
fi

t_done
