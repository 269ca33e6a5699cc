/* vigil.h: the interface of libvigil, shared by every vigil tool */
#ifndef VIGIL_H
#define VIGIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define VG_PRINTF(a, b) __attribute__((format(printf, a, b)))

/*
 * Errors.  Library functions return 0 on success and -1 on failure, and
 * on failure fill a struct vg_error with a message for the tool to print.
 */
struct vg_error {
	int	 set;		/* nonzero once a message is set */
	char	*msg;		/* the message, heap-allocated, or NULL */
};

void	 vg_error_set(struct vg_error *, const char *, ...) VG_PRINTF(2, 3);
void	 vg_error_vset(struct vg_error *, const char *, va_list);
void	 vg_error_prefix(struct vg_error *, const char *, ...) VG_PRINTF(2, 3);
void	 vg_error_clear(struct vg_error *);

/* A value quoted in a message: about 60 bytes at most, controls escaped. */
#define VG_SHOWSZ	64
const char *vg_show(const char *, size_t, char *, size_t);
int	 vg_show_raw(const char *, size_t, size_t *);

/* xmalloc.c: allocation that aborts on failure */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...) VG_PRINTF(2, 3);
int	 xvasprintf(char **, const char *, va_list);

/*
 * String helpers (util.c).
 */
struct vg_buf {
	char	*s;		/* bytes, NUL-terminated once any are added */
	size_t	 len;		/* bytes used */
	size_t	 cap;		/* bytes allocated */
};

void	 vg_buf_add(struct vg_buf *, const char *, size_t);
void	 vg_buf_str(struct vg_buf *, const char *);
void	 vg_buf_fmt(struct vg_buf *, const char *, ...) VG_PRINTF(2, 3);
int	 vg_utf8_valid(const char *, size_t);
size_t	 vg_text_width(const char *, size_t);
int	 vg_codepoint_width(uint32_t);
size_t	 vg_utf8_decode(const char *, size_t, uint32_t *);
/* Bounds-checked integer parse, like strtonum(3); NULL on success. */
const char *vg_strtonum(const char *, long long, long long, long long *);
void	 vg_mac_norm(char *);
uint64_t vg_fnv(const char *, size_t);

/*
 * Files written for the officer (util.c): under a temporary name beside
 * the target, synced, then put in place without replacing what is there
 * unless asked.
 */
int	 vg_file_temp(const char *, char **, struct vg_error *);
int	 vg_file_publish(const char *, const char *, int, struct vg_error *);
void	 vg_file_sync_dir(const char *);
int	 vg_write_all(int, const void *, size_t);
void	 vg_qsort(void *, size_t, size_t,
	     int (*)(const void *, const void *));
int	 vg_mkdirs(const char *, unsigned int, struct vg_error *);
char	*vg_read_file(const char *, size_t, size_t *, int *,
	     struct vg_error *);

/* A 5x7 bitmap font (font.c): ASCII letters, digits and - : . + _ / */
#define VG_FONT_W	6	/* pixels a character advances, at scale 1 */
#define VG_FONT_H	9	/* pixels a line advances, at scale 1 */

int	 vg_font_cells(const char *);
void	 vg_font_draw(uint8_t *, int, int, int, int, int, int, int,
	     const char *, const uint8_t *);

/*
 * Time (time.c).  Instants are int64_t microseconds since the Unix epoch,
 * UTC.  A zone comes from the system time-zone database.
 */
#define VG_TIME_NONE	INT64_MIN	/* no time */

struct vg_tz;

struct vg_tz	*vg_tz_open(const char *, struct vg_error *);
void		 vg_tz_free(struct vg_tz *);
const char	*vg_tz_name(const struct vg_tz *);
int		 vg_tz_offset(struct vg_tz *, int64_t);
int		 vg_time_parse(struct vg_tz *, const char *, size_t, int64_t *,
		     const char **);
int		 vg_time_parse_near(struct vg_tz *, const char *, size_t,
		    int64_t, int64_t, int64_t *, const char **);
size_t		 vg_time_format(struct vg_tz *, int64_t, char *, size_t);
int64_t		 vg_now(void);
void		 vg_civil_from_days(int64_t, int64_t *, int *, int *);
void		 vg_local_day(struct vg_tz *, int64_t, int64_t *, int64_t *,
		    char *);
void		 vg_local_period(struct vg_tz *, int64_t, int, int64_t *,
		    int64_t *, char *);

#define VG_TIME_BUFSZ	40	/* room for any vg_time_format result */

/*
 * CSV reader (csv.c): RFC 4180, streaming, with line numbers.
 */
struct vg_csv;

struct vg_field {
	char	*s;		/* the field, unquoted, NUL-terminated */
	size_t	 len;		/* its length in bytes */
};

struct vg_csv_record {
	struct vg_field	*f;	/* the fields */
	size_t		 nf;	/* how many */
	uint64_t	 line;	/* line on which the record starts */
};

#define VG_CSV_MAXREC	(1024 * 1024)	/* longest record accepted */

/* Shown the bytes a reader read from its file, at their offset. */
typedef void	(*vg_csv_tap_fn)(void *, uint64_t, const void *, size_t);

struct vg_csv	*vg_csv_open(int, size_t);
void		 vg_csv_tap(struct vg_csv *, vg_csv_tap_fn, void *);
int		 vg_csv_next(struct vg_csv *, struct vg_csv_record *,
		     const char **);
uint64_t	 vg_csv_line(const struct vg_csv *);
void		 vg_csv_close(struct vg_csv *);

/*
 * Hashing: files with libcrypto (hash.c); short texts with no library
 * (vg_sha256, sha256.c); vg_hex is in util.c.
 */
#define VG_SHA256_HEX	65	/* 64 hex digits and a NUL */

int	 vg_hash_file(const char *, char *, uint64_t *, struct vg_error *);
int	 vg_hash_fd(int, const char *, char *, uint64_t *, const int *,
	     struct vg_error *);
void	 vg_hex(const unsigned char *, size_t, char *);

/*
 * A file's SHA-256 computed from the bytes the caller reads of it (a
 * demuxer's reads), on a thread of its own or as they come, so that it
 * is read once; what the caller skips is read at the end (hash.c).
 */
