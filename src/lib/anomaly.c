/* anomaly.c: find what should not have happened, in one pass over a span */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil.h"

#define US		1000000LL	/* microseconds a second */
#define MINUTE		(60 * US)
#define HOUR		(3600 * US)
#define RECENT		32		/* reads a gate remembers */
#define NPEND		32		/* badge reads awaiting their faces */
#define NPCACHE		4096		/* strings cached by address */
#define LEAVING		(10 * MINUTE)	/* a vehicle seen this long after it
					   came in may be leaving */
#define SURPRISE	1e-4		/* a burst's chance, times the gate's
					   reads so far, under which it is one */
#define MINREADS	50		/* reads a gate needs for a rate of its
					   own */		/* chance under which a gate's denials
					   are a burst */

const char *const vg_anomaly_names[VG_AN_N] = {
	"impossible-travel", "tailgating", "passback", "never-left",
	"face-mismatch", "after-hours", "denied-burst"
};

/* A string key's slot in a map; the map grows by doubling. */
struct slot {
	char		*key;		/* the key, or NULL when free */
	size_t		 val;		/* index into the owner's array */
};

struct map {
	struct slot	*s;		/* slots */
	size_t		 cap;		/* how many, a power of two */
	size_t		 n;		/* in use */
};

/* A string of a stream by its address: its device index, its copy. */
struct pcache {
	const char	*addr;		/* the stream's string, or NULL */
	int		 dev;		/* its device index, or -1 */
	const char	*held;		/* its copy in the pool */
};

/* What one card, plate or face-named person last did. */
struct seen {
	struct vg_row	 last;		/* the last read */
	int		 dev;		/* its device, by site index */
};

/* A card's or a person's standing at one ring boundary. */
struct side {
	struct vg_row	 last;		/* the last granted passage */
	int		 dir;		/* 1 in, 2 out, 0 none */
};

/* A plate inside the site. */
struct stay {
	struct vg_row	 in;		/* the entry */
	int		 inside;	/* not seen leaving since */
};

/* A card's recent denials. */
struct denials {
	struct vg_row	 first;		/* the first of the run */
	struct vg_row	 last;		/* the latest */
	int		 n;		/* denials in the run */
	int		 reported;	/* the run is reported */
};

/* One gate's recent reads, and how often it denies. */
struct gate {
	struct vg_row	 recent[RECENT]; /* latest reads, a ring */
	size_t		 nrecent;	/* reads held */
	size_t		 head;		/* next slot */
	int64_t		*win;		/* times of the reads in the window */
	char		*windenied;	/* each denied */
	size_t		 nwin;		/* reads in the window */
	size_t		 wincap;	/* room */
	int		 nwindenied;	/* denials in the window */
	int64_t		 nreads;	/* reads so far */
	int64_t		 ndenied;	/* denials so far */
	int64_t		 burstend;	/* a reported burst lasts until */
	struct vg_row	 pend[NPEND];	/* badge reads awaiting their window */
	size_t		 npend;		/* how many */
};

/* A zone's entries by hour of day, and who entered it when. */
struct hours {
	int64_t		 byhour[24];	/* granted entries, by local hour */
	int64_t		 n;		/* all of them */
};

struct scan {
	struct vg_archive *ar;		/* the archive */
	int64_t		 nread;		/* rows read, for progress */
	const struct vg_anomaly_opts *o; /* options */
	const struct vg_site *site;	/* its site */
	struct vg_tz	*tz;		/* the site's zone */
	struct map	 devmap;	/* device id to index */
	int		*ring;		/* ring by device, 0 unknown */
	int		*zone;		/* zone index by device, -1 */
	int		*vgate;		/* device is a vehicle gate */
	int		*door;		/* device is a building's door */
	int		*adj0;		/* links of device i: adj[adj0[i]] up
					   to adj[adj0[i + 1]] */
	int		*adj;		/* the device a link leads to */
	double		*adjw;		/* its length, metres */
	double		**fast;		/* shortest way, metres, from a device
					   to each, once asked */
	struct map	 keymap;	/* card:, plate:, face: keys */
	struct seen	*seen;		/* by keymap value */
	size_t		 nseen;		/* how many */
	struct map	 sidemap;	/* key@ring */
	struct side	*side;		/* by sidemap value */
	size_t		 nside;		/* how many */
	struct map	 staymap;	/* plates */
	struct stay	*stay;		/* by staymap value */
	size_t		 nstay;		/* how many */
	int64_t		*stays;		/* completed stays, us */
	size_t		 nstays;	/* how many */
	int		 left;		/* the plate asked about was seen
					   leaving */
	struct map	 visitors;	/* roster ids of visitors */
	struct map	 guestmap;	/* visitors seen at the boundary */
	struct stay	*guest;		/* by guestmap value */
	size_t		 nguest;	/* how many */
	int		*edge;		/* device is a gate of the outermost
					   ring gates have */
	struct map	 denymap;	/* cards denied */
	struct denials	*den;		/* by denymap value */
	size_t		 nden;		/* how many */
	struct gate	*gate;		/* by device index */
	struct hours	*zh;		/* entries by zone and hour */
	unsigned char	**open;		/* by zone: its open minutes as the
					   site gives them, or NULL */
	struct map	 habit;		/* person@zone@hour seen entering */
	struct map	 pool;		/* every string of the rows held, once:
					   rows held point into it */
	struct pcache	 pc[NPCACHE];	/* devices and sources by address */
	int64_t		 lastt;		/* the last row's time, finding */
	int		 pass;		/* 1 learning, 2 finding */
	struct vg_anomaly *a;		/* found */
	size_t		 na;		/* how many */
	struct vg_error	*err;		/* where a failure goes */
};

static void
map_free(struct map *m)
{
	size_t	i;

	for (i = 0; i < m->cap; i++)
		free(m->s[i].key);
	free(m->s);
	memset(m, 0, sizeof(*m));
}

/*
 * The slot of key; when absent, *fresh is set and the key is added with
 * value next.
 */
static struct slot *
map_slot(struct map *m, const char *key, size_t next, int *fresh)
{
	struct slot	*old;
	size_t		 i, j, oldcap, mask;

	if (2 * (m->n + 1) > m->cap) {
		old = m->s;
		oldcap = m->cap;
		m->cap = m->cap ? 2 * m->cap : 64;
		m->s = xcalloc(m->cap, sizeof(*m->s));
		mask = m->cap - 1;
		for (i = 0; i < oldcap; i++) {
			if (old[i].key == NULL)
				continue;
			j = vg_fnv(old[i].key, strlen(old[i].key)) & mask;
			while (m->s[j].key != NULL)
				j = (j + 1) & mask;
			m->s[j] = old[i];
		}
		free(old);
	}
	mask = m->cap - 1;
	i = vg_fnv(key, strlen(key)) & mask;
	for (; m->s[i].key != NULL; i = (i + 1) & mask)
		if (strcmp(m->s[i].key, key) == 0) {
			*fresh = 0;
			return &m->s[i];
		}
	m->s[i].key = xstrdup(key);
	m->s[i].val = next;
	m->n++;
	*fresh = 1;
	return &m->s[i];
}

