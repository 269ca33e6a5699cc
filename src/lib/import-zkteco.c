/* import-zkteco.c: ZKTeco attendance logs (*_attlog.dat) as gate events */
#include "config.h"

#include "vigil-int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ATT_MAXLINE	4096	/* longest line accepted */
#define ATT_FIELDS	6	/* PIN, time, machine, state, verify, workcode */
#define ATT_FIRST_YEAR	2001	/* earlier times are a reset clock */
#define ATT_MAXPIN	24	/* longest PIN a terminal enrols, digits */
#define ATT_CHUNK	65536	/* bytes read at a time */

/*
 * The device, from the file's name: what comes before "_attlog.dat"
 * (ZKTeco writes the machine number there; a serial number if renamed).
 */
static char *
file_device(const char *path)
{
	const char	*base, *end;

	base = (base = strrchr(path, '/')) != NULL ? base + 1 : path;
	if ((end = strstr(base, "attlog.dat")) == NULL)
		return xstrdup("");
	if (end > base && end[-1] == '_')
		end--;
	return xstrndup(base, (size_t)(end - base));
}

/* Verification mode, as the terminal numbers it. */
static int
verify_credential(long v)
{
	switch (v) {
	case 0:
		return VG_CR_PIN;	/* password */
	case 1:
		return VG_CR_FINGER;
	case 2:
		return VG_CR_BADGE;	/* card */
	case 15:
		return VG_CR_FACE;
	default:
		return VG_CR_NONE;
	}
}

/* Punch state: check-in, check-out, break out and in, overtime in and out. */
static int
punch_direction(long v)
{
	switch (v) {
	case 0:
	case 3:
	case 4:
		return VG_DIR_IN;
	case 1:
	case 2:
	case 5:
		return VG_DIR_OUT;
	default:
		return VG_DIR_UNKNOWN;
	}
}

/* A small number field; -1 when absent or not a number. */
static long
code(const char *s)
{
	const char	*why;
	long long	 v;

	if (s == NULL || *s == '\0')
		return -1;
	why = vg_strtonum(s, 0, 1000000, &v);
	return why == NULL ? (long)v : -1;
}

/* Split at tabs, in place; the number of fields (at most max). */
static size_t
split(char *s, char **f, size_t max)
{
	size_t	n = 0;

	f[n++] = s;
	while (n < max && (s = strchr(s, '\t')) != NULL) {
		*s++ = '\0';
		f[n++] = s;
	}
	return n;
}

/* The field without the spaces a terminal pads it with. */
static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ')
		s++;
	for (e = s + strlen(s); e > s && e[-1] == ' '; e--)
		;
	*e = '\0';
	return s;
}

/*
 * Whether a PIN is an enrolment number: 1 to ATT_MAXPIN digits, all a
 * terminal's keypad enrols.  Anything else (control bytes, "0.dat", "ZZA",
 * U+FFFD) is a record damaged in the terminal's flash.
 */
static int
pin_valid(const char *pin)
{
	size_t	n;

	for (n = 0; pin[n] >= '0' && pin[n] <= '9'; n++)
		;
	return n > 0 && n <= ATT_MAXPIN && pin[n] == '\0';
}

/* One record; 0 when stored, left out or rejected, -1 on a fatal error. */
/* The punches this import stored, by a hash of gate, instant and PIN. */
struct punches {
	uint64_t	*h;		/* open addressing, 0 for a free slot */
	size_t		 n;		/* slots used */
	size_t		 cap;		/* slots, a power of two */
};

