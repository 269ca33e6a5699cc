/* archive-impl.h: the archive's back ends and what they share (private) */
#ifndef VG_ARCHIVE_IMPL_H
#define VG_ARCHIVE_IMPL_H

/*
 * The archive is one interface (vigil.h, vigil-int.h, model.h) over back
 * ends, each with all of its SQL in its own file: archive-sqlite.c (one
 * file, a span's tables per day) today, a database server tomorrow.
 * vg_archive_open (archive.c) chooses one by the -A string: a path is an
 * SQLite file; postgresql://, postgres:// and service= name a server.
 * Every call of the interface goes through the back end's table of
 * operations below; what needs no database (the device map, the hours
 * and habits an import gathers, the counts by span and device, names of
 * formats and codes) is kept in the shared part of struct vg_archive and
 * done once, in archive.c.
 *
 * The operations are shaped for a server too: an import is begin (a bulk
 * load of one table, a COPY), one put a row (put_gate, put_sighting:
 * buffered and streamed by a server, the twins looked up by key), then
 * commit (indexes, the spans' bookkeeping, the hours and habits written
 * in one go) or rollback: one transaction a file.  Spans are partitions
 * by day (a range partition on a server), listed by spans, dropped by
 * span_drop and keep, checked by span_check.  Reads are streams into
 * callbacks; nothing of the interface is SQL text or a statement.  A back
 * end opened without VG_ARCHIVE_RDWR (a role that may only read) fails
 * every write with a message, as the SQLite file opened read-only does.
 */

struct vg_archive;

/* One device to the shared maps: code, row id, type (enum vg_devtype),
 * zone (NULL when none). */
typedef void	(*vg_ar_device_fn)(void *, const char *, int64_t, int,
		    const char *);

/* A plate read in the spans a query touches, and how far from its pattern. */
struct vg_pmatch {
	double		 d;		/* vg_plate_distance */
	char		*plate;		/* as read */
};

/* qsort's order of plate matches: nearest first, then by plate. */
int	vg_pmatch_cmp(const void *, const void *);

/* A recording's keyframe offsets from the bytes that keep them. */
size_t	vg_ar_keyframes(const unsigned char *, size_t, int64_t **);

/* A query's gate and camera checked against the site's devices. */
int	vg_ar_query_devices(struct vg_archive *, const struct vg_query *,
	    struct vg_error *);

/* A row of a span as stored, to an archive copy: a gate event or a
 * sighting (the other NULL), with its source's row id. */
typedef int	(*vg_ar_raw_fn)(const struct vg_gate_rec *,
		    const struct vg_sighting_rec *, int64_t, void *);

/* A person of the roster as stored, with the row id of its source. */
typedef int	(*vg_ar_person_fn)(const struct vg_person_rec *, int64_t,
		    void *);

/* A lookup recorded in a server's audit table (vg_ar_audit). */
struct vg_ar_audit_row {
	int64_t		 at;		/* when, UTC microseconds */
	const char	*role;		/* the database role */
	const char	*tool;		/* the tool */
	const char	*subject;	/* whom, or NULL */
	const char	*why;		/* the reason given */
	const char	*casename;	/* the case, or NULL */
};

typedef int	(*vg_ar_audit_fn)(const struct vg_ar_audit_row *, void *);

