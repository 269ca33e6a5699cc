/* vigil-case: open a case, add subjects, items, notes and decisions; show it and its custody log */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "tool.h"

#define US	INT64_C(1000000)	/* microseconds a second */

enum {
	OPT_ANCHOR = 256,
	OPT_ANOMALY,
	OPT_AT,
	OPT_FROM,
	OPT_INCIDENT_PLACE,
	OPT_INCIDENT_TIME,
	OPT_OFFICER,
	OPT_OLDZONE,
	OPT_PERSON,
	OPT_REMARK,
	OPT_TITLE,
	OPT_TO,
	OPT_UNKNOWN,
	OPT_WHY
};

/* What every command gets. */
struct ctx {
	const char	*archive;	/* -A, or VIGIL_ARCHIVE, or NULL */
	const char	*casearg;	/* -c */
	const char	*officer;	/* --officer, or VIGIL_OFFICER */
	const char	*zone;		/* -z */
	const char	*fmtarg;	/* -F */
	enum vg_fmt	 fmt;		/* -F, read */
	struct vg_tz	*tz;		/* zone times are read and shown in */
	char		*args;		/* the whole command line, for the log */
	int		 argc;		/* the command's arguments */
	char		**argv;		/* argv[0] is the command */
};

/* The command's own options, after its name. */
struct opts {
	const char	*anomaly;	/* --anomaly */
	const char	*title;		/* --title */
	const char	*itime;		/* --incident-time */
	const char	*iplace;	/* --incident-place */
	const char	*person;	/* --person */
	const char	*unknown;	/* --unknown */
	const char	*anchor;	/* --anchor */
	const char	*at;		/* --at */
	const char	*from;		/* --from */
	const char	*to;		/* --to */
	const char	*remark;	/* --remark */
	const char	*why;		/* --why */
	char		*pos[4];	/* positional arguments */
	int		 npos;		/* how many */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-case [-hV] [-A archive] [-c case] [-F format]"
	    " [-z zone]\n"
	    "                  [--officer name] command [argument ...]\n"
	    "       vigil-case new number --title text"
	    " [--incident-time time]\n"
	    "                  [--incident-place place]\n"
	    "       vigil-case new number --anomaly id [--title text]\n"
	    "       vigil-case list\n"
	    "       vigil-case -c case show\n"
	    "       vigil-case -c case add-subject --person id |"
	    " --unknown description |\n"
	    "                  --anchor camera:track\n"
	    "       vigil-case -c case add-item sighting camera:track"
	    " [--at time] |\n"
	    "                  event gate --at time |"
	    " clip camera --from time --to time |\n"
	    "                  frame camera --at time\n"
	    "                  [--remark text]\n"
	    "       vigil-case -c case note text\n"
	    "       vigil-case -c case decide camera:track | gate@time\n"
	    "                  confirm | reject | withdraw --why text\n"
	    "       vigil-case -c case undo --why text\n"
	    "       vigil-case -c case log | close | reopen\n");
	exit(status);
}

/* Parse the command's options; at most maxpos positional arguments. */
static void
parse(struct ctx *x, struct opts *o, int maxpos)
{
	static const struct option longopts[] = {
		{ "anchor",		required_argument, NULL, OPT_ANCHOR },
		{ "anomaly",		required_argument, NULL, OPT_ANOMALY },
		{ "at",			required_argument, NULL, OPT_AT },
		{ "from",		required_argument, NULL, OPT_FROM },
		{ "incident-place",	required_argument, NULL,
		    OPT_INCIDENT_PLACE },
		{ "incident-time",	required_argument, NULL,
		    OPT_INCIDENT_TIME },
		{ "officer",		required_argument, NULL, OPT_OFFICER },
		{ "person",		required_argument, NULL, OPT_PERSON },
		{ "remark",		required_argument, NULL, OPT_REMARK },
		{ "title",		required_argument, NULL, OPT_TITLE },
		{ "to",			required_argument, NULL, OPT_TO },
		{ "unknown",		required_argument, NULL, OPT_UNKNOWN },
		{ "why",		required_argument, NULL, OPT_WHY },
		{ NULL,			0,		   NULL, 0 }
	};
	int	ch;

	memset(o, 0, sizeof(*o));
	optind = 0;		/* GNU getopt: start again */
	while ((ch = getopt_long(x->argc, x->argv, "A:c:F:z:", longopts,
	    NULL)) != -1)
		switch (ch) {
		case 'A':		/* the global options, after the command */
			x->archive = optarg;
			break;
		case 'c':
			x->casearg = optarg;
			break;
		case 'F':
			x->fmtarg = optarg;
			break;
		case 'z':
			x->zone = optarg;
			break;
		case OPT_ANCHOR:
			o->anchor = optarg;
			break;
		case OPT_ANOMALY:
			o->anomaly = optarg;
			break;
		case OPT_AT:
			o->at = optarg;
			break;
		case OPT_FROM:
			o->from = optarg;
			break;
		case OPT_INCIDENT_PLACE:
			o->iplace = optarg;
			break;
		case OPT_INCIDENT_TIME:
			o->itime = optarg;
			break;
		case OPT_OFFICER:
			x->officer = optarg;
			break;
		case OPT_PERSON:
			o->person = optarg;
			break;
		case OPT_REMARK:
			o->remark = optarg;
			break;
		case OPT_TITLE:
			o->title = optarg;
			break;
		case OPT_TO:
			o->to = optarg;
			break;
		case OPT_UNKNOWN:
			o->unknown = optarg;
			break;
		case OPT_WHY:
			o->why = optarg;
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	for (; optind < x->argc; optind++) {
		if (o->npos == maxpos || o->npos == 4) {
			warnx("%s: too many arguments", tool_plain(x->argv[0]));
			usage(TOOL_EXIT_USAGE);
		}
		o->pos[o->npos++] = x->argv[optind];
	}
	x->fmt = tool_format(x->fmtarg);
	x->officer = tool_officer(x->officer);
}

/* Options that a command does not take are a usage error. */
static void
only(struct ctx *x, const struct opts *o, const char *allowed)
{
	static const struct {
		size_t		 off;	/* where in struct opts */
		const char	*name;	/* its name */
	} all[] = {
		{ offsetof(struct opts, anomaly), "anomaly" },
		{ offsetof(struct opts, title), "title" },
		{ offsetof(struct opts, itime), "incident-time" },
		{ offsetof(struct opts, iplace), "incident-place" },
		{ offsetof(struct opts, person), "person" },
		{ offsetof(struct opts, unknown), "unknown" },
		{ offsetof(struct opts, anchor), "anchor" },
		{ offsetof(struct opts, at), "at" },
		{ offsetof(struct opts, from), "from" },
		{ offsetof(struct opts, to), "to" },
		{ offsetof(struct opts, remark), "remark" },
		{ offsetof(struct opts, why), "why" },
	};
	const char	*v;
	char		 word[32];
	size_t		 i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		memcpy(&v, (const char *)o + all[i].off, sizeof(v));
		snprintf(word, sizeof(word), " %s ", all[i].name);
		if (v != NULL && strstr(allowed, word) == NULL) {
			warnx("%s does not take --%s", tool_plain(x->argv[0]),
			    all[i].name);
			usage(TOOL_EXIT_USAGE);
		}
	}
}

