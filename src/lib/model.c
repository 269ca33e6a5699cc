/* model.c: learn how a site's devices see people, from the archive itself */
#include "config.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "vigil-int.h"
#include "model.h"

#define US		1000000LL	/* microseconds a second */
#define NAMED_MAX	200000		/* named observations read, at most */
#define PAIRS_MAX	50000		/* same-person pairs kept, at most */
#define SAMPLE		4000		/* sightings sampled for random pairs */
#define GAP		(15 * 60 * US)	/* consecutive names further apart are
					   not one walk */
#define TOL		5.0		/* clock noise, s, around link bounds */
#define MISS_CHECKS	3000		/* unseen-device checks, at most */
#define ATTR_MIN	20		/* comparisons an attribute is weighed
					   from, at least */
#define ATTR_FLOOR	0.01		/* least share of an attribute's
					   readings taken to differ */
#define SELF_LINKS	60		/* sightings per link self-taught from */
#define GROUP_MAX	1000		/* a person's named observations
					   compared, at most */
#define SAMEGAP		30.0		/* s a sighting may last, its start
					   before a linked read's */
#define TRUST_PRIOR	10.0		/* named sightings the prior of a share
					   of names right is worth */
#define SAME_LEAST	0.2		/* least share of the named pairs taken
					   as his to take him apart from them */
#define SAME_PAIRS	30		/* and least pairs of his that leaves */
#define TRUST_TELLS	0.2		/* how much more often a confirmed name
					   than a stranger must pass namecos for
					   the look to tell names apart */

/* Two observations of one person, one after the other. */
struct pair {
	int		 a, b;		/* devices, by graph index */
	int64_t		 fa, la;	/* a's first and last */
	int64_t		 fb, lb;	/* b's first and last */
	int		 ga, gb;	/* a, b are gate events */
	char		*who;		/* the person */
	float		*ea;		/* a's appearance, or NULL */
	size_t		 dim;		/* its length */
};

/* Two devices and what joins them: a link, or a pair of the learning. */
struct flink {
	int		 a, b;		/* the devices */
	int		 i;		/* the link's index in the model, or
					   the pair's in the learning's */
};

/* A named sighting against the look its person has elsewhere. */
struct nlook {
	int		 dev;		/* its device */
	double		 cos;		/* cosine with the mean of his other
					   sightings' unit vectors */
	double		 chance;	/* a stranger's, with the same mean */
	int		 sure;		/* a read of him at a linked device,
					   within the link's bounds */
};

struct learn {
	struct vg_archive	*ar;		/* the archive */
	const struct vg_graph	*g;		/* devices and links */
	struct vg_model		*m;		/* what is learned */
	struct vg_obs		 prev;		/* last named observation */
	int			 have;		/* prev is set */
	double			*same;		/* same-person cosines */
	size_t			 nsame;		/* how many */
	double			*diff;		/* random-pair cosines */
	size_t			 ndiff;		/* how many */
	int64_t			 csame[2];	/* colours compared, differing */
	int64_t			 cdiff[2];	/* likewise for random pairs */
	int64_t			 asame[VG_MODEL_ATTRS][2]; /* attributes
					   compared, differing, by m->attr */
	int64_t			 adiff[VG_MODEL_ATTRS][2]; /* likewise for
					   random pairs */
	struct pair		*pair;		/* consecutive named pairs */
	size_t			 npair;		/* how many */
	struct vg_obs		*sample;	/* sampled sightings */
	size_t			 nsample;	/* how many */
	int			*adj;		/* link index by a * ndev + b */
	struct flink		*ends;		/* the pairs by their devices, the
					   lower first (either way walked) */
	struct vg_obs		*grp;		/* the current person's named
					   observations */
	size_t			 ngrp;		/* how many */
	struct nlook		*nl;		/* named sightings against their
					   person's look */
	size_t			 nnl;		/* how many */
	double			*sum;		/* a look summed, and after it the
					   person's whole, of the model's
					   length each */
};

