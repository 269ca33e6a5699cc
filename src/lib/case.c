/* case.c: a case's directory and database, and its hash-chained custody log */
#include "config.h"

#include "vigil.h"
#include "vigil-int.h"
#include "case.h"
#include "stage.h"

#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#define VG_CASE_APPID	0x56474353	/* "VGCS" */
#define VG_CASE_VERSION	2		/* schema version: 2 adds withdraw */
#define NUMBER_MAX	64		/* longest case number */

struct vg_case {
	sqlite3		*db;		/* case.db */
	char		*dir;		/* the case's directory */
	int		 dirfd;		/* it, opened without following links */
	int		 intx;		/* a transaction is open */
	int		 changed;	/* it changed the case */
	int		 version;	/* its schema version */
};

/* The decision table and its guards: schema 2 knows withdraw. */
#define DECISION_TABLE(name)						\
	"CREATE TABLE " name " ("					\
	"  id INTEGER PRIMARY KEY,"					\
	"  hop TEXT NOT NULL,"						\
	"  verdict TEXT NOT NULL"					\
	"    CHECK (verdict IN ('confirm', 'reject', 'withdraw')),"	\
	"  why TEXT NOT NULL,"						\
	"  at INTEGER NOT NULL,"					\
	"  officer TEXT NOT NULL);"
#define DECISION_GUARDS							\
	"CREATE TRIGGER decision_update BEFORE UPDATE ON decision"	\
	"  BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;"	\
	"CREATE TRIGGER decision_delete BEFORE DELETE ON decision"	\
	"  BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;"

static const char schema[] =
	"CREATE TABLE case_info ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  number TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  incident_time INTEGER,"
	"  incident_place TEXT,"
	"  archive TEXT NOT NULL,"
	"  zone TEXT,"
	"  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),"
	"  created INTEGER NOT NULL,"
	"  created_by TEXT NOT NULL);"
	"CREATE TABLE subject ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('person', 'unknown', 'anchor')),"
	"  person TEXT,"
	"  description TEXT,"
	"  ref TEXT,"
	"  added INTEGER NOT NULL,"
	"  officer TEXT NOT NULL);"
	"CREATE TABLE item ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL"
	"    CHECK (kind IN ('event', 'sighting', 'clip', 'frame')),"
	"  device TEXT NOT NULL,"
	"  track TEXT,"
	"  t0 INTEGER NOT NULL,"
	"  t1 INTEGER,"
	"  remark TEXT,"
	"  added INTEGER NOT NULL,"
	"  officer TEXT NOT NULL);"
	"CREATE TABLE note ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  officer TEXT NOT NULL,"
	"  text TEXT NOT NULL);"
	DECISION_TABLE("decision")
	"CREATE TABLE path ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  officer TEXT NOT NULL,"
	"  anchor TEXT NOT NULL);"
	"CREATE TABLE path_hop ("
	"  path INTEGER NOT NULL REFERENCES path(id),"
	"  n INTEGER NOT NULL,"
	"  device TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  track TEXT,"
	"  first INTEGER NOT NULL,"
	"  last INTEGER,"
	"  transit REAL,"
	"  confidence REAL,"
	"  person TEXT,"
	"  PRIMARY KEY (path, n));"
	"CREATE TABLE custody ("
	"  seq INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  officer TEXT NOT NULL,"
	"  tool TEXT NOT NULL,"
	"  args TEXT NOT NULL,"
	"  touched TEXT NOT NULL,"
	"  digests TEXT NOT NULL,"
	"  prev TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  changed INTEGER NOT NULL);"
	/* what is written stays written */
	"CREATE TRIGGER custody_update BEFORE UPDATE ON custody"
	"  BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;"
	"CREATE TRIGGER custody_delete BEFORE DELETE ON custody"
	"  BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;"
	"CREATE TRIGGER note_update BEFORE UPDATE ON note"
	"  BEGIN SELECT RAISE(ABORT, 'notes are append-only'); END;"
	"CREATE TRIGGER note_delete BEFORE DELETE ON note"
	"  BEGIN SELECT RAISE(ABORT, 'notes are append-only'); END;"
	DECISION_GUARDS;

/*
 * Schema 1 to 2: the decision table again with withdraw allowed, every
 * decision copied as it was (a table's CHECK cannot be altered in place).
 */
static const char migrate2[] =
	DECISION_TABLE("decision_v2")
	"INSERT INTO decision_v2 (id, hop, verdict, why, at, officer)"
	"  SELECT id, hop, verdict, why, at, officer FROM decision;"
	"DROP TABLE decision;"
	"ALTER TABLE decision_v2 RENAME TO decision;"
	DECISION_GUARDS
	"PRAGMA user_version = 2;";

static int
dberr(struct vg_case *c, struct vg_error *err, const char *what)
{
	vg_error_set(err, "'%s/" VG_CASE_DB "': %s: %s", c->dir, what,
	    vg_db_why(c->db, NULL));
	return -1;
}

static int
exec(struct vg_case *c, const char *sql, struct vg_error *err)
{
	char	*msg = NULL;

	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		vg_error_set(err, "'%s/" VG_CASE_DB "': %s", c->dir,
		    vg_db_why(c->db, msg));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static sqlite3_stmt *
prep(struct vg_case *c, const char *sql, struct vg_error *err)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		dberr(c, err, "prepare");
		return NULL;
	}
	return st;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

static void
bind_time(sqlite3_stmt *st, int i, int64_t t)
{
	if (t == VG_TIME_NONE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, t);
}

static void
bind_real(sqlite3_stmt *st, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const char	*s = col_text(st, i);

	return s != NULL ? xstrdup(s) : NULL;
}

static int64_t
col_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? VG_TIME_NONE :
	    sqlite3_column_int64(st, i);
}

static double
col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN :
	    sqlite3_column_double(st, i);
}

/* Whether cp is a blank: spaces of every width, and the zero-width ones. */
static int
blank_cp(uint32_t cp)
{
	return cp == ' ' || cp == 0xa0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200b) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202f || cp == 0x205f || cp == 0x3000 || cp == 0xfeff;
}

/* A character no file of a bundle carries as it is. */
static int
control_cp(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xfffe ||
	    cp == 0xffff;
}

/*
 * The one rule for the text a case keeps, checked where it is written:
 * UTF-8 without control characters (C0, DEL, C1) or U+FFFE and U+FFFF,
 * which report.xml cannot hold and a terminal would obey.  Notes, reasons
 * and remarks (VG_TEXT_LINES) may hold tabs and newlines; an officer's
 * name (VG_TEXT_NAME) is one line and not blank.  field names the text
 * in the message.
 */