static struct vg_case *
open_case(struct ctx *x)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_case	*c;
	char		*dir;

	if (x->casearg == NULL && (x->casearg = getenv("VIGIL_CASE")) == NULL) {
		warnx("%s: which case? give -c CASE", tool_plain(x->argv[0]));
		usage(TOOL_EXIT_USAGE);
	}
	dir = tool_case_dir(x->casearg);
	if (vg_case_open(dir, &c, &e) == -1)
		tool_fail(&e);
	free(dir);
	tool_case_day(c);
	return c;
}

static void
need_officer(struct ctx *x)
{
	if (x->officer == NULL)
		errx(TOOL_EXIT_FAIL, "no officer: a case is only touched by a"
		    " named officer (give --officer NAME or set VIGIL_OFFICER)");
}

/* The archive the case refers to, read-only. */
static struct vg_archive *
case_archive(struct ctx *x, struct vg_case *c)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_info	 ci;
	struct vg_archive	*ar;

	if (vg_case_info(c, &ci, &e) == -1)
		tool_fail(&e);
	if (x->archive == NULL)
		tool_case_archive(ci.archive);
	if (vg_archive_open(x->archive != NULL ? x->archive : ci.archive,
	    VG_ARCHIVE_RDONLY, &ar, &e) == -1)
		tool_fail(&e);
	vg_case_info_free(&ci);
	if (x->tz == NULL)
		x->tz = x->zone != NULL ? tool_zone(x->zone) :
		    vg_archive_tz(ar);
	return ar;
}

static void
commit(struct ctx *x, struct vg_case *c, const char *touched,
    const char *digests)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_act	 a;

	a.officer = x->officer;
	a.tool = "vigil-case";
	a.args = x->args;
	a.touched = touched;
	a.digests = digests;
	if (vg_case_commit(c, &a, &e) == -1)
		tool_fail(&e);
}

static void
fmt_time(struct ctx *x, int64_t t, char *buf, size_t size)
{
	if (t == VG_TIME_NONE)
		buf[0] = '\0';
	else
		vg_time_format(x->tz, t, buf, size);
}

/*
 * The anomaly id among those of the whole archive; the array holding it
 * is returned (it is the first), its length in *n.
 */
static struct vg_anomaly *
find_anomaly(struct vg_archive *ar, const char *id, size_t *n)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_anomaly_opts	 o;
	struct vg_anomaly	*a, t;
	struct vg_site		*site;
	size_t			 i;
	char			 b[VG_SHOWSZ];

	vg_anomaly_opts_init(&o);
	/* the kind its id names, stranger too (not scanned by default) */
	if (vg_anomaly_id_kind(id) != -1)
		o.kinds = 1u << vg_anomaly_id_kind(id);
	if (vg_archive_site(ar, &site, &e) == -1 ||
	    vg_anomaly_find(ar, site, &o, &a, n, &e) == -1)
		tool_fail(&e);
	vg_site_free(site);
	for (i = 0; i < *n; i++)
		if (strcmp(a[i].id, id) == 0) {
			t = a[0];
			a[0] = a[i];
			a[i] = t;
			return a;
		}
	errx(TOOL_EXIT_FAIL, "new: no anomaly '%s' in the archive (see vigil"
	    " anomaly)", vg_show(id, strlen(id), b, sizeof(b)));
}

/* Whether a case can keep s (the archive's text) as one line of text. */
static int
keepable(const char *s)
{
	struct vg_error	e = { 0, NULL };

	if (s == NULL || vg_case_text_ok("", s, VG_TEXT_LINE, &e) == 0)
		return 1;
	vg_error_clear(&e);
	return 0;
}

/*
 * A case opened from an anomaly starts with it: a note with its reason,
 * its evidence as items (gate events), and the person it names as a
 * subject, in one custody entry.  The archive's text may hold what a
 * case cannot keep (control characters): the note shows it escaped
 * (\xHH), and an item or subject it would make is left out and named in
 * the note, so that the case is whole and can be exported.  Given to
 * vg_case_create: the case is found with them or not at all.
 */
struct from_anomaly {
	struct ctx		*x;	/* the command */
	const struct vg_anomaly	*an;	/* the anomaly */
	const char		*id;	/* its id */
	char			*name;	/* the roster's name of its person */
};

static int
anomaly_items(struct vg_case *c, void *arg, struct vg_error *err)
{
	struct from_anomaly	*fa = arg;
	struct ctx		*x = fa->x;
	const struct vg_anomaly	*an = fa->an;
	const char		*id = fa->id;
	struct vg_case_act	 a;
	struct vg_case_item	 it;
	struct vg_case_subject	 su;
	struct vg_buf		 note = { NULL, 0, 0 };
	char			 touched[256], t[VG_TIME_BUFSZ];
	int64_t			 nid;
	size_t			 k, nitems = 0;
	int			 subject, rc = -1;

	if (vg_case_begin(c, err) == -1)
		return -1;
	vg_buf_fmt(&note, "Anomaly %s (%s, found by vigil-anomaly): %s", id,
	    vg_anomaly_names[an->kind], tool_plain(an->reason));
	for (k = 0; k < an->nev; k++)
		if (!keepable(an->ev[k].device) || !keepable(an->ev[k].track)) {
			fmt_time(x, an->ev[k].t, t, sizeof(t));
			vg_buf_fmt(&note, "\nLeft out of the items: the row of"
			    " %s at %s, '%s' holds control characters",
			    tool_plain(an->ev[k].device), t,
			    tool_plain(an->ev[k].track != NULL ?
			    an->ev[k].track : an->ev[k].device));
		}
	if (!(subject = keepable(an->person)))
		vg_buf_fmt(&note, "\nLeft out of the subjects: person '%s'"
		    " (the id holds control characters)",
		    tool_plain(an->person));
	subject = subject && an->person != NULL;
	if (vg_case_add_note(c, x->officer, note.s, &nid, err) == -1)
		goto out;
	for (k = 0; k < an->nev; k++) {
		if (!keepable(an->ev[k].device) || !keepable(an->ev[k].track))
			continue;
		nitems++;
		memset(&it, 0, sizeof(it));
		it.kind = an->ev[k].type == VG_ROW_GATE ? "event" : "sighting";
		it.device = an->ev[k].device;
		it.track = an->ev[k].track;
		it.t0 = an->ev[k].t;
		it.t1 = VG_TIME_NONE;
		it.remark = "evidence of the anomaly";
		it.officer = x->officer;
		if (vg_case_add_item(c, &it, &nid, err) == -1)
			goto out;
	}
	if (subject) {
		memset(&su, 0, sizeof(su));
		su.kind = "person";
		su.person = an->person;
		su.description = keepable(fa->name) ? fa->name : NULL;
		su.officer = x->officer;
		if (vg_case_add_subject(c, &su, &nid, err) == -1)
			goto out;
	}
	snprintf(touched, sizeof(touched), "opened from anomaly %s: a note,"
	    " %zu item%s%s", id, nitems, nitems == 1 ? "" : "s",
	    subject ? ", a subject" : "");
	a.officer = x->officer;
	a.tool = "vigil-case";
	a.args = x->args;
	a.touched = touched;
	a.digests = NULL;
	rc = vg_case_commit(c, &a, err);
out:
	free(note.s);
	return rc;
}