struct vg_feed;

struct vg_feed	*vg_feed_start(int, const char *, const int *, int);
void	 vg_feed_data(struct vg_feed *, uint64_t, const void *, size_t);
void	 vg_feed_done(struct vg_feed *);
int	 vg_feed_end(struct vg_feed *, char *, uint64_t *, struct vg_error *);
void	 vg_sha256(const void *, size_t, unsigned char [32]);

/*
 * Site description: read and written as XML (site.c); held in memory,
 * freed and searched with no XML library (site-data.c); vg_share_dir is
 * in util.c.
 */
enum vg_devtype {
	VG_GATE = 1,		/* a gate, turnstile or door */
	VG_CAMERA = 2		/* a camera */
};

#define VG_CRED_FACE	0x01	/* credential bits of a gate */
#define VG_CRED_BADGE	0x02
#define VG_CRED_PLATE	0x04
#define VG_CRED_QR	0x08
#define VG_CRED_PIN	0x10
#define VG_CRED_FINGER	0x20

struct vg_zone {
	char	*id;		/* zone id */
	char	*name;		/* display name */
	int	 ring;		/* 1 (perimeter) to 5 (core) */
	char	*hours;		/* open hours, "HH:MM-HH:MM[,...]" local
				   time, or NULL */
	long	 line;		/* line in site.xml */
};

#define VG_DAY_MINUTES	1440
int	 vg_hours_parse(const char *, unsigned char [VG_DAY_MINUTES],
	     const char **);

struct vg_place {
	char	*id;		/* place id */
	char	*name;		/* display name */
	char	*zone;		/* zone id */
	char	*kind;		/* overpass, dormitory, ... */
	double	 x, y;		/* metres on the site plan */
	long	 line;		/* line in site.xml */
};

/* How a vendor's files name a device (site.xml's ident element). */
struct vg_ident {
	char	*vendor;	/* onvif, hikvision, dahua, zkteco */
	char	*device;	/* the device's own id, or NULL */
	char	*channel;	/* a channel within it, or NULL */
	long	 line;		/* line in site.xml */
};

struct vg_device {
	char		*id;		/* device id */
	char		*name;		/* display name */
	enum vg_devtype	 type;		/* gate or camera */
	char		*zone;		/* zone id */
	double		 x, y;		/* metres on the site plan */
	char		*kind;		/* gate kind; NULL for cameras */
	unsigned	 creds;		/* gate credentials, VG_CRED_* */
	char		*place;		/* place watched (cameras), or NULL */
	char		*gate;		/* gate watched (cameras), or NULL */
	double		 heading;	/* camera heading, degrees; NAN if none */
	int		 face;		/* camera matches faces */
	char		*recordings;	/* recording name pattern, or NULL */
	char		*ext;		/* foreign attributes, JSON, or NULL */
	struct vg_ident	*idents;	/* vendor identifiers */
	size_t		 nidents;	/* how many */
	long		 line;		/* line in site.xml */
};

struct vg_link {
	char	*from;		/* device id */
	char	*to;		/* device id */
	int	 min;		/* shortest plausible transit, seconds */
	int	 max;		/* longest plausible transit, seconds */
	int	 directed;	/* from -> to only */
	long	 line;		/* line in site.xml */
};

struct vg_site {
	char		*id;		/* site id */
	char		*name;		/* display name */
	char		*timezone;	/* IANA zone name */
	struct vg_zone	*zones;		/* zones, in document order */
	size_t		 nzones;	/* how many */
	struct vg_place	*places;	/* places */
	size_t		 nplaces;	/* how many */
	struct vg_device *devices;	/* gates and cameras */
	size_t		 ndevices;	/* how many */
	struct vg_link	*links;		/* walking links */
	size_t		 nlinks;	/* how many */
};

const char	*vg_share_dir(void);
int		 vg_site_load(const char *, struct vg_site **,
		     struct vg_error *);
int		 vg_site_load_memory(const char *, size_t, const char *,
		     struct vg_site **, struct vg_error *);
void		 vg_site_free(struct vg_site *);
int		 vg_site_write(const struct vg_site *, const char *,
		     struct vg_error *);
const struct vg_device *vg_site_device(const struct vg_site *, const char *);
const struct vg_zone *vg_site_zone(const struct vg_site *, const char *);
int		 vg_site_is_site(const char *, size_t);
const char	*vg_xml_root(const char *, size_t, char *, size_t);

/*
 * Output modes (output.c): a table of rows written as box, table, csv,
 * tsv, json, jsonl or line.
 */
enum vg_fmt {
	VG_FMT_BOX,		/* Unicode box drawing, for a terminal */
	VG_FMT_TABLE,		/* ASCII table */
	VG_FMT_CSV,		/* RFC 4180 with a header */
	VG_FMT_TSV,		/* tab-separated with a header */
	VG_FMT_JSON,		/* one JSON array of objects */
	VG_FMT_JSONL,		/* one JSON object per line */
	VG_FMT_LINE		/* one "column = value" per line */
};

enum vg_coltype {
	VG_COL_TEXT,		/* a string */
	VG_COL_NUM		/* a number, bare in JSON */
};

struct vg_col {
	const char	*name;	/* column name */
	enum vg_coltype	 type;	/* how JSON writes it */
};

struct vg_out;

int		 vg_fmt_parse(const char *, enum vg_fmt *);
const char	*vg_fmt_names(void);
struct vg_out	*vg_out_new(FILE *, enum vg_fmt, const struct vg_col *, size_t);
int		 vg_out_row(struct vg_out *, const char *const *);
int		 vg_out_end(struct vg_out *);
void		 vg_out_fit(struct vg_out *, size_t, int);

/*
 * Long work tells a tool how far it is (what, done of total) through a
 * callback, so that the tool draws it: the library never prints.
 */
typedef void	(*vg_progress_fn)(void *, const char *, int64_t, int64_t);

/*
 * The archive (archive.c).  Every SQL statement lives behind this
 * interface, in the back end's file (archive-sqlite.c; archive-impl.h).
 */
struct vg_archive;

#define VG_ARCHIVE_RDONLY	0x0	/* open for reading */
#define VG_ARCHIVE_RDWR		0x1	/* open for writing */
#define VG_ARCHIVE_CREATE	0x2	/* create if missing */

