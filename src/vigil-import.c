/* vigil-import: import site descriptions, rosters, gate logs and sightings */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "tool.h"

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-import [-hkqV] [-A archive] [-d device] [-t type]"
	    " [-z zone]\n"
	    "                    file ...\n"
	    "       vigil-import -l [-A archive] [-F format] [-z zone]\n");
	exit(status);
}

static const char *
noun(enum vg_format f, int64_t n)
{
	switch (f) {
	case VG_FORMAT_SITE:
		return n == 1 ? "site item" : "site items";
	case VG_FORMAT_ROSTER:
		return n == 1 ? "person" : "people";
	case VG_FORMAT_GATE:
	case VG_FORMAT_ZKTECO:
	case VG_FORMAT_DAHUA:
	case VG_FORMAT_HIKACS:
		return n == 1 ? "gate event" : "gate events";
	case VG_FORMAT_HIKVISION:
	case VG_FORMAT_ONVIF:
		return n == 1 ? "event" : "events";
	default:
		return n == 1 ? "sighting" : "sightings";
	}
}

/* What an import left out as already in the archive, for its report. */
static const char *
repeated(const struct vg_import *im)
{
	static char	buf[160];
	size_t		len = 0;

	buf[0] = '\0';
	if (im->nrepeated > 0)
		len += (size_t)snprintf(buf, sizeof(buf), "; %lld already in"
		    " the archive, left out", (long long)im->nrepeated);
	if (im->nother > 0 && len < sizeof(buf))
		snprintf(buf + len, sizeof(buf) - len, "; %lld other event%s"
		    " (not passages or sightings) left out",
		    (long long)im->nother, im->nother == 1 ? "" : "s");
	return buf;
}

struct list_state {
	struct vg_out	*out;		/* the table */
	struct vg_tz	*tz;		/* zone for import times */
};

static int
list_one(const struct vg_source *s, void *arg)
{
	struct list_state	*ls = arg;
	char			 id[24], size[24], rows[24], rej[24];
	char			 t[VG_TIME_BUFSZ];
	const char		*v[8];

	snprintf(id, sizeof(id), "%lld", (long long)s->id);
	snprintf(size, sizeof(size), "%llu", (unsigned long long)s->size);
	snprintf(rows, sizeof(rows), "%lld", (long long)s->rows);
	snprintf(rej, sizeof(rej), "%lld", (long long)s->rejected);
	vg_time_format(ls->tz, s->imported, t, sizeof(t));
	v[0] = id, v[1] = s->path, v[2] = vg_format_name(s->format);
	v[3] = rows, v[4] = rej, v[5] = size, v[6] = s->sha256, v[7] = t;
	return vg_out_row(ls->out, v) == -1 ? -1 : 0;
}

