/* vigil-track: reconstruct a path across cameras and gates, with how sure each hop is */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "model.h"
#include "tool.h"

#define US	1000000LL	/* microseconds a second */
#define HEAP_ROOM	((size_t)1 << 30) /* the heap readied for a search: a
					   campus day's cache of rows, with
					   the archive's page cache, is 0.5
					   to 0.7 GB */

enum {
	OPT_AT = 256, OPT_BACKWARD, OPT_CALIBRATION, OPT_CARD, OPT_COLUMNS,
	OPT_CONFIRM, OPT_EVAL,
	OPT_OFFICER, OPT_SAVE,
	OPT_FORWARD, OPT_FROM, OPT_GREEDY, OPT_HYPOTHESES, OPT_PERSON,
	OPT_PLATE, OPT_REJECT, OPT_TIME, OPT_WINDOW
};

static const struct vg_col cols[] = {
	{ "path", VG_COL_NUM },
	{ "hop", VG_COL_NUM },
	{ "camera", VG_COL_TEXT },
	{ "type", VG_COL_TEXT },
	{ "track", VG_COL_TEXT },
	{ "first", VG_COL_TEXT },
	{ "last", VG_COL_TEXT },
	{ "transit", VG_COL_NUM },
	{ "bounds", VG_COL_TEXT },
	{ "unseen", VG_COL_NUM },
	{ "appearance", VG_COL_NUM },
	{ "person", VG_COL_TEXT },
	{ "identity", VG_COL_TEXT },
	{ "score", VG_COL_NUM },
	{ "source", VG_COL_TEXT },
	{ "clock", VG_COL_NUM },
};
#define NCOLS	(sizeof(cols) / sizeof(cols[0]))

struct list {
	const char	**v;		/* items */
	size_t		  n;		/* how many */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-track [-hV] [-A archive] [-c case] [-F format]"
	    " [-z zone]\n"
	    "                   [--backward] [--columns list] [--confirm hop]"
	    " [--forward]\n"
	    "                   [--greedy] [--hypotheses k] [--officer name]"
	    " [--reject hop]\n"
	    "                   [--save] [--window minutes]\n"
	    "                   --from camera:track [--time time] |"
	    " --at camera --time time |\n"
	    "                   --person id | --card number | --plate plate |\n"
	    "                   --eval truth.json [--calibration] |"
	    " --calibration\n"
	    "       (with -c, the case's decisions apply and its anchor is"
	    " the default start)\n");
	exit(status);
}

/* CAMERA:TRACK stays; GATE@TIME becomes GATE@microseconds. */
static void
decisions(struct list *l, struct vg_tz *tz, const char *opt)
{
	const char	*at;
	char		*s;
	size_t		 i;

	for (i = 0; i < l->n; i++) {
		if ((at = strchr(l->v[i], '@')) == NULL) {
			if (strchr(l->v[i], ':') == NULL) {
				warnx("%s: '%s' is neither CAMERA:TRACK nor"
				    " GATE@TIME", tool_plain(opt),
				    tool_plain(l->v[i]));
				usage(TOOL_EXIT_USAGE);
			}
			l->v[i] = xstrdup(l->v[i]);
			continue;
		}
		xasprintf(&s, "%.*s@%lld", (int)(at - l->v[i]), l->v[i],
		    (long long)tool_time(tz, opt, at + 1));
		l->v[i] = s;	/* kept to the end of the run, then freed */
	}
}

