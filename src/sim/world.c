/* world.c: generate the campus: streets, rings, buildings, gates, cameras, links */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static const char *const kind_names[PK_N] = {
	"dormitory", "canteen", "shop", "workshop", "office", "finance",
	"valuables", "chemicals", "overpass", "entry"
};

/* A stretch of walkway between two nodes, before devices are put on it. */
struct seg {
	int	 u, v;		/* ends */
	int	 what;		/* SEG_* */
	int	 ring;		/* for gates: the ring they guard */
	int	 arg;		/* SEG_DOOR: the place */
};

enum {
	SEG_STREET,		/* a street: cameras every so often */
	SEG_CROSS,		/* crosses into a fenced area: a gate */
	SEG_FENCE,		/* through the fence: a pedestrian gate */
	SEG_VFENCE,		/* through the fence: a vehicle gate */
	SEG_ROAD,		/* the perimeter road: a camera */
	SEG_DOOR,		/* to a door with a gate */
	SEG_PLAIN,		/* to an entrance, perhaps a camera */
	SEG_OVERPASS		/* the overpass stair: its camera */
};

struct build {
	struct sim_world	*w;		/* what is built */
	struct seg		*segs;		/* walkway stretches */
	int			 nsegs;		/* how many */
	int			*eu, *ev;	/* final edges */
	float			*el;		/* their lengths */
	int			 ne;		/* how many */
	int			 cams, gates;	/* numbering */
	const char		*drop;		/* segments whose gate is left out */
};

