/* sim.h: the simulated campus of vigil-simulate: site, people, and what the sensors logged */
#ifndef SIM_H
#define SIM_H

#include "vigil.h"

/* xoshiro256** seeded by splitmix64: the same seed gives the same world. */
struct rng {
	uint64_t	s[4];		/* state */
};

void	 rng_seed(struct rng *, uint64_t);
uint64_t rng_next(struct rng *);
double	 rng_unit(struct rng *);
int	 rng_int(struct rng *, int);
double	 rng_normal(struct rng *);
double	 rng_range(struct rng *, double, double);

enum sim_scale {
	SCALE_DEMO,		/* a few hundred people: seconds */
	SCALE_DISTRICT,		/* twenty thousand */
	SCALE_CAMPUS		/* a real campus: 180,000 people */
};

enum sim_kind {			/* kinds of place */
	PK_DORMITORY, PK_CANTEEN, PK_SHOP, PK_WORKSHOP, PK_OFFICE,
	PK_FINANCE, PK_VALUABLES, PK_CHEMICALS, PK_OVERPASS, PK_ENTRY,
	PK_N
};

enum sim_gatekind {
	GK_PEDESTRIAN,		/* turnstile */
	GK_VEHICLE,		/* barrier with plate reading */
	GK_DOOR			/* a building's door */
};

/*
 * The dials of a world: how noisy and how busy it is.  Each has a default
 * that gives the world as vigil-simulate always made it; a range given as
 * 0 (walk, run, gates, span) means "as built".
 */
struct sim_dials {
	const char	*preset;	/* the preset they started from, or NULL */
	double		 anchor_noise;	/* the anchor sighting's noise, 0 as all */
	double		 chain;		/* cameras on a street, times as built */
	double		 colour_error;	/* chance a clothing colour is misread */
	double		 crowd;		/* extra people walking near the incident */
	double		 detour_lo, detour_hi; /* walkway length per metre, 0 */
	double		 dim;		/* floats in an appearance vector */
	double		 empty;		/* fraction of cameras that log almost no one */
	double		 face;		/* chance a face camera names the person */
	double		 gate_face;	/* chance a gate's face read names him */
	double		 gates;		/* one gate per so many cameras, 0 all */
	double		 gates_edge;	/* 1: the gates kept nearest the fence */
	double		 hop;		/* share of a walker's pace drawn each hop */
	double		 incident_faults; /* 1: the suspect's path has faults too */
	double		 link_max;	/* a link's maximum over its minimum, 0 */
	double		 loops;		/* share of the streets closing loops kept */
	double		 miss;		/* chance a camera misses a passage */
	double		 noise;		/* appearance noise, per component */
	double		 noise_tail;	/* spread of the noisier half of sightings */
	double		 oneway;	/* share of trips back that go round */
	double		 pace_even;	/* 1: walk's times spread evenly */
	double		 plants;	/* 1: the four later plants too (default) */
	double		 run_lo, run_hi; /* suspect's multiple of link minimum, 0 */
	double		 skew_block;	/* cameras in a block of skewed clocks */
	double		 skew_lo, skew_hi; /* seconds a skewed clock is off */
	double		 skew_dst;	/* fraction of cameras an hour off */
	double		 skew_utc;	/* fraction of cameras left on UTC */
	double		 skewed;	/* fraction of cameras with a wrong clock */
	double		 span;		/* hours logged around the incident, 0 */
	double		 stamp;		/* true time's place in first..last, 0-1 */
	double		 suspect_loop;	/* devices out on the suspect's loop, 0 */
	double		 suspect_loop_at; /* his loop leaves at this camera on */
	double		 view;		/* metres of walkway a camera sees */
	double		 view_side;	/* share of cameras seeing one side */
	double		 view_spread;	/* its spread from camera to camera */
	double		 walk_lo, walk_hi; /* walkers' multiple of link minimum, 0 */
	double		 wander;	/* share of trips that wander first */
};

struct sim_params {
	struct sim_dials dial;		/* noise and busyness */
	double		 vmin;		/* speed of a link's minimum transit, m/s */
	double		 speed_sd;	/* spread of walking speeds, m/s */
	enum sim_scale	 scale;		/* size of the world */
	uint64_t	 seed;		/* everything follows from it */
	double		 start;		/* first hour simulated, local */
	double		 hours;		/* hours simulated */
	int		 recordings;	/* write video too */
	int		 people;	/* people on the roster */
	int		 residents;	/* of them, living in dormitories */
	int		 gx;		/* north-south streets */
	int		 gy;		/* east-west streets */
	double		 block;		/* metres between streets */
	double		 camera_every;	/* metres of walkway per camera */
	int64_t		 midnight;	/* the day's local midnight, UTC us */
	int		 utcoff;	/* the zone's offset that day, seconds */
	int64_t		 incident;	/* time of the assault, UTC us */
};

struct sim_node {
	double		 x, y;		/* metres, x east, y north */
	int		 ring;		/* zone ring, 1 to 5 */
	int		 device;	/* device here, or -1 */
	int		 place;		/* place whose entrance this is, or -1 */
	int		 vehicle;	/* only vehicles pass */
};

struct sim_place {
	char		 id[16];	/* place id */
	char		 name[48];	/* display name */
	enum sim_kind	 kind;		/* what it is */
	int		 ring;		/* its zone */
	int		 node;		/* its entrance */
	double		 x, y;		/* where it stands */
};

