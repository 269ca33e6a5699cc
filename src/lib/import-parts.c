/* import-parts.c: a vendor's file as a stream of parts: MIME multipart bodies, or documents one after another */
#include "config.h"

#include "vigil-int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define PARTS_BUF	65536	/* bytes of the file held at a time */
#define PARTS_HDR	4096	/* longest header line of a part */

/* The bytes held: buf[pos..len) are next, from the file's offset off. */
static int
fill(struct vg_parts *p)
{
	ssize_t	n;

	if (p->eof)
		return 0;
	if (p->pos > 0) {
		memmove(p->buf, p->buf + p->pos, p->len - p->pos);
		p->len -= p->pos;
		p->scan = p->scan > p->pos ? p->scan - p->pos : 0;
		p->pos = 0;
	}
	if (p->len == PARTS_BUF)
		return 1;
	n = vg_vendor_pread(p->fd, p->feed, p->buf + p->len,
	    PARTS_BUF - p->len, (uint64_t)p->off);
	if (n == -1) {
		p->ioerr = errno;
		p->eof = 1;
		return 0;
	}
	if (n == 0) {
		p->eof = 1;
		return 0;
	}
	p->off += n;
	p->len += (size_t)n;
	return 1;
}

/* Give up n held bytes, counting their lines. */
static void
consume(struct vg_parts *p, size_t n)
{
	const char	*s = p->buf + p->pos, *e = s + n;

	while ((s = memchr(s, '\n', (size_t)(e - s))) != NULL) {
		p->line++;
		s++;
	}
	p->pos += n;
}

/* The next line (without its end) in b; 1, 0 at the end of the file. */
static int
getline_(struct vg_parts *p, char *b, size_t size)
{
	char	*nl;
	size_t	 n;

	for (;;) {
		nl = memchr(p->buf + p->pos, '\n', p->len - p->pos);
		if (nl != NULL || p->len - p->pos >= size || !fill(p))
			break;
	}
	if (p->pos == p->len)
		return 0;
	n = nl != NULL ? (size_t)(nl - (p->buf + p->pos)) :
	    p->len - p->pos;
	p->cut = n >= size;
	if (n >= size)
		n = size - 1;
	memcpy(b, p->buf + p->pos, n);
	b[n] = '\0';
	if (n > 0 && b[n - 1] == '\r')
		b[n - 1] = '\0';
	consume(p, nl != NULL && nl - (p->buf + p->pos) == (ptrdiff_t)n ?
	    n + 1 : n);
	return 1;
}

/* Skip blank space (and a byte order mark at the start of the file). */
static void
skip_space(struct vg_parts *p)
{
	for (;;) {
		if (p->pos == p->len && !fill(p))
			return;
		if (p->off == (off_t)p->len && p->pos == 0 && p->len >= 3 &&
		    memcmp(p->buf, "\xef\xbb\xbf", 3) == 0) {
			p->pos = 3;
			continue;
		}
		if (!isspace((unsigned char)p->buf[p->pos]))
			return;
		consume(p, 1);
	}
}

/* The boundary parameter of a Content-Type value, in p->delim. */
static void
boundary_of(struct vg_parts *p, const char *v)
{
	const char	*b;
	size_t		 n;

	if ((b = strcasestr(v, "boundary=")) == NULL)
		return;
	b += 9;
	if (*b == '"')
		b++;
	n = strcspn(b, "\";, \t");
	if (n == 0 || n > sizeof(p->delim) - 3)
		return;
	p->delim[0] = '-';
	p->delim[1] = '-';
	memcpy(p->delim + 2, b, n);
	p->delim[n + 2] = '\0';
	p->dlen = n + 2;
}

/* Whether the held bytes begin with a boundary line, "--token". */
static int
at_boundary(struct vg_parts *p)
{
	if (p->len - p->pos < sizeof(p->delim))
		fill(p);
	return p->len - p->pos >= 3 && memcmp(p->buf + p->pos, "--", 2) == 0 &&
	    !isspace((unsigned char)p->buf[p->pos + 2]);
}

