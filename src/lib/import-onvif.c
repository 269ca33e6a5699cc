/* import-onvif.c: ONVIF metadata streams (sightings) and access-control events (gate events) */
#include "config.h"

#include "vigil-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#define NS_TT		"http://www.onvif.org/ver10/schema"
#define NS_WSNT		"http://docs.oasis-open.org/wsn/b-2"
#define NS_TOPICS	"http://www.onvif.org/ver10/topics"
#define NS_BODY		"http://www.onvif.org/ver20/analytics/humanbody"
#define NS_FACE		"http://www.onvif.org/ver20/analytics/humanface"

static const char *const tt_ns[] = { NS_TT, NULL };
static const char *const wsnt_ns[] = { NS_WSNT, NULL };
static const char *const body_ns[] = { NS_BODY, NULL };
static const char *const face_ns[] = { NS_FACE, NULL };
/* tt:Appearance holds tt:HumanFace and tt:HumanBody, of types of the fc:
 * and bd: schemas; some writers name the elements in those namespaces */
static const char *const appface_ns[] = { NS_TT, NS_FACE, NULL };
static const char *const appbody_ns[] = { NS_TT, NS_BODY, NULL };

/* One object followed across frames: a sighting when the file ends. */
struct otrack {
	char		*key;		/* source token, 0x1f, object id */
	const char	*id;		/* the object id, within key */
	int64_t		 camera;	/* device row id */
	int64_t		 first;		/* first frame, UTC us */
	int64_t		 last;		/* last frame */
	int		 kind;		/* enum vg_objkind, 0 unknown */
	double		 likelihood;	/* of the class, or NAN */
	char		*plate;		/* plate read, or NULL */
	int		 upper, lower;	/* colour index + 1, 0 unknown */
	const char	*gender;	/* "male", "female", or NULL */
	double		 box[4];	/* largest box: x, y, w, h, or NAN */
	int64_t		 line;		/* line of its first frame */
};

/* The tracks of a file, by key (open addressing, a power of two). */
struct otracks {
	struct otrack	*t;		/* slots; key NULL when empty */
	size_t		 n;		/* slots */
	size_t		 used;		/* tracks */
};

/* A frame's affine map to ONVIF's normalised [-1, 1] space. */
struct affine {
	double	sx, sy;			/* scale */
	double	tx, ty;			/* translation */
};

static struct otrack *
track_get(struct otracks *ts, const char *src, const char *id, int *isnew)
{
	struct otrack	*old;
	char		*key, kb[256];
	size_t		 i, j, on, ns, ni;

	if (2 * (ts->used + 1) > ts->n) {
		old = ts->t, on = ts->n;
		ts->n = on == 0 ? 256 : 2 * on;
		ts->t = xcalloc(ts->n, sizeof(*ts->t));
		for (i = 0; i < on; i++) {
			if (old[i].key == NULL)
				continue;
			for (j = vg_fnv(old[i].key, strlen(old[i].key)) & (ts->n - 1);
			    ts->t[j].key != NULL; j = (j + 1) & (ts->n - 1))
				;
			ts->t[j] = old[i];
		}
		free(old);
	}
	/* "source\x1fid" (XML holds no 0x1f), built without printf: an
	   object of every frame comes this way */
	ns = strlen(src), ni = strlen(id);
	key = ns + ni + 2 <= sizeof(kb) ? kb : xmalloc(ns + ni + 2);
	memcpy(key, src, ns);
	key[ns] = 0x1f;
	memcpy(key + ns + 1, id, ni + 1);
	for (i = vg_fnv(key, ns + ni + 1) & (ts->n - 1); ts->t[i].key != NULL;
	    i = (i + 1) & (ts->n - 1)) {
		if (strcmp(ts->t[i].key, key) == 0) {
			if (key != kb)
				free(key);
			*isnew = 0;
			return &ts->t[i];
		}
	}
	memset(&ts->t[i], 0, sizeof(ts->t[i]));
	ts->t[i].key = key == kb ? xstrdup(kb) : key;
	key = ts->t[i].key;
	ts->t[i].id = key + strlen(src) + 1;
	ts->t[i].likelihood = NAN;
	ts->t[i].box[0] = ts->t[i].box[1] = ts->t[i].box[2] =
	    ts->t[i].box[3] = NAN;
	ts->used++;
	*isnew = 1;
	return &ts->t[i];
}

