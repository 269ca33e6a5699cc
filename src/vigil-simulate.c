/* vigil-simulate: generate a campus, its people's day, their logs, video and the truth */
#include "config.h"

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "tool.h"

enum {
	OPT_DIAL = 256, OPT_HOURS, OPT_PRESET, OPT_RECORDINGS, OPT_SCALE,
	OPT_SEED, OPT_START
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-simulate [-fhqV] [--dial name=value] [--hours hours]"
	    " [--preset name]\n"
	    "                      [--recordings] [--scale scale] [--seed seed]"
	    " [--start hour]\n"
	    "                      -o dir\n"
	    "       vigil-simulate --dial help\n");
	exit(status);
}

static double
number(const char *opt, const char *arg, double lo, double hi)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(arg, &end);
	if (*end != '\0' || end == arg || errno != 0 || !(v >= lo && v <= hi)) {
		warnx("%s: '%s' is not a number from %g to %g", tool_plain(opt),
		    tool_plain(arg), lo, hi);
		usage(TOOL_EXIT_USAGE);
	}
	return v;
}

/* Whether dir exists with something in it. */
static int
nonempty(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n > 0;
}

/* the --dial arguments, until read (a root for LeakSanitizer when an
   option error exits first) */
static char **dialv;

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "dial",	required_argument,	NULL, OPT_DIAL },
		{ "force",	no_argument,		NULL, 'f' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "hours",	required_argument,	NULL, OPT_HOURS },
		{ "output",	required_argument,	NULL, 'o' },
		{ "preset",	required_argument,	NULL, OPT_PRESET },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "recordings",	no_argument,		NULL, OPT_RECORDINGS },
		{ "scale",	required_argument,	NULL, OPT_SCALE },
		{ "seed",	required_argument,	NULL, OPT_SEED },
		{ "start",	required_argument,	NULL, OPT_START },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	struct vg_error		 e = { 0, NULL };
	struct sim_world	 w;
	struct sim_params	*p = &w.p;
	struct sim_dials	 dials;
	const char		*dir = NULL, *why, *preset = NULL;
	long long		 seed;
	int			 ch, force = 0, quiet = 0, i, gates, cams;
	int			 ndial = 0, window = 0;
	double			 at;

	memset(&w, 0, sizeof(w));
	p->scale = SCALE_DEMO;
	p->seed = 1;
	p->start = 0;
	p->hours = 24;
	while ((ch = getopt_long(argc, argv, "fho:qV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			force = 1;
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'o':
			dir = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'V':
			tool_version();
		case OPT_DIAL:
			if (strcmp(optarg, "help") == 0) {
				sim_dials_help(stdout);
				return tool_close_stdout();
			}
			dialv = xreallocarray(dialv, (size_t)ndial + 1,
			    sizeof(*dialv));
			dialv[ndial++] = optarg;
			break;
		case OPT_HOURS:
			window = 1;
			p->hours = number("--hours", optarg, 0.1, 24);
			break;
		case OPT_PRESET:
			preset = optarg;
			break;
		case OPT_RECORDINGS:
			p->recordings = 1;
			break;
		case OPT_SCALE:
			if (strcmp(optarg, "demo") == 0)
				p->scale = SCALE_DEMO;
			else if (strcmp(optarg, "district") == 0)
				p->scale = SCALE_DISTRICT;
			else if (strcmp(optarg, "campus") == 0)
				p->scale = SCALE_CAMPUS;
			else {
				warnx("unknown scale '%s' (use demo, district"
				    " or campus)", tool_plain(optarg));
				usage(TOOL_EXIT_USAGE);
			}
			break;
		case OPT_SEED:
			if ((why = vg_strtonum(optarg, 0, INT64_MAX, &seed)) !=
			    NULL) {
				warnx("--seed: '%s' is %s", tool_plain(optarg),
				    tool_plain(why));
				usage(TOOL_EXIT_USAGE);
			}
			p->seed = (uint64_t)seed;
			break;
		case OPT_START:
			window = 1;
			p->start = number("--start", optarg, 0, 23.9);
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	if (optind != argc || dir == NULL)
		usage(TOOL_EXIT_USAGE);
	/* the preset first, then each dial in the order given */
	sim_dials_default(&dials);
	if (preset != NULL && sim_preset(&dials, preset, &e) == -1) {
		warnx("%s", tool_plain(e.msg));
		usage(TOOL_EXIT_USAGE);
	}
	for (i = 0; i < ndial; i++)
		if (sim_dial_set(&dials, dialv[i], &e) == -1) {
			warnx("%s", tool_plain(e.msg));
			usage(TOOL_EXIT_USAGE);
		}
	free(dialv);
	dialv = NULL;
	p->dial = dials;
	if (dials.span != 0) {
		if (window) {
			warnx("dial span=%g and --start or --hours: give one or"
			    " the other", dials.span);
			usage(TOOL_EXIT_USAGE);
		}
		/* centred on the assault, within the day */
		at = (21 * 60 + 13) / 60.0;
		p->hours = dials.span;
		p->start = at - dials.span / 2;
		if (p->start + p->hours > 24)
			p->start = 24 - p->hours;
		if (p->start < 0)
			p->start = 0;
	}
	if (p->start + p->hours > 24) {
		warnx("--start %g and --hours %g run past midnight", p->start,
		    p->hours);
		usage(TOOL_EXIT_USAGE);
	}
	if (nonempty(dir) && !force)
		errx(TOOL_EXIT_FAIL, "'%s' is not empty: give -f to write into"
		    " it anyway", tool_plain(dir));

	switch (p->scale) {
	case SCALE_DEMO:
		p->people = 400, p->residents = 150;
		p->gx = 7, p->gy = 5, p->block = 80, p->camera_every = 70;
		break;
	case SCALE_DISTRICT:
		p->people = 20000, p->residents = 4000;
		p->gx = 11, p->gy = 8, p->block = 90, p->camera_every = 50;
		break;
	case SCALE_CAMPUS:
		p->people = 180000, p->residents = 30000;
		p->gx = 17, p->gy = 12, p->block = 100, p->camera_every = 40;
		break;
	}
	/* walkers at about 1.3 m/s; a link's minimum is a sprint at 7 m/s */
	p->vmin = 7.0;
	p->speed_sd = 0.15;
	if (dials.walk_lo != 0) {
		/* the fastest and slowest in twenty give lo and hi */
		p->vmin = 2.6 / (1 / dials.walk_lo + 1 / dials.walk_hi);
		p->speed_sd = (p->vmin / dials.walk_lo - 1.3) / 1.645;
	}
	p->people += (int)dials.crowd;
	/* Tuesday 20 November 2018, Asia/Shanghai (UTC+8, no DST) */
	p->utcoff = 8 * 3600;
	p->midnight = (int64_t)1542643200 * 1000000;	/* 00:00 local */
	p->incident = p->midnight + ((21 * 60 + 13) * 60 + 5) * 1000000LL +
	    120000;
	rng_seed(&w.rng, p->seed);
	tool_progress_init(quiet);
	w.progress = tool_progress;

	if (sim_world_build(&w, &e) == -1 || sim_people(&w, &e) == -1 ||
	    sim_write(&w, dir, &e) == -1) {
		tool_progress_clear();
		tool_fail(&e);
	}
	tool_progress_clear();
	for (i = 0, gates = 0, cams = 0; i < w.ndevices; i++) {
		gates += w.devices[i].type == VG_GATE;
		cams += w.devices[i].type == VG_CAMERA;
	}
	if (!quiet)
		fprintf(stderr, "vigil-simulate: '%s': %d people, %d places,"
		    " %d gates, %d cameras, %d links, %zu passages\n",
		    tool_plain(dir), p->people, w.nplaces, gates, cams, w.nlinks,
		    w.npass);
	sim_world_free(&w);
	return TOOL_EXIT_OK;
}
