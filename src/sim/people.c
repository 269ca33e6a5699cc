/* people.c: the people of the campus, their day, and the planted incidents */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "vigil-int.h"

#define US	1000000LL	/* microseconds a second */
#define MIN	(60 * US)	/* a minute */
#define HOUR	(3600 * US)	/* an hour */

/* Colours by how often people wear them (indexes into vg_colour_names). */
static const int colour_pick[] = {
	1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 8, 8, 8, 8, 4, 6, 7, 9, 10, 11, 5
};

struct day {
	struct sim_world *w;		/* the world */
	int		*nodes;		/* scratch route */
	float		*at;		/* distances along it */
	int		*canteen;	/* nearest canteen, by place */
	int		*shop;		/* nearest shop, by place */
	int		*byplace[PK_N];	/* places of each kind */
	int		 nby[PK_N];	/* how many */
};

static size_t
add_pass(struct sim_world *w, int64_t t, int64_t dwell, int person,
    int device, int dir, int flags)
{
	struct sim_pass	*p;

	if (w->npass == w->passcap) {
		w->passcap = w->passcap ? 2 * w->passcap : 4096;
		w->pass = xreallocarray(w->pass, w->passcap, sizeof(*w->pass));
	}
	p = &w->pass[w->npass];
	p->t = t;
	p->dwell = dwell;
	p->person = person;
	p->device = (int16_t)device;
	p->dir = (int8_t)dir;
	p->flags = (uint8_t)flags;
	p->other = -1;
	return w->npass++;
}

/*
 * The ring on one side of the gate at nodes[i], from the first node that
 * is not a device; a building counts as inside everything.
 */
static int
side(const struct sim_world *w, const int *nodes, int n, int i, int step)
{
	int	k;

	for (k = i + step; k >= 0 && k < n; k += step) {
		if (w->nodes[nodes[k]].place != -1)
			return 6;
		if (w->nodes[nodes[k]].device == -1)
			return w->nodes[nodes[k]].ring;
	}
	return w->nodes[nodes[i]].ring;
}

/*
 * A walker's speed, m/s: about 1.3, spread by speed_sd, kept to 0.9-1.8;
 * or, with the dial pace-even, such that a hop takes a multiple of its
 * link's minimum drawn evenly from the dial walk's lo to hi.
 */
static double
walker_speed(struct sim_world *w)
{
	double	s;

	if (w->p.dial.pace_even != 0 && w->p.dial.walk_lo != 0)
		return w->p.vmin / (w->p.dial.walk_lo + (w->p.dial.walk_hi -
		    w->p.dial.walk_lo) * rng_unit(&w->rng));
	s = 1.3 + w->p.speed_sd * rng_normal(&w->rng);
	return s < 0.9 ? 0.9 : s > 1.8 ? 1.8 : s;
}

/*
 * Walk (or run) along n nodes with the distances at, leaving at t.  Every
 * device on the way records a passage.  Returns the time of arrival; the
 * passages made are from *first to w->npass.
 */
static int64_t
walk(struct day *d, int person, const int *nodes, const float *at, int n,
    int64_t t, double speed, int flags, size_t *first)
{
	struct sim_world	*w = d->w;
	int			 i, dev, before, after, dir, hop;
	int64_t			 when, dwell;
	double			 pace = speed, s, gone = 0;

	if (first != NULL)
		*first = w->npass;
	if (n == 0)
		return t;
	hop = w->p.dial.hop != 0 && (flags & (PASS_RUN | PASS_VEHICLE)) == 0;
	for (i = 0; i < n; i++) {
		if (hop && i > 0)
			gone += (at[i] - at[i - 1]) / pace;
		if ((dev = w->nodes[nodes[i]].device) == -1)
			continue;
		when = t + (int64_t)((hop ? gone : at[i] / speed) * US);
		if (hop) {
			/* the next stretch at a pace partly drawn afresh */
			s = walker_speed(w);
			pace = (1 - w->p.dial.hop) * speed + w->p.dial.hop * s;
		}
		if (w->devices[dev].type == VG_GATE) {
			before = side(w, nodes, n, i, -1);
			after = side(w, nodes, n, i, 1);
			dir = after > before ? VG_DIR_IN : after < before ?
			    VG_DIR_OUT : VG_DIR_UNKNOWN;
			add_pass(w, when, 0, person, dev, dir, flags);
		} else {
			/* some 12 m of walkway in view (the dial view) */
			dwell = (int64_t)((w->devices[dev].view +
			    w->devices[dev].view / 4 * rng_normal(&w->rng)) /
			    speed * US);
			if (dwell < US)
				dwell = US;
			/* one side in view: the higher-numbered node's */
			dir = w->devices[dev].side && i > 0 && i + 1 < n &&
			    nodes[i - 1] > nodes[i + 1];
			add_pass(w, when, dwell, person, dev, dir, flags);
		}
	}
	return t + (int64_t)((hop ? gone : at[n - 1] / speed) * US);
}

/* From place a to place b by the shortest way. */
static int64_t
trip_direct(struct day *d, int person, int a, int b, int64_t t, double speed,
    int flags, size_t *first)
{
	int	n;

	n = a == b ? 0 : sim_route(d->w, d->w->places[a].node, b, &d->nodes,
	    &d->at);
	return walk(d, person, d->nodes, d->at, n, t, speed, flags, first);
}

/*
 * The dial suspect-loop: into the route of n nodes, at the suspect_loop_at-th
 * camera after the first device (the anchor), a loop: from that camera to
 * a neighbour drawn at random, never the node just left (nor, at first,
 * either way along his route) unless there is no other, on until
 * suspect_loop devices are passed, then the shortest way back to the
 * camera, where the route goes on.  Past node n1 - 1 (the second leg of
 * trip_via) the loop's metres count f times, as that leg's do.  From a
 * stream of chance of its own.
 */
