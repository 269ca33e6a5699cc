/* archive.c: the archive, one interface over its back ends (archive-impl.h);
   what needs no database is done here, the rest by the back end */
#include "config.h"

#include "vigil-int.h"
#include "model.h"
#include "archive-impl.h"

#include <ctype.h>
#include <dlfcn.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const vg_credential_names[] = {
	"none", "face", "badge", "plate", "qr", "pin", "finger", NULL
};
const char *const vg_direction_names[] = { "unknown", "in", "out", NULL };
const char *const vg_result_names[] = {
	"", "granted", "denied", "alarm", NULL
};
const char *const vg_objkind_names[] = {
	"", "person", "face", "vehicle", NULL
};
const char *const vg_colour_names[] = {
	"", "black", "white", "grey", "red", "orange", "yellow", "green",
	"blue", "purple", "brown", "pink", NULL
};

/*
 * The -A strings that name a PostgreSQL server (libpq's connection URIs
 * and service names); anything else is an SQLite file's path.
 */
static const char *const servers[] = {
	"postgresql://", "postgres://", "service=",
};

/*
 * The server's back end, in the module vigil-pg.so (with libpq): beside
 * the program (the build tree), else where it was installed.  NULL with
 * *why when it cannot be loaded.
 */
static const struct vg_archive_ops *
pg_module(const char **why)
{
	static const struct vg_archive_ops *ops;
	static char	*err;
	char		 exe[PATH_MAX], *slash, *p;
	ssize_t		 n;
	void		*h = NULL;
	const char	*e;

	if (ops != NULL || err != NULL) {
		*why = err;
		return ops;
	}
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0 &&
	    (size_t)n < sizeof(exe) - 1) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			xasprintf(&p, "%s/vigil-pg.so", exe);
			if (access(p, F_OK) == 0)
				h = dlopen(p, RTLD_NOW | RTLD_LOCAL);
			free(p);
		}
	}
	if (h == NULL)
		h = dlopen(VG_PKGLIBDIR "/vigil-pg.so", RTLD_NOW | RTLD_LOCAL);
	if (h == NULL)
		err = xstrdup((e = dlerror()) != NULL ? e :
		    "vigil-pg.so not found");
	else if ((ops = dlsym(h, "vg_pg_ops")) == NULL)
		err = xstrdup("vigil-pg.so: not vigil's module");
	*why = err;
	return ops;
}

/* The -A string without a password it may carry, for messages: a URI's
 * user:password@ and its password= parameter, a keyword/value string's
 * password= (quoted or not).  A URI mistyped (postgresql:vigil:pw@host,
 * postgres:/campus?password=pw) is read as a URI too. */
char *
vg_ar_plain_name(const char *conninfo)
{
	const char	*at, *colon, *p = NULL, *q;
	char		*s, *w;
	int		 uri;

	if (strncmp(conninfo, "postgresql:", 11) == 0)
		p = conninfo + 11;
	else if (strncmp(conninfo, "postgres:", 9) == 0)
		p = conninfo + 9;
	uri = p != NULL;
	s = w = xmalloc(strlen(conninfo) + 1);
	q = conninfo;
	if (uri) {
		/* the authority after // (one / or none if mistyped) */
		p += strncmp(p, "//", 2) == 0 ? 2 : *p == '/';
		at = strchr(p, '@');
		colon = strchr(p, ':');
		if (at != NULL && colon != NULL && colon < at &&
		    (strchr(p, '/') == NULL || strchr(p, '/') > at)) {
			memcpy(w, q, (size_t)(colon - q));
			w += colon - q;
			q = at;
		}
	}
	while (*q != '\0') {
		/* a parameter begins the string, or follows ? & or a blank */
		if (strncmp(q, "password=", 9) == 0 && (q == conninfo ||
		    (uri ? strchr("?&", q[-1]) : strchr(" \t\n", q[-1])) !=
		    NULL)) {
			q += 9;
			if (uri)
				q += strcspn(q, "&");
			else if (*q == '\'') {
				for (q++; *q != '\0' && *q != '\''; q++)
					if (*q == '\\' && q[1] != '\0')
						q++;
				if (*q == '\'')
					q++;
			} else
				q += strcspn(q, " \t\n");
			/* its separator goes with it: the one after, else
			 * the one before */
			if (*q == '&' || *q == ' ' || *q == '\t' || *q == '\n')
				q++;
			else if (w > s && strchr("&? \t\n", w[-1]) != NULL &&
			    !(uri && w[-1] == '?'))
				w--;
			continue;
		}
		*w++ = *q++;
	}
	if (uri && w > s && w[-1] == '?')
		w--;
	*w = '\0';
	return s;
}

/* Whether the -A string names a database server, not a file. */
int
vg_archive_is_server(const char *path)
{
	size_t	i;

	for (i = 0; i < sizeof(servers) / sizeof(servers[0]); i++)
		if (strncmp(path, servers[i], strlen(servers[i])) == 0)
			return 1;
	return 0;
}

int
vg_archive_open(const char *path, int flags, struct vg_archive **out,
    struct vg_error *err)
{
	const struct vg_archive_ops	*ops = &vg_sqlite_ops;
	const char			*why;

	*out = NULL;
	/* a URI mistyped (postgresql:campus, postgres:/campus) would be
	 * made a file of that name by an import */
	if (!vg_archive_is_server(path) && (strncmp(path, "postgresql:",
	    11) == 0 || strncmp(path, "postgres:", 9) == 0)) {
		char *plain = vg_ar_plain_name(path);

		/* (a name that carried a password is not repeated whole) */
		if (strcmp(plain, path) == 0)
			vg_error_set(err, "cannot open '%s': not a connection"
			    " URI, which begins postgresql:// (a file so named"
			    " is given as ./%s)", path, path);
		else
			vg_error_set(err, "cannot open '%s': not a connection"
			    " URI, which begins postgresql:// (a file so named"
			    " is given with ./ before it)", plain);
		free(plain);
		return -1;
	}
	if (vg_archive_is_server(path) && (ops = pg_module(&why)) == NULL) {
		char *plain = vg_ar_plain_name(path);

		vg_error_set(err, "cannot open '%s': PostgreSQL archives need"
		    " the module vigil-pg.so: %s", plain, why);
		free(plain);
		return -1;
	}
	return ops->open(path, flags, out, err);
}

void
vg_archive_close(struct vg_archive *ar)
{
	if (ar == NULL)
		return;
	ar->ops->close(ar);
	vg_ar_counts_forget(ar);
	vg_ar_devices_forget(ar);
	vg_tz_free(ar->tz);
	free(ar->path);
	free(ar);
}

/* The site's time zone; NULL when no site has been imported. */
struct vg_tz *
vg_archive_tz(struct vg_archive *ar)
{
	struct vg_error	 e = { 0, NULL };
	char		*name;

	if (ar->tz != NULL)
		return ar->tz;
	if ((name = ar->ops->timezone(ar)) == NULL)
		return NULL;
	ar->tz = vg_tz_open(name, &e);
	free(name);
	vg_error_clear(&e);
	return ar->tz;
}

const char *
vg_format_name(enum vg_format f)
{
	switch (f) {
	case VG_FORMAT_SITE:
		return "site";
	case VG_FORMAT_ROSTER:
		return "roster";
	case VG_FORMAT_GATE:
		return "gate";
	case VG_FORMAT_SIGHTINGS:
		return "sightings";
	case VG_FORMAT_ZKTECO:
		return "zkteco";
	case VG_FORMAT_DAHUA:
		return "dahua";
	case VG_FORMAT_HIKVISION:
		return "hikvision";
	case VG_FORMAT_HIKACS:
		return "hikvision-acs";
	case VG_FORMAT_ONVIF:
		return "onvif";
	default:
		return "unknown";
	}
}

