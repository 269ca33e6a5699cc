#!/bin/sh
# t0234-pg-stale: a reader's connection kept open (a browser's session)
# sees what another connection imports: its rows read ahead and the looks
# it kept are forgotten when the sources change; a session the server
# ends is made again at the next read (tests/unit-pg-stale, run beside the
# server's module, as the tools are)
. "$top_srcdir/tests/lib.sh"

pg_server
cp "$top_builddir/tests/unit-pg-stale" . &&
    ln -s "$top_builddir/src/vigil-pg.so" . || exit 1
./unit-pg-stale "$PG" "\"$PGBIN/psql\" -X -q -A -t -c \"SELECT
    count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE
    datname = 'campus' AND pid <> pg_backend_pid()\" >/dev/null"
