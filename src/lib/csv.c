/* csv.c: a streaming RFC 4180 reader with line numbers and bounded memory */
#include "config.h"

#include "vigil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define CSV_BUFSZ	(1024 * 1024)	/* usual buffer size */
#define CSV_SLACK	64		/* room past maxrec for CRLF, lookahead */
#define CSV_PAD		(64 + 1)	/* past cap: sentinel, over-reads */

enum {
	CSV_REC,		/* a record is ready */
	CSV_NEED,		/* more input is needed */
	CSV_ERR,		/* a bad record, reason set */
	CSV_EOF			/* no more records */
};

/* A field of the record being scanned; the buffer is left as read. */
struct csv_span {
	size_t	off;		/* offset from the record start */
	size_t	len;		/* raw length, doubled quotes included */
	size_t	esc;		/* doubled quotes to undo */
};

struct vg_csv {
	int		 fd;		/* input, not ours to close */
	char		*buf;		/* input, cap + CSV_PAD bytes */
	size_t		 cap;		/* usable bytes in buf */
	size_t		 capmax;	/* cap never grows past this */
	size_t		 pos;		/* start of the record being scanned */
	size_t		 end;		/* end of the bytes read */
	size_t		 maxrec;	/* longest record accepted */
	int		 eof;		/* read(2) has returned 0 */
	int		 dead;		/* read(2) failed: no more records */
	int		 bom;		/* the byte order mark check is done */
	int		 skip;		/* resync: drop up to the next LF */
	uint64_t	 line;		/* line at pos */
	uint64_t	 last;		/* line of the last record handed out */
	struct vg_field	*f;		/* fields handed out */
	struct csv_span	*sp;		/* fields of the record being scanned */
	size_t		 nalloc;	/* room in f and sp */
	size_t		 nf;		/* fields done, to resume after a read */
	size_t		 resume;	/* offset of the field to scan again */
	uint64_t	 nl;		/* LFs inside fields done */
	const char	*bad;		/* error seen in this record, or NULL */
	vg_csv_tap_fn	 tap;		/* shown each read's bytes, or NULL */
	void		*taparg;	/* its argument */
	uint64_t	 off;		/* bytes read from fd so far */
};

/* Bytes that end a run of unquoted or of quoted field data. */
static const unsigned char stop_plain[256] = {
	['\0'] = 1, ['\n'] = 1, [','] = 1
};
static const unsigned char stop_quoted[256] = {
	['\0'] = 1, ['\n'] = 1, ['"'] = 1
};

static const char why_long[] = "record too long";
static const char why_unterm[] = "unterminated quoted field";
static const char why_after[] = "unexpected character after closing quote";
static const char why_nul[] = "NUL byte in record";
static const char why_read[] = "read error";

struct vg_csv *
vg_csv_open(int fd, size_t maxrec)
{
	struct vg_csv	*cs;

	if (maxrec == 0)
		maxrec = VG_CSV_MAXREC;
	if (maxrec > SIZE_MAX / 4)
		maxrec = SIZE_MAX / 4;
	cs = xcalloc(1, sizeof(*cs));
	cs->fd = fd;
	cs->maxrec = maxrec;
	cs->capmax = maxrec + CSV_SLACK;
	cs->cap = maxrec < CSV_BUFSZ / 2 ? 2 * maxrec + CSV_SLACK : CSV_BUFSZ;
	cs->buf = xcalloc(1, cs->cap + CSV_PAD);
	cs->line = 1;
	cs->nalloc = 16;
	cs->f = xreallocarray(NULL, cs->nalloc, sizeof(*cs->f));
	cs->sp = xreallocarray(NULL, cs->nalloc, sizeof(*cs->sp));
	return cs;
}

void
vg_csv_close(struct vg_csv *cs)
{
	if (cs == NULL)
		return;
	free(cs->buf);
	free(cs->f);
	free(cs->sp);
	free(cs);
}

/*
 * Show fn every byte read from the file, in order, as it is read (with
 * the offset of the first from where reading began): a digest of the
 * file computed on the same pass.
 */
void
vg_csv_tap(struct vg_csv *cs, vg_csv_tap_fn fn, void *arg)
{
	cs->tap = fn;
	cs->taparg = arg;
}

uint64_t
vg_csv_line(const struct vg_csv *cs)
{
	return cs->last;
}

/*
 * Keep the bytes from pos on, moved to the front, and read more after
 * them.  Returns -1 on a read error with errno set.
 */
