/* import-dahua-text.c: Dahua eventManager.cgi text (Code=...;action=...;index=...;data={...}, or Events[N].key=value lines), streaming */
#include "config.h"

#include "vigil-int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#define EV_MAX		(1024 * 1024)	/* longest event accepted, bytes */
#define CHUNK		65536		/* bytes read at a time */
#define KV_INDEX	1024		/* largest [i] of an Events[N] key */
#define KV_INDEX_S	"1024"		/* the same, in messages */
#define KV_MAX		4096		/* keys of one Events[N] event */

/* One event's text as it accumulates, and where it started. */
struct tev {
	struct vg_buf	 text;		/* "Code=...", lines joined by \n */
	uint64_t	 line;		/* line of its "Code=" or first key */
	int		 active;	/* an event is being read */
	int		 toolong;	/* rejected (too long, a NUL byte) */
	json_t		*kv;		/* the Events[N] form's keys so far */
	unsigned long	 kvn;		/* its N */
	size_t		 nkv;		/* keys read into kv */
};

/*
 * Whether the file is the text form: a multipart capture or an HTTP
 * response (which the text form always is), or a first line "Code=".
 */
int
vg_dahua_is_text(struct vg_vendor *v)
{
	char	 b[512];
	char	*p, *e;
	ssize_t	 n;

	if ((n = pread(v->fd, b, sizeof(b), 0)) <= 0)
		return 0;
	p = b, e = b + n;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < e && isspace((unsigned char)*p))
		p++;
	return (e - p >= 2 && memcmp(p, "--", 2) == 0) ||
	    (e - p >= 5 && (memcmp(p, "Code=", 5) == 0 ||
	    memcmp(p, "HTTP/", 5) == 0)) ||
	    (e - p >= 7 && memcmp(p, "Events[", 7) == 0);
}

/*
 * The value of key=value in the ;-separated head of an event, or NULL;
 * *over is set when it is longer than buf holds (never cut: a cut
 * index would be another door).
 */
static char *
head_value(char *head, const char *key, char *buf, size_t size, int *over)
{
	char	*f, *eq, *save = NULL, *h;

	h = xstrdup(head);
	for (f = strtok_r(h, ";", &save); f != NULL; f = strtok_r(NULL, ";",
	    &save)) {
		if ((eq = strchr(f, '=')) == NULL)
			continue;
		*eq = '\0';
		if (strcasecmp(f, key) == 0) {
			if (strlen(eq + 1) >= size)
				*over = 1;
			snprintf(buf, size, "%s", eq + 1);
			free(h);
			return buf;
		}
	}
	free(h);
	return NULL;
}

/*
 * One event: its head up to ";data=", then the data, JSON, to the end
 * of the event's text.  Read as the RPC2 event of the same Code.
 */
static int
event(struct vg_vendor *v, struct tev *ev, struct vg_error *err)
{
	json_error_t	 je;
	json_t		*e, *data = NULL;
	char		*s = ev->text.s, *d, code[128], act[32], idx[32];
	char		*end;
	long		 ix;
	int		 rc, over = 0;

	if ((d = strstr(s, ";data=")) != NULL) {
		*d = '\0';
		d += 6;
	}
	while (ev->text.len > 0 && isspace((unsigned char)s[strlen(s) - 1]))
		s[strlen(s) - 1] = '\0';
	if (head_value(s, "Code", code, sizeof(code), &over) == NULL ||
	    *code == '\0') {
		vg_import_reject(v->im, ev->line, "no Code");
		return 0;
	}
	if (head_value(s, "action", act, sizeof(act), &over) == NULL)
		*act = '\0';
	if (head_value(s, "index", idx, sizeof(idx), &over) == NULL)
		*idx = '\0';
	if (over) {
		vg_import_reject(v->im, ev->line, "a Code, action or index"
		    " longer than a device writes");
		return 0;
	}
	if (d != NULL) {
		data = json_loads(d, JSON_REJECT_DUPLICATES, &je);
		if (data == NULL && vg_json_oom(&je))
			return vg_json_nomem(v, ev->line, err);
		if (data == NULL) {
			vg_import_reject(v->im, ev->line + (uint64_t)(je.line >
			    0 ? je.line - 1 : 0), "%s event: invalid JSON in"
			    " data: %s", code, je.text);
			return 0;
		}
	}
	e = json_object();
	json_object_set_new(e, "Code", json_string(code));
	if (*act != '\0')
		json_object_set_new(e, "Action", json_string(act));
	if (*idx != '\0') {
		ix = strtol(idx, &end, 10);
		json_object_set_new(e, "Index", end != idx && *end == '\0' ?
		    json_integer(ix) : json_string(idx));
	}
	if (data != NULL)
		json_object_set_new(e, "Data", data);
	rc = vg_dahua_event(v, ev->line, e, err);
	json_decref(e);
	return rc;
}

