/* vigil-anomaly: find what should not have happened, across the archive */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

enum {
	OPT_COLUMNS = 256, OPT_EXPLAIN, OPT_FROM, OPT_KIND, OPT_STAY,
	OPT_TO, OPT_TOLERANCE, OPT_VISIT
};

static const struct vg_col cols[] = {
	{ "id", VG_COL_TEXT },
	{ "kind", VG_COL_TEXT },
	{ "time", VG_COL_TEXT },
	{ "device", VG_COL_TEXT },
	{ "zone", VG_COL_TEXT },
	{ "person", VG_COL_TEXT },
	{ "card", VG_COL_TEXT },
	{ "plate", VG_COL_TEXT },
	{ "score", VG_COL_NUM },
	{ "reason", VG_COL_TEXT },
};
#define NCOLS	(sizeof(cols) / sizeof(cols[0]))

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-anomaly [-hqV] [-A archive] [-F format] [-n limit]"
	    " [-z zone]\n"
	    "                     [--columns list] [--explain id]"
	    " [--from time]\n"
	    "                     [--kind kind[,kind ...]] [--stay length]"
	    " [--to time]\n"
	    "                     [--tolerance length] [--visit length]\n");
	exit(status);
}

/* The longest --stay or --visit, in us: 30 days. */
#define LIMIT_MAX	((int64_t)30 * 86400 * 1000000)
/* The largest --tolerance, in us: an hour. */
#define TOLERANCE_MAX	((int64_t)3600 * 1000000)

/*
 * A limit of time (whose: "a vehicle's") given to opt: longer than 0, 30
 * days at most.
 */
static int64_t
time_limit(const char *opt, const char *arg, const char *whose)
{
	int64_t	v = tool_duration(opt, arg, LIMIT_MAX,
	    "more than 0, up to 30d");

	if (v == 0) {
		warnx("%s: %s limit must be longer than 0", opt, whose);
		usage(TOOL_EXIT_USAGE);
	}
	return v;
}

/* The kinds named in a comma-separated list, as bits. */
static unsigned
kinds_of(const char *list)
{
	const char	*p, *end;
	char		 name[64], b[VG_SHOWSZ];
	unsigned	 bits = 0;
	size_t		 len;
	int		 k;

	if (*list == '\0') {
		warnx("--kind: no kind given");
		usage(TOOL_EXIT_USAGE);
	}
	/* one rule for an empty item, first, last or between: refused */
	for (p = list; ; p = end + 1) {
		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		if (len == 0) {
			warnx("--kind: '%s': an empty kind (a comma too many?)",
			    vg_show(list, strlen(list), b, sizeof(b)));
			usage(TOOL_EXIT_USAGE);
		}
		k = -1;
		if (len < sizeof(name)) {
			memcpy(name, p, len);
			name[len] = '\0';
			k = vg_anomaly_kind(name);
		}
		if (k == -1) {
			warnx("unknown kind '%s' (use %s, %s, %s, %s, %s, %s,"
			    " %s or %s)", vg_show(p, len, b, sizeof(b)),
			    vg_anomaly_names[0], vg_anomaly_names[1],
			    vg_anomaly_names[2], vg_anomaly_names[3],
			    vg_anomaly_names[4], vg_anomaly_names[5],
			    vg_anomaly_names[6], vg_anomaly_names[7]);
			usage(TOOL_EXIT_USAGE);
		}
		bits |= 1u << k;
		if (*end == '\0')
			break;
	}
	return bits;
}

