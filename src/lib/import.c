/* import.c: import native files (site, roster, gate logs, sightings) whole or not at all */
#include "config.h"

#include "vigil-int.h"

#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#define SNIFF_SIZE	4096	/* bytes read to recognise a format */

/* Columns of the CSV formats, by format. */
enum {
	GC_TIME, GC_GATE, GC_PERSON, GC_CREDENTIAL, GC_CARD, GC_PLATE,
	GC_DIRECTION, GC_RESULT, GC_SCORE, GC_N
};
static const char *const gate_cols[] = {
	"time", "gate", "person", "credential", "card", "plate", "direction",
	"result", "score", NULL
};

enum {
	SC_CAMERA, SC_TRACK, SC_FIRST, SC_LAST, SC_KIND, SC_PERSON, SC_SCORE,
	SC_PLATE, SC_UPPER, SC_LOWER, SC_ATTRS, SC_X, SC_Y, SC_W, SC_H,
	SC_EMBEDDING, SC_N
};
static const char *const sighting_cols[] = {
	"camera", "track", "first", "last", "kind", "person", "score", "plate",
	"upper", "lower", "attrs", "x", "y", "w", "h", "embedding", NULL
};

enum {
	RC_PERSON, RC_NAME, RC_EMPLOYER, RC_DORM, RC_CARD, RC_PLATE,
	RC_STATUS, RC_N
};
static const char *const roster_cols[] = {
	"person", "name", "employer", "dorm", "card", "plate", "status", NULL
};

static const char *const status_names[] = {
	"active", "left", "visitor", "contractor", NULL
};

/* State of one file's import. */
struct imp {
	struct vg_archive	*ar;		/* the archive */
	struct vg_left		 left;		/* events left out as twins */
	struct vg_import	*im;		/* the request and its results */
	struct vg_tz		*tz;		/* zone of local times */
	struct vg_tz		*hours_tz;	/* the archive's zone, for the
						   entries' habits the reader
						   counts (gate files), or NULL */
	struct vg_csv		*csv;		/* the reader */
	struct vg_feed		*feed;		/* the file's SHA-256, computed
						   from what the reader reads */
	int			 col[SC_N];	/* field index by column, or -1 */
	size_t			 nf;		/* fields in the header */
	struct vg_strtab	 seen;		/* people seen in this roster */
	int64_t			*seenline;	/* line each was first on, by
						   index in seen */
	size_t			 seencap;	/* room in seenline (seen's
						   room) */
	size_t			 embdim;	/* embedding length in force */
	float			*emb;		/* decoded embedding */
	size_t			 embcap;	/* room in emb, floats */
	int64_t			 device;	/* --device's row id, or 0 */
	int			 devtype;	/* and its type (enum
						   vg_devtype) */
};

/*
 * Note a roster's person: 0 the first time, or the line where it was first
 * seen.
 */
static int64_t
seen_person(struct imp *ip, const struct vg_str *id, int64_t line)
{
	uint32_t	i;
	int		added;

	i = vg_strtab_add(&ip->seen, id->s, id->len, &added);
	if (!added)
		return ip->seenline[i];
	if (ip->seen.n > ip->seencap) {
		ip->seencap = ip->seen.cap;
		ip->seenline = xreallocarray(ip->seenline, ip->seencap,
		    sizeof(*ip->seenline));
	}
	ip->seenline[i] = line;
	return 0;
}

/* Index of a word in a NULL-terminated list, or -1. */
int
vg_word(const char *const *names, const char *s, size_t len)
{
	int	i;

	for (i = 0; names[i] != NULL; i++)
		if (strncmp(names[i], s, len) == 0 && names[i][len] == '\0' &&
		    *names[i] != '\0')
			return i;
	return -1;
}

/*
 * The encoding a file's byte-order mark names when it is not UTF-8's
 * (a spreadsheet's "Unicode text" is UTF-16), or NULL.
 */
static const char *
wide_text(const char *buf, size_t len)
{
	const unsigned char	*b = (const unsigned char *)buf;

	if (len >= 4 && b[0] == 0xff && b[1] == 0xfe && b[2] == 0 && b[3] == 0)
		return "UTF-32";
	if (len >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xfe && b[3] == 0xff)
		return "UTF-32";
	if (len >= 2 && b[0] == 0xff && b[1] == 0xfe)
		return "UTF-16";
	if (len >= 2 && b[0] == 0xfe && b[1] == 0xff)
		return "UTF-16";
	return NULL;
}

/*
 * Whether the len bytes at buf (a file's first) are text in an encoding
 * other than UTF-8: bytes that are not UTF-8 on three lines or more, as
 * names written in GB18030 or Latin-1 put them (one damaged byte spoils
 * one line, which is rejected on its own).  The first such line in
 * *first, the lines seen and how many of them are spoilt in *lines and
 * *bad.  A sequence the buffer's end cuts short is not judged.
 */
