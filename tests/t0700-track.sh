#!/bin/sh
# t0700-track: vigil-track follows the overpass man across cameras and gates,
# and scores well above the nearest-in-time baseline against the truth
. "$top_srcdir/tests/lib.sh"

vigil-simulate -q --seed 1 -o w || exit 1
vigil-import -q -A a.db w/site.xml w/roster.csv w/gates/*.gate.csv \
    w/cameras/*.sightings.csv || exit 1
# a second archive of the world, as imported (a copy of the files: the
# model's tests below change it)
if t_file; then
	for f in a.db a.db-look-*; do cp "$f" "b${f#a}" || exit 1; done
fi
anchor=$(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1:\2/p' w/truth.json)
suspect=$(sed -n 's/.*"suspect": "\(P[0-9]*\)".*/\1/p' w/truth.json | head -1)
gate=$(sed -n 's/.*"gate":"\(G[0-9]*\)".*/\1/p' w/truth.json | head -1)

t_run vigil-track -A a.db --from "$anchor" -F csv
t_rc 0 "a track from the overpass anchor"
t_grep '^path,hop,camera,type,track,first,last,transit,bounds,unseen,appearance,person,identity,score,source,clock$' out \
    "csv has a stable header"
t_grep ",anchor,1.00," out "the anchor is in the path"
t_grep "^1,[0-9]*,$gate,gate,,[^,]*,,[^,]*,[^,]*,[^,]*,[^,]*,$suspect," out \
    "the path goes through the face gate that names him"
# in time order once the clock the path finds off is allowed for (the
# camera after the anchor is 47 s slow, its passage logged before it)
awk -F, 'NR > 1 { split(substr($6, 12), t, /[:+]/)
	printf "%.3f\n", t[1] * 3600 + t[2] * 60 + t[3] - $16 }' out >times
sort -n times >sorted
t_same times sorted "hops are in time order, by the clocks the path implies"
awk -F, 'NR > 1 && $16 != "" { print $3, $16 }' out >clocks
t_ok $([ -s clocks ]; echo $?) "the path finds a camera's clock off"
bad=
while read -r cam off; do
	truth=$(sed -n 's/.*"'"$cam"'":{"offset":\([-0-9.]*\),.*/\1/p' w/truth.json)
	awk -v a="$off" -v b="${truth:-0}" 'BEGIN { exit !(a * b > 0 &&
	    a - b < 15 && b - a < 15) }' || bad="$bad $cam:$off"
done <clocks
t_ok $([ -z "$bad" ]; echo $?) "each clock it implies is off the way truth says, within 15 s${bad:+ (not$bad)}"

# accuracy against the truth: a floor, and the baseline far below it
t_run vigil-track -A a.db --eval w/truth.json -F csv
t_rc 0 "--eval"
set -- $(awk -F, '$1 == "overpass-assault" { print $6, $7 }' out)
t_ok $(echo "$1 $2" | awk '{ exit !($1 >= 0.95 && $2 >= 0.85) }'; echo $?) \
    "precision $1 and recall $2, before any clock correction"
vigil-track -A a.db --eval w/truth.json -F csv --greedy >greedy
set -- $(awk -F, '$1 == "overpass-assault" { print $6, $7 }' greedy)
t_ok $(echo "$1 $2" | awk '{ exit !($1 < 0.8 && $2 < 0.7) }'; echo $?) \
    "the greedy nearest-in-time walk scores lower ($1, $2)"

# after vigil-skew --apply, the skewed cameras' hops are found too
vigil-skew -A a.db --apply >/dev/null || exit 1
t_run vigil-track -A a.db --eval w/truth.json -F csv
set -- $(awk -F, '$1 == "overpass-assault" { print $6, $7 }' out)
t_ok $(echo "$1 $2" | awk '{ exit !($1 >= 0.95 && $2 >= 0.95) }'; echo $?) \
    "precision $1 and recall $2 after vigil-skew --apply"

t_run vigil-track -A a.db --from "$anchor" --columns hop,camera,score -F csv
t_ok $(head -1 out | grep -qx 'hop,camera,score'; echo $?) "--columns picks and orders the columns"
t_run vigil-track -A a.db --from "$anchor" --columns hop,colour
t_rc 2 "an unknown column"

# directions, alternatives, decisions
t_run vigil-track -A a.db --from "$anchor" --forward -F csv
t_ok $(awk -F, 'NR == 2 { exit !($13 == "anchor") }' out; echo $?) "--forward starts at the anchor"
t_run vigil-track -A a.db --from "$anchor" --backward -F csv
t_ok $(awk -F, 'END { exit !($13 == "anchor") }' out; echo $?) "--backward ends at the anchor"
t_run vigil-track -A a.db --from "$anchor" --hypotheses 3 -F csv
t_ok $(awk -F, 'NR > 1 { print $1 }' out | sort -u | tr -d '\n' | grep -qx 123; echo $?) "--hypotheses 3 gives three paths"
second=$(vigil-track -A a.db --from "$anchor" --forward -F csv | awk -F, 'NR == 3 { print $3 ":" $5 }')
t_run vigil-track -A a.db --from "$anchor" --forward --reject "$second" -F csv
t_ok $(grep -q "^1,2,${second%%:*},camera,${second#*:}," out; [ $? -ne 0 ]; echo $?) "--reject forbids a hop and the path re-plans"

