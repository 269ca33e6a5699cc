/* import-xml.c: a vendor's XML read streaming, without network, DTDs or entities */
#include "config.h"

#include "vigil-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#define XML_READER_OPTIONS	(XML_PARSE_NONET | XML_PARSE_NOCDATA | \
	XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING | XML_PARSE_NOERROR | \
	XML_PARSE_COMPACT)

/* The first libxml2 error of a read, kept for the message. */
static void
on_error(void *arg, xmlErrorPtr xe)
{
	struct vg_xml	*x = arg;
	char		*m;
	size_t		 n;

	if (xe == NULL || xe->level < XML_ERR_ERROR || x->msg != NULL)
		return;
	m = xstrdup(xe->message != NULL ? xe->message : "error");
	for (n = strlen(m); n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' ' ||
	    m[n - 1] == '.'); n--)
		m[n - 1] = '\0';
	x->msg = m;
	x->line = xe->line > 0 ? xe->line + x->line0 : 0;
}

/*
 * The line of a document type declaration in the prolog (before the root
 * element) of the n bytes at buf, or 0.  Looked for before libxml2 sees
 * the document, so that no declaration of it is ever parsed: an entity
 * bomb is refused unread.
 */
static long
doctype_line(const char *buf, size_t n)
{
	const char	*p, *e, *q;
	long		 line = 1;

	p = buf, e = buf + n;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (;;) {
		while (p < e && strchr(" \t\r\n", *p) != NULL) {
			if (*p++ == '\n')
				line++;
		}
		if (e - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0)
			return line;
		if (e - p >= 4 && memcmp(p, "<!--", 4) == 0)
			q = memmem(p + 4, (size_t)(e - p - 4), "-->", 3);
		else if (e - p >= 2 && memcmp(p, "<?", 2) == 0)
			q = memmem(p + 2, (size_t)(e - p - 2), "?>", 2);
		else
			return 0;
		if (q == NULL)
			return 0;
		for (; p < q; p++)
			if (*p == '\n')
				line++;
		p += *p == '-' ? 3 : 2;
	}
}

/* libxml2 reads the document through the parts, never past its end. */
static int
part_read(void *arg, char *buf, int len)
{
	return (int)vg_parts_read(arg, buf, (size_t)len);
}

static int
part_close(void *arg)
{
	(void)arg;
	return 0;
}

/*
 * Read the current part as an XML document: no network, no DTD loaded,
 * no entity substituted; a document type declaration refuses the file.
 */
