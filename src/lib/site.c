/* site.c: load site.xml, validate it against site.xsd and check its references */
#include "vigil.h"
#include "vigil-int.h"
#include "xmlmsg.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/globals.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

#define SITE_NS		"urn:vigil:site:1"
#define SITE_XSD	"site.xsd"

/* One load of one document: where its first error goes. */
struct load {
	const char	*name;		/* file name for messages */
	struct vg_error	*err;		/* the first error */
	int		 failed;	/* an error was recorded */
	xmlParserCtxtPtr ctxt;		/* the parser */
	xmlDocPtr	 doc;		/* the document */
	long		 doctype;	/* line of <!DOCTYPE, 0 if none */
};

static locale_t		 c_locale;	/* for numbers in the C locale */

/* Record the first error of a load; later ones are dropped. */
static void VG_PRINTF(3, 4)
load_fail(struct load *ld, long line, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vg_xml_verror(ld->err, &ld->failed, ld->name, line, fmt, ap);
	va_end(ap);
}

/* A JSON string, quoted and escaped. */
static void
sbuf_json(struct vg_buf *b, const char *s)
{
	static const char	hex[] = "0123456789abcdef";
	char			u[6];

	vg_buf_add(b, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char	c = *s;

		if (c == '"')
			vg_buf_str(b, "\\\"");
		else if (c == '\\')
			vg_buf_str(b, "\\\\");
		else if (c == '\n')
			vg_buf_str(b, "\\n");
		else if (c == '\r')
			vg_buf_str(b, "\\r");
		else if (c == '\t')
			vg_buf_str(b, "\\t");
		else if (c < 0x20 || c == 0x7f) {
			memcpy(u, "\\u00", 4);
			u[4] = hex[c >> 4];
			u[5] = hex[c & 0xf];
			vg_buf_add(b, u, sizeof(u));
		} else
			vg_buf_add(b, s, 1);
	}
	vg_buf_add(b, "\"", 1);
}


/* The line on which an element starts, as sax_start_element found it. */
static long
node_line(const xmlNode *n)
{
	if (n != NULL && n->type == XML_ATTRIBUTE_NODE)
		n = n->parent;
	if (n == NULL)
		return 0;
	if (n->type == XML_ELEMENT_NODE && n->_private != NULL)
		return (long)(intptr_t)n->_private;
	return xmlGetLineNo(n);
}

/* Strip leading and trailing white space and squeeze the rest, in place. */
static char *
collapse(char *s)
{
	char	*p, *q;
	int	 sp = 0;

	for (p = q = s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			sp = q != s;
			continue;
		}
		if (sp)
			*q++ = ' ';
		sp = 0;
		*q++ = *p;
	}
	*q = '\0';
	return s;
}

/* An unqualified attribute, copied, collapsed if a token; NULL if absent. */
static char *
prop(const xmlNode *n, const char *name, int token)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetNoNsProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return token ? collapse(s) : s;
}

#define clean_message(m)	vg_xml_message((m), SITE_NS)

/* The element before n among the site and its children with n's id. */
static const xmlNode *
earlier_id(const xmlNode *n)
{
	const xmlNode	*root, *c;
	char		*id, *cid;
	int		 same;

	if (n->type != XML_ELEMENT_NODE || n->doc == NULL ||
	    (root = xmlDocGetRootElement(n->doc)) == NULL || n == root ||
	    (id = prop(n, "id", 1)) == NULL)
		return NULL;
	for (c = root; c != NULL && c != n;
	    c = c == root ? root->children : c->next) {
		if (c->type != XML_ELEMENT_NODE ||
		    (cid = prop(c, "id", 1)) == NULL)
			continue;
		same = strcmp(id, cid) == 0;
		free(cid);
		if (same)
			break;
	}
	free(id);
	return c != n ? c : NULL;
}

/* Every libxml2 error of a load ends here; warnings are ignored. */
static void
on_error(void *arg, xmlErrorPtr xe)
{
	struct load	*ld = arg;
	const xmlNode	*node = NULL, *dup;
	char		*m, *id;
	long		 line;

	if (ld == NULL || xe == NULL || xe->level < XML_ERR_ERROR ||
	    ld->failed)
		return;
	line = xe->line;
	if (xe->domain == XML_FROM_SCHEMASV && xe->node != NULL) {
		node = xe->node;
		if (node->type == XML_ATTRIBUTE_NODE)
			node = node->parent;
		line = node_line(node);
	}
	m = clean_message(xe->message);
	if (node != NULL && strstr(m, "attribute 'id'") != NULL &&
	    (dup = earlier_id(node)) != NULL) {
		id = prop(node, "id", 1);
		load_fail(ld, line, "duplicate id '%s' (also on line %ld)", id,
		    node_line(dup));
		free(id);
	} else
		load_fail(ld, line, "%s", m);
	free(m);
}

