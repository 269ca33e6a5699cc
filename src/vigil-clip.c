/* vigil-clip: cut clips and grab frames from the indexed recordings, in true time */
#include "config.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavutil/log.h>

#include "case.h"
#include "tool.h"

#define US		INT64_C(1000000)	/* microseconds a second */
#define TILE		320			/* contact sheet tile width */
#define MAXHOPS		1000			/* hops read from a path */

enum {
	OPT_AT = 256,
	OPT_CAMERA,
	OPT_COLUMNS,
	OPT_OFFICER,
	OPT_CONTACT,
	OPT_FRAME,
	OPT_FROM,
	OPT_OLDZONE,
	OPT_PAD,
	OPT_PATH,
	OPT_REENCODE,
	OPT_SIGHTING,
	OPT_TO
};

static const struct vg_col cols[] = {
	{ "hop", VG_COL_NUM },
	{ "camera", VG_COL_TEXT },
	{ "kind", VG_COL_TEXT },
	{ "file", VG_COL_TEXT },
	{ "first", VG_COL_TEXT },
	{ "end", VG_COL_TEXT },
	{ "frames", VG_COL_NUM },
	{ "offset", VG_COL_NUM },
	{ "segments", VG_COL_NUM },
};
#define NCOLS	(sizeof(cols) / sizeof(cols[0]))

struct run {
	struct vg_archive *ar;		/* the archive, read-only */
	struct vg_site	*site;		/* its site description */
	struct vg_tz	*tz;		/* zone times are shown in */
	const char	*root;		/* -r: where the recordings lie now,
					   or NULL: where the archive says */
	struct vg_clip_opts copts;	/* how clips are cut */
	struct vg_out	*out;		/* the table of what was written */
	size_t		 pick[NCOLS];	/* its columns, by index */
	struct vg_col	 shown[NCOLS];	/* the columns themselves */
	size_t		 npick;		/* how many */
	int		 chosen;	/* by --columns: none left out */
	enum vg_fmt	 fmt;		/* its format */
	int		 quiet;		/* print no table */
	int		 failed;	/* something was not written */
	int		 tampered;	/* a recording was not as indexed */
	struct vg_case	*c;		/* the case it works for, or NULL */
	char		*digests;	/* what it wrote, for the case's log */
	size_t		 nwritten;	/* how many files */
};

/* A hop of a path read from vigil-track's csv. */
struct hop {
	long long	 n;		/* hop number */
	char		*camera;	/* device id */
	int		 camera_hop;	/* a camera, not a gate */
	int64_t		 first;		/* first seen, true time */
	int64_t		 last;		/* last seen */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-clip [-fhqV] [-A archive] [-c case] [-F format]"
	    " [-r root]\n"
	    "                  [-z zone] [--columns list] [--officer name]"
	    " [--reencode]\n"
	    "                  --camera id --from time --to time -o file\n"
	    "       vigil-clip [options] --sighting camera:track [--at time]"
	    " [--pad length]\n"
	    "                  -o file\n"
	    "       vigil-clip [options] --camera id --frame time -o file\n"
	    "       vigil-clip [options] --path [--contact-sheet file]"
	    " [--pad length]\n"
	    "                  [-o dir]\n");
	exit(status);
}

static const struct vg_device *
camera_of(struct run *r, const char *id)
{
	const struct vg_device	*d;

	if ((d = vg_site_device(r->site, id)) == NULL)
		return NULL;
	return d->type == VG_CAMERA ? d : NULL;
}

static void
show_warnings(const struct vg_clip *c)
{
	size_t	i;

	for (i = 0; i < c->nwarn; i++)
		warnx("warning: %s", tool_plain(c->warn[i]));
}