/* A format by its name as the archive keeps it. */
enum vg_format
vg_ar_format_code(const char *name)
{
	enum vg_format	f;

	for (f = VG_FORMAT_SITE; f <= VG_FORMAT_LAST; f++)
		if (strcmp(vg_format_name(f), name) == 0)
			return f;
	return VG_FORMAT_UNKNOWN;
}

static uint64_t
strhash(const char *s, size_t n)
{
	uint64_t	h = 1469598103934665603ULL;	/* FNV-1a */
	size_t		i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* A device into the map (code allocated), grown to stay under half full. */
static void
dev_insert(struct vg_archive *ar, char *code, int64_t id, int type)
{
	struct vg_devslot	*old;
	size_t			 i, n;

	if (2 * (ar->ndev_used + 1) + 2 > ar->ndev) {
		old = ar->dev;
		n = ar->ndev;
		for (ar->ndev = n ? n : 16; 2 * (ar->ndev_used + 1) + 2 >
		    ar->ndev; ar->ndev *= 2)
			;
		ar->dev = xcalloc(ar->ndev, sizeof(*ar->dev));
		ar->ndev_used = 0;
		for (i = 0; i < n; i++)
			if (old[i].code != NULL)
				dev_insert(ar, old[i].code, old[i].id,
				    old[i].type);
		free(old);
	}
	for (i = strhash(code, strlen(code)) & (ar->ndev - 1);
	    ar->dev[i].code != NULL; i = (i + 1) & (ar->ndev - 1))
		;
	ar->dev[i].code = code;
	ar->dev[i].id = id;
	ar->dev[i].type = type;
	ar->ndev_used++;
}

static void
dev_put(void *arg, const char *code, int64_t id, int type, const char *zone)
{
	(void)zone;
	dev_insert(arg, xstrdup(code), id, type);
}

/* The device map, from the back end's devices. */
static int
dev_load(struct vg_archive *ar)
{
	int64_t	 n = ar->ops->ndevices(ar);

	for (ar->ndev = 16; (int64_t)ar->ndev < 2 * n + 2; ar->ndev *= 2)
		;
	ar->ndev_used = 0;
	ar->dev = xcalloc(ar->ndev, sizeof(*ar->dev));
	return ar->ops->devices(ar, 0, dev_put, ar);
}

/* The row id of a device by its code and type; 0 when there is none. */
int64_t
vg_ar_device(struct vg_archive *ar, const char *code, size_t n, int type)
{
	size_t	i;

	if (ar->dev == NULL && dev_load(ar) == -1)
		return 0;
	for (i = strhash(code, n) & (ar->ndev - 1); ar->dev[i].code != NULL;
	    i = (i + 1) & (ar->ndev - 1)) {
		if (strncmp(ar->dev[i].code, code, n) == 0 &&
		    ar->dev[i].code[n] == '\0')
			return ar->dev[i].type == type ? ar->dev[i].id : -1;
	}
	return 0;
}

static void
dzone_put(void *arg, const char *code, int64_t id, int type,
    const char *zone)
{
	struct vg_archive	*ar = arg;

	(void)code, (void)type;
	if (zone == NULL || id < 0 || id > 10000000)
		return;
	if ((size_t)id >= ar->ndzone) {
		ar->dzone = xreallocarray(ar->dzone, (size_t)id + 1,
		    sizeof(*ar->dzone));
		memset(ar->dzone + ar->ndzone, 0, ((size_t)id + 1 -
		    ar->ndzone) * sizeof(*ar->dzone));
		ar->ndzone = (size_t)id + 1;
	}
	free(ar->dzone[id]);
	ar->dzone[id] = xstrdup(zone);
}

/* The zone of the device of that row id, or NULL. */
static const char *
device_zone(struct vg_archive *ar, int64_t row)
{
	if (!ar->dzone_read) {
		ar->dzone_read = 1;
		(void)ar->ops->devices(ar, 1, dzone_put, ar);
	}
	return row >= 0 && (size_t)row < ar->ndzone ? ar->dzone[row] : NULL;
}

/* The count of rows of device dev added to span id, made when new. */
static struct vg_dcount *
dcount_slot(struct vg_archive *ar, int64_t id, int64_t dev)
{
	struct vg_dcount	*old, *d;
	size_t		 i, n;
	uint64_t	 h;

	if (ar->ndc_used * 2 >= ar->ndc) {
		old = ar->dc;
		n = ar->ndc;
		ar->ndc = n ? n * 2 : 256;
		ar->dc = xcalloc(ar->ndc, sizeof(*ar->dc));
		ar->ndc_used = 0;
		for (i = 0; i < n; i++)
			if (old[i].device != 0)
				*dcount_slot(ar, old[i].span, old[i].device) =
				    old[i];
		free(old);
	}
	h = ((uint64_t)id * 0x9e3779b97f4a7c15ULL) ^
	    ((uint64_t)dev * 0xc2b2ae3d27d4eb4fULL);
	for (i = (h ^ h >> 29) & (ar->ndc - 1); ar->dc[i].device != 0;
	    i = (i + 1) & (ar->ndc - 1))
		if (ar->dc[i].device == dev && ar->dc[i].span == id)
			return &ar->dc[i];
	d = &ar->dc[i];
	d->span = id;
	d->device = dev;
	ar->ndc_used++;
	return d;
}

/* Count a row of device dev added to span span (an id). */
void
vg_ar_dcount_add(struct vg_archive *ar, int64_t span, int64_t dev, int named)
{
	struct vg_dcount	*d = dcount_slot(ar, span, dev);

	d->n++;
	d->named += named;
}

/* The local hour (0-23) of instant t in zone tz. */
static int
local_hour(struct vg_tz *tz, int64_t t)
{
	int64_t	l = t / 1000000 + vg_tz_offset(tz, t);

	return (int)(((l % 86400) + 86400) % 86400 / 3600);
}

/* The empty slot of hash h in the habits. */
static struct vg_habit *
habit_free_slot(struct vg_archive *ar, uint64_t h)
{
	size_t	i;

	for (i = (h ^ h >> 32) & (ar->nhab - 1); ar->hab[i].who != NULL;
	    i = (i + 1) & (ar->nhab - 1))
		;
	return &ar->hab[i];
}

/* The habit slot of who (wholen bytes) in zone, made when new. */
static struct vg_habit *
habit_slot(struct vg_archive *ar, const char *who, size_t wholen,
    const char *zone)
{
	struct vg_habit	*old, *hb;
	size_t		 i, n;
	uint64_t	 h;

	if (ar->nhab_used * 2 >= ar->nhab) {
		old = ar->hab;
		n = ar->nhab;
		ar->nhab = n ? n * 2 : 1024;
		ar->hab = xcalloc(ar->nhab, sizeof(*ar->hab));
		for (i = 0; i < n; i++)
			if (old[i].who != NULL)
				*habit_free_slot(ar, old[i].hash) = old[i];
		free(old);
	}
	h = vg_fnv(who, wholen) ^ vg_fnv(zone, strlen(zone)) *
	    0x9e3779b97f4a7c15ULL;
	h ^= h >> 33;		/* the high bits into the low */
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	for (i = (h ^ h >> 32) & (ar->nhab - 1); ar->hab[i].who != NULL;
	    i = (i + 1) & (ar->nhab - 1)) {
		hb = &ar->hab[i];
		if (hb->hash == h && strncmp(hb->who, who, wholen) == 0 &&
		    hb->who[wholen] == '\0' && strcmp(hb->zone, zone) == 0)
			return hb;
	}
	hb = &ar->hab[i];
	hb->who = xstrndup(who, wholen);
	hb->zone = xstrdup(zone);
	hb->hash = h;
	hb->hours = 0;
	ar->nhab_used++;
	return hb;
}

/*
 * A granted entry at gate (a row id) at t by who (a person, else a card;
 * may be empty) into span sp: counted by the gate's local hour, and the
 * hour added to who's habits in the gate's zone.  Raw times: an hour's
 * count moves little with a clock's error.  Gathered in memory and
 * written once a key at commit (hours_flush): two statements a row
 * cost a fifth of an import.
 */
void
vg_ar_hours_add(struct vg_archive *ar, int64_t sp, int64_t gate, int64_t t,
    const char *who, size_t wholen)
{
	struct vg_tz	*tz;
	const char	*zone;
	int		 h;

	if ((tz = vg_archive_tz(ar)) == NULL)
		return;		/* no site: no hours */
	h = local_hour(tz, t);
	dcount_slot(ar, sp, gate)->hour[h]++;
	if (wholen == 0 || (zone = device_zone(ar, gate)) == NULL)
		return;
	habit_slot(ar, who, wholen, zone)->hours |= 1U << h;
}

/* The devices' zones read, for vg_ar_gate_habit on another thread. */
void
vg_ar_habits_ready(struct vg_archive *ar)
{
	(void)device_zone(ar, 0);
}

/*
 * The habit of gate event g counted when it is a granted entry, its hour
 * local in tz (the archive's zone: a copy of the caller's own when on
 * another thread), and g marked (g->habit) so that vg_ar_put_gate leaves
 * it.  It touches the habits gathered and the devices' zones only (read
 * before by vg_ar_habits_ready), so that an import's parser thread may
 * count them while the archive's stores events so marked.  A twin left
 * out after counts nothing new: the event it repeats set the same hour.
 */
void
vg_ar_gate_habit(struct vg_archive *ar, struct vg_tz *tz,
    struct vg_gate_rec *g)
{
	const struct vg_str	*who;
	const char		*zone;

	if (g->result != VG_RES_GRANTED || g->direction != VG_DIR_IN)
		return;
	g->habit = 1;
	who = g->person.len > 0 ? &g->person : &g->card;
	if (who->len == 0 || (zone = device_zone(ar, g->gate)) == NULL)
		return;
	habit_slot(ar, who->s, who->len, zone)->hours |= 1U <<
	    local_hour(tz, g->t);
}

/* qsort's and bsearch's order of habits: by who, then zone. */
int
vg_ar_habit_cmp(const void *a, const void *b)
{
	const struct vg_habit	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->who, y->who)) != 0)
		return c;
	return strcmp(x->zone, y->zone);
}

