/* vigil-int.h: libvigil's private interface between importers and the archive */
#ifndef VIGIL_INT_H
#define VIGIL_INT_H

#include "vigil.h"

struct sqlite3;

/* Codes stored in the archive for the small vocabularies of the formats. */
enum vg_credential {
	VG_CR_NONE,		/* no credential */
	VG_CR_FACE,		/* face recognised */
	VG_CR_BADGE,		/* badge read */
	VG_CR_PLATE,		/* plate read */
	VG_CR_QR,		/* QR code */
	VG_CR_PIN,		/* PIN entered */
	VG_CR_FINGER		/* fingerprint */
};

enum vg_direction {
	VG_DIR_UNKNOWN,		/* direction not known */
	VG_DIR_IN,		/* entering */
	VG_DIR_OUT		/* leaving */
};

enum vg_result {
	VG_RES_GRANTED = 1,	/* passage granted */
	VG_RES_DENIED,		/* passage denied */
	VG_RES_ALARM		/* tailgating, forced, held open */
};

enum vg_objkind {
	VG_OBJ_PERSON = 1,	/* a person */
	VG_OBJ_FACE,		/* a face */
	VG_OBJ_VEHICLE		/* a vehicle */
};

/* A field that may be absent: a pointer and length, len 0 when empty. */
struct vg_str {
	const char	*s;	/* bytes, or NULL */
	size_t		 len;	/* length */
};

int	 vg_list_next(const char **, const char *, int, int, struct vg_str *);

/* Strings interned: each once, numbered in the order first added (util.c). */
struct vg_strtab {
	char		**s;		/* the strings, by index */
	size_t		*len;		/* their lengths */
	size_t		 n;		/* how many */
	size_t		 cap;		/* room in s and len (grown by
					   doubling: a realloc a string is
					   quadratic under ASan) */
	uint32_t	*slot;		/* 1 + index, by hash; 0 free */
	size_t		 nslot;		/* slots, a power of two */
};

uint32_t vg_strtab_add(struct vg_strtab *, const char *, size_t, int *);
void	 vg_strtab_free(struct vg_strtab *);

struct vg_gate_rec {
	int64_t		 t;		/* time, UTC microseconds */
	int64_t		 gate;		/* device row id */
	struct vg_str	 person;	/* roster id */
	int		 credential;	/* enum vg_credential */
	struct vg_str	 card;		/* badge read */
	struct vg_str	 plate;		/* plate read */
	int		 direction;	/* enum vg_direction */
	int		 result;	/* enum vg_result, 0 if absent */
	double		 score;		/* confidence, or NAN */
	int64_t		 line;		/* line in the source */
	struct vg_str	 evno;		/* the device's own number of the
					   event, or empty */
	int		 habit;		/* its habit counted already
					   (vg_ar_gate_habit) */
};

struct vg_sighting_rec {
	int64_t		 camera;	/* device row id */
	struct vg_str	 track;		/* track id */
	int64_t		 first;		/* first seen, UTC microseconds */
	int64_t		 last;		/* last seen */
	int		 kind;		/* enum vg_objkind, 0 if absent */
	struct vg_str	 person;	/* roster id when matched */
	double		 score;		/* match confidence, or NAN */
	struct vg_str	 plate;		/* plate read */
	int		 upper;		/* colour index + 1, 0 if absent */
	int		 lower;		/* colour index + 1, 0 if absent */
	struct vg_str	 attrs;		/* key=value;... */
	double		 box[4];	/* x, y, w, h, or NAN */
	const void	*emb;		/* embedding floats, or NULL */
	size_t		 embdim;	/* how many floats */
	int64_t		 line;		/* line in the source */
	struct vg_str	 evno;		/* the device's own number of the
					   event, or empty */
};

struct vg_person_rec {
	struct vg_str	 id;		/* roster id */
	struct vg_str	 name;		/* full name */
	struct vg_str	 employer;	/* unit or agency */
	struct vg_str	 dorm;		/* dormitory place id */
	struct vg_str	 cards;		/* badge numbers, ;-separated */
	struct vg_str	 plates;	/* plates, ;-separated */
	struct vg_str	 status;	/* active, left, visitor, contractor */
	int64_t		 line;		/* line in the source */
};