static void
route_loop(struct sim_world *w, int **nodes, float **at, int *n, int n1,
    double f)
{
	struct rng	 r;
	int		*ln = NULL, *bn = NULL, *nn, i, j = -1, dev0 = -1, cams = 0;
	int		 m, nb, u, from, ahead, e, k, others, seen, cap, steps;
	float		*la = NULL, *ba = NULL, *na, total = 0, loop;

	for (i = 0; i < *n && j == -1; i++) {
		if (w->nodes[(*nodes)[i]].device == -1)
			continue;
		if (dev0 == -1)
			dev0 = i;
		else if (w->devices[w->nodes[(*nodes)[i]].device].type !=
		    VG_GATE && ++cams == (int)w->p.dial.suspect_loop_at)
			j = i;
	}
	if (j == -1)
		return;
	if (j < n1 - 1)
		f = 1;
	rng_seed(&r, w->p.seed ^ 0x6c6f6f70ULL);
	cap = 40 * (int)w->p.dial.suspect_loop + 100;
	ln = xcalloc((size_t)cap + 1, sizeof(*ln));
	la = xcalloc((size_t)cap + 1, sizeof(*la));
	u = ln[0] = (*nodes)[j];
	from = j > 0 ? (*nodes)[j - 1] : -1;
	ahead = j + 1 < *n ? (*nodes)[j + 1] : -1;
	for (m = 1, seen = 0, steps = 0; m <= cap &&
	    seen < (int)w->p.dial.suspect_loop; m++, steps++) {
		others = 0;
		for (e = w->adj0[u]; e < w->adj0[u + 1]; e++)
			others += w->adjto[e] != from && (steps > 0 ||
			    w->adjto[e] != ahead) &&
			    !w->nodes[w->adjto[e]].vehicle;
		if (others == 0) {
			/* a dead end: straight back */
			for (e = w->adj0[u]; e < w->adj0[u + 1] &&
			    w->adjto[e] != from; e++)
				;
			if (e == w->adj0[u + 1])
				break;
		} else {
			k = rng_int(&r, others);
			for (e = w->adj0[u]; ; e++)
				if (w->adjto[e] != from && (steps > 0 ||
				    w->adjto[e] != ahead) &&
				    !w->nodes[w->adjto[e]].vehicle && k-- == 0)
					break;
		}
		total += w->adjlen[e];
		from = u;
		u = ln[m] = w->adjto[e];
		la[m] = total;
		seen += w->nodes[u].device != -1;
	}
	/* back by the shortest way, unless the walk ended there */
	nb = m < 2 ? 0 : u == (*nodes)[j] ? 1 : sim_route_node(w, u,
	    (*nodes)[j], &bn, &ba);
	if (nb < 1 || (nb == 1 && u != (*nodes)[j])) {
		free(ln);
		free(la);
		free(bn);
		free(ba);
		return;
	}
	/* nodes[0..j], the loop out ln[1..m-1], back bn[1..nb-1], the rest */
	loop = total + (nb > 1 ? ba[nb - 1] : 0);
	nn = xcalloc((size_t)(*n + m - 1 + nb - 1), sizeof(*nn));
	na = xcalloc((size_t)(*n + m - 1 + nb - 1), sizeof(*na));
	k = 0;
	for (i = 0; i <= j; i++, k++) {
		nn[k] = (*nodes)[i];
		na[k] = (*at)[i];
	}
	for (i = 1; i < m; i++, k++) {
		nn[k] = ln[i];
		na[k] = (*at)[j] + (float)f * la[i];
	}
	for (i = 1; i < nb; i++, k++) {
		nn[k] = bn[i];
		na[k] = (*at)[j] + (float)f * (total + ba[i]);
	}
	for (i = j + 1; i < *n; i++, k++) {
		nn[k] = (*nodes)[i];
		na[k] = (*at)[i] + (float)f * loop;
	}
	free(*nodes);
	free(*at);
	*nodes = nn;
	*at = na;
	*n = k;
	free(ln);
	free(la);
	free(bn);
	free(ba);
}

/*
 * From place a to place b through node via, at speed, then at speed2;
 * with loop, the dial suspect-loop's loop on the way.
 */
static int64_t
trip_via(struct day *d, int person, int a, int via, int b, int64_t t,
    double speed, double speed2, int flags, int loop, size_t *first)
{
	int	*nodes = NULL, n1, n2, n, i;
	float	*at = NULL, total;

	/* a's tree leads from via back to a: turn that walk round */
	n1 = sim_route(d->w, via, a, &nodes, &at);
	n2 = sim_route(d->w, via, b, &d->nodes, &d->at);
	if (n1 == 0 || n2 == 0) {
		free(nodes);
		free(at);
		return trip_direct(d, person, a, b, t, speed, flags, first);
	}
	nodes = xreallocarray(nodes, (size_t)(n1 + n2), sizeof(*nodes));
	at = xreallocarray(at, (size_t)(n1 + n2), sizeof(*at));
	total = at[n1 - 1];
	for (i = 0; i < n1 / 2; i++) {
		int	tn = nodes[i];
		float	ta = at[i];

		nodes[i] = nodes[n1 - 1 - i];
		at[i] = at[n1 - 1 - i];
		nodes[n1 - 1 - i] = tn;
		at[n1 - 1 - i] = ta;
	}
	for (i = 0; i < n1; i++)
		at[i] = total - at[i];
	/* the second leg's distances, stretched to its pace */
	for (i = 1; i < n2; i++) {
		nodes[n1 + i - 1] = d->nodes[i];
		at[n1 + i - 1] = total + d->at[i] * (float)(speed / speed2);
	}
	n = n1 + n2 - 1;
	if (loop && d->w->p.dial.suspect_loop != 0)
		route_loop(d->w, &nodes, &at, &n, n1, speed / speed2);
	t = walk(d, person, nodes, at, n, t, speed, flags, first);
	free(nodes);
	free(at);
	return t;
}

/*
 * From place a to place b wandering first: from a's node to a neighbour
 * drawn at random, never the one just left unless there is no other, for
 * one to three times as many steps as the shortest way has nodes, then
 * the shortest way from there to b.
 */