int
vg_case_text_ok(const char *field, const char *s, int kind,
    struct vg_error *err)
{
	size_t		i, n, l;
	uint32_t	cp;

	if (s == NULL)
		return 0;
	n = strlen(s);
	for (i = 0; i < n; i += l)
		if ((l = vg_utf8_decode(s + i, n - i, &cp)) == 0 ||
		    (!blank_cp(cp) && cp != '\t'))
			break;
	if (kind == VG_TEXT_NAME && i == n) {
		vg_error_set(err, "%s: '%s' is blank: a case is only touched"
		    " by a named officer", field, s);
		return -1;
	}
	for (i = 0; i < n; i += l) {
		if ((l = vg_utf8_decode(s + i, n - i, &cp)) == 0) {
			vg_error_set(err, "%s: invalid UTF-8 at byte %zu",
			    field, i + 1);
			return -1;
		}
		if (kind == VG_TEXT_LINES && (cp == '\n' || cp == '\t'))
			continue;
		if (cp == '\n') {
			vg_error_set(err, "%s: a newline at byte %zu: it is one"
			    " line", field, i + 1);
			return -1;
		}
		if (control_cp(cp)) {
			vg_error_set(err, "%s: control character U+%04X at"
			    " byte %zu: a case keeps only text (and tabs and"
			    " newlines in notes, reasons and remarks)", field,
			    (unsigned)cp, i + 1);
			return -1;
		}
	}
	return 0;
}

/*
 * Append s to b so that any file of a bundle can carry it, whatever a
 * case holds (one written before vg_case_text_ok, or a tool's arguments
 * in the custody log): a C0 control character not in keep, or DEL, as
 * its Unicode control picture (U+2400 to U+2421); a C1 control, U+FFFE,
 * U+FFFF and each byte that is not UTF-8 as U+FFFD.
 */
void
vg_text_carry(struct vg_buf *b, const char *s, const char *keep)
{
	char		pic[4];
	size_t		i, n, l;
	uint32_t	cp;

	n = strlen(s);
	for (i = 0; i < n; i += l) {
		if ((l = vg_utf8_decode(s + i, n - i, &cp)) == 0) {
			vg_buf_str(b, "\xef\xbf\xbd");
			l = 1;
			continue;
		}
		if (!control_cp(cp) || (cp != 0 && strchr(keep, (int)cp) !=
		    NULL)) {
			vg_buf_add(b, s + i, l);
			continue;
		}
		if (cp < 0x20 || cp == 0x7f) {
			cp = cp == 0x7f ? 0x2421 : 0x2400 + cp;
			pic[0] = (char)(0xe0 | cp >> 12);
			pic[1] = (char)(0x80 | (cp >> 6 & 0x3f));
			pic[2] = (char)(0x80 | (cp & 0x3f));
			vg_buf_add(b, pic, 3);
		} else
			vg_buf_str(b, "\xef\xbf\xbd");
	}
}

/*
 * Where cases live: $VIGIL_CASES, else $XDG_DATA_HOME/vigil/cases, else
 * ~/.local/share/vigil/cases.
 */
const char *
vg_case_root(void)
{
	static char	 buf[PATH_MAX];
	const char	*p;

	if ((p = getenv("VIGIL_CASES")) != NULL && *p != '\0')
		return p;
	if ((p = getenv("XDG_DATA_HOME")) != NULL && *p == '/')
		snprintf(buf, sizeof(buf), "%s/vigil/cases", p);
	else
		snprintf(buf, sizeof(buf), "%s/.local/share/vigil/cases",
		    (p = getenv("HOME")) != NULL ? p : ".");
	return buf;
}

/*
 * Whether the folder holding the case dir, and each folder above it, is
 * safe from other users: none writable by others without the sticky
 * bit (as /tmp has), where anyone could put another case, or a link, in
 * its place.  0 if so; else 1, and the first that is not in *unsafe
 * (allocated).
 */
int
vg_case_root_safe(const char *dir, char **unsafe)
{
	struct stat	 sb;
	char		*p, *slash;

	*unsafe = NULL;
	if ((slash = strrchr(dir, '/')) == NULL)
		p = realpath(".", NULL);
	else if (slash == dir)
		p = xstrdup("/");
	else {
		p = xstrndup(dir, (size_t)(slash - dir));
		slash = p;
		p = realpath(slash, NULL);
		free(slash);
	}
	if (p == NULL)
		return 0;	/* not there yet: nothing to say */
	for (;;) {
		if (stat(p, &sb) == 0 && (sb.st_mode & S_IWOTH) &&
		    !(sb.st_mode & S_ISVTX)) {
			*unsafe = p;
			return 1;
		}
		if ((slash = strrchr(p, '/')) == NULL || strcmp(p, "/") == 0)
			break;
		slash[slash == p ? 1 : 0] = '\0';
	}
	free(p);
	return 0;
}

/* Whether s can be a case number: letters, digits, - _ . , not first. */
int
vg_case_number_ok(const char *s)
{
	size_t	i;

	if (s[0] == '\0' || s[0] == '.' || s[0] == '-' ||
	    strlen(s) > NUMBER_MAX)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '_' || s[i] == '.'))
			return 0;
	return 1;
}

/* A case named by the officer: a directory path, or a number under the root. */
char *
vg_case_dir(const char *arg)
{
	char	*p;

	if (strchr(arg, '/') != NULL || strcmp(arg, ".") == 0 ||
	    strcmp(arg, "..") == 0)
		return xstrdup(arg);
	xasprintf(&p, "%s/%s", vg_case_root(), arg);
	return p;
}

const char *
vg_case_path(const struct vg_case *c)
{
	return c->dir;
}

/*
 * A folder of the case (made, 0700, if it is not there), never through
 * a link: refused when it is one, or not a folder of this user's.  Its
 * path in *path, allocated.
 */
int
vg_case_subdir(struct vg_case *c, const char *name, char **path,
    struct vg_error *err)
{
	struct stat	sb;

