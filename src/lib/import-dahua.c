/* import-dahua.c: Dahua RPC2 event JSON: ANPR and access control as gate events, IVS crossings as sightings */
#include "config.h"

#include "vigil-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#define WHERE(v)	((v)->where != NULL ? (v)->where : "")

/*
 * Dahua's own table of zones, by TimeZone index: the offset from UTC in
 * minutes, as its SDK (EM_CFG_TIME_ZONE_TYPE) lists them.
 */
static const int dahua_zone[] = {
	0, 60, 120, 180, 210, 240, 270, 300, 330, 345, 360, 390,	/* 0-11 */
	420, 480, 540, 570, 600, 660, 720, 780,				/* 12-19 */
	-60, -120, -180, -210, -240, -300, -360, -420, -480, -540,	/* 20-29 */
	-600, -660, -720						/* 30-32 */
};
#define NZONES	((int)(sizeof(dahua_zone) / sizeof(dahua_zone[0])))
#define HALF_YEAR	(INT64_C(182) * 86400 * 1000000)	/* us */


static void
zone_name(int minutes, char *buf, size_t size)
{
	snprintf(buf, size, "%c%02d:%02d", minutes < 0 ? '-' : '+',
	    abs(minutes) / 60, abs(minutes) % 60);
}

/* A member that is a number; 0 when absent, -1 when of another type. */
static int
number(const json_t *obj, const char *key, double *v)
{
	json_t	*j = json_object_get(obj, key);

	if (j == NULL || json_is_null(j))
		return 0;
	if (!json_is_number(j))
		return -1;
	*v = json_number_value(j);
	return 1;
}

/*
 * A member that is a whole number of seconds, read exactly (a JSON
 * integer, not through a double): 0 when absent, -1 when of another type
 * or not a time a calendar holds (years 0 to 9999).
 */
static int
seconds(const json_t *obj, const char *key, int64_t *v)
{
	json_t	*j = json_object_get(obj, key);
	double	 d;

	if (j == NULL || json_is_null(j))
		return 0;
	if (json_is_integer(j))
		*v = (int64_t)json_integer_value(j);
	else if (!json_is_real(j))
		return -1;
	else {
		d = json_real_value(j);
		if (d != floor(d) || !(fabs(d) < 9007199254740992.0))
			return -1;
		*v = (int64_t)d;
	}
	return *v >= -INT64_C(62167219200) && *v <= INT64_C(253402300799) ?
	    1 : -1;
}

/*
 * The instant of an event.  RealUTC is the true instant.  UTC is the
 * device's local wall time written as if it were UTC, and TimeZone an
 * index into Dahua's table, not an offset: UTC - RealUTC must be that
 * zone's offset, or an hour more in summer time.  Without RealUTC, UTC
 * is read as local time in the import's zone, which must agree with the
 * device's TimeZone the same way.  Without either, LocaleTime.
 */