/* For a case's custody log: the SHA-256 of every file written. */
static void
note_digest(struct run *r, const char *file)
{
	struct vg_error	 e = { 0, NULL };
	char		 hex[VG_SHA256_HEX], *s;
	uint64_t	 size;

	if (vg_hash_file(file, hex, &size, &e) == -1) {
		tool_warn(&e);
		vg_error_clear(&e);
		r->failed = 1;
		return;
	}
	xasprintf(&s, "%s%ssha256:%s %s", r->digests != NULL ? r->digests :
	    "", r->digests != NULL ? "; " : "", hex, file);
	free(r->digests);
	r->digests = s;
	r->nwritten++;
}

/* One row of the table: what was written and what it shows. */
static void
emit(struct run *r, long long hop, const char *kind, const char *file,
    const struct vg_clip *c)
{
	char		 h[24], a[VG_TIME_BUFSZ], b[VG_TIME_BUFSZ], n[24];
	char		 off[32], segs[24];
	const char	*row[NCOLS], *shown[NCOLS];
	size_t		 i, used;

	if (r->c != NULL)
		note_digest(r, file);
	if (r->quiet)
		return;
	if (r->out == NULL)		/* the table begins with what it lists */
		r->out = tool_out(r->fmt, r->shown, r->npick, r->chosen);
	for (i = used = 0; i < c->nseg; i++)
		used += c->seg[i].used || c->frames == 1;
	snprintf(h, sizeof(h), "%lld", hop);
	a[0] = b[0] = '\0';
	if (c->first != VG_TIME_NONE)
		vg_time_format(r->tz, c->first, a, sizeof(a));
	if (c->end != VG_TIME_NONE)
		vg_time_format(r->tz, c->end, b, sizeof(b));
	snprintf(n, sizeof(n), "%lld", (long long)c->frames);
	off[0] = '\0';
	if (c->camera[0] != '\0')
		snprintf(off, sizeof(off), "%+.3f", (double)c->offset / 1e6);
	snprintf(segs, sizeof(segs), "%zu", c->frames == 1 ? (size_t)1 :
	    used);
	row[0] = hop > 0 ? h : NULL;
	row[1] = c->camera[0] != '\0' ? c->camera : NULL;
	row[2] = kind;
	row[3] = file;
	row[4] = a[0] != '\0' ? a : NULL;
	row[5] = b[0] != '\0' ? b : NULL;
	row[6] = n;
	row[7] = off[0] != '\0' ? off : NULL;
	row[8] = c->camera[0] != '\0' ? segs : NULL;
	for (i = 0; i < r->npick; i++)
		shown[i] = row[r->pick[i]];
	if (vg_out_row(r->out, shown) == -1)
		r->failed = 1;
}

/* Cut camera's span of true time into file. */
static int
do_clip(struct run *r, long long hop, const char *camera, int64_t from,
    int64_t to, const char *file)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_clip	 c;

	if (vg_clip_plan(r->ar, camera, r->root, from, to, &c, &e) == -1 ||
	    vg_clip_write(&c, file, &r->copts, &e) == -1) {
		show_warnings(&c);
		tool_warn(&e);
		vg_error_clear(&e);
		r->tampered |= c.tampered;
		vg_clip_free(&c);
		return -1;
	}
	show_warnings(&c);
	emit(r, hop, "clip", file, &c);
	vg_clip_free(&c);
	return 0;
}

/* The frame of camera at true time t into file; the image kept if img. */
static int
do_frame(struct run *r, long long hop, const char *camera, int64_t t,
    const char *file, struct vg_image *img, int64_t *shown)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_clip	 c;
	struct vg_image	 im;
	int		 rc = -1;

	memset(&im, 0, sizeof(im));
	if (vg_clip_plan(r->ar, camera, r->root, t, t, &c, &e) == -1 ||
	    vg_clip_frame(&c, t, &im, &e) == -1 ||
	    (file != NULL && vg_image_write(&im, file, r->copts.force,
	    &e) == -1)) {
		show_warnings(&c);
		tool_warn(&e);
		vg_error_clear(&e);
		r->tampered |= c.tampered;
		goto out;
	}
	if (file != NULL)
		emit(r, hop, "frame", file, &c);
	if (shown != NULL)
		*shown = c.first;
	if (img != NULL) {
		*img = im;
		memset(&im, 0, sizeof(im));
	}
	rc = 0;