static uint64_t
punch_hash(const struct vg_gate_rec *g)
{
	uint64_t	 h = 14695981039346656037ULL;
	unsigned char	 b[16];
	size_t		 i;

	memcpy(b, &g->gate, 8);
	memcpy(b + 8, &g->t, 8);
	for (i = 0; i < 16; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	for (i = 0; i < g->person.len; i++)
		h = (h ^ (unsigned char)g->person.s[i]) * 1099511628211ULL;
	return h != 0 ? h : 1;
}

/* Whether h is in the set; with add, put it there when it is not. */
static int
punches_has(struct punches *p, uint64_t h, int add)
{
	uint64_t	*old;
	size_t		 i, j, cap;

	if (add && 2 * (p->n + 1) > p->cap) {
		old = p->h;
		cap = p->cap;
		p->cap = cap == 0 ? 1024 : 2 * cap;
		p->h = xcalloc(p->cap, sizeof(*p->h));
		for (j = 0; j < cap; j++) {
			if (old[j] == 0)
				continue;
			for (i = old[j] & (p->cap - 1); p->h[i] != 0;
			    i = (i + 1) & (p->cap - 1))
				;
			p->h[i] = old[j];
		}
		free(old);
	}
	if (p->cap == 0)
		return 0;
	for (i = h & (p->cap - 1); p->h[i] != 0; i = (i + 1) & (p->cap - 1))
		if (p->h[i] == h)
			return 1;
	if (add) {
		p->h[i] = h;
		p->n++;
	}
	return 0;
}

static int
record(struct vg_vendor *v, uint64_t line, char *text, int64_t gate,
    struct punches *seen, struct vg_error *err)
{
	struct vg_gate_rec	 g;
	char			*f[ATT_FIELDS + 1], *pin, b[64];
	size_t			 n;
	long			 year;
	uint64_t		 h;
	int64_t			 rows;

	n = split(text, f, ATT_FIELDS + 1);
	if (n < 2) {
		vg_import_reject(v->im, line, "expected tab-separated PIN and"
		    " time, found '%s'", vg_show(f[0], strlen(f[0]), b,
		    sizeof(b)));
		return 0;
	}
	pin = trim(f[0]);
	if (*pin == '\0') {
		vg_import_reject(v->im, line, "missing PIN");
		return 0;
	}
	if (!pin_valid(pin)) {
		vg_import_reject(v->im, line, "PIN '%s' is not an enrolment"
		    " number (1 to %d digits): a damaged record",
		    vg_show(pin, strlen(pin), b, sizeof(b)), ATT_MAXPIN);
		return 0;
	}
	memset(&g, 0, sizeof(g));
	g.line = (int64_t)line;
	f[1] = trim(f[1]);
	if (strlen(f[1]) != 19 || f[1][4] != '-' || f[1][10] != ' ') {
		vg_import_reject(v->im, line, "bad time '%s': want YYYY-MM-DD"
		    " HH:MM:SS", vg_show(f[1], strlen(f[1]), b,
		    sizeof(b)));
		return 0;
	}
	if (vg_vendor_time(v, line, "time", f[1], &g.t) == -1)
		return 0;
	year = strtol(f[1], NULL, 10);
	if (year < ATT_FIRST_YEAR) {
		vg_import_reject(v->im, line, "device clock reset: '%s' is not"
		    " a real time", f[1]);
		return 0;
	}
	g.gate = gate;
	g.person.s = pin;
	g.person.len = strlen(pin);
	g.credential = verify_credential(n > 4 ? code(f[4]) : -1);
	g.direction = punch_direction(n > 3 ? code(f[3]) : -1);
	g.result = VG_RES_GRANTED;
	g.score = NAN;
	h = punch_hash(&g);
	if (punches_has(seen, h, 0) || vg_ar_gate_seen(v->ar, &g, v->source)) {
		v->im->nrepeated++;
		return 0;
	}
	rows = v->im->source.rows;
	if (vg_vendor_gate(v, &g, err) == -1)
		return -1;
	if (v->im->source.rows > rows)
		punches_has(seen, h, 1);
	return 0;
}

/* The file, read ATT_CHUNK bytes at a time through the import's digest. */
struct att_in {
	struct vg_vendor *v;		/* the import: its file and digest */
	char		*buf;		/* ATT_CHUNK bytes */
	size_t		 pos;		/* buf[pos..len) not yet taken */
	size_t		 len;
	uint64_t	 off;		/* the file's offset of buf[len] */
	int		 eof;		/* the end reached, or a read failed */
	int		 errnum;	/* why a read failed, or 0 */
	int		 ended;		/* the last line read had its newline */
};

/* More of the file in buf: 0 at its end or on an error (errnum). */
static int
att_fill(struct att_in *in)
{
	ssize_t	n;

	if (in->eof)
		return 0;
	n = vg_vendor_pread(in->v->fd, in->v->feed, in->buf, ATT_CHUNK,
	    in->off);
	if (n <= 0) {
		in->eof = 1;
		if (n == -1)
			in->errnum = errno;
		return 0;
	}
	in->off += (uint64_t)n;
	in->pos = 0;
	in->len = (size_t)n;
	return 1;
}

/*
 * The next line, without its end, in line (ATT_MAXLINE bytes and a NUL):
 * its length, -1 at the end of the file, or -2 for a line longer than
 * ATT_MAXLINE (read to its end and dropped).  A NUL byte in the line
 * neither hides the rest of it nor makes the rest of a long line a line
 * of its own.  The bytes come from the reads that feed the file's digest:
 * the records are those of the bytes it names.
 */
static ssize_t
next_line(struct att_in *in, char *line)
{
	const char	*s, *nl = NULL;
	size_t		 n = 0, k;
	int		 got = 0, cut = 0;

	while (in->pos < in->len || att_fill(in)) {
		got = 1;
		s = in->buf + in->pos;
		nl = memchr(s, '\n', in->len - in->pos);
		k = nl != NULL ? (size_t)(nl - s) : in->len - in->pos;
		if (cut || n + k > ATT_MAXLINE)
			cut = 1;
		else {
			memcpy(line + n, s, k);
			n += k;
		}
		in->pos += k;
		if (nl != NULL) {
			in->pos++;
			break;
		}
	}
	line[n] = '\0';
	in->ended = nl != NULL;
	return cut ? -2 : got ? (ssize_t)n : -1;
}

int
vg_import_zkteco(struct vg_vendor *v, struct vg_error *err)
{
	struct att_in	 in;
	char		*buf, *dev, *s, *text, *t;
	uint64_t	 line = 0;
	ssize_t		 r;
	size_t		 len, fields, before = 0;
	int64_t		 gate = 0;
	int		 rc = 0;
	struct punches	 seen;

	memset(&in, 0, sizeof(in));
	in.v = v;
	in.buf = xmalloc(ATT_CHUNK);
	dev = file_device(v->im->path);
	buf = xmalloc(ATT_MAXLINE + 1);
	memset(&seen, 0, sizeof(seen));
	while (rc == 0 && (r = next_line(&in, buf)) != -1) {
		line++;
		if (r == -2) {
			vg_import_reject(v->im, line, "line longer than %d"
			    " bytes", ATT_MAXLINE);
			continue;
		}
		len = (size_t)r;
		if (memchr(buf, '\0', len) != NULL) {
			vg_import_reject(v->im, line, "a NUL byte in the line:"
			    " a damaged record");
			continue;
		}
		while (len > 0 && buf[len - 1] == '\r')
			buf[--len] = '\0';
		s = buf;
		if (line == 1 && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3;		/* a byte order mark, not the PIN */
		text = s;
		for (; *s == ' ' || *s == '\t'; s++)
			;
		if (*s == '\0')
			continue;	/* blank, or spaces left at the end */
		if (gate == 0 && (gate = vg_vendor_device(v, line, "zkteco",
		    dev, NULL, VG_GATE)) == -1)
			break;		/* every line would say the same */
		/* a file cut short: its last line, without its newline, has
		   fewer fields than the one before */
		for (fields = 1, t = text; (t = strchr(t, '\t')) != NULL; t++)
			fields++;
		if (!in.ended && fields < before) {
			vg_import_reject(v->im, line, "the file ends inside a"
			    " record (%zu fields, the line before %zu): cut"
			    " short?", fields, before);
			continue;
		}
		before = fields;
		rc = record(v, line, text, gate, &seen, err);
	}
	if (rc == 0 && in.errnum != 0) {
		vg_error_set(err, "'%s', line %llu: read error: %s",
		    v->im->path, (unsigned long long)line,
		    strerror(in.errnum));
		rc = -1;
	}
	free(seen.h);
	free(in.buf);
	free(buf);
	free(dev);
	return rc;
}