/* A back end: every operation of the archive. */
struct vg_archive_ops {
	/* open the archive named by the -A string (flags VG_ARCHIVE_*); the
	 * shared part's ops, path and rdwr set */
	int (*open)(const char *, int, struct vg_archive **,
	    struct vg_error *);
	/* free the back end's state and disconnect (the shared part is freed
	 * by archive.c) */
	void (*close)(struct vg_archive *);
	/* the schema version (migrations applied) */
	int (*version)(struct vg_archive *);
	/* the site's zone name, allocated; NULL when no site */
	char *(*timezone)(struct vg_archive *);
	/* whether the archive holds any of a part */
	int (*has)(struct vg_archive *, enum vg_holds);
	/* whether a site was imported */
	int (*has_site)(struct vg_archive *);
	/* start an import's transaction (a bulk load of the table named, about
	 * rows rows: a COPY on a server) */
	int (*begin)(struct vg_archive *, const char *, int64_t,
	    struct vg_error *);
	/* end it: indexes built, span bookkeeping, hours and habits written,
	 * all or nothing */
	int (*commit)(struct vg_archive *, struct vg_error *);
	/* undo it; nothing of the import stays */
	void (*rollback)(struct vg_archive *);
	/* an imported file by its digest */
	int (*source_find)(struct vg_archive *, const char *,
	    struct vg_source *);
	/* record a file being imported (its id set) */
	int (*source_add)(struct vg_archive *, struct vg_source *,
	    struct vg_error *);
	/* its counts, at the end of its import */
	int (*source_done)(struct vg_archive *, const struct vg_source *,
	    struct vg_error *);
	/* a device by a vendor's identifier and channel */
	int64_t (*device_ident)(struct vg_archive *, const char *, const char *,
	    const char *, int);
	/* how many devices, to size the shared map; -1 when it cannot say */
	int64_t (*ndevices)(struct vg_archive *);
	/* each device (code, row id, type) to fn, for the shared maps; with
	 * zoned (1), those in a zone only, and their zone */
	int (*devices)(struct vg_archive *, int, vg_ar_device_fn, void *);
	/* the appearance vectors' length, 0 until one is stored */
	size_t (*embedding_dim)(struct vg_archive *);
	/* store a site (vg_ar_devices_forget called after) */
	int (*put_site)(struct vg_archive *, const struct vg_site *, int64_t,
	    struct vg_error *);
	/* store one person of a roster */
	int (*put_person)(struct vg_archive *, const struct vg_person_rec *,
	    int64_t, struct vg_error *);
	/* store one gate event, to its day's span (per row) */
	int (*put_gate)(struct vg_archive *, const struct vg_gate_rec *,
	    int64_t, struct vg_error *);
	/* whether the archive holds the same gate event from another file (per
	 * row) */
	int (*gate_twin)(struct vg_archive *, const struct vg_gate_rec *,
	    int64_t);
	/* whether a device's own event number was stored (per row) */
	int (*gate_seen)(struct vg_archive *, const struct vg_gate_rec *,
	    int64_t);
	/* whether it holds the same sighting (per row) */
	int (*sighting_twin)(struct vg_archive *,
	    const struct vg_sighting_rec *, int64_t, int);
	/* a person's id by name */
	int (*person_named)(struct vg_archive *, const char *, char *, size_t);
	/* store one sighting, to its day's span (per row) */
	int (*put_sighting)(struct vg_archive *, const struct vg_sighting_rec *,
	    int64_t, int64_t *, struct vg_error *);
	/* each imported file */
	int (*sources)(struct vg_archive *, vg_source_fn, void *,
	    struct vg_error *);
	/* each person on the roster */
	int (*people)(struct vg_archive *, const char *, vg_person_fn, void *,
	    struct vg_error *);
	/* the site, read back */
	int (*site)(struct vg_archive *, struct vg_site **, struct vg_error *);
	/* a query's rows, in time order, over the spans its range touches */
	int (*query_run)(struct vg_archive *, const struct vg_query *,
	    vg_row_fn, void *, struct vg_error *);
	/* how many rows a query has */
	int (*query_count)(struct vg_archive *, const struct vg_query *,
	    int64_t *, struct vg_error *);
	/* a sighting's box */
	int (*box)(struct vg_archive *, const char *, const char *,
	    const char *, double [4], struct vg_error *);
	/* the devices and links, for tracking */
	int (*graph)(struct vg_archive *, struct vg_graph *, struct vg_error *);
	/* a device's observations in a window of time (tracking) */
	int (*window)(struct vg_archive *, const struct vg_graph *, int,
	    int64_t, int64_t, vg_obs_fn, void *, struct vg_error *);
	/* the devices that saw vehicles */
	int (*vehicle_devices)(struct vg_archive *, const struct vg_graph *,
	    int *, struct vg_error *);
	/* one observation by camera and track */
	int (*sighting)(struct vg_archive *, const struct vg_graph *,
	    const char *, const char *, struct vg_obs *, struct vg_error *);
	/* the observations naming a person, card or plate */
	int (*identity)(struct vg_archive *, const struct vg_graph *,
	    const char *, int64_t, int64_t, vg_obs_fn, void *,
	    struct vg_error *);
	/* a person's sightings in a window (the model) */
	int (*person_looks)(struct vg_archive *, const struct vg_graph *,
	    const char *, int64_t, int64_t, vg_obs_fn, void *,
	    struct vg_error *);
	/* record a device's clock correction */
	int (*set_offset)(struct vg_archive *, const char *, int64_t,
	    const char *, int64_t, int64_t, const char *, struct vg_error *);
	/* each clock correction */
	int (*offsets)(struct vg_archive *, vg_offset_fn, void *,
	    struct vg_error *);
	/* the person a card or plate belongs to */
	char *(*owner)(struct vg_archive *, const char *, const char *);
	/* a person's name and status */
	int (*person)(struct vg_archive *, const char *, char **,
	    struct vg_error *);
	/* store a recording's index */
	int (*put_recording)(struct vg_archive *, const struct vg_recording *,
	    struct vg_error *);
	/* a recording's size, time and digest */
	int (*recording_find)(struct vg_archive *, const char *, uint64_t *,
	    int64_t *, char *, struct vg_error *);
	/* a camera's recordings in a window */
	int (*recordings)(struct vg_archive *, const char *, int64_t, int64_t,
	    vg_recording_fn, void *, struct vg_error *);
	/* the learned model's JSON; with lean (1), without its links and
	 * devices */
	int (*model_read)(struct vg_archive *, int, char **,
	    struct vg_error *);
	/* store it */
	int (*model_write)(struct vg_archive *, int64_t, const char *,
	    struct vg_error *);
	/* the newest spans' named observations (the model) */
	int (*named)(struct vg_archive *, const struct vg_graph *, size_t,
	    int64_t, vg_obs_fn, void *, struct vg_error *);
	/* a sample of the newest spans' observations (the model) */
	int (*sample)(struct vg_archive *, const struct vg_graph *, size_t,
	    int64_t, vg_obs_fn, void *, struct vg_error *);
	/* rows and named rows by device (the model) */
	int (*device_counts)(struct vg_archive *, const struct vg_graph *,
	    int64_t *, int64_t *, int64_t *, int64_t *, struct vg_error *);
	/* where recordings were indexed from */
	int (*recordings_root)(struct vg_archive *, char **, struct vg_error *);
	/* record it */
	int (*set_recordings_root)(struct vg_archive *, const char *,
	    struct vg_error *);
	/* record that the clocks were estimated */
	int (*skew_estimated)(struct vg_archive *, struct vg_error *);
	/* a recording moved */
	int (*recording_rename)(struct vg_archive *, const char *, const char *,
	    struct vg_error *);
	/* each span (a partition), by time */
	int (*spans)(struct vg_archive *, vg_span_fn, void *,
	    struct vg_error *);
	/* a span's rows against its bookkeeping */
	int (*span_check)(struct vg_archive *, const char *, vg_problem_fn,
	    void *, struct vg_error *);
	/* drop spans by name, all or none (on a server: partitions detached
	 * and dropped) */
	int (*span_drop)(struct vg_archive *, const char *const *, size_t,
	    vg_span_fn, void *, struct vg_error *);
	/* drop the spans that end before an instant (retention) */
	int (*keep)(struct vg_archive *, int64_t, vg_span_fn, void *,
	    struct vg_error *);
	/* write the missing appearance-vector files */
	int (*lookvec_build)(struct vg_archive *, size_t *, int64_t *,
	    struct vg_error *);
	/* open a span's appearance-vector file */
	int (*lookvec)(struct vg_archive *, const struct vg_span *,
	    struct vg_lookvec *, struct vg_error *);
	/* granted entries by gate and local hour */
	int (*entry_hours)(struct vg_archive *, vg_hours_fn, void *,
	    struct vg_error *);
	/* the hours someone entered a zone at */
	int (*habit)(struct vg_archive *, const char *, const char *,
	    uint32_t *, struct vg_error *);
	/* devices' rows in time order, streamed (anomalies) */
	int (*stream)(struct vg_archive *, const char *const *, size_t, int64_t,
	    int64_t, vg_row_fn, void *, struct vg_error *);
	/* record a lookup of a person under a case (tool, subject, why,
	 * case) with the database's role; NULL: the back end keeps none (an
	 * SQLite file: the case's custody log is the record) */
	int (*audit)(struct vg_archive *, const char *, const char *,
	    const char *, const char *, struct vg_error *);
	/* the imports to come are a call of many files, about rows rows
	 * in all: each may leave to settle what would be done again at
	 * every file's commit, marked in the archive; NULL: nothing to
	 * leave (a server's commit writes no index's pages) */
	int (*defer)(struct vg_archive *, int64_t, struct vg_error *);
	/* what imports left (this call's, or a killed one's) done, in one
	 * transaction; ends deferring; NULL: nothing is ever left */
	int (*settle)(struct vg_archive *, struct vg_error *);
	/* each row of a span as stored (raw times, its device's row id, its
	 * source's row id, the device's own number of it): the gate events
	 * by row id, then the sightings (archive copies) */
	int (*span_rows)(struct vg_archive *, const char *, vg_ar_raw_fn,
	    void *, struct vg_error *);
	/* each person of the roster as stored, cards and plates with them
	 * (archive copies) */
	int (*roster)(struct vg_archive *, vg_ar_person_fn, void *,
	    struct vg_error *);
	/* record an imported file as another archive had it, its import
	 * time kept (its id set) */
	int (*source_put)(struct vg_archive *, struct vg_source *,
	    struct vg_error *);
	/* a clock correction as another archive had it, its time kept */
	int (*offset_put)(struct vg_archive *, const struct vg_offset *,
	    struct vg_error *);
	/* each lookup of the audit table, oldest first; NULL: the back end
	 * keeps none */
	int (*audits)(struct vg_archive *, vg_ar_audit_fn, void *,
	    struct vg_error *);
	/* one recorded as another archive had it (its time and role kept):
	 * 1, or 0 when the table has it already */
	int (*audit_put)(struct vg_archive *, const struct vg_ar_audit_row *,
	    struct vg_error *);
	/* for each look-up, the last granted passage in or out of its
	 * person (else of its card, read with no person) through one of
	 * its gates, its corrected time before its time, the last of
	 * vg_ar_stream's order: to the callback with the look-up's index,
	 * or nothing when there is none */
	int (*last_passages)(struct vg_archive *, const struct vg_passq *,
	    size_t, vg_passq_fn, void *, struct vg_error *);
	/* merge the closed spans of each week (month: 1) ending by an
	 * instant, each period whole or not at all: how many spans made;
	 * NULL: the back end needs none */
	int (*compact)(struct vg_archive *, int64_t, int, vg_merged_fn,
	    void *, struct vg_error *);
	/* hold one read of the archive (1) until it is let go (0): the
	 * reads between see it as it was when taken, and none asks again
	 * whether it changed (a search's thousands of windows); holds
	 * nest, the outermost counts; inside a transaction of its own (an
	 * import's), nothing more is begun or ended */
	int (*hold)(struct vg_archive *, int, struct vg_error *);
	/* as window, with only what tracking scores: no track, source or
	 * line (NULL, 0), the source not joined (the attributes are read:
	 * they give the sex) */
	int (*window_lean)(struct vg_archive *, const struct vg_graph *, int,
	    int64_t, int64_t, vg_obs_fn, void *, struct vg_error *);
	/* passback's candidates stored for each span whose store is
	 * missing or stale, found by the callback's scan of the span (the
	 * store made if absent when the int is set, else left absent): how
	 * many spans stored; NULL: the back end stores none */
	int (*pass_store)(struct vg_archive *, int, vg_pscan_fn, void *,
	    struct vg_error *);
	/* the stored candidates within [from, to] (corrected times) to the
	 * callback: 1, or 0 (nothing given) when a span of it has none or
	 * they are stale; NULL: none stored */
	int (*pass_stored)(struct vg_archive *, int64_t, int64_t, vg_pcand_fn,
	    void *, struct vg_error *);
	/* the time of the named span's earliest row (the int set: its
	 * latest), a gate event's time or a sighting's first seen, UTC us:
	 * 1, or 0 when it has none (vg_archive_extent) */
	int (*span_extent)(struct vg_archive *, const char *, int, int64_t *,
	    struct vg_error *);
	/* a device's observations from lo on (times as corrected), counted
	 * by slots of the width from t0, each slot holding any to the
	 * callback in order: its number, how many up to the cap, the time
	 * of the last counted (vg_ar_slots) */
	int (*slots)(struct vg_archive *, const struct vg_graph *, int,
	    int64_t, int64_t, int64_t, int, vg_slot_fn, void *,
	    struct vg_error *);
	/* a device's windows lo[k] to hi[k] (in time order, apart) read as
	 * the window op reads each, in turn (vg_ar_windows) */
	int (*windows)(struct vg_archive *, const struct vg_graph *, int,
	    const int64_t *, const int64_t *, size_t, vg_obs_fn, void *,
	    struct vg_error *);
	/* one row of a device by its id, logged at t (as corrected), read as
	 * window_lean reads it, to the callback (nothing where there is no
	 * such row); NULL: the device's window at t is read
	 * (vg_ar_row_lean) */
	int (*row_lean)(struct vg_archive *, const struct vg_graph *, int,
	    int64_t, int64_t, vg_obs_fn, void *, struct vg_error *);
	/* vg_ar_stream narrowed to parts (vg_ar_stream_parts): 1, or 0
	 * when it cannot (nothing given); NULL: never */
	int (*stream_parts)(struct vg_archive *, const struct vg_spart *,
	    size_t, int, vg_row_fn, void *, struct vg_error *);
	/* whether the transaction under way failed, a read in it taken as
	 * none (the device map, the time zone): 1 with its first failure
	 * in err (vg_ar_failed); NULL: a failed read fails nothing else */
	int (*failed)(struct vg_archive *, struct vg_error *);
	/* each part's gate events counted (vg_ar_count_parts): 1, or 0
	 * when it cannot (nothing counted); NULL: never */
	int (*count_parts)(struct vg_archive *, const struct vg_spart *,
	    size_t, int64_t *, struct vg_error *);
	/* a writer's batch of small writes (vg_ar_batch): begun (1),
	 * committed (0) or undone (-1); each recording put in it stands
	 * whole or not at all; NULL: each write commits alone (a file's
	 * commit is cheap) */
	int (*batch)(struct vg_archive *, int, struct vg_error *);
	/* the ids and first seen (as logged) of the sightings that name a
	 * person from lo to hi (as logged), from an index alone, to the
	 * callback (vg_ar_person_ids); NULL: none (the looks are read) */
	int (*person_ids)(struct vg_archive *, const char *, int64_t,
	    int64_t, vg_id_fn, void *, struct vg_error *);
	/* each part's gate events bounded by stored counts
	 * (vg_ar_count_bounds): 1, or 0 when it cannot (nothing given);
	 * NULL: never */
	int (*count_bounds)(struct vg_archive *, const struct vg_spart *,
	    size_t, int64_t *, int64_t *, int64_t *, struct vg_error *);
};