static int
cmd_new(struct ctx *x)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct vg_site		*site;
	struct vg_case_info	 ci;
	struct vg_case_act	 a;
	struct opts		 o;
	const char		*archive;
	char			*dir, real[PATH_MAX], touched[PATH_MAX + 64];
	char			*title = NULL, when[VG_TIME_BUFSZ];
	struct vg_anomaly	*an = NULL;
	struct from_anomaly	 fa;
	size_t			 i, nan = 0;
	int			 found = 0;

	parse(x, &o, 1);
	only(x, &o, " anomaly title incident-time incident-place ");
	if (o.npos != 1 || (o.title == NULL && o.anomaly == NULL)) {
		warnx("new: give a case number and --title");
		usage(TOOL_EXIT_USAGE);
	}
	if (o.anomaly != NULL && (o.itime != NULL || o.iplace != NULL))
		errx(TOOL_EXIT_USAGE, "new: --anomaly gives the incident's"
		    " time and place");
	if (!vg_case_number_ok(o.pos[0]))
		errx(TOOL_EXIT_USAGE, "new: '%s' cannot be a case number"
		    " (letters, digits, '-', '_' and '.', not first;"
		    " at most 64)", tool_plain(o.pos[0]));
	need_officer(x);
	archive = tool_archive(x->archive);
	if (vg_archive_open(archive, VG_ARCHIVE_RDONLY, &ar, &e) == -1)
		tool_fail(&e);
	x->tz = x->zone != NULL ? tool_zone(x->zone) :
	    tool_site_tz(ar, archive);
	memset(&ci, 0, sizeof(ci));
	ci.zone = xstrdup(vg_tz_name(vg_archive_tz(ar)));
	ci.number = o.pos[0];
	ci.title = (char *)o.title;
	memset(&fa, 0, sizeof(fa));
	if (o.anomaly != NULL) {
		an = find_anomaly(ar, o.anomaly, &nan);
		vg_time_format(x->tz, an->t, when, sizeof(when));
		if (o.title == NULL) {
			xasprintf(&title, "%s at %s, %s",
			    vg_anomaly_names[an->kind], an->device, when);
			ci.title = title;
		}
		ci.incident_time = an->t;
		ci.incident_place = an->device;
		/* the subject described as add-subject --person has it */
		if (an->person != NULL && vg_ar_person(ar, an->person,
		    &fa.name, &e) == -1)
			tool_fail(&e);
	}
	if (o.anomaly == NULL)
		ci.incident_time = o.itime != NULL ?
		    tool_time(x->tz, "--incident-time", o.itime) :
		    VG_TIME_NONE;
	/* a bare time of day is today's: one still to come is a slip */
	if (o.anomaly == NULL && ci.incident_time != VG_TIME_NONE &&
	    ci.incident_time > vg_now() + 60 * INT64_C(1000000)) {
		vg_time_format(x->tz, ci.incident_time, when, sizeof(when));
		errx(TOOL_EXIT_USAGE, "--incident-time: %s is still to come:"
		    " give the incident's day ('2018-11-20 21:13')", when);
	}
	if (o.iplace != NULL) {
		if (vg_archive_site(ar, &site, &e) == -1)
			tool_fail(&e);
		for (i = 0; i < site->nplaces && !found; i++)
			found = strcmp(site->places[i].id, o.iplace) == 0;
		found = found || vg_site_device(site, o.iplace) != NULL;
		vg_site_free(site);
		if (!found)
			errx(TOOL_EXIT_FAIL, "--incident-place: no place or"
			    " device '%s' in the site", tool_plain(o.iplace));
		ci.incident_place = (char *)o.iplace;
	}
	/* a server's name is kept as given; a file's whole path */
	if (vg_archive_is_server(archive))
		snprintf(real, sizeof(real), "%s", archive);
	else if (realpath(archive, real) == NULL)
		err(TOOL_EXIT_FAIL, "%s", tool_plain(archive));
	ci.archive = real;
	vg_archive_close(ar);

	dir = tool_case_dir(o.pos[0]);
	snprintf(touched, sizeof(touched), "case %s created; archive %s",
	    o.pos[0], real);
	a.officer = x->officer;
	a.tool = "vigil-case";
	a.args = x->args;
	a.touched = touched;
	a.digests = NULL;
	fa.x = x;
	fa.an = an;
	fa.id = o.anomaly;
	if (vg_case_create(dir, &ci, &a, an != NULL ? anomaly_items : NULL,
	    &fa, &e) == -1)
		tool_fail(&e);
	printf("%s\n", dir);
	free(dir);
	free(ci.zone);
	free(title);
	free(fa.name);
	vg_anomaly_free(an, nan);
	return tool_close_stdout();
}