static int64_t
trip_wander(struct day *d, int person, int a, int b, int64_t t, double speed,
    int flags, size_t *first)
{
	struct sim_world	*w = d->w;
	int			*nodes = NULL, n, m, steps, u, from = -1, k, e;
	int			 others;
	float			*at = NULL, total = 0;

	n = sim_route(w, w->places[a].node, b, &d->nodes, &d->at);
	if (n == 0)
		return trip_direct(d, person, a, b, t, speed, flags, first);
	steps = n + rng_int(&w->rng, 2 * n + 1);
	nodes = xcalloc((size_t)steps + 1, sizeof(*nodes));
	at = xcalloc((size_t)steps + 1, sizeof(*at));
	u = nodes[0] = w->places[a].node;
	for (m = 1; m <= steps; m++) {
		others = 0;
		for (e = w->adj0[u]; e < w->adj0[u + 1]; e++)
			others += w->adjto[e] != from;
		if (w->adj0[u + 1] == w->adj0[u])
			break;
		k = rng_int(&w->rng, others > 0 ? others : w->adj0[u + 1] -
		    w->adj0[u]);
		for (e = w->adj0[u]; others > 0 && (w->adjto[e] == from ||
		    k-- > 0); e++)
			;
		if (others == 0)
			e = w->adj0[u] + k;
		total += w->adjlen[e];
		from = u;
		u = nodes[m] = w->adjto[e];
		at[m] = total;
	}
	n = sim_route(w, u, b, &d->nodes, &d->at);
	nodes = xreallocarray(nodes, (size_t)(m + n), sizeof(*nodes));
	at = xreallocarray(at, (size_t)(m + n), sizeof(*at));
	for (k = 1; k < n; k++) {
		nodes[m + k - 1] = d->nodes[k];
		at[m + k - 1] = total + d->at[k];
	}
	t = walk(d, person, nodes, at, m + (n > 0 ? n - 1 : 0), t, speed,
	    flags, first);
	free(nodes);
	free(at);
	return t;
}

/*
 * From place a to place b: by the shortest way, or, with the dial oneway,
 * the way back (a after b in the plan) round by a crossing drawn at random,
 * or, with the dial wander, wandering first.
 */
static int64_t
trip(struct day *d, int person, int a, int b, int64_t t, double speed,
    int flags, size_t *first)
{
	if (d->w->p.dial.oneway > 0 && a > b && d->w->nnodes > 0 &&
	    rng_unit(&d->w->rng) < d->w->p.dial.oneway)
		return trip_via(d, person, a, rng_int(&d->w->rng,
		    d->w->nnodes), b, t, speed, speed, flags, 0, first);
	if (d->w->p.dial.wander > 0 && d->w->nnodes > 0 &&
	    rng_unit(&d->w->rng) < d->w->p.dial.wander)
		return trip_wander(d, person, a, b, t, speed, flags, first);
	return trip_direct(d, person, a, b, t, speed, flags, first);
}

/* Time of day, local hours, as an instant. */
static int64_t
clock_at(const struct sim_world *w, double hours)
{
	return w->p.midnight + (int64_t)(hours * HOUR);
}

static int64_t
jitter(struct sim_world *w, double minutes)
{
	return (int64_t)(rng_normal(&w->rng) * minutes * MIN);
}

/*
 * A stay at a place between two trips: about minutes, sd apart, but never
 * under a minute, so that the next trip leaves after the last arrived
 * (an evening's 30 minutes, 10 apart, were less than nothing for one
 * resident in some 740: he left the canteen before he reached it, and
 * the gates read him on both ways at once).
 */
static int64_t
stay(struct sim_world *w, double minutes, double sd)
{
	int64_t	d = (int64_t)(minutes * MIN) + jitter(w, sd);

	return d < MIN ? MIN : d;
}

/* The place of kind k nearest to place from. */
static int
nearest(struct day *d, enum sim_kind k, int from)
{
	struct sim_world	*w = d->w;
	int			 i, best = -1;
	float			 bd = INFINITY, dd;

	for (i = 0; i < d->nby[k]; i++) {
		dd = w->pdist[(size_t)d->byplace[k][i] * (size_t)w->nnodes +
		    (size_t)w->places[from].node];
		if (dd < bd) {
			bd = dd;
			best = d->byplace[k][i];
		}
	}
	return best;
}

static void
make_roster(struct day *d)
{
	struct sim_world	*w = d->w;
	struct sim_person	*p;
	int			 i, nwork;
	int			*work;

	nwork = d->nby[PK_WORKSHOP] + d->nby[PK_OFFICE];
	work = xcalloc((size_t)nwork, sizeof(*work));
	memcpy(work, d->byplace[PK_WORKSHOP], (size_t)d->nby[PK_WORKSHOP] *
	    sizeof(*work));
	/* a small site may have no office (byplace NULL then) */
	if (d->nby[PK_OFFICE] > 0)
		memcpy(work + d->nby[PK_WORKSHOP], d->byplace[PK_OFFICE],
		    (size_t)d->nby[PK_OFFICE] * sizeof(*work));
	w->people = xcalloc((size_t)w->npeople, sizeof(*w->people));
	for (i = 0; i < w->npeople; i++) {
		p = &w->people[i];
		p->home = i < w->p.residents ? d->byplace[PK_DORMITORY]
		    [rng_int(&w->rng, d->nby[PK_DORMITORY])] : -1;
		p->work = work[rng_int(&w->rng, nwork)];
		p->entry = d->byplace[PK_ENTRY][rng_int(&w->rng,
		    d->nby[PK_ENTRY])];
		p->night = rng_unit(&w->rng) < 0.35;
		p->upper = colour_pick[rng_int(&w->rng, (int)(sizeof(
		    colour_pick) / sizeof(colour_pick[0])))];
		p->lower = colour_pick[rng_int(&w->rng, (int)(sizeof(
		    colour_pick) / sizeof(colour_pick[0])))];
		p->female = rng_unit(&w->rng) < 0.4;
		p->car = p->home == -1 && rng_unit(&w->rng) < 0.03;
		p->speed = walker_speed(w);
		p->card = 10000000u + (uint32_t)i * 7u +
		    (uint32_t)rng_int(&w->rng, 7);
	}
	free(work);
}

/*
 * One person's day: the shift, meals, home.  Night workers start the day
 * at work and go home in the morning.  Times vary around the shift
 * changes, so hundreds share the walkways within minutes.
 */