enum vg_format {
	VG_FORMAT_UNKNOWN,	/* not recognised */
	VG_FORMAT_SITE,		/* site.xml */
	VG_FORMAT_ROSTER,	/* roster.csv */
	VG_FORMAT_GATE,		/* *.gate.csv */
	VG_FORMAT_SIGHTINGS,	/* *.sightings.csv */
	VG_FORMAT_ZKTECO,	/* ZKTeco *_attlog.dat */
	VG_FORMAT_DAHUA,	/* Dahua RPC2 event JSON */
	VG_FORMAT_HIKVISION,	/* Hikvision ISAPI EventNotificationAlert XML */
	VG_FORMAT_HIKACS,	/* Hikvision ISAPI AcsEvent JSON */
	VG_FORMAT_ONVIF,	/* ONVIF metadata stream and events */
	VG_FORMAT_LAST = VG_FORMAT_ONVIF
};

struct vg_source {
	int64_t		 id;		/* source row id */
	char		*path;		/* path as given at import */
	char		 sha256[VG_SHA256_HEX]; /* content digest */
	uint64_t	 size;		/* bytes */
	enum vg_format	 format;	/* format */
	int64_t		 imported;	/* import time, UTC microseconds */
	int64_t		 rows;		/* rows imported */
	int64_t		 rejected;	/* rows rejected */
};

int	 vg_archive_open(const char *, int, struct vg_archive **,
	     struct vg_error *);
int	 vg_archive_is_server(const char *);
void	 vg_archive_lean(void);
void	 vg_archive_close(struct vg_archive *);
int	 vg_archive_version(struct vg_archive *);
struct vg_tz *vg_archive_tz(struct vg_archive *);
/*
 * Spans: the archive's gate events and sightings are partitioned by
 * time, a span per day of the site's zone (a range partition on a
 * database server), so that a night's import costs the same whatever
 * the archive's age and retention drops whole spans.
 */
struct vg_span {
	const char	*name;		/* YYYY-MM-DD, or "legacy" (rows
					   imported before spans) */
	int64_t		 start;		/* first instant it holds, UTC us */
	int64_t		 end;		/* first instant past it */
	int64_t		 gates;		/* gate events */
	int64_t		 sightings;	/* sightings */
};

typedef int	(*vg_span_fn)(const struct vg_span *, void *);
typedef int	(*vg_problem_fn)(const char *, const char *, void *);

int	 vg_archive_spans(struct vg_archive *, vg_span_fn, void *,
	     struct vg_error *);
int	 vg_archive_lookvec_build(struct vg_archive *, size_t *, int64_t *,
	     struct vg_error *);
/* The start of the first span with rows and the end of the last: 1, or
 * 0 when there are none. */
int	 vg_archive_bounds(struct vg_archive *, int64_t *, int64_t *,
	     struct vg_error *);
/* The times of the first and last rows: 1, or 0 when there are none. */
int	 vg_archive_extent(struct vg_archive *, int64_t *, int64_t *,
	     struct vg_error *);
int	 vg_archive_span_check(struct vg_archive *, const char *,
	     vg_problem_fn, void *, struct vg_error *);
int	 vg_archive_span_drop(struct vg_archive *, const char *const *,
	     size_t, vg_span_fn, void *, struct vg_error *);
int	 vg_archive_keep(struct vg_archive *, int64_t, vg_span_fn, void *,
	     struct vg_error *);
/* A span merged of n others by vg_archive_compact, or (n 0) a period
 * left as it was and why. */
typedef int	(*vg_merged_fn)(const struct vg_span *, size_t, const char *,
		    void *);
int	 vg_archive_compact(struct vg_archive *, int64_t, int, vg_merged_fn,
	     void *, struct vg_error *);
/* The spans' structure lock (a merge, a drop, retention; an import into
 * a span being merged): another's waited for up to secs seconds (0: fail
 * at once); fn (may be NULL) told of a stale one taken over. */
typedef void	(*vg_lock_fn)(const char *, void *);
void	 vg_archive_lock_wait(struct vg_archive *, int, vg_lock_fn, void *);
int	 vg_archive_locked(struct vg_archive *);
int	 vg_archive_defer(struct vg_archive *, int64_t, struct vg_error *);
int	 vg_archive_settle(struct vg_archive *, struct vg_error *);
int	 vg_archive_site(struct vg_archive *, struct vg_site **,
	     struct vg_error *);
const char *vg_format_name(enum vg_format);

/* What an archive holds, for a tool to say which step is missing. */
enum vg_holds {
	VG_HOLDS_SITE,		/* a site description */
	VG_HOLDS_ROSTER,		/* people on the roster */
	VG_HOLDS_LOGS,		/* gate events or sightings */
	VG_HOLDS_SIGHTINGS,	/* camera sightings */
	VG_HOLDS_RECORDINGS,	/* recordings indexed */
	VG_HOLDS_CORRECTIONS	/* clock offsets estimated or set */
};

int	 vg_archive_has(struct vg_archive *, enum vg_holds);

/* One person on the roster, as the archive holds it. */
struct vg_person {
	const char	*id;		/* roster id */
	const char	*name;		/* full name, or NULL */
	const char	*employer;	/* unit or agency, or NULL */
	const char	*dorm;		/* dormitory place, or NULL */
	const char	*status;	/* active, left, visitor, ... or NULL */
};

typedef int	(*vg_person_fn)(const struct vg_person *, void *);
int	 vg_archive_people(struct vg_archive *, const char *, vg_person_fn,
	     void *, struct vg_error *);

/*
 * Spans of one archive copied into another, whatever their back ends, in
 * one transaction of the destination (archive-copy.c).
 */