gatehop=$(vigil-track -A a.db --from "$anchor" --forward -F csv |
    awk -F, '$4 == "gate" { print $3 "@" $6; exit }')
t_run vigil-track -A a.db --from "$anchor" --forward --reject "$gatehop" -F csv
t_ok $(grep -q ",${gatehop%%@*},gate,,${gatehop#*@}," out; [ $? -ne 0 ]; echo $?) "--reject GATE@TIME forbids a gate event"
t_run vigil-track -A a.db --from "$anchor" --reject nonsense
t_rc 2 "a decision that names nothing"

t_run vigil-track -A a.db --at "${anchor%%:*}" --time '2018-11-20 21:13:05' -F csv
t_rc 0 "--at lists the sightings near a time"
t_grep "^$anchor," out "the anchor among them"
t_run vigil-track -A a.db --at "${anchor%%:*}" --time '2001-01-01 21:13:05' -F csv
t_err "vigil-track: no sightings at '${anchor%%:*}' within two minutes of 2001-01-01T21:13:05+08:00
vigil-track: warning: the archive holds nothing in the time asked: its logs run from 2018-11-19T23:58:10 to 2018-11-20T22:39:41" \
    "--at a time the archive does not hold: the time, and what it holds"
t_run vigil-track -A a.db --person "$suspect" -F csv
t_rc 0 "--person builds his trajectory"
t_grep ",$gate,gate,," out "through the gate that named him"

# the site model, learned at import and reported
t_run vigil-track -A a.db --calibration -F csv
t_rc 0 "--calibration"
t_grep '^part,item,support,value,detail$' out "its csv has a stable header"
t_ok $(awk -F, '$1 == "appearance" && $2 == "same person" { exit !($3 >= 50 && $4 > 0.8) } \
    END { if (NR < 2) exit 1 }' out; echo $?) "same-person pairs from face matches, alike"
t_ok $(awk -F, '$1 == "appearance" && $2 == "random pairs" { exit !($3 >= 1000 && $4 < 0.2 && $4 > -0.2) }' out; echo $?) \
    "random pairs, unalike"
awk -F, '$1 == "appearance" && $2 ~ /^cosine/ { print $4 }' out >ratios
sort -g ratios >ratios.sorted
t_same ratios ratios.sorted "the likelihood ratio rises with the cosine"
t_ok $(awk -F, '$2 == "cosine 0.9" { exit !($4 > 10) } $2 == "cosine 0.0" { exit !($4 < 0.5) }' out; echo $?) \
    "alike favours the same person, unalike another"
t_grep '^colour,"differs, same person",[0-9]*,0\.[01]' out "colours of the same person seldom differ"
links=$(t_sql a.db "SELECT count(*) FROM link")
t_ok $([ "$(grep -c '^transit,' out)" -eq "$links" ]; echo $?) "a transit row for each of the $links links"
t_ok $(awk -F, '$1 == "transit" && $3 > 0 { n++ } END { exit !(n >= 10) }' out; echo $?) \
    "links walked by named people have transits"
t_ok $(awk -F, '$1 == "passage" { exit !($4 >= 0.3 && $4 <= 0.7) }' out; echo $?) \
    "the simulator stamps the middle of a passage, and the model finds it"
t_ok $(awk -F, '$1 == "names" && $2 == "site" { exit !($3 >= 100 && $4 > 0.95) }' out; echo $?) \
    "face names seldom wrong (one in a hundred here), and the model finds them right"