extern const char *const vg_credential_names[];	/* by enum vg_credential */
extern const char *const vg_direction_names[];	/* by enum vg_direction */
extern const char *const vg_result_names[];	/* by enum vg_result */
extern const char *const vg_objkind_names[];	/* by enum vg_objkind */
extern const char *const vg_colour_names[];	/* colour index + 1 */

int	 vg_word(const char *const *, const char *, size_t);

/* Writing to the archive: only the importers call these. */
int	 vg_ar_begin(struct vg_archive *, const char *, int64_t,
	     struct vg_error *);
int	 vg_ar_commit(struct vg_archive *, struct vg_error *);
void	 vg_ar_rollback(struct vg_archive *);
int	 vg_ar_failed(struct vg_archive *, struct vg_error *);
int	 vg_ar_source_find(struct vg_archive *, const char *,
	     struct vg_source *);
int	 vg_ar_source_add(struct vg_archive *, struct vg_source *,
	     struct vg_error *);
int	 vg_ar_source_done(struct vg_archive *, const struct vg_source *,
	     struct vg_error *);
int64_t	 vg_ar_device(struct vg_archive *, const char *, size_t, int);
int64_t	 vg_ar_device_ident(struct vg_archive *, const char *, const char *,
	     const char *, int);
int	 vg_ar_has_site(struct vg_archive *);
size_t	 vg_ar_embedding_dim(struct vg_archive *);
int	 vg_ar_put_site(struct vg_archive *, const struct vg_site *,
	     int64_t, struct vg_error *);
int	 vg_ar_put_person(struct vg_archive *, const struct vg_person_rec *,
	     int64_t, struct vg_error *);
int	 vg_ar_put_gate(struct vg_archive *, const struct vg_gate_rec *,
	     int64_t, struct vg_error *);
void	 vg_ar_habits_ready(struct vg_archive *);
void	 vg_ar_gate_habit(struct vg_archive *, struct vg_tz *,
	     struct vg_gate_rec *);
int	 vg_ar_gate_seen(struct vg_archive *, const struct vg_gate_rec *,
	     int64_t);
int	 vg_ar_gate_twin(struct vg_archive *, const struct vg_gate_rec *,
	     int64_t);
int	 vg_ar_sighting_twin(struct vg_archive *,
	     const struct vg_sighting_rec *, int64_t, int);
int	 vg_ar_person_named(struct vg_archive *, const char *, char *, size_t);
int	 vg_ar_put_sighting(struct vg_archive *,
	     const struct vg_sighting_rec *, int64_t, int64_t *,
	     struct vg_error *);

/*
 * Vendor importers (import-*.c): what import.c hands each, inside the
 * file's transaction.  Rows go to the archive through vg_ar_put_gate and
 * vg_ar_put_sighting; bad records through vg_import_reject.
 */
/*
 * The gate events a file's import left out as another file's, by a hash
 * of what makes an event the one it is, in a small table (the last of
 * each slot kept): a file's k-th of identical records is another file's
 * while those gave at least k.
 */
struct vg_left {
	uint64_t		*h;		/* hashes, or NULL until one is
						   left out */
	uint32_t		*n;		/* how many of each were */
};

struct vg_vendor {
	struct vg_archive	*ar;		/* the archive */
	struct vg_import	*im;		/* the request and its results */
	struct vg_tz		*tz;		/* zone of local times */
	int			 fd;		/* the file, open for reading */
	struct vg_feed		*feed;		/* its SHA-256, given what is
						   read of it (vg_vendor_pread) */
	int64_t			 source;	/* its source row id */
	int64_t			 device;	/* --device row id, or 0 */
	int			 devtype;	/* its type, VG_GATE or VG_CAMERA */
	const char		*where;		/* "event N: " before reasons, or
						   NULL */
	int			 jstream;	/* JSON: a large array's elements
						   are given one at a time */
	size_t			 jbase;		/* the index of the one given */
	const char		*jtext;		/* JSON: the whole document given,
						   its text (vg_json_lines), or
						   NULL */
	size_t			 jlen;		/* its length */
	char			*key;		/* last device looked up: vendor,
						   device and channel, each
						   ended by a NUL; or NULL */
	int			 keytype;	/* and its type */
	int64_t			 keyid;		/* what it gave */
	char			*anykey;	/* last device whose type was
						   looked up, as key */
	int			 anytype;	/* the type it gave */
	struct vg_left		 left;		/* events left out as twins */
};