void
rng_seed(struct rng *r, uint64_t seed)
{
	int	i;

	for (i = 0; i < 4; i++) {
		uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		r->s[i] = z ^ (z >> 31);
	}
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t	res = rotl(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;

	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return res;
}

double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

int
rng_int(struct rng *r, int n)
{
	return n <= 1 ? 0 : (int)(rng_unit(r) * n);
}

double
rng_range(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_unit(r);
}

double
rng_normal(struct rng *r)
{
	double	u = rng_unit(r), v = rng_unit(r);

	return sqrt(-2 * log(u + 1e-300)) * cos(2 * M_PI * v);
}

const char *
sim_kind_name(enum sim_kind k)
{
	return kind_names[k];
}

static int
add_node(struct sim_world *w, double x, double y, int ring)
{
	struct sim_node	*n;

	if ((w->nnodes & (w->nnodes - 1)) == 0)
		w->nodes = xreallocarray(w->nodes, w->nnodes ? 2 * w->nnodes :
		    64, sizeof(*w->nodes));
	n = &w->nodes[w->nnodes];
	n->x = x;
	n->y = y;
	n->ring = ring;
	n->device = -1;
	n->place = -1;
	n->vehicle = 0;
	return w->nnodes++;
}

static void
add_seg(struct build *b, int u, int v, int what, int ring, int arg)
{
	if ((b->nsegs & (b->nsegs - 1)) == 0)
		b->segs = xreallocarray(b->segs, b->nsegs ? 2 * b->nsegs : 64,
		    sizeof(*b->segs));
	b->segs[b->nsegs].u = u;
	b->segs[b->nsegs].v = v;
	b->segs[b->nsegs].what = what;
	b->segs[b->nsegs].ring = ring;
	b->segs[b->nsegs].arg = arg;
	b->nsegs++;
}

/* A gate between u and v, unless there is one already. */
static void
add_cross(struct build *b, int u, int v, int ring)
{
	int	k;

	for (k = 0; k < b->nsegs; k++)
		if (b->segs[k].what == SEG_CROSS && b->segs[k].u == u &&
		    b->segs[k].v == v)
			return;
	add_seg(b, u, v, SEG_CROSS, ring, 0);
}

static void
add_edge(struct build *b, int u, int v)
{
	struct sim_node	*a = &b->w->nodes[u], *c = &b->w->nodes[v];

	if ((b->ne & (b->ne - 1)) == 0) {
		b->eu = xreallocarray(b->eu, b->ne ? 2 * b->ne : 64,
		    sizeof(*b->eu));
		b->ev = xreallocarray(b->ev, b->ne ? 2 * b->ne : 64,
		    sizeof(*b->ev));
		b->el = xreallocarray(b->el, b->ne ? 2 * b->ne : 64,
		    sizeof(*b->el));
	}
	b->eu[b->ne] = u;
	b->ev[b->ne] = v;
	b->el[b->ne] = (float)hypot(a->x - c->x, a->y - c->y);
	b->ne++;
}

static int
add_place(struct sim_world *w, enum sim_kind kind, int ring, double x,
    double y, int node)
{
	static int	 count[PK_N];
	struct sim_place *p;
	static const char *const prefix[PK_N] = {
		"D", "CAN", "SHOP", "WS", "OFF", "FIN", "VAL", "CHEM", "OVP",
		"ENTRY"
	};
	static const char *const label[PK_N] = {
		"Dormitory", "Canteen", "Shop", "Workshop", "Office",
		"Finance room", "Valuables store", "Hazardous chemicals store",
		"Overpass", "Road end"
	};

	if (w->nplaces == 0)
		memset(count, 0, sizeof(count));
	w->places = xreallocarray(w->places, w->nplaces + 1,
	    sizeof(*w->places));
	p = &w->places[w->nplaces];
	count[kind]++;
	snprintf(p->id, sizeof(p->id), "%s%d", prefix[kind], count[kind]);
	snprintf(p->name, sizeof(p->name), "%s %d", label[kind], count[kind]);
	p->kind = kind;
	p->ring = ring;
	p->x = x;
	p->y = y;
	p->node = node;
	w->nodes[node].place = w->nplaces;
	return w->nplaces++;
}

static int
add_device(struct build *b, int type, int node, int ring)
{
	struct sim_world	*w = b->w;
	struct sim_device	*d;

	w->devices = xreallocarray(w->devices, w->ndevices + 1,
	    sizeof(*w->devices));
	d = &w->devices[w->ndevices];
	memset(d, 0, sizeof(*d));
	d->type = type;
	d->node = node;
	d->ring = ring;
	d->place = -1;
	d->gate = -1;
	if (type == VG_GATE)
		snprintf(d->id, sizeof(d->id), "G%03d", ++b->gates);
	else
		snprintf(d->id, sizeof(d->id), "C%04d", ++b->cams);
	w->nodes[node].device = w->ndevices;
	return w->ndevices++;
}

static double
heading(const struct sim_node *a, const struct sim_node *c)
{
	double	h = atan2(c->x - a->x, c->y - a->y) * 180 / M_PI;

	return h < 0 ? h + 360 : h;
}

/* Put the devices of one stretch of walkway on it, as nodes in a chain. */
static void
lay_segment(struct build *b, const struct seg *s)
{
	struct sim_world	*w = b->w;
	struct sim_node		 u = w->nodes[s->u], v = w->nodes[s->v];
	double			 len = hypot(u.x - v.x, u.y - v.y), f;
	int			 prev = s->u, n, d, k, i;
	char			 gname[16];

	switch (s->what) {
	case SEG_STREET:
		/* cameras spread along it, the first half a spacing in */
		k = (int)floor(len / w->p.camera_every * w->p.dial.chain +
		    rng_unit(&w->rng));
		for (i = 0; i < k; i++) {
			f = (i + 0.5) / k;
			n = add_node(w, u.x + f * (v.x - u.x), u.y + f *
			    (v.y - u.y), u.ring > v.ring ? u.ring : v.ring);
			d = add_device(b, VG_CAMERA, n, w->nodes[n].ring);
			w->devices[d].heading = heading(&u, &v);
			snprintf(w->devices[d].name, sizeof(w->devices[d].name),
			    "Walkway at %.0f,%.0f", w->nodes[n].x,
			    w->nodes[n].y);
			add_edge(b, prev, n);
			prev = n;
		}
		break;
	case SEG_CROSS:
	case SEG_FENCE:
	case SEG_VFENCE:
	case SEG_DOOR:
		if (b->drop != NULL && b->drop[s - b->segs]) {
			/* no gate here after all: only its camera */
			n = add_node(w, u.x + 0.55 * (v.x - u.x), u.y + 0.55 *
			    (v.y - u.y), s->ring);
			d = add_device(b, VG_CAMERA, n, s->ring);
			w->devices[d].face = 1;
			w->devices[d].heading = heading(&v, &u);
			if (s->what == SEG_DOOR)
				w->devices[d].place = s->arg;
			snprintf(w->devices[d].name, sizeof(w->devices[d].name),
			    "Camera at %.0f,%.0f", w->nodes[n].x,
			    w->nodes[n].y);
			add_edge(b, prev, n);
			prev = n;
			break;
		}
		/* a gate, then a face camera just inside it */
		n = add_node(w, u.x + 0.45 * (v.x - u.x), u.y + 0.45 *
		    (v.y - u.y), s->ring);
		w->nodes[n].vehicle = s->what == SEG_VFENCE;
		d = add_device(b, VG_GATE, n, s->ring);
		if (s->what == SEG_VFENCE) {
			w->devices[d].gkind = GK_VEHICLE;
			w->devices[d].creds = VG_CRED_PLATE;
		} else if (s->what == SEG_DOOR) {
			w->devices[d].gkind = GK_DOOR;
			w->devices[d].creds = s->ring == 5 ?
			    VG_CRED_BADGE | VG_CRED_PIN : s->ring == 4 ?
			    VG_CRED_BADGE : VG_CRED_FACE | VG_CRED_BADGE;
		} else {
			w->devices[d].gkind = GK_PEDESTRIAN;
			w->devices[d].creds = VG_CRED_FACE | VG_CRED_BADGE;
		}
		if (s->what == SEG_DOOR)
			snprintf(w->devices[d].name, sizeof(w->devices[d].name),
			    "%s door", w->places[s->arg].name);
		else
			snprintf(w->devices[d].name, sizeof(w->devices[d].name),
			    "%s gate at %.0f,%.0f", s->what == SEG_VFENCE ?
			    "Vehicle" : s->what == SEG_CROSS ? "Area" :
			    "Campus", w->nodes[n].x, w->nodes[n].y);
		add_edge(b, prev, n);
		prev = n;
		snprintf(gname, sizeof(gname), "%s", w->devices[d].id);
		n = add_node(w, u.x + 0.55 * (v.x - u.x), u.y + 0.55 *
		    (v.y - u.y), s->ring);
		w->nodes[n].vehicle = s->what == SEG_VFENCE;
		d = add_device(b, VG_CAMERA, n, s->ring);
		w->devices[d].gate = d - 1;
		w->devices[d].face = s->what != SEG_VFENCE;
		w->devices[d].heading = heading(&v, &u);
		if (s->what == SEG_DOOR)
			w->devices[d].place = s->arg;
		snprintf(w->devices[d].name, sizeof(w->devices[d].name),
		    "Camera at %s", gname);
		add_edge(b, prev, n);
		prev = n;
		break;
	case SEG_ROAD:
	case SEG_OVERPASS:
		n = add_node(w, (u.x + v.x) / 2, (u.y + v.y) / 2, 1);
		d = add_device(b, VG_CAMERA, n, 1);
		w->devices[d].heading = heading(&u, &v);
		if (s->what == SEG_OVERPASS) {
			w->devices[d].place = s->arg;
			snprintf(w->devices[d].name, sizeof(w->devices[d].name),
			    "Overpass stair");
			w->overpass_cam = d;
		} else
			snprintf(w->devices[d].name, sizeof(w->devices[d].name),
			    "Perimeter road at %.0f,%.0f", w->nodes[n].x,
			    w->nodes[n].y);
		add_edge(b, prev, n);
		prev = n;
		break;
	case SEG_PLAIN:
		if (rng_unit(&w->rng) < 0.4) {
			n = add_node(w, (u.x + v.x) / 2, (u.y + v.y) / 2,
			    v.ring);
			d = add_device(b, VG_CAMERA, n, v.ring);
			w->devices[d].place = s->arg;
			w->devices[d].heading = heading(&v, &u);
			snprintf(w->devices[d].name, sizeof(w->devices[d].name),
			    "%s entrance", w->places[s->arg].name);
			add_edge(b, prev, n);
			prev = n;
		}
		break;
	}
	add_edge(b, prev, s->v);
}

/* The ring of street node (i, j): campus, living area or production. */
static int
street_ring(const struct sim_params *p, int i, int j)
{
	int	blvd = p->gx / 3;

	if (i == 0 || j == 0 || i == p->gx - 1 || j == p->gy - 1 || i == blvd)
		return 2;
	return i < blvd ? 3 : 4;
}

/* Buildings of one block, joined to a corner of their own ring. */
static void
lay_block(struct build *b, int *grid, int i, int j)
{
	struct sim_world	*w = b->w;
	const struct sim_params	*p = &w->p;
	int			 living = i < p->gx / 3, n, k, nb, corner, pl;
	int			 ci, cj, c, ring;
	enum sim_kind		 kind;
	double			 x, y;

	nb = living ? 2 : 1 + (rng_unit(&w->rng) < 0.3);
	for (k = 0; k < nb; k++) {
		if (living && i == 0 && k == 0 && j < 2)
			kind = j == 0 ? PK_CANTEEN : PK_SHOP;	/* at least one */
		else if (living)
			kind = rng_unit(&w->rng) < 0.12 ? PK_CANTEEN :
			    rng_unit(&w->rng) < 0.08 ? PK_SHOP : PK_DORMITORY;
		else if (k == 0 && i == p->gx - 2 && j < 3)
			kind = PK_FINANCE + j;	/* the core: three stores */
		else
			kind = rng_unit(&w->rng) < 0.15 ? PK_OFFICE :
			    PK_WORKSHOP;
		/* the nearest corner of the block's own ring */
		corner = -1;
		for (c = 0; c < 4 && corner == -1; c++) {
			ci = i + (k + c) % 2;
			cj = j + ((k + c) / 2) % 2;
			if (street_ring(p, ci, cj) == (living ? 3 : 4))
				corner = grid[cj * p->gx + ci];
		}
		if (corner == -1)
			corner = grid[(j + k % 2) * p->gx + i + k % 2];
		ring = kind >= PK_FINANCE && kind <= PK_CHEMICALS ? 5 :
		    w->nodes[corner].ring;
		x = (i + 0.3 + 0.4 * k) * p->block;
		y = (j + 0.5) * p->block;
		n = add_node(w, x, y, ring);
		pl = add_place(w, kind, ring, x, y, n);
		if (kind == PK_DORMITORY || ring == 5 || kind == PK_WORKSHOP)
			add_seg(b, corner, n, SEG_DOOR, ring, pl);
		else
			add_seg(b, corner, n, SEG_PLAIN, ring, pl);
	}
}

/* Adjacency lists from the edge list, both ways. */
static void
make_adjacency(struct build *b)
{
	struct sim_world	*w = b->w;
	struct rng		 r;
	int			*fill, i, u, v;

	w->adj0 = xcalloc((size_t)w->nnodes + 1, sizeof(*w->adj0));
	for (i = 0; i < b->ne; i++) {
		w->adj0[b->eu[i] + 1]++;
		w->adj0[b->ev[i] + 1]++;
	}
	for (i = 0; i < w->nnodes; i++)
		w->adj0[i + 1] += w->adj0[i];
	w->nedges = 2 * b->ne;
	w->adjto = xcalloc((size_t)w->nedges, sizeof(*w->adjto));
	w->adjlen = xcalloc((size_t)w->nedges, sizeof(*w->adjlen));
	fill = xcalloc((size_t)w->nnodes, sizeof(*fill));
	if (w->p.dial.detour_lo != 0)
		rng_seed(&r, w->p.seed ^ 0x64746f7572ULL);
	for (i = 0; i < b->ne; i++) {
		u = b->eu[i], v = b->ev[i];
		/* a stretch walked round something: longer than it looks */
		if (w->p.dial.detour_lo != 0)
			b->el[i] *= (float)rng_range(&r, w->p.dial.detour_lo,
			    w->p.dial.detour_hi);
		w->adjto[w->adj0[u] + fill[u]] = v;
		w->adjlen[w->adj0[u] + fill[u]++] = b->el[i];
		w->adjto[w->adj0[v] + fill[v]] = u;
		w->adjlen[w->adj0[v] + fill[v]++] = b->el[i];
	}
	free(fill);
}

/* A binary heap of (distance, node) for Dijkstra. */
struct heap {
	float	*d;		/* keys */
	int	*n;		/* nodes */
	int	 len;		/* used */
};

static void
heap_push(struct heap *h, float d, int n)
{
	int	i = h->len++, p;

	while (i > 0 && h->d[p = (i - 1) / 2] > d) {
		h->d[i] = h->d[p];
		h->n[i] = h->n[p];
		i = p;
	}
	h->d[i] = d;
	h->n[i] = n;
}

static int
heap_pop(struct heap *h, float *d)
{
	float	 last;
	int	 top = h->n[0], i = 0, c, ln;

	*d = h->d[0];
	last = h->d[--h->len];
	ln = h->n[h->len];
	while ((c = 2 * i + 1) < h->len) {
		if (c + 1 < h->len && h->d[c + 1] < h->d[c])
			c++;
		if (h->d[c] >= last)
			break;
		h->d[i] = h->d[c];
		h->n[i] = h->n[c];
		i = c;
	}
	h->d[i] = last;
	h->n[i] = ln;
	return top;
}

/*
 * Shortest walks from node src into dist and prev.  With vehicle, only
 * vehicle gates let a car through the fence; without, they are closed.
 * With stop, the search does not go on past devices other than src (to
 * find adjacent devices).
 */
static void
dijkstra(const struct sim_world *w, int src, int vehicle, int stop,
    float *dist, int *prev)
{
	struct heap	h;
	float		d, nd;
	int		i, u, v;

	h.d = xcalloc((size_t)w->nedges + 1, sizeof(*h.d));
	h.n = xcalloc((size_t)w->nedges + 1, sizeof(*h.n));
	h.len = 0;
	for (i = 0; i < w->nnodes; i++) {
		dist[i] = INFINITY;
		prev[i] = -1;
	}
	dist[src] = 0;
	heap_push(&h, 0, src);
	while (h.len > 0) {
		u = heap_pop(&h, &d);
		if (d > dist[u])
			continue;
		if (stop && u != src && w->nodes[u].device != -1)
			continue;
		for (i = w->adj0[u]; i < w->adj0[u + 1]; i++) {
			v = w->adjto[i];
			if (w->nodes[v].vehicle && !vehicle)
				continue;
			nd = d + w->adjlen[i];
			if (nd < dist[v]) {
				dist[v] = nd;
				prev[v] = u;
				heap_push(&h, nd, v);
			}
		}
	}
	free(h.d);
	free(h.n);
}

/* Links between devices next to each other on the walkways. */
static void
make_links(struct sim_world *w)
{
	float	*dist = xcalloc((size_t)w->nnodes, sizeof(*dist));
	int	*prev = xcalloc((size_t)w->nnodes, sizeof(*prev));
	int	 d, e, n, cap = 0;

	for (d = 0; d < w->ndevices; d++) {
		dijkstra(w, w->devices[d].node, 1, 1, dist, prev);
		for (n = 0; n < w->nnodes; n++) {
			e = w->nodes[n].device;
			if (e <= d || isinf(dist[n]))
				continue;
			if (w->nlinks == cap) {
				cap = cap ? 2 * cap : 256;
				w->links = xreallocarray(w->links, (size_t)cap,
				    sizeof(*w->links));
			}
			w->links[w->nlinks].a = d;
			w->links[w->nlinks].b = e;
			/* a sprint (7 m/s as built) to a dawdle at 0.4 m/s */
			w->links[w->nlinks].min = (int)floor(dist[n] /
			    w->p.vmin);
			w->links[w->nlinks].max = w->p.dial.link_max != 0 ?
			    (int)ceil(w->links[w->nlinks].min *
			    w->p.dial.link_max) : (int)ceil(dist[n] / 0.4) + 60;
			w->nlinks++;
		}
	}
	free(dist);
	free(prev);
}

/* Shortest routes from every place, kept for the people's trips. */
static void
make_routes(struct sim_world *w)
{
	int	i;

	w->pdist = xcalloc((size_t)w->nplaces * (size_t)w->nnodes,
	    sizeof(*w->pdist));
	w->pprev = xcalloc((size_t)w->nplaces * (size_t)w->nnodes,
	    sizeof(*w->pprev));
	for (i = 0; i < w->nplaces; i++)
		dijkstra(w, w->places[i].node, 0, 0,
		    w->pdist + (size_t)i * (size_t)w->nnodes,
		    w->pprev + (size_t)i * (size_t)w->nnodes);
}

/*
 * The nodes of the walk from node from to place b, in order, with the
 * distance walked at each; returns how many, 0 when b cannot be reached.
 */
int
sim_route(const struct sim_world *w, int from, int b, int **nodes, float **at)
{
	const int	*prev = w->pprev + (size_t)b * (size_t)w->nnodes;
	const float	*dist = w->pdist + (size_t)b * (size_t)w->nnodes;
	int		 n = 0, u;

	/* routes are kept to each place: walk b's tree from the start */
	if (isinf(dist[from]))
		return 0;
	for (u = from; u != -1; u = prev[u])
		n++;
	*nodes = xreallocarray(*nodes, (size_t)n + 1, sizeof(**nodes));
	*at = xreallocarray(*at, (size_t)n + 1, sizeof(**at));
	n = 0;
	for (u = from; u != -1; u = prev[u]) {
		(*nodes)[n] = u;
		(*at)[n] = dist[from] - dist[u];
		n++;
	}
	return n;
}

/*
 * The nodes of a walker's shortest walk from node from to node to, in
 * order, with the distance walked at each; returns how many, 0 when to
 * cannot be reached.  A search of its own (sim_route's trees are to
 * places only).
 */
int
sim_route_node(const struct sim_world *w, int from, int to, int **nodes,
    float **at)
{
	float	*dist = xcalloc((size_t)w->nnodes, sizeof(*dist));
	int	*prev = xcalloc((size_t)w->nnodes, sizeof(*prev));
	int	 n = 0, u;

	dijkstra(w, to, 0, 0, dist, prev);
	if (!isinf(dist[from])) {
		for (u = from; u != -1; u = prev[u])
			n++;
		*nodes = xreallocarray(*nodes, (size_t)n + 1,
		    sizeof(**nodes));
		*at = xreallocarray(*at, (size_t)n + 1, sizeof(**at));
		n = 0;
		for (u = from; u != -1; u = prev[u]) {
			(*nodes)[n] = u;
			(*at)[n] = dist[from] - dist[u];
			n++;
		}
	}
	free(dist);
	free(prev);
	return n;
}

/* The root of node x's tree in up[], halving the way. */
static int
tree_root(int *up, int x)
{
	while (up[x] != x)
		x = up[x] = up[up[x]];
	return x;
}

/* The y of segment k's gate: the fence runs along the north, high y. */
static double
seg_north(const struct build *b, int k)
{
	const struct sim_node	*u = &b->w->nodes[b->segs[k].u];
	const struct sim_node	*v = &b->w->nodes[b->segs[k].v];

	return (u->y + v->y) / 2;
}

/*
 * The dial gates-edge: the candidate gates in order of their distance
 * from the perimeter fence, farthest first (to be left out first); ties
 * keep their random order.
 */
static void
farthest_first(const struct build *b, int *can, int ncan)
{
	int	i, j, t;

	for (i = 1; i < ncan; i++)
		for (j = i; j > 0 && seg_north(b, can[j - 1]) >
		    seg_north(b, can[j]); j--)
			t = can[j], can[j] = can[j - 1], can[j - 1] = t;
}

/*
 * The dial loops: a random spanning tree of the street grid's streets
 * (gates, the fence and the road kept whole; walkers do not pass the
 * vehicle gates), and of the other streets,
 * each kept with probability loops.  Streets left out are marked as
 * segments of no kind.  From its own stream of chance, so that the rest
 * of the world draws as before.
 */
static void
cut_loops(struct build *b, int nstreets)
{
	struct sim_world	*w = b->w;
	struct rng		 r;
	int			*up, *order, k, j, t, x, y;

	up = xcalloc((size_t)w->nnodes + 1, sizeof(*up));
	order = xcalloc((size_t)nstreets + 1, sizeof(*order));
	for (k = 0; k < w->nnodes; k++)
		up[k] = k;
	for (k = 0; k < b->nsegs; k++) {
		/* cars only through the vehicle gates: no walker's way */
		if ((k < nstreets && b->segs[k].what == SEG_STREET) ||
		    b->segs[k].what == -1 || b->segs[k].what == SEG_VFENCE)
			continue;
		x = tree_root(up, b->segs[k].u);
		y = tree_root(up, b->segs[k].v);
		up[x] = y;
	}
	rng_seed(&r, w->p.seed ^ 0x6c6f6f7073ULL);
	for (k = 0; k < nstreets; k++)
		order[k] = k;
	for (k = nstreets - 1; k > 0; k--) {
		j = rng_int(&r, k + 1);
		t = order[k], order[k] = order[j], order[j] = t;
	}
	for (k = 0; k < nstreets; k++) {
		struct seg	*s = &b->segs[order[k]];

		if (s->what != SEG_STREET)
			continue;
		x = tree_root(up, s->u);
		y = tree_root(up, s->v);
		if (x != y)
			up[x] = y;
		else if (rng_unit(&r) >= w->p.dial.loops)
			s->what = -1;
	}
	free(up);
	free(order);
}

/*
 * Which gate segments to leave without their gate, for one gate per
 * p.dial.gates cameras: never a fence gate, a vehicle gate, a door of the
 * core or the first gate into the living area, which the planted
 * incidents need; of the others, a random choice.  NULL for all gates.
 */
static char *
choose_drops(struct build *b)
{
	struct sim_world	*w = b->w;
	struct rng		 r;
	char			*drop;
	int			*can, ncan = 0, cams = 0, gates = 0, want, k, t;
	int			 living = 0;

	for (k = 0; k < w->ndevices; k++) {
		cams += w->devices[k].type == VG_CAMERA;
		gates += w->devices[k].type == VG_GATE;
	}
	drop = xcalloc((size_t)b->nsegs + 1, 1);
	can = xcalloc((size_t)b->nsegs + 1, sizeof(*can));
	for (k = 0; k < b->nsegs; k++) {
		const struct seg *s = &b->segs[k];

		if (s->what == SEG_CROSS && s->ring == 3 && !living) {
			living = 1;
			continue;
		}
		if (s->what == SEG_CROSS || (s->what == SEG_DOOR && s->ring < 5))
			can[ncan++] = k;
	}
	want = (int)floor(cams / w->p.dial.gates + 0.5);
	rng_seed(&r, w->p.seed ^ 0x6761746573ULL);
	/* a random order of the candidates; the first ones go */
	for (k = ncan - 1; k > 0; k--) {
		int j = rng_int(&r, k + 1);

		t = can[k], can[k] = can[j], can[j] = t;
	}
	if (w->p.dial.gates_edge != 0)
		farthest_first(b, can, ncan);
	for (k = 0; k < ncan && gates > want; k++, gates--)
		drop[can[k]] = 1;
	free(can);
	return drop;
}

/* Everything world.c made, to build it again. */
static void
unbuild(struct sim_world *w)
{
	free(w->nodes);
	free(w->adj0);
	free(w->adjto);
	free(w->adjlen);
	free(w->places);
	free(w->devices);
	free(w->links);
	free(w->pdist);
	free(w->pprev);
	w->nodes = NULL, w->nnodes = 0;
	w->adj0 = w->adjto = NULL, w->adjlen = NULL, w->nedges = 0;
	w->places = NULL, w->nplaces = 0;
	w->devices = NULL, w->ndevices = 0;
	w->links = NULL, w->nlinks = 0;
	w->pdist = NULL, w->pprev = NULL;
}

static int build_once(struct sim_world *, const char *, char **,
    struct vg_error *);

int
sim_world_build(struct sim_world *w, struct vg_error *err)
{
	struct rng	 start = w->rng;
	char		*drop = NULL;
	int		 rc;

	if (w->p.dial.gates == 0)
		return build_once(w, NULL, NULL, err);
	/* lay it all out, choose the gates to leave out, and again */
	if (build_once(w, NULL, &drop, err) == -1)
		return -1;
	unbuild(w);
	w->rng = start;
	rc = build_once(w, drop, NULL, err);
	free(drop);
	return rc;
}

static int
build_once(struct sim_world *w, const char *drop, char **drops,
    struct vg_error *err)
{
	struct sim_params	*p = &w->p;
	struct build		 b;
	int			*grid, *fence, i, j, n, road0, prev;
	int			 blvd = p->gx / 3, nfence = 0, o, k, nstreets;
	double			 H, W, roady;

	memset(&b, 0, sizeof(b));
	b.w = w;
	b.drop = drop;
	w->overpass_cam = -1;
	W = (p->gx - 1) * p->block;
	H = (p->gy - 1) * p->block;
	w->width = (int)W;
	w->height = (int)H;
	roady = H + 30;

	/* the street grid */
	grid = xcalloc((size_t)(p->gx * p->gy), sizeof(*grid));
	for (j = 0; j < p->gy; j++)
		for (i = 0; i < p->gx; i++)
			grid[j * p->gx + i] = add_node(w, i * p->block,
			    j * p->block, street_ring(p, i, j));
	for (j = 0; j < p->gy; j++) {
		for (i = 0; i < p->gx; i++) {
			int a = grid[j * p->gx + i], c, r1, r2, k2;

			for (k2 = 0; k2 < 2; k2++) {
				if ((k2 == 0 && i + 1 >= p->gx) ||
				    (k2 == 1 && j + 1 >= p->gy))
					continue;
				c = k2 == 0 ? grid[j * p->gx + i + 1] :
				    grid[(j + 1) * p->gx + i];
				r1 = w->nodes[a].ring;
				r2 = w->nodes[c].ring;
				if (r1 == r2)
					add_seg(&b, a, c, SEG_STREET, r1, 0);
				else if (rng_unit(&w->rng) < 0.55)
					/* a gate; elsewhere a wall */
					add_seg(&b, r1 < r2 ? a : c,
					    r1 < r2 ? c : a, SEG_CROSS,
					    r1 > r2 ? r1 : r2, 0);
			}
		}
	}
	nstreets = b.nsegs;
	/* every fenced area keeps a gate on each side every fourth street */
	for (j = 1; j < p->gy - 1; j++) {
		if (j % 4 != 1)
			continue;
		add_cross(&b, grid[j * p->gx + 0], grid[j * p->gx + 1], 3);
		add_cross(&b, grid[j * p->gx + blvd], grid[j * p->gx + blvd + 1],
		    4);
	}

	/* buildings */
	for (j = 0; j < p->gy - 1; j++)
		for (i = 0; i < p->gx - 1; i++)
			lay_block(&b, grid, i, j);

	/* the perimeter road along the north fence, and its two ends */
	road0 = w->nnodes;
	for (i = 0; i < p->gx; i++)
		add_node(w, i * p->block, roady, 1);
	for (i = 0; i + 1 < p->gx; i++)
		add_seg(&b, road0 + i, road0 + i + 1, SEG_ROAD, 1, 0);
	n = add_node(w, -60, roady, 1);
	add_place(w, PK_ENTRY, 1, -60, roady, n);
	add_seg(&b, n, road0, SEG_ROAD, 1, 0);
	n = add_node(w, W + 60, roady, 1);
	add_place(w, PK_ENTRY, 1, W + 60, roady, n);
	add_seg(&b, road0 + p->gx - 1, n, SEG_ROAD, 1, 0);

	/* gates through the fence: vehicles near the ends, people between */
	fence = xcalloc((size_t)p->gx, sizeof(*fence));
	for (i = 0; i < p->gx; i++) {
		if (i == 1 || i == p->gx - 2)
			add_seg(&b, road0 + i, grid[(p->gy - 1) * p->gx + i],
			    SEG_VFENCE, 2, 0);
		else if (i % 2 == 0 || i == blvd)
			fence[nfence++] = i;
	}
	for (k = 0; k < nfence; k++)
		add_seg(&b, road0 + fence[k], grid[(p->gy - 1) * p->gx +
		    fence[k]], SEG_FENCE, 2, 0);

	/* the overpass beside the road, a third of the way along */
	o = p->gx / 4 > 0 ? p->gx / 4 : 1;
	n = add_node(w, o * p->block + p->block / 2, roady + 30, 1);
	i = add_place(w, PK_OVERPASS, 1, o * p->block + p->block / 2,
	    roady + 30, n);
	snprintf(w->places[i].id, sizeof(w->places[i].id), "OVP-N");
	snprintf(w->places[i].name, sizeof(w->places[i].name),
	    "North overpass");
	/* the stair comes down onto the road between two road nodes */
	prev = add_node(w, o * p->block + p->block / 2, roady, 1);
	add_seg(&b, n, prev, SEG_OVERPASS, 1, i);
	add_seg(&b, road0 + o, prev, SEG_STREET, 1, 0);
	add_seg(&b, prev, road0 + o + 1, SEG_STREET, 1, 0);
	/* that road stretch is now split at the stair: drop the old one */
	for (k = 0; k < b.nsegs; k++)
		if (b.segs[k].what == SEG_ROAD && b.segs[k].u == road0 + o &&
		    b.segs[k].v == road0 + o + 1)
			b.segs[k].what = -1;

	if (p->dial.loops < 1)
		cut_loops(&b, nstreets);
	for (k = 0; k < b.nsegs; k++)
		if (b.segs[k].what != -1)
			lay_segment(&b, &b.segs[k]);
	make_adjacency(&b);

	/* a third of the cameras match faces: all at gates, then others */
	n = 0;
	for (i = 0; i < w->ndevices; i++)
		if (w->devices[i].type == VG_CAMERA)
			n++;
	for (i = 0, k = 0; i < w->ndevices; i++)
		k += w->devices[i].face;
	for (i = 0; i < w->ndevices && k < n / 3; i++) {
		if (w->devices[i].type == VG_CAMERA && !w->devices[i].face &&
		    w->devices[i].ring > 1 && rng_unit(&w->rng) < 0.3) {
			w->devices[i].face = 1;
			k++;
		}
	}
	make_links(w);
	if (drops != NULL)
		*drops = choose_drops(&b);
	else
		make_routes(w);
	free(fence);
	free(grid);
	free(b.segs);
	free(b.eu);
	free(b.ev);
	free(b.el);
	if (w->overpass_cam == -1) {
		vg_error_set(err, "no camera on the overpass");
		return -1;
	}
	return 0;
}

static void
xml_text(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&')
			fputs("&amp;", fp);
		else if (*s == '<')
			fputs("&lt;", fp);
		else if (*s == '"')
			fputs("&quot;", fp);
		else
			fputc(*s, fp);
	}
}