int	vg_windows_by_window(struct vg_archive *, const struct vg_graph *,
	    int, const int64_t *, const int64_t *, size_t, vg_obs_fn, void *,
	    struct vg_error *);
int	vg_slots_by_window(struct vg_archive *, const struct vg_graph *, int,
	    int64_t, int64_t, int64_t, int, vg_slot_fn, void *,
	    struct vg_error *);

extern const struct vg_archive_ops vg_sqlite_ops;
/* (vg_pg_ops, archive-pg.c, is in the module vigil-pg.so, loaded by
 * archive.c when -A names a server) */

/* A device in the shared map. */
struct vg_devslot {
	char		*code;		/* device id, or NULL for an empty slot */
	int64_t		 id;		/* row id */
	int		 type;		/* enum vg_devtype */
};

/* Rows an import added to a span from a device, and how many named. */
struct vg_dcount {
	int64_t		 span;		/* span id */
	int64_t		 device;	/* device row id; 0: empty slot */
	int64_t		 n;		/* rows */
	int64_t		 named;		/* of them naming a person */
	int64_t		 hour[24];	/* granted entries by local hour */
};

/* The local hours someone entered a zone at, gathered by an import. */
struct vg_habit {
	char		*who;		/* person or card; NULL: empty slot */
	char		*zone;		/* zone id */
	uint64_t	 hash;		/* of the two */
	uint32_t	 hours;		/* bit h for hour h */
};

