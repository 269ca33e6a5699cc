/* track.c: reconstruct a path across linked cameras and gates by beam search */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil.h"

#define US		1000000LL	/* microseconds a second */
#define MAXSKIP		2		/* cameras a path may pass unseen */
#define TOLERANCE	(5 * US)	/* clock noise left after correction */
#define BACKGROUND	0.02		/* a hop must score above this */
#define MAXSTEPS	80		/* hops each way, at most */

/* A device reachable from another: directly, or past unseen cameras. */
struct reach {
	int		 to;		/* device */
	int		 min, max;	/* transit bounds, seconds, summed */
	int		 skipped;	/* cameras passed unseen */
};

/* One candidate hop while searching. */
struct cand {
	struct vg_obs	 obs;		/* what was seen */
	struct reach	 via;		/* how it was reached */
	double		 transit;	/* seconds */
	double		 appearance;	/* 0..1, or NAN */
	int		 identity;	/* +1 same person, -1 another, 0 */
	double		 llr;		/* log score against the background */
};

/* A partial path: a chain of hops back to the anchor. */
struct hyp {
	struct node	*last;		/* newest hop */
	double		 score;		/* sum of llr */
	const char	*who;		/* identity so far, or NULL */
	int		 done;		/* nothing further fits */
};

/* A hop in a shared chain (hypotheses share their prefixes). */
struct node {
	struct cand	 c;		/* the hop */
	struct node	*prev;		/* towards the anchor */
	int		 refs;		/* hypotheses and nodes holding it */
	double		 conf;		/* share among its siblings */
	struct cand	*alt;		/* runner-ups at this step */
	size_t		 nalt;		/* how many */
	double		*altconf;	/* their shares */
};

struct search {
	struct vg_archive		*ar;		/* the archive */
	const struct vg_graph		*g;		/* devices and links */
	const struct vg_track_opts	*o;		/* what was asked */
	struct reach			**reach;	/* by device */
	size_t				*nreach;	/* how many each */
	int				 dir;		/* +1 forward, -1 back */
	int64_t				 limit;		/* time not to pass */
	int64_t				 anchor_t;	/* the anchor's time */
	struct vg_error			*err;		/* where errors go */
	/* candidates gathered by the window callback */
	struct cand			*cands;		/* found */
	size_t				 ncands;	/* how many */
	const struct node		*from;		/* the hop extended */
	const struct hyp		*hyp;		/* its hypothesis */
	struct reach			 via;		/* the device reached */
};

static void
node_unref(struct node *n)
{
	struct node	*prev;
	size_t		 i;

	while (n != NULL && --n->refs == 0) {
		prev = n->prev;
		vg_obs_free(&n->c.obs);
		for (i = 0; i < n->nalt; i++)
			vg_obs_free(&n->alt[i].obs);
		free(n->alt);
		free(n->altconf);
		free(n);
		n = prev;
	}
}

static void
add_reach(struct search *s, int from, int to, int min, int max, int skipped)
{
	struct reach	*r;
	size_t		 i;

	for (i = 0; i < s->nreach[from]; i++) {
		r = &s->reach[from][i];
		if (r->to != to)
			continue;
		/* another way there: keep the fewest unseen, widen bounds */
		if (skipped < r->skipped) {
			r->skipped = skipped;
			r->min = min;
			r->max = max;
		} else if (skipped == r->skipped) {
			r->min = r->min < min ? r->min : min;
			r->max = r->max > max ? r->max : max;
		}
		return;
	}
	s->reach[from] = xreallocarray(s->reach[from], s->nreach[from] + 1,
	    sizeof(**s->reach));
	r = &s->reach[from][s->nreach[from]++];
	r->to = to;
	r->min = min;
	r->max = max;
	r->skipped = skipped;
}

/*
 * Where a person can be seen next from each device, in the search's
 * direction: along links, or past up to MAXSKIP cameras that missed him.
 * Gates do not miss people, so no path skips one.  A camera watching a
 * place can see the same person again when he comes back out.
 */
