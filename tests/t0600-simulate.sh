#!/bin/sh
# t0600-simulate: the simulated world is deterministic, valid, imports without
# a reject, carries its planted incidents and faults, and tells the truth
. "$top_srcdir/tests/lib.sh"

t_run vigil-simulate -o w1
t_rc 0 "a demo world"
t_grep "^vigil-simulate: 'w1': 400 people, " err "says what it made"
vigil-simulate -q -o w2
(cd w1 && find . -type f | sort | xargs sha256sum) >sum1
(cd w2 && find . -type f | sort | xargs sha256sum) >sum2
t_same sum1 sum2 "the same seed gives the same bytes"
vigil-simulate -q --seed 2 -o w3
(cd w3 && find . -type f | sort | xargs sha256sum) >sum3
cmp -s sum1 sum3
t_ok $([ $? -ne 0 ]; echo $?) "another seed, another world"

for f in site.xml roster.csv truth.json; do
	t_ok $([ -s w1/$f ]; echo $?) "$f is written"
done
t_run vigil-site -q w1/site.xml
t_rc 0 "the site passes its schema and checks"
t_run vigil-import -A w1.db w1/site.xml w1/roster.csv w1/gates/*.gate.csv \
    w1/cameras/*.sightings.csv
t_rc 0 "every log imports without a reject"
t_ok $(grep -c "rejected" err | grep -qx 0; echo $?) "no rejects reported"

# the truth: every planted incident, the anchor, the clock offsets
for k in overpass-assault night-theft cloned-badge vehicle-never-left tailgating; do
	t_grep "\"kind\": \"$k\"" w1/truth.json "truth.json has the $k"
done
anchor=$(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1 \2/p' w1/truth.json)
set -- $anchor
t_run vigil-query -A w1.db -F csv --camera "$1" --from '2018-11-20 21:12' \
    --to '2018-11-20 21:14' --columns track,upper,lower,attrs
t_grep "^$2,black,blue,gender=male;running=yes" out "the anchor sighting: a running man in black and blue at 21:13"
t_grep '"clock_offsets": \[' w1/truth.json "clock offsets are listed"
t_ok $([ "$(grep -c '"seconds":' w1/truth.json)" -ge 2 ]; echo $?) "some cameras' clocks are wrong"

# the suspect is named by a face gate on his way home
suspect=$(sed -n 's/.*"suspect": "\(P[0-9]*\)".*/\1/p' w1/truth.json | head -1)
t_run vigil-query -A w1.db -F csv --person "$suspect" --kind gate \
    --from '2018-11-20 21:13' --to '2018-11-20 21:30' --columns credential,result
t_grep '^face,granted$' out "a face gate names the suspect after the incident"

# the faults are there, in proportion
counts=$(sed -n 's/.*"counts": {\(.*\)}.*/\1/p' w1/truth.json)
sightings=$(echo "$counts" | sed 's/.*"sightings":\([0-9]*\).*/\1/')
missed=$(echo "$counts" | sed 's/.*"missed_detections":\([0-9]*\).*/\1/')
t_ok $([ $((missed * 100 / (missed + sightings))) -ge 5 ] &&
    [ $((missed * 100 / (missed + sightings))) -le 12 ]; echo $?) \
    "about 8% of passages are missed by the analytics ($missed of $((missed + sightings)))"