/* What every back end keeps; a back end's own state follows it. */
struct vg_archive {
	const struct vg_archive_ops *ops; /* the back end */
	char		*path;		/* file name or server, for messages */
	int		 rdwr;		/* opened for writing */
	struct vg_tz	*tz;		/* the site's zone, loaded on demand */
	struct vg_devslot *dev;		/* device hash, loaded on demand */
	size_t		 ndev;		/* slots in dev (a power of two) */
	size_t		 ndev_used;	/* slots used */
	char		**dzone;	/* zone by device row id, loaded with
					   dev (entries' hours) */
	size_t		 ndzone;	/* room in dzone */
	int		 dzone_read;	/* dzone was read */
	struct vg_dcount *dc;		/* rows added per span and device */
	size_t		 ndc;		/* slots in dc (a power of two) */
	size_t		 ndc_used;	/* slots used */
	struct vg_habit	*hab;		/* habits an import adds (a hash) */
	size_t		 nhab;		/* slots in hab (a power of two) */
	size_t		 nhab_used;	/* slots used */
	int		 lock_wait;	/* seconds to wait for another's
					   structure lock, 0: none */
	vg_lock_fn	 lock_fn;	/* told of a stale lock taken over,
					   or of a server's writer waited
					   for */
	void		*lock_arg;	/* its argument */
	int		 locked;	/* the last call failed for another's
					   structure lock */
};

