#!/bin/sh
# t0700-track: vigil-track follows the overpass man across cameras and gates,
# and scores well above the nearest-in-time baseline against the truth
. "$top_srcdir/tests/lib.sh"

vigil-simulate -q --seed 1 -o w || exit 1
vigil-import -q -A a.db w/site.xml w/roster.csv w/gates/*.gate.csv \
    w/cameras/*.sightings.csv || exit 1
anchor=$(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1:\2/p' w/truth.json)
suspect=$(sed -n 's/.*"suspect": "\(P[0-9]*\)".*/\1/p' w/truth.json | head -1)
gate=$(sed -n 's/.*"gate":"\(G[0-9]*\)".*/\1/p' w/truth.json | head -1)

t_run vigil-track -A a.db --from "$anchor" -F csv
t_rc 0 "a track from the overpass anchor"
t_grep '^path,hop,camera,type,track,first,last,transit,bounds,unseen,appearance,person,identity,score,source$' out \
    "csv has a stable header"
t_grep ",anchor,1.00," out "the anchor is in the path"
t_grep "^1,[0-9]*,$gate,gate,,[^,]*,,[^,]*,[^,]*,[^,]*,,$suspect," out \
    "the path goes through the face gate that names him"
awk -F, 'NR > 1 { print $6 }' out >times
sort times >sorted
t_same times sorted "hops are in time order"

# accuracy against the truth: a floor, and the baseline far below it
t_run vigil-track -A a.db --eval w/truth.json -F csv
t_rc 0 "--eval"
set -- $(awk -F, '$1 == "overpass-assault" { print $6, $7 }' out)
t_ok $(echo "$1 $2" | awk '{ exit !($1 >= 0.95 && $2 >= 0.85) }'; echo $?) \
    "precision $1 and recall $2, before any clock correction"
vigil-track -A a.db --eval w/truth.json -F csv --greedy >greedy
set -- $(awk -F, '$1 == "overpass-assault" { print $6, $7 }' greedy)
t_ok $(echo "$1 $2" | awk '{ exit !($1 < 0.6 && $2 < 0.5) }'; echo $?) \
    "the greedy nearest-in-time walk scores far lower ($1, $2)"

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
t_run vigil-track -A a.db --person "$suspect" -F csv
t_rc 0 "--person builds his trajectory"
t_grep ",$gate,gate,," out "through the gate that named him"

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
t_done