static int
dcount_cmp(const void *a, const void *b)
{
	const struct vg_dcount	*x = a, *y = b;

	if (x->span != y->span)
		return x->span < y->span ? -1 : 1;
	return (x->device > y->device) - (x->device < y->device);
}

/*
 * The counts and habits gathered since the last commit, for the back end
 * to write one key at a time in key order: the hashes' slots packed and
 * sorted, *ndc counts and *nhab habits first in ar->dc and ar->hab (no
 * longer hashes after it: the counts are written and forgotten at
 * commit).
 */
void
vg_ar_counts_pack(struct vg_archive *ar, size_t *ndc, size_t *nhab)
{
	size_t	i, n;

	for (i = n = 0; i < ar->ndc; i++)
		if (ar->dc[i].device != 0)
			ar->dc[n++] = ar->dc[i];
	/* (no table yet: NULL, which memset and qsort may not be given) */
	if (n < ar->ndc)
		memset(ar->dc + n, 0, (ar->ndc - n) * sizeof(*ar->dc));
	if (n > 1)
		qsort(ar->dc, n, sizeof(*ar->dc), dcount_cmp);
	*ndc = n;
	for (i = n = 0; i < ar->nhab; i++)
		if (ar->hab[i].who != NULL)
			ar->hab[n++] = ar->hab[i];
	if (n < ar->nhab)
		memset(ar->hab + n, 0, (ar->nhab - n) * sizeof(*ar->hab));
	if (n > 1)
		qsort(ar->hab, n, sizeof(*ar->hab), vg_ar_habit_cmp);
	*nhab = n;
}

/* The counts and habits an import gathered, dropped. */
void
vg_ar_counts_forget(struct vg_archive *ar)
{
	size_t	i;

	free(ar->dc);
	ar->dc = NULL;
	ar->ndc = ar->ndc_used = 0;
	for (i = 0; i < ar->nhab; i++) {
		free(ar->hab[i].who);
		free(ar->hab[i].zone);
	}
	free(ar->hab);
	ar->hab = NULL;
	ar->nhab = ar->nhab_used = 0;
}

/* Drop the device map; it is read again when next needed. */
void
vg_ar_devices_forget(struct vg_archive *ar)
{
	while (ar->ndev > 0)
		free(ar->dev[--ar->ndev].code);
	free(ar->dev);
	ar->dev = NULL;
	ar->ndev_used = 0;
	while (ar->ndzone > 0)
		free(ar->dzone[--ar->ndzone]);
	free(ar->dzone);
	ar->dzone = NULL;
	ar->dzone_read = 0;
}

void
vg_query_init(struct vg_query *q)
{
	memset(q, 0, sizeof(*q));
	q->from = VG_TIME_NONE;
	q->to = VG_TIME_NONE;
	q->radius = 100;
}

void
vg_graph_free(struct vg_graph *g)
{
	size_t	i;

	for (i = 0; i < g->ndev; i++)
		free(g->dev[i].code);
	free(g->dev);
	free(g->link);
	free(g->index);
	memset(g, 0, sizeof(*g));
}

/* A test's hold: where VIGIL_TEST_STOP names this point, the process
 * stops itself (SIGSTOP) until continued, for a test to act beside it:
 * "commit" (a back end's commit of an import or a copy, every row written
 * and its transaction still open), "merge-copied", "merge-vectors" and
 * "merge-commit" (a merge of closed spans). */
void
vg_ar_test_stop(const char *where)
{
	const char	*p;

	if ((p = getenv("VIGIL_TEST_STOP")) != NULL && strcmp(p, where) == 0)
		raise(SIGSTOP);
}

/*
 * A span's problem found by a back end's span_check: why (allocated, or
 * NULL for none; freed here) to fn, counted in *problems; 1 when fn asks
 * to stop.
 */
int
vg_ar_problem(const char *span, char *why, int *problems, vg_problem_fn fn,
    void *arg)
{
	int	stop;

	if (why == NULL)
		return 0;
	(*problems)++;
	stop = fn(span, why, arg);
	free(why);
	return stop != 0;
}

/*
 * A stream's corrected times, half-open: what the spans' lo..hi (raw)
 * may hold once corrections of up to pad are applied, within from..to
 * (either VG_TIME_NONE).
 */
void
vg_ar_stream_bounds(int64_t *lo, int64_t *hi, int64_t pad, int64_t from,
    int64_t to)
{
	*lo -= pad;
	*hi += pad + 1;
	if (from != VG_TIME_NONE && from > *lo)
		*lo = from;
	if (to != VG_TIME_NONE && to + 1 < *hi)
		*hi = to + 1;
}

/*
 * vigil-anomaly's store's stamp (archive-impl.h): how far a span's scan
 * reads, and the text its candidates are stamped with.  Version 2: the
 * stamp holds the spans after; 3: impossible-travel's pairs stored.
 */
#define PASS_NEAR	(60 * 1000000LL) /* how far past a span's rows its
					   scan looks: a tailgating row's
					   time is its read's moved by the
					   gap between two heads (seconds) */
