/* xmlmsg.c: libxml2's messages made into vigil's, for every XML reader */
#include "config.h"

#include "vigil.h"
#include "vigil-int.h"

#include <stdlib.h>
#include <string.h>

/*
 * Record the first error of reading name: "'name', line N: message", or
 * without the line when it is not known; later errors are dropped, so
 * that the message is about the first thing wrong.
 */
void
vg_xml_verror(struct vg_error *err, int *failed, const char *name, long line,
    const char *fmt, va_list ap)
{
	char	*m;

	if (*failed)
		return;
	*failed = 1;
	xvasprintf(&m, fmt, ap);
	if (line > 0)
		vg_error_set(err, "'%s', line %ld: %s", name, line, m);
	else
		vg_error_set(err, "'%s': %s", name, m);
	free(m);
}

/*
 * A libxml2 message made to fit ours: on one line, without the namespace
 * ns written as {ns} before names, without a stop at the end.
 */
char *
vg_xml_message(const char *m, const char *ns)
{
	char	*out, *q, *brace = NULL;
	size_t	 n = 0, blen;

	if (m == NULL)
		m = "error";
	xasprintf(&brace, "{%s}", ns);
	blen = strlen(brace);
	out = xmalloc(strlen(m) + 1);
	while (*m != '\0') {
		if (strncmp(m, brace, blen) == 0) {
			m += blen;
			continue;
		}
		out[n++] = *m++;
	}
	free(brace);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' ' ||
	    out[n - 1] == '.'))
		n--;
	out[n] = '\0';
	for (q = out; *q != '\0'; q++)
		if (*q == '\n')
			*q = ' ';
	return out;
}
