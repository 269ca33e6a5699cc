/* anomaly.c: find what should not have happened, in one pass over a span */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-int.h"
#include "model.h"

#define US		1000000LL	/* microseconds a second */
#define MINUTE		(60 * US)
#define HOUR		(3600 * US)
#define RECENT		32		/* reads a gate remembers at first */
#define RECENTMAX	8192		/* at most (a gate's ring grows while
					   the rules' windows need more) */
#define NPEND		32		/* badge reads awaiting their faces */
#define NPCACHE		4096		/* strings cached by address */
#define NRECENT		65536		/* short strings cached by value */
#define LEAVING		(10 * MINUTE)	/* a vehicle seen this long after it
					   came in may be leaving */
#define SURPRISE	1e-4		/* a burst's chance, times the gate's
					   reads so far, under which it is one */
#define SWEEP		(10 * MINUTE) /* how often the scan forgets */
#define READ_AGAIN	(3 * US)	/* passback: one way through one gate
					   within this is the passage read
					   twice (a finger held to it again) */
#define MINREADS	50		/* reads a gate needs for a rate of its
					   own */
#define HSLACK		(2 * US)	/* a read at least this far from where
					   the faces put it still accounts for
					   a head */
#define HNAMED		(30 * US)	/* or this far, for a head that names
					   the read's person */
#define HSKEW		(5 * MINUTE)	/* the most a gate camera's clock is
					   taken to be off by, learned */
#define HKEEP		(2 * HSKEW + 3 * MINUTE) /* reads and heads held: a
					   head waits for the reads up to the
					   largest offset and a minute past
					   its last sighting, and may be
					   placed that far from them */
#define HSAMP		63		/* faces' offsets a median takes */
#define HRING		128		/* faces' offsets remembered: the
					   latest HSAMP before a minute, and
					   those of the minute so far */
#define HMINSAMP	8		/* of them, to believe their median */
#define NARROWED	(1u << VG_AN_FACE | 1u << VG_AN_DENIED | \
			 1u << VG_AN_NEVERLEFT | 1u << VG_AN_HOURS) /* the
					   kinds a bounded span reads narrowed
					   (narrow_passes) */
#define HOFFW		(60 * MINUTE)	/* a camera's offsets are those of
					   the faces of the last minutes:
					   the head count reads this far
					   before the minutes it holds */

const char *const vg_anomaly_names[VG_AN_N] = {
	"impossible-travel", "tailgating", "passback", "never-left",
	"face-mismatch", "after-hours", "denied-burst", "stranger"
};

/* An id's two letters, by kind: TT-..., GG-..., ... SG-... */
static const char id_first[VG_AN_N + 1] = "TGPNFHDS";
static const char id_second[VG_AN_N + 1] = "TGBLMRBG";

/* A string key's slot in a map; the map grows by doubling. */
struct slot {
	char		*key;		/* the key, or NULL when free */
	uint64_t	 hash;		/* the key's, so that probes of other
					   keys rarely compare strings */
	uint32_t	 val;		/* index into the owner's array */
	uint32_t	 len;		/* the key's length */
	char		 pre[8];	/* its first bytes, zero padded: a key
					   this short is compared here, its
					   copy not read */
};

struct map {
	struct slot	*s;		/* slots */
	size_t		 cap;		/* how many, a power of two */
	size_t		 n;		/* in use */
};

/* A slot of an imap: a key beside its value, one cache line read. */
struct ient {
	uint64_t	 k;		/* the key, 0 when free */
	uint32_t	 v;		/* its value */
};

/* A map of nonzero 64-bit keys to indexes; grows by doubling. */
struct imap {
	struct ient	*e;		/* slots */
	size_t		 cap;		/* how many, a power of two */
	size_t		 n;		/* in use */
};

/* A string of a stream by its address: its device index, its copy. */
struct pcache {
	const char	*addr;		/* the stream's string, or NULL */
	int		 dev;		/* its device index, or -1 */
	const char	*held;		/* its copy in the pool */
	uint32_t	 id;		/* its id in the pool */
};

/* A short string (8 bytes or less) lately pooled, by value: the recent
 * rows' people and cards, without a read of the pool's large table. */
struct pshort {
	uint64_t	 w;		/* its bytes, zero padded */
	uint32_t	 id;		/* its pool id, 0 for none */
};

/* A gate event held past its row, small: strings by their pool ids. */
struct hit {
	int64_t		 t;		/* time, UTC us */
	int64_t		 line;		/* line in its source */
	const char	*cred;		/* credential (the library's name) */
	const char	*dir;		/* direction (the library's name) */
	const char	*res;		/* result (the library's name) */
	float		 score;		/* confidence, or NAN */
	int		 dev;		/* device, by site index */
	uint32_t	 person;	/* pool ids, 0 for none: roster id, */
	uint32_t	 card;		/* card, */
	uint32_t	 plate;		/* plate, */
	uint32_t	 src;		/* source path, */
	uint32_t	 dig;		/* the source's digest, */
	uint32_t	 zone;		/* zone */
};

/* What one card, plate or face-named person last did. */
struct seen {
	struct hit	 last;		/* the last read */
	uint64_t	 key;		/* its key in the scan's keymap */
};

/* A card's or a person's standing at one ring boundary. */
struct side {
	struct hit	 last;		/* the last granted passage */
	int		 dir;		/* 1 in, 2 out, 0 none */
};

/* A plate or a visitor inside the site. */
struct stay {
	struct hit	 in;		/* the entry */
	int		 inside;	/* not seen leaving since */
};

/* A card's recent denials. */
struct denials {
	struct hit	 first;		/* the first of the run */
	struct hit	 last;		/* the latest */
	uint32_t	 card;		/* the card, by pool id */
	int		 n;		/* denials in the run */
	int		 reported;	/* the run is reported */
};

/* A denial at an instant a granted read of its gate shares. */
struct dtie {
	int64_t		 t;		/* its time */
	int64_t		 line;		/* its line */
	int64_t		 before;	/* the instant's granted reads before
					   it, in vg_ar_stream's order */
	int		 dev;		/* its gate */
};

/* One gate's recent reads, and how often it denies. */
struct gate {
	struct vg_row	*recent;	/* latest reads, a ring of nring */
	size_t		 nring;		/* its room */
	int64_t		 lastface;	/* the latest refused face naming
					   someone it holds, if anyface */
	int		 anyface;	/* one was pushed */
	size_t		 nrecent;	/* reads held */
	size_t		 head;		/* next slot */
	int64_t		*win;		/* times of the reads in the window,
					   from win[w0] */
	char		*windenied;	/* each denied */
	size_t		 w0;		/* the window's first (those before
					   it are forgotten, moved out once
					   they are half the array) */
	size_t		 nwin;		/* up to win[nwin - 1] */
	size_t		 wincap;	/* room */
	int		 nwindenied;	/* denials in the window */
	int64_t		 nreads;	/* reads so far */
	int64_t		 ndenied;	/* denials so far */
	int64_t		 burstend;	/* a reported burst lasts until */
	int64_t		*ng;		/* narrowed: the times of its reads
					   not granted, in order */
	size_t		 nng;		/* how many */
	size_t		 capng;		/* room */
	int64_t		*pt;		/* narrowed: the times its reads are
					   counted at, ascending */
	char		*ngk;		/* each one's kind: 0 no result, 1 not
					   denied, 2 denied */
	int64_t		*ptlt;		/* reads from the span's start to
					   before ptat[i] (exact) */
	int64_t		*pthi;		/* at least those to before each */
	int64_t		*ptat;		/* where ptlt[i] ends: pt[i] when it
					   is exact */
	size_t		 npt;		/* how many */
	size_t		 cappt;		/* room */
	struct vg_row	 pend[NPEND];	/* badge reads awaiting their window */
	size_t		 npend;		/* how many */
};

/* A read of a gate or a person its camera saw, held for the head count:
 * its row's fields by value and pool id (hrow_row makes the row again). */
struct hrow {
	int64_t		 t;		/* time (first seen), UTC us */
	int64_t		 last;		/* heads: last seen; reads:
					   VG_TIME_NONE */
	int64_t		 line;		/* line in its source */
	int64_t		 offset;	/* clock correction, or VG_TIME_NONE */
	double		 score;		/* confidence, or NAN */
	int64_t		 seq;		/* numbered in order, reads and heads
					   apart */
	int64_t		 rseq;		/* heads: the read accounting for it;
					   reads taken: the pool id of the
					   person the head's face names */
	int64_t		 prev;		/* the number of the one before it of
					   the same person, or -1 */
	const char	*c[3];		/* the library's names: reads'
					   credential, direction, result;
					   heads' kind, upper, lower */
	char		*trl;		/* heads: the track, when too long
					   for tr, else NULL */
	uint32_t	 pid;		/* its person's pool id, 0 for none */
	uint32_t	 card;		/* reads: pool ids of the card, */
	uint32_t	 plate;		/* the plate, */
	uint32_t	 zone;		/* the zone, */
	uint32_t	 src;		/* the source path */
	uint32_t	 dig;		/* and its digest */
	uint32_t	 ndir[2];	/* reads: the watch's reads in and
					   out so far, this one included
					   (modulo 2^32) */
	int		 dev;		/* device, by site index */
	signed char	 dir;		/* reads: 0 in, 1 out, -1 other */
	char		 granted;	/* reads: granted */
	char		 head;		/* a head (a sighting), not a read */
	char		 state;		/* heads: H_*; reads: taken */
	char		 tr[16];	/* heads: the track, when short */
};

enum { H_OPEN, H_MATCHED, H_EXTRA, H_DONE };

/* A head to match, by where its window ends. */
struct ripe {
	int64_t		 mid;		/* the middle of its time in view */
	size_t		 i;		/* its index */
};

/* A person at a watch: the latest granted read of the gate and head at
 * its camera, and the latest read and head held. */
struct hlast {
	int64_t		 rt;		/* the granted read's time */
	int64_t		 ht;		/* the head's middle */
	int64_t		 rtip;		/* the number of the latest read held,
					   or -1 */
	int64_t		 htip;		/* and of the latest head */
	int		 dir;		/* the read's way: 0 in, 1 out, -1 */
};

/* A camera that watches a gate: the reads and heads of the last minutes,
 * and how far its clock is off the gate's, as the faces both name say. */
struct watch {
	int		 gate;		/* the gate's device index */
	int		 face;		/* the camera names faces */
	struct hrow	*rd;		/* the gate's reads, in time order:
					   from rdb[rd0] */
	size_t		 nrd;		/* how many */
	struct hrow	*rdb;		/* their array (those before rd
					   forgotten, moved out once they
					   are as many as those held) */
	size_t		 rd0;		/* rd's index in it */
	size_t		 caprd;		/* its room */
	int64_t		 nextseq;	/* the next read's number */
	int64_t		 nexthd;	/* the next head's number */
	struct hrow	*hd;		/* the people seen, by first seen:
					   from hdb[hd0] */
	size_t		 nhd;		/* how many */
	struct hrow	*hdb;		/* their array, as rdb */
	size_t		 hd0;		/* hd's index in it */
	size_t		 caphd;		/* its room */
	size_t		 open;		/* the first not yet matched */
	struct ripe	*ripe;		/* heads to match now */
	size_t		 capripe;	/* room */
	size_t		 nextra;	/* matched to no read, not reported */
	size_t		 xlo;		/* the first of them */
	int64_t		 forget;	/* when to forget the oldest next */
	int64_t		 next;		/* when to decide again */
	int64_t		 samp[2][HRING]; /* the middle of a head's time in
					   view less its read's time, for the
					   latest faces, in and out */
	int64_t		 stime[2][HRING]; /* when each was seen (stream time) */
	int64_t		 nfaces[2];	/* faces paired with reads so far */
	int64_t		 off[4];	/* the offsets in and out, their
					   slacks, as worked out for offmin */
	int64_t		 offn[2];	/* the faces they were worked out of */
	int64_t		 offmin;	/* the minute they are of (its start,
					   stream time), 0 before the first */
	struct imap	 lastmap;	/* a person (pool id) */
	struct hlast	*last;		/* by lastmap value */
	size_t		 nlast;		/* how many */
	size_t		 nlastkept;	/* how many the last forgetting kept */
};

/* A zone's entries by hour of day, and who entered it when. */
struct hours {
	int64_t		 byhour[24];	/* granted entries, by local hour */
	int64_t		 n;		/* all of them */
};

struct scan {
	struct vg_archive *ar;		/* the archive */
	int		 visitz;	/* after-hours: the zone of the visit */
	uint32_t	 visit;		/* and the local hours it entered at */
	int64_t		 nread;		/* rows read, for progress */
	const struct vg_anomaly_opts *o; /* options */
	const struct vg_site *site;	/* its site */
	struct vg_tz	*tz;		/* the site's zone */
	struct map	 devmap;	/* device id to index */
	int		*ring;		/* ring by device, 0 unknown */
	int		*zone;		/* zone index by device, -1 */
	int		*vgate;		/* device is a vehicle gate */
	int		*door;		/* device is a building's door */
	const char	**zgate;	/* the codes of each zone's area gates
					   (passback's boundaries): from
					   zgate[zgate0[z]] */
	size_t		*zgate0;	/* up to zgate[zgate0[z + 1]] */
	int64_t		*off;		/* clock correction by device, as the
					   stream gives it */
	struct vg_ways	 ways;		/* the shortest ways over the links */
	double		 reach;		/* the longest of the shortest ways
					   between gates, metres, or -1 */
	struct imap	 keymap;	/* card, plate and face keys */
	struct seen	*seen;		/* by keymap value */
	size_t		 nseen;		/* how many */
	size_t		 capseen;	/* room */
	struct imap	 sidemap;	/* who and boundary */
	struct side	*side;		/* by sidemap value */
	size_t		 nside;		/* how many */
	struct pfirst	*pf;		/* a span's first passages of each */
	size_t		 npf;		/* how many */
	struct imap	 pcand;		/* passback's stored candidates, by
					   pcand_key */
	int		 stored;	/* passback by them, not by sidemap */
	struct imap	 claimed;	/* the sources (pool ids) whose
					   directions are a key pressed, not
					   a way walked (claimed_fn) */
	int		 allsrc;	/* claimed holds every such source */
	struct imap	 bydig;		/* else by digest (pool id): 1 such
					   a source, 2 not (is_claimed) */
	char		*tgate;		/* by device: a gate with a tailgating
					   row stored within the span; NULL
					   when none are stored (every gate
					   counted) */
	int64_t		 tlo, thi;	/* the first and last of those rows'
					   times (INT64_MAX, INT64_MIN:
					   none) */
	struct pcpos	*pcl;		/* the candidates' gates and times */
	size_t		 npcl;		/* how many */
	struct imap	 tfirst;	/* impossible-travel's stored rows: the
					   first of a pair, by pcand_key */
	struct imap	 tsecond;	/* the second of a pair */
	int		 tstored;	/* travel by them: only their rows */
	struct imap	 staymap;	/* plates */
	struct stay	*stay;		/* by staymap value */
	size_t		 nstay;		/* how many */
	int64_t		 staymax;	/* the longest completed stay, us */
	int64_t		*unread;	/* the vehicle gates' exits that read
					   no plate: their times */
	size_t		 nunread;	/* how many */
	size_t		 capunread;	/* room */
	int		 left;		/* the plate asked about was seen
					   leaving */
	struct imap	 visitors;	/* roster ids of visitors */
	struct imap	 guestmap;	/* visitors seen at the boundary */
	struct stay	*guest;		/* by guestmap value */
	size_t		 nguest;	/* how many */
	int		*edge;		/* device is a gate of the outermost
					   ring gates have */
	struct imap	 denymap;	/* cards denied */
	struct imap	 latemap;	/* who and zone of after-hours rows */
	int64_t		*late;		/* by latemap value: the row's time */
	size_t		 nlate;		/* how many */
	struct denials	*den;		/* by denymap value */
	size_t		 nden;		/* how many */
	size_t		 capden;	/* room */
	double		*lf;		/* log n!, by n */
	size_t		 nlf;		/* how many */
	int64_t		 sweep;		/* when to forget what can no longer
					   matter, stream time */
	struct gate	**gate;		/* by device, made at its first read */
	struct watch	**watch;	/* by camera: the gate it watches */
	int		*gw0;		/* cameras watching gate i: gw[gw0[i]]
					   up to gw[gw0[i + 1]] */
	int		*gw;		/* the camera's device index */
	struct hours	*zh;		/* entries by zone and hour */
	unsigned char	**open;		/* by zone: its open minutes as the
					   site gives them, or NULL */
	struct map	 pool;		/* every string of the rows held, once,
					   valued by its id: rows held point
					   into it */
	const char	**pstr;		/* the pool's strings by id, [0] NULL */
	size_t		 npstr;		/* ids given */
	struct pcache	 pc[NPCACHE];	/* devices and sources by address */
	struct pshort	*ps;		/* short strings by value, NRECENT */
	int64_t		 lastt;		/* the last row's time, finding */
	int64_t		 first;		/* the stream's first gate event's
					   time */
	vg_unlike_fn	 unlike;	/* whether a face is not a person's
					   look, or NULL: not asked */
	void		*uarg;		/* its argument */
	int		 failed;	/* a read failed: err says why */
	struct vg_anomaly *a;		/* found */
	size_t		 na;		/* how many */
	struct vg_error	*err;		/* where a failure goes */
	struct vg_pcand	*coll;		/* for the import's store: passback's
					   rows as candidates, not anomalies;
					   NULL: anomalies */
	size_t		 ncoll;		/* how many */
	int		 nlpart;	/* never-left's rows fed: 1 plates',
					   2 visitors', 3 both */
	struct pcpos	*nar;		/* narrowed: face-mismatch's refused
					   faces, denied-burst's denied cards
					   (dev -1 - card's pool id) */
	size_t		 nnar;		/* how many */
	struct dtie	*tie;		/* narrowed denied-burst: the denials
					   at an instant a granted read of
					   their gate shares */
	size_t		 ntie;		/* how many */
	size_t		 captie;	/* room */
	size_t		 ctie;		/* the next to be met (while they are
					   found: the instant's granted reads
					   so far) */
	int64_t		 tiet;		/* (while found) the instant */
	int		 tiedev;	/* and its gate */
	struct vg_row	*kept;		/* narrowed denied-burst: the rows not
					   granted as first read (dng_fn), for
					   the rule after (their strings in
					   kstr, at ks) */
	size_t		 nkept;		/* how many */
	size_t		 capkept;	/* room */
	size_t		*ks;		/* each kept row's KSTR strings'
					   places in kstr, + 1 (0: NULL) */
	struct vg_buf	 kstr;		/* their bytes */
};

/* A kept row's strings (scan's kept), in this order. */
#define KSTR		16
#define KSTR_FIELDS(r)	{ &(r)->device, &(r)->zone, &(r)->track,	\
	&(r)->person, &(r)->name, &(r)->credential, &(r)->card,		\
	&(r)->plate, &(r)->direction, &(r)->result, &(r)->kind,		\
	&(r)->upper, &(r)->lower, &(r)->attrs, &(r)->source, &(r)->digest }

static const char *cached(struct scan *, const char *, int *, uint32_t *);
static void denied_card(struct scan *, const struct vg_row *,
    const struct hit *);
static void denied_gate(struct scan *, const struct vg_row *, struct gate *);
static void denied_test(struct scan *, const struct vg_row *, struct gate *,
    int64_t, int64_t);
static int by_int64(const void *, const void *);
static size_t times_before(const int64_t *, size_t, int64_t, int);
static int res_is(const char *, int);
static uint64_t pcand_key(int64_t, int, int64_t);
static int tail_streams(struct scan *, const char **, size_t, int64_t,
    int64_t);
static int row_fn(const struct vg_row *, void *);
static int learn_fn(const struct vg_row *, void *);
static int scan_run(struct vg_archive *, const struct vg_site *,
    const struct vg_anomaly_opts *, vg_unlike_fn, void *,
    struct vg_anomaly **, size_t *, struct vg_pcand **, size_t *,
    struct vg_error *);

static void
map_free(struct map *m)
{
	size_t	i;

	for (i = 0; i < m->cap; i++)
		free(m->s[i].key);
	free(m->s);
	memset(m, 0, sizeof(*m));
}

/* A key's hash, its length and its first bytes. */
static uint64_t
map_hash(const char *key, size_t *len, char pre[8])
{
	uint64_t	h = 0x9e3779b97f4a7c15ULL, w;
	size_t		n = strlen(key), i;

	*len = n;
	memset(pre, 0, 8);
	memcpy(pre, key, n < 8 ? n : 8);
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, key + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, key + i, n - i);
	h = (h ^ w ^ n) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ h >> 29;
}

/* Whether slot x holds key, of length len and first bytes pre. */
static int
map_same(const struct slot *x, uint64_t h, const char *key, size_t len,
    const char pre[8])
{
	return x->hash == h && x->len == len && memcmp(x->pre, pre, 8) == 0 &&
	    (len <= 8 || memcmp(x->key + 8, key + 8, len - 8) == 0);
}

/*
 * The slot of key; when absent, *fresh is set and the key is added with
 * value next.
 */
static struct slot *
map_slot(struct map *m, const char *key, size_t next, int *fresh)
{
	struct slot	*old;
	size_t		 i, j, oldcap, mask, len;
	char		 pre[8];
	uint64_t	 h = map_hash(key, &len, pre);

	if (2 * (m->n + 1) > m->cap) {
		old = m->s;
		oldcap = m->cap;
		m->cap = m->cap ? 2 * m->cap : 64;
		m->s = xcalloc(m->cap, sizeof(*m->s));
		mask = m->cap - 1;
		for (i = 0; i < oldcap; i++) {
			if (old[i].key == NULL)
				continue;
			j = old[i].hash & mask;
			while (m->s[j].key != NULL)
				j = (j + 1) & mask;
			m->s[j] = old[i];
		}
		free(old);
	}
	mask = m->cap - 1;
	for (i = h & mask; m->s[i].key != NULL; i = (i + 1) & mask)
		if (map_same(&m->s[i], h, key, len, pre)) {
			*fresh = 0;
			return &m->s[i];
		}
	m->s[i].key = xstrdup(key);
	m->s[i].val = (uint32_t)next;
	m->s[i].hash = h;
	m->s[i].len = (uint32_t)len;
	memcpy(m->s[i].pre, pre, 8);
	m->n++;
	*fresh = 1;
	return &m->s[i];
}

/* The value of key; when absent, it is added with value next, *fresh set. */
static size_t
map_get(struct map *m, const char *key, size_t next, int *fresh)
{
	return map_slot(m, key, next, fresh)->val;
}

/* The slot holding key, or NULL. */
static const struct slot *
map_find(const struct map *m, const char *key)
{
	size_t		 i, mask, len;
	char		 pre[8];
	uint64_t	 h;

	if (key == NULL || m->cap == 0)
		return NULL;
	mask = m->cap - 1;
	h = map_hash(key, &len, pre);
	for (i = h & mask; m->s[i].key != NULL; i = (i + 1) & mask)
		if (map_same(&m->s[i], h, key, len, pre))
			return &m->s[i];
	return NULL;
}

static void
imap_free(struct imap *m)
{
	free(m->e);
	memset(m, 0, sizeof(*m));
}

