/* import-json.c: the JSON documents of a vendor's file, one after another, with jansson */
#include "config.h"

#include "vigil-int.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#define JSON_READ	65536		/* bytes read at a time */
#define JSON_WHOLE	(8 << 20)	/* a document this big is read whole */
#define JSON_DEPTH	3		/* objects descended to find its array */

/*
 * A vendor's file read as a stream: a document up to JSON_WHOLE bytes is
 * handed to jansson whole; a larger one is walked down to the arrays it
 * holds, whose elements are loaded one by one, so that memory does not
 * grow with the file.
 */
struct jrd {
	struct vg_vendor *v;		/* the import */
	vg_json_fn	 fn;		/* told of each document */
	void		*arg;		/* its argument */
	char		*buf;		/* bytes read, from mark on */
	size_t		 len;		/* bytes in buf */
	size_t		 cap;		/* room in buf */
	size_t		 off;		/* where reading is */
	size_t		 mark;		/* start of what must be kept */
	uint64_t	 at;		/* file offset of buf[0] */
	uint64_t	 line;		/* line of buf[off] */
	int		 eof;		/* nothing more to read */
	int		 ndoc;		/* documents given */
	int		 dhip;		/* messages behind DHIP headers */
	uint64_t	 dhip_end;	/* file offset where the current
					   DHIP message ends */
};

/* What begins each message Dahua's RPC2 port (DHIP, TCP 5000) sends. */
static const char dhip_magic[8] = { ' ', 0, 0, 0, 'D', 'H', 'I', 'P' };
#define DHIP_HEADER	32		/* bytes of a DHIP header */

/* A value being scanned for its end (scan, extent). */
struct jscan {
	size_t		 pos;		/* next byte to look at */
	int		 depth;		/* brackets open */
	int		 instr;		/* inside a string */
	int		 esc;		/* after a backslash in one */
};

/* Read more, keeping buf[mark..]; 0 at the end of the file, -1 on error. */
static int
more(struct jrd *r, struct jscan *sc, struct vg_error *err)
{
	ssize_t	n;

	if (r->eof)
		return 0;
	if (r->mark > 0) {
		memmove(r->buf, r->buf + r->mark, r->len - r->mark);
		r->len -= r->mark;
		r->off -= r->mark;
		r->at += r->mark;
		if (sc != NULL)
			sc->pos -= r->mark;
		r->mark = 0;
	}
	if (r->cap - r->len < JSON_READ) {
		r->cap = r->cap == 0 ? 2 * JSON_READ : r->cap * 2;
		r->buf = xreallocarray(r->buf, r->cap, 1);
	}
	n = vg_vendor_pread(r->v->fd, r->v->feed, r->buf + r->len,
	    r->cap - r->len, (uint64_t)(r->at + r->len));
	if (n == -1) {
		vg_error_set(err, "'%s': %s", r->v->im->path, strerror(errno));
		return -1;
	}
	if (n == 0)
		r->eof = 1;
	r->len += (size_t)n;
	return n > 0;
}

/* Move to buf[to], counting lines. */
static void
advance(struct jrd *r, size_t to)
{
	for (; r->off < to; r->off++)
		if (r->buf[r->off] == '\n')
			r->line++;
}

/* Have n bytes at buf[off]: 1, 0 if the file ends first, -1 on error. */
static int
need(struct jrd *r, size_t n, struct vg_error *err)
{
	int	rc;

	while (r->len - r->off < n) {
		r->mark = r->off;
		if ((rc = more(r, NULL, err)) <= 0)
			return rc;
	}
	return 1;
}

/*
 * At the end of a DHIP message (or the start of the file): 2 when the
 * next header was passed over (its length read, its bytes counted for
 * lines), 0 at the end of the file, -1 when the framing does not hold.
 */
