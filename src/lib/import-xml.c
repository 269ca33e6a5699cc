/* import-xml.c: a vendor's XML read streaming, without network, DTDs or entities */
#include "config.h"

#include "vigil-int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlreader.h>

#define XML_READER_OPTIONS	(XML_PARSE_NONET | XML_PARSE_NOCDATA | \
	XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING | XML_PARSE_NOERROR | \
	XML_PARSE_COMPACT)

static int	fail(struct vg_xml *, long, const char *, struct vg_error *);

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
	for (n = 0; m[n] != '\0'; n++)	/* one line ("...!\nBytes: ...") */
		if (m[n] == '\n')
			m[n] = ' ';
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

/* libxml2's errors of the push parser, to the vg_xml it serves. */
static void
on_parse_error(void *ctx, xmlErrorPtr xe)
{
	xmlParserCtxtPtr	 pc = ctx;
	struct vg_xml		*x = pc->_private;

	on_error(x, xe);
	/* libxml2's push parser, given a document cut short after a '<',
	   says there is more at its end: there is less */
	if (xe != NULL && xe->code == XML_ERR_DOCUMENT_END &&
	    pc->nameNr > 0 && pc->name != NULL && x->msg != NULL &&
	    strstr(x->msg, "Extra content") != NULL) {
		free(x->msg);
		xasprintf(&x->msg, "the document ends inside <%s> (cut"
		    " short?)", (const char *)pc->name);
	}
}

/*
 * A document type declaration met by the push parser: its line kept, and
 * the parse stopped before any declaration in it is read.
 */
static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *pub,
    const xmlChar *sys)
{
	xmlParserCtxtPtr	 pc = ctx;
	struct vg_xml		*x = pc->_private;

	(void)name, (void)pub, (void)sys;
	if (x->dtd == 0)
		x->dtd = (long)xmlSAX2GetLineNumber(ctx) + x->line0;
	xmlStopParser(pc);
}

#define XBLK	65536	/* bytes of a block of the lean tree's memory */

/* A block of the lean tree's memory. */
struct vg_xblk {
	struct vg_xblk	*next;		/* the block filled before */
	size_t		 cap;		/* bytes in data */
	size_t		 used;		/* of them given out */
	char		 data[];	/* the bytes */
};

/* n bytes of the lean tree's memory, aligned for a node. */
static void *
xalloc(struct vg_xml *x, size_t n)
{
	struct vg_xblk	*b;
	void		*p;

	n = (n + 15) & ~(size_t)15;
	if (x->blk == NULL || x->blk->cap - x->blk->used < n) {
		b = xmalloc(sizeof(*b) + (n > XBLK ? n : XBLK));
		b->cap = n > XBLK ? n : XBLK;
		b->used = 0;
		b->next = x->blk;
		x->blk = b;
	}
	p = x->blk->data + x->blk->used;
	x->blk->used += n;
	return p;
}

/* Give back the lean tree's memory, but for one block kept for the next. */
static void
xreset(struct vg_xml *x, int all)
{
	struct vg_xblk	*b, *keep = NULL;

	while ((b = x->blk) != NULL) {
		x->blk = b->next;
		if (!all && keep == NULL && b->cap == XBLK)
			keep = b;
		else
			free(b);
	}
	if ((x->blk = keep) != NULL) {
		keep->next = NULL;
		keep->used = 0;
	}
	memset(&x->top, 0, sizeof(x->top));
	x->cur = &x->top;
	x->href = x->hcopy = NULL;
}

/* A new last child of the element being read. */
static struct vg_xel *
xnode(struct vg_xml *x)
{
	struct vg_xel	*n = xalloc(x, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->parent = x->cur;
	if (x->cur->last != NULL)
		x->cur->last->next = n;
	else
		x->cur->child = n;
	x->cur->last = n;
	return n;
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nss, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct vg_xml	*x = ((xmlParserCtxtPtr)ctx)->_private;
	struct vg_xel	*n;
	size_t		 len;
	char		*h;

	(void)prefix, (void)nns, (void)nss, (void)nattrs, (void)ndefaulted;
	(void)attrs;
	if (x->wrap == 1) {		/* the session's own root */
		x->wrap = 2;
		return;
	}
	n = xnode(x);
	if (n->parent == &x->top)
		x->nroots++;
	n->name = (const char *)name;	/* the parser's dictionary's */
	if (uri == NULL)
		n->href = "";
	else if ((const char *)uri == x->href)
		n->href = x->hcopy;
	else {
		len = strlen((const char *)uri);
		h = xalloc(x, len + 1);
		memcpy(h, uri, len + 1);
		x->href = (const char *)uri;
		n->href = x->hcopy = h;
	}
	n->line = (long)xmlSAX2GetLineNumber(ctx) + x->line0;
	x->cur = n;
}

static void
on_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct vg_xml	*x = ((xmlParserCtxtPtr)ctx)->_private;

	(void)name, (void)prefix, (void)uri;
	if (x->cur->parent != NULL)
		x->cur = x->cur->parent;
	if (x->cur == &x->top && x->wrap == 2)
		x->rootend = xmlByteConsumed(ctx);
}