out:
	vg_image_free(&im);
	vg_clip_free(&c);
	return rc;
}

/* The column of the csv header named name, or -1. */
static int
column(const struct vg_csv_record *h, const char *name)
{
	size_t	i;

	for (i = 0; i < h->nf; i++)
		if (strcmp(h->f[i].s, name) == 0)
			return (int)i;
	return -1;
}

/* The hops of the first path in vigil-track's csv on stdin. */
static size_t
read_path(struct run *r, struct hop *hops)
{
	struct vg_csv_record	 rec;
	struct vg_csv		*cs;
	const char		*why;
	char			*path0 = NULL;
	long long		 n;
	size_t			 nh = 0;
	int			 rc, cpath, chop, ccam, ctype, cfirst, clast;
	int			 header = 1;

	cs = vg_csv_open(STDIN_FILENO, VG_CSV_MAXREC);
	cpath = chop = ccam = ctype = cfirst = clast = -1;
	while ((rc = vg_csv_next(cs, &rec, &why)) != 0) {
		if (rc == -1)
			errx(TOOL_EXIT_FAIL, "stdin: line %llu: %s",
			    (unsigned long long)rec.line, tool_plain(why));
		if (header) {
			cpath = column(&rec, "path");
			chop = column(&rec, "hop");
			ccam = column(&rec, "camera");
			ctype = column(&rec, "type");
			cfirst = column(&rec, "first");
			clast = column(&rec, "last");
			if (chop < 0 || ccam < 0 || ctype < 0 || cfirst < 0 ||
			    clast < 0)
				errx(TOOL_EXIT_FAIL, "stdin: line %llu: not"
				    " vigil-track's csv (it needs the columns"
				    " hop, camera, type, first and last;"
				    " run vigil track -F csv)",
				    (unsigned long long)rec.line);
			header = 0;
			continue;
		}
		if ((size_t)chop >= rec.nf || (size_t)ccam >= rec.nf ||
		    (size_t)ctype >= rec.nf || (size_t)cfirst >= rec.nf ||
		    (size_t)clast >= rec.nf)
			errx(TOOL_EXIT_FAIL, "stdin: line %llu: %zu fields,"
			    " fewer than the header's",
			    (unsigned long long)rec.line, rec.nf);
		if (cpath >= 0 && (size_t)cpath < rec.nf) {
			if (path0 == NULL)
				path0 = xstrdup(rec.f[cpath].s);
			else if (strcmp(path0, rec.f[cpath].s) != 0)
				continue;	/* an alternative path */
		}
		if (vg_strtonum(rec.f[chop].s, 1, 1000000, &n) != NULL)
			errx(TOOL_EXIT_FAIL, "stdin: line %llu: bad hop '%s'",
			    (unsigned long long)rec.line,
			    tool_plain(rec.f[chop].s));
		if (nh == MAXHOPS)
			errx(TOOL_EXIT_FAIL, "stdin: more than %d hops",
			    MAXHOPS);
		hops[nh].n = n;
		hops[nh].last = VG_TIME_NONE;
		hops[nh].camera = xstrdup(rec.f[ccam].s);
		hops[nh].camera_hop = strcmp(rec.f[ctype].s, "camera") == 0 ||
		    strcmp(rec.f[ctype].s, "sighting") == 0;
		if (vg_time_parse(r->tz, rec.f[cfirst].s, rec.f[cfirst].len,
		    &hops[nh].first, &why) == -1 || (rec.f[clast].len > 0 &&
		    vg_time_parse(r->tz, rec.f[clast].s, rec.f[clast].len,
		    &hops[nh].last, &why) == -1))
			errx(TOOL_EXIT_FAIL, "stdin: line %llu: bad time: %s",
			    (unsigned long long)rec.line, tool_plain(why));
		if (hops[nh].last == VG_TIME_NONE)
			hops[nh].last = hops[nh].first;
		if (hops[nh].camera_hop && camera_of(r, hops[nh].camera) ==
		    NULL)
			errx(TOOL_EXIT_FAIL, "stdin: line %llu: no camera '%s'"
			    " in the site", (unsigned long long)rec.line,
			    tool_plain(hops[nh].camera));
		nh++;
	}
	vg_csv_close(cs);
	free(path0);
	if (header)
		errx(TOOL_EXIT_FAIL, "stdin: no path (pipe vigil-track -F csv"
		    " into vigil-clip --path)");
	return nh;
}

