/* case.h: cases, each a private directory with its own SQLite file and custody log */
#ifndef CASE_H
#define CASE_H

#include "vigil.h"
#include "custody.h"

#define VG_CASE_DB	"case.db"	/* the case's database, in its directory */

struct vg_case;

struct vg_case_info {
	char		*number;	/* case number, also the directory's name */
	char		*title;		/* what it is about */
	int64_t		 incident_time;	/* UTC us, or VG_TIME_NONE */
	char		*incident_place; /* place or device id, or NULL */
	char		*archive;	/* absolute path of the archive */
	char		*zone;		/* the site's time zone */
	char		*status;	/* open or closed */
	int64_t		 created;	/* UTC us */
	char		*created_by;	/* officer who opened it */
	int64_t		 entries;	/* custody log entries */
	int64_t		 last_at;	/* time of the last entry */
	char		*last_tool;	/* what the last entry did */
};

struct vg_case_subject {
	int64_t		 id;		/* subject number */
	const char	*kind;		/* person, unknown or anchor */
	const char	*person;	/* roster id, or NULL */
	const char	*description;	/* clothing and attributes, or NULL */
	const char	*ref;		/* anchor sighting CAMERA:TRACK, or NULL */
	int64_t		 added;		/* UTC us */
	const char	*officer;	/* who added it */
};

struct vg_case_item {
	int64_t		 id;		/* item number */
	const char	*kind;		/* event, sighting, clip or frame */
	const char	*device;	/* gate or camera id */
	const char	*track;		/* sighting track, or NULL */
	int64_t		 t0;		/* event or frame time, clip start, UTC us */
	int64_t		 t1;		/* clip end, or VG_TIME_NONE */
	const char	*remark;	/* the officer's remark, or NULL */
	int64_t		 added;		/* UTC us */
	const char	*officer;	/* who added it */
};

struct vg_case_note {
	int64_t		 id;		/* note number */
	int64_t		 at;		/* UTC us */
	const char	*officer;	/* who wrote it */
	const char	*text;		/* what */
};

struct vg_case_decision {
	int64_t		 id;		/* decision number, in order made */
	const char	*hop;		/* CAMERA:TRACK or GATE@TIME */
	const char	*verdict;	/* confirm, reject or withdraw */
	const char	*why;		/* the reason given */
	int64_t		 at;		/* UTC us */
	const char	*officer;	/* who decided */
};

struct vg_case_hop {
	int		 n;		/* hop number, 1.. */
	const char	*device;	/* camera or gate id */
	const char	*type;		/* camera or gate */
	const char	*track;		/* track, or NULL for a gate */
	int64_t		 first;		/* true UTC us */
	int64_t		 last;		/* or VG_TIME_NONE */
	double		 transit;	/* seconds from the hop before, or NAN */
	double		 confidence;	/* 0..1, or NAN */
	const char	*person;	/* roster id named, or NULL */
};

struct vg_case_path {
	int64_t		 id;		/* path number */
	int64_t		 at;		/* when it was saved, UTC us */
	const char	*officer;	/* by whom */
	const char	*anchor;	/* where it started */
	struct vg_case_hop *hops;	/* its hops, in order */
	size_t		 nhops;		/* how many */
};

/* What one action did, for its custody log entry. */
struct vg_case_act {
	const char	*officer;	/* who; required */
	const char	*tool;		/* e.g. vigil-case */
	const char	*args;		/* its arguments */
	const char	*touched;	/* what it read or changed */
	const char	*digests;	/* digests of what it produced, or NULL */
};

/* What a text field of a case may hold (vg_case_text_ok). */
#define VG_TEXT_LINE	0	/* one line: no control character at all */
#define VG_TEXT_LINES	1	/* notes, reasons, remarks: tabs, newlines */
#define VG_TEXT_NAME	2	/* one line, and not blank: officers */