static void
make_reach(struct search *s)
{
	const struct vg_graph	*g = s->g;
	size_t			 d, l, k, n;
	int			 a, b, lo, hi;

	s->reach = xcalloc(g->ndev, sizeof(*s->reach));
	s->nreach = xcalloc(g->ndev, sizeof(*s->nreach));
	for (l = 0; l < g->nlink; l++) {
		const struct vg_glink *ln = &g->link[l];

		a = s->dir > 0 ? ln->a : ln->b;
		b = s->dir > 0 ? ln->b : ln->a;
		add_reach(s, a, b, ln->min, ln->max, 0);
		if (!ln->directed)
			add_reach(s, b, a, ln->min, ln->max, 0);
	}
	/* past one unseen camera, then two */
	for (k = 0; k < MAXSKIP; k++) {
		for (d = 0; d < g->ndev; d++) {
			n = s->nreach[d];
			for (l = 0; l < n; l++) {
				struct reach r1 = s->reach[d][l];
				size_t m, nm;

				if (r1.skipped != (int)k ||
				    g->dev[r1.to].type != VG_CAMERA)
					continue;
				nm = s->nreach[r1.to];
				for (m = 0; m < nm; m++) {
					struct reach r2 = s->reach[r1.to][m];

					if (r2.skipped != 0 || r2.to == (int)d)
						continue;
					lo = r1.min + r2.min;
					hi = r1.max + r2.max;
					add_reach(s, (int)d, r2.to, lo, hi,
					    (int)k + 1);
				}
			}
		}
	}
	for (d = 0; d < g->ndev; d++)
		if (g->dev[d].watches)
			add_reach(s, (int)d, (int)d, 0, (int)((s->o->window <
			    30 * 60 * US ? s->o->window : 30 * 60 * US) / US), 0);
}

static double
cosine(const struct vg_obs *a, const struct vg_obs *b)
{
	double	dot = 0, na = 0, nb = 0;
	size_t	i;

	for (i = 0; i < a->embdim; i++) {
		dot += (double)a->emb[i] * b->emb[i];
		na += (double)a->emb[i] * a->emb[i];
		nb += (double)b->emb[i] * b->emb[i];
	}
	return na > 0 && nb > 0 ? dot / sqrt(na * nb) : 0;
}

/* How alike two observations look: 0..1, NAN when they cannot tell. */
static double
appearance(const struct vg_obs *a, const struct vg_obs *b)
{
	double	p;

	if (a->type != VG_ROW_SIGHTING || b->type != VG_ROW_SIGHTING)
		return NAN;
	if (a->emb != NULL && b->emb != NULL && a->embdim == b->embdim)
		p = 1 / (1 + exp(-(cosine(a, b) - 0.55) * 12));
	else
		p = 0.5;
	if (a->upper && b->upper)
		p *= a->upper == b->upper ? 1 : 0.2;
	if (a->lower && b->lower)
		p *= a->lower == b->lower ? 1 : 0.2;
	if (a->sex && b->sex && a->sex != b->sex)
		p *= 0.2;
	return p;
}

/*
 * How likely the transit is: near the typical walk (about five times the
 * sprinter's minimum) is best, the edges of the bounds worst; outside the
 * bounds (with the clock tolerance) impossible.
 */
static double
transit_score(const struct reach *r, double dt, int self)
{
	double	typ, z;

	if (dt < r->min - (double)TOLERANCE / US ||
	    dt > r->max + (double)TOLERANCE / US)
		return 0;
	if (self)
		return 0.3;
	typ = r->min * 5.0;
	if (typ > r->max)
		typ = (r->min + r->max) / 2.0;
	if (typ < 1)
		typ = 1;
	z = log((fabs(dt) + 1) / (typ + 1));
	return exp(-z * z / 2);
}

/*
 * Whether o is named in list: a sighting as CAMERA:TRACK, a gate event as
 * GATE@T with T in UTC microseconds (within a second).
 */