cp out calibration.1
# (on a server the files imported again; a file archive's copy teaches the
# same model once it is learned again, calibration.4 below)
if ! t_file; then
	vigil-import -q -A b.db w/site.xml w/roster.csv w/gates/*.gate.csv \
	    w/cameras/*.sightings.csv || exit 1
	vigil-track -A b.db --calibration -F csv >calibration.2
	t_same calibration.1 calibration.2 "the same files teach the same model"
fi
if t_file; then
	t_sql b.db "UPDATE model SET body = json_remove(body, '$.names', '$.his')"
else
	t_sql b.db "UPDATE model SET body = (body::jsonb - 'names' - 'his')::text"
fi
t_run vigil-track -A b.db --calibration -F csv
t_grep '^names,site,[0-9]*,0\.881,.*counts +2\.00 as his, -3\.00' out \
    "a model stored before the names were learned: every name as it counted"
t_grep '^appearance,"same person, his",[0-9]*,,"not taken apart (.*a model learned before it was)"$' out \
    "and before his pairs were taken apart from strangers': none"
vigil-import -q -A b.db || exit 1
vigil-track -A b.db --calibration -F csv >calibration.4
t_same calibration.1 calibration.4 "and the next import learns them"
t_sql b.db "DELETE FROM model"
vigil-track -A b.db --calibration -F csv >calibration.3
t_same calibration.1 calibration.3 "an archive without one learns it when read"

# errors
t_run vigil-track -A a.db --from C9999:T1
t_rc 1 "an unknown sighting"
t_err "vigil-track: no sighting 'C9999:T1'" "says so"
t_run vigil-track -A a.db --from nocolon
t_rc 2 "a malformed --from"
t_run vigil-track -A a.db
t_rc 2 "no starting point"
t_run vigil-track -A a.db --from "$anchor" --person "$suspect"
t_rc 2 "two starting points"
t_run vigil-track -A a.db --person P9999999
t_rc 1 "a person the archive does not name"
# On a server (VIGIL_TEST_PG) the first world only: every read of the
# archive the tracker makes is above (anchors by camera, vehicle and plate,
# windows, identities, a person's trajectory, --at, the model learned and
# kept, offsets); what follows is the tracker's own arithmetic on more
# worlds, the same whatever answers the reads (t0237 compares vigil-track
# on both back ends), and on a server it cost more than any other test
t_file || { t_done; exit $?; }

# confirming a later hop raises the hops before it, never sets them to 0
vigil-track -A a.db --from "$anchor" --forward -F csv --columns hop,camera,track,score >before
bad=
for h in $(awk -F, 'NR > 2 && $3 != "" { print $2 ":" $3 }' before); do
	vigil-track -A a.db --from "$anchor" --forward -F csv \
	    --columns hop,camera,track,score --confirm "$h" >after
	awk -F, 'NR == FNR { s[$1] = $4; t[$1] = $2 ":" $3; next }
	    FNR > 1 && t[$1] == "'"$h"'" { exit }
	    FNR > 1 && ($4 < s[$1] - 0.005 || $4 == "0.00") { bad = 1 }
	    END { exit bad }' before after || bad="$bad $h"
done
t_ok $([ -z "$bad" ]; echo $?) "confirming any hop lowers none before it${bad:+ (not$bad)}"

# the scores mean what they say: reliability by score
t_run vigil-track -A a.db --eval w/truth.json --calibration -F csv
t_rc 0 "--eval --calibration"
t_grep '^confidence,hops,mean,right,gap$' out "the reliability table's header"
t_ok $(awk -F, '$1 == "all" { exit !($2 >= 10 && $5 <= 0.1) }' out; echo $?) \
    "hops as right as their scores say, within 0.1"

# kinds stay apart: a vehicle follows vehicles and plate reads only
vehicle=$(t_sql a.db "SELECT d.code || ':' || s.track FROM sighting s JOIN device d ON d.id = s.camera WHERE s.kind = 3 ORDER BY s.id LIMIT 1")
t_run vigil-track -A a.db --from "$vehicle" -F csv --columns camera,type,track,first
awk -F, 'NR > 1 && $2 == "camera" { print "SELECT count(*) FROM sighting s JOIN device d ON d.id = s.camera WHERE d.code = '"'"'" $1 "'"'"' AND s.track = '"'"'" $3 "'"'"' AND s.kind IS DISTINCT FROM 3;" }' out >q.sql
t_ok $([ -z "$(t_sql a.db "$(cat q.sql)" | grep -v '^0$')" ]; echo $?) "a vehicle anchor takes no person's sighting"
vigil-track -A a.db --from "$anchor" -F csv --columns camera,type,track,first >person
awk -F, 'NR > 1 && $2 == "camera" { print "SELECT count(*) FROM sighting s JOIN device d ON d.id = s.camera WHERE d.code = '"'"'" $1 "'"'"' AND s.track = '"'"'" $3 "'"'"' AND s.kind = 3;" }' person >q.sql
t_ok $([ -z "$(t_sql a.db "$(cat q.sql)" | grep -v '^0$')" ]; echo $?) "a person never becomes a car"

# the planted car (vehicle-never-left): from the camera past the gate it
# came in by, the gate's plate read is found, before and by --eval
vgate=$(sed -n '/"vehicle-never-left"/,/]/s/.*{"device":"\(G[0-9]*\)","type":"gate".*/\1/p' w/truth.json)
vcam=$(sed -n '/"vehicle-never-left"/,/]/s/.*{"device":"\(C[0-9]*\)","type":"camera".*"track":"\([^"]*\)".*/\1:\2/p' w/truth.json)
t_ok $([ -n "$vgate" ] && [ -n "$vcam" ]; echo $?) "the truth has the planted car ($vgate, $vcam)"
t_run vigil-track -A a.db --from "$vcam" -F csv --columns camera,type,first
t_ok $(awk -F, 'NR == 2 { exit !($1 == "'"$vgate"'" && $2 == "gate") }' out; echo $?) \
    "the car's path starts at the gate it came in by"
