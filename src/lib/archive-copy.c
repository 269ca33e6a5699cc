/* archive-copy.c: spans of one archive copied into another, any back end to any */
#include "config.h"

#include "vigil-int.h"
#include "model.h"
#include "archive-impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/*
 * A copy is what importing the same files again into the destination
 * would do, without the files and without learning anything again: in
 * one of the destination's import transactions, the site (when it has
 * none), the people of the roster files it lacks, each span's rows as
 * stored (raw times, lines, the devices' own numbers), the files those
 * came from registered by digest with their import times (so that
 * importing one of them again is a no-op), the clock corrections it
 * lacks, the recordings' index, a server's audit table (to a server),
 * and the learned model (when it held no logs before; else learned
 * again, as after an import).  A span the destination holds already is
 * left as it is when it holds the same rows (by a digest of them,
 * devices by code and files by digest), and refused otherwise, before
 * anything is written.
 */

/* A source of the copied archive, and what it is in the destination. */
struct csrc {
	int64_t		 id;		/* row id in the source archive */
	struct vg_source s;		/* as the source archive has it */
	int64_t		 to;		/* row id in the destination, 0 until
					   registered */
	int		 had;		/* the destination had it before */
};

/* A span of the source archive and what becomes of it. */
struct cspan {
	char		*name;		/* its name */
	int64_t		 start;		/* first instant it holds */
	int64_t		 end;		/* first instant past it */
	int64_t		 gates;		/* gate events */
	int64_t		 sightings;	/* sightings */
	int		 same;		/* the destination has it already */
};

/* A device's row id in each archive. */
struct cdev {
	int64_t		 from;		/* in the source archive */
	int64_t		 to;		/* in the destination */
	char		*code;		/* its id */
};

/* The destination's sources, by row id, for hashing its rows. */
struct dsrc {
	int64_t		*id;		/* row ids */
	char		(*sha)[VG_SHA256_HEX]; /* their digests */
	size_t		 n;		/* how many */
	size_t		 last;		/* the one found last */
};

/* A copy under way. */
struct copy {
	struct vg_archive *src;		/* copied from */
	struct vg_archive *dst;		/* copied into */
	struct vg_copy	*cp;		/* the request and what it did */
	struct csrc	*srcs;		/* the source archive's files */
	size_t		 nsrc;		/* how many */
	size_t		 lastsrc;	/* the one src_by_id found last */
	struct cspan	*spans;		/* its spans chosen */
	size_t		 nspan;		/* how many */
	struct cspan	*dspans;	/* the destination's spans */
	size_t		 ndspan;	/* how many */
	struct cdev	*devs;		/* the devices, by row id in the
					   source archive */
	size_t		 ndev;		/* how many */
	uint64_t	 h[2];		/* a digest of rows (FNV-1a) */
	int		 side;		/* hashing: 0 the source's rows, 1 the
					   destination's */
	struct dsrc	 dsrc;		/* the destination's sources */
	struct vg_error	*err;		/* where a callback's failure goes */
};

static void
copy_free(struct copy *c)
{
	size_t	i;

	for (i = 0; i < c->nsrc; i++)
		free(c->srcs[i].s.path);
	for (i = 0; i < c->nspan; i++)
		free(c->spans[i].name);
	for (i = 0; i < c->ndspan; i++)
		free(c->dspans[i].name);
	for (i = 0; i < c->ndev; i++)
		free(c->devs[i].code);
	free(c->srcs);
	free(c->spans);
	free(c->dspans);
	free(c->devs);
	free(c->dsrc.id);
	free(c->dsrc.sha);
}

static int
src_add(const struct vg_source *s, void *arg)
{
	struct copy	*c = arg;
	struct csrc	*n;

	c->srcs = xreallocarray(c->srcs, c->nsrc + 1, sizeof(*c->srcs));
	n = &c->srcs[c->nsrc++];
	memset(n, 0, sizeof(*n));
	n->id = s->id;
	n->s = *s;
	n->s.path = xstrdup(s->path != NULL ? s->path : "");
	return 0;
}

/* A source by its row id in the source archive, or NULL. */
static struct csrc *
src_by_id(struct copy *c, int64_t id)
{
	size_t	i;

	if (c->lastsrc < c->nsrc && c->srcs[c->lastsrc].id == id)
		return &c->srcs[c->lastsrc];
	for (i = 0; i < c->nsrc; i++)
		if (c->srcs[i].id == id)
			return &c->srcs[c->lastsrc = i];
	return NULL;
}

/* A source registered in the destination (once): its row id there. */
static int64_t
src_to(struct copy *c, int64_t id, struct vg_error *err)
{
	struct csrc		*s;
	struct vg_source	 d;
	int			 found;

	if ((s = src_by_id(c, id)) == NULL) {
		vg_error_set(err, "'%s': rows of a file it does not list (source"
		    " %lld)", c->src->path, (long long)id);
		return -1;
	}
	if (s->to != 0)
		return s->to;
	memset(&d, 0, sizeof(d));
	found = c->dst->ops->source_find(c->dst, s->s.sha256, &d);
	free(d.path);
	if (found) {
		s->had = 1;
		return s->to = d.id;
	}
	d = s->s;
	if (c->dst->ops->source_put(c->dst, &d, err) == -1)
		return -1;
	c->cp->sources++;
	return s->to = d.id;
}

static int
span_add(const struct vg_span *sp, void *arg)
{
	struct copy	*c = arg;
	struct cspan	*n;
	int		 want = c->cp->nspans == 0 && c->cp->from == VG_TIME_NONE &&
			    c->cp->to == VG_TIME_NONE;
	size_t		 i;

	for (i = 0; i < c->cp->nspans; i++)
		if (strcmp(c->cp->spans[i], sp->name) == 0)
			want = 1;
	if ((c->cp->from != VG_TIME_NONE || c->cp->to != VG_TIME_NONE) &&
	    (c->cp->to == VG_TIME_NONE || sp->start < c->cp->to) &&
	    (c->cp->from == VG_TIME_NONE || sp->end > c->cp->from))
		want = 1;
	if (!want || sp->gates + sp->sightings == 0)
		return 0;
	c->spans = xreallocarray(c->spans, c->nspan + 1, sizeof(*c->spans));
	n = &c->spans[c->nspan++];
	n->name = xstrdup(sp->name);
	n->start = sp->start;
	n->end = sp->end;
	n->gates = sp->gates;
	n->sightings = sp->sightings;
	n->same = 0;
	return 0;
}

static int
dspan_add(const struct vg_span *sp, void *arg)
{
	struct copy	*c = arg;
	struct cspan	*n;

	c->dspans = xreallocarray(c->dspans, c->ndspan + 1,
	    sizeof(*c->dspans));
	n = &c->dspans[c->ndspan++];
	n->name = xstrdup(sp->name);
	n->start = sp->start;
	n->end = sp->end;
	n->gates = sp->gates;
	n->sightings = sp->sightings;
	n->same = 0;
	return 0;
}

/* Each device of an archive: side 0 the source's, 1 the destination's. */
struct devread {
	struct copy	*c;		/* the copy */
	int		 side;		/* which archive */
};

static void
dev_add(void *arg, const char *code, int64_t id, int type, const char *zone)
{
	struct devread	*dr = arg;
	struct copy	*c = dr->c;
	size_t		 i;

	(void)type;
	(void)zone;
	if (dr->side == 0) {
		c->devs = xreallocarray(c->devs, c->ndev + 1, sizeof(*c->devs));
		c->devs[c->ndev].from = id;
		c->devs[c->ndev].to = 0;
		c->devs[c->ndev++].code = xstrdup(code);
		return;
	}
	for (i = 0; i < c->ndev; i++)
		if (strcmp(c->devs[i].code, code) == 0)
			c->devs[i].to = id;
}

static int
dev_cmp(const void *a, const void *b)
{
	const struct cdev *x = a, *y = b;

	return (x->from > y->from) - (x->from < y->from);
}

/* A device by its row id in the source archive, or NULL. */
static const struct cdev *
dev_of(const struct copy *c, int64_t from)
{
	struct cdev	key;

	key.from = from;
	return bsearch(&key, c->devs, c->ndev, sizeof(*c->devs), dev_cmp);
}

/* The destination's row id of the device of a row of the source archive,
 * or -1 (c->err set). */
static int64_t
row_dev(struct copy *c, const struct vg_gate_rec *g,
    const struct vg_sighting_rec *s)
{
	const struct cdev	*dv;
	int64_t			 from = g != NULL ? g->gate : s->camera;

	if ((dv = dev_of(c, from)) == NULL) {
		vg_error_set(c->err, "'%s': a row of an unknown device (%lld)",
		    c->src->path, (long long)from);
		return -1;
	}
	return dv->to;
}

/*
 * The devices of both archives matched by code: the destination's site
 * must have every device of the source's (it is the same site).
 */
static int
devices_match(struct copy *c, struct vg_error *err)
{
	struct devread	dr = { c, 0 };
	size_t		i;

	if (c->src->ops->devices(c->src, 0, dev_add, &dr) == -1) {
		vg_error_set(err, "'%s': cannot read its devices",
		    c->src->path);
		return -1;
	}
	dr.side = 1;
	if (c->dst->ops->devices(c->dst, 0, dev_add, &dr) == -1) {
		vg_error_set(err, "'%s': cannot read its devices",
		    c->dst->path);
		return -1;
	}
	qsort(c->devs, c->ndev, sizeof(*c->devs), dev_cmp);
	for (i = 0; i < c->ndev; i++)
		if (c->devs[i].to == 0) {
			vg_error_set(err, "'%s': its site has no device '%s',"
			    " which '%s' has: not the same site", c->dst->path,
			    c->devs[i].code, c->src->path);
			return -1;
		}
	return 0;
}

/*
 * Rows compared by a digest: FNV-1a in two lanes of 64 bits over each
 * field, its length first, a row's added to the others' (so that the
 * rows' order does not count).  It tells rows apart (a copy's check that
 * a span is the same); it does not authenticate them.
 */
#define FNV_PRIME	0x100000001b3ULL

static void
fnv(uint64_t h[2], const void *p, size_t n)
{
	const unsigned char	*b = p;
	size_t			 i;

	for (i = 0; i < n; i++) {
		h[0] = (h[0] ^ b[i]) * FNV_PRIME;
		h[1] = (h[1] ^ (b[i] ^ 0x5c)) * FNV_PRIME;
	}
}

static void
fnv_int(uint64_t h[2], int64_t v)
{
	fnv(h, &v, sizeof(v));
}

static void
fnv_real(uint64_t h[2], double v)
{
	if (isnan(v))
		v = NAN;
	fnv(h, &v, sizeof(v));
}

static void
fnv_str(uint64_t h[2], const struct vg_str *s)
{
	fnv_int(h, (int64_t)s->len);
	if (s->len > 0)
		fnv(h, s->s, s->len);
}

/* A row's source by digest, as the archive it is read from (c->side)
 * lists it, or NULL. */
static const char *
row_sha(struct copy *c, int64_t source)
{
	const struct csrc	*s;
	size_t			 i;

	if (c->side == 0)
		return (s = src_by_id(c, source)) != NULL ? s->s.sha256 : NULL;
	if (c->dsrc.last < c->dsrc.n && c->dsrc.id[c->dsrc.last] == source)
		return c->dsrc.sha[c->dsrc.last];
	for (i = 0; i < c->dsrc.n; i++)
		if (c->dsrc.id[i] == source)
			return c->dsrc.sha[c->dsrc.last = i];
	return NULL;
}

static int
dsrc_add(const struct vg_source *s, void *arg)
{
	struct dsrc	*d = arg;

	d->id = xreallocarray(d->id, d->n + 1, sizeof(*d->id));
	d->sha = xreallocarray(d->sha, d->n + 1, sizeof(*d->sha));
	d->id[d->n] = s->id;
	memcpy(d->sha[d->n++], s->sha256, VG_SHA256_HEX);
	return 0;
}

/* One row into the digest of a span's rows: its device by its row id in
 * the destination (the devices are matched by id), its file by digest. */
static int
hash_one(const struct vg_gate_rec *g, const struct vg_sighting_rec *s,
    int64_t source, void *arg)
{
	struct copy		*c = arg;
	const char		*sha;
	int64_t			 dev = g != NULL ? g->gate : s->camera;
	uint64_t		 h[2];
	size_t			 i;

	if (c->side == 0 && (dev = row_dev(c, g, s)) == -1)
		return -1;
	/* each row's digest added to the span's: rows in any order, and
	   spans in any grouping, give the same */
	h[0] = 0xcbf29ce484222325ULL;
	h[1] = ~h[0];
	sha = row_sha(c, source);
	fnv_int(h, dev);
	fnv(h, sha != NULL ? sha : "?", sha != NULL ? strlen(sha) : 1);
	if (g != NULL) {
		fnv_int(h, g->t);
		fnv_int(h, g->credential);
		fnv_int(h, g->direction);
		fnv_int(h, g->result);
		fnv_real(h, g->score);
		fnv_int(h, g->line);
		fnv_str(h, &g->person);
		fnv_str(h, &g->card);
		fnv_str(h, &g->plate);
		fnv_str(h, &g->evno);
		c->h[0] += h[0];
		c->h[1] += h[1];
		return 0;
	}
	fnv_int(h, s->first);
	fnv_int(h, s->last);
	fnv_int(h, s->kind);
	fnv_real(h, s->score);
	fnv_int(h, s->upper);
	fnv_int(h, s->lower);
	fnv_int(h, s->line);
	for (i = 0; i < 4; i++)
		fnv_real(h, s->box[i]);
	fnv_str(h, &s->track);
	fnv_str(h, &s->person);
	fnv_str(h, &s->plate);
	fnv_str(h, &s->attrs);
	fnv_str(h, &s->evno);
	fnv_int(h, (int64_t)s->embdim);
	if (s->emb != NULL)
		fnv(h, s->emb, s->embdim * 4);
	c->h[0] += h[0];
	c->h[1] += h[1];
	return 0;
}

/* The digest of a span's rows in one archive (side 0 or 1). */
static int
span_digest(struct copy *c, int side, const char *name, uint64_t h[2],
    struct vg_error *err)
{
	struct vg_archive	*ar = side == 0 ? c->src : c->dst;

	c->side = side;
	c->err = err;
	c->h[0] = c->h[1] = 0;
	if (ar->ops->span_rows(ar, name, hash_one, c, err) == -1)
		return -1;
	h[0] = c->h[0];
	h[1] = c->h[1];
	return 0;
}

/* Whether spans a and b share time. */
static int
spans_meet(const struct cspan *a, const struct cspan *b)
{
	return a->start < b->end && a->end > b->start;
}

/*
 * The spans chosen against the destination's: those the destination
 * holds already (the same rows, by count and digest, devices by code and
 * files by digest: left as they are), or none there with rows in their
 * time; any other refused (a span of rows imported before spans,
 * "legacy", goes to the destination's days: copied again, it is
 * refused).  Spans are compared in groups, those of either side that
 * share time one with another, so that days merged into a week
 * (vg_archive_compact) on one side match the days on the other.
 */
static int
spans_against(struct copy *c, struct vg_error *err)
{
	uint64_t	 a[2], b[2], h[2];
	struct cspan	*s, *d = NULL;
	char		*ins, *ind;
	size_t		 i, j, k;
	int64_t		 n[2][2];
	int		 grew, rc = 0;

	if (c->dst->ops->spans(c->dst, dspan_add, c, err) == -1 ||
	    c->dst->ops->sources(c->dst, dsrc_add, &c->dsrc, err) == -1)
		return -1;
	ins = xcalloc(c->nspan + 1, 1);
	ind = xcalloc(c->ndspan + 1, 1);
	for (i = 0; i < c->nspan && rc == 0; i++) {
		s = &c->spans[i];
		if (s->same)
			continue;
		memset(ins, 0, c->nspan);
		memset(ind, 0, c->ndspan);
		ins[i] = 1;
		for (grew = 1; grew;) {
			grew = 0;
			for (j = 0; j < c->ndspan; j++)
				for (k = 0; !ind[j] && c->dspans[j].gates +
				    c->dspans[j].sightings > 0 && k < c->nspan;
				    k++)
					if (ins[k] && spans_meet(&c->spans[k],
					    &c->dspans[j]))
						ind[j] = grew = 1;
			for (k = 0; k < c->nspan; k++)
				for (j = 0; !ins[k] && j < c->ndspan; j++)
					if (ind[j] && spans_meet(&c->spans[k],
					    &c->dspans[j]))
						ins[k] = grew = 1;
		}
		memset(n, 0, sizeof(n));
		a[0] = a[1] = b[0] = b[1] = 0;
		for (j = 0, d = NULL; j < c->ndspan; j++)
			if (ind[j]) {
				if (d == NULL)
					d = &c->dspans[j];
				n[1][0] += c->dspans[j].gates;
				n[1][1] += c->dspans[j].sightings;
			}
		if (d == NULL)
			continue;
		for (k = 0; k < c->nspan; k++)
			if (ins[k]) {
				n[0][0] += c->spans[k].gates;
				n[0][1] += c->spans[k].sightings;
			}
		if (n[0][0] == n[1][0] && n[0][1] == n[1][1]) {
			for (k = 0; k < c->nspan && rc == 0; k++)
				if (ins[k] && (rc = span_digest(c, 0,
				    c->spans[k].name, h, err)) == 0)
					a[0] += h[0], a[1] += h[1];
			for (j = 0; j < c->ndspan && rc == 0; j++)
				if (ind[j] && (rc = span_digest(c, 1,
				    c->dspans[j].name, h, err)) == 0)
					b[0] += h[0], b[1] += h[1];
			if (rc == 0 && memcmp(a, b, sizeof(a)) == 0) {
				for (k = 0; k < c->nspan; k++)
					if (ins[k])
						c->spans[k].same = 1;
				continue;
			}
		}
		if (rc == 0) {
			vg_error_set(err, "'%s': span '%s' holds other rows (%lld"
			    " gate event%s, %lld sighting%s; '%s' has %lld and"
			    " %lld in span '%s'): nothing copied", c->dst->path,
			    d->name, (long long)d->gates, d->gates == 1 ? "" :
			    "s", (long long)d->sightings, d->sightings == 1 ?
			    "" : "s", c->src->path, (long long)s->gates,
			    (long long)s->sightings, s->name);
			rc = -1;
		}
	}
	free(ins);
	free(ind);
	return rc;
}

/* One row stored in the destination. */
static int
put_one(const struct vg_gate_rec *g, const struct vg_sighting_rec *s,
    int64_t source, void *arg)
{
	struct copy		*c = arg;
	struct vg_gate_rec	 gg;
	struct vg_sighting_rec	 ss;
	int64_t			 to, dev, dup = 0;
	int			 rc;

	if ((to = src_to(c, source, c->err)) == -1 ||
	    (dev = row_dev(c, g, s)) == -1)
		return -1;
	if (g != NULL) {
		gg = *g;
		gg.gate = dev;
		gg.habit = 0;
		if (vg_ar_put_gate(c->dst, &gg, to, c->err) == -1)
			return -1;
		c->cp->gates++;
		return 0;
	}
	ss = *s;
	ss.camera = dev;
	if ((rc = vg_ar_put_sighting(c->dst, &ss, to, &dup, c->err)) == -1)
		return -1;
	if (rc == 1) {
		vg_error_set(c->err, "'%s': sighting '%.*s' twice from one file",
		    c->src->path, (int)s->track.len, s->track.s);
		return -1;
	}
	c->cp->sightings++;
	return 0;
}

/* A person of a roster file the destination lacks. */
static int
person_one(const struct vg_person_rec *p, int64_t source, void *arg)
{
	struct copy	*c = arg;
	struct csrc	*s;
	struct vg_source d;
	int64_t		 to;
	int		 found;

	if ((s = src_by_id(c, source)) == NULL)
		return 0;		/* a file forgotten: as it was */
	if (s->to == 0) {
		memset(&d, 0, sizeof(d));
		found = c->dst->ops->source_find(c->dst, s->s.sha256, &d);
		free(d.path);
		if (found) {
			s->had = 1;
			s->to = d.id;
		}
	}
	if (s->had)
		return 0;
	if ((to = src_to(c, source, c->err)) == -1)
		return -1;
	if (vg_ar_put_person(c->dst, p, to, c->err) == -1)
		return -1;
	c->cp->people++;
	return 0;
}

/* The destination's clock corrections, by device, before the copy. */
struct offs {
	char		**dev;		/* device ids */
	struct vg_offset *o;		/* their corrections (strings not
					   kept) */
	size_t		  n;		/* how many */
};

static int
off_add(const struct vg_offset *o, void *arg)
{
	struct offs	*f = arg;

	f->dev = xreallocarray(f->dev, f->n + 1, sizeof(*f->dev));
	f->o = xreallocarray(f->o, f->n + 1, sizeof(*f->o));
	f->dev[f->n] = xstrdup(o->device);
	f->o[f->n] = *o;
	f->o[f->n].device = f->dev[f->n];
	f->o[f->n].method = f->o[f->n].note = NULL;
	f->n++;
	return 0;
}

/* What the callbacks of a copy's clock corrections, recordings and
 * lookups share. */
struct rest {
	struct copy	*c;		/* the copy */
	struct offs	*had;		/* the destination's corrections */
	struct vg_error	*err;		/* a failure */
};

static int
off_put(const struct vg_offset *o, void *arg)
{
	struct rest	*op = arg;
	size_t		 i;

	for (i = 0; i < op->had->n; i++)
		if (strcmp(op->had->dev[i], o->device) == 0) {
			if (op->had->o[i].offset != o->offset)
				op->c->cp->offsets_kept++;
			return 0;
		}
	if (op->c->dst->ops->offset_put(op->c->dst, o, op->err) == -1)
		return -1;
	op->c->cp->offsets++;
	return 0;
}

static int
rec_put(const struct vg_recording *r, void *arg)
{
	struct rest	*op = arg;
	uint64_t	 size;
	int64_t		 mtime;
	char		 sha[VG_SHA256_HEX];
	int		 had;

	if ((had = vg_ar_recording_find(op->c->dst, r->path, &size, &mtime,
	    sha, op->err)) == -1)
		return -1;
	if (had)
		return 0;
	if (vg_ar_put_recording(op->c->dst, r, op->err) == -1)
		return -1;
	op->c->cp->recordings++;
	return 0;
}

/* A lookup of the audit table copied, or counted as left. */
static int
audit_one(const struct vg_ar_audit_row *a, void *arg)
{
	struct rest	*op = arg;
	int		 r;

	if (op->c->dst->ops->audit_put == NULL) {
		op->c->cp->audits_left++;
		return 0;
	}
	if ((r = op->c->dst->ops->audit_put(op->c->dst, a, op->err)) == -1)
		return -1;
	op->c->cp->audits += r;
	return 0;
}

/* The model's time of learning, as its JSON gives it. */
static int64_t
model_learned(const char *body)
{
	json_t		*root;
	int64_t		 t = 0;

	if ((root = json_loads(body, 0, NULL)) != NULL) {
		t = json_integer_value(json_object_get(root, "learned"));
		json_decref(root);
	}
	return t;
}

/* Everything but the spans' rows, inside the destination's transaction. */
static int
copy_rest(struct copy *c, int logs_before, struct vg_error *err)
{
	struct offs	 had = { NULL, NULL, 0 };
	struct rest	 op = { c, &had, err };
	char		*body = NULL, *root = NULL, *droot = NULL;
	size_t		 i;
	int		 rc = 0, r;

	if (c->dst->ops->offsets(c->dst, off_add, &had, err) == -1)
		rc = -1;
	if (rc == 0)
		rc = c->src->ops->offsets(c->src, off_put, &op, err);
	if (rc == 0 && vg_archive_has(c->src, VG_HOLDS_CORRECTIONS) &&
	    !vg_archive_has(c->dst, VG_HOLDS_CORRECTIONS))
		rc = vg_ar_skew_estimated(c->dst, err);
	for (i = 0; i < had.n; i++)
		free(had.dev[i]);
	free(had.dev);
	free(had.o);
	/* the lookups officers made (a server's); a file keeps none */
	if (rc == 0 && c->src->ops->audits != NULL)
		rc = c->src->ops->audits(c->src, audit_one, &op, err);
	if (rc == 0 && vg_archive_has(c->src, VG_HOLDS_RECORDINGS)) {
		rc = vg_ar_recordings(c->src, NULL, VG_TIME_NONE, VG_TIME_NONE,
		    rec_put, &op, err);
		if (rc == 0 && vg_ar_recordings_root(c->src, &root, err) > 0 &&
		    root != NULL && (r = vg_ar_recordings_root(c->dst, &droot,
		    NULL)) >= 0 && droot == NULL)
			rc = vg_ar_set_recordings_root(c->dst, root, err);
		free(root);
		free(droot);
	}
	/* the model learned from the same rows, when they are all there are */
	if (rc == 0 && !logs_before && (r = vg_ar_model_read(c->src, &body,
	    err)) != 0) {
		rc = r == -1 ? -1 : vg_ar_model_write(c->dst,
		    model_learned(body), body, err);
		c->cp->model = rc == 0;
	}
	free(body);
	return rc;
}

int
vg_archive_copy(struct vg_archive *src, struct vg_archive *dst,
    struct vg_copy *cp, struct vg_error *err)
{
	struct copy		 c;
	struct vg_site		*site = NULL, *dsite = NULL;
	size_t			 i, j;
	int			 rc = -1, intx = 0, logs_before;
	size_t			 sdim, ddim;

	memset(&c, 0, sizeof(c));
	c.src = src;
	c.dst = dst;
	c.cp = cp;
	c.err = err;
	cp->ncopied = cp->nsame = 0;
	cp->gates = cp->sightings = cp->sources = cp->people = 0;
	cp->offsets = cp->offsets_kept = cp->recordings = 0;
	cp->audits = cp->audits_left = 0;
	cp->site = cp->model = 0;
	if (strcmp(src->path, dst->path) == 0) {
		vg_error_set(err, "'%s': an archive copied into itself",
		    src->path);
		return -1;
	}
	if (!dst->rdwr) {
		vg_error_set(err, "'%s': opened read-only", dst->path);
		return -1;
	}
	if (src->ops->span_rows == NULL || dst->ops->source_put == NULL) {
		vg_error_set(err, "'%s': its back end cannot copy archives",
		    src->ops->span_rows == NULL ? src->path : dst->path);
		return -1;
	}
	if (vg_archive_site(src, &site, err) == -1)
		return -1;
	if (site == NULL) {
		vg_error_set(err, "'%s': no site description: nothing to copy",
		    src->path);
		return -1;
	}
	if (dst->ops->has_site(dst)) {
		if (vg_archive_site(dst, &dsite, err) == -1)
			goto out;
		if (strcmp(dsite->id, site->id) != 0 ||
		    strcmp(dsite->timezone, site->timezone) != 0) {
			vg_error_set(err, "'%s': holds site '%s' (%s), not '%s'"
			    " (%s): nothing copied", dst->path, dsite->id,
			    dsite->timezone, site->id, site->timezone);
			goto out;
		}
	}
	sdim = src->ops->embedding_dim(src);
	ddim = dst->ops->embedding_dim(dst);
	if (sdim != 0 && ddim != 0 && sdim != ddim) {
		vg_error_set(err, "'%s': appearance vectors of %zu numbers, not"
		    " %zu as in '%s': nothing copied", dst->path, ddim, sdim,
		    src->path);
		goto out;
	}
	if (src->ops->sources(src, src_add, &c, err) == -1 ||
	    src->ops->spans(src, span_add, &c, err) == -1)
		goto out;
	for (i = 0; i < cp->nspans; i++) {
		for (j = 0; j < c.nspan; j++)
			if (strcmp(c.spans[j].name, cp->spans[i]) == 0)
				break;
		if (j == c.nspan) {
			vg_error_set(err, "'%s': no span '%s' holding rows",
			    src->path, cp->spans[i]);
			goto out;
		}
	}

	/* one transaction: the destination as it was if any of it fails;
	 * its spans compared in it, before anything is written */
	if (vg_ar_begin(dst, "gate_event", 0, err) == -1)
		goto out;
	intx = 1;
	if (dsite != NULL && (devices_match(&c, err) == -1 ||
	    spans_against(&c, err) == -1))
		goto out;
	logs_before = vg_archive_has(dst, VG_HOLDS_LOGS);
	/* every file, in order, when every span is copied (those whose rows
	 * were all left out as another's too); else those the rows name */
	for (i = 0; cp->nspans == 0 && cp->from == VG_TIME_NONE &&
	    cp->to == VG_TIME_NONE && i < c.nsrc; i++)
		if (src_to(&c, c.srcs[i].id, err) == -1)
			goto out;
	if (dsite == NULL) {
		int64_t	from = 0;

		/* the site's file: the newest site description imported */
		for (i = 0; i < c.nsrc; i++)
			if (c.srcs[i].s.format == VG_FORMAT_SITE)
				from = c.srcs[i].id;
		if (from == 0) {
			vg_error_set(err, "'%s': no site file listed",
			    src->path);
			goto out;
		}
		if ((from = src_to(&c, from, err)) == -1 ||
		    vg_ar_put_site(dst, site, from, err) == -1)
			goto out;
		cp->site = 1;
		if (devices_match(&c, err) == -1)
			goto out;
	}
	if (src->ops->roster(src, person_one, &c, err) == -1)
		goto out;
	for (i = 0; i < c.nspan; i++) {
		if (c.spans[i].same) {
			cp->nsame++;
			continue;
		}
		if (src->ops->span_rows(src, c.spans[i].name, put_one, &c,
		    err) == -1)
			goto out;
		cp->ncopied++;
	}
	if (copy_rest(&c, logs_before, err) == -1)
		goto out;
	intx = 0;
	if (vg_ar_commit(dst, err) == -1)
		goto out;
	/* new rows beside others: the model learned again, as an import does */
	if (logs_before && cp->ncopied > 0 && vg_model_update(dst,
	    VG_MODEL_GROWN, err) == -1)
		goto out;
	rc = 0;
out:
	if (intx)
		vg_ar_rollback(dst);
	if (rc == -1)
		cp->ncopied = 0;
	vg_site_free(site);
	vg_site_free(dsite);
	copy_free(&c);
	return rc;
}
