#!/bin/sh
# t0220-import-kill on a PostgreSQL server's archives (tests/lib.sh, VIGIL_TEST_PG)
VIGIL_TEST_PG=1
. "$top_srcdir/tests/t0220-import-kill.sh"
