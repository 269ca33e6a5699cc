/* vigil-skew: estimate the devices' clock offsets and keep clock corrections */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

#define US	INT64_C(1000000)	/* microseconds a second */
#define REACH	(240 * US)		/* vigil-skew's fine reach */

enum {
	OPT_APPLY = 256, OPT_DEVICE, OPT_NOTE, OPT_REMOVE, OPT_SET
};

static const struct vg_col est_cols[] = {
	{ "device", VG_COL_TEXT },
	{ "type", VG_COL_TEXT },
	{ "offset", VG_COL_NUM },
	{ "uncertainty", VG_COL_NUM },
	{ "support", VG_COL_NUM },
	{ "status", VG_COL_TEXT },
	{ "current", VG_COL_NUM },
	{ "coarse", VG_COL_NUM },
	{ "z", VG_COL_NUM },
};
#define NEST	(sizeof(est_cols) / sizeof(est_cols[0]))

static const struct vg_col list_cols[] = {
	{ "device", VG_COL_TEXT },
	{ "offset", VG_COL_NUM },
	{ "method", VG_COL_TEXT },
	{ "support", VG_COL_NUM },
	{ "uncertainty", VG_COL_NUM },
	{ "note", VG_COL_TEXT },
	{ "set_at", VG_COL_TEXT },
};
#define NLIST	(sizeof(list_cols) / sizeof(list_cols[0]))

static const char *const status_names[] = {
	[VG_SKEW_OK] = "ok",
	[VG_SKEW_SKEWED] = "skewed",
	[VG_SKEW_NOEVIDENCE] = "no evidence",
	[VG_SKEW_REFERENCE] = "reference",
	[VG_SKEW_UNSURE] = "uncertain",
};

struct corr {
	char		*device;	/* device id */
	int64_t		 offset;	/* clock ahead of true time, us */
	char		*method;	/* manual, estimated, ... */
	int64_t		 support;	/* observations behind it */
	int64_t		 uncertainty;	/* about how far off, us */
	char		*note;		/* why, or NULL */
	int64_t		 set_at;	/* when, UTC us */
};

struct corrs {
	struct corr	*c;		/* the corrections, by device id */
	size_t		 n;		/* how many */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-skew [-hqV] [-A archive] [-F format] [--apply]"
	    " [--device id]\n"
	    "       vigil-skew -l [-a] [-A archive] [-F format] [--device id]\n"
	    "       vigil-skew [-A archive] --set id=offset [--note text]\n"
	    "       vigil-skew [-A archive] --remove id\n");
	exit(status);
}

/* Seconds with three decimals, signed unless plus is 0 and it is positive. */
static void
seconds(char *buf, size_t len, int64_t us, int plus)
{
	long long	ms;
	const char	*sign;

	ms = us >= 0 ? (us + 500) / 1000 : -((-us + 500) / 1000);
	sign = ms < 0 ? "-" : plus ? "+" : "";
	if (ms < 0)
		ms = -ms;
	snprintf(buf, len, "%s%lld.%03lld", sign, ms / 1000, ms % 1000);
}

/* [+-]SECONDS[.FRACTION][s], at most a million seconds either way. */
static int
parse_offset(const char *s, int64_t *out)
{
	int64_t	sec = 0, frac = 0, scale = 100000;
	int	neg = 0, digits = 0, fdigits = 0;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		sec = sec * 10 + (*s - '0');
		if (sec > 1000000)
			return -1;
	}
	if (digits == 0)
		return -1;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, fdigits++) {
			if (fdigits == 6)
				return -1;
			frac += (*s - '0') * scale;
			scale /= 10;
		}
		if (fdigits == 0)
			return -1;
	}
	if (*s == 's')
		s++;
	if (*s != '\0')
		return -1;
	*out = (sec * US + frac) * (neg ? -1 : 1);
	return 0;
}

static int
corr_add(const struct vg_offset *o, void *arg)
{
	struct corrs	*cs = arg;
	struct corr	*c;

	cs->c = xreallocarray(cs->c, cs->n + 1, sizeof(*cs->c));
	c = &cs->c[cs->n++];
	c->device = xstrdup(o->device);
	c->offset = o->offset;
	c->method = xstrdup(o->method != NULL ? o->method : "");
	c->support = o->support;
	c->uncertainty = o->uncertainty;
	c->note = o->note != NULL ? xstrdup(o->note) : NULL;
	c->set_at = o->set_at;
	return 0;
}