#define PASS_AFTER	(30 * 60 * 1000000LL) /* how far past a span's end
					   its scan reads (the head count's
					   lead-out, 13 minutes, and more) */

/* A clock correction (a device's row id and its offset, us) to the
 * stamp's text b; *pad raised to the largest correction. */
void
vg_ar_pass_correction(struct vg_buf *b, int64_t device, int64_t offset,
    int64_t *pad)
{
	vg_buf_fmt(b, "%lld:%lld,", (long long)device, (long long)offset);
	if (llabs(offset) > *pad)
		*pad = llabs(offset);
}

/* The site (its sources joined by commas, NULL: none; its devices and
 * zones) to the stamp's text b. */
void
vg_ar_pass_site(struct vg_buf *b, const char *sources, int64_t ndevice,
    int64_t nzone)
{
	vg_buf_fmt(b, "|%s|%lld|%lld|", sources != NULL ? sources : "",
	    (long long)ndevice, (long long)nzone);
}

/* A model (when learned, and its body) to the stamp's text b. */
void
vg_ar_pass_model(struct vg_buf *b, int64_t learned, const void *body,
    size_t len)
{
	vg_buf_fmt(b, "%lld:%llx|", (long long)learned,
	    (unsigned long long)vg_fnv(body, len));
}

/* Span i's stamp (of the n spans sp, by start): base, and every span that
 * can hold a row its scan reads, up to pad (the largest correction) and
 * PASS_AFTER past its end. */
int64_t
vg_ar_pass_stamp(const struct vg_ar_pspan *sp, size_t n, size_t i,
    const struct vg_buf *base, int64_t pad)
{
	struct vg_buf	 b = { NULL, 0, 0 };
	size_t		 k;
	int64_t		 h;

	vg_buf_fmt(&b, "%s", base->s != NULL ? base->s : "");
	for (k = 0; k < n; k++)
		if (sp[k].start < sp[i].end + 2 * pad + PASS_AFTER)
			vg_buf_fmt(&b, "%lld:%lld:%lld:%lld:%lld;",
			    (long long)sp[k].id, (long long)sp[k].start,
			    (long long)sp[k].end, (long long)sp[k].gates,
			    (long long)sp[k].sightings);
	h = (int64_t)(vg_fnv(b.s, b.len) & INT64_MAX);
	free(b.s);
	return h;
}

/* What a span's scan reads, [*from, *to]: as far past its ends as a
 * correction (pad) can move a row (what a stream of the span reads: a row
 * corrected out of every span is still some span's), and PASS_NEAR more.
 * A span whose reach ends before a time, or starts after it, can store no
 * candidate there. */
void
vg_ar_pass_reach(const struct vg_ar_pspan *sp, int64_t pad, int64_t *from,
    int64_t *to)
{
	*from = sp->start - pad - PASS_NEAR;
	*to = sp->end - 1 + pad + PASS_NEAR;
}

/* The sex an observation's attributes give: 1 male, 2 female, 0 unknown. */
int
vg_ar_attr_sex(const char *attrs)
{
	const char	*p;

	if (attrs == NULL || (p = strstr(attrs, "gender=")) == NULL)
		return 0;
	p += 7;
	return strncmp(p, "male", 4) == 0 ? 1 : strncmp(p, "female", 6) == 0 ?
	    2 : 0;
}

/* A deep copy of an observation, to keep past a callback. */
void
vg_obs_copy(struct vg_obs *dst, const struct vg_obs *src)
{
	*dst = *src;
	dst->track = src->track ? xstrdup(src->track) : NULL;
	dst->person = src->person ? xstrdup(src->person) : NULL;
	dst->source = src->source ? xstrdup(src->source) : NULL;
	dst->plate = src->plate ? xstrdup(src->plate) : NULL;
	dst->attrs = src->attrs ? xstrdup(src->attrs) : NULL;
	if (src->emb != NULL) {
		dst->emb = xcalloc(src->embdim, sizeof(*dst->emb));
		memcpy(dst->emb, src->emb, src->embdim * sizeof(*dst->emb));
	}
}

void
vg_obs_free(struct vg_obs *o)
{
	free(o->track);
	free(o->person);
	free(o->emb);
	free(o->source);
	free(o->plate);
	free(o->attrs);
	memset(o, 0, sizeof(*o));
}

/* A clothing colour's name by its code, or NULL for unknown or none. */
const char *
vg_colour_name(int code)
{
	if (code <= 0 || code >= (int)(sizeof(vg_colour_names) /
	    sizeof(vg_colour_names[0])) - 1)
		return NULL;
	return vg_colour_names[code];
}

/* The operations, each to the archive's back end. */

int
vg_archive_version(struct vg_archive *ar)
{
	return ar->ops->version(ar);
}

int
vg_archive_has(struct vg_archive *ar, enum vg_holds part)
{
	return ar->ops->has(ar, part);
}

int
vg_ar_has_site(struct vg_archive *ar)
{
	return ar->ops->has_site(ar);
}

int
vg_ar_begin(struct vg_archive *ar, const char *table, int64_t rows,
    struct vg_error *err)
{
	return ar->ops->begin(ar, table, rows, err);
}

int
vg_ar_commit(struct vg_archive *ar, struct vg_error *err)
{
	return ar->ops->commit(ar, err);
}

void
vg_ar_rollback(struct vg_archive *ar)
{
	ar->ops->rollback(ar);
}

/* Whether the transaction under way failed (a read in it taken as none):
 * 1 with its first failure in err. */
int
vg_ar_failed(struct vg_archive *ar, struct vg_error *err)
{
	if (ar->ops->failed == NULL)
		return 0;
	return ar->ops->failed(ar, err);
}

int
vg_ar_source_find(struct vg_archive *ar, const char *sha, struct vg_source *src)
{
	return ar->ops->source_find(ar, sha, src);
}

int
vg_ar_source_add(struct vg_archive *ar, struct vg_source *src,
    struct vg_error *err)
{
	return ar->ops->source_add(ar, src, err);
}

int
vg_ar_source_done(struct vg_archive *ar, const struct vg_source *src,
    struct vg_error *err)
{
	return ar->ops->source_done(ar, src, err);
}

int64_t
vg_ar_device_ident(struct vg_archive *ar, const char *vendor, const char *ident,
    const char *channel, int type)
{
	return ar->ops->device_ident(ar, vendor, ident, channel, type);
}

size_t
vg_ar_embedding_dim(struct vg_archive *ar)
{
	return ar->ops->embedding_dim(ar);
}

int
vg_ar_put_site(struct vg_archive *ar, const struct vg_site *site,
    int64_t source, struct vg_error *err)
{
	return ar->ops->put_site(ar, site, source, err);
}

int
vg_ar_put_person(struct vg_archive *ar, const struct vg_person_rec *p,
    int64_t source, struct vg_error *err)
{
	return ar->ops->put_person(ar, p, source, err);
}

int
vg_ar_put_gate(struct vg_archive *ar, const struct vg_gate_rec *g,
    int64_t source, struct vg_error *err)
{
	return ar->ops->put_gate(ar, g, source, err);
}

int
vg_ar_gate_twin(struct vg_archive *ar, const struct vg_gate_rec *g,
    int64_t source)
{
	return ar->ops->gate_twin(ar, g, source);
}

int
vg_ar_gate_seen(struct vg_archive *ar, const struct vg_gate_rec *g,
    int64_t source)
{
	return ar->ops->gate_seen(ar, g, source);
}

int
vg_ar_sighting_twin(struct vg_archive *ar, const struct vg_sighting_rec *s,
    int64_t source, int own)
{
	return ar->ops->sighting_twin(ar, s, source, own);
}

