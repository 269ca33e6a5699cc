#!/bin/sh
# t0220-import-kill: an import killed half-way leaves nothing behind, and the
# read-only tools still read the archive as it was
. "$top_srcdir/tests/lib.sh"

A=k.db
"$top_builddir/bench/gengates" . 2000 1 1541030400 >/dev/null
"$top_builddir/bench/gengates" . 400000 2 1543622400 >/dev/null
vigil-import -q -A $A site.xml 1.gate.csv || exit 1
vigil-query -A $A -F csv >before
vigil-import -l -A $A -F csv | cut -d, -f1-7 >sources-before
hours() {	# what vigil-anomaly learns, counted at import (migration 8)
	sqlite3 -readonly "${1:-$A}" "SELECT span, device, hour, n FROM span_hour ORDER BY 1, 2, 3; SELECT who, zone, hours FROM habit ORDER BY 1, 2"
}
hours >hours-before

vigil-import -q -A $A 2.gate.csv &
pid=$!
# wait until it has read (and hashed, on the same pass) half the file
# into its transaction (the archive stays in WAL mode, whose file grows
# only at commit), then kill it without a chance to clean up
want=$(($(wc -c <2.gate.csv) / 2))
t_read_past $pid $want
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
t_ok $([ $? -ne 0 ]; echo $?) "the import was killed before it finished"

t_run vigil-query -A $A -F csv
t_rc 0 "a query after the kill"
t_same out before "sees the archive as it was"
vigil-import -l -A $A -F csv | cut -d, -f1-7 >sources-after
t_same sources-after sources-before "no source was recorded for the killed import"
hours >hours-after
t_same hours-after hours-before "no entry hour or habit was counted for it"
t_ok $([ -s hours-before ]; echo $?) "(the first file's hours are there to compare)"
t_run sqlite3 -readonly $A "PRAGMA integrity_check"
t_out "ok" "the archive is whole"
t_run vigil-import -A $A 2.gate.csv
t_rc 0 "the file imports again"
t_err "vigil-import: '2.gate.csv': imported 400000 gate events" "all of it"
hours >hours-again
vigil-import -q -A fresh.db site.xml 1.gate.csv 2.gate.csv || exit 1
hours fresh.db >hours-fresh
t_same hours-again hours-fresh "its hours counted once, as an archive that never saw the kill"
t_run sqlite3 $A "PRAGMA journal_mode"
t_out "wal" "and the archive is back in WAL mode"
t_done
