#!/bin/sh
# t0910-vendor-dahua on a PostgreSQL server's archives (tests/lib.sh, VIGIL_TEST_PG)
VIGIL_TEST_PG=1
. "$top_srcdir/tests/t0910-vendor-dahua.sh"
