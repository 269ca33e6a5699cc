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
t_done
