/* dials.c: vigil-simulate's dials: names, defaults, ranges, presets, and their record */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

enum dial_kind {
	DK_NUM,			/* a number */
	DK_INT,			/* a whole number */
	DK_RANGE,		/* LO-HI, or one number for both */
	DK_SECONDS		/* a range of durations: 40-240, 1h-8h, 90s */
};

/* One dial: where it is kept and what it may be. */
struct dial {
	const char	*name;		/* as given to --dial */
	enum dial_kind	 kind;		/* how its value is written */
	size_t		 off;		/* its double in struct sim_dials */
	size_t		 off2;		/* ranges: the upper end */
	double		 lo, hi;	/* allowed values */
	int		 zero;		/* 0 is allowed outside lo..hi: as built */
	const char	*def;		/* the default, as shown */
	const char	*what;		/* what it does, for --dial help */
};

#define D(f)	offsetof(struct sim_dials, f)

/* Sorted by name. */
static const struct dial dials[] = {
	{ "anchor-noise", DK_NUM, D(anchor_noise), 0, 0.01, 5, 1, "0",
	    "appearance noise of the anchor's sighting alone, without the"
	    " tail (0: as every sighting's)" },
	{ "chain", DK_NUM, D(chain), 0, 1, 10, 0, "1",
	    "cameras along each street, in multiples of the plan's: longer"
	    " chains of cameras between crossings" },
	{ "colour-error", DK_NUM, D(colour_error), 0, 0, 1, 0, "0.05",
	    "chance each clothing colour of a sighting is misread" },
	{ "crowd", DK_INT, D(crowd), 0, 0, 100000, 0, "0",
	    "extra people walking near the overpass in the ten minutes"
	    " around the assault" },
	{ "detour", DK_RANGE, D(detour_lo), D(detour_hi), 1, 20, 1, "0",
	    "each stretch of walkway takes this many times its straight"
	    " length to walk, drawn per stretch: longer links (0: 1)" },
	{ "dim", DK_INT, D(dim), 0, 2, 1024, 0, "16",
	    "floats in an appearance vector" },
	{ "empty", DK_NUM, D(empty), 0, 0, 0.9, 0, "0",
	    "fraction of cameras whose analytics log one passage in fifty" },
	{ "face", DK_NUM, D(face), 0, 0, 1, 0, "0.95",
	    "chance a face camera names the person it sees" },
	{ "gate-face", DK_NUM, D(gate_face), 0, 0, 1, 0, "1",
	    "chance a gate's face reader names the person it reads (else"
	    " a face read naming no one, and he passes)" },
	{ "gates", DK_NUM, D(gates), 0, 1, 100, 1, "0",
	    "one gate per so many cameras (0: every gate of the plan)" },
	{ "gates-edge", DK_INT, D(gates_edge), 0, 0, 1, 0, "0",
	    "1: with gates, the gates left are those nearest the perimeter"
	    " fence, so that the inner cameras are many links from one" },
	{ "hop", DK_NUM, D(hop), 0, 0, 1, 0, "0",
	    "share of a walker's pace drawn afresh at each device (0: one"
	    " pace for the whole walk)" },
	{ "incident-faults", DK_INT, D(incident_faults), 0, 0, 1, 0, "0",
	    "1: the suspect's path has sensor faults like everyone's" },
	{ "link-max", DK_NUM, D(link_max), 0, 1, 100, 1, "0",
	    "a link's longest transit in multiples of its minimum (0: a"
	    " dawdle at 0.4 m/s and a minute)" },
	{ "loops", DK_NUM, D(loops), 0, 0, 1, 0, "1",
	    "share of the streets that close a loop of the street grid kept"
	    " (0: a tree of streets, long chains and dead ends)" },
	{ "miss", DK_NUM, D(miss), 0, 0, 0.9, 0, "0.08",
	    "chance a camera's analytics miss a passage (an empty camera's:"
	    " 0.98)" },
	{ "noise", DK_NUM, D(noise), 0, 0, 5, 0, "0.3",
	    "appearance noise per vector component (the person's look has"
	    " 1)" },
	{ "noise-tail", DK_NUM, D(noise_tail), 0, 0, 3, 0, "0",
	    "half the sightings have noise times e^(this x |normal|)" },
	{ "oneway", DK_NUM, D(oneway), 0, 0, 1, 0, "0",
	    "share of trips from a later place to an earlier one (in the"
	    " plan's order) that go round by a crossing drawn at random:"
	    " walkways walked more one way than the other" },
	{ "pace-even", DK_INT, D(pace_even), 0, 0, 1, 0, "0",
	    "1: walkers' times per hop spread evenly between walk's lo and"
	    " hi (a floor and a ceiling to the paces), not about 1.3 m/s" },
	{ "plants", DK_INT, D(plants), 0, 0, 1, 0, "1",
	    "0: leave out the follow-through, the visitor who stays, the"
	    " night visit and the returning stranger (their own chance: the"
	    " rest of the world is the same either way)" },
	{ "run", DK_RANGE, D(run_lo), D(run_hi), 1, 10, 1, "0",
	    "the running suspect's time per hop, in multiples of the link"
	    " minimum (0: 4.5 m/s)" },
	{ "skew", DK_SECONDS, D(skew_lo), D(skew_hi), 0, 86400, 0, "20-180",
	    "how far a wrong camera clock is off, either way: s, m or h" },
	{ "skew-block", DK_INT, D(skew_block), 0, 0, 1000, 0, "0",
	    "a block of this many linked cameras about one drawn at random,"
	    " half of them (each by chance) off by the skew range: a"
	    " district's clocks wrong together" },
	{ "skew-dst", DK_NUM, D(skew_dst), 0, 0, 1, 0, "0",
	    "fraction of cameras one hour off, either way (daylight saving)" },
	{ "skew-utc", DK_NUM, D(skew_utc), 0, 0, 1, 0, "0",
	    "fraction of cameras left on UTC: 8 hours slow" },
	{ "skewed", DK_NUM, D(skewed), 0, 0, 1, 0, "0.06",
	    "fraction of cameras whose clock is off by the skew range" },
	{ "span", DK_NUM, D(span), 0, 0.5, 24, 1, "0",
	    "hours logged around the assault (0: --start and --hours)" },
	{ "stamp", DK_NUM, D(stamp), 0, 0, 1, 0, "0.5",
	    "where the passage falls between first and last (0: first is"
	    " the true time)" },
	{ "suspect-loop", DK_INT, D(suspect_loop), 0, 0, 50, 0, "0",
	    "the overpass suspect leaves his way at a camera, walks the"
	    " walkways at random (never straight back) past this many"
	    " devices, and comes back to that camera by the shortest way"
	    " (0: no loop)" },
	{ "suspect-loop-at", DK_INT, D(suspect_loop_at), 0, 1, 20, 0, "1",
	    "with suspect-loop, the camera his loop leaves from and comes"
	    " back to: the first after the anchor, the second, ..." },
	{ "view", DK_NUM, D(view), 0, 1, 200, 0, "12",
	    "metres of walkway a camera sees: how long a passage lasts" },
	{ "view-side", DK_NUM, D(view_side), 0, 0, 1, 0, "0",
	    "fraction of cameras that see the walkway on one side of them"
	    " only, and log a passage from when the person comes into view:"
	    " at the camera walking into the view, a dwell before it"
	    " walking out of it (the dial stamp is then not theirs)" },
	{ "view-spread", DK_NUM, D(view_spread), 0, 0, 0.9, 0, "0",
	    "each camera sees view times 1 - this to 1 + this, drawn per"
	    " camera: some cameras hold a passage longer than others" },
	{ "walk", DK_RANGE, D(walk_lo), D(walk_hi), 1, 20, 1, "0",
	    "walkers' time per hop in multiples of the link minimum, nine in"
	    " ten (0: minimum at 7 m/s, walkers 4.5-6.6)" },
	{ "wander", DK_NUM, D(wander), 0, 0, 1, 0, "0",
	    "share of trips that first wander the walkways at random (never"
	    " straight back) for one to three times the shortest way's"
	    " crossings: people seen again and again, the way each link is"
	    " walked mixed" },
};

