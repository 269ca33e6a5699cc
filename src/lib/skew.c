/* skew.c: each device's clock offset, estimated from transits across links */
#include "config.h"

#include "vigil.h"
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * The evidence: pairs of observations of one person at the two ends of a
 * link, either the same person named on both sides (a gate read, a face
 * match), or two sightings alike in embedding and both clothing colours,
 * with no rival on either side.  Gates see no clothes, so a gate event
 * borrows the look its person has in the face matches of the sample.  A
 * device's time is a gate event's time or the middle of a sighting.
 *
 * Links walked both ways.  Someone seen at X then at Y gives the raw
 * difference d = tY - tX = tau + sY - sX, someone seen at Y then at X
 * gives d = -tau + sY - sX (tau the true transit, s the offsets).  While
 * the clocks are wrong the order of passage is not known, so the sorted
 * differences are split where two medians fit them best, and the two ways
 * meet at sY - sX, where tau cancels: first where their inner quantiles
 * meet (inner()), then, once the clocks are placed, where the site's own
 * shape of transits, learned from all its links at once, puts them
 * (learn_shape(), shape_fit()).  Those who walk one way
 * need not walk like those who walk the other, so such an equation carries
 * a doubt besides its spread: assumed at first (a share of the spread of
 * the link's transits, at least a second), then learned from the
 * equations between clocks that are right (relearn()).
 *
 * Triples.  Many ways are walked one way only (the way to work and the way
 * home differ), and there tau does not cancel; but someone seen at a, b
 * and c in turn keeps their pace, so tb - ta is the same share of tc - ta
 * for everyone, whatever their speed: see fit_triples().
 *
 * Places.  A camera that watches a place sees most people go in and come
 * out, minutes apart: the two are one candidate across a link, timed from
 * the way in or the way out as the other end saw him before or after (see
 * in_and_out(), link_pairs()), and someone paired in from a and out to c
 * gives a triple across his stay (stays()).
 *
 * The equations are solved by weighted least squares with each gate held
 * at its recorded offset (none, normally: gate controllers keep NTP time),
 * with Huber weights against the odd bad equation, and the uncertainties
 * scaled by the median disagreement of the equations (solve(), lsq()).
 * A device that no chain of equations ties to a gate has no estimate.
 *
 * Estimates are on raw times: the observations are read through a copy of
 * the graph whose offsets are zeroed, so that corrections recorded before
 * do not change the estimate and running it again gives the same answer.
 *
 * Sampling.  The archive's span is cut into ten-minute slots, and a few
 * observations at the start of each slot of each device gauge its traffic.
 * Slots are ranked: the busiest of each quarter of a day (by the share of
 * each device's traffic it holds, summed over the devices), then the
 * second busiest of each, and so on, so that the first slots hold the
 * morning and the evening, when shift changes send people both ways.  A
 * device reads whole slots: the first in that order until it has about
 * SAMPLE observations, and with each neighbour the first slots in which
 * both saw someone, up to SHARED and until the quieter holds about
 * LINKSAMPLE in them, so that neighbours hold the same slots.  A quiet
 * archive is read entirely.
 */

#define US		INT64_C(1000000) /* microseconds a second */
#define SLOT		(600 * US)	/* sampling slot */
#define PROBE		8		/* observations gauging a slot */
#define BLOCK		36		/* slots in a quarter of a day */
#define SHARED		3		/* slots read with each neighbour */
#define SAMPLE		2000		/* observations a device, about */
#define LINKSAMPLE	(SAMPLE / 4)	/* observations a link, about, in SHARED */
#define REACH		(240 * US)	/* largest offset difference */
#define NAMELOGLR	5.0		/* log LR of one name on both sides */
#define ALR		80		/* cosine bins of the log LR read */
#define FEW		64		/* candidates all compared, colours or not */
#define PMIN		0.9		/* least posterior of a pair kept */
#define DETOURSLACK	(10 * US)	/* a detour's hops, beyond their bounds */
#define CBIN		(20 * US)	/* coarse lag bin */
#define CRANGE		(14 * 3600 * US) /* largest coarse offset */
#define CMAX		300		/* observations a device, coarse */
#define CWIDE		90		/* bins of the background of a bin */
#define CPAIRS		5		/* least pairs above background, a peak */
#define CPRIOR		10		/* pairs the whole's rate is worth */
#define CZMIN		8.0		/* least z of a coarse offset */
#define CZGAP		3.0		/* its lead over the best near 0 */
#define CZREL		1.5		/* least z of a far one, pair by pair */
#define CZPASS		0.5		/* of a far z, a passage near 0 */
#define AROUND		((int)(CWIDE * CBIN / SLOT)) /* slots, a background */
#define HALFHOUR	(1800 * US)	/* zones and summer time move clocks */
#define MINPAIRS	5		/* pairs each way for an equation */
#define SHAPEBINS	1200		/* the transits' shape: bins */
#define SHAPEMAX	3.0		/* to this many times the median */
#define MINSHAPE	400		/* pairs to learn the shape from */
#define SHAPEREACH	(15 * US)	/* the shape moves a fit this far */
#define SHAPESCALES	7		/* scales of a link's transits tried */
#define SHAPELO		0.85		/* the least, of its median */
#define SHAPESTEP	0.05		/* and the step */
#define SHAPEFINE	21		/* tenths of a second around the best */
#define MINTRIPLES	6		/* people for a triple's equation */
#define STAY		(30 * 60 * US)	/* longest stay at a place watched */
#define FMIN		0.05		/* least share of a triple's way */
#define SPLIT		3.0		/* least tau, in group MADs */
#define MINTAU		(2 * US)	/* least tau told from noise */
#define PAIRDOUBT	(1.0 * US)	/* the two ways' walkers differ */
#define WAYDOUBT	0.5		/* of the spread of a way's transits */
#define MINFIXED	2		/* people for a triple of known shares */
#define FIXEDDOUBT	(1.0 * US)	/* least doubt of known shares */
#define MINBIAS		10		/* checks of the shares to trust them */
#define NOBIAS		(10.0 * US)	/* their doubt unchecked */
#define TRIPLEDOUBT	(0.5 * US)	/* no one keeps pace exactly */
#define MINDOUBT	10		/* equations to learn a doubt from */
#define CHI2MED		0.455		/* median square of a normal deviate */
#define RIGHTLY		0.9		/* a clock taken as right for it */
#define MINGATELINKS	2		/* gate links to learn the passage */
#define BLIND		20		/* a blind camera's share of a neighbour's */
#define MADMIN		(US / 2)	/* least spread assumed */
#define HUBER		3.0		/* residual, in sigmas, kept whole */
#define OUTLIER		10.0		/* most a residual counts, in sigmas */
#define HELDROUNDS	10		/* rounds of held_cost()'s weights */
#define LOOSE		(60 * US)	/* most uncertainty reported */
#define SURE		VG_SKEW_SURE	/* most uncertainty applied */
#define RIGHT		(1 * US)	/* a right clock is within this */
#define PRIGHT		0.9		/* share of right clocks, prior */
#define PSEEN		10		/* devices the prior share is worth */
#define PMINRIGHT	0.5		/* least share of right clocks */
#define ROUNDS		30		/* rounds of the solution, at most */
#define WRONG		0.01		/* most chance a clock applied is right */
#define TIES		2		/* ties that check a group's offset */
#define FEWROUNDS	4		/* rounds of fewest_wrong(), at most */
#define MAXGROUP	12		/* largest group it tries */
#define FEWGAIN		1.0		/* least gain in cost it takes */
#define RECENTRE	3		/* rounds of pairs sought again, at most */
#define RECENTRED	(1 * US)	/* least move of a centre that does */
#define CLOSE		(30 * US)	/* least reach about a centre */
#define RECLOSE		4.0		/* reach about it, in sigmas */
#define PACES		2.0		/* slowest transit, in the site's paces */
#define FAR		(INT64_C(1) << 60) /* after any time */
#define STALE		(INT64_C(1) << 50) /* a window to seek again */
#define NOEMB		UINT32_MAX	/* no embedding */
#define NCOLOUR		16		/* colour codes counted */

struct sobs {
	int64_t		 t;		/* raw time of passage, less coarse */
	int64_t		 dwell;		/* last - first, 0 for a gate */
	int32_t		 person;	/* person, by number, or -1 */
	uint32_t	 e;		/* embedding row, or NOEMB */
	uint8_t		 upper;		/* colour code, 0 unknown */
	uint8_t		 lower;		/* colour code, 0 unknown */
};

struct key {
	uint32_t	 key;		/* person, or colour pair */
	uint32_t	 i;		/* observation, by index (so by time) */
};

struct sdev {
	struct sobs	*o;		/* the sample, by time */
	size_t		 n;		/* how many */
	size_t		 cap;		/* room */
	int8_t		*emb;		/* quantised embeddings, dim each */
	float		*norm;		/* their lengths */
	size_t		 nemb;		/* rows used */
	size_t		 embcap;	/* rows allocated */
	struct key	*byper;		/* named observations by person, time */
	size_t		 nper;		/* how many */
	struct key	*bycol;		/* sightings with a look, by colours */
	size_t		 ncol;		/* how many */
	size_t		*slot;		/* slots it has observations in */
	double		*rate;		/* observations gauged in each */
	size_t		 nslot;		/* how many */
	uint32_t	*later;		/* at a place watched, the same
					   person's next sighting, or NOEMB;
					   NULL elsewhere (see stays()) */
	uint32_t	*earlier;	/* the one it is the next of, or NOEMB */
};

struct names {
	char		**s;		/* names by hash slot, NULL if empty */
	int32_t		*id;		/* their numbers */
	size_t		 cap;		/* slots, a power of two */
	size_t		 n;		/* names held */
};

enum { EQ_WAYS, EQ_TRIPLE, EQ_FIXED };	/* kinds of equation */

struct eqn {
	int		 v[3];		/* devices: sum of c[i] s[v[i]] = k */
	double		 c[3];		/* their coefficients */
	int		 nv;		/* 2 for a pair of ways, 3 a triple */
	double		 k;		/* the right-hand side, us */
	double		 sigma;		/* its standard error, us */
	double		 known;		/* its variance but for the doubt */
	double		 scale;		/* what the doubt is a share of, us */
	int		 kind;		/* EQ_WAYS, EQ_TRIPLE or EQ_FIXED */
	double		 w;		/* weight in the solve */
	int64_t		 pairs;		/* pairs or triples behind it */
	double		 tau;		/* the link's median transit, us (ways) */
};

struct est {
	struct vg_archive *ar;		/* the archive */
	struct vg_graph	 raw;		/* the graph with offsets zeroed */
	struct sdev	*dev;		/* samples, by device */
	struct names	 names;		/* people named */
	size_t		 dim;		/* embedding length, 0 until seen */
	struct sdev	*cur;		/* device being read */
	size_t		*nslots;	/* gauge: 1 + the last slot seen */
	struct eqn	*eq;		/* equations */
	size_t		 neq;		/* how many */
	size_t		 eqcap;		/* room */
	struct vg_model	 m;		/* the site model */
	double		 alr[ALR];	/* its log LR of a cosine, by bin */
	double		 csame;		/* its log LR of one colour read alike */
	double		 cdiff;		/* of one read differently */
	double		 odds[ALR * 9];	/* exp(bin_loglr()), by look_bin() */
	double		 nameodds;	/* exp(NAMELOGLR) */
	double		*coarse;	/* coarse offsets, us, by device */
	double		*cz;		/* the z of each coarse offset */
	double		 sp;		/* how far the passage share may be off */
	double		*mdw;		/* mean dwell, us, by device, or NULL */
	double		*centre;	/* fine offsets pairs are sought at, us */
	double		*cvar;		/* their variances, INFINITY unknown */
	double		*cnear;		/* a coarse peak near 0, us, a device */
	double		*cnvar;		/* its variance, INFINITY none */
	double		 pace;		/* median transit over link minimum */
	struct lpairs	*lp;		/* each link's pairs, kept */
	size_t		 nlp;		/* how many links */
	int64_t		*lwin;		/* shift and reach each was sought at */
	struct eqn	*lfit;		/* each link's fit_pairs(), kept */
	int		*lfitrc;	/* and what it returned */
	unsigned char	*lfitcut;	/* its pairs were less detours */
	double		*shape;		/* log density of a transit over its
					   link's median, SHAPEBINS to SHAPEMAX */
	int		 shaped;	/* the shape is new: fit links again */
	int64_t		 t0;		/* where slot 0 starts */
	float		*lsum;		/* each person's unit looks, summed */
	uint16_t	*lup, *llo;	/* their colours counted, NCOLOUR each */
	int		*ln;		/* looks summed, by person */
	size_t		 lnp;		/* people they were summed for */
	struct vg_error	*err;		/* a read's error, after sample() */
	int		 failed;	/* a read failed: err is set */
	vg_progress_fn	 progress;	/* told how far it is, or NULL */
	void		*parg;		/* its argument */
};

/* Tell the caller how far a stage is. */
static void
told(struct est *e, const char *what, size_t done, size_t total)
{
	if (e->progress != NULL)
		e->progress(e->parg, what, (int64_t)done, (int64_t)total);
}

static uint64_t
fnv(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The number of a person's name, given on first sight. */
static int32_t
name_id(struct names *nm, const char *s)
{
	size_t	i, k, cap;

	if (2 * (nm->n + 1) > nm->cap) {
		struct names	 nw;

		cap = nm->cap ? 2 * nm->cap : 1024;
		nw.s = xcalloc(cap, sizeof(*nw.s));
		nw.id = xcalloc(cap, sizeof(*nw.id));
		nw.cap = cap;
		nw.n = nm->n;
		for (k = 0; k < nm->cap; k++) {
			if (nm->s[k] == NULL)
				continue;
			for (i = fnv(nm->s[k]) & (cap - 1); nw.s[i] != NULL;
			    i = (i + 1) & (cap - 1))
				;
			nw.s[i] = nm->s[k];
			nw.id[i] = nm->id[k];
		}
		free(nm->s);
		free(nm->id);
		*nm = nw;
	}
	for (i = fnv(s) & (nm->cap - 1); nm->s[i] != NULL;
	    i = (i + 1) & (nm->cap - 1))
		if (strcmp(nm->s[i], s) == 0)
			return nm->id[i];
	nm->s[i] = xstrdup(s);
	nm->id[i] = (int32_t)nm->n++;
	return nm->id[i];
}

static void
names_free(struct names *nm)
{
	size_t	i;

	for (i = 0; i < nm->cap; i++)
		free(nm->s[i]);
	free(nm->s);
	free(nm->id);
}

static int
first_row(const struct vg_obs *o, void *arg)
{
	*(int64_t *)arg = o->first;
	return 1;
}

/* Keep the unit vector of v[0..dim) in d's embeddings; its row, or NOEMB. */
static uint32_t
emb_add(struct est *e, struct sdev *d, const float *v)
{
	double	n2 = 0;
	size_t	i;
	int32_t	q2 = 0;

	for (i = 0; i < e->dim; i++)
		n2 += (double)v[i] * v[i];
	if (n2 == 0)
		return NOEMB;
	if (d->nemb == d->embcap) {
		/* first as many as the observations have room for */
		d->embcap = d->embcap ? 2 * d->embcap : d->cap > 256 ?
		    d->cap : 256;
		d->emb = xreallocarray(d->emb, d->embcap, e->dim);
		d->norm = xreallocarray(d->norm, d->embcap, sizeof(*d->norm));
	}
	n2 = sqrt(n2);
	for (i = 0; i < e->dim; i++) {
		long	q = lrint(127 * v[i] / n2);

		d->emb[d->nemb * e->dim + i] = (int8_t)q;
		q2 += (int32_t)(q * q);
	}
	d->norm[d->nemb] = sqrtf((float)q2);
	return (uint32_t)d->nemb++;
}

/* Keep an observation that names someone or shows how they look. */
static int
sample_row(const struct vg_obs *o, void *arg)
{
	struct est	*e = arg;
	struct sdev	*d = e->cur;
	struct sobs	*s;
	int		 named, look;

	named = o->person != NULL && *o->person != '\0';
	look = o->emb != NULL && o->embdim > 0 &&
	    (e->dim == 0 || o->embdim == e->dim);
	if (!named && !look)
		return 0;
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 256;
		d->o = xreallocarray(d->o, d->cap, sizeof(*d->o));
	}
	s = &d->o[d->n++];
	s->dwell = o->type == VG_ROW_GATE ? 0 : o->last - o->first;
	/*
	 * The model's passage is taken as it is, with no uncertainty of its
	 * own; learnt from one or two links it can be the far end of the
	 * passage (a world stamped in the middle gave 1.0 from one link, and
	 * cameras then came out 5 to 16 s off).
	 */
	s->t = vg_model_at(&e->m, o);
	s->person = named ? name_id(&e->names, o->person) : -1;
	s->upper = (uint8_t)o->upper;
	s->lower = (uint8_t)o->lower;
	s->e = NOEMB;
	if (look) {
		e->dim = o->embdim;
		s->e = emb_add(e, d, o->emb);
	}
	return 0;
}

/* The colour most votes name, if a majority of n do. */
static uint8_t
mode(const uint16_t *votes, int n)
{
	int	c, best = 0;

	for (c = 1; c < NCOLOUR; c++)
		if (votes[c] > votes[best])
			best = c;
	return 2 * votes[best] > n ? (uint8_t)best : 0;
}

/* Lend the gate events of d the looks of the people they name. */
static void
lend_dev(struct est *e, struct sdev *d)
{
	size_t	j;

	for (j = 0; j < d->n; j++) {
		struct sobs	*s = &d->o[j];
		size_t		 p = (size_t)s->person;

		if (s->person < 0 || s->e != NOEMB || p >= e->lnp ||
		    e->ln[p] == 0)
			continue;
		s->e = emb_add(e, d, e->lsum + p * e->dim);
		s->upper = mode(e->lup + p * NCOLOUR, e->ln[p]);
		s->lower = mode(e->llo + p * NCOLOUR, e->ln[p]);
	}
}

/*
 * Gates see no clothes: lend each gate event the look of the person it
 * names, their mean embedding and most frequent colours over the face
 * matches of the sample, so that gates pair with cameras that match no
 * faces.  The looks are kept for gate events read later.
 */
static void
lend_looks(struct est *e)
{
	const struct vg_graph	*g = &e->raw;
	size_t			 np = e->names.n, i, j, k;
	float			*sum;
	uint16_t		*up, *lo;
	int			*n;

	if (e->dim == 0 || np == 0)
		return;
	sum = e->lsum = xcalloc(np * e->dim, sizeof(*sum));
	up = e->lup = xcalloc(np * NCOLOUR, sizeof(*up));
	lo = e->llo = xcalloc(np * NCOLOUR, sizeof(*lo));
	n = e->ln = xcalloc(np, sizeof(*n));
	e->lnp = np;
	for (i = 0; i < g->ndev; i++) {
		const struct sdev	*d = &e->dev[i];

		for (j = 0; j < d->n; j++) {
			const struct sobs	*s = &d->o[j];
			size_t			 p = (size_t)s->person;

			if (s->person < 0 || s->e == NOEMB ||
			    n[p] == UINT16_MAX)
				continue;
			for (k = 0; k < e->dim; k++)
				sum[p * e->dim + k] += d->emb[s->e * e->dim +
				    k] / d->norm[s->e];
			if (s->upper < NCOLOUR)
				up[p * NCOLOUR + s->upper]++;
			if (s->lower < NCOLOUR)
				lo[p * NCOLOUR + s->lower]++;
			n[p]++;
		}
	}
	for (i = 0; i < g->ndev; i++)
		if (g->dev[i].type == VG_GATE)
			lend_dev(e, &e->dev[i]);
}

/* A slot of the device gauged: its rate, n observations (up to PROBE) the
 * last at tk. */
static int
gauge_slot(int64_t k, int n, int64_t tk, void *arg)
{
	struct est	*e = arg;
	struct sdev	*d = e->cur;

	d->slot = xreallocarray(d->slot, d->nslot + 1, sizeof(*d->slot));
	d->rate = xreallocarray(d->rate, d->nslot + 1, sizeof(*d->rate));
	d->slot[d->nslot] = (size_t)k;
	/* a full probe: extrapolate its pace to the slot */
	d->rate[d->nslot] = n < PROBE ? n : (double)PROBE * SLOT /
	    (double)(tk + US - (e->t0 + k * SLOT));
	d->nslot++;
	if ((size_t)k + 1 > *e->nslots)
		*e->nslots = (size_t)k + 1;
	return 0;
}

/*
 * Find each device's first observation and, slot by slot from there, gauge
 * its traffic, jumping over empty stretches.  *t0 is the first time of all,
 * or FAR when there is none.
 */
static int
gauge(struct est *e, int64_t *t0, size_t *nslots, struct vg_error *err)
{
	const struct vg_graph	*g = &e->raw;
	int64_t			*first;
	size_t			 i;

	first = xcalloc(g->ndev, sizeof(*first));
	*t0 = FAR;
	for (i = 0; i < g->ndev; i++) {
		first[i] = FAR;
		if (vg_ar_window(e->ar, g, (int)i, -FAR, FAR, first_row,
		    &first[i], err) == -1) {
			free(first);
			return -1;
		}
		if (first[i] < *t0)
			*t0 = first[i];
	}
	*nslots = 0;
	e->t0 = *t0;
	for (i = 0; i < g->ndev; i++) {
		told(e, "gauging devices", i, g->ndev);
		e->cur = &e->dev[i];
		e->nslots = nslots;
		if (first[i] != FAR && vg_ar_slots(e->ar, g, (int)i, *t0,
		    first[i], SLOT, PROBE, gauge_slot, e, err) == -1) {
			free(first);
			return -1;
		}
	}
	free(first);
	return 0;
}

struct rank {
	double		 score;		/* share of traffic, summed */
	size_t		 k;		/* slot */
	size_t		 round;		/* its rank within its block */
};

/* By block, busiest first. */
static int
block_cmp(const void *a, const void *b)
{
	const struct rank	*x = a, *y = b;

	if (x->k / BLOCK != y->k / BLOCK)
		return x->k / BLOCK < y->k / BLOCK ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

/* The best slot of every block, busiest first, then the second best... */
static int
rank_cmp(const void *a, const void *b)
{
	const struct rank	*x = a, *y = b;

	if (x->round != y->round)
		return x->round < y->round ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

static int
obs_cmp(const void *a, const void *b)
{
	const struct sobs	*x = a, *y = b;

	return x->t < y->t ? -1 : x->t > y->t;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct key	*x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int
size_cmp(const void *a, const void *b)
{
	size_t	x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

struct pick {
	size_t		 rank;		/* place of a slot in the order */
	size_t		 i, j;		/* its index in each device's list */
};

static int
pick_cmp(const void *a, const void *b)
{
	const struct pick	*x = a, *y = b;

	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* The place of slot k in the sorted list used[0..n). */
static size_t
slot_index(const size_t *used, size_t n, size_t k)
{
	const size_t	*p;

	p = bsearch(&k, used, n, sizeof(*used), size_cmp);
	return (size_t)(p - used);
}

/* Sort d's sample by time and index it by person and by colours. */
static void
index_dev(struct sdev *d)
{
	size_t	j;

	vg_qsort(d->o, d->n, sizeof(*d->o), obs_cmp);
	d->byper = xcalloc(d->n + 1, sizeof(*d->byper));
	d->bycol = xcalloc(d->n + 1, sizeof(*d->bycol));
	for (j = 0; j < d->n; j++) {
		const struct sobs	*s = &d->o[j];

		if (s->person >= 0) {
			d->byper[d->nper].key = (uint32_t)s->person;
			d->byper[d->nper++].i = (uint32_t)j;
		}
		if (s->e != NOEMB && s->upper != 0 && s->lower != 0) {
			d->bycol[d->ncol].key = (uint32_t)s->upper << 8 |
			    s->lower;
			d->bycol[d->ncol++].i = (uint32_t)j;
		}
	}
	vg_qsort(d->byper, d->nper, sizeof(*d->byper), key_cmp);
	vg_qsort(d->bycol, d->ncol, sizeof(*d->bycol), key_cmp);
}

/*
 * Read every device's sample and index it.  A device reads the busiest
 * slots, in the one order, until it has about SAMPLE observations, and
 * with each neighbour the first SHARED slots in which both saw someone.
 * Slots are numbered from t0; only those in which someone was seen are
 * ranked, by their place in used[].
 */
static int
sample(struct est *e, struct vg_error *err)
{
	const struct vg_graph	*g = &e->raw;
	struct rank		*r;
	struct pick		*order;
	size_t			*used, *pos, nused = 0, nslots;
	size_t			 i, j, k, n, found;
	unsigned char		**want;
	int64_t			 t0, *wlo = NULL, *whi = NULL;
	size_t			 nw;
	double			 total;
	int			 rc = -1;

	if (gauge(e, &t0, &nslots, err) == -1)
		return -1;
	e->t0 = t0;
	for (i = 0; i < g->ndev; i++)
		nused += e->dev[i].nslot;
	used = xcalloc(nused + 1, sizeof(*used));
	for (nused = 0, i = 0; i < g->ndev; i++)
		for (j = 0; j < e->dev[i].nslot; j++)
			used[nused++] = e->dev[i].slot[j];
	vg_qsort(used, nused, sizeof(*used), size_cmp);
	for (n = 0, k = 0; k < nused; k++)
		if (n == 0 || used[k] != used[n - 1])
			used[n++] = used[k];
	nused = n;

	/* rank the slots */
	r = xcalloc(nused + 1, sizeof(*r));
	for (k = 0; k < nused; k++)
		r[k].k = used[k];
	for (i = 0; i < g->ndev; i++) {
		struct sdev	*d = &e->dev[i];

		for (total = 0, j = 0; j < d->nslot; j++)
			total += d->rate[j];
		for (j = 0; j < d->nslot; j++)
			r[slot_index(used, nused, d->slot[j])].score +=
			    d->rate[j] / total;
	}
	vg_qsort(r, nused, sizeof(*r), block_cmp);
	for (k = 0; k < nused; k++)
		r[k].round = k > 0 && r[k].k / BLOCK == r[k - 1].k / BLOCK ?
		    r[k - 1].round + 1 : 0;
	vg_qsort(r, nused, sizeof(*r), rank_cmp);
	pos = xcalloc(nused + 1, sizeof(*pos));
	for (k = 0; k < nused; k++)
		pos[slot_index(used, nused, r[k].k)] = k;

	/* each device's slots by rank: the first until SAMPLE */
	want = xcalloc(g->ndev + 1, sizeof(*want));
	order = xcalloc(nused + 1, sizeof(*order));
	for (i = 0; i < g->ndev; i++) {
		struct sdev	*d = &e->dev[i];

		want[i] = xcalloc(d->nslot + 1, 1);
		for (j = 0; j < d->nslot; j++) {
			order[j].rank = pos[slot_index(used, nused,
			    d->slot[j])];
			order[j].i = j;
		}
		vg_qsort(order, d->nslot, sizeof(*order), pick_cmp);
		for (total = 0, j = 0; j < d->nslot && total < SAMPLE; j++) {
			want[i][order[j].i] = 1;
			total += d->rate[order[j].i];
		}
	}
	/* with each neighbour, the first SHARED slots both have */
	for (n = 0; n < g->nlink; n++) {
		const struct sdev	*a = &e->dev[g->link[n].a];
		const struct sdev	*b = &e->dev[g->link[n].b];
		size_t			 m = 0;

		for (i = 0, j = 0; i < a->nslot && j < b->nslot; ) {
			if (a->slot[i] < b->slot[j])
				i++;
			else if (a->slot[i] > b->slot[j])
				j++;
			else {
				order[m].rank = pos[slot_index(used, nused,
				    a->slot[i])];
				order[m].i = i++;
				order[m++].j = j++;
			}
		}
		vg_qsort(order, m, sizeof(*order), pick_cmp);
		for (total = 0, found = 0; found < m && found < SHARED &&
		    total < LINKSAMPLE; found++) {
			want[g->link[n].a][order[found].i] = 1;
			want[g->link[n].b][order[found].j] = 1;
			total += fmin(a->rate[order[found].i],
			    b->rate[order[found].j]);
		}
	}
	for (i = 0; i < g->ndev; i++) {
		struct sdev	*d = &e->dev[i];

		told(e, "reading devices", i, g->ndev);
		e->cur = d;
		/* room for what the gauge says the slots hold */
		for (total = 0, j = 0; j < d->nslot; j++)
			total += want[i][j] ? d->rate[j] : 0;
		d->cap = (size_t)(total * 1.1) + 16;
		d->o = xreallocarray(d->o, d->cap, sizeof(*d->o));
		for (nw = 0, j = 0; j < d->nslot; j++) {
			if (!want[i][j])
				continue;
			wlo = xreallocarray(wlo, nw + 1, sizeof(*wlo));
			whi = xreallocarray(whi, nw + 1, sizeof(*whi));
			wlo[nw] = t0 + (int64_t)d->slot[j] * SLOT;
			whi[nw] = wlo[nw] + SLOT - 1;
			nw++;
		}
		if (vg_ar_windows(e->ar, g, (int)i, wlo, whi, nw, sample_row,
		    e, err) == -1)
			goto out;
	}
	rc = 0;
out:
	for (i = 0; i < g->ndev; i++)
		free(want[i]);
	free(want);
	free(wlo);
	free(whi);
	free(order);
	free(pos);
	free(r);
	free(used);
	if (rc == -1)
		return -1;
	lend_looks(e);
	for (i = 0; i < g->ndev; i++)
		index_dev(&e->dev[i]);
	return 0;
}

/* The first entry of k[0..n) at or after (key, t). */
static size_t
lower(const struct key *k, size_t n, const struct sobs *o, uint32_t key,
    int64_t t)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (k[mid].key < key ||
		    (k[mid].key == key && o[k[mid].i].t < t))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first observation of y at or after t. */
static size_t
at_or_after(const struct sdev *y, int64_t t)
{
	size_t	lo = 0, hi = y->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (y->o[mid].t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The candidates at y for x's observation a, seen within [lo, hi]: every
 * one when they are few (colours are misread), otherwise those named
 * alike and those in the same two colours.  *v gets their indices, for
 * the caller to free; returns how many.
 */
static size_t
candidates(const struct sdev *y, const struct sobs *a, int64_t lo,
    int64_t hi, uint32_t **v, size_t *cap)
{
	size_t	 n = 0, i, j, nk, m, first, last;

	first = at_or_after(y, lo);
	last = hi == FAR ? y->n : at_or_after(y, hi + 1);
	if (last - first <= FEW) {
		if (*cap < last - first + 1) {
			*cap = last - first + 1;
			*v = xreallocarray(*v, *cap, sizeof(**v));
		}
		for (i = first; i < last; i++)
			(*v)[n++] = (uint32_t)i;
		return n;
	}
	for (j = 0; j < 2; j++) {
		const struct key	*k;
		uint32_t		 key;

		if (j == 0) {
			if (a->person < 0)
				continue;
			key = (uint32_t)a->person;
			k = y->byper;
			nk = y->nper;
		} else {
			if (a->e == NOEMB || a->upper == 0 || a->lower == 0)
				continue;
			key = (uint32_t)a->upper << 8 | a->lower;
			k = y->bycol;
			nk = y->ncol;
		}
		for (m = lower(k, nk, y->o, key, lo); m < nk &&
		    k[m].key == key && y->o[k[m].i].t <= hi; m++) {
			/* two names decide; the same name was met */
			if (j == 1 && a->person >= 0 &&
			    y->o[k[m].i].person >= 0)
				continue;
			if (n == *cap) {
				*cap = *cap ? 2 * *cap : 64;
				*v = xreallocarray(*v, *cap, sizeof(**v));
			}
			(*v)[n++] = k[m].i;
		}
	}
	return n;
}

/* The cosine of the embeddings of x's a and y's b. */
static double
cosine(const struct est *e, const struct sdev *x, uint32_t a,
    const struct sdev *y, uint32_t b)
{
	const int8_t	*p = x->emb + (size_t)a * e->dim;
	const int8_t	*q = y->emb + (size_t)b * e->dim;
	int32_t		 dot = 0, part[16];
	size_t		 i, j;

	/*
	 * runs of a known length, which the compiler makes vector code of,
	 * summed across only at the end (integers: any order is exact)
	 */
	for (j = 0; j < 16; j++)
		part[j] = 0;
	for (i = 0; i + 16 <= e->dim; i += 16)
		for (j = 0; j < 16; j++)
			part[j] += p[i + j] * q[i + j];
	for (j = 0; j < 16; j++)
		dot += part[j];
	for (; i < e->dim; i++)
		dot += p[i] * q[i];
	return dot / ((double)x->norm[a] * y->norm[b] + 1e-9);
}

/*
 * Read the site model's log likelihood ratio of a cosine into a table,
 * never falling as the cosine rises: a closer look is never less likely
 * one person's.  Where the model's smoothed tails say otherwise (looks
 * that have nothing in common rated as one person's) the lower value
 * stands, so that no pair gains from it.
 */
static void
read_lr(struct est *e)
{
	int	k;

	for (k = ALR - 1; k >= 0; k--) {
		e->alr[k] = vg_model_appearance(&e->m, -1 + (k + 0.5) * 2 /
		    ALR);
		if (k < ALR - 1 && e->alr[k] > e->alr[k + 1])
			e->alr[k] = e->alr[k + 1];
	}
	e->csame = vg_model_colour(&e->m, 1, 1);
	e->cdiff = vg_model_colour(&e->m, 1, 2);
}

/* Two colour codes: 0 one unknown, 1 read alike, 2 read differently. */
static int
agree(int a, int b)
{
	if (a == 0 || b == 0)
		return 0;
	return a == b ? 1 : 2;
}

/* The model's log LR of agree()'s answer, as read_lr() kept it. */
static double
colour_loglr(const struct est *e, int c)
{
	return c == 0 ? 0 : c == 1 ? e->csame : e->cdiff;
}

/*
 * Two looks in a bin of ALR * 9: the cosine's bin of their embeddings,
 * then agree() of each of the two colours.
 */
static int
look_bin(const struct est *e, const struct sdev *x, const struct sobs *a,
    const struct sdev *y, const struct sobs *b)
{
	long	k;

	/* floor()'s whole number, in range: what lrint() would give */
	k = (long)floor((cosine(e, x, a->e, y, b->e) + 1) / 2 * ALR);
	k = k < 0 ? 0 : k >= ALR ? ALR - 1 : k;
	return (int)k * 9 + agree(a->upper, b->upper) * 3 +
	    agree(a->lower, b->lower);
}

/*
 * The log likelihood ratio that two looks in bin k are one person's
 * rather than two people's: the site model's, from the cosine of their
 * embeddings and from each of the two colours.
 */
static double
bin_loglr(const struct est *e, int k)
{
	return e->alr[k / 9] + colour_loglr(e, k / 3 % 3) +
	    colour_loglr(e, k % 3);
}

static double
look_loglr(const struct est *e, const struct sdev *x, const struct sobs *a,
    const struct sdev *y, const struct sobs *b)
{
	return bin_loglr(e, look_bin(e, x, a, y, b));
}

/* The odds of each bin and of one name on both sides, once. */
static void
read_odds(struct est *e)
{
	int	k;

	for (k = 0; k < ALR * 9; k++)
		e->odds[k] = exp(bin_loglr(e, k));
	e->nameodds = exp(NAMELOGLR);
}

/* The log LR of a pair at either end of a link, or -INFINITY: no look. */
static double
pair_loglr(const struct est *e, const struct sdev *x, const struct sobs *a,
    const struct sdev *y, const struct sobs *b)
{
	if (a->person >= 0 && b->person >= 0)
		return a->person == b->person ? NAMELOGLR : -INFINITY;
	if (a->e == NOEMB || b->e == NOEMB)
		return -INFINITY;
	return look_loglr(e, x, a, y, b);
}

/* The same as odds, exp(pair_loglr()), or -1: no look. */
static double
pair_odds(const struct est *e, const struct sdev *x, const struct sobs *a,
    const struct sdev *y, const struct sobs *b)
{
	if (a->person >= 0 && b->person >= 0)
		return a->person == b->person ? e->nameodds : -1;
	if (a->e == NOEMB || b->e == NOEMB)
		return -1;
	return e->odds[look_bin(e, x, a, y, b)];
}

struct pair {
	uint32_t	 x, y;		/* observations at either end */
};

struct lpairs {
	int		 a, b;		/* devices, a < b */
	struct pair	*p;		/* observations paired, at a and at b */
	size_t		 n;		/* how many */
};

struct cand {
	uint32_t	 x, y;		/* observations at either end */
	double		 lr;		/* likelihood ratio: one person */
};

/* Room link_pairs() uses, kept from link to link (grown, never shrunk). */
struct pbuf {
	struct cand	*c;		/* the candidates of a link */
	size_t		 cap;		/* room in c */
	uint32_t	*v;		/* the candidates of one observation */
	size_t		 vcap;		/* room in v */
	double		*sx, *sy;	/* odds summed at either end */
	size_t		 sxcap, sycap;	/* room in sx and sy */
};

static void
pbuf_free(struct pbuf *pb)
{
	free(pb->c);
	free(pb->v);
	free(pb->sx);
	free(pb->sy);
}

/* n zeroed doubles in *v, which has room for *cap. */
static double *
zeroed(double **v, size_t *cap, size_t n)
{
	if (*cap < n) {
		free(*v);
		*cap = n;
		*v = xcalloc(n, sizeof(**v));
	} else
		memset(*v, 0, n * sizeof(**v));
	return *v;
}

/*
 * At a camera that watches a place, each sighting's next of the same
 * person within STAY, where one holds PMIN of the odds against its
 * rivals and against his not being seen again: his way in and his way
 * out.  d->later and d->earlier get them.
 */
static void
in_and_out(const struct est *e, struct sdev *d)
{
	uint32_t	*v = NULL, bi;
	size_t		 vcap = 0, i, m, nv;
	double		 lr, sum, best;

	d->later = xcalloc(d->n + 1, sizeof(*d->later));
	d->earlier = xcalloc(d->n + 1, sizeof(*d->earlier));
	for (i = 0; i < d->n; i++)
		d->later[i] = d->earlier[i] = NOEMB;
	for (i = 0; i < d->n; i++) {
		const struct sobs	*a = &d->o[i];

		if (d->earlier[i] != NOEMB)
			continue;
		nv = candidates(d, a, a->t + 1, a->t + STAY, &v, &vcap);
		for (m = 0, sum = 0, best = 0, bi = NOEMB; m < nv; m++) {
			if (v[m] <= i || (lr = pair_odds(e, d, a, d,
			    &d->o[v[m]])) < 0)
				continue;
			sum += lr;
			if (lr > best) {
				best = lr;
				bi = v[m];
			}
		}
		if (bi != NOEMB && best >= PMIN * (sum + 1) &&
		    d->earlier[bi] == NOEMB) {
			d->later[i] = bi;
			d->earlier[bi] = (uint32_t)i;
		}
	}
	free(v);
}

/*
 * The pairs across a link: for each observation at x, its candidates at y
 * within reach of its time moved by shift (where the offsets found so far
 * put y's clock against x's: see centre()), named alike or wearing the
 * same colours, each weighed by the likelihood ratio that it is one person; a pair is kept when it holds
 * PMIN of the odds on both sides, against its rivals and against the
 * person not being seen there at all (odds of one).  pb is room to work
 * in.
 */
static void
link_pairs(const struct est *e, const struct sdev *x, const struct sdev *y,
    int64_t shift, int64_t reach, struct lpairs *lp, struct pbuf *pb)
{
	struct cand	*c = pb->c;
	struct pair	*p;
	double		*sx, *sy;
	size_t		 nc = 0, i, j, n, nv;

	sx = zeroed(&pb->sx, &pb->sxcap, x->n + 1);
	sy = zeroed(&pb->sy, &pb->sycap, y->n + 1);
	for (i = 0; i < x->n; i++) {
		const struct sobs	*a = &x->o[i];
		double			 lr;

		/* a person in and out of a place is one: his way in */
		if (x->earlier != NULL && x->earlier[i] != NOEMB)
			continue;
		nv = candidates(y, a, a->t + shift - reach, a->t + shift +
		    reach, &pb->v, &pb->vcap);
		for (j = 0; j < nv; j++) {
			if (y->earlier != NULL && y->earlier[pb->v[j]] !=
			    NOEMB && y->o[y->earlier[pb->v[j]]].t >= a->t +
			    shift - reach)
				continue;
			lr = pair_odds(e, x, a, y, &y->o[pb->v[j]]);
			if (lr < 0)
				continue;
			if (nc == pb->cap) {
				pb->cap = pb->cap ? 2 * pb->cap : 256;
				c = pb->c = xreallocarray(c, pb->cap,
				    sizeof(*c));
			}
			c[nc].x = (uint32_t)i;
			c[nc].y = pb->v[j];
			c[nc].lr = lr;
			sx[i] += c[nc].lr;
			sy[pb->v[j]] += c[nc].lr;
			nc++;
		}
	}
	/* few of the candidates are kept: kept for every link, till triples */
	for (i = 0, n = 0; i < nc; i++)
		n += c[i].lr >= PMIN * (sx[c[i].x] + 1) &&
		    c[i].lr >= PMIN * (sy[c[i].y] + 1);
	p = xcalloc(n + 1, sizeof(*p));
	for (i = 0, n = 0; i < nc; i++) {
		if (c[i].lr < PMIN * (sx[c[i].x] + 1) ||
		    c[i].lr < PMIN * (sy[c[i].y] + 1))
			continue;
		p[n].x = c[i].x;
		p[n].y = c[i].y;
		/*
		 * seen at the other end after he came out of the place: he
		 * walked from the place, from the time he came out; seen
		 * there while he was in it, the clocks are too far off to
		 * tell which way he walked
		 */
		if (y->later != NULL && y->later[p[n].y] != NOEMB &&
		    x->o[p[n].x].t + shift > y->o[p[n].y].t) {
			if (x->o[p[n].x].t + shift <= y->o[y->later[
			    p[n].y]].t)
				continue;
			p[n].y = y->later[p[n].y];
		}
		if (x->later != NULL && x->later[p[n].x] != NOEMB &&
		    y->o[p[n].y].t - shift > x->o[p[n].x].t) {
			if (y->o[p[n].y].t - shift <= x->o[x->later[
			    p[n].x]].t)
				continue;
			p[n].x = x->later[p[n].x];
		}
		n++;
	}
	lp->p = p;
	lp->n = n;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The median of v[0..n), n > 0, which it reorders but does not sort: the
 * same value as sorting gives (Hoare's select, then the largest below).
 */
static double
dmedian_select(double *v, size_t n)
{
	long	lo = 0, hi = (long)n - 1, i, j, k = (long)(n / 2);
	double	p, t, m;

	while (lo < hi) {
		p = v[lo + (hi - lo) / 2];
		for (i = lo, j = hi; i <= j; ) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i <= j) {
				t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	if (n % 2)
		return v[k];
	for (m = v[0], i = 1; i < k; i++)
		if (v[i] > m)
			m = v[i];
	return (m + v[k]) / 2;
}

/*
 * The median of v[0..n), n > 0, which it reorders: by select, not by
 * sorting (the same value; no caller reads the order).
 */
static double
dmedian(double *v, size_t n)
{
	return dmedian_select(v, n);
}

/* The median absolute deviation of v[0..n) about m. */
static double
dmad(const double *v, size_t n, double m)
{
	double	*dev, r;
	size_t	 i;

	dev = xcalloc(n + 1, sizeof(*dev));
	for (i = 0; i < n; i++)
		dev[i] = fabs(v[i] - m);
	r = dmedian(dev, n);
	free(dev);
	return r;
}

/* Sum of |d[i] - median| over the sorted d[a..b), from prefix sums. */
static double
spread(const double *d, const double *sum, size_t a, size_t b)
{
	size_t	m = a + (b - a) / 2;
	double	v = d[m];

	return v * (double)(m - a) - (sum[m] - sum[a]) +
	    (sum[b] - sum[m + 1]) - v * (double)(b - m - 1);
}

/* Median and MAD of the sorted group [*a, *b), trimmed of far outliers. */
static void
group(const double *d, size_t *a, size_t *b, double *med, double *mad)
{
	double	*v, lim;
	size_t	 n;

	n = *b - *a;
	v = xcalloc(n + 1, sizeof(*v));
	memcpy(v, d + *a, n * sizeof(*v));
	*med = dmedian(v, n);
	lim = 4 * 1.4826 * dmad(v, n, *med);
	if (lim < 2 * US)
		lim = 2 * US;
	while (*a < *b && d[*a] < *med - lim)
		(*a)++;
	while (*b > *a && d[*b - 1] > *med + lim)
		(*b)--;
	n = *b - *a;
	if (n > 0) {
		memcpy(v, d + *a, n * sizeof(*v));
		*med = dmedian(v, n);
		*mad = dmad(v, n, *med);
	}
	free(v);
}

/* The standard error of a median of n with this MAD. */
static double
se_median(double mad, size_t n)
{
	if (mad < MADMIN)
		mad = MADMIN;
	return 1.2533 * 1.4826 * mad / sqrt((double)n);
}

/* The p-quantile of the sorted d[a..b), interpolated. */
static double
quantile(const double *d, size_t a, size_t b, double p)
{
	double	x = p * (double)(b - a - 1), f = floor(x);
	size_t	i = a + (size_t)f;

	return i + 1 < b ? d[i] + (x - f) * (d[i + 1] - d[i]) : d[i];
}

/*
 * Where the two ways meet, from their inner parts.  The way back (d[a0..a1))
 * is sb - sa less the transits, the way there (d[b0..b1)) sb - sa plus
 * them, so the p-quantile of the way there and the (1 - p)-quantile of the
 * way back are each a transit's p-quantile from sb - sa.  A transit is a
 * walk lengthened by stops and detours, never shortened: its lower part is
 * the walk alone, and where walks are alike (a run of paces with a floor)
 * its lower quantiles are much surer than its median.  So the midpoints of
 * the quantiles up to the median are weighed by their own errors (each
 * quantile's, p(1 - p)/n times the slope of the quantile function,
 * squared, the slope from the quantiles around it) and *se is the error
 * of the surest.
 */
static double
inner(const double *d, size_t a0, size_t a1, size_t b0, size_t b1,
    double *se)
{
	static const double	 ps[] = { 0.1, 0.2, 0.3, 0.4, 0.5 };
	const double		 h = 0.15;
	double			 sw = 0, swk = 0, best = INFINITY, na, nb, m, *w;
	size_t			 i, nw = 0;

	na = (double)(a1 - a0);
	nb = (double)(b1 - b0);
	/* the transits of both ways, from the medians' midpoint */
	m = (quantile(d, a0, a1, 0.5) + quantile(d, b0, b1, 0.5)) / 2;
	w = xcalloc(a1 - a0 + b1 - b0, sizeof(*w));
	for (i = a0; i < a1; i++)
		w[nw++] = m - d[i];
	for (i = b0; i < b1; i++)
		w[nw++] = d[i] - m;
	vg_qsort(w, nw, sizeof(*w), dbl_cmp);
	for (i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		double	p = ps[i], lo = fmax(p - h, 0), hi = p + h, sl, v;

		sl = (quantile(w, 0, nw, hi) - quantile(w, 0, nw, lo)) /
		    (hi - lo);
		sl = fmax(sl, 2.0 * (double)MADMIN);
		v = p * (1 - p) * sl * sl * (1 / na + 1 / nb) / 4;
		sw += 1 / v;
		swk += (quantile(d, b0, b1, p) + quantile(d, a0, a1, 1 - p)) /
		    2 / v;
		best = fmin(best, v);
	}
	free(w);
	*se = sqrt(best);
	return swk / sw;
}

/*
 * The log likelihood of sb - sa = k with transits scaled by tau times the
 * sc-th scale: each pair a transit of the site's shape one way or the
 * other, or, one in a hundred, anywhere in the window (lf: learn_shape()).
 */
static double
shape_ll(const double *lf, const double *d, size_t n, double k, double tau,
    int sc)
{
	double	ll = 0, x, t = tau * (SHAPELO + sc * SHAPESTEP);
	size_t	i;

	for (i = 0; i < n; i++) {
		x = fabs(d[i] - k) / t * (SHAPEBINS / SHAPEMAX);
		ll += lf[x < SHAPEBINS ? (size_t)x : SHAPEBINS - 1];
	}
	return ll - (double)n * log(t);
}

/*
 * Where the two ways meet by the site's shape of transits (learn_shape()):
 * the k and the scale of the link's transits that make its pairs most
 * likely, k within SHAPEREACH of k0, the scale within SHAPESCALES steps of
 * tau; *se is half the span of k within half a unit of log likelihood of
 * the best.
 */
static double
shape_fit(const double *lf, const double *d, size_t n, double k0,
    double tau, double *se)
{
	double	best = -INFINITY, bk = k0, k, ll, lo, hi, prof[SHAPEFINE];
	int	sc, i;

	for (k = k0 - SHAPEREACH; k <= k0 + SHAPEREACH; k += US)
		for (sc = 0; sc < SHAPESCALES; sc++) {
			ll = shape_ll(lf, d, n, k, tau, sc);
			if (ll > best) {
				best = ll;
				bk = k;
			}
		}
	/* the profile over the scales in tenths around the best */
	k0 = bk - US;
	best = -INFINITY;
	for (i = 0; i < SHAPEFINE; i++) {
		k = k0 + i * (US / 10);
		for (prof[i] = -INFINITY, sc = 0; sc < SHAPESCALES; sc++)
			prof[i] = fmax(prof[i], shape_ll(lf, d, n, k, tau, sc));
		if (prof[i] > best) {
			best = prof[i];
			bk = k;
		}
	}
	lo = hi = bk;
	for (i = 0; i < SHAPEFINE; i++)
		if (prof[i] >= best - 0.5) {
			lo = fmin(lo, k0 + i * (US / 10));
			hi = fmax(hi, k0 + i * (US / 10));
		}
	*se = fmax((hi - lo) / 2, US / 10);
	return bk;
}

/*
 * A link walked both ways: split the raw differences tb - ta into the two
 * ways where two medians fit best, check that the split looks like
 * transit, and take where the two ways' inner parts meet as sb - sa.
 */
static int
fit_pairs(const struct est *e, const struct lpairs *lp, int min, int max,
    struct eqn *q)
{
	double	*d, *sum, cost, best = INFINITY, mlo, mhi, alo, ahi, tau, doubt;
	double	 se;
	size_t	 i, k = 0, n = lp->n, a0, a1, b0, b1;
	int	 rc = -1;

	if (n < 2 * MINPAIRS)
		return -1;
	d = xcalloc(n, sizeof(*d));
	for (i = 0; i < n; i++)
		d[i] = (double)(e->dev[lp->b].o[lp->p[i].y].t -
		    e->dev[lp->a].o[lp->p[i].x].t);
	vg_qsort(d, n, sizeof(*d), dbl_cmp);
	sum = xcalloc(n + 1, sizeof(*sum));
	for (i = 0; i < n; i++)
		sum[i + 1] = sum[i] + d[i];
	for (i = MINPAIRS; i + MINPAIRS <= n; i++) {
		cost = spread(d, sum, 0, i) + spread(d, sum, i, n);
		if (cost < best) {
			best = cost;
			k = i;
		}
	}
	free(sum);
	a0 = 0, a1 = k, b0 = k, b1 = n;
	group(d, &a0, &a1, &mlo, &alo);
	group(d, &b0, &b1, &mhi, &ahi);
	tau = (mhi - mlo) / 2;
	/*
	 * one way only would split one cluster in two (transits in two
	 * bumps, as where paces change from link to link, into a midpoint
	 * half a transit off): the medians of the two ways are each a
	 * transit from their midpoint, so at least the link's minimum
	 */
	if (a1 - a0 < MINPAIRS || b1 - b0 < MINPAIRS ||
	    tau < SPLIT * 1.4826 * (alo > ahi ? alo : ahi) ||
	    tau < MINTAU || tau < (double)min * US ||
	    tau > ((double)max + 60) * US)
		goto out;
	q->nv = 2;
	q->v[0] = lp->b;
	q->c[0] = 1;
	q->v[1] = lp->a;
	q->c[1] = -1;
	q->k = inner(d, a0, a1, b0, b1, &se);
	if (e->shape != NULL) {
		double	sse;

		q->k = shape_fit(e->shape, d, n, q->k, tau, &sse);
		se = fmin(se, sse);
	}
	/*
	 * the midpoint is right when both ways are walked alike; how far
	 * they may differ grows with how much the walkers differ
	 */
	q->kind = EQ_WAYS;
	q->scale = 1.4826 * fmax(alo, ahi);
	q->known = fmin(se * se, (pow(se_median(alo, a1 - a0), 2) +
	    pow(se_median(ahi, b1 - b0), 2)) / 4);
	doubt = fmax(PAIRDOUBT, WAYDOUBT * q->scale);
	q->sigma = sqrt(q->known + doubt * doubt);
	q->pairs = (int64_t)(a1 - a0 + b1 - b0);
	q->tau = tau;
	rc = 0;
out:
	free(d);
	return rc;
}

struct pt {
	double		 x;		/* tc - ta, raw */
	double		 y;		/* tb - ta, raw */
};

static int
pt_cmp(const void *a, const void *b)
{
	const struct pt	*p = a, *q = b;

	return p->x < q->x ? -1 : p->x > q->x;
}

/* Slope and intercept of y = f x + k through p[0..n), sorted by x. */
static int
line(const struct pt *p, size_t n, double *f, double *k)
{
	double	*v;
	size_t	 h = n / 2, i, m = 0;

	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i + h < n; i++)
		if (p[i + h].x - p[i].x > US)
			v[m++] = (p[i + h].y - p[i].y) / (p[i + h].x - p[i].x);
	if (m < 3) {
		free(v);
		return -1;
	}
	*f = dmedian(v, m);
	for (i = 0; i < n; i++)
		v[i] = p[i].y - *f * p[i].x;
	*k = dmedian(v, n);
	free(v);
	return 0;
}

/*
 * People seen at a, b and c in turn keep their pace: tb - ta is the same
 * fraction f of tc - ta for all of them, whichever way they walk and
 * however fast.  With raw times y = rb - ra and x = rc - ra, the points
 * lie on y = f x + k with k = sb - (1 - f) sa - f sc; the slope comes
 * from the spread of paces (and of ways), by medians of slopes between
 * points half the sample apart.
 */
static int
fit_triples(struct pt *p, size_t n, struct eqn *q, int a, int b, int c)
{
	double	 f, k, *r, mad, mx, vx;
	size_t	 i, m;

	if (n < MINTRIPLES)
		return -1;
	vg_qsort(p, n, sizeof(*p), pt_cmp);
	if (line(p, n, &f, &k) == -1)
		return -1;
	/* drop what does not keep pace, then again */
	r = xcalloc(n + 1, sizeof(*r));
	for (i = 0; i < n; i++)
		r[i] = p[i].y - f * p[i].x - k;
	mad = dmad(r, n, 0);
	free(r);
	for (i = 0, m = 0; i < n; i++)
		if (fabs(p[i].y - f * p[i].x - k) <= fmax(4 * 1.4826 * mad,
		    2 * US))
			p[m++] = p[i];
	/*
	 * b lies between a and c; a slope near 0 or 1 is what one side
	 * matched at random gives, the other side's transit going to k
	 */
	if (m < MINTRIPLES || 2 * m < n || line(p, m, &f, &k) == -1 ||
	    f < FMIN || f > 1 - FMIN)
		return -1;
	r = xcalloc(m + 1, sizeof(*r));
	for (i = 0, mx = 0; i < m; i++) {
		r[i] = p[i].y - f * p[i].x - k;
		mx += p[i].x;
	}
	mx /= (double)m;
	for (i = 0, vx = 0; i < m; i++)
		vx += (p[i].x - mx) * (p[i].x - mx);
	vx /= (double)m;
	mad = dmad(r, m, 0);
	free(r);
	if (vx < (double)US * US)
		return -1;
	q->nv = 3;
	q->v[0] = b;
	q->c[0] = 1;
	q->v[1] = a;
	q->c[1] = -(1 - f);
	q->v[2] = c;
	q->c[2] = -f;
	q->k = k;
	q->kind = EQ_TRIPLE;
	q->scale = fmax(fabs(mx), US);
	q->known = pow(se_median(mad, m), 2) * (1 + mx * mx / vx);
	q->sigma = sqrt(q->known + (double)TRIPLEDOUBT * TRIPLEDOUBT);
	q->pairs = (int64_t)m;
	return 0;
}

/*
 * Too few people through a, b and c for the share of the way: take it
 * from the links' minimum transits, as if everyone took each link at the
 * same multiple of its minimum; each person then gives k alone, and the
 * median of them is taken, and the MAD of them goes to q->sigma for the
 * caller to make its error of.  Paces that change from link to link only
 * add spread.
 */
static int
fit_fixed(const struct pt *p, size_t n, double f, struct eqn *q, int a,
    int b, int c)
{
	double	*r, k, mad;
	size_t	 i;

	if (n < MINFIXED || !(f > 0 && f < 1))
		return -1;
	r = xcalloc(n + 1, sizeof(*r));
	for (i = 0; i < n; i++)
		r[i] = p[i].y - f * p[i].x;
	k = dmedian(r, n);
	mad = dmad(r, n, k);
	free(r);
	q->nv = 3;
	q->v[0] = b;
	q->c[0] = 1;
	q->v[1] = a;
	q->c[1] = -(1 - f);
	q->v[2] = c;
	q->c[2] = -f;
	q->k = k;
	q->sigma = mad;		/* for now: see triples() */
	q->kind = EQ_FIXED;
	q->known = 0;
	q->scale = 0;
	q->pairs = (int64_t)n;
	return 0;
}

/* The least minimum transit of the links between a and b, or -1. */
static int
link_min(const struct vg_graph *g, int a, int b)
{
	size_t	i;
	int	m = -1;

	for (i = 0; i < g->nlink; i++)
		if (((g->link[i].a == a && g->link[i].b == b) ||
		    (g->link[i].a == b && g->link[i].b == a)) &&
		    (m == -1 || g->link[i].min < m))
			m = g->link[i].min;
	return m;
}

static void
add_eqn(struct est *e, const struct eqn *q)
{
	if (e->neq == e->eqcap) {
		e->eqcap = e->eqcap ? 2 * e->eqcap : 256;
		e->eq = xreallocarray(e->eq, e->eqcap, sizeof(*e->eq));
	}
	e->eq[e->neq] = *q;
	if (e->mdw != NULL) {
		double	b = 0;
		int	i;

		/* what a share of the passage wrong by sp would move k by */
		for (i = 0; i < q->nv; i++)
			b += q->c[i] * e->mdw[q->v[i]];
		e->eq[e->neq].sigma = hypot(q->sigma, e->sp * b);
		e->eq[e->neq].known += pow(e->sp * b, 2);
	}
	e->eq[e->neq].w = 1 / (e->eq[e->neq].sigma * e->eq[e->neq].sigma);
	e->neq++;
}

struct ent {
	uint32_t	 i;		/* observation at this device */
	int		 other;		/* the device across the link */
	uint32_t	 j;		/* the observation there */
};

static int
ent_cmp(const void *a, const void *b)
{
	const struct ent	*x = a, *y = b;

	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->other - y->other;
}

/*
 * The pairs of lp[0..nlp) from each device's side: device d's are
 * ent[first[d]..first[d + 1]), by its observation, then the device
 * across.  Returns ent, and *firstp first, for the caller to free.
 */
static struct ent *
link_ents(const struct est *e, const struct lpairs *lp, size_t nlp,
    size_t **firstp)
{
	const struct vg_graph	*g = &e->raw;
	struct ent		*ent;
	size_t			*first, *fill, i, j;

	first = xcalloc(g->ndev + 1, sizeof(*first));
	for (i = 0; i < nlp; i++) {
		first[lp[i].a + 1] += lp[i].n;
		first[lp[i].b + 1] += lp[i].n;
	}
	for (i = 0; i < g->ndev; i++)
		first[i + 1] += first[i];
	ent = xcalloc(first[g->ndev] + 1, sizeof(*ent));
	fill = xcalloc(g->ndev + 1, sizeof(*fill));
	for (i = 0; i < nlp; i++) {
		for (j = 0; j < lp[i].n; j++) {
			struct ent	*p, *q;

			p = &ent[first[lp[i].a] + fill[lp[i].a]++];
			q = &ent[first[lp[i].b] + fill[lp[i].b]++];
			p->i = q->j = lp[i].p[j].x;
			p->j = q->i = lp[i].p[j].y;
			p->other = lp[i].b;
			q->other = lp[i].a;
		}
	}
	free(fill);
	for (i = 0; i < g->ndev; i++)
		vg_qsort(ent + first[i], first[i + 1] - first[i], sizeof(*ent),
		    ent_cmp);
	*firstp = first;
	return ent;
}

/*
 * A triple's point into pts[q] (npts[q] of cap[q]): a person seen at a
 * at ta, at b at tb and at c at tc.
 */
static void
pt_add(struct pt **pts, size_t *npts, size_t *cap, size_t q, int64_t ta,
    int64_t tb, int64_t tc)
{
	if (npts[q] == cap[q]) {
		cap[q] = cap[q] ? 2 * cap[q] : 64;
		pts[q] = xreallocarray(pts[q], cap[q], sizeof(**pts));
	}
	pts[q][npts[q]].x = (double)(tc - ta);
	pts[q][npts[q]++].y = (double)(tb - ta);
}

/* Where device d is among the neighbours nbr (it is one of them). */
static size_t
nbr_at(const int *nbr, int d)
{
	size_t	i;

	for (i = 0; nbr[i] != d; i++)
		;
	return i;
}

/*
 * A camera that watches a place sees people go in and come out: the two
 * sightings of one person, minutes apart, are one passage with a stay
 * between.  Someone paired with a on the way in and with c on the way out
 * gives a triple (a, b, c) as if he had not stopped: the stay is taken
 * out of c's time.  Where people leave by another way than they came,
 * as they do at a place, no link is walked both ways, but the walk in
 * and the walk out keep the person's pace.  s[0..n) are b's pairs by its
 * observation (link_ents()), nbr[0..nb) its neighbours; the points go to
 * pts[ia * nb + ic], by the neighbours' numbers.
 */
static void
stays(const struct est *e, int b, const struct ent *s, size_t n,
    const int *nbr, size_t nb, struct pt **pts, size_t *npts, size_t *cap)
{
	const struct sdev	*d = &e->dev[b];
	size_t			 j, k, x, y;

	if (d->later == NULL)
		return;
	for (j = 0; j < n; j = k) {
		uint32_t	 o = d->later[s[j].i];
		size_t		 lo = 0, hi = n, mid;

		for (k = j + 1; k < n && s[k].i == s[j].i; k++)
			;
		if (o == NOEMB)
			continue;
		/* the pairs of the way out */
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (s[mid].i < o)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (x = j; x < k; x++) {
			for (y = lo; y < n && s[y].i == o; y++) {
				int64_t	tb = d->o[s[x].i].t;

				pt_add(pts, npts, cap, nbr_at(nbr, s[x].other) *
				    nb + nbr_at(nbr, s[y].other),
				    e->dev[s[x].other].o[s[x].j].t, tb,
				    e->dev[s[y].other].o[s[y].j].t -
				    (d->o[o].t - tb));
			}
		}
	}
}

/* The triples through each device b, by the pair of neighbours (a, c). */
static void
triples(struct est *e, const struct lpairs *lp, size_t nlp,
    const int *anchor)
{
	const struct vg_graph	*g = &e->raw;
	struct ent		*ent;
	size_t			*first, i, j, k, nb, x, y;
	int			*nbr;
	struct pt		**pts;
	size_t			*npts, *cappts, npend = 0;
	struct eqn		*pend = NULL;
	double			*mads = NULL, pooled, *bias = NULL, doubt;
	size_t			 nbias = 0, nmads = 0;

	ent = link_ents(e, lp, nlp, &first);
	nbr = xcalloc(g->ndev + 1, sizeof(*nbr));
	for (i = 0; i < g->ndev; i++) {
		struct ent	*s = ent + first[i];
		size_t		 n = first[i + 1] - first[i];

		if (n == 0)
			continue;
		/* the neighbours, numbered */
		for (nb = 0, j = 0; j < n; j++) {
			for (k = 0; k < nb && nbr[k] != s[j].other; k++)
				;
			if (k == nb)
				nbr[nb++] = s[j].other;
		}
		pts = xcalloc(2 * nb * nb + 1, sizeof(*pts));
		npts = xcalloc(2 * nb * nb + 1, sizeof(*npts));
		cappts = xcalloc(2 * nb * nb + 1, sizeof(*cappts));
		if (g->dev[i].watches)
			stays(e, (int)i, s, n, nbr, nb, pts + nb * nb,
			    npts + nb * nb, cappts + nb * nb);
		for (j = 0; j < n; j = k) {
			for (k = j + 1; k < n && s[k].i == s[j].i; k++)
				;
			for (x = j; x < k; x++) {
				for (y = x + 1; y < k; y++) {
					if (s[x].other == s[y].other)
						continue;
					pt_add(pts, npts, cappts,
					    nbr_at(nbr, s[x].other) * nb +
					    nbr_at(nbr, s[y].other),
					    e->dev[s[x].other].o[s[x].j].t,
					    e->dev[i].o[s[x].i].t,
					    e->dev[s[y].other].o[s[y].j].t);
				}
			}
		}
		for (x = 0; x < nb; x++) {
			for (y = 0; y < nb; y++) {
				struct eqn	 q;
				size_t		 b = nb * nb + x * nb + y;

				if (npts[b] > 0 && !(anchor[i] &&
				    anchor[nbr[x]] && anchor[nbr[y]]) &&
				    fit_triples(pts[b], npts[b], &q, nbr[x],
				    (int)i, nbr[y]) == 0) {
					if (x == y) {
						/* in and out by one way */
						q.nv = 2;
						q.c[1] = -1;
					}
					add_eqn(e, &q);
				}
				free(pts[b]);
			}
		}
		for (x = 0; x < nb; x++) {
			for (y = 0; y < nb; y++) {
				struct eqn	 q;
				size_t		 b = x * nb + y;

				struct eqn	 qf;
				int		 m1, m2, fixed;

				if (npts[b] == 0 || (anchor[i] &&
				    anchor[nbr[x]] && anchor[nbr[y]])) {
					free(pts[b]);
					continue;
				}
				/* fit_triples() drops points: this first */
				fixed = (m1 = link_min(g, nbr[x], (int)i)) >= 0 &&
				    (m2 = link_min(g, (int)i, nbr[y])) >= 0 &&
				    m1 + m2 > 0 && fit_fixed(pts[b], npts[b],
				    (double)m1 / (m1 + m2), &qf, nbr[x], (int)i,
				    nbr[y]) == 0;
				if (fixed && qf.pairs >= (int64_t)MINTRIPLES) {
					mads = xreallocarray(mads, nmads + 1,
					    sizeof(*mads));
					mads[nmads++] = qf.sigma;
				}
				if (fit_triples(pts[b], npts[b], &q, nbr[x],
				    (int)i, nbr[y]) == 0) {
					add_eqn(e, &q);
					/* how far the shares of the minimums
					 * are from the people's */
					if (fixed) {
						bias = xreallocarray(bias,
						    nbias + 1, sizeof(*bias));
						bias[nbias++] = fabs(qf.k - q.k);
					}
				} else if (fixed) {
					pend = xreallocarray(pend, npend + 1,
					    sizeof(*pend));
					pend[npend++] = qf;
				}
				free(pts[b]);
			}
		}
		free(pts);
		free(npts);
		free(cappts);
	}
	/*
	 * A few people give a MAD that means little: each equation's spread
	 * is at least that of the site's people, the median MAD of the
	 * triples of known shares with MINTRIPLES people or more.
	 */
	pooled = nmads > 0 ? dmedian(mads, nmads) : 0;
	/*
	 * Whether the links' minimums give the shares people walk: checked
	 * where both fits were made, the equations of known shares carry
	 * the median difference of the two (a site whose minimums are not
	 * lengths gets little from them), NOBIAS when nothing checks it.
	 */
	doubt = nbias >= MINBIAS ? fmax(dmedian(bias, nbias), FIXEDDOUBT) :
	    NOBIAS;
	for (i = 0; i < npend; i++) {
		pend[i].sigma = hypot(se_median(fmax(pend[i].sigma, pooled),
		    (size_t)pend[i].pairs), doubt);
		add_eqn(e, &pend[i]);
	}
	free(mads);
	free(bias);
	free(pend);
	free(nbr);
	free(ent);
	free(first);
}

struct ulink {
	int		 a, b;		/* devices, a < b */
	int		 min, max;	/* transit seconds */
	int		 ways;		/* 1 a to b, 2 b to a, 3 either */
};

static int
ulink_cmp(const void *x, const void *y)
{
	const struct ulink	*p = x, *q = y;

	if (p->a != q->a)
		return p->a - q->a;
	return p->b - q->b;
}

static int
pair_cmp(const void *a, const void *b)
{
	const struct pair	*p = a, *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return p->y < q->y ? -1 : p->y > q->y;
}

/* The link of lp[0..nlp), sorted as ulink_cmp(), between a < b, or -1. */
static long
lp_find(const struct lpairs *lp, size_t nlp, int a, int b)
{
	size_t	lo = 0, hi = nlp, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (lp[mid].a < a || (lp[mid].a == a && lp[mid].b < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nlp && lp[lo].a == a && lp[lo].b == b ? (long)lo : -1;
}

/*
 * Whether a hop from a at ta to b at tb could be a walk of the link
 * between them: always, before the clocks are known (centre NULL);
 * after, within the link's bounds, the clocks taken as centre says.
 */
static int
hop_fits(const struct lpairs *lp, const struct ulink *lu, size_t nlp,
    const double *centre, int a, int64_t ta, int b, int64_t tb)
{
	double	d;
	long	l;

	if (centre == NULL)
		return 1;
	if ((l = a < b ? lp_find(lp, nlp, a, b) : lp_find(lp, nlp, b, a)) ==
	    -1)
		return 0;
	d = (double)(tb - ta) - (centre[b] - centre[a]);
	return d >= (double)lu[l].min * US - (double)DETOURSLACK &&
	    d <= (double)lu[l].max * US + (double)DETOURSLACK;
}

/*
 * Pairs that went round: a pair across a link a-c whose person was also
 * paired at b, a neighbour of both, between the two, walked a-b-c, not
 * the link.  Its difference is two links' transit, and where people go
 * round one way more than the other (walks that start where they start,
 * not evenly over the site) it lengthens that way's transits and moves
 * the midpoint of the two ways by half as much.  Such pairs are dropped
 * from lp, where both hops fit their links with the clocks as centre
 * puts them (with centre NULL, wherever b's sighting is between).
 */
static void
detours(const struct est *e, struct lpairs *lp, const struct ulink *lu,
    size_t nlp, const double *centre)
{
	const struct vg_graph	*g = &e->raw;
	struct ent		*ent;
	unsigned char		**drop;
	size_t			*first, i, j, k, x, y, n;

	for (i = 0; i < nlp; i++)
		vg_qsort(lp[i].p, lp[i].n, sizeof(*lp[i].p), pair_cmp);
	ent = link_ents(e, lp, nlp, &first);
	drop = xcalloc(nlp + 1, sizeof(*drop));
	for (i = 0; i < nlp; i++)
		drop[i] = xcalloc(lp[i].n + 1, 1);
	/* b = i: each observation there paired at two neighbours a < c */
	for (i = 0; i < g->ndev; i++) {
		struct ent	*s = ent + first[i];

		n = first[i + 1] - first[i];
		for (j = 0; j < n; j = k) {
			for (k = j + 1; k < n && s[k].i == s[j].i; k++)
				;
			for (x = j; x < k; x++) {
				for (y = j; y < k; y++) {
					int		 a = s[x].other;
					int		 c = s[y].other;
					int64_t		 ta, tb, tc, ua, ub, uc;
					struct pair	 key, *hit;
					long		 l;

					if (a >= c)
						continue;
					ta = e->dev[a].o[s[x].j].t;
					tb = e->dev[i].o[s[j].i].t;
					tc = e->dev[c].o[s[y].j].t;
					/* between on the clocks as centre puts
					 * them, as hop_fits() takes the hops */
					if (centre != NULL) {
						ua = ta - llround(centre[a]);
						ub = tb - llround(centre[i]);
						uc = tc - llround(centre[c]);
					} else
						ua = ta, ub = tb, uc = tc;
					if (ua < ub && ub < uc) {
						if (!hop_fits(lp, lu, nlp,
						    centre, a, ta, (int)i,
						    tb) || !hop_fits(lp, lu,
						    nlp, centre, (int)i, tb,
						    c, tc))
							continue;
					} else if (uc < ub && ub < ua) {
						if (!hop_fits(lp, lu, nlp,
						    centre, c, tc, (int)i,
						    tb) || !hop_fits(lp, lu,
						    nlp, centre, (int)i, tb,
						    a, ta))
							continue;
					} else
						continue;
					/* a clock the coarse search moved is
					 * still to be confirmed by its pairs */
					if ((l = lp_find(lp, nlp, a, c)) == -1 ||
					    fabs(e->coarse[a]) > (double)REACH ||
					    fabs(e->coarse[c]) > (double)REACH)
						continue;
					key.x = s[x].j;
					key.y = s[y].j;
					hit = bsearch(&key, lp[l].p, lp[l].n,
					    sizeof(key), pair_cmp);
					if (hit != NULL)
						drop[l][hit - lp[l].p] = 1;
				}
			}
		}
	}
	for (i = 0; i < nlp; i++) {
		for (j = 0, k = 0; j < lp[i].n; j++)
			if (!drop[i][j])
				lp[i].p[k++] = lp[i].p[j];
		lp[i].n = k;
		free(drop[i]);
	}
	free(drop);
	free(ent);
	free(first);
}

/*
 * Where between first and last a camera's time is taken matters most
 * across a link from a gate, which logs the moment itself: a share wrong
 * by 0.5 of a 25-second passage puts every camera beside a gate 12 s off.
 * The site model learns it from named pairs on links walked both ways,
 * often only a few (one link gave 1.0 where the truth was 0.5), so it is
 * learned again here from all the pairs of the links between a gate and a
 * camera walked both ways: the midpoint of the two ways is the camera's
 * offset plus the error of the share times the camera's mean dwell, and
 * most clocks are right, so the median of midpoint over dwell across
 * those links is the error of the share.  With MINGATELINKS links or
 * more, every camera's times are moved by it; sp is how far it may still
 * be off, and each equation carries sp times the dwells of its devices
 * as they are weighed in it as doubt: see add_eqn().
 */
static void
passage(struct est *e, const struct lpairs *lp, const struct ulink *lu,
    size_t n)
{
	const struct vg_graph	*g = &e->raw;
	double			*v = NULL, *sv = NULL, dw, err, f, med;
	size_t			 i, j, nv = 0;
	struct eqn		 q;

	for (i = 0; i < n; i++) {
		int	cam, sign;

		if (lu[i].ways != 3 ||
		    (g->dev[lu[i].a].type == VG_GATE) ==
		    (g->dev[lu[i].b].type == VG_GATE))
			continue;
		cam = g->dev[lu[i].a].type == VG_GATE ? lu[i].b : lu[i].a;
		sign = cam == lu[i].b ? 1 : -1;
		if (fit_pairs(e, &lp[i], lu[i].min, lu[i].max, &q) == -1)
			continue;
		for (j = 0, dw = 0; j < lp[i].n; j++)
			dw += (double)e->dev[cam].o[cam == lu[i].b ?
			    lp[i].p[j].y : lp[i].p[j].x].dwell;
		dw /= (double)lp[i].n;
		/*
		 * an error of the share is between f - 1 and f, give or take
		 * three of the link's errors: farther is a camera whose clock
		 * is off
		 */
		if (dw < US || sign * q.k / dw < e->m.passage - 1 - 3 *
		    q.sigma / dw || sign * q.k / dw > e->m.passage + 3 *
		    q.sigma / dw)
			continue;
		v = xreallocarray(v, nv + 1, sizeof(*v));
		sv = xreallocarray(sv, nv + 1, sizeof(*sv));
		sv[nv] = q.sigma / dw;
		v[nv++] = sign * q.k / dw;
	}
	if (nv >= MINGATELINKS) {
		med = err = dmedian(v, nv);
		f = e->m.passage - err;
		f = f < 0 ? 0 : f > 1 ? 1 : f;
		err = e->m.passage - f;
		for (i = 0; i < g->ndev; i++)
			for (j = 0; j < e->dev[i].n; j++)
				e->dev[i].o[j].t -= (int64_t)(err *
				    (double)e->dev[i].o[j].dwell);
		/*
		 * the median's error, as of a normal sample's, and at least
		 * what the links' own errors give
		 */
		e->sp = fmax(1.2533 * 1.4826 * dmad(v, nv, med),
		    dmedian(sv, nv)) / sqrt((double)nv);
	} else {
		/* the model's, anywhere from first to last as likely */
		f = e->m.passage;
		e->sp = sqrt((f * f * f + (1 - f) * (1 - f) * (1 - f)) / 3);
	}
	free(v);
	free(sv);
	/*
	 * Each equation then carries as doubt what that error of the share
	 * would move it by: the dwells of its devices, weighed as in it
	 * (nothing between two cameras that people pass alike; a camera's
	 * whole dwell against a gate)
	 */
	e->mdw = xcalloc(g->ndev + 1, sizeof(*e->mdw));
	for (i = 0; i < g->ndev; i++) {
		for (j = 0, dw = 0; j < e->dev[i].n; j++)
			dw += (double)e->dev[i].o[j].dwell;
		e->mdw[i] = e->dev[i].n > 0 ? dw / (double)e->dev[i].n : 0;
	}
}

/*
 * The shape of the site's transits: where people pace alike from link to
 * link (a pace is the walker's, not the link's), a link's transits over
 * their median are spread the same on every link, and that shape, learned
 * from all the links walked both ways at once, tells where one link's few
 * pairs meet better than their quantiles alone (a floor under the paces
 * is seen sharply in thousands of pairs, not in ten).  Each fitted link's
 * pairs, folded at its k over its tau, are pooled and smoothed (a normal
 * kernel, Silverman's width); with fewer than MINSHAPE no shape is kept.
 */
static void
learn_shape(struct est *e, const struct lpairs *lp, const struct ulink *lu,
    size_t nlp)
{
	double	*r = NULL, *f, h, sd, m, iqr, x, w;
	size_t	 nr = 0, cap = 0, i, j;
	long	 b, b0, b1;

	for (i = 0; i < nlp; i++) {
		const struct eqn	*q = &e->lfit[i];

		if (lu[i].ways != 3 || e->lfitrc[i] != 0 || !(q->tau > 0))
			continue;
		for (j = 0; j < lp[i].n; j++) {
			x = fabs((double)(e->dev[lp[i].b].o[lp[i].p[j].y].t -
			    e->dev[lp[i].a].o[lp[i].p[j].x].t) - q->k) / q->tau;
			if (x >= SHAPEMAX)
				continue;
			if (nr == cap) {
				cap = cap ? 2 * cap : 1024;
				r = xreallocarray(r, cap, sizeof(*r));
			}
			r[nr++] = x;
		}
	}
	if (nr < MINSHAPE) {
		free(r);
		return;
	}
	vg_qsort(r, nr, sizeof(*r), dbl_cmp);
	for (i = 0, m = 0; i < nr; i++)
		m += r[i];
	m /= (double)nr;
	for (i = 0, sd = 0; i < nr; i++)
		sd += (r[i] - m) * (r[i] - m);
	sd = sqrt(sd / (double)(nr - 1));
	iqr = (quantile(r, 0, nr, 0.75) - quantile(r, 0, nr, 0.25)) / 1.34;
	h = fmax(0.9 * fmin(sd, iqr) * pow((double)nr, -0.2),
	    2 * SHAPEMAX / SHAPEBINS);
	f = xcalloc(SHAPEBINS, sizeof(*f));
	w = SHAPEMAX / SHAPEBINS;
	for (i = 0; i < nr; i++) {
		b0 = (long)floor((r[i] - 4 * h) / w);
		b1 = (long)ceil((r[i] + 4 * h) / w);
		for (b = b0 < 0 ? 0 : b0; b < b1 && b < SHAPEBINS; b++) {
			x = ((double)b + 0.5) * w - r[i];
			f[b] += exp(-x * x / (2 * h * h));
		}
	}
	for (b = 0, m = 0; b < SHAPEBINS; b++)
		m += f[b] * w;
	/* its log, with one in a hundred pairs anywhere in the window */
	for (b = 0; b < SHAPEBINS; b++)
		f[b] = log(f[b] / m + 0.01 / SHAPEMAX);
	e->shape = f;
	free(r);
	e->shaped = 1;
}

/*
 * Links past a blind device: a camera whose analytics log almost no one
 * (fewer than a BLIND-th of its busiest neighbour's sample) ties its
 * neighbours to nothing, and a stretch of cameras behind it to no gate.
 * Those who pass it are seen at the neighbours on either side: each two
 * of its neighbours not linked already are linked past it, the minimums
 * and maximums added, walked as both links are.  Returns u, grown, with
 * *nu.
 */
static struct ulink *
past_blind(const struct est *e, struct ulink *u, size_t *nu)
{
	const struct vg_graph	*g = &e->raw;
	size_t			 n0 = *nu, d, i, j, k, nn;
	int			*nb, *nmin, *nmax, *nways, x, y, busiest;

	nb = xcalloc(g->ndev + 1, sizeof(*nb));
	nmin = xcalloc(g->ndev + 1, sizeof(*nmin));
	nmax = xcalloc(g->ndev + 1, sizeof(*nmax));
	nways = xcalloc(g->ndev + 1, sizeof(*nways));
	for (d = 0; d < g->ndev; d++) {
		if (g->dev[d].type != VG_CAMERA)
			continue;
		/* its neighbours, each way it is walked toward d */
		for (nn = 0, busiest = 0, i = 0; i < n0; i++) {
			int	o = u[i].a == (int)d ? u[i].b : u[i].b ==
			    (int)d ? u[i].a : -1;

			if (o == -1)
				continue;
			nb[nn] = o;
			nmin[nn] = u[i].min;
			nmax[nn] = u[i].max;
			/* 1: toward d, 2: away from d */
			nways[nn] = u[i].ways == 3 ? 3 : (u[i].ways == 1) ==
			    (u[i].a == o) ? 1 : 2;
			if ((int)e->dev[o].n > busiest)
				busiest = (int)e->dev[o].n;
			nn++;
		}
		if (nn < 2 || (size_t)BLIND * e->dev[d].n >= (size_t)busiest)
			continue;
		for (i = 0; i < nn; i++) {
			for (j = 0; j < nn; j++) {
				if (nb[i] >= nb[j] || !(nways[i] & 1 ||
				    nways[j] & 1))
					continue;
				x = nb[i], y = nb[j];
				for (k = 0; k < *nu; k++)
					if (u[k].a == x && u[k].b == y)
						break;
				if (k < *nu)
					continue;
				u = xreallocarray(u, *nu + 1, sizeof(*u));
				u[*nu].a = x;
				u[*nu].b = y;
				u[*nu].min = nmin[i] + nmin[j];
				u[*nu].max = nmax[i] + nmax[j];
				/* x to y: toward d from x, away to y */
				u[*nu].ways = ((nways[i] & 1) && (nways[j] & 2) ?
				    1 : 0) | ((nways[j] & 1) && (nways[i] & 2) ?
				    2 : 0);
				if (u[*nu].ways != 0)
					(*nu)++;
			}
		}
	}
	free(nb);
	free(nmin);
	free(nmax);
	free(nways);
	return u;
}

/* The pairs across every link, and the equations they give. */
static void
equations(struct est *e, const int *anchor)
{
	const struct vg_graph	*g = &e->raw;
	struct ulink		*u, *lu;
	struct lpairs		*lp;
	size_t			 nu = 0, nlp = 0, i, npaces = 0;
	int64_t			 shift, reach, wide;
	int			 fresh = 0, cut;
	double			*paces = NULL;
	unsigned char		*sought;
	struct pbuf		 pb;

	u = xcalloc(g->nlink + 1, sizeof(*u));
	for (i = 0; i < g->nlink; i++) {
		const struct vg_glink	*l = &g->link[i];
		int			 fwd = l->a < l->b;

		if (l->a == l->b)
			continue;
		u[nu].a = fwd ? l->a : l->b;
		u[nu].b = fwd ? l->b : l->a;
		u[nu].min = l->min;
		u[nu].max = l->max;
		u[nu].ways = l->directed ? (fwd ? 1 : 2) : 3;
		nu++;
	}
	u = past_blind(e, u, &nu);
	vg_qsort(u, nu, sizeof(*u), ulink_cmp);
	/* the links are the same each time round: their pairs are kept */
	if (e->lp == NULL) {
		e->lp = xcalloc(nu + 1, sizeof(*e->lp));
		e->lwin = xcalloc(2 * nu + 2, sizeof(*e->lwin));
		e->lfit = xcalloc(nu + 1, sizeof(*e->lfit));
		e->lfitrc = xcalloc(nu + 1, sizeof(*e->lfitrc));
		e->lfitcut = xcalloc(nu + 1, 1);
		fresh = 1;
	}
	if (fresh)
		for (i = 0; i < g->ndev; i++)
			if (g->dev[i].watches)
				in_and_out(e, &e->dev[i]);
	lp = e->lp;
	lu = xcalloc(nu + 1, sizeof(*lu));
	sought = xcalloc(nu + 1, 1);
	memset(&pb, 0, sizeof(pb));
	for (i = 0; i < nu; ) {
		struct ulink	 m = u[i];

		for (i++; i < nu && u[i].a == m.a && u[i].b == m.b; i++) {
			m.min = u[i].min < m.min ? u[i].min : m.min;
			m.max = u[i].max > m.max ? u[i].max : m.max;
			m.ways |= u[i].ways;
		}
		told(e, "pairing across links", i, nu);
		lp[nlp].a = m.a;
		lp[nlp].b = m.b;
		if (e->centre == NULL) {
			shift = 0;
			reach = REACH;
		} else {
			shift = llround(e->centre[m.b] - e->centre[m.a]);
			reach = (int64_t)fmin((double)REACH, fmax((double)CLOSE,
			    RECLOSE * sqrt(e->cvar[m.a] + e->cvar[m.b])));
		}
		/* no one walks a link slower than twice the site's pace
		 * but by going round: those pairs are not transits */
		wide = (int64_t)m.max * US;
		if (e->centre != NULL && e->pace > 0)
			wide = (int64_t)fmin((double)wide, PACES * e->pace *
			    m.min * US);
		/*
		 * sought again only where the window moved, or where a
		 * clock is not yet known within SURE: links between clocks
		 * known where they were sought keep their pairs
		 */
		if (fresh || llabs(shift - e->lwin[2 * nlp]) > RECENTRED ||
		    (llabs(wide + reach - e->lwin[2 * nlp + 1]) > RECENTRED &&
		    !(e->cvar[m.a] <= (double)SURE * SURE &&
		    e->cvar[m.b] <= (double)SURE * SURE))) {
			free(lp[nlp].p);
			link_pairs(e, &e->dev[m.a], &e->dev[m.b], shift,
			    wide + reach, &lp[nlp], &pb);
			e->lwin[2 * nlp] = shift;
			e->lwin[2 * nlp + 1] = wide + reach;
			sought[nlp] = 1;
		}
		lu[nlp++] = m;
	}
	pbuf_free(&pb);
	/*
	 * Once the clocks are placed, pairs that went round are dropped
	 * (from a copy: the pairs found are kept for the next round).  Not
	 * before: with every clock at its coarse offset, a detour's hops
	 * cannot be told from a passer-by's, and dropping all that have a
	 * sighting between takes true pairs in crowds.
	 */
	if (e->centre != NULL) {
		lp = xcalloc(nlp + 1, sizeof(*lp));
		for (i = 0; i < nlp; i++) {
			lp[i] = e->lp[i];
			lp[i].p = xcalloc(lp[i].n + 1, sizeof(*lp[i].p));
			memcpy(lp[i].p, e->lp[i].p, lp[i].n *
			    sizeof(*lp[i].p));
		}
		detours(e, lp, lu, nlp, e->centre);
	}
	/* the times are moved once, the first time round */
	if (e->mdw == NULL)
		passage(e, lp, lu, nlp);
	for (i = 0; i < nlp; i++) {
		struct eqn	 q;

		/*
		 * tau cancels only where people walk both ways; pairs kept
		 * keep their fit (the times moved only the first time), but
		 * where detours were left out, now or for the fit kept
		 */
		cut = lp[i].n != e->lp[i].n;
		if (lu[i].ways == 3 && !(anchor[lu[i].a] && anchor[lu[i].b]) &&
		    (sought[i] || cut || e->lfitcut[i] || e->shaped)) {
			e->lfitrc[i] = fit_pairs(e, &lp[i], lu[i].min,
			    lu[i].max, &e->lfit[i]);
			e->lfitcut[i] = cut;
		}
		if (lu[i].ways == 3 && !(anchor[lu[i].a] && anchor[lu[i].b]) &&
		    e->lfitrc[i] == 0) {
			q = e->lfit[i];
			add_eqn(e, &q);
			if (e->centre == NULL && lu[i].min > 0) {
				paces = xreallocarray(paces, npaces + 1,
				    sizeof(*paces));
				paces[npaces++] = q.tau / ((double)lu[i].min *
				    US);
			}
		}
	}
	/* the site's pace, from the links walked both ways, once */
	if (e->centre == NULL && npaces >= MINDOUBT)
		e->pace = dmedian(paces, npaces);
	/* and the shape of its transits, for the rounds after */
	e->shaped = 0;
	if (e->centre == NULL && e->shape == NULL)
		learn_shape(e, lp, lu, nlp);
	free(paces);
	free(sought);
	free(lu);
	free(u);
	triples(e, lp, nlp, anchor);
	if (lp != e->lp) {
		for (i = 0; i < nlp; i++)
			free(lp[i].p);
		free(lp);
	}
	e->nlp = nlp;
}

/*
 * The coarse search.  A camera left on UTC is hours off, far beyond the
 * reach of the pairs; so before the fine fit each device's offset is
 * looked for over CRANGE either way, by a weighted cross-correlation of
 * its observations with those of its neighbours: every pair alike (the
 * same name, or the same colours and a look more likely one person's than
 * two) votes, with its log LR, for the offsets its link's transit bounds
 * allow, and the votes are set against what pairs at random would give at
 * each offset, as a z.  Devices are settled most certain first, from the
 * gates out, each against the neighbours settled before it.  Pairs crowd
 * at the offsets between the slots two devices were read in, whoever
 * walked, so a far peak must also stand out against what its own pairs
 * give at random (CZREL), and the devices moved together are tested as a
 * group: see coarse_groups().
 */
struct cacc {
	double		*h;		/* votes by lag bin, differenced */
	double		*b;		/* pairs by lag bin, differenced */
	double		*p;		/* pairs voting 1 or more, so */
	double		 sw, sw2, sn;	/* sum of votes, of squares, pairs */
	int64_t		 width;		/* widest transit window voted on */
};

#define CBINS	((size_t)(2 * (CRANGE / CBIN) + 1))

struct lref {
	int		 a, b;		/* devices, a < b */
	size_t		 i;		/* link */
};

static int
lref_cmp(const void *x, const void *y)
{
	const struct lref	*p = x, *q = y;

	if (p->a != q->a)
		return p->a - q->a;
	if (p->b != q->b)
		return p->b - q->b;
	return p->i < q->i ? -1 : p->i > q->i;
}

/* Flags, by link: the first link between its two devices. */
static unsigned char *
first_links(const struct vg_graph *g)
{
	struct lref	*r;
	unsigned char	*once;
	size_t		 i;

	r = xcalloc(g->nlink + 1, sizeof(*r));
	once = xcalloc(g->nlink + 1, 1);
	for (i = 0; i < g->nlink; i++) {
		r[i].a = g->link[i].a < g->link[i].b ? g->link[i].a :
		    g->link[i].b;
		r[i].b = g->link[i].a < g->link[i].b ? g->link[i].b :
		    g->link[i].a;
		r[i].i = i;
	}
	vg_qsort(r, g->nlink, sizeof(*r), lref_cmp);
	for (i = 0; i < g->nlink; i++)
		if (i == 0 || r[i].a != r[i - 1].a || r[i].b != r[i - 1].b)
			once[r[i].i] = 1;
	free(r);
	return once;
}

/* Add the pairs of x, device d's, with y, its settled neighbour f's. */
static void
coarse_pairs(struct est *e, struct cacc *c, int d, int f,
    const struct sdev *x, const struct sdev *y)
{
	const struct vg_graph	*g = &e->raw;
	int64_t			 klo[4], khi[4];
	uint32_t		*v = NULL;
	size_t			 nk = 0, i, j, stride, nv, vcap = 0;
	int			 q;

	for (i = 0; i < g->nlink && nk < 4; i++) {
		const struct vg_glink	*l = &g->link[i];

		if (l->a == l->b || !((l->a == d && l->b == f) ||
		    (l->a == f && l->b == d)))
			continue;
		/* f then d: s_d - s_f = dt - tau; d then f: dt + tau */
		if (l->a == f || !l->directed) {
			klo[nk] = -(int64_t)l->max * US;
			khi[nk++] = -(int64_t)l->min * US;
		}
		if ((l->a == d || !l->directed) && nk < 4) {
			klo[nk] = (int64_t)l->min * US;
			khi[nk++] = (int64_t)l->max * US;
		}
	}
	if (nk == 0 || x->n == 0 || y->n == 0)
		return;
	stride = x->n > CMAX ? (x->n + CMAX - 1) / CMAX : 1;
	for (i = 0; i < x->n; i += stride) {
		const struct sobs	*a = &x->o[i];

		nv = candidates(y, a, -FAR, FAR, &v, &vcap);
		for (j = 0; j < nv; j++) {
			const struct sobs	*b = &y->o[v[j]];
			double			 l, w;
			int64_t			 dt;

			l = pair_loglr(e, x, a, y, b);
			if (l == -INFINITY)
				continue;
			w = l > 0 ? l : 0;
			dt = a->t - b->t + (int64_t)e->coarse[f];
			for (q = 0; q < (int)nk; q++) {
				int64_t	lo = dt + klo[q], hi = dt + khi[q];
				size_t	b0, b1;

				if (hi < -CRANGE || lo > CRANGE)
					continue;
				lo = lo < -CRANGE ? -CRANGE : lo;
				hi = hi > CRANGE ? CRANGE : hi;
				if (khi[q] - klo[q] > c->width)
					c->width = khi[q] - klo[q];
				b0 = (size_t)((lo + CRANGE) / CBIN);
				b1 = (size_t)((hi + CRANGE) / CBIN) + 1;
				c->h[b0] += w;
				c->h[b1] -= w;
				c->b[b0] += 1;
				c->b[b1] -= 1;
				c->p[b0] += w >= 1;
				c->p[b1] -= w >= 1;
				c->sw += w;
				c->sw2 += w * w;
				c->sn += 1;
			}
		}
	}
	free(v);
}

/* Add the pairs of d with its settled neighbour f to d's votes. */
static void
coarse_add(struct est *e, struct cacc *c, int d, int f)
{
	coarse_pairs(e, c, d, f, &e->dev[d], &e->dev[f]);
}

/*
 * The offset with the highest z in c, that z, and the best z near 0.  A
 * bin's votes are set against those of the bins around it, within CWIDE
 * and beyond the reach of its own peak: flows change over the day, and
 * the votes with them, but slowly beside a transit.
 */
static void
coarse_best(const struct cacc *c, double *off, double *z, double *z0,
    double *zrel, double *wide)
{
	double	*hs, *bs, *ps, *zs, *zr, m2, hb, bb, pb, zk, nb, hall;
	size_t	 k, gap, lo, hi, glo, ghi, top = 0;

	*off = 0;
	*z = *z0 = *zrel = -INFINITY;
	if (wide != NULL)
		*wide = INFINITY;
	if (c->sn == 0)
		return;
	m2 = c->sw2 / c->sn;
	if (m2 <= 0)
		return;
	/* prefix sums of the votes and pairs by bin */
	hs = xcalloc(CBINS + 1, sizeof(*hs));
	bs = xcalloc(CBINS + 1, sizeof(*bs));
	ps = xcalloc(CBINS + 1, sizeof(*ps));
	zs = xcalloc(CBINS + 1, sizeof(*zs));
	zr = xcalloc(CBINS + 1, sizeof(*zr));
	for (k = 0; k < CBINS; k++)
		zs[k] = zr[k] = -INFINITY;
	for (k = 0, hb = bb = pb = 0; k < CBINS; k++) {
		hb += c->h[k];
		bb += c->b[k];
		pb += c->p[k];
		hs[k + 1] = hs[k] + hb;
		bs[k + 1] = bs[k] + bb;
		ps[k + 1] = ps[k] + pb;
	}
	gap = (size_t)(c->width / CBIN) + 3;
	hall = hs[CBINS] / bs[CBINS];
	for (k = 0; k < CBINS; k++) {
		int64_t	lag = (int64_t)k * CBIN - CRANGE + CBIN / 2;
		double	h = hs[k + 1] - hs[k], b = bs[k + 1] - bs[k];

		if (b < 0.5)
			continue;
		lo = k > CWIDE ? k - CWIDE : 0;
		hi = k + CWIDE + 1 < CBINS ? k + CWIDE + 1 : CBINS;
		glo = k > gap ? k - gap : 0;
		ghi = k + gap + 1 < CBINS ? k + gap + 1 : CBINS;
		nb = (double)(glo - lo + hi - ghi);
		if (nb < CWIDE)
			continue;
		hb = hs[glo] - hs[lo] + hs[hi] - hs[ghi];
		bb = bs[glo] - bs[lo] + bs[hi] - bs[ghi];
		pb = ps[glo] - ps[lo] + ps[hi] - ps[ghi];
		/*
		 * what the bin's own pairs would vote at random: the votes
		 * a pair around it casts (CPRIOR pairs' worth of the whole
		 * histogram's besides); pairs crowd at some offsets only
		 * because of the slots the two devices were read in
		 */
		zr[k] = (h - b * (hb + CPRIOR * hall) / (bb + CPRIOR)) /
		    sqrt(m2 * (b + 1));
		hb /= nb;
		bb /= nb;
		pb /= nb;
		/* a few lucky pairs are no peak */
		if (ps[k + 1] - ps[k] - pb < CPAIRS)
			continue;
		zk = (h - hb) / sqrt(m2 * (bb + 1));
		if (zk > *z) {
			*z = zk;
			*off = (double)lag;
			top = k;
		}
		zs[k] = zk;
		if (llabs(lag) <= REACH / 2 && zk > *z0)
			*z0 = zk;
	}
	/* the middle of the plateau a peak is, where its z is within 1 */
	if (*z > -INFINITY) {
		for (lo = top; lo > 0 && zs[lo - 1] >= *z - 1; lo--)
			;
		for (hi = top; hi + 1 < CBINS && zs[hi + 1] >= *z - 1; hi++)
			;
		*off = (double)((int64_t)(lo + hi) * CBIN / 2 - CRANGE +
		    CBIN / 2);
		if (wide != NULL)
			*wide = (double)((int64_t)(hi - lo + 1) * CBIN);
		for (k = lo; k <= hi; k++)
			if (zr[k] > *zrel)
				*zrel = zr[k];
	}
	free(zr);
	free(hs);
	free(bs);
	free(ps);
	free(zs);
}

/* Read device i's observations in slots k[0..n) into d, indexed. */
static int
read_slots(struct est *e, int i, const size_t *k, size_t n, struct sdev *d)
{
	size_t	j;
	int64_t	*lo, *hi;
	int	 rc;

	e->cur = d;
	lo = xcalloc(n + 1, sizeof(*lo));
	hi = xcalloc(n + 1, sizeof(*hi));
	for (j = 0; j < n; j++) {
		lo[j] = e->t0 + (int64_t)k[j] * SLOT;
		hi[j] = lo[j] + SLOT - 1;
	}
	rc = vg_ar_windows(e->ar, &e->raw, i, lo, hi, n, sample_row, e,
	    e->err);
	free(lo);
	free(hi);
	if (rc == -1) {
		e->failed = 1;
		return -1;
	}
	if (e->raw.dev[i].type == VG_GATE)
		lend_dev(e, d);
	index_dev(d);
	return 0;
}

/* Free what d holds: its sample (what sample() or read_slots() read)
 * and its slots. */
static void
sdev_free(struct sdev *d)
{
	free(d->o);
	free(d->emb);
	free(d->norm);
	free(d->byper);
	free(d->bycol);
	free(d->slot);
	free(d->rate);
	free(d->later);
	free(d->earlier);
}

struct both {
	double		 rate;		/* the quieter's count in the slot */
	size_t		 k;		/* the slot */
};

/* Busiest first, then by time. */
static int
both_cmp(const void *a, const void *b)
{
	const struct both	*x = a, *y = b;

	if (x->rate != y->rate)
		return x->rate > y->rate ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

/*
 * The best z near 0 of d's votes against its settled neighbours, read
 * afresh where each pair of them is busiest together.  Where people keep
 * hours, a device can read its busy mornings and its neighbour its busy
 * evenings: the same people a shift apart make a far peak, and no slot
 * either read holds them passing both, so the passage near 0 goes
 * untested.  With each settled neighbour, the slots both saw someone in
 * are ranked by the quieter's count in the gauge, and taken as in
 * sample(), up to SHARED and until the quieter holds about LINKSAMPLE;
 * d is read in them, the neighbour in them and AROUND slots either side,
 * the background of the bins near 0.  A clock hours off shows no passage
 * there: at the same time on both clocks, its people are elsewhere.
 */
static double
passage_z(struct est *e, int d, const int *anchor, const unsigned char *fixed,
    const unsigned char *once)
{
	const struct vg_graph	*g = &e->raw;
	const struct sdev	*x = &e->dev[d];
	struct sdev		 rx, ry;
	struct both		*bo;
	struct cacc		 c;
	size_t			 i, j, m, n, *k, *kk;
	double			 best, z, z0, zr, total;
	int			 f, w, w2;

	if (e->failed)
		return -INFINITY;
	memset(&c, 0, sizeof(c));
	c.h = xcalloc(CBINS + 1, sizeof(double));
	c.b = xcalloc(CBINS + 1, sizeof(double));
	c.p = xcalloc(CBINS + 1, sizeof(double));
	bo = xcalloc(x->nslot + 1, sizeof(*bo));
	k = xcalloc(SHARED + 1, sizeof(*k));
	kk = xcalloc(SHARED * (2 * AROUND + 1) + 1, sizeof(*kk));
	for (i = 0; i < g->nlink && !e->failed; i++) {
		const struct vg_glink	*l = &g->link[i];
		const struct sdev	*y;

		for (w = 0; w < 2; w++) {
			f = w ? l->a : l->b;
			if (l->a == l->b || !once[i] || (w ? l->b : l->a) !=
			    d || !(anchor[f] || fixed[f] == 1))
				continue;
			y = &e->dev[f];
			for (m = 0, j = 0, n = 0; j < x->nslot && n < y->nslot; ) {
				if (x->slot[j] < y->slot[n])
					j++;
				else if (x->slot[j] > y->slot[n])
					n++;
				else {
					bo[m].k = x->slot[j];
					bo[m++].rate = fmin(x->rate[j++],
					    y->rate[n++]);
				}
			}
			vg_qsort(bo, m, sizeof(*bo), both_cmp);
			for (total = 0, n = 0; n < m && n < SHARED &&
			    total < LINKSAMPLE; n++) {
				k[n] = bo[n].k;
				total += bo[n].rate;
			}
			if (n == 0)
				continue;
			vg_qsort(k, n, sizeof(*k), size_cmp);
			/* the neighbour around them, for the background */
			for (m = 0, j = 0; j < n; j++)
				for (w2 = -AROUND; w2 <= AROUND; w2++)
					if ((int64_t)k[j] + w2 >= 0 && (m == 0 ||
					    kk[m - 1] < (size_t)((int64_t)k[j] +
					    w2)))
						kk[m++] = (size_t)((int64_t)k[j] +
						    w2);
			memset(&rx, 0, sizeof(rx));
			memset(&ry, 0, sizeof(ry));
			if (read_slots(e, d, k, n, &rx) == 0 &&
			    read_slots(e, f, kk, m, &ry) == 0)
				coarse_pairs(e, &c, d, f, &rx, &ry);
			sdev_free(&rx);
			sdev_free(&ry);
		}
	}
	coarse_best(&c, &best, &z, &z0, &zr, NULL);
	free(bo);
	free(k);
	free(kk);
	free(c.h);
	free(c.b);
	free(c.p);
	return e->failed ? -INFINITY : z0;
}

/*
 * Whether device d's coarse peak at best (z bz; the best near 0 bz0; its
 * lead over its pairs at random bzr) is far and clear, as coarse()
 * judges: far from 0 with CZMIN, a CZGAP lead over the best near 0 and
 * CZREL, and half an hour or more only when the passage near 0, read
 * afresh (passage_z()), stands under CZMIN or under CZPASS of the far
 * peak's z.  *pz is that passage's z, -INFINITY where it was not read.
 */
static int
coarse_far(struct est *e, int d, double best, double bz, double bz0,
    double bzr, const int *anchor, const unsigned char *fixed,
    const unsigned char *once, double *pz)
{
	*pz = -INFINITY;
	if (!(fabs(best) > REACH / 2 && bz >= CZMIN && bz >= bz0 + CZGAP &&
	    bzr >= CZREL))
		return 0;
	return !(fabs(best) >= (double)HALFHOUR &&
	    (*pz = passage_z(e, d, anchor, fixed, once)) >= CZMIN &&
	    *pz >= CZPASS * bz);
}

/* A far peak's offset: hours off are whole half hours (and the seconds
 * within the reach of them), any other itself. */
static double
coarse_at(double best)
{
	double	h = (double)HALFHOUR * llround(best / HALFHOUR);

	return h != 0 && fabs(best - h) <= (double)REACH ? h : best;
}

/* The root of device d's group, halving the path. */
static int
group_root(int *up, int d)
{
	while (up[d] != d) {
		up[d] = up[up[d]];
		d = up[d];
	}
	return d;
}

/*
 * Device d's votes with its settled neighbours into c, those moved and
 * of group r left out (moved NULL: none).
 */
static void
settled_votes(struct est *e, struct cacc *c, int d, const int *anchor,
    const unsigned char *fixed, const unsigned char *once, const int *moved,
    int *up, int r)
{
	const struct vg_graph	*g = &e->raw;
	size_t			 i;
	int			 f, z;

	for (i = 0; i < g->nlink; i++) {
		const struct vg_glink	*l = &g->link[i];

		for (z = 0; z < 2; z++) {
			f = z ? l->a : l->b;
			if (l->a == l->b || !once[i] || (z ? l->b : l->a) != d ||
			    (moved != NULL && moved[f] &&
			    group_root(up, f) == r) ||
			    !(anchor[f] || fixed[f] == 1))
				continue;
			coarse_add(e, c, d, f);
		}
	}
}

/*
 * The devices moved alone (in no group of their own) beside a group that
 * went back to 0, settled again against where their settled neighbours
 * now stand: each was settled against the group where it was put, so its
 * offset holds the group's false shift too (a right clock beside a group
 * put 1.5 h off sits 1.5 h off, a clock an hour slow half an hour fast).
 * Its votes are read again with the group at 0 and judged as coarse()
 * judges a device's: far only with CZMIN, a CZGAP lead over the best near
 * 0 and CZREL, half an hour or more only when the passage near 0 does not
 * stand (passage_z()); else it too goes back to 0.  Those it moves are
 * then the same for their own lone neighbours, once each.  back[] marks
 * the devices gone back (or settled again).
 */
static void
resettle(struct est *e, const int *anchor, const unsigned char *fixed,
    const unsigned char *once, int *up, const int *next,
    const int *moved, unsigned char *back)
{
	const struct vg_graph	*g = &e->raw;
	struct cacc		 c;
	double			 best, bz, bz0, bzr, pz;
	size_t			 i;
	int			 d, again, near;

	do {
		again = 0;
		for (d = 0; d < (int)g->ndev; d++) {
			if (!moved[d] || back[d] || up[d] != d ||
			    next[d] != -1 || fabs(e->coarse[d]) <=
			    (double)REACH / 2)
				continue;
			for (near = 0, i = 0; i < g->nlink && !near; i++)
				near = (g->link[i].a == d &&
				    back[g->link[i].b] == 1) ||
				    (g->link[i].b == d &&
				    back[g->link[i].a] == 1);
			if (!near)
				continue;
			memset(&c, 0, sizeof(c));
			c.h = xcalloc(CBINS + 1, sizeof(double));
			c.b = xcalloc(CBINS + 1, sizeof(double));
			c.p = xcalloc(CBINS + 1, sizeof(double));
			settled_votes(e, &c, d, anchor, fixed, once, NULL, up,
			    -1);
			coarse_best(&c, &best, &bz, &bz0, &bzr, NULL);
			free(c.h);
			free(c.b);
			free(c.p);
			if (coarse_far(e, d, best, bz, bz0, bzr, anchor, fixed,
			    once, &pz)) {
				e->coarse[d] = coarse_at(best);
				e->cz[d] = bz;
			} else {
				e->coarse[d] = 0;
				e->cz[d] = bz0 > 0 ? bz0 : 0;
			}
			e->cnvar[d] = INFINITY;
			back[d] = 2;
			again = 1;
		}
		for (d = 0; d < (int)g->ndev; d++)
			if (back[d] == 2)
				back[d] = 1;
	} while (again);
}

/*
 * A device settled against one neighbour becomes the neighbour its own
 * neighbours are settled against: one false peak then moves a whole block
 * of right cameras together, and each of them, set against the others,
 * looks right.  So each group of devices the coarse search moved, linked
 * and within REACH of each other, is tested as one, against the settled
 * neighbours outside it only: its members' votes with those, summed, must
 * peak within REACH of where each member was put, lead the best near 0 by
 * CZGAP and stand CZREL above what their own pairs give at random, or the
 * whole group goes back to 0.  (A chain of devices, each settled against
 * the one before, drifts with each link's own peak: spread over more than
 * REACH, a group was not moved by one offset.)  A group put half an hour or more off must
 * also show no peak near 0 at all: where people keep hours, the same
 * people pass a way in the morning and its neighbour the way out a shift
 * later, so right clocks show a peak at the shift's length too (the
 * return) beside the one near 0 (the passage), and which is higher
 * depends only on the slots each device read.  A clock off by hours shows
 * no passage near 0.  (Minutes off, the peak's own shoulder reaches 0.)
 */
static void
coarse_groups(struct est *e, const int *anchor, const unsigned char *fixed,
    const unsigned char *once)
{
	const struct vg_graph	*g = &e->raw;
	struct cacc		 c;
	int			*up, *next, *moved, r, d;
	unsigned char		*back;
	size_t			 i;
	double			 best, bz, bz0, bzr, mean, lo, hi;
	int			 n;

	up = xcalloc(g->ndev + 1, sizeof(*up));
	next = xcalloc(g->ndev + 1, sizeof(*next));
	moved = xcalloc(g->ndev + 1, sizeof(*moved));
	back = xcalloc(g->ndev + 1, 1);
	for (i = 0; i < g->ndev; i++) {
		up[i] = (int)i;
		moved[i] = !anchor[i] && fabs(e->coarse[i]) > REACH / 2;
	}
	for (i = 0; i < g->nlink; i++) {
		const struct vg_glink	*l = &g->link[i];

		if (l->a != l->b && moved[l->a] && moved[l->b] &&
		    fabs(e->coarse[l->a] - e->coarse[l->b]) <= (double)REACH)
			up[group_root(up, l->a)] = group_root(up, l->b);
	}
	/* members of a group in a list from its root */
	for (i = 0; i < g->ndev; i++)
		next[i] = -1;
	for (i = 0; i < g->ndev; i++) {
		if (!moved[i] || (r = group_root(up, (int)i)) == (int)i)
			continue;
		next[i] = next[r];
		next[r] = (int)i;
	}
	for (r = 0; r < (int)g->ndev; r++) {
		if (!moved[r] || group_root(up, r) != r || next[r] == -1)
			continue;
		memset(&c, 0, sizeof(c));
		c.h = xcalloc(CBINS + 1, sizeof(double));
		c.b = xcalloc(CBINS + 1, sizeof(double));
		c.p = xcalloc(CBINS + 1, sizeof(double));
		lo = hi = e->coarse[r];
		for (mean = 0, n = 0, d = r; d != -1; d = next[d], n++) {
			mean += e->coarse[d];
			lo = fmin(lo, e->coarse[d]);
			hi = fmax(hi, e->coarse[d]);
			settled_votes(e, &c, d, anchor, fixed, once, moved,
			    up, r);
		}
		mean /= n;
		coarse_best(&c, &best, &bz, &bz0, &bzr, NULL);
		free(c.h);
		free(c.b);
		free(c.p);
		if (bz >= CZMIN && bz >= bz0 + CZGAP && bzr >= CZREL &&
		    best - lo <= (double)REACH && hi - best <= (double)REACH &&
		    (fabs(mean) < (double)HALFHOUR || bz0 < CZMIN))
			continue;
		for (d = r; d != -1; d = next[d]) {
			e->coarse[d] = 0;
			e->cz[d] = bz0 > 0 ? bz0 : 0;
			e->cnvar[d] = INFINITY;
			back[d] = 1;
		}
	}
	resettle(e, anchor, fixed, once, up, next, moved, back);
	free(up);
	free(next);
	free(moved);
	free(back);
}

/*
 * The seed of an island: the device with the most observations of those
 * still open that have an open neighbour with observations, or -1.  When
 * no open device has a clear peak against the settled, the rest may be a
 * part of the site joined to them only by blind or quiet cameras (or not
 * at all): nothing settled can vote there, yet its devices can vote for
 * each other.  The seed is taken at 0 for them to settle against; which
 * of them is right is decided after (island_shift()).
 */
static int
island_seed(const struct est *e, const unsigned char *fixed)
{
	const struct vg_graph	*g = &e->raw;
	unsigned char		*open;
	size_t			 i;
	int			 d = -1, a, b;

	open = xcalloc(g->ndev + 1, 1);
	for (i = 0; i < g->nlink; i++) {
		a = g->link[i].a;
		b = g->link[i].b;
		if (a == b || fixed[a] || fixed[b] || e->dev[a].n == 0 ||
		    e->dev[b].n == 0)
			continue;
		open[a] = open[b] = 1;
	}
	for (i = 0; i < g->ndev; i++)
		if (open[i] && (d == -1 || e->dev[i].n > e->dev[d].n))
			d = (int)i;
	free(open);
	return d;
}

/* A coarse offset's class: its whole half hours when it is hours off
 * (as coarse() rounds them), itself when far otherwise, or 0. */
static double
coarse_class(double c)
{
	double	h = (double)HALFHOUR * llround(c / HALFHOUR);

	if (fabs(c) <= (double)REACH / 2)
		return 0;
	return fabs(c - h) <= (double)REACH ? h : c;
}

/*
 * The devices settled from island seed r (isle[] r) moved together so
 * that most of them are at 0: clocks are mostly right, and the island's
 * votes tell only how its clocks differ.  When no offset is shared by
 * more of them than any other, which are right is not known, and every
 * one of them is left at 0.
 */
static void
island_shift(struct est *e, const int *isle, const unsigned char *fixed,
    int r)
{
	const struct vg_graph	*g = &e->raw;
	size_t			 i, j, n, most = 0, tied = 0;
	double			 top = 0, cl, z = 0;

	for (i = 0; i < g->ndev; i++) {
		if (isle[i] != r || fixed[i] != 1)
			continue;
		cl = coarse_class(e->coarse[i]);
		for (n = 0, j = 0; j < g->ndev; j++)
			n += isle[j] == r && fixed[j] == 1 &&
			    coarse_class(e->coarse[j]) == cl;
		if (n > most) {
			most = n;
			top = cl;
			tied = 0;
		} else if (n == most && cl != top)
			tied = 1;
		if (e->cz[i] > z)
			z = e->cz[i];
	}
	if (top == 0 && !tied)
		return;
	for (i = 0; i < g->ndev; i++) {
		if (isle[i] != r || fixed[i] != 1)
			continue;
		if (tied) {
			if (e->coarse[i] != 0)
				e->cz[i] = 0;
			e->coarse[i] = 0;
			e->cnvar[i] = INFINITY;
			continue;
		}
		e->coarse[i] -= top;
		if (coarse_class(e->coarse[i]) == 0) {
			e->cnear[i] += e->coarse[i];
			e->coarse[i] = 0;
			continue;
		}
		/* the seed, moved, by the island's evidence */
		if (e->cz[i] == 0)
			e->cz[i] = z;
	}
}

/*
 * Settle the coarse offsets: gates at their recorded offset, then, most
 * certain first, each device whose votes against its settled neighbours
 * show a clear peak: far from 0 only when it leads the best near 0 by
 * CZGAP, and half an hour or more only when the passage near 0, read
 * afresh where the device and its neighbours are busy together
 * (passage_z()), stands under CZMIN or under CZPASS of the far peak's z.
 * When none is left with a clear peak, the busiest open device beside
 * another open one seeds an island (island_seed(), island_shift()).
 * Devices never settled keep 0, and the fine fit's reach; those
 * the fine fit's first round then does not reach are searched again
 * (recoarse()).  With only[] (not NULL), the devices neither anchors nor
 * in it are left out.  fixed[] is 0 for a device still open, 1 settled
 * (its votes cast), 2 unsure (a far peak that did not lead), 3 left out.
 */
static void
coarse(struct est *e, const int *anchor, const double *s,
    const unsigned char *only)
{
	const struct vg_graph	*g = &e->raw;
	struct cacc		*c;
	unsigned char		*fixed, *dirty, *once;
	double			*best, *bz, *bz0, *bzr, *bw;
	size_t			 i, k, nfixed;
	int			 f, d, seed = -1, *isle;
	double			 pz;

	c = xcalloc(g->ndev + 1, sizeof(*c));
	once = first_links(g);
	isle = xcalloc(g->ndev + 1, sizeof(*isle));
	fixed = xcalloc(g->ndev + 1, 1);
	dirty = xcalloc(g->ndev + 1, 1);
	best = xcalloc(g->ndev + 1, sizeof(*best));
	bz = xcalloc(g->ndev + 1, sizeof(*bz));
	bz0 = xcalloc(g->ndev + 1, sizeof(*bz0));
	bzr = xcalloc(g->ndev + 1, sizeof(*bzr));
	bw = xcalloc(g->ndev + 1, sizeof(*bw));
	for (i = 0; i < g->ndev; i++) {
		e->coarse[i] = anchor[i] ? s[i] : 0;
		e->cz[i] = 0;
		isle[i] = -1;
		bz[i] = -INFINITY;
		/* left out: neither settled nor voted for, nor voting */
		if (only != NULL && !anchor[i] && !only[i])
			fixed[i] = 3;
	}
	for (f = -1;;) {
		/* the newly settled (all anchors, the first time) vote */
		for (i = 0; i < g->nlink; i++) {
			const struct vg_glink	*l = &g->link[i];
			int			 z;

			for (z = 0; z < 2; z++) {
				int	 from = z ? l->b : l->a;
				int	 to = z ? l->a : l->b;

				/* coarse_add() reads every link of the pair */
				if (l->a == l->b || !once[i] || fixed[to] ||
				    !(f == -1 ? anchor[from] : from == f))
					continue;
				if (c[to].h == NULL) {
					c[to].h = xcalloc(CBINS + 1,
					    sizeof(double));
					c[to].b = xcalloc(CBINS + 1,
					    sizeof(double));
					c[to].p = xcalloc(CBINS + 1,
					    sizeof(double));
				}
				coarse_add(e, &c[to], to, from);
				dirty[to] = 1;
			}
		}
		if (f == -1)
			for (i = 0; i < g->ndev; i++)
				if (anchor[i])
					fixed[i] = 1;
		/* f's votes are cast: none again until another settles */
		f = -2;
		for (i = 0; i < g->ndev; i++) {
			if (!dirty[i])
				continue;
			dirty[i] = 0;
			coarse_best(&c[i], &best[i], &bz[i], &bz0[i],
			    &bzr[i], &bw[i]);
		}
		/* the most certain not yet settled */
		for (d = -1, k = 0; k < g->ndev; k++)
			if (!fixed[k] && bz[k] >= CZMIN &&
			    (d == -1 || bz[k] > bz[d]))
				d = (int)k;
		if (d == -1) {
			/* none the settled reach: an island, if any, seeded */
			if (only != NULL || (d = island_seed(e, fixed)) == -1)
				break;
			fixed[d] = 1;
			isle[d] = seed = d;
			f = d;
			free(c[d].h);
			free(c[d].b);
			free(c[d].p);
			c[d].h = c[d].b = c[d].p = NULL;
			continue;
		}
		fixed[d] = 1;
		isle[d] = seed;
		for (nfixed = 0, k = 0; k < g->ndev; k++)
			nfixed += fixed[k] != 0;
		told(e, "coarse offsets", nfixed, g->ndev);
		/* (bz[d] is CZMIN or more: d was chosen by it) */
		if (coarse_far(e, d, best[d], bz[d], bz0[d], bzr[d], anchor,
		    fixed, once, &pz)) {
			e->coarse[d] = coarse_at(best[d]);
			e->cz[d] = bz[d];
		} else if (bz0[d] >= CZMIN || pz >= CZMIN) {
			e->cz[d] = fmax(bz0[d], pz);
			/* the peak's place is of a far one, not taken */
			if (fabs(best[d]) > (double)REACH / 2)
				bw[d] = INFINITY;
		} else {
			/* a peak far off that does not lead enough: unsure */
			fixed[d] = 2;
			bz[d] = -INFINITY;
			continue;
		}
		/*
		 * where the peak is beside the offset taken, and how
		 * surely (its plateau), for a device the fine fit's widest
		 * windows then miss (centre())
		 */
		if (only == NULL && isfinite(bw[d])) {
			e->cnear[d] = best[d] - e->coarse[d];
			e->cnvar[d] = bw[d] * bw[d] / 12;
		}
		f = d;
		free(c[d].h);
		free(c[d].b);
		free(c[d].p);
		c[d].h = c[d].b = c[d].p = NULL;
	}
	for (i = 0; i < g->ndev; i++) {
		free(c[i].h);
		free(c[i].b);
		free(c[i].p);
	}
	free(c);
	for (d = 0; d < (int)g->ndev; d++)
		if (isle[d] == d)
			island_shift(e, isle, fixed, d);
	coarse_groups(e, anchor, fixed, once);
	free(once);
	free(fixed);
	free(isle);
	free(dirty);
	free(best);
	free(bz);
	free(bz0);
	free(bzr);
	free(bw);
}

/*
 * Cholesky of the n x n matrix a, in place below the diagonal.  a is block
 * diagonal: column j's block is [lo[j], hi[j]), and nothing outside the
 * blocks is read or written (gates, held, cut the devices into groups
 * that no equation joins, and a campus's thousand devices into blocks of
 * tens).
 */
static void
cholesky(double *a, size_t n, const size_t *lo, const size_t *hi,
    unsigned char *lost)
{
	size_t	i, j, k, f, *first;
	double	d, diag;

	/*
	 * a row's zeros before its first entry stay zeros in L, and sums
	 * start there (what they skip is nought taken from +0: the same
	 * bits)
	 */
	first = xcalloc(n + 1, sizeof(*first));
	for (i = 0; i < n; i++)
		for (first[i] = lo[i]; first[i] < i &&
		    a[i * n + first[i]] == 0; first[i]++)
			;
	for (j = 0; j < n; j++) {
		diag = a[j * n + j];
		d = diag;
		for (k = first[j]; k < j; k++)
			d -= a[j * n + k] * a[j * n + k];
		/* nothing left to tell this one by */
		if (d <= 1e-9 * diag || d <= 0) {
			lost[j] = 1;
			a[j * n + j] = 1;
			for (i = j + 1; i < hi[j]; i++)
				a[i * n + j] = 0;
			continue;
		}
		a[j * n + j] = sqrt(d);
		/* four rows at once, each summed as alone */
		for (i = j + 1; i + 4 <= hi[j]; i += 4) {
			const double	*r = &a[j * n];
			double		*r0 = &a[i * n], *r1 = r0 + n;
			double		*r2 = r1 + n, *r3 = r2 + n;
			double		 v0 = r0[j], v1 = r1[j], v2 = r2[j];
			double		 v3 = r3[j];

			f = first[j];
			if (first[i] > f && first[i + 1] > f &&
			    first[i + 2] > f && first[i + 3] > f) {
				f = first[i];
				if (first[i + 1] < f)
					f = first[i + 1];
				if (first[i + 2] < f)
					f = first[i + 2];
				if (first[i + 3] < f)
					f = first[i + 3];
			}
			for (k = f; k < j; k++) {
				v0 -= r0[k] * r[k];
				v1 -= r1[k] * r[k];
				v2 -= r2[k] * r[k];
				v3 -= r3[k] * r[k];
			}
			r0[j] = v0 / r[j];
			r1[j] = v1 / r[j];
			r2[j] = v2 / r[j];
			r3[j] = v3 / r[j];
		}
		for (; i < hi[j]; i++) {
			double	v = a[i * n + j];

			f = first[i] > first[j] ? first[i] : first[j];
			for (k = f; k < j; k++)
				v -= a[i * n + k] * a[j * n + k];
			a[i * n + j] = v / a[j * n + j];
		}
	}
	free(first);
}

/*
 * The diagonal of the inverse of the matrix whose Cholesky factor L is in
 * a (cholesky()), into d: the column norms of L^-1, x room for four
 * columns (4 n).  Four columns of a block are solved at once, each with
 * its own sums in the same order as alone (the same bits), so that a row
 * of L read serves four.
 */
static void
inv_diag(const double *a, size_t n, const size_t *hi, double *x, double *d)
{
	size_t	i, j, k, c, *first;
	double	v, sum, w[4], t[4];

	/* as in cholesky(): a row's sums start at its first entry */
	first = xcalloc(n + 1, sizeof(*first));
	for (i = 0; i < n; i++)
		for (first[i] = 0; first[i] < i && a[i * n + first[i]] == 0;
		    first[i]++)
			;
	for (j = 0; j < n; ) {
		if (j + 4 > hi[j]) {
			for (sum = 0, i = j; i < hi[j]; i++) {
				v = i == j ? 1 : 0;
				for (k = first[i] > j ? first[i] : j; k < i;
				    k++)
					v -= a[i * n + k] * x[k];
				x[i] = v / a[i * n + i];
				sum += x[i] * x[i];
			}
			d[j++] = sum;
			continue;
		}
		/* x[4 k + c] is row k of column j + c */
		for (c = 0; c < 4; c++)
			t[c] = 0;
		for (i = j; i < hi[j]; i++) {
			const double	*r = &a[i * n];

			for (c = 0; c < 4; c++)
				w[c] = i == j + c ? 1 : 0;
			for (k = first[i] > j ? first[i] : j; k < i &&
			    k < j + 3; k++)
				for (c = 0; c <= k - j; c++)
					w[c] -= r[k] * x[4 * k + c];
			for (; k < i; k++) {
				w[0] -= r[k] * x[4 * k];
				w[1] -= r[k] * x[4 * k + 1];
				w[2] -= r[k] * x[4 * k + 2];
				w[3] -= r[k] * x[4 * k + 3];
			}
			for (c = 0; c < 4 && j + c <= i; c++) {
				x[4 * i + c] = w[c] / r[i];
				t[c] += x[4 * i + c] * x[4 * i + c];
			}
		}
		for (c = 0; c < 4; c++)
			d[j + c] = t[c];
		j += 4;
	}
	free(first);
}

/* What the offsets s leave of equation eq's right-hand side. */
static double
residual(const struct eqn *eq, const double *s)
{
	double	r = eq->k;
	int	p;

	for (p = 0; p < eq->nv; p++)
		r -= eq->c[p] * s[eq->v[p]];
	return r;
}

/* Equation eq's weight where the offsets are s: Huber's. */
static double
huber(const struct eqn *eq, const double *s)
{
	double	u = fabs(residual(eq, s)) / eq->sigma;

	return (u > HUBER ? HUBER / u : 1) / (eq->sigma * eq->sigma);
}

/*
 * The prior of a device's fine offset: with probability pi its clock is
 * right (within RIGHT of the offset that undoes the coarse one), else its
 * offset is anywhere within the fine fit's reach.  The probability that
 * it is right given the equations, which say s with variance v, ignoring
 * the prior itself.
 */
static double
right_given(double s, double mean, double v, double pi)
{
	double	var = (double)RIGHT * RIGHT + v, d = s - mean, p0, p1;

	p0 = pi * exp(-d * d / (2 * var)) / sqrt(2 * M_PI * var);
	p1 = (1 - pi) / (2.0 * REACH);
	return p0 / (p0 + p1);
}

/*
 * The cost (negative log) of the prior of a fine offset d from the one
 * that makes the clock right: right within RIGHT with probability pi,
 * else anywhere within the reach of the pairs.  An offset beyond the reach
 * pays more the farther it is (by LOOSE / 2), as no pair reaches it.
 */
static double
prior_cost(double d, double pi)
{
	double	c, over;

	c = -log(pi * exp(-d * d / (2.0 * RIGHT * RIGHT)) /
	    sqrt(2 * M_PI * RIGHT * RIGHT) + (1 - pi) / (2.0 * REACH));
	if ((over = fabs(d) - (double)REACH) > 0)
		c += over * over / (2.0 * (LOOSE / 2) * (LOOSE / 2));
	return c;
}

/*
 * Number the columns col[] (0 to n - 1, -1 for none) again so that each
 * group of devices the equations join is a run of columns; *lo and *hi
 * get, for each column, where its run starts and ends.
 */
static void
blocks(const struct est *e, int *col, size_t n, size_t **lo, size_t **hi)
{
	int	*up, *root, p, q;
	size_t	 i, k, *start, *fill;

	up = xcalloc(n + 1, sizeof(*up));
	for (i = 0; i < n; i++)
		up[i] = (int)i;
	for (k = 0; k < e->neq; k++)
		for (p = 0; p < e->eq[k].nv; p++)
			for (q = p + 1; q < e->eq[k].nv; q++)
				if (col[e->eq[k].v[p]] != -1 &&
				    col[e->eq[k].v[q]] != -1)
					up[group_root(up, col[e->eq[k].v[p]])] =
					    group_root(up, col[e->eq[k].v[q]]);
	root = xcalloc(n + 1, sizeof(*root));
	start = xcalloc(n + 1, sizeof(*start));
	fill = xcalloc(n + 1, sizeof(*fill));
	for (i = 0; i < n; i++)
		start[(root[i] = group_root(up, (int)i)) + 1]++;
	for (i = 0; i < n; i++)
		start[i + 1] += start[i];
	*lo = xcalloc(n + 1, sizeof(**lo));
	*hi = xcalloc(n + 1, sizeof(**hi));
	/* in the order of the old columns within a group */
	for (i = 0; i < n; i++) {
		size_t	c = start[root[i]] + fill[root[i]]++;

		(*lo)[c] = start[root[i]];
		(*hi)[c] = start[root[i] + 1];
		up[i] = (int)c;
	}
	for (k = 0; k < e->raw.ndev; k++)
		if (col[k] != -1)
			col[k] = up[col[k]];
	free(up);
	free(root);
	free(start);
	free(fill);
}

/*
 * Weighted least squares over the devices with equations, by a dense
 * Cholesky of the normal equations (devices are a few thousand at most).
 * Gates are held.  Most clocks are right, so each device also has a
 * prior: its offset is the one that undoes its coarse offset, with the
 * weight of a clock right within RIGHT times the probability that it is
 * right, given what its equations say of it with the rest solved (the
 * EM of a mixture: right, or anywhere within reach).  The share of
 * right clocks is learned the same way.  This anchors devices no chain
 * of equations ties to a gate, and lets a group of devices that one bad
 * equation has shifted together fall back, the bad equation then
 * standing out.  Equations are weighted down (Huber) when they disagree
 * with the rest by more than HUBER sigmas.  var gets each device's
 * variance with its own prior left out, scaled up when the equations
 * disagree more than their errors say; right[] the probability its clock
 * is right.  The rounds start from the equations' own solution (pinned
 * 0), from every clock right (1), or from the probabilities right[]
 * holds (2: where a solution already is).
 */
static double
lsq(struct est *e, const int *anchor, const unsigned char *held,
    int *reached, double *s, double *var, double *right, double *share,
    int pinned)
{
	const struct vg_graph	*g = &e->raw;
	int			*col, p, q, changed;
	size_t			 i, j, k, n = 0, round, used;
	double			*a, *b, *x, *pw, *mean, r, w, pi, v;
	double			*was, sum, cost;
	unsigned char		*lost, *far;
	size_t			*lo, *hi, *act, nact, m;

	col = xcalloc(g->ndev + 1, sizeof(*col));
	was = xcalloc(g->ndev + 1, sizeof(*was));
	memcpy(was, right, g->ndev * sizeof(*was));
	for (i = 0; i < g->ndev; i++)
		col[i] = -1;
	for (k = 0; k < e->neq; k++)
		for (p = 0; p < e->eq[k].nv; p++)
			if (!anchor[e->eq[k].v[p]] &&
			    (held == NULL || !held[e->eq[k].v[p]]))
				col[e->eq[k].v[p]] = 0;
	for (i = 0; i < g->ndev; i++) {
		if (held != NULL && held[i])
			continue;
		var[i] = anchor[i] ? 0 : INFINITY;
		right[i] = anchor[i] ? 1 : NAN;
		if (col[i] == 0)
			col[i] = (int)n++;
		reached[i] = anchor[i] || col[i] != -1;
	}
	blocks(e, col, n, &lo, &hi);
	/*
	 * the equations with a device solved for: the others add nothing
	 * to the normal equations, and their weights, set in the first
	 * round, stay (their devices do not move)
	 */
	act = xcalloc(e->neq + 1, sizeof(*act));
	for (nact = 0, k = 0; k < e->neq; k++)
		for (p = 0; p < e->eq[k].nv; p++)
			if (col[e->eq[k].v[p]] != -1) {
				act[nact++] = k;
				break;
			}
	a = xcalloc(n * n + 1, sizeof(*a));
	b = xcalloc(n + 1, sizeof(*b));
	x = xcalloc(4 * n + 1, sizeof(*x));
	pw = xcalloc(n + 1, sizeof(*pw));
	mean = xcalloc(n + 1, sizeof(*mean));
	lost = xcalloc(n + 1, 1);
	far = xcalloc(n + 1, 1);
	pi = *share;
	for (k = 0; k < e->neq; k++)
		e->eq[k].w = 1 / (e->eq[k].sigma * e->eq[k].sigma);
	for (i = 0; i < g->ndev; i++) {
		if (col[i] == -1)
			continue;
		mean[col[i]] = -e->coarse[i];
		/*
		 * from every clock right, or from the equations' own
		 * solution, barely held; a device the coarse search moved
		 * beyond the reach cannot be right within it, and is only
		 * barely held where the coarse search put it (its seconds
		 * too: a clock left on summer time drifts like any other)
		 */
		far[col[i]] = fabs(e->coarse[i]) > (double)REACH;
		if (far[col[i]])
			mean[col[i]] = 0;
		pw[col[i]] = pinned && !far[col[i]] ? (pinned == 2 &&
		    isfinite(was[i]) ? was[i] : pi) / ((double)RIGHT * RIGHT) :
		    1 / ((double)LOOSE * LOOSE);
	}
	for (round = 0; round < ROUNDS; round++) {
		memset(a, 0, (n * n + 1) * sizeof(*a));
		memset(b, 0, (n + 1) * sizeof(*b));
		memset(lost, 0, n + 1);
		for (i = 0; i < n; i++) {
			a[i * n + i] = pw[i];
			b[i] = pw[i] * mean[i];
		}
		for (m = 0; m < nact; m++) {
			const struct eqn	*eq = &e->eq[act[m]];
			double			 rhs = eq->k;

			for (p = 0; p < eq->nv; p++)
				if (col[eq->v[p]] == -1)
					rhs -= eq->c[p] * s[eq->v[p]];
			for (p = 0; p < eq->nv; p++) {
				int	cp = col[eq->v[p]];

				if (cp == -1)
					continue;
				b[cp] += eq->w * eq->c[p] * rhs;
				for (q = 0; q < eq->nv; q++) {
					int	cq = col[eq->v[q]];

					if (cq != -1 && cq <= cp)
						a[(size_t)cp * n + cq] +=
						    eq->w * eq->c[p] * eq->c[q];
				}
			}
		}
		cholesky(a, n, lo, hi, lost);
		/* L y = b, then L' x = y */
		for (i = 0; i < n; i++) {
			v = b[i];
			for (j = lo[i]; j < i; j++)
				v -= a[i * n + j] * x[j];
			x[i] = v / a[i * n + i];
		}
		for (i = n; i-- > 0; ) {
			v = x[i];
			for (j = i + 1; j < hi[i]; j++)
				v -= a[j * n + i] * x[j];
			x[i] = v / a[i * n + i];
		}
		for (i = 0; i < g->ndev; i++)
			if (col[i] != -1)
				s[i] = lost[col[i]] ? 0 : x[col[i]];
		inv_diag(a, n, hi, x, b);
		changed = 0;
		used = e->neq;
		for (m = 0; m < (round == 0 ? e->neq : nact); m++) {
			struct eqn	*eq = &e->eq[round == 0 ? m : act[m]];

			w = huber(eq, s);
			if (fabs(w - eq->w) > 0.01 * eq->w)
				changed = 1;
			eq->w = w;
		}
		/* each device's variance without its own prior, and so the
		 * probability that it is right; then the share right */
		for (sum = 0, i = 0; i < g->ndev; i++) {
			int	c = col[i];
			double	prec, pr;

			if (c == -1)
				continue;
			prec = lost[c] ? 0 : 1 / b[c] - pw[c];
			var[i] = prec > 0 ? 1 / prec : INFINITY;
			pr = far[c] ? 0 : right_given(s[i], mean[c], var[i],
			    pi);
			if (fabs(pr - right[i]) > 0.01 || isnan(right[i]))
				changed = 1;
			right[i] = pr;
			pw[c] = far[c] ? 1 / ((double)LOOSE * LOOSE) :
			    pr / ((double)RIGHT * RIGHT);
			sum += pr;
		}
		if (n > 0 && held == NULL) {
			pi = (sum + PRIGHT * PSEEN) / ((double)n + PSEEN);
			pi = fmin(fmax(pi, PMINRIGHT), 1 - 1e-3);
		}
		if (!changed)
			break;
	}
	/* what the solution costs: Huber's loss and the priors' */
	for (cost = 0, k = 0; k < e->neq; k++) {
		const struct eqn	*eq = &e->eq[k];
		double			 u;

		u = fabs(residual(eq, s)) / eq->sigma;
		cost += u <= HUBER ? u * u / 2 : HUBER * u - HUBER * HUBER / 2;
	}
	for (i = 0; i < g->ndev; i++) {
		double	d;

		if (col[i] == -1)
			continue;
		d = s[i] - mean[col[i]];
		if (!far[col[i]])
			cost += prior_cost(d, pi);
		else if ((d = fabs(d) - (double)REACH) > 0)
			cost += d * d / (2.0 * (LOOSE / 2) * (LOOSE / 2));
	}
	*share = pi;
	/*
	 * how much more the equations disagree than their errors say: the
	 * median of the squares of their residuals in sigmas (over a normal
	 * deviate's, CHI2MED), so that a few equations far off, which Huber's
	 * weights already cut, do not loosen every device's uncertainty
	 */
	if (used > n) {
		double	*u2 = xcalloc(e->neq + 1, sizeof(*u2));

		for (k = 0; k < e->neq; k++)
			u2[k] = pow(residual(&e->eq[k], s) / e->eq[k].sigma, 2);
		r = dmedian_select(u2, e->neq) / CHI2MED * (double)used /
		    (double)(used - n);
		free(u2);
	} else
		r = 1;
	if (r < 1)
		r = 1;
	/*
	 * and, device by device, when its own equations disagree with the
	 * solution more than their errors say: a wrong equation among few
	 * shows there first (though one of a few people far beyond any
	 * error, which Huber's weight already all but drops, counts as
	 * OUTLIER sigmas, so as not to loosen a device that the rest of its
	 * equations tie)
	 */
	memset(b, 0, (n + 1) * sizeof(*b));
	memset(x, 0, (n + 1) * sizeof(*x));
	for (k = 0; k < e->neq; k++) {
		const struct eqn	*eq = &e->eq[k];
		double			 u = residual(eq, s) / eq->sigma;

		for (p = 0; p < eq->nv; p++) {
			int	c = col[eq->v[p]];

			if (c == -1)
				continue;
			b[c] += fabs(eq->c[p]) * fmin(u * u, OUTLIER * OUTLIER);
			x[c] += fabs(eq->c[p]);
		}
	}
	for (i = 0; i < g->ndev; i++)
		if (col[i] != -1 && isfinite(var[i]))
			var[i] *= fmax(r, x[col[i]] > 0 ? b[col[i]] /
			    x[col[i]] : 1);
	free(a);
	free(b);
	free(x);
	free(pw);
	free(mean);
	free(lost);
	free(far);
	free(col);
	free(was);
	free(lo);
	free(hi);
	free(act);
	return cost;
}

/*
 * The doubts learned from the site.  An equation's doubt is what its
 * spread cannot show: how far those who walk a link one way differ from
 * those who walk it the other (a share of the spread of the transits,
 * WAYDOUBT assumed), how far walkers change pace from one link to the
 * next (TRIPLEDOUBT assumed).  Where both clocks of an equation are right
 * (likely right in solution s, or gates), what it says is that error
 * alone, besides its spread: the median of the excess over MINDOUBT such
 * equations or more of a kind gives the doubt of the kind, never less
 * than its floor.  Returns how many kinds were learned.
 */
static int
relearn(struct est *e, const int *anchor, const double *s,
    const double *right)
{
	double	*v, r, d;
	size_t	 k, n;
	int	 kind, p, ok, learned = 0;

	v = xcalloc(e->neq + 1, sizeof(*v));
	for (kind = EQ_WAYS; kind <= EQ_TRIPLE; kind++) {
		for (k = 0, n = 0; k < e->neq; k++) {
			const struct eqn	*q = &e->eq[k];

			if (q->kind != kind || !(q->scale > 0))
				continue;
			for (ok = 1, p = 0; p < q->nv; p++)
				if (!anchor[q->v[p]] &&
				    !(right[q->v[p]] >= RIGHTLY))
					ok = 0;
			if (!ok)
				continue;
			r = residual(q, s);
			v[n++] = fmax(0, r * r - q->known) /
			    (q->scale * q->scale);
		}
		if (n < MINDOUBT)
			continue;
		r = sqrt(dmedian(v, n) / CHI2MED);
		for (k = 0; k < e->neq; k++) {
			struct eqn	*q = &e->eq[k];

			if (q->kind != kind || !(q->scale > 0))
				continue;
			d = fmax(kind == EQ_WAYS ? PAIRDOUBT : TRIPLEDOUBT,
			    r * q->scale);
			q->sigma = sqrt(q->known + d * d);
		}
		learned++;
	}
	free(v);
	return learned;
}

/*
 * The chance that device d's clock is right after all, when the devices
 * within two equations of it may be wrong instead: the solution again
 * around d, the devices beyond held where the whole solution put them,
 * once with d free and once with d held right, each from both starts;
 * the two costs are two likelihoods.  One equation between two cameras
 * says that one of them is off, not which: d is then as likely right as
 * not, where the whole solution, holding the other right, would call it
 * wrong.  s is the fine solution; adj lists each device's equation
 * neighbours.
 */
static double
right_alone(struct est *e, const int *anchor, const double *s,
    const double *right0, double pi, int d, int *const *adj, const int *nadj)
{
	const struct vg_graph	*g = &e->raw;
	unsigned char		*held;
	int			*reached;
	double			*t, *var, *right, cost[2], c, sh;
	size_t			 i;
	int			 x, y, mode, start, far;

	far = fabs(e->coarse[d]) > (double)REACH;
	held = xcalloc(g->ndev + 1, 1);
	reached = xcalloc(g->ndev + 1, sizeof(*reached));
	t = xcalloc(g->ndev + 1, sizeof(*t));
	var = xcalloc(g->ndev + 1, sizeof(*var));
	right = xcalloc(g->ndev + 1, sizeof(*right));
	for (i = 0; i < g->ndev; i++)
		held[i] = 1;
	held[d] = 0;
	for (x = 0; x < nadj[d]; x++) {
		held[adj[d][x]] = 0;
		for (y = 0; y < nadj[adj[d][x]]; y++)
			held[adj[adj[d][x]][y]] = 0;
	}
	for (mode = 0; mode < 2; mode++) {
		cost[mode] = INFINITY;
		held[d] = mode == 1;
		for (start = 0; start < 3; start++) {
			memcpy(t, s, g->ndev * sizeof(*t));
			memcpy(right, right0, g->ndev * sizeof(*right));
			if (mode == 1)
				t[d] = far ? 0 : -e->coarse[d];
			sh = pi;
			c = lsq(e, anchor, held, reached, t, var, right, &sh,
			    start);
			if (mode == 1 && !far)	/* the prior of d, right */
				c += prior_cost(0, pi);
			if (c < cost[mode])
				cost[mode] = c;
		}
	}
	free(held);
	free(reached);
	free(t);
	free(var);
	free(right);
	if (cost[1] - cost[0] > 50)
		return 0;
	return 1 / (1 + exp(cost[1] - cost[0]));
}

/* Note that device d is tied to device o. */
static void
tie(int **nbr, int *nnbr, int d, int o)
{
	int	x;

	for (x = 0; x < nnbr[d]; x++)
		if (nbr[d][x] == o)
			return;
	nbr[d] = xreallocarray(nbr[d], (size_t)nnbr[d] + 1, sizeof(**nbr));
	nbr[d][nnbr[d]++] = o;
}

/*
 * Whether the solution calls device d wrong within the reach of the
 * pairs (a device the coarse search moved is another matter).
 */
static int
called_wrong(const struct est *e, const int *anchor, const int *reached,
    const double *var, const double *right, int d)
{
	return !anchor[d] && reached[d] && right[d] < 0.5 &&
	    isfinite(var[d]) && fabs(e->coarse[d]) <= (double)REACH;
}

/*
 * The solution again around the devices set[0..nset) and those within two
 * equations of them, the devices beyond held where s has them and the
 * devices hold[0..nhold) held right; from both starts, the cheaper in t,
 * var and right (which start as copies of s and the caller's).  Returns
 * its cost, with the priors of the devices held right.
 */
static double
around(struct est *e, const int *anchor, const unsigned char *decided,
    const double *s, const double *var0, const double *right0, double pi,
    const int *set, int nset, const int *hold, int nhold, int *const *adj,
    const int *nadj, double *t, double *var, double *right)
{
	size_t		 n = e->raw.ndev;
	unsigned char	*held;
	int		*reached, x, y, h, start;
	double		*t2, *var2, *right2, c, best = INFINITY, sh;

	held = xcalloc(n + 1, 1);
	reached = xcalloc(n + 1, sizeof(*reached));
	t2 = xcalloc(n + 1, sizeof(*t2));
	var2 = xcalloc(n + 1, sizeof(*var2));
	right2 = xcalloc(n + 1, sizeof(*right2));
	memset(held, 1, n);
	for (h = 0; h < nset; h++) {
		held[set[h]] = 0;
		for (x = 0; x < nadj[set[h]]; x++) {
			held[adj[set[h]][x]] = 0;
			for (y = 0; y < nadj[adj[set[h]][x]]; y++)
				held[adj[adj[set[h]][x]][y]] = 0;
		}
	}
	for (h = 0; h < nhold; h++)
		held[hold[h]] = 1;
	for (h = 0; h < (int)n; h++)
		held[h] |= decided[h];
	for (start = 0; start < 3; start++) {
		memcpy(t2, s, n * sizeof(*t2));
		memcpy(var2, var0, n * sizeof(*var2));
		memcpy(right2, right0, n * sizeof(*right2));
		for (h = 0; h < nhold; h++) {
			t2[hold[h]] = -e->coarse[hold[h]];
			right2[hold[h]] = 1;
		}
		sh = pi;
		c = lsq(e, anchor, held, reached, t2, var2, right2, &sh, start);
		if (c < best) {
			best = c;
			memcpy(t, t2, n * sizeof(*t));
			memcpy(var, var2, n * sizeof(*var));
			memcpy(right, right2, n * sizeof(*right));
		}
	}
	for (h = 0; h < nhold; h++)
		best += prior_cost(0, pi);
	free(held);
	free(reached);
	free(t2);
	free(var2);
	free(right2);
	return best;
}

/*
 * Fewest clocks wrong.  The mixture's rounds find a nearby solution, not
 * the best: a group of right clocks tied to the gates by little can move
 * with a wrong neighbour, and along a chain walked one way (where only
 * triples tell, and they cannot tell a tilt of the whole chain) the wrong
 * clock can be taken for its right neighbour.  Each group of devices
 * called wrong that equations join (MAXGROUP at most) is solved again
 * around it with each member alone held right, with every member but one
 * held right, and with all held right; the cheapest, if cheaper by
 * FEWGAIN than the group as it is, is kept, and its devices held right
 * are marked in decided[] and stay held.  Until nothing changes
 * (FEWROUNDS at most).
 * Returns how many devices were held right.
 */
static int
fewest_wrong(struct est *e, const int *anchor, const int *reached, double *s,
    double *var, double *right, double pi, int *const *adj, const int *nadj,
    unsigned char *decided)
{
	size_t		 n = e->raw.ndev, i;
	int		*up, *mem, *hold, *bhold, nmem, nhold, m, x, round;
	int		 total = 0, best, k, r, bn = 0, changed;
	double		*t, *tv, *tr, *bt, *bv, *br, c, base, bc;

	up = xcalloc(n + 1, sizeof(*up));
	mem = xcalloc(n + 1, sizeof(*mem));
	hold = xcalloc(n + 1, sizeof(*hold));
	bhold = xcalloc(n + 1, sizeof(*bhold));
	t = xcalloc(n + 1, sizeof(*t));
	tv = xcalloc(n + 1, sizeof(*tv));
	tr = xcalloc(n + 1, sizeof(*tr));
	bt = xcalloc(n + 1, sizeof(*bt));
	bv = xcalloc(n + 1, sizeof(*bv));
	br = xcalloc(n + 1, sizeof(*br));
	for (round = 0; round < FEWROUNDS; round++) {
		changed = 0;
		for (i = 0; i < n; i++)
			up[i] = !decided[i] && called_wrong(e, anchor,
			    reached, var, right, (int)i) ? (int)i : -1;
		for (i = 0; i < n; i++)
			for (x = 0; up[i] != -1 && x < nadj[i]; x++)
				if (up[adj[i][x]] != -1)
					up[group_root(up, adj[i][x])] =
					    group_root(up, (int)i);
		for (r = 0; r < (int)n; r++) {
			if (up[r] == -1 || group_root(up, r) != r)
				continue;
			for (nmem = 0, i = 0; i < n; i++)
				if (up[i] != -1 && group_root(up, (int)i) == r)
					mem[nmem++] = (int)i;
			if (nmem > MAXGROUP)
				continue;
			base = around(e, anchor, decided, s, var, right, pi, mem,
			    nmem, NULL, 0, adj, nadj, bt, bv, br);
			bc = base;
			best = -2;
			/*
			 * trial m < nmem: member m alone held right; m <
			 * 2 nmem: all but member m - nmem; then all
			 */
			for (m = 0; m <= 2 * nmem; m++) {
				if (nmem == 1 && m > 0)
					break;
				for (nhold = 0, k = 0; k < nmem; k++)
					if (m < nmem ? k == m : m == 2 * nmem ||
					    k != m - nmem)
						hold[nhold++] = mem[k];
				c = around(e, anchor, decided, s, var, right,
				    pi, mem, nmem, hold, nhold, adj, nadj, t, tv,
				    tr);
				if (c < bc - FEWGAIN) {
					bc = c;
					best = m;
					bn = nhold;
					memcpy(bhold, hold, (size_t)nhold *
					    sizeof(*hold));
					memcpy(bt, t, n * sizeof(*t));
					memcpy(bv, tv, n * sizeof(*tv));
					memcpy(br, tr, n * sizeof(*tr));
				}
			}
			if (best == -2)
				continue;
			memcpy(s, bt, n * sizeof(*s));
			memcpy(var, bv, n * sizeof(*var));
			memcpy(right, br, n * sizeof(*right));
			for (k = 0; k < bn; k++) {
				decided[bhold[k]] = 1;
				total++;
			}
			changed = 1;
		}
		if (!changed)
			break;
	}
	free(up);
	free(mem);
	free(hold);
	free(bhold);
	free(t);
	free(tv);
	free(tr);
	free(bt);
	free(bv);
	free(br);
	return total;
}

/*
 * Each device's variance where the clocks held right only by their prior
 * are not held: a device whose own equations cannot tell within SURE
 * whether it is right (var, its variance without its prior, is wider) is
 * held no more than LOOSE, so that a device tied to the rest through it
 * alone is not known through it either (a wrong clock of a few tens of
 * seconds that its equations cannot tell from a right one holds its
 * neighbour as if right).  The equations weigh what they weigh in the
 * solution s (not what the last solve left in them, which may have held
 * a clock right against them).  tv gets the variance without the
 * device's own prior, INFINITY where nothing tells.
 */
static void
tied_var(struct est *e, const int *anchor, const int *reached,
    const double *s, const double *var, const double *right, double *tv)
{
	const struct vg_graph	*g = &e->raw;
	int			*col, p, q;
	size_t			 i, k, n = 0, *lo, *hi;
	double			*a, *b, *x, *pw, v;
	unsigned char		*lost;

	col = xcalloc(g->ndev + 1, sizeof(*col));
	for (i = 0; i < g->ndev; i++) {
		tv[i] = anchor[i] ? 0 : INFINITY;
		col[i] = -1;
	}
	for (k = 0; k < e->neq; k++)
		for (p = 0; p < e->eq[k].nv; p++)
			if (!anchor[e->eq[k].v[p]] && reached[e->eq[k].v[p]] &&
			    col[e->eq[k].v[p]] == -1)
				col[e->eq[k].v[p]] = (int)n++;
	blocks(e, col, n, &lo, &hi);
	a = xcalloc(n * n + 1, sizeof(*a));
	b = xcalloc(n + 1, sizeof(*b));
	x = xcalloc(4 * n + 1, sizeof(*x));
	pw = xcalloc(n + 1, sizeof(*pw));
	lost = xcalloc(n + 1, 1);
	for (i = 0; i < g->ndev; i++) {
		if (col[i] == -1)
			continue;
		pw[col[i]] = fabs(e->coarse[i]) <= (double)REACH &&
		    var[i] <= (double)SURE * SURE && isfinite(right[i]) ?
		    right[i] / ((double)RIGHT * RIGHT) :
		    1 / ((double)LOOSE * LOOSE);
		a[(size_t)col[i] * n + (size_t)col[i]] = pw[col[i]];
	}
	for (k = 0; k < e->neq; k++) {
		const struct eqn	*eq = &e->eq[k];
		double			 w = huber(eq, s);

		for (p = 0; p < eq->nv; p++) {
			int	cp = col[eq->v[p]];

			for (q = 0; cp != -1 && q < eq->nv; q++) {
				int	cq = col[eq->v[q]];

				if (cq != -1 && cq <= cp)
					a[(size_t)cp * n + cq] += w *
					    eq->c[p] * eq->c[q];
			}
		}
	}
	cholesky(a, n, lo, hi, lost);
	inv_diag(a, n, hi, x, b);
	for (i = 0; i < g->ndev; i++) {
		if (col[i] == -1 || lost[col[i]])
			continue;
		v = 1 / b[col[i]] - pw[col[i]];
		tv[i] = v > 0 ? 1 / v : INFINITY;
	}
	free(a);
	free(b);
	free(x);
	free(pw);
	free(lost);
	free(col);
	free(lo);
	free(hi);
}

/* Whether equation eq, known within SURE, agrees with s within HUBER sigmas. */
static int
held(const struct eqn *eq, const double *s)
{
	return eq->sigma <= (double)SURE &&
	    fabs(residual(eq, s)) <= HUBER * eq->sigma;
}

/*
 * Whether two of the devices mem[0..n) are off by one offset, within the
 * uncertainty of their difference and within SURE (closer, what is
 * applied cannot tell them apart): what a group of right clocks whose
 * common offset is wrong shows, and clocks wrong each by its own rarely
 * do.
 */
static int
shared(const struct est *e, const double *s, const double *var,
    const int *mem, int n)
{
	int	p, q;
	double	x, y;

	for (p = 0; p < n; p++)
		for (q = p + 1; q < n; q++) {
			x = s[mem[p]] + e->coarse[mem[p]];
			y = s[mem[q]] + e->coarse[mem[q]];
			if (fabs(x - y) <= fmin((double)SURE,
			    sqrt(var[mem[p]] + var[mem[q]])))
				return 1;
		}
	return 0;
}

/*
 * Groups of clocks wrong together.  Devices the solution calls wrong
 * that equations join (a group) move together, so the group's offset
 * against the reference clocks is told by the equations that tie it to
 * devices outside it alone, each by the sum of its members' coefficients;
 * the members' own equations, which know their offsets relative to one
 * another well, make each look as well known.  Where one such equation
 * carries that (a triple of a few people, a link walked one way, tens of
 * seconds off), nothing checks it.  So a group of two or more is
 * supported when at least two ties, with different devices outside it,
 * each alone know its offset within SURE and agree with the solution
 * within HUBER sigmas; the members of a group that is not, two of which
 * share one offset (as right clocks moved together do), get unsure[]
 * set.  s and var are the fine solution (coarse offsets not added).
 */
static void
unanchored(const struct est *e, const int *anchor, const int *reached,
    const double *s, const double *var, const double *right,
    unsigned char *unsure)
{
	const struct vg_graph	*g = &e->raw;
	int			*up, *mem, p, q, r, nmem, nties, first[3], nf;
	int			 o[3], no;
	size_t			 i, k;
	double			 a;

	up = xcalloc(g->ndev + 1, sizeof(*up));
	mem = xcalloc(g->ndev + 1, sizeof(*mem));
	for (i = 0; i < g->ndev; i++)
		up[i] = !anchor[i] && reached[i] && right[i] < 0.5 &&
		    isfinite(var[i]) &&
		    fabs(e->coarse[i]) <= (double)REACH &&
		    fabs(s[i] + e->coarse[i]) > fmax(2.0 * US,
		    3 * sqrt(var[i])) ? (int)i : -1;
	/* joined by the equations that hold them as the solution has them */
	for (k = 0; k < e->neq; k++)
		for (p = 0; held(&e->eq[k], s) && p < e->eq[k].nv; p++)
			for (q = p + 1; q < e->eq[k].nv; q++)
				if (up[e->eq[k].v[p]] != -1 &&
				    up[e->eq[k].v[q]] != -1)
					up[group_root(up, e->eq[k].v[p])] =
					    group_root(up, e->eq[k].v[q]);
	for (r = 0; r < (int)g->ndev; r++) {
		if (up[r] == -1 || group_root(up, r) != r)
			continue;
		for (nmem = 0, i = 0; i < g->ndev; i++)
			if (up[i] != -1 && group_root(up, (int)i) == r)
				mem[nmem++] = (int)i;
		if (nmem < 2)
			continue;
		nties = nf = 0;
		for (k = 0; k < e->neq && nties < TIES; k++) {
			const struct eqn	*eq = &e->eq[k];

			for (a = 0, no = 0, p = 0; p < eq->nv; p++)
				if (up[eq->v[p]] != -1 &&
				    group_root(up, eq->v[p]) == r)
					a += eq->c[p];
				else
					o[no++] = eq->v[p];
			if (no == 0 || fabs(a) * SURE < eq->sigma ||
			    !held(eq, s))
				continue;
			/* the same devices outside as the first: no check */
			if (nties == 1 && no == nf) {
				for (p = 0; p < no && o[p] == first[p]; p++)
					;
				if (p == no)
					continue;
			}
			if (nties == 0) {
				memcpy(first, o, sizeof(first));
				nf = no;
			}
			nties++;
		}
		if (nties >= TIES || !shared(e, s, var, mem, nmem))
			continue;
		for (p = 0; p < nmem; p++)
			unsure[mem[p]] = 1;
	}
	free(up);
	free(mem);
}

/* The second solution (s2, var2, right2, reached2) made the one kept. */
static void
take(size_t n, double *s, double *var, double *right, int *reached,
    const double *s2, const double *var2, const double *right2,
    const int *reached2)
{
	memcpy(s, s2, n * sizeof(*s));
	memcpy(var, var2, n * sizeof(*var));
	memcpy(right, right2, n * sizeof(*right));
	memcpy(reached, reached2, n * sizeof(*reached));
}

/*
 * The whole solution again with the devices decided[] held right (where
 * s has them), from both starts, the cheaper kept.
 */
static void
resolve(struct est *e, const int *anchor, const unsigned char *decided,
    double *s, double *var, double *right, int *reached, double pi)
{
	size_t	 n = e->raw.ndev, i;
	double	*s2, *var2, *right2, c0, c1, sh;
	int	*reached2;

	s2 = xcalloc(n + 1, sizeof(*s2));
	var2 = xcalloc(n + 1, sizeof(*var2));
	right2 = xcalloc(n + 1, sizeof(*right2));
	reached2 = xcalloc(n + 1, sizeof(*reached2));
	memcpy(s2, s, n * sizeof(*s2));
	memcpy(var2, var, n * sizeof(*var2));
	memcpy(right2, right, n * sizeof(*right2));
	memcpy(reached2, reached, n * sizeof(*reached2));
	for (i = 0; i < n; i++)
		if (decided[i]) {
			s[i] = s2[i] = -e->coarse[i];
			right[i] = right2[i] = 1;
		}
	sh = pi;
	c0 = lsq(e, anchor, decided, reached, s, var, right, &sh, 0);
	sh = pi;
	c1 = lsq(e, anchor, decided, reached2, s2, var2, right2, &sh, 1);
	if (c1 < c0) {
		take(n, s, var, right, reached, s2, var2, right2, reached2);
	}
	free(s2);
	free(var2);
	free(right2);
	free(reached2);
}

/* Where device d stands in equation q, or -1. */
static int
place_of(const struct eqn *q, int d)
{
	int	p;

	for (p = 0; p < q->nv; p++)
		if (q->v[p] == d)
			return p;
	return -1;
}

/*
 * The cost of device d at fine offset x, the others held where s puts
 * them: Huber's loss of its equations (the n numbered in eqs) and its
 * prior.  *m, unless NULL, gets where its equations alone put it
 * (Huber's weights, from x).
 */
static double
held_cost(const struct est *e, const size_t *eqs, size_t n, const double *s,
    int d, double x, double pi, double *m)
{
	double	cost = 0, num, den, y, w, u, r;
	size_t	k;
	int	p, round;

	for (y = x, round = 0; m != NULL && round < HELDROUNDS; round++) {
		for (num = den = 0, k = 0; k < n; k++) {
			const struct eqn	*q = &e->eq[eqs[k]];

			p = place_of(q, d);
			/* the equation says c y = r */
			r = residual(q, s) + q->c[p] * s[d];
			u = fabs(r - q->c[p] * y) / q->sigma;
			w = q->c[p] * q->c[p] / (q->sigma * q->sigma);
			if (u > HUBER)
				w *= HUBER / u;
			num += w * r / q->c[p];
			den += w;
		}
		if (!(den > 0))
			break;
		y = num / den;
	}
	if (m != NULL)
		*m = y;
	for (k = 0; k < n; k++) {
		const struct eqn	*q = &e->eq[eqs[k]];

		p = place_of(q, d);
		u = fabs(residual(q, s) + q->c[p] * (s[d] - x)) / q->sigma;
		cost += u <= HUBER ? u * u / 2 : HUBER * u - HUBER * HUBER / 2;
	}
	return cost + prior_cost(x + e->coarse[d], pi);
}

/*
 * The mixture's rounds settle where they start: a clock whose
 * neighbours, barely held in the first round, moved with it looks
 * likely right, and its prior then holds it so, though all its
 * equations say it is off.  Each device taken as right that its
 * equations alone, the others held, make cheaper wrong is started wrong
 * where they put it, and the whole solved again from there (the
 * others from their chances of being right); kept if that costs less.
 * Returns the cost of the solution kept.
 */
static double
flip(struct est *e, const int *anchor, double *s, double *var,
    double *right, int *reached, double *pi, double cost)
{
	size_t	 n = e->raw.ndev, i, k, *start, *fill, *eqs;
	double	*s2, *var2, *right2, m, c, sh = *pi;
	int	*reached2, nflip = 0, p;

	/* each device's equations, in their order */
	start = xcalloc(n + 2, sizeof(*start));
	fill = xcalloc(n + 1, sizeof(*fill));
	for (k = 0; k < e->neq; k++)
		for (p = 0; p < e->eq[k].nv; p++)
			start[e->eq[k].v[p] + 1]++;
	for (i = 0; i < n; i++)
		start[i + 1] += start[i];
	eqs = xcalloc(start[n] + 1, sizeof(*eqs));
	for (k = 0; k < e->neq; k++)
		for (p = 0; p < e->eq[k].nv; p++)
			eqs[start[e->eq[k].v[p]] + fill[e->eq[k].v[p]]++] = k;
	s2 = xcalloc(n + 1, sizeof(*s2));
	var2 = xcalloc(n + 1, sizeof(*var2));
	right2 = xcalloc(n + 1, sizeof(*right2));
	reached2 = xcalloc(n + 1, sizeof(*reached2));
	memcpy(s2, s, n * sizeof(*s2));
	memcpy(right2, right, n * sizeof(*right2));
	for (i = 0; i < n; i++) {
		if (anchor[i] || !reached[i] || !(right[i] >= 0.5) ||
		    fabs(e->coarse[i]) > (double)REACH)
			continue;
		c = held_cost(e, eqs + start[i], start[i + 1] - start[i], s,
		    (int)i, s[i], *pi, &m);
		if (fabs(m - s[i]) > 2.0 * US && held_cost(e, eqs + start[i],
		    start[i + 1] - start[i], s, (int)i, m, *pi, NULL) < c) {
			s2[i] = m;
			right2[i] = 0;
			nflip++;
		}
	}
	if (nflip > 0 && (c = lsq(e, anchor, NULL, reached2, s2, var2, right2,
	    &sh, 2)) < cost) {
		*pi = sh;
		cost = c;
		take(n, s, var, right, reached, s2, var2, right2, reached2);
	}
	free(s2);
	free(var2);
	free(right2);
	free(reached2);
	free(start);
	free(fill);
	free(eqs);
	return cost;
}

/*
 * The fine solution, in s, var, right and reached, and the share of
 * clocks right.  The mixture has more than one solution: found from the
 * equations' own, a group of devices shifted together stays so; from
 * every clock right, a wrong one can pull its neighbours.  The cheaper is
 * kept.  It is solved with the doubts assumed, then again with those the
 * equations between right clocks show: see relearn().
 */
static double
solve(struct est *e, const int *anchor, double *s, double *var,
    double *right, int *reached)
{
	size_t	 n = e->raw.ndev;
	double	*s2, *var2, *right2, cost, c, pi, pi2;
	int	*reached2, round;

	s2 = xcalloc(n + 1, sizeof(*s2));
	var2 = xcalloc(n + 1, sizeof(*var2));
	right2 = xcalloc(n + 1, sizeof(*right2));
	reached2 = xcalloc(n + 1, sizeof(*reached2));
	for (round = 0; round < 2; round++) {
		memcpy(s2, s, n * sizeof(*s));
		pi = pi2 = PRIGHT;
		cost = lsq(e, anchor, NULL, reached, s, var, right, &pi, 0);
		if ((c = lsq(e, anchor, NULL, reached2, s2, var2, right2, &pi2,
		    1)) < cost) {
			cost = c;
			pi = pi2;
			take(n, s, var, right, reached, s2, var2, right2, reached2);
		}
		if (round == 0 && relearn(e, anchor, s, right) == 0)
			break;
	}
	flip(e, anchor, s, var, right, reached, &pi, cost);
	free(s2);
	free(var2);
	free(right2);
	free(reached2);
	return pi;
}

/* Whether any of device d's links kept a pair. */
static int
paired(const struct est *e, int d)
{
	size_t	k;

	for (k = 0; k < e->nlp; k++)
		if ((e->lp[k].a == d || e->lp[k].b == d) && e->lp[k].n > 0)
			return 1;
	return 0;
}

/*
 * Where each link's pairs are sought.  The first time round, within the
 * link's longest transit and the reach (REACH) either side of the coarse
 * offsets, which miss many a clock within the reach (zero).  Pairs at
 * random fill that window evenly, and so do people seen at both ends on a
 * longer way round (most, where people wander); fit_pairs() splits them
 * with the two ways' clusters, so that each way's median leans towards
 * the window's centre, and the midpoint with it, by a share of its
 * distance from where the clocks stand.  Then each window is moved to
 * the fine solution of the two clocks (a clock not seen within LOOSE
 * keeps its centre) and narrowed: to twice the site's pace times the
 * link's minimum (the median transit over minimum of the links walked
 * both ways, learned the first time; a slower transit is a way round),
 * and RECLOSE sigmas of the two clocks (CLOSE at least, REACH where one
 * is not known within SURE) either side; the pairs are sought again
 * where the window moved, and the whole solved again, until no centre
 * moves by RECENTRED (RECENTRE rounds at most).  A device no equation
 * reached whose links kept no pair at all (where people wander, each
 * passes a gate's camera several times within the widest window, and no
 * pair is likely enough among the candidates) is sought about its coarse
 * peak instead, the peak's plateau its spread.  Returns whether one
 * moved.
 */
static int
centre(struct est *e, const int *anchor, const double *s, const double *var,
    const int *reached)
{
	size_t	i, k;
	double	c;
	int	moved = 0, seen, near;

	if (e->centre == NULL) {
		e->centre = xcalloc(e->raw.ndev + 1, sizeof(*e->centre));
		e->cvar = xcalloc(e->raw.ndev + 1, sizeof(*e->cvar));
	}
	for (i = 0; i < e->raw.ndev; i++) {
		seen = reached[i] && var[i] <= (double)LOOSE * LOOSE;
		near = !anchor[i] && !seen && isfinite(e->cnvar[i]) &&
		    (e->cvar[i] == e->cnvar[i] || !paired(e, (int)i));
		c = anchor[i] ? s[i] : seen ? fmin(fmax(s[i], -(double)REACH),
		    (double)REACH) : near ? e->cnear[i] : e->centre[i];
		if (fabs(c - e->centre[i]) > (double)RECENTRED)
			moved = 1;
		/* a coarse peak's window is a first look: sought again */
		if (near && !(e->cvar[i] == e->cnvar[i]))
			for (k = 0, moved = 1; k < e->nlp; k++)
				if (e->lp[k].a == (int)i ||
				    e->lp[k].b == (int)i)
					e->lwin[2 * k] = STALE;
		e->centre[i] = c;
		e->cvar[i] = anchor[i] ? 0 : seen && var[i] <= (double)SURE *
		    SURE ? var[i] : near ? e->cnvar[i] : INFINITY;
	}
	return moved;
}

/*
 * The devices no equation of the fine fit reached (a clock hours off
 * whose neighbours settled in the coarse search only after it was called
 * unsure, or not at all, the search stopping at the first device without
 * a clear peak) searched again, with every clock the fine fit knows
 * within SURE settled where it put it.  Only a far offset (beyond
 * REACH / 2, where the fine fit cannot reach) of whole half hours (a
 * zone, summer time: a second search takes no other) is taken; every
 * other device keeps its coarse offset.  The times are left less the coarse
 * offsets, as before.  Returns how many devices moved.
 */
static int
recoarse(struct est *e, const int *anchor, double *s, const double *var,
    int *reached)
{
	const struct vg_graph	*g = &e->raw;
	unsigned char		*cand, *moved;
	int			*known;
	double			*full, *oldc, *oldz;
	size_t			 i, k;
	int			 n = 0;

	cand = xcalloc(g->ndev + 1, 1);
	for (i = 0; i < g->ndev; i++)
		if (!anchor[i] && e->dev[i].n > 0 &&
		    !reached[i] && fabs(e->coarse[i]) <= (double)REACH / 2)
			cand[i] = 1, n++;
	if (n == 0) {
		free(cand);
		return 0;
	}
	known = xcalloc(g->ndev + 1, sizeof(*known));
	moved = xcalloc(g->ndev + 1, 1);
	full = xcalloc(g->ndev + 1, sizeof(*full));
	oldc = xcalloc(g->ndev + 1, sizeof(*oldc));
	oldz = xcalloc(g->ndev + 1, sizeof(*oldz));
	for (i = 0; i < g->ndev; i++) {
		known[i] = anchor[i] || (reached[i] &&
		    var[i] <= (double)SURE * SURE);
		full[i] = anchor[i] ? s[i] : s[i] + e->coarse[i];
		oldc[i] = e->coarse[i];
		oldz[i] = e->cz[i];
		for (k = 0; !anchor[i] && k < e->dev[i].n; k++)
			e->dev[i].o[k].t += (int64_t)oldc[i];
	}
	coarse(e, known, full, cand);
	for (i = 0, n = 0; i < g->ndev; i++) {
		if (cand[i] && fabs(e->coarse[i]) > (double)REACH / 2 &&
		    e->coarse[i] == (double)HALFHOUR *
		    llround(e->coarse[i] / HALFHOUR)) {
			/* its pairs sought again about its new times */
			moved[i] = 1;
			s[i] = 0;
			reached[i] = 0;
			e->cnvar[i] = INFINITY;
			if (e->centre != NULL) {
				e->centre[i] = 0;
				e->cvar[i] = INFINITY;
			}
			n++;
		} else {
			e->coarse[i] = oldc[i];
			e->cz[i] = oldz[i];
		}
		for (k = 0; !anchor[i] && k < e->dev[i].n; k++)
			e->dev[i].o[k].t -= (int64_t)e->coarse[i];
	}
	for (k = 0; k < e->nlp; k++)
		if (moved[e->lp[k].a] || moved[e->lp[k].b])
			e->lwin[2 * k] = STALE;
	free(moved);
	free(cand);
	free(known);
	free(full);
	free(oldc);
	free(oldz);
	return n;
}

/*
 * The fine fit on the times less the coarse offsets: pairs sought, the
 * equations solved, the clocks called wrong tested in groups, and the
 * windows moved to the solution until no centre moves (RECENTRE rounds at
 * most).  adj[] and nadj[] get the devices each equation ties; returns
 * the share of clocks right.
 */
static double
fine(struct est *e, const int *anchor, double *s, double *var, double *right,
    int *reached, int **adj, int *nadj)
{
	const struct vg_graph	*g = &e->raw;
	unsigned char		*decided;
	double			 pi = PRIGHT;
	size_t			 i, k;
	int			 round, p, j, again;

	for (round = 0;; round++) {
		for (i = 0; i < g->ndev; i++) {
			free(adj[i]);
			adj[i] = NULL;
			nadj[i] = 0;
		}
		e->neq = 0;
		equations(e, anchor);
		pi = solve(e, anchor, s, var, right, reached);
		/*
		 * Each device the whole solution calls wrong, tested alone:
		 * could its neighbours be wrong instead?
		 */
		for (k = 0; k < e->neq; k++)
			for (p = 0; p < e->eq[k].nv; p++)
				for (j = 0; j < e->eq[k].nv; j++)
					if (j != p && !anchor[e->eq[k].v[j]])
						tie(adj, nadj, e->eq[k].v[p],
						    e->eq[k].v[j]);
		decided = xcalloc(g->ndev + 1, 1);
		if (fewest_wrong(e, anchor, reached, s, var, right, pi, adj,
		    nadj, decided) > 0)
			resolve(e, anchor, decided, s, var, right, reached,
			    pi);
		free(decided);
		/*
		 * after the first round, the devices it found no evidence
		 * for searched again against the clocks it knows
		 */
		again = round == 0 &&
		    recoarse(e, anchor, s, var, reached) > 0;
		if (round >= RECENTRE ||
		    (!centre(e, anchor, s, var, reached) && !again))
			break;
	}
	return pi;
}

/*
 * Estimate the clock offset of every device of g, as read by
 * vg_ar_graph(); *out gets one entry a device, in the order of g, for the
 * caller to free.
 */
int
vg_skew_estimate(struct vg_archive *ar, const struct vg_graph *g,
    struct vg_skew **out, size_t *nout, struct vg_error *err)
{
	return vg_skew_estimate_progress(ar, g, NULL, NULL, out, nout, err);
}

/* The same, telling fn (with arg) how far each stage is. */
int
vg_skew_estimate_progress(struct vg_archive *ar, const struct vg_graph *g,
    vg_progress_fn fn, void *arg, struct vg_skew **out, size_t *nout,
    struct vg_error *err)
{
	struct est	 e;
	struct vg_skew	*sk;
	int		*anchor, *reached, **nbr, *nnbr, rc = -1, p, j;
	int		 havemodel = 0;
	double		*s, *var, *right, lim, pi = PRIGHT, *alone, *tv;
	unsigned char	*loose = NULL;
	int		**adj, *nadj;
	size_t		 i, k;

	*out = NULL;
	*nout = 0;
	memset(&e, 0, sizeof(e));
	e.ar = ar;
	e.progress = fn;
	e.parg = arg;
	e.raw = *g;
	e.raw.dev = xcalloc(g->ndev + 1, sizeof(*e.raw.dev));
	for (i = 0; i < g->ndev; i++) {
		e.raw.dev[i] = g->dev[i];
		e.raw.dev[i].offset = 0;
		e.raw.dev[i].corrected = 0;
	}
	e.dev = xcalloc(g->ndev + 1, sizeof(*e.dev));
	e.coarse = xcalloc(g->ndev + 1, sizeof(*e.coarse));
	e.cz = xcalloc(g->ndev + 1, sizeof(*e.cz));
	e.cnear = xcalloc(g->ndev + 1, sizeof(*e.cnear));
	e.cnvar = xcalloc(g->ndev + 1, sizeof(*e.cnvar));
	for (i = 0; i < g->ndev; i++)
		e.cnvar[i] = INFINITY;
	anchor = xcalloc(g->ndev + 1, sizeof(*anchor));
	reached = xcalloc(g->ndev + 1, sizeof(*reached));
	s = xcalloc(g->ndev + 1, sizeof(*s));
	var = xcalloc(g->ndev + 1, sizeof(*var));
	right = xcalloc(g->ndev + 1, sizeof(*right));
	alone = xcalloc(g->ndev + 1, sizeof(*alone));
	for (i = 0; i < g->ndev; i++) {
		if (g->dev[i].type == VG_GATE) {
			anchor[i] = 1;
			s[i] = (double)g->dev[i].offset;
		}
	}
	if (vg_model_get(ar, &e.raw, &e.m, err) == -1) {
		vg_error_prefix(err, "estimating clock offsets");
		goto done;
	}
	havemodel = 1;
	read_lr(&e);
	read_odds(&e);
	if (sample(&e, err) == -1) {
		vg_error_prefix(err, "estimating clock offsets");
		goto done;
	}
	e.err = err;
	coarse(&e, anchor, s, NULL);
	/* the fine fit on times less the coarse offsets, then add them */
	for (i = 0; i < g->ndev; i++)
		for (k = 0; !anchor[i] && k < e.dev[i].n; k++)
			e.dev[i].o[k].t -= (int64_t)e.coarse[i];
	adj = xcalloc(g->ndev + 1, sizeof(*adj));
	nadj = xcalloc(g->ndev + 1, sizeof(*nadj));
	pi = fine(&e, anchor, s, var, right, reached, adj, nadj);
	if (e.failed) {
		for (i = 0; i < g->ndev; i++)
			free(adj[i]);
		free(adj);
		free(nadj);
		vg_error_prefix(err, "estimating clock offsets");
		goto done;
	}
	for (i = 0; i < g->ndev; i++) {
		/*
		 * one the coarse search moved hours is wrong by them (its
		 * right[] is 0): the test is then of its seconds
		 */
		alone[i] = right[i];
		if (anchor[i] || !reached[i] || !(right[i] <= WRONG) ||
		    !(var[i] <= (double)SURE * SURE) ||
		    fabs(s[i] - (fabs(e.coarse[i]) > (double)REACH ? 0 :
		    -e.coarse[i])) <= fmax(2.0 * US, 3 * sqrt(var[i])))
			continue;
		alone[i] = fmax(right[i], right_alone(&e, anchor, s, right, pi,
		    (int)i, adj, nadj));
	}
	for (i = 0; i < g->ndev; i++)
		free(adj[i]);
	free(adj);
	free(nadj);
	/* what is applied is known without the clocks only assumed right */
	tv = xcalloc(g->ndev + 1, sizeof(*tv));
	tied_var(&e, anchor, reached, s, var, right, tv);
	for (i = 0; i < g->ndev; i++)
		if (isfinite(var[i]) && tv[i] > var[i])
			var[i] = tv[i];
	free(tv);
	loose = xcalloc(g->ndev + 1, 1);
	unanchored(&e, anchor, reached, s, var, right, loose);
	for (i = 0; i < g->ndev; i++)
		if (!anchor[i])
			s[i] += e.coarse[i];
	sk = xcalloc(g->ndev + 1, sizeof(*sk));
	for (i = 0; i < g->ndev; i++) {
		sk[i].dev = (int)i;
		sk[i].offset = (int64_t)llround(s[i]);
		sk[i].uncertainty = isfinite(var[i]) ?
		    (int64_t)llround(sqrt(var[i])) : 0;
		sk[i].coarse = (int64_t)llround(e.coarse[i]);
		sk[i].z = e.cz[i];
		sk[i].right = reached[i] ? alone[i] : NAN;
		if (anchor[i])
			sk[i].status = VG_SKEW_REFERENCE;
		else if (!reached[i] || !(var[i] <= LOOSE * LOOSE)) {
			/* a coarse offset the fine fit cannot confirm is none */
			sk[i].status = VG_SKEW_NOEVIDENCE;
			sk[i].offset = sk[i].uncertainty = 0;
		} else {
			lim = 3 * (double)sk[i].uncertainty;
			if (lim < 2 * US)
				lim = 2 * US;
			/*
			 * right only as surely as skewed: a clock held at 0
			 * but known no better than SURE may be off by as
			 * much as one that is not applied, so it is unknown
			 */
			if (fabs(s[i]) <= lim && sk[i].uncertainty <= SURE)
				sk[i].status = VG_SKEW_OK;
			else if (fabs(s[i]) <= lim)
				sk[i].status = VG_SKEW_UNSURE;
			else if (sk[i].uncertainty <= SURE &&
			    alone[i] <= WRONG && !loose[i])
				sk[i].status = VG_SKEW_SKEWED;
			else {
				sk[i].status = VG_SKEW_UNSURE;
				sk[i].grouped = loose[i] &&
				    sk[i].uncertainty <= SURE &&
				    alone[i] <= WRONG;
			}
		}
	}
	/* support: pairs behind its equations; links: devices they tie to */
	nbr = xcalloc(g->ndev + 1, sizeof(*nbr));
	nnbr = xcalloc(g->ndev + 1, sizeof(*nnbr));
	for (k = 0; k < e.neq; k++) {
		const struct eqn	*q = &e.eq[k];

		for (p = 0; p < q->nv; p++) {
			sk[q->v[p]].support += q->pairs;
			/* a pair ties its two; a triple, b to a and to c */
			for (j = p + 1; j < q->nv; j++) {
				if (q->nv == 3 && p != 0)
					continue;
				tie(nbr, nnbr, q->v[p], q->v[j]);
				tie(nbr, nnbr, q->v[j], q->v[p]);
			}
		}
	}
	for (i = 0; i < g->ndev; i++) {
		sk[i].links = nnbr[i];
		free(nbr[i]);
	}
	free(nbr);
	free(nnbr);
	*out = sk;
	*nout = g->ndev;
	rc = 0;
done:
	for (i = 0; i < g->ndev; i++)
		sdev_free(&e.dev[i]);
	free(anchor);
	free(reached);
	free(s);
	free(var);
	free(right);
	free(alone);
	free(loose);
	free(e.dev);
	free(e.coarse);
	free(e.cz);
	free(e.mdw);
	for (i = 0; i < e.nlp; i++)
		free(e.lp[i].p);
	free(e.lp);
	free(e.lwin);
	free(e.lfit);
	free(e.lfitrc);
	free(e.lfitcut);
	free(e.shape);
	free(e.centre);
	free(e.cvar);
	free(e.cnear);
	free(e.cnvar);
	free(e.eq);
	free(e.raw.dev);
	free(e.lsum);
	free(e.lup);
	free(e.llo);
	free(e.ln);
	names_free(&e.names);
	if (havemodel)
		vg_model_free(&e.m);
	return rc;
}