/* A rejected hop of the case, by CAMERA:TRACK. */
struct rejected {
	char		**v;		/* the hops */
	size_t		 n;		/* how many */
};

static int
rejected_hop(const struct vg_case_decision *d, void *arg)
{
	struct rejected	*rj = arg;

	if (strcmp(d->verdict, "reject") == 0) {
		rj->v = xreallocarray(rj->v, rj->n + 1, sizeof(*rj->v));
		rj->v[rj->n++] = xstrdup(d->hop);
	}
	return 0;
}

/* The hops of the path saved last in the case, but the rejected. */
static size_t
case_path(struct run *r, struct hop *hops)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_path	 p;
	struct rejected		 rj = { NULL, 0 };
	char			 ref[160];
	size_t			 i, k, nh = 0;
	int			 rc, out;

	if ((rc = vg_case_last_path(r->c, &p, &e)) == -1)
		tool_fail(&e);
	if (rc == 0)
		errx(TOOL_EXIT_FAIL, "the case has no path: save one with"
		    " vigil-track -c CASE --save");
	if (vg_case_decisions(r->c, rejected_hop, &rj, &e) == -1)
		tool_fail(&e);
	for (i = 0; i < p.nhops && nh < MAXHOPS; i++, nh++) {
		snprintf(ref, sizeof(ref), "%s:%s", p.hops[i].device,
		    p.hops[i].track != NULL ? p.hops[i].track : "");
		for (k = 0, out = 0; k < rj.n; k++)
			out |= strcmp(rj.v[k], ref) == 0;
		if (out) {
			nh--;
			continue;
		}
		hops[nh].n = p.hops[i].n;
		hops[nh].camera = xstrdup(p.hops[i].device);
		hops[nh].camera_hop = strcmp(p.hops[i].type, "camera") == 0;
		hops[nh].first = p.hops[i].first;
		hops[nh].last = p.hops[i].last != VG_TIME_NONE ?
		    p.hops[i].last : p.hops[i].first;
	}
	vg_case_path_free(&p);
	for (k = 0; k < rj.n; k++)
		free(rj.v[k]);
	free(rj.v);
	return nh;
}

/* The name of a hop's file: hop, local time and camera. */
static char *
hop_name(struct run *r, const char *dir, const struct hop *h,
    const char *ext)
{
	char	 t[VG_TIME_BUFSZ], hms[8], *p;

	vg_time_format(r->tz, h->first, t, sizeof(t));
	snprintf(hms, sizeof(hms), "%.2s%.2s%.2s", t + 11, t + 14, t + 17);
	xasprintf(&p, "%s/%02lld-%s-%s.%s", dir, h->n, hms, h->camera, ext);
	return p;
}

/*
 * Every camera hop of a path: a clip and a frame each into dir (when
 * given), and a contact sheet of the frames (when asked).
 */