static int
cmd_list(struct ctx *x)
{
	static const struct vg_col cols[] = {
		{ "number", VG_COL_TEXT },
		{ "title", VG_COL_TEXT },
		{ "incident", VG_COL_TEXT },
		{ "status", VG_COL_TEXT },
		{ "entries", VG_COL_NUM },
		{ "last", VG_COL_TEXT },
		{ "action", VG_COL_TEXT },
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_case_info	 ci;
	struct vg_out		*out;
	struct dirent		**names;
	struct opts		 o;
	const char		*root = vg_case_root(), *row[7];
	struct vg_tz		*tz;
	char			*dir, inc[VG_TIME_BUFSZ], last[VG_TIME_BUFSZ];
	char			 n[24], *unsafe;
	int			 i, count, rc = TOOL_EXIT_OK;

	parse(x, &o, 0);
	only(x, &o, " ");
	if (x->tz == NULL && x->zone != NULL)
		x->tz = tool_zone(x->zone);
	out = tool_out(x->fmt, cols, 7, 0);
	xasprintf(&dir, "%s/.", root);
	if (vg_case_root_safe(dir, &unsafe)) {
		warnx("warning: '%s' is writable by others without the sticky"
		    " bit: anyone could put something else in place of a"
		    " case under '%s'", tool_plain(unsafe), tool_plain(root));
		free(unsafe);
	}
	free(dir);
	if ((count = scandir(root, &names, NULL, alphasort)) == -1) {
		if (errno != ENOENT)
			err(TOOL_EXIT_FAIL, "%s", tool_plain(root));
		count = 0;
		names = NULL;
	}
	for (i = 0; i < count; i++) {
		if (names[i]->d_name[0] == '.' ||
		    !vg_case_number_ok(names[i]->d_name)) {
			free(names[i]);
			continue;
		}
		xasprintf(&dir, "%s/%s", root, names[i]->d_name);
		free(names[i]);
		if (vg_case_info_read(dir, &ci, &e) == -1) {
			/* a stray folder is named, and the others listed */
			warnx("warning: %s: skipped", tool_plain(e.msg));
			vg_error_clear(&e);
			free(dir);
			continue;
		}
		free(dir);
		tz = NULL;
		if (x->zone == NULL && ci.zone != NULL &&
		    (tz = vg_tz_open(ci.zone, &e)) == NULL)
			vg_error_clear(&e);
		x->tz = x->zone != NULL ? x->tz : tz;
		fmt_time(x, ci.incident_time, inc, sizeof(inc));
		fmt_time(x, ci.last_at, last, sizeof(last));
		vg_tz_free(tz);
		snprintf(n, sizeof(n), "%lld", (long long)ci.entries);
		row[0] = ci.number;
		row[1] = ci.title;
		row[2] = inc[0] != '\0' ? inc : NULL;
		row[3] = ci.status;
		row[4] = n;
		row[5] = last[0] != '\0' ? last : NULL;
		row[6] = ci.last_tool;
		if (vg_out_row(out, row) == -1)
			rc = TOOL_EXIT_FAIL;
		vg_case_info_free(&ci);
	}
	free(names);
	if (vg_out_end(out) == -1)
		rc = TOOL_EXIT_FAIL;
	return tool_close_stdout() != TOOL_EXIT_OK ? TOOL_EXIT_FAIL : rc;
}

/* show: the case's details, subjects, items, notes, decisions, path. */
struct show {
	struct ctx	*x;		/* the command */
	struct vg_out	*out;		/* the table being written */
	int		 failed;	/* a write failed */
};

static void
row_out(struct show *s, const char *const *row)
{
	if (vg_out_row(s->out, row) == -1)
		s->failed = 1;
}

static void
section(struct show *s, const struct vg_col *cols, size_t n)
{
	if (s->out != NULL && vg_out_end(s->out) == -1)
		s->failed = 1;
	if (s->out != NULL && (s->x->fmt == VG_FMT_BOX ||
	    s->x->fmt == VG_FMT_TABLE || s->x->fmt == VG_FMT_LINE))
		putchar('\n');
	s->out = tool_out(s->x->fmt, cols, n, 0);
}

static int
show_subject(const struct vg_case_subject *sub, void *arg)
{
	struct show	*s = arg;
	char		 id[24], at[VG_TIME_BUFSZ];
	const char	*row[6];

	snprintf(id, sizeof(id), "%lld", (long long)sub->id);
	fmt_time(s->x, sub->added, at, sizeof(at));
	row[0] = id;
	row[1] = sub->kind;
	row[2] = sub->person != NULL ? sub->person : sub->ref;
	row[3] = sub->description;
	row[4] = at;
	row[5] = sub->officer;
	row_out(s, row);
	return 0;
}

static int
show_item(const struct vg_case_item *it, void *arg)
{
	struct show	*s = arg;
	char		 id[24], t0[VG_TIME_BUFSZ], t1[VG_TIME_BUFSZ];
	const char	*row[8];

	snprintf(id, sizeof(id), "%lld", (long long)it->id);
	fmt_time(s->x, it->t0, t0, sizeof(t0));
	fmt_time(s->x, it->t1, t1, sizeof(t1));
	row[0] = id;
	row[1] = it->kind;
	row[2] = it->device;
	row[3] = it->track;
	row[4] = t0;
	row[5] = t1[0] != '\0' ? t1 : NULL;
	row[6] = it->remark;
	row[7] = it->officer;
	row_out(s, row);
	return 0;
}

static int
show_note(const struct vg_case_note *n, void *arg)
{
	struct show	*s = arg;
	char		 at[VG_TIME_BUFSZ];
	const char	*row[3];

	fmt_time(s->x, n->at, at, sizeof(at));
	row[0] = at;
	row[1] = n->officer;
	row[2] = n->text;
	row_out(s, row);
	return 0;
}

static int
show_decision(const struct vg_case_decision *d, void *arg)
{
	struct show	*s = arg;
	char		 at[VG_TIME_BUFSZ];
	const char	*row[5];

	fmt_time(s->x, d->at, at, sizeof(at));
	row[0] = d->hop;
	row[1] = d->verdict;
	row[2] = d->why;
	row[3] = at;
	row[4] = d->officer;
	row_out(s, row);
	return 0;
}

static int
cmd_show(struct ctx *x)
{
	static const struct vg_col info_cols[] = {
		{ "field", VG_COL_TEXT }, { "value", VG_COL_TEXT } };
	static const struct vg_col subj_cols[] = {
		{ "subject", VG_COL_NUM }, { "kind", VG_COL_TEXT },
		{ "who", VG_COL_TEXT }, { "description", VG_COL_TEXT },
		{ "added", VG_COL_TEXT }, { "officer", VG_COL_TEXT } };
	static const struct vg_col item_cols[] = {
		{ "item", VG_COL_NUM }, { "kind", VG_COL_TEXT },
		{ "device", VG_COL_TEXT }, { "track", VG_COL_TEXT },
		{ "time", VG_COL_TEXT }, { "to", VG_COL_TEXT },
		{ "remark", VG_COL_TEXT }, { "officer", VG_COL_TEXT } };
	static const struct vg_col note_cols[] = {
		{ "time", VG_COL_TEXT }, { "officer", VG_COL_TEXT },
		{ "note", VG_COL_TEXT } };
	static const struct vg_col dec_cols[] = {
		{ "hop", VG_COL_TEXT }, { "decision", VG_COL_TEXT },
		{ "why", VG_COL_TEXT }, { "time", VG_COL_TEXT },
		{ "officer", VG_COL_TEXT } };
	static const struct vg_col path_cols[] = {
		{ "hop", VG_COL_NUM }, { "device", VG_COL_TEXT },
		{ "type", VG_COL_TEXT }, { "track", VG_COL_TEXT },
		{ "first", VG_COL_TEXT }, { "confidence", VG_COL_NUM },
		{ "person", VG_COL_TEXT } };
	struct vg_error		 e = { 0, NULL };
	struct vg_case_info	 ci;
	struct vg_case_path	 p;
	struct vg_archive	*ar;
	struct vg_case		*c;
	struct show		 s;
	struct opts		 o;
	char			 t[VG_TIME_BUFSZ], n[32], conf[16], touched[96];
	const char		*row[7];
	size_t			 i;

	parse(x, &o, 0);
	only(x, &o, " ");
	need_officer(x);
	c = open_case(x);
	ar = case_archive(x, c);
	if (vg_case_info(c, &ci, &e) == -1)
		tool_fail(&e);
	memset(&s, 0, sizeof(s));
	s.x = x;
	section(&s, info_cols, 2);
#define INFO(k, v) do { row[0] = (k); row[1] = (v); row_out(&s, row); } \
    while (0)
	INFO("number", ci.number);
	INFO("title", ci.title);
	fmt_time(x, ci.incident_time, t, sizeof(t));
	INFO("incident time", t[0] != '\0' ? t : NULL);
	INFO("incident place", ci.incident_place);
	INFO("status", ci.status);
	fmt_time(x, ci.created, t, sizeof(t));
	INFO("opened", t);
	INFO("opened by", ci.created_by);
	INFO("archive", ci.archive);
	snprintf(n, sizeof(n), "%lld", (long long)ci.entries);
	INFO("custody entries", n);
#undef INFO
	section(&s, subj_cols, 6);
	if (vg_case_subjects(c, show_subject, &s, &e) == -1)
		tool_fail(&e);
	section(&s, item_cols, 8);
	if (vg_case_items(c, show_item, &s, &e) == -1)
		tool_fail(&e);
	section(&s, note_cols, 3);
	if (vg_case_notes(c, show_note, &s, &e) == -1)
		tool_fail(&e);
	section(&s, dec_cols, 5);
	if (vg_case_decisions(c, show_decision, &s, &e) == -1)
		tool_fail(&e);
	section(&s, path_cols, 7);
	if (vg_case_last_path(c, &p, &e) == -1)
		tool_fail(&e);
	for (i = 0; i < p.nhops; i++) {
		const struct vg_case_hop *h = &p.hops[i];

		snprintf(n, sizeof(n), "%d", h->n);
		fmt_time(x, h->first, t, sizeof(t));
		if (!isnan(h->confidence))
			snprintf(conf, sizeof(conf), "%.2f", h->confidence);
		row[0] = n;
		row[1] = h->device;
		row[2] = h->type;
		row[3] = h->track;
		row[4] = t;
		row[5] = isnan(h->confidence) ? NULL : conf;
		row[6] = h->person;
		row_out(&s, row);
	}
	vg_case_path_free(&p);
	if (vg_out_end(s.out) == -1)
		s.failed = 1;
	snprintf(touched, sizeof(touched), "case %s read", ci.number);
	vg_case_info_free(&ci);
	if (vg_case_log(c, &(struct vg_case_act){ x->officer, "vigil-case",
	    x->args, touched, NULL }, &e) == -1)
		tool_fail(&e);
	vg_case_close(c);
	vg_archive_close(ar);
	if (s.failed)
		errx(TOOL_EXIT_FAIL, "stdout: write error");
	return tool_close_stdout();
}

/*
 * The sighting cam:track from the archive into *obs (seen at the time
 * at, when not NULL); exits saying "what: no sighting 'ref' in the
 * archive" when it is not there, and what the user can do (hint) when
 * the track's number names several.
 */
static void
sighting_of(struct ctx *x, struct vg_archive *ar, const char *cam,
    const char *track, const char *at, const char *what, const char *ref,
    const char *hint, struct vg_obs *obs)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_graph	 g;
	int		 rc;

	if (vg_ar_graph(ar, &g, &e) == -1)
		tool_fail(&e);
	if ((rc = vg_ar_sighting_at(ar, &g, cam, track, at != NULL ?
	    tool_time(x->tz, "--at", at) : VG_TIME_NONE, obs, &e)) == -1)
		tool_fail(&e);
	if (rc == -2)
		errx(TOOL_EXIT_FAIL, "%s: %s: %s", tool_plain(what), e.msg,
		    hint);
	if (rc == 0 && at != NULL)
		errx(TOOL_EXIT_FAIL, "%s: no sighting '%s' within a second of"
		    " %s", tool_plain(what), tool_plain(ref), tool_plain(at));
	if (rc == 0)
		errx(TOOL_EXIT_FAIL, "%s: no sighting '%s' in the archive",
		    tool_plain(what), tool_plain(ref));
	vg_graph_free(&g);
}