struct vg_copy {
	const char *const *spans;	/* spans by name ... */
	size_t		 nspans;	/* ... how many */
	int64_t		 from;		/* and those that end after from ... */
	int64_t		 to;		/* ... and begin before to (each
					   VG_TIME_NONE: open); no span and
					   no time: every span */
	size_t		 ncopied;	/* spans copied */
	size_t		 nsame;		/* spans the destination held with the
					   same rows, left */
	int64_t		 gates;		/* gate events copied */
	int64_t		 sightings;	/* sightings copied */
	int64_t		 sources;	/* imported files registered */
	int64_t		 people;	/* people of the roster copied */
	int64_t		 offsets;	/* clock corrections copied */
	int64_t		 offsets_kept;	/* the destination's own, which differ,
					   kept */
	int64_t		 recordings;	/* recordings' index entries copied */
	int64_t		 audits;	/* lookups of the audit table copied */
	int64_t		 audits_left;	/* lookups not copied: the destination
					   keeps no audit table */
	int		 site;		/* the site was copied */
	int		 model;		/* the learned model was copied */
};

int	 vg_archive_copy(struct vg_archive *, struct vg_archive *,
	     struct vg_copy *, struct vg_error *);

/*
 * Imports (import.c).
 */
struct vg_reject {
	uint64_t	 line;		/* line of the rejected record */
	char		*reason;	/* why */
};

struct vg_import {
	const char	*path;		/* file to import */
	enum vg_format	 format;	/* forced format, or VG_FORMAT_UNKNOWN */
	int		 keep_going;	/* import the good rows of a bad file */
	struct vg_tz	*tz;		/* zone of local times; NULL: site's */
	size_t		 max_rejects;	/* rejects to keep; the rest counted */
	const char	*device;	/* gate or camera of a vendor file that
					   does not name its device, or NULL */

	/* results */
	struct vg_source source;	/* what was recorded */
	int		 duplicate;	/* the file was imported before */
	int		 nosite;	/* refused: the archive has no site
					   description yet */
	struct vg_reject *rejects;	/* rejected records */
	size_t		 nrejects;	/* how many are kept */
	int64_t		 nrejected;	/* how many in all */
	int64_t		 nrepeated;	/* records the archive already held
					   (a punch exported twice), left out */
	int64_t		 nother;	/* events of kinds vigil does not keep
					   (motion alarms, heartbeats) */
	int64_t		 latest;	/* latest plausible time of a record:
					   a day after the import began */
};

enum vg_format vg_detect_format(const char *, const char *, size_t);
int	 vg_import_file(struct vg_archive *, struct vg_import *,
	     struct vg_error *);
void	 vg_import_reset(struct vg_import *);
int	 vg_import_device(struct vg_archive *, const char *,
	     struct vg_error *);

/*
 * Queries (archive.c).
 */
#define VG_ROW_GATE	1	/* a gate event */
#define VG_ROW_SIGHTING	2	/* a camera sighting */

struct vg_query {
	const char	*person;	/* roster id */
	const char	*card;		/* badge number */
	const char	*plate;		/* vehicle plate */
	const char	*gate;		/* gate id */
	const char	*camera;	/* camera id */
	const char	*zone;		/* zone id, or a ring number */
	const char	*near;		/* place or device id */
	double		 radius;	/* metres around near */
	int64_t		 from;		/* earliest, or VG_TIME_NONE */
	int64_t		 to;		/* latest, or VG_TIME_NONE */
	int		 strangers;	/* no roster match only */
	int		 kinds;		/* VG_ROW_* bits; 0 means both */
	int64_t		 limit;		/* most rows, 0 for all */
	int		 objects;	/* sightings of these VG_SEE_* kinds
					   only; 0 any */
	int		 upper;		/* upper clothing colour (vg_colour),
					   0 any */
	int		 lower;		/* lower clothing colour, 0 any */
	const char *const *attrs;	/* key=value attributes a sighting
					   must all carry */
	size_t		 nattr;		/* how many */
	const char	*platelike;	/* plate pattern (? one character,
					   * any run), matched with ANPR's
					   confusions; rows by distance */
	int		 plateerrs;	/* further edits platelike allows */
	int		 vectors;	/* rows carry appearance vectors */
	const char	*track;		/* sighting track (of camera) */
	const int64_t	*ids;		/* sightings of these row ids only, or
					   NULL */
	size_t		 nids;		/* how many */
};

#define VG_SEE_PERSON	0x02	/* sightings of a person's body */
#define VG_SEE_FACE	0x04	/* of a face */
#define VG_SEE_VEHICLE	0x08	/* of a vehicle */

struct vg_row {
	int		 type;		/* VG_ROW_GATE or VG_ROW_SIGHTING */
	int64_t		 t;		/* time (first seen), UTC us */
	int64_t		 last;		/* last seen, or VG_TIME_NONE */
	const char	*device;	/* gate or camera id */
	const char	*zone;		/* zone of the device */
	const char	*track;		/* sighting track, or NULL */
	const char	*person;	/* roster id, or NULL */
	const char	*name;		/* roster name, or NULL */
	const char	*credential;	/* gate: credential */
	const char	*card;		/* gate: badge read */
	const char	*plate;		/* plate read */
	const char	*direction;	/* gate: in, out, unknown */
	const char	*result;	/* gate: granted, denied, alarm */
	const char	*kind;		/* sighting: person, face, vehicle */
	const char	*upper;		/* sighting: upper clothing colour */
	const char	*lower;		/* sighting: lower clothing colour */
	const char	*attrs;		/* sighting: attributes */
	double		 score;		/* confidence, or NAN */
	const char	*source;	/* source file path */
	const char	*digest;	/* its SHA-256, hex (vg_ar_stream), or
					   NULL */
	int64_t		 line;		/* line in the source */
	int64_t		 offset;	/* clock correction applied, or VG_TIME_NONE */
	double		 distance;	/* from the plate pattern, or NAN */
	double		 similarity;	/* to a look (vg_look_run), log10 of
					   the likelihood ratio, or NAN */
	const float	*vec;		/* appearance vector (with vectors),
					   valid during the callback, or NULL */
	size_t		 nvec;		/* its length */
};

typedef int (*vg_row_fn)(const struct vg_row *, void *);

void	 vg_query_init(struct vg_query *);
int	 vg_query_run(struct vg_archive *, const struct vg_query *, vg_row_fn,
	     void *, struct vg_error *);
int	 vg_query_count(struct vg_archive *, const struct vg_query *, int64_t *,
	     struct vg_error *);
int	 vg_ar_box(struct vg_archive *, const char *, const char *, const char *,
	     double [4], struct vg_error *);

