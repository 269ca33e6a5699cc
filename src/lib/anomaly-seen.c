/* anomaly-seen.c: the anomalies found in camera sightings: strangers */
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
#define LOOKDAY		(24 * 3600 * US) /* a named person's look: his faces
					   this near the faces in question */
#define LOOKREAD	(3600 * US)	/* a gate read's person's look, for the
					   head count: his faces this near it */

/* One unknown face: a sighting no roster entry matched. */
struct face {
	struct vg_row	 r;		/* the row, copied (no vector) */
	int		 who;		/* its cluster */
	int		 dev;		/* camera, by site index */
	size_t		 next;		/* the cluster's next face, or (size_t)-1 */
};

/* Faces taken for one person: their mean vector and what they add up to. */
struct who {
	double		*sum;		/* sum of the unit vectors */
	float		*mean;		/* their mean, unit length */
	size_t		 n;		/* faces */
	size_t		 first, last;	/* its faces, indexes in f */
	int		 asked;		/* a stranger if no named face is his */
	int		 named;		/* a named face nearby shows him */
};

/* A named person's look: the mean of his faces' unit vectors. */
struct look {
	char		*who;		/* roster id; NULL: a free slot */
	float		*v;		/* the mean, or NULL: no face */
};

/* A device id and its index in the site, for the sorted list of them. */
struct devid {
	const char	*id;		/* the site's id */
	int		 i;		/* its index */
};

struct strangers {
	struct vg_archive *ar;		/* the archive */
	const struct vg_site *site;	/* its site */
	const struct vg_anomaly_opts *o; /* options */
	struct vg_model	 m;		/* the site's model */
	struct vg_graph	 g;		/* the archive's devices, for looks */
	int		 hasg;		/* g was read */
	struct vg_ways	 ways;		/* the shortest ways over the links */
	struct devid	*ids;		/* the site's devices, by id */
	struct look	*looks;		/* named people's looks, a hash */
	size_t		 nlooks;	/* slots, a power of two */
	size_t		 nlooks_used;	/* slots used */
	int64_t		 lookfrom;	/* looks are of faces from */
	int64_t		 lookto;	/* up to */
	size_t		 dim;		/* vector length, 0 until the first */
	struct face	*f;		/* unknown faces, in time order */
	size_t		 nf;		/* how many */
	struct who	*w;		/* clusters */
	size_t		 nw;		/* how many */
	float		*means;		/* their means again, one after
					   another, for the quick test */
	size_t		 meanscap;	/* room in means, clusters */
	float		 cmin;		/* under this cosine no cluster can be
					   likely enough to join */
	float		*unit;		/* the face being placed, unit length */
	size_t		*near;		/* faces of the clusters asked about,
					   indexes in f, in time order */
	size_t		 nnear;		/* how many */
	struct vg_error	*err;		/* where a failure goes */
};

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
	memcpy(s->means + (size_t)(w - s->w) * s->dim, w->mean,
	    s->dim * sizeof(*w->mean));
	w->n++;
}

/*
 * The lowest cosine at which the model's ratio can reach o->same: the
 * ratio is interpolated between bins, so below the first pair of bins
 * of which one reaches it, it cannot.  -2 when no such bound helps.
 */
static float
join_bound(const struct strangers *s)
{
	int	i;

	if (s->m.embdim == 0)
		return -2;
	for (i = 0; i < VG_MODEL_ABINS - 1; i++)
		if (s->m.llr[i] >= s->o->same || s->m.llr[i + 1] >= s->o->same)
			break;
	if (i == 0)
		return -2;
	/* bin i's centre; a little under it for the rounding of floats */
	return (float)((i + 0.5) * 2.0 / VG_MODEL_ABINS - 1.0 - 1e-3);
}

/* The cosine of the face in s->unit with cluster i's mean, in floats. */
static float
quick_cosine(const struct strangers *s, size_t i)
{
	const float	*m = s->means + i * s->dim;
	float		 a = 0, b = 0, c = 0, d = 0;
	size_t		 j;

	for (j = 0; j + 4 <= s->dim; j += 4) {
		a += m[j] * s->unit[j];
		b += m[j + 1] * s->unit[j + 1];
		c += m[j + 2] * s->unit[j + 2];
		d += m[j + 3] * s->unit[j + 3];
	}
	for (; j < s->dim; j++)
		a += m[j] * s->unit[j];
	return (a + b) + (c + d);
}