static int
dhip_header(struct jrd *r, struct vg_error *err)
{
	const unsigned char	*h;
	size_t			 n;
	int			 rc;

	if ((rc = need(r, DHIP_HEADER, err)) == -1 || (rc == 0 && r->off ==
	    r->len))
		return rc;
	n = r->len - r->off < sizeof(dhip_magic) ? r->len - r->off :
	    sizeof(dhip_magic);
	if (memcmp(r->buf + r->off, dhip_magic, n) != 0) {
		vg_error_set(err, "'%s', line %llu: no DHIP header at byte"
		    " %llu, where the message before it ends", r->v->im->path,
		    (unsigned long long)r->line,
		    (unsigned long long)(r->at + r->off));
		return -1;
	}
	if (rc == 0) {
		vg_error_set(err, "'%s', line %llu: a DHIP header cut short by"
		    " the end of the file", r->v->im->path,
		    (unsigned long long)r->line);
		return -1;
	}
	h = (const unsigned char *)r->buf + r->off;
	r->dhip_end = r->at + r->off + DHIP_HEADER + ((uint64_t)h[16] |
	    (uint64_t)h[17] << 8 | (uint64_t)h[18] << 16 |
	    (uint64_t)h[19] << 24);
	advance(r, r->off + DHIP_HEADER);
	return 2;
}

/* Skip white space (and DHIP headers); 1 at a byte, 0 at the end, -1. */
static int
skip_ws(struct jrd *r, struct vg_error *err)
{
	int	rc;

	for (;;) {
		if (r->dhip && r->at + r->off >= r->dhip_end) {
			if (r->at + r->off > r->dhip_end) {
				vg_error_set(err, "'%s', line %llu: the JSON"
				    " runs on past byte %llu, where its DHIP"
				    " header says the message ends",
				    r->v->im->path, (unsigned long long)r->line,
				    (unsigned long long)r->dhip_end);
				return -1;
			}
			if ((rc = dhip_header(r, err)) != 2)
				return rc;
		}
		while (r->off < r->len && strchr(" \t\r\n", r->buf[r->off]) !=
		    NULL && r->buf[r->off] != '\0' && (!r->dhip ||
		    r->at + r->off < r->dhip_end))
			advance(r, r->off + 1);
		if (r->dhip && r->at + r->off == r->dhip_end)
			continue;	/* the message's end: a header */
		if (r->off < r->len)
			return 1;
		r->mark = r->off;
		if ((rc = more(r, NULL, err)) <= 0) {
			if (rc == 0 && r->dhip)
				vg_error_set(err, "'%s', line %llu: the file ends"
				    " at byte %llu, inside a DHIP message its"
				    " header says ends at byte %llu",
				    r->v->im->path, (unsigned long long)r->line,
				    (unsigned long long)(r->at + r->off),
				    (unsigned long long)r->dhip_end);
			return rc == 0 && r->dhip ? -1 : rc;
		}
	}
}

/* The end of the value at buf[off], as extent, max not checked once the
 * end is found. */
static int
scan(struct jrd *r, size_t max, size_t *end, struct vg_error *err)
{
	struct jscan	 sc = { 0, 0, 0, 0 };
	char		 c;
	int		 rc, scalar;

	r->mark = r->off;
	sc.pos = r->off;
	c = r->buf[r->off];
	scalar = c != '{' && c != '[' && c != '"';
	for (;;) {
		for (; sc.pos < r->len; sc.pos++) {
			c = r->buf[sc.pos];
			if (sc.instr) {
				if (sc.esc)
					sc.esc = 0;
				else if (c == '\\')
					sc.esc = 1;
				else if (c == '"') {
					sc.instr = 0;
					if (sc.depth == 0) {
						*end = sc.pos + 1;
						return 1;
					}
				}
			} else if (scalar) {
				if (strchr(" \t\r\n,]}", c) != NULL) {
					*end = sc.pos;
					return 1;
				}
			} else if (c == '"')
				sc.instr = 1;
			else if (c == '{' || c == '[')
				sc.depth++;
			else if ((c == '}' || c == ']') && --sc.depth == 0) {
				*end = sc.pos + 1;
				return 1;
			}
		}
		*end = sc.pos;
		if (sc.pos - r->mark > max)
			return 0;
		if ((rc = more(r, &sc, err)) == -1)
			return -1;
		if (rc == 0) {
			*end = sc.pos;
			if (scalar && sc.pos > r->mark)
				return 1;
			return 0;
		}
	}
}

/*
 * Find the end of the value at buf[off], reading as needed.  1 with *end
 * set, 0 if it is more than max bytes or cut short by the end of the
 * file (*end then where reading stopped, or the end of a value found
 * past max), -1 on a read error.
 */
static int
extent(struct jrd *r, size_t max, size_t *end, struct vg_error *err)
{
	int	rc;

	/* reading grows the buffer by doubling: the end of a value a
	 * little larger than max may be in it at once */
	if ((rc = scan(r, max, end, err)) == 1 && *end - r->off > max)
		return 0;
	return rc;
}