int
vg_ar_person_named(struct vg_archive *ar, const char *name, char *buf,
    size_t size)
{
	return ar->ops->person_named(ar, name, buf, size);
}

int
vg_ar_put_sighting(struct vg_archive *ar, const struct vg_sighting_rec *s,
    int64_t source, int64_t *dupline, struct vg_error *err)
{
	return ar->ops->put_sighting(ar, s, source, dupline, err);
}

int
vg_archive_sources(struct vg_archive *ar, vg_source_fn fn, void *arg,
    struct vg_error *err)
{
	return ar->ops->sources(ar, fn, arg, err);
}

int
vg_archive_people(struct vg_archive *ar, const char *status, vg_person_fn fn,
    void *arg, struct vg_error *err)
{
	return ar->ops->people(ar, status, fn, arg, err);
}

int
vg_archive_site(struct vg_archive *ar, struct vg_site **out,
    struct vg_error *err)
{
	return ar->ops->site(ar, out, err);
}

int
vg_query_run(struct vg_archive *ar, const struct vg_query *q, vg_row_fn fn,
    void *arg, struct vg_error *err)
{
	return ar->ops->query_run(ar, q, fn, arg, err);
}

int
vg_query_count(struct vg_archive *ar, const struct vg_query *q, int64_t *n,
    struct vg_error *err)
{
	return ar->ops->query_count(ar, q, n, err);
}

int
vg_ar_box(struct vg_archive *ar, const char *camera, const char *track,
    const char *source, double box[4], struct vg_error *err)
{
	return ar->ops->box(ar, camera, track, source, box, err);
}

int
vg_ar_graph(struct vg_archive *ar, struct vg_graph *g, struct vg_error *err)
{
	return ar->ops->graph(ar, g, err);
}

int
vg_ar_window(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t lo, int64_t hi, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	return ar->ops->window(ar, g, dev, lo, hi, fn, arg, err);
}

int
vg_ar_vehicle_devices(struct vg_archive *ar, const struct vg_graph *g,
    int *vdev, struct vg_error *err)
{
	return ar->ops->vehicle_devices(ar, g, vdev, err);
}

/* The sighting camera:track into *o: 1, 0 none, -1 error, -2 more than
 * one (a track's number used again by another file; err says so). */
int
vg_ar_sighting(struct vg_archive *ar, const struct vg_graph *g,
    const char *camera, const char *track, struct vg_obs *o,
    struct vg_error *err)
{
	return ar->ops->sighting(ar, g, camera, track, o, err);
}

/* What vg_ar_sighting_at looks for, and what it found. */
struct sight_at {
	const char	*track;		/* the track's number */
	int64_t		 at;		/* the instant, UTC us */
	int64_t		 first;		/* the sighting's first seen */
	struct vg_obs	*o;		/* it (seen_obs) */
	int		 n;		/* how many */
};

/* A sighting of the track whose span holds the instant (a second either
 * way). */
static int
seen_row(const struct vg_row *r, void *arg)
{
	struct sight_at	*s = arg;
	int64_t		 last = r->last != VG_TIME_NONE ? r->last : r->t;

	if (r->t - 1000000 > s->at || last + 1000000 < s->at)
		return 0;
	if (s->n++ == 0)
		s->first = r->t;
	return 0;
}

static int
seen_obs(const struct vg_obs *v, void *arg)
{
	struct sight_at	*s = arg;

	if (s->n > 0 || v->track == NULL || strcmp(v->track, s->track) != 0)
		return 0;
	vg_obs_copy(s->o, v);
	s->n = 1;
	return 0;
}

/*
 * The sighting camera:track seen at at (its span holds it, a second
 * either way; times clock corrected, as the tools show them), where the
 * track's number names more than one: as vg_ar_sighting; at VG_TIME_NONE,
 * any.
 */
int
vg_ar_sighting_at(struct vg_archive *ar, const struct vg_graph *g,
    const char *camera, const char *track, int64_t at, struct vg_obs *o,
    struct vg_error *err)
{
	struct vg_query	 q;
	struct sight_at	 s;
	size_t		 i;

	if (at == VG_TIME_NONE)
		return vg_ar_sighting(ar, g, camera, track, o, err);
	for (i = 0; i < g->ndev; i++)
		if (g->dev[i].type == VG_CAMERA && strcmp(g->dev[i].code,
		    camera) == 0)
			break;
	if (i == g->ndev)
		return 0;
	memset(&s, 0, sizeof(s));
	s.track = track;
	s.at = at;
	s.o = o;
	vg_query_init(&q);
	q.camera = camera;
	q.track = track;
	q.from = at - 1000000;
	q.to = at + 1000000;
	q.kinds = VG_ROW_SIGHTING;
	if (vg_query_run(ar, &q, seen_row, &s, err) == -1)
		return -1;
	if (s.n > 1) {
		vg_error_set(err, "%s:%s names %d sightings seen then", camera,
		    track, s.n);
		return -2;
	}
	if (s.n == 0)
		return 0;
	/* the one found, as tracking reads it */
	s.n = 0;
	if (vg_ar_window(ar, g, (int)i, s.first, s.first, seen_obs, &s,
	    err) == -1) {
		if (s.n > 0)
			vg_obs_free(o);
		return -1;
	}
	return s.n;
}

int
vg_ar_identity(struct vg_archive *ar, const struct vg_graph *g,
    const char *person, int64_t lo, int64_t hi, vg_obs_fn fn, void *arg,
    struct vg_error *err)
{
	return ar->ops->identity(ar, g, person, lo, hi, fn, arg, err);
}

int
vg_ar_person_looks(struct vg_archive *ar, const struct vg_graph *g,
    const char *person, int64_t lo, int64_t hi, vg_obs_fn fn, void *arg,
    struct vg_error *err)
{
	return ar->ops->person_looks(ar, g, person, lo, hi, fn, arg, err);
}

int
vg_ar_set_offset(struct vg_archive *ar, const char *device, int64_t offset,
    const char *method, int64_t support, int64_t uncertainty, const char *note,
    struct vg_error *err)
{
	return ar->ops->set_offset(ar, device, offset, method, support,
	    uncertainty, note, err);
}

int
vg_ar_offsets(struct vg_archive *ar, vg_offset_fn fn, void *arg,
    struct vg_error *err)
{
	return ar->ops->offsets(ar, fn, arg, err);
}

char *
vg_ar_owner(struct vg_archive *ar, const char *what, const char *value)
{
	return ar->ops->owner(ar, what, value);
}

int
vg_ar_person(struct vg_archive *ar, const char *id, char **name,
    struct vg_error *err)
{
	return ar->ops->person(ar, id, name, err);
}

int
vg_ar_put_recording(struct vg_archive *ar, const struct vg_recording *r,
    struct vg_error *err)
{
	return ar->ops->put_recording(ar, r, err);
}

int
vg_ar_recording_find(struct vg_archive *ar, const char *path, uint64_t *size,
    int64_t *mtime, char *sha256, struct vg_error *err)
{
	return ar->ops->recording_find(ar, path, size, mtime, sha256, err);
}

int
vg_ar_recordings(struct vg_archive *ar, const char *camera, int64_t from,
    int64_t to, vg_recording_fn fn, void *arg, struct vg_error *err)
{
	char	sb[VG_SHOWSZ];

	/* as a query of events says, not an empty list */
	if (camera != NULL && vg_ar_device(ar, camera, strlen(camera),
	    VG_CAMERA) <= 0) {
		vg_error_set(err, "unknown camera '%s' (vigil site -s devices"
		    " lists the site's)", vg_show(camera, strlen(camera), sb,
		    sizeof(sb)));
		return -1;
	}
	return ar->ops->recordings(ar, camera, from, to, fn, arg, err);
}

