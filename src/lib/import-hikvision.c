/* import-hikvision.c: Hikvision ISAPI EventNotificationAlert XML and AcsEvent JSON */
#include "config.h"

#include "vigil-int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/xmlreader.h>

/* The namespaces Hikvision writes its alerts in; "" is none. */
static const char *const hik_ns[] = {
	"http://www.hikvision.com/ver20/XMLSchema",
	"http://www.hikvision.com/ver10/XMLSchema",
	"http://www.isapi.org/ver20/XMLSchema",
	"http://www.isapi.org/ver10/XMLSchema",
	"http://www.std-cgi.com/ver20/XMLSchema",
	"http://www.std-cgi.com/ver10/XMLSchema",
	"urn:psialliance-org",
	"",
	NULL
};

#define WHERE(v)	((v)->where != NULL ? (v)->where : "")
#define PART_MAX	(16 * 1024 * 1024)	/* longest JSON part, bytes */

/* An access-control record, from XML or JSON. */
struct acs {
	long		 major;		/* major type: 5 is an event */
	long		 minor;		/* minor type, or -1 */
	const char	*card;		/* cardNo, or NULL */
	const char	*person;	/* employeeNoString, or NULL */
	const char	*verify;	/* currentVerifyMode, or NULL */
	const char	*attendance;	/* attendanceStatus, or NULL */
	const char	*serial;	/* serialNo, the device's number of the
					   record, or NULL */
};

static void
set(struct vg_str *s, const char *v)
{
	s->s = v;
	s->len = v != NULL ? strlen(v) : 0;
}

static long
num(const char *s)
{
	char	*end;
	long	 v;

	if (s == NULL)
		return -1;
	v = strtol(s, &end, 10);
	return end != s && *end == '\0' ? v : -1;
}

/*
 * An access-control record as a gate event.  Minor codes of major 5 (an
 * event) are those of Hikvision's SDK: card 0x01-0x09, fingerprint
 * 0x26-0x27, face 0x4b-0x4c, passes granted and failures denied.  A
 * record of another major type that still names a card or a person is a
 * credential shown, its result unknown; one that names neither is not a
 * passage.
 */
static int
acs_gate(struct vg_vendor *v, uint64_t line, const struct acs *a,
    int64_t gate, int64_t t, struct vg_error *err)
{
	static const struct {
		long	lo, hi;		/* minor codes */
		int	credential;	/* enum vg_credential */
		int	result;		/* enum vg_result */
	} minors[] = {
		{ 0x01, 0x02, VG_CR_BADGE, VG_RES_GRANTED },
		{ 0x03, 0x09, VG_CR_BADGE, VG_RES_DENIED },
		{ 0x26, 0x26, VG_CR_FINGER, VG_RES_GRANTED },
		{ 0x27, 0x27, VG_CR_FINGER, VG_RES_DENIED },
		{ 0x4b, 0x4b, VG_CR_FACE, VG_RES_GRANTED },
		{ 0x4c, 0x4c, VG_CR_FACE, VG_RES_DENIED },
	};
	struct vg_gate_rec	g;
	size_t			i;

	memset(&g, 0, sizeof(g));
	g.line = (int64_t)line;
	g.gate = gate;
	g.t = t;
	g.score = NAN;
	set(&g.card, a->card);
	set(&g.person, a->person);
	set(&g.evno, a->serial);
	for (i = 0; a->major == 5 && i < sizeof(minors) / sizeof(minors[0]);
	    i++) {
		if (a->minor >= minors[i].lo && a->minor <= minors[i].hi) {
			g.credential = minors[i].credential;
			g.result = minors[i].result;
		}
	}
	if (g.result == 0 && g.card.len == 0 && g.person.len == 0) {
		v->im->nother++;
		return 0;
	}
	if (g.credential == VG_CR_NONE && g.card.len > 0)
		g.credential = VG_CR_BADGE;
	if (a->attendance != NULL)
		g.direction = strcmp(a->attendance, "checkIn") == 0 ?
		    VG_DIR_IN : strcmp(a->attendance, "checkOut") == 0 ?
		    VG_DIR_OUT : VG_DIR_UNKNOWN;
	return vg_vendor_gate(v, &g, err);
}