/*
 * Whether a load failed for want of memory: jansson says so only where
 * its lexer runs out; a value it cannot allocate fails the load with no
 * reason given (every syntax error has one).
 */
int
vg_json_oom(const json_error_t *je)
{
	return json_error_code(je) == json_error_out_of_memory ||
	    je->text[0] == '\0';
}

/* A vendor's file failed at a line for want of memory: -1, err set. */
int
vg_json_nomem(struct vg_vendor *v, uint64_t line, struct vg_error *err)
{
	vg_error_set(err, "'%s', line %llu: out of memory", v->im->path,
	    (unsigned long long)line);
	return -1;
}

/*
 * A vendor's JSON that jansson refused, its text starting at line: the
 * line jansson names, and its reason (or ours when it ran out of
 * memory).  -1, err set.
 */
int
vg_json_fail(struct vg_vendor *v, uint64_t line, const json_error_t *je,
    struct vg_error *err)
{
	line += (uint64_t)(je->line > 0 ? je->line - 1 : 0);
	if (vg_json_oom(je))
		return vg_json_nomem(v, line, err);
	vg_error_set(err, "'%s', line %llu: invalid JSON: %s", v->im->path,
	    (unsigned long long)line, je->text);
	return -1;
}

/* Load buf[off..end) with jansson (duplicated keys refused), and pass it. */
static json_t *
load(struct jrd *r, size_t end, size_t flags, struct vg_error *err)
{
	json_error_t	 je;
	json_t		*j;
	uint64_t	 line = r->line;

	if ((j = json_loadb(r->buf + r->off, end - r->off, flags |
	    JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK, &je)) == NULL)
		vg_json_fail(r->v, line, &je, err);
	else
		advance(r, end);
	return j;
}

static int
syntax(struct jrd *r, const char *what, struct vg_error *err)
{
	vg_error_set(err, "'%s', line %llu: invalid JSON: %s",
	    r->v->im->path, (unsigned long long)r->line, what);
	return -1;
}

/* Give fn val as it sits in the document, under the keys of path. */
static int
give(struct jrd *r, json_t *const *path, size_t depth, json_t *val,
    uint64_t line, struct vg_error *err)
{
	json_t	*doc = val, *o;
	size_t	 i;
	int	 rc;

	for (i = depth; i > 0; i--) {
		o = json_object();
		json_object_set_new(o, json_string_value(path[i - 1]), doc);
		doc = o;
	}
	r->ndoc++;
	rc = r->fn(r->v, doc, line, r->arg, err);
	json_decref(doc);
	return rc;
}

/*
 * The array at buf[off], too large to load whole: each element in turn,
 * in an array of its own, under the keys of path.
 */
static int
stream_array(struct jrd *r, json_t *const *path, size_t depth,
    struct vg_error *err)
{
	json_t		*e, *a;
	uint64_t	 line;
	size_t		 end, i;
	int		 rc;

	advance(r, r->off + 1);
	r->v->jstream = 1;
	for (i = 0;; i++) {
		if ((rc = skip_ws(r, err)) <= 0)
			return rc == 0 ? syntax(r, "']' expected at the end of"
			    " the file", err) : -1;
		if (i == 0 && r->buf[r->off] == ']')
			break;
		line = r->line;
		if ((rc = extent(r, JSON_WHOLE, &end, err)) == -1)
			return -1;
		if (rc == 0 && end - r->off > JSON_WHOLE) {
			vg_error_set(err, "'%s', line %llu: an element of more"
			    " than %d MB", r->v->im->path,
			    (unsigned long long)line, JSON_WHOLE >> 20);
			return -1;
		}
		if ((e = load(r, end, JSON_DECODE_ANY, err)) == NULL)
			return -1;
		a = json_array();
		json_array_append_new(a, e);
		r->v->jbase = i;
		rc = give(r, path, depth, a, line, err);
		r->v->jbase = 0;
		if (rc != 0)
			return rc;
		if ((rc = skip_ws(r, err)) <= 0)
			return rc == 0 ? syntax(r, "']' expected at the end of"
			    " the file", err) : -1;
		if (r->buf[r->off] == ']')
			break;
		if (r->buf[r->off] != ',')
			return syntax(r, "',' or ']' expected", err);
		advance(r, r->off + 1);
	}
	advance(r, r->off + 1);
	r->v->jstream = 0;
	return 0;
}

