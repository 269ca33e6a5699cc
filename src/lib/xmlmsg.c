/* xmlmsg.c: libxml2's messages made into vigil's, and vigil's schemas, for every XML reader */
#include "config.h"

#include "vigil.h"
#include "vigil-int.h"
#include "xmlmsg.h"

#include <limits.h>
#include <stdarg.h>

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

void
vg_xml_error(struct vg_error *err, int *failed, const char *name, long line,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vg_xml_verror(err, failed, name, line, fmt, ap);
	va_end(ap);
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

/* A schema being parsed: its errors, the first kept. */
struct schemaload {
	const char	*name;		/* the schema's file */
	struct vg_error	*err;		/* where its first error goes */
	int		 failed;	/* one was recorded */
};

static void
schema_error(void *arg, xmlErrorPtr xe)
{
	struct schemaload	*sl = arg;
	char			*m;

	if (xe == NULL || xe->level < XML_ERR_ERROR || sl->failed)
		return;
	m = vg_xml_message(xe->message, "http://www.w3.org/2001/XMLSchema");
	vg_xml_error(sl->err, &sl->failed, sl->name, xe->line, "%s", m);
	free(m);
}

#define NSCHEMAS	4		/* schemas the process may keep */

static struct {
	char		*path;		/* the file it was read from */
	xmlSchemaPtr	 schema;	/* parsed */
} schemas[NSCHEMAS];

/*
 * One of vigil's schemas (file, in the share directory), parsed once per
 * process and kept (read again if VIGIL_SHARE points elsewhere).  While
 * it parses, libxml2's errors go to err; then back to restore with ctx,
 * the caller's own handler.  NULL, with err set, when it cannot be read
 * or parsed.
 */
xmlSchemaPtr
vg_xml_schema(const char *file, struct vg_error *err, void *ctx,
    xmlStructuredErrorFunc restore)
{
	struct schemaload	 sl;
	xmlSchemaParserCtxtPtr	 pc;
	xmlSchemaPtr		 s = NULL;
	char			*path, *buf;
	size_t			 len, i, slot = 0;
	int			 eno;

	xasprintf(&path, "%s/%s", vg_share_dir(), file);
	for (i = 0; i < NSCHEMAS; i++) {
		if (schemas[i].path != NULL &&
		    strcmp(schemas[i].path, path) == 0) {
			free(path);
			return schemas[i].schema;
		}
		/* the slot of the same file from elsewhere, or a free one */
		if (schemas[i].path == NULL ||
		    strcmp(strrchr(schemas[i].path, '/') + 1, file) == 0)
			slot = i;
	}
	if ((buf = vg_read_file(path, INT_MAX, &len, &eno, err)) == NULL) {
		free(path);
		return NULL;
	}
	memset(&sl, 0, sizeof(sl));
	sl.name = path;
	sl.err = err;
	xmlSetStructuredErrorFunc(&sl, schema_error);
	if ((pc = xmlSchemaNewMemParserCtxt(buf, (int)len)) != NULL) {
		xmlSchemaSetParserStructuredErrors(pc, schema_error, &sl);
		s = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	xmlSetStructuredErrorFunc(ctx, restore);
	free(buf);
	if (s == NULL) {
		vg_xml_error(err, &sl.failed, path, 0,
		    "cannot parse the schema");
		free(path);
		return NULL;
	}
	if (schemas[slot].schema != NULL)
		xmlSchemaFree(schemas[slot].schema);
	free(schemas[slot].path);
	schemas[slot].path = path;
	schemas[slot].schema = s;
	return s;
}