/* A number of a child element in [0, 1] (or 0..1000, scaled); NAN if none. */
static double
unit(const struct vg_xel *n, const char *name)
{
	char	 b[64], *end;
	double	 d;

	if (vg_xel_text(n, name, b, sizeof(b)) == NULL)
		return NAN;
	d = strtod(b, &end);
	if (*end != '\0' || !isfinite(d) || d < 0)
		return NAN;
	if (d > 1)
		d /= 1000;
	return d <= 1 ? d : NAN;
}

/* A descendant element by local name, depth first. */
static struct vg_xel *
find(struct vg_xel *n, const char *name)
{
	struct vg_xel	*c, *f;

	for (c = n != NULL ? n->child : NULL; c != NULL; c = c->next) {
		if (c->name == NULL)
			continue;
		if (c->name[0] == name[0] && strcmp(c->name, name) == 0)
			return c;
		if ((f = find(c, name)) != NULL)
			return f;
	}
	return NULL;
}

/* An analytics alert (intrusion, line crossing, face capture) as a sighting. */
static int
alert_sighting(struct vg_vendor *v, uint64_t line, struct vg_xel *root,
    const char *type, int64_t cam, int64_t t, struct vg_error *err)
{
	struct vg_sighting_rec	 s;
	struct vg_xel			*rect;
	char			 track[128], b[64], attrs[80];
	const char		*target, *id;
	int64_t			 dup;
	int			 r;

	memset(&s, 0, sizeof(s));
	s.line = (int64_t)line;
	s.camera = cam;
	s.first = s.last = t;
	s.score = NAN;
	if ((id = vg_xel_text(find(root, "face"), "faceId", b, sizeof(b))) ==
	    NULL)
		id = vg_xel_text(root, "activePostCount", b, sizeof(b));
	snprintf(track, sizeof(track), "%s:%s", type, id != NULL ? id : "1");
	set(&s.track, track);
	if (strcasecmp(type, "faceCapture") == 0 ||
	    strcasecmp(type, "faceSnap") == 0) {
		s.kind = VG_OBJ_FACE;
		rect = find(root, "faceRect");
		if (vg_xel_text(find(root, "gender"), "value", b, sizeof(b)) !=
		    NULL && (strcmp(b, "male") == 0 ||
		    strcmp(b, "female") == 0)) {
			snprintf(attrs, sizeof(attrs), "gender=%s", b);
			set(&s.attrs, attrs);
		}
	} else {
		/* older firmware writes detectionTarget in the region entry,
		 * newer a targetType under DetectionTargetList */
		if ((target = vg_xel_text(find(root, "DetectionRegionEntry"),
		    "detectionTarget", b, sizeof(b))) == NULL)
			target = vg_xel_text(find(root, "targetType"), NULL, b,
			    sizeof(b));
		s.kind = target == NULL ? 0 : strcmp(target, "human") == 0 ?
		    VG_OBJ_PERSON : strcmp(target, "vehicle") == 0 ?
		    VG_OBJ_VEHICLE : 0;
		rect = find(root, "TargetRect");
	}
	s.box[0] = unit(rect, rect != NULL && vg_xel_child(rect, "X") ?
	    "X" : "x");
	s.box[1] = unit(rect, rect != NULL && vg_xel_child(rect, "Y") ?
	    "Y" : "y");
	s.box[2] = unit(rect, "width");
	s.box[3] = unit(rect, "height");
	if ((r = vg_vendor_sighting(v, &s, &dup, err)) == -1)
		return -1;
	if (r == 1)
		vg_import_reject(v->im, line, "duplicate track '%s' (first on"
		    " line %lld)", track, (long long)dup);
	return 0;
}

/*
 * A track named by a prefix and a line, "ANPR:1234", in b of size bytes:
 * snprintf's "%s%llu" without its cost, 1% of a large capture's import.
 */
static void
ltrack(char *b, size_t size, const char *prefix, uint64_t line)
{
	char	d[24], *p = d + sizeof(d);
	size_t	n = strlen(prefix), k;

	do
		*--p = (char)('0' + line % 10);
	while ((line /= 10) > 0);
	k = (size_t)(d + sizeof(d) - p);
	if (n + k >= size) {
		snprintf(b, size, "%s%.*s", prefix, (int)k, p);
		return;
	}
	memcpy(b, prefix, n);
	memcpy(b + n, p, k);
	b[n + k] = '\0';
}