int
vg_xml_part(struct vg_xml *x, struct vg_vendor *v, struct vg_parts *p,
    const struct vg_part *part, struct vg_error *err)
{
	const char	*b;
	size_t		 n;
	long		 line;

	x->v = v;
	x->parts = p;
	x->line0 = (long)part->line - 1;
	b = vg_parts_peek(p, &n);
	if ((line = doctype_line(b, n)) > 0) {
		vg_error_set(err, "'%s', line %ld: document type declarations"
		    " are not allowed (no DTD is read and no entity expanded)",
		    v->im->path, line + x->line0);
		return -1;
	}
	/* one reader for every document: no URL, so no directory looked up */
	xmlInitParser();
	if (x->r != NULL) {
		if (xmlReaderNewIO(x->r, part_read, part_close, p, NULL, NULL,
		    XML_READER_OPTIONS) == -1) {
			xmlFreeTextReader(x->r);
			x->r = NULL;
		}
	} else
		x->r = xmlReaderForIO(part_read, part_close, p, NULL, NULL,
		    XML_READER_OPTIONS);
	if (x->r == NULL) {
		vg_error_set(err, "'%s': cannot create an XML reader",
		    v->im->path);
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
	return 0;
}

/* The next document of the file the reader owns: 1, 0 at the end, -1. */
static int
next_document(struct vg_xml *x, struct vg_error *err)
{
	struct vg_part	part;
	int		r;

	while ((r = vg_parts_next(&x->own, &part, err)) == 1)
		if (part.kind != VG_PART_OTHER)
			break;		/* pictures between documents */
	if (r != 1)
		return r;
	return vg_xml_part(x, x->v, &x->own, &part, err) == -1 ? -1 : 1;
}

/*
 * Open the file for streaming: one XML document, several one after
 * another (each with its XML declaration), or the XML parts of a MIME
 * multipart capture.
 */
int
vg_xml_open(struct vg_xml *x, struct vg_vendor *v, struct vg_error *err)
{
	int	r;

	memset(x, 0, sizeof(*x));
	x->v = v;
	if (vg_parts_open(&x->own, v, err) == -1)
		return -1;
	if ((r = next_document(x, err)) == 0)
		vg_error_set(err, "'%s': empty file, no XML", v->im->path);
	if (r == 1)
		return 0;
	x->parts = &x->own;
	vg_xml_close(x);
	return -1;
}

/* Fail the read: 'file', line N: why. */
static int
fail(struct vg_xml *x, long line, const char *why, struct vg_error *err)
{
	if (line > 0)
		vg_error_set(err, "'%s', line %ld: %s", x->v->im->path, line,
		    why);
	else
		vg_error_set(err, "'%s': %s", x->v->im->path, why);
	return -1;
}

/*
 * The next node: 1, 0 at the end of the document, -1 with err set when
 * the document is not well-formed, declares a document type or refers to
 * an entity.
 */
int
vg_xml_read(struct vg_xml *x, struct vg_error *err)
{
	int	 r, t;

again:
	r = xmlTextReaderRead(x->r);
	if (r == 0 && x->msg == NULL && x->parts == &x->own) {
		if ((r = next_document(x, err)) == 1)
			goto again;
		return r;
	}
	if (r == 1) {
		t = xmlTextReaderNodeType(x->r);
		if (t == XML_READER_TYPE_DOCUMENT_TYPE)
			return fail(x, vg_xml_line(x), "document type"
			    " declarations are not allowed (no DTD is read and"
			    " no entity expanded)", err);
		if (t == XML_READER_TYPE_ENTITY_REFERENCE ||
		    t == XML_READER_TYPE_ENTITY)
			return fail(x, vg_xml_line(x), "entity references are"
			    " not allowed", err);
		return 1;
	}
	if (r == 0 && x->msg == NULL)
		return 0;
	return vg_xml_fail(x, err);
}

/* Fail with libxml2's first error, the document not well-formed. */
int
vg_xml_fail(struct vg_xml *x, struct vg_error *err)
{
	char	*m;

	xasprintf(&m, "not well-formed XML: %s", x->msg != NULL ? x->msg :
	    "cannot read on");
	fail(x, x->line, m, err);
	free(m);
	return -1;
}

/* Line of the current node in the file. */
long
vg_xml_line(struct vg_xml *x)
{
	return vg_xml_lineof(x, xmlTextReaderCurrentNode(x->r));
}

/* Line of a node of the current document in the file. */
long
vg_xml_lineof(const struct vg_xml *x, const xmlNode *n)
{
	return n != NULL ? (long)xmlGetLineNo(n) + x->line0 : 0;
}

void
vg_xml_close(struct vg_xml *x)
{
	if (x->r != NULL)
		xmlFreeTextReader(x->r);
	free(x->msg);
	if (x->parts == &x->own)
		vg_parts_close(&x->own);
	memset(x, 0, sizeof(*x));
}

/* Whether an element has this local name and one of these namespaces. */
int
vg_xml_is(const xmlNode *n, const char *name, const char *const *ns)
{
	const char	*href;

	if (n == NULL || n->type != XML_ELEMENT_NODE ||
	    strcmp((const char *)n->name, name) != 0)
		return 0;
	href = n->ns != NULL && n->ns->href != NULL ?
	    (const char *)n->ns->href : "";
	for (; *ns != NULL; ns++)
		if (strcmp(*ns, href) == 0)
			return 1;
	return 0;
}

/* The first child element of n with this local name, any namespace. */
xmlNode *
vg_xml_child(const xmlNode *n, const char *name)
{
	xmlNode	*c;

	if (n == NULL)
		return NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/*
 * Whether each of the named children of n (a NULL-terminated list: the
 * ones a reader takes one value from) is given at most once: 0 if so,
 * else 1, the record refused (at line) with the lines of the first two
 * (base plus their lines in the document).  A record that says two
 * things where one is read is not guessed at: the first would win
 * silently.
 */
int
vg_xml_once(struct vg_vendor *v, uint64_t line, long base, const xmlNode *n,
    const char *const *names)
{
	const xmlNode	*c, *d;

	if (n == NULL)
		return 0;
	for (; *names != NULL; names++) {
		if ((c = vg_xml_child(n, *names)) == NULL)
			continue;
		for (d = c->next; d != NULL; d = d->next)
			if (d->type == XML_ELEMENT_NODE &&
			    strcmp((const char *)d->name, *names) == 0)
				break;
		if (d == NULL)
			continue;
		vg_import_reject(v->im, line, "%s given twice (lines %ld and"
		    " %ld): which is meant cannot be told", *names,
		    base + xmlGetLineNo(c), base + xmlGetLineNo(d));
		return 1;
	}
	return 0;
}

/* The text of a child element, trimmed, in buf; NULL if absent or empty. */
const char *
vg_xml_text(const xmlNode *n, const char *name, char *buf, size_t size)
{
	xmlNode		*c;
	xmlChar		*s = NULL;
	const char	*p, *e;
	size_t		 len;

	if ((c = name != NULL ? vg_xml_child(n, name) : (xmlNode *)n) == NULL)
		return NULL;
	/* one text node, as most elements hold: read in place */
	if (c->children != NULL && c->children->next == NULL &&
	    c->children->type == XML_TEXT_NODE && c->children->content != NULL)
		p = (const char *)c->children->content;
	else if ((s = xmlNodeGetContent(c)) == NULL)
		return NULL;
	else
		p = (const char *)s;
	for (; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++)
		;
	for (e = p + strlen(p); e > p && (e[-1] == ' ' || e[-1] == '\t' ||
	    e[-1] == '\n' || e[-1] == '\r'); e--)
		;
	if (size > 0) {
		len = (size_t)(e - p) < size - 1 ? (size_t)(e - p) : size - 1;
		memcpy(buf, p, len);
		buf[len] = '\0';
	}
	xmlFree(s);
	return size > 0 && *buf != '\0' ? buf : NULL;
}