static size_t
imap_hash(uint64_t key, size_t mask)
{
	key *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(key ^ key >> 31) & mask;
}

/* The value of key (never 0); when absent, it is added with value next
 * and *fresh set. */
static uint32_t
imap_get(struct imap *m, uint64_t key, size_t next, int *fresh)
{
	struct ient	*old;
	size_t		 i, j, oldcap, mask;

	if (2 * (m->n + 1) > m->cap) {
		old = m->e;
		oldcap = m->cap;
		m->cap = m->cap ? 2 * m->cap : 64;
		m->e = xcalloc(m->cap, sizeof(*m->e));
		mask = m->cap - 1;
		for (i = 0; i < oldcap; i++) {
			if (old[i].k == 0)
				continue;
			for (j = imap_hash(old[i].k, mask); m->e[j].k != 0;
			    j = (j + 1) & mask)
				;
			m->e[j] = old[i];
		}
		free(old);
	}
	mask = m->cap - 1;
	for (i = imap_hash(key, mask); m->e[i].k != 0; i = (i + 1) & mask)
		if (m->e[i].k == key) {
			*fresh = 0;
			return m->e[i].v;
		}
	m->e[i].k = key;
	m->e[i].v = (uint32_t)next;
	m->n++;
	*fresh = 1;
	return (uint32_t)next;
}

/* The value of key, or -1 when absent. */
static int64_t
imap_find(const struct imap *m, uint64_t key)
{
	size_t	i, mask;

	if (m->cap == 0)
		return -1;
	mask = m->cap - 1;
	for (i = imap_hash(key, mask); m->e[i].k != 0; i = (i + 1) & mask)
		if (m->e[i].k == key)
			return m->e[i].v;
	return -1;
}

static int
imap_has(const struct imap *m, uint64_t key)
{
	return imap_find(m, key) != -1;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
vg_row_free(struct vg_row *r)
{
	free((char *)r->device);
	free((char *)r->zone);
	free((char *)r->track);
	free((char *)r->person);
	free((char *)r->name);
	free((char *)r->credential);
	free((char *)r->card);
	free((char *)r->plate);
	free((char *)r->direction);
	free((char *)r->result);
	free((char *)r->kind);
	free((char *)r->upper);
	free((char *)r->lower);
	free((char *)r->attrs);
	free((char *)r->source);
	free((char *)r->digest);
	memset(r, 0, sizeof(*r));
}

/* Copy a row with its strings, freeing what dst held. */
void
vg_row_copy(struct vg_row *dst, const struct vg_row *src)
{
	struct vg_row	r = *src;

	r.device = dup_or_null(src->device);
	r.zone = dup_or_null(src->zone);
	r.track = dup_or_null(src->track);
	r.person = dup_or_null(src->person);
	r.name = dup_or_null(src->name);
	r.credential = dup_or_null(src->credential);
	r.card = dup_or_null(src->card);
	r.plate = dup_or_null(src->plate);
	r.direction = dup_or_null(src->direction);
	r.result = dup_or_null(src->result);
	r.kind = dup_or_null(src->kind);
	r.upper = dup_or_null(src->upper);
	r.lower = dup_or_null(src->lower);
	r.attrs = dup_or_null(src->attrs);
	r.source = dup_or_null(src->source);
	r.digest = dup_or_null(src->digest);
	vg_row_free(dst);
	*dst = r;
}

static int
is(const char *s, const char *v)
{
	return s != NULL && strcmp(s, v) == 0;
}

static int
devindex(struct scan *s, const char *id)
{
	const struct slot	*sl = map_find(&s->devmap, id);

	return sl != NULL ? (int)sl->val : -1;
}

/* Array p of n things of size, with room for one more: doubled when n
 * reaches a power of two (the scan's arrays hold a campus's cards). */
static void *
grow(void *p, size_t n, size_t size)
{
	if (n < 16 ? n != 0 : (n & (n - 1)) != 0)
		return p;
	return xreallocarray(p, n < 16 ? 32 : 2 * n, size);
}

/* Array p of n things of size, room *cap, with room for one more: for
 * arrays that forget their oldest and grow again, never shrunk. */
static void *
reserve(void *p, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? 2 * *cap : 32;
	return xreallocarray(p, *cap, size);
}

/* The same, once it holds n, given back by halves while it holds less
 * than a quarter of its room. */
static void *
trim(void *p, size_t n, size_t *cap, size_t size)
{
	if (*cap <= 64 || n >= *cap / 4)
		return p;
	*cap /= 2;
	return xreallocarray(p, *cap, size);
}

/* The id of str in the scan's pool (0 for NULL), added when new. */
static uint32_t
pool_id(struct scan *s, const char *str)
{
	struct pshort	*c = NULL;
	struct slot	*sl;
	uint64_t	 w = 0, x;
	size_t		 n;
	int		 fresh;

	if (str == NULL)
		return 0;
	if ((n = strnlen(str, 9)) <= 8) {
		memcpy(&w, str, n);
		x = w * 0x9e3779b97f4a7c15ULL;
		c = &s->ps[(x ^ x >> 29) & (NRECENT - 1)];
		if (c->w == w && c->id != 0)
			return c->id;
	}
	sl = map_slot(&s->pool, str, s->npstr, &fresh);
	if (fresh) {
		s->pstr = grow(s->pstr, s->npstr, sizeof(*s->pstr));
		s->pstr[s->npstr++] = sl->key;
	}
	if (c != NULL) {
		c->w = w;
		c->id = sl->val;
	}
	return (uint32_t)sl->val;
}

/* A held row as a row again, its strings the pool's. */
static const struct vg_row *
unpack(const struct scan *s, const struct hit *h, struct vg_row *r)
{
	memset(r, 0, sizeof(*r));
	r->type = VG_ROW_GATE;
	r->t = h->t;
	r->last = VG_TIME_NONE;
	r->device = s->site->devices[h->dev].id;
	r->zone = s->pstr[h->zone];
	r->person = s->pstr[h->person];
	r->card = s->pstr[h->card];
	r->plate = s->pstr[h->plate];
	r->credential = h->cred;
	r->direction = h->dir;
	r->result = h->res;
	r->score = h->score;
	r->source = s->pstr[h->src];
	r->digest = s->pstr[h->dig];
	r->line = h->line;
	r->offset = s->off[h->dev];
	return r;
}

/* A heap entry while finding the fastest ways. */
struct hent {
	double		 d;		/* seconds so far */
	int		 v;		/* device */
};

static void
heap_push(struct hent **h, size_t *n, size_t *cap, double d, int v)
{
	size_t		i, p;
	struct hent	t;

	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*h = xreallocarray(*h, *cap, sizeof(**h));
	}
	i = (*n)++;
	(*h)[i].d = d;
	(*h)[i].v = v;
	for (; i > 0 && (*h)[p = (i - 1) / 2].d > (*h)[i].d; i = p) {
		t = (*h)[p];
		(*h)[p] = (*h)[i];
		(*h)[i] = t;
	}
}

static struct hent
heap_pop(struct hent *h, size_t *n)
{
	struct hent	top = h[0], t;
	size_t		i = 0, c;

	h[0] = h[--*n];
	for (;;) {
		c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && h[c + 1].d < h[c].d)
			c++;
		if (h[i].d <= h[c].d)
			break;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
		i = c;
	}
	return top;
}

/* Two devices by id (none last), then by their places in the site. */
static int
dev_by_id(const void *a, const void *b)
{
	const struct vg_device	*x = *(const struct vg_device *const *)a;
	const struct vg_device	*y = *(const struct vg_device *const *)b;
	int			 c;

	if (x->id == NULL || y->id == NULL)
		c = (x->id == NULL) - (y->id == NULL);
	else
		c = strcmp(x->id, y->id);
	return c != 0 ? c : (x > y) - (x < y);
}

/* vg_site_device by byid, the n devices sorted by dev_by_id: the first
 * in the site of that id, or NULL. */
static const struct vg_device *
device_by_id(const struct vg_device *const *byid, size_t n, const char *id)
{
	size_t	lo = 0, hi = n, m;

	if (id == NULL)
		return NULL;
	while (lo < hi) {
		m = lo + (hi - lo) / 2;
		if (byid[m]->id != NULL && strcmp(byid[m]->id, id) < 0)
			lo = m + 1;
		else
			hi = m;
	}
	return lo < n && byid[lo]->id != NULL && strcmp(byid[lo]->id, id) ==
	    0 ? byid[lo] : NULL;
}

/*
 * A site's links as adjacency lists (both ways unless directed), for
 * vg_ways_metres.
 */
void
vg_ways_init(struct vg_ways *w, const struct vg_site *site)
{
	size_t		 i, k, n = site->ndevices;
	int		*deg, *end, x, y;
	double		 len;
	const struct vg_device *d, *e, **byid;

	memset(w, 0, sizeof(*w));
	w->site = site;
	w->fast = xcalloc(n + 1, sizeof(*w->fast));
	w->quick = xcalloc(n + 1, sizeof(*w->quick));
	deg = xcalloc(n + 1, sizeof(*deg));
	/* each link's ends by site index, -1 for a device the site lacks
	   (by the devices sorted by id: vg_site_device's scan of them, two
	   a link, was a tenth of a campus hour's scan) */
	byid = xcalloc(n + 1, sizeof(*byid));
	for (i = 0; i < n; i++)
		byid[i] = &site->devices[i];
	vg_qsort(byid, n, sizeof(*byid), dev_by_id);
	end = xcalloc(2 * site->nlinks + 1, sizeof(*end));
	for (k = 0; k < site->nlinks; k++) {
		d = device_by_id(byid, n, site->links[k].from);
		e = device_by_id(byid, n, site->links[k].to);
		end[2 * k] = d != NULL && e != NULL ? (int)(d - site->devices) :
		    -1;
		end[2 * k + 1] = e != NULL ? (int)(e - site->devices) : -1;
		if (end[2 * k] == -1)
			continue;
		deg[end[2 * k]]++;
		if (!site->links[k].directed)
			deg[end[2 * k + 1]]++;
	}
	w->adj0 = xcalloc(n + 1, sizeof(*w->adj0));
	w->adj = xcalloc(2 * site->nlinks + 1, sizeof(*w->adj));
	w->adjw = xcalloc(2 * site->nlinks + 1, sizeof(*w->adjw));
	w->adjt = xcalloc(2 * site->nlinks + 1, sizeof(*w->adjt));
	for (i = 0; i < n; i++)
		w->adj0[i + 1] = w->adj0[i] + deg[i];
	memset(deg, 0, (n + 1) * sizeof(*deg));
	for (k = 0; k < site->nlinks; k++) {
		if ((x = end[2 * k]) == -1)
			continue;
		y = end[2 * k + 1];
		w->adj[w->adj0[x] + deg[x]] = y;
		len = hypot(site->devices[x].x - site->devices[y].x,
		    site->devices[x].y - site->devices[y].y);
		w->adjt[w->adj0[x] + deg[x]] = site->links[k].min;
		w->adjw[w->adj0[x] + deg[x]++] = len;
		if (site->links[k].directed)
			continue;
		w->adj[w->adj0[y] + deg[y]] = x;
		w->adjt[w->adj0[y] + deg[y]] = site->links[k].min;
		w->adjw[w->adj0[y] + deg[y]++] = len;
	}
	free(end);
	free(deg);
	free(byid);
}

void
vg_ways_free(struct vg_ways *w)
{
	size_t	i;

	for (i = 0; w->fast != NULL && i < w->site->ndevices; i++) {
		free(w->fast[i]);
		free(w->quick[i]);
	}
	free(w->fast);
	free(w->quick);
	free(w->adj0);
	free(w->adj);
	free(w->adjw);
	free(w->adjt);
	memset(w, 0, sizeof(*w));
}

/*
 * The least sum of weights wt (by link) from device a to each device,
 * along the site's links (Dijkstra), or, where no chain of links joins
 * them, the straight line in metres over per (a pace, or 1): kept in
 * cache[a] once computed.
 */
static const double *
ways_from(struct vg_ways *w, int a, const double *wt, double **cache,
    double per)
{
	const struct vg_site	*site = w->site;
	size_t			 n = site->ndevices, i, nh = 0, caph = 0;
	struct hent		*h = NULL, e;
	double			*d;
	int			 k;

	if ((d = cache[a]) != NULL)
		return d;
	d = cache[a] = xcalloc(n, sizeof(*d));
	for (i = 0; i < n; i++)
		d[i] = INFINITY;
	d[a] = 0;
	heap_push(&h, &nh, &caph, 0, a);
	while (nh > 0) {
		e = heap_pop(h, &nh);
		if (e.d > d[e.v])
			continue;
		for (k = w->adj0[e.v]; k < w->adj0[e.v + 1]; k++)
			if (e.d + wt[k] < d[w->adj[k]]) {
				d[w->adj[k]] = e.d + wt[k];
				heap_push(&h, &nh, &caph, d[w->adj[k]],
				    w->adj[k]);
			}
	}
	free(h);
	for (i = 0; i < n; i++)
		if (isinf(d[i]))
			d[i] = hypot(site->devices[a].x - site->devices[i].x,
			    site->devices[a].y - site->devices[i].y) / per;
	return d;
}

/*
 * The shortest way from device a to device b (site indexes), in metres:
 * along the site's links, each as long as the straight line between its
 * devices, or, where no chain of links joins them, the straight line.
 */
double
vg_ways_metres(struct vg_ways *w, int a, int b)
{
	return a == b ? 0 : ways_from(w, a, w->adjw, w->fast, 1)[b];
}

/*
 * The quickest way from device a to device b, in seconds, as the site's
 * links time it: the least sum of their min transits, or, where no chain
 * of links joins them, the straight line at pace metres a second.
 */
double
vg_ways_seconds(struct vg_ways *w, int a, int b, double pace)
{
	return a == b ? 0 : ways_from(w, a, w->adjt, w->quick, pace)[b];
}

static void
fmt_time(struct scan *s, int64_t t, char *buf, size_t len)
{
	char	full[VG_TIME_BUFSZ], *sp;

	vg_time_format(s->tz, t, full, sizeof(full));
	/* the clock time only, as a person says it: 14:02:00 */
	if ((sp = strchr(full, ' ')) != NULL || (sp = strchr(full, 'T')) !=
	    NULL)
		snprintf(buf, len, "%.8s", sp + 1);
	else
		snprintf(buf, len, "%.15s", full);
}

/* Two instants, a before b, as clock times (fmt_time), each with its date
 * when they are not on one day of the site's. */
static void
fmt_times(struct scan *s, int64_t a, int64_t b, char *ba, char *bb,
    size_t len)
{
	char	fa[VG_TIME_BUFSZ], fb[VG_TIME_BUFSZ];

	vg_time_format(s->tz, a, fa, sizeof(fa));
	vg_time_format(s->tz, b, fb, sizeof(fb));
	if (strncmp(fa, fb, 10) == 0 || strlen(fa) < 19 || strlen(fb) < 19) {
		fmt_time(s, a, ba, len);
		fmt_time(s, b, bb, len);
	} else {
		snprintf(ba, len, "%.10s %.8s", fa, fa + 11);
		snprintf(bb, len, "%.10s %.8s", fb, fb + 11);
	}
}

static void
fmt_span(int64_t us, char *buf, size_t len)
{
	int64_t	sec = (us + US / 2) / US;

	if (sec < 60)
		snprintf(buf, len, "%lld s", (long long)sec);
	else if (sec < 3600)
		snprintf(buf, len, "%lld min %lld s", (long long)(sec / 60),
		    (long long)(sec % 60));
	else
		snprintf(buf, len, "%lld h %02lld min", (long long)(sec / 3600),
		    (long long)(sec / 60 % 60));
}


/* A new anomaly at the end of *a (of *na), its evidence copied; the
 * caller writes the reason.  Shared with the stranger rule (anomaly-seen.c). */
