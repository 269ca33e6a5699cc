/* report.h: a case's report, as self-contained HTML and as XML valid against share/vigil/report.xsd */
#ifndef REPORT_H
#define REPORT_H

#include "vigil.h"

struct vg_report_hop {
	int		 n;		/* hop number, 1.. */
	const char	*device;	/* camera or gate id */
	const char	*type;		/* "camera" or "gate" */
	const char	*track;		/* camera track id, or NULL for gates */
	int64_t		 first;		/* first seen, true UTC us */
	int64_t		 last;		/* last seen, or VG_TIME_NONE */
	double		 transit;	/* seconds from the hop before, or NAN */
	double		 confidence;	/* 0..1, or NAN */
	const char	*person;	/* roster id named here, or NULL */
	const char	*decision;	/* "confirmed", "rejected" or "proposed" */
	const char	*why;		/* the officer's reason, or NULL */
	const char	*clip;		/* clip under data/, or NULL */
	const char	*clip_sha256;	/* its digest, or NULL */
	const char	*frame;		/* frame (PNG) under data/, or NULL */
	int64_t		 clip_first;	/* true time of the clip's first frame */
	int64_t		 offset;	/* clock correction applied, us */
};

struct vg_report_subject {
	const char	*kind;		/* "person", "unknown" or "anchor" */
	const char	*person;	/* roster id, or NULL */
	const char	*name;		/* roster name, or NULL */
	const char	*description;	/* clothing, attributes, or NULL */
	const char	*ref;		/* anchor sighting CAMERA:TRACK, or NULL */
	int64_t		 added;		/* when, UTC us */
	const char	*officer;	/* by whom */
};

struct vg_report_item {
	int64_t		 id;		/* item number in the case */
	const char	*kind;		/* event, sighting, clip or frame */
	const char	*ref;		/* what it refers to */
	const char	*file;		/* file under data/, or NULL */
	const char	*sha256;	/* its digest, or NULL */
	const char	*remark;	/* the officer's remark, or NULL */
	int64_t		 added;		/* when, UTC us */
	const char	*officer;	/* by whom */
};

struct vg_report_note {
	int64_t		 at;		/* when, UTC us */
	const char	*officer;	/* by whom */
	const char	*text;		/* what */
};

struct vg_report_decision {
	int64_t		 id;		/* decision number in the case */
	const char	*hop;		/* CAMERA:TRACK or GATE@TIME */
	const char	*verdict;	/* "confirm" or "reject" */
	const char	*why;		/* the officer's reason */
	int64_t		 at;		/* when, UTC us */
	const char	*officer;	/* by whom */
	int		 hop_n;		/* the hop of the path it is, or 0 */
	int64_t		 superseded;	/* the later decision on the hop, or 0 */
};

struct vg_report_entry {
	int64_t		 seq;		/* custody log sequence */
	int64_t		 at;		/* when, UTC us */
	const char	*officer;	/* who */
	const char	*tool;		/* which tool */
	const char	*args;		/* with which arguments */
	const char	*hash;		/* the entry's hash */
	const char	*touched;	/* what happened, or NULL */
};

struct vg_report {
	const char	*number;	/* case number */
	const char	*title;		/* case title */
	const char	*status;	/* open or closed */
	int64_t		 incident_time;	/* UTC us */
	const char	*incident_place; /* place or device id */
	int64_t		 created;	/* when the case was opened, UTC us */
	const char	*created_by;	/* by whom */
	const char	*archive;	/* the archive it refers to */
	const char	*organization;	/* who exports, or NULL */
	const char	*generator;	/* "vigil 0.1.0" */
	int64_t		 as_of;		/* the time of the last custody entry */
	struct vg_tz	*tz;		/* zone times are shown in */
	const struct vg_site *site;	/* the site, for the plan */
	const char	*datadir;	/* the bag's data/, to embed frames */
	const char	*sheet;		/* contact sheet under data/, or NULL */
	const struct vg_report_hop *hops;	/* the path, in time order */
	size_t		 nhops;		/* how many */
	const struct vg_report_subject *subjects; /* the subjects */
	size_t		 nsubjects;	/* how many */
	const struct vg_report_item *items;	/* the items */
	size_t		 nitems;	/* how many */
	const struct vg_report_note *notes;	/* the notes */
	size_t		 nnotes;	/* how many */
	const struct vg_report_decision *decisions; /* every decision made */
	size_t		 ndecisions;	/* how many */
	const struct vg_report_entry *custody;	/* the custody log */
	size_t		 ncustody;	/* how many entries */
};

int	 vg_report_html(const struct vg_report *, const char *,
	     struct vg_error *);
int	 vg_report_xml(const struct vg_report *, const char *,
	     struct vg_error *);
int	 vg_report_validate(const char *, struct vg_error *);

#endif /* REPORT_H */