static void
corrs_load(struct vg_archive *ar, struct corrs *cs)
{
	struct vg_error	e = { 0, NULL };

	if (vg_ar_offsets(ar, corr_add, cs, &e) == -1)
		tool_fail(&e);
}

static void
corrs_free(struct corrs *cs)
{
	size_t	i;

	for (i = 0; i < cs->n; i++) {
		free(cs->c[i].device);
		free(cs->c[i].method);
		free(cs->c[i].note);
	}
	free(cs->c);
	cs->c = NULL;
	cs->n = 0;
}

static const struct corr *
corr_find(const struct corrs *cs, const char *device)
{
	size_t	i;

	for (i = 0; i < cs->n; i++)
		if (strcmp(cs->c[i].device, device) == 0)
			return &cs->c[i];
	return NULL;
}

/* The index of device id in the graph; exits when there is none. */
static int
device_index(const struct vg_graph *g, const char *id)
{
	size_t	i;

	for (i = 0; i < g->ndev; i++)
		if (strcmp(g->dev[i].code, id) == 0)
			return (int)i;
	errx(TOOL_EXIT_FAIL, "unknown device '%s'", tool_plain(id));
}

struct line {
	const char		*code;		/* device id */
	const struct vg_skew	*sk;		/* its estimate */
};

static int
line_cmp(const void *a, const void *b)
{
	const struct line	*x = a, *y = b;

	return strcmp(x->code, y->code);
}

/*
 * Record what the estimate found: a skewed device's offset, and for one
 * found ok a row of no offset saying its clock was confirmed right (its
 * support and uncertainty), so that vigil-track does not doubt it; a
 * confirmation that no longer holds is removed.  Corrections set by hand
 * stay.
 */
static void
apply(struct vg_archive *ar, const struct vg_graph *g,
    const struct vg_skew *sk, size_t nsk, int only, const struct corrs *cs,
    size_t *nset, size_t *nconf, size_t *nremoved)
{
	struct vg_error		 e = { 0, NULL };
	const struct corr	*c;
	const char		*code;
	char			*note, unc[32];
	size_t			 i;

	*nset = *nconf = *nremoved = 0;
	for (i = 0; i < nsk; i++) {
		if (only != -1 && sk[i].dev != only)
			continue;
		code = g->dev[sk[i].dev].code;
		c = corr_find(cs, code);
		if (c != NULL && strcmp(c->method, "estimated") != 0 &&
		    strcmp(c->method, "confirmed") != 0)
			continue;	/* set by hand: never touched */
		if (sk[i].status == VG_SKEW_SKEWED) {
			xasprintf(&note, "vigil-skew: transit residuals over"
			    " %d link%s, %lld pair%s", sk[i].links,
			    sk[i].links == 1 ? "" : "s",
			    (long long)sk[i].support,
			    sk[i].support == 1 ? "" : "s");
			if (vg_ar_set_offset(ar, code, sk[i].offset,
			    "estimated", sk[i].support, sk[i].uncertainty,
			    note, &e) == -1)
				tool_fail(&e);
			free(note);
			(*nset)++;
		} else if (sk[i].status == VG_SKEW_OK) {
			seconds(unc, sizeof(unc), sk[i].uncertainty, 0);
			xasprintf(&note, "vigil-skew: right within %s s, transit"
			    " residuals over %d link%s, %lld pair%s", unc,
			    sk[i].links, sk[i].links == 1 ? "" : "s",
			    (long long)sk[i].support,
			    sk[i].support == 1 ? "" : "s");
			if (vg_ar_set_offset(ar, code, 0, "confirmed",
			    sk[i].support, sk[i].uncertainty, note, &e) == -1)
				tool_fail(&e);
			free(note);
			(*nconf)++;
			if (c != NULL && strcmp(c->method, "estimated") == 0)
				(*nremoved)++;
		} else if (c != NULL && strcmp(c->method, "confirmed") == 0) {
			if (vg_ar_set_offset(ar, code, 0, NULL, 0, 0, NULL,
			    &e) == -1)
				tool_fail(&e);
			(*nremoved)++;
		}
	}
}