static void
on_generic(void *arg, const char *fmt, ...)
{
}

static void
sax_internal_subset(void *ctx, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct load		*ld = ctxt->_private;

	ld->doctype = xmlSAX2GetLineNumber(ctxt);
	xmlSAX2InternalSubset(ctx, name, eid, sid);
}

/*
 * libxml2 numbers an element by the line where its start tag ends; keep
 * the line where it begins, counting back to the '<' (which cannot occur
 * inside the tag), in the node's _private.
 */
static void
sax_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int natts, int ndef,
    const xmlChar **atts)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	const xmlChar		*p, *base;
	long			 line;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nns, ns, natts, ndef,
	    atts);
	if (ctxt->node == NULL || ctxt->input == NULL ||
	    (base = ctxt->input->base) == NULL ||
	    (p = ctxt->input->cur) == NULL || p < base)
		return;
	line = ctxt->input->line;
	while (p > base && *--p != '<')
		if (*p == '\n')
			line--;
	if (*p == '<' && line > 0)
		ctxt->node->_private = (void *)(intptr_t)line;
}

/* Called at the end of the DOCTYPE: no DTD is ever read or used. */
static void
sax_external_subset(void *ctx, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct load		*ld = ctxt->_private;

	load_fail(ld, ld->doctype, "document type declarations are not allowed");
	xmlStopParser(ctxt);
}

/* Entities are refused where declared, before anything can use them. */
static void
sax_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *pid,
    const xmlChar *sid, xmlChar *content)
{
	xmlParserCtxtPtr	 ctxt = ctx;

	load_fail(ctxt->_private, xmlSAX2GetLineNumber(ctxt),
	    "entity declarations are not allowed");
	xmlStopParser(ctxt);
}

static void
sax_unparsed_entity_decl(void *ctx, const xmlChar *name, const xmlChar *pid,
    const xmlChar *sid, const xmlChar *notation)
{
	sax_entity_decl(ctx, name, 0, pid, sid, NULL);
}

/* The schema, parsed once per process; its errors go where the load's go. */
static xmlSchemaPtr
site_schema(struct load *ld)
{
	xmlSchemaPtr	s;

	if ((s = vg_xml_schema(SITE_XSD, ld->err, ld, on_error)) == NULL)
		ld->failed = 1;
	return s;
}

/* Whether the system's time-zone database knows the zone. */
static int
tz_known(const char *name)
{
	struct vg_tz	*tz;

	if ((tz = vg_tz_open(name, NULL)) == NULL)
		return 0;
	vg_tz_free(tz);
	return 1;
}

/* An xs:decimal, read in the C locale whatever the program's locale. */
static double
decimal(const char *s)
{
	locale_t	old;
	double		v;

	if (s == NULL)
		return NAN;
	if (c_locale == (locale_t)0)
		c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c_locale == (locale_t)0)
		return strtod(s, NULL);
	old = uselocale(c_locale);
	v = strtod(s, NULL);
	uselocale(old);
	return v;
}

/* An xs:boolean. */
static int
boolean(const char *s)
{
	return s != NULL && (strcmp(s, "true") == 0 || strcmp(s, "1") == 0);
}

/* The credentials a gate can read, as site.xml names them. */
static const struct {
	const char	*name;	/* as written in site.xml */
	unsigned	 bit;	/* VG_CRED_* */
} creds[] = {
	{ "face", VG_CRED_FACE },
	{ "badge", VG_CRED_BADGE },
	{ "plate", VG_CRED_PLATE },
	{ "qr", VG_CRED_QR },
	{ "pin", VG_CRED_PIN },
	{ "finger", VG_CRED_FINGER },
};

static unsigned
credentials(const char *s)
{
	unsigned	 bits = 0;
	size_t		 i, n;

	if (s == NULL)
		return 0;
	while (*s != '\0') {
		n = strcspn(s, " ");
		for (i = 0; i < sizeof(creds) / sizeof(creds[0]); i++)
			if (strlen(creds[i].name) == n &&
			    strncmp(s, creds[i].name, n) == 0)
				bits |= creds[i].bit;
		s += n;
		s += strspn(s, " ");
	}
	return bits;
}

