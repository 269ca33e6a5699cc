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
	OPT_WHY, OPT_COLUMNS, OPT_CARD, OPT_FROM, OPT_GATE, OPT_KIND, OPT_NEAR,
	OPT_PERSON, OPT_PLATE, OPT_RADIUS, OPT_RECORDINGS, OPT_STRANGERS, OPT_TO,
	OPT_ZONE
};

#define cols	tool_row_cols
#define NCOLS	TOOL_ROW_NCOLS

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
	size_t		 pick[NCOLS];	/* columns shown, by index into cols */
	size_t		 npick;		/* how many */
	struct vg_tz	*tz;		/* zone times print in */
	struct tool_cells cells;	/* a row's text */
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
	    "                   [-z zone] [--camera id] [--card number]"
	    " [--columns list]\n"
	    "                   [--from time] [--gate id]"
	    " [--kind gate|sighting]\n"
	    "                   [--near place] [--officer name] [--person id]"
	    " [--plate plate]\n"
	    "                   [--radius metres] [--strangers] [--to time]"
	    " [--why reason]\n"
	    "                   [--zone zone|ring]\n"
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
terminal_columns(const struct vg_query *q)
{
	int	kinds = q->kinds != 0 ? q->kinds : VG_ROW_GATE | VG_ROW_SIGHTING;

	if (q->card != NULL || (q->gate != NULL && q->camera == NULL))
		kinds &= VG_ROW_GATE;
	if (q->camera != NULL && q->gate == NULL)
		kinds &= VG_ROW_SIGHTING;
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
		warnx("warning: '%s': %s", archive, tool_step(part));
}

static int
row(const struct vg_row *r, void *arg)
{
	struct state	*st = arg;
	const char	*shown[NCOLS];
	size_t		 i;

	st->nrows++;
	tool_row_cells(r, st->tz, &st->cells);
	for (i = 0; i < st->npick; i++)
		shown[i] = st->cells.v[st->pick[i]];
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
	    q->plate;
	snprintf(touched, sizeof(touched), "archive %s queried%s%s: %lld %s",
	    archive, who != NULL ? " about " : "", who != NULL ? who : "",
	    (long long)nrows, what);
	if (vg_case_log(c, &(struct vg_case_act){ officer, "vigil-query",
	    args, touched, NULL }, &e) == -1)
		tool_fail(&e);
	vg_case_close(c);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive",	required_argument,	NULL, 'A' },
		{ "camera",	required_argument,	NULL, OPT_CAMERA },
		{ "columns",	required_argument,	NULL, OPT_COLUMNS },
		{ "card",	required_argument,	NULL, OPT_CARD },
		{ "case",	required_argument,	NULL, 'c' },
		{ "format",	required_argument,	NULL, 'F' },
		{ "from",	required_argument,	NULL, OPT_FROM },
		{ "gate",	required_argument,	NULL, OPT_GATE },
		{ "help",	no_argument,		NULL, 'h' },
		{ "kind",	required_argument,	NULL, OPT_KIND },
		{ "limit",	required_argument,	NULL, 'n' },
		{ "near",	required_argument,	NULL, OPT_NEAR },
		{ "officer",	required_argument,	NULL, OPT_OFFICER },
		{ "person",	required_argument,	NULL, OPT_PERSON },
		{ "plate",	required_argument,	NULL, OPT_PLATE },
		{ "radius",	required_argument,	NULL, OPT_RADIUS },
		{ "recordings",	no_argument,		NULL, OPT_RECORDINGS },
		{ "strangers",	no_argument,		NULL, OPT_STRANGERS },
		{ "to",		required_argument,	NULL, OPT_TO },
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
	struct vg_col		 shown[NCOLS];
	size_t			 i;
	enum vg_fmt		 fmt;
	long long		 n;
	char			*end;
	int			 ch, rc, recordings = 0, radius = 0, chosen;
	const char		*casearg = NULL, *officer = NULL, *why = NULL;
	char			*args, *casearch = NULL, b[VG_SHOWSZ];
	struct vg_case		*c = NULL;

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
		case OPT_KIND:
			if (strcmp(optarg, "gate") == 0)
				q.kinds = VG_ROW_GATE;
			else if (strcmp(optarg, "sighting") == 0)
				q.kinds = VG_ROW_SIGHTING;
			else {
				warnx("unknown kind '%s' (use gate or"
				    " sighting)", vg_show(optarg,
				    strlen(optarg), b, sizeof(b)));
				usage(TOOL_EXIT_USAGE);
			}
			break;
		case OPT_NEAR:
			q.near = optarg;
			break;
		case OPT_PERSON:
			q.person = optarg;
			break;
		case OPT_PLATE:
			q.plate = optarg;
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
	if (casearg == NULL && (officer != NULL || why != NULL)) {
		warnx("--officer and --why go with -c CASE");
		usage(TOOL_EXIT_USAGE);
	}
	if (casearg != NULL) {
		if ((q.person != NULL || q.card != NULL || q.plate != NULL) &&
		    (why == NULL || why[0] == '\0'))
			errx(TOOL_EXIT_USAGE, "looking up a person under a case:"
			    " say why (--why)");
		c = tool_case(casearg, &officer, &archive, &casearch);
	}
	archive = tool_archive(archive);
	fmt = tool_format(fmtarg);

	if (vg_archive_open(archive, VG_ARCHIVE_RDONLY, &ar, &e) == -1)
		tool_fail(&e);
	site = tool_site_tz(ar, archive);
	/* times given on the command line are in the site's zone or -z */
	tool_span(tz != NULL ? tz : site, from, to, &q.from, &q.to);

	memset(&st, 0, sizeof(st));
	if (recordings) {
		if (columns != NULL || q.person != NULL || q.card != NULL ||
		    q.plate != NULL || q.gate != NULL || q.zone != NULL ||
		    q.near != NULL || q.kinds != 0 || q.strangers ||
		    radius) {
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
	chosen = columns != NULL;
	if (columns == NULL && (fmt == VG_FMT_BOX || fmt == VG_FMT_TABLE) &&
	    tool_width() > 0)
		columns = terminal_columns(&q);
	if (tool_columns(cols, NCOLS, columns, st.pick, &st.npick) == -1)
		usage(TOOL_EXIT_USAGE);
	for (i = 0; i < st.npick; i++)
		shown[i] = cols[st.pick[i]];
	st.tz = tz != NULL ? tz : site;
	st.out = tool_out(fmt, shown, st.npick, chosen);
	if (vg_query_run(ar, &q, row, &st, &e) == -1)
		tool_fail(&e);		/* before any output */
	rc = vg_out_end(st.out);
	empty_why(ar, archive, st.nrows, VG_HOLDS_LOGS);
	if (st.nrows > 0)
		tool_skew_note(ar, archive);
	case_log(c, officer, args, archive, &q, "events", st.nrows);
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