static void
live_day(struct day *d, int i, int evening)
{
	struct sim_world	*w = d->w;
	struct sim_person	*p = &w->people[i];
	int			 home = p->home != -1 ? p->home : p->entry;
	int			 canteen, shop;
	double			 s = p->speed, on = p->night ? 20 : 8;
	int64_t			 t;

	canteen = nearest(d, PK_CANTEEN, p->home != -1 ? p->home : p->work);
	shop = nearest(d, PK_SHOP, home);
	if (p->night) {
		/* midnight meal, then home in the morning */
		t = clock_at(w, 0.0) + jitter(w, 4);
		t = trip(d, i, p->work, canteen, t, s, 0, NULL);
		trip(d, i, canteen, p->work, t + stay(w, 30, 5), s, 0,
		    NULL);
		t = clock_at(w, 8.0) + 3 * MIN + jitter(w, 4);
		trip(d, i, p->work, home, t, s, 0, NULL);
	}
	/* to work: residents eat first */
	t = clock_at(w, on - 1.0) + jitter(w, 8);
	if (p->home != -1) {
		t = trip(d, i, home, canteen, t, s, 0, NULL);
		t = trip(d, i, canteen, p->work, t + stay(w, 25, 5),
		    s, 0, NULL);
	} else
		trip(d, i, home, p->work, t + 20 * MIN, s, 0, NULL);
	if (!p->night) {
		/* lunch */
		t = clock_at(w, 12.0) + jitter(w, 4);
		t = trip(d, i, p->work, canteen, t, s, 0, NULL);
		trip(d, i, canteen, p->work, t + stay(w, 35, 5), s, 0,
		    NULL);
	}
	if (!p->night && evening) {
		/* home in the evening */
		t = clock_at(w, 20.0) + 3 * MIN + jitter(w, 4);
		if (p->home != -1) {
			t = trip(d, i, p->work, canteen, t, s, 0, NULL);
			t += stay(w, 30, 10);
			if (shop != -1 && rng_unit(&w->rng) < 0.3) {
				t = trip(d, i, canteen, shop, t, s, 0, NULL);
				t = trip(d, i, shop, home, t + stay(w, 10, 3),
				    s, 0, NULL);
			} else
				trip(d, i, canteen, home, t, s, 0, NULL);
		} else
			trip(d, i, p->work, home, t, s, 0, NULL);
	}
}

/* Drivers: in at a vehicle gate in the morning, out in the evening. */
static void
drive(struct day *d, int i)
{
	struct sim_world	*w = d->w;
	struct sim_person	*p = &w->people[i];
	int			 g, k, n = 0, gates[8];
	double			 on = p->night ? 19.6 : 7.6;

	for (g = 0; g < w->ndevices && n < 8; g++)
		if (w->devices[g].type == VG_GATE &&
		    w->devices[g].gkind == GK_VEHICLE)
			gates[n++] = g;
	if (n == 0)
		return;
	g = gates[rng_int(&w->rng, n)];
	for (k = 0; k < 2; k++) {
		int64_t t = clock_at(w, k == 0 ? on : on + 12.4) +
		    jitter(w, 6);

		add_pass(w, t, 0, i, g, k == 0 ? VG_DIR_IN : VG_DIR_OUT,
		    PASS_VEHICLE);
		add_pass(w, t + 2 * US, 2 * US, i, g + 1, 0, PASS_VEHICLE);
	}
}

static struct sim_incident *
incident(struct sim_world *w, const char *kind, int64_t t)
{
	struct sim_incident	*in;

	w->incidents = xreallocarray(w->incidents, (size_t)w->nincidents + 1,
	    sizeof(*w->incidents));
	in = &w->incidents[w->nincidents++];
	memset(in, 0, sizeof(*in));
	in->kind = kind;
	in->time = t;
	in->suspect = -1;
	in->victim = -1;
	in->anchor = (size_t)-1;
	return in;
}

static void
path_add(struct sim_incident *in, size_t from, size_t to)
{
	in->pass = xreallocarray(in->pass, in->npass + (to - from) + 1,
	    sizeof(*in->pass));
	while (from < to)
		in->pass[in->npass++] = from++;
}

/* The gate on the fence, with a face camera, farthest along the road. */
static int
far_face_gate(struct sim_world *w)
{
	const struct sim_node	*o;
	int			 g, best = -1;
	double			 bd = 0, dd;

	o = &w->nodes[w->devices[w->overpass_cam].node];
	for (g = 0; g < w->ndevices; g++) {
		const struct sim_device *dv = &w->devices[g];
		const struct sim_node *n = &w->nodes[dv->node];

		if (dv->type != VG_GATE || dv->gkind != GK_PEDESTRIAN ||
		    dv->ring != 2 || !(dv->creds & VG_CRED_FACE) ||
		    n->y < w->height - 1 || n->x < o->x)
			continue;
		dd = n->x - o->x;
		/* several road cameras away, but not the far end */
		if (dd > 2.5 * w->p.block && (best == -1 || dd < bd)) {
			best = g;
			bd = dd;
		}
	}
	return best;
}

/*
 * The dial run: from the anchor at passage a to the gate, each hop takes
 * its link's minimum times a multiple drawn from the dial's range, and
 * the walk home after the gate moves with it.
 */
static void
pace_run(struct sim_world *w, size_t a, int gate, int64_t was)
{
	struct rng	r;
	int64_t		dt;
	double		metres;
	size_t		k;
	int		running = 1;

	rng_seed(&r, w->p.seed ^ 0x72756eULL);
	for (k = a + 1; k < w->npass; k++) {
		/* the run was laid out at 4.5 m/s */
		dt = w->pass[k].t - was;
		was = w->pass[k].t;
		if (running) {
			metres = (double)dt / US * 4.5;
			dt = (int64_t)(metres / w->p.vmin * rng_range(&r,
			    w->p.dial.run_lo, w->p.dial.run_hi) * US);
		}
		if (w->pass[k].device == gate)
			running = 0;
		w->pass[k].t = w->pass[k - 1].t + dt;
	}
}

/*
 * The overpass case: after his shift he walked out of the campus to the
 * west end of the road and on to the overpass, assaulted a woman there
 * at the incident time, ran east along the perimeter road to a face gate
 * that named him, and walked home to his dormitory.
 */