double
vg_cosine(const float *a, const float *b, size_t n)
{
	double	dot = 0, na = 0, nb = 0;
	size_t	i;

	for (i = 0; i < n; i++) {
		dot += (double)a[i] * b[i];
		na += (double)a[i] * a[i];
		nb += (double)b[i] * b[i];
	}
	return na > 0 && nb > 0 ? dot / sqrt(na * nb) : 0;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
quantile(double *v, size_t n, double q)
{
	if (n == 0)
		return NAN;
	vg_qsort(v, n, sizeof(*v), dbl_cmp);
	return v[(size_t)(q * (double)(n - 1) + 0.5)];
}

static int
abin(double c)
{
	int	i = (int)floor((c + 1) / 2 * VG_MODEL_ABINS);

	return i < 0 ? 0 : i >= VG_MODEL_ABINS ? VG_MODEL_ABINS - 1 : i;
}

/*
 * Quantile q of one person's cosines, where the sorted sample v (n) is a
 * share w his and the rest drawn as the sorted random pairs d (nd) are:
 * the first of v where the sample's share up to it, less the strangers'
 * part of that, reaches q of his.
 */
static double
quantile_his(const double *v, size_t n, const double *d, size_t nd,
    double w, double q)
{
	size_t	i, j = 0;

	if (n == 0 || nd == 0)
		return NAN;
	for (i = 0; i < n; i++) {
		while (j < nd && d[j] <= v[i])
			j++;
		if (((double)(i + 1) / (double)n - (1 - w) * (double)j /
		    (double)nd) / w >= q)
			return v[i];
	}
	return v[n - 1];
}

/*
 * A histogram of cosines, smoothed by a small kernel and a floor so that
 * no bin is impossible: a ratio of two of them never divides by zero and
 * never claims certainty from a few pairs.
 */
static void
histogram(const double *v, size_t n, double *out)
{
	double	raw[VG_MODEL_ABINS], sum = 0;
	size_t	i;
	int	k, j;

	memset(raw, 0, sizeof(raw));
	for (i = 0; i < n; i++)
		raw[abin(v[i])] += 1;
	for (k = 0; k < VG_MODEL_ABINS; k++) {
		double	s = 0, w = 0;

		for (j = -2; j <= 2; j++) {
			double	kw = j == 0 ? 0.4 : abs(j) == 1 ? 0.2 : 0.1;

			if (k + j < 0 || k + j >= VG_MODEL_ABINS)
				continue;
			s += kw * raw[k + j];
			w += kw;
		}
		out[k] = s / w + 0.5 / VG_MODEL_ABINS * (n > 0 ? 1 : 0) + 1e-3;
		sum += out[k];
	}
	for (k = 0; k < VG_MODEL_ABINS; k++)
		out[k] /= sum;
}

/*
 * The log ratio of the two distributions per bin, made to rise with the
 * cosine (pooling adjacent bins that do not, weighted by their pairs):
 * in the sparse tails the ratio is noise, and more alike never means less
 * likely the same.
 */
static void
monotone(struct vg_model *m)
{
	double	v[VG_MODEL_ABINS], w[VG_MODEL_ABINS];
	int	len[VG_MODEL_ABINS], nb = 0, i, j, k;

	for (i = 0; i < VG_MODEL_ABINS; i++) {
		v[nb] = log(m->same[i] / m->diff[i]);
		w[nb] = m->same[i] + m->diff[i];
		len[nb++] = 1;
		while (nb > 1 && v[nb - 2] > v[nb - 1]) {
			v[nb - 2] = (v[nb - 2] * w[nb - 2] + v[nb - 1] *
			    w[nb - 1]) / (w[nb - 2] + w[nb - 1]);
			w[nb - 2] += w[nb - 1];
			len[nb - 2] += len[nb - 1];
			nb--;
		}
	}
	for (i = 0, k = 0; i < nb; i++)
		for (j = 0; j < len[i]; j++)
			m->llr[k++] = v[i];
}

/* The moment the person passes the device. */
int64_t
vg_model_at(const struct vg_model *m, const struct vg_obs *o)
{
	double	f = m != NULL ? m->passage : 0.5;

	if (o->type == VG_ROW_GATE || o->last <= o->first)
		return o->first;
	return o->first + (int64_t)(f * (double)(o->last - o->first));
}

static int64_t
pair_at(const struct vg_model *m, int64_t first, int64_t last, int gate)
{
	if (gate || last <= first)
		return first;
	return first + (int64_t)(m->passage * (double)(last - first));
}

/* The link between devices a and b either way, or -1. */
int
vg_model_link(const struct vg_model *m, int a, int b)
{
	size_t	i;

	for (i = 0; i < m->nlink; i++)
		if ((m->link[i].a == a && m->link[i].b == b) ||
		    (m->link[i].a == b && m->link[i].b == a))
			return (int)i;
	return -1;
}

/*
 * The log likelihood ratio of a cosine between two appearance vectors:
 * the same person against two different people, read off the learned
 * distributions (linear between bin centres).
 */
double
vg_model_appearance(const struct vg_model *m, double c)
{
	double	x, r0, r1;
	int	i;

	if (m == NULL || m->embdim == 0 || isnan(c))
		return 0;
	x = (c + 1) / 2 * VG_MODEL_ABINS - 0.5;
	i = (int)floor(x);
	if (i < 0)
		i = 0, x = 0;
	if (i >= VG_MODEL_ABINS - 1)
		i = VG_MODEL_ABINS - 2, x = VG_MODEL_ABINS - 1;
	r0 = m->llr[i];
	r1 = m->llr[i + 1];
	return r0 + (r1 - r0) * (x - i);
}

/* The log likelihood ratio of two colour codes (0 unknown: 0). */
double
vg_model_colour(const struct vg_model *m, int a, int b)
{
	double	s, d;

	if (a == 0 || b == 0 || m == NULL)
		return 0;
	s = m->colour_same, d = m->colour_diff;
	return a == b ? log((1 - s) / (1 - d)) : log(s / d);
}

/* One key=value of a sighting's attributes, spaces trimmed. */
struct kv {
	const char	*k;		/* the key */
	size_t		 nk;		/* its length */
	const char	*v;		/* the value */
	size_t		 nv;		/* its length */
};

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* The key=value pairs of "k=v;k=v" (at most max of them). */
static size_t
attr_parse(const char *s, struct kv *kv, size_t max)
{
	const char	*eq;
	struct vg_str	 item;
	size_t		 n = 0;

	while (n < max && s != NULL && vg_list_next(&s, s + strlen(s), ';',
	    0, &item)) {
		if ((eq = memchr(item.s, '=', item.len)) == NULL)
			continue;
		kv[n].k = item.s, kv[n].nk = (size_t)(eq - item.s);
		kv[n].v = eq + 1;
		kv[n].nv = (size_t)(item.s + item.len - eq - 1);
		trim(&kv[n].k, &kv[n].nk);
		trim(&kv[n].v, &kv[n].nv);
		if (kv[n].nk > 0)
			n++;
	}
	return n;
}

/* The value of key among kv[], or "" when the sighting lacks it. */
static const struct kv *
attr_get(const struct kv *kv, size_t n, const char *key, size_t nkey)
{
	static const struct kv	none = { "", 0, "", 0 };
	size_t			i;

	for (i = 0; i < n; i++)
		if (kv[i].nk == nkey && strncasecmp(kv[i].k, key, nkey) == 0)
			return &kv[i];
	return &none;
}

static int
attr_differ(const struct kv *a, const struct kv *b)
{
	return a->nv != b->nv || strncasecmp(a->v, b->v, a->nv) != 0;
}

/* The log ratio of attribute t's values differing (differ 1) or agreeing
 * (0), or NAN where too few comparisons weigh it. */
static double
attr_llr(const struct vg_model_attr *t, int differ)
{
	if (t->nsame < ATTR_MIN || t->ndiff < ATTR_MIN)
		return NAN;
	return differ ? log(t->same / t->diff) : log((1 - t->same) /
	    (1 - t->diff));
}

/*
 * The log likelihood ratio of two sightings' attributes: for each key the
 * model learned that one of them carries, its value in each (the other
 * lacking it has the value none), agreeing or not, weighed by how often it
 * differs between sightings of the same person and of different people,
 * as the model counted them.  0 when either sighting logged no attributes.
 */
double
vg_model_attrs(const struct vg_model *m, const char *a, const char *b)
{
	struct kv	 ka[VG_MODEL_ATTRS], kb[VG_MODEL_ATTRS];
	const struct kv	*va, *vb;
	size_t		 na, nb, i, nk;
	double		 llr = 0;

	if (m == NULL || a == NULL || b == NULL || m->nattr == 0 ||
	    (na = attr_parse(a, ka, VG_MODEL_ATTRS)) == 0 ||
	    (nb = attr_parse(b, kb, VG_MODEL_ATTRS)) == 0)
		return 0;
	for (i = 0; i < m->nattr; i++) {
		const struct vg_model_attr *t = &m->attr[i];

		if (isnan(attr_llr(t, 0)))
			continue;
		nk = strlen(t->key);
		va = attr_get(ka, na, t->key, nk);
		vb = attr_get(kb, nb, t->key, nk);
		if (va->nk == 0 && vb->nk == 0)
			continue;	/* neither carries it: not compared */
		llr += attr_llr(t, attr_differ(va, vb));
	}
	return llr;
}

/*
 * The log likelihood ratio of one attribute, key, as vg_model_attrs()
 * weighs it: its values differing (differ 1) or agreeing (0).  0 where
 * the model does not weigh it.
 */
double
vg_model_attr(const struct vg_model *m, const char *key, int differ)
{
	size_t	i;
	double	x;

	for (i = 0; m != NULL && i < m->nattr; i++)
		if (strcmp(m->attr[i].key, key) == 0)
			return isnan(x = attr_llr(&m->attr[i], differ)) ? 0 : x;
	return 0;
}

/* The least and most vg_model_attrs can give, whatever the attributes. */
void
vg_model_attrs_bounds(const struct vg_model *m, double *lo, double *hi)
{
	size_t	i;
	double	d, a;

	*lo = *hi = 0;
	for (i = 0; m != NULL && i < m->nattr; i++) {
		const struct vg_model_attr *t = &m->attr[i];

		if (t->nsame < ATTR_MIN || t->ndiff < ATTR_MIN)
			continue;
		d = log(t->same / t->diff);
		a = log((1 - t->same) / (1 - t->diff));
		*lo += fmin(0, fmin(d, a));
		*hi += fmax(0, fmax(d, a));
	}
}

/*
 * The log density, per second, of a transit of dt seconds between two
 * passages on link l (or, l -1, a way through unseen devices) with bounds
 * min..max: half flat over the bounds and half the learned shape, so that
 * an unusual pace (a runner, a stroller) is never ruled out; falling off
 * over the clock tolerance outside the bounds; -INFINITY well outside.
 */
double
vg_model_transit(const struct vg_model *m, int l, int min, int max, double dt)
{
	double	w = max - min, flat, p, out = 0;
	int	k;

	if (w < 1)
		w = 1;
	if (dt < min - 3 * TOL || dt > max + 3 * TOL)
		return -INFINITY;
	if (dt < min)
		out = (min - dt) / TOL, dt = min;
	else if (dt > max)
		out = (dt - max) / TOL, dt = max;
	flat = 1 / (w + 2 * TOL);
	p = flat;
	if (m != NULL && l >= 0 && (size_t)l < m->nlink && m->link[l].n > 0) {
		k = (int)((dt - min) / w * VG_MODEL_TBINS);
		if (k >= VG_MODEL_TBINS)
			k = VG_MODEL_TBINS - 1;
		if (k < 0)
			k = 0;
		p = 0.5 * flat + 0.5 * m->link[l].p[k] * VG_MODEL_TBINS / w;
	}
	return log(p) - out * out / 2;
}

/* The most vg_model_transit() gives the way (l, min, max) at any transit,
 * and the transits it gives more than nothing, *lo to *hi. */
double
vg_model_transit_most(const struct vg_model *m, int l, int min, int max,
    double *lo, double *hi)
{
	double	w = max - min, flat, p, most;
	int	k;

	if (w < 1)
		w = 1;
	*lo = min - 3 * TOL;
	*hi = max + 3 * TOL;
	flat = 1 / (w + 2 * TOL);
	if (m == NULL || l < 0 || (size_t)l >= m->nlink || m->link[l].n <= 0)
		return log(flat);
	most = 0;
	for (k = 0; k < VG_MODEL_TBINS; k++) {
		p = 0.5 * flat + 0.5 * m->link[l].p[k] * VG_MODEL_TBINS / w;
		if (p > most)
			most = p;
	}
	return log(most);
}

void
vg_model_defaults(struct vg_model *m, const struct vg_graph *g)
{
	size_t	i;
	int	k;

	memset(m, 0, sizeof(*m));
	m->version = VG_MODEL_VERSION;
	/* no evidence: appearance says nothing, colours little */
	for (k = 0; k < VG_MODEL_ABINS; k++)
		m->same[k] = m->diff[k] = 1.0 / VG_MODEL_ABINS;
	m->same_q[0] = m->same_q[1] = m->same_q[2] = NAN;
	m->sameright = NAN;
	m->his_q[0] = m->his_q[1] = m->his_q[2] = NAN;
	m->diff_q[0] = m->diff_q[1] = m->diff_q[2] = NAN;
	m->colour_same = 0.2;
	m->colour_diff = 0.8;
	m->passage = 0.5;
	m->passage_q[0] = m->passage_q[1] = NAN;
	m->uturn = NAN;
	m->nlink = g->nlink;
	m->link = xcalloc(g->nlink ? g->nlink : 1, sizeof(*m->link));
	for (i = 0; i < g->nlink; i++) {
		m->link[i].a = g->link[i].a;
		m->link[i].b = g->link[i].b;
		m->link[i].min = g->link[i].min;
		m->link[i].max = g->link[i].max;
		m->link[i].median = NAN;
		for (k = 0; k < VG_MODEL_TBINS; k++)
			m->link[i].p[k] = 1.0 / VG_MODEL_TBINS;
	}
	m->ndev = g->ndev;
	m->dev = xcalloc(g->ndev ? g->ndev : 1, sizeof(*m->dev));
	for (i = 0; i < g->ndev; i++) {
		m->dev[i].miss = 0.1;
		m->dev[i].prior = 0.1;
		m->dev[i].names = 0;
		m->dev[i].dwell = NAN;
		m->dev[i].trust = VG_MODEL_TRUST;
	}
	m->namecos = NAN;
	m->trust = VG_MODEL_TRUST;
}

void
vg_model_free(struct vg_model *m)
{
	free(m->link);
	free(m->dev);
	memset(m, 0, sizeof(*m));
}

/*
 * Room for one more in an array of n grown only by this: doubled when n
 * is a power of two (one at a time, a hundred thousand cosines were
 * copied over and over).
 */
static void *
grow(void *p, size_t n, size_t size)
{
	if (n < 16)
		return n == 0 ? xreallocarray(p, 16, size) : p;
	return (n & (n - 1)) == 0 ? xreallocarray(p, 2 * n, size) : p;
}

static void
push(double **v, size_t *n, double x)
{
	*v = grow(*v, *n, sizeof(**v));
	(*v)[(*n)++] = x;
}

static void
colours(int64_t *c, const struct vg_obs *a, const struct vg_obs *b)
{
	if (a->upper && b->upper) {
		c[0]++;
		c[1] += a->upper != b->upper;
	}
	if (a->lower && b->lower) {
		c[0]++;
		c[1] += a->lower != b->lower;
	}
}

/*
 * Count, key by key, whether a's and b's attributes differ: each key one
 * of them carries (the other lacking it has the value none).
 */
static void
attrs(struct vg_model *m, int64_t (*c)[2], const struct vg_obs *a,
    const struct vg_obs *b)
{
	struct kv	 ka[VG_MODEL_ATTRS], kb[VG_MODEL_ATTRS];
	const struct kv	*keys[2 * VG_MODEL_ATTRS];
	size_t		 na, nb, n = 0, i, j;

	if (a->attrs == NULL || b->attrs == NULL ||
	    (na = attr_parse(a->attrs, ka, VG_MODEL_ATTRS)) == 0 ||
	    (nb = attr_parse(b->attrs, kb, VG_MODEL_ATTRS)) == 0)
		return;
	for (i = 0; i < na; i++)
		keys[n++] = &ka[i];
	for (i = 0; i < nb; i++)
		if (attr_get(ka, na, kb[i].k, kb[i].nk)->nk == 0)
			keys[n++] = &kb[i];
	for (i = 0; i < n; i++) {
		for (j = 0; j < m->nattr; j++)
			if (strlen(m->attr[j].key) == keys[i]->nk &&
			    strncasecmp(m->attr[j].key, keys[i]->k,
			    keys[i]->nk) == 0)
				break;
		if (j == m->nattr) {
			if (j == VG_MODEL_ATTRS ||
			    keys[i]->nk >= sizeof(m->attr[j].key))
				continue;
			memcpy(m->attr[j].key, keys[i]->k, keys[i]->nk);
			m->attr[j].key[keys[i]->nk] = '\0';
			m->nattr++;
		}
		c[j][0]++;
		c[j][1] += attr_differ(attr_get(ka, na, keys[i]->k,
		    keys[i]->nk), attr_get(kb, nb, keys[i]->k, keys[i]->nk));
	}
}

/* v's dot itself */
static double
dot_self(const float *v, size_t n)
{
	double	x = 0;
	size_t	i;

	for (i = 0; i < n; i++)
		x += (double)v[i] * v[i];
	return x;
}

static int
comparable(const struct vg_obs *a, const struct vg_obs *b)
{
	return a->emb != NULL && b->emb != NULL && a->embdim == b->embdim &&
	    a->embdim > 0;
}

/* Whether a and b, at devices a link joins, are within its bounds. */
static int
linked_within(const struct learn *l, const struct vg_obs *a,
    const struct vg_obs *b)
{
	const struct vg_glink	*ln;
	int			 k = l->adj[a->dev * l->g->ndev + b->dev];
	double			 dt;

	if (k < 0)
		return 0;
	ln = &l->g->link[k];
	dt = (double)(a->first < b->first ? b->first - a->last : a->first -
	    b->last) / US;
	return dt >= ln->min - TOL - SAMEGAP && dt <= ln->max + TOL;
}

/* o's unit vector, times sign, added to sum (set to it if not add): 1,
 * or 0 when it has none of length dim. */
static size_t
unit_add(const struct vg_obs *o, size_t dim, double *sum, int add,
    int sign)
{
	double	x;
	size_t	d;

	if (!add)
		memset(sum, 0, dim * sizeof(*sum));
	if (o->emb == NULL || o->embdim != dim || (x = dot_self(o->emb,
	    dim)) <= 0)
		return 0;
	x = sign / sqrt(x);
	for (d = 0; d < dim; d++)
		sum[d] += o->emb[d] * x;
	return 1;
}

/*
 * The current person's named sightings at devices that name, each against
 * the mean look of his sightings at other devices (and a sampled
 * stranger's against the same mean), and whether a read of him at a
 * linked device within its bounds confirms it; then forgotten.
 */
static void
group_flush(struct learn *l)
{
	size_t	 i, j, k, d, n, ntot, dim = l->m->embdim, tries;
	double	 nx, ny, *tot = l->sum + dim;

	/* every sighting's unit vector summed once; a sighting's others
	 * are that sum less those at its own device */
	for (j = 0, ntot = 0; dim > 0 && j < l->ngrp; j++)
		ntot += unit_add(&l->grp[j], dim, tot, j == 0 ? 0 : 1, 1);
	for (i = 0; dim > 0 && ntot > 0 && i < l->ngrp; i++) {
		const struct vg_obs *s = &l->grp[i];
		struct nlook *nl;

		if (s->type != VG_ROW_SIGHTING || s->emb == NULL ||
		    s->embdim != dim || l->m->dev[s->dev].named == 0)
			continue;
		memcpy(l->sum, tot, dim * sizeof(*l->sum));
		for (j = 0, n = ntot; j < l->ngrp; j++)
			if (l->grp[j].dev == s->dev)
				n -= unit_add(&l->grp[j], dim, l->sum, 1, -1);
		if (n == 0)
			continue;
		l->nl = grow(l->nl, l->nnl, sizeof(*l->nl));
		nl = &l->nl[l->nnl++];
		nl->dev = s->dev;
		nl->cos = nl->chance = NAN;
		for (d = 0, nx = ny = 0; d < dim; d++) {
			nx += l->sum[d] * s->emb[d];
			ny += l->sum[d] * l->sum[d];
		}
		nl->cos = nx / sqrt(ny) / sqrt(dot_self(s->emb, dim));
		/* a stranger, picked by where this one falls */
		for (tries = 0, k = (l->nnl * 7919) % (l->nsample + 1);
		    tries < 8 && l->nsample > 0; tries++, k = (k + 1) %
		    l->nsample) {
			const struct vg_obs *o = &l->sample[k % l->nsample];

			if (o->emb == NULL || o->embdim != dim ||
			    o->vehicle != s->vehicle || (o->person != NULL &&
			    strcmp(o->person, s->person) == 0) ||
			    dot_self(o->emb, dim) <= 0)
				continue;
			for (d = 0, nx = 0; d < dim; d++)
				nx += l->sum[d] * o->emb[d];
			nl->chance = nx / sqrt(ny) / sqrt(dot_self(o->emb,
			    dim));
			break;
		}
		for (j = 0, nl->sure = 0; j < l->ngrp && !nl->sure; j++)
			nl->sure = j != i && l->grp[j].dev != s->dev &&
			    linked_within(l, s, &l->grp[j]);
	}
	for (i = 0; i < l->ngrp; i++)
		vg_obs_free(&l->grp[i]);
	l->ngrp = 0;
}

/* One named observation: pairs with the one before if it is his too. */
static int
named_one(const struct vg_obs *o, void *arg)
{
	struct learn	*l = arg;
	struct vg_obs	*p = &l->prev;
	struct pair	*pr;

	if (l->ngrp > 0 && strcmp(l->grp[0].person, o->person) != 0)
		group_flush(l);
	if (l->ngrp < GROUP_MAX) {
		l->grp = grow(l->grp, l->ngrp, sizeof(*l->grp));
		vg_obs_copy(&l->grp[l->ngrp++], o);
	}

	if (l->have && strcmp(p->person, o->person) == 0 &&
	    o->first - p->last < GAP && o->vehicle == p->vehicle &&
	    !(o->dev == p->dev && o->type == p->type &&
	    o->first - p->last < 2 * US)) {
		if (o->type == VG_ROW_SIGHTING && p->type == VG_ROW_SIGHTING &&
		    comparable(o, p) && o->dev != p->dev) {
			push(&l->same, &l->nsame, vg_cosine(o->emb, p->emb,
			    o->embdim));
			colours(l->csame, o, p);
			attrs(l->m, l->asame, o, p);
		}
		if (l->npair < PAIRS_MAX && o->dev != p->dev) {
			l->pair = grow(l->pair, l->npair, sizeof(*l->pair));
			pr = &l->pair[l->npair++];
			pr->a = p->dev, pr->b = o->dev;
			pr->fa = p->first, pr->la = p->last;
			pr->fb = o->first, pr->lb = o->last;
			pr->ga = p->type == VG_ROW_GATE;
			pr->gb = o->type == VG_ROW_GATE;
			pr->who = xstrdup(o->person);
			pr->ea = NULL;
			pr->dim = 0;
			if (p->emb != NULL) {
				pr->dim = p->embdim;
				pr->ea = xcalloc(p->embdim, sizeof(*pr->ea));
				memcpy(pr->ea, p->emb, p->embdim *
				    sizeof(*pr->ea));
			}
		}
	}
	vg_obs_free(p);
	vg_obs_copy(p, o);
	l->have = 1;
	return 0;
}

static int
sample_one(const struct vg_obs *o, void *arg)
{
	struct learn	*l = arg;

	l->sample = grow(l->sample, l->nsample, sizeof(*l->sample));
	vg_obs_copy(&l->sample[l->nsample++], o);
	return 0;
}

/* Random pairs: different people, almost always. */
static void
learn_diff(struct learn *l)
{
	size_t	i, j, n = l->nsample;

	for (i = 0; n > 1 && i < n; i++) {
		const struct vg_obs *a = &l->sample[i], *b;

		j = (i + n / 2 + (i * 7919) % (n / 2 + 1)) % n;
		b = &l->sample[j];
		if (j == i || a->vehicle != b->vehicle ||
		    (a->person && b->person && strcmp(a->person,
		    b->person) == 0))
			continue;
		if (comparable(a, b))
			push(&l->diff, &l->ndiff, vg_cosine(a->emb, b->emb,
			    a->embdim));
		colours(l->cdiff, a, b);
		attrs(l->m, l->adiff, a, b);
	}
}

struct best {
	const struct vg_obs	*from;		/* the sighting matched */
	double			 c1, c2;	/* best and second cosine */
	struct vg_obs		 o;		/* the best */
	int			 any;		/* one was seen */
};

static int
best_one(const struct vg_obs *o, void *arg)
{
	struct best	*b = arg;
	double		 c;

	if (!comparable(o, b->from) || o->vehicle != b->from->vehicle)
		return 0;
	c = vg_cosine(o->emb, b->from->emb, o->embdim);
	if (c > b->c1) {
		b->c2 = b->c1;
		b->c1 = c;
		vg_obs_free(&b->o);
		vg_obs_copy(&b->o, o);
		b->any = 1;
	} else if (c > b->c2)
		b->c2 = c;
	return 0;
}

/*
 * Too few named pairs for the same-person distribution: take it from
 * appearance matches across links instead, the best candidate in the
 * link's window when it stands clear of the second and of random pairs.
 */
static int
learn_self(struct learn *l, struct vg_error *err)
{
	const struct vg_graph	*g = l->g;
	double			 hi;
	size_t			 i, k, used;

	hi = quantile(l->diff, l->ndiff, 0.99);
	for (k = 0; k < g->nlink; k++) {
		const struct vg_glink *ln = &g->link[k];

		if (g->dev[ln->a].type != VG_CAMERA ||
		    g->dev[ln->b].type != VG_CAMERA)
			continue;
		for (i = 0, used = 0; i < l->nsample && used < SELF_LINKS;
		    i++) {
			const struct vg_obs *s = &l->sample[i];
			struct best b;

			if (s->dev != ln->a || s->emb == NULL)
				continue;
			used++;
			memset(&b, 0, sizeof(b));
			b.from = s;
			b.c1 = b.c2 = -2;
			if (vg_ar_window(l->ar, g, ln->b, s->last + (int64_t)
			    (ln->min - TOL) * US, s->last + (int64_t)(ln->max +
			    TOL) * US, best_one, &b, err) == -1)
				return -1;
			if (b.any && b.c1 > hi && b.c1 - b.c2 > (1 - hi) / 2) {
				push(&l->same, &l->nsame, b.c1);
				colours(l->csame, s, &b.o);
				attrs(l->m, l->asame, s, &b.o);
			}
			vg_obs_free(&b.o);
		}
	}
	l->m->selftaught = 1;
	return 0;
}

static int
flink_cmp(const void *a, const void *b)
{
	const struct flink *x = a, *y = b;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* The first of n sorted by flink_cmp from a to b, or n. */
static size_t
flink_first(const struct flink *f, size_t n, int a, int b)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (f[mid].a < a || (f[mid].a == a && f[mid].b < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && f[lo].a == a && f[lo].b == b ? lo : n;
}

/*
 * The pairs sorted by their devices, in their order within each two
 * devices: a link's pairs are then found by search, not by reading every
 * pair for every link (thousands of links by 50,000 pairs on a campus).
 */
static void
ends_make(struct learn *l)
{
	size_t	i;

	l->ends = xcalloc(l->npair + 1, sizeof(*l->ends));
	for (i = 0; i < l->npair; i++) {
		const struct pair *p = &l->pair[i];

		l->ends[i].a = p->a < p->b ? p->a : p->b;
		l->ends[i].b = p->a < p->b ? p->b : p->a;
		l->ends[i].i = (int)i;
	}
	vg_qsort(l->ends, l->npair, sizeof(*l->ends), flink_cmp);
}

/* The pairs between devices a and b either way: *n of them from the
 * returned one on. */
static const struct flink *
ends_find(const struct learn *l, int a, int b, size_t *n)
{
	size_t	lo, k;
	int	x = a < b ? a : b, y = a < b ? b : a;

	lo = flink_first(l->ends, l->npair, x, y);
	for (k = lo; k < l->npair && l->ends[k].a == x && l->ends[k].b == y;
	    k++)
		;
	*n = k - lo;
	return &l->ends[lo];
}

/*
 * Where in a sighting the person passes the device, from links walked
 * both ways: the mean transit is the same each way only when measured
 * between the right moments, and the ends' dwell times differ (a gate has
 * none), which tells the position.  Each link gives an estimate; the
 * weighted median is taken.
 */
static void
learn_passage(struct learn *l)
{
	struct vg_model	*m = l->m;
	size_t		 k, i, ne = 0, ne_k;
	double		*est = NULL, *wt = NULL, q[3];

	for (k = 0; k < m->nlink; k++) {
		double	d[2] = { 0, 0 }, dw[2] = { 0, 0 }, n[2] = { 0, 0 };
		double	delta, f;
		int	a = m->link[k].a, b = m->link[k].b;
		const struct flink *e = ends_find(l, a, b, &ne_k);

		for (i = 0; i < ne_k; i++) {
			const struct pair *p = &l->pair[e[i].i];
			int	 dir;
			double	 t, dwa, dwb;

			if (p->a == a && p->b == b)
				dir = 0;
			else if (p->a == b && p->b == a)
				dir = 1;
			else
				continue;
			t = (double)(pair_at(m, p->fb, p->lb, p->gb) -
			    pair_at(m, p->fa, p->la, p->ga)) / US;
			if (t < m->link[k].min - 3 * TOL ||
			    t > m->link[k].max + 3 * TOL)
				continue;
			dwa = p->ga ? 0 : (double)(p->la - p->fa) / US;
			dwb = p->gb ? 0 : (double)(p->lb - p->fb) / US;
			/* first to first, and dwell of the far end less the
			 * near end, both in the a to b sense */
			d[dir] += (double)(p->fb - p->fa) / US;
			dw[dir] += dir == 0 ? dwb - dwa : dwa - dwb;
			n[dir]++;
		}
		if (n[0] < 3 || n[1] < 3)
			continue;
		/* a to b takes d0 + f dw0, b to a d1 - f dw1 (first to first
		 * and dwell of b less a's, means): equal when
		 * f (dw0 + dw1) = d1 - d0 */
		delta = dw[0] / n[0] + dw[1] / n[1];
		if (fabs(delta) < 2)
			continue;
		f = (d[1] / n[1] - d[0] / n[0]) / delta;
		push(&est, &ne, f);
		wt = xreallocarray(wt, ne, sizeof(*wt));
		wt[ne - 1] = fabs(delta) * sqrt(n[0] < n[1] ? n[0] : n[1]);
	}
	if (ne > 0) {
		double	tot = 0, acc = 0;
		size_t	*ord = xcalloc(ne, sizeof(*ord)), j, t;

		for (i = 0; i < ne; i++) {
			ord[i] = i;
			tot += wt[i];
		}
		for (i = 1; i < ne; i++)
			for (j = i; j > 0 && est[ord[j]] < est[ord[j - 1]];
			    j--)
				t = ord[j], ord[j] = ord[j - 1], ord[j - 1] = t;
		/* the weighted quartiles and median of the links' estimates */
		for (i = 0, j = 0; i < ne; i++) {
			acc += wt[ord[i]];
			while (j < 3 && acc >= tot * (double)(j + 1) / 4)
				q[j++] = est[ord[i]];
		}
		while (j < 3)
			q[j++] = est[ord[ne - 1]];
		for (j = 0; j < 3; j++)
			q[j] = q[j] < 0 ? 0 : q[j] > 1 ? 1 : q[j];
		m->passage = q[1];
		m->passage_q[0] = q[0];
		m->passage_q[1] = q[2];
		m->npassage = (int64_t)ne;
		free(ord);
	}
	free(est);
	free(wt);
}

/*
 * How often a walk turns back: named walks a to b to c along links, with
 * b watching no place (at a door, going in and out is the rule), and the
 * share of them with c a.  Laplace's rule; unknown without walks.
 */
static void
learn_uturn(struct learn *l)
{
	const struct vg_graph	*g = l->g;
	size_t			 i, nd = g->ndev;
	int64_t			 n = 0, back = 0;

	for (i = 0; i + 1 < l->npair; i++) {
		const struct pair *p = &l->pair[i], *q = &l->pair[i + 1];

		if (p->b != q->a || strcmp(p->who, q->who) != 0 ||
		    q->fa != p->fb || g->dev[p->b].watches ||
		    l->adj[p->a * nd + p->b] < 0 ||
		    l->adj[q->a * nd + q->b] < 0)
			continue;
		n++;
		back += q->b == p->a;
	}
	l->m->nuturn = n;
	l->m->uturn = n > 0 ? ((double)back + 1) / ((double)n + 2) : NAN;
}

/* Each link's transits, between passages, from the named pairs. */
static void
learn_transit(struct learn *l)
{
	struct vg_model	*m = l->m;
	size_t		 i, k, nt, ne;
	double		*t = NULL, cnt[VG_MODEL_TBINS], prior = 3;
	int		 b;

	for (k = 0; k < m->nlink; k++) {
		struct vg_model_link *ln = &m->link[k];
		double w = ln->max - ln->min > 1 ? ln->max - ln->min : 1;

		const struct flink *e = ends_find(l, ln->a, ln->b, &ne);

		nt = 0;
		memset(cnt, 0, sizeof(cnt));
		for (i = 0; i < ne; i++) {
			const struct pair *p = &l->pair[e[i].i];
			double dt;

			dt = (double)(pair_at(m, p->fb, p->lb, p->gb) -
			    pair_at(m, p->fa, p->la, p->ga)) / US;
			if (dt < ln->min - TOL || dt > ln->max + TOL)
				continue;
			b = (int)((dt - ln->min) / w * VG_MODEL_TBINS);
			b = b < 0 ? 0 : b >= VG_MODEL_TBINS ?
			    VG_MODEL_TBINS - 1 : b;
			cnt[b]++;
			push(&t, &nt, dt);
		}
		ln->n = (int64_t)nt;
		ln->median = nt ? quantile(t, nt, 0.5) : NAN;
		for (b = 0; b < VG_MODEL_TBINS; b++)
			ln->p[b] = (cnt[b] + prior) / ((double)nt + prior *
			    VG_MODEL_TBINS);
		free(t);
		t = NULL;
	}
}

struct seen {
	const struct learn	*l;		/* the learning */
	const struct pair	*p;		/* the walk checked */
	const float		*ea;		/* its start's look, or NULL */
	size_t			 dim;		/* their length */
	int			 yes;		/* the device logged him */
};

static int
seen_one(const struct vg_obs *o, void *arg)
{
	struct seen	*s = arg;

	if (o->person != NULL) {
		if (strcmp(o->person, s->p->who) == 0)
			s->yes = 1;
		return 0;
	}
	if (o->type == VG_ROW_GATE) {
		s->yes = 1;	/* an unnamed read: may be him */
		return 0;
	}
	if (o->emb != NULL && o->embdim == s->dim && s->ea != NULL &&
	    vg_model_appearance(s->l->m, vg_cosine(o->emb, s->ea, s->dim)) >
	    0)
		s->yes = 1;
	return 0;
}

/* The walks' evidence on a prior worth ten walks. */
static double
miss_rate(const struct vg_model_dev *d)
{
	return ((double)d->missed + 10 * d->prior) / ((double)d->checked + 10);
}

/*
 * A camera's traffic against the median of the cameras linked to it, or
 * NAN when they are too quiet to tell.
 */
static double
flow_ratio(const struct learn *l, int d)
{
	const struct vg_graph	*g = l->g;
	double			*v = NULL, med;
	size_t			 n = 0, k;

	if (g->dev[d].type != VG_CAMERA)
		return NAN;
	for (k = 0; k < g->nlink; k++) {
		int o = g->link[k].a == d ? g->link[k].b : g->link[k].b == d ?
		    g->link[k].a : -1;

		if (o >= 0 && g->dev[o].type == VG_CAMERA)
			push(&v, &n, (double)l->m->dev[o].n);
	}
	med = quantile(v, n, 0.5);
	free(v);
	if (n == 0 || isnan(med) || med < 10)
		return NAN;
	return (double)l->m->dev[d].n / med;
}

/*
 * What the cameras' traffic says of their misses before any walk is
 * checked.  Cameras on busy ways log more than those on quiet ones, so a
 * camera's traffic against its neighbours' varies widely (its logarithm
 * has a median and a spread, measured robustly over the site's cameras);
 * only a camera that logs less than the quiet end of that spread (two
 * standard deviations below the median) is taken to miss, the more the
 * further below.  Any other device: one in ten, the walks to tell more.
 */
static void
flow_priors(struct learn *l)
{
	size_t	 i, n = 0, k = 0;
	double	*r, *lr = NULL, *dev = NULL, med, mad, lo;

	r = xcalloc(l->g->ndev + 1, sizeof(*r));
	for (i = 0; i < l->g->ndev; i++) {
		r[i] = flow_ratio(l, (int)i);
		if (!isnan(r[i]) && r[i] > 0)
			push(&lr, &n, log(r[i]));
	}
	med = quantile(lr, n, 0.5);
	for (i = 0; i < n; i++)
		push(&dev, &k, fabs(lr[i] - med));
	mad = quantile(dev, k, 0.5);
	lo = n >= 5 ? exp(med - 2 * 1.4826 * mad) : 1;
	for (i = 0; i < l->g->ndev; i++) {
		double p = isnan(r[i]) ? 0.1 : 1 - r[i] / lo;

		l->m->dev[i].prior = p < 0.1 ? 0.1 : p > 0.98 ? 0.98 : p;
	}
	free(r);
	free(lr);
	free(dev);
}

/*
 * How often each device misses a passage: named walks from a to c that
 * must have passed b (the only device between them), and whether b logged
 * them (named, or a sighting that looks like a's).  Walks along a link
 * count as logged at both ends.
 */
static int
learn_miss(struct learn *l, struct vg_error *err)
{
	struct vg_model		*m = l->m;
	const struct vg_graph	*g = l->g;
	size_t			 i, checks = 0, nd = g->ndev;
	int			 b, c, mid, k1, k2;

	for (i = 0; i < l->npair && checks < MISS_CHECKS; i++) {
		const struct pair *p = &l->pair[i];
		int64_t ta, tb;
		double dt;

		if (l->adj[p->a * nd + p->b] >= 0) {
			m->dev[p->b].checked++;
			m->dev[p->a].checked++;
			continue;
		}
		ta = pair_at(m, p->fa, p->la, p->ga);
		tb = pair_at(m, p->fb, p->lb, p->gb);
		dt = (double)(tb - ta) / US;
		for (mid = -1, c = 0, b = 0; b < (int)nd; b++) {
			k1 = l->adj[p->a * nd + b];
			k2 = l->adj[b * nd + p->b];
			if (k1 < 0 || k2 < 0 || dt < g->link[k1].min +
			    g->link[k2].min - TOL || dt > g->link[k1].max +
			    g->link[k2].max + TOL)
				continue;
			mid = b;
			c++;
		}
		if (c != 1)
			continue;
		{
			struct seen	 s;

			memset(&s, 0, sizeof(s));
			s.l = l;
			s.p = p;
			s.ea = p->ea;
			s.dim = p->dim;
			if (vg_ar_window(l->ar, g, mid, ta - (int64_t)TOL * US -
			    60 * US, tb + (int64_t)TOL * US, seen_one, &s,
			    err) == -1)
				return -1;
			m->dev[mid].checked++;
			m->dev[mid].missed += !s.yes;
			checks++;
		}
	}
	flow_priors(l);
	for (i = 0; i < nd; i++) {
		struct vg_model_dev *d = &m->dev[i];

		d->miss = miss_rate(d);
		d->names = d->n > 0 ? (double)d->named / (double)d->n : 0;
	}
	return 0;
}

/*
 * The share of each device's names that are right (trust), from its
 * counts: a right name is above namecos as often as a confirmed one, a
 * wrong one as often as a stranger; the site's share on a prior of
 * TRUST_PRIOR sightings at VG_MODEL_TRUST; a device's the site's, or, where
 * its count stands apart from it, its own on TRUST_PRIOR at the site's.
 * With nothing learned, or a look that does not tell them apart, every
 * device keeps VG_MODEL_TRUST, as does one none of whose names could be
 * compared (a gate: its reads have no look).
 */
static void
name_trust(struct vg_model *m)
{
	double	 a, b = m->namechance, r = 0, n = 0, *rd;
	size_t	 i;

	m->trust = VG_MODEL_TRUST;
	for (i = 0; i < m->ndev; i++)
		m->dev[i].trust = VG_MODEL_TRUST;
	a = ((double)m->namesure[1] + 1) / ((double)m->namesure[0] + 2);
	if (isnan(m->namecos) || a - b < TRUST_TELLS)
		return;
	rd = xcalloc(m->ndev + 1, sizeof(*rd));
	for (i = 0; i < m->ndev; i++) {
		const struct vg_model_dev *d = &m->dev[i];
		double x = ((double)d->alike - b * (double)d->looked) / (a - b);

		rd[i] = x < 0 ? 0 : x > (double)d->looked ? (double)d->looked :
		    x;
		r += rd[i];
		n += (double)d->looked;
	}
	m->trust = (r + TRUST_PRIOR * VG_MODEL_TRUST) / (n + TRUST_PRIOR);
	for (i = 0; i < m->ndev; i++) {
		struct vg_model_dev *d = &m->dev[i];
		double k = (double)d->looked, h = b + m->trust * (a - b), se;

		/* its own share only where it stands apart from the site's
		   by more than three standard errors of its count, were it the
		   site's */
		se = k > 0 ? sqrt(h * (1 - h) / k) / (a - b) : 0;
		d->trust = k > 0 ? m->trust : VG_MODEL_TRUST;
		if (k > 0 && fabs(rd[i] / k - m->trust) > 3 * se)
			d->trust = (rd[i] + TRUST_PRIOR * m->trust) / (k +
			    TRUST_PRIOR);
	}
	free(rd);
}

/*
 * How far the devices' names are right, from their named sightings
 * against the look their person has elsewhere: above namecos (which one
 * stranger in ten passes) as often as the names a linked read confirms
 * when right, as often as strangers when not.  Only where the look tells
 * the two apart.
 */
static void
learn_names(struct learn *l)
{
	struct vg_model	*m = l->m;
	double		*c = NULL;
	size_t		 i, n = 0;

	for (i = 0; i < l->nnl; i++)
		if (!isnan(l->nl[i].chance))
			push(&c, &n, l->nl[i].chance);
	if (n < 20) {
		free(c);
		return;
	}
	m->namecos = quantile(c, n, 0.9);
	for (i = 0, m->namechance = 0; i < n; i++)
		m->namechance += c[i] > m->namecos;
	m->namechance /= (double)n;
	free(c);
	for (i = 0; i < l->nnl; i++) {
		const struct nlook *x = &l->nl[i];

		m->dev[x->dev].looked++;
		m->dev[x->dev].alike += x->cos > m->namecos;
		m->namesure[0] += x->sure;
		m->namesure[1] += x->sure && x->cos > m->namecos;
	}
	name_trust(m);
}

/*
 * The share of the named pairs (two sightings a name gives one person,
 * one after the other) that are his, the rest strangers' (a name wrong
 * at either end), and his pairs' quartiles taken apart from them
 * (m->sameright, m->his_q), where the sample holds strangers' pairs.  A
 * stranger's pair falls under the random pairs' median as often as they
 * do, one of his hardly ever (his look at two cameras is nearer than most
 * strangers'): the share of the pairs under it, over the random pairs'
 * share there (a half), is the strangers'.  Under SAME_LEAST his, or
 * under SAME_PAIRS of his pairs, nothing is taken apart.  The pairs from
 * appearance matches (selftaught) name no one.  l->same and l->diff
 * sorted.
 */
static void
learn_his(struct learn *l)
{
	struct vg_model	*m = l->m;
	double		 med = m->diff_q[1], below = 0, dbelow = 0, w;
	size_t		 i;

	if (m->selftaught || l->nsame == 0 || l->ndiff == 0)
		return;
	for (i = 0; i < l->nsame && l->same[i] < med; i++)
		below++;
	for (i = 0; i < l->ndiff && l->diff[i] < med; i++)
		dbelow++;
	if (dbelow == 0)
		return;
	w = 1 - below / (double)l->nsame / (dbelow / (double)l->ndiff);
	if (w >= 1)
		w = 1;
	if (w < SAME_LEAST || w * (double)l->nsame < SAME_PAIRS)
		return;
	m->sameright = w;
	for (i = 0; i < 3; i++)
		m->his_q[i] = quantile_his(l->same, l->nsame, l->diff,
		    l->ndiff, w, 0.25 * (double)(i + 1));
}

/*
 * The log ratio a name read at device dev adds: the path's person's
 * (same), the odds that its names are right, no more than with nothing
 * learned (VG_MODEL_NAMED) and never against him; another's,
 * VG_MODEL_NAMED_OTHER (its names' odds, one and a half times, lost a
 * right hop on the simulator's worlds: bench/README.md, track19b).
 */
double
vg_model_named(const struct vg_model *m, int dev, int same)
{
	double	t = dev >= 0 && (size_t)dev < m->ndev ? m->dev[dev].trust :
		    m->trust;

	if (!same)
		return VG_MODEL_NAMED_OTHER;
	if (!(t < VG_MODEL_TRUST))
		return VG_MODEL_NAMED;
	return t > 0.5 ? log(t / (1 - t)) : 0;
}

static void
learn_dwell(struct learn *l)
{
	size_t	 d, i, n;
	double	*v = NULL;

	for (d = 0; d < l->g->ndev; d++) {
		n = 0;
		for (i = 0; i < l->nsample; i++)
			if (l->sample[i].dev == (int)d)
				push(&v, &n, (double)(l->sample[i].last -
				    l->sample[i].first) / US);
		l->m->dev[d].dwell = n ? quantile(v, n, 0.5) : NAN;
		free(v);
		v = NULL;
	}
}

static void
learn_free(struct learn *l)
{
	size_t	i;

	vg_obs_free(&l->prev);
	for (i = 0; i < l->npair; i++) {
		free(l->pair[i].who);
		free(l->pair[i].ea);
	}
	free(l->pair);
	for (i = 0; i < l->nsample; i++)
		vg_obs_free(&l->sample[i]);
	free(l->sample);
	free(l->same);
	free(l->diff);
	free(l->adj);
	free(l->ends);
	for (i = 0; i < l->ngrp; i++)
		vg_obs_free(&l->grp[i]);
	free(l->grp);
	free(l->nl);
	free(l->sum);
}

/* h and n bytes at p hashed together. */
static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
	return (h ^ vg_fnv(p, n)) * 1099511628211ULL;
}

/*
 * A hash of what a model is learned with besides the rows: the devices
 * (their ids, kinds and clock corrections) and the links with their
 * bounds.
 */
static uint64_t
site_hash(const struct vg_graph *g)
{
	uint64_t	h = 0;
	size_t		i;
	int64_t		v[5];

	for (i = 0; i < g->ndev; i++) {
		const struct vg_gdev *d = &g->dev[i];

		h = mix(h, d->code, strlen(d->code));
		v[0] = d->type, v[1] = d->face, v[2] = d->watches;
		v[3] = d->offset, v[4] = d->corrected;
		h = mix(h, v, sizeof(v));
	}
	for (i = 0; i < g->nlink; i++) {
		const struct vg_glink *ln = &g->link[i];

		v[0] = ln->a, v[1] = ln->b, v[2] = ln->min, v[3] = ln->max;
		v[4] = ln->directed;
		h = mix(h, v, sizeof(v));
	}
	return h;
}

/* The archive's spans read for a basis. */
struct basis_walk {
	struct vg_model_basis	*b;		/* filled */
	int64_t			 rows[VG_MODEL_SPANS]; /* b->span's rows */
};

static int
basis_span(const struct vg_span *sp, void *arg)
{
	struct basis_walk	*w = arg;
	struct vg_model_basis	*b = w->b;
	int64_t			 n = sp->gates + sp->sightings;
	int			 i;

	b->total += n;
	if (n == 0)
		return 0;
	/* the newest spans holding rows, the oldest of them first */
	for (i = 0; i + 1 < VG_MODEL_SPANS; i++) {
		memcpy(b->span[i], b->span[i + 1], sizeof(b->span[i]));
		w->rows[i] = w->rows[i + 1];
	}
	snprintf(b->span[i], sizeof(b->span[i]), "%s", sp->name);
	w->rows[i] = n;
	return 0;
}

/*
 * What a model learned now would be learned from: the newest spans'
 * names and rows, the archive's rows, the site's hash.
 */
int
vg_model_basis(struct vg_archive *ar, const struct vg_graph *g,
    struct vg_model_basis *b, struct vg_error *err)
{
	struct basis_walk	w;
	int			i;

	memset(b, 0, sizeof(*b));
	memset(&w, 0, sizeof(w));
	w.b = b;
	if (vg_archive_spans(ar, basis_span, &w, err) == -1)
		return -1;
	for (i = 0; i < VG_MODEL_SPANS; i++)
		b->rows += w.rows[i];
	b->site = site_hash(g);
	b->known = 1;
	b->names = 1;
	b->his = 1;
	return 0;
}

/*
 * Whether a model learned from was is out of date with the archive now,
 * by when: anything changed, or the rows grown by more than a share.
 */
static int
basis_stale(const struct vg_model_basis *was, const struct vg_model_basis
    *now, enum vg_model_when when)
{
	int	i;

	if (!was->known || !was->names || !was->his ||
	    was->site != now->site)
		return 1;
	for (i = 0; i < VG_MODEL_SPANS; i++)
		if (strcmp(was->span[i], now->span[i]) != 0)
			return 1;
	if (when == VG_MODEL_CHANGED)
		return was->rows != now->rows || was->total != now->total;
	return now->rows < was->rows || now->rows - was->rows > was->rows /
	    VG_MODEL_GROWTH || now->total < was->total || now->total -
	    was->total > was->total / VG_MODEL_GROWTH;
}

/*
 * Learn the model from what the archive holds, with the clock corrections
 * it has.  Deterministic: the same archive gives the same model.  Bounded
 * whatever the archive's age: the walks, looks and dwell come from the
 * newest VG_MODEL_SPANS spans only (a night's import and the day before
 * it, for walks across midnight: at most NAMED_MAX named observations,
 * SAMPLE sampled sightings and a few window reads per link), so that
 * learning after a night's import reads that night's day, not every day
 * before it; the devices' counts come from the spans' own counts
 * (span_device, kept as each span is written), so they cover the whole
 * archive with no read of its rows.  What it was learned from goes in
 * m->basis.
 */
static int
learn(struct vg_archive *ar, const struct vg_graph *g,
    const struct vg_model *prev, struct vg_model *m, struct vg_error *err)
{
	struct learn	 l;
	struct timeval	 tv;
	int64_t		*n, *named;
	size_t		 i;

	vg_model_defaults(m, g);
	if (vg_model_basis(ar, g, &m->basis, err) == -1) {
		vg_model_free(m);
		return -1;
	}
	memset(&l, 0, sizeof(l));
	l.ar = ar;
	l.g = g;
	l.m = m;
	l.adj = xcalloc(g->ndev * g->ndev + 1, sizeof(*l.adj));
	for (i = 0; i < g->ndev * g->ndev; i++)
		l.adj[i] = -1;
	for (i = 0; i < g->nlink; i++) {
		l.adj[g->link[i].a * g->ndev + g->link[i].b] = (int)i;
		l.adj[g->link[i].b * g->ndev + g->link[i].a] = (int)i;
	}
	n = xcalloc(g->ndev + 1, sizeof(*n));
	named = xcalloc(g->ndev + 1, sizeof(*named));
	if (prev != NULL && prev->ndev == g->ndev &&
	    (prev->counted[0] > 0 || prev->counted[1] > 0)) {
		for (i = 0; i < g->ndev; i++) {
			n[i] = prev->dev[i].n;
			named[i] = prev->dev[i].named;
		}
		m->counted[0] = prev->counted[0];
		m->counted[1] = prev->counted[1];
	}
	if (vg_ar_device_counts(ar, g, n, named, &m->counted[0],
	    &m->counted[1], err) == -1)
		goto fail;
	for (i = 0; i < g->ndev; i++) {
		m->dev[i].n = n[i];
		m->dev[i].named = named[i];
	}
	if (vg_ar_sample(ar, g, VG_MODEL_SPANS, SAMPLE, sample_one, &l, err) == -1)
		goto fail;
	for (i = 0; i < l.nsample; i++)
		if (l.sample[i].emb != NULL) {
			m->embdim = l.sample[i].embdim;
			break;
		}
	l.sum = xcalloc(2 * m->embdim + 1, sizeof(*l.sum));
	if (vg_ar_named(ar, g, VG_MODEL_SPANS, NAMED_MAX, named_one, &l, err) == -1)
		goto fail;
	group_flush(&l);
	learn_names(&l);
	learn_diff(&l);
	if (m->embdim > 0 && l.nsame < 50 && l.ndiff > 0 &&
	    learn_self(&l, err) == -1)
		goto fail;
	m->nsame = (int64_t)l.nsame;
	m->ndiff = (int64_t)l.ndiff;
	if (l.nsame > 0 && l.ndiff > 0) {
		histogram(l.same, l.nsame, m->same);
		histogram(l.diff, l.ndiff, m->diff);
		m->same_q[0] = quantile(l.same, l.nsame, 0.25);
		m->same_q[1] = quantile(l.same, l.nsame, 0.5);
		m->same_q[2] = quantile(l.same, l.nsame, 0.75);
		m->diff_q[0] = quantile(l.diff, l.ndiff, 0.25);
		m->diff_q[1] = quantile(l.diff, l.ndiff, 0.5);
		m->diff_q[2] = quantile(l.diff, l.ndiff, 0.75);
		monotone(m);
		learn_his(&l);	/* quantile() sorted both */
	} else
		m->embdim = 0;	/* nothing to compare them by */
	/* colour disagreement, with a weak prior at the defaults */
	m->ncolour_same = l.csame[0];
	m->colour_same = ((double)l.csame[1] + 2 * 0.2) /
	    ((double)l.csame[0] + 2);
	m->ncolour_diff = l.cdiff[0];
	m->colour_diff = ((double)l.cdiff[1] + 2 * 0.8) /
	    ((double)l.cdiff[0] + 2);
	if (m->colour_diff <= m->colour_same)
		m->colour_diff = m->colour_same;	/* colours tell nothing */
	/* each attribute likewise, from an even prior; no reading is
	   taken as surer than ATTR_FLOOR */
	for (i = 0; i < m->nattr; i++) {
		struct vg_model_attr *t = &m->attr[i];

		t->nsame = l.asame[i][0];
		t->same = ((double)l.asame[i][1] + 1) / ((double)t->nsame + 2);
		t->ndiff = l.adiff[i][0];
		t->diff = ((double)l.adiff[i][1] + 1) / ((double)t->ndiff + 2);
		if (t->same < ATTR_FLOOR)
			t->same = ATTR_FLOOR;
		if (t->diff > 1 - ATTR_FLOOR)
			t->diff = 1 - ATTR_FLOOR;
		/* it tells nothing, or nothing the counts can tell from
		   chance (two standard errors) */
		if (t->diff - t->same <= 2 * sqrt(t->same * (1 - t->same) /
		    ((double)t->nsame + 2) + t->diff * (1 - t->diff) /
		    ((double)t->ndiff + 2)))
			t->diff = t->same;
	}
	ends_make(&l);
	learn_passage(&l);
	learn_uturn(&l);
	learn_transit(&l);
	learn_dwell(&l);
	if (learn_miss(&l, err) == -1)
		goto fail;
	gettimeofday(&tv, NULL);
	m->learned = (int64_t)tv.tv_sec * US + tv.tv_usec;
	free(n);
	free(named);
	learn_free(&l);
	return 0;
fail:
	free(n);
	free(named);
	learn_free(&l);
	vg_model_free(m);
	return -1;
}

int
vg_model_learn(struct vg_archive *ar, const struct vg_graph *g,
    struct vg_model *m, struct vg_error *err)
{
	return learn(ar, g, NULL, m, err);
}

static json_t *
numbers(const double *v, size_t n)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_real(v[i]));
	return a;
}