static int
other_encoding(const char *buf, size_t len, size_t *first, size_t *lines,
    size_t *bad)
{
	size_t		 i, l, line = 1, last = 0;
	uint32_t	 cp;

	*first = 0;
	*bad = 0;
	for (i = 0; i < len; i += l) {
		l = 1;
		if (buf[i] == '\n')
			line++;
		if ((unsigned char)buf[i] < 0x80)
			continue;
		if ((l = vg_utf8_decode(buf + i, len - i, &cp)) > 0)
			continue;
		l = 1;
		if (len - i < 4)
			break;		/* perhaps cut by the buffer's end */
		if (line != last) {
			if (*bad == 0)
				*first = line;
			(*bad)++;
			last = line;
		}
	}
	*lines = len > 0 && buf[len - 1] == '\n' ? line - 1 : line;
	return *bad >= 3;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t	n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Whether the CSV header line at buf names all the given columns. */
static int
header_has(const char *buf, size_t len, const char *const *want)
{
	const char	*nl, *p, *end;
	size_t		 i, n;
	int		 found;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		buf += 3, len -= 3;
	if ((nl = memchr(buf, '\n', len)) == NULL)
		nl = buf + len;
	for (i = 0; want[i] != NULL; i++) {
		n = strlen(want[i]);
		found = 0;
		for (p = buf; p < nl; p = end + 1) {
			if ((end = memchr(p, ',', (size_t)(nl - p))) == NULL)
				end = nl;
			if ((size_t)(end - p) >= n && memcmp(p, want[i], n)
			    == 0 && (end - p == (ptrdiff_t)n ||
			    p[n] == '\r'))
				found = 1;
		}
		if (!found)
			return 0;
	}
	return 1;
}

/* Whether the bytes hold the text s. */
static int
holds(const char *buf, size_t len, const char *s)
{
	size_t	n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (buf[i] == *s && memcmp(buf + i, s, n) == 0)
			return 1;
	return 0;
}

/* Whether the first line is a ZKTeco attendance record: PIN, tab, time. */
static int
attlog_line(const char *p, const char *e)
{
	const char	*t;
	int		 i;

	while (p < e && *p == ' ')
		p++;
	for (t = p; p < e && *p >= '0' && *p <= '9'; p++)
		;
	if (p == t || p == e || *p++ != '\t' || e - p < 19)
		return 0;
	for (i = 0; i < 19; i++)
		if ("dddd-dd-dd dd:dd:dd"[i] == 'd' ? p[i] < '0' || p[i] > '9' :
		    p[i] != "dddd-dd-dd dd:dd:dd"[i])
			return 0;
	return 1;
}

/* Recognise a vendor's format by its name or its first bytes. */
static enum vg_format
detect_vendor(const char *base, const char *buf, size_t len)
{
	const char	*p = buf, *e = buf + len;
	char		 root[64];

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	if (has_suffix(base, "attlog.dat") || attlog_line(p, e))
		return VG_FORMAT_ZKTECO;
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if ((e - p >= 2 && memcmp(p, "--", 2) == 0) ||
	    (e - p >= 5 && memcmp(p, "HTTP/", 5) == 0)) {
		/* a multipart capture: by what its first parts hold */
		if (holds(p, (size_t)(e - p), "Code=") ||
		    holds(p, (size_t)(e - p), "Events[0]."))
			return VG_FORMAT_DAHUA;
		if (holds(p, (size_t)(e - p), "EventNotificationAlert") ||
		    holds(p, (size_t)(e - p), "\"eventType\""))
			return VG_FORMAT_HIKVISION;
		return VG_FORMAT_UNKNOWN;
	}
	if ((e - p >= 5 && memcmp(p, "Code=", 5) == 0) ||
	    (e - p >= 7 && memcmp(p, "Events[", 7) == 0))
		return VG_FORMAT_DAHUA;
	if (len >= 8 && memcmp(buf, " \0\0\0DHIP", 8) == 0)
		return VG_FORMAT_DAHUA;		/* RPC2 over DHIP */
	if (p < e && (*p == '{' || *p == '[')) {
		if (holds(p, (size_t)(e - p), "\"AcsEvent\""))
			return VG_FORMAT_HIKACS;
		if (holds(p, (size_t)(e - p), "\"eventList\"") ||
		    holds(p, (size_t)(e - p), "client.notifyEventStream") ||
		    (holds(p, (size_t)(e - p), "\"Code\"") &&
		    holds(p, (size_t)(e - p), "\"Data\"")))
			return VG_FORMAT_DAHUA;
		if (holds(p, (size_t)(e - p), "\"EventNotificationAlert\"") ||
		    holds(p, (size_t)(e - p), "\"eventType\""))
			return VG_FORMAT_HIKVISION;
		return VG_FORMAT_UNKNOWN;
	}
	if (vg_xml_root(buf, len, root, sizeof(root)) == NULL)
		return VG_FORMAT_UNKNOWN;
	if (strcmp(root, "EventNotificationAlert") == 0)
		return VG_FORMAT_HIKVISION;
	if (strcmp(root, "MetadataStream") == 0 ||
	    strcmp(root, "Envelope") == 0 || strcmp(root, "Notify") == 0 ||
	    strcmp(root, "PullMessagesResponse") == 0)
		return VG_FORMAT_ONVIF;
	return VG_FORMAT_UNKNOWN;
}

/* Recognise a format by its name, then by its first bytes. */
enum vg_format
vg_detect_format(const char *path, const char *buf, size_t len)
{
	static const char *const gate_sig[] = { "time", "gate", NULL };
	static const char *const sight_sig[] = { "camera", "track", "first",
	    NULL };
	static const char *const roster_sig[] = { "person", NULL };
	const char	*base;
	enum vg_format	 f;

	base = (base = strrchr(path, '/')) != NULL ? base + 1 : path;
	if (has_suffix(base, ".gate.csv"))
		return VG_FORMAT_GATE;
	if (has_suffix(base, ".sightings.csv"))
		return VG_FORMAT_SIGHTINGS;
	if (vg_site_is_site(buf, len))
		return VG_FORMAT_SITE;
	if ((f = detect_vendor(base, buf, len)) != VG_FORMAT_UNKNOWN)
		return f;
	if (has_suffix(base, ".csv") && strstr(base, "roster") != NULL)
		return VG_FORMAT_ROSTER;
	if (header_has(buf, len, gate_sig))
		return VG_FORMAT_GATE;
	if (header_has(buf, len, sight_sig))
		return VG_FORMAT_SIGHTINGS;
	if (header_has(buf, len, roster_sig))
		return VG_FORMAT_ROSTER;
	return VG_FORMAT_UNKNOWN;
}

/* The rejected records forgotten. */
static void
rejects_forget(struct vg_import *im)
{
	size_t	i;

	for (i = 0; i < im->nrejects; i++)
		free(im->rejects[i].reason);
	free(im->rejects);
	im->rejects = NULL;
	im->nrejects = 0;
	im->nrejected = 0;
}

void
vg_import_reset(struct vg_import *im)
{
	rejects_forget(im);
	free(im->source.path);
	im->nrepeated = 0;
	im->nother = 0;
	im->duplicate = 0;
	im->nosite = 0;
	memset(&im->source, 0, sizeof(im->source));
}

#define reject(ip, ...)	vg_import_reject((ip)->im, __VA_ARGS__)

/* Record a rejected record: its line and why. */
void
vg_import_reject(struct vg_import *im, uint64_t line, const char *fmt, ...)
{
	va_list			 ap;

	im->nrejected++;
	if (im->nrejects >= (im->max_rejects ? im->max_rejects : 100))
		return;
	im->rejects = xreallocarray(im->rejects, im->nrejects + 1,
	    sizeof(*im->rejects));
	im->rejects[im->nrejects].line = line;
	va_start(ap, fmt);
	xvasprintf(&im->rejects[im->nrejects].reason, fmt, ap);
	va_end(ap);
	im->nrejects++;
}

/* Map header names to field positions; -1 with err on a bad header. */
static int
read_header(struct imp *ip, const char *const *names, int ncols,
    const int *required, struct vg_error *err)
{
	struct vg_csv_record	 rec;
	const char		*why;
	size_t			 i;
	int			 c, r;

	for (c = 0; c < ncols; c++)
		ip->col[c] = -1;
	if ((r = vg_csv_next(ip->csv, &rec, &why)) == -1) {
		vg_error_set(err, "'%s', line %llu: %s", ip->im->path,
		    (unsigned long long)vg_csv_line(ip->csv), why);
		return -1;
	}
	if (r == 0) {
		vg_error_set(err, "'%s': empty file, no header", ip->im->path);
		return -1;
	}
	for (i = 0; i < rec.nf; i++) {
		if (!vg_utf8_valid(rec.f[i].s, rec.f[i].len)) {
			vg_error_set(err, "'%s', line %llu: invalid UTF-8 in"
			    " header", ip->im->path,
			    (unsigned long long)rec.line);
			return -1;
		}
		if ((c = vg_word(names, rec.f[i].s, rec.f[i].len)) == -1 ||
		    c >= ncols)
			continue;	/* other columns are allowed, unused */
		if (ip->col[c] != -1) {
			vg_error_set(err, "'%s', line %llu: column '%s'"
			    " appears twice", ip->im->path,
			    (unsigned long long)rec.line, names[c]);
			return -1;
		}
		ip->col[c] = (int)i;
	}
	for (i = 0; required[i] != -1; i++) {
		if (ip->col[required[i]] == -1) {
			vg_error_set(err, "'%s', line %llu: missing required"
			    " column '%s'", ip->im->path,
			    (unsigned long long)rec.line, names[required[i]]);
			return -1;
		}
	}
	ip->nf = rec.nf;
	return 0;
}

/*
 * The next record: 1, 0 at the end, 2 when it was malformed and rejected
 * (the reader resumes after it), -1 when the file cannot be read on.
 */
static int
next_record(struct imp *ip, struct vg_csv_record *rec, struct vg_error *err)
{
	const char	*why;
	int		 r;

	if ((r = vg_csv_next(ip->csv, rec, &why)) != -1)
		return r;
	if (strcmp(why, "read error") == 0) {
		vg_error_set(err, "'%s', line %llu: %s: %s", ip->im->path,
		    (unsigned long long)vg_csv_line(ip->csv), why,
		    strerror(errno));
		return -1;
	}
	if (strcmp(why, "record too long") == 0)
		reject(ip, vg_csv_line(ip->csv), "line longer than %d bytes",
		    VG_CSV_MAXREC);
	else
		reject(ip, vg_csv_line(ip->csv), "%s", why);
	return 2;
}

/* The field of column c, or an empty field. */
static struct vg_str
field(const struct imp *ip, const struct vg_csv_record *rec, int c)
{
	struct vg_str	s = { NULL, 0 };

	if (ip->col[c] >= 0) {
		s.s = rec->f[ip->col[c]].s;
		s.len = rec->f[ip->col[c]].len;
	}
	return s;
}

/* Check what every record needs: field count and UTF-8. */
static int
check_record(struct imp *ip, const struct vg_csv_record *rec,
    const char *const *names, int ncols)
{
	int	c;

	if (rec->nf != ip->nf) {
		reject(ip, rec->line, "expected %zu fields, found %zu", ip->nf,
		    rec->nf);
		return -1;
	}
	for (c = 0; c < ncols; c++) {
		if (ip->col[c] >= 0 && !vg_utf8_valid(rec->f[ip->col[c]].s,
		    rec->f[ip->col[c]].len)) {
			reject(ip, rec->line, "invalid UTF-8 in column '%s'",
			    names[c]);
			return -1;
		}
	}
	return 0;
}

/* Quote a field for a message, shortened and with controls escaped. */
static const char *
show(const struct vg_str *s, char *buf, size_t size)
{
	return vg_show(s->s, s->len, buf, size);
}

#define EARLIEST	INT64_C(946634400000000)	/* 2000-01-01T00:00:00+14:00,
						   2000 in every zone */
#define DAY_US		(INT64_C(86400) * 1000000)	/* a day, us */

/*
 * The one rule of plausible time, for every format: no record is from
 * before 2000 (a clock reset to 1970, a zero or a negative number read
 * as a time) or more than a day after the import began (a clock set
 * ahead, a misread field).  Whether t breaks it: the reason, in buf.
 */
static const char *
implausible(const struct vg_import *im, struct vg_tz *tz, int64_t t,
    char *buf, size_t size)
{
	char	 a[VG_TIME_BUFSZ], b[VG_TIME_BUFSZ];

	if (t >= EARLIEST && t <= im->latest)
		return NULL;
	vg_time_format(tz, t, a, sizeof(a));
	if (t < EARLIEST)
		snprintf(buf, size, "%s is before 2000: not a time a device"
		    " recorded (a clock reset?)", a);
	else {
		vg_time_format(tz, im->latest - DAY_US, b, sizeof(b));
		snprintf(buf, size, "%s is more than a day after this import"
		    " (%s): a clock set ahead?", a, b);
	}
	return buf;
}

static int
parse_time(struct imp *ip, const struct vg_csv_record *rec,
    const struct vg_str *s, const char *col, int64_t *t)
{
	const char	*why;
	char		 b[64], rb[160];

	if (vg_time_parse(ip->tz, s->s, s->len, t, &why) == -1) {
		reject(ip, rec->line, "bad %s '%s': %s", col,
		    show(s, b, sizeof(b)), why);
		return -1;
	}
	if ((why = implausible(ip->im, ip->tz, *t, rb, sizeof(rb))) != NULL) {
		reject(ip, rec->line, "%s %s", col, why);
		return -1;
	}
	return 0;
}

/* A number in [0, 1]; empty gives NAN. */
static int
parse_unit(struct imp *ip, const struct vg_csv_record *rec,
    const struct vg_str *s, const char *col, double *v)
{
	char	*end, b[64];

	*v = NAN;
	if (s->len == 0)
		return 0;
	errno = 0;
	*v = strtod(s->s, &end);
	if (end != s->s + s->len || errno != 0 || isnan(*v)) {
		reject(ip, rec->line, "bad %s '%s': not a number", col,
		    show(s, b, sizeof(b)));
		return -1;
	}
	if (*v < 0 || *v > 1) {
		reject(ip, rec->line, "%s '%s' outside 0..1", col,
		    show(s, b, sizeof(b)));
		return -1;
	}
	return 0;
}

/* A word from a vocabulary; empty gives dflt. */
static int
parse_word(struct imp *ip, const struct vg_csv_record *rec,
    const struct vg_str *s, const char *col, const char *const *names,
    int dflt, int *v)
{
	char	b[64];

	*v = dflt;
	if (s->len == 0)
		return 0;
	if ((*v = vg_word(names, s->s, s->len)) == -1) {
		reject(ip, rec->line, "unknown %s '%s'", col,
		    show(s, b, sizeof(b)));
		return -1;
	}
	return 0;
}

static int64_t
parse_device(struct imp *ip, const struct vg_csv_record *rec,
    const struct vg_str *s, int type)
{
	const char	*what = type == VG_GATE ? "gate" : "camera";
	char		 b[64];
	int64_t		 id;

	if (s->len == 0) {
		reject(ip, rec->line, "missing %s", what);
		return -1;
	}
	id = vg_ar_device(ip->ar, s->s, s->len, type);
	if (id == 0)
		reject(ip, rec->line, "unknown %s '%s'", what,
		    show(s, b, sizeof(b)));
	else if (id < 0)
		reject(ip, rec->line, "'%s' is a %s, not a %s",
		    show(s, b, sizeof(b)), type == VG_GATE ? "camera" : "gate",
		    what);
	return id > 0 ? id : -1;
}

#define LEFT_SLOTS	4096	/* the table of events left out as twins */

/*
 * Whether a file's gate event is another file's (vg_ar_gate_twin), its
 * own identical records before it counted: the k-th of them is while
 * other files gave at least k more than this one stored.
 */
static int
gate_left(struct vg_left *lf, struct vg_archive *ar,
    const struct vg_gate_rec *g, int64_t source)
{
	char		*key;
	uint64_t	 h;
	size_t		 i;
	int		 r, n;

	if ((r = vg_ar_gate_twin(ar, g, source)) <= 0)
		return 0;
	if (r == INT_MAX)
		return 1;		/* the number the device gave it */
	n = xasprintf(&key, "%lld|%lld|%.*s|%d|%.*s|%.*s|%d|%d",
	    (long long)g->t, (long long)g->gate, (int)g->person.len,
	    g->person.s != NULL ? g->person.s : "", g->credential,
	    (int)g->card.len, g->card.s != NULL ? g->card.s : "",
	    (int)g->plate.len, g->plate.s != NULL ? g->plate.s : "",
	    g->direction, g->result);
	h = vg_fnv(key, (size_t)n);
	free(key);
	if (lf->h == NULL) {
		lf->h = xcalloc(LEFT_SLOTS, sizeof(*lf->h));
		lf->n = xcalloc(LEFT_SLOTS, sizeof(*lf->n));
	}
	i = h % LEFT_SLOTS;
	if (lf->h[i] != h) {
		lf->h[i] = h;
		lf->n[i] = 0;
	}
	if (lf->n[i] >= (uint32_t)r)
		return 0;
	lf->n[i]++;
	return 1;
}

#define GBATCH_ROWS	1024		/* gate events a batch holds */
#define GBATCH_TEXT	(64 * 1024)	/* a batch's room for their text, grown
					   for a record longer than that */
#define GQUEUE		4		/* batches between parser and inserter */

/* Gate events read, checked and converted, on their way to the archive. */
struct gbatch {
	struct vg_gate_rec	 g[GBATCH_ROWS];	/* the events */
	size_t			 n;		/* events held */
	char			*text;		/* their strings */
	size_t			 used;		/* bytes of text used */
	size_t			 cap;		/* room in text */
};

/*
 * A gate file's parser thread and the batches between it and the thread
 * that inserts them (the import's, which alone uses the archive's
 * connection).  Batches are filled in turn b[head % GQUEUE] and stored
 * in turn b[tail % GQUEUE].
 */
struct gqueue {
	pthread_mutex_t		 mu;		/* guards head, tail, end, stop */
	pthread_cond_t		 cv;		/* a batch filled or stored, or
						   stop */
	struct imp		*ip;		/* the file's import */
	struct gbatch		 b[GQUEUE];	/* the batches */
	size_t			 head;		/* batches filled */
	size_t			 tail;		/* batches stored */
	int			 end;		/* the parser has stopped */
	int			 rc;		/* and why: 0 at the file's end, -1
						   when it could not read on */
	int			 stop;		/* the inserter failed: read no
						   more */
	struct vg_error		 err;		/* the parser's error */
};

/*
 * A copy of s in batch b's text (grown when full: the strings of its
 * events, the one being read too, moved with it).
 */
static struct vg_str
gbatch_str(struct gbatch *b, const struct vg_str *s)
{
	struct vg_str	 c = { NULL, 0 };
	char		*old = b->text;
	size_t		 i;

	if (s->len == 0)
		return c;
	if (b->used + s->len > b->cap) {
		b->cap = b->used + s->len > 2 * b->cap ? b->used + s->len :
		    2 * b->cap;
		b->text = xreallocarray(b->text, b->cap, 1);
		/* the event being read (b->n) has strings there already */
		for (i = 0; i <= b->n && b->text != old; i++) {
			if (b->g[i].person.s != NULL)
				b->g[i].person.s = b->text +
				    (b->g[i].person.s - old);
			if (b->g[i].card.s != NULL)
				b->g[i].card.s = b->text +
				    (b->g[i].card.s - old);
			if (b->g[i].plate.s != NULL)
				b->g[i].plate.s = b->text +
				    (b->g[i].plate.s - old);
		}
	}
	memcpy(b->text + b->used, s->s, s->len);
	c.s = b->text + b->used;
	c.len = s->len;
	b->used += s->len;
	return c;
}

/*
 * Batch b filled with the next gate events of the file, read, checked and
 * converted (the bad ones rejected): 1 when it is full, 0 at the file's
 * end, -1 with err when the file cannot be read on.  Touches nothing of
 * the archive but its device codes (loaded before).
 */
static int
gate_fill(struct imp *ip, struct gbatch *b, struct vg_error *err)
{
	struct vg_csv_record	 rec;
	struct vg_gate_rec	*g;
	struct vg_str		 s;
	int			 r;

	b->n = 0;
	b->used = 0;
	if (b->text == NULL) {
		b->cap = GBATCH_TEXT;
		b->text = xmalloc(b->cap);
	}
	while (b->n < GBATCH_ROWS) {
		if ((r = next_record(ip, &rec, err)) == -1 || r == 0)
			return r;
		if (r == 2)
			continue;
		if (check_record(ip, &rec, gate_cols, GC_N) == -1)
			continue;
		g = &b->g[b->n];
		memset(g, 0, sizeof(*g));
		g->line = (int64_t)rec.line;
		s = field(ip, &rec, GC_TIME);
		if (s.len == 0) {
			reject(ip, rec.line, "missing time");
			continue;
		}
		if (parse_time(ip, &rec, &s, "time", &g->t) == -1)
			continue;
		s = field(ip, &rec, GC_GATE);
		if ((g->gate = parse_device(ip, &rec, &s, VG_GATE)) == -1)
			continue;
		s = field(ip, &rec, GC_CREDENTIAL);
		if (parse_word(ip, &rec, &s, "credential", vg_credential_names,
		    VG_CR_NONE, &g->credential) == -1)
			continue;
		s = field(ip, &rec, GC_DIRECTION);
		if (parse_word(ip, &rec, &s, "direction", vg_direction_names,
		    VG_DIR_UNKNOWN, &g->direction) == -1)
			continue;
		s = field(ip, &rec, GC_RESULT);
		if (parse_word(ip, &rec, &s, "result", vg_result_names, 0,
		    &g->result) == -1)
			continue;
		s = field(ip, &rec, GC_SCORE);
		if (parse_unit(ip, &rec, &s, "score", &g->score) == -1)
			continue;
		s = field(ip, &rec, GC_PERSON);
		g->person = gbatch_str(b, &s);
		s = field(ip, &rec, GC_CARD);
		g->card = gbatch_str(b, &s);
		s = field(ip, &rec, GC_PLATE);
		g->plate = gbatch_str(b, &s);
		if (ip->hours_tz != NULL)
			vg_ar_gate_habit(ip->ar, ip->hours_tz, g);
		b->n++;
	}
	return 1;
}

/* Batch b's events stored, but those another file gave. */
static int
gate_store(struct imp *ip, const struct gbatch *b, int64_t source,
    struct vg_error *err)
{
	size_t	i;

	for (i = 0; i < b->n; i++) {
		if (gate_left(&ip->left, ip->ar, &b->g[i], source)) {
			ip->im->nrepeated++;	/* another file gave it */
			continue;
		}
		if (vg_ar_put_gate(ip->ar, &b->g[i], source, err) == -1)
			return -1;
		ip->im->source.rows++;
	}
	return 0;
}

/* The parser thread: batches filled until the file's end or stop. */
static void *
gate_parser(void *arg)
{
	struct gqueue	*q = arg;
	struct gbatch	*b;
	int		 r;

	for (;;) {
		pthread_mutex_lock(&q->mu);
		while (q->head - q->tail == GQUEUE && !q->stop)
			pthread_cond_wait(&q->cv, &q->mu);
		if (q->stop) {
			q->end = 1;
			pthread_mutex_unlock(&q->mu);
			return NULL;
		}
		b = &q->b[q->head % GQUEUE];
		pthread_mutex_unlock(&q->mu);
		r = gate_fill(q->ip, b, &q->err);
		pthread_mutex_lock(&q->mu);
		q->head++;		/* what was read before an error too */
		if (r != 1) {
			q->end = 1;
			q->rc = r;
		}
		pthread_cond_signal(&q->cv);
		pthread_mutex_unlock(&q->mu);
		if (r != 1)
			return NULL;
	}
}

/*
 * Whether a parser thread may read beside the inserting one.  Time zone
 * look-ups point TZ at their zone (time.c): the parser's and the
 * archive's (span days, entries' hours) must not point it apart.
 */
static int
gate_parse_apart(const struct imp *ip)
{
	struct vg_tz	*atz = vg_archive_tz(ip->ar);

	return ip->tz == NULL || atz == NULL ||
	    strcmp(vg_tz_name(ip->tz), "UTC") == 0 ||
	    strcmp(vg_tz_name(atz), "UTC") == 0 ||
	    strcmp(vg_tz_name(ip->tz), vg_tz_name(atz)) == 0;
}

/*
 * A gate file's events: a parser thread reads, checks and converts them
 * and counts the entries' habits (gate_fill) while this one stores them
 * (gate_store), a bounded queue of batches between; the two in turn on
 * this thread when they cannot run apart.  Rejections are the parser's
 * alone, in the file's order.
 */
static int
import_gates(struct imp *ip, int64_t source, struct vg_error *err)
{
	static const int	 required[] = { GC_TIME, GC_GATE, -1 };
	struct gqueue		*q;
	struct vg_tz		*tz = ip->tz, *atz = vg_archive_tz(ip->ar);
	struct gbatch		*b;
	pthread_t		 th;
	size_t			 i;
	int			 r, rc = 0, threaded;

	if (read_header(ip, gate_cols, GC_N, required, err) == -1)
		return -1;
	q = xcalloc(1, sizeof(*q));
	q->ip = ip;
	(void)vg_ar_device(ip->ar, "", 0, VG_GATE);	/* read here */
	vg_ar_habits_ready(ip->ar);
	/* the parser's own zones (look-ups keep caches), TZ set here */
	threaded = gate_parse_apart(ip);
	if (threaded && tz != NULL)
		threaded = (ip->tz = vg_tz_open(vg_tz_name(tz), NULL)) !=
		    NULL;
	if (threaded && atz != NULL)
		threaded = (ip->hours_tz = vg_tz_open(vg_tz_name(atz),
		    NULL)) != NULL;
	if (threaded) {
		if (ip->tz != NULL)
			(void)vg_tz_offset(ip->tz, 0);
		if (ip->hours_tz != NULL)
			(void)vg_tz_offset(ip->hours_tz, 0);
	} else {
		if (ip->tz != tz)
			vg_tz_free(ip->tz);
		ip->tz = tz;
		ip->hours_tz = atz;
	}
	if (threaded && (pthread_mutex_init(&q->mu, NULL) != 0 ||
	    pthread_cond_init(&q->cv, NULL) != 0 ||
	    pthread_create(&th, NULL, gate_parser, q) != 0))
		abort();	/* as xmalloc does: no memory for them */
	while (!threaded) {
		if ((r = gate_fill(ip, &q->b[0], err)) == -1 ||
		    gate_store(ip, &q->b[0], source, err) == -1) {
			rc = -1;
			break;
		}
		if (r == 0)
			break;
	}
	while (threaded) {
		pthread_mutex_lock(&q->mu);
		while (q->tail == q->head && !q->end)
			pthread_cond_wait(&q->cv, &q->mu);
		b = q->tail == q->head ? NULL : &q->b[q->tail % GQUEUE];
		pthread_mutex_unlock(&q->mu);
		if (b == NULL)
			break;		/* the parser's end, every batch stored */
		r = gate_store(ip, b, source, err);
		pthread_mutex_lock(&q->mu);
		q->tail++;
		if (r == -1)
			q->stop = 1;
		pthread_cond_signal(&q->cv);
		pthread_mutex_unlock(&q->mu);
		if (r == -1) {
			rc = -1;
			break;
		}
	}
	if (threaded) {
		pthread_join(th, NULL);
		pthread_mutex_destroy(&q->mu);
		pthread_cond_destroy(&q->cv);
		if (rc == 0 && q->rc == -1) {
			vg_error_set(err, "%s", q->err.msg);
			rc = -1;
		}
		vg_error_clear(&q->err);
		if (ip->tz != tz)
			vg_tz_free(ip->tz);
		vg_tz_free(ip->hours_tz);
	}
	ip->tz = tz;
	ip->hours_tz = NULL;
	for (i = 0; i < GQUEUE; i++)
		free(q->b[i].text);
	free(q);
	return rc;
}

static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Decode base64 (standard or URL alphabet, padding optional) into out. */
static int
b64decode(const char *s, size_t len, unsigned char *out, size_t *outlen)
{
	uint32_t	acc = 0;
	size_t		i, o = 0;
	int		bits = 0, v;

	while (len > 0 && s[len - 1] == '=')
		len--;
	for (i = 0; i < len; i++) {
		if ((v = b64val((unsigned char)s[i])) == -1)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	if (bits >= 6)
		return -1;
	*outlen = o;
	return 0;
}

static int
parse_embedding(struct imp *ip, const struct vg_csv_record *rec,
    const struct vg_str *s, struct vg_sighting_rec *v)
{
	size_t		 n, i;
	unsigned char	*b;

	if (s->len == 0)
		return 0;
	if (s->len / 4 * 3 + 3 > ip->embcap * 4) {
		ip->embcap = s->len / 4 + 4;
		ip->emb = xreallocarray(ip->emb, ip->embcap, sizeof(float));
	}
	b = (unsigned char *)ip->emb;
	if (b64decode(s->s, s->len, b, &n) == -1) {
		reject(ip, rec->line, "bad embedding: not base64");
		return -1;
	}
	if (n == 0 || n % 4 != 0) {
		reject(ip, rec->line, "bad embedding: %zu bytes is not a whole"
		    " number of float32 values", n);
		return -1;
	}
	n /= 4;
	if (ip->embdim != 0 && n != ip->embdim) {
		reject(ip, rec->line, "embedding has %zu values, the archive's"
		    " have %zu", n, ip->embdim);
		return -1;
	}
	for (i = 0; i < n; i++) {
		float		f;
		uint32_t	u;

		u = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 |
		    (uint32_t)b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
		memcpy(&f, &u, sizeof(f));
		if (!isfinite(f)) {
			reject(ip, rec->line, "bad embedding: value %zu is"
			    " not finite", i + 1);
			return -1;
		}
		ip->emb[i] = f;
	}
	v->emb = ip->emb;
	v->embdim = n;
	return 0;
}

static int
check_attrs(struct imp *ip, const struct vg_csv_record *rec,
    const struct vg_str *s)
{
	const char	*p = s->s, *eq;
	struct vg_str	 item;
	char		 b[64];

	if (s->len == 0)
		return 0;	/* none (s->s may be NULL: no column) */
	while (vg_list_next(&p, s->s + s->len, ';', 0, &item)) {
		if (item.len == 0)
			continue;
		eq = memchr(item.s, '=', item.len);
		if (eq == NULL || eq == item.s) {
			reject(ip, rec->line, "bad attribute '%s': want"
			    " key=value", show(&item, b, sizeof(b)));
			return -1;
		}
	}
	return 0;
}

static int
import_sightings(struct imp *ip, int64_t source, struct vg_error *err)
{
	static const int	 required[] = { SC_CAMERA, SC_TRACK, SC_FIRST,
				     -1 };
	static const char *const boxcol[] = { "x", "y", "w", "h" };
	struct vg_csv_record	 rec;
	struct vg_sighting_rec	 v;
	struct vg_str		 s, cam;
	char			 b[64];
	int64_t			 dup;
	int			 r, i, bad;

	if (read_header(ip, sighting_cols, SC_N, required, err) == -1)
		return -1;
	ip->embdim = vg_ar_embedding_dim(ip->ar);
	while ((r = next_record(ip, &rec, err)) != 0) {
		if (r == -1)
			return -1;
		if (r == 2)
			continue;
		if (check_record(ip, &rec, sighting_cols, SC_N) == -1)
			continue;
		memset(&v, 0, sizeof(v));
		v.line = (int64_t)rec.line;
		cam = field(ip, &rec, SC_CAMERA);
		if ((v.camera = parse_device(ip, &rec, &cam, VG_CAMERA)) == -1)
			continue;
		v.track = field(ip, &rec, SC_TRACK);
		if (v.track.len == 0) {
			reject(ip, rec.line, "missing track");
			continue;
		}
		s = field(ip, &rec, SC_FIRST);
		if (s.len == 0) {
			reject(ip, rec.line, "missing first");
			continue;
		}
		if (parse_time(ip, &rec, &s, "first", &v.first) == -1)
			continue;
		s = field(ip, &rec, SC_LAST);
		v.last = v.first;
		if (s.len > 0 && parse_time(ip, &rec, &s, "last", &v.last) ==
		    -1)
			continue;
		if (v.last < v.first) {
			reject(ip, rec.line, "last is before first");
			continue;
		}
		s = field(ip, &rec, SC_KIND);
		if (parse_word(ip, &rec, &s, "kind", vg_objkind_names, 0,
		    &v.kind) == -1)
			continue;
		s = field(ip, &rec, SC_SCORE);
		if (parse_unit(ip, &rec, &s, "score", &v.score) == -1)
			continue;
		s = field(ip, &rec, SC_UPPER);
		if (parse_word(ip, &rec, &s, "colour", vg_colour_names, 0,
		    &v.upper) == -1)
			continue;
		s = field(ip, &rec, SC_LOWER);
		if (parse_word(ip, &rec, &s, "colour", vg_colour_names, 0,
		    &v.lower) == -1)
			continue;
		v.attrs = field(ip, &rec, SC_ATTRS);
		if (check_attrs(ip, &rec, &v.attrs) == -1)
			continue;
		for (i = 0, bad = 0; i < 4 && !bad; i++) {
			s = field(ip, &rec, SC_X + i);
			bad = parse_unit(ip, &rec, &s, boxcol[i], &v.box[i]);
		}
		if (bad)
			continue;
		s = field(ip, &rec, SC_EMBEDDING);
		if (parse_embedding(ip, &rec, &s, &v) == -1)
			continue;
		v.person = field(ip, &rec, SC_PERSON);
		v.plate = field(ip, &rec, SC_PLATE);
		if (vg_ar_sighting_twin(ip->ar, &v, source, 0)) {
			ip->im->nrepeated++;	/* another file gave it */
			continue;
		}
		/* a track is unique per camera and file */
		if ((r = vg_ar_put_sighting(ip->ar, &v, source, &dup, err)) ==
		    -1)
			return -1;
		if (r == 1) {
			reject(ip, rec.line, "duplicate track '%s' of camera"
			    " '%.*s' (first on line %lld)", show(&v.track, b,
			    sizeof(b)), (int)cam.len, cam.s, (long long)dup);
			continue;
		}
		if (v.emb != NULL)
			ip->embdim = v.embdim;	/* the first stored sets it */
		ip->im->source.rows++;
	}
	return 0;
}

static int
import_roster(struct imp *ip, int64_t source, struct vg_error *err)
{
	static const int	 required[] = { RC_PERSON, -1 };
	struct vg_csv_record	 rec;
	struct vg_person_rec	 p;
	struct vg_str		 s;
	char			 b[64];
	int64_t			 dup;
	int			 r, status;

	if (read_header(ip, roster_cols, RC_N, required, err) == -1)
		return -1;
	while ((r = next_record(ip, &rec, err)) != 0) {
		if (r == -1)
			return -1;
		if (r == 2)
			continue;
		if (check_record(ip, &rec, roster_cols, RC_N) == -1)
			continue;
		memset(&p, 0, sizeof(p));
		p.line = (int64_t)rec.line;
		p.id = field(ip, &rec, RC_PERSON);
		if (p.id.len == 0) {
			reject(ip, rec.line, "missing person");
			continue;
		}
		s = field(ip, &rec, RC_STATUS);
		if (parse_word(ip, &rec, &s, "status", status_names, 0,
		    &status) == -1)
			continue;
		if ((dup = seen_person(ip, &p.id, (int64_t)rec.line)) != 0) {
			reject(ip, rec.line, "duplicate person '%s' (first on"
			    " line %lld)", show(&p.id, b, sizeof(b)),
			    (long long)dup);
			continue;
		}
		p.name = field(ip, &rec, RC_NAME);
		p.employer = field(ip, &rec, RC_EMPLOYER);
		p.dorm = field(ip, &rec, RC_DORM);
		p.cards = field(ip, &rec, RC_CARD);
		p.plates = field(ip, &rec, RC_PLATE);
		p.status = s;
		if (vg_ar_put_person(ip->ar, &p, source, err) == -1)
			return -1;
		ip->im->source.rows++;
	}
	return 0;
}

/* A file's bytes as its reader reads them, to its digest. */
static void
digest_tap(void *arg, uint64_t off, const void *buf, size_t n)
{
	vg_feed_data(arg, off, buf, n);
}

static int
import_site(struct imp *ip, int fd, int64_t source, struct vg_error *err)
{
	struct vg_site	*site;
	char		*buf;
	size_t		 len;
	int		 rc, eno;

	/* read from the descriptor hashed, through the digest: what is
	   parsed is what the digest names */
	if ((buf = vg_read_fd(fd, ip->im->path, digest_tap, ip->feed, INT_MAX,
	    &len, &eno, err)) == NULL)
		return -1;
	rc = vg_site_load_memory(buf, len, ip->im->path, &site, err);
	free(buf);
	if (rc == -1)
		return -1;
	rc = vg_ar_put_site(ip->ar, site, source, err);
	if (rc == -1)
		vg_error_prefix(err, "'%s'", ip->im->path);
	else
		ip->im->source.rows = (int64_t)(site->nzones + site->nplaces +
		    site->ndevices + site->nlinks);
	vg_site_free(site);
	return rc;
}

#define WHERE(v)	((v)->where != NULL ? (v)->where : "")

/*
 * Whether the key last kept (vendor, device and channel, each ended by
 * a NUL) is this one; else keep this one in *key.
 */
static int
same_key(char **key, const char *vendor, const char *dev, const char *ch)
{
	size_t		 nv = strlen(vendor), ndev = strlen(dev);
	size_t		 nch = strlen(ch);
	const char	*k = *key;

	if (k != NULL && strcmp(k, vendor) == 0 && strcmp(k += nv + 1, dev) ==
	    0 && strcmp(k + ndev + 1, ch) == 0)
		return 1;
	free(*key);
	*key = xmalloc(nv + ndev + nch + 3);
	memcpy(*key, vendor, nv + 1);
	memcpy(*key + nv + 1, dev, ndev + 1);
	memcpy(*key + nv + ndev + 2, ch, nch + 1);
	return 0;
}

/*
 * The device a vendor's record names by its own id (dev) and a channel
 * in it (ch), either of which may be NULL or empty: the one the site's
 * idents give, else the --device of the import; -1 after a reject.
 */
int64_t
vg_vendor_device(struct vg_vendor *v, uint64_t line, const char *vendor,
    const char *dev, const char *ch, int type)
{
	char		*nd, b1[80], b2[80];
	const char	*what = type == VG_GATE ? "gate" : "camera";
	int64_t		 id;

	dev = dev != NULL ? dev : "";
	ch = ch != NULL ? ch : "";
	/* the last look-up again (a stream names one device mostly)? */
	if (v->keytype == type && same_key(&v->key, vendor, dev, ch))
		id = v->keyid;
	else {
		if (v->keytype != type)
			same_key(&v->key, vendor, dev, ch);
		nd = xstrdup(dev);
		vg_mac_norm(nd);
		id = vg_ar_device_ident(v->ar, vendor, nd, ch, type);
		free(nd);
		if (id == 0 && v->device != 0)
			id = v->devtype == type ? v->device : -2;
		v->keytype = type;
		v->keyid = id;
	}
	if (id > 0)
		return id;
	vg_show(dev, strlen(dev), b1, sizeof(b1));
	vg_show(ch, strlen(ch), b2, sizeof(b2));
	if (id == -2)
		vg_import_reject(v->im, line, "%s--device '%s' is a %s, not a"
		    " %s", WHERE(v), v->im->device, type == VG_GATE ? "camera" :
		    "gate", what);
	else if (id < 0)
		vg_import_reject(v->im, line, "%s%s device '%s'%s%s%s names a"
		    " %s, not a %s", WHERE(v), vendor, b1, *ch ? " channel '" :
		    "", b2, *ch ? "'" : "", type == VG_GATE ? "camera" : "gate",
		    what);
	else if (*dev == '\0' && *ch == '\0')
		vg_import_reject(v->im, line, "%sthe record does not name its"
		    " device: name the %s with --device", WHERE(v), what);
	else
		vg_import_reject(v->im, line, "%sunknown %s %s%s%s%s%s%s: no"
		    " ident in the site names it%s", WHERE(v), vendor, *dev ?
		    "device '" : "", b1, *dev ? "'" : "", *ch ? (*dev ?
		    " channel '" : "channel '") : "", b2, *ch ? "'" : "",
		    v->device == 0 ? ", and no --device" : "");
	return -1;
}

/*
 * The device of a record that may come from a gate or a camera (a plate
 * read): its row id and, in *type, which the site says it is.
 */
int64_t
vg_vendor_device_any(struct vg_vendor *v, uint64_t line, const char *vendor,
    const char *dev, const char *ch, int *type)
{
	char	*nd;
	int64_t	 id;

	/* the last device's type again (a stream names one mostly)? */
	if (!same_key(&v->anykey, vendor, dev != NULL ? dev : "", ch != NULL ?
	    ch : "")) {
		nd = xstrdup(dev != NULL ? dev : "");
		vg_mac_norm(nd);
		id = vg_ar_device_ident(v->ar, vendor, nd, ch, VG_GATE);
		free(nd);
		v->anytype = id == -1 || (id == 0 && v->device != 0 &&
		    v->devtype == VG_CAMERA) ? VG_CAMERA : VG_GATE;
	}
	*type = v->anytype;
	return vg_vendor_device(v, line, vendor, dev, ch, *type);
}

/* Store a vendor's gate event, its text checked; -1 on a fatal error. */
int
vg_vendor_gate(struct vg_vendor *v, const struct vg_gate_rec *g,
    struct vg_error *err)
{
	const char	*why;
	char		 rb[160];

	if (!vg_utf8_valid(g->person.s, g->person.len) ||
	    !vg_utf8_valid(g->card.s, g->card.len) ||
	    !vg_utf8_valid(g->plate.s, g->plate.len)) {
		vg_import_reject(v->im, (uint64_t)g->line, "%sinvalid UTF-8",
		    WHERE(v));
		return 0;
	}
	/* times a vendor gives as numbers come this way only */
	if ((why = implausible(v->im, v->tz, g->t, rb, sizeof(rb))) != NULL) {
		vg_import_reject(v->im, (uint64_t)g->line, "%stime %s",
		    WHERE(v), why);
		return 0;
	}
	if (gate_left(&v->left, v->ar, g, v->source)) {
		v->im->nrepeated++;	/* another file gave it */
		return 0;
	}
	if (vg_ar_put_gate(v->ar, g, v->source, err) == -1)
		return -1;
	v->im->source.rows++;
	return 0;
}

/*
 * Store a vendor's sighting unless the archive holds it: 0 when stored or
 * left out, -1 on a fatal error, 1 and the line of the first when the
 * file gave this camera's track at another instant.
 */
int
vg_vendor_sighting(struct vg_vendor *v, const struct vg_sighting_rec *s,
    int64_t *dupline, struct vg_error *err)
{
	int	r;

	/*
	 * Other files' rows lie only in spans that held rows before this
	 * import, where vg_ar_sighting_twin looks without own; a repeat of
	 * the file's own (the same track at the same instant) is looked for
	 * only when storing finds its track taken in the span, as a repeat
	 * must: not once per sighting.
	 */
	if (vg_ar_sighting_twin(v->ar, s, v->source, 0)) {
		v->im->nrepeated++;
		return 0;
	}
	r = vg_ar_put_sighting(v->ar, s, v->source, dupline, err);
	if (r == 1 && vg_ar_sighting_twin(v->ar, s, v->source, 1)) {
		v->im->nrepeated++;
		return 0;
	}
	if (r == 0)
		v->im->source.rows++;
	return r;
}

/* A vendor's time written as text; -1 after a reject naming it. */
int
vg_vendor_time(struct vg_vendor *v, uint64_t line, const char *what,
    const char *s, int64_t *t)
{
	const char	*why;
	char		 b[64], rb[160];

	if (vg_time_parse(v->tz, s, strlen(s), t, &why) == -1) {
		vg_import_reject(v->im, line, "%sbad %s '%s': %s", WHERE(v),
		    what, vg_show(s, strlen(s), b, sizeof(b)), why);
		return -1;
	}
	if ((why = implausible(v->im, v->tz, *t, rb, sizeof(rb))) != NULL) {
		vg_import_reject(v->im, line, "%s%s %s", WHERE(v), what, why);
		return -1;
	}
	return 0;
}

/*
 * n bytes of the file at off, as pread(2) (EINTR retried), shown to the
 * file's digest when feed is not NULL: the import hashes what it reads,
 * on the same pass.
 */
ssize_t
vg_vendor_pread(int fd, struct vg_feed *feed, void *buf, size_t n,
    uint64_t off)
{
	ssize_t	got;

	do
		got = pread(fd, buf, n, (off_t)off);
	while (got == -1 && errno == EINTR);
	if (got > 0 && feed != NULL)
		vg_feed_data(feed, off, buf, (size_t)got);
	return got;
}

/* The importer of each vendor's format. */
static int (*const vendor_import[])(struct vg_vendor *, struct vg_error *) = {
	[VG_FORMAT_ZKTECO] = vg_import_zkteco,
	[VG_FORMAT_DAHUA] = vg_import_dahua,
	[VG_FORMAT_HIKVISION] = vg_import_hikvision,
	[VG_FORMAT_HIKACS] = vg_import_hikacs,
	[VG_FORMAT_ONVIF] = vg_import_onvif,
};

/*
 * The row id of the device --device names (a gate's or a camera's, its
 * type in *type): -1 with the error a file's import gives when the site
 * has none of that id.
 */
static int64_t
device_named(struct vg_archive *ar, const char *name, int *type,
    struct vg_error *err)
{
	int64_t	 id;

	*type = VG_GATE;
	if ((id = vg_ar_device(ar, name, strlen(name), VG_GATE)) < 0) {
		*type = VG_CAMERA;
		id = vg_ar_device(ar, name, strlen(name), VG_CAMERA);
	}
	if (id <= 0) {
		vg_error_set(err, "unknown device '%s' (--device)", name);
		return -1;
	}
	return id;
}

/*
 * Whether the device --device names is one of the site's: -1 with the
 * error a file's import gives when it is not (checked whatever the call
 * does after, even when it imports nothing).
 */
int
vg_import_device(struct vg_archive *ar, const char *name,
    struct vg_error *err)
{
	int	 type;

	return device_named(ar, name, &type, err) == -1 ? -1 : 0;
}

/* Import a vendor's file through its importer. */
static int
import_vendor(struct imp *ip, int fd, struct vg_error *err)
{
	struct vg_vendor	 v;
	struct vg_import	*im = ip->im;
	int			 rc;

	memset(&v, 0, sizeof(v));
	v.ar = ip->ar;
	v.im = im;
	v.tz = ip->tz;
	v.fd = fd;
	v.feed = ip->feed;
	v.source = im->source.id;
	v.device = ip->device;
	v.devtype = ip->devtype;
	rc = vendor_import[im->source.format](&v, err);
	free(v.key);
	free(v.anykey);
	free(v.left.h);
	free(v.left.n);
	return rc;
}

/*
 * Whether the file still holds what was hashed: a capture still being
 * written grows while it is read, and what was read would then not be
 * what its SHA-256 names.
 */
static int
unchanged(int fd, const struct stat *before, const struct vg_import *im,
    struct vg_error *err)
{
	struct stat	st;

	if (fstat(fd, &st) == -1) {
		vg_error_set(err, "'%s': %s", im->path, strerror(errno));
		return -1;
	}
	if ((uint64_t)st.st_size != im->source.size ||
	    st.st_mtim.tv_sec != before->st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != before->st_mtim.tv_nsec) {
		vg_error_set(err, "'%s': not imported: the file changed while"
		    " it was read (%llu bytes hashed, %llu now): a capture"
		    " still being written?", im->path,
		    (unsigned long long)im->source.size,
		    (unsigned long long)st.st_size);
		return -1;
	}
	return 0;
}

/*
 * A file that holds no records at all (a gate's export of a quiet day:
 * its header alone; none rejected, repeated or of other kinds) is named
 * by the SHA-256 of its bytes' digest and its base name: two such files
 * of one header are two imports, each listed, while the same file
 * imported again is still seen as imported before.  A file with records
 * is named by its bytes' digest alone.
 */
static void
empty_digest(struct vg_import *im)
{
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 n = 0;
	const char		*base;
	EVP_MD_CTX		*ctx;

	if ((base = strrchr(im->path, '/')) != NULL)
		base++;
	else
		base = im->path;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return;
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, im->source.sha256,
	    strlen(im->source.sha256) + 1) == 1 &&
	    EVP_DigestUpdate(ctx, base, strlen(base)) == 1 &&
	    EVP_DigestFinal_ex(ctx, md, &n) == 1 && n == 32)
		vg_hex(md, n, im->source.sha256);
	EVP_MD_CTX_free(ctx);
}