/* Foreign attributes as a JSON object keyed {uri}local; NULL if none. */
static char *
foreign(const xmlNode *n)
{
	struct vg_buf	 b = { NULL, 0, 0 };
	const xmlAttr	*a;
	xmlChar		*v;
	char		*key;

	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns == NULL || a->ns->href == NULL)
			continue;
		vg_buf_str(&b, b.len == 0 ? "{" : ",");
		xasprintf(&key, "{%s}%s", (const char *)a->ns->href,
		    (const char *)a->name);
		sbuf_json(&b, key);
		free(key);
		vg_buf_add(&b, ":", 1);
		v = xmlNodeListGetString(n->doc, a->children, 1);
		sbuf_json(&b, v != NULL ? (const char *)v : "");
		xmlFree(v);
	}
	if (b.len > 0)
		vg_buf_add(&b, "}", 1);
	return b.s;
}

/* The element's local name if it is in vigil's namespace, else NULL. */
static const char *
site_element(const xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE || n->ns == NULL ||
	    n->ns->href == NULL ||
	    strcmp((const char *)n->ns->href, SITE_NS) != 0)
		return NULL;
	return (const char *)n->name;
}

/* An integer attribute already checked by the schema. */
static int
integer(struct load *ld, const xmlNode *n, const char *attr, long long min,
    long long max)
{
	const char	*why;
	char		*s;
	long long	 v = min;

	s = prop(n, attr, 1);
	if (s != NULL && *s == '+')
		memmove(s, s + 1, strlen(s));
	if ((why = vg_strtonum(s, min, max, &v)) != NULL)
		load_fail(ld, node_line(n), "%s '%s' is %s", attr,
		    s != NULL ? s : "", why);
	free(s);
	return (int)v;
}

/* The ident children of a gate or camera element. */
static void
idents(const xmlNode *n, struct vg_device *d)
{
	const xmlNode	*c;
	struct vg_ident	*id;
	const char	*el;

	for (c = n->children; c != NULL; c = c->next) {
		if ((el = site_element(c)) == NULL || strcmp(el, "ident") != 0)
			continue;
		d->idents = xreallocarray(d->idents, d->nidents + 1,
		    sizeof(*d->idents));
		id = &d->idents[d->nidents++];
		id->vendor = prop(c, "vendor", 1);
		id->device = prop(c, "device", 1);
		id->channel = prop(c, "channel", 1);
		id->line = node_line(c);
		if (id->device != NULL)
			vg_mac_norm(id->device);
	}
}

/* Fill the site from the validated document. */
static void
fill(struct load *ld, const xmlNode *root, struct vg_site *site)
{
	const xmlNode	*n;
	const char	*el;
	size_t		 nz = 0, np = 0, nd = 0, nl = 0;
	char		*s;
	const char	*why;
	unsigned char	 hh[VG_DAY_MINUTES];

	site->id = prop(root, "id", 1);
	site->name = prop(root, "name", 0);
	site->timezone = prop(root, "timezone", 1);

	for (n = root->children; n != NULL; n = n->next) {
		if ((el = site_element(n)) == NULL)
			continue;
		if (strcmp(el, "zone") == 0)
			nz++;
		else if (strcmp(el, "place") == 0)
			np++;
		else if (strcmp(el, "gate") == 0 || strcmp(el, "camera") == 0)
			nd++;
		else if (strcmp(el, "link") == 0)
			nl++;
	}
	if (nz > 0)
		site->zones = xcalloc(nz, sizeof(*site->zones));
	if (np > 0)
		site->places = xcalloc(np, sizeof(*site->places));
	if (nd > 0)
		site->devices = xcalloc(nd, sizeof(*site->devices));
	if (nl > 0)
		site->links = xcalloc(nl, sizeof(*site->links));

	for (n = root->children; n != NULL; n = n->next) {
		if ((el = site_element(n)) == NULL)
			continue;
		if (strcmp(el, "zone") == 0) {
			struct vg_zone	*z = &site->zones[site->nzones++];

			z->id = prop(n, "id", 1);
			z->name = prop(n, "name", 0);
			z->ring = integer(ld, n, "ring", 1, 5);
			z->line = node_line(n);
			if ((z->hours = prop(n, "hours", 0)) != NULL &&
			    vg_hours_parse(z->hours, hh, &why) == -1)
				load_fail(ld, z->line, "hours '%s': %s",
				    z->hours, why);
		} else if (strcmp(el, "place") == 0) {
			struct vg_place	*p = &site->places[site->nplaces++];

			p->id = prop(n, "id", 1);
			p->name = prop(n, "name", 0);
			p->zone = prop(n, "zone", 1);
			p->kind = prop(n, "kind", 1);
			s = prop(n, "x", 1);
			p->x = decimal(s);
			free(s);
			s = prop(n, "y", 1);
			p->y = decimal(s);
			free(s);
			p->line = node_line(n);
		} else if (strcmp(el, "gate") == 0 ||
		    strcmp(el, "camera") == 0) {
			struct vg_device *d = &site->devices[site->ndevices++];

			d->id = prop(n, "id", 1);
			d->name = prop(n, "name", 0);
			d->zone = prop(n, "zone", 1);
			s = prop(n, "x", 1);
			d->x = decimal(s);
			free(s);
			s = prop(n, "y", 1);
			d->y = decimal(s);
			free(s);
			d->heading = NAN;
			if (strcmp(el, "gate") == 0) {
				d->type = VG_GATE;
				d->kind = prop(n, "kind", 1);
				s = prop(n, "credentials", 1);
				d->creds = credentials(s);
				free(s);
			} else {
				d->type = VG_CAMERA;
				d->place = prop(n, "place", 1);
				d->gate = prop(n, "gate", 1);
				if ((s = prop(n, "heading", 1)) != NULL)
					d->heading = decimal(s);
				free(s);
				s = prop(n, "face", 1);
				d->face = boolean(s);
				free(s);
				d->recordings = prop(n, "recordings", 0);
			}
			d->ext = foreign(n);
			d->line = node_line(n);
			idents(n, d);
		} else if (strcmp(el, "link") == 0) {
			struct vg_link	*l = &site->links[site->nlinks++];

			l->from = prop(n, "from", 1);
			l->to = prop(n, "to", 1);
			l->min = integer(ld, n, "min", 0, INT_MAX);
			l->max = integer(ld, n, "max", 0, INT_MAX);
			s = prop(n, "directed", 1);
			l->directed = boolean(s);
			free(s);
			l->line = node_line(n);
		}
	}
}