/*
 * Each unknown face, with its vector, joins the cluster whose mean it
 * most likely shows (when the model finds that at least o->same likelier
 * than another person), or starts one.  A cluster whose cosine with the
 * face is under the model's bound (join_bound) cannot be that likely and
 * is passed over after a quick test; the others are weighed in full.
 */
static int
face_row(const struct vg_row *r, void *arg)
{
	struct strangers	*s = arg;
	struct face		*f;
	struct who		*w;
	const struct vg_device	*d;
	size_t			 i, j;
	double			 best = -INFINITY, llr, norm = 0;
	int			 pick = -1;

	if (r->person != NULL || r->vec == NULL || r->nvec == 0)
		return 0;
	if (s->dim == 0) {
		s->dim = r->nvec;
		s->unit = xcalloc(s->dim, sizeof(*s->unit));
		s->cmin = join_bound(s);
	}
	if (r->nvec != s->dim)
		return 0;
	for (j = 0; j < s->dim; j++)
		norm += (double)r->vec[j] * r->vec[j];
	norm = sqrt(norm);
	for (j = 0; j < s->dim; j++)
		s->unit[j] = norm > 0 ? (float)(r->vec[j] / norm) : 0;
	for (i = 0; i < s->nw; i++) {
		if (s->cmin > -2 && quick_cosine(s, i) < s->cmin)
			continue;
		if ((llr = same(s, &s->w[i], r->vec)) > best) {
			best = llr;
			pick = (int)i;
		}
	}
	if (pick == -1 || best < s->o->same) {
		if (s->nw == s->meanscap) {
			s->meanscap = s->meanscap ? 2 * s->meanscap : 256;
			s->means = xreallocarray(s->means, s->meanscap,
			    s->dim * sizeof(*s->means));
		}
		s->w = xreallocarray(s->w, s->nw + 1, sizeof(*s->w));
		w = &s->w[s->nw];
		memset(w, 0, sizeof(*w));
		w->sum = xcalloc(s->dim, sizeof(*w->sum));
		w->mean = xcalloc(s->dim, sizeof(*w->mean));
		w->first = w->last = (size_t)-1;
		pick = (int)s->nw++;
	}
	who_add(s, &s->w[pick], r->vec);
	s->f = xreallocarray(s->f, s->nf + 1, sizeof(*s->f));
	f = &s->f[s->nf];
	memset(f, 0, sizeof(*f));
	vg_row_copy(&f->r, r);
	f->r.vec = NULL;
	f->r.nvec = 0;
	f->who = pick;
	f->next = (size_t)-1;
	w = &s->w[pick];
	if (w->last != (size_t)-1)
		s->f[w->last].next = s->nf;
	else
		w->first = s->nf;
	w->last = s->nf++;
	d = vg_site_device(s->site, r->device);
	f->dev = d != NULL ? (int)(d - s->site->devices) : -1;
	return 0;
}

static int
devid_cmp(const void *a, const void *b)
{
	return strcmp(((const struct devid *)a)->id,
	    ((const struct devid *)b)->id);
}

/* The site index of device id, or -1. */
static int
dev_of(const struct strangers *s, const char *id)
{
	struct devid	key, *d;

	if (id == NULL)
		return -1;
	key.id = id;
	d = bsearch(&key, s->ids, s->site->ndevices, sizeof(*s->ids),
	    devid_cmp);
	return d != NULL ? d->i : -1;
}

/* The sum of a person's faces' unit vectors, as look_one adds them. */
struct looksum {
	double		*sum;		/* the sum, dim long */
	size_t		 dim;		/* the archive's vector length */
	size_t		 n;		/* faces added */
};