void	 vg_import_reject(struct vg_import *, uint64_t, const char *, ...)
	     VG_PRINTF(3, 4);
int64_t	 vg_vendor_device(struct vg_vendor *, uint64_t, const char *,
	     const char *, const char *, int);
int64_t	 vg_vendor_device_any(struct vg_vendor *, uint64_t, const char *,
	     const char *, const char *, int *);
int	 vg_vendor_gate(struct vg_vendor *, const struct vg_gate_rec *,
	     struct vg_error *);
int	 vg_vendor_sighting(struct vg_vendor *, const struct vg_sighting_rec *,
	     int64_t *, struct vg_error *);
ssize_t	 vg_vendor_pread(int, struct vg_feed *, void *, size_t, uint64_t);
char	*vg_read_fd(int, const char *, void (*)(void *, uint64_t, const void *,
	     size_t), void *, size_t, size_t *, int *, struct vg_error *);
int	 vg_vendor_time(struct vg_vendor *, uint64_t, const char *,
	     const char *, int64_t *);
/* JSON documents of a vendor's file (import-json.c, on jansson). */
struct json_t;
typedef int (*vg_json_fn)(struct vg_vendor *, struct json_t *, uint64_t,
	    void *, struct vg_error *);
void	 vg_json_lines(const struct vg_vendor *, const char *, uint64_t,
	     uint64_t *, size_t);
int	 vg_vendor_json(struct vg_vendor *, vg_json_fn, void *,
	     struct vg_error *);
const char *vg_json_str(const struct json_t *, const char *);
struct json_error_t;
int	 vg_json_oom(const struct json_error_t *);
int	 vg_json_nomem(struct vg_vendor *, uint64_t, struct vg_error *);
int	 vg_json_fail(struct vg_vendor *, uint64_t,
	    const struct json_error_t *, struct vg_error *);
const char *vg_json_text(const struct json_t *, const char *, char *, size_t);

/*
 * A vendor's file as parts, streaming (import-parts.c): the bodies of a
 * MIME multipart capture, or documents one after another.
 */
enum vg_part_kind {
	VG_PART_XML = 1, VG_PART_JSON, VG_PART_TEXT, VG_PART_OTHER
};
struct vg_part {
	int		 kind;		/* enum vg_part_kind */
	uint64_t	 line;		/* line its body starts on */
	char		 type[128];	/* its Content-Type, or "" */
};
struct vg_parts {
	int		 fd;		/* the file */
	struct vg_feed	*feed;		/* its digest, given what is read */
	const char	*path;		/* its name, for messages */
	char		*buf;		/* bytes held */
	size_t		 pos, len;	/* buf[pos..len) not yet given */
	off_t		 off;		/* file offset of buf[len] */
	int		 eof;		/* the file is all read */
	int		 ioerr;		/* errno of a failed read, or 0 */
	uint64_t	 line;		/* line of buf[pos] */
	int		 multipart;	/* parts between boundary lines */
	char		 delim[76];	/* "--" and the boundary */
	size_t		 dlen;		/* its length */
	uint64_t	 dline;		/* line of the HTTP header naming it,
					   or 0 when the parts' own */
	uint64_t	 body;		/* line the parts begin on */
	uint64_t	 nparts;	/* boundary lines met */
	int		 state;		/* 0 before a part, 1 in, 2 at its end */
	size_t		 given;		/* bytes of the part given */
	size_t		 scan;		/* buf[pos..scan) holds no end */
	int		 cut;		/* the last line was longer than asked */
};
int	 vg_parts_open(struct vg_parts *, struct vg_vendor *,
	     struct vg_error *);
int	 vg_parts_next(struct vg_parts *, struct vg_part *, struct vg_error *);
size_t	 vg_parts_read(struct vg_parts *, char *, size_t);
char	*vg_parts_slurp(struct vg_parts *, size_t, size_t *,
	     struct vg_error *);
const char *vg_parts_peek(struct vg_parts *, size_t *);
void	 vg_parts_close(struct vg_parts *);

/* A vendor's XML, streaming, safe (import-xml.c, on libxml2). */
struct _xmlTextReader;
struct _xmlNode;
struct _xmlParserCtxt;
/*
 * A lean tree of an XML document, built by SAX with no allocation of its
 * own per node: elements and the text in them (vg_xml_lean).
 */
