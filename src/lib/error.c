/* error.c: error messages that library functions hand back to the tools */
#include "config.h"

#include "vigil.h"
#include "vigil-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
vg_error_vset(struct vg_error *e, const char *fmt, va_list ap)
{
	char	*m;

	if (e == NULL)
		return;
	xvasprintf(&m, fmt, ap);
	free(e->msg);
	e->msg = m;
	e->set = 1;
}

void
vg_error_set(struct vg_error *e, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vg_error_vset(e, fmt, ap);
	va_end(ap);
}

/* Put "prefix: " before the message already set. */
void
vg_error_prefix(struct vg_error *e, const char *fmt, ...)
{
	va_list	 ap;
	char	*p, *m;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&p, fmt, ap);
	va_end(ap);
	xasprintf(&m, "%s: %s", p, e->msg != NULL ? e->msg : "error");
	free(p);
	free(e->msg);
	e->msg = m;
	e->set = 1;
}

void
vg_error_clear(struct vg_error *e)
{
	if (e == NULL)
		return;
	free(e->msg);
	e->msg = NULL;
	e->set = 0;
}

/*
 * The len bytes of s for a message, in buf of size bytes (VG_SHOWSZ
 * gives about 60): control characters as \xHH, so that no input can
 * drive a terminal, and cut with "..." (between characters) if longer.
 */
const char *
vg_show(const char *s, size_t len, char *buf, size_t size)
{
	size_t	i, o = 0, k;

	if (size == 0)
		return "";
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		k = c < 0x20 || c == 0x7f ? 4 : 1;
		if (o + k + 4 > size)
			break;
		if (k == 4)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	if (i < len) {
		/* not in the middle of a UTF-8 sequence */
		while (o > 0 && i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80 &&
		    ((unsigned char)buf[o - 1] & 0x80) != 0) {
			o--;
			i--;
		}
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}