static int	kv_event(struct vg_vendor *, struct tev *, struct vg_error *);

/* End the event being read: import it. */
static int
flush(struct vg_vendor *v, struct tev *ev, struct vg_error *err)
{
	int	rc = 0;

	if (ev->active && !ev->toolong)
		rc = ev->kv != NULL ? kv_event(v, ev, err) : event(v, ev, err);
	ev->active = ev->toolong = 0;
	ev->text.len = 0;
	json_decref(ev->kv);
	ev->kv = NULL;
	ev->nkv = 0;
	return rc;
}

/*
 * Members the Events[N] form writes as digits that the JSON form gives
 * as strings (an id, a card number: "00123" is not 123).
 */
static const char *const kv_text[] = {
	"CardName", "CardNo", "Code", "MachineName", "Name", "Number",
	"Password", "PlateNumber", "ReaderID", "SerialNo", "Text", "UserID",
	"readID", NULL
};

/* A value of the Events[N] form as JSON: a number where the text is one. */
static json_t *
kv_value(const char *name, size_t nlen, const char *val)
{
	const char	*const *k;
	const char	*p = val;
	char		*end;
	double		 d;
	long long	 i;

	for (k = kv_text; *k != NULL; k++)
		if (strlen(*k) == nlen && memcmp(*k, name, nlen) == 0)
			return json_string(val);
	if (strcmp(val, "true") == 0 || strcmp(val, "false") == 0)
		return json_boolean(*val == 't');
	if (strcmp(val, "null") == 0)
		return json_null();
	if (*p == '-')
		p++;
	/* digits without a leading zero: an integer, as JSON writes one */
	if (isdigit((unsigned char)*p) && (*p != '0' || !isdigit((unsigned
	    char)p[1])) && strspn(p, "0123456789") == strlen(p) &&
	    strlen(p) <= 18) {
		i = strtoll(val, &end, 10);
		return json_integer(i);
	}
	if (isdigit((unsigned char)*p) && strspn(p, "0123456789.") ==
	    strlen(p) && strchr(p, '.') == strrchr(p, '.') &&
	    p[strlen(p) - 1] != '.') {
		d = strtod(val, &end);
		return json_real(d);
	}
	return json_string(val);
}

/*
 * Set path (name[i]... separated by dots) to val in o; NULL, or why not.
 * Arrays grow by their indexes, the gaps null.
 */
static const char *
kv_set(json_t *o, const char *path, const char *val)
{
	const char	*p = path, *n;
	json_t		*cur = o, *next, *leaf;
	size_t		 nlen;
	unsigned long	 ix;
	char		*end, name[128];
	int		 last;

	for (;;) {
		for (n = p; *n != '\0' && *n != '.' && *n != '['; n++)
			;
		nlen = (size_t)(n - p);
		if (nlen == 0 || nlen >= sizeof(name))
			return "an empty or overlong key";
		memcpy(name, p, nlen);
		name[nlen] = '\0';
		last = *n == '\0';
		if (!json_is_object(cur))
			return "a key given both a value and members";
		next = json_object_get(cur, name);
		if (*n == '[') {
			if (next == NULL) {
				next = json_array();
				json_object_set_new(cur, name, next);
			}
			while (*n == '[') {
				if (!json_is_array(next))
					return "a key given both a value and"
					    " members";
				if (!isdigit((unsigned char)n[1]))
					return "an index not a number or"
					    " past " KV_INDEX_S;
				ix = strtoul(n + 1, &end, 10);
				if (*end != ']' || ix > KV_INDEX)
					return "an index not a number or"
					    " past " KV_INDEX_S;
				while (json_array_size(next) <= ix)
					json_array_append_new(next,
					    json_null());
				n = end + 1;
				last = *n == '\0';
				if (last) {
					if (!json_is_null(json_array_get(next,
					    ix)))
						return "a key given twice";
					json_array_set_new(next, ix,
					    kv_value(name, nlen, val));
					return NULL;
				}
				if (*n == '[') {
					if (json_is_null(json_array_get(next,
					    ix)))
						json_array_set_new(next, ix,
						    json_array());
					next = json_array_get(next, ix);
					continue;
				}
				if (*n != '.')
					return "a bad key";
				if (json_is_null(json_array_get(next, ix)))
					json_array_set_new(next, ix,
					    json_object());
				next = json_array_get(next, ix);
			}
			cur = next;
			p = n + 1;
			continue;
		}
		if (last) {
			if (next != NULL)
				return json_is_object(next) ||
				    json_is_array(next) ? "a key given both a"
				    " value and members" : "a key given twice";
			leaf = kv_value(name, nlen, val);
			json_object_set_new(cur, name, leaf);
			return NULL;
		}
		if (next == NULL) {
			next = json_object();
			json_object_set_new(cur, name, next);
		}
		cur = next;
		p = n + 1;
	}
}

