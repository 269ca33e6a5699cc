/* vigil-index: find the cameras' recordings, probe them and index them in the archive */
#include "config.h"

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libavutil/log.h>

#include "tool.h"

#define US	INT64_C(1000000)	/* microseconds a second */
#define GAP	US			/* shortest break reported as a gap */

enum {
	OPT_GAPS = 256,
	OPT_UPDATE,
	OPT_VERIFY
};

static const struct vg_col file_cols[] = {
	{ "camera", VG_COL_TEXT },
	{ "path", VG_COL_TEXT },
	{ "start", VG_COL_TEXT },
	{ "duration", VG_COL_NUM },
	{ "codec", VG_COL_TEXT },
	{ "resolution", VG_COL_TEXT },
	{ "status", VG_COL_TEXT },
	{ "problem", VG_COL_TEXT },
};
#define NFILE	(sizeof(file_cols) / sizeof(file_cols[0]))

static const struct vg_col gap_cols[] = {
	{ "camera", VG_COL_TEXT },
	{ "kind", VG_COL_TEXT },
	{ "from", VG_COL_TEXT },
	{ "to", VG_COL_TEXT },
	{ "seconds", VG_COL_NUM },
};
#define NGAP	(sizeof(gap_cols) / sizeof(gap_cols[0]))

struct found {
	char		*camera;	/* camera id */
	char		*path;		/* file, under the root */
	int64_t		 start;		/* from its name, or VG_TIME_NONE */
	int		 said;		/* its problem reported this run */
};

struct founds {
	struct found	*f;		/* the files found */
	size_t		 n;		/* how many */
};

struct seg {
	char		*camera;	/* camera id */
	char		*path;		/* file */
	int64_t		 start;		/* UTC us, or VG_TIME_NONE */
	int64_t		 duration;	/* us, or -1 */
	char		*status;	/* as recorded */
	struct vg_recording rec;	/* the whole record, strings borrowed */
	char		*strs[6];	/* owned copies behind rec */
	int64_t		*kf;		/* owned keyframes behind rec */
};

struct segs {
	struct seg	*s;		/* a camera's recordings, by start */
	size_t		 n;		/* how many */
};

/*
 * A file being indexed: probed and hashed in one read, from the
 * demuxer's own buffers, by one of the pool's threads (INFLIGHT files at
 * once, one a core: as fast as a thread per digest and without copying
 * the bytes), then recorded in turn.
 */
struct job {
	struct found	*f;		/* the file found */
	char		*full;		/* its path */
	char		*warn;		/* not indexed: why, said when its
					   turn comes; or NULL */
	int		 fd;		/* the file, held open */
	int64_t		 mtime;		/* its time when opened, us */
	int		 known;		/* indexed before */
	char		 oldsha[VG_SHA256_HEX]; /* its digest then */
	struct vg_media	 m;		/* what it holds */
	char		 sha256[VG_SHA256_HEX]; /* its digest */
	uint64_t	 size;		/* bytes hashed */
	struct vg_error	 e;		/* why it could not be read */
	int		 rc;		/* 0, or -1 with e set */
	int		 pending;	/* queued or being probed: wait */
};

#define INFLIGHT	2		/* files probed and hashed at once */

/*
 * The threads that probe and hash the files, kept for the whole run (a
 * thread a file cost 6% of indexing small ones).
 */
struct pool {
	pthread_mutex_t	 mu;		/* guards the rest */
	pthread_cond_t	 work;		/* a job queued, or quit */
	pthread_cond_t	 done;		/* a job done */
	struct job	*queue[INFLIGHT]; /* jobs not started, oldest first */
	size_t		 nqueue;	/* how many */
	pthread_t	 th[INFLIGHT];	/* the threads */
	size_t		 nth;		/* how many run; 0: jobs run in the
					   caller's thread */
	int		 quit;		/* no more jobs */
};

struct run {
	struct vg_archive *ar;		/* the archive */
	struct vg_tz	*tz;		/* the site's zone */
	char		*root;		/* where patterns are relative to,
					   absolute */
	const char	*legacy;	/* the root as given, when the archive
					   has none recorded: its paths are
					   relative to where it was indexed */
	struct pool	 pool;		/* the threads probing files */
	struct vg_out	*out;		/* the table of files indexed */
	size_t		 indexed;	/* files probed and recorded */
	size_t		 unchanged;	/* files skipped or with the same hash */
	size_t		 bad;		/* files with a problem */
	size_t		 missing;	/* recorded files gone */
	size_t		 ngaps;		/* breaks between segments */
	size_t		 noverlaps;	/* segments starting before the
					   previous one ends */
	int		 failed;	/* a write to stdout failed */
	int64_t		 batched;	/* when the open batch of recordings
					   began (monotonic us), or -1 */
};

/* A batch's length: a killed run loses at most this much of its work. */
#define BATCH_US	1000000

static int64_t
mono_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * US + ts.tv_nsec / 1000;
}

