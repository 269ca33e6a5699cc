#!/bin/sh
# t0246-import-model: a call a file learns the site model again only when
# the rows it was learned from have grown by more than an eighth, or its
# days, site or clocks changed; vigil-import with no file learns it from
# every row; worlds imported file by file track and estimate clocks as
# when imported in one call
. "$top_srcdir/tests/lib.sh"

cp "$GOLD/walk-site.xml" walk.xml
walks() {	# walks name day first count transit: count people walking
		# GA to GB on that day, a minute apart from minute first
	{
		echo "time,gate,person,credential,card,plate,direction,result,score"
		i=0
		while [ $i -lt $4 ]; do
			m=$(($3 + i))
			printf '2018-11-%02dT%02d:%02d:00Z,GA,P%d,face,,,in,granted,0.9\n' \
			    $2 $((2 + m / 60)) $((m % 60)) $m
			printf '2018-11-%02dT%02d:%02d:%02dZ,GB,P%d,face,,,in,granted,0.9\n' \
			    $2 $((2 + m / 60)) $((m % 60)) $5 $m
			i=$((i + 1))
		done
	} >"$1"
}
learned() {
	t_sql "$1" "SELECT learned FROM model"
}
basis() {
	if t_file; then
		sqlite3 -readonly "$1" "SELECT json_extract(body,
		    '\$.basis.rows') || ' ' || json_extract(body,
		    '\$.links[0].n') FROM model"
	else
		t_sql "$1" "SELECT (body::json #>> '{basis,rows}') || ' ' ||
		    (body::json #>> '{links,0,n}') FROM model"
	fi
}
version() {	# the schema's version, as vigil-import names it
	if t_file; then
		sqlite3 "$1" 'PRAGMA user_version'
	else
		t_sql "$1" 'SELECT max(version) FROM vigil_schema'
	fi
}
walks a.gate.csv 1 0 40 30		# 80 rows
walks b.gate.csv 1 40 5 30		# 10 more: an eighth of 80
walks c.gate.csv 1 45 1 30		# 2 more: 92, over an eighth
walks d.gate.csv 2 0 1 30		# the next day
vigil-import -q -A w.db walk.xml a.gate.csv || exit 1
l0=$(learned w.db)
t_run basis w.db
t_out "80 40" "the model learned from the first file's rows"
t_run vigil-import -q -A w.db b.gate.csv
t_rc 0 "a file of an eighth more rows"
t_ok $([ "$(learned w.db)" = "$l0" ]; echo $?) "keeps the model learned before"
t_run basis w.db
t_out "80 40" "(learned from 80 rows of the 90)"
t_run vigil-import -q -A w.db c.gate.csv
t_ok $([ "$(learned w.db)" != "$l0" ]; echo $?) "a file bringing them over an eighth more learns it again"
t_run basis w.db
t_out "92 46" "from the 92"
l1=$(learned w.db)
t_run vigil-import -q -A w.db d.gate.csv
t_ok $([ "$(learned w.db)" != "$l1" ]; echo $?) "two rows of a new day learn it again"
t_run basis w.db
t_out "94 47" "from both days"
l2=$(learned w.db)
walks e.gate.csv 2 1 1 30
t_run vigil-skew -A w.db --set GB=+2
t_rc 0 "a clock corrected"
vigil-import -q -A w.db e.gate.csv || exit 1
t_ok $([ "$(learned w.db)" != "$l2" ]; echo $?) "then one row more learns it again"
l3=$(learned w.db)
walks f.gate.csv 2 2 1 30
vigil-import -q -A w.db f.gate.csv || exit 1
t_ok $([ "$(learned w.db)" = "$l3" ]; echo $?) "another row does not"
t_run vigil-import -A w.db
t_rc 0 "vigil-import with no file"
t_err "vigil-import: 'w.db': version $(version w.db), as this vigil reads it; no file given, nothing imported; the site model learned again" \
    "learns it from every row, and says so"
t_run basis w.db
t_out "98 49" "every row"
l4=$(learned w.db)
t_run vigil-import -A w.db
t_err "vigil-import: 'w.db': version $(version w.db), as this vigil reads it; no file given, nothing imported" \
    "again: nothing to learn"
t_ok $([ "$(learned w.db)" = "$l4" ]; echo $?) "the model kept"
model() {	# the model without the time it was learned
	if t_file; then
		sqlite3 -readonly "$1" "SELECT json_remove(body,
		    '\$.learned') FROM model"
	else
		t_sql "$1" "SELECT body::jsonb - 'learned' FROM model"
	fi
}
vigil-import -q -A one.db walk.xml a.gate.csv b.gate.csv c.gate.csv \
    d.gate.csv e.gate.csv f.gate.csv
vigil-skew -A one.db --set GB=+2 >/dev/null 2>&1
vigil-import -A one.db 2>/dev/null
model one.db >one.model
model w.db >w.model
t_same w.model one.model "the same model as one call's"

# t0700's and t0710's world (seed 1), a file a call: the same tracks and
# clocks as one call, with the model learned as it went and from every row
# (on a file only: on a server its 148 calls took 11 minutes at a load of 12;
# the model's rules are the library's, their storage checked above)
t_file || { t_done; exit; }
for seed in 1; do
	rm -rf w
	vigil-simulate -q --seed $seed -o w || exit 1
	t_rm one.db
	t_rm fbf.db
	vigil-import -q -A one.db w/site.xml w/roster.csv w/gates/*.gate.csv \
	    w/cameras/*.sightings.csv || exit 1
	vigil-import -q -A fbf.db w/site.xml w/roster.csv || exit 1
	n=0 last=
	for f in w/gates/*.gate.csv w/cameras/*.sightings.csv; do
		vigil-import -q -A fbf.db "$f" || exit 1
		l=$(learned fbf.db)
		[ "$l" = "$last" ] || n=$((n + 1))
		last=$l
	done
	files=$(ls w/gates/*.gate.csv w/cameras/*.sightings.csv | wc -l)
	t_ok $([ $n -lt $((files / 4)) ]; echo $?) \
	    "seed $seed: the model learned at $n of the $files calls"
	anchor=$(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1:\2/p' w/truth.json)
	answers() {
		vigil-track -A "$1" --eval w/truth.json -F csv
		vigil-track -A "$1" --from "$anchor" -F csv
		vigil-skew -q -A "$1" -F csv
	}
	answers one.db >one.out 2>&1
	answers fbf.db >fbf.out 2>&1
	t_same fbf.out one.out "seed $seed: the same tracks and clocks"
	vigil-import -q -A fbf.db
	model one.db >one.model
	model fbf.db >fbf.model
	t_same fbf.model one.model "seed $seed: the model from every row after vigil-import with no file"
	answers fbf.db >fbf.out 2>&1
	t_same fbf.out one.out "seed $seed: and the same tracks and clocks"
done

t_done
