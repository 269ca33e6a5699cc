/* write.c: what the sensors logged, with their faults: logs, roster, truth, video */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"
#include "video.h"
#include "vigil-int.h"

#define US	1000000LL	/* microseconds a second */
#define HOUR	(3600 * US)	/* an hour */

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋",
	"唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘",
	"欧阳", "司马"
};
static const char *const givens[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
	"杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华",
	"文", "华", "建国", "红", "志强", "海燕", "晓东", "春梅", "国庆", "小龙",
	"德华", "玉兰", "振宇"
};
static const char *const agencies[] = {
	"深圳龙华人力资源有限公司", "鸿运劳务派遣有限公司",
	"粤通人力资源服务有限公司", "中原劳务合作有限公司"
};

/* The writer's state. */
struct out {
	struct sim_world	*w;		/* the world */
	struct rng		 rng;		/* the sensors' chance */
	struct rng		 prng;		/* theirs for the later plants */
	struct vg_tz		*tz;		/* the site's zone */
	size_t			*order;		/* passages by device, time */
	int32_t			*track;		/* track number by passage, 0 none */
	int64_t			 from, to;	/* the window simulated */
	int64_t			 ngate, nsight, nmissed; /* counts */
	int			 dim;		/* floats in an appearance vector */
	float			*v;		/* one vector, dim */
	unsigned char		*raw;		/* its bytes, 4 * dim */
	char			*b64;		/* and in base64 */
	int64_t			*nsightdev;	/* sightings logged, by device */
	size_t			 anchor;	/* the overpass anchor's passage,
						   or -1 */
	FILE			*who;		/* truth-sightings.csv */
};

static char *
join(const char *dir, const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", dir, name);
	return p;
}

static int
mkdirs(const char *path, struct vg_error *err)
{
	return vg_mkdirs(path, 0755, err);
}

static FILE *
create(const char *path, struct vg_error *err)
{
	FILE	*fp;

	if ((fp = fopen(path, "w")) == NULL)
		vg_error_set(err, "cannot create '%s': %s", path,
		    strerror(errno));
	return fp;
}