static int
look_one(const struct vg_obs *o, void *arg)
{
	struct looksum	*ls = arg;
	double		 n = 0;
	size_t		 j;

	if (o->type != VG_ROW_SIGHTING || o->emb == NULL ||
	    o->embdim != ls->dim)
		return 0;
	for (j = 0; j < o->embdim; j++)
		n += (double)o->emb[j] * o->emb[j];
	if (n <= 0)
		return 0;
	n = sqrt(n);
	for (j = 0; j < o->embdim; j++)
		ls->sum[j] += o->emb[j] / n;
	ls->n++;
	return 0;
}

/*
 * Person who's look, read once: the mean of the unit vectors of his
 * sightings from s->lookfrom to s->lookto (NULL v when none has the
 * archive's length).  NULL when the archive fails.
 */
static const struct look *
look_get(struct strangers *s, const char *who)
{
	struct look	*old, *l;
	uint64_t	 h = 1469598103934665603ULL;
	const char	*c;
	struct looksum	 ls;
	double		 norm = 0;
	size_t		 i, n, j;

	if (2 * (s->nlooks_used + 1) > s->nlooks) {
		old = s->looks;
		n = s->nlooks;
		s->nlooks = n ? 2 * n : 256;
		s->looks = xcalloc(s->nlooks, sizeof(*s->looks));
		s->nlooks_used = 0;
		for (i = 0; i < n; i++) {
			if (old[i].who == NULL)
				continue;
			for (h = 1469598103934665603ULL, c = old[i].who; *c;
			    c++)
				h = (h ^ (unsigned char)*c) * 1099511628211ULL;
			for (j = h & (s->nlooks - 1); s->looks[j].who != NULL;
			    j = (j + 1) & (s->nlooks - 1))
				;
			s->looks[j] = old[i];
			s->nlooks_used++;
		}
		free(old);
	}
	for (h = 1469598103934665603ULL, c = who; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ULL;
	for (j = h & (s->nlooks - 1); s->looks[j].who != NULL; j = (j + 1) &
	    (s->nlooks - 1))
		if (strcmp(s->looks[j].who, who) == 0)
			return &s->looks[j];
	ls.sum = xcalloc(s->dim, sizeof(*ls.sum));
	ls.dim = s->dim;
	ls.n = 0;
	if (vg_ar_person_looks(s->ar, &s->g, who, s->lookfrom, s->lookto,
	    look_one, &ls, s->err) == -1) {
		free(ls.sum);
		return NULL;
	}
	l = &s->looks[j];
	l->who = xstrdup(who);
	s->nlooks_used++;
	for (i = 0; i < s->dim; i++)
		norm += ls.sum[i] * ls.sum[i];
	if (ls.n > 0 && norm > 0) {
		norm = sqrt(norm);
		l->v = xcalloc(s->dim, sizeof(*l->v));
		for (i = 0; i < s->dim; i++)
			l->v[i] = (float)(ls.sum[i] / norm);
	}
	free(ls.sum);
	return l;
}

/*
 * Whether one person could have been both the unknown face f and the
 * named face r (at the camera of site index nd): the quickest way between
 * their cameras, as the site's links time it (vg_ways_seconds), within
 * the time between their tracks and NEAR more (cameras' clocks may be
 * off by minutes where no correction is recorded).
 */
static int
within_reach(struct strangers *s, const struct face *f,
    const struct vg_row *r, int nd)
{
	int64_t	flast = f->r.last != VG_TIME_NONE ? f->r.last : f->r.t;
	int64_t	rlast = r->last != VG_TIME_NONE ? r->last : r->t, gap = 0;
	double	need;

	if (f->dev == -1 || nd == -1)
		return 1;
	if (r->t > flast)
		gap = r->t - flast;
	else if (f->r.t > rlast)
		gap = f->r.t - rlast;
	need = vg_ways_seconds(&s->ways, f->dev, nd, s->o->pace) * US;
	return need <= (double)(gap + NEAR);
}

/*
 * A named face: was its person the one of a cluster still in question?
 * So when one of the cluster's faces is within NEAR of it (the named
 * face's track, first to last, reaching within NEAR of the unknown face's
 * time), one person could have walked between the two cameras in the
 * time between (within_reach), and the named person's own look (the mean
 * of his faces, look_get) shows the cluster's person.  Not the named face
 * alone: among the faces the whole site names in minutes one looks like
 * anyone by chance, and a face the matcher named wrongly is not its named
 * person's look.  The faces in question are in s->near, in time order.
 */
static int
named_row(const struct vg_row *r, void *arg)
{
	struct strangers	*s = arg;
	int64_t			 last = r->last != VG_TIME_NONE ? r->last : r->t;
	size_t			 lo = 0, hi = s->nnear, k;
	const struct look	*l = NULL;
	struct who		*w;
	int			 nd = -2;

	if (r->person == NULL)
		return 0;
	/* the first face in question at r->t - NEAR or later */
	while (lo < hi) {
		k = lo + (hi - lo) / 2;
		if (s->f[s->near[k]].r.t < r->t - NEAR)
			lo = k + 1;
		else
			hi = k;
	}
	for (k = lo; k < s->nnear && s->f[s->near[k]].r.t <= last + NEAR;
	    k++) {
		w = &s->w[s->f[s->near[k]].who];
		if (w->named)
			continue;
		if (nd == -2)
			nd = dev_of(s, r->device);
		if (!within_reach(s, &s->f[s->near[k]], r, nd))
			continue;
		if (l == NULL && (l = look_get(s, r->person)) == NULL)
			return -1;
		if (l->v != NULL && same(s, w, l->v) >= s->o->same)
			w->named = 1;
	}
	return 0;
}

/*
 * Whether a named face within minutes of one of each cluster in question
 * (marked asked) shows him: one pass over the named faces of the span
 * that the clusters' faces cover, each weighed against the faces in
 * question near it; sets each cluster's named.
 */
static int
named_nearby(struct strangers *s)
{
	struct vg_query	q;
	size_t		i;
	int64_t		lo = VG_TIME_NONE, hi = VG_TIME_NONE;

	s->nnear = 0;
	for (i = 0; i < s->nf; i++) {
		if (!s->w[s->f[i].who].asked)
			continue;
		s->near[s->nnear++] = i;
		if (lo == VG_TIME_NONE || s->f[i].r.t < lo)
			lo = s->f[i].r.t;
		if (hi == VG_TIME_NONE || s->f[i].r.t > hi)
			hi = s->f[i].r.t;
	}
	if (s->nnear == 0)
		return 0;
	s->lookfrom = lo - LOOKDAY;
	s->lookto = hi + LOOKDAY;
	vg_query_init(&q);
	q.kinds = VG_ROW_SIGHTING;
	q.objects = VG_SEE_FACE;
	q.vectors = 1;
	q.from = lo - NEAR;
	q.to = hi + NEAR;
	return vg_query_run(s->ar, &q, named_row, s, s->err);
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
	for (i = s->w[w].first; i != (size_t)-1; i = s->f[i].next) {
		const struct face *f = &s->f[i];

		if (f->dev == -1)
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
	for (i = s->w[w].first; i != (size_t)-1; i = s->f[i].next)
		if (s->f[i].dev != -1)
			dwell[s->f[i].dev] = -1;
}

static int
strangers_find(struct strangers *s, struct vg_anomaly **all, size_t *na)
{
	const struct vg_site	*site = s->site;
	const struct vg_row	**ev;
	struct vg_anomaly	*a;
	struct vg_tz		*tz;
	struct tally		 t, *ts;
	struct vg_query		 q;
	int64_t			*dwell, day[8];
	char			 ln[32];
	size_t			 i, nev;
	double			 much;
	int			 w;

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
	ts = xcalloc(s->nw + 1, sizeof(*ts));
	for (w = 0; (size_t)w < s->nw; w++) {
		tally(s, tz, w, &ts[w], dwell, day, sizeof(day) / sizeof(*day));
		s->w[w].asked = ts[w].first != (size_t)-1 &&
		    (ts[w].ndev >= s->o->devices || ts[w].ndays >= 2 ||
		    ts[w].linger >= s->o->linger);
	}
	/* a face the matcher missed once is named at the cameras before
	   and after: not a stranger */
	s->near = xcalloc(s->nf + 1, sizeof(*s->near));
	if (named_nearby(s) == -1) {
		free(ts);
		free(dwell);
		free(ev);
		return -1;
	}
	for (w = 0; (size_t)w < s->nw; w++) {
		if (!s->w[w].asked || s->w[w].named)
			continue;
		t = ts[w];
		for (i = s->w[w].first, nev = 0; i != (size_t)-1 &&
		    nev < MAXEV; i = s->f[i].next)
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
	free(ts);
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
	free(s->means);
	free(s->unit);
	free(s->near);
	for (i = 0; i < s->nlooks; i++) {
		free(s->looks[i].who);
		free(s->looks[i].v);
	}
	free(s->looks);
	free(s->ids);
	if (s->ways.site != NULL)
		vg_ways_free(&s->ways);
	if (s->hasg)
		vg_graph_free(&s->g);
}

/* What the head count asks of the looks (faces_unlike): the site's
 * model and the archive's devices, read at its first question. */
struct faces {
	struct vg_archive *ar;		/* the archive */
	struct vg_graph	 g;		/* its devices */
	struct vg_model	 m;		/* its model */
	struct devid	*ids;		/* the graph's devices by id, i their
					   index in it */
	int		 ready;		/* 1 read, 0 not yet, -1 failed */
	double		*v;		/* the face sought, unit length, or
					   NULL */
	size_t		 dim;		/* its length */
	int64_t		 t;		/* its first seen, clock-corrected */
	int		 nv;		/* faces found at that instant */
	struct vg_error	*err;		/* where a failure goes */
};

static int
faces_ready(struct faces *f)
{
	size_t	i;

	if (f->ready != 0)
		return f->ready;
	f->ready = -1;
	if (vg_ar_graph(f->ar, &f->g, f->err) == -1)
		return -1;
	if (vg_model_get_look(f->ar, &f->g, &f->m, f->err) == -1) {
		vg_graph_free(&f->g);
		return -1;
	}
	f->ids = xcalloc(f->g.ndev + 1, sizeof(*f->ids));
	for (i = 0; i < f->g.ndev; i++) {
		f->ids[i].id = f->g.dev[i].code;
		f->ids[i].i = (int)i;
	}
	qsort(f->ids, f->g.ndev, sizeof(*f->ids), devid_cmp);
	return f->ready = 1;
}

/* The face sought, among a camera's sightings of its instant: the one
 * no roster entry matched (the lean window has no tracks). */
static int
face_one(const struct vg_obs *o, void *arg)
{
	struct faces	*f = arg;
	struct looksum	 ls;

	if (o->first != f->t || o->person != NULL || o->emb == NULL ||
	    o->embdim == 0 || f->nv++ > 0)
		return 0;
	/* its unit vector, as look_one adds it to a look */
	ls.sum = xcalloc(o->embdim, sizeof(*ls.sum));
	ls.dim = o->embdim;
	ls.n = 0;
	(void)look_one(o, &ls);
	if (ls.n == 0) {
		free(ls.sum);
		return 0;
	}
	f->v = ls.sum;
	f->dim = o->embdim;
	return 0;
}

/*
 * Whether the unnamed face camera first saw at t (clock-corrected) is
 * not the look of person, read by a gate at rt: whether the model finds
 * the cosine of the face and the mean of the person's faces within
 * LOOKREAD of rt likelier between two people than of one (its log
 * likelihood ratio under 0).  0 when either has no vector.
 */
static int
faces_unlike(void *arg, const char *camera, int64_t t, const char *person,
    int64_t rt)
{
	struct faces	*f = arg;
	struct devid	 key, *d;
	struct looksum	 ls;
	double		 dot = 0, norm = 0;
	size_t		 j;
	int		 rc = 0;

	if (faces_ready(f) == -1)
		return -1;
	if (f->m.embdim == 0)
		return 0;
	key.id = camera;
	if ((d = bsearch(&key, f->ids, f->g.ndev, sizeof(*f->ids),
	    devid_cmp)) == NULL)
		return 0;
	f->v = NULL;
	f->t = t;
	f->nv = 0;
	if (vg_ar_window_lean(f->ar, &f->g, d->i, t, t, face_one, f,
	    f->err) == -1)
		return -1;
	if (f->nv > 1) {
		free(f->v);	/* two at one instant: which is it? */
		f->v = NULL;
	}
	if (f->v == NULL)
		return 0;
	ls.sum = xcalloc(f->dim, sizeof(*ls.sum));
	ls.dim = f->dim;
	ls.n = 0;
	if (vg_ar_person_looks(f->ar, &f->g, person, rt - LOOKREAD, rt +
	    LOOKREAD, look_one, &ls, f->err) == -1)
		rc = -1;
	else if (ls.n > 0) {
		for (j = 0; j < f->dim; j++) {
			dot += f->v[j] * ls.sum[j];
			norm += ls.sum[j] * ls.sum[j];
		}
		rc = norm > 0 && vg_model_appearance(&f->m, dot / sqrt(norm)) <
		    0;
	}
	free(ls.sum);
	free(f->v);
	f->v = NULL;
	return rc;
}

static void
faces_free(struct faces *f)
{
	if (f->ready == 1) {
		vg_model_free(&f->m);
		vg_graph_free(&f->g);
	}
	free(f->ids);
	free(f->v);
}

/* vg_anomaly_store_looks with the looks vg_anomaly_find's head count
 * asks (faces_unlike). */
int
vg_anomaly_store(struct vg_archive *ar, int make, struct vg_error *err)
{
	struct faces	fc;
	int		rc;

	memset(&fc, 0, sizeof(fc));
	fc.ar = ar;
	fc.err = err;
	rc = vg_anomaly_store_looks(ar, make, faces_unlike, &fc, err);
	faces_free(&fc);
	return rc;
}

/*
 * Every kind of anomaly asked for (o->kinds 0: all but stranger): the
 * scan of the gate events (vg_anomaly_scan, its head count weighing
 * faces against the looks of the people read), then, when asked for,
 * the strangers among the camera sightings, all most serious first.
 */
int
vg_anomaly_find(struct vg_archive *ar, const struct vg_site *site,
    const struct vg_anomaly_opts *o, struct vg_anomaly **out, size_t *nout,
    struct vg_error *err)
{
	struct vg_anomaly_opts	 gates = *o;
	struct strangers	 s;
	struct faces		 fc;
	size_t			 i;
	unsigned		 st = 1u << VG_AN_STRANGER;
	int			 rc;

	*out = NULL;
	*nout = 0;
	gates.kinds = o->kinds == 0 ? ~st & ((1u << VG_AN_N) - 1) :
	    o->kinds & ~st;
	memset(&fc, 0, sizeof(fc));
	fc.ar = ar;
	fc.err = err;
	rc = gates.kinds != 0 ? vg_anomaly_scan_looks(ar, site, &gates,
	    faces_unlike, &fc, out, nout, err) : 0;
	faces_free(&fc);
	if (rc == -1)
		return -1;
	/* strangers only when asked for: their cost grows with the unknown
	   faces times their groups (a district day: over a minute of CPU) */
	if (!(o->kinds & st))
		return 0;
	memset(&s, 0, sizeof(s));
	s.ar = ar;
	s.site = site;
	s.o = o;
	s.err = err;
	if (vg_ar_graph(ar, &s.g, err) == -1)
		goto fail;
	s.hasg = 1;
	if (vg_model_get(ar, &s.g, &s.m, err) == -1)
		goto fail;
	vg_ways_init(&s.ways, site);
	s.ids = xcalloc(site->ndevices + 1, sizeof(*s.ids));
	for (i = 0; i < site->ndevices; i++) {
		s.ids[i].id = site->devices[i].id;
		s.ids[i].i = (int)i;
	}
	qsort(s.ids, site->ndevices, sizeof(*s.ids), devid_cmp);
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
	vg_anomaly_free(*out, *nout);
	*out = NULL;
	*nout = 0;
	return -1;
}
