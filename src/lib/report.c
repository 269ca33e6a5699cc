/* report.c: a case's report as printable self-contained HTML and as XML valid against report.xsd */
#include "config.h"

#include "case.h"
#include "report.h"
#include "vigil-int.h"
#include "xmlmsg.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

#define REPORT_NS	"urn:vigil:report:1"
#define REPORT_XSD	"report.xsd"

#define ISO_BUFSZ	48		/* room for any iso() result */
#define MAX_IMAGE	(64 << 20)	/* largest frame embedded, bytes */
#define MAX_XML		(256 << 20)	/* largest report.xml validated */
#define MAX_SECONDS	1e9		/* largest transit, seconds */
#define MAX_OFFSET	INT64_C(1000000000000000)	/* largest offset, us */

/* 0001-01-02 and 9999-12-30 UTC: four-digit years in every zone. */
#define TIME_MIN	INT64_C(-62135510400000000)
#define TIME_MAX	INT64_C(253402128000000000)

/* One validation of one document: where its first error goes. */
struct vload {
	const char	*name;		/* file name for messages */
	struct vg_error	*err;		/* the first error */
	int		 failed;	/* an error was recorded */
};

/* The XML being written. */
struct xw {
	xmlTextWriterPtr w;		/* libxml2's writer */
	struct vg_tz	*tz;		/* zone of the local renderings */
	int		 bad;		/* a call failed */
};

/* A point of a zone on the site plan, in metres. */
struct pt {
	double	 x, y;		/* east, north */
};

/* How the site plan maps metres to the drawing. */
struct plan {
	double	 minx, maxy;	/* metres at the drawing's top left */
	double	 s;		/* drawing units a metre */
	double	 m;		/* margin, drawing units */
	double	 w, h;		/* size of the drawing */
};


static int	 bad(struct vg_error *, const char *, const char *, ...)
		     VG_PRINTF(3, 4);
static void	 on_generic(void *, const char *, ...);
static void	 on_quiet(void *, xmlErrorPtr);

/*
 * Text for HTML content or a quoted attribute, carried as vg_text_carry
 * says (tabs and newlines kept).
 */
static void
buf_esc(struct vg_buf *b, const char *text)
{
	struct vg_buf	 c = { NULL, 0, 0 };
	const char	*p, *s;

	vg_text_carry(&c, text, "\t\n");
	if (c.s == NULL)
		return;
	for (p = s = c.s; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			vg_buf_add(b, s, (size_t)(p - s));
			vg_buf_str(b, "&amp;");
			break;
		case '<':
			vg_buf_add(b, s, (size_t)(p - s));
			vg_buf_str(b, "&lt;");
			break;
		case '>':
			vg_buf_add(b, s, (size_t)(p - s));
			vg_buf_str(b, "&gt;");
			break;
		case '"':
			vg_buf_add(b, s, (size_t)(p - s));
			vg_buf_str(b, "&quot;");
			break;
		case '\'':
			vg_buf_add(b, s, (size_t)(p - s));
			vg_buf_str(b, "&#39;");
			break;
		default:
			continue;
		}
		s = p + 1;
	}
	vg_buf_add(b, s, (size_t)(p - s));
	free(c.s);
}

static void
buf_base64(struct vg_buf *b, const unsigned char *p, size_t n)
{
	static const char	 tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char			 q[4];
	uint32_t		 v;
	size_t			 i;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		q[0] = tab[v >> 18];
		q[1] = tab[v >> 12 & 63];
		q[2] = tab[v >> 6 & 63];
		q[3] = tab[v & 63];
		vg_buf_add(b, q, 4);
	}
	if (i < n) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		q[0] = tab[v >> 18];
		q[1] = tab[v >> 12 & 63];
		q[2] = i + 1 < n ? tab[v >> 6 & 63] : '=';
		q[3] = '=';
		vg_buf_add(b, q, 4);
	}
}

/*
 * v rounded to places (0 to 6) decimals, whatever the locale; without
 * trailing zeros if trim.  The caller keeps |v| well inside int64_t.
 */
static void
fixed(double v, int places, int trim, char *out, size_t size)
{
	static const int64_t	 p10[] = {
		1, 10, 100, 1000, 10000, 100000, 1000000
	};
	const char		*sign = "";
	char			 frac[24];
	int64_t			 r;
	int			 k;

	r = (int64_t)llround(v * (double)p10[places]);
	if (r < 0) {
		sign = "-";
		r = -r;
	}
	snprintf(frac, sizeof(frac), "%0*lld", places,
	    (long long)(r % p10[places]));
	k = places;
	while (trim && k > 0 && frac[k - 1] == '0')
		k--;
	frac[k] = '\0';
	snprintf(out, size, "%s%lld%s%s", sign, (long long)(r / p10[places]),
	    k > 0 ? "." : "", frac);
}

/* Microseconds as exact seconds, without trailing zeros. */
static void
seconds(int64_t us, char *out, size_t size)
{
	const char	*sign = "";
	char		 frac[24];
	int		 k = 6;

	if (us < 0) {
		sign = "-";
		us = -us;
	}
	snprintf(frac, sizeof(frac), "%06lld", (long long)(us % 1000000));
	while (k > 0 && frac[k - 1] == '0')
		k--;
	frac[k] = '\0';
	snprintf(out, size, "%s%lld%s%s", sign, (long long)(us / 1000000),
	    k > 0 ? "." : "", frac);
}

/*
 * t as ISO 8601 in tz (NULL: UTC), ending in Z if z, else in the offset.
 * Fractions of a second have six digits if pad, else three when they
 * are whole milliseconds, as vg_time_format writes them for people.
 */
static void
iso(struct vg_tz *tz, int64_t t, int z, int pad, char *out)
{
	char		 b[VG_TIME_BUFSZ];
	const char	*dot;
	size_t		 n, body;

	n = vg_time_format(tz, t, b, sizeof(b));
	if (n >= sizeof(b) || n < 6) {
		memcpy(out, "?", 2);
		return;
	}
	body = n - 6;
	memcpy(out, b, body);
	if (pad && (dot = memchr(b, '.', body)) != NULL &&
	    body - (size_t)(dot - b) == 4) {
		memcpy(out + body, "000", 3);
		body += 3;
	}
	if (z)
		out[body++] = 'Z';
	else {
		memcpy(out + body, b + n - 6, 6);
		body += 6;
	}
	out[body] = '\0';
}

/*
 * Checks of the report's content, so that what is written is valid
 * against report.xsd and stays inside data/.
 */
static int
bad(struct vg_error *err, const char *ctx, const char *fmt, ...)
{
	va_list	 ap;
	char	*m;

	va_start(ap, fmt);
	xvasprintf(&m, fmt, ap);
	va_end(ap);
	if (ctx != NULL)
		vg_error_set(err, "report: %s: %s", ctx, m);
	else
		vg_error_set(err, "report: %s", m);
	free(m);
	return -1;
}

#define T_REQ	0x1		/* check_text: must be given */
#define T_FULL	0x2		/* check_text: must not be empty */

/*
 * Text given, or not empty, as flags ask.  Any bytes can be written:
 * what XML 1.0 or HTML cannot hold is carried as vg_text_carry says.
 */
static int
check_text(struct vg_error *err, const char *ctx, const char *field,
    const char *s, int flags)
{
	if (s == NULL)
		return (flags & T_REQ) ? bad(err, ctx, "%s missing", field) : 0;
	if (s[0] == '\0' && (flags & T_FULL))
		return bad(err, ctx, "%s empty", field);
	return 0;
}

static int
check_oneof(struct vg_error *err, const char *ctx, const char *field,
    const char *s, const char *const *set)
{
	const char *const	*p;
	struct vg_buf		 b = { NULL, 0, 0 };

	if (s == NULL)
		return bad(err, ctx, "%s missing", field);
	for (p = set; *p != NULL; p++)
		if (strcmp(s, *p) == 0)
			return 0;
	if (check_text(err, ctx, field, s, 0) == -1)
		return -1;
	for (p = set; *p != NULL; p++) {
		if (p != set)
			vg_buf_str(&b, p[1] == NULL ? " or " : ", ");
		vg_buf_str(&b, *p);
	}
	bad(err, ctx, "%s '%s' is not %s", field, s, b.s);
	free(b.s);
	return -1;
}

/* A site id: an XML name without a colon, as site.xsd's ids are. */
static int
check_ref(struct vg_error *err, const char *ctx, const char *field,
    const char *s, int flags)
{
	if (check_text(err, ctx, field, s, flags | T_FULL) == -1)
		return -1;
	if (s != NULL && xmlValidateNCName((const xmlChar *)s, 0) != 0)
		return bad(err, ctx, "%s '%s' is not a site id", field, s);
	return 0;
}

static int
check_time(struct vg_error *err, const char *ctx, const char *field,
    int64_t t, int required)
{
	if (t == VG_TIME_NONE)
		return required ? bad(err, ctx, "%s missing", field) : 0;
	if (t < TIME_MIN || t > TIME_MAX)
		return bad(err, ctx, "%s out of range", field);
	return 0;
}

static int
check_hash(struct vg_error *err, const char *ctx, const char *field,
    const char *s)
{
	size_t	i;

	if (s == NULL)
		return bad(err, ctx, "%s missing", field);
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			break;
	if (i != 64 || s[i] != '\0') {
		if (check_text(err, ctx, field, s, 0) == -1)
			return -1;
		return bad(err, ctx, "%s '%s' is not 64 lower-case hex digits",
		    field, s);
	}
	return 0;
}

/* A relative path that stays under data/: no empty, . or .. part. */
static int
check_file(struct vg_error *err, const char *ctx, const char *field,
    const char *s)
{
	const char	*p, *e;
	size_t		 n;

	if (s == NULL)
		return 0;
	if (check_text(err, ctx, field, s, T_FULL) == -1)
		return -1;
	for (p = s;; p = e + 1) {
		e = strchr(p, '/');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return bad(err, ctx, "%s '%s' is not a path inside data/",
			    field, s);
		if (e == NULL)
			return 0;
	}
}

