/* like.c: the sightings that look like given ones, ranked by the site's own model */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "vigil-int.h"
#include "lookix.h"
#include "model.h"

/* What is looked for: some sightings of one person or vehicle. */
struct vg_look {
	struct vg_like	*like;		/* the sightings named, copied */
	size_t		 nlike;		/* how many */
	int		 objects;	/* VG_SEE_* of their kind */
	int		 named;		/* one of them names a person */
	float		*mean;		/* their mean (unit) vector, or NULL */
	size_t		 dim;		/* its length */
	int		*upper;		/* their upper colours, 0 unknown */
	int		*lower;		/* their lower colours */
	char		**attrs;	/* their attributes, or NULL */
	size_t		 nseen;		/* sightings behind them (a track may
					   be logged more than once) */
	struct vg_graph	 g;		/* the site */
	struct vg_model	 m;		/* its model */
	char		*why;		/* why the last run could not read the
					   vector files, or NULL */
	char		*archive;	/* whose spans' indexes to use, or NULL
					   (vg_look_index) */
	int		 index;		/* VG_LOOK_INDEX_* */
	char		*ixwhy;		/* why the last run could not use an
					   index, or NULL */
	size_t		 indexed;	/* spans the last run searched by their
					   index */
	int		 budget;	/* rounds of an index's search after the
					   first: vg_look_budget */
	size_t		 approx;	/* of them, those whose budget ran out
					   before no sighting left out could
					   reach the answer */
};

/* One sighting found while loading a look. */
struct load {
	struct vg_look	*look;		/* being built */
	const char	*track;		/* the track wanted */
	double		*sum;		/* of unit vectors */
	size_t		 nvec;		/* vectors summed */
	int		 kinds;		/* VG_SEE_* seen */
	size_t		 found;		/* sightings of the track */
};

static int
load_row(const struct vg_row *r, void *arg)
{
	struct load	*l = arg;
	struct vg_look	*k = l->look;
	double		 norm = 0;
	size_t		 i;

	if (r->track == NULL || strcmp(r->track, l->track) != 0)
		return 0;
	l->found++;
	if (r->person != NULL)
		k->named = 1;
	l->kinds |= r->kind != NULL && strcmp(r->kind, "vehicle") == 0 ?
	    VG_SEE_VEHICLE : VG_SEE_PERSON | VG_SEE_FACE;
	k->upper = xreallocarray(k->upper, k->nseen + 1, sizeof(int));
	k->lower = xreallocarray(k->lower, k->nseen + 1, sizeof(int));
	k->attrs = xreallocarray(k->attrs, k->nseen + 1, sizeof(char *));
	k->attrs[k->nseen] = r->attrs != NULL ? xstrdup(r->attrs) : NULL;
	k->upper[k->nseen] = r->upper != NULL ? vg_colour(r->upper) : 0;
	k->lower[k->nseen] = r->lower != NULL ? vg_colour(r->lower) : 0;
	if (k->upper[k->nseen] < 0)
		k->upper[k->nseen] = 0;
	if (k->lower[k->nseen] < 0)
		k->lower[k->nseen] = 0;
	k->nseen++;
	if (r->vec == NULL || r->nvec == 0)
		return 0;
	if (l->sum == NULL) {
		k->dim = r->nvec;
		l->sum = xcalloc(k->dim, sizeof(*l->sum));
	} else if (r->nvec != k->dim)
		return 0;
	for (i = 0; i < r->nvec; i++)
		norm += (double)r->vec[i] * r->vec[i];
	if (norm <= 0)
		return 0;
	norm = sqrt(norm);
	for (i = 0; i < r->nvec; i++)
		l->sum[i] += r->vec[i] / norm;
	l->nvec++;
	return 0;
}

void
vg_look_free(struct vg_look *k)
{
	size_t	i;

	if (k == NULL)
		return;
	for (i = 0; i < k->nlike; i++) {
		free((char *)k->like[i].camera);
		free((char *)k->like[i].track);
	}
	free(k->like);
	free(k->mean);
	free(k->upper);
	free(k->lower);
	for (i = 0; i < k->nseen; i++)
		free(k->attrs[i]);
	free(k->attrs);
	vg_model_free(&k->m);
	vg_graph_free(&k->g);
	free(k->why);
	free(k->archive);
	free(k->ixwhy);
	free(k);
}

/*
 * Load what is looked for: the sightings like[] (camera and track) with
 * their vectors and colours, and the site's model to compare others with.
 * Each must be in the archive, all of one kind (people or vehicles).
 */
int
vg_look_load(struct vg_archive *ar, const struct vg_like *like, size_t n,
    struct vg_look **out, struct vg_error *err)
{
	struct vg_look	*k;
	struct vg_query	 q;
	struct load	 l;
	double		*sum = NULL, norm;
	size_t		 i, j, nvec = 0;
	int		 kinds = 0;

	*out = NULL;
	k = xcalloc(1, sizeof(*k));
	k->budget = VG_LOOK_BUDGET;
	k->like = xcalloc(n, sizeof(*k->like));
	for (i = 0; i < n; i++) {
		k->like[i].camera = xstrdup(like[i].camera);
		k->like[i].track = xstrdup(like[i].track);
		k->nlike++;
	}
	if (!vg_ar_has_site(ar)) {
		vg_error_set(err, "no site imported: looks are"
		    " compared through the site's model");
		goto fail;
	}
	if (vg_ar_graph(ar, &k->g, err) == -1)
		goto fail;
	if (vg_model_get_look(ar, &k->g, &k->m, err) == -1) {
		vg_graph_free(&k->g);
		memset(&k->g, 0, sizeof(k->g));
		goto fail;
	}
	for (i = 0; i < n; i++) {
		vg_query_init(&q);
		q.camera = like[i].camera;
		q.track = like[i].track;
		q.kinds = VG_ROW_SIGHTING;
		q.vectors = 1;
		memset(&l, 0, sizeof(l));
		l.look = k;
		l.track = like[i].track;
		l.sum = sum;
		if (vg_query_run(ar, &q, load_row, &l, err) == -1) {
			free(l.sum);
			goto fail;
		}
		sum = l.sum;
		nvec += l.nvec;
		if (l.found == 0) {
			vg_error_set(err, "no sighting %s:%s in the"
			    " archive", like[i].camera, like[i].track);
			goto failsum;
		}
		if (kinds != 0 && kinds != l.kinds) {
			vg_error_set(err, "%s:%s is not of the kind"
			    " of %s:%s: look for people and vehicles apart",
			    like[i].camera, like[i].track, like[0].camera,
			    like[0].track);
			goto failsum;
		}
		if (l.kinds == (VG_SEE_VEHICLE | VG_SEE_PERSON | VG_SEE_FACE)) {
			vg_error_set(err, "%s:%s names a person and"
			    " a vehicle", like[i].camera, like[i].track);
			goto failsum;
		}
		kinds = l.kinds;
	}
	k->objects = kinds;
	if (nvec > 0) {
		for (norm = 0, j = 0; j < k->dim; j++)
			norm += sum[j] * sum[j];
		if (norm > 0) {
			norm = sqrt(norm);
			k->mean = xcalloc(k->dim, sizeof(*k->mean));
			for (j = 0; j < k->dim; j++)
				k->mean[j] = (float)(sum[j] / norm);
		}
	}
	free(sum);
	*out = k;
	return 0;
failsum:
	free(sum);
fail:
	vg_look_free(k);
	return -1;
}

/* Whether the look's sightings name a person (a lookup of him). */
int
vg_look_named(const struct vg_look *k)
{
	return k->named;
}

/* Why the last vg_look_run read every row, not the vector files, or NULL. */
const char *
vg_look_why(const struct vg_look *k)
{
	return k->why;
}

/* Whether it ranks by appearance vectors, not colours and attributes alone. */
int
vg_look_has_vector(const struct vg_look *k)
{
	return k->mean != NULL;
}

/* A sighting ranked, kept until the read ends. */
struct hit {
	double		 sim;		/* similarity, log10 of the ratio */
	double		 cos;		/* the vectors' cosine, -2 none: where
					   the learned ratio saturates, the
					   nearer look ranks first */
	struct vg_row	 r;		/* the row, copied */
};

struct rank {
	const struct vg_look *k;	/* what is looked for */
	size_t		 seen;		/* rows given */
	double		 min;		/* least similarity kept */
	int64_t		 limit;		/* most kept, 0 all */
	struct hit	*h;		/* kept: a min-heap when limited */
	size_t		 n;		/* how many */
	size_t		 cap;		/* allocated */
};

/*
 * How much likelier the look of r is if it shows what k shows than if it
 * shows someone else, as log10 of the likelihood ratio: the appearance
 * vectors' cosine, the clothing colours and the attributes (gender, bag,
 * ...), each read off the site's learned distributions.
 */
static double
similarity(const struct vg_look *k, const struct vg_row *r, double *cos)
{
	double	llr = 0, cu = 0, cl = 0, ca = 0;
	size_t	i, nu = 0, nl = 0, na = 0;
	int	u, l;

	*cos = -2;
	if (k->mean != NULL && r->vec != NULL && r->nvec == k->dim) {
		*cos = vg_cosine(k->mean, r->vec, k->dim);
		llr += vg_model_appearance(&k->m, *cos);
	}
	u = r->upper != NULL ? vg_colour(r->upper) : 0;
	l = r->lower != NULL ? vg_colour(r->lower) : 0;
	for (i = 0; i < k->nseen; i++) {
		if (u > 0 && k->upper[i] > 0) {
			cu += vg_model_colour(&k->m, k->upper[i], u);
			nu++;
		}
		if (l > 0 && k->lower[i] > 0) {
			cl += vg_model_colour(&k->m, k->lower[i], l);
			nl++;
		}
		if (r->attrs != NULL && k->attrs[i] != NULL) {
			ca += vg_model_attrs(&k->m, k->attrs[i], r->attrs);
			na++;
		}
	}
	if (nu > 0)
		llr += cu / (double)nu;
	if (nl > 0)
		llr += cl / (double)nl;
	if (na > 0)
		llr += ca / (double)na;
	return llr / log(10);
}

/* Whether hit a ranks below b: less similar, or as similar and later. */
static int
below(const struct hit *a, const struct hit *b)
{
	if (a->sim != b->sim)
		return a->sim < b->sim;
	if (a->cos != b->cos)
		return a->cos < b->cos;
	return a->r.t > b->r.t;
}

static void
sift_down(struct hit *h, size_t n, size_t i)
{
	struct hit	t;
	size_t		c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && below(&h[c + 1], &h[c]))
			c++;
		if (!below(&h[c], &h[i]))
			return;
		t = h[c], h[c] = h[i], h[i] = t;
		i = c;
	}
}