/*
 * The recordings written in batches, a transaction each (vg_ar_batch: on
 * a database server, one commit a batch instead of one a statement):
 * batch(r, 1) begins one, batch(r, 0) commits it, batch(r, 2) commits it
 * once it is BATCH_US old and begins the next.
 */
static void
batch(struct run *r, int how)
{
	struct vg_error	e = { 0, NULL };

	if (how == 2 && r->batched != -1 && mono_us() - r->batched < BATCH_US)
		return;
	if (how != 1 && r->batched != -1) {
		r->batched = -1;
		if (vg_ar_batch(r->ar, 0, &e) == -1)
			tool_fail(&e);
	}
	if (how != 0) {
		if (vg_ar_batch(r->ar, 1, &e) == -1)
			tool_fail(&e);
		r->batched = mono_us();
	}
}

static const struct vg_col verify_cols[] = {
	{ "camera", VG_COL_TEXT },
	{ "path", VG_COL_TEXT },
	{ "status", VG_COL_TEXT },
	{ "problem", VG_COL_TEXT },
};
#define NVERIFY	(sizeof(verify_cols) / sizeof(verify_cols[0]))

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-index [-hqV] [-A archive] [-F format] [-r root]"
	    " [--gaps]\n"
	    "       vigil-index --verify [--update] [-hqV] [-A archive]"
	    " [-F format] [-r root]\n");
	exit(status);
}

static char *
join(const char *root, const char *rel)
{
	return vg_recording_file(root, rel);
}

static int
digits(const char **s, int n, int *out)
{
	int	i, v = 0;

	for (i = 0; i < n; i++) {
		if ((*s)[i] < '0' || (*s)[i] > '9')
			return -1;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	*out = v;
	return 0;
}

/*
 * Match a name against a strftime pattern of %Y %y %m %d %H %M %S and %%,
 * giving the local time it names; -1 if it does not match.
 */
static int
pattern_match(struct vg_tz *tz, const char *pat, const char *s, int64_t *t)
{
	char		 iso[32];
	const char	*why;
	int		 y = 1970, mo = 1, d = 1, h = 0, mi = 0, sec = 0, v, has = 0;

	for (; *pat != '\0'; pat++) {
		if (*pat != '%') {
			if (*s++ != *pat)
				return -1;
			continue;
		}
		switch (*++pat) {
		case 'Y':
			if (digits(&s, 4, &y) == -1)
				return -1;
			break;
		case 'y':
			if (digits(&s, 2, &v) == -1)
				return -1;
			y = v < 69 ? 2000 + v : 1900 + v;
			break;
		case 'm':
			if (digits(&s, 2, &mo) == -1)
				return -1;
			break;
		case 'd':
			if (digits(&s, 2, &d) == -1)
				return -1;
			break;
		case 'H':
			if (digits(&s, 2, &h) == -1)
				return -1;
			break;
		case 'M':
			if (digits(&s, 2, &mi) == -1)
				return -1;
			break;
		case 'S':
			if (digits(&s, 2, &sec) == -1)
				return -1;
			break;
		case '%':
			if (*s++ != '%')
				return -1;
			continue;
		default:
			return -1;
		}
		has = 1;
	}
	if (*s != '\0')
		return -1;
	if (!has) {
		*t = VG_TIME_NONE;
		return 0;
	}
	if (h > 23 || mi > 59 || sec > 59)
		return -1;
	snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d,
	    h, mi, sec);
	return vg_time_parse(tz, iso, strlen(iso), t, &why);
}

static void
found_add(struct founds *fs, const char *camera, const char *path,
    int64_t start)
{
	fs->f = xreallocarray(fs->f, fs->n + 1, sizeof(*fs->f));
	fs->f[fs->n].camera = xstrdup(camera);
	fs->f[fs->n].path = xstrdup(path);
	fs->f[fs->n].start = start;
	fs->f[fs->n].said = 0;
	fs->n++;
}

/* Every file under dir (relative to the root) that the pattern names. */
static void
walk(struct run *r, const char *camera, const char *pat, const char *dir,
    struct founds *fs)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		*rel, *full;
	int64_t		 t;

	full = join(r->root, dir);
	if ((d = opendir(full)) == NULL) {
		if (errno != ENOENT)
			warn("'%s'", tool_plain(full));
		free(full);
		return;
	}
	free(full);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		xasprintf(&rel, "%s/%s", dir, de->d_name);
		full = join(r->root, rel);
		if (lstat(full, &sb) == 0) {
			if (S_ISDIR(sb.st_mode))
				walk(r, camera, pat, rel, fs);
			else if (S_ISREG(sb.st_mode) &&
			    pattern_match(r->tz, pat, rel, &t) == 0)
				found_add(fs, camera, rel, t);
		}
		free(full);
		free(rel);
	}
	closedir(d);
}

/* The files a camera's pattern names: a walk from its fixed directory. */
static void
find_pattern(struct run *r, const char *camera, const char *pat,
    struct founds *fs)
{
	const char	*pct, *slash;
	char		*prefix;

