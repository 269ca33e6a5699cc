/* anomaly-seen.c: the anomalies found in camera sightings: strangers, heads counted at gates */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-int.h"
#include "model.h"

#define US		1000000LL	/* microseconds a second */
#define NEAR		(2 * 60 * US)	/* a named face this near in time may
					   be the unknown one's */
#define MAXEV		50		/* evidence rows kept of a stranger */

/* One unknown face: a sighting no roster entry matched. */
struct face {
	struct vg_row	 r;		/* the row, copied (no vector) */
	int		 who;		/* its cluster */
	int		 dev;		/* camera, by site index */
};

/* Faces taken for one person: their mean vector and what they add up to. */
struct who {
	double		*sum;		/* sum of the unit vectors */
	float		*mean;		/* their mean, unit length */
	size_t		 n;		/* faces */
	int		 named;		/* a named face nearby matches it */
};

struct strangers {
	struct vg_archive *ar;		/* the archive */
	const struct vg_site *site;	/* its site */
	const struct vg_anomaly_opts *o; /* options */
	struct vg_model	 m;		/* the site's model */
	size_t		 dim;		/* vector length, 0 until the first */
	struct face	*f;		/* unknown faces, in time order */
	size_t		 nf;		/* how many */
	struct who	*w;		/* clusters */
	size_t		 nw;		/* how many */
	const struct who *test;		/* the cluster a named face is
					   compared with */
	int		 match;		/* a named face matched it */
	struct vg_error	*err;		/* where a failure goes */
};

static int
device_of(const struct vg_site *site, const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < site->ndevices; i++)
		if (strcmp(site->devices[i].id, id) == 0)
			return (int)i;
	return -1;
}

static int
is_vehicle(const struct vg_row *r)
{
	return r->kind != NULL && strcmp(r->kind, "vehicle") == 0;
}

/* The log likelihood ratio that vector v shows the person of cluster w. */
static double
same(const struct strangers *s, const struct who *w, const float *v)
{
	return vg_model_appearance(&s->m, vg_cosine(w->mean, v, s->dim));
}

static void
who_add(struct strangers *s, struct who *w, const float *v)
{
	double	norm = 0;
	size_t	j;

	for (j = 0; j < s->dim; j++)
		w->sum[j] += v[j];
	for (j = 0; j < s->dim; j++)
		norm += w->sum[j] * w->sum[j];
	norm = sqrt(norm);
	for (j = 0; j < s->dim; j++)
		w->mean[j] = norm > 0 ? (float)(w->sum[j] / norm) : 0;
	w->n++;
}

/*
 * Each unknown face, with its vector, joins the cluster whose mean it
 * most likely shows (when the model finds that at least o->same likelier
 * than another person), or starts one.
 */
static int
face_row(const struct vg_row *r, void *arg)
{
	struct strangers	*s = arg;
	struct face		*f;
	struct who		*w;
	size_t			 i;
	double			 best = -INFINITY, llr;
	int			 pick = -1;

	if (r->person != NULL || r->vec == NULL || r->nvec == 0)
		return 0;
	if (s->dim == 0)
		s->dim = r->nvec;
	if (r->nvec != s->dim)
		return 0;
	for (i = 0; i < s->nw; i++)
		if ((llr = same(s, &s->w[i], r->vec)) > best) {
			best = llr;
			pick = (int)i;
		}
	if (pick == -1 || best < s->o->same) {
		s->w = xreallocarray(s->w, s->nw + 1, sizeof(*s->w));
		w = &s->w[s->nw];
		memset(w, 0, sizeof(*w));
		w->sum = xcalloc(s->dim, sizeof(*w->sum));
		w->mean = xcalloc(s->dim, sizeof(*w->mean));
		pick = (int)s->nw++;
	}
	who_add(s, &s->w[pick], r->vec);
	s->f = xreallocarray(s->f, s->nf + 1, sizeof(*s->f));
	f = &s->f[s->nf++];
	memset(f, 0, sizeof(*f));
	vg_row_copy(&f->r, r);
	f->r.vec = NULL;
	f->r.nvec = 0;
	f->who = pick;
	f->dev = device_of(s->site, r->device);
	return 0;
}