#define NDIALS	(sizeof(dials) / sizeof(dials[0]))

/* One preset: dial settings applied in order. */
struct preset {
	const char	*name;		/* as given to --preset */
	const char	*what;		/* what site it is like */
	const char	*set[24];	/* NAME=VALUE, NULL-terminated */
};

static const struct preset presets[] = {
	{ "field", "a site measured in the field: noisy looks, brisk walkers,"
	    " a 3-hour export", {
		"colour-error=0.15", "crowd=550", "dim=64", "empty=0.1",
		"face=0.6", "gates=10", "incident-faults=1", "noise=0.46",
		"noise-tail=0.75", "run=1.0-1.5", "skew=40-240",
		"skewed=0.1", "span=3", "stamp=0", "walk=2.3-3.8", NULL } },
};

#define NPRESETS	(sizeof(presets) / sizeof(presets[0]))

static double *
slot(struct sim_dials *d, size_t off)
{
	return (double *)(void *)((char *)d + off);
}

static const double *
cslot(const struct sim_dials *d, size_t off)
{
	return (const double *)(const void *)((const char *)d + off);
}

/* One number, with a unit for durations; -1 if it is not one. */
static int
one(const char *s, const char *end, int seconds, double *v)
{
	char	*e;

	errno = 0;
	if (end == s || *s == '-' || *s == '+')
		return -1;
	*v = strtod(s, &e);
	if (errno != 0 || e == s || !isfinite(*v))
		return -1;
	if (seconds && e < end) {
		if (*e == 'h')
			*v *= 3600;
		else if (*e == 'm')
			*v *= 60;
		else if (*e != 's')
			return -1;
		e++;
	}
	return e == end ? 0 : -1;
}

static int
in_range(const struct dial *dl, double v)
{
	return (v >= dl->lo && v <= dl->hi) || (dl->zero && v == 0);
}