	if ((pct = strchr(pat, '%')) == NULL) {
		prefix = join(r->root, pat);
		if (access(prefix, F_OK) == 0)
			found_add(fs, camera, pat, VG_TIME_NONE);
		free(prefix);
		return;
	}
	for (slash = pct; slash > pat && slash[-1] != '/'; slash--)
		;
	if (slash == pat)
		prefix = xstrdup(".");
	else
		prefix = xstrndup(pat, (size_t)(slash - pat - 1));
	walk(r, camera, pat, prefix, fs);
	free(prefix);
}

/* ROOT/recordings.csv: camera,path[,start] with a header. */
static int
find_list(struct run *r, const struct vg_site *site, struct founds *fs)
{
	struct vg_csv_record	 rec;
	struct vg_csv		*csv;
	const char		*why;
	char			*path;
	int64_t			 t;
	int			 fd, ccam = -1, cpath = -1, cstart = -1, rc, bad = 0;
	size_t			 i;

	path = join(r->root, "recordings.csv");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno != ENOENT) {
			warn("'%s'", tool_plain(path));
			bad = 1;
		}
		free(path);
		return bad;
	}
	csv = vg_csv_open(fd, VG_CSV_MAXREC);
	if ((rc = vg_csv_next(csv, &rec, &why)) == 1) {
		for (i = 0; i < rec.nf; i++) {
			if (strcmp(rec.f[i].s, "camera") == 0)
				ccam = (int)i;
			else if (strcmp(rec.f[i].s, "path") == 0)
				cpath = (int)i;
			else if (strcmp(rec.f[i].s, "start") == 0)
				cstart = (int)i;
		}
	}
	if (ccam == -1 || cpath == -1) {
		warnx("'%s': no camera and path columns in the header",
		    tool_plain(path));
		bad = 1;
		goto out;
	}
	while ((rc = vg_csv_next(csv, &rec, &why)) == 1) {
		if ((size_t)ccam >= rec.nf || (size_t)cpath >= rec.nf) {
			warnx("'%s', line %llu: too few fields",
			    tool_plain(path), (unsigned long long)rec.line);
			bad = 1;
			continue;
		}
		if (vg_site_device(site, rec.f[ccam].s) == NULL) {
			warnx("'%s', line %llu: unknown camera '%s'",
			    tool_plain(path), (unsigned long long)rec.line,
			    tool_plain(rec.f[ccam].s));
			bad = 1;
			continue;
		}
		t = VG_TIME_NONE;
		if (cstart != -1 && (size_t)cstart < rec.nf &&
		    rec.f[cstart].len > 0 && vg_time_parse(r->tz,
		    rec.f[cstart].s, rec.f[cstart].len, &t, &why) == -1) {
			warnx("'%s', line %llu: bad start '%s': %s",
			    tool_plain(path), (unsigned long long)rec.line,
			    tool_plain(rec.f[cstart].s), tool_plain(why));
			bad = 1;
			continue;
		}
		found_add(fs, rec.f[ccam].s, rec.f[cpath].s, t);
	}
	if (rc == -1) {
		warnx("'%s', line %llu: %s", tool_plain(path),
		    (unsigned long long)vg_csv_line(csv), tool_plain(why));
		bad = 1;
	}
out:
	vg_csv_close(csv);
	close(fd);
	free(path);
	return bad;
}

static int
found_cmp(const void *a, const void *b)
{
	const struct found	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->camera, y->camera)) != 0)
		return c;
	return strcmp(x->path, y->path);
}

static void
seconds(char *buf, size_t len, int64_t us)
{
	long long	ms;
	const char	*sign = "";

	ms = us >= 0 ? (us + 500) / 1000 : -((-us + 500) / 1000);
	if (ms < 0) {
		sign = "-";
		ms = -ms;
	}
	snprintf(buf, len, "%s%lld.%03lld", sign, ms / 1000, ms % 1000);
}

static void
print_file(struct run *r, const struct vg_recording *rec)
{
	char		 start[VG_TIME_BUFSZ], dur[32], res[32];
	const char	*v[NFILE];

	if (r->out == NULL)		/* -q, --verify --update, --gaps */
		return;
	if (rec->start != VG_TIME_NONE)
		vg_time_format(r->tz, rec->start, start, sizeof(start));
	if (rec->duration >= 0)
		seconds(dur, sizeof(dur), rec->duration);
	snprintf(res, sizeof(res), "%dx%d", rec->width, rec->height);
	v[0] = rec->camera;
	v[1] = rec->path;
	v[2] = rec->start != VG_TIME_NONE ? start : NULL;
	v[3] = rec->duration >= 0 ? dur : NULL;
	v[4] = rec->codec;
	v[5] = rec->width > 0 ? res : NULL;
	v[6] = rec->status;
	v[7] = rec->problem;
	if (vg_out_row(r->out, v) == -1)
		r->failed = 1;
}

static void
job_run(struct job *j)
{
	j->rc = vg_media_probe_hash_fd(j->fd, j->full, 0, &j->m, j->sha256,
	    &j->size, &j->e);
}

