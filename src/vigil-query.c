/* vigil-query: ask the archive for gate events and sightings */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "tool.h"

enum {
	OPT_CAMERA = 256,
	OPT_OFFICER,
	OPT_WHY, OPT_ATTR, OPT_COLUMNS, OPT_CARD, OPT_FROM, OPT_GATE, OPT_KIND,
	OPT_LIKE, OPT_LOWER, OPT_MIN_SIMILARITY, OPT_NEAR, OPT_PERSON, OPT_PLATE,
	OPT_PLATE_ERRORS, OPT_RADIUS, OPT_RECORDINGS, OPT_STRANGERS, OPT_TO,
	OPT_UPPER, OPT_ZONE, OPT_EXACT, OPT_INDEX, OPT_BUDGET
};

#define NCOLS	TOOL_ROW_NCOLS
#define MAXLIKE	32		/* --like sightings */
#define MAXATTR	16		/* --attr pairs */

/* vigil-query's columns: an archive row's, and a ranking's */
static struct vg_col cols[NCOLS + 1];
static size_t ncols = NCOLS;		/* with the ranking's, NCOLS + 1 */

static const struct vg_col rec_cols[] = {
	{ "camera", VG_COL_TEXT },
	{ "start", VG_COL_TEXT },
	{ "end", VG_COL_TEXT },
	{ "duration", VG_COL_NUM },
	{ "codec", VG_COL_TEXT },
	{ "resolution", VG_COL_TEXT },
	{ "path", VG_COL_TEXT },
	{ "status", VG_COL_TEXT },
};
#define NREC	(sizeof(rec_cols) / sizeof(rec_cols[0]))

struct state {
	struct vg_out	*out;		/* the table */
	size_t		 pick[NCOLS + 1]; /* columns shown, by index into cols */
	size_t		 npick;		/* how many */
	struct vg_tz	*tz;		/* zone times print in */
	struct tool_cells cells;	/* a row's text */
	int		 rank;		/* 1 similarity, 2 plate distance */
	char		 rankv[32];	/* its value's text */
	int		 failed;	/* a write failed */
	int64_t		 left;		/* rows still wanted, -1 for all */
	int64_t		 nrows;		/* rows printed */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-query [-hV] [-A archive] [-c case] [-F format]"
	    " [-n limit]\n"
	    "                   [-z zone] [--attr key=value] [--budget rounds]"
	    " [--camera id]\n"
	    "                   [--card number] [--columns list]"
	    " [--exact | --index]\n"
	    "                   [--from time] [--gate id] [--kind kind[,kind]]\n"
	    "                   [--like camera:track] [--lower colour]"
	    " [--min-similarity n]\n"
	    "                   [--near place] [--officer name] [--person id]"
	    " [--plate pattern]\n"
	    "                   [--plate-errors n] [--radius metres]"
	    " [--strangers] [--to time]\n"
	    "                   [--upper colour] [--why reason]"
	    " [--zone zone|ring]\n"
	    "       vigil-query --recordings [-A archive] [-c case]"
	    " [-F format] [-n limit]\n"
	    "                   [-z zone] [--camera id] [--from time]"
	    " [--to time]\n");
	exit(status);
}

/*
 * The columns of a table for a terminal, by the kind of rows the query
 * gives (as vg_query_run chooses them): gate events, sightings or both.
 */
static const char *
terminal_columns(const struct vg_query *q, int like)
{
	int	kinds = q->kinds != 0 ? q->kinds : VG_ROW_GATE | VG_ROW_SIGHTING;

	if (like)
		return "similarity,time,device,track,person,name,plate,kind,"
		    "upper,lower,attrs";
	if (q->card != NULL || (q->gate != NULL && q->camera == NULL))
		kinds &= VG_ROW_GATE;
	if (q->camera != NULL && q->gate == NULL)
		kinds &= VG_ROW_SIGHTING;
	if (q->upper != 0 || q->lower != 0 || q->nattr > 0)
		kinds &= VG_ROW_SIGHTING;
	if (q->platelike != NULL)
		return kinds == VG_ROW_SIGHTING ? "distance,plate,time,device,"
		    "track,person,name,kind,upper" : kinds == VG_ROW_GATE ?
		    "distance,plate,time,device,person,name,credential,"
		    "direction,result" : "distance,plate,time,type,device,"
		    "track,person,name,direction,result,kind,upper";
	if (kinds == VG_ROW_GATE)
		return "time,device,person,name,credential,card,plate,"
		    "direction,result";
	if (kinds == VG_ROW_SIGHTING)
		return "time,last,device,track,person,name,plate,kind,upper,"
		    "lower,attrs";
	return "time,type,device,track,person,name,credential,direction,"
	    "result,kind,upper,lower";
}