typedef int (*vg_hours_fn)(const char *, int, int64_t, void *);
int	 vg_ar_entry_hours(struct vg_archive *, vg_hours_fn, void *,
	     struct vg_error *);
int	 vg_ar_habit(struct vg_archive *, const char *, const char *,
	     uint32_t *, struct vg_error *);
int	 vg_ar_stream(struct vg_archive *, const char *const *, size_t,
	     int64_t, int64_t, vg_row_fn, void *, struct vg_error *);

/* A look-up of the last passage through a boundary before a time. */
struct vg_passq {
	const char		*person; /* the person's id, or NULL */
	const char		*card;	/* else the card's, read with no
					   person */
	const char *const	*codes;	/* the boundary's gates, by id */
	size_t			 ncodes; /* how many */
	int64_t			 before; /* corrected time, UTC us */
	int			 dir;	/* 1 in, 2 out: the last passage is
					   wanted only if it went that way (a
					   back end may give it anyway); 0 any */
};

typedef int (*vg_passq_fn)(size_t, const struct vg_row *, void *);
int	 vg_ar_last_passages(struct vg_archive *, const struct vg_passq *,
	     size_t, vg_passq_fn, void *, struct vg_error *);

/* A passage a span's passback scan reported (the second of two the same
 * way), or where its head count or alarms found a tailgater, as the
 * import stores it for scans of shorter spans. */
struct vg_pcand {
	int64_t		 t;		/* its corrected time, UTC us */
	const char	*device;	/* its gate, by id */
	int64_t		 line;		/* its line in its source; -1: a
					   tailgating row's gate and time;
					   VG_PCAND_TRAVEL - 2 line - k: the
					   first (k 0) or second (k 1) row
					   of an impossible-travel pair */
};
#define VG_PCAND_TRAVEL	(-2)

/* scan [from, to] (corrected times): its candidates into *out, *n */
typedef int (*vg_pscan_fn)(int64_t, int64_t, struct vg_pcand **, size_t *,
    void *, struct vg_error *);
typedef int (*vg_pcand_fn)(const struct vg_pcand *, void *);
int	 vg_ar_pass_store(struct vg_archive *, int, vg_pscan_fn, void *,
	     struct vg_error *);
int	 vg_ar_pass_stored(struct vg_archive *, int64_t, int64_t, vg_pcand_fn,
	     void *, struct vg_error *);

/* A part of a narrowed stream: a device's rows, or a person's or a
 * card's at any gate, with corrected times from..to. */
struct vg_spart {
	const char	*code;		/* the device's id, or the person's or
					   card's */
	int64_t		 from;		/* corrected times, UTC us, */
	int64_t		 to;		/* inclusive */
};

/* What vg_ar_stream_parts gives of its parts. */
enum vg_spart_how {
	VG_SP_ROWS,		/* the devices' rows, in vg_ar_stream's order
				   (a device's parts apart) */
	VG_SP_REFUSED,		/* of them, the gate events not granted */
	VG_SP_TIMES,		/* every gate event, those granted by their
				   time, device and result alone, each
				   part in turn */
	VG_SP_PERSON,		/* each person's gate events at any gate,
				   each in that order, in turn */
	VG_SP_CARD,		/* each card's */
	VG_SP_STATUS		/* the passages granted in or out of the
				   people of one status (the first part's
				   code, its times) at the other parts'
				   gates, a person's after another's in
				   order of their ids, each's in that
				   order; 0 where a back end cannot */
};

int	 vg_ar_stream_parts(struct vg_archive *, const struct vg_spart *,
	     size_t, int, vg_row_fn, void *, struct vg_error *);
int	 vg_ar_count_parts(struct vg_archive *, const struct vg_spart *,
	     size_t, int64_t *, struct vg_error *);
int	 vg_ar_count_bounds(struct vg_archive *, const struct vg_spart *,
	     size_t, int64_t *, int64_t *, int64_t *, struct vg_error *);

void	 vg_row_copy(struct vg_row *, const struct vg_row *);
int	 vg_colour(const char *);

/* Search by look (like.c): the sightings that look like some others. */
struct vg_like {
	const char	*camera;	/* camera id */
	const char	*track;		/* its track */
};
struct vg_look;
int	 vg_look_load(struct vg_archive *, const struct vg_like *, size_t,
	     struct vg_look **, struct vg_error *);
int	 vg_look_named(const struct vg_look *);
int	 vg_look_has_vector(const struct vg_look *);
int	 vg_look_run(struct vg_archive *, const struct vg_query *,
	     struct vg_look *, double, vg_row_fn, void *,
	     struct vg_error *);
const char *vg_look_why(const struct vg_look *);
#define VG_LOOK_INDEX_NEVER	0	/* scan every sighting */
#define VG_LOOK_INDEX_LARGE	1	/* a span's index when it pays */
#define VG_LOOK_INDEX_ALWAYS	2	/* every span's index there is */
void	 vg_look_index(struct vg_look *, const char *, int);
const char *vg_look_index_why(const struct vg_look *);
size_t	 vg_look_indexed(const struct vg_look *);
size_t	 vg_look_approximate(const struct vg_look *);
#define VG_LOOK_BUDGET	2	/* rounds of an index's search after the
				   first, by default (bench/README.md) */
void	 vg_look_budget(struct vg_look *, int);
int	 vg_lookix_built(void);
#define VG_LOOKIX_FEW	1000	/* sightings (vectors) too few to index */
/* an index built (span, vectors, NULL) or not (span, 0, why): non-zero
 * stops */
typedef int	(*vg_lookix_fn)(const char *, size_t, const char *, void *);
int	 vg_lookix_update(struct vg_archive *, const char *, int, vg_lookix_fn,
	     void *, struct vg_error *);
int	 vg_lookix_exists(const char *, const char *);
void	 vg_lookix_merged(struct vg_archive *, const char *,
	     const struct vg_span *, int, vg_lookix_fn, void *);
int	 vg_look_query(struct vg_archive *, const struct vg_query *,
	     vg_row_fn, void *, struct vg_error *);
void	 vg_look_free(struct vg_look *);
double	 vg_plate_distance(const char *, const char *, int);
void	 vg_row_free(struct vg_row *);

