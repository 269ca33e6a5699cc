/* track.c: reconstruct a path across linked cameras and gates by beam search */
#include "config.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-int.h"
#include "model.h"

#define US		1000000LL	/* microseconds a second */
#define MAXSKIP		3		/* devices a path may pass unseen */
#define GREEDYSKIP	2		/* and the greedy walk, the baseline */
#define TOLERANCE	(5 * US)	/* clock noise left after correction */
#define SLACK		(120 * US)	/* a sighting's length, searching */
#define MAXSTEPS	80		/* hops each way, at most */
#define BRIDGE		6.0		/* a poor hop kept, to be bridged, when
					   its log ratio is above -BRIDGE */
#define POOR		3		/* hops in a row that leave a path below
					   its best sum, to be bridged */
#define PLATE_SAME	4.0		/* log ratio: the path's plate, read
					   alike */
#define PLATE_NEAR	1.5		/* read one confusable character off */
#define PLATE_OTHER	(-4.0)		/* another plate */
#define NCOLOUR		16		/* colour codes counted */
#define CORE		3		/* sightings in a path's core (the
					   anchor's and hops' that two cues
					   confirm) for it to stand for him,
					   not the anchor's alone */
#define FORGET		12.0		/* leaves below the best by more weigh
					   nothing in the confidences */
#define CLOCKS		0.1		/* chance a camera's clock is off, with
					   no correction recorded */
#define CLOCKSPAN	(300 * US)	/* how far, either way, at least */
#define LOOKS		(7200 * US)	/* a person's look from his sightings
					   this near the anchor, either way
					   (clothes change over a day) */

/* A device reachable from another: directly, or past unseen devices. */
struct reach {
	int		 to;		/* device */
	int		 min, max;	/* transit bounds, seconds, summed */
	int		 skipped;	/* devices passed unseen */
	int		 link;		/* the link, when direct, else -1 */
	int		 stay;		/* through the place its camera watches,
					   in and out seen once */
	double		 route;		/* log chance of this way, misses
					   included */
};

/* One candidate hop while searching. */
struct cand {
	struct vg_obs	 obs;		/* what was seen (the search's cache
					   holds its strings and vector) */
	struct reach	 via;		/* how it was reached */
	double		 transit;	/* seconds */
	double		 appearance;	/* log ratio, or NAN */
	double		 vec, col;	/* its vector's and colours' parts, or
					   NAN */
	int		 identity;	/* +1 same person, -1 another, 0 */
	double		 llr;		/* log ratio against the crowd */
	int		 adopt;		/* its name becomes the path's */
	int64_t		 clock;		/* its camera's clock offset the path
					   implies, us (0: none) */
	int		 doubt;		/* the transit fits only with that
					   offset, found at this hop */
	int64_t		 clocklo, clockhi; /* the offsets that fit it, us */
	double		 base;		/* llr's way, turn and transit */
	size_t		*lk;		/* the cache's look of its person,
					   until scored */
	int		 later;		/* scored once the window's crowd is
					   known (a gate event's person's
					   look, read only if it can count) */
	int		 pair;		/* a first hop weighed by its look
					   against the hop after it, the
					   anchor's doubted (first_pair) */
};

/* A partial path: a chain of hops back to the anchor. */
struct hyp {
	struct node	*last;		/* newest hop */
	double		 score;		/* sum of llr */
	struct node	*best;		/* the end of its best prefix */
	double		 bestscore;	/* that prefix's score */
	int		 since;		/* hops taken after it */
	double		 ahead;		/* a first hop under the bar: the
					   best hop after it, above 0 (the
					   beam ranks by both); else 0 */
};

/* One of the best few candidates after a hop, and the weight of the
 * leaves whose paths take it there: a runner-up's confidence, of the
 * same leaves as its rival hop's. */
struct kid {
	int		 type;		/* its row's type (VG_ROW_*) */
	int64_t		 id;		/* and id */
	double		 mass;		/* the leaves' weight through it */
};

/* A hop in a shared chain (hypotheses share their prefixes). */
struct node {
	struct cand	 c;		/* the hop */
	struct node	*prev;		/* towards the anchor */
	int		 refs;		/* hypotheses and nodes holding it */
	double		 share;		/* share among its siblings */
	double		 mass;		/* the leaves' weight through it */
	double		 omass;		/* the leaves' weight through its
					   observation, by any chain: the
					   hop's confidence */
	struct cand	*alt;		/* runner-ups at this step */
	size_t		 nalt;		/* how many */
	double		*altconf;	/* their confidences, of the leaves
					   of its search (confidences()) */
	struct kid	*kid;		/* the best few candidates after it,
					   its hops' runner-ups */
	size_t		 nkid;		/* how many */
	/* the path up to here */
	float		*look;		/* sum of its unit appearance vectors */
	int		 nlook;		/* how many */
	float		*core;		/* the anchor's and those of the hops
					   two cues confirm */
	int		 ncore;		/* how many */
	float		*own;		/* sum of the unit vectors of its hops
					   (not the root's) */
	int		 nown;		/* how many */
	int		 apoor;		/* the anchor a poor draw of their
					   look */
	int		 rpoor;		/* or the path the root was made
					   from found it one */
	int		 late;		/* its first hop passed devices
					   unseen, and every hop's look is
					   for him (its vector's part, or a
					   gate's named look, above 0): the
					   beam may keep it past its size */
	int64_t		 at;		/* the latest passage on the path
					   to here (going back: earliest),
					   his time */
	int		 upper[NCOLOUR]; /* its upper colours, counted */
	int		 lower[NCOLOUR]; /* and lower */
	int		 sex[3];	/* its sexes (1 male, 2 female),
					   counted */
	const char	*who;		/* the person it is, or NULL */
	const char	*read;		/* while who is NULL, the last name
					   read on the path and not taken (no
					   look of his supported it), or NULL */
	const char	*plate;		/* the plate it bears, or NULL */
};

/* A person's look, from the sightings that name him. */
struct look {
	char		*who;		/* roster id */
	float		*v;		/* sum of unit vectors, or NULL */
	int		 n;		/* how many */
	int		 read;		/* v and n read from the archive */
	int		 qb;		/* v bounded from the vector files: 1,
					   -1 it cannot be, 0 not tried */
	double		*qs;		/* the quantised unit vectors' sum, v's
					   each component within qe of it */
	double		 qe;		/* how far v's components may lie from
					   qs's */
	double		 qlen;		/* qs's length */
	int		 qn;		/* sightings with a vector in it */
};

/* A vector in 16-bit fixed point (fixed()): v[j] k within d[j] of the
 * float's component, the d[j]'s magnitudes' sum times 127 and one over
 * the float vector's length in dq. */
struct fixed {
	int16_t		*v;		/* the components, dim of them */
	double		 k;		/* their unit */
	double		 dq;		/* the most a quantised row's dot
					   product with them is off, over the
					   vector's length */
	int		 ok;		/* v made (else the floats are
					   summed) */
};

/* Where the cache's strings and vectors are kept: blocks filled in turn,
 * freed together at the search's end (a campus day reads millions). */
struct arena {
	char		**blk;		/* the blocks */
	size_t		 nblk;		/* how many */
	size_t		 used;		/* bytes taken of the last */
	size_t		 size;		/* its size */
	const char	*source;	/* the last source path kept (a
					   window's rows share a few) */
};

/* An observation read from its span's vector file (lv_read): its times,
 * kind, colours and sex as the table has them, its vector quantised; the
 * rest (name, plate, score, the vector itself) read from the table when
 * first needed (lv_whole). */
struct lrow {
	const int8_t	*q;		/* the quantised unit vector, NULL
					   none (or not from the file) */
	float		 sc;		/* q times it: the unit vector,
					   within sc / 2 a component */
	int		 pend;		/* the table's row not read yet */
};

/* The levels of the appearance table's most over runs of bins (upto_most():
 * level l the runs of 1 << l bins). */
#define UPTOLEVELS	6
#if VG_MODEL_ABINS >= (1 << UPTOLEVELS)
#error "upto_most() takes a run of bins as two of 1 << (UPTOLEVELS - 1)"
#endif