t_ok $(awk 'END { exit !(NR == 3) }' out; echo $?) "and takes no other hop"
t_run vigil-track -A a.db --eval w/truth.json -F csv
set -- $(awk -F, '$1 == "vehicle-never-left" { print $2, $6, $7 }' out)
t_ok $([ "$1" = "$vcam" ] && echo "$2 $3" | awk '{ exit !($1 >= 1 && $2 >= 1) }'; echo $?) \
    "--eval scores the car from its first sighting: precision $2, recall $3"

# plates are the car's identity: read alike, misread by one confusable
# character, or another car's
set -- $(t_sql a.db "SELECT d.code || ':' || s.track, g.plate, g.id FROM sighting s JOIN device d ON d.id = s.camera JOIN gate_event g ON g.plate = s.plate AND g.t BETWEEN s.first - 10000000 AND s.first ORDER BY s.id LIMIT 1" | tr '|' ' ')
pcam=$1 plate=$2 pgate=$3
t_run vigil-track -A a.db --from "$pcam" -F csv --columns type,identity
t_grep '^gate,same$' out "a car's plate read at the gate before names it the same"
misread=$(echo "$plate" | sed 's/0/O/;t;s/1/I/;t;s/2/Z/;t;s/5/S/;t;s/6/G/;t;s/8/B/')
t_ok $([ "$misread" != "$plate" ]; echo $?) "a misread of $plate: $misread"
# (a copy of the file, its row changed by sqlite3)
if t_file; then
	cp a.db p.db
	# the gate_event view shows the spans' tables; a row is changed in its own
	gtable=$(sqlite3 p.db "SELECT 'gate_event' || suffix FROM span WHERE id = $pgate >> 40")
	sqlite3 p.db "UPDATE $gtable SET plate = '$misread' WHERE id = $pgate"
	t_run vigil-track -A p.db --from "$pcam" -F csv --columns type,identity
	t_grep '^gate,$' out "a misread plate is still taken, as weaker evidence"
	sqlite3 p.db "UPDATE $gtable SET plate = 'X9999' WHERE id = $pgate"
	t_run vigil-track -A p.db --from "$pcam" -F csv --columns type,identity
	t_ok $(grep -q '^gate' out; [ $? -ne 0 ]; echo $?) "another plate is not the car"
fi

# floors NAME DIR P R GP GR TP TR GAP: the world in DIR imported, tracked
# with the clocks as logged (precision at least P, recall R), by the greedy
# walk (below GP and GR), with the true offsets set by hand (at least TP
# and TR), and the scores at most GAP from right on the whole
floors() {
	fn=$1 fd=$2 fp=$3 fr=$4 fgp=$5 fgr=$6 ftp=$7 ftr=$8 fgap=$9
	vigil-import -q -A $fd.db $fd/site.xml $fd/roster.csv \
	    $fd/gates/*.gate.csv $fd/cameras/*.sightings.csv || exit 1
	t_run vigil-track -A $fd.db --eval $fd/truth.json -F csv
	set -- $(awk -F, '$1 == "overpass-assault" { print $6, $7 }' out)
	t_ok $(echo "$1 $2 $fp $fr" | awk '{ exit !($1 >= $3 && $2 >= $4) }'
	    echo $?) "$fn: precision $1 and recall $2 with the clocks as logged"
	vigil-track -A $fd.db --eval $fd/truth.json -F csv --greedy >greedy
	set -- $(awk -F, '$1 == "overpass-assault" { print $6, $7 }' greedy)
	t_ok $(echo "$1 $2 $fgp $fgr" | awk '{ exit !($1 < $3 && $2 < $4) }'
	    echo $?) "$fn: the greedy walk derails ($1, $2)"
	sed -n 's/.*{"camera":"\([^"]*\)","seconds":\([-0-9.]*\)}.*/\1=\2/p' \
	    $fd/truth.json >offsets
	t_ok $([ -s offsets ]; echo $?) "$fn: the truth gives the clocks' offsets"
	while read o; do
		vigil-skew -A $fd.db --set "$o" >/dev/null || exit 1
	done <offsets
	t_run vigil-track -A $fd.db --eval $fd/truth.json -F csv
	set -- $(awk -F, '$1 == "overpass-assault" { print $6, $7 }' out)
	t_ok $(echo "$1 $2 $ftp $ftr" | awk '{ exit !($1 >= $3 && $2 >= $4) }'
	    echo $?) "$fn: precision $1 and recall $2 with the true offsets"
	t_run vigil-track -A $fd.db --eval $fd/truth.json --calibration -F csv
	t_ok $(awk -F, -v g=$fgap '$1 == "all" { exit !($5 <= g) }' out
	    echo $?) "$fn: the scores are no more than $fgap from right on the whole"
}