/* A plate read: a gate event at a gate, a vehicle sighting at a camera. */
static int
anpr(struct vg_vendor *v, uint64_t line, struct vg_xel *root, int64_t dev,
    int type, int64_t t, struct vg_error *err)
{
	struct vg_sighting_rec	 s;
	struct vg_gate_rec	 g;
	struct vg_xel			*a = vg_xel_child(root, "ANPR");
	char			 plate[64], dir[32], track[80];
	const char		*p;
	int64_t			 dup;

	p = vg_xel_text(a, "licensePlate", plate, sizeof(plate));
	if (p != NULL && strcasecmp(p, "unknown") == 0)
		p = NULL;
	if (p != NULL && !vg_utf8_valid(p, strlen(p))) {
		vg_import_reject(v->im, line, "invalid UTF-8 in licensePlate");
		return 0;
	}
	if (type == VG_GATE) {
		memset(&g, 0, sizeof(g));
		g.line = (int64_t)line;
		g.gate = dev;
		g.t = t;
		g.score = NAN;
		set(&g.plate, p);
		g.credential = p != NULL ? VG_CR_PLATE : VG_CR_NONE;
		if (vg_xel_text(a, "direction", dir, sizeof(dir)) != NULL)
			g.direction = strcmp(dir, "forward") == 0 ? VG_DIR_IN :
			    strcmp(dir, "reverse") == 0 ? VG_DIR_OUT :
			    VG_DIR_UNKNOWN;
		return vg_vendor_gate(v, &g, err);
	}
	memset(&s, 0, sizeof(s));
	s.line = (int64_t)line;
	s.camera = dev;
	s.first = s.last = t;
	s.kind = VG_OBJ_VEHICLE;
	s.score = NAN;
	s.box[0] = s.box[1] = s.box[2] = s.box[3] = NAN;
	ltrack(track, sizeof(track), "ANPR:", line);
	set(&s.track, track);
	set(&s.plate, p);
	return vg_vendor_sighting(v, &s, &dup, err) == -1 ? -1 : 0;
}

/* The elements of an alert read for one value each: given at most once. */
static int
alert_once(struct vg_vendor *v, uint64_t line, struct vg_xel *root)
{
	static const char *const top[] = {
		"eventType", "eventState", "macAddress", "channelID",
		"dynChannelID", "dateTime", "AccessControllerEvent", "ANPR",
		"activePostCount", "Extensions", NULL
	};
	static const char *const ace[] = {
		"majorEventType", "subEventType", "cardNo",
		"employeeNoString", "attendanceStatus", NULL
	};
	static const char *const anpr[] = {
		"licensePlate", "direction", NULL
	};
	static const char *const ext[] = { "serialNumber", NULL };

	return vg_xel_once(v, line, root, top) ||
	    vg_xel_once(v, line, vg_xel_child(root, "AccessControllerEvent"),
	    ace) ||
	    vg_xel_once(v, line, vg_xel_child(root, "ANPR"), anpr) ||
	    vg_xel_once(v, line, vg_xel_child(root, "Extensions"), ext);
}

