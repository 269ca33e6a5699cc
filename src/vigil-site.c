/* vigil-site.c: load and check a site description, and print what it holds */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

#define NUMSZ	32	/* room for any number printed here */

enum section {
	SEC_SITE,		/* the site itself */
	SEC_ZONES,		/* its zones */
	SEC_PLACES,		/* its places */
	SEC_DEVICES,		/* its gates and cameras */
	SEC_LINKS,		/* its walking links */
	SEC_ALL,		/* all of the above, for a person */
	SEC_PEOPLE		/* the archive's roster, asked by name */
};

static const char *const section_names[] = {
	"site", "zones", "places", "devices", "links"
};

static const struct vg_col site_cols[] = {
	{ "id", VG_COL_TEXT },
	{ "name", VG_COL_TEXT },
	{ "timezone", VG_COL_TEXT },
};

static const struct vg_col zone_cols[] = {
	{ "id", VG_COL_TEXT },
	{ "name", VG_COL_TEXT },
	{ "ring", VG_COL_NUM },
};

static const struct vg_col place_cols[] = {
	{ "id", VG_COL_TEXT },
	{ "name", VG_COL_TEXT },
	{ "zone", VG_COL_TEXT },
	{ "kind", VG_COL_TEXT },
	{ "x", VG_COL_NUM },
	{ "y", VG_COL_NUM },
};

static const struct vg_col device_cols[] = {
	{ "id", VG_COL_TEXT },
	{ "type", VG_COL_TEXT },
	{ "name", VG_COL_TEXT },
	{ "zone", VG_COL_TEXT },
	{ "kind", VG_COL_TEXT },
	{ "credentials", VG_COL_TEXT },
	{ "face", VG_COL_TEXT },
	{ "x", VG_COL_NUM },
	{ "y", VG_COL_NUM },
	{ "place", VG_COL_TEXT },
	{ "gate", VG_COL_TEXT },
};

static const struct vg_col people_cols[] = {
	{ "id", VG_COL_TEXT },
	{ "name", VG_COL_TEXT },
	{ "employer", VG_COL_TEXT },
	{ "dorm", VG_COL_TEXT },
	{ "status", VG_COL_TEXT },
};

static const struct vg_col link_cols[] = {
	{ "from", VG_COL_TEXT },
	{ "to", VG_COL_TEXT },
	{ "min", VG_COL_NUM },
	{ "max", VG_COL_NUM },
	{ "directed", VG_COL_TEXT },
};

#define NCOLS(a)	(sizeof(a) / sizeof((a)[0]))

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == TOOL_EXIT_OK ? stdout : stderr,
	    "usage: vigil-site [-hqV] [-F format] [-s section] file\n"
	    "       vigil-site [-hqV] [-A archive] [-F format] [-s section]\n");
	if (status == TOOL_EXIT_OK)
		exit(tool_close_stdout());
	exit(status);
}

static enum section
parse_section(const char *arg)
{
	size_t	i;

	for (i = 0; i < NCOLS(section_names); i++)
		if (strcmp(arg, section_names[i]) == 0)
			return (enum section)i;
	if (strcmp(arg, "people") == 0)
		return SEC_PEOPLE;
	warnx("unknown section '%s' (use one of: site, zones, places, devices,"
	    " links, people)", tool_plain(arg));
	exit(TOOL_EXIT_USAGE);
}

static void
number(char *buf, double v)
{
	snprintf(buf, NUMSZ, "%.15g", v);
}

static void
credentials(char *buf, size_t size, unsigned creds)
{
	static const struct {
		unsigned	 bit;	/* VG_CRED_* */
		const char	*name;	/* as written in site.xml */
	} names[] = {
		{ VG_CRED_FACE, "face" },
		{ VG_CRED_BADGE, "badge" },
		{ VG_CRED_PLATE, "plate" },
		{ VG_CRED_QR, "qr" },
		{ VG_CRED_PIN, "pin" },
		{ VG_CRED_FINGER, "finger" },
	};
	size_t	i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < NCOLS(names); i++) {
		if ((creds & names[i].bit) == 0)
			continue;
		snprintf(buf + len, size - len, "%s%s", len > 0 ? " " : "",
		    names[i].name);
		len += strlen(buf + len);
	}
}

static int
person_row(const struct vg_person *p, void *arg)
{
	const char	*row[NCOLS(people_cols)];

	row[0] = p->id;
	row[1] = p->name;
	row[2] = p->employer;
	row[3] = p->dorm;
	row[4] = p->status;
	return vg_out_row(arg, row);
}

/* The archive's roster (-s people): only an archive has one. */
static void
print_people(const char *archive, enum vg_fmt fmt)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct vg_out		*out;

	if (vg_archive_open(archive, VG_ARCHIVE_RDONLY, &ar, &e) == -1)
		tool_fail(&e);
	out = tool_out(fmt, people_cols, NCOLS(people_cols), 0);
	if (vg_archive_people(ar, NULL, person_row, out, &e) == -1 && e.set)
		tool_fail(&e);
	vg_out_end(out);		/* a write error: tool_close_stdout */
	vg_archive_close(ar);
}