static int
listed(const char *const *list, size_t n, const struct vg_obs *o,
    const struct vg_graph *g)
{
	const char	*code = g->dev[o->dev].code, *rest;
	size_t		 i, len = strlen(code);
	long long	 t;

	for (i = 0; i < n; i++) {
		if (strncmp(list[i], code, len) != 0)
			continue;
		rest = list[i] + len;
		if (*rest == ':' && o->track != NULL &&
		    strcmp(rest + 1, o->track) == 0)
			return 1;
		if (*rest == '@' && o->type == VG_ROW_GATE &&
		    vg_strtonum(rest + 1, INT64_MIN / 2, INT64_MAX / 2, &t) ==
		    NULL && llabs(o->first - (int64_t)t) <= US)
			return 1;
	}
	return 0;
}

static int
in_chain(const struct node *n, const struct vg_obs *o)
{
	for (; n != NULL; n = n->prev)
		if (n->c.obs.type == o->type && n->c.obs.id == o->id)
			return 1;
	return 0;
}

/* The newest sighting of a chain (gates show no appearance). */
static const struct vg_obs *
last_seen(const struct node *n)
{
	const struct node	*k;

	for (k = n; k != NULL; k = k->prev)
		if (k->c.obs.type == VG_ROW_SIGHTING)
			return &k->c.obs;
	return &n->c.obs;
}

/* Score one observation as the next hop of the hypothesis. */
static int
consider(const struct vg_obs *o, void *arg)
{
	struct search		*s = arg;
	const struct vg_obs	*prev = &s->from->c.obs;
	struct cand		 c;
	double			 p, dt, ts;

	if (in_chain(s->from, o) ||
	    listed(s->o->reject, s->o->nreject, o, s->g))
		return 0;
	if (s->dir > 0 ? o->first > s->limit : o->last < s->limit)
		return 0;
	memset(&c, 0, sizeof(c));
	c.via = s->via;
	dt = s->dir > 0 ? (double)(o->first - prev->last) / US :
	    (double)(prev->first - o->last) / US;
	c.transit = dt;
	ts = transit_score(&s->via, dt, s->via.to == prev->dev);
	if (ts <= 0)
		return 0;
	if (s->o->greedy) {
		/* the baseline: the nearest in time wins, nothing else */
		c.llr = -fabs(dt) / 1e6;
		c.appearance = NAN;
	} else {
		p = ts * pow(0.15, s->via.skipped);
		c.appearance = appearance(last_seen(s->from), o);
		if (!isnan(c.appearance))
			p *= c.appearance;
		else
			p *= 0.5;
		if (s->hyp->who != NULL && o->person != NULL) {
			c.identity = strcmp(s->hyp->who, o->person) == 0 ? 1 :
			    -1;
			p *= c.identity > 0 ? 20 : 0.02;
		}
		c.llr = log(p / BACKGROUND);
		if (listed(s->o->confirm, s->o->nconfirm, o, s->g))
			c.llr += 50;
		if (c.llr <= 0)
			return 0;
	}
	vg_obs_copy(&c.obs, o);
	s->cands = xreallocarray(s->cands, s->ncands + 1, sizeof(*s->cands));
	s->cands[s->ncands++] = c;
	return 0;
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand	*x = a, *y = b;

	return x->llr > y->llr ? -1 : x->llr < y->llr;
}

static int
hyp_cmp(const void *a, const void *b)
{
	const struct hyp	*x = a, *y = b;

	return x->score > y->score ? -1 : x->score < y->score;
}

/* All candidate next hops of h, best first, in s->cands. */
static int
expand(struct search *s, const struct hyp *h)
{
	const struct vg_obs	*o = &h->last->c.obs;
	const struct reach	*r;
	size_t			 i;
	int64_t			 lo, hi;

	s->ncands = 0;
	s->from = h->last;
	s->hyp = h;
	for (i = 0; i < s->nreach[o->dev]; i++) {
		r = &s->reach[o->dev][i];
		s->via = *r;
		if (s->dir > 0) {
			lo = o->last + r->min * US - TOLERANCE;
			hi = o->last + r->max * US + TOLERANCE;
		} else {
			/* sightings are found by first seen: allow their length */
			lo = o->first - r->max * US - TOLERANCE - 600 * US;
			hi = o->first - r->min * US + TOLERANCE;
		}
		if (r->to == o->dev) {
			lo = s->dir > 0 ? o->last + US : lo;
			hi = s->dir > 0 ? hi : o->first - US;
		}
		if (vg_ar_window(s->ar, s->g, r->to, lo, hi, consider, s,
		    s->err) == -1)
			return -1;
	}
	if (s->o->greedy) {
		/* the nearest in time only */
		qsort(s->cands, s->ncands, sizeof(*s->cands), cand_cmp);
		while (s->ncands > 1)
			vg_obs_free(&s->cands[--s->ncands].obs);
		return 0;
	}
	qsort(s->cands, s->ncands, sizeof(*s->cands), cand_cmp);
	return 0;
}