#define VG_CBUCKET	10000000	/* the counts' buckets (count_bounds):
					   10 s of raw time */
/* The bucket of raw time t (floored). */
#define VG_BUCKET(t)	(((t) - ((t) < 0) * (VG_CBUCKET - 1)) / VG_CBUCKET)

enum vg_format vg_ar_format_code(const char *);
void	 vg_ar_devices_forget(struct vg_archive *);
void	 vg_ar_dcount_add(struct vg_archive *, int64_t, int64_t, int);
void	 vg_ar_hours_add(struct vg_archive *, int64_t, int64_t, int64_t,
	     const char *, size_t);
void	 vg_ar_counts_pack(struct vg_archive *, size_t *, size_t *);
void	 vg_ar_counts_forget(struct vg_archive *);
char	*vg_ar_plain_name(const char *);
int	 vg_ar_habit_cmp(const void *, const void *);
int	 vg_ar_attr_sex(const char *);
int	 vg_ar_problem(const char *, char *, int *, vg_problem_fn, void *);
void	 vg_ar_test_stop(const char *);
void	 vg_ar_stream_bounds(int64_t *, int64_t *, int64_t, int64_t,
	     int64_t);
void	 vg_ar_bound_set(int64_t *, int64_t *, int64_t *,
	     const struct vg_spart *, int64_t, int64_t, int64_t, int64_t,
	     int64_t, int64_t);
