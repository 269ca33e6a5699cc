#!/bin/sh
# t1040-full on a PostgreSQL server's archives (tests/lib.sh, VIGIL_TEST_PG)
VIGIL_TEST_PG=1
. "$top_srcdir/tests/t1040-full.sh"