/* Take the boundary of the parts from the boundary line they begin with. */
static void
own_boundary(struct vg_parts *p)
{
	size_t	n;

	for (n = p->pos; n < p->len && n - p->pos < sizeof(p->delim) - 1 &&
	    !isspace((unsigned char)p->buf[n]); n++)
		;
	memcpy(p->delim, p->buf + p->pos, n - p->pos);
	p->delim[n - p->pos] = '\0';
	p->dlen = n - p->pos;
	p->dline = 0;
	p->multipart = 1;
}

/*
 * Open the file: a MIME multipart stream when its first line is a
 * boundary ("--token"), after an HTTP response's headers if the capture
 * kept them; otherwise documents one after another.
 */
int
vg_parts_open(struct vg_parts *p, struct vg_vendor *v, struct vg_error *err)
{
	char	 b[PARTS_HDR];

	memset(p, 0, sizeof(*p));
	p->fd = v->fd;
	p->feed = v->feed;
	p->path = v->im->path;
	p->buf = xmalloc(PARTS_BUF);
	p->line = 1;
	skip_space(p);
	if (p->len - p->pos >= 5 && memcmp(p->buf + p->pos, "HTTP/", 5) == 0) {
		while (getline_(p, b, sizeof(b)) == 1 && *b != '\0') {
			if (p->cut) {
				vg_error_set(err, "'%s', line %llu: an HTTP"
				    " header longer than %d bytes", p->path,
				    (unsigned long long)p->line, PARTS_HDR - 1);
				return -1;
			}
			if (strncasecmp(b, "Content-Type:", 13) == 0) {
				boundary_of(p, b + 13);
				p->dline = p->line - 1;
			}
		}
		skip_space(p);
		/* older Hikvision NVRs name one boundary in the header
		   and write another ("--boundary"): the parts' own first
		   boundary line is the one they use */
		if (p->len - p->pos >= 3 && memcmp(p->buf + p->pos, "--",
		    2) == 0 && !isspace((unsigned char)p->buf[p->pos + 2]))
			p->dlen = p->dline = 0;
		else if (p->dlen == 0) {
			vg_error_set(err, "'%s', line %llu: an HTTP response"
			    " that is not multipart (no boundary)", p->path,
			    (unsigned long long)p->line);
			return -1;
		}
	}
	if (p->dlen == 0 && at_boundary(p))
		own_boundary(p);
	p->multipart = p->dlen > 0;
	p->body = p->line;
	p->state = 0;
	return 0;
}

void
vg_parts_close(struct vg_parts *p)
{
	free(p->buf);
	memset(p, 0, sizeof(*p));
}

/* s in b of size bytes, cut to fit (snprintf's "%s" without its cost). */
static void
copy(char *b, size_t size, const char *s)
{
	size_t	n = strnlen(s, size - 1);

	memcpy(b, s, n);
	b[n] = '\0';
}

/* What a part holds, from its Content-Type, else from its first byte. */
static int
kind_of(struct vg_parts *p, const char *type)
{
	char	c;

	if (*type != '\0') {
		if (strcasestr(type, "xml") != NULL)
			return VG_PART_XML;
		if (strcasestr(type, "json") != NULL)
			return VG_PART_JSON;
		if (strncasecmp(type, "text/", 5) == 0)
			return VG_PART_TEXT;
		return VG_PART_OTHER;	/* a picture, or other bytes */
	}
	if (p->pos == p->len)
		fill(p);
	c = p->pos < p->len ? p->buf[p->pos] : '\0';
	return c == '<' ? VG_PART_XML : c == '{' || c == '[' ? VG_PART_JSON :
	    VG_PART_TEXT;
}

/*
 * Move to the next part, skipping what is left of this one: 1 and its
 * kind and line in the part, 0 at the end, -1 with err set.
 */
