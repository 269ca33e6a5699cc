/* vigil-export: write a case's evidence bundle, a BagIt bag anyone can verify */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libavutil/log.h>

#include "bag.h"
#include "case.h"
#include "report.h"
#include "stage.h"
#include "tool.h"

#define US	INT64_C(1000000)	/* microseconds a second */
#define TILE	320			/* contact sheet tile width */

enum {
	OPT_KEYGEN = 256,
	OPT_OFFICER,
	OPT_OLDZONE,
	OPT_ORGANIZATION,
	OPT_PAD,
	OPT_PROGRESS,
	OPT_SIGN,
	OPT_TAR
};

/* How every case of the run is exported. */
struct run {
	const char	*archive;	/* -A: overrides the case's archive */
	const char	*root;		/* -r: where recordings lie, or NULL:
					   where the archive says */
	const char	*zone;		/* -z */
	const char	*officer;	/* who exports */
	const char	*organization;	/* Source-Organization, or NULL */
	const char	*sign;		/* private key, or NULL */
	int		 tar;		/* write a .tar, not a folder */
	int		 quiet;		/* say nothing on success */
	int64_t		 pad;		/* around each hop's sighting */
	char		*args;		/* the command line, for the log */
};

/* One bundle being made, freed in one place. */
struct bundle {
	struct run	*r;		/* the run */
	struct vg_case	*c;		/* the case */
	struct vg_case_info info;	/* its details */
	struct vg_archive *ar;		/* its archive, read-only */
	struct vg_site	*site;		/* the site */
	struct vg_tz	*tz;		/* zone times are shown in */
	char		*stage;		/* the private folder it is made in */
	int		 lockfd;	/* holds its lock while it is made */
	char		*bag;		/* the bag inside it */
	const char	*out;		/* where it goes, as given */
	char		*data;		/* the bag's data/ */
	int64_t		 upto;		/* custody entries it carries */
	struct vg_case_path path;	/* the path saved last */
	int		 norec;		/* the archive indexes no recordings:
					   no clip or frame is tried */
	struct vg_report_hop *hops;	/* its hops, as reported */
	char		**strs;		/* strings the report points to */
	size_t		 nstrs;		/* how many */
	struct vg_report_subject *subjects; /* the subjects */
	size_t		 nsubjects;	/* how many */
	struct vg_report_item *items;	/* the items */
	size_t		 nitems;	/* how many */
	struct vg_report_note *notes;	/* the notes */
	size_t		 nnotes;	/* how many */
	struct vg_report_entry *custody; /* the custody log */
	size_t		 ncustody;	/* how many entries */
	struct vg_case_decision *dec;	/* decisions in force */
	size_t		 ndec;		/* how many */
	struct vg_report_decision *decisions; /* every decision made */
	size_t		 ndecisions;	/* how many */
	struct vg_image	*frames;	/* frames of the confirmed hops */
	char		**labels;	/* their labels */
	size_t		 nframes;	/* how many */
	char		*sheet;		/* contact sheet under data/, or NULL */
	int		 missing;	/* evidence that could not be cut */
	struct vg_bag_known *known;	/* files hashed already */
	size_t		 nknown;	/* how many */
	struct vg_bag_hashing *hashing;	/* the last file's digests, coming */
	size_t		 hashed;	/* its entry in known */
	char		*h256;		/* where its SHA-256 goes (kept) */
	char		*h512;		/* where its SHA-512 goes (kept) */
	FILE		*events;	/* events.csv */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-export [-hqV] [-A archive] [-c case] [-r root]"
	    " [-z zone]\n"
	    "                    [--officer name] [--organization name]"
	    " [--pad length]\n"
	    "                    [--progress] [--sign key] [--tar] -o dir"
	    " [case ...]\n"
	    "       vigil-export --keygen prefix\n");
	exit(status);
}

/* With --progress: what the export is doing, a line at a time on stderr. */
static int	 progress;

