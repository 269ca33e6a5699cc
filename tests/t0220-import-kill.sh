#!/bin/sh
# t0220-import-kill: an import killed with every row of its file written
# and its transaction open (held where it would commit: VIGIL_TEST_STOP)
# leaves nothing behind (rows, sources, spans, hours, habits, a server's
# partitions), the read-only tools still read the archive as it was, and
# the file imports again as into an archive that never saw the kill
. "$top_srcdir/tests/lib.sh"

A=k.db
"$top_builddir/bench/gengates" . 2000 1 1541030400 >/dev/null
"$top_builddir/bench/gengates" . 400000 2 1543622400 >/dev/null
vigil-import -q -A $A site.xml 1.gate.csv || exit 1
vigil-query -A $A -F csv >before
vigil-import -l -A $A -F csv | cut -d, -f1-7 >sources-before
hours() {	# what vigil-anomaly learns, counted at import (migration 8),
		# and the spans (a server's partitions) by name
	t_sql "${1:-$A}" "SELECT s.name, h.device, h.hour, h.n FROM span_hour h JOIN span s ON s.id = h.span ORDER BY 1, 2, 3; SELECT who, zone, hours FROM habit ORDER BY 1, 2; SELECT name, start, gates FROM span ORDER BY 1"
	t_file || t_sql "${1:-$A}" "SELECT relname FROM pg_class WHERE relname LIKE 'gate_event_%' ORDER BY 1"
	t_counts "${1:-$A}"
}
hours >hours-before

VIGIL_TEST_STOP=commit vigil-import -q -A $A 2.gate.csv &
pid=$!
tool=$(t_tool $pid vigil-import)
# held where it would commit, every row read and written into its open
# transaction (on a server: sent, its partitions attached, its hours
# counted), then killed without a chance to clean up: not a time guessed
# (an import waited for until it had read part of its file could read
# the rest and commit before it was stopped)
t_held $tool "the import held before its commit"
t_run vigil-query -A $A -F csv
t_same out before "a query while it is held sees the archive as it was"
if ! t_file; then
	db=$(sh "$top_srcdir/tests/pg-as-file" --database $A)
	t_run pg_sql "SELECT state FROM pg_stat_activity WHERE datname = '${db#postgresql:///}' AND xact_start IS NOT NULL AND pid <> pg_backend_pid()"
	t_out "idle in transaction" "the import's transaction open on the server"
fi
kill -9 $tool 2>/dev/null
wait $pid 2>/dev/null
t_ok $([ $? -ne 0 ]; echo $?) "the import was killed before it finished"
# a server notices the closed connection and rolls back
t_file || pg_quiet "${db#postgresql:///}"

t_run vigil-query -A $A -F csv
t_rc 0 "a query after the kill"
t_same out before "sees the archive as it was"
vigil-import -l -A $A -F csv | cut -d, -f1-7 >sources-after
t_same sources-after sources-before "no source was recorded for the killed import"
hours >hours-after
t_same hours-after hours-before "no entry hour, habit, span or partition was counted for it"
t_ok $([ -s hours-before ]; echo $?) "(the first file's hours are there to compare)"
if t_file; then
	t_run sqlite3 -readonly $A "PRAGMA integrity_check"
	t_out "ok" "the archive is whole"
fi
t_run vigil-import -A $A 2.gate.csv
t_rc 0 "the file imports again"
t_err "vigil-import: '2.gate.csv': imported 400000 gate events" "all of it"
hours >hours-again
vigil-import -q -A fresh.db site.xml 1.gate.csv 2.gate.csv || exit 1
hours fresh.db >hours-fresh
t_same hours-again hours-fresh "its hours counted once, as an archive that never saw the kill"
if t_file; then
	t_run sqlite3 $A "PRAGMA journal_mode"
	t_out "wal" "and the archive is back in WAL mode"
fi
t_done