/* The value of key; when absent, it is added with value next, *fresh set. */
static size_t
map_get(struct map *m, const char *key, size_t next, int *fresh)
{
	return map_slot(m, key, next, fresh)->val;
}

/* The slot holding key, or NULL. */
static const struct slot *
map_find(const struct map *m, const char *key)
{
	size_t	i, mask;

	if (key == NULL || m->cap == 0)
		return NULL;
	mask = m->cap - 1;
	for (i = vg_fnv(key, strlen(key)) & mask; m->s[i].key != NULL;
	    i = (i + 1) & mask)
		if (strcmp(m->s[i].key, key) == 0)
			return &m->s[i];
	return NULL;
}

static int
map_has(const struct map *m, const char *key)
{
	return map_find(m, key) != NULL;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
vg_row_free(struct vg_row *r)
{
	free((char *)r->device);
	free((char *)r->zone);
	free((char *)r->track);
	free((char *)r->person);
	free((char *)r->name);
	free((char *)r->credential);
	free((char *)r->card);
	free((char *)r->plate);
	free((char *)r->direction);
	free((char *)r->result);
	free((char *)r->kind);
	free((char *)r->upper);
	free((char *)r->lower);
	free((char *)r->attrs);
	free((char *)r->source);
	memset(r, 0, sizeof(*r));
}

/* Copy a row with its strings, freeing what dst held. */
void
vg_row_copy(struct vg_row *dst, const struct vg_row *src)
{
	struct vg_row	r = *src;

	r.device = dup_or_null(src->device);
	r.zone = dup_or_null(src->zone);
	r.track = dup_or_null(src->track);
	r.person = dup_or_null(src->person);
	r.name = dup_or_null(src->name);
	r.credential = dup_or_null(src->credential);
	r.card = dup_or_null(src->card);
	r.plate = dup_or_null(src->plate);
	r.direction = dup_or_null(src->direction);
	r.result = dup_or_null(src->result);
	r.kind = dup_or_null(src->kind);
	r.upper = dup_or_null(src->upper);
	r.lower = dup_or_null(src->lower);
	r.attrs = dup_or_null(src->attrs);
	r.source = dup_or_null(src->source);
	vg_row_free(dst);
	*dst = r;
}

static int
is(const char *s, const char *v)
{
	return s != NULL && strcmp(s, v) == 0;
}

static int
devindex(struct scan *s, const char *id)
{
	const struct slot	*sl = map_find(&s->devmap, id);

	return sl != NULL ? (int)sl->val : -1;
}

/* A heap entry while finding the fastest ways. */
struct hent {
	double		 d;		/* seconds so far */
	int		 v;		/* device */
};

static void
heap_push(struct hent **h, size_t *n, size_t *cap, double d, int v)
{
	size_t		i, p;
	struct hent	t;

	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*h = xreallocarray(*h, *cap, sizeof(**h));
	}
	i = (*n)++;
	(*h)[i].d = d;
	(*h)[i].v = v;
	for (; i > 0 && (*h)[p = (i - 1) / 2].d > (*h)[i].d; i = p) {
		t = (*h)[p];
		(*h)[p] = (*h)[i];
		(*h)[i] = t;
	}
}

static struct hent
heap_pop(struct hent *h, size_t *n)
{
	struct hent	top = h[0], t;
	size_t		i = 0, c;

	h[0] = h[--*n];
	for (;;) {
		c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && h[c + 1].d < h[c].d)
			c++;
		if (h[i].d <= h[c].d)
			break;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
		i = c;
	}
	return top;
}

/*
 * The shortest way from device a to device b, in metres: along the site's
 * links (Dijkstra, each link as long as the straight line between its
 * devices), or, where no chain of links joins them, the straight line.
 * A device's ways are kept once computed.
 */
static double
fastest(struct scan *s, int a, int b)
{
	const struct vg_site	*site = s->site;
	size_t			 n = site->ndevices, i, nh = 0, caph = 0;
	struct hent		*h = NULL, e;
	double			*d;
	int			 k;

	if (a == b)
		return 0;
	if ((d = s->fast[a]) == NULL) {
		d = s->fast[a] = xcalloc(n, sizeof(*d));
		for (i = 0; i < n; i++)
			d[i] = INFINITY;
		d[a] = 0;
		heap_push(&h, &nh, &caph, 0, a);
		while (nh > 0) {
			e = heap_pop(h, &nh);
			if (e.d > d[e.v])
				continue;
			for (k = s->adj0[e.v]; k < s->adj0[e.v + 1]; k++)
				if (e.d + s->adjw[k] < d[s->adj[k]]) {
					d[s->adj[k]] = e.d + s->adjw[k];
					heap_push(&h, &nh, &caph, d[s->adj[k]],
					    s->adj[k]);
				}
		}
		free(h);
		for (i = 0; i < n; i++)
			if (isinf(d[i]))
				d[i] = hypot(site->devices[a].x -
				    site->devices[i].x, site->devices[a].y -
				    site->devices[i].y);
	}
	return d[b];
}

static void
fmt_time(struct scan *s, int64_t t, char *buf, size_t len)
{
	char	full[VG_TIME_BUFSZ], *sp;

	vg_time_format(s->tz, t, full, sizeof(full));
	/* the clock time only, as a person says it: 14:02:00 */
	if ((sp = strchr(full, ' ')) != NULL || (sp = strchr(full, 'T')) !=
	    NULL)
		snprintf(buf, len, "%.8s", sp + 1);
	else
		snprintf(buf, len, "%.15s", full);
}

static void
fmt_span(int64_t us, char *buf, size_t len)
{
	int64_t	sec = (us + US / 2) / US;

	if (sec < 60)
		snprintf(buf, len, "%lld s", (long long)sec);
	else if (sec < 3600)
		snprintf(buf, len, "%lld min %lld s", (long long)(sec / 60),
		    (long long)(sec % 60));
	else
		snprintf(buf, len, "%lld h %02lld min", (long long)(sec / 3600),
		    (long long)(sec / 60 % 60));
}

/* Array p of n things of size, with room for one more: doubled when n
 * reaches a power of two (the scan's arrays hold a campus's cards). */
static void *
grow(void *p, size_t n, size_t size)
{
	if (n < 16 ? n != 0 : (n & (n - 1)) != 0)
		return p;
	return xreallocarray(p, n < 16 ? 32 : 2 * n, size);
}