static void VG_PRINTF(1, 2)
say_progress(const char *fmt, ...)
{
	va_list	ap;

	if (!progress)
		return;
	fputs("progress: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

/* Keep a string for as long as the bundle: the report points to it. */
static const char *
keep(struct bundle *b, char *s)
{
	if (s == NULL)
		return NULL;
	b->strs = xreallocarray(b->strs, b->nstrs + 1, sizeof(*b->strs));
	b->strs[b->nstrs++] = s;
	return s;
}

static const char *
keepdup(struct bundle *b, const char *s)
{
	return s != NULL ? keep(b, xstrdup(s)) : NULL;
}

/*
 * The staging folder being filled, removed however the run ends: at
 * exit, and on every signal that can be caught.  One killed outright
 * is swept by the next export beside it (vg_stage_sweep).
 */
static const char *volatile staging;

static void
remove_staging(void)
{
	vg_stage_remove(staging);
}

static void
on_signal(int sig)
{
	vg_stage_remove(staging);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_signals(void)
{
	static const int	 sigs[] = {
		SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGALRM, SIGUSR1,
		SIGUSR2, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF
	};
	struct sigaction	 sa, old;
	size_t			 i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		/* one ignored on entry stays ignored (nohup; SIGXFSZ
		 * ignored makes a write past the file size limit fail
		 * with EFBIG, which is reported as a full disk is) */
		if (sigaction(sigs[i], NULL, &old) == -1)
			err(TOOL_EXIT_FAIL, "sigaction");
		if (old.sa_handler == SIG_IGN)
			continue;
		if (sigaction(sigs[i], &sa, NULL) == -1)
			err(TOOL_EXIT_FAIL, "sigaction");
	}
}

static void
bundle_free(struct bundle *b)
{
	char		h256[VG_SHA256_HEX], h512[VG_SHA512_HEX];
	uint64_t	size;
	size_t		i;

	if (b->hashing != NULL) {	/* given up: the threads joined */
		struct vg_error	e = { 0, NULL };

		(void)vg_bag_hash_end(b->hashing, h256, h512, &size, &e);
		vg_error_clear(&e);
		b->hashing = NULL;
	}
	if (b->events != NULL)
		fclose(b->events);
	staging = NULL;
	vg_stage_remove(b->stage);
	if (b->lockfd > 0)
		close(b->lockfd);
	free(b->stage);
	free(b->bag);
	free(b->data);
	vg_case_path_free(&b->path);
	for (i = 0; i < b->nstrs; i++)
		free(b->strs[i]);
	for (i = 0; i < b->nframes; i++) {
		vg_image_free(&b->frames[i]);
		free(b->labels[i]);
	}
	free(b->frames);
	free(b->labels);
	free(b->strs);
	free(b->hops);
	free(b->subjects);
	free(b->items);
	free(b->notes);
	free(b->custody);
	free(b->dec);
	free(b->decisions);
	free(b->known);
	free(b->sheet);
	if (b->site != NULL)
		vg_site_free(b->site);
	if (b->ar != NULL)
		vg_archive_close(b->ar);
	vg_case_close(b->c);
	vg_case_info_free(&b->info);
}

/*
 * Wait for the digests of the file last given to digest(), and put them
 * where digest() said they would be.
 */
static void
digests_wait(struct bundle *b)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_bag_hashing *h = b->hashing;

	if (h == NULL)
		return;
	b->hashing = NULL;
	if (vg_bag_hash_end(h, b->h256, b->h512, &b->known[b->hashed].size,
	    &e) == -1)
		tool_fail(&e);
}

/*
 * A file of the bag in the list of those hashed: where its digests go,
 * kept for as long as the bundle, in *h256 and *h512.
 */
static struct vg_bag_known *
known_add(struct bundle *b, const char *rel, char **h256, char **h512)
{
	struct vg_bag_known	*k;
	char			*path;

	b->known = xreallocarray(b->known, b->nknown + 1, sizeof(*b->known));
	k = &b->known[b->nknown++];
	xasprintf(&path, "data/%s", rel);
	k->path = keep(b, path);
	k->sha256 = keep(b, *h256 = xcalloc(1, VG_SHA256_HEX));
	k->sha512 = keep(b, *h512 = xcalloc(1, VG_SHA512_HEX));
	k->size = 0;
	return k;
}

/*
 * The SHA-256 of a clip in the bag, as hex, for the report; its SHA-512
 * is computed in the same go and kept, so that the bag's manifests need
 * not read the file again.  Both are computed on a thread of their own
 * while the export goes on (the next clip is cut while this one is
 * hashed): the string returned is filled by the next digest() or by
 * digests_wait(), which the report waits for, and which finish the
 * SHA-256 on this thread if the other has not.
 */
static const char *
digest(struct bundle *b, const char *rel)
{
	struct vg_error	 e = { 0, NULL };
	char		*path;

	digests_wait(b);
	xasprintf(&path, "%s/%s", b->data, rel);
	if (vg_bag_hash_start(path, &b->hashing, &e) == -1)
		tool_fail(&e);
	free(path);
	b->hashed = b->nknown;
	return known_add(b, rel, &b->h256, &b->h512)->sha256;
}

/* digest() of a small file (a frame), at once, beside a clip's coming. */
static const char *
digest_now(struct bundle *b, const char *rel)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_bag_known	*k;
	char			*path, *h256, *h512;

	k = known_add(b, rel, &h256, &h512);
	xasprintf(&path, "%s/%s", b->data, rel);
	if (vg_bag_hash(path, h256, h512, &k->size, &e) == -1)
		tool_fail(&e);
	free(path);
	return h256;
}

/* HHMMSS of a time in the zone, for file names. */
static void
hms(struct bundle *b, int64_t t, char *buf, size_t size)
{
	char	iso[VG_TIME_BUFSZ];

	vg_time_format(b->tz, t, iso, sizeof(iso));
	snprintf(buf, size, "%.2s%.2s%.2s", iso + 11, iso + 14, iso + 17);
}

/*
 * Whether a device id can be part of a file name in the bag: site ids are
 * XML names, but a case's database could have been altered, and nothing
 * may name a file outside the bag.
 */
static void
safe_name(struct bundle *b, const char *what, const char *id)
{
	const char	*p;

	for (p = id; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    (*p == '.' && p != id)))
			break;
	if (*p != '\0' || p == id)
		errx(TOOL_EXIT_FAIL, "%s: %s: '%s' cannot name a file in the"
		    " bag: nothing exported", tool_plain(b->info.number),
		    tool_plain(what), tool_plain(id));
}

/*
 * Fail, nothing exported, because a file of the bag could not be made (a
 * full disk, tampered footage): the message names the file as it would
 * have been in the bundle, not in the private staging folder.
 */
static void __attribute__((noreturn))
bag_fail(struct bundle *b, const char *rel, struct vg_error *e)
{
	const char	*at;
	char		*msg = NULL;
	size_t		 n = strlen(b->bag);

	if (e->msg != NULL && (at = strstr(e->msg, b->bag)) != NULL)
		xasprintf(&msg, "%.*s%s%s", (int)(at - e->msg), e->msg,
		    b->out, at + n);
	errx(TOOL_EXIT_FAIL, "%s: %s: %s: nothing exported",
	    tool_plain(b->info.number), tool_plain(rel),
	    tool_plain(msg != NULL ? msg : e->msg));
}

/* Cut a clip of camera into data/rel; 0, or -1 (said why) when it cannot. */
static int
cut(struct bundle *b, const char *camera, int64_t from, int64_t to,
    const char *rel, int64_t *first, int64_t *offset)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_clip_opts	 o;
	struct vg_clip		 c;
	char			*path;
	size_t			 i;
	int			 rc;

	if (b->norec) {
		b->missing++;
		return -1;
	}
	memset(&o, 0, sizeof(o));
	/* while the last clip is hashed, the other core is busy: the
	 * segments are hashed here, as the cut reads them; else (the first
	 * clip) on a thread of their own, so that it is not idle */
	o.hash_here = b->hashing != NULL;
	say_progress("cutting %s", rel);
	xasprintf(&path, "%s/%s", b->data, rel);
	rc = vg_clip_plan(b->ar, camera, b->r->root, from, to, &c, &e);
	if (rc == 0)
		rc = vg_clip_write(&c, path, &o, &e);
	tool_progress_clear();		/* before what it says */
	for (i = 0; i < c.nwarn; i++)
		warnx("%s: warning: %s", tool_plain(b->info.number),
		    tool_plain(c.warn[i]));
	/* footage that lies, or a bag that cannot be written (a full
	 * disk), is no bundle; footage that is missing is reported in it */
	if (rc == -1 && (c.tampered || c.unwritten))
		bag_fail(b, rel, &e);
	if (rc == -1) {
		warnx("%s: %s: no clip: %s", tool_plain(b->info.number),
		    tool_plain(rel), tool_plain(e.msg));
		vg_error_clear(&e);
		b->missing++;
	} else {
		*first = c.first;
		*offset = c.offset;
	}
	vg_clip_free(&c);
	free(path);
	return rc;
}