static int
plant_overpass(struct day *d, int suspect, int victim, struct vg_error *err)
{
	struct sim_world	*w = d->w;
	struct sim_incident	*in;
	struct sim_person	*s = &w->people[suspect];
	int			 gate, ovp, entry;
	double			 stair, far;
	size_t			 a, k;
	int64_t			 t, was;

	ovp = d->byplace[PK_OVERPASS][0];
	if ((gate = far_face_gate(w)) == -1) {
		vg_error_set(err, "the site has no face gate east of the"
		    " overpass");
		return -1;
	}
	in = incident(w, "overpass-assault", w->p.incident);
	in->suspect = suspect;
	in->victim = victim;

	/* before: from work out to the west end of the road, then on */
	entry = d->byplace[PK_ENTRY][0];
	t = clock_at(w, 20.0) + 5 * MIN;
	trip(d, suspect, s->work, entry, t, s->speed, PASS_NOFAULT, &a);
	path_add(in, a, w->npass);
	trip(d, suspect, entry, ovp, w->p.incident - 12 * MIN, 1.25,
	    PASS_NOFAULT, &a);
	path_add(in, a, w->npass);
	/* the woman comes up the stair half a minute before */
	far = w->pdist[(size_t)ovp * (size_t)w->nnodes +
	    (size_t)w->places[entry].node];
	trip(d, victim, entry, ovp, w->p.incident - 30 * US -
	    (int64_t)(far / 1.3 * US), 1.3, PASS_NOFAULT, NULL);
	trip(d, victim, ovp, entry, w->p.incident - 2 * US, 1.6, PASS_NOFAULT,
	    NULL);
	/*
	 * He runs down the stair past its camera at the incident time (the
	 * anchor), east along the road to the face gate, and home from it.
	 */
	stair = w->nodes[w->devices[w->overpass_cam].node].y -
	    w->places[ovp].y;
	trip_via(d, suspect, ovp, w->devices[gate].node, s->home,
	    w->p.incident - (int64_t)(fabs(stair) / 4.5 * US), 4.5, s->speed,
	    PASS_NOFAULT | PASS_RUN, 1, &a);
	in->anchor = in->npass;
	path_add(in, a, w->npass);
	was = w->pass[in->pass[in->anchor]].t;
	w->pass[in->pass[in->anchor]].t = w->p.incident;
	if (w->p.dial.run_lo != 0)
		pace_run(w, a, gate, was);
	/* past the gate that named him, he walks */
	for (; a < w->npass && w->pass[a].device != gate; a++)
		;
	for (; a < w->npass; a++)
		w->pass[a].flags &= ~PASS_RUN;
	if (w->p.dial.incident_faults != 0)
		for (k = 0; k < in->npass; k++)
			if (k != in->anchor)
				w->pass[in->pass[k]].flags &= ~PASS_NOFAULT;
	xasprintf(&in->note, "\"place\":\"%s\",\"camera\":\"%s\","
	    "\"gate\":\"%s\"", w->places[ovp].id,
	    w->devices[w->overpass_cam].id, w->devices[gate].id);
	return 0;
}

/*
 * The planted anomalies: their times, gates and people vary with the
 * seed, from a chance of their own, so that the rest of the world stays
 * the same whatever is planted.
 */

/* A random gate of kind k (and ring ring, or any when 0), or -1. */
static int
pick_gate(struct sim_world *w, struct rng *r, enum sim_gatekind k, int ring,
    unsigned creds)
{
	int	g, n = 0, pick = -1;

	for (g = 0; g < w->ndevices; g++)
		if (w->devices[g].type == VG_GATE && w->devices[g].gkind == k &&
		    (ring == 0 || w->devices[g].ring == ring) &&
		    (w->devices[g].creds & creds) == creds &&
		    rng_int(r, ++n) == 0)
			pick = g;
	return pick;
}

/* A worker in the valuables store at night, badge and PIN. */
static void
plant_theft(struct day *d, struct rng *r)
{
	struct sim_world	*w = d->w;
	struct sim_incident	*in;
	int			 thief = w->p.residents + 1, store;
	size_t			 a;
	int64_t			 t;

	if (d->nby[PK_VALUABLES] == 0)
		return;
	store = d->byplace[PK_VALUABLES][rng_int(r, d->nby[PK_VALUABLES])];
	t = clock_at(w, rng_range(r, 1.0, 4.0));
	in = incident(w, "night-theft", t);
	in->suspect = thief;
	t = trip(d, thief, w->people[thief].work, store, t, 1.2, PASS_NOFAULT,
	    &a);
	path_add(in, a, w->npass);
	trip(d, thief, store, w->people[thief].work,
	    t + (int64_t)(rng_range(r, 8, 25) * MIN), 1.2, PASS_NOFAULT, &a);
	path_add(in, a, w->npass);
	xasprintf(&in->note, "\"place\":\"%s\"", w->places[store].id);
}

/* One badge read at two gates too far apart for the time between. */
static void
plant_clone(struct day *d, struct rng *r)
{
	struct sim_world	*w = d->w;
	struct sim_incident	*in;
	int			 owner = w->p.residents + 2, g1, g2 = -1;
	int			 g, secs = 40 + rng_int(r, 50);
	double			 far = 0, dd;
	int64_t			 t = clock_at(w, rng_range(r, 9.0, 17.0));
	size_t			 a;

	if ((g1 = pick_gate(w, r, GK_PEDESTRIAN, 0, 0)) == -1)
		return;
	for (g = 0; g < w->ndevices; g++)
		if (w->devices[g].type == VG_GATE &&
		    w->devices[g].gkind == GK_PEDESTRIAN) {
			dd = hypot(w->nodes[w->devices[g].node].x -
			    w->nodes[w->devices[g1].node].x,
			    w->nodes[w->devices[g].node].y -
			    w->nodes[w->devices[g1].node].y);
			if (dd > far) {
				far = dd;
				g2 = g;
			}
		}
	if (g2 == -1)
		return;
	in = incident(w, "cloned-badge", t);
	in->suspect = owner;
	a = add_pass(w, t, 0, owner, g1, VG_DIR_IN, PASS_NOFAULT | PASS_BADGE);
	/* someone else, with a copy of the same card, a minute later */
	add_pass(w, t + secs * US, 0, w->npeople - 1, g2, VG_DIR_IN,
	    PASS_NOFAULT | PASS_BADGE);
	w->pass[w->npass - 1].other = owner;
	path_add(in, a, w->npass);
	xasprintf(&in->note, "\"card\":\"%u\",\"metres\":%.0f,"
	    "\"seconds\":%d", w->people[owner].card, far, secs);
}

/* A car that came in through a vehicle gate early and never left. */
static void
plant_vehicle(struct day *d, struct rng *r)
{
	struct sim_world	*w = d->w;
	struct sim_incident	*in;
	int			 g, driver = w->p.residents + 3;
	int64_t			 t = clock_at(w, rng_range(r, 5.5, 8.5));
	size_t			 a;

	if ((g = pick_gate(w, r, GK_VEHICLE, 0, 0)) == -1)
		return;
	in = incident(w, "vehicle-never-left", t);
	in->suspect = driver;
	a = add_pass(w, t, 0, driver, g, VG_DIR_IN,
	    PASS_VEHICLE | PASS_NOFAULT);
	add_pass(w, t + 2 * US, 2 * US, driver, g + 1, 0,
	    PASS_VEHICLE | PASS_NOFAULT);
	path_add(in, a, w->npass);
}