static int
check_report(const struct vg_report *r, struct vg_error *err)
{
	static const char *const	 status[] = { "open", "closed", NULL };
	static const char *const	 types[] = { "camera", "gate", NULL };
	static const char *const	 decisions[] = {
		"confirmed", "rejected", "proposed", NULL
	};
	static const char *const	 skinds[] = {
		"person", "unknown", "anchor", NULL
	};
	static const char *const	 ikinds[] = {
		"event", "sighting", "clip", "frame", NULL
	};
	const struct vg_report_hop	*h;
	const struct vg_report_subject	*s;
	const struct vg_report_item	*it;
	static const char *const	 verdicts[] = {
		"confirm", "reject", "withdraw", NULL
	};
	const struct vg_report_note	*no;
	const struct vg_report_decision	*d;
	const struct vg_report_entry	*en;
	char				 ctx[64];
	size_t				 i;

	if (check_text(err, NULL, "case number", r->number, T_REQ | T_FULL) ||
	    check_text(err, NULL, "case title", r->title, T_REQ) ||
	    check_oneof(err, NULL, "case status", r->status, status) ||
	    check_time(err, NULL, "incident time", r->incident_time, 0) ||
	    check_ref(err, NULL, "incident place", r->incident_place, 0) ||
	    check_time(err, NULL, "case creation time", r->created, 1) ||
	    check_text(err, NULL, "case creator", r->created_by,
	    T_REQ | T_FULL) ||
	    check_text(err, NULL, "archive", r->archive, T_REQ | T_FULL) ||
	    check_text(err, NULL, "organization", r->organization, T_FULL) ||
	    check_text(err, NULL, "generator", r->generator, T_REQ | T_FULL) ||
	    check_time(err, NULL, "as-of time", r->as_of, 1) ||
	    check_file(err, NULL, "contact sheet", r->sheet))
		return -1;
	for (i = 0; i < r->nhops; i++) {
		h = &r->hops[i];
		snprintf(ctx, sizeof(ctx), "hop %d", h->n);
		if (h->n < 1)
			return bad(err, NULL, "hop %zu: number %d is not positive",
			    i + 1, h->n);
		if (i > 0 && h->n <= r->hops[i - 1].n)
			return bad(err, ctx, "comes after hop %d: numbers must "
			    "increase", r->hops[i - 1].n);
		if (check_ref(err, ctx, "device", h->device, T_REQ) ||
		    check_oneof(err, ctx, "type", h->type, types) ||
		    check_text(err, ctx, "track", h->track, T_FULL) ||
		    check_time(err, ctx, "first seen", h->first, 1) ||
		    check_time(err, ctx, "last seen", h->last, 0) ||
		    check_text(err, ctx, "person", h->person, T_FULL) ||
		    check_oneof(err, ctx, "decision", h->decision, decisions) ||
		    check_text(err, ctx, "reason", h->why, T_FULL) ||
		    check_file(err, ctx, "clip", h->clip) ||
		    check_file(err, ctx, "frame", h->frame))
			return -1;
		if (!isnan(h->transit) && !(fabs(h->transit) <= MAX_SECONDS))
			return bad(err, ctx, "transit out of range");
		if (!isnan(h->confidence) &&
		    !(h->confidence >= 0 && h->confidence <= 1))
			return bad(err, ctx, "confidence is not between 0 and 1");
		if (h->offset < -MAX_OFFSET || h->offset > MAX_OFFSET)
			return bad(err, ctx, "clock correction out of range");
		if (h->clip != NULL) {
			if (check_hash(err, ctx, "clip SHA-256",
			    h->clip_sha256) ||
			    check_time(err, ctx, "clip start", h->clip_first, 0))
				return -1;
		} else if (h->clip_sha256 != NULL)
			return bad(err, ctx, "a clip SHA-256 but no clip");
	}
	for (i = 0; i < r->nsubjects; i++) {
		s = &r->subjects[i];
		snprintf(ctx, sizeof(ctx), "subject %zu", i + 1);
		if (check_oneof(err, ctx, "kind", s->kind, skinds) ||
		    check_text(err, ctx, "person", s->person, T_FULL) ||
		    check_text(err, ctx, "name", s->name, T_FULL) ||
		    check_text(err, ctx, "description", s->description,
		    T_FULL) ||
		    check_text(err, ctx, "sighting", s->ref, T_FULL) ||
		    check_time(err, ctx, "time added", s->added, 1) ||
		    check_text(err, ctx, "officer", s->officer, T_REQ | T_FULL))
			return -1;
	}
	for (i = 0; i < r->nitems; i++) {
		it = &r->items[i];
		snprintf(ctx, sizeof(ctx), "item %lld", (long long)it->id);
		if (it->id < 1)
			return bad(err, NULL, "item %zu: number %lld is not "
			    "positive", i + 1, (long long)it->id);
		if (i > 0 && it->id <= r->items[i - 1].id)
			return bad(err, ctx, "comes after item %lld: numbers "
			    "must increase", (long long)r->items[i - 1].id);
		if (check_oneof(err, ctx, "kind", it->kind, ikinds) ||
		    check_text(err, ctx, "reference", it->ref, T_REQ | T_FULL) ||
		    check_file(err, ctx, "file", it->file) ||
		    check_text(err, ctx, "remark", it->remark, T_FULL) ||
		    check_time(err, ctx, "time added", it->added, 1) ||
		    check_text(err, ctx, "officer", it->officer,
		    T_REQ | T_FULL))
			return -1;
		if (it->file != NULL) {
			if (check_hash(err, ctx, "file SHA-256", it->sha256))
				return -1;
		} else if (it->sha256 != NULL)
			return bad(err, ctx, "a SHA-256 but no file");
	}
	for (i = 0; i < r->nnotes; i++) {
		no = &r->notes[i];
		snprintf(ctx, sizeof(ctx), "note %zu", i + 1);
		if (check_time(err, ctx, "time", no->at, 1) ||
		    check_text(err, ctx, "officer", no->officer,
		    T_REQ | T_FULL) ||
		    check_text(err, ctx, "text", no->text, T_REQ))
			return -1;
	}
	for (i = 0; i < r->ndecisions; i++) {
		d = &r->decisions[i];
		snprintf(ctx, sizeof(ctx), "decision %lld", (long long)d->id);
		if (d->id < 1)
			return bad(err, NULL, "decision %zu: number %lld is not "
			    "positive", i + 1, (long long)d->id);
		if (i > 0 && d->id <= r->decisions[i - 1].id)
			return bad(err, ctx, "comes after decision %lld: numbers "
			    "must increase", (long long)r->decisions[i - 1].id);
		if (check_text(err, ctx, "hop", d->hop, T_REQ | T_FULL) ||
		    check_oneof(err, ctx, "verdict", d->verdict, verdicts) ||
		    check_text(err, ctx, "reason", d->why, T_REQ) ||
		    check_time(err, ctx, "time", d->at, 1) ||
		    check_text(err, ctx, "officer", d->officer,
		    T_REQ | T_FULL))
			return -1;
		if (d->hop_n < 0 || d->superseded < 0)
			return bad(err, ctx, "a negative hop or decision number");
	}
	for (i = 0; i < r->ncustody; i++) {
		en = &r->custody[i];
		snprintf(ctx, sizeof(ctx), "custody entry %lld",
		    (long long)en->seq);
		if (en->seq < 1)
			return bad(err, NULL, "custody entry %zu: sequence %lld "
			    "is not positive", i + 1, (long long)en->seq);
		if (i > 0 && en->seq <= r->custody[i - 1].seq)
			return bad(err, ctx, "comes after entry %lld: sequence "
			    "numbers must increase",
			    (long long)r->custody[i - 1].seq);
		if (check_time(err, ctx, "time", en->at, 1) ||
		    check_text(err, ctx, "officer", en->officer,
		    T_REQ | T_FULL) ||
		    check_text(err, ctx, "tool", en->tool, T_REQ | T_FULL) ||
		    check_text(err, ctx, "arguments", en->args, T_REQ) ||
		    check_hash(err, ctx, "hash", en->hash))
			return -1;
	}
	return 0;
}