static void
on_text(void *ctx, const xmlChar *s, int len)
{
	struct vg_xml	*x = ((xmlParserCtxtPtr)ctx)->_private;
	struct vg_xel	*n;
	char		*t;

	if (x->cur == &x->top || len <= 0)
		return;			/* blank space about the root */
	n = xnode(x);
	t = xalloc(x, (size_t)len);
	memcpy(t, s, (size_t)len);
	n->text = t;
	n->tlen = (size_t)len;
}

#define LEAN_CHUNK	65536	/* bytes given the push parser at a time */
#define LEAN_WHOLE	(1024 * 1024)	/* longest part held whole */

/* Start the push parser (created once, then reset) on n bytes. */
static int
push_start(struct vg_xml *x, const char *buf, size_t n)
{
	static xmlSAXHandler	 sax;

	xmlInitParser();
	if (x->pc == NULL) {
		sax.initialized = XML_SAX2_MAGIC;
		sax.startElementNs = on_start;
		sax.endElementNs = on_end;
		sax.characters = on_text;
		sax.cdataBlock = on_text;
		sax.internalSubset = on_doctype;
		sax.serror = on_parse_error;
		if ((x->pc = xmlCreatePushParserCtxt(&sax, NULL, buf, (int)n,
		    NULL)) == NULL)
			return -1;
	} else if (xmlCtxtResetPush(x->pc, buf, (int)n, NULL, NULL) != 0)
		return -1;
	xmlCtxtUseOptions(x->pc, XML_READER_OPTIONS);
	x->pc->_private = x;
	x->pc->sax->cdataBlock = on_text;
	x->pc->linenumbers = 1;
	return 0;
}

static size_t
newlines(const char *s, size_t n)
{
	const char	*e = s + n;
	size_t		 k = 0;

	while ((s = memchr(s, '\n', (size_t)(e - s))) != NULL)
		k++, s++;
	return k;
}

/* Blank space from s, at most to e: where it ends. */
static const char *
blanks(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++;
	return s;
}

/* A pseudo-attribute of an XML declaration at s: its end, or NULL. */
static const char *
decl_att(const char *s, const char *e, const char *name, const char *val)
{
	size_t	 k = strlen(name), vl;
	char	 q;

	if ((size_t)(e - s) < k || memcmp(s, name, k) != 0)
		return NULL;
	s = blanks(s + k, e);
	if (s == e || *s++ != '=')
		return NULL;
	s = blanks(s, e);
	if (s == e || (*s != '"' && *s != '\''))
		return NULL;
	q = *s++;
	vl = strlen(val);
	if ((size_t)(e - s) <= vl || strncasecmp(s, val, vl) != 0 ||
	    s[vl] != q)
		return NULL;
	return s + vl + 1;
}

/*
 * Whether a part held whole can be read within the session of parts
 * under one root: blank space, then its root element at once, or an XML
 * declaration of version 1.0 in UTF-8 exactly as the specification
 * writes one (*skip its bytes, given the session without it).  Anything
 * else (a byte order mark, a comment, a processing instruction, another
 * encoding) is read as a document of its own.
 */
static int
wrappable(const char *b, size_t n, size_t *skip)
{
	const char	*s = b, *e = b + n, *t;

	*skip = 0;
	if (n >= 6 && memcmp(s, "<?xml", 5) == 0 && strchr(" \t\r\n",
	    s[5]) != NULL) {
		s = blanks(s + 5, e);
		if ((s = decl_att(s, e, "version", "1.0")) == NULL)
			return 0;
		t = blanks(s, e);
		if (t > s && (s = decl_att(t, e, "encoding", "UTF-8")) == NULL)
			s = t;
		t = blanks(s, e);
		if (t > s && ((s = decl_att(t, e, "standalone", "yes")) ==
		    NULL && (s = decl_att(t, e, "standalone", "no")) == NULL))
			s = t;
		s = blanks(s, e);
		if (e - s < 2 || memcmp(s, "?>", 2) != 0)
			return 0;
		*skip = (size_t)(s + 2 - b);
		s += 2;
	}
	s = blanks(s, e);
	return e - s >= 2 && *s == '<' && (isalpha((unsigned char)s[1]) ||
	    s[1] == '_' || s[1] == ':' || (unsigned char)s[1] >= 0x80);
}