/* A stranger following a worker through a living-area gate. */
static void
plant_tailgate(struct day *d, struct rng *r)
{
	struct sim_world	*w = d->w;
	struct sim_incident	*in;
	int			 g, worker = w->p.residents + 4;
	int			 stranger = w->npeople - 2;
	int64_t			 t = clock_at(w, rng_range(r, 19.0, 23.5));
	size_t			 a;

	if ((g = pick_gate(w, r, GK_PEDESTRIAN, 3, 0)) == -1)
		return;
	in = incident(w, "tailgating", t);
	in->suspect = stranger;
	a = add_pass(w, t, 0, worker, g, VG_DIR_IN, PASS_NOFAULT);
	add_pass(w, t + 1000000 + rng_int(r, 2000000), 0, stranger, g,
	    VG_DIR_IN, PASS_NOFAULT | PASS_TAILGATE);
	path_add(in, a, w->npass);
}

/* A badge handed back over the barrier: the same card in twice. */
static void
plant_passback(struct day *d, struct rng *r)
{
	struct sim_world	*w = d->w;
	struct sim_incident	*in;
	int			 g, owner = w->p.residents + 5;
	int			 friend = w->npeople - 3;
	int64_t			 t = clock_at(w, rng_range(r, 9.0, 17.0));
	size_t			 a;

	if ((g = pick_gate(w, r, GK_PEDESTRIAN, 2 + rng_int(r, 2),
	    VG_CRED_BADGE)) == -1 &&
	    (g = pick_gate(w, r, GK_PEDESTRIAN, 0, VG_CRED_BADGE)) == -1)
		return;
	in = incident(w, "passback", t);
	in->suspect = friend;
	a = add_pass(w, t, 0, owner, g, VG_DIR_IN, PASS_NOFAULT | PASS_BADGE);
	add_pass(w, t + (int64_t)(rng_range(r, 40, 240) * US), 0, friend, g,
	    VG_DIR_IN, PASS_NOFAULT | PASS_BADGE);
	w->pass[w->npass - 1].other = owner;
	path_add(in, a, w->npass);
	xasprintf(&in->note, "\"card\":\"%u\"", w->people[owner].card);
}

/*
 * A borrowed badge at a face gate: the reader names the one who stands
 * there and refuses him; the badge, another's, lets him through.
 */
static void
plant_face(struct day *d, struct rng *r)
{
	struct sim_world	*w = d->w;
	struct sim_incident	*in;
	int			 g, owner = w->p.residents + 6;
	int			 other = w->p.residents + 7;
	int64_t			 t = clock_at(w, rng_range(r, 8.0, 20.0));
	size_t			 a;

	if ((g = pick_gate(w, r, GK_PEDESTRIAN, 0, VG_CRED_FACE |
	    VG_CRED_BADGE)) == -1)
		return;
	in = incident(w, "face-mismatch", t);
	in->suspect = other;
	a = add_pass(w, t, 0, other, g, VG_DIR_IN,
	    PASS_NOFAULT | PASS_FACEDENIED);
	add_pass(w, t + 3 * US, 0, other, g, VG_DIR_IN,
	    PASS_NOFAULT | PASS_BADGE);
	w->pass[w->npass - 1].other = owner;
	path_add(in, a, w->npass);
	xasprintf(&in->note, "\"card\":\"%u\"", w->people[owner].card);
}

/* A card refused again and again at one gate: someone trying it. */
static void
plant_denied(struct day *d, struct rng *r)
{
	struct sim_world	*w = d->w;
	struct sim_incident	*in;
	int			 g, who = w->p.residents + 8, k, n;
	int64_t			 t = clock_at(w, rng_range(r, 6.0, 23.0));
	size_t			 a = 0, b;

	if ((g = pick_gate(w, r, GK_PEDESTRIAN, 0, VG_CRED_BADGE)) == -1)
		return;
	in = incident(w, "denied-burst", t);
	in->suspect = who;
	n = 3 + rng_int(r, 3);
	for (k = 0; k < n; k++) {
		b = add_pass(w, t, 0, who, g, VG_DIR_IN,
		    PASS_NOFAULT | PASS_BADGE | PASS_DENIED);
		if (k == 0)
			a = b;
		t += (int64_t)(rng_range(r, 8, 40) * US);
	}
	path_add(in, a, w->npass);
	xasprintf(&in->note, "\"card\":\"%u\",\"tries\":%d",
	    w->people[who].card, n);
}

/* Strangers walking the perimeter road, some trying a fence gate. */
static void
strangers(struct day *d, int first)
{
	struct sim_world	*w = d->w;
	int			 i, a, b;
	int64_t			 t;

	for (i = first; i < w->npeople - 2; i++) {
		a = d->byplace[PK_ENTRY][rng_int(&w->rng, d->nby[PK_ENTRY])];
		b = d->byplace[PK_ENTRY][rng_int(&w->rng, d->nby[PK_ENTRY])];
		if (a == b)
			b = d->byplace[PK_OVERPASS][0];
		t = clock_at(w, rng_range(&w->rng, 6, 22));
		if (rng_unit(&w->rng) < 0.3 && d->nby[PK_SHOP] > 0) {
			/* in through a fence gate, to a shop and out */
			b = d->byplace[PK_SHOP][rng_int(&w->rng,
			    d->nby[PK_SHOP])];
			t = trip(d, i, a, b, t, w->people[i].speed, 0, NULL);
			trip(d, i, b, a, t + 15 * MIN, w->people[i].speed, 0,
			    NULL);
		} else
			trip(d, i, a, b, t, w->people[i].speed, 0, NULL);
	}
}

/*
 * The dial crowd: the last people of the roster do nothing all day but
 * walk, in the ten minutes around the assault, between the road ends, the
 * overpass and the places within three blocks of it.
 */
static void
crowd(struct day *d, int first)
{
	struct sim_world	*w = d->w;
	const struct sim_place	*o = &w->places[d->byplace[PK_OVERPASS][0]];
	int			*near, nnear = 0, i, a, b;
	int64_t			 t;

	near = xcalloc((size_t)w->nplaces, sizeof(*near));
	for (i = 0; i < w->nplaces; i++)
		if (w->places[i].kind == PK_ENTRY ||
		    hypot(w->places[i].x - o->x, w->places[i].y - o->y) <
		    3 * w->p.block)
			near[nnear++] = i;
	for (i = first; i < w->p.people; i++) {
		a = near[rng_int(&w->rng, nnear)];
		do
			b = near[rng_int(&w->rng, nnear)];
		while (b == a);
		t = w->p.incident + (int64_t)(rng_range(&w->rng, -8, 4) * MIN);
		trip(d, i, a, b, t, w->people[i].speed, 0, NULL);
	}
	free(near);
}