struct vg_xel {
	const char	*name;		/* local name; NULL in a text node */
	const char	*href;		/* namespace, "" when none */
	long		 line;		/* line in the file */
	const char	*text;		/* a text node's bytes */
	size_t		 tlen;		/* their length */
	struct vg_xel	*child;		/* first child node */
	struct vg_xel	*last;		/* last child node */
	struct vg_xel	*next;		/* next sibling */
	struct vg_xel	*parent;	/* parent, NULL at the top */
};
struct vg_xblk;
struct vg_xml {
	struct _xmlTextReader	*r;	/* the reader */
	struct vg_vendor	*v;	/* the import */
	char			*msg;	/* libxml2's first error, or NULL */
	long			 line;	/* its line */
	struct vg_parts		*parts;	/* the file's parts */
	struct vg_parts		 own;	/* them, when the reader owns them */
	long			 line0;	/* lines of the file before the
					   document */
	struct _xmlParserCtxt	*pc;	/* the SAX push parser of
					   vg_xml_lean */
	long			 dtd;	/* line of a document type
					   declaration it met, or 0 */
	struct vg_xblk		*blk;	/* the lean tree's memory */
	struct vg_xel		 top;	/* the lean tree's document */
	struct vg_xel		*cur;	/* the element being read */
	const char		*href;	/* the last namespace met, in the
					   parser's dictionary */
	const char		*hcopy;	/* its copy in blk */
	char			*whole;	/* the part held whole, or NULL */
	int			 wrap;	/* 0 no session of parts under one
					   root; 1 its root's start to come;
					   2 in it */
	unsigned long		 fed;	/* bytes given the session */
	unsigned long		 fedlines; /* newlines among them */
	unsigned long		 rootend; /* byte of the session after the
					   part's root element, or 0 */
	int			 nroots; /* root elements of the part */
};
int	 vg_xml_open(struct vg_xml *, struct vg_vendor *, struct vg_error *);
int	 vg_xml_part(struct vg_xml *, struct vg_vendor *, struct vg_parts *,
	     const struct vg_part *, struct vg_error *);
int	 vg_xml_lean(struct vg_xml *, struct vg_vendor *, struct vg_parts *,
	     const struct vg_part *, struct vg_xel **, struct vg_error *);
struct vg_xel *vg_xel_child(const struct vg_xel *, const char *);
const char *vg_xel_text(const struct vg_xel *, const char *, char *, size_t);
int	 vg_xel_once(struct vg_vendor *, uint64_t, const struct vg_xel *,
	     const char *const *);
int	 vg_xel_is(const struct vg_xel *, const char *, const char *const *);
long	 vg_xml_lineof(const struct vg_xml *, const struct _xmlNode *);
int	 vg_xml_read(struct vg_xml *, struct vg_error *);
int	 vg_xml_fail(struct vg_xml *, struct vg_error *);
long	 vg_xml_line(struct vg_xml *);
void	 vg_xml_close(struct vg_xml *);
int	 vg_xml_is(const struct _xmlNode *, const char *, const char *const *);
struct _xmlNode *vg_xml_child(const struct _xmlNode *, const char *);
int	 vg_xml_once(struct vg_vendor *, uint64_t, long,
	     const struct _xmlNode *, const char *const *);
const char *vg_xml_text(const struct _xmlNode *, const char *, char *,
	     size_t);

int	 vg_import_zkteco(struct vg_vendor *, struct vg_error *);
int	 vg_import_dahua(struct vg_vendor *, struct vg_error *);
int	 vg_import_hikvision(struct vg_vendor *, struct vg_error *);
int	 vg_import_hikacs(struct vg_vendor *, struct vg_error *);
int	 vg_import_onvif(struct vg_vendor *, struct vg_error *);
int	 vg_import_dahua_text(struct vg_vendor *, struct vg_error *);
int	 vg_dahua_is_text(struct vg_vendor *);
int	 vg_dahua_event(struct vg_vendor *, uint64_t, const struct json_t *,
	     struct vg_error *);

/* xmlmsg.c: libxml2's messages, for site.c, report.c and the importers */
void	 vg_xml_verror(struct vg_error *, int *, const char *, long,
	     const char *, va_list);