/* An id table; every id in it maps to a non-NULL value. */
static xmlHashTablePtr
table(size_t n)
{
	xmlHashTablePtr	h;

	if ((h = xmlHashCreate(n > INT_MAX / 2 ? INT_MAX / 2 : (int)n)) ==
	    NULL)
		abort();
	return h;
}

/* A device's idents: each names one device only, and names something. */
static void
check_idents(struct load *ld, const struct vg_device *d, xmlHashTablePtr seen)
{
	const struct vg_ident	*id, *other;
	size_t			 i;

	for (i = 0; i < d->nidents && !ld->failed; i++) {
		id = &d->idents[i];
		if (id->device == NULL && id->channel == NULL) {
			load_fail(ld, id->line, "ident of '%s' names neither a"
			    " device nor a channel", d->id);
			return;
		}
		other = xmlHashLookup3(seen, (const xmlChar *)id->vendor,
		    (const xmlChar *)(id->device ? id->device : ""),
		    (const xmlChar *)(id->channel ? id->channel : ""));
		if (other != NULL) {
			load_fail(ld, id->line, "%s%s%s%s%s%s%s is already"
			    " named on line %ld", id->vendor, id->device ?
			    " device '" : "", id->device ? id->device : "",
			    id->device ? "'" : "", id->channel ? " channel '" :
			    "", id->channel ? id->channel : "", id->channel ?
			    "'" : "", other->line);
			return;
		}
		xmlHashAddEntry3(seen, (const xmlChar *)id->vendor,
		    (const xmlChar *)(id->device ? id->device : ""),
		    (const xmlChar *)(id->channel ? id->channel : ""),
		    (void *)id);
	}
}