/*
 * The later plants: the world's day is laid out and left as it is; their
 * people are chosen among those it made who fit, and their walks and
 * choices draw from a chance of their own (swapped in for the world's
 * and put back after), so that every other passage stays the same.
 */

/* Not one of the earlier incidents' people, nor the crowd. */
static int
plant_free(const struct sim_world *w, int i, int suspect)
{
	return i != suspect && (i < w->p.residents || i > w->p.residents + 8) &&
	    i < w->p.people - (int)w->p.dial.crowd;
}

/* Local hours of an instant, 0 to 24. */
static double
hours_of(const struct sim_world *w, int64_t t)
{
	return (double)(t - w->p.midnight) / (double)HOUR;
}

/*
 * A stranger close behind a worker through a gate with a camera just
 * inside: the worker's passage is one the day made; the gate reads him,
 * raises no alarm and logs nothing of the other; its camera sees two.
 */
static void
plant_follow(struct day *d, int stranger, int suspect)
{
	struct sim_world	*w = d->w;
	struct sim_incident	*in;
	const struct sim_pass	*p;
	size_t			 k, pick = (size_t)-1, cam = (size_t)-1, a;
	int64_t			 gap;
	double			 h;
	int			 n = 0, g;

	for (k = 0; k < w->plant0; k++) {
		p = &w->pass[k];
		g = p->device;
		if (w->devices[g].type != VG_GATE ||
		    w->devices[g].gkind != GK_PEDESTRIAN ||
		    w->devices[g].ring < 2 || w->devices[g].ring > 3 ||
		    g + 1 >= w->ndevices || w->devices[g + 1].type !=
		    VG_CAMERA || p->flags != 0 || p->dir != VG_DIR_IN ||
		    p->other != -1 || !plant_free(w, p->person, suspect))
			continue;
		h = hours_of(w, p->t);
		if (h < 9 || h > 18 || llabs(p->t - w->p.incident) < 30 * MIN)
			continue;
		if (rng_int(&w->rng, ++n) == 0)
			pick = k;
	}
	if (pick == (size_t)-1)
		return;
	p = &w->pass[pick];
	for (k = 0; k < w->plant0; k++)
		if (w->pass[k].person == p->person &&
		    w->pass[k].device == p->device + 1 &&
		    llabs(w->pass[k].t - p->t) < 30 * US)
			cam = k;
	if (cam == (size_t)-1)
		return;
	gap = 800000 + rng_int(&w->rng, 1500000);
	in = incident(w, "follow-through", p->t + gap);
	in->suspect = stranger;
	a = add_pass(w, w->pass[pick].t + gap, 0, stranger, w->pass[pick].device,
	    VG_DIR_IN, PASS_NOFAULT | PASS_SILENT);
	add_pass(w, w->pass[cam].t + gap, w->pass[cam].dwell, stranger,
	    w->pass[cam].device, 0, PASS_NOFAULT);
	path_add(in, a, w->npass);
	xasprintf(&in->note, "\"gate\":\"%s\",\"camera\":\"%s\"",
	    w->devices[w->pass[pick].device].id,
	    w->devices[w->pass[cam].device].id);
}

/*
 * A visitor who came in and stayed: one the roster calls a visitor, who
 * lodges on the site and whose day never took her through its edge, in
 * from a road end to her dormitory early (05:00-08:30, so that the demo
 * day's last rows are more than the 12 hours a visit may last later) and
 * never out.
 */
static void
plant_visitor(struct day *d, int suspect)
{
	struct sim_world	*w = d->w;
	struct sim_incident	*in;
	char			*vis, *edge;
	size_t			 k, first;
	int			 i, n = 0, who = -1, outer = 0, g, from;
	int64_t			 t;

	for (g = 0; g < w->ndevices; g++)
		if (w->devices[g].type == VG_GATE && (outer == 0 ||
		    w->devices[g].ring < outer))
			outer = w->devices[g].ring;
	vis = xcalloc((size_t)w->p.people + 1, 1);
	edge = xcalloc((size_t)w->npeople + 1, 1);
	sim_visitors(w, vis);
	for (k = 0; k < w->plant0; k++)
		if (w->devices[w->pass[k].device].type == VG_GATE &&
		    w->devices[w->pass[k].device].ring == outer)
			edge[w->pass[k].person] = 1;
	for (i = 0; i < w->p.people; i++)
		if (vis[i] && !edge[i] && w->people[i].home != -1 &&
		    plant_free(w, i, suspect) && rng_int(&w->rng, ++n) == 0)
			who = i;
	free(vis);
	free(edge);
	if (who == -1)
		return;
	from = d->byplace[PK_ENTRY][rng_int(&w->rng, d->nby[PK_ENTRY])];
	t = clock_at(w, rng_range(&w->rng, 5.0, 8.5));
	trip(d, who, from, w->people[who].home, t, w->people[who].speed,
	    PASS_NOFAULT, &first);
	for (k = first; k < w->npass; k++)
		if (w->devices[w->pass[k].device].type == VG_GATE &&
		    w->devices[w->pass[k].device].ring == outer)
			break;
	if (k == w->npass)
		return;
	in = incident(w, "visitor-never-left", w->pass[k].t);
	in->suspect = who;
	path_add(in, k, w->npass);
}

/*
 * A day worker back at his workplace in production in the small hours,
 * when the area is entered by almost no one and never by him.
 */
static void
plant_habit(struct day *d, int suspect)
{
	struct sim_world	*w = d->w;
	struct sim_incident	*in;
	int			 i, n = 0, who = -1, from;
	int64_t			 t;
	size_t			 a, b;

	for (i = 0; i < w->p.people; i++)
		if (!w->people[i].night && plant_free(w, i, suspect) &&
		    w->places[w->people[i].work].ring == 4 &&
		    rng_int(&w->rng, ++n) == 0)
			who = i;
	if (who == -1)
		return;
	from = w->people[who].home != -1 ? w->people[who].home :
	    w->people[who].entry;
	t = clock_at(w, rng_range(&w->rng, 2.0, 5.2));
	t = trip(d, who, from, w->people[who].work, t, w->people[who].speed,
	    PASS_NOFAULT, &a);
	in = incident(w, "night-visit", w->pass[a].t);
	in->suspect = who;
	path_add(in, a, w->npass);
	trip(d, who, w->people[who].work, from,
	    t + (int64_t)(rng_range(&w->rng, 10, 40) * MIN),
	    w->people[who].speed, PASS_NOFAULT, &b);
	path_add(in, b, w->npass);
	xasprintf(&in->note, "\"place\":\"%s\"",
	    w->places[w->people[who].work].id);
}