/* The shares of the candidates of one step, against stopping there. */
static void
shares(const struct cand *c, size_t n, double *out)
{
	double	sum = 1;	/* stopping: exp(0) */
	size_t	i;

	for (i = 0; i < n; i++)
		sum += exp(c[i].llr > 700 ? 700 : c[i].llr);
	for (i = 0; i < n; i++)
		out[i] = exp(c[i].llr > 700 ? 700 : c[i].llr) / sum;
}

/*
 * Beam search from the anchor in one direction.  Hypotheses that reach
 * the same observation merge (the better one survives), as in Viterbi;
 * the beam keeps the best few.  Returns the finished hypotheses, best
 * first.
 */
static int
search_dir(struct search *s, struct node *root, struct hyp **out,
    size_t *nout)
{
	struct hyp	*beam, *next, *done = NULL;
	size_t		 nbeam = 1, nnext, ndone = 0, i, j, k, cap;
	int		 step;
	double		*share;

	beam = xcalloc(1, sizeof(*beam));
	beam[0].last = root;
	beam[0].who = root->c.obs.person;
	root->refs++;
	for (step = 0; step < MAXSTEPS && nbeam > 0; step++) {
		next = NULL;
		nnext = 0;
		cap = 0;
		for (i = 0; i < nbeam; i++) {
			struct hyp *h = &beam[i];

			if (expand(s, h) == -1)
				goto fail;
			if (s->ncands == 0) {
				done = xreallocarray(done, ndone + 1,
				    sizeof(*done));
				done[ndone++] = *h;
				continue;
			}
			share = xcalloc(s->ncands, sizeof(*share));
			shares(s->cands, s->ncands, share);
			for (j = 0; j < s->ncands && j < (size_t)s->o->beam;
			    j++) {
				struct node *n = xcalloc(1, sizeof(*n));

				n->c = s->cands[j];
				n->prev = h->last;
				h->last->refs++;
				n->refs = 1;
				n->conf = share[j];
				/* the others at this step, for the officer */
				for (k = 0; k < s->ncands && k < 4; k++) {
					if (k == j)
						continue;
					n->alt = xreallocarray(n->alt,
					    n->nalt + 1, sizeof(*n->alt));
					n->altconf = xreallocarray(n->altconf,
					    n->nalt + 1, sizeof(*n->altconf));
					vg_obs_copy(&n->alt[n->nalt].obs,
					    &s->cands[k].obs);
					n->alt[n->nalt].llr = s->cands[k].llr;
					n->altconf[n->nalt++] = share[k];
				}
				if (nnext == cap) {
					cap = cap ? 2 * cap : 16;
					next = xreallocarray(next, cap,
					    sizeof(*next));
				}
				next[nnext].last = n;
				next[nnext].score = h->score + n->c.llr;
				next[nnext].who = h->who != NULL ? h->who :
				    n->c.obs.person;
				next[nnext].done = 0;
				nnext++;
			}
			for (j = s->o->beam; j < s->ncands; j++)
				vg_obs_free(&s->cands[j].obs);
			free(share);
			node_unref(h->last);	/* the hypothesis moved on */
		}
		qsort(next, nnext, sizeof(*next), hyp_cmp);
		/* merge hypotheses ending on the same observation */
		for (i = 0, k = 0; i < nnext; i++) {
			for (j = 0; j < k; j++)
				if (next[j].last->c.obs.type ==
				    next[i].last->c.obs.type &&
				    next[j].last->c.obs.id ==
				    next[i].last->c.obs.id)
					break;
			if (j < k || k >= (size_t)s->o->beam) {
				node_unref(next[i].last);
				continue;
			}
			next[k++] = next[i];
		}
		free(beam);
		beam = next;
		nbeam = k;
	}
	for (i = 0; i < nbeam; i++) {
		done = xreallocarray(done, ndone + 1, sizeof(*done));
		done[ndone++] = beam[i];
	}
	free(beam);
	qsort(done, ndone, sizeof(*done), hyp_cmp);
	*out = done;
	*nout = ndone;
	return 0;
fail:
	for (i = 0; i < nbeam; i++)
		node_unref(beam[i].last);
	free(beam);
	for (i = 0; i < ndone; i++)
		node_unref(done[i].last);
	free(done);
	return -1;
}