typedef int (*vg_case_subject_fn)(const struct vg_case_subject *, void *);
typedef int (*vg_case_item_fn)(const struct vg_case_item *, void *);
typedef int (*vg_case_note_fn)(const struct vg_case_note *, void *);
typedef int (*vg_case_decision_fn)(const struct vg_case_decision *, void *);
typedef int (*vg_case_custody_fn)(const struct vg_custody *, void *);
typedef int (*vg_case_check_fn)(void *, int, const char *);

int		 vg_case_text_ok(const char *, const char *, int,
		     struct vg_error *);
void		 vg_text_carry(struct vg_buf *, const char *, const char *);
const char	*vg_case_root(void);
char		*vg_case_dir(const char *);
int		 vg_case_number_ok(const char *);
typedef int (*vg_case_fill_fn)(struct vg_case *, void *, struct vg_error *);
int		 vg_case_create(const char *, const struct vg_case_info *,
		     const struct vg_case_act *, vg_case_fill_fn, void *,
		     struct vg_error *);
int		 vg_case_open(const char *, struct vg_case **,
		     struct vg_error *);
void		 vg_case_close(struct vg_case *);
const char	*vg_case_path(const struct vg_case *);
int		 vg_case_subdir(struct vg_case *, const char *, char **,
		     struct vg_error *);
int		 vg_case_root_safe(const char *, char **);
int		 vg_case_info(struct vg_case *, struct vg_case_info *,
		     struct vg_error *);
int		 vg_case_info_read(const char *, struct vg_case_info *,
		     struct vg_error *);
void		 vg_case_info_free(struct vg_case_info *);

int		 vg_case_begin(struct vg_case *, struct vg_error *);
int		 vg_case_commit(struct vg_case *, const struct vg_case_act *,
		     struct vg_error *);
void		 vg_case_rollback(struct vg_case *);
int		 vg_case_log(struct vg_case *, const struct vg_case_act *,
		     struct vg_error *);

int		 vg_case_add_subject(struct vg_case *,
		     const struct vg_case_subject *, int64_t *,
		     struct vg_error *);
int		 vg_case_add_item(struct vg_case *, const struct vg_case_item *,
		     int64_t *, struct vg_error *);
int		 vg_case_add_note(struct vg_case *, const char *, const char *,
		     int64_t *, struct vg_error *);
int		 vg_case_decide(struct vg_case *,
		     const struct vg_case_decision *, int64_t *,
		     struct vg_error *);
int		 vg_case_hop_is(const struct vg_case_hop *, const char *,
		     struct vg_tz *);
int		 vg_case_set_status(struct vg_case *, const char *,
		     struct vg_error *);
int		 vg_case_save_path(struct vg_case *, const struct vg_case_path *,
		     int64_t *, struct vg_error *);

int		 vg_case_subjects(struct vg_case *, vg_case_subject_fn, void *,
		     struct vg_error *);
int		 vg_case_items(struct vg_case *, vg_case_item_fn, void *,
		     struct vg_error *);
int		 vg_case_notes(struct vg_case *, vg_case_note_fn, void *,
		     struct vg_error *);
int		 vg_case_decisions(struct vg_case *, vg_case_decision_fn,
		     void *, struct vg_error *);
int		 vg_case_decision_log(struct vg_case *, vg_case_decision_fn,
		     void *, struct vg_error *);
int		 vg_case_undo_of(struct vg_case *, struct vg_case_decision *,
		     const char **, struct vg_error *);
void		 vg_case_decision_copy(struct vg_case_decision *,
		     const struct vg_case_decision *);
void		 vg_case_decision_clear(struct vg_case_decision *);
const char	*vg_case_decided(const char *);
int		 vg_case_last_path(struct vg_case *, struct vg_case_path *,
		     struct vg_error *);
void		 vg_case_path_free(struct vg_case_path *);
int		 vg_case_custody(struct vg_case *, int64_t, vg_case_custody_fn,
		     void *, struct vg_error *);
int		 vg_case_verify(struct vg_case *, vg_case_check_fn, void *,
		     struct vg_error *);
int		 vg_case_custody_tsv(struct vg_case *, int64_t, const char *,
		     struct vg_error *);
int64_t		 vg_case_last_change(struct vg_case *, struct vg_error *);

#endif /* CASE_H */