/* The first root element of the lean tree, or NULL. */
static struct vg_xel *
lean_root(struct vg_xml *x)
{
	struct vg_xel	*r;

	for (r = x->top.child; r != NULL && r->name == NULL; r = r->next)
		;
	return r;
}

/*
 * Read a part held whole (n bytes at b) within the session: the parts of
 * a stream given one push parser one after another, as the children of
 * one root of our own, so that the parser is not made anew for each (a
 * Hikvision alert is less than a kilobyte, and starting a parse costs as
 * much as one).  The part's root, or NULL when the part is not exactly
 * one element and blank space, or libxml2 found anything wrong: then the
 * session ends, and the part is read again as a document of its own,
 * which says what is wrong in the words and at the line it always has.
 */
static struct vg_xel *
lean_session(struct vg_xml *x, const struct vg_parts *p,
    const struct vg_part *part, const char *b, size_t n)
{
	const char	*s, *e;
	size_t		 skip, k;
	unsigned long	 start;

	if (!wrappable(b, n, &skip))
		return NULL;
	if (x->wrap == 0) {
		if (push_start(x, "<w>", 3) == -1)
			return NULL;
		x->wrap = 1;
		x->fed = 3;
		x->fedlines = 0;
	}
	k = newlines(b, skip);
	x->line0 = (long)part->line + (long)k - 1 - (long)x->fedlines;
	x->rootend = 0;
	x->nroots = 0;
	start = x->fed;
	b += skip, n -= skip;
	if (xmlParseChunk(x->pc, b, (int)n, 0) != 0 || !x->pc->wellFormed ||
	    x->msg != NULL || x->dtd != 0 || x->cur != &x->top ||
	    x->nroots != 1 || x->rootend <= start || x->rootend > start + n) {
		x->wrap = 0;
		return NULL;
	}
	x->fed += n;
	x->fedlines += p->line - part->line - k;	/* the parts counted them */
	s = b + (x->rootend - start), e = b + n;
	if (blanks(s, e) != e) {
		x->wrap = 0;
		return NULL;
	}
	return lean_root(x);
}

/*
 * Read the current part whole as a lean tree (struct vg_xel), its root
 * element in *rootp, valid until the next part is read: for parts that
 * are one small document each, as a Hikvision alert is, where the
 * reader's node-by-node walk and libxml2's tree cost more than the
 * parse.  The same safety as vg_xml_part: no network, no DTD, no entity.
 * A part of up to LEAN_WHOLE bytes is held whole and read in the session
 * of parts (lean_session); a longer one, or one the session does not
 * take, is a document of its own for libxml2's SAX push parser, given
 * in large chunks.
 */