/* A row found: the query's first is enough. */
static int
first_row(const struct vg_row *r, void *arg)
{
	*(int *)arg = 1;
	return 1;
}

/* Whether a gate event or sighting of the archive names person (a
 * terminal's PIN where no roster is kept): 1, 0, -1 (an unknown person
 * too, said in *e). */
static int
named_in_archive(struct vg_archive *ar, const char *person,
    struct vg_error *e)
{
	struct vg_query	 q;
	int		 found = 0;

	vg_query_init(&q);
	q.person = person;
	q.limit = 1;
	if (vg_query_run(ar, &q, first_row, &found, e) == -1) {
		vg_error_prefix(e, "add-subject");
		return -1;
	}
	return found;
}

static int
cmd_add_subject(struct ctx *x)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_subject	 sub;
	struct vg_archive	*ar;
	struct vg_obs		 obs;
	struct vg_case		*c;
	struct opts		 o;
	const char		*colon;
	char			*name = NULL, *cam, touched[256], desc[256];
	int64_t			 id;
	int			 rc;

	parse(x, &o, 0);
	only(x, &o, " person unknown anchor ");
	if ((o.person != NULL) + (o.unknown != NULL) + (o.anchor != NULL) !=
	    1) {
		warnx("add-subject: give one of --person, --unknown and"
		    " --anchor");
		usage(TOOL_EXIT_USAGE);
	}
	/* what can be checked without the case, before it is opened */
	if (o.unknown != NULL && o.unknown[0] == '\0')
		errx(TOOL_EXIT_USAGE, "add-subject: describe the unknown"
		    " person");
	if (o.anchor != NULL && ((colon = strchr(o.anchor, ':')) == NULL ||
	    colon == o.anchor || colon[1] == '\0'))
		errx(TOOL_EXIT_USAGE, "--anchor: '%s' is not CAMERA:TRACK",
		    tool_plain(o.anchor));
	need_officer(x);
	c = open_case(x);
	ar = case_archive(x, c);
	memset(&sub, 0, sizeof(sub));
	sub.officer = x->officer;
	if (o.person != NULL) {
		/* (not on the roster, but named by the archive's rows: a
		   person all the same, with no name) */
		if ((rc = vg_ar_person(ar, o.person, &name, &e)) == 0)
			rc = named_in_archive(ar, o.person, &e);
		if (rc != 1) {
			/* the case closed on the way out: nothing left open */
			vg_case_close(c);
			if (rc == -1) {
				vg_archive_close(ar);
				tool_fail(&e);
			}
			if (!vg_archive_has(ar, VG_HOLDS_ROSTER)) {
				vg_archive_close(ar);
				errx(TOOL_EXIT_FAIL, "add-subject: %s",
				    tool_step(VG_HOLDS_ROSTER));
			}
			vg_archive_close(ar);
			errx(TOOL_EXIT_FAIL, "add-subject: no one on the"
			    " roster is '%s'", tool_plain(o.person));
		}
		sub.kind = "person";
		sub.person = o.person;
		sub.description = name;
	} else if (o.unknown != NULL) {
		sub.kind = "unknown";
		sub.description = o.unknown;
	} else {
		colon = strchr(o.anchor, ':');
		cam = xstrndup(o.anchor, (size_t)(colon - o.anchor));
		sighting_of(x, ar, cam, colon + 1, NULL, "--anchor", o.anchor,
		    "an anchor names one; add the subject with --person or"
		    " --unknown, and the sighting with add-item sighting"
		    " CAMERA:TRACK --at TIME", &obs);
		snprintf(desc, sizeof(desc), "%s%s%s",
		    vg_colour_name(obs.upper) != NULL ?
		    vg_colour_name(obs.upper) : "",
		    vg_colour_name(obs.upper) != NULL &&
		    vg_colour_name(obs.lower) != NULL ? " over " : "",
		    vg_colour_name(obs.lower) != NULL ?
		    vg_colour_name(obs.lower) : "");
		sub.kind = "anchor";
		sub.ref = o.anchor;
		sub.description = desc[0] != '\0' ? desc : NULL;
		vg_obs_free(&obs);
		free(cam);
	}
	if (vg_case_begin(c, &e) == -1 ||
	    vg_case_add_subject(c, &sub, &id, &e) == -1) {
		free(name);
		vg_case_close(c);
		vg_archive_close(ar);
		tool_fail(&e);
	}
	snprintf(touched, sizeof(touched), "subject %lld added (%s %s)",
	    (long long)id, sub.kind, sub.person != NULL ? sub.person :
	    sub.ref != NULL ? sub.ref : sub.description);
	commit(x, c, touched, NULL);
	printf("subject %lld\n", (long long)id);
	free(name);
	vg_case_close(c);
	vg_archive_close(ar);
	return tool_close_stdout();
}