void	 vg_xml_error(struct vg_error *, int *, const char *, long,
	     const char *, ...) VG_PRINTF(5, 6);
char	*vg_xml_message(const char *, const char *);

/* Why the last call on an SQLite database failed (archive-sqlite.c). */
const char	*vg_db_why(struct sqlite3 *, const char *);

/* anomaly.c: the shortest ways over a site's links, for the rules of
 * anomaly.c and anomaly-seen.c */
struct vg_ways {
	const struct vg_site *site;	/* the site */
	int		*adj0;		/* links of device i: adj[adj0[i]] up
					   to adj[adj0[i + 1]] */
	int		*adj;		/* the device a link leads to */
	double		*adjw;		/* its length, metres */
	double		*adjt;		/* its min transit, seconds */
	double		**fast;		/* shortest way, metres, from a device
					   to each, once asked */
	double		**quick;	/* quickest, seconds, likewise */
};

void	 vg_ways_init(struct vg_ways *, const struct vg_site *);
double	 vg_ways_metres(struct vg_ways *, int, int);
double	 vg_ways_seconds(struct vg_ways *, int, int, double);
void	 vg_ways_free(struct vg_ways *);

/* anomaly.c: the head count asking whether the unnamed face a camera
 * first saw at an instant is not the look of a person a gate read at
 * another: 1 not his, 0 may be or cannot tell, -1 the archive failed */
typedef int (*vg_unlike_fn)(void *, const char *, int64_t, const char *,
	     int64_t);
int	 vg_anomaly_scan_looks(struct vg_archive *, const struct vg_site *,
	     const struct vg_anomaly_opts *, vg_unlike_fn, void *,
	     struct vg_anomaly **, size_t *, struct vg_error *);
int	 vg_anomaly_store_looks(struct vg_archive *, int, vg_unlike_fn, void *,
	     struct vg_error *);

/* anomaly.c: a new anomaly, for the rules outside it (anomaly-seen.c) */
struct vg_anomaly *vg_anomaly_push(struct vg_archive *, struct vg_anomaly **,
	     size_t *, enum vg_anomaly_kind, const struct vg_row *, double,
	     const struct vg_row *const *, size_t);

/* A span's appearance vectors beside the archive (lookvec.c). */
struct vg_lookseg {
	size_t		 n;		/* sightings, in time order */
	const int64_t	*first;		/* first seen, as logged */
	const int64_t	*last;		/* last seen */
	const int64_t	*id;		/* row id */
	const int32_t	*camera;	/* device row id */
	const uint32_t	*code;		/* kind | upper << 8 | lower << 16 |
					   has a vector << 24 */
	const uint32_t	*attr;		/* attributes, by index in attrs[],
					   UINT32_MAX none */
	const char	**attrs;	/* the segment's distinct attributes */
	uint32_t	*attrlen;	/* their lengths */
	size_t		 nattr;		/* how many */
	char		*abuf;		/* where they are, read from the
					   file */
	const float	*scale;		/* q times it: the unit vector */
	const int8_t	*q;		/* n vectors of dim, quantised */
};
struct vg_lookvec {
	void		*map;		/* the file, mapped */
	size_t		 len;		/* its committed length */
	size_t		 dim;		/* vector length */
	struct vg_lookseg *seg;		/* segments, one per import */
	size_t		 nseg;		/* how many */
	unsigned long	 ixino;		/* the inode of the span's index whose
					   directory gave the segments, 0
					   when the file was walked */
};
struct vg_lookw;
/* A sighting on its way to its span's vector file. */
struct vg_lookrow {
	int64_t		 id;		/* row id */
	int64_t		 first;		/* times, as stored */
	int64_t		 last;
	int64_t		 camera;	/* the device's row id */
	int		 kind;		/* enum vg_objkind, 0 when none */
	int		 upper;		/* colours, 0 when none */
	int		 lower;
	const float	*emb;		/* the vector, NULL when none */
	size_t		 embbytes;	/* its bytes */
	const char	*attrs;		/* key=value;..., NULL when none */
	size_t		 attrlen;	/* its bytes */
};
/* What vg_lookvec_write asks of the archive's back end: a span's
 * sightings and the file's committed length, kept in the archive. */