static void
tracks_free(struct otracks *ts)
{
	size_t	i;

	for (i = 0; i < ts->n; i++) {
		free(ts->t[i].key);
		free(ts->t[i].plate);
	}
	free(ts->t);
	memset(ts, 0, sizeof(*ts));
}

/*
 * A decimal "-ddd.ddd" of at most 15 digits as strtod(3) reads it, or
 * NAN for any other form: its digits are a whole number below 2^53 and
 * its divisor a power of ten below 10^23, both exact as doubles, so
 * that their quotient, rounded once, is the nearest double to the
 * decimal, as strtod gives.  Boxes and vectors are written so, and
 * strtod, which must also read exponents, took a tenth of an import.
 */
static double
fast_decimal(const char *s)
{
	static const double	 p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
	    1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	uint64_t		 m = 0;
	int			 neg = 0, nd = 0, nf = 0, dot = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; (*s >= '0' && *s <= '9') || (*s == '.' && !dot); s++) {
		if (*s == '.') {
			dot = 1;
			continue;
		}
		if (++nd > 15)
			return NAN;
		m = m * 10 + (uint64_t)(*s - '0');
		nf += dot;
	}
	if (*s != '\0' || nd == 0)
		return NAN;
	return (neg ? -(double)m : (double)m) / p10[nf];
}