/* Whether the gate logged an event within a second of t. */
static int
gate_row(const struct vg_row *r, void *arg)
{
	int64_t	*found = arg;

	*found = r->t;
	return 1;
}

static int
cmd_add_item(struct ctx *x)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_item	 it;
	struct vg_archive	*ar;
	struct vg_site		*site;
	const struct vg_device	*d;
	struct vg_obs		 obs;
	struct vg_query		 q;
	struct vg_case		*c;
	struct opts		 o;
	const char		*kind, *colon;
	char			*cam, touched[256];
	int64_t			 id, found = VG_TIME_NONE;

	parse(x, &o, 2);
	only(x, &o, " at from to remark ");
	if (o.npos != 2) {
		warnx("add-item: give a kind and what it is");
		usage(TOOL_EXIT_USAGE);
	}
	kind = o.pos[0];
	need_officer(x);
	c = open_case(x);
	ar = case_archive(x, c);
	if (vg_archive_site(ar, &site, &e) == -1)
		tool_fail(&e);
	memset(&it, 0, sizeof(it));
	it.kind = kind;
	it.t1 = VG_TIME_NONE;
	it.remark = o.remark;
	it.officer = x->officer;
	if (strcmp(kind, "sighting") == 0) {
		if (o.from != NULL || o.to != NULL)
			errx(TOOL_EXIT_USAGE, "add-item sighting takes"
			    " CAMERA:TRACK, and --at alone");
		if ((colon = strchr(o.pos[1], ':')) == NULL ||
		    colon == o.pos[1] || colon[1] == '\0')
			errx(TOOL_EXIT_USAGE, "add-item: '%s' is not"
			    " CAMERA:TRACK", tool_plain(o.pos[1]));
		cam = xstrndup(o.pos[1], (size_t)(colon - o.pos[1]));
		it.device = cam;
		it.track = colon + 1;
		/* --at: which, where a track's number names several (used
		   again by another file) */
		sighting_of(x, ar, cam, colon + 1, o.at, "add-item", o.pos[1],
		    o.at != NULL ? "add a clip of the camera then (add-item"
		    " clip CAMERA --from TIME --to TIME)" :
		    "give --at TIME, when the one you mean was seen", &obs);
		it.t0 = obs.first;
		it.t1 = obs.last;
		vg_obs_free(&obs);
	} else if (strcmp(kind, "event") == 0 || strcmp(kind, "frame") == 0 ||
	    strcmp(kind, "clip") == 0) {
		d = vg_site_device(site, o.pos[1]);
		if (d == NULL || (strcmp(kind, "event") == 0) !=
		    (d->type == VG_GATE))
			errx(TOOL_EXIT_FAIL, "add-item %s: no %s '%s' in the"
			    " site", tool_plain(kind), strcmp(kind, "event") ==
			    0 ? "gate" : "camera", tool_plain(o.pos[1]));
		it.device = xstrdup(o.pos[1]);
		if (strcmp(kind, "clip") == 0) {
			if (o.from == NULL || o.at != NULL)
				errx(TOOL_EXIT_USAGE, "add-item clip takes"
				    " --from and --to");
			tool_span(x->tz, o.from, o.to, &it.t0, &it.t1);
			if (it.t1 == VG_TIME_NONE)
				errx(TOOL_EXIT_USAGE, "add-item clip takes"
				    " --from and --to");
		} else {
			if (o.at == NULL || o.from != NULL || o.to != NULL)
				errx(TOOL_EXIT_USAGE, "add-item %s takes"
				    " --at", tool_plain(kind));
			it.t0 = tool_time(x->tz, "--at", o.at);
		}
		if (strcmp(kind, "event") == 0) {
			vg_query_init(&q);
			q.gate = o.pos[1];
			q.from = it.t0 - US;
			q.to = it.t0 + US;
			q.kinds = VG_ROW_GATE;
			q.limit = 1;
			if (vg_query_run(ar, &q, gate_row, &found, &e) == -1)
				tool_fail(&e);
			if (found == VG_TIME_NONE)
				errx(TOOL_EXIT_FAIL, "add-item: gate %s logged"
				    " nothing within a second of %s",
				    tool_plain(o.pos[1]), tool_plain(o.at));
			it.t0 = found;
		}
	} else
		errx(TOOL_EXIT_USAGE, "add-item: '%s' is not a kind of item"
		    " (sighting, event, clip or frame)", tool_plain(kind));
	if (vg_case_begin(c, &e) == -1 ||
	    vg_case_add_item(c, &it, &id, &e) == -1)
		tool_fail(&e);
	snprintf(touched, sizeof(touched), "item %lld added (%s %s%s%s)",
	    (long long)id, kind, it.device, it.track != NULL ? ":" : "",
	    it.track != NULL ? it.track : "");
	commit(x, c, touched, NULL);
	printf("item %lld\n", (long long)id);
	free((char *)it.device);
	vg_site_free(site);
	vg_case_close(c);
	vg_archive_close(ar);
	return tool_close_stdout();
}