/* The first of the n in order v not under x (n where none). */
static size_t
lower(const int64_t *v, size_t n, int64_t x)
{
	size_t	a = 0, b = n, mid;

	while (a < b) {
		mid = a + (b - a) / 2;
		if (v[mid] < x)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

/* The sightings that name someone in the vector files' spans, by row
 * id (named()). */
struct nameset {
	char		*who;		/* the name */
	int64_t		*id;		/* their ids, in order */
	size_t		 n;		/* how many */
	int		 ok;		/* read (else every row may name him) */
};

/* A span's vector file, by device. */
struct lvspan {
	int64_t		  start, end;	/* the span's times */
	struct vg_lookvec lv;		/* its file */
	size_t		 *cseg;		/* by device: its segments in seg,
					   cseg[d] .. cseg[d + 1] - 1 */
	size_t		 *seg;		/* the segments */
	int		 *sorted;	/* by segment: -1 not by (first, id),
					   1 checked, 0 not yet */
	int		**sex;		/* by segment, each attribute
					   string's sex */
	size_t		 *idseg;	/* the segments with rows, in order
					   (lv_ids()) */
	int64_t		 *idlo;		/* and the id of each one's first */
	size_t		  nid;		/* how many */
};

/* What offered() reads of an observation, kept beside the cache's rows
 * (crowd_of() reads every row a window offers, and these are a few of
 * the observation's many bytes). */
struct okey {
	int64_t		 first, last;	/* as the observation's */
	int64_t		 at;		/* vg_model_at() */
	int		 vehicle;	/* as the observation's */
	unsigned char	 flags;		/* OK_SIGHTING, OK_BOUNDED */
	unsigned char	 upper, lower;	/* its colour codes (255: one over
					   254) */
	unsigned char	 sex;		/* and sex (likewise) */
	int32_t		 nveh;		/* the rows before it in the cache
					   whose vehicle is not 0, from a
					   base of its own (crowd_of()
					   takes differences) */
	int32_t		 nodd;		/* those last seen before first
					   seen, alike */
};
#define OK_SIGHTING	1	/* a sighting */
#define OK_BOUNDED	2	/* whose vector the bounds can take (the
				   vector file's, or the table's of the
				   model's length): doomed() may leave it */

/* What a device logged over a span, read once a search (the beam asks
 * for overlapping windows of the same devices again and again). */
struct wcache {
	int		 have;		/* something was read */
	int64_t		 lo, hi;	/* the span read, corrected times */
	void		*blk;		/* the one allocation obs, look,
					   norm, lr and key are in, each
					   with room for cap (cache_room) */
	struct vg_obs	*obs;		/* in time order */
	size_t		 n;		/* how many */
	size_t		 off;		/* room before the five arrays */
	size_t		 cap;		/* room for, off included */
	size_t		*look;		/* by observation: its person's look,
					   an index in the search's looks +
					   1, 0 not asked for yet */
	double		*norm;		/* by observation: one over its
					   vector's length, 0 with none */
	int64_t		 atlo, athi;	/* the least and most of
					   vg_model_at() less first seen
					   over obs, 0 among them */
	struct lrow	*lr;		/* by observation: read from its
					   span's vector file (lv_read) */
	struct okey	*key;		/* by observation: what offered()
					   reads of it */
};

/* The room a step of the beam works in (expand_beam), kept from one
 * step to the next. */
struct beamstep {
	struct job	*job;		/* the step's windows */
	size_t		 capjob;	/* room for */
	struct cand	*pool;		/* a device's windows' candidates, as
					   found */
	size_t		 cappool;	/* room for */
	size_t		*whose;		/* by candidate: its window */
	size_t		 capwhose;	/* room for */
	size_t		*order;		/* the pool's, window by window */
	size_t		 caporder;	/* room for */
	struct cand	*surv;		/* those each window keeps */
	size_t		 capsurv;	/* room for */
	int16_t		*fx;		/* by hypothesis, its look's and its
					   core's fixed point (the windows'
					   struct fixed point here) */
	size_t		 capfx;		/* room for */
};

struct search {
	struct vg_archive		*ar;		/* the archive */
	const struct vg_graph		*g;		/* devices and links */
	const struct vg_track_opts	*o;		/* what was asked */
	const struct vg_model		*m;		/* the site model */
	struct reach			**reach;	/* by device */
	size_t				*nreach;	/* how many each */
	int				 dir;		/* +1 forward, -1 back */
	int64_t				 limit;		/* time not to pass */
	int64_t				 anchor_t;	/* the anchor's time */
	int				 vehicle;	/* the anchor is a vehicle */
	int				*vdev;		/* by device: it logs
							   vehicles (vehicle
							   searches only) */
	const struct vg_obs		*anchor;	/* where it starts */
	const struct node		*before;	/* forward: the best way
							   back, not to be
							   taken again */
	struct vg_error			*err;		/* where errors go */
	struct wcache			*wc;		/* by device */
	struct arena			 arena;		/* their strings and
							   vectors */
	struct wcache			*into;		/* the one read into */
	struct wcache			*infront;	/* a read before what
							   it holds: the cache
							   into's rows (a piece
							   apart) go in front
							   of, else NULL */
	int				 lent;		/* into's obs are
							   infront's room, its
							   count known first
							   (cache_reserve):
							   nothing to copy */
	int				 lean;		/* windows read with
							   only what scoring
							   needs (no list of
							   tracks to match) */
	struct lvspan			*lvs;		/* the spans' vector
							   files */
	size_t				 nlvs;		/* how many */
	int				 lvtried;	/* opened (or not) */
	struct nameset			*ns;		/* names' sightings in
							   the files' spans */
	size_t				 nns;		/* how many */
	struct lrow			*lvbuf;		/* rows of one read */
	size_t				 nlvbuf, caplvbuf; /* how many, room */
	struct look			*looks;		/* people's looks */
	size_t				 nlooks;	/* how many */
	size_t				 caplooks;	/* room for */
	struct vg_strtab		 lookid;	/* their roster ids, by
							   index in looks */
	/* leaves of the search, for the confidences */
	struct hyp			*leaf;		/* ended, merged, pruned */
	size_t				 nleaf;		/* how many */
	struct beamstep			 bs;		/* a step of the
							   beam's room */
	double				 upto[UPTOLEVELS]
					     [VG_MODEL_ABINS]; /* upto[l][k]:
							   the most of the
							   appearance ratio
							   over bins k to
							   k + 2^l - 1
							   (upto_most()) */
	double				 qroom;		/* a quantised
							   cosine's error, over
							   its scale and l1 |v|
							   (lean_most()) */
	double				 lmost[2];	/* the ratio's most
							   for s->lr's row with
							   the look, the core
							   (lean_at()) */
	int				 lmset;		/* which of them are
							   made: bit k for
							   lmost[k] */
	int				 pairs;		/* the first step by
							   pairs (first_pair):
							   the way found
							   nothing without */
	/*
	 * From here on, the state of one way's window (SCOPE): saved for
	 * each window of a beam's step and put back while its rows are
	 * considered (expand_beam); consider() changes only its
	 * candidates, inwin, lk and nb.
	 */
	/* candidates gathered by the window callback */
	struct cand			*cands;		/* found */
	size_t				 ncands;	/* how many */
	size_t				 capcands;	/* room for */
	size_t				 inwin;		/* in the current window */
	size_t				 anon;		/* of them gate reads
							   that name no one
							   (unnamed()) */
	const struct node		*from;		/* the hop extended */
	size_t				*lk;		/* the cache's look of
							   the observation
							   considered */
	struct lrow			*lr;		/* and, from a vector
							   file, its row there
							   (NULL: the table's) */
	const struct okey		*lkey;		/* and its key */
	int				 lsure;		/* and it is one of
							   surelo to surehi */
	int				 ldev;		/* its device */
	size_t				 lx;		/* and place in the
							   cache */
	const double			*nb;		/* and its vector's
							   squared length, or
							   NULL */
	int				 vbound;	/* the appearance
							   table is finite: a
							   cosine's bound
							   bounds its ratio */
	double				 lookn;		/* one over from's
							   look's length, or
							   0 */
	const float			*corev;		/* the core from is
							   held to, or NULL */
	double				 coren;		/* one over its
							   length, or 0 */
	double				 lookl1, corel1; /* the sums of
							   their components'
							   magnitudes, times
							   lookn and coren */
	struct fixed			 lookfx, corefx; /* and the two
							   in 16-bit fixed
							   point */
	int				 majup, majlo;	/* from's colours,
							   majority() */
	int				 majsex;	/* and sex, sex_of() */
	double				 lwide;		/* the most the crowd
							   adds: the log of the
							   window's width, s */
	double				 lcrowd;	/* what the crowd
							   adds: less the log
							   of its density
							   (crowd_of()), else
							   lwide */
	unsigned char			 fastc[3][3][2]; /* by a row's
							   upper and lower
							   colour (none, the
							   path's, another)
							   and sex (not
							   weighed, another):
							   doomed() leaves
							   it, bounded, by its
							   first test
							   (fast_of()) */
	int				 fast;		/* some class is */
	int64_t				 kclo, kchi;	/* the offsets the path
							   leaves a doubted
							   hop on via.to
							   (clock_kept()), or
							   INT64_MIN and
							   INT64_MAX */
	size_t				 surelo, surehi; /* the rows of the
							   window's device in
							   its crowd by all
							   but their vehicles
							   (crowd_sure()) */
	double				 ltmost;	/* the most the transit
							   and pace give via,
							   with room for
							   rounding */
	double				 tlo, thi;	/* the transits they
							   give more than
							   nothing, s */
	double				 turnllr;	/* turn() of from to
							   via, this window */
	double				 colsame;	/* the model's log
							   ratio of colours
							   that agree */
	double				 coldiff;	/* of colours that
							   differ */
	double				 sexdiff;	/* the model's log
							   ratio of a sex that
							   differs from the
							   path's (0: sex not
							   weighed) */
	double				 amax;		/* the most an
							   appearance adds,
							   0 or more */
	struct reach			 via;		/* the device reached */
	int64_t				 at;		/* from's passage time */
	int64_t				 clock;		/* the offset the path
							   gives via.to */
	int				 doubt;		/* via.to's clock may
							   be off */
	double				 ldoubt;	/* log density of a
							   transit then */
	int64_t				 span;		/* how far it may be */
	double				 pace;		/* the path's transits
							   over their ways'
							   minimum, log mean,
							   or NAN */
	double				 pacesd;	/* their spread */
	int64_t				 floor;		/* a doubted clock's
							   passage not before
							   (going back: after)
							   this, logged */
	int64_t				 fence;		/* going ahead, the
							   latest sighting begun
							   on the path by right
							   clocks (back: the
							   earliest ended): no
							   sighting ended before
							   it (begun after) is
							   his next */
	int64_t				 dlo, dhi;	/* from's clock leaves a
							   transit this much
							   shorter or longer,
							   us */
	size_t				 taken;		/* candidates left out
							   as the other way's */
	double				 bar;		/* a hop's log ratio
							   kept above it:
							   -BRIDGE, lower at
							   the first step */
	double				 least;		/* and at least this:
							   what first_ahead
							   needs of the hop
							   after a first hop,
							   else -INFINITY */
	int				 pair;		/* the first step
							   weighed by pairs
							   (first_pair): every
							   hop kept down to
							   bar */
};

static void
node_unref(struct node *n)
{
	struct node	*prev;

	while (n != NULL && --n->refs == 0) {
		prev = n->prev;
		free(n->alt);
		free(n->altconf);
		free(n->kid);
		free(n->look);
		free(n->core);
		free(n->own);
		free(n);
		n = prev;
	}
}

static void
add_reach(struct search *s, int from, const struct reach *nr)
{
	struct reach	*r;
	size_t		 i;

	for (i = 0; i < s->nreach[from]; i++) {
		r = &s->reach[from][i];
		if (r->to != nr->to || r->stay != nr->stay)
			continue;
		/* another way there: keep the fewest unseen, widen bounds */
		if (nr->skipped < r->skipped)
			*r = *nr;
		else if (nr->skipped == r->skipped) {
			r->min = r->min < nr->min ? r->min : nr->min;
			r->max = r->max > nr->max ? r->max : nr->max;
			r->link = -1;
			/* either way: the chances add */
			r->route = log(exp(r->route) + exp(nr->route));
		}
		return;
	}
	s->reach[from] = xreallocarray(s->reach[from], s->nreach[from] + 1,
	    sizeof(**s->reach));
	s->reach[from][s->nreach[from]++] = *nr;
}

/* The ways out of a device: where a person goes next, each alike. */
static size_t
ways_out(const struct search *s, int d)
{
	size_t	i, n = 0;

	for (i = 0; i < s->nreach[d]; i++)
		n += s->reach[d][i].skipped == 0 && s->reach[d][i].to != d;
	return n ? n : 1;
}

/*
 * Where a person can be logged next from each device, in the search's
 * direction: along links, or past up to MAXSKIP devices that did not log
 * him (each as often as the model says it misses; a gate misses whoever
 * passes without a read).  Three in a row are rare where devices rarely
 * miss, and the learned misses weigh them so; where they miss often (a
 * corridor of busy cameras) a path that allowed two stopped there.  A camera watching a place can see the same
 * person again when he comes back out.
 */
static void
make_reach(struct search *s)
{
	const struct vg_graph	*g = s->g;
	struct reach		 nr;
	size_t			 d, l, k, n;
	int			 a, b;

	s->reach = xcalloc(g->ndev, sizeof(*s->reach));
	s->nreach = xcalloc(g->ndev, sizeof(*s->nreach));
	for (l = 0; l < g->nlink; l++) {
		const struct vg_glink *ln = &g->link[l];

		a = s->dir > 0 ? ln->a : ln->b;
		b = s->dir > 0 ? ln->b : ln->a;
		/* a car goes only where cars are logged */
		if (s->vdev != NULL && (!s->vdev[a] || !s->vdev[b]))
			continue;
		memset(&nr, 0, sizeof(nr));
		nr.min = ln->min;
		nr.max = ln->max;
		nr.link = (int)l;
		nr.to = b;
		add_reach(s, a, &nr);
		if (!ln->directed) {
			nr.to = a;
			add_reach(s, b, &nr);
		}
	}
	for (d = 0; d < g->ndev; d++)
		for (l = 0; l < s->nreach[d]; l++)
			s->reach[d][l].route = -log((double)ways_out(s, (int)d));
	/* past one unseen device, then two, then three */
	for (k = 0; k < (s->o->greedy ? GREEDYSKIP : MAXSKIP); k++) {
		for (d = 0; d < g->ndev; d++) {
			n = s->nreach[d];
			for (l = 0; l < n; l++) {
				struct reach r1 = s->reach[d][l];
				size_t m, nm, out;

				if (r1.skipped != (int)k || r1.to == (int)d)
					continue;
				nm = s->nreach[r1.to];
				out = ways_out(s, r1.to);
				for (m = 0; m < nm; m++) {
					struct reach r2 = s->reach[r1.to][m];

					if (r2.skipped != 0 || r2.to == (int)d ||
					    r2.to == r1.to)
						continue;
					nr.to = r2.to;
					nr.min = r1.min + r2.min;
					nr.max = r1.max + r2.max;
					nr.skipped = (int)k + 1;
					nr.link = -1;
					/* he did not turn back there */
					nr.route = r1.route + log(s->m->dev[
					    r1.to].miss) - log(out > 1 ?
					    (double)out - 1 : 1);
					add_reach(s, (int)d, &nr);
				}
			}
		}
	}
	for (d = 0; d < g->ndev; d++)
		if (g->dev[d].watches) {
			memset(&nr, 0, sizeof(nr));
			nr.to = (int)d;
			nr.max = (int)((s->o->window < 30 * 60 * US ?
			    s->o->window : 30 * 60 * US) / US);
			nr.link = -1;
			nr.route = -log((double)ways_out(s, (int)d) + 1);
			add_reach(s, (int)d, &nr);
		}
	/*
	 * A camera watching a place sees people go in and come out; when it
	 * missed one of the two, the way on is from the place: any of its
	 * links, after a stay of up to the window.
	 */
	for (d = 0; d < g->ndev; d++) {
		if (!g->dev[d].watches)
			continue;
		n = s->nreach[d];
		for (l = 0; l < n; l++) {
			struct reach r1 = s->reach[d][l];

			if (r1.skipped != 0 || r1.to == (int)d || r1.stay)
				continue;
			nr = r1;
			nr.stay = 1;
			nr.skipped = 1;
			nr.link = -1;
			nr.max = r1.max + (int)((s->o->window < 30 * 60 * US ?
			    s->o->window : 30 * 60 * US) / US);
			nr.route = r1.route - log((double)ways_out(s,
			    (int)d) + 1) + log(s->m->dev[d].miss);
			add_reach(s, (int)d, &nr);
		}
	}
}

static void
unit_add(float **sum, const struct vg_obs *o)
{
	double	n = 0;
	size_t	i;

	for (i = 0; i < o->embdim; i++)
		n += (double)o->emb[i] * o->emb[i];
	if (n <= 0)
		return;
	n = sqrt(n);
	if (*sum == NULL)
		*sum = xcalloc(o->embdim, sizeof(**sum));
	for (i = 0; i < o->embdim; i++)
		(*sum)[i] += (float)(o->emb[i] / n);
}

/* The colour the path shows most, or 0. */
static int
majority(const int *count)
{
	int	i, best = 0;

	for (i = 1; i < NCOLOUR; i++)
		if (count[i] > count[best])
			best = i;
	return count[best] > 0 ? best : 0;
}

/* The sex the path shows most (1 male, 2 female), or 0 (none, or as
 * many of each). */
static int
sex_of(const int *count)
{
	return count[1] > count[2] ? 1 : count[2] > count[1] ? 2 : 0;
}

/*
 * The log ratio of o's sex against the path's, k (sex_of()): where they
 * differ, as the model weighs the attribute (how often it differs between
 * sightings of one person, and of two); 0 where they agree or either is
 * unknown.  An agreeing sex is not counted for him: it would lift half
 * the crowd, every row of it then scored past the bounds, and the
 * strangers in his colours with it.
 */
static double
sex_part(const struct search *s, int k, const struct vg_obs *o)
{
	if (k == 0 || o->sex == 0 || o->sex == k ||
	    o->type != VG_ROW_SIGHTING)
		return 0;
	return s->sexdiff;
}

/* A person's look, from the sightings that name him near the anchor. */
static int
look_one(const struct vg_obs *o, void *arg)
{
	struct look	*l = arg;

	if (o->type == VG_ROW_SIGHTING && o->emb != NULL) {
		unit_add(&l->v, o);
		l->n++;
	}
	return 0;
}

/* The looks are kept by roster id, found by hashing (a campus gate names
 * thousands of people in a search, each asked for again and again), and
 * (lk not NULL) by the cache's observation that names him: his place,
 * read or not. */
static struct look *
look_find(struct search *s, const char *who, size_t *lk)
{
	struct look	*l;
	size_t		 i;
	int		 added;

	if (lk != NULL && *lk != 0)
		return &s->looks[*lk - 1];
	i = (size_t)vg_strtab_add(&s->lookid, who, strlen(who), &added) + 1;
	if (added) {
		if (s->nlooks == s->caplooks) {
			s->caplooks = s->caplooks ? 2 * s->caplooks : 64;
			s->looks = xreallocarray(s->looks, s->caplooks,
			    sizeof(*s->looks));
		}
		l = &s->looks[s->nlooks++];
		memset(l, 0, sizeof(*l));
		l->who = xstrdup(who);
	}
	if (lk != NULL)
		*lk = i;
	return &s->looks[i - 1];
}

/* A person's look (look_find()), read when first asked for: NULL on
 * error. */
static const struct look *
look_of(struct search *s, const char *who, size_t *lk)
{
	struct look	*l = look_find(s, who, lk);

	if (!l->read) {
		l->read = 1;
		/* within two hours: clothes change over a day */
		if (vg_ar_person_looks(s->ar, s->g, who, s->anchor_t - LOOKS,
		    s->anchor_t + LOOKS, look_one, l, s->err) == -1)
			return NULL;
	}
	return l;
}

/*
 * The vector a sighting is held to besides the path's look: the core once
 * CORE sightings stand in it, else the anchor's, unless the anchor is a
 * poor draw of the path's look (n->apoor); NULL for none.
 */
static const float *
core_of(const struct search *s, const struct node *n, size_t dim)
{
	if (n->ncore >= CORE)
		return n->core;
	if (n->apoor || n->rpoor || s->anchor->emb == NULL ||
	    s->anchor->embdim != dim)
		return NULL;
	return s->anchor->emb;
}

/*
 * Whether the anchor is a poor draw of the look its hops share: two or
 * more of the path's own hops (not the root's look, which going back is
 * the path ahead's, and the way ahead may have taken another) that agree
 * among themselves as two draws of one person do at least at the lower
 * quartile the model learned for them, and the anchor's cosine with their
 * mean under that quartile (a draw of his sits nearer the mean of several
 * than another draw), yet more likely his than another's by the model's
 * ratio.  A hop of another among them is no reason to doubt the anchor.
 */
static int
anchor_poor(const struct search *s, const struct node *n)
{
	const struct vg_obs	*a = s->anchor;
	double			 na = 0, nr = 0, d = 0, q = s->m->same_q[0];
	int			 k = n->nown;
	size_t			 i;

	if (n->ncore >= CORE || k < 2 || n->own == NULL || a->emb == NULL ||
	    a->embdim != s->m->embdim || isnan(q))
		return 0;
	for (i = 0; i < a->embdim; i++) {
		na += (double)a->emb[i] * a->emb[i];
		d += (double)a->emb[i] * n->own[i];
		nr += (double)n->own[i] * n->own[i];
	}
	/* their mean cosine in pairs, from their sum's length */
	if (!(na > 0 && nr > 0) || (nr - k) / ((double)k * (k - 1)) < q)
		return 0;
	d /= sqrt(na * nr);
	return d < q && vg_model_appearance(s->m, d) > 0;
}

/*
 * How the observation looks against the path so far, as a log likelihood
 * ratio (same person against another): a sighting's vector against the
 * mean of the path's, and its colours against the path's majority; a gate
 * event by the look of the person it names, where he is seen elsewhere.
 * The vector's part and the colours' part go in *pv and *pc (NAN where
 * there is none).  NAN when nothing can be compared.
 */
static double
appearance(struct search *s, const struct node *n, const struct vg_obs *o,
    double *pv, double *pc, int *err, size_t *lk)
{
	const struct look	*l;
	const float		*core;
	double			 r = NAN, ra, x;
	int			 c;

	*err = 0;
	*pv = *pc = NAN;
	if (o->type == VG_ROW_GATE) {
		if (o->person == NULL || s->m->embdim == 0 || n->look == NULL)
			return NAN;
		if ((l = look_of(s, o->person, lk)) == NULL) {
			*err = 1;
			return NAN;
		}
		if (l->v == NULL)
			return NAN;
		return vg_model_appearance(s->m, vg_cosine(n->look, l->v,
		    s->m->embdim));
	}
	if (n->look != NULL && o->emb != NULL && o->embdim == s->m->embdim) {
		r = vg_model_appearance(s->m, vg_cosine(n->look, o->emb,
		    o->embdim));
		/*
		 * and like the path's core: a path that took another person
		 * once does not follow him on the strength of his own look.
		 * The core is the anchor until two hops that more than one
		 * cue confirmed join it: one noisy draw of his look is not
		 * what every later hop is held to.
		 */
		core = core_of(s, n, o->embdim);
		if (core != NULL && (ra = vg_model_appearance(s->m,
		    vg_cosine(core, o->emb, o->embdim))) < r)
			r = ra;
		*pv = r;
	}
	if ((c = majority(n->upper)) != 0 && o->upper != 0) {
		*pc = c == o->upper ? s->colsame : s->coldiff;
		r = (isnan(r) ? 0 : r) + *pc;
	}
	if ((c = majority(n->lower)) != 0 && o->lower != 0) {
		x = c == o->lower ? s->colsame : s->coldiff;
		*pc = (isnan(*pc) ? 0 : *pc) + x;
		r = (isnan(r) ? 0 : r) + x;
	}
	if ((x = sex_part(s, sex_of(n->sex), o)) != 0)
		r = (isnan(r) ? 0 : r) + x;
	return r;
}

/*
 * Whether o is named in list: a sighting as CAMERA:TRACK, a gate event as
 * GATE@T with T in UTC microseconds (within a second).
 */
static int
listed(const char *const *list, size_t n, const struct vg_obs *o,
    const struct vg_graph *g)
{
	const char	*code, *rest;
	size_t		 i, len;
	long long	 t;

	if (n == 0)
		return 0;
	code = g->dev[o->dev].code;
	len = strlen(code);
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

/*
 * Whether gate reads a and b are of one passage: the same gate, the same
 * name, the same way through, within the clocks' noise (a refused read and
 * the grant after it, logged at one instant).  One man passes a gate one
 * way once; a path that took both walked back in time between them.
 */
static int
one_passage(const struct vg_obs *a, const struct vg_obs *b)
{
	int64_t	 d = a->first - b->first;

	return a->type == VG_ROW_GATE && b->type == VG_ROW_GATE &&
	    a->dev == b->dev && a->direction == b->direction &&
	    a->person != NULL && b->person != NULL &&
	    strcmp(a->person, b->person) == 0 && d <= TOLERANCE &&
	    d >= -TOLERANCE;
}

/* Whether the chain from n holds another read of o's passage. */
static int
read_twice(const struct node *n, const struct vg_obs *o)
{
	if (o->type != VG_ROW_GATE || o->person == NULL)
		return 0;
	for (; n != NULL; n = n->prev)
		if (one_passage(&n->c.obs, o))
			return 1;
	return 0;
}

/* Whether two characters are read for each other by plate readers. */
static int
confusable(int a, int b)
{
	static const char *const groups[] = {
		"0ODQ", "1IL7", "2Z", "5S", "8B", "6G", "4A", "UV", NULL
	};
	size_t	i;

	for (i = 0; groups[i] != NULL; i++)
		if (strchr(groups[i], a) != NULL &&
		    strchr(groups[i], b) != NULL)
			return 1;
	return 0;
}

/*
 * Plate a against plate b: 2 read alike, 1 one confusable character off
 * (a misread), 0 another plate.
 */
static int
plate_match(const char *a, const char *b)
{
	size_t	i, n = strlen(a), off = 0, at = 0;

	if (strcmp(a, b) == 0)
		return 2;
	if (strlen(b) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			off++, at = i;
	if (off != 1 || (a[at] & 0x80) || (b[at] & 0x80))
		return 0;
	return confusable((unsigned char)a[at], (unsigned char)b[at]);
}

/*
 * The way's chance given where the path came from: the ways out of a
 * device are taken as alike, but a walk turns back only as often as the
 * model learned (at a device watching a place, going in and coming out
 * is the stay's way).  A log factor on the way's chance.
 */
static double
turn(const struct search *s, const struct node *from)
{
	double	out, u = s->m->uturn;
	int	here = from->c.obs.dev;

	/* back in view a second time in a row: in, out and in again (or
	 * out, in and out), a passage between them unseen */
	if (s->via.to == here && s->via.skipped == 0 && from->prev != NULL &&
	    from->prev->c.obs.dev == here && from->c.via.skipped == 0)
		return log(s->m->dev[here].miss);
	if (isnan(u) || s->m->nuturn < 1 || from->prev == NULL ||
	    from->c.via.skipped != 0 ||
	    s->g->dev[here].watches || s->via.to == here ||
	    (out = (double)ways_out(s, here)) < 2)
		return 0;
	if (s->m->nuturn < VG_MODEL_MINWALKS) {
		/* too few walks to weigh the ways on; enough to say how much
		 * rarer than a way alike turning back is, drawn towards alike
		 * by VG_MODEL_MINWALKS walks' worth of that prior (the model
		 * keeps (back + 1) / (n + 2)) */
		if (s->via.skipped != 0 || s->via.to != from->prev->c.obs.dev)
			return 0;
		u = (u * (double)(s->m->nuturn + 2) - 1 + VG_MODEL_MINWALKS /
		    out) / ((double)s->m->nuturn + VG_MODEL_MINWALKS);
		return u * out < 1 ? log(u * out) : 0;
	}
	if (s->via.skipped == 0 && s->via.to == from->prev->c.obs.dev)
		return log(u * out);
	return log((1 - u) * out / (out - 1));
}

/* The log ratio of plate b read where the path bears plate a; the
 * identity it gives (if not NULL) set when it gives one. */
static double
plate_part(const char *a, const char *b, int *identity)
{
	switch (plate_match(a, b)) {
	case 2:
		if (identity != NULL)
			*identity = 1;
		return PLATE_SAME;
	case 1:
		return PLATE_NEAR;
	default:
		if (identity != NULL)
			*identity = -1;
		return PLATE_OTHER;
	}
}

/* Whether o reads again, before the path takes a name, the name an
 * earlier read on it gave. */
static int
read_again(const struct node *from, const struct vg_obs *o)
{
	return from->who == NULL && from->read != NULL && o->person != NULL &&
	    strcmp(from->read, o->person) == 0;
}

/*
 * His name (or, before the path takes one, the name an earlier read on
 * it gave), his plate (a plate read is the vehicle's identity) and
 * --confirm, as they weigh o after s->from, added to *llr in this order
 * (score() and the bounds before it add the same, bit for bit); the
 * identity they give set in *identity, when not NULL: the name's, then
 * the plate's.
 */
static void
tags(const struct search *s, const struct vg_obs *o, double *llr,
    int *identity)
{
	const struct node	*from = s->from;
	int			 same;

	if (from->who != NULL && o->person != NULL) {
		same = strcmp(from->who, o->person) == 0;
		if (identity != NULL)
			*identity = same ? 1 : -1;
		*llr += vg_model_named(s->m, o->dev, same);
	} else if (read_again(from, o)) {
		/* the name an earlier read on the path gave, read again:
		 * a stranger here would bear it by chance only */
		if (identity != NULL)
			*identity = 1;
		*llr += vg_model_named(s->m, o->dev, 1);
	}
	if (from->plate != NULL && o->plate != NULL)
		*llr += plate_part(from->plate, o->plate, identity);
	if (s->o->nconfirm > 0 && listed(s->o->confirm, s->o->nconfirm, o,
	    s->g))
		*llr += 50;
}

/* The rest of c's log ratio after its way, turn and transit: his look,
 * his name, his plate. */
static int
score(struct search *s, struct cand *c, const struct vg_obs *o)
{
	const struct node	*from = s->from;
	int			 e;

	c->appearance = appearance(s, from, o, &c->vec, &c->col, &e, c->lk);
	c->lk = NULL;
	if (e)
		return -1;
	c->llr = c->base + (isnan(c->appearance) ? 0 : c->appearance);
	if (from->who == NULL && o->person != NULL &&
	    ((!isnan(c->appearance) && c->appearance > 0) ||
	    read_again(from, o)))
		c->adopt = 1;	/* his look, or an earlier read, supports
				   the name */
	tags(s, o, &c->llr, &c->identity);
	return 0;
}

/* The most score() can add to c's base: its look at the most, the rest
 * as score() adds it (a gate naming another is not worth his look). */
static double
score_most(const struct search *s, const struct vg_obs *o)
{
	double	r = s->amax;

	tags(s, o, &r, NULL);
	return r;
}

/* a's dot b summed in eight parts: not vg_cosine()'s bits, but within
 * 2 n 2^-53 of |a| |b| of them (each product is exact in a double) */
static double
dot8(const float *a, const float *b, size_t n)
{
	double	p[8] = { 0, 0, 0, 0, 0, 0, 0, 0 };
	size_t	i, k;

	for (i = 0; i + 8 <= n; i += 8)
		for (k = 0; k < 8; k++)
			p[k] += (double)a[i + k] * b[i + k];
	for (; i < n; i++)
		p[0] += (double)a[i] * b[i];
	return ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] +
	    p[7]));
}

/* floor(v) as an int, v within an int's range (not NAN) */
static inline int
ifloor(double v)
{
	int	i = (int)v;

	return i - (v < i);
}

/* The most the model's appearance ratio gives a cosine from lo to hi: it
 * is linear between the bins' centres (as vg_model_appearance() reads
 * them), so the higher end within a bin, else the ends or a centre
 * between. */
static double
app_most(const struct vg_model *m, double lo, double hi)
{
	double	xl = (lo + 1) / 2 * VG_MODEL_ABINS - 0.5;
	double	xh = (hi + 1) / 2 * VG_MODEL_ABINS - 0.5, r, x;
	int	i = (int)floor(xl), j = (int)floor(xh);

	if (i == j && i >= 0 && i < VG_MODEL_ABINS - 1) {
		r = m->llr[i + 1] >= m->llr[i] ? xh : xl;
		return m->llr[i] + (m->llr[i + 1] - m->llr[i]) * (r - i);
	}
	r = vg_model_appearance(m, lo);
	if ((x = vg_model_appearance(m, hi)) > r)
		r = x;
	for (i = i < 0 ? 0 : i; i <= j && i < VG_MODEL_ABINS; i++)
		if (m->llr[i] > r)
			r = m->llr[i];
	return r;
}

/* The sum of the magnitudes of v's n floats. */
static double
sum_abs(const float *v, size_t n)
{
	double	l = 0;
	size_t	i;

	for (i = 0; i < n; i++)
		l += fabs((double)v[i]);
	return l * (1 + 1e-12);
}

/* One over the length of v, of n floats, summed as dot8() sums: 0 for
 * none. */
static double
inv_len(const float *v, size_t n)
{
	double	l = dot8(v, v, n);

	return l > 0 ? 1 / sqrt(l) : 0;
}

/* Whether the ratio of v's cosine with o's vector is below need, by a sum
 * apart, with room for both sums' rounding (rv and rb one over their
 * lengths: the products a few units in the last place from the quotient
 * by the root, far inside the room). */
static int
app_below(const struct search *s, const float *v, double rv,
    const struct vg_obs *o, double rb, double need)
{
	double	x = 0;

	if (rv > 0 && rb > 0)
		x = dot8(v, o->emb, o->embdim) * rv * rb;
	if (!(x >= -1 - 1e-6 && x <= 1 + 1e-6))
		return 0;
	return app_most(s->m, x - 1e-9, x + 1e-9) < need;
}

/*
 * The bar a hop by s->via must pass: -BRIDGE; at the first step from the
 * anchor, past devices that missed him (whose misses the hop pays for at
 * once), the search's lower bar, for the hop after it to bridge.
 */
static double
via_bar(const struct search *s)
{
	double	b = s->via.skipped > 0 || s->pair ? s->bar : -BRIDGE;

	return b > s->least ? b : s->least;
}

/* And c's: the lower bar only where its look is for him (not only its
 * way made it poor). */
static double
bar_of(const struct search *s, const struct cand *c)
{
	double	b = c->appearance > 0 || s->pair ? via_bar(s) : -BRIDGE;

	return b > s->least ? b : s->least;
}

/* base, the most the crowd's part could add, and o's colours and sex
 * against the path's, as hopeless() sums them. */
static double
need_of(const struct search *s, double base, const struct vg_obs *o)
{
	double	need = base + s->lcrowd;
	int	k;

	if ((k = s->majup) != 0 && o->upper != 0)
		need += k == o->upper ? s->colsame : s->coldiff;
	if ((k = s->majlo) != 0 && o->lower != 0)
		need += k == o->lower ? s->colsame : s->coldiff;
	return need + sex_part(s, s->majsex, o);
}

/*
 * Whether a sighting whose way, turn and transit give base (or at most
 * base) cannot reach the bar whatever the crowd, as score() would find,
 * known before its two exact cosines: its colours, name, plate and
 * --confirm as score() adds them, and the vector's part at most what the cosines summed apart
 * allow (the smaller of the two counts, so either one under the bar is
 * enough).  score() is left to the few that may count, so the answers
 * are the same.
 */
static int
hopeless(const struct search *s, double base, const struct vg_obs *o)
{
	const struct node	*from = s->from;
	double			 need;

	if (!s->vbound || s->nb == NULL || o->type != VG_ROW_SIGHTING ||
	    o->emb == NULL || o->embdim != s->m->embdim ||
	    from->look == NULL)
		return 0;
	need = need_of(s, base, o);
	tags(s, o, &need, NULL);
	/* what the vector's part must reach, less room for rounding */
	need = via_bar(s) - 1e-6 - 1e-9 - need;
	if (!(s->amax >= need))
		return !isnan(need);
	if (app_below(s, from->look, s->lookn, o, *s->nb, need))
		return 1;
	return s->corev != NULL && app_below(s, s->corev, s->coren, o,
	    *s->nb, need);
}

/* s->upto from the model's appearance ratios (finite: s->vbound). */
static void
upto_most(struct search *s)
{
	int	l, k, w;

	for (k = 0; k < VG_MODEL_ABINS; k++)
		s->upto[0][k] = s->m->llr[k];
	for (l = 1; l < UPTOLEVELS; l++)
		for (k = 0, w = 1 << (l - 1); k < VG_MODEL_ABINS; k++)
			s->upto[l][k] = k + w < VG_MODEL_ABINS &&
			    s->upto[l - 1][k + w] > s->upto[l - 1][k] ?
			    s->upto[l - 1][k + w] : s->upto[l - 1][k];
}

/*
 * The most of the model's appearance ratio for a cosine from lo to hi, by
 * a bound looser than app_most()'s: the most of the bins' centres around
 * them (between which it is linear), i to j.  The table is finite here
 * (s->vbound): the most of the bins i to j is that of two runs of 1 << l
 * bins that cover them (upto_most()), not a walk of the bins.
 */
static double
upto_at(const struct search *s, double lo, double hi)
{
	int	i, j, l = 0;
	double	a, b;

	/* A cosine's bounds beyond [-1, 1] (or not numbers: a look of no
	 * length) bound nothing more than the whole range does; outside
	 * an int's range the conversion would be undefined. */
	if (!(lo > -1))
		lo = -1;
	else if (lo > 1)
		lo = 1;
	if (!(hi < 1))
		hi = 1;
	else if (hi < -1)
		hi = -1;
	if (lo > hi)
		lo = hi;
	i = ifloor((lo + 1) / 2 * VG_MODEL_ABINS - 0.5);
	j = ifloor((hi + 1) / 2 * VG_MODEL_ABINS - 0.5) + 1;
	if (i < 0)
		i = 0;
	if (j > VG_MODEL_ABINS - 1)
		j = VG_MODEL_ABINS - 1;
	if (i > j)
		i = j;
	/* the largest l with 1 << l bins in i to j (under UPTOLEVELS: the
	 * table has under 1 << UPTOLEVELS bins) */
#if defined(__GNUC__) || defined(__clang__)
	l = 31 - __builtin_clz((unsigned)(j - i + 1));
#else
	while (2 << l <= j - i + 1)
		l++;
#endif
	a = s->upto[l][i];
	b = s->upto[l][j + 1 - (1 << l)];
	return b > a ? b : a;
}

/* v, of n floats and one over its length rv, into f in 16-bit fixed
 * point (f->ok 0 where it cannot be: none, or so long that the integer
 * sums might not fit 32 bits). */
static void
fixed(struct fixed *f, const float *v, size_t n, double rv)
{
	double	m = 0, d = 0;
	size_t	j;

	f->ok = 0;
	if (v == NULL || n > 1024 || !(rv > 0))
		return;
	for (j = 0; j < n; j++)
		m = fabs((double)v[j]) > m ? fabs((double)v[j]) : m;
	if (!(m > 0 && m < HUGE_VAL))
		return;
	if (f->v == NULL)
		f->v = xcalloc(n + 8, sizeof(*f->v));
	f->k = m / 32767;
	for (j = 0; j < n; j++) {
		long	x = lrint((double)v[j] / f->k);

		f->v[j] = (int16_t)(x > 32767 ? 32767 : x < -32767 ? -32767 :
		    x);
		d += fabs((double)v[j] - f->v[j] * f->k);
	}
	/* a row's int8 components are 127 at the most */
	f->dq = 127 * d * rv * (1 + 1e-9);
	f->ok = 1;
}

/*
 * The most of the ratio of v's cosine with the unit vector q sc (within
 * sc / 2 a component of the table's vector over its length), the cosine
 * taken within what the quantising allows (upto_at()); HUGE_VAL where v
 * has no length.  A need over it is one app_below() would find out of
 * reach.
 */
static double
lean_most(const struct search *s, const float *v, double rv, double l1rv,
    const struct fixed *fx, const int8_t *q, double sc)
{
	double	x = 0, e;
	size_t	j = 0, n = s->m->embdim;

	if (!(rv > 0))
		return HUGE_VAL;
#ifdef __SSE2__
	if (fx->ok) {
		/*
		 * v in fixed point (fixed()): the row's dot product with it
		 * exact in 32-bit integers (n 127 32767 at most), pairs of
		 * 16-bit products summed by pmaddwd; off from the floats'
		 * by fx->dq (times sc) at most, added to the room.
		 */
		__m128i	a = _mm_setzero_si128(), b;
		long	sum;

		for (; j + 16 <= n; j += 16) {
			b = _mm_loadu_si128((const __m128i *)(q + j));
			a = _mm_add_epi32(a, _mm_madd_epi16(_mm_srai_epi16(
			    _mm_unpacklo_epi8(b, b), 8), _mm_loadu_si128(
			    (const __m128i *)(fx->v + j))));
			a = _mm_add_epi32(a, _mm_madd_epi16(_mm_srai_epi16(
			    _mm_unpackhi_epi8(b, b), 8), _mm_loadu_si128(
			    (const __m128i *)(fx->v + j + 8))));
		}
		a = _mm_add_epi32(a, _mm_shuffle_epi32(a, 0x4e));
		a = _mm_add_epi32(a, _mm_shuffle_epi32(a, 0xb1));
		sum = _mm_cvtsi128_si32(a);
		for (; j < n; j++)
			sum += (long)q[j] * fx->v[j];
		x = (double)sum * fx->k * sc * rv;
		e = (l1rv * s->qroom + fx->dq) * sc + 1e-6;
		return upto_at(s, x - e, x + e);
	}
	{
		__m128	a = _mm_setzero_ps(), f[4];
		__m128i	b, h, z = _mm_setzero_si128();
		__m128d	lo, hi;
		int	k;

		for (; j + 16 <= n; j += 16) {
			b = _mm_loadu_si128((const __m128i *)(q + j));
			h = _mm_unpacklo_epi8(z, b);	/* q << 8 */
			f[0] = _mm_cvtepi32_ps(_mm_srai_epi32(
			    _mm_unpacklo_epi16(z, h), 24));
			f[1] = _mm_cvtepi32_ps(_mm_srai_epi32(
			    _mm_unpackhi_epi16(z, h), 24));
			h = _mm_unpackhi_epi8(z, b);
			f[2] = _mm_cvtepi32_ps(_mm_srai_epi32(
			    _mm_unpacklo_epi16(z, h), 24));
			f[3] = _mm_cvtepi32_ps(_mm_srai_epi32(
			    _mm_unpackhi_epi16(z, h), 24));
			for (k = 0; k < 4; k++)
				a = _mm_add_ps(a, _mm_mul_ps(f[k],
				    _mm_loadu_ps(v + j + 4 * k)));
		}
		/* ((double)a0 + a1) + ((double)a2 + a3), in registers */
		lo = _mm_cvtps_pd(a);
		hi = _mm_cvtps_pd(_mm_movehl_ps(a, a));
		lo = _mm_add_pd(_mm_unpacklo_pd(lo, hi), _mm_unpackhi_pd(lo,
		    hi));
		x = _mm_cvtsd_f64(_mm_add_sd(lo, _mm_unpackhi_pd(lo, lo)));
	}
#endif
	for (; j < n; j++)
		x += (double)v[j] * q[j];
	x *= sc * rv;
	/* each component's error at most sc / 2, and the scale's float
	 * rounding; the float sums' each 2^-24 of its terms at most (n of
	 * them, each under 127 |v|): l1 rv sc s->qroom, l1 the sum of v's
	 * components' magnitudes */
	e = l1rv * sc * s->qroom + 1e-6;
	return upto_at(s, x - e, x + e);
}

#define NAMESETS	64	/* names whose sightings are read at most */

/* A sighting of the name's (named()). */
static int
name_one(const struct vg_obs *o, void *arg)
{
	struct nameset	*n = arg;

	if (o->type == VG_ROW_SIGHTING && o->person != NULL &&
	    strcmp(o->person, n->who) == 0) {
		n->id = xreallocarray(n->id, n->n + 1, sizeof(*n->id));
		n->id[n->n++] = o->id;
	}
	return 0;
}

static int
id_cmp(const void *a, const void *b)
{
	const int64_t	*x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* Whether sighting id (of a vector file's span) may name who: 0 only
 * where it does not, from the archive's sightings that name him over the
 * files' spans (read once a name, for NAMESETS names). */
static int
named(struct search *s, const char *who, int64_t id)
{
	struct nameset	*n = NULL;
	struct vg_error	 e;
	int64_t		 lo, hi;
	size_t		 i, a;

	for (i = 0; i < s->nns; i++)
		if (strcmp(s->ns[i].who, who) == 0) {
			n = &s->ns[i];
			break;
		}
	if (n == NULL) {
		if (s->nns == NAMESETS || s->nlvs == 0)
			return 1;
		s->ns = xreallocarray(s->ns, s->nns + 1, sizeof(*s->ns));
		n = &s->ns[s->nns++];
		memset(n, 0, sizeof(*n));
		n->who = xstrdup(who);
		for (lo = s->lvs[0].start, hi = s->lvs[0].end, i = 1;
		    i < s->nlvs; i++) {
			lo = s->lvs[i].start < lo ? s->lvs[i].start : lo;
			hi = s->lvs[i].end > hi ? s->lvs[i].end : hi;
		}
		/* by first seen as logged, 10 minutes past each end */
		memset(&e, 0, sizeof(e));
		n->ok = vg_ar_identity(s->ar, s->g, who, lo, hi, name_one, n,
		    &e) == 0;
		vg_error_clear(&e);
		vg_qsort(n->id, n->n, sizeof(*n->id), id_cmp);
	}
	if (!n->ok)
		return 1;
	a = lower(n->id, n->n, id);
	return a < n->n && n->id[a] == id;
}

/* lean_most() of the row r with the path's look (k 0) or core (k 1),
 * made once for the row considered (s->lr: s->lmost). */
static double
lean_at(struct search *s, const struct lrow *r, int k)
{
	double	m;

	if (r == s->lr && (s->lmset & 1 << k))
		return s->lmost[k];
	m = k == 0 ? lean_most(s, s->from->look, s->lookn, s->lookl1,
	    &s->lookfx, r->q, r->sc) : lean_most(s, s->corev, s->coren,
	    s->corel1, &s->corefx, r->q, r->sc);
	if (r == s->lr) {
		s->lmost[k] = m;
		s->lmset |= 1 << k;
	}
	return m;
}

/* Whether the row r cannot reach the bar whatever its vector within
 * the quantising, the rest of its log ratio at most need: the ratio's
 * most with the path's look, then with its core (lean_at()), whatever
 * the needs asked of the row. */
static int
lean_under(struct search *s, const struct lrow *r, double need)
{
	need = via_bar(s) - 2e-6 - 1e-9 - need;
	if (!(s->amax >= need))
		return !isnan(need);
	if (!(lean_at(s, r, 0) >= need))
		return 1;
	return s->corev != NULL && !(lean_at(s, r, 1) >= need);
}

/*
 * hopeless() of a row read from a vector file and not yet from the table:
 * 1 only where hopeless() would be, whatever the row's name and plate
 * (the most they could add) and its vector (within the quantising).
 */
static int
lean_hopeless(struct search *s, double base, const struct vg_obs *o,
    const struct lrow *r)
{
	const struct node	*from = s->from;
	const char		*who = from->who != NULL ? from->who :
				    from->read;
	double			 need;

	if (!s->vbound || r->q == NULL || from->look == NULL)
		return 0;
	/* tags() at the most: his plate, --confirm, and his name (first
	 * as if it were the row's; then, where the row does not name him,
	 * nothing: another's name or none adds at most that) */
	need = need_of(s, base, o);
	if (from->plate != NULL)
		need += PLATE_SAME;
	if (s->o->nconfirm > 0)
		need += 50;
	if (who == NULL)
		return lean_under(s, r, need);
	if (lean_under(s, r, need + vg_model_named(s->m, o->dev, 1)))
		return 1;
	return !named(s, who, o->id) && lean_under(s, r, need +
	    fmax(0, vg_model_named(s->m, o->dev, 0)));
}

static int	lv_whole(struct search *, int, size_t);

/* hopeless() of the row considered, read whole from the table first
 * where only its vector file's row is in the cache and that cannot tell:
 * -1 on error. */
static int
doomed(struct search *s, double base, const struct vg_obs *o)
{
	if (s->lr != NULL && s->lr->pend) {
		if (lean_hopeless(s, base, o, s->lr))
			return 1;
		if (lv_whole(s, s->ldev, s->lx) == -1)
			return -1;
	}
	return hopeless(s, base, o);
}

/* When o was last seen: its last, or its first where it has none after. */
static int64_t
ended(const struct vg_obs *o)
{
	return o->last > o->first ? o->last : o->first;
}

/* Whether o is a gate's read that names no one and no plate: only its
 * time tells it from another such read. */
static int
unnamed(const struct vg_obs *o)
{
	return o->type == VG_ROW_GATE && o->person == NULL && o->plate == NULL;
}

/*
 * Narrow the offsets *lo to *hi that a doubted hop on dev may take to
 * those its hops already on the path (past the anchor) fit with: one taken
 * with no offset had its transit within its way's bounds (with the clock
 * noise either side), and the same camera has one clock.  way_begin()
 * asks it once a window (kclo, kchi), for consider() to take.
 */
static void
clock_kept(const struct search *s, int dev, int64_t *lo, int64_t *hi)
{
	const struct node	*n;
	int64_t			 t, a, b;

	for (n = s->from; n != NULL && n->prev != NULL; n = n->prev) {
		if (n->c.obs.dev != dev || n->c.clock != 0 || n->c.doubt)
			continue;
		t = (int64_t)(n->c.transit * US);
		a = s->dir > 0 ? t - (int64_t)n->c.via.max * US :
		    (int64_t)n->c.via.min * US - t;
		b = s->dir > 0 ? t - (int64_t)n->c.via.min * US :
		    (int64_t)n->c.via.max * US - t;
		if (*lo < a - 3 * TOLERANCE)
			*lo = a - 3 * TOLERANCE;
		if (*hi > b + 3 * TOLERANCE)
			*hi = b + 3 * TOLERANCE;
	}
}

/*
 * Whether consider() weighs the observation of key o at all in the window
 * j (its state from SCOPE on; s's before it): its kind, its time against
 * the limit, the path's fence (ended()), a return to view; its transit,
 * s, in *pdt.
 */
static int
offered(const struct search *s, const struct search *j,
    const struct okey *o, double *pdt)
{
	double	dt, tt, lo, hi;

	if (o->vehicle != s->vehicle)
		return 0;	/* a person never becomes a car */
	if (s->dir > 0 ? o->first > s->limit : o->last < s->limit)
		return 0;
	dt = s->dir > 0 ? (double)(o->at - j->clock - j->at) / US :
	    (double)(j->at - o->at + j->clock) / US;
	if (j->dlo != 0 || j->dhi != 0) {
		/* from's clock known within a range: the likeliest in it */
		tt = j->via.link >= 0 &&
		    !isnan(s->m->link[j->via.link].median) ?
		    s->m->link[j->via.link].median : (j->via.min +
		    j->via.max) / 2.0;
		lo = dt + (double)j->dlo / US;
		hi = dt + (double)j->dhi / US;
		dt = tt < lo ? lo : tt > hi ? hi : tt;
	}
	*pdt = dt;
	if (j->via.to == j->from->c.obs.dev && dt < 1)
		return 0;	/* back in view: after leaving it */
	/* a sighting over before one the path has begun (going back:
	 * begun after one it has ended) is not his next, by right clocks:
	 * a gate and the camera watching it, whose transits may run back a
	 * little, do not walk him back in time */
	return !((o->flags & OK_SIGHTING) && j->clock == 0 && !j->doubt &&
	    (s->dir > 0 ? (o->last > o->first ? o->last : o->first) <
	    j->fence : o->first > j->fence));
}

/* A colour code or sex as a byte: 255 for one over 254 (or under 0),
 * which matches no path's majority. */
static unsigned char
okbyte(int v)
{
	return v >= 0 && v < 255 ? (unsigned char)v : 255;
}

/* The key of n observations from o on, into k; r their rows in a vector
 * file (lrows()), or NULL. */
static void
okeys(const struct search *s, const struct vg_obs *o,
    const struct lrow *r, size_t n, struct okey *k)
{
	for (; n > 0; n--, o++, k++) {
		k->first = o->first;
		k->last = o->last;
		k->at = vg_model_at(s->m, o);
		k->vehicle = o->vehicle;
		k->flags = 0;
		if (o->type == VG_ROW_SIGHTING)
			k->flags |= OK_SIGHTING;
		if ((r != NULL && r->pend) ? r->q != NULL : (o->emb != NULL &&
		    o->embdim == s->m->embdim))
			k->flags |= OK_BOUNDED;
		if (r != NULL)
			r++;
		k->upper = okbyte(o->upper);
		k->lower = okbyte(o->lower);
		k->sex = okbyte(o->sex);
	}
}

/* The counts (nveh, nodd) of w's keys from i on, n of them, new: in
 * front of those it had (front) or after them. */
static void
okeys_veh(struct wcache *w, size_t i, size_t n, int front)
{
	struct okey	*k = w->key;
	size_t		 x;

	if (front) {
		for (x = i + n; x > i; x--) {
			k[x - 1].nveh = (x < w->n ? k[x].nveh : 0) -
			    (k[x - 1].vehicle != 0);
			k[x - 1].nodd = (x < w->n ? k[x].nodd : 0) -
			    (k[x - 1].last < k[x - 1].first);
		}
		return;
	}
	for (x = i; x < i + n; x++) {
		k[x].nveh = x > 0 ? k[x - 1].nveh + (k[x - 1].vehicle != 0) :
		    0;
		k[x].nodd = x > 0 ? k[x - 1].nodd + (k[x - 1].last <
		    k[x - 1].first) : 0;
	}
}

/* consider()'s transit of a passage at t in the window j (its clock
 * known: no range from the hop before), in the same arithmetic. */
static double
transit_at(const struct search *s, const struct search *j, int64_t t)
{
	return s->dir > 0 ? (double)(t - j->clock - j->at) / US :
	    (double)(j->at - t + j->clock) / US;
}

/* offered() of a row of the window s that crowd_sure() found in its
 * crowd by all but its vehicle (and going back, its last seen): the
 * rest holds whatever it is; its transit in *pdt. */
static int
offered_sure(const struct search *s, const struct okey *k, double *pdt)
{
	if (k->vehicle != s->vehicle || (s->dir < 0 && k->last < s->limit))
		return 0;
	*pdt = transit_at(s, s, k->at);
	return 1;
}

/*
 * Score one observation (s->lkey its key) as the next hop: the log of
 * the chance that the path's person made this passage (the way's chance,
 * the transit's density, his look) over the chance that someone of the
 * crowd did.  The crowd's density is counted per window by crowd_of().
 */
static int
consider(const struct vg_obs *o, void *arg)
{
	struct search		*s = arg;
	const struct node	*from = s->from;
	struct cand		 c;
	double			 dt, lt;
	int			 h;

	if (!(s->lsure ? offered_sure(s, s->lkey, &dt) : offered(s, s,
	    s->lkey, &dt)))
		return 0;
	/* one of the crowd, under the bar even at the most its transit and
	 * the path's pace could give: left before their logs (as below) */
	if (dt >= s->tlo && dt <= s->thi && !s->o->greedy &&
	    (h = doomed(s, s->via.route + s->turnllr + s->ltmost, o)) != 0) {
		if (h == -1)
			return -1;
		s->inwin++;
		return 0;
	}
	lt = vg_model_transit(s->m, s->via.link, s->via.min, s->via.max, dt);
	/* most are left here, before c is filled: as below */
	if (isinf(lt) && (!s->doubt || (s->dir < 0 && o->first >
	    s->anchor->first) || (s->dir > 0 ? o->first < s->floor :
	    o->first > s->floor)))
		return 0;
	/* all but the observation, copied in at the end: most are not */
	memset(&c.via, 0, sizeof(c) - offsetof(struct cand, via));
	c.via = s->via;
	c.clock = s->clock;
	c.transit = dt;
	if (!isinf(lt) && !isnan(s->pace)) {
		/* his own pace so far, half the weight */
		double z = (log((dt > 1 ? dt : 1) / (s->via.min > 0 ?
		    s->via.min : 1)) - s->pace) / s->pacesd;

		lt = log(0.5 * exp(lt) + 0.5 * exp(-z * z / 2) /
		    (s->pacesd * sqrt(2 * M_PI) * (dt > 1 ? dt : 1)));
	}
	if (isinf(lt)) {
		/* a clock off may take a passage from the other side of the
		 * anchor: not going back, where the way ahead has his
		 * passages (and what the way ahead took is not taken back);
		 * nor from before a hop already taken (his own passages,
		 * walked again in reverse) */
		if (!s->doubt || (s->dir < 0 && o->first > s->anchor->first) ||
		    (s->dir > 0 ? o->first < s->floor : o->first > s->floor))
			return 0;
		/* his, if its clock is off: by the offsets that put the
		 * transit within the way's bounds (the hop after narrows
		 * them), the least of them taken meanwhile; his transit as
		 * likely as any */
		c.clock = 0;
		c.clocklo = (int64_t)((s->dir > 0 ? dt - s->via.max :
		    s->via.min - dt) * US);
		c.clockhi = (int64_t)((s->dir > 0 ? dt - s->via.min :
		    s->via.max - dt) * US);
		if (c.clocklo < -s->span)
			c.clocklo = -s->span;
		if (c.clockhi > s->span)
			c.clockhi = s->span;
		if (c.clocklo < s->kclo)	/* clock_kept() */
			c.clocklo = s->kclo;
		if (c.clockhi > s->kchi)
			c.clockhi = s->kchi;
		if (c.clocklo > c.clockhi)
			return 0;
		if (c.clock < c.clocklo)
			c.clock = c.clocklo;
		if (c.clock > c.clockhi)
			c.clock = c.clockhi;
		c.doubt = 1;
		c.transit = s->dir > 0 ? dt - (double)c.clock / US :
		    dt + (double)c.clock / US;
		lt = s->ldoubt;
	} else {
		s->inwin++;	/* one of the crowd */
		s->anon += unnamed(o);
	}
	if (s->o->nreject > 0 && listed(s->o->reject, s->o->nreject, o, s->g))
		return 0;
	if (s->o->greedy) {
		/* the baseline: the nearest in time within the way's bounds
		 * wins, nothing else (not the clocks' noise around them: a
		 * transit under the least, or back in time, is none) */
		if (dt < s->via.min || dt > s->via.max)
			return 0;
		c.llr = 1 / (1 + fabs(dt));
		c.appearance = NAN;
	} else {
		c.base = s->via.route + s->turnllr + lt;
		c.lk = s->lk;
		if (o->type == VG_ROW_GATE && o->person != NULL &&
		    s->m->embdim != 0 && from->look != NULL) {
			/* not worth his look with the window's crowd
			 * (crowd_of()): left now, as way_end() would leave
			 * it, by its own test */
			if (c.base + score_most(s, o) + s->lcrowd <
			    via_bar(s) - 1e-6)
				return 0;
			c.later = 1;
		} else if ((h = doomed(s, c.base, o)) != 0)
			return h == 1 ? 0 : -1;	/* below the bar, known
						   sooner */
		else if (score(s, &c, o) == -1)
			return -1;
		else if (c.llr + (unnamed(o) ? s->lwide : s->lcrowd) <
		    bar_of(s, &c) - 1e-6)
			return 0;	/* below the bar with the window's
					   crowd (an unnamed gate read
					   whatever it is: one_unnamed()
					   adds the others') */
	}
	if (s->lr != NULL && s->lr->pend && lv_whole(s, s->ldev, s->lx) == -1)
		return -1;
	c.obs = *o;	/* the search's cache (or the caller's anchor) holds it */
	if (s->ncands == s->capcands) {
		s->capcands = s->capcands ? 2 * s->capcands : 64;
		s->cands = xreallocarray(s->cands, s->capcands,
		    sizeof(*s->cands));
	}
	s->cands[s->ncands++] = c;
	return 0;
}

/*
 * Rows *pa to *pb of w, the window j of a step (its state from SCOPE on;
 * s's before it), less those at either end that consider() would leave
 * before it counts or keeps anything: a transit the model gives nothing
 * (under tlo, over thi) where the clock may not be doubted, or not on
 * that side of the path (consider()'s tests), and going forward what is
 * past the limit.  The rows are in order of first seen and each passage
 * is from atlo to athi after it, so each test holds from a row on (or up
 * to it) and the ends are found by bisection.
 */
static void
narrow(const struct search *s, const struct search *j,
    const struct wcache *w, size_t *pa, size_t *pb)
{
	const struct vg_obs	*o = w->obs;
	size_t			 a = *pa, b = *pb, mid, lo, hi;
	int			 cut;

	if (j->dlo != 0 || j->dhi != 0 || a >= b)
		return;
	/* the rows cut before: a transit too long going back, too short
	 * going forward */
	for (lo = a, hi = b; lo < hi; ) {
		mid = lo + (hi - lo) / 2;
		if (s->dir > 0)
			cut = transit_at(s, j, o[mid].first + w->athi) <
			    j->tlo && (!j->doubt || o[mid].first < j->floor);
		else
			cut = transit_at(s, j, o[mid].first + w->athi) >
			    j->thi && !j->doubt;
		if (cut)
			lo = mid + 1;
		else
			hi = mid;
	}
	a = lo;
	/* and after */
	for (lo = a, hi = b; lo < hi; ) {
		mid = lo + (hi - lo) / 2;
		if (s->dir > 0)
			cut = o[mid].first > s->limit || (!j->doubt &&
			    transit_at(s, j, o[mid].first + w->atlo) >
			    j->thi);
		else
			cut = transit_at(s, j, o[mid].first + w->atlo) <
			    j->tlo && (!j->doubt || o[mid].first >
			    s->anchor->first || o[mid].first > j->floor);
		if (cut)
			hi = mid;
		else
			lo = mid + 1;
	}
	*pa = a;
	*pb = lo;
}

/*
 * Which rows of the window j (its state from SCOPE on; s's before it)
 * doomed() would leave by the test that needs no vector, whatever the
 * row's vector, name and plate, by their colours and sex (j->fastc): the
 * sum need_of() makes for the transit's most, with the crowd counted,
 * the most tags() can add (his name's ratio for a row that names him or
 * one that does not, whichever is more; his plate read alike;
 * --confirm), and the appearance's most; with more room for rounding
 * than lean_hopeless() and hopeless() leave, so that a row left here is
 * one they leave.
 */
static void
fast_of(const struct search *s, struct search *j)
{
	const struct node	*from = j->from;
	double			 base, need, tag = 0, x;
	int			 u, l, k;

	j->fast = 0;
	if (!j->vbound || from->look == NULL || s->o->greedy)
		return;
	if (from->plate != NULL)
		tag += PLATE_SAME;
	if (s->o->nconfirm > 0)
		tag += 50;
	if (from->who != NULL || from->read != NULL)
		tag += fmax(vg_model_named(s->m, j->via.to, 1), fmax(0,
		    vg_model_named(s->m, j->via.to, 0)));
	base = j->via.route + j->turnllr + j->ltmost;
	for (u = 0; u < 3; u++)
		for (l = 0; l < 3; l++)
			for (k = 0; k < 2; k++) {
				need = base + j->lcrowd;
				if (u > 0)
					need += u == 1 ? j->colsame :
					    j->coldiff;
				if (l > 0)
					need += l == 1 ? j->colsame :
					    j->coldiff;
				if (k > 0)
					need += j->sexdiff;
				x = via_bar(j) - 3e-6 - (need + tag);
				j->fastc[u][l][k] = !isnan(x) &&
				    !(s->amax >= x);
				j->fast |= j->fastc[u][l][k];
			}
}

/*
 * Whether the row of key k is one the window s is at would count in its
 * crowd and doomed() leave at once (fast_of()): consider() need not see
 * it.  sure: one of s->surelo to s->surehi, whose transit is known in
 * the bounds.
 */
static int
fast_doomed(const struct search *s, const struct okey *k, int sure)
{
	double	dt;
	int	u, l;

	if ((k->flags & (OK_SIGHTING | OK_BOUNDED)) != (OK_SIGHTING |
	    OK_BOUNDED))
		return 0;
	if (sure ? !offered_sure(s, k, &dt) : !offered(s, s, k, &dt) ||
	    !(dt >= s->tlo && dt <= s->thi))
		return 0;
	u = s->majup == 0 || k->upper == 0 ? 0 : k->upper == s->majup ? 1 : 2;
	l = s->majlo == 0 || k->lower == 0 ? 0 : k->lower == s->majlo ? 1 : 2;
	return s->fastc[u][l][s->majsex != 0 && k->sex != 0 &&
	    k->sex != s->majsex];
}

/* How many of rows a to b of w the window j (as crowd_of()) counts in
 * its crowd, each tested. */
static size_t
crowd_count(const struct search *s, const struct search *j,
    const struct wcache *w, size_t a, size_t b)
{
	size_t	n = 0;
	double	dt;

	for (; a < b; a++)
		if (offered(s, j, &w->key[a], &dt) && !(dt < j->tlo ||
		    dt > j->thi))
			n++;
	return n;
}

/* Whether a transit dt of the window j is within the crowd's bounds
 * (consider()'s, offered()'s return to view) on the side of its least
 * (lo) or its most. */
static int
crowd_side(const struct search *j, double dt, int lo)
{
	if (lo)
		return !(dt < j->tlo) && !(j->via.to == j->from->c.obs.dev &&
		    dt < 1);
	return !(dt > j->thi);
}

/*
 * Rows *pp to *pq of a to b of w, the window j of a step (its state from
 * SCOPE on; s's before it), that crowd_of() counts whatever their keys
 * but their vehicles (and going back, last seen): by their first seen
 * alone, each passage from atlo to athi after it, their transits are
 * within the bounds (an interval: both ends in it, all of it), before
 * the limit (back: after it, last seen too where none is last seen
 * before first) and on the path's side of the fence.  The rows are in
 * order of first seen and each test holds from a row on (or up to it):
 * found by bisection.  None with from's clock in a range.
 */
static void
crowd_sure(const struct search *s, const struct search *j,
    const struct wcache *w, size_t a, size_t b, size_t *pp, size_t *pq)
{
	const struct okey	*k = w->key;
	size_t			 lo, hi, mid;
	int			 fenced = j->clock == 0 && !j->doubt, ok;

	if (j->dlo != 0 || j->dhi != 0) {
		*pp = *pq = b;
		return;
	}
	for (lo = a, hi = b; lo < hi; ) {
		mid = lo + (hi - lo) / 2;
		if (s->dir > 0)
			ok = crowd_side(j, transit_at(s, j, k[mid].first +
			    w->atlo), 1) && (!fenced || k[mid].first >=
			    j->fence);
		else
			ok = crowd_side(j, transit_at(s, j, k[mid].first +
			    w->atlo), 0) && k[mid].first >= s->limit;
		if (ok)
			hi = mid;
		else
			lo = mid + 1;
	}
	*pp = lo;
	for (hi = b; lo < hi; ) {
		mid = lo + (hi - lo) / 2;
		if (s->dir > 0)
			ok = crowd_side(j, transit_at(s, j, k[mid].first +
			    w->athi), 0) && k[mid].first <= s->limit;
		else
			ok = crowd_side(j, transit_at(s, j, k[mid].first +
			    w->athi), 1) && (!fenced || k[mid].first <=
			    j->fence);
		if (ok)
			lo = mid + 1;
		else
			hi = mid;
	}
	*pq = lo;
}

/*
 * The crowd of the window j of a step (its state from SCOPE on; s's before
 * it), rows a to b of w as narrow() leaves them, counted before any is
 * considered: those consider() will count in inwin (offered, with a
 * transit the model gives more than nothing: vg_model_transit()'s own
 * test).  way_end() takes the log of its density off each candidate;
 * j->lcrowd is set to what it takes, so that the bounds before it
 * (need_of(), consider()) weigh a row against the crowd it will be
 * weighed against, not the least one.  Not for the greedy walk, which
 * takes nothing off.  Only the rows at either end of crowd_sure()'s are
 * tested, the rest counted by their vehicles' running count (and going
 * back, where one is last seen before first seen, tested too); j->surelo
 * and j->surehi are set to them for fast_doomed() and consider().
 */
static void
crowd_of(const struct search *s, struct search *j, const struct wcache *w,
    size_t a, size_t b)
{
	size_t	n = 0, p, q;

	j->surelo = j->surehi = 0;
	if (s->o->greedy)
		return;
	crowd_sure(s, j, w, a, b, &p, &q);
	j->surelo = p;
	j->surehi = q;
	n = crowd_count(s, j, w, a, p) + crowd_count(s, j, w, q, b);
	if (p < q) {
		if (s->vehicle == 0 && (s->dir > 0 || w->key[q - 1].nodd +
		    (w->key[q - 1].last < w->key[q - 1].first) ==
		    w->key[p].nodd))
			n += q - p - (size_t)(w->key[q - 1].nveh +
			    (w->key[q - 1].vehicle != 0) - w->key[p].nveh);
		else
			n += crowd_count(s, j, w, p, q);
	}
	/* as way_end() takes it: the same sum, negated */
	j->lcrowd = -log((n > 0 ? (double)n : 1) / ((double)(j->via.max -
	    j->via.min) + 6.0 * TOLERANCE / US));
	fast_of(s, j);
}

/*
 * The least first seen the window j of a step on dev must read from (lo
 * to hi as it is asked): below it every row is one narrow() would cut at
 * the low end (and consider() leave), given a passage at most SLACK after
 * first seen, the bound the window itself takes for a sighting's length
 * (lo itself where a row dev logged already passes later than that).  At
 * most hi, so that the cache's span stays whole.
 */
static int64_t
read_lo(const struct search *s, const struct search *j, int dev, int64_t lo,
    int64_t hi)
{
	const struct wcache	*w = &s->wc[dev];
	int64_t			 b;

	if (j->dlo != 0 || j->dhi != 0 || (s->dir < 0 && j->doubt) ||
	    !isfinite(s->dir > 0 ? j->tlo : j->thi) || (w->have &&
	    w->athi > SLACK))
		return lo;
	if (s->dir > 0) {
		b = j->at + j->clock + (int64_t)(j->tlo * US) - SLACK -
		    3 * TOLERANCE;
		if (j->doubt && j->floor < b)
			b = j->floor;
	} else
		b = j->at + j->clock - (int64_t)(j->thi * US) - SLACK -
		    3 * TOLERANCE;
	if (b > hi)
		b = hi;
	return b > lo ? b : lo;
}

/* Where the state of one way's window begins in struct search. */
#define SCOPE		offsetof(struct search, cands)
/* Rows considered against one window before the next (a block that stays
 * in the processor's cache while every window of the step reaching it
 * considers it). */
#define BLOCK		256

/* One way's window in a step of the beam. */
struct job {
	struct search	 st;		/* the search from SCOPE on, as
					   way_begin() left it; then its
					   crowd (its candidates are kept
					   apart) */
	size_t		 hyp;		/* the hypothesis it extends */
	int		 dev;		/* the device it reads */
	int64_t		 lo, hi;	/* its times, corrected */
	size_t		 a, b;		/* its rows in the device's cache */
	int		 done;		/* considered */
	size_t		 at, nc;	/* its candidates: where, how many */
};

/* Put the window state of from (SCOPE on) into s. */
static void
scope_put(struct search *s, const struct search *from)
{
	memcpy((char *)s + SCOPE, (const char *)from + SCOPE, sizeof(*s) -
	    SCOPE);
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

	return x->score + x->ahead > y->score + y->ahead ? -1 :
	    x->score + x->ahead < y->score + y->ahead;
}

static int
best_cmp(const void *a, const void *b)
{
	const struct hyp	*x = a, *y = b;

	return x->bestscore > y->bestscore ? -1 : x->bestscore < y->bestscore;
}

/* n bytes of the arena, aligned for a double. */
static void *
arena_get(struct arena *a, size_t n)
{
	void	*p;

	n = (n + 7) & ~(size_t)7;
	if (a->nblk == 0 || a->used + n > a->size) {
		a->size = n > (1 << 20) ? n : (1 << 20);
		a->blk = xreallocarray(a->blk, a->nblk + 1, sizeof(*a->blk));
		a->blk[a->nblk++] = xmalloc(a->size);
		a->used = 0;
	}
	p = a->blk[a->nblk - 1] + a->used;
	a->used += n;
	return p;
}

/* A copy of str (NULL for NULL) in the arena. */
static char *
arena_str(struct arena *a, const char *str)
{
	size_t	n;

	if (str == NULL)
		return NULL;
	n = strlen(str) + 1;
	return memcpy(arena_get(a, n), str, n);
}

/* Every block of the arena freed, the arena emptied. */
static void
arena_free(struct arena *a)
{
	while (a->nblk > 0)
		free(a->blk[--a->nblk]);
	free(a->blk);
	memset(a, 0, sizeof(*a));
}


/* Each span's vector file taken, by device (lv_open). */
static int
lv_span(const struct vg_span *v, void *arg)
{
	struct search		*s = arg;
	const struct vg_lookseg	*sg;
	struct lvspan		*l;
	struct vg_error		 e;
	size_t			 i, j, nd = s->g->ndev, *at, *pair = NULL;
	size_t			 npair = 0, cap = 0;
	int32_t			 cam;
	char			*a;

	memset(&e, 0, sizeof(e));
	s->lvs = xreallocarray(s->lvs, s->nlvs + 1, sizeof(*s->lvs));
	l = &s->lvs[s->nlvs];
	memset(l, 0, sizeof(*l));
	if (vg_ar_lookvec(s->ar, v, &l->lv, &e) != 0 ||
	    l->lv.dim != s->m->embdim) {
		vg_lookvec_close(&l->lv);
		vg_error_clear(&e);
		return 0;	/* none: its windows read from the table */
	}
	l->start = v->start;
	l->end = v->end;
	/* each segment's devices (a span imported file by file has a
	 * segment a camera), in one pass over its cameras: the pairs of
	 * device and segment, then listed by device (segments in order) */
	at = xcalloc(nd + 1, sizeof(*at));
	for (i = 0; i < l->lv.nseg; i++) {
		sg = &l->lv.seg[i];
		for (j = 0, cam = -1; j < sg->n; j++) {
			if (sg->camera[j] == cam)
				continue;
			cam = sg->camera[j];
			if (cam < 0 || (size_t)cam >= s->g->nindex ||
			    s->g->index[cam] < 0)
				continue;
			if (at[s->g->index[cam]] == i + 1)
				continue;	/* listed */
			at[s->g->index[cam]] = i + 1;
			if (npair + 2 > cap) {
				cap = cap ? 2 * cap : 64;
				pair = xreallocarray(pair, cap, sizeof(*pair));
			}
			pair[npair++] = (size_t)s->g->index[cam];
			pair[npair++] = i;
		}
	}
	l->cseg = xcalloc(nd + 2, sizeof(*l->cseg));
	for (j = 0; j < npair; j += 2)
		l->cseg[pair[j] + 2]++;
	for (j = 0; j < nd; j++)
		l->cseg[j + 2] += l->cseg[j + 1];
	l->seg = xcalloc(l->cseg[nd + 1] + 1, sizeof(*l->seg));
	for (j = 0; j < npair; j += 2)
		l->seg[l->cseg[pair[j] + 1]++] = pair[j + 1];
	free(pair);
	free(at);
	l->sorted = xcalloc(l->lv.nseg + 1, sizeof(*l->sorted));
	l->sex = xcalloc(l->lv.nseg + 1, sizeof(*l->sex));
	for (i = 0; i < l->lv.nseg; i++) {
		sg = &l->lv.seg[i];
		l->sex[i] = xcalloc(sg->nattr + 1, sizeof(**l->sex));
		for (j = 0; j < sg->nattr; j++) {
			if (sg->attrs[j] == NULL)
				continue;
			a = xcalloc(sg->attrlen[j] + 1, 1);
			memcpy(a, sg->attrs[j], sg->attrlen[j]);
			l->sex[i][j] = vg_ar_attr_sex(a);
			free(a);
		}
	}
	s->nlvs++;
	return 0;
}

/* The span whose vector file holds every row of dev from lo to hi (times
 * as logged), or NULL: the table is read then. */
static const struct lvspan *
lv_for(struct search *s, int dev, int64_t lo, int64_t hi)
{
	struct vg_error	e;
	size_t		i;

	if (!s->lean || s->g->dev[dev].type != VG_CAMERA)
		return NULL;
	if (!s->lvtried) {
		/* a server's files would be written from its whole spans */
		s->lvtried = 1;
		memset(&e, 0, sizeof(e));
		if (vg_ar_lookvec_kept(s->ar) && vg_archive_spans(s->ar,
		    lv_span, s, &e) != 0)
			vg_error_clear(&e);
	}
	for (i = 0; i < s->nlvs; i++)
		if (s->lvs[i].start <= lo && hi < s->lvs[i].end)
			return &s->lvs[i];
	return NULL;
}

/* Whether segment i of l is in order of first seen, then row id (as the
 * table's (camera, first) index gives its rows). */
static int
lv_sorted(const struct lvspan *l, size_t i)
{
	const struct vg_lookseg	*sg = &l->lv.seg[i];
	size_t			 j;

	if (l->sorted[i] == 0) {
		l->sorted[i] = 1;
		for (j = 1; j < sg->n; j++)
			if (sg->first[j] < sg->first[j - 1] ||
			    (sg->first[j] == sg->first[j - 1] &&
			    sg->id[j] <= sg->id[j - 1]))
				l->sorted[i] = -1;
	}
	return l->sorted[i] > 0;
}

/* A row of a window in a vector file's segments, put in order. */
struct lvat {
	int64_t	first, id;	/* the row's order */
	size_t	seg, j;		/* where it is */
};

static int
lvat_cmp(const void *a, const void *b)
{
	const struct lvat *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* w's five arrays placed in blk, with room for cap, off of it before
 * them. */
static void
cache_place(struct wcache *w, char *blk, size_t cap, size_t off)
{
	w->blk = blk;
	w->obs = (struct vg_obs *)blk + off;
	blk += cap * sizeof(*w->obs);
	w->look = (size_t *)blk + off;
	blk += cap * sizeof(*w->look);
	w->norm = (double *)blk + off;
	blk += cap * sizeof(*w->norm);
	w->lr = (struct lrow *)blk + off;
	blk += cap * sizeof(*w->lr);
	w->key = (struct okey *)blk + off;
	w->cap = cap;
	w->off = off;
}

/*
 * Room in w for front observations more before what it holds and back
 * more after: where there is none, its five arrays are made anew in one
 * allocation (an eighth more than they will hold, and 32, not twice:
 * the kernel's zeroing of fresh pages costs more than the copying, see
 * bench/README.md, tspeed23b), what they hold moved once, the room left
 * over split before and after when w grew in front before (reads going
 * back in time come one before another, each a few), all after
 * otherwise.
 */
static void
cache_room(struct wcache *w, size_t front, size_t back)
{
	const size_t	 row = sizeof(*w->obs) + sizeof(*w->look) +
			    sizeof(*w->norm) + sizeof(*w->lr) +
			    sizeof(*w->key);
	struct wcache	 was = *w;
	size_t		 cap, off;

	if (w->blk != NULL && w->off >= front && w->cap - w->off - w->n >=
	    back)
		return;
	cap = (w->n + front + back) * 9 / 8 + 32;
	off = front;
	if (front > 0 || w->off > 0)
		off += (cap - w->n - front - back) / 2;
	cache_place(w, xreallocarray(NULL, cap, row), cap, off);
	if (was.n > 0) {
		memcpy(w->obs, was.obs, was.n * sizeof(*w->obs));
		memcpy(w->look, was.look, was.n * sizeof(*w->look));
		memcpy(w->norm, was.norm, was.n * sizeof(*w->norm));
		memcpy(w->lr, was.lr, was.n * sizeof(*w->lr));
		memcpy(w->key, was.key, was.n * sizeof(*w->key));
	}
	free(was.blk);
}

/* Room for the n rows a read will give, now its count is known: after
 * what the cache read into holds, or a piece lent from the room before
 * what the cache it goes in front of holds. */
static void
cache_reserve(struct search *s, size_t n)
{
	struct wcache	*p = s->into;

	if (s->infront == NULL) {
		cache_room(p, 0, n);
		return;
	}
	if (n == 0 || p->obs != NULL)
		return;
	cache_room(s->infront, n, 0);
	p->obs = s->infront->obs - n;
	p->off = 0;
	p->n = 0;
	p->cap = n;
	s->lent = 1;
}

/* An observation into the cache read into, its strings and vector into
 * the search's arena. */
static int
cache_one(const struct vg_obs *o, void *arg)
{
	struct search	*s = arg;
	struct wcache	*w = s->into;
	struct arena	*a = &s->arena;
	struct vg_obs	*c;

	if (w->off + w->n == w->cap) {
		/* a lent piece has room for every row: never here */
		if (s->infront == NULL)
			cache_room(w, 0, 1);
		else {
			w->cap = w->cap ? 2 * w->cap : 32;
			w->obs = xreallocarray(w->obs, w->cap,
			    sizeof(*w->obs));
		}
	}
	c = &w->obs[w->n++];
	*c = *o;
	c->track = arena_str(a, o->track);
	c->person = arena_str(a, o->person);
	c->plate = arena_str(a, o->plate);
	c->attrs = s->lean ? NULL : arena_str(a, o->attrs);
	if (o->source != NULL && (a->source == NULL ||
	    strcmp(a->source, o->source) != 0))
		a->source = arena_str(a, o->source);
	c->source = o->source != NULL ? (char *)a->source : NULL;
	if (o->emb != NULL)
		c->emb = memcpy(arena_get(a, o->embdim * sizeof(*o->emb)),
		    o->emb, o->embdim * sizeof(*o->emb));
	return 0;
}

/*
 * What camera dev logged from lo to hi (corrected) read from l's vector
 * file into s->into as the table's lean read gives it (cache_one), the
 * same rows in the same order, but for what only the table holds (name,
 * plate, score, the vector): each row's quantised vector in s->lvbuf, to
 * be read whole from the table when needed (lv_whole).  -1 where a
 * segment is not in order (the table is read then, nothing taken).
 */
static int
lv_read(struct search *s, const struct lvspan *l, int dev, int64_t lo,
    int64_t hi)
{
	const struct vg_gdev	*d = &s->g->dev[dev];
	const struct vg_lookseg	*sg;
	struct lvat		*at = NULL;
	struct vg_obs		 o;
	struct lrow		*r;
	size_t			 i, j, n = 0, cap = 0, si;
	int64_t			 rl = lo + d->offset, rh = hi + d->offset;
	int32_t			 cam = (int32_t)d->row;

	for (i = l->cseg[dev]; i < l->cseg[dev + 1]; i++)
		if (!lv_sorted(l, l->seg[i]))
			return -1;
	for (i = l->cseg[dev]; i < l->cseg[dev + 1]; i++) {
		si = l->seg[i];
		sg = &l->lv.seg[si];
		for (j = lower(sg->first, sg->n, rl); j < sg->n && sg->first[j] <= rh; j++) {
			if (sg->camera[j] != cam)
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 256;
				at = xreallocarray(at, cap, sizeof(*at));
			}
			at[n].first = sg->first[j];
			at[n].id = sg->id[j];
			at[n].seg = si;
			at[n++].j = j;
		}
	}
	if (l->cseg[dev + 1] - l->cseg[dev] > 1)
		vg_qsort(at, n, sizeof(*at), lvat_cmp);
	cache_reserve(s, n);
	s->nlvbuf = 0;
	if (n > s->caplvbuf) {
		s->caplvbuf = n;
		s->lvbuf = xreallocarray(s->lvbuf, n, sizeof(*s->lvbuf));
	}
	for (i = 0; i < n; i++) {
		sg = &l->lv.seg[at[i].seg];
		j = at[i].j;
		memset(&o, 0, sizeof(o));
		o.type = VG_ROW_SIGHTING;
		o.id = sg->id[j];
		o.dev = dev;
		o.raw = sg->first[j];
		o.first = o.raw - d->offset;
		o.last = sg->last[j] - d->offset;
		o.score = NAN;
		o.upper = (int)(sg->code[j] >> 8 & 0xff);
		o.lower = (int)(sg->code[j] >> 16 & 0xff);
		o.vehicle = (sg->code[j] & 0xff) == 3;
		if (sg->attr[j] != UINT32_MAX && sg->attr[j] < sg->nattr)
			o.sex = l->sex[at[i].seg][sg->attr[j]];
		cache_one(&o, s);
		r = &s->lvbuf[s->nlvbuf++];
		r->pend = 1;
		r->q = NULL;
		r->sc = 0;
		if (sg->code[j] >> 24 & 1 && sg->scale[j] > 0) {
			r->q = sg->q + j * l->lv.dim;
			r->sc = sg->scale[j];
		}
	}
	free(at);
	return 0;
}

/* One over the length of each of n observations' vectors, 0 with none
 * (or of length 0). */
static void
norms(const struct vg_obs *o, size_t n, double *out)
{
	size_t	i;

	for (i = 0; i < n; i++)
		out[i] = o[i].emb != NULL ? inv_len(o[i].emb, o[i].embdim) :
		    0;
}

/* The n rows just read into out: the vector file's (s->lvbuf), or none
 * (the table's). */
static void
lrows(struct search *s, struct lrow *out, size_t n)
{
	if (s->nlvbuf == n && n > 0)
		memcpy(out, s->lvbuf, n * sizeof(*out));
	else
		memset(out, 0, n * sizeof(*out));
	s->nlvbuf = 0;
}

/* w's passages' least and most after their first seen (atlo, athi),
 * with n observations more from o on. */
static void
at_range(const struct search *s, struct wcache *w, const struct vg_obs *o,
    size_t n)
{
	int64_t	d;

	for (; n > 0; n--, o++) {
		d = vg_model_at(s->m, o) - o->first;
		if (d < w->atlo)
			w->atlo = d;
		if (d > w->athi)
			w->athi = d;
	}
}

/* Read what dev logged from lo to hi into the cache, before or after what
 * it holds. */
static int
cache_read(struct search *s, int dev, int64_t lo, int64_t hi, int front)
{
	struct wcache		*w = &s->wc[dev], piece;
	const struct lvspan	*l;
	size_t			 was = w->n;
	int			 rc = -1;

	memset(&piece, 0, sizeof(piece));
	s->into = front ? &piece : w;
	s->infront = front ? w : NULL;
	s->lent = 0;
	s->nlvbuf = 0;
	if ((l = lv_for(s, dev, lo + s->g->dev[dev].offset, hi +
	    s->g->dev[dev].offset)) == NULL ||
	    (rc = lv_read(s, l, dev, lo, hi)) == -1)
		rc = (s->lean ? vg_ar_window_lean : vg_ar_window)(s->ar, s->g,
		    dev, lo, hi, cache_one, s, s->err);
	s->infront = NULL;
	if (front) {
		if (!s->lent) {
			if (rc == -1 || piece.n == 0) {
				free(piece.obs);
				return rc;
			}
			cache_room(w, piece.n, 0);
			memcpy(w->obs - piece.n, piece.obs, piece.n *
			    sizeof(*w->obs));
			free(piece.obs);
		}
		w->obs -= piece.n;
		w->look -= piece.n;
		w->norm -= piece.n;
		w->lr -= piece.n;
		w->key -= piece.n;
		w->off -= piece.n;
		w->n += piece.n;
		memset(w->look, 0, piece.n * sizeof(*w->look));
		norms(w->obs, piece.n, w->norm);
		lrows(s, w->lr, piece.n);
		okeys(s, w->obs, w->lr, piece.n, w->key);
		okeys_veh(w, 0, piece.n, 1);
		at_range(s, w, w->obs, piece.n);
		return rc;
	}
	if (w->n > was) {
		memset(&w->look[was], 0, (w->n - was) * sizeof(*w->look));
		norms(&w->obs[was], w->n - was, &w->norm[was]);
		lrows(s, &w->lr[was], w->n - was);
		okeys(s, &w->obs[was], &w->lr[was], w->n - was,
		    &w->key[was]);
		okeys_veh(w, was, w->n - was, 0);
		at_range(s, w, &w->obs[was], w->n - was);
	}
	return rc;
}

/* Where w's observations from lo to hi are: the first and one past the
 * last in w->obs (found by bisection: they are in time order). */
static void
rows_of(const struct wcache *w, int64_t lo, int64_t hi, size_t *from,
    size_t *to)
{
	size_t	a = 0, b, mid;

	for (b = w->n; a < b; ) {
		mid = a + (b - a) / 2;
		if (w->obs[mid].first < lo)
			a = mid + 1;
		else
			b = mid;
	}
	*from = a;
	for (b = w->n; a < b; ) {
		mid = a + (b - a) / 2;
		if (w->obs[mid].first <= hi)
			a = mid + 1;
		else
			b = mid;
	}
	*to = a;
}

/*
 * What dev logged with a corrected time (sightings: first seen) from lo
 * to hi, in time order, read through the search's cache: the first and
 * one past the last in s->wc[dev].obs.
 */
static int
cached(struct search *s, int dev, int64_t lo, int64_t hi, size_t *from,
    size_t *to)
{
	struct wcache	*w = &s->wc[dev];

	if (!w->have) {
		if (cache_read(s, dev, lo, hi, 0) == -1)
			return -1;
		w->have = 1;
		w->lo = lo;
		w->hi = hi;
	} else {
		if (lo < w->lo) {
			if (cache_read(s, dev, lo, w->lo - 1, 1) == -1)
				return -1;
			w->lo = lo;
		}
		if (hi > w->hi) {
			if (cache_read(s, dev, w->hi + 1, hi, 0) == -1)
				return -1;
			w->hi = hi;
		}
	}
	rows_of(w, lo, hi, from, to);
	return 0;
}

/* The whole row of a lean one (its type and id), read again. */
static int
whole_one(const struct vg_obs *o, void *arg)
{
	struct vg_obs	*want = arg;

	if (o->type != want->type || o->id != want->id)
		return 0;
	vg_obs_free(want);
	vg_obs_copy(want, o);
	return 1;
}

/* A path's observations read lean made whole: their tracks, attributes
 * and sources, for the caller. */
static int
whole(struct search *s, struct vg_path *p)
{
	struct vg_obs	*o;
	size_t		 i, j;

	if (!s->lean)
		return 0;
	for (i = 0; i < p->nhop; i++)
		for (j = 0; j <= p->hop[i].nalt; j++) {
			o = j == 0 ? &p->hop[i].obs : &p->hop[i].alt[j - 1];
			if (o->source != NULL)
				continue;
			if (vg_ar_window(s->ar, s->g, o->dev, o->first,
			    o->first, whole_one, o, s->err) == -1)
				return -1;
			if (o->source == NULL) {
				vg_error_set(s->err, "%s: observation %lld no"
				    " longer in the archive",
				    s->g->dev[o->dev].code, (long long)o->id);
				return -1;
			}
		}
	return 0;
}

/* The table's row for lv_whole(): the one of its type and id. */
struct lvwant {
	struct search	*s;		/* the search */
	struct vg_obs	*o;		/* the cache's row, made whole */
	int		 got;		/* found */
};

static int
lv_one(const struct vg_obs *o, void *arg)
{
	struct lvwant	*x = arg;
	struct arena	*a = &x->s->arena;
	struct vg_obs	*c = x->o;

	if (o->type != c->type || o->id != c->id)
		return 0;
	c->person = arena_str(a, o->person);
	c->plate = arena_str(a, o->plate);
	c->score = o->score;
	c->sex = o->sex;
	c->embdim = o->embdim;
	c->emb = o->emb == NULL ? NULL : memcpy(arena_get(a, o->embdim *
	    sizeof(*o->emb)), o->emb, o->embdim * sizeof(*o->emb));
	x->got = 1;
	return 1;
}

/* Row x of dev's cache, read from a vector file, made as the table's lean
 * read gives it: its name, plate, score and vector read now. */
static int
lv_whole(struct search *s, int dev, size_t x)
{
	struct wcache	*w = &s->wc[dev];
	struct lvwant	 want;

	if (w->lr == NULL || !w->lr[x].pend)
		return 0;
	want.s = s;
	want.o = &w->obs[x];
	want.got = 0;
	if (vg_ar_row_lean(s->ar, s->g, dev, want.o->first, want.o->id,
	    lv_one, &want, s->err) == -1)
		return -1;
	if (!want.got) {
		vg_error_set(s->err, "%s: observation %lld no longer in the"
		    " archive", s->g->dev[dev].code, (long long)want.o->id);
		return -1;
	}
	w->lr[x].pend = 0;
	norms(want.o, 1, &w->norm[x]);
	okeys(s, want.o, NULL, 1, &w->key[x]);
	return 0;
}

/* Rows ahead of the one considered whose first lines are asked for (a
 * window's first pass over a block finds them in memory, not in the
 * processor's cache). */
#define AHEAD		6

/* The lines of o that consider() reads first asked for, where the
 * compiler can say so. */
static inline void
fetch_ahead(const struct vg_obs *o)
{
#ifdef __GNUC__
	__builtin_prefetch(o);
	__builtin_prefetch((const char *)o + 64);
#else
	(void)o;
#endif
}

/* Each observation of dev from lo to hi, in time order, to consider()
 * (but those it would leave at either end: narrow()). */
static int
window(struct search *s, int dev, int64_t lo, int64_t hi)
{
	size_t	a, b;

	if (cached(s, dev, read_lo(s, s, dev, lo, hi), hi, &a, &b) == -1)
		return -1;
	rows_of(&s->wc[dev], lo, hi, &a, &b);
	narrow(s, s, &s->wc[dev], &a, &b);
	crowd_of(s, s, &s->wc[dev], a, b);
	for (; a < b; a++) {
		s->lsure = a >= s->surelo && a < s->surehi;
		if (s->fast && fast_doomed(s, &s->wc[dev].key[a],
		    s->lsure)) {
			s->inwin++;
			continue;
		}
		if (a + AHEAD < b)
			fetch_ahead(&s->wc[dev].obs[a + AHEAD]);
		s->lk = &s->wc[dev].look[a];
		s->nb = &s->wc[dev].norm[a];
		s->lr = &s->wc[dev].lr[a];
		s->lkey = &s->wc[dev].key[a];
		s->lmset = 0;
		s->ldev = dev;
		s->lx = a;
		if (consider(&s->wc[dev].obs[a], s) != 0)
			return -1;
	}
	return 0;
}

/*
 * What the path says of dev's clock: the offset a hop before implied for
 * it, kept; else, a camera with no correction recorded, or one of no
 * offset (vigil-skew's confirmed right, or set so by hand), may be off by
 * up to the site's span, either way, with the site's chance.  Not
 * doubting the confirmed ones lost hops at a camera beside them that is
 * off with no correction (80 s fast): the path took its passage by
 * doubting the right camera after it instead, and with that doubt gone,
 * only a doubt of the camera before would (bench/README.md, "track22").
 */
static void
clock_of(struct search *s, int dev)
{
	const struct node	*n;

	s->clock = 0;
	s->doubt = 0;
	for (n = s->from; n != NULL; n = n->prev)
		if (n->c.obs.dev == dev && n->c.clock != 0) {
			s->clock = n->c.clock;
			return;
		}
	if (s->o->greedy || s->g->dev[dev].type != VG_CAMERA ||
	    (s->g->dev[dev].corrected && s->g->dev[dev].offset != 0))
		return;
	s->doubt = 1;
	s->ldoubt = log(CLOCKS * US / (2.0 * (double)s->span));
}

/* The pace of the path to n: its direct hops' transits over their
 * links' minimum, on a log scale (two hops at least). */
static void
path_pace(struct search *s, const struct node *n)
{
	double	sum = 0, sq = 0, x;
	int	k = 0;

	s->pace = NAN;
	for (; n != NULL && n->prev != NULL; n = n->prev) {
		if (n->c.via.link < 0 || n->c.doubt || n->c.via.min < 1 ||
		    n->c.via.skipped != 0)
			continue;
		x = log((n->c.transit > 1 ? n->c.transit : 1) / n->c.via.min);
		sum += x;
		sq += x * x;
		k++;
	}
	if (k < 2)
		return;
	s->pace = sum / k;
	s->pacesd = sqrt(fmax(sq / k - s->pace * s->pace, 0) + 0.3 * 0.3);
}

/*
 * The most consider() can find for the transit and the pace of a passage
 * via s->via, at any transit vg_model_transit() leaves finite: the
 * model's most, mixed half and half with the most of the pace's density,
 * exp(-z^2 / 2) / (sd sqrt(2 pi) t) with z = (log(t / min) - pace) / sd:
 * on u = log t, its log is concave, highest at u = log(min) + pace - sd^2,
 * so taken there or at the nearer end.  It must stay at least what
 * consider() computes: a change to the transit's or the pace's part
 * there is a change here.
 */
static void
transit_most(struct search *s)
{
	double	ua, ub, u, mn, z, g;

	s->ltmost = vg_model_transit_most(s->m, s->via.link, s->via.min,
	    s->via.max, &s->tlo, &s->thi);
	if (!isnan(s->pace)) {
		mn = s->via.min > 0 ? s->via.min : 1;
		ua = log(s->tlo > 1 ? s->tlo : 1);
		ub = log(s->thi > 1 ? s->thi : 1);
		u = log(mn) + s->pace - s->pacesd * s->pacesd;
		u = u < ua ? ua : u > ub ? ub : u;
		z = (u - log(mn) - s->pace) / s->pacesd;
		g = exp(-z * z / 2 - u) / (s->pacesd * sqrt(2 * M_PI));
		s->ltmost = log(0.5 * exp(s->ltmost) + 0.5 * g);
	}
	s->ltmost += 1e-9;
}

/* The state of s for extending h: the vectors and colours a sighting is
 * held to, its passage, pace, floor and clock; no candidates yet. */
static void
expand_from(struct search *s, const struct hyp *h)
{
	const struct vg_obs	*o = &h->last->c.obs;
	const struct node	*n;

	s->ncands = 0;
	s->from = h->last;
	/* the vectors and colours a sighting is held to, as appearance()
	 * picks them */
	s->majup = majority(h->last->upper);
	s->majlo = majority(h->last->lower);
	s->majsex = sex_of(h->last->sex);
	s->lookn = s->coren = s->lookl1 = s->corel1 = 0;
	s->lookfx.ok = s->corefx.ok = 0;
	s->lmset = 0;
	s->corev = NULL;
	if (h->last->look != NULL) {
		s->lookn = inv_len(h->last->look, s->m->embdim);
		s->lookl1 = sum_abs(h->last->look, s->m->embdim) * s->lookn;
		s->corev = core_of(s, h->last, s->m->embdim);
		if (s->corev != NULL) {
			s->coren = inv_len(s->corev, s->m->embdim);
			s->corel1 = sum_abs(s->corev, s->m->embdim) *
			    s->coren;
			fixed(&s->corefx, s->corev, s->m->embdim, s->coren);
		}
		fixed(&s->lookfx, h->last->look, s->m->embdim, s->lookn);
	}
	s->at = vg_model_at(s->m, o) - h->last->c.clock;
	path_pace(s, h->last);
	/* the latest (going back, earliest) time logged on the path, the
	 * anchor's aside; and its fence */
	s->floor = s->fence = s->dir > 0 ? INT64_MIN : INT64_MAX;
	for (n = h->last; n != NULL; n = n->prev) {
		const struct vg_obs *p = &n->c.obs;
		int64_t t = s->dir > 0 ? p->first : ended(p);

		if (n->prev != NULL && (s->dir > 0 ? p->first > s->floor :
		    p->first < s->floor))
			s->floor = p->first;
		if (n->c.clock == 0 && !n->c.doubt &&
		    p->type == VG_ROW_SIGHTING && (s->dir > 0 ? t > s->fence :
		    t < s->fence))
			s->fence = t;
	}
	s->dlo = s->dhi = 0;
	if (h->last->c.doubt) {
		const struct cand *lc = &h->last->c;

		s->dlo = s->dir > 0 ? lc->clocklo - lc->clock :
		    lc->clock - lc->clockhi;
		s->dhi = s->dir > 0 ? lc->clockhi - lc->clock :
		    lc->clock - lc->clocklo;
	}
}

/* The state of s for the way r from s->from, and the window to read
 * (corrected times, from lo to hi) on r->to. */
static void
way_begin(struct search *s, const struct reach *r, int64_t *plo,
    int64_t *phi)
{
	int64_t	lo, hi, wide;

	s->via = *r;
	clock_of(s, r->to);
	s->kclo = INT64_MIN;
	s->kchi = INT64_MAX;
	clock_kept(s, r->to, &s->kclo, &s->kchi);
	/* found by first seen: allow a sighting's length, and a clock
	 * that may be off */
	wide = s->doubt ? s->span : 0;
	if (s->dir > 0) {
		lo = s->at + r->min * US - 3 * TOLERANCE - SLACK;
		hi = s->at + r->max * US + 3 * TOLERANCE;
	} else {
		lo = s->at - r->max * US - 3 * TOLERANCE - SLACK;
		hi = s->at - r->min * US + 3 * TOLERANCE;
	}
	lo += s->clock - wide - llabs(s->dlo) - llabs(s->dhi);
	hi += s->clock + wide + llabs(s->dlo) + llabs(s->dhi);
	s->inwin = 0;
	s->anon = 0;
	s->turnllr = turn(s, s->from);
	s->lwide = log((double)(r->max - r->min) + 6.0 * TOLERANCE / US);
	s->lcrowd = s->lwide;
	s->fast = 0;
	transit_most(s);
	*plo = lo;
	*phi = hi;
}

/*
 * l's segments with rows, each by its first row's id (l->idseg, l->idlo),
 * made when first asked.  A span imported file by file has each
 * segment's ids a range of its count, the ranges ascending (checked on
 * the campus day, bench/README.md: tspeed20b), though not in order within
 * a segment; then an id lies in the segment of the last of these at or
 * below it, or in the next.  Nothing is assumed: a row is taken only
 * where its id and first seen are found (look_id()).
 */
static void
lv_ids(struct lvspan *l)
{
	const struct vg_lookseg	*sg;
	size_t			 i;

	if (l->idseg != NULL)
		return;
	l->idseg = xcalloc(l->lv.nseg + 1, sizeof(*l->idseg));
	l->idlo = xcalloc(l->lv.nseg + 1, sizeof(*l->idlo));
	for (i = 0; i < l->lv.nseg; i++) {
		sg = &l->lv.seg[i];
		if (sg->n == 0)
			continue;
		l->idseg[l->nid] = i;
		l->idlo[l->nid++] = sg->id[0];
	}
}

/* Where the row of id, first seen at first (as logged), is in segment sg
 * (in order of first seen): its place, or sg->n. */
static size_t
lv_at(const struct vg_lookseg *sg, int64_t id, int64_t first)
{
	size_t	j;

	for (j = lower(sg->first, sg->n, first); j < sg->n &&
	    sg->first[j] == first; j++)
		if (sg->id[j] == id)
			return j;
	return sg->n;
}

/* What a look's bound needs of one sighting's row (look_id()). */
struct lookq {
	struct search	*s;
	struct look	*l;		/* whose */
};

/*
 * A sighting that names l's person, by its id and first seen (as logged),
 * found in its span's vector file and its quantised unit vector added to
 * l's sum (an error of at most scale / 2 a component): 1 (stop) where it
 * is not there, or its vector not one the file can bound (none, of
 * another length, or of length 0 or not finite: the file tells none of
 * them apart), or its segment not in order.
 */
static int
look_id(int64_t id, int64_t first, void *arg)
{
	struct lookq		*a = arg;
	struct search		*s = a->s;
	struct look		*l = a->l;
	struct lvspan		*lv;
	const struct vg_lookseg	*sg = NULL;
	size_t			 i, k, t, j = 0, n = s->m->embdim;
	const int8_t		*q;
	double			 sc;

	for (i = 0; i < s->nlvs && sg == NULL; i++) {
		lv = &s->lvs[i];
		lv_ids(lv);
		/* the last segment whose first row's id is id or below,
		 * then the next */
		k = lower(lv->idlo, lv->nid, id);
		if (k == lv->nid || lv->idlo[k] != id)
			k = k > 0 ? k - 1 : 0;
		for (t = 0; t < 2 && sg == NULL && k + t < lv->nid; t++) {
			sg = &lv->lv.seg[lv->idseg[k + t]];
			if ((j = lv_at(sg, id, first)) == sg->n)
				sg = NULL;
		}
	}
	if (sg == NULL)
		return 1;
	sc = sg->scale[j];
	if (!(sg->code[j] >> 24 & 1) || !(sc > 0 && sc < 1))
		return 1;
	q = sg->q + j * n;
	for (k = 0; k < n; k++)
		l->qs[k] += (double)q[k] * sc;
	/* the quantising's half step, and the scale's float */
	l->qe += sc * (0.5 + 1e-4);
	l->qn++;
	return 0;
}

/*
 * l's sum bounded from the vector files (l->qb): the ids of the sightings
 * look_of() would read, from the archive's index alone, each row found in
 * its span's vector file.  The sum look_one() makes adds each unit vector
 * in floats: within 2^-24 of each term and of each partial sum (under n
 * in magnitude) a component, taken into qe.
 */
static void
look_bound(struct search *s, struct look *l)
{
	struct lookq	a;
	struct vg_error	e;
	double		x = 0;
	size_t		k;

	l->qb = -1;
	l->qs = xcalloc(s->m->embdim + 1, sizeof(*l->qs));
	a.s = s;
	a.l = l;
	memset(&e, 0, sizeof(e));
	if (vg_ar_person_ids(s->ar, l->who, s->anchor_t - LOOKS,
	    s->anchor_t + LOOKS, look_id, &a, &e) != 0) {
		vg_error_clear(&e);
		free(l->qs);
		l->qs = NULL;
		return;
	}
	l->qe += ((double)l->qn * l->qn + l->qn) * 6e-8 + 1e-9;
	for (k = 0; k < s->m->embdim; k++)
		x += l->qs[k] * l->qs[k];
	l->qlen = sqrt(x);
	l->qb = 1;
}

/*
 * Whether gate candidate c, not yet scored, falls below the bar whatever
 * its person's look (not read) within what the vector files allow: the
 * cosine way_end()'s score() would take of the path's look with his,
 * bounded from his sightings' quantised vectors (look_bound()), the
 * appearance table's most over that interval (app_most()) added to the
 * rest of c's ratio as score() adds it.  0 where it cannot tell: his look
 * is then read.
 */
static int
look_under(struct search *s, const struct cand *c, double crowd)
{
	const struct vg_obs	*o = &c->obs;
	const float		*v = s->from->look;
	struct look		*l;
	double			 d = 0, e, lo, hi, nlo, nhi, r = 0;
	size_t			 k, n = s->m->embdim;

	if (o->type != VG_ROW_GATE || o->person == NULL || n == 0 ||
	    v == NULL || !s->vbound || s->nlvs == 0 || !(s->lookn > 0))
		return 0;
	l = look_find(s, o->person, c->lk);
	if (l->read)
		return 0;	/* score() has it at hand */
	if (l->qb == 0)
		look_bound(s, l);
	if (l->qb < 0)
		return 0;
	if (l->qn > 0) {
		/* the cosine within the sum's error, each component qe:
		 * the dot product within qe l1(v), the length within qe
		 * sqrt(n) (v's length and l1 as expand_from() took them) */
		for (k = 0; k < n; k++)
			d += (double)v[k] * l->qs[k];
		d *= s->lookn;
		e = l->qe * s->lookl1;
		nlo = l->qlen - l->qe * sqrt((double)n) * (1 + 1e-9) - 1e-12;
		nhi = l->qlen + l->qe * sqrt((double)n) * (1 + 1e-9) + 1e-12;
		if (!(nlo > 0))
			lo = -1, hi = 1;
		else {
			hi = d + e;
			hi /= hi >= 0 ? nlo : nhi;
			lo = d - e;
			lo /= lo >= 0 ? nhi : nlo;
			hi = hi > 1 ? 1 : hi;
			lo = lo < -1 ? -1 : lo;
		}
		if (!(lo <= hi))
			return 0;
		r = app_most(s->m, lo - 1e-7, hi + 1e-7);
	}
	/* as score_most() adds the rest */
	tags(s, o, &r, NULL);
	return c->base + r - log(crowd) < via_bar(s) - 1e-6;
}

/* A window's j-th candidate: s->cands[j], or through its places ix
 * (expand_beam()'s pool) */
#define WAY(s, ix, j)	(&(s)->cands[(ix) != NULL ? (ix)[j] : (j)])

/*
 * The window's gate reads that name no one, among its candidates from
 * first on: each is one way he may have passed the gate, told from the
 * others by its time alone.  The likeliest stands for them all, its ratio
 * theirs summed (that he passed as one of them, whichever); the rest are
 * left out.  Each alone costs what the gate's crowd makes it, so that at
 * a busy gate a path that passed it paid as much as for a camera it did
 * not see; prune() weighs afterwards whether the read kept is more likely
 * his than another's or a miss.  The candidates are WAY(s, ix, j) for j
 * from first to n; the one that stands is returned (way_end() leaves the
 * rest in its one pass), n where none does.
 */
static size_t
one_unnamed(struct search *s, const size_t *ix, size_t first, size_t n)
{
	size_t	j, best = n;
	double	sum = 0;

	if (s->anon < 2 || s->o->greedy)
		return n;
	for (j = first; j < n; j++)
		if (unnamed(&WAY(s, ix, j)->obs) && (best == n ||
		    WAY(s, ix, j)->llr > WAY(s, ix, best)->llr))
			best = j;
	if (best == n)
		return n;
	for (j = first; j < n; j++)
		if (unnamed(&WAY(s, ix, j)->obs))
			sum += exp(WAY(s, ix, j)->llr - WAY(s, ix, best)->llr);
	WAY(s, ix, best)->llr += log(sum);
	return best;
}

/*
 * The window of s->via considered, its candidates WAY(s, ix, j) for j from
 * first to n (ix NULL: s->cands from first on, n s->ncands): those kept,
 * with the crowd's density taken from them, moved to WAY(s, ix, first) on
 * in the same order (ix ascending: each to a place already read), and
 * s->ncands set to the end of them.
 */
static int
way_end(struct search *s, const size_t *ix, size_t first, size_t n)
{
	const struct reach	*r = &s->via;
	size_t			 j, k, one;
	double			 crowd;

	one = one_unnamed(s, ix, first, n);

	/* the crowd: how many others a second the window offers (the
	 * count has the candidate, and one other is assumed) */
	crowd = (s->inwin > 0 ? (double)s->inwin : 1) /
	    ((double)(r->max - r->min) + 6.0 * TOLERANCE / US);
	/* kept: those not too poor to be bridged, and not on the
	 * path already (looked for only now: the crowd is most) */
	for (j = k = first; j < n; j++) {
		struct cand *c = WAY(s, ix, j);

		if (one < n && j != one && unnamed(&c->obs))
			continue;	/* one_unnamed()'s others */
		/* not worth his look: below the bar whatever it is
		 * (with room for rounding) */
		if (c->later && c->base + score_most(s, &c->obs) -
		    log(crowd) < via_bar(s) - 1e-6)
			continue;
		/* and by the most his look may give, from the vector
		 * files, before it is read (the greedy walk keeps what
		 * its bar would not) */
		if (c->later && !s->o->greedy && look_under(s, c, crowd))
			continue;
		if (c->later) {
			c->later = 0;
			if (score(s, c, &c->obs) == -1)
				return -1;
		}
		if (!s->o->greedy &&
		    (c->llr -= log(crowd)) <= bar_of(s, c))
			continue;
		if (in_chain(s->from, &c->obs) ||
		    read_twice(s->from, &c->obs))
			continue;
		if (in_chain(s->before, &c->obs)) {
			s->taken++;
			continue;
		}
		if (k != j)
			*WAY(s, ix, k) = *c;
		k++;
	}
	s->ncands = k;
	return 0;
}

/* The candidates gathered, best first; the greedy walk's nearest, or
 * those not too poor to be bridged. */
static void
expand_end(struct search *s)
{
	vg_qsort(s->cands, s->ncands, sizeof(*s->cands), cand_cmp);
	if (s->o->greedy) {
		/* the nearest in time only */
		if (s->ncands > 1)
			s->ncands = 1;
		return;
	}
	/* too poor to be bridged */
	while (s->ncands > 0 && s->cands[s->ncands - 1].llr <= s->bar)
		s->ncands--;
}

/* All candidate next hops of h, best first, in s->cands. */
static int
expand(struct search *s, const struct hyp *h)
{
	const struct reach	*r;
	size_t			 i, first;
	int64_t			 lo, hi;
	int			 dev = h->last->c.obs.dev;

	expand_from(s, h);
	for (i = 0; i < s->nreach[dev]; i++) {
		r = &s->reach[dev][i];
		first = s->ncands;
		way_begin(s, r, &lo, &hi);
		if (window(s, r->to, lo, hi) == -1)
			return -1;
		if (way_end(s, NULL, first, s->ncands) == -1)
			return -1;
	}
	expand_end(s);
	return 0;
}

/* Room for n in *p, of *cap, each of size sz. */
static void *
room(void *p, size_t *cap, size_t n, size_t sz)
{
	if (n <= *cap)
		return p;
	*cap = 2 * n > 64 ? 2 * n : 64;
	return xreallocarray(p, *cap, sz);
}

/* s->cands set to a copy of the n of c. */
static void
cands_set(struct search *s, const struct cand *c, size_t n)
{
	s->cands = room(s->cands, &s->capcands, n, sizeof(*s->cands));
	if (n > 0)
		memcpy(s->cands, c, n * sizeof(*s->cands));
	s->ncands = n;
}

/*
 * The candidates of each of the beam's n hypotheses, as expand() finds
 * them (the same, in the same order), into out[i] and nout[i]: each
 * device's rows a step reads are considered once for all the windows of
 * the beam that reach them, a block of rows at a time against each
 * window in turn, not read all again for each hypothesis.  The windows
 * are read into the cache as expand() reads them, in the same order.
 */
static int
expand_beam(struct search *s, const struct hyp *beam, size_t n,
    struct cand **out, size_t *nout)
{
	struct beamstep	*bs = &s->bs;
	struct job	*jb;
	struct cand	*keep = s->cands, *c;
	size_t		 capkeep = s->capcands, njob = 0, npool, nsurv = 0;
	size_t		 i, j, k, a, b, x, y, blk, nc, taken = s->taken;
	size_t		 dim = s->m->embdim + 8;
	int16_t		*ownlook = s->lookfx.v, *owncore = s->corefx.v;
	int		 dev;

	/* each hypothesis's fixed point its own: the windows keep a pointer
	 * to it, and expand_from() makes it for the next in place */
	bs->fx = room(bs->fx, &bs->capfx, 2 * n * dim, sizeof(*bs->fx));
	for (i = 0; i < n; i++) {
		dev = beam[i].last->c.obs.dev;
		s->lookfx.v = bs->fx + 2 * i * dim;
		s->corefx.v = bs->fx + (2 * i + 1) * dim;
		expand_from(s, &beam[i]);
		for (k = 0; k < s->nreach[dev]; k++) {
			bs->job = room(bs->job, &bs->capjob, njob + 1,
			    sizeof(*bs->job));
			jb = &bs->job[njob++];
			memset(jb, 0, sizeof(*jb));
			way_begin(s, &s->reach[dev][k], &jb->lo, &jb->hi);
			s->cands = NULL;
			s->ncands = s->capcands = 0;
			scope_put(&jb->st, s);
			jb->hyp = i;
			jb->dev = s->via.to;
		}
	}
	s->lookfx.v = ownlook;
	s->corefx.v = owncore;
	s->cands = keep;
	s->capcands = capkeep;
	s->ncands = 0;
	for (j = 0; j < njob; j++)
		if (cached(s, bs->job[j].dev, read_lo(s, &bs->job[j].st,
		    bs->job[j].dev, bs->job[j].lo, bs->job[j].hi),
		    bs->job[j].hi, &a, &b) == -1)
			return -1;
	/* where they are now: a read before another moves its rows */
	for (j = 0; j < njob; j++) {
		jb = &bs->job[j];
		rows_of(&s->wc[jb->dev], jb->lo, jb->hi, &jb->a, &jb->b);
		narrow(s, &jb->st, &s->wc[jb->dev], &jb->a, &jb->b);
		crowd_of(s, &jb->st, &s->wc[jb->dev], jb->a, jb->b);
	}
	for (j = 0; j < njob; j++) {
		if (bs->job[j].done)
			continue;
		/* the rows of this device that some window reaches */
		dev = bs->job[j].dev;
		a = bs->job[j].a;
		b = bs->job[j].b;
		for (k = j; k < njob; k++)
			if (bs->job[k].dev == dev) {
				a = bs->job[k].a < a ? bs->job[k].a : a;
				b = bs->job[k].b > b ? bs->job[k].b : b;
				bs->job[k].done = 1;
			}
		/* its windows' candidates gathered in one pool, marked
		 * with their window's number */
		npool = 0;
		for (blk = a; blk < b; blk += BLOCK)
			for (k = j; k < njob; k++) {
				jb = &bs->job[k];
				x = jb->a > blk ? jb->a : blk;
				y = jb->b < blk + BLOCK ? jb->b : blk + BLOCK;
				if (jb->dev != dev || x >= y)
					continue;
				scope_put(s, &jb->st);
				s->cands = bs->pool;
				s->ncands = npool;
				s->capcands = bs->cappool;
				for (; x < y; x++) {
					s->lsure = x >= s->surelo &&
					    x < s->surehi;
					if (s->fast && fast_doomed(s,
					    &s->wc[dev].key[x], s->lsure)) {
						s->inwin++;
						continue;
					}
					if (x + AHEAD < y)
						fetch_ahead(&s->wc[dev].obs[x +
						    AHEAD]);
					s->lk = &s->wc[dev].look[x];
					s->nb = &s->wc[dev].norm[x];
					s->lr = &s->wc[dev].lr[x];
					s->lkey = &s->wc[dev].key[x];
					s->lmset = 0;
					s->ldev = dev;
					s->lx = x;
					if (consider(&s->wc[dev].obs[x], s) !=
					    0)
						break;
				}
				bs->pool = s->cands;
				bs->cappool = s->capcands;
				bs->whose = room(bs->whose, &bs->capwhose,
				    s->ncands, sizeof(*bs->whose));
				for (; npool < s->ncands; npool++)
					bs->whose[npool] = k;
				s->cands = NULL;
				s->ncands = s->capcands = 0;
				scope_put(&jb->st, s);
				if (x < y)
					goto fail;
			}
		/* each window's own in a row, in the order found: their
		 * places in the pool (the candidates are not moved) */
		for (i = 0; i < npool; i++)
			bs->job[bs->whose[i]].nc++;
		for (k = j, nc = 0; k < njob; k++)
			if (bs->job[k].dev == dev) {
				bs->job[k].at = nc;
				nc += bs->job[k].nc;
				bs->job[k].nc = 0;
			}
		bs->order = room(bs->order, &bs->caporder, npool,
		    sizeof(*bs->order));
		for (i = 0; i < npool; i++) {
			jb = &bs->job[bs->whose[i]];
			bs->order[jb->at + jb->nc++] = i;
		}
		/* and ended as expand() ends them, what stays kept apart */
		for (k = j; k < njob; k++) {
			jb = &bs->job[k];
			if (jb->dev != dev)
				continue;
			scope_put(s, &jb->st);
			s->cands = bs->pool;
			s->ncands = s->capcands = npool;
			s->taken = taken;
			if (way_end(s, bs->order + jb->at, 0, jb->nc) == -1) {
				s->cands = keep;
				s->capcands = capkeep;
				goto fail;
			}
			taken = s->taken;
			bs->surv = room(bs->surv, &bs->capsurv, nsurv +
			    s->ncands, sizeof(*bs->surv));
			for (i = 0; i < s->ncands; i++)
				bs->surv[nsurv + i] = bs->pool[bs->order[jb->at +
				    i]];
			jb->at = nsurv;
			jb->nc = s->ncands;
			nsurv += s->ncands;
			s->cands = NULL;
			s->ncands = s->capcands = 0;
			scope_put(&jb->st, s);
		}
	}
	/* each hypothesis's kept, its windows in turn, as expand() has
	 * them */
	for (i = 0, j = 0; i < n; i++) {
		nc = 0;
		for (; j < njob && bs->job[j].hyp == i; j++) {
			jb = &bs->job[j];
			keep = room(keep, &capkeep, nc + jb->nc, sizeof(*keep));
			if (jb->nc > 0)
				memcpy(keep + nc, bs->surv + jb->at, jb->nc *
				    sizeof(*keep));
			nc += jb->nc;
			scope_put(s, &jb->st);
		}
		if (s->nreach[beam[i].last->c.obs.dev] == 0)
			expand_from(s, &beam[i]);	/* none: as expand() */
		s->taken = taken;
		s->cands = keep;
		s->capcands = capkeep;
		s->ncands = nc;
		expand_end(s);
		c = xreallocarray(NULL, s->ncands ? s->ncands : 1, sizeof(*c));
		if (s->ncands > 0)
			memcpy(c, s->cands, s->ncands * sizeof(*c));
		out[i] = c;
		nout[i] = s->ncands;
	}
	s->ncands = 0;
	s->lookfx.v = ownlook;
	s->corefx.v = owncore;
	return 0;
fail:
	s->taken = taken;
	s->cands = keep;
	s->capcands = capkeep;
	s->ncands = 0;
	s->lookfx.v = ownlook;
	s->corefx.v = owncore;
	return -1;
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

/* A new hop after prev: the path's look, colours and person go on. */
static struct node *
node_new(const struct search *s, struct node *prev, const struct cand *c)
{
	struct node	*n = xcalloc(1, sizeof(*n));
	const struct vg_obs *o = &c->obs;

	n->c = *c;
	n->prev = prev;
	if (prev != NULL) {
		prev->refs++;
		memcpy(n->upper, prev->upper, sizeof(n->upper));
		memcpy(n->lower, prev->lower, sizeof(n->lower));
		memcpy(n->sex, prev->sex, sizeof(n->sex));
		n->nlook = prev->nlook;
		n->who = prev->who;
		n->read = prev->read;
		n->plate = prev->plate;
		if (prev->look != NULL) {
			n->look = xcalloc(s->m->embdim, sizeof(*n->look));
			memcpy(n->look, prev->look, s->m->embdim *
			    sizeof(*n->look));
		}
		n->ncore = prev->ncore;
		n->apoor = prev->apoor;
		n->rpoor = prev->rpoor;
		n->nown = prev->nown;
		if (prev->own != NULL && prev->ncore < CORE) {
			n->own = xcalloc(s->m->embdim, sizeof(*n->own));
			memcpy(n->own, prev->own, s->m->embdim *
			    sizeof(*n->own));
		}
		if (prev->core != NULL) {
			n->core = xcalloc(s->m->embdim, sizeof(*n->core));
			memcpy(n->core, prev->core, s->m->embdim *
			    sizeof(*n->core));
		}
	}
	n->refs = 1;
	n->late = prev != NULL && (prev->prev != NULL ? prev->late :
	    c->via.skipped > 0) && (isnan(c->vec) ? c->appearance > 0 :
	    c->vec > 0);
	n->at = vg_model_at(s->m, o) - c->clock;
	if (prev != NULL && (s->dir > 0 ? prev->at > n->at : prev->at <
	    n->at))
		n->at = prev->at;
	if (o->type == VG_ROW_SIGHTING) {
		if (o->emb != NULL && o->embdim == s->m->embdim &&
		    s->m->embdim > 0) {
			unit_add(&n->look, o);
			n->nlook++;
			/* the anchor, or a hop two cues confirm */
			if (prev == NULL || c->identity > 0 || (c->vec > 0 &&
			    c->col > 0)) {
				unit_add(&n->core, o);
				n->ncore++;
			}
			if (prev != NULL && n->ncore < CORE) {
				unit_add(&n->own, o);
				n->nown++;
			}
			n->apoor = anchor_poor(s, n);
		}
		if (o->upper > 0 && o->upper < NCOLOUR)
			n->upper[o->upper]++;
		if (o->lower > 0 && o->lower < NCOLOUR)
			n->lower[o->lower]++;
		if (o->sex == 1 || o->sex == 2)
			n->sex[o->sex]++;
	}
	if (c->pair)
		n->rpoor = 1;	/* the anchor a poor draw of his look */
	if (prev == NULL || c->adopt)
		n->who = n->c.obs.person;
	else if (n->who == NULL && n->c.obs.person != NULL)
		n->read = n->c.obs.person;
	/* the plate as read exactly; a misread does not replace it */
	if (n->c.obs.plate != NULL && (n->plate == NULL ||
	    strcmp(n->plate, n->c.obs.plate) != 0) && (prev == NULL ||
	    prev->plate == NULL))
		n->plate = n->c.obs.plate;
	return n;
}

/*
 * Keep a hypothesis that goes no further, for the confidences: one that
 * ends on a poor hop is its best prefix, a leaf already.
 */
static void
leaf(struct search *s, const struct hyp *h, double top)
{
	if (h->last != h->best || h->bestscore < top - FORGET) {
		node_unref(h->last);
		return;
	}
	s->leaf = xreallocarray(s->leaf, s->nleaf + 1, sizeof(*s->leaf));
	s->leaf[s->nleaf++] = *h;
}

/* Row o among the best few candidates after n, or NULL. */
static struct kid *
kid_of(const struct node *n, const struct vg_obs *o)
{
	size_t	i;

	for (i = 0; n != NULL && i < n->nkid; i++)
		if (n->kid[i].type == o->type && n->kid[i].id == o->id)
			return &n->kid[i];
	return NULL;
}

/* An observation's share of a leaf's weight (obs_mass()). */
struct omass {
	int		 type;		/* its row's type (VG_ROW_*) */
	int64_t		 id;		/* and id */
	double		 w;		/* the weight */
};

static int
omass_cmp(const void *a, const void *b)
{
	const struct omass *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Each hop's confidence (struct node, omass): the weight of the leaves
 * whose paths take its observation, by whichever chain.  Two chains may
 * reach one passage of his at different steps (one with a hop more, or
 * one less, before it), and both go on with the same hops; the weight
 * of either is his passage's, not split between them.
 */
static void
obs_mass(struct search *s, double top, double total)
{
	struct omass	*om = NULL, key;
	struct node	*n;
	size_t		 i, j, k, nom = 0, cap = 0;
	double		 w;

	for (i = 0; i < s->nleaf; i++) {
		w = exp(s->leaf[i].bestscore - top) / total;
		for (n = s->leaf[i].best; n != NULL; n = n->prev) {
			if (nom == cap) {
				cap = cap ? 2 * cap : 256;
				om = xreallocarray(om, cap, sizeof(*om));
			}
			om[nom].type = n->c.obs.type;
			om[nom].id = n->c.obs.id;
			om[nom++].w = w;
		}
	}
	vg_qsort(om, nom, sizeof(*om), omass_cmp);
	for (i = j = 0; i < nom; i = k) {
		for (k = i + 1; k < nom && omass_cmp(&om[i], &om[k]) == 0; k++)
			om[i].w += om[k].w;
		om[j++] = om[i];
	}
	for (i = 0; i < s->nleaf; i++)
		for (n = s->leaf[i].best; n != NULL; n = n->prev) {
			struct omass *f;

			key.type = n->c.obs.type;
			key.id = n->c.obs.id;
			f = bsearch(&key, om, j, sizeof(*om), omass_cmp);
			n->omass = f != NULL ? f->w : n->mass;
		}
	free(om);
}

/*
 * The confidence of each hop: the weight of the leaves whose paths go
 * through it, and of each of the best few candidates after a hop, the
 * weight of those that take it there (by whichever way), each leaf
 * weighing as its score says (a hop's log ratio is against stopping
 * there, so a leaf that stops early weighs too).
 */
static void
confidences(struct search *s)
{
	struct node	*n;
	struct kid	*k;
	double		 top = -INFINITY, total = 0, w;
	size_t		 i, j;

	for (i = 0; i < s->nleaf; i++) {
		if (s->leaf[i].bestscore > top)
			top = s->leaf[i].bestscore;
		for (n = s->leaf[i].best; n != NULL; n = n->prev) {
			n->mass = 0;
			for (j = 0; j < n->nkid; j++)
				n->kid[j].mass = 0;
		}
	}
	for (i = 0; i < s->nleaf; i++)
		total += exp(s->leaf[i].bestscore - top);
	for (i = 0; i < s->nleaf; i++) {
		w = exp(s->leaf[i].bestscore - top) / total;
		for (n = s->leaf[i].best; n != NULL; n = n->prev) {
			n->mass += w;
			if ((k = kid_of(n->prev, &n->c.obs)) != NULL)
				k->mass += w;
		}
	}
	obs_mass(s, top, total);
	/* the runner-ups' now, while their kids are this search's (the
	 * anchor is the root of the other way's search too) */
	for (i = 0; i < s->nleaf; i++)
		for (n = s->leaf[i].best; n != NULL; n = n->prev)
			for (j = 0; j < n->nalt; j++)
				n->altconf[j] = (k = kid_of(n->prev,
				    &n->alt[j].obs)) == NULL ? 0 : k->mass > 1 ?
				    1 : k->mass;
}

/*
 * Whether candidate k is the same row as candidate j or as one before k:
 * a row reached by two ways (seen at each device, or past one unseen) is
 * a candidate twice, and is not its own rival nor twice another's.
 */
static int
listed_before(const struct cand *c, size_t k, size_t j)
{
	size_t	i;

	if (c[k].obs.type == c[j].obs.type && c[k].obs.id == c[j].obs.id)
		return 1;
	for (i = 0; i < k; i++)
		if (i != j && c[k].obs.type == c[i].obs.type &&
		    c[k].obs.id == c[i].obs.id)
			return 1;
	return 0;
}

/* The kind of way a hop was reached by, for the beam: by the devices
 * passed unseen, 0 to MAXSKIP, or MAXSKIP + 1 through a stay. */
static int
way_kind(const struct cand *c)
{
	return c->via.stay ? MAXSKIP + 1 : c->via.skipped;
}

/*
 * The first step from the anchor, where a hop under the bar was kept for
 * the step after it (see search_dir): such a hop is extended once more,
 * and stays only where it with its best next hop passes the bar, ranked
 * by the two (that hop's log ratio in *pla); the others rank by their
 * own, as at every step.  A first passage behind cameras that missed him
 * beside the anchor pays for the misses at once, held to the anchor's
 * one vector; the hop after it, held to the two, tells him from the
 * crowd around the anchor, as a stranger's next hop seldom does.
 */
static int
first_ahead(struct search *s, const struct hyp *h, double **pla)
{
	struct cand	*c;
	struct hyp	 t;
	double		*la, *key;
	size_t		*ord, n = s->ncands, j, k, taken = s->taken;
	int		 rc;

	*pla = la = xcalloc(n ? n : 1, sizeof(*la));
	if (n == 0 || s->cands[n - 1].llr > -BRIDGE)
		return 0;	/* none under the bar */
	c = xcalloc(n, sizeof(*c));
	memcpy(c, s->cands, n * sizeof(*c));
	key = xcalloc(n, sizeof(*key));
	ord = xcalloc(n, sizeof(*ord));
	for (j = 0; j < n; j++) {
		key[j] = c[j].llr;
		if (c[j].llr > -BRIDGE)
			continue;
		memset(&t, 0, sizeof(t));
		t.last = node_new(s, h->last, &c[j]);
		t.score = h->score + c[j].llr;
		t.best = h->best;
		t.bestscore = h->bestscore;
		/* only a next hop above 0 that lifts it over the bar
		 * counts: the others are left before their logs */
		s->least = -BRIDGE - c[j].llr > 0 ? -BRIDGE - c[j].llr : 0;
		rc = expand(s, &t);
		s->least = -INFINITY;
		if (rc == -1) {
			node_unref(t.last);
			free(c);
			free(key);
			free(ord);
			return -1;
		}
		node_unref(t.last);
		if (s->ncands > 0 && s->cands[0].llr > 0)
			key[j] += s->cands[0].llr;
	}
	s->taken = taken;	/* counted when they were gathered */
	/* ordered by the two: an insertion sort, stable */
	for (j = 0; j < n; j++) {
		for (k = j; k > 0 && key[ord[k - 1]] < key[j]; k--)
			ord[k] = ord[k - 1];
		ord[k] = j;
	}
	for (j = k = 0; j < n; j++) {
		if (key[ord[j]] <= -BRIDGE)
			continue;
		s->cands[k] = c[ord[j]];
		la[k++] = key[ord[j]] - c[ord[j]].llr;
	}
	s->ncands = k;
	free(c);
	free(key);
	free(ord);
	return 0;
}

/*
 * The first step from the anchor again where the way found nothing
 * (one_way): the anchor may be a poor draw of his look, and every
 * passage of his held to it poor.  Each first sighting down to twice the
 * bar is extended once, and its vector weighed against the sighting
 * after it instead of the path's
 * (two draws of one man agree as the model's same-person pairs do,
 * whatever the anchor's draw); the two with their ways, transits and
 * colours, against the crowd, start the path only where more likely his
 * than not, the anchor then doubted (struct cand, pair).  The hop keeps
 * the log ratio its look against the next gives it; *pla the next hop's,
 * for the beam's rank (as first_ahead).  1 where a pair was found, else
 * s->cands as it was.
 */
static int
first_pair(struct search *s, const struct hyp *h, double **pla)
{
	struct cand	*keep, *c = NULL, *next;
	struct hyp	 t;
	double		*la = NULL, *key = NULL, best, p, x;
	size_t		*ord = NULL, n, j, k, i, taken = s->taken;
	size_t		 dim = s->m->embdim;
	int		 rc;

	if (!s->pairs || dim == 0)
		return 0;
	keep = xcalloc(s->ncands ? s->ncands : 1, sizeof(*keep));
	if (s->ncands > 0)
		memcpy(keep, s->cands, s->ncands * sizeof(*keep));
	n = s->ncands;
	/* every first hop down to twice the bar, whatever its look */
	s->pair = 1;
	s->bar = -2 * BRIDGE;
	rc = expand(s, h);
	if (rc == -1)
		goto fail;
	c = xcalloc(s->ncands ? s->ncands : 1, sizeof(*c));
	if (s->ncands > 0)
		memcpy(c, s->cands, s->ncands * sizeof(*c));
	k = s->ncands;
	key = xcalloc(k ? k : 1, sizeof(*key));
	ord = xcalloc(k ? k : 1, sizeof(*ord));
	la = xcalloc(k ? k : 1, sizeof(*la));
	for (j = 0; j < k; j++) {
		key[j] = -INFINITY;
		if (c[j].obs.type != VG_ROW_SIGHTING || c[j].obs.emb == NULL ||
		    c[j].obs.embdim != dim || isnan(c[j].vec))
			continue;
		memset(&t, 0, sizeof(t));
		c[j].pair = 1;
		t.last = node_new(s, h->last, &c[j]);
		rc = expand(s, &t);
		node_unref(t.last);
		if (rc == -1)
			goto fail;
		best = -INFINITY;
		for (i = 0; i < s->ncands; i++) {
			next = &s->cands[i];
			if (next->obs.type != VG_ROW_SIGHTING ||
			    next->obs.emb == NULL ||
			    next->obs.embdim != dim || isnan(next->vec))
				continue;
			x = vg_model_appearance(s->m, vg_cosine(c[j].obs.emb,
			    next->obs.emb, dim));
			p = next->llr - next->vec;
			if (p + x > best) {
				best = p + x;
				/* the hop's own, its look by the next */
				la[j] = c[j].llr - c[j].vec + x;
			}
		}
		/* the two more likely his than not */
		if (best + c[j].llr - c[j].vec > 0) {
			key[j] = best + c[j].llr - c[j].vec;
			c[j].llr = la[j];
			la[j] = key[j] - la[j];
		}
	}
	s->taken = taken;
	s->pair = 0;
	s->bar = -BRIDGE;
	for (j = 0; j < k; j++) {
		for (i = j; i > 0 && key[ord[i - 1]] < key[j]; i--)
			ord[i] = ord[i - 1];
		ord[i] = j;
	}
	for (j = i = 0; j < k; j++)
		if (key[ord[j]] > 0)
			i++;
	if (i == 0) {
		/* none: as it was */
		cands_set(s, keep, n);
		rc = 0;
		goto done;
	}
	/* with the hops that were kept on their own, above the bar, by
	 * their own log ratio; the pairs by the two */
	s->cands = room(s->cands, &s->capcands, i + n, sizeof(*s->cands));
	*pla = xcalloc(i + n, sizeof(**pla));
	for (j = 0; j < i; j++) {
		s->cands[j] = c[ord[j]];
		(*pla)[j] = la[ord[j]];
	}
	for (k = 0; k < n; k++) {
		if (keep[k].llr <= -BRIDGE)
			continue;
		for (j = 0; j < i; j++)
			if (s->cands[j].obs.type == keep[k].obs.type &&
			    s->cands[j].obs.id == keep[k].obs.id)
				break;
		if (j < i)
			continue;
		/* in order of the rank: the pairs' sum, the others' own */
		for (j = i; j > 0 && s->cands[j - 1].llr + (*pla)[j - 1] <
		    keep[k].llr; j--) {
			s->cands[j] = s->cands[j - 1];
			(*pla)[j] = (*pla)[j - 1];
		}
		s->cands[j] = keep[k];
		(*pla)[j] = 0;
		i++;
	}
	s->ncands = i;
	rc = 1;
	goto done;
fail:
	s->pair = 0;
	s->bar = -BRIDGE;
	s->taken = taken;
	rc = -1;
done:
	free(c);
	free(key);
	free(ord);
	free(la);
	free(keep);
	return rc;
}

/* The beam's candidates, as expand_beam() gave them, freed. */
static void
got_free(struct cand **got, size_t *ngot, size_t n)
{
	size_t	i;

	for (i = 0; got != NULL && i < n; i++)
		free(got[i]);
	free(got);
	free(ngot);
}

/*
 * How far h, left out of the beam, is ahead of the beam's n hypotheses
 * at h's own time: its sum less the best of theirs over their hops up to
 * the latest passage on h's path (going back: the earliest); 0 unless h
 * is late (struct node).  The beam ranks hypotheses of as many hops
 * each: paths that reached his later passages
 * at once by shorter ways (past devices unseen, or another's gate read)
 * gather their good hops while his own, slowed by the cameras that
 * missed him beside the anchor, is still hops behind: behind in hops, it
 * may be ahead at the same hour.
 */
static double
behind(const struct search *s, const struct hyp *beam, size_t n,
    const struct hyp *h)
{
	const struct node	*x;
	int64_t			 t = h->last->at;
	double			 most = -INFINITY, sc;
	size_t			 i;

	if (!h->last->late)
		return 0;
	for (i = 0; i < n; i++) {
		sc = beam[i].score;
		for (x = beam[i].last; x->prev != NULL &&
		    (s->dir > 0 ? x->at > t : x->at < t); x = x->prev)
			sc -= x->c.llr;
		if (sc > most)
			most = sc;
	}
	return h->score - most;
}

/*
 * Beam search from the anchor in one direction.  Hypotheses that reach
 * the same observation merge (the better one goes on), as in Viterbi;
 * the beam keeps the best few.  A hypothesis may go on below its best sum
 * for up to POOR hops, to be bridged by a good one (a true hop with a
 * poor look is often followed by one that names him or looks like him);
 * it ends at its best prefix.  Every hypothesis
 * that ends (or is merged or pruned) is kept as a leaf: the confidence of
 * a hop is the weight of the leaves through it.  Returns the leaves, best
 * first.
 */
/* Whether the node x is on the chain from n back to the anchor. */
static int
on_chain(const struct node *n, const struct node *x)
{
	for (; n != NULL; n = n->prev)
		if (n == x)
			return 1;
	return 0;
}

/* Whether a hop from n back to stop (not included) took o's passage. */
static int
took(const struct node *n, const struct node *stop, const struct node *o)
{
	for (; n != NULL && n != stop; n = n->prev)
		if (n->c.obs.type == o->c.obs.type && n->c.obs.id == o->c.obs.id)
			return 1;
	return 0;
}

/*
 * Whether h, past the beam, is a better way to a passage that one of the
 * n kept took a step or more before: from where the two parted, h took
 * every passage the kept one took up to there and more, each of its own
 * more likely his than not, and its sum there is higher.  A right hop
 * more on the way (a gate passed beside a camera) puts a path a step
 * behind the one that left it out, and the beam compares paths step by
 * step, not passage by passage.
 */
static int
better_way(const struct hyp *kept, size_t n, const struct hyp *h)
{
	const struct node	*x, *y, *fork, *o = h->last;
	double			 sc;
	size_t			 i;

	if (o != h->best)
		return 0;
	for (i = 0; i < n; i++) {
		/* the kept one's sum where it took o's passage */
		sc = kept[i].score - kept[i].last->c.llr;
		for (x = kept[i].last->prev; x != NULL && x->prev != NULL &&
		    (x->c.obs.type != o->c.obs.type ||
		    x->c.obs.id != o->c.obs.id); x = x->prev)
			sc -= x->c.llr;
		if (x == NULL || x->prev == NULL || !(h->score > sc))
			continue;
		for (fork = x->prev; !on_chain(o, fork); fork = fork->prev)
			;
		for (y = x->prev; y != fork; y = y->prev)
			if (!took(o->prev, fork, y))
				break;
		if (y != fork)
			continue;
		for (y = o->prev; y != fork; y = y->prev)
			if (!took(x->prev, fork, y) && !(y->c.llr > 0))
				break;
		if (y == fork)
			return 1;
	}
	return 0;
}

static int
search_dir(struct search *s, struct node *root, struct hyp **out,
    size_t *nout)
{
	struct hyp	*beam, *next;
	struct cand	**got = NULL;
	size_t		 nbeam = 1, nnext, i, j, k, cap, m, *ngot = NULL;
	struct hyp	 extra;
	int		 step, seen[MAXSKIP + 2], rc, have;
	double		*share, *la = NULL, top = 0, lead, best;
	char		*pick;

	s->leaf = NULL;
	s->nleaf = 0;
	beam = xcalloc(1, sizeof(*beam));
	beam[0].last = root;
	beam[0].best = root;
	root->refs++;
	for (step = 0; step < MAXSTEPS && nbeam > 0; step++) {
		next = NULL;
		nnext = 0;
		cap = 0;
		/* the first step's hops whose look is for him kept down to
		 * twice the bar, for the step after them to bridge
		 * (first_ahead) */
		s->bar = step == 0 && !s->o->greedy ? -2 * BRIDGE : -BRIDGE;
		got = xcalloc(nbeam, sizeof(*got));
		ngot = xcalloc(nbeam, sizeof(*ngot));
		rc = expand_beam(s, beam, nbeam, got, ngot);
		s->bar = -BRIDGE;
		if (rc == -1)
			goto fail;
		for (i = 0; i < nbeam; i++) {
			struct hyp *h = &beam[i];

			/* its candidates, as expand() would give them */
			cands_set(s, got[i], ngot[i]);
			free(la);
			la = NULL;
			if (step == 0 && !s->o->greedy &&
			    (rc = first_pair(s, h, &la)) == -1)
				goto fail;
			if (step == 0 && !s->o->greedy && rc == 0 &&
			    first_ahead(s, h, &la) == -1)
				goto fail;
			/* poor hops not bridged by the next end there */
			while (h->since >= POOR && s->ncands > 0 &&
			    h->score + s->cands[s->ncands - 1].llr <=
			    h->bestscore)
				s->ncands--;
			if (s->ncands == 0) {
				leaf(s, h, top);
				continue;
			}
			share = xcalloc(s->ncands, sizeof(*share));
			shares(s->cands, s->ncands, share);
			/* the rows its hops' runner-ups are taken from (as
			 * below), for their confidences */
			free(h->last->kid);
			h->last->kid = xcalloc(4, sizeof(*h->last->kid));
			h->last->nkid = 0;
			for (k = 0; k < s->ncands && k < 4; k++)
				if (kid_of(h->last, &s->cands[k].obs) == NULL) {
					h->last->kid[h->last->nkid].type =
					    s->cands[k].obs.type;
					h->last->kid[h->last->nkid++].id =
					    s->cands[k].obs.id;
				}
			memset(seen, 0, sizeof(seen));
			for (j = 0; j < s->ncands; j++) {
				struct node *n;
				struct hyp *nh;

				/* the best few, and from the anchor the
				 * best of each kind of way (see below) */
				m = (size_t)way_kind(&s->cands[j]);
				if (j >= (size_t)s->o->beam && (step > 0 ||
				    seen[m]))
					continue;
				seen[m] = 1;
				n = node_new(s, h->last, &s->cands[j]);

				n->share = share[j];
				/* the others at this step, for the officer */
				for (k = 0; k < s->ncands && k < 4; k++) {
					if (k == j || listed_before(s->cands,
					    k, j))
						continue;
					n->alt = xreallocarray(n->alt,
					    n->nalt + 1, sizeof(*n->alt));
					n->alt[n->nalt].obs = s->cands[k].obs;
					n->alt[n->nalt].llr = s->cands[k].llr;
					n->altconf = xreallocarray(n->altconf,
					    n->nalt + 1, sizeof(*n->altconf));
					n->altconf[n->nalt++] = 0;
				}
				if (nnext == cap) {
					cap = cap ? 2 * cap : 16;
					next = xreallocarray(next, cap,
					    sizeof(*next));
				}
				nh = &next[nnext++];
				nh->last = n;
				nh->score = h->score + n->c.llr;
				nh->best = h->best;
				nh->bestscore = h->bestscore;
				/* a hop of a late path (struct node) as like
				 * him as the lower quartile of the model's
				 * same-person pairs is not one to bridge: its
				 * way's misses made it poor */
				nh->since = n->late && !isnan(s->m->same_q[0]) &&
				    (isnan(n->c.vec) ? n->c.appearance :
				    n->c.vec) >= vg_model_appearance(s->m,
				    s->m->same_q[0]) ? h->since : h->since + 1;
				nh->ahead = la != NULL ? la[j] : 0;
				if (nh->score > nh->bestscore) {
					nh->best = n;
					nh->bestscore = nh->score;
					nh->since = 0;
				}
				if (nh->bestscore > top)
					top = nh->bestscore;
			}
			free(share);
			/* it moved on; stopping here is a leaf too */
			leaf(s, h, top);
		}
		got_free(got, ngot, nbeam);
		got = NULL;
		ngot = NULL;
		vg_qsort(next, nnext, sizeof(*next), hyp_cmp);
		/* merge hypotheses ending on the same observation; past the
		 * beam, a better way to a hop the kept ones took before
		 * (better_way), and the one furthest ahead of it at its own
		 * time (behind), are kept too */
		have = 0;
		best = 0;
		for (i = 0, k = 0; i < nnext; i++) {
			for (j = 0; j < k; j++)
				if (next[j].last->c.obs.type ==
				    next[i].last->c.obs.type &&
				    next[j].last->c.obs.id ==
				    next[i].last->c.obs.id)
					break;
			if (j == k && step > 0 && k >= (size_t)s->o->beam &&
			    (better_way(next, k, &next[i]) ||
			    (have && better_way(&extra, 1, &next[i])))) {
				next[k++] = next[i];
				continue;
			}
			if (j == k && step > 0 && k >= (size_t)s->o->beam &&
			    !(have && extra.last->c.obs.type ==
			    next[i].last->c.obs.type && extra.last->c.obs.id ==
			    next[i].last->c.obs.id) &&
			    (lead = behind(s, next, k, &next[i])) > best) {
				if (have)
					leaf(s, &extra, top);
				extra = next[i];
				best = lead;
				have = 1;
				continue;
			}
			if (j < k || (step > 0 && k >= (size_t)s->o->beam)) {
				leaf(s, &next[i], top);
				continue;
			}
			next[k++] = next[i];
		}
		if (have)
			next[k++] = extra;
		/*
		 * The beam: at the first step from the anchor, the best hop
		 * of each kind of way (past none, one, two or three unseen
		 * devices, or through a stay), then the best of the rest;
		 * later, the best.  A first hop behind cameras that missed
		 * him beside the anchor pays for them at once, held to the
		 * anchor's one vector, and is bridged only hops later; the
		 * nearer hops of the crowd would fill the beam before it.
		 */
		if (step == 0 && k > (size_t)s->o->beam) {
			pick = xcalloc(k, 1);
			memset(seen, 0, sizeof(seen));
			for (i = 0, m = 0; i < k && m < (size_t)s->o->beam;
			    i++)
				if (!seen[way_kind(&next[i].last->c)]) {
					seen[way_kind(&next[i].last->c)] = 1;
					pick[i] = 1;
					m++;
				}
			for (i = 0; i < k && m < (size_t)s->o->beam; i++)
				if (!pick[i]) {
					pick[i] = 1;
					m++;
				}
			for (i = 0, j = 0; i < k; i++) {
				if (!pick[i]) {
					leaf(s, &next[i], top);
					continue;
				}
				next[j++] = next[i];
			}
			free(pick);
			k = j;
		}
		free(beam);
		beam = next;
		nbeam = k;
	}
	for (i = 0; i < nbeam; i++)
		leaf(s, &beam[i], top);
	free(beam);
	free(la);
	confidences(s);
	vg_qsort(s->leaf, s->nleaf, sizeof(*s->leaf), best_cmp);
	*out = s->leaf;
	*nout = s->nleaf;
	s->leaf = NULL;
	s->nleaf = 0;
	return 0;
fail:
	got_free(got, ngot, nbeam);
	free(la);
	for (i = 0; i < nbeam; i++)
		node_unref(beam[i].last);
	free(beam);
	for (i = 0; i < s->nleaf; i++)
		node_unref(s->leaf[i].last);
	free(s->leaf);
	s->leaf = NULL;
	s->nleaf = 0;
	return -1;
}

static void
hop_from(struct vg_hop *hp, const struct node *n)
{
	size_t	i, j;

	memset(hp, 0, sizeof(*hp));
	vg_obs_copy(&hp->obs, &n->c.obs);
	hp->transit = n->c.transit;
	hp->clock = (double)n->c.clock / US;
	hp->lmin = n->c.via.min;
	hp->lmax = n->c.via.max;
	hp->skipped = n->c.via.skipped;
	/* the likelihood ratio as a chance, even odds before */
	hp->appearance = isnan(n->c.appearance) ? NAN : 1 / (1 +
	    exp(-n->c.appearance));
	hp->identity = n->c.identity;
	hp->llr = n->c.llr;
	/* a share of the leaves' weight: sums may round a hair past 1 */
	hp->confidence = n->omass > 1 ? 1 : n->omass < 0 ? 0 : n->omass;
	if (n->nalt > 0) {
		hp->alt = xcalloc(n->nalt, sizeof(*hp->alt));
		hp->altconf = xcalloc(n->nalt, sizeof(*hp->altconf));
		for (i = 0; i < n->nalt; i++) {
			vg_obs_copy(&hp->alt[i], &n->alt[i].obs);
			/* the weight of the leaves that take it instead,
			 * of the same leaves as the hop's own */
			hp->altconf[i] = n->altconf[i];
		}
		/* best first, by that weight (the step's order on ties) */
		for (i = 1; i < n->nalt; i++)
			for (j = i; j > 0 && hp->altconf[j] >
			    hp->altconf[j - 1]; j--) {
				struct vg_obs	o = hp->alt[j];
				double		c = hp->altconf[j];

				hp->alt[j] = hp->alt[j - 1];
				hp->altconf[j] = hp->altconf[j - 1];
				hp->alt[j - 1] = o;
				hp->altconf[j - 1] = c;
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

	nb = back ? chain_len(back->best) : 0;
	nf = fwd ? chain_len(fwd->best) : 0;
	memset(p, 0, sizeof(*p));
	p->nhop = nb + 1 + nf;
	p->hop = xcalloc(p->nhop, sizeof(*p->hop));
	/* a backward chain runs from the earliest hop to the anchor; each
	 * hop's transit is to the hop after it, so shift it onto that one */
	for (n = back ? back->best : NULL, i = 0; n != NULL && n->prev != NULL;
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
	for (n = fwd ? fwd->best : NULL, i = p->nhop - 1;
	    n != NULL && n->prev != NULL; n = n->prev, i--) {
		hop_from(&p->hop[i], n);
	}
	p->anchor = nb;
	p->score = (back ? back->bestscore : 0) + (fwd ? fwd->bestscore : 0);
}

/* The link from device a to b (either way unless directed), or -1. */
static int
link_to(const struct vg_graph *g, int a, int b)
{
	size_t	l;

	for (l = 0; l < g->nlink; l++)
		if ((g->link[l].a == a && g->link[l].b == b) ||
		    (!g->link[l].directed && g->link[l].a == b &&
		    g->link[l].b == a))
			return (int)l;
	return -1;
}

/*
 * The bounds of the way from device m to b past at most one unseen
 * device (its index in *mid, or -1 when direct): 0 if there is one.
 */
static int
way_to(const struct vg_graph *g, int m, int b, int unseen, int *lmin,
    int *lmax, int *link)
{
	size_t	l;
	int	k, x;

	if ((k = link_to(g, m, b)) >= 0 && unseen == 0) {
		*lmin = g->link[k].min;
		*lmax = g->link[k].max;
		*link = k;
		return 0;
	}
	if (unseen != 1)
		return -1;
	for (l = 0; l < g->nlink; l++) {
		x = g->link[l].a == m ? g->link[l].b : !g->link[l].directed &&
		    g->link[l].b == m ? g->link[l].a : -1;
		if (x < 0 || x == b || (k = link_to(g, x, b)) < 0)
			continue;
		*lmin = g->link[l].min + g->link[k].min;
		*lmax = g->link[l].max + g->link[k].max;
		*link = -1;
		return 0;
	}
	return -1;
}

/* The links out of device d: its ways on, each alike. */
static int
links_out(const struct vg_graph *g, int d)
{
	size_t	l;
	int	n = 0;

	for (l = 0; l < g->nlink; l++)
		n += g->link[l].a == d || (!g->link[l].directed &&
		    g->link[l].b == d);
	return n > 0 ? n : 1;
}

static int
on_path(const struct vg_path *p, const struct vg_obs *o)
{
	size_t	i;

	for (i = 0; i < p->nhop; i++)
		if (p->hop[i].obs.type == o->type && p->hop[i].obs.id == o->id)
			return 1;
	return 0;
}

/* A device between two hops of the path, passed unseen or not. */
struct gap {
	int64_t		 ta, tb;	/* the two hops' times, as the model
					   reads them */
	int		 l1, min1, max1; /* the way from the first to the
					   device: its link (or -1), bounds */
	int		 l2, min2, max2; /* and from the device to the
					   second */
	int		 min, max;	/* the way across, past it */
	double		 lcrowd;	/* the log of the crowd it offers a
					   second */
	double		 lacross;	/* the log density of the way across
					   at tb - ta */
	int		 dev;		/* the device */
};

/* The log density of o's passage across the gap gp (its time only), or
 * NAN where none (a vehicle for a person, or none the way allows): what
 * between() needs of o before its name and look. */
static double
gap_transit(const struct search *s, const struct gap *gp,
    const struct vg_obs *o)
{
	double	lt;
	int64_t	t;

	if (o->vehicle != s->vehicle)
		return NAN;
	t = vg_model_at(s->m, o);
	lt = vg_model_transit(s->m, gp->l1, gp->min1, gp->max1,
	    (double)(t - gp->ta) / US) + vg_model_transit(s->m, gp->l2,
	    gp->min2, gp->max2, (double)(gp->tb - t) / US) - gp->lacross;
	return isinf(lt) ? NAN : lt;
}

/* Row j of the gap's device made whole for between() (lv_whole), where
 * its time leaves it any chance: 0, 1 where none (between() would give
 * NAN), -1 on error. */
static int
gap_whole(struct search *s, const struct gap *gp, size_t j)
{
	const struct wcache	*w = &s->wc[gp->dev];

	if (w->lr == NULL || !w->lr[j].pend)
		return 0;
	if (isnan(gap_transit(s, gp, &w->obs[j])))
		return 1;
	return lv_whole(s, gp->dev, j);
}

/*
 * The log ratio of o, seen by gap's device, as a hop between the two: the
 * device's chance to log him against its chance to miss, the two transits
 * against the one across (gp->lacross), his look (look's) against the
 * crowd.  NAN where
 * it cannot be his (another's name, rejected, a transit out of bounds).
 */
static double
between(struct search *s, const struct gap *gp, const struct node *look,
    const char *who, const struct vg_obs *o, int *e)
{
	double	lt, ap, pvec, pcol, m = s->m->dev[gp->dev].miss;

	*e = 0;
	if ((who != NULL && o->person != NULL && strcmp(who, o->person) !=
	    0) || listed(s->o->reject, s->o->nreject, o, s->g))
		return NAN;
	if (isnan(lt = gap_transit(s, gp, o)))
		return NAN;
	ap = appearance(s, look, o, &pvec, &pcol, e, NULL);
	if (*e)
		return NAN;
	return lt + (isnan(ap) ? 0 : ap) - gp->lcrowd + log((1 - m) / m);
}

/* The rows gap's device logged from the first hop's time by the way l1
 * (a sighting's length before it), read: *from to *to of its cache. */
static int
gap_window(struct search *s, const struct gap *gp, size_t *from, size_t *to)
{
	return cached(s, gp->dev, gp->ta + gp->min1 * US - 3 * TOLERANCE -
	    SLACK, gp->ta + gp->max1 * US + 3 * TOLERANCE, from, to);
}

/* The crowd gap's device offers a second, from the first hop's time by
 * the way l1: its log, in gp->lcrowd; the window in *from, *to.  The way
 * across, the one the search took (min..max past unseen devices), in
 * gp->lacross. */
static int
gap_crowd(struct search *s, struct gap *gp, size_t *from, size_t *to)
{
	size_t	j;
	int	n = 0;

	if (gap_window(s, gp, from, to) == -1)
		return -1;
	for (j = *from; j < *to; j++)
		n += s->wc[gp->dev].obs[j].vehicle == s->vehicle;
	gp->lcrowd = log((n > 0 ? n : 1) / ((double)(gp->max1 - gp->min1) +
	    6.0 * TOLERANCE / US));
	gp->lacross = vg_model_transit(s->m, -1, gp->min, gp->max,
	    (double)(gp->tb - gp->ta) / US);
	return 0;
}

/*
 * The crowd and the way across for a hop between two known ones (prune),
 * as the model has them: the crowd counts the rows whose passage falls
 * where the first way's transit can put one (the span it divides by; a
 * row read for its length before it is no hop), and the way across, past
 * the device seen or not, is the two ways' transits summed (the density
 * of their convolution at tb - ta, by the second), not a flat way over
 * the summed bounds that no link learned: the two transits against it are
 * then the density of his passage there given both ends.  Rows a..b of
 * the device's window.
 */
static void
gap_known(struct search *s, struct gap *gp, size_t a, size_t b)
{
	int64_t	lo = gp->ta + gp->min1 * US - 3 * TOLERANCE, at;
	int64_t	hi = gp->ta + gp->max1 * US + 3 * TOLERANCE;
	double	dt = (double)(gp->tb - gp->ta) / US, u, sum = 0;
	size_t	j;
	int	n = 0;

	for (j = a; j < b; j++) {
		const struct vg_obs *o = &s->wc[gp->dev].obs[j];

		at = vg_model_at(s->m, o);
		n += o->vehicle == s->vehicle && at >= lo && at <= hi;
	}
	gp->lcrowd = log((n > 0 ? n : 1) / ((double)(gp->max1 - gp->min1) +
	    6.0 * TOLERANCE / US));
	/* each transit is nothing outside its bounds and three tolerances */
	for (u = gp->min1 - 3.0 * TOLERANCE / US; u <= gp->max1 + 3.0 *
	    TOLERANCE / US; u += 1)
		sum += exp(vg_model_transit(s->m, gp->l1, gp->min1, gp->max1,
		    u) + vg_model_transit(s->m, gp->l2, gp->min2, gp->max2,
		    dt - u));
	gp->lacross = log(sum);
}

/* The path's look, colours and person, leaving out hop skip (or none:
 * the number of hops). */
static void
path_look(const struct search *s, const struct vg_path *p, size_t skip,
    struct node *look, const char **who)
{
	size_t	i;

	memset(look, 0, sizeof(*look));
	*who = NULL;
	for (i = 0; i < p->nhop; i++) {
		const struct vg_obs *o = &p->hop[i].obs;

		if (i == skip)
			continue;
		if (o->type == VG_ROW_SIGHTING && o->emb != NULL &&
		    o->embdim == s->m->embdim && s->m->embdim > 0) {
			unit_add(&look->look, o);
			look->nlook++;
		}
		if (o->type == VG_ROW_SIGHTING) {
			if (o->upper > 0 && o->upper < NCOLOUR)
				look->upper[o->upper]++;
			if (o->lower > 0 && o->lower < NCOLOUR)
				look->lower[o->lower]++;
			if (o->sex == 1 || o->sex == 2)
				look->sex[o->sex]++;
		}
		if (*who == NULL && o->person != NULL &&
		    (p->hop[i].anchor || p->hop[i].identity > 0))
			*who = o->person;
	}
}

/*
 * A hop the search passed as unseen, found afterwards: between two hops
 * of the path with k unseen devices between them, each device on the way
 * may have logged him after all.  An observation there is taken when it
 * is more likely his than not: its share of the chances that one of those
 * the devices on the way logged, or none (a miss), over a half (each
 * weighs as between() says).  With both ends known the crowd is small,
 * where the search, from one end, saw the whole window.  Between two hops
 * joined by a link he may also have gone round by a device linked to
 * both: a passage there is weighed against the link walked, the way round
 * as likely as that device's other ways on (make_reach()'s odds of not
 * turning back) and logged as often as the device logs.
 */
static int
fill(struct search *s, struct vg_path *p)
{
	const struct vg_graph	*g = s->g;
	struct node		 look;
	const char		*who;
	size_t			 i, j, a, b, l;
	int			 e, k;

	path_look(s, p, p->nhop, &look, &who);
	for (i = 1; i < p->nhop; i++) {
		struct vg_hop	*h = &p->hop[i], *pv = &p->hop[i - 1], nh;
		struct gap	 gp, bg;
		double		 best = -INFINITY, sum = 1, llr, ap, conf;
		double		 pvec, pcol, lroute = 0;
		size_t		 bo = 0;
		int		 bm = -1, direct = -1, ways;

		if (pv->obs.dev == h->obs.dev)
			continue;
		/* a direct hop: he may have gone round by a device linked
		 * to both (the way past it, against the link) */
		if (h->skipped < 1 && (pv->clock != 0 ||
		    h->clock != 0 || (direct = link_to(g, pv->obs.dev,
		    h->obs.dev)) < 0))
			continue;
		memset(&bg, 0, sizeof(bg));
		gp.ta = vg_model_at(s->m, &pv->obs);
		gp.tb = vg_model_at(s->m, &h->obs);
		gp.min = h->lmin;
		gp.max = h->lmax;
		for (l = 0; l < g->nlink; l++) {
			gp.dev = g->link[l].a == pv->obs.dev ? g->link[l].b :
			    !g->link[l].directed && g->link[l].b ==
			    pv->obs.dev ? g->link[l].a : -1;
			if (gp.dev < 0 || gp.dev == h->obs.dev ||
			    (s->vdev != NULL && !s->vdev[gp.dev]) ||
			    way_to(g, gp.dev, h->obs.dev, direct >= 0 ? 0 :
			    h->skipped - 1, &gp.min2, &gp.max2, &gp.l2) == -1)
				continue;
			gp.l1 = (int)l;
			gp.min1 = g->link[l].min;
			gp.max1 = g->link[l].max;
			if (gap_crowd(s, &gp, &a, &b) == -1)
				goto fail;
			if (direct >= 0) {
				/* against the link itself: round by the
				 * device (one of its ways on) and logged
				 * there, not the link walked */
				gp.lacross = vg_model_transit(s->m, direct,
				    h->lmin, h->lmax, (double)(gp.tb -
				    gp.ta) / US);
				if (isinf(gp.lacross))
					continue;
				ways = links_out(g, gp.dev);
				lroute = log(s->m->dev[gp.dev].miss) -
				    log(ways > 1 ? (double)ways - 1 : 1);
			}
			for (j = a; j < b; j++) {
				const struct vg_obs *o = &s->wc[gp.dev].obs[j];

				if (on_path(p, o))
					continue;
				if ((k = gap_whole(s, &gp, j)) == -1)
					goto fail;
				if (k == 1)
					continue;	/* between(): NAN */
				llr = between(s, &gp, &look, who, o, &e) +
				    lroute;
				if (e)
					goto fail;
				if (isnan(llr))
					continue;
				sum += exp(llr > 700 ? 700 : llr);
				if (llr > best) {
					best = llr, bm = gp.dev, bo = j;
					bg = gp;
				}
			}
		}
		/* more likely his than a miss, or another's, together */
		if (bm < 0 || !(2 * exp(best > 700 ? 700 : best) > sum))
			continue;
		/* in: the observation found, the hop after it now from it */
		memset(&nh, 0, sizeof(nh));
		vg_obs_copy(&nh.obs, &s->wc[bm].obs[bo]);
		nh.transit = (double)(vg_model_at(s->m, &nh.obs) - bg.ta) / US;
		nh.lmin = bg.min1;
		nh.lmax = bg.max1;
		ap = appearance(s, &look, &nh.obs, &pvec, &pcol, &e, NULL);
		nh.appearance = isnan(ap) ? NAN : 1 / (1 + exp(-ap));
		nh.identity = who != NULL && nh.obs.person != NULL ? 1 : 0;
		nh.llr = best;
		conf = pv->confidence < h->confidence ? pv->confidence :
		    h->confidence;
		nh.confidence = exp(best > 700 ? 700 : best) / sum * conf;
		if (nh.confidence > 1)
			nh.confidence = 1;
		h->transit = (double)(bg.tb - vg_model_at(s->m, &nh.obs)) / US;
		h->lmin = bg.min2;
		h->lmax = bg.max2;
		if (direct < 0)
			h->skipped--;
		p->hop = xreallocarray(p->hop, p->nhop + 1, sizeof(*p->hop));
		memmove(&p->hop[i + 1], &p->hop[i], (p->nhop - i) *
		    sizeof(*p->hop));
		p->hop[i] = nh;
		p->nhop++;
		if (p->anchor >= i)
			p->anchor++;
		p->score += best;
	}
	free(look.look);
	return 0;
fail:
	free(look.look);
	return -1;
}

/* What hop x holds (not x itself). */
static void
hop_free(struct vg_hop *x)
{
	size_t	j;

	vg_obs_free(&x->obs);
	for (j = 0; j < x->nalt; j++)
		vg_obs_free(&x->alt[j]);
	free(x->alt);
	free(x->altconf);
}

/* Whether hop i, at an end of path p, is a gate event whose read
 * names another than the path's person (prune()). */
static int
end_other(const struct search *s, const struct vg_path *p, size_t i)
{
	const struct vg_hop	*x = &p->hop[i];
	struct node		 look;
	const char		*who;
	int			 r;

	if (x->anchor || x->obs.type != VG_ROW_GATE || x->obs.person == NULL)
		return 0;
	path_look(s, p, i, &look, &who);
	free(look.look);
	r = who != NULL && strcmp(who, x->obs.person) != 0;
	return r;
}

/*
 * A hop the search took between two others is kept only where, with both
 * its neighbours known, it is more likely his than not, by the test
 * fill() makes of a hop it adds (a miss, or another the device logged,
 * the alternatives).  The search weighs a hop against stopping there:
 * a stranger taken for a camera that missed him is paid back by the hop
 * after it, reached by a link (and by the pace the path learned from
 * him), which outbids the same hop reached past a miss.  A gate event
 * whose read names another than the path's person is not his, as fill()
 * has it (a face camera's name may be a misread: a sighting so named is
 * weighed by its look).
 */
static int
prune(struct search *s, struct vg_path *p)
{
	const struct vg_graph	*g = s->g;
	struct node		 look;
	const char		*who;
	size_t			 i, j, a, b;
	int			 e, k;

	for (i = 1; i + 1 < p->nhop; i++) {
		struct vg_hop	*x = &p->hop[i], *pv = &p->hop[i - 1];
		struct vg_hop	*nx = &p->hop[i + 1];
		struct gap	 gp;
		double		 llr, sum = 1, own = NAN;

		if (x->anchor || x->identity > 0 || pv->clock != 0 ||
		    x->clock != 0 || nx->clock != 0 ||
		    x->skipped + nx->skipped + 1 > MAXSKIP ||
		    pv->obs.dev == x->obs.dev || x->obs.dev == nx->obs.dev)
			continue;
		gp.dev = x->obs.dev;
		gp.ta = vg_model_at(s->m, &pv->obs);
		gp.tb = vg_model_at(s->m, &nx->obs);
		gp.l1 = x->skipped == 0 ? link_to(g, pv->obs.dev, gp.dev) : -1;
		gp.min1 = x->lmin;
		gp.max1 = x->lmax;
		gp.l2 = nx->skipped == 0 ? link_to(g, gp.dev, nx->obs.dev) : -1;
		gp.min2 = nx->lmin;
		gp.max2 = nx->lmax;
		gp.min = x->lmin + nx->lmin;
		gp.max = x->lmax + nx->lmax;
		if (gap_window(s, &gp, &a, &b) == -1)
			return -1;
		gap_known(s, &gp, a, b);
		path_look(s, p, i, &look, &who);
		for (j = a; j < b; j++) {
			const struct vg_obs *o = &s->wc[gp.dev].obs[j];

			if (o->type == x->obs.type && o->id == x->obs.id)
				o = &x->obs;
			else if (on_path(p, o) || one_passage(o, &x->obs))
				continue;	/* the hop's passage read again */
			else if ((k = gap_whole(s, &gp, j)) != 0) {
				if (k == 1)
					continue;	/* between(): NAN */
				free(look.look);
				return -1;
			}
			llr = between(s, &gp, &look, who, o, &e);
			if (e) {
				free(look.look);
				return -1;
			}
			if (isnan(llr))
				continue;
			sum += exp(llr > 700 ? 700 : llr);
			if (o == &x->obs)
				own = llr;
		}
		free(look.look);
		if (x->obs.type == VG_ROW_GATE && who != NULL &&
		    x->obs.person != NULL && strcmp(who, x->obs.person) != 0)
			own = -INFINITY;	/* another's card */
		if (isnan(own) || 2 * exp(own > 700 ? 700 : own) > sum)
			continue;
		/* out: the hop after it now from the hop before, past it */
		nx->transit += x->transit;
		nx->lmin += x->lmin;
		nx->lmax += x->lmax;
		nx->skipped += x->skipped + 1;
		hop_free(x);
		memmove(x, x + 1, (p->nhop - i - 1) * sizeof(*x));
		p->nhop--;
		if (p->anchor > i)
			p->anchor--;
		i--;
	}
	/* at the path's ends, with no hop beyond to weigh it by, a gate
	 * event whose read names another than the path's person is not
	 * his either */
	while (p->nhop > 1 && end_other(s, p, p->nhop - 1)) {
		hop_free(&p->hop[p->nhop - 1]);
		p->nhop--;
	}
	while (p->nhop > 1 && end_other(s, p, 0)) {
		hop_free(&p->hop[0]);
		memmove(&p->hop[0], &p->hop[1], (p->nhop - 1) *
		    sizeof(*p->hop));
		p->nhop--;
		p->anchor--;
		p->hop[0].transit = NAN;
	}
	return 0;
}

void
vg_path_free(struct vg_path *p, size_t n)
{
	size_t	i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < p[i].nhop; j++)
			hop_free(&p[i].hop[j]);
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
 * The first k leaves (best first) whose paths differ: a leaf that is a
 * prefix of a path kept is no alternative to it.  Moves them to the
 * front; the others stay behind them, to be freed.
 */
static size_t
distinct(struct hyp *h, size_t n, size_t k)
{
	const struct node	*x;
	struct hyp		 t;
	size_t			 i, j, kept = 0;

	for (i = 0; i < n && kept < k; i++) {
		for (j = 0; j < kept; j++) {
			for (x = h[j].best; x != NULL && x != h[i].best;
			    x = x->prev)
				;
			if (x != NULL)
				break;
		}
		if (j < kept)
			continue;
		t = h[kept], h[kept] = h[i], h[i] = t;
		kept++;
	}
	return kept;
}

/*
 * How far a camera's clock may be off when no correction is recorded for
 * it (with the chance CLOCKS): up to CLOCKSPAN, or as far as the
 * corrections recorded go, each by its part that is not a whole number
 * of hours.  A clock left on another zone or on summer time is off by
 * whole hours, and vigil-skew estimates it to a second or so either
 * side (-3599.1 s for an hour): that says nothing of how far the other
 * clocks drift, and taken whole it let every camera with no correction
 * be doubted by 75 minutes, a stranger's passage then fitting where his
 * own did (bench/README.md, "apply23").
 */
static void
site_clocks(struct search *s)
{
	const struct vg_graph	*g = s->g;
	size_t			 i;
	int64_t			 far = CLOCKSPAN, r;

	for (i = 0; i < g->ndev; i++) {
		if (!g->dev[i].corrected)
			continue;
		r = llabs(g->dev[i].offset) % (3600 * US);
		if (r > 1800 * US)
			r = 3600 * US - r;
		if (r * 5 / 4 > far)
			far = r * 5 / 4;
	}
	s->span = far;
}

/* The leaves of one way from the anchor, searched without what before
 * holds (the other way's best path). */
static int
one_way(struct search *s, struct node *root, int dir,
    const struct node *before, struct hyp **out, size_t *nout)
{
	int	rc;

	s->dir = dir;
	s->before = before;
	s->limit = dir < 0 ? s->anchor->first - s->o->window :
	    s->anchor->last + s->o->window;
	s->taken = 0;
	make_reach(s);
	rc = search_dir(s, root, out, nout);
	free_reach(s);
	return rc;
}

static void
free_leaves(struct hyp *h, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		node_unref(h[i].last);
	free(h);
}

static struct node *root_from(const struct search *, const struct cand *,
    const struct node *, int);

/*
 * The way dir searched again from root, not taking the hops of before;
 * *out replaced where it finds more than the anchor.
 */
static int
retry(struct search *s, struct node *root, int dir,
    const struct node *before, struct hyp **out, size_t *nout)
{
	struct hyp	*h = NULL;
	size_t		 nh = 0;

	if (one_way(s, root, dir, before, &h, &nh) == -1)
		return -1;
	if (nh > 0 && h[0].best->prev != NULL) {
		free_leaves(*out, *nout);
		*out = h;
		*nout = nh;
	} else
		free_leaves(h, nh);
	return 0;
}

/*
 * The way dir searched again from the anchor with the look of the other
 * way's best path through n (its core too going ahead), not taking n's
 * hops; *out replaced where it finds more than the anchor.
 */
static int
again(struct search *s, const struct cand *start, const struct node *n,
    int dir, struct hyp **out, size_t *nout)
{
	struct node	*r = root_from(s, start, n, dir > 0);
	int		 rc;

	rc = retry(s, r, dir, n, out, nout);
	node_unref(r);
	return rc;
}

/*
 * The way dir searched again with its first step by pairs (first_pair),
 * its root the anchor with what the other way's best (other) found of
 * him, not taking that path's hops; *out replaced where its path has
 * two hops or more, the first with more than half the leaves' weight
 * (struct node, mass), and its best sum is above floor: then 1.
 */
static int
by_pairs(struct search *s, const struct cand *start, struct node *root,
    int dir, const struct hyp *other, size_t nother, double floor,
    struct hyp **out, size_t *nout)
{
	struct hyp	*h = NULL;
	struct node	*r = root;
	const struct node *before = NULL, *x;
	size_t		 n = 0;
	int		 rc;

	if (nother > 0 && other[0].best->prev != NULL) {
		before = other[0].best;
		r = root_from(s, start, before, dir > 0);
	} else
		root->refs++;
	s->pairs = 1;
	rc = one_way(s, r, dir, before, &h, &n);
	s->pairs = 0;
	node_unref(r);
	if (rc == -1)
		return -1;
	/* its first hop more likely his than not, by the leaves, and the
	 * hop after it kept (a pair started it) */
	for (x = n > 0 ? h[0].best : NULL; x != NULL && x->prev != NULL &&
	    x->prev->prev != NULL; x = x->prev)
		;
	if (x != NULL && x->prev != NULL && x != h[0].best && x->mass > 0.5 &&
	    h[0].bestscore > floor) {
		free_leaves(*out, *nout);
		*out = h;
		*nout = n;
		return 1;
	}
	free_leaves(h, n);
	return 0;
}

/*
 * The anchor as the way back's root, with the look (the mean of the
 * vectors) and the colours of the path ahead through n: the way back is
 * judged against what the whole path shows of him, not the anchor's one
 * vector and colours alone (his passage into the place the anchor's
 * camera watches, minutes before, has a poor look against them as often
 * as a look-alike has a good one).  The core stays the anchor's until
 * hops back confirm it, as ahead: the path ahead may have taken another;
 * unless core is set and n's core stands for him (CORE sightings that two
 * cues confirmed); and where the path through n found the anchor a poor
 * draw of its own hops' look (anchor_poor), the anchor is no bar going
 * back either.
 */
static struct node *
root_from(const struct search *s, const struct cand *start,
    const struct node *n, int core)
{
	struct node	*r = node_new(s, NULL, start);
	const struct node *x;

	if (core && n->ncore >= CORE && n->core != NULL) {
		if (r->core == NULL)
			r->core = xcalloc(s->m->embdim, sizeof(*r->core));
		memcpy(r->core, n->core, s->m->embdim * sizeof(*r->core));
		r->ncore = n->ncore;
	}

	if (n->look != NULL) {
		if (r->look == NULL)
			r->look = xcalloc(s->m->embdim, sizeof(*r->look));
		memcpy(r->look, n->look, s->m->embdim * sizeof(*r->look));
		r->nlook = n->nlook;
	}
	memcpy(r->upper, n->upper, sizeof(r->upper));
	memcpy(r->lower, n->lower, sizeof(r->lower));
	for (x = n; x != NULL && !r->rpoor; x = x->prev)
		r->rpoor = x->apoor || x->rpoor;
	return r;
}

/*
 * Whether h's best path has a weak first hop: one less likely his than
 * not, that the hops after it do not make up for (its best sum under the
 * first hop's deficit).  A first hop of his the anchor's poor draw held
 * under 0 is made up for by his hops after it, as they are held to the
 * path's look; a stranger's, taken where his own was held under
 * stopping, is seldom (bench/README.md, track18).
 */
/*
 * Whether the path h ends while its look is still held to the anchor's
 * one vector (its core the anchor alone, core_of()): a poor draw of it
 * holds the hops after the first under stopping as it would the first.
 */
static int
held_end(const struct search *s, const struct hyp *h)
{
	return h->best->prev != NULL && h->best->look != NULL &&
	    s->anchor->emb != NULL &&
	    core_of(s, h->best, s->m->embdim) == s->anchor->emb;
}

static int
weak_first(const struct hyp *h)
{
	const struct node	*x = h->best;

	if (x->prev == NULL)
		return 0;
	while (x->prev->prev != NULL)
		x = x->prev;
	return x->c.llr <= 0 && h->bestscore < -x->c.llr;
}

/* Whether two chains from the anchor share a hop past it. */
static int
share_hop(const struct node *a, const struct node *b)
{
	for (; a != NULL && a->prev != NULL; a = a->prev)
		if (in_chain(b, &a->c.obs))
			return 1;
	return 0;
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
	struct vg_model	 own;
	struct cand	 start;
	struct hyp	*back = NULL, *fwd = NULL;
	size_t		 nback = 0, nfwd = 0, kb, kf, i, j, n, want;
	struct node	*root, *rootb = NULL;
	int		 rc = -1, held;

	*paths = NULL;
	*npaths = 0;
	memset(&s, 0, sizeof(s));
	s.ar = ar;
	s.g = g;
	s.o = o;
	s.err = err;
	s.anchor_t = anchor->first;
	s.vehicle = anchor->vehicle;
	s.anchor = anchor;
	s.bar = -BRIDGE;
	s.least = -INFINITY;
	s.lean = o->nconfirm == 0 && o->nreject == 0;
	if (s.vehicle) {
		s.vdev = xcalloc(g->ndev, sizeof(*s.vdev));
		if (vg_ar_vehicle_devices(ar, g, s.vdev, err) == -1) {
			free(s.vdev);
			return -1;
		}
		s.vdev[anchor->dev] = 1;
	}
	if ((s.m = o->model) == NULL) {
		if (vg_model_get(ar, g, &own, err) == -1) {
			free(s.vdev);
			return -1;
		}
		s.m = &own;
	}
	s.colsame = vg_model_colour(s.m, 1, 1);
	s.coldiff = vg_model_colour(s.m, 1, 2);
	s.sexdiff = vg_model_attr(s.m, "gender", 1);
	s.vbound = 1;
	s.qroom = 0.5 + 1e-4 + (double)s.m->embdim * 127 * 6e-8;
	for (i = 0; i < VG_MODEL_ABINS; i++) {
		if (s.m->llr[i] > s.amax)
			s.amax = s.m->llr[i];
		if (!isfinite(s.m->llr[i]))
			s.vbound = 0;
	}
	if (s.vbound)
		upto_most(&s);
	/* one read of the archive for the whole search: its thousands of
	 * windows and looks neither take the file's locks each nor ask each
	 * whether it changed */
	held = vg_ar_hold(ar, 1, err) == 0;
	s.wc = xcalloc(g->ndev, sizeof(*s.wc));
	site_clocks(&s);
	memset(&start, 0, sizeof(start));
	start.obs = *anchor;
	root = node_new(&s, NULL, &start);
	root->mass = 1;
	root->omass = 1;
	if (!held)
		goto out;

	/* ahead first: the way back is then judged by the path's look */
	if (o->forward && (rc = one_way(&s, root, 1, NULL, &fwd, &nfwd)) ==
	    -1)
		goto out;
	rootb = nfwd > 0 ? root_from(&s, &start, fwd[0].best, 0) : root;
	if (rootb == root)
		root->refs++;
	/* what the way ahead took is not taken back too (clock noise lets
	 * a passage just after the anchor fit either way) */
	if (o->backward && (rc = one_way(&s, rootb, -1, nfwd > 0 ?
	    fwd[0].best : NULL, &back, &nback)) == -1)
		goto out;
	/*
	 * Nothing back from the path ahead's look: the way back searched
	 * again from the anchor's own, as --backward alone does (his look
	 * before the anchor may be nearer the anchor's draw than the mean
	 * of his later sightings).
	 */
	if (o->backward && rootb != root && nback > 0 &&
	    back[0].best->prev == NULL && (rc = retry(&s, root, -1,
	    fwd[0].best, &back, &nback)) == -1)
		goto out;
	if (o->backward && nfwd > 0 && s.taken > 0) {
		struct hyp	*b2 = NULL, *f2 = NULL;
		size_t		 nb2 = 0, nf2 = 0;

		/*
		 * A passage both ways would take (his own, before the anchor,
		 * on a camera whose clock is left wrong, looks like one just
		 * after it) goes to the way whose paths score higher
		 * together.
		 */
		if ((rc = one_way(&s, rootb, -1, NULL, &b2, &nb2)) == -1)
			goto out;
		if (nb2 > 0 && share_hop(b2[0].best, fwd[0].best) &&
		    (rc = one_way(&s, root, 1, b2[0].best, &f2, &nf2)) ==
		    -1) {
			free_leaves(b2, nb2);
			goto out;
		}
		if (nf2 > 0 && b2[0].bestscore + f2[0].bestscore >
		    fwd[0].bestscore + (nback > 0 ? back[0].bestscore : 0)) {
			free_leaves(back, nback);
			free_leaves(fwd, nfwd);
			back = b2, nback = nb2;
			fwd = f2, nfwd = nf2;
		} else {
			free_leaves(b2, nb2);
			free_leaves(f2, nf2);
		}
	}
	if (o->forward && o->backward && nback > 0 &&
	    back[0].best->prev != NULL && (nfwd == 0 ||
	    fwd[0].best->prev == NULL)) {
		/*
		 * Nothing ahead, something back: the way ahead searched again
		 * from what the way back found of him, his look, colours and
		 * core, not the anchor's one vector (a poor draw of it held
		 * every first hop ahead under stopping).
		 */
		if ((rc = again(&s, &start, back[0].best, 1, &fwd,
		    &nfwd)) == -1)
			goto out;
	}
	/*
	 * Nothing found ahead, whatever its root: the anchor may be a poor
	 * draw of his look.  The way ahead searched again with its first
	 * step by pairs (first_pair), from what the way back found of him.
	 */
	if (o->forward && !o->greedy && (nfwd == 0 ||
	    fwd[0].best->prev == NULL)) {
		if ((rc = by_pairs(&s, &start, root, 1, back, nback,
		    -INFINITY, &fwd, &nfwd)) == -1)
			goto out;
	} else if (o->forward && !o->greedy && (weak_first(&fwd[0]) ||
	    held_end(&s, &fwd[0]))) {
		/*
		 * Or a path ahead whose first hop is less likely his than
		 * not and the hops after it hardly make up for it: a poor
		 * draw lets a stranger's path through as readily as his.
		 * Or one that ends while its look is still the anchor's
		 * (held_end): a poor draw holds his hops after the first
		 * under stopping.  Searched by pairs as where nothing is
		 * found, the path with the higher sum kept.
		 */
		if ((rc = by_pairs(&s, &start, root, 1, back, nback,
		    fwd[0].bestscore, &fwd, &nfwd)) == -1)
			goto out;
	}
	if (rc == 1 && o->backward && (nback == 0 ||
	    back[0].best->prev == NULL)) {
		/* and the way back, nothing found from the anchor, searched
		 * again from the path ahead's look, as it is whenever the
		 * way ahead finds him (a pair going back is not tried: two
		 * strangers before the anchor agree as well) */
		if ((rc = again(&s, &start, fwd[0].best, -1, &back,
		    &nback)) == -1)
			goto out;
	}
	rc = 0;
	/* every pairing of the best few each way, best total first */
	want = o->hypotheses > 0 ? (size_t)o->hypotheses : 1;
	kb = distinct(back, nback, want);
	kf = distinct(fwd, nfwd, want);
	{
		size_t	 nb = kb ? kb : 1, nf = kf ? kf : 1;
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
				sc[m] = (kb ? back[a].bestscore : 0) +
				    (kf ? fwd[b].bestscore : 0);
			}
		*paths = xcalloc(want, sizeof(**paths));
		for (n = 0; n < want && n < m; n++) {
			for (c = n, a = n + 1; a < m; a++)
				if (sc[a] > sc[c])
					c = a;
			i = pi[c], pi[c] = pi[n], pi[n] = i;
			j = pj[c], pj[c] = pj[n], pj[n] = j;
			{ double t = sc[c]; sc[c] = sc[n]; sc[n] = t; }
			make_path(&(*paths)[n], kb ? &back[pi[n]] : NULL,
			    kf ? &fwd[pj[n]] : NULL, anchor);
			if ((!o->greedy && (prune(&s, &(*paths)[n]) == -1 ||
			    fill(&s, &(*paths)[n]) == -1)) ||
			    whole(&s, &(*paths)[n]) == -1) {
				free(pi);
				free(pj);
				free(sc);
				vg_path_free(*paths, n + 1);
				*paths = NULL;
				rc = -1;
				goto out;
			}
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
	node_unref(rootb);
	node_unref(root);
	free(s.cands);
	free(s.bs.job);
	free(s.bs.pool);
	free(s.bs.whose);
	free(s.bs.order);
	free(s.bs.surv);
	free(s.bs.fx);
	for (i = 0; i < s.nlooks; i++) {
		free(s.looks[i].who);
		free(s.looks[i].v);
		free(s.looks[i].qs);
	}
	free(s.looks);
	vg_strtab_free(&s.lookid);
	free(s.vdev);
	for (i = 0; i < g->ndev; i++)
		free(s.wc[i].blk);
	free(s.wc);
	for (i = 0; i < s.nlvs; i++) {
		for (j = 0; j < s.lvs[i].lv.nseg; j++)
			free(s.lvs[i].sex[j]);
		free(s.lvs[i].sex);
		free(s.lvs[i].sorted);
		free(s.lvs[i].idseg);
		free(s.lvs[i].idlo);
		free(s.lvs[i].cseg);
		free(s.lvs[i].seg);
		vg_lookvec_close(&s.lvs[i].lv);
	}
	free(s.lvs);
	free(s.lvbuf);
	free(s.lookfx.v);
	free(s.corefx.v);
	for (i = 0; i < s.nns; i++) {
		free(s.ns[i].who);
		free(s.ns[i].id);
	}
	free(s.ns);
	arena_free(&s.arena);
	if (held && vg_ar_hold(ar, 0, rc == 0 ? err : NULL) == -1) {
		vg_path_free(*paths, *npaths);
		*paths = NULL;
		*npaths = 0;
		rc = -1;
	}
	if (s.m == &own)
		vg_model_free(&own);
	return rc;
}