/* The frame of camera at t into data/rel, kept for the sheet if label. */
static int
grab(struct bundle *b, const char *camera, int64_t t, const char *rel,
    const char *label)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_clip	 c;
	struct vg_image	 img;
	char		*path, when[VG_TIME_BUFSZ];
	int		 rc;

	if (b->norec) {
		b->missing++;
		return -1;
	}
	memset(&img, 0, sizeof(img));
	xasprintf(&path, "%s/%s", b->data, rel);
	rc = vg_clip_plan(b->ar, camera, b->r->root, t, t, &c, &e);
	if (rc == 0)
		rc = vg_clip_frame(&c, t, &img, &e);
	if (rc == -1 && c.tampered)
		errx(TOOL_EXIT_FAIL, "%s: %s: %s: nothing exported",
		    tool_plain(b->info.number), tool_plain(rel),
		    tool_plain(e.msg));
	if (rc == 0 && vg_image_write(&img, path, 0, &e) == -1)
		bag_fail(b, rel, &e);
	tool_progress_clear();		/* before what it says */
	if (rc == -1) {
		warnx("%s: %s: no frame: %s", tool_plain(b->info.number),
		    tool_plain(rel), tool_plain(e.msg));
		vg_error_clear(&e);
		b->missing++;
	} else if (label != NULL) {
		b->frames = xreallocarray(b->frames, b->nframes + 1,
		    sizeof(*b->frames));
		b->labels = xreallocarray(b->labels, b->nframes + 1,
		    sizeof(*b->labels));
		vg_time_format(b->tz, c.first, when, sizeof(when));
		xasprintf(&b->labels[b->nframes], "%s\n%.10s %.8s", label,
		    when, when + 11);
		b->frames[b->nframes++] = img;
		memset(&img, 0, sizeof(img));
	}
	vg_image_free(&img);
	vg_clip_free(&c);
	free(path);
	return rc;
}

/* A CSV field, quoted when it must be (RFC 4180). */
static void
csv_field(FILE *fp, const char *s, int last)
{
	const char	*p;

	if (s != NULL && strpbrk(s, ",\"\r\n") != NULL) {
		putc('"', fp);
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				putc('"', fp);
			putc(*p, fp);
		}
		putc('"', fp);
	} else if (s != NULL)
		fputs(s, fp);
	putc(last ? '\n' : ',', fp);
}

/* events.csv: what the archive logged behind each hop and item. */
struct evq {
	struct bundle	*b;		/* the bundle */
	const char	*about;		/* which hop or item */
	const char	*track;		/* the sighting's track, or NULL */
	int		 n;		/* rows written */
};

static int
event_row(const struct vg_row *row, void *arg)
{
	struct evq	*q = arg;
	FILE		*fp = q->b->events;
	char		 t[VG_TIME_BUFSZ], l[VG_TIME_BUFSZ], line[24], off[24];

	if (q->track != NULL && (row->track == NULL ||
	    strcmp(row->track, q->track) != 0))
		return 0;
	vg_time_format(q->b->tz, row->t, t, sizeof(t));
	l[0] = '\0';
	if (row->last != VG_TIME_NONE)
		vg_time_format(q->b->tz, row->last, l, sizeof(l));
	snprintf(line, sizeof(line), "%lld", (long long)row->line);
	off[0] = '\0';
	if (row->offset != VG_TIME_NONE)
		snprintf(off, sizeof(off), "%+.3f", (double)row->offset / 1e6);
	csv_field(fp, q->about, 0);
	csv_field(fp, t, 0);
	csv_field(fp, l, 0);
	csv_field(fp, row->device, 0);
	csv_field(fp, row->type == VG_ROW_GATE ? "gate" : "sighting", 0);
	csv_field(fp, row->track, 0);
	csv_field(fp, row->person, 0);
	csv_field(fp, row->credential, 0);
	csv_field(fp, row->card, 0);
	csv_field(fp, row->plate, 0);
	csv_field(fp, row->direction, 0);
	csv_field(fp, row->result, 0);
	csv_field(fp, row->upper, 0);
	csv_field(fp, row->lower, 0);
	csv_field(fp, row->attrs, 0);
	csv_field(fp, off, 0);
	csv_field(fp, row->source, 0);
	csv_field(fp, line, 1);
	q->n++;
	return q->track == NULL;	/* a gate: the one event */
}

/*
 * The rows behind a hop or item, into events.csv.  One the archive does
 * not hold (read from another archive with -A, or its span dropped) is
 * said, and counted as evidence missing.
 */
static void
events_of(struct bundle *b, const char *about, const char *device,
    const char *track, int gate, int64_t t0, int64_t t1)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_query	 q;
	struct evq	 eq;
	char		 t[VG_TIME_BUFSZ];

	vg_query_init(&q);
	if (gate)
		q.gate = device;
	else
		q.camera = device;
	q.from = t0 - (gate ? US : 0);
	q.to = (t1 != VG_TIME_NONE ? t1 : t0) + (gate ? US : 0);
	q.kinds = gate ? VG_ROW_GATE : VG_ROW_SIGHTING;
	memset(&eq, 0, sizeof(eq));
	eq.b = b;
	eq.about = about;
	eq.track = track;
	if (vg_query_run(b->ar, &q, event_row, &eq, &e) == -1)
		tool_fail(&e);
	if (eq.n > 0)
		return;
	vg_time_format(b->tz, t0, t, sizeof(t));
	tool_progress_clear();		/* before what it says */
	warnx("%s: %s: %s%s%s is not in the archive '%s': events.csv has"
	    " no row for it", tool_plain(b->info.number), tool_plain(about),
	    tool_plain(device), gate ? "@" : ":", tool_plain(gate ? t :
	    track), tool_plain(b->r->archive != NULL ? b->r->archive :
	    b->info.archive));
	b->missing++;
}