/* An empty answer from an archive lacking a step says which. */
static void
empty_why(struct vg_archive *ar, const char *archive, int64_t nrows,
    enum vg_holds part)
{
	if (nrows == 0 && !vg_archive_has(ar, part))
		warnx("warning: '%s': %s", tool_plain(archive),
		    tool_step(part));
}

static int
row(const struct vg_row *r, void *arg)
{
	struct state	*st = arg;
	const char	*shown[NCOLS + 1];
	size_t		 i;

	st->nrows++;
	tool_row_cells(r, st->tz, &st->cells);
	if (st->rank == 1)
		snprintf(st->rankv, sizeof(st->rankv), "%.2f", r->similarity);
	else if (st->rank == 2)
		snprintf(st->rankv, sizeof(st->rankv), "%g", r->distance);
	for (i = 0; i < st->npick; i++)
		shown[i] = st->pick[i] == NCOLS ? st->rankv :
		    st->cells.v[st->pick[i]];
	if (vg_out_row(st->out, shown) == -1) {
		st->failed = 1;
		return 1;
	}
	return 0;
}

static int
rec_row(const struct vg_recording *r, void *arg)
{
	struct state	*st = arg;
	char		 start[VG_TIME_BUFSZ], end[VG_TIME_BUFSZ], dur[32];
	char		 res[32];
	const char	*v[NREC];
	int		 known;

	if (st->left == 0)
		return 1;
	if (st->left > 0)
		st->left--;
	known = r->start != VG_TIME_NONE && r->duration >= 0;
	if (r->start != VG_TIME_NONE)
		vg_time_format(st->tz, r->start, start, sizeof(start));
	if (known)
		vg_time_format(st->tz, r->start + r->duration, end,
		    sizeof(end));
	if (r->duration >= 0)
		snprintf(dur, sizeof(dur), "%lld.%03lld",
		    (long long)((r->duration + 500) / 1000000),
		    (long long)((r->duration + 500) / 1000 % 1000));
	snprintf(res, sizeof(res), "%dx%d", r->width, r->height);
	v[0] = r->camera;
	v[1] = r->start != VG_TIME_NONE ? start : NULL;
	v[2] = known ? end : NULL;
	v[3] = r->duration >= 0 ? dur : NULL;
	v[4] = r->codec;
	v[5] = r->width > 0 ? res : NULL;
	v[6] = r->path;
	v[7] = r->status;
	if (vg_out_row(st->out, v) == -1) {
		st->failed = 1;
		return 1;
	}
	return 0;
}

/*
 * Under a case, every query goes into its custody log: who looked up
 * whom (the arguments, with --why), in which archive, and how much came
 * back.
 */
static void
case_log(struct vg_case *c, const char *officer, const char *args,
    const char *archive, const struct vg_query *q, const char *what,
    int64_t nrows)
{
	struct vg_error		 e = { 0, NULL };
	char			 touched[512];
	const char		*who;

	if (c == NULL)
		return;
	who = q->person != NULL ? q->person : q->card != NULL ? q->card :
	    q->platelike;
	snprintf(touched, sizeof(touched), "archive %s queried%s%s: %lld %s",
	    archive, who != NULL ? " about " : "", who != NULL ? who : "",
	    (long long)nrows, what);
	if (vg_case_log(c, &(struct vg_case_act){ officer, "vigil-query",
	    args, touched, NULL }, &e) == -1)
		tool_fail(&e);
	vg_case_close(c);
}