static int
list_sources(const char *path, enum vg_fmt fmt, struct vg_tz *tz)
{
	static const struct vg_col cols[] = {
		{ "id", VG_COL_NUM }, { "path", VG_COL_TEXT },
		{ "format", VG_COL_TEXT }, { "rows", VG_COL_NUM },
		{ "rejected", VG_COL_NUM }, { "size", VG_COL_NUM },
		{ "sha256", VG_COL_TEXT }, { "imported", VG_COL_TEXT },
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct list_state	 ls;
	int			 rc;

	if (vg_archive_open(path, VG_ARCHIVE_RDONLY, &ar, &e) == -1)
		tool_fail(&e);
	ls.tz = tz != NULL ? tz : vg_archive_tz(ar);
	ls.out = tool_out(fmt, cols, sizeof(cols) / sizeof(cols[0]), 0);
	rc = vg_archive_sources(ar, list_one, &ls, &e);
	if (vg_out_end(ls.out) == -1 && rc == 0)
		rc = -1;
	vg_archive_close(ar);
	if (rc != 0 && e.set)
		tool_fail(&e);
	return tool_close_stdout();
}

/*
 * The files refused for want of a site description, said once after the
 * others rather than once a file: up to three names, and why there is no
 * site (a site file that failed, or none given).
 */
static void
nosite_say(char **paths, size_t n, const char *sitefail)
{
	char	 b[VG_SHOWSZ], *msg = NULL;
	size_t	 len = 0, i;
	FILE	*fp;

	if (n == 0)
		return;
	if ((fp = open_memstream(&msg, &len)) == NULL)
		err(TOOL_EXIT_FAIL, "open_memstream");
	if (n == 1)
		fprintf(fp, "'%s'", vg_show(paths[0], strlen(paths[0]), b,
		    sizeof(b)));
	else
		fprintf(fp, "%zu files not imported", n);
	fprintf(fp, ": the archive has no site description: ");
	if (sitefail != NULL)
		fprintf(fp, "'%s' failed above", vg_show(sitefail,
		    strlen(sitefail), b, sizeof(b)));
	else
		fprintf(fp, "import site.xml first");
	if (n > 1) {
		fprintf(fp, " (");
		for (i = 0; i < n && i < 3; i++)
			fprintf(fp, "%s'%s'", i > 0 ? ", " : "",
			    vg_show(paths[i], strlen(paths[i]), b, sizeof(b)));
		if (n > 3)
			fprintf(fp, " and %zu more", n - 3);
		fprintf(fp, ")");
	}
	if (fclose(fp) != 0)
		err(TOOL_EXIT_FAIL, "open_memstream");
	warnx("%s", msg);
	free(msg);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive",	required_argument,	NULL, 'A' },
		{ "device",	required_argument,	NULL, 'd' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "keep-going",	no_argument,		NULL, 'k' },
		{ "list",	no_argument,		NULL, 'l' },
		{ "format",	required_argument,	NULL, 'F' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "type",	required_argument,	NULL, 't' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "tz",		required_argument,	NULL, 'z' },
		{ NULL,		0,			NULL, 0 }
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct vg_import	 im;
	struct vg_tz		*tz = NULL;
	const char		*archive = NULL, *fmtarg = NULL, *device = NULL;
	enum vg_format		 force = VG_FORMAT_UNKNOWN;
	size_t			 i;
	int			 ch, list = 0, quiet = 0, keep = 0, failed = 0;
	int			 added = 0, rc;
	char			**nosite = NULL;
	size_t			 nnosite = 0, nfiles;
	const char		*sitefail = NULL;

	while ((ch = getopt_long(argc, argv, "A:d:F:hklqt:Vz:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'A':
			archive = optarg;
			break;
		case 'd':
			device = optarg;
			break;
		case 'F':
			fmtarg = optarg;
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'k':
			keep = 1;
			break;
		case 'l':
			list = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 't':
			for (force = VG_FORMAT_SITE; force <=
			    VG_FORMAT_LAST; force++)
				if (strcmp(optarg, vg_format_name(force)) == 0)
					break;
			if (force > VG_FORMAT_LAST) {
				warnx("unknown type '%s' (use site, roster,"
				    " gate, sightings, zkteco, dahua,"
				    " hikvision, hikvision-acs or onvif)",
				    optarg);
				usage(TOOL_EXIT_USAGE);
			}
			break;
		case 'V':
			tool_version();
		case 'z':
			tz = tool_zone(optarg);
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	archive = tool_archive(archive);
	if (list) {
		if (argc != 0)
			usage(TOOL_EXIT_USAGE);
		return list_sources(archive, tool_format(fmtarg), tz);
	}
	if (argc == 0)
		usage(TOOL_EXIT_USAGE);

	if (vg_archive_open(archive, VG_ARCHIVE_RDWR | VG_ARCHIVE_CREATE, &ar,
	    &e) == -1)
		tool_fail(&e);
	memset(&im, 0, sizeof(im));
	tool_progress_init(quiet || argc < 2);
	for (nfiles = (size_t)argc; argc > 0; argc--, argv++) {
		tool_progress(NULL, "importing files", (int64_t)(nfiles -
		    (size_t)argc), (int64_t)nfiles);
		im.path = argv[0];
		im.format = force;
		im.keep_going = keep;
		im.tz = tz;
		im.max_rejects = 1000;
		im.device = device;
		rc = vg_import_file(ar, &im, &e);
		tool_progress_clear();		/* before what it says */
		if (rc == -1) {
			if (im.nosite) {
				nosite = xreallocarray(nosite, nnosite + 1,
				    sizeof(*nosite));
				nosite[nnosite++] = argv[0];
				vg_error_clear(&e);
				failed = 1;
				continue;
			}
			if (im.source.format == VG_FORMAT_SITE &&
			    sitefail == NULL)
				sitefail = argv[0];
			for (i = 0; i < im.nrejects; i++)
				warnx("'%s', line %llu: %s", im.path,
				    (unsigned long long)im.rejects[i].line,
				    im.rejects[i].reason);
			if (im.nrejected > (int64_t)im.nrejects)
				warnx("'%s': %lld more bad records not shown",
				    im.path, (long long)(im.nrejected -
				    (int64_t)im.nrejects));
			tool_warn(&e);
			vg_error_clear(&e);
			failed = 1;
			continue;
		}
		added += !im.duplicate;
		if (im.duplicate) {
			if (!quiet)
				warnx("'%s': already imported as '%s', nothing"
				    " changed", im.path, im.source.path);
			continue;
		}
		for (i = 0; i < im.nrejects; i++)
			warnx("'%s', line %llu: %s (skipped)", im.path,
			    (unsigned long long)im.rejects[i].line,
			    im.rejects[i].reason);
		if (im.nrejected > (int64_t)im.nrejects)
			warnx("'%s': %lld more bad records not shown", im.path,
			    (long long)(im.nrejected - (int64_t)im.nrejects));
		if (im.nrejected > 0)
			failed = 1;
		if (quiet)
			continue;
		if (im.nrejected > 0)
			warnx("'%s': imported %lld %s, rejected %lld%s", im.path,
			    (long long)im.source.rows, noun(im.source.format,
			    im.source.rows), (long long)im.nrejected,
			    repeated(&im));
		else
			warnx("'%s': imported %lld %s%s", im.path,
			    (long long)im.source.rows, noun(im.source.format,
			    im.source.rows), repeated(&im));
	}
	vg_import_reset(&im);
	nosite_say(nosite, nnosite, sitefail);
	free(nosite);
	/* what the archive holds changed: learn the site model again */
	if (added && vg_model_update(ar, &e) == -1) {
		tool_warn(&e);
		vg_error_clear(&e);
		failed = 1;
	}
	vg_archive_close(ar);
	vg_tz_free(tz);
	return failed ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
}