/*
 * A recording's keyframe offsets from the bytes both back ends keep them
 * in (little-endian 64-bit microseconds): n of them into *kf, grown.
 */
size_t
vg_ar_keyframes(const unsigned char *blob, size_t len, int64_t **kf)
{
	size_t	i, n = blob != NULL ? len / 8 : 0;
	int	b;

	*kf = xreallocarray(*kf, n + 1, sizeof(**kf));
	for (i = 0; i < n; i++) {
		uint64_t v = 0;

		for (b = 7; b >= 0; b--)
			v = v << 8 | blob[i * 8 + (size_t)b];
		(*kf)[i] = (int64_t)v;
	}
	return n;
}

int
vg_ar_model_read(struct vg_archive *ar, char **body, struct vg_error *err)
{
	return ar->ops->model_read(ar, 0, body, err);
}

/*
 * The stored model's JSON without its links and devices (most of it, on
 * a large site), for search by look, which weighs neither: 1, 0 when
 * none is stored, -1.
 */
int
vg_ar_model_read_look(struct vg_archive *ar, char **body,
    struct vg_error *err)
{
	return ar->ops->model_read(ar, 1, body, err);
}

/* Store the model's JSON in place of the one before. */
int
vg_ar_model_write(struct vg_archive *ar, int64_t learned, const char *body,
    struct vg_error *err)
{
	return ar->ops->model_write(ar, learned, body, err);
}

int
vg_ar_named(struct vg_archive *ar, const struct vg_graph *g, size_t spans,
    int64_t limit, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	return ar->ops->named(ar, g, spans, limit, fn, arg, err);
}

int
vg_ar_sample(struct vg_archive *ar, const struct vg_graph *g, size_t spans,
    int64_t n, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	return ar->ops->sample(ar, g, spans, n, fn, arg, err);
}

int
vg_ar_device_counts(struct vg_archive *ar, const struct vg_graph *g, int64_t *n,
    int64_t *named, int64_t *sighting, int64_t *gate, struct vg_error *err)
{
	return ar->ops->device_counts(ar, g, n, named, sighting, gate, err);
}

int
vg_ar_recordings_root(struct vg_archive *ar, char **root, struct vg_error *err)
{
	return ar->ops->recordings_root(ar, root, err);
}

int
vg_ar_set_recordings_root(struct vg_archive *ar, const char *root,
    struct vg_error *err)
{
	return ar->ops->set_recordings_root(ar, root, err);
}

int
vg_ar_skew_estimated(struct vg_archive *ar, struct vg_error *err)
{
	return ar->ops->skew_estimated(ar, err);
}

int
vg_ar_recording_rename(struct vg_archive *ar, const char *from, const char *to,
    struct vg_error *err)
{
	return ar->ops->recording_rename(ar, from, to, err);
}

int
vg_archive_spans(struct vg_archive *ar, vg_span_fn fn, void *arg,
    struct vg_error *err)
{
	return ar->ops->spans(ar, fn, arg, err);
}

int
vg_archive_span_check(struct vg_archive *ar, const char *name, vg_problem_fn fn,
    void *arg, struct vg_error *err)
{
	return ar->ops->span_check(ar, name, fn, arg, err);
}

int
vg_archive_span_drop(struct vg_archive *ar, const char *const *names, size_t n,
    vg_span_fn fn, void *arg, struct vg_error *err)
{
	return ar->ops->span_drop(ar, names, n, fn, arg, err);
}

int
vg_archive_keep(struct vg_archive *ar, int64_t before, vg_span_fn fn, void *arg,
    struct vg_error *err)
{
	return ar->ops->keep(ar, before, fn, arg, err);
}

/*
 * The closed spans of each local week (month: 1) that ends by before
 * merged into one span each: how many were made, -1 with err set, or
 * -2 where the back end does not merge (a server's partitions, not yet:
 * a query planned on the parent, a person's month, reads the catalogue
 * of each partition it prunes to, at a session's first; bench/README.md,
 * "pgq21b").
 */
int
vg_archive_compact(struct vg_archive *ar, int64_t before, int month,
    vg_merged_fn fn, void *arg, struct vg_error *err)
{
	if (ar->ops->compact == NULL)
		return -2;
	return ar->ops->compact(ar, before, month, fn, arg, err);
}

/*
 * How a writer of the spans' structure waits for another's lock: up to
 * secs seconds, then fails naming the holder; fn told of a stale lock (its
 * process gone) taken over.  Back ends without a long structure change
 * (a server's: one transaction each, writers taking turns) ignore it.
 */
void
vg_archive_lock_wait(struct vg_archive *ar, int secs, vg_lock_fn fn,
    void *arg)
{
	ar->lock_wait = secs;
	ar->lock_fn = fn;
	ar->lock_arg = arg;
}

/* Whether the last call failed for another's structure lock. */
int
vg_archive_locked(struct vg_archive *ar)
{
	return ar->locked;
}

/*
 * A call of files to import, bytes in all, follows: until
 * vg_archive_settle each file's commit may leave work for the call's
 * end (each file stays whole or not imported).
 */
int
vg_archive_defer(struct vg_archive *ar, int64_t bytes, struct vg_error *err)
{
	/* (about 64 bytes a gate event: the most rows bytes bring) */
	return ar->ops->defer == NULL ? 0 : ar->ops->defer(ar, bytes / 64,
	    err);
}

/* What imports left for the end of their call, done. */
int
vg_archive_settle(struct vg_archive *ar, struct vg_error *err)
{
	return ar->ops->settle == NULL ? 0 : ar->ops->settle(ar, err);
}

/* The spans with rows that begin first and end last. */
struct ends {
	char		*lo;		/* the first's name, or NULL */
	int64_t		 start;		/* its start */
	char		*hi;		/* the last's name, or NULL */
	int64_t		 end;		/* its end */
};

static int
ends_of(const struct vg_span *sp, void *arg)
{
	struct ends	*e = arg;

	if (sp->gates + sp->sightings == 0)
		return 0;
	if (e->lo == NULL || sp->start < e->start) {
		free(e->lo);
		e->lo = xstrdup(sp->name);
		e->start = sp->start;
	}
	if (e->hi == NULL || sp->end > e->end) {
		free(e->hi);
		e->hi = xstrdup(sp->name);
		e->end = sp->end;
	}
	return 0;
}

int
vg_archive_bounds(struct vg_archive *ar, int64_t *start, int64_t *end,
    struct vg_error *err)
{
	struct ends	 e = { NULL, 0, NULL, 0 };
	int		 rc;

	if ((rc = vg_archive_spans(ar, ends_of, &e, err)) == 0 &&
	    e.lo != NULL) {
		*start = e.start;
		*end = e.end;
		rc = 1;
	}
	free(e.lo);
	free(e.hi);
	return rc;
}

/*
 * The times of the archive's first and last rows: the earliest of the
 * span that begins first, the latest of the one that ends last (their
 * tables read whole: no index has the time alone; asked only when a
 * search finds nothing).  1, or 0 when it holds none.
 */
int
vg_archive_extent(struct vg_archive *ar, int64_t *first, int64_t *last,
    struct vg_error *err)
{
	struct ends	 e = { NULL, 0, NULL, 0 };
	int		 rc;

	if ((rc = vg_archive_spans(ar, ends_of, &e, err)) == 0 && e.lo != NULL)
		rc = ar->ops->span_extent(ar, e.lo, 0, first, err);
	if (rc == 1 && (rc = ar->ops->span_extent(ar, e.hi, 1, last, err)) ==
	    1 && *first > *last)
		rc = 0;
	free(e.lo);
	free(e.hi);
	return rc;
}