/* --kind: gate, sighting, person, face, vehicle, one or several. */
static void
kinds(const char *arg, struct vg_query *q)
{
	const char	*p, *end;
	char		 b[VG_SHOWSZ];
	size_t		 len;
	int		 objects = 0;

	q->kinds = 0;
	for (p = arg; ; p = end + 1) {
		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		if (len == 4 && strncmp(p, "gate", len) == 0)
			q->kinds |= VG_ROW_GATE;
		else if (len == 8 && strncmp(p, "sighting", len) == 0)
			q->kinds |= VG_ROW_SIGHTING;
		else if (len == 6 && strncmp(p, "person", len) == 0)
			objects |= VG_SEE_PERSON | VG_SEE_FACE;
		else if (len == 4 && strncmp(p, "face", len) == 0)
			objects |= VG_SEE_FACE;
		else if (len == 7 && strncmp(p, "vehicle", len) == 0)
			objects |= VG_SEE_VEHICLE;
		else {
			warnx("unknown kind '%s' (use gate, sighting, person,"
			    " face or vehicle)", vg_show(p, len, b,
			    sizeof(b)));
			usage(TOOL_EXIT_USAGE);
		}
		if (*end == '\0')
			break;
	}
	/* a kind of sighting names the sightings read, not all of them */
	if (objects != 0 && !(q->kinds & VG_ROW_SIGHTING)) {
		q->kinds |= VG_ROW_SIGHTING;
		q->objects = objects;
	}
}

/* A colour as the logs write it, or its usual other names. */
static int
colour(const char *opt, const char *arg)
{
	char	b[VG_SHOWSZ];
	int	c;

	if ((c = vg_colour(arg)) > 0)
		return c;
	warnx("%s: unknown colour '%s' (black, white, grey, red, orange,"
	    " yellow, green, blue, purple, brown, pink)", tool_plain(opt),
	    vg_show(arg, strlen(arg), b, sizeof(b)));
	usage(TOOL_EXIT_USAGE);
}

/* --attr key=value, spaces dropped as the match drops them. */
static const char *
attr_arg(char *arg)
{
	char	*r, *w, b[VG_SHOWSZ];
	char	*eq = strchr(arg, '=');

	if (eq == NULL || eq == arg || eq[1] == '\0' ||
	    strpbrk(arg, ";") != NULL) {
		warnx("--attr: '%s' is not key=value", vg_show(arg,
		    strlen(arg), b, sizeof(b)));
		usage(TOOL_EXIT_USAGE);
	}
	for (r = w = arg; *r != '\0'; r++)
		if (*r != ' ')
			*w++ = *r;
	*w = '\0';
	return arg;
}