static int
bad(const struct dial *dl, const char *val, struct vg_error *err)
{
	const char	*form;

	switch (dl->kind) {
	case DK_INT:
		form = "a whole number";
		break;
	case DK_RANGE:
		form = "a number or a range lo-hi";
		break;
	case DK_SECONDS:
		form = "seconds or a range lo-hi, with s, m or h";
		break;
	default:
		form = "a number";
		break;
	}
	vg_error_set(err, "dial %s: '%s' is not %s from %g to %g%s", dl->name,
	    val, form, dl->lo, dl->hi, dl->zero ? " or 0" : "");
	return -1;
}

void
sim_dials_default(struct sim_dials *d)
{
	struct vg_error	 e = { 0, NULL };
	size_t		 i;
	char		*s;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < NDIALS; i++) {
		xasprintf(&s, "%s=%s", dials[i].name, dials[i].def);
		(void)sim_dial_set(d, s, &e);
		free(s);
	}
	d->preset = NULL;
}

/* NAME=VALUE: set one dial. */
int
sim_dial_set(struct sim_dials *d, const char *arg, struct vg_error *err)
{
	const struct dial	*dl = NULL;
	const char		*eq, *val, *dash, *end;
	double			 lo, hi;
	size_t			 i, n;

	if ((eq = strchr(arg, '=')) == NULL) {
		vg_error_set(err, "dial '%s': use NAME=VALUE (--dial help lists"
		    " them)", arg);
		return -1;
	}
	n = (size_t)(eq - arg);
	for (i = 0; i < NDIALS; i++)
		if (strlen(dials[i].name) == n &&
		    strncmp(dials[i].name, arg, n) == 0)
			dl = &dials[i];
	if (dl == NULL) {
		vg_error_set(err, "unknown dial '%.*s' (--dial help lists them)",
		    (int)n, arg);
		return -1;
	}
	val = eq + 1;
	end = val + strlen(val);
	dash = dl->kind == DK_RANGE || dl->kind == DK_SECONDS ?
	    strchr(val, '-') : NULL;
	if (dash == NULL) {
		if (one(val, end, dl->kind == DK_SECONDS, &lo) == -1)
			return bad(dl, val, err);
		hi = lo;
	} else if (one(val, dash, dl->kind == DK_SECONDS, &lo) == -1 ||
	    one(dash + 1, end, dl->kind == DK_SECONDS, &hi) == -1)
		return bad(dl, val, err);
	if (!in_range(dl, lo) || !in_range(dl, hi) || hi < lo ||
	    (dl->zero && (lo == 0) != (hi == 0)) ||
	    (dl->kind == DK_INT && lo != floor(lo)))
		return bad(dl, val, err);
	*slot(d, dl->off) = lo;
	if (dl->off2 != 0)
		*slot(d, dl->off2) = hi;
	return 0;
}

int
sim_preset(struct sim_dials *d, const char *name, struct vg_error *err)
{
	size_t	i, k;

	for (i = 0; i < NPRESETS; i++) {
		if (strcmp(presets[i].name, name) != 0)
			continue;
		for (k = 0; presets[i].set[k] != NULL; k++)
			if (sim_dial_set(d, presets[i].set[k], err) == -1)
				return -1;
		d->preset = presets[i].name;
		return 0;
	}
	vg_error_set(err, "unknown preset '%s' (--dial help lists them)",
	    name);
	return -1;
}

/* --dial help: the dials, their defaults and ranges, and the presets. */
void
sim_dials_help(FILE *fp)
{
	size_t	i, k;

	fprintf(fp, "%-16s %-8s %-14s %s\n", "dial", "default", "range",
	    "what it sets");
	for (i = 0; i < NDIALS; i++) {
		char	range[32];

		snprintf(range, sizeof(range), "%s%g-%g", dials[i].zero ?
		    "0, " : "", dials[i].lo, dials[i].hi);
		fprintf(fp, "%-16s %-8s %-14s %s\n", dials[i].name,
		    dials[i].def, range, dials[i].what);
	}
	for (i = 0; i < NPRESETS; i++) {
		fprintf(fp, "\npreset %s: %s:\n ", presets[i].name,
		    presets[i].what);
		for (k = 0; presets[i].set[k] != NULL; k++)
			fprintf(fp, " %s", presets[i].set[k]);
		fprintf(fp, "\n");
	}
}

/* The dials as a JSON object's members, for truth.json. */
void
sim_dials_json(const struct sim_dials *d, FILE *fp)
{
	size_t	i;

	if (d->preset != NULL)
		fprintf(fp, "{\n    \"preset\":\"%s\"", d->preset);
	else
		fprintf(fp, "{\n    \"preset\":null");
	for (i = 0; i < NDIALS; i++) {
		fprintf(fp, ",\n    \"%s\":", dials[i].name);
		if (dials[i].off2 != 0)
			fprintf(fp, "[%.10g,%.10g]", *cslot(d, dials[i].off),
			    *cslot(d, dials[i].off2));
		else
			fprintf(fp, "%.10g", *cslot(d, dials[i].off));
	}
	fprintf(fp, "\n  }");
}