/*
 * Say on standard error, device by device, what --apply left alone for
 * want of evidence, and why.
 */
static void
not_applied(const struct vg_graph *g, const struct vg_skew *sk, size_t nsk,
    int only, int plus)
{
	char	off[32], unc[32], crs[32];
	size_t	i;

	for (i = 0; i < nsk; i++) {
		const struct vg_skew	*k = &sk[i];
		const char		*code = g->dev[k->dev].code;

		if (only != -1 && k->dev != only)
			continue;
		seconds(off, sizeof(off), k->offset, plus);
		seconds(unc, sizeof(unc), k->uncertainty, 0);
		seconds(crs, sizeof(crs), k->coarse, plus);
		if (k->status == VG_SKEW_UNSURE && k->uncertainty >
		    VG_SKEW_SURE)
			warnx("%s: %s s not applied: known only within %s s"
			    " (%d s at most is applied)", tool_plain(code), off,
			    unc, (int)(VG_SKEW_SURE / US));
		else if (k->status == VG_SKEW_UNSURE && k->grouped)
			warnx("%s: %s s not applied: off together with cameras"
			    " joined to it, their common offset checked by no"
			    " second equation to the rest",
			    tool_plain(code), off);
		else if (k->status == VG_SKEW_UNSURE &&
		    llabs(k->coarse) > REACH)
			warnx("%s: %s s not applied: its seconds may be right"
			    " after all (%.0f%%), its neighbours off instead",
			    tool_plain(code), off, 100 * k->right);
		else if (k->status == VG_SKEW_UNSURE)
			warnx("%s: %s s not applied: its clock may be right"
			    " after all (%.0f%%), its neighbours off instead",
			    tool_plain(code), off, 100 * k->right);
		else if (k->status == VG_SKEW_NOEVIDENCE && k->z > 0 &&
		    k->coarse != 0)
			warnx("%s: not applied: the coarse search puts it at"
			    " %s s, which no pair confirms", tool_plain(code),
			    crs);
	}
}

static int
estimate(struct vg_archive *ar, const char *archive, enum vg_fmt fmt,
    const char *device, int write, int quiet)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_graph		 g;
	struct vg_skew		*sk;
	struct line		*lines;
	struct corrs		 cs = { NULL, 0 };
	const struct corr	*c;
	struct vg_out		*out;
	const char		*v[NEST];
	char			 off[32], unc[32], sup[32], cur[32];
	char			 crs[32], z[32];
	size_t			 nsk, i, nset, nconf, nrm;
	int			 only = -1, plus, rc;

	plus = fmt != VG_FMT_JSON && fmt != VG_FMT_JSONL;
	if (vg_ar_graph(ar, &g, &e) == -1)
		tool_fail(&e);
	if (device != NULL)
		only = device_index(&g, device);
	if (vg_skew_estimate_progress(ar, &g, tool_progress, NULL, &sk, &nsk,
	    &e) == -1)
		tool_fail(&e);
	tool_progress_clear();
	corrs_load(ar, &cs);
	if (write) {
		apply(ar, &g, sk, nsk, only, &cs, &nset, &nconf, &nrm);
		if (only == -1 && vg_ar_skew_estimated(ar, &e) == -1)
			tool_fail(&e);
		if (!quiet)
			warnx("'%s': %zu clock correction%s recorded, %zu"
			    " clock%s confirmed right, %zu removed",
			    tool_plain(archive), nset, nset == 1 ? "" : "s",
			    nconf, nconf == 1 ? "" : "s", nrm);
		not_applied(&g, sk, nsk, only, 1);
		corrs_free(&cs);
		corrs_load(ar, &cs);
	}

	lines = xcalloc(nsk + 1, sizeof(*lines));
	for (i = 0; i < nsk; i++) {
		lines[i].code = g.dev[sk[i].dev].code;
		lines[i].sk = &sk[i];
	}
	vg_qsort(lines, nsk, sizeof(*lines), line_cmp);
	out = tool_out(fmt, est_cols, NEST, 0);
	rc = 0;
	for (i = 0; i < nsk && rc == 0; i++) {
		const struct vg_skew	*k = lines[i].sk;
		const struct vg_gdev	*d = &g.dev[k->dev];

		if (only != -1 && k->dev != only)
			continue;
		seconds(off, sizeof(off), k->offset, plus);
		seconds(unc, sizeof(unc), k->uncertainty, 0);
		snprintf(sup, sizeof(sup), "%lld", (long long)k->support);
		v[0] = d->code;
		v[1] = d->type == VG_GATE ? "gate" : "camera";
		v[2] = k->status == VG_SKEW_NOEVIDENCE ? NULL : off;
		v[3] = k->status == VG_SKEW_NOEVIDENCE ? NULL : unc;
		v[4] = sup;
		v[5] = status_names[k->status];
		v[6] = NULL;
		if ((c = corr_find(&cs, d->code)) != NULL) {
			seconds(cur, sizeof(cur), c->offset, plus);
			v[6] = cur;
		}
		v[7] = v[8] = NULL;
		if (k->z > 0) {
			seconds(crs, sizeof(crs), k->coarse, plus);
			snprintf(z, sizeof(z), "%.1f", k->z);
			v[7] = crs;
			v[8] = z;
		}
		rc = vg_out_row(out, v);
	}
	if (vg_out_end(out) == -1)
		rc = -1;
	free(lines);
	free(sk);
	corrs_free(&cs);
	vg_graph_free(&g);
	return rc;
}