static void *
pool_thread(void *arg)
{
	struct pool	*p = arg;
	struct job	*j;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->nqueue == 0 && !p->quit)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->nqueue == 0)
			break;
		j = p->queue[0];
		memmove(p->queue, p->queue + 1, --p->nqueue *
		    sizeof(*p->queue));
		pthread_mutex_unlock(&p->mu);
		job_run(j);
		pthread_mutex_lock(&p->mu);
		j->pending = 0;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void
pool_start(struct pool *p)
{
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	while (p->nth < INFLIGHT &&
	    pthread_create(&p->th[p->nth], NULL, pool_thread, p) == 0)
		p->nth++;
}

static void
pool_end(struct pool *p)
{
	size_t	i;

	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nth; i++)
		pthread_join(p->th[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
}

/* A job to the pool's threads, or run here when it has none. */
static void
job_queue(struct pool *p, struct job *j)
{
	if (p->nth == 0) {
		job_run(j);
		return;
	}
	pthread_mutex_lock(&p->mu);
	j->pending = 1;
	p->queue[p->nqueue++] = j;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
}

/* Wait until the pool is done with a job. */
static void
job_wait(struct pool *p, struct job *j)
{
	if (p->nth == 0)
		return;
	pthread_mutex_lock(&p->mu);
	while (j->pending)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

/*
 * Start indexing one file found: NULL when its size and time are as
 * recorded (unless force); else a job, probing and hashing the file on
 * one of the pool's threads, or only saying why the file is not indexed.
 */
static struct job *
index_start(struct run *r, struct found *f, int force)
{
	struct vg_error		 e = { 0, NULL };
	struct stat		 sb;
	struct job		*j;
	char			*old;
	uint64_t		 oldsize;
	int64_t			 oldmtime, mtime;

	j = xcalloc(1, sizeof(*j));
	j->f = f;
	j->fd = -1;
	j->full = join(r->root, f->path);
	if (lstat(j->full, &sb) == -1) {
		xasprintf(&j->warn, "'%s': %s", j->full, strerror(errno));
		return j;
	}
	if (!S_ISREG(sb.st_mode)) {
		xasprintf(&j->warn, "'%s' is not a regular file%s: not"
		    " indexed", j->full, S_ISLNK(sb.st_mode) ?
		    " (a symbolic link)" : "");
		return j;
	}
	mtime = (int64_t)sb.st_mtim.tv_sec * US + sb.st_mtim.tv_nsec / 1000;
	if ((j->known = vg_ar_recording_find(r->ar, f->path, &oldsize,
	    &oldmtime, j->oldsha, &e)) == -1)
		tool_fail(&e);
	if (!j->known && r->legacy != NULL) {
		/* indexed before the root was recorded: take it over */
		old = join(r->legacy, f->path);
		if (strcmp(old, f->path) != 0 && (j->known =
		    vg_ar_recording_rename(r->ar, old, f->path, &e)) == -1)
			tool_fail(&e);
		free(old);
		if (j->known && vg_ar_recording_find(r->ar, f->path, &oldsize,
		    &oldmtime, j->oldsha, &e) == -1)
			tool_fail(&e);
	}
	if (j->known && !force && oldsize == (uint64_t)sb.st_size &&
	    oldmtime == mtime) {
		r->unchanged++;
		free(j->full);
		free(j);
		return NULL;
	}
	if ((j->fd = open(j->full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
	    O_NOCTTY)) == -1 || fstat(j->fd, &sb) == -1) {
		xasprintf(&j->warn, "'%s': %s", j->full, strerror(errno));
		return j;
	}
	j->mtime = (int64_t)sb.st_mtim.tv_sec * US + sb.st_mtim.tv_nsec / 1000;
	job_queue(&r->pool, j);
	return j;
}

/* Wait for a job of index_start and forget it: j is freed. */
static void
job_drop(struct run *r, struct job *j)
{
	job_wait(&r->pool, j);
	if (j->fd != -1)
		close(j->fd);
	vg_error_clear(&j->e);
	if (j->warn == NULL && j->rc != -1)
		vg_media_free(&j->m);
	free(j->warn);
	free(j->full);
	free(j);
}

/*
 * Wait for a job of index_start and record the file; j is freed.  -1,
 * said, when the archive cannot take it: the caller stops, once the
 * other jobs are done with (exiting while a thread reads would crash).
 */
static int
index_finish(struct run *r, struct job *j)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_recording	 rec;
	struct timeval		 tv;
	struct found		*f = j->f;

	job_wait(&r->pool, j);
	if (j->fd != -1)
		close(j->fd);
	j->fd = -1;
	if (j->warn != NULL || j->rc == -1) {
		if (j->warn != NULL)
			warnx("%s", tool_plain(j->warn));
		else
			tool_warn(&j->e);
		vg_error_clear(&j->e);
		r->bad++;
		f->said = 1;
		goto out;
	}
	memset(&rec, 0, sizeof(rec));
	memcpy(rec.sha256, j->sha256, sizeof(rec.sha256));
	gettimeofday(&tv, NULL);
	rec.camera = f->camera;
	rec.path = f->path;
	rec.start = f->start != VG_TIME_NONE ? f->start : j->m.created;
	rec.duration = j->m.duration;
	rec.container = j->m.container;
	rec.codec = j->m.codec;
	rec.width = j->m.width;
	rec.height = j->m.height;
	rec.fps = j->m.fps;
	rec.size = j->size;
	rec.mtime = j->mtime;
	rec.keyframes = j->m.keyframes;
	rec.nkeyframes = j->m.nkeyframes;
	rec.status = j->m.status;
	rec.problem = j->m.problem;
	rec.indexed = (int64_t)tv.tv_sec * US + tv.tv_usec;
	if (vg_ar_put_recording(r->ar, &rec, &e) == -1) {
		vg_error_prefix(&e, "'%s': not indexed", j->full);
		tool_warn(&e);
		vg_error_clear(&e);
		j->rc = 0;
		job_drop(r, j);
		return -1;
	}
	if (j->known && strcmp(j->oldsha, rec.sha256) == 0)
		r->unchanged++;		/* touched, the same bytes */
	else {
		r->indexed++;
		print_file(r, &rec);
		if (j->m.problem != NULL) {
			warnx("'%s': %s: %s", tool_plain(j->full),
			    tool_plain(j->m.status), tool_plain(j->m.problem));
			r->bad++;
			f->said = 1;
		}
	}
	vg_media_free(&j->m);
out:
	free(j->warn);
	free(j->full);
	free(j);
	return 0;
}

/*
 * Index one file found: skipped when its size and time are as recorded,
 * unless force.
 */
static void
index_one(struct run *r, struct found *f, int force)
{
	struct job	*j;

	if ((j = index_start(r, f, force)) != NULL &&
	    index_finish(r, j) == -1)
		exit(TOOL_EXIT_FAIL);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
seg_add(const struct vg_recording *rec, void *arg)
{
	struct segs	*ss = arg;
	struct seg	*s;

	ss->s = xreallocarray(ss->s, ss->n + 1, sizeof(*ss->s));
	s = &ss->s[ss->n++];
	memset(s, 0, sizeof(*s));
	s->rec = *rec;
	s->path = s->strs[0] = xstrdup(rec->path);
	s->status = s->strs[1] = xstrdup(rec->status);
	s->rec.container = s->strs[2] = dup_or_null(rec->container);
	s->rec.codec = s->strs[3] = dup_or_null(rec->codec);
	s->rec.problem = s->strs[4] = dup_or_null(rec->problem);
	s->camera = s->strs[5] = xstrdup(rec->camera);
	s->rec.camera = NULL;
	s->rec.path = s->path;
	s->rec.status = s->status;
	s->kf = xreallocarray(NULL, rec->nkeyframes + 1, sizeof(*s->kf));
	if (rec->nkeyframes > 0)
		memcpy(s->kf, rec->keyframes, rec->nkeyframes * sizeof(*s->kf));
	s->rec.keyframes = s->kf;
	s->start = rec->start;
	s->duration = rec->duration;
	return 0;
}

static void
segs_free(struct segs *ss)
{
	size_t	i;
	int	j;

	for (i = 0; i < ss->n; i++) {
		for (j = 0; j < 6; j++)
			free(ss->s[i].strs[j]);
		free(ss->s[i].kf);
	}
	free(ss->s);
	ss->s = NULL;
	ss->n = 0;
}

/* The file found at path, or NULL. */
static struct found *
found_at(const struct founds *fs, size_t lo, size_t hi, const char *path)
{
	size_t	 i;

	for (i = lo; i < hi; i++)
		if (strcmp(fs->f[i].path, path) == 0)
			return &fs->f[i];
	return NULL;
}

static int
seen(const struct founds *fs, size_t lo, size_t hi, const char *path)
{
	return found_at(fs, lo, hi, path) != NULL;
}

/*
 * A recording indexed before the root was recorded, not found this time:
 * its path made relative to the root as well, if it was under it.
 */
static void
legacy_rename(struct run *r, struct seg *s)
{
	struct vg_error	 e = { 0, NULL };
	size_t		 len = strlen(r->legacy);
	int		 rc;

	if (strcmp(r->legacy, ".") == 0 || strncmp(s->path, r->legacy, len) !=
	    0 || (len > 0 && r->legacy[len - 1] != '/' && s->path[len++] !=
	    '/') || s->path[len] == '\0')
		return;
	if ((rc = vg_ar_recording_rename(r->ar, s->path, s->path + len,
	    &e)) == -1)
		tool_fail(&e);
	if (rc == 1) {
		memmove(s->path, s->path + len, strlen(s->path + len) + 1);
		s->rec.path = s->path;
	}
}

/*
 * A camera's recordings as the archive now holds them: those recorded
 * before whose files were not found this time are marked missing; then
 * the gaps and overlaps between the rest.
 */
static void
camera_report(struct run *r, const char *camera, const struct founds *fs,
    size_t lo, size_t hi, struct vg_out *gaps)
{
	struct vg_error	 e = { 0, NULL };
	struct segs	 ss = { NULL, 0 };
	struct seg	*prev = NULL, *s;
	struct found	*f;
	struct timeval	 tv;
	char		 from[VG_TIME_BUFSZ], to[VG_TIME_BUFSZ], secs[32];
	const char	*v[NGAP];
	char		*full;
	int64_t		 end, d;
	size_t		 i;

	if (vg_ar_recordings(r->ar, camera, VG_TIME_NONE, VG_TIME_NONE,
	    seg_add, &ss, &e) == -1)
		tool_fail(&e);
	gettimeofday(&tv, NULL);
	for (i = 0; i < ss.n; i++) {
		s = &ss.s[i];
		/* a file found unchanged still has the problem it had: said
		   again, and counted, so that the run fails while it lasts */
		if (strcmp(s->status, "ok") != 0 && strcmp(s->status,
		    "missing") != 0 && (f = found_at(fs, lo, hi, s->path)) !=
		    NULL && !f->said) {
			full = join(r->root, s->path);
			warnx("'%s': %s: %s (unchanged since indexed)",
			    tool_plain(full), tool_plain(s->status),
			    tool_plain(s->rec.problem != NULL ? s->rec.problem :
			    "no reason recorded"));
			free(full);
			f->said = 1;
			r->bad++;
		}
		if (r->legacy != NULL && !seen(fs, lo, hi, s->path))
			legacy_rename(r, s);
		if (strcmp(s->status, "missing") == 0 ||
		    seen(fs, lo, hi, s->path))
			continue;
		s->rec.camera = camera;
		s->rec.status = "missing";
		s->rec.problem = "file not found";
		s->rec.indexed = (int64_t)tv.tv_sec * US + tv.tv_usec;
		if (vg_ar_put_recording(r->ar, &s->rec, &e) == -1)
			tool_fail(&e);
		full = join(r->root, s->path);
		warnx("'%s': missing: recorded before, not found now",
		    tool_plain(full));
		free(full);
		free(s->strs[1]);
		s->status = s->strs[1] = xstrdup("missing");
		r->missing++;
	}
	for (i = 0; i < ss.n; i++) {
		s = &ss.s[i];
		if (s->start == VG_TIME_NONE || s->duration < 0 ||
		    strcmp(s->status, "missing") == 0)
			continue;
		if (prev != NULL) {
			end = prev->start + prev->duration;
			d = s->start - end;
			if (d > GAP || d < 0) {
				vg_time_format(r->tz, d > 0 ? end : s->start,
				    from, sizeof(from));
				vg_time_format(r->tz, d > 0 ? s->start : end,
				    to, sizeof(to));
				seconds(secs, sizeof(secs), d);
				v[0] = camera;
				v[1] = d > 0 ? "gap" : "overlap";
				v[2] = from;
				v[3] = to;
				v[4] = secs;
				if (d > 0)
					r->ngaps++;
				else
					r->noverlaps++;
				if (gaps != NULL && vg_out_row(gaps, v) == -1)
					r->failed = 1;
			}
		}
		if (prev == NULL || s->start + s->duration >
		    prev->start + prev->duration)
			prev = s;
	}
	segs_free(&ss);
}

/* The breaks found, for the summary line, when --gaps does not list them. */
static const char *
breaks(const struct run *r, int listed)
{
	static char	buf[128];

	buf[0] = '\0';
	if (!listed && r->ngaps + r->noverlaps > 0)
		snprintf(buf, sizeof(buf), "; %zu gap%s and %zu overlap%s"
		    " between segments (--gaps lists them)", r->ngaps,
		    r->ngaps == 1 ? "" : "s", r->noverlaps,
		    r->noverlaps == 1 ? "" : "s");
	return buf;
}

/*
 * --verify: hash every recording indexed again and report each that is
 * not as indexed (changed, missing, unreadable); with update, index those
 * again.  The number of them.
 */
static size_t
verify(struct run *r, enum vg_fmt fmt, int update, int quiet,
    const char *archive)
{
	struct vg_error	 e = { 0, NULL };
	struct segs	 ss = { NULL, 0 };
	struct vg_out	*out;
	struct found	 f;
	struct stat	 sb;
	struct timeval	 tv;
	const char	*v[NVERIFY];
	char		*full, *problem, sha[VG_SHA256_HEX];
	uint64_t	 size;
	size_t		 i, n = 0, changed = 0, missing = 0, unreadable = 0;
	int		 fd;

	if (vg_ar_recordings(r->ar, NULL, VG_TIME_NONE, VG_TIME_NONE,
	    seg_add, &ss, &e) == -1)
		tool_fail(&e);
	out = tool_out(fmt, verify_cols, NVERIFY, 0);
	for (i = 0; i < ss.n; i++) {
		struct seg *s = &ss.s[i];

		if (strcmp(s->status, "missing") == 0)
			continue;
		n++;
		full = join(r->root, s->path);
		problem = NULL;
		v[2] = NULL;
		if ((fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
		    O_NOCTTY)) == -1) {
			if (errno == ENOENT)
				v[2] = "missing";
			else if (errno == ELOOP) {
				v[2] = "changed";
				problem = xstrdup("a symbolic link");
			} else {
				v[2] = "unreadable";
				problem = xstrdup(strerror(errno));
			}
		} else if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
			v[2] = "changed";
			problem = xstrdup("not a regular file");
		} else if (vg_hash_fd(fd, full, sha, &size, NULL, &e) == -1) {
			v[2] = "unreadable";
			problem = xstrdup(e.msg);
			vg_error_clear(&e);
		} else if (strcmp(sha, s->rec.sha256) != 0) {
			v[2] = "changed";
			xasprintf(&problem, "SHA-256 %s instead of %s", sha,
			    s->rec.sha256);
		}
		if (fd != -1)
			close(fd);
		if (v[2] != NULL) {
			v[0] = s->camera;
			v[1] = s->path;
			v[3] = problem;
			if (vg_out_row(out, v) == -1)
				r->failed = 1;
			if (!quiet)
				warnx("'%s': %s%s%s", tool_plain(full),
				    tool_plain(v[2]), problem != NULL ? ": " :
				    "",
				    tool_plain(problem != NULL ? problem : ""));
			changed += strcmp(v[2], "changed") == 0;
			missing += strcmp(v[2], "missing") == 0;
			unreadable += strcmp(v[2], "unreadable") == 0;
		}
		if (v[2] != NULL && update && strcmp(v[2], "missing") == 0) {
			gettimeofday(&tv, NULL);
			s->rec.camera = s->camera;
			s->rec.status = "missing";
			s->rec.problem = "file not found";
			s->rec.indexed = (int64_t)tv.tv_sec * US + tv.tv_usec;
			if (vg_ar_put_recording(r->ar, &s->rec, &e) == -1)
				tool_fail(&e);
		} else if (v[2] != NULL && update &&
		    strcmp(v[2], "changed") == 0) {
			f.camera = s->camera;
			f.path = s->path;
			f.start = s->start;
			f.said = 0;
			index_one(r, &f, 1);
		}
		free(problem);
		free(full);
	}
	if (vg_out_end(out) == -1)
		r->failed = 1;
	if (!quiet)
		warnx("'%s': %zu recording%s verified: %zu changed, %zu missing,"
		    " %zu unreadable%s", tool_plain(archive), n, n == 1 ? "" :
		    "s", changed, missing, unreadable, update && changed +
		    missing > 0 ? "; the index is updated" : "");
	segs_free(&ss);
	return changed + missing + unreadable;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive",	required_argument,	NULL, 'A' },
		{ "format",	required_argument,	NULL, 'F' },
		{ "gaps",	no_argument,		NULL, OPT_GAPS },
		{ "help",	no_argument,		NULL, 'h' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "root",	required_argument,	NULL, 'r' },
		{ "update",	no_argument,		NULL, OPT_UPDATE },
		{ "verify",	no_argument,		NULL, OPT_VERIFY },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_site		*site;
	struct founds		 fs = { NULL, 0 };
	struct vg_out		*gaps = NULL;
	struct run		 r;
	struct job		*jobs[INFLIGHT];
	const char		*archive = NULL, *fmtarg = NULL, *rootarg = NULL;
	char			*recorded;
	enum vg_fmt		 fmt;
	size_t			 i, lo, nj = 0;
	int			 ch, quiet = 0, bad = 0, verifying = 0, update = 0;
	int			 listgaps = 0;

	memset(&r, 0, sizeof(r));
	r.batched = -1;
	while ((ch = getopt_long(argc, argv, "A:F:hqr:V", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'A':
			archive = optarg;
			break;
		case 'F':
			fmtarg = optarg;
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'q':
			quiet = 1;
			break;
		case 'r':
			rootarg = optarg;
			break;
		case 'V':
			tool_version();
		case OPT_GAPS:
			listgaps = 1;
			break;
		case OPT_UPDATE:
			update = 1;
			break;
		case OPT_VERIFY:
			verifying = 1;
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	if (optind != argc)
		usage(TOOL_EXIT_USAGE);
	if (update && !verifying) {
		warnx("--update goes with --verify");
		usage(TOOL_EXIT_USAGE);
	}
	if (listgaps && verifying) {
		warnx("--gaps lists what indexing finds, not --verify");
		usage(TOOL_EXIT_USAGE);
	}
	archive = tool_archive(archive);
	fmt = tool_format(fmtarg);
	av_log_set_level(AV_LOG_QUIET);

	if (vg_archive_open(archive, VG_ARCHIVE_RDWR, &r.ar, &e) == -1)
		tool_fail(&e);
	pool_start(&r.pool);
	r.tz = tool_site_tz(r.ar, archive);
	if (vg_archive_site(r.ar, &site, &e) == -1)
		tool_fail(&e);

	/*
	 * The recordings root: as given, else as recorded, else here; kept
	 * absolute, and the paths indexed relative to it, so that every tool
	 * finds them from anywhere.
	 */
	if (vg_ar_recordings_root(r.ar, &recorded, &e) == -1)
		tool_fail(&e);
	if (recorded == NULL)
		r.legacy = rootarg != NULL ? rootarg : ".";
	if ((r.root = realpath(rootarg != NULL ? rootarg : recorded != NULL ?
	    recorded : ".", NULL)) == NULL)
		err(TOOL_EXIT_FAIL, "'%s'", tool_plain(rootarg != NULL ?
		    rootarg : recorded != NULL ? recorded : "."));
	if (verifying) {
		if (verify(&r, fmt, update, quiet, archive) > 0)
			r.bad++;
		goto done;
	}
	if ((recorded == NULL || strcmp(recorded, r.root) != 0) &&
	    vg_ar_set_recordings_root(r.ar, r.root, &e) == -1)
		tool_fail(&e);
	batch(&r, 1);

	for (i = 0; i < site->ndevices; i++) {
		const struct vg_device *d = &site->devices[i];

		if (d->type == VG_CAMERA && d->recordings != NULL)
			find_pattern(&r, d->id, d->recordings, &fs);
	}
	bad = find_list(&r, site, &fs);
	vg_qsort(fs.f, fs.n, sizeof(*fs.f), found_cmp);
	for (i = 1, lo = 0; i < fs.n; i++)	/* a file listed twice */
		if (found_cmp(&fs.f[i], &fs.f[lo]) != 0)
			fs.f[++lo] = fs.f[i];
		else {
			free(fs.f[i].camera);
			free(fs.f[i].path);
		}
	if (fs.n > 0)
		fs.n = lo + 1;

	/* one table on stdout: the files (none with -q), or the breaks */
	r.out = listgaps || quiet ? NULL : tool_out(fmt, file_cols, NFILE, 0);
	tool_progress_init(quiet);
	/* INFLIGHT files probed and hashed at once, recorded in order */
	for (i = 0, lo = 0; i < fs.n || nj > 0; ) {
		if (i < fs.n && nj < INFLIGHT) {
			if ((jobs[(lo + nj) % INFLIGHT] = index_start(&r,
			    &fs.f[i++], 0)) != NULL)
				nj++;
			else
				tool_progress(NULL, "indexing recordings",
				    (int64_t)(i - nj), (int64_t)fs.n);
			continue;
		}
		tool_progress_clear();		/* index_finish may warn */
		if (index_finish(&r, jobs[lo]) == -1) {
			while (--nj > 0) {
				lo = (lo + 1) % INFLIGHT;
				job_drop(&r, jobs[lo]);
			}
			/* those recorded before it stay, as on a file */
			batch(&r, 0);
			exit(TOOL_EXIT_FAIL);
		}
		batch(&r, 2);
		lo = (lo + 1) % INFLIGHT;
		nj--;
		tool_progress(NULL, "indexing recordings", (int64_t)(i - nj),
		    (int64_t)fs.n);
	}
	tool_progress_clear();
	if (r.out != NULL && vg_out_end(r.out) == -1)
		r.failed = 1;
	if (listgaps)
		gaps = tool_out(fmt, gap_cols, NGAP, 0);
	for (i = 0; i < site->ndevices; i++) {
		const struct vg_device *d = &site->devices[i];

		if (d->type != VG_CAMERA)
			continue;
		for (lo = 0; lo < fs.n && strcmp(fs.f[lo].camera, d->id) != 0;
		    lo++)
			;
		for (ch = 0; lo + (size_t)ch < fs.n &&
		    strcmp(fs.f[lo + (size_t)ch].camera, d->id) == 0; ch++)
			;
		if (d->recordings != NULL || ch > 0)
			camera_report(&r, d->id, &fs, lo, lo + (size_t)ch,
			    gaps);
	}
	if (gaps != NULL && vg_out_end(gaps) == -1)
		r.failed = 1;
	batch(&r, 0);

	if (!quiet)
		warnx("'%s': %zu recording%s indexed, %zu unchanged, %zu with"
		    " problems, %zu missing%s", tool_plain(archive), r.indexed,
		    r.indexed == 1 ? "" : "s", r.unchanged, r.bad, r.missing,
		    tool_plain(breaks(&r, listgaps)));
done:
	pool_end(&r.pool);
	free(recorded);
	free(r.root);
	vg_archive_close(r.ar);
	vg_site_free(site);
	for (i = 0; i < fs.n; i++) {
		free(fs.f[i].camera);
		free(fs.f[i].path);
	}
	free(fs.f);
	if (r.failed) {
		warnx("stdout: write error");
		return TOOL_EXIT_FAIL;
	}
	if (tool_close_stdout() != TOOL_EXIT_OK)
		return TOOL_EXIT_FAIL;
	return r.bad > 0 || bad ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
}