int
vg_archive_lookvec_build(struct vg_archive *ar, size_t *nspans, int64_t *nrows,
    struct vg_error *err)
{
	return ar->ops->lookvec_build(ar, nspans, nrows, err);
}

int
vg_ar_lookvec(struct vg_archive *ar, const struct vg_span *v,
    struct vg_lookvec *lv, struct vg_error *err)
{
	return ar->ops->lookvec(ar, v, lv, err);
}

/* Whether a span's vector file lies beside the archive, kept by its
 * imports (a file); a server's are written anew by each
 * vg_ar_lookvec(), from the whole span. */
int
vg_ar_lookvec_kept(struct vg_archive *ar)
{
	return !vg_archive_is_server(ar->path);
}

int
vg_ar_entry_hours(struct vg_archive *ar, vg_hours_fn fn, void *arg,
    struct vg_error *err)
{
	return ar->ops->entry_hours(ar, fn, arg, err);
}

int
vg_ar_habit(struct vg_archive *ar, const char *who, const char *zone,
    uint32_t *hours, struct vg_error *err)
{
	return ar->ops->habit(ar, who, zone, hours, err);
}

int
vg_ar_stream(struct vg_archive *ar, const char *const *codes, size_t ncodes,
    int64_t from, int64_t to, vg_row_fn fn, void *arg, struct vg_error *err)
{
	return ar->ops->stream(ar, codes, ncodes, from, to, fn, arg, err);
}

int
vg_ar_last_passages(struct vg_archive *ar, const struct vg_passq *q, size_t n,
    vg_passq_fn fn, void *arg, struct vg_error *err)
{
	return ar->ops->last_passages(ar, q, n, fn, arg, err);
}

int
vg_ar_pass_store(struct vg_archive *ar, int make, vg_pscan_fn fn, void *arg,
    struct vg_error *err)
{
	if (ar->ops->pass_store == NULL)
		return 0;
	return ar->ops->pass_store(ar, make, fn, arg, err);
}

int
vg_ar_pass_stored(struct vg_archive *ar, int64_t from, int64_t to,
    vg_pcand_fn fn, void *arg, struct vg_error *err)
{
	if (ar->ops->pass_stored == NULL)
		return 0;
	return ar->ops->pass_stored(ar, from, to, fn, arg, err);
}

/* The rows of parts of what vg_ar_stream would give (how, enum
 * vg_spart_how) to fn: 1, or 0 (nothing given) when the back end cannot
 * narrow it so. */
int
vg_ar_stream_parts(struct vg_archive *ar, const struct vg_spart *p, size_t n,
    int how, vg_row_fn fn, void *arg, struct vg_error *err)
{
	if (ar->ops->stream_parts == NULL)
		return 0;
	return ar->ops->stream_parts(ar, p, n, how, fn, arg, err);
}

/* The gate events of each of the n parts (a gate's, corrected times
 * from..to; a gate's parts next to each other, in time order, apart)
 * counted into c[k]: 1, or 0 (nothing counted) when the back end cannot
 * count them through an index. */
int
vg_ar_count_parts(struct vg_archive *ar, const struct vg_spart *p, size_t n,
    int64_t *c, struct vg_error *err)
{
	if (ar->ops->count_parts == NULL)
		return 0;
	return ar->ops->count_parts(ar, p, n, c, err);
}

/* The gate events of each of the n parts (a gate's parts next to each
 * other, all from the same time, their ends in order) bounded by the
 * counts the archive keeps: lo[k] those before at[k] (exact; at[k] the
 * part's end + 1 where lo[k] is its count), hi[k] at least the part's.
 * 1, or 0 (nothing given) when the back end keeps no such counts. */
int
vg_ar_count_bounds(struct vg_archive *ar, const struct vg_spart *p,
    size_t n, int64_t *lo, int64_t *hi, int64_t *at, struct vg_error *err)
{
	if (ar->ops->count_bounds == NULL)
		return 0;
	return ar->ops->count_bounds(ar, p, n, lo, hi, at, err);
}

/* Two codes (pointers to them) in strcmp's order. */
static int
code_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A stream's n device codes sorted, for vg_ar_code_in (free it); NULL
 * for codes NULL (every device). */
const char **
vg_ar_codes_sorted(const char *const *codes, size_t n)
{
	const char	**sorted;

	if (codes == NULL)
		return NULL;
	sorted = xcalloc(n + 1, sizeof(*sorted));
	memcpy(sorted, codes, n * sizeof(*sorted));
	vg_qsort(sorted, n, sizeof(*sorted), code_cmp);
	return sorted;
}

/* Whether a stream of the codes vg_ar_codes_sorted gave (n; NULL: every
 * device) reads the device of that code: looked up, where each device
 * of a campus was compared with each code of a stream of every gate. */
int
vg_ar_code_in(const char *const *sorted, size_t n, const char *code)
{
	return sorted == NULL || (code != NULL && bsearch(&code, sorted, n,
	    sizeof(*sorted), code_cmp) != NULL);
}

/* A part's bounds found (vg_ar_count_bounds, by a back end's counts of
 * VG_CBUCKET): lo and hi added to, and where lo's count ends (corrected;
 * its end + 1 where lo is exact); off its gate's clock offset, x its raw
 * end, a its raw start, f the first whole bucket's start. */
void
vg_ar_bound_set(int64_t *lo, int64_t *hi, int64_t *at,
    const struct vg_spart *p, int64_t off, int64_t x, int64_t a, int64_t f,
    int64_t l, int64_t h)
{
	*lo += l;
	*hi += h;
	if (x < a || x == f - 1 || (x >= f && (x + 1) % VG_CBUCKET == 0))
		*at = p->to + 1;
	else if (x < f)
		*at = p->from;
	else
		*at = VG_BUCKET(x) * VG_CBUCKET - off;
}

/* Parts j to e (before e) whose end falls before bucket bb's end found
 * (vg_ar_count_bounds): cum events before it, nn in it; the next part. */
size_t
vg_ar_bound_bucket(int64_t *lo, int64_t *hi, int64_t *at,
    const struct vg_spart *p, size_t j, size_t e, int64_t off, int64_t a,
    int64_t fb, int64_t bb, int64_t nn, int64_t cum)
{
	int64_t	x;

	for (; j < e && (x = p[j].to + off) < bb * VG_CBUCKET; j++)
		vg_ar_bound_set(&lo[j], &hi[j], &at[j], &p[j], off, x, a, fb,
		    cum, cum);
	for (; j < e && (x = p[j].to + off) < (bb + 1) * VG_CBUCKET; j++)
		vg_ar_bound_set(&lo[j], &hi[j], &at[j], &p[j], off, x, a, fb,
		    (x + 1) % VG_CBUCKET == 0 ? cum + nn : cum, cum + nn);
	return j;
}

/*
 * A batch of a writer's many small writes (vigil-index's recordings) in
 * one transaction: how 1 begins it, 0 commits it, -1 undoes it.  A
 * recording put in it that fails leaves the batch's others as they were.
 * Nothing for a back end whose every write may commit alone.
 */
int
vg_ar_batch(struct vg_archive *ar, int how, struct vg_error *err)
{
	if (ar->ops->batch == NULL)
		return 0;
	return ar->ops->batch(ar, how, err);
}

int
vg_ar_hold(struct vg_archive *ar, int on, struct vg_error *err)
{
	return ar->ops->hold(ar, on, err);
}

/* A window with only what tracking scores (the whole rows where the back
 * end has no lean read). */
int
vg_ar_window_lean(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t lo, int64_t hi, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	if (ar->ops->window_lean == NULL)
		return ar->ops->window(ar, g, dev, lo, hi, fn, arg, err);
	return ar->ops->window_lean(ar, g, dev, lo, hi, fn, arg, err);
}