static void
do_path(struct run *r, const char *dir, const char *sheet, int64_t pad)
{
	static char	 nocamera[] = "";
	struct vg_error	 e = { 0, NULL };
	struct hop	*hops;
	struct vg_image	*imgs, out;
	struct vg_clip	 c;
	char		**labels, *file, t[VG_TIME_BUFSZ];
	int64_t		 mid, shown;
	size_t		 nh, i, nimg = 0;

	hops = xcalloc(MAXHOPS, sizeof(*hops));
	nh = r->c != NULL ? case_path(r, hops) : read_path(r, hops);
	imgs = xcalloc(nh + 1, sizeof(*imgs));
	labels = xcalloc(nh + 1, sizeof(*labels));
	if (dir != NULL && mkdir(dir, 0700) == -1 && errno != EEXIST)
		err(TOOL_EXIT_FAIL, "%s", tool_plain(dir));
	for (i = 0; i < nh; i++) {
		const struct hop *h = &hops[i];

		if (!h->camera_hop)
			continue;	/* a gate: no video */
		mid = h->first + (h->last - h->first) / 2;
		if (dir != NULL) {
			file = hop_name(r, dir, h, "mp4");
			if (do_clip(r, h->n, h->camera, h->first - pad,
			    h->last + pad, file) == -1)
				r->failed = 1;
			free(file);
		}
		file = dir != NULL ? hop_name(r, dir, h, "png") : NULL;
		if (do_frame(r, h->n, h->camera, mid, file, sheet != NULL ?
		    &imgs[nimg] : NULL, &shown) == -1)
			r->failed = 1;
		else if (sheet != NULL) {
			vg_time_format(r->tz, shown, t, sizeof(t));
			xasprintf(&labels[nimg], "HOP %lld  %s\n%.10s %.8s",
			    h->n, h->camera, t, t + 11);
			nimg++;
		}
		free(file);
	}
	if (sheet != NULL) {
		if (vg_image_sheet(imgs, (const char *const *)labels, nimg,
		    TILE, &out, &e) == -1 ||
		    vg_image_write(&out, sheet, r->copts.force, &e) == -1) {
			tool_warn(&e);
			vg_error_clear(&e);
			r->failed = 1;
		} else {
			memset(&c, 0, sizeof(c));
			c.camera = nocamera;
			c.first = c.end = VG_TIME_NONE;
			c.frames = (int64_t)nimg;
			emit(r, 0, "sheet", sheet, &c);
		}
		vg_image_free(&out);
	}
	for (i = 0; i < nh; i++)
		free(hops[i].camera);
	for (i = 0; i < nimg; i++) {
		vg_image_free(&imgs[i]);
		free(labels[i]);
	}
	free(hops);
	free(imgs);
	free(labels);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive",	required_argument,	NULL, 'A' },
		{ "at",		required_argument,	NULL, OPT_AT },
		{ "camera",	required_argument,	NULL, OPT_CAMERA },
		{ "case",	required_argument,	NULL, 'c' },
		{ "columns",	required_argument,	NULL, OPT_COLUMNS },
		{ "contact-sheet", required_argument,	NULL, OPT_CONTACT },
		{ "force",	no_argument,		NULL, 'f' },
		{ "format",	required_argument,	NULL, 'F' },
		{ "frame",	required_argument,	NULL, OPT_FRAME },
		{ "from",	required_argument,	NULL, OPT_FROM },
		{ "help",	no_argument,		NULL, 'h' },
		{ "officer",	required_argument,	NULL, OPT_OFFICER },
		{ "output",	required_argument,	NULL, 'o' },
		{ "pad",	required_argument,	NULL, OPT_PAD },
		{ "path",	no_argument,		NULL, OPT_PATH },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "reencode",	no_argument,		NULL, OPT_REENCODE },
		{ "root",	required_argument,	NULL, 'r' },
		{ "sighting",	required_argument,	NULL, OPT_SIGHTING },
		{ "to",		required_argument,	NULL, OPT_TO },
		{ "tz",		required_argument,	NULL, 'z' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "zone",	required_argument,	NULL, OPT_OLDZONE },
		{ NULL,		0,			NULL, 0 }
	};
	struct vg_error	 e = { 0, NULL };
	struct vg_graph	 g;
	struct vg_obs	 obs;
	struct run	 r;
	const char	*archive = NULL, *fmtarg = NULL, *zone = NULL;
	const char	*camera = NULL, *sheet = NULL, *out = NULL;
	const char	*fromarg = NULL, *toarg = NULL, *framearg = NULL;
	const char	*sighting = NULL, *padarg = NULL, *columns = NULL;
	const char	*casearg = NULL, *officer = NULL, *atarg = NULL;
	char		*args, *casearch = NULL, touched[PATH_MAX + 64];
	size_t		 i;
	char		*cam;
	enum vg_fmt	 fmt;
	int64_t		 from, to, pad = 5 * US;
	int		 ch, quiet = 0, path = 0, modes, rc;

	memset(&r, 0, sizeof(r));
	args = tool_args(argc - 1, argv + 1);
	while ((ch = getopt_long(argc, argv, "A:c:fF:ho:qr:Vz:", longopts,
	    NULL)) != -1) {
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
		case 'f':
			r.copts.force = 1;
			break;
		case 'F':
			fmtarg = optarg;
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'o':
			out = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'r':
			r.root = optarg;
			break;
		case 'V':
			tool_version();
		case OPT_OLDZONE:
			tool_old_option("--zone", "--tz");
			/* FALLTHROUGH */
		case 'z':
			zone = optarg;
			break;
		case OPT_AT:
			atarg = optarg;
			break;
		case OPT_CAMERA:
			camera = optarg;
			break;
		case OPT_COLUMNS:
			columns = optarg;
			break;
		case OPT_CONTACT:
			sheet = optarg;
			break;
		case OPT_FRAME:
			framearg = optarg;
			break;
		case OPT_FROM:
			fromarg = optarg;
			break;
		case OPT_PAD:
			padarg = optarg;
			break;
		case OPT_PATH:
			path = 1;
			break;
		case OPT_REENCODE:
			r.copts.reencode = 1;
			break;
		case OPT_SIGHTING:
			sighting = optarg;
			break;
		case OPT_TO:
			toarg = optarg;
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	if (optind != argc)
		usage(TOOL_EXIT_USAGE);
	if (sheet != NULL)
		path = 1;
	modes = (path != 0) + (sighting != NULL) + (framearg != NULL) +
	    (fromarg != NULL || toarg != NULL);
	if (modes != 1) {
		warnx("give one of --from and --to, --sighting, --frame or"
		    " --path");
		usage(TOOL_EXIT_USAGE);
	}
	if (out == NULL && !(path && sheet != NULL)) {
		warnx("no output: give -o %s", path ? "dir" : "file");
		usage(TOOL_EXIT_USAGE);
	}
	if ((fromarg != NULL) != (toarg != NULL) && (fromarg == NULL ||
	    strstr(fromarg, "..") == NULL)) {
		warnx("--from and --to go together");
		usage(TOOL_EXIT_USAGE);
	}
	if ((fromarg != NULL || framearg != NULL) && camera == NULL) {
		warnx("which camera? give --camera");
		usage(TOOL_EXIT_USAGE);
	}
	if ((sighting != NULL || path) && camera != NULL) {
		warnx("--camera is not used with %s", path ? "--path" :
		    "--sighting");
		usage(TOOL_EXIT_USAGE);
	}
	if (atarg != NULL && sighting == NULL) {
		warnx("--at goes with --sighting");
		usage(TOOL_EXIT_USAGE);
	}
	if (padarg != NULL && sighting == NULL && !path) {
		warnx("--pad goes with --sighting or --path");
		usage(TOOL_EXIT_USAGE);
	}
	if (r.copts.reencode && framearg != NULL) {
		warnx("--reencode makes no sense with --frame");
		usage(TOOL_EXIT_USAGE);
	}
	if (padarg != NULL)
		pad = tool_pad(padarg);
	r.chosen = columns != NULL;
	if (tool_columns(cols, NCOLS, columns, r.pick, &r.npick) == -1)
		exit(TOOL_EXIT_USAGE);
	for (i = 0; i < r.npick; i++)
		r.shown[i] = cols[r.pick[i]];
	if (casearg != NULL)
		r.c = tool_case(casearg, &officer, &archive, &casearch);
	archive = tool_archive(archive);
	fmt = tool_format(fmtarg);
	av_log_set_level(AV_LOG_QUIET);

	if (vg_archive_open(archive, VG_ARCHIVE_RDONLY, &r.ar, &e) == -1)
		tool_fail(&e);
	r.tz = tool_site_tz(r.ar, archive);
	tool_need(r.ar, archive, VG_HOLDS_RECORDINGS);
	if (zone != NULL)
		r.tz = tool_zone(zone);
	r.copts.tz = r.tz;
	if (vg_archive_site(r.ar, &r.site, &e) == -1)
		tool_fail(&e);
	if (camera != NULL && camera_of(&r, camera) == NULL)
		errx(TOOL_EXIT_FAIL, "no camera '%s' in the site",
		    tool_plain(camera));
	r.fmt = fmt;
	r.quiet = quiet;

	if (fromarg != NULL) {
		tool_span(r.tz, fromarg, toarg, &from, &to);
		if (do_clip(&r, 0, camera, from, to, out) == -1)
			r.failed = 1;
	} else if (framearg != NULL) {
		from = tool_time(r.tz, "--frame", framearg);
		if (do_frame(&r, 0, camera, from, out, NULL, NULL) == -1)
			r.failed = 1;
	} else if (sighting != NULL) {
		const char *colon = strchr(sighting, ':');

		if (colon == NULL || colon == sighting || colon[1] == '\0')
			errx(TOOL_EXIT_USAGE, "--sighting: '%s' is not"
			    " CAMERA:TRACK", tool_plain(sighting));
		cam = xstrndup(sighting, (size_t)(colon - sighting));
		if (camera_of(&r, cam) == NULL) {
			warnx("no camera '%s' in the site", tool_plain(cam));
			free(cam);
			exit(TOOL_EXIT_FAIL);
		}
		if (vg_ar_graph(r.ar, &g, &e) == -1)
			tool_fail(&e);
		/* --at: which, where a track's number names several */
		rc = vg_ar_sighting_at(r.ar, &g, cam, colon + 1, atarg != NULL ?
		    tool_time(r.tz, "--at", atarg) : VG_TIME_NONE, &obs, &e);
		if (rc != 1)
			free(cam);	/* (each way below exits) */
		if (rc == -1)
			tool_fail(&e);
		if (rc == -2)
			errx(TOOL_EXIT_FAIL, "--sighting: %s: %s", e.msg,
			    atarg != NULL ? "give --from and --to with"
			    " --camera" : "give --at TIME, when the one you"
			    " mean was seen");
		if (rc == 0 && atarg != NULL)
			errx(TOOL_EXIT_FAIL, "no sighting '%s'"
			    " within a second of %s", tool_plain(sighting),
			    tool_plain(atarg));
		if (rc == 0)
			errx(TOOL_EXIT_FAIL, "no sighting '%s'",
			    tool_plain(sighting));
		if (do_clip(&r, 0, cam, obs.first - pad, obs.last + pad,
		    out) == -1)
			r.failed = 1;
		vg_obs_free(&obs);
		vg_graph_free(&g);
		free(cam);
	} else
		do_path(&r, out, sheet, pad);

	if (r.out != NULL && vg_out_end(r.out) == -1) {
		warnx("stdout: write error");
		r.failed = 1;
	}
	/* footage not as indexed gave nothing: nothing to log */
	if (r.c != NULL && (r.nwritten > 0 || !r.tampered)) {
		snprintf(touched, sizeof(touched), "archive %s read; %zu"
		    " file%s written", archive, r.nwritten,
		    r.nwritten == 1 ? "" : "s");
		if (vg_case_log(r.c, &(struct vg_case_act){ officer,
		    "vigil-clip", args, touched, r.digests }, &e) == -1)
			tool_fail(&e);
	}
	if (r.c != NULL)
		vg_case_close(r.c);
	free(r.digests);
	free(casearch);
	free(args);
	vg_site_free(r.site);
	vg_archive_close(r.ar);
	if (tool_close_stdout() != TOOL_EXIT_OK)
		return TOOL_EXIT_FAIL;
	return r.failed ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
}