/* The evidence of one anomaly, in vigil-query's columns. */
static int
explain(const struct vg_anomaly *a, struct vg_tz *tz, enum vg_fmt fmt,
    const char *columns)
{
	struct tool_cells	 c;
	struct vg_col		 shown[TOOL_ROW_NCOLS];
	struct vg_out		*out;
	const char		*v[TOOL_ROW_NCOLS];
	size_t			 pick[TOOL_ROW_NCOLS], npick, i, k;
	int			 rc = 0;

	if (tool_columns(tool_row_cols, TOOL_ROW_NCOLS, columns, pick,
	    &npick) == -1)
		usage(TOOL_EXIT_USAGE);
	for (i = 0; i < npick; i++)
		shown[i] = tool_row_cols[pick[i]];
	memset(&c, 0, sizeof(c));
	out = tool_out(fmt, shown, npick, columns != NULL);
	for (k = 0; k < a->nev && rc == 0; k++) {
		tool_row_cells(&a->ev[k], tz, &c);
		for (i = 0; i < npick; i++)
			v[i] = c.v[pick[i]];
		rc = vg_out_row(out, v);
	}
	if (vg_out_end(out) == -1)
		rc = -1;
	free(c.src);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive",	required_argument,	NULL, 'A' },
		{ "columns",	required_argument,	NULL, OPT_COLUMNS },
		{ "explain",	required_argument,	NULL, OPT_EXPLAIN },
		{ "format",	required_argument,	NULL, 'F' },
		{ "from",	required_argument,	NULL, OPT_FROM },
		{ "help",	no_argument,		NULL, 'h' },
		{ "kind",	required_argument,	NULL, OPT_KIND },
		{ "limit",	required_argument,	NULL, 'n' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "stay",	required_argument,	NULL, OPT_STAY },
		{ "to",		required_argument,	NULL, OPT_TO },
		{ "tolerance",	required_argument,	NULL, OPT_TOLERANCE },
		{ "tz",		required_argument,	NULL, 'z' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "visit",	required_argument,	NULL, OPT_VISIT },
		{ NULL,		0,			NULL, 0 }
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_anomaly_opts	 o;
	struct vg_archive	*ar;
	struct vg_site		*site;
	struct vg_anomaly	*a;
	struct vg_tz		*tz = NULL, *stz;
	struct vg_out		*out;
	struct vg_col		 shown[NCOLS];
	const char		*archive = NULL, *fmtarg = NULL, *from = NULL;
	const char		*to = NULL, *columns = NULL, *errstr;
	const char		*want = NULL, *v[NCOLS], *all[NCOLS];
	char			 t[VG_TIME_BUFSZ], score[16], b[VG_SHOWSZ];
	size_t			 na, i, k, pick[NCOLS], npick;
	long long		 limit = 0, n;
	enum vg_fmt		 fmt;
	int			 ch, rc = 0, quiet = 0;

	vg_anomaly_opts_init(&o);
	while ((ch = getopt_long(argc, argv, "A:F:hn:qVz:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'A':
			archive = optarg;
			break;
		case 'F':
			fmtarg = optarg;
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'n':
			if ((errstr = vg_strtonum(optarg, 1, INT64_MAX, &n)) !=
			    NULL) {
				warnx("limit '%s' is %s", vg_show(optarg,
				    strlen(optarg), b, sizeof(b)), errstr);
				usage(TOOL_EXIT_USAGE);
			}
			limit = n;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'V':
			tool_version();
		case 'z':
			tz = tool_zone(optarg);
			break;
		case OPT_COLUMNS:
			columns = optarg;
			break;
		case OPT_EXPLAIN:
			want = optarg;
			break;
		case OPT_FROM:
			from = optarg;
			break;
		case OPT_KIND:
			o.kinds = kinds_of(optarg);
			break;
		case OPT_STAY:
			o.stay = time_limit("--stay", optarg, "a vehicle's");
			break;
		case OPT_TO:
			to = optarg;
			break;
		case OPT_TOLERANCE:
			o.tolerance = tool_duration("--tolerance", optarg,
			    TOLERANCE_MAX, "0 to 1h");
			break;
		case OPT_VISIT:
			o.visit = time_limit("--visit", optarg, "a visitor's");
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	if (optind != argc)
		usage(TOOL_EXIT_USAGE);
	archive = tool_archive(archive);
	fmt = tool_format(fmtarg);

	if (vg_archive_open(archive, VG_ARCHIVE_RDONLY, &ar, &e) == -1)
		tool_fail(&e);
	stz = tool_site_tz(ar, archive);
	tool_span(tz != NULL ? tz : stz, from, to, &o.from, &o.to);
	if (vg_archive_site(ar, &site, &e) == -1)
		tool_fail(&e);
	/* the kind its id names, stranger too (not scanned by default) */
	if (want != NULL && o.kinds == 0 && vg_anomaly_id_kind(want) != -1)
		o.kinds = 1u << vg_anomaly_id_kind(want);
	tool_progress_init(quiet);
	o.progress = tool_progress;
	if (vg_anomaly_find(ar, site, &o, &a, &na, &e) == -1)
		tool_fail(&e);
	tool_progress_clear();
	if (want != NULL) {
		for (i = 0; i < na; i++)
			if (strcmp(a[i].id, want) == 0)
				break;
		if (i == na)
			errx(TOOL_EXIT_FAIL, "no anomaly '%s' in %s%s", vg_show(
			    want, strlen(want), b, sizeof(b)),
			    tool_plain(archive),
			    o.from != VG_TIME_NONE || o.to != VG_TIME_NONE ?
			    " over that span" : "");
		rc = explain(&a[i], tz != NULL ? tz : stz, fmt, columns);
	} else {
		if (tool_columns(cols, NCOLS, columns, pick, &npick) == -1)
			usage(TOOL_EXIT_USAGE);
		for (i = 0; i < npick; i++)
			shown[i] = cols[pick[i]];
		out = tool_out(fmt, shown, npick, columns != NULL);
		for (i = 0; i < na && rc == 0; i++) {
			if (limit > 0 && (long long)i >= limit)
				break;
			vg_time_format(tz != NULL ? tz : stz, a[i].t, t,
			    sizeof(t));
			snprintf(score, sizeof(score), "%.2f", a[i].score);
			all[0] = a[i].id;
			all[1] = vg_anomaly_names[a[i].kind];
			all[2] = t;
			all[3] = a[i].device;
			all[4] = a[i].zone;
			all[5] = a[i].person;
			all[6] = a[i].card;
			all[7] = a[i].plate;
			all[8] = score;
			all[9] = a[i].reason;
			for (k = 0; k < npick; k++)
				v[k] = all[pick[k]];
			rc = vg_out_row(out, v);
		}
		if (vg_out_end(out) == -1)
			rc = -1;
		if (na == 0)
			tool_extent(ar, o.from, o.to, tz != NULL ? tz : stz);
	}
	vg_anomaly_free(a, na);
	vg_site_free(site);
	vg_archive_close(ar);
	vg_tz_free(tz);
	if (rc == -1) {
		warnx("stdout: write error");
		return TOOL_EXIT_FAIL;
	}
	return tool_close_stdout();
}