/* A named face near an unknown one: does it show the cluster's person? */
static int
named_row(const struct vg_row *r, void *arg)
{
	struct strangers	*s = arg;

	if (r->person == NULL || r->vec == NULL || r->nvec != s->dim)
		return 0;
	if (same(s, s->test, r->vec) >= s->o->same) {
		s->match = 1;
		return 1;
	}
	return 0;
}

/* What one cluster adds up to: cameras, days, the longest stay in view. */
struct tally {
	int		 ndev;		/* cameras */
	int		 ndays;		/* local days */
	int64_t		 linger;	/* longest time in view at one camera
					   (its sightings' spans summed), us */
	int		 at;		/* that camera, by site index */
	size_t		 first;		/* its first face, index in f */
};

static void
tally(struct strangers *s, struct vg_tz *tz, int w, struct tally *t,
    int64_t *dwell, int64_t *day, size_t nday)
{
	size_t	i, k, nd = 0;
	int64_t	d, lt;

	memset(t, 0, sizeof(*t));
	t->at = -1;
	t->first = (size_t)-1;
	for (i = 0; i < s->nf; i++) {
		const struct face *f = &s->f[i];

		if (f->who != w || f->dev == -1)
			continue;
		if (t->first == (size_t)-1)
			t->first = i;
		if (dwell[f->dev] == -1) {
			dwell[f->dev] = 0;
			t->ndev++;
		}
		if (f->r.last != VG_TIME_NONE && f->r.last > f->r.t)
			dwell[f->dev] += f->r.last - f->r.t;
		if (dwell[f->dev] > t->linger || t->at == -1) {
			t->linger = dwell[f->dev];
			t->at = f->dev;
		}
		lt = f->r.t / US + vg_tz_offset(tz, f->r.t);
		d = lt >= 0 ? lt / 86400 : (lt - 86399) / 86400;
		for (k = 0; k < nd && day[k] != d; k++)
			;
		if (k == nd && nd < nday)
			day[nd++] = d;
	}
	t->ndays = (int)nd;
	for (i = 0; i < s->nf; i++)
		if (s->f[i].who == w && s->f[i].dev != -1)
			dwell[s->f[i].dev] = -1;
}

/* Whether a named face within minutes of one of w's shows him. */
static int
named_nearby(struct strangers *s, int w)
{
	struct vg_query	q;
	size_t		i;

	s->test = &s->w[w];
	s->match = 0;
	for (i = 0; i < s->nf && !s->match; i++) {
		if (s->f[i].who != w)
			continue;
		vg_query_init(&q);
		q.kinds = VG_ROW_SIGHTING;
		q.objects = VG_SEE_FACE;
		q.vectors = 1;
		q.from = s->f[i].r.t - NEAR;
		q.to = s->f[i].r.t + NEAR;
		if (vg_query_run(s->ar, &q, named_row, s, s->err) == -1)
			return -1;
	}
	return s->match;
}