/*
 * Whether the file, now hashed, was imported before: if so, what the
 * import found is forgotten (the caller rolls its rows back) and
 * im->source is the file recorded then, as if it had not been read.
 */
static int
seen_before(struct vg_archive *ar, struct vg_import *im, struct vg_error *err)
{
	struct vg_source	 old;

	memset(&old, 0, sizeof(old));
	if (!vg_ar_source_find(ar, im->source.sha256, &old))
		return 0;
	memcpy(old.sha256, im->source.sha256, sizeof(old.sha256));
	vg_import_reset(im);
	im->source = old;
	im->duplicate = 1;
	vg_error_clear(err);
	return 1;
}

/*
 * Import one file in one transaction.  Returns 0 when the file was
 * imported (or had been before: im->duplicate), -1 when it was not; the
 * archive is then as it was.  Rejected records are in im->rejects.
 *
 * The file's SHA-256 is computed from the bytes the reader reads, on the
 * same pass (what the reader leaves unread is read for it at the end), so
 * whether the file was imported before is known only then: its rows are
 * then rolled back, and it is said to have been, whatever the reading
 * found.
 */
int
vg_import_file(struct vg_archive *ar, struct vg_import *im,
    struct vg_error *err)
{
	struct imp	 ip;
	struct stat	 st;		/* the file when it was opened */
	char		 sniff[SNIFF_SIZE];
	const char	*why;
	ssize_t		 n;
	size_t		 first, lines, bad;
	int		 fd = -1, rc = -1, intx = 0, hashed;