static void
sift_up(struct hit *h, size_t i)
{
	struct hit	t;

	while (i > 0 && below(&h[i], &h[(i - 1) / 2])) {
		t = h[i], h[i] = h[(i - 1) / 2], h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static int
rank_row(const struct vg_row *r, void *arg)
{
	struct rank	*s = arg;
	struct hit	 x;
	size_t		 i;

	s->seen++;
	for (i = 0; i < s->k->nlike; i++)
		if (r->track != NULL && strcmp(r->track, s->k->like[i].track)
		    == 0 && strcmp(r->device, s->k->like[i].camera) == 0)
			return 0;	/* what is looked for is no answer */
	x.sim = similarity(s->k, r, &x.cos);
	if (x.sim < s->min)
		return 0;
	x.r.t = r->t;
	if (s->limit > 0 && (int64_t)s->n == s->limit) {
		if (!below(&s->h[0], &x))
			return 0;
		memset(&x.r, 0, sizeof(x.r));
		vg_row_copy(&x.r, r);
		x.r.vec = NULL, x.r.nvec = 0;
		vg_row_free(&s->h[0].r);
		s->h[0] = x;
		sift_down(s->h, s->n, 0);
		return 0;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->h = xreallocarray(s->h, s->cap, sizeof(*s->h));
	}
	memset(&x.r, 0, sizeof(x.r));
	vg_row_copy(&x.r, r);
	x.r.vec = NULL, x.r.nvec = 0;
	s->h[s->n++] = x;
	if (s->limit > 0)
		sift_up(s->h, s->n - 1);
	return 0;
}

static int
hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (below(x, y))
		return 1;
	return below(y, x) ? -1 : 0;
}

/*
 * The scan of the spans' vector files (lookvec.c): each sighting's score
 * is bounded from its quantised vector, colours and the most and least
 * its attributes can weigh; a min-heap keeps the best lower bounds, and
 * a sighting whose upper bound is below the least of them (as many as
 * the answer holds, and the look's own sightings) cannot be in the
 * answer.  Those that may be are read again and ranked exactly.
 */
#define SLACK	1e-7		/* of the bounds, for rounding */
#define FILTER_MAX	200000	/* sightings read by id, at most */

/* A sighting the scan keeps: its row id and the most it may score. */
struct cand {
	int64_t		 id;		/* row id */
	double		 ub;		/* its bound, natural log */
};

/* The threshold two scans share (each of other spans). */
struct share {
	pthread_mutex_t	 mu;		/* guards thr */
	pthread_barrier_t bar;		/* where they meet */
	double		 thr;		/* the higher of theirs */
};

struct scan {
	const struct vg_look *k;	/* what is looked for */
	struct share	*sh;		/* shared with the other thread's, or
					   NULL */
	double		 cu[2][256];	/* least and most of the upper colour's
					   term, by code */
	double		 cl[2][256];	/* of the lower colour's */
	double		 most;		/* most of the colours and attributes */
	double		 ahi;		/* most of the attributes */
	double		 amax;		/* most of the vectors' term */
	struct vg_strtab at;		/* attribute strings seen */
	double		*atv;		/* their terms, by index in at */
	double		*seg_at;	/* the segment's, by its index, NAN not
					   yet known */
	signed char	*seg_am;	/* whether they pass the query's
					   --attr, by index, -1 not yet known */
	float		 l1;		/* half the look's vector's L1 norm */
	double		 min;		/* least similarity asked, natural log */
	double		*lb;		/* min-heap of the best lower bounds */
	size_t		 nlb;		/* how many */
	size_t		 L;		/* most kept */
	double		 thr;		/* a score below it is out */
	double		 cthr;		/* a cosine at or below it is out */
	struct cand	*c;		/* kept */
	size_t		 nc;		/* how many */
	size_t		 cap;		/* allocated */
	size_t		 prune;		/* prune the kept at this many */
	int		 over;		/* unlimited, and more kept than
					   FILTER_MAX: the scan gives up */
	int		 badcam;	/* a sighting of a camera the site
					   lacks: the files cannot serve */
};

/* The attributes' term of similarity() for one string of them. */
static double
attr_term(struct scan *sc, const char *a, size_t len)
{
	const struct vg_look *k = sc->k;
	uint32_t	 x;
	size_t		 i, n;
	double		 ca = 0;
	int		 added;

	x = vg_strtab_add(&sc->at, a, len, &added);
	if (!added)
		return sc->atv[x];
	for (n = 0, i = 0; i < k->nseen; i++)
		if (k->attrs[i] != NULL) {
			ca += vg_model_attrs(&k->m, k->attrs[i], sc->at.s[x]);
			n++;
		}
	sc->atv = xreallocarray(sc->atv, sc->at.n, sizeof(*sc->atv));
	sc->atv[x] = n > 0 ? ca / (double)n : 0;
	return sc->atv[x];
}

/* The colour terms of similarity(), code by code. */
static void
colour_terms(struct scan *sc, const int *seen, double t[2][256])
{
	const struct vg_look *k = sc->k;
	double	 v, lo = 0, hi = 0;
	size_t	 i, n;
	int	 c;

	for (c = 1; c < 256; c++) {
		if (vg_colour_name(c) == NULL)
			continue;
		for (v = 0, n = 0, i = 0; i < k->nseen; i++)
			if (seen[i] > 0) {
				v += vg_model_colour(&k->m, seen[i], c);
				n++;
			}
		t[0][c] = t[1][c] = n > 0 ? v / (double)n : 0;
		lo = fmin(lo, t[0][c]);
		hi = fmax(hi, t[1][c]);
	}
	t[0][0] = t[1][0] = 0;
	for (c = 1; c < 256; c++)
		if (vg_colour_name(c) == NULL)
			t[0][c] = lo, t[1][c] = hi;
}

static void	scan_cthr(struct scan *);

/*
 * The threshold shared: each scan's is the least of as many lower bounds
 * of its spans' sightings, so the higher of two is as good for both.
 * They meet to share it at the same points of their work, so that the
 * rounds each asks of its indexes, and the answer, do not depend on
 * which thread ran faster.
 */
static void
scan_sync(struct scan *sc)
{
	if (sc->sh == NULL)
		return;
	pthread_mutex_lock(&sc->sh->mu);
	if (sc->thr > sc->sh->thr)
		sc->sh->thr = sc->thr;
	pthread_mutex_unlock(&sc->sh->mu);
	pthread_barrier_wait(&sc->sh->bar);
	pthread_mutex_lock(&sc->sh->mu);
	if (sc->sh->thr > sc->thr) {
		sc->thr = sc->sh->thr;
		scan_cthr(sc);
	}
	pthread_mutex_unlock(&sc->sh->mu);
	pthread_barrier_wait(&sc->sh->bar);
}

/* The cosine at or below which nothing reaches the threshold. */
static void
scan_cthr(struct scan *sc)
{
	double	target = sc->thr - sc->most - SLACK, a = -1, b = 1, m;
	int	i;

	if (vg_model_appearance(&sc->k->m, -1) >= target) {
		sc->cthr = -INFINITY;
		return;
	}
	if (vg_model_appearance(&sc->k->m, 1) < target) {
		sc->cthr = 1;
		return;
	}
	for (i = 0; i < 40; i++) {
		m = (a + b) / 2;
		if (vg_model_appearance(&sc->k->m, m) >= target)
			b = m;
		else
			a = m;
	}
	sc->cthr = a;
}

static void
lb_down(double *h, size_t n, size_t i)
{
	double	t;
	size_t	c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && h[c + 1] < h[c])
			c++;
		if (h[c] >= h[i])
			return;
		t = h[c], h[c] = h[i], h[i] = t;
		i = c;
	}
}

/* A lower bound kept: the threshold may rise. */
static void
scan_lb(struct scan *sc, double lb)
{
	size_t	i;
	double	t;

	if (sc->L == 0)
		return;		/* unlimited: the threshold is the least asked */
	if (sc->nlb < sc->L) {
		i = sc->nlb++;
		sc->lb[i] = lb;
		while (i > 0 && sc->lb[i] < sc->lb[(i - 1) / 2]) {
			t = sc->lb[i], sc->lb[i] = sc->lb[(i - 1) / 2];
			sc->lb[(i - 1) / 2] = t;
			i = (i - 1) / 2;
		}
		if (sc->nlb < sc->L)
			return;
	} else if (lb > sc->lb[0]) {
		sc->lb[0] = lb;
		lb_down(sc->lb, sc->nlb, 0);
	} else
		return;
	if (sc->lb[0] > sc->thr) {
		sc->thr = sc->lb[0];
		scan_cthr(sc);
	}
}

static void
scan_keep(struct scan *sc, int64_t id, double ub)
{
	size_t	i, n;

	if (sc->nc == sc->prune) {
		for (n = 0, i = 0; i < sc->nc; i++)
			if (sc->c[i].ub + SLACK >= sc->thr)
				sc->c[n++] = sc->c[i];
		sc->nc = n;
		if (sc->prune < 2 * n)
			sc->prune = 2 * n;
	}
	if (sc->nc == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 1024;
		sc->c = xreallocarray(sc->c, sc->cap, sizeof(*sc->c));
	}
	sc->c[sc->nc].id = id;
	sc->c[sc->nc++].ub = ub;
}

/* The quantised cosine of the look's vector m with row i's. */
static inline float
qcos(const float *m, const int8_t *q, size_t dim, float scale)
{
	float	a0 = 0, a1 = 0, a2 = 0, a3 = 0;
	size_t	j;

	for (j = 0; j + 4 <= dim; j += 4) {
		a0 += m[j] * q[j];
		a1 += m[j + 1] * q[j + 1];
		a2 += m[j + 2] * q[j + 2];
		a3 += m[j + 3] * q[j + 3];
	}
	for (; j < dim; j++)
		a0 += m[j] * q[j];
	return (a0 + a1 + a2 + a3) * scale;
}