static void
push(struct list *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

struct out {
	struct vg_out		*out;		/* the table */
	size_t			 pick[NCOLS];	/* columns shown, by index */
	size_t			 npick;		/* how many */
	int			 chosen;	/* by --columns: none left out */
	struct vg_tz		*tz;		/* zone of printed times */
	const struct vg_graph	*g;		/* devices */
	int			 failed;	/* a write failed */
};

static void
hop_row(struct out *o, int path, size_t i, const struct vg_hop *h)
{
	char		 pn[24], hn[24], t1[VG_TIME_BUFSZ], t2[VG_TIME_BUFSZ];
	char		 tr[32], bd[32], un[16], ap[16], sc[16], ck[32], *src;
	const char	*v[NCOLS], *shown[NCOLS], *idn;
	size_t		 k;

	snprintf(pn, sizeof(pn), "%d", path);
	snprintf(hn, sizeof(hn), "%zu", i + 1);
	vg_time_format(o->tz, h->obs.first, t1, sizeof(t1));
	vg_time_format(o->tz, h->obs.last, t2, sizeof(t2));
	if (!isnan(h->transit))
		snprintf(tr, sizeof(tr), "%.1f", h->transit);
	snprintf(bd, sizeof(bd), "%d..%d", h->lmin, h->lmax);
	snprintf(un, sizeof(un), "%d", h->skipped);
	if (!isnan(h->appearance))
		snprintf(ap, sizeof(ap), "%.2f", h->appearance);
	snprintf(sc, sizeof(sc), "%.2f", h->confidence);
	xasprintf(&src, "%s:%lld", h->obs.source, (long long)h->obs.line);
	idn = h->anchor ? "anchor" : h->identity > 0 ? "same" :
	    h->identity < 0 ? "other" : NULL;
	v[0] = pn;
	v[1] = hn;
	v[2] = o->g->dev[h->obs.dev].code;
	v[3] = h->obs.type == VG_ROW_GATE ? "gate" : "camera";
	v[4] = h->obs.track;
	v[5] = t1;
	v[6] = h->obs.type == VG_ROW_GATE ? NULL : t2;
	v[7] = isnan(h->transit) ? NULL : tr;
	v[8] = isnan(h->transit) ? NULL : bd;
	v[9] = isnan(h->transit) ? NULL : un;
	v[10] = isnan(h->appearance) ? NULL : ap;
	v[11] = h->obs.person;
	v[12] = idn;
	v[13] = sc;
	v[14] = src;
	snprintf(ck, sizeof(ck), "%+.1f", h->clock);
	v[15] = h->clock != 0 ? ck : NULL;
	for (k = 0; k < o->npick; k++)
		shown[k] = v[o->pick[k]];
	if (vg_out_row(o->out, shown) == -1)
		o->failed = 1;
	free(src);
}

/* The runner-ups of uncertain hops, for a reader, after the table. */
static void
runner_ups(struct out *o, const struct vg_path *p)
{
	size_t	i, k;

	for (i = 0; i < p->nhop; i++) {
		const struct vg_hop *h = &p->hop[i];

		if (h->anchor || h->confidence >= 0.8 || h->nalt == 0)
			continue;
		printf("hop %zu (%.2f): also", i + 1, h->confidence);
		for (k = 0; k < h->nalt; k++) {
			const struct vg_obs *a = &h->alt[k];
			char t[VG_TIME_BUFSZ];

			if (a->track != NULL) {
				printf(" %s:%s (%.2f)", o->g->dev[a->dev].code,
				    a->track, h->altconf[k]);
				continue;
			}
			/* a gate event: the gate and the time of day */
			vg_time_format(o->tz, a->first, t, sizeof(t));
			printf(" %s@%.8s (%.2f)", o->g->dev[a->dev].code,
			    t + 11, h->altconf[k]);
		}
		printf("\n");
	}
}

static int
terminal_fmt(enum vg_fmt f)
{
	return f == VG_FMT_BOX || f == VG_FMT_TABLE || f == VG_FMT_LINE;
}

static void
print_paths(struct out *o, enum vg_fmt fmt, const struct vg_path *p,
    size_t n)
{
	struct vg_col	shown[NCOLS];
	size_t		i, k;

	for (i = 0; i < o->npick; i++)
		shown[i] = cols[o->pick[i]];
	for (k = 0; k < n; k++) {
		if (terminal_fmt(fmt)) {
			if (k > 0)
				printf("\n");
			printf("%s %zu: %zu hops, score %.1f\n", k == 0 ?
			    "path" : "alternative", k + 1, p[k].nhop,
			    p[k].score);
			o->out = tool_out(fmt, shown, o->npick, o->chosen);
		} else if (k == 0)
			o->out = tool_out(fmt, shown, o->npick, o->chosen);
		for (i = 0; i < p[k].nhop; i++)
			hop_row(o, (int)k + 1, i, &p[k].hop[i]);
		if (terminal_fmt(fmt) || k + 1 == n) {
			if (vg_out_end(o->out) == -1)
				o->failed = 1;
			o->out = NULL;
			if (terminal_fmt(fmt))
				runner_ups(o, &p[k]);
		}
	}
}

struct collect {
	struct vg_obs	*obs;		/* gathered */
	size_t		 n;		/* how many */
};

static int
collect(const struct vg_obs *ob, void *arg)
{
	struct collect	*c = arg;

	c->obs = xreallocarray(c->obs, c->n + 1, sizeof(*c->obs));
	vg_obs_copy(&c->obs[c->n++], ob);
	return 0;
}

static void
collect_free(struct collect *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		vg_obs_free(&c->obs[i]);
	free(c->obs);
	memset(c, 0, sizeof(*c));
}

/* --at: the sightings of a camera near a time, to choose the anchor. */
static int
list_at(struct vg_archive *ar, const struct vg_graph *g, struct out *o,
    enum vg_fmt fmt, const char *camera, int64_t t)
{
	static const struct vg_col acols[] = {
		{ "anchor", VG_COL_TEXT }, { "first", VG_COL_TEXT },
		{ "last", VG_COL_TEXT }, { "person", VG_COL_TEXT },
		{ "upper", VG_COL_TEXT }, { "lower", VG_COL_TEXT },
		{ "source", VG_COL_TEXT },
	};
	struct vg_error	 e = { 0, NULL };
	struct collect	 c = { NULL, 0 };
	struct vg_out	*out;
	char		 a[64], t1[VG_TIME_BUFSZ], t2[VG_TIME_BUFSZ], *src;
	const char	*v[7];
	size_t		 i;
	int		 d, rc;

	for (d = 0; d < (int)g->ndev; d++)
		if (strcmp(g->dev[d].code, camera) == 0)
			break;
	if (d == (int)g->ndev || g->dev[d].type != VG_CAMERA)
		errx(TOOL_EXIT_FAIL, "unknown camera '%s' (vigil site -s"
		    " devices lists the site's)", tool_plain(camera));
	if (vg_ar_window(ar, g, d, t - 120 * US, t + 120 * US, collect, &c,
	    &e) == -1)
		tool_fail(&e);
	out = tool_out(fmt, acols, 7, 0);
	for (i = 0; i < c.n; i++) {
		snprintf(a, sizeof(a), "%s:%s", camera, c.obs[i].track);
		vg_time_format(o->tz, c.obs[i].first, t1, sizeof(t1));
		vg_time_format(o->tz, c.obs[i].last, t2, sizeof(t2));
		xasprintf(&src, "%s:%lld", c.obs[i].source,
		    (long long)c.obs[i].line);
		v[0] = a, v[1] = t1, v[2] = t2, v[3] = c.obs[i].person;
		v[4] = vg_colour_name(c.obs[i].upper);
		v[5] = vg_colour_name(c.obs[i].lower);
		v[6] = src;
		rc = vg_out_row(out, v);
		free(src);
		if (rc == -1)
			break;
	}
	i = c.n;
	collect_free(&c);
	if (vg_out_end(out) == -1)
		return TOOL_EXIT_FAIL;
	if (i == 0) {
		vg_time_format(o->tz, t, t1, sizeof(t1));
		warnx("no sightings at '%s' within two minutes of %s",
		    tool_plain(camera), t1);
		tool_extent(ar, t - 120 * US, t + 120 * US, o->tz);
	}
	else if (terminal_fmt(fmt))
		printf("track one with: vigil-track --from CAMERA:TRACK\n");
	return tool_close_stdout();
}

static int
by_first(const void *a, const void *b)
{
	const struct vg_obs	*x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/*
 * A known person's trajectory: the gate reads and face matches that name
 * him, with the gaps between them filled by the unidentified sightings
 * that fit (a forward search from each to the next).
 */
static int
trajectory(struct vg_archive *ar, const struct vg_graph *g,
    struct vg_track_opts *opt, const char *person, int64_t from, int64_t to,
    struct vg_path *out, struct vg_error *err)
{
	struct collect		 c = { NULL, 0 };
	struct vg_track_opts	 sub;
	struct vg_path		*p;
	size_t			 np, i, k;

	memset(out, 0, sizeof(*out));
	if (vg_ar_identity(ar, g, person, from, to, collect, &c, err) == -1)
		return -1;
	/* by corrected time: a skewed camera's raw order may differ */
	vg_qsort(c.obs, c.n, sizeof(*c.obs), by_first);
	for (i = 0; i < c.n; i++) {
		out->hop = xreallocarray(out->hop, out->nhop + 1,
		    sizeof(*out->hop));
		memset(&out->hop[out->nhop], 0, sizeof(*out->hop));
		out->hop[out->nhop].obs = c.obs[i];
		out->hop[out->nhop].identity = 1;
		out->hop[out->nhop].confidence = 1;
		out->hop[out->nhop].transit = NAN;
		out->hop[out->nhop].appearance = NAN;
		out->nhop++;
		if (i + 1 == c.n || c.obs[i + 1].first - c.obs[i].last <
		    60 * US)
			continue;
		/* the gap: the unnamed sightings that fit, by a forward search
		 * from here that must stop before the next that names him */
		sub = *opt;
		sub.forward = 1;
		sub.backward = 0;
		sub.hypotheses = 1;
		if (sub.window > c.obs[i + 1].first - c.obs[i].last)
			sub.window = c.obs[i + 1].first - c.obs[i].last;
		if (vg_track(ar, g, &c.obs[i], &sub, &p, &np, err) == -1)
			return -1;
		for (k = 1; np > 0 && k < p[0].nhop; k++) {
			struct vg_hop *h = &p[0].hop[k];

			if (h->obs.first >= c.obs[i + 1].first ||
			    h->obs.person != NULL ||
			    h->obs.type != VG_ROW_SIGHTING)
				break;
			out->hop = xreallocarray(out->hop, out->nhop + 1,
			    sizeof(*out->hop));
			out->hop[out->nhop] = *h;
			out->score += h->llr;
			memset(h, 0, sizeof(*h));
			out->nhop++;
		}
		vg_path_free(p, np);
	}
	free(c.obs);
	return 0;
}

#define NBINS	10	/* confidence bins of the reliability table */

/* How often hops given a confidence were right. */
struct reliability {
	int64_t		 n[NBINS];	/* hops */
	double		 conf[NBINS];	/* their confidences, summed */
	int64_t		 right[NBINS];	/* of them right */
};

/* The reliability table: per bin, and all (whose gap is the ECE). */
static int
print_reliability(const struct reliability *r, enum vg_fmt fmt)
{
	static const struct vg_col rcols[] = {
		{ "confidence", VG_COL_TEXT }, { "hops", VG_COL_NUM },
		{ "mean", VG_COL_NUM }, { "right", VG_COL_NUM },
		{ "gap", VG_COL_NUM },
	};
	struct vg_out	*out;
	char		 b[24], n[24], m[16], rt[16], gap[16];
	const char	*v[5];
	int64_t		 total = 0;
	double		 ece = 0, sc = 0, sr = 0;
	int		 i;

	for (i = 0; i < NBINS; i++)
		total += r->n[i];
	out = tool_out(fmt, rcols, 5, 0);
	for (i = 0; i <= NBINS; i++) {
		double	mc, rr;

		if (i < NBINS) {
			if (r->n[i] == 0)
				continue;
			mc = r->conf[i] / (double)r->n[i];
			rr = (double)r->right[i] / (double)r->n[i];
			ece += (double)r->n[i] / (double)total * fabs(mc - rr);
			sc += r->conf[i];
			sr += (double)r->right[i];
			snprintf(b, sizeof(b), "%.1f-%.1f", (double)i / NBINS,
			    (double)(i + 1) / NBINS);
			snprintf(n, sizeof(n), "%lld", (long long)r->n[i]);
			snprintf(gap, sizeof(gap), "%.3f", fabs(mc - rr));
		} else {
			mc = total ? sc / (double)total : 0;
			rr = total ? sr / (double)total : 0;
			snprintf(b, sizeof(b), "all");
			snprintf(n, sizeof(n), "%lld", (long long)total);
			snprintf(gap, sizeof(gap), "%.3f", ece);
		}
		snprintf(m, sizeof(m), "%.3f", mc);
		snprintf(rt, sizeof(rt), "%.3f", rr);
		v[0] = b, v[1] = n, v[2] = m, v[3] = rt, v[4] = gap;
		if (vg_out_row(out, v) == -1)
			break;
	}
	if (vg_out_end(out) == -1)
		return TOOL_EXIT_FAIL;
	return tool_close_stdout();
}

/* Whether a hop of the path may stand for a passage of the truth. */
static int
hop_fits(const struct vg_graph *g, const struct vg_truth_hop *th,
    const struct vg_obs *o)
{
	if (strcmp(g->dev[o->dev].code, th->device) != 0)
		return 0;
	return th->gate ? o->type == VG_ROW_GATE &&
	    llabs(o->first - th->time) < 2 * US : o->track != NULL &&
	    th->track != NULL && strcmp(o->track, th->track) == 0;
}

/*
 * The path's hops matched to the passages of the truth one to one: the
 * passages in time order, each to the earliest hop left that fits it (a
 * gate's within 2 s, a camera's by its track).  With every window of one
 * width, taken in time order, this matches as many as any matching can.
 * used[k] is set for the path's hop k matched; the passages to score
 * have want[j] set.  Returns how many were matched.
 */
static size_t
match_hops(const struct vg_graph *g, const struct vg_truth *t,
    const char *want, const struct vg_path *p, char *used)
{
	size_t	j, k, best, n = 0;

	memset(used, 0, p->nhop);
	for (j = 0; j < t->nhop; j++) {
		if (!want[j])
			continue;
		best = p->nhop;
		for (k = 0; k < p->nhop; k++) {
			const struct vg_obs *o = &p->hop[k].obs;

			if (p->hop[k].anchor || used[k] ||
			    !hop_fits(g, &t->hop[j], o))
				continue;
			if (best == p->nhop || o->first <
			    p->hop[best].obs.first)
				best = k;
		}
		if (best < p->nhop) {
			used[best] = 1;
			n++;
		}
	}
	return n;
}

/*
 * --eval: track from every planted anchor and score against the truth;
 * with --calibration, how often the hops given each confidence were right.
 */
static int
evaluate(struct vg_archive *ar, const struct vg_graph *g,
    const struct vg_track_opts *opt, const char *truthfile, enum vg_fmt fmt,
    int calibration)
{
	static const struct vg_col ecols[] = {
		{ "incident", VG_COL_TEXT }, { "anchor", VG_COL_TEXT },
		{ "truth", VG_COL_NUM }, { "found", VG_COL_NUM },
		{ "matched", VG_COL_NUM }, { "precision", VG_COL_NUM },
		{ "recall", VG_COL_NUM }, { "confidence", VG_COL_NUM },
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_truth		*t;
	struct vg_path		*p;
	struct vg_obs		 anchor;
	struct vg_out		*out = NULL;
	struct reliability	 rel;
	size_t			 nt, np, i, j, k, ntruth, nfound, nmatch;
	char			 a[64], n1[16], n2[16], n3[16], pr[16], rc[16];
	char			 mc[16], *want, *used;
	const char		*v[8];
	double			 csum;

	memset(&rel, 0, sizeof(rel));
	if (vg_truth_load(truthfile, &t, &nt, &e) == -1)
		tool_fail(&e);
	if (!calibration)
		out = tool_out(fmt, ecols, 8, 0);
	for (i = 0; i < nt; i++) {
		/* no anchor named: the first sighting of the path (a car
		 * seen by the camera past the gate it came in by) */
		for (j = 0; t[i].anchor_camera == NULL && j < t[i].nhop; j++)
			if (!t[i].hop[j].gate && t[i].hop[j].track != NULL) {
				t[i].anchor_camera = xstrdup(t[i].hop[j].device);
				t[i].anchor_track = xstrdup(t[i].hop[j].track);
			}
		if (t[i].anchor_camera == NULL || t[i].anchor_track == NULL)
			continue;
		if (vg_ar_sighting(ar, g, t[i].anchor_camera,
		    t[i].anchor_track, &anchor, &e) != 1)
			errx(TOOL_EXIT_FAIL, "'%s': anchor %s:%s is not in the"
			    " archive", tool_plain(truthfile),
			    tool_plain(t[i].anchor_camera),
			    tool_plain(t[i].anchor_track));
		if (vg_track(ar, g, &anchor, opt, &p, &np, &e) == -1)
			tool_fail(&e);
		/* the truth within the window: what was logged */
		ntruth = 0;
		want = xcalloc(t[i].nhop ? t[i].nhop : 1, 1);
		used = xcalloc(p[0].nhop, 1);
		for (j = 0; j < t[i].nhop; j++) {
			const struct vg_truth_hop *th = &t[i].hop[j];

			if (llabs(th->time - t[i].time) > opt->window ||
			    (!th->gate && th->track == NULL) ||
			    (!opt->backward && th->time < t[i].time) ||
			    (!opt->forward && th->time > t[i].time))
				continue;
			if (strcmp(th->device, t[i].anchor_camera) == 0 &&
			    th->track != NULL &&
			    strcmp(th->track, t[i].anchor_track) == 0)
				continue;	/* the anchor itself */
			want[j] = 1;
			ntruth++;
		}
		nmatch = match_hops(g, &t[i], want, &p[0], used);
		/* each hop found, by its confidence */
		csum = 0;
		for (k = 0; k < p[0].nhop; k++) {
			const struct vg_hop *h = &p[0].hop[k];
			int b;

			if (h->anchor)
				continue;
			csum += h->confidence;
			b = (int)(h->confidence * NBINS);
			b = b < 0 ? 0 : b >= NBINS ? NBINS - 1 : b;
			rel.n[b]++;
			rel.conf[b] += h->confidence;
			rel.right[b] += used[k];
		}
		free(want);
		free(used);
		nfound = p[0].nhop - 1;
		vg_path_free(p, np);
		vg_obs_free(&anchor);
		if (calibration)
			continue;
		snprintf(a, sizeof(a), "%s:%s", t[i].anchor_camera,
		    t[i].anchor_track);
		snprintf(n1, sizeof(n1), "%zu", ntruth);
		snprintf(n2, sizeof(n2), "%zu", nfound);
		snprintf(n3, sizeof(n3), "%zu", nmatch);
		snprintf(pr, sizeof(pr), "%.3f", nfound ? (double)nmatch /
		    (double)nfound : 0);
		snprintf(rc, sizeof(rc), "%.3f", ntruth ? (double)nmatch /
		    (double)ntruth : 0);
		snprintf(mc, sizeof(mc), "%.3f", nfound ? csum /
		    (double)nfound : 0);
		v[0] = t[i].kind, v[1] = a, v[2] = n1, v[3] = n2, v[4] = n3;
		v[5] = pr, v[6] = rc, v[7] = mc;
		if (vg_out_row(out, v) == -1)
			break;
	}
	vg_truth_free(t, nt);
	if (calibration)
		return print_reliability(&rel, fmt);
	if (vg_out_end(out) == -1)
		return TOOL_EXIT_FAIL;
	return tool_close_stdout();
}

/* One row of the model's report. */
static int
model_row(struct vg_out *out, const char *part, const char *item,
    int64_t support, const char *value, const char *detail)
{
	char		 n[24];
	const char	*v[5];

	snprintf(n, sizeof(n), "%lld", (long long)support);
	v[0] = part, v[1] = item, v[2] = n, v[3] = value, v[4] = detail;
	return vg_out_row(out, v);
}

/*
 * --calibration: the site model the archive holds (learned as files were
 * imported), one row per thing learned.
 */
static int
calibration_report(const struct vg_model *m, const struct vg_graph *g,
    enum vg_fmt fmt)
{
	static const struct vg_col mcols[] = {
		{ "part", VG_COL_TEXT }, { "item", VG_COL_TEXT },
		{ "support", VG_COL_NUM }, { "value", VG_COL_TEXT },
		{ "detail", VG_COL_TEXT },
	};
	struct vg_out	*out;
	char		 it[64], val[32], det[200];
	int64_t		 nr, no;
	size_t		 i;
	int		 k, bad = 0;

	out = tool_out(fmt, mcols, 5, 0);
	snprintf(val, sizeof(val), "%.3f", m->same_q[1]);
	snprintf(det, sizeof(det), "cosine median; quartiles %.3f..%.3f%s",
	    m->same_q[0], m->same_q[2], m->selftaught ? "; from appearance"
	    " matches, too few named pairs" : "");
	bad |= model_row(out, "appearance", "same person", m->nsame,
	    m->nsame ? val : NULL, m->nsame ? det : "no pairs") == -1;
	snprintf(val, sizeof(val), "%.3f", m->his_q[1]);
	snprintf(det, sizeof(det), "his pairs' cosine median, the strangers'"
	    " (a name wrong) taken apart: of the pairs %.3f his; quartiles"
	    " %.3f..%.3f", m->sameright, m->his_q[0], m->his_q[2]);
	bad |= model_row(out, "appearance", "same person, his", m->nsame,
	    isnan(m->sameright) ? NULL : val, isnan(m->sameright) ? "not"
	    " taken apart (no named pairs, too few of his, or a model"
	    " learned before it was)" : det) == -1;
	snprintf(val, sizeof(val), "%.3f", m->diff_q[1]);
	snprintf(det, sizeof(det), "cosine median; quartiles %.3f..%.3f",
	    m->diff_q[0], m->diff_q[2]);
	bad |= model_row(out, "appearance", "random pairs", m->ndiff,
	    m->ndiff ? val : NULL, m->ndiff ? det : "no pairs") == -1;
	for (k = 0; m->embdim > 0 && k <= 12; k++) {
		double c = -0.2 + 0.1 * k;

		snprintf(it, sizeof(it), "cosine %.1f", c);
		snprintf(val, sizeof(val), "%.3g", exp(vg_model_appearance(m,
		    c)));
		bad |= model_row(out, "appearance", it, m->nsame, val,
		    "likelihood ratio, same person to another") == -1;
	}
	snprintf(val, sizeof(val), "%.3f", m->colour_same);
	bad |= model_row(out, "colour", "differs, same person",
	    m->ncolour_same, val, "share of colour pairs") == -1;
	snprintf(val, sizeof(val), "%.3f", m->colour_diff);
	bad |= model_row(out, "colour", "differs, random pairs",
	    m->ncolour_diff, val, "share of colour pairs") == -1;
	snprintf(val, sizeof(val), "%.2f", m->passage);
	if (isnan(m->passage_q[0]) || isnan(m->passage_q[1]))
		snprintf(det, sizeof(det), "where the person passes the device,"
		    " 0 at first, 1 at last; its spread not known (learned"
		    " before it was kept)");
	else
		snprintf(det, sizeof(det), "where the person passes the device,"
		    " 0 at first, 1 at last; the links' estimates' quartiles"
		    " %.2f..%.2f", m->passage_q[0], m->passage_q[1]);
	bad |= model_row(out, "passage", "first to last", m->npassage, val,
	    m->npassage ? det : "no link walked both ways: the middle"
	    " assumed") == -1;
	snprintf(val, sizeof(val), "%.3f", m->uturn);
	snprintf(det, sizeof(det), "share of named walks that turn back at a"
	    " device watching no place%s", m->nuturn < VG_MODEL_MINWALKS ?
	    "; too few walks to weigh the ways on: turning back drawn"
	    " towards alike" : "");
	bad |= model_row(out, "walk", "turns back", m->nuturn, m->nuturn ?
	    val : NULL, m->nuturn ? det : "no named walks: every way out"
	    " alike") == -1;
	for (i = 0; i < m->nlink; i++) {
		const struct vg_model_link *l = &m->link[i];
		int top = 0;

		for (k = 1; k < VG_MODEL_TBINS; k++)
			if (l->p[k] > l->p[top])
				top = k;
		snprintf(it, sizeof(it), "%s-%s", g->dev[l->a].code,
		    g->dev[l->b].code);
		snprintf(val, sizeof(val), "%.1f", l->median);
		if (l->n > 0)
			snprintf(det, sizeof(det), "median s; bounds %d..%d,"
			    " most in %.0f..%.0f", l->min, l->max, l->min +
			    (double)(l->max - l->min) * top / VG_MODEL_TBINS,
			    l->min + (double)(l->max - l->min) * (top + 1) /
			    VG_MODEL_TBINS);
		else
			snprintf(det, sizeof(det), "bounds %d..%d, flat: no"
			    " matches", l->min, l->max);
		bad |= model_row(out, "transit", it, l->n, l->n ? val : NULL,
		    det) == -1;
	}
	for (i = 0; i < m->ndev; i++) {
		const struct vg_model_dev *d = &m->dev[i];

		snprintf(val, sizeof(val), "%.3f", d->miss);
		snprintf(det, sizeof(det), "misses; %lld of %lld walks past"
		    " unlogged; names %.2f of %lld", (long long)d->missed,
		    (long long)d->checked, d->names, (long long)d->n);
		bad |= model_row(out, g->dev[i].type == VG_GATE ? "gate" :
		    "camera", g->dev[i].code, d->checked, val, det) == -1;
	}
	for (i = 0, nr = 0, no = 0; i < m->ndev; i++) {
		nr += m->dev[i].looked;
		no += m->dev[i].alike;
	}
	snprintf(val, sizeof(val), "%.3f", m->trust);
	if (isnan(m->namecos))
		snprintf(det, sizeof(det), "share of names right; too few named"
		    " sightings to compare with their person's look elsewhere:"
		    " a name counts %+.2f as his, %+.2f as another's",
		    VG_MODEL_NAMED, VG_MODEL_NAMED_OTHER);
	else
		snprintf(det, sizeof(det), "share of names right; of the named"
		    " sightings %lld like their person elsewhere (cosine above"
		    " %.3f), strangers %.3f, names a linked read confirms %lld"
		    " of %lld", (long long)no, m->namecos, m->namechance,
		    (long long)m->namesure[1], (long long)m->namesure[0]);
	bad |= model_row(out, "names", "site", nr, val, det) == -1;
	for (i = 0; i < m->ndev; i++) {
		const struct vg_model_dev *d = &m->dev[i];

		if (d->looked == 0)
			continue;
		snprintf(val, sizeof(val), "%.3f", d->trust);
		snprintf(det, sizeof(det), "share of names right; %lld of %lld"
		    " like their person elsewhere; a name counts %+.2f as his,"
		    " %+.2f as another's", (long long)d->alike,
		    (long long)d->looked, vg_model_named(m, (int)i, 1),
		    vg_model_named(m, (int)i, 0));
		bad |= model_row(out, "names", g->dev[i].code, d->looked, val,
		    det) == -1;
	}
	if (vg_out_end(out) == -1 || bad)
		return TOOL_EXIT_FAIL;
	return tool_close_stdout();
}

/* The decisions of a case join those of the command line. */
struct casedec {
	struct list	*confirm;	/* CAMERA:TRACK or GATE@TIME */
	struct list	*reject;	/* likewise */
	struct list	 owned;		/* the case's copies, freed at the end */
};

static int
case_decision(const struct vg_case_decision *d, void *arg)
{
	struct casedec	*cd = arg;
	char		*hop = xstrdup(d->hop);	/* kept to the end of the run */

	push(strcmp(d->verdict, "confirm") == 0 ? cd->confirm : cd->reject,
	    hop);
	push(&cd->owned, hop);
	return 0;
}

/* The case's anchor subject, if it has one: the default start. */
static int
case_anchor(const struct vg_case_subject *sub, void *arg)
{
	char	**from = arg;

	if (strcmp(sub->kind, "anchor") == 0 && sub->ref != NULL) {
		free(*from);
		*from = xstrdup(sub->ref);
	}
	return 0;
}

/*
 * Save the best path into the case, or only log that it was looked at;
 * either way the custody log has the run.
 */
static void
case_record(struct vg_case *c, const char *officer, const char *args,
    const char *archive, const struct vg_graph *g, const char *start,
    const struct vg_path *p, int save)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_path	 cp;
	struct vg_case_act	 a;
	char			 touched[512];
	int64_t			 id;
	size_t			 i;

	a.officer = officer;
	a.tool = "vigil-track";
	a.args = args;
	a.digests = NULL;
	a.touched = touched;
	if (vg_case_begin(c, &e) == -1)
		tool_fail(&e);
	if (save && p != NULL) {
		memset(&cp, 0, sizeof(cp));
		cp.officer = officer;
		cp.anchor = start;
		cp.hops = xcalloc(p->nhop + 1, sizeof(*cp.hops));
		cp.nhops = p->nhop;
		for (i = 0; i < p->nhop; i++) {
			const struct vg_hop *h = &p->hop[i];

			cp.hops[i].n = (int)i + 1;
			cp.hops[i].device = g->dev[h->obs.dev].code;
			cp.hops[i].type = h->obs.type == VG_ROW_GATE ? "gate" :
			    "camera";
			cp.hops[i].track = h->obs.track;
			cp.hops[i].first = h->obs.first;
			cp.hops[i].last = h->obs.type == VG_ROW_GATE ?
			    VG_TIME_NONE : h->obs.last;
			cp.hops[i].transit = h->transit;
			cp.hops[i].confidence = h->confidence;
			cp.hops[i].person = h->obs.person;
		}
		if (vg_case_save_path(c, &cp, &id, &e) == -1)
			tool_fail(&e);
		free(cp.hops);
		snprintf(touched, sizeof(touched), "archive %s read; path %lld"
		    " saved: %zu hops from %s", archive, (long long)id,
		    p->nhop, start);
	} else
		snprintf(touched, sizeof(touched), "archive %s read; %s%s%s",
		    archive, p != NULL ? "tracked from " : "looked at ",
		    start, p != NULL ? " (not saved)" : "");
	if (vg_case_commit(c, &a, &e) == -1)
		tool_fail(&e);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive",	required_argument,	NULL, 'A' },
		{ "at",		required_argument,	NULL, OPT_AT },
		{ "backward",	no_argument,		NULL, OPT_BACKWARD },
		{ "calibration", no_argument,		NULL, OPT_CALIBRATION },
		{ "card",	required_argument,	NULL, OPT_CARD },
		{ "case",	required_argument,	NULL, 'c' },
		{ "columns",	required_argument,	NULL, OPT_COLUMNS },
		{ "confirm",	required_argument,	NULL, OPT_CONFIRM },
		{ "eval",	required_argument,	NULL, OPT_EVAL },
		{ "format",	required_argument,	NULL, 'F' },
		{ "forward",	no_argument,		NULL, OPT_FORWARD },
		{ "from",	required_argument,	NULL, OPT_FROM },
		{ "greedy",	no_argument,		NULL, OPT_GREEDY },
		{ "help",	no_argument,		NULL, 'h' },
		{ "hypotheses",	required_argument,	NULL, OPT_HYPOTHESES },
		{ "officer",	required_argument,	NULL, OPT_OFFICER },
		{ "person",	required_argument,	NULL, OPT_PERSON },
		{ "plate",	required_argument,	NULL, OPT_PLATE },
		{ "reject",	required_argument,	NULL, OPT_REJECT },
		{ "save",	no_argument,		NULL, OPT_SAVE },
		{ "time",	required_argument,	NULL, OPT_TIME },
		{ "tz",		required_argument,	NULL, 'z' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "window",	required_argument,	NULL, OPT_WINDOW },
		{ NULL,		0,			NULL, 0 }
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct vg_graph		 g;
	struct vg_track_opts	 opt;
	struct vg_obs		 anchor;
	struct vg_path		*paths, one;
	struct list		 confirm = { NULL, 0 }, reject = { NULL, 0 };
	struct out		 o;
	struct vg_tz		*tz = NULL, *site;
	const char		*archive = NULL, *fmtarg = NULL, *from = NULL;
	const char		*at = NULL, *attime = NULL, *person = NULL;
	const char		*card = NULL, *plate = NULL, *truth = NULL;
	const char		*why, *columns = NULL, *casearg = NULL;
	const char		*officer = NULL;
	char			*owner = NULL, *colon, *camera, *args;
	char			*casearch = NULL, *anchorref = NULL;
	struct vg_case		*c = NULL;
	struct casedec		 cd = { NULL, NULL, { NULL, 0 } };
	int			 save = 0;
	enum vg_fmt		 fmt;
	long long		 n;
	size_t			 npaths, i;
	struct vg_model		 model;
	int			 ch, fwd = 0, back = 0, starts, rc;
	int			 calibration = 0;

	vg_track_opts_init(&opt);
	args = tool_args(argc - 1, argv + 1);
	while ((ch = getopt_long(argc, argv, "A:c:F:hVz:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'A':
			archive = optarg;
			break;
		case 'c':
			casearg = optarg;
			break;
		case OPT_OFFICER:
			officer = optarg;
			break;
		case OPT_SAVE:
			save = 1;
			break;
		case 'F':
			fmtarg = optarg;
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'V':
			tool_version();
		case 'z':
			tz = tool_zone(optarg);
			break;
		case OPT_AT:
			at = optarg;
			break;
		case OPT_BACKWARD:
			back = 1;
			break;
		case OPT_CALIBRATION:
			calibration = 1;
			break;
		case OPT_CARD:
			card = optarg;
			break;
		case OPT_COLUMNS:
			columns = optarg;
			break;
		case OPT_CONFIRM:
			push(&confirm, optarg);
			break;
		case OPT_EVAL:
			truth = optarg;
			break;
		case OPT_FORWARD:
			fwd = 1;
			break;
		case OPT_FROM:
			from = optarg;
			break;
		case OPT_GREEDY:
			opt.greedy = 1;
			break;
		case OPT_HYPOTHESES:
			if ((why = vg_strtonum(optarg, 1, 20, &n)) != NULL) {
				warnx("--hypotheses: '%s' is %s",
				    tool_plain(optarg), tool_plain(why));
				usage(TOOL_EXIT_USAGE);
			}
			opt.hypotheses = (int)n;
			break;
		case OPT_PERSON:
			person = optarg;
			break;
		case OPT_PLATE:
			plate = optarg;
			break;
		case OPT_REJECT:
			push(&reject, optarg);
			break;
		case OPT_TIME:
			attime = optarg;
			break;
		case OPT_WINDOW:
			if ((why = vg_strtonum(optarg, 1, 24 * 60, &n)) !=
			    NULL) {
				warnx("--window: '%s' minutes is %s",
				    tool_plain(optarg), tool_plain(why));
				usage(TOOL_EXIT_USAGE);
			}
			opt.window = n * 60 * US;
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	starts = (from != NULL) + (at != NULL) + (person != NULL) +
	    (card != NULL) + (plate != NULL) + (truth != NULL) +
	    (calibration && truth == NULL);
	if (save && casearg == NULL) {
		warnx("--save saves into a case: give -c CASE");
		usage(TOOL_EXIT_USAGE);
	}
	if (casearg != NULL) {
		c = tool_case(casearg, &officer, &archive, &casearch);
		cd.confirm = &confirm;
		cd.reject = &reject;
		if (vg_case_decisions(c, case_decision, &cd, &e) == -1)
			tool_fail(&e);
		if (starts == 0) {
			if (vg_case_subjects(c, case_anchor, &anchorref,
			    &e) == -1)
				tool_fail(&e);
			from = anchorref;
			if (from == NULL)
				errx(TOOL_EXIT_USAGE, "the case has no anchor"
				    " subject: give --from CAMERA:TRACK");
			starts = 1;
		}
	}
	if (optind != argc || starts != 1 || (at != NULL && attime == NULL) ||
	    (attime != NULL && at == NULL && from == NULL))
		usage(TOOL_EXIT_USAGE);
	if (fwd || back) {
		opt.forward = fwd;
		opt.backward = back;
	}
	archive = tool_archive(archive);
	fmt = tool_format(fmtarg);

	tool_heap_ready(HEAP_ROOM);
	if (vg_archive_open(archive, VG_ARCHIVE_RDONLY, &ar, &e) == -1)
		tool_fail(&e);
	site = tool_site_tz(ar, archive);
	tool_need(ar, archive, VG_HOLDS_LOGS);
	tool_skew_note(ar, archive);
	/* a gate event is named GATE@TIME: keep the time as UTC us */
	decisions(&confirm, tz != NULL ? tz : site, "--confirm");
	decisions(&reject, tz != NULL ? tz : site, "--reject");
	opt.confirm = confirm.v;
	opt.nconfirm = confirm.n;
	opt.reject = reject.v;
	opt.nreject = reject.n;
	if (vg_ar_graph(ar, &g, &e) == -1)
		tool_fail(&e);
	/* what the archive taught of its site, once for every search */
	if (vg_model_get(ar, &g, &model, &e) == -1)
		tool_fail(&e);
	opt.model = &model;
	memset(&o, 0, sizeof(o));
	o.tz = tz != NULL ? tz : site;
	o.g = &g;
	o.chosen = columns != NULL;
	/* a terminal's table: the columns an officer reads a path by */
	if (columns == NULL && terminal_fmt(fmt) && tool_width() > 0)
		columns = "hop,camera,type,track,first,transit,unseen,"
		    "appearance,person,identity,score";
	if (tool_columns(cols, NCOLS, columns, o.pick, &o.npick) == -1)
		usage(TOOL_EXIT_USAGE);

	if (truth != NULL)
		rc = evaluate(ar, &g, &opt, truth, fmt, calibration);
	else if (calibration)
		rc = calibration_report(&model, &g, fmt);
	else if (at != NULL)
		rc = list_at(ar, &g, &o, fmt, at, tool_time(tz ? tz : site,
		    "--time", attime));
	else if (from != NULL) {
		if ((colon = strchr(from, ':')) == NULL || colon == from ||
		    colon[1] == '\0') {
			warnx("--from: '%s' is not CAMERA:TRACK",
			    tool_plain(from));
			usage(TOOL_EXIT_USAGE);
		}
		camera = xstrndup(from, (size_t)(colon - from));
		/* --time: which, where a track's number names several */
		rc = vg_ar_sighting_at(ar, &g, camera, colon + 1, attime !=
		    NULL ? tool_time(tz ? tz : site, "--time", attime) :
		    VG_TIME_NONE, &anchor, &e);
		if (rc != 1)
			free(camera);
		if (rc == -1)
			tool_fail(&e);
		if (rc == -2)
			errx(TOOL_EXIT_FAIL, "--from: %s: %s", e.msg, attime !=
			    NULL ? "--at CAMERA --time TIME lists them" :
			    "give --time TIME, when the one you mean was seen");
		if (rc == 0 && attime != NULL)
			errx(TOOL_EXIT_FAIL, "no sighting '%s'"
			    " within a second of %s", tool_plain(from),
			    tool_plain(attime));
		if (rc == 0)
			errx(TOOL_EXIT_FAIL, "no sighting '%s'",
			    tool_plain(from));
		if (vg_track(ar, &g, &anchor, &opt, &paths, &npaths, &e) == -1)
			tool_fail(&e);
		print_paths(&o, fmt, paths, npaths);
		if (c != NULL)
			case_record(c, officer, args, archive, &g, from,
			    npaths > 0 ? &paths[0] : NULL, save);
		vg_path_free(paths, npaths);
		vg_obs_free(&anchor);
		free(camera);
		rc = o.failed ? TOOL_EXIT_FAIL : tool_close_stdout();
	} else {
		if (card != NULL || plate != NULL) {
			owner = vg_ar_owner(ar, card ? "card" : "plate",
			    card ? card : plate);
			if (owner == NULL)
				errx(TOOL_EXIT_FAIL, "no one on the roster has"
				    " %s '%s'", card ? "card" : "plate",
				    tool_plain(card ? card : plate));
			person = owner;
		}
		if (trajectory(ar, &g, &opt, person, INT64_MIN / 2,
		    INT64_MAX / 2, &one, &e) == -1)
			tool_fail(&e);
		if (one.nhop == 0)
			errx(TOOL_EXIT_FAIL,
			    "nothing in the archive names '%s'",
			    tool_plain(person));
		print_paths(&o, fmt, &one, 1);
		if (c != NULL)
			case_record(c, officer, args, archive, &g, person,
			    &one, save);
		paths = xcalloc(1, sizeof(*paths));
		paths[0] = one;
		vg_path_free(paths, 1);
		rc = o.failed ? TOOL_EXIT_FAIL : tool_close_stdout();
	}
	if (c != NULL && (truth != NULL || at != NULL || calibration))
		case_record(c, officer, args, archive, &g, truth != NULL ?
		    truth : at != NULL ? at : "the site model", NULL, 0);
	vg_case_close(c);
	free(casearch);
	free(args);
	free(owner);
	for (i = 0; i < confirm.n; i++)
		free((char *)confirm.v[i]);
	for (i = 0; i < reject.n; i++)
		free((char *)reject.v[i]);
	free(confirm.v);
	free(reject.v);
	for (i = 0; i < cd.owned.n; i++)
		free((char *)cd.owned.v[i]);
	free(cd.owned.v);
	free(anchorref);
	vg_model_free(&model);
	vg_graph_free(&g);
	vg_archive_close(ar);
	vg_tz_free(tz);
	return rc;
}