	vg_import_reset(im);
	im->latest = (int64_t)time(NULL) * 1000000 + DAY_US;
	memset(&ip, 0, sizeof(ip));
	ip.ar = ar;
	ip.im = im;
	/* hashed and read through one descriptor: the bytes hashed are read;
	   opened without waiting, as a FIFO with no writer would have it */
	if ((fd = open(im->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		vg_error_set(err, "cannot open '%s': %s", im->path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		vg_error_set(err, "'%s': %s", im->path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			vg_error_set(err, "'%s': a directory: name the files"
			    " in it", im->path);
		else
			vg_error_set(err, "'%s': %s, not a file: copy what it"
			    " gives into a file first", im->path,
			    S_ISFIFO(st.st_mode) ? "a pipe" :
			    S_ISSOCK(st.st_mode) ? "a socket" : "a device");
		goto out;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1) {
		vg_error_set(err, "'%s': %s", im->path, strerror(errno));
		goto out;
	}
	/* hashed in this thread as it is read: no copy, the least work */
	ip.feed = vg_feed_start(fd, im->path, NULL, 0);
	im->source.size = (uint64_t)st.st_size;	/* the digest's, later */
	im->source.path = xstrdup(im->path);
	if ((n = vg_vendor_pread(fd, ip.feed, sniff, sizeof(sniff), 0)) ==
	    -1) {
		vg_error_set(err, "'%s': %s", im->path, strerror(errno));
		goto out;
	}
	if ((why = wide_text(sniff, (size_t)n)) != NULL) {
		vg_error_set(err, "'%s': %s text (it begins with its"
		    " byte-order mark): vigil reads UTF-8; convert it first"
		    " (iconv -f %s -t UTF-8)", im->path, why, why);
		goto out;
	}
	im->source.format = im->format != VG_FORMAT_UNKNOWN ? im->format :
	    vg_detect_format(im->path, sniff, (size_t)n);
	/* an empty file is refused, whatever its format: the CSV, XML and
	   JSON readers say so their own way; an attendance log has no
	   header to miss, and was imported as no events, and recorded */
	if ((im->source.format == VG_FORMAT_UNKNOWN ||
	    im->source.format == VG_FORMAT_ZKTECO) && n == 0) {
		vg_error_set(err, "'%s': empty file, nothing to import",
		    im->path);
		goto out;
	}
	/* a text file in another encoding is said once, not on every
	   line (an XML file may declare its own encoding, and the vendors'
	   streams carry binary headers and pictures) */
	if ((im->source.format == VG_FORMAT_ROSTER ||
	    im->source.format == VG_FORMAT_GATE ||
	    im->source.format == VG_FORMAT_SIGHTINGS ||
	    im->source.format == VG_FORMAT_ZKTECO) &&
	    other_encoding(sniff, (size_t)n, &first, &lines, &bad)) {
		vg_error_set(err, "'%s', line %zu: not UTF-8 text (%zu of its"
		    " first %zu lines are not): vigil reads UTF-8; convert it"
		    " first (iconv -f ENCODING -t UTF-8, ENCODING the one it"
		    " was written in: GB18030, LATIN1, ...)", im->path, first,
		    bad, lines);
		goto out;
	}
	if (im->source.format == VG_FORMAT_UNKNOWN) {
		vg_error_set(err, "'%s': not a format vigil knows (site.xml,"
		    " roster, *.gate.csv, *.sightings.csv, or a vendor's of"
		    " vigil-formats(5))", im->path);
		goto out;
	}
	if (im->source.format != VG_FORMAT_SITE) {
		if (!vg_ar_has_site(ar)) {
			im->nosite = 1;
			vg_error_set(err, "'%s': the archive has no site"
			    " description: import site.xml first", im->path);
			goto out;
		}
		/* an unknown --device is refused before the file is read,
		   even a file imported before */
		if (im->device != NULL && (ip.device = device_named(ar,
		    im->device, &ip.devtype, err)) == -1) {
			vg_error_prefix(err, "'%s'", im->path);
			(void)vg_feed_end(ip.feed, im->source.sha256,
			    &im->source.size, NULL);
			ip.feed = NULL;
			goto out;
		}
		ip.tz = im->tz != NULL ? im->tz : vg_archive_tz(ar);
		if (im->source.format <= VG_FORMAT_SIGHTINGS) {
			ip.csv = vg_csv_open(fd, VG_CSV_MAXREC);
			vg_csv_tap(ip.csv, digest_tap, ip.feed);
		}
	}

	/* rough rows in the file, to choose how to keep the indexes */
	if (im->source.format == VG_FORMAT_GATE)
		rc = vg_ar_begin(ar, "gate_event",
		    (int64_t)(im->source.size / 64), err);
	else if (im->source.format == VG_FORMAT_SIGHTINGS)
		rc = vg_ar_begin(ar, "sighting",
		    (int64_t)(im->source.size / 160), err);
	else if (im->source.format == VG_FORMAT_ONVIF)
		rc = vg_ar_begin(ar, "sighting",
		    (int64_t)(im->source.size / 4096), err);
	else
		rc = vg_ar_begin(ar, NULL, 0, err);
	if (rc == -1)
		goto out;
	intx = 1;
	rc = -1;
	/* named by its digest at the end (vg_ar_source_done), when known */
	if (vg_ar_source_add(ar, &im->source, err) == -1)
		goto out;
	switch (im->source.format) {
	case VG_FORMAT_SITE:
		rc = import_site(&ip, fd, im->source.id, err);
		break;
	case VG_FORMAT_ROSTER:
		rc = import_roster(&ip, im->source.id, err);
		break;
	case VG_FORMAT_GATE:
		rc = import_gates(&ip, im->source.id, err);
		break;
	case VG_FORMAT_SIGHTINGS:
		rc = import_sightings(&ip, im->source.id, err);
		break;
	default:
		rc = import_vendor(&ip, fd, err);
		break;
	}
	if (rc == 0 && im->nrejected > 0 && !im->keep_going) {
		/* records a failed read rejected (no device map: every gate
		 * unknown) are not the file's fault: the read says why */
		if (vg_ar_failed(ar, err))
			rejects_forget(im);
		else
			vg_error_set(err, "'%s': not imported: %lld bad"
			    " record%s", im->path, (long long)im->nrejected,
			    im->nrejected == 1 ? "" : "s");
		rc = -1;
	}
	im->source.rejected = im->nrejected;
	/* the digest, the bytes the reader left unread read for it */
	hashed = vg_feed_end(ip.feed, im->source.sha256, &im->source.size,
	    rc == 0 ? err : NULL);
	ip.feed = NULL;
	if (hashed == 0 && rc == 0 && im->source.rows == 0 &&
	    im->nrejected == 0 && im->nrepeated == 0 && im->nother == 0 &&
	    im->source.format != VG_FORMAT_SITE)
		empty_digest(im);
	if (hashed == 0 && seen_before(ar, im, err)) {
		rc = 0;
		goto out;		/* its rows rolled back */
	}
	if (hashed == -1)
		rc = -1;
	if (rc == 0)
		rc = unchanged(fd, &st, im, err);
	if (rc == 0)
		rc = vg_ar_source_done(ar, &im->source, err);
	if (rc == 0) {
		intx = 0;		/* a failed commit rolls back */
		rc = vg_ar_commit(ar, err);
	}
out:
	/* not imported: but a file imported before is said to be so */
	if (rc == -1 && ip.feed != NULL && vg_feed_end(ip.feed,
	    im->source.sha256, &im->source.size, NULL) == 0 &&
	    seen_before(ar, im, err))
		rc = 0;
	ip.feed = NULL;
	if (intx)
		vg_ar_rollback(ar);
	if (rc == -1)
		im->source.rows = 0;
	/* an archive's failure (a full disk, a busy archive) names the file */
	if (rc == -1 && err != NULL && err->msg != NULL &&
	    !(err->msg[0] == '\'' && strncmp(err->msg + 1, im->path,
	    strlen(im->path)) == 0 && err->msg[strlen(im->path) + 1] == '\''))
		vg_error_prefix(err, "'%s': not imported", im->path);
	vg_csv_close(ip.csv);
	vg_strtab_free(&ip.seen);
	free(ip.seenline);
	free(ip.emb);
	free(ip.left.h);
	free(ip.left.n);
	if (fd != -1)
		close(fd);
	return rc;
}