/* One EventNotificationAlert. */
static int
alert(struct vg_vendor *v, uint64_t line, struct vg_xel *root, struct vg_error *err)
{
	struct acs	 a;
	struct vg_xel		*ace;
	char		 type[64], state[32], when[64], dev[128], ch[32];
	char		 card[64], person[64], maj[16], min[16], att[32];
	char		 serial[32];
	int64_t		 id, t;
	int		 devtype;

	dev[0] = ch[0] = '\0';
	if (alert_once(v, line, root))
		return 0;
	if (vg_xel_text(root, "eventType", type, sizeof(type)) == NULL) {
		vg_import_reject(v->im, line, "no eventType");
		return 0;
	}
	if ((vg_xel_text(root, "eventState", state, sizeof(state)) != NULL &&
	    strcmp(state, "active") != 0)) {
		v->im->nother++;	/* the end of an alarm */
		return 0;
	}
	if (strcasecmp(type, "AccessControllerEvent") == 0)
		devtype = VG_GATE;
	else if (strcasecmp(type, "ANPR") == 0)
		devtype = 0;		/* gate or camera, as the site says */
	else if (strcasecmp(type, "faceCapture") == 0 ||
	    strcasecmp(type, "faceSnap") == 0 ||
	    strcasecmp(type, "fielddetection") == 0 ||
	    strcasecmp(type, "linedetection") == 0 ||
	    strcasecmp(type, "regionEntrance") == 0 ||
	    strcasecmp(type, "regionExiting") == 0)
		devtype = VG_CAMERA;
	else {
		v->im->nother++;	/* motion, PIR, I/O, video loss */
		return 0;
	}
	if (vg_xel_text(root, "macAddress", dev, sizeof(dev)) == NULL)
		vg_xel_text(find(root, "Extensions"), "serialNumber", dev,
		    sizeof(dev));
	if (vg_xel_text(root, "channelID", ch, sizeof(ch)) == NULL)
		vg_xel_text(root, "dynChannelID", ch, sizeof(ch));
	if (devtype == 0)
		id = vg_vendor_device_any(v, line, "hikvision", *dev ? dev :
		    NULL, *ch ? ch : NULL, &devtype);
	else
		id = vg_vendor_device(v, line, "hikvision", *dev ? dev : NULL,
		    *ch ? ch : NULL, devtype);
	if (id == -1)
		return 0;
	if (vg_xel_text(root, "dateTime", when, sizeof(when)) == NULL) {
		vg_import_reject(v->im, line, "no dateTime");
		return 0;
	}
	if (vg_vendor_time(v, line, "dateTime", when, &t) == -1)
		return 0;
	if (strcasecmp(type, "AccessControllerEvent") == 0) {
		ace = vg_xel_child(root, "AccessControllerEvent");
		memset(&a, 0, sizeof(a));
		a.major = num(vg_xel_text(ace, "majorEventType", maj,
		    sizeof(maj)));
		a.minor = num(vg_xel_text(ace, "subEventType", min,
		    sizeof(min)));
		a.card = vg_xel_text(ace, "cardNo", card, sizeof(card));
		a.person = vg_xel_text(ace, "employeeNoString", person,
		    sizeof(person));
		a.attendance = vg_xel_text(ace, "attendanceStatus", att,
		    sizeof(att));
		a.serial = vg_xel_text(ace, "serialNo", serial,
		    sizeof(serial));
		return acs_gate(v, line, &a, id, t, err);
	}
	if (strcasecmp(type, "ANPR") == 0)
		return anpr(v, line, root, id, devtype, t, err);
	return alert_sighting(v, line, root, type, id, t, err);
}

/* The alert of one XML document (a file's, or a part's). */
static int
xml_alerts(struct vg_vendor *v, struct vg_xml *xp, struct vg_parts *p,
    const struct vg_part *part, struct vg_error *err)
{
	struct vg_xel	*root;

	if (vg_xml_lean(xp, v, p, part, &root, err) == -1)
		return -1;
	if (!vg_xel_is(root, "EventNotificationAlert", hik_ns)) {
		vg_error_set(err, "'%s', line %ld: %s in namespace '%s', not"
		    " Hikvision's (hikvision.com, isapi.org, std-cgi.com,"
		    " psialliance-org or none)", v->im->path, root->line,
		    root->name, root->href);
		return -1;
	}
	return alert(v, (uint64_t)root->line, root, err);
}

/* A member as text, NULL when absent or empty. */
static const char *
jtext(const json_t *o, const char *key, char *buf, size_t size)
{
	const char	*s = vg_json_text(o, key, buf, size);

	return s != NULL && *s != '\0' ? s : NULL;
}

/*
 * One alert as an access terminal posts it in JSON: the members of the
 * XML alert, at the top level or under "EventNotificationAlert".
 */