size_t	 vg_ar_bound_bucket(int64_t *, int64_t *, int64_t *,
	     const struct vg_spart *, size_t, size_t, int64_t, int64_t,
	     int64_t, int64_t, int64_t, int64_t);
const char **vg_ar_codes_sorted(const char *const *, size_t);
int	 vg_ar_code_in(const char *const *, size_t, const char *);
void	 vg_ar_period_name(const char *, const char *const *, size_t, int,
	     char *, size_t, char *, size_t);
struct vg_ar_pspan;
int	 vg_ar_period_next(struct vg_tz *, const struct vg_ar_pspan *,
	     size_t, int, int64_t, int64_t *, int64_t *, int64_t *, char *);

/*
 * vigil-anomaly's store (vg_ar_pass_store, vg_ar_pass_stored; what it
 * holds and why: archive-sqlite.c), stamped alike by both back ends: a
 * back end gathers the text of what the candidates depend on besides the
 * spans (vg_ar_pass_correction, _site, _model, in that order) and its
 * spans, and archive.c hashes them (vg_ar_pass_stamp) and says how far
 * a span's scan reads (vg_ar_pass_reach).  A store of another version is
 * stale.
 */
#define VG_PASS_VERSION	3

/* A span as the store's stamp reads it. */
struct vg_ar_pspan {
	int64_t		 id;		/* its id */
	int64_t		 start, end;	/* its bounds, UTC us */
	int64_t		 gates;		/* its gate events */
	int64_t		 sightings;	/* its sightings */
};

void	 vg_ar_pass_correction(struct vg_buf *, int64_t, int64_t,
	     int64_t *);
void	 vg_ar_pass_site(struct vg_buf *, const char *, int64_t, int64_t);
void	 vg_ar_pass_model(struct vg_buf *, int64_t, const void *, size_t);
int64_t	 vg_ar_pass_stamp(const struct vg_ar_pspan *, size_t, size_t,
	     const struct vg_buf *, int64_t);
void	 vg_ar_pass_reach(const struct vg_ar_pspan *, int64_t, int64_t *,
	     int64_t *);

#endif /* VG_ARCHIVE_IMPL_H */