static int
collect_decision(const struct vg_case_decision *d, void *arg)
{
	struct bundle	*b = arg;
	struct vg_case_decision *n;

	b->dec = xreallocarray(b->dec, b->ndec + 1, sizeof(*b->dec));
	n = &b->dec[b->ndec++];
	n->hop = keepdup(b, d->hop);
	n->verdict = keepdup(b, d->verdict);
	n->why = keepdup(b, d->why);
	n->at = d->at;
	n->officer = keepdup(b, d->officer);
	return 0;
}

/* The decision in force for a hop, or NULL. */
static const struct vg_case_decision *
decision_of(struct bundle *b, const struct vg_case_hop *h)
{
	size_t	 i;

	for (i = b->ndec; i-- > 0;)
		if (vg_case_hop_is(h, b->dec[i].hop, b->tz))
			return &b->dec[i];
	return NULL;
}

static int
collect_made(const struct vg_case_decision *d, void *arg)
{
	struct bundle			*b = arg;
	struct vg_report_decision	*r;
	size_t				 i;

	b->decisions = xreallocarray(b->decisions, b->ndecisions + 1,
	    sizeof(*b->decisions));
	r = &b->decisions[b->ndecisions++];
	memset(r, 0, sizeof(*r));
	r->id = d->id;
	r->hop = keepdup(b, d->hop);
	r->verdict = keepdup(b, d->verdict);
	r->why = keepdup(b, d->why);
	r->at = d->at;
	r->officer = keepdup(b, d->officer);
	for (i = 0; i < b->path.nhops && r->hop_n == 0; i++)
		if (vg_case_hop_is(&b->path.hops[i], d->hop, b->tz))
			r->hop_n = b->path.hops[i].n;
	for (i = b->ndecisions - 1; i-- > 0;)	/* the one it supersedes */
		if (b->decisions[i].superseded == 0 &&
		    strcmp(b->decisions[i].hop, d->hop) == 0) {
			b->decisions[i].superseded = d->id;
			break;
		}
	return 0;
}

/*
 * decisions.csv: every decision made on a hop, confirm and reject, in
 * the order made, with its reason, officer and time.
 */
static void
do_decisions(struct bundle *b)
{
	struct vg_error			 e = { 0, NULL };
	const struct vg_report_decision	*d;
	FILE				*fp;
	char				*p, t[VG_TIME_BUFSZ], id[24], n[24];
	char				 sup[24];
	size_t				 i;

	if (vg_case_decision_log(b->c, collect_made, b, &e) == -1)
		tool_fail(&e);
	xasprintf(&p, "%s/decisions.csv", b->data);
	if ((fp = fopen(p, "wx")) == NULL)
		err(TOOL_EXIT_FAIL, "%s", tool_plain(p));
	free(p);
	fputs("decision,time,hop,path_hop,verdict,why,officer,"
	    "superseded_by\n", fp);
	for (i = 0; i < b->ndecisions; i++) {
		d = &b->decisions[i];
		vg_time_format(b->tz, d->at, t, sizeof(t));
		snprintf(id, sizeof(id), "%lld", (long long)d->id);
		n[0] = sup[0] = '\0';
		if (d->hop_n > 0)
			snprintf(n, sizeof(n), "%d", d->hop_n);
		if (d->superseded > 0)
			snprintf(sup, sizeof(sup), "%lld",
			    (long long)d->superseded);
		csv_field(fp, id, 0);
		csv_field(fp, t, 0);
		csv_field(fp, d->hop, 0);
		csv_field(fp, n, 0);
		csv_field(fp, d->verdict, 0);
		csv_field(fp, d->why, 0);
		csv_field(fp, d->officer, 0);
		csv_field(fp, sup, 1);
	}
	if (fflush(fp) != 0 || fsync(fileno(fp)) == -1 || fclose(fp) != 0)
		err(TOOL_EXIT_FAIL, "decisions.csv");
}

