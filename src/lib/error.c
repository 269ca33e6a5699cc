/* error.c: error messages that library functions hand back to the tools */
#include "config.h"

#include "vigil.h"

#include <stdlib.h>

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