/*
 * Anomalies (anomaly.c): what should not have happened, found in one pass
 * over a span of the archive.
 */
enum vg_anomaly_kind {
	VG_AN_TRAVEL,		/* impossible-travel: one credential, two
				   places, too little time between */
	VG_AN_TAILGATE,		/* tailgating: an alarm right after a grant */
	VG_AN_PASSBACK,		/* passback: in twice, or out twice */
	VG_AN_NEVERLEFT,	/* never-left: a vehicle still in */
	VG_AN_FACE,		/* face-mismatch: a badge, another face */
	VG_AN_HOURS,		/* after-hours: an inner zone at an hour
				   nobody keeps */
	VG_AN_DENIED,		/* denied-burst: denial after denial */
	VG_AN_STRANGER,		/* stranger: an unknown face, again and
				   again, or lingering */
	VG_AN_N
};

extern const char *const vg_anomaly_names[VG_AN_N];

struct vg_anomaly_opts {
	unsigned	 kinds;		/* 1 << VG_AN_* bits; 0 for all */
	int64_t		 from;		/* span's start, or VG_TIME_NONE */
	int64_t		 to;		/* span's end, or VG_TIME_NONE */
	int64_t		 tolerance;	/* clock error allowed, us */
	double		 pace;		/* a brisk walk, metres a second */
	double		 drive;		/* a vehicle's pace, metres a second */
	int64_t		 tailgate;	/* an alarm this soon after a grant */
	int64_t		 face;		/* a face this near a badge read, us */
	int64_t		 stay;		/* a vehicle's limit, us; 0 learned */
	int64_t		 visit;		/* a visitor's limit, us */
	int64_t		 burst;		/* denials counted within, us */
	int		 burstn;	/* denials of one card that make one */
	int		 ring;		/* after-hours: this ring and inner */
	int		 devices;	/* stranger: seen at this many cameras */
	int64_t		 linger;	/* stranger: or in view this long at
					   one, us */
	double		 same;		/* stranger: least log likelihood ratio
					   of one face to another's */
	vg_progress_fn	 progress;	/* told the rows read, or NULL */
	void		*parg;		/* its argument */
};

struct vg_anomaly {
	char		 id[16];	/* kind letters and a hash of its
					   evidence: stable across scans */
	enum vg_anomaly_kind kind;	/* what */
	int64_t		 t;		/* when, UTC us */
	char		*device;	/* where */
	char		*zone;		/* its zone */
	char		*person;	/* roster id, or NULL */
	char		*card;		/* badge, or NULL */
	char		*plate;		/* plate, or NULL */
	double		 score;		/* seriousness, 0 to 1 */
	char		*reason;	/* one line a person understands */
	struct vg_row	*ev;		/* the rows that make it */
	size_t		 nev;		/* how many */
};

void	 vg_anomaly_opts_init(struct vg_anomaly_opts *);
int	 vg_anomaly_kind(const char *);
int	 vg_anomaly_id_kind(const char *);
int	 vg_anomaly_scan(struct vg_archive *, const struct vg_site *,
	     const struct vg_anomaly_opts *, struct vg_anomaly **, size_t *,
	     struct vg_error *);
void	 vg_anomaly_free(struct vg_anomaly *, size_t);
void	 vg_anomaly_sort(struct vg_anomaly *, size_t);
int	 vg_anomaly_find(struct vg_archive *, const struct vg_site *,
	     const struct vg_anomaly_opts *, struct vg_anomaly **, size_t *,
	     struct vg_error *);
int	 vg_anomaly_store(struct vg_archive *, int, struct vg_error *);

typedef int (*vg_source_fn)(const struct vg_source *, void *);
int	 vg_archive_sources(struct vg_archive *, vg_source_fn, void *,
	     struct vg_error *);

/*
 * Tracking (archive.c reads, track.c searches).
 */
struct vg_gdev {
	int64_t		 row;		/* device row id */
	char		*code;		/* device id */
	int		 type;		/* VG_GATE or VG_CAMERA */
	int		 face;		/* camera matches faces */
	int		 watches;	/* camera watches a place (may re-enter) */
	double		 x, y;		/* metres on the site plan */
	int64_t		 offset;	/* clock ahead of true time, us */
	int		 corrected;	/* offset is a recorded correction */
};

struct vg_glink {
	int		 a, b;		/* devices, by index */
	int		 min, max;	/* transit seconds */
	int		 directed;	/* a to b only */
};

struct vg_graph {
	struct vg_gdev	*dev;		/* devices */
	size_t		 ndev;		/* how many */
	struct vg_glink	*link;		/* links */
	size_t		 nlink;		/* how many */
	int		*index;		/* device index by row id */
	size_t		 nindex;	/* its length */
};

struct vg_obs {
	int		 type;		/* VG_ROW_GATE or VG_ROW_SIGHTING */
	int64_t		 id;		/* row id in its table */
	int		 dev;		/* device, by index in the graph */
	char		*track;		/* sighting track, or NULL */
	int64_t		 first;		/* clock-corrected first seen, UTC us */
	int64_t		 last;		/* clock-corrected last seen */
	int64_t		 raw;		/* first, as logged */
	char		*person;	/* face match or gate read, or NULL */
	double		 score;		/* its confidence, or NAN */
	int		 upper;		/* colour code, 0 unknown */
	int		 lower;		/* colour code, 0 unknown */
	int		 sex;		/* 1 male, 2 female, 0 unknown */
	char		*attrs;		/* sighting attributes, key=value;...,
					   or NULL */
	int		 credential;	/* gates: how */
	int		 direction;	/* gates: in or out */
	int		 vehicle;	/* a vehicle sighting or a plate read */
	char		*plate;		/* the plate read, or NULL */
	float		*emb;		/* appearance vector, or NULL */
	size_t		 embdim;	/* its length */
	char		*source;	/* file it came from */
	int64_t		 line;		/* line in the file */
};

struct vg_offset {
	const char	*device;	/* device id */
	int64_t		 offset;	/* clock ahead of true time, us */
	const char	*method;	/* how it was set */
	int64_t		 support;	/* observations behind it */
	int64_t		 uncertainty;	/* about how far off, us */
	const char	*note;		/* why, or NULL */
	int64_t		 set_at;	/* when, UTC us */
};

