#!/bin/sh
# t0990-vendor-samples on a PostgreSQL server's archives (tests/lib.sh, VIGIL_TEST_PG)
VIGIL_TEST_PG=1
. "$top_srcdir/tests/t0990-vendor-samples.sh"