/* path.csv and the hops: clips and frames of the confirmed ones. */
static void
do_path(struct bundle *b)
{
	struct vg_error	 e = { 0, NULL };
	FILE		*fp;
	char		*p, name[128], rel[160], h6[8], label[64];
	char		 t0[VG_TIME_BUFSZ], t1[VG_TIME_BUFSZ], num[32];
	char		 tr[32], cf[32], ref[160];
	size_t		 i;
	int		 rc;

	if ((rc = vg_case_last_path(b->c, &b->path, &e)) == -1)
		tool_fail(&e);
	if (vg_case_decisions(b->c, collect_decision, b, &e) == -1)
		tool_fail(&e);
	b->hops = xcalloc(b->path.nhops + 1, sizeof(*b->hops));
	xasprintf(&p, "%s/path.csv", b->data);
	if ((fp = fopen(p, "wx")) == NULL)
		err(TOOL_EXIT_FAIL, "%s", tool_plain(p));
	free(p);
	fputs("hop,device,type,track,first,last,transit,confidence,person,"
	    "decision,why,clip,frame\n", fp);
	tool_progress_init(b->r->quiet);
	for (i = 0; i < b->path.nhops; i++) {
		const struct vg_case_hop *h = &b->path.hops[i];
		const struct vg_case_decision *d = decision_of(b, h);
		struct vg_report_hop *rh = &b->hops[i];
		int camera = strcmp(h->type, "camera") == 0;

		rh->n = h->n;
		rh->device = h->device;
		rh->type = h->type;
		rh->track = h->track;
		rh->first = h->first;
		rh->last = h->last;
		rh->transit = h->transit;
		rh->confidence = h->confidence;
		rh->person = h->person;
		rh->decision = d == NULL ? "proposed" :
		    strcmp(d->verdict, "confirm") == 0 ? "confirmed" :
		    "rejected";
		rh->why = d != NULL ? d->why : NULL;
		rh->clip_first = VG_TIME_NONE;
		snprintf(label, sizeof(label), "hop %d", h->n);
		safe_name(b, label, h->device);
		hms(b, h->first, h6, sizeof(h6));
		snprintf(name, sizeof(name), "%02d-%s-%s", h->n, h6,
		    h->device);
		if (camera && d != NULL && strcmp(d->verdict, "confirm") == 0) {
			snprintf(rel, sizeof(rel), "clips/%s.mp4", name);
			if (cut(b, h->device, h->first - b->r->pad,
			    (h->last != VG_TIME_NONE ? h->last : h->first) +
			    b->r->pad, rel, &rh->clip_first,
			    &rh->offset) == 0) {
				rh->clip = keepdup(b, rel);
				rh->clip_sha256 = digest(b, rel);
			}
			snprintf(rel, sizeof(rel), "frames/%s.png", name);
			snprintf(label, sizeof(label), "HOP %d  %s", h->n,
			    h->device);
			if (grab(b, h->device, h->last != VG_TIME_NONE ?
			    h->first + (h->last - h->first) / 2 : h->first,
			    rel, label) == 0)
				rh->frame = keepdup(b, rel);
		}
		vg_time_format(b->tz, h->first, t0, sizeof(t0));
		t1[0] = '\0';
		if (h->last != VG_TIME_NONE)
			vg_time_format(b->tz, h->last, t1, sizeof(t1));
		snprintf(num, sizeof(num), "%d", h->n);
		tr[0] = cf[0] = '\0';
		if (!isnan(h->transit))
			snprintf(tr, sizeof(tr), "%.1f", h->transit);
		if (!isnan(h->confidence))
			snprintf(cf, sizeof(cf), "%.2f", h->confidence);
		csv_field(fp, num, 0);
		csv_field(fp, h->device, 0);
		csv_field(fp, h->type, 0);
		csv_field(fp, h->track, 0);
		csv_field(fp, t0, 0);
		csv_field(fp, t1, 0);
		csv_field(fp, tr, 0);
		csv_field(fp, cf, 0);
		csv_field(fp, h->person, 0);
		csv_field(fp, rh->decision, 0);
		csv_field(fp, rh->why, 0);
		csv_field(fp, rh->clip, 0);
		csv_field(fp, rh->frame, 1);
		snprintf(ref, sizeof(ref), "hop %d", h->n);
		events_of(b, ref, h->device, h->track, !camera, h->first,
		    h->last);
		tool_progress(NULL, "cutting hops", (int64_t)i + 1,
		    (int64_t)b->path.nhops);
	}
	tool_progress_clear();
	if (fflush(fp) != 0 || fsync(fileno(fp)) == -1 || fclose(fp) != 0)
		err(TOOL_EXIT_FAIL, "path.csv");
}

static int
collect_subject(const struct vg_case_subject *s, void *arg)
{
	struct bundle		*b = arg;
	struct vg_error		 e = { 0, NULL };
	struct vg_report_subject *r;
	char			*name = NULL;

	b->subjects = xreallocarray(b->subjects, b->nsubjects + 1,
	    sizeof(*b->subjects));
	r = &b->subjects[b->nsubjects++];
	memset(r, 0, sizeof(*r));
	r->kind = keepdup(b, s->kind);
	r->person = keepdup(b, s->person);
	if (s->person != NULL && vg_ar_person(b->ar, s->person, &name,
	    &e) == 1)
		r->name = keep(b, name);
	vg_error_clear(&e);
	r->description = keepdup(b, s->description);
	r->ref = keepdup(b, s->ref);
	r->added = s->added;
	r->officer = keepdup(b, s->officer);
	return 0;
}

static int
collect_item(const struct vg_case_item *it, void *arg)
{
	struct bundle		*b = arg;
	struct vg_report_item	*r;
	char			 rel[160], ref[160], h6[8], about[32];
	char			 t[VG_TIME_BUFSZ], t1[VG_TIME_BUFSZ];
	int64_t			 first, offset;

	b->items = xreallocarray(b->items, b->nitems + 1, sizeof(*b->items));
	r = &b->items[b->nitems++];
	memset(r, 0, sizeof(*r));
	r->id = it->id;
	r->kind = keepdup(b, it->kind);
	vg_time_format(b->tz, it->t0, t, sizeof(t));
	if (it->track != NULL)
		/* (its time too: a track's number may name another sighting
		   of another file) */
		snprintf(ref, sizeof(ref), "%s:%s@%s", it->device, it->track,
		    t);
	else if (it->t1 != VG_TIME_NONE) {
		/* a clip: its span, as an ISO 8601 interval */
		vg_time_format(b->tz, it->t1, t1, sizeof(t1));
		snprintf(ref, sizeof(ref), "%s@%s/%s", it->device, t, t1);
	} else
		snprintf(ref, sizeof(ref), "%s@%s", it->device, t);
	r->ref = keepdup(b, ref);
	r->remark = keepdup(b, it->remark);
	r->added = it->added;
	r->officer = keepdup(b, it->officer);
	snprintf(about, sizeof(about), "item %lld", (long long)it->id);
	safe_name(b, about, it->device);
	hms(b, it->t0, h6, sizeof(h6));
	if (strcmp(it->kind, "clip") == 0) {
		snprintf(rel, sizeof(rel), "clips/item-%02lld-%s-%s.mp4",
		    (long long)it->id, h6, it->device);
		if (cut(b, it->device, it->t0, it->t1, rel, &first,
		    &offset) == 0) {
			r->file = keepdup(b, rel);
			r->sha256 = digest(b, rel);
		}
	} else if (strcmp(it->kind, "frame") == 0) {
		snprintf(rel, sizeof(rel), "frames/item-%02lld-%s-%s.png",
		    (long long)it->id, h6, it->device);
		if (grab(b, it->device, it->t0, rel, NULL) == 0) {
			r->file = keepdup(b, rel);
			r->sha256 = digest_now(b, rel);
		}
	} else
		events_of(b, about, it->device, it->track,
		    strcmp(it->kind, "event") == 0, it->t0, it->t1);
	return 0;
}

static int
collect_note(const struct vg_case_note *n, void *arg)
{
	struct bundle		*b = arg;
	struct vg_report_note	*r;

	b->notes = xreallocarray(b->notes, b->nnotes + 1, sizeof(*b->notes));
	r = &b->notes[b->nnotes++];
	r->at = n->at;
	r->officer = keepdup(b, n->officer);
	r->text = keepdup(b, n->text);
	return 0;
}