typedef int (*vg_obs_fn)(const struct vg_obs *, void *);
typedef int (*vg_offset_fn)(const struct vg_offset *, void *);

int	 vg_ar_graph(struct vg_archive *, struct vg_graph *, struct vg_error *);
void	 vg_graph_free(struct vg_graph *);
int	 vg_ar_window(struct vg_archive *, const struct vg_graph *, int,
	     int64_t, int64_t, vg_obs_fn, void *, struct vg_error *);
int	 vg_ar_sighting(struct vg_archive *, const struct vg_graph *,
	     const char *, const char *, struct vg_obs *, struct vg_error *);
int	 vg_ar_sighting_at(struct vg_archive *, const struct vg_graph *,
	     const char *, const char *, int64_t, struct vg_obs *,
	     struct vg_error *);
int	 vg_ar_identity(struct vg_archive *, const struct vg_graph *,
	     const char *, int64_t, int64_t, vg_obs_fn, void *,
	     struct vg_error *);
void	 vg_obs_copy(struct vg_obs *, const struct vg_obs *);
int	 vg_ar_vehicle_devices(struct vg_archive *, const struct vg_graph *,
	     int *, struct vg_error *);
void	 vg_obs_free(struct vg_obs *);
int	 vg_ar_set_offset(struct vg_archive *, const char *, int64_t,
	     const char *, int64_t, int64_t, const char *, struct vg_error *);
int	 vg_ar_offsets(struct vg_archive *, vg_offset_fn, void *,
	     struct vg_error *);

struct vg_model;

struct vg_track_opts {
	const struct vg_model *model;	/* the site model, or NULL to load it */
	int		 forward;	/* search after the anchor */
	int		 backward;	/* search before it */
	int64_t		 window;	/* how far each way, us */
	int		 beam;		/* hypotheses kept at each step */
	int		 hypotheses;	/* paths returned */
	int		 greedy;	/* nearest in time only: the baseline */
	const char *const *confirm;	/* CAMERA:TRACK pinned by the officer */
	size_t		 nconfirm;	/* how many */
	const char *const *reject;	/* CAMERA:TRACK forbidden */
	size_t		 nreject;	/* how many */
};

struct vg_hop {
	struct vg_obs	 obs;		/* what was seen */
	int		 anchor;	/* the starting observation */
	double		 transit;	/* seconds from the hop before, or NAN */
	double		 clock;		/* its camera's clock ahead of the time
					   the path implies, s (0: none) */
	int		 lmin, lmax;	/* bounds of the way between them */
	int		 skipped;	/* cameras passed unseen between */
	double		 appearance;	/* 0..1 likeness, or NAN */
	int		 identity;	/* +1 the same person, -1 another, 0 */
	double		 llr;		/* log score against chance */
	double		 confidence;	/* chance it is right, all told */
	struct vg_obs	*alt;		/* runner-ups at its step */
	double		*altconf;	/* their shares */
	size_t		 nalt;		/* how many */
};

struct vg_path {
	struct vg_hop	*hop;		/* hops, in time order */
	size_t		 nhop;		/* how many */
	size_t		 anchor;	/* index of the anchor */
	double		 score;		/* total log score */
};

void	 vg_track_opts_init(struct vg_track_opts *);
int	 vg_track(struct vg_archive *, const struct vg_graph *,
	     const struct vg_obs *, const struct vg_track_opts *,
	     struct vg_path **, size_t *, struct vg_error *);
void	 vg_path_free(struct vg_path *, size_t);

/* A simulator's ground truth (archive-sqlite.c reads truth.json). */
struct vg_truth_hop {
	char		*device;	/* device id */
	char		*track;		/* sighting track, NULL for gates or missed */
	int64_t		 time;		/* true time, UTC us */
	int		 gate;		/* a gate passage */
};

struct vg_truth {
	int64_t		 index;		/* position in truth.json */
	char		*kind;		/* overpass-assault, ... */
	int64_t		 time;		/* when */
	char		*anchor_camera;	/* the anchor, or NULL */
	char		*anchor_track;	/* its track */
	char		*suspect;	/* roster id, or NULL */
	struct vg_truth_hop *hop;	/* the true path, in time order */
	size_t		 nhop;		/* how many */
};

char	*vg_ar_owner(struct vg_archive *, const char *, const char *);
int	 vg_ar_person(struct vg_archive *, const char *, char **,
	     struct vg_error *);
const char *vg_colour_name(int);
int	 vg_truth_load(const char *, struct vg_truth **, size_t *,
	     struct vg_error *);
void	 vg_truth_free(struct vg_truth *, size_t);

/*
 * Recordings: camera video segments, probed by media.c and indexed in
 * the archive (archive.c).
 */
struct vg_media {
	char		*container;	/* libavformat's name for it, or NULL */
	char		*codec;		/* video codec, or NULL */
	int		 width;		/* pixels, 0 if unknown */
	int		 height;	/* pixels, 0 if unknown */
	double		 fps;		/* frames a second, 0 if unknown */
	int64_t		 duration;	/* real duration, us, or -1 */
	int64_t		 declared;	/* duration the container gives, or -1 */
	int64_t		 created;	/* creation time it gives, or VG_TIME_NONE */
	int64_t		*keyframes;	/* keyframe offsets from the start, us */
	size_t		 nkeyframes;	/* how many */
	const char	*status;	/* ok, truncated, corrupt or not video */
	char		*problem;	/* why not ok, or NULL */
};

struct vg_recording {
	const char	*camera;	/* camera id */
	const char	*path;		/* file, as found */
	int64_t		 start;		/* UTC us, or VG_TIME_NONE */
	int64_t		 duration;	/* us, or -1 if unknown */
	const char	*container;	/* container, or NULL */
	const char	*codec;		/* video codec, or NULL */
	int		 width;		/* pixels, 0 if unknown */
	int		 height;	/* pixels, 0 if unknown */
	double		 fps;		/* frames a second, 0 if unknown */
	uint64_t	 size;		/* bytes */
	int64_t		 mtime;		/* modification time, UTC us */
	char		 sha256[VG_SHA256_HEX]; /* content digest */
	const int64_t	*keyframes;	/* keyframe offsets from start, us */
	size_t		 nkeyframes;	/* how many */
	const char	*status;	/* ok, truncated, corrupt, not video, missing */
	const char	*problem;	/* why not ok, or NULL */
	int64_t		 indexed;	/* when indexed, UTC us */
};