static int
event_time(struct vg_vendor *v, uint64_t line, const json_t *d,
    int64_t *t)
{
	int64_t		 utc = 0, real = 0;
	double		 ms = 0, tzi = 0;
	int		 hu, hr, hz, off, zi = -1;
	char		 wall[32], zn[16], got[16];
	const char	*lt;
	time_t		 secs;
	struct tm	 tm;

	hu = seconds(d, "UTC", &utc);
	hr = seconds(d, "RealUTC", &real);
	hz = number(d, "TimeZone", &tzi);
	if (number(d, "UTCMS", &ms) == -1 || ms < 0 || ms >= 1000)
		ms = 0;
	if (hu == -1 || hr == -1 || hz == -1) {
		vg_import_reject(v->im, line, "%sUTC and RealUTC must be"
		    " whole seconds of years 0 to 9999, and TimeZone a number",
		    WHERE(v));
		return -1;
	}
	if (hz == 1) {
		if (tzi != floor(tzi) || tzi < 0 || tzi >= NZONES) {
			vg_import_reject(v->im, line, "%sunknown Dahua"
			    " TimeZone %g", WHERE(v), tzi);
			return -1;
		}
		zi = (int)tzi;
	}
	if (hr == 1 && real > 0) {
		*t = real * 1000000 + (int64_t)ms * 1000;
		if (hu != 1 || zi < 0)
			return 0;
		if (utc - real > 86400 || real - utc > 86400) {
			vg_import_reject(v->im, line, "%sUTC %lld is more than"
			    " a day from RealUTC %lld", WHERE(v),
			    (long long)utc, (long long)real);
			return -1;
		}
		off = (int)(utc - real);
		if (off == dahua_zone[zi] * 60 ||
		    off == dahua_zone[zi] * 60 + 3600)
			return 0;
		zone_name(dahua_zone[zi], zn, sizeof(zn));
		zone_name(off / 60, got, sizeof(got));
		vg_import_reject(v->im, line, "%sUTC %lld is RealUTC %lld"
		    " at %s, but TimeZone %d is %s", WHERE(v), (long long)utc,
		    (long long)real, got, zi, zn);
		return -1;
	}
	if (hu == 1 && utc > 0 && (lt = vg_json_str(d, "LocaleTime")) !=
	    NULL) {
		/* cameras' and door stations' event streams write the true
		   UTC and the wall clock beside it (traffic cameras write
		   the wall clock as UTC, and RealUTC): LocaleTime tells */
		struct vg_tz	*tz = v->tz;
		int64_t		 lu;
		int		 rc;

		v->tz = NULL;		/* vg_vendor_time reads NULL as UTC */
		rc = vg_vendor_time(v, line, "LocaleTime", lt, &lu);
		v->tz = tz;
		if (rc == -1)
			return -1;
		if (lu / 1000000 != utc) {
			if (vg_vendor_time(v, line, "LocaleTime", lt, t) == -1)
				return -1;
			if (*t / 1000000 == utc) {
				*t = utc * 1000000 + (int64_t)ms * 1000;
				return 0;
			}
			zone_name((int)(lu / 1000000 - utc) / 60, got,
			    sizeof(got));
			zone_name(vg_tz_offset(v->tz, *t) / 60, zn, sizeof(zn));
			vg_import_reject(v->im, line, "%sLocaleTime '%s' is UTC"
			    " %lld at %s, but %s is %s then: give the device's"
			    " zone with -z", WHERE(v), lt, (long long)utc, got,
			    vg_tz_name(v->tz), zn);
			return -1;
		}
	}
	if (hu == 1 && utc > 0) {
		secs = (time_t)utc;
		if (gmtime_r(&secs, &tm) == NULL) {
			vg_import_reject(v->im, line, "%sUTC %lld out of"
			    " range", WHERE(v), (long long)utc);
			return -1;
		}
		strftime(wall, sizeof(wall), "%Y-%m-%d %H:%M:%S", &tm);
		if (vg_vendor_time(v, line, "UTC", wall, t) == -1)
			return -1;
		*t += (int64_t)ms * 1000;
		if (zi < 0)
			return 0;
		/* summer time only where the zone has it, half a year away */
		off = (int)(utc - *t / 1000000);
		if (off == dahua_zone[zi] * 60 ||
		    (off == dahua_zone[zi] * 60 + 3600 && off !=
		    vg_tz_offset(v->tz, *t - HALF_YEAR)))
			return 0;
		zone_name(dahua_zone[zi], zn, sizeof(zn));
		zone_name(off / 60, got, sizeof(got));
		vg_import_reject(v->im, line, "%sthe device's TimeZone %d"
		    " is %s, but %s is %s then: give the device's zone with"
		    " -z", WHERE(v), zi, zn, vg_tz_name(v->tz), got);
		return -1;
	}
	if ((lt = vg_json_str(d, "LocaleTime")) != NULL)
		return vg_vendor_time(v, line, "LocaleTime", lt, t);
	vg_import_reject(v->im, line, "%sno time (UTC, RealUTC or"
	    " LocaleTime)", WHERE(v));
	return -1;
}

/* How a door was opened, as Dahua's HTTP API numbers Method. */
static int
method_credential(const json_t *d)
{
	json_t	*m = json_object_get(d, "Method");

	switch (json_is_integer(m) ? (int)json_integer_value(m) : -1) {
	case 0:
		return VG_CR_PIN;
	case 1:
	case 2:
	case 3:
		return VG_CR_BADGE;	/* card, alone or with a password */
	case 6:
		return VG_CR_FINGER;
	case 14:
		return VG_CR_QR;
	case 15:
		return VG_CR_FACE;
	default:
		return VG_CR_NONE;	/* remote, button, key, unknown */
	}
}

static void
set(struct vg_str *s, const char *v)
{
	s->s = v;
	s->len = v != NULL ? strlen(v) : 0;
}

/*
 * Whether a Code is a passage at a door, and the credential it implies
 * when Data.Method does not say: AccessControl (a controller's record of
 * any credential), _DoorFace_ and DoorFace (a face matched at a door
 * station), DoorCard (a card shown at one); -1 for other codes.
 */
