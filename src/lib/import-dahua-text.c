/* import-dahua-text.c: Dahua eventManager.cgi text (Code=...;action=...;index=...;data={...}), streaming */
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

/* One event's text as it accumulates, and where it started. */
struct tev {
	struct vg_buf	 text;		/* "Code=...", lines joined by \n */
	uint64_t	 line;		/* line of its "Code=" */
	int		 active;	/* an event is being read */
	int		 toolong;	/* rejected (too long, a NUL byte) */
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
	    memcmp(p, "HTTP/", 5) == 0));
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
		if (data == NULL && vg_json_oom(&je)) {
			vg_error_set(err, "'%s', line %llu: out of memory",
			    v->im->path, (unsigned long long)ev->line);
			return -1;
		}
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

/* End the event being read: import it. */
static int
flush(struct vg_vendor *v, struct tev *ev, struct vg_error *err)
{
	int	rc = 0;

	if (ev->active && !ev->toolong)
		rc = event(v, ev, err);
	ev->active = ev->toolong = 0;
	ev->text.len = 0;
	return rc;
}

/* One line of a part: an event's first ("Code=..."), or more of its data. */
static int
line_of(struct vg_vendor *v, struct tev *ev, const char *s, size_t n,
    uint64_t line, struct vg_error *err)
{
	size_t	i;

	if (n > 0 && s[n - 1] == '\r')
		n--;
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
	vg_parts_close(&p);
	return rc;
}