static int
csv_fill(struct vg_csv *cs)
{
	char	*nb;
	size_t	 ncap;
	ssize_t	 n;

	if (cs->pos > 0) {
		memmove(cs->buf, cs->buf + cs->pos, cs->end - cs->pos);
		cs->end -= cs->pos;
		cs->pos = 0;
	}
	if (cs->end == cs->cap && cs->cap < cs->capmax) {
		ncap = cs->cap > cs->capmax / 2 ? cs->capmax : 2 * cs->cap;
		nb = xreallocarray(cs->buf, ncap + CSV_PAD, 1);
		memset(nb + cs->cap + CSV_PAD, 0, ncap - cs->cap);
		cs->buf = nb;
		cs->cap = ncap;
	}
	do
		n = read(cs->fd, cs->buf + cs->end, cs->cap - cs->end);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		cs->dead = 1;
		return -1;
	}
	if (n == 0)
		cs->eof = 1;
	if (n > 0 && cs->tap != NULL)
		cs->tap(cs->taparg, cs->off, cs->buf + cs->end, (size_t)n);
	cs->off += (uint64_t)n;
	cs->end += n;
	cs->buf[cs->end] = '\0';
	return 0;
}

static void
csv_reset(struct vg_csv *cs)
{
	cs->nf = 0;
	cs->resume = 0;
	cs->nl = 0;
	cs->bad = NULL;
}

/* A record that cannot be delimited: resume on the line after its start. */
static int
csv_lost(struct vg_csv *cs, struct vg_csv_record *rec, const char **why,
    const char *reason)
{
	csv_reset(cs);
	cs->skip = 1;
	cs->last = rec->line = cs->line;
	*why = reason;
	return CSV_ERR;
}

/* Drop bytes up to and including the next LF. */
static int
csv_skip(struct vg_csv *cs)
{
	char	*q;

	for (;;) {
		q = memchr(cs->buf + cs->pos, '\n', cs->end - cs->pos);
		if (q != NULL) {
			cs->pos = q + 1 - cs->buf;
			cs->line++;
			cs->skip = 0;
			return 0;
		}
		cs->pos = cs->end;
		if (cs->eof) {
			cs->skip = 0;
			return 0;
		}
		if (csv_fill(cs) == -1)
			return -1;
	}
}

static void
csv_grow(struct vg_csv *cs)
{
	cs->nalloc *= 2;
	cs->f = xreallocarray(cs->f, cs->nalloc, sizeof(*cs->f));
	cs->sp = xreallocarray(cs->sp, cs->nalloc, sizeof(*cs->sp));
}

#ifdef __SSE2__
/*
 * Split the line at p into cs->sp, 64 bytes at a time, and set *lf to its
 * LF.  Returns the number of fields, or 0 if a quote, a NUL or the end of
 * the data comes first: the general scan then takes over.  The sentinel
 * NUL at the end of the data stops it; it may read 64 bytes past that.
 */
static size_t
csv_fast(struct vg_csv *cs, char *p, char **lf)
{
	const __m128i	 comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
	const __m128i	 nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	__m128i		 v;
	struct csv_span	*sp = cs->sp;
	uint64_t	 cm, lm, bad, below;
	size_t		 i, k, at, len, start = 0, nf = 0;

	for (i = 0;; i += 64) {
		cm = lm = bad = 0;
		for (k = 0; k < 4; k++) {
			v = _mm_loadu_si128((const __m128i *)(p + i + 16 * k));
			cm |= (uint64_t)(unsigned)_mm_movemask_epi8(
			    _mm_cmpeq_epi8(v, comma)) << (16 * k);
			lm |= (uint64_t)(unsigned)_mm_movemask_epi8(
			    _mm_cmpeq_epi8(v, nl)) << (16 * k);
			bad |= (uint64_t)(unsigned)_mm_movemask_epi8(
			    _mm_or_si128(_mm_cmpeq_epi8(v, quote),
			    _mm_cmpeq_epi8(v, zero))) << (16 * k);
		}
		if (lm != 0) {
			below = (lm & -lm) - 1;
			cm &= below;
			bad &= below;
		}
		if (bad != 0)
			return 0;
		for (; cm != 0; cm &= cm - 1) {
			at = i + __builtin_ctzll(cm);
			if (nf == cs->nalloc) {
				csv_grow(cs);
				sp = cs->sp;
			}
			sp[nf].off = start;
			sp[nf].len = at - start;
			sp[nf].esc = 0;
			nf++;
			start = at + 1;
		}
		if (lm != 0)
			break;
	}
	len = i + __builtin_ctzll(lm);
	if (nf == cs->nalloc) {
		csv_grow(cs);
		sp = cs->sp;
	}
	sp[nf].off = start;
	sp[nf].len = len - start;
	if (len > start && p[len - 1] == '\r')
		sp[nf].len--;
	sp[nf].esc = 0;
	*lf = p + len;
	return nf + 1;
}
#endif

/*
 * Scan one record from pos, resuming at the field where the last scan ran
 * out of input.  Nothing is written to the buffer until the record is
 * complete, so a scan can always start again.
 */