/* Check references, in document order, so the first error is first. */
static void
check(struct load *ld, const xmlNode *root, struct vg_site *site)
{
	xmlHashTablePtr		 zones, places, devices, pairs, idmap;
	const struct vg_link	*other;
	struct vg_link		*l;
	struct vg_device	*d;
	const struct vg_device	*g;
	struct vg_place		*p;
	size_t			 i;

	if (site->timezone == NULL || !tz_known(site->timezone)) {
		load_fail(ld, node_line(root), "unknown time zone '%s'",
		    site->timezone != NULL ? site->timezone : "");
		return;
	}
	zones = table(site->nzones);
	places = table(site->nplaces);
	devices = table(site->ndevices);
	pairs = table(site->nlinks);
	idmap = table(site->ndevices);
	for (i = 0; i < site->nzones; i++)
		xmlHashAddEntry(zones, (const xmlChar *)site->zones[i].id,
		    &site->zones[i]);
	for (i = 0; i < site->nplaces; i++)
		xmlHashAddEntry(places, (const xmlChar *)site->places[i].id,
		    &site->places[i]);
	for (i = 0; i < site->ndevices; i++)
		xmlHashAddEntry(devices, (const xmlChar *)site->devices[i].id,
		    &site->devices[i]);

	/* places, devices and links each in order: merge them by line */
	p = site->places;
	d = site->devices;
	l = site->links;
	while (!ld->failed) {
		long	pl, dl, ll;

		/* counted, not compared with NULL + 0: a site may have none */
		pl = (size_t)(p - site->places) < site->nplaces ? p->line :
		    LONG_MAX;
		dl = (size_t)(d - site->devices) < site->ndevices ? d->line :
		    LONG_MAX;
		ll = (size_t)(l - site->links) < site->nlinks ? l->line :
		    LONG_MAX;
		if (pl == LONG_MAX && dl == LONG_MAX && ll == LONG_MAX)
			break;
		if (pl <= dl && pl <= ll) {
			if (xmlHashLookup(zones, (const xmlChar *)p->zone) ==
			    NULL)
				load_fail(ld, p->line, "unknown zone '%s'",
				    p->zone);
			p++;
		} else if (dl <= ll) {
			if (xmlHashLookup(zones, (const xmlChar *)d->zone) ==
			    NULL)
				load_fail(ld, d->line, "unknown zone '%s'",
				    d->zone);
			else if (d->place != NULL && xmlHashLookup(places,
			    (const xmlChar *)d->place) == NULL)
				load_fail(ld, d->line, "unknown place '%s'",
				    d->place);
			else if (d->gate != NULL && ((g = xmlHashLookup(devices,
			    (const xmlChar *)d->gate)) == NULL ||
			    g->type != VG_GATE))
				load_fail(ld, d->line, "camera '%s' watches "
				    "'%s', which is not a gate of the site",
				    d->id, d->gate);
			else
				check_idents(ld, d, idmap);
			d++;
		} else {
			if (xmlHashLookup(devices, (const xmlChar *)l->from) ==
			    NULL)
				load_fail(ld, l->line,
				    "link from '%s' to '%s': unknown device "
				    "'%s'", l->from, l->to, l->from);
			else if (xmlHashLookup(devices,
			    (const xmlChar *)l->to) == NULL)
				load_fail(ld, l->line,
				    "link from '%s' to '%s': unknown device "
				    "'%s'", l->from, l->to, l->to);
			else if (strcmp(l->from, l->to) == 0)
				load_fail(ld, l->line,
				    "link %s-%s: a device cannot link to "
				    "itself", l->from, l->to);
			else if (l->min > l->max)
				load_fail(ld, l->line,
				    "link %s-%s: min %d is greater than max %d",
				    l->from, l->to, l->min, l->max);
			else if ((other = xmlHashLookup2(pairs,
			    (const xmlChar *)l->from,
			    (const xmlChar *)l->to)) != NULL ||
			    ((other = xmlHashLookup2(pairs,
			    (const xmlChar *)l->to,
			    (const xmlChar *)l->from)) != NULL &&
			    (!other->directed || !l->directed)))
				load_fail(ld, l->line,
				    "link %s-%s: the link on line %ld already "
				    "joins these devices", l->from, l->to,
				    other->line);
			else
				xmlHashAddEntry2(pairs,
				    (const xmlChar *)l->from,
				    (const xmlChar *)l->to, l);
			l++;
		}
	}
	xmlHashFree(zones, NULL);
	xmlHashFree(places, NULL);
	xmlHashFree(devices, NULL);
	xmlHashFree(pairs, NULL);
	xmlHashFree(idmap, NULL);
}