static int
finish(FILE *fp, const char *path, struct vg_error *err)
{
	if (ferror(fp) | (fclose(fp) != 0)) {
		vg_error_set(err, "'%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* A time as the devices write it: with the offset, or local without. */
static const char *
when(struct out *o, int64_t t, int offset, char *buf)
{
	size_t	n = vg_time_format(o->tz, t, buf, VG_TIME_BUFSZ);

	if (!offset && n > 6)
		buf[n - 6] = '\0';
	return buf;
}

static void
person_id(int i, char *buf, size_t size)
{
	snprintf(buf, size, "P%07d", 100 + 3 * i);
}

static void
plate_of(int i, char *buf, size_t size)
{
	/* five digits for the first 100,000 people, each their own; then the
	   next city's letter, so that no two people share a plate */
	snprintf(buf, size, "粤%c%05d", "BDEFGHJKLM"[i / 100000 % 10],
	    (i * 7919) % 100000);
}

/* One roster row's chance, drawn in the order write_roster prints it. */
struct rowdraw {
	double		 u;		/* status: visitor from 0.99 up */
	int		 surname, given; /* indexes of the name's parts */
	int		 unit;		/* a production unit, or 0: an agency */
	int		 agency;	/* which agency, if not a unit */
};

static void
roster_draw(struct rng *r, struct rowdraw *x)
{
	x->u = rng_unit(r);
	/* the given name first: the order the roster always drew them in */
	x->given = rng_int(r, sizeof(givens) / sizeof(*givens));
	x->surname = rng_int(r, sizeof(surnames) / sizeof(*surnames));
	x->unit = x->agency = 0;
	if (rng_unit(r) < 0.6)
		x->unit = 1 + rng_int(r, 100);
	else
		x->agency = rng_int(r, sizeof(agencies) / sizeof(*agencies));
}

static const char *
roster_status(const struct rowdraw *x)
{
	return x->u < 0.95 ? "active" : x->u < 0.99 ? "contractor" : "visitor";
}

/* Which of the roster the roster will call visitors: vis[i] set to 1. */
void
sim_visitors(const struct sim_world *w, char *vis)
{
	struct rng	 r;
	struct rowdraw	 x;
	int		 i;

	rng_seed(&r, w->p.seed ^ 0x726f73746572ULL);
	for (i = 0; i < w->p.people; i++) {
		roster_draw(&r, &x);
		vis[i] = strcmp(roster_status(&x), "visitor") == 0;
	}
}

static int
write_roster(struct out *o, const char *dir, struct vg_error *err)
{
	struct sim_world	*w = o->w;
	struct rng		 r;
	struct rowdraw		 x;
	char			*path = join(dir, "roster.csv"), id[16], pl[32];
	FILE			*fp;
	int			 i, rc;

	if ((fp = create(path, err)) == NULL) {
		free(path);
		return -1;
	}
	rng_seed(&r, w->p.seed ^ 0x726f73746572ULL);
	fprintf(fp, "person,name,employer,dorm,card,plate,status\n");
	for (i = 0; i < w->p.people; i++) {
		const struct sim_person *p = &w->people[i];

		person_id(i, id, sizeof(id));
		roster_draw(&r, &x);
		fprintf(fp, "%s,%s%s,", id, surnames[x.surname],
		    givens[x.given]);
		if (x.unit != 0)
			fprintf(fp, "第%d事业部", x.unit);
		else
			fprintf(fp, "%s", agencies[x.agency]);
		plate_of(i, pl, sizeof(pl));
		fprintf(fp, ",%s,%08u,%s,%s\n", p->home != -1 ?
		    w->places[p->home].id : "", p->card, p->car ? pl : "",
		    roster_status(&x));
	}
	rc = finish(fp, path, err);
	free(path);
	return rc;
}

static const struct out *sort_out;	/* for the comparison below */

static int
by_device_time(const void *a, const void *b)
{
	const struct sim_pass	*x = &sort_out->w->pass[*(const size_t *)a];
	const struct sim_pass	*y = &sort_out->w->pass[*(const size_t *)b];

	if (x->device != y->device)
		return x->device - y->device;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->person != y->person)
		return x->person - y->person;
	return x < y ? -1 : x > y;
}

/*
 * The dial skew-block: the cameras nearest a camera drawn at random, by
 * links (gates passed through, not counted), each skewed with chance a
 * half.  From its own stream of chance, so that the rest of the world
 * draws as before.
 */
static void
skew_block(struct sim_world *w)
{
	struct rng	 r;
	int		*queue, *seen, head = 0, tail = 0, ncam = 0, want, i, k;
	double		 sign;

	want = (int)w->p.dial.skew_block;
	rng_seed(&r, w->p.seed ^ 0x626c6f636bULL);
	for (i = 0; i < 100; i++) {
		k = rng_int(&r, w->ndevices);
		if (w->devices[k].type == VG_CAMERA && k != w->overpass_cam)
			break;
	}
	if (i == 100)
		return;
	queue = xcalloc((size_t)w->ndevices + 1, sizeof(*queue));
	seen = xcalloc((size_t)w->ndevices + 1, sizeof(*seen));
	queue[tail++] = k;
	seen[k] = 1;
	while (head < tail && ncam < want) {
		int d = queue[head++];

		if (w->devices[d].type == VG_CAMERA && d != w->overpass_cam) {
			ncam++;
			if (rng_unit(&r) < 0.5) {
				sign = rng_unit(&r) < 0.5 ? -1 : 1;
				w->devices[d].skew = (int64_t)(rng_range(&r,
				    w->p.dial.skew_lo, w->p.dial.skew_hi) *
				    sign * US);
			} else
				w->devices[d].skew = 0;
		}
		for (i = 0; i < w->nlinks; i++) {
			int o = w->links[i].a == d ? w->links[i].b :
			    w->links[i].b == d ? w->links[i].a : -1;

			if (o >= 0 && !seen[o]) {
				seen[o] = 1;
				queue[tail++] = o;
			}
		}
	}
	free(queue);
	free(seen);
}

/*
 * Some cameras' clocks are wrong by tens of seconds to minutes; with the
 * dials skew-utc and skew-dst, some by whole hours too; with skew-block,
 * a block of linked cameras.  With the dial empty, some cameras log
 * almost no one.
 */
static void
skew_clocks(struct out *o)
{
	struct sim_world	*w = o->w;
	const struct sim_dials	*dl = &w->p.dial;
	int			 i, on_path = -1;
	const struct sim_incident *in = &w->incidents[0];
	size_t			 k;
	double			 u;

	for (i = 0; i < w->ndevices; i++) {
		if (w->devices[i].type != VG_CAMERA || i == w->overpass_cam ||
		    rng_unit(&o->rng) >= dl->skewed)
			continue;
		w->devices[i].skew = (int64_t)(rng_range(&o->rng, dl->skew_lo,
		    dl->skew_hi) * (rng_unit(&o->rng) < 0.5 ? -1 : 1) * US);
	}
	if (dl->skew_block > 0)
		skew_block(w);
	for (i = 0; i < w->ndevices && dl->skew_utc + dl->skew_dst > 0; i++) {
		if (w->devices[i].type != VG_CAMERA || i == w->overpass_cam)
			continue;
		/* a camera left on UTC writes UTC as if it were local time */
		if ((u = rng_unit(&o->rng)) < dl->skew_utc)
			w->devices[i].skew += -(int64_t)w->p.utcoff * US;
		else if (u < dl->skew_utc + dl->skew_dst)
			w->devices[i].skew += rng_unit(&o->rng) < 0.5 ? -HOUR :
			    HOUR;
	}
	for (i = 0; i < w->ndevices && dl->empty > 0; i++)
		if (w->devices[i].type == VG_CAMERA && i != w->overpass_cam &&
		    rng_unit(&o->rng) < dl->empty)
			w->devices[i].empty = 1;
	/* one camera the suspect runs past is wrong too */
	for (k = in->anchor + 1; k < in->npass; k++) {
		i = w->pass[in->pass[k]].device;
		if (w->devices[i].type == VG_CAMERA && w->devices[i].ring == 1 &&
		    i != w->overpass_cam) {
			on_path = i;
			break;
		}
	}
	if (on_path != -1)
		w->devices[on_path].skew = -47 * US - 250000;
}

/*
 * The appearance vector of a person seen once: theirs, plus noise; with
 * the dial noise-tail, half the sightings are noisier, by up to e^(tail
 * times a normal deviate), as in poor light or seen from behind.  The
 * anchor's sighting may have a noise of its own (the dial anchor-noise),
 * drawn from the same chance, so that nothing else in the world changes.
 */
static void
embedding(struct out *o, int person, int anchor, char *b64)
{
	static const char	 digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789+/";
	struct rng		 r;
	float			*v = o->v;
	unsigned char		*raw = o->raw;
	double			 norm = 0, noise = o->w->p.dial.noise, z;
	uint32_t		 u;
	int			 i, k, size = 4 * o->dim;

	rng_seed(&r, o->w->p.seed * 31 + (uint64_t)person);
	if (o->w->p.dial.noise_tail > 0 && (z = rng_normal(&o->rng)) > 0)
		noise *= exp(o->w->p.dial.noise_tail * z);
	if (anchor && o->w->p.dial.anchor_noise > 0)
		noise = o->w->p.dial.anchor_noise;
	for (i = 0; i < o->dim; i++)
		v[i] = (float)(rng_normal(&r) + noise * rng_normal(&o->rng));
	for (i = 0; i < o->dim; i++)
		norm += (double)v[i] * v[i];
	norm = sqrt(norm);
	for (i = 0; i < o->dim; i++) {
		float f = (float)(v[i] / norm);

		memcpy(&u, &f, 4);
		raw[4 * i] = (unsigned char)u;
		raw[4 * i + 1] = (unsigned char)(u >> 8);
		raw[4 * i + 2] = (unsigned char)(u >> 16);
		raw[4 * i + 3] = (unsigned char)(u >> 24);
	}
	for (i = 0, k = 0; i < size; i += 3) {
		uint32_t n = (uint32_t)raw[i] << 16;
		int left = size - i;

		if (left > 1)
			n |= (uint32_t)raw[i + 1] << 8;
		if (left > 2)
			n |= raw[i + 2];
		b64[k++] = digits[n >> 18];
		b64[k++] = digits[(n >> 12) & 63];
		b64[k++] = left > 1 ? digits[(n >> 6) & 63] : '=';
		b64[k++] = left > 2 ? digits[n & 63] : '=';
	}
	b64[k] = '\0';
}

static int
misread(struct out *o, int colour, int faults)
{
	if (faults && rng_unit(&o->rng) < o->w->p.dial.colour_error)
		return 1 + rng_int(&o->rng, 11);
	return colour;
}

/* One gate's log: passages as the gate saw them. */
static void
gate_rows(struct out *o, FILE *fp, const struct sim_pass *p)
{
	struct sim_world	*w = o->w;
	const struct sim_device	*g = &w->devices[p->device];
	const char		*dir = vg_direction_names[p->dir];
	char			 t[VG_TIME_BUFSZ], id[16], pl[32];
	int			 faults = !(p->flags & PASS_NOFAULT);
	int			 who = p->other != -1 ? p->other : p->person;

	if (p->flags & PASS_SILENT)
		return;
	person_id(who, id, sizeof(id));
	if (p->flags & PASS_VEHICLE) {
		plate_of(p->person, pl, sizeof(pl));
		if (faults && rng_unit(&o->rng) < 0.02)
			fprintf(fp, "%s,%s,,plate,,,%s,denied,0.%02d\n",
			    when(o, p->t, 1, t), g->id, dir,
			    20 + rng_int(&o->rng, 40));
		else
			fprintf(fp, "%s,%s,%s,plate,,%s,%s,granted,0.%02d\n",
			    when(o, p->t, 1, t), g->id, w->people[p->person].car ?
			    id : "", pl, dir, 90 + rng_int(&o->rng, 10));
		o->ngate++;
		return;
	}
	if (p->flags & PASS_DENIED) {
		fprintf(fp, "%s,%s,%s,badge,%08u,,%s,denied,\n",
		    when(o, p->t, 1, t), g->id, id, w->people[who].card, dir);
		o->ngate++;
		return;
	}
	if (p->flags & PASS_FACEDENIED) {
		fprintf(fp, "%s,%s,%s,face,,,%s,denied,0.%02d\n",
		    when(o, p->t, 1, t), g->id, id, dir,
		    80 + rng_int(&o->rng, 20));
		o->ngate++;
		return;
	}
	if (p->flags & PASS_TAILGATE) {
		fprintf(fp, "%s,%s,,none,,,%s,alarm,\n", when(o, p->t, 1, t),
		    g->id, dir);
		o->ngate++;
		return;
	}
	if (p->person >= w->p.people && p->other == -1) {
		/* a stranger: the face matches no one */
		fprintf(fp, "%s,%s,,face,,,%s,denied,0.%02d\n",
		    when(o, p->t, 1, t), g->id, dir, 30 + rng_int(&o->rng, 30));
		o->ngate++;
		return;
	}
	if ((g->creds & VG_CRED_FACE) && !(p->flags & PASS_BADGE) &&
	    (!faults || rng_unit(&o->rng) < 0.8)) {
		if (faults && rng_unit(&o->rng) < 0.03) {
			/* not recognised: refused, then the badge */
			fprintf(fp, "%s,%s,,face,,,%s,denied,0.%02d\n",
			    when(o, p->t, 1, t), g->id, dir,
			    40 + rng_int(&o->rng, 30));
			fprintf(fp, "%s,%s,%s,badge,%08u,,%s,granted,\n",
			    when(o, p->t + 3 * US, 1, t), g->id, id,
			    w->people[who].card, dir);
			o->ngate += 2;
			return;
		}
		if (faults && w->p.dial.gate_face < 1 &&
		    rng_unit(&o->rng) >= w->p.dial.gate_face) {
			/* read, not known: he passes, named by no one */
			fprintf(fp, "%s,%s,,face,,,%s,granted,0.%02d\n",
			    when(o, p->t, 1, t), g->id, dir,
			    31 + rng_int(&o->rng, 30));
			o->ngate++;
			return;
		}
		fprintf(fp, "%s,%s,%s,face,,,%s,granted,0.%02d\n",
		    when(o, p->t, 1, t), g->id, id, dir,
		    80 + rng_int(&o->rng, 20));
		o->ngate++;
		return;
	}
	if (faults && rng_unit(&o->rng) < 0.01) {
		fprintf(fp, "%s,%s,%s,badge,%08u,,%s,denied,\n",
		    when(o, p->t, 1, t), g->id, id, w->people[who].card, dir);
		o->ngate++;
	}
	fprintf(fp, "%s,%s,%s,badge,%08u,,%s,granted,\n",
	    when(o, p->t, 1, t), g->id, id, w->people[who].card, dir);
	o->ngate++;
}

/*
 * When a camera saw a passage, by its own clock: the true time falls at
 * the dial stamp between first and last (0.5 as built, the middle); for
 * a camera of the dial view-side, at first walking into its view, at
 * last walking out of it.
 */
static void
in_view(const struct out *o, const struct sim_pass *p,
    const struct sim_device *c, int64_t *first, int64_t *last)
{
	double	stamp = o->w->p.dial.stamp;

	if (c->side)		/* into the view from the camera, or out */
		stamp = p->dir == 1 ? 1 : 0;
	if (stamp == 0.5) {
		*first = p->t - p->dwell / 2 + c->skew;
		*last = p->t + p->dwell / 2 + c->skew;
	} else {
		*first = p->t - (int64_t)((double)p->dwell * stamp) + c->skew;
		*last = p->t + (int64_t)((double)p->dwell * (1 - stamp)) +
		    c->skew;
	}
}

/* Whom a sighting saw, and when, for truth-sightings.csv. */
static void
who_row(struct out *o, int track, const struct sim_pass *p)
{
	const struct sim_world	*w = o->w;
	char			 id[16], t[VG_TIME_BUFSZ];

	if (p->person < w->p.people)
		person_id(p->person, id, sizeof(id));
	else
		snprintf(id, sizeof(id), "S%d", p->person - w->p.people + 1);
	fprintf(o->who, "%s,T%06d,%s,%s,%s\n", w->devices[p->device].id, track,
	    id, when(o, p->t, 1, t), p->flags & PASS_RUN ? "run" :
	    p->flags & PASS_VEHICLE ? "drive" : "walk");
}

/* One sighting as the camera's analytics logged it, or nothing. */
static void
sight_row(struct out *o, FILE *fp, size_t k, const struct sim_pass *p)
{
	struct sim_world	*w = o->w;
	const struct sim_device	*c = &w->devices[p->device];
	const struct sim_person	*who = &w->people[p->person];
	char			 t1[VG_TIME_BUFSZ], t2[VG_TIME_BUFSZ], id[16];
	char			*b64 = o->b64, pl[32];
	int			 faults = !(p->flags & PASS_NOFAULT), match;
	int64_t			 first, last;

	in_view(o, p, c, &first, &last);
	id[0] = '\0';
	who_row(o, o->track[k], p);
	if (p->flags & PASS_VEHICLE) {
		plate_of(p->person, pl, sizeof(pl));
		fprintf(fp, "%s,T%06d,%s,%s,vehicle,,,%s,%s,,,,,,,\n", c->id,
		    o->track[k], when(o, first, 0, t1), when(o, last, 0, t2),
		    rng_unit(&o->rng) < 0.9 ? pl : "",
		    vg_colour_names[who->upper]);
		o->nsight++;
		o->nsightdev[p->device]++;
		return;
	}
	match = -1;
	if (c->face && p->person < w->p.people) {
		if (!faults || rng_unit(&o->rng) < w->p.dial.face)
			match = p->person;
		else if (rng_unit(&o->rng) < 0.2)
			match = rng_int(&o->rng, w->p.people);	/* false */
	}
	if (match != -1)
		person_id(match, id, sizeof(id));
	embedding(o, p->person, k == o->anchor, b64);
	fprintf(fp, "%s,T%06d,%s,%s,%s,%s,", c->id, o->track[k],
	    when(o, first, 0, t1), when(o, last, 0, t2),
	    c->face ? "face" : "person", id);
	if (match != -1)
		fprintf(fp, "0.%02d", match == p->person ?
		    80 + rng_int(&o->rng, 20) : 55 + rng_int(&o->rng, 20));
	fprintf(fp, ",,%s,%s,gender=%s%s%s,%.3f,%.3f,%.3f,%.3f,%s\n",
	    vg_colour_names[misread(o, who->upper, faults)],
	    vg_colour_names[misread(o, who->lower, faults)],
	    who->female ? "female" : "male",
	    p->flags & PASS_RUN ? ";running=yes" : "",
	    rng_unit(&o->rng) < 0.3 ? ";bag=backpack" : "",
	    rng_range(&o->rng, 0.05, 0.7), rng_range(&o->rng, 0.1, 0.5),
	    rng_range(&o->rng, 0.08, 0.15), rng_range(&o->rng, 0.25, 0.4),
	    b64);
	o->nsight++;
	o->nsightdev[p->device]++;
}

static int
count(const struct sim_world *w, int type)
{
	int	i, n = 0;

	for (i = 0; i < w->ndevices; i++)
		n += w->devices[i].type == type;
	return n;
}

static int
in_window(const struct out *o, const struct sim_pass *p)
{
	return p->t >= o->from && p->t < o->to;
}

/*
 * Decide which camera passages the analytics caught, and number them;
 * the later plants' passages are all caught, numbered after the others
 * of their camera, so that no one else's sighting changes.
 */
static void
number_tracks(struct out *o)
{
	struct sim_world	*w = o->w;
	size_t			 i, k;
	int			 dev = -1, n = 0, *last;

	last = xcalloc((size_t)w->ndevices + 1, sizeof(*last));
	for (i = 0; i < w->npass; i++) {
		k = o->order[i];
		if (w->pass[k].device != dev) {
			dev = w->pass[k].device;
			n = 0;
		}
		if (w->devices[dev].type != VG_CAMERA ||
		    !in_window(o, &w->pass[k]) || k >= w->plant0)
			continue;
		if (!(w->pass[k].flags & PASS_NOFAULT) &&
		    rng_unit(&o->rng) < (w->devices[dev].empty ? 0.98 :
		    w->p.dial.miss)) {
			o->nmissed++;
			continue;		/* a missed detection */
		}
		o->track[k] = last[dev] = ++n;
	}
	for (i = 0; i < w->npass; i++) {
		k = o->order[i];
		dev = w->pass[k].device;
		if (k >= w->plant0 && w->devices[dev].type == VG_CAMERA &&
		    in_window(o, &w->pass[k]))
			o->track[k] = ++last[dev];
	}
	free(last);
}

/* One passage's rows; the later plants' with their own chance. */
static void
pass_rows(struct out *o, FILE *fp, size_t k)
{
	struct sim_world	*w = o->w;
	struct rng		 keep = o->rng;

	if (k >= w->plant0)
		o->rng = o->prng;
	if (w->devices[w->pass[k].device].type == VG_GATE)
		gate_rows(o, fp, &w->pass[k]);
	else if (o->track[k] != 0)
		sight_row(o, fp, k, &w->pass[k]);
	if (k >= w->plant0) {
		o->prng = o->rng;
		o->rng = keep;
	}
}

/* Every device's log, even one that saw no one, in time order. */
static int
write_logs(struct out *o, const char *dir, struct vg_error *err)
{
	struct sim_world	*w = o->w;
	char			*path, name[48];
	FILE			*fp;
	size_t			 i = 0, k;
	int			 dev;

	for (k = 0; k < 2; k++) {
		path = join(dir, k == 0 ? "gates" : "cameras");
		if (mkdirs(path, err) == -1) {
			free(path);
			return -1;
		}
		free(path);
	}
	for (dev = 0; dev < w->ndevices; dev++) {
		const struct sim_device *d = &w->devices[dev];

		snprintf(name, sizeof(name), "%s/%s.%s.csv", d->type ==
		    VG_GATE ? "gates" : "cameras", d->id, d->type == VG_GATE ?
		    "gate" : "sightings");
		path = join(dir, name);
		if ((fp = create(path, err)) == NULL) {
			free(path);
			return -1;
		}
		fputs(d->type == VG_GATE ? "time,gate,person,credential,card,"
		    "plate,direction,result,score\n" : "camera,track,first,last,"
		    "kind,person,score,plate,upper,lower,attrs,x,y,w,h,"
		    "embedding\n", fp);
		for (; i < w->npass && w->pass[o->order[i]].device == dev;
		    i++) {
			k = o->order[i];
			if (in_window(o, &w->pass[k]))
				pass_rows(o, fp, k);
		}
		if (finish(fp, path, err) == -1) {
			free(path);
			return -1;
		}
		free(path);
	}
	return 0;
}

/* One hop of a true path, as truth.json gives it. */
static void
truth_hop(struct out *o, FILE *fp, size_t k, int comma)
{
	struct sim_world	*w = o->w;
	const struct sim_pass	*p = &w->pass[k];
	const struct sim_device	*d = &w->devices[p->device];
	char			 t1[VG_TIME_BUFSZ], t2[VG_TIME_BUFSZ];
	char			 t3[VG_TIME_BUFSZ];
	int64_t			 first, last;

	fprintf(fp, "%s\n        {\"device\":\"%s\",", comma ? "," : "", d->id);
	if (d->type == VG_GATE) {
		fprintf(fp, "\"type\":\"gate\",\"time\":\"%s\",\"direction\":"
		    "\"%s\"}", when(o, p->t, 1, t1),
		    vg_direction_names[p->dir]);
		return;
	}
	fprintf(fp, "\"type\":\"camera\",\"time\":\"%s\",", when(o, p->t, 1, t3));
	if (o->track[k] == 0)
		fprintf(fp, "\"track\":null,\"missed\":true}");
	else {
		in_view(o, p, d, &first, &last);
		fprintf(fp, "\"track\":\"T%06d\",\"first\":\"%s\",\"last\":"
		    "\"%s\"}", o->track[k], when(o, first, 0, t1), when(o, last,
		    0, t2));
	}
}

static void
truth_hops(struct out *o, FILE *fp, const char *name,
    const struct sim_incident *in, size_t from, size_t to)
{
	size_t	i;
	int	n = 0;

	fprintf(fp, ",\n      \"%s\": [", name);
	for (i = from; i < to; i++)
		if (in_window(o, &o->w->pass[in->pass[i]]))
			truth_hop(o, fp, in->pass[i], n++ > 0);
	fprintf(fp, "%s]", n > 0 ? "\n      " : "");
}

/*
 * How many people passed a device within three blocks of the overpass in
 * the ten minutes around the assault.
 */
static int
near_incident(const struct out *o)
{
	const struct sim_world	*w = o->w;
	const struct sim_place	*ovp = NULL;
	const struct sim_node	*n;
	char			*seen;
	size_t			 k;
	int			 i, count = 0;

	for (i = 0; i < w->nplaces; i++)
		if (w->places[i].kind == PK_OVERPASS)
			ovp = &w->places[i];
	if (ovp == NULL)
		return 0;
	seen = xcalloc((size_t)w->npeople + 1, 1);
	for (k = 0; k < w->npass; k++) {
		const struct sim_pass *p = &w->pass[k];

		n = &w->nodes[w->devices[p->device].node];
		if (llabs(p->t - w->p.incident) > 5 * 60 * US ||
		    hypot(n->x - ovp->x, n->y - ovp->y) >= 3 * w->p.block ||
		    seen[p->person])
			continue;
		seen[p->person] = 1;
		count++;
	}
	free(seen);
	return count;
}

static int
write_truth(struct out *o, const char *dir, const char *scale,
    struct vg_error *err)
{
	struct sim_world	*w = o->w;
	char			*path = join(dir, "truth.json"), t[VG_TIME_BUFSZ];
	char			 id[16];
	FILE			*fp;
	int			 i, n, rc;

	if ((fp = create(path, err)) == NULL) {
		free(path);
		return -1;
	}
	fprintf(fp, "{\n  \"generator\": \"vigil-simulate %s\",\n"
	    "  \"seed\": %llu,\n  \"scale\": \"%s\",\n"
	    "  \"timezone\": \"Asia/Shanghai\",\n", PACKAGE_VERSION,
	    (unsigned long long)w->p.seed, scale);
	fprintf(fp, "  \"dials\": ");
	sim_dials_json(&w->p.dial, fp);
	fprintf(fp, ",\n  \"link_minimum_speed\": %.4f,\n"
	    "  \"walking_speed_sd\": %.4f,\n", w->p.vmin, w->p.speed_sd);
	fprintf(fp, "  \"from\": \"%s\",\n", when(o, o->from, 1, t));
	fprintf(fp, "  \"to\": \"%s\",\n  \"incidents\": [", when(o, o->to, 1,
	    t));
	for (i = 0; i < w->nincidents; i++) {
		const struct sim_incident *in = &w->incidents[i];

		fprintf(fp, "%s\n    {\n      \"kind\": \"%s\",\n"
		    "      \"time\": \"%s\"", i ? "," : "", in->kind,
		    when(o, in->time, 1, t));
		if (in->suspect != -1) {
			if (in->suspect < w->p.people) {
				person_id(in->suspect, id, sizeof(id));
				fprintf(fp, ",\n      \"suspect\": \"%s\"", id);
			} else
				fprintf(fp, ",\n      \"suspect\": null,"
				    " \"stranger\": true");
		}
		if (in->victim != -1) {
			person_id(in->victim, id, sizeof(id));
			fprintf(fp, ",\n      \"victim\": \"%s\"", id);
		}
		if (in->note != NULL)
			fprintf(fp, ",\n      %s", in->note);
		if (in->anchor != (size_t)-1) {
			size_t k = in->pass[in->anchor];

			fprintf(fp, ",\n      \"anchor\": {\"camera\":\"%s\","
			    "\"track\":", w->devices[w->pass[k].device].id);
			if (o->track[k] != 0)
				fprintf(fp, "\"T%06d\"}", o->track[k]);
			else
				fprintf(fp, "null}");
			truth_hops(o, fp, "backward", in, 0, in->anchor);
			truth_hops(o, fp, "forward", in, in->anchor + 1,
			    in->npass);
		}
		truth_hops(o, fp, "path", in, 0, in->npass);
		fprintf(fp, "\n    }");
	}
	fprintf(fp, "\n  ],\n  \"clock_offsets\": [");
	for (i = 0, n = 0; i < w->ndevices; i++)
		if (w->devices[i].skew != 0)
			fprintf(fp, "%s\n    {\"camera\":\"%s\",\"seconds\":%.3f}",
			    n++ ? "," : "", w->devices[i].id,
			    (double)w->devices[i].skew / US);
	fprintf(fp, "%s],\n  \"counts\": {\"people\":%d,\"strangers\":%d,"
	    "\"places\":%d,\"gates\":%d,\"cameras\":%d,\"links\":%d,"
	    "\"passages\":%zu,\"gate_events\":%lld,\"sightings\":%lld,"
	    "\"missed_detections\":%lld},\n", n ? "\n  " : "", w->p.people,
	    w->npeople - w->p.people, w->nplaces, count(w, VG_GATE),
	    count(w, VG_CAMERA), w->nlinks, w->npass, (long long)o->ngate,
	    (long long)o->nsight, (long long)o->nmissed);
	/* every camera's offset, right or wrong, for scoring */
	fprintf(fp, "  \"near_incident\": %d,\n  \"clocks\": {",
	    near_incident(o));
	for (i = 0, n = 0; i < w->ndevices; i++)
		if (w->devices[i].type == VG_CAMERA)
			fprintf(fp, "%s\n    \"%s\":{\"offset\":%.3f,"
			    "\"sightings\":%lld%s}", n++ ? "," : "",
			    w->devices[i].id, (double)w->devices[i].skew / US,
			    (long long)o->nsightdev[i], w->devices[i].empty ?
			    ",\"empty\":true" : "");
	fprintf(fp, "\n  }\n}\n");
	rc = finish(fp, path, err);
	free(path);
	return rc;
}

#define REC_BEFORE	(5 * 60 * US)	/* video from before the incident */
#define REC_AFTER	(5 * 60 * US)	/* and after it */
#define REC_SEGMENT	60		/* seconds a segment */

/* Video of one camera around the incident, in one-minute segments. */
static int
record_camera(struct out *o, const char *dir, int cam, size_t lo, size_t hi,
    struct vg_error *err)
{
	struct sim_world	*w = o->w;
	const struct sim_device	*c = &w->devices[cam];
	struct sim_figure	*figs;
	struct sim_segment	 seg;
	struct tm		 tm;
	time_t			 secs;
	char			 name[96], *path;
	int64_t			 start, end, t0, t1;
	size_t			 i, n;
	int			 rc = 0;

	figs = xcalloc(hi - lo + 1, sizeof(*figs));
	/* whole minutes of the camera's own clock */
	start = (w->p.incident - REC_BEFORE + c->skew) / (60 * US) * 60 * US;
	end = w->p.incident + REC_AFTER + c->skew;
	for (; start < end && rc == 0; start += REC_SEGMENT * US) {
		for (i = lo, n = 0; i < hi; i++) {
			const struct sim_pass *p = &w->pass[o->order[i]];
			const struct sim_person *who = &w->people[p->person];

			in_view(o, p, c, &t0, &t1);
			if (t1 < start || t0 >= start + REC_SEGMENT * US)
				continue;
			figs[n].t0 = t0;
			figs[n].t1 = t1;
			figs[n].x0 = p->person % 2 ? 0.05f : 0.95f;
			figs[n].x1 = p->person % 2 ? 0.95f : 0.05f;
			figs[n].y = 0.55f + 0.3f * (float)((p->person * 37) %
			    10) / 10;
			figs[n].upper = who->upper;
			figs[n].lower = who->lower;
			figs[n].vehicle = (p->flags & PASS_VEHICLE) != 0;
			n++;
		}
		secs = (time_t)(start / US) + w->p.utcoff;
		gmtime_r(&secs, &tm);
		snprintf(name, sizeof(name), "rec/%s/%04d%02d%02d", c->id,
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		path = join(dir, name);
		rc = mkdirs(path, err);
		free(path);
		snprintf(name, sizeof(name), "rec/%s/%04d%02d%02d/%02d%02d%02d.mp4",
		    c->id, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec);
		path = join(dir, name);
		if (rc == 0) {
			memset(&seg, 0, sizeof(seg));
			seg.path = path;
			seg.camera = c->id;
			seg.start = start;
			seg.utcoff = w->p.utcoff;
			seg.seconds = REC_SEGMENT;
			seg.width = 320;
			seg.height = 180;
			seg.fps = 10;
			seg.figs = figs;
			seg.nfigs = n;
			rc = sim_video_write(&seg, err);
		}
		free(path);
	}
	free(figs);
	return rc;
}

/* The cameras to record, shared by the threads that encode them. */
struct recjob {
	struct out	*o;		/* the world and its passages, read only */
	const char	*dir;		/* where the recordings go */
	int		*cam;		/* the cameras, by device index */
	size_t		*lo, *hi;	/* each one's passages in o->order */
	size_t		 n;		/* how many cameras */
	size_t		 next;		/* the next camera to take */
	size_t		 done;		/* cameras written */
	int		 failed;	/* a camera could not be written */
	struct vg_error	 err;		/* the first failure */
	pthread_mutex_t	 lock;		/* guards next, done, failed, err
					   and the progress callback */
};

/* One encoding thread: take cameras until none are left or one failed. */
static void *
record_worker(void *arg)
{
	struct recjob	*j = arg;
	struct vg_error	 e = { 0, NULL };
	size_t		 i;

	for (;;) {
		pthread_mutex_lock(&j->lock);
		i = j->failed ? j->n : j->next++;
		pthread_mutex_unlock(&j->lock);
		if (i >= j->n)
			break;
		if (record_camera(j->o, j->dir, j->cam[i], j->lo[i], j->hi[i],
		    &e) == 0) {
			pthread_mutex_lock(&j->lock);
			j->done++;
			if (j->o->w->progress != NULL)
				j->o->w->progress(j->o->w->progress_arg,
				    "recording cameras", (int64_t)j->done,
				    (int64_t)j->n);
			pthread_mutex_unlock(&j->lock);
		} else {
			pthread_mutex_lock(&j->lock);
			if (!j->failed) {
				j->failed = 1;
				j->err = e;
				e.set = 0;
				e.msg = NULL;
			}
			pthread_mutex_unlock(&j->lock);
			vg_error_clear(&e);
		}
	}
	return NULL;
}

/*
 * Which cameras get video: all of them in a demo, else the incident's.
 * Each camera's segments are encoded by one of as many threads as there
 * are processors; the bytes do not depend on which.
 */
static int
write_recordings(struct out *o, const char *dir, struct vg_error *err)
{
	struct sim_world		*w = o->w;
	const struct sim_incident	*in = &w->incidents[0];
	struct recjob			 j;
	pthread_t			*th;
	long				 ncpu;
	size_t				 i, lo, k, nth, started;
	int				 dev;

	for (i = 0; i < in->npass; i++)
		w->devices[w->pass[in->pass[i]].device].recorded = 1;
	for (dev = 0; dev < w->ndevices; dev++)
		if (w->p.scale == SCALE_DEMO)
			w->devices[dev].recorded = 1;
	memset(&j, 0, sizeof(j));
	j.o = o;
	j.dir = dir;
	j.cam = xcalloc((size_t)w->ndevices + 1, sizeof(*j.cam));
	j.lo = xcalloc((size_t)w->ndevices + 1, sizeof(*j.lo));
	j.hi = xcalloc((size_t)w->ndevices + 1, sizeof(*j.hi));
	/* every recorded camera, whether or not anyone passed it */
	for (i = 0, dev = 0; dev < w->ndevices; dev++) {
		for (lo = i; i < w->npass && w->pass[o->order[i]].device == dev;
		    i++)
			;
		if (w->devices[dev].type != VG_CAMERA ||
		    !w->devices[dev].recorded)
			continue;
		j.cam[j.n] = dev;
		j.lo[j.n] = lo;
		j.hi[j.n++] = i;
	}
	pthread_mutex_init(&j.lock, NULL);
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	nth = ncpu < 1 ? 1 : ncpu > 16 ? 16 : (size_t)ncpu;
	th = xcalloc(nth, sizeof(*th));
	for (k = started = 0; k < nth; k++)
		if (pthread_create(&th[started], NULL, record_worker, &j) == 0)
			started++;
	if (started == 0)
		(void)record_worker(&j);
	for (k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	pthread_mutex_destroy(&j.lock);
	free(th);
	free(j.cam);
	free(j.lo);
	free(j.hi);
	if (j.failed) {
		vg_error_set(err, "%s", j.err.msg);
		vg_error_clear(&j.err);
		return -1;
	}
	return 0;
}

int
sim_write(struct sim_world *w, const char *dir, struct vg_error *err)
{
	static const char *const scales[] = { "demo", "district", "campus" };
	struct out	 o;
	char		*path;
	size_t		 i;
	int		 rc = -1;

	memset(&o, 0, sizeof(o));
	o.w = w;
	o.anchor = (size_t)-1;
	for (i = 0; i < (size_t)w->nincidents; i++)
		if (strcmp(w->incidents[i].kind, "overpass-assault") == 0 &&
		    w->incidents[i].anchor != (size_t)-1)
			o.anchor = w->incidents[i].pass[w->incidents[i].anchor];
	rng_seed(&o.rng, w->p.seed ^ 0x73656e736f7273ULL);
	rng_seed(&o.prng, w->p.seed ^ 0x706c616e74656eULL);
	if ((o.tz = vg_tz_open("Asia/Shanghai", err)) == NULL)
		return -1;
	o.from = w->p.midnight + (int64_t)(w->p.start * 3600 * US);
	o.to = o.from + (int64_t)(w->p.hours * 3600 * US);
	if (mkdirs(dir, err) == -1)
		goto out;

	o.order = xcalloc(w->npass + 1, sizeof(*o.order));
	o.track = xcalloc(w->npass + 1, sizeof(*o.track));
	o.nsightdev = xcalloc((size_t)w->ndevices + 1, sizeof(*o.nsightdev));
	o.dim = (int)w->p.dial.dim;
	o.v = xcalloc((size_t)o.dim, sizeof(*o.v));
	o.raw = xcalloc((size_t)o.dim, 4);
	o.b64 = xcalloc((size_t)o.dim * 16 / 3 + 8, 1);
	for (i = 0; i < w->npass; i++)
		o.order[i] = i;
	sort_out = &o;
	vg_qsort(o.order, w->npass, sizeof(*o.order), by_device_time);
	skew_clocks(&o);
	number_tracks(&o);

	path = join(dir, "site.xml");
	rc = sim_write_site(w, path, err);
	free(path);
	if (rc == 0)
		rc = write_roster(&o, dir, err);
	if (rc == 0) {
		path = join(dir, "truth-sightings.csv");
		if ((o.who = create(path, err)) == NULL)
			rc = -1;
		else
			fputs("camera,track,person,time,pace\n", o.who);
		if (rc == 0)
			rc = write_logs(&o, dir, err);
		if (o.who != NULL && finish(o.who, path, err) == -1)
			rc = -1;
		free(path);
	}
	if (rc == 0)
		rc = write_truth(&o, dir, scales[w->p.scale], err);
	if (rc == 0 && w->p.recordings)
		rc = write_recordings(&o, dir, err);
out:
	free(o.order);
	free(o.track);
	free(o.nsightdev);
	free(o.v);
	free(o.raw);
	free(o.b64);
	vg_tz_free(o.tz);
	return rc;
}