static int
json_alert(struct vg_vendor *v, uint64_t line, json_t *o, struct vg_error *err)
{
	struct acs	 a;
	json_t		*ace, *j;
	const char	*type, *state, *dev, *ch, *when;
	char		 chb[24], cb[32], pb[32], sb[32];
	int64_t		 id, t;

	if (json_is_object(j = json_object_get(o, "EventNotificationAlert")))
		o = j;
	if (!json_is_object(o)) {
		vg_import_reject(v->im, line, "%snot an object", WHERE(v));
		return 0;
	}
	if ((type = vg_json_str(o, "eventType")) == NULL) {
		vg_import_reject(v->im, line, "%sno eventType", WHERE(v));
		return 0;
	}
	if (((state = vg_json_str(o, "eventState")) != NULL &&
	    strcmp(state, "active") != 0) ||
	    strcasecmp(type, "AccessControllerEvent") != 0) {
		v->im->nother++;	/* heartbeats, alarms, their ends */
		return 0;
	}
	if ((dev = vg_json_str(o, "macAddress")) != NULL && *dev == '\0')
		dev = NULL;
	ch = jtext(o, "channelID", chb, sizeof(chb));
	if ((id = vg_vendor_device(v, line, "hikvision", dev, ch, VG_GATE)) ==
	    -1)
		return 0;
	if ((when = vg_json_str(o, "dateTime")) == NULL) {
		vg_import_reject(v->im, line, "%sno dateTime", WHERE(v));
		return 0;
	}
	if (vg_vendor_time(v, line, "dateTime", when, &t) == -1)
		return 0;
	ace = json_object_get(o, "AccessControllerEvent");
	memset(&a, 0, sizeof(a));
	a.major = json_is_integer(j = json_object_get(ace, "majorEventType")) ?
	    (long)json_integer_value(j) : -1;
	a.minor = json_is_integer(j = json_object_get(ace, "subEventType")) ?
	    (long)json_integer_value(j) : -1;
	a.card = jtext(ace, "cardNo", cb, sizeof(cb));
	if ((a.person = jtext(ace, "employeeNoString", pb, sizeof(pb))) ==
	    NULL)
		a.person = jtext(ace, "employeeNo", pb, sizeof(pb));
	a.attendance = vg_json_str(ace, "attendanceStatus");
	a.serial = jtext(ace, "serialNo", sb, sizeof(sb));
	return acs_gate(v, line, &a, id, t, err);
}

/* A JSON document of alerts: one alert, or an array of them. */
static int
json_alerts(struct vg_vendor *v, json_t *doc, uint64_t line, void *arg,
    struct vg_error *err)
{
	size_t	i;
	char	where[32];
	int	rc = 0;

	(void)arg;
	if (!json_is_array(doc))
		return json_alert(v, line, doc, err);
	for (i = 0; i < json_array_size(doc) && rc == 0; i++) {
		snprintf(where, sizeof(where), "alert %zu: ", i + 1);
		v->where = where;
		rc = json_alert(v, line, json_array_get(doc, i), err);
	}
	v->where = NULL;
	return rc;
}

/* A JSON part of a multipart capture: one document. */
static int
json_part(struct vg_vendor *v, struct vg_parts *p, const struct vg_part *part,
    struct vg_error *err)
{
	json_error_t	 je;
	json_t		*doc;
	char		*b;
	size_t		 len;
	int		 rc;

	if ((b = vg_parts_slurp(p, PART_MAX, &len, err)) == NULL)
		return -1;
	doc = json_loadb(b, len, JSON_REJECT_DUPLICATES, &je);
	free(b);
	if (doc == NULL)
		return vg_json_fail(v, part->line, &je, err);
	rc = json_alerts(v, doc, part->line, NULL, err);
	json_decref(doc);
	return rc;
}

/*
 * Whether a boundary line ("--token") follows in the n bytes at b: a
 * capture begun within a stream's first part, a JSON alert then parts.
 */
static int
boundary_ahead(const char *b, size_t n)
{
	const char	*e = b + n, *nl;

	for (; (nl = memchr(b, '\n', (size_t)(e - b))) != NULL; b = nl + 1)
		if (e - nl >= 4 && nl[1] == '-' && nl[2] == '-' &&
		    !isspace((unsigned char)nl[3]))
			return 1;
	return 0;
}

/*
 * Alerts as devices post them and capture tools save them: one XML
 * document, several one after another, JSON, or a multipart alertStream
 * whose parts are XML or JSON alerts and the pictures sent with them.
 */