int
vg_xml_lean(struct vg_xml *x, struct vg_vendor *v, struct vg_parts *p,
    const struct vg_part *part, struct vg_xel **rootp, struct vg_error *err)
{
	const char		*b;
	struct vg_xel		*r;
	size_t			 n, k;
	long			 line;
	int			 rc = 0, more;

	*rootp = NULL;
	x->v = v;
	x->parts = p;
	x->dtd = 0;
	free(x->msg);
	x->msg = NULL;
	xreset(x, 0);
	b = vg_parts_peek(p, &n);
	if ((line = doctype_line(b, n)) > 0) {
		x->wrap = 0;
		return fail(x, line + (long)part->line - 1, "document type"
		    " declarations are not allowed (no DTD is read and no"
		    " entity expanded)", err);
	}
	if (x->whole == NULL)
		x->whole = xmalloc(LEAN_WHOLE);
	for (n = 0; n < LEAN_WHOLE && (k = vg_parts_read(p, x->whole + n,
	    LEAN_WHOLE - n)) > 0; n += k)
		;
	more = n == LEAN_WHOLE;
	if (!more && (r = lean_session(x, p, part, x->whole, n)) != NULL) {
		*rootp = r;
		return 0;
	}
	/* a document of its own */
	free(x->msg);
	x->msg = NULL;
	x->dtd = 0;
	xreset(x, 0);
	x->wrap = 0;
	x->line0 = (long)part->line - 1;
	if (push_start(x, x->whole, n) == -1)
		return fail(x, 0, "cannot create an XML parser", err);
	while (more && rc == 0 && x->dtd == 0 && x->pc->wellFormed &&
	    (n = vg_parts_read(p, x->whole, LEAN_CHUNK)) > 0)
		rc = xmlParseChunk(x->pc, x->whole, (int)n, 0);
	if (rc == 0 && x->dtd == 0 && x->pc->wellFormed)
		rc = xmlParseChunk(x->pc, NULL, 0, 1);
	r = lean_root(x);
	if (x->dtd > 0)
		return fail(x, x->dtd, "document type declarations are not"
		    " allowed (no DTD is read and no entity expanded)", err);
	if (rc != 0 || !x->pc->wellFormed || x->msg != NULL || r == NULL)
		return vg_xml_fail(x, err);
	*rootp = r;
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
	if (x->pc != NULL)
		xmlFreeParserCtxt(x->pc);
	xreset(x, 1);
	free(x->whole);
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

/* Whether a lean element has this local name and one of these namespaces. */
int
vg_xel_is(const struct vg_xel *n, const char *name, const char *const *ns)
{
	if (n == NULL || n->name == NULL || strcmp(n->name, name) != 0)
		return 0;
	for (; *ns != NULL; ns++)
		if (strcmp(*ns, n->href) == 0)
			return 1;
	return 0;
}

/* The first child element of a lean element with this local name. */
struct vg_xel *
vg_xel_child(const struct vg_xel *n, const char *name)
{
	struct vg_xel	*c;

	for (c = n != NULL ? n->child : NULL; c != NULL; c = c->next)
		if (c->name != NULL && c->name[0] == name[0] &&
		    strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/*
 * As vg_xml_once, of a lean element: whether each of the named children
 * (at most 32 names) is given at most once (0), else the record refused
 * (1), naming the first of the list given twice.  One pass over the
 * children: an alert's are many, and most of the names are absent.
 */
int
vg_xel_once(struct vg_vendor *v, uint64_t line, const struct vg_xel *n,
    const char *const *names)
{
	const struct vg_xel	*c, *first[32], *second[32];
	size_t			 i, k;

	if (n == NULL)
		return 0;
	for (k = 0; k < 32 && names[k] != NULL; k++)
		first[k] = second[k] = NULL;
	for (c = n->child; c != NULL; c = c->next) {
		if (c->name == NULL)
			continue;
		for (i = 0; i < k; i++) {
			if (c->name[0] != names[i][0] ||
			    strcmp(c->name, names[i]) != 0)
				continue;
			if (first[i] == NULL)
				first[i] = c;
			else if (second[i] == NULL)
				second[i] = c;
			break;
		}
	}
	for (i = 0; i < k; i++) {
		if (second[i] == NULL)
			continue;
		vg_import_reject(v->im, line, "%s given twice (lines %ld and"
		    " %ld): which is meant cannot be told", names[i],
		    first[i]->line, second[i]->line);
		return 1;
	}
	return 0;
}

/* Text of n and what it holds, in order, after *len bytes in buf. */
static void
xel_gather(const struct vg_xel *n, char *buf, size_t size, size_t *len,
    int *more)
{
	const struct vg_xel	*c;
	const char		*s, *e;
	size_t			 k;

	for (c = n->child; c != NULL; c = c->next) {
		if (c->name != NULL) {
			xel_gather(c, buf, size, len, more);
			continue;
		}
		s = c->text, e = s + c->tlen;
		if (*len == 0)		/* leading blank space */
			for (; s < e && (*s == ' ' || *s == '\t' ||
			    *s == '\n' || *s == '\r'); s++)
				;
		k = (size_t)(e - s) < size - 1 - *len ? (size_t)(e - s) :
		    size - 1 - *len;
		memcpy(buf + *len, s, k);
		*len += k;
		for (s += k; s < e && !*more; s++)
			if (*s != ' ' && *s != '\t' && *s != '\n' &&
			    *s != '\r')
				*more = 1;
	}
}

/*
 * As vg_xml_text, of a lean element: the text of a child element (n's
 * own if name is NULL), trimmed, in buf; NULL if absent or empty.
 */
const char *
vg_xel_text(const struct vg_xel *n, const char *name, char *buf, size_t size)
{
	const struct vg_xel	*c;
	size_t			 len = 0;
	int			 more = 0;

	if ((c = name != NULL ? vg_xel_child(n, name) : n) == NULL ||
	    size == 0)
		return NULL;
	xel_gather(c, buf, size, &len, &more);
	/* blank space at the end, unless more than fits follows it */
	if (!more)
		while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] ==
		    '\t' || buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			len--;
	buf[len] = '\0';
	return *buf != '\0' ? buf : NULL;
}