/*
 * The corrections, one row each: those that move a device's times and
 * those set by hand; with all, or for the device asked for, also the
 * clocks an estimate confirmed right (offset 0: on a campus most cameras,
 * which would bury the few corrected).
 */
static int
list(struct vg_archive *ar, struct vg_tz *tz, enum vg_fmt fmt,
    const char *device, int all)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_graph	 g;
	struct corrs	 cs = { NULL, 0 };
	struct vg_out	*out;
	const char	*v[NLIST];
	char		 off[32], unc[32], sup[32], at[VG_TIME_BUFSZ];
	size_t		 i;
	int		 plus, rc = 0;

	plus = fmt != VG_FMT_JSON && fmt != VG_FMT_JSONL;
	if (device != NULL) {
		if (vg_ar_graph(ar, &g, &e) == -1)
			tool_fail(&e);
		device_index(&g, device);
		vg_graph_free(&g);
	}
	corrs_load(ar, &cs);
	out = tool_out(fmt, list_cols, NLIST, 0);
	for (i = 0; i < cs.n && rc == 0; i++) {
		const struct corr	*c = &cs.c[i];

		if (device != NULL && strcmp(c->device, device) != 0)
			continue;
		if (!all && device == NULL && c->method != NULL &&
		    strcmp(c->method, "confirmed") == 0)
			continue;
		seconds(off, sizeof(off), c->offset, plus);
		seconds(unc, sizeof(unc), c->uncertainty, 0);
		snprintf(sup, sizeof(sup), "%lld", (long long)c->support);
		vg_time_format(tz, c->set_at, at, sizeof(at));
		v[0] = c->device;
		v[1] = off;
		v[2] = c->method;
		v[3] = sup;
		v[4] = unc;
		v[5] = c->note;
		v[6] = at;
		rc = vg_out_row(out, v);
	}
	if (vg_out_end(out) == -1)
		rc = -1;
	corrs_free(&cs);
	return rc;
}

static void
set(struct vg_archive *ar, const char *id, int64_t offset, const char *note)
{
	struct vg_error	e = { 0, NULL };

	if (vg_ar_set_offset(ar, id, offset, "manual", 0, 0, note, &e) == -1)
		tool_fail(&e);
}