static int
cmd_note(struct ctx *x)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_case	*c;
	struct opts	 o;
	char		 touched[64];
	int64_t		 id;

	parse(x, &o, 1);
	only(x, &o, " ");
	if (o.npos != 1 || o.pos[0][0] == '\0') {
		warnx("note: give the note's text");
		usage(TOOL_EXIT_USAGE);
	}
	need_officer(x);
	c = open_case(x);
	if (vg_case_begin(c, &e) == -1 ||
	    vg_case_add_note(c, x->officer, o.pos[0], &id, &e) == -1)
		tool_fail(&e);
	snprintf(touched, sizeof(touched), "note %lld added", (long long)id);
	commit(x, c, touched, NULL);
	printf("note %lld\n", (long long)id);
	vg_case_close(c);
	return tool_close_stdout();
}

/*
 * Check a hop against the archive, as add-item checks items: a sighting
 * CAMERA:TRACK that was logged, or GATE@TIME where the gate logged an
 * event within a second.  Exits with a message when it is not there.
 * Returns the hop as it is kept: CAMERA:TRACK as given, GATE@ the
 * event's own full time, so that a bare time of day (the incident's
 * day here) names the same hop in every tool that reads it later.
 */
static char *
hop_exists(struct ctx *x, struct vg_archive *ar, const char *hop)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_site		*site;
	const struct vg_device	*d;
	struct vg_obs		 obs;
	struct vg_query		 q;
	const char		*colon, *at;
	char			*dev, *kept, when[VG_TIME_BUFSZ];
	int64_t			 t, found = VG_TIME_NONE;

	colon = strchr(hop, ':');
	at = strchr(hop, '@');
	if (at != NULL && (colon == NULL || at < colon))
		colon = NULL;
	else
		at = NULL;
	dev = xstrndup(hop, (size_t)((colon != NULL ? colon : at) - hop));
	if (dev[0] == '\0' || (colon != NULL ? colon : at)[1] == '\0')
		errx(TOOL_EXIT_USAGE, "decide: '%s' is not CAMERA:TRACK or"
		    " GATE@TIME", tool_plain(hop));
	if (vg_archive_site(ar, &site, &e) == -1)
		tool_fail(&e);
	d = vg_site_device(site, dev);
	if (d == NULL || (at != NULL) != (d->type == VG_GATE))
		errx(TOOL_EXIT_FAIL, "decide: no %s '%s' in the site",
		    at != NULL ? "gate" : "camera", tool_plain(dev));
	if (colon != NULL) {
		sighting_of(x, ar, dev, colon + 1, NULL, "decide", hop,
		    "a decision on it would be on all of them; decide the"
		    " gate hops (GATE@TIME) beside the one you mean", &obs);
		vg_obs_free(&obs);
		kept = xstrdup(hop);
	} else {
		t = tool_time(x->tz, "decide", at + 1);
		vg_query_init(&q);
		q.gate = dev;
		q.from = t - US;
		q.to = t + US;
		q.kinds = VG_ROW_GATE;
		q.limit = 1;
		if (vg_query_run(ar, &q, gate_row, &found, &e) == -1)
			tool_fail(&e);
		if (found == VG_TIME_NONE)
			errx(TOOL_EXIT_FAIL, "decide: gate %s logged nothing"
			    " within a second of %s", tool_plain(dev),
			    tool_plain(at + 1));
		vg_time_format(x->tz, found, when, sizeof(when));
		xasprintf(&kept, "%s@%s", dev, when);
	}
	vg_site_free(site);
	free(dev);
	return kept;
}

static int
cmd_decide(struct ctx *x)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_decision	 d;
	struct vg_case_path	 p;
	struct vg_archive	*ar;
	struct vg_case		*c;
	struct opts		 o;
	char			 touched[256], *hop;
	int64_t			 id;
	size_t			 i;
	int			 rc;

	parse(x, &o, 2);
	only(x, &o, " why ");
	if (o.npos != 2 || (strcmp(o.pos[1], "confirm") != 0 &&
	    strcmp(o.pos[1], "reject") != 0 &&
	    strcmp(o.pos[1], "withdraw") != 0)) {
		warnx("decide: give a hop and confirm, reject or withdraw");
		usage(TOOL_EXIT_USAGE);
	}
	if (o.why == NULL || o.why[0] == '\0')
		errx(TOOL_EXIT_USAGE, "decide: say why (--why)");
	if (strchr(o.pos[0], ':') == NULL && strchr(o.pos[0], '@') == NULL)
		errx(TOOL_EXIT_USAGE, "decide: '%s' is not CAMERA:TRACK or"
		    " GATE@TIME", tool_plain(o.pos[0]));
	if (vg_case_text_ok("hop", o.pos[0], VG_TEXT_LINE, &e) == -1 ||
	    vg_case_text_ok("reason", o.why, VG_TEXT_LINES, &e) == -1)
		tool_fail(&e);
	need_officer(x);
	c = open_case(x);
	ar = case_archive(x, c);
	hop = hop_exists(x, ar, o.pos[0]);
	if ((rc = vg_case_last_path(c, &p, &e)) == -1)
		tool_fail(&e);
	for (i = 0; i < p.nhops; i++)
		if (vg_case_hop_is(&p.hops[i], hop, x->tz))
			break;
	if (rc == 0)
		warnx("warning: decide: the case has no saved path yet");
	else if (i == p.nhops)
		warnx("warning: decide: %s is not a hop of the path saved"
		    " last", tool_plain(hop));
	vg_case_path_free(&p);
	memset(&d, 0, sizeof(d));
	d.hop = hop;
	d.verdict = o.pos[1];
	d.why = o.why;
	d.officer = x->officer;
	if (vg_case_begin(c, &e) == -1 ||
	    vg_case_decide(c, &d, &id, &e) == -1)
		tool_fail(&e);
	snprintf(touched, sizeof(touched), "hop %s %s", d.hop,
	    vg_case_decided(d.verdict));
	commit(x, c, touched, NULL);
	printf("decision %lld: %s %s\n", (long long)id, d.hop,
	    vg_case_decided(d.verdict));
	free(hop);
	vg_case_close(c);
	vg_archive_close(ar);
	return tool_close_stdout();
}

/*
 * undo: the officer's own last decision undone by a new one, never by
 * erasing it: the hop's decision before it made again, or the hop
 * withdrawn (proposed again) when it was the first.
 */