static json_t *
real_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

/* Store the model, its devices named by code so the graph may change. */
int
vg_model_store(struct vg_archive *ar, const struct vg_model *m,
    const struct vg_graph *g, struct vg_error *err)
{
	json_t	*root, *links, *devs, *x;
	char	*body, site[17];
	size_t	 i;
	int	 rc;

	root = json_object();
	json_object_set_new(root, "version", json_integer(m->version));
	json_object_set_new(root, "learned", json_integer(m->learned));
	json_object_set_new(root, "embdim", json_integer((json_int_t)
	    m->embdim));
	json_object_set_new(root, "nsame", json_integer(m->nsame));
	json_object_set_new(root, "ndiff", json_integer(m->ndiff));
	json_object_set_new(root, "selftaught", json_integer(m->selftaught));
	json_object_set_new(root, "same", numbers(m->same, VG_MODEL_ABINS));
	json_object_set_new(root, "diff", numbers(m->diff, VG_MODEL_ABINS));
	json_object_set_new(root, "same_q", numbers(m->same_q, 3));
	json_object_set_new(root, "his", json_pack("{s:o, s:o}", "share",
	    real_or_null(m->sameright), "q", numbers(m->his_q, 3)));
	json_object_set_new(root, "diff_q", numbers(m->diff_q, 3));
	json_object_set_new(root, "ncolour_same", json_integer(
	    m->ncolour_same));
	json_object_set_new(root, "colour_same", json_real(m->colour_same));
	json_object_set_new(root, "ncolour_diff", json_integer(
	    m->ncolour_diff));
	json_object_set_new(root, "colour_diff", json_real(m->colour_diff));
	x = json_array();
	for (i = 0; i < m->nattr; i++) {
		json_array_append_new(x, json_pack("{s:s, s:I, s:f, s:I, s:f}",
		    "key", m->attr[i].key, "nsame", (json_int_t)m->attr[i].nsame,
		    "same", m->attr[i].same, "ndiff", (json_int_t)
		    m->attr[i].ndiff, "diff", m->attr[i].diff));
	}
	json_object_set_new(root, "attrs", x);
	json_object_set_new(root, "passage", json_real(m->passage));
	json_object_set_new(root, "npassage", json_integer(m->npassage));
	json_object_set_new(root, "passage_q", json_pack("[oo]",
	    real_or_null(m->passage_q[0]), real_or_null(m->passage_q[1])));
	json_object_set_new(root, "uturn", real_or_null(m->uturn));
	json_object_set_new(root, "nuturn", json_integer(m->nuturn));
	links = json_array();
	for (i = 0; i < m->nlink; i++) {
		const struct vg_model_link *ln = &m->link[i];
		json_t *o = json_object();

		json_object_set_new(o, "a", json_string(g->dev[ln->a].code));
		json_object_set_new(o, "b", json_string(g->dev[ln->b].code));
		json_object_set_new(o, "n", json_integer(ln->n));
		json_object_set_new(o, "median", real_or_null(ln->median));
		json_object_set_new(o, "p", numbers(ln->p, VG_MODEL_TBINS));
		json_array_append_new(links, o);
	}
	json_object_set_new(root, "links", links);
	devs = json_array();
	for (i = 0; i < m->ndev; i++) {
		const struct vg_model_dev *d = &m->dev[i];
		json_t *o = json_object();

		json_object_set_new(o, "code", json_string(g->dev[i].code));
		json_object_set_new(o, "n", json_integer(d->n));
		json_object_set_new(o, "named", json_integer(d->named));
		json_object_set_new(o, "checked", json_integer(d->checked));
		json_object_set_new(o, "missed", json_integer(d->missed));
		json_object_set_new(o, "dwell", real_or_null(d->dwell));
		json_object_set_new(o, "prior", json_real(d->prior));
		json_object_set_new(o, "looked", json_integer(d->looked));
		json_object_set_new(o, "alike", json_integer(d->alike));
		json_array_append_new(devs, o);
	}
	json_object_set_new(root, "devices", devs);
	json_object_set_new(root, "names", json_pack("{s:o, s:f, s:[II]}",
	    "cos", real_or_null(m->namecos), "chance", m->namechance, "sure",
	    (json_int_t)m->namesure[0], (json_int_t)m->namesure[1]));
	json_object_set_new(root, "counted", json_pack("{sIsI}", "sighting",
	    (json_int_t)m->counted[0], "gate_event",
	    (json_int_t)m->counted[1]));
	if (m->basis.known) {
		snprintf(site, sizeof(site), "%016llx", (unsigned long long)
		    m->basis.site);
		x = json_array();
		for (i = 0; i < VG_MODEL_SPANS; i++)
			json_array_append_new(x, json_string(
			    m->basis.span[i]));
		json_object_set_new(root, "basis", json_pack("{s:o, s:I, s:I,"
		    " s:s}", "spans", x, "rows", (json_int_t)m->basis.rows,
		    "total", (json_int_t)m->basis.total, "site", site));
	}
	body = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(9));
	json_decref(root);
	if (body == NULL) {
		vg_error_set(err, "cannot encode the site model");
		return -1;
	}
	rc = vg_ar_model_write(ar, m->learned, body, err);
	free(body);
	return rc;
}