typedef int (*vg_recording_fn)(const struct vg_recording *, void *);

int	 vg_media_probe(const char *, struct vg_media *, struct vg_error *);
int	 vg_media_probe_fd(int, const char *, struct vg_media *,
	     struct vg_error *);
int	 vg_media_probe_hash_fd(int, const char *, int, struct vg_media *,
	     char *, uint64_t *, struct vg_error *);
void	 vg_media_free(struct vg_media *);
int	 vg_ar_put_recording(struct vg_archive *, const struct vg_recording *,
	     struct vg_error *);
int	 vg_ar_batch(struct vg_archive *, int, struct vg_error *);
int	 vg_ar_recording_find(struct vg_archive *, const char *, uint64_t *,
	     int64_t *, char *, struct vg_error *);
int	 vg_ar_recordings(struct vg_archive *, const char *, int64_t, int64_t,
	     vg_recording_fn, void *, struct vg_error *);
int	 vg_ar_recordings_root(struct vg_archive *, char **, struct vg_error *);
int	 vg_ar_audit(struct vg_archive *, const char *, const char *,
	     const char *, const char *, struct vg_error *);
int	 vg_ar_set_recordings_root(struct vg_archive *, const char *,
	     struct vg_error *);
int	 vg_ar_skew_estimated(struct vg_archive *, struct vg_error *);
int	 vg_ar_recording_rename(struct vg_archive *, const char *,
	     const char *, struct vg_error *);
char	*vg_recording_file(const char *, const char *);

/*
 * Clips and frames (clip.c): spans of a camera's recordings cut by stream
 * copy, and frames decoded at an instant, with the camera's clock
 * correction applied so that times asked and shown are true times.
 */
struct vg_image {
	int		 width;		/* pixels */
	int		 height;	/* pixels */
	uint8_t		*rgb;		/* packed RGB, rows top down */
};

struct vg_clip_seg {
	char		*path;		/* file, with the root */
	char		*name;		/* as indexed, under the root */
	int64_t		 start;		/* camera clock at its start, UTC us */
	int64_t		 duration;	/* us */
	char		 sha256[VG_SHA256_HEX]; /* digest when indexed */
	uint64_t	 size;		/* size when indexed */
	int64_t		 mtime;		/* modification time then, us */
	int		 used;		/* frames of it went into the clip */
};

struct vg_clip {
	char		*camera;	/* camera id */
	int64_t		 offset;	/* its clock ahead of true time, us */
	char		*method;	/* how the offset was set, or NULL */
	int64_t		 from;		/* span asked for, true UTC us */
	int64_t		 to;		/* its end */
	struct vg_clip_seg *seg;	/* segments over the span, in order */
	size_t		 nseg;		/* how many */

	/* what the last cut or grab did */
	int64_t		 first;		/* true time of its first frame */
	int64_t		 end;		/* true time its last frame ends */
	int64_t		 frames;	/* frames written */
	char		**warn;		/* gaps and overlaps met */
	size_t		 nwarn;		/* how many */
	int		 tampered;	/* a segment is not what was indexed */
	int		 unwritten;	/* its output could not be written */
};

struct vg_clip_opts {
	int		 force;		/* replace an existing file */
	int		 reencode;	/* decode, burn in the time, encode */
	struct vg_tz	*tz;		/* zone of the burnt-in time */
	int		 hash_here;	/* the segments hashed in the cutting
					   thread as read, not on another (a
					   caller keeping the other core busy) */
};

int	 vg_clip_plan(struct vg_archive *, const char *, const char *,
	     int64_t, int64_t, struct vg_clip *, struct vg_error *);
int	 vg_clip_write(struct vg_clip *, const char *,
	     const struct vg_clip_opts *, struct vg_error *);
int	 vg_clip_frame(struct vg_clip *, int64_t, struct vg_image *,
	     struct vg_error *);
void	 vg_clip_free(struct vg_clip *);
int	 vg_frame_decode(const char *, int64_t, struct vg_image *, int64_t *,
	     struct vg_error *);
int	 vg_image_write(const struct vg_image *, const char *, int,
	     struct vg_error *);
int	 vg_image_sheet(const struct vg_image *, const char *const *, size_t,
	     int, struct vg_image *, struct vg_error *);
void	 vg_image_free(struct vg_image *);

/*
 * Clock skew (skew.c): each device's clock offset, estimated on raw times
 * from transit times across links, with the gates' clocks trusted.
 */
#define VG_SKEW_OK		0	/* no offset beyond its uncertainty, known in SURE */
#define VG_SKEW_SKEWED		1	/* the clock is off */
#define VG_SKEW_NOEVIDENCE	2	/* nothing ties it to a gate */
#define VG_SKEW_REFERENCE	3	/* a gate: trusted, not estimated */
#define VG_SKEW_UNSURE		4	/* off or not, too loosely known to apply */
#define VG_SKEW_SURE	INT64_C(10000000) /* most uncertainty applied, us */

struct vg_skew {
	int		 dev;		/* device, by index in the graph */
	int64_t		 offset;	/* clock ahead of true time, us */
	int64_t		 uncertainty;	/* about how far off, us */
	int64_t		 support;	/* pairs behind its equations */
	int		 links;		/* links giving it an equation */
	int		 status;	/* VG_SKEW_* */
	int64_t		 coarse;	/* the coarse search's offset, us */
	double		 z;		/* its z, 0 when none was settled */
	double		 right;		/* chance its clock is right, NAN
					   when nothing was estimated */
	int		 grouped;	/* uncertain: of a group wrong together
					   whose offset one equation carries */
};

int	 vg_skew_estimate(struct vg_archive *, const struct vg_graph *,
	     struct vg_skew **, size_t *, struct vg_error *);
int	 vg_skew_estimate_progress(struct vg_archive *,
	     const struct vg_graph *, vg_progress_fn, void *,
	     struct vg_skew **, size_t *, struct vg_error *);

#endif /* VIGIL_H */
