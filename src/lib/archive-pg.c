/* archive-pg.c: the archive on a PostgreSQL server (libpq); every SQL
   statement it sends is here */
#include "config.h"

#include "vigil-int.h"
#include "model.h"
#include "archive-impl.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libpq-fe.h>

/*
 * The schema.  Gate events and sightings are declaratively partitioned by
 * time, one range partition a span (the site's local day, as the SQLite
 * archive's spans): a day of a large campus is some 19 M rows, whose
 * indexes a day's partition keeps small enough to build at import and
 * to drop whole at retention; a week would be 130 M rows a partition and
 * retention by the week.  A day's partition is made by the import that
 * first needs it, as a table of its own (with the CHECK of its range),
 * loaded by COPY, its indexes built by sorting (packed full: index_staged),
 * then attached (ATTACH PARTITION takes them as the parent's and takes no
 * lock that stops a reader).  Site, roster and the
 * rest are small tables.  The row ids of a span's rows begin at its id
 * << 40, as in the SQLite archive.  Names that are words of SQL (offset,
 * end, row) are shift, stop and row_id here.
 */
static const char *const migrations[] = {
	/* 1: the first archive on a server */
	"CREATE TABLE source ("
	"  id bigserial PRIMARY KEY,"
	"  path text NOT NULL,"
	"  sha256 text NOT NULL UNIQUE,"
	"  size bigint NOT NULL,"
	"  format text NOT NULL,"
	"  imported bigint NOT NULL,"
	"  rows bigint NOT NULL DEFAULT 0,"
	"  rejected bigint NOT NULL DEFAULT 0);"
	"CREATE TABLE site ("
	"  id text PRIMARY KEY,"
	"  name text,"
	"  timezone text NOT NULL,"
	"  source bigint);"
	"CREATE TABLE zone ("
	"  id text PRIMARY KEY,"
	"  name text,"
	"  ring integer NOT NULL,"
	"  line bigint,"
	"  hours text);"
	"CREATE TABLE place ("
	"  id text PRIMARY KEY,"
	"  name text,"
	"  zone text,"
	"  kind text,"
	"  x double precision, y double precision,"
	"  line bigint);"
	"CREATE TABLE device ("
	"  id bigint PRIMARY KEY,"
	"  code text NOT NULL UNIQUE,"
	"  type integer NOT NULL,"
	"  name text,"
	"  zone text,"
	"  x double precision, y double precision,"
	"  kind text,"
	"  credentials integer,"
	"  place text,"
	"  heading double precision,"
	"  face integer,"
	"  recordings text,"
	"  ext text,"
	"  line bigint,"
	"  gate text);"
	"CREATE TABLE link ("
	"  a bigint NOT NULL,"
	"  b bigint NOT NULL,"
	"  min integer NOT NULL,"
	"  max integer NOT NULL,"
	"  directed integer NOT NULL,"
	"  line bigint,"
	"  PRIMARY KEY (a, b));"
	"CREATE TABLE device_ident ("
	"  vendor text NOT NULL,"
	"  ident text NOT NULL,"
	"  channel text NOT NULL,"
	"  device bigint NOT NULL,"
	"  line bigint,"
	"  PRIMARY KEY (vendor, ident, channel));"
	"CREATE TABLE person ("
	"  id text PRIMARY KEY,"
	"  name text,"
	"  employer text,"
	"  dorm text,"
	"  status text,"
	"  source bigint NOT NULL,"
	"  line bigint NOT NULL);"
	"CREATE INDEX person_name ON person(name);"
	"CREATE TABLE card ("
	"  card text NOT NULL,"
	"  person text NOT NULL,"
	"  PRIMARY KEY (card, person));"
	"CREATE INDEX card_person ON card(person);"
	"CREATE TABLE plate ("
	"  plate text NOT NULL,"
	"  person text NOT NULL,"
	"  PRIMARY KEY (plate, person));"
	"CREATE INDEX plate_person ON plate(person);"
	"CREATE TABLE gate_event ("
	"  id bigint NOT NULL,"
	"  t bigint NOT NULL,"
	"  gate bigint NOT NULL,"
	"  person text,"
	"  credential integer NOT NULL,"
	"  card text,"
	"  plate text,"
	"  direction integer NOT NULL,"
	"  result integer,"
	"  score double precision,"
	"  source bigint NOT NULL,"
	"  line bigint NOT NULL) PARTITION BY RANGE (t);"
	"CREATE INDEX gate_event_gate_t ON gate_event(gate, t);"
	"CREATE INDEX gate_event_person_t ON gate_event(person, t)"
	"  WHERE person IS NOT NULL;"
	"CREATE INDEX gate_event_card_t ON gate_event(card, t)"
	"  WHERE card IS NOT NULL;"
	"CREATE INDEX gate_event_plate_t ON gate_event(plate, t)"
	"  WHERE plate IS NOT NULL;"
	"CREATE TABLE sighting ("
	"  id bigint NOT NULL,"
	"  camera bigint NOT NULL,"
	"  track text NOT NULL,"
	"  first bigint NOT NULL,"
	"  last bigint NOT NULL,"
	"  kind integer,"
	"  person text,"
	"  score double precision,"
	"  plate text,"
	"  upper integer,"
	"  lower integer,"
	"  attrs text,"
	"  x double precision, y double precision,"
	"  w double precision, h double precision,"
	"  embedding bytea,"
	"  source bigint NOT NULL,"
	"  line bigint NOT NULL) PARTITION BY RANGE (first);"
	"CREATE INDEX sighting_camera_first ON sighting(camera, first);"
	"CREATE INDEX sighting_person_first ON sighting(person, first)"
	"  WHERE person IS NOT NULL;"
	"CREATE INDEX sighting_plate_first ON sighting(plate, first)"
	"  WHERE plate IS NOT NULL;"
	"CREATE TABLE meta ("
	"  key text PRIMARY KEY,"
	"  value text);"
	"CREATE TABLE clock_correction ("
	"  device bigint PRIMARY KEY,"
	"  shift bigint NOT NULL,"
	"  method text NOT NULL,"
	"  support bigint,"
	"  uncertainty bigint,"
	"  note text,"
	"  set_at bigint NOT NULL);"
	"CREATE TABLE model ("
	"  id integer PRIMARY KEY CHECK (id = 1),"
	"  learned bigint NOT NULL,"
	"  body text NOT NULL);"
	"CREATE TABLE span ("
	"  id bigint PRIMARY KEY,"
	"  name text NOT NULL UNIQUE,"
	"  suffix text NOT NULL UNIQUE,"
	"  start bigint NOT NULL,"
	"  stop bigint NOT NULL,"
	"  gates bigint,"
	"  sightings bigint);"
	"CREATE TABLE span_device ("
	"  span bigint NOT NULL,"
	"  device bigint NOT NULL,"
	"  n bigint NOT NULL,"
	"  named bigint NOT NULL,"
	"  PRIMARY KEY (span, device));"
	"CREATE TABLE source_span ("
	"  source bigint NOT NULL,"
	"  span bigint NOT NULL,"
	"  rows bigint NOT NULL,"
	"  PRIMARY KEY (source, span));"
	"CREATE TABLE span_hour ("
	"  span bigint NOT NULL,"
	"  device bigint NOT NULL,"
	"  hour integer NOT NULL,"
	"  n bigint NOT NULL,"
	"  PRIMARY KEY (span, device, hour));"
	"CREATE TABLE habit ("
	"  who text NOT NULL,"
	"  zone text NOT NULL,"
	"  hours bigint NOT NULL,"
	"  PRIMARY KEY (who, zone));"
	"CREATE TABLE event_no ("
	"  kind integer NOT NULL,"
	"  row_id bigint NOT NULL,"
	"  device bigint NOT NULL,"
	"  number text NOT NULL,"
	"  sec bigint NOT NULL,"
	"  PRIMARY KEY (kind, row_id));"
	"CREATE INDEX event_no_number ON event_no(device, number, sec);"
	/* who looked whom up under a case, as the server knows the officer */
	"CREATE TABLE audit ("
	"  id bigserial PRIMARY KEY,"
	"  at timestamptz NOT NULL DEFAULT now(),"
	"  role name NOT NULL DEFAULT session_user,"
	"  tool text NOT NULL,"
	"  subject text,"
	"  why text NOT NULL,"
	"  case_id text);",
	/* 2: recordings, indexed where they lie; the files are not copied */
	"CREATE TABLE recording ("
	"  id bigserial PRIMARY KEY,"
	"  camera bigint NOT NULL,"
	"  path text NOT NULL UNIQUE,"
	"  start bigint,"
	"  duration bigint,"
	"  container text,"
	"  codec text,"
	"  width integer,"
	"  height integer,"
	"  fps double precision,"
	"  size bigint NOT NULL,"
	"  mtime bigint NOT NULL,"
	"  sha256 text NOT NULL,"
	"  keyframes bytea,"
	"  status text NOT NULL,"
	"  problem text,"
	"  indexed bigint NOT NULL);"
	"CREATE INDEX recording_camera_start ON recording(camera, start);",
	/* 3: a person's name beside the id in an index of its own, so that
	 * the names of a gate's rows are index-only scans of the roster, not
	 * a heap fetch each (lean_sql: a gate's hour of 693 rows at 100 M
	 * rows with 180,000 people, 2.25-2.40 ms of the server's CPU a run
	 * without, 1.55 ms with) */
	"CREATE UNIQUE INDEX person_id_name ON person(id) INCLUDE (name);",
	/* 4: a gate's rows not granted by time (2.2% of a campus day's), as
	 * the SQLite archive's spans have them: vigil-anomaly's narrowed
	 * reads of a span's refused faces and denied cards
	 * (pg_stream_parts) */
	"CREATE INDEX gate_event_refused ON gate_event(gate, t)"
	"  WHERE result IS DISTINCT FROM 1;",
	/* 5: vigil-anomaly's store, as the SQLite archive's (pass_span,
	 * pass_stored, tail_stored; versioned by VG_PASS_VERSION), a span's
	 * rows dropped with it (span_drop): small tables, tens of rows a day,
	 * not partitioned (pg_pass_store, pg_pass_stored) */
	"CREATE TABLE pass_span ("
	"  span bigint PRIMARY KEY,"
	"  version integer NOT NULL,"
	"  stamp bigint NOT NULL);"
	"CREATE TABLE pass_stored ("
	"  t bigint NOT NULL,"
	"  gate bigint NOT NULL,"
	"  line bigint NOT NULL,"
	"  span bigint NOT NULL,"
	"  PRIMARY KEY (t, gate, line, span));"
	"CREATE TABLE tail_stored ("
	"  t bigint NOT NULL,"
	"  gate bigint NOT NULL,"
	"  span bigint NOT NULL,"
	"  PRIMARY KEY (t, gate, span));",
	/* 6: each gate's events counted by ten seconds of their raw time
	 * (b: t / VG_CBUCKET, floored), a row a span, gate and bucket, kept
	 * as the rows are written (account) and counted here for the rows
	 * already held: vigil-anomaly's denied-burst bounds a gate's reads
	 * between two times by them (pg_count_bounds) where it counted them
	 * through the (gate, t) index (the SQLite archive's migration 11,
	 * not packed: a gate's hour is one range of the key) */
	"CREATE TABLE span_count ("
	"  span bigint NOT NULL,"
	"  device bigint NOT NULL,"
	"  b bigint NOT NULL,"
	"  n bigint NOT NULL,"
	"  PRIMARY KEY (device, b, span));"
	"INSERT INTO span_count (span, device, b, n) SELECT s.id, g.gate,"
	"  (g.t - (g.t < 0)::int * 9999999) / 10000000, count(*) FROM"
	"  gate_event g JOIN span s ON g.t >= s.start AND g.t < s.stop"
	"  GROUP BY 1, 2, 3;"
	/* and the roster by status: never-left's visitors (pg_people) are
	 * 1,768 of a campus's 180,000, read whole each bounded span */
	"CREATE INDEX person_status ON person(status);",
	/* 7: span_count packed, as the SQLite archive's (migration 11) by
	 * day: a row a span, gate and hour of buckets (h: b / CHOUR,
	 * floored), its buckets' offsets in the hour (bo, ascending) and
	 * their counts (bn) as arrays; a row a bucket was half of a 10 M-row
	 * archive, nearly a row per one or two gate events (bench/README.md,
	 * pg23b).  The rows of version 6 converted here. */
	"CREATE TABLE span_count_h AS SELECT span, device, h,"
	"  array_agg((b - h::bigint * 360)::smallint ORDER BY b) AS bo,"
	"  array_agg(n::integer ORDER BY b) AS bn FROM (SELECT span, device,"
	"  b, n, ((b - (b < 0)::integer * 359) / 360)::integer AS h FROM"
	"  span_count) c GROUP BY span, device, h;"
	/* (the table altered, not made again: its grants, and its
	 * distribution where Citus distributes it, kept) */
	"TRUNCATE span_count;"
	"ALTER TABLE span_count DROP CONSTRAINT span_count_pkey,"
	"  DROP COLUMN b, DROP COLUMN n, ADD COLUMN h integer NOT NULL,"
	"  ADD COLUMN bo smallint[] NOT NULL, ADD COLUMN bn integer[] NOT NULL;"
	"INSERT INTO span_count (span, device, h, bo, bn) SELECT span, device,"
	"  h, bo, bn FROM span_count_h;"
	"DROP TABLE span_count_h;"
	"ALTER TABLE span_count ADD PRIMARY KEY (device, h, span);",
};

#define CHOUR	360	/* span_count's buckets a row (an hour) */
#define CHOUR_S	"360"	/* the same, in the SQL */
#define CHOUR_OF(b)	(((b) - ((b) < 0) * (CHOUR - 1)) / CHOUR)	/* its
					   row's hour (floored) */

#define NMIGRATIONS	((int)(sizeof(migrations) / sizeof(migrations[0])))

enum { K_GATE, K_SIGHTING, NKIND };

static const char *const kind_table[NKIND] = { "gate_event", "sighting" };
static const char *const kind_key[NKIND] = { "t", "first" };
static const char *const kind_dev[NKIND] = { "gate", "camera" };
static const char *const kind_cols[NKIND] = {
	"id, t, gate, person, credential, card, plate, direction, result,"
	" score, source, line",
	"id, camera, track, first, last, kind, person, score, plate, upper,"
	" lower, attrs, x, y, w, h, embedding, source, line",
};

#define SPAN_ID_SHIFT	40	/* a span's rows' ids begin at its id << 40 */
#define COPY_FLUSH	(16 << 20) /* bytes of rows buffered before a COPY */
#define FETCH_ROWS	"2000"	/* rows a cursor hands over at a time */

/* A span: a day's partition of each kind. */
struct span {
	int64_t		 id;		/* row id; its rows' ids follow id << 40 */
	char		*name;		/* YYYY-MM-DD (the site's day) */
	char		*suffix;	/* of its partitions' names */
	int64_t		 start;		/* first instant it holds, UTC us */
	int64_t		 end;		/* first instant past it */
	int64_t		 rows[NKIND];	/* rows of each kind; -1: no partition */
	int64_t		 next[NKIND];	/* next row id while written, else 0 */
	int64_t		 added[NKIND];	/* rows this transaction added */
	int		 staged[NKIND];	/* a table made by this transaction,
					   attached at commit */
	int64_t		 oid[NKIND];	/* its tables' oids once written */
	struct vg_buf	 copy[NKIND];	/* rows not yet sent, COPY text */
};

/* A run of an import's gate events in one bucket of span_count (of its
 * row's arrays). */
struct crun {
	int64_t		 span;		/* the span's id */
	int64_t		 device;	/* the gate's row id */
	int64_t		 b;		/* the bucket (VG_BUCKET of raw t) */
	int64_t		 n;		/* events */
};

/* A set of strings, each with a number (the import's own keys). */
struct keyset {
	char		**key;		/* keys, NULL for a free slot */
	int64_t		*val;		/* their numbers */
	size_t		 n;		/* slots (a power of two) */
	size_t		 used;		/* keys */
};

/* A device's rows read for a window and beyond it (pg_window). */
struct ahead {
	PGresult	*res;		/* the rows by time, or NULL */
	int64_t		 row;		/* the device's row id */
	int64_t		 lo, hi;	/* the times read, as logged */
	int		 lean;		/* without the text columns */
};

/* The archive on a server: the shared part first (archive-impl.h). */
/* The clock corrections as a lean statement reads them with its rows
 * (lean_run). */
struct lctx {
	int64_t		*cdev;		/* the clock corrections' devices, */
	int64_t		*cshift;	/* their shifts, */
	size_t		 nc;		/* how many */
	int64_t		 pad;		/* the largest shift, either way */
};

/* A span's day as a lean statement names its tables (lday_fill). */
struct lday {
	int64_t		 id;		/* the span's id */
	int64_t		 start;		/* the first instant it holds, UTC us */
	int64_t		 end;		/* the first instant past it */
	char		*suffix;	/* of its tables' names */
	int		 has[NKIND];	/* it has a table of that kind */
};

/* The days a lean statement named, by kind, to be checked. */
#define LEAN_DAYS	3		/* days a statement names, at most */

struct lnamed {
	size_t		 n[NKIND];	/* days named, 0 the parent read */
	int64_t		 id[NKIND][LEAN_DAYS]; /* their spans' ids */
	size_t		 at[NKIND][LEAN_DAYS]; /* and their places in lday */
};

struct pg_archive {
	struct vg_archive a;		/* what every back end keeps */
	PGconn		*conn;		/* the connection */
	int		 intx;		/* an import's transaction is open */
	int64_t		 source;	/* the source being imported */
	struct span	*span;		/* the spans by start (during an
					   import, and for vg_archive_spans) */
	size_t		 nspan;		/* how many */
	size_t		 cur[NKIND];	/* 1 + the span last written, or 0 */
	size_t		 buffered;	/* bytes in the spans' copy buffers */
	struct vg_buf	 evno;		/* event numbers not yet sent */
	int		 evno_old;	/* event_no held rows at begin */
	struct keyset	 evno_seen;	/* this import's event numbers */
	struct keyset	 tracks;	/* this import's tracks, and lines */
	struct keyset	 mine;		/* this import's gate events where
					   twins are looked for and other
					   files gave the key: how many of
					   each key, the unnumbered << 32 */
	const struct vg_gate_rec *tw_rec; /* the event pg_gate_twin last
					   looked for (NULL: none), */
	int64_t		 tw_t;		/* its instant, */
	int64_t		 tw_gate;	/* its gate, */
	int64_t		 tw_all;	/* and other files' rows of its key */
	struct keyset	 prepared;	/* statements prepared, by name */
	struct keyset	 twin;		/* other files' rows of the windows
					   read for twins (twin_window) */
	struct keyset	 twin_pt;	/* and of the seconds read alone */
	struct keyset	*tw_ks;		/* where the last row's are */
	int64_t		 twin_src;	/* the source twin was read for */
	struct keyset	 idnext;	/* next row id of a table as this
					   session's commits left it, by
					   "oid|rows" */
	size_t		 embdim;	/* embedding length, 0 if not known */
	int		 embdim_read;	/* embdim was read from meta */
	struct keyset	 named;		/* people gate windows named whose
					   looks are not read (pg_window) */
	struct keyset	 looked;	/* people whose looks are read: the
					   batch << 32 | the first row, or
					   -1 for none (pg_person_looks) */
	PGresult	**lookres;	/* the batches of looks read */
	size_t		 nlookres;	/* how many */
	const struct vg_graph *lookg;	/* the graph they were read with, */
	int64_t		 looklo, lookhi; /* and the window */
	struct ahead	*ahead;		/* each device's last window read,
					   by the graph's index (pg_window) */
	size_t		 nahead;	/* the graph's devices */
	const struct vg_graph *aheadg;	/* the graph */
	int64_t		 aheadrows;	/* rows the windows hold */
	struct keyset	 kept;		/* queries prepared, by their text:
					   their numbers (pg_query_run) */
	int64_t		 staleat;	/* when the two above were last
					   checked against the archive, us
					   (monotonic), 0 never */
	int64_t		 stalekey;	/* what the sources and spans were
					   then (forget_if_stale) */
	int		 inrows;	/* callbacks under way over those
					   rows: none forgotten as stale */
	struct ldev	*ldev;		/* the devices by row id, NULL not
					   read (lean_run) */
	size_t		 nldev;		/* ids in ldev */
	char		**lsrc;		/* sources' paths by id, NULL not
					   read (lean_run) */
	size_t		 nlsrc;		/* ids in lsrc */
	struct keyset	 lname;		/* people whose names were read, by
					   id: the name's place in lnames,
					   or -1 none (lean_run) */
	char		**lnames;	/* those names */
	size_t		 nlnames;	/* how many */
	struct lctx	 lcorr;		/* the clock corrections a lean
					   statement read last (lean_run) */
	struct lday	*lday;		/* the spans' days, NULL not read
					   (forget_if_stale, lean_sql) */
	PGresult	*devres;	/* the devices ldev_read read, kept
					   for dev_load in the same lean_run
					   (pg_ndevices, pg_devices) */
	size_t		 nlday;		/* how many */
	int		 held;		/* reads held (pg_hold), nested */
	int		 heldtx;	/* and the transaction is the hold's */
	const char	*txplan;	/* the plan_cache_mode the hold's
					   transaction set (held_exec), NULL
					   none: the session's */
	char		*first;		/* the last failure said (pgerr_as),
					   none of those a failed transaction
					   refuses (25P02): its first */
	int		 inbatch;	/* a writer's batch is open (pg_batch) */
	struct crun	*crun;		/* this import's gate events by
					   bucket, in the order written (runs
					   of one bucket), for span_count */
	size_t		 ncrun;		/* how many */
	size_t		 capcrun;	/* room */
	char		*tzname;	/* the site's time zone read with the
					   schema's version (pg_open), for
					   pg_timezone's first call; NULL none
					   read or taken */
	int		 tzread;	/* tzname was read (a site may have
					   none) */
};

#define PG(ar)	((struct pg_archive *)(ar))

/* Parameters of a statement, as text (NULL for SQL's NULL). */
#define MAXPARAM	40

struct params {
	char		*v[MAXPARAM];	/* values, allocated */
	int		 n;		/* how many */
};

/* the back end, the one symbol archive.c looks up in vigil-pg.so */
extern const struct vg_archive_ops vg_pg_ops;

static void	pg_rollback(struct vg_archive *);
static void	looks_forget(struct vg_archive *);
static void	lean_forget(struct pg_archive *, int);
static void	forget_if_stale(struct vg_archive *);
static void	stale_check(struct vg_archive *, int, int);
static void	lday_forget(struct pg_archive *);
static void	ahead_forget(struct vg_archive *);
static void	keys_free(struct keyset *);

static int
p_add(struct params *p, char *v)
{
	if (p->n == MAXPARAM) {
		free(v);
		return p->n;
	}
	p->v[p->n++] = v;
	return p->n;
}

static int
p_str(struct params *p, const char *s)
{
	return p_add(p, s != NULL ? xstrdup(s) : NULL);
}

/* A vg_str, NULL when empty (as the SQLite archive binds it). */
static int
p_vstr(struct params *p, const struct vg_str *s)
{
	return p_add(p, s->len > 0 ? xstrndup(s->s, s->len) : NULL);
}

static int
p_int(struct params *p, int64_t v)
{
	char	*s;

	xasprintf(&s, "%lld", (long long)v);
	return p_add(p, s);
}

/* A small code, NULL for 0 (absent). */
static int
p_code(struct params *p, int v)
{
	return v != 0 ? p_int(p, v) : p_add(p, NULL);
}

static void
p_free(struct params *p)
{
	while (p->n > 0)
		free(p->v[--p->n]);
}

/* What a lookup's record in the audit table is said as (pgerr_as). */
#define RECORDING	"recording the lookup"

/* Why the server refused, in its own words, with a hint for a role: one
 * refused a read (reading 1) may not read the archive at all, one
 * refused a lookup's record (RECORDING) may not record its lookups, one
 * refused another write may only read it. */
static void
pgerr_as(struct vg_archive *ar, struct vg_error *err, const char *what,
    const PGresult *res, int reading)
{
	struct pg_archive	*pg = PG(ar);
	struct vg_error		 e = { 0, NULL };
	const char		*msg = NULL, *state = NULL;
	char			*nl, *m;

	if (res != NULL) {
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	}
	/* a statement refused for an earlier failure of its transaction
	 * (a read that took it as none) says that failure */
	if (state != NULL && strcmp(state, "25P02") == 0 && pg->first != NULL) {
		vg_error_set(err, "%s", pg->first);
		return;
	}
	if (what[0] == '\0')
		what = reading ? "reading" : "writing";
	m = xstrdup(msg != NULL ? msg : PQerrorMessage(pg->conn));
	if ((nl = strchr(m, '\n')) != NULL)
		*nl = '\0';
	if (state != NULL && strcmp(state, "42501") == 0 && reading)
		vg_error_set(&e, "'%s': %s: %s (the role '%s' may not read"
		    " this archive: grant it SELECT on the archive's tables,"
		    " as vigil(7) sets the officers' role up)", ar->path, what,
		    m, PQuser(pg->conn));
	else if (state != NULL && strcmp(state, "42501") == 0 &&
	    strcmp(what, RECORDING) == 0)
		vg_error_set(&e, "'%s': %s: %s (the role '%s' may not record"
		    " its lookups: grant it INSERT on audit and USAGE on"
		    " audit_id_seq, as vigil(7) sets the officers' role up)",
		    ar->path, what, m, PQuser(pg->conn));
	else if (state != NULL && (strcmp(state, "42501") == 0 ||
	    strcmp(state, "25006") == 0))
		vg_error_set(&e, "'%s': %s: %s (the role '%s' may only read"
		    " this archive)", ar->path, what, m, PQuser(pg->conn));
	else
		vg_error_set(&e, "'%s': %s: %s", ar->path, what, m);
	free(m);
	vg_error_set(err, "%s", e.msg);
	free(pg->first);
	pg->first = e.msg;
}

static void
pgerr(struct vg_archive *ar, struct vg_error *err, const char *what,
    const PGresult *res)
{
	pgerr_as(ar, err, what, res, 0);
}

/* Whether the transaction under way failed: then err says its first
 * failure (a read that took it as none, as a lookup does). */
static int
failed_first(struct vg_archive *ar, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);

	if (PQtransactionStatus(pg->conn) != PQTRANS_INERROR ||
	    pg->first == NULL)
		return 0;
	vg_error_set(err, "%s", pg->first);
	return 1;
}

/* Whether a statement only reads (a query, a cursor of one). */
static int
reads(const char *sql)
{
	sql += strspn(sql, " \t\n");
	return strncmp(sql, "SELECT", 6) == 0 ||
	    strncmp(sql, "DECLARE", 7) == 0 || strncmp(sql, "FETCH", 5) == 0;
}

/* A session's settings, made at open (and again by alive): the archive's
 * messages only, and a reader's transactions read-only. */
#define SESSION_RW	"SET client_min_messages = warning;"
#define SESSION_RO	SESSION_RW " SET default_transaction_read_only = on;"

/*
 * A connection the server ended (restarted, the session terminated) made
 * again before a statement outside any transaction or rows under way: the
 * session's settings made again, its prepared statements forgotten (they
 * ended with it), what was read before checked as stale.  The statement
 * that met the ended connection failed and said so; the next one runs on
 * the new, so that a browser's session outlives the server's restart.
 */
static void
alive(struct vg_archive *ar)
{
	struct pg_archive	*pg = PG(ar);

	if (PQstatus(pg->conn) != CONNECTION_BAD || pg->intx || pg->inrows ||
	    pg->inbatch)
		return;
	PQreset(pg->conn);
	pg->txplan = NULL;
	if (PQstatus(pg->conn) != CONNECTION_OK)
		return;
	PQclear(PQexec(pg->conn, ar->rdwr ? SESSION_RW : SESSION_RO));
	keys_free(&pg->prepared);
	keys_free(&pg->kept);
	keys_free(&pg->idnext);
	looks_forget(ar);
	ahead_forget(ar);
	pg->staleat = 0;
}

/* A statement run; NULL (and err set) when it failed.  PQclear it. */
static PGresult *
run(struct vg_archive *ar, const char *sql, const struct params *p,
    struct vg_error *err, const char *what)
{
	PGresult	*res;
	ExecStatusType	 s;

	alive(ar);
	/* (without parameters, several statements may go at once) */
	if (p == NULL || p->n == 0)
		res = PQexec(PG(ar)->conn, sql);
	else
		res = PQexecParams(PG(ar)->conn, sql, p->n, NULL,
		    (const char *const *)p->v, NULL, NULL, 0);
	s = PQresultStatus(res);
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
		/* (no transaction that failed before is under way) */
		free(PG(ar)->first);
		PG(ar)->first = NULL;
		return res;
	}
	pgerr_as(ar, err, what, res, reads(sql));
	PQclear(res);
	return NULL;
}

/* A statement whose result is not wanted: 0, or -1 with err set. */
static int
exec(struct vg_archive *ar, const char *sql, const struct params *p,
    struct vg_error *err, const char *what)
{
	PGresult	*res;

	if ((res = run(ar, sql, p, err, what)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

/* exec, the parameters then freed. */
static int
exec_p(struct vg_archive *ar, const char *sql, struct params *p,
    struct vg_error *err, const char *what)
{
	int	rc = exec(ar, sql, p, err, what);

	p_free(p);
	return rc;
}

/* The first column of the first row as a number; dflt when none. */
static int64_t
scalar(struct vg_archive *ar, const char *sql, const struct params *p,
    int64_t dflt)
{
	PGresult	*res;
	int64_t		 v = dflt;

	if ((res = run(ar, sql, p, NULL, "")) == NULL)
		return dflt;
	if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
		v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return v;
}

static const char *
val(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static char *
val_dup(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL :
	    xstrdup(PQgetvalue(res, row, col));
}

/* An integer column's bits in binary results: big-endian, any width. */
static uint64_t
val_bits(const PGresult *res, int row, int col)
{
	const unsigned char	*v;
	uint64_t		 u = 0;
	int			 i, n;

	v = (const unsigned char *)PQgetvalue(res, row, col);
	n = PQgetlength(res, row, col);
	for (i = 0; i < n && i < 8; i++)
		u = u << 8 | v[i];
	if (n > 0 && n < 8 && v[0] & 0x80)
		u |= ~UINT64_C(0) << 8 * n;
	return u;
}

static int64_t
val_int(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return 0;
	if (PQfformat(res, col) == 1)
		return (int64_t)val_bits(res, row, col);
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static double
val_real(const PGresult *res, int row, int col)
{
	uint64_t	u;
	uint32_t	w;
	double		d;
	float		f;

	if (PQgetisnull(res, row, col))
		return NAN;
	if (PQfformat(res, col) == 0)
		return strtod(PQgetvalue(res, row, col), NULL);
	u = val_bits(res, row, col);
	if (PQgetlength(res, row, col) == 4) {
		w = (uint32_t)u;
		memcpy(&f, &w, sizeof(f));
		return f;
	}
	memcpy(&d, &u, sizeof(d));
	return d;
}

/* The keys: a string set with a number for each. */
static uint64_t
key_hash(const char *s)
{
	return vg_fnv(s, strlen(s));
}

static int64_t *
key_slot(struct keyset *ks, const char *key, int make)
{
	size_t	i, n;
	char	**ok;
	int64_t	*ov;

	if (make && 2 * (ks->used + 1) > ks->n) {
		ok = ks->key;
		ov = ks->val;
		n = ks->n;
		ks->n = n ? 2 * n : 1024;
		ks->key = xcalloc(ks->n, sizeof(*ks->key));
		ks->val = xcalloc(ks->n, sizeof(*ks->val));
		ks->used = 0;
		for (i = 0; i < n; i++)
			if (ok[i] != NULL) {
				*key_slot(ks, ok[i], 1) = ov[i];
				free(ok[i]);
			}
		free(ok);
		free(ov);
	}
	if (ks->n == 0)
		return NULL;
	for (i = key_hash(key) & (ks->n - 1); ks->key[i] != NULL;
	    i = (i + 1) & (ks->n - 1))
		if (strcmp(ks->key[i], key) == 0)
			return &ks->val[i];
	if (!make)
		return NULL;
	ks->key[i] = xstrdup(key);
	ks->used++;
	return &ks->val[i];
}

static void
keys_free(struct keyset *ks)
{
	size_t	i;

	for (i = 0; i < ks->n; i++)
		free(ks->key[i]);
	free(ks->key);
	free(ks->val);
	memset(ks, 0, sizeof(*ks));
}

/* Migrations: the schema brought to NMIGRATIONS, all or nothing. */
static int
migrate(struct vg_archive *ar, int from, struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	char		*sql;
	int		 v, rc = -1;

	/* two writers opening a new archive at once: one makes it */
	if (exec(ar, "BEGIN; SELECT pg_advisory_xact_lock(1447512396)", NULL,
	    err, "upgrading the archive") == -1)
		return -1;
	from = (int)scalar(ar, "SELECT coalesce(max(version), 0) FROM"
	    " vigil_schema", NULL, from);
	for (v = from; v < NMIGRATIONS; v++) {
		xasprintf(&sql, "%s; INSERT INTO vigil_schema (version,"
		    " applied) VALUES (%d, %lld)", migrations[v], v + 1,
		    (long long)vg_now());
		rc = exec(ar, sql, NULL, err, "upgrading the archive");
		free(sql);
		if (rc == -1)
			goto fail;
	}
	if (exec(ar, "COMMIT", NULL, err, "upgrading the archive") == -1)
		goto fail;
	p_free(&p);
	return 0;
fail:
	PQclear(PQexec(PG(ar)->conn, "ROLLBACK"));
	p_free(&p);
	return -1;
}

/* The home directory libpq reads its files in (pqGetHomeDirectory):
 * $HOME, else the password database's for the effective user (libpq 15
 * reads $HOME first too: a .pgpass there is read, tests/t0236); NULL
 * when there is none. */
static const char *
pg_home(void)
{
	const struct passwd	*pw;
	const char		*home;

	if ((home = getenv("HOME")) != NULL && home[0] != '\0')
		return home;
	return (pw = getpwuid(geteuid())) != NULL ? pw->pw_dir : NULL;
}

/* Whether a service file holds the entry [service], as libpq reads one
 * (parseServiceFile): blanks about a line and # lines skipped, the
 * entry's lines up to the next [; *passfile is its first passfile=
 * (NULL when none, or the entry not found). */
static int
service_entry(const char *file, const char *service, char **passfile)
{
	FILE	*fp;
	char	*line = NULL, *s, *e;
	size_t	 cap = 0, n = strlen(service);
	int	 found = 0;

	*passfile = NULL;
	if ((fp = fopen(file, "r")) == NULL)
		return 0;
	while (getline(&line, &cap, fp) != -1) {
		for (e = line + strlen(line); e > line &&
		    isspace((unsigned char)e[-1]); e--)
			;
		*e = '\0';
		for (s = line; isspace((unsigned char)*s); s++)
			;
		if (*s == '\0' || *s == '#')
			continue;
		if (*s == '[') {
			if (found)
				break;
			found = strncmp(s + 1, service, n) == 0 &&
			    s[n + 1] == ']';
		} else if (found && *passfile == NULL &&
		    strncmp(s, "passfile=", 9) == 0)
			*passfile = xstrdup(s + 9);
	}
	free(line);
	fclose(fp);
	return found;
}

/* The passfile= of the service the options name (service=, PGSERVICE)
 * in the service file libpq reads for it (parseServiceInfo):
 * PGSERVICEFILE, else ~/.pg_service.conf when there is one; the entry
 * not found there, $PGSYSCONFDIR/pg_service.conf.  NULL when none. */
static char *
service_pass_file(const PQconninfoOption *opts)
{
	const PQconninfoOption	*o;
	const char		*service = NULL, *env, *home;
	struct stat		 st;
	char			*file = NULL, *pf;
	int			 found = 0;

	for (o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "service") == 0 && o->val != NULL)
			service = o->val;
	if (service == NULL && (service = getenv("PGSERVICE")) == NULL)
		return NULL;
	if ((env = getenv("PGSERVICEFILE")) != NULL)
		file = xstrdup(env);
	else if ((home = pg_home()) != NULL) {
		xasprintf(&file, "%s/.pg_service.conf", home);
		if (stat(file, &st) != 0) {
			free(file);
			file = NULL;
		}
	}
	if (file != NULL)
		found = service_entry(file, service, &pf);
	free(file);
	if (found)
		return pf;
	if ((env = getenv("PGSYSCONFDIR")) == NULL)
		return NULL;
	xasprintf(&file, "%s/pg_service.conf", env);
	found = service_entry(file, service, &pf);
	free(file);
	return found ? pf : NULL;
}

/* The password file libpq would read for the -A string's options
 * (passfile=, the service file's passfile=, PGPASSFILE, ~/.pgpass) when
 * others may read it, which libpq skips, saying so on stderr in its own
 * words; NULL when there is none, it is safe, or a password is given
 * (PGPASSWORD). */
static char *
unsafe_pass_file(const PQconninfoOption *opts)
{
	const PQconninfoOption	*o;
	const char		*f = NULL, *home;
	struct stat		 st;
	char			*p = NULL;

	if ((f = getenv("PGPASSWORD")) != NULL && f[0] != '\0')
		return NULL;
	f = NULL;
	for (o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "passfile") == 0 && o->val != NULL &&
		    o->val[0] != '\0')
			f = o->val;
	if (f == NULL && (p = service_pass_file(opts)) != NULL &&
	    p[0] == '\0') {
		free(p);
		p = NULL;
	}
	if (p == NULL) {
		if (f == NULL && (f = getenv("PGPASSFILE")) != NULL &&
		    f[0] == '\0')
			f = NULL;
		if (f != NULL)
			p = xstrdup(f);
		else if ((home = pg_home()) != NULL)
			xasprintf(&p, "%s/.pgpass", home);
		else
			return NULL;
	}
	if (stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		return p;
	free(p);
	return NULL;
}

/* The archive on the server the -A string names (vg_archive_open). */
static int
pg_open(const char *path, int flags, struct vg_archive **out,
    struct vg_error *err)
{
	struct vg_archive	*ar;
	struct pg_archive	*pg;
	PQconninfoOption	*opts, *o;
	PGresult		*res;
	const char		*set, *state;
	char			*perr = NULL, *sql, *unsafe;
	int64_t			 version, others;
	int			 pw = 0;

	*out = NULL;
	/* a password in the -A string would be in argv, for ps to show */
	if ((opts = PQconninfoParse(path, &perr)) == NULL) {
		char *plain = vg_ar_plain_name(path), *nl;

		/* libpq's message ends in a newline */
		if (perr != NULL && (nl = strchr(perr, '\n')) != NULL)
			*nl = '\0';
		vg_error_set(err, "cannot open '%s': %s", plain, perr != NULL ?
		    perr : "not a PostgreSQL connection string");
		free(plain);
		PQfreemem(perr);
		return -1;
	}
	for (o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val != NULL &&
		    o->val[0] != '\0')
			pw = 1;
	unsafe = pw ? NULL : unsafe_pass_file(opts);
	PQconninfoFree(opts);
	if (pw) {
		char *plain = vg_ar_plain_name(path);

		vg_error_set(err, "cannot open '%s': a password in -A shows in"
		    " the process list; keep it in ~/.pgpass (PGPASSFILE) or"
		    " a service file (PGSERVICEFILE)", plain);
		free(plain);
		return -1;
	}

	pg = xcalloc(1, sizeof(*pg));
	ar = &pg->a;
	ar->ops = &vg_pg_ops;
	ar->path = vg_ar_plain_name(path);
	ar->rdwr = (flags & VG_ARCHIVE_RDWR) != 0;
	if (unsafe != NULL) {
		/* a file that cannot be, so that libpq reads none and says
		 * nothing: the failure it may cause says why */
		const char *const kw[] = { "dbname", "passfile", NULL };
		const char *const val[] = { path, "/dev/null/none", NULL };

		pg->conn = PQconnectdbParams(kw, val, 1);
	} else
		pg->conn = PQconnectdb(path);
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		char	*m = xstrdup(PQerrorMessage(pg->conn)), *nl;

		/* libpq's first line says it */
		if ((nl = strchr(m, '\n')) != NULL)
			*nl = '\0';
		if (unsafe != NULL && strstr(m, "no password supplied") != NULL)
			vg_error_set(err, "cannot open '%s': %s (the password"
			    " file '%s' is not read while others may read it:"
			    " chmod 600 it)", ar->path, m, unsafe);
		else
			vg_error_set(err, "cannot open '%s': %s", ar->path, m);
		free(m);
		free(unsafe);
		goto fail;
	}
	free(unsafe);
	/* the archive's times are numbers; names sort as bytes, as in
	 * SQLite; a reader's transactions are read-only.  Set, and the
	 * schema's version read, in one round trip (a tool's first query
	 * waits for each); no vigil_schema, no archive yet: one
	 * transaction, so set again */
	set = ar->rdwr ? SESSION_RW : SESSION_RO;
	/* and the site's time zone, which a tool asks next (a round trip
	 * less a run); an archive without its tables yet, or a role that
	 * may not read the site, fails it: then the version alone, as
	 * before (its failure what a reader is told) */
	xasprintf(&sql, "%s SELECT coalesce(max(version), 0), (SELECT"
	    " timezone FROM site LIMIT 1) FROM vigil_schema", set);
	res = PQexec(pg->conn, sql);
	free(sql);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		version = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		pg->tzname = val_dup(res, 0, 1);
		pg->tzread = 1;
	} else {
		PQclear(res);
		xasprintf(&sql, "%s SELECT coalesce(max(version), 0) FROM"
		    " vigil_schema", set);
		res = PQexec(pg->conn, sql);
		free(sql);
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		if (PQresultStatus(res) == PGRES_TUPLES_OK &&
		    PQntuples(res) == 1)
			version = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		else if (state != NULL && strcmp(state, "42P01") == 0)
			version = -1;
		else {
			pgerr_as(ar, err, "reading the schema's version", res,
			    1);
			PQclear(res);
			goto fail;
		}
	}
	PQclear(res);
	if (version == -1 && exec(ar, set, NULL, err, "connecting") == -1)
		goto fail;
	if (version == -1) {
		others = scalar(ar, "SELECT count(*) FROM pg_tables WHERE"
		    " schemaname = current_schema()", NULL, 0);
		if (others > 0) {
			vg_error_set(err, "'%s': not a vigil archive (its"
			    " schema holds other tables)", ar->path);
			goto fail;
		}
		if (!ar->rdwr) {
			vg_error_set(err, "'%s': empty archive: run vigil import"
			    " site.xml", ar->path);
			goto fail;
		}
		if (exec(ar, "CREATE TABLE IF NOT EXISTS vigil_schema ("
		    " version integer PRIMARY KEY, applied bigint NOT NULL)",
		    NULL, err, "making the archive") == -1)
			goto fail;
		version = 0;
	}
	if (version > NMIGRATIONS) {
		vg_error_set(err, "'%s': archive version %lld is newer than this"
		    " vigil understands (%d)", ar->path, (long long)version,
		    NMIGRATIONS);
		goto fail;
	}
	if (version < NMIGRATIONS) {
		if (!ar->rdwr) {
			vg_error_set(err, version == 0 ? "'%s': empty archive:"
			    " run vigil import site.xml" : "'%s': archive needs"
			    " an upgrade: run vigil import on it", ar->path);
			goto fail;
		}
		/* (the zone read again after the migrations) */
		free(pg->tzname);
		pg->tzname = NULL;
		pg->tzread = 0;
		if (migrate(ar, (int)version, err) == -1)
			goto fail;
	}
	*out = ar;
	return 0;
fail:
	vg_archive_close(ar);
	return -1;
}

static void
spans_forget(struct vg_archive *ar)
{
	struct pg_archive	*pg = PG(ar);
	size_t			 i;
	int			 k;

	for (i = 0; i < pg->nspan; i++) {
		free(pg->span[i].name);
		free(pg->span[i].suffix);
		for (k = 0; k < NKIND; k++)
			free(pg->span[i].copy[k].s);
	}
	free(pg->span);
	pg->span = NULL;
	pg->nspan = 0;
	pg->buffered = 0;
	memset(pg->cur, 0, sizeof(pg->cur));
}

/* The import's own state dropped. */
static void
import_forget(struct vg_archive *ar)
{
	struct pg_archive	*pg = PG(ar);

	free(pg->evno.s);
	memset(&pg->evno, 0, sizeof(pg->evno));
	keys_free(&pg->evno_seen);
	keys_free(&pg->tracks);
	keys_free(&pg->mine);
	keys_free(&pg->twin);
	keys_free(&pg->twin_pt);
	pg->tw_rec = NULL;
	free(pg->crun);
	pg->crun = NULL;
	pg->ncrun = pg->capcrun = 0;
}

static void
pg_close(struct vg_archive *ar)
{
	struct pg_archive	*pg = PG(ar);

	if (pg->intx)
		pg_rollback(ar);
	if (pg->inbatch)
		PQclear(PQexec(pg->conn, "ROLLBACK"));
	spans_forget(ar);
	import_forget(ar);
	keys_free(&pg->prepared);
	keys_free(&pg->idnext);
	looks_forget(ar);
	keys_free(&pg->named);
	ahead_forget(ar);
	keys_free(&pg->kept);
	lean_forget(pg, 1);
	free(pg->first);
	free(pg->tzname);
	PQfinish(pg->conn);
}

static int
pg_version(struct vg_archive *ar)
{
	return (int)scalar(ar, "SELECT coalesce(max(version), 0) FROM"
	    " vigil_schema", NULL, 0);
}

static char *
pg_timezone(struct vg_archive *ar)
{
	struct pg_archive	*pg = PG(ar);
	PGresult	*res;
	char		*name = NULL;

	/* read with the version the first time (pg_open) */
	if (pg->tzread) {
		name = pg->tzname;
		pg->tzname = NULL;
		pg->tzread = 0;
		return name;
	}
	if ((res = run(ar, "SELECT timezone FROM site LIMIT 1", NULL, NULL,
	    "reading the site's time zone")) == NULL)
		return NULL;
	if (PQntuples(res) > 0)
		name = val_dup(res, 0, 0);
	PQclear(res);
	return name;
}

static int
pg_has(struct vg_archive *ar, enum vg_holds part)
{
	static const char *const sql[] = {
		[VG_HOLDS_SITE] = "SELECT EXISTS (SELECT 1 FROM site)::int",
		[VG_HOLDS_ROSTER] = "SELECT EXISTS (SELECT 1 FROM person)::int",
		[VG_HOLDS_LOGS] = "SELECT EXISTS (SELECT 1 FROM span WHERE"
		    " gates > 0 OR sightings > 0)::int",
		[VG_HOLDS_SIGHTINGS] = "SELECT EXISTS (SELECT 1 FROM span"
		    " WHERE sightings > 0)::int",
		[VG_HOLDS_RECORDINGS] = "SELECT EXISTS (SELECT 1 FROM"
		    " recording)::int",
		[VG_HOLDS_CORRECTIONS] = "SELECT (EXISTS (SELECT 1 FROM"
		    " clock_correction) OR EXISTS (SELECT 1 FROM meta WHERE"
		    " key = 'skew_estimated'))::int"
	};

	if ((size_t)part >= sizeof(sql) / sizeof(sql[0]))
		return 0;
	/* a failed read (a role refused it, the connection lost) is left
	 * to the tool's next read to say, not taken for an empty part */
	return scalar(ar, sql[part], NULL, 1) > 0;
}

static int
pg_has_site(struct vg_archive *ar)
{
	/* a failed read (the connection lost) is left to the import's
	 * first write to say, not taken for an empty site */
	return scalar(ar, "SELECT count(*) FROM site", NULL, 1) > 0;
}

static int64_t
pg_ndevices(struct vg_archive *ar)
{
	if (PG(ar)->devres != NULL)
		return PQntuples(PG(ar)->devres);
	return scalar(ar, "SELECT count(*) FROM device", NULL, -1);
}

static int
pg_devices(struct vg_archive *ar, int zoned, vg_ar_device_fn fn, void *arg)
{
	PGresult	*res;
	int		 i;

	/* as ldev_read read them a moment ago (id, code, zone, type) */
	if ((res = PG(ar)->devres) != NULL) {
		for (i = 0; i < PQntuples(res); i++)
			if (!zoned || !PQgetisnull(res, i, 2))
				fn(arg, val(res, i, 1), val_int(res, i, 0),
				    (int)val_int(res, i, 3), zoned ? val(res, i,
				    2) : NULL);
		return 0;
	}
	if ((res = run(ar, zoned ? "SELECT code, id, type, zone FROM device"
	    " WHERE zone IS NOT NULL" : "SELECT code, id, type FROM device",
	    NULL, NULL, "")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++)
		fn(arg, val(res, i, 0), val_int(res, i, 1),
		    (int)val_int(res, i, 2), zoned ? val(res, i, 3) : NULL);
	PQclear(res);
	return 0;
}

/* The spans, read again (an import's start, vg_archive_spans). */
static int
spans_read(struct vg_archive *ar, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	PGresult		*res;
	struct span		*sp;
	int			 i;

	spans_forget(ar);
	if ((res = run(ar, "SELECT id, name, suffix, start, stop, gates,"
	    " sightings FROM span ORDER BY start, id", NULL, err,
	    "reading the spans")) == NULL)
		return -1;
	pg->nspan = (size_t)PQntuples(res);
	pg->span = xcalloc(pg->nspan + 1, sizeof(*pg->span));
	for (i = 0; i < PQntuples(res); i++) {
		sp = &pg->span[i];
		sp->id = val_int(res, i, 0);
		sp->name = val_dup(res, i, 1);
		sp->suffix = val_dup(res, i, 2);
		sp->start = val_int(res, i, 3);
		sp->end = val_int(res, i, 4);
		sp->rows[K_GATE] = PQgetisnull(res, i, 5) ? -1 :
		    val_int(res, i, 5);
		sp->rows[K_SIGHTING] = PQgetisnull(res, i, 6) ? -1 :
		    val_int(res, i, 6);
	}
	PQclear(res);
	return 0;
}

/* The writer a writer waits for (the advisory lock's holder), said to
 * the lock_fn: a server's writers take turns, however long. */
static void
writer_said(struct vg_archive *ar)
{
	PGresult	*res;
	char		*msg;

	if (ar->lock_fn == NULL)
		return;
	res = run(ar, "SELECT a.pid, a.usename, coalesce(extract(epoch FROM"
	    " now() - a.xact_start)::bigint, 0) FROM pg_locks l JOIN"
	    " pg_stat_activity a ON a.pid = l.pid WHERE l.locktype ="
	    " 'advisory' AND l.classid = 1447512396 AND l.objid = 1 AND"
	    " l.objsubid = 2 AND l.granted LIMIT 1", NULL, NULL, "");
	if (res != NULL && PQntuples(res) == 1)
		xasprintf(&msg, "'%s': another writer holds the archive"
		    " (server process %s, role '%s', for %s s): waiting for"
		    " it to end", ar->path, PQgetvalue(res, 0, 0),
		    PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
	else
		xasprintf(&msg, "'%s': another writer holds the archive:"
		    " waiting for it to end", ar->path);
	PQclear(res);
	ar->lock_fn(msg, ar->lock_arg);
	free(msg);
}

/*
 * A writer's transaction (an import, spans dropped), begun and holding
 * the archive's writer lock until it ends: writers take turns, readers
 * never wait.  Two imports at once would otherwise make the same day's
 * span and partitions (the second failing on their names), number the
 * rows of one partition from the same max(id), miss each other's twins
 * and event numbers, and upsert the same habits in different orders.
 * Taken before the spans are read, so that each writer reads what the
 * one before it committed.
 */
static int
writer_begin(struct vg_archive *ar, struct vg_error *err, const char *what)
{
	PGresult	*res;
	int		 got;

	/* another writer's turn: said to the lock_fn, then waited for */
	if ((res = run(ar, "BEGIN; SELECT pg_try_advisory_xact_lock("
	    "1447512396, 1)", NULL, err, what)) == NULL)
		goto fail;
	got = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!got) {
		writer_said(ar);
		if (exec(ar, "SELECT pg_advisory_xact_lock(1447512396, 1)",
		    NULL, err, what) == -1)
			goto fail;
	}
	PG(ar)->intx = 1;
	/* what was read before may change */
	looks_forget(ar);
	ahead_forget(ar);
	return 0;
fail:
	PQclear(PQexec(PG(ar)->conn, "ROLLBACK"));
	return -1;
}

/*
 * Imports: one transaction a file.  Rows are buffered as COPY text by
 * span and kind and sent by COPY when the buffers grow large, before a
 * twin is looked for in a span (a COPY in progress cannot be asked
 * anything), and at commit.  A span's partition made by the import is
 * attached at commit, its indexes then built in one sort.
 */
static int
pg_begin(struct vg_archive *ar, const char *table, int64_t rows,
    struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);

	(void)table;
	(void)rows;
	pg->source = 0;
	if (writer_begin(ar, err, "starting an import") == -1)
		return -1;
	if (spans_read(ar, err) == -1) {
		pg_rollback(ar);
		return -1;
	}
	pg->evno_old = scalar(ar, "SELECT EXISTS (SELECT 1 FROM"
	    " event_no)::int", NULL, 1) != 0;
	return 0;
}

/* A new span for the local day of t, cut where its neighbours begin. */
static int
span_make(struct vg_archive *ar, int64_t t, size_t *at, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct params		 p = { { NULL }, 0 };
	struct span		 n;
	char			 day[16], name[32], suffix[40];
	size_t			 i, j;
	int64_t			 id = 1;
	int			 dup = 1, rc;

	memset(&n, 0, sizeof(n));
	vg_local_day(vg_archive_tz(ar), t, &n.start, &n.end, day);
	snprintf(name, sizeof(name), "%s", day);
	id = scalar(ar, "SELECT coalesce(max(id), 0) + 1 FROM span", NULL, 1);
	for (i = 0; i < pg->nspan; i++) {
		const struct span *o = &pg->span[i];

		if (o->id >= id)
			id = o->id + 1;
		if (o->end <= t && o->end > n.start)
			n.start = o->end;
		if (o->start > t && o->start < n.end)
			n.end = o->start;
	}
	for (i = 0; i < pg->nspan; i++)
		if (strcmp(pg->span[i].name, name) == 0) {
			snprintf(name, sizeof(name), "%s.%d", day, ++dup);
			i = (size_t)-1;
		}
	snprintf(suffix, sizeof(suffix), "_%.4s%.2s%.2s%s%s", day, day + 5,
	    day + 8, dup > 1 ? "_" : "", dup > 1 ? name + 11 : "");
	p_int(&p, id);
	p_str(&p, name);
	p_str(&p, suffix);
	p_int(&p, n.start);
	p_int(&p, n.end);
	rc = exec_p(ar, "INSERT INTO span (id, name, suffix, start, stop) VALUES"
	    " ($1, $2, $3, $4, $5)", &p, err, "making a span");
	if (rc == -1)
		return -1;
	n.id = id;
	n.name = xstrdup(name);
	n.suffix = xstrdup(suffix);
	n.rows[K_GATE] = n.rows[K_SIGHTING] = -1;
	for (j = 0; j < pg->nspan && (pg->span[j].start < n.start ||
	    (pg->span[j].start == n.start && pg->span[j].id < n.id)); j++)
		;
	pg->span = xreallocarray(pg->span, pg->nspan + 1, sizeof(*pg->span));
	memmove(&pg->span[j + 1], &pg->span[j], (pg->nspan - j) *
	    sizeof(*pg->span));
	pg->span[j] = n;
	pg->nspan++;
	memset(pg->cur, 0, sizeof(pg->cur));
	*at = j;
	return 0;
}

/* The oid of span sp's table of kind k, 0 when there is none. */
static int64_t
table_oid(struct vg_archive *ar, const struct span *sp, int k)
{
	char	*sql;
	int64_t	 oid;

	xasprintf(&sql, "SELECT coalesce(to_regclass('%s%s')::oid, 0)",
	    kind_table[k], sp->suffix);
	oid = scalar(ar, sql, NULL, 0);
	free(sql);
	return oid;
}

/* Ready span sp for rows of kind k: its partition, made when none. */
static int
span_touch(struct vg_archive *ar, struct span *sp, int k,
    struct vg_error *err)
{
	char	*sql, key[48];
	int	 rc;
	int64_t	 max, *n;

	if (sp->next[k] != 0)
		return 0;
	if (sp->rows[k] < 0) {
		/* a table of its own until commit: no lock on the parent
		 * that a reader would wait for */
		xasprintf(&sql, "CREATE TABLE %s%s (LIKE %s INCLUDING DEFAULTS,"
		    " CHECK (%s >= %lld AND %s < %lld))", kind_table[k],
		    sp->suffix, kind_table[k], kind_key[k],
		    (long long)sp->start, kind_key[k], (long long)sp->end);
		rc = exec(ar, sql, NULL, err, "making a partition");
		free(sql);
		if (rc == -1)
			return -1;
		sp->rows[k] = 0;
		sp->staged[k] = 1;
		max = 0;
		sp->oid[k] = table_oid(ar, sp, k);
	} else {
		/* a scan of the whole table (no index on id), 0.2 s at
		 * 277,000 sightings, 2 s at 10 M gate events: skipped when
		 * this session's last commit left the table as it is (a
		 * writer adding rows changes the count) */
		sp->oid[k] = table_oid(ar, sp, k);
		snprintf(key, sizeof(key), "%lld|%lld", (long long)sp->oid[k],
		    (long long)sp->rows[k]);
		if (sp->oid[k] != 0 && (n = key_slot(&PG(ar)->idnext, key, 0))
		    != NULL)
			max = *n - 1;
		else {
			xasprintf(&sql, "SELECT coalesce(max(id), 0) FROM"
			    " %s%s", kind_table[k], sp->suffix);
			max = sp->oid[k] == 0 ? -1 : scalar(ar, sql, NULL, -1);
			free(sql);
		}
		/* (a read that failed is said as it failed: the session
		 * ended is not a partition missing) */
		if (max == -1 && PQstatus(PG(ar)->conn) == CONNECTION_BAD) {
			pgerr(ar, err, "reading a span's rows", NULL);
			return -1;
		}
		if (max == -1 && failed_first(ar, err))
			return -1;
		if (max == -1) {
			vg_error_set(err, "'%s': the partition %s%s of span %s"
			    " is missing", ar->path, kind_table[k], sp->suffix,
			    sp->name);
			return -1;
		}
	}
	if (max < sp->id << SPAN_ID_SHIFT)
		max = sp->id << SPAN_ID_SHIFT;
	sp->next[k] = max + 1;
	return 0;
}

static struct span *
span_write(struct vg_archive *ar, int k, int64_t t, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct span		*sp;
	size_t			 i;

	if (pg->cur[k] > 0) {
		sp = &pg->span[pg->cur[k] - 1];
		if (t >= sp->start && t < sp->end && sp->next[k] != 0)
			return sp;
	}
	for (i = 0; i < pg->nspan; i++)
		if (t >= pg->span[i].start && t < pg->span[i].end)
			break;
	if (i == pg->nspan && span_make(ar, t, &i, err) == -1)
		return NULL;
	sp = &pg->span[i];
	if (span_touch(ar, sp, k, err) == -1)
		return NULL;
	pg->cur[k] = i + 1;
	return sp;
}

/* COPY text: a field and its separator (tab, or newline when last). */
static void
copy_text(struct vg_buf *b, const char *s, size_t n, int last)
{
	size_t	i, from;

	if (s == NULL) {
		vg_buf_add(b, "\\N", 2);
	} else {
		for (i = from = 0; i < n; i++) {
			const char *e = s[i] == '\\' ? "\\\\" : s[i] == '\t' ?
			    "\\t" : s[i] == '\n' ? "\\n" : s[i] == '\r' ?
			    "\\r" : NULL;

			if (e == NULL)
				continue;
			vg_buf_add(b, s + from, i - from);
			vg_buf_add(b, e, 2);
			from = i + 1;
		}
		vg_buf_add(b, s + from, n - from);
	}
	vg_buf_add(b, last ? "\n" : "\t", 1);
}

static void
copy_str(struct vg_buf *b, const struct vg_str *s, int last)
{
	copy_text(b, s->len > 0 ? s->s : NULL, s->len, last);
}

static void
copy_int(struct vg_buf *b, int64_t v, int last)
{
	char	num[24];
	int	n = snprintf(num, sizeof(num), "%lld", (long long)v);

	vg_buf_add(b, num, (size_t)n);
	vg_buf_add(b, last ? "\n" : "\t", 1);
}

/* A small code, NULL for 0 (absent). */
static void
copy_code(struct vg_buf *b, int v, int last)
{
	if (v == 0)
		copy_text(b, NULL, 0, last);
	else
		copy_int(b, v, last);
}

static void
copy_real(struct vg_buf *b, double v, int last)
{
	char	num[40];
	int	n;

	if (isnan(v)) {
		copy_text(b, NULL, 0, last);
		return;
	}
	n = snprintf(num, sizeof(num), "%.17g", v);
	vg_buf_add(b, num, (size_t)n);
	vg_buf_add(b, last ? "\n" : "\t", 1);
}

/* A COPY of the rows in b into table, b emptied. */
static int
copy_send(struct vg_archive *ar, const char *table, const char *cols,
    struct vg_buf *b, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	PGresult		*res;
	char			*sql;
	int			 rc = 0;

	if (b->len == 0)
		return 0;
	xasprintf(&sql, "COPY %s (%s) FROM STDIN", table, cols);
	res = PQexec(pg->conn, sql);
	free(sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		pgerr(ar, err, "storing rows", res);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	if (PQputCopyData(pg->conn, b->s, (int)b->len) != 1)
		rc = -1;
	if (PQputCopyEnd(pg->conn, rc == -1 ? "not sent" : NULL) != 1)
		rc = -1;
	while ((res = PQgetResult(pg->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == 0) {
			pgerr(ar, err, "storing rows", res);
			rc = -1;
		}
		PQclear(res);
	}
	if (rc == -1 && err != NULL && err->msg == NULL)
		pgerr(ar, err, "storing rows", NULL);
	pg->buffered -= b->len < pg->buffered ? b->len : pg->buffered;
	/* freed, not kept: a month's spans each keeping a buffer of the
	 * largest batch held 430 MiB at 5,000,000 events */
	free(b->s);
	memset(b, 0, sizeof(*b));
	return rc;
}

/* The buffered rows of span sp's kind k (and the event numbers) sent. */
static int
span_flush(struct vg_archive *ar, struct span *sp, int k,
    struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	char			*table;
	int			 rc;

	xasprintf(&table, "%s%s", kind_table[k], sp->suffix);
	rc = copy_send(ar, table, kind_cols[k], &sp->copy[k], err);
	free(table);
	if (rc == 0)
		rc = copy_send(ar, "event_no", "kind, row_id, device, number,"
		    " sec", &pg->evno, err);
	return rc;
}

static int
flush_all(struct vg_archive *ar, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	size_t			 i;
	int			 k;

	for (i = 0; i < pg->nspan; i++)
		for (k = 0; k < NKIND; k++)
			if (pg->span[i].copy[k].len > 0 &&
			    span_flush(ar, &pg->span[i], k, err) == -1)
				return -1;
	return copy_send(ar, "event_no", "kind, row_id, device, number, sec",
	    &pg->evno, err);
}

/* Rows buffered: sent when the buffers grow past COPY_FLUSH. */
static int
buffered(struct vg_archive *ar, size_t before, const struct vg_buf *b,
    struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);

	pg->buffered += b->len - before;
	if (pg->buffered < COPY_FLUSH)
		return 0;
	return flush_all(ar, err);
}

/* The whole second of an instant in UTC microseconds. */
#define SECOND(t)	(((t) - ((t) < 0 ? 999999 : 0)) / 1000000)

static char *
evno_key(int64_t dev, const struct vg_str *no, int64_t t)
{
	char	*key;

	xasprintf(&key, "%lld|%lld|%.*s", (long long)dev,
	    (long long)SECOND(t), (int)no->len, no->s);
	return key;
}

/* The device's own number of a row kept (none: nothing). */
static void
evno_put(struct vg_archive *ar, int k, int64_t row, int64_t dev,
    const struct vg_str *no, int64_t t)
{
	struct pg_archive	*pg = PG(ar);
	char			*key;

	if (no->len == 0)
		return;
	copy_int(&pg->evno, k, 0);
	copy_int(&pg->evno, row, 0);
	copy_int(&pg->evno, dev, 0);
	copy_str(&pg->evno, no, 0);
	copy_int(&pg->evno, SECOND(t), 1);
	key = evno_key(dev, no, t);
	*key_slot(&pg->evno_seen, key, 1) = 1;
	free(key);
}

/* What makes a gate event the event it is, as a key of the import's. */
static char *
gate_key(const struct vg_gate_rec *g)
{
	char	*key;

	xasprintf(&key, "%lld|%lld|%.*s|%d|%.*s|%.*s|%d|%d", (long long)g->t,
	    (long long)g->gate, (int)g->person.len, g->person.len ?
	    g->person.s : "", g->credential, (int)g->card.len, g->card.len ?
	    g->card.s : "", (int)g->plate.len, g->plate.len ? g->plate.s : "",
	    g->direction, g->result);
	return key;
}

/* A gate event of span span at gate device in bucket b counted: the last
 * run grown, or a run begun. */
static void
crun_add(struct pg_archive *pg, int64_t span, int64_t device, int64_t b)
{
	struct crun	*r;

	if (pg->ncrun > 0 && (r = &pg->crun[pg->ncrun - 1])->b == b &&
	    r->device == device && r->span == span) {
		r->n++;
		return;
	}
	if (pg->ncrun == pg->capcrun) {
		pg->capcrun = pg->capcrun ? 2 * pg->capcrun : 1024;
		pg->crun = xreallocarray(pg->crun, pg->capcrun,
		    sizeof(*pg->crun));
	}
	r = &pg->crun[pg->ncrun++];
	r->span = span;
	r->device = device;
	r->b = b;
	r->n = 1;
}

static int
crun_cmp(const void *a, const void *b)
{
	const struct crun	*x = a, *y = b;

	if (x->device != y->device)
		return x->device < y->device ? -1 : 1;
	if (x->span != y->span)
		return x->span < y->span ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	return 0;
}

static int
pg_put_gate(struct vg_archive *ar, const struct vg_gate_rec *g,
    int64_t source, struct vg_error *err)
{
	struct span	*sp;
	struct vg_buf	*b;
	size_t		 before;

	if ((sp = span_write(ar, K_GATE, g->t, err)) == NULL)
		return -1;
	b = &sp->copy[K_GATE];
	before = b->len;
	copy_int(b, sp->next[K_GATE], 0);
	copy_int(b, g->t, 0);
	copy_int(b, g->gate, 0);
	copy_str(b, &g->person, 0);
	copy_int(b, g->credential, 0);
	copy_str(b, &g->card, 0);
	copy_str(b, &g->plate, 0);
	copy_int(b, g->direction, 0);
	copy_code(b, g->result, 0);
	copy_real(b, g->score, 0);
	copy_int(b, source, 0);
	copy_int(b, g->line, 1);
	evno_put(ar, K_GATE, sp->next[K_GATE], g->gate, &g->evno, g->t);
	if (sp->rows[K_GATE] > 0 && (PG(ar)->tw_rec != g ||
	    PG(ar)->tw_t != g->t || PG(ar)->tw_gate != g->gate ||
	    PG(ar)->tw_all > 0)) {
		/* where twins are looked for, the file's own are counted,
		 * unless no other file gave the key (then never read) */
		char	*key = gate_key(g);
		int64_t	*n = key_slot(&PG(ar)->mine, key, 1);

		*n += 1 + (g->evno.len == 0 ? (int64_t)1 << 32 : 0);
		free(key);
	}
	sp->next[K_GATE]++;
	sp->added[K_GATE]++;
	crun_add(PG(ar), sp->id, g->gate, VG_BUCKET(g->t));
	vg_ar_dcount_add(ar, sp->id, g->gate, g->person.len > 0);
	if (g->result == VG_RES_GRANTED && g->direction == VG_DIR_IN)
		vg_ar_hours_add(ar, sp->id, g->gate, g->t, g->person.len > 0 ?
		    g->person.s : g->card.s, g->habit ? 0 : g->person.len > 0 ?
		    g->person.len : g->card.len);
	return buffered(ar, before, b, err);
}

/* The span holding instant t with rows of kind k from before this
 * import (old), or any rows; NULL when none. */
static struct span *
span_at(struct vg_archive *ar, int k, int64_t t, int old)
{
	struct pg_archive	*pg = PG(ar);
	size_t			 i;

	for (i = 0; i < pg->nspan; i++) {
		struct span *sp = &pg->span[i];

		if (t >= sp->start && t < sp->end)
			return sp->rows[k] >= old && sp->rows[k] + sp->added[k]
			    > 0 ? sp : NULL;
	}
	return NULL;
}

/* What a failed lookup of twins is said as. */
#define TWINS	"looking for twins"

/*
 * A statement prepared once a session by name (a twin's lookup, asked
 * once a row), run.  NULL when it failed.
 */
static PGresult *
run_prepared(struct vg_archive *ar, const char *name, const char *sql,
    const struct params *p)
{
	struct pg_archive	*pg = PG(ar);
	PGresult		*res;
	int64_t			*done;

	alive(ar);
	if ((done = key_slot(&pg->prepared, name, 1)) != NULL && *done == 0) {
		res = PQprepare(pg->conn, name, sql, 0, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			pgerr_as(ar, NULL, TWINS, res, 1);
			PQclear(res);
			return NULL;
		}
		PQclear(res);
		*done = 1;
	}
	res = PQexecPrepared(pg->conn, name, p->n, (const char *const *)p->v,
	    NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		return res;
	pgerr_as(ar, NULL, TWINS, res, 1);
	PQclear(res);
	return NULL;
}

/*
 * Twins are looked for among the rows other files gave a day before this
 * import, read a window at a time: a device's rows of a span (or of a
 * part of it, so that a window holds about TWIN_ROWS of them), once an
 * import, with their event numbers, as keys of their content counted
 * (the unnumbered << 32).  What other files gave does not change during
 * an import, so the answers are those of a statement a row (a round trip
 * each: 60,000 rows into a day that held rows took 19 s, a file alone 2).
 */
#define TWIN_ROWS	20000	/* a device's rows a window holds at most */
#define TWIN_SPAN	100000	/* all devices' rows of a window's time */
#define TWIN_KEEP	1000000	/* keys kept before all are forgotten */
#define TWIN_POINT	32	/* rows read with a window costing what
				   a second's lookup costs */

/* A string of a key: NULL apart from the empty string, its length first. */
static void
tkey_str(struct vg_buf *b, const char *s, size_t n)
{
	if (s == NULL)
		vg_buf_add(b, "-|", 2);
	else {
		vg_buf_fmt(b, "%zu'", n);
		vg_buf_add(b, s, n);
		vg_buf_add(b, "|", 1);
	}
}

/* A row's field: its text, or NULL. */
static void
tkey_val(struct vg_buf *b, const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		tkey_str(b, NULL, 0);
	else
		tkey_str(b, PQgetvalue(res, row, col),
		    (size_t)PQgetlength(res, row, col));
}

/* A record's string, NULL when empty (as p_vstr binds it). */
static void
tkey_vstr(struct vg_buf *b, const struct vg_str *s)
{
	tkey_str(b, s->len > 0 ? s->s : NULL, s->len);
}

/* A record's number (as p_int); a code is NULL for 0 (as p_code). */
static void
tkey_int(struct vg_buf *b, int64_t v, int code)
{
	char	num[24];

	if (code && v == 0)
		tkey_str(b, NULL, 0);
	else {
		snprintf(num, sizeof(num), "%lld", (long long)v);
		tkey_str(b, num, strlen(num));
	}
}

/* A key counted in pg->tw_ks; numbered rows count only in the low half. */
static void
tkey_count(struct pg_archive *pg, struct vg_buf *b, int numbered)
{
	*key_slot(pg->tw_ks, b->s, 1) += 1 + (numbered ? 0 :
	    (int64_t)1 << 32);
	b->len = 0;
}

/* The keys of a gate event: its content ("g"), and gate, instant and
 * person ("p"). */
static void
tkey_gate(struct vg_buf *b, int seen, int64_t gate, int64_t t)
{
	b->len = 0;
	vg_buf_fmt(b, "%s|%lld|%lld|", seen ? "p" : "g", (long long)gate,
	    (long long)t);
}

/* The keys of a sighting: camera, first and kind, then its track ("s")
 * or its plate ("l"). */
static void
tkey_sighting(struct vg_buf *b, int plate, int64_t camera, int64_t first)
{
	b->len = 0;
	vg_buf_fmt(b, "%s|%lld|%lld|", plate ? "l" : "s", (long long)camera,
	    (long long)first);
}

/* An event number's key: device, second, number. */
static void
tkey_evno(struct vg_buf *b, int64_t dev, int64_t sec, const char *no,
    size_t n)
{
	b->len = 0;
	vg_buf_fmt(b, "e|%lld|%lld|", (long long)dev, (long long)sec);
	tkey_str(b, no, n);
}

/* How many rows of a device a span holds (span_device), read a span at
 * a time; "n|span" marks a span read. */
static int64_t
twin_devrows(struct vg_archive *ar, const struct span *sp, int64_t dev)
{
	struct pg_archive	*pg = PG(ar);
	struct params		 p = { { NULL }, 0 };
	PGresult		*res;
	int64_t			*n;
	char			 key[64];
	int			 i;

	snprintf(key, sizeof(key), "n|%lld", (long long)sp->id);
	if (key_slot(&pg->twin, key, 0) == NULL) {
		p_int(&p, sp->id);
		res = run(ar, "SELECT device, n FROM span_device WHERE span ="
		    " $1", &p, NULL, TWINS);
		p_free(&p);
		if (res == NULL)
			return -1;
		for (i = 0; i < PQntuples(res); i++) {
			snprintf(key, sizeof(key), "n|%lld|%lld",
			    (long long)sp->id, (long long)val_int(res, i, 0));
			*key_slot(&pg->twin, key, 1) = val_int(res, i, 1);
		}
		PQclear(res);
		snprintf(key, sizeof(key), "n|%lld", (long long)sp->id);
		*key_slot(&pg->twin, key, 1) = 1;
	}
	snprintf(key, sizeof(key), "n|%lld|%lld", (long long)sp->id,
	    (long long)dev);
	return (n = key_slot(&pg->twin, key, 0)) != NULL ? *n : 0;
}

/*
 * The window of span sp's partition of kind k holding device dev's
 * instant t read into pg->twin, unless it was: the rows other files gave
 * there, each counted under its keys, and their event numbers.  While a
 * file has asked for fewer of a window's rows than 1 in TWIN_POINT of
 * those it holds, only the second of t is read (into pg->twin_pt): a
 * small file into a full day then reads its own seconds, not the whole
 * day (50,000 rows into a day of 10 M read all 10 M, 99 s of the
 * server's 113), and a file as dense as the day still reads windows
 * once it has paid for one in seconds.  pg->tw_ks is set to the keys to
 * look in.  -1 when the server failed (the lookup then finds nothing, as
 * a failed statement a row did; the import's next statement fails).
 */
static int
twin_window(struct vg_archive *ar, struct span *sp, int k, int64_t dev,
    int64_t t, int64_t source)
{
	static const char *const sql[NKIND] = {
		"SELECT x.t, x.person, x.credential, x.card, x.plate,"
		" x.direction, x.result, e.sec, e.number FROM gate_event%s x"
		" LEFT JOIN event_no e ON e.kind = 0 AND e.row_id = x.id WHERE"
		" x.gate = $1 AND x.t >= $2 AND x.t < $3 AND x.source <> $4",
		"SELECT x.first, x.track, x.kind, x.plate, e.sec, e.number"
		" FROM sighting%s x LEFT JOIN event_no e ON e.kind = 1 AND"
		" e.row_id = x.id WHERE x.camera = $1 AND x.first >= $2 AND"
		" x.first < $3 AND x.source <> $4",
	};
	struct pg_archive	*pg = PG(ar);
	struct params		 p = { { NULL }, 0 };
	struct vg_buf		 b = { NULL, 0, 0 };
	PGresult		*res;
	char			 key[96], *q, *name;
	int64_t			 n, len, w, from, to, tt, *asked;
	int			 i, numbered, c, prev;

	if (pg->twin_src != source || pg->twin_pt.used > TWIN_KEEP)
		keys_free(&pg->twin_pt);
	if (pg->twin_src != source || pg->twin.used > TWIN_KEEP) {
		keys_free(&pg->twin);
		pg->twin_src = source;
	}
	pg->tw_ks = &pg->twin;
	if ((n = twin_devrows(ar, sp, dev)) == -1)
		return -1;
	/* windows of whole seconds, each about TWIN_ROWS of the device's,
	 * and short enough that all devices' windows of a time hold some
	 * TWIN_SPAN rows: a file in time order then forgets (TWIN_KEEP)
	 * the windows it has passed, not those it is in */
	len = (sp->end - sp->start) / (n / TWIN_ROWS + 1);
	if (len > (sp->end - sp->start) / (sp->rows[k] / TWIN_SPAN + 1))
		len = (sp->end - sp->start) / (sp->rows[k] / TWIN_SPAN + 1);
	len = len < 1000000 ? 1000000 : len / 1000000 * 1000000;
	w = (t - sp->start) / len;
	snprintf(key, sizeof(key), "w|%d|%lld|%lld|%lld", k, (long long)sp->id,
	    (long long)dev, (long long)w);
	if (key_slot(&pg->twin, key, 0) != NULL)
		return 0;
	from = sp->start + w * len;
	to = from + len < sp->end ? from + len : sp->end;
	/* the device's rows the window holds, as its day's are spread;
	 * a window read whole when the one before it was (a file in time
	 * order as dense as the day asks for it all) */
	snprintf(key, sizeof(key), "w|%d|%lld|%lld|%lld", k, (long long)sp->id,
	    (long long)dev, (long long)w - 1);
	prev = w > 0 && key_slot(&pg->twin, key, 0) != NULL;
	snprintf(key, sizeof(key), "a|%d|%lld|%lld|%lld", k, (long long)sp->id,
	    (long long)dev, (long long)w);
	asked = key_slot(&pg->twin, key, 1);
	if (!prev && ++*asked * TWIN_POINT <= n * (to - from) / (sp->end -
	    sp->start)) {
		pg->tw_ks = &pg->twin_pt;
		from = sp->start + (t - sp->start) / 1000000 * 1000000;
		to = from + 1000000 < sp->end ? from + 1000000 : sp->end;
		snprintf(key, sizeof(key), "s|%d|%lld|%lld|%lld", k,
		    (long long)sp->id, (long long)dev, (long long)from);
		if (key_slot(&pg->twin_pt, key, 0) != NULL)
			return 0;
	} else
		key[0] = 'w';
	p_int(&p, dev);
	p_int(&p, from);
	p_int(&p, to);
	p_int(&p, source);
	xasprintf(&q, sql[k], sp->suffix);
	xasprintf(&name, "tw%d%s", k, sp->suffix);
	res = run_prepared(ar, name, q, &p);
	free(q);
	free(name);
	p_free(&p);
	if (res == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		tt = val_int(res, i, 0);
		c = k == K_GATE ? 7 : 4;
		numbered = !PQgetisnull(res, i, c);
		if (numbered) {
			tkey_evno(&b, dev, val_int(res, i, c), PQgetvalue(res,
			    i, c + 1), (size_t)PQgetlength(res, i, c + 1));
			tkey_count(pg, &b, 1);
		}
		if (k == K_GATE) {
			tkey_gate(&b, 0, dev, tt);
			for (c = 1; c < 7; c++)
				tkey_val(&b, res, i, c);
			tkey_count(pg, &b, numbered);
			tkey_gate(&b, 1, dev, tt);
			tkey_val(&b, res, i, 1);
			tkey_count(pg, &b, numbered);
		} else {
			tkey_sighting(&b, 0, dev, tt);
			tkey_val(&b, res, i, 2);
			tkey_val(&b, res, i, 1);
			tkey_count(pg, &b, numbered);
			if (PQgetisnull(res, i, 3))
				continue;
			tkey_sighting(&b, 1, dev, tt);
			tkey_val(&b, res, i, 2);
			tkey_val(&b, res, i, 3);
			tkey_count(pg, &b, numbered);
		}
	}
	PQclear(res);
	free(b.s);
	*key_slot(pg->tw_ks, key, 1) = 1;
	return 0;
}

/* How many rows of key b other files gave: all, and those their device
 * did not number << 32; b emptied. */
static int64_t
twin_raw(struct pg_archive *pg, struct vg_buf *b)
{
	int64_t	*n = key_slot(pg->tw_ks, b->s, 0);

	b->len = 0;
	return n != NULL ? *n : 0;
}

/* How many rows of key b other files gave: all, or (unnumbered) those
 * their device did not number; b emptied. */
static int64_t
twin_count(struct pg_archive *pg, struct vg_buf *b, int unnumbered)
{
	int64_t	n = twin_raw(pg, b);

	return unnumbered ? n >> 32 : n & 0xffffffff;
}

/* Whether an event so numbered in that second is held, from any file:
 * this one's, or in the span of its instant with rows from before. */
static int
evno_seen(struct vg_archive *ar, int k, int64_t dev, const struct vg_str *no,
    int64_t t, int64_t source)
{
	struct pg_archive	*pg = PG(ar);
	struct vg_buf		 b = { NULL, 0, 0 };
	struct span		*sp;
	char			*key;
	int			 r;

	key = evno_key(dev, no, t);
	r = key_slot(&pg->evno_seen, key, 0) != NULL;
	free(key);
	if (r || !pg->evno_old || (sp = span_at(ar, k, t, 1)) == NULL ||
	    twin_window(ar, sp, k, dev, t, source) == -1)
		return r;
	tkey_evno(&b, dev, SECOND(t), no->s, no->len);
	r = twin_count(pg, &b, 0) > 0;
	free(b.s);
	return r;
}

/*
 * How many rows of a key other files gave (*other) in span sp's
 * partition of kind k; with mine, also how many this file gave, its
 * buffered rows sent first (a file's own repeat, looked for rarely).
 */
static int
twins(struct vg_archive *ar, struct span *sp, int k, const char *name,
    const char *cond, struct params *p, int srcparam, int64_t *other,
    int64_t *mine)
{
	PGresult	*res;
	char		*sql, *id;

	*other = 0;
	if (mine != NULL) {
		*mine = 0;
		if (sp->copy[k].len > 0 && span_flush(ar, sp, k, NULL) == -1)
			return -1;
	}
	xasprintf(&sql, "SELECT count(*) FILTER (WHERE source <> $%d),"
	    " count(*) FILTER (WHERE source = $%d) FROM %s%s x WHERE %s",
	    srcparam, srcparam, kind_table[k], sp->suffix, cond);
	xasprintf(&id, "%s%s", name, sp->suffix);
	res = run_prepared(ar, id, sql, p);
	free(sql);
	free(id);
	if (res == NULL)
		return -1;
	*other = val_int(res, 0, 0);
	if (mine != NULL)
		*mine = val_int(res, 0, 1);
	PQclear(res);
	return 0;
}

/* As the SQLite archive's (archive-sqlite.c), which says what a twin is. */
static int
pg_gate_twin(struct vg_archive *ar, const struct vg_gate_rec *g,
    int64_t source)
{
	struct pg_archive	*pg = PG(ar);
	struct vg_buf		 b = { NULL, 0, 0 };
	struct span		*sp;
	int64_t			 other, mine, *n;
	char			*key;

	pg->tw_rec = NULL;
	if (g->evno.len > 0 && evno_seen(ar, K_GATE, g->gate, &g->evno, g->t,
	    source))
		return INT_MAX;
	pg->tw_rec = g;
	pg->tw_t = g->t;
	pg->tw_gate = g->gate;
	pg->tw_all = 0;
	if ((sp = span_at(ar, K_GATE, g->t, 1)) == NULL)
		return 0;
	if (twin_window(ar, sp, K_GATE, g->gate, g->t, source) == -1) {
		pg->tw_rec = NULL;
		return 0;
	}
	tkey_gate(&b, 0, g->gate, g->t);
	tkey_vstr(&b, &g->person);
	tkey_int(&b, g->credential, 0);
	tkey_vstr(&b, &g->card);
	tkey_vstr(&b, &g->plate);
	tkey_int(&b, g->direction, 0);
	tkey_int(&b, g->result, 1);
	other = twin_raw(pg, &b);
	free(b.s);
	pg->tw_all = other & 0xffffffff;
	other = g->evno.len > 0 ? other >> 32 : other & 0xffffffff;
	if (other == 0)
		return 0;
	/* this file's own rows of the key, counted as they were put: all,
	 * or those the gate did not number when this one is numbered */
	key = gate_key(g);
	mine = (n = key_slot(&pg->mine, key, 0)) == NULL ? 0 :
	    g->evno.len > 0 ? *n >> 32 : *n & 0xffffffff;
	free(key);
	return other <= mine ? 0 : other - mine >= INT_MAX ? INT_MAX - 1 :
	    (int)(other - mine);
}

static int
pg_gate_seen(struct vg_archive *ar, const struct vg_gate_rec *g,
    int64_t source)
{
	struct vg_buf	 b = { NULL, 0, 0 };
	struct span	*sp;
	int64_t		 other;

	if ((sp = span_at(ar, K_GATE, g->t, 1)) == NULL ||
	    twin_window(ar, sp, K_GATE, g->gate, g->t, source) == -1)
		return 0;
	tkey_gate(&b, 1, g->gate, g->t);
	tkey_vstr(&b, &g->person);
	other = twin_count(PG(ar), &b, 0);
	free(b.s);
	return other > 0;
}

/* A sighting's key: camera $1, track $2, first $3, kind $4, the source
 * $5, its number $6; with plate, the plate as $7. */
static void
sighting_params(struct params *p, const struct vg_sighting_rec *s,
    int64_t source, int plate)
{
	p_int(p, s->camera);
	p_vstr(p, &s->track);
	p_int(p, s->first);
	p_code(p, s->kind);
	p_int(p, source);
	p_vstr(p, &s->evno);
	if (plate)
		p_vstr(p, &s->plate);
}

static int
pg_sighting_twin(struct vg_archive *ar, const struct vg_sighting_rec *s,
    int64_t source, int own)
{
	struct params	 p = { { NULL }, 0 };
	struct vg_buf	 b = { NULL, 0, 0 };
	struct span	*sp;
	int64_t		 other = 0, mine = 0;
	int		 rc;

	if (s->evno.len > 0 && evno_seen(ar, K_SIGHTING, s->camera, &s->evno,
	    s->first, source))
		return 1;
	if ((sp = span_at(ar, K_SIGHTING, s->first, 1)) != NULL &&
	    twin_window(ar, sp, K_SIGHTING, s->camera, s->first, source) == 0) {
		if (s->plate.len > 0 && s->track.len > 0) {
			tkey_sighting(&b, 1, s->camera, s->first);
			tkey_int(&b, s->kind, 1);
			tkey_vstr(&b, &s->plate);
			other = twin_count(PG(ar), &b, s->evno.len > 0);
		}
		if (other == 0) {
			tkey_sighting(&b, 0, s->camera, s->first);
			tkey_int(&b, s->kind, 1);
			tkey_vstr(&b, &s->track);
			other = twin_count(PG(ar), &b, s->evno.len > 0);
		}
	}
	free(b.s);
	if (other > 0 || !own ||
	    (sp = span_at(ar, K_SIGHTING, s->first, 0)) == NULL)
		return other > 0;
	/* a file's own repeat (rare: its track taken in the span) */
	sighting_params(&p, s, source, 0);
	rc = twins(ar, sp, K_SIGHTING, "ts", "camera = $1 AND track = $2 AND"
	    " first = $3 AND kind IS NOT DISTINCT FROM $4::int AND ($6::text IS"
	    " NULL OR NOT EXISTS (SELECT 1 FROM event_no e WHERE e.kind = 1 AND"
	    " e.row_id = x.id))", &p, 5, &other, &mine);
	p_free(&p);
	if (rc == -1)
		return 0;
	return other > 0 || mine > 0;
}

static int
pg_put_sighting(struct vg_archive *ar, const struct vg_sighting_rec *s,
    int64_t source, int64_t *dupline, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct span		*sp;
	struct vg_buf		*b;
	const unsigned char	*e;
	int64_t			*line;
	size_t			 before, i;
	char			*key;

	if (s->emb != NULL && pg->embdim == 0 && !pg->embdim_read)
		(void)ar->ops->embedding_dim(ar);
	if ((sp = span_write(ar, K_SIGHTING, s->first, err)) == NULL)
		return -1;
	/* a track is unique per camera, file and span */
	xasprintf(&key, "%lld|%lld|%.*s", (long long)sp->id,
	    (long long)s->camera, (int)s->track.len, s->track.s);
	line = key_slot(&pg->tracks, key, 1);
	free(key);
	if (*line != 0) {
		*dupline = *line;
		return 1;
	}
	*line = s->line > 0 ? s->line : -1;
	b = &sp->copy[K_SIGHTING];
	before = b->len;
	copy_int(b, sp->next[K_SIGHTING], 0);
	copy_int(b, s->camera, 0);
	copy_str(b, &s->track, 0);
	copy_int(b, s->first, 0);
	copy_int(b, s->last, 0);
	copy_code(b, s->kind, 0);
	copy_str(b, &s->person, 0);
	copy_real(b, s->score, 0);
	copy_str(b, &s->plate, 0);
	copy_code(b, s->upper, 0);
	copy_code(b, s->lower, 0);
	copy_str(b, &s->attrs, 0);
	for (i = 0; i < 4; i++)
		copy_real(b, s->box[i], 0);
	if (s->emb == NULL)
		copy_text(b, NULL, 0, 0);
	else {
		/* bytea in hex, its backslash doubled for COPY */
		vg_buf_add(b, "\\\\x", 3);
		e = s->emb;
		for (i = 0; i < s->embdim * 4; i++)
			vg_buf_fmt(b, "%02x", e[i]);
		vg_buf_add(b, "\t", 1);
		if (pg->embdim == 0) {
			struct params p = { { NULL }, 0 };

			p_int(&p, (int64_t)s->embdim);
			if (exec(ar, "INSERT INTO meta (key, value) VALUES"
			    " ('embedding_dim', $1) ON CONFLICT (key) DO UPDATE"
			    " SET value = excluded.value", &p, err, "meta") ==
			    -1) {
				p_free(&p);
				return -1;
			}
			p_free(&p);
			pg->embdim = s->embdim;
			pg->embdim_read = 1;
		}
	}
	copy_int(b, source, 0);
	copy_int(b, s->line, 1);
	evno_put(ar, K_SIGHTING, sp->next[K_SIGHTING], s->camera, &s->evno,
	    s->first);
	sp->next[K_SIGHTING]++;
	sp->added[K_SIGHTING]++;
	vg_ar_dcount_add(ar, sp->id, s->camera, s->person.len > 0);
	return buffered(ar, before, b, err) == -1 ? -1 : 0;
}

/* A batch of VALUES rows run as one statement (an upsert). */
static int
batch_run(struct vg_archive *ar, const char *head, struct vg_buf *rows,
    const char *tail, struct vg_error *err, const char *what)
{
	char	*sql;
	int	 rc;

	if (rows->len == 0)
		return 0;
	xasprintf(&sql, "%s %s %s", head, rows->s, tail);
	rc = exec(ar, sql, NULL, err, what);
	free(sql);
	rows->len = 0;
	if (rows->s != NULL)
		rows->s[0] = '\0';
	return rc;
}

/* A string as an SQL literal, allocated. */
static char *
literal(struct vg_archive *ar, const char *s)
{
	char	*l, *r;

	if (s == NULL)
		return xstrdup("NULL");
	l = PQescapeLiteral(PG(ar)->conn, s, strlen(s));
	r = xstrdup(l != NULL ? l : "NULL");
	PQfreemem(l);
	return r;
}

#define BATCH	500	/* rows a statement of the bookkeeping */

/* The hours, habits, spans' counts of this import written. */
static int
account(struct vg_archive *ar, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct vg_buf		 rows = { NULL, 0, 0 }, nums = { NULL, 0, 0 };
	struct span		*sp;
	size_t			 i, j, m, n, nhab, in = 0;
	int64_t			 c, hr;
	char			*a, *b;
	int			 h, rc = -1;

	vg_ar_counts_pack(ar, &n, &nhab);
#define FLUSH_IF(head, tail, what) do {					\
	if (++in % BATCH == 0 && batch_run(ar, head, &rows, tail, err,	\
	    what) == -1)						\
		goto out;						\
} while (0)
#define HOUR_HEAD "INSERT INTO span_hour (span, device, hour, n) VALUES"
#define HOUR_TAIL "ON CONFLICT (span, device, hour) DO UPDATE SET n =" \
	" span_hour.n + excluded.n"
	for (i = 0; i < n; i++)
		for (h = 0; h < 24; h++) {
			if (ar->dc[i].hour[h] == 0)
				continue;
			vg_buf_fmt(&rows, "%s(%lld, %lld, %d, %lld)", rows.len ?
			    ", " : "", (long long)ar->dc[i].span,
			    (long long)ar->dc[i].device, h,
			    (long long)ar->dc[i].hour[h]);
			FLUSH_IF(HOUR_HEAD, HOUR_TAIL, "counting entries");
		}
	if (batch_run(ar, HOUR_HEAD, &rows, HOUR_TAIL, err,
	    "counting entries") == -1)
		goto out;
#define COUNT_HEAD "INSERT INTO span_count (span, device, h, bo, bn) VALUES"
#define COUNT_TAIL "ON CONFLICT (device, h, span) DO UPDATE SET (bo, bn) =" \
	" (SELECT array_agg(o ORDER BY o), array_agg(n ORDER BY o) FROM" \
	" (SELECT o, sum(n)::integer AS n FROM unnest(span_count.bo ||" \
	" excluded.bo, span_count.bn || excluded.bn) u(o, n) GROUP BY o) v)"
	/* (the runs in key order, one row a span, gate and hour: a row the
	   statement upserts twice is refused; its buckets ascending, a
	   bucket's runs summed) */
	vg_qsort(pg->crun, pg->ncrun, sizeof(*pg->crun), crun_cmp);
	for (i = 0; i < pg->ncrun; i = j) {
		hr = CHOUR_OF(pg->crun[i].b);
		vg_buf_fmt(&rows, "%s(%lld, %lld, %lld, '{", rows.len ? ", " :
		    "", (long long)pg->crun[i].span,
		    (long long)pg->crun[i].device, (long long)hr);
		nums.len = 0;
		for (j = i; j < pg->ncrun && pg->crun[j].span ==
		    pg->crun[i].span && pg->crun[j].device ==
		    pg->crun[i].device && CHOUR_OF(pg->crun[j].b) == hr; j = m) {
			for (m = j + 1, c = pg->crun[j].n; m < pg->ncrun &&
			    crun_cmp(&pg->crun[j], &pg->crun[m]) == 0; m++)
				c += pg->crun[m].n;
			vg_buf_fmt(&rows, "%s%lld", j > i ? "," : "",
			    (long long)(pg->crun[j].b - hr * CHOUR));
			vg_buf_fmt(&nums, "%s%lld", j > i ? "," : "",
			    (long long)c);
		}
		vg_buf_fmt(&rows, "}'::smallint[], '{%s}'::integer[])",
		    nums.s);
		FLUSH_IF(COUNT_HEAD, COUNT_TAIL, "counting gate events");
	}
	if (batch_run(ar, COUNT_HEAD, &rows, COUNT_TAIL, err,
	    "counting gate events") == -1)
		goto out;
#define HABIT_HEAD "INSERT INTO habit (who, zone, hours) VALUES"
#define HABIT_TAIL "ON CONFLICT (who, zone) DO UPDATE SET hours =" \
	" habit.hours | excluded.hours"
	for (i = 0; i < nhab; i++) {
		a = literal(ar, ar->hab[i].who);
		b = literal(ar, ar->hab[i].zone);
		vg_buf_fmt(&rows, "%s(%s, %s, %lld)", rows.len ? ", " : "", a,
		    b, (long long)ar->hab[i].hours);
		free(a);
		free(b);
		FLUSH_IF(HABIT_HEAD, HABIT_TAIL, "counting entries");
	}
	if (batch_run(ar, HABIT_HEAD, &rows, HABIT_TAIL, err,
	    "counting entries") == -1)
		goto out;
#define DEV_HEAD "INSERT INTO span_device (span, device, n, named) VALUES"
#define DEV_TAIL "ON CONFLICT (span, device) DO UPDATE SET n =" \
	" span_device.n + excluded.n, named = span_device.named +" \
	" excluded.named"
	for (i = 0; i < n; i++) {
		vg_buf_fmt(&rows, "%s(%lld, %lld, %lld, %lld)", rows.len ?
		    ", " : "", (long long)ar->dc[i].span,
		    (long long)ar->dc[i].device, (long long)ar->dc[i].n,
		    (long long)ar->dc[i].named);
		FLUSH_IF(DEV_HEAD, DEV_TAIL, "span bookkeeping");
	}
	if (batch_run(ar, DEV_HEAD, &rows, DEV_TAIL, err,
	    "span bookkeeping") == -1)
		goto out;
	for (i = 0; i < pg->nspan; i++) {
		sp = &pg->span[i];
		if (sp->next[K_GATE] == 0 && sp->next[K_SIGHTING] == 0)
			continue;
		vg_buf_fmt(&rows, "UPDATE span SET gates = %s%lld,"
		    " sightings = %s%lld WHERE id = %lld;",
		    sp->rows[K_GATE] < 0 ? "NULL::bigint + " : "",
		    (long long)(sp->rows[K_GATE] + sp->added[K_GATE]),
		    sp->rows[K_SIGHTING] < 0 ? "NULL::bigint + " : "",
		    (long long)(sp->rows[K_SIGHTING] +
		    sp->added[K_SIGHTING]), (long long)sp->id);
		if (pg->source != 0 && sp->added[K_GATE] +
		    sp->added[K_SIGHTING] > 0)
			vg_buf_fmt(&rows, "INSERT INTO source_span (source,"
			    " span, rows) VALUES (%lld, %lld, %lld) ON CONFLICT"
			    " (source, span) DO UPDATE SET rows ="
			    " source_span.rows + excluded.rows;",
			    (long long)pg->source, (long long)sp->id,
			    (long long)(sp->added[K_GATE] +
			    sp->added[K_SIGHTING]));
	}
	if (rows.len > 0 && exec(ar, rows.s, NULL, err,
	    "span bookkeeping") == -1)
		goto out;
	rc = 0;
out:
	free(rows.s);
	free(nums.s);
	return rc;
#undef FLUSH_IF
}

/*
 * The parent's indexes built on staged table sp of kind k, packed full
 * (fillfactor 100, not the 90 ATTACH would give them: 9% of a row's index
 * bytes), which ATTACH then takes as the partition's own.  The device's
 * index, (gate, t) or (camera, first), is built first and the table's rows
 * put in its order (CLUSTER, by a sort: the index's order is one row a
 * page) before the others are built: a device's hour
 * is then a few pages, where in the file's time order its rows are one
 * to a page (a person's days are one to a page either way).  A day made
 * by a file whole is seldom added to; rows that come later go at the
 * table's end and split the index pages they land in, as they would the
 * pages of a day made by many files.  An index whose definition is not a
 * plain btree column list is left to ATTACH.
 */
static int
index_staged(struct vg_archive *ar, const struct span *sp, int k,
    struct vg_error *err)
{
	PGresult	*res, *cl;
	struct vg_buf	 b = { 0 };
	char		*sql, *order;
	int		 i, rc = 0;

	xasprintf(&sql, "SELECT regexp_replace(d, '^CREATE INDEX \\S+ ON ONLY"
	    " \\S+ (USING btree \\([^()]*\\))( WHERE .*)?$', 'CREATE INDEX ON"
	    " %s%s \\1 WITH (fillfactor = 100)\\2;'), d ~ ' USING btree"
	    " \\(%s, %s\\)$' FROM (SELECT pg_get_indexdef(indexrelid) AS d"
	    " FROM pg_index WHERE indrelid = '%s'::regclass) i WHERE d ~"
	    " '^CREATE INDEX \\S+ ON ONLY \\S+ USING btree \\([^()]*\\)"
	    "( WHERE .*)?$' ORDER BY 2 DESC", kind_table[k], sp->suffix,
	    kind_dev[k], kind_key[k], kind_table[k]);
	res = run(ar, sql, NULL, err, "indexing a partition");
	free(sql);
	if (res == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		vg_buf_add(&b, PQgetvalue(res, i, 0),
		    strlen(PQgetvalue(res, i, 0)));
		if (i > 0 || strcmp(PQgetvalue(res, i, 1), "t") != 0)
			continue;
		/* the device's index, then the rows in its order */
		if ((rc = exec(ar, b.s, NULL, err, "indexing a partition")) ==
		    -1)
			break;
		xasprintf(&sql, "SELECT 'CLUSTER %s%s USING ' ||"
		    " indexrelid::regclass::text,"
		    " current_setting('enable_indexscan') FROM pg_index"
		    " WHERE indrelid = '%s%s'::regclass", kind_table[k],
		    sp->suffix, kind_table[k], sp->suffix);
		if ((cl = run(ar, sql, NULL, err, "ordering a partition")) ==
		    NULL)
			rc = -1;
		else if (PQntuples(cl) == 1) {
			/* by a sort, then the session's setting again */
			xasprintf(&order, "SET LOCAL enable_indexscan = off;"
			    " %s; SET LOCAL enable_indexscan = %s",
			    PQgetvalue(cl, 0, 0), strcmp(PQgetvalue(cl, 0,
			    1), "off") == 0 ? "off" : "on");
			rc = exec(ar, order, NULL, err,
			    "ordering a partition");
			free(order);
		}
		PQclear(cl);
		free(sql);
		if (rc == -1)
			break;
		b.len = 0;
	}
	PQclear(res);
	if (rc == 0 && b.len > 0)
		rc = exec(ar, b.s, NULL, err, "indexing a partition");
	free(b.s);
	return rc;
}

/* The partitions this import made, indexed and attached to their tables. */
static int
attach(struct vg_archive *ar, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct span		*sp;
	char			*sql;
	size_t			 i;
	int			 k, rc;

	for (i = 0; i < pg->nspan; i++) {
		sp = &pg->span[i];
		for (k = 0; k < NKIND; k++) {
			if (!sp->staged[k])
				continue;
			if (index_staged(ar, sp, k, err) == -1)
				return -1;
			xasprintf(&sql, "ALTER TABLE %s ATTACH PARTITION %s%s"
			    " FOR VALUES FROM (%lld) TO (%lld)", kind_table[k],
			    kind_table[k], sp->suffix, (long long)sp->start,
			    (long long)sp->end);
			rc = exec(ar, sql, NULL, err, "attaching a partition");
			free(sql);
			if (rc == -1)
				return -1;
		}
	}
	return 0;
}

static int
pg_commit(struct vg_archive *ar, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct span		*sp;
	size_t			 i;
	int			 k;
	char			 key[48];

	if (flush_all(ar, err) == -1 || attach(ar, err) == -1 ||
	    account(ar, err) == -1) {
		pg_rollback(ar);
		return -1;
	}
	vg_ar_test_stop("commit");	/* every row sent, nothing committed */
	if (exec(ar, "COMMIT", NULL, err, "committing the import") == -1) {
		pg_rollback(ar);
		return -1;
	}
	pg->intx = 0;
	if (pg->idnext.used > 100000)
		keys_free(&pg->idnext);
	for (i = 0; i < pg->nspan; i++) {
		sp = &pg->span[i];
		for (k = 0; k < NKIND; k++) {
			if (sp->next[k] != 0 && sp->oid[k] != 0) {
				snprintf(key, sizeof(key), "%lld|%lld",
				    (long long)sp->oid[k], (long long)(sp->rows[k]
				    + sp->added[k]));
				*key_slot(&pg->idnext, key, 1) = sp->next[k];
			}
			sp->rows[k] += sp->added[k];
			sp->added[k] = sp->next[k] = sp->staged[k] = 0;
		}
	}
	vg_ar_counts_forget(ar);
	import_forget(ar);
	memset(pg->cur, 0, sizeof(pg->cur));
	return 0;
}

static void
pg_rollback(struct vg_archive *ar)
{
	struct pg_archive	*pg = PG(ar);
	PGresult		*res;

	/* a COPY cut short first, then the transaction */
	while ((res = PQgetResult(pg->conn)) != NULL)
		PQclear(res);
	PQclear(PQexec(pg->conn, "ROLLBACK"));
	pg->intx = 0;
	spans_forget(ar);
	import_forget(ar);
	vg_ar_counts_forget(ar);
	pg->embdim_read = 0;
	pg->embdim = 0;
	vg_ar_devices_forget(ar);
}

static int
pg_source_find(struct vg_archive *ar, const char *sha, struct vg_source *src)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	int		 found = 0;

	p_str(&p, sha);
	res = run(ar, "SELECT id, path, size, format, imported, rows,"
	    " rejected FROM source WHERE sha256 = $1", &p, NULL, "");
	p_free(&p);
	if (res == NULL)
		return 0;
	if (PQntuples(res) > 0) {
		src->id = val_int(res, 0, 0);
		free(src->path);
		src->path = val_dup(res, 0, 1);
		src->size = (uint64_t)val_int(res, 0, 2);
		src->format = vg_ar_format_code(val(res, 0, 3));
		src->imported = val_int(res, 0, 4);
		src->rows = val_int(res, 0, 5);
		src->rejected = val_int(res, 0, 6);
		found = 1;
	}
	PQclear(res);
	return found;
}

static int
pg_source_add(struct vg_archive *ar, struct vg_source *src,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;

	src->imported = vg_now();
	p_str(&p, src->path);
	p_str(&p, src->sha256);
	p_int(&p, (int64_t)src->size);
	p_str(&p, vg_format_name(src->format));
	p_int(&p, src->imported);
	/* the id after the last, as a file's (its rowid) is: a file found
	 * imported before, or one that failed, leaves no gap (the writer
	 * lock is held: no other import takes the same) */
	res = run(ar, "INSERT INTO source (id, path, sha256, size, format,"
	    " imported) SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4, $5"
	    " FROM source RETURNING id", &p, err, "recording source");
	p_free(&p);
	if (res == NULL)
		return -1;
	src->id = val_int(res, 0, 0);
	PG(ar)->source = src->id;
	PQclear(res);
	return 0;
}

static int
pg_source_done(struct vg_archive *ar, const struct vg_source *src,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	int		 rc;

	p_int(&p, src->id);
	p_int(&p, src->rows);
	p_int(&p, src->rejected);
	p_str(&p, src->sha256);
	p_int(&p, (int64_t)src->size);
	rc = exec_p(ar, "UPDATE source SET rows = $2, rejected = $3, sha256 = $4,"
	    " size = $5 WHERE id = $1", &p, err, "recording source");
	return rc;
}

static int64_t
pg_device_ident(struct vg_archive *ar, const char *vendor, const char *ident,
    const char *channel, int type)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	int64_t		 id = 0;

	p_str(&p, vendor);
	p_str(&p, ident != NULL ? ident : "");
	p_str(&p, channel != NULL ? channel : "");
	res = run(ar, "SELECT d.id, d.type FROM device_ident i JOIN device d"
	    " ON d.id = i.device WHERE i.vendor = $1 AND ((i.ident = $2 AND"
	    " i.channel IN ($3, '')) OR (i.ident = '' AND i.channel = $3 AND"
	    " $3 <> '')) ORDER BY i.ident = $2 AND i.channel = $3 DESC,"
	    " i.ident = $2 DESC LIMIT 1", &p, NULL, "");
	p_free(&p);
	if (res == NULL)
		return 0;
	if (PQntuples(res) > 0)
		id = val_int(res, 0, 1) == type ? val_int(res, 0, 0) : -1;
	PQclear(res);
	return id;
}

static size_t
pg_embedding_dim(struct vg_archive *ar)
{
	struct pg_archive	*pg = PG(ar);

	if (pg->embdim_read)
		return pg->embdim;
	pg->embdim = (size_t)scalar(ar, "SELECT value::bigint FROM meta WHERE"
	    " key = 'embedding_dim'", NULL, 0);
	pg->embdim_read = 1;
	return pg->embdim;
}

static int
p_real(struct params *p, double v)
{
	char	*s = NULL;

	if (!isnan(v))
		xasprintf(&s, "%.17g", v);
	return p_add(p, s);
}

static int
pg_put_site(struct vg_archive *ar, const struct vg_site *site,
    int64_t source, struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	size_t		 i, j;
	int		 rc = -1;

	if ((res = run(ar, "SELECT id FROM site", NULL, err,
	    "storing site")) == NULL)
		return -1;
	if (PQntuples(res) > 0 && strcmp(val(res, 0, 0), site->id) != 0) {
		vg_error_set(err, "archive holds site '%s', not '%s'",
		    val(res, 0, 0), site->id);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	if (exec(ar, "DELETE FROM site; DELETE FROM link;"
	    " DELETE FROM device_ident", NULL, err, "storing site") == -1)
		return -1;
	p_str(&p, site->id);
	p_str(&p, site->name);
	p_str(&p, site->timezone);
	p_int(&p, source);
	if (exec_p(ar, "INSERT INTO site (id, name, timezone, source) VALUES"
	    " ($1, $2, $3, $4)", &p, err, "storing site") == -1)
		goto out;
	for (i = 0; i < site->nzones; i++) {
		p_str(&p, site->zones[i].id);
		p_str(&p, site->zones[i].name);
		p_int(&p, site->zones[i].ring);
		p_int(&p, site->zones[i].line);
		p_str(&p, site->zones[i].hours);
		if (exec_p(ar, "INSERT INTO zone (id, name, ring, line, hours)"
		    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE"
		    " SET name = $2, ring = $3, line = $4, hours = $5", &p, err,
		    "storing zone") == -1)
			goto out;
	}
	for (i = 0; i < site->nplaces; i++) {
		const struct vg_place *pl = &site->places[i];

		p_str(&p, pl->id);
		p_str(&p, pl->name);
		p_str(&p, pl->zone);
		p_str(&p, pl->kind);
		p_real(&p, pl->x);
		p_real(&p, pl->y);
		p_int(&p, pl->line);
		if (exec_p(ar, "INSERT INTO place (id, name, zone, kind, x, y,"
		    " line) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id)"
		    " DO UPDATE SET name = $2, zone = $3, kind = $4, x = $5,"
		    " y = $6, line = $7", &p, err, "storing place") == -1)
			goto out;
	}
	for (i = 0; i < site->ndevices; i++) {
		const struct vg_device *d = &site->devices[i];

		p_str(&p, d->id);
		p_int(&p, d->type);
		p_str(&p, d->name);
		p_str(&p, d->zone);
		p_real(&p, d->x);
		p_real(&p, d->y);
		p_str(&p, d->kind);
		p_int(&p, (int64_t)d->creds);
		p_str(&p, d->place);
		p_real(&p, d->heading);
		p_int(&p, d->face);
		p_str(&p, d->recordings);
		p_str(&p, d->ext);
		p_int(&p, d->line);
		p_str(&p, d->gate);
		/* ids dense, as the graph is indexed by them */
		if (exec_p(ar, "INSERT INTO device (id, code, type, name, zone,"
		    " x, y, kind, credentials, place, heading, face, recordings,"
		    " ext, line, gate) SELECT coalesce(max(id), 0) + 1, $1, $2,"
		    " $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15"
		    " FROM device ON CONFLICT (code) DO UPDATE SET type = $2,"
		    " name = $3, zone = $4, x = $5, y = $6, kind = $7,"
		    " credentials = $8, place = $9, heading = $10, face = $11,"
		    " recordings = $12, ext = $13, line = $14, gate = $15", &p,
		    err, "storing device") == -1)
			goto out;
	}
	for (i = 0; i < site->nlinks; i++) {
		const struct vg_link *l = &site->links[i];

		p_str(&p, l->from);
		p_str(&p, l->to);
		p_int(&p, l->min);
		p_int(&p, l->max);
		p_int(&p, l->directed);
		p_int(&p, l->line);
		if (exec(ar, "INSERT INTO link (a, b, min, max, directed, line)"
		    " SELECT a.id, b.id, $3, $4, $5, $6 FROM device a, device b"
		    " WHERE a.code = $1 AND b.code = $2 ON CONFLICT (a, b) DO"
		    " UPDATE SET min = $3, max = $4, directed = $5, line = $6",
		    &p, err, "storing link") == -1)
			goto out;
		p_free(&p);
	}
	for (i = 0; i < site->ndevices; i++) {
		const struct vg_device *d = &site->devices[i];

		for (j = 0; j < d->nidents; j++) {
			const struct vg_ident *id = &d->idents[j];

			p_str(&p, id->vendor);
			p_str(&p, id->device ? id->device : "");
			p_str(&p, id->channel ? id->channel : "");
			p_str(&p, d->id);
			p_int(&p, id->line);
			if (exec_p(ar, "INSERT INTO device_ident (vendor, ident,"
			    " channel, device, line) SELECT $1, $2, $3, id, $5"
			    " FROM device WHERE code = $4", &p, err,
			    "storing device ident") == -1)
				goto out;
		}
	}
	vg_ar_devices_forget(ar);
	vg_tz_free(ar->tz);
	ar->tz = NULL;
	free(PG(ar)->tzname);
	PG(ar)->tzname = NULL;
	PG(ar)->tzread = 0;
	rc = 0;
out:
	p_free(&p);
	return rc;
}

/* Each id of a ;-separated list stored for a person. */
static int
put_idlist(struct vg_archive *ar, const char *sql, const struct vg_str *list,
    const struct vg_str *person, struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	const char	*s = list->s;
	struct vg_str	 id;
	int		 rc = 0;

	if (list->len == 0)
		return 0;
	while (rc == 0 && vg_list_next(&s, list->s + list->len, ';', 1, &id)) {
		if (id.len == 0)
			continue;
		p_vstr(&p, &id);
		p_vstr(&p, person);
		rc = exec_p(ar, sql, &p, err, "storing roster");
	}
	return rc;
}

static int
pg_put_person(struct vg_archive *ar, const struct vg_person_rec *r,
    int64_t source, struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	int		 rc;

	p_vstr(&p, &r->id);
	p_vstr(&p, &r->name);
	p_vstr(&p, &r->employer);
	p_vstr(&p, &r->dorm);
	p_vstr(&p, &r->status);
	p_int(&p, source);
	p_int(&p, r->line);
	rc = exec_p(ar, "INSERT INTO person (id, name, employer, dorm, status,"
	    " source, line) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT"
	    " (id) DO UPDATE SET name = $2, employer = $3, dorm = $4,"
	    " status = $5, source = $6, line = $7", &p, err,
	    "storing roster");
	if (rc == -1)
		return -1;
	/* a newer roster replaces a person's cards and plates */
	p_vstr(&p, &r->id);
	rc = exec(ar, "DELETE FROM card WHERE person = $1", &p, err,
	    "storing roster");
	if (rc == 0)
		rc = exec_p(ar, "DELETE FROM plate WHERE person = $1", &p, err,
		    "storing roster");
	if (rc == -1 || put_idlist(ar, "INSERT INTO card (card, person) VALUES"
	    " ($1, $2) ON CONFLICT DO NOTHING", &r->cards, &r->id, err) ==
	    -1 || put_idlist(ar, "INSERT INTO plate (plate, person) VALUES"
	    " ($1, $2) ON CONFLICT DO NOTHING", &r->plates, &r->id, err) == -1)
		return -1;
	return 0;
}

static int
pg_person_named(struct vg_archive *ar, const char *name, char *buf,
    size_t size)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	int		 n = 0;

	p_str(&p, name);
	res = run(ar, "SELECT id FROM person WHERE name = $1 LIMIT 2", &p,
	    NULL, "");
	p_free(&p);
	if (res == NULL)
		return 0;
	if ((n = PQntuples(res)) > 0)
		snprintf(buf, size, "%s", val(res, 0, 0));
	PQclear(res);
	return n == 1;
}

static int
pg_sources(struct vg_archive *ar, vg_source_fn fn, void *arg,
    struct vg_error *err)
{
	PGresult		*res;
	struct vg_source	 s;
	int			 i, rc = 0;

	if ((res = run(ar, "SELECT id, path, sha256, size, format, imported,"
	    " rows, rejected FROM source ORDER BY id", NULL, err,
	    "listing sources")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res) && rc == 0; i++) {
		memset(&s, 0, sizeof(s));
		s.id = val_int(res, i, 0);
		s.path = PQgetvalue(res, i, 1);
		snprintf(s.sha256, sizeof(s.sha256), "%s", val(res, i, 2));
		s.size = (uint64_t)val_int(res, i, 3);
		s.format = vg_ar_format_code(val(res, i, 4));
		s.imported = val_int(res, i, 5);
		s.rows = val_int(res, i, 6);
		s.rejected = val_int(res, i, 7);
		rc = fn(&s, arg);
	}
	PQclear(res);
	return rc;
}

static int
pg_people(struct vg_archive *ar, const char *status, vg_person_fn fn,
    void *arg, struct vg_error *err)
{
	struct params		 p = { { NULL }, 0 };
	PGresult		*res;
	struct vg_person	 r;
	int			 i, rc = 0;

	p_str(&p, status);
	res = run(ar, "SELECT id, name, employer, dorm, status FROM person"
	    " WHERE $1::text IS NULL OR status = $1 ORDER BY id COLLATE \"C\"",
	    &p, err, "listing the roster");
	p_free(&p);
	if (res == NULL)
		return -1;
	for (i = 0; i < PQntuples(res) && rc == 0; i++) {
		r.id = val(res, i, 0);
		r.name = val(res, i, 1);
		r.employer = val(res, i, 2);
		r.dorm = val(res, i, 3);
		r.status = val(res, i, 4);
		rc = fn(&r, arg);
	}
	PQclear(res);
	return rc;
}

static int
pg_site(struct vg_archive *ar, struct vg_site **out, struct vg_error *err)
{
	struct vg_site	*site;
	PGresult	*res;
	int		 i, n;

	*out = NULL;
	if ((res = run(ar, "SELECT id, name, timezone FROM site", NULL, err,
	    "reading site")) == NULL)
		return -1;
	if (PQntuples(res) == 0) {
		vg_error_set(err, "'%s': no site description imported",
		    ar->path);
		PQclear(res);
		return -1;
	}
	site = xcalloc(1, sizeof(*site));
	site->id = val_dup(res, 0, 0);
	site->name = val_dup(res, 0, 1);
	site->timezone = val_dup(res, 0, 2);
	PQclear(res);

	if ((res = run(ar, "SELECT id, name, ring, line, hours FROM zone"
	    " ORDER BY line, id COLLATE \"C\"", NULL, err,
	    "reading site")) == NULL)
		goto fail;
	n = PQntuples(res);
	site->zones = xcalloc((size_t)n + 1, sizeof(*site->zones));
	for (i = 0; i < n; i++) {
		struct vg_zone *z = &site->zones[i];

		z->id = val_dup(res, i, 0);
		z->name = val_dup(res, i, 1);
		z->ring = (int)val_int(res, i, 2);
		z->line = val_int(res, i, 3);
		z->hours = val_dup(res, i, 4);
	}
	site->nzones = (size_t)n;
	PQclear(res);

	if ((res = run(ar, "SELECT id, name, zone, kind, x, y, line FROM place"
	    " ORDER BY line, id COLLATE \"C\"", NULL, err,
	    "reading site")) == NULL)
		goto fail;
	n = PQntuples(res);
	site->places = xcalloc((size_t)n + 1, sizeof(*site->places));
	for (i = 0; i < n; i++) {
		struct vg_place *pl = &site->places[i];

		pl->id = val_dup(res, i, 0);
		pl->name = val_dup(res, i, 1);
		pl->zone = val_dup(res, i, 2);
		pl->kind = val_dup(res, i, 3);
		pl->x = val_real(res, i, 4);
		pl->y = val_real(res, i, 5);
		pl->line = val_int(res, i, 6);
	}
	site->nplaces = (size_t)n;
	PQclear(res);

	if ((res = run(ar, "SELECT code, type, name, zone, x, y, kind,"
	    " credentials, place, heading, face, recordings, ext, line, gate"
	    " FROM device ORDER BY line, code COLLATE \"C\"", NULL, err,
	    "reading site")) == NULL)
		goto fail;
	n = PQntuples(res);
	site->devices = xcalloc((size_t)n + 1, sizeof(*site->devices));
	for (i = 0; i < n; i++) {
		struct vg_device *d = &site->devices[i];

		d->id = val_dup(res, i, 0);
		d->type = (int)val_int(res, i, 1);
		d->name = val_dup(res, i, 2);
		d->zone = val_dup(res, i, 3);
		d->x = val_real(res, i, 4);
		d->y = val_real(res, i, 5);
		d->kind = val_dup(res, i, 6);
		d->creds = (unsigned)val_int(res, i, 7);
		d->place = val_dup(res, i, 8);
		d->heading = val_real(res, i, 9);
		d->face = (int)val_int(res, i, 10);
		d->recordings = val_dup(res, i, 11);
		d->ext = val_dup(res, i, 12);
		d->line = val_int(res, i, 13);
		d->gate = val_dup(res, i, 14);
	}
	site->ndevices = (size_t)n;
	PQclear(res);

	if ((res = run(ar, "SELECT a.code, b.code, l.min, l.max, l.directed,"
	    " l.line FROM link l JOIN device a ON a.id = l.a JOIN device b ON"
	    " b.id = l.b ORDER BY l.line", NULL, err, "reading site")) == NULL)
		goto fail;
	n = PQntuples(res);
	site->links = xcalloc((size_t)n + 1, sizeof(*site->links));
	for (i = 0; i < n; i++) {
		struct vg_link *l = &site->links[i];

		l->from = val_dup(res, i, 0);
		l->to = val_dup(res, i, 1);
		l->min = (int)val_int(res, i, 2);
		l->max = (int)val_int(res, i, 3);
		l->directed = (int)val_int(res, i, 4);
		l->line = val_int(res, i, 5);
	}
	site->nlinks = (size_t)n;
	PQclear(res);
	*out = site;
	return 0;
fail:
	vg_site_free(site);
	return -1;
}

/*
 * Reading.  A read is one statement over the partitioned tables: the
 * server prunes the partitions its range of time cannot touch, and reads
 * each through its indexes.  A long answer is read through a cursor, a
 * batch at a time, so that the caller may ask the archive other things
 * between rows.
 */

/* A cursor over sql: each batch of rows to fn (0 to go on). */
typedef int (*batch_fn)(struct vg_archive *, const PGresult *, void *);

static int
cursor(struct vg_archive *ar, const char *sql, const struct params *p,
    batch_fn fn, void *arg, struct vg_error *err, const char *what)
{
	struct pg_archive	*pg = PG(ar);
	PGresult		*res;
	char			*decl;
	int			 rc = 0, n;
	int			 own = !pg->intx && !pg->heldtx && !pg->inbatch;

	if (own && exec(ar, "BEGIN", NULL, err, what) == -1)
		return -1;
	xasprintf(&decl, "DECLARE vigil_read NO SCROLL CURSOR FOR %s", sql);
	rc = exec(ar, decl, p, err, what);
	free(decl);
	while (rc == 0) {
		if ((res = run(ar, "FETCH " FETCH_ROWS " FROM vigil_read", NULL,
		    err, what)) == NULL) {
			rc = -1;
			break;
		}
		n = PQntuples(res);
		if (n > 0)
			rc = fn(ar, res, arg);
		PQclear(res);
		if (n == 0)
			break;
	}
	if (own)
		PQclear(PQexec(pg->conn, rc == -1 ? "ROLLBACK" : "COMMIT"));
	else
		PQclear(PQexec(pg->conn, "CLOSE vigil_read"));
	return rc;
}

static const char *
name_of(const char *const *names, const PGresult *res, int row, int col)
{
	int	v, n;

	if (PQgetisnull(res, row, col))
		return NULL;
	v = (int)val_int(res, row, col);
	for (n = 0; names[n] != NULL; n++)
		;
	return v >= 0 && v < n && *names[v] != '\0' ? names[v] : NULL;
}

/* A bytea's bytes, in binary results, as little-endian floats into v. */
static size_t
vec_bytes(const unsigned char *s, size_t len, float **v, size_t *cap)
{
	size_t		 i, n = len / 4;
	uint32_t	 u;

	if (n > *cap) {
		*cap = n;
		*v = xreallocarray(*v, n, sizeof(**v));
	}
	for (i = 0; i < n; i++) {
		u = s[4 * i] | s[4 * i + 1] << 8 | s[4 * i + 2] << 16 |
		    (uint32_t)s[4 * i + 3] << 24;
		memcpy(&(*v)[i], &u, sizeof(float));
	}
	return n;
}

/* A bytea's hex text (\x...) decoded as little-endian floats into v. */
static size_t
vec_hex(const char *s, float **v, size_t *cap)
{
	size_t		 i, n;
	uint32_t	 u;
	unsigned	 byte[4];
	int		 j;

	if (s == NULL || strncmp(s, "\\x", 2) != 0)
		return 0;
	s += 2;
	n = strlen(s) / 8;
	if (n > *cap) {
		*cap = n;
		*v = xreallocarray(*v, n, sizeof(**v));
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < 4; j++)
			if (sscanf(s + 8 * i + 2 * j, "%2x", &byte[j]) != 1)
				return 0;
		u = byte[0] | byte[1] << 8 | byte[2] << 16 |
		    (uint32_t)byte[3] << 24;
		memcpy(&(*v)[i], &u, sizeof(float));
	}
	return n;
}

/*
 * The cards the roster gives a person, as a text[] literal; NULL when
 * none.  Read first, so that the gate events' condition is one the
 * (person, t) and (card, t) indexes answer (an OR with a subquery made
 * the server read every row: 1.2 s for a person's month of 5,000,000).
 */
static char *
person_cards(struct vg_archive *ar, const char *person)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	char		*cards = NULL;

	p_str(&p, person);
	res = run(ar, "SELECT array_agg(card ORDER BY card)::text FROM card"
	    " WHERE person = $1", &p, NULL, "");
	p_free(&p);
	if (res == NULL)
		return NULL;
	if (PQntuples(res) > 0)
		cards = val_dup(res, 0, 0);
	PQclear(res);
	return cards;
}

/* The condition on gate events g naming person $pn: theirs, or a badge
 * of theirs read without a name (cards, a text[] literal, or NULL). */
static void
person_term(struct vg_buf *sql, struct params *p, int pn, const char *cards)
{
	if (cards == NULL)
		vg_buf_fmt(sql, " AND g.person = $%d", pn);
	else
		vg_buf_fmt(sql, " AND (g.person = $%d OR (g.person IS NULL AND"
		    " g.card = ANY ($%d::text[])))", pn, p_str(p, cards));
}

/* A query's devices, as ids "1,2,3" in *list: 1 limited, 0 not, -1. */
static int
device_set(struct vg_archive *ar, const struct vg_query *q, char **list,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	struct vg_buf	 sql = { NULL, 0, 0 };
	struct vg_buf	 ids = { NULL, 0, 0 };
	PGresult	*res;
	long long	 ring = 0;
	double		 nx = 0, ny = 0;
	char		 b[VG_SHOWSZ];
	int		 i, rc = -1;

	*list = NULL;
	if (q->gate == NULL && q->camera == NULL && q->zone == NULL &&
	    q->near == NULL)
		return 0;
	if (vg_ar_query_devices(ar, q, err) == -1)
		return -1;
	if (q->zone == NULL && q->near == NULL) {
		/* the gate's and camera's ids as just checked: no statement */
		int64_t	g = q->gate != NULL ? vg_ar_device(ar, q->gate,
			    strlen(q->gate), VG_GATE) : 0;
		int64_t	c = q->camera != NULL ? vg_ar_device(ar, q->camera,
			    strlen(q->camera), VG_CAMERA) : 0;

		if (g > 0 && c > 0)
			xasprintf(list, "%lld,%lld", (long long)(g < c ? g : c),
			    (long long)(g < c ? c : g));
		else
			xasprintf(list, "%lld", (long long)(g > 0 ? g : c));
		return 1;
	}
	if (q->zone != NULL) {
		if (vg_strtonum(q->zone, 1, 5, &ring) != NULL)
			ring = 0;
		p_str(&p, q->zone);
		if (ring == 0 && scalar(ar, "SELECT 1 FROM zone WHERE id = $1",
		    &p, 0) != 1) {
			vg_error_set(err, "unknown zone '%s' (a ring 1-5, or a"
			    " zone vigil site -s zones lists)", vg_show(q->zone,
			    strlen(q->zone), b, sizeof(b)));
			p_free(&p);
			return -1;
		}
		p_free(&p);
	}
	if (q->near != NULL) {
		p_str(&p, q->near);
		res = run(ar, "SELECT x, y FROM place WHERE id = $1 UNION ALL"
		    " SELECT x, y FROM device WHERE code = $1", &p, err,
		    "query");
		p_free(&p);
		if (res == NULL)
			return -1;
		if (PQntuples(res) == 0) {
			vg_error_set(err, "unknown place '%s' (a device, or a"
			    " place vigil site -s places lists)",
			    vg_show(q->near, strlen(q->near), b, sizeof(b)));
			PQclear(res);
			return -1;
		}
		nx = val_real(res, 0, 0);
		ny = val_real(res, 0, 1);
		PQclear(res);
	}
	vg_buf_fmt(&sql, "SELECT d.id FROM device d WHERE true");
	if (q->gate != NULL && q->camera != NULL)
		vg_buf_fmt(&sql, " AND d.code IN ($%d, $%d)", p_str(&p,
		    q->gate), p_str(&p, q->camera));
	else if (q->gate != NULL || q->camera != NULL)
		vg_buf_fmt(&sql, " AND d.code = $%d", p_str(&p, q->gate ?
		    q->gate : q->camera));
	if (q->zone != NULL && ring != 0)
		vg_buf_fmt(&sql, " AND d.zone IN (SELECT id FROM zone WHERE"
		    " ring = %lld)", ring);
	else if (q->zone != NULL)
		vg_buf_fmt(&sql, " AND d.zone = $%d", p_str(&p, q->zone));
	if (q->near != NULL)
		vg_buf_fmt(&sql, " AND (d.x - (%.17g)) * (d.x - (%.17g)) +"
		    " (d.y - (%.17g)) * (d.y - (%.17g)) <= (%.17g) * (%.17g)",
		    nx, nx, ny, ny, q->radius, q->radius);
	vg_buf_fmt(&sql, " ORDER BY d.id");
	res = run(ar, sql.s, &p, err, "query");
	p_free(&p);
	free(sql.s);
	if (res == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++)
		vg_buf_fmt(&ids, "%s%s", ids.len ? "," : "", val(res, i, 0));
	PQclear(res);
	/* no device: a list that matches none */
	*list = ids.s != NULL ? ids.s : xstrdup("-1");
	rc = 1;
	return rc;
}

/* A person, card or plate a query names must be known to the archive. */
static int
subjects_known(struct vg_archive *ar, const struct vg_query *q,
    struct vg_error *err)
{
	static const struct {
		const char	*what;	/* the filter, in the message */
		const char	*sql;	/* 1 if known */
	} f[] = {
		{ "person", "SELECT (EXISTS (SELECT 1 FROM person WHERE id ="
		    " $1::text) OR EXISTS (SELECT 1 FROM gate_event WHERE person"
		    " = $1::text) OR EXISTS (SELECT 1 FROM sighting WHERE person"
		    " = $1::text))::int" },
		{ "card", "SELECT (EXISTS (SELECT 1 FROM card WHERE card ="
		    " $1::text) OR EXISTS (SELECT 1 FROM gate_event WHERE card ="
		    " $1::text))::int" },
		{ "plate", "SELECT (EXISTS (SELECT 1 FROM plate WHERE plate ="
		    " $1::text) OR EXISTS (SELECT 1 FROM gate_event WHERE plate ="
		    " $1::text) OR EXISTS (SELECT 1 FROM sighting WHERE plate ="
		    " $1::text))::int" },
	};
	const char	*vals[] = { q->person, q->card, q->plate };
	struct params	 p = { { NULL }, 0 };
	char		 b[VG_SHOWSZ];
	size_t		 i;
	int64_t		 known;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (vals[i] == NULL)
			continue;
		p_str(&p, vals[i]);
		known = scalar(ar, f[i].sql, &p, -1);
		p_free(&p);
		if (known == -1) {
			pgerr_as(ar, err, "query", NULL, 1);
			return -1;
		}
		if (known == 0) {
			vg_error_set(err, "unknown %s '%s': not on the roster"
			    " nor in any log%s", f[i].what, vg_show(vals[i],
			    strlen(vals[i]), b, sizeof(b)),
			    strcmp(f[i].what, "person") == 0 ?
			    " (vigil site -s people lists the roster)" : "");
			return -1;
		}
	}
	return 0;
}

#define MAXATTR		16	/* attributes a query may require */
/* the largest clock correction, by which raw times are read beyond the
 * query's: a parameter, read first, so that the planner prunes the day
 * partitions by the bounds (a subquery in the bounds left every
 * partition of the archive to plan: 31 for a gate's hour of a month) */
#define PAD	"SELECT coalesce(max(abs(shift)), 0) FROM clock_correction"

/*
 * A query's statement (with count, the count of its rows that begin
 * within from..to), its parameters in p: gate events and sightings,
 * each read by raw time (the partitions and indexes), the corrected
 * times then checked, in time order.
 */
/* The kinds of rows (VG_ROW_*) a query's filters leave it, 0 none. */
static int
query_kinds(const struct vg_query *q)
{
	int	kinds;

	kinds = q->kinds != 0 ? q->kinds : VG_ROW_GATE | VG_ROW_SIGHTING;
	if (q->card != NULL)
		kinds &= VG_ROW_GATE;
	if (q->gate != NULL && q->camera == NULL)
		kinds &= VG_ROW_GATE;
	if (q->camera != NULL && q->gate == NULL)
		kinds &= VG_ROW_SIGHTING;
	if (q->upper != 0 || q->lower != 0 || q->nattr > 0)
		kinds &= VG_ROW_SIGHTING;
	return kinds;
}

/* A query's conditions on gate events g but time's and strangers': its
 * devices (ids "1,2", or NULL), person ($person, cards a text[] literal
 * or NULL), card, plate, plates ($pl, or 0). */
static void
gate_where(struct vg_buf *sql, struct params *p, const struct vg_query *q,
    const char *devs, int person, const char *cards, int pl)
{
	if (devs != NULL)
		vg_buf_fmt(sql, " AND g.gate IN (%s)", devs);
	if (person)
		person_term(sql, p, person, cards);
	if (q->card != NULL)
		vg_buf_fmt(sql, " AND g.card = $%d", p_str(p, q->card));
	if (q->plate != NULL)
		vg_buf_fmt(sql, " AND g.plate = $%d", p_str(p, q->plate));
	if (pl)
		vg_buf_fmt(sql, " AND g.plate = ANY ($%d::text[])", pl);
}

/* The same of sightings v: devices, person, plates, kinds of object,
 * colours, attributes, track, row ids. */
static void
sighting_where(struct vg_buf *sql, struct params *p, const struct vg_query *q,
    const char *devs, int person, int pl)
{
	const char	*sep = "";
	size_t		 i;
	int		 k;

	if (devs != NULL)
		vg_buf_fmt(sql, " AND v.camera IN (%s)", devs);
	if (person)
		vg_buf_fmt(sql, " AND v.person = $%d", person);
	if (q->plate != NULL)
		vg_buf_fmt(sql, " AND v.plate = $%d", p_str(p, q->plate));
	if (pl)
		vg_buf_fmt(sql, " AND v.plate = ANY ($%d::text[])", pl);
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
		vg_buf_fmt(sql, " AND strpos(';' || lower(replace(v.attrs,"
		    " ' ', '')) || ';', ';' || lower($%d) || ';') > 0",
		    p_str(p, q->attrs[i]));
	if (q->track != NULL)
		vg_buf_fmt(sql, " AND v.track = $%d", p_str(p, q->track));
	if (q->ids != NULL) {
		struct vg_buf	ids = { NULL, 0, 0 };

		vg_buf_add(&ids, "{", 1);
		for (i = 0; i < q->nids; i++)
			vg_buf_fmt(&ids, "%s%lld", i ? "," : "",
			    (long long)q->ids[i]);
		vg_buf_add(&ids, "}", 1);
		vg_buf_fmt(sql, " AND v.id = ANY ($%d::bigint[])", p_add(p,
		    ids.s));
	}
}

/* the columns of query_sql's rows, named */
#define QUERY_COLS	" r(type, t, last, device, zone, track, person, name," \
	" credential, card, plate, direction, result, kind, upper, lower," \
	" attrs, score, path, line, shift, embedding)"

/*
 * A query's statement (with count, the count of its rows that begin
 * within from..to), its parameters in p: gate events and sightings,
 * each read by raw time (the partitions and indexes), the corrected
 * times then checked, in time order.
 */
static int
query_sql(struct vg_archive *ar, const struct vg_query *q, int count,
    const char *plates, struct vg_buf *sql, struct params *p,
    struct vg_error *err)
{
	char		*devs = NULL;
	int		 kinds, limited, from = 0, to = 0, person = 0;
	int		 parts = 0, pl = 0, pad = 0;

	kinds = query_kinds(q);
	if (count && subjects_known(ar, q, err) == -1)
		return -1;
	if ((limited = device_set(ar, q, &devs, err)) == -1)
		return -1;
	if (kinds == 0) {
		free(devs);
		return 0;
	}
	if (q->from != VG_TIME_NONE)
		from = p_int(p, q->from);
	if (q->to != VG_TIME_NONE)
		to = p_int(p, q->to);
	if (from || to)
		pad = p_int(p, scalar(ar, PAD, NULL, 0));
	if (q->person != NULL)
		person = p_str(p, q->person);
	if (plates != NULL)
		pl = p_str(p, plates);
	vg_buf_fmt(sql, "SELECT %s FROM (", count ? "count(*)" : "*");
	if (kinds & VG_ROW_GATE) {
		char	*cards = person ? person_cards(ar, q->person) : NULL;

		parts++;
		vg_buf_fmt(sql, "SELECT 1 AS type, g.t - coalesce(c.shift, 0)"
		    " AS t, NULL::bigint AS last, d.code AS device, d.zone,"
		    " NULL::text AS track, g.person, p.name, g.credential,"
		    " g.card, g.plate, g.direction, g.result, NULL::int AS kind,"
		    " NULL::int AS upper, NULL::int AS lower, NULL::text AS"
		    " attrs, g.score, s.path, g.line, c.shift, NULL::bytea AS"
		    " embedding FROM gate_event g"
		    " JOIN device d ON d.id = g.gate JOIN source s ON s.id ="
		    " g.source LEFT JOIN clock_correction c ON c.device = g.gate"
		    " LEFT JOIN person p ON p.id = g.person WHERE true");
		gate_where(sql, p, q, limited ? devs : NULL, person, cards, pl);
		free(cards);
		if (from)
			vg_buf_fmt(sql, " AND g.t >= $%d::bigint - $%d::bigint"
			    " AND g.t - coalesce(c.shift, 0) >= $%d::bigint",
			    from, pad, from);
		if (to)
			vg_buf_fmt(sql, " AND g.t <= $%d::bigint + $%d::bigint"
			    " AND g.t - coalesce(c.shift, 0) <= $%d::bigint",
			    to, pad, to);
		if (q->strangers)
			vg_buf_fmt(sql, " AND g.credential = %d AND p.id IS"
			    " NULL", VG_CR_FACE);
	}
	if (kinds & VG_ROW_SIGHTING) {
		if (parts++)
			vg_buf_fmt(sql, " UNION ALL ");
		vg_buf_fmt(sql, "SELECT 2, v.first - coalesce(c.shift, 0),"
		    " v.last - coalesce(c.shift, 0), d.code, d.zone, v.track,"
		    " v.person, p.name, NULL, NULL, v.plate, NULL, NULL, v.kind,"
		    " v.upper, v.lower, v.attrs, v.score, s.path, v.line,"
		    " c.shift, %s FROM sighting v JOIN device d ON d.id ="
		    " v.camera JOIN source s ON s.id = v.source LEFT JOIN"
		    " clock_correction c ON c.device = v.camera LEFT JOIN person"
		    " p ON p.id = v.person WHERE true", q->vectors ?
		    "v.embedding" : "NULL");
		sighting_where(sql, p, q, limited ? devs : NULL, person, pl);
		/* a track overlapping the window; tracks last under an hour */
		if (from)
			vg_buf_fmt(sql, " AND v.first >= $%d::bigint -"
			    " 3600000000 - $%d::bigint AND v.last -"
			    " coalesce(c.shift, 0) >= $%d::bigint", from, pad,
			    from);
		if (to)
			vg_buf_fmt(sql, " AND v.first <= $%d::bigint +"
			    " $%d::bigint AND v.first - coalesce(c.shift, 0) <="
			    " $%d::bigint", to, pad, to);
		if (q->strangers)
			vg_buf_fmt(sql, " AND p.id IS NULL AND (v.kind = %d OR"
			    " (d.face = 1 AND v.kind IS DISTINCT FROM %d))",
			    VG_OBJ_FACE, VG_OBJ_VEHICLE);
	}
	vg_buf_fmt(sql, ")" QUERY_COLS);
	if (count) {
		if (from)
			vg_buf_fmt(sql, " WHERE r.t >= $%d::bigint", from);
	} else {
		/* names sort as bytes, as SQLite sorts them */
		vg_buf_fmt(sql, " ORDER BY r.t, r.type, r.device COLLATE \"C\","
		    " r.path COLLATE \"C\", r.line");
		if (q->limit > 0)
			vg_buf_fmt(sql, " LIMIT %lld", (long long)q->limit);
	}
	free(devs);
	return 1;
}

struct qrun {
	vg_row_fn	 fn;		/* the caller's */
	void		*arg;		/* its argument */
	int64_t		 n;		/* rows so far */
	int		 stop;		/* fn stopped the read */
	double		 d;		/* distance from the plate pattern, or
					   NAN */
	float		*vec;		/* a row's appearance vector */
	size_t		 nvec;		/* room in vec */
};

/*
 * The distinct plates read where the query's time may touch that match
 * its pattern, nearest first (then by plate).
 */
static int
plate_matches(struct vg_archive *ar, const struct vg_query *q,
    struct vg_pmatch **out, size_t *nout, struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	struct vg_buf	 sql = { NULL, 0, 0 };
	struct vg_pmatch	*m;
	PGresult	*res;
	int64_t		 pad;
	size_t		 n = 0;
	double		 d;
	int		 i, kinds;

	*out = NULL;
	*nout = 0;
	kinds = q->kinds != 0 ? q->kinds : VG_ROW_GATE | VG_ROW_SIGHTING;
	pad = scalar(ar, PAD, NULL, 0);
	if (q->from != VG_TIME_NONE)
		p_int(&p, q->from - pad - 3600000000LL);
	if (q->to != VG_TIME_NONE)
		p_int(&p, q->to + pad);
	vg_buf_fmt(&sql, "SELECT DISTINCT plate FROM (");
	if (kinds & VG_ROW_GATE)
		vg_buf_fmt(&sql, "SELECT plate FROM gate_event WHERE plate IS"
		    " NOT NULL%s%s%s", q->from != VG_TIME_NONE ? " AND t >= $1" :
		    "", q->to != VG_TIME_NONE ? " AND t <= $" : "",
		    q->to != VG_TIME_NONE ? (q->from != VG_TIME_NONE ? "2" :
		    "1") : "");
	if (kinds == (VG_ROW_GATE | VG_ROW_SIGHTING))
		vg_buf_fmt(&sql, " UNION ALL ");
	if (kinds & VG_ROW_SIGHTING)
		vg_buf_fmt(&sql, "SELECT plate FROM sighting WHERE plate IS"
		    " NOT NULL%s%s%s", q->from != VG_TIME_NONE ? " AND first >="
		    " $1" : "", q->to != VG_TIME_NONE ? " AND first <= $" : "",
		    q->to != VG_TIME_NONE ? (q->from != VG_TIME_NONE ? "2" :
		    "1") : "");
	vg_buf_fmt(&sql, ") x");
	res = run(ar, sql.s, &p, err, "reading plates");
	p_free(&p);
	free(sql.s);
	if (res == NULL)
		return -1;
	m = xcalloc((size_t)PQntuples(res) + 1, sizeof(*m));
	for (i = 0; i < PQntuples(res); i++) {
		d = vg_plate_distance(q->platelike, val(res, i, 0),
		    q->plateerrs);
		if (isnan(d))
			continue;
		m[n].d = d;
		m[n++].plate = val_dup(res, i, 0);
	}
	PQclear(res);
	if (n > 1)
		vg_qsort(m, n, sizeof(*m), vg_pmatch_cmp);
	*out = m;
	*nout = n;
	return 0;
}

/* Plates as an array literal of PostgreSQL's text[]. */
static char *
text_array(const struct vg_pmatch *m, size_t n)
{
	struct vg_buf	 b = { NULL, 0, 0 };
	const char	*c;
	size_t		 i;

	vg_buf_add(&b, "{", 1);
	for (i = 0; i < n; i++) {
		vg_buf_add(&b, i ? ",\"" : "\"", i ? 2 : 1);
		for (c = m[i].plate; *c; c++) {
			if (*c == '"' || *c == '\\')
				vg_buf_add(&b, "\\", 1);
			vg_buf_add(&b, c, 1);
		}
		vg_buf_add(&b, "\"", 1);
	}
	vg_buf_add(&b, "}", 1);
	return b.s;
}

/* Row i of a query's columns (query_sql's r, up to its shift), its
 * strings in res. */
static void
row_read(const PGresult *res, int i, struct vg_row *r)
{
	memset(r, 0, sizeof(*r));
	r->type = (int)val_int(res, i, 0);
	r->t = val_int(res, i, 1);
	r->last = PQgetisnull(res, i, 2) ? VG_TIME_NONE : val_int(res, i, 2);
	r->device = val(res, i, 3);
	r->zone = val(res, i, 4);
	r->track = val(res, i, 5);
	r->person = val(res, i, 6);
	r->name = val(res, i, 7);
	r->credential = name_of(vg_credential_names, res, i, 8);
	r->card = val(res, i, 9);
	r->plate = val(res, i, 10);
	r->direction = name_of(vg_direction_names, res, i, 11);
	r->result = name_of(vg_result_names, res, i, 12);
	r->kind = name_of(vg_objkind_names, res, i, 13);
	r->upper = name_of(vg_colour_names, res, i, 14);
	r->lower = name_of(vg_colour_names, res, i, 15);
	r->attrs = val(res, i, 16);
	r->score = val_real(res, i, 17);
	r->source = val(res, i, 18);
	r->line = val_int(res, i, 19);
	r->offset = PQgetisnull(res, i, 20) ? VG_TIME_NONE : val_int(res, i,
	    20);
}

/* Row r, read from row i of res (its vector in column 21), to the
 * caller's fn: 1 when fn stops the read. */
static int
row_give(struct qrun *qr, const PGresult *res, int i, struct vg_row *r)
{
	r->distance = qr->d;
	r->similarity = NAN;
	if (PQgetisnull(res, i, 21))
		;
	else if (PQfformat(res, 21) == 1 && (r->nvec = vec_bytes(
	    (const unsigned char *)PQgetvalue(res, i, 21),
	    (size_t)PQgetlength(res, i, 21), &qr->vec, &qr->nvec)) > 0)
		r->vec = qr->vec;
	else if (PQfformat(res, 21) == 0 && (r->nvec = vec_hex(
	    PQgetvalue(res, i, 21), &qr->vec, &qr->nvec)) > 0)
		r->vec = qr->vec;
	qr->n++;
	if (qr->fn(r, qr->arg) != 0) {
		qr->stop = 1;
		return 1;
	}
	return 0;
}

static int
query_batch(struct vg_archive *ar, const PGresult *res, void *arg)
{
	struct qrun	*qr = arg;
	struct vg_row	 r;
	int		 i;

	(void)ar;
	for (i = 0; i < PQntuples(res); i++) {
		row_read(res, i, &r);
		if (row_give(qr, res, i, &r) != 0)
			return 1;
	}
	return 0;
}

/*
 * A query that names a subject, or devices over a day at most, most
 * often answers in a few rows: it is prepared once a session by its text
 * (the server plans it once, its partitions pruned as it runs, where a
 * cursor's query is planned each time: 3-17 ms for the 30 days of a
 * person's month), and run in one round trip, at most KEPT_ROWS rows
 * and one; an answer longer than that is read again through a cursor.
 * Its rows come in binary (the server's CPU a run 10-20% less than with
 * its numbers written as text; val_int, val_real and vec_bytes read
 * them).
 */
#define KEPT_ROWS	2000
#define KEPT_MAX	256		/* statements prepared a session */

static int
kept_query(const struct vg_query *q)
{
	if (q->limit > 0)
		return q->limit <= KEPT_ROWS;
	if (q->person != NULL || q->card != NULL || q->plate != NULL ||
	    q->track != NULL || q->ids != NULL)
		return 1;
	return (q->gate != NULL || q->camera != NULL || q->zone != NULL ||
	    q->near != NULL) && q->from != VG_TIME_NONE && q->to !=
	    VG_TIME_NONE && q->to - q->from <= INT64_C(86400) * 1000000;
}

/*
 * How a kept statement is planned after its first run, which the server
 * plans for its parameters (a tool that runs one query plans only the
 * days it reads).  Left to the server, the next four runs are planned
 * for their parameters too, and the sixth makes a plan for any, over all
 * the archive's days, kept when its cost is no more than theirs, a cost
 * that counts every day though the days are pruned as it runs.  Measured
 * (bench/README.md, "pg19"): a person's month in 30 days (10 M rows),
 * 0.7-2.0 ms of planning for each of the four, where the plan for any,
 * kept, takes 0.01 ms; in 365 days, 68-73 ms of the server's CPU at the
 * sixth run for a plan for any thrown away, then 1.2 ms a run where the
 * plan for any takes 0.25-0.34; a gate's hour, 1.5-2 ms (30 days) and 28
 * ms (365) at the sixth run for a plan thrown away.  A person's statement
 * is one text for every person; a gate's names its devices, and its days'
 * tables when they are few (lean_days), a plan for any then planning
 * those days alone (a gate's hour at 10 M rows, 0.35-0.45 ms of the
 * server's CPU a run planned for its parameters on the parent, 0.20-0.28
 * ms: "pg20").
 */
#define PLAN_AUTO	0	/* the server's choice */
#define PLAN_GENERIC	1	/* one plan for any parameters, its
				   days pruned as it runs, from the
				   second run on (a person's; a gate's
				   or camera's hours on their days'
				   tables) */
#define PLAN_CUSTOM	2	/* planned for its parameters at every
				   run, no plan for any ever made (a
				   gate's or a camera's hours on the
				   parent) */

/*
 * The results of the statements sent in libpq's pipeline mode and a
 * sync, the pipeline left: the rows of statement at (the last), or NULL
 * (err set); *failed the first statement that failed, or -1.
 */
static PGresult *
pipe_take(struct vg_archive *ar, int at, int *failed, struct vg_error *err,
    const char *what)
{
	PGconn		*c = PG(ar)->conn;
	PGresult	*r, *res = NULL, *bad = NULL;
	ExecStatusType	 s;
	int		 q = 0;

	*failed = -1;
	/* each statement's results ended by NULL, then the sync's; a
	 * broken connection gives no sync */
	while (q <= at + 1) {
		if ((r = PQgetResult(c)) == NULL) {
			q++;
			continue;
		}
		s = PQresultStatus(r);
		if (s == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (q == at && s == PGRES_TUPLES_OK && res == NULL)
			res = r;
		else if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK &&
		    bad == NULL) {
			bad = r;
			*failed = q;
		} else
			PQclear(r);
	}
	PQexitPipelineMode(c);
	if (bad != NULL || res == NULL) {
		pgerr_as(ar, err, what, bad, 1);
		PQclear(bad);
		PQclear(res);
		return NULL;
	}
	return res;
}

/*
 * The statement prepared as name run with the server's plan_cache_mode
 * set to mode for its own transaction (set_config's is_local, by a
 * statement prepared once a session), in one round trip (libpq's
 * pipeline), its rows in binary (fmt 1) or as text (0): its result, or
 * NULL (err set).
 */
static PGresult *
exec_planned(struct vg_archive *ar, const char *name, const struct params *p,
    const char *mode, int fmt, struct vg_error *err, const char *what)
{
	struct pg_archive	*pg = PG(ar);
	PGconn		*c = pg->conn;
	PGresult	*res;
	const char	*v[1];
	int64_t		*done;
	int		 at, failed;

	v[0] = mode;
	if ((done = key_slot(&pg->prepared, "vigil_plan", 1)) == NULL ||
	    PQenterPipelineMode(c) != 1) {
		/* as the server chooses */
		res = PQexecPrepared(c, name, p->n, (const char *const *)p->v,
		    NULL, NULL, fmt);
		if (PQresultStatus(res) == PGRES_TUPLES_OK)
			return res;
		pgerr_as(ar, err, what, res, 1);
		PQclear(res);
		return NULL;
	}
	/* the statement's results come after the setting's, and after
	 * the setting's statement prepared the first time */
	at = *done == 0 ? 2 : 1;
	if ((*done == 0 && PQsendPrepare(c, "vigil_plan", "SELECT"
	    " set_config('plan_cache_mode', $1, true)", 1, NULL) != 1) ||
	    PQsendQueryPrepared(c, "vigil_plan", 1, v, NULL, NULL, 0) != 1 ||
	    PQsendQueryPrepared(c, name, p->n, (const char *const *)p->v,
	    NULL, NULL, fmt) != 1 || PQpipelineSync(c) != 1) {
		pgerr_as(ar, err, what, NULL, 1);
		PQexitPipelineMode(c);
		return NULL;
	}
	*done = 1;
	res = pipe_take(ar, at, &failed, err, what);
	if (failed == 0 && at == 2)
		*done = 0;	/* not prepared */
	return res;
}

/*
 * name run in a read held (pg_hold), planned as mode says: the setting
 * lasts to the transaction's end, so it is sent only when the last one
 * sent differs (vigil-track's windows: once a path, not once a window).
 */
static PGresult *
held_exec(struct vg_archive *ar, const char *name, const struct params *p,
    const char *mode, int fmt, struct vg_error *err, const char *what)
{
	struct pg_archive	*pg = PG(ar);
	PGresult		*res;

	if (pg->txplan != NULL && strcmp(pg->txplan, mode) == 0) {
		res = PQexecPrepared(pg->conn, name, p->n,
		    (const char *const *)p->v, NULL, NULL, fmt);
		if (PQresultStatus(res) == PGRES_TUPLES_OK)
			return res;
		pgerr_as(ar, err, what, res, 1);
		PQclear(res);
		return NULL;
	}
	if ((res = exec_planned(ar, name, p, mode, fmt, err, what)) != NULL)
		pg->txplan = mode;
	return res;
}

/*
 * text prepared as name and run, its rows in binary, in one round trip
 * (libpq's pipeline; a tool's first query waited for two a statement):
 * its result, or NULL (err set, *unprepared 1 when the statement was not
 * prepared).  The run is planned for its parameters (a statement's first
 * run is the server's choice's custom plan).
 */
static PGresult *
prepare_run(struct vg_archive *ar, const char *name, const char *text,
    const struct params *p, int *unprepared, struct vg_error *err)
{
	PGconn		*c = PG(ar)->conn;
	PGresult	*r, *res;
	int		 failed;

	*unprepared = 0;
	if (PQenterPipelineMode(c) != 1) {
		r = PQprepare(c, name, text, p->n, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			*unprepared = 1;
			pgerr_as(ar, err, "query", r, 1);
			PQclear(r);
			return NULL;
		}
		PQclear(r);
		res = PQexecPrepared(c, name, p->n, (const char *const *)p->v,
		    NULL, NULL, 1);
		if (PQresultStatus(res) == PGRES_TUPLES_OK)
			return res;
		pgerr_as(ar, err, "query", res, 1);
		PQclear(res);
		return NULL;
	}
	if (PQsendPrepare(c, name, text, p->n, NULL) != 1 ||
	    PQsendQueryPrepared(c, name, p->n, (const char *const *)p->v,
	    NULL, NULL, 1) != 1 || PQpipelineSync(c) != 1) {
		*unprepared = 1;
		pgerr_as(ar, err, "query", NULL, 1);
		PQexitPipelineMode(c);
		return NULL;
	}
	res = pipe_take(ar, 1, &failed, err, "query");
	*unprepared = failed == 0;
	return res;
}

/* text run as a statement kept by the session (prepared the first time),
 * planned as plan says, its rows in binary: its result, or NULL (err
 * set). */
static PGresult *
kept_exec(struct vg_archive *ar, const char *text, const struct params *p,
    int plan, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	PGresult		*res;
	char			 name[32];
	int64_t			*num;
	int			 unprepared;

	alive(ar);
	if ((num = key_slot(&pg->kept, text, 0)) == NULL &&
	    pg->kept.used < KEPT_MAX) {
		num = key_slot(&pg->kept, text, 1);
		*num = (int64_t)pg->kept.used;
		snprintf(name, sizeof(name), "vigil_q%lld", (long long)*num);
		res = prepare_run(ar, name, text, p, &unprepared, err);
		if (unprepared)
			*num = -1;	/* not prepared: run as it comes */
		return res;
	}
	if (num == NULL || *num < 0)
		return run(ar, text, p, err, "query");
	snprintf(name, sizeof(name), "vigil_q%lld", (long long)*num);
	/* in a read held whose setting a window changed (held_exec), as
	 * plan says, "auto" the server's choice */
	if (pg->heldtx && pg->txplan != NULL &&
	    PQtransactionStatus(pg->conn) == PQTRANS_INTRANS)
		return held_exec(ar, name, p, plan == PLAN_GENERIC ?
		    "force_generic_plan" : plan == PLAN_CUSTOM ?
		    "force_custom_plan" : "auto", 1, err, "query");
	/* (in a transaction of the caller's, a read held, the setting would
	 * last to its end: the server's choice there) */
	if (plan != PLAN_AUTO &&
	    PQtransactionStatus(pg->conn) == PQTRANS_IDLE)
		return exec_planned(ar, name, p, plan == PLAN_GENERIC ?
		    "force_generic_plan" : "force_custom_plan", 1, err,
		    "query");
	res = PQexecPrepared(pg->conn, name, p->n, (const char *const *)p->v,
	    NULL, NULL, 1);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pgerr_as(ar, err, "query", res, 1);
		PQclear(res);
		res = NULL;
	}
	return res;
}

/*
 * sql run as a statement kept by the session (prepared the first time),
 * planned for its parameters at every run (PLAN_CUSTOM), its rows as
 * text: run's answer.  A tool that asks many windows (vigil-skew: some
 * 3,800 for t0710's world) has each parsed and analysed once, not once a
 * call.  Not the server's choice: from the sixth run on it took a plan
 * for any device whose gate windows read 30 times the buffers (t0710's
 * world, bench/README.md "pg19b").
 */
static PGresult *
kept_text(struct vg_archive *ar, const char *sql, const struct params *p,
    struct vg_error *err, const char *what)
{
	struct pg_archive	*pg = PG(ar);
	PGresult		*res;
	char			 name[32];
	int64_t			*num;

	/* in a transaction not a read held (an import's), as it comes; in
	 * a read held (vigil-track's), prepared too, the setting sent when
	 * the transaction's differs (held_exec) */
	if (PQtransactionStatus(pg->conn) != PQTRANS_IDLE &&
	    (!pg->heldtx || PQtransactionStatus(pg->conn) !=
	    PQTRANS_INTRANS))
		return run(ar, sql, p, err, what);
	alive(ar);
	if ((num = key_slot(&pg->kept, sql, 0)) == NULL &&
	    pg->kept.used < KEPT_MAX) {
		num = key_slot(&pg->kept, sql, 1);
		*num = (int64_t)pg->kept.used;
		snprintf(name, sizeof(name), "vigil_q%lld", (long long)*num);
		res = PQprepare(pg->conn, name, sql, p->n, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			*num = -1;	/* not prepared: run as it comes */
		PQclear(res);
	}
	if (num == NULL || *num < 0)
		return run(ar, sql, p, err, what);
	snprintf(name, sizeof(name), "vigil_q%lld", (long long)*num);
	if (PQtransactionStatus(pg->conn) != PQTRANS_IDLE)
		return held_exec(ar, name, p, "force_custom_plan", 0, err,
		    what);
	return exec_planned(ar, name, p, "force_custom_plan", 0, err, "query");
}

/* sql run as a statement kept by the session, at most KEPT_ROWS rows to
 * fn: 1 when its answer is longer (nothing given to fn), 0, -1. */
static int
kept_run(struct vg_archive *ar, const struct vg_query *q, const char *sql,
    const struct params *p, struct qrun *qr, struct vg_error *err)
{
	PGresult		*res;
	char			*text;
	int			 probe, rc;

	probe = q->limit == 0;
	if (probe)
		xasprintf(&text, "%s LIMIT %d", sql, KEPT_ROWS + 1);
	else
		text = xstrdup(sql);
	res = kept_exec(ar, text, p, PLAN_AUTO, err);
	free(text);
	if (res == NULL)
		return -1;
	if (probe && PQntuples(res) > KEPT_ROWS)
		rc = 1;
	else
		rc = query_batch(ar, res, qr) < 0 ? -1 : 0;
	PQclear(res);
	return rc;
}

/*
 * The kept queries' lean statement (lean_run): a person's days, a gate's
 * or a camera's hours, read as the rows' own columns in no order, made
 * whole here where query_sql's statement had the server join each row
 * to device, source and clock_correction and sort them (at 100 M rows
 * its CPU a run 2.0-4.3 us a row, now 0.9-1.9): a row's device code and
 * zone from the devices' map (ldev, read once a session and again when
 * the sources change or a row names a device it lacks), its source's
 * path from the sources' (lsrc: a source's path never changes; the ids
 * not yet known read by one statement), its clock correction from the
 * corrections read with the rows (in the same statement, its raw times
 * bounded by those the session saw last and run again if they now bound
 * them wider), the corrected times tested and the rows sorted as
 * query_sql's ORDER BY sorts them.  A person's name is read once a query,
 * as a row of the same statement, not joined to each row, and the
 * person's badges by the statement's InitPlan; a gate's or camera's rows'
 * names come from the session's map of names (lean_names), the ones it
 * lacks read from the roster's index of ids and names (migration 3).
 */
#define LEAN_MAXID	(1 << 22)	/* ids past this are not mapped */

struct ldev {
	char		*code;		/* the device's code, NULL: none */
	char		*zone;		/* its zone, or NULL */
	int64_t		 shift;		/* its clock correction, this query */
	int		 corrected;	/* it has one */
};

/* A row kept, by the keys of query_sql's ORDER BY. */
struct lrow {
	int64_t		 t;		/* corrected time */
	int		 type;		/* 1 gate event, 2 sighting */
	const char	*code;		/* device */
	const char	*path;		/* source, NULL not yet known */
	int64_t		 line;		/* line */
	int64_t		 dev;		/* device id */
	int64_t		 src;		/* source id */
	int		 i;		/* the result's row */
};

/* The devices' map forgotten, and with all the sources' too. */
static void
lean_forget(struct pg_archive *pg, int all)
{
	size_t	i;

	for (i = 0; i < pg->nldev; i++) {
		free(pg->ldev[i].code);
		free(pg->ldev[i].zone);
	}
	free(pg->ldev);
	pg->ldev = NULL;
	pg->nldev = 0;
	/* a roster imported since: the names again */
	keys_free(&pg->lname);
	for (i = 0; i < pg->nlnames; i++)
		free(pg->lnames[i]);
	free(pg->lnames);
	pg->lnames = NULL;
	pg->nlnames = 0;
	if (!all)
		return;
	free(pg->lcorr.cdev);
	free(pg->lcorr.cshift);
	memset(&pg->lcorr, 0, sizeof(pg->lcorr));
	lday_forget(pg);
	PQclear(pg->devres);
	pg->devres = NULL;
	for (i = 0; i < pg->nlsrc; i++)
		free(pg->lsrc[i]);
	free(pg->lsrc);
	pg->lsrc = NULL;
	pg->nlsrc = 0;
}

/* The devices' map read: 0, 1 an id past LEAN_MAXID, -1. */
#define LDEV_SQL	"SELECT id, code, zone, type FROM device"

static int	ldev_fill(struct pg_archive *, PGresult *);

static int
ldev_read(struct vg_archive *ar, struct vg_error *err)
{
	PGresult	*res;

	if ((res = run(ar, LDEV_SQL, NULL, err, "query")) == NULL)
		return -1;
	return ldev_fill(PG(ar), res);
}

/* The devices' map from res, LDEV_SQL's (freed): 0, 1 an id past
 * LEAN_MAXID. */
static int
ldev_fill(struct pg_archive *pg, PGresult *res)
{
	int64_t			 id, max = 0;
	int			 i;

	lean_forget(pg, 0);
	/* kept for the device map of the same query (dev_load): one
	 * statement and round trip where there were three */
	PQclear(pg->devres);
	pg->devres = NULL;
	for (i = 0; i < PQntuples(res); i++)
		if ((id = val_int(res, i, 0)) < 0 || id >= LEAN_MAXID) {
			PQclear(res);
			return 1;
		} else if (id > max)
			max = id;
	pg->nldev = (size_t)max + 1;
	pg->ldev = xcalloc(pg->nldev, sizeof(*pg->ldev));
	for (i = 0; i < PQntuples(res); i++) {
		id = val_int(res, i, 0);
		pg->ldev[id].code = val_dup(res, i, 1);
		pg->ldev[id].zone = val_dup(res, i, 2);
	}
	pg->devres = res;
	return 0;
}

/* The corrections of c onto the devices' map. */
static void
lean_shifts(struct pg_archive *pg, const struct lctx *c)
{
	size_t	i;

	for (i = 0; i < pg->nldev; i++) {
		pg->ldev[i].shift = 0;
		pg->ldev[i].corrected = 0;
	}
	for (i = 0; i < c->nc; i++)
		if (c->cdev[i] >= 0 && (size_t)c->cdev[i] < pg->nldev) {
			pg->ldev[c->cdev[i]].shift = c->cshift[i];
			pg->ldev[c->cdev[i]].corrected = 1;
		}
}

/*
 * The shifts that bound q's raw times by the corrections c: the least
 * (*lo) and the largest (*hi) of its devices' (ids "1,2" in devs; a
 * device without a correction 0), of all with 0 when it names none.
 */
static void
lean_span(const struct lctx *c, const char *devs, int64_t *lo, int64_t *hi)
{
	const char	*s;
	char		*e;
	int64_t		 id, sh;
	size_t		 i;

	*lo = *hi = 0;
	for (i = 0; devs == NULL && i < c->nc; i++) {
		*lo = c->cshift[i] < *lo ? c->cshift[i] : *lo;
		*hi = c->cshift[i] > *hi ? c->cshift[i] : *hi;
	}
	for (s = devs; s != NULL && *s != '\0'; s = *e == ',' ? e + 1 : e) {
		id = strtoll(s, &e, 10);
		if (e == s)
			break;
		for (sh = 0, i = 0; i < c->nc; i++)
			if (c->cdev[i] == id)
				sh = c->cshift[i];
		*lo = sh < *lo || s == devs ? sh : *lo;
		*hi = sh > *hi || s == devs ? sh : *hi;
	}
}

/*
 * The days of kind k's tables that raw times lo..hi meet, into nd (at
 * most LEAN_DAYS; in a year's archive a gate's hour planned on the
 * parent reads the catalogue of its 365 partitions at a session's first
 * query: bench/README.md, "pg20"): how many, 0 none known or more (the
 * parent read).
 */
static size_t
lean_days(const struct pg_archive *pg, int k, int64_t lo, int64_t hi,
    struct lnamed *nd)
{
	size_t	i, n = 0;

	for (i = 0; i < pg->nlday; i++) {
		if (!pg->lday[i].has[k] || pg->lday[i].start > hi ||
		    pg->lday[i].end <= lo)
			continue;
		if (n == LEAN_DAYS)
			return nd->n[k] = 0;
		nd->at[k][n] = i;
		nd->id[k][n++] = pg->lday[i].id;
	}
	return nd->n[k] = n;
}

/* The span's column of each kind's rows, NULL when it has no table. */
static const char *const kind_days[NKIND] = { "gates", "sightings" };

/*
 * The lean statement of q (query_sql's rows, their device, source and
 * correction as ids), in sql and p, its raw times bounded by the
 * corrections c (lean_span; the sightings' start by c's pad too), the
 * devices' ids in *devs: 1, 0 no row can match, -1.  With inl, the
 * corrections too, as its rows of type 0 (shift as the time, device as
 * the device), read with its rows: the bounds, bounds a parameter
 * (partitions pruned when the statement is planned), are checked by
 * them (lean_run).  With nd, a kind's rows in a few days are read from
 * those days' tables, not the parent (lean_days), and with inl the
 * spans the server holds for those times come as rows of type LEAN_SPAN
 * + the kind (the span's id as the time), to be checked against nd.  A
 * person's badges are read by the statement itself, and with inl the
 * person's name comes as a row of type LEAN_NAME (in the name's column).
 */
#define LEAN_SPAN	3
#define LEAN_NAME	(-2)
#define LEAN_PATH	(-3)	/* a row's source's path (lean_sql's more) */
#define LEAN_WHO	(-4)	/* a row's person's name (lean_sql's more) */

#define LEAN_PATHS	1	/* the rows' sources' paths too */
#define LEAN_NAMES	2	/* the rows' people's names too */

static int
lean_sql(struct vg_archive *ar, const struct vg_query *q, const struct lctx *c,
    int inl, int more, struct lnamed *nd, char **devs, struct vg_buf *sql,
    struct params *p, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct vg_buf	 w = { NULL, 0, 0 };
	char		*d;
	int64_t		 lo, hi, blo[NKIND], bhi[NKIND];
	int		 kinds, limited, person = 0, plo[NKIND], phi[NKIND];
	size_t		 i, n;
	int		 k;

	*devs = NULL;
	if (nd != NULL)
		memset(nd, 0, sizeof(*nd));
	kinds = query_kinds(q);
	if ((limited = device_set(ar, q, devs, err)) == -1)
		return -1;
	if (kinds == 0)
		return 0;
	d = limited ? *devs : NULL;
	lean_span(c, d, &lo, &hi);
	if (q->person != NULL)
		person = p_str(p, q->person);
	memset(plo, 0, sizeof(plo));
	memset(phi, 0, sizeof(phi));
	/* a track overlapping the window; tracks last under an hour (no
	 * bound where the query has no end: VG_TIME_NONE less anything
	 * overflows) */
	blo[K_GATE] = blo[K_SIGHTING] = bhi[K_GATE] = bhi[K_SIGHTING] = 0;
	if (q->from != VG_TIME_NONE) {
		blo[K_GATE] = q->from + lo;
		blo[K_SIGHTING] = q->from - 3600000000LL - c->pad;
	}
	if (q->to != VG_TIME_NONE)
		bhi[K_GATE] = bhi[K_SIGHTING] = q->to + hi;
	/* the rows named r to read their sources' paths and people's
	 * names by their ids (more; each id's index scan takes its array
	 * sorted and without repeats: no DISTINCT, whose hash table cost a
	 * new backend 35-45 new pages, bench/README.md "pg23") */
	if (inl && more)
		vg_buf_fmt(sql, "WITH r (k, t, l, d, z, tr, who, nm, cr, ca,"
		    " pl, di, re, ki, up, lo, at, sc, src, li, o, e) AS (");
	else if (inl)
		vg_buf_fmt(sql, "(");
	for (k = 0; k < NKIND; k++) {
		if (!(kinds & (k == K_GATE ? VG_ROW_GATE : VG_ROW_SIGHTING)))
			continue;
		w.len = 0;
		vg_buf_fmt(&w, " WHERE true");
		if (k == K_GATE) {
			gate_where(&w, p, q, d, 0, NULL, 0);
			/* the person's badges read by the statement (once,
			 * its InitPlan), not by one before it */
			if (person)
				vg_buf_fmt(&w, " AND (g.person = $%d OR"
				    " (g.person IS NULL AND g.card = ANY"
				    " (ARRAY(SELECT card FROM card WHERE"
				    " person = $%d))))", person, person);
		} else
			sighting_where(&w, p, q, d, person, 0);
		if (q->from != VG_TIME_NONE)
			vg_buf_fmt(&w, " AND %s.%s >= $%d::bigint", k == K_GATE ?
			    "g" : "v", kind_key[k], plo[k] = p_int(p, blo[k]));
		if (q->to != VG_TIME_NONE)
			vg_buf_fmt(&w, " AND %s.%s <= $%d::bigint", k == K_GATE ?
			    "g" : "v", kind_key[k], phi[k] = p_int(p, bhi[k]));
		n = nd != NULL && plo[k] && phi[k] ? lean_days(pg, k, blo[k],
		    bhi[k], nd) : 0;
		for (i = 0; i < (n > 0 ? n : 1); i++) {
			if (k == K_SIGHTING && (kinds & VG_ROW_GATE))
				vg_buf_fmt(sql, " UNION ALL ");
			else if (i > 0)
				vg_buf_fmt(sql, " UNION ALL ");
			/* names from the session's map (lean_names), not
			 * joined to each row */
			if (k == K_GATE)
				vg_buf_fmt(sql, "SELECT 1, g.t, NULL::bigint,"
				    " g.gate, NULL::text, NULL::text, g.person,"
				    " NULL::text, g.credential, g.card, g.plate,"
				    " g.direction, g.result, NULL::int, NULL::int,"
				    " NULL::int, NULL::text, g.score, g.source,"
				    " g.line, NULL::bigint, NULL::bytea FROM"
				    " gate_event%s g", n > 0 ?
				    pg->lday[nd->at[k][i]].suffix : "");
			else
				vg_buf_fmt(sql, "SELECT 2, v.first, v.last,"
				    " v.camera, NULL, v.track, v.person, NULL,"
				    " NULL, NULL, v.plate, NULL, NULL, v.kind,"
				    " v.upper, v.lower, v.attrs, v.score, v.source,"
				    " v.line, NULL, %s FROM sighting%s v",
				    q->vectors ? "v.embedding" : "NULL", n > 0 ?
				    pg->lday[nd->at[k][i]].suffix : "");
			vg_buf_add(sql, w.s, w.len);
		}
	}
	free(w.s);
	vg_buf_fmt(sql, " LIMIT %d", KEPT_ROWS + 1);
	if (!inl)
		return 1;
	if (more)
		vg_buf_fmt(sql, ") SELECT * FROM r");
	if (more & LEAN_PATHS)
		vg_buf_fmt(sql, " UNION ALL SELECT %d, NULL, NULL, NULL, path,"
		    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
		    " NULL, NULL, NULL, id, NULL, NULL, NULL FROM source WHERE"
		    " id = ANY (ARRAY(SELECT src FROM r))", LEAN_PATH);
	if (more & LEAN_NAMES)
		vg_buf_fmt(sql, " UNION ALL SELECT %d, NULL, NULL, NULL, NULL,"
		    " NULL, id, name, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
		    " NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM person WHERE"
		    " id = ANY (ARRAY(SELECT who FROM r WHERE who IS"
		    " NOT NULL))", LEAN_WHO);
	vg_buf_fmt(sql, "%s UNION ALL SELECT 0, shift, NULL, device,"
	    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
	    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM"
	    " clock_correction", more ? "" : ")");
	if (person)
		vg_buf_fmt(sql, " UNION ALL SELECT %d, NULL, NULL, NULL, NULL,"
		    " NULL, NULL, (SELECT name FROM person WHERE id = $%d),"
		    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
		    " NULL, NULL, NULL, NULL", LEAN_NAME, person);
	for (k = 0; nd != NULL && k < NKIND; k++)
		if (nd->n[k] > 0)
			vg_buf_fmt(sql, " UNION ALL SELECT %d, id, NULL, NULL,"
			    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
			    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
			    " FROM span WHERE %s IS NOT NULL AND start <="
			    " $%d::bigint AND stop > $%d::bigint", LEAN_SPAN + k,
			    kind_days[k], phi[k], plo[k]);
	return 1;
}

/* Whether the spans res gave as its rows of type LEAN_SPAN + a kind are
 * the days nd named, kind by kind. */
static int
lean_days_same(const PGresult *res, const struct lnamed *nd)
{
	size_t	m[NKIND] = { 0 }, j;
	int64_t	id;
	int	i, k;

	for (i = 0; i < PQntuples(res); i++) {
		k = (int)val_int(res, i, 0) - LEAN_SPAN;
		if (k < 0 || k >= NKIND)
			continue;
		id = val_int(res, i, 1);
		for (j = 0; j < nd->n[k] && nd->id[k][j] != id; j++)
			;
		if (j == nd->n[k])
			return 0;
		m[k]++;
	}
	for (k = 0; k < NKIND; k++)
		if (m[k] != nd->n[k])
			return 0;
	return 1;
}

/* The corrections a statement of lean_sql's with inl gave as its rows of
 * type 0, into c (emptied first). */
static void
lean_inline(const PGresult *res, struct lctx *c)
{
	int64_t	sh;
	int	i, n = PQntuples(res);

	c->cdev = xreallocarray(c->cdev, (size_t)n + 1, sizeof(*c->cdev));
	c->cshift = xreallocarray(c->cshift, (size_t)n + 1,
	    sizeof(*c->cshift));
	c->nc = 0;
	c->pad = 0;
	for (i = 0; i < n; i++)
		if (val_int(res, i, 0) == 0) {
			sh = val_int(res, i, 1);
			c->cdev[c->nc] = val_int(res, i, 3);
			c->cshift[c->nc++] = sh;
			if ((sh < 0 ? -sh : sh) > c->pad)
				c->pad = sh < 0 ? -sh : sh;
		}
}

/* Rows of lean results by query_sql's ORDER BY (names as bytes). */
static int
lrow_cmp(const void *a, const void *b)
{
	const struct lrow	*x = a, *y = b;
	int			 c;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if ((c = strcmp(x->code, y->code)) != 0)
		return c;
	if ((c = strcmp(x->path, y->path)) != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Source src's path, column col of res's row i, into lsrc. */
static void
lsrc_put(struct pg_archive *pg, int64_t src, const PGresult *res, int i,
    int col)
{
	size_t	m;

	if (src < 0 || src >= LEAN_MAXID)
		return;
	if ((size_t)src >= pg->nlsrc) {
		m = (size_t)src + 1 > 2 * pg->nlsrc ? (size_t)src + 1 :
		    2 * pg->nlsrc;
		pg->lsrc = xreallocarray(pg->lsrc, m, sizeof(*pg->lsrc));
		memset(pg->lsrc + pg->nlsrc, 0, (m - pg->nlsrc) *
		    sizeof(*pg->lsrc));
		pg->nlsrc = m;
	}
	if (pg->lsrc[src] == NULL)
		pg->lsrc[src] = val_dup(res, i, col);
}

/* The paths of the sources ids (a bigint[] literal, freed) into lsrc. */
static int
lsrc_read(struct vg_archive *ar, char *ids, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	int		 i;

	p_add(&p, ids);
	res = run(ar, "SELECT id, path FROM source WHERE id = ANY"
	    " ($1::bigint[])", &p, err, "query");
	p_free(&p);
	if (res == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++)
		lsrc_put(pg, val_int(res, i, 0), res, i, 1);
	PQclear(res);
	return 0;
}

/*
 * The rows of res that query_sql's statement gives, into lr (room for
 * all), their count in *n: 0, 1 a device not mapped, -1.  As its
 * joins: a row whose device or source is not in the archive is not one.
 */
static int
lean_keep(struct vg_archive *ar, const struct vg_query *q,
    const struct lctx *c, const PGresult *res, const int *ty, struct lrow *lr,
    size_t *n, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct vg_buf	 miss = { NULL, 0, 0 };
	struct ldev	*d;
	int64_t		 dev, raw, t, src, *asked = NULL;
	size_t		 k, m, nasked = 0;
	int		 i, reread = 0, rc;

again:
	*n = 0;
	miss.len = 0;
	nasked = 0;
	for (i = 0; i < PQntuples(res); i++) {
		if (ty[i] != 1 && ty[i] != 2)
			continue;	/* a correction (lean_inline), a
					   day (lean_days_same) */
		dev = val_int(res, i, 3);
		if ((dev < 0 || (size_t)dev >= pg->nldev ||
		    pg->ldev[dev].code == NULL) && !reread) {
			/* a device added since the map was read */
			reread = 1;
			if (pg->inrows > 0 || (rc = ldev_read(ar, err)) != 0) {
				free(miss.s);
				free(asked);
				return pg->inrows > 0 ? 1 : rc;
			}
			lean_shifts(pg, c);
			goto again;
		}
		if (dev < 0 || (size_t)dev >= pg->nldev ||
		    (d = &pg->ldev[dev])->code == NULL)
			continue;
		raw = val_int(res, i, 1);
		t = raw - d->shift;
		if (q->to != VG_TIME_NONE && t > q->to)
			continue;
		if (q->from != VG_TIME_NONE && (ty[i] == 1 ?
		    t < q->from : raw < q->from - 3600000000LL - c->pad ||
		    val_int(res, i, 2) - d->shift < q->from))
			continue;
		if ((src = val_int(res, i, 18)) < 0 || src >= LEAN_MAXID) {
			free(miss.s);
			free(asked);
			return 1;
		}
		lr[*n].t = t;
		lr[*n].type = ty[i];
		lr[*n].code = d->code;
		lr[*n].path = (size_t)src < pg->nlsrc ? pg->lsrc[src] : NULL;
		lr[*n].line = val_int(res, i, 19);
		lr[*n].dev = dev;
		lr[*n].src = src;
		lr[*n].i = i;
		/* each source the map lacks asked once (a session's first
		 * month sent one id a row: 480 for one file's) */
		for (k = 0; lr[*n].path == NULL && k < nasked; k++)
			if (asked[k] == src)
				break;
		if (lr[*n].path == NULL && k == nasked) {
			asked = xreallocarray(asked, nasked + 1,
			    sizeof(*asked));
			asked[nasked++] = src;
			vg_buf_fmt(&miss, "%s%lld", miss.len ? "," : "{",
			    (long long)src);
		}
		(*n)++;
	}
	free(asked);
	asked = NULL;
	if (miss.len == 0) {
		free(miss.s);
		return 0;
	}
	vg_buf_add(&miss, "}", 1);
	if (lsrc_read(ar, miss.s, err) == -1)
		return -1;
	for (k = m = 0; k < *n; k++) {
		if (lr[k].path == NULL && (size_t)lr[k].src < pg->nlsrc)
			lr[k].path = pg->lsrc[lr[k].src];
		if (lr[k].path != NULL)
			lr[m++] = lr[k];
	}
	*n = m;
	return 0;
}

/*
 * The names of the people of the kept rows lr (n of res) that the
 * session's map lacks, read into it by one statement: 0, -1.  A gate's
 * hour at the 100 M archive's density joined each of its ~700 rows to
 * the roster's index, 1,804 of its 1,823 buffers a run (bench/README.md,
 * "pg20", "pgq21"); the map is forgotten with the devices' when the
 * archive's sources change (a roster imported: forget_if_stale).
 */
static int
lean_names(struct vg_archive *ar, const PGresult *res, const int *ty,
    const struct lrow *lr, size_t n, int inl, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct params	 p = { { NULL }, 0 };
	struct vg_buf	 ids = { NULL, 0, 0 };
	struct keyset	 asked = { NULL, NULL, 0, 0 };
	PGresult	*r;
	int64_t		*slot;
	const char	*who, *c;
	size_t		 k;
	int		 i;

	for (k = 0; k < n; k++) {
		if (PQgetisnull(res, lr[k].i, 6))
			continue;
		who = PQgetvalue(res, lr[k].i, 6);
		if (key_slot(&pg->lname, who, 0) != NULL ||
		    key_slot(&asked, who, 0) != NULL)
			continue;
		*key_slot(&asked, who, 1) = -1;
		if (inl)
			continue;
		vg_buf_add(&ids, ids.len ? ",\"" : "{\"", 2);
		for (c = who; *c != '\0'; c++) {
			if (*c == '"' || *c == '\\')
				vg_buf_add(&ids, "\\", 1);
			vg_buf_add(&ids, c, 1);
		}
		vg_buf_add(&ids, "\"", 1);
	}
	if (asked.used == 0)
		return 0;
	/* with inl, the statement read them as its rows of type
	 * LEAN_WHO (lean_sql's more: id and name in columns 6 and 7) */
	if (inl)
		r = (PGresult *)res;
	else {
		vg_buf_add(&ids, "}", 2);	/* and its NUL */
		p_add(&p, ids.s);
		r = run(ar, "SELECT id, name FROM person WHERE id = ANY"
		    " ($1::text[])", &p, err, "query");
		p_free(&p);
	}
	if (r == NULL) {
		keys_free(&asked);
		return -1;
	}
	for (i = 0; i < PQntuples(r); i++)
		if ((!inl || ty[i] == LEAN_WHO) &&
		    !PQgetisnull(r, i, inl ? 7 : 1) && (slot = key_slot(&asked,
		    PQgetvalue(r, i, inl ? 6 : 0), 0)) != NULL && *slot < 0) {
			pg->lnames = xreallocarray(pg->lnames, pg->nlnames + 1,
			    sizeof(*pg->lnames));
			pg->lnames[pg->nlnames] = val_dup(r, i, inl ? 7 : 1);
			*slot = (int64_t)pg->nlnames++;
		}
	if (!inl)
		PQclear(r);
	/* each asked: its name's place, or none (not on the roster, or
	 * no name) */
	for (k = 0; k < asked.n; k++)
		if (asked.key[k] != NULL)
			*key_slot(&pg->lname, asked.key[k], 1) = asked.val[k];
	keys_free(&asked);
	return 0;
}

/* The name of person who in the session's map, or NULL. */
static const char *
lean_name(const struct pg_archive *pg, const char *who)
{
	int64_t	*slot;

	if (who == NULL || (slot = key_slot((struct keyset *)&pg->lname, who,
	    0)) == NULL || *slot < 0)
		return NULL;
	return pg->lnames[*slot];
}

/* q by its lean statement, its rows to qr: 0, 1 not answered so (the
 * answer longer than KEPT_ROWS, or ids not mapped), -1. */
static int
lean_run(struct vg_archive *ar, const struct vg_query *q, struct qrun *qr,
    struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct lctx	*used;
	struct params	 p = { { NULL }, 0 };
	struct vg_buf	 sql = { NULL, 0, 0 };
	struct vg_row	 r;
	struct ldev	*d;
	struct lrow	*lr = NULL;
	PGresult	*res = NULL;
	struct lnamed	 nd;
	char		*devs = NULL;
	const char	*name = NULL;
	int64_t		 lo, hi, nlo, nhi, pad;
	size_t		 n = 0, k, extra;
	int		*ty = NULL;
	int		 rc, tries, i, parent = 0, more;

	memset(&nd, 0, sizeof(nd));
	/* a gate's or camera's hours: the days' tables they name known */
	stale_check(ar, q->person == NULL, 1);
	if (pg->ldev == NULL && (rc = ldev_read(ar, err)) != 0)
		goto done;
	/*
	 * The corrections the session saw last bound the raw times, and come
	 * again with the rows: when they now bound them wider, the statement
	 * again (at the session's first query, when the archive has
	 * corrections; when they changed).  A person's badges and name come
	 * with the rows too: one round trip where a person's month waited
	 * for two, the badges and corrections read first (bench/README.md,
	 * "pgq21").
	 */
	used = &pg->lcorr;
	for (tries = 0; ; tries++) {
		p_free(&p);
		free(sql.s);
		memset(&sql, 0, sizeof(sql));
		free(devs);
		PQclear(res);
		res = NULL;
		memset(&nd, 0, sizeof(nd));
		/* a gate's or camera's hours at a session's first query
		 * (its maps empty): the rows' sources' paths and people's
		 * names as rows of the same statement, where each waited for
		 * a statement of its own after it; later, those the maps
		 * lack only.  Not a person's days: there a statement's new
		 * memory in a new backend cost more than the round trip
		 * (bench/README.md, "pg23") */
		more = q->person != NULL ? 0 : (pg->nlsrc == 0 ? LEAN_PATHS :
		    0) | (pg->lname.used == 0 ? LEAN_NAMES : 0);
		if ((rc = lean_sql(ar, q, used, 1, more, q->person == NULL &&
		    !parent ? &nd : NULL, &devs, &sql, &p, err)) != 1)
			goto done;
		/* hours on their days' tables: one plan for any times from
		 * the second run on, as a person's (on the parent, the plan
		 * for any would plan every day) */
		if ((res = kept_exec(ar, sql.s, &p, q->person != NULL ||
		    nd.n[K_GATE] + nd.n[K_SIGHTING] > 0 ? PLAN_GENERIC :
		    PLAN_CUSTOM, err)) == NULL) {
			/* a day's table dropped since its span was read:
			 * the parent */
			if (nd.n[K_GATE] + nd.n[K_SIGHTING] > 0 && !parent) {
				lday_forget(pg);
				vg_error_clear(err);
				parent = 1;
				continue;
			}
			rc = -1;
			goto done;
		}
		/* each row's type read once */
		ty = xreallocarray(ty, (size_t)PQntuples(res) + 1,
		    sizeof(*ty));
		for (i = 0; i < PQntuples(res); i++)
			ty[i] = (int)val_int(res, i, 0);
		/* the days named not the server's now: read again */
		if (!lean_days_same(res, &nd)) {
			if (tries == 3) {
				rc = 1;
				goto done;
			}
			lday_forget(pg);
			stale_check(ar, 1, 0);
			continue;
		}
		lean_span(&pg->lcorr, devs, &lo, &hi);
		pad = pg->lcorr.pad;
		lean_inline(res, &pg->lcorr);
		lean_span(&pg->lcorr, devs, &nlo, &nhi);
		if (nlo >= lo && nhi <= hi && pg->lcorr.pad <= pad)
			break;
		if (tries == 3) {
			rc = 1;		/* corrections changing under it */
			goto done;
		}
	}
	lean_shifts(pg, used);
	/* the paths and names read with the rows (more) */
	for (extra = 0, i = 0; more && i < PQntuples(res); i++)
		if (ty[i] == LEAN_PATH) {
			lsrc_put(pg, val_int(res, i, 18), res, i, 4);
			extra++;
		} else if (ty[i] == LEAN_WHO)
			extra++;
	if ((size_t)PQntuples(res) - (used->nc + nd.n[K_GATE] +
	    nd.n[K_SIGHTING] + (q->person != NULL) + extra) > KEPT_ROWS) {
		rc = 1;
		goto done;
	}
	/* the person's name (LEAN_NAME), as the result holds it */
	for (i = 0; q->person != NULL && i < PQntuples(res); i++)
		if (ty[i] == LEAN_NAME && !PQgetisnull(res, i, 7))
			name = PQgetvalue(res, i, 7);
	lr = xcalloc((size_t)PQntuples(res) + 1, sizeof(*lr));
	if ((rc = lean_keep(ar, q, used, res, ty, lr, &n, err)) != 0)
		goto done;
	if (q->person == NULL && (rc = lean_names(ar, res, ty, lr, n,
	    (more & LEAN_NAMES) != 0, err)) != 0)
		goto done;
	if (n > 1)
		vg_qsort(lr, n, sizeof(*lr), lrow_cmp);
	pg->inrows++;
	for (k = 0; k < n; k++) {
		row_read(res, lr[k].i, &r);
		d = &pg->ldev[lr[k].dev];
		r.t = lr[k].t;
		if (r.last != VG_TIME_NONE)
			r.last -= d->shift;
		r.device = d->code;
		r.zone = d->zone;
		r.source = lr[k].path;
		r.offset = d->corrected ? d->shift : VG_TIME_NONE;
		if (q->person != NULL)
			r.name = r.person != NULL ? name : NULL;
		else
			r.name = lean_name(pg, r.person);
		if (row_give(qr, res, lr[k].i, &r) != 0)
			break;
	}
	pg->inrows--;
done:
	PQclear(pg->devres);
	pg->devres = NULL;
	PQclear(res);
	free(ty);
	free(lr);
	free(devs);
	p_free(&p);
	free(sql.s);
	return rc;
}

static int
pg_query_run(struct vg_archive *ar, const struct vg_query *q, vg_row_fn fn,
    void *arg, struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	struct vg_buf	 sql = { NULL, 0, 0 };
	struct qrun	 qr = { fn, arg, 0, 0, NAN, NULL, 0 };
	struct pg_archive	*pg = PG(ar);
	struct vg_pmatch	*m = NULL;
	char		*plates;
	size_t		 i, j, nm = 0;
	int		 rc = 0, lean;

	if (q->platelike == NULL) {
		/* a person's days, a gate's hour: the lean statement; its
		 * answer too long, the cursor */
		lean = kept_query(q) && q->limit == 0 && !q->strangers &&
		    !pg->intx;
		if ((!lean || (rc = lean_run(ar, q, &qr, err)) == 1) &&
		    (rc = query_sql(ar, q, 0, NULL, &sql, &p, err)) == 1 &&
		    (lean || !kept_query(q) || pg->intx || (rc = kept_run(ar,
		    q, sql.s, &p, &qr, err)) == 1))
			rc = cursor(ar, sql.s, &p, query_batch, &qr, err,
			    "query") == -1 ? -1 : 0;
		p_free(&p);
		free(sql.s);
	} else if ((rc = plate_matches(ar, q, &m, &nm, err)) == 0) {
		/* a pattern: the plates nearest it first, each group in
		 * time */
		for (i = 0; i < nm && rc == 0 && !qr.stop; i = j) {
			for (j = i + 1; j < nm && m[j].d == m[i].d; j++)
				;
			plates = text_array(m + i, j - i);
			qr.d = m[i].d;
			if ((rc = query_sql(ar, q, 0, plates, &sql, &p,
			    err)) == 1)
				rc = cursor(ar, sql.s, &p, query_batch, &qr,
				    err, "query") == -1 ? -1 : 0;
			free(plates);
			p_free(&p);
			free(sql.s);
			memset(&sql, 0, sizeof(sql));
		}
		if (rc == 0 && nm == 0 && strpbrk(q->platelike, "?*") == NULL &&
		    q->from == VG_TIME_NONE && q->to == VG_TIME_NONE) {
			struct params	 pp = { { NULL }, 0 };
			char		 b[VG_SHOWSZ];

			p_str(&pp, q->platelike);
			if (scalar(ar, "SELECT 1 FROM plate WHERE plate = $1",
			    &pp, 0) != 1) {
				vg_error_set(err, "unknown plate '%s': not on"
				    " the roster nor in any log",
				    vg_show(q->platelike, strlen(q->platelike),
				    b, sizeof(b)));
				rc = -1;
			}
			p_free(&pp);
		}
	}
	for (i = 0; i < nm; i++)
		free(m[i].plate);
	free(m);
	free(qr.vec);
	/* no row: a subject no log and no roster knows is an error */
	if (rc == 0 && qr.n == 0 && subjects_known(ar, q, err) == -1)
		rc = -1;
	return rc;
}

static int
pg_query_count(struct vg_archive *ar, const struct vg_query *q, int64_t *n,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	struct vg_buf	 sql = { NULL, 0, 0 };
	struct vg_pmatch	*m = NULL;
	PGresult	*res;
	char		*plates = NULL;
	size_t		 i, nm = 0;
	int		 rc;

	*n = 0;
	if (q->platelike != NULL) {
		if (plate_matches(ar, q, &m, &nm, err) == -1)
			return -1;
		plates = text_array(m, nm);
		for (i = 0; i < nm; i++)
			free(m[i].plate);
		free(m);
	}
	if ((rc = query_sql(ar, q, 1, plates, &sql, &p, err)) == 1) {
		if ((res = run(ar, sql.s, &p, err, "counting")) == NULL)
			rc = -1;
		else {
			*n = val_int(res, 0, 0);
			PQclear(res);
			rc = 0;
		}
	}
	free(plates);
	p_free(&p);
	free(sql.s);
	return rc;
}

static int
pg_box(struct vg_archive *ar, const char *camera, const char *track,
    const char *source, double box[4], struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	int		 i, rc = 0;

	p_str(&p, camera);
	p_str(&p, track);
	p_str(&p, source);
	res = run(ar, "SELECT v.x, v.y, v.w, v.h FROM sighting v JOIN device d"
	    " ON d.id = v.camera JOIN source s ON s.id = v.source WHERE"
	    " d.code = $1 AND v.track = $2 AND s.path = $3 LIMIT 1", &p, err,
	    "finding a box");
	p_free(&p);
	if (res == NULL)
		return -1;
	if (PQntuples(res) > 0) {
		rc = 1;
		for (i = 0; i < 4; i++) {
			if (PQgetisnull(res, 0, i))
				rc = 0;
			box[i] = val_real(res, 0, i);
		}
		if (rc == 1 && (box[2] <= 0 || box[3] <= 0))
			rc = 0;
	}
	PQclear(res);
	return rc;
}

static int
pg_graph(struct vg_archive *ar, struct vg_graph *g, struct vg_error *err)
{
	PGresult	*res;
	int64_t		 maxid;
	int		 i, n;

	memset(g, 0, sizeof(*g));
	maxid = scalar(ar, "SELECT coalesce(max(id), 0) FROM device", NULL, 0);
	g->index = xcalloc((size_t)maxid + 1, sizeof(*g->index));
	g->nindex = (size_t)maxid + 1;
	if ((res = run(ar, "SELECT d.id, d.code, d.type, d.face, (d.place IS"
	    " NOT NULL)::int, d.x, d.y, coalesce(c.shift, 0), (c.shift IS NOT"
	    " NULL)::int FROM device d LEFT JOIN clock_correction c ON"
	    " c.device = d.id ORDER BY d.id", NULL, err,
	    "reading the device graph")) == NULL)
		goto fail;
	n = PQntuples(res);
	g->dev = xcalloc((size_t)n + 1, sizeof(*g->dev));
	for (i = 0; i < n; i++) {
		struct vg_gdev *d = &g->dev[i];

		d->row = val_int(res, i, 0);
		d->code = val_dup(res, i, 1);
		d->type = (int)val_int(res, i, 2);
		d->face = (int)val_int(res, i, 3);
		d->watches = (int)val_int(res, i, 4);
		d->x = PQgetisnull(res, i, 5) ? 0 : val_real(res, i, 5);
		d->y = PQgetisnull(res, i, 6) ? 0 : val_real(res, i, 6);
		d->offset = val_int(res, i, 7);
		d->corrected = (int)val_int(res, i, 8);
		if (d->row >= 0 && d->row <= maxid)
			g->index[d->row] = i;
		g->ndev = (size_t)i + 1;
	}
	PQclear(res);
	if ((res = run(ar, "SELECT a, b, min, max, directed FROM link ORDER BY"
	    " a, b", NULL, err, "reading the device graph")) == NULL)
		goto fail;
	n = PQntuples(res);
	g->link = xcalloc((size_t)n + 1, sizeof(*g->link));
	for (i = 0; i < n; i++) {
		struct vg_glink *l = &g->link[i];

		l->a = g->index[val_int(res, i, 0)];
		l->b = g->index[val_int(res, i, 1)];
		l->min = (int)val_int(res, i, 2);
		l->max = (int)val_int(res, i, 3);
		l->directed = (int)val_int(res, i, 4);
	}
	g->nlink = (size_t)n;
	PQclear(res);
	return 0;
fail:
	vg_graph_free(g);
	return -1;
}

/* An observation from row i of a read of OBS_GATE or OBS_SIGHTING. */
static void
obs_row(const PGresult *res, int i, const struct vg_graph *g,
    struct vg_obs *o)
{
	int64_t	row;
	size_t	cap = 0;

	memset(o, 0, sizeof(*o));
	o->type = (int)val_int(res, i, 0);
	o->id = val_int(res, i, 1);
	row = val_int(res, i, 2);
	o->dev = row >= 0 && (size_t)row < g->nindex ? g->index[row] : 0;
	o->track = val_dup(res, i, 3);
	o->raw = val_int(res, i, 4);
	o->first = o->raw - g->dev[o->dev].offset;
	o->last = val_int(res, i, 5) - g->dev[o->dev].offset;
	o->person = val_dup(res, i, 6);
	o->score = val_real(res, i, 7);
	o->upper = (int)val_int(res, i, 8);
	o->lower = (int)val_int(res, i, 9);
	o->sex = vg_ar_attr_sex(val(res, i, 10));
	o->attrs = val_dup(res, i, 10);
	o->credential = (int)val_int(res, i, 11);
	o->direction = (int)val_int(res, i, 12);
	o->embdim = vec_hex(val(res, i, 13), &o->emb, &cap);
	if (o->embdim == 0) {
		free(o->emb);
		o->emb = NULL;
	}
	o->source = val_dup(res, i, 14);
	o->line = val_int(res, i, 15);
	o->vehicle = (int)val_int(res, i, 16);
	o->plate = val_dup(res, i, 17);
}

#define OBS_SIGHTING "SELECT 2, v.id, v.camera, v.track, v.first, v.last," \
	" v.person, v.score, v.upper, v.lower, v.attrs, 0, 0, v.embedding," \
	" s.path, v.line, coalesce(v.kind = 3, false)::int, v.plate FROM" \
	" sighting v JOIN source s ON s.id = v.source"
#define OBS_FIRST	4		/* the time's column of both */
#define OBS_PERSON	6		/* the person's column of both */
/* the columns of both, named */
#define OBS_COLS "o(type, id, dev, track, first, last, person, score," \
	" upper, lower, attrs, credential, direction, embedding, path, line," \
	" vehicle, plate)"
#define OBS_GATE "SELECT 1, g.id, g.gate, NULL, g.t, g.t, g.person," \
	" g.score, 0, 0, NULL, g.credential, g.direction, NULL::bytea," \
	" s.path, g.line, (g.credential = 3 OR g.plate IS NOT NULL OR" \
	" coalesce(d.kind = 'vehicle', false))::int, g.plate FROM gate_event" \
	" g JOIN source s ON s.id = g.source JOIN device d ON d.id = g.gate"

/* the same columns without the source's JOIN and the text columns
 * tracking does not score (track, path, line; the attributes give the
 * sex) */
#define OBS_SIGHTING_LEAN "SELECT 2, v.id, v.camera, NULL, v.first," \
	" v.last, v.person, v.score, v.upper, v.lower, v.attrs, 0, 0," \
	" v.embedding, NULL, 0, coalesce(v.kind = 3, false)::int, v.plate" \
	" FROM sighting v"
#define OBS_GATE_LEAN "SELECT 1, g.id, g.gate, NULL, g.t, g.t, g.person," \
	" g.score, 0, 0, NULL, g.credential, g.direction, NULL::bytea," \
	" NULL, 0, (g.credential = 3 OR g.plate IS NOT NULL OR" \
	" coalesce(d.kind = 'vehicle', false))::int, g.plate FROM gate_event" \
	" g JOIN device d ON d.id = g.gate"

struct obsrun {
	const struct vg_graph *g;	/* the graph */
	vg_obs_fn	 fn;		/* the caller's */
	void		*arg;		/* its argument */
	int64_t		 lo, hi;	/* corrected first seen kept, or
					   VG_TIME_NONE */
	int		 rc;		/* what fn said last */
};

static int
obs_batch(struct vg_archive *ar, const PGresult *res, void *arg)
{
	struct obsrun	*or = arg;
	struct vg_obs	 o;
	int		 i;

	(void)ar;
	for (i = 0; i < PQntuples(res); i++) {
		obs_row(res, i, or->g, &o);
		if (or->lo == VG_TIME_NONE || (o.first >= or->lo &&
		    o.first <= or->hi))
			or->rc = or->fn(&o, or->arg);
		vg_obs_free(&o);
		if (or->rc != 0)
			return 1;
	}
	return 0;
}

/* The observations sql reads, to fn: 1 stopped by fn, 0, -1. */
static int
obs_read(struct vg_archive *ar, const struct vg_graph *g, const char *sql,
    const struct params *p, int64_t lo, int64_t hi, vg_obs_fn fn, void *arg,
    struct vg_error *err, const char *what)
{
	struct obsrun	 or = { g, fn, arg, lo, hi, 0 };
	PGresult	*res;
	int		 rc;

	/* a short read (a window) whole; fn may ask the archive again */
	if ((res = run(ar, sql, p, err, what)) == NULL)
		return -1;
	rc = obs_batch(ar, res, &or);
	PQclear(res);
	return or.rc < 0 ? -1 : rc;
}

/* The people gate windows name, kept for their looks' next batch. */
#define NAMED_MAX	8192

struct named {
	struct pg_archive *pg;		/* the archive */
	vg_obs_fn	 fn;		/* the caller's */
	void		*arg;		/* its argument */
};

static int
named_one(const struct vg_obs *o, void *arg)
{
	struct named	*nm = arg;
	struct keyset	*ks = &nm->pg->named;

	if (o->person != NULL && key_slot(&nm->pg->looked, o->person,
	    0) == NULL) {
		/* the newest people when there are too many */
		if (ks->used >= NAMED_MAX)
			keys_free(ks);
		key_slot(ks, o->person, 1);
	}
	return nm->fn(o, nm->arg);
}

/*
 * The windows a tracker asks of a device grow a little at a time (its
 * cache's edges: 860 statements for a path on a district's morning, a
 * round trip each): a device's rows are read AHEAD beyond the window
 * asked, each way, and the next windows inside them answered from them.
 * Windows wider than AHEAD_WIDE (a device's whole day) are read alone;
 * past AHEAD_ROWS rows kept, all are forgotten.  Rows by time, then id,
 * so that a window read from a wider one is in the same order.
 */
#define AHEAD		(INT64_C(300) * 1000000)
#define AHEAD_WIDE	(INT64_C(3600) * 1000000)
#define AHEAD_ROWS	1000000

static void
ahead_clear(struct pg_archive *pg)
{
	size_t	i;

	for (i = 0; i < pg->nahead; i++) {
		PQclear(pg->ahead[i].res);
		pg->ahead[i].res = NULL;
	}
	pg->aheadrows = 0;
}

static void
ahead_forget(struct vg_archive *ar)
{
	struct pg_archive	*pg = PG(ar);

	ahead_clear(pg);
	free(pg->ahead);
	pg->ahead = NULL;
	pg->nahead = 0;
	pg->aheadg = NULL;
}

/* The rows of res from rlo to rhi (as logged) to fn: fn's last answer. */
static int
window_rows(struct pg_archive *pg, const struct vg_graph *g, int dev,
    const PGresult *res, int64_t rlo, int64_t rhi, vg_obs_fn fn, void *arg)
{
	struct named	 nm = { pg, fn, arg };
	struct vg_obs	 o;
	int		 r, b, n, mid, rc = 0;

	n = PQntuples(res);
	for (r = 0, b = n; r < b; ) {
		mid = r + (b - r) / 2;
		if (val_int(res, mid, OBS_FIRST) < rlo)
			r = mid + 1;
		else
			b = mid;
	}
	for (; r < n && rc == 0 && val_int(res, r, OBS_FIRST) <= rhi; r++) {
		obs_row(res, r, g, &o);
		rc = g->dev[dev].type == VG_CAMERA ? fn(&o, arg) :
		    named_one(&o, &nm);
		vg_obs_free(&o);
	}
	return rc;
}

/* A device's rows from lo to hi as logged, by time then id, after the
 * row of time and id last[0] and last[1] (none if NULL), at most limit
 * (0: all); lean, without the columns tracking does not score. */
static PGresult *
window_read(struct vg_archive *ar, const struct vg_gdev *d, int64_t lo,
    int64_t hi, const int64_t *last, int limit, int lean,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	struct vg_buf	 sql = { NULL, 0, 0 };
	const char	*t = d->type == VG_CAMERA ? "v.first" : "g.t";
	PGresult	*res;

	p_int(&p, d->row);
	p_int(&p, lo);
	p_int(&p, hi);
	vg_buf_fmt(&sql, "%s WHERE %s = $1 AND %s BETWEEN $2 AND $3",
	    d->type == VG_CAMERA ? (lean ? OBS_SIGHTING_LEAN : OBS_SIGHTING) :
	    (lean ? OBS_GATE_LEAN : OBS_GATE), d->type == VG_CAMERA ?
	    "v.camera" : "g.gate", t);
	if (last != NULL) {
		p_int(&p, last[0]);
		p_int(&p, last[1]);
		vg_buf_fmt(&sql, " AND %s >= $4 AND (%s, %s) > ($4, $5)", t, t,
		    d->type == VG_CAMERA ? "v.id" : "g.id");
	}
	vg_buf_fmt(&sql, " ORDER BY %s, %s", t, d->type == VG_CAMERA ?
	    "v.id" : "g.id");
	if (limit > 0) {
		p_int(&p, limit);
		vg_buf_fmt(&sql, " LIMIT $%d", p.n);
	}
	res = kept_text(ar, sql.s, &p, err, "reading observations");
	p_free(&p);
	free(sql.s);
	return res;
}

/*
 * A device's rows in a window, by time then id.  Windows wider than
 * AHEAD_WIDE are read a page at a time: a caller that wants a device's
 * first row asks from the beginning of time to its end (vigil-skew), and
 * a server would send all of them at once.  The first page is of
 * WINDOW_FIRST rows, each next one WINDOW_GROW times the last, to
 * WINDOW_PAGE: vigil-skew's gauge reads a device's first row, then slot
 * by slot at most PROBE + 1 (9) rows from a slot's start, where a page
 * of 2048 rows sent 200,000 rows it did not read for t0710's world
 * (bench/README.md, "pg19b").
 */
#define WINDOW_FIRST	16
#define WINDOW_GROW	8
#define WINDOW_PAGE	2048

/*
 * The rows read ahead and the looks read in batches are this
 * connection's copies: another process's import or drop committed since
 * is not in them (a browser's session lasts hours).  At most once a
 * STALE_CHECK, outside a write of its own (which forgets them itself)
 * and outside a callback over them, the connection reads whether the
 * sources or the spans changed, and if so forgets both.
 */
#define STALE_CHECK	INT64_C(1000000)

static void
forget_if_stale(struct vg_archive *ar)
{
	stale_check(ar, 0, 0);
}

/* The spans' days forgotten. */
static void
lday_forget(struct pg_archive *pg)
{
	size_t	i;

	for (i = 0; i < pg->nlday; i++)
		free(pg->lday[i].suffix);
	free(pg->lday);
	pg->lday = NULL;
	pg->nlday = 0;
}

/* The key of the sources and spans (forget_if_stale), and with days the
 * spans' days into lday, in one statement: the key, or -1. */
#define STALE_KEY	"(SELECT coalesce(max(id), 0) FROM source) * 1000003 +" \
	" (SELECT count(*) FROM span)"

static int64_t
stale_key(struct vg_archive *ar, int days, PGresult **devs)
{
	struct pg_archive	*pg = PG(ar);
	PGresult		*res = NULL, *r;
	struct lday		*d;
	const char		*c;
	char			*sql;
	int64_t			 key = -1;
	int			 i, k;

	if (!days && devs == NULL)
		return scalar(ar, "SELECT " STALE_KEY, NULL, -1);
	if (days)
		lday_forget(pg);
	/* with devs, the devices' map in the same round trip (a session's
	 * first query), and the clock corrections that bound a lean
	 * statement's raw times (lean_run: read with its rows too, it would
	 * run again when the archive has any) */
	xasprintf(&sql, "%s%s", days ? "SELECT -1::bigint, " STALE_KEY ","
	    " NULL::bigint, NULL::text, NULL::bool, NULL::bool UNION ALL"
	    " SELECT id, start, stop, suffix, gates IS NOT NULL, sightings IS"
	    " NOT NULL FROM span" : "SELECT -1::bigint, " STALE_KEY, devs !=
	    NULL ? "; " LDEV_SQL "; SELECT 0, shift, NULL, device FROM"
	    " clock_correction" : "");
	i = PQsendQuery(pg->conn, sql);
	free(sql);
	while (i == 1 && (r = PQgetResult(pg->conn)) != NULL) {
		if (PQresultStatus(r) != PGRES_TUPLES_OK)
			PQclear(r);
		else if (res == NULL)
			res = r;
		else if (devs != NULL && *devs == NULL)
			*devs = r;
		else {
			if (devs != NULL)
				lean_inline(r, &pg->lcorr);
			PQclear(r);
		}
	}
	if (res == NULL)
		return -1;
	if (!days) {
		key = PQntuples(res) == 1 ? val_int(res, 0, 1) : -1;
		PQclear(res);
		return key;
	}
	pg->lday = xcalloc((size_t)PQntuples(res) + 1, sizeof(*pg->lday));
	for (i = 0; i < PQntuples(res); i++) {
		if (val_int(res, i, 0) == -1) {
			key = val_int(res, i, 1);
			continue;
		}
		d = &pg->lday[pg->nlday++];
		d->id = val_int(res, i, 0);
		d->start = val_int(res, i, 1);
		d->end = val_int(res, i, 2);
		/* named in a statement: a plain name only */
		d->suffix = val_dup(res, i, 3);
		for (c = d->suffix; c != NULL && *c != '\0'; c++)
			if (!isalnum((unsigned char)*c) && *c != '_')
				break;
		for (k = 0; k < NKIND; k++)
			d->has[k] = c != NULL && *c == '\0' &&
			    strcmp(val(res, i, 4 + k), "t") == 0;
	}
	PQclear(res);
	return key;
}

/* forget_if_stale; with days, the spans' days read too when not known
 * (lean_sql names the tables of a gate's or camera's hours), in the
 * same statement. */
static void
stale_check(struct vg_archive *ar, int days, int devices)
{
	struct pg_archive	*pg = PG(ar);
	struct timespec		 ts;
	PGresult		*devs = NULL;
	int64_t			 now, key;
	int			 read;

	if (pg->intx || pg->inrows > 0 ||
	    clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return;
	now = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	read = days && pg->lday == NULL;
	if (pg->staleat != 0 && now - pg->staleat < STALE_CHECK && !read)
		return;
	key = stale_key(ar, read, devices && pg->ldev == NULL ? &devs : NULL);
	if (pg->staleat != 0 && key != pg->stalekey) {
		looks_forget(ar);
		ahead_forget(ar);
		lean_forget(pg, 0);
		/* the days read before are stale too */
		if (!read && pg->lday != NULL) {
			lday_forget(pg);
			if (days)
				key = stale_key(ar, 1, NULL);
		}
	}
	/* read after the forgetting: as the archive is now */
	if (devs != NULL)
		(void)ldev_fill(pg, devs);
	pg->staleat = now;
	pg->stalekey = key;
}

static int
window_get(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t lo, int64_t hi, int lean, vg_obs_fn fn, void *arg,
    struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	const struct vg_gdev	*d = &g->dev[dev];
	struct ahead		*a, kept;
	PGresult		*res;
	int64_t			 rlo = lo + d->offset, rhi = hi + d->offset;
	int64_t			 last[2];
	int			 n, rc = 0, page = 0, limit = WINDOW_FIRST;

	forget_if_stale(ar);
	if (rhi - rlo > AHEAD_WIDE) {
		for (;;) {
			if ((res = window_read(ar, d, rlo, rhi, page++ ? last :
			    NULL, limit, lean, err)) == NULL)
				return -1;
			if ((n = PQntuples(res)) > 0) {
				last[0] = val_int(res, n - 1, OBS_FIRST);
				last[1] = val_int(res, n - 1, 1);
			}
			rc = window_rows(pg, g, dev, res, rlo, rhi, fn, arg);
			PQclear(res);
			if (rc != 0 || n < limit)
				break;
			if ((limit *= WINDOW_GROW) > WINDOW_PAGE)
				limit = WINDOW_PAGE;
		}
		return rc < 0 ? -1 : 0;
	}
	if (pg->aheadg != g || pg->nahead != g->ndev) {
		ahead_forget(ar);
		pg->ahead = xcalloc(g->ndev, sizeof(*pg->ahead));
		pg->nahead = g->ndev;
		pg->aheadg = g;
	}
	a = &pg->ahead[dev];
	if (a->res == NULL || a->row != d->row || a->lean != lean ||
	    rlo < a->lo || rhi > a->hi) {
		if (a->res != NULL) {
			pg->aheadrows -= PQntuples(a->res);
			PQclear(a->res);
			a->res = NULL;
		}
		if (pg->aheadrows > AHEAD_ROWS)
			ahead_clear(pg);
		a->row = d->row;
		a->lean = lean;
		a->lo = rlo - AHEAD;
		a->hi = rhi + AHEAD;
		if ((a->res = window_read(ar, d, a->lo, a->hi, NULL, 0, lean,
		    err)) == NULL)
			return -1;
		pg->aheadrows += PQntuples(a->res);
	}
	/* the rows are this call's while fn runs: fn may read the archive */
	kept = *a;
	a->res = NULL;
	pg->aheadrows -= PQntuples(kept.res);
	pg->inrows++;
	rc = window_rows(pg, g, dev, kept.res, rlo, rhi, fn, arg);
	pg->inrows--;
	if (pg->aheadg == g && pg->ahead[dev].res == NULL) {
		pg->ahead[dev] = kept;
		pg->aheadrows += PQntuples(kept.res);
	} else
		PQclear(kept.res);
	return rc < 0 ? -1 : 0;
}

static int
pg_window(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t lo, int64_t hi, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	return window_get(ar, g, dev, lo, hi, 0, fn, arg, err);
}

static int
pg_window_lean(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t lo, int64_t hi, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	return window_get(ar, g, dev, lo, hi, 1, fn, arg, err);
}

/*
 * A device's slots counted by the server in one statement (the slots op):
 * by windows, vigil-skew's gauge asked a statement a slot, 1,668 of them
 * for t0710's world (bench/README.md, "pg19b").  The times as corrected
 * (the logged less the device's offset), each slot's counted up to the
 * cap in time order, as vg_slots_by_window counts them.
 */
static int
pg_slots(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t t0, int64_t lo, int64_t width, int cap, vg_slot_fn fn, void *arg,
    struct vg_error *err)
{
	const struct vg_gdev	*d = &g->dev[dev];
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	int		 r, n;

	p_int(&p, d->row);
	p_int(&p, t0 + d->offset);
	p_int(&p, width);
	p_int(&p, cap);
	p_int(&p, d->offset);
	p_int(&p, lo + d->offset);
	res = kept_text(ar, d->type == VG_CAMERA ?
	    "SELECT k, least(count(*), $4), (array_agg(t ORDER BY t))"
	    "[least(count(*), $4)] FROM (SELECT (v.first - $2) / $3 AS k,"
	    " v.first - $5 AS t FROM sighting v WHERE v.camera = $1 AND"
	    " v.first >= $6) x GROUP BY k ORDER BY k" :
	    "SELECT k, least(count(*), $4), (array_agg(t ORDER BY t))"
	    "[least(count(*), $4)] FROM (SELECT (g.t - $2) / $3 AS k,"
	    " g.t - $5 AS t FROM gate_event g WHERE g.gate = $1 AND"
	    " g.t >= $6) x GROUP BY k ORDER BY k", &p, err,
	    "counting observations");
	p_free(&p);
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	for (r = 0; r < n; r++)
		if (fn(val_int(res, r, 0), (int)val_int(res, r, 1),
		    val_int(res, r, 2), arg) != 0)
			break;
	PQclear(res);
	return 0;
}

/*
 * A device's windows in one statement (the windows op), each through the
 * device's index, a lateral read for each of the windows' array: vigil-skew's sample
 * read t0710's world a 10-minute window a statement, some 1,800 of them
 * (bench/README.md, "pg19b").  Rows by time then id, each window's to fn
 * as window_get gives them.
 */
static int
pg_windows(struct vg_archive *ar, const struct vg_graph *g, int dev,
    const int64_t *lo, const int64_t *hi, size_t n, vg_obs_fn fn, void *arg,
    struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	const struct vg_gdev	*d = &g->dev[dev];
	struct params	 p = { { NULL }, 0 };
	struct vg_buf	 a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	struct vg_buf	 sql = { NULL, 0, 0 };
	PGresult	*res;
	size_t		 k;
	int		 rc = 0;

	if (n == 0)
		return 0;
	if (n == 1)
		return window_get(ar, g, dev, lo[0], hi[0], 0, fn, arg, err);
	forget_if_stale(ar);
	for (k = 0; k < n; k++) {
		vg_buf_fmt(&a, "%s%lld", k ? "," : "{", (long long)(lo[k] +
		    d->offset));
		vg_buf_fmt(&b, "%s%lld", k ? "," : "{", (long long)(hi[k] +
		    d->offset));
	}
	vg_buf_fmt(&a, "}");
	vg_buf_fmt(&b, "}");
	p_int(&p, d->row);
	p_int(&p, lo[0] + d->offset);
	p_int(&p, hi[n - 1] + d->offset);
	p_add(&p, a.s);
	p_add(&p, b.s);
	/* (OFFSET 0: each window through the index, not the device's rows
	 * from the first to the last filtered by them) */
	vg_buf_fmt(&sql, "SELECT x.* FROM unnest($4::bigint[], $5::bigint[])"
	    " w(lo, hi), LATERAL (%s WHERE %s = $1 AND %s BETWEEN w.lo AND"
	    " w.hi AND %s BETWEEN $2 AND $3 OFFSET 0) x ORDER BY 5, 2",
	    d->type == VG_CAMERA ? OBS_SIGHTING : OBS_GATE, d->type ==
	    VG_CAMERA ? "v.camera" : "g.gate", d->type == VG_CAMERA ?
	    "v.first" : "g.t", d->type == VG_CAMERA ? "v.first" : "g.t");
	res = kept_text(ar, sql.s, &p, err, "reading observations");
	p_free(&p);
	free(sql.s);
	if (res == NULL)
		return -1;
	pg->inrows++;
	for (k = 0; k < n && rc >= 0; k++)
		rc = window_rows(pg, g, dev, res, lo[k] + d->offset, hi[k] +
		    d->offset, fn, arg);
	pg->inrows--;
	PQclear(res);
	return rc < 0 ? -1 : 0;
}

static int
pg_vehicle_devices(struct vg_archive *ar, const struct vg_graph *g, int *vdev,
    struct vg_error *err)
{
	PGresult	*res;
	int64_t		 row;
	int		 i;

	memset(vdev, 0, g->ndev * sizeof(*vdev));
	/* each device's plates through the partial plate indexes */
	if ((res = run(ar, "SELECT id FROM device d WHERE kind = 'vehicle' OR"
	    " EXISTS (SELECT 1 FROM gate_event WHERE gate = d.id AND plate IS"
	    " NOT NULL) OR EXISTS (SELECT 1 FROM sighting WHERE camera = d.id"
	    " AND plate IS NOT NULL)", NULL, err,
	    "finding the vehicle devices")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		row = val_int(res, i, 0);
		if (row >= 0 && (size_t)row < g->nindex && g->index[row] >= 0)
			vdev[g->index[row]] = 1;
	}
	PQclear(res);
	return 0;
}

static int
pg_sighting(struct vg_archive *ar, const struct vg_graph *g,
    const char *camera, const char *track, struct vg_obs *o,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	int		 n;

	p_str(&p, camera);
	p_str(&p, track);
	res = run(ar, OBS_SIGHTING " JOIN device d ON d.id = v.camera WHERE"
	    " d.code = $1 AND v.track = $2 ORDER BY v.first", &p, err,
	    "finding a sighting");
	p_free(&p);
	if (res == NULL)
		return -1;
	if ((n = PQntuples(res)) > 1) {
		vg_error_set(err, "%s:%s names %d sightings (the track number"
		    " was used again in another file)",
		    camera, track, n);
		PQclear(res);
		return -2;
	}
	if (n == 1)
		obs_row(res, 0, g, o);
	PQclear(res);
	return n;
}

static int
pg_identity(struct vg_archive *ar, const struct vg_graph *g,
    const char *person, int64_t lo, int64_t hi, vg_obs_fn fn, void *arg,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	struct vg_buf	 sql = { NULL, 0, 0 };
	char		*cards;
	int		 rc;

	p_str(&p, person);
	p_int(&p, lo);
	p_int(&p, hi);
	/* as vigil-query --person: a badge of his read where the gate named
	 * no one is his too; the window is on corrected times */
	vg_buf_fmt(&sql, "SELECT * FROM (" OBS_GATE " WHERE true");
	cards = person_cards(ar, person);
	person_term(&sql, &p, 1, cards);
	free(cards);
	vg_buf_fmt(&sql, " AND g.t BETWEEN $2::bigint - 600000000 AND"
	    " $3::bigint + 600000000 UNION ALL " OBS_SIGHTING " WHERE v.person"
	    " = $1 AND v.first BETWEEN $2::bigint - 600000000 AND $3::bigint +"
	    " 600000000) " OBS_COLS " ORDER BY first");
	rc = obs_read(ar, g, sql.s, &p, lo, hi, fn, arg, err,
	    "reading an identity");
	p_free(&p);
	free(sql.s);
	return rc < 0 ? -1 : 0;
}

/* The looks read, forgotten. */
static void
looks_forget(struct vg_archive *ar)
{
	struct pg_archive	*pg = PG(ar);

	while (pg->nlookres > 0)
		PQclear(pg->lookres[--pg->nlookres]);
	free(pg->lookres);
	pg->lookres = NULL;
	keys_free(&pg->looked);
	pg->lookg = NULL;
}

/*
 * Read the looks of person and of the people gate windows named since
 * the last batch, in one statement (a tracker asks for the look of each
 * person a candidate gate event names: 5,300 statements for one path on
 * a district's morning, a round trip each).  Each person's rows, ordered
 * by first seen, are kept in the batch's result; looked says where.
 * Of each row only the type, id, device, times, person and vector.
 */
static int
looks_read(struct vg_archive *ar, const char *person, int64_t lo,
    int64_t hi, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct params		 p = { { NULL }, 0 };
	struct vg_buf		 b = { NULL, 0, 0 };
	PGresult		*res;
	const char		*who, *c;
	size_t			 i, k;
	int			 r;

	key_slot(&pg->named, person, 1);
	vg_buf_add(&b, "{", 1);
	for (i = k = 0; i < pg->named.n; i++) {
		if ((who = pg->named.key[i]) == NULL ||
		    key_slot(&pg->looked, who, 0) != NULL)
			continue;
		vg_buf_add(&b, k ? ",\"" : "\"", k ? 2 : 1);
		k++;
		for (c = who; *c; c++) {
			if (*c == '"' || *c == '\\')
				vg_buf_add(&b, "\\", 1);
			vg_buf_add(&b, c, 1);
		}
		vg_buf_add(&b, "\"", 1);
	}
	vg_buf_add(&b, "}", 1);
	p_add(&p, b.s);
	p_int(&p, lo);
	p_int(&p, hi);
	/* prepared once a session; a look's columns only (the vector, the
	 * device and times), not the source's JOIN */
	res = run_prepared(ar, "vigil_looks", "SELECT 2, v.id, v.camera,"
	    " NULL, v.first, v.last, v.person, NULL, 0, 0, NULL, 0, 0,"
	    " v.embedding, NULL, 0, 0, NULL FROM sighting v WHERE v.person ="
	    " ANY ($1::text[]) AND v.first BETWEEN $2 AND $3 AND v.embedding"
	    " IS NOT NULL ORDER BY v.person, v.first, v.id", &p);
	p_free(&p);
	if (res == NULL) {
		pgerr_as(ar, err, "reading a look", NULL, 1);
		return -1;
	}
	/* everyone asked is looked up, with or without rows */
	for (i = 0; i < pg->named.n; i++)
		if ((who = pg->named.key[i]) != NULL &&
		    key_slot(&pg->looked, who, 0) == NULL)
			*key_slot(&pg->looked, who, 1) = -1;
	keys_free(&pg->named);
	for (r = 0; r < PQntuples(res); r++)
		if (r == 0 || strcmp(PQgetvalue(res, r, OBS_PERSON),
		    PQgetvalue(res, r - 1, OBS_PERSON)) != 0)
			*key_slot(&pg->looked, PQgetvalue(res, r, OBS_PERSON),
			    1) = (int64_t)pg->nlookres << 32 | r;
	pg->lookres = xreallocarray(pg->lookres, pg->nlookres + 1,
	    sizeof(*pg->lookres));
	pg->lookres[pg->nlookres++] = res;
	return 0;
}

/* A person's sightings with a vector, first seen from lo to hi as logged,
 * by first seen: from the looks read in batches (looks_read). */
static int
pg_person_looks(struct vg_archive *ar, const struct vg_graph *g,
    const char *person, int64_t lo, int64_t hi, vg_obs_fn fn, void *arg,
    struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	const PGresult		*res;
	struct vg_obs		 o;
	int64_t			*slot;
	int			 r, rc;

	forget_if_stale(ar);
	if (pg->lookg != g || pg->looklo != lo || pg->lookhi != hi) {
		looks_forget(ar);
		pg->lookg = g;
		pg->looklo = lo;
		pg->lookhi = hi;
	}
	if ((slot = key_slot(&pg->looked, person, 0)) == NULL) {
		if (looks_read(ar, person, lo, hi, err) == -1)
			return -1;
		slot = key_slot(&pg->looked, person, 0);
	}
	if (*slot < 0)
		return 0;
	res = pg->lookres[*slot >> 32];
	for (r = (int)(*slot & 0xffffffff); r < PQntuples(res) &&
	    strcmp(PQgetvalue(res, r, OBS_PERSON), person) == 0; r++) {
		obs_row(res, r, g, &o);
		pg->inrows++;
		rc = fn(&o, arg);
		pg->inrows--;
		vg_obs_free(&o);
		if (rc != 0)
			return rc < 0 ? -1 : 1;
	}
	return 0;
}

/*
 * A read held (vg_ar_hold): one transaction from on to off, at
 * repeatable read, so that the statements between see one snapshot; a
 * cursor is then declared within it, not in a transaction of its own.
 */
static int
pg_hold(struct vg_archive *ar, int on, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);

	if (!on) {
		if (pg->held == 0 || --pg->held > 0 || !pg->heldtx)
			return 0;
		pg->heldtx = 0;
		pg->txplan = NULL;
		return exec(ar, "COMMIT", NULL, err, "ending a read");
	}
	if (pg->held++ > 0 || pg->intx || pg->inbatch)
		return 0;
	if (exec(ar, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL,
	    err, "holding a read") == -1) {
		pg->held = 0;
		return -1;
	}
	pg->heldtx = 1;
	return 0;
}

static int
pg_set_offset(struct vg_archive *ar, const char *device, int64_t offset,
    const char *method, int64_t support, int64_t uncertainty,
    const char *note, struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	int		 rc;

	if (vg_ar_device(ar, device, strlen(device), VG_CAMERA) <= 0 &&
	    vg_ar_device(ar, device, strlen(device), VG_GATE) <= 0) {
		vg_error_set(err, "unknown device '%s'", device);
		return -1;
	}
	p_str(&p, device);
	if (method == NULL)
		rc = exec(ar, "DELETE FROM clock_correction WHERE device ="
		    " (SELECT id FROM device WHERE code = $1)", &p, err,
		    "clock correction");
	else {
		p_int(&p, offset);
		p_str(&p, method);
		p_int(&p, support);
		p_int(&p, uncertainty);
		p_str(&p, note);
		p_int(&p, vg_now());
		rc = exec(ar, "INSERT INTO clock_correction (device, shift,"
		    " method, support, uncertainty, note, set_at) SELECT id, $2,"
		    " $3, $4, $5, $6, $7 FROM device WHERE code = $1 ON CONFLICT"
		    " (device) DO UPDATE SET shift = $2, method = $3, support ="
		    " $4, uncertainty = $5, note = $6, set_at = $7", &p, err,
		    "clock correction");
	}
	p_free(&p);
	return rc;
}

static int
pg_offsets(struct vg_archive *ar, vg_offset_fn fn, void *arg,
    struct vg_error *err)
{
	PGresult		*res;
	struct vg_offset	 o;
	int			 i, rc = 0;

	if ((res = run(ar, "SELECT d.code, c.shift, c.method, c.support,"
	    " c.uncertainty, c.note, c.set_at FROM clock_correction c JOIN"
	    " device d ON d.id = c.device ORDER BY d.code COLLATE \"C\"", NULL,
	    err, "clock corrections")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res) && rc == 0; i++) {
		o.device = val(res, i, 0);
		o.offset = val_int(res, i, 1);
		o.method = val(res, i, 2);
		o.support = val_int(res, i, 3);
		o.uncertainty = val_int(res, i, 4);
		o.note = val(res, i, 5);
		o.set_at = val_int(res, i, 6);
		rc = fn(&o, arg);
	}
	PQclear(res);
	return rc < 0 ? -1 : 0;
}

static char *
pg_owner(struct vg_archive *ar, const char *what, const char *value)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	char		*who = NULL;

	p_str(&p, value);
	res = run(ar, strcmp(what, "card") == 0 ? "SELECT person FROM card"
	    " WHERE card = $1 LIMIT 1" : "SELECT person FROM plate WHERE"
	    " plate = $1 LIMIT 1", &p, NULL, "");
	p_free(&p);
	if (res == NULL)
		return NULL;
	if (PQntuples(res) > 0)
		who = val_dup(res, 0, 0);
	PQclear(res);
	return who;
}

static int
pg_person(struct vg_archive *ar, const char *id, char **name,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	int		 n;

	*name = NULL;
	p_str(&p, id);
	res = run(ar, "SELECT name FROM person WHERE id = $1", &p, err,
	    "roster");
	p_free(&p);
	if (res == NULL)
		return -1;
	if ((n = PQntuples(res)) > 0)
		*name = val_dup(res, 0, 0);
	PQclear(res);
	return n > 0;
}

/*
 * Recordings, indexed where they lie, as in the SQLite archive: keyframe
 * offsets kept as little-endian 64-bit microseconds (bytea).
 */
static int
pg_put_recording(struct vg_archive *ar, const struct vg_recording *r,
    struct vg_error *err)
{
	struct pg_archive *pg = PG(ar);
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	struct vg_buf	 kf = { NULL, 0, 0 };
	size_t		 i;
	int		 b, rc = 0;

	p_str(&p, r->camera);
	p_str(&p, r->path);
	if (r->start != VG_TIME_NONE)
		p_int(&p, r->start);
	else
		p_add(&p, NULL);
	if (r->duration >= 0)
		p_int(&p, r->duration);
	else
		p_add(&p, NULL);
	p_str(&p, r->container);
	p_str(&p, r->codec);
	p_code(&p, r->width > 0 ? r->width : 0);
	p_code(&p, r->height > 0 ? r->height : 0);
	p_real(&p, r->fps > 0 ? r->fps : NAN);
	p_int(&p, (int64_t)r->size);
	p_int(&p, r->mtime);
	p_str(&p, r->sha256);
	if (r->nkeyframes > 0) {
		vg_buf_add(&kf, "\\x", 2);
		for (i = 0; i < r->nkeyframes; i++)
			for (b = 0; b < 8; b++)
				vg_buf_fmt(&kf, "%02x", (unsigned)(((uint64_t)
				    r->keyframes[i] >> (8 * b)) & 0xff));
		p_add(&p, kf.s);
	} else
		p_add(&p, NULL);
	p_str(&p, r->status);
	p_str(&p, r->problem);
	p_int(&p, r->indexed);
	if (pg->inbatch && exec(ar, "SAVEPOINT vigil_rec", NULL, err,
	    "recording") == -1) {
		p_free(&p);
		return -1;
	}
	res = run(ar, "INSERT INTO recording (camera, path, start, duration,"
	    " container, codec, width, height, fps, size, mtime, sha256,"
	    " keyframes, status, problem, indexed) SELECT id, $2, $3, $4, $5,"
	    " $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16 FROM device"
	    " WHERE code = $1 AND type = 2 ON CONFLICT (path) DO UPDATE SET"
	    " camera = excluded.camera, start = excluded.start,"
	    " duration = excluded.duration, container = excluded.container,"
	    " codec = excluded.codec, width = excluded.width,"
	    " height = excluded.height, fps = excluded.fps,"
	    " size = excluded.size, mtime = excluded.mtime,"
	    " sha256 = excluded.sha256, keyframes = excluded.keyframes,"
	    " status = excluded.status, problem = excluded.problem,"
	    " indexed = excluded.indexed", &p, err, "recording");
	p_free(&p);
	if (res != NULL && strcmp(PQcmdTuples(res), "0") == 0) {
		vg_error_set(err, "'%s': unknown camera '%s'", ar->path,
		    r->camera);
		rc = -1;
	}
	if (res == NULL)
		rc = -1;
	PQclear(res);
	/* in a batch: the recording whole or not at all, the others kept */
	if (pg->inbatch)
		PQclear(PQexec(pg->conn, rc == 0 ? "RELEASE SAVEPOINT"
		    " vigil_rec" : "ROLLBACK TO SAVEPOINT vigil_rec"));
	return rc;
}

/*
 * A writer's batch (vg_ar_batch): one transaction for a run's many small
 * writes, so that a server commits (and syncs its log) once a batch, not
 * at every statement; what runs in it begins and ends nothing of its own.
 */
static int
pg_batch(struct vg_archive *ar, int how, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	int			 rc;

	if (how == 1) {
		if (pg->inbatch || pg->intx || pg->heldtx)
			return 0;
		if (exec(ar, "BEGIN READ WRITE", NULL, err, "recordings") ==
		    -1)
			return -1;
		pg->inbatch = 1;
		return 0;
	}
	if (!pg->inbatch)
		return 0;
	pg->inbatch = 0;
	if (how == -1) {
		PQclear(PQexec(pg->conn, "ROLLBACK"));
		return 0;
	}
	if (PQtransactionStatus(pg->conn) == PQTRANS_INERROR) {
		PQclear(PQexec(pg->conn, "ROLLBACK"));
		vg_error_set(err, "'%s': recordings: a statement failed, the"
		    " batch was undone", ar->path);
		return -1;
	}
	rc = exec(ar, "COMMIT", NULL, err, "recordings");
	return rc;
}

/* What the archive holds of a recording: 1 if it has one, 0 if not. */
static int
pg_recording_find(struct vg_archive *ar, const char *path, uint64_t *size,
    int64_t *mtime, char *sha256, struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	int		 found;

	p_str(&p, path);
	res = run(ar, "SELECT size, mtime, sha256 FROM recording WHERE"
	    " path = $1", &p, err, "recording");
	p_free(&p);
	if (res == NULL)
		return -1;
	if ((found = PQntuples(res) > 0)) {
		*size = (uint64_t)val_int(res, 0, 0);
		*mtime = val_int(res, 0, 1);
		snprintf(sha256, VG_SHA256_HEX, "%s", PQgetvalue(res, 0, 2));
	}
	PQclear(res);
	return found;
}

/*
 * A camera's recordings (every camera's when camera is NULL) that overlap
 * from to to, either of which may be VG_TIME_NONE, in time order; those
 * without a start only when neither is given.
 */
static int
pg_recordings(struct vg_archive *ar, const char *camera, int64_t from,
    int64_t to, vg_recording_fn fn, void *arg, struct vg_error *err)
{
	struct params		 p = { { NULL }, 0 };
	PGresult		*res;
	struct vg_recording	 r;
	unsigned char		*blob;
	int64_t			*kf = NULL;
	size_t			 nkf, len;
	int			 i, rc = 0;

	p_str(&p, camera);
	if (from != VG_TIME_NONE)
		p_int(&p, from);
	else
		p_add(&p, NULL);
	if (to != VG_TIME_NONE)
		p_int(&p, to);
	else
		p_add(&p, NULL);
	res = run(ar, "SELECT d.code, r.path, r.start, r.duration,"
	    " r.container, r.codec, r.width, r.height, r.fps, r.size, r.mtime,"
	    " r.sha256, r.keyframes, r.status, r.problem, r.indexed"
	    " FROM recording r JOIN device d ON d.id = r.camera"
	    " WHERE ($1::text IS NULL OR d.code = $1)"
	    " AND ($2::bigint IS NULL OR r.start + coalesce(r.duration, 0) >="
	    " $2) AND ($3::bigint IS NULL OR r.start <= $3)"
	    " AND (($2::bigint IS NULL AND $3::bigint IS NULL) OR r.start IS"
	    " NOT NULL)"
	    " ORDER BY d.code COLLATE \"C\", r.start IS NULL, r.start,"
	    " r.path COLLATE \"C\"", &p, err, "recordings");
	p_free(&p);
	if (res == NULL)
		return -1;
	for (i = 0; i < PQntuples(res) && rc == 0; i++) {
		memset(&r, 0, sizeof(r));
		r.camera = val(res, i, 0);
		r.path = val(res, i, 1);
		r.start = PQgetisnull(res, i, 2) ? VG_TIME_NONE :
		    val_int(res, i, 2);
		r.duration = PQgetisnull(res, i, 3) ? -1 : val_int(res, i, 3);
		r.container = val(res, i, 4);
		r.codec = val(res, i, 5);
		r.width = (int)val_int(res, i, 6);
		r.height = (int)val_int(res, i, 7);
		r.fps = PQgetisnull(res, i, 8) ? 0 : val_real(res, i, 8);
		r.size = (uint64_t)val_int(res, i, 9);
		r.mtime = val_int(res, i, 10);
		snprintf(r.sha256, sizeof(r.sha256), "%s", PQgetvalue(res, i,
		    11));
		len = 0;
		blob = PQgetisnull(res, i, 12) ? NULL : PQunescapeBytea(
		    (const unsigned char *)PQgetvalue(res, i, 12), &len);
		nkf = vg_ar_keyframes(blob, len, &kf);
		PQfreemem(blob);
		r.keyframes = kf;
		r.nkeyframes = nkf;
		r.status = val(res, i, 13);
		r.problem = val(res, i, 14);
		r.indexed = val_int(res, i, 15);
		rc = fn(&r, arg);
	}
	PQclear(res);
	free(kf);
	return rc < 0 ? -1 : 0;
}

/*
 * Give a recording indexed as from the name to: 1 if done, 0 if there is
 * none by that name or one by the new name already.
 */
static int
pg_recording_rename(struct vg_archive *ar, const char *from, const char *to,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	int		 done;

	p_str(&p, from);
	p_str(&p, to);
	res = run(ar, "UPDATE recording SET path = $2 WHERE path = $1 AND NOT"
	    " EXISTS (SELECT 1 FROM recording WHERE path = $2)", &p, err,
	    "recording");
	p_free(&p);
	if (res == NULL)
		return -1;
	done = strcmp(PQcmdTuples(res), "0") != 0;
	PQclear(res);
	return done;
}

/* Where the recordings lie (vigil-index records it); NULL when none is. */
static int
pg_recordings_root(struct vg_archive *ar, char **root, struct vg_error *err)
{
	PGresult	*res;

	*root = NULL;
	if ((res = run(ar, "SELECT value FROM meta WHERE key ="
	    " 'recordings_root'", NULL, err, "meta")) == NULL)
		return -1;
	if (PQntuples(res) > 0)
		*root = val_dup(res, 0, 0);
	PQclear(res);
	return 0;
}

static int	meta_set(struct vg_archive *, const char *, const char *,
		    struct vg_error *);

static int
pg_set_recordings_root(struct vg_archive *ar, const char *root,
    struct vg_error *err)
{
	return meta_set(ar, "recordings_root", root, err);
}

/* A meta key set to a value. */
static int
meta_set(struct vg_archive *ar, const char *key, const char *value,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	int		 rc;

	p_str(&p, key);
	p_str(&p, value);
	rc = exec_p(ar, "INSERT INTO meta (key, value) VALUES ($1, $2) ON"
	    " CONFLICT (key) DO UPDATE SET value = excluded.value", &p, err,
	    "meta");
	return rc;
}

static int
pg_skew_estimated(struct vg_archive *ar, struct vg_error *err)
{
	char	now[24];

	snprintf(now, sizeof(now), "%lld", (long long)vg_now());
	return meta_set(ar, "skew_estimated", now, err);
}

static int
pg_model_read(struct vg_archive *ar, int lean, char **body,
    struct vg_error *err)
{
	PGresult	*res;
	int		 rc = 0;

	*body = NULL;
	if ((res = run(ar, lean ? "SELECT (body::jsonb - 'links' -"
	    " 'devices')::text FROM model WHERE id = 1" : "SELECT body FROM"
	    " model WHERE id = 1", NULL, err, "reading the site model")) ==
	    NULL)
		return -1;
	if (PQntuples(res) > 0) {
		*body = val_dup(res, 0, 0);
		rc = *body != NULL;
	}
	PQclear(res);
	return rc;
}

static int
pg_model_write(struct vg_archive *ar, int64_t learned, const char *body,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	int		 rc;

	p_int(&p, learned);
	p_str(&p, body);
	rc = exec_p(ar, "INSERT INTO model (id, learned, body) VALUES (1, $1, $2)"
	    " ON CONFLICT (id) DO UPDATE SET learned = $1, body = $2", &p, err,
	    "storing the site model");
	return rc;
}

/* Where the newest n spans holding rows begin, as an instant. */
static int64_t
newest_from(struct vg_archive *ar, size_t n)
{
	char	*sql;
	int64_t	 t;

	xasprintf(&sql, "SELECT coalesce(min(start), 0) FROM (SELECT start"
	    " FROM span WHERE coalesce(gates, 0) + coalesce(sightings, 0) > 0"
	    " ORDER BY start DESC LIMIT %zu) s", n);
	t = scalar(ar, sql, NULL, 0);
	free(sql);
	return t;
}

static int
pg_named(struct vg_archive *ar, const struct vg_graph *g, size_t spans,
    int64_t limit, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	int		 rc;

	p_int(&p, newest_from(ar, spans));
	p_int(&p, limit);
	rc = obs_read(ar, g, "SELECT * FROM (" OBS_GATE " WHERE g.person IS"
	    " NOT NULL AND g.t >= $1 UNION ALL " OBS_SIGHTING " WHERE"
	    " v.person IS NOT NULL AND v.first >= $1) " OBS_COLS " ORDER BY"
	    " person COLLATE \"C\", first LIMIT $2", &p, VG_TIME_NONE, VG_TIME_NONE, fn, arg,
	    err, "reading named observations");
	p_free(&p);
	return rc < 0 ? -1 : 0;
}

/*
 * About n sightings spread evenly over the newest spans spans holding
 * rows, span by span, as the SQLite archive samples them: in each, ids
 * from its first at an even step (a span's ids run without a gap).
 */
static int
pg_sample(struct vg_archive *ar, const struct vg_graph *g, size_t spans,
    int64_t n, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	int64_t		 total = 0, every, want, lo, hi, rows;
	int		 i, rc = 0;

	p_int(&p, newest_from(ar, spans));
	res = run(ar, "SELECT start, stop, sightings FROM span WHERE start >="
	    " $1 AND sightings > 0 ORDER BY start, id", &p, err,
	    "sampling sightings");
	p_free(&p);
	if (res == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++)
		total += val_int(res, i, 2);
	every = n > 0 && total > n ? total / n : 1;
	for (i = 0; i < PQntuples(res) && rc == 0; i++) {
		rows = val_int(res, i, 2);
		p_int(&p, val_int(res, i, 0));
		p_int(&p, val_int(res, i, 1));
		lo = scalar(ar, "SELECT min(id) FROM sighting WHERE first >= $1"
		    " AND first < $2", &p, 0);
		hi = scalar(ar, "SELECT max(id) FROM sighting WHERE first >= $1"
		    " AND first < $2", &p, 0);
		want = rows / every > 0 ? rows / every : 1;
		p_int(&p, lo);
		p_int(&p, hi);
		p_int(&p, (hi - lo + 1) / want > 0 ? (hi - lo + 1) / want : 1);
		p_int(&p, want);
		rc = obs_read(ar, g, OBS_SIGHTING " WHERE v.first >= $1 AND"
		    " v.first < $2 AND v.id BETWEEN $3 AND $4 AND (v.id - $3) %"
		    " $5 = 0 ORDER BY v.id LIMIT $6", &p, VG_TIME_NONE,
		    VG_TIME_NONE, fn, arg, err, "sampling sightings");
		p_free(&p);
	}
	PQclear(res);
	return rc < 0 ? -1 : 0;
}

static int
pg_device_counts(struct vg_archive *ar, const struct vg_graph *g, int64_t *n,
    int64_t *named, int64_t *sighting, int64_t *gate, struct vg_error *err)
{
	PGresult	*res;
	int64_t		 row;
	size_t		 i;
	int		 r;

	(void)sighting;
	(void)gate;
	for (i = 0; i < g->ndev; i++)
		n[i] = named[i] = 0;
	if ((res = run(ar, "SELECT device, sum(n), sum(named) FROM span_device"
	    " GROUP BY device", NULL, err, "counting records")) == NULL)
		return -1;
	for (r = 0; r < PQntuples(res); r++) {
		row = val_int(res, r, 0);
		if (row < 0 || (size_t)row >= g->nindex || g->index[row] < 0)
			continue;
		n[g->index[row]] += val_int(res, r, 1);
		named[g->index[row]] += val_int(res, r, 2);
	}
	PQclear(res);
	return 0;
}

static int
pg_spans(struct vg_archive *ar, vg_span_fn fn, void *arg,
    struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct vg_span		 v;
	size_t			 i;
	int			 rc;

	if (!pg->intx && spans_read(ar, err) == -1)
		return -1;
	for (i = 0; i < pg->nspan; i++) {
		memset(&v, 0, sizeof(v));
		v.name = pg->span[i].name;
		v.start = pg->span[i].start;
		v.end = pg->span[i].end;
		v.gates = pg->span[i].rows[K_GATE] < 0 ? 0 :
		    pg->span[i].rows[K_GATE];
		v.sightings = pg->span[i].rows[K_SIGHTING] < 0 ? 0 :
		    pg->span[i].rows[K_SIGHTING];
		if ((rc = fn(&v, arg)) != 0)
			return rc < 0 ? -1 : 0;
	}
	return 0;
}

/*
 * A span's partitions against its bookkeeping, as the SQLite archive's
 * check (vigil import -C): each partition there, attached, with its
 * indexes, its rows as counted and within the span's time, and the
 * devices' counts adding up.  (The server checks its own pages; there is
 * no integrity_check of a table to ask for.)
 */
static const int span_nindex[NKIND] = { 5, 3 };

/* The first number sql (its partition's name as $1) answers, or -1. */
static int64_t
part_int(struct vg_archive *ar, const char *sql, const char *tbl)
{
	struct params	 p = { { NULL }, 0 };
	int64_t		 n;

	p_str(&p, tbl);
	n = scalar(ar, sql, &p, -1);
	p_free(&p);
	return n;
}

static int
pg_span_check(struct vg_archive *ar, const char *name, vg_problem_fn fn,
    void *arg, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	const struct span	*sp;
	char			*why, *tbl, *sql, b[VG_SHOWSZ];
	size_t			 i;
	int64_t			 n, counted;
	int			 k, problems = 0;

	if (spans_read(ar, err) == -1)
		return -1;
	for (i = 0; name != NULL && i < pg->nspan; i++)
		if (strcmp(pg->span[i].name, name) == 0)
			break;
	if (name != NULL && i == pg->nspan) {
		vg_error_set(err, "'%s': no span '%s'", ar->path, vg_show(name,
		    strlen(name), b, sizeof(b)));
		return -1;
	}
	for (i = 0; i < pg->nspan; i++) {
		sp = &pg->span[i];
		if (name != NULL && strcmp(sp->name, name) != 0)
			continue;
		counted = 0;
		for (k = 0; k < NKIND; k++) {
			if (sp->rows[k] < 0)
				continue;
			counted += sp->rows[k];
			xasprintf(&tbl, "%s%s", kind_table[k], sp->suffix);
			why = NULL;
			if (part_int(ar, "SELECT count(*) FROM pg_class WHERE"
			    " relname = $1 AND relkind = 'r' AND relnamespace ="
			    " current_schema()::regnamespace", tbl) != 1)
				xasprintf(&why, "table %s is missing", tbl);
			else if ((n = part_int(ar, "SELECT count(*) FROM"
			    " pg_indexes WHERE tablename = $1 AND schemaname ="
			    " current_schema()", tbl)) != span_nindex[k])
				xasprintf(&why, "table %s has %lld of its %d"
				    " indexes", tbl, (long long)n, span_nindex[k]);
			if (why == NULL) {
				xasprintf(&sql, "SELECT count(*) FROM pg_inherits"
				    " WHERE inhrelid = $1::regclass AND"
				    " inhparent = '%s'::regclass", kind_table[k]);
				if (part_int(ar, sql, tbl) != 1)
					xasprintf(&why, "table %s is not attached"
					    " to %s", tbl, kind_table[k]);
				free(sql);
			}
			if (why == NULL) {
				xasprintf(&sql, "SELECT count(*) FROM %s", tbl);
				if ((n = scalar(ar, sql, NULL, -1)) != sp->rows[k])
					xasprintf(&why, "table %s holds %lld rows,"
					    " %lld counted", tbl, (long long)n,
					    (long long)sp->rows[k]);
				free(sql);
			}
			if (why == NULL) {
				xasprintf(&sql, "SELECT count(*) FROM %s WHERE %s"
				    " < %lld OR %s >= %lld", tbl, kind_key[k],
				    (long long)sp->start, kind_key[k],
				    (long long)sp->end);
				if ((n = scalar(ar, sql, NULL, -1)) != 0)
					xasprintf(&why, "table %s holds %lld rows"
					    " outside the span's time", tbl,
					    (long long)n);
				free(sql);
			}
			free(tbl);
			if (vg_ar_problem(sp->name, why, &problems, fn, arg))
				return problems;
		}
		xasprintf(&sql, "SELECT coalesce(sum(n), 0) FROM span_device"
		    " WHERE span = %lld", (long long)sp->id);
		n = scalar(ar, sql, NULL, -1);
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

/* Whether a span's name is a day's (YYYY-MM-DD, or .N after it), not a
 * merged week's or month's. */
static int
span_is_day(const char *name)
{
	return strlen(name) >= 10 && name[4] == '-' && name[7] == '-';
}

/*
 * Drop span sp: its partitions detached and dropped (a day's rows go
 * whole, in a moment, however many), then its bookkeeping, the sources
 * that had rows only there, and its rows' event numbers.
 */
static int
span_drop(struct vg_archive *ar, const struct span *sp, struct vg_error *err)
{
	struct vg_buf	 parts = { NULL, 0, 0 };
	PGresult	*res;
	char		*sql;
	int		 k, rc, i;

	/* a merged span's rows keep their days' ids (merge_period): the
	   span ids its rows' ids name, read before its tables go (a scan
	   of a week, only a merged span's drop pays it) */
	for (k = 0; k < NKIND && !span_is_day(sp->name); k++) {
		if (sp->rows[k] <= 0)
			continue;
		xasprintf(&sql, "SELECT DISTINCT id >> %d FROM %s%s",
		    SPAN_ID_SHIFT, kind_table[k], sp->suffix);
		res = run(ar, sql, NULL, err, "dropping a span");
		free(sql);
		if (res == NULL) {
			free(parts.s);
			return -1;
		}
		for (i = 0; i < PQntuples(res); i++)
			vg_buf_fmt(&parts, "%s%s", parts.len ? ", " : "",
			    PQgetvalue(res, i, 0));
		PQclear(res);
	}
	for (k = 0; k < NKIND; k++) {
		if (sp->rows[k] < 0)
			continue;
		xasprintf(&sql, "ALTER TABLE %s DETACH PARTITION %s%s;"
		    " DROP TABLE %s%s", kind_table[k], kind_table[k], sp->suffix,
		    kind_table[k], sp->suffix);
		rc = exec(ar, sql, NULL, err, "dropping a span");
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
	    " DELETE FROM pass_stored WHERE span = %lld;"
	    " DELETE FROM tail_stored WHERE span = %lld;"
	    " DELETE FROM pass_span WHERE span = %lld;"
	    " DELETE FROM span WHERE id = %lld;"
	    " DELETE FROM event_no WHERE kind IN (0, 1) AND row_id >= %lld AND"
	    " row_id < %lld", (long long)sp->id, (long long)sp->id,
	    (long long)sp->id, (long long)sp->id, (long long)sp->id,
	    (long long)sp->id,
	    (long long)sp->id, (long long)sp->id, (long long)sp->id,
	    (long long)sp->id, (long long)(sp->id << SPAN_ID_SHIFT),
	    (long long)((sp->id + 1) << SPAN_ID_SHIFT));
	rc = exec(ar, sql, NULL, err, "dropping a span");
	free(sql);
	if (rc == -1 || parts.len == 0)
		goto out;
	xasprintf(&sql, "DELETE FROM event_no WHERE kind IN (0, 1) AND"
	    " row_id >> %d IN (%s)", SPAN_ID_SHIFT, parts.s);
	rc = exec(ar, sql, NULL, err, "dropping a span");
	free(sql);
out:
	free(parts.s);
	return rc;
}

/* Drop the spans by those names, or (names NULL) those ending by before;
 * all or none.  Each dropped span goes to fn (may be NULL) first. */
static int
spans_drop(struct vg_archive *ar, const char *const *names, size_t nnames,
    int64_t before, vg_span_fn fn, void *arg, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	const struct span	*sp;
	struct vg_span		 v;
	char			 b[VG_SHOWSZ];
	size_t			 i, j;

	if (writer_begin(ar, err, "dropping spans") == -1)
		return -1;
	if (spans_read(ar, err) == -1)
		goto fail;
	for (j = 0; j < nnames; j++) {
		for (i = 0; i < pg->nspan; i++)
			if (strcmp(pg->span[i].name, names[j]) == 0)
				break;
		if (i == pg->nspan) {
			vg_error_set(err, "'%s': no span '%s'", ar->path,
			    vg_show(names[j], strlen(names[j]), b, sizeof(b)));
			goto fail;
		}
	}
	for (i = 0; i < pg->nspan; i++) {
		sp = &pg->span[i];
		if (names == NULL && sp->end > before)
			continue;
		for (j = 0; names != NULL && j < nnames; j++)
			if (strcmp(names[j], sp->name) == 0)
				break;
		if (names != NULL && j == nnames)
			continue;
		memset(&v, 0, sizeof(v));
		v.name = sp->name;
		v.start = sp->start;
		v.end = sp->end;
		v.gates = sp->rows[K_GATE] < 0 ? 0 : sp->rows[K_GATE];
		v.sightings = sp->rows[K_SIGHTING] < 0 ? 0 :
		    sp->rows[K_SIGHTING];
		if (fn != NULL)
			fn(&v, arg);
		if (span_drop(ar, sp, err) == -1)
			goto fail;
	}
	if (exec(ar, "COMMIT", NULL, err, "dropping spans") == -1)
		goto fail;
	pg->intx = 0;
	spans_forget(ar);
	return 0;
fail:
	pg_rollback(ar);
	return -1;
}

static int
pg_span_drop(struct vg_archive *ar, const char *const *names, size_t n,
    vg_span_fn fn, void *arg, struct vg_error *err)
{
	return spans_drop(ar, names, n, 0, fn, arg, err);
}

/*
 * Closed spans merged (vg_archive_compact), as the file's sq_compact:
 * the spans of each local week (or month) that ends by before, two or
 * more, into one span of their rows, ids (a merged span keeps its
 * parts': its drop finds them, span_drop), times and sources as they
 * were.  A period is one transaction under the writer lock (as
 * span_drop's callers take it): a table of the parent's columns, the
 * parts' rows copied, the CHECK of its range, its indexes built and its
 * rows ordered as an import's new day (index_staged), all without a
 * lock a reader waits for; then the parts detached and dropped, the new
 * table attached (its indexes taken as the parent's), its span row and
 * the parts' bookkeeping summed onto it, the anomaly stores' rows of
 * the parts dropped (the week read whole until stored again, as after
 * -D).  Killed, it leaves the days.  Readers see the days or the week,
 * never both; they wait for the swap only.  merge_period: 1 when
 * it made a span, 0 when it left the period as it was (told to fn), -1.
 */
static int
merge_period(struct vg_archive *ar, int64_t pstart, int64_t pend,
    const char *pname, vg_merged_fn fn, void *arg, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct span		*sp, w;
	struct vg_span		 v;
	struct vg_buf		 ids = { NULL, 0, 0 }, sql = { NULL, 0, 0 },
				 un = { NULL, 0, 0 };
	char			 name[32], suffix[40], cnt[NKIND][24], *q;
	const char		*why = NULL, **taken;
	size_t			 i, j, nparts = 0;
	int64_t			 start = pend, end = pstart, rows[NKIND], id = 1;
	int			 k, rc = -1;

	if (writer_begin(ar, err, "merging spans") == -1)
		return -1;
	if (spans_read(ar, err) == -1)
		goto out;
	for (k = 0; k < NKIND; k++)
		rows[k] = -1;
	for (i = 0; i < pg->nspan; i++) {
		sp = &pg->span[i];
		if (sp->id >= id)
			id = sp->id + 1;
		if (sp->start < pstart || sp->end > pend)
			continue;
		vg_buf_fmt(&ids, "%s%lld", nparts ? ", " : "",
		    (long long)sp->id);
		nparts++;
		if (sp->start < start)
			start = sp->start;
		if (sp->end > end)
			end = sp->end;
		for (k = 0; k < NKIND; k++)
			if (sp->rows[k] >= 0)
				rows[k] = (rows[k] < 0 ? 0 : rows[k]) +
				    sp->rows[k];
	}
	if (nparts < 2) {
		rc = exec(ar, "COMMIT", NULL, err, "merging spans");
		pg->intx = 0;
		goto out;
	}
	/* a name of its own, also beside a merged span it takes in (the
	   suffix in lower case, as the server names the tables: _2018w47) */
	taken = xreallocarray(NULL, pg->nspan + 1, sizeof(*taken));
	for (i = 0; i < pg->nspan; i++)
		taken[i] = pg->span[i].name;
	vg_ar_period_name(pname, taken, pg->nspan, 1, name, sizeof(name),
	    suffix, sizeof(suffix));
	free(taken);
	/* a file that gave a camera one track on two of the days: left as
	   the file leaves it (its unique index would refuse the week) */
	if (rows[K_SIGHTING] > 0) {
		for (i = 0, j = 0; i < pg->nspan; i++) {
			sp = &pg->span[i];
			if (sp->start < pstart || sp->end > pend ||
			    sp->rows[K_SIGHTING] < 0)
				continue;
			vg_buf_fmt(&un, "%sSELECT camera, track, source FROM"
			    " sighting%s", j++ ? " UNION ALL " : "",
			    sp->suffix);
		}
		xasprintf(&q, "SELECT EXISTS (SELECT 1 FROM (%s) x GROUP BY"
		    " camera, track, source HAVING count(*) > 1)::int", un.s);
		if (scalar(ar, q, NULL, -1) != 0)
			why = "a file gave a camera one track on two of its"
			    " days";
		free(q);
		if (why != NULL) {
			if (exec(ar, "COMMIT", NULL, err, "merging spans") ==
			    -1)
				goto out;
			pg->intx = 0;
			memset(&v, 0, sizeof(v));
			v.name = pname;
			v.start = start;
			v.end = end;
			if (fn != NULL)
				fn(&v, 0, why, arg);
			rc = 0;
			goto out;
		}
	}
	memset(&w, 0, sizeof(w));
	w.suffix = suffix;
	for (k = 0; k < NKIND; k++) {
		if (rows[k] < 0)
			continue;
		vg_buf_fmt(&sql, "CREATE TABLE %s%s (LIKE %s INCLUDING"
		    " DEFAULTS); INSERT INTO %s%s SELECT * FROM (", kind_table[k],
		    suffix, kind_table[k], kind_table[k], suffix);
		for (i = 0, j = 0; i < pg->nspan; i++) {
			sp = &pg->span[i];
			if (sp->start < pstart || sp->end > pend ||
			    sp->rows[k] < 0)
				continue;
			vg_buf_fmt(&sql, "%sSELECT * FROM %s%s", j++ ?
			    " UNION ALL " : "", kind_table[k], sp->suffix);
		}
		vg_buf_fmt(&sql, ") x; ALTER TABLE %s%s ADD CHECK (%s >= %lld"
		    " AND %s < %lld);", kind_table[k], suffix, kind_key[k],
		    (long long)start, kind_key[k], (long long)end);
		/* its indexes built and its rows put in its device index's
		   order (as an import's new day) before the parent is
		   locked: readers wait only for the swap below */
		if (exec(ar, sql.s, NULL, err, "merging spans") == -1 ||
		    index_staged(ar, &w, k, err) == -1)
			goto out;
		sql.len = 0;
		sql.s[0] = '\0';
	}
	vg_ar_test_stop("merge-copied");
	for (k = 0; k < NKIND; k++) {
		if (rows[k] < 0)
			continue;
		for (i = 0; i < pg->nspan; i++) {
			sp = &pg->span[i];
			if (sp->start < pstart || sp->end > pend ||
			    sp->rows[k] < 0)
				continue;
			vg_buf_fmt(&sql, " ALTER TABLE %s DETACH PARTITION"
			    " %s%s; DROP TABLE %s%s;", kind_table[k],
			    kind_table[k], sp->suffix, kind_table[k],
			    sp->suffix);
		}
		vg_buf_fmt(&sql, " ALTER TABLE %s ATTACH PARTITION %s%s FOR"
		    " VALUES FROM (%lld) TO (%lld);", kind_table[k],
		    kind_table[k], suffix, (long long)start, (long long)end);
	}
	for (k = 0; k < NKIND; k++)
		if (rows[k] < 0)
			snprintf(cnt[k], sizeof(cnt[k]), "NULL");
		else
			snprintf(cnt[k], sizeof(cnt[k]), "%lld",
			    (long long)rows[k]);
	vg_buf_fmt(&sql, "INSERT INTO span (id, name, suffix, start, stop,"
	    " gates, sightings) VALUES (%lld, '%s', '%s', %lld, %lld, %s,"
	    " %s);", (long long)id, name, suffix, (long long)start,
	    (long long)end, cnt[K_GATE], cnt[K_SIGHTING]);
	vg_buf_fmt(&sql, "INSERT INTO source_span (source, span, rows) SELECT"
	    " source, %lld, sum(rows) FROM source_span WHERE span IN (%s)"
	    " GROUP BY source; DELETE FROM source_span WHERE span IN (%s);"
	    " INSERT INTO span_device (span, device, n, named) SELECT %lld,"
	    " device, sum(n), sum(named) FROM span_device WHERE span IN (%s)"
	    " GROUP BY device; DELETE FROM span_device WHERE span IN (%s);"
	    " INSERT INTO span_hour (span, device, hour, n) SELECT %lld,"
	    " device, hour, sum(n) FROM span_hour WHERE span IN (%s) GROUP BY"
	    " device, hour; DELETE FROM span_hour WHERE span IN (%s);"
	    " INSERT INTO span_count (span, device, h, bo, bn) SELECT %lld,"
	    " device, h, array_agg(o ORDER BY o), array_agg(n ORDER BY o)"
	    " FROM (SELECT device, h, o, sum(n)::integer AS n FROM span_count,"
	    " unnest(bo, bn) u(o, n) WHERE span IN (%s) GROUP BY device, h, o)"
	    " c GROUP BY device, h; DELETE FROM span_count WHERE span IN (%s);"
	    " DELETE FROM pass_stored WHERE span IN (%s);"
	    " DELETE FROM tail_stored WHERE span IN (%s);"
	    " DELETE FROM pass_span WHERE span IN (%s);"
	    " DELETE FROM span WHERE id IN (%s);", (long long)id, ids.s,
	    ids.s, (long long)id, ids.s, ids.s, (long long)id, ids.s, ids.s,
	    (long long)id, ids.s, ids.s, ids.s, ids.s, ids.s, ids.s);
	/* (the name and suffix as a period's: digits, W, '-', '.', '_') */
	if (exec(ar, sql.s, NULL, err, "merging spans") == -1)
		goto out;
	vg_ar_test_stop("merge-commit");
	if (exec(ar, "COMMIT", NULL, err, "merging spans") == -1)
		goto out;
	pg->intx = 0;
	spans_forget(ar);
	memset(&v, 0, sizeof(v));
	v.name = name;
	v.start = start;
	v.end = end;
	v.gates = rows[K_GATE] < 0 ? 0 : rows[K_GATE];
	v.sightings = rows[K_SIGHTING] < 0 ? 0 : rows[K_SIGHTING];
	if (fn != NULL)
		fn(&v, nparts, NULL, arg);
	rc = 1;
out:
	if (rc == -1)
		pg_rollback(ar);
	free(ids.s);
	free(sql.s);
	free(un.s);
	return rc;
}

/* Every closed period in time order: how many spans were made, or -1. */
static int
pg_compact(struct vg_archive *ar, int64_t before, int month,
    vg_merged_fn fn, void *arg, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct vg_ar_pspan	*sp;
	char			 pname[16];
	int64_t			 at, ps = 0, pe = 0;
	size_t			 i;
	int			 rc, found, made = 0;

	for (at = INT64_MIN;;) {
		if (spans_read(ar, err) == -1)
			return -1;
		/* the next period, in time order, whose spans are closed and
		   two or more */
		sp = xcalloc(pg->nspan + 1, sizeof(*sp));
		for (i = 0; i < pg->nspan; i++) {
			sp[i].id = pg->span[i].id;
			sp[i].start = pg->span[i].start;
			sp[i].end = pg->span[i].end;
		}
		found = vg_ar_period_next(vg_archive_tz(ar), sp, pg->nspan,
		    month, before, &at, &ps, &pe, pname);
		free(sp);
		spans_forget(ar);
		if (!found)
			break;
		if ((rc = merge_period(ar, ps, pe, pname, fn, arg, err)) == -1)
			return -1;
		made += rc;
	}
	return made;
}

/* Retention: drop every span that ends by before (whole spans only). */
static int
pg_keep(struct vg_archive *ar, int64_t before, vg_span_fn fn, void *arg,
    struct vg_error *err)
{
	return spans_drop(ar, NULL, 0, before, fn, arg, err);
}

/* The time of span name's earliest row (latest when last), as
 * vg_archive_extent asks it: 1, or 0 when it has none. */
static int
pg_span_extent(struct vg_archive *ar, const char *name, int last,
    int64_t *t, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	const struct span	*sp = NULL;
	PGresult		*res;
	char			*sql;
	size_t			 i;
	int64_t			 v;
	int			 k, have = 0;

	if (!pg->intx && spans_read(ar, err) == -1)
		return -1;
	for (i = 0; i < pg->nspan && sp == NULL; i++)
		if (strcmp(pg->span[i].name, name) == 0)
			sp = &pg->span[i];
	for (k = 0; sp != NULL && k < NKIND; k++) {
		if (sp->rows[k] <= 0)
			continue;
		xasprintf(&sql, "SELECT %s(%s) FROM %s%s", last ? "max" : "min",
		    kind_key[k], kind_table[k], sp->suffix);
		res = run(ar, sql, NULL, err, "reading its rows' times");
		free(sql);
		if (res == NULL)
			return -1;
		if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0)) {
			v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
			if (!have || (last ? v > *t : v < *t))
				*t = v;
			have = 1;
		}
		PQclear(res);
	}
	return have;
}

static int
pg_lookvec_build(struct vg_archive *ar, size_t *nspans, int64_t *nrows,
    struct vg_error *err)
{
	(void)ar;
	*nspans = 0;
	*nrows = 0;
	vg_error_set(err, "PostgreSQL archives do not support appearance-vector"
	    " files and their index (vigil import -L) yet: search by look"
	    " reads the vectors from the server");
	return -1;
}

/*
 * Search by look on a server: a span's vectors are read from its
 * sightings' partition into a vector file of the SQLite archive's form
 * (lookvec.c, the same quantisation, so the same scores), made in a
 * folder of its own under TMPDIR and removed as soon as it is mapped.
 * There is no file beside a server's archive to keep it in, and so no
 * index of it (lookix.c) either: every look scans the spans its query
 * touches, reading their vectors whole (bench/README.md).
 */
struct look_read {
	struct vg_archive *ar;		/* the archive */
	char		*table;		/* the span's sightings' partition */
	PGresult	*res;		/* the batch being read */
	int		 row;		/* the next row of it */
	unsigned char	*emb;		/* the last row's vector, decoded */
	int64_t		 len;		/* the file's length, once written */
	struct vg_error	 err;		/* why the server refused */
};

static int
look_count(void *arg, int64_t lo, int64_t *n)
{
	struct look_read	*f = arg;
	struct params		 p = { { NULL }, 0 };
	char			*sql;

	p_int(&p, lo);
	xasprintf(&sql, "SELECT count(*) FROM %s WHERE id >= $1", f->table);
	*n = scalar(f->ar, sql, &p, -1);
	free(sql);
	p_free(&p);
	return *n < 0 ? -1 : 0;
}

static int
look_start(void *arg, int64_t lo)
{
	struct look_read	*f = arg;
	struct params		 p = { { NULL }, 0 };
	char			*sql;
	int			 rc;

	p_int(&p, lo);
	xasprintf(&sql, "DECLARE vigil_look NO SCROLL CURSOR FOR SELECT id,"
	    " first, last, camera, coalesce(kind, 0), coalesce(upper, 0),"
	    " coalesce(lower, 0), embedding, attrs FROM %s WHERE id >= $1"
	    " ORDER BY first, id", f->table);
	rc = exec_p(f->ar, sql, &p, &f->err, "reading vectors");
	free(sql);
	return rc;
}

static int
look_next(void *arg, struct vg_lookrow *r)
{
	struct look_read	*f = arg;
	const PGresult		*res;
	size_t			 n = 0;
	int			 i;

	if (f->res == NULL || f->row == PQntuples(f->res)) {
		PQclear(f->res);
		f->row = 0;
		if ((f->res = run(f->ar, "FETCH " FETCH_ROWS " FROM"
		    " vigil_look", NULL, &f->err, "reading vectors")) == NULL)
			return -1;
		if (PQntuples(f->res) == 0)
			return 0;
	}
	res = f->res;
	i = f->row++;
	PQfreemem(f->emb);
	f->emb = PQgetisnull(res, i, 7) ? NULL : PQunescapeBytea(
	    (const unsigned char *)PQgetvalue(res, i, 7), &n);
	r->emb = (const float *)f->emb;
	r->embbytes = f->emb != NULL ? n : 0;
	r->id = val_int(res, i, 0);
	r->first = val_int(res, i, 1);
	r->last = val_int(res, i, 2);
	r->camera = val_int(res, i, 3);
	r->kind = (int)val_int(res, i, 4);
	r->upper = (int)val_int(res, i, 5);
	r->lower = (int)val_int(res, i, 6);
	r->attrs = val(res, i, 8);
	r->attrlen = r->attrs != NULL ? (size_t)PQgetlength(res, i, 8) : 0;
	return 1;
}

static int
look_commit(void *arg, int64_t len)
{
	((struct look_read *)arg)->len = len;
	return 0;
}

static const char *
look_why(void *arg)
{
	struct look_read	*f = arg;

	return f->err.msg != NULL ? f->err.msg : "reading vectors";
}

static int
pg_lookvec(struct vg_archive *ar, const struct vg_span *v,
    struct vg_lookvec *lv, struct vg_error *err)
{
	struct pg_archive	*pg = PG(ar);
	struct params		 p = { { NULL }, 0 };
	struct look_read	 f;
	struct vg_lookfeed	 feed;
	struct vg_lookw		*pend = NULL;
	PGresult		*res;
	const char		*tmp = getenv("TMPDIR");
	char			*dir, *base, *path;
	int			 rc = -1;
	int			 own = !pg->intx && !pg->heldtx && !pg->inbatch;

	memset(lv, 0, sizeof(*lv));
	memset(&f, 0, sizeof(f));
	f.ar = ar;
	f.len = -1;
	p_str(&p, v->name);
	res = run(ar, "SELECT suffix FROM span WHERE name = $1", &p, err,
	    "reading vectors");
	p_free(&p);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 0) {
		PQclear(res);
		vg_error_set(err, "'%s': no span '%s'", ar->path, v->name);
		return -1;
	}
	xasprintf(&f.table, "sighting%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	xasprintf(&dir, "%s/vigil-look.XXXXXX", tmp != NULL && *tmp != '\0' ?
	    tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		vg_error_set(err, "'%s': %s", dir, strerror(errno));
		free(dir);
		free(f.table);
		return -1;
	}
	xasprintf(&base, "%s/a", dir);
	feed.len = -1;
	feed.count = look_count;
	feed.start = look_start;
	feed.next = look_next;
	feed.commit = look_commit;
	feed.why = look_why;
	feed.arg = &f;
	if (own && exec(ar, "BEGIN", NULL, err, "reading vectors") == -1)
		goto out;
	rc = vg_lookvec_write(&feed, base, v->name, 0, ar->ops->embedding_dim(
	    ar), &pend, err);
	PQclear(f.res);
	f.res = NULL;
	if (own)
		PQclear(PQexec(pg->conn, rc == 0 ? "COMMIT" : "ROLLBACK"));
	else
		PQclear(PQexec(pg->conn, "CLOSE vigil_look"));
	vg_lookvec_end(&pend, 0);
	if (rc == 0)
		rc = vg_lookvec_open(f.len, base, v->name, v->sightings, lv,
		    err);
out:
	path = vg_lookvec_path(base, v->name);
	unlink(path);
	free(path);
	rmdir(dir);
	free(dir);
	free(base);
	free(f.table);
	PQfreemem(f.emb);
	vg_error_clear(&f.err);
	return rc;
}

/*
 * The granted entries of the whole archive by gate and local hour, as
 * imports counted them: fn(gate id, hour, count, arg) for each.
 */
static int
pg_entry_hours(struct vg_archive *ar, vg_hours_fn fn, void *arg,
    struct vg_error *err)
{
	PGresult	*res;
	int		 i;

	if ((res = run(ar, "SELECT d.code, h.hour, sum(h.n) FROM span_hour h"
	    " JOIN device d ON d.id = h.device GROUP BY h.device, d.code,"
	    " h.hour ORDER BY h.device, h.hour", NULL, err,
	    "reading the entries' hours")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++)
		if (fn(val(res, i, 0), (int)val_int(res, i, 1), val_int(res, i,
		    2), arg) != 0)
			break;
	PQclear(res);
	return 0;
}

/* The local hours (bit h for hour h) who was seen entering zone at. */
static int
pg_habit(struct vg_archive *ar, const char *who, const char *zone,
    uint32_t *hours, struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;

	*hours = 0;
	p_str(&p, who);
	p_str(&p, zone);
	res = run(ar, "SELECT hours FROM habit WHERE who = $1 AND zone = $2",
	    &p, err, "reading habits");
	p_free(&p);
	if (res == NULL)
		return -1;
	if (PQntuples(res) > 0)
		*hours = (uint32_t)val_int(res, 0, 0);
	PQclear(res);
	return 0;
}

/*
 * Streams for scans over whole days (vigil-anomaly), as the SQLite
 * archive's lean reads: the columns a scan uses, devices, corrections
 * and sources read once, the rows by corrected time a chunk at a time
 * (each device through its (device, time) index, within the corrections'
 * pad, the partitions pruned), sorted by the server in vg_query_run's
 * order, so that memory does not grow with the span.  A chunk is what
 * holds some STREAM_ROWS rows at its span's mean rate, ten minutes at
 * least (a campus day's 19 M rows), its span at most (a simulated day's
 * 15,000 in one query: 144 of ten minutes took 4 s, one 0.4 s).  Rows
 * carry no roster name and no sighting attributes.
 */
#define STREAM_CHUNK	600000000LL	/* ten minutes, us */
#define STREAM_ROWS	65536		/* rows a chunk holds at most, at
					   its span's mean rate */

/* A device or a source as a stream knows it, by row id. */
struct sdev {
	int64_t		 row;		/* row id */
	char		*code;		/* device: its id; source: its path */
	char		*zone;		/* device: its zone; source: its
					   digest (either NULL) */
	int64_t		 offset;	/* device: clock correction, 0 when
					   none */
	int		 corrected;	/* device: it has a correction */
	int		 camera;	/* device: a camera */
};

static int
sdev_cmp(const void *a, const void *b)
{
	const struct sdev	*x = a, *y = b;

	return x->row < y->row ? -1 : x->row > y->row;
}

/* The one of row id row in d (sorted), or NULL. */
static const struct sdev *
sdev_find(const struct sdev *d, size_t n, int64_t row)
{
	struct sdev	key;

	key.row = row;
	return n > 0 ? bsearch(&key, d, n, sizeof(*d), sdev_cmp) : NULL;
}

static void
sdev_free(struct sdev *d, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(d[i].code);
		free(d[i].zone);
	}
	free(d);
}

/* The devices by those codes (every device when codes is NULL, sorted by
 * row id) with their corrections (the largest either way into *pad), each
 * kind's row ids as a bigint[] literal into ids (when not NULL), and the
 * sources (their paths and digests), as a stream reads them: 0, -1. */
static int
stream_load(struct vg_archive *ar, const char *const *codes, size_t ncodes,
    struct sdev **dev, size_t *ndev, struct sdev **src, size_t *nsrc,
    int64_t *pad, struct vg_buf *ids, struct vg_error *err)
{
	PGresult	*res;
	const char	**sorted;
	int		 n, k;

	*dev = *src = NULL;
	*ndev = *nsrc = 0;
	*pad = 0;
	if ((res = run(ar, "SELECT d.id, d.code, d.zone, d.type, c.shift FROM"
	    " device d LEFT JOIN clock_correction c ON c.device = d.id ORDER"
	    " BY d.id", NULL, err, "reading the devices")) == NULL)
		return -1;
	*dev = xcalloc((size_t)PQntuples(res) + 1, sizeof(**dev));
	sorted = vg_ar_codes_sorted(codes, ncodes);
	for (n = 0; n < PQntuples(res); n++) {
		if (!vg_ar_code_in(sorted, ncodes, val(res, n, 1)))
			continue;
		(*dev)[*ndev].row = val_int(res, n, 0);
		(*dev)[*ndev].code = val_dup(res, n, 1);
		(*dev)[*ndev].zone = val_dup(res, n, 2);
		(*dev)[*ndev].offset = val_int(res, n, 4);
		(*dev)[*ndev].corrected = !PQgetisnull(res, n, 4);
		(*dev)[*ndev].camera = val_int(res, n, 3) == VG_CAMERA;
		if (llabs((*dev)[*ndev].offset) > *pad)
			*pad = llabs((*dev)[*ndev].offset);
		k = (*dev)[*ndev].camera ? K_SIGHTING : K_GATE;
		if (ids != NULL)
			vg_buf_fmt(&ids[k], "%s%lld", ids[k].len ? "," : "{",
			    (long long)(*dev)[*ndev].row);
		(*ndev)++;
	}
	free(sorted);
	PQclear(res);
	if ((res = run(ar, "SELECT id, path, sha256 FROM source ORDER BY id",
	    NULL, err, "reading the sources")) == NULL)
		return -1;
	*src = xcalloc((size_t)PQntuples(res) + 1, sizeof(**src));
	for (n = 0; n < PQntuples(res); n++, (*nsrc)++) {
		(*src)[*nsrc].row = val_int(res, n, 0);
		(*src)[*nsrc].code = val_dup(res, n, 1);
		(*src)[*nsrc].zone = val_dup(res, n, 2);
	}
	PQclear(res);
	return 0;
}

/* Row n of res as a stream gives it: its strings those the stream keeps;
 * fn's answer. */
static int
stream_give(const PGresult *res, int n, const struct sdev *dev, size_t ndev,
    const struct sdev *src, size_t nsrc, vg_row_fn fn, void *arg)
{
	const struct sdev	*dv, *sv;
	struct vg_row		 r;

	if ((dv = sdev_find(dev, ndev, val_int(res, n, 21))) == NULL)
		return 0;
	sv = sdev_find(src, nsrc, val_int(res, n, 22));
	row_read(res, n, &r);
	r.device = dv->code;
	r.zone = dv->zone;
	r.source = sv != NULL ? sv->code : NULL;
	r.digest = sv != NULL ? sv->zone : NULL;
	return fn(&r, arg) != 0;
}

/* The rows of the devices by those codes (every device when codes is
 * NULL), corrected times from..to, to fn in vg_query_run's order;
 * device, zone, source and digest live until it returns. */
static int
pg_stream(struct vg_archive *ar, const char *const *codes, size_t ncodes,
    int64_t from, int64_t to, vg_row_fn fn, void *arg, struct vg_error *err)
{
	struct params		 p = { { NULL }, 0 };
	struct vg_buf		 ids[NKIND] = { { NULL, 0, 0 }, { NULL, 0, 0 } };
	struct sdev		*dev = NULL, *src = NULL;
	PGresult		*res;
	int64_t			*span = NULL, lo = 0, hi = 0, a, b, len, step;
	int64_t			 pad = 0;
	size_t			 ndev = 0, nsrc = 0, nspan = 0, j;
	int			 rc = -1, k, n, stop = 0;

	if (stream_load(ar, codes, ncodes, &dev, &ndev, &src, &nsrc, &pad,
	    ids, err) == -1)
		goto out;
	/* the spans' bounds and rows, copied: fn may read the spans
	 * again */
	if ((res = run(ar, "SELECT start, stop, coalesce(gates, 0) +"
	    " coalesce(sightings, 0) FROM span WHERE coalesce(gates, 0) +"
	    " coalesce(sightings, 0) > 0 ORDER BY start", NULL, err,
	    "reading the spans")) == NULL)
		goto out;
	span = xcalloc(3 * (size_t)PQntuples(res) + 1, sizeof(*span));
	for (n = 0; n < PQntuples(res); n++, nspan++) {
		span[3 * nspan] = val_int(res, n, 0);
		span[3 * nspan + 1] = val_int(res, n, 1);
		span[3 * nspan + 2] = val_int(res, n, 2);
		if (nspan == 0 || span[3 * nspan] < lo)
			lo = span[3 * nspan];
		if (nspan == 0 || span[3 * nspan + 1] > hi)
			hi = span[3 * nspan + 1];
	}
	PQclear(res);
	rc = 0;
	if (nspan == 0 || ndev == 0)
		goto out;
	for (k = 0; k < NKIND; k++)
		vg_buf_str(&ids[k], ids[k].len ? "}" : "{}");
	vg_ar_stream_bounds(&lo, &hi, pad, from, to);
	for (a = lo, j = 0; a < hi && !stop; a = b) {
		/* the span whose raw times a chunk from a reads first */
		while (j < nspan && span[3 * j + 1] <= a - pad)
			j++;
		if (j == nspan)
			break;
		if (span[3 * j] - pad > a) {
			/* nothing before it */
			b = span[3 * j] - pad;
			continue;
		}
		len = span[3 * j + 1] - span[3 * j];
		step = len * STREAM_ROWS / span[3 * j + 2];
		b = a + (step > STREAM_CHUNK ? step : STREAM_CHUNK);
		if (b > span[3 * j + 1] && span[3 * j + 1] > a)
			b = span[3 * j + 1];
		if (b > hi)
			b = hi;
		p_int(&p, a);
		p_int(&p, b);
		p_int(&p, pad);
		p_str(&p, ids[K_GATE].s);
		p_str(&p, ids[K_SIGHTING].s);
		res = run(ar, "SELECT * FROM (SELECT 1, g.t - coalesce(c.shift,"
		    " 0), NULL::bigint, d.code, NULL::text, NULL::text,"
		    " g.person, NULL::text, g.credential, g.card, g.plate,"
		    " g.direction, g.result, NULL::integer, NULL::integer,"
		    " NULL::integer, NULL::text, g.score, s.path, g.line,"
		    " c.shift, g.gate, g.source, g.id FROM gate_event g JOIN"
		    " device d ON d.id = g.gate JOIN source s ON s.id ="
		    " g.source LEFT JOIN clock_correction c ON c.device ="
		    " g.gate WHERE g.gate = ANY ($4::bigint[]) AND g.t >="
		    " $1::bigint - $3::bigint AND g.t < $2::bigint + $3::bigint"
		    " AND g.t - coalesce(c.shift, 0) >= $1::bigint AND g.t -"
		    " coalesce(c.shift, 0) < $2::bigint UNION ALL SELECT 2,"
		    " v.first - coalesce(c.shift, 0), v.last - coalesce(c.shift,"
		    " 0), d.code, NULL, v.track, v.person, NULL, NULL, NULL,"
		    " v.plate, NULL, NULL, v.kind, v.upper, v.lower, NULL,"
		    " v.score, s.path, v.line, c.shift, v.camera, v.source, v.id"
		    " FROM sighting v JOIN device d ON d.id = v.camera JOIN"
		    " source s ON s.id = v.source LEFT JOIN clock_correction c"
		    " ON c.device = v.camera WHERE v.camera = ANY"
		    " ($5::bigint[]) AND v.first >= $1::bigint - $3::bigint AND"
		    " v.first < $2::bigint + $3::bigint AND v.first -"
		    " coalesce(c.shift, 0) >= $1::bigint AND v.first -"
		    " coalesce(c.shift, 0) < $2::bigint) r(type, t, last,"
		    " device, zone, track, person, name, credential, card,"
		    " plate, direction, result, kind, upper, lower, attrs,"
		    " score, path, line, shift, dev, source, id) ORDER BY r.t,"
		    " r.type, r.device COLLATE \"C\", r.path COLLATE \"C\","
		    " r.line, r.id", &p, err, "reading the rows");
		p_free(&p);
		if (res == NULL) {
			rc = -1;
			break;
		}
		for (n = 0; n < PQntuples(res) && !stop; n++)
			stop = stream_give(res, n, dev, ndev, src, nsrc, fn,
			    arg);
		PQclear(res);
	}
out:
	sdev_free(dev, ndev);
	sdev_free(src, nsrc);
	free(span);
	for (k = 0; k < NKIND; k++)
		free(ids[k].s);
	return rc;
}

/*
 * vg_ar_stream narrowed to parts (vg_ar_stream_parts), as the SQLite
 * archive's: statements prepared once a session (run_prepared), each
 * part a device's (or a person's, a card's) row id with corrected bounds,
 * given as arrays.  A device's rows and those not granted are read a
 * chunk of time at a time, every part within it at once (each through
 * its device's index: the (gate, t) of every partition, or the refused
 * rows' of migration 4), sorted by the server in vg_query_run's order;
 * every read of a part by its time (VG_SP_TIMES) a part at a time, by
 * time and row id, an instant's rows then put in order here; a person's
 * or a card's rows through their index, SP_WHO parts a statement, in
 * turn.
 */
#define SP_WHO		256		/* people's or cards' parts a
					   statement reads */

/* The columns row_read reads, then device, source and row id, of a
 * narrowed read's gate events (g; x the part, its shift s). */
#define SP_GATE_COLS	"1, g.t - coalesce(x.s, 0), NULL::bigint, NULL::text," \
	" NULL::text, NULL::text, g.person, NULL::text, g.credential, g.card," \
	" g.plate, g.direction, g.result, NULL::integer, NULL::integer," \
	" NULL::integer, NULL::text, g.score, NULL::text, g.line, x.s, g.gate," \
	" g.source, g.id"

/* the parts' statements, by how (enum vg_spart_how) */
static const char *const sp_sql[] = {
	/* VG_SP_ROWS: $1 gates, $2 from, $3 past, $4 shifts; $5..$8 the
	   cameras'; $9, $10 the raw times any part can hold */
	"SELECT r.* FROM (SELECT " SP_GATE_COLS " FROM unnest($1::bigint[],"
	" $2::bigint[], $3::bigint[], $4::bigint[]) x(dev, lo, hi, s) JOIN"
	" gate_event g ON g.gate = x.dev AND g.t >= x.lo + coalesce(x.s, 0)"
	" AND g.t < x.hi + coalesce(x.s, 0) WHERE g.t >= $9::bigint AND g.t <"
	" $10::bigint UNION ALL SELECT 2, v.first - coalesce(x.s, 0), v.last"
	" - coalesce(x.s, 0), NULL, NULL, v.track, v.person, NULL, NULL, NULL,"
	" v.plate, NULL, NULL, v.kind, v.upper, v.lower, NULL, v.score, NULL,"
	" v.line, x.s, v.camera, v.source, v.id FROM unnest($5::bigint[],"
	" $6::bigint[], $7::bigint[], $8::bigint[]) x(dev, lo, hi, s) JOIN"
	" sighting v ON v.camera = x.dev AND v.first >= x.lo + coalesce(x.s,"
	" 0) AND v.first < x.hi + coalesce(x.s, 0) WHERE v.first >= $9::bigint"
	" AND v.first < $10::bigint) r JOIN device d ON d.id = r.gate LEFT"
	" JOIN source s ON s.id = r.source ORDER BY 2, 1, d.code COLLATE"
	" \"C\", s.path COLLATE \"C\", r.line, r.id",
	/* VG_SP_REFUSED: $1..$4 the gates', $5, $6 the raw times */
	"SELECT r.* FROM (SELECT " SP_GATE_COLS " FROM unnest($1::bigint[],"
	" $2::bigint[], $3::bigint[], $4::bigint[]) x(dev, lo, hi, s) JOIN"
	" gate_event g ON g.gate = x.dev AND g.t >= x.lo + coalesce(x.s, 0)"
	" AND g.t < x.hi + coalesce(x.s, 0) AND g.result IS DISTINCT FROM 1"
	" WHERE g.t >= $5::bigint AND g.t < $6::bigint) r(type, t, last,"
	" device, zone, track, person, name, credential, card, plate,"
	" direction, result, kind, upper, lower, attrs, score, path, line,"
	" shift, gate, source, id) JOIN device d ON d.id = r.gate JOIN source"
	" s ON s.id = r.source ORDER BY r.t, d.code COLLATE \"C\", s.path"
	" COLLATE \"C\", r.line, r.id",
	/* VG_SP_TIMES: $1 the gate, $2 from, $3 past, $4 its shift; those
	   granted without their person, card, plate, credential, way */
	"SELECT 1, g.t - coalesce(x.s, 0), NULL::bigint, NULL::text,"
	" NULL::text, NULL::text, CASE WHEN r THEN g.person END, NULL::text,"
	" CASE WHEN r THEN g.credential END, CASE WHEN r THEN g.card END,"
	" CASE WHEN r THEN g.plate END, CASE WHEN r THEN g.direction END,"
	" g.result, NULL::integer, NULL::integer, NULL::integer, NULL::text,"
	" CASE WHEN r THEN g.score END, NULL::text, g.line, x.s, g.gate,"
	" g.source, g.id FROM (SELECT $1::bigint, $2::bigint, $3::bigint,"
	" $4::bigint) x(dev, lo, hi, s), gate_event g, LATERAL (SELECT"
	" g.result IS DISTINCT FROM 1) f(r) WHERE g.gate = x.dev AND g.t >="
	" x.lo + coalesce(x.s, 0) AND g.t < x.hi + coalesce(x.s, 0) ORDER BY"
	" g.t, g.id",
	/* VG_SP_PERSON: $1 people, $2 from, $3 to (inclusive), in turn;
	   $4 the corrections' pad */
	"SELECT " SP_GATE_COLS " FROM unnest($1::text[], $2::bigint[],"
	" $3::bigint[]) WITH ORDINALITY w(who, lo, hi, k) JOIN gate_event g"
	" ON g.person = w.who AND g.t >= w.lo - $4::bigint AND g.t <= w.hi +"
	" $4::bigint JOIN device d ON d.id = g.gate JOIN source s ON s.id ="
	" g.source LEFT JOIN clock_correction x(dev, s) ON x.dev = g.gate"
	" WHERE g.t - coalesce(x.s, 0) BETWEEN w.lo AND w.hi ORDER BY w.k, 2,"
	" d.code COLLATE \"C\", s.path COLLATE \"C\", g.line, g.id",
	/* VG_SP_CARD */
	"SELECT " SP_GATE_COLS " FROM unnest($1::text[], $2::bigint[],"
	" $3::bigint[]) WITH ORDINALITY w(who, lo, hi, k) JOIN gate_event g"
	" ON g.card = w.who AND g.t >= w.lo - $4::bigint AND g.t <= w.hi +"
	" $4::bigint JOIN device d ON d.id = g.gate JOIN source s ON s.id ="
	" g.source LEFT JOIN clock_correction x(dev, s) ON x.dev = g.gate"
	" WHERE g.t - coalesce(x.s, 0) BETWEEN w.lo AND w.hi ORDER BY w.k, 2,"
	" d.code COLLATE \"C\", s.path COLLATE \"C\", g.line, g.id",
	/* VG_SP_STATUS: $1 the status, $2 from, $3 to (inclusive), $4 the
	   gates; $5 the corrections' pad; a person's rows as VG_SP_PERSON's */
	"SELECT " SP_GATE_COLS " FROM person p JOIN gate_event g ON g.person ="
	" p.id AND g.t >= $2::bigint - $5::bigint AND g.t <= $3::bigint +"
	" $5::bigint AND g.result = 1 AND g.direction IN (1, 2) AND g.gate ="
	" ANY($4::bigint[]) JOIN device d ON d.id = g.gate JOIN source s ON"
	" s.id = g.source LEFT JOIN clock_correction x(dev, s) ON x.dev ="
	" g.gate WHERE p.status = $1::text AND g.t - coalesce(x.s, 0) BETWEEN"
	" $2::bigint AND $3::bigint ORDER BY p.id COLLATE \"C\", 2, d.code"
	" COLLATE \"C\", s.path COLLATE \"C\", g.line, g.id",
};
static const char *const sp_name[] = {
	"vigil_sp_rows", "vigil_sp_refused", "vigil_sp_times",
	"vigil_sp_person", "vigil_sp_card", "vigil_sp_status"
};

/* A device of a stream by its code (dev sorted by row id; by code: byc). */
static const struct sdev *
sdev_code(const struct sdev *const *byc, size_t n, const char *code)
{
	size_t	lo = 0, hi = n, m;
	int	c;

	while (lo < hi) {
		m = (lo + hi) / 2;
		if ((c = strcmp(code, byc[m]->code)) == 0)
			return byc[m];
		if (c < 0)
			hi = m;
		else
			lo = m + 1;
	}
	return NULL;
}

static int
sdev_codecmp(const void *a, const void *b)
{
	return strcmp((*(const struct sdev *const *)a)->code,
	    (*(const struct sdev *const *)b)->code);
}

/* A part's values at the ends of the arrays a[0..3] (a bigint[] literal
 * each, being written): its row id, bounds, shift (NULL for none). */
static void
sp_add(struct vg_buf *a, const struct sdev *dv, int64_t lo, int64_t hi)
{
	const char	*sep = a[0].len ? "," : "{";

	vg_buf_fmt(&a[0], "%s%lld", sep, (long long)dv->row);
	vg_buf_fmt(&a[1], "%s%lld", sep, (long long)lo);
	vg_buf_fmt(&a[2], "%s%lld", sep, (long long)hi);
	if (dv->corrected)
		vg_buf_fmt(&a[3], "%s%lld", sep, (long long)dv->offset);
	else
		vg_buf_fmt(&a[3], "%sNULL", sep);
}

/* The n arrays a, closed, as parameters; then emptied. */
static void
sp_params(struct params *p, struct vg_buf *a, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		vg_buf_str(&a[i], a[i].len ? "}" : "{}");
		p_str(p, a[i].s);
		a[i].len = 0;
	}
}

/* The parts' statement of how run with q (freed), its rows given to fn
 * in turn: 1 when fn stopped them, -1 (the server's error) */
static int
sp_run(struct vg_archive *ar, int how, struct params *q,
    const struct sdev *dev, size_t ndev, const struct sdev *src, size_t nsrc,
    vg_row_fn fn, void *arg)
{
	PGresult	*res;
	int		 j, stop = 0;

	res = run_prepared(ar, sp_name[how], sp_sql[how], q);
	p_free(q);
	if (res == NULL)
		return -1;
	for (j = 0; j < PQntuples(res) && !stop; j++)
		stop = stream_give(res, j, dev, ndev, src, nsrc, fn, arg);
	PQclear(res);
	return stop;
}

/* A text[] literal's element, quoted. */
static void
sp_text(struct vg_buf *b, const char *s)
{
	vg_buf_add(b, b->len ? ",\"" : "{\"", 2);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			vg_buf_add(b, "\\", 1);
		vg_buf_add(b, s, 1);
	}
	vg_buf_add(b, "\"", 1);
}

/* A part's reads (VG_SP_TIMES) in vg_ar_stream's order: rows by time and
 * row id, each instant two rows share by source and line. */
struct sp_tie {
	int		 n;		/* the row in the result */
	const char	*path;		/* its source's path, or "" */
	int64_t		 line;		/* its line */
};

static int
sp_tiecmp(const void *a, const void *b)
{
	const struct sp_tie	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->path, y->path)) != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* The rows of VG_SP_TIMES's res to fn: the granted with no source nor
 * line but where another row shares their instant.  1 when fn stopped. */
static int
sp_times(const PGresult *res, const struct sdev *dev, size_t ndev,
    const struct sdev *src, size_t nsrc, vg_row_fn fn, void *arg)
{
	const struct sdev	*dv, *sv;
	struct sp_tie		*tie;
	struct vg_row		 r;
	int			 nr = PQntuples(res), i, j, k, granted;

	tie = xcalloc((size_t)nr + 1, sizeof(*tie));
	for (i = 0; i < nr; i = j) {
		for (j = i + 1; j < nr && val_int(res, j, 1) == val_int(res,
		    i, 1); j++)
			;
		for (k = i; k < j; k++) {
			sv = sdev_find(src, nsrc, val_int(res, k, 22));
			tie[k - i].n = k;
			tie[k - i].path = sv != NULL ? sv->code : "";
			tie[k - i].line = val_int(res, k, 19);
		}
		if (j - i > 1)
			vg_qsort(tie, (size_t)(j - i), sizeof(*tie),
			    sp_tiecmp);
		for (k = 0; k < j - i; k++) {
			if ((dv = sdev_find(dev, ndev, val_int(res, tie[k].n,
			    21))) == NULL)
				continue;
			sv = sdev_find(src, nsrc, val_int(res, tie[k].n, 22));
			row_read(res, tie[k].n, &r);
			granted = !PQgetisnull(res, tie[k].n, 12) &&
			    val_int(res, tie[k].n, 12) == 1;
			r.device = dv->code;
			r.zone = dv->zone;
			r.source = sv != NULL && (!granted || j - i > 1) ?
			    sv->code : NULL;
			r.digest = sv != NULL && !granted ? sv->zone : NULL;
			if (granted && j - i == 1)
				r.line = 0;
			if (fn(&r, arg) != 0) {
				free(tie);
				return 1;
			}
		}
	}
	free(tie);
	return 0;
}

/*
 * vg_ar_stream narrowed: the rows of each part (a device's rows from..to,
 * apart from the device's other parts) in vg_ar_stream's order; or of
 * them those not granted (how VG_SP_REFUSED); or every one of each part
 * in turn, those granted by their time alone (VG_SP_TIMES); or each
 * part's person's (or card's) gate events at any gate, in turn.  1.
 */
static int
pg_stream_parts(struct vg_archive *ar, const struct vg_spart *p, size_t n,
    int how, vg_row_fn fn, void *arg, struct vg_error *err)
{
	struct params		 q = { { NULL }, 0 };
	struct vg_buf		 a[8];
	struct sdev		*dev = NULL, *src = NULL;
	const struct sdev	**byc = NULL, **pd = NULL, *dv;
	PGresult		*res;
	int64_t			 lo, hi, x, y, c, b, step, pad = 0;
	size_t			 ndev = 0, nsrc = 0, k, i, m;
	int			 rc = -1, stop = 0, used;

	memset(a, 0, sizeof(a));
	if (n == 0)
		return 1;
	if (how < VG_SP_ROWS || how > VG_SP_STATUS) {
		vg_error_set(err, "'%s': reading the rows: no such part",
		    ar->path);
		return -1;
	}
	if (stream_load(ar, NULL, 0, &dev, &ndev, &src, &nsrc, &pad, NULL,
	    err) == -1)
		goto out;
	if (how == VG_SP_PERSON || how == VG_SP_CARD) {
		/* SP_WHO parts a statement, in turn */
		for (k = 0; k < n && !stop; k = m) {
			for (m = k; m < n && m < k + SP_WHO; m++) {
				sp_text(&a[0], p[m].code);
				vg_buf_fmt(&a[1], "%s%lld", m > k ? "," : "{",
				    (long long)p[m].from);
				vg_buf_fmt(&a[2], "%s%lld", m > k ? "," : "{",
				    (long long)p[m].to);
			}
			sp_params(&q, a, 3);
			p_int(&q, pad);
			if ((stop = sp_run(ar, how, &q, dev, ndev, src, nsrc,
			    fn, arg)) == -1)
				goto dberror;
		}
		rc = 1;
		goto out;
	}
	/* each part's device, by its code (NULL: none such) */
	byc = xcalloc(ndev + 1, sizeof(*byc));
	for (i = 0; i < ndev; i++)
		byc[i] = &dev[i];
	vg_qsort(byc, ndev, sizeof(*byc), sdev_codecmp);
	if (how == VG_SP_STATUS) {
		/* the status's people at the gates after the first part, in
		   one statement */
		for (k = 1; k < n; k++)
			if ((dv = sdev_code(byc, ndev, p[k].code)) != NULL &&
			    !dv->camera)
				vg_buf_fmt(&a[0], "%s%lld", a[0].len ? "," :
				    "{", (long long)dv->row);
		rc = 1;
		if (a[0].len == 0)
			goto out;
		vg_buf_str(&a[0], "}");
		p_str(&q, p[0].code);
		p_int(&q, p[0].from);
		p_int(&q, p[0].to);
		p_str(&q, a[0].s);
		p_int(&q, pad);
		if ((stop = sp_run(ar, how, &q, dev, ndev, src, nsrc, fn,
		    arg)) == -1)
			goto dberror;
		goto out;
	}
	pd = xcalloc(n, sizeof(*pd));
	lo = p[0].from;
	hi = p[0].to;
	for (k = 0; k < n; k++) {
		pd[k] = sdev_code(byc, ndev, p[k].code);
		if (pd[k] != NULL && pd[k]->camera && how != VG_SP_ROWS)
			pd[k] = NULL;
		if (p[k].from < lo)
			lo = p[k].from;
		if (p[k].to > hi)
			hi = p[k].to;
	}
	if (how == VG_SP_TIMES) {
		/* a part at a time, whole */
		for (k = 0; k < n && !stop; k++) {
			if ((dv = pd[k]) == NULL || p[k].to < p[k].from)
				continue;
			p_int(&q, dv->row);
			p_int(&q, p[k].from);
			p_int(&q, p[k].to + 1);
			if (dv->corrected)
				p_int(&q, dv->offset);
			else
				p_add(&q, NULL);
			res = run_prepared(ar, sp_name[how], sp_sql[how], &q);
			p_free(&q);
			if (res == NULL)
				goto dberror;
			stop = sp_times(res, dev, ndev, src, nsrc, fn, arg);
			PQclear(res);
		}
		rc = 1;
		goto out;
	}
	/* a chunk of time at a time (what holds some STREAM_ROWS of every
	   device's rows at the busiest span's mean rate, ten minutes at
	   least, as pg_stream's): every part within it, clipped */
	p_int(&q, lo - pad);
	p_int(&q, hi + pad);
	p_int(&q, STREAM_ROWS);
	res = run(ar, "SELECT coalesce(min((stop - start) * $3::bigint /"
	    " (coalesce(gates, 0) + coalesce(sightings, 0))), 0) FROM span"
	    " WHERE coalesce(gates, 0) + coalesce(sightings, 0) > 0 AND"
	    " stop > $1::bigint AND start <= $2::bigint", &q, err,
	    "reading the spans");
	p_free(&q);
	if (res == NULL)
		goto out;
	step = val_int(res, 0, 0) > STREAM_CHUNK ? val_int(res, 0, 0) :
	    STREAM_CHUNK;
	PQclear(res);
	for (c = lo; c <= hi && !stop; c = b) {
		b = c + step <= hi + 1 ? c + step : hi + 1;
		for (k = 0, used = 0; k < n; k++) {
			if ((dv = pd[k]) == NULL || p[k].to < c ||
			    p[k].from >= b)
				continue;
			x = p[k].from > c ? p[k].from : c;
			y = p[k].to + 1 < b ? p[k].to + 1 : b;
			sp_add(dv->camera ? a + 4 : a, dv, x, y);
			used = 1;
		}
		if (!used)
			continue;
		sp_params(&q, a, how == VG_SP_ROWS ? 8 : 4);
		p_int(&q, c - pad);
		p_int(&q, b + pad);
		if ((stop = sp_run(ar, how, &q, dev, ndev, src, nsrc, fn,
		    arg)) == -1)
			goto dberror;
	}
	rc = 1;
	goto out;
dberror:
	pgerr_as(ar, err, "reading the rows", NULL, 1);
	rc = -1;
out:
	for (k = 0; k < 8; k++)
		free(a[k].s);
	free(byc);
	free(pd);
	sdev_free(dev, ndev);
	sdev_free(src, nsrc);
	return rc;
}

/* The n devices of dev by their codes (sdev_code's order), allocated. */
static const struct sdev **
sdev_bycode(struct sdev *dev, size_t n)
{
	const struct sdev	**byc;
	size_t			 i;

	byc = xcalloc(n + 1, sizeof(*byc));
	for (i = 0; i < n; i++)
		byc[i] = &dev[i];
	vg_qsort(byc, n, sizeof(*byc), sdev_codecmp);
	return byc;
}

/*
 * The shape vg_ar_count_parts' and vg_ar_count_bounds' statements share:
 * a row a gate's part, in the parts' order, x the part's four arrays
 * ($1..$4: the gate's row id, as dev, then names); PARTS_COUNT(FROM, TO)
 * the gate's events from FROM (SQL) to TO (an operator and SQL), their raw
 * times within $5..$6 (that the partitions no part can hold are pruned).
 */
#define PARTS_SQL(cols, names) "SELECT " cols " FROM unnest($1::bigint[]," \
	" $2::bigint[], $3::bigint[], $4::bigint[]) WITH ORDINALITY x(dev, " \
	names ", k) ORDER BY x.k"
#define PARTS_COUNT(from, to) "(SELECT count(*) FROM gate_event g WHERE" \
	" g.gate = x.dev AND g.t >= " from " AND g.t " to " AND g.t >=" \
	" $5::bigint AND g.t <= $6::bigint)"

/* A parts' statement (PARTS_SQL) named name, run with the arrays a
 * (emptied) and the raw times lo..hi: its n rows, or NULL (said in err). */
static PGresult *
parts_run(struct vg_archive *ar, const char *name, const char *sql,
    struct vg_buf *a, int64_t lo, int64_t hi, size_t n, struct vg_error *err)
{
	struct params	 q = { { NULL }, 0 };
	PGresult	*res;

	sp_params(&q, a, 4);
	p_int(&q, lo);
	p_int(&q, hi);
	res = run_prepared(ar, name, sql, &q);
	p_free(&q);
	if (res == NULL || (size_t)PQntuples(res) != n) {
		pgerr_as(ar, err, "counting the rows", NULL, 1);
		PQclear(res);
		return NULL;
	}
	return res;
}

/*
 * vg_ar_count_parts: each part's gate events counted by the server, a
 * count through the (gate, t) index of each part's partitions (no row
 * read nor sent), every part in one statement, their raw bounds given so
 * that partitions are pruned when planned.  1.
 */
static int
pg_count_parts(struct vg_archive *ar, const struct vg_spart *p, size_t n,
    int64_t *c, struct vg_error *err)
{
	struct vg_buf		 a[4];
	static const struct sdev none = { -1, NULL, NULL, 0, 0, 0 };
	struct sdev		*dev = NULL, *src = NULL;
	const struct sdev	**byc = NULL, *dv;
	PGresult		*res = NULL;
	int64_t			 lo = INT64_MAX, hi = INT64_MIN, pad = 0;
	size_t			 ndev = 0, nsrc = 0, k;
	int			 rc = -1, j;

	memset(a, 0, sizeof(a));
	memset(c, 0, n * sizeof(*c));
	if (n == 0)
		return 1;
	if (stream_load(ar, NULL, 0, &dev, &ndev, &src, &nsrc, &pad, NULL,
	    err) == -1)
		goto out;
	byc = sdev_bycode(dev, ndev);
	for (k = 0; k < n; k++) {
		if ((dv = sdev_code(byc, ndev, p[k].code)) == NULL ||
		    dv->camera)
			dv = &none;	/* (no gate has row -1: none) */
		sp_add(a, dv, p[k].from, p[k].to);
		if (p[k].from < lo)
			lo = p[k].from;
		if (p[k].to > hi)
			hi = p[k].to;
	}
	if ((res = parts_run(ar, "vigil_count_parts", PARTS_SQL(PARTS_COUNT(
	    "x.lo + coalesce(x.s, 0)", "<= x.hi + coalesce(x.s, 0)"),
	    "lo, hi, s"), a, lo - pad, hi + pad, n, err)) == NULL)
		goto out;
	for (j = 0; j < PQntuples(res); j++)
		c[j] = val_int(res, j, 0);
	rc = 1;
out:
	PQclear(res);
	for (k = 0; k < 4; k++)
		free(a[k].s);
	free(byc);
	sdev_free(dev, ndev);
	sdev_free(src, nsrc);
	return rc;
}

/*
 * vg_ar_count_bounds: each part's gate events bounded by span_count's
 * buckets, as the SQLite archive bounds them (sq_count_bounds): lo[k]
 * those before at[k] (exact: the whole buckets, and the part's first
 * bucket's counted through the (gate, t) index when it starts within
 * one), hi[k] with those of the bucket its end falls in.  A gate's parts
 * that share their start are one row of one statement: the count before
 * the first whole bucket, and the buckets to the last part's end in
 * order, as text (a bucket two spans hold summed here, not by a GROUP BY
 * each gate).  1.
 */
static int
pg_count_bounds(struct vg_archive *ar, const struct vg_spart *p, size_t n,
    int64_t *lo, int64_t *hi, int64_t *at, struct vg_error *err)
{
	struct vg_buf		 a[4];
	struct sdev		*dev = NULL, *src = NULL;
	const struct sdev	**byc = NULL, *dv;
	PGresult		*res = NULL;
	size_t			 ndev = 0, nsrc = 0, i, j, k, e, ng = 0;
	size_t			*gk = NULL;
	int64_t			 off, x, b, fb, c0, cum, bb, nn, pb, pn, pad = 0;
	int64_t			 tlo = INT64_MAX, thi = INT64_MIN;
	const char		*c;
	char			*end;
	int			 rc = -1;

	memset(a, 0, sizeof(a));
	memset(lo, 0, n * sizeof(*lo));
	memset(hi, 0, n * sizeof(*hi));
	for (k = 0; k < n; k++)
		at[k] = p[k].to + 1;
	if (n == 0)
		return 1;
	if (stream_load(ar, NULL, 0, &dev, &ndev, &src, &nsrc, &pad, NULL,
	    err) == -1)
		goto out;
	byc = sdev_bycode(dev, ndev);
	gk = xcalloc(n + 1, sizeof(*gk));
	for (k = 0; k < n; k = e) {
		for (e = k + 1; e < n && strcmp(p[e].code, p[k].code) == 0 &&
		    p[e].from == p[k].from; e++)
			;
		if ((dv = sdev_code(byc, ndev, p[k].code)) == NULL ||
		    dv->camera)
			continue;
		off = dv->offset;
		x = p[k].from + off;
		b = p[e - 1].to + off;
		fb = x % VG_CBUCKET == 0 ? x : (VG_BUCKET(x) + 1) * VG_CBUCKET;
		vg_buf_fmt(&a[0], "%s%lld", ng ? "," : "{",
		    (long long)dv->row);
		vg_buf_fmt(&a[1], "%s%lld", ng ? "," : "{", (long long)x);
		vg_buf_fmt(&a[2], "%s%lld", ng ? "," : "{", (long long)fb);
		vg_buf_fmt(&a[3], "%s%lld", ng ? "," : "{",
		    (long long)VG_BUCKET(b));
		if (x < tlo)
			tlo = x;
		if (fb > thi)
			thi = fb;
		gk[ng++] = k;
	}
	if (ng == 0) {
		rc = 1;
		goto out;
	}
	if ((res = parts_run(ar, "vigil_count_bounds", PARTS_SQL("CASE WHEN"
	    " x.fb > x.a THEN " PARTS_COUNT("x.a", "< x.fb") " ELSE 0 END,"
	    " (SELECT string_agg(y.b || ' ' || y.n, ' ' ORDER BY y.b) FROM"
	    " (SELECT c.h::bigint * " CHOUR_S " + u.o AS b, u.n FROM"
	    " span_count c, unnest(c.bo, c.bn) u(o, n) WHERE c.device = x.dev"
	    " AND c.h >= (x.fb / 10000000 - (x.fb < 0)::integer * "
	    "(" CHOUR_S " - 1)) / " CHOUR_S " AND c.h <= (x.bb - (x.bb < 0)::"
	    "integer * (" CHOUR_S " - 1)) / " CHOUR_S ") y WHERE y.b >= x.fb /"
	    " 10000000 AND y.b <= x.bb)", "a, fb, bb"), a, tlo, thi, ng,
	    err)) == NULL)
		goto out;
	for (i = 0; i < ng; i++) {
		k = gk[i];
		for (e = k + 1; e < n && strcmp(p[e].code, p[k].code) == 0 &&
		    p[e].from == p[k].from; e++)
			;
		off = sdev_code(byc, ndev, p[k].code)->offset;
		x = p[k].from + off;
		fb = x % VG_CBUCKET == 0 ? x : (VG_BUCKET(x) + 1) * VG_CBUCKET;
		c0 = val_int(res, (int)i, 0);
		for (j = k; j < e && (b = p[j].to + off) < fb; j++)
			vg_ar_bound_set(&lo[j], &hi[j], &at[j], &p[j], off, b,
			    x, fb, b < x ? 0 : b == fb - 1 ? c0 : 0, b < x ? 0 :
			    c0);
		/* (a bucket in two spans' rows twice, summed here) */
		cum = c0;
		for (c = val(res, (int)i, 1), pb = INT64_MIN, pn = 0; j < e &&
		    c != NULL; c = *end != '\0' ? end : NULL) {
			bb = strtoll(c, &end, 10);
			nn = strtoll(end, &end, 10);
			if (pb != INT64_MIN && bb != pb) {
				j = vg_ar_bound_bucket(lo, hi, at, p, j, e, off,
				    x, fb, pb, pn, cum);
				cum += pn;
				pn = 0;
			}
			pb = bb;
			pn += nn;
		}
		if (pb != INT64_MIN && j < e) {
			j = vg_ar_bound_bucket(lo, hi, at, p, j, e, off, x, fb,
			    pb, pn, cum);
			cum += pn;
		}
		for (; j < e; j++)
			vg_ar_bound_set(&lo[j], &hi[j], &at[j], &p[j], off,
			    p[j].to + off, x, fb, cum, cum);
	}
	rc = 1;
out:
	PQclear(res);
	for (k = 0; k < 4; k++)
		free(a[k].s);
	free(gk);
	free(byc);
	sdev_free(dev, ndev);
	sdev_free(src, nsrc);
	return rc;
}

/*
 * vigil-anomaly's store (vg_ar_pass_store, vg_ar_pass_stored), as the
 * SQLite archive's (archive-sqlite.c says what it holds and why; the
 * same VG_PASS_VERSION, stamped as archive.c says, vg_ar_pass_stamp):
 * tables of migration 5, a span's rows dropped with it (span_drop).  The
 * store is kept once made (the meta key anomaly_store), as a file keeps
 * it once its tables are made.
 */

/* The spans into *sp, *n, and what the candidates depend on besides them
 * (the clock corrections, the site, the model) as text into *b, the
 * largest correction into *pad: 0, -1. */
static int
pass_base(struct vg_archive *ar, struct vg_ar_pspan **sp, size_t *n,
    struct vg_buf *b, int64_t *pad, struct vg_error *err)
{
	PGresult	*res;
	int		 i;

	*pad = 0;
	*sp = NULL;
	*n = 0;
	if ((res = run(ar, "SELECT device, shift FROM clock_correction ORDER"
	    " BY device", NULL, err, "reading the clock corrections")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++)
		vg_ar_pass_correction(b, val_int(res, i, 0), val_int(res, i, 1),
		    pad);
	PQclear(res);
	if ((res = run(ar, "SELECT (SELECT string_agg(coalesce(source,"
	    " 0)::text, ',') FROM site), (SELECT count(*) FROM device),"
	    " (SELECT count(*) FROM zone)", NULL, err, "reading the site")) ==
	    NULL)
		return -1;
	vg_ar_pass_site(b, val(res, 0, 0), val_int(res, 0, 1), val_int(res, 0,
	    2));
	PQclear(res);
	if ((res = run(ar, "SELECT learned, body FROM model", NULL, err,
	    "reading the model")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++)
		vg_ar_pass_model(b, val_int(res, i, 0), PQgetvalue(res, i, 1),
		    (size_t)PQgetlength(res, i, 1));
	PQclear(res);
	if ((res = run(ar, "SELECT id, start, stop, coalesce(gates, 0),"
	    " coalesce(sightings, 0) FROM span ORDER BY start, id", NULL, err,
	    "reading the spans")) == NULL)
		return -1;
	*sp = xcalloc((size_t)PQntuples(res) + 1, sizeof(**sp));
	for (i = 0; i < PQntuples(res); i++, (*n)++) {
		(*sp)[i].id = val_int(res, i, 0);
		(*sp)[i].start = val_int(res, i, 1);
		(*sp)[i].end = val_int(res, i, 2);
		(*sp)[i].gates = val_int(res, i, 3);
		(*sp)[i].sightings = val_int(res, i, 4);
	}
	PQclear(res);
	return 0;
}

/* The spans' stored stamps (-1: none, or of another version) into a
 * table by the spans' order: 0, -1. */
static int
pass_stamps(struct vg_archive *ar, const struct vg_ar_pspan *sp, size_t n,
    int64_t *have, struct vg_error *err)
{
	PGresult	*res;
	size_t		 i;
	int		 j;

	for (i = 0; i < n; i++)
		have[i] = -1;
	if ((res = run(ar, "SELECT span, version, stamp FROM pass_span", NULL,
	    err, "reading vigil-anomaly's store")) == NULL)
		return -1;
	for (j = 0; j < PQntuples(res); j++)
		for (i = 0; i < n; i++)
			if (sp[i].id == val_int(res, j, 0) && val_int(res, j,
			    1) == VG_PASS_VERSION)
				have[i] = val_int(res, j, 2);
	PQclear(res);
	return 0;
}

static int
pg_pass_store(struct vg_archive *ar, int make, vg_pscan_fn fn, void *arg,
    struct vg_error *err)
{
	struct vg_buf		 base = { NULL, 0, 0 }, a[3];
	struct params		 q = { { NULL }, 0 };
	struct vg_pcand		*c = NULL;
	struct vg_ar_pspan	*sp = NULL;
	int64_t			 pad, stamp, from, to, *have = NULL;
	size_t			 i, k, n = 0, nc = 0;
	int			 rc = -1, stored = 0, made;

	memset(a, 0, sizeof(a));
	if (!ar->rdwr)
		return 0;
	if ((made = (int)scalar(ar, "SELECT count(*) FROM meta WHERE key ="
	    " 'anomaly_store'", NULL, -1)) == -1) {
		pgerr_as(ar, err, "storing vigil-anomaly's candidates", NULL,
		    1);
		return -1;
	}
	if (!made && !make)
		return 0;
	if (!made && meta_set(ar, "anomaly_store", "1", err) == -1)
		return -1;
	if (pass_base(ar, &sp, &n, &base, &pad, err) == -1)
		goto out;
	have = xcalloc(n + 1, sizeof(*have));
	if (pass_stamps(ar, sp, n, have, err) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		stamp = vg_ar_pass_stamp(sp, n, i, &base, pad);
		if (have[i] == stamp)
			continue;
		/* the span's scan first, in reads of its own */
		nc = 0;
		vg_ar_pass_reach(&sp[i], pad, &from, &to);
		if (sp[i].gates > 0 && fn(from, to, &c, &nc, arg, err) == -1)
			goto out;
		for (k = 0; k < nc; k++) {
			vg_buf_fmt(&a[0], "%s%lld", k ? "," : "{",
			    (long long)c[k].t);
			sp_text(&a[1], c[k].device);
			vg_buf_fmt(&a[2], "%s%lld", k ? "," : "{",
			    (long long)c[k].line);
		}
		if (writer_begin(ar, err, "storing vigil-anomaly's"
		    " candidates") == -1)
			goto out;
		p_int(&q, sp[i].id);
		if (exec_p(ar, "DELETE FROM pass_stored WHERE span = $1", &q,
		    err, "storing vigil-anomaly's candidates") == -1)
			goto fail;
		p_int(&q, sp[i].id);
		if (exec_p(ar, "DELETE FROM tail_stored WHERE span = $1", &q,
		    err, "storing vigil-anomaly's candidates") == -1)
			goto fail;
		sp_params(&q, a, 3);
		p_int(&q, sp[i].id);
		if (nc > 0 && exec(ar, "WITH x AS (SELECT x.t, d.id AS gate,"
		    " x.line FROM unnest($1::bigint[], $2::text[],"
		    " $3::bigint[]) x(t, code, line) JOIN device d ON d.code ="
		    " x.code), p AS (INSERT INTO pass_stored (t, gate, line,"
		    " span) SELECT t, gate, line, $4::bigint FROM x WHERE line"
		    " <> -1 ON CONFLICT DO NOTHING) INSERT INTO tail_stored (t,"
		    " gate, span) SELECT t, gate, $4::bigint FROM x WHERE line ="
		    " -1 ON CONFLICT DO NOTHING", &q, err, "storing"
		    " vigil-anomaly's candidates") == -1)
			goto fail;
		p_free(&q);
		p_int(&q, sp[i].id);
		p_int(&q, VG_PASS_VERSION);
		p_int(&q, stamp);
		if (exec_p(ar, "INSERT INTO pass_span (span, version, stamp)"
		    " VALUES ($1, $2, $3) ON CONFLICT (span) DO UPDATE SET"
		    " version = excluded.version, stamp = excluded.stamp", &q,
		    err, "storing vigil-anomaly's candidates") == -1 ||
		    exec(ar, "COMMIT", NULL, err, "storing vigil-anomaly's"
		    " candidates") == -1)
			goto fail;
		PG(ar)->intx = 0;
		for (k = 0; k < nc; k++)
			free((char *)c[k].device);
		free(c);
		c = NULL;
		nc = 0;
		stored++;
	}
	rc = stored;
	goto out;
fail:
	p_free(&q);
	pg_rollback(ar);
out:
	for (k = 0; k < nc; k++)
		free((char *)c[k].device);
	free(c);
	for (k = 0; k < 3; k++)
		free(a[k].s);
	free(have);
	free(sp);
	free(base.s);
	return rc;
}

static int
pg_pass_stored(struct vg_archive *ar, int64_t from, int64_t to,
    vg_pcand_fn fn, void *arg, struct vg_error *err)
{
	struct vg_buf		 base = { NULL, 0, 0 };
	struct params		 q = { { NULL }, 0 };
	struct vg_pcand		 c;
	struct vg_ar_pspan	*sp = NULL;
	PGresult		*res = NULL;
	int64_t			 pad, lo, hi, *have = NULL;
	size_t			 i, n = 0;
	int			 rc = -1, j;

	/* (none stored: nothing more read) */
	if ((j = (int)scalar(ar, "SELECT count(*) FROM (SELECT 1 FROM"
	    " pass_span LIMIT 1) s", NULL, -1)) <= 0) {
		if (j == -1)
			pgerr_as(ar, err, "reading vigil-anomaly's candidates",
			    NULL, 1);
		return j;
	}
	if (pass_base(ar, &sp, &n, &base, &pad, err) == -1)
		goto out;
	have = xcalloc(n + 1, sizeof(*have));
	if (pass_stamps(ar, sp, n, have, err) == -1)
		goto out;
	/* every span whose scan could store a candidate within the span
	   asked for: stored, and current */
	for (i = 0; i < n; i++) {
		vg_ar_pass_reach(&sp[i], pad, &lo, &hi);
		if ((from != VG_TIME_NONE && hi < from) ||
		    (to != VG_TIME_NONE && lo > to))
			continue;
		if (have[i] != vg_ar_pass_stamp(sp, n, i, &base, pad)) {
			rc = 0;
			goto out;
		}
	}
	p_int(&q, from != VG_TIME_NONE ? from : INT64_MIN);
	p_int(&q, to != VG_TIME_NONE ? to : INT64_MAX);
	res = run(ar, "SELECT p.t, d.code, p.line FROM pass_stored p JOIN"
	    " device d ON d.id = p.gate WHERE p.t >= $1::bigint AND p.t <="
	    " $2::bigint UNION ALL SELECT p.t, d.code, -1 FROM tail_stored p"
	    " JOIN device d ON d.id = p.gate WHERE p.t >= $1::bigint AND p.t <="
	    " $2::bigint", &q, err, "reading vigil-anomaly's candidates");
	p_free(&q);
	if (res == NULL)
		goto out;
	for (j = 0; j < PQntuples(res); j++) {
		c.t = val_int(res, j, 0);
		c.device = val(res, j, 1);
		c.line = val_int(res, j, 2);
		if (fn(&c, arg) != 0)
			break;
	}
	rc = 1;
out:
	PQclear(res);
	free(have);
	free(sp);
	free(base.s);
	return rc;
}

/*
 * For each look-up, the last granted passage in or out of its person
 * (else of its card, read with no person) through one of its gates with
 * a corrected time before its time, in vg_ar_stream's order, to fn;
 * nothing for one that has none.  PASS_LOOK look-ups a statement (a
 * person's by the gate events' person index, a card's by the card's, in
 * two statements), each a LIMIT 1 of its own: a round trip a look-up
 * cost more than the look-up (a campus store's scans look up tens of
 * thousands).
 */
#define PASS_LOOK	256		/* look-ups a statement */

/* The two differ only in whom a read names: a person, or a card with no
 * person. */
#define PASS_LOOK_HEAD \
	"SELECT r.*, w.k FROM unnest($1::text[], $2::text[], $3::bigint[])" \
	" WITH ORDINALITY w(who, codes, before, k) CROSS JOIN LATERAL (SELECT" \
	" 1, g.t - coalesce(c.shift, 0), NULL::bigint, d.code, d.zone," \
	" NULL::text, g.person, NULL::text, g.credential, g.card, g.plate," \
	" g.direction, g.result, NULL::integer, NULL::integer, NULL::integer," \
	" NULL::text, g.score, s.path, g.line, c.shift, s.sha256 FROM" \
	" gate_event g JOIN device d ON d.id = g.gate JOIN source s ON s.id =" \
	" g.source LEFT JOIN clock_correction c ON c.device = g.gate WHERE "
#define PASS_LOOK_TAIL \
	" AND d.code = ANY (w.codes::text[]) AND g.result = 1 AND" \
	" g.direction IN (1, 2) AND g.t < w.before + $4::bigint AND" \
	" g.t - coalesce(c.shift, 0) < w.before ORDER BY 2 DESC, d.code" \
	" COLLATE \"C\" DESC, s.path COLLATE \"C\" DESC, g.line DESC, g.id" \
	" DESC LIMIT 1) r ORDER BY w.k"
static const char *const pass_look_sql[2] = {
	/* $1 people (or cards), $2 each one's gates (a text[] literal),
	   $3 before, $4 the corrections' pad */
	PASS_LOOK_HEAD "g.person = w.who" PASS_LOOK_TAIL,
	PASS_LOOK_HEAD "g.card = w.who AND g.person IS NULL" PASS_LOOK_TAIL,
};
static const char *const pass_look_name[2] = {
	"vigil_pass_person", "vigil_pass_card"
};

/* The look-ups at[0..n) (of q, all by person or all by card: by) sent in
 * one statement, each found to fn. */
static int
pass_look(struct vg_archive *ar, const struct vg_passq *q, const size_t *at,
    size_t n, int by, int64_t pad, vg_passq_fn fn, void *arg,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	struct vg_buf	 a[3], codes = { NULL, 0, 0 };
	struct vg_row	 r;
	PGresult	*res;
	size_t		 i, k;
	int		 j;

	memset(a, 0, sizeof(a));
	for (i = 0; i < n; i++) {
		codes.len = 0;
		for (k = 0; k < q[at[i]].ncodes; k++)
			sp_text(&codes, q[at[i]].codes[k]);
		vg_buf_str(&codes, codes.len ? "}" : "{}");
		sp_text(&a[0], by ? q[at[i]].card : q[at[i]].person);
		sp_text(&a[1], codes.s);
		vg_buf_fmt(&a[2], "%s%lld", i ? "," : "{",
		    (long long)q[at[i]].before);
	}
	free(codes.s);
	sp_params(&p, a, 3);
	p_int(&p, pad);
	res = run_prepared(ar, pass_look_name[by], pass_look_sql[by], &p);
	p_free(&p);
	for (k = 0; k < 3; k++)
		free(a[k].s);
	if (res == NULL) {
		pgerr_as(ar, err, "reading the last passage", NULL, 1);
		return -1;
	}
	for (j = 0; j < PQntuples(res); j++) {
		/* (the row's columns, then the look-up's number) */
		row_read(res, j, &r);
		r.digest = val(res, j, 21);
		(void)fn(at[val_int(res, j, 22) - 1], &r, arg);
	}
	PQclear(res);
	return 0;
}

static int
pg_last_passages(struct vg_archive *ar, const struct vg_passq *q, size_t n,
    vg_passq_fn fn, void *arg, struct vg_error *err)
{
	size_t		*at, m, i;
	int64_t		 pad;
	int		 by, rc = 0;

	pad = scalar(ar, "SELECT coalesce(max(abs(shift)), 0) FROM"
	    " clock_correction", NULL, 0);
	at = xcalloc(PASS_LOOK + 1, sizeof(*at));
	for (by = 0; by < 2 && rc == 0; by++)
		for (i = 0, m = 0; i <= n && rc == 0; i++) {
			if (i == n || m == PASS_LOOK) {
				if (m > 0)
					rc = pass_look(ar, q, at, m, by, pad,
					    fn, arg, err);
				m = 0;
			}
			if (i < n && (by ? q[i].person == NULL &&
			    q[i].card != NULL : q[i].person != NULL))
				at[m++] = i;
		}
	free(at);
	return rc;
}

/*
 * A lookup of a person under a case, recorded with the role the server
 * knows the officer by (the column's default, session_user): in a
 * transaction of its own that may write, though a reader's are read-only.
 */
static int
pg_audit(struct vg_archive *ar, const char *tool, const char *subject,
    const char *why, const char *casename, struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	int		 rc, own = !PG(ar)->intx && !PG(ar)->inbatch;

	if (own && exec(ar, "BEGIN READ WRITE", NULL, err,
	    RECORDING) == -1)
		return -1;
	p_str(&p, tool);
	p_str(&p, subject);
	p_str(&p, why);
	p_str(&p, casename);
	rc = exec_p(ar, "INSERT INTO audit (tool, subject, why, case_id) VALUES"
	    " ($1, $2, $3, $4)", &p, err, RECORDING);
	if (own)
		rc = rc == 0 ? exec(ar, "COMMIT", NULL, err,
		    RECORDING) : (PQclear(PQexec(PG(ar)->conn,
		    "ROLLBACK")), -1);
	return rc;
}

/*
 * Archive copies (archive-copy.c): a span's rows, the roster, the
 * sources and the clock corrections read and written as stored.
 */

/* What a copy's reader of a span's rows hands on. */
struct rows_read {
	vg_ar_raw_fn	 fn;		/* each row to it */
	void		*arg;		/* its argument */
	float		*emb;		/* an embedding decoded */
	size_t		 cap;		/* room in emb */
};

/* A text column as a vg_str (empty for NULL). */
static struct vg_str
val_str(const PGresult *res, int row, int col)
{
	struct vg_str	s;

	s.s = val(res, row, col);
	s.len = s.s != NULL ? (size_t)PQgetlength(res, row, col) : 0;
	return s;
}

static int
gate_rows(struct vg_archive *ar, const PGresult *res, void *arg)
{
	struct rows_read	*rr = arg;
	struct vg_gate_rec	 g;
	int			 i, rc = 0;

	(void)ar;
	for (i = 0; i < PQntuples(res) && rc == 0; i++) {
		memset(&g, 0, sizeof(g));
		g.t = val_int(res, i, 0);
		g.gate = val_int(res, i, 1);
		g.person = val_str(res, i, 2);
		g.credential = (int)val_int(res, i, 3);
		g.card = val_str(res, i, 4);
		g.plate = val_str(res, i, 5);
		g.direction = (int)val_int(res, i, 6);
		g.result = (int)val_int(res, i, 7);
		g.score = val_real(res, i, 8);
		g.line = val_int(res, i, 10);
		g.evno = val_str(res, i, 11);
		rc = rr->fn(&g, NULL, val_int(res, i, 9), rr->arg);
	}
	return rc;
}

static int
sighting_rows(struct vg_archive *ar, const PGresult *res, void *arg)
{
	struct rows_read	*rr = arg;
	struct vg_sighting_rec	 s;
	int			 i, j, rc = 0;

	(void)ar;
	for (i = 0; i < PQntuples(res) && rc == 0; i++) {
		memset(&s, 0, sizeof(s));
		s.camera = val_int(res, i, 0);
		s.track = val_str(res, i, 1);
		s.first = val_int(res, i, 2);
		s.last = val_int(res, i, 3);
		s.kind = (int)val_int(res, i, 4);
		s.person = val_str(res, i, 5);
		s.score = val_real(res, i, 6);
		s.plate = val_str(res, i, 7);
		s.upper = (int)val_int(res, i, 8);
		s.lower = (int)val_int(res, i, 9);
		s.attrs = val_str(res, i, 10);
		for (j = 0; j < 4; j++)
			s.box[j] = val_real(res, i, 11 + j);
		if (!PQgetisnull(res, i, 15) && (s.embdim =
		    vec_hex(PQgetvalue(res, i, 15), &rr->emb, &rr->cap)) > 0)
			s.emb = rr->emb;
		s.line = val_int(res, i, 17);
		s.evno = val_str(res, i, 18);
		rc = rr->fn(NULL, &s, val_int(res, i, 16), rr->arg);
	}
	return rc;
}

static int
pg_span_rows(struct vg_archive *ar, const char *name, vg_ar_raw_fn fn,
    void *arg, struct vg_error *err)
{
	static const char *const sql[NKIND] = {
		"SELECT g.t, g.gate, g.person, g.credential, g.card, g.plate,"
		" g.direction, g.result, g.score, g.source, g.line, e.number"
		" FROM %s%s g LEFT JOIN event_no e ON e.kind = 0 AND"
		" e.row_id = g.id ORDER BY g.id",
		"SELECT s.camera, s.track, s.first, s.last, s.kind, s.person,"
		" s.score, s.plate, s.upper, s.lower, s.attrs, s.x, s.y, s.w,"
		" s.h, s.embedding, s.source, s.line, e.number FROM %s%s s"
		" LEFT JOIN event_no e ON e.kind = 1 AND e.row_id = s.id"
		" ORDER BY s.id",
	};
	static const batch_fn batch[NKIND] = { gate_rows, sighting_rows };
	struct pg_archive	*pg = PG(ar);
	struct rows_read	 rr = { fn, arg, NULL, 0 };
	const struct span	*sp = NULL;
	char			*q, b[VG_SHOWSZ];
	size_t			 i;
	int			 k, rc = 0;

	if (!pg->intx && spans_read(ar, err) == -1)
		return -1;
	for (i = 0; i < pg->nspan && sp == NULL; i++)
		if (strcmp(pg->span[i].name, name) == 0)
			sp = &pg->span[i];
	if (sp == NULL) {
		vg_error_set(err, "'%s': no span '%s'", ar->path, vg_show(name,
		    strlen(name), b, sizeof(b)));
		return -1;
	}
	for (k = 0; k < NKIND && rc == 0; k++) {
		if (sp->rows[k] < 0)
			continue;
		xasprintf(&q, sql[k], kind_table[k], sp->suffix);
		rc = cursor(ar, q, NULL, batch[k], &rr, err, "reading a span");
		free(q);
	}
	free(rr.emb);
	return rc < 0 ? -1 : rc;
}

/* What a copy's reader of the roster hands on. */
struct roster_read {
	vg_ar_person_fn	 fn;		/* each person to it */
	void		*arg;		/* its argument */
};

static int
roster_batch(struct vg_archive *ar, const PGresult *res, void *arg)
{
	const struct roster_read *rr = arg;
	struct vg_person_rec	 r;
	int			 i, rc = 0;

	(void)ar;
	for (i = 0; i < PQntuples(res) && rc == 0; i++) {
		memset(&r, 0, sizeof(r));
		r.id = val_str(res, i, 0);
		r.name = val_str(res, i, 1);
		r.employer = val_str(res, i, 2);
		r.dorm = val_str(res, i, 3);
		r.status = val_str(res, i, 4);
		r.line = val_int(res, i, 6);
		r.cards = val_str(res, i, 7);
		r.plates = val_str(res, i, 8);
		rc = rr->fn(&r, val_int(res, i, 5), rr->arg);
	}
	return rc;
}

static int
pg_roster(struct vg_archive *ar, vg_ar_person_fn fn, void *arg,
    struct vg_error *err)
{
	struct roster_read	rr = { fn, arg };
	int			rc;

	rc = cursor(ar, "SELECT p.id, p.name, p.employer, p.dorm, p.status,"
	    " p.source, p.line, (SELECT string_agg(card, ';' ORDER BY card"
	    " COLLATE \"C\") FROM card WHERE person = p.id), (SELECT"
	    " string_agg(plate, ';' ORDER BY plate COLLATE \"C\") FROM plate"
	    " WHERE person = p.id) FROM person p ORDER BY p.source, p.line,"
	    " p.id COLLATE \"C\"", NULL, roster_batch, &rr, err,
	    "reading the roster");
	return rc < 0 ? -1 : rc;
}

static int
pg_source_put(struct vg_archive *ar, struct vg_source *src,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	int64_t		 imported = src->imported;

	if (pg_source_add(ar, src, err) == -1)
		return -1;
	src->imported = imported;
	p_int(&p, src->id);
	p_int(&p, imported);
	if (exec_p(ar, "UPDATE source SET imported = $2 WHERE id = $1", &p,
	    err, "recording source") == -1)
		return -1;
	return pg_source_done(ar, src, err);
}

static int
pg_offset_put(struct vg_archive *ar, const struct vg_offset *o,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };

	if (pg_set_offset(ar, o->device, o->offset, o->method, o->support,
	    o->uncertainty, o->note, err) == -1)
		return -1;
	p_str(&p, o->device);
	p_int(&p, o->set_at);
	return exec_p(ar, "UPDATE clock_correction SET set_at = $2 WHERE"
	    " device = (SELECT id FROM device WHERE code = $1)", &p, err,
	    "clock correction");
}

/* The audit table's lookups, for a copy. */
static int
pg_audits(struct vg_archive *ar, vg_ar_audit_fn fn, void *arg,
    struct vg_error *err)
{
	struct vg_ar_audit_row	 a;
	PGresult		*res;
	int			 i, rc = 0;

	if ((res = run(ar, "SELECT (extract(epoch FROM at) * 1000000)::bigint,"
	    " role, tool, subject, why, case_id FROM audit ORDER BY id", NULL,
	    err, "reading the audit table")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res) && rc == 0; i++) {
		a.at = val_int(res, i, 0);
		a.role = val(res, i, 1);
		a.tool = val(res, i, 2);
		a.subject = val(res, i, 3);
		a.why = val(res, i, 4);
		a.casename = val(res, i, 5);
		rc = fn(&a, arg);
	}
	PQclear(res);
	return rc < 0 ? -1 : rc;
}

static int
pg_audit_put(struct vg_archive *ar, const struct vg_ar_audit_row *a,
    struct vg_error *err)
{
	struct params	 p = { { NULL }, 0 };
	PGresult	*res;
	int		 rc;

	p_int(&p, a->at);
	p_str(&p, a->role);
	p_str(&p, a->tool);
	p_str(&p, a->subject);
	p_str(&p, a->why);
	p_str(&p, a->casename);
	res = run(ar, "INSERT INTO audit (at, role, tool, subject, why,"
	    " case_id) SELECT to_timestamp($1::bigint / 1000000.0), $2, $3, $4,"
	    " $5, $6 WHERE NOT EXISTS (SELECT 1 FROM audit WHERE at ="
	    " to_timestamp($1::bigint / 1000000.0) AND role = $2 AND tool = $3"
	    " AND subject IS NOT DISTINCT FROM $4 AND why = $5 AND case_id IS"
	    " NOT DISTINCT FROM $6)", &p, err, "copying the audit table");
	p_free(&p);
	if (res == NULL)
		return -1;
	rc = strcmp(PQcmdTuples(res), "1") == 0;
	PQclear(res);
	return rc;
}

const struct vg_archive_ops vg_pg_ops = {
	.open = pg_open,
	.close = pg_close,
	.version = pg_version,
	.timezone = pg_timezone,
	.has = pg_has,
	.has_site = pg_has_site,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.source_find = pg_source_find,
	.source_add = pg_source_add,
	.source_done = pg_source_done,
	.device_ident = pg_device_ident,
	.ndevices = pg_ndevices,
	.devices = pg_devices,
	.embedding_dim = pg_embedding_dim,
	.put_site = pg_put_site,
	.put_person = pg_put_person,
	.put_gate = pg_put_gate,
	.gate_twin = pg_gate_twin,
	.gate_seen = pg_gate_seen,
	.sighting_twin = pg_sighting_twin,
	.person_named = pg_person_named,
	.put_sighting = pg_put_sighting,
	.sources = pg_sources,
	.people = pg_people,
	.site = pg_site,
	.query_run = pg_query_run,
	.query_count = pg_query_count,
	.box = pg_box,
	.graph = pg_graph,
	.window = pg_window,
	.vehicle_devices = pg_vehicle_devices,
	.sighting = pg_sighting,
	.identity = pg_identity,
	.person_looks = pg_person_looks,
	.set_offset = pg_set_offset,
	.offsets = pg_offsets,
	.owner = pg_owner,
	.person = pg_person,
	.put_recording = pg_put_recording,
	.recording_find = pg_recording_find,
	.recordings = pg_recordings,
	.model_read = pg_model_read,
	.model_write = pg_model_write,
	.named = pg_named,
	.sample = pg_sample,
	.device_counts = pg_device_counts,
	.recordings_root = pg_recordings_root,
	.set_recordings_root = pg_set_recordings_root,
	.skew_estimated = pg_skew_estimated,
	.recording_rename = pg_recording_rename,
	.spans = pg_spans,
	.span_check = pg_span_check,
	.span_drop = pg_span_drop,
	.keep = pg_keep,
	.lookvec_build = pg_lookvec_build,
	.lookvec = pg_lookvec,
	.entry_hours = pg_entry_hours,
	.habit = pg_habit,
	.stream = pg_stream,
	.audit = pg_audit,
	.span_rows = pg_span_rows,
	.roster = pg_roster,
	.source_put = pg_source_put,
	.offset_put = pg_offset_put,
	.audits = pg_audits,
	.audit_put = pg_audit_put,
	.last_passages = pg_last_passages,
	.hold = pg_hold,
	.window_lean = pg_window_lean,
	.span_extent = pg_span_extent,
	.slots = pg_slots,
	.windows = pg_windows,
	.pass_store = pg_pass_store,
	.pass_stored = pg_pass_stored,
	.stream_parts = pg_stream_parts,
	.failed = failed_first,
	.count_parts = pg_count_parts,
	.batch = pg_batch,
	.count_bounds = pg_count_bounds,
	.compact = pg_compact,
};
