#!/bin/sh
# t1210-plants: vigil-simulate's later plants (on by default; the dial
# plants=0 leaves them out) add their rows and change no other, and
# vigil-anomaly finds them near the top
. "$top_srcdir/tests/lib.sh"

# every line of each CSV without the plants is in it with them, in order
only_added() {	# only_added OFF ON: status 0 when ON only adds lines
	bad=0
	for f in $(cd "$1" && find . -name '*.csv' | sort); do
		[ -f "$2/$f" ] || { echo "# $f: missing"; bad=1; continue; }
		if diff "$1/$f" "$2/$f" | grep -q '^<'; then
			echo "# $f: a line changed or went"
			bad=1
		fi
	done
	[ "$(cd "$1" && find . -type f | sort)" = \
	    "$(cd "$2" && find . -type f | sort)" ] || { echo "# files differ"; bad=1; }
	return $bad
}

vigil-simulate -q --seed 31 --dial plants=0 -o off || exit 1
vigil-simulate -q --seed 31 -o on || exit 1
only_added off on
t_ok $? "seed 31: the plants change no row, they only add"
n=$(cat off/gates/*.csv off/cameras/*.csv | wc -l)
m=$(cat on/gates/*.csv on/cameras/*.csv | wc -l)
t_ok $([ "$m" -gt "$n" ]; echo $?) "seed 31: the plants add rows ($((m - n)))"
cmp -s off/site.xml on/site.xml && cmp -s off/roster.csv on/roster.csv
t_ok $? "seed 31: the same site and roster"
t_grep '"plants":1,' on/truth.json "the plants are on by default, and recorded"
t_grep '"plants":0,' off/truth.json "plants=0 is recorded"
vigil-simulate -q --seed 11 --preset field --dial crowd=3000 \
    --dial plants=0 -o foff || exit 1
vigil-simulate -q --seed 11 --preset field --dial crowd=3000 -o fon || exit 1
only_added foff fon
t_ok $? "a field world (seed 11, crowd 3000): no row changes"
# the later plants' tracks come after their camera's others
tr -d '\n' <on/truth.json | sed 's/"kind": *"/\n&/g' >incidents
for k in follow-through stranger visitor-never-left night-visit; do
	grep -q "^\"kind\": *\"$k\"" incidents
	t_ok $? "seed 31: truth.json has the $k"
	grep -q "^\"kind\": *\"$k\"" off/truth.json
	t_ok $([ $? -ne 0 ]; echo $?) "seed 31: not with plants=0 ($k)"
done
cam=$(grep '^"kind": *"follow-through"' incidents |
    sed -n 's/.*"camera":"\([^"]*\)".*/\1/p')
tr=$(grep '^"kind": *"follow-through"' incidents |
    sed -n "s/.*{\"device\":\"$cam\",[^}]*\"track\":\"\\(T[0-9]*\\)\".*/\\1/p")
last=$(tail -n 1 off/cameras/$cam.sightings.csv | cut -d, -f2)
t_ok $([ -n "$tr" ] && [ "${tr#T}" -gt "${last#T}" ]; echo $?) \
    "seed 31: the follower's track at $cam ($tr) comes after the others ($last)"
t_ok $(! grep -q ",$tr," off/cameras/$cam.sightings.csv; echo $?) \
    "seed 31: and no track of the world without the plants has its number"

vigil-import -q -A on.db on/site.xml on/roster.csv on/gates/*.csv \
    on/cameras/*.csv || exit 1
vigil-anomaly -A on.db -F csv --kind after-hours,never-left,stranger \
    --columns kind,time,person,card,plate >found 2>err
field() {
	grep "^\"kind\": *\"$1\"" incidents |
	    sed -n "s/.*\"$2\": *\"\\([^\"]*\\)\".*/\\1/p" | head -1
}
# measured on seed 31: the stranger first, the visitor and the night
# visit second of their kinds (each behind another planted anomaly)
grep '^stranger,' found | head -1 | grep -q ',,,$'
t_ok $? "seed 31: a stranger row names no one"
at=$(grep '^"kind": *"stranger"' incidents |
    sed -n 's/^[^,]*, *"time": *"\([^"]*\)".*/\1/p' | cut -c1-13)
n=$(grep -c '^stranger,' found)
t_ok $([ "$n" -le 2 ] && grep '^stranger,' found | head -1 | grep -q ",$at"; echo $?) \
    "seed 31: the planted stranger is the first stranger ($n rows)"
who=$(field visitor-never-left suspect)
grep '^never-left,' found | head -3 | grep -q ",$who,"
t_ok $? "seed 31: the visitor who stayed ($who) is within the first three never-left"
who=$(field night-visit suspect)
grep '^after-hours,' found | head -3 | grep -q ",$who,"
t_ok $? "seed 31: the night visit ($who) is within the first three after-hours"

t_done