/* Parse, refusing any DTD; the document, or NULL with the error set. */
static xmlDocPtr
parse(struct load *ld, const char *buf, size_t len)
{
	xmlParserCtxtPtr	ctxt;
	xmlDocPtr		doc;

	if (len == 0) {
		load_fail(ld, 1, "document is empty");
		return NULL;
	}
	if (len > INT_MAX) {
		load_fail(ld, 0, "file too large");
		return NULL;
	}
	if ((ctxt = xmlCreateMemoryParserCtxt(buf, (int)len)) == NULL) {
		load_fail(ld, 0, "cannot create an XML parser");
		return NULL;
	}
	ld->ctxt = ctxt;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	ctxt->linenumbers = 1;
	ctxt->_private = ld;
	ctxt->sax->startElementNs = sax_start_element;
	ctxt->sax->internalSubset = sax_internal_subset;
	ctxt->sax->externalSubset = sax_external_subset;
	ctxt->sax->entityDecl = sax_entity_decl;
	ctxt->sax->unparsedEntityDecl = sax_unparsed_entity_decl;
	ctxt->sax->serror = NULL;

	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (!ld->failed && (!ctxt->wellFormed || doc == NULL))
		load_fail(ld, ctxt->input != NULL ? ctxt->input->line : 0,
		    "not well-formed XML");
	if (ld->failed) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

int
vg_site_load_memory(const char *buf, size_t len, const char *name,
    struct vg_site **out, struct vg_error *err)
{
	struct load		 ld;
	struct vg_site		*site = NULL;
	xmlStructuredErrorFunc	 old_serror;
	xmlGenericErrorFunc	 old_generic;
	void			*old_sctx, *old_gctx;
	xmlSchemaValidCtxtPtr	 vc;
	xmlSchemaPtr		 schema;
	xmlNodePtr		 root;
	int			 r;

	*out = NULL;
	memset(&ld, 0, sizeof(ld));
	ld.name = name != NULL ? name : "site.xml";
	ld.err = err;

	xmlInitParser();
	old_serror = xmlStructuredError;
	old_sctx = xmlStructuredErrorContext;
	old_generic = xmlGenericError;
	old_gctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(&ld, on_error);
	xmlSetGenericErrorFunc(NULL, on_generic);

	if ((ld.doc = parse(&ld, buf, len)) == NULL)
		goto done;
	root = xmlDocGetRootElement(ld.doc);
	if (root == NULL || site_element(root) == NULL ||
	    strcmp((const char *)root->name, "site") != 0) {
		load_fail(&ld, node_line(root),
		    "not a site description: the root element must be 'site'"
		    " in namespace %s", SITE_NS);
		goto done;
	}
	if ((schema = site_schema(&ld)) == NULL)
		goto done;
	if ((vc = xmlSchemaNewValidCtxt(schema)) == NULL) {
		load_fail(&ld, 0, "cannot create a schema validator");
		goto done;
	}
	xmlSchemaSetValidStructuredErrors(vc, on_error, &ld);
	r = xmlSchemaValidateDoc(vc, ld.doc);
	xmlSchemaFreeValidCtxt(vc);
	if (r != 0) {
		load_fail(&ld, 0, "not valid against %s", SITE_XSD);
		goto done;
	}

	site = xcalloc(1, sizeof(*site));
	fill(&ld, root, site);
	if (!ld.failed)
		check(&ld, root, site);
done:
	xmlFreeDoc(ld.doc);
	if (ld.ctxt != NULL)
		xmlFreeParserCtxt(ld.ctxt);
	xmlSetStructuredErrorFunc(old_sctx, old_serror);
	xmlSetGenericErrorFunc(old_gctx, old_generic);
	if (ld.failed) {
		vg_site_free(site);
		return -1;
	}
	*out = site;
	return 0;
}

int
vg_site_load(const char *path, struct vg_site **out, struct vg_error *err)
{
	char	*buf;
	size_t	 len;
	int	 r, eno;

	*out = NULL;
	if ((buf = vg_read_file(path, INT_MAX, &len, &eno, err)) == NULL)
		return -1;
	r = vg_site_load_memory(buf, len, path, out, err);
	free(buf);
	return r;
}

/* Where the text s of length n first occurs in [p, e), or NULL. */
static const char *
find(const char *p, const char *e, const char *s)
{
	size_t	n = strlen(s);

	for (; (size_t)(e - p) >= n; p++)
		if (memcmp(p, s, n) == 0)
			return p;
	return NULL;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *
skip_space(const char *p, const char *e)
{
	while (p < e && is_space(*p))
		p++;
	return p;
}

static int
starts(const char *p, const char *e, const char *s)
{
	size_t	n = strlen(s);

	return (size_t)(e - p) >= n && memcmp(p, s, n) == 0;
}

/* Past a DOCTYPE, internal subset and all, or NULL. */
static const char *
skip_doctype(const char *p, const char *e)
{
	char	q;

	for (p += 9; p < e; p++) {
		if (*p == '>')
			return p + 1;
		if (*p == '[') {
			for (p++; p < e && *p != ']'; p++) {
				if (*p != '"' && *p != '\'')
					continue;
				q = *p++;
				while (p < e && *p != q)
					p++;
				if (p == e)
					return NULL;
			}
			if (p == e)
				return NULL;
		} else if (*p == '"' || *p == '\'') {
			q = *p++;
			while (p < e && *p != q)
				p++;
			if (p == e)
				return NULL;
		}
	}
	return NULL;
}

/* The root element's start tag: its name, after the '<'; NULL if none. */
static const char *
root_tag(const char *p, const char *e, size_t *nlen)
{
	const char	*name;

	if (starts(p, e, "\xef\xbb\xbf"))
		p += 3;
	for (;;) {
		p = skip_space(p, e);
		if (starts(p, e, "<?")) {
			if ((p = find(p, e, "?>")) == NULL)
				return NULL;
			p += 2;
		} else if (starts(p, e, "<!--")) {
			if ((p = find(p + 4, e, "-->")) == NULL)
				return NULL;
			p += 3;
		} else if (starts(p, e, "<!DOCTYPE")) {
			if ((p = skip_doctype(p, e)) == NULL)
				return NULL;
		} else
			break;
	}
	if (p == e || *p++ != '<')
		return NULL;
	name = p;
	while (p < e && !is_space(*p) && *p != '/' && *p != '>')
		p++;
	*nlen = (size_t)(p - name);
	return name;
}

/*
 * The local name of the root element of the XML document the bytes
 * start, without its prefix, NUL-terminated in buf; NULL if none is found.
 */
const char *
vg_xml_root(const char *buf, size_t len, char *out, size_t size)
{
	const char	*name, *colon;
	size_t		 nlen;

	if (buf == NULL || (name = root_tag(buf, buf + len, &nlen)) == NULL ||
	    nlen == 0)
		return NULL;
	if ((colon = memchr(name, ':', nlen)) != NULL) {
		nlen -= (size_t)(colon + 1 - name);
		name = colon + 1;
	}
	if (nlen >= size)
		return NULL;
	memcpy(out, name, nlen);
	out[nlen] = '\0';
	return out;
}

/* Whether the bytes start an XML document whose root is vigil's site. */
int
vg_site_is_site(const char *buf, size_t len)
{
	static const char	 ns[] = SITE_NS;
	const char		*p, *e = buf + len, *name, *colon, *an;
	const char		*v;
	size_t			 nlen, plen, alen;
	char			 q;

	if (buf == NULL || (name = root_tag(buf, e, &nlen)) == NULL)
		return 0;
	p = name + nlen;
	colon = memchr(name, ':', nlen);
	plen = colon != NULL ? (size_t)(colon - name) : 0;
	if (p == e || nlen - (colon != NULL ? plen + 1 : 0) != 4 ||
	    memcmp(name + nlen - 4, "site", 4) != 0)
		return 0;

	/* the attributes of the start tag, looking for the namespace */
	for (;;) {
		p = skip_space(p, e);
		if (p == e || *p == '>' || *p == '/')
			return 0;
		an = p;
		while (p < e && !is_space(*p) && *p != '=')
			p++;
		alen = (size_t)(p - an);
		p = skip_space(p, e);
		if (p == e || *p++ != '=')
			return 0;
		p = skip_space(p, e);
		if (p == e || (*p != '"' && *p != '\''))
			return 0;
		q = *p++;
		v = p;
		while (p < e && *p != q)
			p++;
		if (p == e)
			return 0;
		if ((size_t)(p - v) == sizeof(ns) - 1 &&
		    memcmp(v, ns, sizeof(ns) - 1) == 0) {
			if (colon == NULL && alen == 5 &&
			    memcmp(an, "xmlns", 5) == 0)
				return 1;
			if (colon != NULL && alen == 6 + plen &&
			    memcmp(an, "xmlns:", 6) == 0 &&
			    memcmp(an + 6, name, plen) == 0)
				return 1;
		}
		p++;
	}
}

/* A number as site.xml has it: as short as it can be and still exact. */
static void
put_num(xmlTextWriterPtr w, const char *name, double v)
{
	char	buf[40];

	snprintf(buf, sizeof(buf), "%.15g", v);
	xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST buf);
}

static void
put_attr(xmlTextWriterPtr w, const char *name, const char *v)
{
	if (v != NULL)
		xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
}

/*
 * Write a site description as site.xml, valid against site.xsd: zones,
 * places, gates and cameras with their vendor identifiers, and links, in
 * the order held.  Foreign attributes and elements are not written.  The
 * file must not exist; it is made with mode 0600.
 */
int
vg_site_write(const struct vg_site *site, const char *path,
    struct vg_error *err)
{
	xmlTextWriterPtr	 w;
	xmlBufferPtr		 buf;
	char			 c[64];
	size_t			 i, j, k;
	ssize_t			 n;
	int			 fd, rc = -1;

	if ((buf = xmlBufferCreate()) == NULL ||
	    (w = xmlNewTextWriterMemory(buf, 0)) == NULL) {
		xmlBufferFree(buf);
		vg_error_set(err, "'%s': out of memory", path);
		return -1;
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElementNS(w, NULL, BAD_CAST "site",
	    BAD_CAST "urn:vigil:site:1");
	put_attr(w, "id", site->id);
	put_attr(w, "name", site->name != NULL ? site->name : site->id);
	put_attr(w, "timezone", site->timezone);
	for (i = 0; i < site->nzones; i++) {
		xmlTextWriterStartElement(w, BAD_CAST "zone");
		put_attr(w, "id", site->zones[i].id);
		put_attr(w, "name", site->zones[i].name);
		snprintf(c, sizeof(c), "%d", site->zones[i].ring);
		put_attr(w, "ring", c);
		if (site->zones[i].hours != NULL)
			put_attr(w, "hours", site->zones[i].hours);
		xmlTextWriterEndElement(w);
	}
	for (i = 0; i < site->nplaces; i++) {
		const struct vg_place *p = &site->places[i];

		xmlTextWriterStartElement(w, BAD_CAST "place");
		put_attr(w, "id", p->id);
		put_attr(w, "name", p->name);
		put_attr(w, "zone", p->zone);
		put_attr(w, "kind", p->kind);
		put_num(w, "x", p->x);
		put_num(w, "y", p->y);
		xmlTextWriterEndElement(w);
	}
	for (i = 0; i < site->ndevices; i++) {
		const struct vg_device *d = &site->devices[i];

		xmlTextWriterStartElement(w, BAD_CAST (d->type == VG_GATE ?
		    "gate" : "camera"));
		put_attr(w, "id", d->id);
		put_attr(w, "name", d->name);
		put_attr(w, "zone", d->zone);
		put_num(w, "x", d->x);
		put_num(w, "y", d->y);
		if (d->type == VG_GATE) {
			put_attr(w, "kind", d->kind);
			c[0] = '\0';
			for (k = 0; k < sizeof(creds) / sizeof(creds[0]); k++)
				if (d->creds & creds[k].bit)
					snprintf(c + strlen(c), sizeof(c) -
					    strlen(c), "%s%s", c[0] != '\0' ?
					    " " : "", creds[k].name);
			if (c[0] != '\0')
				put_attr(w, "credentials", c);
		} else {
			put_attr(w, "place", d->place);
			put_attr(w, "gate", d->gate);
			if (!isnan(d->heading))
				put_num(w, "heading", d->heading);
			if (d->face)
				put_attr(w, "face", "true");
			put_attr(w, "recordings", d->recordings);
		}
		for (j = 0; j < d->nidents; j++) {
			xmlTextWriterStartElement(w, BAD_CAST "ident");
			put_attr(w, "vendor", d->idents[j].vendor);
			put_attr(w, "device", d->idents[j].device);
			put_attr(w, "channel", d->idents[j].channel);
			xmlTextWriterEndElement(w);
		}
		xmlTextWriterEndElement(w);
	}
	for (i = 0; i < site->nlinks; i++) {
		const struct vg_link *l = &site->links[i];

		xmlTextWriterStartElement(w, BAD_CAST "link");
		put_attr(w, "from", l->from);
		put_attr(w, "to", l->to);
		snprintf(c, sizeof(c), "%d", l->min);
		put_attr(w, "min", c);
		snprintf(c, sizeof(c), "%d", l->max);
		put_attr(w, "max", c);
		if (l->directed)
			put_attr(w, "directed", "true");
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
	if (xmlTextWriterEndDocument(w) < 0) {
		vg_error_set(err, "'%s': cannot write the site", path);
		goto out;
	}
	xmlFreeTextWriter(w);
	w = NULL;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		vg_error_set(err, "cannot create '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	n = write(fd, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
	if (n != xmlBufferLength(buf) || fsync(fd) == -1)
		vg_error_set(err, "'%s': %s", path, n == -1 || n ==
		    xmlBufferLength(buf) ? strerror(errno) : "short write");
	else
		rc = 0;
	close(fd);
out:
	if (w != NULL)
		xmlFreeTextWriter(w);
	xmlBufferFree(buf);
	return rc;
}