static void
print_section(const struct vg_site *site, enum section sec, enum vg_fmt fmt)
{
	struct vg_out	*out;
	const char	*row[NCOLS(device_cols)];
	char		 x[NUMSZ], y[NUMSZ], n1[NUMSZ], n2[NUMSZ];
	char		 creds[sizeof("face badge plate qr pin finger")];
	size_t		 i;

	switch (sec) {
	case SEC_SITE:
		out = tool_out(fmt, site_cols, NCOLS(site_cols), 0);
		row[0] = site->id;
		row[1] = site->name;
		row[2] = site->timezone;
		vg_out_row(out, row);
		break;
	case SEC_ZONES:
		out = tool_out(fmt, zone_cols, NCOLS(zone_cols), 0);
		for (i = 0; i < site->nzones; i++) {
			const struct vg_zone	*z = &site->zones[i];

			snprintf(n1, sizeof(n1), "%d", z->ring);
			row[0] = z->id;
			row[1] = z->name;
			row[2] = n1;
			vg_out_row(out, row);
		}
		break;
	case SEC_PLACES:
		out = tool_out(fmt, place_cols, NCOLS(place_cols), 0);
		for (i = 0; i < site->nplaces; i++) {
			const struct vg_place	*p = &site->places[i];

			number(x, p->x);
			number(y, p->y);
			row[0] = p->id;
			row[1] = p->name;
			row[2] = p->zone;
			row[3] = p->kind;
			row[4] = x;
			row[5] = y;
			vg_out_row(out, row);
		}
		break;
	case SEC_DEVICES:
		out = tool_out(fmt, device_cols, NCOLS(device_cols), 0);
		for (i = 0; i < site->ndevices; i++) {
			const struct vg_device	*d = &site->devices[i];
			int			 gate = d->type == VG_GATE;

			credentials(creds, sizeof(creds), d->creds);
			number(x, d->x);
			number(y, d->y);
			row[0] = d->id;
			row[1] = gate ? "gate" : "camera";
			row[2] = d->name;
			row[3] = d->zone;
			row[4] = d->kind;
			row[5] = gate ? creds : NULL;
			row[6] = gate ? NULL : d->face ? "true" : "false";
			row[7] = x;
			row[8] = y;
			row[9] = d->place;
			row[10] = d->gate;
			vg_out_row(out, row);
		}
		break;
	case SEC_LINKS:
	default:
		out = tool_out(fmt, link_cols, NCOLS(link_cols), 0);
		for (i = 0; i < site->nlinks; i++) {
			const struct vg_link	*l = &site->links[i];

			snprintf(n1, sizeof(n1), "%d", l->min);
			snprintf(n2, sizeof(n2), "%d", l->max);
			row[0] = l->from;
			row[1] = l->to;
			row[2] = n1;
			row[3] = n2;
			row[4] = l->directed ? "true" : "false";
			vg_out_row(out, row);
		}
		break;
	}
	vg_out_end(out);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "section", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct vg_site		*site;
	const char		*aarg = NULL, *farg = NULL;
	enum section	 sec = SEC_ALL, s;
	enum vg_fmt	 fmt;
	int		 ch, quiet = 0;

	while ((ch = getopt_long(argc, argv, "A:F:hqs:V", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'A':
			aarg = optarg;
			break;
		case 'F':
			farg = optarg;
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'q':
			quiet = 1;
			break;
		case 's':
			sec = parse_section(optarg);
			break;
		case 'V':
			tool_version();
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1 || (argc == 1 && aarg != NULL) || (argc == 0 &&
	    aarg == NULL && (getenv("VIGIL_ARCHIVE") == NULL ||
	    *getenv("VIGIL_ARCHIVE") == '\0')))
		usage(TOOL_EXIT_USAGE);

	if (sec == SEC_PEOPLE) {
		if (argc == 1) {
			warnx("-s people: the roster is in an archive, not in"
			    " a site description");
			usage(TOOL_EXIT_USAGE);
		}
		if (!quiet)
			print_people(tool_archive(aarg), tool_format(farg));
		return tool_close_stdout();
	}
	if (sec != SEC_ALL)
		fmt = tool_format(farg);
	else if (farg == NULL)
		fmt = isatty(STDOUT_FILENO) ? VG_FMT_BOX : VG_FMT_TABLE;
	else if ((fmt = tool_format(farg)) != VG_FMT_BOX &&
	    fmt != VG_FMT_TABLE && fmt != VG_FMT_LINE && !quiet) {
		warnx("choose a section with -s for machine-readable output");
		exit(TOOL_EXIT_USAGE);
	}

	if (argc == 1) {
		if (vg_site_load(argv[0], &site, &e) == -1)
			tool_fail(&e);
	} else {
		/* no file: the site the archive holds */
		if (vg_archive_open(tool_archive(aarg), VG_ARCHIVE_RDONLY, &ar,
		    &e) == -1 || vg_archive_site(ar, &site, &e) == -1)
			tool_fail(&e);
		vg_archive_close(ar);
	}
	if (!quiet) {
		if (sec != SEC_ALL)
			print_section(site, sec, fmt);
		else {
			for (s = SEC_SITE; s < SEC_ALL; s++) {
				printf("%s# %s\n", s == SEC_SITE ? "" : "\n",
				    section_names[s]);
				print_section(site, s, fmt);
			}
		}
	}
	vg_site_free(site);
	return tool_close_stdout();
}
