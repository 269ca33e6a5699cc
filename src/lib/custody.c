/* custody.c: the canonical text of a custody log entry, and its hash */
#include "config.h"

#include "vigil.h"
#include "custody.h"

#include <stdlib.h>
#include <string.h>

/* Room for n more bytes and a NUL in the buffer. */
static void
grow(char **buf, size_t len, size_t *cap, size_t n)
{
	if (len + n + 1 > *cap) {
		*cap = (len + n + 1) * 2;
		*buf = xreallocarray(*buf, *cap, 1);
	}
}

/*
 * Append s to the buffer, escaped so that it holds no tab or newline,
 * after a tab unless it is the first field.
 */
static void
put_field(char **buf, size_t *len, size_t *cap, const char *s)
{
	char	c;

	grow(buf, *len, cap, 1);
	if (*len > 0)
		(*buf)[(*len)++] = '\t';
	for (; s != NULL && (c = *s) != '\0'; s++) {
		grow(buf, *len, cap, 2);
		switch (c) {
		case '\\':
		case '\t':
		case '\n':
		case '\r':
			(*buf)[(*len)++] = '\\';
			(*buf)[(*len)++] = c == '\t' ? 't' : c == '\n' ? 'n' :
			    c == '\r' ? 'r' : '\\';
			break;
		default:
			(*buf)[(*len)++] = c;
			break;
		}
	}
	(*buf)[*len] = '\0';
}

/*
 * The canonical line of an entry, newline included: seq, time (ISO 8601
 * UTC to the microsecond, with a Z), officer, tool, args, touched,
 * digests and prev, escaped and joined by tabs.
 */
char *
vg_custody_line(const struct vg_custody *c)
{
	char		 num[24], when[VG_TIME_BUFSZ], *buf = NULL;
	size_t		 len = 0, cap = 0;
	int64_t		 t = c->at, s, us, days, sod, y;
	int		 m, d;

	s = t / 1000000 - (t % 1000000 < 0);
	us = t - s * 1000000;
	days = s / 86400 - (s % 86400 < 0);
	sod = s - days * 86400;
	vg_civil_from_days(days, &y, &m, &d);
	snprintf(when, sizeof(when), "%04lld-%02d-%02dT%02d:%02d:%02d.%06lldZ",
	    (long long)y, m, d, (int)(sod / 3600), (int)(sod / 60 % 60),
	    (int)(sod % 60), (long long)us);
	snprintf(num, sizeof(num), "%lld", (long long)c->seq);
	put_field(&buf, &len, &cap, num);
	put_field(&buf, &len, &cap, when);
	put_field(&buf, &len, &cap, c->officer);
	put_field(&buf, &len, &cap, c->tool);
	put_field(&buf, &len, &cap, c->args);
	put_field(&buf, &len, &cap, c->touched);
	put_field(&buf, &len, &cap, c->digests);
	put_field(&buf, &len, &cap, c->prev);
	grow(&buf, len, &cap, 1);
	buf[len++] = '\n';
	buf[len] = '\0';
	return buf;
}

/* The entry's hash: SHA-256 of its canonical line, as hex. */
void
vg_custody_hash(const struct vg_custody *c, char *hex)
{
	unsigned char	 md[32];
	char		*line = vg_custody_line(c);

	vg_sha256(line, strlen(line), md);
	vg_hex(md, sizeof(md), hex);
	free(line);
}