static int
door_code(const char *code)
{
	if (strcmp(code, "AccessControl") == 0)
		return VG_CR_NONE;
	if (strcmp(code, "_DoorFace_") == 0 || strcmp(code, "DoorFace") == 0)
		return VG_CR_FACE;
	if (strcmp(code, "DoorCard") == 0)
		return VG_CR_BADGE;
	return -1;
}

/* A box of Dahua's 8192-square coordinates as fractions, or NAN. */
static void
ivs_box(const json_t *bb, double *box)
{
	double	c[4];
	size_t	i;

	box[0] = box[1] = box[2] = box[3] = NAN;
	if (!json_is_array(bb) || json_array_size(bb) != 4)
		return;
	for (i = 0; i < 4; i++) {
		if (!json_is_number(json_array_get(bb, i)))
			return;
		c[i] = json_number_value(json_array_get(bb, i));
		if (!(c[i] >= 0 && c[i] <= 8192))
			return;
	}
	if (c[2] < c[0] || c[3] < c[1])
		return;
	box[0] = c[0] / 8192;
	box[1] = c[1] / 8192;
	box[2] = (c[2] - c[0]) / 8192;
	box[3] = (c[3] - c[1]) / 8192;
}

/*
 * An IVS rule's event (a line crossed, a region entered) with the object
 * that did it: a sighting, as Hikvision's line and field detections are.
 */
static int
ivs_sighting(struct vg_vendor *v, uint64_t line, const char *code,
    const json_t *e, const json_t *d, struct vg_error *err)
{
	struct vg_sighting_rec	 s;
	const json_t		*o = json_object_get(d, "Object");
	const char		*type, *ch;
	char			 chb[24], track[96], id[32], no[32];
	int64_t			 dup;
	int			 r;

	if (!json_is_object(o)) {
		v->im->nother++;	/* a rule's state, no object */
		return 0;
	}
	memset(&s, 0, sizeof(s));
	s.line = (int64_t)line;
	s.score = NAN;
	if ((ch = vg_json_text(e, "Index", chb, sizeof(chb))) == NULL)
		ch = "0";
	if ((s.camera = vg_vendor_device(v, line, "dahua",
	    vg_json_str(d, "MachineName"), ch, VG_CAMERA)) == -1)
		return 0;
	if (event_time(v, line, d, &s.first) == -1)
		return 0;
	s.last = s.first;
	type = vg_json_str(o, "ObjectType");
	s.kind = type == NULL ? 0 : strcmp(type, "Human") == 0 ?
	    VG_OBJ_PERSON : strcmp(type, "Vehicle") == 0 ||
	    strcmp(type, "MotorVehicle") == 0 ? VG_OBJ_VEHICLE : 0;
	ivs_box(json_object_get(o, "BoundingBox"), s.box);
	snprintf(track, sizeof(track), "%s:%s", code,
	    vg_json_text(o, "ObjectID", id, sizeof(id)) != NULL ? id : "1");
	set(&s.track, track);
	set(&s.evno, vg_json_text(d, "EventID", no, sizeof(no)));
	if ((r = vg_vendor_sighting(v, &s, &dup, err)) == -1)
		return -1;
	if (r == 1)
		vg_import_reject(v->im, line, "%sduplicate track '%s' (first"
		    " on line %lld)", WHERE(v), track, (long long)dup);
	return 0;
}

/* One event; 0 when stored, left out or rejected, -1 on a fatal error. */
static int
event(struct vg_vendor *v, uint64_t line, const json_t *e,
    struct vg_error *err)
{
	struct vg_gate_rec	 g;
	const json_t		*d, *car;
	const char		*code, *action, *dev, *ch, *s;
	char			 chb[24], no[32];
	json_t			*st;
	double			 sim;
	int			 anpr, door, ivs;