static void
get_numbers(const json_t *a, double *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n && i < json_array_size(a); i++) {
		const json_t *x = json_array_get(a, i);

		v[i] = json_is_number(x) ? json_number_value(x) : NAN;
	}
}

/* The graph's devices and the model's links, sorted to be found by
 * binary search (a site has thousands of each). */
struct fdev {
	const char	*code;		/* a device's id */
	int		 i;		/* its index in the graph */
};
struct finder {
	struct fdev	*dev;		/* the devices, by code */
	size_t		 ndev;		/* how many */
	struct flink	*link;		/* the links, by their ends */
	size_t		 nlink;		/* how many */
};

static int
fdev_cmp(const void *a, const void *b)
{
	const struct fdev *x = a, *y = b;
	int	c = strcmp(x->code, y->code);

	return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

static void
finder_make(struct finder *f, const struct vg_graph *g,
    const struct vg_model *m)
{
	size_t	i;

	f->ndev = g->ndev;
	f->nlink = m->nlink;
	f->dev = xcalloc(g->ndev + 1, sizeof(*f->dev));
	f->link = xcalloc(m->nlink + 1, sizeof(*f->link));
	for (i = 0; i < g->ndev; i++)
		f->dev[i] = (struct fdev){ g->dev[i].code, (int)i };
	for (i = 0; i < m->nlink; i++)
		f->link[i] = (struct flink){ m->link[i].a, m->link[i].b,
		    (int)i };
	vg_qsort(f->dev, f->ndev, sizeof(*f->dev), fdev_cmp);
	vg_qsort(f->link, f->nlink, sizeof(*f->link), flink_cmp);
}

/* The first device of that code, or -1. */
static int
dev_index(const struct finder *f, const char *code)
{
	size_t	lo = 0, hi = f->ndev, mid;

	if (code == NULL)
		return -1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(f->dev[mid].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->ndev && strcmp(f->dev[lo].code, code) == 0 ?
	    f->dev[lo].i : -1;
}

/* The first of the model's links from a to b, or the count of links. */
static int
link_index(const struct finder *f, int a, int b)
{
	size_t	k = flink_first(f->link, f->nlink, a, b);

	return k < f->nlink ? f->link[k].i : (int)f->nlink;
}

/* The basis stored with a model; none (not known) when it has none. */
static void
basis_load(const json_t *x, struct vg_model_basis *b)
{
	const json_t	*spans = json_object_get(x, "spans");
	const char	*site = json_string_value(json_object_get(x, "site"));
	const char	*name;
	char		*end;
	size_t		 i;

	memset(b, 0, sizeof(*b));
	if (json_array_size(spans) != VG_MODEL_SPANS || site == NULL ||
	    strlen(site) != 16)
		return;
	for (i = 0; i < VG_MODEL_SPANS; i++) {
		if ((name = json_string_value(json_array_get(spans, i))) ==
		    NULL || strlen(name) >= sizeof(b->span[i]))
			return;
		strcpy(b->span[i], name);
	}
	b->site = strtoull(site, &end, 16);
	b->rows = json_integer_value(json_object_get(x, "rows"));
	b->total = json_integer_value(json_object_get(x, "total"));
	b->known = *end == '\0';
}

/*
 * The stored model, read by read (the whole, or without its links and
 * devices): 1 loaded, 0 none stored (m has the defaults).
 */
static int
model_load(struct vg_archive *ar, const struct vg_graph *g,
    struct vg_model *m, int (*read)(struct vg_archive *, char **,
    struct vg_error *), struct vg_error *err)
{
	json_t		*root, *x;
	const json_t	*nm;
	json_error_t	 je;
	struct finder	 f;
	char		*body;
	size_t		 i;
	int		 rc, a, b, k;

	vg_model_defaults(m, g);
	if ((rc = read(ar, &body, err)) <= 0) {
		if (rc == -1)
			vg_model_free(m);
		return rc;
	}
	root = json_loads(body, 0, &je);
	free(body);
	if (root == NULL || json_integer_value(json_object_get(root,
	    "version")) != VG_MODEL_VERSION) {
		json_decref(root);
		return 0;	/* another version's: learn again */
	}
	m->learned = json_integer_value(json_object_get(root, "learned"));
	m->embdim = (size_t)json_integer_value(json_object_get(root, "embdim"));
	m->nsame = json_integer_value(json_object_get(root, "nsame"));
	m->ndiff = json_integer_value(json_object_get(root, "ndiff"));
	m->selftaught = (int)json_integer_value(json_object_get(root,
	    "selftaught"));
	get_numbers(json_object_get(root, "same"), m->same, VG_MODEL_ABINS);
	get_numbers(json_object_get(root, "diff"), m->diff, VG_MODEL_ABINS);
	monotone(m);
	get_numbers(json_object_get(root, "same_q"), m->same_q, 3);
	/* a model stored before his pairs were taken apart from the
	   strangers' has none: unknown, and the next import learns it */
	x = json_object_get(root, "his");
	nm = json_object_get(x, "share");
	m->sameright = json_is_number(nm) ? json_number_value(nm) : NAN;
	get_numbers(json_object_get(x, "q"), m->his_q, 3);
	get_numbers(json_object_get(root, "diff_q"), m->diff_q, 3);
	m->ncolour_same = json_integer_value(json_object_get(root,
	    "ncolour_same"));
	m->colour_same = json_number_value(json_object_get(root,
	    "colour_same"));
	m->ncolour_diff = json_integer_value(json_object_get(root,
	    "ncolour_diff"));
	m->colour_diff = json_number_value(json_object_get(root,
	    "colour_diff"));
	x = json_object_get(root, "attrs");
	for (i = 0; i < json_array_size(x) && m->nattr < VG_MODEL_ATTRS;
	    i++) {
		json_t		*e = json_array_get(x, i);
		const char	*key = json_string_value(json_object_get(e,
				    "key"));
		struct vg_model_attr *t = &m->attr[m->nattr];

		if (key == NULL || strlen(key) >= sizeof(t->key))
			continue;
		strcpy(t->key, key);
		t->nsame = json_integer_value(json_object_get(e, "nsame"));
		t->same = json_number_value(json_object_get(e, "same"));
		t->ndiff = json_integer_value(json_object_get(e, "ndiff"));
		t->diff = json_number_value(json_object_get(e, "diff"));
		if (t->same > 0 && t->diff > 0 && t->same < 1 && t->diff < 1)
			m->nattr++;
	}
	m->passage = json_number_value(json_object_get(root, "passage"));
	m->npassage = json_integer_value(json_object_get(root, "npassage"));
	get_numbers(json_object_get(root, "passage_q"), m->passage_q, 2);
	x = json_object_get(root, "uturn");
	m->uturn = json_is_number(x) ? json_number_value(x) : NAN;
	m->nuturn = json_integer_value(json_object_get(root, "nuturn"));
	finder_make(&f, g, m);
	x = json_object_get(root, "links");
	for (i = 0; i < json_array_size(x); i++) {
		const json_t *o = json_array_get(x, i), *md;

		a = dev_index(&f, json_string_value(json_object_get(o, "a")));
		b = dev_index(&f, json_string_value(json_object_get(o, "b")));
		k = link_index(&f, a, b);
		if (a < 0 || b < 0 || k == (int)m->nlink)
			continue;
		m->link[k].n = json_integer_value(json_object_get(o, "n"));
		md = json_object_get(o, "median");
		m->link[k].median = json_is_number(md) ? json_number_value(md) :
		    NAN;
		get_numbers(json_object_get(o, "p"), m->link[k].p,
		    VG_MODEL_TBINS);
	}
	x = json_object_get(root, "counted");
	m->counted[0] = json_integer_value(json_object_get(x, "sighting"));
	m->counted[1] = json_integer_value(json_object_get(x, "gate_event"));
	basis_load(json_object_get(root, "basis"), &m->basis);
	x = json_object_get(root, "devices");
	for (i = 0, k = 0; i < json_array_size(x); i++) {
		const json_t *o = json_array_get(x, i), *dw, *pr;
		struct vg_model_dev *d;

		if ((a = dev_index(&f, json_string_value(json_object_get(o,
		    "code")))) < 0)
			continue;
		d = &m->dev[a];
		k++;
		d->n = json_integer_value(json_object_get(o, "n"));
		d->named = json_integer_value(json_object_get(o, "named"));
		d->checked = json_integer_value(json_object_get(o, "checked"));
		d->missed = json_integer_value(json_object_get(o, "missed"));
		dw = json_object_get(o, "dwell");
		d->dwell = json_is_number(dw) ? json_number_value(dw) : NAN;
		pr = json_object_get(o, "prior");
		d->prior = json_is_number(pr) ? json_number_value(pr) : 0.1;
		d->miss = miss_rate(d);
		d->names = d->n > 0 ? (double)d->named / (double)d->n : 0;
		d->looked = json_integer_value(json_object_get(o, "looked"));
		d->alike = json_integer_value(json_object_get(o, "alike"));
	}
	/* a model stored before the names' trust was learned has none:
	   the default, and the next import learns it */
	x = json_object_get(root, "names");
	m->basis.names = json_is_object(x);
	m->basis.his = json_is_object(json_object_get(root, "his"));
	nm = json_object_get(x, "cos");
	m->namecos = json_is_number(nm) ? json_number_value(nm) : NAN;
	m->namechance = json_number_value(json_object_get(x, "chance"));
	nm = json_object_get(x, "sure");
	m->namesure[0] = json_integer_value(json_array_get(nm, 0));
	m->namesure[1] = json_integer_value(json_array_get(nm, 1));
	name_trust(m);
	if ((size_t)k != g->ndev)	/* a device it did not count */
		m->counted[0] = m->counted[1] = 0;
	free(f.dev);
	free(f.link);
	json_decref(root);
	return 1;
}

/* The stored model: 1 loaded, 0 none stored (m has the defaults). */
int
vg_model_load(struct vg_archive *ar, const struct vg_graph *g,
    struct vg_model *m, struct vg_error *err)
{
	return model_load(ar, g, m, vg_ar_model_read, err);
}

/* The stored model, or, when none is, one learned now (not stored). */
int
vg_model_get(struct vg_archive *ar, const struct vg_graph *g,
    struct vg_model *m, struct vg_error *err)
{
	int	rc;

	if ((rc = vg_model_load(ar, g, m, err)) != 0)
		return rc == 1 ? 0 : -1;
	vg_model_free(m);	/* the defaults: learn instead */
	return vg_model_learn(ar, g, m, err);
}

/*
 * As vg_model_get, for search by look: what it weighs (appearance,
 * colours, attributes) as stored, without the links and devices, which
 * are most of a large site's model to parse and which it does not weigh
 * (they keep their defaults).
 */
int
vg_model_get_look(struct vg_archive *ar, const struct vg_graph *g,
    struct vg_model *m, struct vg_error *err)
{
	int	rc;

	if ((rc = model_load(ar, g, m, vg_ar_model_read_look, err)) != 0)
		return rc == 1 ? 0 : -1;
	vg_model_free(m);	/* the defaults: learn instead */
	return vg_model_learn(ar, g, m, err);
}

/*
 * Learn the model again and store it, when the stored one is out of date
 * by when (vg_model_when): vigil-import calls this once after its files
 * are in.  Nothing to do before a site is imported.  The devices' counts
 * go on from the stored model's.  1 learned, 0 kept, -1 error.
 */
int
vg_model_update(struct vg_archive *ar, enum vg_model_when when,
    struct vg_error *err)
{
	struct vg_graph		 g;
	struct vg_model		 m, prev;
	struct vg_model_basis	 now;
	int			 rc, had;

	if (!vg_ar_has_site(ar))
		return 0;
	if (vg_ar_graph(ar, &g, err) == -1)
		return -1;
	if ((rc = had = vg_model_load(ar, &g, &prev, err)) != -1) {
		if (had == 1 && (rc = vg_model_basis(ar, &g, &now, err)) ==
		    0 && !basis_stale(&prev.basis, &now, when))
			rc = 0;
		else if (rc != -1 && (rc = learn(ar, &g, had == 1 ? &prev :
		    NULL, &m, err)) == 0) {
			if ((rc = vg_model_store(ar, &m, &g, err)) == 0)
				rc = 1;
			vg_model_free(&m);
		}
		vg_model_free(&prev);
	}
	vg_graph_free(&g);
	return rc;
}