int
vg_parts_next(struct vg_parts *p, struct vg_part *part, struct vg_error *err)
{
	char	b[PARTS_HDR], type[128];
	char	skip[4096];
	int	nh;

	while (p->state == 1 && vg_parts_read(p, skip, sizeof(skip)) > 0)
		;
	if (p->ioerr != 0) {
		vg_error_set(err, "'%s': %s", p->path, strerror(p->ioerr));
		return -1;
	}
	memset(part, 0, sizeof(*part));
	if (!p->multipart) {
		skip_space(p);
		if (p->pos == p->len)
			return 0;
	}
	/* a capture begun within a stream: a document, then parts */
	if (!p->multipart && at_boundary(p))
		own_boundary(p);
	if (!p->multipart) {
		part->kind = kind_of(p, "");
		part->line = p->line;
		p->state = 1;
		p->given = 0;
		p->scan = 0;
		return 1;
	}
	for (;;) {			/* to the next boundary line */
		if (getline_(p, b, sizeof(b)) == 0) {
			if (p->ioerr != 0) {
				vg_error_set(err, "'%s': %s", p->path,
				    strerror(p->ioerr));
				return -1;
			}
			if (p->nparts > 0)
				return 0;
			/* a preamble that never ends: not a stream of
			   parts, or one written with another boundary */
			vg_error_set(err, "'%s', line %llu: no line of the"
			    " file is the boundary '%s' that the HTTP header"
			    " names (line %llu): no part to read", p->path,
			    (unsigned long long)p->body, p->delim,
			    (unsigned long long)p->dline);
			return -1;
		}
		if (strncmp(b, p->delim, p->dlen) != 0)
			continue;
		p->nparts++;
		if (strncmp(b + p->dlen, "--", 2) == 0)
			return 0;	/* the closing boundary */
		break;
	}
	type[0] = '\0';
	for (nh = 0;; nh++) {		/* the part's headers */
		part->line = p->line;
		if (getline_(p, b, sizeof(b)) == 0) {
			if (p->ioerr != 0) {
				vg_error_set(err, "'%s': %s", p->path,
				    strerror(p->ioerr));
				return -1;
			}
			/* a live stream recorded till it was stopped ends
			   on the boundary that opens the next part: none */
			if (nh == 0)
				return 0;
			vg_error_set(err, "'%s', line %llu: a part cut short"
			    " in its headers", p->path,
			    (unsigned long long)part->line);
			return -1;
		}
		if (p->cut) {
			vg_error_set(err, "'%s', line %llu: a part's header"
			    " longer than %d bytes", p->path,
			    (unsigned long long)part->line, PARTS_HDR - 1);
			return -1;
		}
		if (*b == '\0')
			break;
		if (strncasecmp(b, "Content-Type:", 13) == 0) {
			copy(type, sizeof(type), b + 13 + strspn(b + 13,
			    " \t"));
		} else if (b[strspn(b, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-")] != ':') {
			/* no headers: the body began on this line */
			vg_error_set(err, "'%s', line %llu: a part without"
			    " the blank line that ends its headers", p->path,
			    (unsigned long long)part->line);
			return -1;
		}
	}
	part->line = p->line;
	copy(part->type, sizeof(part->type), type);
	part->kind = kind_of(p, type);
	p->state = 1;
	p->given = 0;
	p->scan = 0;
	return 1;
}

/*
 * Where the part ends within the held bytes, or (size_t)-1 if not in
 * them: at the line end before a boundary line, or, in a file of
 * documents, at the next XML declaration.  What was looked through
 * without finding the end is not looked through again (p->scan): a part
 * is read in small pieces, and the held bytes are many.
 */
static size_t
part_end(struct vg_parts *p)
{
	const char	*s = p->buf + p->pos, *e = p->buf + p->len, *q;
	const char	*lt, *lim, *nl;

	if (s == e)
		return (size_t)-1;
	q = p->scan > p->pos ? p->buf + p->scan : s;
	if (p->multipart) {
		if (p->given == 0 && (size_t)(e - s) >= p->dlen &&
		    memcmp(s, p->delim, p->dlen) == 0)
			return 0;	/* an empty body */
		for (; (q = memchr(q, '\n', (size_t)(e - q))) != NULL; q++) {
			if ((size_t)(e - q - 1) < p->dlen)
				break;
			if (q[1] == '-' && memcmp(q + 1, p->delim, p->dlen) ==
			    0) {
				p->scan = (size_t)(q - p->buf);
				return (size_t)(q - s) - (q > s && q[-1] ==
				    '\r');
			}
		}
	} else {
		/* the next XML declaration, or a boundary line: the parts
		   of a stream whose capture began within its first part */
		if (p->given == 0 && q == s)
			q++;
		for (;;) {
			lt = memchr(q, '<', (size_t)(e - q));
			lim = lt != NULL ? lt : e;
			for (nl = q; (nl = memchr(nl, '\n', (size_t)(lim -
			    nl))) != NULL; nl++) {
				if (e - nl < 4) {
					p->scan = (size_t)(nl - p->buf);
					return (size_t)-1;
				}
				if (nl[1] == '-' && nl[2] == '-' &&
				    !isspace((unsigned char)nl[3])) {
					p->scan = (size_t)(nl - p->buf);
					return (size_t)(nl - s);
				}
			}
			if (lt == NULL || e - lt < 6) {
				q = lt;
				break;
			}
			if (memcmp(lt, "<?xml", 5) == 0 &&
			    strchr(" \t\r\n", lt[5]) != NULL) {
				p->scan = (size_t)(lt - p->buf);
				return (size_t)(lt - s);
			}
			q = lt + 1;
		}
	}
	p->scan = q != NULL ? (size_t)(q - p->buf) : p->len;
	return (size_t)-1;
}

/*
 * Up to size bytes of the part: how many, 0 at its end.  Reading stops
 * at the part's end, so a reader of one part never sees the next.
 */
size_t
vg_parts_read(struct vg_parts *p, char *dst, size_t size)
{
	size_t	end, keep, n;

	if (p->state != 1)
		return 0;
	keep = p->multipart ? p->dlen + 2 : 6;
	for (;;) {
		end = part_end(p);
		if (end != (size_t)-1) {
			n = end < size ? end : size;
			if (n == 0) {
				p->state = 2;	/* at the end of the part */
				if (p->multipart)
					consume(p, end);
				return 0;
			}
			break;
		}
		n = p->len - p->pos;
		if (!p->eof && n <= keep) {
			if (fill(p) && p->len - p->pos > n)
				continue;
		}
		if (p->eof) {
			if (n == 0) {
				p->state = 2;
				return 0;
			}
		} else
			n -= keep;
		if (n > size)
			n = size;
		if (n == 0) {
			fill(p);
			continue;
		}
		break;
	}
	memcpy(dst, p->buf + p->pos, n);
	consume(p, n);
	p->given += n;
	return n;
}

/*
 * The rest of the part in memory, NUL-terminated, at most max bytes;
 * NULL with err set when it is longer.
 */
char *
vg_parts_slurp(struct vg_parts *p, size_t max, size_t *lenp,
    struct vg_error *err)
{
	char	*b = NULL;
	size_t	 len = 0, cap = 0, n;

	do {
		if (cap - len < 4096) {
			cap = cap == 0 ? 8192 : 2 * cap;
			b = xreallocarray(b, cap, 1);
		}
		n = vg_parts_read(p, b + len, cap - len - 1);
		len += n;
		if (len > max) {
			vg_error_set(err, "'%s', line %llu: a part longer than"
			    " %zu bytes", p->path, (unsigned long long)p->line,
			    max);
			free(b);
			return NULL;
		}
	} while (n > 0);
	b[len] = '\0';
	*lenp = len;
	return b;
}

/* The bytes held ahead (the start of the part and maybe more), in *n. */
const char *
vg_parts_peek(struct vg_parts *p, size_t *n)
{
	if (p->len - p->pos < PARTS_BUF / 2)
		fill(p);
	*n = p->len - p->pos;
	return p->buf + p->pos;
}