struct sim_device {
	char		 id[16];	/* device id */
	char		 name[64];	/* display name */
	int		 type;		/* VG_GATE or VG_CAMERA */
	int		 ring;		/* its zone */
	int		 node;		/* where it is on the walkways */
	enum sim_gatekind gkind;	/* gates: what kind */
	unsigned	 creds;		/* gates: VG_CRED_* */
	int		 face;		/* cameras: matches faces */
	int		 place;		/* cameras: place watched, or -1 */
	int		 gate;		/* cameras: gate watched, or -1 */
	double		 heading;	/* cameras: degrees */
	int64_t		 skew;		/* cameras: clock error, us */
	int		 empty;		/* cameras: logs almost no one */
	int		 recorded;	/* cameras: recordings written */
	double		 view;		/* cameras: metres of walkway seen */
	int		 side;		/* cameras: see one side (view-side) */
};

struct sim_link {
	int		 a, b;		/* devices */
	int		 min, max;	/* transit seconds */
};

/* One person, or a stranger (index >= params.people). */
struct sim_person {
	int		 home;		/* dormitory place, or -1 */
	int		 work;		/* workshop or office place */
	int		 entry;		/* where a commuter enters from */
	int		 night;		/* works the night shift */
	int		 upper, lower;	/* clothing colours today, 1..11 */
	int		 female;	/* for the attributes */
	int		 car;		/* drives (has a plate) */
	double		 speed;		/* walking speed, m/s */
	uint32_t	 card;		/* badge number */
};

/* Someone passing a device: the truth, before the sensors' faults. */
struct sim_pass {
	int64_t		 t;		/* true time at the device, UTC us */
	int64_t		 dwell;		/* cameras: time in view, us */
	int32_t		 person;	/* who */
	int16_t		 device;	/* where */
	int8_t		 dir;		/* gates: enum vg_direction; cameras
					   of view-side: 1 out of the view */
	uint8_t		 flags;		/* PASS_* */
	int32_t		 other;		/* cloned badge: whose card; else -1 */
};

#define PASS_RUN	0x01	/* running: the suspect */
#define PASS_VEHICLE	0x02	/* in a vehicle */
#define PASS_TAILGATE	0x04	/* followed someone through without a read */
#define PASS_NOFAULT	0x08	/* logged without sensor faults */
#define PASS_BADGE	0x10	/* shows a badge, even where faces are read */
#define PASS_DENIED	0x20	/* the badge is refused */
#define PASS_FACEDENIED	0x40	/* the gate's face reader names him and does
				   not let him through */
#define PASS_SILENT	0x80	/* through the gate on another's read, no
				   alarm: no row at all */

struct sim_world {
	struct sim_params p;		/* what was asked */
	vg_progress_fn	 progress;	/* told how the recordings go, or
					   NULL */
	void		*progress_arg;	/* its argument */
	struct rng	 rng;		/* the one source of chance */
	struct sim_node	*nodes;		/* walkway graph */
	int		 nnodes;	/* how many */
	int		*adj0;		/* adjacency: first edge of node i */
	int		*adjto;		/* edge targets */
	float		*adjlen;	/* edge lengths, metres */
	int		 nedges;	/* directed edges */
	struct sim_place *places;	/* buildings, the overpass, entries */
	int		 nplaces;	/* how many */
	struct sim_device *devices;	/* gates and cameras */
	int		 ndevices;	/* how many */
	struct sim_link	*links;		/* between adjacent devices */
	int		 nlinks;	/* how many */
	struct sim_person *people;	/* roster, then strangers */
	int		 npeople;	/* all of them */
	struct sim_pass	*pass;		/* every passage */
	size_t		 npass;		/* how many */
	size_t		 passcap;	/* room */
	float		*pdist;		/* shortest distances from each place */
	int		*pprev;		/* predecessors, by place */
	int		 overpass_cam;	/* camera on the overpass */
	int		 width, height;	/* campus, metres */
	struct sim_incident *incidents;	/* planted, in the order planted */
	int		 nincidents;	/* how many */
	size_t		 plant0;	/* the later plants' first passage: they
					   and theirs have a chance of their
					   own */
};

/* One planted incident, as truth.json will tell it. */
struct sim_incident {
	const char	*kind;		/* overpass-assault, night-theft, ... */
	int64_t		 time;		/* when, UTC us */
	int		 suspect;	/* person, or -1 */
	int		 victim;	/* person, or -1 */
	size_t		*pass;		/* the true path, passages in time order */
	size_t		 npass;		/* how many */
	size_t		 anchor;	/* index in pass of the anchor, or -1 */
	char		*note;		/* more, as JSON members, or NULL */
};

/* dials.c */
void	 sim_dials_default(struct sim_dials *);
int	 sim_dial_set(struct sim_dials *, const char *, struct vg_error *);
int	 sim_preset(struct sim_dials *, const char *, struct vg_error *);
void	 sim_dials_help(FILE *);
void	 sim_dials_json(const struct sim_dials *, FILE *);

/* world.c */
int	 sim_world_build(struct sim_world *, struct vg_error *);
int	 sim_write_site(const struct sim_world *, const char *,
	     struct vg_error *);
int	 sim_route(const struct sim_world *, int, int, int **, float **);
int	 sim_route_node(const struct sim_world *, int, int, int **,
	     float **);
void	 sim_world_free(struct sim_world *);
const char *sim_kind_name(enum sim_kind);

/* people.c */
int	 sim_people(struct sim_world *, struct vg_error *);

/* write.c */
void	 sim_visitors(const struct sim_world *, char *);
int	 sim_write(struct sim_world *, const char *, struct vg_error *);

#endif /* SIM_H */