struct vg_lookfeed {
	int64_t		 len;		/* the committed length, -1: none */
	int		(*count)(void *, int64_t, int64_t *); /* sightings with
					   ids from lo */
	int		(*start)(void *, int64_t); /* read them, in time order */
	int		(*next)(void *, struct vg_lookrow *); /* 1 a row, 0 no
					   more, -1 failed */
	int		(*commit)(void *, int64_t); /* record the new length */
	const char	*(*why)(void *);	/* why a call failed */
	void		*arg;		/* the back end's */
};
char	*vg_lookvec_path(const char *, const char *);
int	 vg_lookvec_write(const struct vg_lookfeed *, const char *,
	     const char *, int64_t, size_t, struct vg_lookw **,
	     struct vg_error *);
int	 vg_lookvec_write_file(const struct vg_lookfeed *, const char *,
	     int64_t, size_t, struct vg_lookw **, struct vg_error *);
int	 vg_lookvec_place(const char *, const char *, const char *,
	     struct vg_lookw **, struct vg_error *);
void	 vg_lookvec_end(struct vg_lookw **, int);
void	 vg_lookvec_drop(const char *, const char *);
int	 vg_lookvec_open(int64_t, const char *, const char *, int64_t,
	     struct vg_lookvec *, struct vg_error *);
void	 vg_lookvec_close(struct vg_lookvec *);
char	*vg_lookvec_check(int64_t, const char *, const char *, int64_t);
int	 vg_ar_attr_sex(const char *);
int	 vg_ar_lookvec_kept(struct vg_archive *);
int	 vg_ar_lookvec(struct vg_archive *, const struct vg_span *,
	     struct vg_lookvec *, struct vg_error *);

/* lookix.c: the index of a span's vector file (faiss, loaded on use) */
#define VG_LOOKIX_MIN	1000000	/* sightings a span has for its index
				   to pay (bench/README.md) */
struct vg_lookix;
struct stat;
char	*vg_lookix_path(const char *, const char *);
int	 vg_lookix_dir(const char *, const char *, const struct stat *,
	     int64_t, char **, size_t *, unsigned long *);
const char *vg_lookix_module(void);
int	 vg_lookix_build(const char *, const char *, const struct vg_lookvec *,
	     const char *, size_t *, struct vg_error *);
int	 vg_lookix_open(const char *, const char *, const struct vg_lookvec *,
	     struct vg_lookix **, struct vg_error *);
void	 vg_lookix_close(struct vg_lookix *);
int	 vg_lookix_ready(struct vg_lookix *, struct vg_error *);
size_t	 vg_lookix_segments(const struct vg_lookix *);
long	 vg_lookix_search(struct vg_lookix *, const float *, size_t, size_t,
	     size_t, double, int64_t *, float *, double *, size_t *);
size_t	 vg_lookix_lists(const struct vg_lookix *);
double	 vg_lookix_slack(struct vg_lookix *, const float *);
size_t	 vg_lookix_vectors(const struct vg_lookix *, size_t *);
size_t	 vg_lookix_colours(const struct vg_lookix *, const int64_t **,
	     const int64_t **, const uint32_t **, const int8_t **,
	     const float **);
void	 vg_lookix_colours_need(const struct vg_lookix *, size_t, size_t);
int	 vg_lookix_window(struct vg_lookix *, int64_t, int64_t, size_t *,
	     size_t *);
int64_t	 vg_lookix_longest(const struct vg_lookix *);
int64_t	 vg_lookix_wintime(const struct vg_lookix *);
long	 vg_lookix_novec(const struct vg_lookix *, const uint32_t **,
	     const uint32_t **);
#define VG_LOOKIX_CODES	"SQ8"	/* how its lists hold the vectors
				   (bench/README.md) */
int	 vg_lookix_fd(const char *, const char *);
int	 vg_lookix_peek(int, const struct vg_lookvec *,
	     const struct vg_lookseg *, const size_t *, size_t, uint32_t *,
	     uint32_t *);
int	 vg_lookix_gather(int, const struct vg_lookvec *,
	     const struct vg_lookseg *, const size_t *, size_t, int,
	     struct vg_lookseg *, void **);
const struct vg_lookseg *vg_lookix_row(const struct vg_lookix *,
	     const struct vg_lookvec *, int64_t, size_t *);

#endif /* VIGIL_INT_H */