	*path = NULL;
	if (mkdirat(c->dirfd, name, 0700) == -1 && errno != EEXIST) {
		vg_error_set(err, "cannot create '%s/%s': %s", c->dir, name,
		    strerror(errno));
		return -1;
	}
	if (fstatat(c->dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1) {
		vg_error_set(err, "'%s/%s': %s", c->dir, name,
		    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode) || sb.st_uid != geteuid()) {
		vg_error_set(err, "'%s/%s': %s", c->dir, name,
		    S_ISLNK(sb.st_mode) ? "a symbolic link: never written"
		    " through" : !S_ISDIR(sb.st_mode) ?
		    "not a folder" : "owned by another user");
		return -1;
	}
	xasprintf(path, "%s/%s", c->dir, name);
	return 0;
}

/* mkdir -p with mode 0700 for the directories it makes. */
static int
mkdirs(const char *path, struct vg_error *err)
{
	return vg_mkdirs(path, 0700, err);
}

/*
 * The path SQLite opens a case's database by: the folders above the
 * case resolved (a folder of cases may be reached through a link, as
 * /home often is), then the case's own folder and its database as
 * named, which SQLITE_OPEN_NOFOLLOW refuses when either is a link.
 */
static char *
db_path(const char *dir)
{
	const char	*base;
	char		*parent, *real, *path;

	if ((base = strrchr(dir, '/')) == NULL) {
		parent = xstrdup(".");
		base = dir;
	} else
		parent = xstrndup(dir, base == dir ? 1 : (size_t)(base - dir));
	if (*base == '/')
		base++;
	if ((real = realpath(parent, NULL)) == NULL)
		xasprintf(&path, "%s/%s", dir, VG_CASE_DB);
	else
		xasprintf(&path, "%s%s%s/%s", real,
		    strcmp(real, "/") == 0 ? "" : "/", base, VG_CASE_DB);
	free(real);
	free(parent);
	return path;
}

/* A case's folder as named, without the slashes after it. */
static char *
dir_name(const char *dir)
{
	size_t	n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return xstrndup(dir, n);
}

static int
open_db(struct vg_case *c, int flags, struct vg_error *err)
{
	char	*path;
	int	 rc;

	path = db_path(c->dir);
	rc = sqlite3_open_v2(path, &c->db, flags | SQLITE_OPEN_NOFOLLOW, NULL);
	free(path);
	if (rc != SQLITE_OK) {
		if (c->db != NULL &&
		    sqlite3_extended_errcode(c->db) == SQLITE_CANTOPEN_SYMLINK)
			vg_error_set(err, "'%s/%s': a symbolic link: a case's"
			    " files are never reached through one", c->dir,
			    VG_CASE_DB);
		else if (c->db != NULL)
			dberr(c, err, "cannot open");
		else
			vg_error_set(err, "'%s': cannot open", c->dir);
		return -1;
	}
	sqlite3_busy_timeout(c->db, 10000);
	sqlite3_extended_result_codes(c->db, 1);
	return 0;
}

/* The open database must be a case's, of a version this code knows. */
static int
check_db(struct vg_case *c, struct vg_error *err)
{
	sqlite3_stmt	*st;
	int		 appid = 0, version = 0;

	if ((st = prep(c, "PRAGMA application_id", err)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		appid = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if ((st = prep(c, "PRAGMA user_version", err)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (appid != VG_CASE_APPID) {
		vg_error_set(err, "'%s': %s is not a vigil case database",
		    c->dir, VG_CASE_DB);
		return -1;
	}
	if (version > VG_CASE_VERSION) {
		vg_error_set(err, "'%s': made by a newer vigil (case schema"
		    " %d; this one knows %d)", c->dir, version,
		    VG_CASE_VERSION);
		return -1;
	}
	c->version = version;
	return 0;
}

/*
 * A case's folder, opened without following a link: a folder replaced by
 * a symbolic link is refused, not used.
 */
static int
open_dir(const char *dir, struct vg_error *err)
{
	struct stat	sb;
	int		fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) != -1)
		return fd;
	if (lstat(dir, &sb) == 0 && S_ISLNK(sb.st_mode))
		vg_error_set(err, "'%s': a symbolic link: a case is opened"
		    " only through its own folder", dir);
	else if (errno == ENOTDIR)
		vg_error_set(err, "'%s': not a case (not a folder)", dir);
	else
		vg_error_set(err, "'%s': not a case (%s)", dir,
		    errno == ENOENT ? "no such folder; vigil case list names"
		    " the cases" : strerror(errno));
	return -1;
}

/*
 * Open a case's directory: its database must be vigil's, of a version
 * this code knows.
 */
int
vg_case_open(const char *dir, struct vg_case **out, struct vg_error *err)
{
	struct vg_case	*c;
	struct stat	 sb, db;

	*out = NULL;
	c = xcalloc(1, sizeof(*c));
	c->dir = dir_name(dir);
	dir = c->dir;
	c->dirfd = -1;
	if ((c->dirfd = open_dir(dir, err)) == -1)
		goto fail;
	if (fstatat(c->dirfd, VG_CASE_DB, &db, AT_SYMLINK_NOFOLLOW) == -1) {
		vg_error_set(err, "'%s': not a case (%s)", dir,
		    errno == ENOENT ? "no " VG_CASE_DB : strerror(errno));
		goto fail;
	}
	if (!S_ISREG(db.st_mode)) {
		vg_error_set(err, "'%s/%s': %s", dir, VG_CASE_DB,
		    S_ISLNK(db.st_mode) ? "a symbolic link: a case's files"
		    " are never reached through one" : "not a regular file");
		goto fail;
	}
	if (open_db(c, SQLITE_OPEN_READWRITE, err) == -1 ||
	    check_db(c, err) == -1)
		goto fail;
	/* the folder opened is still the one named */
	if (lstat(dir, &sb) == -1 || fstat(c->dirfd, &db) == -1 ||
	    sb.st_dev != db.st_dev || sb.st_ino != db.st_ino) {
		vg_error_set(err, "'%s': replaced while it was opened", dir);
		goto fail;
	}
	if (exec(c, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
	    err) == -1)
		goto fail;
	*out = c;
	return 0;
fail:
	vg_case_close(c);
	return -1;
}

void
vg_case_close(struct vg_case *c)
{
	if (c == NULL)
		return;
	if (c->intx)
		vg_case_rollback(c);
	sqlite3_close(c->db);
	if (c->dirfd >= 0)
		close(c->dirfd);
	free(c->dir);
	free(c);
}

int
vg_case_begin(struct vg_case *c, struct vg_error *err)
{
	if (exec(c, "BEGIN IMMEDIATE", err) == -1)
		return -1;
	c->intx = 1;
	c->changed = 0;
	return 0;
}

void
vg_case_rollback(struct vg_case *c)
{
	sqlite3_stmt	*st;

	if (c->intx)
		(void)sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	c->intx = 0;
	/* a migration rolled back with the rest */
	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		c->version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
}

/* Append the custody entry of the action, inside the open transaction. */
static int
append(struct vg_case *c, const struct vg_case_act *a, struct vg_error *err)
{
	struct vg_custody	 e;
	sqlite3_stmt		*st;
	int			 rc;

	if (a->officer == NULL || a->officer[0] == '\0') {
		vg_error_set(err, "no officer: a case is only touched by a"
		    " named officer (give --officer NAME or set VIGIL_OFFICER)");
		return -1;
	}
	if (vg_case_text_ok("officer", a->officer, VG_TEXT_NAME, err) == -1)
		return -1;
	memset(&e, 0, sizeof(e));
	if ((st = prep(c, "SELECT seq, hash FROM custody ORDER BY seq DESC"
	    " LIMIT 1", err)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		e.seq = sqlite3_column_int64(st, 0) + 1;
		snprintf(e.prev, sizeof(e.prev), "%s", col_text(st, 1));
	} else {
		e.seq = 1;
		snprintf(e.prev, sizeof(e.prev), "%s", VG_CUSTODY_GENESIS);
	}
	sqlite3_finalize(st);
	e.at = vg_now();
	e.officer = a->officer;
	e.tool = a->tool != NULL ? a->tool : "";
	e.args = a->args != NULL ? a->args : "";
	e.touched = a->touched != NULL ? a->touched : "";
	e.digests = a->digests != NULL ? a->digests : "";
	vg_custody_hash(&e, e.hash);
	if ((st = prep(c, "INSERT INTO custody (seq, at, officer, tool, args,"
	    " touched, digests, prev, hash, changed)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, e.seq);
	sqlite3_bind_int64(st, 2, e.at);
	bind_text(st, 3, e.officer);
	bind_text(st, 4, e.tool);
	bind_text(st, 5, e.args);
	bind_text(st, 6, e.touched);
	bind_text(st, 7, e.digests);
	bind_text(st, 8, e.prev);
	bind_text(st, 9, e.hash);
	sqlite3_bind_int(st, 10, c->changed);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return dberr(c, err, "custody log");
	return 0;
}

/* Log the action and commit what it did; on failure nothing is kept. */
int
vg_case_commit(struct vg_case *c, const struct vg_case_act *a,
    struct vg_error *err)
{
	if (append(c, a, err) == -1 || exec(c, "COMMIT", err) == -1) {
		vg_case_rollback(c);
		return -1;
	}
	c->intx = 0;
	return 0;
}

/* An action that only reads the case: its entry alone. */
int
vg_case_log(struct vg_case *c, const struct vg_case_act *a,
    struct vg_error *err)
{
	if (vg_case_begin(c, err) == -1)
		return -1;
	return vg_case_commit(c, a, err);
}

/*
 * Make a case: its directory (0700) under dir's parent, its database
 * (0600), its details, and the first entry of its custody log.  It is
 * made in a private folder beside dir, renamed to dir only once that
 * entry is committed: a case killed half-made is never found as one,
 * and the folder it leaves is swept by the next vigil-case new.  fill
 * (when not NULL) is given the case after that entry, before the rename,
 * for what it starts with (an anomaly's note and items, in entries of
 * their own): a case is found with all of it or not at all.
 */
int
vg_case_create(const char *dir, const struct vg_case_info *info,
    const struct vg_case_act *a, vg_case_fill_fn fill, void *arg,
    struct vg_error *err)
{
	struct vg_case	*c = NULL;
	struct vg_error	 e2 = { 0, NULL };
	struct stat	 sb;
	sqlite3_stmt	*st;
	char		*parent, *slash, *path, *tmp = NULL, sql[128];
	int		 fd, lockfd = -1, rc;

	if (a->officer == NULL || a->officer[0] == '\0') {
		vg_error_set(err, "no officer: a case is only touched by a"
		    " named officer (give --officer NAME or set VIGIL_OFFICER)");
		return -1;
	}
	if (vg_case_text_ok("officer", a->officer, VG_TEXT_NAME, err) ||
	    vg_case_text_ok("case number", info->number, VG_TEXT_LINE, err) ||
	    vg_case_text_ok("title", info->title, VG_TEXT_LINE, err) ||
	    vg_case_text_ok("incident place", info->incident_place,
	    VG_TEXT_LINE, err))
		return -1;
	parent = xstrdup(dir);
	if ((slash = strrchr(parent, '/')) != NULL && slash != parent) {
		*slash = '\0';
		if (mkdirs(parent, err) == -1) {
			free(parent);
			return -1;
		}
	} else if (slash == NULL) {
		free(parent);
		parent = xstrdup(".");
	} else
		parent[1] = '\0';
	if (lstat(dir, &sb) == 0) {
		vg_error_set(err, "'%s' exists: a case is never made over"
		    " another", dir);
		free(parent);
		return -1;
	}
	(void)vg_stage_sweep(parent, "new");
	rc = vg_stage_make(parent, "new", &tmp, &lockfd, err);
	free(parent);
	if (rc == -1)
		return -1;
	xasprintf(&path, "%s/%s", tmp, VG_CASE_DB);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		vg_error_set(err, "cannot create '%s': %s", path,
		    strerror(errno));
		free(path);
		goto fail;
	}
	(void)fchmod(fd, 0600);
	close(fd);
	free(path);

	c = xcalloc(1, sizeof(*c));
	c->dir = xstrdup(tmp);
	c->dirfd = -1;
	c->version = VG_CASE_VERSION;
	if (open_db(c, SQLITE_OPEN_READWRITE, err) == -1)
		goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d;"
	    " PRAGMA user_version = %d; PRAGMA synchronous = FULL;",
	    VG_CASE_APPID, VG_CASE_VERSION);
	if (exec(c, sql, err) == -1 || vg_case_begin(c, err) == -1 ||
	    exec(c, schema, err) == -1)
		goto fail;
	if ((st = prep(c, "INSERT INTO case_info (id, number, title,"
	    " incident_time, incident_place, archive, zone, status, created,"
	    " created_by) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?8, 'open', ?6, ?7)",
	    err)) == NULL)
		goto fail;
	bind_text(st, 1, info->number);
	bind_text(st, 2, info->title);
	bind_time(st, 3, info->incident_time);
	bind_text(st, 4, info->incident_place);
	bind_text(st, 5, info->archive);
	sqlite3_bind_int64(st, 6, vg_now());
	bind_text(st, 7, a->officer);
	bind_text(st, 8, info->zone);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		dberr(c, err, "case");
		goto fail;
	}
	c->changed = 1;
	if (vg_case_commit(c, a, err) == -1 || (fill != NULL &&
	    fill(c, arg, err) == -1))
		goto fail;
	vg_case_close(c);
	c = NULL;
	/* whole: into place, never over another */
	if (vg_rename_new(tmp, dir, &e2) == -1) {
		if (lstat(dir, &sb) == 0)
			vg_error_set(err, "'%s' exists: a case is never made"
			    " over another", dir);
		else
			vg_error_set(err, "%s", e2.msg);
		vg_error_clear(&e2);
		goto fail;
	}
	close(lockfd);
	free(tmp);
	return 0;
fail:
	vg_case_close(c);
	vg_stage_remove(tmp);
	if (lockfd != -1)
		close(lockfd);
	free(tmp);
	return -1;
}

static int
read_info(struct vg_case *c, struct vg_case_info *ci, struct vg_error *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(ci, 0, sizeof(*ci));
	if ((st = prep(c, "SELECT number, title, incident_time,"
	    " incident_place, archive, status, created, created_by,"
	    " (SELECT count(*) FROM custody),"
	    " (SELECT at FROM custody ORDER BY seq DESC LIMIT 1),"
	    " (SELECT tool || ' ' || args FROM custody ORDER BY seq DESC"
	    "  LIMIT 1), zone"
	    " FROM case_info WHERE id = 1", err)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			vg_error_set(err, "'%s': the case has no details",
			    c->dir);
		else
			dberr(c, err, "case");
		return -1;
	}
	ci->number = col_dup(st, 0);
	ci->title = col_dup(st, 1);
	ci->incident_time = col_time(st, 2);
	ci->incident_place = col_dup(st, 3);
	ci->archive = col_dup(st, 4);
	ci->status = col_dup(st, 5);
	ci->created = sqlite3_column_int64(st, 6);
	ci->created_by = col_dup(st, 7);
	ci->entries = sqlite3_column_int64(st, 8);
	ci->last_at = col_time(st, 9);
	ci->last_tool = col_dup(st, 10);
	ci->zone = col_dup(st, 11);
	sqlite3_finalize(st);
	return 0;
}

int
vg_case_info(struct vg_case *c, struct vg_case_info *ci,
    struct vg_error *err)
{
	return read_info(c, ci, err);
}

/*
 * A case's details without opening it for an action: for listing the
 * cases under the root, which is not an action on any of them.
 */
int
vg_case_info_read(const char *dir, struct vg_case_info *ci,
    struct vg_error *err)
{
	struct vg_case	c;
	int		rc, fd;

	memset(&c, 0, sizeof(c));
	c.dir = dir_name(dir);
	memset(ci, 0, sizeof(*ci));
	if ((fd = open_dir(c.dir, err)) == -1) {
		free(c.dir);
		return -1;
	}
	close(fd);
	if (open_db(&c, SQLITE_OPEN_READONLY, err) == -1 ||
	    check_db(&c, err) == -1) {
		sqlite3_close(c.db);
		free(c.dir);
		return -1;
	}
	rc = read_info(&c, ci, err);
	sqlite3_close(c.db);
	free(c.dir);
	return rc;
}

void
vg_case_info_free(struct vg_case_info *ci)
{
	free(ci->number);
	free(ci->title);
	free(ci->incident_place);
	free(ci->archive);
	free(ci->status);
	free(ci->created_by);
	free(ci->last_tool);
	free(ci->zone);
	memset(ci, 0, sizeof(*ci));
}

/* Run an INSERT whose parameters are bound, keeping its row id. */
static int
insert(struct vg_case *c, sqlite3_stmt *st, int64_t *id, const char *what,
    struct vg_error *err)
{
	int	rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return dberr(c, err, what);
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(c->db);
	c->changed = 1;
	return 0;
}

int
vg_case_add_subject(struct vg_case *c, const struct vg_case_subject *s,
    int64_t *id, struct vg_error *err)
{
	sqlite3_stmt	*st;

	if (vg_case_text_ok("person", s->person, VG_TEXT_LINE, err) ||
	    vg_case_text_ok("description", s->description, VG_TEXT_LINE,
	    err) ||
	    vg_case_text_ok("sighting", s->ref, VG_TEXT_LINE, err) ||
	    vg_case_text_ok("officer", s->officer, VG_TEXT_NAME, err))
		return -1;
	if ((st = prep(c, "INSERT INTO subject (kind, person, description,"
	    " ref, added, officer) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    err)) == NULL)
		return -1;
	bind_text(st, 1, s->kind);
	bind_text(st, 2, s->person);
	bind_text(st, 3, s->description);
	bind_text(st, 4, s->ref);
	sqlite3_bind_int64(st, 5, vg_now());
	bind_text(st, 6, s->officer);
	return insert(c, st, id, "subject", err);
}

int
vg_case_add_item(struct vg_case *c, const struct vg_case_item *it,
    int64_t *id, struct vg_error *err)
{
	sqlite3_stmt	*st;

	if (vg_case_text_ok("device", it->device, VG_TEXT_LINE, err) ||
	    vg_case_text_ok("track", it->track, VG_TEXT_LINE, err) ||
	    vg_case_text_ok("remark", it->remark, VG_TEXT_LINES, err) ||
	    vg_case_text_ok("officer", it->officer, VG_TEXT_NAME, err))
		return -1;
	if ((st = prep(c, "INSERT INTO item (kind, device, track, t0, t1,"
	    " remark, added, officer) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8)", err)) == NULL)
		return -1;
	bind_text(st, 1, it->kind);
	bind_text(st, 2, it->device);
	bind_text(st, 3, it->track);
	sqlite3_bind_int64(st, 4, it->t0);
	bind_time(st, 5, it->t1);
	bind_text(st, 6, it->remark);
	sqlite3_bind_int64(st, 7, vg_now());
	bind_text(st, 8, it->officer);
	return insert(c, st, id, "item", err);
}

int
vg_case_add_note(struct vg_case *c, const char *officer, const char *text,
    int64_t *id, struct vg_error *err)
{
	sqlite3_stmt	*st;

	if (vg_case_text_ok("note", text, VG_TEXT_LINES, err) ||
	    vg_case_text_ok("officer", officer, VG_TEXT_NAME, err))
		return -1;
	if ((st = prep(c, "INSERT INTO note (at, officer, text)"
	    " VALUES (?1, ?2, ?3)", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, vg_now());
	bind_text(st, 2, officer);
	bind_text(st, 3, text);
	return insert(c, st, id, "note", err);
}

int
vg_case_decide(struct vg_case *c, const struct vg_case_decision *d,
    int64_t *id, struct vg_error *err)
{
	sqlite3_stmt	*st;

	if (vg_case_text_ok("hop", d->hop, VG_TEXT_LINE, err) ||
	    vg_case_text_ok("reason", d->why, VG_TEXT_LINES, err) ||
	    vg_case_text_ok("officer", d->officer, VG_TEXT_NAME, err))
		return -1;
	/* a case made before withdraw existed learns it with the first */
	if (strcmp(d->verdict, "withdraw") == 0 && c->version < 2) {
		if (!c->intx) {
			vg_error_set(err, "'%s': a withdrawal outside a"
			    " transaction", c->dir);
			return -1;
		}
		if (exec(c, migrate2, err) == -1)
			return -1;
		c->version = 2;
	}
	if ((st = prep(c, "INSERT INTO decision (hop, verdict, why, at,"
	    " officer) VALUES (?1, ?2, ?3, ?4, ?5)", err)) == NULL)
		return -1;
	bind_text(st, 1, d->hop);
	bind_text(st, 2, d->verdict);
	bind_text(st, 3, d->why);
	sqlite3_bind_int64(st, 4, vg_now());
	bind_text(st, 5, d->officer);
	return insert(c, st, id, "decision", err);
}

/*
 * Whether a decision's hop names the path's hop h: CAMERA:TRACK, or
 * GATE@TIME with a time (in tz unless it says its offset) within a
 * second of the gate's event.  A time of day alone, as decisions made
 * before vigil-case kept the event's full time hold it, is on the day
 * of the event.
 */
int
vg_case_hop_is(const struct vg_case_hop *h, const char *hop,
    struct vg_tz *tz)
{
	size_t		 n = strlen(h->device);
	int64_t		 at;
	const char	*why, *t;

	if (strncmp(hop, h->device, n) != 0)
		return 0;
	if (h->track != NULL)
		return hop[n] == ':' && strcmp(hop + n + 1, h->track) == 0;
	if (hop[n] != '@')
		return 0;
	t = hop + n + 1;
	return vg_time_parse_near(tz, t, strlen(t), h->first, vg_now(), &at,
	    &why) == 0 && llabs(at - h->first) < 1000000;
}

int
vg_case_set_status(struct vg_case *c, const char *status,
    struct vg_error *err)
{
	sqlite3_stmt	*st;

	if ((st = prep(c, "UPDATE case_info SET status = ?1 WHERE id = 1",
	    err)) == NULL)
		return -1;
	bind_text(st, 1, status);
	return insert(c, st, NULL, "status", err);
}

int
vg_case_save_path(struct vg_case *c, const struct vg_case_path *p,
    int64_t *id, struct vg_error *err)
{
	sqlite3_stmt	*st;
	int64_t		 pid;
	size_t		 i;

	if (vg_case_text_ok("officer", p->officer, VG_TEXT_NAME, err) ||
	    vg_case_text_ok("anchor", p->anchor, VG_TEXT_LINE, err))
		return -1;
	for (i = 0; i < p->nhops; i++)
		if (vg_case_text_ok("hop device", p->hops[i].device,
		    VG_TEXT_LINE, err) ||
		    vg_case_text_ok("hop track", p->hops[i].track,
		    VG_TEXT_LINE, err) ||
		    vg_case_text_ok("hop person", p->hops[i].person,
		    VG_TEXT_LINE, err))
			return -1;
	if ((st = prep(c, "INSERT INTO path (at, officer, anchor)"
	    " VALUES (?1, ?2, ?3)", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, vg_now());
	bind_text(st, 2, p->officer);
	bind_text(st, 3, p->anchor);
	if (insert(c, st, &pid, "path", err) == -1)
		return -1;
	for (i = 0; i < p->nhops; i++) {
		const struct vg_case_hop *h = &p->hops[i];

		if ((st = prep(c, "INSERT INTO path_hop (path, n, device,"
		    " type, track, first, last, transit, confidence, person)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
		    err)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, pid);
		sqlite3_bind_int(st, 2, h->n);
		bind_text(st, 3, h->device);
		bind_text(st, 4, h->type);
		bind_text(st, 5, h->track);
		sqlite3_bind_int64(st, 6, h->first);
		bind_time(st, 7, h->last);
		bind_real(st, 8, h->transit);
		bind_real(st, 9, h->confidence);
		bind_text(st, 10, h->person);
		if (insert(c, st, NULL, "path", err) == -1)
			return -1;
	}
	if (id != NULL)
		*id = pid;
	return 0;
}

int
vg_case_subjects(struct vg_case *c, vg_case_subject_fn fn, void *arg,
    struct vg_error *err)
{
	struct vg_case_subject	 s;
	sqlite3_stmt		*st;
	int			 rc = 0, step;

	if ((st = prep(c, "SELECT id, kind, person, description, ref, added,"
	    " officer FROM subject ORDER BY id", err)) == NULL)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		s.id = sqlite3_column_int64(st, 0);
		s.kind = col_text(st, 1);
		s.person = col_text(st, 2);
		s.description = col_text(st, 3);
		s.ref = col_text(st, 4);
		s.added = sqlite3_column_int64(st, 5);
		s.officer = col_text(st, 6);
		if ((rc = fn(&s, arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = dberr(c, err, "subjects");
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
vg_case_items(struct vg_case *c, vg_case_item_fn fn, void *arg,
    struct vg_error *err)
{
	struct vg_case_item	 it;
	sqlite3_stmt		*st;
	int			 rc = 0, step;

	if ((st = prep(c, "SELECT id, kind, device, track, t0, t1, remark,"
	    " added, officer FROM item ORDER BY id", err)) == NULL)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		it.id = sqlite3_column_int64(st, 0);
		it.kind = col_text(st, 1);
		it.device = col_text(st, 2);
		it.track = col_text(st, 3);
		it.t0 = sqlite3_column_int64(st, 4);
		it.t1 = col_time(st, 5);
		it.remark = col_text(st, 6);
		it.added = sqlite3_column_int64(st, 7);
		it.officer = col_text(st, 8);
		if ((rc = fn(&it, arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = dberr(c, err, "items");
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
vg_case_notes(struct vg_case *c, vg_case_note_fn fn, void *arg,
    struct vg_error *err)
{
	struct vg_case_note	 n;
	sqlite3_stmt		*st;
	int			 rc = 0, step;

	if ((st = prep(c, "SELECT id, at, officer, text FROM note"
	    " ORDER BY id", err)) == NULL)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		n.id = sqlite3_column_int64(st, 0);
		n.at = sqlite3_column_int64(st, 1);
		n.officer = col_text(st, 2);
		n.text = col_text(st, 3);
		if ((rc = fn(&n, arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = dberr(c, err, "notes");
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

static int
each_decision(struct vg_case *c, const char *sql, vg_case_decision_fn fn,
    void *arg, struct vg_error *err)
{
	struct vg_case_decision	 d;
	sqlite3_stmt		*st;
	int			 rc = 0, step;

	if ((st = prep(c, sql, err)) == NULL)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		d.id = sqlite3_column_int64(st, 0);
		d.hop = col_text(st, 1);
		d.verdict = col_text(st, 2);
		d.why = col_text(st, 3);
		d.at = sqlite3_column_int64(st, 4);
		d.officer = col_text(st, 5);
		if ((rc = fn(&d, arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = dberr(c, err, "decisions");
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

/*
 * The decision in force for each hop: the latest, in order made; a hop
 * whose latest is a withdrawal has none (it is proposed again).
 */
int
vg_case_decisions(struct vg_case *c, vg_case_decision_fn fn, void *arg,
    struct vg_error *err)
{
	return each_decision(c, "SELECT id, hop, verdict, why, at, officer"
	    " FROM decision d WHERE id = (SELECT max(id) FROM decision"
	    " WHERE hop = d.hop) AND verdict <> 'withdraw' ORDER BY id", fn,
	    arg, err);
}

/* Every decision ever made, withdrawals too, in the order made. */
int
vg_case_decision_log(struct vg_case *c, vg_case_decision_fn fn, void *arg,
    struct vg_error *err)
{
	return each_decision(c, "SELECT id, hop, verdict, why, at, officer"
	    " FROM decision ORDER BY id", fn, arg, err);
}

/* A copy of d in out, its strings the copy's own (vg_case_decision_clear). */
void
vg_case_decision_copy(struct vg_case_decision *out,
    const struct vg_case_decision *d)
{
	out->id = d->id;
	out->hop = xstrdup(d->hop);
	out->verdict = xstrdup(d->verdict);
	out->why = xstrdup(d->why);
	out->at = d->at;
	out->officer = xstrdup(d->officer);
}

static int
copy_decision(const struct vg_case_decision *d, void *arg)
{
	vg_case_decision_clear(arg);
	vg_case_decision_copy(arg, d);
	return 0;
}

/*
 * The last decision made (copied into last, for vg_case_decision_clear)
 * and the verdict that undoes it: the hop's decision before it, or
 * withdraw when it was the hop's first.  0 if no decision was made, 1 if
 * one was.
 */
int
vg_case_undo_of(struct vg_case *c, struct vg_case_decision *last,
    const char **back, struct vg_error *err)
{
	sqlite3_stmt	*st;
	int		 step;

	memset(last, 0, sizeof(*last));
	*back = NULL;
	if (each_decision(c, "SELECT id, hop, verdict, why, at, officer"
	    " FROM decision ORDER BY id DESC LIMIT 1", copy_decision, last,
	    err) == -1)
		return -1;
	if (last->hop == NULL)
		return 0;
	if ((st = prep(c, "SELECT verdict FROM decision WHERE hop = ?1 AND"
	    " id < ?2 ORDER BY id DESC LIMIT 1", err)) == NULL) {
		vg_case_decision_clear(last);
		return -1;
	}
	bind_text(st, 1, last->hop);
	sqlite3_bind_int64(st, 2, last->id);
	step = sqlite3_step(st);
	*back = "withdraw";
	if (step == SQLITE_ROW && strcmp(col_text(st, 0), "confirm") == 0)
		*back = "confirm";
	else if (step == SQLITE_ROW && strcmp(col_text(st, 0), "reject") == 0)
		*back = "reject";
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		vg_case_decision_clear(last);
		return dberr(c, err, "decisions");
	}
	return 1;
}

/* A verdict as done: confirmed, rejected or withdrawn. */
const char *
vg_case_decided(const char *verdict)
{
	return strcmp(verdict, "confirm") == 0 ? "confirmed" :
	    strcmp(verdict, "reject") == 0 ? "rejected" : "withdrawn";
}

/* Free the strings of a decision copied by vg_case_decision_copy. */
void
vg_case_decision_clear(struct vg_case_decision *d)
{
	free((char *)d->hop);
	free((char *)d->verdict);
	free((char *)d->why);
	free((char *)d->officer);
	memset(d, 0, sizeof(*d));
}

/* The path saved last, with its hops; 0 if none was saved, 1 if one was. */
int
vg_case_last_path(struct vg_case *c, struct vg_case_path *p,
    struct vg_error *err)
{
	sqlite3_stmt	*st;
	struct vg_case_hop *h;
	size_t		 cap = 0;
	int		 step;

	memset(p, 0, sizeof(*p));
	if ((st = prep(c, "SELECT id, at, officer, anchor FROM path"
	    " ORDER BY id DESC LIMIT 1", err)) == NULL)
		return -1;
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return step == SQLITE_DONE ? 0 : dberr(c, err, "path");
	}
	p->id = sqlite3_column_int64(st, 0);
	p->at = sqlite3_column_int64(st, 1);
	p->officer = col_dup(st, 2);
	p->anchor = col_dup(st, 3);
	sqlite3_finalize(st);
	if ((st = prep(c, "SELECT n, device, type, track, first, last,"
	    " transit, confidence, person FROM path_hop WHERE path = ?1"
	    " ORDER BY n", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, p->id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (p->nhops == cap) {
			cap = cap ? cap * 2 : 16;
			p->hops = xreallocarray(p->hops, cap, sizeof(*p->hops));
		}
		h = &p->hops[p->nhops++];
		h->n = sqlite3_column_int(st, 0);
		h->device = col_dup(st, 1);
		h->type = col_dup(st, 2);
		h->track = col_dup(st, 3);
		h->first = sqlite3_column_int64(st, 4);
		h->last = col_time(st, 5);
		h->transit = col_real(st, 6);
		h->confidence = col_real(st, 7);
		h->person = col_dup(st, 8);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return dberr(c, err, "path");
	return 1;
}

void
vg_case_path_free(struct vg_case_path *p)
{
	size_t	i;

	for (i = 0; i < p->nhops; i++) {
		free((char *)p->hops[i].device);
		free((char *)p->hops[i].type);
		free((char *)p->hops[i].track);
		free((char *)p->hops[i].person);
	}
	free(p->hops);
	free((char *)p->officer);
	free((char *)p->anchor);
	memset(p, 0, sizeof(*p));
}

/* The custody log, in order, up to entry upto (0: all of it). */
int
vg_case_custody(struct vg_case *c, int64_t upto, vg_case_custody_fn fn,
    void *arg, struct vg_error *err)
{
	struct vg_custody	 e;
	sqlite3_stmt		*st;
	const char		*s;
	int			 rc = 0, step;

	if ((st = prep(c, "SELECT seq, at, officer, tool, args, touched,"
	    " digests, prev, hash FROM custody WHERE ?1 = 0 OR seq <= ?1"
	    " ORDER BY seq", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, upto);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&e, 0, sizeof(e));
		e.seq = sqlite3_column_int64(st, 0);
		e.at = sqlite3_column_int64(st, 1);
		e.officer = col_text(st, 2);
		e.tool = col_text(st, 3);
		e.args = col_text(st, 4);
		e.touched = col_text(st, 5);
		e.digests = col_text(st, 6);
		s = col_text(st, 7);
		snprintf(e.prev, sizeof(e.prev), "%s", s != NULL ? s : "");
		s = col_text(st, 8);
		snprintf(e.hash, sizeof(e.hash), "%s", s != NULL ? s : "");
		if ((rc = fn(&e, arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = dberr(c, err, "custody log");
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* The last entry that changed the case: what an export carries. */
int64_t
vg_case_last_change(struct vg_case *c, struct vg_error *err)
{
	sqlite3_stmt	*st;
	int64_t		 seq = -1;

	if ((st = prep(c, "SELECT coalesce(max(seq), 0) FROM custody"
	    " WHERE changed", err)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	else
		dberr(c, err, "custody log");
	sqlite3_finalize(st);
	return seq;
}

struct walk {
	vg_case_check_fn fn;		/* where checks go */
	void		*arg;		/* its argument */
	int64_t		 expect;	/* the next seq */
	char		 prev[VG_SHA256_HEX]; /* the hash before */
	int		 failures;	/* checks failed */
	int		 stop;		/* the chain is broken: stop */
};

static int
walk_entry(const struct vg_custody *e, void *arg)
{
	struct walk	*w = arg;
	char		 hash[VG_SHA256_HEX], msg[256];

	if (e->seq != w->expect) {
		snprintf(msg, sizeof(msg), "custody entry %lld follows entry"
		    " %lld (%s)", (long long)e->seq, (long long)w->expect - 1,
		    e->seq > w->expect ? "one deleted?" : "reordered?");
		w->fn(w->arg, 0, msg);
		w->failures++;
		return 1;
	}
	vg_custody_hash(e, hash);
	if (strcmp(hash, e->hash) != 0) {
		snprintf(msg, sizeof(msg), "custody entry %lld: its hash does"
		    " not match its fields (edited?)", (long long)e->seq);
		w->fn(w->arg, 0, msg);
		w->failures++;
		return 1;
	}
	if (strcmp(e->prev, w->prev) != 0) {
		snprintf(msg, sizeof(msg), "custody entry %lld: prev is not the"
		    " hash of entry %lld (edited or reordered?)",
		    (long long)e->seq, (long long)e->seq - 1);
		w->fn(w->arg, 0, msg);
		w->failures++;
		return 1;
	}
	memcpy(w->prev, e->hash, sizeof(w->prev));
	w->expect++;
	return 0;
}

/* A file's mode must be no wider than want; it must not be a link. */
static int
check_mode(const char *path, mode_t want, vg_case_check_fn fn, void *arg)
{
	struct stat	sb;
	char		msg[PATH_MAX + 96];

	if (lstat(path, &sb) == -1) {
		snprintf(msg, sizeof(msg), "%s: %s", path, strerror(errno));
		fn(arg, 0, msg);
		return 1;
	}
	if (S_ISLNK(sb.st_mode)) {
		snprintf(msg, sizeof(msg), "%s: a symbolic link", path);
		fn(arg, 0, msg);
		return 1;
	}
	if ((sb.st_mode & 07777 & ~want) != 0) {
		snprintf(msg, sizeof(msg), "%s: mode %04o, wider than %04o",
		    path, (unsigned)(sb.st_mode & 07777), (unsigned)want);
		fn(arg, 0, msg);
		return 1;
	}
	snprintf(msg, sizeof(msg), "%s: mode %04o", path,
	    (unsigned)(sb.st_mode & 07777));
	fn(arg, 1, msg);
	return 0;
}

/*
 * Every symbolic link in the case's folder and the folders in it (clips):
 * a case's files are never reached through one.  Returns how many.
 */
static int
check_links(int dfd, const char *path, int depth,
    vg_case_check_fn fn, void *arg)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 msg[PATH_MAX + 96], *sub;
	int		 fd, bad = 0;

	if ((fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return 0;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) == -1)
			continue;
		if (S_ISLNK(sb.st_mode)) {
			snprintf(msg, sizeof(msg), "%s/%s: a symbolic link: a"
			    " case's files are never reached through one",
			    path, de->d_name);
			fn(arg, 0, msg);
			bad++;
		} else if (S_ISDIR(sb.st_mode) && depth < 4 &&
		    (fd = openat(dirfd(d), de->d_name, O_RDONLY |
		    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) != -1) {
			xasprintf(&sub, "%s/%s", path, de->d_name);
			bad += check_links(fd, sub, depth + 1, fn, arg);
			free(sub);
			close(fd);
		}
	}
	closedir(d);
	return bad;
}

/*
 * Check a case: the modes of its directory and database, and its custody
 * chain, entry by entry, stopping at the first that does not fit.
 * Returns the failures.
 */
int
vg_case_verify(struct vg_case *c, vg_case_check_fn fn, void *arg,
    struct vg_error *err)
{
	struct walk	 w;
	char		*path, msg[128];
	int		 bad = 0;

	bad += check_mode(c->dir, 0700, fn, arg);
	xasprintf(&path, "%s/%s", c->dir, VG_CASE_DB);
	bad += check_mode(path, 0600, fn, arg);
	free(path);
	bad += check_links(c->dirfd, c->dir, 0, fn, arg);
	memset(&w, 0, sizeof(w));
	w.fn = fn;
	w.arg = arg;
	w.expect = 1;
	snprintf(w.prev, sizeof(w.prev), "%s", VG_CUSTODY_GENESIS);
	if (vg_case_custody(c, 0, walk_entry, &w, err) == -1)
		return -1;
	if (w.failures == 0) {
		snprintf(msg, sizeof(msg), "custody log: %lld entries, chain"
		    " whole", (long long)w.expect - 1);
		fn(arg, 1, msg);
	}
	return bad + w.failures;
}

struct tsv {
	FILE		*fp;		/* the file being written */
};

static int
tsv_entry(const struct vg_custody *e, void *arg)
{
	struct tsv	*t = arg;
	char		*line = vg_custody_line(e);

	line[strlen(line) - 1] = '\0';	/* the hash goes before the newline */
	fprintf(t->fp, "%s\t%s\n", line, e->hash);
	free(line);
	return 0;
}

/* Write the custody log up to entry upto (0: all) as custody.tsv. */
int
vg_case_custody_tsv(struct vg_case *c, int64_t upto, const char *path,
    struct vg_error *err)
{
	struct tsv	t;
	int		fd, rc;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1 || (t.fp = fdopen(fd, "w")) == NULL) {
		vg_error_set(err, "cannot create '%s': %s", path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	fputs(VG_CUSTODY_HEADER, t.fp);
	rc = vg_case_custody(c, upto, tsv_entry, &t, err);
	if (fflush(t.fp) != 0 || ferror(t.fp) || fsync(fd) == -1) {
		if (rc == 0)
			vg_error_set(err, "'%s': %s", path, strerror(errno));
		rc = -1;
	}
	fclose(t.fp);
	return rc;
}