static void
remove_one(struct vg_archive *ar, const char *id)
{
	struct vg_error	e = { 0, NULL };
	struct vg_graph	g;
	struct corrs	cs = { NULL, 0 };

	if (vg_ar_graph(ar, &g, &e) == -1)
		tool_fail(&e);
	device_index(&g, id);
	vg_graph_free(&g);
	corrs_load(ar, &cs);
	if (corr_find(&cs, id) == NULL)
		errx(TOOL_EXIT_FAIL, "'%s' has no clock correction",
		    tool_plain(id));
	corrs_free(&cs);
	if (vg_ar_set_offset(ar, id, 0, NULL, 0, 0, NULL, &e) == -1)
		tool_fail(&e);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "all",	no_argument,		NULL, 'a' },
		{ "apply",	no_argument,		NULL, OPT_APPLY },
		{ "archive",	required_argument,	NULL, 'A' },
		{ "device",	required_argument,	NULL, OPT_DEVICE },
		{ "format",	required_argument,	NULL, 'F' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "list",	no_argument,		NULL, 'l' },
		{ "note",	required_argument,	NULL, OPT_NOTE },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "remove",	required_argument,	NULL, OPT_REMOVE },
		{ "set",	required_argument,	NULL, OPT_SET },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct vg_tz		*tz;
	const char		*archive = NULL, *fmtarg = NULL;
	const char		*device = NULL, *note = NULL, *rmid = NULL;
	char			*setid = NULL, *eq;
	int64_t			 offset = 0;
	enum vg_fmt		 fmt;
	int			 ch, rc, doapply = 0, dolist = 0, modes;
	int			 all = 0, quiet = 0;

	while ((ch = getopt_long(argc, argv, "A:F:ahlqV", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'A':
			archive = optarg;
			break;
		case 'F':
			fmtarg = optarg;
			break;
		case 'a':
			all = 1;
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'l':
			dolist = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'V':
			tool_version();
		case OPT_APPLY:
			doapply = 1;
			break;
		case OPT_DEVICE:
			device = optarg;
			break;
		case OPT_NOTE:
			note = optarg;
			break;
		case OPT_REMOVE:
			rmid = optarg;
			break;
		case OPT_SET:
			free(setid);
			setid = xstrdup(optarg);
			if ((eq = strchr(setid, '=')) == NULL ||
			    eq == setid ||
			    parse_offset(eq + 1, &offset) == -1) {
				warnx("bad --set '%s': use id=[+-]seconds[s],"
				    " such as C0044=+73s", tool_plain(optarg));
				usage(TOOL_EXIT_USAGE);
			}
			*eq = '\0';
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	if (optind != argc)
		usage(TOOL_EXIT_USAGE);
	modes = doapply + dolist + (setid != NULL) + (rmid != NULL);
	if (modes > 1) {
		warnx("give one of --apply, -l, --set and --remove");
		usage(TOOL_EXIT_USAGE);
	}
	if (all && !dolist) {
		warnx("-a goes with -l");
		usage(TOOL_EXIT_USAGE);
	}
	if (note != NULL && setid == NULL) {
		warnx("--note goes with --set");
		usage(TOOL_EXIT_USAGE);
	}
	if (device != NULL && (setid != NULL || rmid != NULL)) {
		warnx("--device goes with --apply, -l or an estimate");
		usage(TOOL_EXIT_USAGE);
	}
	archive = tool_archive(archive);
	fmt = tool_format(fmtarg);

	if (vg_archive_open(archive, doapply || setid != NULL ||
	    rmid != NULL ? VG_ARCHIVE_RDWR : VG_ARCHIVE_RDONLY, &ar,
	    &e) == -1)
		tool_fail(&e);
	tz = tool_site_tz(ar, archive);
	rc = 0;
	if (setid != NULL)
		set(ar, setid, offset, note);
	else if (rmid != NULL)
		remove_one(ar, rmid);
	else if (dolist) {
		rc = list(ar, tz, fmt, device, all);
		if (!vg_archive_has(ar, VG_HOLDS_CORRECTIONS))
			warnx("'%s': %s", tool_plain(archive),
			    tool_step(VG_HOLDS_CORRECTIONS));
	} else {
		tool_need(ar, archive, VG_HOLDS_LOGS);
		tool_progress_init(quiet);
		rc = estimate(ar, archive, fmt, device, doapply, quiet);
	}
	vg_archive_close(ar);
	free(setid);
	if (rc == -1) {
		warnx("stdout: write error");
		return TOOL_EXIT_FAIL;
	}
	return tool_close_stdout();
}