static int
collect_entry(const struct vg_custody *en, void *arg)
{
	struct bundle		*b = arg;
	struct vg_report_entry	*r;

	b->custody = xreallocarray(b->custody, b->ncustody + 1,
	    sizeof(*b->custody));
	r = &b->custody[b->ncustody++];
	r->seq = en->seq;
	r->at = en->at;
	r->officer = keepdup(b, en->officer);
	r->tool = keepdup(b, en->tool);
	r->args = keepdup(b, en->args);
	r->touched = keepdup(b, en->touched);
	r->hash = keepdup(b, en->hash);
	return 0;
}

/* Make a folder of the bag, failing if it exists. */
static void
mkdir_new(const char *path)
{
	if (mkdir(path, 0700) == -1)
		err(TOOL_EXIT_FAIL, "%s", tool_plain(path));
}

/*
 * Export one case into out: a folder, or with --tar out.tar and its
 * .sha256.  The bag is made in a private folder beside out, then renamed
 * into place, never over anything.
 */
static int
export(struct run *r, const char *casearg, const char *out)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_report	 rep;
	struct vg_bag_field	 info[10];
	struct vg_image		 sheet;
	struct bundle		 b;
	struct vg_case_act	 act;
	char			*dir, *p, *slash, *parent, *tarpath;
	char			 date[16], entries[24], hash[VG_SHA256_HEX];
	char			 touched[2 * PATH_MAX + 96], digests[160];
	char			 gen[64], readarch[PATH_MAX];
	struct vg_error		 e2 = { 0, NULL };
	const char		*base, *where;
	char			*stagetar, *stagesha, *sha;
	int			 n;
	uint64_t		 size;
	struct stat		 sb;
	size_t			 i;
	time_t			 now;
	struct tm		 tm;

	memset(&b, 0, sizeof(b));
	b.r = r;
	dir = tool_case_dir(casearg);
	if (vg_case_open(dir, &b.c, &e) == -1)
		tool_fail(&e);
	free(dir);
	if (vg_case_info(b.c, &b.info, &e) == -1)
		tool_fail(&e);
	if (r->archive == NULL)
		tool_case_archive(b.info.archive);
	if (vg_archive_open(r->archive != NULL ? r->archive : b.info.archive,
	    VG_ARCHIVE_RDONLY, &b.ar, &e) == -1)
		tool_fail(&e);
	/* the archive read, named as a case names its own */
	if (r->archive == NULL || vg_archive_is_server(r->archive) ||
	    realpath(r->archive, readarch) == NULL)
		snprintf(readarch, sizeof(readarch), "%s", r->archive != NULL ?
		    r->archive : b.info.archive);
	b.tz = r->zone != NULL ? tool_zone(r->zone) : vg_archive_tz(b.ar);
	if ((b.norec = !vg_archive_has(b.ar, VG_HOLDS_RECORDINGS)))
		warnx("%s: warning: %s; the bundle has no clips or frames",
		    tool_plain(b.info.number), tool_step(VG_HOLDS_RECORDINGS));
	if (vg_archive_site(b.ar, &b.site, &e) == -1)
		tool_fail(&e);

	if (r->tar)
		xasprintf(&tarpath, "%s.tar", out);
	else
		tarpath = NULL;
	if (lstat(tarpath != NULL ? tarpath : out, &sb) == 0)
		errx(TOOL_EXIT_FAIL, "'%s' exists: a bundle is never"
		    " overwritten",
		    tool_plain(tarpath != NULL ? tarpath : out));

	/* the private staging folder, beside the bundle */
	parent = xstrdup(out);
	slash = strrchr(parent, '/');
	base = slash != NULL ? out + (slash - parent) + 1 : out;
	if (slash != NULL)
		*slash = '\0';
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		errx(TOOL_EXIT_USAGE, "-o: '%s' does not name a bundle",
		    tool_plain(out));
	where = slash != NULL ? (parent[0] != '\0' ? parent : "/") : ".";
	if ((n = vg_stage_sweep(where, "export")) > 0)
		warnx("removed %d staging folder%s in '%s' left by exports"
		    " that were killed", n, n > 1 ? "s" : "",
		    tool_plain(where));
	if (vg_stage_make(where, "export", &b.stage, &b.lockfd, &e) == -1)
		tool_fail(&e);
	staging = b.stage;
	xasprintf(&b.bag, "%s/%s", b.stage, base);
	b.out = out;
	xasprintf(&b.data, "%s/data", b.bag);
	mkdir_new(b.bag);
	mkdir_new(b.data);
	xasprintf(&p, "%s/clips", b.data);
	mkdir_new(p);
	free(p);
	xasprintf(&p, "%s/frames", b.data);
	mkdir_new(p);
	free(p);

	/* what the bundle carries: the case as of its last change */
	if ((b.upto = vg_case_last_change(b.c, &e)) == -1)
		tool_fail(&e);
	xasprintf(&p, "%s/events.csv", b.data);
	if ((b.events = fopen(p, "wx")) == NULL)
		err(TOOL_EXIT_FAIL, "%s", tool_plain(p));
	free(p);
	fputs("about,time,last,device,type,track,person,credential,card,"
	    "plate,direction,result,upper,lower,attrs,offset,source,line\n",
	    b.events);
	do_path(&b);
	do_decisions(&b);
	if (vg_case_subjects(b.c, collect_subject, &b, &e) == -1 ||
	    vg_case_items(b.c, collect_item, &b, &e) == -1 ||
	    vg_case_notes(b.c, collect_note, &b, &e) == -1 ||
	    vg_case_custody(b.c, b.upto, collect_entry, &b, &e) == -1)
		tool_fail(&e);
	if (b.path.nhops == 0 && b.nitems == 0)
		warnx("%s: warning: no path saved and no items: the bundle"
		    " holds the case's log only (run vigil track -c %s"
		    " --save, or vigil case add-item)",
		    tool_plain(b.info.number), tool_plain(b.info.number));
	if (fflush(b.events) != 0 || fsync(fileno(b.events)) == -1 ||
	    fclose(b.events) != 0)
		err(TOOL_EXIT_FAIL, "events.csv");
	b.events = NULL;
	if (b.nframes > 0) {
		if (vg_image_sheet(b.frames, (const char *const *)b.labels,
		    b.nframes, TILE, &sheet, &e) == -1)
			tool_fail(&e);
		xasprintf(&p, "%s/frames/contact-sheet.png", b.data);
		if (vg_image_write(&sheet, p, 0, &e) == -1)
			tool_fail(&e);
		free(p);
		vg_image_free(&sheet);
		b.sheet = xstrdup("frames/contact-sheet.png");
	}
	xasprintf(&p, "%s/site.xml", b.data);
	if (vg_site_write(b.site, p, &e) == -1)
		tool_fail(&e);
	free(p);
	xasprintf(&p, "%s/custody.tsv", b.data);
	if (vg_case_custody_tsv(b.c, b.upto, p, &e) == -1)
		tool_fail(&e);
	free(p);

	/* the report */
	digests_wait(&b);
	memset(&rep, 0, sizeof(rep));
	snprintf(gen, sizeof(gen), "%s %s", PACKAGE_NAME, PACKAGE_VERSION);
	rep.number = b.info.number;
	rep.title = b.info.title;
	rep.status = b.info.status;
	rep.incident_time = b.info.incident_time;
	rep.incident_place = b.info.incident_place;
	rep.created = b.info.created;
	rep.created_by = b.info.created_by;
	rep.archive = readarch;
	rep.organization = r->organization != NULL ? r->organization :
	    b.site->name;
	rep.generator = gen;
	rep.as_of = b.ncustody > 0 ? b.custody[b.ncustody - 1].at :
	    b.info.created;
	rep.tz = b.tz;
	rep.site = b.site;
	rep.datadir = b.data;
	rep.sheet = b.sheet;
	rep.hops = b.hops;
	rep.nhops = b.path.nhops;
	rep.subjects = b.subjects;
	rep.nsubjects = b.nsubjects;
	rep.items = b.items;
	rep.nitems = b.nitems;
	rep.notes = b.notes;
	rep.nnotes = b.nnotes;
	rep.decisions = b.decisions;
	rep.ndecisions = b.ndecisions;
	rep.custody = b.custody;
	rep.ncustody = b.ncustody;
	xasprintf(&p, "%s/report.xml", b.data);
	say_progress("writing the report");
	if (vg_report_xml(&rep, p, &e) == -1 || vg_report_validate(p, &e) == -1)
		tool_fail(&e);
	free(p);
	xasprintf(&p, "%s/report.html", b.data);
	if (vg_report_html(&rep, p, &e) == -1)
		tool_fail(&e);
	free(p);

	/* the bag around it */
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	snprintf(entries, sizeof(entries), "%lld", (long long)b.upto);
	i = 0;
	info[i++] = (struct vg_bag_field){ "Source-Organization",
	    rep.organization };
	info[i++] = (struct vg_bag_field){ "Contact-Name", r->officer };
	info[i++] = (struct vg_bag_field){ "External-Identifier",
	    b.info.number };
	info[i++] = (struct vg_bag_field){ "External-Description",
	    b.info.title };
	info[i++] = (struct vg_bag_field){ "Bagging-Date", date };
	info[i++] = (struct vg_bag_field){ "Bag-Software-Agent", gen };
	info[i++] = (struct vg_bag_field){ "Vigil-Archive", readarch };
	info[i++] = (struct vg_bag_field){ "Vigil-Custody-Entries", entries };
	info[i++] = (struct vg_bag_field){ "Vigil-Custody-Hash",
	    b.ncustody > 0 ? b.custody[b.ncustody - 1].hash : "" };
	say_progress("hashing the bag");
	if (vg_bag_write_known(b.bag, info, i, b.known, b.nknown, &e) == -1)
		tool_fail(&e);
	if (r->sign != NULL && vg_bag_sign(b.bag, r->sign, &e) == -1)
		tool_fail(&e);
	xasprintf(&p, "%s/tagmanifest-sha256.txt", b.bag);
	if (vg_hash_file(p, hash, &size, &e) == -1)
		tool_fail(&e);
	free(p);

	/*
	 * Finished in the staging folder; its custody entry is committed
	 * before anything is put in place, never over anything.
	 */
	stagetar = stagesha = sha = NULL;
	if (r->tar) {
		say_progress("writing %s", tool_plain(tarpath));
		xasprintf(&stagetar, "%s/%s.tar", b.stage, base);
		xasprintf(&stagesha, "%s.sha256", stagetar);
		xasprintf(&sha, "%s.sha256", tarpath);
		if (vg_tar_write(b.bag, stagetar, (int64_t)now, 0, &e) == -1)
			tool_fail(&e);
		if (vg_hash_file(stagetar, hash, &size, &e) == -1)
			tool_fail(&e);
		snprintf(digests, sizeof(digests), "sha256:%s %s.tar", hash,
		    base);
	} else
		snprintf(digests, sizeof(digests),
		    "sha256:%s tagmanifest-sha256.txt", hash);
	snprintf(touched, sizeof(touched), "bundle %s, custody entries 1 to"
	    " %lld%s%s%s", r->tar ? tarpath : out, (long long)b.upto,
	    strcmp(readarch, b.info.archive) != 0 ? ", read from archive " :
	    "", strcmp(readarch, b.info.archive) != 0 ? readarch : "",
	    b.missing > 0 ? ", some evidence missing" : "");
	act.officer = r->officer;
	act.tool = "vigil-export";
	act.args = r->args;
	act.touched = touched;
	act.digests = digests;
	if (vg_case_log(b.c, &act, &e) == -1)
		tool_fail(&e);
	if (r->tar) {
		/* the digest first: a tar is never there without it */
		if (vg_file_publish(stagesha, sha, 0, &e) == 0 &&
		    vg_file_publish(stagetar, tarpath, 0, &e) == -1)
			(void)unlink(sha);
	} else
		(void)vg_rename_new(b.bag, out, &e);
	if (e.msg != NULL) {
		/* the log says it was not published after all */
		snprintf(touched, sizeof(touched), "bundle %s not published:"
		    " %s", r->tar ? tarpath : out, e.msg);
		act.touched = touched;
		act.digests = NULL;
		(void)vg_case_log(b.c, &act, &e2);
		vg_error_clear(&e2);
		tool_fail(&e);
	}
	free(stagetar);
	free(stagesha);
	free(sha);
	if (!r->quiet)
		printf("%s\t%s\t%lld entries\t%s\n", b.info.number, r->tar ?
		    tarpath : out, (long long)b.upto, digests);
	free(parent);
	free(tarpath);
	bundle_free(&b);
	return b.missing > 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive",	required_argument,	NULL, 'A' },
		{ "case",	required_argument,	NULL, 'c' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "keygen",	required_argument,	NULL, OPT_KEYGEN },
		{ "officer",	required_argument,	NULL, OPT_OFFICER },
		{ "organization", required_argument,	NULL, OPT_ORGANIZATION },
		{ "output",	required_argument,	NULL, 'o' },
		{ "pad",	required_argument,	NULL, OPT_PAD },
		{ "progress",	no_argument,		NULL, OPT_PROGRESS },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "root",	required_argument,	NULL, 'r' },
		{ "sign",	required_argument,	NULL, OPT_SIGN },
		{ "tar",	no_argument,		NULL, OPT_TAR },
		{ "tz",		required_argument,	NULL, 'z' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "zone",	required_argument,	NULL, OPT_OLDZONE },
		{ NULL,		0,			NULL, 0 }
	};
	struct vg_error	 e = { 0, NULL };
	struct run	 r;
	char		**cases = NULL, *line = NULL, *out1, *path;
	char		*tarless = NULL;
	const char	*out = NULL, *keygen = NULL, *officer = NULL;
	size_t		 ncases = 0, cap = 0, i, len;
	ssize_t		 n;
	int		 ch, rc = TOOL_EXIT_OK, fromstdin = 0, status;
	pid_t		 pid;

	memset(&r, 0, sizeof(r));
	r.pad = 5 * US;
	while ((ch = getopt_long(argc, argv, "A:c:ho:qr:Vz:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'A':
			r.archive = optarg;
			break;
		case 'c':
			cases = xreallocarray(cases, ncases + 1,
			    sizeof(*cases));
			cases[ncases++] = xstrdup(optarg);
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'o':
			out = optarg;
			break;
		case 'q':
			r.quiet = 1;
			break;
		case 'r':
			r.root = optarg;
			break;
		case 'V':
			tool_version();
		case OPT_OLDZONE:
			tool_old_option("--zone", "--tz");
			/* FALLTHROUGH */
		case 'z':
			r.zone = optarg;
			break;
		case OPT_KEYGEN:
			keygen = optarg;
			break;
		case OPT_OFFICER:
			officer = optarg;
			break;
		case OPT_ORGANIZATION:
			r.organization = optarg;
			break;
		case OPT_PAD:
			r.pad = tool_pad(optarg);
			break;
		case OPT_PROGRESS:
			progress = 1;
			break;
		case OPT_SIGN:
			r.sign = optarg;
			break;
		case OPT_TAR:
			r.tar = 1;
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	umask(077);
	atexit(remove_staging);
	catch_signals();
	if (keygen != NULL) {
		if (optind != argc || ncases > 0 || out != NULL)
			usage(TOOL_EXIT_USAGE);
		if (vg_bag_keygen(keygen, &e) == -1)
			tool_fail(&e);
		if (!r.quiet)
			printf("%s.key\n%s.pub\n", keygen, keygen);
		return tool_close_stdout();
	}
	for (; optind < argc; optind++) {
		if (strcmp(argv[optind], "-") == 0) {
			fromstdin = 1;
			continue;
		}
		cases = xreallocarray(cases, ncases + 1, sizeof(*cases));
		cases[ncases++] = xstrdup(argv[optind]);
	}
	if (fromstdin) {
		while ((n = getline(&line, &cap, stdin)) != -1) {
			len = strcspn(line, "\r\n");
			line[len] = '\0';
			if (len == 0 || line[0] == '#')
				continue;
			cases = xreallocarray(cases, ncases + 1,
			    sizeof(*cases));
			cases[ncases++] = xstrdup(line);
		}
		free(line);
	}
	if (ncases == 0 && getenv("VIGIL_CASE") != NULL) {
		cases = xcalloc(1, sizeof(*cases));
		cases[ncases++] = xstrdup(getenv("VIGIL_CASE"));
	}
	if (ncases == 0) {
		warnx("which case? give -c CASE, cases as arguments, or - to"
		    " read them from standard input");
		usage(TOOL_EXIT_USAGE);
	}
	if (out == NULL) {
		warnx("where to? give -o DIR");
		usage(TOOL_EXIT_USAGE);
	}
	if ((r.officer = tool_officer(officer)) == NULL)
		errx(TOOL_EXIT_FAIL, "no officer: a case is only touched by a"
		    " named officer (give --officer NAME or set"
		    " VIGIL_OFFICER)");
	av_log_set_level(AV_LOG_QUIET);
	r.args = tool_args(argc - 1, argv + 1);
	if (ncases == 1 && !fromstdin) {
		/* with --tar, -o X.tar names the tar (not X.tar.tar) */
		len = strlen(out);
		if (r.tar && len > 4 && strcmp(out + len - 4, ".tar") == 0 &&
		    out[len - 5] != '/')
			out = tarless = xstrndup(out, len - 4);
		rc = export(&r, cases[0], out) ? TOOL_EXIT_FAIL : rc;
		free(tarless);
	} else {
		/* several: one bundle each in out, named by case number */
		if (mkdir(out, 0700) == -1 && errno != EEXIST)
			err(TOOL_EXIT_FAIL, "%s", tool_plain(out));
		for (i = 0; i < ncases; i++) {
			out1 = xstrdup(cases[i]);
			path = strrchr(out1, '/');
			xasprintf(&path, "%s/%s", out, path != NULL ?
			    path + 1 : out1);
			/* each in a process of its own: one that fails
			 * (and exits) does not stop the others */
			fflush(stdout);
			if ((pid = fork()) == -1)
				err(TOOL_EXIT_FAIL, "fork");
			if (pid == 0)
				_exit(export(&r, cases[i], path) ?
				    TOOL_EXIT_FAIL : tool_close_stdout());
			while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
				;
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				rc = TOOL_EXIT_FAIL;
			free(path);
			free(out1);
		}
	}
	free(r.args);
	for (i = 0; i < ncases; i++)
		free(cases[i]);
	free(cases);
	if (tool_close_stdout() != TOOL_EXIT_OK)
		return TOOL_EXIT_FAIL;
	return rc;
}
