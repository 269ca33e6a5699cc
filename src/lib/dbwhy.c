/* dbwhy.c: why SQLite failed, in words for a message (apart from error.c,
   so that a tool that never opens a database links no SQLite) */
#include "config.h"

#include <sqlite3.h>

#include <errno.h>
#include <string.h>

#include "vigil.h"
#include "vigil-int.h"

/*
 * Why the last call on db failed, for a message: SQLite's own words, but
 * the system's when a write failed ("No space left on device", "File too
 * large", not "disk I/O error"), and msg (what sqlite3_exec handed back)
 * when there is one.  SQLite keeps no errno for a failed write: errno is
 * still the write's when this is called at once, as it must be.
 */
const char *
vg_db_why(struct sqlite3 *db, const char *msg)
{
	int	eno = errno, code = sqlite3_extended_errcode(db);

	if ((code & 0xff) == SQLITE_IOERR && sqlite3_system_errno(db) != 0)
		return strerror(sqlite3_system_errno(db));
	if ((code == SQLITE_FULL || code == SQLITE_IOERR_WRITE ||
	    code == SQLITE_IOERR_FSYNC || code == SQLITE_IOERR_TRUNCATE ||
	    code == SQLITE_IOERR_SHMSIZE) && (eno == ENOSPC || eno == EFBIG ||
	    eno == EDQUOT || eno == EIO))
		return strerror(eno);
	return msg != NULL ? msg : sqlite3_errmsg(db);
}
