/* archive-sqlite.c: the archive in one SQLite file; every SQL statement of vigil is here */
#include "config.h"

#include "vigil-int.h"
#include "model.h"
#include "archive-impl.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#define VG_APPLICATION_ID	0x5647494c	/* "VGIL" */
#define VG_BUSY_SECS		"10"		/* a busy archive is waited for */
#define VG_BUSY_MS		10000
#define VG_MERGE_BUSY_MS	600000		/* a merge's step waits for
						   another writer (an import's
						   file) up to ten minutes */
#define MERGE_STEP_ROWS		1000000		/* rows a merge copies in a
						   transaction */
#define MERGE_WAL_BYTES		"67108864"	/* the WAL's file cut back to
						   this after a merge's step */

/* The schema, one migration per entry; user_version counts those applied. */
static const char *const migrations[] = {
	/* 1: the first archive */
	"CREATE TABLE source ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL UNIQUE,"
	"  size INTEGER NOT NULL,"
	"  format TEXT NOT NULL,"
	"  imported INTEGER NOT NULL,"
	"  rows INTEGER NOT NULL DEFAULT 0,"
	"  rejected INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE site ("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT,"
	"  timezone TEXT NOT NULL,"
	"  source INTEGER REFERENCES source(id));"
	"CREATE TABLE zone ("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT,"
	"  ring INTEGER NOT NULL,"
	"  line INTEGER) WITHOUT ROWID;"
	"CREATE TABLE place ("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT,"
	"  zone TEXT,"
	"  kind TEXT,"
	"  x REAL, y REAL,"
	"  line INTEGER) WITHOUT ROWID;"
	"CREATE TABLE device ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  type INTEGER NOT NULL,"
	"  name TEXT,"
	"  zone TEXT,"
	"  x REAL, y REAL,"
	"  kind TEXT,"
	"  credentials INTEGER,"
	"  place TEXT,"
	"  heading REAL,"
	"  face INTEGER,"
	"  recordings TEXT,"
	"  ext TEXT,"
	"  line INTEGER);"
	"CREATE TABLE link ("
	"  a INTEGER NOT NULL REFERENCES device(id),"
	"  b INTEGER NOT NULL REFERENCES device(id),"
	"  min INTEGER NOT NULL,"
	"  max INTEGER NOT NULL,"
	"  directed INTEGER NOT NULL,"
	"  line INTEGER,"
	"  PRIMARY KEY (a, b)) WITHOUT ROWID;"
	"CREATE TABLE person ("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT,"
	"  employer TEXT,"
	"  dorm TEXT,"
	"  status TEXT,"
	"  source INTEGER NOT NULL,"
	"  line INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE card ("
	"  card TEXT NOT NULL,"
	"  person TEXT NOT NULL,"
	"  PRIMARY KEY (card, person)) WITHOUT ROWID;"
	"CREATE INDEX card_person ON card(person);"
	"CREATE TABLE plate ("
	"  plate TEXT NOT NULL,"
	"  person TEXT NOT NULL,"
	"  PRIMARY KEY (plate, person)) WITHOUT ROWID;"
	"CREATE INDEX plate_person ON plate(person);"
	"CREATE TABLE gate_event ("
	"  id INTEGER PRIMARY KEY,"
	"  t INTEGER NOT NULL,"
	"  gate INTEGER NOT NULL,"
	"  person TEXT,"
	"  credential INTEGER NOT NULL,"
	"  card TEXT,"
	"  plate TEXT,"
	"  direction INTEGER NOT NULL,"
	"  result INTEGER,"
	"  score REAL,"
	"  source INTEGER NOT NULL,"
	"  line INTEGER NOT NULL);"
	"CREATE INDEX gate_event_gate_t ON gate_event(gate, t);"
	"CREATE INDEX gate_event_person_t ON gate_event(person, t)"
	"  WHERE person IS NOT NULL;"
	"CREATE INDEX gate_event_card_t ON gate_event(card, t)"
	"  WHERE card IS NOT NULL;"
	"CREATE INDEX gate_event_plate_t ON gate_event(plate, t)"
	"  WHERE plate IS NOT NULL;"
	"CREATE TABLE sighting ("
	"  id INTEGER PRIMARY KEY,"
	"  camera INTEGER NOT NULL,"
	"  track TEXT NOT NULL,"
	"  first INTEGER NOT NULL,"
	"  last INTEGER NOT NULL,"
	"  kind INTEGER,"
	"  person TEXT,"
	"  score REAL,"
	"  plate TEXT,"
	"  upper INTEGER,"
	"  lower INTEGER,"
	"  attrs TEXT,"
	"  x REAL, y REAL, w REAL, h REAL,"
	"  embedding BLOB,"
	"  source INTEGER NOT NULL,"
	"  line INTEGER NOT NULL);"
	"CREATE INDEX sighting_camera_first ON sighting(camera, first);"
	"CREATE UNIQUE INDEX sighting_track ON sighting(camera, track, source);"
	"CREATE INDEX sighting_person_first ON sighting(person, first)"
	"  WHERE person IS NOT NULL;"
	"CREATE INDEX sighting_plate_first ON sighting(plate, first)"
	"  WHERE plate IS NOT NULL;"
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value) WITHOUT ROWID;",
	/* 2: clock corrections, applied when reading; raw times stay */
	"CREATE TABLE clock_correction ("
	"  device INTEGER PRIMARY KEY REFERENCES device(id),"
	"  offset INTEGER NOT NULL,"
	"  method TEXT NOT NULL,"
	"  support INTEGER,"
	"  uncertainty INTEGER,"
	"  note TEXT,"
	"  set_at INTEGER NOT NULL);",
	/* 3: recordings, indexed where they lie; the files are not copied */
	"CREATE TABLE recording ("
	"  id INTEGER PRIMARY KEY,"
	"  camera INTEGER NOT NULL REFERENCES device(id),"
	"  path TEXT NOT NULL UNIQUE,"
	"  start INTEGER,"
	"  duration INTEGER,"
	"  container TEXT,"
	"  codec TEXT,"
	"  width INTEGER,"
	"  height INTEGER,"
	"  fps REAL,"
	"  size INTEGER NOT NULL,"
	"  mtime INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  keyframes BLOB,"
	"  status TEXT NOT NULL,"
	"  problem TEXT,"
	"  indexed INTEGER NOT NULL);"
	"CREATE INDEX recording_camera_start ON recording(camera, start);",
	/* 4: how vendors' files name the devices ('' where they do not) */
	"CREATE TABLE device_ident ("
	"  vendor TEXT NOT NULL,"
	"  ident TEXT NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  device INTEGER NOT NULL REFERENCES device(id),"
	"  line INTEGER,"
	"  PRIMARY KEY (vendor, ident, channel)) WITHOUT ROWID;",
	/* 5: the site model learned at import (model.c), as JSON */
	"CREATE TABLE model ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  learned INTEGER NOT NULL,"
	"  body TEXT NOT NULL);",
	/* 6: the logs partitioned by time, a span (tables of their own) per
	 * local day; the rows imported before stay whole as span 0, "legacy" */
	"CREATE TABLE span ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  suffix TEXT NOT NULL UNIQUE,"
	"  start INTEGER NOT NULL,"
	"  end INTEGER NOT NULL,"
	"  gates INTEGER,"
	"  sightings INTEGER);"
	"CREATE TABLE span_device ("
	"  span INTEGER NOT NULL,"
	"  device INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  named INTEGER NOT NULL,"
	"  PRIMARY KEY (span, device)) WITHOUT ROWID;"
	"CREATE TABLE source_span ("
	"  source INTEGER NOT NULL,"
	"  span INTEGER NOT NULL,"
	"  rows INTEGER NOT NULL,"
	"  PRIMARY KEY (source, span)) WITHOUT ROWID;"
	"CREATE INDEX source_span_span ON source_span(span);"
	"INSERT INTO span (id, name, suffix, start, end, gates, sightings)"
	"  SELECT 0, 'legacy', '_legacy', lo, hi + 1,"
	"  (SELECT count(*) FROM gate_event), (SELECT count(*) FROM sighting)"
	"  FROM (SELECT min(lo) AS lo, max(hi) AS hi FROM"
	"  (SELECT min(t) AS lo, max(t) AS hi FROM gate_event UNION ALL"
	"  SELECT min(first), max(first) FROM sighting)) WHERE lo IS NOT NULL;"
	"INSERT INTO span_device SELECT 0, gate, count(*), count(person)"
	"  FROM gate_event GROUP BY gate;"
	"INSERT INTO span_device SELECT 0, camera, count(*), count(person)"
	"  FROM sighting GROUP BY camera;"
	"INSERT INTO source_span SELECT source, 0, count(*) FROM"
	"  (SELECT source FROM gate_event UNION ALL SELECT source FROM sighting)"
	"  GROUP BY source;"
	"ALTER TABLE gate_event RENAME TO gate_event_legacy;"
	"ALTER TABLE sighting RENAME TO sighting_legacy;",
	/* 7: a zone's open hours, as site.xml gives them */
	"ALTER TABLE zone ADD COLUMN hours TEXT;",
	/* 8: the hours people enter by, kept as the rows are written (for
	 * vigil-anomaly's after-hours): granted entries by span, gate and
	 * local hour; the hours each person (or card) entered each zone at */
	"CREATE TABLE span_hour ("
	"  span INTEGER NOT NULL,"
	"  device INTEGER NOT NULL,"
	"  hour INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (span, device, hour)) WITHOUT ROWID;"
	"CREATE TABLE habit ("
	"  who TEXT NOT NULL,"
	"  zone TEXT NOT NULL,"
	"  hours INTEGER NOT NULL,"
	"  PRIMARY KEY (who, zone)) WITHOUT ROWID;",
	/* 9: the devices' own numbers of their events (Hikvision serialNo,
	 * Dahua RecNo and EventID), by row: the same event from two files
	 * is found by its number where both give one */
	"CREATE TABLE event_no ("
	"  kind INTEGER NOT NULL,"
	"  row INTEGER NOT NULL,"
	"  device INTEGER NOT NULL,"
	"  number TEXT NOT NULL,"
	"  sec INTEGER NOT NULL,"
	"  PRIMARY KEY (kind, row)) WITHOUT ROWID;"
	"CREATE INDEX event_no_number ON event_no(device, number, sec);",
	/* 10: the gate a camera watches, as site.xml gives it */
	"ALTER TABLE device ADD COLUMN gate TEXT;",
	/* 11: each gate's events counted by ten seconds of their raw time
	 * (bucket t / CBUCKET, floored), a row per gate and day of buckets
	 * (day: bucket / CDAY, floored; c: the day's buckets packed, see
	 * cb_pack), kept as the rows are written (for vigil-anomaly's
	 * denied-burst: a gate's reads between two times bounded without
	 * stepping through its index) */
	"CREATE TABLE span_count ("
	"  span INTEGER NOT NULL,"
	"  device INTEGER NOT NULL,"
	"  day INTEGER NOT NULL,"
	"  c BLOB NOT NULL,"
	"  PRIMARY KEY (span, device, day)) WITHOUT ROWID;",
	/* 12: the roster by status (vigil-anomaly's never-left: the
	 * visitors, each one's gate events by one join) */
	"CREATE INDEX person_status ON person(status);",
};

#define CBUCKET		VG_CBUCKET	/* span_count's buckets: 10 s */
#define BUCKET(t)	VG_BUCKET(t)	/* raw time t's bucket */
#define CDAY		8640		/* buckets in a span_count row */
/* The day (span_count's row) of bucket b (floored). */
#define CBDAY(b)	(((b) - ((b) < 0) * (CDAY - 1)) / CDAY)

/*
 * A span's tables and indexes; '@' stands for the span's suffix.  The
 * unique index stays during a bulk load (it rejects the rows that break
 * it); the others are dropped and built again by sorting at commit.  The
 * first index (by device and time) is built at every commit; the others
 * (by person, card, plate: a gate's file writes all over them) may be
 * left for the end of a call of many files (sq_defer, sq_settle).
 */
enum { K_GATE, K_SIGHTING, NKIND };

static const char *const kind_table[NKIND] = { "gate_event", "sighting" };

/* A span's unique index of tracks (@ its suffix): made with its table,
 * and again after a merge's rows are in (merge_period). */
#define SPAN_TRACK_INDEX \
	"CREATE UNIQUE INDEX sighting@_track ON sighting@(camera, track," \
	"  source);"

static const char *const span_ddl[NKIND] = {
	"CREATE TABLE gate_event@ ("
	"  id INTEGER PRIMARY KEY,"
	"  t INTEGER NOT NULL,"
	"  gate INTEGER NOT NULL,"
	"  person TEXT,"
	"  credential INTEGER NOT NULL,"
	"  card TEXT,"
	"  plate TEXT,"
	"  direction INTEGER NOT NULL,"
	"  result INTEGER,"
	"  score REAL,"
	"  source INTEGER NOT NULL,"
	"  line INTEGER NOT NULL);",
	"CREATE TABLE sighting@ ("
	"  id INTEGER PRIMARY KEY,"
	"  camera INTEGER NOT NULL,"
	"  track TEXT NOT NULL,"
	"  first INTEGER NOT NULL,"
	"  last INTEGER NOT NULL,"
	"  kind INTEGER,"
	"  person TEXT,"
	"  score REAL,"
	"  plate TEXT,"
	"  upper INTEGER,"
	"  lower INTEGER,"
	"  attrs TEXT,"
	"  x REAL, y REAL, w REAL, h REAL,"
	"  embedding BLOB,"
	"  source INTEGER NOT NULL,"
	"  line INTEGER NOT NULL);"
	SPAN_TRACK_INDEX,
};

static const char *const span_index1[NKIND] = {
	"CREATE INDEX IF NOT EXISTS gate_event@_gate_t ON gate_event@(gate, t);",
	"CREATE INDEX IF NOT EXISTS sighting@_camera_first ON"
	"  sighting@(camera, first);",
};

static const char *const span_index[NKIND] = {
	"CREATE INDEX IF NOT EXISTS gate_event@_person_t ON"
	"  gate_event@(person, t) WHERE person IS NOT NULL;"
	"CREATE INDEX IF NOT EXISTS gate_event@_card_t ON gate_event@(card, t)"
	"  WHERE card IS NOT NULL;"
	"CREATE INDEX IF NOT EXISTS gate_event@_plate_t ON"
	"  gate_event@(plate, t) WHERE plate IS NOT NULL;"
	"CREATE INDEX IF NOT EXISTS gate_event@_passage_person ON"
	"  gate_event@(person, t, gate) WHERE person IS NOT NULL AND"
	"  result = 1 AND direction IN (1, 2);"
	"CREATE INDEX IF NOT EXISTS gate_event@_passage_card ON"
	"  gate_event@(card, t, gate) WHERE card IS NOT NULL AND person IS NULL"
	"  AND result = 1 AND direction IN (1, 2);"
	"CREATE INDEX IF NOT EXISTS gate_event@_refused ON gate_event@(gate, t)"
	"  WHERE result IS NOT 1;",
	"CREATE INDEX IF NOT EXISTS sighting@_person_first ON"
	"  sighting@(person, first) WHERE person IS NOT NULL;"
	"CREATE INDEX IF NOT EXISTS sighting@_plate_first ON"
	"  sighting@(plate, first) WHERE plate IS NOT NULL;",
};

/* (a span's first index stays: the rows the span held before are
 * looked up by it for the same event from another file) */
static const char *const span_unindex[NKIND] = {
	"DROP INDEX IF EXISTS gate_event@_person_t;"
	" DROP INDEX IF EXISTS gate_event@_card_t;"
	" DROP INDEX IF EXISTS gate_event@_plate_t;"
	" DROP INDEX IF EXISTS gate_event@_passage_person;"
	" DROP INDEX IF EXISTS gate_event@_passage_card;"
	" DROP INDEX IF EXISTS gate_event@_refused;",
	"DROP INDEX IF EXISTS sighting@_person_first;"
	" DROP INDEX IF EXISTS sighting@_plate_first;",
};

/* The indexes a span's table has when whole (the unique one counted),
 * and while its others wait for sq_settle. */
static const int span_nindex[NKIND] = { 7, 4 };
static const int span_nfirst[NKIND] = { 1, 2 };

/* The columns of the views that show every span's rows as one table. */
static const char *const kind_cols[NKIND] = {
	"id, t, gate, person, credential, card, plate, direction, result,"
	" score, source, line",
	"id, camera, track, first, last, kind, person, score, plate, upper,"
	" lower, attrs, x, y, w, h, embedding, source, line",
};

#define SPAN_ID_SHIFT	40	/* a span's rows' ids begin at its id << 40 */
#define SPAN_TERMS	120	/* spans read by one statement, at most */
#define SUBJECT_SPANS	8	/* spans looked through at a time for a
				   person, card or plate named */
#define VIEW_SPANS	400	/* spans the views show, the newest */
#define NMIGRATIONS	((int)(sizeof(migrations) / sizeof(migrations[0])))

/*
 * The migrations (by number) that add only what a reader can do
 * without, being made from the rows an older archive already holds (a
 * count, an index); each reader that would use it falls back to the
 * rows.  An archive opened read-only is read as it is from the version
 * before the first of the last run of these on (read_floor); below
 * that it needs an upgrade.  What each other migration adds, a reader
 * cannot have without it: 1 the tables; 2 the clocks' corrections; 3
 * the recordings; 4 the vendors' names of the devices; 5 the site model
 * learned at import; 6 the spans (the rows' tables); 7 the zones' open
 * hours; 8 the entries counted by hour and the habits (after-hours: a
 * count, but 9 and 10 follow); 9 the devices' numbers of their events;
 * 10 the gate a camera watches (the site read).  11: span_count (the
 * denied-burst's bounds: sq_count_bounds gives none) and the spans'
 * index of the rows not granted (refused_indexed: the rows are read).
 * 12: the roster's index by status (never-left's visitors: the roster
 * is read whole).
 */
static const int read_optional[] = { 11, 12 };

/* The oldest version an archive opened read-only is read at (vigil(7),
 * vigil-import(1) say it: 10). */
static int
read_floor(void)
{
	size_t	i;
	int	v = NMIGRATIONS;

	for (i = sizeof(read_optional) / sizeof(read_optional[0]); i > 0 &&
	    read_optional[i - 1] == v; i--)
		v--;
	return v;
}

/* Whether an observation is of a vehicle: column 16 of the reads (17 is
 * the plate read). */
/* (3 is VG_OBJ_VEHICLE and VG_CR_PLATE) */
#define OBS_SIGHTING_VEHICLE "coalesce(v.kind = 3, 0)"
#define OBS_GATE_VEHICLE_OF(gate) "(g.credential = 3 OR g.plate IS NOT" \
	" NULL OR (SELECT kind FROM device WHERE id = " gate ") = 'vehicle')"
#define OBS_GATE_VEHICLE OBS_GATE_VEHICLE_OF("g.gate")
/* (a gate's window: its kind read once, not once a row) */
#define OBS_GATE_VEHICLE_1 OBS_GATE_VEHICLE_OF("?1")

/* Statements prepared once, by index. */
enum stmt {
	S_SOURCE_FIND,
	S_SOURCE_ADD,
	S_SOURCE_DONE,
	S_PERSON,
	S_CARD,
	S_PLATE,
	S_PERSON_CARDS_DEL,
	S_PERSON_PLATES_DEL,
	S_META_GET,
	S_META_SET,
	S_REC_PUT,
	S_REC_FIND,
	S_REC_LIST,
	S_REC_RENAME,
	S_IDENT,
	S_DATA_VERSION,
	S_HOUR_ADD,
	S_COUNT_ADD,
	S_COUNT_GET,
	S_HABIT_ADD,
	S_HABIT_GET,
	S_EVNO_PUT,
	S_EVNO_SEEN,
	NSTMT
};

static const char *const stmt_sql[NSTMT] = {
	[S_SOURCE_FIND] = "SELECT id, path, size, format, imported, rows,"
	    " rejected FROM source WHERE sha256 = ?1",
	[S_SOURCE_ADD] = "INSERT INTO source (path, sha256, size, format,"
	    " imported) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_SOURCE_DONE] = "UPDATE source SET rows = ?2, rejected = ?3,"
	    " sha256 = ?4, size = ?5 WHERE id = ?1",
	[S_PERSON] = "INSERT OR REPLACE INTO person (id, name, employer, dorm,"
	    " status, source, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_CARD] = "INSERT OR IGNORE INTO card (card, person) VALUES (?1, ?2)",
	[S_PLATE] = "INSERT OR IGNORE INTO plate (plate, person)"
	    " VALUES (?1, ?2)",
	[S_PERSON_CARDS_DEL] = "DELETE FROM card WHERE person = ?1",
	[S_PERSON_PLATES_DEL] = "DELETE FROM plate WHERE person = ?1",
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[S_HOUR_ADD] = "INSERT INTO span_hour (span, device, hour, n) VALUES"
	    " (?1, ?2, ?3, ?4) ON CONFLICT (span, device, hour) DO UPDATE"
	    " SET n = n + excluded.n",
	[S_COUNT_ADD] = "INSERT OR REPLACE INTO span_count (span, device,"
	    " day, c) VALUES (?1, ?2, ?3, ?4)",
	[S_COUNT_GET] = "SELECT c FROM span_count WHERE span = ?1 AND"
	    " device = ?2 AND day = ?3",
	[S_HABIT_ADD] = "INSERT INTO habit (who, zone, hours) VALUES (?1, ?2,"
	    " ?3) ON CONFLICT (who, zone) DO UPDATE SET hours = hours |"
	    " excluded.hours",
	[S_HABIT_GET] = "SELECT hours FROM habit WHERE who = ?1 AND zone = ?2",
	[S_EVNO_PUT] = "INSERT INTO event_no (kind, row, device, number, sec)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_EVNO_SEEN] = "SELECT 1 FROM event_no WHERE device = ?1 AND number"
	    " = ?2 AND sec = ?3 LIMIT 1",
	[S_META_SET] = "INSERT OR REPLACE INTO meta (key, value)"
	    " VALUES (?1, ?2)",
	[S_REC_PUT] = "INSERT INTO recording (camera, path, start, duration,"
	    " container, codec, width, height, fps, size, mtime, sha256,"
	    " keyframes, status, problem, indexed) SELECT id, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16 FROM device"
	    " WHERE code = ?1 AND type = 2 ON CONFLICT (path) DO UPDATE SET"
	    " camera = excluded.camera, start = excluded.start,"
	    " duration = excluded.duration, container = excluded.container,"
	    " codec = excluded.codec, width = excluded.width,"
	    " height = excluded.height, fps = excluded.fps,"
	    " size = excluded.size, mtime = excluded.mtime,"
	    " sha256 = excluded.sha256, keyframes = excluded.keyframes,"
	    " status = excluded.status, problem = excluded.problem,"
	    " indexed = excluded.indexed",
	[S_REC_FIND] = "SELECT size, mtime, sha256 FROM recording"
	    " WHERE path = ?1",
	[S_REC_LIST] = "SELECT d.code, r.path, r.start, r.duration,"
	    " r.container, r.codec, r.width, r.height, r.fps, r.size, r.mtime,"
	    " r.sha256, r.keyframes, r.status, r.problem, r.indexed"
	    " FROM recording r JOIN device d ON d.id = r.camera"
	    " WHERE (?1 IS NULL OR d.code = ?1)"
	    " AND (?2 IS NULL OR r.start + coalesce(r.duration, 0) >= ?2)"
	    " AND (?3 IS NULL OR r.start <= ?3)"
	    " ORDER BY d.code, r.start IS NULL, r.start, r.path",
	[S_REC_RENAME] = "UPDATE recording SET path = ?2 WHERE path = ?1"
	    " AND NOT EXISTS (SELECT 1 FROM recording WHERE path = ?2)",
	[S_IDENT] = "SELECT d.id, d.type FROM device_ident i JOIN device d"
	    " ON d.id = i.device WHERE i.vendor = ?1 AND ((i.ident = ?2 AND"
	    " i.channel IN (?3, '')) OR (i.ident = '' AND i.channel = ?3 AND"
	    " ?3 <> '')) ORDER BY i.ident = ?2 AND i.channel = ?3 DESC,"
	    " i.ident = ?2 DESC LIMIT 1",
	[S_DATA_VERSION] = "PRAGMA data_version",
};

/* A span: the rows of one stretch of time, in tables of their own. */
struct span {
	int64_t		 id;		/* row id; its rows' ids follow id << 40 */
	char		*name;		/* YYYY-MM-DD (the site's day), "legacy" */
	char		*suffix;	/* of its tables' names */
	int64_t		 start;		/* first instant it holds, UTC us */
	int64_t		 end;		/* first instant past it */
	int64_t		 rows[NKIND];	/* rows of each kind; -1: no table */
	int64_t		 next[NKIND];	/* next row id while written, else 0 */
	int64_t		 added[NKIND];	/* rows this transaction added */
	int		 rebuild[NKIND]; /* indexes to build at commit */
	int		 pend[NKIND];	/* its indexes but the first left for
					   sq_settle by this transaction */
	int64_t		 lastfirst;	/* first instant of the sighting this
					   transaction added last */
	int		 unordered;	/* it added one earlier than one
					   before it */
	sqlite3_stmt	*put[NKIND];	/* inserts */
	sqlite3_stmt	*obs[NKIND];	/* tracking's reads by device, time */
	sqlite3_stmt	*lean[NKIND];	/* and without the text columns */
	sqlite3_stmt	*byid[NKIND];	/* and one row by its id */
	sqlite3_stmt	*look;		/* a person's looks (sq_person_looks) */
	sqlite3_stmt	*lookid;	/* and their ids (sq_person_ids) */
	sqlite3_stmt	*same[NKIND + 2]; /* a record's twins, by key (then
					   sightings by plate, punches) */
};

/*
 * A statement over spans kept prepared by its text: a query across a
 * month of spans costs more to prepare than to run, and a tracker or a
 * model asks the same question many times.
 */
#define QCACHE	16		/* statements kept */

struct qcache {
	char		*sql;		/* its text, or NULL for a free slot */
	sqlite3_stmt	*st;		/* prepared */
	int		 busy;		/* handed out and not yet done */
	int		 stale;		/* finalize when done (spans changed) */
};

/* A bucket's gate events, as counted (struct bkg). */
struct bkp {
	int64_t		 b;		/* the bucket (span_count's) */
	int64_t		 n;		/* its events */
};

/* A gate's events of a span counted by bucket, in the order written. */
struct bkg {
	int64_t		 span;		/* the span's id */
	int64_t		 device;	/* the gate's */
	struct bkp	*p;		/* a pair for each run of one bucket's
					   events (NULL: a free slot) */
	size_t		 n;		/* pairs in it */
	size_t		 cap;		/* allocated */
	int		 unsorted;	/* a pair's bucket before the one
					   before it */
};

/* Gate events counted by span and gate (hashed), then by bucket. */
struct bkh {
	struct bkg	*g;		/* the slots */
	size_t		 n;		/* gates in it */
	size_t		 cap;		/* its slots (a power of 2, or 0) */
};

/* The SQLite archive: the shared part first (archive-impl.h). */
struct sq_archive {
	struct vg_archive a;		/* what every back end keeps */
	sqlite3		*db;		/* the connection */
	sqlite3_stmt	*stmt[NSTMT];	/* prepared on first use */
	size_t		 embdim;	/* embedding length, 0 if not yet known */
	int		 embdim_read;	/* embdim was read from meta */
	int		 lastrc;	/* result of the last pragma_int */
	int		 committed;	/* no import rolled back since the last
					   commit */
	int64_t		 source;	/* the source being imported */
	struct span	*span;		/* the spans by start, read on demand */
	size_t		 nspan;		/* how many */
	int		 span_read;	/* span was read */
	int64_t		 span_dv;	/* data_version when it was */
	size_t		 cur[NKIND];	/* 1 + the span last written, or 0 */
	int		 bulk;		/* kind a bulk load fills, or -1 */
	int64_t		 bulk_rows;	/* rows it brings, roughly */
	int		 span_new;	/* spans made or dropped: views again */
	struct qcache	 qc[QCACHE];	/* statements over spans, kept */
	size_t		 qc_next;	/* the slot to use next when full */
	struct vg_lookw	*lookw;		/* vector files this transaction
					   appended to (lookvec.c) */
	int		 defer;		/* imports leave work for sq_settle */
	int64_t		 defer_rows;	/* rows the call's files bring, about */
	sqlite3_stmt	*phab_put;	/* a habit into temp.pending_habit */
	int64_t		*dsrc;		/* sources committed while deferring */
	size_t		 ndsrc;		/* how many */
	int		 phab_read;	/* the pending habits gathered (into
					   the shared part's hab, packed) */
	int64_t		 phab_dv;	/* data_version when they were */
	size_t		 nphab;		/* how many */
	int		 held;		/* reads held (sq_hold), nested */
	int		 heldtx;	/* and the transaction is the hold's */
	int64_t		 lock_t0;	/* when this process took the structure
					   lock (UTC us), 0: it holds none */
	struct bkh	 bk;		/* the gate events written since the
					   last commit, counted */
	int		 version;	/* the schema's version: below
					   NMIGRATIONS, an older archive read
					   as it is (read_floor) */
	struct lcache	*lc;		/* a read-only archive's devices and
					   sources as streams read them, the
					   latest first (those before kept
					   until the close: a stream may be
					   giving their strings) */
};

/* The devices and sources a stream reads (lean_load), read once while
 * the archive is not changed by another (a read-only connection changes
 * nothing itself). */
struct lcache {
	int64_t		 dv;		/* data_version when read */
	struct ldev	*dev;		/* every device, by row id */
	size_t		 ndev;		/* how many */
	char		**src;		/* source path by source row id */
	char		**dig;		/* its digest, by the same */
	size_t		 nsrc;		/* room in src and dig */
	const struct ldev **byc;	/* dev by code (ldev_cmp's order),
					   once asked for, or NULL */
	struct lcache	*next;		/* the one read before */
};

static void	lcache_free(struct lcache *);

/* The SQLite part of archive ar. */
#define SQ(ar)	((struct sq_archive *)(ar))

static int64_t	pragma_text_int(struct vg_archive *, const char *,
		    const char *);
static void	sq_rollback(struct vg_archive *);
static void	bk_forget(struct bkh *);
static int	bk_flush(struct vg_archive *, struct bkh *, struct vg_error *);
static int	counts_backfill(struct vg_archive *, struct vg_error *);
static int64_t	span_int(struct vg_archive *, const struct span *, int,
		    const char *);
static size_t	sq_embedding_dim(struct vg_archive *);
static int	lock_span(struct vg_archive *, const struct span *,
		    struct vg_error *);
static size_t	span_parts(struct vg_archive *, const struct span *,
		    int64_t **);

/*
 * Ask SQLite to keep no statistics of its allocations: one mutex and two
 * counters fewer for every allocation it makes (about 5% of an import's
 * CPU, bench/README.md).  It is process-wide and takes effect only before
 * SQLite's first use, so a program calls it first thing if it wants it;
 * the library never calls it itself.  No part of vigil reads SQLite's
 * memory statistics or sets a heap limit.
 */
void
vg_archive_lean(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * Why the last call on db failed, for a message: SQLite's own words, but
 * the system's when a write failed ("No space left on device", "File too
 * large", not "disk I/O error"), and msg (what sqlite3_exec handed back)
 * when there is one; for the case files too (case.c).  SQLite keeps no
 * errno for a failed write: errno is still the write's when this is
 * called at once, as it must be.
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

/* Why the archive could not be had, if another connection holds it. */
static const char *
busy_why(int rc, int rdwr)
{
	if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
		return NULL;
	return rdwr ? "busy: another import is writing to it (waited"
	    " " VG_BUSY_SECS " s); try again when it is done" : "busy: an"
	    " import is writing to it (waited " VG_BUSY_SECS " s); try again"
	    " when it is done";
}

static void
dberr(struct vg_archive *ar, struct vg_error *err, const char *what)
{
	struct sq_archive	*sq = SQ(ar);
	const char		*busy;

	busy = busy_why(sqlite3_extended_errcode(sq->db), ar->rdwr);

	if (busy != NULL)
		vg_error_set(err, "'%s': %s", ar->path, busy);
	else
		vg_error_set(err, "'%s': %s: %s", ar->path, what,
		    vg_db_why(sq->db, NULL));
}

static sqlite3_stmt *
stmt(struct vg_archive *ar, enum stmt i, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);

	if (sq->stmt[i] == NULL && sqlite3_prepare_v3(sq->db, stmt_sql[i], -1,
	    SQLITE_PREPARE_PERSISTENT, &sq->stmt[i], NULL) != SQLITE_OK) {
		dberr(ar, err, "prepare");
		return NULL;
	}
	sqlite3_reset(sq->stmt[i]);
	sqlite3_clear_bindings(sq->stmt[i]);
	return sq->stmt[i];
}

static int
exec(struct vg_archive *ar, const char *sql, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	char			*msg = NULL;
	const char		*busy;
	int			 rc;

	if ((rc = sqlite3_exec(sq->db, sql, NULL, NULL, &msg)) != SQLITE_OK) {
		busy = busy_why(rc, ar->rdwr);
		vg_error_set(err, "'%s': %s", ar->path, busy != NULL ? busy :
		    vg_db_why(sq->db, msg));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Run a statement that returns no rows, and leave it reset. */
static int
step_done(struct vg_archive *ar, sqlite3_stmt *st, struct vg_error *err,
    const char *what)
{
	if (sqlite3_step(st) != SQLITE_DONE) {
		dberr(ar, err, what);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char	*s = sqlite3_column_text(st, i);

	return s == NULL ? NULL : xstrdup((const char *)s);
}

static int64_t
pragma_int(struct vg_archive *ar, const char *sql)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int64_t			 v = -1;

	if ((sq->lastrc = sqlite3_prepare_v2(sq->db, sql, -1, &st, NULL)) !=
	    SQLITE_OK)
		return -1;
	if ((sq->lastrc = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		sq->lastrc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return v;
}

/*
 * The settings under which indexes are built by sorting (on: SQLite's
 * sorter given 512 KiB, so that each run it sorts stays in the
 * processor's caches (with 64 MiB a span of 5 M rows took 2.2 times the
 * CPU), and a helper thread; the pages written kept in memory up to
 * 256 MiB rather than spilled to the log), or the archive's own again.
 */
static void
sorting(struct vg_archive *ar, int on)
{
	exec(ar, on ? "PRAGMA cache_spill = -262144; PRAGMA cache_size ="
	    " -512; PRAGMA threads = 2" : "PRAGMA cache_size = -262144;"
	    " PRAGMA cache_spill = 1; PRAGMA threads = 0", NULL);
}

/* SQLite's secure_delete set to FAST (freed pages not zeroed): what it
 * was, to give back to zeroing(), -1 not known. */
static int64_t
zeroing_off(struct vg_archive *ar)
{
	int64_t	was = pragma_int(ar, "PRAGMA secure_delete");

	exec(ar, "PRAGMA secure_delete = FAST", NULL);
	return was;
}

/* secure_delete as zeroing_off() found it (nothing when was is -1). */
static void
zeroing(struct vg_archive *ar, int64_t was)
{
	char	*q;

	if (was < 0)
		return;
	q = sqlite3_mprintf("PRAGMA secure_delete = %d", (int)was);
	exec(ar, q, NULL);
	sqlite3_free(q);
}

/* tmpl with each '@' replaced by suffix, allocated. */
static char *
subst(const char *tmpl, const char *suffix)
{
	struct vg_buf	 b = { NULL, 0, 0 };
	const char	*p, *at;

	for (p = tmpl; (at = strchr(p, '@')) != NULL; p = at + 1)
		vg_buf_fmt(&b, "%.*s%s", (int)(at - p), p, suffix);
	vg_buf_fmt(&b, "%s", p);
	return b.s;
}

static int
exec_span(struct vg_archive *ar, const char *tmpl, const struct span *sp,
    struct vg_error *err)
{
	char	*sql = subst(tmpl, sp->suffix);
	int	 rc;

	rc = exec(ar, sql, err);
	free(sql);
	return rc;
}

static int
prepare_span(struct vg_archive *ar, const char *tmpl, const struct span *sp,
    sqlite3_stmt **st)
{
	struct sq_archive	*sq = SQ(ar);
	char			*sql = subst(tmpl, sp->suffix);
	int			 rc;

	rc = sqlite3_prepare_v3(sq->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL);
	free(sql);
	return rc == SQLITE_OK ? 0 : -1;
}

/*
 * sql prepared, or the same text's statement kept from before (reset,
 * its bindings cleared); give it back with stmt_done.  A statement in
 * use (a reader's callback asking again) is not shared: a fresh one is
 * prepared then.
 */
static int
prepare_cached(struct vg_archive *ar, const char *sql, sqlite3_stmt **st)
{
	struct sq_archive	*sq = SQ(ar);
	struct qcache		*c, *use = NULL;
	size_t			 i;

	*st = NULL;
	for (i = 0; i < QCACHE; i++) {
		c = &sq->qc[i];
		if (c->sql != NULL && !c->busy && !c->stale &&
		    strcmp(c->sql, sql) == 0) {
			c->busy = 1;
			*st = c->st;
			return 0;
		}
	}
	for (i = 0; i < QCACHE && use == NULL; i++)
		if (sq->qc[i].sql == NULL)
			use = &sq->qc[i];
	for (i = 0; i < QCACHE && use == NULL; i++) {
		c = &sq->qc[(sq->qc_next + i) % QCACHE];
		if (!c->busy) {
			sq->qc_next = (sq->qc_next + i + 1) % QCACHE;
			sqlite3_finalize(c->st);
			free(c->sql);
			c->sql = NULL;
			c->st = NULL;
			use = c;
		}
	}
	if (sqlite3_prepare_v3(sq->db, sql, -1, use != NULL ?
	    SQLITE_PREPARE_PERSISTENT : 0, st, NULL) != SQLITE_OK)
		return -1;
	if (use != NULL) {
		use->sql = xstrdup(sql);
		use->st = *st;
		use->busy = 1;
		use->stale = 0;
	}
	return 0;
}

/* A statement from prepare_cached given back (or any other finalized). */
static void
stmt_done(struct vg_archive *ar, sqlite3_stmt *st)
{
	struct sq_archive	*sq = SQ(ar);
	struct qcache		*c;
	size_t			 i;

	if (st == NULL)
		return;
	for (i = 0; i < QCACHE; i++) {
		c = &sq->qc[i];
		if (c->st != st)
			continue;
		c->busy = 0;
		if (c->stale) {
			sqlite3_finalize(c->st);
			free(c->sql);
			c->sql = NULL;
			c->st = NULL;
		} else {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
		}
		return;
	}
	sqlite3_finalize(st);
}

/* The kept statements dropped (the spans changed); those in use when
 * they are given back. */
static void
qcache_forget(struct vg_archive *ar)
{
	struct sq_archive	*sq = SQ(ar);
	struct qcache		*c;
	size_t			 i;

	for (i = 0; i < QCACHE; i++) {
		c = &sq->qc[i];
		if (c->sql == NULL)
			continue;
		if (c->busy) {
			c->stale = 1;
			continue;
		}
		sqlite3_finalize(c->st);
		free(c->sql);
		c->sql = NULL;
		c->st = NULL;
	}
}

static void
spans_forget(struct vg_archive *ar)
{
	struct sq_archive	*sq = SQ(ar);
	size_t			 i;
	int			 k;

	for (i = 0; i < sq->nspan; i++) {
		for (k = 0; k < NKIND; k++) {
			sqlite3_finalize(sq->span[i].put[k]);
			sqlite3_finalize(sq->span[i].obs[k]);
			sqlite3_finalize(sq->span[i].lean[k]);
			sqlite3_finalize(sq->span[i].byid[k]);
		}
		sqlite3_finalize(sq->span[i].look);
		sqlite3_finalize(sq->span[i].lookid);
		for (k = 0; k < NKIND + 2; k++)
			sqlite3_finalize(sq->span[i].same[k]);
		free(sq->span[i].name);
		free(sq->span[i].suffix);
	}
	qcache_forget(ar);
	free(sq->span);
	sq->span = NULL;
	sq->nspan = 0;
	sq->span_read = 0;
	sq->span_new = 0;
	memset(sq->cur, 0, sizeof(sq->cur));
	vg_ar_counts_forget(ar);
	bk_forget(&sq->bk);
	sq->phab_read = 0;
	sq->nphab = 0;
}

static int64_t
data_version(struct vg_archive *ar)
{
	sqlite3_stmt	*st;
	int64_t		 v = -1;

	if ((st = stmt(ar, S_DATA_VERSION, NULL)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

/*
 * The spans, read again when another connection changed the archive
 * (an import that ran while this one reads).
 */
static int
spans_fresh(struct vg_archive *ar, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	struct span		*sp;
	int64_t			 dv;
	int			 k, step;

	/* (this connection's own commits leave data_version as it was;
	 * a read held sees the spans it began with) */
	if (sq->span_read && sq->held > 0)
		return 0;
	if (sq->span_read) {
		if ((dv = data_version(ar)) == sq->span_dv)
			return 0;
		spans_forget(ar);
	}
	sq->span_dv = data_version(ar);
	if (sqlite3_prepare_v2(sq->db, "SELECT id, name, suffix, start, end,"
	    " coalesce(gates, -1), coalesce(sightings, -1) FROM span"
	    " ORDER BY start, id", -1, &st, NULL) != SQLITE_OK) {
		dberr(ar, err, "reading the spans");
		return -1;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sq->span = xreallocarray(sq->span, sq->nspan + 1,
		    sizeof(*sq->span));
		sp = &sq->span[sq->nspan++];
		memset(sp, 0, sizeof(*sp));
		sp->id = sqlite3_column_int64(st, 0);
		sp->name = col_dup(st, 1);
		sp->suffix = col_dup(st, 2);
		sp->start = sqlite3_column_int64(st, 3);
		sp->end = sqlite3_column_int64(st, 4);
		for (k = 0; k < NKIND; k++)
			sp->rows[k] = sqlite3_column_int64(st, 5 + k);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		dberr(ar, err, "reading the spans");
		spans_forget(ar);
		return -1;
	}
	sq->span_read = 1;
	return 0;
}

/* Whether span sp holds rows of kind k whose times may be in lo..hi. */
static int
span_in(const struct span *sp, int k, int64_t lo, int64_t hi)
{
	return sp->rows[k] > 0 && (hi == VG_TIME_NONE || sp->start <= hi) &&
	    (lo == VG_TIME_NONE || sp->end > lo);
}

/*
 * The views gate_event and sighting: every span's rows as one table, for
 * the sqlite3 shell and scripts (the newest VIEW_SPANS spans).
 */
static int
spans_views(struct vg_archive *ar, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_buf		 sql = { NULL, 0, 0 };
	size_t			 i, n;
	int			 k, rc;

	for (k = 0; k < NKIND; k++) {
		vg_buf_fmt(&sql, "DROP VIEW IF EXISTS %s; CREATE VIEW %s AS ",
		    kind_table[k], kind_table[k]);
		for (i = sq->nspan, n = 0; i > 0 && n < VIEW_SPANS; i--) {
			if (sq->span[i - 1].rows[k] < 0)
				continue;
			vg_buf_fmt(&sql, "%sSELECT %s FROM %s%s", n++ ? " UNION"
			    " ALL " : "", kind_cols[k], kind_table[k],
			    sq->span[i - 1].suffix);
		}
		if (n == 0)
			vg_buf_fmt(&sql, "SELECT %s FROM (SELECT NULL AS %s)"
			    " WHERE 0", kind_cols[k], k == K_GATE ? "id, NULL"
			    " AS t, NULL AS gate, NULL AS person, NULL AS"
			    " credential, NULL AS card, NULL AS plate, NULL AS"
			    " direction, NULL AS result, NULL AS score, NULL AS"
			    " source, NULL AS line" : "id, NULL AS camera, NULL"
			    " AS track, NULL AS first, NULL AS last, NULL AS"
			    " kind, NULL AS person, NULL AS score, NULL AS"
			    " plate, NULL AS upper, NULL AS lower, NULL AS"
			    " attrs, NULL AS x, NULL AS y, NULL AS w, NULL AS"
			    " h, NULL AS embedding, NULL AS source, NULL AS"
			    " line");
		vg_buf_fmt(&sql, ";");
	}
	rc = exec(ar, sql.s, err);
	free(sql.s);
	return rc;
}

/*
 * One statement over the spans from..to (indices) whose rows of kind k
 * may have raw times in lo..hi: each span's text of tmpl (for the kind)
 * joined by UNION ALL, then tail.  *st is NULL when there is no such
 * span.
 */
static int
spans_prepare(struct vg_archive *ar, int kinds, const char *const *tmpl,
    size_t from, size_t to, int64_t lo, int64_t hi, const char *tail,
    sqlite3_stmt **st, struct vg_error *err, const char *what)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_buf		 sql = { NULL, 0, 0 };
	char			*term;
	size_t			 i;
	int			 k, n = 0, rc = 0;

	*st = NULL;
	for (k = 0; k < NKIND; k++)
		for (i = from; i < to; i++) {
			if (!(kinds & 1 << k) || !span_in(&sq->span[i], k, lo,
			    hi))
				continue;
			term = subst(tmpl[k], sq->span[i].suffix);
			vg_buf_fmt(&sql, "%s%s", n++ ? " UNION ALL " : "",
			    term);
			free(term);
		}
	if (n == 0)
		return 0;
	vg_buf_fmt(&sql, "%s", tail);
	if (prepare_cached(ar, sql.s, st) == -1) {
		dberr(ar, err, what);
		rc = -1;
	}
	free(sql.s);
	return rc;
}

static int	hours_flush(struct vg_archive *, int, struct vg_error *);

/* The granted entries of every span, counted as import counts them. */
static int
hours_backfill(struct vg_archive *ar, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	const char		*who;
	char			*sql;
	size_t			 i;
	int			 step, rc;

	if (spans_fresh(ar, err) == -1)
		return -1;
	for (i = 0; i < sq->nspan; i++) {
		if (sq->span[i].rows[K_GATE] <= 0)
			continue;
		xasprintf(&sql, "SELECT gate, t, coalesce(person, card) FROM"
		    " gate_event%s WHERE result = %d AND direction = %d",
		    sq->span[i].suffix, VG_RES_GRANTED, VG_DIR_IN);
		step = sqlite3_prepare_v2(sq->db, sql, -1, &st, NULL);
		free(sql);
		if (step != SQLITE_OK) {
			dberr(ar, err, "counting entries");
			vg_ar_counts_forget(ar);
			return -1;
		}
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			who = (const char *)sqlite3_column_text(st, 2);
			vg_ar_hours_add(ar, sq->span[i].id,
			    sqlite3_column_int64(st, 0), sqlite3_column_int64(st,
			    1), who, who != NULL ? (size_t)sqlite3_column_bytes(st,
			    2) : 0);
		}
		sqlite3_finalize(st);
		if (step != SQLITE_DONE) {
			dberr(ar, err, "counting entries");
			vg_ar_counts_forget(ar);
			return -1;
		}
	}
	rc = hours_flush(ar, 0, err);
	vg_ar_counts_forget(ar);
	return rc;
}

/* The migrations from version from on, in one transaction: an archive
 * is upgraded whole or not at all (its version as it was). */
static int
migrate(struct vg_archive *ar, int from, struct vg_error *err)
{
	char	*sql;
	int	 v;

	if (exec(ar, "BEGIN IMMEDIATE", err) == -1)
		return -1;
	for (v = from; v < NMIGRATIONS; v++) {
		xasprintf(&sql, "%s; PRAGMA user_version = %d;"
		    " PRAGMA application_id = %d;", migrations[v], v + 1,
		    VG_APPLICATION_ID);
		if (exec(ar, sql, err) == -1) {
			free(sql);
			vg_error_prefix(err, "migration %d", v + 1);
			goto fail;
		}
		free(sql);
		/* 6: an archive without rows keeps no legacy span */
		if (v == 5 && pragma_int(ar, "SELECT count(*) FROM span") == 0 &&
		    exec(ar, "DROP TABLE gate_event_legacy;"
		    " DROP TABLE sighting_legacy;", err) == -1)
			goto fail;
		if (v == 5 && (spans_fresh(ar, err) == -1 ||
		    spans_views(ar, err) == -1))
			goto fail;
		/* 8: the entries already in, counted */
		if (v == 7 && hours_backfill(ar, err) == -1) {
			vg_error_prefix(err, "migration %d", v + 1);
			goto fail;
		}
		/* 11: the gate events already in, counted */
		if (v == 10 && counts_backfill(ar, err) == -1) {
			vg_error_prefix(err, "migration %d", v + 1);
			goto fail;
		}
	}
	if (exec(ar, "COMMIT", err) == -1)
		goto fail;
	return 0;
fail:
	exec(ar, "ROLLBACK", NULL);
	spans_forget(ar);
	return -1;
}

/*
 * Roll back an import that was killed while it ran with a rollback
 * journal, which a read-only connection cannot do, and put the archive
 * back in WAL mode.  The archive returns to what it was before that
 * import; nothing else is written.
 */
static int
recover(const char *path, struct vg_error *err)
{
	sqlite3	*db;
	int	 rc;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		vg_error_set(err, "'%s': an interrupted import must be rolled"
		    " back, and the archive cannot be opened for writing: %s",
		    path, vg_db_why(db, NULL));
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, VG_BUSY_MS);
	rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		vg_error_set(err, "'%s': cannot roll back an interrupted"
		    " import: %s", path, vg_db_why(db, NULL));
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static int
connect(struct vg_archive *ar, int oflags, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);

	if (sqlite3_open_v2(ar->path, &sq->db, oflags | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		vg_error_set(err, "cannot open '%s': %s", ar->path,
		    vg_db_why(sq->db, NULL));
		return -1;
	}
	sqlite3_extended_result_codes(sq->db, 1);
	sqlite3_busy_timeout(sq->db, VG_BUSY_MS);
	return 0;
}

/* A write transaction begun, another writer's waited for up to ms (at
 * least VG_BUSY_MS). */
static int
begin_write(struct vg_archive *ar, int64_t ms, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	int			 rc;

	sqlite3_busy_timeout(sq->db, (int)(ms > VG_BUSY_MS ? ms :
	    VG_BUSY_MS));
	rc = exec(ar, "BEGIN IMMEDIATE", err);
	sqlite3_busy_timeout(sq->db, VG_BUSY_MS);
	return rc;
}

/* The archive in the SQLite file at path (vg_archive_open). */
static int
sq_open(const char *path, int flags, struct vg_archive **out,
    struct vg_error *err)
{
	struct vg_archive	*ar;
	struct sq_archive	*sq;
	struct stat		 sb;
	int64_t			 appid, version = -1;
	int			 missing, oflags;

	*out = NULL;
	if (stat(path, &sb) == -1) {
		if (errno != ENOENT || !(flags & VG_ARCHIVE_CREATE)) {
			missing = errno == ENOENT;
			vg_error_set(err, "cannot open '%s': %s%s", path,
			    strerror(errno), missing ? " (vigil import"
			    " site.xml makes an archive)" : "");
			return -1;
		}
	} else if (!S_ISREG(sb.st_mode)) {
		vg_error_set(err, "cannot open '%s': not a regular file", path);
		return -1;
	}

	sq = xcalloc(1, sizeof(*sq));
	ar = &sq->a;
	ar->ops = &vg_sqlite_ops;
	ar->path = xstrdup(path);
	ar->rdwr = (flags & VG_ARCHIVE_RDWR) != 0;
	sq->committed = 1;
	oflags = ar->rdwr ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
	if (flags & VG_ARCHIVE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	if (connect(ar, oflags, err) == -1)
		goto fail;
	appid = pragma_int(ar, "PRAGMA application_id");
	if (appid == -1 && !ar->rdwr &&
	    sqlite3_extended_errcode(sq->db) == SQLITE_READONLY_ROLLBACK) {
		/* an import was interrupted: undo it, then read */
		sqlite3_close(sq->db);
		sq->db = NULL;
		if (recover(path, err) == -1 || connect(ar, oflags, err) == -1)
			goto fail;
		appid = pragma_int(ar, "PRAGMA application_id");
	}
	if (appid != -1)
		version = pragma_int(ar, "PRAGMA user_version");
	if ((appid == -1 || version == -1) && busy_why(sq->lastrc, 0) !=
	    NULL) {
		vg_error_set(err, "'%s': %s", path, busy_why(sq->lastrc, 0));
		goto fail;
	}
	if ((appid == -1 || version == -1) &&
	    ((sq->lastrc & 0xff) == SQLITE_IOERR ||
	    (sq->lastrc & 0xff) == SQLITE_FULL)) {
		/* a full disk, say, not a file of another kind */
		vg_error_set(err, "cannot open '%s': %s", path,
		    vg_db_why(sq->db, NULL));
		goto fail;
	}
	if (appid == -1 || version == -1) {
		vg_error_set(err, "'%s': not a vigil archive (%s)", path,
		    vg_db_why(sq->db, NULL));
		goto fail;
	}
	if (appid != VG_APPLICATION_ID && !(appid == 0 && version == 0 &&
	    pragma_int(ar, "SELECT count(*) FROM sqlite_schema") == 0)) {
		vg_error_set(err, "'%s': not a vigil archive", path);
		goto fail;
	}
	if (version > NMIGRATIONS) {
		vg_error_set(err, "'%s': archive version %lld is newer than this"
		    " vigil understands (%d)", path, (long long)version,
		    NMIGRATIONS);
		goto fail;
	}
	if (ar->rdwr) {
		if (exec(ar, "PRAGMA journal_mode = WAL;"
		    " PRAGMA synchronous = NORMAL;"
		    " PRAGMA foreign_keys = OFF;"
		    " PRAGMA cache_size = -262144;", err) == -1)
			goto fail;
		if (version > 0 && version < NMIGRATIONS &&
		    sqlite3_db_readonly(sq->db, "main") == 1) {
			vg_error_set(err, "'%s': archive needs an upgrade"
			    " (version %lld) to be written, and it cannot be"
			    " written: run vigil import on a copy", path,
			    (long long)version);
			goto fail;
		}
		if (version < NMIGRATIONS && migrate(ar, (int)version, err) == -1)
			goto fail;
		version = NMIGRATIONS;
	} else if (version == 0) {
		vg_error_set(err, "'%s': empty archive: run vigil import"
		    " site.xml", path);
		goto fail;
	} else if (version < read_floor()) {
		vg_error_set(err, "'%s': archive needs an upgrade (version"
		    " %lld; this vigil reads %d and later as they are): run"
		    " vigil import on it, or on a copy where it must not be"
		    " written", path, (long long)version, read_floor());
		goto fail;
	}
	sq->version = (int)version;
	*out = ar;
	return 0;
fail:
	vg_archive_close(ar);
	return -1;
}

static void
sq_close(struct vg_archive *ar)
{
	struct sq_archive	*sq = SQ(ar);
	size_t			 i;

	for (i = 0; i < NSTMT; i++)
		sqlite3_finalize(sq->stmt[i]);
	sqlite3_finalize(sq->phab_put);
	free(sq->dsrc);
	lcache_free(sq->lc);
	spans_forget(ar);
	for (i = 0; i < QCACHE; i++) {
		sqlite3_finalize(sq->qc[i].st);
		free(sq->qc[i].sql);
	}
	/* no statistics after a failed import: it leaves nothing */
	if (ar->rdwr && sq->db != NULL && sq->committed)
		/* bounded: an ANALYZE of every span read would grow with
		 * the archive */
		sqlite3_exec(sq->db, "PRAGMA analysis_limit = 1000;"
		    " PRAGMA optimize", NULL, NULL, NULL);
	sqlite3_close(sq->db);
}

static int
sq_version(struct vg_archive *ar)
{
	return (int)pragma_int(ar, "PRAGMA user_version");
}

/* The site's time zone's name, allocated; NULL when no site has been
 * imported. */
static char *
sq_timezone(struct vg_archive *ar)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	char			*name = NULL;

	if (sqlite3_prepare_v2(sq->db, "SELECT timezone FROM site LIMIT 1",
	    -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		name = col_dup(st, 0);
	sqlite3_finalize(st);
	return name;
}

/* How many devices the archive has, -1 when it cannot say. */
static int64_t
sq_ndevices(struct vg_archive *ar)
{
	return pragma_int(ar, "SELECT count(*) FROM device");
}

/* Each device's code, row id and type to fn; with zoned, those in a
 * zone only, and their zone. */
static int
sq_devices(struct vg_archive *ar, int zoned, vg_ar_device_fn fn, void *arg)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int			 step;

	if (sqlite3_prepare_v2(sq->db, zoned ? "SELECT code, id, type, zone"
	    " FROM device WHERE zone IS NOT NULL" : "SELECT code, id, type"
	    " FROM device", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2),
		    zoned ? (const char *)sqlite3_column_text(st, 3) : NULL);
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : -1;
}

/* Whether the archive holds any of part; 0 also when it cannot say. */
static int
sq_has(struct vg_archive *ar, enum vg_holds part)
{
	static const char *const sql[] = {
		[VG_HOLDS_SITE] = "SELECT EXISTS (SELECT 1 FROM site)",
		[VG_HOLDS_ROSTER] = "SELECT EXISTS (SELECT 1 FROM person)",
		/* the spans' counts: the views over every span cost a
		 * statement prepared over all of them (37 M instructions at
		 * 365 spans) */
		[VG_HOLDS_LOGS] = "SELECT EXISTS (SELECT 1 FROM span WHERE"
		    " gates > 0 OR sightings > 0)",
		[VG_HOLDS_SIGHTINGS] = "SELECT EXISTS (SELECT 1 FROM span"
		    " WHERE sightings > 0)",
		[VG_HOLDS_RECORDINGS] = "SELECT EXISTS (SELECT 1 FROM recording"
		    " WHERE status <> 'missing')",
		[VG_HOLDS_CORRECTIONS] = "SELECT EXISTS (SELECT 1 FROM"
		    " clock_correction) OR EXISTS (SELECT 1 FROM meta WHERE"
		    " key = 'skew_estimated')"
	};

	if ((size_t)part >= sizeof(sql) / sizeof(sql[0]))
		return 0;
	return pragma_int(ar, sql[part]) > 0;
}

static int
sq_has_site(struct vg_archive *ar)
{
	return pragma_int(ar, "SELECT count(*) FROM site") > 0;
}

static void
bind_str(sqlite3_stmt *st, int i, const struct vg_str *s)
{
	if (s->len == 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s->s, (int)s->len, SQLITE_STATIC);
}

static void
bind_cstr(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void
bind_real(sqlite3_stmt *st, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

/* A code of a small vocabulary, NULL for 0 (absent). */
static void
bind_code(sqlite3_stmt *st, int i, int v)
{
	if (v == 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int(st, i, v);
}

/*
 * Imports: one transaction per file.  Rows go to the span of their local
 * day, made when first needed.  A span made by this import is loaded
 * without its non-unique indexes, which are built by sorting at commit,
 * several times faster than keeping them up to date row by row; so is
 * one that holds few rows beside the load (about rows rows of the kind of
 * table).  Unique indexes stay, as they reject the rows that break them.
 * A day's import thus costs the same however old and large the archive.
 * The archive stays in WAL mode, so that queries keep answering while an
 * import runs (a rollback journal was some 9% faster, but locked readers
 * out for half of a large import).
 */
static int
sq_begin(struct vg_archive *ar, const char *table, int64_t rows,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	int			 k;

	sq->bulk = -1;
	for (k = 0; table != NULL && k < NKIND; k++)
		if (strcmp(table, kind_table[k]) == 0)
			sq->bulk = k;
	sq->bulk_rows = rows;
	sq->source = 0;
	if (begin_write(ar, (int64_t)ar->lock_wait * 1000, err) == -1)
		return -1;
	if (spans_fresh(ar, err) == -1) {
		sq_rollback(ar);
		return -1;
	}
	return 0;
}

/* A new span for the local day of t, cut where its neighbours begin. */
static int
span_make(struct vg_archive *ar, int64_t t, size_t *at, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	struct span		 n;
	char			 day[16], name[32], suffix[40];
	size_t			 i, j;
	int64_t			 id = 1;	/* 0 is the legacy span's */
	int			 dup = 1;

	memset(&n, 0, sizeof(n));
	vg_local_day(vg_archive_tz(ar), t, &n.start, &n.end, day);
	snprintf(name, sizeof(name), "%s", day);
	for (i = 0; i < sq->nspan; i++) {
		const struct span *o = &sq->span[i];

		if (o->id >= id)
			id = o->id + 1;
		if (o->id == 0)
			continue;
		if (o->end <= t && o->end > n.start)
			n.start = o->end;
		if (o->start > t && o->start < n.end)
			n.end = o->start;
	}
	/* a day cut in two (the site's zone changed) names its parts apart */
	for (i = 0; i < sq->nspan; i++)
		if (strcmp(sq->span[i].name, name) == 0) {
			snprintf(name, sizeof(name), "%s.%d", day, ++dup);
			i = (size_t)-1;
		}
	snprintf(suffix, sizeof(suffix), "_%.4s%.2s%.2s%s%s", day, day + 5,
	    day + 8, dup > 1 ? "_" : "", dup > 1 ? name + 11 : "");
	if (sqlite3_prepare_v2(sq->db, "INSERT INTO span (id, name, suffix,"
	    " start, end) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL) !=
	    SQLITE_OK) {
		dberr(ar, err, "making a span");
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	bind_cstr(st, 2, name);
	bind_cstr(st, 3, suffix);
	sqlite3_bind_int64(st, 4, n.start);
	sqlite3_bind_int64(st, 5, n.end);
	if (step_done(ar, st, err, "making a span") == -1) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	n.id = id;
	n.name = xstrdup(name);
	n.suffix = xstrdup(suffix);
	n.rows[K_GATE] = n.rows[K_SIGHTING] = -1;
	for (j = 0; j < sq->nspan && (sq->span[j].start < n.start ||
	    (sq->span[j].start == n.start && sq->span[j].id < n.id)); j++)
		;
	sq->span = xreallocarray(sq->span, sq->nspan + 1, sizeof(*sq->span));
	memmove(&sq->span[j + 1], &sq->span[j], (sq->nspan - j) *
	    sizeof(*sq->span));
	sq->span[j] = n;
	sq->nspan++;
	memset(sq->cur, 0, sizeof(sq->cur));
	sq->span_new = 1;
	*at = j;
	return 0;
}

/* Ready span sp for rows of kind k in this transaction. */
static int
span_touch(struct vg_archive *ar, struct span *sp, int k,
    struct vg_error *err)
{
	static const char *const put[NKIND] = {
		"INSERT INTO gate_event@ (t, gate, person, credential, card,"
		" plate, direction, result, score, source, line, id) VALUES"
		" (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
		"INSERT INTO sighting@ (camera, track, first, last, kind,"
		" person, score, plate, upper, lower, attrs, x, y, w, h,"
		" embedding, source, line, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
		" ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
	};
	struct sq_archive	*sq = SQ(ar);
	char			*sql;
	int64_t			 max;

	if (sp->next[k] != 0)
		return 0;
	if (lock_span(ar, sp, err) == -1)
		return -1;
	if (sp->rows[k] < 0) {
		if (exec_span(ar, span_ddl[k], sp, err) == -1)
			return -1;
		sp->rows[k] = 0;
		sp->rebuild[k] = 1;
		sp->pend[k] = sq->defer;
		sq->span_new = 1;
	} else if (sq->defer && sq->defer_rows * 4 >= sp->rows[k]) {
		/* a call of many files: built once, after its last */
		if (exec_span(ar, span_unindex[k], sp, err) == -1)
			return -1;
		sp->pend[k] = 1;
	} else if (sq->bulk == k && sq->bulk_rows * 4 >= sp->rows[k]) {
		if (exec_span(ar, span_unindex[k], sp, err) == -1)
			return -1;
		sp->rebuild[k] = 1;
	}
	xasprintf(&sql, "SELECT coalesce(max(id), 0) FROM %s%s",
	    kind_table[k], sp->suffix);
	max = pragma_int(ar, sql);
	free(sql);
	if (max < sp->id << SPAN_ID_SHIFT)
		max = sp->id << SPAN_ID_SHIFT;
	if (sp->put[k] == NULL && prepare_span(ar, put[k], sp,
	    &sp->put[k]) == -1) {
		dberr(ar, err, "storing rows");
		return -1;
	}
	sp->next[k] = max + 1;
	return 0;
}

/* The span rows of kind k at time t go to (made when needed), or NULL. */
static struct span *
span_write(struct vg_archive *ar, int k, int64_t t, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct span		*sp;
	size_t			 i;

	if (sq->cur[k] > 0) {
		sp = &sq->span[sq->cur[k] - 1];
		if (t >= sp->start && t < sp->end && sp->next[k] != 0)
			return sp;
	}
	for (i = 0; i < sq->nspan; i++)
		if (sq->span[i].id != 0 && t >= sq->span[i].start &&
		    t < sq->span[i].end)
			break;
	if (i == sq->nspan && span_make(ar, t, &i, err) == -1)
		return NULL;
	sp = &sq->span[i];
	if (span_touch(ar, sp, k, err) == -1)
		return NULL;
	sq->cur[k] = i + 1;
	return sp;
}

/* What this transaction added, written to the span bookkeeping. */
static int
spans_account(struct vg_archive *ar, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*up = NULL, *src = NULL, *dev = NULL;
	struct span		*sp;
	size_t			 i;
	int			 k, rc = -1;

	if (sqlite3_prepare_v2(sq->db, "UPDATE span SET gates = ?2,"
	    " sightings = ?3 WHERE id = ?1", -1, &up, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(sq->db, "INSERT INTO source_span (source, span,"
	    " rows) VALUES (?1, ?2, ?3) ON CONFLICT (source, span) DO UPDATE"
	    " SET rows = rows + excluded.rows", -1, &src, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(sq->db, "INSERT INTO span_device (span, device,"
	    " n, named) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (span, device) DO"
	    " UPDATE SET n = n + excluded.n, named = named + excluded.named",
	    -1, &dev, NULL) != SQLITE_OK) {
		dberr(ar, err, "span bookkeeping");
		goto out;
	}
	for (i = 0; i < sq->nspan; i++) {
		sp = &sq->span[i];
		if (sp->next[K_GATE] == 0 && sp->next[K_SIGHTING] == 0)
			continue;
		sqlite3_reset(up);
		sqlite3_bind_int64(up, 1, sp->id);
		for (k = 0; k < NKIND; k++)
			if (sp->rows[k] < 0)
				sqlite3_bind_null(up, 2 + k);
			else
				sqlite3_bind_int64(up, 2 + k, sp->rows[k] +
				    sp->added[k]);
		if (step_done(ar, up, err, "span bookkeeping") == -1)
			goto out;
		if (sq->source == 0 || sp->added[K_GATE] +
		    sp->added[K_SIGHTING] == 0)
			continue;
		sqlite3_reset(src);
		sqlite3_bind_int64(src, 1, sq->source);
		sqlite3_bind_int64(src, 2, sp->id);
		sqlite3_bind_int64(src, 3, sp->added[K_GATE] +
		    sp->added[K_SIGHTING]);
		if (step_done(ar, src, err, "span bookkeeping") == -1)
			goto out;
	}
	for (i = 0; i < ar->ndc; i++) {
		if (ar->dc[i].device == 0)
			continue;
		sqlite3_reset(dev);
		sqlite3_bind_int64(dev, 1, ar->dc[i].span);
		sqlite3_bind_int64(dev, 2, ar->dc[i].device);
		sqlite3_bind_int64(dev, 3, ar->dc[i].n);
		sqlite3_bind_int64(dev, 4, ar->dc[i].named);
		if (step_done(ar, dev, err, "span bookkeeping") == -1)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(up);
	sqlite3_finalize(src);
	sqlite3_finalize(dev);
	return rc;
}

/*
 * The committed length of span's vector file (lookvec.c), -1 when the
 * archive names none.
 */
static int64_t
look_committed(struct vg_archive *ar, const char *span)
{
	return pragma_text_int(ar, "SELECT value FROM meta WHERE key = 'look '"
	    " || ?1 AND typeof(value) = 'integer'", span);
}

/* A span's sightings read for its vector file (struct vg_lookfeed). */
struct look_feed {
	sqlite3		*db;		/* the connection */
	const char	*span;		/* the span's name */
	char		*table;		/* its sightings' table */
	sqlite3_stmt	*st;		/* the statement being read */
	int64_t		 inorder;	/* the first id this transaction
					   stored, its rows in time order, or
					   -1 when they are not */
	int64_t		 count;		/* how many it stored */
	int		 fresh;		/* the span had no sightings before */
	int64_t		 kept;		/* the length written, when not
					   committed to meta (a merge's file
					   written before its last step) */
};

/* Whether the rows from id lo on are this transaction's, in time order. */
static int
look_inorder(const struct look_feed *f, int64_t lo)
{
	return f->inorder >= 0 && (lo == f->inorder || (f->fresh &&
	    lo < f->inorder));
}

static int
look_count(void *arg, int64_t lo, int64_t *n)
{
	struct look_feed	*f = arg;
	char			*sql;
	int			 rc;

	if (look_inorder(f, lo)) {	/* known: this transaction's rows */
		*n = f->count;
		return 0;
	}
	xasprintf(&sql, "SELECT count(*) FROM %s WHERE id >= ?1", f->table);
	rc = sqlite3_prepare_v2(f->db, sql, -1, &f->st, NULL);
	free(sql);
	if (rc != SQLITE_OK || (sqlite3_bind_int64(f->st, 1, lo),
	    sqlite3_step(f->st)) != SQLITE_ROW)
		return -1;
	*n = sqlite3_column_int64(f->st, 0);
	sqlite3_finalize(f->st);
	f->st = NULL;
	return 0;
}

static int
look_start(void *arg, int64_t lo)
{
	struct look_feed	*f = arg;
	char			*sql;
	int			 rc;

	/* rows stored in time order are read by id, without a sort; others
	   by their ids sorted by time (the sorter's files hold the keys,
	   not the rows and their vectors: 0.35 GB, not 1.9, for a campus
	   day's 17 M sightings), each row then looked up by its id (LIMIT
	   -1 keeps the ids' query a co-routine read in its order: SQLite
	   drops a flattened subquery's ORDER BY) */
	if (look_inorder(f, lo))
		xasprintf(&sql, "SELECT id, first, last, camera, coalesce(kind,"
		    " 0), coalesce(upper, 0), coalesce(lower, 0), embedding,"
		    " attrs FROM %s WHERE id >= ?1 ORDER BY id", f->table);
	else
		xasprintf(&sql, "SELECT s.id, s.first, s.last, s.camera,"
		    " coalesce(s.kind, 0), coalesce(s.upper, 0),"
		    " coalesce(s.lower, 0), s.embedding, s.attrs FROM (SELECT"
		    " id FROM %s WHERE id >= ?1 ORDER BY first, id LIMIT -1) AS o"
		    " CROSS JOIN %s AS s ON s.id = o.id", f->table, f->table);
	rc = sqlite3_prepare_v2(f->db, sql, -1, &f->st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(f->st, 1, lo);
	return 0;
}

static int
look_next(void *arg, struct vg_lookrow *r)
{
	struct look_feed	*f = arg;
	sqlite3_stmt		*st = f->st;
	int			 rc;

	if ((rc = sqlite3_step(st)) != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	r->emb = sqlite3_column_blob(st, 7);
	r->embbytes = (size_t)sqlite3_column_bytes(st, 7);
	r->id = sqlite3_column_int64(st, 0);
	r->first = sqlite3_column_int64(st, 1);
	r->last = sqlite3_column_int64(st, 2);
	r->camera = sqlite3_column_int64(st, 3);
	r->kind = sqlite3_column_int(st, 4);
	r->upper = sqlite3_column_int(st, 5);
	r->lower = sqlite3_column_int(st, 6);
	if (sqlite3_column_type(st, 8) == SQLITE_NULL) {
		r->attrs = NULL;
		r->attrlen = 0;
	} else {
		r->attrs = (const char *)sqlite3_column_text(st, 8);
		r->attrlen = (size_t)sqlite3_column_bytes(st, 8);
	}
	return 1;
}

static int
look_commit(void *arg, int64_t len)
{
	struct look_feed	*f = arg;

	sqlite3_finalize(f->st);
	if (sqlite3_prepare_v2(f->db, "INSERT OR REPLACE INTO meta (key, value)"
	    " VALUES ('look ' || ?1, ?2)", -1, &f->st, NULL) != SQLITE_OK) {
		f->st = NULL;
		return -1;
	}
	sqlite3_bind_text(f->st, 1, f->span, -1, SQLITE_STATIC);
	sqlite3_bind_int64(f->st, 2, len);
	return sqlite3_step(f->st) == SQLITE_DONE ? 0 : -1;
}

/* The length of a file written ahead, kept for the last step. */
static int
look_keep(void *arg, int64_t len)
{
	struct look_feed	*f = arg;

	sqlite3_finalize(f->st);
	f->st = NULL;
	f->kept = len;
	return 0;
}

static const char *
look_why(void *arg)
{
	struct look_feed	*f = arg;

	return sqlite3_errmsg(f->db);
}

/*
 * The appearance vectors span sp's sightings gained, to its file; or
 * (file not NULL) all of them to file, its length in *len and not in
 * meta, the file's undo in *pend (a merge's, written ahead).
 */
static int
span_vectors_to(struct vg_archive *ar, struct span *sp, const char *file,
    int64_t *len, struct vg_lookw **pend, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct look_feed	 f;
	struct vg_lookfeed	 feed;
	int			 rc;

	memset(&f, 0, sizeof(f));
	f.db = sq->db;
	f.span = sp->name;
	xasprintf(&f.table, "sighting%s", sp->suffix);
	f.inorder = sp->unordered ? -1 : sp->next[K_SIGHTING] -
	    sp->added[K_SIGHTING];
	f.count = sp->added[K_SIGHTING];
	f.fresh = sp->rows[K_SIGHTING] <= 0;
	feed.len = look_committed(ar, sp->name);
	feed.count = look_count;
	feed.start = look_start;
	feed.next = look_next;
	feed.commit = look_commit;
	feed.why = look_why;
	feed.arg = &f;
	if (file != NULL) {
		feed.len = -1;
		feed.commit = look_keep;
		rc = vg_lookvec_write_file(&feed, file, sp->next[K_SIGHTING] -
		    sp->added[K_SIGHTING], sq_embedding_dim(ar), pend, err);
		*len = f.kept;
	} else
		rc = vg_lookvec_write(&feed, ar->path, sp->name,
		    sp->next[K_SIGHTING] - sp->added[K_SIGHTING],
		    sq_embedding_dim(ar), &sq->lookw, err);
	sqlite3_finalize(f.st);
	free(f.table);
	return rc;
}

/* The appearance vectors span sp's sightings gained, to its file. */
static int
span_vectors(struct vg_archive *ar, struct span *sp, struct vg_error *err)
{
	return span_vectors_to(ar, sp, NULL, NULL, NULL, err);
}

/*
 * Whether span sp's vector file is there as the archive names it (its
 * segments' headers read, as a search opens it).
 */
static int
look_whole(struct vg_archive *ar, const struct span *sp)
{
	struct vg_lookvec	 lv;
	struct vg_error		 e = { 0, NULL };
	int64_t			 len = look_committed(ar, sp->name);

	if (len < 0 || vg_lookvec_open(len, ar->path, sp->name,
	    sp->rows[K_SIGHTING], &lv, &e) != 0) {
		vg_error_clear(&e);
		return 0;
	}
	vg_lookvec_close(&lv);
	return 1;
}

/*
 * Write the vector file of every span with sightings that has none as
 * the archive names it: none named (imported before vigil wrote them),
 * or the file lost, cut short or damaged (an archive copied without
 * them), written again whole; in one transaction: all of them or none.
 * *nspans and *nrows: how many spans and sightings were written.
 */
static int
sq_lookvec_build(struct vg_archive *ar, size_t *nspans,
    int64_t *nrows, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct span		*sp;
	sqlite3_stmt		*st;
	size_t			 i;
	int			 rc = 0;

	*nspans = 0;
	*nrows = 0;
	if (exec(ar, "BEGIN IMMEDIATE", err) == -1)
		return -1;
	if (spans_fresh(ar, err) == -1) {
		sq_rollback(ar);
		return -1;
	}
	/* little memory for the sorter: the rows in time order */
	exec(ar, "PRAGMA cache_size = -4096", NULL);
	for (i = 0; i < sq->nspan && rc == 0; i++) {
		sp = &sq->span[i];
		if (sp->rows[K_SIGHTING] <= 0 || look_whole(ar, sp))
			continue;
		/* the length named forgotten: the file written from its start */
		if (sqlite3_prepare_v2(sq->db, "DELETE FROM meta WHERE key ="
		    " 'look ' || ?1", -1, &st, NULL) != SQLITE_OK) {
			dberr(ar, err, "prepare");
			rc = -1;
			break;
		}
		sqlite3_bind_text(st, 1, sp->name, -1, SQLITE_STATIC);
		rc = step_done(ar, st, err, "forgetting a vector file");
		sqlite3_finalize(st);
		if (rc != 0)
			break;
		sp->next[K_SIGHTING] = sp->added[K_SIGHTING] = 0;
		sp->unordered = 1;	/* the rows of every import */
		if ((rc = span_vectors(ar, sp, err)) == 0) {
			(*nspans)++;
			*nrows += sp->rows[K_SIGHTING];
		}
		sp->unordered = 0;
	}
	exec(ar, "PRAGMA cache_size = -262144", NULL);
	if (rc == 0)
		rc = exec(ar, "COMMIT", err);
	if (rc == -1) {
		sq_rollback(ar);
		return -1;
	}
	vg_lookvec_end(&sq->lookw, 0);
	return 0;
}

/* Open the file of span v's appearance vectors (lookvec.c). */
static int
sq_lookvec(struct vg_archive *ar, const struct vg_span *v,
    struct vg_lookvec *lv, struct vg_error *err)
{
	return vg_lookvec_open(look_committed(ar, v->name), ar->path, v->name,
	    v->sightings, lv, err);
}

/*
 * A call of many files (vigil-import's): a gate's file holds the day's
 * passers of one gate, so its rows go all over its span's indexes by
 * person, card and plate and over the habits, and each file's commit
 * would write most of their pages again: quadratic in the files
 * (bench/README.md).  While deferring, a file's commit leaves those
 * indexes of the spans it wrote to dropped, and its habits in a table of
 * this connection's own (temp.pending_habit, rolled back with a file
 * that fails), and marks both in meta: pending_index, the spans' ids;
 * pending_habits, the first source whose habits the habit table may
 * lack.  sq_settle builds the indexes by sorting and folds the habits,
 * once; any later writer's settles what a killed call left, counting its
 * habits again from its rows.  Meanwhile readers find a person, card or
 * plate in such a span by reading it through (correct, slower), and the
 * habits from the rows too (sq_habit); span_check accepts the mark.
 */

/* A meta value as text, allocated; NULL when not set. */
static char *
meta_text(struct vg_archive *ar, const char *key)
{
	sqlite3_stmt	*st;
	char		*v = NULL;

	if ((st = stmt(ar, S_META_GET, NULL)) == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = col_dup(st, 0);
	sqlite3_reset(st);
	return v;
}

/* A meta value set, or (value NULL) deleted. */
static int
meta_put(struct vg_archive *ar, const char *key, const char *value,
    struct vg_error *err)
{
	sqlite3_stmt	*st;
	char		*sql;
	int		 rc;

	if (value == NULL) {
		/* (key is one of this file's names) */
		xasprintf(&sql, "DELETE FROM meta WHERE key = '%s'", key);
		rc = exec(ar, sql, err);
		free(sql);
		return rc;
	}
	if ((st = stmt(ar, S_META_SET, err)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	return step_done(ar, st, err, "meta");
}

/*
 * The spans' structure lock: one writer of the spans' structure at a
 * time, across processes.  A merge runs in many transactions and leaves
 * unnamed tables between them; another merge (which drops what a killed
 * one left), a drop or retention would undo its work, and an import
 * into one of its spans would make it fail at its end.  The lock is the
 * row 'lock' of meta, "PID START LO HI HOST/PIDNS/BOOT WHAT": the
 * holder's process, when it took the lock (UTC us), the time whose spans
 * it is merging (LO = HI: none), its host, the inode of its pid
 * namespace and the kernel's boot id ("-" where not known), and what it
 * does; written in a short write transaction.  A merge takes it for its
 * run; a drop or retention only checks it, inside its one transaction;
 * an import checks it for each span it writes into.  A lock is stale
 * (taken over or removed, and told to the lock_fn) only when it is
 * provably of a process gone: of an earlier boot of this host, or of
 * this host, pid namespace and boot with its number gone or used again
 * since.  Any other (a container's on this host, whose numbers are not
 * ours; one of a vigil that wrote no namespace) is another's, as
 * another host's is.
 * The host, namespace and boot are one word so that a vigil that knows
 * only hosts takes such a lock for another host's.
 */
struct slock {
	long		 pid;		/* the holder's process */
	int64_t		 start;		/* when it took the lock, UTC us */
	int64_t		 lo, hi;	/* the time whose spans it merges */
	char		 host[256];	/* the holder's host */
	char		 ns[128];	/* its pid namespace and boot id,
					   "PIDNS/BOOT"; "" when not written */
	char		 what[128];	/* what it does */
};

enum { LOCK_FREE, LOCK_OURS, LOCK_STALE, LOCK_HELD };

/* This process's host name. */
static void
lock_host(char *host, size_t len)
{
	if (gethostname(host, len) == -1 || host[0] == '\0')
		snprintf(host, len, "localhost");
	host[len - 1] = '\0';
	host[strcspn(host, " \t\n/")] = '\0';
	if (host[0] == '\0')
		snprintf(host, len, "localhost");
}

/* This process's pid namespace and boot, "PIDNS/BOOT": the inode of
 * /proc/self/ns/pid and the boot id, each "-" where not known. */
static void
lock_ns(char *ns, size_t len)
{
	struct stat	 sb;
	FILE		*fp;
	char		 boot[64] = "-", pidns[32] = "-";

	if (stat("/proc/self/ns/pid", &sb) == 0)
		snprintf(pidns, sizeof(pidns), "%llu",
		    (unsigned long long)sb.st_ino);
	if ((fp = fopen("/proc/sys/kernel/random/boot_id", "r")) != NULL) {
		if (fgets(boot, sizeof(boot), fp) == NULL)
			snprintf(boot, sizeof(boot), "-");
		fclose(fp);
		boot[strcspn(boot, " \t\n/")] = '\0';
		if (boot[0] == '\0')
			snprintf(boot, sizeof(boot), "-");
	}
	snprintf(ns, len, "%s/%s", pidns, boot);
}

/* When process pid started, UTC us; -1 when not known (Linux's /proc). */
static int64_t
proc_start(long pid)
{
	FILE		*fp;
	char		 path[64], buf[1024], *p;
	unsigned long long ticks, btime = 0;
	long		 hz = sysconf(_SC_CLK_TCK);
	size_t		 n;
	int		 i;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (hz <= 0 || (fp = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* field 22, starttime, counted from the last ')' (field 2 ends) */
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	for (i = 2; i < 22 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p, " %llu", &ticks) != 1 ||
	    (fp = fopen("/proc/stat", "r")) == NULL)
		return -1;
	while (fgets(buf, sizeof(buf), fp) != NULL)
		if (sscanf(buf, "btime %llu", &btime) == 1)
			break;
	fclose(fp);
	if (btime == 0)
		return -1;
	return ((int64_t)btime * 1000000) + (int64_t)(ticks * 1000000 / hz);
}

/* The lock as the archive holds it (in a transaction): LOCK_FREE when
 * none (l zeroed), else whose it is. */
static int
lock_read(struct vg_archive *ar, struct slock *l)
{
	char		 host[256], ns[128], *v, *p;
	long long	 start, lo, hi;
	int		 at = 0, ok;
	int64_t		 ps;

	memset(l, 0, sizeof(*l));
	if ((v = meta_text(ar, "lock")) == NULL)
		return LOCK_FREE;
	ok = sscanf(v, "%ld %lld %lld %lld %255s %n", &l->pid, &start, &lo, &hi,
	    l->host, &at) == 5 && at > 0;
	if (ok) {
		l->start = start, l->lo = lo, l->hi = hi;
		snprintf(l->what, sizeof(l->what), "%s", v + at);
		if ((p = strchr(l->host, '/')) != NULL) {
			*p++ = '\0';
			snprintf(l->ns, sizeof(l->ns), "%s", p);
		}
	} else {
		/* not ours to judge (pid 0: lock_who says so) */
		memset(l, 0, sizeof(*l));
		snprintf(l->what, sizeof(l->what), "%s", v);
	}
	free(v);
	if (!ok)
		return LOCK_HELD;
	lock_host(host, sizeof(host));
	if (strcmp(host, l->host) != 0)
		return LOCK_HELD;
	lock_ns(ns, sizeof(ns));
	/* ours only if this handle took it: a lock of the same number left
	   by a process that died (a container's processes are numbered
	   alike each run) is judged below, as another's */
	if (l->pid == (long)getpid() && l->start == SQ(ar)->lock_t0 &&
	    strcmp(ns, l->ns) == 0)
		return LOCK_OURS;
	/* a lock of an earlier boot of this host: every process of that
	   boot is gone (an archive file is never shared between machines:
	   SQLite is unsafe on a network file system) */
	if ((p = strchr(ns, '/')) != NULL && strcmp(p, "/-") != 0 &&
	    (v = strchr(l->ns, '/')) != NULL && strcmp(v, "/-") != 0 &&
	    strcmp(p, v) != 0)
		return LOCK_STALE;
	/* a pid is judged only in its own namespace and boot, both known */
	if (strcmp(ns, l->ns) != 0 || ns[0] == '-' ||
	    strcmp(strchr(ns, '/'), "/-") == 0)
		return LOCK_HELD;
	if (kill((pid_t)l->pid, 0) == -1 && errno == ESRCH)
		return LOCK_STALE;
	/* a process of that number started after the lock was taken is
	   another (the number used again) */
	if ((ps = proc_start(l->pid)) != -1 && ps > l->start + 2000000)
		return LOCK_STALE;
	return LOCK_HELD;
}

/* Who holds lock l, for a message: "pid N on host H (WHAT since T)". */
static char *
lock_who(struct vg_archive *ar, const struct slock *l)
{
	char	 t[VG_TIME_BUFSZ], b[VG_SHOWSZ], host[256], ns[128];
	char	 where[192], *s, *p;

	if (l->pid == 0) {
		xasprintf(&s, "a lock this vigil cannot read ('%s')",
		    vg_show(l->what, strlen(l->what), b, sizeof(b)));
		return s;
	}
	vg_time_format(vg_archive_tz(ar), l->start / 1000000 * 1000000, t,
	    sizeof(t));
	/* on this host, why its pid was not judged */
	lock_host(host, sizeof(host));
	lock_ns(ns, sizeof(ns));
	if (strcmp(host, l->host) != 0 || strcmp(ns, l->ns) == 0)
		where[0] = '\0';
	else if ((p = strchr(l->ns, '/')) == NULL)
		snprintf(where, sizeof(where), " of a pid namespace not"
		    " written");
	else if (strcmp(p, strchr(ns, '/')) != 0)
		snprintf(where, sizeof(where), " of boot %s", p + 1);
	else
		snprintf(where, sizeof(where), " of pid namespace %.*s",
		    (int)(p - l->ns), l->ns);
	xasprintf(&s, "pid %ld%s on host '%s' (%s since %s)", l->pid, where,
	    l->host, l->what[0] != '\0' ? l->what : "?", t);
	return s;
}

/* A stale lock l told to the lock_fn. */
static void
lock_stale(struct vg_archive *ar, const struct slock *l)
{
	char	*who, *msg;

	if (ar->lock_fn == NULL)
		return;
	who = lock_who(ar, l);
	xasprintf(&msg, "'%s': the lock of %s taken over: that process is"
	    " gone", ar->path, who);
	ar->lock_fn(msg, ar->lock_arg);
	free(msg);
	free(who);
}

/* The error of a writer that found lock l held: doing what, waited how
 * long. */
static void
lock_busy(struct vg_archive *ar, const struct slock *l, const char *doing,
    struct vg_error *err)
{
	char	*who, waited[48] = "";

	who = lock_who(ar, l);
	ar->locked = 1;
	if (ar->lock_wait > 0)
		snprintf(waited, sizeof(waited), ", waited %d s",
		    ar->lock_wait);
	vg_error_set(err, "'%s': %s: the spans are locked by %s%s", ar->path,
	    doing, who, waited);
	free(who);
}

/* This process's lock (for lo..hi, doing what) written, in a transaction. */
static int
lock_put(struct vg_archive *ar, int64_t start, int64_t lo, int64_t hi,
    const char *what, struct vg_error *err)
{
	char	 host[256], ns[128], *v;
	int	 rc;

	lock_host(host, sizeof(host));
	lock_ns(ns, sizeof(ns));
	xasprintf(&v, "%ld %lld %lld %lld %s/%s %s", (long)getpid(),
	    (long long)start, (long long)lo, (long long)hi, host, ns, what);
	rc = meta_put(ar, "lock", v, err);
	free(v);
	return rc;
}

/* A writer's wait for another's lock: 0 while lock_wait seconds since
 * *t0 (set at the first call) have not passed, after a short sleep. */
static int
lock_sleep(struct vg_archive *ar, int64_t *t0)
{
	struct timespec	 ts = { 0, 200000000 };

	if (*t0 == 0)
		*t0 = vg_now();
	if (vg_now() - *t0 >= (int64_t)ar->lock_wait * 1000000)
		return -1;
	nanosleep(&ts, NULL);
	return 0;
}

/*
 * Begin a writer's transaction (BEGIN IMMEDIATE) that no other's live
 * lock forbids: take (1) writes this process's lock for what, else
 * (a drop, retention) the lock is only checked; a stale lock is taken
 * over or removed.  Waits for a live one up to lock_wait seconds.
 */
static int
lock_begin(struct vg_archive *ar, int take, const char *what,
    const char *doing, struct vg_error *err)
{
	struct slock	 l;
	int64_t		 t0 = 0;
	int		 s;

	ar->locked = 0;
	for (;;) {
		if (begin_write(ar, (int64_t)ar->lock_wait * 1000, err) == -1)
			return -1;
		if ((s = lock_read(ar, &l)) != LOCK_HELD)
			break;
		sq_rollback(ar);
		if (lock_sleep(ar, &t0) == -1) {
			lock_busy(ar, &l, doing, err);
			return -1;
		}
	}
	if (s == LOCK_STALE)
		lock_stale(ar, &l);
	if (take)
		SQ(ar)->lock_t0 = vg_now();
	if (take ? lock_put(ar, SQ(ar)->lock_t0, 0, 0, what, err) == -1 :
	    s == LOCK_STALE && meta_put(ar, "lock", NULL, err) == -1) {
		sq_rollback(ar);
		return -1;
	}
	return 0;
}

/* This process's lock given back (if it still holds it). */
static void
lock_give(struct vg_archive *ar)
{
	struct slock	 l;

	if (exec(ar, "BEGIN IMMEDIATE", NULL) == -1)
		return;
	if (lock_read(ar, &l) == LOCK_OURS)
		meta_put(ar, "lock", NULL, NULL);
	if (exec(ar, "COMMIT", NULL) == -1)
		sq_rollback(ar);
}

/* Whether an import may write into span sp (in its transaction): not
 * while another's merge takes it in. */
static int
lock_span(struct vg_archive *ar, const struct span *sp, struct vg_error *err)
{
	struct slock	 l;
	char		*doing;

	if (lock_read(ar, &l) != LOCK_HELD || l.lo >= l.hi ||
	    sp->end <= l.lo || sp->start >= l.hi)
		return 0;
	xasprintf(&doing, "span '%s' not written", sp->name);
	lock_busy(ar, &l, doing, err);
	free(doing);
	return -1;
}

/* Whether a list of ids (decimal, space-separated; may be NULL) has id. */
static int
ids_have(const char *list, int64_t id)
{
	char	*end;

	while (list != NULL && *list != '\0') {
		if (strtoll(list, &end, 10) == id && end != list)
			return 1;
		if (end == list)
			break;
		list = end;
	}
	return 0;
}

/* This transaction's indexes and habits left for sq_settle, marked. */
static int
pending_mark(struct vg_archive *ar, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_buf		 b = { NULL, 0, 0 };
	struct span		*sp;
	char			*old, num[24];
	size_t			 i;
	int			 rc = 0;

	old = meta_text(ar, "pending_index");
	if (old != NULL)
		vg_buf_fmt(&b, "%s", old);
	for (i = 0; i < sq->nspan; i++) {
		sp = &sq->span[i];
		if ((sp->pend[K_GATE] || sp->pend[K_SIGHTING]) &&
		    !ids_have(old, sp->id))
			vg_buf_fmt(&b, "%s%lld", b.len > 0 ? " " : "",
			    (long long)sp->id);
	}
	if (b.len > 0 && (old == NULL || strcmp(old, b.s) != 0))
		rc = meta_put(ar, "pending_index", b.s, err);
	free(old);
	free(b.s);
	if (rc == -1 || sq->source == 0 || ar->nhab_used == 0)
		return rc;
	old = meta_text(ar, "pending_habits");
	if (old == NULL || strtoll(old, NULL, 10) > sq->source) {
		snprintf(num, sizeof(num), "%lld", (long long)sq->source);
		rc = meta_put(ar, "pending_habits", num, err);
	}
	free(old);
	return rc;
}

/*
 * The habits of the granted entries that sources from id from on gave,
 * gathered into the shared part's hash (vg_ar_gate_habit), from their
 * rows; the spans read from the archive, not this connection's list of
 * them (a reader's, kept while it streams rows).
 */
static int
habits_gather(struct vg_archive *ar, int64_t from, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_gate_rec	 g;
	struct vg_tz		*tz;
	sqlite3_stmt		*sp, *st;
	char			*sql;
	int			 step, rc = -1;

	if ((tz = vg_archive_tz(ar)) == NULL)
		return 0;	/* no site: no habits */
	if (sqlite3_prepare_v2(sq->db, "SELECT suffix FROM span WHERE gates"
	    " > 0 AND id IN (SELECT span FROM source_span WHERE source >= ?1)"
	    " ORDER BY id", -1, &sp, NULL) != SQLITE_OK) {
		dberr(ar, err, "reading habits");
		return -1;
	}
	sqlite3_bind_int64(sp, 1, from);
	memset(&g, 0, sizeof(g));
	g.result = VG_RES_GRANTED;
	g.direction = VG_DIR_IN;
	while (sqlite3_step(sp) == SQLITE_ROW) {
		xasprintf(&sql, "SELECT gate, t, person, card FROM gate_event%s"
		    " WHERE source >= %lld AND result = %d AND direction = %d",
		    (const char *)sqlite3_column_text(sp, 0), (long long)from,
		    VG_RES_GRANTED, VG_DIR_IN);
		step = sqlite3_prepare_v2(sq->db, sql, -1, &st, NULL);
		free(sql);
		if (step != SQLITE_OK)
			goto out;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			g.gate = sqlite3_column_int64(st, 0);
			g.t = sqlite3_column_int64(st, 1);
			g.person.s = (const char *)sqlite3_column_text(st, 2);
			g.person.len = (size_t)sqlite3_column_bytes(st, 2);
			g.card.s = (const char *)sqlite3_column_text(st, 3);
			g.card.len = (size_t)sqlite3_column_bytes(st, 3);
			vg_ar_gate_habit(ar, tz, &g);
		}
		sqlite3_finalize(st);
		if (step != SQLITE_DONE)
			goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		dberr(ar, err, "reading habits");
	sqlite3_finalize(sp);
	return rc;
}

/* Whether every source from id from on was committed by this call. */
static int
sources_ours(struct vg_archive *ar, int64_t from)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int64_t			 id;
	size_t			 i;
	int			 ours = 1;

	if (sqlite3_prepare_v2(sq->db, "SELECT id FROM source WHERE id >= ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, from);
	while (ours && sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		for (i = 0; i < sq->ndsrc && sq->dsrc[i] != id; i++)
			;
		ours = i < sq->ndsrc;
	}
	sqlite3_finalize(st);
	return ours;
}

/* Imports to come leave their spans' other indexes and habits pending. */
static int
sq_defer(struct vg_archive *ar, int64_t rows, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);

	if (sq->phab_put == NULL) {
		if (exec(ar, "CREATE TEMP TABLE IF NOT EXISTS pending_habit ("
		    " who TEXT NOT NULL, zone TEXT NOT NULL, hours INTEGER NOT"
		    " NULL, PRIMARY KEY (who, zone)) WITHOUT ROWID", err) == -1)
			return -1;
		if (sqlite3_prepare_v3(sq->db, "INSERT INTO temp.pending_habit"
		    " (who, zone, hours) VALUES (?1, ?2, ?3) ON CONFLICT (who,"
		    " zone) DO UPDATE SET hours = hours | excluded.hours", -1,
		    SQLITE_PREPARE_PERSISTENT, &sq->phab_put, NULL) !=
		    SQLITE_OK) {
			dberr(ar, err, "counting entries");
			return -1;
		}
	}
	sq->defer = 1;
	sq->defer_rows = rows;
	return 0;
}

/*
 * What imports left pending done, in one transaction: the marked spans'
 * indexes built by sorting, the habits folded into the habit table
 * (this call's from temp.pending_habit; a killed call's counted again
 * from its rows), the marks cleared.  Deferring ends.
 */
static int
sq_settle(struct vg_archive *ar, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	char			*spans, *habits, *p, *end;
	int64_t			 id;
	size_t			 i;
	int			 k, rc = 0, sorted = 0;

	sq->defer = 0;
	spans = meta_text(ar, "pending_index");
	habits = meta_text(ar, "pending_habits");
	if (spans == NULL && habits == NULL)
		goto out;
	free(spans);
	free(habits);
	spans = habits = NULL;
	if ((rc = exec(ar, "BEGIN IMMEDIATE", err)) == -1)
		goto out;
	/* (again: another writer may have settled meanwhile) */
	spans = meta_text(ar, "pending_index");
	habits = meta_text(ar, "pending_habits");
	if (spans_fresh(ar, err) == -1)
		rc = -1;
	for (p = spans; rc == 0 && p != NULL && *p != '\0'; p = end) {
		id = strtoll(p, &end, 10);
		if (end == p)
			break;
		for (i = 0; i < sq->nspan && sq->span[i].id != id; i++)
			;
		for (k = 0; k < NKIND && i < sq->nspan && rc == 0; k++) {
			if (sq->span[i].rows[k] < 0)
				continue;
			if (!sorted++)	/* as sq_commit's */
				sorting(ar, 1);
			rc = exec_span(ar, span_index1[k], &sq->span[i], err);
			if (rc == 0)
				rc = exec_span(ar, span_index[k], &sq->span[i],
				    err);
		}
	}
	if (sorted)
		sorting(ar, 0);
	if (rc == 0 && habits != NULL) {
		if (sq->phab_put != NULL && sources_ours(ar, strtoll(habits,
		    NULL, 10)))
			rc = exec(ar, "INSERT INTO main.habit (who, zone, hours)"
			    " SELECT who, zone, hours FROM temp.pending_habit"
			    " WHERE 1 ORDER BY who, zone ON CONFLICT (who, zone)"
			    " DO UPDATE SET hours = hours | excluded.hours", err);
		else {
			vg_ar_counts_forget(ar);
			rc = habits_gather(ar, strtoll(habits, NULL, 10), err);
			if (rc == 0)
				rc = hours_flush(ar, 0, err);
			vg_ar_counts_forget(ar);
		}
		if (rc == 0)
			rc = meta_put(ar, "pending_habits", NULL, err);
	}
	if (rc == 0 && sq->phab_put != NULL)
		rc = exec(ar, "DELETE FROM temp.pending_habit", err);
	if (rc == 0 && spans != NULL)
		rc = meta_put(ar, "pending_index", NULL, err);
	if (rc == 0)
		rc = exec(ar, "COMMIT", err);
	if (rc == -1)
		sq_rollback(ar);
	sq->phab_read = 0;
out:
	free(spans);
	free(habits);
	free(sq->dsrc);
	sq->dsrc = NULL;
	sq->ndsrc = 0;
	return rc;
}

static int
sq_commit(struct vg_archive *ar, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct span		*sp;
	size_t			 i;
	int			 k, rc = 0, sorted = 0;

	for (i = 0; i < sq->nspan && rc == 0; i++) {
		sp = &sq->span[i];
		for (k = 0; k < NKIND && rc == 0; k++) {
			if (!sp->rebuild[k])
				continue;
			/*
			 * The sorter's settings and the page cache's
			 * (sorting): the pages this transaction wrote
			 * stay in memory up to the 256 MiB of the cache
			 * they had: cut to a few MiB, it had them spilled
			 * to the log page by page as the indexes grew
			 * (bench/README.md, bench/alertstream).
			 */
			if (!sorted++)
				sorting(ar, 1);
			rc = exec_span(ar, span_index1[k], sp, err);
			if (rc == 0 && !sp->pend[k])
				rc = exec_span(ar, span_index[k], sp, err);
		}
	}
	if (sorted)
		sorting(ar, 0);
	if (rc == 0)
		rc = hours_flush(ar, sq->defer, err);
	if (rc == 0)
		rc = bk_flush(ar, &sq->bk, err);
	if (rc == 0 && sq->defer)
		rc = pending_mark(ar, err);
	if (rc == 0)
		rc = spans_account(ar, err);
	if (rc == 0 && sq->span_new)
		rc = spans_views(ar, err);
	for (i = 0; i < sq->nspan && rc == 0; i++)
		if ((sp = &sq->span[i])->added[K_SIGHTING] > 0)
			rc = span_vectors(ar, sp, err);
	if (rc == 0) {
		vg_ar_test_stop("commit");
		rc = exec(ar, "COMMIT", err);
	}
	if (rc == -1) {
		sq_rollback(ar);
		return -1;
	}
	if (sq->defer && sq->source != 0) {
		sq->dsrc = xreallocarray(sq->dsrc, sq->ndsrc + 1,
		    sizeof(*sq->dsrc));
		sq->dsrc[sq->ndsrc++] = sq->source;
	}
	for (i = 0; i < sq->nspan; i++) {
		sp = &sq->span[i];
		for (k = 0; k < NKIND; k++) {
			sp->rows[k] += sp->added[k];
			sp->added[k] = sp->next[k] = sp->rebuild[k] = 0;
			sp->pend[k] = 0;
		}
		sp->unordered = 0;
	}
	vg_lookvec_end(&sq->lookw, 0);
	vg_ar_counts_forget(ar);
	sq->span_new = 0;
	memset(sq->cur, 0, sizeof(sq->cur));
	sq->span_dv = data_version(ar);
	sq->committed = 1;
	sq->phab_read = 0;	/* (its own commits leave data_version) */
	return 0;
}

static void
sq_rollback(struct vg_archive *ar)
{
	struct sq_archive	*sq = SQ(ar);

	sqlite3_exec(sq->db, "ROLLBACK", NULL, NULL, NULL);
	vg_lookvec_end(&sq->lookw, 1);
	sq->committed = 0;
	/* the spans, device map and embedding length may name rolled-back
	 * rows and tables */
	spans_forget(ar);
	sq->embdim_read = 0;
	sq->embdim = 0;
	vg_ar_devices_forget(ar);
}

/* Look a file up by digest: 1 and fill *src when it was imported before. */
static int
sq_source_find(struct vg_archive *ar, const char *sha, struct vg_source *src)
{
	sqlite3_stmt	*st;
	int		 found = 0;

	if ((st = stmt(ar, S_SOURCE_FIND, NULL)) == NULL)
		return 0;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		src->id = sqlite3_column_int64(st, 0);
		free(src->path);
		src->path = col_dup(st, 1);
		src->size = (uint64_t)sqlite3_column_int64(st, 2);
		src->format = vg_ar_format_code((const char *)
		    sqlite3_column_text(st, 3));
		src->imported = sqlite3_column_int64(st, 4);
		src->rows = sqlite3_column_int64(st, 5);
		src->rejected = sqlite3_column_int64(st, 6);
		found = 1;
	}
	sqlite3_reset(st);
	return found;
}

static int
sq_source_add(struct vg_archive *ar, struct vg_source *src,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;

	if ((st = stmt(ar, S_SOURCE_ADD, err)) == NULL)
		return -1;
	src->imported = vg_now();
	sqlite3_bind_text(st, 1, src->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, src->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)src->size);
	sqlite3_bind_text(st, 4, vg_format_name(src->format), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, src->imported);
	if (step_done(ar, st, err, "recording source") == -1)
		return -1;
	src->id = sqlite3_last_insert_rowid(sq->db);
	sq->source = src->id;
	return 0;
}

static int
sq_source_done(struct vg_archive *ar, const struct vg_source *src,
    struct vg_error *err)
{
	sqlite3_stmt	*st;

	if ((st = stmt(ar, S_SOURCE_DONE, err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, src->id);
	sqlite3_bind_int64(st, 2, src->rows);
	sqlite3_bind_int64(st, 3, src->rejected);
	sqlite3_bind_text(st, 4, src->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)src->size);
	return step_done(ar, st, err, "recording source");
}

/* The embedding length of this archive, 0 until the first is stored. */
static size_t
sq_embedding_dim(struct vg_archive *ar)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;

	if (sq->embdim_read)
		return sq->embdim;
	if ((st = stmt(ar, S_META_GET, NULL)) != NULL) {
		sqlite3_bind_text(st, 1, "embedding_dim", -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			sq->embdim = (size_t)sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	sq->embdim_read = 1;
	return sq->embdim;
}

static int
set_embedding_dim(struct vg_archive *ar, size_t dim, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;

	if ((st = stmt(ar, S_META_SET, err)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, "embedding_dim", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)dim);
	if (step_done(ar, st, err, "meta") == -1)
		return -1;
	sq->embdim = dim;
	sq->embdim_read = 1;
	return 0;
}

/* The site's vendor identifiers, each naming one device. */
static int
put_idents(struct vg_archive *ar, const struct vg_site *site,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	size_t			 i, j;
	int			 rc = 0;

	if (sqlite3_prepare_v2(sq->db, "INSERT INTO device_ident (vendor,"
	    " ident, channel, device, line) SELECT ?1, ?2, ?3, id, ?5 FROM"
	    " device WHERE code = ?4", -1, &st, NULL) != SQLITE_OK) {
		dberr(ar, err, "storing site");
		return -1;
	}
	for (i = 0; i < site->ndevices && rc == 0; i++) {
		const struct vg_device *d = &site->devices[i];

		for (j = 0; j < d->nidents && rc == 0; j++) {
			const struct vg_ident *id = &d->idents[j];

			sqlite3_reset(st);
			bind_cstr(st, 1, id->vendor);
			bind_cstr(st, 2, id->device ? id->device : "");
			bind_cstr(st, 3, id->channel ? id->channel : "");
			bind_cstr(st, 4, d->id);
			sqlite3_bind_int64(st, 5, id->line);
			rc = step_done(ar, st, err, "storing device ident");
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * The row id of the device a vendor's file names by its own id (or "")
 * and a channel in it (or ""): the ident naming both, else the device
 * whole, else the channel alone.  0 when the site names none, -1 when it
 * is not of the type wanted.
 */
static int64_t
sq_device_ident(struct vg_archive *ar, const char *vendor,
    const char *ident, const char *channel, int type)
{
	sqlite3_stmt	*st;
	int64_t		 id = 0;

	if ((st = stmt(ar, S_IDENT, NULL)) == NULL)
		return 0;
	bind_cstr(st, 1, vendor);
	bind_cstr(st, 2, ident != NULL ? ident : "");
	bind_cstr(st, 3, channel != NULL ? channel : "");
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int(st, 1) == type ?
		    sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return id;
}

/* Store a site description: zones, places and devices are updated in
 * place (old devices stay, events refer to them); links are replaced. */
static int
sq_put_site(struct vg_archive *ar, const struct vg_site *site,
    int64_t source, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st = NULL;
	size_t			 i;
	int			 rc = -1;

	if (sqlite3_prepare_v2(sq->db, "SELECT id FROM site", -1, &st,
	    NULL) != SQLITE_OK)
		goto dberror;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), site->id) != 0) {
		vg_error_set(err, "archive holds site '%s', not '%s'",
		    (const char *)sqlite3_column_text(st, 0), site->id);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;

	if (exec(ar, "DELETE FROM site; DELETE FROM link;"
	    " DELETE FROM device_ident;", err) == -1)
		goto out;
	if (sqlite3_prepare_v2(sq->db, "INSERT INTO site (id, name, timezone,"
	    " source) VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	bind_cstr(st, 1, site->id);
	bind_cstr(st, 2, site->name);
	bind_cstr(st, 3, site->timezone);
	sqlite3_bind_int64(st, 4, source);
	if (step_done(ar, st, err, "storing site") == -1)
		goto out;
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(sq->db, "INSERT OR REPLACE INTO zone (id, name,"
	    " ring, line, hours) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL) !=
	    SQLITE_OK)
		goto dberror;
	for (i = 0; i < site->nzones; i++) {
		sqlite3_reset(st);
		bind_cstr(st, 1, site->zones[i].id);
		bind_cstr(st, 2, site->zones[i].name);
		sqlite3_bind_int(st, 3, site->zones[i].ring);
		sqlite3_bind_int64(st, 4, site->zones[i].line);
		bind_cstr(st, 5, site->zones[i].hours);
		if (step_done(ar, st, err, "storing zone") == -1)
			goto out;
	}
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(sq->db, "INSERT OR REPLACE INTO place (id, name,"
	    " zone, kind, x, y, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1,
	    &st, NULL) != SQLITE_OK)
		goto dberror;
	for (i = 0; i < site->nplaces; i++) {
		const struct vg_place *p = &site->places[i];

		sqlite3_reset(st);
		bind_cstr(st, 1, p->id);
		bind_cstr(st, 2, p->name);
		bind_cstr(st, 3, p->zone);
		bind_cstr(st, 4, p->kind);
		sqlite3_bind_double(st, 5, p->x);
		sqlite3_bind_double(st, 6, p->y);
		sqlite3_bind_int64(st, 7, p->line);
		if (step_done(ar, st, err, "storing place") == -1)
			goto out;
	}
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(sq->db, "INSERT INTO device (code, type, name,"
	    " zone, x, y, kind, credentials, place, heading, face, recordings,"
	    " ext, line, gate) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?12, ?13, ?14, ?15) ON CONFLICT (code) DO UPDATE SET"
	    " type = ?2, name = ?3, zone = ?4, x = ?5, y = ?6, kind = ?7,"
	    " credentials = ?8, place = ?9, heading = ?10, face = ?11,"
	    " recordings = ?12, ext = ?13, line = ?14, gate = ?15", -1, &st,
	    NULL) != SQLITE_OK)
		goto dberror;
	for (i = 0; i < site->ndevices; i++) {
		const struct vg_device *d = &site->devices[i];

		sqlite3_reset(st);
		bind_cstr(st, 1, d->id);
		sqlite3_bind_int(st, 2, d->type);
		bind_cstr(st, 3, d->name);
		bind_cstr(st, 4, d->zone);
		sqlite3_bind_double(st, 5, d->x);
		sqlite3_bind_double(st, 6, d->y);
		bind_cstr(st, 7, d->kind);
		sqlite3_bind_int(st, 8, (int)d->creds);
		bind_cstr(st, 9, d->place);
		bind_real(st, 10, d->heading);
		sqlite3_bind_int(st, 11, d->face);
		bind_cstr(st, 12, d->recordings);
		bind_cstr(st, 13, d->ext);
		sqlite3_bind_int64(st, 14, d->line);
		bind_cstr(st, 15, d->gate);
		if (step_done(ar, st, err, "storing device") == -1)
			goto out;
	}
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(sq->db, "INSERT OR REPLACE INTO link (a, b, min,"
	    " max, directed, line) SELECT a.id, b.id, ?3, ?4, ?5, ?6 FROM"
	    " device a, device b WHERE a.code = ?1 AND b.code = ?2", -1, &st,
	    NULL) != SQLITE_OK)
		goto dberror;
	for (i = 0; i < site->nlinks; i++) {
		const struct vg_link *l = &site->links[i];

		sqlite3_reset(st);
		bind_cstr(st, 1, l->from);
		bind_cstr(st, 2, l->to);
		sqlite3_bind_int(st, 3, l->min);
		sqlite3_bind_int(st, 4, l->max);
		sqlite3_bind_int(st, 5, l->directed);
		sqlite3_bind_int64(st, 6, l->line);
		if (step_done(ar, st, err, "storing link") == -1)
			goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (put_idents(ar, site, err) == -1)
		goto out;
	/* the device map and the zone are read again when next needed */
	vg_ar_devices_forget(ar);
	vg_tz_free(ar->tz);
	ar->tz = NULL;
	rc = 0;
	goto out;
dberror:
	dberr(ar, err, "storing site");
out:
	sqlite3_finalize(st);
	return rc;
}

static int
put_idlist(struct vg_archive *ar, enum stmt which, const struct vg_str *list,
    const struct vg_str *person, struct vg_error *err)
{
	sqlite3_stmt	*st;
	const char	*p = list->s;
	struct vg_str	 id;

	if (list->len == 0)	/* no column: s may be NULL */
		return 0;
	while (vg_list_next(&p, list->s + list->len, ';', 1, &id)) {
		if (id.len == 0)
			continue;
		if ((st = stmt(ar, which, err)) == NULL)
			return -1;
		sqlite3_bind_text(st, 1, id.s, (int)id.len, SQLITE_STATIC);
		bind_str(st, 2, person);
		if (step_done(ar, st, err, "storing roster") == -1)
			return -1;
	}
	return 0;
}

static int
sq_put_person(struct vg_archive *ar, const struct vg_person_rec *p,
    int64_t source, struct vg_error *err)
{
	sqlite3_stmt	*st;

	if ((st = stmt(ar, S_PERSON, err)) == NULL)
		return -1;
	bind_str(st, 1, &p->id);
	bind_str(st, 2, &p->name);
	bind_str(st, 3, &p->employer);
	bind_str(st, 4, &p->dorm);
	bind_str(st, 5, &p->status);
	sqlite3_bind_int64(st, 6, source);
	sqlite3_bind_int64(st, 7, p->line);
	if (step_done(ar, st, err, "storing roster") == -1)
		return -1;
	/* a newer roster replaces a person's cards and plates */
	if ((st = stmt(ar, S_PERSON_CARDS_DEL, err)) == NULL)
		return -1;
	bind_str(st, 1, &p->id);
	if (step_done(ar, st, err, "storing roster") == -1)
		return -1;
	if ((st = stmt(ar, S_PERSON_PLATES_DEL, err)) == NULL)
		return -1;
	bind_str(st, 1, &p->id);
	if (step_done(ar, st, err, "storing roster") == -1)
		return -1;
	if (put_idlist(ar, S_CARD, &p->cards, &p->id, err) == -1 ||
	    put_idlist(ar, S_PLATE, &p->plates, &p->id, err) == -1)
		return -1;
	return 0;
}

/*
 * The entries' hours and habits gathered since the last commit, written:
 * one statement a key, in the tables' key order (vg_ar_counts_pack); with
 * pend, the habits to temp.pending_habit, for sq_settle.
 */
static int
hours_flush(struct vg_archive *ar, int pend, struct vg_error *err)
{
	sqlite3_stmt	*st;
	size_t		 i, n, nhab;
	int		 h;

	vg_ar_counts_pack(ar, &n, &nhab);
	for (i = 0; i < n; i++) {
		for (h = 0; h < 24; h++) {
			if (ar->dc[i].hour[h] == 0)
				continue;
			if ((st = stmt(ar, S_HOUR_ADD, err)) == NULL)
				return -1;
			sqlite3_bind_int64(st, 1, ar->dc[i].span);
			sqlite3_bind_int64(st, 2, ar->dc[i].device);
			sqlite3_bind_int(st, 3, h);
			sqlite3_bind_int64(st, 4, ar->dc[i].hour[h]);
			if (step_done(ar, st, err, "counting entries") == -1)
				return -1;
		}
	}
	for (i = 0; i < nhab; i++) {
		if (pend)
			sqlite3_reset(st = SQ(ar)->phab_put);
		else if ((st = stmt(ar, S_HABIT_ADD, err)) == NULL)
			return -1;
		bind_cstr(st, 1, ar->hab[i].who);
		bind_cstr(st, 2, ar->hab[i].zone);
		sqlite3_bind_int64(st, 3, ar->hab[i].hours);
		if (step_done(ar, st, err, "counting entries") == -1)
			return -1;
	}
	return 0;
}

/* The gate events counted since the last commit forgotten. */
static void
bk_forget(struct bkh *h)
{
	size_t	i;

	for (i = 0; i < h->cap; i++)
		free(h->g[i].p);
	free(h->g);
	h->g = NULL;
	h->n = h->cap = 0;
}

static size_t
bk_slot(const struct bkg *g, size_t cap, int64_t span, int64_t dev)
{
	uint64_t	h;
	size_t		i;

	h = (uint64_t)span * 0x9e3779b97f4a7c15ULL ^ (uint64_t)dev *
	    0xc2b2ae3d27d4eb4fULL;
	h ^= h >> 29;
	for (i = (size_t)h & (cap - 1); g[i].p != NULL && (g[i].span != span ||
	    g[i].device != dev); i = (i + 1) & (cap - 1))
		;
	return i;
}

/* n gate events of gate dev in span's bucket b counted into h: a gate's
 * events in the order written, a pair for each run of one bucket's. */
static void
bk_add(struct bkh *h, int64_t span, int64_t dev, int64_t b, int64_t n)
{
	struct bkg	*old = h->g, *g;
	size_t		 i, ocap = h->cap;

	if (2 * (h->n + 1) > h->cap) {
		h->cap = ocap ? 2 * ocap : 64;
		h->g = xcalloc(h->cap, sizeof(*h->g));
		for (i = 0; i < ocap; i++)
			if (old[i].p != NULL)
				h->g[bk_slot(h->g, h->cap, old[i].span,
				    old[i].device)] = old[i];
		free(old);
	}
	g = &h->g[bk_slot(h->g, h->cap, span, dev)];
	if (g->p == NULL) {
		g->span = span;
		g->device = dev;
		g->cap = 16;
		g->p = xreallocarray(NULL, g->cap, sizeof(*g->p));
		h->n++;
	} else if (g->p[g->n - 1].b == b) {
		g->p[g->n - 1].n += n;
		return;
	} else if (g->p[g->n - 1].b > b)
		g->unsorted = 1;
	if (g->n == g->cap) {
		g->cap *= 2;
		g->p = xreallocarray(g->p, g->cap, sizeof(*g->p));
	}
	g->p[g->n].b = b;
	g->p[g->n++].n = n;
}

static int
bkg_cmp(const void *a, const void *b)
{
	const struct bkg	*x = a, *y = b;

	if (x->span != y->span)
		return x->span < y->span ? -1 : 1;
	return x->device < y->device ? -1 : x->device > y->device;
}

static int
bkp_cmp(const void *a, const void *b)
{
	const struct bkp	*x = a, *y = b;

	return x->b < y->b ? -1 : x->b > y->b;
}

/*
 * span_count's c: a day's buckets that have events, in order, each as two
 * varints (7 bits a byte, low first, the high bit set on all but the
 * last): the buckets skipped since the one before (or since the day's
 * first) and the bucket's events.  cb_pack adds a bucket to buf.
 */
static void
cb_pack(struct vg_buf *buf, int64_t *prev, int64_t b, int64_t n)
{
	char		 t[20];
	size_t		 k = 0;
	uint64_t	 v;
	int		 i;

	for (i = 0; i < 2; i++) {
		v = i == 0 ? (uint64_t)(b - *prev - 1) : (uint64_t)n;
		for (; v >= 0x80; v >>= 7)
			t[k++] = (char)((v & 0x7f) | 0x80);
		t[k++] = (char)v;
	}
	vg_buf_add(buf, t, k);
	*prev = b;
}

/* A span_count row's buckets, read in order (cb_next). */
struct cbit {
	const unsigned char	*p;	/* the next byte */
	const unsigned char	*end;	/* past the last */
	int64_t			 b;	/* the last bucket read */
};

static void
cb_start(struct cbit *it, int64_t day, const void *c, int len)
{
	it->p = c;
	it->end = c != NULL && len > 0 ? it->p + len : it->p;	/* not NULL + 0 */
	it->b = day * CDAY - 1;
}

/* The next bucket and its count: 1, 0 at the end, -1 when malformed. */
static int
cb_next(struct cbit *it, int64_t *b, int64_t *n)
{
	uint64_t	v[2];
	int		i, sh;

	if (it->p == it->end)
		return 0;
	for (i = 0; i < 2; i++)
		for (v[i] = 0, sh = 0;; sh += 7) {
			if (it->p == it->end || sh > 56)
				return -1;
			v[i] |= (uint64_t)(*it->p & 0x7f) << sh;
			if (!(*it->p++ & 0x80))
				break;
		}
	if (v[0] >= CDAY || v[1] == 0)
		return -1;
	*b = it->b += (int64_t)v[0] + 1;
	*n = (int64_t)v[1];
	return 1;
}

/* The error of a span_count row cb_next cannot read (span's, the gate's
 * row id dev, the day): -1. */
static int
count_malformed(struct vg_archive *ar, int64_t span, int64_t dev,
    int64_t day, struct vg_error *err)
{
	vg_error_set(err, "'%s': span_count: a malformed row (span %lld, gate"
	    " %lld, day %lld)", ar->path, (long long)span, (long long)dev,
	    (long long)day);
	return -1;
}

/* A gate's buckets of a span's day (p, n of them, in order, a bucket
 * perhaps more than once) merged into its span_count row. */
static int
count_day(struct vg_archive *ar, int64_t span, int64_t dev, int64_t day,
    const struct bkp *p, size_t n, struct vg_buf *buf, struct vg_error *err)
{
	struct cbit	 it;
	sqlite3_stmt	*st;
	size_t		 k, k2;
	int64_t		 prev, ob = 0, on = 0, nb = 0, nn = 0;
	int		 step, have;

	if ((st = stmt(ar, S_COUNT_GET, err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, span);
	sqlite3_bind_int64(st, 2, dev);
	sqlite3_bind_int64(st, 3, day);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		cb_start(&it, day, sqlite3_column_blob(st, 0),
		    sqlite3_column_bytes(st, 0));
	else if (step == SQLITE_DONE)
		cb_start(&it, day, NULL, 0);
	else {
		dberr(ar, err, "counting gate events");
		sqlite3_reset(st);
		return -1;
	}
	/* the stored buckets and the new, merged in order */
	buf->len = 0;
	prev = day * CDAY - 1;
	have = cb_next(&it, &ob, &on);
	for (k = k2 = 0; k < n || have > 0;) {
		if (k < n && k2 == k) {
			nb = p[k].b;
			for (nn = 0; k2 < n && p[k2].b == nb; k2++)
				nn += p[k2].n;
		}
		if (have > 0 && (k == n || ob < nb)) {
			cb_pack(buf, &prev, ob, on);
			have = cb_next(&it, &ob, &on);
		} else if (have > 0 && ob == nb) {
			cb_pack(buf, &prev, ob, on + nn);
			have = cb_next(&it, &ob, &on);
			k = k2;
		} else {
			cb_pack(buf, &prev, nb, nn);
			k = k2;
		}
	}
	sqlite3_reset(st);
	if (have < 0)
		return count_malformed(ar, span, dev, day, err);
	if ((st = stmt(ar, S_COUNT_ADD, err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, span);
	sqlite3_bind_int64(st, 2, dev);
	sqlite3_bind_int64(st, 3, day);
	sqlite3_bind_blob(st, 4, buf->s, (int)buf->len, SQLITE_STATIC);
	return step_done(ar, st, err, "counting gate events");
}

/* The gate events counted in h added to span_count (a row for each span,
 * gate and day, its buckets merged with those stored), and forgotten. */
static int
bk_flush(struct vg_archive *ar, struct bkh *h, struct vg_error *err)
{
	struct vg_buf	 buf;
	struct bkg	*g;
	size_t		 i, j, k, n;
	int64_t		 day;
	int		 rc = 0;

	memset(&buf, 0, sizeof(buf));
	if (h->n == 0) {
		bk_forget(h);
		return 0;
	}
	for (i = n = 0; i < h->cap; i++)
		if (h->g[i].p != NULL) {
			g = &h->g[n];
			h->g[n++] = h->g[i];
			if (g != &h->g[i])
				h->g[i].p = NULL;
		}
	qsort(h->g, n, sizeof(*h->g), bkg_cmp);
	for (k = 0; k < n && rc == 0; k++) {
		g = &h->g[k];
		if (g->unsorted)
			qsort(g->p, g->n, sizeof(*g->p), bkp_cmp);
		for (i = 0; i < g->n && rc == 0; i = j) {
			day = CBDAY(g->p[i].b);
			for (j = i + 1; j < g->n && CBDAY(g->p[j].b) == day;
			    j++)
				;
			rc = count_day(ar, g->span, g->device, day, g->p + i,
			    j - i, &buf, err);
		}
	}
	free(buf.s);
	bk_forget(h);
	return rc;
}

/* The gate events sql reads (freed) counted into h as span's: its rows
 * gate and raw time, or (packed) span_count's gate, day, buckets and
 * span (the row's own, named when it is malformed). */
static int
counts_gather(struct vg_archive *ar, char *sql, int64_t span, int packed,
    struct bkh *h, struct vg_error *err)
{
	struct cbit	 it;
	sqlite3_stmt	*st;
	int64_t		 dev, day = 0, from = span, b, n;
	int		 rc = 0, step, more = 0;

	step = sqlite3_prepare_v2(SQ(ar)->db, sql, -1, &st, NULL);
	free(sql);
	if (step != SQLITE_OK) {
		dberr(ar, err, "counting gate events");
		return -1;
	}
	while (more >= 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		dev = sqlite3_column_int64(st, 0);
		if (!packed) {
			bk_add(h, span, dev, BUCKET(sqlite3_column_int64(st,
			    1)), 1);
			continue;
		}
		day = sqlite3_column_int64(st, 1);
		from = sqlite3_column_int64(st, 3);
		cb_start(&it, day, sqlite3_column_blob(st, 2),
		    sqlite3_column_bytes(st, 2));
		while ((more = cb_next(&it, &b, &n)) > 0)
			bk_add(h, span, dev, b, n);
	}
	if (more < 0)
		rc = count_malformed(ar, from, dev, day, err);
	else if (step != SQLITE_DONE) {
		dberr(ar, err, "counting gate events");
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Migration 11: every span's gate events counted by bucket; and a span
 * indexed whole before its rows not granted had an index of their own
 * gets it (vigil-anomaly's narrowed reads use it; a span whose indexes
 * wait for the end of a call, its first one alone, is left to that
 * call's span_index()).
 */
static int
counts_backfill(struct vg_archive *ar, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct span		*sp;
	struct bkh		 h;
	char			*sql;
	size_t			 i;
	int			 rc = 0;

	memset(&h, 0, sizeof(h));
	if (spans_fresh(ar, err) == -1)
		return -1;
	for (i = 0; i < sq->nspan && rc == 0; i++) {
		sp = &sq->span[i];
		if (sp->rows[K_GATE] < 0)
			continue;
		xasprintf(&sql, "SELECT gate, t FROM gate_event%s",
		    sp->suffix);
		rc = counts_gather(ar, sql, sp->id, 0, &h, err);
		if (rc == 0)
			rc = bk_flush(ar, &h, err);
		if (rc == 0 && span_int(ar, sp, K_GATE, "SELECT count(*) FROM"
		    " sqlite_schema WHERE type = 'index' AND tbl_name = '@'")
		    > 1 && span_int(ar, sp, K_GATE,
		    "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
		    " AND name = '@_refused'") == 0) {
			xasprintf(&sql, "CREATE INDEX gate_event%s_refused ON"
			    " gate_event%s(gate, t) WHERE result IS NOT 1",
			    sp->suffix, sp->suffix);
			rc = exec(ar, sql, err);
			free(sql);
		}
	}
	bk_forget(&h);
	return rc;
}

/* A merge's spans' (ids, a list) span_count rows summed into span id. */
static int
counts_move(struct vg_archive *ar, const char *ids, int64_t id,
    struct vg_error *err)
{
	struct bkh	 h;
	char		*sql;
	int		 rc;

	memset(&h, 0, sizeof(h));
	xasprintf(&sql, "SELECT device, day, c, span FROM span_count WHERE"
	    " span IN (%s)", ids);
	rc = counts_gather(ar, sql, id, 1, &h, err);
	if (rc == 0) {
		xasprintf(&sql, "DELETE FROM span_count WHERE span IN (%s)",
		    ids);
		rc = exec(ar, sql, err);
		free(sql);
	}
	if (rc == 0)
		rc = bk_flush(ar, &h, err);
	bk_forget(&h);
	return rc;
}

/* What makes a gate event the event it is, as ?1 to ?8 of inserts. */
static void
bind_gate_key(sqlite3_stmt *st, const struct vg_gate_rec *g)
{
	sqlite3_bind_int64(st, 1, g->t);
	sqlite3_bind_int64(st, 2, g->gate);
	bind_str(st, 3, &g->person);
	sqlite3_bind_int(st, 4, g->credential);
	bind_str(st, 5, &g->card);
	bind_str(st, 6, &g->plate);
	sqlite3_bind_int(st, 7, g->direction);
	bind_code(st, 8, g->result);
}

/* The whole second of an instant in UTC microseconds. */
#define SECOND(t)	(((t) - ((t) < 0 ? 999999 : 0)) / 1000000)

/* Keep the device's own number (none: nothing) of the row of kind k. */
static int
evno_put(struct vg_archive *ar, int k, int64_t row, int64_t dev,
    const struct vg_str *no, int64_t t, struct vg_error *err)
{
	sqlite3_stmt	*st;

	if (no->len == 0)
		return 0;
	if ((st = stmt(ar, S_EVNO_PUT, err)) == NULL)
		return -1;
	sqlite3_bind_int(st, 1, k);
	sqlite3_bind_int64(st, 2, row);
	sqlite3_bind_int64(st, 3, dev);
	bind_str(st, 4, no);
	sqlite3_bind_int64(st, 5, SECOND(t));
	return step_done(ar, st, err, "storing an event's number");
}

/*
 * Whether the archive holds an event this device numbered so in the same
 * second (from any file: a file's own repeat is the same event too).
 */
static int
evno_seen(struct vg_archive *ar, int64_t dev, const struct vg_str *no,
    int64_t t)
{
	sqlite3_stmt	*st;
	int		 r;

	if ((st = stmt(ar, S_EVNO_SEEN, NULL)) == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, dev);
	bind_str(st, 2, no);
	sqlite3_bind_int64(st, 3, SECOND(t));
	r = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return r;
}

static int
sq_put_gate(struct vg_archive *ar, const struct vg_gate_rec *g,
    int64_t source, struct vg_error *err)
{
	sqlite3_stmt	*st;
	struct span	*sp;

	if ((sp = span_write(ar, K_GATE, g->t, err)) == NULL)
		return -1;
	st = sp->put[K_GATE];
	sqlite3_bind_int64(st, 12, sp->next[K_GATE]);
	bind_gate_key(st, g);
	bind_real(st, 9, g->score);
	sqlite3_bind_int64(st, 10, source);
	sqlite3_bind_int64(st, 11, g->line);
	if (sqlite3_step(st) != SQLITE_DONE) {
		dberr(ar, err, "storing gate event");
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	if (evno_put(ar, K_GATE, sp->next[K_GATE], g->gate, &g->evno, g->t,
	    err) == -1)
		return -1;
	sp->next[K_GATE]++;
	sp->added[K_GATE]++;
	vg_ar_dcount_add(ar, sp->id, g->gate, g->person.len > 0);
	bk_add(&SQ(ar)->bk, sp->id, g->gate, BUCKET(g->t), 1);
	if (g->result == VG_RES_GRANTED && g->direction == VG_DIR_IN)
		vg_ar_hours_add(ar, sp->id, g->gate, g->t, g->person.len > 0 ?
		    g->person.s : g->card.s, g->habit ? 0 : g->person.len > 0 ?
		    g->person.len : g->card.len);
	return 0;
}

/*
 * The rows of key that other files gave (*other) and this one (*mine),
 * in the spans about t: with rows before this import (old), or any.
 */
static int
twins(struct vg_archive *ar, int which, const char *sql, int64_t t, int old,
    int srcparam, int64_t source, void (*bind)(sqlite3_stmt *, const void *),
    const void *rec, int64_t *other, int64_t *mine)
{
	struct sq_archive	*sq = SQ(ar);
	struct span		*sp;
	sqlite3_stmt		*st;
	size_t			 i;
	int			 k = which == NKIND ? K_SIGHTING :
				    which == NKIND + 1 ? K_GATE : which;

	*other = *mine = 0;
	for (i = 0; i < sq->nspan; i++) {
		sp = &sq->span[i];
		if (t < sp->start || t >= sp->end || sp->rows[k] < old)
			continue;
		if (sp->same[which] == NULL && prepare_span(ar, sql, sp,
		    &sp->same[which]) == -1)
			return -1;
		st = sp->same[which];
		bind(st, rec);
		sqlite3_bind_int64(st, srcparam, source);
		if (sqlite3_step(st) == SQLITE_ROW) {
			*other += sqlite3_column_int64(st, 0);
			*mine += sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
	}
	return 0;
}

/* A gate event's key, and as ?20 its number (NULL if none). */
static void
bind_gate_twin(sqlite3_stmt *st, const void *rec)
{
	const struct vg_gate_rec	*g = rec;

	bind_gate_key(st, g);
	bind_str(st, 20, &g->evno);
}

/* What makes a sighting the one it is, as ?1, ?2, ?3, ?5, ?8 of inserts. */
static void
bind_sighting_key(sqlite3_stmt *st, const void *rec)
{
	const struct vg_sighting_rec	*s = rec;

	sqlite3_bind_int64(st, 1, s->camera);
	bind_str(st, 2, &s->track);
	sqlite3_bind_int64(st, 3, s->first);
	bind_code(st, 5, s->kind);
	bind_str(st, 8, &s->plate);
}

/*
 * Whether a gate event is one the archive holds from another file.  One
 * the gate numbered (g->evno) is, where an event of that gate, number
 * and second is held: INT_MAX.  Otherwise by content: the same gate,
 * instant, person, credential, card, plate, direction and result, but
 * not an event the gate numbered when this one has a number (two events
 * alike but numbered apart are two).  Counted: how many more of them
 * other files gave than this one stored (0: none), so that a file's
 * second of two identical records (two reads in one second) is kept
 * unless other files gave two.  Only spans with rows from before this
 * import are looked in by content.
 */
static int
sq_gate_twin(struct vg_archive *ar, const struct vg_gate_rec *g,
    int64_t source)
{
	int64_t	other, mine;

	if (g->evno.len > 0 && evno_seen(ar, g->gate, &g->evno, g->t))
		return INT_MAX;
	if (twins(ar, K_GATE, "SELECT total(source != ?10), total(source ="
	    " ?10) FROM gate_event@ WHERE t = ?1 AND gate = ?2 AND person IS ?3"
	    " AND credential = ?4 AND card IS ?5 AND plate IS ?6 AND direction"
	    " = ?7 AND result IS ?8 AND (?20 IS NULL OR NOT EXISTS (SELECT 1"
	    " FROM event_no WHERE kind = 0 AND row = gate_event@.id))", g->t, 1,
	    10, source, bind_gate_twin, g, &other, &mine) == -1)
		return 0;
	return other <= mine ? 0 : other - mine >= INT_MAX ? INT_MAX - 1 :
	    (int)(other - mine);
}

/*
 * Whether another file gave an event of this gate, instant and person
 * (a ZKTeco punch: the terminal keeps one a second); the file's own
 * repeats are for the importer to find.
 */
static int
sq_gate_seen(struct vg_archive *ar, const struct vg_gate_rec *g,
    int64_t source)
{
	int64_t	other, mine;

	if (twins(ar, NKIND + 1, "SELECT total(source != ?10), 0 FROM"
	    " gate_event@ WHERE t = ?1 AND gate = ?2 AND person IS ?3", g->t, 1,
	    10, source, bind_gate_twin, g, &other, &mine) == -1)
		return 0;
	return other > 0;
}

/* A sighting's key, and as ?20 its number (NULL if none). */
static void
bind_sighting_twin(sqlite3_stmt *st, const void *rec)
{
	const struct vg_sighting_rec	*s = rec;

	bind_sighting_key(st, s);
	bind_str(st, 20, &s->evno);
}

/*
 * Whether a vendor's sighting is one the archive holds.  One the camera
 * numbered (s->evno) is, where an event of that camera, number and
 * second is held.  Otherwise the same camera, first instant and kind,
 * and the same object: its plate when one was read, else its track (the
 * device's object id, with the rule or event that saw it); but not a
 * sighting the camera numbered when this one has a number.  With own,
 * a file's own repeat of a track at the same instant is one too (a
 * message sent twice); without, only other files' rows are looked for,
 * in the spans that held rows before this import.
 */
static int
sq_sighting_twin(struct vg_archive *ar, const struct vg_sighting_rec *s,
    int64_t source, int own)
{
	int64_t	other, mine;

	if (s->evno.len > 0 && evno_seen(ar, s->camera, &s->evno, s->first))
		return 1;
	if (s->plate.len > 0) {
		if (twins(ar, NKIND, "SELECT total(source != ?17),"
		    " total(source = ?17) FROM sighting@ WHERE camera = ?1 AND"
		    " first = ?3 AND kind IS ?5 AND plate = ?8 AND (?20 IS NULL"
		    " OR NOT EXISTS (SELECT 1 FROM event_no WHERE kind = 1 AND"
		    " row = sighting@.id))", s->first, 1, 17, source,
		    bind_sighting_twin, s, &other, &mine) == -1)
			return 0;
		if (other > 0)
			return 1;
	}
	if (twins(ar, K_SIGHTING, "SELECT total(source != ?17),"
	    " total(source = ?17) FROM sighting@ WHERE camera = ?1 AND"
	    " track = ?2 AND first = ?3 AND kind IS ?5 AND (?20 IS NULL OR NOT"
	    " EXISTS (SELECT 1 FROM event_no WHERE kind = 1 AND row ="
	    " sighting@.id))", s->first, !own, 17, source, bind_sighting_twin,
	    s, &other, &mine) == -1)
		return 0;
	return other > 0 || (own && mine > 0);
}

/*
 * The roster id of the one person the roster names so: 1 with the id in
 * buf, 0 when no one or several people have the name.
 */
static int
sq_person_named(struct vg_archive *ar, const char *name, char *buf,
    size_t size)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int			 n = 0;

	if (sqlite3_prepare_v2(sq->db, "SELECT id FROM person WHERE name = ?1"
	    " LIMIT 2", -1, &st, NULL) != SQLITE_OK)
		return 0;
	bind_cstr(st, 1, name);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (n++ == 0)
			snprintf(buf, size, "%s",
			    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return n == 1;
}

/*
 * Store a sighting.  Returns 1 and the line of the first when the file
 * already gave this camera this track.
 */
static int
sq_put_sighting(struct vg_archive *ar, const struct vg_sighting_rec *s,
    int64_t source, int64_t *dupline, struct vg_error *err)
{
	sqlite3_stmt	*st;
	struct span	*sp;
	int		 i, rc;

	if (s->emb != NULL && sq_embedding_dim(ar) == 0 &&
	    set_embedding_dim(ar, s->embdim, err) == -1)
		return -1;
	if ((sp = span_write(ar, K_SIGHTING, s->first, err)) == NULL)
		return -1;
	st = sp->put[K_SIGHTING];
	sqlite3_bind_int64(st, 19, sp->next[K_SIGHTING]);
	bind_sighting_key(st, s);
	sqlite3_bind_int64(st, 4, s->last);
	bind_str(st, 6, &s->person);
	bind_real(st, 7, s->score);
	bind_code(st, 9, s->upper);
	bind_code(st, 10, s->lower);
	bind_str(st, 11, &s->attrs);
	for (i = 0; i < 4; i++)
		bind_real(st, 12 + i, s->box[i]);
	if (s->emb == NULL)
		sqlite3_bind_null(st, 16);
	else
		sqlite3_bind_blob(st, 16, s->emb, (int)(s->embdim * 4),
		    SQLITE_STATIC);
	sqlite3_bind_int64(st, 17, source);
	sqlite3_bind_int64(st, 18, s->line);
	if ((rc = sqlite3_step(st)) == SQLITE_DONE) {
		sqlite3_reset(st);
		if (evno_put(ar, K_SIGHTING, sp->next[K_SIGHTING], s->camera,
		    &s->evno, s->first, err) == -1)
			return -1;
		if (sp->added[K_SIGHTING] > 0 && s->first < sp->lastfirst)
			sp->unordered = 1;
		sp->lastfirst = s->first;
		sp->next[K_SIGHTING]++;
		sp->added[K_SIGHTING]++;
		vg_ar_dcount_add(ar, sp->id, s->camera, s->person.len > 0);
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_CONSTRAINT_UNIQUE) {
		dberr(ar, err, "storing sighting");
		return -1;
	}
	if (prepare_span(ar, "SELECT line FROM sighting@ WHERE camera = ?1 AND"
	    " track = ?2 AND source = ?3", sp, &st) == -1) {
		dberr(ar, err, "storing sighting");
		return -1;
	}
	sqlite3_bind_int64(st, 1, s->camera);
	bind_str(st, 2, &s->track);
	sqlite3_bind_int64(st, 3, source);
	*dupline = sqlite3_step(st) == SQLITE_ROW ?
	    sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return 1;
}

static int
sq_sources(struct vg_archive *ar, vg_source_fn fn, void *arg,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	struct vg_source	 s;
	int			 rc = 0, step;

	if (sqlite3_prepare_v2(sq->db, "SELECT id, path, sha256, size, format,"
	    " imported, rows, rejected FROM source ORDER BY id", -1, &st,
	    NULL) != SQLITE_OK) {
		dberr(ar, err, "listing sources");
		return -1;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&s, 0, sizeof(s));
		s.id = sqlite3_column_int64(st, 0);
		s.path = (char *)sqlite3_column_text(st, 1);
		snprintf(s.sha256, sizeof(s.sha256), "%s",
		    (const char *)sqlite3_column_text(st, 2));
		s.size = (uint64_t)sqlite3_column_int64(st, 3);
		s.format = vg_ar_format_code((const char *)
		    sqlite3_column_text(st, 4));
		s.imported = sqlite3_column_int64(st, 5);
		s.rows = sqlite3_column_int64(st, 6);
		s.rejected = sqlite3_column_int64(st, 7);
		if ((rc = fn(&s, arg)) != 0)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		dberr(ar, err, "listing sources");
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

static const char *text_of(sqlite3_stmt *, int);

/*
 * The roster, in order of id, or only the people of one status (visitor)
 * when status is not NULL; fn returning nonzero stops.
 */
static int
sq_people(struct vg_archive *ar, const char *status,
    vg_person_fn fn, void *arg, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	struct vg_person	 p;
	int			 rc = 0, step;

	/* (apart: "?1 IS NULL OR" would read the roster whole for one) */
	if (sqlite3_prepare_v2(sq->db, status == NULL ? "SELECT id, name,"
	    " employer, dorm, status FROM person ORDER BY id" : "SELECT id,"
	    " name, employer, dorm, status FROM person WHERE status = ?1"
	    " ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
		dberr(ar, err, "listing the roster");
		return -1;
	}
	if (status != NULL)
		sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		p.id = text_of(st, 0);
		p.name = text_of(st, 1);
		p.employer = text_of(st, 2);
		p.dorm = text_of(st, 3);
		p.status = text_of(st, 4);
		if ((rc = fn(&p, arg)) != 0)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		dberr(ar, err, "listing the roster");
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

/* The site as stored, rebuilt from the archive's tables. */
static int
sq_site(struct vg_archive *ar, struct vg_site **out,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_site		*site;
	sqlite3_stmt		*st = NULL;
	size_t			 n;

	*out = NULL;
	site = xcalloc(1, sizeof(*site));
	if (sqlite3_prepare_v2(sq->db, "SELECT id, name, timezone FROM site",
	    -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	if (sqlite3_step(st) != SQLITE_ROW) {
		vg_error_set(err, "'%s': no site description imported",
		    ar->path);
		goto fail;
	}
	site->id = col_dup(st, 0);
	site->name = col_dup(st, 1);
	site->timezone = col_dup(st, 2);
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(sq->db, "SELECT id, name, ring, line, hours FROM"
	    " zone ORDER BY line, id", -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	for (n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
		struct vg_zone *z;

		site->zones = xreallocarray(site->zones, n + 1,
		    sizeof(*site->zones));
		z = &site->zones[n];
		z->id = col_dup(st, 0);
		z->name = col_dup(st, 1);
		z->ring = sqlite3_column_int(st, 2);
		z->line = sqlite3_column_int64(st, 3);
		z->hours = col_dup(st, 4);
		site->nzones = n + 1;
	}
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(sq->db, "SELECT id, name, zone, kind, x, y, line"
	    " FROM place ORDER BY line, id", -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	for (n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
		struct vg_place *p;

		site->places = xreallocarray(site->places, n + 1,
		    sizeof(*site->places));
		p = &site->places[n];
		p->id = col_dup(st, 0);
		p->name = col_dup(st, 1);
		p->zone = col_dup(st, 2);
		p->kind = col_dup(st, 3);
		p->x = sqlite3_column_double(st, 4);
		p->y = sqlite3_column_double(st, 5);
		p->line = sqlite3_column_int64(st, 6);
		site->nplaces = n + 1;
	}
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(sq->db, "SELECT code, type, name, zone, x, y,"
	    " kind, credentials, place, heading, face, recordings, ext, line,"
	    " gate FROM device ORDER BY line, code", -1, &st, NULL) !=
	    SQLITE_OK)
		goto dberror;
	for (n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
		struct vg_device *d;

		site->devices = xreallocarray(site->devices, n + 1,
		    sizeof(*site->devices));
		d = &site->devices[n];
		memset(d, 0, sizeof(*d));
		d->id = col_dup(st, 0);
		d->type = sqlite3_column_int(st, 1);
		d->name = col_dup(st, 2);
		d->zone = col_dup(st, 3);
		d->x = sqlite3_column_double(st, 4);
		d->y = sqlite3_column_double(st, 5);
		d->kind = col_dup(st, 6);
		d->creds = (unsigned)sqlite3_column_int(st, 7);
		d->place = col_dup(st, 8);
		d->heading = sqlite3_column_type(st, 9) == SQLITE_NULL ? NAN :
		    sqlite3_column_double(st, 9);
		d->face = sqlite3_column_int(st, 10);
		d->recordings = col_dup(st, 11);
		d->ext = col_dup(st, 12);
		d->line = sqlite3_column_int64(st, 13);
		d->gate = col_dup(st, 14);
		site->ndevices = n + 1;
	}
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(sq->db, "SELECT a.code, b.code, l.min, l.max,"
	    " l.directed, l.line FROM link l JOIN device a ON a.id = l.a"
	    " JOIN device b ON b.id = l.b ORDER BY l.line", -1, &st, NULL) !=
	    SQLITE_OK)
		goto dberror;
	for (n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
		struct vg_link *l;

		site->links = xreallocarray(site->links, n + 1,
		    sizeof(*site->links));
		l = &site->links[n];
		l->from = col_dup(st, 0);
		l->to = col_dup(st, 1);
		l->min = sqlite3_column_int(st, 2);
		l->max = sqlite3_column_int(st, 3);
		l->directed = sqlite3_column_int(st, 4);
		l->line = sqlite3_column_int64(st, 5);
		site->nlinks = n + 1;
	}
	sqlite3_finalize(st);
	*out = site;
	return 0;
dberror:
	dberr(ar, err, "reading site");
fail:
	sqlite3_finalize(st);
	vg_site_free(site);
	return -1;
}

/*
 * The devices a query is limited to, as a comma-separated list of row ids
 * in *list; 0 when the query does not limit devices, -1 on error (an
 * unknown device or zone is an error, not an empty answer).  With all,
 * a query that names no device gets the list of every device, so that a
 * window of time alone is read through the (device, time) indexes.
 */
static int
device_set(struct vg_archive *ar, const struct vg_query *q, int all,
    char **list, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st = NULL;
	struct vg_buf		 sql = { NULL, 0, 0 };
	struct vg_buf		 ids = { NULL, 0, 0 };
	long long		 ring = 0;
	double			 nx = 0, ny = 0;
	char			 b[VG_SHOWSZ];
	int			 rc = -1, step;

	*list = NULL;
	if (q->gate == NULL && q->camera == NULL && q->zone == NULL &&
	    q->near == NULL && !all)
		return 0;
	if (vg_ar_query_devices(ar, q, err) == -1)
		return -1;
	if (q->zone != NULL) {
		if (vg_strtonum(q->zone, 1, 5, &ring) != NULL)
			ring = 0;
		if (ring == 0) {
			if (sqlite3_prepare_v2(sq->db, "SELECT 1 FROM zone"
			    " WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
				goto dberror;
			sqlite3_bind_text(st, 1, q->zone, -1, SQLITE_STATIC);
			step = sqlite3_step(st);
			sqlite3_finalize(st);
			st = NULL;
			if (step != SQLITE_ROW) {
				vg_error_set(err, "unknown zone '%s' (a ring"
				    " 1-5, or a zone vigil site -s zones lists)",
				    vg_show(q->zone, strlen(q->zone), b,
				    sizeof(b)));
				return -1;
			}
		}
	}
	if (q->near != NULL) {
		if (sqlite3_prepare_v2(sq->db, "SELECT x, y FROM place WHERE"
		    " id = ?1 UNION ALL SELECT x, y FROM device WHERE code = ?1",
		    -1, &st, NULL) != SQLITE_OK)
			goto dberror;
		sqlite3_bind_text(st, 1, q->near, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			vg_error_set(err, "unknown place '%s' (a device, or a"
			    " place vigil site -s places lists)",
			    vg_show(q->near, strlen(q->near), b, sizeof(b)));
			goto out;
		}
		nx = sqlite3_column_double(st, 0);
		ny = sqlite3_column_double(st, 1);
		sqlite3_finalize(st);
		st = NULL;
	}

	vg_buf_fmt(&sql, "SELECT d.id FROM device d WHERE 1");
	if (q->gate != NULL && q->camera != NULL)
		vg_buf_fmt(&sql, " AND d.code IN (?1, ?2)");
	else if (q->gate != NULL)
		vg_buf_fmt(&sql, " AND d.code = ?1");
	else if (q->camera != NULL)
		vg_buf_fmt(&sql, " AND d.code = ?2");
	if (q->zone != NULL && ring != 0)
		vg_buf_fmt(&sql, " AND d.zone IN (SELECT id FROM zone"
		    " WHERE ring = ?3)");
	else if (q->zone != NULL)
		vg_buf_fmt(&sql, " AND d.zone = ?4");
	if (q->near != NULL)
		vg_buf_fmt(&sql, " AND (d.x - ?5) * (d.x - ?5) + (d.y - ?6) *"
		    " (d.y - ?6) <= ?7 * ?7");
	vg_buf_fmt(&sql, " ORDER BY d.id");
	if (sqlite3_prepare_v2(sq->db, sql.s, -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	bind_cstr(st, 1, q->gate);
	bind_cstr(st, 2, q->camera);
	sqlite3_bind_int64(st, 3, ring);
	bind_cstr(st, 4, q->zone);
	sqlite3_bind_double(st, 5, nx);
	sqlite3_bind_double(st, 6, ny);
	sqlite3_bind_double(st, 7, q->radius);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		vg_buf_fmt(&ids, "%s%lld", ids.len ? "," : "",
		    (long long)sqlite3_column_int64(st, 0));
	if (step != SQLITE_DONE)
		goto dberror;
	*list = ids.s != NULL ? ids.s : xstrdup("");
	ids.s = NULL;
	rc = 1;
	goto out;
dberror:
	dberr(ar, err, "query");
out:
	sqlite3_finalize(st);
	free(sql.s);
	free(ids.s);
	return rc;
}

/*
 * A person, card or plate a query names must be known to the archive: on
 * the roster or in a log (through the indexes on each), as an unknown
 * camera or gate is an error rather than an empty answer.
 */
static int
subjects_known(struct vg_archive *ar, const struct vg_query *q,
    struct vg_error *err)
{
	static const struct {
		const char	*what;	/* the filter, in the message */
		const char	*sql;	/* a row if the roster knows it */
		const char	*tmpl[NKIND]; /* a row if a span's logs do */
	} f[] = {
		{ "person", "SELECT 1 FROM person WHERE id = ?1",
		    { "SELECT 1 FROM gate_event@ WHERE person = ?1",
		    "SELECT 1 FROM sighting@ WHERE person = ?1" } },
		{ "card", "SELECT 1 FROM card WHERE card = ?1",
		    { "SELECT 1 FROM gate_event@ WHERE card = ?1", NULL } },
		{ "plate", "SELECT 1 FROM plate WHERE plate = ?1",
		    { "SELECT 1 FROM gate_event@ WHERE plate = ?1",
		    "SELECT 1 FROM sighting@ WHERE plate = ?1" } },
	};
	struct sq_archive	*sq = SQ(ar);
	const char		*vals[] = { q->person, q->card, q->plate }, *v;
	sqlite3_stmt		*st;
	char			 b[VG_SHOWSZ];
	size_t			 i, lo, hi;
	int			 step;

	if (spans_fresh(ar, err) == -1)
		return -1;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if ((v = vals[i]) == NULL)
			continue;
		if (prepare_cached(ar, f[i].sql, &st) == -1) {
			dberr(ar, err, "query");
			return -1;
		}
		/*
		 * Then the spans, newest first, SUBJECT_SPANS a statement
		 * (not the views of every span: preparing those cost more
		 * than the query), until one holds it.
		 */
		for (hi = sq->nspan;; hi = lo) {
			if (st != NULL) {
				sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
				step = sqlite3_step(st);
				stmt_done(ar, st);
				if (step == SQLITE_ROW)
					break;
				if (step != SQLITE_DONE) {
					dberr(ar, err, "query");
					return -1;
				}
			}
			if (hi == 0) {
				vg_error_set(err, "unknown %s '%s': not on the"
				    " roster nor in any log%s", f[i].what,
				    vg_show(v, strlen(v), b, sizeof(b)),
				    strcmp(f[i].what, "person") == 0 ?
				    " (vigil site -s people lists the roster)" :
				    "");
				return -1;
			}
			lo = hi > SUBJECT_SPANS ? hi - SUBJECT_SPANS : 0;
			if (spans_prepare(ar, 1 << K_GATE |
			    (f[i].tmpl[K_SIGHTING] != NULL ? 1 << K_SIGHTING :
			    0), f[i].tmpl, lo, hi, VG_TIME_NONE, VG_TIME_NONE,
			    " LIMIT 1", &st, err, "query") == -1)
				return -1;
		}
	}
	return 0;
}

static const char *
name_of(const char *const *names, sqlite3_stmt *st, int col)
{
	int	v, n;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	v = sqlite3_column_int(st, col);
	/* (counted only as far as v: a lean read names seven a row) */
	for (n = 0; n <= v && names[n] != NULL; n++)
		;
	return v >= 0 && v < n && *names[v] != '\0' ? names[v] : NULL;
}

static const char *
text_of(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/*
 * Reading across spans.  A read is cut into windows of its sort key (the
 * clock-corrected time), each read by one statement over the spans whose
 * rows may fall in it (a span holds rows by raw time, and corrections
 * move them by up to pad), at most SPAN_TERMS spans a statement; the
 * windows follow each other in time, so that their rows, each in order,
 * are all in order.
 */
struct win {
	int64_t		 a;		/* keys from a, or VG_TIME_NONE */
	int64_t		 b;		/* to before b, or VG_TIME_NONE */
};

/*
 * The windows of keys lo..hi (VG_TIME_NONE: open) of rows of the kinds
 * (bits 1 << K_*) in the spans, keys up to pad from raw times.
 */
static size_t
windows(struct vg_archive *ar, int kinds, int64_t lo, int64_t hi,
    int64_t pad, struct win **out)
{
	struct sq_archive	*sq = SQ(ar);
	struct win		*w = NULL;
	size_t			 i, n = 0, in = 0;
	int64_t			 rlo, rhi;
	int			 k, use;

	rlo = lo == VG_TIME_NONE ? VG_TIME_NONE : lo - pad;
	rhi = hi == VG_TIME_NONE ? VG_TIME_NONE : hi + pad;
	w = xcalloc(1, sizeof(*w));
	w[0].a = w[0].b = VG_TIME_NONE;
	for (i = 0; i < sq->nspan; i++) {
		for (use = 0, k = 0; k < NKIND; k++)
			use |= (kinds & 1 << k) && span_in(&sq->span[i], k,
			    rlo, rhi);
		if (!use || sq->span[i].id == 0)
			continue;
		/* a new window begins where every SPAN_TERMS-th span does */
		if (in++ == SPAN_TERMS - 2) {
			in = 1;
			w[n].b = sq->span[i].start;
			w = xreallocarray(w, ++n + 1, sizeof(*w));
			w[n].a = sq->span[i].start;
			w[n].b = VG_TIME_NONE;
		}
	}
	*out = w;
	return n + 1;
}

/*
 * Whether span sp may hold rows of kind k with keys in window w and in
 * the query q's from..to (a track seen in it began up to an hour before).
 */
static int
span_in_win(const struct span *sp, int k, const struct win *w, int64_t pad,
    const struct vg_query *q)
{
	int64_t	lo, hi;

	lo = w->a == VG_TIME_NONE ? VG_TIME_NONE : w->a - pad;
	hi = w->b == VG_TIME_NONE ? VG_TIME_NONE : w->b + pad;
	if (q->from != VG_TIME_NONE) {
		int64_t	f = q->from - pad - (k == K_SIGHTING ? 3600000000LL : 0);

		if (lo == VG_TIME_NONE || f > lo)
			lo = f;
	}
	if (q->to != VG_TIME_NONE && (hi == VG_TIME_NONE || q->to + pad < hi))
		hi = q->to + pad;
	return span_in(sp, k, lo, hi);
}

#define MAXCARDS	8	/* a person's cards bound as parameters */
#define CARD_PARAM	30	/* the first of them */
#define IDS_PARAM	40	/* the row ids a query is limited to (and
				   the track, after) */

/* What a query reads, worked out once for all its windows. */
struct qplan {
	int		 kinds;		/* VG_ROW_* */
	char		*devs;		/* device row ids, comma-separated */
	int		 limited;	/* devs limits the rows */
	int64_t		 pad;		/* the largest clock correction */
	struct win	*win;		/* its windows */
	size_t		 nwin;		/* how many */
	char		*plates;	/* the plates matching platelike read
					   now, a JSON array */
	char		*cards[MAXCARDS]; /* the person's cards on the roster */
	size_t		 ncards;	/* how many; more than MAXCARDS: read
					   by a subquery in each span */
};

static void
qplan_free(struct qplan *p)
{
	size_t	i;

	for (i = 0; i < p->ncards && i < MAXCARDS; i++)
		free(p->cards[i]);
	free(p->devs);
	free(p->win);
	free(p->plates);
}

/* The cards the roster gives the person a query names, into p. */
static int
person_cards(struct vg_archive *ar, const struct vg_query *q, struct qplan *p,
    struct vg_error *err)
{
	sqlite3_stmt	*st;
	int		 step;

	if (q->person == NULL)
		return 0;
	if (prepare_cached(ar, "SELECT card FROM card WHERE person = ?1"
	    " ORDER BY card", &st) == -1) {
		dberr(ar, err, "query");
		return -1;
	}
	sqlite3_bind_text(st, 1, q->person, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && p->ncards <=
	    MAXCARDS) {
		if (p->ncards < MAXCARDS)
			p->cards[p->ncards] = col_dup(st, 0);
		p->ncards++;
	}
	stmt_done(ar, st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		dberr(ar, err, "query");
		return -1;
	}
	return 0;
}

/*
 * The condition on a span's gate events (g) of a query naming a person:
 * theirs, or a badge of theirs read without a name.
 */
static void
person_term(struct vg_buf *sql, const struct qplan *p)
{
	size_t	i;

	if (p->ncards == 0) {
		vg_buf_fmt(sql, " AND g.person = ?1");
		return;
	}
	vg_buf_fmt(sql, " AND (g.person = ?1 OR (g.person IS NULL AND g.card");
	if (p->ncards > MAXCARDS) {
		vg_buf_fmt(sql, " IN (SELECT card FROM card WHERE person = ?1)))");
		return;
	}
	for (i = 0; i < p->ncards; i++)
		vg_buf_fmt(sql, "%s?%d", i ? ", " : " IN (",
		    CARD_PARAM + (int)i);
	vg_buf_fmt(sql, ")))");
}

/*
 * The conditions on the clock-corrected time of rows (the key, at),
 * outside the spans' terms: from..to (without q) and the window's.
 */
static void
corrected_terms(struct vg_buf *sql, const struct vg_query *q,
    const struct win *w, const char *at)
{
	if (q != NULL && q->from != VG_TIME_NONE)
		vg_buf_fmt(sql, " AND %s - coalesce(c.offset, 0) >= ?4", at);
	if (q != NULL && q->to != VG_TIME_NONE)
		vg_buf_fmt(sql, " AND %s - coalesce(c.offset, 0) <= ?5", at);
	if (w->a != VG_TIME_NONE)
		vg_buf_fmt(sql, " AND %s - coalesce(c.offset, 0) >= ?7", at);
	if (w->b != VG_TIME_NONE)
		vg_buf_fmt(sql, " AND %s - coalesce(c.offset, 0) < ?8", at);
}

/*
 * A query's plan; with known, the person, card or plate it names checked
 * first (vg_query_run checks them only when it found no row).
 */
static int
query_plan(struct vg_archive *ar, const struct vg_query *q, int known,
    struct qplan *p, struct vg_error *err)
{
	int	kinds;

	memset(p, 0, sizeof(*p));
	kinds = q->kinds != 0 ? q->kinds : VG_ROW_GATE | VG_ROW_SIGHTING;
	if (q->card != NULL)
		kinds &= VG_ROW_GATE;		/* only gates read badges */
	if (q->gate != NULL && q->camera == NULL)
		kinds &= VG_ROW_GATE;
	if (q->camera != NULL && q->gate == NULL)
		kinds &= VG_ROW_SIGHTING;
	if (q->upper != 0 || q->lower != 0 || q->nattr > 0)
		kinds &= VG_ROW_SIGHTING;	/* only sightings have a look */
	if (known && subjects_known(ar, q, err) == -1)
		return -1;
	p->kinds = kinds;
	if (spans_fresh(ar, err) == -1)
		return -1;
	if ((p->limited = device_set(ar, q, q->person == NULL &&
	    q->card == NULL && q->plate == NULL && (q->from != VG_TIME_NONE ||
	    q->to != VG_TIME_NONE), &p->devs, err)) == -1)
		return -1;
	if (person_cards(ar, q, p, err) == -1)
		return -1;
	p->pad = pragma_int(ar, "SELECT coalesce(max(abs(offset)), 0) FROM"
	    " clock_correction");
	/* a sighting overlapping the window began up to an hour before it */
	p->nwin = windows(ar, ((kinds & VG_ROW_GATE) ? 1 << K_GATE : 0) |
	    ((kinds & VG_ROW_SIGHTING) ? 1 << K_SIGHTING : 0),
	    q->from == VG_TIME_NONE ? VG_TIME_NONE : q->from -
	    ((kinds & VG_ROW_SIGHTING) ? 3600000000LL : 0), q->to, p->pad,
	    &p->win);
	return 0;
}

#define MAXATTR		16	/* attributes a query may require */

/* A query's conditions on the look of sightings (v). */
static void
look_terms(struct vg_buf *sql, const struct vg_query *q)
{
	const char	*sep = "";
	size_t		 i;
	int		 k;

	if (q->objects != 0) {
		vg_buf_fmt(sql, " AND v.kind IN (");
		for (k = VG_OBJ_PERSON; k <= VG_OBJ_VEHICLE; k++)
			if (q->objects & 1 << k) {
				vg_buf_fmt(sql, "%s%d", sep, k);
				sep = ",";
			}
		vg_buf_fmt(sql, ")");
	}
	if (q->upper != 0)
		vg_buf_fmt(sql, " AND v.upper = %d", q->upper);
	if (q->lower != 0)
		vg_buf_fmt(sql, " AND v.lower = %d", q->lower);
	for (i = 0; i < q->nattr && i < MAXATTR; i++)
		vg_buf_fmt(sql, " AND instr(';' || lower(replace(v.attrs, ' ',"
		    " '')) || ';', ';' || lower(?%d) || ';') > 0", 10 + (int)i);
}

/*
 * The statement of a query's window w; with count, one that counts the
 * rows that begin (are first seen) within from..to.  *st is NULL when
 * no span may hold its rows.
 *
 * Each kind's spans are read by bare terms (the span's own columns, its
 * indexes), joined by UNION ALL into one subquery, and the devices,
 * files, corrections and names are joined once outside it: joined in
 * every term, preparing the statement cost more than running it (issue
 * 16: 38 of a vigil-query's 56 M instructions on 30 spans).  OFFSET 0
 * keeps SQLite from copying the joins into each term again, and CROSS
 * JOIN keeps the subquery outermost, read as it is produced (a
 * co-routine), not stored first.
 */
static int
query_prepare(struct vg_archive *ar, const struct vg_query *q,
    const struct qplan *p, const struct win *w, int count, int64_t limit,
    sqlite3_stmt **stp, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_buf		 sql = { NULL, 0, 0 };
	sqlite3_stmt		*st = NULL;
	size_t			 i;
	int			 rc = -1, terms = 0, kinds = 0;

	*stp = NULL;
	for (i = 0; i < sq->nspan && (p->kinds & VG_ROW_GATE); i++) {
		if (!span_in_win(&sq->span[i], K_GATE, w, p->pad, q))
			continue;
		if (terms++ == 0)
			vg_buf_fmt(&sql, "SELECT 1, g.t - coalesce(c.offset, 0)"
			    " AS t, NULL, d.code, d.zone, NULL, g.person,"
			    " p.name, g.credential, g.card, g.plate,"
			    " g.direction, g.result, NULL, NULL, NULL, NULL,"
			    " g.score, s.path, g.line, c.offset, NULL FROM (");
		else
			vg_buf_fmt(&sql, " UNION ALL ");
		vg_buf_fmt(&sql, "SELECT g.t, g.gate, g.person, g.credential,"
		    " g.card, g.plate, g.direction, g.result, g.score,"
		    " g.source, g.line FROM gate_event%s g WHERE 1",
		    sq->span[i].suffix);
		if (p->limited)
			vg_buf_fmt(&sql, " AND g.gate IN (%s)", p->devs);
		if (q->person != NULL)
			person_term(&sql, p);
		if (q->card != NULL)
			vg_buf_fmt(&sql, " AND g.card = ?2");
		if (q->plate != NULL)
			vg_buf_fmt(&sql, " AND g.plate = ?3");
		if (q->platelike != NULL)
			vg_buf_fmt(&sql, " AND g.plate IN (SELECT value FROM"
			    " json_each(?9))");
		/* the index finds raw times, the corrected ones outside */
		if (q->from != VG_TIME_NONE)
			vg_buf_fmt(&sql, " AND g.t >= ?4 - ?6");
		if (q->to != VG_TIME_NONE)
			vg_buf_fmt(&sql, " AND g.t <= ?5 + ?6");
		if (w->a != VG_TIME_NONE)
			vg_buf_fmt(&sql, " AND g.t >= ?7 - ?6");
		if (w->b != VG_TIME_NONE)
			vg_buf_fmt(&sql, " AND g.t < ?8 + ?6");
		if (q->strangers)
			vg_buf_fmt(&sql, " AND g.credential = %d", VG_CR_FACE);
	}
	if (terms > 0) {
		kinds++;
		vg_buf_fmt(&sql, " LIMIT -1 OFFSET 0) g"
		    " CROSS JOIN device d ON d.id = g.gate"
		    " JOIN source s ON s.id = g.source"
		    " LEFT JOIN clock_correction c ON c.device = d.id"
		    " LEFT JOIN person p ON p.id = g.person WHERE 1");
		corrected_terms(&sql, q, w, "g.t");
		if (q->strangers)
			vg_buf_fmt(&sql, " AND p.id IS NULL");
	}
	for (i = 0, terms = 0; i < sq->nspan && (p->kinds & VG_ROW_SIGHTING);
	    i++) {
		if (!span_in_win(&sq->span[i], K_SIGHTING, w, p->pad, q))
			continue;
		if (terms++ == 0)
			vg_buf_fmt(&sql, "%sSELECT 2, v.first - coalesce(c.offset,"
			    " 0) AS t, v.last - coalesce(c.offset, 0), d.code,"
			    " d.zone, v.track, v.person, p.name, NULL, NULL,"
			    " v.plate, NULL, NULL, v.kind, v.upper, v.lower,"
			    " v.attrs, v.score, s.path, v.line, c.offset,"
			    " v.embedding FROM (", kinds ? " UNION ALL " : "");
		else
			vg_buf_fmt(&sql, " UNION ALL ");
		vg_buf_fmt(&sql, "SELECT v.first, v.last, v.camera, v.track,"
		    " v.person, v.plate, v.kind, v.upper, v.lower, v.attrs,"
		    " v.score, v.source, v.line, %s AS embedding FROM"
		    " sighting%s v WHERE 1", q->vectors ? "v.embedding" :
		    "NULL", sq->span[i].suffix);
		if (p->limited)
			vg_buf_fmt(&sql, " AND v.camera IN (%s)", p->devs);
		if (q->person != NULL)
			vg_buf_fmt(&sql, " AND v.person = ?1");
		if (q->plate != NULL)
			vg_buf_fmt(&sql, " AND v.plate = ?3");
		if (q->platelike != NULL)
			vg_buf_fmt(&sql, " AND v.plate IN (SELECT value FROM"
			    " json_each(?9))");
		look_terms(&sql, q);
		if (q->ids != NULL)
			vg_buf_fmt(&sql, " AND v.id IN (SELECT value FROM"
			    " json_each(?%d))", IDS_PARAM);
		if (q->track != NULL)
			vg_buf_fmt(&sql, " AND v.track = ?%d", IDS_PARAM + 1);
		/* a track overlapping the window; tracks last under an hour */
		if (q->from != VG_TIME_NONE)
			vg_buf_fmt(&sql, " AND v.first >= ?4 - 3600000000 - ?6");
		if (q->to != VG_TIME_NONE)
			vg_buf_fmt(&sql, " AND v.first <= ?5 + ?6");
		if (w->a != VG_TIME_NONE)
			vg_buf_fmt(&sql, " AND v.first >= ?7 - ?6");
		if (w->b != VG_TIME_NONE)
			vg_buf_fmt(&sql, " AND v.first < ?8 + ?6");
	}
	if (terms > 0) {
		kinds++;
		vg_buf_fmt(&sql, " LIMIT -1 OFFSET 0) v"
		    " CROSS JOIN device d ON d.id = v.camera"
		    " JOIN source s ON s.id = v.source"
		    " LEFT JOIN clock_correction c ON c.device = d.id"
		    " LEFT JOIN person p ON p.id = v.person WHERE 1");
		if (q->from != VG_TIME_NONE)
			vg_buf_fmt(&sql, " AND v.last - coalesce(c.offset, 0)"
			    " >= ?4");
		if (q->to != VG_TIME_NONE)
			vg_buf_fmt(&sql, " AND v.first - coalesce(c.offset, 0)"
			    " <= ?5");
		corrected_terms(&sql, NULL, w, "v.first");
		if (q->strangers)
			vg_buf_fmt(&sql, " AND p.id IS NULL AND (v.kind = %d OR"
			    " (d.face = 1 AND v.kind IS NOT %d))", VG_OBJ_FACE,
			    VG_OBJ_VEHICLE);
	}
	if (kinds == 0) {
		rc = 0;
		goto out;
	}
	if (count) {
		char	*inner = sql.s;

		sql.s = NULL;
		sql.len = sql.cap = 0;
		vg_buf_fmt(&sql, "SELECT count(*) FROM (%s) WHERE 1", inner);
		if (q->from != VG_TIME_NONE)
			vg_buf_fmt(&sql, " AND t >= ?4");
		free(inner);
	} else {
		vg_buf_fmt(&sql, " ORDER BY 2, 1, 4, 19, 20");
		if (limit > 0)
			vg_buf_fmt(&sql, " LIMIT %lld", (long long)limit);
	}

	if (prepare_cached(ar, sql.s, &st) == -1)
		goto dberror;
	bind_cstr(st, 1, q->person);
	bind_cstr(st, 2, q->card);
	bind_cstr(st, 3, q->plate);
	if (q->from != VG_TIME_NONE)
		sqlite3_bind_int64(st, 4, q->from);
	if (q->to != VG_TIME_NONE)
		sqlite3_bind_int64(st, 5, q->to);
	sqlite3_bind_int64(st, 6, p->pad);
	if (w->a != VG_TIME_NONE)
		sqlite3_bind_int64(st, 7, w->a);
	if (w->b != VG_TIME_NONE)
		sqlite3_bind_int64(st, 8, w->b);
	bind_cstr(st, 9, p->plates);
	for (i = 0; i < q->nattr && i < MAXATTR; i++)
		bind_cstr(st, 10 + (int)i, q->attrs[i]);
	/* more than MAXCARDS: read through the roster, none bound */
	for (i = 0; p->ncards <= MAXCARDS && i < p->ncards; i++)
		bind_cstr(st, CARD_PARAM + (int)i, p->cards[i]);
	if (q->ids != NULL) {
		struct vg_buf	ids = { NULL, 0, 0 };

		for (i = 0; i < q->nids; i++)
			vg_buf_fmt(&ids, "%s%lld", i ? "," : "[",
			    (long long)q->ids[i]);
		vg_buf_fmt(&ids, "%s]", q->nids ? "" : "[");
		sqlite3_bind_text(st, IDS_PARAM, ids.s, -1, free);
	}
	bind_cstr(st, IDS_PARAM + 1, q->track);
	*stp = st;
	rc = 0;
	goto out;
dberror:
	dberr(ar, err, "query");
	stmt_done(ar, st);
out:
	free(sql.s);
	return rc;
}

/*
 * The distinct plates read in the spans the query's time may touch that
 * match its pattern, nearest first: read through the plate indexes.
 */
static int
plate_matches(struct vg_archive *ar, const struct vg_query *q,
    const struct qplan *p, struct vg_pmatch **out, size_t *nout,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_pmatch	*m = NULL;
	sqlite3_stmt		*st;
	char			*sql;
	const char		*plate;
	size_t			 i, j, n = 0, cap = 0;
	int64_t			 lo, hi;
	double			 d;
	int			 k;

	lo = q->from == VG_TIME_NONE ? VG_TIME_NONE : q->from - p->pad -
	    3600000000LL;
	hi = q->to == VG_TIME_NONE ? VG_TIME_NONE : q->to + p->pad;
	for (i = 0; i < sq->nspan; i++)
		for (k = 0; k < NKIND; k++) {
			if (!(p->kinds & (k == K_GATE ? VG_ROW_GATE :
			    VG_ROW_SIGHTING)) || !span_in(&sq->span[i], k, lo,
			    hi))
				continue;
			xasprintf(&sql, "SELECT DISTINCT plate FROM %s%s"
			    " WHERE plate IS NOT NULL", kind_table[k],
			    sq->span[i].suffix);
			if (sqlite3_prepare_v2(sq->db, sql, -1, &st, NULL) !=
			    SQLITE_OK) {
				free(sql);
				goto dberror;
			}
			free(sql);
			while (sqlite3_step(st) == SQLITE_ROW) {
				plate = text_of(st, 0);
				d = vg_plate_distance(q->platelike, plate,
				    q->plateerrs);
				if (isnan(d))
					continue;
				if (n == cap) {
					cap = cap ? cap * 2 : 16;
					m = xreallocarray(m, cap, sizeof(*m));
				}
				m[n].d = d;
				m[n++].plate = xstrdup(plate);
			}
			if (sqlite3_finalize(st) != SQLITE_OK)
				goto dberror;
		}
	if (n > 0)
		vg_qsort(m, n, sizeof(*m), vg_pmatch_cmp);
	/* one of each plate: gates and cameras read the same ones */
	for (i = j = 0; i < n; i++) {
		if (j > 0 && strcmp(m[j - 1].plate, m[i].plate) == 0) {
			free(m[i].plate);
			continue;
		}
		m[j++] = m[i];
	}
	*out = m;
	*nout = j;
	return 0;
dberror:
	dberr(ar, err, "reading plates");
	for (i = 0; i < n; i++)
		free(m[i].plate);
	free(m);
	return -1;
}

/* The first value of sql with ?1 bound to v, or -1. */
static int64_t
pragma_text_int(struct vg_archive *ar, const char *sql, const char *v)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int64_t			 r = -1;

	if (sqlite3_prepare_v2(sq->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		r = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return r;
}

/* Plates as a JSON array of strings, for json_each. */
static char *
json_strings(const struct vg_pmatch *m, size_t n)
{
	struct vg_buf		 b = { NULL, 0, 0 };
	const unsigned char	*c;
	size_t			 i;

	vg_buf_add(&b, "[", 1);
	for (i = 0; i < n; i++) {
		vg_buf_add(&b, i ? ",\"" : "\"", i ? 2 : 1);
		for (c = (const unsigned char *)m[i].plate; *c; c++)
			if (*c == '"' || *c == '\\')
				vg_buf_fmt(&b, "\\%c", *c);
			else if (*c < 0x20)
				vg_buf_fmt(&b, "\\u%04x", *c);
			else
				vg_buf_add(&b, (const char *)c, 1);
		vg_buf_add(&b, "\"", 1);
	}
	vg_buf_add(&b, "]", 1);
	return b.s;
}

/* n floats stored little-endian at b, into v. */
static void
vec_decode(const unsigned char *b, size_t n, float *v)
{
	size_t		i;
	uint32_t	u;

	for (i = 0; i < n; i++) {
		u = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 |
		    (uint32_t)b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
		memcpy(&v[i], &u, sizeof(float));
	}
}

static int query_windows(struct vg_archive *, const struct vg_query *,
    struct qplan *, double, int64_t *, vg_row_fn, void *, struct vg_error *);

/*
 * Run a query: gate events and sightings together, in time order, each
 * with its source file and line.  Filters combine with AND; a gate and a
 * camera together select both devices.  Rows stream window by window.
 */
static int
sq_query_run(struct vg_archive *ar, const struct vg_query *q, vg_row_fn fn,
    void *arg, struct vg_error *err)
{
	struct qplan	 p;
	struct vg_pmatch	*m = NULL;
	size_t		 i, j, nm = 0;
	int64_t		 n = 0;
	int		 rc = -1, r;

	if (query_plan(ar, q, 0, &p, err) == -1)
		goto out;
	if (p.kinds == 0) {
		rc = 0;
		goto out;
	}
	if (q->platelike == NULL) {
		rc = query_windows(ar, q, &p, NAN, &n, fn, arg, err) == -1 ?
		    -1 : 0;
		goto out;
	}
	/* a pattern: the plates nearest it first, each group in time */
	if (plate_matches(ar, q, &p, &m, &nm, err) == -1)
		goto out;
	if (nm == 0 && strpbrk(q->platelike, "?*") == NULL &&
	    q->from == VG_TIME_NONE && q->to == VG_TIME_NONE &&
	    pragma_text_int(ar, "SELECT 1 FROM plate WHERE plate = ?1",
	    q->platelike) != 1) {
		char	b[VG_SHOWSZ];

		vg_error_set(err, "unknown plate '%s': not on the roster nor"
		    " in any log", vg_show(q->platelike, strlen(q->platelike),
		    b, sizeof(b)));
		goto out;
	}
	for (i = 0; i < nm; i = j) {
		for (j = i + 1; j < nm && m[j].d == m[i].d; j++)
			;
		free(p.plates);
		p.plates = json_strings(m + i, j - i);
		if ((r = query_windows(ar, q, &p, m[i].d, &n, fn, arg,
		    err)) == -1)
			goto out;
		if (r == 1)
			break;
	}
	rc = 0;
out:
	/* no row: a subject no log and no roster knows is an error */
	if (rc == 0 && n == 0 && subjects_known(ar, q, err) == -1)
		rc = -1;
	for (i = 0; i < nm; i++)
		free(m[i].plate);
	free(m);
	qplan_free(&p);
	return rc;
}

/*
 * Read the plan's windows in turn, rows at distance d from a plate
 * pattern (NAN: none), *n rows so far: 1 when fn or the limit stopped
 * the read, 0 at its end, -1 on failure.
 */
static int
query_windows(struct vg_archive *ar, const struct vg_query *q,
    struct qplan *pp, double d, int64_t *np, vg_row_fn fn, void *arg,
    struct vg_error *err)
{
	const struct qplan *p = pp;
	sqlite3_stmt	*st;
	struct vg_row	 r;
	int64_t		 n = *np;
	float		*vbuf = NULL;
	size_t		 w, nv, vcap = 0;
	int		 rc = -1, step = SQLITE_DONE;

	for (w = 0; w < p->nwin; w++) {
		if (q->limit > 0 && n >= q->limit) {
			rc = 1;
			goto out;
		}
		if (query_prepare(ar, q, p, &p->win[w], 0, q->limit > 0 ?
		    q->limit - n : 0, &st, err) == -1)
			goto out;
		if (st == NULL)
			continue;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			memset(&r, 0, sizeof(r));
			r.type = sqlite3_column_int(st, 0);
			r.t = sqlite3_column_int64(st, 1);
			r.last = sqlite3_column_type(st, 2) == SQLITE_NULL ?
			    VG_TIME_NONE : sqlite3_column_int64(st, 2);
			r.device = text_of(st, 3);
			r.zone = text_of(st, 4);
			r.track = text_of(st, 5);
			r.person = text_of(st, 6);
			r.name = text_of(st, 7);
			r.credential = name_of(vg_credential_names, st, 8);
			r.card = text_of(st, 9);
			r.plate = text_of(st, 10);
			r.direction = name_of(vg_direction_names, st, 11);
			r.result = name_of(vg_result_names, st, 12);
			r.kind = name_of(vg_objkind_names, st, 13);
			r.upper = name_of(vg_colour_names, st, 14);
			r.lower = name_of(vg_colour_names, st, 15);
			r.attrs = text_of(st, 16);
			r.score = sqlite3_column_type(st, 17) == SQLITE_NULL ?
			    NAN : sqlite3_column_double(st, 17);
			r.source = text_of(st, 18);
			r.line = sqlite3_column_int64(st, 19);
			r.offset = sqlite3_column_type(st, 20) == SQLITE_NULL ?
			    VG_TIME_NONE : sqlite3_column_int64(st, 20);
			r.distance = d;
			r.similarity = NAN;
			if (sqlite3_column_type(st, 21) == SQLITE_BLOB &&
			    (nv = (size_t)sqlite3_column_bytes(st, 21) / 4) >
			    0) {
				if (nv > vcap) {
					vcap = nv;
					vbuf = xreallocarray(vbuf, vcap,
					    sizeof(*vbuf));
				}
				vec_decode(sqlite3_column_blob(st, 21), nv, vbuf);
				r.vec = vbuf;
				r.nvec = nv;
			}
			n++;
			if (fn(&r, arg) != 0) {
				stmt_done(ar, st);
				rc = 1;
				goto out;
			}
		}
		stmt_done(ar, st);
		if (step != SQLITE_DONE) {
			dberr(ar, err, "query");
			goto out;
		}
	}
	rc = 0;
out:
	free(vbuf);
	*np = n;
	return rc;
}

/*
 * How many rows a query gives that begin within its from..to (a sighting
 * first seen before from but still seen after it is not counted), without
 * reading them: for "row 40 of 1,200".
 */
static int
sq_query_count(struct vg_archive *ar, const struct vg_query *q, int64_t *n,
    struct vg_error *err)
{
	struct qplan	 p;
	sqlite3_stmt	*st;
	size_t		 w;
	int		 rc = -1;

	*n = 0;
	if (query_plan(ar, q, 1, &p, err) == -1)
		goto out;
	if (q->platelike != NULL && p.kinds != 0) {
		struct vg_pmatch	*m;
		size_t		 i, nm;

		if (plate_matches(ar, q, &p, &m, &nm, err) == -1)
			goto out;
		p.plates = json_strings(m, nm);
		for (i = 0; i < nm; i++)
			free(m[i].plate);
		free(m);
	}
	for (w = 0; w < p.nwin && p.kinds != 0; w++) {
		if (query_prepare(ar, q, &p, &p.win[w], 1, 0, &st, err) == -1)
			goto out;
		if (st == NULL)
			continue;
		if (sqlite3_step(st) != SQLITE_ROW) {
			dberr(ar, err, "counting");
			stmt_done(ar, st);
			goto out;
		}
		*n += sqlite3_column_int64(st, 0);
		stmt_done(ar, st);
	}
	rc = 0;
out:
	qplan_free(&p);
	return rc;
}

/*
 * The box of a sighting in its camera's picture, x, y, w, h as fractions
 * of the width and height: 1, or 0 when the sighting has none.
 */
static int
sq_box(struct vg_archive *ar, const char *camera, const char *track,
    const char *source, double box[4], struct vg_error *err)
{
	static const char *const tmpl[NKIND] = { NULL, "SELECT v.x, v.y,"
	    " v.w, v.h FROM sighting@ v JOIN device d ON d.id = v.camera"
	    " JOIN source s ON s.id = v.source WHERE d.code = ?1 AND"
	    " v.track = ?2 AND s.path = ?3" };
	sqlite3_stmt	*st;
	size_t		 j;
	int		 rc = 0, i, found = 0;
	struct sq_archive	*sq = SQ(ar);

	if (spans_fresh(ar, err) == -1)
		return -1;
	for (j = 0; j < sq->nspan && !found; j += SPAN_TERMS) {
		if (spans_prepare(ar, 1 << K_SIGHTING, tmpl, j, j + SPAN_TERMS <
		    sq->nspan ? j + SPAN_TERMS : sq->nspan, VG_TIME_NONE,
		    VG_TIME_NONE, " LIMIT 1", &st, err, "finding a box") == -1)
			return -1;
		if (st == NULL)
			continue;
		sqlite3_bind_text(st, 1, camera, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, track, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			found = rc = 1;
			for (i = 0; i < 4; i++) {
				if (sqlite3_column_type(st, i) == SQLITE_NULL)
					rc = 0;
				box[i] = sqlite3_column_double(st, i);
			}
			if (rc == 1 && (box[2] <= 0 || box[3] <= 0))
				rc = 0;
		}
		stmt_done(ar, st);
	}
	return rc;
}

/*
 * Tracking: the device graph, observations by (device, time window), and
 * clock corrections.  A device's offset is how far its clock is ahead of
 * true time; readers subtract it.
 */
static int
sq_graph(struct vg_archive *ar, struct vg_graph *g, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st = NULL;
	int64_t			 maxid;
	size_t			 n;

	memset(g, 0, sizeof(*g));
	maxid = pragma_int(ar, "SELECT coalesce(max(id), 0) FROM device");
	g->index = xcalloc((size_t)maxid + 1, sizeof(*g->index));
	g->nindex = (size_t)maxid + 1;
	if (sqlite3_prepare_v2(sq->db, "SELECT d.id, d.code, d.type, d.face,"
	    " d.place IS NOT NULL, d.x, d.y, coalesce(c.offset, 0),"
	    " c.offset IS NOT NULL FROM device d LEFT JOIN clock_correction c"
	    " ON c.device = d.id ORDER BY d.id", -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	for (n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
		struct vg_gdev *d;

		g->dev = xreallocarray(g->dev, n + 1, sizeof(*g->dev));
		d = &g->dev[n];
		memset(d, 0, sizeof(*d));
		d->row = sqlite3_column_int64(st, 0);
		d->code = col_dup(st, 1);
		d->type = sqlite3_column_int(st, 2);
		d->face = sqlite3_column_int(st, 3);
		d->watches = sqlite3_column_int(st, 4);
		d->x = sqlite3_column_double(st, 5);
		d->y = sqlite3_column_double(st, 6);
		d->offset = sqlite3_column_int64(st, 7);
		d->corrected = sqlite3_column_int(st, 8);
		g->index[d->row] = (int)n;
		g->ndev = n + 1;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(sq->db, "SELECT a, b, min, max, directed FROM"
	    " link ORDER BY a, b", -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	for (n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
		struct vg_glink *l;

		g->link = xreallocarray(g->link, n + 1, sizeof(*g->link));
		l = &g->link[n];
		l->a = g->index[sqlite3_column_int64(st, 0)];
		l->b = g->index[sqlite3_column_int64(st, 1)];
		l->min = sqlite3_column_int(st, 2);
		l->max = sqlite3_column_int(st, 3);
		l->directed = sqlite3_column_int(st, 4);
		g->nlink = n + 1;
	}
	sqlite3_finalize(st);
	return 0;
dberror:
	dberr(ar, err, "reading the device graph");
	sqlite3_finalize(st);
	vg_graph_free(g);
	return -1;
}

/*
 * Fill an observation from a row of the statements below without a copy:
 * its strings are the row's own (good until the statement steps again)
 * and its vector is decoded into *vec, grown as needed (the caller frees
 * it).  Nothing to free a row.
 */
static void
obs_view(sqlite3_stmt *st, const struct vg_graph *g, struct vg_obs *o,
    float **vec, size_t *cap)
{
	const void	*blob;
	int		 bytes;

	memset(o, 0, sizeof(*o));
	o->type = sqlite3_column_int(st, 0);
	o->id = sqlite3_column_int64(st, 1);
	o->dev = g->index[sqlite3_column_int64(st, 2)];
	o->track = (char *)sqlite3_column_text(st, 3);
	o->raw = sqlite3_column_int64(st, 4);
	o->first = o->raw - g->dev[o->dev].offset;
	o->last = sqlite3_column_int64(st, 5) - g->dev[o->dev].offset;
	o->person = (char *)sqlite3_column_text(st, 6);
	o->score = sqlite3_column_type(st, 7) == SQLITE_NULL ? NAN :
	    sqlite3_column_double(st, 7);
	o->upper = sqlite3_column_int(st, 8);
	o->lower = sqlite3_column_int(st, 9);
	o->attrs = (char *)sqlite3_column_text(st, 10);
	o->sex = vg_ar_attr_sex(o->attrs);
	o->credential = sqlite3_column_int(st, 11);
	o->direction = sqlite3_column_int(st, 12);
	blob = sqlite3_column_blob(st, 13);
	bytes = sqlite3_column_bytes(st, 13);
	if (blob != NULL && bytes >= 4) {
		o->embdim = (size_t)bytes / 4;
		if (o->embdim > *cap) {
			*vec = xreallocarray(*vec, o->embdim, sizeof(**vec));
			*cap = o->embdim;
		}
		o->emb = *vec;
		vec_decode(blob, o->embdim, o->emb);
	}
	o->source = (char *)sqlite3_column_text(st, 14);
	o->line = sqlite3_column_int64(st, 15);
	o->vehicle = sqlite3_column_int(st, 16);
	o->plate = (char *)sqlite3_column_text(st, 17);
}

/* Fill an observation of its own from a row (vg_obs_free() frees it). */
static void
obs_row(sqlite3_stmt *st, const struct vg_graph *g, struct vg_obs *o)
{
	struct vg_obs	 v;
	float		*vec = NULL;
	size_t		 cap = 0;

	obs_view(st, g, &v, &vec, &cap);
	vg_obs_copy(o, &v);
	free(vec);
}

#define OBS_SIGHTING "SELECT 2, v.id, v.camera, v.track, v.first, v.last," \
	" v.person, v.score, v.upper, v.lower, v.attrs, 0, 0, v.embedding," \
	" s.path, v.line, " OBS_SIGHTING_VEHICLE ", v.plate FROM sighting@ v" \
	" JOIN source s ON s.id = v.source"
#define OBS_GATE_OF(veh) "SELECT 1, g.id, g.gate, NULL, g.t, g.t," \
	" g.person, g.score, 0, 0, NULL, g.credential, g.direction, NULL," \
	" s.path, g.line, " veh ", g.plate FROM gate_event@ g JOIN source s" \
	" ON s.id = g.source"
#define OBS_GATE OBS_GATE_OF(OBS_GATE_VEHICLE)

/* the same columns without the source's JOIN and the text columns
 * tracking does not score (track, path, line; the attributes give the
 * sex) */
#define OBS_SIGHTING_LEAN "SELECT 2, v.id, v.camera, NULL, v.first," \
	" v.last, v.person, v.score, v.upper, v.lower, v.attrs, 0, 0," \
	" v.embedding, NULL, 0, " OBS_SIGHTING_VEHICLE ", v.plate FROM" \
	" sighting@ v"
#define OBS_GATE_LEAN_OF(veh) "SELECT 1, g.id, g.gate, NULL, g.t, g.t," \
	" g.person, g.score, 0, 0, NULL, g.credential, g.direction, NULL," \
	" NULL, 0, " veh ", g.plate FROM gate_event@ g"

/* Each row of st to fn as an observation (good until fn returns); st is
 * then reset if cached, else finalized. */
static int
obs_stream(struct vg_archive *ar, const struct vg_graph *g, sqlite3_stmt *st,
    int cached, vg_obs_fn fn, void *arg, struct vg_error *err,
    const char *what)
{
	struct vg_obs	 o;
	float		*vec = NULL;
	size_t		 cap = 0;
	int		 rc = 0, step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		obs_view(st, g, &o, &vec, &cap);
		if ((rc = fn(&o, arg)) != 0)
			break;
	}
	free(vec);
	if (rc == 0 && step != SQLITE_DONE) {
		dberr(ar, err, what);
		rc = -1;
	}
	if (cached)
		sqlite3_reset(st);
	else
		stmt_done(ar, st);
	return rc < 0 ? -1 : (rc > 0 ? 1 : 0);
}

/*
 * What device dev saw with clock-corrected times from lo to hi (sightings
 * by first seen), in time order, read through the (device, time) index;
 * lean, without the columns tracking does not score.
 */
static int
window_read(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t lo, int64_t hi, int lean, vg_obs_fn fn, void *arg,
    struct vg_error *err)
{
	static const char *const full[NKIND] = {
		OBS_GATE_OF(OBS_GATE_VEHICLE_1) " WHERE g.gate = ?1 AND g.t"
		    " BETWEEN ?2 AND ?3",
		OBS_SIGHTING " WHERE v.camera = ?1 AND v.first BETWEEN ?2 AND"
		    " ?3",
	}, *const thin[NKIND] = {
		OBS_GATE_LEAN_OF(OBS_GATE_VEHICLE_1) " WHERE g.gate = ?1 AND"
		    " g.t BETWEEN ?2 AND ?3",
		OBS_SIGHTING_LEAN " WHERE v.camera = ?1 AND v.first BETWEEN"
		    " ?2 AND ?3",
	};
	const char *const	*tmpl = lean ? thin : full;
	struct sq_archive	*sq = SQ(ar);
	const struct vg_gdev	*d = &g->dev[dev];
	struct span		*sp = NULL;
	sqlite3_stmt		*st, **kept;
	size_t			 i;
	int			 k, n = 0;

	k = d->type == VG_CAMERA ? K_SIGHTING : K_GATE;
	if (spans_fresh(ar, err) == -1)
		return -1;
	for (i = 0; i < sq->nspan; i++)
		if (span_in(&sq->span[i], k, lo + d->offset, hi + d->offset)) {
			sp = &sq->span[i];
			n++;
		}
	if (n == 0)
		return 0;
	if (n == 1) {
		/* the usual case, a window within a day: kept prepared */
		kept = lean ? &sp->lean[k] : &sp->obs[k];
		if (*kept == NULL) {
			char	*sql;

			xasprintf(&sql, "%s ORDER BY 5", tmpl[k]);
			if (prepare_span(ar, sql, sp, kept) == -1) {
				free(sql);
				dberr(ar, err, "reading observations");
				return -1;
			}
			free(sql);
		}
		st = *kept;
		sqlite3_reset(st);
	} else if (spans_prepare(ar, 1 << k, tmpl, 0, sq->nspan, lo +
	    d->offset, hi + d->offset, " ORDER BY 5", &st, err,
	    "reading observations") == -1)
		return -1;
	sqlite3_bind_int64(st, 1, d->row);
	sqlite3_bind_int64(st, 2, lo + d->offset);
	sqlite3_bind_int64(st, 3, hi + d->offset);
	return obs_stream(ar, g, st, n == 1, fn, arg, err,
	    "reading observations") < 0 ? -1 : 0;
}

static int
sq_window(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t lo, int64_t hi, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	return window_read(ar, g, dev, lo, hi, 0, fn, arg, err);
}

static int
sq_window_lean(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t lo, int64_t hi, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	return window_read(ar, g, dev, lo, hi, 1, fn, arg, err);
}

/*
 * Row id of device dev's kind, logged at t (corrected), as window_read
 * reads it lean, to fn: a seek by id in each span that may hold it (one,
 * but where spans overlap), not the (device, time) index's and then the
 * table's.  Nothing where there is none.
 */
static int
sq_row_lean(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t t, int64_t id, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	static const char *const tmpl[NKIND] = {
		OBS_GATE_LEAN_OF(OBS_GATE_VEHICLE) " WHERE g.id = ?1",
		OBS_SIGHTING_LEAN " WHERE v.id = ?1",
	};
	struct sq_archive	*sq = SQ(ar);
	const struct vg_gdev	*d = &g->dev[dev];
	struct span		*sp;
	sqlite3_stmt		*st;
	size_t			 i;
	int			 k, rc = 0, own;

	k = d->type == VG_CAMERA ? K_SIGHTING : K_GATE;
	if (spans_fresh(ar, err) == -1)
		return -1;
	for (i = 0; i < sq->nspan && rc == 0; i++) {
		sp = &sq->span[i];
		if (!span_in(sp, k, t + d->offset, t + d->offset))
			continue;
		/* a callback asking again while the kept one reads: its own */
		own = sp->byid[k] != NULL && sqlite3_stmt_busy(sp->byid[k]);
		if ((own || sp->byid[k] == NULL) && prepare_span(ar, tmpl[k],
		    sp, own ? &st : &sp->byid[k]) == -1) {
			dberr(ar, err, "reading observations");
			return -1;
		}
		if (!own)
			st = sp->byid[k];
		sqlite3_bind_int64(st, 1, id);
		rc = obs_stream(ar, g, st, !own, fn, arg, err,
		    "reading observations");
	}
	return rc < 0 ? -1 : 0;
}

/*
 * Which devices log vehicles: vehicle gates, and the devices that read a
 * plate (through the partial plate indexes).  Sets vdev[i] for each.
 */
static int
sq_vehicle_devices(struct vg_archive *ar, const struct vg_graph *g,
    int *vdev, struct vg_error *err)
{
	static const char *const tmpl[NKIND] = {
		"SELECT DISTINCT gate FROM gate_event@ WHERE plate IS NOT NULL",
		"SELECT DISTINCT camera FROM sighting@ WHERE plate IS NOT NULL",
	};
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int64_t			 row;
	size_t			 i;
	int			 step;

	memset(vdev, 0, g->ndev * sizeof(*vdev));
	if (spans_fresh(ar, err) == -1)
		return -1;
	/* the vehicle gates, then the spans' plate readers, some at a time */
	for (i = 0; i == 0 || i - SPAN_TERMS < sq->nspan; i += SPAN_TERMS) {
		if (i == 0) {
			if (sqlite3_prepare_v2(sq->db, "SELECT id FROM device"
			    " WHERE kind = 'vehicle'", -1, &st, NULL) !=
			    SQLITE_OK) {
				dberr(ar, err, "finding the vehicle devices");
				return -1;
			}
		} else if (spans_prepare(ar, 1 << K_GATE | 1 << K_SIGHTING,
		    tmpl, i - SPAN_TERMS, i < sq->nspan ? i : sq->nspan,
		    VG_TIME_NONE, VG_TIME_NONE, "", &st, err,
		    "finding the vehicle devices") == -1)
			return -1;
		if (st == NULL)
			continue;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			row = sqlite3_column_int64(st, 0);
			if (row >= 0 && (size_t)row < g->nindex &&
			    g->index[row] >= 0)
				vdev[g->index[row]] = 1;
		}
		stmt_done(ar, st);
		if (step != SQLITE_DONE) {
			dberr(ar, err, "finding the vehicle devices");
			return -1;
		}
	}
	return 0;
}

/* The sighting CAMERA:TRACK; 1 found, 0 not, -1 error, -2 more than one
 * (err says how many). */
static int
sq_sighting(struct vg_archive *ar, const struct vg_graph *g,
    const char *camera, const char *track, struct vg_obs *o,
    struct vg_error *err)
{
	static const char *const tmpl[NKIND] = { NULL, OBS_SIGHTING
	    " JOIN device d ON d.id = v.camera WHERE d.code = ?1 AND"
	    " v.track = ?2" };
	sqlite3_stmt	*st;
	size_t		 i;
	int		 n = 0;
	struct sq_archive	*sq = SQ(ar);

	if (spans_fresh(ar, err) == -1)
		return -1;
	for (i = 0; i < sq->nspan; i += SPAN_TERMS) {
		if (spans_prepare(ar, 1 << K_SIGHTING, tmpl, i, i + SPAN_TERMS <
		    sq->nspan ? i + SPAN_TERMS : sq->nspan, VG_TIME_NONE,
		    VG_TIME_NONE, " ORDER BY 5", &st, err,
		    "finding a sighting") == -1) {
			if (n > 0)
				vg_obs_free(o);
			return -1;
		}
		if (st == NULL)
			continue;
		sqlite3_bind_text(st, 1, camera, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, track, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (n++ == 0)
				obs_row(st, g, o);
		}
		stmt_done(ar, st);
	}
	if (n > 1) {
		vg_error_set(err, "%s:%s names %d sightings (the track number"
		    " was used again in another file)",
		    camera, track, n);
		vg_obs_free(o);
		return -2;
	}
	return n;
}

/* Everything that names person, by time: gate reads and face matches. */
static int
sq_identity(struct vg_archive *ar, const struct vg_graph *g,
    const char *person, int64_t lo, int64_t hi, vg_obs_fn fn, void *arg,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);

	/* as vigil-query --person: a badge of his read where the gate named
	 * no one is his too */
	static const char *const tmpl[NKIND] = {
		OBS_GATE " WHERE (g.person = ?1 OR (g.person IS NULL AND"
		" g.card IN (SELECT card FROM card WHERE person = ?1))) AND"
		" g.t BETWEEN ?2 - 600000000 AND ?3 + 600000000 AND g.t >= ?4"
		" AND g.t < ?5",
		OBS_SIGHTING " WHERE v.person = ?1 AND v.first BETWEEN"
		" ?2 - 600000000 AND ?3 + 600000000 AND v.first >= ?4 AND"
		" v.first < ?5",
	};
	sqlite3_stmt	*st;
	struct vg_obs	 o;
	struct win	*w;
	float		*vec = NULL;
	size_t		 nw, i, cap = 0;
	int		 rc = 0, step;

	if (spans_fresh(ar, err) == -1)
		return -1;
	nw = windows(ar, 1 << K_GATE | 1 << K_SIGHTING, lo - 600000000,
	    hi + 600000000, 0, &w);
	for (i = 0; i < nw && rc == 0; i++) {
		if (spans_prepare(ar, 1 << K_GATE | 1 << K_SIGHTING, tmpl, 0,
		    sq->nspan, w[i].a == VG_TIME_NONE ? lo - 600000000 :
		    w[i].a, w[i].b == VG_TIME_NONE ? hi + 600000000 : w[i].b,
		    " ORDER BY 5", &st, err, "reading an identity") == -1) {
			rc = -1;
			break;
		}
		if (st == NULL)
			continue;
		sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, lo);
		sqlite3_bind_int64(st, 3, hi);
		sqlite3_bind_int64(st, 4, w[i].a == VG_TIME_NONE ? INT64_MIN :
		    w[i].a);
		sqlite3_bind_int64(st, 5, w[i].b == VG_TIME_NONE ? INT64_MAX :
		    w[i].b);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			obs_view(st, g, &o, &vec, &cap);
			/* the window is on corrected times */
			if (o.first >= lo && o.first <= hi)
				rc = fn(&o, arg);
			if (rc != 0)
				break;
		}
		if (rc == 0 && step != SQLITE_DONE) {
			dberr(ar, err, "reading an identity");
			rc = -1;
		}
		stmt_done(ar, st);
	}
	free(w);
	free(vec);
	return rc < 0 ? -1 : 0;
}

/*
 * Span sp's statement kept in *kept (from tmpl, prepared when first
 * asked), or where a callback asks again while it reads a fresh one (*own
 * set), in *st, bound to person, lo and hi (?1 to ?3): 0, or -1.
 */
static int
span_person(struct vg_archive *ar, const char *tmpl, struct span *sp,
    sqlite3_stmt **kept, const char *person, int64_t lo, int64_t hi,
    sqlite3_stmt **st, int *own)
{
	*own = *kept != NULL && sqlite3_stmt_busy(*kept);
	if ((*own || *kept == NULL) && prepare_span(ar, tmpl, sp, *own ? st :
	    kept) == -1)
		return -1;
	if (!*own)
		*st = *kept;
	sqlite3_bind_text(*st, 1, person, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(*st, 2, lo);
	sqlite3_bind_int64(*st, 3, hi);
	return 0;
}

/* a look's columns: the vector, device and times, not the source's JOIN */
#define OBS_SIGHTING_LOOK "SELECT 2, v.id, v.camera, NULL, v.first, v.last," \
	" v.person, NULL, 0, 0, NULL, 0, 0, v.embedding, NULL, 0, 0, NULL" \
	" FROM sighting@ v"

/*
 * The sightings that name person and carry an appearance vector, first
 * seen from lo to hi as logged (a look, where a few seconds of clock do
 * not matter), through each span's (person, first) index, span by span;
 * of each only the type, id, device, times, person and vector.  Each
 * span's statement is kept prepared (a tracker asks for thousands of
 * people a search).
 */
static int
sq_person_looks(struct vg_archive *ar, const struct vg_graph *g,
    const char *person, int64_t lo, int64_t hi, vg_obs_fn fn, void *arg,
    struct vg_error *err)
{
	static const char tmpl[] = OBS_SIGHTING_LOOK " WHERE v.person = ?1"
	    " AND v.first BETWEEN ?2 AND ?3 AND v.embedding IS NOT NULL";
	struct sq_archive	*sq = SQ(ar);
	struct span		*sp;
	sqlite3_stmt		*st;
	size_t			 i;
	int			 rc = 0, own;

	if (spans_fresh(ar, err) == -1)
		return -1;
	for (i = 0; i < sq->nspan && rc == 0; i++) {
		sp = &sq->span[i];
		if (!span_in(sp, K_SIGHTING, lo, hi))
			continue;
		if (span_person(ar, tmpl, sp, &sp->look, person, lo, hi, &st,
		    &own) == -1) {
			dberr(ar, err, "reading a look");
			return -1;
		}
		rc = obs_stream(ar, g, st, !own, fn, arg, err,
		    "reading a look");
	}
	return rc < 0 ? -1 : rc;
}

/*
 * The ids and first seen (as logged) of the sightings that name person,
 * first seen from lo to hi as logged, with a vector or not, from each
 * span's (person, first) index alone (no row of the table read), span by
 * span: the rows sq_person_looks reads and those of them with no vector.
 */
static int
sq_person_ids(struct vg_archive *ar, const char *person, int64_t lo,
    int64_t hi, vg_id_fn fn, void *arg, struct vg_error *err)
{
	static const char tmpl[] = "SELECT v.id, v.first FROM sighting@ v"
	    " WHERE v.person = ?1 AND v.first BETWEEN ?2 AND ?3";
	struct sq_archive	*sq = SQ(ar);
	struct span		*sp;
	sqlite3_stmt		*st;
	size_t			 i;
	int			 rc = 0, own, step = SQLITE_DONE;

	if (spans_fresh(ar, err) == -1)
		return -1;
	for (i = 0; i < sq->nspan && rc == 0; i++) {
		sp = &sq->span[i];
		if (!span_in(sp, K_SIGHTING, lo, hi))
			continue;
		if (span_person(ar, tmpl, sp, &sp->lookid, person, lo, hi, &st,
		    &own) == -1) {
			dberr(ar, err, "reading a look's ids");
			return -1;
		}
		while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
			rc = fn(sqlite3_column_int64(st, 0),
			    sqlite3_column_int64(st, 1), arg);
		if (rc == 0 && step != SQLITE_DONE) {
			dberr(ar, err, "reading a look's ids");
			rc = -1;
		}
		if (own)
			sqlite3_finalize(st);
		else {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
		}
	}
	return rc < 0 ? -1 : rc;
}

/* Record, replace or (with method NULL) remove a clock correction. */
static int
sq_set_offset(struct vg_archive *ar, const char *device, int64_t offset,
    const char *method, int64_t support, int64_t uncertainty,
    const char *note, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int			 rc;

	if (vg_ar_device(ar, device, strlen(device), VG_CAMERA) <= 0 &&
	    vg_ar_device(ar, device, strlen(device), VG_GATE) <= 0) {
		vg_error_set(err, "unknown device '%s'", device);
		return -1;
	}
	if (method == NULL)
		rc = sqlite3_prepare_v2(sq->db, "DELETE FROM clock_correction"
		    " WHERE device = (SELECT id FROM device WHERE code = ?1)",
		    -1, &st, NULL);
	else
		rc = sqlite3_prepare_v2(sq->db, "INSERT OR REPLACE INTO"
		    " clock_correction (device, offset, method, support,"
		    " uncertainty, note, set_at) SELECT id, ?2, ?3, ?4, ?5, ?6,"
		    " ?7 FROM device WHERE code = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		dberr(ar, err, "clock correction");
		return -1;
	}
	sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	if (method != NULL) {
		sqlite3_bind_int64(st, 2, offset);
		bind_cstr(st, 3, method);
		sqlite3_bind_int64(st, 4, support);
		sqlite3_bind_int64(st, 5, uncertainty);
		bind_cstr(st, 6, note);
		sqlite3_bind_int64(st, 7, vg_now());
	}
	rc = step_done(ar, st, err, "clock correction");
	sqlite3_finalize(st);
	return rc;
}

/* Every clock correction, by device id. */
static int
sq_offsets(struct vg_archive *ar, vg_offset_fn fn, void *arg,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	struct vg_offset	 o;
	int			 rc = 0, step;

	if (sqlite3_prepare_v2(sq->db, "SELECT d.code, c.offset, c.method,"
	    " c.support, c.uncertainty, c.note, c.set_at FROM clock_correction"
	    " c JOIN device d ON d.id = c.device ORDER BY d.code", -1, &st,
	    NULL) != SQLITE_OK) {
		dberr(ar, err, "clock corrections");
		return -1;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		o.device = (const char *)sqlite3_column_text(st, 0);
		o.offset = sqlite3_column_int64(st, 1);
		o.method = (const char *)sqlite3_column_text(st, 2);
		o.support = sqlite3_column_int64(st, 3);
		o.uncertainty = sqlite3_column_int64(st, 4);
		o.note = (const char *)sqlite3_column_text(st, 5);
		o.set_at = sqlite3_column_int64(st, 6);
		if ((rc = fn(&o, arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE) {
		dberr(ar, err, "clock corrections");
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* The roster person a badge or a plate belongs to, or NULL. */
static char *
sq_owner(struct vg_archive *ar, const char *what, const char *value)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	char			*who = NULL;

	if (sqlite3_prepare_v2(sq->db, strcmp(what, "card") == 0 ?
	    "SELECT person FROM card WHERE card = ?1 LIMIT 1" :
	    "SELECT person FROM plate WHERE plate = ?1 LIMIT 1", -1, &st,
	    NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		who = col_dup(st, 0);
	sqlite3_finalize(st);
	return who;
}

/*
 * Whether the roster holds person id: 1 with *name set (NULL when the
 * roster gives none, else to be freed), 0 if not, -1 on failure.
 */
static int
sq_person(struct vg_archive *ar, const char *id, char **name,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int			 rc;

	*name = NULL;
	if (sqlite3_prepare_v2(sq->db, "SELECT name FROM person WHERE id = ?1",
	    -1, &st, NULL) != SQLITE_OK) {
		dberr(ar, err, "roster");
		return -1;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*name = col_dup(st, 0);
	else if (rc != SQLITE_DONE)
		dberr(ar, err, "roster");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The planted incidents of a simulator's truth.json, read with SQLite's
 * JSON functions in a database of its own (no archive is touched).
 */
int
vg_truth_load(const char *path, struct vg_truth **out, size_t *nout,
    struct vg_error *err)
{
	sqlite3		*db = NULL;
	sqlite3_stmt	*st = NULL;
	struct vg_truth	*t = NULL;
	FILE		*fp;
	char		*text = NULL;
	const char	*why;
	size_t		 n = 0, len = 0, cap = 0, got;
	int64_t		 k;
	int		 rc = -1;

	*out = NULL;
	*nout = 0;
	if ((fp = fopen(path, "r")) == NULL) {
		vg_error_set(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	do {
		if (len + 65536 > cap) {
			cap = (len + 65536) * 2;
			text = xreallocarray(text, cap, 1);
		}
		got = fread(text + len, 1, cap - len - 1, fp);
		len += got;
	} while (got > 0);
	fclose(fp);
	text[len] = '\0';
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		goto dberror;
	if (sqlite3_prepare_v2(db, "SELECT json_valid(?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		goto dberror;
	sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 1) {
		vg_error_set(err, "'%s': not valid JSON", path);
		goto out;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "SELECT i.key, i.value ->> 'kind',"
	    " i.value ->> 'time', i.value -> 'anchor' ->> 'camera',"
	    " i.value -> 'anchor' ->> 'track', i.value ->> 'suspect',"
	    " h.value ->> 'device', h.value ->> 'type', h.value ->> 'track',"
	    " h.value ->> 'time' FROM json_each(?1, '$.incidents') i"
	    " LEFT JOIN json_each(i.value, '$.path') h ORDER BY i.key, h.key",
	    -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct vg_truth *ti;
		const char *tm;

		k = sqlite3_column_int64(st, 0);
		if (n == 0 || t[n - 1].index != k) {
			t = xreallocarray(t, n + 1, sizeof(*t));
			ti = &t[n++];
			memset(ti, 0, sizeof(*ti));
			ti->index = k;
			ti->kind = col_dup(st, 1);
			ti->anchor_camera = col_dup(st, 3);
			ti->anchor_track = col_dup(st, 4);
			ti->suspect = col_dup(st, 5);
			tm = (const char *)sqlite3_column_text(st, 2);
			if (tm == NULL || vg_time_parse(NULL, tm, strlen(tm),
			    &ti->time, &why) == -1) {
				vg_error_set(err, "'%s': incident %lld: bad"
				    " time", path, (long long)k);
				goto out;
			}
		}
		ti = &t[n - 1];
		if (sqlite3_column_type(st, 6) == SQLITE_NULL)
			continue;
		ti->hop = xreallocarray(ti->hop, ti->nhop + 1,
		    sizeof(*ti->hop));
		ti->hop[ti->nhop].device = col_dup(st, 6);
		ti->hop[ti->nhop].gate = sqlite3_column_text(st, 7) != NULL &&
		    strcmp((const char *)sqlite3_column_text(st, 7), "gate") ==
		    0;
		ti->hop[ti->nhop].track = col_dup(st, 8);
		tm = (const char *)sqlite3_column_text(st, 9);
		if (tm == NULL || vg_time_parse(NULL, tm, strlen(tm),
		    &ti->hop[ti->nhop].time, &why) == -1) {
			vg_error_set(err, "'%s': incident %lld: bad hop time",
			    path, (long long)k);
			goto out;
		}
		ti->nhop++;
	}
	*out = t;
	*nout = n;
	t = NULL;
	n = 0;
	rc = 0;
	goto out;
dberror:
	vg_error_set(err, "'%s': %s", path, db ? vg_db_why(db, NULL) :
	    "cannot read");
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(text);
	vg_truth_free(t, n);
	return rc;
}

void
vg_truth_free(struct vg_truth *t, size_t n)
{
	size_t	i, j;

	for (i = 0; i < n; i++) {
		free(t[i].kind);
		free(t[i].anchor_camera);
		free(t[i].anchor_track);
		free(t[i].suspect);
		for (j = 0; j < t[i].nhop; j++) {
			free(t[i].hop[j].device);
			free(t[i].hop[j].track);
		}
		free(t[i].hop);
	}
	free(t);
}

/*
 * Recordings.  Keyframe offsets are kept as a blob of little-endian
 * 64-bit microseconds.
 */
static int
sq_put_recording(struct vg_archive *ar, const struct vg_recording *r,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	unsigned char		*kf = NULL;
	size_t			 i;
	int			 b, rc;

	if ((st = stmt(ar, S_REC_PUT, err)) == NULL)
		return -1;
	if (r->nkeyframes > 0) {
		kf = xreallocarray(NULL, r->nkeyframes, 8);
		for (i = 0; i < r->nkeyframes; i++)
			for (b = 0; b < 8; b++)
				kf[i * 8 + (size_t)b] = (unsigned char)
				    ((uint64_t)r->keyframes[i] >> (8 * b));
	}
	bind_cstr(st, 1, r->camera);
	bind_cstr(st, 2, r->path);
	if (r->start != VG_TIME_NONE)
		sqlite3_bind_int64(st, 3, r->start);
	if (r->duration >= 0)
		sqlite3_bind_int64(st, 4, r->duration);
	bind_cstr(st, 5, r->container);
	bind_cstr(st, 6, r->codec);
	if (r->width > 0)
		sqlite3_bind_int(st, 7, r->width);
	if (r->height > 0)
		sqlite3_bind_int(st, 8, r->height);
	if (r->fps > 0)
		sqlite3_bind_double(st, 9, r->fps);
	sqlite3_bind_int64(st, 10, (int64_t)r->size);
	sqlite3_bind_int64(st, 11, r->mtime);
	bind_cstr(st, 12, r->sha256);
	if (kf != NULL)
		sqlite3_bind_blob64(st, 13, kf, r->nkeyframes * 8,
		    SQLITE_STATIC);
	bind_cstr(st, 14, r->status);
	bind_cstr(st, 15, r->problem);
	sqlite3_bind_int64(st, 16, r->indexed);
	rc = step_done(ar, st, err, "recording");
	if (rc == 0 && sqlite3_changes(sq->db) == 0) {
		vg_error_set(err, "'%s': unknown camera '%s'", ar->path,
		    r->camera);
		rc = -1;
	}
	sqlite3_clear_bindings(st);
	free(kf);
	return rc;
}

/* What the archive holds of a recording: 1 if it has one, 0 if not. */
static int
sq_recording_find(struct vg_archive *ar, const char *path, uint64_t *size,
    int64_t *mtime, char *sha256, struct vg_error *err)
{
	sqlite3_stmt	*st;
	int		 step;

	if ((st = stmt(ar, S_REC_FIND, err)) == NULL)
		return -1;
	bind_cstr(st, 1, path);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*size = (uint64_t)sqlite3_column_int64(st, 0);
		*mtime = sqlite3_column_int64(st, 1);
		snprintf(sha256, VG_SHA256_HEX, "%s",
		    (const char *)sqlite3_column_text(st, 2));
	} else if (step != SQLITE_DONE) {
		dberr(ar, err, "recording");
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return step == SQLITE_ROW;
}

/*
 * A camera's recordings (every camera's when camera is NULL) that overlap
 * from to to, either of which may be VG_TIME_NONE, in time order; those
 * without a start only when neither is given.
 */
static int
sq_recordings(struct vg_archive *ar, const char *camera, int64_t from,
    int64_t to, vg_recording_fn fn, void *arg, struct vg_error *err)
{
	sqlite3_stmt		*st;
	struct vg_recording	 r;
	int64_t			*kf = NULL;
	size_t			 nkf;
	int			 rc = 0, step;

	if ((st = stmt(ar, S_REC_LIST, err)) == NULL)
		return -1;
	bind_cstr(st, 1, camera);
	if (from != VG_TIME_NONE)
		sqlite3_bind_int64(st, 2, from);
	if (to != VG_TIME_NONE)
		sqlite3_bind_int64(st, 3, to);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((from != VG_TIME_NONE || to != VG_TIME_NONE) &&
		    sqlite3_column_type(st, 2) == SQLITE_NULL)
			continue;
		memset(&r, 0, sizeof(r));
		r.camera = (const char *)sqlite3_column_text(st, 0);
		r.path = (const char *)sqlite3_column_text(st, 1);
		r.start = sqlite3_column_type(st, 2) == SQLITE_NULL ?
		    VG_TIME_NONE : sqlite3_column_int64(st, 2);
		r.duration = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(st, 3);
		r.container = (const char *)sqlite3_column_text(st, 4);
		r.codec = (const char *)sqlite3_column_text(st, 5);
		r.width = sqlite3_column_int(st, 6);
		r.height = sqlite3_column_int(st, 7);
		r.fps = sqlite3_column_double(st, 8);
		r.size = (uint64_t)sqlite3_column_int64(st, 9);
		r.mtime = sqlite3_column_int64(st, 10);
		snprintf(r.sha256, sizeof(r.sha256), "%s",
		    (const char *)sqlite3_column_text(st, 11));
		nkf = vg_ar_keyframes(sqlite3_column_blob(st, 12),
		    (size_t)sqlite3_column_bytes(st, 12), &kf);
		r.keyframes = kf;
		r.nkeyframes = nkf;
		r.status = (const char *)sqlite3_column_text(st, 13);
		r.problem = (const char *)sqlite3_column_text(st, 14);
		r.indexed = sqlite3_column_int64(st, 15);
		if ((rc = fn(&r, arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE) {
		dberr(ar, err, "recordings");
		rc = -1;
	}
	sqlite3_reset(st);
	free(kf);
	return rc < 0 ? -1 : 0;
}

/*
 * The site model's storage and the reads that learn it (model.c).
 */

/*
 * The stored model's JSON, or NULL: 1 found, 0 none, -1 error.  With
 * lean, without its links and devices (most of it on a large site), for
 * search by look, which weighs neither: as sq_model_write keeps it in
 * meta ('model look'), when that is of the model stored (the same
 * "learned"), else taken out of the body (10 ms on a campus site's).
 */
static int
sq_model_read(struct vg_archive *ar, int lean, char **body,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int			 rc = 0;

	*body = NULL;
	if (sqlite3_prepare_v2(sq->db, lean ? "SELECT coalesce((SELECT"
	    " x.value FROM meta x WHERE x.key = 'model look' AND"
	    " json_valid(x.value) AND json_extract(x.value, '$.learned') IS"
	    " model.learned), json_remove(body, '$.links', '$.devices'))"
	    " FROM model WHERE id = 1" :
	    "SELECT body FROM model WHERE id = 1", -1, &st, NULL) !=
	    SQLITE_OK) {
		dberr(ar, err, "reading the site model");
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		*body = col_dup(st, 0);
		rc = *body != NULL;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Store the model's JSON in place of the one before. */
static int
sq_model_write(struct vg_archive *ar, int64_t learned, const char *body,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int			 rc;

	if (sqlite3_prepare_v2(sq->db, "INSERT OR REPLACE INTO model (id,"
	    " learned, body) VALUES (1, ?1, ?2)", -1, &st, NULL) !=
	    SQLITE_OK) {
		dberr(ar, err, "storing the site model");
		return -1;
	}
	sqlite3_bind_int64(st, 1, learned);
	bind_cstr(st, 2, body);
	rc = step_done(ar, st, err, "storing the site model");
	sqlite3_finalize(st);
	if (rc == -1)
		return -1;
	/* its part search by look reads, apart (sq_model_read) */
	if (sqlite3_prepare_v2(sq->db, "INSERT OR REPLACE INTO meta (key,"
	    " value) SELECT 'model look', json_remove(body, '$.links',"
	    " '$.devices') FROM model WHERE id = 1", -1, &st, NULL) !=
	    SQLITE_OK) {
		dberr(ar, err, "storing the site model");
		return -1;
	}
	rc = step_done(ar, st, err, "storing the site model");
	sqlite3_finalize(st);
	return rc;
}

/*
 * Where the newest n spans holding rows begin (an index into sq->span):
 * what the site model learns from, so that learning after an import
 * reads what a night adds, not the archive.
 */
static size_t
spans_newest(struct vg_archive *ar, size_t n)
{
	struct sq_archive	*sq = SQ(ar);
	size_t			 i, used = 0;

	for (i = sq->nspan; i > 0 && used < n; i--)
		if (sq->span[i - 1].rows[K_GATE] > 0 ||
		    sq->span[i - 1].rows[K_SIGHTING] > 0)
			used++;
	return i;
}

/* The least or greatest (fn) id of span sp's sightings in part's range. */
static int64_t
part_end(struct vg_archive *ar, const struct span *sp, int64_t part,
    const char *fn)
{
	char	*sql;
	int64_t	 v;

	xasprintf(&sql, "SELECT %s(id) FROM sighting%s WHERE id >= %lld AND"
	    " id < %lld", fn, sp->suffix, (long long)(part << SPAN_ID_SHIFT),
	    (long long)((part + 1) << SPAN_ID_SHIFT));
	v = pragma_int(ar, sql);
	free(sql);
	return v;
}

/*
 * Every observation that names someone, by person then time, at most
 * limit: the face matches and gate reads a model learns from, in the
 * newest spans spans holding rows.
 */
static int
sq_named(struct vg_archive *ar, const struct vg_graph *g, size_t spans,
    int64_t limit, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	static const char *const tmpl[NKIND] = {
		OBS_GATE " WHERE g.person IS NOT NULL",
		OBS_SIGHTING " WHERE v.person IS NOT NULL",
	};
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;

	if (spans_fresh(ar, err) == -1)
		return -1;
	if (spans > SPAN_TERMS)
		spans = SPAN_TERMS;
	/* a merge of the (person, time) indexes: no sort, and the limit
	 * stops it early */
	if (spans_prepare(ar, 1 << K_GATE | 1 << K_SIGHTING, tmpl,
	    spans_newest(ar, spans), sq->nspan, VG_TIME_NONE, VG_TIME_NONE,
	    " ORDER BY 7, 5 LIMIT ?9", &st, err,
	    "reading named observations") == -1)
		return -1;
	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 9, limit);
	return obs_stream(ar, g, st, 0, fn, arg, err,
	    "reading named observations") < 0 ? -1 : 0;
}

/* About n sightings spread evenly over the newest spans spans holding
 * rows, span by span. */
static int
sq_sample(struct vg_archive *ar, const struct vg_graph *g, size_t spans,
    int64_t n, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	struct span		*sp;
	int64_t			 total = 0, every, lo, hi, want, *parts;
	size_t			 i, j, from, nparts;
	int			 rc = 0;

	if (spans_fresh(ar, err) == -1)
		return -1;
	from = spans_newest(ar, spans);
	for (i = from; i < sq->nspan; i++)
		if (sq->span[i].rows[K_SIGHTING] > 0)
			total += sq->span[i].rows[K_SIGHTING];
	every = n > 0 && total > n ? total / n : 1;
	for (i = from; i < sq->nspan && rc == 0; i++) {
		sp = &sq->span[i];
		if (sp->rows[K_SIGHTING] <= 0)
			continue;
		/* by row id, looked up one by one: no scan of a big span; a
		   merged span's parts (ranges of ids) in turn, each its share */
		nparts = span_parts(ar, sp, &parts);
		for (j = 0; j < nparts && rc == 0; j++) {
			lo = part_end(ar, sp, parts[j], "min");
			hi = part_end(ar, sp, parts[j], "max");
			if (lo <= 0 || hi < lo)
				continue;
			want = (nparts == 1 ? sp->rows[K_SIGHTING] : hi - lo +
			    1) / every;
			if (want < 1)
				want = 1;
			if (prepare_span(ar, "WITH RECURSIVE k(i) AS (SELECT ?4"
			    " UNION ALL SELECT i + ?1 FROM k WHERE i + ?1 <= ?3) "
			    OBS_SIGHTING " JOIN k ON v.id = k.i ORDER BY v.id"
			    " LIMIT ?2", sp, &st) == -1) {
				free(parts);
				dberr(ar, err, "sampling sightings");
				return -1;
			}
			sqlite3_bind_int64(st, 1, (hi - lo + 1) / want > 0 ?
			    (hi - lo + 1) / want : 1);
			sqlite3_bind_int64(st, 2, want);
			sqlite3_bind_int64(st, 3, hi);
			sqlite3_bind_int64(st, 4, lo);
			rc = obs_stream(ar, g, st, 0, fn, arg, err,
			    "sampling sightings");
		}
		free(parts);
	}
	return rc < 0 ? -1 : 0;
}

/*
 * Each device's records and how many of them name someone, into n and
 * named (set, not added to: each span counts its devices as it is
 * written, so the whole archive's counts cost no scan of its rows, and
 * what an import added since *sighting and *gate were counted needs no
 * reading of its own; they are left as they are).
 */
static int
sq_device_counts(struct vg_archive *ar, const struct vg_graph *g,
    int64_t *n, int64_t *named, int64_t *sighting, int64_t *gate,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int64_t			 row;
	size_t			 i;

	(void)sighting;
	(void)gate;
	for (i = 0; i < g->ndev; i++)
		n[i] = named[i] = 0;
	if (sqlite3_prepare_v2(sq->db, "SELECT device, sum(n), sum(named)"
	    " FROM span_device GROUP BY device", -1, &st, NULL) !=
	    SQLITE_OK) {
		dberr(ar, err, "counting records");
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		row = sqlite3_column_int64(st, 0);
		if (row < 0 || (size_t)row >= g->nindex || g->index[row] < 0)
			continue;
		n[g->index[row]] += sqlite3_column_int64(st, 1);
		named[g->index[row]] += sqlite3_column_int64(st, 2);
	}
	if (sqlite3_finalize(st) != SQLITE_OK) {
		dberr(ar, err, "counting records");
		return -1;
	}
	return 0;
}

/*
 * Where the recordings lie: the root their indexed paths are relative to
 * (absolute), recorded by vigil-index; *root is NULL when none is, as in
 * archives indexed before it was, whose paths are relative to wherever
 * vigil-index ran.
 */
static int
sq_recordings_root(struct vg_archive *ar, char **root,
    struct vg_error *err)
{
	sqlite3_stmt	*st;
	int		 step;

	*root = NULL;
	if ((st = stmt(ar, S_META_GET, err)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, "recordings_root", -1, SQLITE_STATIC);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*root = col_dup(st, 0);
	else if (step != SQLITE_DONE) {
		dberr(ar, err, "meta");
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

static int
sq_set_recordings_root(struct vg_archive *ar, const char *root,
    struct vg_error *err)
{
	sqlite3_stmt	*st;

	if ((st = stmt(ar, S_META_SET, err)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, "recordings_root", -1, SQLITE_STATIC);
	bind_cstr(st, 2, root);
	return step_done(ar, st, err, "meta");
}

/*
 * Record that every device's clock offset was estimated (and the offsets
 * found recorded): an archive with no correction then has right clocks,
 * not clocks never looked at.
 */
static int
sq_skew_estimated(struct vg_archive *ar, struct vg_error *err)
{
	sqlite3_stmt	*st;

	if ((st = stmt(ar, S_META_SET, err)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, "skew_estimated", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, vg_now());
	return step_done(ar, st, err, "meta");
}

/*
 * Give a recording indexed as from the name to: 1 if done, 0 if there is
 * none by that name or one by the new name already.
 */
static int
sq_recording_rename(struct vg_archive *ar, const char *from,
    const char *to, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;

	if ((st = stmt(ar, S_REC_RENAME, err)) == NULL)
		return -1;
	bind_cstr(st, 1, from);
	bind_cstr(st, 2, to);
	if (step_done(ar, st, err, "recording") == -1)
		return -1;
	return sqlite3_changes(sq->db) > 0;
}

/*
 * Span management: list, check, drop; retention drops whole spans.
 */

static void
span_public(const struct span *sp, struct vg_span *v)
{
	memset(v, 0, sizeof(*v));
	v->name = sp->name;
	v->start = sp->start;
	v->end = sp->end;
	v->gates = sp->rows[K_GATE] < 0 ? 0 : sp->rows[K_GATE];
	v->sightings = sp->rows[K_SIGHTING] < 0 ? 0 : sp->rows[K_SIGHTING];
}

/* Every span, in time order. */
static int
sq_spans(struct vg_archive *ar, vg_span_fn fn, void *arg,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_span		 v;
	size_t			 i;
	int			 rc;

	if (spans_fresh(ar, err) == -1)
		return -1;
	for (i = 0; i < sq->nspan; i++) {
		span_public(&sq->span[i], &v);
		if ((rc = fn(&v, arg)) != 0)
			return rc < 0 ? -1 : 0;
	}
	return 0;
}

static const struct span *
span_named(struct vg_archive *ar, const char *name, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	char			 b[VG_SHOWSZ];
	size_t			 i;

	for (i = 0; i < sq->nspan; i++)
		if (strcmp(sq->span[i].name, name) == 0)
			return &sq->span[i];
	vg_error_set(err, "'%s': no span '%s'", ar->path, vg_show(name,
	    strlen(name), b, sizeof(b)));
	return NULL;
}

/* The first value of sql on span sp's table of kind k. */
static int64_t
span_int(struct vg_archive *ar, const struct span *sp, int k,
    const char *sql)
{
	char	*tbl, *q;
	int64_t	 v;

	xasprintf(&tbl, "%s%s", kind_table[k], sp->suffix);
	q = subst(sql, tbl);
	v = pragma_int(ar, q);
	free(q);
	free(tbl);
	return v;
}

/* The time of span name's earliest row (latest when last), as
 * vg_archive_extent asks it: 1, or 0 when it has none. */
static int
sq_span_extent(struct vg_archive *ar, const char *name, int last,
    int64_t *t, struct vg_error *err)
{
	static const char *const sql[NKIND][2] = {
		{ "SELECT min(t) FROM @", "SELECT max(t) FROM @" },
		{ "SELECT min(first) FROM @", "SELECT max(first) FROM @" } };
	struct sq_archive	*sq = SQ(ar);
	const struct span	*sp;
	int64_t			 v;
	int			 k, have = 0;

	if (spans_fresh(ar, err) == -1 ||
	    (sp = span_named(ar, name, err)) == NULL)
		return -1;
	for (k = 0; k < NKIND; k++) {
		if (sp->rows[k] <= 0)
			continue;
		v = span_int(ar, sp, k, sql[k][last != 0]);
		if (sq->lastrc != SQLITE_OK) {
			dberr(ar, err, "reading its rows' times");
			return -1;
		}
		if (!have || (last ? v > *t : v < *t))
			*t = v;
		have = 1;
	}
	return have;
}

/*
 * Check the span by that name (all when NULL): its tables and indexes
 * are there and whole, its rows within its time and as many as counted.
 * Each problem goes to fn; returns how many there were, or -1.
 */
static int
span_check(struct vg_archive *ar, const char *name, const char *pending,
    vg_problem_fn fn, void *arg, struct vg_error *err)
{
	static const char *const tcol[NKIND] = { "t", "first" };
	struct sq_archive	*sq = SQ(ar);
	const struct span	*sp;
	sqlite3_stmt		*st;
	char			*why, *tbl, *sql;
	size_t			 i;
	int64_t			 n, counted;
	int			 k, problems = 0;

	if (spans_fresh(ar, err) == -1)
		return -1;
	if (name != NULL && span_named(ar, name, err) == NULL)
		return -1;
	for (i = 0; i < sq->nspan; i++) {
		sp = &sq->span[i];
		if (name != NULL && strcmp(sp->name, name) != 0)
			continue;
		counted = 0;
		for (k = 0; k < NKIND; k++) {
			if (sp->rows[k] < 0)
				continue;
			counted += sp->rows[k];
			xasprintf(&tbl, "%s%s", kind_table[k], sp->suffix);
			why = NULL;
			n = span_int(ar, sp, k, "SELECT count(*) FROM sqlite_schema"
			    " WHERE type = 'table' AND name = '@'");
			if (n != 1) {
				xasprintf(&why, "table %s is missing", tbl);
				goto problem;
			}
			n = span_int(ar, sp, k, "SELECT count(*) FROM sqlite_schema"
			    " WHERE type = 'index' AND tbl_name = '@'");
			/* (a span made before the granted passages' two
			 * indexes is whole without them: the next import
			 * into it makes them, look-ups read the table) */
			if (k == K_GATE && span_int(ar, sp, k, "SELECT count(*)"
			    " FROM sqlite_schema WHERE type = 'index' AND"
			    " name GLOB '@_passage_*'") == 0)
				n += 2;
			/* (nor, before it, the rows not granted) */
			if (k == K_GATE && span_int(ar, sp, k, "SELECT count(*)"
			    " FROM sqlite_schema WHERE type = 'index' AND"
			    " name = '@_refused'") == 0)
				n++;
			/* (an import of many files builds them at its end,
			 * or the next one does when it was killed) */
			if (n >= span_nfirst[k] && n < span_nindex[k] &&
			    ids_have(pending, sp->id))
				n = span_nindex[k];
			if (n != span_nindex[k])
				xasprintf(&why, "table %s has %lld of its %d"
				    " indexes", tbl, (long long)n, span_nindex[k]);
			else if ((n = span_int(ar, sp, k, "SELECT count(*)"
			    " FROM @")) != sp->rows[k])
				xasprintf(&why, "table %s holds %lld rows, %lld"
				    " counted", tbl, (long long)n,
				    (long long)sp->rows[k]);
			else {
				xasprintf(&sql, "SELECT count(*) FROM @ WHERE %s"
				    " < %lld OR %s >= %lld", tcol[k],
				    (long long)sp->start, tcol[k],
				    (long long)sp->end);
				n = span_int(ar, sp, k, sql);
				free(sql);
				if (n != 0)
					xasprintf(&why, "table %s holds %lld rows"
					    " outside the span's time", tbl,
					    (long long)n);
			}
			if (why == NULL) {
				xasprintf(&sql, "PRAGMA integrity_check(%s)", tbl);
				if (sqlite3_prepare_v2(sq->db, sql, -1, &st, NULL) !=
				    SQLITE_OK) {
					free(sql);
					free(tbl);
					dberr(ar, err, "checking a span");
					return -1;
				}
				free(sql);
				while (why == NULL && sqlite3_step(st) ==
				    SQLITE_ROW)
					if (strcmp((const char *)
					    sqlite3_column_text(st, 0), "ok") != 0)
						xasprintf(&why, "table %s: %s", tbl,
						    (const char *)
						    sqlite3_column_text(st, 0));
				sqlite3_finalize(st);
			}
problem:
			free(tbl);
			if (vg_ar_problem(sp->name, why, &problems, fn, arg))
				return problems;
		}
		if (sp->rows[K_SIGHTING] >= 0 && vg_ar_problem(sp->name,
		    vg_lookvec_check(look_committed(ar, sp->name), ar->path,
		    sp->name, sp->rows[K_SIGHTING]), &problems, fn, arg))
			return problems;
		xasprintf(&sql, "SELECT coalesce(sum(n), 0) FROM span_device"
		    " WHERE span = %lld", (long long)sp->id);
		n = pragma_int(ar, sql);
		free(sql);
		why = NULL;
		if (n != counted)
			xasprintf(&why, "its devices' counts add up to %lld rows,"
			    " not %lld", (long long)n, (long long)counted);
		if (vg_ar_problem(sp->name, why, &problems, fn, arg))
			return problems;
	}
	return problems;
}

/* span_check, the spans whose indexes wait for sq_settle known. */
static int
sq_span_check(struct vg_archive *ar, const char *name,
    vg_problem_fn fn, void *arg, struct vg_error *err)
{
	char	*pending = meta_text(ar, "pending_index");
	int	 rc;

	rc = span_check(ar, name, pending, fn, arg, err);
	free(pending);
	return rc;
}

/*
 * The ranges of row ids a span's rows hold (each a span id: rows take
 * ids from their span's id << SPAN_ID_SHIFT on), found by seeking the
 * tables' row ids: a span merged of others (sq_compact) keeps its parts'
 * ids.  Into *ids (allocated), their number returned; its own id first.
 */
static size_t
span_parts(struct vg_archive *ar, const struct span *sp, int64_t **ids)
{
	char	*sql;
	int64_t	 at, v;
	size_t	 n = 1, i;
	int	 k;

	*ids = xcalloc(1, sizeof(**ids));
	(*ids)[0] = sp->id;
	for (k = 0; k < NKIND; k++) {
		if (sp->rows[k] < 0)
			continue;
		for (at = 0;; at = (v + 1) << SPAN_ID_SHIFT) {
			xasprintf(&sql, "SELECT coalesce(min(id) >> %d, -1) FROM"
			    " %s%s WHERE id >= %lld", SPAN_ID_SHIFT, kind_table[k],
			    sp->suffix, (long long)at);
			v = pragma_int(ar, sql);
			free(sql);
			if (v < 0 || SQ(ar)->lastrc != SQLITE_OK)
				break;
			for (i = 0; i < n && (*ids)[i] != v; i++)
				;
			if (i == n) {
				*ids = xreallocarray(*ids, n + 1, sizeof(**ids));
				(*ids)[n++] = v;
			}
		}
	}
	return n;
}

/*
 * Drop a span inside a transaction: its tables, its bookkeeping, and
 * the sources that had rows in no other span (so that their files can
 * be imported again).
 */
static int
span_drop(struct vg_archive *ar, const struct span *sp, struct vg_error *err)
{
	char	*sql;
	int64_t	*ids;
	size_t	 i, n;
	int	 k, rc = 0;

	/* the devices' numbers of its rows, by the id ranges they hold */
	n = span_parts(ar, sp, &ids);
	for (i = 0; i < n && rc == 0; i++) {
		xasprintf(&sql, "DELETE FROM event_no WHERE kind IN (0, 1) AND"
		    " row >= %lld AND row < %lld", (long long)(ids[i] <<
		    SPAN_ID_SHIFT), (long long)((ids[i] + 1) << SPAN_ID_SHIFT));
		rc = exec(ar, sql, err);
		free(sql);
	}
	free(ids);
	if (rc == -1)
		return -1;
	for (k = 0; k < NKIND; k++) {
		if (sp->rows[k] < 0)
			continue;
		xasprintf(&sql, "DROP TABLE %s%s", kind_table[k], sp->suffix);
		rc = exec(ar, sql, err);
		free(sql);
		if (rc == -1)
			return -1;
	}
	xasprintf(&sql, "DELETE FROM source WHERE id IN (SELECT source FROM"
	    " source_span WHERE span = %lld) AND id NOT IN (SELECT source FROM"
	    " source_span WHERE span <> %lld); DELETE FROM source_span WHERE"
	    " span = %lld; DELETE FROM span_device WHERE span = %lld;"
	    " DELETE FROM span_hour WHERE span = %lld;"
	    " DELETE FROM span_count WHERE span = %lld;"
	    " DELETE FROM span WHERE id = %lld;"
	    " DELETE FROM meta WHERE key = 'look %s';", (long long)sp->id,
	    (long long)sp->id, (long long)sp->id, (long long)sp->id,
	    (long long)sp->id, (long long)sp->id, (long long)sp->id,
	    sp->name);
	rc = exec(ar, sql, err);
	free(sql);
	if (rc == 0)
		vg_lookvec_drop(ar->path, sp->name);
	return rc;
}

/* Drop the spans by those names, or (names NULL) those ending by before;
 * all or none.  Each dropped span goes to fn (may be NULL) first. */
static int
spans_drop(struct vg_archive *ar, const char *const *names, size_t nnames,
    int64_t before, vg_span_fn fn, void *arg, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	const struct span	*sp;
	struct vg_span		 v;
	size_t			 i, j;

	if (lock_begin(ar, 0, NULL, names != NULL ? "no span dropped" :
	    "no span dropped by age", err) == -1)
		return -1;
	if (spans_fresh(ar, err) == -1)
		goto fail;
	for (j = 0; j < nnames; j++)
		if (span_named(ar, names[j], err) == NULL)
			goto fail;
	for (i = 0; i < sq->nspan; i++) {
		sp = &sq->span[i];
		if (names == NULL ? sp->end > before : 0)
			continue;
		for (j = 0; names != NULL && j < nnames; j++)
			if (strcmp(names[j], sp->name) == 0)
				break;
		if (names != NULL && j == nnames)
			continue;
		span_public(sp, &v);
		if (fn != NULL)
			fn(&v, arg);
		if (span_drop(ar, sp, err) == -1)
			goto fail;
		sq->span_new = 1;
	}
	if (sq->span_new) {
		/* the views name what is left */
		spans_forget(ar);
		if (spans_fresh(ar, err) == -1 || spans_views(ar, err) == -1)
			goto fail;
	}
	if (exec(ar, "COMMIT", err) == -1)
		goto fail;
	spans_forget(ar);
	return 0;
fail:
	sq_rollback(ar);
	return -1;
}

/* Drop the spans by those names, all or none; each goes to fn first. */
static int
sq_span_drop(struct vg_archive *ar, const char *const *names,
    size_t n, vg_span_fn fn, void *arg, struct vg_error *err)
{
	return spans_drop(ar, names, n, 0, fn, arg, err);
}

/* Retention: drop every span that ends by before (whole spans only). */
static int
sq_keep(struct vg_archive *ar, int64_t before, vg_span_fn fn,
    void *arg, struct vg_error *err)
{
	return spans_drop(ar, NULL, 0, before, fn, arg, err);
}

/* A span a merge takes in, as it was when the merge began. */
struct mpart {
	int64_t		 id;		/* its row id */
	char		*name;		/* its name */
	char		*suffix;	/* of its tables' names */
	int64_t		 rows[NKIND];	/* rows of each kind; -1: no table */
};

/*
 * One step of a merge, sql, in a transaction of its own, then the WAL
 * checkpointed as far as readers allow (passive: a query is not waited
 * for), so that the WAL holds about one step's pages: *changes the rows
 * it inserted (when not NULL); -2 when it broke a unique constraint.
 */
static int
merge_step(struct vg_archive *ar, const char *sql, int64_t *changes,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	int			 ec;

	if (begin_write(ar, VG_MERGE_BUSY_MS, err) == -1)
		return -1;
	if (exec(ar, sql, err) == -1) {
		ec = sqlite3_errcode(sq->db) & 0xff;
		sq_rollback(ar);
		return ec == SQLITE_CONSTRAINT ? -2 : -1;
	}
	if (changes != NULL)
		*changes = sqlite3_changes64(sq->db);
	if (exec(ar, "COMMIT", err) == -1) {
		sq_rollback(ar);
		return -1;
	}
	sqlite3_wal_checkpoint_v2(sq->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL);
	return 0;
}

/* The vector file a merge (suffix) writes before its last step, under
 * a name no reader opens: ARCHIVE-mergingSUFFIX-look, allocated. */
static char *
merge_look_path(struct vg_archive *ar, const char *suffix)
{
	char	*p;

	xasprintf(&p, "%s-merging%s-look", ar->path, suffix);
	return p;
}

/*
 * A merge's unnamed tables (suffix) dropped, its vector file written
 * ahead removed, and its mark; their pages freed without zeroing them
 * (copies of rows the days still hold).
 */
static int
merge_drop(struct vg_archive *ar, const char *suffix, struct vg_error *err)
{
	char	*q;
	int64_t	 sdel;
	int	 rc;

	q = merge_look_path(ar, suffix);
	unlink(q);
	free(q);
	sdel = zeroing_off(ar);
	q = sqlite3_mprintf("DROP TABLE IF EXISTS gate_event%s; DROP TABLE IF"
	    " EXISTS sighting%s; DELETE FROM meta WHERE key = 'merging ' ||"
	    " %Q", suffix, suffix, suffix);
	rc = merge_step(ar, q, NULL, err) == 0 ? 0 : -1;
	sqlite3_free(q);
	zeroing(ar, sdel);
	return rc;
}

/*
 * What merges killed before their last step left: tables no span names
 * (marked 'merging SUFFIX' in meta by the merge's first step), dropped;
 * and the vector file of the span it names (the mark's value) when a
 * merge killed in its last transaction had renamed it into place but no
 * span took that name.
 */
static int
merge_leftovers(struct vg_archive *ar, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	char			**sfx = NULL, **nm = NULL;
	size_t			 i, n = 0;
	int			 rc = 0;

	if (sqlite3_prepare_v2(sq->db, "SELECT substr(key, 9), value FROM"
	    " meta WHERE key >= 'merging ' AND key < 'merging!'", -1, &st,
	    NULL) != SQLITE_OK) {
		dberr(ar, err, "reading the merges left");
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		sfx = xreallocarray(sfx, n + 1, sizeof(*sfx));
		nm = xreallocarray(nm, n + 1, sizeof(*nm));
		sfx[n] = col_dup(st, 0);
		nm[n++] = col_dup(st, 1);
	}
	sqlite3_finalize(st);
	for (i = 0; i < n; i++) {
		/* A mark whose suffix is not a table name's is not ours. */
		if (rc == 0 && sfx[i] != NULL && sfx[i][0] != '\0' &&
		    sfx[i][strspn(sfx[i], "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")] == '\0') {
			if (merge_drop(ar, sfx[i], err) == -1)
				rc = -1;
			else if (nm[i] != NULL && nm[i][0] != '\0' &&
			    nm[i][strspn(nm[i], "0123456789-.W")] == '\0' &&
			    spans_fresh(ar, NULL) == 0 &&
			    span_named(ar, nm[i], NULL) == NULL)
				vg_lookvec_drop(ar->path, nm[i]);
		}
		free(sfx[i]);
		free(nm[i]);
	}
	free(sfx);
	free(nm);
	return rc;
}

/*
 * Closed spans merged (vg_archive_compact): the spans of each local week
 * (or month) that ends by before, two or more, into one span of their
 * rows, ids, times and sources as they were.  The new span's tables are
 * written unnamed (no span row: readers do not see them; marked in meta
 * so that a killed merge's are dropped by the next), in steps of their
 * own: each part's rows in row id order, then each index built by
 * sorting, the WAL checkpointed after each, so that the disk holds the
 * parts, the new tables and one step in the WAL, not the whole span
 * twice.  The new span's vector file is written whole before the last
 * step, under a name of the merge's (merge_look_path), in a read
 * transaction: no write lock held for its sort and its writing.  A last
 * transaction checks that the parts are as they were, names the span,
 * drops the parts' tables, sums their bookkeeping and renames the vector
 * file into place (written there if a part gained its file meanwhile);
 * readers see the parts or the merged span, never both.  merge_period
 * does one period, pstart..pend named pname: 1 when it made a span, 0
 * when it left the period as it was (told to fn), -1.
 */
static int
merge_period(struct vg_archive *ar, int64_t pstart, int64_t pend,
    const char *pname, vg_merged_fn fn, void *arg, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct span		 n, *sp;
	struct mpart		*mp = NULL;
	struct vg_span		 v;
	struct vg_buf		 ids = { NULL, 0, 0 }, sql = { NULL, 0, 0 };
	sqlite3_stmt		*st;
	char			 name[32], suffix[40], *q, *tmpl, *s, *e,
				*look = NULL;
	struct vg_lookw		*lookw = NULL;
	const char		*why = NULL, **taken;
	size_t			 i, j, nparts = 0, *part = NULL;
	int64_t			 *minid, got[NKIND], c, sdel = -1, looklen = -1;
	int			 k, vec = 1, made = 0, rc = -1, r;

	memset(&n, 0, sizeof(n));
	if (begin_write(ar, VG_MERGE_BUSY_MS, err) == -1)
		return -1;
	if (spans_fresh(ar, err) == -1)
		goto out;
	n.start = pend;
	n.end = pstart;
	for (i = 0; i < sq->nspan; i++) {
		sp = &sq->span[i];
		if (sp->id == 0 || sp->start < pstart || sp->end > pend)
			continue;
		part = xreallocarray(part, nparts + 1, sizeof(*part));
		part[nparts++] = i;
		if (sp->start < n.start)
			n.start = sp->start;
		if (sp->end > n.end)
			n.end = sp->end;
	}
	if (nparts < 2) {
		rc = exec(ar, "COMMIT", err) == -1 ? -1 : 0;
		goto out;
	}
	/* a name of its own, also beside a merged span it takes in */
	taken = xreallocarray(NULL, sq->nspan + 1, sizeof(*taken));
	for (i = 0; i < sq->nspan; i++)
		taken[i] = sq->span[i].name;
	vg_ar_period_name(pname, taken, sq->nspan, 0, name, sizeof(name),
	    suffix, sizeof(suffix));
	free(taken);
	n.name = name;
	n.suffix = suffix;
	/* the parts in the order of their first row ids: rows appended */
	minid = xcalloc(nparts, sizeof(*minid));
	for (i = 0; i < nparts; i++) {
		sp = &sq->span[part[i]];
		minid[i] = INT64_MAX;
		for (k = 0; k < NKIND; k++) {
			int64_t	m;

			if (sp->rows[k] < 0)
				continue;
			xasprintf(&q, "SELECT coalesce(min(id), %lld) FROM %s%s",
			    (long long)INT64_MAX, kind_table[k], sp->suffix);
			if ((m = pragma_int(ar, q)) < minid[i])
				minid[i] = m;
			free(q);
		}
	}
	for (i = 1; i < nparts; i++)
		for (j = i; j > 0 && minid[j - 1] > minid[j]; j--) {
			int64_t	m = minid[j];
			size_t	x = part[j];

			minid[j] = minid[j - 1], minid[j - 1] = m;
			part[j] = part[j - 1], part[j - 1] = x;
		}
	free(minid);
	/* the parts as they are now (the spans are read again later) */
	mp = xcalloc(nparts, sizeof(*mp));
	for (i = 0; i < nparts; i++) {
		sp = &sq->span[part[i]];
		mp[i].id = sp->id;
		mp[i].name = xstrdup(sp->name);
		mp[i].suffix = xstrdup(sp->suffix);
		for (k = 0; k < NKIND; k++)
			mp[i].rows[k] = sp->rows[k];
	}
	/* step 1: the new tables, unnamed, and the mark; the lock says
	   which time's spans are taken in (imports into them refused) */
	q = sqlite3_mprintf("INSERT OR REPLACE INTO meta (key, value) VALUES"
	    " ('merging ' || %Q, %Q)", suffix, name);
	r = exec(ar, q, err);
	sqlite3_free(q);
	if (r == -1)
		goto out;
	xasprintf(&q, "merging %s", name);
	r = lock_put(ar, sq->lock_t0, pstart, pend, q, err);
	free(q);
	if (r == -1)
		goto out;
	for (k = 0; k < NKIND; k++) {
		n.rows[k] = -1;
		got[k] = 0;
		for (i = 0; i < nparts; i++)
			if (mp[i].rows[k] >= 0)
				n.rows[k] = (n.rows[k] < 0 ? 0 : n.rows[k]) +
				    mp[i].rows[k];
		if (n.rows[k] >= 0 && (exec_span(ar, span_ddl[k], &n, err) ==
		    -1 || (k == K_SIGHTING && exec_span(ar, "DROP INDEX"
		    " sighting@_track", &n, err) == -1)))
			goto out;
	}
	if (exec(ar, "COMMIT", err) == -1)
		goto out;
	spans_forget(ar);
	made = 1;
	sorting(ar, 1);
	/* step 2: each part's rows, MERGE_STEP_ROWS a transaction (a day
	   of a campus's sightings is 4.4 GB: the WAL holds one step) */
	for (k = 0; k < NKIND; k++)
		for (i = 0; i < nparts; i++) {
			int64_t	last = INT64_MIN, upto;

			for (c = 1; mp[i].rows[k] >= 0 && c > 0; last = upto) {
				xasprintf(&q, "SELECT coalesce((SELECT id FROM"
				    " %s%s WHERE id > %lld ORDER BY id LIMIT 1"
				    " OFFSET %d), %lld)", kind_table[k],
				    mp[i].suffix, (long long)last,
				    MERGE_STEP_ROWS - 1, (long long)INT64_MAX);
				upto = pragma_int(ar, q);
				free(q);
				xasprintf(&q, "INSERT INTO %s%s (%s) SELECT %s"
				    " FROM %s%s WHERE id > %lld AND id <= %lld"
				    " ORDER BY id", kind_table[k], suffix,
				    kind_cols[k], kind_cols[k], kind_table[k],
				    mp[i].suffix, (long long)last,
				    (long long)upto);
				r = merge_step(ar, q, &c, err);
				free(q);
				if (r != 0)
					goto out;
				got[k] += c;
				if (upto == INT64_MAX)
					break;
			}
		}
	vg_ar_test_stop("merge-copied");
	/* step 3: each index, sorted, in a transaction each */
	for (k = 0; k < NKIND; k++) {
		if (n.rows[k] < 0)
			continue;
		xasprintf(&tmpl, "%s%s%s", span_index1[k], span_index[k],
		    k == K_SIGHTING ? SPAN_TRACK_INDEX : "");
		q = subst(tmpl, suffix);
		free(tmpl);
		for (s = q, r = 0; r == 0 && (e = strchr(s, ';')) != NULL;
		    s = e + 1) {
			*e = '\0';
			r = merge_step(ar, s, NULL, err);
		}
		free(q);
		if (r == -2 && k == K_SIGHTING) {
			/* a file gave a camera's track on two of the days */
			vg_error_clear(err);
			why = "a file gave a camera one track on two of its"
			    " days";
			goto leave;
		}
		if (r != 0)
			goto out;
	}
	sorting(ar, 0);
	/* step 4: the vector file, when every part has its own, written
	   whole under the merge's name in a read transaction (the new
	   tables are the merge's alone): the last step renames it */
	for (i = 0; i < nparts && vec; i++)
		if (mp[i].rows[K_SIGHTING] > 0 &&
		    look_committed(ar, mp[i].name) < 0)
			vec = 0;
	if (n.rows[K_SIGHTING] > 0 && vec) {
		struct span	t = n;

		t.unordered = 1;
		t.rows[K_SIGHTING] = 0;
		look = merge_look_path(ar, suffix);
		if (exec(ar, "BEGIN", err) == -1)
			goto out;
		r = span_vectors_to(ar, &t, look, &looklen, &lookw, err);
		if (exec(ar, r == 0 ? "COMMIT" : "ROLLBACK",
		    r == 0 ? err : NULL) == -1)
			r = -1;
		vg_lookvec_end(&lookw, r != 0);
		if (r != 0)
			goto out;
		vg_ar_test_stop("merge-vectors");
	}
	vec = 1;
	/* the last step: the parts as they were, the span named; the
	   parts' pages freed without zeroing them (SQLite built with
	   SECURE_DELETE writes each through the WAL; their rows live on in
	   the new span) */
	sdel = zeroing_off(ar);
	if (begin_write(ar, VG_MERGE_BUSY_MS, err) == -1)
		goto out;
	spans_forget(ar);
	if (spans_fresh(ar, err) == -1)
		goto out;
	for (k = 0; k < NKIND && why == NULL; k++)
		if (got[k] != (n.rows[k] < 0 ? 0 : n.rows[k]))
			why = "its spans changed while it ran";
	for (i = 0; i < nparts && why == NULL; i++) {
		for (j = 0; j < sq->nspan && sq->span[j].id != mp[i].id; j++)
			;
		if (j == sq->nspan || memcmp(sq->span[j].rows, mp[i].rows,
		    sizeof(mp[i].rows)) != 0)
			why = "its spans changed while it ran";
	}
	n.id = 1;
	for (j = 0; j < sq->nspan && why == NULL; j++) {
		if (strcmp(sq->span[j].name, name) == 0)
			why = "its spans changed while it ran";
		if (sq->span[j].id >= n.id)
			n.id = sq->span[j].id + 1;
	}
	if (why != NULL) {
		if (exec(ar, "COMMIT", err) == -1)
			goto out;
		goto leave;
	}
	for (i = 0; i < nparts; i++) {
		vg_buf_fmt(&ids, "%s%lld", i ? ", " : "", (long long)mp[i].id);
		for (k = 0; k < NKIND; k++)
			if (mp[i].rows[k] >= 0)
				vg_buf_fmt(&sql, "DROP TABLE %s%s;",
				    kind_table[k], mp[i].suffix);
		q = sqlite3_mprintf("DELETE FROM meta WHERE key = 'look ' ||"
		    " %Q;", mp[i].name);
		vg_buf_fmt(&sql, "%s", q);
		sqlite3_free(q);
		if (mp[i].rows[K_SIGHTING] > 0 &&
		    look_committed(ar, mp[i].name) < 0)
			vec = 0;
	}
	q = sqlite3_mprintf("DELETE FROM meta WHERE key = 'merging ' || %Q;",
	    suffix);
	vg_buf_fmt(&sql, "%s", q);
	sqlite3_free(q);
	vg_buf_fmt(&sql, "INSERT INTO source_span (source, span, rows) SELECT"
	    " source, %lld, sum(rows) FROM source_span WHERE span IN (%s)"
	    " GROUP BY source; DELETE FROM source_span WHERE span IN (%s);"
	    " INSERT INTO span_device (span, device, n, named) SELECT %lld,"
	    " device, sum(n), sum(named) FROM span_device WHERE span IN (%s)"
	    " GROUP BY device; DELETE FROM span_device WHERE span IN (%s);"
	    " INSERT INTO span_hour (span, device, hour, n) SELECT %lld,"
	    " device, hour, sum(n) FROM span_hour WHERE span IN (%s) GROUP BY"
	    " device, hour; DELETE FROM span_hour WHERE span IN (%s);"
	    " DELETE FROM span WHERE id IN (%s);", (long long)n.id, ids.s,
	    ids.s, (long long)n.id, ids.s, ids.s, (long long)n.id, ids.s,
	    ids.s, ids.s);
	if (counts_move(ar, ids.s, n.id, err) == -1 || exec(ar, sql.s, err) ==
	    -1)
		goto out;
	if (sqlite3_prepare_v2(sq->db, "INSERT INTO span (id, name, suffix,"
	    " start, end, gates, sightings) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " ?7)", -1, &st, NULL) != SQLITE_OK) {
		dberr(ar, err, "merging spans");
		goto out;
	}
	sqlite3_bind_int64(st, 1, n.id);
	bind_cstr(st, 2, name);
	bind_cstr(st, 3, suffix);
	sqlite3_bind_int64(st, 4, n.start);
	sqlite3_bind_int64(st, 5, n.end);
	for (k = 0; k < NKIND; k++)
		if (n.rows[k] >= 0)
			sqlite3_bind_int64(st, 6 + k, n.rows[k]);
	if (step_done(ar, st, err, "merging spans") == -1) {
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);
	/* the vector file written whole, when every part had its own: the
	   one written ahead named with its length (renamed last, below), or
	   (a part gained its file since) written now */
	if (n.rows[K_SIGHTING] > 0 && vec && looklen >= 0) {
		q = sqlite3_mprintf("INSERT OR REPLACE INTO meta (key, value)"
		    " VALUES ('look ' || %Q, %lld)", name, (long long)looklen);
		r = exec(ar, q, err);
		sqlite3_free(q);
		if (r == -1)
			goto out;
	} else if (n.rows[K_SIGHTING] > 0 && vec) {
		n.unordered = 1;
		n.rows[K_SIGHTING] = 0;
		if (span_vectors(ar, &n, err) == -1)
			goto out;
	}
	spans_forget(ar);
	if (spans_fresh(ar, err) == -1 || spans_views(ar, err) == -1)
		goto out;
	if (looklen >= 0 && !vec)
		unlink(look);
	else if (looklen >= 0 && vg_lookvec_place(look, ar->path, name,
	    &sq->lookw, err) == -1)
		goto out;
	vg_ar_test_stop("merge-commit");
	if (exec(ar, "COMMIT", err) == -1)
		goto out;
	vg_lookvec_end(&sq->lookw, 0);
	sqlite3_wal_checkpoint_v2(sq->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL);
	for (i = 0; i < nparts; i++)
		vg_lookvec_drop(ar->path, mp[i].name);
	if (fn != NULL && (sp = (struct span *)span_named(ar, name, err)) !=
	    NULL) {
		span_public(sp, &v);
		fn(&v, nparts, NULL, arg);
	}
	spans_forget(ar);
	rc = 1;
	goto out;
leave:
	/* the period left as it was, the unnamed tables dropped */
	sorting(ar, 0);
	spans_forget(ar);
	if (merge_drop(ar, suffix, err) == -1)
		goto out;
	memset(&v, 0, sizeof(v));
	v.name = pname;
	v.start = n.start;
	v.end = n.end;
	if (fn != NULL)
		fn(&v, 0, why, arg);
	rc = 0;
out:
	zeroing(ar, sdel);
	if (rc == -1) {
		sq_rollback(ar);
		sorting(ar, 0);
		/* (a step's error kept; the tables dropped if it can) */
		if (made)
			merge_drop(ar, suffix, NULL);
	}
	for (i = 0; mp != NULL && i < nparts; i++) {
		free(mp[i].name);
		free(mp[i].suffix);
	}
	free(mp);
	free(part);
	free(ids.s);
	free(sql.s);
	free(look);
	return rc;
}

/* Every closed period in time order: how many spans were made, or -1. */
static int
sq_compact(struct vg_archive *ar, int64_t before, int month,
    vg_merged_fn fn, void *arg, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_ar_pspan	*sp;
	char			 pname[16];
	int64_t			 at, ps = 0, pe = 0, wal;
	size_t			 i;
	char			*q;
	int			 rc, found, made = 0;

	/* the structure lock for the run; then what killed merges left
	   (no other's: it would hold the lock), and what imports left
	   undone: the parts' indexes whole */
	if (lock_begin(ar, 1, "merging spans", "not merged", err) == -1)
		return -1;
	if (exec(ar, "COMMIT", err) == -1) {
		sq_rollback(ar);
		return -1;
	}
	rc = 0;
	/* the WAL's file cut back after each step's checkpoint, not left
	   at the largest step's size */
	wal = pragma_int(ar, "PRAGMA journal_size_limit");
	exec(ar, "PRAGMA journal_size_limit = " MERGE_WAL_BYTES, NULL);
	if (merge_leftovers(ar, err) == -1 || sq_settle(ar, err) == -1)
		rc = -1;
	for (at = INT64_MIN; rc == 0;) {
		if (spans_fresh(ar, err) == -1) {
			rc = -1;
			break;
		}
		/* the next period, in time order, whose spans are closed and
		   two or more (the legacy span, id 0, none of them) */
		sp = xcalloc(sq->nspan + 1, sizeof(*sp));
		for (i = 0; i < sq->nspan; i++) {
			sp[i].id = sq->span[i].id;
			sp[i].start = sq->span[i].start;
			sp[i].end = sq->span[i].end;
		}
		found = vg_ar_period_next(vg_archive_tz(ar), sp, sq->nspan,
		    month, before, &at, &ps, &pe, pname);
		free(sp);
		if (!found)
			break;
		if ((rc = merge_period(ar, ps, pe, pname, fn, arg, err)) == -1)
			break;
		made += rc;
		rc = 0;
	}
	lock_give(ar);
	sq->lock_t0 = 0;
	xasprintf(&q, "PRAGMA journal_size_limit = %lld", (long long)wal);
	exec(ar, q, NULL);
	free(q);
	return rc == -1 ? -1 : made;
}

/*
 * Lean reads, for scans over whole days: only the columns a scan uses,
 * no joins (devices, zones, corrections and source paths are read once),
 * each device through its (device, time) index with its own correction,
 * ten minutes at a time sorted in memory, so that memory does not grow with
 * the span.  Rows carry no roster name and no sighting attributes.
 */
#define LEAN_CHUNK	600000000LL	/* ten minutes, us */
#define LEAN_NST	7		/* statements kept a span: gate events,
					   sightings, refused rows, times,
					   a person's, a card's, a row's
					   source and line */

/* A device as a lean read knows it. */
struct ldev {
	int64_t		 row;		/* device row id */
	char		*code;		/* its id */
	char		*zone;		/* its zone, or NULL */
	int		 type;		/* VG_GATE or VG_CAMERA */
	int64_t		 offset;	/* clock correction, 0 when none */
	int		 corrected;	/* a correction is recorded */
};

/* A row read, its strings as offsets into the chunk's text until sorted. */
struct lrow {
	struct vg_row	 r;		/* the row, strings not yet set */
	size_t		 dev;		/* index into the devices */
	size_t		 s[5];		/* person, card, plate, track: offset
					   + 1 into the text, 0 for NULL */
};

/* A row read by its time, to sort: the time beside the row's address,
 * so that rows of different times are ordered without reading them. */
struct lord {
	int64_t		 t;		/* the row's time */
	struct lrow	*p;		/* the row */
};

/* What a lean read holds. */
struct lean {
	struct ldev	*dev;		/* devices read */
	size_t		 ndev;		/* how many */
	char		**src;		/* source path by source row id */
	char		**dig;		/* its digest, by the same */
	size_t		 nsrc;		/* room in src and dig */
	int		 borrowed;	/* src and dig, and the devices'
					   strings, are the archive's (lc),
					   not freed */
	struct lcache	*lc;		/* they are its; dev too when it is
					   lc->dev (every device) */
	sqlite3_stmt	**st;		/* by span and kind, prepared once */
	struct lrow	*row;		/* this chunk's rows */
	struct lord	*ord;		/* the same in time order */
	struct lord	*tmp;		/* room for their sort */
	size_t		 captmp;	/* how much */
	size_t		 nrow;		/* how many */
	size_t		 caprow;	/* room */
	struct vg_buf	 text;		/* their strings */
};

static size_t
lean_text(struct lean *l, sqlite3_stmt *st, int col)
{
	const unsigned char	*p = sqlite3_column_text(st, col);
	size_t			 at;

	if (p == NULL)
		return 0;
	at = l->text.len;
	vg_buf_add(&l->text, (const char *)p, (size_t)sqlite3_column_bytes(st,
	    col) + 1);
	return at + 1;
}

static int
lean_cmp(const void *a, const void *b)
{
	const struct lrow	*x = *(struct lrow *const *)a;
	const struct lrow	*y = *(struct lrow *const *)b;
	int			 c;

	if (x->r.t != y->r.t)
		return x->r.t < y->r.t ? -1 : 1;
	if (x->r.type != y->r.type)
		return x->r.type < y->r.type ? -1 : 1;
	if ((c = strcmp(x->r.device, y->r.device)) != 0)
		return c;
	if ((c = strcmp(x->r.source != NULL ? x->r.source : "",
	    y->r.source != NULL ? y->r.source : "")) != 0)
		return c;
	return x->r.line < y->r.line ? -1 : x->r.line > y->r.line;
}

/* lean_cmp's order of the rows of two struct lord. */
static int
lord_cmp(const void *a, const void *b)
{
	const struct lord	*x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return lean_cmp(&x->p, &y->p);
}

/*
 * The n rows of o, of times lo..lo+2^30-1 us, into lord_cmp's order: by
 * time in three passes of ten bits (stable), each run of one time then
 * by lord_cmp (runs are short: rows of one instant).  *tmp is room kept
 * between calls (*cap).  0 when a time lies outside: nothing is moved.
 */
static int
lord_radix(struct lord *o, size_t n, int64_t lo, struct lord **tmp,
    size_t *cap)
{
	struct lord	*src = o, *dst, *x;
	size_t		 cnt[1024], i, j, k, sum, c;
	unsigned	 sh;

	if (n < 2)
		return 1;
	for (i = 0; i < n; i++)
		if (o[i].t < lo || o[i].t - lo >= (int64_t)1 << 30)
			return 0;
	if (*cap < n) {
		*cap = n;
		*tmp = xreallocarray(*tmp, n, sizeof(**tmp));
	}
	dst = *tmp;
	for (sh = 0; sh < 30; sh += 10) {
		memset(cnt, 0, sizeof(cnt));
		for (i = 0; i < n; i++)
			cnt[(size_t)(src[i].t - lo) >> sh & 1023]++;
		for (k = 0, sum = 0; k < 1024; k++) {
			c = cnt[k];
			cnt[k] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[cnt[(size_t)(src[i].t - lo) >> sh & 1023]++] =
			    src[i];
		x = src;
		src = dst;
		dst = x;
	}
	/* (three passes: the sorted rows are in *tmp) */
	memcpy(o, src, n * sizeof(*o));
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && o[j].t == o[i].t; j++)
			;
		if (j - i > 1)
			vg_qsort(o + i, j - i, sizeof(*o), lord_cmp);
	}
	return 1;
}

static void
lean_free(struct vg_archive *ar, struct lean *l)
{
	struct sq_archive	*sq = SQ(ar);
	size_t			 i;

	for (i = 0; !l->borrowed && i < l->ndev; i++) {
		free(l->dev[i].code);
		free(l->dev[i].zone);
	}
	for (i = 0; !l->borrowed && i < l->nsrc; i++) {
		free(l->src[i]);
		free(l->dig[i]);
	}
	for (i = 0; l->st != NULL && i < LEAN_NST * sq->nspan; i++)
		sqlite3_finalize(l->st[i]);
	if (l->lc == NULL || l->dev != l->lc->dev)
		free(l->dev);
	if (!l->borrowed) {
		free(l->src);
		free(l->dig);
	}
	free(l->st);
	free(l->row);
	free(l->ord);
	free(l->tmp);
	free(l->text.s);
}

/* What c holds freed (not c). */
static void
lcache_free_parts(struct lcache *c)
{
	size_t	i;

	for (i = 0; i < c->ndev; i++) {
		free(c->dev[i].code);
		free(c->dev[i].zone);
	}
	for (i = 0; i < c->nsrc; i++) {
		free(c->src[i]);
		free(c->dig[i]);
	}
	free(c->dev);
	free(c->src);
	free(c->dig);
	free(c->byc);
}

/* The caches from c on freed. */
static void
lcache_free(struct lcache *c)
{
	struct lcache	*next;

	for (; c != NULL; c = next) {
		next = c->next;
		lcache_free_parts(c);
		free(c);
	}
}

/* Every device, with its zone and correction, and the source paths into
 * c. */
static int
lcache_read(struct vg_archive *ar, struct lcache *c, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	struct ldev		*d;
	size_t			 cap = 0, n;
	int64_t			 id;
	int			 step;

	if (sqlite3_prepare_v2(sq->db, "SELECT d.id, d.code, d.zone, d.type,"
	    " c.offset FROM device d LEFT JOIN clock_correction c ON"
	    " c.device = d.id ORDER BY d.id", -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (c->ndev == cap) {
			cap = cap ? 2 * cap : 64;
			c->dev = xreallocarray(c->dev, cap, sizeof(*c->dev));
		}
		d = &c->dev[c->ndev++];
		d->row = sqlite3_column_int64(st, 0);
		d->code = col_dup(st, 1);
		d->zone = col_dup(st, 2);
		d->type = sqlite3_column_int(st, 3);
		d->corrected = sqlite3_column_type(st, 4) != SQLITE_NULL;
		d->offset = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		goto dberror;
	if (sqlite3_prepare_v2(sq->db, "SELECT id, path, sha256 FROM source"
	    " ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (id < 0 || id > 100000000)
			continue;
		if ((size_t)id >= c->nsrc) {
			/* (room doubled: the ids come in order) */
			for (n = c->nsrc ? 2 * c->nsrc : 64; n <= (size_t)id; )
				n *= 2;
			c->src = xreallocarray(c->src, n, sizeof(*c->src));
			c->dig = xreallocarray(c->dig, n, sizeof(*c->dig));
			memset(c->src + c->nsrc, 0, (n - c->nsrc) *
			    sizeof(*c->src));
			memset(c->dig + c->nsrc, 0, (n - c->nsrc) *
			    sizeof(*c->dig));
			c->nsrc = n;
		}
		c->src[id] = col_dup(st, 1);
		c->dig[id] = col_dup(st, 2);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		goto dberror;
	return 0;
dberror:
	dberr(ar, err, "reading the devices");
	return -1;
}

/* The devices by those codes (all gates and cameras when codes is NULL),
 * with their zones and corrections; the source paths.  A read-only
 * archive's are read once while no other connection changes it (a
 * campus's 1,400 devices and sources were a tenth of an hour's scan,
 * read again by each of its streams). */
static int
lean_load(struct vg_archive *ar, struct lean *l, const char *const *codes,
    size_t ncodes, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct lcache		*c = sq->lc, one;
	const struct ldev	*e;
	struct ldev		*d;
	const char		**sorted;
	size_t			 i, cap = 0;
	int64_t			 dv = 0;

	memset(&one, 0, sizeof(one));
	if (!ar->rdwr)
		dv = data_version(ar);
	if (ar->rdwr || c == NULL || c->dv != dv) {
		c = ar->rdwr ? &one : xcalloc(1, sizeof(*c));
		if (lcache_read(ar, c, err) == -1) {
			if (c != &one) {
				c->next = NULL;
				lcache_free(c);
			} else {
				one.next = NULL;
				lcache_free_parts(&one);
			}
			return -1;
		}
		if (c != &one) {
			c->dv = dv;
			c->next = sq->lc;
			sq->lc = c;
		}
	}
	if (c != &one && codes == NULL) {
		/* (every device: the archive's own) */
		l->dev = c->dev;
		l->ndev = c->ndev;
	}
	sorted = vg_ar_codes_sorted(codes, ncodes);
	for (i = 0; l->dev != c->dev && i < c->ndev; i++) {
		e = &c->dev[i];
		if (!vg_ar_code_in(sorted, ncodes, e->code))
			continue;
		if (l->ndev == cap) {
			cap = cap ? 2 * cap : 64;
			l->dev = xreallocarray(l->dev, cap, sizeof(*l->dev));
		}
		d = &l->dev[l->ndev++];
		*d = *e;
		if (c == &one) {
			d->code = xstrdup(e->code);
			d->zone = e->zone != NULL ? xstrdup(e->zone) : NULL;
		}
	}
	free(sorted);
	if (c == &one) {
		/* (the sources the lean's own) */
		l->src = one.src;
		l->dig = one.dig;
		l->nsrc = one.nsrc;
		one.src = one.dig = NULL;
		one.nsrc = 0;
		lcache_free_parts(&one);
	} else {
		l->src = c->src;
		l->dig = c->dig;
		l->nsrc = c->nsrc;
		l->borrowed = 1;
		l->lc = c;
	}
	return 0;
}

/* A new row of the chunk (its fields zero), room made. */
static struct lrow *
lean_new(struct lean *l)
{
	struct lrow	*lr;

	if (l->nrow == l->caprow) {
		l->caprow = l->caprow ? 2 * l->caprow : 4096;
		l->row = xreallocarray(l->row, l->caprow, sizeof(*l->row));
		l->ord = xreallocarray(l->ord, l->caprow, sizeof(*l->ord));
	}
	lr = &l->row[l->nrow++];
	memset(lr, 0, sizeof(*lr));
	return lr;
}

/* st's row (lean_read's columns) of device d (kind k) into the chunk. */
static void
lean_fill(struct lean *l, sqlite3_stmt *st, size_t d, int k)
{
	const struct ldev	*dv = &l->dev[d];
	struct lrow		*lr = lean_new(l);
	int64_t			 src;

	lr->dev = d;
	lr->r.type = k == K_GATE ? VG_ROW_GATE : VG_ROW_SIGHTING;
	lr->r.t = sqlite3_column_int64(st, 0) - dv->offset;
	lr->r.last = k == K_GATE ? VG_TIME_NONE :
	    sqlite3_column_int64(st, 1) - dv->offset;
	lr->s[0] = lean_text(l, st, 2);
	lr->s[1] = lean_text(l, st, 4);
	lr->s[2] = lean_text(l, st, 5);
	lr->s[3] = lean_text(l, st, 11);
	lr->r.credential = name_of(vg_credential_names, st, 3);
	lr->r.direction = name_of(vg_direction_names, st, 6);
	lr->r.result = name_of(vg_result_names, st, 7);
	lr->r.score = sqlite3_column_type(st, 8) == SQLITE_NULL ?
	    NAN : sqlite3_column_double(st, 8);
	src = sqlite3_column_int64(st, 9);
	lr->r.source = src >= 0 && (size_t)src < l->nsrc ? l->src[src] : NULL;
	lr->r.digest = src >= 0 && (size_t)src < l->nsrc ? l->dig[src] : NULL;
	lr->r.line = sqlite3_column_int64(st, 10);
	lr->r.kind = name_of(vg_objkind_names, st, 12);
	lr->r.upper = name_of(vg_colour_names, st, 13);
	lr->r.lower = name_of(vg_colour_names, st, 14);
	lr->r.device = dv->code;
	lr->r.zone = dv->zone;
	lr->r.offset = dv->corrected ? dv->offset : VG_TIME_NONE;
}

/* Device d's rows of span i with raw times lo..hi-1 into the chunk. */
static int
lean_read(struct vg_archive *ar, struct lean *l, size_t i, size_t d,
    int64_t lo, int64_t hi, struct vg_error *err)
{
	static const char *const tmpl[NKIND] = {
		"SELECT t, NULL, person, credential, card, plate, direction,"
		" result, score, source, line, NULL, NULL, NULL, NULL"
		" FROM gate_event@ WHERE gate = ?1 AND t >= ?2 AND t < ?3",
		"SELECT first, last, person, NULL, NULL, plate, NULL, NULL,"
		" score, source, line, track, kind, upper, lower"
		" FROM sighting@ WHERE camera = ?1 AND first >= ?2 AND"
		" first < ?3",
	};
	struct sq_archive	*sq = SQ(ar);
	const struct ldev	*dv = &l->dev[d];
	sqlite3_stmt		**st;
	int			 k = dv->type == VG_CAMERA ? K_SIGHTING : K_GATE;
	int			 step;

	if (!span_in(&sq->span[i], k, lo, hi - 1))
		return 0;
	st = &l->st[2 * i + (size_t)k];
	if (*st == NULL && prepare_span(ar, tmpl[k], &sq->span[i], st) == -1) {
		dberr(ar, err, "reading the rows");
		return -1;
	}
	sqlite3_bind_int64(*st, 1, dv->row);
	sqlite3_bind_int64(*st, 2, lo);
	sqlite3_bind_int64(*st, 3, hi);
	while ((step = sqlite3_step(*st)) == SQLITE_ROW)
		lean_fill(l, *st, d, k);
	sqlite3_reset(*st);
	if (step != SQLITE_DONE) {
		dberr(ar, err, "reading the rows");
		return -1;
	}
	return 0;
}

/*
 * The granted entries of the whole archive by gate and local hour, as
 * imports counted them: fn(gate id, hour, count, arg) for each.
 */
static int
sq_entry_hours(struct vg_archive *ar, vg_hours_fn fn, void *arg,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int			 step;

	if (sqlite3_prepare_v2(sq->db, "SELECT d.code, h.hour, sum(h.n) FROM"
	    " span_hour h JOIN device d ON d.id = h.device GROUP BY h.device,"
	    " h.hour", -1, &st, NULL) != SQLITE_OK) {
		dberr(ar, err, "reading the entries' hours");
		return -1;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(text_of(st, 0), sqlite3_column_int(st, 1),
		    sqlite3_column_int64(st, 2), arg) != 0)
			break;
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		dberr(ar, err, "reading the entries' hours");
		return -1;
	}
	return 0;
}

/* The local hours (bit h for hour h) who was seen entering zone at. */
static int
sq_habit(struct vg_archive *ar, const char *who, const char *zone,
    uint32_t *hours, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_habit		 key, *hb;
	sqlite3_stmt		*st;
	char			*from;
	size_t			 ndc;
	int64_t			 dv;
	int			 step;

	*hours = 0;
	/* the habits an import of many files left pending, from its rows
	 * (read again when the archive changed; its spans are left as
	 * they are: a stream of rows may be reading them) */
	dv = data_version(ar);
	if (!sq->phab_read || dv != sq->phab_dv) {
		sq->phab_dv = dv;
		vg_ar_counts_forget(ar);
		sq->nphab = 0;
		if ((from = meta_text(ar, "pending_habits")) != NULL &&
		    habits_gather(ar, strtoll(from, NULL, 10), err) == -1) {
			free(from);
			vg_ar_counts_forget(ar);
			return -1;
		}
		free(from);
		vg_ar_counts_pack(ar, &ndc, &sq->nphab);
		sq->phab_read = 1;
	}
	if (sq->nphab > 0) {
		key.who = (char *)who;
		key.zone = (char *)zone;
		if ((hb = bsearch(&key, ar->hab, sq->nphab, sizeof(*ar->hab),
		    vg_ar_habit_cmp)) != NULL)
			*hours = hb->hours;
	}
	if ((st = stmt(ar, S_HABIT_GET, err)) == NULL)
		return -1;
	bind_cstr(st, 1, who);
	bind_cstr(st, 2, zone);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*hours |= (uint32_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		dberr(ar, err, "reading habits");
		return -1;
	}
	return 0;
}

/*
 * The rows of the devices by those codes (every device when codes is
 * NULL) with clock-corrected times (sightings: first seen) from..to, to
 * fn in vg_query_run's order.  Strings live until fn returns, but for
 * the device, zone, source and digest: those live, and keep their
 * addresses, until vg_ar_stream returns.
 */
static int
sq_stream(struct vg_archive *ar, const char *const *codes, size_t ncodes,
    int64_t from, int64_t to, vg_row_fn fn, void *arg, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct lean		 l;
	struct lrow		*lr;
	int64_t			 lo, hi, a, b, pad = 0;
	size_t			 i, d, n;
	int			 rc = -1, k;

	memset(&l, 0, sizeof(l));
	if (spans_fresh(ar, err) == -1 || lean_load(ar, &l, codes, ncodes,
	    err) == -1)
		goto out;
	rc = 0;
	if (sq->nspan == 0 || l.ndev == 0)
		goto out;
	l.st = xcalloc(LEAN_NST * sq->nspan, sizeof(*l.st));
	for (d = 0; d < l.ndev; d++)
		if (llabs(l.dev[d].offset) > pad)
			pad = llabs(l.dev[d].offset);
	/* the span's bounds, half-open, within what the spans hold */
	lo = sq->span[0].start;
	hi = sq->span[0].end;
	for (i = 0; i < sq->nspan; i++) {
		if (sq->span[i].start < lo)
			lo = sq->span[i].start;
		if (sq->span[i].end > hi)
			hi = sq->span[i].end;
	}
	vg_ar_stream_bounds(&lo, &hi, pad, from, to);
	for (a = lo; a < hi; a = b) {
		b = a + LEAN_CHUNK < hi ? a + LEAN_CHUNK : hi;
		l.nrow = 0;
		l.text.len = 0;
		for (i = 0; i < sq->nspan; i++) {
			for (n = 0, k = 0; k < NKIND; k++)
				n += span_in(&sq->span[i], k, a - pad,
				    b + pad - 1);
			for (d = 0; n > 0 && d < l.ndev; d++)
				if (lean_read(ar, &l, i, d, a +
				    l.dev[d].offset, b + l.dev[d].offset,
				    err) == -1) {
					rc = -1;
					goto out;
				}
		}
		for (i = 0; i < l.nrow; i++) {
			lr = &l.row[i];
			lr->r.person = lr->s[0] ? l.text.s + lr->s[0] - 1 :
			    NULL;
			lr->r.card = lr->s[1] ? l.text.s + lr->s[1] - 1 : NULL;
			lr->r.plate = lr->s[2] ? l.text.s + lr->s[2] - 1 :
			    NULL;
			lr->r.track = lr->s[3] ? l.text.s + lr->s[3] - 1 :
			    NULL;
			l.ord[i].t = lr->r.t;
			l.ord[i].p = lr;
		}
		/* (pointers sorted: the rows are large; by their times'
		   bits, the ten minutes' rows being many) */
		if (!lord_radix(l.ord, l.nrow, a, &l.tmp, &l.captmp))
			vg_qsort(l.ord, l.nrow, sizeof(*l.ord), lord_cmp);
		for (i = 0; i < l.nrow; i++) {
#ifdef __GNUC__
			/* (the rows are read in another order than they lie
			   in: each one's lines asked for a few rows ahead) */
			if (i + 8 < l.nrow) {
				__builtin_prefetch(l.ord[i + 8].p);
				__builtin_prefetch((char *)l.ord[i + 8].p + 64);
				__builtin_prefetch((char *)l.ord[i + 8].p +
				    128);
			}
#endif
			if (fn(&l.ord[i].p->r, arg) != 0)
				goto out;
		}
	}
out:
	lean_free(ar, &l);
	return rc;
}

/* How span sp's gate events not granted are read: 1 by their index; 2
 * by the (gate, t) one, in an archive older than 11 read as it is (no
 * such index made: sq_open), once its deferred indexes are built; 0
 * not yet. */
static int
refused_how(struct vg_archive *ar, const struct span *sp)
{
	if (span_int(ar, sp, K_GATE, "SELECT count(*) FROM sqlite_schema"
	    " WHERE type = 'index' AND name = '@_refused'") == 1)
		return 1;
	return SQ(ar)->version < 11 && span_int(ar, sp, K_GATE,
	    "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND"
	    " tbl_name = '@'") > 1 ? 2 : 0;
}

/* Whether every span that can hold rows lo..hi (raw, gate events) has
 * the index of the rows not granted (or reads them by another,
 * refused_how): 1, 0 not, -1. */
static int
refused_indexed(struct vg_archive *ar, int64_t lo, int64_t hi)
{
	struct sq_archive	*sq = SQ(ar);
	size_t			 i;

	for (i = 0; i < sq->nspan; i++)
		if (span_in(&sq->span[i], K_GATE, lo, hi) &&
		    refused_how(ar, &sq->span[i]) == 0)
			return 0;
	return 1;
}

/*
 * Device d's gate events of span i with raw times lo..hi-1 into the
 * chunk: those not granted (how VG_SP_REFUSED), or every one with those
 * granted by their time alone (VG_SP_TIMES: no person, card, plate,
 * credential or way; no source and line but where two of the device
 * share an instant, to be put in order).
 */
static int
lean_parts(struct vg_archive *ar, struct lean *l, size_t i, size_t d,
    int64_t lo, int64_t hi, int how, struct vg_error *err)
{
	static const char *const refused =
	    "SELECT t, NULL, person, credential, card, plate, direction,"
	    " result, score, source, line, NULL, NULL, NULL, NULL, id"
	    " FROM gate_event@ INDEXED BY gate_event@_refused WHERE"
	    " gate = ?1 AND t >= ?2 AND t < ?3 AND result IS NOT 1"
	    " ORDER BY t, id";
	/* (an older archive's span: the gate's rows read for them) */
	static const char *const refused_gt =
	    "SELECT t, NULL, person, credential, card, plate, direction,"
	    " result, score, source, line, NULL, NULL, NULL, NULL, id"
	    " FROM gate_event@ INDEXED BY gate_event@_gate_t WHERE"
	    " gate = ?1 AND t >= ?2 AND t < ?3 AND result IS NOT 1"
	    " ORDER BY t, id";
	static const char *const times =
	    "SELECT t, id FROM gate_event@ INDEXED BY gate_event@_gate_t"
	    " WHERE gate = ?1 AND t >= ?2 AND t < ?3 ORDER BY t, id";
	struct sq_archive	*sq = SQ(ar);
	const struct ldev	*dv = &l->dev[d];
	sqlite3_stmt		**rs, **ts = NULL, *one = NULL;
	struct lrow		*lr;
	int64_t			 rt = 0, rid = 0, t, id, src;
	size_t			 first = l->nrow, j;
	int			 rstep, tstep = SQLITE_DONE;

	if (dv->type == VG_CAMERA || !span_in(&sq->span[i], K_GATE, lo,
	    hi - 1))
		return 0;
	rs = &l->st[2 * sq->nspan + i];
	if (*rs == NULL && prepare_span(ar, refused_how(ar, &sq->span[i]) ==
	    2 ? refused_gt : refused, &sq->span[i], rs) == -1)
		goto dberror;
	sqlite3_bind_int64(*rs, 1, dv->row);
	sqlite3_bind_int64(*rs, 2, lo);
	sqlite3_bind_int64(*rs, 3, hi);
	if (how == VG_SP_TIMES) {
		ts = &l->st[3 * sq->nspan + i];
		if (*ts == NULL && prepare_span(ar, times, &sq->span[i], ts) ==
		    -1)
			goto dberror;
		sqlite3_bind_int64(*ts, 1, dv->row);
		sqlite3_bind_int64(*ts, 2, lo);
		sqlite3_bind_int64(*ts, 3, hi);
	}
	if ((rstep = sqlite3_step(*rs)) == SQLITE_ROW) {
		rt = sqlite3_column_int64(*rs, 0);
		rid = sqlite3_column_int64(*rs, 15);
	}
	/* both in (time, row id) order: a row of the refused is that row */
	while (ts != NULL && (tstep = sqlite3_step(*ts)) == SQLITE_ROW) {
		t = sqlite3_column_int64(*ts, 0);
		id = sqlite3_column_int64(*ts, 1);
		if (rstep == SQLITE_ROW && rt == t && rid == id) {
			lean_fill(l, *rs, d, K_GATE);
			if ((rstep = sqlite3_step(*rs)) == SQLITE_ROW) {
				rt = sqlite3_column_int64(*rs, 0);
				rid = sqlite3_column_int64(*rs, 15);
			}
			continue;
		}
		lr = lean_new(l);
		lr->dev = d;
		lr->r.type = VG_ROW_GATE;
		lr->r.t = t - dv->offset;
		lr->r.last = VG_TIME_NONE;
		lr->r.result = vg_result_names[VG_RES_GRANTED];
		lr->r.score = NAN;
		lr->r.line = -1 - id;	/* (until put in order, below) */
		lr->r.device = dv->code;
		lr->r.zone = dv->zone;
		lr->r.offset = dv->corrected ? dv->offset : VG_TIME_NONE;
	}
	while (ts == NULL && rstep == SQLITE_ROW) {
		lean_fill(l, *rs, d, K_GATE);
		rstep = sqlite3_step(*rs);
	}
	if (ts != NULL)
		sqlite3_reset(*ts);
	sqlite3_reset(*rs);
	if (rstep != SQLITE_DONE || (ts != NULL && tstep != SQLITE_DONE))
		goto dberror;
	/* the granted rows of an instant another row of the device shares:
	   their sources and lines, for vg_ar_stream's order */
	for (j = first; ts != NULL && j < l->nrow; j++) {
		lr = &l->row[j];
		if (lr->r.line >= 0 || !((j > first && l->row[j - 1].r.t ==
		    lr->r.t) || (j + 1 < l->nrow && l->row[j + 1].r.t ==
		    lr->r.t))) {
			if (lr->r.line < 0)
				lr->r.line = 0;
			continue;
		}
		one = l->st[6 * sq->nspan + i];
		if (one == NULL && prepare_span(ar, "SELECT source, line FROM"
		    " gate_event@ WHERE id = ?1", &sq->span[i], &one) == -1)
			goto dberror;
		l->st[6 * sq->nspan + i] = one;
		sqlite3_bind_int64(one, 1, -1 - lr->r.line);
		lr->r.line = 0;
		if (sqlite3_step(one) == SQLITE_ROW) {
			src = sqlite3_column_int64(one, 0);
			lr->r.source = src >= 0 && (size_t)src < l->nsrc ?
			    l->src[src] : NULL;
			lr->r.line = sqlite3_column_int64(one, 1);
		}
		sqlite3_reset(one);
	}
	return 0;
dberror:
	dberr(ar, err, "reading the rows");
	return -1;
}

/* Two devices' order by their codes (by their pointers). */
static int
ldev_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct ldev *const *)a)->code,
	    (*(const struct ldev *const *)b)->code);
}

/* The chunk's strings set and its rows to fn in vg_ar_stream's order
 * (times from lo on; rows already in time order when timed, only each
 * instant's put in order): 1 when fn stopped it. */
static int
lean_give(struct lean *l, int64_t lo, int timed, vg_row_fn fn, void *arg)
{
	struct lrow	*lr;
	size_t		 i, j;

	for (i = 0; i < l->nrow; i++) {
		lr = &l->row[i];
		lr->r.person = lr->s[0] ? l->text.s + lr->s[0] - 1 : NULL;
		lr->r.card = lr->s[1] ? l->text.s + lr->s[1] - 1 : NULL;
		lr->r.plate = lr->s[2] ? l->text.s + lr->s[2] - 1 : NULL;
		lr->r.track = lr->s[3] ? l->text.s + lr->s[3] - 1 : NULL;
		l->ord[i].t = lr->r.t;
		l->ord[i].p = lr;
	}
	for (i = 0; timed && i < l->nrow; i = j) {
		for (j = i + 1; j < l->nrow && l->ord[j].t == l->ord[i].t; j++)
			;
		if (j - i > 1)
			vg_qsort(l->ord + i, j - i, sizeof(*l->ord), lord_cmp);
	}
	if (!timed && !lord_radix(l->ord, l->nrow, lo, &l->tmp, &l->captmp))
		vg_qsort(l->ord, l->nrow, sizeof(*l->ord), lord_cmp);
	for (i = 0; i < l->nrow; i++)
		if (fn(&l->ord[i].p->r, arg) != 0)
			return 1;
	return 0;
}

/* The n parts' first and last times into *lo, *hi; the largest clock
 * correction of the chunk's devices returned. */
static int64_t
parts_extent(const struct lean *l, const struct vg_spart *p, size_t n,
    int64_t *lo, int64_t *hi)
{
	int64_t	pad = 0;
	size_t	k;

	for (k = 0; k < l->ndev; k++)
		if (llabs(l->dev[k].offset) > pad)
			pad = llabs(l->dev[k].offset);
	*lo = p[0].from;
	*hi = p[0].to;
	for (k = 1; k < n; k++) {
		if (p[k].from < *lo)
			*lo = p[k].from;
		if (p[k].to > *hi)
			*hi = p[k].to;
	}
	return pad;
}

/* The chunk's devices by their codes in order (ldev_cmp's); every
 * device's of a read-only archive sorted once (a night hour's
 * never-left reads parts 290 times). */
static const struct ldev **
ldev_bycode(const struct lean *l)
{
	const struct ldev	**byc = xcalloc(l->ndev + 1, sizeof(*byc));
	struct lcache		*c = l->lc;
	size_t			 d;

	if (c != NULL && l->dev == c->dev && c->byc != NULL) {
		memcpy(byc, c->byc, l->ndev * sizeof(*byc));
		return byc;
	}
	for (d = 0; d < l->ndev; d++)
		byc[d] = &l->dev[d];
	vg_qsort(byc, l->ndev, sizeof(*byc), ldev_cmp);
	if (c != NULL && l->dev == c->dev) {
		c->byc = xcalloc(l->ndev + 1, sizeof(*c->byc));
		memcpy(c->byc, byc, l->ndev * sizeof(*byc));
	}
	return byc;
}

/* The chunk's devices by their row ids: 1 + the index of each, 0 none;
 * *n the ids' bound. */
static size_t *
lean_byrow(const struct lean *l, size_t *n)
{
	size_t	*byrow, d;

	*n = 0;
	for (d = 0; d < l->ndev; d++)
		if (l->dev[d].row >= 0 && (size_t)l->dev[d].row >= *n)
			*n = (size_t)l->dev[d].row + 1;
	byrow = xcalloc(*n + 1, sizeof(*byrow));
	for (d = 0; d < l->ndev; d++)
		if (l->dev[d].row >= 0)
			byrow[l->dev[d].row] = d + 1;
	return byrow;
}

/* The chunk's rows (one person's or card's) to fn in lord_cmp's order:
 * 1 when fn stopped it. */
static int
lean_give_run(struct lean *l, vg_row_fn fn, void *arg)
{
	size_t	j;

	for (j = 0; j < l->nrow; j++) {
		struct lrow	*lr = &l->row[j];

		lr->r.person = lr->s[0] ? l->text.s + lr->s[0] - 1 : NULL;
		lr->r.card = lr->s[1] ? l->text.s + lr->s[1] - 1 : NULL;
		lr->r.plate = lr->s[2] ? l->text.s + lr->s[2] - 1 : NULL;
		l->ord[j].t = lr->r.t;
		l->ord[j].p = lr;
	}
	vg_qsort(l->ord, l->nrow, sizeof(*l->ord), lord_cmp);
	for (j = 0; j < l->nrow; j++)
		if (fn(&l->ord[j].p->r, arg) != 0)
			return 1;
	return 0;
}

/* vg_ar_stream_parts of people (how VG_SP_PERSON) or cards: each part's
 * gate events at any gate, in turn. */
static int
parts_who(struct vg_archive *ar, struct lean *l, const struct vg_spart *p,
    size_t n, int how, int64_t pad, vg_row_fn fn, void *arg,
    struct vg_error *err)
{
	static const char *const tmpl[2] = {
		"SELECT t, NULL, person, credential, card, plate, direction,"
		" result, score, source, line, NULL, NULL, NULL, NULL, gate"
		" FROM gate_event@ WHERE person = ?1 AND t >= ?2 AND t < ?3",
		"SELECT t, NULL, person, credential, card, plate, direction,"
		" result, score, source, line, NULL, NULL, NULL, NULL, gate"
		" FROM gate_event@ WHERE card = ?1 AND t >= ?2 AND t < ?3",
	};
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		**st;
	size_t			*byrow = NULL, nbyrow = 0, i, k, d, j;
	int64_t			 row;
	int			 step, c = how == VG_SP_CARD;

	byrow = lean_byrow(l, &nbyrow);
	for (k = 0; k < n; k++) {
		l->nrow = 0;
		l->text.len = 0;
		for (i = 0; i < sq->nspan; i++) {
			if (!span_in(&sq->span[i], K_GATE, p[k].from - pad,
			    p[k].to + pad))
				continue;
			st = &l->st[(4 + (size_t)c) * sq->nspan + i];
			if (*st == NULL && prepare_span(ar, tmpl[c],
			    &sq->span[i], st) == -1)
				goto dberror;
			bind_cstr(*st, 1, p[k].code);
			sqlite3_bind_int64(*st, 2, p[k].from - pad);
			sqlite3_bind_int64(*st, 3, p[k].to + pad + 1);
			while ((step = sqlite3_step(*st)) == SQLITE_ROW) {
				row = sqlite3_column_int64(*st, 15);
				if (row < 0 || (size_t)row >= nbyrow ||
				    byrow[row] == 0)
					continue;
				d = byrow[row] - 1;
				j = l->nrow;
				lean_fill(l, *st, d, K_GATE);
				/* (corrected: within the part, or not kept) */
				if (l->row[j].r.t < p[k].from ||
				    l->row[j].r.t > p[k].to)
					l->nrow = j;
			}
			sqlite3_reset(*st);
			if (step != SQLITE_DONE)
				goto dberror;
		}
		if (lean_give_run(l, fn, arg))
			goto done;
	}
done:
	free(byrow);
	return 1;
dberror:
	free(byrow);
	dberr(ar, err, "reading the rows");
	return -1;
}

/* vg_ar_stream_parts of a status (VG_SP_STATUS): the passages granted in
 * or out of its people at the n - 1 gates after the first part, by one
 * join of the roster's index by status and the spans' of passages by
 * person (the gate read from the index; each person's rows of every span
 * in a run), a person's rows given in turn in parts_who's order. */
static int
parts_status(struct vg_archive *ar, struct lean *l, const struct vg_spart *p,
    size_t n, int64_t pad, vg_row_fn fn, void *arg, struct vg_error *err)
{
	static const char tmpl[] =
		"SELECT g.t, NULL, g.person, g.credential, g.card, g.plate,"
		" g.direction, g.result, g.score, g.source, g.line, NULL, NULL,"
		" NULL, NULL, g.gate FROM person p JOIN gate_event@ g ON"
		" g.person = p.id WHERE p.status = ?1 AND g.t >= ?2 AND"
		" g.t < ?3 AND g.result = 1 AND g.direction IN (1, 2) AND"
		" g.gate IN (";
	struct sq_archive	*sq = SQ(ar);
	const struct ldev	**byc = NULL, **dc;
	struct ldev		 key, *kp = &key;
	struct vg_buf		 sql, in;
	sqlite3_stmt		*st = NULL;
	size_t			*byrow = NULL, nbyrow = 0, i, d, j, nsp = 0;
	int64_t			 row;
	char			*who = NULL, *one;
	const char		*c;
	int			 step, rc = -1, stop = 0;

	memset(&sql, 0, sizeof(sql));
	memset(&in, 0, sizeof(in));
	/* the gates' rows in the spans (none known: nothing read) */
	byc = ldev_bycode(l);
	for (i = 1; i < n; i++) {
		key.code = (char *)p[i].code;
		if ((dc = bsearch(&kp, byc, l->ndev, sizeof(*byc),
		    ldev_cmp)) != NULL && (*dc)->row >= 0)
			vg_buf_fmt(&in, "%s%lld", in.len > 0 ? ", " : "",
			    (long long)(*dc)->row);
	}
	rc = 1;
	if (in.len == 0)
		goto out;
	for (i = 0; i < sq->nspan; i++) {
		if (!span_in(&sq->span[i], K_GATE, p->from - pad, p->to + pad))
			continue;
		if (nsp++ == SPAN_TERMS) {
			rc = 0;		/* (too many for one statement) */
			goto out;
		}
		one = subst(tmpl, sq->span[i].suffix);
		vg_buf_fmt(&sql, "%s%s%s)", nsp > 1 ? " UNION ALL " : "", one,
		    in.s);
		free(one);
	}
	if (nsp == 0)
		goto out;
	vg_buf_fmt(&sql, " ORDER BY 3");
	if (sqlite3_prepare_v2(sq->db, sql.s, -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	byrow = lean_byrow(l, &nbyrow);
	bind_cstr(st, 1, p->code);
	sqlite3_bind_int64(st, 2, p->from - pad);
	sqlite3_bind_int64(st, 3, p->to + pad + 1);
	l->nrow = 0;
	l->text.len = 0;
	for (;;) {
		step = sqlite3_step(st);
		c = step == SQLITE_ROW ? (const char *)sqlite3_column_text(st,
		    2) : NULL;
		/* a person's run ended: its rows, in time order */
		if (who != NULL && (c == NULL || strcmp(c, who) != 0)) {
			stop = lean_give_run(l, fn, arg);
			l->nrow = 0;
			l->text.len = 0;
			free(who);
			who = NULL;
		}
		if (step != SQLITE_ROW || stop)
			break;
		if (who == NULL)
			who = xstrdup(c);
		row = sqlite3_column_int64(st, 15);
		if (row < 0 || (size_t)row >= nbyrow || byrow[row] == 0)
			continue;
		d = byrow[row] - 1;
		j = l->nrow;
		lean_fill(l, st, d, K_GATE);
		/* (corrected: within the part, or not kept) */
		if (l->row[j].r.t < p->from || l->row[j].r.t > p->to)
			l->nrow = j;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		goto dberror;
	rc = 1;
	goto out;
dberror:
	dberr(ar, err, "reading the rows");
	rc = -1;
out:
	sqlite3_finalize(st);
	free(who);
	free(byrow);
	free(byc);
	free(sql.s);
	free(in.s);
	return rc;
}

/*
 * vg_ar_stream narrowed: the rows of each part (a device's rows from..to,
 * apart from the device's other parts) in vg_ar_stream's order; or of
 * them those not granted (how VG_SP_REFUSED); or every one of each part
 * in turn, those granted by their time alone (VG_SP_TIMES); or each
 * part's person's (or card's) gate events at any gate, in turn.  1, or 0 (nothing given) when
 * a span lacks the index of the rows not granted.
 */
static int
sq_stream_parts(struct vg_archive *ar, const struct vg_spart *p, size_t n,
    int how, vg_row_fn fn, void *arg, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct lean		 l;
	const struct ldev	**byc = NULL;
	size_t			*pd = NULL, i, k, d;
	int64_t			 lo, hi, a, b, pad = 0, x, y;
	int			 rc = -1, who = how == VG_SP_PERSON ||
				    how == VG_SP_CARD;

	memset(&l, 0, sizeof(l));
	if (spans_fresh(ar, err) == -1 || lean_load(ar, &l, NULL, 0, err) ==
	    -1)
		goto out;
	rc = 1;
	if (sq->nspan == 0 || l.ndev == 0 || n == 0)
		goto out;
	l.st = xcalloc(LEAN_NST * sq->nspan, sizeof(*l.st));
	pad = parts_extent(&l, p, n, &lo, &hi);
	if (how != VG_SP_ROWS && how != VG_SP_STATUS && !who &&
	    !refused_indexed(ar, lo - pad,
	    hi + pad)) {
		rc = 0;
		goto out;
	}
	if (who) {
		rc = parts_who(ar, &l, p, n, how, pad, fn, arg, err);
		goto out;
	}
	if (how == VG_SP_STATUS) {
		rc = parts_status(ar, &l, p, n, pad, fn, arg, err);
		goto out;
	}
	/* each part's device (l.ndev: none), by the codes in order */
	byc = ldev_bycode(&l);
	pd = xcalloc(n + 1, sizeof(*pd));
	for (k = 0; k < n; k++) {
		struct ldev		 key, *kp = &key;
		const struct ldev	**c;

		key.code = (char *)p[k].code;
		c = bsearch(&kp, byc, l.ndev, sizeof(*byc), ldev_cmp);
		pd[k] = c != NULL ? (size_t)(*c - l.dev) : l.ndev;
	}
	hi++;
	/* every read by its time: each part in turn, its own rows alone
	   sorted (no part's rows wait for the others') */
	for (k = 0; how == VG_SP_TIMES && k < n; k++) {
		if ((d = pd[k]) == l.ndev)
			continue;
		for (a = p[k].from; a <= p[k].to; a = b) {
			b = a + LEAN_CHUNK <= p[k].to + 1 ? a + LEAN_CHUNK :
			    p[k].to + 1;
			l.nrow = 0;
			l.text.len = 0;
			for (i = 0; i < sq->nspan; i++)
				if (lean_parts(ar, &l, i, d, a +
				    l.dev[d].offset, b + l.dev[d].offset, how,
				    err) == -1) {
					rc = -1;
					goto out;
				}
			/* (each span's in time order; spans apart in time
			   but where a correction moves rows past another's) */
			for (i = 1; i < l.nrow && l.row[i - 1].r.t <=
			    l.row[i].r.t; i++)
				;
			if (lean_give(&l, a, i >= l.nrow, fn, arg))
				goto out;
		}
	}
	for (a = lo; how != VG_SP_TIMES && a < hi; a = b) {
		b = a + LEAN_CHUNK < hi ? a + LEAN_CHUNK : hi;
		l.nrow = 0;
		l.text.len = 0;
		for (i = 0; i < sq->nspan; i++) {
			if (!span_in(&sq->span[i], K_GATE, a - pad, b + pad -
			    1) && !span_in(&sq->span[i], K_SIGHTING, a - pad, b +
			    pad - 1))
				continue;
			for (k = 0; k < n; k++) {
				if ((d = pd[k]) == l.ndev || p[k].to < a ||
				    p[k].from >= b)
					continue;
				x = p[k].from > a ? p[k].from : a;
				y = p[k].to + 1 < b ? p[k].to + 1 : b;
				if ((how == VG_SP_ROWS ? lean_read(ar, &l, i, d,
				    x + l.dev[d].offset, y + l.dev[d].offset,
				    err) : lean_parts(ar, &l, i, d, x +
				    l.dev[d].offset, y + l.dev[d].offset, how,
				    err)) == -1) {
					rc = -1;
					goto out;
				}
			}
		}
		if (lean_give(&l, a, 0, fn, arg))
			break;
	}
out:
	free(byc);
	free(pd);
	lean_free(ar, &l);
	return rc;
}

/* Whether parts p (n of them) can be counted (sq_count_parts,
 * sq_count_bounds): l loaded; 2: yes, 1: nothing to count, 0: a span
 * lacks its deferred indexes, -1: an error. */
static int
parts_ready(struct vg_archive *ar, struct lean *l, const struct vg_spart *p,
    size_t n, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	int64_t			 lo, hi, pad;

	if (spans_fresh(ar, err) == -1 || lean_load(ar, l, NULL, 0, err) ==
	    -1)
		return -1;
	if (sq->nspan == 0 || l->ndev == 0 || n == 0)
		return 1;
	pad = parts_extent(l, p, n, &lo, &hi);
	return refused_indexed(ar, lo - pad, hi + pad) ? 2 : 0;
}

/*
 * vg_ar_count_parts: each part's gate events counted from the (gate, t)
 * index (no row read; a device's parts in time order and apart).  1, or
 * 0 (nothing counted) when a span lacks its deferred indexes.
 */
static int
sq_count_parts(struct vg_archive *ar, const struct vg_spart *p, size_t n,
    int64_t *c, struct vg_error *err)
{
	/* (a device's parts, in time order and apart, in one statement:
	   its times stepped through, each counted into its part; a
	   count(*) a part costs a seek each, as much in all) */
	static const char *const count =
	    "SELECT t FROM gate_event@ INDEXED BY gate_event@_gate_t"
	    " WHERE gate = ?1 AND t >= ?2 AND t <= ?3 ORDER BY t";
	struct sq_archive	*sq = SQ(ar);
	struct lean		 l;
	const struct ldev	**byc = NULL, **f;
	struct ldev		 key, *kp = &key;
	sqlite3_stmt		**st = NULL;
	size_t			 i, j, k, e;
	int64_t			 a, b, x;
	int			 rc = -1, step;

	memset(&l, 0, sizeof(l));
	memset(c, 0, n * sizeof(*c));
	if ((rc = parts_ready(ar, &l, p, n, err)) != 2)
		goto out;
	rc = 1;
	st = xcalloc(sq->nspan, sizeof(*st));
	byc = ldev_bycode(&l);
	for (k = 0; k < n; k = e) {
		for (e = k + 1; e < n && strcmp(p[e].code, p[k].code) == 0; e++)
			;
		key.code = (char *)p[k].code;
		if ((f = bsearch(&kp, byc, l.ndev, sizeof(*byc),
		    ldev_cmp)) == NULL || (*f)->type == VG_CAMERA)
			continue;
		a = INT64_MAX;
		b = INT64_MIN;
		for (i = k; i < e; i++) {
			if (p[i].from + (*f)->offset < a)
				a = p[i].from + (*f)->offset;
			if (p[i].to + (*f)->offset > b)
				b = p[i].to + (*f)->offset;
		}
		for (i = 0; i < sq->nspan; i++) {
			if (!span_in(&sq->span[i], K_GATE, a, b))
				continue;
			if (st[i] == NULL && prepare_span(ar, count,
			    &sq->span[i], &st[i]) == -1)
				goto dberror;
			sqlite3_bind_int64(st[i], 1, (*f)->row);
			sqlite3_bind_int64(st[i], 2, a);
			sqlite3_bind_int64(st[i], 3, b);
			j = k;
			while ((step = sqlite3_step(st[i])) == SQLITE_ROW) {
				x = sqlite3_column_int64(st[i], 0) - (*f)->offset;
				while (j < e && p[j].to < x)
					j++;
				if (j < e && p[j].from <= x)
					c[j]++;
			}
			sqlite3_reset(st[i]);
			if (step != SQLITE_DONE)
				goto dberror;
		}
	}
	goto out;
dberror:
	dberr(ar, err, "counting the rows");
	rc = -1;
out:
	for (i = 0; st != NULL && i < sq->nspan; i++)
		sqlite3_finalize(st[i]);
	free(st);
	free(byc);
	lean_free(ar, &l);
	return rc;
}

/*
 * vg_ar_count_bounds: each part's gate events bounded by span_count's
 * buckets: lo[k] those before at[k] (exact: the whole buckets, and the
 * part's first bucket's through the (gate, t) index when it starts
 * within one), hi[k] with those of the bucket its end falls in.  1, or 0
 * (nothing counted) when a span lacks its deferred indexes.
 */
static int
sq_count_bounds(struct vg_archive *ar, const struct vg_spart *p, size_t n,
    int64_t *lo, int64_t *hi, int64_t *at, struct vg_error *err)
{
	static const char *const first =
	    "SELECT count(*) FROM gate_event@ INDEXED BY gate_event@_gate_t"
	    " WHERE gate = ?1 AND t >= ?2 AND t <= ?3";
	struct sq_archive	*sq = SQ(ar);
	struct lean		 l;
	const struct ldev	**byc = NULL, **f;
	struct ldev		 key, *kp = &key;
	sqlite3_stmt		**st = NULL, *bk = NULL;
	size_t			 i, j, k, e;
	struct cbit		 it;
	int64_t			 a, b, fb, c0, cum, bb, nn, x, off;
	int			 rc = -1, step, more;

	memset(&l, 0, sizeof(l));
	memset(lo, 0, n * sizeof(*lo));
	memset(hi, 0, n * sizeof(*hi));
	for (k = 0; k < n; k++)
		at[k] = p[k].to + 1;
	/* (an older archive read as it is keeps no span_count: none) */
	if (sq->version < 11) {
		rc = 0;
		goto out;
	}
	if ((rc = parts_ready(ar, &l, p, n, err)) != 2)
		goto out;
	rc = 1;
	if (sqlite3_prepare_v2(sq->db, "SELECT day, c FROM span_count WHERE"
	    " span = ?1 AND device = ?2 AND day >= ?3 AND day <= ?4 ORDER BY"
	    " day", -1, &bk, NULL) != SQLITE_OK)
		goto dberror;
	st = xcalloc(sq->nspan, sizeof(*st));
	byc = ldev_bycode(&l);
	for (k = 0; k < n; k = e) {
		for (e = k + 1; e < n && strcmp(p[e].code, p[k].code) == 0 &&
		    p[e].from == p[k].from; e++)
			;
		key.code = (char *)p[k].code;
		if ((f = bsearch(&kp, byc, l.ndev, sizeof(*byc),
		    ldev_cmp)) == NULL || (*f)->type == VG_CAMERA)
			continue;
		off = (*f)->offset;
		a = p[k].from + off;
		b = p[e - 1].to + off;
		/* the first whole bucket's start */
		fb = a % CBUCKET == 0 ? a : (BUCKET(a) + 1) * CBUCKET;
		for (i = 0; i < sq->nspan; i++) {
			if (!span_in(&sq->span[i], K_GATE, a, b))
				continue;
			c0 = 0;
			if (fb > a) {
				if (st[i] == NULL && prepare_span(ar, first,
				    &sq->span[i], &st[i]) == -1)
					goto dberror;
				sqlite3_bind_int64(st[i], 1, (*f)->row);
				sqlite3_bind_int64(st[i], 2, a);
				sqlite3_bind_int64(st[i], 3, fb - 1);
				if ((step = sqlite3_step(st[i])) == SQLITE_ROW)
					c0 = sqlite3_column_int64(st[i], 0);
				sqlite3_reset(st[i]);
				if (step != SQLITE_ROW)
					goto dberror;
			}
			for (j = k; j < e && (x = p[j].to + off) < fb; j++)
				vg_ar_bound_set(&lo[j], &hi[j], &at[j], &p[j],
				    off, x, a, fb, x < a ? 0 : x == fb - 1 ?
				    c0 : 0, x < a ? 0 : c0);
			if (j == e)
				continue;
			sqlite3_reset(bk);
			sqlite3_bind_int64(bk, 1, sq->span[i].id);
			sqlite3_bind_int64(bk, 2, (*f)->row);
			sqlite3_bind_int64(bk, 3, CBDAY(fb / CBUCKET));
			sqlite3_bind_int64(bk, 4, CBDAY(BUCKET(b)));
			cum = c0;
			while ((step = sqlite3_step(bk)) == SQLITE_ROW) {
				cb_start(&it, sqlite3_column_int64(bk, 0),
				    sqlite3_column_blob(bk, 1),
				    sqlite3_column_bytes(bk, 1));
				while ((more = cb_next(&it, &bb, &nn)) > 0 &&
				    bb <= BUCKET(b))
					if (bb >= fb / CBUCKET) {
						j = vg_ar_bound_bucket(lo, hi,
						    at, p, j, e, off, a, fb,
						    bb, nn, cum);
						cum += nn;
					}
				if (more < 0) {
					rc = count_malformed(ar,
					    sq->span[i].id, (*f)->row,
					    sqlite3_column_int64(bk, 0), err);
					goto out;
				}
			}
			if (step != SQLITE_DONE)
				goto dberror;
			for (; j < e; j++)
				vg_ar_bound_set(&lo[j], &hi[j], &at[j], &p[j],
				    off, p[j].to + off, a, fb, cum, cum);
		}
	}
	goto out;
dberror:
	dberr(ar, err, "counting the rows");
	rc = -1;
out:
	for (i = 0; st != NULL && i < sq->nspan; i++)
		sqlite3_finalize(st[i]);
	sqlite3_finalize(bk);
	free(st);
	free(byc);
	lean_free(ar, &l);
	return rc;
}

/* A passage kept while looking for the last: the row, its strings. */
struct lastp {
	struct vg_row	 r;		/* the row, its strings below */
	char		*s[7];		/* device, zone, person, card, plate,
					   source, digest */
	int		 have;		/* one is kept */
};

/* Whether the row of st (sq_last_passage's columns, corrected time t)
 * comes after p's in vg_ar_stream's order. */
static int
lastp_after(const struct lastp *p, sqlite3_stmt *st, int64_t t)
{
	const char	*src;
	int		 c;

	if (!p->have || t != p->r.t)
		return !p->have || t > p->r.t;
	if ((c = strcmp(text_of(st, 1), p->r.device)) != 0)
		return c > 0;
	src = (const char *)sqlite3_column_text(st, 11);
	if ((c = strcmp(src != NULL ? src : "", p->r.source != NULL ?
	    p->r.source : "")) != 0)
		return c > 0;
	return sqlite3_column_int64(st, 13) > p->r.line;
}

static void
lastp_set(struct lastp *p, sqlite3_stmt *st, int64_t t)
{
	static const int	 col[7] = { 1, 2, 4, 6, 7, 11, 12 };
	size_t			 i;

	for (i = 0; i < 7; i++) {
		free(p->s[i]);
		p->s[i] = col_dup(st, col[i]);
	}
	memset(&p->r, 0, sizeof(p->r));
	p->r.type = VG_ROW_GATE;
	p->r.t = t;
	p->r.last = VG_TIME_NONE;
	p->r.device = p->s[0];
	p->r.zone = p->s[1];
	p->r.person = p->s[2];
	p->r.card = p->s[3];
	p->r.plate = p->s[4];
	p->r.source = p->s[5];
	p->r.digest = p->s[6];
	p->r.offset = sqlite3_column_type(st, 3) == SQLITE_NULL ?
	    VG_TIME_NONE : sqlite3_column_int64(st, 3);
	p->r.credential = name_of(vg_credential_names, st, 5);
	p->r.direction = name_of(vg_direction_names, st, 8);
	p->r.result = name_of(vg_result_names, st, 9);
	p->r.score = sqlite3_column_type(st, 10) == SQLITE_NULL ? NAN :
	    sqlite3_column_double(st, 10);
	p->r.line = sqlite3_column_int64(st, 13);
	p->have = 1;
}

/* What the look-ups of one batch share: the clock corrections' bound,
 * the statements by span, the devices by row id. */
struct lpctx {
	int64_t		 pad;		/* the largest correction, us */
	sqlite3_stmt	**st;		/* by span, by person and by card:
					   prepared on first use */
	sqlite3_stmt	**ix;		/* the same from the granted
					   passages' indexes alone */
	sqlite3_stmt	**byid;		/* by span: a row by its id */
	char		*cover;		/* by span: 1 it has those indexes,
					   2 not, 0 not yet asked */
	sqlite3_stmt	**way;		/* by span: a row's way, source and
					   line by its id */
	char		**code;		/* device code by row id, or NULL */
	int64_t		*off;		/* its correction, 0 for none */
	size_t		 ndev;		/* room in code and off */
	char		**src;		/* source path by row id, or NULL */
	size_t		 nsrc;		/* room in src */
};

/* The last passage found so far in the spans with the granted passages'
 * indexes, by its row id alone (read whole once the look-up is done). */
struct lpbest {
	int		 have;		/* one is kept */
	int64_t		 t;		/* its corrected time */
	size_t		 span;		/* its span */
	int64_t		 id;		/* its row id there */
	int64_t		 gate;		/* its gate's row id */
	int64_t		 src;		/* its source's row id */
	int64_t		 line;		/* its line */
	int		 dir;		/* its way: 1 in, 2 out */
};

/* Room in *a (strings by row id, *n of them) for id, the new NULL. */
static void
by_id_room(char ***a, size_t *n, size_t id)
{
	if (id < *n)
		return;
	*a = xreallocarray(*a, id + 1, sizeof(**a));
	memset(*a + *n, 0, (id + 1 - *n) * sizeof(**a));
	*n = id + 1;
}

/* The devices' codes and corrections by row id, into c; the sources'
 * paths by row id. */
static int
lp_devices(struct vg_archive *ar, struct lpctx *c)
{
	sqlite3_stmt	*st;
	int64_t		 id;
	int		 step;

	if (sqlite3_prepare_v2(SQ(ar)->db, "SELECT d.id, d.code,"
	    " coalesce(c.offset, 0) FROM device d LEFT JOIN clock_correction"
	    " c ON c.device = d.id", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((id = sqlite3_column_int64(st, 0)) < 0 || id > INT32_MAX)
			continue;
		if ((size_t)id >= c->ndev)
			c->off = xreallocarray(c->off, (size_t)id + 1,
			    sizeof(*c->off));
		by_id_room(&c->code, &c->ndev, (size_t)id);
		free(c->code[id]);
		c->code[id] = col_dup(st, 1);
		c->off[id] = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return -1;
	if (sqlite3_prepare_v2(SQ(ar)->db, "SELECT id, path FROM source", -1,
	    &st, NULL) != SQLITE_OK)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((id = sqlite3_column_int64(st, 0)) < 0 || id > INT32_MAX)
			continue;
		by_id_room(&c->src, &c->nsrc, (size_t)id);
		free(c->src[id]);
		c->src[id] = col_dup(st, 1);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : -1;
}

/* Whether a passage (corrected time t, gate and source by row id, line)
 * comes after b's in vg_ar_stream's order, as lastp_after orders them. */
static int
lpbest_after(const struct lpctx *c, const struct lpbest *b, int64_t t,
    int64_t g, int64_t src, int64_t line)
{
	const char	*x, *y;
	int		 k;

	if (!b->have || t != b->t)
		return !b->have || t > b->t;
	if ((k = strcmp(c->code[g], c->code[b->gate])) != 0)
		return k > 0;
	x = src >= 0 && (size_t)src < c->nsrc ? c->src[src] : NULL;
	y = b->src >= 0 && (size_t)b->src < c->nsrc ? c->src[b->src] : NULL;
	if ((k = strcmp(x != NULL ? x : "", y != NULL ? y : "")) != 0)
		return k > 0;
	return line > b->line;
}

/*
 * Look-up q in span i from the granted passages' indexes alone (time,
 * gate and row id), into *b: of a row that may be the last, only its
 * way, source and line are read (by its id); the last is read whole
 * once every span is looked up.
 */
static int
lp_covered(struct vg_archive *ar, struct lpctx *c, size_t i,
    const struct vg_passq *q, struct lpbest *b)
{
	static const char *const ixtmpl[2] = {
		"SELECT t, gate, id FROM gate_event@ INDEXED BY"
		" gate_event@_passage_person WHERE person = ?1 AND t < ?2 AND"
		" result = 1 AND direction IN (1, 2) ORDER BY t DESC",
		"SELECT t, gate, id FROM gate_event@ INDEXED BY"
		" gate_event@_passage_card WHERE card = ?1 AND person IS NULL"
		" AND t < ?2 AND result = 1 AND direction IN (1, 2) ORDER BY"
		" t DESC",
	};
	const struct span	*sp = &SQ(ar)->span[i];
	sqlite3_stmt		**st, **by;
	const char		*code;
	int64_t			 raw, t, g, id;
	size_t			 k;
	int			 step, fstep = SQLITE_DONE, keep;
	int			 bycard = q->person == NULL;

	st = &c->ix[2 * i + (size_t)bycard];
	if (*st == NULL && prepare_span(ar, ixtmpl[bycard], sp, st) == -1)
		return -1;
	by = &c->way[i];
	if (*by == NULL && prepare_span(ar, "SELECT direction, source, line"
	    " FROM gate_event@ WHERE id = ?1", sp, by) == -1)
		return -1;
	bind_cstr(*st, 1, bycard ? q->card : q->person);
	sqlite3_bind_int64(*st, 2, q->before + c->pad);
	while ((step = sqlite3_step(*st)) == SQLITE_ROW) {
		raw = sqlite3_column_int64(*st, 0);
		if (b->have && raw + c->pad < b->t)
			break;
		g = sqlite3_column_int64(*st, 1);
		if (g < 0 || (size_t)g >= c->ndev || (code = c->code[g]) ==
		    NULL)
			continue;
		t = raw - c->off[g];
		for (k = 0, keep = 0; !keep && k < q->ncodes; k++)
			keep = strcmp(q->codes[k], code) == 0;
		if (!keep || t >= q->before || (b->have && t < b->t))
			continue;
		id = sqlite3_column_int64(*st, 2);
		sqlite3_bind_int64(*by, 1, id);
		if ((fstep = sqlite3_step(*by)) == SQLITE_ROW &&
		    lpbest_after(c, b, t, g, sqlite3_column_int64(*by, 1),
		    sqlite3_column_int64(*by, 2))) {
			b->have = 1;
			b->t = t;
			b->span = i;
			b->id = id;
			b->gate = g;
			b->src = sqlite3_column_int64(*by, 1);
			b->line = sqlite3_column_int64(*by, 2);
			b->dir = sqlite3_column_int(*by, 0);
		}
		sqlite3_reset(*by);
		if (fstep != SQLITE_ROW && fstep != SQLITE_DONE)
			break;
	}
	sqlite3_reset(*st);
	return (step == SQLITE_ROW || step == SQLITE_DONE) && (fstep ==
	    SQLITE_ROW || fstep == SQLITE_DONE) ? 0 : -1;
}

/*
 * Look-up q (index qi): the last granted passage in or out of its person
 * (else of its card, read with no person) through one of its gates with
 * a corrected time before its time, in vg_ar_stream's order, to fn;
 * nothing when there is none.  Each span before it is looked up by the
 * gate events' person or card index, newest first, until no older row
 * can come later: by its granted passages' indexes alone where the span
 * has them (imports since they were added make them), else by the
 * person and card indexes and the table.
 */
static int
sq_last_passage(struct vg_archive *ar, struct lpctx *c,
    const struct vg_passq *q, size_t qi, vg_passq_fn fn, void *arg)
{
	static const char *const tmpl[3] = {
		"SELECT g.t, d.code, d.zone, c.offset, g.person, g.credential,"
		" g.card, g.plate, g.direction, g.result, g.score, s.path,"
		" s.sha256, g.line FROM gate_event@ g JOIN device d ON d.id ="
		" g.gate LEFT JOIN clock_correction c ON c.device = g.gate LEFT"
		" JOIN source s ON s.id = g.source WHERE g.person = ?1 AND g.t"
		" < ?2 AND g.result = 1 AND g.direction IN (1, 2) ORDER BY g.t"
		" DESC",
		"SELECT g.t, d.code, d.zone, c.offset, g.person, g.credential,"
		" g.card, g.plate, g.direction, g.result, g.score, s.path,"
		" s.sha256, g.line FROM gate_event@ g JOIN device d ON d.id ="
		" g.gate LEFT JOIN clock_correction c ON c.device = g.gate LEFT"
		" JOIN source s ON s.id = g.source WHERE g.card = ?1 AND"
		" g.person IS NULL AND g.t < ?2 AND g.result = 1 AND"
		" g.direction IN (1, 2) ORDER BY g.t DESC",
		"SELECT g.t, d.code, d.zone, c.offset, g.person, g.credential,"
		" g.card, g.plate, g.direction, g.result, g.score, s.path,"
		" s.sha256, g.line FROM gate_event@ g JOIN device d ON d.id ="
		" g.gate LEFT JOIN clock_correction c ON c.device = g.gate LEFT"
		" JOIN source s ON s.id = g.source WHERE g.id = ?1",
	};
	struct sq_archive	*sq = SQ(ar);
	const struct span	*sp;
	struct lastp		 p;
	struct lpbest		 b;
	sqlite3_stmt		**st;
	const char		*code;
	int64_t			 pad = c->pad, raw, t, top;
	size_t			 i, k;
	int			 step, rc = -1, keep, bycard = q->person == NULL;

	memset(&p, 0, sizeof(p));
	memset(&b, 0, sizeof(b));
	if (q->person == NULL && q->card == NULL)
		return 0;
	for (i = sq->nspan; i-- > 0; ) {
		sp = &sq->span[i];
		top = b.have && (!p.have || b.t > p.r.t) ? b.t : p.r.t;
		if (!span_in(sp, K_GATE, VG_TIME_NONE, q->before + pad - 1) ||
		    ((p.have || b.have) && sp->end - 1 + pad < top))
			continue;
		if (c->cover[i] == 0)
			c->cover[i] = span_int(ar, sp, K_GATE, "SELECT count(*)"
			    " FROM sqlite_schema WHERE type = 'index' AND name"
			    " GLOB '@_passage_*'") == 2 ? 1 : 2;
		if (c->cover[i] == 1) {
			if (lp_covered(ar, c, i, q, &b) == -1)
				goto out;
			continue;
		}
		st = &c->st[2 * i + (size_t)bycard];
		if (*st == NULL && prepare_span(ar, tmpl[bycard], sp, st) == -1)
			goto out;
		bind_cstr(*st, 1, bycard ? q->card : q->person);
		sqlite3_bind_int64(*st, 2, q->before + pad);
		while ((step = sqlite3_step(*st)) == SQLITE_ROW) {
			raw = sqlite3_column_int64(*st, 0);
			if (p.have && raw + pad < p.r.t)
				break;
			t = raw - sqlite3_column_int64(*st, 3);
			code = text_of(*st, 1);
			for (k = 0, keep = 0; !keep && k < q->ncodes; k++)
				keep = strcmp(q->codes[k], code) == 0;
			if (keep && t < q->before && lastp_after(&p, *st, t))
				lastp_set(&p, *st, t);
		}
		sqlite3_reset(*st);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			goto out;
	}
	/* the last of the indexed spans', read whole (a passage of the other
	   way than the one asked for is not given) */
	if (b.have && (!p.have || b.t >= p.r.t) && (q->dir == 0 || b.dir ==
	    q->dir || p.have)) {
		st = &c->byid[b.span];
		if (*st == NULL && prepare_span(ar, tmpl[2], &sq->span[b.span],
		    st) == -1)
			goto out;
		sqlite3_bind_int64(*st, 1, b.id);
		if ((step = sqlite3_step(*st)) == SQLITE_ROW &&
		    lastp_after(&p, *st, b.t))
			lastp_set(&p, *st, b.t);
		sqlite3_reset(*st);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			goto out;
	}
	rc = 0;
	if (p.have && (q->dir < 1 || q->dir > 2 || (p.r.direction != NULL &&
	    strcmp(p.r.direction, vg_direction_names[q->dir]) == 0)))
		(void)fn(qi, &p.r, arg);
out:
	for (i = 0; i < 7; i++)
		free(p.s[i]);
	return rc;
}

/*
 * sq_last_passage for each of n look-ups, in one read transaction with
 * the file mapped (neither the file's locks taken again nor its pages
 * copied in again at each), each span's statements prepared once.
 */
static int
sq_last_passages(struct vg_archive *ar, const struct vg_passq *q, size_t n,
    vg_passq_fn fn, void *arg, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct lpctx		 c;
	sqlite3_stmt		*st;
	size_t			 i;
	int			 rc = -1, step, txn = 0;

	if (n == 0)
		return 0;
	memset(&c, 0, sizeof(c));
	if (sqlite3_get_autocommit(sq->db) && exec(ar, "BEGIN", NULL) == 0)
		txn = 1;
	(void)exec(ar, "PRAGMA mmap_size = 17179869184", NULL);
	/* (the spans as read before: a stream may be reading them) */
	if (!sq->span_read && spans_fresh(ar, err) == -1)
		goto out;
	if (sqlite3_prepare_v2(sq->db, "SELECT coalesce(max(abs(offset)), 0)"
	    " FROM clock_correction", -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		c.pad = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		goto dberror;
	c.st = xcalloc(2 * sq->nspan + 1, sizeof(*c.st));
	c.ix = xcalloc(2 * sq->nspan + 1, sizeof(*c.ix));
	c.byid = xcalloc(sq->nspan + 1, sizeof(*c.byid));
	c.way = xcalloc(sq->nspan + 1, sizeof(*c.way));
	c.cover = xcalloc(sq->nspan + 1, sizeof(*c.cover));
	if (lp_devices(ar, &c) == -1)
		goto dberror;
	for (i = 0; i < n; i++)
		if (sq_last_passage(ar, &c, &q[i], i, fn, arg) == -1)
			goto dberror;
	rc = 0;
	goto out;
dberror:
	dberr(ar, err, "reading the last passage");
out:
	for (i = 0; c.st != NULL && i < 2 * sq->nspan; i++) {
		sqlite3_finalize(c.st[i]);
		sqlite3_finalize(c.ix[i]);
	}
	for (i = 0; c.byid != NULL && i < sq->nspan; i++) {
		sqlite3_finalize(c.byid[i]);
		sqlite3_finalize(c.way[i]);
	}
	for (i = 0; i < c.ndev; i++)
		free(c.code[i]);
	for (i = 0; i < c.nsrc; i++)
		free(c.src[i]);
	free(c.src);
	free(c.way);
	free(c.st);
	free(c.ix);
	free(c.byid);
	free(c.cover);
	free(c.code);
	free(c.off);
	if (txn)
		(void)exec(ar, "COMMIT", NULL);
	(void)exec(ar, "PRAGMA mmap_size = 0", NULL);
	return rc;
}

/*
 * passback's stored candidates (vg_ar_pass_store, vg_ar_pass_stored): per
 * span, the passages the import's scan of the whole span reported, kept
 * with a stamp of what they were found from; and the gates and times of
 * the tailgating rows it found (candidates of line -1), in tail_stored.
 * Tables of their own, made by the first import that stores them,
 * versioned by VG_PASS_VERSION rather than by the archive's migrations
 * (version 2: tail_stored, the stamp holding the spans after; 3: the rows
 * of impossible-travel's pairs in pass_stored, lines VG_PCAND_TRAVEL and
 * below); stamped as archive.c says (vg_ar_pass_stamp).
 */
static const char pass_tables[] =
	"CREATE TABLE IF NOT EXISTS pass_span ("
	"  span INTEGER PRIMARY KEY,"
	"  version INTEGER NOT NULL,"
	"  stamp INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS pass_stored ("
	"  t INTEGER NOT NULL,"
	"  gate INTEGER NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  span INTEGER NOT NULL,"
	"  PRIMARY KEY (t, gate, line, span)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS tail_stored ("
	"  t INTEGER NOT NULL,"
	"  gate INTEGER NOT NULL,"
	"  span INTEGER NOT NULL,"
	"  PRIMARY KEY (t, gate, span)) WITHOUT ROWID;";

/* What the candidates depend on besides the spans (the clock corrections,
 * the site, the model the head count's looks are weighed by), as text
 * into *b; the largest correction into *pad; the spans as the stamp reads
 * them into *sp (sq->span's order, freed by the caller). */
static int
pass_base(struct vg_archive *ar, struct vg_buf *b, int64_t *pad,
    struct vg_ar_pspan **sp, size_t *n)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	size_t			 i;
	int			 step;

	*pad = 0;
	*n = sq->nspan;
	*sp = xcalloc(sq->nspan + 1, sizeof(**sp));
	for (i = 0; i < sq->nspan; i++) {
		(*sp)[i].id = sq->span[i].id;
		(*sp)[i].start = sq->span[i].start;
		(*sp)[i].end = sq->span[i].end;
		(*sp)[i].gates = sq->span[i].rows[K_GATE];
		(*sp)[i].sightings = sq->span[i].rows[K_SIGHTING];
	}
	if (sqlite3_prepare_v2(sq->db, "SELECT device, offset FROM"
	    " clock_correction ORDER BY device", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		vg_ar_pass_correction(b, sqlite3_column_int64(st, 0),
		    sqlite3_column_int64(st, 1), pad);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE || sqlite3_prepare_v2(sq->db, "SELECT"
	    " (SELECT group_concat(coalesce(source, 0)) FROM site),"
	    " (SELECT count(*) FROM device), (SELECT count(*) FROM zone)",
	    -1, &st, NULL) != SQLITE_OK)
		return -1;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		vg_ar_pass_site(b, (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2));
	sqlite3_finalize(st);
	if (step != SQLITE_ROW || sqlite3_prepare_v2(sq->db, "SELECT learned,"
	    " body FROM model", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		vg_ar_pass_model(b, sqlite3_column_int64(st, 0),
		    sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1));
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : -1;
}

/* Whether span i's candidates are stored and current: 1, 0, -1. */
static int
pass_current(struct vg_archive *ar, sqlite3_stmt *st, size_t i,
    int64_t stamp)
{
	int	step, rc = 0;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, SQ(ar)->span[i].id);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		rc = sqlite3_column_int64(st, 0) == VG_PASS_VERSION &&
		    sqlite3_column_int64(st, 1) == stamp;
	else if (step != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(st);
	return rc;
}

/* Whether the archive has the store's table name: 1, 0, -1. */
static int
pass_made(struct vg_archive *ar, const char *name)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	if (sqlite3_prepare_v2(SQ(ar)->db, "SELECT count(*) FROM sqlite_schema"
	    " WHERE name = ?1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	return rc;
}

static int
sq_pass_store(struct vg_archive *ar, int make, vg_pscan_fn fn, void *arg,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_buf		 base = { NULL, 0, 0 };
	struct vg_pcand		*c = NULL;
	struct vg_ar_pspan	*sp = NULL;
	sqlite3_stmt		*cur = NULL, *del = NULL, *put = NULL,
				*mark = NULL, *dev = NULL, *tdel = NULL,
				*tput = NULL, *st;
	int64_t			 pad, stamp, gate, from, to;
	size_t			 i, k, nsp = 0, nc = 0;
	int			 rc = -1, n = 0, txn = 0, cr;

	if (!ar->rdwr)
		return 0;
	if ((cr = pass_made(ar, "pass_span")) == -1) {
		dberr(ar, err, "storing passback's candidates");
		return -1;
	}
	if (!cr && !make)
		return 0;
	if (exec(ar, pass_tables, err) == -1 || spans_fresh(ar, err) == -1)
		return -1;
	if (pass_base(ar, &base, &pad, &sp, &nsp) == -1 ||
	    sqlite3_prepare_v2(sq->db, "SELECT version, stamp FROM pass_span"
	    " WHERE span = ?1", -1, &cur,
	    NULL) != SQLITE_OK || sqlite3_prepare_v2(sq->db, "DELETE FROM"
	    " pass_stored WHERE span = ?1", -1, &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(sq->db, "INSERT OR IGNORE INTO pass_stored"
	    " (t, gate, line, span) VALUES (?1, ?2, ?3, ?4)", -1, &put, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(sq->db, "INSERT OR REPLACE INTO"
	    " pass_span (span, version, stamp) VALUES (?1, ?2, ?3)", -1, &mark,
	    NULL) != SQLITE_OK || sqlite3_prepare_v2(sq->db, "SELECT id FROM"
	    " device WHERE code = ?1", -1, &dev, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(sq->db, "DELETE FROM tail_stored WHERE span ="
	    " ?1", -1, &tdel, NULL) != SQLITE_OK || sqlite3_prepare_v2(sq->db,
	    "INSERT OR IGNORE INTO tail_stored (t, gate, span) VALUES (?1, ?2,"
	    " ?3)", -1, &tput, NULL) != SQLITE_OK)
		goto dberror;
	for (i = 0; i < nsp; i++) {
		stamp = vg_ar_pass_stamp(sp, nsp, i, &base, pad);
		if ((cr = pass_current(ar, cur, i, stamp)) == -1)
			goto dberror;
		if (cr == 1)
			continue;
		/* the span's scan first, in reads of its own */
		nc = 0;
		vg_ar_pass_reach(&sp[i], pad, &from, &to);
		if (sp[i].gates > 0 && fn(from, to, &c, &nc, arg, err) == -1)
			goto out;
		if (exec(ar, "BEGIN IMMEDIATE", err) == -1)
			goto out;
		txn = 1;
		sqlite3_bind_int64(del, 1, sq->span[i].id);
		sqlite3_bind_int64(tdel, 1, sq->span[i].id);
		if (sqlite3_step(del) != SQLITE_DONE ||
		    sqlite3_step(tdel) != SQLITE_DONE)
			goto dberror;
		sqlite3_reset(del);
		sqlite3_reset(tdel);
		for (k = 0; k < nc; k++) {
			sqlite3_bind_text(dev, 1, c[k].device, -1,
			    SQLITE_STATIC);
			if (sqlite3_step(dev) != SQLITE_ROW)
				goto dberror;
			gate = sqlite3_column_int64(dev, 0);
			sqlite3_reset(dev);
			/* (line -1: a tailgating row's gate and time) */
			st = c[k].line == -1 ? tput : put;
			sqlite3_bind_int64(st, 1, c[k].t);
			sqlite3_bind_int64(st, 2, gate);
			if (st == put) {
				sqlite3_bind_int64(st, 3, c[k].line);
				sqlite3_bind_int64(st, 4, sq->span[i].id);
			} else
				sqlite3_bind_int64(st, 3, sq->span[i].id);
			if (sqlite3_step(st) != SQLITE_DONE)
				goto dberror;
			sqlite3_reset(st);
		}
		sqlite3_bind_int64(mark, 1, sq->span[i].id);
		sqlite3_bind_int64(mark, 2, VG_PASS_VERSION);
		sqlite3_bind_int64(mark, 3, stamp);
		if (sqlite3_step(mark) != SQLITE_DONE)
			goto dberror;
		sqlite3_reset(mark);
		if (exec(ar, "COMMIT", err) == -1)
			goto out;
		txn = 0;
		for (k = 0; k < nc; k++)
			free((char *)c[k].device);
		free(c);
		c = NULL;
		nc = 0;
		n++;
	}
	/* the spans dropped or merged since */
	if (exec(ar, "DELETE FROM pass_stored WHERE span NOT IN (SELECT id"
	    " FROM span); DELETE FROM tail_stored WHERE span NOT IN (SELECT"
	    " id FROM span); DELETE FROM pass_span WHERE span NOT IN (SELECT"
	    " id FROM span)", err) == -1)
		goto out;
	rc = n;
	goto out;
dberror:
	dberr(ar, err, "storing passback's candidates");
out:
	if (txn)
		(void)exec(ar, "ROLLBACK", NULL);
	for (k = 0; k < nc; k++)
		free((char *)c[k].device);
	free(c);
	sqlite3_finalize(cur);
	sqlite3_finalize(del);
	sqlite3_finalize(put);
	sqlite3_finalize(mark);
	sqlite3_finalize(dev);
	sqlite3_finalize(tdel);
	sqlite3_finalize(tput);
	free(sp);
	free(base.s);
	return rc;
}

static int
sq_pass_stored(struct vg_archive *ar, int64_t from, int64_t to,
    vg_pcand_fn fn, void *arg, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_buf		 base = { NULL, 0, 0 };
	struct vg_pcand		 c;
	struct vg_ar_pspan	*sp = NULL;
	sqlite3_stmt		*st = NULL;
	int64_t			 pad, lo, hi;
	size_t			 i, n = 0;
	int			 rc = -1, step;

	/* (a store of version 1 has no tail_stored: stale) */
	if ((step = pass_made(ar, "tail_stored")) == -1)
		goto dberror;
	if (step == 0)
		return 0;
	if (spans_fresh(ar, err) == -1)
		return -1;
	if (pass_base(ar, &base, &pad, &sp, &n) == -1 ||
	    sqlite3_prepare_v2(sq->db, "SELECT version, stamp FROM pass_span"
	    " WHERE span = ?1", -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	/* every span whose scan could store a candidate within the span
	   asked for: stored, and current */
	for (i = 0; i < n; i++) {
		vg_ar_pass_reach(&sp[i], pad, &lo, &hi);
		if ((from != VG_TIME_NONE && hi < from) ||
		    (to != VG_TIME_NONE && lo > to))
			continue;
		if ((step = pass_current(ar, st, i, vg_ar_pass_stamp(sp, n, i,
		    &base, pad))) == -1)
			goto dberror;
		if (step == 0) {
			rc = 0;
			goto out;
		}
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(sq->db, "SELECT p.t, d.code, p.line FROM"
	    " pass_stored p JOIN device d ON d.id = p.gate WHERE p.t >= ?1 AND"
	    " p.t <= ?2 UNION ALL SELECT p.t, d.code, -1 FROM tail_stored p"
	    " JOIN device d ON d.id = p.gate WHERE p.t >= ?1 AND p.t <= ?2",
	    -1, &st, NULL) != SQLITE_OK)
		goto dberror;
	sqlite3_bind_int64(st, 1, from != VG_TIME_NONE ? from : INT64_MIN);
	sqlite3_bind_int64(st, 2, to != VG_TIME_NONE ? to : INT64_MAX);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		c.t = sqlite3_column_int64(st, 0);
		c.device = (const char *)sqlite3_column_text(st, 1);
		c.line = sqlite3_column_int64(st, 2);
		if (fn(&c, arg) != 0)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		goto dberror;
	rc = 1;
	goto out;
dberror:
	dberr(ar, err, "reading passback's candidates");
out:
	sqlite3_finalize(st);
	free(sp);
	free(base.s);
	return rc;
}

/*
 * A read held (vg_ar_hold): one read transaction from on to off, so that
 * the statements between neither take the file's locks each nor ask for
 * data_version before each (spans_fresh); the spans checked once, as it
 * begins.
 */
static int
sq_hold(struct vg_archive *ar, int on, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);

	if (!on) {
		if (sq->held == 0 || --sq->held > 0 || !sq->heldtx)
			return 0;
		sq->heldtx = 0;
		return exec(ar, "COMMIT", err);
	}
	if (sq->held > 0) {
		sq->held++;
		return 0;
	}
	if (sqlite3_get_autocommit(sq->db)) {
		if (exec(ar, "BEGIN", err) == -1)
			return -1;
		sq->heldtx = 1;
	}
	if (spans_fresh(ar, err) == -1) {
		if (sq->heldtx)
			(void)exec(ar, "ROLLBACK", NULL);
		sq->heldtx = 0;
		return -1;
	}
	sq->held = 1;
	return 0;
}

/*
 * Archive copies (archive-copy.c): a span's rows, the roster, the
 * sources and the clock corrections read and written as stored.
 */

/* A text column as a vg_str (empty for NULL). */
static struct vg_str
col_str(sqlite3_stmt *st, int col)
{
	struct vg_str	s;

	s.s = (const char *)sqlite3_column_text(st, col);
	s.len = s.s != NULL ? (size_t)sqlite3_column_bytes(st, col) : 0;
	return s;
}

static double
col_real(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NAN :
	    sqlite3_column_double(st, col);
}

static int
sq_span_rows(struct vg_archive *ar, const char *name, vg_ar_raw_fn fn,
    void *arg, struct vg_error *err)
{
	static const char *const sql[NKIND] = {
		"SELECT g.t, g.gate, g.person, g.credential, g.card, g.plate,"
		" g.direction, g.result, g.score, g.source, g.line, e.number"
		" FROM gate_event@ g LEFT JOIN event_no e ON e.kind = 0 AND"
		" e.row = g.id ORDER BY g.id",
		"SELECT s.camera, s.track, s.first, s.last, s.kind, s.person,"
		" s.score, s.plate, s.upper, s.lower, s.attrs, s.x, s.y, s.w,"
		" s.h, s.embedding, s.source, s.line, e.number FROM sighting@ s"
		" LEFT JOIN event_no e ON e.kind = 1 AND e.row = s.id"
		" ORDER BY s.id",
	};
	const struct span	*sp;
	struct vg_gate_rec	 g;
	struct vg_sighting_rec	 s;
	sqlite3_stmt		*st;
	int			 k, i, rc = 0, step = SQLITE_DONE;

	if (spans_fresh(ar, err) == -1 || (sp = span_named(ar, name, err)) ==
	    NULL)
		return -1;
	for (k = 0; k < NKIND && rc == 0; k++) {
		if (sp->rows[k] < 0)
			continue;
		if (prepare_span(ar, sql[k], sp, &st) == -1) {
			dberr(ar, err, "reading a span");
			return -1;
		}
		while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
			if (k == K_GATE) {
				memset(&g, 0, sizeof(g));
				g.t = sqlite3_column_int64(st, 0);
				g.gate = sqlite3_column_int64(st, 1);
				g.person = col_str(st, 2);
				g.credential = sqlite3_column_int(st, 3);
				g.card = col_str(st, 4);
				g.plate = col_str(st, 5);
				g.direction = sqlite3_column_int(st, 6);
				g.result = sqlite3_column_int(st, 7);
				g.score = col_real(st, 8);
				g.line = sqlite3_column_int64(st, 10);
				g.evno = col_str(st, 11);
				rc = fn(&g, NULL, sqlite3_column_int64(st, 9),
				    arg);
				continue;
			}
			memset(&s, 0, sizeof(s));
			s.camera = sqlite3_column_int64(st, 0);
			s.track = col_str(st, 1);
			s.first = sqlite3_column_int64(st, 2);
			s.last = sqlite3_column_int64(st, 3);
			s.kind = sqlite3_column_int(st, 4);
			s.person = col_str(st, 5);
			s.score = col_real(st, 6);
			s.plate = col_str(st, 7);
			s.upper = sqlite3_column_int(st, 8);
			s.lower = sqlite3_column_int(st, 9);
			s.attrs = col_str(st, 10);
			for (i = 0; i < 4; i++)
				s.box[i] = col_real(st, 11 + i);
			if ((s.emb = sqlite3_column_blob(st, 15)) != NULL)
				s.embdim = (size_t)sqlite3_column_bytes(st,
				    15) / 4;
			s.line = sqlite3_column_int64(st, 17);
			s.evno = col_str(st, 18);
			rc = fn(NULL, &s, sqlite3_column_int64(st, 16), arg);
		}
		if (rc == 0 && step != SQLITE_DONE) {
			dberr(ar, err, "reading a span");
			rc = -1;
		}
		sqlite3_finalize(st);
	}
	return rc < 0 ? -1 : rc;
}

static int
sq_roster(struct vg_archive *ar, vg_ar_person_fn fn, void *arg,
    struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	struct vg_person_rec	 r;
	sqlite3_stmt		*st;
	int			 rc = 0, step;

	if (sqlite3_prepare_v2(sq->db, "SELECT p.id, p.name, p.employer,"
	    " p.dorm, p.status, p.source, p.line, (SELECT group_concat(card,"
	    " ';') FROM (SELECT card FROM card WHERE person = p.id ORDER BY"
	    " card)), (SELECT group_concat(plate, ';') FROM (SELECT plate FROM"
	    " plate WHERE person = p.id ORDER BY plate)) FROM person p ORDER BY"
	    " p.source, p.line, p.id", -1, &st, NULL) != SQLITE_OK) {
		dberr(ar, err, "reading the roster");
		return -1;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.id = col_str(st, 0);
		r.name = col_str(st, 1);
		r.employer = col_str(st, 2);
		r.dorm = col_str(st, 3);
		r.status = col_str(st, 4);
		r.line = sqlite3_column_int64(st, 6);
		r.cards = col_str(st, 7);
		r.plates = col_str(st, 8);
		if ((rc = fn(&r, sqlite3_column_int64(st, 5), arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE) {
		dberr(ar, err, "reading the roster");
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : rc;
}

/* A stored time set again: sql binds the key (?1, text or integer) and
 * the time (?2). */
static int
time_set(struct vg_archive *ar, const char *sql, const char *key,
    int64_t id, int64_t t, struct vg_error *err)
{
	struct sq_archive	*sq = SQ(ar);
	sqlite3_stmt		*st;
	int			 rc;

	if (sqlite3_prepare_v2(sq->db, sql, -1, &st, NULL) != SQLITE_OK) {
		dberr(ar, err, "copying");
		return -1;
	}
	if (key != NULL)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, t);
	rc = step_done(ar, st, err, "copying");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_source_put(struct vg_archive *ar, struct vg_source *src,
    struct vg_error *err)
{
	int64_t	imported = src->imported;

	if (sq_source_add(ar, src, err) == -1)
		return -1;
	src->imported = imported;
	if (time_set(ar, "UPDATE source SET imported = ?2 WHERE id = ?1",
	    NULL, src->id, imported, err) == -1)
		return -1;
	return sq_source_done(ar, src, err);
}

static int
sq_offset_put(struct vg_archive *ar, const struct vg_offset *o,
    struct vg_error *err)
{
	if (sq_set_offset(ar, o->device, o->offset, o->method, o->support,
	    o->uncertainty, o->note, err) == -1)
		return -1;
	return time_set(ar, "UPDATE clock_correction SET set_at = ?2 WHERE"
	    " device = (SELECT id FROM device WHERE code = ?1)", o->device, 0,
	    o->set_at, err);
}

const struct vg_archive_ops vg_sqlite_ops = {
	.open = sq_open,
	.close = sq_close,
	.version = sq_version,
	.timezone = sq_timezone,
	.has = sq_has,
	.has_site = sq_has_site,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.source_find = sq_source_find,
	.source_add = sq_source_add,
	.source_done = sq_source_done,
	.device_ident = sq_device_ident,
	.ndevices = sq_ndevices,
	.devices = sq_devices,
	.embedding_dim = sq_embedding_dim,
	.put_site = sq_put_site,
	.put_person = sq_put_person,
	.put_gate = sq_put_gate,
	.gate_twin = sq_gate_twin,
	.gate_seen = sq_gate_seen,
	.sighting_twin = sq_sighting_twin,
	.person_named = sq_person_named,
	.put_sighting = sq_put_sighting,
	.sources = sq_sources,
	.people = sq_people,
	.site = sq_site,
	.query_run = sq_query_run,
	.query_count = sq_query_count,
	.box = sq_box,
	.graph = sq_graph,
	.window = sq_window,
	.vehicle_devices = sq_vehicle_devices,
	.sighting = sq_sighting,
	.identity = sq_identity,
	.person_looks = sq_person_looks,
	.set_offset = sq_set_offset,
	.offsets = sq_offsets,
	.owner = sq_owner,
	.person = sq_person,
	.put_recording = sq_put_recording,
	.recording_find = sq_recording_find,
	.recordings = sq_recordings,
	.model_read = sq_model_read,
	.model_write = sq_model_write,
	.named = sq_named,
	.sample = sq_sample,
	.device_counts = sq_device_counts,
	.recordings_root = sq_recordings_root,
	.set_recordings_root = sq_set_recordings_root,
	.skew_estimated = sq_skew_estimated,
	.recording_rename = sq_recording_rename,
	.spans = sq_spans,
	.span_check = sq_span_check,
	.span_drop = sq_span_drop,
	.keep = sq_keep,
	.lookvec_build = sq_lookvec_build,
	.lookvec = sq_lookvec,
	.entry_hours = sq_entry_hours,
	.habit = sq_habit,
	.stream = sq_stream,
	.defer = sq_defer,
	.settle = sq_settle,
	.span_rows = sq_span_rows,
	.roster = sq_roster,
	.source_put = sq_source_put,
	.offset_put = sq_offset_put,
	.last_passages = sq_last_passages,
	.compact = sq_compact,
	.hold = sq_hold,
	.window_lean = sq_window_lean,
	.pass_store = sq_pass_store,
	.pass_stored = sq_pass_stored,
	.span_extent = sq_span_extent,
	.slots = vg_slots_by_window,
	.windows = vg_windows_by_window,
	.row_lean = sq_row_lean,
	.stream_parts = sq_stream_parts,
	.count_parts = sq_count_parts,
	.person_ids = sq_person_ids,
	.count_bounds = sq_count_bounds,
};