int
vg_import_hikvision(struct vg_vendor *v, struct vg_error *err)
{
	struct vg_parts	 p;
	struct vg_part	 part;
	struct vg_xml	 x;
	const char	*b;
	size_t		 n;
	int		 r = 0, rc = 0;

	memset(&x, 0, sizeof(x));
	if (vg_parts_open(&p, v, err) == -1) {
		vg_parts_close(&p);
		return -1;
	}
	b = vg_parts_peek(&p, &n);
	if (!p.multipart && n > 0 && (*b == '{' || *b == '[') &&
	    !boundary_ahead(b, n)) {
		vg_parts_close(&p);	/* a file of JSON alerts */
		return vg_vendor_json(v, json_alerts, NULL, err);
	}
	while (rc == 0 && (r = vg_parts_next(&p, &part, err)) == 1) {
		switch (part.kind) {
		case VG_PART_XML:
			rc = xml_alerts(v, &x, &p, &part, err);
			break;
		case VG_PART_JSON:
			rc = json_part(v, &p, &part, err);
			break;
		case VG_PART_TEXT:
			b = vg_parts_peek(&p, &n);
			while (n > 0 && strchr(" \t\r\n", *b) != NULL)
				b++, n--;
			if (n > 0 && (strncmp(b, "--", 2) != 0))
				v->im->nother++;	/* a heartbeat */
			break;
		default:
			break;		/* the picture of an alert */
		}
	}
	if (rc == 0 && r == -1)
		rc = -1;
	vg_xml_close(&x);
	vg_parts_close(&p);
	return rc;
}

/* One InfoList entry of an AcsEvent answer. */
static int
acs_entry(struct vg_vendor *v, uint64_t line, json_t *e, struct vg_error *err)
{
	struct acs	 a;
	const char	*when, *ch;
	char		 b[24], sb[32];
	int64_t		 gate, t;
	json_t		*j;

	if (!json_is_object(e)) {
		vg_import_reject(v->im, line, "%snot an object", v->where);
		return 0;
	}
	if ((ch = vg_json_text(e, "doorNo", b, sizeof(b))) == NULL)
		ch = vg_json_text(e, "cardReaderNo", b, sizeof(b));
	if ((gate = vg_vendor_device(v, line, "hikvision", NULL, ch,
	    VG_GATE)) == -1)
		return 0;
	if ((when = vg_json_str(e, "time")) == NULL) {
		vg_import_reject(v->im, line, "%sno time", v->where);
		return 0;
	}
	if (vg_vendor_time(v, line, "time", when, &t) == -1)
		return 0;
	memset(&a, 0, sizeof(a));
	a.major = json_is_integer(j = json_object_get(e, "major")) ?
	    (long)json_integer_value(j) : -1;
	a.minor = json_is_integer(j = json_object_get(e, "minor")) ?
	    (long)json_integer_value(j) : -1;
	a.card = vg_json_str(e, "cardNo");
	a.person = vg_json_str(e, "employeeNoString");
	a.attendance = vg_json_str(e, "attendanceStatus");
	if (a.card != NULL && *a.card == '\0')
		a.card = NULL;
	if (a.person != NULL && *a.person == '\0')
		a.person = NULL;
	a.serial = jtext(e, "serialNo", sb, sizeof(sb));
	return acs_gate(v, line, &a, gate, t, err);
}

/* An AcsEvent answer: {"AcsEvent": {"InfoList": [...]}}. */
static int
acs_document(struct vg_vendor *v, json_t *doc, uint64_t line, void *arg,
    struct vg_error *err)
{
	json_t		*list;
	uint64_t	*lines;
	size_t		 i, n;
	char		 where[48];
	int		 rc = 0;

	list = json_object_get(json_object_get(doc, "AcsEvent"), "InfoList");
	if (list == NULL && json_object_get(doc, "AcsEvent") != NULL) {
		v->im->nother++;	/* an answer with no events */
		return 0;
	}
	if (!json_is_array(list)) {
		vg_import_reject(v->im, line, "not an AcsEvent answer (no"
		    " AcsEvent.InfoList)");
		return 0;
	}
	/* each entry at its own line, where the document was read whole */
	n = json_array_size(list);
	lines = xcalloc(n + 1, sizeof(*lines));
	vg_json_lines(v, "InfoList", line, lines, n);
	for (i = 0; i < n && rc == 0; i++) {
		snprintf(where, sizeof(where), "InfoList[%zu]: ",
		    v->jbase + i);
		v->where = where;
		rc = acs_entry(v, lines[i] != 0 ? lines[i] : line,
		    json_array_get(list, i), err);
	}
	free(lines);
	v->where = NULL;
	return rc;
}

int
vg_import_hikacs(struct vg_vendor *v, struct vg_error *err)
{
	return vg_vendor_json(v, acs_document, NULL, err);
}
