/* model.h: the site model learned from an archive, shared by vigil-track and vigil-skew */
#ifndef VG_MODEL_H
#define VG_MODEL_H

#include "vigil.h"

#define VG_MODEL_VERSION	1	/* of the stored form */
#define VG_MODEL_ABINS		40	/* cosine bins over -1..1 */
#define VG_MODEL_TBINS		10	/* transit bins over a link's bounds */
#define VG_MODEL_MINWALKS	30	/* named walks before their share of
					   turning back is used */
#define VG_MODEL_NAMED	2.0	/* log ratio of a name read as the
					   path's person's, at most */
#define VG_MODEL_NAMED_OTHER (-3.0)	/* and as another's, at the most
					   trusted */
#define VG_MODEL_TRUST	0.88079708 /* share of a device's names taken as
					   right with no walk to tell: its odds
					   are exp(VG_MODEL_NAMED) */


/* A link's transit, learned between the passage times of its two ends. */
struct vg_model_link {
	int		 a, b;		/* devices, by index in the graph */
	int		 min, max;	/* its bounds, seconds */
	int64_t		 n;		/* confident matches behind it */
	double		 median;	/* their median transit, s, or NAN */
	double		 p[VG_MODEL_TBINS]; /* share of transits per bin of
					   the bounds, prior included */
};

#define VG_MODEL_ATTRS	16	/* sighting attributes learned, at most */

/* How often an attribute (gender, bag, ...) agrees between sightings. */
struct vg_model_attr {
	char		 key[24];	/* its key, as the logs write it */
	int64_t		 nsame;		/* compared, same person */
	double		 same;		/* share of them that differ */
	int64_t		 ndiff;		/* compared, random pairs */
	double		 diff;		/* share of them that differ */
};

/* What a device logs of the people who pass it. */
struct vg_model_dev {
	int64_t		 n;		/* sightings or gate events */
	int64_t		 named;		/* of them naming someone */
	int64_t		 checked;	/* passages it could have logged */
	int64_t		 missed;	/* of them not logged */
	double		 prior;		/* misses its traffic suggests */
	double		 miss;		/* share of passages not logged */
	double		 names;		/* share of its records that name */
	double		 dwell;		/* median last - first, s (cameras) */
	int64_t		 looked;	/* its named sightings compared with
					   the look their person has elsewhere */
	int64_t		 alike;		/* of them, above namecos */
	double		 trust;		/* share of its names that are right,
					   the site's prior included */
};

#define VG_MODEL_SPANS	2	/* newest spans (days) learned from */
#define VG_MODEL_GROWTH	8	/* a model is learned again when the rows
					   it was learned from have grown by
					   more than 1 / VG_MODEL_GROWTH */

/* What a model was learned from: the archive as it was then. */
struct vg_model_basis {
	char		 span[VG_MODEL_SPANS][16]; /* the newest spans holding
					   rows, by name, oldest first ("":
					   fewer) */
	int64_t		 rows;		/* their rows then */
	int64_t		 total;		/* the archive's rows then */
	uint64_t	 site;		/* a hash of the devices, links and
					   clock corrections (vg_model_site) */
	int		 known;		/* set: a model stored before the basis
					   was has none */
	int		 names;		/* set: the names' trust learned (a
					   model stored before it was has
					   none: learned again) */
	int		 his;		/* set: his pairs taken apart from the
					   strangers' (likewise) */
};

struct vg_model {
	int		 version;	/* VG_MODEL_VERSION */
	int64_t		 learned;	/* when, UTC us (0: defaults only) */
	size_t		 embdim;	/* appearance vector length, 0 none */
	int64_t		 nsame;		/* same-person pairs behind same[] */
	int64_t		 ndiff;		/* random pairs behind diff[] */
	int		 selftaught;	/* same[] from appearance matches, too
					   few named pairs */
	double		 same[VG_MODEL_ABINS]; /* p(cosine bin | same person),
					   smoothed, sums to 1 */
	double		 diff[VG_MODEL_ABINS]; /* p(cosine bin | different) */
	double		 llr[VG_MODEL_ABINS]; /* log of same[] / diff[], made
					   to rise with the cosine */
	double		 same_q[3];	/* same-person cosine quartiles */
	double		 sameright;	/* share of the named pairs behind
					   same[] that are his, the rest
					   strangers' (a wrong name), or NAN:
					   not taken apart */
	double		 his_q[3];	/* his pairs' cosine quartiles, taken
					   apart from the strangers', or NAN */
	double		 diff_q[3];	/* different-person quartiles */
	int64_t		 ncolour_same;	/* colour comparisons, same person */
	double		 colour_same;	/* share of them that differ */
	int64_t		 ncolour_diff;	/* colour comparisons, random pairs */
	double		 colour_diff;	/* share of them that differ */
	struct vg_model_attr attr[VG_MODEL_ATTRS]; /* attributes, by key */
	size_t		 nattr;		/* how many */
	double		 passage;	/* where in a sighting, from first (0)
					   to last (1), the person passes the
					   device */
	int64_t		 npassage;	/* links behind passage */
	double		 passage_q[2];	/* its uncertainty: the quartiles of
					   the links' estimates, or NAN */
	double		 uturn;		/* share of walks that turn back at a
					   device watching no place, or NAN */
	int64_t		 nuturn;	/* walks behind uturn */
	struct vg_model_link *link;	/* by index in the graph's links */
	size_t		 nlink;		/* how many (the graph's nlink) */
	struct vg_model_dev *dev;	/* by index in the graph's devices */
	size_t		 ndev;		/* how many (the graph's ndev) */
	double		 namecos;	/* cosine with a person's look elsewhere
					   that one stranger in ten passes, or
					   NAN: none learned */
	double		 namechance;	/* the share of strangers above it */
	int64_t		 namesure[2];	/* named sightings a read of him at a
					   linked device within its bounds
					   confirms, of them above namecos */
	double		 trust;		/* share of the site's names that are
					   right, the devices' prior */
	int64_t		 counted[2];	/* the last sighting and gate event ids
					   behind the devices' n and named (0:
					   none counted) */
	struct vg_model_basis basis;	/* what it was learned from */
};