static int
strangers_find(struct strangers *s, struct vg_anomaly **all, size_t *na)
{
	const struct vg_site	*site = s->site;
	const struct vg_row	**ev;
	struct vg_anomaly	*a;
	struct vg_tz		*tz;
	struct tally		 t;
	struct vg_query		 q;
	int64_t			*dwell, day[8];
	char			 ln[32];
	size_t			 i, nev;
	double			 much;
	int			 w, rc;

	if ((tz = vg_archive_tz(s->ar)) == NULL) {
		vg_error_set(s->err, "no site description imported");
		return -1;
	}
	vg_query_init(&q);
	q.kinds = VG_ROW_SIGHTING;
	q.objects = VG_SEE_FACE;
	q.strangers = 1;
	q.vectors = 1;
	q.from = s->o->from;
	q.to = s->o->to;
	if (vg_query_run(s->ar, &q, face_row, s, s->err) == -1)
		return -1;
	dwell = xcalloc(site->ndevices + 1, sizeof(*dwell));
	for (i = 0; i <= site->ndevices; i++)
		dwell[i] = -1;
	ev = xcalloc(MAXEV, sizeof(*ev));
	for (w = 0; (size_t)w < s->nw; w++) {
		tally(s, tz, w, &t, dwell, day, sizeof(day) / sizeof(*day));
		if (t.first == (size_t)-1 || (t.ndev < s->o->devices &&
		    t.ndays < 2 && t.linger < s->o->linger))
			continue;
		/* a face the matcher missed once is named at the cameras
		   before and after: not a stranger */
		if ((rc = named_nearby(s, w)) == -1) {
			free(dwell);
			free(ev);
			return -1;
		}
		if (rc == 1)
			continue;
		for (i = 0, nev = 0; i < s->nf && nev < MAXEV; i++)
			if (s->f[i].who == w)
				ev[nev++] = &s->f[i].r;
		/* how much: each camera past the first, each day past the
		   first twice over, each ten minutes in view at one */
		much = (t.ndev - 1) + 2.0 * (t.ndays - 1) +
		    (double)t.linger / (600.0 * US);
		a = vg_anomaly_push(s->ar, all, na, VG_AN_STRANGER,
		    &s->f[t.first].r, much / (much + 3), ev, nev);
		snprintf(ln, sizeof(ln), "%lld min %02lld s",
		    (long long)(t.linger / US / 60),
		    (long long)(t.linger / US % 60));
		xasprintf(&a->reason, "an unknown face seen %zu times at %d"
		    " camera%s on %d day%s, %s in view at %s; no roster face"
		    " nearby looks like it", s->w[w].n, t.ndev, t.ndev == 1 ?
		    "" : "s", t.ndays, t.ndays == 1 ? "" : "s", ln,
		    site->devices[t.at].id);
	}
	free(dwell);
	free(ev);
	return 0;
}

static void
strangers_free(struct strangers *s)
{
	size_t	i;

	for (i = 0; i < s->nf; i++)
		vg_row_free(&s->f[i].r);
	free(s->f);
	for (i = 0; i < s->nw; i++) {
		free(s->w[i].sum);
		free(s->w[i].mean);
	}
	free(s->w);
}

/* Times of one device's rows, with the rows kept for evidence. */
struct times {
	int64_t		*t;		/* times, ascending as read */
	struct vg_row	*r;		/* the rows, copied (no vector) */
	size_t		 n;		/* how many */
	int		 sight;		/* a camera's sightings (else a gate's
					   granted passages and alarms) */
};

static int
times_row(const struct vg_row *r, void *arg)
{
	struct times	*tm = arg;

	if (tm->sight ? r->type != VG_ROW_SIGHTING || is_vehicle(r) :
	    r->type != VG_ROW_GATE || r->result == NULL ||
	    (strcmp(r->result, "granted") != 0 &&
	    strcmp(r->result, "alarm") != 0))
		return 0;
	tm->t = xreallocarray(tm->t, tm->n + 1, sizeof(*tm->t));
	tm->r = xreallocarray(tm->r, tm->n + 1, sizeof(*tm->r));
	/* a sighting's time is the middle of its time in view */
	tm->t[tm->n] = tm->sight && r->last != VG_TIME_NONE && r->last >
	    r->t ? r->t + (r->last - r->t) / 2 : r->t;
	memset(&tm->r[tm->n], 0, sizeof(*tm->r));
	vg_row_copy(&tm->r[tm->n], r);
	tm->r[tm->n].vec = NULL;
	tm->r[tm->n].nvec = 0;
	tm->n++;
	return 0;
}