/* Write the bytes under a temporary name beside path, then put them there. */
static int
publish(const struct vg_buf *b, const char *path, struct vg_error *err)
{
	char	*tmp;
	size_t	 off;
	ssize_t	 n;
	int	 fd;

	if ((fd = vg_file_temp(path, &tmp, err)) == -1)
		return -1;
	for (off = 0; off < b->len; off += (size_t)n) {
		if ((n = write(fd, b->s + off, b->len - off)) == -1) {
			if (errno == EINTR) {
				n = 0;
				continue;
			}
			vg_error_set(err, "cannot write '%s': %s", tmp,
			    strerror(errno));
			close(fd);
			goto fail;
		}
	}
	if (close(fd) == -1) {
		vg_error_set(err, "cannot write '%s': %s", tmp, strerror(errno));
		goto fail;
	}
	if (vg_file_publish(tmp, path, 0, err) == -1) {
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
fail:
	(void)unlink(tmp);
	free(tmp);
	return -1;
}

/*
 * report.xml
 */
static void
xw_start(struct xw *x, const char *name)
{
	if (xmlTextWriterStartElement(x->w, (const xmlChar *)name) < 0)
		x->bad = 1;
}

static void
xw_end(struct xw *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		x->bad = 1;
}

static void
xw_attr(struct xw *x, const char *name, const char *v)
{
	struct vg_buf	c = { NULL, 0, 0 };

	vg_text_carry(&c, v, "\t\n");
	if (xmlTextWriterWriteAttribute(x->w, (const xmlChar *)name,
	    (const xmlChar *)(c.s != NULL ? c.s : "")) < 0)
		x->bad = 1;
	free(c.s);
}

/* Text, carried as vg_text_carry says (tabs and newlines kept). */
static void
xw_string(struct xw *x, const char *v)
{
	struct vg_buf	c = { NULL, 0, 0 };

	vg_text_carry(&c, v, "\t\n");
	if (xmlTextWriterWriteString(x->w, (const xmlChar *)(c.s != NULL ?
	    c.s : "")) < 0)
		x->bad = 1;
	free(c.s);
}

/* An element holding text; nothing if v is NULL. */
static void
xw_text(struct xw *x, const char *name, const char *v)
{
	if (v == NULL)
		return;
	xw_start(x, name);
	xw_string(x, v);
	xw_end(x);
}

/* An element holding an instant in UTC, with its local rendering. */
static void
xw_time(struct xw *x, const char *name, int64_t t)
{
	char	utc[ISO_BUFSZ], local[ISO_BUFSZ];

	if (t == VG_TIME_NONE)
		return;
	iso(NULL, t, 1, 1, utc);
	iso(x->tz, t, 0, 1, local);
	xw_start(x, name);
	xw_attr(x, "local", local);
	xw_string(x, utc);
	xw_end(x);
}

/* An element holding a file under data/ and its digest. */
static void
xw_file(struct xw *x, const char *name, const char *file, const char *sha256)
{
	if (file == NULL)
		return;
	xw_start(x, name);
	xw_attr(x, "sha256", sha256);
	xw_string(x, file);
	xw_end(x);
}

static void
xml_hop(struct xw *x, const struct vg_report_hop *h)
{
	char	n[32];

	xw_start(x, "hop");
	snprintf(n, sizeof(n), "%d", h->n);
	xw_attr(x, "n", n);
	xw_text(x, "device", h->device);
	xw_text(x, "type", h->type);
	xw_text(x, "track", h->track);
	xw_time(x, "first", h->first);
	xw_time(x, "last", h->last);
	if (!isnan(h->transit)) {
		fixed(h->transit, 6, 1, n, sizeof(n));
		xw_text(x, "transit", n);
	}
	if (!isnan(h->confidence)) {
		fixed(h->confidence, 6, 1, n, sizeof(n));
		xw_text(x, "confidence", n);
	}
	xw_text(x, "person", h->person);
	xw_text(x, "decision", h->decision);
	xw_text(x, "why", h->why);
	if (h->clip != NULL) {
		xw_file(x, "clip", h->clip, h->clip_sha256);
		xw_time(x, "clip-first", h->clip_first);
	}
	seconds(h->offset, n, sizeof(n));
	xw_text(x, "offset", n);
	xw_text(x, "frame", h->frame);
	xw_end(x);
}

static void
xml_body(struct xw *x, const struct vg_report *r)
{
	const struct vg_report_subject	*s;
	const struct vg_report_item	*it;
	const struct vg_report_note	*no;
	const struct vg_report_decision	*d;
	const struct vg_report_entry	*en;
	char				 n[32];
	size_t				 i;

	xw_start(x, "case");
	xw_text(x, "number", r->number);
	xw_text(x, "title", r->title);
	xw_text(x, "status", r->status);
	xw_time(x, "created", r->created);
	xw_text(x, "created-by", r->created_by);
	xw_text(x, "archive", r->archive);
	xw_text(x, "organization", r->organization);
	xw_text(x, "generator", r->generator);
	xw_time(x, "as-of", r->as_of);
	xw_text(x, "timezone", r->tz != NULL ? vg_tz_name(r->tz) : "UTC");
	xw_end(x);

	xw_start(x, "incident");
	xw_time(x, "time", r->incident_time);
	xw_text(x, "place", r->incident_place);
	xw_end(x);

	xw_start(x, "subjects");
	for (i = 0; i < r->nsubjects; i++) {
		s = &r->subjects[i];
		xw_start(x, "subject");
		xw_attr(x, "kind", s->kind);
		xw_text(x, "person", s->person);
		xw_text(x, "name", s->name);
		xw_text(x, "description", s->description);
		xw_text(x, "ref", s->ref);
		xw_time(x, "added", s->added);
		xw_text(x, "officer", s->officer);
		xw_end(x);
	}
	xw_end(x);

	xw_start(x, "path");
	for (i = 0; i < r->nhops; i++)
		xml_hop(x, &r->hops[i]);
	xw_text(x, "sheet", r->sheet);
	xw_end(x);

	xw_start(x, "decisions");
	for (i = 0; i < r->ndecisions; i++) {
		d = &r->decisions[i];
		xw_start(x, "decision");
		snprintf(n, sizeof(n), "%lld", (long long)d->id);
		xw_attr(x, "id", n);
		xw_attr(x, "verdict", d->verdict);
		xw_text(x, "hop", d->hop);
		if (d->hop_n > 0) {
			snprintf(n, sizeof(n), "%d", d->hop_n);
			xw_text(x, "path-hop", n);
		}
		xw_text(x, "why", d->why);
		xw_time(x, "time", d->at);
		xw_text(x, "officer", d->officer);
		if (d->superseded > 0) {
			snprintf(n, sizeof(n), "%lld", (long long)d->superseded);
			xw_text(x, "superseded-by", n);
		}
		xw_end(x);
	}
	xw_end(x);

	xw_start(x, "items");
	for (i = 0; i < r->nitems; i++) {
		it = &r->items[i];
		xw_start(x, "item");
		snprintf(n, sizeof(n), "%lld", (long long)it->id);
		xw_attr(x, "id", n);
		xw_attr(x, "kind", it->kind);
		xw_text(x, "ref", it->ref);
		xw_file(x, "file", it->file, it->sha256);
		xw_text(x, "remark", it->remark);
		xw_time(x, "added", it->added);
		xw_text(x, "officer", it->officer);
		xw_end(x);
	}
	xw_end(x);

	xw_start(x, "notes");
	for (i = 0; i < r->nnotes; i++) {
		no = &r->notes[i];
		xw_start(x, "note");
		xw_time(x, "time", no->at);
		xw_text(x, "officer", no->officer);
		xw_text(x, "text", no->text);
		xw_end(x);
	}
	xw_end(x);

	xw_start(x, "custody");
	for (i = 0; i < r->ncustody; i++) {
		en = &r->custody[i];
		xw_start(x, "entry");
		snprintf(n, sizeof(n), "%lld", (long long)en->seq);
		xw_attr(x, "seq", n);
		xw_time(x, "time", en->at);
		xw_text(x, "officer", en->officer);
		xw_text(x, "tool", en->tool);
		xw_text(x, "args", en->args);
		if (en->touched != NULL && en->touched[0] != '\0')
			xw_text(x, "touched", en->touched);
		xw_text(x, "hash", en->hash);
		xw_end(x);
	}
	xw_end(x);
}

int
vg_report_xml(const struct vg_report *r, const char *path,
    struct vg_error *err)
{
	struct xw		 x;
	struct vg_buf		 b = { NULL, 0, 0 };
	xmlBufferPtr		 xb;
	xmlStructuredErrorFunc	 old_serror;
	xmlGenericErrorFunc	 old_generic;
	void			*old_sctx, *old_gctx;
	int			 rc;

	if (check_report(r, err) == -1)
		return -1;
	xmlInitParser();
	old_serror = xmlStructuredError;
	old_sctx = xmlStructuredErrorContext;
	old_generic = xmlGenericError;
	old_gctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(NULL, on_quiet);
	xmlSetGenericErrorFunc(NULL, on_generic);
	if ((xb = xmlBufferCreate()) == NULL)
		abort();	/* out of memory, as xmalloc does */
	memset(&x, 0, sizeof(x));
	x.tz = r->tz;
	if ((x.w = xmlNewTextWriterMemory(xb, 0)) == NULL)
		abort();
	if (xmlTextWriterSetIndent(x.w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x.w, (const xmlChar *)"  ") < 0 ||
	    xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElementNS(x.w, NULL, (const xmlChar *)"report",
	    (const xmlChar *)REPORT_NS) < 0)
		x.bad = 1;
	xml_body(&x, r);
	if (xmlTextWriterEndDocument(x.w) < 0)
		x.bad = 1;
	xmlFreeTextWriter(x.w);
	xmlSetStructuredErrorFunc(old_sctx, old_serror);
	xmlSetGenericErrorFunc(old_gctx, old_generic);
	if (x.bad) {
		xmlBufferFree(xb);
		vg_error_set(err, "'%s': cannot write the XML", path);
		return -1;
	}
	vg_buf_add(&b, (const char *)xmlBufferContent(xb),
	    (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	if (b.len == 0 || b.s[b.len - 1] != '\n')
		vg_buf_add(&b, "\n", 1);	/* as libxml2 does without indenting */
	rc = publish(&b, path, err);
	free(b.s);
	return rc;
}

/*
 * Validation of report.xml against report.xsd.
 */

/* Record the first error of a validation; later ones are dropped. */
static void VG_PRINTF(3, 4)
vfail(struct vload *ld, long line, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vg_xml_verror(ld->err, &ld->failed, ld->name, line, fmt, ap);
	va_end(ap);
}

#define clean_message(m)	vg_xml_message((m), REPORT_NS)

/* Every libxml2 error of a validation ends here; warnings are ignored. */
static void
on_error(void *arg, xmlErrorPtr xe)
{
	struct vload	*ld = arg;
	const xmlNode	*node;
	char		*m;
	long		 line;

	if (ld == NULL || xe == NULL || xe->level < XML_ERR_ERROR ||
	    ld->failed)
		return;
	line = xe->line;
	if (xe->domain == XML_FROM_SCHEMASV && (node = xe->node) != NULL) {
		if (node->type == XML_ATTRIBUTE_NODE)
			node = node->parent;
		if (node != NULL)
			line = xmlGetLineNo(node);
	}
	m = clean_message(xe->message);
	vfail(ld, line, "%s", m);
	free(m);
}

/* libxml2's messages, kept from stderr: the library never prints. */
static void
on_generic(void *arg, const char *fmt, ...)
{
	(void)arg;
	(void)fmt;
}

static void
on_quiet(void *arg, xmlErrorPtr xe)
{
	(void)arg;
	(void)xe;
}

/* A DOCTYPE is refused where it starts: no DTD is read or used. */
static void
sax_internal_subset(void *ctx, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	xmlParserCtxtPtr	 ctxt = ctx;

	(void)name;
	(void)eid;
	(void)sid;
	vfail(ctxt->_private, xmlSAX2GetLineNumber(ctxt),
	    "document type declarations are not allowed");
	xmlStopParser(ctxt);
}


/* The schema, parsed once per process; its errors go where the load's go. */
static xmlSchemaPtr
report_schema(struct vload *ld)
{
	xmlSchemaPtr	s;

	if ((s = vg_xml_schema(REPORT_XSD, ld->err, ld, on_error)) == NULL)
		ld->failed = 1;
	return s;
}

/* Parse without network, entities or DTD; the document, or NULL. */
static xmlDocPtr
parse(struct vload *ld, const char *buf, size_t len)
{
	xmlParserCtxtPtr	ctxt;
	xmlDocPtr		doc;

	if (len == 0) {
		vfail(ld, 1, "document is empty");
		return NULL;
	}
	if ((ctxt = xmlCreateMemoryParserCtxt(buf, (int)len)) == NULL) {
		vfail(ld, 0, "cannot create an XML parser");
		return NULL;
	}
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	ctxt->linenumbers = 1;
	ctxt->_private = ld;
	ctxt->sax->internalSubset = sax_internal_subset;
	ctxt->sax->serror = NULL;
	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (!ld->failed && (!ctxt->wellFormed || doc == NULL))
		vfail(ld, ctxt->input != NULL ? ctxt->input->line : 0,
		    "not well-formed XML");
	xmlFreeParserCtxt(ctxt);
	if (ld->failed) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

int
vg_report_validate(const char *xml, struct vg_error *err)
{
	struct vload		 ld;
	xmlStructuredErrorFunc	 old_serror;
	xmlGenericErrorFunc	 old_generic;
	void			*old_sctx, *old_gctx;
	xmlSchemaValidCtxtPtr	 vc;
	xmlSchemaPtr		 schema;
	xmlDocPtr		 doc = NULL;
	xmlNodePtr		 root;
	char			*buf;
	size_t			 len;
	int			 r, eno;

	if ((buf = vg_read_file(xml, MAX_XML, &len, &eno, err)) == NULL)
		return -1;
	memset(&ld, 0, sizeof(ld));
	ld.name = xml;
	ld.err = err;

	xmlInitParser();
	old_serror = xmlStructuredError;
	old_sctx = xmlStructuredErrorContext;
	old_generic = xmlGenericError;
	old_gctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(&ld, on_error);
	xmlSetGenericErrorFunc(NULL, on_generic);

	if ((doc = parse(&ld, buf, len)) == NULL)
		goto done;
	root = xmlDocGetRootElement(doc);
	if (root == NULL || root->ns == NULL ||
	    strcmp((const char *)root->ns->href, REPORT_NS) != 0 ||
	    strcmp((const char *)root->name, "report") != 0) {
		vfail(&ld, root != NULL ? xmlGetLineNo(root) : 0,
		    "not a vigil report: the root element must be 'report' "
		    "in namespace %s", REPORT_NS);
		goto done;
	}
	if ((schema = report_schema(&ld)) == NULL)
		goto done;
	if ((vc = xmlSchemaNewValidCtxt(schema)) == NULL) {
		vfail(&ld, 0, "cannot create a schema validator");
		goto done;
	}
	xmlSchemaSetValidStructuredErrors(vc, on_error, &ld);
	r = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	if (r != 0)
		vfail(&ld, 0, "not valid against %s", REPORT_XSD);
done:
	xmlFreeDoc(doc);
	free(buf);
	xmlSetStructuredErrorFunc(old_sctx, old_serror);
	xmlSetGenericErrorFunc(old_gctx, old_generic);
	return ld.failed ? -1 : 0;
}

/*
 * report.html
 */
static const char css[] =
":root{color-scheme:light}\n"
"body{font:10.5pt/1.4 system-ui,-apple-system,\"Segoe UI\",\"Noto Sans\","
"\"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;"
"color:#111;background:#fff;max-width:62rem;margin:0 auto;padding:1.5rem}\n"
"h1{font-size:1.6em;margin:0 0 .4em}\n"
"h1 .num{display:block;font-size:.65em;font-weight:600;color:#555}\n"
"h2{font-size:1.15em;border-bottom:1px solid #999;padding-bottom:.15em;"
"margin:1.6em 0 .6em;break-after:avoid;page-break-after:avoid}\n"
"h3{font-size:1em;margin:1em 0 .4em;break-after:avoid}\n"
"dl.meta{display:grid;grid-template-columns:max-content 1fr;"
"gap:.15em 1.2em;margin:0}\n"
"dl.meta dt{font-weight:600}\n"
"dl.meta dd{margin:0}\n"
"table{border-collapse:collapse;width:100%;font-size:.9em}\n"
"th,td{border:1px solid #bbb;padding:.2em .4em;text-align:left;"
"vertical-align:top}\n"
"th{background:#eee}\n"
"thead{display:table-header-group}\n"
"tr{break-inside:avoid;page-break-inside:avoid}\n"
"td.num{text-align:right;white-space:nowrap;"
"font-variant-numeric:tabular-nums}\n"
"td.time{white-space:nowrap;font-variant-numeric:tabular-nums}\n"
".mono,.hash{font-family:ui-monospace,\"DejaVu Sans Mono\",Menlo,"
"Consolas,monospace}\n"
".hash{font-size:.85em;word-break:break-all}\n"
".small{font-size:.85em;color:#444}\n"
".confirmed{color:#0a5c0a;font-weight:600}\n"
".rejected{color:#a00}\n"
".proposed{color:#8a5a00}\n"
".missing{border:1px dashed #a00;color:#a00;padding:2em 1em;"
"text-align:center}\n"
".frames{font-size:0}\n"
"figure{display:inline-block;vertical-align:top;box-sizing:border-box;"
"width:calc(50% - .5em);margin:0 .5em .8em 0;border:1px solid #ccc;"
"padding:.4em;font-size:10.5pt;break-inside:avoid;"
"page-break-inside:avoid}\n"
"figure.sheet{width:100%}\n"
"figure img{display:block;width:100%;height:auto}\n"
"figcaption{font-size:.85em;margin-top:.3em}\n"
"svg.plan{display:block;width:100%;height:auto;max-height:75vh;"
"border:1px solid #bbb;background:#fbfbf8}\n"
".legend{font-size:.85em;margin:.4em 0}\n"
".legend span{display:inline-block;margin-right:1em}\n"
".legend b{font-size:1.3em;line-height:1;margin-right:.2em}\n"
"svg.plan text{font-family:sans-serif;paint-order:stroke;stroke:#fbfbf8;"
"stroke-width:3px;stroke-linejoin:round}\n"
"svg.plan .cam circle{fill:#1f5fa8;stroke:#fff;stroke-width:1.5}\n"
"svg.plan .cam line{stroke:#1f5fa8;stroke-width:2}\n"
"svg.plan .gate rect{fill:#222;stroke:#fff;stroke-width:1.5}\n"
"svg.plan .place path{fill:#777}\n"
"svg.plan text.pl{font-size:12px;fill:#555;font-style:italic}\n"
"svg.plan text.dev{font-size:11px;fill:#333}\n"
"svg.plan text.hot{font-weight:bold;fill:#000}\n"
"svg.plan .path{fill:none;stroke:#c00;stroke-width:3;"
"stroke-linecap:round}\n"
"svg.plan .hop circle{fill:#c00;stroke:#fff;stroke-width:1.5}\n"
"svg.plan .hop text{font-size:11px;font-weight:bold;fill:#fff;"
"stroke:none;text-anchor:middle}\n"
"svg.plan .hop.rejected circle{fill:#999}\n"
"svg.plan .incident circle{fill:none;stroke:#c00;stroke-width:2;"
"stroke-dasharray:4 3}\n"
"svg.plan .north path{fill:#333}\n"
"svg.plan .north text{font-size:13px;font-weight:bold}\n"
"svg.plan .scale path{fill:none;stroke:#333;stroke-width:2}\n"
"svg.plan .scale text{font-size:11px}\n"
".note{white-space:pre-wrap;margin:.2em 0 .8em}\n"
"footer{margin-top:2em;border-top:1px solid #999;padding-top:.4em;"
"font-size:.85em;color:#444}\n"
"@media screen and (max-width:48rem){\n"
"body{padding:.6rem}\n"
"table{display:block;overflow-x:auto}\n"
"#plan{overflow-x:auto}\n"
"svg.plan{min-width:44rem;max-height:none}\n"
"figure{width:100%;margin-right:0}\n"
"}\n"
"@page{size:A4;margin:14mm 12mm}\n"
"@media print{\n"
"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
"body{max-width:none;padding:0;font-size:9.5pt}\n"
"svg.plan{max-height:160mm}\n"
"#frames,#custody{break-before:page;page-break-before:always}\n"
"}\n";

/* Fill colours of the rings, perimeter to core. */
static const char *const ring_colour[] = {
	"#d9d9d9", "#9ecae1", "#a1d99b", "#fdd0a2", "#cbc9e2", "#fcae91"
};

static const char *
ring_fill(int ring)
{
	return ring >= 1 && ring <= 5 ? ring_colour[ring] : ring_colour[0];
}

/* An instant in the report's zone, as <time>, with its offset. */
static void
html_time(struct vg_buf *b, struct vg_tz *tz, int64_t t)
{
	char	utc[ISO_BUFSZ], local[ISO_BUFSZ];

	if (t == VG_TIME_NONE) {
		vg_buf_str(b, "\xe2\x80\x93");
		return;
	}
	iso(NULL, t, 1, 1, utc);
	iso(tz, t, 0, 0, local);
	vg_buf_fmt(b, "<time datetime=\"%s\">%s</time>", utc, local);
}

/*
 * An instant for a table: its time of day and offset, with the date
 * before it when it is not *date (which then becomes it).
 */
static void
html_clock(struct vg_buf *b, struct vg_tz *tz, int64_t t, char *date)
{
	char	utc[ISO_BUFSZ], local[ISO_BUFSZ];
	size_t	n;

	if (t == VG_TIME_NONE) {
		vg_buf_str(b, "\xe2\x80\x93");
		return;
	}
	iso(NULL, t, 1, 1, utc);
	iso(tz, t, 0, 0, local);
	n = strlen(local);
	vg_buf_fmt(b, "<time datetime=\"%s\" title=\"%s\">", utc, local);
	if (date == NULL || strncmp(date, local, 10) != 0) {
		vg_buf_fmt(b, "<span class=\"small\">%.10s</span><br>", local);
		if (date != NULL)
			memcpy(date, local, 11);
	}
	vg_buf_fmt(b, "%.*s <span class=\"small\">%s</span></time>",
	    (int)(n - 17), local + 11, local + n - 6);
}

/* Escaped text, or a dash for none. */
static void
html_text(struct vg_buf *b, const char *s)
{
	if (s == NULL || *s == '\0')
		vg_buf_str(b, "\xe2\x80\x93");
	else
		buf_esc(b, s);
}

/* The last part of a path. */
static const char *
base_name(const char *s)
{
	const char	*p = strrchr(s, '/');

	return p != NULL ? p + 1 : s;
}

/* A digest cut short, in full in its title. */
static void
html_hash(struct vg_buf *b, const char *h)
{
	if (h == NULL) {
		vg_buf_str(b, "\xe2\x80\x93");
		return;
	}
	vg_buf_fmt(b, "<span class=\"hash\" title=\"SHA-256 %s\">%.12s"
	    "\xe2\x80\xa6</span>", h, h);
}

static const struct vg_place *
site_place(const struct vg_site *site, const char *id)
{
	size_t	i;

	if (site == NULL || id == NULL)
		return NULL;
	for (i = 0; i < site->nplaces; i++)
		if (strcmp(site->places[i].id, id) == 0)
			return &site->places[i];
	return NULL;
}

static const struct vg_device *
site_device(const struct vg_site *site, const char *id)
{
	if (site == NULL || id == NULL)
		return NULL;
	return vg_site_device(site, id);
}

/* The name of a roster person among the subjects, or NULL. */
static const char *
subject_name(const struct vg_report *r, const char *person)
{
	size_t	i;

	if (person == NULL)
		return NULL;
	for (i = 0; i < r->nsubjects; i++)
		if (r->subjects[i].person != NULL &&
		    r->subjects[i].name != NULL &&
		    strcmp(r->subjects[i].person, person) == 0)
			return r->subjects[i].name;
	return NULL;
}

/* An image under data/ as a data: URI in an <img>, or why not. */
static void
html_image(struct vg_buf *b, const struct vg_report *r, const char *file,
    const char *alt, const char *none)
{
	struct vg_error		 e = { 0, NULL };
	const unsigned char	*u;
	const char		*mime = NULL;
	char			*path, *data;
	size_t			 len;
	int			 eno;

	if (file == NULL) {
		vg_buf_fmt(b, "<div class=\"missing\">%s</div>", none);
		return;
	}
	if (r->datadir == NULL) {
		vg_buf_str(b, "<div class=\"missing\">frame not embedded: "
		    "no data directory<br><span class=\"mono\">");
		buf_esc(b, file);
		vg_buf_str(b, "</span></div>");
		return;
	}
	xasprintf(&path, "%s/%s", r->datadir, file);
	data = vg_read_file(path, MAX_IMAGE, &len, &eno, &e);
	free(path);
	u = (const unsigned char *)data;
	if (data != NULL && len >= 8 &&
	    memcmp(u, "\x89PNG\r\n\x1a\n", 8) == 0)
		mime = "image/png";
	else if (data != NULL && len >= 3 && u[0] == 0xff && u[1] == 0xd8 &&
	    u[2] == 0xff)
		mime = "image/jpeg";
	if (mime == NULL) {
		vg_buf_str(b, "<div class=\"missing\">");
		if (data == NULL && eno == ENOENT)
			vg_buf_str(b, "frame missing");
		else if (data == NULL && eno == EFBIG)
			vg_buf_str(b, "frame too large to embed");
		else if (data == NULL)
			vg_buf_str(b, "frame cannot be read");
		else
			vg_buf_str(b, "frame is not a PNG or JPEG image");
		vg_buf_str(b, "<br><span class=\"mono\">");
		buf_esc(b, file);
		vg_buf_str(b, "</span></div>");
	} else {
		vg_buf_fmt(b, "<img src=\"data:%s;base64,", mime);
		buf_base64(b, u, len);
		vg_buf_str(b, "\" alt=\"");
		buf_esc(b, alt);
		vg_buf_str(b, "\">");
	}
	free(data);
	vg_error_clear(&e);
}

static void
html_header(struct vg_buf *b, const struct vg_report *r)
{
	const struct vg_place	*pl;
	const struct vg_device	*dv;
	char			 local[ISO_BUFSZ];

	vg_buf_str(b, "<header>\n<h1><span class=\"num\">Case ");
	buf_esc(b, r->number);
	vg_buf_str(b, "</span>");
	html_text(b, r->title);
	vg_buf_str(b, "</h1>\n<dl class=\"meta\">\n<dt>Incident</dt><dd>");
	if (r->incident_time != VG_TIME_NONE)
		html_time(b, r->tz, r->incident_time);
	else
		vg_buf_str(b, "time not given");
	if (r->incident_place != NULL) {
		vg_buf_str(b, " at <b>");
		buf_esc(b, r->incident_place);
		vg_buf_str(b, "</b>");
		if ((pl = site_place(r->site, r->incident_place)) != NULL) {
			vg_buf_str(b, " (");
			buf_esc(b, pl->name);
			vg_buf_str(b, ")");
		} else if ((dv = site_device(r->site, r->incident_place)) !=
		    NULL) {
			vg_buf_str(b, " (");
			buf_esc(b, dv->name);
			vg_buf_str(b, ")");
		}
	}
	vg_buf_str(b, "</dd>\n<dt>Status</dt><dd>");
	buf_esc(b, r->status);
	vg_buf_str(b, "</dd>\n<dt>Opened</dt><dd>");
	html_time(b, r->tz, r->created);
	vg_buf_str(b, " by ");
	buf_esc(b, r->created_by);
	vg_buf_str(b, "</dd>\n<dt>As of</dt><dd>");
	html_time(b, r->tz, r->as_of);
	vg_buf_str(b, " (the last custody entry)</dd>\n");
	if (r->site != NULL) {
		vg_buf_str(b, "<dt>Site</dt><dd>");
		buf_esc(b, r->site->name);
		vg_buf_str(b, " <span class=\"small\">(");
		buf_esc(b, r->site->id);
		vg_buf_str(b, ")</span></dd>\n");
	}
	vg_buf_str(b, "<dt>Archive</dt><dd class=\"mono\">");
	buf_esc(b, r->archive);
	vg_buf_str(b, "</dd>\n");
	if (r->organization != NULL) {
		vg_buf_str(b, "<dt>Organization</dt><dd>");
		buf_esc(b, r->organization);
		vg_buf_str(b, "</dd>\n");
	}
	iso(r->tz, r->incident_time != VG_TIME_NONE ? r->incident_time :
	    r->as_of, 0, 0, local);
	vg_buf_str(b, "<dt>Times</dt><dd>");
	buf_esc(b, r->tz != NULL ? vg_tz_name(r->tz) : "UTC");
	vg_buf_fmt(b, ", UTC%s at the %s</dd>\n</dl>\n</header>\n",
	    local + strlen(local) - 6, r->incident_time != VG_TIME_NONE ?
	    "incident" : "last custody entry");
}

static int
pt_cmp(const void *a, const void *b)
{
	const struct pt	*p = a, *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	return 0;
}

static double
cross(const struct pt *o, const struct pt *a, const struct pt *b)
{
	return (a->x - o->x) * (b->y - o->y) - (a->y - o->y) * (b->x - o->x);
}

/* The convex hull of p (sorted, in place), counter-clockwise; its size. */
static size_t
hull(struct pt *p, size_t n, struct pt *h)
{
	size_t	i, k = 0, lo;

	vg_qsort(p, n, sizeof(*p), pt_cmp);
	for (i = k = 1; i < n; i++)
		if (pt_cmp(&p[i], &p[k - 1]) != 0)
			p[k++] = p[i];
	if ((n = k) < 2) {
		h[0] = p[0];
		return n;
	}
	k = 0;
	for (i = 0; i < n; i++) {
		while (k >= 2 && cross(&h[k - 2], &h[k - 1], &p[i]) <= 0)
			k--;
		h[k++] = p[i];
	}
	for (i = n - 1, lo = k + 1; i-- > 0;) {
		while (k >= lo && cross(&h[k - 2], &h[k - 1], &p[i]) <= 0)
			k--;
		h[k++] = p[i];
	}
	return k - 1;
}

/* A coordinate of the drawing, to a tenth of a unit. */
static void
num(struct vg_buf *b, double v)
{
	char	s[40];

	fixed(v, 1, 1, s, sizeof(s));
	vg_buf_str(b, s);
}

static double
px(const struct plan *pl, double x)
{
	return pl->m + (x - pl->minx) * pl->s;
}

static double
py(const struct plan *pl, double y)
{
	return pl->m + (pl->maxy - y) * pl->s;
}

/* A point: "x,y" of the drawing. */
static void
xy(struct vg_buf *b, const struct plan *pl, double x, double y)
{
	num(b, px(pl, x));
	vg_buf_str(b, ",");
	num(b, py(pl, y));
}

/* What the plan's labels and glyphs cover, drawing units. */
struct taken {
	double	(*r)[4];	/* boxes: left, top, right, bottom */
	size_t	 n;		/* how many */
};

static void
take(struct taken *t, double l, double top, double r, double bot)
{
	t->r = xreallocarray(t->r, t->n + 1, sizeof(*t->r));
	t->r[t->n][0] = l;
	t->r[t->n][1] = top;
	t->r[t->n][2] = r;
	t->r[t->n][3] = bot;
	t->n++;
}

static int
clash(const struct taken *t, double l, double top, double r, double bot)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		if (l < t->r[i][2] && t->r[i][0] < r && top < t->r[i][3] &&
		    t->r[i][1] < bot)
			return 1;
	return 0;
}

/* A text's width at font size f, roughly: CJK a full em, else 0.6. */
static double
text_width(const char *s, double f)
{
	const unsigned char	*u = (const unsigned char *)s;
	double			 w = 0;

	for (; *u != '\0'; u++) {
		if ((*u & 0xc0) == 0x80)
			continue;
		w += *u >= 0xe1 ? f : *u >= 0x80 ? 0.7 * f : 0.62 * f;
	}
	return w;
}

/*
 * A label beside a point, kept inside the drawing, where it covers no
 * other label or glyph: right or left of it, above, below or level; when
 * every place is taken, a label that must be (a device of the path) goes
 * where it would have, another is left out (the glyph's title names it).
 */
static void
label(struct vg_buf *b, const struct plan *pl, struct taken *t, double x,
    double y, double f, int must, const char *cls, const char *text)
{
	static const double	 dys[] = { -8, 16, 4 };
	double			 X = px(pl, x), Y = py(pl, y), w, l, by;
	int			 pref = X > pl->w * 0.6, k, left = pref;

	w = text_width(text, f);
	for (k = 0; k < 6; k++) {
		left = k % 2 == 0 ? pref : !pref;
		by = Y + dys[k / 2];
		l = left ? X - 9 - w : X + 9;
		if (l >= 0 && l + w <= pl->w && by - f >= 0 &&
		    by + 3 <= pl->h && !clash(t, l, by - 0.8 * f, l + w,
		    by + 0.25 * f))
			break;
	}
	if (k == 6) {
		if (!must)
			return;
		left = pref;
		by = Y + dys[0];
		l = left ? X - 9 - w : X + 9;
	}
	take(t, l, by - 0.8 * f, l + w, by + 0.25 * f);
	vg_buf_str(b, "<text x=\"");
	num(b, left ? X - 9 : X + 9);
	vg_buf_str(b, "\" y=\"");
	num(b, by);
	vg_buf_fmt(b, "\" class=\"%s\"%s>", cls,
	    left ? " text-anchor=\"end\"" : "");
	buf_esc(b, text);
	vg_buf_str(b, "</text>\n");
}

/* The zones as shaded hulls around their places and devices, core last. */
static void
plan_zones(struct vg_buf *b, const struct vg_site *site, const struct plan *pl)
{
	struct pt	*p, *h;
	size_t		 i, j, n, k;
	int		 pass;

	n = site->nplaces + site->ndevices;
	p = xcalloc(n + 1, sizeof(*p));
	h = xcalloc(2 * n + 2, sizeof(*h));
	/* odd rings first, then perimeter to core */
	for (pass = 0; pass <= 5; pass++) {
		for (i = 0; i < site->nzones; i++) {
			const struct vg_zone	*z = &site->zones[i];

			if (pass == 0 ? z->ring >= 1 && z->ring <= 5 :
			    z->ring != pass)
				continue;
			for (k = j = 0; j < site->nplaces; j++)
				if (strcmp(site->places[j].zone, z->id) == 0 &&
				    isfinite(site->places[j].x) &&
				    isfinite(site->places[j].y)) {
					p[k].x = site->places[j].x;
					p[k++].y = site->places[j].y;
				}
			for (j = 0; j < site->ndevices; j++)
				if (strcmp(site->devices[j].zone, z->id) == 0 &&
				    isfinite(site->devices[j].x) &&
				    isfinite(site->devices[j].y)) {
					p[k].x = site->devices[j].x;
					p[k++].y = site->devices[j].y;
				}
			if (k == 0)
				continue;
			k = hull(p, k, h);
			vg_buf_fmt(b, "<g opacity=\".45\" fill=\"%s\" stroke=\"%s\">"
			    "<title>", ring_fill(z->ring), ring_fill(z->ring));
			buf_esc(b, z->name);
			vg_buf_fmt(b, " (ring %d)</title>", z->ring);
			if (k == 1) {
				vg_buf_str(b, "<circle cx=\"");
				num(b, px(pl, h[0].x));
				vg_buf_str(b, "\" cy=\"");
				num(b, py(pl, h[0].y));
				vg_buf_str(b, "\" r=\"22\"/>");
			} else {
				vg_buf_fmt(b, "<%s stroke-width=\"44\" "
				    "stroke-linejoin=\"round\" "
				    "stroke-linecap=\"round\" points=\"",
				    k == 2 ? "polyline" : "polygon");
				for (j = 0; j < k; j++) {
					if (j > 0)
						vg_buf_str(b, " ");
					xy(b, pl, h[j].x, h[j].y);
				}
				vg_buf_str(b, "\"/>");
			}
			vg_buf_str(b, "</g>\n");
		}
	}
	free(p);
	free(h);
}

/* Whether a hop at the device is on the path. */
static int
on_path(const struct vg_report *r, const char *id)
{
	size_t	i;

	for (i = 0; i < r->nhops; i++)
		if (strcmp(r->hops[i].device, id) == 0)
			return 1;
	return 0;
}

static void
plan_devices(struct vg_buf *b, const struct vg_report *r, const struct plan *pl,
    struct taken *t)
{
	const struct vg_site	*site = r->site;
	const struct vg_place	*p;
	const struct vg_device	*d;
	double			 X, Y, a;
	size_t			 i;

	for (i = 0; i < site->nplaces; i++) {
		p = &site->places[i];
		if (!isfinite(p->x) || !isfinite(p->y))
			continue;
		X = px(pl, p->x);
		Y = py(pl, p->y);
		vg_buf_str(b, "<g class=\"place\"><title>");
		buf_esc(b, p->id);
		vg_buf_str(b, ": ");
		buf_esc(b, p->name);
		vg_buf_str(b, "</title><path d=\"M");
		num(b, X);
		vg_buf_str(b, ",");
		num(b, Y - 6);
		vg_buf_str(b, "l6,6l-6,6l-6,-6z\"/></g>\n");
		take(t, X - 7, Y - 7, X + 7, Y + 7);
	}
	for (i = 0; i < site->ndevices; i++) {
		d = &site->devices[i];
		if (!isfinite(d->x) || !isfinite(d->y))
			continue;
		X = px(pl, d->x);
		Y = py(pl, d->y);
		vg_buf_fmt(b, "<g class=\"%s\"><title>",
		    d->type == VG_GATE ? "gate" : "cam");
		buf_esc(b, d->id);
		vg_buf_str(b, ": ");
		buf_esc(b, d->name);
		vg_buf_str(b, d->type == VG_GATE ? " (gate)" : " (camera)");
		vg_buf_str(b, "</title>");
		if (d->type == VG_GATE) {
			vg_buf_str(b, "<rect x=\"");
			num(b, X - 5);
			vg_buf_str(b, "\" y=\"");
			num(b, Y - 5);
			vg_buf_str(b, "\" width=\"10\" height=\"10\"/>");
		} else {
			if (isfinite(d->heading)) {
				a = d->heading * M_PI / 180;
				vg_buf_str(b, "<line x1=\"");
				num(b, X);
				vg_buf_str(b, "\" y1=\"");
				num(b, Y);
				vg_buf_str(b, "\" x2=\"");
				num(b, X + 14 * sin(a));
				vg_buf_str(b, "\" y2=\"");
				num(b, Y - 14 * cos(a));
				vg_buf_str(b, "\"/>");
			}
			vg_buf_str(b, "<circle cx=\"");
			num(b, X);
			vg_buf_str(b, "\" cy=\"");
			num(b, Y);
			vg_buf_str(b, "\" r=\"5.5\"/>");
		}
		vg_buf_str(b, "</g>\n");
		take(t, X - 7, Y - 7, X + 7, Y + 7);
	}
}

/*
 * The labels once every glyph is placed, over the path: the path's
 * devices first, then the others, then the places.
 */
static void
plan_labels(struct vg_buf *b, const struct vg_report *r,
    const struct plan *pl, struct taken *t)
{
	const struct vg_site	*site = r->site;
	const struct vg_place	*p;
	const struct vg_device	*d;
	size_t			 i;
	int			 many = site->ndevices > 60, hot, pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < site->ndevices; i++) {
			d = &site->devices[i];
			hot = on_path(r, d->id);
			if (!isfinite(d->x) || !isfinite(d->y) ||
			    hot != (pass == 0) || (!hot && many))
				continue;
			label(b, pl, t, d->x, d->y, 11, hot, hot ? "dev hot" :
			    "dev", d->id);
		}
	for (i = 0; i < site->nplaces; i++) {
		p = &site->places[i];
		if (isfinite(p->x) && isfinite(p->y))
			label(b, pl, t, p->x, p->y, 12, 0, "pl", p->name);
	}
}

/* The path as a line through its hops' devices, rejected hops left out. */
static void
plan_path(struct vg_buf *b, const struct vg_report *r, const struct plan *pl,
    struct vg_buf *off)
{
	const struct vg_device	*d, *prev = NULL;
	size_t			 i, j, k;
	double			 X, Y;

	for (i = 0; i < r->nhops; i++) {
		if (strcmp(r->hops[i].decision, "rejected") == 0 ||
		    (d = site_device(r->site, r->hops[i].device)) == NULL ||
		    !isfinite(d->x) || !isfinite(d->y))
			continue;
		if (prev != NULL && (prev->x != d->x || prev->y != d->y)) {
			vg_buf_str(b, "<path class=\"path\" "
			    "marker-mid=\"url(#arrow)\" d=\"M");
			xy(b, pl, prev->x, prev->y);
			vg_buf_str(b, "L");
			xy(b, pl, (prev->x + d->x) / 2, (prev->y + d->y) / 2);
			vg_buf_str(b, "L");
			xy(b, pl, d->x, d->y);
			vg_buf_str(b, "\"/>\n");
		}
		prev = d;
	}
	for (i = 0; i < r->nhops; i++) {
		if ((d = site_device(r->site, r->hops[i].device)) == NULL ||
		    !isfinite(d->x) || !isfinite(d->y)) {
			if (off->len > 0)
				vg_buf_str(off, ", ");
			vg_buf_fmt(off, "hop %d at ", r->hops[i].n);
			buf_esc(off, r->hops[i].device);
			continue;
		}
		for (k = j = 0; j < i; j++)
			if (strcmp(r->hops[j].device, r->hops[i].device) == 0)
				k++;
		X = px(pl, d->x) + 13 + 21 * (double)k;
		Y = py(pl, d->y) + 13;
		vg_buf_fmt(b, "<g class=\"hop%s\"><circle cx=\"",
		    strcmp(r->hops[i].decision, "rejected") == 0 ?
		    " rejected" : "");
		num(b, X);
		vg_buf_str(b, "\" cy=\"");
		num(b, Y);
		vg_buf_str(b, "\" r=\"10\"/><text x=\"");
		num(b, X);
		vg_buf_str(b, "\" y=\"");
		num(b, Y + 4);
		vg_buf_fmt(b, "\">%d</text></g>\n", r->hops[i].n);
	}
}

/* The incident's place, ringed. */
static void
plan_incident(struct vg_buf *b, const struct vg_report *r, const struct plan *pl)
{
	const struct vg_place	*p;
	const struct vg_device	*d;
	double			 x, y;

	if ((p = site_place(r->site, r->incident_place)) != NULL) {
		x = p->x;
		y = p->y;
	} else if ((d = site_device(r->site, r->incident_place)) != NULL) {
		x = d->x;
		y = d->y;
	} else
		return;
	if (!isfinite(x) || !isfinite(y))
		return;
	vg_buf_str(b, "<g class=\"incident\"><title>incident</title><circle cx=\"");
	num(b, px(pl, x));
	vg_buf_str(b, "\" cy=\"");
	num(b, py(pl, y));
	vg_buf_str(b, "\" r=\"17\"/><circle cx=\"");
	num(b, px(pl, x));
	vg_buf_str(b, "\" cy=\"");
	num(b, py(pl, y));
	vg_buf_str(b, "\" r=\"23\"/></g>\n");
}

/* North arrow at the top right, a scale bar at the bottom left. */
static void
plan_compass(struct vg_buf *b, const struct plan *pl)
{
	double	target, p, len;
	char	s[40];

	vg_buf_str(b, "<g class=\"north\"><path d=\"M");
	num(b, pl->w - 22);
	vg_buf_str(b, ",12l8,22l-8,-6l-8,6z\"/><text x=\"");
	num(b, pl->w - 22);
	vg_buf_str(b, "\" y=\"50\" text-anchor=\"middle\">N</text></g>\n");

	target = 160 / pl->s;
	p = pow(10, floor(log10(target)));
	len = 5 * p <= target ? 5 * p : 2 * p <= target ? 2 * p : p;
	vg_buf_str(b, "<g class=\"scale\"><path d=\"M14,");
	num(b, pl->h - 14);
	vg_buf_str(b, "v-6m0,6h");
	num(b, len * pl->s);
	vg_buf_str(b, "v-6\"/><text x=\"14\" y=\"");
	num(b, pl->h - 24);
	fixed(len, 2, 1, s, sizeof(s));
	vg_buf_fmt(b, "\">%s m</text></g>\n", s);
}

static void
html_plan(struct vg_buf *b, const struct vg_report *r)
{
	const struct vg_site	*site = r->site;
	struct plan		 pl;
	struct vg_buf		 off = { NULL, 0, 0 };
	struct taken		 t = { NULL, 0 };
	double			 minx = 0, maxx = 0, miny = 0, maxy = 0, w, h;
	size_t			 i, n = 0;
	int			 ring;

	vg_buf_str(b, "<section id=\"plan\">\n<h2>The path on the site plan</h2>\n");
	for (i = 0; site != NULL && i < site->nplaces + site->ndevices; i++) {
		double	x, y;

		if (i < site->nplaces) {
			x = site->places[i].x;
			y = site->places[i].y;
		} else {
			x = site->devices[i - site->nplaces].x;
			y = site->devices[i - site->nplaces].y;
		}
		if (!isfinite(x) || !isfinite(y))
			continue;
		if (n++ == 0) {
			minx = maxx = x;
			miny = maxy = y;
		}
		minx = x < minx ? x : minx;
		maxx = x > maxx ? x : maxx;
		miny = y < miny ? y : miny;
		maxy = y > maxy ? y : maxy;
	}
	if (n == 0) {
		vg_buf_str(b, "<p>No site plan: the site description has no "
		    "places or devices.</p>\n</section>\n");
		return;
	}
	w = maxx - minx;
	h = maxy - miny;
	if (w < 1) {
		minx -= (1 - w) / 2;
		w = 1;
	}
	if (h < 1) {
		maxy += (1 - h) / 2;
		h = 1;
	}
	pl.minx = minx;
	pl.maxy = maxy;
	pl.m = 60;
	pl.s = 900 / w < 560 / h ? 900 / w : 560 / h;
	pl.w = w * pl.s + 2 * pl.m;
	pl.h = h * pl.s + 2 * pl.m;
	if (pl.w < 360) {
		pl.minx -= (360 - pl.w) / 2 / pl.s;
		pl.w = 360;
	}

	vg_buf_str(b, "<svg class=\"plan\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 ");
	num(b, pl.w);
	vg_buf_str(b, " ");
	num(b, pl.h);
	vg_buf_fmt(b, "\" width=\"%d\" height=\"%d\" role=\"img\" "
	    "aria-label=\"site plan with the path\">\n", (int)ceil(pl.w),
	    (int)ceil(pl.h));
	vg_buf_str(b,
	    "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"5\" "
	    "refY=\"5\" markerWidth=\"4\" markerHeight=\"4\" "
	    "orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" "
	    "fill=\"#c00\"/></marker></defs>\n");
	plan_zones(b, site, &pl);
	plan_incident(b, r, &pl);
	plan_devices(b, r, &pl, &t);
	plan_path(b, r, &pl, &off);
	plan_labels(b, r, &pl, &t);
	free(t.r);
	plan_compass(b, &pl);
	vg_buf_str(b, "</svg>\n<p class=\"legend\">");
	for (ring = 1; ring <= 5; ring++)
		for (i = 0; i < site->nzones; i++)
			if (site->zones[i].ring == ring) {
				vg_buf_fmt(b, "<span><b style=\"color:%s\">"
				    "\xe2\x96\xa0</b>", ring_fill(ring));
				buf_esc(b, site->zones[i].name);
				vg_buf_fmt(b, " (ring %d)</span>", ring);
			}
	vg_buf_str(b, "<br><span>\xe2\x97\x8f camera (with its heading)</span>"
	    "<span>\xe2\x96\xa0 gate or door</span>"
	    "<span>\xe2\x97\x86 place</span>"
	    "<span>\xe2\x97\x8c incident</span>"
	    "<span>red line: the path through the hops in time order, "
	    "arrows pointing forward in time; "
	    "rejected hops grey and left out</span></p>\n");
	if (off.len > 0) {
		vg_buf_str(b, "<p>Not on the plan: ");
		vg_buf_add(b, off.s, off.len);
		vg_buf_str(b, ".</p>\n");
	}
	free(off.s);
	vg_buf_str(b, "</section>\n");
}

static void
html_hops(struct vg_buf *b, const struct vg_report *r)
{
	const struct vg_report_hop	*h;
	const struct vg_device		*d;
	const char			*name;
	char				 date[ISO_BUFSZ], s[48];
	size_t				 i;

	vg_buf_str(b, "<section id=\"path\">\n<h2>The path</h2>\n");
	if (r->nhops == 0) {
		vg_buf_str(b, "<p>No hops.</p>\n</section>\n");
		return;
	}
	iso(r->tz, r->incident_time != VG_TIME_NONE ? r->incident_time :
	    r->hops[0].first, 0, 0, date);
	vg_buf_str(b, "<table>\n<thead><tr><th>#</th><th>time</th><th>device</th>"
	    "<th>type</th><th>track</th><th>transit</th><th>confidence</th>"
	    "<th>decision</th><th>named</th><th>clip</th></tr></thead>\n"
	    "<tbody>\n");
	for (i = 0; i < r->nhops; i++) {
		h = &r->hops[i];
		vg_buf_fmt(b, "<tr><td class=\"num\"><a href=\"#hop-%d\">%d</a>"
		    "</td><td class=\"time\">", h->n, h->n);
		html_clock(b, r->tz, h->first, date);
		vg_buf_str(b, "</td><td><b>");
		buf_esc(b, h->device);
		vg_buf_str(b, "</b>");
		if ((d = site_device(r->site, h->device)) != NULL) {
			vg_buf_str(b, "<br><span class=\"small\">");
			buf_esc(b, d->name);
			vg_buf_str(b, "</span>");
		}
		vg_buf_str(b, "</td><td>");
		buf_esc(b, h->type);
		vg_buf_str(b, "</td><td class=\"mono\">");
		html_text(b, h->track);
		vg_buf_str(b, "</td><td class=\"num\">");
		if (isnan(h->transit))
			vg_buf_str(b, "\xe2\x80\x93");
		else {
			fixed(h->transit, 1, 0, s, sizeof(s));
			vg_buf_fmt(b, "%s s", s);
		}
		vg_buf_str(b, "</td><td class=\"num\">");
		if (isnan(h->confidence))
			vg_buf_str(b, "\xe2\x80\x93");
		else {
			fixed(h->confidence * 100, 1, 0, s, sizeof(s));
			vg_buf_fmt(b, "%s%%", s);
		}
		vg_buf_fmt(b, "</td><td><span class=\"%s\">%s</span>",
		    h->decision, h->decision);
		if (h->why != NULL) {
			vg_buf_str(b, "<br><span class=\"small\">");
			buf_esc(b, h->why);
			vg_buf_str(b, "</span>");
		}
		vg_buf_str(b, "</td><td>");
		html_text(b, h->person);
		if ((name = subject_name(r, h->person)) != NULL) {
			vg_buf_str(b, "<br>");
			buf_esc(b, name);
		}
		vg_buf_str(b, "</td><td>");
		if (h->clip == NULL)
			vg_buf_str(b, "\xe2\x80\x93");
		else {
			vg_buf_str(b, "<span class=\"mono\">");
			buf_esc(b, base_name(h->clip));
			vg_buf_str(b, "</span><br>");
			html_hash(b, h->clip_sha256);
		}
		vg_buf_str(b, "</td></tr>\n");
	}
	vg_buf_str(b, "</tbody>\n</table>\n</section>\n");
}

static void
html_frames(struct vg_buf *b, const struct vg_report *r)
{
	const struct vg_report_hop	*h;
	const struct vg_device		*d;
	char				*alt, s[48];
	size_t				 i;

	vg_buf_str(b, "<section id=\"frames\">\n<h2>Frames</h2>\n");
	if (r->nhops == 0 && r->sheet == NULL) {
		vg_buf_str(b, "<p>No frames.</p>\n</section>\n");
		return;
	}
	vg_buf_str(b, "<div class=\"frames\">");
	for (i = 0; i < r->nhops; i++) {
		h = &r->hops[i];
		d = site_device(r->site, h->device);
		vg_buf_fmt(b, "<figure id=\"hop-%d\">", h->n);
		xasprintf(&alt, "hop %d at %s", h->n, h->device);
		/* why a hop has no frame, said: the bundle holds footage of
		   the confirmed camera hops alone (vigil-export(1)) */
		html_image(b, r, h->frame, alt, d != NULL && d->type !=
		    VG_CAMERA ? "no frame: a gate records no footage" :
		    strcmp(h->decision, "confirmed") != 0 ? "no frame: only a"
		    " confirmed hop's footage is exported" : "no frame: no"
		    " recording of the camera then");
		free(alt);
		vg_buf_fmt(b, "<figcaption><b>%d</b> \xc2\xb7 <b>", h->n);
		buf_esc(b, h->device);
		vg_buf_str(b, "</b>");
		if (d != NULL) {
			vg_buf_str(b, " ");
			buf_esc(b, d->name);
		}
		if (h->track != NULL) {
			vg_buf_str(b, " \xc2\xb7 track <span class=\"mono\">");
			buf_esc(b, h->track);
			vg_buf_str(b, "</span>");
		}
		vg_buf_fmt(b, " \xc2\xb7 <span class=\"%s\">%s</span><br>"
		    "first ", h->decision, h->decision);
		html_time(b, r->tz, h->first);
		if (h->last != VG_TIME_NONE) {
			vg_buf_str(b, "<br>last ");
			html_time(b, r->tz, h->last);
		}
		seconds(h->offset, s, sizeof(s));
		vg_buf_fmt(b, "<br>clock correction %s s", s);
		if (h->clip != NULL) {
			vg_buf_str(b, "<br>clip <span class=\"mono\">");
			buf_esc(b, h->clip);
			vg_buf_str(b, "</span>");
			if (h->clip_first != VG_TIME_NONE) {
				vg_buf_str(b, " from ");
				html_time(b, r->tz, h->clip_first);
			}
			vg_buf_str(b, "<br>SHA-256 <span class=\"hash\">");
			buf_esc(b, h->clip_sha256);
			vg_buf_str(b, "</span>");
		}
		if (h->frame != NULL) {
			vg_buf_str(b, "<br>frame <span class=\"mono\">");
			buf_esc(b, h->frame);
			vg_buf_str(b, "</span>");
		}
		vg_buf_str(b, "</figcaption></figure>\n");
	}
	if (r->sheet != NULL) {
		vg_buf_str(b, "<figure class=\"sheet\">");
		html_image(b, r, r->sheet, "contact sheet of the path",
		    "no contact sheet");
		vg_buf_str(b, "<figcaption>Contact sheet <span class=\"mono\">");
		buf_esc(b, r->sheet);
		vg_buf_str(b, "</span></figcaption></figure>\n");
	}
	vg_buf_str(b, "</div>\n</section>\n");
}

static void
html_subjects(struct vg_buf *b, const struct vg_report *r)
{
	const struct vg_report_subject	*s;
	size_t				 i;

	vg_buf_str(b, "<section id=\"subjects\">\n<h2>Subjects</h2>\n");
	if (r->nsubjects == 0) {
		vg_buf_str(b, "<p>No subjects.</p>\n</section>\n");
		return;
	}
	vg_buf_str(b, "<table>\n<thead><tr><th>kind</th><th>person</th>"
	    "<th>name</th><th>description</th><th>sighting</th>"
	    "<th>added</th><th>by</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < r->nsubjects; i++) {
		s = &r->subjects[i];
		vg_buf_str(b, "<tr><td>");
		buf_esc(b, s->kind);
		vg_buf_str(b, "</td><td class=\"mono\">");
		html_text(b, s->person);
		vg_buf_str(b, "</td><td>");
		html_text(b, s->name);
		vg_buf_str(b, "</td><td>");
		html_text(b, s->description);
		vg_buf_str(b, "</td><td class=\"mono\">");
		html_text(b, s->ref);
		vg_buf_str(b, "</td><td class=\"time\">");
		html_clock(b, r->tz, s->added, NULL);
		vg_buf_str(b, "</td><td>");
		buf_esc(b, s->officer);
		vg_buf_str(b, "</td></tr>\n");
	}
	vg_buf_str(b, "</tbody>\n</table>\n</section>\n");
}

static void
html_items(struct vg_buf *b, const struct vg_report *r)
{
	const struct vg_report_item	*it;
	char				*alt;
	size_t				 i, n;

	vg_buf_str(b, "<section id=\"items\">\n<h2>Items</h2>\n");
	if (r->nitems == 0) {
		vg_buf_str(b, "<p>No items.</p>\n</section>\n");
		return;
	}
	vg_buf_str(b, "<table>\n<thead><tr><th>#</th><th>kind</th>"
	    "<th>refers to</th><th>file</th><th>remark</th><th>added</th>"
	    "<th>by</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < r->nitems; i++) {
		it = &r->items[i];
		vg_buf_fmt(b, "<tr><td class=\"num\">%lld</td><td>",
		    (long long)it->id);
		buf_esc(b, it->kind);
		vg_buf_str(b, "</td><td class=\"mono\">");
		buf_esc(b, it->ref);
		vg_buf_str(b, "</td><td>");
		if (it->file == NULL)
			vg_buf_str(b, "\xe2\x80\x93");
		else {
			vg_buf_str(b, "<span class=\"mono\">");
			buf_esc(b, it->file);
			vg_buf_str(b, "</span><br>");
			html_hash(b, it->sha256);
		}
		vg_buf_str(b, "</td><td>");
		html_text(b, it->remark);
		vg_buf_str(b, "</td><td class=\"time\">");
		html_clock(b, r->tz, it->added, NULL);
		vg_buf_str(b, "</td><td>");
		buf_esc(b, it->officer);
		vg_buf_str(b, "</td></tr>\n");
	}
	vg_buf_str(b, "</tbody>\n</table>\n");
	/* the frames an officer added, shown as the hops' are */
	for (i = n = 0; i < r->nitems; i++) {
		it = &r->items[i];
		if (strcmp(it->kind, "frame") != 0 || it->file == NULL)
			continue;
		if (n++ == 0)
			vg_buf_str(b, "<div class=\"frames\">");
		vg_buf_fmt(b, "<figure id=\"item-%lld\">", (long long)it->id);
		xasprintf(&alt, "item %lld, %s", (long long)it->id, it->ref);
		html_image(b, r, it->file, alt, "no frame");
		free(alt);
		vg_buf_fmt(b, "<figcaption><b>item %lld</b> \xc2\xb7 "
		    "<span class=\"mono\">", (long long)it->id);
		buf_esc(b, it->ref);
		vg_buf_str(b, "</span>");
		if (it->remark != NULL && *it->remark != '\0') {
			vg_buf_str(b, " \xc2\xb7 ");
			buf_esc(b, it->remark);
		}
		vg_buf_str(b, "<br>frame <span class=\"mono\">");
		buf_esc(b, it->file);
		vg_buf_str(b, "</span></figcaption></figure>");
	}
	if (n > 0)
		vg_buf_str(b, "</div>\n");
	vg_buf_str(b, "</section>\n");
}

/* Every decision made, confirm and reject, with its reason. */
static void
html_decisions(struct vg_buf *b, const struct vg_report *r)
{
	const struct vg_report_decision	*d;
	size_t				 i;

	vg_buf_str(b, "<section id=\"decisions\">\n<h2>Decisions</h2>\n");
	if (r->ndecisions == 0) {
		vg_buf_str(b, "<p>No decisions.</p>\n</section>\n");
		return;
	}
	vg_buf_str(b, "<p class=\"small\">Every hop an officer confirmed or "
	    "rejected, in the order decided; a later decision on the same hop "
	    "supersedes an earlier one, and a withdrawn hop is proposed "
	    "again.</p>\n<table>\n<thead><tr><th>#</th>"
	    "<th>time</th><th>hop</th><th>path</th><th>decision</th>"
	    "<th>reason</th><th>by</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < r->ndecisions; i++) {
		d = &r->decisions[i];
		vg_buf_fmt(b, "<tr><td class=\"num\">%lld</td>"
		    "<td class=\"time\">", (long long)d->id);
		html_clock(b, r->tz, d->at, NULL);
		vg_buf_str(b, "</td><td class=\"mono\">");
		buf_esc(b, d->hop);
		vg_buf_str(b, "</td><td class=\"num\">");
		if (d->hop_n > 0)
			vg_buf_fmt(b, "hop %d", d->hop_n);
		else
			vg_buf_str(b, "\xe2\x80\x93");
		vg_buf_str(b, "</td><td>");
		buf_esc(b, vg_case_decided(d->verdict));
		if (d->superseded > 0)
			vg_buf_fmt(b, " <span class=\"small\">(superseded by "
			    "#%lld)</span>", (long long)d->superseded);
		vg_buf_str(b, "</td><td class=\"note\">");
		buf_esc(b, d->why);
		vg_buf_str(b, "</td><td>");
		buf_esc(b, d->officer);
		vg_buf_str(b, "</td></tr>\n");
	}
	vg_buf_str(b, "</tbody>\n</table>\n</section>\n");
}

static void
html_notes(struct vg_buf *b, const struct vg_report *r)
{
	const struct vg_report_note	*no;
	size_t				 i;

	vg_buf_str(b, "<section id=\"notes\">\n<h2>Notes</h2>\n");
	if (r->nnotes == 0)
		vg_buf_str(b, "<p>No notes.</p>\n");
	for (i = 0; i < r->nnotes; i++) {
		no = &r->notes[i];
		vg_buf_str(b, "<h3>");
		html_time(b, r->tz, no->at);
		vg_buf_str(b, " \xc2\xb7 ");
		buf_esc(b, no->officer);
		vg_buf_str(b, "</h3>\n<p class=\"note\">");
		buf_esc(b, no->text);
		vg_buf_str(b, "</p>\n");
	}
	vg_buf_str(b, "</section>\n");
}

static void
html_custody(struct vg_buf *b, const struct vg_report *r)
{
	const struct vg_report_entry	*en;
	size_t				 i;

	vg_buf_str(b, "<section id=\"custody\">\n<h2>Custody log</h2>\n");
	if (r->ncustody == 0) {
		vg_buf_str(b, "<p>No entries.</p>\n</section>\n");
		return;
	}
	vg_buf_fmt(b, "<dl class=\"meta\">\n<dt>Entries</dt><dd>%zu</dd>\n"
	    "<dt>First</dt><dd>", r->ncustody);
	html_time(b, r->tz, r->custody[0].at);
	vg_buf_str(b, "</dd>\n<dt>Last</dt><dd>");
	html_time(b, r->tz, r->custody[r->ncustody - 1].at);
	vg_buf_str(b, "</dd>\n<dt>Last hash</dt><dd class=\"hash\">");
	buf_esc(b, r->custody[r->ncustody - 1].hash);
	vg_buf_str(b, "</dd>\n</dl>\n<p class=\"small\">Each entry holds the "
	    "SHA-256 of the one before it, so an entry edited, removed or "
	    "moved breaks the chain; the log itself is in the bundle.</p>\n"
	    "<table>\n<thead><tr><th>#</th><th>time</th><th>officer</th>"
	    "<th>tool</th><th>arguments</th><th>what happened</th>"
	    "<th>hash</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < r->ncustody; i++) {
		en = &r->custody[i];
		vg_buf_fmt(b, "<tr><td class=\"num\">%lld</td><td class=\"time\">",
		    (long long)en->seq);
		html_clock(b, r->tz, en->at, NULL);
		vg_buf_str(b, "</td><td>");
		buf_esc(b, en->officer);
		vg_buf_str(b, "</td><td class=\"mono\">");
		buf_esc(b, en->tool);
		vg_buf_str(b, "</td><td class=\"mono\">");
		buf_esc(b, en->args);
		vg_buf_str(b, "</td><td>");
		html_text(b, en->touched);
		vg_buf_str(b, "</td><td class=\"hash\">");
		buf_esc(b, en->hash);
		vg_buf_str(b, "</td></tr>\n");
	}
	vg_buf_str(b, "</tbody>\n</table>\n</section>\n");
}

int
vg_report_html(const struct vg_report *r, const char *path,
    struct vg_error *err)
{
	struct vg_buf	 b = { NULL, 0, 0 };
	int		 rc;

	if (check_report(r, err) == -1)
		return -1;
	vg_buf_str(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<meta name=\"generator\" content=\"");
	buf_esc(&b, r->generator);
	vg_buf_str(&b, "\">\n<title>Case ");
	buf_esc(&b, r->number);
	vg_buf_str(&b, ": ");
	buf_esc(&b, r->title);
	vg_buf_fmt(&b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	html_header(&b, r);
	html_plan(&b, r);
	html_hops(&b, r);
	html_frames(&b, r);
	html_subjects(&b, r);
	html_decisions(&b, r);
	html_items(&b, r);
	html_notes(&b, r);
	html_custody(&b, r);
	vg_buf_str(&b, "<footer>Written by ");
	buf_esc(&b, r->generator);
	vg_buf_str(&b, " for case ");
	buf_esc(&b, r->number);
	vg_buf_str(&b, " as of ");
	html_time(&b, r->tz, r->as_of);
	vg_buf_str(&b, ". The same facts are in report.xml beside this file; the "
	    "bag's manifests hold the digest of every file.</footer>\n"
	    "</body>\n</html>\n");
	rc = publish(&b, path, err);
	free(b.s);
	return rc;
}