/* How vg_model_update decides to learn again. */
enum vg_model_when {
	VG_MODEL_GROWN,		/* the rows grew by more than the share
				   above, or the days, site or clocks
				   changed */
	VG_MODEL_CHANGED,	/* anything it was learned from changed */
};

/* Learn, store, load. */
int	 vg_model_learn(struct vg_archive *, const struct vg_graph *,
	     struct vg_model *, struct vg_error *);
int	 vg_model_store(struct vg_archive *, const struct vg_model *,
	     const struct vg_graph *, struct vg_error *);
int	 vg_model_load(struct vg_archive *, const struct vg_graph *,
	     struct vg_model *, struct vg_error *);
int	 vg_model_update(struct vg_archive *, enum vg_model_when,
	     struct vg_error *);
int	 vg_model_basis(struct vg_archive *, const struct vg_graph *,
	     struct vg_model_basis *, struct vg_error *);
int	 vg_model_get(struct vg_archive *, const struct vg_graph *,
	     struct vg_model *, struct vg_error *);
int	 vg_model_get_look(struct vg_archive *, const struct vg_graph *,
	     struct vg_model *, struct vg_error *);
void	 vg_model_defaults(struct vg_model *, const struct vg_graph *);
void	 vg_model_free(struct vg_model *);

/* Use. */
double	 vg_cosine(const float *, const float *, size_t);
double	 vg_model_appearance(const struct vg_model *, double);
double	 vg_model_colour(const struct vg_model *, int, int);
double	 vg_model_attrs(const struct vg_model *, const char *, const char *);
double	 vg_model_attr(const struct vg_model *, const char *, int);
void	 vg_model_attrs_bounds(const struct vg_model *, double *, double *);
double	 vg_model_transit(const struct vg_model *, int, int, int, double);
double	 vg_model_transit_most(const struct vg_model *, int, int, int,
	     double *, double *);
double	 vg_model_named(const struct vg_model *, int, int);
int64_t	 vg_model_at(const struct vg_model *, const struct vg_obs *);
int	 vg_model_link(const struct vg_model *, int, int);

/* The archive's side (archive.c). */
int	 vg_ar_model_read(struct vg_archive *, char **, struct vg_error *);
int	 vg_ar_model_read_look(struct vg_archive *, char **, struct vg_error *);
int	 vg_ar_model_write(struct vg_archive *, int64_t, const char *,
	     struct vg_error *);
int	 vg_ar_named(struct vg_archive *, const struct vg_graph *, size_t,
	     int64_t, vg_obs_fn, void *, struct vg_error *);
int	 vg_ar_person_looks(struct vg_archive *, const struct vg_graph *,
	     const char *, int64_t, int64_t, vg_obs_fn, void *,
	     struct vg_error *);
int	 vg_ar_hold(struct vg_archive *, int, struct vg_error *);
int	 vg_ar_window_lean(struct vg_archive *, const struct vg_graph *, int,
	     int64_t, int64_t, vg_obs_fn, void *, struct vg_error *);
int	 vg_ar_row_lean(struct vg_archive *, const struct vg_graph *, int,
	     int64_t, int64_t, vg_obs_fn, void *, struct vg_error *);
/* a sighting's id and first seen (as logged); non-zero stops */
typedef int (*vg_id_fn)(int64_t, int64_t, void *);
int	 vg_ar_person_ids(struct vg_archive *, const char *, int64_t, int64_t,
	     vg_id_fn, void *, struct vg_error *);
/* a slot's observations counted: its number from t0, how many up to the
 * cap, the time of the last of them counted; non-zero stops */
typedef int (*vg_slot_fn)(int64_t, int, int64_t, void *);
int	 vg_ar_slots(struct vg_archive *, const struct vg_graph *, int,
	     int64_t, int64_t, int64_t, int, vg_slot_fn, void *,
	     struct vg_error *);
int	 vg_ar_windows(struct vg_archive *, const struct vg_graph *, int,
	     const int64_t *, const int64_t *, size_t, vg_obs_fn, void *,
	     struct vg_error *);
int	 vg_ar_sample(struct vg_archive *, const struct vg_graph *, size_t,
	     int64_t, vg_obs_fn, void *, struct vg_error *);
int	 vg_ar_device_counts(struct vg_archive *, const struct vg_graph *,
	     int64_t *, int64_t *, int64_t *, int64_t *, struct vg_error *);

#endif /* VG_MODEL_H */