/* --like camera:track */
static void
like_arg(const char *arg, struct vg_like *l)
{
	const char	*colon = strchr(arg, ':');
	char		 b[VG_SHOWSZ];

	if (colon == NULL || colon == arg || colon[1] == '\0') {
		warnx("--like: '%s' is not camera:track", vg_show(arg,
		    strlen(arg), b, sizeof(b)));
		usage(TOOL_EXIT_USAGE);
	}
	l->camera = xstrndup(arg, (size_t)(colon - arg));
	l->track = colon + 1;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive",	required_argument,	NULL, 'A' },
		{ "attr",	required_argument,	NULL, OPT_ATTR },
		{ "budget",	required_argument,	NULL, OPT_BUDGET },
		{ "camera",	required_argument,	NULL, OPT_CAMERA },
		{ "columns",	required_argument,	NULL, OPT_COLUMNS },
		{ "card",	required_argument,	NULL, OPT_CARD },
		{ "exact",	no_argument,		NULL, OPT_EXACT },
		{ "case",	required_argument,	NULL, 'c' },
		{ "format",	required_argument,	NULL, 'F' },
		{ "from",	required_argument,	NULL, OPT_FROM },
		{ "gate",	required_argument,	NULL, OPT_GATE },
		{ "help",	no_argument,		NULL, 'h' },
		{ "index",	no_argument,		NULL, OPT_INDEX },
		{ "kind",	required_argument,	NULL, OPT_KIND },
		{ "like",	required_argument,	NULL, OPT_LIKE },
		{ "limit",	required_argument,	NULL, 'n' },
		{ "lower",	required_argument,	NULL, OPT_LOWER },
		{ "min-similarity", required_argument,	NULL, OPT_MIN_SIMILARITY },
		{ "near",	required_argument,	NULL, OPT_NEAR },
		{ "officer",	required_argument,	NULL, OPT_OFFICER },
		{ "person",	required_argument,	NULL, OPT_PERSON },
		{ "plate",	required_argument,	NULL, OPT_PLATE },
		{ "plate-errors", required_argument,	NULL, OPT_PLATE_ERRORS },
		{ "radius",	required_argument,	NULL, OPT_RADIUS },
		{ "recordings",	no_argument,		NULL, OPT_RECORDINGS },
		{ "strangers",	no_argument,		NULL, OPT_STRANGERS },
		{ "to",		required_argument,	NULL, OPT_TO },
		{ "upper",	required_argument,	NULL, OPT_UPPER },
		{ "version",	no_argument,		NULL, 'V' },
		{ "why",	required_argument,	NULL, OPT_WHY },
		{ "zone",	required_argument,	NULL, OPT_ZONE },
		{ "tz",		required_argument,	NULL, 'z' },
		{ NULL,		0,			NULL, 0 }
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct vg_query		 q;
	struct vg_tz		*tz = NULL, *site;
	struct state		 st;
	const char		*archive = NULL, *fmtarg = NULL, *errstr;
	const char		*from = NULL, *to = NULL, *columns = NULL;
	struct vg_col		 shown[NCOLS + 1];
	size_t			 i;
	enum vg_fmt		 fmt;
	long long		 n;
	char			*end;
	int			 ch, rc, recordings = 0, radius = 0, chosen;
	int			 plateerrs = 0;
	const char		*casearg = NULL, *officer = NULL, *why = NULL;
	char			*args, *casearch = NULL, b[VG_SHOWSZ];
	struct vg_case		*c = NULL;
	struct vg_like		 like[MAXLIKE];
	struct vg_look		*look = NULL;
	const char		*attrs[MAXATTR];
	size_t			 nlike = 0;
	double			 minsim = -INFINITY;
	int			 ixmode = VG_LOOK_INDEX_LARGE, ixset = 0;
	int			 budget = -1;

	vg_query_init(&q);
	args = tool_args(argc - 1, argv + 1);
	while ((ch = getopt_long(argc, argv, "A:c:F:hn:Vz:", longopts, NULL)) !=
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
		case OPT_WHY:
			why = optarg;
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
			q.limit = n;
			break;
		case 'V':
			tool_version();
		case 'z':
			tz = tool_zone(optarg);
			break;
		case OPT_CAMERA:
			q.camera = optarg;
			break;
		case OPT_COLUMNS:
			columns = optarg;
			break;
		case OPT_CARD:
			q.card = optarg;
			break;
		case OPT_FROM:
			from = optarg;
			break;
		case OPT_GATE:
			q.gate = optarg;
			break;
		case OPT_EXACT:
			ixmode = VG_LOOK_INDEX_NEVER;
			ixset++;
			break;
		case OPT_INDEX:
			ixmode = VG_LOOK_INDEX_ALWAYS;
			ixset++;
			break;
		case OPT_KIND:
			kinds(optarg, &q);
			break;
		case OPT_LIKE:
			if (nlike == MAXLIKE)
				errx(TOOL_EXIT_USAGE, "more than %d --like",
				    MAXLIKE);
			like_arg(optarg, &like[nlike++]);
			break;
		case OPT_LOWER:
			q.lower = colour("--lower", optarg);
			break;
		case OPT_MIN_SIMILARITY:
			minsim = strtod(optarg, &end);
			if (*end != '\0' || end == optarg || !isfinite(minsim)) {
				warnx("bad similarity '%s'", vg_show(optarg,
				    strlen(optarg), b, sizeof(b)));
				usage(TOOL_EXIT_USAGE);
			}
			break;
		case OPT_ATTR:
			if (q.nattr == MAXATTR)
				errx(TOOL_EXIT_USAGE, "more than %d --attr",
				    MAXATTR);
			attrs[q.nattr++] = attr_arg(optarg);
			q.attrs = attrs;
			break;
		case OPT_UPPER:
			q.upper = colour("--upper", optarg);
			break;
		case OPT_BUDGET:
			if ((errstr = vg_strtonum(optarg, 0, 8, &n)) != NULL) {
				warnx("budget '%s' is %s (0 to 8)",
				    vg_show(optarg, strlen(optarg), b,
				    sizeof(b)), errstr);
				usage(TOOL_EXIT_USAGE);
			}
			budget = (int)n;
			break;
		case OPT_PLATE_ERRORS:
			if ((errstr = vg_strtonum(optarg, 0, 3, &n)) != NULL) {
				warnx("plate errors '%s' is %s (0 to 3)",
				    vg_show(optarg, strlen(optarg), b,
				    sizeof(b)), errstr);
				usage(TOOL_EXIT_USAGE);
			}
			q.plateerrs = (int)n;
			plateerrs = 1;
			break;
		case OPT_NEAR:
			q.near = optarg;
			break;
		case OPT_PERSON:
			q.person = optarg;
			break;
		case OPT_PLATE:
			if (*optarg == '\0')
				errx(TOOL_EXIT_USAGE, "--plate: an empty plate");
			q.platelike = optarg;
			break;
		case OPT_RADIUS:
			radius = 1;
			q.radius = strtod(optarg, &end);
			if (*end != '\0' || end == optarg || !(q.radius >= 0) ||
			    isinf(q.radius)) {
				warnx("bad radius '%s'", vg_show(optarg,
				    strlen(optarg), b, sizeof(b)));
				usage(TOOL_EXIT_USAGE);
			}
			break;
		case OPT_RECORDINGS:
			recordings = 1;
			break;
		case OPT_STRANGERS:
			q.strangers = 1;
			break;
		case OPT_TO:
			to = optarg;
			break;
		case OPT_ZONE:
			q.zone = optarg;
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	if (optind != argc)
		usage(TOOL_EXIT_USAGE);
	if (radius && q.near == NULL) {
		warnx("--radius is the distance from --near: give --near place");
		usage(TOOL_EXIT_USAGE);
	}
	if (plateerrs && q.platelike == NULL) {
		warnx("--plate-errors goes with --plate");
		usage(TOOL_EXIT_USAGE);
	}
	if (ixset > 1 || (ixset > 0 && nlike == 0)) {
		warnx(ixset > 1 ? "--exact or --index, not both" :
		    "--exact and --index go with --like");
		usage(TOOL_EXIT_USAGE);
	}
	if (budget >= 0 && (nlike == 0 || ixmode == VG_LOOK_INDEX_NEVER)) {
		warnx("--budget goes with --like, not with --exact");
		usage(TOOL_EXIT_USAGE);
	}
	if (minsim != -INFINITY && nlike == 0) {
		warnx("--min-similarity goes with --like");
		usage(TOOL_EXIT_USAGE);
	}
	if (casearg == NULL && (officer != NULL || why != NULL)) {
		warnx("--officer and --why go with -c CASE");
		usage(TOOL_EXIT_USAGE);
	}
	if (casearg != NULL) {
		if ((q.person != NULL || q.card != NULL ||
		    q.platelike != NULL) &&
		    (why == NULL || why[0] == '\0'))
			errx(TOOL_EXIT_USAGE, "looking up a person under a case:"
			    " say why (--why)");
		c = tool_case(casearg, &officer, &archive, &casearch);
	}
	archive = tool_archive(archive);
	fmt = tool_format(fmtarg);

	if (vg_archive_open(archive, VG_ARCHIVE_RDONLY, &ar, &e) == -1)
		tool_fail(&e);
	/* a lookup under a case goes into the archive's own record too,
	   where it keeps one (a server's), before anything is read */
	if (c != NULL && why != NULL && why[0] != '\0' && vg_ar_audit(ar,
	    "vigil-query", q.person != NULL ? q.person : q.card != NULL ?
	    q.card : q.platelike, why, casearg, &e) == -1)
		tool_fail(&e);
	site = tool_site_tz(ar, archive);
	/* times given on the command line are in the site's zone or -z */
	tool_span(tz != NULL ? tz : site, from, to, &q.from, &q.to);

	memset(&st, 0, sizeof(st));
	if (recordings) {
		if (columns != NULL || q.person != NULL || q.card != NULL ||
		    q.platelike != NULL || q.gate != NULL || q.zone != NULL ||
		    q.near != NULL || q.kinds != 0 || q.strangers ||
		    radius || nlike > 0 || q.upper != 0 || q.lower != 0 ||
		    q.nattr > 0 || q.objects != 0) {
			warnx("--recordings takes only --camera, --from and"
			    " --to");
			usage(TOOL_EXIT_USAGE);
		}
		st.tz = tz != NULL ? tz : site;
		st.left = q.limit > 0 ? q.limit : -1;
		st.out = tool_out(fmt, rec_cols, NREC, 0);
		if (vg_ar_recordings(ar, q.camera, q.from, q.to, rec_row, &st,
		    &e) == -1)
			tool_fail(&e);
		rc = vg_out_end(st.out);
		empty_why(ar, archive, st.nrows, VG_HOLDS_RECORDINGS);
		case_log(c, officer, args, archive, &q, "recordings",
		    st.nrows);
		vg_archive_close(ar);
		free(casearch);
		free(args);
		vg_tz_free(tz);
		if (rc == -1 || st.failed) {
			warnx("stdout: write error");
			return TOOL_EXIT_FAIL;
		}
		return tool_close_stdout();
	}
	if (nlike > 0) {
		if (vg_look_load(ar, like, nlike, &look, &e) == -1)
			tool_fail(&e);
		if (c != NULL && vg_look_named(look) && (why == NULL ||
		    why[0] == '\0'))
			errx(TOOL_EXIT_USAGE, "looking up a person under a"
			    " case: say why (--why)");
		vg_look_index(look, archive, ixmode);
		if (budget >= 0)
			vg_look_budget(look, budget);
		if (!vg_look_has_vector(look))
			warnx("warning: %s:%s has no appearance vector: ranked"
			    " by colours and attributes alone",
			    tool_plain(like[0].camera), tool_plain(like[0].track));
	}
	memcpy(cols, tool_row_cols, sizeof(tool_row_cols));
	if (nlike > 0 || q.platelike != NULL) {
		st.rank = nlike > 0 ? 1 : 2;
		cols[NCOLS].name = nlike > 0 ? "similarity" : "distance";
		cols[NCOLS].type = VG_COL_NUM;
		ncols = NCOLS + 1;
	}
	chosen = columns != NULL;
	if (columns == NULL && (fmt == VG_FMT_BOX || fmt == VG_FMT_TABLE) &&
	    tool_width() > 0)
		columns = terminal_columns(&q, nlike > 0);
	if (tool_columns(cols, ncols, columns, st.pick, &st.npick) == -1)
		usage(TOOL_EXIT_USAGE);
	for (i = 0; i < st.npick; i++)
		shown[i] = cols[st.pick[i]];
	st.tz = tz != NULL ? tz : site;
	st.out = tool_out(fmt, shown, st.npick, chosen);
	if ((look != NULL ? vg_look_run(ar, &q, look, minsim, row, &st, &e) :
	    vg_look_query(ar, &q, row, &st, &e)) == -1)
		tool_fail(&e);		/* before any output */
	if (look != NULL && vg_look_index_why(look) != NULL)
		warnx("warning: %s: scanned its vectors instead",
		    tool_plain(vg_look_index_why(look)));
	if (look != NULL && vg_look_why(look) != NULL)
		warnx("warning: %s: searched every sighting instead",
		    tool_plain(vg_look_why(look)));
	if (look != NULL && vg_look_approximate(look) > 0)
		warnx("warning: approximate answer: the search of %zu of %zu"
		    " spans' indexes spent its budget before it could rule out"
		    " every sighting left out (--exact scans them)",
		    vg_look_approximate(look), vg_look_indexed(look));
	rc = vg_out_end(st.out);
	empty_why(ar, archive, st.nrows, VG_HOLDS_LOGS);
	if (st.nrows == 0)
		tool_extent(ar, q.from, q.to, st.tz);
	if (st.nrows > 0)
		tool_skew_note(ar, archive);
	case_log(c, officer, args, archive, &q, look == NULL ? "events" :
	    vg_look_approximate(look) > 0 ? "sightings ranked by look"
	    " (approximate: an index's search budget spent)" : "sightings"
	    " ranked by look", st.nrows);
	vg_look_free(look);
	for (i = 0; i < nlike; i++)
		free((char *)like[i].camera);
	vg_archive_close(ar);
	free(st.cells.src);
	free(casearch);
	free(args);
	vg_tz_free(tz);
	if (rc == -1 || st.failed) {
		warnx("stdout: write error");
		return TOOL_EXIT_FAIL;
	}
	return tool_close_stdout();
}