/* The first of a segment's sightings first seen at lo or later. */
static size_t
seg_from(const struct vg_lookseg *g, int64_t lo)
{
	size_t	a = 0, b = g->n, m;

	while (a < b) {
		m = a + (b - a) / 2;
		if (g->first[m] < lo)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

static int	attrs_match(const struct vg_query *, const char *, size_t);

/*
 * Whether objects (VG_SEE_* bits) holds the kind in code's low byte, as a
 * vector file or its index gives it: a damaged file's kind past the bits
 * is none of them, not a shift out of range.
 */
static int
kind_in(int objects, int64_t code)
{
	unsigned	k = (unsigned)(code & 0xff);

	return k < 31 && (objects >> k & 1);
}

/* A segment's attribute caches forgotten: another segment is read. */
static void
scan_reset(struct scan *sc, const struct vg_lookseg *g)
{
	size_t	i;

	for (i = 0; i < g->nattr; i++)
		sc->seg_at[i] = NAN;
	memset(sc->seg_am, -1, g->nattr + 1);
}

/* Score sighting i of segment g, if of the query's time, kinds and look. */
static void
scan_one(struct scan *sc, const struct vg_lookseg *g, size_t i, size_t dim,
    const struct vg_query *w, const struct vg_graph *gr, int64_t pad)
{
	const struct vg_look *k = sc->k;
	uint32_t	 code, x;
	int		 u, l;
	int64_t		 o = 0;
	double		 t = 0, ub, lb, base;
	float		 c = 0, e = 0;

	/* scan_seg starts an hour early, for the tracks begun before: a
	   sighting last seen before the window, however its clock runs, is
	   out on its own time (no other column read) */
	if (w->from != VG_TIME_NONE && g->last[i] < w->from - pad)
		return;
	code = g->code[i];
	x = g->attr[i];
	u = code >> 8 & 0xff;
	l = code >> 16 & 0xff;
	if (!kind_in(w->objects, code) ||
	    (w->upper != 0 && u != w->upper) ||
	    (w->lower != 0 && l != w->lower))
		return;
	if (w->nattr > 0) {
		if (x >= g->nattr)
			return;		/* none, as the archive */
		if (sc->seg_am[x] < 0)
			sc->seg_am[x] = (signed char)attrs_match(w,
			    g->attrs[x], g->attrlen[x]);
		if (!sc->seg_am[x])
			return;
	}
	if (pad != 0) {
		if (g->camera[i] < 0 || (size_t)g->camera[i] >= gr->nindex ||
		    gr->index[g->camera[i]] < 0) {
			sc->badcam = 1;	/* a camera the site lacks */
			return;
		}
		o = gr->dev[gr->index[g->camera[i]]].offset;
	}
	if ((w->from != VG_TIME_NONE && g->last[i] - o < w->from) ||
	    (w->to != VG_TIME_NONE && g->first[i] - o > w->to))
		return;
	if (x < g->nattr) {
		if (isnan(t = sc->seg_at[x]))
			t = sc->seg_at[x] = attr_term(sc, g->attrs[x],
			    g->attrlen[x]);
	} else if (x != UINT32_MAX)
		t = sc->ahi;	/* unreadable: bounded */
	base = sc->cu[1][u] + sc->cl[1][l] + t;
	if ((code >> 24 & 1) && k->mean != NULL) {
		if (sc->amax + base + SLACK < sc->thr)
			return;	/* its colours and attributes keep it out,
				   whatever its vector (not read) */
		c = qcos(k->mean, g->q + i * dim, dim, g->scale[i]);
		e = g->scale[i] * sc->l1 + 1e-5f;
		if (c + e <= sc->cthr)
			return;
		ub = vg_model_appearance(&k->m, fmin(c + e, 1)) + base;
	} else
		ub = base;
	if (ub + SLACK < sc->thr || ub + SLACK < sc->min)
		return;
	lb = sc->cu[0][u] + sc->cl[0][l] + (x < g->nattr || x ==
	    UINT32_MAX ? t : -INFINITY);
	if ((code >> 24 & 1) && k->mean != NULL)
		lb += vg_model_appearance(&k->m, fmax(c - e, -1));
	scan_keep(sc, g->id[i], ub);
	if (sc->L == 0 && sc->nc > FILTER_MAX)
		sc->over = 1;	/* too many to read by id */
	scan_lb(sc, lb - SLACK);
}

/* Scan one segment's sightings of the query's time, kinds and look. */
static void
scan_seg(struct scan *sc, const struct vg_lookseg *g, size_t dim,
    const struct vg_query *w, const struct vg_graph *gr, int64_t pad)
{
	int64_t	 lo, hi;
	size_t	 i;

	lo = w->from == VG_TIME_NONE ? INT64_MIN : w->from - 3600000000LL - pad;
	hi = w->to == VG_TIME_NONE ? INT64_MAX : w->to + pad;
	scan_reset(sc, g);
	for (i = seg_from(g, lo); i < g->n && g->first[i] <= hi && !sc->over;
	    i++)
		scan_one(sc, g, i, dim, w, gr, pad);
}

/* The spans a look's query reads, with their vector files. */
struct spans {
	struct vg_archive *ar;		/* the archive */
	int64_t		 lo, hi;	/* raw times the query may reach */
	struct vg_lookvec *lv;		/* files opened */
	struct vg_span	*span;		/* their spans (names copied) */
	size_t		 n;		/* how many */
	int		 none;		/* a span has none, or a bad one */
	struct vg_error	*err;		/* why a file is bad */
};

static int
span_file(const struct vg_span *sp, void *arg)
{
	struct spans	*s = arg;
	int		 rc;

	if (sp->sightings == 0 || sp->start > s->hi || sp->end <= s->lo)
		return 0;
	s->lv = xreallocarray(s->lv, s->n + 1, sizeof(*s->lv));
	s->span = xreallocarray(s->span, s->n + 1, sizeof(*s->span));
	if ((rc = vg_ar_lookvec(s->ar, sp, &s->lv[s->n], s->err)) != 0) {
		s->none = rc;
		return 1;
	}
	s->span[s->n] = *sp;
	s->span[s->n].name = xstrdup(sp->name);
	s->n++;
	return 0;
}

/* Close the files span_file opened and free what it copied. */
static void
spans_free(struct spans *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++) {
		vg_lookvec_close(&s->lv[i]);
		free((char *)s->span[i].name);
	}
	free(s->lv);
	free(s->span);
}

/*
 * The index of a span's vector file (lookix.c), when the look is to use
 * it, the query is limited, filters no colour or attribute and covers at
 * least three quarters of the span, and the span is large enough for the
 * index to pay.  The sightings whose vectors are nearest the look's are
 * scored as the scan scores them, more and more of them, until the least
 * score the answer holds (the scan's threshold) is above the most any
 * other could reach: its vector no nearer than the last candidate's nor
 * than the farthest reach of any list not looked in (the lists' radii),
 * its colours and attributes the likeliest there are (the answer is then
 * the exact scan's, within the rounding of the index's codes); or, when
 * that would take more candidates than a scan costs, the segments the
 * index covers are scanned after all.  Sightings with no vector, which
 * the index does not hold, are scanned when their colours and attributes
 * could reach the threshold.
 *
 * The search of each span is bounded in work by the look's budget B
 * (vg_look_budget): its candidates grow to IX_GROW^B times the first
 * round's at most, and the rounds after the first look in B times the
 * first round's lists at most, or in as many as hold B IX_FLOOR vectors
 * a row of the answer over the square root of the spans searched by
 * their indexes (so a small span's, all of them, when it is the only
 * one; bench/README.md, look17).  Where the
 * bound stops it before the proof, the answer is the best of what was
 * scored (its recall against the exact scan's: bench/README.md), and
 * the look says so (vg_look_approximate).  The spans are searched in two
 * groups, one on a thread of its own, their thresholds shared.
 */
#define IX_GROW		4	/* candidates grow by this, a round */
#define IX_SCAN		8	/* more candidates than an eighth of the span's
				   sightings: scanned instead */
#define IX_EXAMINE	64	/* the colours' round reads this many times
				   the candidates of the budget, at most */
#define IX_FLOOR	4096	/* lists looked in after the first round:
				   as many as hold B times this many vectors
				   a row of the answer (over the square root
				   of the spans), at least */

struct ixcand;

/* A span searched by its index. */
struct ixspan {
	const struct vg_lookvec *lv;	/* its vector file */
	const struct vg_span *sp;	/* the span */
	struct vg_lookix *x;		/* its index */
	size_t		 wvec;		/* vectors in the blocks of time the
					   query reaches */
	size_t		 wpos;		/* sightings there */
	int		 blocked;	/* the index has blocks of time: the
					   window's vectors are all in its
					   lists' parts searched */
	int		 all;		/* the round looks in every list */
	int		 fd;		/* the file, read by pread(2) */
	size_t		 K;		/* candidates of the last round */
	int64_t		*done;		/* positions scored or ruled out,
					   in order */
	size_t		 ndone;		/* how many */
	double		 slack;		/* of the codes' inner products */
	int		 fin;		/* no sighting left out can reach the
					   threshold */
	int		 grow;		/* more candidates are wanted */
	int		 lists;		/* the last round looked in every list
					   the threshold asked */
	size_t		 Kmax;		/* candidates a round at most */
	size_t		 pmax;		/* lists looked in, all rounds, at most */
	size_t		 probed;	/* lists looked in so far */
	int		 capped;	/* the budget ran out before fin */
	struct ixcand	*c;		/* the round's candidates not yet
					   scored */
	size_t		 nc;		/* how many */
	size_t		 first;		/* of them, scored already */
	float		 kth;		/* the round's K-th inner product, NAN
					   when it gave fewer */
	double		 beyond;	/* the most a list not looked in may
					   give */
	int64_t		 wlo, whi;	/* the first times (as logged) a
					   sighting of the window may have */
	size_t		*wr;		/* each covered segment's rows of the
					   window: wr[2 s] .. wr[2 s + 1] - 1,
					   SIZE_MAX until found */
	int		 how;		/* IX_FAISS, IX_DIRECT or IX_ROWS */
	int		 narrow;	/* the window is under half its blocks'
					   time: its rows told by position */
};

#define IX_FAISS	0	/* searched by faiss's lists */
#define IX_DIRECT	1	/* every vector of the window's blocks bounded
				   from the colours' lists (no faiss) */
#define IX_ROWS		2	/* the window's rows scanned */

/* Segment s's rows of the window, found once (two bisections). */
static void
ix_range(struct ixspan *ix, size_t s, size_t *a, size_t *b)
{
	const struct vg_lookseg *g = &ix->lv->seg[s];
	size_t	i, nseg = vg_lookix_segments(ix->x);

	if (ix->wr == NULL) {
		ix->wr = xcalloc(2 * nseg + 1, sizeof(*ix->wr));
		for (i = 0; i < 2 * nseg; i++)
			ix->wr[i] = SIZE_MAX;
	}
	if (ix->wr[2 * s] == SIZE_MAX) {
		ix->wr[2 * s] = ix->wlo == INT64_MIN ? 0 : seg_from(g,
		    ix->wlo);
		ix->wr[2 * s + 1] = ix->whi == INT64_MAX ? g->n : seg_from(g,
		    ix->whi + 1);
	}
	*a = ix->wr[2 * s];
	*b = ix->wr[2 * s + 1];
}

/*
 * Whether row of segment g (covered) may be of the window: told only
 * where the window is narrow (two bisections a segment cost more than
 * the rows of a block's edges, which the scan's test rules out).
 */
static int
ix_inwin(struct ixspan *ix, const struct vg_lookseg *g, size_t row)
{
	size_t	a, b;

	if (!ix->narrow)
		return 1;
	ix_range(ix, (size_t)(g - ix->lv->seg), &a, &b);
	return row >= a && row < b;
}

/* The colours' lists: how many, their keys and window parts. */
static size_t
ix_keys(const struct ixspan *ix, const int64_t **key, const int64_t **win)
{
	const uint32_t	*pos;
	const int8_t	*q;
	const float	*scale;

	return vg_lookix_colours(ix->x, key, win, &pos, &q, &scale);
}

/* The covered segments' rows of the window. */
static size_t
ix_rows(struct ixspan *ix)
{
	size_t	s, a, b, n = 0, nseg = vg_lookix_segments(ix->x);

	for (s = 0; s < nseg; s++) {
		ix_range(ix, s, &a, &b);
		n += b - a;
	}
	return n;
}

/* Whether the query's time covers three quarters of span sp. */
static int
ix_covers(const struct vg_span *sp, const struct vg_query *w)
{
	return 4 * (fmin(w->to == VG_TIME_NONE ? sp->end : w->to + 1,
	    sp->end) - fmax(w->from == VG_TIME_NONE ? sp->start : w->from,
	    sp->start)) >= 3 * (double)(sp->end - sp->start);
}

/*
 * Whether span sp may be searched by its index, if it has one (an index
 * without blocks of time only where the query covers most of the span,
 * ix_open).
 */
static int
ix_wanted(const struct vg_look *k, const struct vg_span *sp,
    const struct vg_query *w, int64_t limit)
{
	return !(k->archive == NULL || k->index == VG_LOOK_INDEX_NEVER ||
	    limit <= 0 || w->upper != 0 || w->lower != 0 || w->nattr > 0 ||
	    sp->sightings < VG_LOOKIX_FEW ||	/* none is built */
	    (k->index == VG_LOOK_INDEX_LARGE && sp->sightings < VG_LOOKIX_MIN));
}

/*
 * Candidates to take first from each of nix spans' indexes: ten times the
 * answer (and the look's own sightings), a thousand at least, shared out
 * among the spans, but never fewer than the answer from any one of them
 * (bench/README.md: the index finds 0.97 of a day's nearest 100 among its
 * first 100; the exact answer over many days holds at most that many of
 * any one day).  More are taken where these do not settle the answer.
 */
static size_t
ix_candidates(const struct vg_look *k, int64_t limit, size_t nix)
{
	size_t	L = (size_t)limit + k->nseen, K;

	K = L * 10 < 1000 ? 1000 : L * 10;
	K = nix > 1 ? (K + nix - 1) / nix : K;
	return K < L ? L : K;
}

static pthread_mutex_t why_mu = PTHREAD_MUTEX_INITIALIZER; /* k->ixwhy */

/* Note why a span's index could not serve. */
static void
ix_why(struct vg_look *k, const char *msg)
{
	char	*why;

	pthread_mutex_lock(&why_mu);
	xasprintf(&why, "%s%s%s", k->ixwhy != NULL ? k->ixwhy : "",
	    k->ixwhy != NULL ? "; " : "", msg);
	free(k->ixwhy);
	k->ixwhy = why;
	pthread_mutex_unlock(&why_mu);
}

/*
 * Open span sp's index into *ix, its search limited to the blocks of time
 * the query may reach (pad: the largest clock offset): 0, or 1 when it
 * is not to be used.
 */
static int
ix_open(struct scan *sc, struct ixspan *ix, const struct vg_lookvec *lv,
    const struct vg_span *sp, const struct vg_query *w, int64_t limit,
    int64_t pad)
{
	struct vg_look	*k = (struct vg_look *)sc->k;
	struct vg_error	 e = { 0, NULL };
	char		*why;
	int64_t		 lo, hi, before;
	int		 blocked;

	memset(ix, 0, sizeof(*ix));
	ix->fd = -1;
	if (!ix_wanted(k, sp, w, limit))
		return 1;
	switch (vg_lookix_open(k->archive, sp->name, lv, &ix->x, &e)) {
	case 1:
		/* missing where vigil-import builds one */
		if (sp->sightings < (k->index == VG_LOOK_INDEX_ALWAYS ?
		    VG_LOOKIX_FEW : VG_LOOKIX_MIN) || !ix_covers(sp, w))
			return 1;
		why = vg_lookix_path(k->archive, sp->name);
		vg_error_set(&e, "'%s': no index (vigil-import -L builds it)",
		    why);
		free(why);
		/* FALLTHROUGH */
	case -1:
		ix_why(k, e.msg);
		vg_error_clear(&e);
		return 1;
	}
	/* the sightings the scan would read: first seen from an hour (or
	   the span's longest sighting, if less) before the window */
	before = vg_lookix_longest(ix->x);
	before = before < 0 || before > 3600000000LL ? 3600000000LL : before;
	lo = w->from == VG_TIME_NONE ? INT64_MIN : w->from - before - pad;
	hi = w->to == VG_TIME_NONE ? INT64_MAX : w->to + pad;
	blocked = vg_lookix_window(ix->x, lo, hi, &ix->wvec, &ix->wpos);
	ix->blocked = blocked;
	ix->wlo = blocked ? lo : INT64_MIN;
	ix->whi = blocked ? hi : INT64_MAX;
	ix->lv = lv;
	/* a part of the span only by its blocks of time */
	if ((k->mean == NULL && !blocked) || (!blocked && k->mean != NULL &&
	    !ix_covers(sp, w))) {
		vg_lookix_close(ix->x);
		ix->x = NULL;
		return 1;
	}
	/* a part of the span: by its rows when the window's blocks hold
	   many more than it (a minute of a busy hour), else every vector of
	   the blocks bounded from the colours' lists (an hour, busy or
	   quiet: bench/README.md); most of it by faiss */
	ix->how = IX_FAISS;
	if (k->mean != NULL && blocked && !ix_covers(sp, w)) {
		const int64_t	*key, *win;

		ix->narrow = lo != INT64_MIN && hi != INT64_MAX && 2 * (hi -
		    lo) < vg_lookix_wintime(ix->x);
		if (ix->narrow && ix_rows(ix) * IX_SCAN <= ix->wvec)
			ix->how = IX_ROWS;
		else if (ix_keys(ix, &key, &win) > 0)
			ix->how = IX_DIRECT;
	}
	/* faiss is loaded for a look with a vector searched by it (one with
	   none reads the lists alone) */
	if (k->mean != NULL && ix->how == IX_FAISS &&
	    vg_lookix_ready(ix->x, &e) == -1) {
		ix_why(k, e.msg);
		vg_error_clear(&e);
		vg_lookix_close(ix->x);
		free(ix->wr);
		ix->x = NULL;
		ix->wr = NULL;
		return 1;
	}
	ix->sp = sp;
	ix->fd = vg_lookix_fd(k->archive, sp->name);
	ix->slack = k->mean != NULL ? vg_lookix_slack(ix->x, k->mean) + 1e-5 :
	    0;
	return 0;
}

static void
ix_close(struct ixspan *ix)
{
	if (ix->fd != -1)
		close(ix->fd);
	free(ix->done);
	free(ix->c);
	free(ix->wr);
	vg_lookix_close(ix->x);
	memset(ix, 0, sizeof(*ix));
	ix->fd = -1;
}

static int
pos_cmp(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Whether position p was scored or ruled out before. */
static int
ix_done(const struct ixspan *ix, int64_t p)
{
	return ix->ndone > 0 && bsearch(&p, ix->done, ix->ndone,
	    sizeof(*ix->done), pos_cmp) != NULL;
}

/* The code of a sighting of colours' list key (its vector is there). */
static uint32_t
ix_code(int64_t key)
{
	return ((uint32_t)key & 0xffffff) | 1U << 24;
}

/* A candidate of a round: its position and its codes' inner product. */
struct ixcand {
	int64_t		 pos;		/* position in the covered segments */
	float		 ip;		/* inner product, as the codes give it */
	uint32_t	 code;		/* its code, when cj is known */
	int64_t		 cj;		/* its place in the colours' lists (its
					   vector there), -1 unknown */
};

static int
ixcand_cmp(const void *a, const void *b)
{
	return pos_cmp(&((const struct ixcand *)a)->pos,
	    &((const struct ixcand *)b)->pos);
}

/*
 * Whether a row of segment g may reach the threshold, by its kind and
 * colours (code), attributes (x: g's attribute caches current) and its
 * inner product ip.
 */
static int
ix_may(struct scan *sc, const struct ixspan *ix, const struct vg_lookseg *g,
    uint32_t code, uint32_t x, double ip, const struct vg_query *w)
{
	double	t = 0, ub;

	if (!kind_in(w->objects, code))
		return 0;
	if (x < g->nattr) {
		if (isnan(t = sc->seg_at[x]))
			t = sc->seg_at[x] = attr_term(sc, g->attrs[x],
			    g->attrlen[x]);
	} else if (x != UINT32_MAX)
		t = sc->ahi;
	ub = vg_model_appearance(&sc->k->m, fmin(ip + ix->slack, 1)) +
	    sc->cu[1][code >> 8 & 0xff] + sc->cl[1][code >> 16 & 0xff] + t;
	return ub + SLACK >= sc->thr && ub + SLACK >= sc->min;
}

/*
 * Score rows rows[0..n-1] (in order) of segment g, the candidates rc[],
 * whose inner products are ip[] (NULL: score them all): with ip, a row's
 * kind, colours and attributes are read first, and the rest only when
 * they may reach the threshold.  The rows scored are left first in rows
 * and rc: how many.  Rows are read by pread(2) (the mapping's first
 * touch of a page costs several reads on a virtual machine), through the
 * mapping where that fails; the kind, colours and vectors of candidates
 * of the colours' lists from the index, where the index holds them.
 */
static size_t
ix_score_seg(struct scan *sc, struct ixspan *ix, const struct vg_lookseg *g,
    size_t *rows, const float *ip, struct ixcand *rc, size_t n,
    const struct vg_query *w, int64_t pad)
{
	struct vg_lookseg got;
	const int64_t	*key, *win;
	const uint32_t	*pos;
	const int8_t	*cq;
	const float	*cscale;
	uint32_t	*code = NULL, *x = NULL;
	size_t		 i, m, dim = ix->lv->dim;
	void		*mem;
	int		 lean;

	scan_reset(sc, g);
	/* every row's kind, colours and vector known: its attributes and
	   times alone read */
	lean = ip != NULL && ix->fd != -1;
	for (i = 0; lean && i < n; i++)
		lean = rc[i].cj >= 0;
	if (ip != NULL) {
		code = xcalloc(2 * n + 1, sizeof(*code));
		x = code + n;
		if (ix->fd == -1 || vg_lookix_peek(ix->fd, ix->lv, g, rows, n,
		    lean ? NULL : code, x) == -1) {
			lean = 0;
			for (i = 0; i < n; i++) {
				code[i] = g->code[rows[i]];
				x[i] = g->attr[rows[i]];
			}
		}
		for (i = 0; lean && i < n; i++)
			code[i] = rc[i].code;
		for (m = 0, i = 0; i < n; i++)
			if (ix_may(sc, ix, g, code[i], x[i], ip[i], w)) {
				code[m] = code[i];
				x[m] = x[i];
				rc[m] = rc[i];
				rows[m++] = rows[i];
			}
		n = m;
	}
	if (n > 0 && (ix->fd == -1 || vg_lookix_gather(ix->fd, ix->lv, g,
	    rows, n, lean, &got, &mem) == -1)) {
		for (i = 0; i < n; i++)
			scan_one(sc, g, rows[i], ix->lv->dim, w, &sc->k->g, pad);
	} else if (n > 0) {
		if (lean) {
			(void)vg_lookix_colours(ix->x, &key, &win, &pos, &cq,
			    &cscale);
			for (i = 0; i < n; i++) {
				((uint32_t *)got.code)[i] = code[i];
				((uint32_t *)got.attr)[i] = x[i];
				((float *)got.scale)[i] = cscale[rc[i].cj];
				memcpy((int8_t *)got.q + i * dim, cq +
				    (size_t)rc[i].cj * dim, dim);
			}
		}
		for (i = 0; i < n; i++)
			scan_one(sc, &got, i, ix->lv->dim, w, &sc->k->g, pad);
		free(mem);
	}
	free(code);
	return n;
}

/*
 * Score candidates c[0..n-1] (in position order) as the scan does,
 * segment by segment; with peek, those whose inner product leaves them
 * room to reach the threshold, their kind, colours and attributes first.
 * Unless scored is NULL, those scored are left first in c (in order),
 * and how many to *scored.
 */
static void
ix_score(struct scan *sc, struct ixspan *ix, struct ixcand *c,
    size_t n, int peek, const struct vg_query *w, int64_t pad, size_t *scored)
{
	const struct vg_lookseg *g, *was = NULL;
	size_t		 i, j, m, kept = 0, row, *rows, nrows = 0;
	int64_t		 base = 0;
	float		*ip;
	struct ixcand	*rc;

	rows = xcalloc(n + 1, sizeof(*rows));
	ip = xcalloc(n + 1, sizeof(*ip));
	rc = xcalloc(n + 1, sizeof(*rc));
	for (i = 0; i <= n; i++) {
		g = i < n ? vg_lookix_row(ix->x, ix->lv, c[i].pos, &row) : NULL;
		if (i < n && g == NULL)
			continue;
		if (g != was || i == n) {
			if (nrows > 0) {
				m = ix_score_seg(sc, ix, was, rows, peek ? ip :
				    NULL, rc, nrows, w, pad);
				for (j = 0; scored != NULL && j < m; j++) {
					c[kept].pos = base + (int64_t)rows[j];
					c[kept++].ip = 0;
				}
			}
			nrows = 0;
			if ((was = g) == NULL)
				break;
			base = c[i].pos - (int64_t)row;
		}
		if (peek && c[i].ip + ix->slack <= sc->cthr)
			continue;	/* nothing could lift it enough */
		ip[nrows] = c[i].ip;
		rc[nrows] = c[i];
		rows[nrows++] = row;
	}
	free(rows);
	free(ip);
	free(rc);
	if (scored != NULL)
		*scored = kept;
}

/*
 * The first half of a round of span ix's index: its nearest K, those not
 * scored before kept for ix_rest (the first L, the likeliest, scored
 * straight away when first).  0, or -1 when the search failed (nothing
 * scored).
 */
static int
ix_search(struct scan *sc, struct ixspan *ix, size_t nix,
    const struct vg_query *w, int64_t pad)
{
	const struct vg_look *k = sc->k;
	struct ixcand	*c;
	int64_t		*pos;
	float		*ip;
	size_t		 i, nc, first, used = 0, per, b;
	double		 fl;
	long		 n;

	pos = xcalloc(ix->K, sizeof(*pos));
	ip = xcalloc(ix->K, sizeof(*ip));
	/* the first round looks in the lists nearest; the others in every
	   list whose vectors may reach the threshold too, within the
	   budget */
	ix->lists = ix->ndone > 0;
	if ((n = vg_lookix_search(ix->x, k->mean, ix->K, nix,
	    ix->all ? 0 : ix->pmax > 0 ? ix->pmax - ix->probed : 0, ix->all ?
	    -2 : ix->lists ? sc->cthr : 2, pos, ip, &ix->beyond, &used)) <
	    0) {
		free(pos);
		free(ip);
		return -1;
	}
	ix->probed += used;
	if (ix->pmax == 0) {	/* the first round sets the budget */
		per = ix->wvec / vg_lookix_lists(ix->x) + 1;
		b = (size_t)k->budget;
		/* the floor shared out among the spans, as the first
		   round's lists are: over the square root of their number */
		fl = ceil((double)IX_FLOOR * (double)b * (double)sc->L /
		    sqrt((double)(nix > 1 ? nix : 1)) / (double)per);
		ix->pmax = (1 + b) * used;
		if ((double)ix->pmax < fl)
			ix->pmax = (size_t)fl;
	}
	ix->kth = (size_t)n == ix->K ? ip[n - 1] : NAN;
	c = xcalloc((size_t)n + 1, sizeof(*c));
	for (nc = 0, i = 0; i < (size_t)n; i++)
		if (!ix_done(ix, pos[i])) {
			c[nc].pos = pos[i];
			c[nc].cj = -1;
			c[nc++].ip = ip[i];
		}
	free(pos);
	free(ip);
	/* the first round's L nearest raise the threshold for the rest */
	first = ix->ndone == 0 ? (sc->L < nc ? sc->L : nc) : 0;
	vg_qsort(c, first, sizeof(*c), ixcand_cmp);
	ix_score(sc, ix, c, first, 0, w, pad, NULL);
	ix->c = c;
	ix->nc = nc;
	ix->first = first;
	return 0;
}

/* Candidates c[0..n-1] (in position order, none done) made done. */
static void
ix_merge(struct ixspan *ix, const struct ixcand *c, size_t n)
{
	int64_t	*m;
	size_t	 j, a, b;

	m = xcalloc(ix->ndone + n + 1, sizeof(*m));
	for (a = 0, b = 0, j = 0; a < ix->ndone || b < n; )
		if (b == n || (a < ix->ndone && ix->done[a] < c[b].pos))
			m[j++] = ix->done[a++];
		else
			m[j++] = c[b++].pos;
	free(ix->done);
	ix->done = m;
	ix->ndone = j;
}

/*
 * The second half: the rest scored, and whether what is left out can
 * still reach the threshold.
 */
static void
ix_rest(struct scan *sc, struct ixspan *ix, const struct vg_query *w,
    int64_t pad)
{
	struct ixcand	*c = ix->c;
	size_t		 nc = ix->nc;

	vg_qsort(c + ix->first, nc - ix->first, sizeof(*c), ixcand_cmp);
	ix_score(sc, ix, c + ix->first, nc - ix->first, 1, w, pad, NULL);
	vg_qsort(c, nc, sizeof(*c), ixcand_cmp);
	ix_merge(ix, c, nc);
	free(c);
	ix->c = NULL;
	ix->nc = ix->first = 0;
	/* every list looked in, and fewer than asked given: every vector
	   of the window's blocks was a candidate */
	if (ix->all && isnan(ix->kth)) {
		ix->grow = 0;
		ix->fin = 1;
		return;
	}
	/* what the index did not give is no nearer than its last */
	if (!isnan(ix->kth) && ix->kth + ix->slack > sc->cthr)
		ix->grow = 1;	/* the K-th may be passed by others */
	else
		ix->grow = ix->beyond > sc->cthr && ix->lists;	/* no radii */
	ix->fin = !ix->grow && ix->beyond <= sc->cthr;
}

/* A whole round: 0, or -1 when the search failed. */
static int
ix_round(struct scan *sc, struct ixspan *ix, size_t nix,
    const struct vg_query *w, int64_t pad)
{
	if (ix_search(sc, ix, nix, w, pad) == -1)
		return -1;
	ix_rest(sc, ix, w, pad);
	return 0;
}

/*
 * Score the sightings with no vector of the index's blocks of time the
 * query reaches, as its list of them gives them: those of the kinds asked
 * whose colours and attributes may reach the threshold.  0, or -1 when
 * the index has no such list.
 */
static int
ix_novec(struct scan *sc, struct ixspan *ix, const struct vg_query *w,
    int64_t pad)
{
	const struct vg_lookseg *g = NULL, *was = NULL;
	const uint32_t	*pos, *code;
	size_t		 row;
	long		 n, i;
	uint32_t	 c;

	if ((n = vg_lookix_novec(ix->x, &pos, &code)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		c = code[i];
		if (!kind_in(w->objects, c) || sc->cu[1][c >> 8 &
		    0xff] + sc->cl[1][c >> 16 & 0xff] + sc->ahi + SLACK <
		    sc->thr)
			continue;
		if ((g = vg_lookix_row(ix->x, ix->lv, pos[i], &row)) == NULL)
			continue;
		if (g != was)
			scan_reset(sc, was = g);
		scan_one(sc, g, row, ix->lv->dim, w, &sc->k->g, pad);
	}
	return 0;
}

/*
 * A look with no vector: every sighting of the window's blocks of the
 * kinds asked whose colours and attributes may reach the threshold,
 * from the index's colours' lists and its list of those with no vector,
 * scored as the scan scores them (the segments' rows not read).  0, or
 * -1 when the index lacks a list (scanned).
 */
static int
ix_bykind(struct scan *sc, struct ixspan *ix, const struct vg_query *w,
    int64_t pad)
{
	const struct vg_lookseg *g, *was = NULL;
	const int64_t	*key, *win;
	const uint32_t	*pos, *nvp, *nvc;
	const int8_t	*q;
	const float	*scale;
	size_t		 nkey, i, j, row, npos;
	uint32_t	 u, l;

	if (vg_lookix_novec(ix->x, &nvp, &nvc) < 0 || ((nkey =
	    vg_lookix_colours(ix->x, &key, &win, &pos, &q, &scale)) == 0 &&
	    vg_lookix_vectors(ix->x, &npos) > 0))
		return -1;
	(void)vg_lookix_vectors(ix->x, &npos);
	for (i = 0; i < nkey; i++) {
		u = (uint32_t)key[i] >> 8 & 0xff;
		l = (uint32_t)key[i] >> 16 & 0xff;
		if (!kind_in(w->objects, key[i]) || sc->cu[1][u] +
		    sc->cl[1][l] + sc->ahi + SLACK < sc->thr)
			continue;
		vg_lookix_colours_need(ix->x, (size_t)win[2 * i],
		    (size_t)win[2 * i + 1]);
		for (j = (size_t)win[2 * i]; j < (size_t)win[2 * i + 1]; j++) {
			if (pos[j] >= npos || (g = vg_lookix_row(ix->x,
			    ix->lv, pos[j], &row)) == NULL)
				continue;
			if (g != was)
				scan_reset(sc, was = g);
			scan_one(sc, g, row, ix->lv->dim, w, &sc->k->g, pad);
		}
	}
	return ix_novec(sc, ix, w, pad);
}

/* Scan the covered segments' rows not done: all, or those with no
 * vector. */
static void
ix_scan(struct scan *sc, struct ixspan *ix, int novec,
    const struct vg_query *w, int64_t pad)
{
	const struct vg_lookseg *g;
	size_t		 s, i, end, nseg = vg_lookix_segments(ix->x), d = 0;
	int64_t		 base = 0, lo, hi;

	if (novec && ix_novec(sc, ix, w, pad) == 0)
		return;

	lo = w->from == VG_TIME_NONE ? INT64_MIN : w->from - 3600000000LL - pad;
	hi = w->to == VG_TIME_NONE ? INT64_MAX : w->to + pad;
	for (s = 0; s < nseg; base += (int64_t)g->n, s++) {
		g = &ix->lv->seg[s];
		scan_reset(sc, g);
		/* the index's blocks bound the tracks' length: the rows of
		   the window, not of the hour before */
		if (ix->blocked)
			ix_range(ix, s, &i, &end);
		else
			i = seg_from(g, lo), end = g->n;
		for (; i < end && g->first[i] <= hi; i++) {
			if (novec) {
				if (!(g->code[i] >> 24 & 1))
					scan_one(sc, g, i, ix->lv->dim, w,
					    &sc->k->g, pad);
				continue;
			}
			while (d < ix->ndone && ix->done[d] < base +
			    (int64_t)i)
				d++;
			if (d < ix->ndone && ix->done[d] == base + (int64_t)i)
				continue;
			scan_one(sc, g, i, ix->lv->dim, w, &sc->k->g, pad);
		}
	}
}

/* A sighting of a colours' list that may reach the threshold. */
struct ixcol {
	double		 ub;		/* the most it may score */
	struct ixcand	 c;		/* it as a candidate */
};

static int
ixcol_cmp(const void *a, const void *b)
{
	double	x = ((const struct ixcol *)a)->ub;
	double	y = ((const struct ixcol *)b)->ub;

	return (x < y) - (x > y);
}

/*
 * The colours' lists' sightings j0..j1-1, of colours and attributes that
 * may weigh base at most: those that may reach the threshold, of the
 * window's rows and not done, bounded from the vector the list holds as
 * the scan bounds them, to col[*n], *n counting.
 */
static void
ix_bound(struct scan *sc, struct ixspan *ix, size_t j0, size_t j1,
    uint32_t code, double base, struct ixcol *col, size_t *n)
{
	const struct vg_look *k = sc->k;
	const struct vg_lookseg *g;
	const int64_t	*key, *win;
	const uint32_t	*pos;
	const int8_t	*q;
	const float	*scale;
	size_t		 j, row, npos, dim = ix->lv->dim;
	double		 ub;
	float		 cc, e;

	(void)vg_lookix_colours(ix->x, &key, &win, &pos, &q, &scale);
	(void)vg_lookix_vectors(ix->x, &npos);
	for (j = j0; j < j1; j++) {
		cc = qcos(k->mean, q + j * dim, dim, scale[j]);
		e = scale[j] * sc->l1 + 1e-5f;
		if (cc + e <= sc->cthr)
			continue;
		ub = vg_model_appearance(&k->m, fmin(cc + e, 1)) + base;
		if (ub + SLACK < sc->thr || ub + SLACK < sc->min ||
		    pos[j] >= npos || (g = vg_lookix_row(ix->x, ix->lv, pos[j],
		    &row)) == NULL || !ix_inwin(ix, g, row) ||
		    ix_done(ix, pos[j]))
			continue;
		col[*n].ub = ub;
		col[*n].c.pos = pos[j];
		col[*n].c.code = code;
		col[*n].c.cj = (int64_t)j;
		/* ix_may adds the index's slack back */
		col[(*n)++].c.ip = (float)(cc + e - ix->slack);
	}
}

/*
 * Sightings col[0..n-1] (freed) scored as the scan scores them,
 * likeliest first, a row of the answer's size at a time, until the next
 * cannot reach the threshold or most are scored; made done.
 */
static void
ix_likeliest(struct scan *sc, struct ixspan *ix, struct ixcol *col, size_t n,
    size_t most, const struct vg_query *w, int64_t pad)
{
	struct ixcand	*c;
	size_t		 b, i, m, got, scored = 0;

	vg_qsort(col, n, sizeof(*col), ixcol_cmp);
	c = xcalloc(sc->L + 1, sizeof(*c));
	for (b = 0; b < n && scored < most; b += m) {
		if (col[b].ub + SLACK < sc->thr)
			break;
		m = n - b < sc->L ? n - b : sc->L;
		for (i = 0; i < m; i++)
			c[i] = col[b + i].c;
		vg_qsort(c, m, sizeof(*c), ixcand_cmp);
		ix_score(sc, ix, c, m, 1, w, pad, &got);
		ix_merge(ix, c, got);
		scored += m;
	}
	free(c);
	free(col);
}

/*
 * The colours' round: a sighting whose vector is far from the look's
 * but whose colours lift it (the look's own rare colours) is among an
 * index's nearest in no budget.  After the first round, the colours'
 * lists of the kinds asked whose colours could lift a vector no nearer
 * than the round's K-th to the threshold are read, those whose colours
 * lift most first, as many as hold IX_EXAMINE times the budget's
 * candidates (Kmax) in all: each sighting's bound from the vector the
 * list holds (the vector file's, as the scan bounds it), and those that
 * may reach the threshold scored as the scan scores them, likeliest
 * first, a row of the answer's size at a time, until the next cannot
 * reach it or Kmax are scored.
 */
static void
ix_colours(struct scan *sc, struct ixspan *ix, const struct vg_query *w,
    int64_t pad)
{
	const struct vg_look *k = sc->k;
	const int64_t	*key, *win;
	const uint32_t	*pos;
	const int8_t	*q;
	const float	*scale;
	struct ixcol	*col = NULL;
	struct { double most; size_t k; } *p, t;
	size_t		 nkey, np, i, j, nc, total, ncol = 0;
	double		 cos, app;
	uint32_t	 u, l;

	if ((nkey = vg_lookix_colours(ix->x, &key, &win, &pos, &q, &scale)) ==
	    0 || ix->fin || k->mean == NULL)
		return;
	cos = isnan(ix->kth) ? ix->beyond : ix->kth + ix->slack;
	if (cos > 1)
		cos = 1;
	app = vg_model_appearance(&k->m, cos);
	p = xcalloc(nkey + 1, sizeof(*p));
	for (np = 0, i = 0; i < nkey; i++) {
		if (!kind_in(w->objects, key[i]))
			continue;
		u = (uint32_t)key[i] >> 8 & 0xff;
		l = (uint32_t)key[i] >> 16 & 0xff;
		p[np].most = app + sc->cu[1][u] + sc->cl[1][l] + sc->ahi;
		p[np].k = i;
		if (p[np].most + SLACK >= sc->thr && p[np].most + SLACK >=
		    sc->min)
			np++;
	}
	/* likeliest first (few lists: sorted in place) */
	for (i = 1; i < np; i++) {
		t = p[i];
		for (j = i; j > 0 && p[j - 1].most < t.most; j--)
			p[j] = p[j - 1];
		p[j] = t;
	}
	for (total = 0, nc = 0, i = 0; i < np; i++) {
		j = (size_t)(win[2 * p[i].k + 1] - win[2 * p[i].k]);
		if (total + j > IX_EXAMINE * ix->Kmax)
			continue;
		total += j;
		p[nc++] = p[i];
	}
	col = xcalloc(total + 1, sizeof(*col));
	for (i = 0; i < nc; i++)
		vg_lookix_colours_need(ix->x, (size_t)win[2 * p[i].k],
		    (size_t)win[2 * p[i].k + 1]);
	for (i = 0; i < nc; i++) {
		u = (uint32_t)key[p[i].k] >> 8 & 0xff;
		l = (uint32_t)key[p[i].k] >> 16 & 0xff;
		ix_bound(sc, ix, (size_t)win[2 * p[i].k], (size_t)win[2 *
		    p[i].k + 1], ix_code(key[p[i].k]), sc->cu[1][u] +
		    sc->cl[1][l] + sc->ahi, col, &ncol);
	}
	free(p);
	ix_likeliest(sc, ix, col, ncol, ix->Kmax, w, pad);
}

/*
 * The look's vector for the bounding pass of ix_direct: its components
 * times s, rounded to integers (the products summed exactly), and what
 * the rounding may move a vector's inner product by at most.
 */
struct ixq {
	int16_t		*m;		/* the components, times s */
	float		 inv;		/* 1 / s */
	float		 err;		/* the most the rounding moves a sum
					   of dim int8 times them, over s */
};

static void
ixq_make(struct ixq *iq, const float *mean, size_t dim)
{
	double	big = 0, s, most;
	size_t	j;

	iq->m = xcalloc(dim + 8, sizeof(*iq->m));
	for (j = 0; j < dim; j++)
		big = fmax(big, fabs(mean[j]));
	/* the sums stay within an int32: dim products of 128 by most */
	most = fmin(32767, floor(2147483647.0 / 128 / (double)(dim + 1)));
	s = big > 0 ? most / big : 1;
	for (j = 0; j < dim; j++)
		iq->m[j] = (int16_t)lrint(mean[j] * s);
	iq->inv = (float)(1 / s);
	iq->err = (float)(128 * 0.5 * (double)dim / s);
}

/*
 * The most c + e may be (as ix_bound and the scan take them: the
 * quantised cosine and its error) for the n vectors q (dim int8 each)
 * of scales scale, to x: an upper bound, by integer sums.
 */
#define IX_AHEAD	128	/* vectors read ahead of the sums */

static void
ixq_bound(const struct ixq *iq, const int8_t *q, const float *scale,
    size_t n, size_t dim, float l1, float *x)
{
	size_t	i = 0, j;
	int32_t	d;
	float	add = iq->err + l1;

#ifdef __SSE2__
	if (dim == 16) {
		__m128i	m0 = _mm_loadu_si128((const __m128i *)iq->m);
		__m128i	m1 = _mm_loadu_si128((const __m128i *)(iq->m + 8));
		__m128i	a[4], v, t0, t1;
		__m128	f;
		int	k;

		for (; i + 4 <= n; i += 4) {
			/* the memory's own prefetching is slower than the
			   sums (a third of the pass: bench/README.md) */
			_mm_prefetch((const char *)(q + (i + IX_AHEAD) * 16),
			    _MM_HINT_T0);
			if (i % 16 == 0)
				_mm_prefetch((const char *)(scale + i +
				    IX_AHEAD), _MM_HINT_T0);
			for (k = 0; k < 4; k++) {
				v = _mm_loadu_si128((const __m128i *)(q +
				    (i + (size_t)k) * 16));
				t0 = _mm_srai_epi16(_mm_unpacklo_epi8(v, v), 8);
				t1 = _mm_srai_epi16(_mm_unpackhi_epi8(v, v), 8);
				a[k] = _mm_add_epi32(_mm_madd_epi16(t0, m0),
				    _mm_madd_epi16(t1, m1));
			}
			v = vgx_sum4(a[0], a[1], a[2], a[3]);
			f = _mm_add_ps(_mm_mul_ps(_mm_cvtepi32_ps(v),
			    _mm_set1_ps(iq->inv)), _mm_set1_ps(add));
			f = _mm_add_ps(_mm_mul_ps(f, _mm_loadu_ps(scale + i)),
			    _mm_set1_ps(2e-5f));
			_mm_storeu_ps(x + i, f);
		}
	}
#endif
	for (; i < n; i++) {
		for (d = 0, j = 0; j < dim; j++)
			d += (int32_t)iq->m[j] * q[i * dim + j];
		x[i] = ((float)d * iq->inv + add) * scale[i] + 2e-5f;
	}
}

/*
 * A cosine at or below which A(min(c, 1)) stays under t, A the model's
 * appearance term (linear between its bins' centres, flat beyond them,
 * and not always rising): the most such, less a little for rounding
 * (-INFINITY: every c may reach t, INFINITY: none may).
 */
static float
ix_cut(const struct vg_model *m, double t)
{
	double	a0, a1, c0, c1, x;
	int	i;

	c0 = 1.0 / VG_MODEL_ABINS - 1;
	if ((a0 = vg_model_appearance(m, c0)) >= t)
		return -INFINITY;
	for (i = 0; i + 1 < VG_MODEL_ABINS; i++, a0 = a1, c0 = c1) {
		c1 = 2 * (i + 1.5) / VG_MODEL_ABINS - 1;
		if ((a1 = vg_model_appearance(m, c1)) >= t) {
			x = c0 + (t - a0) / (a1 - a0) * (c1 - c0);
			return (float)(fmin(x, c1) - 1e-6);
		}
	}
	return INFINITY;
}

/* A min-heap of the best upper bounds seen (ix_direct's first pass). */
static void
ub_push(double *h, size_t *n, size_t most, double ub)
{
	size_t	i;
	double	t;

	if (*n < most) {
		i = (*n)++;
		h[i] = ub;
		while (i > 0 && h[i] < h[(i - 1) / 2]) {
			t = h[i], h[i] = h[(i - 1) / 2], h[(i - 1) / 2] = t;
			i = (i - 1) / 2;
		}
	} else if (ub > h[0]) {
		h[0] = ub;
		lb_down(h, *n, 0);
	}
}

/* A colours' list of the window: its index and the most its colours and
   attributes may weigh. */
struct ixkey {
	size_t		 k;		/* the list */
	double		 base;		/* its colours' and attributes' most */
};

static int
ixkey_cmp(const void *a, const void *b)
{
	double	x = ((const struct ixkey *)a)->base;
	double	y = ((const struct ixkey *)b)->base;

	return (x < y) - (x > y);
}

#define IX_CHUNK	1024	/* vectors bounded at once */
#define IX_SEED		8	/* the first pass keeps this many times the
				   answer's best upper bounds */

/*
 * The window's vectors of the colours' lists bounded as ix_bound bounds
 * them (those that may reach the threshold, of the window's rows and
 * not done, to *col, *n counting), each list's vectors first by integer
 * sums against the least cosine that may reach its cut: with seed, the
 * least of the seed best upper bounds found so far, kept in h (*nh
 * counting), else the threshold.
 */
static void
ix_pass(struct scan *sc, struct ixspan *ix, const struct ixq *iq,
    const struct ixkey *ord, size_t nord, double *h, size_t *nh,
    size_t seed, struct ixcol **col, size_t *n, size_t *cap)
{
	const struct vg_look *k = sc->k;
	const int64_t	*key, *win;
	const uint32_t	*pos;
	const int8_t	*q;
	const float	*scale;
	float		 x[IX_CHUNK], cut;
	size_t		 o, i, j, j0, j1, c, m, dim = ix->lv->dim;
	double		 base, ub, t;

	(void)vg_lookix_colours(ix->x, &key, &win, &pos, &q, &scale);
	for (o = 0; o < nord; o++) {
		i = ord[o].k;
		base = ord[o].base;
		t = seed > 0 && *nh == seed ? h[0] : fmax(sc->thr, sc->min) -
		    SLACK;
		if (sc->amax + base + SLACK < t)
			break;	/* nor can any list after it */
		j0 = (size_t)win[2 * i];
		j1 = (size_t)win[2 * i + 1];
		cut = seed > 0 && *nh < seed ? -INFINITY : ix_cut(&k->m,
		    t - base);
		if (cut < INFINITY)
			vg_lookix_colours_need(ix->x, j0, j1);
		for (; j0 < j1 && cut < INFINITY; j0 += m) {
			m = j1 - j0 < IX_CHUNK ? j1 - j0 : IX_CHUNK;
			ixq_bound(iq, q + j0 * dim, scale + j0, m, dim,
			    sc->l1, x);
			for (c = 0; c < m; c++) {
				if (x[c] <= cut)
					continue;
				if (*n == *cap) {
					*cap = *cap ? 2 * *cap : 1024;
					*col = xreallocarray(*col, *cap,
					    sizeof(**col));
				}
				j = *n;
				ix_bound(sc, ix, j0 + c, j0 + c + 1,
				    ix_code(key[i]), base, *col, n);
				if (*n == j || seed == 0)
					continue;
				ub = (*col)[j].ub;
				if (*nh == seed && ub <= h[0]) {
					*n = j;	/* not among the best */
					continue;
				}
				ub_push(h, nh, seed, ub);
				if (*nh == seed)
					cut = ix_cut(&k->m, h[0] - base);
			}
		}
	}
}

/*
 * A part of a span (IX_DIRECT): every vector of the window's blocks of
 * the kinds asked, from the colours' lists, bounded as the scan bounds
 * it (no faiss).  A first pass keeps those that were among the IX_SEED
 * times the answer's best upper bounds when read; they are scored as the
 * scan scores them, likeliest first, a row of the answer's size at a
 * time, until the next cannot reach the threshold.  Unless the threshold
 * is then above the least of those best bounds (so that no vector the
 * pass left out can reach it), a second pass takes every vector that
 * may reach it, scored the same way.  What is left then cannot: the
 * answer is the scan's.  0, or -1 when the index has no colours' lists.
 */
static int
ix_direct(struct scan *sc, struct ixspan *ix, const struct vg_query *w,
    int64_t pad)
{
	const struct vg_look *k = sc->k;
	const int64_t	*key, *win;
	struct ixcol	*col = NULL;
	struct ixq	 iq;
	struct ixkey	*ord;
	size_t		 seed, nh = 0, ncol = 0, cap = 0, nkey, nord, i;
	double		*h;
	uint32_t	 u, l;

	if ((nkey = ix_keys(ix, &key, &win)) == 0 || k->mean == NULL)
		return -1;
	ixq_make(&iq, k->mean, ix->lv->dim);
	/* the lists of the kinds asked that may reach the threshold, those
	   whose colours weigh most first: the seed's bounds rise fastest,
	   and the lists after one that cannot reach them are not read */
	ord = xcalloc(nkey + 1, sizeof(*ord));
	for (nord = 0, i = 0; i < nkey; i++) {
		u = (uint32_t)key[i] >> 8 & 0xff;
		l = (uint32_t)key[i] >> 16 & 0xff;
		ord[nord].k = i;
		ord[nord].base = sc->cu[1][u] + sc->cl[1][l] + sc->ahi;
		if (kind_in(w->objects, key[i]) && win[2 * i + 1] >
		    win[2 * i] && sc->amax + ord[nord].base + SLACK >=
		    fmax(sc->thr, sc->min))
			nord++;
	}
	vg_qsort(ord, nord, sizeof(*ord), ixkey_cmp);
	seed = IX_SEED * (sc->L > 0 ? sc->L : 1);
	h = xcalloc(seed + 1, sizeof(*h));
	ix_pass(sc, ix, &iq, ord, nord, h, &nh, seed, &col, &ncol, &cap);
	ix_likeliest(sc, ix, col, ncol, SIZE_MAX, w, pad);
	if (nh == seed && h[0] + SLACK >= sc->thr) {
		col = NULL;
		ncol = cap = 0;
		ix_pass(sc, ix, &iq, ord, nord, NULL, NULL, 0, &col, &ncol,
		    &cap);
		ix_likeliest(sc, ix, col, ncol, SIZE_MAX, w, pad);
	}
	free(h);
	free(ord);
	free(iq.m);
	ix->fin = 1;
	return 0;
}

/*
 * Search span ix by its index until no sighting left out can reach the
 * threshold, or its budget is spent; else scan the segments it covers.
 */
static void
ix_finish(struct scan *sc, struct ixspan *ix, size_t nix,
    const struct vg_query *w, int64_t pad)
{
	struct vg_look	*k = (struct vg_look *)sc->k;
	size_t		 nvec, npos;
	char		*why;

	/* the blocks of time the query reaches: what a scan would read */
	nvec = ix->wvec;
	npos = ix->wpos;
	while (!ix->fin) {
		if (ix->grow && ix->blocked && !ix->all && (IX_GROW * ix->K *
		    IX_SCAN > npos || IX_GROW * ix->K > nvec)) {
			/* every vector of the window's blocks: read from the
			   lists, not by a scan of every segment's rows */
			ix->all = 1;
			ix->K = nvec + 1;
			if (ix_round(sc, ix, nix, w, pad) == 0 && ix->fin)
				break;
			ix_scan(sc, ix, 0, w, pad);
			ix->fin = 2;
			break;
		}
		if (ix->grow && (IX_GROW * ix->K * IX_SCAN > npos ||
		    IX_GROW * ix->K > nvec)) {
			ix_scan(sc, ix, 0, w, pad);
			ix->fin = 2;
			break;
		}
		if (ix->probed >= ix->pmax || (ix->grow && IX_GROW * ix->K >
		    ix->Kmax)) {
			ix->capped = 1;
			break;
		}
		if (ix->grow)
			ix->K *= IX_GROW;
		if (ix_round(sc, ix, nix, w, pad) == -1) {
			xasprintf(&why, "%s.ix: the search failed",
			    ix->sp->name);
			ix_why(k, why);
			free(why);
			ix_scan(sc, ix, 0, w, pad);
			ix->fin = 2;
		}
	}
	if (ix->fin != 2 && nvec < npos && sc->most + SLACK >= sc->thr)
		ix_scan(sc, ix, 1, w, pad);
}

/* A group of spans searched on one thread. */
struct group {
	struct scan	 sc;		/* its scan */
	struct spans	*sp;		/* every span */
	struct ixspan	*ix;		/* and its index, if searched by it */
	size_t		*which;		/* the group's spans, by index */
	size_t		 n;		/* how many */
	size_t		 nix;		/* spans searched by index, in all */
	const struct vg_query *w;	/* the query */
	int64_t		 pad;		/* the largest clock offset */
	size_t		 sightings;	/* of its spans */
	pthread_t	 tid;		/* its thread */
	int		 thread;	/* whether it runs on one */
};

/* A span's first round failed: scanned. */
static void
ix_failed(struct group *gr, struct ixspan *ix)
{
	char	*why;

	xasprintf(&why, "%s.ix: the search failed", ix->sp->name);
	ix_why((struct vg_look *)gr->sc.k, why);
	free(why);
	ix_scan(&gr->sc, ix, 0, gr->w, gr->pad);
	ix->fin = 2;
}

/*
 * Rank a group's spans: each index's nearest first (they raise the
 * threshold most), then the rest of each first round and the segments
 * no index covers, then more rounds where the threshold asks.
 */
static void *
group_run(void *arg)
{
	struct group	*gr = arg;
	struct scan	*sc = &gr->sc;
	struct ixspan	*ix;
	size_t		 i, j, s;
	int		 b;

	for (i = 0; i < gr->n; i++) {
		ix = &gr->ix[gr->which[i]];
		if (ix->x == NULL)
			continue;
		if (sc->k->mean == NULL) {	/* no vector: by kind */
			if (ix_bykind(sc, ix, gr->w, gr->pad) == -1)
				ix_scan(sc, ix, 0, gr->w, gr->pad);
			ix->fin = 2;
			continue;
		}
		if (ix->how == IX_ROWS || (ix->how == IX_DIRECT &&
		    ix_direct(sc, ix, gr->w, gr->pad) == -1)) {
			ix_scan(sc, ix, 0, gr->w, gr->pad);
			ix->fin = 2;
			continue;
		}
		if (ix->how == IX_DIRECT)
			continue;
		ix->K = ix_candidates(sc->k, (int64_t)sc->L - (int64_t)
		    sc->k->nseen, gr->nix);
		for (ix->Kmax = ix->K, b = 0; b < sc->k->budget; b++)
			ix->Kmax *= IX_GROW;
		if (ix_search(sc, ix, gr->nix, gr->w, gr->pad) == -1)
			ix_failed(gr, ix);
	}
	scan_sync(sc);
	for (i = 0; i < gr->n; i++) {
		s = gr->which[i];
		ix = &gr->ix[s];
		j = 0;
		if (ix->x != NULL) {
			if (!ix->fin) {
				ix_rest(sc, ix, gr->w, gr->pad);
				ix_colours(sc, ix, gr->w, gr->pad);
			}
			j = vg_lookix_segments(ix->x);
		}
		for (; j < gr->sp->lv[s].nseg; j++)
			scan_seg(sc, &gr->sp->lv[s].seg[j], sc->k->dim, gr->w,
			    &sc->k->g, gr->pad);
	}
	scan_sync(sc);
	for (i = 0; i < gr->n; i++) {
		ix = &gr->ix[gr->which[i]];
		if (ix->x != NULL)
			ix_finish(sc, ix, gr->nix, gr->w, gr->pad);
	}
	return NULL;
}

static int
dbl_desc(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

/*
 * Rank by the spans' vector files into s: 0 done, 1 when they cannot
 * serve (a span has none, the query filters what they do not hold), -1
 * with err set when a file is damaged or does not match the archive.
 */
static int
look_scan(struct vg_archive *ar, const struct vg_query *w,
    struct vg_look *k, double min, struct rank *s, struct vg_error *err)
{
	struct scan	 sc;
	struct spans	 sp;
	struct vg_query	 r;
	struct ixspan	*ix;
	struct group	 gr[2];
	struct share	 sh;
	int64_t		 pad = 0, *ids = NULL;
	size_t		 i, j, x, nix, ng, nids = 0, nlb;
	double		 mu, ml, thr, *lb;
	int		 rc = 1, over = 0, badcam = 0;

	if (w->person != NULL || w->card != NULL || w->plate != NULL ||
	    w->gate != NULL || w->camera != NULL || w->zone != NULL ||
	    w->near != NULL || w->strangers || w->platelike != NULL ||
	    w->ids != NULL || w->track != NULL ||
	    (s->limit <= 0 && min == -INFINITY))
		return 1;
	for (i = 0; i < k->g.ndev; i++)
		if (llabs(k->g.dev[i].offset) > pad)
			pad = llabs(k->g.dev[i].offset);
	memset(&sp, 0, sizeof(sp));
	sp.ar = ar;
	sp.err = err;
	sp.lo = w->from == VG_TIME_NONE ? INT64_MIN : w->from - 3600000000LL -
	    pad;
	sp.hi = w->to == VG_TIME_NONE ? INT64_MAX : w->to + pad;
	if (vg_archive_spans(ar, span_file, &sp, err) == -1) {
		rc = -1;
		goto out;
	}
	if (sp.none != 0) {
		rc = sp.none;
		goto out;
	}
	for (i = 0; i < sp.n; i++) {
		if (k->mean != NULL && sp.lv[i].dim != k->dim)
			goto out;
	}
	memset(&sc, 0, sizeof(sc));
	sc.k = k;
	colour_terms(&sc, k->upper, sc.cu);
	colour_terms(&sc, k->lower, sc.cl);
	{
		double	lo, hi;

		vg_model_attrs_bounds(&k->m, &lo, &hi);
		sc.most = sc.ahi = hi;
	}
	for (i = 0; k->mean != NULL && i < k->dim; i++)
		sc.l1 += fabsf(k->mean[i]);
	sc.l1 /= 2;
	for (mu = ml = 0, i = 0; i < 256; i++) {
		mu = fmax(mu, sc.cu[1][i]);
		ml = fmax(ml, sc.cl[1][i]);
	}
	sc.most += mu + ml;
	/* the learned ratio is linear between its bins' centres: its most
	   is at one of them */
	sc.amax = k->mean != NULL ? vg_model_appearance(&k->m, 1) : 0;
	for (i = 0; k->mean != NULL && i < VG_MODEL_ABINS; i++)
		sc.amax = fmax(sc.amax, vg_model_appearance(&k->m, 2 * (i +
		    0.5) / VG_MODEL_ABINS - 1));
	sc.min = min * log(10);
	sc.thr = sc.min;
	sc.L = s->limit > 0 ? (size_t)s->limit + k->nseen : 0;
	sc.prune = 4096;
	scan_cthr(&sc);
	for (i = 0, j = 0; i < sp.n; i++)
		for (x = 0; x < sp.lv[i].nseg; x++)
			if (sp.lv[i].seg[x].nattr > j)
				j = sp.lv[i].seg[x].nattr;
	/* the spans' indexes opened here (the module loaded once), the
	   spans shared out between two groups by their sightings */
	ix = xcalloc(sp.n + 1, sizeof(*ix));
	ng = sp.n > 1 ? 2 : 1;
	memset(gr, 0, sizeof(gr));
	for (nix = 0, i = 0; i < sp.n; i++)
		nix += ix_open(&sc, &ix[i], &sp.lv[i], &sp.span[i], w,
		    s->limit, pad) == 0;
	sh.thr = sc.thr;
	pthread_mutex_init(&sh.mu, NULL);
	pthread_barrier_init(&sh.bar, NULL, 2);
	for (i = 0; i < ng; i++) {
		gr[i].sc = sc;
		gr[i].sc.sh = ng > 1 ? &sh : NULL;
		gr[i].sc.seg_at = xcalloc(j + 1, sizeof(*sc.seg_at));
		gr[i].sc.seg_am = xcalloc(j + 1, sizeof(*sc.seg_am));
		gr[i].sc.lb = xcalloc(sc.L + 1, sizeof(*sc.lb));
		gr[i].sp = &sp;
		gr[i].ix = ix;
		gr[i].which = xcalloc(sp.n + 1, sizeof(*gr[i].which));
		gr[i].nix = nix;
		gr[i].w = w;
		gr[i].pad = pad;
	}
	for (i = 0; i < sp.n; i++) {
		x = ng > 1 && gr[1].sightings < gr[0].sightings;
		gr[x].which[gr[x].n++] = i;
		gr[x].sightings += (size_t)sp.span[i].sightings;
	}
	for (i = 1; i < ng; i++)
		gr[i].thread = pthread_create(&gr[i].tid, NULL, group_run,
		    &gr[i]) == 0;
	if (ng > 1 && !gr[1].thread)	/* one after the other, unshared */
		gr[0].sc.sh = gr[1].sc.sh = NULL;
	for (i = 0; i < ng; i++)
		if (!gr[i].thread)
			group_run(&gr[i]);
	for (i = 1; i < ng; i++)
		if (gr[i].thread)
			pthread_join(gr[i].tid, NULL);
	pthread_mutex_destroy(&sh.mu);
	pthread_barrier_destroy(&sh.bar);
	/* the answer's threshold: the least of the best lower bounds of
	   both groups, or the higher of theirs */
	lb = xcalloc(2 * sc.L + 1, sizeof(*lb));
	for (thr = sc.thr, nlb = 0, i = 0; i < ng; i++) {
		thr = fmax(thr, gr[i].sc.thr);
		memcpy(lb + nlb, gr[i].sc.lb, gr[i].sc.nlb * sizeof(*lb));
		nlb += gr[i].sc.nlb;
	}
	if (sc.L > 0 && nlb >= sc.L) {
		vg_qsort(lb, nlb, sizeof(*lb), dbl_desc);
		thr = fmax(thr, lb[sc.L - 1]);
	}
	free(lb);
	k->indexed = k->approx = 0;
	for (i = 0; i < sp.n; i++)
		if (ix[i].x != NULL) {
			k->indexed++;
			k->approx += ix[i].capped;
			ix_close(&ix[i]);
		}
	free(ix);
	for (i = 0; i < ng; i++) {
		ids = xreallocarray(ids, nids + gr[i].sc.nc + 1, sizeof(*ids));
		for (j = 0; j < gr[i].sc.nc; j++)
			if (gr[i].sc.c[j].ub + SLACK >= thr)
				ids[nids++] = gr[i].sc.c[j].id;
		over |= gr[i].sc.over;
		badcam |= gr[i].sc.badcam;
		free(gr[i].sc.c);
		free(gr[i].sc.lb);
		free(gr[i].sc.seg_at);
		free(gr[i].sc.seg_am);
		vg_strtab_free(&gr[i].sc.at);
		free(gr[i].sc.atv);
		free(gr[i].which);
	}
	if (over || badcam || nids > FILTER_MAX) {
		rc = 1;		/* unlimited, and too many to read by id */
		goto out;
	}
	r = *w;
	r.ids = ids;
	r.nids = nids;
	s->seen = 0;
	if (vg_query_run(ar, &r, rank_row, s, err) == -1)
		rc = -1;
	else if (s->seen != nids) {
		vg_error_set(err, "the vector files name %zu sightings the"
		    " archive gives %zu of", nids, s->seen);
		rc = -1;
	} else
		rc = 0;
out:
	free(ids);
	spans_free(&sp);
	return rc;
}

/*
 * The sightings of the query's span (its filters apply) that look like
 * k, most alike first, at least min similar (log10 of the likelihood
 * ratio) and at most the query's limit of them; each to fn with its
 * similarity in the row.  Sightings of the other kind are not compared.
 */
int
vg_look_run(struct vg_archive *ar, const struct vg_query *q,
    struct vg_look *k, double min, vg_row_fn fn, void *arg,
    struct vg_error *err)
{
	struct vg_query	 w = *q;
	struct rank	 s;
	size_t		 i;
	int		 rc = -1;

	free(k->why);
	k->why = NULL;
	free(k->ixwhy);
	k->ixwhy = NULL;
	k->indexed = k->approx = 0;
	memset(&s, 0, sizeof(s));
	s.k = k;
	s.min = min;
	s.limit = q->limit;
	w.kinds = VG_ROW_SIGHTING;
	w.objects = q->objects != 0 ? q->objects & k->objects : k->objects;
	w.vectors = 1;
	w.limit = 0;
	if (w.objects == 0)
		rc = 0;			/* no kind left to compare */
	else if ((rc = look_scan(ar, &w, k, min, &s, err)) != 0) {
		if (rc == -1) {
			/* read by the archive, as when there is no file */
			free(k->why);
			k->why = xstrdup(err->msg != NULL ? err->msg : "");
			vg_error_clear(err);
			for (i = 0; i < s.n; i++)
				vg_row_free(&s.h[i].r);
			s.n = 0;
		}
		if (vg_query_run(ar, &w, rank_row, &s, err) == -1)
			goto out;
	}
	if (s.n > 0)
		vg_qsort(s.h, s.n, sizeof(*s.h), hit_cmp);
	for (i = 0; i < s.n; i++) {
		s.h[i].r.similarity = s.h[i].sim;
		if (fn(&s.h[i].r, arg) != 0)
			break;
	}
	rc = 0;
out:
	for (i = 0; i < s.n; i++)
		vg_row_free(&s.h[i].r);
	free(s.h);
	return rc;
}

/*
 * Filters by look (kind, colours, attributes) over a time range, read
 * from the spans' vector files: the sightings that pass, and when limited
 * the earliest of them, are then read from the archive by row id.
 */

/* A sighting that passed, by its clock-corrected time. */
struct pass {
	int64_t		 t;		/* first, corrected */
	int64_t		 id;		/* row id */
};

static int
pass_cmp(const void *a, const void *b)
{
	const struct pass *x = a, *y = b;

	return (x->t > y->t) - (x->t < y->t);
}

/* Whether attributes a (len bytes) carry every key=value of q, as the
 * archive's query compares them: spaces dropped, ASCII case ignored. */
static int
attrs_match(const struct vg_query *q, const char *a, size_t len)
{
	char	*s, *n;
	size_t	 i, j;
	int	 ok = 1;

	s = xmalloc(len + 3);
	s[0] = ';';
	for (i = 0, j = 1; i < len; i++)
		if (a[i] != ' ')
			s[j++] = (char)(a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 :
			    a[i]);
	s[j++] = ';';
	s[j] = '\0';
	for (i = 0; ok && i < q->nattr; i++) {
		xasprintf(&n, ";%s;", q->attrs[i]);
		for (j = 0; n[j] != '\0'; j++)
			if (n[j] >= 'A' && n[j] <= 'Z')
				n[j] += 32;
		ok = strstr(s, n) != NULL;
		free(n);
	}
	free(s);
	return ok;
}

/* Rows read by id, held until all have come. */
struct held {
	struct vg_row	*r;		/* copies */
	size_t		 n;		/* how many */
};

static int
hold_row(const struct vg_row *r, void *arg)
{
	struct held	*h = arg;

	h->r = xreallocarray(h->r, h->n + 1, sizeof(*h->r));
	memset(&h->r[h->n], 0, sizeof(*h->r));
	vg_row_copy(&h->r[h->n++], r);
	return 0;
}

/* The filter through the files: 0 done, 1 they cannot serve it. */
static int
filter_files(struct vg_archive *ar, const struct vg_query *q, vg_row_fn fn,
    void *arg, struct vg_error *err)
{
	struct vg_graph	 g;
	struct spans	 sp;
	struct vg_query	 r;
	struct pass	*p = NULL;
	struct held	 h = { NULL, 0 };
	int64_t		 pad = 0, lo, hi, o = 0, *ids = NULL;
	size_t		 i, j, x, n = 0, cap = 0, keep;
	signed char	*am = NULL;
	int		 rc = 1;

	if (q->person != NULL || q->card != NULL || q->plate != NULL ||
	    q->gate != NULL || q->camera != NULL || q->zone != NULL ||
	    q->near != NULL || q->strangers || q->platelike != NULL ||
	    q->ids != NULL || q->track != NULL || q->vectors ||
	    (q->upper == 0 && q->lower == 0 && q->nattr == 0 &&
	    (q->objects == 0 || q->kinds != VG_ROW_SIGHTING)) ||
	    (q->kinds != 0 && q->kinds != VG_ROW_SIGHTING) ||
	    q->from == VG_TIME_NONE ||
	    q->to == VG_TIME_NONE)
		return 1;
	memset(&g, 0, sizeof(g));
	if (vg_ar_graph(ar, &g, err) == -1)
		return -1;
	for (i = 0; i < g.ndev; i++)
		if (llabs(g.dev[i].offset) > pad)
			pad = llabs(g.dev[i].offset);
	memset(&sp, 0, sizeof(sp));
	sp.ar = ar;
	sp.err = err;
	sp.lo = lo = q->from - 3600000000LL - pad;
	sp.hi = hi = q->to + pad;
	if (vg_archive_spans(ar, span_file, &sp, err) == -1) {
		rc = -1;
		goto out;
	}
	if (sp.none != 0) {
		vg_error_clear(err);
		goto out;
	}
	for (i = 0; i < sp.n; i++)
		for (j = 0; j < sp.lv[i].nseg; j++) {
			const struct vg_lookseg *s = &sp.lv[i].seg[j];
			size_t	a = seg_from(s, lo), seen = 0;
			int64_t	tl = INT64_MIN;

			am = xreallocarray(am, s->nattr + 1, 1);
			memset(am, -1, s->nattr + 1);
			for (x = a; x < s->n && s->first[x] <= hi; x++) {
				uint32_t c = s->code[x], at = s->attr[x];

				/* limited: past as many in time, none is wanted */
				if (q->limit > 0 && seen >= (size_t)q->limit &&
				    s->first[x] - pad > tl)
					break;
				if ((q->objects != 0 &&
				    !kind_in(q->objects, c)) ||
				    (q->upper != 0 &&
				    (int)(c >> 8 & 0xff) != q->upper) ||
				    (q->lower != 0 &&
				    (int)(c >> 16 & 0xff) != q->lower))
					continue;
				if (q->nattr > 0) {
					if (at >= s->nattr)
						continue;	/* none */
					if (am[at] < 0)
						am[at] = (signed char)attrs_match(
						    q, s->attrs[at],
						    s->attrlen[at]);
					if (!am[at])
						continue;
				}
				if (pad != 0) {
					if (s->camera[x] < 0 ||
					    (size_t)s->camera[x] >= g.nindex ||
					    g.index[s->camera[x]] < 0)
						goto out;
					o = g.dev[g.index[s->camera[x]]].offset;
				}
				if (s->last[x] - o < q->from ||
				    s->first[x] - o > q->to)
					continue;
				if (n == FILTER_MAX)
					goto out;	/* too many to read by id */
				if (n == cap) {
					cap = cap ? cap * 2 : 1024;
					p = xreallocarray(p, cap, sizeof(*p));
				}
				p[n].t = s->first[x] - o;
				p[n++].id = s->id[x];
				if (q->limit > 0 && seen++ < (size_t)q->limit &&
				    s->first[x] - o > tl)
					tl = s->first[x] - o;
			}
		}
	keep = n;
	if (q->limit > 0 && (size_t)q->limit < n) {
		vg_qsort(p, n, sizeof(*p), pass_cmp);
		for (keep = (size_t)q->limit; keep < n &&
		    p[keep].t == p[q->limit - 1].t; keep++)
			;
	}
	ids = xcalloc(keep + 1, sizeof(*ids));
	for (i = 0; i < keep; i++)
		ids[i] = p[i].id;
	r = *q;
	r.ids = ids;
	r.nids = keep;
	if (vg_query_run(ar, &r, hold_row, &h, err) == -1) {
		rc = -1;
		goto out;
	}
	if (h.n != (q->limit > 0 && (size_t)q->limit < keep ?
	    (size_t)q->limit : keep))
		goto out;	/* the files and the archive differ */
	for (i = 0; i < h.n; i++)
		if (fn(&h.r[i], arg) != 0)
			break;
	rc = 0;
out:
	for (i = 0; i < h.n; i++)
		vg_row_free(&h.r[i]);
	free(h.r);
	free(ids);
	free(p);
	free(am);
	spans_free(&sp);
	vg_graph_free(&g);
	return rc;
}

/*
 * vg_query_run, where a query filters sightings by look (kind, colours,
 * attributes) over a time range and nothing else: read through the
 * spans' vector files when they are whole, not by every sighting of the
 * range.  The same rows in the same order either way.
 */
int
vg_look_query(struct vg_archive *ar, const struct vg_query *q, vg_row_fn fn,
    void *arg, struct vg_error *err)
{
	int	rc;

	if ((rc = filter_files(ar, q, fn, arg, err)) <= 0)
		return rc;
	return vg_query_run(ar, q, fn, arg, err);
}

/*
 * Let the look use the indexes of archive's spans (at this path): mode
 * VG_LOOK_INDEX_LARGE where a span is large enough for one to pay,
 * VG_LOOK_INDEX_ALWAYS wherever there is one, VG_LOOK_INDEX_NEVER never
 * (the default: every sighting is scanned).  A server's archive has none
 * (nor a file to name as missing): its look reads the vectors it holds.
 */
void
vg_look_index(struct vg_look *k, const char *archive, int mode)
{
	free(k->archive);
	k->archive = archive != NULL && !vg_archive_is_server(archive) ?
	    xstrdup(archive) : NULL;
	k->index = mode;
}

/* Why the last run could not use an index (the files named), or NULL. */
const char *
vg_look_index_why(const struct vg_look *k)
{
	return k->ixwhy;
}

/* How many spans the last run searched by their index. */
size_t
vg_look_indexed(const struct vg_look *k)
{
	return k->indexed;
}

/*
 * The budget of an index's search: rounds after the first, each looking
 * in as many lists as the first or taking IX_GROW times its candidates
 * (VG_LOOK_BUDGET unless set; 0: the first round alone).
 */
void
vg_look_budget(struct vg_look *k, int rounds)
{
	k->budget = rounds;
}

/*
 * How many of them the last run searched within their budget and no
 * further, the answer's rows then the best of what was scored, not
 * shown to be the exact scan's (0: the answer is the exact one).
 */
size_t
vg_look_approximate(const struct vg_look *k)
{
	return k->approx;
}