/* A new anomaly, its evidence copied; the caller writes the reason. */
static struct vg_anomaly *
found(struct scan *s, enum vg_anomaly_kind kind, const struct vg_row *at,
    double score, const struct vg_row *const *ev, size_t nev)
{
	struct vg_anomaly	*a;
	struct vg_buf		 key = { NULL, 0, 0 };
	size_t			 i;

	s->a = grow(s->a, s->na, sizeof(*s->a));
	a = &s->a[s->na++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->t = at->t;
	a->device = dup_or_null(at->device);
	a->zone = dup_or_null(at->zone);
	a->score = score;
	a->ev = xcalloc(nev, sizeof(*a->ev));
	for (i = 0; i < nev; i++) {
		vg_row_copy(&a->ev[a->nev], ev[i]);
		/* the lean read names no one: the roster does, here */
		if (a->ev[a->nev].person != NULL && a->ev[a->nev].name == NULL)
			(void)vg_ar_person(s->ar, a->ev[a->nev].person,
			    (char **)&a->ev[a->nev].name, NULL);
		a->nev++;
	}
	/* the id names the kind and hashes what makes it, so that a scan of
	   the same archive over any span holding it finds it again */
	vg_buf_fmt(&key, "%d", (int)kind);
	for (i = 0; i < nev; i++)
		vg_buf_fmt(&key, "|%s:%lld", ev[i]->source,
		    (long long)ev[i]->line);
	snprintf(a->id, sizeof(a->id), "%c%c-%08llx",
	    "TGPNFHD"[kind], "TGBLMRB"[kind],
	    (unsigned long long)(vg_fnv(key.s, key.len) & 0xffffffffULL));
	free(key.s);
	return a;
}

static void
set_who(struct vg_anomaly *a, const struct vg_row *r)
{
	if (a->person == NULL && r->person != NULL)
		a->person = xstrdup(r->person);
	if (a->card == NULL && r->card != NULL)
		a->card = xstrdup(r->card);
	if (a->plate == NULL && r->plate != NULL)
		a->plate = xstrdup(r->plate);
}

static const char *
who_of(const struct vg_row *r, char *buf, size_t len)
{
	if (r->card != NULL)
		snprintf(buf, len, "card %s", r->card);
	else if (r->plate != NULL)
		snprintf(buf, len, "plate %s", r->plate);
	else if (r->person != NULL)
		snprintf(buf, len, "%s (face)", r->person);
	else
		snprintf(buf, len, "someone");
	return buf;
}

/* impossible-travel: one credential at two devices too far apart. */
static void
travel(struct scan *s, const struct vg_row *r, int dev)
{
	char			 key[256], ta[16], tb[16], dt[32], way[32];
	char			 w[128];
	const struct vg_row	*ev[2];
	struct vg_anomaly	*a;
	struct seen		*sn;
	size_t			 i;
	int			 fresh;
	double			 metres, need;
	int64_t			 gap;

	if (is(r->result, "alarm"))
		return;
	if (r->card != NULL)
		snprintf(key, sizeof(key), "card:%s", r->card);
	else if (r->plate != NULL && is(r->credential, "plate"))
		snprintf(key, sizeof(key), "plate:%s", r->plate);
	else if (r->person != NULL && is(r->credential, "face") &&
	    is(r->result, "granted"))
		snprintf(key, sizeof(key), "face:%s", r->person);
	else
		return;
	i = map_get(&s->keymap, key, s->nseen, &fresh);
	if (fresh) {
		s->seen = grow(s->seen, s->nseen,
		    sizeof(*s->seen));
		memset(&s->seen[s->nseen++], 0, sizeof(*s->seen));
	}
	sn = &s->seen[i];
	if (!fresh && sn->dev != dev && sn->dev != -1 && dev != -1) {
		metres = fastest(s, sn->dev, dev);
		need = metres / (key[0] == 'p' ? s->o->drive : s->o->pace) *
		    US;
		gap = r->t - sn->last.t;
		if ((double)gap < need - (double)s->o->tolerance) {
			ev[0] = &sn->last;
			ev[1] = r;
			a = found(s, VG_AN_TRAVEL, r, 1.0 - (double)gap / need,
			    ev, 2);
			set_who(a, r);
			fmt_time(s, sn->last.t, ta, sizeof(ta));
			fmt_time(s, r->t, tb, sizeof(tb));
			fmt_span(gap, dt, sizeof(dt));
			fmt_span((int64_t)need, way, sizeof(way));
			xasprintf(&a->reason, "%s at %s %s and at %s %s: %.0f m"
			    " apart, %s; the shortest way takes %s at %.1f m/s",
			    who_of(r, w, sizeof(w)), sn->last.device, ta,
			    r->device, tb, metres, dt, way, key[0] == 'p' ?
			    s->o->drive : s->o->pace);
		}
	}
	sn->last = *r;
	sn->dev = dev;
}

/* The gate's reads within window before r, newest first, matching want. */
static const struct vg_row *
recent(const struct gate *g, const struct vg_row *r, int64_t window,
    int (*want)(const struct vg_row *, const struct vg_row *), size_t *skip)
{
	const struct vg_row	*p;
	size_t			 k, i;

	for (k = *skip; k < g->nrecent; k++) {
		i = (g->head + RECENT - 1 - k) % RECENT;
		p = &g->recent[i];
		if (r->t - p->t > window)
			break;
		if (want(p, r)) {
			*skip = k + 1;
			return p;
		}
	}
	*skip = g->nrecent;
	return NULL;
}

static int
want_grant(const struct vg_row *p, const struct vg_row *r)
{
	return is(p->result, "granted") && (p->direction == NULL ||
	    r->direction == NULL || strcmp(p->direction, r->direction) == 0 ||
	    is(p->direction, "unknown") || is(r->direction, "unknown"));
}

/* tailgating: an alarm or a passage with no credential right after a grant. */
static void
tailgate(struct scan *s, const struct vg_row *r, struct gate *g)
{
	const struct vg_row	*p, *ev[2];
	struct vg_anomaly	*a;
	char			 t[16], dt[32], w[128];
	size_t			 skip = 0;

	if (!is(r->result, "alarm") && !(is(r->credential, "none") &&
	    !is(r->result, "denied")))
		return;
	if ((p = recent(g, r, s->o->tailgate, want_grant, &skip)) == NULL)
		return;
	ev[0] = p;
	ev[1] = r;
	a = found(s, VG_AN_TAILGATE, r, 1.0 - 0.5 * (double)(r->t - p->t) /
	    (double)s->o->tailgate, ev, 2);
	set_who(a, p);
	fmt_time(s, r->t, t, sizeof(t));
	fmt_span(r->t - p->t, dt, sizeof(dt));
	xasprintf(&a->reason, "%s %s at %s %s, %s after %s was granted %s",
	    is(r->result, "alarm") ? "alarm" : "a passage with no credential",
	    r->direction != NULL ? r->direction : "", r->device, t, dt,
	    who_of(p, w, sizeof(w)), p->direction != NULL ? p->direction :
	    "");
}

/* passback: in twice without an out, or out twice, at one ring boundary. */
static void
passback(struct scan *s, const struct vg_row *r, int dev)
{
	char			 key[512], ta[16], tb[16], w[128], where[256];
	const struct vg_row	*ev[2];
	struct vg_anomaly	*a;
	struct side		*sd;
	size_t			 i;
	int			 fresh, dir;

	if (!is(r->result, "granted") || dev == -1 || s->ring[dev] == 0 ||
	    s->vgate[dev])
		return;
	if (is(r->direction, "in"))
		dir = 1;
	else if (is(r->direction, "out"))
		dir = 2;
	else
		return;
	/* a door bounds its building; an area gate, its zone */
	if (s->door[dev])
		snprintf(where, sizeof(where), "door %s", r->device);
	else
		snprintf(where, sizeof(where), "zone %s", r->zone != NULL ?
		    r->zone : "?");
	if (r->person != NULL)
		snprintf(key, sizeof(key), "person:%s@%s", r->person, where);
	else if (r->card != NULL)
		snprintf(key, sizeof(key), "card:%s@%s", r->card, where);
	else
		return;
	i = map_get(&s->sidemap, key, s->nside, &fresh);
	if (fresh) {
		s->side = grow(s->side, s->nside,
		    sizeof(*s->side));
		memset(&s->side[s->nside++], 0, sizeof(*s->side));
	}
	sd = &s->side[i];
	if (sd->dir == dir) {
		ev[0] = &sd->last;
		ev[1] = r;
		/* the sooner the second passage, the likelier a card handed
		   back over the barrier than an exit the gate missed */
		a = found(s, VG_AN_PASSBACK, r, 0.5 + 0.5 * exp(-(double)(r->t -
		    sd->last.t) / (double)(10 * MINUTE)), ev, 2);
		set_who(a, r);
		fmt_time(s, sd->last.t, ta, sizeof(ta));
		fmt_time(s, r->t, tb, sizeof(tb));
		xasprintf(&a->reason, "%s %s at %s %s and again at %s %s with"
		    " no %s between (%s)", who_of(r, w, sizeof(w)),
		    dir == 1 ? "in" : "out", sd->last.device, ta, r->device, tb,
		    dir == 1 ? "out" : "in", where);
	}
	sd->last = *r;
	sd->dir = dir;
}

/* never-left, during the scan: visitors in and out of the site. */
static void
visitors(struct scan *s, const struct vg_row *r)
{
	struct stay	*st;
	size_t		 i;
	int		 fresh;

	if (r->person == NULL || !is(r->result, "granted") ||
	    !map_has(&s->visitors, r->person))
		return;
	i = map_get(&s->guestmap, r->person, s->nguest, &fresh);
	if (fresh) {
		s->guest = grow(s->guest, s->nguest,
		    sizeof(*s->guest));
		memset(&s->guest[s->nguest++], 0, sizeof(*s->guest));
	}
	st = &s->guest[i];
	if (is(r->direction, "in")) {
		st->in = *r;
		st->inside = 1;
	} else if (is(r->direction, "out"))
		st->inside = 0;
}

/* Each visitor of the roster, into the scan's set. */
static int
visitor_add(const struct vg_person *p, void *arg)
{
	struct scan	*s = arg;
	int		 fresh;

	if (p->status != NULL && strcmp(p->status, "visitor") == 0)
		(void)map_get(&s->visitors, p->id, 0, &fresh);
	return 0;
}

/* never-left, during the scan: plates in and out of vehicle gates. */
static void
vehicles(struct scan *s, const struct vg_row *r, int dev)
{
	struct stay	*st;
	size_t		 i;
	int		 fresh;

	if (dev != -1 && s->edge[dev] && !s->vgate[dev])
		visitors(s, r);
	if (dev == -1 || !s->vgate[dev])
		return;
	if (r->plate == NULL || !is(r->result, "granted"))
		return;
	i = map_get(&s->staymap, r->plate, s->nstay, &fresh);
	if (fresh) {
		s->stay = grow(s->stay, s->nstay,
		    sizeof(*s->stay));
		memset(&s->stay[s->nstay++], 0, sizeof(*s->stay));
	}
	st = &s->stay[i];
	if (is(r->direction, "in")) {
		st->in = *r;
		st->inside = 1;
	} else if (is(r->direction, "out") && st->inside) {
		s->stays = grow(s->stays, s->nstays,
		    sizeof(*s->stays));
		s->stays[s->nstays++] = r->t - st->in.t;
		st->inside = 0;
	}
}

/* A sighting of the plate at a camera beside a vehicle gate: it left. */
static int
seen_leaving(const struct vg_row *r, void *arg)
{
	struct scan	*s = arg;
	int		 dev = devindex(s, r->device), k;

	if (dev == -1 || !is(r->kind, "vehicle"))
		return 0;
	for (k = s->adj0[dev]; k < s->adj0[dev + 1]; k++)
		if (s->vgate[s->adj[k]]) {
			s->left = 1;
			return 1;
		}
	return 0;
}

/*
 * never-left, at the end of the span: plates still in after longer than
 * the limit.  Without one given, the limit is the longest stay of the
 * vehicles that came in and went out during the span, and never under
 * four hours.  A vehicle gate misses a plate now and then: a plate seen
 * by a camera beside a vehicle gate well after it came in is taken to
 * have left unread.
 */
static int
never_left(struct scan *s, int64_t end)
{
	const struct vg_row	*ev[1];
	struct vg_anomaly	*a;
	struct vg_query		 q;
	struct stay		*st;
	char			 t[16], d[32], lim[32];
	int64_t			 limit = s->o->stay;
	size_t			 i;

	if (limit <= 0) {
		limit = 4 * HOUR;
		for (i = 0; i < s->nstays; i++)
			if (s->stays[i] > limit)
				limit = s->stays[i];
	}
	for (i = 0; i < s->nguest; i++) {
		st = &s->guest[i];
		if (!st->inside || end - st->in.t <= s->o->visit)
			continue;
		ev[0] = &st->in;
		a = found(s, VG_AN_NEVERLEFT, &st->in, 1.0 - (double)s->o->visit /
		    (double)(end - st->in.t), ev, 1);
		set_who(a, &st->in);
		fmt_time(s, st->in.t, t, sizeof(t));
		fmt_span(end - st->in.t, d, sizeof(d));
		fmt_span(s->o->visit, lim, sizeof(lim));
		xasprintf(&a->reason, "visitor %s in at %s %s and not out %s"
		    " later, at the span's end (limit %s)", st->in.person,
		    st->in.device, t, d, lim);
	}
	for (i = 0; i < s->nstay; i++) {
		st = &s->stay[i];
		if (!st->inside || end - st->in.t <= limit)
			continue;
		vg_query_init(&q);
		q.plate = st->in.plate;
		q.kinds = VG_ROW_SIGHTING;
		q.from = st->in.t + LEAVING;
		q.to = end;
		s->left = 0;
		if (vg_query_run(s->ar, &q, seen_leaving, s, s->err) == -1)
			return -1;
		if (s->left)
			continue;
		ev[0] = &st->in;
		a = found(s, VG_AN_NEVERLEFT, &st->in, 1.0 - (double)limit /
		    (double)(end - st->in.t), ev, 1);
		set_who(a, &st->in);
		fmt_time(s, st->in.t, t, sizeof(t));
		fmt_span(end - st->in.t, d, sizeof(d));
		fmt_span(limit, lim, sizeof(lim));
		xasprintf(&a->reason, "plate %s in at %s %s and not out %s"
		    " later, at the span's end, nor seen leaving (limit %s)",
		    st->in.plate, st->in.device, t, d, lim);
	}
	return 0;
}

static int
want_badge(const struct vg_row *p, const struct vg_row *r)
{
	(void)r;
	return is(p->result, "granted") && is(p->credential, "badge") &&
	    p->person != NULL;
}

static int
want_face(const struct vg_row *p, const struct vg_row *r)
{
	(void)r;
	return p->person != NULL && p->type == VG_ROW_GATE &&
	    is(p->credential, "face") && !is(p->result, "granted");
}

/*
 * face-mismatch, once the window around a badge read b has passed: the
 * gate's face reader named someone else within seconds and did not let
 * him through, the badge's holder was named by no face there, and the one
 * named was not let through by a credential of his own.  Other passages
 * in the window make it less sure.
 */
static void
mismatch_check(struct scan *s, struct gate *g, const struct vg_row *b)
{
	const struct vg_row	*p, *face = NULL, *ev[2];
	struct vg_anomaly	*a;
	char			 tb[16], tf[16];
	size_t			 k, i;
	int			 covered = 0, others = 0;

	for (k = 0; k < g->nrecent; k++) {
		i = (g->head + RECENT - 1 - k) % RECENT;
		p = &g->recent[i];
		if (p->t > b->t + s->o->face)
			continue;
		if (p->t < b->t - s->o->face) {
			covered = 1;
			break;
		}
		if (p->line == b->line && p->source != NULL &&
		    strcmp(p->source, b->source) == 0)
			continue;
		if (p->person != NULL && strcmp(p->person, b->person) == 0)
			return;		/* the holder's own face */
		if (p->type == VG_ROW_GATE && is(p->result, "granted"))
			others++;
		if (want_face(p, p) && face == NULL)
			face = p;
	}
	if (face == NULL || (!covered && g->nrecent == RECENT))
		return;
	/* was the one named let through on his own? */
	for (k = 0; k < g->nrecent; k++) {
		p = &g->recent[(g->head + RECENT - 1 - k) % RECENT];
		if (p->t < b->t - s->o->face)
			break;
		if (p->t <= b->t + s->o->face && p->type == VG_ROW_GATE &&
		    is(p->result, "granted") && is(p->person, face->person))
			return;
	}
	ev[0] = face;
	ev[1] = b;
	a = found(s, VG_AN_FACE, b, others == 0 ? 0.9 : 0.6, ev, 2);
	set_who(a, b);
	fmt_time(s, b->t, tb, sizeof(tb));
	fmt_time(s, face->t, tf, sizeof(tf));
	xasprintf(&a->reason, "card %s of %s granted at %s %s; its face reader"
	    " named %s at %s and refused him%s", b->card != NULL ? b->card :
	    "?", b->person, b->device, tb, face->person, tf, others == 0 ? "" :
	    others == 1 ? " (one other passage then)" :
	    " (other passages then)");
}

/* face-mismatch: badge reads wait until their window has passed. */
static void
mismatch(struct scan *s, const struct vg_row *r, struct gate *g)
{
	size_t	k;

	for (k = 0; k < g->npend && (r == NULL ||
	    g->pend[k].t + s->o->face < r->t); k++)
		mismatch_check(s, g, &g->pend[k]);
	if (k > 0) {
		memmove(g->pend, g->pend + k, (g->npend - k) *
		    sizeof(*g->pend));
		g->npend -= k;
		memset(g->pend + g->npend, 0, k * sizeof(*g->pend));
	}
	if (r == NULL || !want_badge(r, r))
		return;
	if (g->npend == NPEND) {
		mismatch_check(s, g, &g->pend[0]);
		memmove(g->pend, g->pend + 1, (NPEND - 1) * sizeof(*g->pend));
		g->npend--;
		memset(&g->pend[g->npend], 0, sizeof(*g->pend));
	}
	g->pend[g->npend++] = *r;
}

/* The chance of k or more successes in n trials of chance p. */
static double
binomial_tail(size_t n, int k, double p)
{
	double	lp = log(p), lq = log1p(-p), sum = 0;
	size_t	i;

	if (p <= 0)
		return k > 0 ? 0 : 1;
	if (p >= 1)
		return 1;
	for (i = (size_t)k; i <= n; i++)
		sum += exp(lgamma((double)n + 1) - lgamma((double)i + 1) -
		    lgamma((double)(n - i) + 1) + (double)i * lp +
		    (double)(n - i) * lq);
	return sum;
}

/*
 * denied-burst: one card denied again and again with no grant between, or
 * a gate denying far more often within minutes than it does in the span.
 */
static void
denied(struct scan *s, const struct vg_row *r, struct gate *g)
{
	const struct vg_row	*ev[2];
	struct vg_anomaly	*a;
	struct denials		*d;
	char			 key[256], ta[16], tb[16];
	size_t			 i, k;
	int			 fresh;
	double			 ratio, p;

	if (r->card != NULL && (is(r->result, "denied") ||
	    is(r->result, "granted"))) {
		snprintf(key, sizeof(key), "%s", r->card);
		i = map_get(&s->denymap, key, s->nden, &fresh);
		if (fresh) {
			s->den = grow(s->den, s->nden,
			    sizeof(*s->den));
			memset(&s->den[s->nden++], 0, sizeof(*s->den));
		}
		d = &s->den[i];
		if (is(r->result, "granted"))
			d->n = 0;
		else {
			if (d->n == 0 || r->t - d->first.t > s->o->burst) {
				d->n = 0;
				d->reported = 0;
				d->first = *r;
			}
			d->n++;
			d->last = *r;
			if (d->n == s->o->burstn && !d->reported) {
				d->reported = 1;
				ev[0] = &d->first;
				ev[1] = &d->last;
				a = found(s, VG_AN_DENIED, &d->first, 0.7, ev,
				    2);
				set_who(a, r);
				fmt_time(s, d->first.t, ta, sizeof(ta));
				fmt_time(s, r->t, tb, sizeof(tb));
				xasprintf(&a->reason, "card %s denied %d times"
				    " from %s %s to %s %s with no grant"
				    " between", r->card, d->n, d->first.device,
				    ta, r->device, tb);
			}
		}
	}
	if (r->result == NULL)
		return;
	/* the gate's reads within the burst window before r */
	for (k = 0; k < g->nwin && r->t - g->win[k] > s->o->burst; k++)
		;
	for (i = 0; i < k; i++)
		if (g->windenied[i])
			g->nwindenied--;
	if (k > 0) {	/* a gate's first read finds its window NULL */
		memmove(g->win, g->win + k, (g->nwin - k) * sizeof(*g->win));
		memmove(g->windenied, g->windenied + k, (g->nwin - k) *
		    sizeof(*g->windenied));
		g->nwin -= k;
	}
	if (g->nwin == g->wincap) {
		g->wincap = g->wincap ? 2 * g->wincap : 16;
		g->win = xreallocarray(g->win, g->wincap, sizeof(*g->win));
		g->windenied = xreallocarray(g->windenied, g->wincap,
		    sizeof(*g->windenied));
	}
	g->win[g->nwin] = r->t;
	g->windenied[g->nwin++] = is(r->result, "denied");
	g->nreads++;
	if (!is(r->result, "denied"))
		return;
	g->nwindenied++;
	g->ndenied++;
	if (r->t < g->burstend || g->nwindenied < s->o->burstn)
		return;
	/* the chance of so many denials among the window's reads, were each
	   read denied as often as the gate denied before them (smoothed;
	   the window itself counts while the gate has read less before than
	   in the window) */
	if (g->nreads - (int64_t)g->nwin >= MINREADS &&
	    g->nreads - (int64_t)g->nwin >= (int64_t)g->nwin)
		ratio = (double)(g->ndenied - g->nwindenied + 1) /
		    (double)(g->nreads - (int64_t)g->nwin + 2);
	else
		ratio = (double)(g->ndenied + 1) / (double)(g->nreads + 2);
	p = binomial_tail(g->nwin, g->nwindenied, ratio);
	/* a busy gate is tested at every denial: the more reads, the less
	   one window's chance may be */
	if (p * (double)g->nreads >= SURPRISE)
		return;
	g->burstend = r->t + s->o->burst;
	ev[0] = r;
	a = found(s, VG_AN_DENIED, r, 0.8, ev, 1);
	for (k = 0; k < g->nwin && !g->windenied[k]; k++)
		;
	fmt_time(s, g->win[k], ta, sizeof(ta));
	fmt_time(s, r->t, tb, sizeof(tb));
	xasprintf(&a->reason, "%d of %zu reads denied at %s from %s to %s,"
	    " where %.1f%% were denied before", g->nwindenied, g->nwin,
	    r->device, ta, tb, 100 * ratio);
}

static int
local_hour(struct scan *s, int64_t t)
{
	int64_t	l = t / US + vg_tz_offset(s->tz, t);

	return (int)(((l % 86400) + 86400) % 86400 / 3600);
}

/*
 * after-hours, learning: granted entries into the inner rings, by zone
 * and hour, and who entered where at which hour.
 */
static void
hours_learn(struct scan *s, const struct vg_row *r, int dev)
{
	char	key[300];
	int	h, fresh, z;

	if (dev == -1 || (z = s->zone[dev]) == -1 || s->ring[dev] <
	    s->o->ring || !is(r->result, "granted") ||
	    !is(r->direction, "in"))
		return;
	h = local_hour(s, r->t);
	s->zh[z].byhour[h]++;
	s->zh[z].n++;
	if (r->person == NULL && r->card == NULL)
		return;
	snprintf(key, sizeof(key), "%s@%d@%d", r->person != NULL ? r->person :
	    r->card, z, h);
	(void)map_get(&s->habit, key, 0, &fresh);
}

/* after-hours where the site gives the zone's hours: an entry outside. */
static void
hours_given(struct scan *s, const struct vg_row *r, int dev, int z)
{
	const struct vg_row	*ev[1];
	struct vg_anomaly	*a;
	char			 t[16], w[128];
	int64_t			 l = r->t / US + vg_tz_offset(s->tz, r->t);
	int			 m, k, dist;

	m = (int)(((l % 86400) + 86400) % 86400 / 60);
	if (s->open[z][m])
		return;
	/* the further from the nearest open minute, the more serious */
	for (dist = 1; dist < VG_DAY_MINUTES / 2; dist++)
		if (s->open[z][(m + dist) % VG_DAY_MINUTES] ||
		    s->open[z][(m - dist + VG_DAY_MINUTES) % VG_DAY_MINUTES])
			break;
	k = s->ring[dev] >= 5 ? 1 : 0;
	ev[0] = r;
	a = found(s, VG_AN_HOURS, r, (0.7 + 0.1 * k) + (0.2 - 0.1 * k) *
	    fmin(1.0, dist / 120.0), ev, 1);
	set_who(a, r);
	fmt_time(s, r->t, t, sizeof(t));
	xasprintf(&a->reason, "%s entered %s (ring %d) at %s, outside its"
	    " hours %s given by the site", who_of(r, w, sizeof(w)),
	    s->site->zones[z].id, s->ring[dev], t, s->site->zones[z].hours);
}

/*
 * after-hours, finding: an entry at an hour when the zone is almost never
 * entered (under 2% of its entries fall in that hour and the two beside
 * it) by someone never seen entering it at those hours on another day.
 */
static void
hours_find(struct scan *s, const struct vg_row *r, int dev)
{
	const struct vg_row	*ev[1];
	struct vg_anomaly	*a;
	char			 key[300], t[16], w[128];
	int			 h, z, k, habit = 0;
	int64_t			 near = 0;
	double			 share;

	if (dev == -1 || (z = s->zone[dev]) == -1 ||
	    !is(r->result, "granted") || !is(r->direction, "in"))
		return;
	if (s->open[z] != NULL) {
		hours_given(s, r, dev, z);
		return;
	}
	if (s->ring[dev] < s->o->ring || s->zh[z].n == 0)
		return;
	h = local_hour(s, r->t);
	for (k = -1; k <= 1; k++)
		near += s->zh[z].byhour[(h + k + 24) % 24];
	/* this entry is one of them: leave it out */
	share = (double)(near - 1) / (double)s->zh[z].n;
	if (share >= 0.02)
		return;
	if (r->person != NULL || r->card != NULL)
		for (k = -1; k <= 1; k++) {
			snprintf(key, sizeof(key), "%s@%d@%d", r->person !=
			    NULL ? r->person : r->card, z, (h + k + 24) % 24);
			if (k != 0 && map_has(&s->habit, key))
				habit = 1;
		}
	if (habit)
		return;
	ev[0] = r;
	a = found(s, VG_AN_HOURS, r, 0.6 + 0.4 * (1 - share / 0.02) *
	    (s->ring[dev] >= 5 ? 1 : 0.75), ev, 1);
	set_who(a, r);
	fmt_time(s, r->t, t, sizeof(t));
	xasprintf(&a->reason, "%s entered %s (ring %d) at %s, when %.1f%% of"
	    " its entries happen, and was never seen entering it then",
	    who_of(r, w, sizeof(w)), s->site->zones[z].id, s->ring[dev], t,
	    100 * share);
}

static void
gate_push(struct gate *g, const struct vg_row *r)
{
	g->recent[g->head] = *r;
	g->head = (g->head + 1) % RECENT;
	if (g->nrecent < RECENT)
		g->nrecent++;
}

static int
want(const struct scan *s, enum vg_anomaly_kind k)
{
	return s->o->kinds == 0 || (s->o->kinds & (1u << k));
}

/* The string s as held in the scan's pool, so that rows may be copied. */
static const char *
intern(struct scan *s, const char *str)
{
	int	fresh;

	return str != NULL ? map_slot(&s->pool, str, 0, &fresh)->key : NULL;
}

/*
 * A string that keeps its address through a stream (a device's id, a
 * source's path), looked up once: a small cache by address in front of
 * look.
 */
static const char *
cached(struct scan *s, const char *str, int *dev)
{
	struct pcache	*c;

	if (str == NULL)
		return NULL;
	c = &s->pc[((uintptr_t)str >> 4) % NPCACHE];
	if (c->addr != str) {
		c->addr = str;
		c->dev = devindex(s, str);
		c->held = intern(s, str);
	}
	if (dev != NULL)
		*dev = c->dev;
	return c->held;
}

static int
row_fn(const struct vg_row *row, void *arg)
{
	struct scan	*s = arg;
	struct vg_row	 held = *row, *r = &held;
	struct gate	*g;
	int		 dev;

	held.device = cached(s, row->device, &dev);
	if (s->o->progress != NULL && (++s->nread & 0xfff) == 0)
		s->o->progress(s->o->parg, s->pass == 1 ? "learning hours:"
		    " gate events read" : "gate events read", s->nread, 0);
	if (s->pass == 1) {
		if (r->type == VG_ROW_GATE && dev != -1)
			hours_learn(s, r, dev);
		return 0;
	}
	s->lastt = r->t;
	if (r->type != VG_ROW_GATE)
		return 0;
	if (dev == -1)
		return 0;
	/* what is held past this call points into the pool (the names of
	   credentials, directions and results are the library's own) */
	held.zone = cached(s, row->zone, NULL);
	held.person = intern(s, row->person);
	held.name = intern(s, row->name);
	held.card = intern(s, row->card);
	held.plate = intern(s, row->plate);
	held.source = cached(s, row->source, NULL);
	held.track = held.attrs = NULL;
	g = &s->gate[dev];
	if (want(s, VG_AN_TRAVEL))
		travel(s, r, dev);
	if (want(s, VG_AN_TAILGATE))
		tailgate(s, r, g);
	if (want(s, VG_AN_PASSBACK))
		passback(s, r, dev);
	if (want(s, VG_AN_NEVERLEFT))
		vehicles(s, r, dev);
	if (want(s, VG_AN_FACE))
		mismatch(s, r, g);
	if (want(s, VG_AN_DENIED))
		denied(s, r, g);
	if (want(s, VG_AN_HOURS))
		hours_find(s, r, dev);
	gate_push(g, r);
	return 0;
}

static int
cmp_anomaly(const void *a, const void *b)
{
	const struct vg_anomaly	*x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return strcmp(x->id, y->id);
}

void
vg_anomaly_opts_init(struct vg_anomaly_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->from = o->to = VG_TIME_NONE;
	o->tolerance = 30 * US;
	o->pace = 2.0;
	o->drive = 15.0;
	o->tailgate = 5 * US;
	o->face = 10 * US;
	o->visit = 12 * HOUR;
	o->burst = 5 * MINUTE;
	o->burstn = 3;
	o->ring = 4;
}

static void
scan_free(struct scan *s)
{
	size_t	i;

	map_free(&s->devmap);
	map_free(&s->keymap);
	map_free(&s->sidemap);
	map_free(&s->staymap);
	map_free(&s->denymap);
	map_free(&s->visitors);
	map_free(&s->guestmap);
	free(s->guest);
	free(s->edge);
	map_free(&s->habit);
	map_free(&s->pool);
	for (i = 0; i < s->site->ndevices; i++) {
		free(s->gate[i].win);
		free(s->gate[i].windenied);
		free(s->fast[i]);
	}
	free(s->seen);
	free(s->side);
	free(s->stay);
	free(s->stays);
	free(s->den);
	free(s->gate);
	for (i = 0; i < s->site->nzones; i++)
		free(s->open[i]);
	free(s->open);
	free(s->zh);
	free(s->ring);
	free(s->zone);
	free(s->vgate);
	free(s->door);
	free(s->fast);
	free(s->adj0);
	free(s->adj);
	free(s->adjw);
}

/* The site's devices: rings, zones, vehicle gates, doors, links; the
 * zones' hours. */
static int
scan_site(struct scan *s)
{
	const struct vg_site	*site = s->site;
	const struct vg_device	*d;
	size_t			 i, k, n = site->ndevices;
	int			 fresh, x, y, *deg, outer;
	double			 len;

	s->ring = xcalloc(n + 1, sizeof(*s->ring));
	s->zone = xcalloc(n + 1, sizeof(*s->zone));
	s->vgate = xcalloc(n + 1, sizeof(*s->vgate));
	s->door = xcalloc(n + 1, sizeof(*s->door));
	s->gate = xcalloc(n + 1, sizeof(*s->gate));
	s->fast = xcalloc(n + 1, sizeof(*s->fast));
	s->zh = xcalloc(site->nzones + 1, sizeof(*s->zh));
	s->open = xcalloc(site->nzones + 1, sizeof(*s->open));
	for (k = 0; k < site->nzones; k++) {
		const char	*why;

		if (site->zones[k].hours == NULL)
			continue;
		s->open[k] = xmalloc(VG_DAY_MINUTES);
		if (vg_hours_parse(site->zones[k].hours, s->open[k], &why) ==
		    -1) {
			/* the import checked them: an archive edited by hand */
			vg_error_set(s->err, "zone %s: hours '%s': %s",
			    site->zones[k].id, site->zones[k].hours, why);
			return -1;
		}
	}
	for (i = 0; i < n; i++)
		(void)map_get(&s->devmap, site->devices[i].id, i, &fresh);
	for (i = 0; i < n; i++) {
		d = &site->devices[i];
		s->zone[i] = -1;
		for (k = 0; k < site->nzones; k++)
			if (d->zone != NULL && strcmp(site->zones[k].id,
			    d->zone) == 0) {
				s->zone[i] = (int)k;
				s->ring[i] = site->zones[k].ring;
			}
		s->vgate[i] = d->type == VG_GATE && d->kind != NULL &&
		    strcmp(d->kind, "vehicle") == 0;
		s->door[i] = d->type == VG_GATE && d->kind != NULL &&
		    strcmp(d->kind, "door") == 0;
	}
	/* the site's edge: the gates of the outermost ring gates have */
	s->edge = xcalloc(n + 1, sizeof(*s->edge));
	for (i = 0, outer = 0; i < n; i++)
		if (site->devices[i].type == VG_GATE && s->ring[i] > 0 &&
		    (outer == 0 || s->ring[i] < outer))
			outer = s->ring[i];
	for (i = 0; i < n; i++)
		s->edge[i] = site->devices[i].type == VG_GATE &&
		    s->ring[i] == outer;
	/* the links as adjacency lists, both ways unless directed */
	deg = xcalloc(n + 1, sizeof(*deg));
	s->adj0 = xcalloc(n + 1, sizeof(*s->adj0));
	s->adj = xcalloc(2 * site->nlinks + 1, sizeof(*s->adj));
	s->adjw = xcalloc(2 * site->nlinks + 1, sizeof(*s->adjw));
	for (k = 0; k < site->nlinks; k++) {
		x = devindex(s, site->links[k].from);
		y = devindex(s, site->links[k].to);
		if (x == -1 || y == -1)
			continue;
		deg[x]++;
		if (!site->links[k].directed)
			deg[y]++;
	}
	for (i = 0; i < n; i++)
		s->adj0[i + 1] = s->adj0[i] + deg[i];
	memset(deg, 0, (n + 1) * sizeof(*deg));
	for (k = 0; k < site->nlinks; k++) {
		x = devindex(s, site->links[k].from);
		y = devindex(s, site->links[k].to);
		if (x == -1 || y == -1)
			continue;
		s->adj[s->adj0[x] + deg[x]] = y;
		len = hypot(site->devices[x].x - site->devices[y].x,
		    site->devices[x].y - site->devices[y].y);
		s->adjw[s->adj0[x] + deg[x]++] = len;
		if (site->links[k].directed)
			continue;
		s->adj[s->adj0[y] + deg[y]] = x;
		s->adjw[s->adj0[y] + deg[y]++] = len;
	}
	free(deg);
	return 0;
}

/*
 * Scan the span of o for anomalies of o's kinds: first what is usual
 * (the hours each inner zone is entered, over the whole archive; how
 * often each gate denies, over the span), then every row of the span in
 * time order.  The anomalies come back most serious first.
 */
int
vg_anomaly_scan(struct vg_archive *ar, const struct vg_site *site,
    const struct vg_anomaly_opts *o, struct vg_anomaly **out, size_t *nout,
    struct vg_error *err)
{
	struct scan		 s;
	const char		**codes = NULL;
	size_t			 i, ncodes = 0;

	*out = NULL;
	*nout = 0;
	memset(&s, 0, sizeof(s));
	s.ar = ar;
	s.o = o;
	s.site = site;
	s.err = err;
	s.lastt = VG_TIME_NONE;
	if ((s.tz = vg_archive_tz(ar)) == NULL) {
		vg_error_set(err, "no site description imported");
		return -1;
	}
	if (scan_site(&s) == -1)
		goto fail;
	if (want(&s, VG_AN_NEVERLEFT) && vg_archive_people(ar, visitor_add,
	    &s, err) == -1)
		goto fail;
	/* first, the hours each inner zone is entered at, over the whole
	   archive, one zone at a time */
	s.pass = 1;
	codes = xcalloc(site->ndevices + 1, sizeof(*codes));
	for (i = 0; want(&s, VG_AN_HOURS) && i < site->ndevices; i++)
		if (site->devices[i].type == VG_GATE && s.ring[i] >= o->ring)
			codes[ncodes++] = site->devices[i].id;
	memset(s.pc, 0, sizeof(s.pc));	/* a stream's addresses are its own */
	if (ncodes > 0 && vg_ar_stream(ar, codes, ncodes, VG_TIME_NONE,
	    VG_TIME_NONE, row_fn, &s, err) == -1)
		goto fail;
	for (i = ncodes = 0; i < site->ndevices; i++)
		if (site->devices[i].type == VG_GATE)
			codes[ncodes++] = site->devices[i].id;
	s.pass = 2;
	s.nread = 0;
	memset(s.pc, 0, sizeof(s.pc));
	if (ncodes > 0 && vg_ar_stream(ar, codes, ncodes, o->from, o->to,
	    row_fn, &s, err) == -1)
		goto fail;
	if (want(&s, VG_AN_FACE))
		for (i = 0; i < site->ndevices; i++)
			mismatch(&s, NULL, &s.gate[i]);
	if (want(&s, VG_AN_NEVERLEFT) && s.lastt != VG_TIME_NONE &&
	    never_left(&s, o->to != VG_TIME_NONE ? o->to : s.lastt) == -1)
		goto fail;
	vg_qsort(s.a, s.na, sizeof(*s.a), cmp_anomaly);
	*out = s.a;
	*nout = s.na;
	s.a = NULL;
	free(codes);
	scan_free(&s);
	return 0;
fail:
	free(codes);
	vg_anomaly_free(s.a, s.na);
	scan_free(&s);
	return -1;
}

void
vg_anomaly_free(struct vg_anomaly *a, size_t n)
{
	size_t	i, k;

	for (i = 0; i < n; i++) {
		free(a[i].device);
		free(a[i].zone);
		free(a[i].person);
		free(a[i].card);
		free(a[i].plate);
		free(a[i].reason);
		for (k = 0; k < a[i].nev; k++)
			vg_row_free(&a[i].ev[k]);
		free(a[i].ev);
	}
	free(a);
}

int
vg_anomaly_kind(const char *name)
{
	int	k;

	for (k = 0; k < VG_AN_N; k++)
		if (strcmp(vg_anomaly_names[k], name) == 0)
			return k;
	return -1;
}