/* An attribute as a number; NAN if absent or not one. */
static double
attr_num(const xmlNode *n, const char *name)
{
	xmlAttr	*a;
	xmlChar	*s;
	char	*end;
	double	 d;

	if (n == NULL || (a = xmlHasProp(n, (const xmlChar *)name)) == NULL)
		return NAN;
	/* the value as the parser left it, when it is one text: no copy */
	if (a->type == XML_ATTRIBUTE_NODE && a->children != NULL &&
	    a->children->type == XML_TEXT_NODE && a->children->next == NULL &&
	    a->children->content != NULL &&
	    !isnan(d = fast_decimal((const char *)a->children->content)))
		return d;
	if ((s = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return NAN;
	d = strtod((const char *)s, &end);
	if (end == (char *)s || *end != '\0' || !isfinite(d))
		d = NAN;
	xmlFree(s);
	return d;
}

/* A child element in a namespace. */
static xmlNode *
child(const xmlNode *n, const char *name, const char *const *ns)
{
	xmlNode	*c;

	for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (vg_xml_is(c, name, ns))
			return c;
	return NULL;
}

/* The map of a tt:Transformation: Translate and Scale (x' = s x + t). */
static struct affine
transformation(const xmlNode *tr)
{
	struct affine	 a = { 1, 1, 0, 0 };
	xmlNode		*t, *s;
	double		 d;

	if (tr == NULL)
		return a;
	if ((t = child(tr, "Translate", tt_ns)) != NULL) {
		if (!isnan(d = attr_num(t, "x")))
			a.tx = d;
		if (!isnan(d = attr_num(t, "y")))
			a.ty = d;
	}
	if ((s = child(tr, "Scale", tt_ns)) != NULL) {
		if (!isnan(d = attr_num(s, "x")))
			a.sx = d;
		if (!isnan(d = attr_num(s, "y")))
			a.sy = d;
	}
	return a;
}

/* f after g: first the object's map, then the frame's. */
static struct affine
compose(struct affine f, struct affine g)
{
	struct affine	a;

	a.sx = f.sx * g.sx;
	a.sy = f.sy * g.sy;
	a.tx = f.sx * g.tx + f.tx;
	a.ty = f.sy * g.ty + f.ty;
	return a;
}

static double
clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/*
 * A tt:Rectangle mapped to [-1, 1] (y up), then to vigil's box: fractions
 * of the frame from its top left corner.
 */
static int
box(const xmlNode *bb, struct affine a, double *out)
{
	double	l, r, t, b, x1, x2, y1, y2;

	l = attr_num(bb, "left"), r = attr_num(bb, "right");
	t = attr_num(bb, "top"), b = attr_num(bb, "bottom");
	if (isnan(l) || isnan(r) || isnan(t) || isnan(b))
		return -1;
	x1 = clamp01((a.sx * l + a.tx + 1) / 2);
	x2 = clamp01((a.sx * r + a.tx + 1) / 2);
	y1 = clamp01((1 - (a.sy * t + a.ty)) / 2);
	y2 = clamp01((1 - (a.sy * b + a.ty)) / 2);
	out[0] = fmin(x1, x2);
	out[1] = fmin(y1, y2);
	out[2] = fabs(x2 - x1);
	out[3] = fabs(y2 - y1);
	return 0;
}

/*
 * The heaviest colour of a tt:ColorDescriptor as one of vigil's names
 * (index + 1), from RGB or YCbCr (the frame's default); 0 if none.
 */
static int
colour(const xmlNode *cd, int rgb_default)
{
	const xmlNode	*cl, *best = NULL;
	xmlChar		*space;
	double		 w, bw = -1, x, y, z, r, g, b, mx, mn, h, s, v;
	char		 wb[32];
	int		 rgb = rgb_default;

	for (cl = cd != NULL ? cd->children : NULL; cl != NULL; cl = cl->next) {
		if (!vg_xml_is(cl, "ColorCluster", tt_ns))
			continue;
		w = vg_xml_text(cl, "Weight", wb, sizeof(wb)) != NULL ?
		    strtod(wb, NULL) : 0;
		if (w > bw)
			bw = w, best = child(cl, "Color", tt_ns);
	}
	if (best == NULL)
		return 0;
	x = attr_num(best, "X"), y = attr_num(best, "Y"),
	z = attr_num(best, "Z");
	if (isnan(x) || isnan(y) || isnan(z))
		return 0;
	if ((space = xmlGetProp(best, (const xmlChar *)"Colorspace")) != NULL) {
		rgb = strstr((const char *)space, "RGB") != NULL;
		xmlFree(space);
	}
	if (rgb)
		r = x, g = y, b = z;
	else {
		r = x + 1.402 * (z - 128);
		g = x - 0.344136 * (y - 128) - 0.714136 * (z - 128);
		b = x + 1.772 * (y - 128);
	}
	r = clamp01(r / 255), g = clamp01(g / 255), b = clamp01(b / 255);
	mx = fmax(r, fmax(g, b)), mn = fmin(r, fmin(g, b));
	v = mx;
	s = mx > 0 ? (mx - mn) / mx : 0;
	if (v < 0.2)
		return 1;				/* black */
	if (s < 0.2)
		return v > 0.8 ? 2 : 3;			/* white, grey */
	if (mx == r)
		h = fmod(60 * (g - b) / (mx - mn) + 360, 360);
	else if (mx == g)
		h = 60 * (b - r) / (mx - mn) + 120;
	else
		h = 60 * (r - g) / (mx - mn) + 240;
	if (h < 15 || h >= 345)
		return 4;				/* red */
	if (h < 40)
		return v < 0.6 ? 10 : 5;		/* brown, orange */
	if (h < 70)
		return 6;				/* yellow */
	if (h < 170)
		return 7;				/* green */
	if (h < 260)
		return 8;				/* blue */
	if (h < 300)
		return 9;				/* purple */
	return 11;					/* pink */
}

/* The likeliest class of an Appearance/Class: its name and likelihood. */
static const char *
class_of(const xmlNode *cls, char *buf, size_t size, double *like)
{
	const xmlNode	*c;
	char		 tb[64];
	double		 l;
	int		 found = 0;

	*like = NAN;
	for (c = cls != NULL ? cls->children : NULL; c != NULL; c = c->next) {
		if (vg_xml_is(c, "Type", tt_ns)) {
			l = attr_num(c, "Likelihood");
			if (vg_xml_text(c, NULL, tb, sizeof(tb)) == NULL)
				continue;
		} else if (vg_xml_is(c, "ClassCandidate", tt_ns)) {
			if (vg_xml_text(c, "Type", tb, sizeof(tb)) == NULL)
				continue;
			l = vg_xml_text(c, "Likelihood", buf, size) != NULL ?
			    strtod(buf, NULL) : NAN;
		} else
			continue;
		if (!found || (!isnan(l) && (isnan(*like) || l > *like))) {
			snprintf(buf, size, "%s", tb);
			*like = l;
			found = 1;
		}
	}
	return found ? buf : NULL;
}

static int
kind_of(const char *cls)
{
	static const char *const vehicles[] = {
		"Vehicle", "Car", "Bus", "Truck", "Bike", "Bicycle",
		"Motorcycle", "Motorbike", "Van", NULL
	};
	size_t	i;

	if (cls == NULL)
		return 0;
	if (strcmp(cls, "Human") == 0 || strcmp(cls, "Person") == 0)
		return VG_OBJ_PERSON;
	if (strcmp(cls, "Face") == 0 || strcmp(cls, "HumanFace") == 0)
		return VG_OBJ_FACE;
	for (i = 0; vehicles[i] != NULL; i++)
		if (strcmp(cls, vehicles[i]) == 0)
			return VG_OBJ_VEHICLE;
	return 0;
}

/* One tt:Object of a frame, folded into its track. */
static void
object(struct vg_vendor *v, struct otracks *ts, const xmlNode *o,
    const char *src, int64_t cam, int64_t t, uint64_t line,
    long line0, struct affine fa, int rgb)
{
	struct otrack	*tr;
	xmlNode		*ap, *sh, *bb, *lp, *hb, *cl, *hf;
	xmlChar		*id;
	char		 cb[64], pb[64], gb[16];
	const char	*cls, *plate;
	double		 like, bx[4];
	int		 isnew, c;

	static const char *const once_o[] = { "Appearance", NULL };
	static const char *const once_ap[] = {
		"Shape", "Class", "LicensePlateInfo", NULL
	};
	static const char *const once_sh[] = { "BoundingBox", NULL };
	static const char *const once_lp[] = { "PlateNumber", NULL };

	if ((id = xmlGetProp(o, (const xmlChar *)"ObjectId")) == NULL &&
	    (id = xmlGetProp(o, (const xmlChar *)"UUID")) == NULL) {
		vg_import_reject(v->im, line, "an Object without ObjectId");
		return;
	}
	ap = child(o, "Appearance", tt_ns);
	if (vg_xml_once(v, line, line0, o, once_o) ||
	    vg_xml_once(v, line, line0, ap, once_ap) ||
	    vg_xml_once(v, line, line0, child(ap, "Shape", tt_ns), once_sh) ||
	    vg_xml_once(v, line, line0, child(ap, "LicensePlateInfo", tt_ns),
	    once_lp)) {
		xmlFree(id);
		return;
	}
	cls = class_of(child(ap, "Class", tt_ns), cb, sizeof(cb), &like);
	lp = child(ap, "LicensePlateInfo", tt_ns);
	plate = vg_xml_text(lp, "PlateNumber", pb, sizeof(pb));
	if (cls != NULL && strcmp(cls, "LicensePlate") == 0) {
		/* a plate belongs to its parent vehicle's track */
		xmlChar	*parent = xmlGetProp(o, (const xmlChar *)"Parent");

		if (parent != NULL) {
			xmlFree(id);
			id = parent;
			cls = NULL;
		}
	}
	tr = track_get(ts, src, (const char *)id, &isnew);
	xmlFree(id);
	if (isnew) {
		tr->camera = cam;
		tr->first = tr->last = t;
		tr->line = (int64_t)line;
	}
	if (t < tr->first)
		tr->first = t;
	if (t > tr->last)
		tr->last = t;
	if (kind_of(cls) != 0 && (tr->kind == 0 || isnan(tr->likelihood) ||
	    (!isnan(like) && like >= tr->likelihood))) {
		tr->kind = kind_of(cls);
		tr->likelihood = like;
	}
	if (plate != NULL && vg_utf8_valid(plate, strlen(plate))) {
		free(tr->plate);
		tr->plate = xstrdup(plate);
	}
	if ((sh = child(ap, "Shape", tt_ns)) != NULL &&
	    (bb = child(sh, "BoundingBox", tt_ns)) != NULL &&
	    box(bb, compose(fa, transformation(child(ap, "Transformation",
	    tt_ns))), bx) == 0 && (isnan(tr->box[2]) ||
	    bx[2] * bx[3] > tr->box[2] * tr->box[3]))
		memcpy(tr->box, bx, sizeof(bx));
	for (hb = ap != NULL ? ap->children : NULL; hb != NULL; hb = hb->next) {
		if (!vg_xml_is(hb, "HumanBody", appbody_ns) ||
		    (cl = child(hb, "Clothing", body_ns)) == NULL)
			continue;
		if ((c = colour(child(child(cl, "Tops", body_ns), "Color",
		    body_ns), rgb)) != 0)
			tr->upper = c;
		if ((c = colour(child(child(cl, "Bottoms", body_ns), "Color",
		    body_ns), rgb)) != 0)
			tr->lower = c;
	}
	for (hf = ap != NULL ? ap->children : NULL; hf != NULL; hf = hf->next)
		if (vg_xml_is(hf, "HumanFace", appface_ns) &&
		    vg_xml_text(child(hf, "Gender", face_ns), NULL, gb,
		    sizeof(gb)) != NULL)
			tr->gender = strcmp(gb, "Male") == 0 ? "male" :
			    strcmp(gb, "Female") == 0 ? "female" : tr->gender;
}

/* Parse an ONVIF xs:dateTime: with no zone, it is UTC (cameras drop the Z). */
static int
utc_time(struct vg_vendor *v, uint64_t line, const char *what,
    const char *s, int64_t *t)
{
	struct vg_tz	*tz = v->tz;
	int		 rc;

	v->tz = NULL;		/* vg_vendor_time reads NULL as UTC */
	rc = vg_vendor_time(v, line, what, s, t);
	v->tz = tz;
	return rc;
}

/*
 * The tt:Frame being read.  Its children are taken one at a time from the
 * reader (a frame of many objects is not expanded whole): its time and
 * camera are read at its first tt:Object, so that a frame with nothing
 * seen asks nothing of them.
 */
struct oframe {
	int		 depth;		/* the Frame's depth, -1 outside one */
	uint64_t	 line;		/* its line */
	long		 line0;		/* lines of the file before its
					   document */
	xmlChar		*when;		/* UtcTime */
	xmlChar		*src;		/* Source, or NULL */
	int		 rgb;		/* Colorspace is RGB */
	struct affine	 fa;		/* its Transformation */
	int		 state;		/* 0 time and camera not read yet,
					   1 read, -1 refused */
	int64_t		 t;		/* UtcTime, UTC us */
	int64_t		 cam;		/* camera row id */
};

static void
frame_close(struct oframe *f)
{
	xmlFree(f->when);
	xmlFree(f->src);
	memset(f, 0, sizeof(*f));
	f->depth = -1;
}

/* A tt:Frame's start: 1 when its children are to be read, 0 to skip it. */
static int
frame_open(struct vg_vendor *v, struct vg_xml *x, struct oframe *f,
    int depth)
{
	xmlChar	*space;

	frame_close(f);
	f->line = (uint64_t)vg_xml_line(x);
	f->line0 = x->line0;
	if ((f->when = xmlTextReaderGetAttribute(x->r,
	    (const xmlChar *)"UtcTime")) == NULL) {
		vg_import_reject(v->im, f->line, "a Frame without UtcTime");
		frame_close(f);
		return 0;
	}
	if (xmlTextReaderIsEmptyElement(x->r) == 1) {
		frame_close(f);		/* nothing seen */
		return 0;
	}
	f->src = xmlTextReaderGetAttribute(x->r, (const xmlChar *)"Source");
	if ((space = xmlTextReaderGetAttribute(x->r,
	    (const xmlChar *)"Colorspace")) != NULL) {
		f->rgb = strcmp((const char *)space, "RGB") == 0;
		xmlFree(space);
	}
	f->fa = transformation(NULL);
	f->depth = depth;
	return 1;
}

/* A child of the frame, expanded alone: its Transformation or an Object. */
static void
frame_child(struct vg_vendor *v, struct otracks *ts, struct oframe *f,
    const xmlNode *n)
{
	const char	*src = f->src != NULL ? (const char *)f->src : "";

	if (vg_xml_is(n, "Transformation", tt_ns)) {
		f->fa = transformation(n);
		return;
	}
	if (!vg_xml_is(n, "Object", tt_ns))
		return;
	if (f->state == 0)
		f->state = utc_time(v, f->line, "UtcTime",
		    (const char *)f->when, &f->t) == -1 ||
		    (f->cam = vg_vendor_device(v, f->line, "onvif", NULL,
		    (const char *)f->src, VG_CAMERA)) == -1 ? -1 : 1;
	if (f->state == 1)
		object(v, ts, n, src, f->cam, f->t, f->line, f->line0, f->fa,
		    f->rgb);
}

/* Every track of the file, as sightings. */
static int
flush(struct vg_vendor *v, struct otracks *ts, struct vg_error *err)
{
	struct vg_sighting_rec	 s;
	char			 attrs[128];
	size_t			 i, n;
	int64_t			 dup;
	int			 r;

	for (i = 0; i < ts->n; i++) {
		struct otrack *tr = &ts->t[i];

		if (tr->key == NULL)
			continue;
		memset(&s, 0, sizeof(s));
		s.camera = tr->camera;
		s.track.s = tr->id;
		s.track.len = strlen(tr->id);
		s.first = tr->first;
		s.last = tr->last;
		s.kind = tr->kind;
		s.score = NAN;
		s.plate.s = tr->plate;
		s.plate.len = tr->plate != NULL ? strlen(tr->plate) : 0;
		s.upper = tr->upper;
		s.lower = tr->lower;
		memcpy(s.box, tr->box, sizeof(s.box));
		n = 0;
		attrs[0] = '\0';
		if (tr->gender != NULL)
			n += (size_t)snprintf(attrs, sizeof(attrs), "gender=%s",
			    tr->gender);
		if (!isnan(tr->likelihood) && n < sizeof(attrs))
			snprintf(attrs + n, sizeof(attrs) - n,
			    "%slikelihood=%.2f", n > 0 ? ";" : "",
			    tr->likelihood);
		s.attrs.s = attrs;
		s.attrs.len = strlen(attrs);
		s.line = tr->line;
		if ((r = vg_vendor_sighting(v, &s, &dup, err)) == -1)
			return -1;
		if (r == 1)
			vg_import_reject(v->im, (uint64_t)tr->line, "object"
			    " '%s' of another source on the same camera (first"
			    " on line %lld)", tr->id, (long long)dup);
	}
	return 0;
}

/* A SimpleItem's Value by its Name, under Source or Data of a tt:Message. */
static const char *
item(const xmlNode *msg, const char *part, const char *name, char *buf,
    size_t size)
{
	xmlNode	*c;
	xmlChar	*n, *val;
	int	 hit;

	for (c = child(child(msg, part, tt_ns), "SimpleItem", tt_ns);
	    c != NULL; c = c->next) {
		if (!vg_xml_is(c, "SimpleItem", tt_ns))
			continue;
		n = xmlGetProp(c, (const xmlChar *)"Name");
		hit = n != NULL && strcmp((const char *)n, name) == 0;
		xmlFree(n);
		if (!hit || (val = xmlGetProp(c, (const xmlChar *)"Value")) ==
		    NULL)
			continue;
		snprintf(buf, size, "%s", (const char *)val);
		xmlFree(val);
		return *buf != '\0' ? buf : NULL;
	}
	return NULL;
}

/*
 * Whether each SimpleItem under Source and Data of a tt:Message names a
 * different value: 0 if so, else 1, the message refused with the lines
 * of the first two of a Name (line0 and their lines in the document).
 */
static int
items_once(struct vg_vendor *v, uint64_t line, long line0, const xmlNode *msg)
{
	static const char *const parts[] = { "Source", "Data", "Key", NULL };
	const char *const	*part;
	xmlNode			*c, *d;
	xmlChar			*a, *b;
	int			 same;

	for (part = parts; *part != NULL; part++)
		for (c = child(child(msg, *part, tt_ns), "SimpleItem", tt_ns);
		    c != NULL; c = c->next) {
			if (!vg_xml_is(c, "SimpleItem", tt_ns) || (a =
			    xmlGetProp(c, (const xmlChar *)"Name")) == NULL)
				continue;
			for (d = c->next, same = 0; d != NULL; d = d->next) {
				if (!vg_xml_is(d, "SimpleItem", tt_ns) ||
				    (b = xmlGetProp(d, (const xmlChar *)
				    "Name")) == NULL)
					continue;
				same = strcmp((const char *)a,
				    (const char *)b) == 0;
				xmlFree(b);
				if (same)
					break;
			}
			if (same) {
				vg_import_reject(v->im, line, "SimpleItem"
				    " '%s' given twice in %s (lines %ld and"
				    " %ld): which is meant cannot be told",
				    (const char *)a, *part, line0 +
				    xmlGetLineNo(c), line0 + xmlGetLineNo(d));
				xmlFree(a);
				return 1;
			}
			xmlFree(a);
		}
	return 0;
}

/*
 * One wsnt:NotificationMessage: an access-control topic in ONVIF's topic
 * namespace (its prefix resolved where it is written) becomes a gate
 * event; other topics are other events.
 */
static int
notification(struct vg_vendor *v, const struct vg_xml *x, const xmlNode *nm,
    struct vg_error *err)
{
	static const char *const once_nm[] = { "Topic", "Message", NULL };
	struct vg_gate_rec	 g;
	xmlNode			*topic, *msg;
	xmlNs			*ns;
	xmlChar			*text, *when;
	char			*p, *colon, ap[128], card[128], idt[64];
	char			 holder[256], pid[256];
	const char		*path;
	uint64_t		 line = (uint64_t)vg_xml_lineof(x, nm);
	int			 rc = 0;

	if (vg_xml_once(v, line, x->line0, nm, once_nm))
		return 0;
	if ((topic = child(nm, "Topic", wsnt_ns)) == NULL ||
	    (text = xmlNodeGetContent(topic)) == NULL) {
		vg_import_reject(v->im, line, "a NotificationMessage without"
		    " Topic");
		return 0;
	}
	for (p = (char *)text; *p == ' ' || *p == '\n' || *p == '\t'; p++)
		;
	p[strcspn(p, " \t\r\n")] = '\0';
	if ((colon = strchr(p, ':')) == NULL) {
		v->im->nother++;
		goto out;
	}
	*colon = '\0';
	path = colon + 1;
	if ((ns = xmlSearchNs(topic->doc, topic, (const xmlChar *)p)) ==
	    NULL) {
		vg_import_reject(v->im, line, "topic prefix '%s' is not"
		    " declared", p);
		goto out;
	}
	if (strcmp((const char *)ns->href, NS_TOPICS) != 0 ||
	    strncmp(path, "AccessControl/", 14) != 0) {
		v->im->nother++;
		goto out;
	}
	memset(&g, 0, sizeof(g));
	g.line = (int64_t)line;
	g.score = NAN;
	path += 14;
	if (strncmp(path, "AccessGranted", 13) == 0)
		g.result = VG_RES_GRANTED;
	else if (strncmp(path, "Denied", 6) == 0)
		g.result = VG_RES_DENIED;
	else if (strncmp(path, "Duress", 6) == 0)
		g.result = VG_RES_ALARM;
	else {
		v->im->nother++;	/* requests, AccessTaken, ... */
		goto out;
	}
	msg = child(child(nm, "Message", wsnt_ns), "Message", tt_ns);
	if (items_once(v, line, x->line0, msg))
		goto out;
	if (msg == NULL || (when = xmlGetProp(msg, (const xmlChar *)"UtcTime"))
	    == NULL) {
		vg_import_reject(v->im, line, "an access event without"
		    " tt:Message/@UtcTime");
		goto out;
	}
	rc = utc_time(v, line, "UtcTime", (const char *)when, &g.t);
	xmlFree(when);
	if (rc == -1) {
		rc = 0;
		goto out;
	}
	if ((g.gate = vg_vendor_device(v, line, "onvif", NULL, item(msg,
	    "Source", "AccessPointToken", ap, sizeof(ap)), VG_GATE)) == -1)
		goto out;
	if (item(msg, "Data", "Card", card, sizeof(card)) != NULL ||
	    item(msg, "Data", "IdentifierValue", card, sizeof(card)) != NULL ||
	    item(msg, "Data", "CredentialToken", card, sizeof(card)) != NULL) {
		g.card.s = card;
		g.card.len = strlen(card);
		g.credential = VG_CR_BADGE;
	}
	/* ONVIF names the holder, not a roster id: the roster's id if one
	 * person has that name, else the name as given */
	if (item(msg, "Data", "CredentialHolderName", holder,
	    sizeof(holder)) != NULL) {
		if (!vg_ar_person_named(v->ar, holder, pid, sizeof(pid)))
			snprintf(pid, sizeof(pid), "%s", holder);
		g.person.s = pid;
		g.person.len = strlen(pid);
	}
	if (item(msg, "Data", "IdentifierType", idt, sizeof(idt)) != NULL) {
		colon = strchr(idt, ':');
		colon = colon != NULL ? colon + 1 : idt;
		g.credential = strcmp(colon, "PIN") == 0 ? VG_CR_PIN :
		    strcmp(colon, "Fingerprint") == 0 ? VG_CR_FINGER :
		    strcmp(colon, "Face") == 0 ? VG_CR_FACE :
		    strcmp(colon, "LicensePlate") == 0 ? VG_CR_PLATE :
		    g.credential;
	}
	rc = vg_vendor_gate(v, &g, err);
out:
	xmlFree(text);
	return rc;
}

/* Whether the root is one ONVIF writes metadata or notifications under. */
static int
onvif_root(const xmlNode *n)
{
	static const char *const soap_ns[] = {
		"http://www.w3.org/2003/05/soap-envelope",
		"http://schemas.xmlsoap.org/soap/envelope/", NULL
	};
	static const char *const events_ns[] = {
		"http://www.onvif.org/ver10/events/wsdl", NULL
	};

	return vg_xml_is(n, "MetadataStream", tt_ns) ||
	    vg_xml_is(n, "Envelope", soap_ns) ||
	    vg_xml_is(n, "Notify", wsnt_ns) ||
	    vg_xml_is(n, "PullMessagesResponse", events_ns);
}

int
vg_import_onvif(struct vg_vendor *v, struct vg_error *err)
{
	struct vg_xml	 x;
	struct otracks	 ts;
	struct oframe	 f;
	xmlNode		*n;
	const char	*name, *uri;
	int		 r = 0, rc = -1, moved = 0, depth, inframe;

	memset(&ts, 0, sizeof(ts));
	memset(&f, 0, sizeof(f));
	frame_close(&f);
	if (vg_xml_open(&x, v, err) == -1)
		return -1;
	for (;;) {
		if (!moved && (r = vg_xml_read(&x, err)) != 1)
			break;
		moved = 0;
		if (xmlTextReaderNodeType(x.r) != XML_READER_TYPE_ELEMENT)
			continue;
		depth = xmlTextReaderDepth(x.r);
		name = (const char *)xmlTextReaderConstLocalName(x.r);
		uri = (const char *)xmlTextReaderConstNamespaceUri(x.r);
		if (f.depth >= 0 && depth <= f.depth)
			frame_close(&f);	/* past the frame's end */
		if (depth == 0) {
			n = xmlTextReaderCurrentNode(x.r);
			if (!onvif_root(n)) {
				vg_error_set(err, "'%s', line %ld: %s in"
				    " namespace '%s' is not an ONVIF metadata"
				    " stream or notification", v->im->path,
				    vg_xml_line(&x), name, uri != NULL ? uri :
				    "");
				goto out;
			}
			continue;
		}
		inframe = f.depth >= 0 && depth == f.depth + 1;
		if (!inframe && uri != NULL && strcmp(uri, NS_TT) == 0 &&
		    strcmp(name, "Frame") == 0) {
			if (frame_open(v, &x, &f, depth))
				continue;	/* its children, one by one */
		} else if (inframe || (uri != NULL && strcmp(uri, NS_WSNT) ==
		    0 && strcmp(name, "NotificationMessage") == 0)) {
			if ((n = xmlTextReaderExpand(x.r)) == NULL) {
				vg_xml_fail(&x, err);
				goto out;
			}
			if (inframe)
				frame_child(v, &ts, &f, n);
			else if (notification(v, &x, n, err) == -1)
				goto out;
		} else
			continue;
		if ((r = xmlTextReaderNext(x.r)) == 1)
			moved = 1;
		else if (r == 0 && x.msg == NULL)
			continue;	/* the end of a document: the next */
		else {
			vg_xml_fail(&x, err);
			goto out;
		}
	}
	if (r == 0)
		rc = flush(v, &ts, err);
out:
	frame_close(&f);
	tracks_free(&ts);
	vg_xml_close(&x);
	return rc;
}