static void
hop_from(struct vg_hop *hp, const struct node *n)
{
	size_t	i;

	memset(hp, 0, sizeof(*hp));
	vg_obs_copy(&hp->obs, &n->c.obs);
	hp->transit = n->c.transit;
	hp->lmin = n->c.via.min;
	hp->lmax = n->c.via.max;
	hp->skipped = n->c.via.skipped;
	hp->appearance = n->c.appearance;
	hp->identity = n->c.identity;
	hp->llr = n->c.llr;
	hp->confidence = n->conf;
	if (n->nalt > 0) {
		hp->alt = xcalloc(n->nalt, sizeof(*hp->alt));
		hp->altconf = xcalloc(n->nalt, sizeof(*hp->altconf));
		for (i = 0; i < n->nalt; i++) {
			vg_obs_copy(&hp->alt[i], &n->alt[i].obs);
			hp->altconf[i] = n->altconf[i];
		}
		hp->nalt = n->nalt;
	}
}

static size_t
chain_len(const struct node *n)
{
	size_t	len = 0;

	for (; n != NULL && n->prev != NULL; n = n->prev)
		len++;
	return len;
}

/*
 * A path from a backward and a forward hypothesis, in time order, the
 * anchor between them.  The transit of each hop is from the hop before
 * it in time.
 */
static void
make_path(struct vg_path *p, const struct hyp *back, const struct hyp *fwd,
    const struct vg_obs *anchor)
{
	const struct node	*n;
	size_t			 nb, nf, i;

	nb = back ? chain_len(back->last) : 0;
	nf = fwd ? chain_len(fwd->last) : 0;
	memset(p, 0, sizeof(*p));
	p->nhop = nb + 1 + nf;
	p->hop = xcalloc(p->nhop, sizeof(*p->hop));
	/* a backward chain runs from the earliest hop to the anchor; each
	 * hop's transit is to the hop after it, so shift it onto that one */
	for (n = back ? back->last : NULL, i = 0; n != NULL && n->prev != NULL;
	    n = n->prev, i++)
		hop_from(&p->hop[i], n);
	for (i = nb; i > 0; i--) {
		p->hop[i].transit = p->hop[i - 1].transit;
		p->hop[i].lmin = p->hop[i - 1].lmin;
		p->hop[i].lmax = p->hop[i - 1].lmax;
		p->hop[i].skipped = p->hop[i - 1].skipped;
	}
	if (nb > 0) {
		p->hop[0].transit = NAN;
		p->hop[0].lmin = p->hop[0].lmax = 0;
		p->hop[0].skipped = 0;
	}
	vg_obs_copy(&p->hop[nb].obs, anchor);
	p->hop[nb].anchor = 1;
	p->hop[nb].confidence = 1;
	p->hop[nb].appearance = NAN;
	if (nb == 0)
		p->hop[nb].transit = NAN;
	for (n = fwd ? fwd->last : NULL, i = p->nhop - 1;
	    n != NULL && n->prev != NULL; n = n->prev, i--) {
		hop_from(&p->hop[i], n);
	}
	p->anchor = nb;
	p->score = (back ? back->score : 0) + (fwd ? fwd->score : 0);
}

