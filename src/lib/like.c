/* like.c: the sightings that look like given ones, ranked by the site's own model */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-int.h"
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
	if (vg_model_get(ar, &k->g, &k->m, err) == -1) {
		vg_graph_free(&k->g);
		memset(&k->g, 0, sizeof(k->g));
		goto fail;
	}
	for (i = 0; i < n; i++) {
		vg_query_init(&q);
		q.camera = like[i].camera;
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
 * The sightings of the query's span (its filters apply) that look like
 * k, most alike first, at least min similar (log10 of the likelihood
 * ratio) and at most the query's limit of them; each to fn with its
 * similarity in the row.  Sightings of the other kind are not compared.
 */
int
vg_look_run(struct vg_archive *ar, const struct vg_query *q,
    const struct vg_look *k, double min, vg_row_fn fn, void *arg,
    struct vg_error *err)
{
	struct vg_query	 w = *q;
	struct rank	 s;
	size_t		 i;
	int		 rc = -1;

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
	else if (vg_query_run(ar, &w, rank_row, &s, err) == -1)
		goto out;
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