static int
cmd_undo(struct ctx *x)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_decision	 last, d;
	struct vg_case		*c;
	struct opts		 o;
	const char		*back;
	char			 touched[320], *why;
	int64_t			 id;
	int			 rc;

	parse(x, &o, 0);
	only(x, &o, " why ");
	if (o.why == NULL || o.why[0] == '\0')
		errx(TOOL_EXIT_USAGE, "undo: say why (--why)");
	if (vg_case_text_ok("reason", o.why, VG_TEXT_LINES, &e) == -1)
		tool_fail(&e);
	need_officer(x);
	c = open_case(x);
	if ((rc = vg_case_undo_of(c, &last, &back, &e)) == -1)
		tool_fail(&e);
	if (rc == 0)
		errx(TOOL_EXIT_FAIL, "undo: the case has no decision to undo");
	if (strcmp(last.officer, x->officer) != 0)
		errx(TOOL_EXIT_FAIL, "undo: the last decision (%lld, %s %s) is"
		    " %s's: only one's own is undone", (long long)last.id,
		    tool_plain(last.hop), vg_case_decided(last.verdict),
		    tool_plain(last.officer));
	xasprintf(&why, "undo of decision %lld: %s", (long long)last.id,
	    o.why);
	memset(&d, 0, sizeof(d));
	d.hop = last.hop;
	d.verdict = back;
	d.why = why;
	d.officer = x->officer;
	if (vg_case_begin(c, &e) == -1 ||
	    vg_case_decide(c, &d, &id, &e) == -1)
		tool_fail(&e);
	snprintf(touched, sizeof(touched), "decision %lld on hop %s undone:"
	    " %s again", (long long)last.id, last.hop,
	    strcmp(back, "withdraw") == 0 ? "proposed" :
	    vg_case_decided(back));
	commit(x, c, touched, NULL);
	printf("decision %lld: %s %s (undoes %lld)\n", (long long)id,
	    last.hop, vg_case_decided(back), (long long)last.id);
	free(why);
	vg_case_decision_clear(&last);
	vg_case_close(c);
	return tool_close_stdout();
}

static int
cmd_status(struct ctx *x, const char *status)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_case	*c;
	struct opts	 o;
	char		 touched[64];

	parse(x, &o, 0);
	only(x, &o, " ");
	need_officer(x);
	c = open_case(x);
	if (vg_case_begin(c, &e) == -1 ||
	    vg_case_set_status(c, status, &e) == -1)
		tool_fail(&e);
	snprintf(touched, sizeof(touched), "case %s", status);
	commit(x, c, touched, NULL);
	vg_case_close(c);
	return tool_close_stdout();
}

struct logout {
	struct ctx	*x;		/* the command */
	struct vg_out	*out;		/* the table */
	int		 failed;	/* a write failed */
};

static int
log_entry(const struct vg_custody *en, void *arg)
{
	struct logout	*l = arg;
	char		 seq[24], at[VG_TIME_BUFSZ];
	const char	*row[8];

	snprintf(seq, sizeof(seq), "%lld", (long long)en->seq);
	vg_time_format(l->x->tz, en->at, at, sizeof(at));
	row[0] = seq;
	row[1] = at;
	row[2] = en->officer;
	row[3] = en->tool;
	row[4] = en->args;
	row[5] = en->touched;
	row[6] = en->digests[0] != '\0' ? en->digests : NULL;
	row[7] = en->hash;
	if (vg_out_row(l->out, row) == -1)
		l->failed = 1;
	return 0;
}

static int
cmd_log(struct ctx *x)
{
	static const struct vg_col cols[] = {
		{ "seq", VG_COL_NUM }, { "time", VG_COL_TEXT },
		{ "officer", VG_COL_TEXT }, { "tool", VG_COL_TEXT },
		{ "args", VG_COL_TEXT }, { "touched", VG_COL_TEXT },
		{ "digests", VG_COL_TEXT }, { "hash", VG_COL_TEXT } };
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct vg_case		*c;
	struct logout		 l;
	struct opts		 o;

	parse(x, &o, 0);
	only(x, &o, " ");
	need_officer(x);
	c = open_case(x);
	ar = case_archive(x, c);
	/* the reading is an action too: its entry is the last line */
	if (vg_case_log(c, &(struct vg_case_act){ x->officer, "vigil-case",
	    x->args, "custody log read", NULL }, &e) == -1)
		tool_fail(&e);
	memset(&l, 0, sizeof(l));
	l.x = x;
	l.out = tool_out(x->fmt, cols, 8, 0);
	if (vg_case_custody(c, 0, log_entry, &l, &e) == -1)
		tool_fail(&e);
	if (vg_out_end(l.out) == -1 || l.failed)
		errx(TOOL_EXIT_FAIL, "stdout: write error");
	vg_case_close(c);
	vg_archive_close(ar);
	return tool_close_stdout();
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive",	required_argument,	NULL, 'A' },
		{ "case",	required_argument,	NULL, 'c' },
		{ "format",	required_argument,	NULL, 'F' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "officer",	required_argument,	NULL, OPT_OFFICER },
		{ "tz",		required_argument,	NULL, 'z' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "zone",	required_argument,	NULL, OPT_OLDZONE },
		{ NULL,		0,			NULL, 0 }
	};
	struct ctx	 x;
	const char	*fmtarg = NULL, *officer = NULL, *cmd;
	int		 ch, rc;

	memset(&x, 0, sizeof(x));
	while ((ch = getopt_long(argc, argv, "+A:c:F:hVz:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'A':
			x.archive = optarg;
			break;
		case 'c':
			x.casearg = optarg;
			break;
		case 'F':
			fmtarg = optarg;
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'V':
			tool_version();
		case OPT_OLDZONE:
			tool_old_option("--zone", "--tz");
			/* FALLTHROUGH */
		case 'z':
			x.zone = optarg;
			break;
		case OPT_OFFICER:
			officer = optarg;
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	if (optind == argc)
		usage(TOOL_EXIT_USAGE);
	x.fmtarg = fmtarg;
	x.officer = officer;
	x.args = tool_args(argc - 1, argv + 1);
	x.argc = argc - optind;
	x.argv = argv + optind;
	cmd = x.argv[0];
	umask(077);		/* whatever a case makes is private */
	if (strcmp(cmd, "new") == 0)
		rc = cmd_new(&x);
	else if (strcmp(cmd, "list") == 0)
		rc = cmd_list(&x);
	else if (strcmp(cmd, "show") == 0)
		rc = cmd_show(&x);
	else if (strcmp(cmd, "add-subject") == 0)
		rc = cmd_add_subject(&x);
	else if (strcmp(cmd, "add-item") == 0)
		rc = cmd_add_item(&x);
	else if (strcmp(cmd, "note") == 0)
		rc = cmd_note(&x);
	else if (strcmp(cmd, "decide") == 0)
		rc = cmd_decide(&x);
	else if (strcmp(cmd, "undo") == 0)
		rc = cmd_undo(&x);
	else if (strcmp(cmd, "log") == 0)
		rc = cmd_log(&x);
	else if (strcmp(cmd, "close") == 0)
		rc = cmd_status(&x, "closed");
	else if (strcmp(cmd, "reopen") == 0)
		rc = cmd_status(&x, "open");
	else {
		warnx("'%s' is not a vigil-case command", tool_plain(cmd));
		usage(TOOL_EXIT_USAGE);
	}
	if (x.zone != NULL)	/* -z's zone is ours; any other is borrowed */
		vg_tz_free(x.tz);
	free(x.args);
	return rc;
}