n=$(vigil-query -A w1.db -F csv --kind gate --columns result | grep -c '^denied$')
t_ok $([ "$n" -gt 0 ]; echo $?) "some passages are denied ($n)"
n=$(vigil-query -A w1.db -F csv --kind gate --columns result | grep -c '^alarm$')
t_ok $([ "$n" -gt 0 ]; echo $?) "a tailgater sets off an alarm"
n=$(vigil-query -A w1.db -F csv --strangers --columns type | grep -c .)
t_ok $([ "$n" -gt 1 ]; echo $?) "strangers come and go"
n=$(vigil-query -A w1.db -F csv --kind sighting --columns person | grep -c '^P')
t_ok $([ "$n" -gt 0 ]; echo $?) "face cameras match people to the roster"
t_ok $([ "$(grep -c ',,[a-z]*,[a-z]*,gender=female' w1/cameras/*.csv | awk -F: '{s += $2} END {print s}')" -gt 0 ]; echo $?) "attributes are logged"
b=$(vigil-query -A w1.db -F csv --kind sighting --from '2018-11-20 20:00' --to '2018-11-20 20:10' --columns device | wc -l)
q=$(vigil-query -A w1.db -F csv --kind sighting --from '2018-11-20 03:00' --to '2018-11-20 03:10' --columns device | wc -l)
t_ok $([ "$b" -gt $((4 * q)) ]; echo $?) "the shift change is a crowd ($b sightings in ten minutes, $q at 03:00)"

# what it refuses
t_run vigil-simulate -o w1
t_rc 1 "a directory that is not empty"
t_err "vigil-simulate: 'w1' is not empty: give -f to write into it anyway" "says so"
t_run vigil-simulate --scale town -o w4
t_rc 2 "an unknown scale"
t_run vigil-simulate --hours 30 -o w4
t_rc 2 "too many hours"
t_run vigil-simulate
t_rc 2 "no -o"

# the dials: listed with their defaults and ranges
t_run vigil-simulate --dial help
t_rc 0 "--dial help"
for d in anchor-noise chain colour-error crowd detour dim empty face \
    gate-face gates gates-edge hop incident-faults link-max loops miss noise noise-tail \
    oneway run skew skew-dst skew-utc skewed span stamp suspect-loop \
    suspect-loop-at view view-side \
    view-spread walk wander; do
	t_grep "^$d " out "--dial help lists $d"
done
t_grep '^dim  *16  *2-1024  ' out "with its default and range"
t_grep '^skew  *20-180  *0-86400  ' out "a range's default"
t_grep '^preset field: ' out "and the preset"
t_ok $(sed -n '2,35p' out | cut -d' ' -f1 | sort -c; echo $?) "sorted by name"
t_ok $(grep -q "^usage: vigil-simulate .*--dial name=value" out; [ $? -ne 0 ]; echo $?) "not the usage"

# bad dials: exit 2, say what is wrong, write nothing
bad() {	# bad MESSAGE DESCRIPTION ARGS...
	t_m=$1 t_d=$2
	shift 2
	t_run vigil-simulate "$@" -o bad
	t_rc 2 "$t_d"
	t_grep "^vigil-simulate: $t_m\$" err "$t_d: says so"
	t_ok $([ ! -e bad ]; echo $?) "$t_d: writes nothing"
}
bad "unknown dial 'nosuch' (--dial help lists them)" "an unknown dial" --dial nosuch=1
bad "dial 'dim': use NAME=VALUE (--dial help lists them)" "a dial without a value" --dial dim
bad "dial dim: '1' is not a whole number from 2 to 1024" "a dimension too small" --dial dim=1
bad "dial dim: '16.5' is not a whole number from 2 to 1024" "a dimension not whole" --dial dim=16.5
bad "dial face: '1.5' is not a number from 0 to 1" "a rate over 1" --dial face=1.5
bad "dial face: '' is not a number from 0 to 1" "an empty value" --dial face=
bad "dial noise: '-0.1' is not a number from 0 to 5" "a negative noise" --dial noise=-0.1
bad "dial skew: '240-40' is not seconds or a range lo-hi, with s, m or h from 0 to 86400" "a range upside down" --dial skew=240-40
bad "dial skew: '1d' is not seconds or a range lo-hi, with s, m or h from 0 to 86400" "an unknown unit" --dial skew=1d
bad "dial skew: '25h' is not seconds or a range lo-hi, with s, m or h from 0 to 86400" "more than a day" --dial skew=25h
bad "dial walk: '0.5-3' is not a number or a range lo-hi from 1 to 20 or 0" "a walk faster than the minimum" --dial walk=0.5-3
bad "dial run: '0-1.5' is not a number or a range lo-hi from 1 to 10 or 0" "half a default" --dial run=0-1.5
bad "dial gates: '0.5' is not a number from 1 to 100 or 0" "a gate density under 1" --dial gates=0.5
bad "unknown preset 'lab' (--dial help lists them)" "an unknown preset" --preset lab
bad "dial span=3 and --start or --hours: give one or the other" "span with --hours" --dial span=3 --hours 3