/* Move member key of from into to as name, if there. */
static void
kv_move(json_t *from, const char *key, json_t *to, const char *name)
{
	json_t	*j;

	if ((j = json_object_get(from, key)) != NULL &&
	    json_object_get(to, name) == NULL) {
		json_object_set(to, name, j);
		json_object_del(from, key);
	}
}

/*
 * An event of the Events[N] form, its keys read: EventBaseInfo's Code,
 * Action and Index (or the same at the top) head it, the rest is its
 * Data, as the JSON form writes them.
 */
static int
kv_event(struct vg_vendor *v, struct tev *ev, struct vg_error *err)
{
	json_t	*e, *base;
	int	 rc;

	e = json_object();
	base = json_object_get(ev->kv, "EventBaseInfo");
	if (json_is_object(base)) {
		kv_move(base, "Code", e, "Code");
		kv_move(base, "Action", e, "Action");
		kv_move(base, "Index", e, "Index");
		if (json_object_size(base) == 0)
			json_object_del(ev->kv, "EventBaseInfo");
	}
	kv_move(ev->kv, "Code", e, "Code");
	kv_move(ev->kv, "Action", e, "Action");
	kv_move(ev->kv, "Index", e, "Index");
	if (!json_is_string(json_object_get(e, "Code"))) {
		vg_import_reject(v->im, ev->line, "Events[%lu]: no"
		    " EventBaseInfo.Code", ev->kvn);
		json_decref(e);
		return 0;
	}
	json_object_set(e, "Data", ev->kv);
	rc = vg_dahua_event(v, ev->line, e, err);
	json_decref(e);
	return rc;
}

/*
 * A line "Events[N].key=value" of the form some firmwares write: the
 * first of event N, or one more of its keys.
 */
static int
kv_line(struct vg_vendor *v, struct tev *ev, char *s, uint64_t line,
    struct vg_error *err)
{
	unsigned long	 n;
	char		*end, *eq, sh[64];
	const char	*why = NULL;

	n = strtoul(s + 7, &end, 10);
	if (!isdigit((unsigned char)s[7]) || strncmp(end, "].", 2) != 0 ||
	    (eq = strchr(end, '=')) == NULL) {
		vg_import_reject(v->im, line, "not an Events[N].key=value"
		    " line: '%s'", vg_show(s, strlen(s), sh, sizeof(sh)));
		if (ev->kv != NULL)
			ev->toolong = 1;	/* the event is damaged */
		return 0;
	}
	if (ev->kv == NULL || n != ev->kvn) {
		if (flush(v, ev, err) == -1)
			return -1;
		ev->kv = json_object();
		ev->kvn = n;
		ev->line = line;
		ev->active = 1;
	}
	if (ev->toolong)
		return 0;
	*eq = '\0';
	/* (jansson takes no key or text that is not UTF-8) */
	if (!vg_utf8_valid(s, strlen(s)) || !vg_utf8_valid(eq + 1,
	    strlen(eq + 1)))
		why = "invalid UTF-8";
	else if (++ev->nkv > KV_MAX)
		why = "more keys than an event has";
	else
		why = kv_set(ev->kv, end + 2, eq + 1);
	if (why != NULL) {
		vg_import_reject(v->im, line, "Events[%lu].%s: %s", n,
		    vg_show(end + 2, strlen(end + 2), sh, sizeof(sh)), why);
		ev->toolong = 1;
	}
	return 0;
}