	code = vg_json_str(e, "Code");
	action = vg_json_str(e, "Action");
	d = json_object_get(e, "Data");
	if (code == NULL) {
		vg_import_reject(v->im, line, "%sno Code", WHERE(v));
		return 0;
	}
	anpr = strncmp(code, "Traffic", 7) == 0;
	door = door_code(code);
	ivs = strcmp(code, "CrossLineDetection") == 0 ||
	    strcmp(code, "CrossRegionDetection") == 0;
	if ((!anpr && door == -1 && !ivs) ||
	    (action != NULL && strcmp(action, "Stop") == 0)) {
		v->im->nother++;
		return 0;
	}
	if (!json_is_object(d)) {
		vg_import_reject(v->im, line, "%s%s event without Data",
		    WHERE(v), code);
		return 0;
	}
	if (ivs)
		return ivs_sighting(v, line, code, e, d, err);
	memset(&g, 0, sizeof(g));
	g.line = (int64_t)line;
	g.score = NAN;
	car = json_object_get(d, "TrafficCar");
	if ((dev = vg_json_str(car, "MachineName")) == NULL)
		dev = vg_json_str(d, "MachineName");
	if ((ch = vg_json_text(e, "Index", chb, sizeof(chb))) == NULL)
		ch = vg_json_text(d, "Door", chb, sizeof(chb));
	if ((g.gate = vg_vendor_device(v, line, "dahua", dev, ch,
	    VG_GATE)) == -1)
		return 0;
	if (event_time(v, line, d, &g.t) == -1)
		return 0;
	/* the record's number in the device's store, else the event's */
	if ((s = vg_json_text(d, "RecNo", no, sizeof(no))) == NULL)
		s = vg_json_text(d, "EventID", no, sizeof(no));
	set(&g.evno, s);
	if (anpr) {
		if ((s = vg_json_str(car, "PlateNumber")) == NULL ||
		    *s == '\0')
			s = vg_json_str(json_object_get(d, "Object"), "Text");
		set(&g.plate, s);
		g.credential = g.plate.len > 0 ? VG_CR_PLATE : VG_CR_NONE;
	} else {
		set(&g.person, vg_json_str(d, "UserID"));
		set(&g.card, vg_json_str(d, "CardNo"));
		if (g.card.len == 0)
			set(&g.card, vg_json_str(d, "Number"));
		g.credential = method_credential(d);
		if (g.credential == VG_CR_NONE)
			g.credential = door;
		if (number(d, "Similarity", &sim) == 1 && sim >= 0 &&
		    sim <= 100)
			g.score = sim / 100;
		s = vg_json_str(d, "Type");
		g.direction = s == NULL ? VG_DIR_UNKNOWN : strcmp(s, "Entry") ==
		    0 ? VG_DIR_IN : strcmp(s, "Exit") == 0 ? VG_DIR_OUT :
		    VG_DIR_UNKNOWN;
		st = json_object_get(d, "Status");
		if (json_is_integer(st))
			g.result = json_integer_value(st) == 1 ?
			    VG_RES_GRANTED : VG_RES_DENIED;
	}
	return vg_vendor_gate(v, &g, err);
}

/*
 * One document: a client.notifyEventStream message (params.eventList),
 * an object with an eventList, one event (with a Code), or an array of
 * events.  Anything else (a reply, a heartbeat) is another event.
 */
static int
document(struct vg_vendor *v, json_t *doc, uint64_t line, void *arg,
    struct vg_error *err)
{
	json_t		*list, *e;
	uint64_t	*lines;
	size_t		 i, n;
	char		 where[32];
	int		 rc = 0;

	v->where = NULL;
	if (json_is_object(doc) && json_object_get(doc, "Code") != NULL)
		return event(v, line, doc, err);
	list = json_is_array(doc) ? doc : json_object_get(doc, "eventList");
	if (list == NULL)
		list = json_object_get(json_object_get(doc, "params"),
		    "eventList");
	if (!json_is_array(list)) {
		v->im->nother++;
		return 0;
	}
	/* each event named, by its index in the list and its own line
	   (a document given in parts gives each part's) */
	n = json_array_size(list);
	lines = xcalloc(n + 1, sizeof(*lines));
	vg_json_lines(v, list == doc ? NULL : "eventList", line, lines, n);
	for (i = 0; i < n && rc == 0; i++) {
		e = json_array_get(list, i);
		snprintf(where, sizeof(where), "event %zu: ", v->jbase + i + 1);
		v->where = where;
		if (!json_is_object(e))
			vg_import_reject(v->im, lines[i] != 0 ? lines[i] :
			    line, "%snot an object", WHERE(v));
		else
			rc = event(v, lines[i] != 0 ? lines[i] : line, e, err);
	}
	free(lines);
	v->where = NULL;
	return rc;
}

int
vg_import_dahua(struct vg_vendor *v, struct vg_error *err)
{
	if (vg_dahua_is_text(v))
		return vg_import_dahua_text(v, err);
	return vg_vendor_json(v, document, NULL, err);
}

/* An event of the text form (import-dahua-text.c), read as in RPC2. */
int
vg_dahua_event(struct vg_vendor *v, uint64_t line, const json_t *e,
    struct vg_error *err)
{
	return event(v, line, e, err);
}