# a field-like site, at the hard end of its dials: a floor, the baseline
# far below, before and after the clocks are set right by hand (precision
# 0.944 on the tracker's own branch, 0.895 once the archive was split by
# day: one hop; the floor is below what the merged tools measure; the
# cause: the sample the model learns strangers from moved, see
# bench/README.md, "the field world's lost hop")
vigil-simulate -q --preset field --seed 12 --dial noise=0.6 --dial crowd=1500 \
    -o f || exit 1
floors field f 0.88 0.85 0.3 0.3 0.97 0.9 0.4
# the field world from its anchor: the greedy walk takes each hop nearest
# in time within its way's bounds, never under the least (back in time):
# the hops in time order
set -- $(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1:\2/p' \
    f/truth.json)
vigil-track -A f.db --from "$1" -F csv --greedy | awk -F, '
    NR > 1 { split(substr($6, 12), t, /[:+]/)
	at = t[1] * 3600 + t[2] * 60 + t[3]; split($9, b, /\.\./) }
    NR > 2 && ($8 < b[1] || $8 > b[2] || at < was) { n++ }
    NR > 1 { was = at } END { print NR - 1, n + 0 }' >hops
t_ok $(grep -q '^[1-9][0-9]* 0$' hops; echo $?) \
    "field: the greedy walk within the bounds, in time order (hops, not: $(cat hops))"
# and the search: a hop's runner-ups weigh of the same paths as it,
# together no more than all (rounding aside)
vigil-track -A f.db --from "$1" -F table | awk '/^hop [0-9]+ \(/ {
	t = substr($3, 2) + 0
	for (i = 5; i <= NF; i++) if ($i ~ /^\(/) t += substr($i, 2) + 0
	if (t > 1.02) print }' >over
t_ok $([ ! -s over ]; echo $?) "field: no runner-up outweighs what its hop leaves ($(cat over))"

# the hard end of bench/track-grid: cameras that miss one passage in four
# (several in a row on the way), 2000 people near the incident and a
# suspect at a sprint; floors below what it gets (0.929 and 0.722 as
# logged, 0.947 and 1.000 with the true offsets, 0.05 from right; with
# the clocks left in doubt and the path's own pace, 1.000 and 1.000 with
# the true offsets but 0.171 from right: every hop right, the scores too
# low, 0.53-0.69 on eight of them)
vigil-simulate -q --preset field --seed 11 --dial miss=0.25 --dial crowd=2000 \
    --dial run=1.0-1.1 -o h || exit 1
floors "missed cameras, crowd, sprint" h 0.9 0.7 0.1 0.3 0.93 0.95 0.2
t_run vigil-track -A h.db --calibration -F csv
t_grep '^passage,first to last,[0-9]*,[01]\.[0-9]*,".*quartiles [01]\.[0-9][0-9]\.\.[01]\.[0-9][0-9]"$' out \
    "the passage is reported with its uncertainty"
t_grep '^walk,turns back,[1-9][0-9]*,0\.[0-9]*,share of named walks' out \
    "and how often a walk turns back"

# a one-hour export: two named walks, both turning back; a share of
# turning back learned from them (0.75) weighed every step onward at a
# third of its odds and the path stopped at its first hop (recall 0.062
# after vigil-skew --apply); under 30 walks the share is not used
# (0.909 and 0.625 after --apply)
vigil-simulate -q --preset field --seed 53 --dial span=1 -o s1 || exit 1
vigil-import -q -A s1.db s1/site.xml s1/roster.csv s1/gates/*.gate.csv \
    s1/cameras/*.sightings.csv || exit 1
t_run vigil-track -A s1.db --calibration -F csv
t_grep '^walk,turns back,2,0\.750,share of named walks that turn back at a device watching no place; too few walks to weigh the ways on: turning back drawn towards alike$' out \
    "a share of turning back from two walks is shown, and said not to weigh the ways on"
vigil-skew -A s1.db --apply -q >/dev/null || exit 1
t_run vigil-track -A s1.db --eval s1/truth.json -F csv
set -- $(awk -F, '$1 == "overpass-assault" { print $6, $7 }' out)
t_ok $(echo "$1 $2" | awk '{ exit !($1 >= 0.85 && $2 >= 0.55) }'; echo $?) \
    "a one-hour export: precision $1 and recall $2 after --apply"

# paths that lost the truth by stopping: a true hop with a poor look, or
# past a camera that rarely misses, took the path below its best sum and
# the true hops after it did not climb back within two (bench/README.md,
# "Hops to bridge"); after vigil-skew --apply, with two hops to bridge and
# two unseen devices at most: 0.000 and 0.000 on the first world (the
# anchor alone), 1.000 and 0.562 on the second; now 1.000 and 1.000,
# 1.000 and 0.938
# bridged NAME DIR P R: the world in DIR imported, vigil-skew --apply, then
# tracked: precision at least P and recall at least R
bridged() {
	vigil-import -q -A $2.db $2/site.xml $2/roster.csv \
	    $2/gates/*.gate.csv $2/cameras/*.sightings.csv || exit 1
	vigil-skew -A $2.db --apply -q >/dev/null || exit 1
	t_run vigil-track -A $2.db --eval $2/truth.json -F csv
	set -- "$1" $(awk -F, '$1 == "overpass-assault" { print $6, $7 }' out) \
	    $3 $4
	t_ok $(echo "$2 $3 $4 $5" | awk '{ exit !($1 >= $3 && $2 >= $4) }'
	    echo $?) "$1: precision $2 and recall $3 after --apply"
}
vigil-simulate -q --preset field --seed 111 --dial noise=0.6 \
    --dial noise-tail=1.0 --dial face=0.3 --dial colour-error=0.3 \
    --dial walk=1.5-2.5 --dial crowd=1500 -o hl || exit 1
bridged "noisy looks, 1500 people" hl 0.9 0.9
# a third of the faces named wrongly: the named pairs' lower quartile is a
# stranger's (0.025), his own pairs' 0.36 by the truth, 0.58 of the pairs
# his; taken apart from the strangers', 0.371 and 0.569
t_run vigil-track -A hl.db --calibration -F csv
t_grep '^appearance,same person,[0-9]*,0\.[0-9]*,cosine median; quartiles -\{0,1\}0\.0[0-9]*\.\.' out \
    "noisy looks: the named pairs' lower quartile a stranger's"
t_grep '^appearance,"same person, his",[0-9]*,0\.5[0-9]*,".*of the pairs 0\.5[0-9]* his; quartiles 0\.3[0-9]*\.\.0\.7[0-9]*"$' out \
    "and his own, the strangers' taken apart"
vigil-simulate -q --preset field --seed 111 -o f111 || exit 1
bridged "the field preset, seed 111" f111 0.9 0.85

# a noisy anchor: 16 values a look, heavy noise, and the anchor's own
# vector a poor draw of his (anchor-noise); every later hop capped by its
# likeness to the anchor alone fell below the crowd: 0.50 and 0.27 after
# --apply; capped by the path's core once two hops confirmed by two cues
# join it, 0.94 and 1.00; the one stranger left (a woman in his black and
# blue at C0049) out once a sex other than the path's is weighed, 1.00
vigil-simulate -q --preset field --seed 501 --dial dim=16 --dial noise=0.6 \
    --dial noise-tail=1.0 --dial anchor-noise=1.2 -o na || exit 1
bridged "a noisy anchor" na 0.95 0.9

# his first passages ahead (C0099, G008, C0085, each a few seconds within
# the clock noise of the one before) fit the way back too: searched first,
# it took them, and the way ahead could not (0.833 and 1.000 after
# --apply); a passage both ways would take goes to the way whose paths
# then score higher together: 1.000 and 1.000
vigil-simulate -q --preset field --seed 2101 --dial walk=5.6-7.1 -o ws || exit 1
bridged "a passage both ways would take" ws 0.95 0.95

# going back, his passage up the stair past the anchor's camera 564 s
# before (his stay on the overpass) looked unlike the anchor's one
# vector, and a look-alike's path won (0.684 and 0.765 after --apply);
# the way back judged by the look and colours of the path ahead, searched
# first: 1.000 and 1.000
vigil-simulate -q --preset field --seed 2102 --dial dim=16 -o st || exit 1
bridged "his stay, judged by the path ahead" st 0.95 0.95

# after a camera that missed him, his next passage looked poor and a
# look-alike's passage back the way he came, named as another, won: the
# site names 28 walks, none turning back, too few to weigh the ways on,
# so turning back was as likely as going on (0.667 and 0.778 after
# --apply); turning back weighed by the walks, drawn towards alike by 30
# walks' worth: 0.944 and 0.944; 0.941 and 0.889 once a hop between two
# others is kept only where more likely his than not (his C0096, a poor
# look at 16 values, a stranger 8 s behind him: 0.41 his)
vigil-simulate -q --preset field --seed 2403 --dial dim=16 -o tb || exit 1
bridged "turning back, from too few walks" tb 0.9 0.85

# a noisy anchor again: every first hop ahead, held to the anchor's one
# vector, scored under stopping and the way ahead stopped at the anchor,
# while the way back found his stay and the walkway before it (1.000 and
# 0.214 after --apply); the way ahead searched again from what the way
# back found of him, his look, colours and core: 0.917 and 0.786
vigil-simulate -q --preset field --seed 2503 --dial dim=16 --dial noise=0.6 \
    --dial noise-tail=1.0 --dial anchor-noise=1.2 -o nb || exit 1
bridged "nothing ahead, the way back's look" nb 0.9 0.75

# the two cameras after the anchor both missed him: his first passage
# ahead, two unseen on, paid for both misses at once, held to the
# anchor's one vector: under the bar at the first step (-7.4), and the
# way ahead went three unseen on by a shorter way (1.000 and 0.462 after
# --apply, with or without the best hop of each kind of way in the first
# beam; at noise-tail 0.75 that alone gave 0.929 and 1.000); a first hop
# whose look is for him kept down to twice the bar, for the hop after it
# to bridge: 0.929 and 1.000; the stranger then found for C0105, which
# missed him (a log ratio of 0.52 against a miss, but 0.49 of the chances
# with the others that window holds), left out: a hop found afterwards is
# taken only where more likely his than not, 1.000 and 1.000
vigil-simulate -q --preset field --seed 2502 --dial noise=0.6 \
    --dial noise-tail=1.0 -o mb || exit 1
bridged "misses beside the anchor" mb 0.95 0.9

# a poor draw of the anchor's look: held to its one vector, his stay's
# return scored under stopping going back, and ahead a look-alike's path
# was taken (0.000 and 0.000 after --apply); the anchor doubted where the
# search's own hops agree among themselves as two sightings of one person
# do and the anchor sits farther from their mean, ahead and then back:
# 1.000 and 0.733
vigil-simulate -q --preset field --seed 2503 --dial gates=20 -o pd || exit 1
bridged "a poor draw of the anchor" pd 0.9 0.7

# three cameras after the anchor missed him: his first passage ahead,
# three unseen on, then his gate and his walk one camera at a time, while
# paths that reached his later passages at once by shorter ways (past
# devices unseen, or another's gate read) gathered their good hops and
# filled the beam, of as many hops each; his own, behind in hops but
# ahead of them at its own hour, fell out (0.917 and 0.688 after
# --apply); kept past the beam: 1.000 and 0.875
vigil-simulate -q --preset field --seed 3001 -o m3 || exit 1
bridged "three misses beside the anchor" m3 0.95 0.85

# a gate's face reads that name no one (gate-face=0.3, a gate every two
# cameras): each unnamed read within a step's bounds had been a candidate
# of its own, and past his home the path took them and strangers after
# them (precision 0.714, recall 1.000, 15 of 21 hops right, without
# --apply); the likeliest standing for the window's unnamed reads: 0.882
# and 1.000 (15 of 17)
vigil-simulate -q --preset field --seed 3916 --dial face=0.3 \
    --dial gate-face=0.3 --dial gates=0 -o gf || exit 1
vigil-import -q -A gf.db gf/site.xml gf/roster.csv gf/gates/*.gate.csv \
    gf/cameras/*.sightings.csv || exit 1
t_run vigil-track -A gf.db --eval gf/truth.json -F csv
set -- $(awk -F, '$1 == "overpass-assault" { print $6, $7 }' out)
t_ok $(echo "$1 $2" | awk '{ exit !($1 >= 0.85 && $2 >= 0.95) }'; echo $?) \
    "a gate's reads that name no one: precision $1 and recall $2"

# a refused badge read and the grant after it, logged at one instant, are
# one passage: with the camera after the gate corrected (C0102 117.56 s
# slow, as vigil-skew --apply finds it) the path took the gate, the
# camera 2 s on, and the gate's other read again, 2 s back in time
# (precision 0.933); the gate once: 1.000
vigil-simulate -q --preset field --seed 3919 --dial dim=16 \
    --dial skewed=0.25 -o gt || exit 1
vigil-import -q -A gt.db gt/site.xml gt/roster.csv gt/gates/*.gate.csv \
    gt/cameras/*.sightings.csv || exit 1
vigil-skew -A gt.db --set C0102=117.56 >/dev/null || exit 1
t_run vigil-track -A gt.db --from C0103:T000033 -F csv
t_rc 0 "a track past a gate read twice"
awk -F, '$4 == "gate" { print $3, substr($6, 1, 19) }' out | sort | uniq -d >twice
t_ok $([ ! -s twice ]; echo $?) "a gate's passage taken once$( [ -s twice ] && echo " (not: $(cat twice))")"

# --eval matches one to one: a gate the truth has him pass twice 1.8 s
# apart (suspect-loop=4 seed 3002, G008 out and back in) and the path's
# one hop there had matched both, a precision over 1 (1.045 there); here
# the same world's truth given G010 twice
sed '/"path": \[/,/\]/{/"device":"G010".*21:15:19\.739651/{p;s/19\.739651/21.539651/;}}' \
    gt/truth.json >gt/twice.json
t_run vigil-track -A gt.db --eval gt/twice.json -F csv
awk -F, '$1 == "overpass-assault"' out >got
echo 'overpass-assault,C0103:T000033,15,14,14,1.000,0.933,0.974' >want
t_same got want "a gate passed twice, one hop there: matched once"

# a camera has one clock on a path: the demo's site with four sightings of
# one look added in an hour when no one else is seen: C017 (the anchor),
# C018 115 s on (the way's most is 120 s: C018's clock no more than 20 s
# slow, with the clocks' noise), C019 65 s on, and C018 again 15 s after
# C019 (the way's least is 40 s), which fits only with C018 25 s slow; a
# doubted camera's clock not kept to what its own hops allow took it so,
# C018 read at no offset and at -25 s on one path; kept (clock_kept()),
# the path ends at C019
v=$(sed -n 2p "$DEMO/edge.sightings.csv" | awk -F, '{ print $NF }')
cp "$DEMO/edge.sightings.csv" ck.sightings.csv
for r in C017,T9001,01:00:00,01:00:10,male\;running=yes \
    C018,T9002,01:01:55,01:02:05,male C019,T9003,01:03:00,01:03:10,male \
    C018,T9004,01:03:15,01:03:25,male; do
	echo "$r" | awk -F, -v v="$v" '{ printf "%s,%s,2018-11-21T%s,2018-11-21T%s,person,,,,black,blue,gender=%s,0.5,0.5,0.12,0.31,%s\n", $1, $2, $3, $4, $5, v }'
done >>ck.sightings.csv
vigil-import -q -A ck.db "$DEMO/site.xml" "$DEMO/roster.csv" \
    "$DEMO/north.gate.csv" ck.sightings.csv || exit 1
t_run vigil-track -A ck.db --from C017:T9001 -F csv --columns camera,track,transit,clock
printf 'camera,track,transit,clock\nC017,T9001,,\nC018,T9002,115.0,\nC019,T9003,65.0,\n' >want
t_same out want "a camera has one clock on a path: C018 not taken 25 s slow after a hop at no offset"
# a clock recorded right (0: vigil-skew --apply's confirmed, or by hand) is
# doubted as one with no row: back from C018's second sighting, C019 15 s
# before it fits only 25 s fast, and is taken so either way (trusted, the
# path went back to C017 at -75 s instead)
t_run vigil-track -A ck.db --from C018:T9004 -F csv --columns camera,track,transit,clock
cp out want
t_grep '^C019,T9003,40\.0,+25\.0$' want "with no row, C019 taken 25 s fast"
for f in ck.db ck.db-look-*; do cp "$f" "c0${f#ck}" || exit 1; done
vigil-skew -A c0.db --set C019=0 || exit 1
t_run vigil-track -A c0.db --from C018:T9004 -F csv --columns camera,track,transit,clock
t_same out want "a clock recorded as 0 is doubted as one with none (C019 taken 25 s fast)"

# how far a camera with no correction may be off is the site's: 300 s, or
# 1.25 times the largest correction recorded, by its part that is not a
# whole number of hours (a clock on another zone says nothing of how far
# the others drift).  The demo's site, one look at C018 and C019 600 s
# apart in an hour when no one else is seen (the way's most is 240 s: C019
# 360 s fast); C060, off the way, given corrections by hand
for r in C018,T9101,03:00:00,03:00:10,male\;running=yes \
    C019,T9102,03:10:00,03:10:10,male; do
	echo "$r" | awk -F, -v v="$v" '{ printf "%s,%s,2018-11-21T%s,2018-11-21T%s,person,,,,black,blue,gender=%s,0.5,0.5,0.12,0.31,%s\n", $1, $2, $3, $4, $5, v }'
done >hz.rows
cat "$DEMO/edge.sightings.csv" hz.rows >hz.sightings.csv
vigil-import -q -A hz.db "$DEMO/site.xml" "$DEMO/roster.csv" \
    "$DEMO/north.gate.csv" hz.sightings.csv || exit 1
printf 'camera,track,transit,clock\nC018,T9101,,\n' >want
printf 'camera,track,transit,clock\nC018,T9101,,\nC019,T9102,240.0,+360.0\n' >want2
for o in C060=-3599.1:want C060=-450:want2 C060=-4050:want2 C060=3600.8:want; do
	rm -f hx.db*
	for f in hz.db hz.db-look-*; do cp "$f" "hx${f#hz}" || exit 1; done
	vigil-skew -A hx.db --set "${o%:*}" >/dev/null || exit 1
	t_run vigil-track -A hx.db --from C018:T9101 -F csv --columns camera,track,transit,clock
	t_same out "${o#*:}" "${o%:*} s recorded: the doubt as wide as its part off the hour"
done

t_done
