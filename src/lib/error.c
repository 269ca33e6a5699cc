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
 * Whether the character at s (n > 0 bytes left), of *len bytes, may be
 * written to a terminal as it is: 0 for a control character (C0, DEL, or
 * C1 in UTF-8, U+0080 to U+009F, of which a terminal may take U+009B as
 * CSI) and for a byte that is not UTF-8 (*len 1: a terminal of 8-bit
 * characters takes 0x9b as CSI), each byte of which a message shows as
 * \xHH.
 */
int
vg_show_raw(const char *s, size_t n, size_t *len)
{
	uint32_t	cp;

	if ((*len = vg_utf8_decode(s, n, &cp)) == 0) {
		*len = 1;
		return 0;
	}
	return !(cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0));
}

/*
 * The len bytes of s for a message, in buf of size bytes (VG_SHOWSZ
 * gives about 60): control characters and bytes that are not UTF-8 as
 * \xHH (vg_show_raw), so that no input can drive a terminal, and cut
 * with "..." (between characters) if longer.
 */
const char *
vg_show(const char *s, size_t len, char *buf, size_t size)
{
	size_t	i, j, o = 0, k, n;
	int	raw;

	if (size == 0)
		return "";
	for (i = 0; i < len; i += n) {
		raw = vg_show_raw(s + i, len - i, &n);
		k = raw ? n : 4 * n;
		if (o + k + 4 > size)
			break;
		if (raw) {
			memcpy(buf + o, s + i, n);
			o += n;
		} else
			for (j = 0; j < n; j++)
				o += (size_t)snprintf(buf + o, size - o,
				    "\\x%02x", (unsigned char)s[i + j]);
	}
	if (i < len) {		/* cut between characters */
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}