static void
times_free(struct times *tm)
{
	size_t	i;

	for (i = 0; i < tm->n; i++)
		vg_row_free(&tm->r[i]);
	free(tm->t);
	free(tm->r);
	memset(tm, 0, sizeof(*tm));
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The camera that watches gate g: linked to it, the nearest, within
 * WATCH metres; or -1. */
#define WATCH		30.0
#define MINPAIRED	20	/* sightings near a passage before a camera's
				   clock against its gate's is trusted */
#define GATESHARE	0.9	/* of a camera's sightings near a passage of
				   its gate, at least, to count heads */
static int
gate_camera(const struct vg_site *site, int g)
{
	const struct vg_device	*d = &site->devices[g], *c;
	size_t			 k;
	int			 best = -1, o;
	double			 bd = WATCH, dd;

	for (k = 0; k < site->nlinks; k++) {
		if (strcmp(site->links[k].from, d->id) == 0)
			o = device_of(site, site->links[k].to);
		else if (strcmp(site->links[k].to, d->id) == 0)
			o = device_of(site, site->links[k].from);
		else
			continue;
		if (o == -1 || (c = &site->devices[o])->type != VG_CAMERA)
			continue;
		if ((dd = hypot(c->x - d->x, c->y - d->y)) <= bd) {
			bd = dd;
			best = o;
		}
	}
	return best;
}

/* When a sighting ends. */
static int64_t
span_end(const struct vg_row *r)
{
	return r->last != VG_TIME_NONE && r->last > r->t ? r->last : r->t;
}

/* How many of the n times t lie within [a, b]. */
static size_t
count_within(const int64_t *t, size_t n, int64_t a, int64_t b)
{
	size_t	lo = 0, hi = n, i, c = 0;

	while (lo < hi) {
		i = (lo + hi) / 2;
		if (t[i] < a)
			lo = i + 1;
		else
			hi = i;
	}
	for (i = lo; i < n && t[i] <= b; i++)
		c++;
	return c;
}

/*
 * tailgating by head count, at one pedestrian gate and its camera: the
 * camera's clock against the gate's is the median of the differences of
 * its sightings to the nearest passage; a group of people the camera saw
 * within o->headcount of one another, more than the gate's granted
 * passages and alarms within o->headcount around them, one at least (a
 * group no read let through is a camera's doing, or people who turned
 * back), is one.
 */
static int
headcount_gate(struct vg_archive *ar, const struct vg_site *site,
    const struct vg_anomaly_opts *o, int g, int c, struct vg_anomaly **all,
    size_t *na, struct vg_error *err)
{
	struct times		 gt, ct;
	struct vg_query		 q;
	const struct vg_row	*ev[16];
	struct vg_anomaly	*a;
	int64_t			*d = NULL, off = 0, w = o->headcount, hi, a0, a1;
	size_t			 i, j, k, nd = 0, m, nev, lo;
	int			 rc = -1;

	memset(&gt, 0, sizeof(gt));
	memset(&ct, 0, sizeof(ct));
	ct.sight = 1;
	vg_query_init(&q);
	q.gate = site->devices[g].id;
	q.kinds = VG_ROW_GATE;
	q.from = o->from;
	q.to = o->to;
	if (vg_query_run(ar, &q, times_row, &gt, err) == -1)
		goto done;
	vg_query_init(&q);
	q.camera = site->devices[c].id;
	q.kinds = VG_ROW_SIGHTING;
	q.objects = VG_SEE_PERSON | VG_SEE_FACE;
	q.from = o->from == VG_TIME_NONE ? o->from : o->from - w;
	q.to = o->to == VG_TIME_NONE ? o->to : o->to + w;
	if (gt.n == 0 || vg_query_run(ar, &q, times_row, &ct, err) == -1) {
		rc = gt.n == 0 ? 0 : -1;
		goto done;
	}
	/* the camera's clock against the gate's */
	d = xcalloc(ct.n + 1, sizeof(*d));
	for (i = 0, lo = 0; i < ct.n; i++) {
		while (lo + 1 < gt.n && gt.t[lo + 1] <= ct.t[i])
			lo++;
		k = lo + 1 < gt.n && llabs(gt.t[lo + 1] - ct.t[i]) <
		    llabs(gt.t[lo] - ct.t[i]) ? lo + 1 : lo;
		if (llabs(ct.t[i] - gt.t[k]) < 120 * US)
			d[nd++] = ct.t[i] - gt.t[k];
	}
	if (nd < MINPAIRED) {
		rc = 0;
		goto done;
	}
	vg_qsort(d, nd, sizeof(*d), cmp_i64);
	off = d[nd / 2];
	/* a camera that sees others than the gate's (one where ways meet)
	   counts nothing: most of what it sees must be the gate's */
	for (i = 0, m = 0; i < ct.n; i++)
		m += count_within(gt.t, gt.n, ct.r[i].t - off - w,
		    span_end(&ct.r[i]) - off + w) > 0;
	if ((double)m < GATESHARE * (double)ct.n) {
		rc = 0;
		goto done;
	}
	for (i = 0; i < ct.n; i = j) {
		for (j = i + 1; j < ct.n && ct.t[j] - ct.t[j - 1] <= w; j++)
			;
		if (j - i < 2)
			continue;
		for (k = i, a0 = ct.t[i], hi = ct.t[i]; k < j; k++) {
			if (ct.r[k].t < a0)
				a0 = ct.r[k].t;
			if (span_end(&ct.r[k]) > hi)
				hi = span_end(&ct.r[k]);
		}
		a0 = a0 - off - w;
		a1 = hi - off + w;
		m = count_within(gt.t, gt.n, a0, a1);
		if (m == 0 || j - i <= m)
			continue;
		nev = 0;
		for (k = 0; k < gt.n && nev < 8; k++)
			if (gt.t[k] >= a0 && gt.t[k] <= a1)
				ev[nev++] = &gt.r[k];
		for (k = i; k < j && nev < 16; k++)
			ev[nev++] = &ct.r[k];
		a = vg_anomaly_push(ar, all, na, VG_AN_TAILGATE, ev[0],
		    fmin(0.9, 0.6 + 0.1 * (double)(j - i - m - 1)), ev, nev);
		if (ev[0]->person != NULL)
			a->person = xstrdup(ev[0]->person);
		if (ev[0]->card != NULL)
			a->card = xstrdup(ev[0]->card);
		xasprintf(&a->reason, "%zu people seen by %s within %.0f s of"
		    " one another, and %zu passage%s at %s then", j - i,
		    site->devices[c].id, (double)(ct.t[j - 1] - ct.t[i]) / US,
		    m, m == 1 ? "" : "s", site->devices[g].id);
	}
	rc = 0;
done:
	free(d);
	times_free(&gt);
	times_free(&ct);
	return rc;
}

static int
headcount(struct vg_archive *ar, const struct vg_site *site,
    const struct vg_anomaly_opts *o, struct vg_anomaly **all, size_t *na,
    struct vg_error *err)
{
	const struct vg_device	*d;
	size_t			 g;
	int			 c;

	for (g = 0; g < site->ndevices; g++) {
		d = &site->devices[g];
		if (d->type != VG_GATE || (d->kind != NULL &&
		    strcmp(d->kind, "vehicle") == 0) ||
		    (c = gate_camera(site, (int)g)) == -1)
			continue;
		if (headcount_gate(ar, site, o, (int)g, c, all, na, err) == -1)
			return -1;
	}
	return 0;
}

/*
 * Every kind of anomaly asked for: the scan of the gate events
 * (vg_anomaly_scan), then the strangers among the camera sightings, all
 * most serious first.
 */
int
vg_anomaly_find(struct vg_archive *ar, const struct vg_site *site,
    const struct vg_anomaly_opts *o, struct vg_anomaly **out, size_t *nout,
    struct vg_error *err)
{
	struct vg_anomaly_opts	 gates = *o;
	struct strangers	 s;
	struct vg_graph		 g;
	unsigned		 st = 1u << VG_AN_STRANGER;

	*out = NULL;
	*nout = 0;
	gates.kinds = o->kinds == 0 ? ~st & ((1u << VG_AN_N) - 1) :
	    o->kinds & ~st;
	if (gates.kinds != 0 && vg_anomaly_scan(ar, site, &gates, out, nout,
	    err) == -1)
		return -1;
	if ((o->kinds == 0 || (o->kinds & 1u << VG_AN_TAILGATE)) &&
	    o->headcount > 0 && headcount(ar, site, o, out, nout, err) == -1)
		goto failed;
	if (o->kinds != 0 && !(o->kinds & st)) {
		vg_anomaly_sort(*out, *nout);
		return 0;
	}
	memset(&s, 0, sizeof(s));
	s.ar = ar;
	s.site = site;
	s.o = o;
	s.err = err;
	if (vg_ar_graph(ar, &g, err) == -1)
		goto fail;
	if (vg_model_get(ar, &g, &s.m, err) == -1) {
		vg_graph_free(&g);
		goto fail;
	}
	vg_graph_free(&g);
	if (strangers_find(&s, out, nout) == -1) {
		vg_model_free(&s.m);
		goto fail;
	}
	vg_model_free(&s.m);
	strangers_free(&s);
	vg_anomaly_sort(*out, *nout);
	return 0;
fail:
	strangers_free(&s);
failed:
	vg_anomaly_free(*out, *nout);
	*out = NULL;
	*nout = 0;
	return -1;
}
