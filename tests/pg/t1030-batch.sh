#!/bin/sh
# t1030-batch on a PostgreSQL server's archives (tests/lib.sh, VIGIL_TEST_PG)
VIGIL_TEST_PG=1
. "$top_srcdir/tests/t1030-batch.sh"