static int
csv_scan(struct vg_csv *cs, struct vg_csv_record *rec, const char **why)
{
	struct csv_span	*sp;
	struct vg_field	*f;
	char		*rs, *e, *p, *q, *term, *next, *s;
	size_t		 nf, esc, i, j, k, len;
	uint64_t	 nl, nl0;

again:
	rs = cs->buf + cs->pos;
	e = cs->buf + cs->end;
	if (rs == e && cs->eof)
		return CSV_EOF;
	p = rs + cs->resume;
	nf = cs->nf;
	nl = cs->nl;
#ifdef __SSE2__
	if (p == rs && (nf = csv_fast(cs, rs, &q)) != 0) {
		sp = &cs->sp[nf - 1];
		term = rs + sp->off + sp->len;
		next = q + 1;
	} else
#endif
	for (;;) {
		if (nf == cs->nalloc)
			csv_grow(cs);
		sp = &cs->sp[nf];
		nl0 = nl;
		if (*p == '"') {
			q = p + 1;
			esc = 0;
			for (;;) {
				while (!stop_quoted[(unsigned char)*q])
					q++;
				if (*q == '"') {
					if (q + 1 == e && !cs->eof)
						goto need;
					if (q[1] != '"')
						break;
					esc++;
					q += 2;
				} else if (*q == '\n') {
					nl++;
					q++;
				} else if (q < e) {
					if (cs->bad == NULL)
						cs->bad = why_nul;
					q++;
				} else if (!cs->eof)
					goto need;
				else
					return csv_lost(cs, rec, why,
					    (size_t)(e - rs) > cs->maxrec ?
					    why_long : why_unterm);
			}
			sp->off = p + 1 - rs;
			sp->len = q - p - 1;
			sp->esc = esc;
			q++;
			if (*q == ',') {
				nf++;
				p = q + 1;
				continue;
			}
			if (*q == '\n') {
				nf++;
				term = q;
				next = q + 1;
				break;
			}
			if (q == e) {
				nf++;
				term = next = q;
				break;
			}
			if (*q == '\r') {
				if (q + 1 == e && !cs->eof)
					goto need;
				if (q[1] == '\n') {
					nf++;
					term = q;
					next = q + 2;
					break;
				}
			}
			if (cs->bad == NULL)
				cs->bad = why_after;
			p = q;
			nl0 = nl;
		}
		q = p;
		for (;;) {
			while (!stop_plain[(unsigned char)*q])
				q++;
			if (*q != '\0' || q == e)
				break;
			if (cs->bad == NULL)
				cs->bad = why_nul;
			q++;
		}
		sp->off = p - rs;
		sp->len = q - p;
		sp->esc = 0;
		if (*q == ',') {
			nf++;
			p = q + 1;
			continue;
		}
		if (*q == '\n') {
			if (q > p && q[-1] == '\r')
				sp->len--;
			nf++;
			term = p + sp->len;
			next = q + 1;
			break;
		}
		if (!cs->eof)
			goto need;
		nf++;
		term = next = q;
		break;
	}

	if ((size_t)(term - rs) > cs->maxrec)
		return csv_lost(cs, rec, why, why_long);
	cs->pos = next - cs->buf;
	if (term == rs) {
		/* An empty line. */
		cs->line++;
		csv_reset(cs);
		goto again;
	}
	cs->last = rec->line = cs->line;
	cs->line += 1 + nl;
	if (cs->bad != NULL) {
		*why = cs->bad;
		csv_reset(cs);
		return CSV_ERR;
	}
	csv_reset(cs);

	f = cs->f;
	sp = cs->sp;
	for (i = 0; i < nf; i++) {
		s = rs + sp[i].off;
		len = sp[i].len;
		if (sp[i].esc != 0) {
			for (k = j = 0; k < len; k++, j++) {
				s[j] = s[k];
				if (s[k] == '"')
					k++;
			}
			len = j;
		}
		s[len] = '\0';
		f[i].s = s;
		f[i].len = len;
	}
	rec->f = f;
	rec->nf = nf;
	return CSV_REC;

need:
	cs->resume = p - rs;
	cs->nf = nf;
	cs->nl = nl0;
	if (cs->end - cs->pos > cs->maxrec + 1)
		return csv_lost(cs, rec, why, why_long);
	return CSV_NEED;
}

int
vg_csv_next(struct vg_csv *cs, struct vg_csv_record *rec, const char **why)
{
	rec->f = cs->f;
	rec->nf = 0;
	rec->line = cs->line;
	if (cs->dead)
		return 0;
	if (!cs->bom) {
		while (cs->end < 3 && !cs->eof) {
			if (csv_fill(cs) == -1)
				goto readerr;
		}
		if (cs->end >= 3 && memcmp(cs->buf, "\xef\xbb\xbf", 3) == 0)
			cs->pos = 3;
		cs->bom = 1;
	}
	for (;;) {
		if (cs->skip && csv_skip(cs) == -1)
			goto readerr;
		switch (csv_scan(cs, rec, why)) {
		case CSV_REC:
			return 1;
		case CSV_ERR:
			return -1;
		case CSV_EOF:
			return 0;
		}
		if (csv_fill(cs) == -1)
			goto readerr;
	}

readerr:
	cs->last = rec->line = cs->line;
	*why = why_read;
	return -1;
}