/*
 * The value at buf[off] of a document too large to load whole, under
 * the keys of path: arrays are streamed; objects are walked (JSON_DEPTH
 * deep) for the arrays they hold; other values are passed over.
 */
static int
stream_value(struct jrd *r, json_t **path, size_t depth,
    struct vg_error *err)
{
	json_t		*keys, *key, *val;
	uint64_t	 line;
	size_t		 end;
	int		 rc, first = 1;

	line = r->line;
	if ((rc = extent(r, JSON_WHOLE, &end, err)) == -1)
		return -1;
	if (rc == 1) {
		if ((val = load(r, end, JSON_DECODE_ANY, err)) == NULL)
			return -1;
		if (!json_is_array(val)) {
			json_decref(val);
			return 0;
		}
		return give(r, path, depth, val, line, err);
	}
	if (end - r->off <= JSON_WHOLE)		/* cut short */
		return load(r, end, 0, err) == NULL ? -1 : 0;
	if (r->buf[r->off] == '[')
		return stream_array(r, path, depth, err);
	if (r->buf[r->off] != '{' || depth == JSON_DEPTH) {
		vg_error_set(err, "'%s', line %llu: a value of more than %d MB"
		    " where events are not", r->v->im->path,
		    (unsigned long long)line, JSON_WHOLE >> 20);
		return -1;
	}
	keys = json_object();
	advance(r, r->off + 1);
	for (rc = 0; rc == 0; first = 0) {
		if ((rc = skip_ws(r, err)) <= 0) {
			rc = rc == 0 ? syntax(r, "'}' expected at the end of"
			    " the file", err) : -1;
			break;
		}
		if (first && r->buf[r->off] == '}') {
			rc = 0;
			break;
		}
		if (r->buf[r->off] != '"') {
			rc = syntax(r, "a string (an object's key) expected",
			    err);
			break;
		}
		line = r->line;
		if ((rc = extent(r, JSON_WHOLE, &end, err)) != 1 ||
		    (key = load(r, end, JSON_DECODE_ANY, err)) == NULL) {
			rc = rc == 0 ? syntax(r, "an endless key", err) : -1;
			break;
		}
		if (json_object_get(keys, json_string_value(key)) != NULL) {
			vg_error_set(err, "'%s', line %llu: invalid JSON:"
			    " duplicate object key", r->v->im->path,
			    (unsigned long long)line);
			json_decref(key);
			rc = -1;
			break;
		}
		json_object_set_new(keys, json_string_value(key), json_null());
		if ((rc = skip_ws(r, err)) <= 0 || r->buf[r->off] != ':' ||
		    (advance(r, r->off + 1), rc = skip_ws(r, err)) <= 0) {
			json_decref(key);
			rc = rc == -1 ? -1 : syntax(r, "':' and a value"
			    " expected", err);
			break;
		}
		path[depth] = key;
		rc = stream_value(r, path, depth + 1, err);
		json_decref(key);
		if (rc != 0)
			break;
		if ((rc = skip_ws(r, err)) <= 0) {
			rc = rc == 0 ? syntax(r, "'}' expected at the end of"
			    " the file", err) : -1;
			break;
		}
		rc = 0;
		if (r->buf[r->off] == '}')
			break;
		if (r->buf[r->off] != ',')
			rc = syntax(r, "',' or '}' expected", err);
		else
			advance(r, r->off + 1);
	}
	if (rc == 0)
		advance(r, r->off + 1);
	json_decref(keys);
	return rc;
}

/*
 * Hand each JSON object or array of the file to fn with the line it
 * starts on: a file may hold one document or several one after another
 * (a captured event stream).  A document larger than JSON_WHOLE is given
 * an element of its arrays at a time (v->jstream set, v->jbase the
 * element's index), under the same keys.  A document that is not valid
 * JSON, or repeats a key in an object, refuses the file, with its line
 * and the reason.
 */
int
vg_vendor_json(struct vg_vendor *v, vg_json_fn fn, void *arg,
    struct vg_error *err)
{
	struct jrd	 r;
	json_t		*doc, *path[JSON_DEPTH];
	uint64_t	 line;
	size_t		 end;
	int		 rc = 0;