static const char *const zone_ids[] = {
	"", "perimeter", "campus", "living", "production", "core"
};

/* The site description, valid against site.xsd. */
int
sim_write_site(const struct sim_world *w, const char *path,
    struct vg_error *err)
{
	static const char *const zone_names[] = {
		"", "周边防护圈", "园区防护圈", "生活区防护圈", "生产区防护圈",
		"核心安防区防护圈"
	};
	static const char *const gkinds[] = { "pedestrian", "vehicle", "door" };
	static const char *const creds[] = { "face", "badge", "plate", "qr",
	    "pin" };
	FILE	*fp;
	int	 i, k, first;

	if ((fp = fopen(path, "w")) == NULL) {
		vg_error_set(err, "cannot create '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!-- written by vigil-simulate, seed %llu -->\n"
	    "<site xmlns=\"urn:vigil:site:1\" id=\"sim-%llu\""
	    " name=\"龙华模拟厂区\" timezone=\"Asia/Shanghai\">\n",
	    (unsigned long long)w->p.seed, (unsigned long long)w->p.seed);
	for (i = 1; i <= 5; i++)
		fprintf(fp, "  <zone id=\"%s\" name=\"%s\" ring=\"%d\"/>\n",
		    zone_ids[i], zone_names[i], i);
	for (i = 0; i < w->nplaces; i++) {
		const struct sim_place *p = &w->places[i];

		fprintf(fp, "  <place id=\"%s\" name=\"", p->id);
		xml_text(fp, p->name);
		fprintf(fp, "\" zone=\"%s\" kind=\"%s\" x=\"%.1f\""
		    " y=\"%.1f\"/>\n", zone_ids[p->ring], kind_names[p->kind],
		    p->x, p->y);
	}
	for (i = 0; i < w->ndevices; i++) {
		const struct sim_device *d = &w->devices[i];
		const struct sim_node *n = &w->nodes[d->node];

		if (d->type == VG_GATE) {
			fprintf(fp, "  <gate id=\"%s\" name=\"", d->id);
			xml_text(fp, d->name);
			fprintf(fp, "\" zone=\"%s\" x=\"%.1f\" y=\"%.1f\""
			    " kind=\"%s\" credentials=\"", zone_ids[d->ring],
			    n->x, n->y, gkinds[d->gkind]);
			for (k = 0, first = 1; k < 5; k++)
				if (d->creds & (1u << k)) {
					fprintf(fp, "%s%s", first ? "" : " ",
					    creds[k]);
					first = 0;
				}
			fprintf(fp, "\"/>\n");
		} else {
			fprintf(fp, "  <camera id=\"%s\" name=\"", d->id);
			xml_text(fp, d->name);
			fprintf(fp, "\" zone=\"%s\" x=\"%.1f\" y=\"%.1f\"",
			    zone_ids[d->ring], n->x, n->y);
			if (d->place != -1)
				fprintf(fp, " place=\"%s\"",
				    w->places[d->place].id);
			if (d->gate != -1)
				fprintf(fp, " gate=\"%s\"",
				    w->devices[d->gate].id);
			fprintf(fp, " heading=\"%.0f\" face=\"%s\""
			    " recordings=\"rec/%s/%%Y%%m%%d/%%H%%M%%S.mp4\"/>\n",
			    d->heading, d->face ? "true" : "false", d->id);
		}
	}
	for (i = 0; i < w->nlinks; i++)
		fprintf(fp, "  <link from=\"%s\" to=\"%s\" min=\"%d\""
		    " max=\"%d\"/>\n", w->devices[w->links[i].a].id,
		    w->devices[w->links[i].b].id, w->links[i].min,
		    w->links[i].max);
	fprintf(fp, "</site>\n");
	if (fclose(fp) != 0) {
		vg_error_set(err, "'%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

void
sim_world_free(struct sim_world *w)
{
	int	i;

	for (i = 0; i < w->nincidents; i++) {
		free(w->incidents[i].pass);
		free(w->incidents[i].note);
	}
	free(w->incidents);
	unbuild(w);
	free(w->people);
	free(w->pass);
}