/*
 * One line of a part: an event's first ("Code=..."), or more of its
 * data; or a line of the Events[N] form.
 */
static int
line_of(struct vg_vendor *v, struct tev *ev, char *s, size_t n,
    uint64_t line, struct vg_error *err)
{
	size_t	i;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (n >= 7 && memcmp(s, "Events[", 7) == 0) {
		if (memchr(s, '\0', n) != NULL) {
			vg_import_reject(v->im, line, "a NUL byte in an event:"
			    " a damaged record");
			if (ev->kv != NULL)	/* its event is damaged; a */
				ev->toolong = 1;	/* Code= one stays as it is */
			return 0;
		}
		s[n] = '\0';
		return kv_line(v, ev, s, line, err);
	}
	if (ev->kv != NULL) {
		for (i = 0; i < n && isspace((unsigned char)s[i]); i++)
			;
		if (i == n)
			return 0;	/* blank lines between its keys */
		if (flush(v, ev, err) == -1)
			return -1;
	}
	if (n >= 5 && memcmp(s, "Code=", 5) == 0) {
		if (flush(v, ev, err) == -1)
			return -1;
		ev->active = 1;
		ev->line = line;
	} else if (!ev->active) {
		for (i = 0; i < n && isspace((unsigned char)s[i]); i++)
			;
		if (i < n)
			v->im->nother++;	/* a heartbeat, or other text */
		return 0;
	}
	if (ev->toolong)
		return 0;
	if (memchr(s, '\0', n) != NULL) {
		vg_import_reject(v->im, line, "a NUL byte in an event: a"
		    " damaged record");
		ev->toolong = 1;
		return 0;
	}
	if (ev->text.len + n + 1 > EV_MAX) {
		vg_import_reject(v->im, ev->line, "an event longer than %d"
		    " bytes", EV_MAX);
		ev->toolong = 1;
		return 0;
	}
	if (ev->text.len > 0)
		vg_buf_add(&ev->text, "\n", 1);
	vg_buf_add(&ev->text, s, n);
	return 0;
}

/* The lines of one part; its events end with it. */
static int
part_lines(struct vg_vendor *v, struct vg_parts *p, uint64_t line,
    struct tev *ev, struct vg_error *err)
{
	struct vg_buf	 pend = { NULL, 0, 0 };
	char		*chunk, *s, *nl, *e;
	size_t		 n;
	int		 rc = 0;

	chunk = xmalloc(CHUNK);
	while (rc == 0 && (n = vg_parts_read(p, chunk, CHUNK)) > 0) {
		for (s = chunk, e = chunk + n; rc == 0 && s < e; s = nl + 1) {
			if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL) {
				if (pend.len < EV_MAX)
					vg_buf_add(&pend, s, (size_t)(e - s));
				break;
			}
			if (pend.len > 0) {
				vg_buf_add(&pend, s, (size_t)(nl - s));
				rc = line_of(v, ev, pend.s, pend.len, line,
				    err);
				pend.len = 0;
			} else
				rc = line_of(v, ev, s, (size_t)(nl - s), line,
				    err);
			line++;
		}
	}
	if (rc == 0 && pend.len > 0)
		rc = line_of(v, ev, pend.s, pend.len, line, err);
	if (rc == 0)
		rc = flush(v, ev, err);
	free(pend.s);
	free(chunk);
	return rc;
}

int
vg_import_dahua_text(struct vg_vendor *v, struct vg_error *err)
{
	struct vg_parts	 p;
	struct vg_part	 part;
	struct tev	 ev;
	int		 r = 0, rc = 0;

	memset(&ev, 0, sizeof(ev));
	if (vg_parts_open(&p, v, err) == -1) {
		vg_parts_close(&p);
		return -1;
	}
	while (rc == 0 && (r = vg_parts_next(&p, &part, err)) == 1) {
		if (part.kind == VG_PART_OTHER)
			continue;	/* a snapshot sent with the event */
		rc = part_lines(v, &p, part.line, &ev, err);
	}
	if (rc == 0 && r == -1)
		rc = -1;
	free(ev.text.s);
	json_decref(ev.kv);
	vg_parts_close(&p);
	return rc;
}