void
vg_path_free(struct vg_path *p, size_t n)
{
	size_t	i, j, k;

	for (i = 0; i < n; i++) {
		for (j = 0; j < p[i].nhop; j++) {
			vg_obs_free(&p[i].hop[j].obs);
			for (k = 0; k < p[i].hop[j].nalt; k++)
				vg_obs_free(&p[i].hop[j].alt[k]);
			free(p[i].hop[j].alt);
			free(p[i].hop[j].altconf);
		}
		free(p[i].hop);
	}
	free(p);
}

void
vg_track_opts_init(struct vg_track_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->forward = 1;
	o->backward = 1;
	o->window = 30 * 60 * US;
	o->beam = 12;
	o->hypotheses = 1;
}

static void
free_reach(struct search *s)
{
	size_t	d;

	for (d = 0; d < s->g->ndev; d++)
		free(s->reach[d]);
	free(s->reach);
	free(s->nreach);
	s->reach = NULL;
	s->nreach = NULL;
}

/*
 * Reconstruct the likeliest paths through the anchor: the best first,
 * then alternatives (the other combinations of the best few each way).
 */
int
vg_track(struct vg_archive *ar, const struct vg_graph *g,
    const struct vg_obs *anchor, const struct vg_track_opts *o,
    struct vg_path **paths, size_t *npaths, struct vg_error *err)
{
	struct search	 s;
	struct hyp	*back = NULL, *fwd = NULL;
	size_t		 nback = 0, nfwd = 0, i, j, n, want;
	struct node	*root;
	int		 rc = -1;

	*paths = NULL;
	*npaths = 0;
	memset(&s, 0, sizeof(s));
	s.ar = ar;
	s.g = g;
	s.o = o;
	s.err = err;
	s.anchor_t = anchor->first;
	root = xcalloc(1, sizeof(*root));
	vg_obs_copy(&root->c.obs, anchor);
	root->refs = 1;

	if (o->backward) {
		s.dir = -1;
		s.limit = anchor->first - o->window;
		make_reach(&s);
		rc = search_dir(&s, root, &back, &nback);
		free_reach(&s);
		if (rc == -1)
			goto out;
	}
	if (o->forward) {
		s.dir = 1;
		s.limit = anchor->last + o->window;
		make_reach(&s);
		rc = search_dir(&s, root, &fwd, &nfwd);
		free_reach(&s);
		if (rc == -1)
			goto out;
	}
	/* every pairing of the best few each way, best total first */
	want = o->hypotheses > 0 ? (size_t)o->hypotheses : 1;
	{
		size_t	 nb = nback ? nback : 1, nf = nfwd ? nfwd : 1;
		size_t	*pi, *pj, m = 0, a, b, c;
		double	*sc;

		nb = nb > want ? want : nb;
		nf = nf > want ? want : nf;
		pi = xcalloc(nb * nf, sizeof(*pi));
		pj = xcalloc(nb * nf, sizeof(*pj));
		sc = xcalloc(nb * nf, sizeof(*sc));
		for (a = 0; a < nb; a++)
			for (b = 0; b < nf; b++, m++) {
				pi[m] = a;
				pj[m] = b;
				sc[m] = (nback ? back[a].score : 0) +
				    (nfwd ? fwd[b].score : 0);
			}
		*paths = xcalloc(want, sizeof(**paths));
		for (n = 0; n < want && n < m; n++) {
			for (c = n, a = n + 1; a < m; a++)
				if (sc[a] > sc[c])
					c = a;
			i = pi[c], pi[c] = pi[n], pi[n] = i;
			j = pj[c], pj[c] = pj[n], pj[n] = j;
			{ double t = sc[c]; sc[c] = sc[n]; sc[n] = t; }
			make_path(&(*paths)[n], nback ? &back[pi[n]] : NULL,
			    nfwd ? &fwd[pj[n]] : NULL, anchor);
		}
		free(pi);
		free(pj);
		free(sc);
	}
	*npaths = n;
	rc = 0;
out:
	for (i = 0; i < nback; i++)
		node_unref(back[i].last);
	for (i = 0; i < nfwd; i++)
		node_unref(fwd[i].last);
	free(back);
	free(fwd);
	node_unref(root);
	free(s.cands);
	return rc;
}