# with no dials, truth.json says so
t_grep '"preset":null' w1/truth.json "no preset"
t_grep '"dim":16,' w1/truth.json "the default dimension is recorded"
t_grep '"walk":\[0,0\]' w1/truth.json "and a range as built"
t_grep '"link_minimum_speed": 7.0000,' w1/truth.json "links' minimum at 7 m/s"
t_grep '"C0001":{"offset":0.000,' w1/truth.json "every camera's clock, right ones too"

# dim: that many floats in every vector, and the archive takes them
vigil-simulate -q --dial dim=64 --dial span=1 --dial gate-face=0 -o d64
t_ok $(awk -F, 'FNR > 1 && $16 != "" && length($16) != 344 { bad = 1 } END { exit bad }' d64/cameras/*.csv; echo $?) "dim=64: every vector is 256 bytes in base64"
t_grep '"dim":64,' d64/truth.json "dim=64 is recorded"
t_run vigil-import -q -A d64.db d64/site.xml d64/roster.csv d64/gates/*.gate.csv d64/cameras/*.sightings.csv
t_rc 0 "dim=64 imports"

# gate-face: 0 leaves a gate's face reads nameless but for passages
# without faults (the incidents'); as built, every face read that lets
# one through names him
faces() {	# faces DIR: named and unnamed granted face reads at gates
	cat "$1"/gates/*.gate.csv | awk -F, '$4 == "face" && $8 == "granted" {
	    if ($3 == "") { u++; if ($9 < 0.31 || $9 > 0.60) bad++ } else n++ }
	    END { print n + 0, u + 0, bad + 0 }'
}
faces d64 >faces
read fn fu fb <faces
t_ok $([ "$fn" -le 5 ] && [ "$fu" -ge 20 ] && [ "$fb" -eq 0 ]; echo $?) "gate-face=0: $fu face reads name no one (scores 0.31-0.60), $fn of passages without faults name"
faces w1 >faces
read fn fu fb <faces
t_ok $([ "$fn" -ge 20 ] && [ "$fu" -eq 0 ]; echo $?) "as built: $fn face reads, each names him"

# suspect-loop: from the first camera after the anchor out past three
# devices and back to it; at 0 (the default) it draws nothing
vigil-simulate -q --dial span=1 --dial suspect-loop=3 -o lp
vigil-simulate -q --dial span=1 --dial suspect-loop=0 -o lp0
vigil-simulate -q --dial span=1 -o lpn
t_ok $(diff -r -x truth.json lp0 lpn >/dev/null; echo $?) "suspect-loop=0: the logs as without the dial"
# the overpass path's devices from the anchor on, one a line
awk -F'"' '/"anchor": / && !a { a = $6 ":" $10 } /"path": \[/ && a { on = 1; next }
    on && /^      \]/ { exit } on && /"device":/ {
	t = match($0, /"track":"[^"]*"/) ? substr($0, RSTART + 9, RLENGTH - 10) : ""
	if ($4 ":" t == a) go = 1
	if (go) print $4 }' lp/truth.json >loop
t_ok $(awk 'NR == 2 { c = $1 } NR > 2 && $1 == c { n = NR - 3; exit }
    END { exit !(n >= 3) }' loop; echo $?) "suspect-loop=3: back to the anchor's next camera past 3 devices or more: $(head -9 loop | tr '\n' ' ')"
t_ok $(diff -r -x truth.json lp lpn >/dev/null; [ $? -eq 1 ]; echo $?) "and the logs differ"

# span: three hours round the assault
vigil-simulate -q --dial span=3 -o sp3
t_grep '"from": "2018-11-20T19:43:00+08:00",' sp3/truth.json "span=3 starts at 19:43"
t_grep '"to": "2018-11-20T22:43:00+08:00",' sp3/truth.json "and ends at 22:43"

# skew: whole hours, and every camera but the stair's
vigil-simulate -q --dial skew=8h --dial skewed=1 --dial span=1 -o s8
n=$(grep -c '{"camera":"C[0-9]*","seconds":' s8/truth.json)
h=$(grep -c '"seconds":-*28800.000}' s8/truth.json)
cams=$(sed -n 's/.*"cameras":\([0-9]*\).*/\1/p' s8/truth.json)
t_ok $([ "$h" -eq $((cams - 2)) ] && [ "$n" -eq $((cams - 1)) ]; echo $?) "skew=8h skewed=1: $h of $cams cameras 8 hours off (the stair right, one on his path 47.25 s)"
t_grep '"skew":\[28800,28800\]' s8/truth.json "skew=8h is recorded in seconds"
vigil-simulate -q --dial skew-utc=1 --dial skewed=0 --dial span=1 -o utc
t_ok $([ "$(grep -c '"offset":-28800.000' utc/truth.json)" -eq $((cams - 2)) ]; echo $?) "skew-utc=1: every camera but two on UTC"
# a sighting on UTC is logged 8 hours before it happened
row=$(awk -F, 'NR == 2 { print $1 "," $2 "," $4; exit }' utc/truth-sightings.csv)
cam=${row%%,*}
rest=${row#*,}
trk=${rest%%,*}
true=${rest#*,}
first=$(awk -F, -v t="$trk" '$2 == t { print $3 }' utc/cameras/$cam.sightings.csv)
want=$(echo "$true" | awk '{ printf "%sT%02d", substr($0, 1, 10), substr($0, 12, 2) - 8 }')
t_ok $([ "$want" = "$(echo "$first" | cut -c1-13)" ]; echo $?) "$cam:$trk at $true is logged at $first"
vigil-simulate -q --dial skew-dst=1 --dial skewed=0 --dial span=1 -o dst
t_ok $([ "$(grep -c '"offset":-*3600.000' dst/truth.json)" -eq $((cams - 2)) ]; echo $?) "skew-dst=1: every camera but two an hour off"

# stamp: 0 puts the true time at first, 0.5 in the middle
vigil-simulate -q --dial stamp=0 --dial span=1 -o st0
a=$(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1 \2/p' st0/truth.json)
t_grep "{\"device\":\"${a% *}\",\"type\":\"camera\",\"time\":\"2018-11-20T21:13:05.120+08:00\",\"track\":\"${a#* }\",\"first\":\"2018-11-20T21:13:05.120\"," st0/truth.json "stamp=0: the anchor's first is its true time"
a=$(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1 \2/p' w1/truth.json)
t_ok $(grep -q "\"time\":\"2018-11-20T21:13:05.120+08:00\",\"track\":\"${a#* }\",\"first\":\"2018-11-20T21:13:05.120\"" w1/truth.json; [ $? -ne 0 ]; echo $?) "stamp=0.5: it is not"

# view-side: the true time is first or last, as the camera is walked into
# or out of its view (C0087, the stair's, is skewed whatever the dials)
at() {	# at DIR: sightings whose true time is "first last neither"
	grep -o '"device":"[^"]*","type":"camera","time":"[^"]*","track":"T[0-9]*","first":"[^"]*","last":"[^"]*"' \
	    "$1/truth.json" | sed 's/"device":"\([^"]*\)","type":"camera","time":"\([^+]*\)+08:00","track":"[^"]*","first":"\([^"]*\)","last":"\([^"]*\)"/\1 \2 \3 \4/' |
	    awk '$1 != "C0087" { if ($2 == $3) f++; else if ($2 == $4) l++; else o++ }
	    END { print f + 0, l + 0, o + 0 }'
}
vigil-simulate -q --dial view-side=1 --dial skewed=0 --dial span=1 -o vs1
vigil-simulate -q --dial skewed=0 --dial span=1 -o vs0
set -- $(at vs1)
t_ok $([ "$1" -gt 5 ] && [ "$2" -gt 5 ] && [ "$3" -eq 0 ]; echo $?) "view-side=1: the true time is first ($1) or last ($2), never between ($3)"
set -- $(at vs0)
t_ok $([ "$1" -eq 0 ] && [ "$2" -eq 0 ] && [ "$3" -gt 10 ]; echo $?) "view-side=0: the middle ($3 of $(($1 + $2 + $3)))"
# view-spread: cameras' mean dwells differ by more than chance
dwells() {	# dwells DIR: the longest camera's mean dwell over the shortest's
	for f in "$1"/cameras/*.sightings.csv; do
		awk -F, 'NR > 1 && $5 == "person" { split($3, a, "T"); split($4, b, "T")
		    split(a[2], x, ":"); split(b[2], y, ":")
		    s += (y[1] * 3600 + y[2] * 60 + y[3]) - (x[1] * 3600 + x[2] * 60 + x[3]); n++ }
		    END { if (n >= 20) printf "%.3f\n", s / n }' "$f"
	done | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f\n", 100 * hi / lo }'
}
vigil-simulate -q --dial view-spread=0.6 --dial skewed=0 --dial span=1 -o vsp
t_ok $([ "$(dwells vsp)" -ge 200 ] && [ "$(dwells vs0)" -le 110 ]; echo $?) "view-spread=0.6: camera dwells from 1 to $(dwells vsp)/100 (to $(dwells vs0)/100 without)"
t_grep '^    "view-spread":0.6,$' vsp/truth.json "view-spread recorded"
# oneway: the ways back go round, past more cameras
rows() { cat "$1"/cameras/*.sightings.csv | grep -vc '^camera,'; }
vigil-simulate -q --dial oneway=1 --dial skewed=0 --dial span=1 -o ow
t_ok $([ "$(rows ow)" -gt $(($(rows vs0) * 5 / 4)) ]; echo $?) "oneway=1: more sightings on the longer ways back ($(rows ow), not $(rows vs0))"
t_grep '^    "oneway":1,$' ow/truth.json "oneway recorded"
# wander: trips wander first, never straight back, past more cameras
vigil-simulate -q --dial wander=1 --dial skewed=0 --dial span=1 -o wa
t_ok $([ "$(rows wa)" -gt $(($(rows vs0) * 3 / 2)) ]; echo $?) "wander=1: more sightings on the ways wandered ($(rows wa), not $(rows vs0))"
t_grep '^    "wander":1$' wa/truth.json "wander recorded"

# noise 0 and colour-error 0: one look and one pair of colours a person
# (sightings joined to truth-sightings.csv by camera and track)
looks() {	# looks DIR: "people looks colours" over sightings of people
	awk -F, 'FNR == 1 { next }
	    FILENAME ~ /truth-sightings/ { who[$1 "," $2] = $3; next }
	    $5 != "vehicle" { p = who[$1 "," $2]; n[p] = 1; e[p "," $16] = 1; c[p "," $9 "," $10] = 1 }
	    END { for (k in n) np++; for (k in e) ne++; for (k in c) nc++; print np, ne, nc }' \
	    "$1/truth-sightings.csv" "$1"/cameras/*.csv
}
vigil-simulate -q --dial noise=0 --dial colour-error=0 --dial span=2 -o n0
set -- $(looks n0)
t_ok $([ "$1" -gt 100 ] && [ "$2" -eq "$1" ] && [ "$3" -eq "$1" ]; echo $?) "noise=0 colour-error=0: $1 people, $2 looks, $3 pairs of colours"
vigil-simulate -q --dial span=2 -o n1
set -- $(looks n1)
t_ok $([ "$2" -gt "$1" ] && [ "$3" -gt "$1" ]; echo $?) "as built: $1 people, $2 looks, $3 pairs of colours"
vigil-simulate -q --dial colour-error=1 --dial span=2 -o c1
set -- $(looks c1)
t_ok $([ "$3" -gt $((2 * $1)) ]; echo $?) "colour-error=1: $3 pairs of colours for $1 people"

# face: 0 names no one right at a camera (one in five at random); 1
# names everyone on the roster
vigil-simulate -q --dial face=0 --dial span=2 -o f0
set -- $(awk -F, 'FNR == 1 { next } FILENAME ~ /truth-sightings/ { who[$1 "," $2] = $3; next }
    $5 == "face" && who[$1 "," $2] ~ /^P/ { n++; if ($6 != "") named++; if ($6 == who[$1 "," $2]) right++ }
    END { print n + 0, named + 0, right + 0 }' f0/truth-sightings.csv f0/cameras/*.csv)
t_ok $([ "$1" -gt 100 ] && [ "$3" -le $(($1 / 20)) ] && [ "$2" -ge $(($1 / 8)) ] && [ "$2" -le $(($1 / 3)) ]; echo $?) "face=0: of $1 sightings of people at face cameras, $2 name someone, $3 the right one (his path is faultless)"
vigil-simulate -q --dial face=1 --dial span=2 -o f1
t_ok $(awk -F, 'FNR == 1 { next } FILENAME ~ /truth-sightings/ { who[$1 "," $2] = $3; next }
    $5 == "face" && who[$1 "," $2] ~ /^P/ && $6 != who[$1 "," $2] { bad = 1 } END { exit bad }' \
    f1/truth-sightings.csv f1/cameras/*.csv; echo $?) "face=1: every face camera names the right person"

# walk: the links' minimum is a run, and walkers take 2.3-3.8 times it
vigil-simulate -q --dial walk=2.3-3.8 --dial span=1 -o wk
t_grep '"link_minimum_speed": 3.7252,' wk/truth.json "walk=2.3-3.8: the minimum at 3.73 m/s"
m1=$(sed -n 's/.*<link from="C0001" to="C0002" min="\([0-9]*\)".*/\1/p' w1/site.xml)
m2=$(sed -n 's/.*<link from="C0001" to="C0002" min="\([0-9]*\)".*/\1/p' wk/site.xml)
t_ok $([ "$m2" -ge $((m1 * 17 / 10)) ] && [ "$m2" -le $((m1 * 2 + 1)) ]; echo $?) "a link's minimum nearly doubles ($m1 s, $m2 s)"

# run: the suspect runs each hop in 1.0-1.1 times its link's minimum,
# as far as the gate that names him
vigil-simulate -q --dial run=1.0-1.1 --start 21 --hours 0.5 -o rn
t_grep '"run":\[1,1.1\]' rn/truth.json "run=1.0-1.1 is recorded"
gate=$(sed -n 's/.*"gate":"\(G[0-9]*\)".*/\1/p' rn/truth.json | head -1)
tr -d '\n ' <rn/truth.json | sed 's/.*"forward":\[\([^]]*\)\].*/\1/; s/},{/}\n{/g' |
    sed -n 's/.*"device":"\([^"]*\)".*"time":"2018-11-20T\([0-9:.]*\)+08:00".*/\1 \2/p' >fwd
awk -v gate="$gate" 'NR == FNR { if ($0 ~ /<link /) { match($0, /from="[^"]*"/); f = substr($0, RSTART + 6, RLENGTH - 7)
	    match($0, /to="[^"]*"/); t = substr($0, RSTART + 4, RLENGTH - 5); match($0, /min="[0-9]*"/); m = substr($0, RSTART + 5, RLENGTH - 6)
	    min[f "," t] = m; min[t "," f] = m }; next }
    { split($2, h, ":"); s = h[1] * 3600 + h[2] * 60 + h[3] }
    prev != "" && !done && (prev "," $1) in min { r = (s - ps) / min[prev "," $1]; if (min[prev "," $1] >= 10) { n++; if (r < 0.9 || r > 1.2) bad = 1 } }
    { if ($1 == gate) done = 1; prev = $1; ps = s }
    END { exit !(n >= 3 && !bad) }' rn/site.xml fwd
t_ok $? "run=1.0-1.1: each hop of his run takes about its link's minimum"

# gates: one per ten cameras, the incidents' gates kept
vigil-simulate -q --dial gates=10 -o g10
g=$(sed -n 's/.*"counts".*"gates":\([0-9]*\).*/\1/p' g10/truth.json)
c=$(sed -n 's/.*"counts".*"cameras":\([0-9]*\).*/\1/p' g10/truth.json)
t_ok $([ "$g" -le $((c / 10 + 1)) ] && [ "$c" -ge 100 ]; echo $?) "gates=10: $g gates, $c cameras"
for k in overpass-assault night-theft cloned-badge vehicle-never-left tailgating; do
	t_grep "\"kind\": \"$k\"" g10/truth.json "gates=10 still plants the $k"
done
t_run vigil-site -q g10/site.xml
t_rc 0 "gates=10: the site passes its checks"

# empty: cameras that log almost no one
vigil-simulate -q --dial empty=0.5 -o e5
n=$(grep -c '"empty":true' e5/truth.json)
t_ok $([ "$n" -ge 35 ] && [ "$n" -le 65 ]; echo $?) "empty=0.5: about half the cameras are empty ($n)"
t_ok $(grep '"empty":true' e5/truth.json | sed 's/.*"sightings":\([0-9]*\).*/\1/' | awk '$1 > 60 { bad = 1 } END { exit bad }'; echo $?) "and log few sightings all day"

# crowd: that many more people near the overpass at the time
vigil-simulate -q --dial crowd=300 -o cr
t_grep "\"people\":700," cr/truth.json "crowd=300: 300 more on the roster"
n=$(sed -n 's/.*"near_incident": \([0-9]*\),.*/\1/p' cr/truth.json)
t_ok $([ "$n" -ge 250 ]; echo $?) "and $n people near the overpass in those ten minutes"
n=$(sed -n 's/.*"near_incident": \([0-9]*\),.*/\1/p' w1/truth.json)
t_ok $([ "$n" -lt 30 ]; echo $?) "as built, $n"

# incident-faults: his path has the faults of everyone's
vigil-simulate -q --dial incident-faults=1 --dial colour-error=1 --start 21 --hours 0.5 -o if1
vigil-simulate -q --dial colour-error=1 --start 21 --hours 0.5 -o if0
suspect=$(sed -n 's/.*"suspect": "\(P[0-9]*\)".*/\1/p' if1/truth.json | head -1)
misread() {	# misread DIR: sightings of the suspect not in black and blue
	awk -F, -v s="$suspect" 'FNR == 1 { next } FILENAME ~ /truth-sightings/ { if ($3 == s) his[$1 "," $2] = 1; next }
	    ($1 "," $2) in his && ($9 != "black" || $10 != "blue") { n++ } END { print n + 0 }' \
	    "$1/truth-sightings.csv" "$1"/cameras/*.csv
}
t_ok $([ "$(misread if0)" -eq 0 ] && [ "$(misread if1)" -gt 3 ]; echo $?) "incident-faults=1: his colours are misread too ($(misread if1), not $(misread if0))"

# anchor-noise: the anchor's look alone is redrawn, nothing else changes
vigil-simulate -q --dial anchor-noise=3 --start 21 --hours 0.5 -o an3
vigil-simulate -q --start 21 --hours 0.5 -o an0
at=$(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1,\2,/p' an0/truth.json | head -1)
changed=$(cd an3 && for f in cameras/*.csv gates/*.csv; do
	diff "$f" ../an0/"$f" | sed -n 's/^< //p'; done)
t_ok $([ "$(echo "$changed" | wc -l)" -eq 1 ] && [ "${changed#$at}" != "$changed" ] &&
    [ "$(echo "$changed" | cut -d, -f1-15)" = "$(grep -h "^$at" an0/cameras/*.csv | cut -d, -f1-15)" ]; echo $?) \
    "anchor-noise=3: the anchor's vector alone differs ($at)"
t_grep '"anchor-noise":3,' an3/truth.json "anchor-noise recorded"

# miss: how often the analytics miss a passage
vigil-simulate -q --dial miss=0.5 --start 21 --hours 0.5 -o ms5
missed() { sed -n 's/.*"missed_detections":\([0-9]*\).*/\1/p' "$1/truth.json"; }
t_ok $([ "$(missed ms5)" -gt $((3 * $(missed if0))) ]; echo $?) "miss=0.5: more passages missed ($(missed ms5), not $(missed if0))"
t_grep '"miss":0.5,' ms5/truth.json "miss recorded"

# the preset: every value lands in truth.json
vigil-simulate -q --preset field -o fld
for v in '"preset":"field"' '"colour-error":0.15' '"crowd":550' '"dim":64' \
    '"empty":0.1' '"face":0.6' '"gates":10' '"incident-faults":1' \
    '"noise":0.46' '"noise-tail":0.75' '"run":\[1,1.5\]' '"skew":\[40,240\]' \
    '"skewed":0.1' '"span":3' '"stamp":0' '"walk":\[2.3,3.8\]'; do
	t_grep "^    $v,*\$" fld/truth.json "the field preset records $v"
done
# the site's shape: a tree of streets, longer chains, gates by the fence
shape() {	# shape DIR: cameras, gates, links, the gates' mean y
	echo $(grep -c '<camera' "$1/site.xml") $(grep -c '<gate' "$1/site.xml") \
	    $(grep -c '<link' "$1/site.xml") $(sed -n \
	    's/.*<gate .* y="\([0-9.]*\)".*/\1/p' "$1/site.xml" |
	    awk '{ s += $1; n++ } END { printf "%.1f", s / n }')
}
for v in "" loops=0 chain=2 gates=5 "gates=5 gates-edge=1"; do
	set -- --preset field --seed 3 --dial span=0.5
	for d in $v; do set -- "$@" --dial "$d"; done
	vigil-simulate -q "$@" -o shape
	echo "${v:-as-built}: $(shape shape)"
	rm -rf shape
done >got
cat >want <<'EOF2'
as-built: 96 10 270 243.7
loops=0: 75 10 168 243.7
chain=2: 142 14 317 210.9
gates=5: 96 19 279 219.5
gates=5 gates-edge=1: 96 19 279 253.2
EOF2
t_same got want "loops=0 cuts streets, chain=2 lays more cameras, gates-edge=1 keeps the gates nearest the fence"
t_grep '^    "loops":1,$' fld/truth.json "loops recorded, all kept by default"

vigil-simulate -q --preset field --dial dim=32 -o fld32
t_grep '"dim":32,' fld32/truth.json "a dial after the preset overrides it"
# no one sets out from a place before he reached it: on seed 4114's day a
# resident's evening meal drew less than nothing (30 minutes, 10 apart),
# and his way home ran beside his way to the canteen, a gate reading his
# face on both (G001 20:11:20, G024 20:11:37, 129 m apart); now his meal
# lasts a minute at least, and the only travel too fast is the cloned badge
vigil-simulate -q --seed 4114 -o st || exit 1
vigil-import -q -A st.db st/site.xml st/roster.csv st/gates/*.gate.csv >/dev/null
t_run vigil-anomaly -A st.db -F csv --kind impossible-travel --columns person,card,reason
cat >want <<'EOF2'
person,card,reason
P0000556,10001069,"card 10001069 at G009 13:25:20 and at G001 13:26:02: 508 m apart, 42 s; the shortest way takes 4 min 14 s at 2.0 m/s"
EOF2
t_same out want "seed 4114: the cloned badge's row alone"
grep -h 'T20:1.*,P0000514,' st/gates/G001.gate.csv st/gates/G024.gate.csv |
    cut -c12-19 >got
printf '%s\n' 20:11:20 20:16:21 >want
t_same got want "seed 4114: P0000514 at G024 after his meal, not beside his walk to it"
t_done