struct vg_anomaly *
vg_anomaly_push(struct vg_archive *ar, struct vg_anomaly **all, size_t *na,
    enum vg_anomaly_kind kind, const struct vg_row *at, double score,
    const struct vg_row *const *ev, size_t nev)
{
	struct vg_anomaly	*a;
	struct vg_buf		 key = { NULL, 0, 0 };
	size_t			 i;

	*all = grow(*all, *na, sizeof(**all));
	a = &(*all)[(*na)++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->t = at->t;
	a->device = dup_or_null(at->device);
	a->zone = dup_or_null(at->zone);
	a->score = score;
	a->ev = xcalloc(nev + 1, sizeof(*a->ev));
	for (i = 0; i < nev; i++) {
		vg_row_copy(&a->ev[a->nev], ev[i]);
		a->ev[a->nev].vec = NULL;
		a->ev[a->nev].nvec = 0;
		/* the lean read names no one: the roster does, here */
		if (a->ev[a->nev].person != NULL && a->ev[a->nev].name == NULL)
			(void)vg_ar_person(ar, a->ev[a->nev].person,
			    (char **)&a->ev[a->nev].name, NULL);
		a->nev++;
	}
	/* the id names the kind and hashes what makes it (each row by its
	   file's digest and line, not the file's path: the same logs imported
	   from another folder give the same ids), so that a scan of the same
	   archive over any span holding it finds it again */
	vg_buf_fmt(&key, "%d", (int)kind);
	for (i = 0; i < nev; i++)
		vg_buf_fmt(&key, "|%s:%lld", ev[i]->digest != NULL ?
		    ev[i]->digest : ev[i]->source, (long long)ev[i]->line);
	snprintf(a->id, sizeof(a->id), "%c%c-%08llx",
	    id_first[kind], id_second[kind],
	    (unsigned long long)(vg_fnv(key.s, key.len) & 0xffffffffULL));
	free(key.s);
	return a;
}

static struct vg_anomaly *
found(struct scan *s, enum vg_anomaly_kind kind, const struct vg_row *at,
    double score, const struct vg_row *const *ev, size_t nev)
{
	return vg_anomaly_push(s->ar, &s->a, &s->na, kind, at, score, ev, nev);
}

/* Whether instant t is outside the span asked for: the head count's
 * lead-in or lead-out, read for the reads and heads around its ends. */
static int
outside(const struct scan *s, int64_t t)
{
	return (s->o->from != VG_TIME_NONE && t < s->o->from) ||
	    (s->o->to != VG_TIME_NONE && t > s->o->to);
}

static void
set_who(struct vg_anomaly *a, const struct vg_row *r)
{
	if (a->person == NULL && r->person != NULL)
		a->person = xstrdup(r->person);
	if (a->card == NULL && r->card != NULL)
		a->card = xstrdup(r->card);
	if (a->plate == NULL && r->plate != NULL)
		a->plate = xstrdup(r->plate);
}

static const char *
who_of(const struct vg_row *r, char *buf, size_t len)
{
	if (r->card != NULL)
		snprintf(buf, len, "card %s", r->card);
	else if (r->plate != NULL)
		snprintf(buf, len, "plate %s", r->plate);
	else if (r->person != NULL && r->credential != NULL &&
	    !is(r->credential, "none"))
		snprintf(buf, len, "%s (%s)", r->person, r->credential);
	else if (r->person != NULL)
		snprintf(buf, len, "%s", r->person);
	else
		snprintf(buf, len, "someone");
	return buf;
}

/* impossible-travel: one credential at two devices too far apart. */
static void
travel(struct scan *s, const struct vg_row *r, const struct hit *h)
{
	char			 ta[16], tb[16], dt[32], way[32], w[128];
	const struct vg_row	*ev[2];
	struct vg_row		 prev;
	struct vg_anomaly	*a;
	struct seen		*sn;
	uint64_t		 key, at;
	size_t			 i;
	int			 fresh, second = 1;
	double			 metres, need;
	int64_t			 gap;

	if (is(r->result, "alarm"))
		return;
	/* one key a credential: its kind above its pool id */
	if (h->card != 0)
		key = 1ULL << 32 | h->card;
	else if (h->plate != 0 && is(r->credential, "plate"))
		key = 2ULL << 32 | h->plate;
	else if (h->person != 0 && is(r->credential, "face") &&
	    is(r->result, "granted"))
		key = 3ULL << 32 | h->person;
	else
		return;
	/* by the import's store: its pairs' rows alone, a second against
	   its first (the row of its credential before it, in any scan that
	   holds both), a first only held */
	if (s->tstored) {
		at = pcand_key(r->t, h->dev, r->line);
		second = imap_has(&s->tsecond, at);
		if (!second && !imap_has(&s->tfirst, at))
			return;
	}
	i = imap_get(&s->keymap, key, s->nseen, &fresh);
	if (fresh) {
		s->seen = reserve(s->seen, s->nseen, &s->capseen,
		    sizeof(*s->seen));
		s->seen[s->nseen].key = key;
		s->nseen++;
	}
	sn = &s->seen[i];
	if (!fresh && sn->last.dev != h->dev && second) {
		metres = vg_ways_metres(&s->ways, sn->last.dev, h->dev);
		need = metres / (key >> 32 == 2 ? s->o->drive : s->o->pace) *
		    US;
		gap = r->t - sn->last.t;
		if ((double)gap < need - (double)s->o->tolerance) {
			ev[0] = unpack(s, &sn->last, &prev);
			ev[1] = r;
			a = found(s, VG_AN_TRAVEL, r, 1.0 - (double)gap / need,
			    ev, 2);
			set_who(a, r);
			fmt_time(s, sn->last.t, ta, sizeof(ta));
			fmt_time(s, r->t, tb, sizeof(tb));
			fmt_span(gap, dt, sizeof(dt));
			fmt_span((int64_t)need, way, sizeof(way));
			xasprintf(&a->reason, "%s at %s %s and at %s %s: %.0f m"
			    " apart, %s; the shortest way takes %s at %.1f m/s",
			    who_of(r, w, sizeof(w)), prev.device, ta,
			    r->device, tb, metres, dt, way, key >> 32 == 2 ?
			    s->o->drive : s->o->pace);
		}
	}
	sn->last = *h;
}

/* The gate's reads within window before r, newest first, matching want. */
static const struct vg_row *
recent(const struct gate *g, const struct vg_row *r, int64_t window,
    int (*want)(const struct vg_row *, const struct vg_row *), size_t *skip)
{
	const struct vg_row	*p;
	size_t			 k, i;

	for (k = *skip; k < g->nrecent; k++) {
		i = (g->head + g->nring - 1 - k) % g->nring;
		p = &g->recent[i];
		if (r->t - p->t > window)
			break;
		if (want(p, r)) {
			*skip = k + 1;
			return p;
		}
	}
	*skip = g->nrecent;
	return NULL;
}

/* Whether reads p and r went the same way, or either way is not known. */
static int
same_way(const struct vg_row *p, const struct vg_row *r)
{
	return p->direction == NULL || r->direction == NULL ||
	    strcmp(p->direction, r->direction) == 0 || is(p->direction,
	    "unknown") || is(r->direction, "unknown");
}

static int
want_grant(const struct vg_row *p, const struct vg_row *r)
{
	return is(p->result, "granted") && same_way(p, r);
}

/* tailgating: an alarm or a passage with no credential right after a grant. */
static void
tailgate(struct scan *s, const struct vg_row *r, struct gate *g)
{
	const struct vg_row	*p, *ev[2];
	struct vg_anomaly	*a;
	char			 t[16], dt[32], w[128];
	size_t			 skip = 0;

	if (!is(r->result, "alarm") && !(is(r->credential, "none") &&
	    !is(r->result, "denied")))
		return;
	if ((p = recent(g, r, s->o->tailgate, want_grant, &skip)) == NULL)
		return;
	ev[0] = p;
	ev[1] = r;
	a = found(s, VG_AN_TAILGATE, r, 1.0 - 0.5 * (double)(r->t - p->t) /
	    (double)s->o->tailgate, ev, 2);
	set_who(a, p);
	fmt_time(s, r->t, t, sizeof(t));
	fmt_span(r->t - p->t, dt, sizeof(dt));
	xasprintf(&a->reason, "%s %s at %s %s, %s after %s was granted %s",
	    is(r->result, "alarm") ? "alarm" : "a passage with no credential",
	    r->direction != NULL ? r->direction : "", r->device, t, dt,
	    who_of(p, w, sizeof(w)), p->direction != NULL ? p->direction :
	    "");
}

/*
 * tailgating by head count: the people a gate's camera sees come through
 * against the gate's reads.  Each head (a track of a person, first to
 * last seen) takes one read of the gate within its time in view, the
 * camera's clock set by the faces both name (a read of the person the
 * head names first; else the earliest read no other head of that person
 * wants).  A head no read accounts for, within seconds of a head whose
 * read was granted, came through on someone else's: one row.
 */

/* Which of a watch's offsets a read's direction has: 0 in, 1 out, -1. */
static int
hdir(const struct vg_row *r)
{
	return is(r->direction, "in") ? 0 : is(r->direction, "out") ? 1 : -1;
}

/* Where the camera puts someone the gate read going way k: the median of
 * the faces' offsets (the middle of the head's time in view less the
 * read's time), or VG_TIME_NONE before there are enough of them; *slack,
 * how far from it a read may be: three times the offsets' median
 * deviation from theirs, at least HSLACK. */
/* The value that would be v[k] were v (n of them) sorted; v reordered
 * (Wirth's selection). */
static int64_t
nth(int64_t *v, size_t n, size_t k)
{
	int64_t	p, x;
	long	lo = 0, hi = (long)n - 1, i, j, kk = (long)k;

	while (lo < hi) {
		p = v[kk];
		i = lo;
		j = hi;
		do {
			while (v[i] < p)
				i++;
			while (p < v[j])
				j--;
			if (i <= j) {
				x = v[i], v[i] = v[j], v[j] = x;
				i++;
				j--;
			}
		} while (i <= j);
		if (j < kk)
			lo = i;
		if (kk < i)
			hi = j;
	}
	return v[kk];
}

static int64_t
watch_offset(const struct watch *w, int k, int64_t at, int64_t *slack,
    int64_t *used)
{
	int64_t	v[HSAMP], m, d, j;
	size_t	i, n;

	*slack = HSLACK;
	*used = 0;
	if (k == -1)
		return VG_TIME_NONE;
	/* the latest HSAMP seen in the HOFFW before instant at, from the
	   latest back */
	for (n = 0, j = w->nfaces[k] - 1; j >= 0 && j >= w->nfaces[k] -
	    HRING && n < HSAMP; j--) {
		if (w->stime[k][j % HRING] >= at)
			continue;
		if (w->stime[k][j % HRING] < at - HOFFW)
			break;
		v[n++] = w->samp[k][j % HRING];
	}
	*used = (int64_t)n;
	if (n < HMINSAMP)
		return VG_TIME_NONE;
	m = nth(v, n, n / 2);
	for (i = 0; i < n; i++)
		v[i] = llabs(v[i] - m);
	d = nth(v, n, n / 2);
	if (3 * d > *slack)
		*slack = 3 * d;
	return m;
}

static int64_t
mid(const struct vg_row *r)
{
	return r->last != VG_TIME_NONE && r->last > r->t ? r->t +
	    (r->last - r->t) / 2 : r->t;
}

static int64_t
hmid(const struct hrow *h)
{
	return h->last != VG_TIME_NONE && h->last > h->t ? h->t + (h->last -
	    h->t) / 2 : h->t;
}

/* Row r held at the end of the rows *a (n of them, from (*base)[*off],
 * room *cap): its strings by the pool ids of x (zone, source, digest;
 * a read's person, card and plate, a head's person alone) or, for the
 * track, copied. */
static struct hrow *
watch_add(struct hrow **a, size_t *n, struct hrow **base, size_t *off,
    size_t *cap, const struct vg_row *r, const struct hit *x)
{
	struct hrow	*h;
	size_t		 len;

	if (*off > 0 && *off + *n >= *cap) {
		memmove(*base, *a, *n * sizeof(**a));
		*off = 0;
	}
	*base = reserve(*base, *n, cap, sizeof(**base));
	*a = *base + *off;
	h = &(*a)[(*n)++];
	h->t = r->t;
	h->last = r->last;
	h->line = r->line;
	h->offset = r->offset;
	h->score = r->score;
	h->rseq = 0;
	h->trl = NULL;
	h->pid = x->person;
	h->zone = x->zone;
	h->src = x->src;
	h->dig = x->dig;
	h->dev = x->dev;
	h->state = 0;
	h->head = r->type == VG_ROW_SIGHTING;
	if (h->head) {
		h->c[0] = r->kind;
		h->c[1] = r->upper;
		h->c[2] = r->lower;
		h->card = h->plate = 0;
		h->dir = -1;
		h->granted = 0;
		h->tr[0] = '\0';
		if (r->track != NULL && (len = strlen(r->track)) < sizeof(h->tr))
			memcpy(h->tr, r->track, len + 1);
		else
			h->trl = xstrdup(r->track != NULL ? r->track : "");
	} else {
		h->c[0] = r->credential;
		h->c[1] = r->direction;
		h->c[2] = r->result;
		h->card = x->card;
		h->plate = x->plate;
		h->dir = (signed char)hdir(r);
		h->granted = is(r->result, "granted");
	}
	return h;
}

/* A head's track. */
static const char *
htrack(const struct hrow *h)
{
	return h->trl != NULL ? h->trl : h->tr;
}

/* Held row h as a row again, its strings the pool's and the site's. */
static const struct vg_row *
hrow_row(const struct scan *s, const struct hrow *h, struct vg_row *r)
{
	memset(r, 0, sizeof(*r));
	r->type = h->head ? VG_ROW_SIGHTING : VG_ROW_GATE;
	r->t = h->t;
	r->last = h->last;
	r->device = s->site->devices[h->dev].id;
	r->zone = s->pstr[h->zone];
	r->person = s->pstr[h->pid];
	r->card = s->pstr[h->card];
	r->plate = s->pstr[h->plate];
	if (h->head) {
		r->track = htrack(h);
		r->kind = h->c[0];
		r->upper = h->c[1];
		r->lower = h->c[2];
	} else {
		r->credential = h->c[0];
		r->direction = h->c[1];
		r->result = h->c[2];
	}
	r->score = h->score;
	r->source = s->pstr[h->src];
	r->digest = s->pstr[h->dig];
	r->line = h->line;
	r->offset = h->offset;
	return r;
}

static struct hlast *
watch_last(struct watch *w, uint32_t id)
{
	struct hlast	*l;
	uint32_t	 i;
	int		 fresh;

	i = imap_get(&w->lastmap, id, w->nlast, &fresh);
	if (fresh) {
		w->last = grow(w->last, w->nlast, sizeof(*w->last));
		l = &w->last[w->nlast++];
		l->rt = l->ht = VG_TIME_NONE;
		l->rtip = l->htip = -1;
		l->dir = -1;
	}
	return &w->last[i];
}

static void
watch_sample(struct watch *w, int k, int64_t t, int64_t d)
{
	if (k == -1)
		return;
	w->samp[k][w->nfaces[k] % HRING] = d;
	w->stime[k][w->nfaces[k] % HRING] = t;
	w->nfaces[k]++;
}

/* Row h, just held (numbered from *next), of person pid: the latest of
 * that person's chain of reads or heads, which the matching walks
 * instead of every row held; the person at w, or NULL for no one. */
static struct hlast *
watch_hold(struct watch *w, struct hrow *h, int64_t *next, uint32_t pid,
    int head)
{
	struct hlast	*l;
	int64_t		*tip;

	h->seq = (*next)++;
	h->prev = -1;
	if (pid == 0)
		return NULL;
	l = watch_last(w, pid);
	tip = head ? &l->htip : &l->rtip;
	h->prev = *tip;
	*tip = h->seq;
	return l;
}

/* The row numbered seq of a, or NULL when it is no longer held. */
static struct hrow *
hrow_at(struct hrow *a, size_t n, int64_t seq)
{
	if (n == 0 || seq < a[0].seq || seq >= a[0].seq + (int64_t)n)
		return NULL;
	return &a[seq - a[0].seq];
}

/* The person pid at w, or NULL when not seen there (or no one). */
static const struct hlast *
watch_person(const struct watch *w, uint32_t pid)
{
	int64_t	i;

	if (pid == 0 || (i = imap_find(&w->lastmap, pid)) == -1)
		return NULL;
	return &w->last[i];
}

/* A read of the gate w watches (x its pool ids): the person's latest head at the camera, if recent, places
 * the camera's heads against the gate's reads going its way.  Before the
 * minutes held (learn), that alone: the read is not held. */
static void
watch_read(struct watch *w, const struct vg_row *r, const struct hit *x,
    int learn)
{
	struct hrow	*h;
	struct hlast	*l;
	int		 k;

	if (learn) {
		if (x->person == 0 || !is(r->result, "granted"))
			return;
		l = watch_last(w, x->person);
		k = hdir(r);
		if (l->ht != VG_TIME_NONE && r->t - l->ht <= HSKEW)
			watch_sample(w, k, r->t, l->ht - r->t);
		l->rt = r->t;
		l->dir = k;
		return;
	}
	h = watch_add(&w->rd, &w->nrd, &w->rdb, &w->rd0, &w->caprd, r, x);
	/* (the read before it is held: reads are forgotten minutes after) */
	h->ndir[0] = w->nrd > 1 ? h[-1].ndir[0] : 0;
	h->ndir[1] = w->nrd > 1 ? h[-1].ndir[1] : 0;
	if (h->dir != -1)
		h->ndir[(int)h->dir]++;
	if ((l = watch_hold(w, h, &w->nextseq, x->person, 0)) == NULL ||
	    !h->granted)
		return;
	if (l->ht != VG_TIME_NONE && r->t - l->ht <= HSKEW)
		watch_sample(w, h->dir, r->t, l->ht - r->t);
	l->rt = r->t;
	l->dir = h->dir;
}

/* A person the camera of w saw (x its pool ids), likewise. */
static void
watch_head(struct watch *w, const struct vg_row *r, const struct hit *x,
    int learn)
{
	struct hrow	*h;
	struct hlast	*l;

	if (learn)
		l = x->person != 0 ? watch_last(w, x->person) : NULL;
	else {
		h = watch_add(&w->hd, &w->nhd, &w->hdb, &w->hd0, &w->caphd, r,
		    x);
		l = watch_hold(w, h, &w->nexthd, x->person, 1);
	}
	if (l == NULL)
		return;
	if (l->rt != VG_TIME_NONE && r->t - l->rt <= HSKEW)
		watch_sample(w, l->dir, r->t, mid(r) - l->rt);
	l->ht = mid(r);
}

/*
 * How far read rd is from where head h puts it (0 within the head's time
 * in view, with the offsets unknown), or -1 when it cannot be its read:
 * within HSLACK, or HNAMED for a face of the read's person.
 */
static int64_t
watch_fit(const struct watch *w, const struct hrow *h, const struct hrow *rd,
    const int64_t off[4])
{
	int	k = rd->dir;
	int64_t	o = k == -1 ? VG_TIME_NONE : off[k], d, lim;

	lim = h->pid != 0 && h->pid == rd->pid ? HNAMED : k == -1 ? HSLACK :
	    off[2 + k];
	if (o == VG_TIME_NONE)
		return rd->t < h->t - lim || rd->t > (h->last != VG_TIME_NONE ?
		    h->last : h->t) + lim ? -1 : 0;
	d = llabs(hmid(h) - o - rd->t);
	return d <= lim ? d : -1;
	(void)w;
}

/* Whether head h of a camera that names faces cannot be placed against
 * a read of the gate near it (within the largest offset): the faces have
 * not yet set where the camera puts that read's way.  Such a head is
 * left undecided for good: it takes no read (it might take another's by
 * a guess at the clock) and no read taking it says nothing. */
static int
watch_unplaced(const struct watch *w, const struct hrow *h,
    const int64_t off[4])
{
	const struct hrow	*lo, *hi;
	size_t			 j, a = 0, b = w->nrd, c;
	int			 k;

	if (!w->face || (off[0] != VG_TIME_NONE && off[1] != VG_TIME_NONE) ||
	    w->nrd == 0)
		return 0;
	/* the reads from a up to c, by the counts of each way held with
	   them */
	while (a < b) {
		j = a + (b - a) / 2;
		if (w->rd[j].t < h->t - HSKEW - HNAMED)
			a = j + 1;
		else
			b = j;
	}
	for (c = w->nrd, b = a; b < c; ) {
		j = b + (c - b) / 2;
		if (w->rd[j].t <= h->last + HSKEW + HNAMED)
			b = j + 1;
		else
			c = j;
	}
	if (b == a)
		return 0;
	lo = &w->rd[a];
	hi = &w->rd[b - 1];
	for (k = 0; k < 2; k++)
		if (off[k] == VG_TIME_NONE && hi->ndir[k] - lo->ndir[k] +
		    (lo->dir == k) > 0)
			return 1;
	return 0;
}

/* Whether another open head of read rd's person may take it (the
 * person's heads held, from the latest back to the first not decided). */
static int
watch_wanted(struct watch *w, size_t self, const struct hrow *rd,
    const int64_t off[4], int64_t reach)
{
	const struct hlast	*p = watch_person(w, rd->pid);
	const struct hrow	*h;
	int64_t			 q;
	size_t			 j;

	for (q = p != NULL ? p->htip : -1; (h = hrow_at(w->hd, w->nhd, q)) !=
	    NULL && (j = (size_t)(h - w->hd)) >= w->open; q = h->prev)
		if (j != self && h->state == H_OPEN && h->t - reach <= rd->t &&
		    watch_fit(w, h, rd, off) != -1)
			return 1;
	return 0;
}

/*
 * Whether head h, a face no roster entry matched, is not the person of
 * read rd by the looks (s->unlike: the model finds its face likelier
 * someone else's than the look of his faces near the read's time).  A
 * read naming no one, a head that is not a face, and a scan that cannot
 * ask, say nothing (0).  A failure of the archive sets s->failed.
 */
static int
watch_unlike(struct scan *s, const struct watch *w, const struct hrow *h,
    const struct hrow *rd)
{
	int	rc;

	if (s->unlike == NULL || !w->face || h->pid != 0 || rd->pid == 0 ||
	    !is(h->c[0], "face"))
		return 0;
	if ((rc = s->unlike(s->uarg, s->site->devices[h->dev].id, h->t,
	    s->pstr[rd->pid], rd->t)) == -1)
		s->failed = 1;
	return rc == 1;
}

/* The read of the gate accounting for head i, or NULL: the read of the
 * person its face names, else the earliest no other face claims (heads
 * are matched in the order their windows end, so that the earliest
 * fitting read is the one that leaves the most for the others). */
static struct hrow *
watch_match(struct watch *w, size_t i, const int64_t off[4], int64_t reach)
{
	const struct hrow	*h = &w->hd[i];
	const struct hlast	*p = watch_person(w, h->pid);
	struct hrow		*rd, *own = NULL;
	int64_t			 lo = h->t - reach, d, q;
	int64_t			 hi = h->last + reach;
	size_t			 k, a = 0, b = w->nrd;

	/* the earliest read of the person it names, by the person's reads
	   held, from the latest back */
	for (q = p != NULL ? p->rtip : -1; h->pid != 0 &&
	    (rd = hrow_at(w->rd, w->nrd, q)) != NULL && rd->t >= lo;
	    q = rd->prev)
		if (rd->t <= hi && !rd->state && watch_fit(w, h, rd,
		    off) != -1)
			own = rd;
	if (own != NULL)
		return own;
	while (a < b) {
		k = a + (b - a) / 2;
		if (w->rd[k].t < lo)
			a = k + 1;
		else
			b = k;
	}
	for (k = a; k < w->nrd; k++) {
		rd = &w->rd[k];
		if (rd->t > hi)
			break;
		if (rd->state || (d = watch_fit(w, h, rd, off)) == -1)
			continue;
		if (d <= (rd->dir == -1 ? HSLACK : off[2 + rd->dir]) &&
		    !watch_wanted(w, i, rd, off,
		    reach))
			return rd;
	}
	return NULL;
}

/* The heads the camera saw less the reads of the gate it places within
 * win of instant m (the camera's clock); *nreads, the reads. */
static long
watch_surplus(const struct watch *w, int64_t m, int64_t win,
    const int64_t off[4], long *nreads)
{
	const struct hrow	*x;
	long			 n = 0, r = 0;
	size_t			 j;
	int			 k;

	for (j = 0; j < w->nhd; j++) {
		x = &w->hd[j];
		if (x->t > m + win)
			break;
		n += llabs(hmid(x) - m) <= win;
	}
	for (j = 0; j < w->nrd; j++) {
		x = &w->rd[j];
		k = x->dir;
		if (k == -1 || off[k] == VG_TIME_NONE)
			r += llabs(x->t - m) <= win;
		else
			r += llabs(x->t + off[k] - m) <= win;
	}
	*nreads = r;
	return n - r;
}

/* Whether head h, a face no roster entry matched, is none of the people
 * of the granted reads the camera places within three windows of where
 * it passed (and there is one): each accounts for a face naming its own
 * person, or the looks say h is not his.  (A refused read lets no one
 * through.)  Not asked of a head whose reads may lie before the first
 * gate event read. */
static int
watch_none(struct scan *s, const struct watch *w, const struct hrow *h,
    const int64_t off[4])
{
	const struct hrow	*rd;
	int64_t			 m = hmid(h), at, lo;
	size_t			 j;
	int			 n = 0;

	for (lo = m - 3 * s->o->tailgate, j = 0; j < 2; j++)
		if (off[j] != VG_TIME_NONE && m - 3 * s->o->tailgate - off[j] <
		    lo)
			lo = m - 3 * s->o->tailgate - off[j];
	if (s->first == VG_TIME_NONE || lo < s->first)
		return 0;

	for (j = 0; j < w->nrd; j++) {
		rd = &w->rd[j];
		at = rd->dir == -1 || off[rd->dir] == VG_TIME_NONE ? rd->t :
		    rd->t + off[rd->dir];
		if (!rd->granted || llabs(at - m) > 3 * s->o->tailgate)
			continue;
		n++;
		if ((rd->state && rd->pid != 0 && rd->rseq == rd->pid) ||
		    watch_unlike(s, w, h, rd))
			continue;
		return 0;
	}
	return n > 0;
}

/* A granted read of the gate no head took, which the camera places
 * within win of head h, or NULL. */
static const struct hrow *
watch_untaken(const struct watch *w, const struct hrow *h, const int64_t off[4],
    int64_t win)
{
	const struct hrow	*rd;
	int64_t			 m = hmid(h), at;
	size_t			 j;

	for (j = 0; j < w->nrd; j++) {
		rd = &w->rd[j];
		at = rd->dir == -1 || off[rd->dir] == VG_TIME_NONE ? rd->t :
		    rd->t + off[rd->dir];
		if (rd->granted && !rd->state && llabs(at - m) <= win)
			return rd;
	}
	return NULL;
}

/* Head i came through on no read: report it beside the nearest head
 * within the window that came through on a granted one.  Not where a
 * read that could account for it (as watch_match looks: within reach
 * for a face naming someone, else within the slack) may lie before the
 * first gate event read: those are not known. */
static void
watch_report(struct scan *s, struct watch *w, size_t i, const int64_t off[4],
    int64_t reach)
{
	const struct hrow	*h = &w->hd[i], *o, *best = NULL, *rd, *bestrd;
	const struct vg_row	*ev[3];
	const struct vg_device	*g = &s->site->devices[w->gate];
	struct vg_anomaly	*a;
	struct vg_row		 at, r[3];
	char			 t[16], dt[32], wh[128], clk[160], o1[32];
	int64_t			 gap, skew, lo;
	size_t			 j;
	long			 n;
	int			 none, k;

	/* the earliest a read accounting for it could lie: watch_match's
	   reach for a face that names someone, else its fit's slack */
	lo = h->pid != 0 ? h->t - reach : h->t - HSLACK;
	for (k = 0; h->pid == 0 && k < 2; k++)
		if (off[k] != VG_TIME_NONE && hmid(h) - off[k] - off[2 + k] <
		    lo)
			lo = hmid(h) - off[k] - off[2 + k];
	if (s->first == VG_TIME_NONE || lo < s->first)
		return;
	bestrd = NULL;
	for (j = i; j > 0 && w->hd[j - 1].t >= h->t - HKEEP; j--)
		;
	for (; j < w->nhd && w->hd[j].t <= h->last + s->o->tailgate; j++) {
		o = &w->hd[j];
		if (j == i || o->state != H_MATCHED ||
		    llabs(hmid(o) - hmid(h)) > s->o->tailgate ||
		    (rd = hrow_at(w->rd, w->nrd, o->rseq)) == NULL ||
		    !rd->granted)
			continue;
		if (best == NULL || llabs(hmid(o) - hmid(h)) <
		    llabs(hmid(best) - hmid(h)))
			best = o, bestrd = rd;
	}
	/* a camera that names faces is not counted before they place its
	   heads against the gate's reads */
	if (best == NULL || (w->face && off[0] == VG_TIME_NONE &&
	    off[1] == VG_TIME_NONE))
		return;
	/* a granted read no head took, within the window of where the
	   camera puts him: the camera placed that read's person further off
	   it than its slack (a usual error, not its worst), rather than
	   missed him and saw a follower; unless the looks say that this face
	   is not his */
	if ((rd = watch_untaken(w, h, off, s->o->tailgate)) != NULL &&
	    !watch_unlike(s, w, h, rd))
		return;
	/* in a crowd a head placed a little off takes its neighbour's read
	   and leaves its own to another: a row only where the camera saw
	   more people than the gate read within the window around it, and
	   where the gate's reads around it (within three windows) come
	   further apart, on the average, than the slack the camera places
	   them with; or, whatever the count, where its face is none of the
	   people the gate let through near it, by their faces and looks */
	none = 0;
	if (watch_surplus(w, hmid(h), s->o->tailgate, off, &n) <= 0 ||
	    watch_surplus(w, hmid(h), 3 * s->o->tailgate, off, &n) ==
	    LONG_MIN || (n > 0 && 6 * s->o->tailgate / n < (off[2] > off[3] ?
	    off[2] : off[3]))) {
		if (!watch_none(s, w, h, off))
			return;
		none = 1;
	}
	gap = llabs(hmid(best) - hmid(h));
	ev[0] = hrow_row(s, bestrd, &r[0]);
	ev[1] = hrow_row(s, best, &r[1]);
	ev[2] = hrow_row(s, h, &r[2]);
	at = r[2];
	/* the time: the follower's, as the gate's clock would have it */
	at.t = bestrd->t + (hmid(h) - hmid(best));
	if (outside(s, at.t))
		return;		/* the lead-in's or lead-out's */
	at.device = g->id;
	at.zone = r[0].zone;
	/* below every alarm's: a count is weaker evidence than the gate's
	   own alarm */
	a = found(s, VG_AN_TAILGATE, &at, 0.45 - 0.2 * (double)gap /
	    (double)(s->o->tailgate > 0 ? s->o->tailgate : 1), ev, 3);
	/* the one who came through unread, and the credential he came in on */
	if (r[2].person != NULL)
		a->person = xstrdup(r[2].person);
	if (r[0].card != NULL)
		a->card = xstrdup(r[0].card);
	fmt_time(s, bestrd->t, t, sizeof(t));
	fmt_span(gap, dt, sizeof(dt));
	clk[0] = '\0';
	if (off[0] != VG_TIME_NONE && off[1] != VG_TIME_NONE &&
	    llabs(skew = (off[0] + off[1]) / 2) >= 2 * US) {
		fmt_span(llabs(skew), o1, sizeof(o1));
		snprintf(clk, sizeof(clk), " (%s's clock taken as %s %s %s's,"
		    " from %lld faces seen at both)", r[2].device, o1,
		    skew > 0 ? "ahead of" : "behind", g->id,
		    (long long)(w->offn[0] + w->offn[1]));
	}
	xasprintf(&a->reason, "%s granted %s %s at %s; its camera %s saw"
	    " someone else come through %s from them (track %s, %s%s) on no"
	    " read of the gate%s%s", g->id, who_of(&r[0], wh, sizeof(wh)),
	    r[0].direction != NULL ? r[0].direction : "", t, r[2].device, dt,
	    r[2].track != NULL ? r[2].track : "?", r[2].person != NULL ?
	    "face named " : "no face named", r[2].person != NULL ?
	    r[2].person : "", none ? " (by their faces and looks, none of those"
	    " the gate let through there)" : "", clk);
}

/*
 * Forget the people at w whose latest read and head are older than the
 * minutes held and no longer held themselves: a later row finds such a
 * person as one never seen (every row to come is at now or after, more
 * than HSKEW past their times), so the map follows the people of the
 * last minutes, not of the span.  Done once the map has doubled since
 * it was last done.
 */
static void
watch_forget_last(struct watch *w, int64_t now)
{
	struct imap	 m;
	struct hlast	*l, *keep;
	size_t		 i, n, cap;
	int		 fresh;

	if (w->nlast < 1024 || w->nlast < 2 * w->nlastkept)
		return;
	/* (room as grow() would have left it for the count kept) */
	for (cap = 32; cap < w->nlast; cap *= 2)
		;
	keep = xreallocarray(NULL, cap, sizeof(*keep));
	memset(&m, 0, sizeof(m));
	for (i = n = 0; i < w->lastmap.cap; i++) {
		if (w->lastmap.e[i].k == 0)
			continue;
		l = &w->last[w->lastmap.e[i].v];
		if ((l->rt == VG_TIME_NONE || l->rt < now - HKEEP) &&
		    (l->ht == VG_TIME_NONE || l->ht < now - HKEEP) &&
		    hrow_at(w->rd, w->nrd, l->rtip) == NULL &&
		    hrow_at(w->hd, w->nhd, l->htip) == NULL)
			continue;
		keep[n] = *l;
		(void)imap_get(&m, w->lastmap.e[i].k, n++, &fresh);
	}
	free(w->last);
	imap_free(&w->lastmap);
	w->last = keep;
	w->lastmap = m;
	w->nlast = w->nlastkept = n;
}

/* The rows *a held (n, from (*base)[*off], room *cap), once some are
 * forgotten: moved down once those forgotten are as many as those held,
 * their room then given back as trim() does. */
static void
watch_keep(struct hrow **a, size_t n, struct hrow **base, size_t *off,
    size_t *cap)
{
	if (*base == NULL || *off == 0 || (*off < n && *off + n < *cap))
		return;
	memmove(*base, *a, n * sizeof(**a));
	*off = 0;
	*base = trim(*base, n, cap, sizeof(**base));
	*a = *base;
}

static int
by_mid(const void *a, const void *b)
{
	const struct ripe	*x = a, *y = b;

	return x->mid < y->mid ? -1 : x->mid > y->mid;
}

/*
 * Decide what can be decided by stream time now: each head once every
 * read it can take has come, each head no read took once every head
 * within the window around it is decided; forget what is older than the
 * minutes held.
 */
static void
watch_settle(struct scan *s, struct watch *w, int64_t now)
{
	int64_t		 off[4], reach = HNAMED, win = s->o->tailgate;
	struct hrow	*rd;
	size_t		 i, j, k, n, x;
	int		 ready;

	/* (once a second of the stream at most: a busy gate's rows come
	   many a second) */
	if (now < w->next)
		return;
	w->next = now + US;
	/* worked out again each minute of the stream, of the faces seen in
	   the HOFFW before it: what the stream held before that does not
	   count, so that a span's offsets are the day's, wherever it
	   starts */
	if (now >= INT64_MAX / 8 ? w->offmin != 0 : w->offmin == 0 ||
	    now - w->offmin >= MINUTE) {
		/* (at the end, the minute after the last: every face seen) */
		w->offmin = now >= INT64_MAX / 8 ? w->offmin + MINUTE : now -
		    (now % MINUTE + MINUTE) % MINUTE;
		for (k = 0; k < 2; k++)
			w->off[k] = watch_offset(w, (int)k, w->offmin,
			    &w->off[2 + k], &w->offn[k]);
	}
	for (k = 0; k < 2; k++) {
		off[k] = w->off[k];
		off[2 + k] = w->off[2 + k];
		if (off[k] != VG_TIME_NONE && llabs(off[k]) + HNAMED > reach)
			reach = llabs(off[k]) + HNAMED;
	}
	/* the heads whose reads have all come, by the middle of their time
	   in view (where their windows end) */
	for (n = 0, i = w->open; i < w->nhd && w->hd[i].t + reach + MINUTE <=
	    now; i++)
		if (w->hd[i].state == H_OPEN && w->hd[i].last + reach +
		    MINUTE <= now) {
			w->ripe = reserve(w->ripe, n, &w->capripe,
			    sizeof(*w->ripe));
			w->ripe[n].mid = hmid(&w->hd[i]);
			w->ripe[n++].i = i;
		}
	vg_qsort(w->ripe, n, sizeof(*w->ripe), by_mid);
	for (k = 0; k < n; k++) {
		i = w->ripe[k].i;
		if (watch_unplaced(w, &w->hd[i], off))
			w->hd[i].state = H_DONE;
		else if ((rd = watch_match(w, i, off, reach)) != NULL) {
			rd->state = 1;
			w->hd[i].rseq = rd->seq;
			rd->rseq = w->hd[i].pid;
			w->hd[i].state = H_MATCHED;
		} else {
			w->hd[i].state = H_EXTRA;
			if (w->nextra++ == 0 || i < w->xlo)
				w->xlo = i;
		}
	}
	while (w->open < w->nhd && w->hd[w->open].state != H_OPEN)
		w->open++;
	for (i = w->xlo, x = w->nhd; w->nextra > 0 && i < w->nhd; i++) {
		if (w->hd[i].state != H_EXTRA)
			continue;
		for (j = w->open, ready = w->hd[i].last + win < now; j <
		    w->nhd && ready && w->hd[j].t <= w->hd[i].last + win; j++)
			ready = w->hd[j].state != H_OPEN;
		if (!ready) {
			if (x == w->nhd)
				x = i;
			continue;
		}
		watch_report(s, w, i, off, reach);
		w->hd[i].state = H_DONE;
		w->nextra--;
	}
	w->xlo = x;
	/* forget the decided heads and the reads older than what is held,
	   once a minute */
	if (now < w->forget)
		return;
	w->forget = now + MINUTE;
	for (i = 0; i < w->open && w->hd[i].state != H_EXTRA &&
	    w->hd[i].t < now - HKEEP; i++)
		free(w->hd[i].trl);
	if (i > 0) {
		w->hd += i;
		w->hd0 += i;
		w->nhd -= i;
		w->open -= i;
		w->xlo = w->xlo >= i ? w->xlo - i : 0;
	}
	for (k = 0; k < w->nrd && w->rd[k].t < now - HKEEP; k++)
		;
	if (k > 0) {
		w->rd += k;
		w->rd0 += k;
		w->nrd -= k;
	}
	watch_keep(&w->hd, w->nhd, &w->hdb, &w->hd0, &w->caphd);
	watch_keep(&w->rd, w->nrd, &w->rdb, &w->rd0, &w->caprd);
	watch_forget_last(w, now);
}

static void
watch_free(struct watch *w)
{
	size_t	i;

	for (i = 0; i < w->nhd; i++)
		free(w->hd[i].trl);
	free(w->hdb);
	free(w->rdb);
	free(w->ripe);
	free(w->last);
	imap_free(&w->lastmap);
}

/* A row of a gate camera's or of a gate a camera watches (a gate's with
 * x, what the rules keep of it: its pool ids). */
static void
heads(struct scan *s, const struct vg_row *r, int dev, const struct hit *x)
{
	struct watch	*w;
	struct hit	 hh;
	int		 k, learn;

	/* before the minutes held, only what sets the cameras' clocks */
	learn = s->o->from != VG_TIME_NONE && r->t < s->o->from - HKEEP;
	if (r->type == VG_ROW_SIGHTING) {
		if ((w = s->watch[dev]) == NULL || is(r->kind, "vehicle"))
			return;
		if (learn) {
			hh.person = pool_id(s, r->person);
			watch_head(w, r, &hh, 1);
			return;
		}
		/* (these keep their addresses through the stream) */
		(void)cached(s, r->zone, NULL, &hh.zone);
		(void)cached(s, r->source, NULL, &hh.src);
		(void)cached(s, r->digest, NULL, &hh.dig);
		hh.person = pool_id(s, r->person);
		hh.dev = dev;
		watch_head(w, r, &hh, 0);
		watch_settle(s, w, r->t);
		return;
	}
	hh = *x;
	hh.dev = dev;
	for (k = s->gw0[dev]; k < s->gw0[dev + 1]; k++) {
		w = s->watch[s->gw[k]];
		watch_read(w, r, &hh, learn);
		if (!learn)
			watch_settle(s, w, r->t);
	}
}

/* A stored candidate's gate (device index) and corrected time. */
struct pcpos {
	int64_t		 t;		/* its time */
	int		 dev;		/* its gate */
};

/* A span's first passage of a key, waiting for the one before it. */
struct pfirst {
	struct hit	 h;		/* the passage */
	struct hit	 last;		/* the one before it, when dir2 */
	const char	*who;		/* its person's id, else its card */
	uint64_t	 pre;		/* who's first 8 bytes, big-endian:
					   sorted by them before who */
	int		 dir;		/* its way: 1 in, 2 out */
	int		 dir2;		/* the way of the one before, 0 none */
	int64_t		 before;	/* the one before is before this
					   (corrected time) */
};

/*
 * The sources whose directions are an attendance state, a key the user
 * presses or the terminal's schedule sets (vigil-formats(5)): ZKTeco's
 * punch state, Hikvision's attendanceStatus (a gate's direction in
 * Hikvision's files comes from nothing else but a vehicle's, which
 * passback leaves out).  Their paths, as the stream gives them.
 */
static int
claimed_fn(const struct vg_source *src, void *arg)
{
	struct scan	*s = arg;
	int		 fresh;

	if (src->format == VG_FORMAT_ZKTECO || src->format ==
	    VG_FORMAT_HIKACS || src->format == VG_FORMAT_HIKVISION)
		(void)imap_get(&s->claimed, pool_id(s, src->path), 0, &fresh);
	return 0;
}

/*
 * Whether a row of the source src, digest dig (pool ids) has such a
 * direction: its file looked up by digest once (an indexed look-up: as
 * many as the span's files, not the archive's); where a row comes with
 * no digest, every source listed once.  A failed list is the scan's.
 */
static int
is_claimed(struct scan *s, uint32_t src, uint32_t dig)
{
	struct vg_source	 so;
	size_t			 v;
	int			 fresh;

	if (!s->allsrc && dig == 0) {
		s->allsrc = 1;
		if (vg_archive_sources(s->ar, claimed_fn, s, s->err) == -1)
			s->failed = 1;
	}
	if (s->allsrc)
		return s->claimed.n > 0 && imap_has(&s->claimed, src);
	if (imap_has(&s->bydig, dig))
		return imap_get(&s->bydig, dig, 0, &fresh) == 1;
	memset(&so, 0, sizeof(so));
	v = vg_ar_source_find(s->ar, s->pstr[dig], &so) == 1 &&
	    (so.format == VG_FORMAT_ZKTECO || so.format == VG_FORMAT_HIKACS ||
	    so.format == VG_FORMAT_HIKVISION) ? 1 : 2;
	free(so.path);
	(void)imap_get(&s->bydig, dig, v, &fresh);
	return v == 1;
}

/* The passage before a span's first of a key, into the key's pfirst. */
static int
before_fn(size_t i, const struct vg_row *r, void *arg)
{
	struct scan	*s = arg;
	struct hit	*h = &s->pf[i].last;
	int		 dev;

	/* (its strings are not the stream's: pooled, not cached) */
	if ((dev = devindex(s, r->device)) == -1)
		return 0;
	h->t = r->t;
	h->line = r->line;
	h->cred = r->credential;
	h->dir = r->direction;
	h->res = r->result;
	h->score = (float)r->score;
	h->dev = dev;
	h->person = pool_id(s, r->person);
	h->card = pool_id(s, r->card);
	h->plate = pool_id(s, r->plate);
	h->src = pool_id(s, r->source);
	h->dig = pool_id(s, r->digest);
	h->zone = pool_id(s, r->zone);
	s->off[dev] = r->offset;
	/* an attendance terminal's punch says no way (claimed_fn): nothing
	   to weigh the first passage against */
	if (is_claimed(s, h->src, h->dig))
		return 0;
	s->pf[i].dir2 = is(r->direction, "in") ? 1 : 2;
	return 0;
}

/* passback's row: r passed way dir (1 in) after last, the same way. */
static void
passback_report(struct scan *s, const struct vg_row *r, const struct hit *last,
    int dir, int dev)
{
	char			 ta[32], tb[32], w[128], where[256];
	const struct vg_row	*ev[2];
	struct vg_row		 prev;
	struct vg_anomaly	*a;

	/* the same passage read again (a finger or card held to the reader
	   twice): no card is handed back over a barrier that fast */
	if (last->dev == dev && r->t - last->t <= READ_AGAIN)
		return;
	if (s->coll != NULL) {
		s->coll = grow(s->coll, s->ncoll, sizeof(*s->coll));
		s->coll[s->ncoll].t = r->t;
		s->coll[s->ncoll].device = xstrdup(r->device);
		s->coll[s->ncoll++].line = r->line;
		return;
	}
	ev[0] = unpack(s, last, &prev);
	ev[1] = r;
	/* the sooner the second passage, the likelier a card handed back
	   over the barrier than an exit the gate missed */
	a = found(s, VG_AN_PASSBACK, r, 0.5 + 0.5 * exp(-(double)(r->t -
	    last->t) / (double)(10 * MINUTE)), ev, 2);
	set_who(a, r);
	fmt_times(s, last->t, r->t, ta, tb, sizeof(ta));
	if (s->door[dev])
		snprintf(where, sizeof(where), "door %s", r->device);
	else
		snprintf(where, sizeof(where), "zone %s", r->zone != NULL ?
		    r->zone : "?");
	xasprintf(&a->reason, "%s %s at %s %s and again at %s %s with no %s"
	    " between (%s)", who_of(r, w, sizeof(w)), dir == 1 ? "in" : "out",
	    prev.device, ta, r->device, tb, dir == 1 ? "out" : "in", where);
}

/* The first 8 bytes of str (zero padded) as a big-endian number: two
 * strings' numbers differ in strcmp's order, or are equal. */
static uint64_t
be_prefix(const char *str)
{
	uint64_t	v = 0;
	size_t		k;
	int		end = 0;

	for (k = 0; k < 8; k++) {
		if (!end && str[k] == '\0')
			end = 1;
		v = v << 8 | (end ? 0 : (unsigned char)str[k]);
	}
	return v;
}

static int
by_who(const void *a, const void *b)
{
	const struct pfirst	*x = a, *y = b;
	int			 c;

	if (x->pre != y->pre)
		return x->pre < y->pre ? -1 : 1;
	if ((c = strcmp(x->who, y->who)) != 0)
		return c;
	return x->h.t < y->h.t ? -1 : x->h.t > y->h.t;
}

/*
 * passback at a span's start: each key's first passage in the span
 * against the last granted in or out through its boundary before --from,
 * looked up in the archive (in the order of the person and card indexes,
 * so that each look-up finds its pages where the one before left them).
 * -1 when a look-up failed.
 */
static int
passback_firsts(struct scan *s)
{
	struct vg_passq	*q;
	struct vg_row	 r;
	struct pfirst	*p;
	int		 dev, rc;
	size_t		 i;

	for (i = 0; i < s->npf; i++) {
		p = &s->pf[i];
		p->who = s->pstr[p->h.person != 0 ? p->h.person : p->h.card];
		p->pre = be_prefix(p->who);
	}
	vg_qsort(s->pf, s->npf, sizeof(*s->pf), by_who);
	q = xcalloc(s->npf, sizeof(*q));
	for (i = 0; i < s->npf; i++) {
		p = &s->pf[i];
		dev = p->h.dev;
		if (p->h.person != 0)
			q[i].person = p->who;
		else
			q[i].card = p->who;
		q[i].codes = (const char *const *)&s->site->devices[dev].id;
		q[i].ncodes = 1;
		if (!s->door[dev]) {
			q[i].codes = s->zgate + s->zgate0[s->zone[dev]];
			q[i].ncodes = s->zgate0[s->zone[dev] + 1] -
			    s->zgate0[s->zone[dev]];
		}
		q[i].before = p->before;
		q[i].dir = p->dir;
	}
	rc = vg_ar_last_passages(s->ar, q, s->npf, before_fn, s, s->err);
	free(q);
	for (i = 0; rc == 0 && i < s->npf; i++) {
		p = &s->pf[i];
		if (p->dir2 == p->dir)
			passback_report(s, unpack(s, &p->h, &r), &p->last,
			    p->dir, p->h.dev);
	}
	return rc;
}

/* A stored candidate's key: its time, gate and line, mixed. */
static uint64_t
pcand_key(int64_t t, int dev, int64_t line)
{
	uint64_t	k;

	k = (uint64_t)t ^ ((uint64_t)line * 0x9e3779b97f4a7c15ULL) ^
	    ((uint64_t)dev << 48);
	k ^= k >> 31;
	k *= 0xbf58476d1ce4e5b9ULL;
	return (k ^ (k >> 29)) | 1;
}

static int
pcand_fn(const struct vg_pcand *c, void *arg)
{
	struct scan	*s = arg;
	int64_t		 line;
	int		 fresh, dev;

	if ((dev = devindex(s, c->device)) == -1)
		return 0;
	if (c->line == -1) {
		s->tgate[dev] = 1;
		if (c->t < s->tlo)
			s->tlo = c->t;
		if (c->t > s->thi)
			s->thi = c->t;
		return 0;
	}
	if (c->line <= VG_PCAND_TRAVEL) {
		/* an impossible-travel pair's row: its line and its place */
		line = (VG_PCAND_TRAVEL - c->line) / 2;
		(void)imap_get((VG_PCAND_TRAVEL - c->line) % 2 ? &s->tsecond :
		    &s->tfirst, pcand_key(c->t, dev, line), 0, &fresh);
		if (s->o->kinds != 0 && !(s->o->kinds & 1u << VG_AN_TRAVEL))
			return 0;
	} else
		(void)imap_get(&s->pcand, pcand_key(c->t, dev, c->line), 0,
		    &fresh);
	s->pcl = grow(s->pcl, s->npcl, sizeof(*s->pcl));
	s->pcl[s->npcl].t = c->t;
	s->pcl[s->npcl++].dev = dev;
	return 0;
}

static int
by_pcpos(const void *a, const void *b)
{
	const struct pcpos	*x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->dev < y->dev ? -1 : x->dev > y->dev;
}

/* Whether travel's rule is the store's: its options the defaults. */
static int
travel_usual(const struct vg_anomaly_opts *o)
{
	struct vg_anomaly_opts	d;

	vg_anomaly_opts_init(&d);
	return o->tolerance == d.tolerance && o->pace == d.pace &&
	    o->drive == d.drive;
}

/* Whether every kind of kinds (0: all) is read by its stored rows alone
 * (pcand_rows): passback and impossible-travel, each where stored. */
static int
by_rows(const struct scan *s, unsigned kinds)
{
	unsigned	by = 0;

	if (s->stored)
		by |= 1u << VG_AN_PASSBACK;
	if (s->tstored)
		by |= 1u << VG_AN_TRAVEL;
	return kinds != 0 && by != 0 && (kinds & ~by) == 0;
}

/* passback and travel by their stored candidates: only their own rows
 * read (a stream of one gate over one instant each), in time order. */
static int
pcand_rows(struct scan *s)
{
	size_t	i, n;

	vg_qsort(s->pcl, s->npcl, sizeof(*s->pcl), by_pcpos);
	for (i = n = 0; i < s->npcl; i++)
		if (n == 0 || by_pcpos(&s->pcl[n - 1], &s->pcl[i]) != 0)
			s->pcl[n++] = s->pcl[i];
	for (i = 0; i < n; i++) {
		/* (a stream's strings keep their addresses through it only) */
		memset(s->pc, 0, sizeof(s->pc));
		if (vg_ar_stream(s->ar, (const char *const *)
		    &s->site->devices[s->pcl[i].dev].id, 1, s->pcl[i].t,
		    s->pcl[i].t, row_fn, s, s->err) == -1 || s->failed)
			return -1;
	}
	return 0;
}

/*
 * passback: in twice without an out, or out twice, at one ring boundary.
 * Where the import stored the candidates its scans of whole spans found
 * (vg_anomaly_store), only those passages are looked at, each against the
 * passage before it looked up in the archive: the same rows, as a scan
 * from the archive's start finds them.
 */
static void
passback(struct scan *s, const struct vg_row *r, const struct hit *h)
{
	struct side		*sd;
	uint64_t		 key, at;
	size_t			 i;
	int			 fresh, dir, dev = h->dev;

	if (!is(r->result, "granted") || s->ring[dev] == 0 || s->vgate[dev])
		return;
	/* an attendance terminal's in or out is the key its user pressed
	   (or left pressed): no way through is known */
	if (is_claimed(s, h->src, h->dig))
		return;
	if (is(r->direction, "in"))
		dir = 1;
	else if (is(r->direction, "out"))
		dir = 2;
	else
		return;
	/* a door bounds its building; an area gate, its zone; the key is
	   who (a person, else a card) and the boundary */
	at = s->door[dev] ? 1ULL << 31 | (uint64_t)dev : h->zone;
	if (h->person != 0)
		key = 1ULL << 62 | (uint64_t)h->person << 32 | at;
	else if (h->card != 0)
		key = 2ULL << 62 | (uint64_t)h->card << 32 | at;
	else
		return;
	if (s->stored) {
		/* a candidate the import's scan of the span found: against
		   the passage before it, looked up once the span is read */
		if (!imap_has(&s->pcand, pcand_key(r->t, dev, r->line)))
			return;
		s->pf = grow(s->pf, s->npf, sizeof(*s->pf));
		memset(&s->pf[s->npf], 0, sizeof(*s->pf));
		s->pf[s->npf].h = *h;
		s->pf[s->npf].before = r->t;
		s->pf[s->npf++].dir = dir;
		return;
	}
	i = imap_get(&s->sidemap, key, s->nside, &fresh);
	if (fresh) {
		s->side = grow(s->side, s->nside, sizeof(*s->side));
		memset(&s->side[s->nside++], 0, sizeof(*s->side));
		/* a span's first passage of the key: against the one before
		   the span, as a scan from the archive's start would hold
		   it, once the span is read */
		if (s->o->from != VG_TIME_NONE) {
			s->pf = grow(s->pf, s->npf, sizeof(*s->pf));
			memset(&s->pf[s->npf], 0, sizeof(*s->pf));
			s->pf[s->npf].h = *h;
			s->pf[s->npf].before = s->o->from;
			s->pf[s->npf++].dir = dir;
		}
	}
	sd = &s->side[i];
	if (sd->dir == dir)
		passback_report(s, r, &sd->last, dir, dev);
	sd->last = *h;
	sd->dir = dir;
}

/* never-left, during the scan: visitors in and out of the site. */
static void
visitors(struct scan *s, const struct vg_row *r, const struct hit *h)
{
	struct stay	*st;
	size_t		 i;
	int		 fresh;

	if (h->person == 0 || !is(r->result, "granted") ||
	    !imap_has(&s->visitors, h->person))
		return;
	i = imap_get(&s->guestmap, h->person, s->nguest, &fresh);
	if (fresh) {
		s->guest = grow(s->guest, s->nguest, sizeof(*s->guest));
		memset(&s->guest[s->nguest++], 0, sizeof(*s->guest));
	}
	st = &s->guest[i];
	if (is(r->direction, "in")) {
		st->in = *h;
		st->inside = 1;
	} else if (is(r->direction, "out"))
		st->inside = 0;
}

/* Each visitor of the roster, into the scan's set. */
static int
visitor_add(const struct vg_person *p, void *arg)
{
	struct scan	*s = arg;
	int		 fresh;

	if (p->status != NULL && strcmp(p->status, "visitor") == 0)
		(void)imap_get(&s->visitors, pool_id(s, p->id), 0, &fresh);
	return 0;
}

/* never-left, during the scan: plates in and out of vehicle gates. */
static void
vehicles(struct scan *s, const struct vg_row *r, const struct hit *h)
{
	struct stay	*st;
	size_t		 i;
	int		 fresh;

	if (s->edge[h->dev] && !s->vgate[h->dev] && (s->nlpart & 2))
		visitors(s, r, h);
	if (!(s->nlpart & 1) || !s->vgate[h->dev])
		return;
	/* an exit that read no plate: some car left, which is not known */
	if (h->plate == 0 && is(r->direction, "out")) {
		s->unread = reserve(s->unread, s->nunread, &s->capunread,
		    sizeof(*s->unread));
		s->unread[s->nunread++] = r->t;
	}
	if (h->plate == 0 || !is(r->result, "granted"))
		return;
	i = imap_get(&s->staymap, h->plate, s->nstay, &fresh);
	if (fresh) {
		s->stay = grow(s->stay, s->nstay, sizeof(*s->stay));
		memset(&s->stay[s->nstay++], 0, sizeof(*s->stay));
	}
	st = &s->stay[i];
	if (is(r->direction, "in")) {
		st->in = *h;
		st->inside = 1;
	} else if (is(r->direction, "out") && st->inside) {
		if (r->t - st->in.t > s->staymax)
			s->staymax = r->t - st->in.t;
		st->inside = 0;
	}
}

/* A sighting of the plate at a camera beside a vehicle gate: it left. */
static int
seen_leaving(const struct vg_row *r, void *arg)
{
	struct scan	*s = arg;
	int		 dev = devindex(s, r->device), k;

	if (dev == -1 || !is(r->kind, "vehicle"))
		return 0;
	for (k = s->ways.adj0[dev]; k < s->ways.adj0[dev + 1]; k++)
		if (s->vgate[s->ways.adj[k]]) {
			s->left = 1;
			return 1;
		}
	return 0;
}

/*
 * never-left, at the end of the span: plates still in after longer than
 * the limit.  Without one given, the limit is the longest stay of the
 * vehicles that came in and went out during the span, and never under
 * four hours.  A vehicle gate misses a plate now and then: a plate seen
 * by a camera beside a vehicle gate well after it came in is taken to
 * have left unread.  One not seen may have left by an exit that read no
 * plate: the reason counts those after it came in (the rows that cannot
 * tell which car went are not reordered by it).
 */
static int
never_left(struct scan *s, int64_t end)
{
	const struct vg_row	*ev[1];
	struct vg_row		 in;
	struct vg_anomaly	*a;
	struct vg_query		 q;
	struct stay		*st;
	char			 t[16], d[32], lim[32], ex[96];
	int64_t			 limit = s->o->stay;
	size_t			 i, n;

	if (limit <= 0)
		limit = s->staymax > 4 * HOUR ? s->staymax : 4 * HOUR;
	/* (the narrowed scan reads the vehicle gates one after another) */
	vg_qsort(s->unread, s->nunread, sizeof(*s->unread), by_int64);
	for (i = 0; i < s->nguest; i++) {
		st = &s->guest[i];
		if (!st->inside || end - st->in.t <= s->o->visit)
			continue;
		ev[0] = unpack(s, &st->in, &in);
		a = found(s, VG_AN_NEVERLEFT, &in, 1.0 - (double)s->o->visit /
		    (double)(end - st->in.t), ev, 1);
		set_who(a, &in);
		fmt_time(s, st->in.t, t, sizeof(t));
		fmt_span(end - st->in.t, d, sizeof(d));
		fmt_span(s->o->visit, lim, sizeof(lim));
		xasprintf(&a->reason, "visitor %s in at %s %s and not out %s"
		    " later, at the span's end (limit %s)", in.person,
		    in.device, t, d, lim);
	}
	for (i = 0; i < s->nstay; i++) {
		st = &s->stay[i];
		if (!st->inside || end - st->in.t <= limit)
			continue;
		unpack(s, &st->in, &in);
		vg_query_init(&q);
		q.plate = in.plate;
		q.kinds = VG_ROW_SIGHTING;
		q.from = st->in.t + LEAVING;
		q.to = end;
		s->left = 0;
		if (vg_query_run(s->ar, &q, seen_leaving, s, s->err) == -1)
			return -1;
		if (s->left)
			continue;
		ev[0] = &in;
		a = found(s, VG_AN_NEVERLEFT, &in, 1.0 - (double)limit /
		    (double)(end - st->in.t), ev, 1);
		set_who(a, &in);
		fmt_time(s, st->in.t, t, sizeof(t));
		fmt_span(end - st->in.t, d, sizeof(d));
		fmt_span(limit, lim, sizeof(lim));
		n = s->nunread - times_before(s->unread, s->nunread,
		    st->in.t, 1);
		ex[0] = '\0';
		if (n > 0)
			snprintf(ex, sizeof(ex), "; the vehicle gates read no"
			    " plate at %zu exit%s since", n, n == 1 ? "" : "s");
		xasprintf(&a->reason, "plate %s in at %s %s and not out %s"
		    " later, at the span's end, nor seen leaving (limit %s)%s",
		    in.plate, in.device, t, d, lim, ex);
	}
	return 0;
}

static int
want_badge(const struct vg_row *p, const struct vg_row *r)
{
	(void)r;
	return is(p->result, "granted") && is(p->credential, "badge") &&
	    p->person != NULL;
}

/* A face refused naming someone, going badge read r's way. */
static int
want_face(const struct vg_row *p, const struct vg_row *r)
{
	return p->person != NULL && p->type == VG_ROW_GATE &&
	    is(p->credential, "face") && !is(p->result, "granted") &&
	    same_way(p, r);
}

/*
 * face-mismatch, once the window around a badge read b has passed: the
 * gate's face reader named someone else within seconds, going b's way,
 * and did not let him through, the badge's holder was named by no face there, and the one
 * named was not let through by a credential of his own.  Other passages
 * in the window make it less sure.
 */
static void
mismatch_check(struct scan *s, struct gate *g, const struct vg_row *b)
{
	const struct vg_row	*p, *face = NULL, *ev[2];
	struct vg_anomaly	*a;
	char			 tb[16], tf[16];
	size_t			 k, i;
	int			 covered = 0, others = 0;

	/* (most badges have no refused face near: nothing to weigh) */
	if (!g->anyface || g->lastface < b->t - s->o->face)
		return;
	for (k = 0; k < g->nrecent; k++) {
		i = (g->head + g->nring - 1 - k) % g->nring;
		p = &g->recent[i];
		if (p->t > b->t + s->o->face)
			continue;
		if (p->t < b->t - s->o->face) {
			covered = 1;
			break;
		}
		/* (the rows' strings are the pool's: one address a string) */
		if (p->line == b->line && p->source != NULL &&
		    p->source == b->source)
			continue;
		if (p->person != NULL && p->person == b->person)
			return;		/* the holder's own face */
		if (p->type == VG_ROW_GATE && is(p->result, "granted"))
			others++;
		if (want_face(p, b) && face == NULL)
			face = p;
	}
	if (face == NULL || (!covered && g->nrecent == g->nring))
		return;
	/* was the one named let through on his own? */
	for (k = 0; k < g->nrecent; k++) {
		p = &g->recent[(g->head + g->nring - 1 - k) % g->nring];
		if (p->t < b->t - s->o->face)
			break;
		if (p->t <= b->t + s->o->face && p->type == VG_ROW_GATE &&
		    is(p->result, "granted") && p->person == face->person)
			return;
	}
	ev[0] = face;
	ev[1] = b;
	a = found(s, VG_AN_FACE, b, others == 0 ? 0.9 : 0.6, ev, 2);
	set_who(a, b);
	fmt_time(s, b->t, tb, sizeof(tb));
	fmt_time(s, face->t, tf, sizeof(tf));
	xasprintf(&a->reason, "card %s of %s granted at %s %s; its face reader"
	    " named %s at %s and refused him%s", b->card != NULL ? b->card :
	    "?", b->person, b->device, tb, face->person, tf, others == 0 ? "" :
	    others == 1 ? " (one other passage then)" :
	    " (other passages then)");
}

/* face-mismatch: badge reads wait until their window has passed. */
static void
mismatch(struct scan *s, const struct vg_row *r, struct gate *g)
{
	size_t	k;

	for (k = 0; k < g->npend && (r == NULL ||
	    g->pend[k].t + s->o->face < r->t); k++)
		mismatch_check(s, g, &g->pend[k]);
	if (k > 0) {
		memmove(g->pend, g->pend + k, (g->npend - k) *
		    sizeof(*g->pend));
		g->npend -= k;
		memset(g->pend + g->npend, 0, k * sizeof(*g->pend));
	}
	if (r == NULL || !want_badge(r, r))
		return;
	if (g->npend == NPEND) {
		mismatch_check(s, g, &g->pend[0]);
		memmove(g->pend, g->pend + 1, (NPEND - 1) * sizeof(*g->pend));
		g->npend--;
		memset(&g->pend[g->npend], 0, sizeof(*g->pend));
	}
	g->pend[g->npend++] = *r;
}

/* log n!, from a table grown as asked. */
static double
logfact(struct scan *s, size_t n)
{
	size_t	i, cap;

	if (n >= s->nlf) {
		cap = n + 1 > 2 * s->nlf ? n + 1 : 2 * s->nlf;
		s->lf = xreallocarray(s->lf, cap, sizeof(*s->lf));
		for (i = s->nlf; i < cap; i++)
			s->lf[i] = i < 2 ? 0 : s->lf[i - 1] + log((double)i);
		s->nlf = cap;
	}
	return s->lf[n];
}

/*
 * Whether the chance of k or more successes in n trials of chance p is
 * under limit (at most 1/2).  From k up to the median the chance is at
 * least 1/2; past it the terms fall, each from the one before by their
 * ratio, and the sum stops as soon as it reaches limit or the terms no
 * longer change it.
 */
static int
tail_under(struct scan *s, size_t n, int k, double p, double limit)
{
	double	term, sum, step;
	size_t	i;

	if (p <= 0)
		return k > 0;
	if (p >= 1 || (double)k <= (double)n * p)
		return 0;
	if ((size_t)k > n)
		return 1;
	term = exp(logfact(s, n) - logfact(s, (size_t)k) - logfact(s, n -
	    (size_t)k) + (double)k * log(p) + (double)(n - (size_t)k) *
	    log1p(-p));
	step = p / (1 - p);
	for (sum = term, i = (size_t)k; sum < limit && i < n; i++) {
		term *= (double)(n - i) / (double)(i + 1) * step;
		if (term <= sum * 1e-17)
			break;
		sum += term;
	}
	return sum < limit;
}

/*
 * denied-burst: one card denied again and again with no grant between, or
 * a gate denying far more often within minutes than it does in the span.
 */
static void
denied(struct scan *s, const struct vg_row *r, const struct hit *h,
    struct gate *g)
{
	denied_card(s, r, h);
	denied_gate(s, r, g);
}

/* denied-burst's card: its run of denials with no grant between. */
static void
denied_card(struct scan *s, const struct vg_row *r, const struct hit *h)
{
	const struct vg_row	*ev[2];
	struct vg_row		 first;
	struct vg_anomaly	*a;
	struct denials		*d;
	char			 ta[16], tb[16];
	size_t			 i;
	int64_t			 nw;
	int			 fresh;

	/* a grant ends a card's run of denials; a card with none held is
	   left out of the map (an entry with no denials is forget's to
	   drop, and as none), so only denied cards are hashed in */
	if (h->card != 0 && is(r->result, "granted")) {
		if ((nw = imap_find(&s->denymap, h->card)) != -1)
			s->den[nw].n = 0;
	} else if (h->card != 0 && is(r->result, "denied")) {
		i = imap_get(&s->denymap, h->card, s->nden, &fresh);
		if (fresh) {
			s->den = reserve(s->den, s->nden, &s->capden,
			    sizeof(*s->den));
			memset(&s->den[s->nden], 0, sizeof(*s->den));
			s->den[s->nden++].card = h->card;
		}
		d = &s->den[i];
		if (d->n == 0 || r->t - d->first.t > s->o->burst) {
			d->n = 0;
			d->reported = 0;
			d->first = *h;
		}
		d->n++;
		d->last = *h;
		if (d->n == s->o->burstn && !d->reported) {
			d->reported = 1;
			ev[0] = unpack(s, &d->first, &first);
			ev[1] = r;
			a = found(s, VG_AN_DENIED, &first, 0.7, ev, 2);
			set_who(a, r);
			fmt_time(s, d->first.t, ta, sizeof(ta));
			fmt_time(s, r->t, tb, sizeof(tb));
			xasprintf(&a->reason, "card %s denied %d times from"
			    " %s %s to %s %s with no grant between", r->card,
			    d->n, first.device, ta, r->device, tb);
		}
	}
}

/* denied-burst's gate: a read at t into its window (those more than the
 * burst window before t out of it), counted. */
static void
window_add(struct scan *s, struct gate *g, int64_t t, int denied)
{
	size_t	k;

	for (k = g->w0; k < g->nwin && t - g->win[k] > s->o->burst; k++)
		if (g->windenied[k])
			g->nwindenied--;
	g->w0 = k;
	if (k > 0 && 2 * k >= g->nwin) {
		memmove(g->win, g->win + k, (g->nwin - k) * sizeof(*g->win));
		memmove(g->windenied, g->windenied + k, (g->nwin - k) *
		    sizeof(*g->windenied));
		g->nwin -= k;
		g->w0 = 0;
	}
	if (g->nwin == g->wincap) {
		g->wincap = g->wincap ? 2 * g->wincap : 16;
		g->win = xreallocarray(g->win, g->wincap, sizeof(*g->win));
		g->windenied = xreallocarray(g->windenied, g->wincap,
		    sizeof(*g->windenied));
	}
	g->win[g->nwin] = t;
	g->windenied[g->nwin++] = (char)denied;
	g->nreads++;
}

/* denied-burst's gate: its denials within the window against its rate
 * (every read of the gate counts, granted or not). */
static void
denied_gate(struct scan *s, const struct vg_row *r, struct gate *g)
{
	if (r->result == NULL)
		return;
	window_add(s, g, r->t, res_is(r->result, VG_RES_DENIED));
	if (!g->windenied[g->nwin - 1])
		return;
	g->nwindenied++;
	g->ndenied++;
	if (r->t < g->burstend || g->nwindenied < s->o->burstn)
		return;
	denied_test(s, r, g, (int64_t)(g->nwin - g->w0), g->nreads);
}

/* denied-burst's gate at a denial r with enough in the window: whether
 * the window's nw reads (the gate's nreads so far) make a burst. */
static void
denied_test(struct scan *s, const struct vg_row *r, struct gate *g,
    int64_t nw, int64_t nreads)
{
	const struct vg_row	*ev[1];
	struct vg_anomaly	*a;
	char			 ta[16], tb[16];
	size_t			 k;
	double			 ratio;

	/* the chance of so many denials among the window's reads, were each
	   read denied as often as the gate denied before them (smoothed;
	   the window itself counts while the gate has read less before than
	   in the window) */
	if (nreads - nw >= MINREADS && nreads - nw >= nw)
		ratio = (double)(g->ndenied - g->nwindenied + 1) /
		    (double)(nreads - nw + 2);
	else
		ratio = (double)(g->ndenied + 1) / (double)(nreads + 2);
	/* a busy gate is tested at every denial: the more reads, the less
	   one window's chance may be */
	if (!tail_under(s, (size_t)nw, g->nwindenied, ratio, SURPRISE /
	    (double)nreads))
		return;
	g->burstend = r->t + s->o->burst;
	ev[0] = r;
	a = found(s, VG_AN_DENIED, r, 0.8, ev, 1);
	for (k = g->w0; k < g->nwin && !g->windenied[k]; k++)
		;
	fmt_time(s, g->win[k], ta, sizeof(ta));
	fmt_time(s, r->t, tb, sizeof(tb));
	xasprintf(&a->reason, "%d of %zu reads denied at %s from %s to %s,"
	    " where %.1f%% were denied before", g->nwindenied, (size_t)nw,
	    r->device, ta, tb, 100 * ratio);
}

static int
local_hour(struct scan *s, int64_t t)
{
	int64_t	l = t / US + vg_tz_offset(s->tz, t);

	return (int)(((l % 86400) + 86400) % 86400 / 3600);
}

/* How deep in the night t is, local time: 1 at 03:00, 0 from 09:00 to
 * 21:00, the cosine of the hours from 03:00 between. */
static double
night_depth(struct scan *s, int64_t t)
{
	int64_t	l = t / US + vg_tz_offset(s->tz, t);
	double	h = (double)(((l % 86400) + 86400) % 86400) / 3600.0;

	return fmax(0.0, cos(2 * M_PI * (h - 3.0) / 24.0));
}

/* The entries of a gate at an hour, as the archive counted them, into
 * its zone's when it is an inner ring's gate. */
static int
hours_add(const char *code, int h, int64_t n, void *arg)
{
	struct scan	*s = arg;
	int		 dev = devindex(s, code), z;

	if (dev == -1 || s->site->devices[dev].type != VG_GATE || (z =
	    s->zone[dev]) == -1 || s->ring[dev] < s->o->ring || h < 0 ||
	    h > 23)
		return 0;
	s->zh[z].byhour[h] += n;
	s->zh[z].n += n;
	return 0;
}

/*
 * Whether who entered zone z at r was reported after hours within the
 * hour before (one visit through two gates of a zone is one row); else
 * r's time is kept as his latest.
 */
static int
late_again(struct scan *s, const struct vg_row *r, int z)
{
	uint32_t	who = pool_id(s, r->person != NULL ? r->person : r->card);
	size_t		i;
	int		fresh;

	if (who == 0)
		return 0;
	i = imap_get(&s->latemap, (uint64_t)who << 32 | (uint32_t)(z + 1),
	    s->nlate, &fresh);
	if (fresh) {
		s->late = grow(s->late, s->nlate, sizeof(*s->late));
		s->late[s->nlate++] = r->t;
		return 0;
	}
	if (r->t - s->late[i] < HOUR)
		return 1;
	s->late[i] = r->t;
	return 0;
}

/* after-hours where the site gives the zone's hours: an entry outside. */
static void
hours_given(struct scan *s, const struct vg_row *r, int dev, int z)
{
	const struct vg_row	*ev[1];
	struct vg_anomaly	*a;
	char			 t[16], w[128];
	int64_t			 l = r->t / US + vg_tz_offset(s->tz, r->t);
	int			 m, k, dist;

	m = (int)(((l % 86400) + 86400) % 86400 / 60);
	if (s->open[z][m])
		return;
	/* the further from the nearest open minute, the more serious */
	for (dist = 1; dist < VG_DAY_MINUTES / 2; dist++)
		if (s->open[z][(m + dist) % VG_DAY_MINUTES] ||
		    s->open[z][(m - dist + VG_DAY_MINUTES) % VG_DAY_MINUTES])
			break;
	k = s->ring[dev] >= 5 ? 1 : 0;
	if (late_again(s, r, z))
		return;
	ev[0] = r;
	/* the site's word outranks what is learned: 0.7 to 0.9, in the
	   core 0.9 to 1 */
	a = found(s, VG_AN_HOURS, r, (0.7 + 0.2 * k) + (0.2 - 0.1 * k) *
	    fmin(1.0, dist / 120.0), ev, 1);
	set_who(a, r);
	fmt_time(s, r->t, t, sizeof(t));
	xasprintf(&a->reason, "%s entered %s (ring %d) at %s, outside its"
	    " hours %s given by the site", who_of(r, w, sizeof(w)),
	    s->site->zones[z].id, s->ring[dev], t, s->site->zones[z].hours);
}

/* One of a person's entries around another: the hour, if into the zone. */
static int
visit_row(const struct vg_row *r, void *arg)
{
	struct scan	*s = arg;
	int		 dev = devindex(s, r->device);

	if (r->type == VG_ROW_GATE && dev != -1 && s->zone[dev] == s->visitz &&
	    is(r->result, "granted") && is(r->direction, "in"))
		s->visit |= 1u << local_hour(s, r->t);
	return 0;
}

/*
 * The local hours at which r's person (or card) entered zone z within an
 * hour of r: one visit through two gates of the zone either side of an
 * hour's turn is not a habit of that hour.
 */
static int
visit_hours(struct scan *s, const struct vg_row *r, int z, uint32_t *hours)
{
	struct vg_query	q;

	vg_query_init(&q);
	q.kinds = VG_ROW_GATE;
	if (r->person != NULL)
		q.person = r->person;
	else
		q.card = r->card;
	q.from = r->t - HOUR;
	q.to = r->t + HOUR;
	s->visitz = z;
	s->visit = 0;
	if (vg_query_run(s->ar, &q, visit_row, s, s->err) == -1)
		return -1;
	*hours = s->visit;
	return 0;
}

/*
 * after-hours, finding: an entry at an hour when the zone is almost never
 * entered (under 2% of its entries fall in that hour and the two beside
 * it) by someone never seen entering it at those hours on another day.
 */
static void
hours_find(struct scan *s, const struct vg_row *r, int dev)
{
	const struct vg_row	*ev[1];
	struct vg_anomaly	*a;
	char			 t[16], w[128];
	int			 h, z, k;
	uint32_t		 habit = 0, visit = 0;
	int64_t			 near = 0;
	double			 share;

	if (dev == -1 || (z = s->zone[dev]) == -1 ||
	    !is(r->result, "granted") || !is(r->direction, "in"))
		return;
	if (s->open[z] != NULL) {
		hours_given(s, r, dev, z);
		return;
	}
	if (s->ring[dev] < s->o->ring || s->zh[z].n == 0)
		return;
	h = local_hour(s, r->t);
	for (k = -1; k <= 1; k++)
		near += s->zh[z].byhour[(h + k + 24) % 24];
	/* this entry is one of them: leave it out */
	share = (double)(near - 1) / (double)s->zh[z].n;
	if (share >= 0.02)
		return;
	/* the hours beside this one, on any day (its own is this entry's) */
	if ((r->person != NULL || r->card != NULL) && vg_ar_habit(s->ar,
	    r->person != NULL ? r->person : r->card, s->site->zones[z].id,
	    &habit, s->err) == -1) {
		s->failed = 1;
		return;
	}
	/* the hours beside this one that this visit itself entered at are
	   not another occasion's */
	if ((habit & (1u << (h + 23) % 24 | 1u << (h + 1) % 24)) &&
	    visit_hours(s, r, z, &visit) == -1) {
		s->failed = 1;
		return;
	}
	if (habit & ~visit & (1u << (h + 23) % 24 | 1u << (h + 1) % 24))
		return;
	if (late_again(s, r, z))
		return;
	ev[0] = r;
	a = found(s, VG_AN_HOURS, r, fmin(1.0, 0.6 + 0.4 * (1 - share /
	    0.02) * (s->ring[dev] >= 5 ? 1 : 0.75) + 0.1 * night_depth(s,
	    r->t)), ev, 1);
	set_who(a, r);
	fmt_time(s, r->t, t, sizeof(t));
	xasprintf(&a->reason, "%s entered %s (ring %d) at %s, when %.1f%% of"
	    " its entries happen, and was never seen entering it then",
	    who_of(r, w, sizeof(w)), s->site->zones[z].id, s->ring[dev], t,
	    100 * share);
}

/* Read r at the newest of g's ring: its room doubled (up to RECENTMAX)
 * while the read it would take the place of is within keep of r, so that
 * a busy gate's ring still holds the windows the rules look back over. */
static void
gate_push(struct gate *g, const struct vg_row *r, int64_t keep)
{
	struct vg_row	*n;
	size_t		 i;

	if (g->nring == 0) {
		g->nring = RECENT;
		g->recent = xcalloc(g->nring, sizeof(*g->recent));
	} else if (g->nrecent == g->nring && g->nring < RECENTMAX &&
	    r->t - g->recent[g->head].t <= keep) {
		n = xcalloc(2 * g->nring, sizeof(*n));
		for (i = 0; i < g->nring; i++)
			n[i] = g->recent[(g->head + i) % g->nring];
		free(g->recent);
		g->recent = n;
		g->head = g->nring;
		g->nring *= 2;
	}
	g->recent[g->head] = *r;
	g->head = (g->head + 1) % g->nring;
	if (r->person != NULL && is(r->credential, "face") && !is(r->result,
	    "granted")) {
		g->lastface = r->t;
		g->anyface = 1;
	}
	if (g->nrecent < g->nring)
		g->nrecent++;
}

/* Whether result p (the library's name, or another's copy) is result k:
 * by its address, but for a name not the library's. */
static int
res_is(const char *p, int k)
{
	int	i;

	if (p == vg_result_names[k])
		return 1;
	for (i = VG_RES_GRANTED; i <= VG_RES_ALARM; i++)
		if (p == vg_result_names[i])
			return 0;
	return is(p, vg_result_names[k]);
}

static int
want(const struct scan *s, enum vg_anomaly_kind k)
{
	return s->o->kinds == 0 || (s->o->kinds & (1u << k));
}


/*
 * A string that keeps its address through a stream (a device's id, a
 * source's path and digest), looked up once: a small cache by address in
 * front of the pool.
 */
static const char *
cached(struct scan *s, const char *str, int *dev, uint32_t *id)
{
	struct pcache	*c;

	if (str == NULL) {
		*id = 0;
		return NULL;
	}
	c = &s->pc[((uintptr_t)str >> 4) % NPCACHE];
	if (c->addr != str) {
		c->addr = str;
		c->dev = devindex(s, str);
		c->id = pool_id(s, str);
		c->held = s->pstr[c->id];
	}
	if (dev != NULL)
		*dev = c->dev;
	*id = c->id;
	return c->held;
}

/* The longest of the shortest ways between two of site's gates, metres. */
static double
farthest(struct vg_ways *w, const struct vg_site *site)
{
	size_t	a, b;
	double	d, far = 0;

	for (a = 0; a < site->ndevices; a++)
		for (b = 0; site->devices[a].type == VG_GATE &&
		    b < site->ndevices; b++)
			if (b != a && site->devices[b].type == VG_GATE &&
			    (d = vg_ways_metres(w, (int)a, (int)b)) > far)
				far = d;
	return far;
}

/* farthest, once a scan. */
static double
reach(struct scan *s)
{
	if (s->reach < 0)
		s->reach = farthest(&s->ways, s->site);
	return s->reach;
}

/*
 * Forget what can no longer make an anomaly at or after now: a
 * credential's last read once no way between gates is that slow, a
 * card's denials once their run has ended.  What the scan holds then
 * follows the people active within the last minutes, not the span.
 */
static void
forget(struct scan *s, int64_t now)
{
	double		 slow = fmin(s->o->pace, s->o->drive);
	int64_t		 horizon;
	size_t		 i, n;
	int		 fresh;

	if (want(s, VG_AN_TRAVEL) && s->nseen > 0) {
		horizon = (int64_t)(reach(s) / slow * US) + 1;
		imap_free(&s->keymap);
		for (i = n = 0; i < s->nseen; i++)
			if (now - s->seen[i].last.t < horizon) {
				s->seen[n] = s->seen[i];
				(void)imap_get(&s->keymap, s->seen[n].key, n,
				    &fresh);
				n++;
			}
		s->nseen = n;
		s->seen = trim(s->seen, n, &s->capseen, sizeof(*s->seen));
	}
	if (want(s, VG_AN_DENIED) && s->nden > 0) {
		imap_free(&s->denymap);
		for (i = n = 0; i < s->nden; i++)
			if (s->den[i].n > 0 && now - s->den[i].first.t <=
			    s->o->burst) {
				s->den[n] = s->den[i];
				(void)imap_get(&s->denymap, s->den[n].card, n,
				    &fresh);
				n++;
			}
		s->nden = n;
		s->den = trim(s->den, n, &s->capden, sizeof(*s->den));
	}
}

/* Gate row row as held past the callback (*held, its strings pooled,
 * the device's already), and what the rules keep of it (*h). */
static struct vg_row *
pooled(struct scan *s, const struct vg_row *row, struct vg_row *held,
    struct hit *h)
{
	h->t = row->t;
	h->line = row->line;
	h->cred = row->credential;
	h->dir = row->direction;
	h->res = row->result;
	h->score = (float)row->score;
	held->zone = cached(s, row->zone, NULL, &h->zone);
	held->source = cached(s, row->source, NULL, &h->src);
	held->digest = cached(s, row->digest, NULL, &h->dig);
	h->person = pool_id(s, row->person);
	h->card = pool_id(s, row->card);
	h->plate = pool_id(s, row->plate);
	held->person = s->pstr[h->person];
	held->card = s->pstr[h->card];
	held->plate = s->pstr[h->plate];
	held->name = held->track = held->attrs = NULL;
	return held;
}

static int
row_fn(const struct vg_row *row, void *arg)
{
	struct scan	*s = arg;
	struct vg_row	 held = *row, *r = &held;
	struct hit	 h;
	struct gate	*g;
	int		 dev;

	held.device = cached(s, row->device, &dev, &h.src);
	if (s->first == VG_TIME_NONE && row->type == VG_ROW_GATE)
		s->first = row->t;
	if (s->o->progress != NULL && (++s->nread & 0xfff) == 0)
		s->o->progress(s->o->parg, "gate events read", s->nread, 0);
	if (dev == -1)
		return 0;
	if (r->type != VG_ROW_GATE) {
		if (want(s, VG_AN_TAILGATE))
			heads(s, row, dev, NULL);
		return s->failed;
	}
	if (outside(s, r->t)) {
		if (want(s, VG_AN_TAILGATE) && s->gw0[dev] < s->gw0[dev + 1]) {
			(void)pooled(s, row, &held, &h);
			heads(s, row, dev, &h);
		}
		return s->failed;
	}
	s->lastt = r->t;
	if (r->t >= s->sweep) {
		forget(s, r->t);
		s->sweep = r->t + SWEEP;
	}
	/* what is held past this call points into the pool (the names of
	   credentials, directions and results are the library's own); what
	   the rules keep of it, by the pool's ids */
	s->off[dev] = row->offset;
	h.dev = dev;
	(void)pooled(s, row, &held, &h);
	/* a gate's state (two rings of rows) made at its first read: most
	   devices of a site are cameras, and a short span touches few gates */
	if ((g = s->gate[dev]) == NULL)
		g = s->gate[dev] = xcalloc(1, sizeof(*g));
	if (want(s, VG_AN_TRAVEL))
		travel(s, r, &h);
	if (want(s, VG_AN_TAILGATE) && (s->tgate == NULL || s->tgate[dev])) {
		tailgate(s, r, g);
		if (s->gw0[dev] < s->gw0[dev + 1])
			heads(s, row, dev, &h);
	}
	if (want(s, VG_AN_PASSBACK))
		passback(s, r, &h);
	if (want(s, VG_AN_NEVERLEFT))
		vehicles(s, r, &h);
	if (want(s, VG_AN_FACE))
		mismatch(s, r, g);
	if (want(s, VG_AN_DENIED))
		denied(s, r, &h, g);
	if (want(s, VG_AN_HOURS))
		hours_find(s, r, dev);
	/* (face-mismatch looks back from a badge's window's end over both
	   its sides; tailgating over its window) */
	gate_push(g, r, want(s, VG_AN_FACE) && 2 * s->o->face >
	    s->o->tailgate ? 2 * s->o->face : s->o->tailgate);
	return s->failed;
}

/*
 * A row of the head count's lead-in before the minutes it holds (heads()
 * only learns there: a named granted read's person and way, a head's
 * person and time in view), as row_fn takes it, without what the rules
 * keep of a row it holds: a gate event's strings are not pooled (a busy
 * gate's hour before a span is most of the rows a short span reads).
 */
static int
learn_fn(const struct vg_row *row, void *arg)
{
	struct scan	*s = arg;
	struct hit	 h;
	int		 dev;

	memset(&h, 0, sizeof(h));
	(void)cached(s, row->device, &dev, &h.src);
	if (s->first == VG_TIME_NONE && row->type == VG_ROW_GATE)
		s->first = row->t;
	if (s->o->progress != NULL && (++s->nread & 0xfff) == 0)
		s->o->progress(s->o->parg, "gate events read", s->nread, 0);
	if (dev == -1 || !want(s, VG_AN_TAILGATE))
		return dev == -1 ? 0 : s->failed;
	if (row->type != VG_ROW_GATE)
		heads(s, row, dev, NULL);
	else if (s->gw0[dev] < s->gw0[dev + 1]) {
		h.person = pool_id(s, row->person);
		heads(s, row, dev, &h);
	}
	return s->failed;
}

/* vg_ar_stream of codes lo..hi to row_fn, its rows before the minutes
 * the head count holds (from - HKEEP, when from is set) to learn_fn. */
static int
stream_rows(struct scan *s, const char *const *codes, size_t ncodes,
    int64_t lo, int64_t hi)
{
	int64_t	held = s->o->from != VG_TIME_NONE ? s->o->from - HKEEP :
		    VG_TIME_NONE;

	if (held != VG_TIME_NONE && lo != VG_TIME_NONE && held > lo) {
		if (vg_ar_stream(s->ar, codes, ncodes, lo, hi !=
		    VG_TIME_NONE && hi < held - 1 ? hi : held - 1, learn_fn, s,
		    s->err) == -1)
			return -1;
		if (hi != VG_TIME_NONE && hi < held)
			return 0;
		lo = held;
		/* (a stream's strings keep their addresses through it only) */
		memset(s->pc, 0, sizeof(s->pc));
	}
	return vg_ar_stream(s->ar, codes, ncodes, lo, hi, row_fn, s, s->err);
}

static int
cmp_anomaly(const void *a, const void *b)
{
	const struct vg_anomaly	*x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Most serious first, then earliest, then by id. */
void
vg_anomaly_sort(struct vg_anomaly *a, size_t n)
{
	vg_qsort(a, n, sizeof(*a), cmp_anomaly);
}

void
vg_anomaly_opts_init(struct vg_anomaly_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->from = o->to = VG_TIME_NONE;
	o->tolerance = 30 * US;
	o->pace = 2.0;
	o->drive = 15.0;
	o->tailgate = 5 * US;
	o->face = 10 * US;
	o->visit = 12 * HOUR;
	o->burst = 5 * MINUTE;
	o->burstn = 3;
	o->ring = 4;
	o->devices = 3;
	o->linger = 10 * MINUTE;
	o->same = log(100);
}

/* A gate's state freed. */
static void
gate_free(struct gate *g)
{
	if (g == NULL)
		return;
	free(g->recent);
	free(g->win);
	free(g->windenied);
	free(g->ng);
	free(g->pt);
	free(g->ptlt);
	free(g->pthi);
	free(g->ptat);
	free(g->ngk);
	free(g);
}

static void
scan_free(struct scan *s)
{
	size_t	i;

	map_free(&s->devmap);
	imap_free(&s->keymap);
	imap_free(&s->sidemap);
	imap_free(&s->pcand);
	imap_free(&s->claimed);
	imap_free(&s->bydig);
	imap_free(&s->tfirst);
	imap_free(&s->tsecond);
	free(s->pcl);
	free(s->tgate);
	free(s->kept);
	free(s->ks);
	free(s->kstr.s);
	imap_free(&s->staymap);
	imap_free(&s->denymap);
	imap_free(&s->latemap);
	free(s->late);
	imap_free(&s->visitors);
	imap_free(&s->guestmap);
	free(s->guest);
	free(s->edge);
	map_free(&s->pool);
	free(s->pstr);
	free(s->ps);
	free(s->lf);
	for (i = 0; i < s->site->ndevices; i++)
		gate_free(s->gate[i]);
	for (i = 0; s->watch != NULL && i < s->site->ndevices; i++)
		if (s->watch[i] != NULL) {
			watch_free(s->watch[i]);
			free(s->watch[i]);
		}
	free(s->watch);
	free(s->gw0);
	free(s->gw);
	free(s->seen);
	free(s->side);
	free(s->pf);
	free(s->stay);
	free(s->unread);
	free(s->den);
	free(s->nar);
	free(s->tie);
	free(s->gate);
	for (i = 0; i < s->site->nzones; i++)
		free(s->open[i]);
	free(s->open);
	free(s->zh);
	free(s->ring);
	free(s->zone);
	free(s->vgate);
	free(s->door);
	free(s->zgate);
	free(s->zgate0);
	free(s->off);
	vg_ways_free(&s->ways);
}

/* The site's devices: rings, zones, vehicle gates, doors, links; the
 * zones' hours. */
static int
scan_site(struct scan *s)
{
	const struct vg_site	*site = s->site;
	const struct vg_device	*d;
	size_t			 i, k, n = site->ndevices;
	int			 fresh, x, *deg, outer;

	s->ring = xcalloc(n + 1, sizeof(*s->ring));
	s->zone = xcalloc(n + 1, sizeof(*s->zone));
	s->vgate = xcalloc(n + 1, sizeof(*s->vgate));
	s->door = xcalloc(n + 1, sizeof(*s->door));
	s->off = xcalloc(n + 1, sizeof(*s->off));
	s->gate = xcalloc(n + 1, sizeof(*s->gate));
	s->zh = xcalloc(site->nzones + 1, sizeof(*s->zh));
	s->open = xcalloc(site->nzones + 1, sizeof(*s->open));
	for (k = 0; k < site->nzones; k++) {
		const char	*why;

		if (site->zones[k].hours == NULL)
			continue;
		s->open[k] = xmalloc(VG_DAY_MINUTES);
		if (vg_hours_parse(site->zones[k].hours, s->open[k], &why) ==
		    -1) {
			/* the import checked them: an archive edited by hand */
			vg_error_set(s->err, "zone %s: hours '%s': %s",
			    site->zones[k].id, site->zones[k].hours, why);
			return -1;
		}
	}
	for (i = 0; i < n; i++)
		(void)map_get(&s->devmap, site->devices[i].id, i, &fresh);
	for (i = 0; i < n; i++) {
		d = &site->devices[i];
		s->zone[i] = -1;
		for (k = 0; k < site->nzones; k++)
			if (d->zone != NULL && strcmp(site->zones[k].id,
			    d->zone) == 0) {
				s->zone[i] = (int)k;
				s->ring[i] = site->zones[k].ring;
			}
		s->vgate[i] = d->type == VG_GATE && d->kind != NULL &&
		    strcmp(d->kind, "vehicle") == 0;
		s->door[i] = d->type == VG_GATE && d->kind != NULL &&
		    strcmp(d->kind, "door") == 0;
	}
	/* each zone's area gates, the boundary passback keys them by */
	s->zgate0 = xcalloc(site->nzones + 2, sizeof(*s->zgate0));
	s->zgate = xcalloc(n + 1, sizeof(*s->zgate));
	for (k = 0; k < site->nzones; k++) {
		s->zgate0[k + 1] = s->zgate0[k];
		for (i = 0; i < n; i++)
			if (site->devices[i].type == VG_GATE && s->zone[i] ==
			    (int)k && s->ring[i] != 0 && !s->vgate[i] &&
			    !s->door[i])
				s->zgate[s->zgate0[k + 1]++] =
				    site->devices[i].id;
	}
	/* the site's edge: the gates of the outermost ring gates have */
	s->edge = xcalloc(n + 1, sizeof(*s->edge));
	for (i = 0, outer = 0; i < n; i++)
		if (site->devices[i].type == VG_GATE && s->ring[i] > 0 &&
		    (outer == 0 || s->ring[i] < outer))
			outer = s->ring[i];
	for (i = 0; i < n; i++)
		s->edge[i] = site->devices[i].type == VG_GATE &&
		    s->ring[i] == outer;
	/* the cameras that watch a gate, and by gate */
	s->watch = xcalloc(n + 1, sizeof(*s->watch));
	s->gw0 = xcalloc(n + 2, sizeof(*s->gw0));
	s->gw = xcalloc(n + 1, sizeof(*s->gw));
	for (i = 0; i < n; i++) {
		d = &site->devices[i];
		if (d->type != VG_CAMERA || d->gate == NULL ||
		    (x = devindex(s, d->gate)) == -1 ||
		    site->devices[x].type != VG_GATE)
			continue;
		s->watch[i] = xcalloc(1, sizeof(*s->watch[i]));
		s->watch[i]->gate = x;
		s->watch[i]->face = d->face;
		s->gw0[x + 1]++;
	}
	for (i = 0; i < n; i++)
		s->gw0[i + 1] += s->gw0[i];
	s->gw0[n + 1] = s->gw0[n];
	deg = xcalloc(n + 1, sizeof(*deg));
	for (i = 0; i < n; i++)
		if (s->watch[i] != NULL) {
			x = s->watch[i]->gate;
			s->gw[s->gw0[x] + deg[x]++] = (int)i;
		}
	free(deg);
	vg_ways_init(&s->ways, site);
	return 0;
}

/*
 * Scan the span of o for anomalies of o's kinds: first what is usual
 * (the hours each inner zone is entered, over the whole archive, as its
 * imports counted them; how often each gate denies, over the span), then
 * every row of the span in time order.  The anomalies come back most
 * serious first.
 */
int
vg_anomaly_scan(struct vg_archive *ar, const struct vg_site *site,
    const struct vg_anomaly_opts *o, struct vg_anomaly **out, size_t *nout,
    struct vg_error *err)
{
	return vg_anomaly_scan_looks(ar, site, o, NULL, NULL, out, nout, err);
}

/* As vg_anomaly_scan, the head count asking unlike(uarg, ...) whether a
 * face no roster entry matched is not the person of a read (NULL: it
 * asks nothing). */
int
vg_anomaly_scan_looks(struct vg_archive *ar, const struct vg_site *site,
    const struct vg_anomaly_opts *o, vg_unlike_fn unlike, void *uarg,
    struct vg_anomaly **out, size_t *nout, struct vg_error *err)
{
	return scan_run(ar, site, o, unlike, uarg, out, nout, NULL, NULL,
	    err);
}

/* The first gate event's time a stream of codes from..to gives, into
 * s->first (VG_TIME_NONE: none); it stops there. */
static int
first_fn(const struct vg_row *r, void *arg)
{
	struct scan	*s = arg;

	if (r->type != VG_ROW_GATE)
		return 0;
	s->first = r->t;
	return 1;
}

/*
 * The stream when the import stored where tailgaters are (s->tgate): the
 * head count reads only those gates and their cameras, over the minutes
 * it holds around the span (every gate over the span itself when other
 * kinds are asked for), so that its rows are those of a stream of every
 * gate; s->first, which the head count asks, is every gate's first.
 * passback by its store, the only other kind, reads its passages' rows
 * alone after (pcand_rows), each rule seeing only its own rows.
 */
static int
tail_streams(struct scan *s, const char **codes, size_t ncodes, int64_t lead,
    int64_t tail)
{
	const struct vg_anomaly_opts	*o = s->o;
	struct vg_anomaly_opts		 one = *o;
	const char			**tc, **gc;
	int64_t				 lo, hi, from, to;
	size_t				 i, nt = 0, ng = 0;
	unsigned			 rest, after = 0;
	int				 d, rc = -1, others, cut = 0;

	tc = xcalloc(ncodes + 1, sizeof(*tc));
	gc = xcalloc(ncodes + 1, sizeof(*gc));
	for (i = 0; i < ncodes; i++) {
		d = devindex(s, codes[i]);
		if (s->watch[d] != NULL && s->site->devices[d].type !=
		    VG_GATE) {
			tc[nt++] = codes[i];
			continue;
		}
		gc[ng++] = codes[i];
		if (s->tgate[d])
			tc[nt++] = codes[i];
	}
	rest = (o->kinds == 0 ? ~0u : o->kinds) & ~(1u << VG_AN_TAILGATE) &
	    ((1u << VG_AN_N) - 1);
	if (rest != 0 && by_rows(s, rest)) {
		one.kinds = 1u << VG_AN_TAILGATE;
		s->o = &one;
		after = rest;
		rest = 0;
	}
	others = rest != 0;
	from = o->from;
	to = o->to;
	if (!others && from != VG_TIME_NONE && to != VG_TIME_NONE &&
	    s->tlo <= s->thi) {
		/* the head count's rows are a stream's of any span, and the
		   store's rows are all there are: the span from its first
		   stored row (less the alarm's window back to its grant) to
		   its last is enough */
		one.from = from = s->tlo - o->tailgate > from ? s->tlo -
		    o->tailgate : from;
		one.to = to = s->thi < to ? s->thi : to;
		s->o = &one;
		cut = 1;
	}
	lo = from != VG_TIME_NONE ? from - lead : VG_TIME_NONE;
	hi = to != VG_TIME_NONE ? to + tail : VG_TIME_NONE;
	/* (its first minute first: a busy site has one there) */
	if (nt > 0 && lo != VG_TIME_NONE && vg_ar_stream(s->ar, gc, ng, lo,
	    lo + MINUTE - 1, first_fn, s, s->err) == -1)
		goto out;
	if (nt > 0 && s->first == VG_TIME_NONE && vg_ar_stream(s->ar, gc, ng,
	    lo, hi, first_fn, s, s->err) == -1)
		goto out;
	/* (a stream's strings keep their addresses through it only) */
	memset(s->pc, 0, sizeof(s->pc));
	if (nt > 0 && lo != VG_TIME_NONE && stream_rows(s, tc, nt, lo,
	    from - 1) == -1)
		goto out;
	memset(s->pc, 0, sizeof(s->pc));
	if (!s->failed && (others ? ncodes : nt) > 0 && vg_ar_stream(s->ar,
	    others ? codes : tc, others ? ncodes : nt, from, to, row_fn,
	    s, s->err) == -1)
		goto out;
	memset(s->pc, 0, sizeof(s->pc));
	if (!s->failed && nt > 0 && hi != VG_TIME_NONE && vg_ar_stream(s->ar,
	    tc, nt, to + 1, hi, row_fn, s, s->err) == -1)
		goto out;
	/* (the heads still held settled within the span read: a row of
	   theirs past it is not the store's) */
	for (i = 0; cut && i < s->site->ndevices; i++)
		if (s->watch[i] != NULL)
			watch_settle(s, s->watch[i], INT64_MAX / 4);
	if (after != 0) {
		one.kinds = after;
		one.from = o->from;
		one.to = o->to;
		s->o = &one;
		if (s->failed || pcand_rows(s) == -1)
			goto out;
	}
	rc = 0;
out:
	s->o = o;
	free(tc);
	free(gc);
	return rc;
}

/*
 * The span narrowed: each kind that is not stored reads what it needs,
 * in a pass of its own (the gates' state afresh), where a stream of every
 * gate feeds them all at once.  A rule is fed only rows it could not
 * leave out, so its rows are the stream's:
 *
 * - face-mismatch: a row needs a face refused, naming someone, within
 *   face of the badge, so only the gates' rows from 2 face before each
 *   such face to 2 face after are read (the badge's window then holds
 *   the same rows, and the same rows follow it until it is decided);
 * - denied-burst: a gate's rate by the rows not granted whole (an index
 *   of them) and its granted reads counted at each denial and the burst
 *   window's start before it; a card's run by the rows of each card
 *   denied twice within the burst window;
 * - never-left: the vehicle gates' rows, and each visitor's;
 * - after-hours: the rows of the gates and minutes at which an entry is
 *   one: outside the zone's hours, or at the hours almost never entered.
 */

/* The gates' state forgotten, for the next pass. */
static void
gates_reset(struct scan *s)
{
	size_t	i;

	for (i = 0; i < s->site->ndevices; i++) {
		gate_free(s->gate[i]);
		s->gate[i] = NULL;
	}
	memset(s->pc, 0, sizeof(s->pc));
	s->sweep = INT64_MIN;
}

/* A narrowed part, at the end of *p (n, room cap), merged with the last
 * when the same device's and they touch. */
static void
part_add(struct vg_spart **p, size_t *n, size_t *cap, const char *code,
    int64_t from, int64_t to)
{
	struct vg_spart	*l = *n > 0 ? &(*p)[*n - 1] : NULL;

	if (l != NULL && l->code == code && from <= l->to + 1) {
		if (to > l->to)
			l->to = to;
		return;
	}
	*p = reserve(*p, *n, cap, sizeof(**p));
	(*p)[*n].code = code;
	(*p)[*n].from = from;
	(*p)[(*n)++].to = to;
}

/* The refused faces naming someone (face-mismatch), and the denied
 * cards (denied-burst), as the span's rows not granted give them. */
static int
refused_fn(const struct vg_row *r, void *arg)
{
	struct scan	*s = arg;
	int		 dev = devindex(s, r->device);

	if (dev == -1 || r->type != VG_ROW_GATE || outside(s, r->t))
		return 0;
	s->lastt = r->t;
	if (want(s, VG_AN_FACE) && want_face(r, r)) {
		s->nar = grow(s->nar, s->nnar, sizeof(*s->nar));
		s->nar[s->nnar].t = r->t;
		s->nar[s->nnar++].dev = dev;
	}
	if (want(s, VG_AN_DENIED) && r->card != NULL && is(r->result,
	    "denied")) {
		s->nar = grow(s->nar, s->nnar, sizeof(*s->nar));
		s->nar[s->nnar].t = r->t;
		s->nar[s->nnar++].dev = -1 - (int)pool_id(s, r->card);
	}
	return 0;
}

/* The times a denial at t has the gate's granted reads counted before
 * (denied_test's counts: its instant, the instant after, its burst
 * window's start where that is within the span), into pt: how many. */
static size_t
denial_points(const struct scan *s, int64_t t, int64_t pt[3])
{
	size_t	n = 0;

	pt[n++] = t;
	pt[n++] = t + 1;
	if (t - s->o->burst >= s->o->from)
		pt[n++] = t - s->o->burst;
	return n;
}

/* Row r kept, its strings copied (dng_fn; the rule reads them after). */
static void
row_keep(struct scan *s, const struct vg_row *r)
{
	struct vg_row	*k;
	const char *const *f[KSTR] = KSTR_FIELDS(r);
	size_t		 i, *ks;

	if (s->nkept == s->capkept) {
		s->kept = reserve(s->kept, s->nkept, &s->capkept,
		    sizeof(*s->kept));
		s->ks = xreallocarray(s->ks, s->capkept, KSTR *
		    sizeof(*s->ks));
	}
	k = &s->kept[s->nkept];
	*k = *r;
	k->vec = NULL;
	k->nvec = 0;
	ks = &s->ks[s->nkept++ * KSTR];
	for (i = 0; i < KSTR; i++) {
		/* (a string the row before has is kept once: the rows' pooling
		   knows a string by its address) */
		if (*f[i] == NULL)
			ks[i] = 0;
		else if (s->nkept > 1 && (ks - KSTR)[i] != 0 &&
		    strcmp(s->kstr.s + (ks - KSTR)[i] - 1, *f[i]) == 0)
			ks[i] = (ks - KSTR)[i];
		else {
			ks[i] = s->kstr.len + 1;
			vg_buf_add(&s->kstr, *f[i], strlen(*f[i]) + 1);
		}
	}
}

/* The kept rows given to fn in turn, their strings in place; then
 * forgotten (narrow_passes). */
static int
kept_give(struct scan *s, vg_row_fn fn)
{
	size_t		 i, j, *ks;
	int		 rc = 0;

	/* (a stream's strings keep their addresses through it only) */
	memset(s->pc, 0, sizeof(s->pc));
	for (i = 0; i < s->nkept && rc == 0; i++) {
		struct vg_row	*k = &s->kept[i];
		const char	**f[KSTR] = KSTR_FIELDS(k);

		ks = &s->ks[i * KSTR];
		for (j = 0; j < KSTR; j++)
			*f[j] = ks[j] == 0 ? NULL : s->kstr.s + ks[j] - 1;
		rc = fn(k, s);
	}
	s->nkept = 0;
	s->kstr.len = 0;
	return rc;
}

/* denied-burst's gates, first: each gate's reads not granted by their
 * times, and the times its reads are to be counted at (denial_points). */
static int
dng_fn(const struct vg_row *row, void *arg)
{
	struct scan	*s = arg;
	struct gate	*g;
	int64_t		 pt[3];
	size_t		 k, n;
	int		 dev = devindex(s, row->device);

	row_keep(s, row);
	if (dev == -1 || row->type != VG_ROW_GATE || outside(s, row->t))
		return 0;
	s->lastt = row->t;
	if ((g = s->gate[dev]) == NULL)
		g = s->gate[dev] = xcalloc(1, sizeof(*g));
	g->ng = reserve(g->ng, g->nng, &g->capng, sizeof(*g->ng));
	g->ngk = xreallocarray(g->ngk, g->capng, sizeof(*g->ngk));
	g->ngk[g->nng] = row->result == NULL ? 0 : res_is(row->result,
	    VG_RES_DENIED) ? 2 : 1;
	g->ng[g->nng++] = row->t;
	if (!res_is(row->result, VG_RES_DENIED))
		return 0;
	n = denial_points(s, row->t, pt);
	for (k = 0; k < n; k++) {
		g->pt = reserve(g->pt, g->npt, &g->cappt, sizeof(*g->pt));
		g->pt[g->npt++] = pt[k];
	}
	return 0;
}

/* The denials at an instant a granted read shares: how many granted
 * reads of the instant come before each (the instant's rows in order). */
static int
dtie_fn(const struct vg_row *row, void *arg)
{
	struct scan	*s = arg;
	struct dtie	*d;
	int		 dev = devindex(s, row->device);

	if (dev == -1 || row->type != VG_ROW_GATE || outside(s, row->t))
		return 0;
	if (dev != s->tiedev || row->t != s->tiet) {
		s->tiedev = dev;
		s->tiet = row->t;
		s->ctie = 0;
	}
	if (res_is(row->result, VG_RES_GRANTED))
		s->ctie++;
	else if (res_is(row->result, VG_RES_DENIED)) {
		s->tie = reserve(s->tie, s->ntie, &s->captie, sizeof(*s->tie));
		d = &s->tie[s->ntie++];
		d->t = row->t;
		d->line = row->line;
		d->dev = dev;
		d->before = (int64_t)s->ctie;
	}
	return 0;
}

/* How many of the n times of a (ascending) are before t (or at it too,
 * when at). */
static size_t
times_before(const int64_t *a, size_t n, int64_t t, int at)
{
	size_t	lo = 0, hi = n, m;

	while (lo < hi) {
		m = lo + (hi - lo) / 2;
		if (a[m] < t || (at && a[m] == t))
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

/* How many of the gate's reads within the span are not granted, from its
 * start to before t (at t too when at). */
static int64_t
ng_before(const struct gate *g, int64_t t, int at)
{
	return (int64_t)times_before(g->ng, g->nng, t, at);
}

/* The index of time t among the gate's counted times, or -1. */
static ssize_t
pt_find(const struct gate *g, int64_t t)
{
	size_t	i = times_before(g->pt, g->npt, t, 0);

	return i < g->npt && g->pt[i] == t ? (ssize_t)i : -1;
}

/* The gate's granted reads from the span's start to before t. */
static int64_t
granted_before(const struct scan *s, const struct gate *g, int64_t t)
{
	ssize_t	i;

	if (t <= s->o->from || (i = pt_find(g, t)) == -1)
		return 0;
	return g->ptlt[i] - ng_before(g, t, 0);
}

/* The gate's granted reads from the span's start to before t, at least
 * (lo) or at most: exact where t's count is. */
static int64_t
granted_bound(const struct scan *s, const struct gate *g, int64_t t, int hi)
{
	ssize_t	i;

	if (t <= s->o->from || (i = pt_find(g, t)) == -1)
		return 0;
	if (hi)
		return g->pthi[i] - ng_before(g, t, 0);
	return g->ptlt[i] - ng_before(g, g->ptat[i], 0);
}

/* Whether the gate's reads before t are counted exactly (those of the
 * denials that could be bursts are, dgate_need). */
static int
count_exact(const struct scan *s, const struct gate *g, int64_t t)
{
	ssize_t	i;

	if (t <= s->o->from)
		return 1;
	return (i = pt_find(g, t)) != -1 && g->ptat[i] == g->pt[i];
}

/*
 * Whether a denial at t, with w's window (nw reads not granted, k
 * denials), its denials and its reads not granted so far, could be a
 * burst, the gate's granted reads bounded by g's counts: 0 when it
 * cannot be at any count within the bounds (the chance of k among nw is
 * larger with more reads and a larger rate, the limit smaller with more
 * reads), so that only such denials need the counts exact.
 */
static int
dgate_maybe(struct scan *s, const struct gate *g, const struct gate *w,
    int64_t t)
{
	int64_t	ng = (int64_t)(w->nwin - w->w0), nwlo, nwhi, nrlo, nrhi, wt;
	double	rmin = 1, r;

	wt = t - s->o->burst;
	nwlo = ng + granted_bound(s, g, t, 0) - granted_bound(s, g, wt, 1);
	if (nwlo < ng)
		nwlo = ng;
	nwhi = ng + granted_bound(s, g, t + 1, 1) - granted_bound(s, g, wt,
	    0);
	nrlo = w->nreads + granted_bound(s, g, t, 0);
	nrhi = w->nreads + granted_bound(s, g, t + 1, 1);
	if (nwlo < w->nwindenied || nrlo <= 0)
		return 1;
	/* the smallest rate either way of denied_test's can give */
	if (nrhi - nwlo >= MINREADS && nrhi - nwlo >= nwlo) {
		r = (double)(w->ndenied - w->nwindenied + 1) /
		    (double)(nrhi - nwlo + 2);
		rmin = fmin(rmin, r);
	}
	if (nrlo - nwhi < MINREADS || nrlo - nwhi < nwhi) {
		r = (double)(w->ndenied + 1) / (double)(nrhi + 2);
		rmin = fmin(rmin, r);
	}
	/* (twice the limit: what rounding could turn is counted exactly) */
	return tail_under(s, (size_t)nwlo, w->nwindenied, rmin, 2 * SURPRISE /
	    (double)nrlo);
}

/* The gate's granted reads at t (a denial's time). */
static int64_t
granted_at(const struct scan *s, const struct gate *g, int64_t t)
{
	return granted_before(s, g, t + 1) - granted_before(s, g, t);
}

/* denied-burst's gates, last: each read not granted to the gate's rule,
 * the granted ones by how many there are (counted at each denial). */
static int
dgate_fn(const struct vg_row *row, void *arg)
{
	struct scan	*s = arg;
	struct vg_row	 held = *row;
	struct hit	 h;
	struct gate	*g;
	size_t		 k, n;
	int64_t		 gl, gw, tie = 0, pt[3];
	int		 dev;

	held.device = cached(s, row->device, &dev, &h.src);
	if (dev == -1 || row->type != VG_ROW_GATE || outside(s, row->t))
		return 0;
	s->lastt = row->t;
	s->off[dev] = row->offset;
	if ((g = s->gate[dev]) == NULL)
		g = s->gate[dev] = xcalloc(1, sizeof(*g));
	h.dev = dev;
	(void)pooled(s, row, &held, &h);
	/* (the faces and cards to read after, as refused_fn) */
	(void)refused_fn(row, s);
	if (row->result == NULL)
		return s->failed;
	/* the window of its reads not granted, as denied_gate's */
	window_add(s, g, row->t, res_is(row->result, VG_RES_DENIED));
	if (!g->windenied[g->nwin - 1])
		return s->failed;
	g->nwindenied++;
	g->ndenied++;
	if (row->t < g->burstend || g->nwindenied < s->o->burstn)
		return s->failed;
	n = denial_points(s, row->t, pt);
	for (k = 0; k < n; k++)
		if (!count_exact(s, g, pt[k]))
			return s->failed;
	/* the granted reads of an instant it shares that come before it */
	if (granted_at(s, g, row->t) > 0) {
		for (k = s->ctie; k < s->ntie && !(s->tie[k].dev == dev &&
		    s->tie[k].t == row->t && s->tie[k].line == row->line); k++)
			;
		if (k < s->ntie) {
			tie = s->tie[k].before;
			s->ctie = k + 1;
		}
	}
	gl = granted_before(s, g, row->t);
	gw = granted_before(s, g, row->t - s->o->burst);
	denied_test(s, &held, g, (int64_t)(g->nwin - g->w0) + gl - gw + tie,
	    g->nreads + gl + tie);
	return s->failed;
}

/* denied-burst's gates: the denials that could be bursts, by the rule
 * run on the reads not granted alone (w: a window of its own) and the
 * bounds of the granted ones: their times' counts marked (need, by pt)
 * to be made exact, and their instants (*p, n) to be read whole when they
 * could share one with a granted read. */
static void
dgate_need(struct scan *s, const struct gate *g, const char *code,
    char *need, struct vg_spart **p, size_t *n, size_t *cap)
{
	struct gate	w;
	size_t		k, j, npt;
	ssize_t		i;
	int64_t		t, pt[3];

	memset(&w, 0, sizeof(w));
	for (k = 0; k < g->nng; k++) {
		if (g->ngk[k] == 0)
			continue;
		t = g->ng[k];
		window_add(s, &w, t, g->ngk[k] == 2);
		if (g->ngk[k] != 2)
			continue;
		w.nwindenied++;
		w.ndenied++;
		if (t < s->o->from || w.nwindenied < s->o->burstn ||
		    !dgate_maybe(s, g, &w, t))
			continue;
		npt = denial_points(s, t, pt);
		for (j = 0; j < npt; j++)
			if ((i = pt_find(g, pt[j])) != -1)
				need[i] = 1;
		if (granted_bound(s, g, t + 1, 1) - granted_bound(s, g, t, 0) >
		    0)
			part_add(p, n, cap, code, t, t);
	}
	free(w.win);
	free(w.windenied);
}

/* denied-burst's gates: the times their reads are counted at, bounded by
 * the archive's counts (or counted, when it keeps none: each gate's in
 * turn), those of the denials that could be bursts made exact, and the
 * instants such a denial shares with a granted read read whole: 1, 0 when
 * the back end cannot, -1. */
static int
dgate_count(struct scan *s)
{
	struct vg_spart	*p = NULL, *q = NULL;
	int64_t		*c = NULL, *hi = NULL, *at = NULL, cum, px;
	size_t		 n = 0, cap = 0, nq = 0, capq = 0, i, j, k, m;
	struct gate	*g;
	char		**need = NULL;
	int		 rc = -1, bounded;

	for (i = 0; i < s->site->ndevices; i++) {
		if ((g = s->gate[i]) == NULL || g->npt == 0)
			continue;
		vg_qsort(g->pt, g->npt, sizeof(*g->pt), by_int64);
		for (j = m = 0; j < g->npt; j++)
			if (m == 0 || g->pt[j] != g->pt[m - 1])
				g->pt[m++] = g->pt[j];
		g->npt = m;
		for (j = 0; j < g->npt; j++) {
			p = reserve(p, n, &cap, sizeof(*p));
			p[n].code = s->site->devices[i].id;
			p[n].from = s->o->from;
			p[n++].to = g->pt[j] - 1;
		}
	}
	c = xcalloc(n + 1, sizeof(*c));
	hi = xcalloc(n + 1, sizeof(*hi));
	at = xcalloc(n + 1, sizeof(*at));
	if (n > 0 && (rc = vg_ar_count_bounds(s->ar, p, n, c, hi, at,
	    s->err)) == -1)
		goto out;
	bounded = n > 0 && rc == 1;
	if (n > 0 && !bounded) {
		/* each part from the one before */
		for (k = 0; k < n; k++) {
			p[k].from = k > 0 && p[k].code == p[k - 1].code ?
			    p[k - 1].to + 1 : s->o->from;
			at[k] = p[k].to + 1;
		}
		if ((rc = vg_ar_count_parts(s->ar, p, n, c, s->err)) != 1)
			goto out;
		for (k = 0, cum = 0; k < n; k++) {
			cum = k > 0 && p[k].code == p[k - 1].code ? cum + c[k] :
			    c[k];
			c[k] = hi[k] = cum;
		}
	}
	need = xcalloc(s->site->ndevices + 1, sizeof(*need));
	for (i = k = 0; i < s->site->ndevices; i++) {
		if ((g = s->gate[i]) == NULL || g->npt == 0)
			continue;
		g->ptlt = xcalloc(g->npt, sizeof(*g->ptlt));
		g->pthi = xcalloc(g->npt, sizeof(*g->pthi));
		g->ptat = xcalloc(g->npt, sizeof(*g->ptat));
		for (j = 0; j < g->npt; j++, k++) {
			g->ptlt[j] = c[k];
			g->pthi[j] = hi[k];
			g->ptat[j] = at[k];
		}
	}
	/* the denials that could be bursts: their counts exact, each from
	   the last one made exact where that is within its bucket */
	n = 0;
	for (i = 0; i < s->site->ndevices; i++) {
		if ((g = s->gate[i]) == NULL || g->npt == 0)
			continue;
		need[i] = xcalloc(g->npt, 1);
		dgate_need(s, g, s->site->devices[i].id, need[i], &q, &nq,
		    &capq);
		for (j = 0, px = INT64_MIN; j < g->npt; j++) {
			if (!need[i][j])
				continue;
			if (g->ptat[j] != g->pt[j]) {
				p = reserve(p, n, &cap, sizeof(*p));
				p[n].code = s->site->devices[i].id;
				p[n].from = px >= g->ptat[j] ? px : g->ptat[j];
				p[n++].to = g->pt[j] - 1;
			}
			px = g->pt[j];
		}
	}
	if (n > 0) {
		c = xreallocarray(c, n, sizeof(*c));
		if ((rc = vg_ar_count_parts(s->ar, p, n, c, s->err)) != 1)
			goto out;
		for (i = k = 0; i < s->site->ndevices; i++) {
			if ((g = s->gate[i]) == NULL || need[i] == NULL)
				continue;
			for (j = 0, m = SIZE_MAX; j < g->npt; j++) {
				if (!need[i][j])
					continue;
				if (g->ptat[j] != g->pt[j]) {
					g->ptlt[j] = (m != SIZE_MAX &&
					    g->pt[m] >= g->ptat[j] ?
					    g->ptlt[m] : g->ptlt[j]) + c[k++];
					g->pthi[j] = g->ptlt[j];
					g->ptat[j] = g->pt[j];
				}
				m = j;
			}
		}
	}
	/* the instants such a denial shares with a granted read */
	n = 0;
	for (k = 0; k < nq; k++)
		if (granted_at(s, s->gate[devindex(s, q[k].code)], q[k].from) >
		    0)
			part_add(&p, &n, &cap, q[k].code, q[k].from, q[k].to);
	s->tiedev = -1;
	s->ntie = 0;
	if (n > 0 && (rc = vg_ar_stream_parts(s->ar, p, n, VG_SP_ROWS,
	    dtie_fn, s, s->err)) != 1)
		goto out;
	s->ctie = 0;
	rc = 1;
out:
	for (i = 0; need != NULL && i < s->site->ndevices; i++)
		free(need[i]);
	free(need);
	free(p);
	free(q);
	free(c);
	free(hi);
	free(at);
	return rc;
}

/* denied-burst's cards: a card's rows to its rule alone. */
static int
dcard_fn(const struct vg_row *row, void *arg)
{
	struct scan	*s = arg;
	struct vg_row	 held = *row;
	struct hit	 h;
	int		 dev;

	held.device = cached(s, row->device, &dev, &h.src);
	if (dev == -1 || row->type != VG_ROW_GATE || outside(s, row->t))
		return 0;
	if (row->t >= s->sweep) {
		forget(s, row->t);
		s->sweep = row->t + SWEEP;
	}
	s->off[dev] = row->offset;
	h.dev = dev;
	(void)pooled(s, row, &held, &h);
	denied_card(s, &held, &h);
	return s->failed;
}

/* Whether the span has a gate event (its time into s->lastt). */
static int
any_fn(const struct vg_row *r, void *arg)
{
	struct scan	*s = arg;

	if (r->type != VG_ROW_GATE || devindex(s, r->device) == -1)
		return 0;
	s->lastt = r->t;
	return 1;
}

/* Two parts by their codes. */
static int
by_code(const void *a, const void *b)
{
	return strcmp(((const struct vg_spart *)a)->code,
	    ((const struct vg_spart *)b)->code);
}

static int
by_int64(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int
by_nar(const void *a, const void *b)
{
	const struct pcpos	*x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->t < y->t ? -1 : x->t > y->t;
}

/* Whether an entry into the zone of gate dev at local minute m of the
 * day (-1: not known) could be after hours. */
static int
hours_could(struct scan *s, int dev, int m)
{
	int64_t	near = 0;
	int	z = s->zone[dev], k, h;

	if (z == -1)
		return 0;
	if (m < 0)
		return 1;
	if (s->open[z] != NULL)
		return !s->open[z][m];
	if (s->ring[dev] < s->o->ring || s->zh[z].n == 0)
		return 0;
	h = m / 60;
	for (k = -1; k <= 1; k++)
		near += s->zh[z].byhour[(h + k + 24) % 24];
	return (double)(near - 1) / (double)s->zh[z].n < 0.02;
}

/* The local minute of the day the whole UTC minute from t is, or -1. */
static int
minute_of(struct scan *s, int64_t t)
{
	int	a = vg_tz_offset(s->tz, t), b = vg_tz_offset(s->tz, t +
		    MINUTE - 1);
	int64_t	l;

	if (a != b || a % 60 != 0)
		return -1;
	l = t / US + a;
	return (int)(((l % 86400) + 86400) % 86400 / 60);
}

/* after-hours: the gates' minutes at which an entry could be one, a day
 * at a time (memory flat in the span). */
static int
narrow_hours(struct scan *s)
{
	const struct vg_anomaly_opts	*o = s->o;
	struct vg_spart			*p = NULL;
	size_t				 n, cap = 0, d, k;
	int64_t				 t, day, end, lo;
	int				 m[24 * 60];

	for (day = o->from - (o->from % MINUTE + MINUTE) % MINUTE; day <=
	    o->to; day += 24 * HOUR) {
		end = day + 24 * HOUR - 1 < o->to ? day + 24 * HOUR - 1 :
		    o->to;
		for (t = day, k = 0; t <= end; t += MINUTE)
			m[k++] = minute_of(s, t);
		n = 0;
		for (d = 0; d < s->site->ndevices; d++) {
			if (s->site->devices[d].type != VG_GATE ||
			    s->zone[d] == -1)
				continue;
			for (t = day, k = 0; t <= end; t += MINUTE, k++) {
				if (!hours_could(s, (int)d, m[k]))
					continue;
				lo = t > o->from ? t : o->from;
				part_add(&p, &n, &cap, s->site->devices[d].id,
				    lo, t + MINUTE - 1 < end ? t + MINUTE - 1 :
				    end);
			}
		}
		if (n > 0 && vg_ar_stream_parts(s->ar, p, n, VG_SP_ROWS,
		    row_fn, s, s->err) != 1) {
			free(p);
			return -1;
		}
		if (s->failed)
			break;
	}
	free(p);
	return s->failed ? -1 : 0;
}

/* Run the narrowed passes of kinds (each one alone): -1, 0 done, 1 the
 * back end cannot (nothing done). */
static int
narrow_passes(struct scan *s, unsigned kinds)
{
	const struct vg_anomaly_opts	*o = s->o;
	struct vg_anomaly_opts		 one = *o;
	struct vg_spart			*p = NULL;
	size_t				 i, j, n = 0, cap = 0;
	int64_t				 f = o->face;
	int				 rc = -1, r;

	s->o = &one;
	/* the span's rows not granted: the faces and cards to read (with
	   denied-burst, as its gates' reads give them) */
	if (kinds & (1u << VG_AN_FACE | 1u << VG_AN_DENIED)) {
		for (i = 0; i < s->site->ndevices; i++)
			if (s->site->devices[i].type == VG_GATE)
				part_add(&p, &n, &cap, s->site->devices[i].id,
				    o->from, o->to);
		one.kinds = kinds & (1u << VG_AN_FACE | 1u << VG_AN_DENIED);
		/* (denied-burst: the gates' reads not granted, then their
		   granted ones counted, then the gates' rule) */
		if ((kinds & 1u << VG_AN_DENIED) && ((r =
		    vg_ar_stream_parts(s->ar, p, n, VG_SP_REFUSED, dng_fn, s,
		    s->err)) != 1 || (r = dgate_count(s)) != 1)) {
			/* (nothing kept for the stream read instead) */
			gates_reset(s);
			s->nkept = 0;
			s->kstr.len = 0;
			s->lastt = VG_TIME_NONE;
			rc = r == 0 ? 1 : -1;
			goto out;
		}
		/* (with denied-burst, the rows its first read kept) */
		if (kinds & 1u << VG_AN_DENIED)
			(void)kept_give(s, dgate_fn);
		else if ((r = vg_ar_stream_parts(s->ar, p, n, VG_SP_REFUSED,
		    refused_fn, s, s->err)) != 1) {
			rc = r == 0 ? 1 : -1;
			goto out;
		}
		if (s->failed)
			goto out;
		vg_qsort(s->nar, s->nnar, sizeof(*s->nar), by_nar);
	}
	if (kinds & 1u << VG_AN_DENIED) {
		/* the cards denied twice within the window (or once, when
		   once is a run): each one's rows */
		n = 0;
		for (i = 0; i < s->nnar && s->nar[i].dev < 0; i = j) {
			r = o->burstn <= 1;
			for (j = i + 1; j < s->nnar && s->nar[j].dev ==
			    s->nar[i].dev; j++)
				if (s->nar[j].t - s->nar[j - 1].t <= o->burst)
					r = 1;
			if (r)
				part_add(&p, &n, &cap,
				    s->pstr[-1 - s->nar[i].dev], o->from, o->to);
		}
		memset(s->pc, 0, sizeof(s->pc));
		/* (in the order of their index) */
		vg_qsort(p, n, sizeof(*p), by_code);
		if (n > 0 && vg_ar_stream_parts(s->ar, p, n, VG_SP_CARD,
		    dcard_fn, s, s->err) != 1)
			goto out;
		if (s->failed)
			goto out;
	}
	if (kinds & 1u << VG_AN_FACE) {
		one.kinds = 1u << VG_AN_FACE;
		gates_reset(s);
		n = 0;
		for (i = 0; i < s->nnar; i++)
			if (s->nar[i].dev >= 0)
				part_add(&p, &n, &cap,
				    s->site->devices[s->nar[i].dev].id,
				    s->nar[i].t - 2 * f > o->from ? s->nar[i].t -
				    2 * f : o->from, s->nar[i].t + 2 * f < o->to ?
				    s->nar[i].t + 2 * f : o->to);
		if (n > 0 && vg_ar_stream_parts(s->ar, p, n, VG_SP_ROWS,
		    row_fn, s, s->err) != 1)
			goto out;
		if (s->failed)
			goto out;
		for (i = 0; i < s->site->ndevices; i++)
			if (s->gate[i] != NULL)
				mismatch(s, NULL, s->gate[i]);
	}
	if (kinds & 1u << VG_AN_NEVERLEFT) {
		one.kinds = 1u << VG_AN_NEVERLEFT;
		gates_reset(s);
		n = 0;
		for (i = 0; i < s->site->ndevices; i++)
			if (s->vgate[i])
				part_add(&p, &n, &cap, s->site->devices[i].id,
				    o->from, o->to);
		s->nlpart = 1;
		if (n > 0 && vg_ar_stream_parts(s->ar, p, n, VG_SP_ROWS,
		    row_fn, s, s->err) != 1)
			goto out;
		/* the visitors' passages at the edge's gates by one read of
		   the roster's visitors (what visitors() takes of their
		   rows), else (a back end that cannot) each visitor's rows
		   in turn: the same stays in the same order */
		n = 0;
		s->nlpart = 2;
		memset(s->pc, 0, sizeof(s->pc));
		r = 0;
		if (!s->failed && s->visitors.n > 0) {
			part_add(&p, &n, &cap, "visitor", o->from, o->to);
			for (i = 0; i < s->site->ndevices; i++)
				if (s->edge[i] && !s->vgate[i])
					part_add(&p, &n, &cap,
					    s->site->devices[i].id, o->from,
					    o->to);
			if ((r = vg_ar_stream_parts(s->ar, p, n, VG_SP_STATUS,
			    row_fn, s, s->err)) == -1)
				goto out;
			n = 0;
		}
		for (i = 0; r == 0 && i < s->visitors.cap; i++)
			if (s->visitors.e[i].k != 0)
				part_add(&p, &n, &cap,
				    s->pstr[s->visitors.e[i].k], o->from, o->to);
		vg_qsort(p, n, sizeof(*p), by_code);
		if (!s->failed && n > 0 && vg_ar_stream_parts(s->ar, p, n,
		    VG_SP_PERSON, row_fn, s, s->err) != 1)
			goto out;
		s->nlpart = 3;
		if (s->failed)
			goto out;
	}
	if (kinds & 1u << VG_AN_HOURS) {
		one.kinds = 1u << VG_AN_HOURS;
		gates_reset(s);
		if (narrow_hours(s) == -1)
			goto out;
	}
	gates_reset(s);
	/* (never-left reports at the end of a span with a gate event) */
	/* (a gate at a time: the parts of all would be read whole before
	   the first row is given, the span's every gate event) */
	for (i = 0; (kinds & 1u << VG_AN_NEVERLEFT) && s->lastt ==
	    VG_TIME_NONE && i < s->site->ndevices; i++) {
		if (s->site->devices[i].type != VG_GATE)
			continue;
		n = 0;
		part_add(&p, &n, &cap, s->site->devices[i].id, o->from, o->to);
		if (vg_ar_stream_parts(s->ar, p, n, VG_SP_ROWS, any_fn, s,
		    s->err) != 1)
			goto out;
	}
	rc = 0;
out:
	s->o = o;
	free(p);
	return rc;
}

/*
 * A bounded span whose kinds are each stored or narrowed, read so: the
 * narrowed kinds' passes, then the stored kinds as when stored alone.  1
 * done, 0 not so (nothing done), -1.
 */
static int
narrow(struct scan *s, const char **codes, size_t ncodes, int64_t lead,
    int64_t tail)
{
	const struct vg_anomaly_opts	*o = s->o;
	struct vg_anomaly_opts		 one = *o;
	unsigned			 kinds, stored = 0, rest;
	int				 rc;

	if (o->from == VG_TIME_NONE || o->to == VG_TIME_NONE ||
	    vg_ar_stream_parts(s->ar, NULL, 0, VG_SP_ROWS, any_fn, s,
	    s->err) != 1)
		return 0;
	kinds = (o->kinds == 0 ? ~0u : o->kinds) & ((1u << VG_AN_N) - 1) &
	    ~(1u << VG_AN_STRANGER);
	if (s->tgate != NULL)
		stored |= 1u << VG_AN_TAILGATE;
	if (s->stored)
		stored |= 1u << VG_AN_PASSBACK;
	if (s->tstored)
		stored |= 1u << VG_AN_TRAVEL;
	rest = kinds & ~stored;
	if (rest == 0 || (rest & ~NARROWED) != 0)
		return 0;
	/* (one read throughout: a statement takes no lock of its own) */
	if (vg_ar_hold(s->ar, 1, s->err) == -1)
		return -1;
	rc = narrow_passes(s, rest);
	if (vg_ar_hold(s->ar, 0, rc == -1 ? NULL : s->err) == -1)
		rc = -1;
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	if ((kinds & stored) == 0)
		return 1;
	/* (the head count's first gate event is every gate's, not the
	   first a narrowed pass read) */
	s->first = VG_TIME_NONE;
	one.kinds = kinds & stored;
	s->o = &one;
	if (s->tgate != NULL)
		rc = tail_streams(s, codes, ncodes, lead, tail);
	else
		rc = pcand_rows(s);
	s->o = o;
	return rc == -1 || s->failed ? -1 : 1;
}

/* vg_anomaly_scan_looks; with coll, passback's rows as candidates into
 * *coll, *ncoll rather than anomalies. */
static int
scan_run(struct vg_archive *ar, const struct vg_site *site,
    const struct vg_anomaly_opts *o, vg_unlike_fn unlike, void *uarg,
    struct vg_anomaly **out, size_t *nout, struct vg_pcand **coll,
    size_t *ncoll, struct vg_error *err)
{
	struct scan		 s;
	const char		**codes = NULL;
	int64_t			 lead, tail;
	size_t			 i, ncodes = 0;
	int			 narrowed = 0;

	*out = NULL;
	*nout = 0;
	memset(&s, 0, sizeof(s));
	s.ar = ar;
	s.o = o;
	s.site = site;
	s.err = err;
	s.unlike = unlike;
	s.uarg = uarg;
	s.lastt = VG_TIME_NONE;
	s.first = VG_TIME_NONE;
	s.tlo = INT64_MAX;
	s.thi = INT64_MIN;
	s.sweep = INT64_MIN;
	s.reach = -1;
	s.nlpart = 3;
	if (coll != NULL)
		s.coll = grow(NULL, 0, sizeof(*s.coll));
	s.pstr = grow(NULL, 0, sizeof(*s.pstr));
	s.pstr[0] = NULL;
	s.npstr = 1;
	if ((s.tz = vg_archive_tz(ar)) == NULL) {
		vg_error_set(err, "no site description imported");
		return -1;
	}
	s.ps = xcalloc(NRECENT, sizeof(*s.ps));
	if (scan_site(&s) == -1)
		goto fail;
	if (want(&s, VG_AN_NEVERLEFT) && vg_archive_people(ar, "visitor",
	    visitor_add, &s, err) == -1)
		goto fail;
	/* what is usual: the hours each inner zone is entered at, over the
	   whole archive, as its imports counted them */
	if (want(&s, VG_AN_HOURS) && vg_ar_entry_hours(ar, hours_add, &s,
	    err) == -1)
		goto fail;
	/* passback by the candidates the import stored, where it did; the
	   head count at the gates where it found a tailgater (not when
	   storing them) */
	if (coll == NULL && (want(&s, VG_AN_PASSBACK) || want(&s,
	    VG_AN_TAILGATE) || want(&s, VG_AN_TRAVEL))) {
		int	rc;

		s.tgate = xcalloc(site->ndevices + 1, sizeof(*s.tgate));
		if ((rc = vg_ar_pass_stored(ar, o->from, o->to, pcand_fn, &s,
		    err)) == -1)
			goto fail;
		s.stored = rc == 1 && want(&s, VG_AN_PASSBACK);
		s.tstored = rc == 1 && want(&s, VG_AN_TRAVEL) &&
		    travel_usual(o);
		if (!s.tstored) {
			/* (the pairs' rows went to pcl for travel alone) */
			imap_free(&s.tfirst);
			imap_free(&s.tsecond);
			memset(&s.tfirst, 0, sizeof(s.tfirst));
			memset(&s.tsecond, 0, sizeof(s.tsecond));
			if (!s.stored)
				s.npcl = 0;
		}
		if (rc != 1 || !want(&s, VG_AN_TAILGATE)) {
			free(s.tgate);
			s.tgate = NULL;
		}
	}
	codes = xcalloc(site->ndevices + 1, sizeof(*codes));
	for (i = 0; i < site->ndevices; i++)
		if (site->devices[i].type == VG_GATE ||
		    (want(&s, VG_AN_TAILGATE) && s.watch[i] != NULL &&
		    (s.tgate == NULL || s.tgate[s.watch[i]->gate])))
			codes[ncodes++] = site->devices[i].id;
	/* the head count reads the minutes it holds around the span too:
	   its heads' reads, and the faces that set its cameras' clocks */
	for (i = 0, lead = tail = 0; want(&s, VG_AN_TAILGATE) && i <
	    site->ndevices; i++)
		if (s.watch[i] != NULL) {
			lead = HKEEP + HOFFW;
			tail = HKEEP;
		}
	if (coll == NULL && (narrowed = narrow(&s, codes, ncodes, lead,
	    tail)) == -1)
		goto fail;
	if (narrowed) {
		/* (each kind read by its own) */
	} else if (by_rows(&s, o->kinds)) {
		if (pcand_rows(&s) == -1)
			goto fail;
	} else if (s.tgate != NULL) {
		if (tail_streams(&s, codes, ncodes, lead, tail) == -1)
			goto fail;
	} else if (ncodes > 0 && stream_rows(&s, codes, ncodes, o->from !=
	    VG_TIME_NONE ? o->from - lead : o->from, o->to != VG_TIME_NONE ?
	    o->to + tail : o->to) == -1)
		goto fail;
	if (s.failed || (s.npf > 0 && passback_firsts(&s) == -1))
		goto fail;
	if (want(&s, VG_AN_FACE))
		for (i = 0; i < site->ndevices; i++)
			if (s.gate[i] != NULL)
				mismatch(&s, NULL, s.gate[i]);
	/* the heads still held: every read that could take them has come */
	for (i = 0; want(&s, VG_AN_TAILGATE) && i < site->ndevices; i++)
		if (s.watch[i] != NULL)
			watch_settle(&s, s.watch[i], INT64_MAX / 4);
	if (s.failed)
		goto fail;
	if (want(&s, VG_AN_NEVERLEFT) && s.lastt != VG_TIME_NONE &&
	    never_left(&s, o->to != VG_TIME_NONE ? o->to : s.lastt) == -1)
		goto fail;
	vg_anomaly_sort(s.a, s.na);
	*out = s.a;
	*nout = s.na;
	s.a = NULL;
	if (coll != NULL) {
		*coll = s.coll;
		*ncoll = s.ncoll;
		s.coll = NULL;
	}
	free(codes);
	scan_free(&s);
	return 0;
fail:
	free(codes);
	vg_anomaly_free(s.a, s.na);
	while (s.coll != NULL && s.ncoll > 0)
		free((char *)s.coll[--s.ncoll].device);
	free(s.coll);
	scan_free(&s);
	return -1;
}

/* How long travel remembers a credential's last row (forget's horizon). */
static int64_t
travel_lead(const struct vg_site *site, const struct vg_anomaly_opts *o)
{
	struct vg_ways	 w;
	double		 far;

	vg_ways_init(&w, site);
	far = farthest(&w, site);
	vg_ways_free(&w);
	return (int64_t)(far / fmin(o->pace, o->drive) * US) + 1;
}

struct pstore {
	struct vg_archive *ar;		/* the archive */
	struct vg_site	*site;		/* its site, read at the first scan */
	vg_unlike_fn	 unlike;	/* the head count's looks, as */
	void		*uarg;		/* vigil-anomaly asks them */
};

/* vg_anomaly_store's scan of a span: its passback rows' second passages,
 * and its tailgating rows' gates and times (line -1). */
static int
pstore_scan(int64_t from, int64_t to, struct vg_pcand **out, size_t *n,
    void *arg, struct vg_error *err)
{
	struct pstore		*p = arg;
	struct vg_anomaly_opts	 o;
	struct vg_anomaly	*a;
	size_t			 i, k, na;

	if (p->site == NULL && vg_archive_site(p->ar, &p->site, err) == -1)
		return -1;
	vg_anomaly_opts_init(&o);
	o.kinds = 1u << VG_AN_PASSBACK | 1u << VG_AN_TAILGATE;
	o.from = from;
	o.to = to;
	if (scan_run(p->ar, p->site, &o, p->unlike, p->uarg, &a, &na, out, n,
	    err) == -1)
		return -1;
	for (i = 0; i < na; i++)
		if (a[i].kind == VG_AN_TAILGATE) {
			*out = grow(*out, *n, sizeof(**out));
			(*out)[*n].t = a[i].t;
			(*out)[*n].device = xstrdup(a[i].device);
			(*out)[(*n)++].line = -1;
		}
	vg_anomaly_free(a, na);
	/* impossible-travel's pairs whose second row is in the span: its
	   scan from as long before as a credential's row is remembered */
	o.kinds = 1u << VG_AN_TRAVEL;
	o.from = from - travel_lead(p->site, &o);
	if (scan_run(p->ar, p->site, &o, NULL, NULL, &a, &na, NULL, NULL,
	    err) == -1)
		return -1;
	for (i = 0; i < na; i++)
		for (k = 0; a[i].t >= from && k < 2 && a[i].nev == 2; k++) {
			*out = grow(*out, *n, sizeof(**out));
			(*out)[*n].t = a[i].ev[k].t;
			(*out)[*n].device = xstrdup(a[i].ev[k].device);
			(*out)[(*n)++].line = VG_PCAND_TRAVEL - 2 *
			    a[i].ev[k].line - (int64_t)k;
		}
	vg_anomaly_free(a, na);
	return 0;
}

/*
 * For the import: passback's candidates and the tailgaters' gates of each
 * span whose store is missing or stale, found by a scan of the whole span
 * (its head count asking unlike(uarg, ...) as vg_anomaly_scan_looks
 * does), stored where the back end keeps them, so that a scan of a
 * shorter span looks at those passages and gates only; in an archive
 * with no store, only when make is set.  How many spans stored, -1.
 */
int
vg_anomaly_store_looks(struct vg_archive *ar, int make, vg_unlike_fn unlike,
    void *uarg, struct vg_error *err)
{
	struct pstore	 p;
	int		 rc;

	if (vg_archive_tz(ar) == NULL)
		return 0;
	p.ar = ar;
	p.site = NULL;
	p.unlike = unlike;
	p.uarg = uarg;
	rc = vg_ar_pass_store(ar, make, pstore_scan, &p, err);
	vg_site_free(p.site);
	return rc;
}

void
vg_anomaly_free(struct vg_anomaly *a, size_t n)
{
	size_t	i, k;

	for (i = 0; i < n; i++) {
		free(a[i].device);
		free(a[i].zone);
		free(a[i].person);
		free(a[i].card);
		free(a[i].plate);
		free(a[i].reason);
		for (k = 0; k < a[i].nev; k++)
			vg_row_free(&a[i].ev[k]);
		free(a[i].ev);
	}
	free(a);
}

int
vg_anomaly_kind(const char *name)
{
	int	k;

	for (k = 0; k < VG_AN_N; k++)
		if (strcmp(vg_anomaly_names[k], name) == 0)
			return k;
	return -1;
}

/* The kind an anomaly's id names by its letters, or -1. */
int
vg_anomaly_id_kind(const char *id)
{
	int	k;

	for (k = 0; k < VG_AN_N; k++)
		if (id[0] == id_first[k] &&
		    id[1] == id_second[k] && id[2] == '-')
			return k;
	return -1;
}