/* The ids and first seen (as logged) of the sightings that name person
 * from lo to hi (as logged), with a vector or not, read from an index
 * alone: 1 (nothing given) where the back end has no such read, else
 * 0, -1 on error, or the callback's non-zero. */
int
vg_ar_person_ids(struct vg_archive *ar, const char *person, int64_t lo,
    int64_t hi, vg_id_fn fn, void *arg, struct vg_error *err)
{
	if (ar->ops->person_ids == NULL)
		return 1;
	return ar->ops->person_ids(ar, person, lo, hi, fn, arg, err);
}

/* One row of dev by its id, logged at t (corrected), as a lean window
 * gives it: where the back end has no read by id, dev's window at t (fn
 * then picks the row by its id). */
int
vg_ar_row_lean(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t t, int64_t id, vg_obs_fn fn, void *arg, struct vg_error *err)
{
	if (ar->ops->row_lean == NULL)
		return vg_ar_window_lean(ar, g, dev, t, t, fn, arg, err);
	return ar->ops->row_lean(ar, g, dev, t, id, fn, arg, err);
}

int
vg_ar_slots(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t t0, int64_t lo, int64_t width, int cap, vg_slot_fn fn, void *arg,
    struct vg_error *err)
{
	return ar->ops->slots(ar, g, dev, t0, lo, width, cap, fn, arg, err);
}

struct slotprobe {
	int64_t		 lim;		/* the end of the slot */
	int		 cap;		/* rows counted at most */
	int		 count;		/* rows counted */
	int64_t		 tk;		/* the time of the last counted */
	int64_t		 next;		/* the first time past the slot */
};

/* Count what falls in the slot, up to the cap. */
static int
slot_row(const struct vg_obs *o, void *arg)
{
	struct slotprobe	*s = arg;

	if (o->first >= s->lim) {
		s->next = o->first;
		return 1;
	}
	s->tk = o->first;
	return ++s->count == s->cap;
}

#define SLOT_FAR	(INT64_C(1) << 60)	/* after any time */

/*
 * The slots op by windows, a statement a slot that holds any: from lo,
 * a window from its slot's start to the end of time read until the cap
 * is counted or a row past the slot, then from the next slot's start, or
 * from that row's.  A back end with no better way (a file: each
 * statement is a function call).
 */
int
vg_slots_by_window(struct vg_archive *ar, const struct vg_graph *g, int dev,
    int64_t t0, int64_t lo, int64_t width, int cap, vg_slot_fn fn, void *arg,
    struct vg_error *err)
{
	struct slotprobe	 s;
	int64_t			 t, k;

	s.cap = cap;
	for (t = lo; t != SLOT_FAR; ) {
		k = (t - t0) / width;
		s.lim = t0 + (k + 1) * width;
		s.count = 0;
		s.next = SLOT_FAR;
		if (ar->ops->window(ar, g, dev, t0 + k * width, SLOT_FAR,
		    slot_row, &s, err) == -1)
			return -1;
		if (s.count == 0) {
			t = s.next;
			continue;
		}
		if (fn(k, s.count, s.tk, arg) != 0)
			break;
		t = s.count == cap ? s.lim : s.next;
	}
	return 0;
}

int
vg_ar_windows(struct vg_archive *ar, const struct vg_graph *g, int dev,
    const int64_t *lo, const int64_t *hi, size_t n, vg_obs_fn fn, void *arg,
    struct vg_error *err)
{
	return ar->ops->windows(ar, g, dev, lo, hi, n, fn, arg, err);
}

/* The windows op by windows, a statement each (a file: a function call
 * each). */
int
vg_windows_by_window(struct vg_archive *ar, const struct vg_graph *g,
    int dev, const int64_t *lo, const int64_t *hi, size_t n, vg_obs_fn fn,
    void *arg, struct vg_error *err)
{
	size_t	k;

	for (k = 0; k < n; k++)
		if (ar->ops->window(ar, g, dev, lo[k], hi[k], fn, arg,
		    err) == -1)
			return -1;
	return 0;
}

int
vg_ar_audit(struct vg_archive *ar, const char *tool, const char *subject,
    const char *why, const char *casename, struct vg_error *err)
{
	if (ar->ops->audit == NULL)
		return 0;
	return ar->ops->audit(ar, tool, subject, why, casename, err);
}

/* qsort's order of plate matches: nearest first, then by plate. */
int
vg_pmatch_cmp(const void *a, const void *b)
{
	const struct vg_pmatch *x = a, *y = b;

	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return strcmp(x->plate, y->plate);
}

/* A query's gate and camera, checked against the site's devices: -1,
 * err set, when either is not one. */
int
vg_ar_query_devices(struct vg_archive *ar, const struct vg_query *q,
    struct vg_error *err)
{
	char	b[VG_SHOWSZ];

	if (q->gate != NULL && vg_ar_device(ar, q->gate, strlen(q->gate),
	    VG_GATE) <= 0) {
		vg_error_set(err, "unknown gate '%s' (vigil site -s devices"
		    " lists the site's)", vg_show(q->gate, strlen(q->gate), b,
		    sizeof(b)));
		return -1;
	}
	if (q->camera != NULL && vg_ar_device(ar, q->camera,
	    strlen(q->camera), VG_CAMERA) <= 0) {
		vg_error_set(err, "unknown camera '%s' (vigil site -s devices"
		    " lists the site's)", vg_show(q->camera, strlen(q->camera),
		    b, sizeof(b)));
		return -1;
	}
	return 0;
}

/*
 * The next closed period a merge takes (vg_ar_compact): the first, in
 * time order, that starts at or after *at, ends by before and holds two or
 * more of the n spans sp (id 0, a file's legacy span, is none of them):
 * its bounds in *ps and *pe, its name in pname (16 bytes: vg_local_period,
 * a calendar month with month, else a local week), *at moved past it; 1,
 * or 0 when there is none.  Both back ends' compactions ask it.
 */
int
vg_ar_period_next(struct vg_tz *tz, const struct vg_ar_pspan *sp, size_t n,
    int month, int64_t before, int64_t *at, int64_t *ps, int64_t *pe,
    char *pname)
{
	size_t	i, j, in;

	for (i = 0; i < n; i++) {
		if (sp[i].id == 0 || sp[i].start < *at)
			continue;
		vg_local_period(tz, sp[i].start, month, ps, pe, pname);
		if (*pe > before)
			continue;
		*at = *pe;
		for (j = 0, in = 0; j < n; j++)
			if (sp[j].id != 0 && sp[j].start >= *ps &&
			    sp[j].end <= *pe)
				in++;
		if (in >= 2)
			return 1;
	}
	return 0;
}

/*
 * A merged period's span name and its tables' suffix: pname, or pname.N
 * where one of the archive's spans (the n names of taken) already has
 * it; the suffix '_' and the name without its '-', a '.' as '_', in
 * lower case where lower (as a server names its tables).
 */
void
vg_ar_period_name(const char *pname, const char *const *taken, size_t n,
    int lower, char *name, size_t namesz, char *suffix, size_t suffixsz)
{
	const char	*s;
	size_t		 i, j;
	int		 dup = 1;

	snprintf(name, namesz, "%s", pname);
	for (i = 0; i < n; i++)
		if (strcmp(taken[i], name) == 0) {
			snprintf(name, namesz, "%s.%d", pname, ++dup);
			i = (size_t)-1;
		}
	for (s = name, j = 0; *s != '\0' && j + 2 < suffixsz; s++)
		if (*s != '-')
			suffix[1 + j++] = *s == '.' ? '_' : lower ?
			    (char)tolower((unsigned char)*s) : *s;
	suffix[0] = '_';
	suffix[1 + j] = '\0';
}