/*
 * A stranger who comes back: in from a road end to a place inside and out
 * again, two to four times a day, past the face cameras of the gates on
 * the way, which know no one of his face.
 */
static void
plant_stranger(struct day *d, int who)
{
	struct sim_world	*w = d->w;
	struct sim_incident	*in;
	static const int	 kinds[] = { PK_SHOP, PK_CANTEEN, PK_WORKSHOP,
	    PK_DORMITORY };
	int			 n, k, a, b, kind;
	int64_t			 t, back;
	size_t			 first;

	n = 2 + rng_int(&w->rng, 3);
	t = clock_at(w, rng_range(&w->rng, 7.0, 11.0));
	in = incident(w, "stranger", t);
	in->suspect = who;
	for (k = 0; k < n; k++) {
		a = d->byplace[PK_ENTRY][rng_int(&w->rng, d->nby[PK_ENTRY])];
		kind = kinds[rng_int(&w->rng, 4)];
		if (d->nby[kind] == 0)
			kind = PK_CANTEEN;
		b = d->byplace[kind][rng_int(&w->rng, d->nby[kind])];
		back = trip(d, who, a, b, t, w->people[who].speed,
		    PASS_NOFAULT, &first);
		path_add(in, first, w->npass);
		trip(d, who, b, a, back + (int64_t)(rng_range(&w->rng, 5, 40) *
		    MIN), w->people[who].speed, PASS_NOFAULT, &first);
		path_add(in, first, w->npass);
		t += (int64_t)(rng_range(&w->rng, 2.0, 4.0) * HOUR);
	}
	xasprintf(&in->note, "\"visits\":%d", n);
}

/* The later plants, after everything else of the day (the dial plants). */
static void
plant_later(struct day *d, int suspect)
{
	struct sim_world	*w = d->w;
	struct rng		 keep = w->rng;
	int			 nfree, j;

	w->plant0 = w->npass;
	if (w->p.dial.plants == 0)
		return;
	rng_seed(&w->rng, w->p.seed ^ 0x6c61746572ULL);
	/* strangers of the day not in the earlier incidents */
	nfree = w->npeople - 3 - w->p.people;
	j = nfree > 0 ? rng_int(&w->rng, nfree) : 0;
	if (nfree > 1) {
		plant_follow(d, w->p.people + j, suspect);
		plant_stranger(d, w->p.people + (j + 1) % nfree);
	}
	plant_visitor(d, suspect);
	plant_habit(d, suspect);
	w->rng = keep;
}

int
sim_people(struct sim_world *w, struct vg_error *err)
{
	struct day	d;
	struct rng	plants;
	int		i, k, nstrangers, suspect, ncrowd;

	memset(&d, 0, sizeof(d));
	d.w = w;
	/* each camera's view (the dials view and view-spread) */
	for (i = 0; i < w->ndevices; i++) {
		w->devices[i].view = w->p.dial.view;
		if (w->p.dial.view_spread > 0 || w->p.dial.view_side > 0) {
			struct rng	r;

			rng_seed(&r, w->p.seed ^ 0x76696577ULL ^
			    ((uint64_t)i << 32));
			w->devices[i].view *= 1 + w->p.dial.view_spread *
			    (2 * rng_unit(&r) - 1);
			w->devices[i].side = rng_unit(&r) <
			    w->p.dial.view_side;
		}
	}
	for (i = 0; i < w->nplaces; i++) {
		k = w->places[i].kind;
		d.byplace[k] = xreallocarray(d.byplace[k], (size_t)d.nby[k] + 1,
		    sizeof(int));
		d.byplace[k][d.nby[k]++] = i;
	}
	if (d.nby[PK_DORMITORY] == 0 || d.nby[PK_CANTEEN] == 0 ||
	    d.nby[PK_WORKSHOP] == 0 || d.nby[PK_ENTRY] == 0) {
		vg_error_set(err, "the site lacks dormitories, canteens,"
		    " workshops or entries: use a larger scale");
		return -1;
	}
	/* strangers are people too, but not on the roster */
	ncrowd = (int)w->p.dial.crowd;
	nstrangers = (w->p.people - ncrowd) / 200 + 3;
	w->npeople = w->p.people + nstrangers;
	make_roster(&d);
	/* the suspect: a day-shift resident; others in the incidents */
	for (suspect = 0; suspect < w->p.residents - 1; suspect++)
		if (!w->people[suspect].night && !w->people[suspect].female)
			break;
	w->people[suspect].night = 0;
	w->people[suspect].upper = 1;		/* black */
	w->people[suspect].lower = 8;		/* blue */
	w->people[w->p.residents].female = 1;	/* the woman */
	w->people[w->p.residents].upper = 2;
	w->people[w->p.residents].lower = 1;
	w->people[w->p.residents + 1].night = 1;	/* the thief */
	w->people[w->p.residents + 3].car = 2;	/* his car never leaves */
	for (i = 0; i < w->p.people - ncrowd; i++) {
		live_day(&d, i, i != suspect);
		if (w->people[i].car == 1)
			drive(&d, i);
	}
	if (plant_overpass(&d, suspect, w->p.residents, err) == -1)
		goto fail;
	rng_seed(&plants, w->p.seed ^ 0x706c616e7473ULL);
	plant_theft(&d, &plants);
	plant_clone(&d, &plants);
	plant_vehicle(&d, &plants);
	plant_tailgate(&d, &plants);
	plant_passback(&d, &plants);
	plant_face(&d, &plants);
	plant_denied(&d, &plants);
	strangers(&d, w->p.people);
	crowd(&d, w->p.people - ncrowd);
	plant_later(&d, suspect);
	for (k = 0; k < PK_N; k++)
		free(d.byplace[k]);
	free(d.nodes);
	free(d.at);
	return 0;
fail:
	for (k = 0; k < PK_N; k++)
		free(d.byplace[k]);
	free(d.nodes);
	free(d.at);
	return -1;
}