	memset(&r, 0, sizeof(r));
	r.v = v;
	r.fn = fn;
	r.arg = arg;
	r.line = 1;
	if (more(&r, NULL, err) == -1)
		return -1;
	if (r.len >= 3 && memcmp(r.buf, "\xef\xbb\xbf", 3) == 0)
		r.off = 3;
	r.dhip = r.len >= sizeof(dhip_magic) && memcmp(r.buf, dhip_magic,
	    sizeof(dhip_magic)) == 0;
	while (rc == 0) {
		if ((rc = skip_ws(&r, err)) <= 0)
			break;
		rc = extent(&r, JSON_WHOLE, &end, err);
		if (rc == 0 && end - r.off > JSON_WHOLE &&
		    (r.buf[r.off] == '{' || r.buf[r.off] == '[')) {
			rc = stream_value(&r, path, 0, err);
			continue;
		}
		line = r.line;
		/* (the text stays in the buffer until the next read) */
		v->jtext = r.buf + r.off;
		v->jlen = end - r.off;
		if (rc == -1 || (doc = load(&r, end, 0, err)) == NULL) {
			rc = -1;
			break;
		}
		r.ndoc++;
		rc = fn(v, doc, line, arg, err);
		v->jtext = NULL;
		json_decref(doc);
	}
	if (rc == 0 && r.ndoc == 0) {
		vg_error_set(err, "'%s': empty file, no JSON", v->im->path);
		rc = -1;
	}
	v->jstream = 0;
	v->jbase = 0;
	v->jtext = NULL;
	free(r.buf);
	return rc;
}

/* From s[i], a string's opening quote: the index past its closing one. */
static size_t
past_string(const char *s, size_t i, size_t len)
{
	for (i++; i < len && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i + 1;
}

/*
 * The lines of the first n elements of the whole document's array of
 * events (v->jtext, starting at line): the document itself when key is
 * NULL, else the first member named key that is an array, at any depth.
 * 0 for each not found (a document given in parts, or no such array).
 */
void
vg_json_lines(const struct vg_vendor *v, const char *key, uint64_t line,
    uint64_t *lines, size_t n)
{
	const char	*s = v->jtext;
	size_t		 i, k, len = v->jlen, klen, e = 0;
	int		 depth = 0, found = 0, elem = 1;

	memset(lines, 0, n * sizeof(*lines));
	if (s == NULL)
		return;
	klen = key != NULL ? strlen(key) : 0;
	for (i = 0; key == NULL && i < len && s[i] != '\0' &&
	    strchr(" \t\r\n", s[i]) != NULL; i++)
		if (s[i] == '\n')
			line++;
	if (key == NULL && (i == len || s[i] != '['))
		return;
	for (; i < len && e < n; ) {
		if (s[i] == '\n')
			line++;
		if (!found) {
			if (key == NULL && s[i] == '[') {
				found = 1;
			} else if (key != NULL && s[i] == '"') {
				k = past_string(s, i, len);
				if (k - i == klen + 2 && memcmp(s + i + 1, key,
				    klen) == 0) {
					/* a member's name: its value an array? */
					while (k < len && s[k] != '\0' &&
					    strchr(" \t\r\n:", s[k]) != NULL)
						if (s[k++] == '\n')
							line++;
					found = k < len && s[k] == '[';
				}
				i = found ? k + 1 : k;
				continue;
			}
			i++;
			continue;
		}
		/* within the array: each element's first character */
		if (s[i] == '\0' || strchr(" \t\r\n", s[i]) == NULL) {
			if (depth == 0 && elem) {
				if (s[i] == ']')
					break;
				lines[e++] = line;
				elem = 0;
			}
			if (s[i] == '"') {
				i = past_string(s, i, len);
				continue;
			}
			if (s[i] == '{' || s[i] == '[')
				depth++;
			else if ((s[i] == '}' || s[i] == ']') && depth-- == 0)
				break;
			else if (s[i] == ',' && depth == 0)
				elem = 1;
		}
		i++;
	}
}

/* A member's string, or NULL. */
const char *
vg_json_str(const struct json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/*
 * A member that is a number or a string holding one, as text in buf
 * (channel numbers come both ways); NULL if absent or of another type.
 */
const char *
vg_json_text(const struct json_t *obj, const char *key, char *buf,
    size_t size)
{
	json_t	*j = json_object_get(obj, key);

	if (json_is_string(j))
		return json_string_value(j);
	if (json_is_integer(j)) {
		snprintf(buf, size, "%lld", (long long)json_integer_value(j));
		return buf;
	}
	return NULL;
}
