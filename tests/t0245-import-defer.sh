#!/bin/sh
# t0245-import-defer: many files in one call, each whole, their spans'
# person, card and plate indexes and their habits left for the call's end
# (marked in the archive): the rows, habits and answers those of a file
# at a time; a call killed between files leaves whole files only, read
# as they are, which the next vigil-import finishes; a re-import is a
# no-op.  On a server (VIGIL_TEST_PG) each file's day is written with its
# indexes (no index to defer, no mark): the rest holds there alike
. "$top_srcdir/tests/lib.sh"

# a day's gate events, a file a group of five gates (as a campus's gates
# each write their own); on a server a third as many, a thousand a file
# (enough for a call killed between files: there is no deferring to make
# worth it, and the server's run cost 37.7 s of CPU with them all)
rows=120000
t_file || rows=40000
"$top_builddir/bench/gengates" . $rows 1 1541030400 86400 >/dev/null
mkdir g
awk -F, 'NR == 1 { head = $0; next }
{
	f = sprintf("g/%02d.gate.csv", int(substr($2, 2) / 5))
	if (!(f in seen)) { print head >f; seen[f] = 1 }
	print >f
}' 1.gate.csv
set -- g/*.gate.csv
t_ok $([ $# -eq 40 ]; echo $?) "40 files"

# what each file's own call gives: the reference
vigil-import -q -A one.db site.xml || exit 1
for f; do vigil-import -q -A one.db "$f" || exit 1; done
dump() {	# rows, counts and hours of an archive, and (with $2) habits
	t_sql "$1" "SELECT t, gate, person, credential, card,
	    plate, direction, result, score, line FROM gate_event ORDER BY t,
	    gate, line; SELECT * FROM span_device ORDER BY 1, 2;
	    SELECT * FROM span_hour ORDER BY 1, 2, 3;
	    SELECT s.path, s.rows FROM source s ORDER BY s.path"
	[ -n "${2:-}" ] || t_sql "$1" "SELECT who, zone, hours
	    FROM habit ORDER BY 1, 2"
}
ask() {		# a person's and a card's rows, and one gate's
	p=$(t_sql one.db "SELECT person FROM gate_event WHERE
	    person IS NOT NULL ORDER BY person LIMIT 1 OFFSET 500")
	c=$(t_sql one.db "SELECT card FROM gate_event WHERE
	    card IS NOT NULL ORDER BY card LIMIT 1 OFFSET 700")
	{ vigil-query -A "$1" -F csv --person "$p"
	  vigil-query -A "$1" -F csv --card "$c"
	  vigil-query -A "$1" -F csv --gate G012; }
}
indexes() {	# the spans' indexes by person, card and plate
	sqlite3 -readonly "$1" "SELECT count(*) FROM sqlite_schema WHERE
	    type = 'index' AND name GLOB 'gate_event_2*_[pcl]*_t'"
}
dump one.db >one.dump
ask one.db >one.ask
spans=$(t_sql one.db "SELECT count(*) FROM span")
t_ok $([ -s one.dump ] && [ "$spans" -ge 1 ]; echo $?) "(the reference has rows and spans)"

t_run vigil-import -A all.db site.xml "$@"
t_rc 0 "the 40 files in one call"
t_grep "'g/39.gate.csv': imported" err "each imported"
dump all.db >all.dump
t_same all.dump one.dump "the same rows, counts, hours and habits as a call a file"
ask all.db >all.ask
t_same all.ask one.ask "the same answers by person, card and gate"
if t_file; then
	t_run indexes all.db
	t_out "$((3 * spans))" "every span's indexes by person, card and plate built at the end"
	t_run sqlite3 -readonly all.db "SELECT count(*) FROM meta WHERE key GLOB 'pending_*'"
	t_out "0" "and nothing left pending"
fi
t_run vigil-import -C -A all.db
t_rc 0 "-C"
t_err "vigil-import: 'all.db': every span is whole" "finds every span whole"
if t_file; then
	t_run sqlite3 -readonly all.db "PRAGMA integrity_check"
	t_out "ok" "the archive is whole"
fi
t_run vigil-import -A all.db "$@"
t_rc 0 "the same files again, in one call"
t_grep "'g/00.gate.csv': already imported as 'g/00.gate.csv', nothing changed" err "each is known"
dump all.db >again.dump
t_same again.dump one.dump "nothing changed"

# killed between files: the files committed are whole, read alike, the
# spans they left marked; the next vigil-import builds what is pending
vigil-import -q -A k.db site.xml || exit 1
vigil-import -q -A k.db "$@" &
pid=$!
tool=$(t_tool $pid vigil-import)
i=0
while [ "$(t_sql k.db 'SELECT count(*) FROM source' 2>/dev/null)" \
    -lt 11 ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -STOP $tool 2>/dev/null	# held where it is, a file half-done perhaps
# a query while the call runs: the first file's rows of a person, as a
# call a file gives them
p=$(t_sql one.db "SELECT g.person FROM gate_event g JOIN source s ON
    s.id = g.source WHERE s.path = 'g/00.gate.csv' AND g.person IS NOT NULL
    ORDER BY g.t LIMIT 1")
t_run vigil-query -A k.db -F csv --person "$p"
t_rc 0 "a query during the call"
grep ',g/00\.gate\.csv:' out >during
vigil-query -A one.db -F csv --person "$p" | grep ',g/00\.gate\.csv:' >want
t_same during want "finds the person's rows of the files done, by reading the span"
t_ok $([ -s want ]; echo $?) "(there are some)"
kill -9 $tool 2>/dev/null
wait $pid 2>/dev/null
t_ok $([ $? -ne 0 ]; echo $?) "the call was killed before it finished"
# a server notices the closed connection and rolls back
t_file || pg_quiet "$(sh "$top_srcdir/tests/pg-as-file" --database k.db |
    sed 's|^postgresql:///||')"
n=$(t_sql k.db "SELECT count(*) - 1 FROM source")
t_ok $([ "$n" -ge 10 ] && [ "$n" -lt 40 ]; echo $?) "after 10 to 39 of its files ($n)"
if t_file; then
	t_run sqlite3 -readonly k.db "SELECT key FROM meta WHERE key GLOB 'pending_*' ORDER BY 1"
	t_out "pending_habits
pending_index" "the span's indexes and the habits are marked pending"
	t_ok $([ "$(indexes k.db)" -lt $((3 * spans)) ]; echo $?) "(the indexes are not there)"
fi
t_run t_sql k.db "SELECT s.path FROM source s WHERE s.path LIKE
    'g/%' AND (s.rows <> (SELECT count(*) FROM gate_event g WHERE g.source =
    s.id) OR s.rows <> (SELECT sum(rows) FROM source_span WHERE source =
    s.id))"
t_ok $([ -e out ] && [ ! -s out ]; echo $?) "each file recorded holds all its rows"
# (in one call: a call of many files gives what a call a file does, above)
t_sql k.db "SELECT path FROM source WHERE path LIKE 'g/%' ORDER BY id" >done
# shellcheck disable=SC2046
vigil-import -q -A ref.db site.xml $(cat done) || exit 1
dump k.db - >k.dump
dump ref.db - >ref.dump
t_same k.dump ref.dump "the rows, counts and hours of the files done"
if t_file; then
	t_ok $([ "$(sqlite3 -readonly k.db 'SELECT count(*) FROM habit')" -eq 0 ]; echo $?) \
	    "(their habits are not yet in the habit table)"
fi
t_run vigil-import -C -A k.db
t_rc 0 "-C accepts the pending indexes"
if t_file; then
	t_run sqlite3 -readonly k.db "PRAGMA integrity_check"
	t_out "ok" "the archive is whole"
fi
t_run vigil-import -A k.db
t_rc 0 "vigil-import with no file"
if t_file; then
	t_run indexes k.db
	t_out "$((3 * spans))" "builds the pending indexes"
	t_run sqlite3 -readonly k.db "SELECT count(*) FROM meta WHERE key GLOB 'pending_*'"
	t_out "0" "and clears the marks"
fi
dump k.db >k.dump
dump ref.db >ref.dump
t_same k.dump ref.dump "with the killed call's habits counted again from its rows"
t_run vigil-import -A k.db "$@"
t_rc 0 "the call again"
dump k.db >k.dump
t_same k.dump one.dump "imports the files left, as a call a file"
t_run vigil-import -C -q -A k.db
t_rc 0 "into whole spans"
t_done
