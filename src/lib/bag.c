/* bag.c: evidence bundles as BagIt bags (RFC 8493): write, sign, verify, archive as ustar */
#include "config.h"

#include "vigil.h"
#include "bag.h"
#include "case.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#define READSZ		(1 << 20)	/* bytes read at a time */
#define HEXMAX		(2 * EVP_MAX_MD_SIZE + 1)	/* longest hex digest */
#define SIGLEN		64		/* bytes of an Ed25519 signature */
#define SIGB64		88		/* its base64 */
#define TARBLOCK	512		/* a ustar block */
#define TARRECORD	10240		/* archives end on a record */
#define TARMAXSIZE	077777777777ULL	/* largest size or time in ustar */
#define TARMAXMEMBERS	100000		/* members a tar may extract */
#define TARMAXDEPTH	32		/* path elements of a member (as said) */
#define TAGMAX		(256 << 20)	/* bytes of a tag file read whole */

struct alg {
	const char	*name;		/* as in manifest-NAME.txt */
	const EVP_MD	*(*md)(void);	/* libcrypto's digest */
};

/* The digests a bag may use, in the order their names sort. */
static const struct alg algs[] = {
	{ "md5",	EVP_md5 },
	{ "sha1",	EVP_sha1 },
	{ "sha224",	EVP_sha224 },
	{ "sha256",	EVP_sha256 },
	{ "sha384",	EVP_sha384 },
	{ "sha512",	EVP_sha512 },
};
#define NALG		(sizeof(algs) / sizeof(algs[0]))
#define A_SHA256	3
#define A_SHA512	5
#define WRITE_ALGS	((1u << A_SHA256) | (1u << A_SHA512))

enum kind {
	K_REG,			/* a regular file */
	K_DIR,			/* a directory */
	K_LINK,			/* a symbolic link */
	K_OTHER,		/* a device, fifo or socket */
	K_UNREADABLE		/* a directory that cannot be listed */
};

struct entry {
	char		*path;		/* relative to the bag's root */
	enum kind	 kind;		/* what it is */
	int		 errnum;	/* why it cannot be listed or read */
	uint64_t	 size;		/* bytes, for regular files */
	int		 exempt;	/* a tag manifest or a signature */
	int		 unread;	/* could not be hashed (reported) */
	char		*digest[NALG];	/* hex digests by algorithm, or NULL */
	long		 listed[NALG];	/* line of that manifest naming it */
	unsigned	 mismatch;	/* algorithms whose digest differs */
};

struct entries {
	struct entry	*e;		/* sorted by path, byte-wise */
	size_t		 n;		/* how many */
};

/* A verification under way. */
struct vrun {
	const char	*dir;		/* the bag */
	vg_bag_check_fn	 fn;		/* told of every check */
	void		*arg;		/* its argument */
	int		 fails;		/* checks that failed */
	struct entries	 tags;		/* everything outside data/ */
	struct entries	 payload;	/* everything under data/ */
	unsigned	 payalgs;	/* algorithms of readable manifests */
	unsigned	 tagalgs;	/* of readable tag manifests */
};

/* A path of a manifest line: CR, LF and % percent-encoded (RFC 8493 2.1.3). */
static void
buf_path(struct vg_buf *b, const char *p)
{
	for (; *p != '\0'; p++) {
		if (*p == '%')
			vg_buf_str(b, "%25");
		else if (*p == '\n')
			vg_buf_str(b, "%0A");
		else if (*p == '\r')
			vg_buf_str(b, "%0D");
		else
			vg_buf_add(b, p, 1);
	}
}

/* The path of a manifest line, decoded; the result is no longer than s. */
static char *
decode_path(const char *s, size_t n)
{
	static const char *const codes[] = { "%25", "%0A", "%0D" };
	static const char	 chars[] = "%\n\r";
	char			*out = xmalloc(n + 1), *o = out;
	size_t			 i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < 3; k++)
			if (n - i >= 3 && strncasecmp(s + i, codes[k], 3) == 0)
				break;
		if (k < 3) {
			*o++ = chars[k];
			i += 2;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

static char *
join(const char *dir, const char *name)
{
	char	*p;

	if (dir[0] == '\0')
		return xstrdup(name);
	xasprintf(&p, "%s%s%s", dir, dir[0] != '\0' &&
	    dir[strlen(dir) - 1] == '/' ? "" : "/", name);
	return p;
}

/* libcrypto's reason for the last failure. */
static const char *
crypto_why(void)
{
	unsigned long	 e = ERR_get_error();
	const char	*r;

	ERR_clear_error();
	if (e == 0 || (r = ERR_reason_error_string(e)) == NULL)
		return "libcrypto failed";
	return r;
}

static void
entries_add(struct entries *es, char *path, enum kind k, uint64_t size,
    int errnum)
{
	struct entry	*e;

	es->e = xreallocarray(es->e, es->n + 1, sizeof(*es->e));
	e = &es->e[es->n++];
	memset(e, 0, sizeof(*e));
	e->path = path;
	e->kind = k;
	e->size = size;
	e->errnum = errnum;
}

static void
entries_free(struct entries *es)
{
	size_t	i, a;

	for (i = 0; i < es->n; i++) {
		free(es->e[i].path);
		for (a = 0; a < NALG; a++)
			free(es->e[i].digest[a]);
	}
	free(es->e);
	es->e = NULL;
	es->n = 0;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry	*x = a, *y = b;

	return strcmp(x->path, y->path);
}

static struct entry *
entries_find(const struct entries *es, const char *path)
{
	struct entry	key;

	memset(&key, 0, sizeof(key));
	key.path = (char *)path;
	if (es->n == 0)
		return NULL;
	return bsearch(&key, es->e, es->n, sizeof(*es->e), entry_cmp);
}

/*
 * Add everything under root/rel (rel "" for the root itself) to es,
 * without following symbolic links; at the root, data/ is left out when
 * skipdata is set.  Returns 0, or an errno when root/rel cannot be
 * listed.
 */
static int
walk(const char *root, const char *rel, int skipdata, struct entries *es)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		*full, *path;
	enum kind	 k;
	size_t		 at;
	int		 e;

	full = rel[0] == '\0' ? xstrdup(root) : join(root, rel);
	if ((d = opendir(full)) == NULL) {
		e = errno;
		free(full);
		return e;
	}
	free(full);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    (skipdata && rel[0] == '\0' &&
		    strcmp(de->d_name, "data") == 0))
			continue;
		path = rel[0] == '\0' ? xstrdup(de->d_name) :
		    join(rel, de->d_name);
		xasprintf(&full, "%s/%s", root, path);
		if (lstat(full, &sb) == -1) {
			entries_add(es, path, K_OTHER, 0, errno);
			free(full);
			continue;
		}
		free(full);
		k = S_ISREG(sb.st_mode) ? K_REG : S_ISDIR(sb.st_mode) ? K_DIR :
		    S_ISLNK(sb.st_mode) ? K_LINK : K_OTHER;
		at = es->n;
		entries_add(es, path, k, k == K_REG ? (uint64_t)sb.st_size : 0,
		    0);
		if (k == K_DIR && (e = walk(root, path, 0, es)) != 0) {
			es->e[at].kind = K_UNREADABLE;
			es->e[at].errnum = e;
		}
	}
	closedir(d);
	return 0;
}

/* Everything under root/rel, sorted; -1 if it cannot be listed. */
static int
walk_sorted(const char *root, const char *rel, int skipdata,
    struct entries *es, struct vg_error *err)
{
	int	e;

	if ((e = walk(root, rel, skipdata, es)) != 0) {
		vg_error_set(err, "cannot read '%s%s%s': %s", root,
		    rel[0] != '\0' ? "/" : "", rel, strerror(e));
		return -1;
	}
	if (es->n > 0)
		vg_qsort(es->e, es->n, sizeof(*es->e), entry_cmp);
	return 0;
}

#define PARALLEL_MIN	(4 << 20)	/* files this big: a thread a digest */

#define RING		4		/* blocks a large file's digests share */

/*
 * A large file read once for all its digests: whichever thread comes
 * first to a block not yet read reads it, into a ring of blocks, and a
 * block's place is used again only when every digest has hashed it.  A
 * thread holds one digest or several (hashing each block with all of
 * them, in turn, while it is in its cache), and another may take a
 * digest over from it between two blocks (ring_take).  The file is read
 * once, not once a digest.
 */
struct ring {
	int		 fd;		/* the file, open */
	unsigned char	*buf[RING];	/* the blocks, READSZ each, or NULL */
	size_t		 len[RING];	/* bytes each holds */
	uint64_t	 nread;		/* blocks read so far */
	uint64_t	 done[NALG];	/* blocks each digest has hashed */
	struct hashjob	*job[NALG];	/* each digest's state, by algs[] */
	unsigned	 active;	/* digests (bits by algs[]) still at it */
	unsigned	 busy;		/* digests hashing a block just now */
	int		 reading;	/* a thread is reading block nread */
	int		 eof;		/* the file's end was read */
	int		 errnum;	/* a read failed: why, or 0 */
	pthread_mutex_t	 mu;		/* guards all but fd and the blocks */
	pthread_cond_t	 cv;		/* a block read or hashed, a digest gone */
};

/* One digest of one file. */
struct hashjob {
	const char	*path;		/* the file */
	const EVP_MD	*md;		/* the digest */
	EVP_MD_CTX	*ctx;		/* its state, or NULL */
	struct ring	*ring;		/* the file's blocks shared, or NULL:
					   the job reads the file itself */
	size_t		 alg;		/* its index in algs[], with a ring */
	char		 hex[HEXMAX];	/* the result */
	uint64_t	 size;		/* bytes hashed */
	int		 errnum;	/* why it could not be read, or 0 */
	int		 failed;	/* libcrypto failed */
};

/* A ring over path for the digests in want (bits), or NULL (errno). */
static struct ring *
ring_open(const char *path, unsigned want)
{
	struct ring	*r;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->fd = fd;
	r->active = want;
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	return r;
}

/* The digest alg hashes no more: the others do not wait for it. */
static void
ring_leave(struct ring *r, size_t alg)
{
	pthread_mutex_lock(&r->mu);
	r->active &= ~(1u << alg);
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

/* Blocks every digest still at it has hashed (mutex held). */
static uint64_t
ring_low(const struct ring *r)
{
	uint64_t	low = r->nread;
	size_t		a;

	for (a = 0; a < NALG; a++)
		if ((r->active & (1u << a)) && r->done[a] < low)
			low = r->done[a];
	return low;
}

/*
 * Hash the ring's file whole with the digests in *mine (bits by algs[];
 * guarded by the mutex, since ring_take may take one away between two
 * blocks), reading the blocks not yet read.
 */
static void
ring_hash(struct ring *r, unsigned *mine)
{
	unsigned char	*p;
	uint64_t	 k;
	unsigned	 todo;
	ssize_t		 n;
	size_t		 a, at;

	pthread_mutex_lock(&r->mu);
	while (*mine != 0) {
		if (r->errnum != 0) {
			for (a = 0; a < NALG; a++)
				if (*mine & (1u << a))
					r->job[a]->errnum = r->errnum;
			break;
		}
		for (k = UINT64_MAX, a = 0; a < NALG; a++)
			if ((*mine & (1u << a)) && r->done[a] < k)
				k = r->done[a];
		at = (size_t)(k % RING);
		if (k < r->nread) {		/* read: hash it */
			for (todo = 0, a = 0; a < NALG; a++)
				if ((*mine & (1u << a)) && r->done[a] == k)
					todo |= 1u << a;
			r->busy |= todo;
			pthread_mutex_unlock(&r->mu);
			for (a = 0; a < NALG; a++)
				if (todo & (1u << a)) {
					EVP_DigestUpdate(r->job[a]->ctx,
					    r->buf[at], r->len[at]);
					r->job[a]->size += r->len[at];
				}
			pthread_mutex_lock(&r->mu);
			r->busy &= ~todo;
			for (a = 0; a < NALG; a++)
				if (todo & (1u << a))
					r->done[a] = k + 1;
			pthread_cond_broadcast(&r->cv);
			continue;
		}
		if (r->eof)
			break;
		if (r->reading || r->nread - ring_low(r) >= RING) {
			pthread_cond_wait(&r->cv, &r->mu);
			continue;
		}
		r->reading = 1;		/* block k, its place free */
		pthread_mutex_unlock(&r->mu);
		if ((p = r->buf[at]) == NULL)
			p = r->buf[at] = xmalloc(READSZ);
		while ((n = read(r->fd, p, READSZ)) == -1 && errno == EINTR)
			;
		pthread_mutex_lock(&r->mu);
		r->reading = 0;
		if (n == -1)
			r->errnum = errno;
		else if (n == 0)
			r->eof = 1;
		else {
			r->len[at] = (size_t)n;
			r->nread++;
		}
		pthread_cond_broadcast(&r->cv);
	}
	pthread_mutex_unlock(&r->mu);
}

/*
 * Take the digest alg over from the thread hashing *from with it, when
 * that thread holds another too (it goes on with those): the bits of the
 * caller's own ring_hash, or 0.  Between two of its blocks: the block it
 * hashes now is its last with alg.
 */
static unsigned
ring_take(struct ring *r, unsigned *from, size_t alg)
{
	unsigned	bit = 1u << alg;

	pthread_mutex_lock(&r->mu);
	if (!(*from & bit) || *from == bit) {
		pthread_mutex_unlock(&r->mu);
		return 0;
	}
	*from &= ~bit;
	while (r->busy & bit)
		pthread_cond_wait(&r->cv, &r->mu);
	pthread_mutex_unlock(&r->mu);
	return bit;
}

static void
ring_free(struct ring *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < RING; i++)
		free(r->buf[i]);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	close(r->fd);
	free(r);
}

/* Start j's digest; 0 when libcrypto cannot (j->failed). */
static int
job_init(struct hashjob *j)
{
	if ((j->ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(j->ctx, j->md, NULL) != 1)
		j->failed = 1;
	return !j->failed;
}

/* End j's digest: its hex, when it was computed whole. */
static void
job_final(struct hashjob *j)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;

	if (j->ctx != NULL && !j->failed && j->errnum == 0) {
		EVP_DigestFinal_ex(j->ctx, md, &mdlen);
		vg_hex(md, mdlen, j->hex);
	}
	EVP_MD_CTX_free(j->ctx);
	j->ctx = NULL;
}

/* One digest of a file, on a thread of its own. */
static void *
hash_job(void *arg)
{
	struct hashjob	*j = arg;
	char		*buf = NULL;
	unsigned	 mine;
	ssize_t		 n;
	int		 fd = -1;

	if (!job_init(j))
		;
	else if (j->ring != NULL) {
		mine = 1u << j->alg;
		ring_hash(j->ring, &mine);
	} else if ((fd = open(j->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) ==
	    -1)
		j->errnum = errno;
	else
		buf = xmalloc(READSZ);
	while (fd != -1 && !j->failed) {
		if ((n = read(fd, buf, READSZ)) == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			j->errnum = errno;
			break;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(j->ctx, buf, (size_t)n);
		j->size += (uint64_t)n;
	}
	if (j->ring != NULL)
		ring_leave(j->ring, j->alg);
	job_final(j);
	free(buf);
	if (fd != -1)
		close(fd);
	return NULL;
}

/*
 * The wanted digests of a large file, each on a thread of its own
 * reading the file itself: SHA-256 and SHA-512 then cost what the slower
 * of them costs, not both.  Returns 1 when done, 0 when threads cannot
 * be had (the caller hashes in one pass), -1 on failure.
 */
static int
hash_parallel(const char *path, struct entry *e, unsigned want,
    struct vg_error *err)
{
	struct hashjob	 job[NALG];
	struct ring	*r;
	pthread_t	 th[NALG];
	int		 started[NALG];
	size_t		 a, b;
	int		 rc = 1;

	memset(job, 0, sizeof(job));
	memset(started, 0, sizeof(started));
	if ((r = ring_open(path, want)) == NULL) {
		e->errnum = errno;
		vg_error_set(err, "'%s': %s", path, strerror(errno));
		return -1;
	}
	for (a = 0; a < NALG; a++) {
		if (!(want & (1u << a)))
			continue;
		job[a].path = path;
		job[a].md = algs[a].md();
		job[a].ring = r;
		job[a].alg = a;
		r->job[a] = &job[a];
		if (pthread_create(&th[a], NULL, hash_job, &job[a]) != 0)
			break;
		started[a] = 1;
	}
	for (b = a; b < NALG; b++)	/* those not started: not waited for */
		ring_leave(r, b);
	for (a = 0; a < NALG; a++)
		if (started[a])
			pthread_join(th[a], NULL);
	ring_free(r);
	for (a = 0; a < NALG; a++)
		if ((want & (1u << a)) && !started[a])
			return 0;	/* no thread: hash in one pass */
	for (a = 0; a < NALG && rc == 1; a++) {
		if (!started[a])
			continue;
		if (job[a].errnum != 0) {
			e->errnum = job[a].errnum;
			vg_error_set(err, "'%s': %s", path,
			    strerror(job[a].errnum));
			rc = -1;
		} else if (job[a].failed) {
			vg_error_set(err, "'%s': cannot compute %s: %s", path,
			    algs[a].name, crypto_why());
			rc = -1;
		} else if (job[a].size != e->size) {
			vg_error_set(err, "'%s': changed while it was hashed",
			    path);
			rc = -1;
		}
	}
	for (a = 0; a < NALG && rc == 1; a++)
		if (started[a]) {
			free(e->digest[a]);
			e->digest[a] = xstrdup(job[a].hex);
		}
	return rc;
}

/*
 * Hash root/e->path with every algorithm in want, in one pass of reads,
 * storing the hex digests and the size in e.
 */
static int
hash_entry(const char *root, struct entry *e, unsigned want,
    struct vg_error *err)
{
	EVP_MD_CTX	*ctx[NALG] = { NULL };
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
	struct stat	 sb;
	char		*path, *buf = NULL, hex[HEXMAX];
	ssize_t		 n;
	uint64_t	 total = 0;
	size_t		 a;
	int		 fd, rc = -1;

	path = join(root, e->path);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		e->errnum = errno;
		vg_error_set(err, "cannot open '%s': %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		e->errnum = EINVAL;
		vg_error_set(err, "'%s': not a regular file", path);
		goto out;
	}
	if ((want & (want - 1)) != 0 && sb.st_size >= PARALLEL_MIN) {
		e->size = (uint64_t)sb.st_size;
		if ((rc = hash_parallel(path, e, want, err)) != 0) {
			rc = rc == 1 ? 0 : -1;
			goto out;
		}
		rc = -1;
	}
	for (a = 0; a < NALG; a++) {
		if (!(want & (1u << a)))
			continue;
		if ((ctx[a] = EVP_MD_CTX_new()) == NULL ||
		    EVP_DigestInit_ex(ctx[a], algs[a].md(), NULL) != 1) {
			vg_error_set(err, "'%s': cannot start %s: %s", path,
			    algs[a].name, crypto_why());
			goto out;
		}
	}
	buf = xmalloc(READSZ);
	for (;;) {
		if ((n = read(fd, buf, READSZ)) == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			e->errnum = errno;
			vg_error_set(err, "'%s': %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		for (a = 0; a < NALG; a++)
			if (ctx[a] != NULL)
				EVP_DigestUpdate(ctx[a], buf, (size_t)n);
		total += (uint64_t)n;
	}
	for (a = 0; a < NALG; a++) {
		if (ctx[a] == NULL)
			continue;
		EVP_DigestFinal_ex(ctx[a], md, &mdlen);
		vg_hex(md, mdlen, hex);
		free(e->digest[a]);
		e->digest[a] = xstrdup(hex);
	}
	e->size = total;
	rc = 0;
out:
	for (a = 0; a < NALG; a++)
		EVP_MD_CTX_free(ctx[a]);
	free(buf);
	free(path);
	close(fd);
	return rc;
}

/* Read a whole regular file, NUL-terminated. */
static char *
read_file(const char *path, size_t *len, struct vg_error *err)
{
	struct stat	 sb;
	char		*buf;
	size_t		 n = 0, cap;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		vg_error_set(err, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		vg_error_set(err, "'%s': not a regular file", path);
		close(fd);
		return NULL;
	}
	cap = (size_t)sb.st_size + 4096;
	buf = xmalloc(cap);
	for (;;) {
		if (n + 1 == cap)
			buf = xreallocarray(buf, cap *= 2, 1);
		if ((r = read(fd, buf + n, cap - n - 1)) == -1 &&
		    errno == EINTR)
			continue;
		if (r == -1) {
			vg_error_set(err, "'%s': %s", path, strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Write path under a temporary name, synced, then put in place. */
static int
put_file(const char *path, const void *data, size_t len, mode_t mode,
    int force, struct vg_error *err)
{
	char	*tmp;
	int	 fd;

	if ((fd = vg_file_temp(path, &tmp, err)) == -1)
		return -1;
	if ((mode != 0600 && fchmod(fd, mode) == -1) ||
	    vg_write_all(fd, data, len) == -1 || close(fd) == -1) {
		vg_error_set(err, "'%s': %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	fd = vg_file_publish(tmp, path, force, err);
	free(tmp);
	return fd;
}

static int
put_tag(const char *dir, const char *name, const struct vg_buf *b,
    struct vg_error *err)
{
	char	*path = join(dir, name);
	int	 rc;

	rc = put_file(path, b->s != NULL ? b->s : "", b->len, 0600, 1, err);
	free(path);
	return rc;
}

/* Not one line of UTF-8. */
static int
bad_text(const char *s)
{
	return strchr(s, '\n') != NULL || strchr(s, '\r') != NULL ||
	    !vg_utf8_valid(s, strlen(s));
}

/*
 * A value of bag-info.txt, whatever it holds: each line after the first
 * folded (RFC 8493, 2.2.2: it goes on indented by two spaces), other
 * characters carried as vg_text_carry says, tabs kept.
 */
static void
baginfo_value(struct vg_buf *b, const char *v)
{
	const char	*nl;
	char		*line;

	for (;;) {
		nl = strchr(v, '\n');
		line = nl != NULL ? xstrndup(v, (size_t)(nl - v)) : xstrdup(v);
		vg_text_carry(b, line, "\t");
		free(line);
		if (nl == NULL)
			return;
		vg_buf_str(b, "\n  ");
		v = nl + 1;
	}
}

/* Why a file found in a bag cannot be put in one, or NULL. */
static const char *
unbaggable(const struct entry *e)
{
	switch (e->kind) {
	case K_LINK:
		return "a symbolic link: a bag holds regular files only";
	case K_OTHER:
		return e->errnum != 0 ? strerror(e->errnum) :
		    "not a regular file: a bag holds regular files only";
	case K_UNREADABLE:
		return strerror(e->errnum);
	default:
		return NULL;
	}
}

/* A tag manifest of the root, or a signature: in no tag manifest. */
static int
exempt_tag(const char *path)
{
	size_t	n = strlen(path);

	if (strchr(path, '/') != NULL)
		return 0;
	return (strncmp(path, "tagmanifest-", 12) == 0 && n > 16 &&
	    strcmp(path + n - 4, ".txt") == 0) ||
	    (n > 4 && strcmp(path + n - 4, ".sig") == 0);
}

/* Add "<hex>  <path>" lines for es to the sha256 and sha512 manifests. */
static int
manifest_lines(const char *dir, struct entries *es, struct vg_buf *m256,
    struct vg_buf *m512, uint64_t *octets, size_t *count,
    const struct vg_bag_known *known, size_t nknown, struct vg_error *err)
{
	struct entry	*e;
	const char	*why;
	size_t		 i, k;

	for (i = 0; i < es->n; i++) {
		e = &es->e[i];
		if (e->kind == K_DIR || (e->kind == K_REG && e->exempt))
			continue;
		if ((why = unbaggable(e)) != NULL) {
			vg_error_set(err, "'%s/%s': %s", dir, e->path, why);
			return -1;
		}
		for (k = 0; k < nknown; k++)	/* hashed by the caller */
			if (strcmp(known[k].path, e->path) == 0 &&
			    known[k].size == e->size)
				break;
		if (k < nknown) {
			free(e->digest[A_SHA256]);
			free(e->digest[A_SHA512]);
			e->digest[A_SHA256] = xstrdup(known[k].sha256);
			e->digest[A_SHA512] = xstrdup(known[k].sha512);
		} else if (hash_entry(dir, e, WRITE_ALGS, err) == -1)
			return -1;
		vg_buf_str(m256, e->digest[A_SHA256]);
		vg_buf_str(m256, "  ");
		buf_path(m256, e->path);
		vg_buf_str(m256, "\n");
		vg_buf_str(m512, e->digest[A_SHA512]);
		vg_buf_str(m512, "  ");
		buf_path(m512, e->path);
		vg_buf_str(m512, "\n");
		*octets += e->size;
		(*count)++;
	}
	return 0;
}

/*
 * Make dir a bag: its data/ is filled already.  Writes bagit.txt, the
 * sha256 and sha512 payload manifests, bag-info.txt (info, then
 * Payload-Oxum) and the sha256 and sha512 tag manifests over every other
 * file outside data/ but signatures, replacing tag files it wrote
 * before (a signature made before then no longer verifies: sign after).
 * The bytes depend only on what data/ holds and on info.
 */
int
vg_bag_write(const char *dir, const struct vg_bag_field *info, size_t ninfo,
    struct vg_error *err)
{
	return vg_bag_write_known(dir, info, ninfo, NULL, 0, err);
}

/*
 * vg_bag_write, with the digests of some payload files known already
 * (the caller hashed them as it wrote them, with vg_bag_hash): a file
 * of the same path and size is not read again.
 */
int
vg_bag_write_known(const char *dir, const struct vg_bag_field *info,
    size_t ninfo, const struct vg_bag_known *known, size_t nknown,
    struct vg_error *err)
{
	struct entries	 payload = { NULL, 0 }, tags = { NULL, 0 };
	struct vg_buf	 m256 = { NULL, 0, 0 }, m512 = { NULL, 0, 0 };
	struct vg_buf	 b = { NULL, 0, 0 };
	struct stat	 sb;
	const char	*why;
	char		*p, num[64];
	uint64_t	 octets = 0, tagoctets = 0;
	size_t		 count = 0, i, n = 0;
	int		 rc = -1;

	for (i = 0; i < ninfo; i++) {
		if (info[i].label == NULL || info[i].label[0] == '\0' ||
		    strchr(info[i].label, ':') != NULL ||
		    strchr(" \t", info[i].label[0]) != NULL ||
		    bad_text(info[i].label)) {
			vg_error_set(err, "bag-info.txt: bad label '%s'",
			    info[i].label != NULL ? info[i].label : "");
			return -1;
		}
		if (info[i].value == NULL) {
			vg_error_set(err, "bag-info.txt: the value of %s is"
			    " missing", info[i].label);
			return -1;
		}
	}
	p = join(dir, "data");
	why = lstat(p, &sb) == -1 ? strerror(errno) : !S_ISDIR(sb.st_mode) ?
	    "not a directory" : NULL;
	if (why != NULL) {
		vg_error_set(err, "'%s': %s", p, why);
		free(p);
		return -1;
	}
	free(p);
	if (walk_sorted(dir, "data", 0, &payload, err) == -1 ||
	    manifest_lines(dir, &payload, &m256, &m512, &octets, &count,
	    known, nknown, err) == -1)
		goto out;

	vg_buf_str(&b, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	if (put_tag(dir, "bagit.txt", &b, err) == -1 ||
	    put_tag(dir, "manifest-sha256.txt", &m256, err) == -1 ||
	    put_tag(dir, "manifest-sha512.txt", &m512, err) == -1)
		goto out;
	b.len = 0;
	for (i = 0; i < ninfo; i++) {
		if (strcasecmp(info[i].label, "Payload-Oxum") == 0)
			continue;
		vg_buf_str(&b, info[i].label);
		vg_buf_str(&b, ": ");
		baginfo_value(&b, info[i].value);
		vg_buf_str(&b, "\n");
	}
	snprintf(num, sizeof(num), "Payload-Oxum: %llu.%zu\n",
	    (unsigned long long)octets, count);
	vg_buf_str(&b, num);
	if (put_tag(dir, "bag-info.txt", &b, err) == -1)
		goto out;

	if (walk_sorted(dir, "", 1, &tags, err) == -1)
		goto out;
	for (i = 0; i < tags.n; i++)
		tags.e[i].exempt = exempt_tag(tags.e[i].path);
	m256.len = m512.len = 0;
	if (manifest_lines(dir, &tags, &m256, &m512, &tagoctets, &n, NULL, 0,
	    err) == -1)
		goto out;
	if (put_tag(dir, "tagmanifest-sha256.txt", &m256, err) == -1 ||
	    put_tag(dir, "tagmanifest-sha512.txt", &m512, err) == -1)
		goto out;
	rc = 0;
out:
	entries_free(&payload);
	entries_free(&tags);
	free(m256.s);
	free(m512.s);
	free(b.s);
	return rc;
}

/* A PEM private key is never read with a passphrase: none is asked for. */
static int
no_passphrase(char *buf, int size, int rwflag, void *arg)
{
	(void)buf, (void)size, (void)rwflag, (void)arg;
	return -1;
}

/*
 * Make an Ed25519 key pair: prefix.key (PKCS#8 PEM, mode 0600) and
 * prefix.pub (SubjectPublicKeyInfo PEM).  Neither may exist already.
 */
int
vg_bag_keygen(const char *prefix, struct vg_error *err)
{
	EVP_PKEY_CTX	*pctx;
	EVP_PKEY	*pkey = NULL;
	BIO		*mem = NULL;
	struct stat	 sb;
	char		*key, *pub, *data;
	long		 len;
	int		 rc = -1;

	xasprintf(&key, "%s.key", prefix);
	xasprintf(&pub, "%s.pub", prefix);
	if (lstat(key, &sb) == 0 || lstat(pub, &sb) == 0) {
		vg_error_set(err, "'%s' exists: not overwritten",
		    lstat(key, &sb) == 0 ? key : pub);
		goto out;
	}
	if ((pctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL)) == NULL ||
	    EVP_PKEY_keygen_init(pctx) != 1 ||
	    EVP_PKEY_keygen(pctx, &pkey) != 1) {
		vg_error_set(err, "cannot make an Ed25519 key: %s",
		    crypto_why());
		EVP_PKEY_CTX_free(pctx);
		goto out;
	}
	EVP_PKEY_CTX_free(pctx);
	if ((mem = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_PrivateKey(mem, pkey, NULL, NULL, 0, NULL,
	    NULL) != 1 || (len = BIO_get_mem_data(mem, &data)) <= 0) {
		vg_error_set(err, "'%s': %s", key, crypto_why());
		goto out;
	}
	rc = put_file(key, data, (size_t)len, 0600, 0, err);
	OPENSSL_cleanse(data, (size_t)len);
	if (rc == -1)
		goto out;
	rc = -1;
	if (BIO_reset(mem) != 1 || PEM_write_bio_PUBKEY(mem, pkey) != 1 ||
	    (len = BIO_get_mem_data(mem, &data)) <= 0) {
		vg_error_set(err, "'%s': %s", pub, crypto_why());
		unlink(key);
		goto out;
	}
	if (put_file(pub, data, (size_t)len, 0644, 0, err) == -1) {
		unlink(key);
		goto out;
	}
	rc = 0;
out:
	BIO_free(mem);
	EVP_PKEY_free(pkey);
	free(key);
	free(pub);
	return rc;
}

/* The Ed25519 key in a PEM file: private or public. */
static EVP_PKEY *
load_key(const char *path, int private, const char **why)
{
	EVP_PKEY	*pkey;
	BIO		*bio;

	if ((bio = BIO_new_file(path, "r")) == NULL) {
		*why = strerror(errno != 0 ? errno : ENOENT);
		ERR_clear_error();
		return NULL;
	}
	pkey = private ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase,
	    NULL) : PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
	BIO_free(bio);
	ERR_clear_error();
	if (pkey == NULL) {
		*why = private ? "not a private key in PEM without a"
		    " passphrase" : "not a public key in PEM";
		return NULL;
	}
	if (EVP_PKEY_id(pkey) != EVP_PKEY_ED25519) {
		*why = private ? "not an Ed25519 private key" :
		    "not an Ed25519 public key";
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return pkey;
}

/*
 * Sign dir's tagmanifest-sha256.txt with the Ed25519 private key in
 * keyfile, writing the signature's base64 on one line to
 * tagmanifest-sha256.txt.sig, which must not exist.
 */
int
vg_bag_sign(const char *dir, const char *keyfile, struct vg_error *err)
{
	EVP_MD_CTX	*ctx = NULL;
	EVP_PKEY	*pkey;
	struct stat	 sb;
	unsigned char	 sig[SIGLEN], b64[SIGB64 + 2];
	const char	*why;
	char		*path, *msg = NULL;
	size_t		 len, siglen = sizeof(sig);
	int		 rc = -1;

	if ((pkey = load_key(keyfile, 1, &why)) == NULL) {
		vg_error_set(err, "'%s': %s", keyfile, why);
		return -1;
	}
	if (stat(keyfile, &sb) == 0 && (sb.st_mode & 077) != 0) {
		vg_error_set(err, "'%s': a private key others can read (chmod"
		    " 600 it)", keyfile);
		EVP_PKEY_free(pkey);
		return -1;
	}
	path = join(dir, "tagmanifest-sha256.txt");
	if ((msg = read_file(path, &len, err)) == NULL)
		goto out;
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(ctx, NULL, NULL, NULL, pkey) != 1 ||
	    EVP_DigestSign(ctx, sig, &siglen, (unsigned char *)msg, len) != 1 ||
	    siglen != SIGLEN) {
		vg_error_set(err, "'%s': cannot sign: %s", path, crypto_why());
		goto out;
	}
	if (EVP_EncodeBlock(b64, sig, SIGLEN) != SIGB64)
		goto out;
	b64[SIGB64] = '\n';
	free(path);
	path = join(dir, VG_BAG_SIG);
	rc = put_file(path, b64, SIGB64 + 1, 0600, 0, err);
out:
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	free(msg);
	free(path);
	return rc;
}

/* Tell of one check; file NULL for the bag as a whole, line 0 for none. */
static void
check(struct vrun *v, int ok, const char *file, long line,
    const char *fmt, ...) VG_PRINTF(5, 6);

static void
check(struct vrun *v, int ok, const char *file, long line,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*where = NULL, *what;

	if (file != NULL && line > 0)
		xasprintf(&where, "%s line %ld", file, line);
	else if (file != NULL)
		where = xstrdup(file);
	va_start(ap, fmt);
	xvasprintf(&what, fmt, ap);
	va_end(ap);
	if (!ok)
		v->fails++;
	v->fn(v->arg, ok, where, what);
	free(where);
	free(what);
}

/* The custody log's checks, counted as the bag's. */
static void
relay(void *arg, int ok, const char *where, const char *what)
{
	struct vrun	*v = arg;

	if (!ok)
		v->fails++;
	v->fn(v->arg, ok, where, what);
}

/*
 * The next line of [*p, end): its start and length without the line
 * end (LF or CRLF); NULL at the end.
 */
static const char *
next_line(const char **p, const char *end, size_t *len)
{
	const char	*s = *p, *nl;

	if (s >= end)
		return NULL;
	if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
		nl = end;
	*p = nl < end ? nl + 1 : end;
	*len = (size_t)(nl - s);
	if (*len > 0 && s[*len - 1] == '\r')
		(*len)--;
	return s;
}

/* Read a tag file of the bag, or say why not. */
static char *
read_tag(struct vrun *v, const char *name, size_t *len)
{
	struct vg_error		 e = { 0, NULL };
	const struct entry	*t = entries_find(&v->tags, name);
	char			*path, *data;

	if (t != NULL && t->kind == K_REG && t->size > TAGMAX) {
		check(v, 0, name, 0, "%llu bytes: larger than a tag file may"
		    " be (%d MB), not read", (unsigned long long)t->size,
		    TAGMAX >> 20);
		return NULL;
	}
	path = join(v->dir, name);
	if ((data = read_file(path, len, &e)) == NULL) {
		check(v, 0, name, 0, "cannot be read: %s", e.msg);
		vg_error_clear(&e);
	}
	free(path);
	return data;
}

static void
check_bagit(struct vrun *v)
{
	const struct entry	*e;
	const char		*p, *end, *s;
	char			*data, *ver = NULL, vb[VG_SHOWSZ];
	size_t			 len, n;
	long			 line = 0;
	int			 bad = 0;

	if ((e = entries_find(&v->tags, "bagit.txt")) == NULL) {
		check(v, 0, "bagit.txt", 0, "no such file (not a bag?)");
		return;
	}
	if (e->kind != K_REG) {
		check(v, 0, "bagit.txt", 0, "not a regular file");
		return;
	}
	if ((data = read_tag(v, "bagit.txt", &len)) == NULL)
		return;
	p = data;
	end = data + len;
	while ((s = next_line(&p, end, &n)) != NULL) {
		line++;
		if (line == 1 && n > 15 && strncmp(s, "BagIt-Version: ", 15) ==
		    0) {
			ver = xstrndup(s + 15, n - 15);
			if (strcmp(ver, "1.0") != 0 &&
			    strcmp(ver, "0.97") != 0) {
				check(v, 0, "bagit.txt", line, "BagIt-Version"
				    " %s is not 1.0 or 0.97", vg_show(ver,
				    strlen(ver), vb, sizeof(vb)));
				bad++;
			}
		} else if (line == 1) {
			check(v, 0, "bagit.txt", line, "not 'BagIt-Version:"
			    " 1.0'");
			bad++;
		} else if (line == 2 && (n != 34 || strncmp(s,
		    "Tag-File-Character-Encoding: ", 29) != 0 ||
		    strncasecmp(s + 29, "UTF-8", 5) != 0)) {
			check(v, 0, "bagit.txt", line, "not"
			    " 'Tag-File-Character-Encoding: UTF-8'");
			bad++;
		} else if (line > 2) {
			check(v, 0, "bagit.txt", line, "a line too many (it"
			    " holds two)");
			bad++;
			break;
		}
	}
	if (line < 2) {
		check(v, 0, "bagit.txt", 0, "%ld line%s, not two", line,
		    line == 1 ? "" : "s");
		bad++;
	}
	if (!bad)
		check(v, 1, "bagit.txt", 0, "BagIt %s", ver);
	free(ver);
	free(data);
}

/* Why a path named by a manifest is not one to look for, or NULL. */
static const char *
path_problem(const char *p, int payload)
{
	const char	*s, *c;
	size_t		 n;

	if (*p == '\0')
		return "an empty path";
	if (*p == '/')
		return "an absolute path (not opened)";
	for (s = p; *s != '\0'; s = *c == '/' ? c + 1 : c) {
		c = s + strcspn(s, "/");
		n = (size_t)(c - s);
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return payload ? "outside data/ (not opened)" :
			    "outside the bag (not opened)";
	}
	for (s = p; *s != '\0'; s = *c == '/' ? c + 1 : c) {
		c = s + strcspn(s, "/");
		n = (size_t)(c - s);
		if (n == 0 || (n == 1 && s[0] == '.') || (*c == '/' &&
		    c[1] == '\0'))
			return "an empty or '.' path element";
	}
	if (payload && strncmp(p, "data/", 5) != 0)
		return "not under data/";
	if (!payload && strncmp(p, "data/", 5) == 0)
		return "a payload file in a tag manifest";
	return NULL;
}

static int
is_hexdigits(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return 1;
}

/*
 * Check manifest name, of algorithm a, against es: every line a digest
 * and a path to a file of es; record which line names each file and
 * whether its digest matches.  Nothing a line names is opened.
 */
static int
check_manifest(struct vrun *v, const char *name, size_t a,
    struct entries *es, int payload)
{
	struct entry	*e;
	const char	*p, *end, *s, *why;
	char		*data, *path, pb[256];
	size_t		 len, n, hexlen, tok, files = 0;
	long		 line = 0;
	int		 bad = 0;

	if ((data = read_tag(v, name, &len)) == NULL)
		return -1;
	hexlen = (size_t)EVP_MD_size(algs[a].md()) * 2;
	p = data;
	end = data + len;
	while ((s = next_line(&p, end, &n)) != NULL) {
		line++;
		tok = strcspn(s, " \t");
		if (tok > n)
			tok = n;
		if (tok != hexlen || !is_hexdigits(s, tok) || tok == n) {
			check(v, 0, name, line, "not a %s digest and a path",
			    algs[a].name);
			bad++;
			continue;
		}
		while (tok < n && (s[tok] == ' ' || s[tok] == '\t'))
			tok++;
		path = decode_path(s + tok, n - tok);
		/* a path for a message: a crafted line may be any length */
		vg_show(path, strlen(path), pb, sizeof(pb));
		if ((why = path_problem(path, payload)) != NULL) {
			check(v, 0, name, line, "%s: %s", pb, why);
			bad++;
		} else if ((e = entries_find(es, path)) == NULL) {
			check(v, 0, name, line, "%s: no such file", pb);
			bad++;
		} else if (e->kind != K_REG) {
			check(v, 0, name, line, "%s: not a regular file",
			    pb);
			bad++;
		} else if (e->listed[a] != 0) {
			check(v, 0, name, line, "%s: listed again (first on"
			    " line %ld)", pb, e->listed[a]);
			bad++;
		} else {
			e->listed[a] = line;
			files++;
			if (e->digest[a] != NULL &&
			    strncasecmp(e->digest[a], s, hexlen) != 0)
				e->mismatch |= 1u << a;
		}
		free(path);
	}
	if (!bad)
		check(v, 1, name, 0, "%zu file%s listed", files,
		    files == 1 ? "" : "s");
	free(data);
	return 0;
}

/* Hash the regular files of es with the algorithms of want. */
static void
hash_all(struct vrun *v, struct entries *es, unsigned want)
{
	struct vg_error	 e = { 0, NULL };
	size_t		 i;

	if (want == 0)
		return;
	for (i = 0; i < es->n; i++) {
		if (es->e[i].kind != K_REG)
			continue;
		if (hash_entry(v->dir, &es->e[i], want, &e) == -1) {
			es->e[i].unread = 1;
			check(v, 0, es->e[i].path, 0, "cannot be read: %s",
			    es->e[i].errnum != 0 ? strerror(es->e[i].errnum) :
			    e.msg);
			vg_error_clear(&e);
		}
	}
}

/*
 * Each file of es against the manifests of the algorithms of want
 * (prefix "manifest" or "tagmanifest"): in every one, and matching.
 */
static void
check_files(struct vrun *v, struct entries *es, unsigned want,
    const char *prefix)
{
	struct entry	*e;
	struct vg_buf	 names = { NULL, 0, 0 };
	size_t		 i, a;
	int		 bad;

	for (i = 0; i < es->n; i++) {
		e = &es->e[i];
		if (e->kind != K_REG || e->exempt)
			continue;
		if (want == 0) {
			/* no manifest could be read: nothing vouches for it */
			check(v, 0, e->path, 0, "in no %s that could be read",
			    strcmp(prefix, "manifest") == 0 ?
			    "payload manifest" : "tag manifest");
			continue;
		}
		bad = 0;
		names.len = 0;
		for (a = 0; a < NALG; a++) {
			if (!(want & (1u << a)))
				continue;
			if (e->listed[a] == 0) {
				check(v, 0, e->path, 0, "not in %s-%s.txt",
				    prefix, algs[a].name);
				bad++;
			} else if (!e->unread && (e->mismatch & (1u << a))) {
				check(v, 0, e->path, 0, "%s does not match"
				    " %s-%s.txt line %ld", algs[a].name,
				    prefix, algs[a].name, e->listed[a]);
				bad++;
			}
			if (names.len > 0)
				vg_buf_str(&names, ", ");
			vg_buf_str(&names, algs[a].name);
		}
		if (!bad && !e->unread)
			check(v, 1, e->path, 0, "%s match%s", names.s,
			    strchr(names.s, ',') != NULL ? "" : "es");
	}
	free(names.s);
}

/* Files that cannot be in a bag: links, devices, unreadable directories. */
static void
check_kinds(struct vrun *v, const struct entries *es)
{
	const char	*why;
	size_t		 i;

	for (i = 0; i < es->n; i++)
		if ((why = unbaggable(&es->e[i])) != NULL)
			check(v, 0, es->e[i].path, 0, "%s", why);
}

static int
parse_oxum(const char *s, unsigned long long *octets, unsigned long long *count)
{
	const char	*dot;
	char		*end;

	if ((dot = strchr(s, '.')) == NULL || dot == s || dot[1] == '\0' ||
	    strspn(s, "0123456789") != (size_t)(dot - s) ||
	    strspn(dot + 1, "0123456789") != strlen(dot + 1))
		return -1;
	errno = 0;
	*octets = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	*count = strtoull(dot + 1, &end, 10);
	return errno != 0 ? -1 : 0;
}

/* Payload-Oxum in bag-info.txt against what data/ holds. */
static void
check_baginfo(struct vrun *v)
{
	const struct entry	*e;
	const char		*p, *end, *s, *colon;
	char			*data, *val, vb[VG_SHOWSZ];
	unsigned long long	 octets = 0, count = 0, o, c;
	size_t			 len, n, i, vlen;
	long			 line = 0, oxum = 0;

	for (i = 0; i < v->payload.n; i++)
		if (v->payload.e[i].kind == K_REG) {
			octets += v->payload.e[i].size;
			count++;
		}
	if ((e = entries_find(&v->tags, "bag-info.txt")) == NULL) {
		check(v, 1, "bag-info.txt", 0, "none (it is optional): no"
		    " Payload-Oxum to check");
		return;
	}
	if (e->kind == K_DIR)
		check(v, 0, "bag-info.txt", 0, "not a regular file");
	if (e->kind != K_REG || (data = read_tag(v, "bag-info.txt", &len)) ==
	    NULL)
		return;
	p = data;
	end = data + len;
	while ((s = next_line(&p, end, &n)) != NULL) {
		line++;
		if (n > 0 && (s[0] == ' ' || s[0] == '\t'))
			continue;	/* a folded value goes on */
		if ((colon = memchr(s, ':', n)) == NULL || colon == s) {
			check(v, 0, "bag-info.txt", line, "not 'Label:"
			    " value'");
			continue;
		}
		if ((size_t)(colon - s) != 12 || strncasecmp(s,
		    "Payload-Oxum", 12) != 0)
			continue;
		for (colon++; colon < s + n && (*colon == ' ' ||
		    *colon == '\t'); colon++)
			;
		for (vlen = (size_t)(s + n - colon); vlen > 0 &&
		    (colon[vlen - 1] == ' ' || colon[vlen - 1] == '\t'); vlen--)
			;
		val = xstrndup(colon, vlen);
		if (oxum != 0)
			check(v, 0, "bag-info.txt", line, "Payload-Oxum again"
			    " (first on line %ld)", oxum);
		else if (parse_oxum(val, &o, &c) == -1)
			check(v, 0, "bag-info.txt", line, "Payload-Oxum '%s'"
			    " is not OCTETS.FILES", vg_show(val, vlen, vb,
			    sizeof(vb)));
		else if (o != octets || c != count)
			check(v, 0, "bag-info.txt", line, "Payload-Oxum %s,"
			    " but the payload is %llu.%llu", vg_show(val, vlen,
			    vb, sizeof(vb)), octets, count);
		else
			check(v, 1, "bag-info.txt", line, "Payload-Oxum %s"
			    " matches the payload", val);
		if (oxum == 0)
			oxum = line;
		free(val);
	}
	if (oxum == 0)
		check(v, 1, "bag-info.txt", 0, "no Payload-Oxum to check");
	free(data);
}

static void
check_signature(struct vrun *v, const char *pubkey)
{
	EVP_MD_CTX	*ctx = NULL;
	EVP_PKEY	*pkey = NULL;
	unsigned char	 sig[SIGB64];
	const char	*why;
	char		*data = NULL, *msg = NULL;
	size_t		 len, mlen;

	if (entries_find(&v->tags, VG_BAG_SIG) == NULL) {
		if (pubkey != NULL)
			check(v, 0, VG_BAG_SIG, 0, "no such file: the bag is"
			    " not signed");
		return;
	}
	if (pubkey == NULL) {
		check(v, 1, VG_BAG_SIG, 0, "signature present, not checked"
		    " (no --key)");
		return;
	}
	if ((pkey = load_key(pubkey, 0, &why)) == NULL) {
		check(v, 0, pubkey, 0, "%s", why);
		return;
	}
	if ((data = read_tag(v, VG_BAG_SIG, &len)) == NULL)
		goto out;
	while (len > 0 && strchr(" \t\r\n", data[len - 1]) != NULL)
		len--;
	if (len != SIGB64 || strspn(data, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/") != SIGB64 - 2 ||
	    data[SIGB64 - 2] != '=' || data[SIGB64 - 1] != '=' ||
	    EVP_DecodeBlock(sig, (unsigned char *)data, SIGB64) < SIGLEN) {
		check(v, 0, VG_BAG_SIG, 0, "not an Ed25519 signature (%d"
		    " characters of base64)", SIGB64);
		goto out;
	}
	if (entries_find(&v->tags, "tagmanifest-sha256.txt") == NULL) {
		check(v, 0, VG_BAG_SIG, 0, "tagmanifest-sha256.txt, which it"
		    " signs, is missing");
		goto out;
	}
	if ((msg = read_tag(v, "tagmanifest-sha256.txt", &mlen)) == NULL)
		goto out;
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey) != 1) {
		check(v, 0, VG_BAG_SIG, 0, "cannot verify: %s", crypto_why());
		goto out;
	}
	if (EVP_DigestVerify(ctx, sig, SIGLEN, (unsigned char *)msg,
	    mlen) == 1)
		check(v, 1, VG_BAG_SIG, 0, "Ed25519 signature of"
		    " tagmanifest-sha256.txt verifies with '%s'", pubkey);
	else
		check(v, 0, VG_BAG_SIG, 0, "does not verify with '%s' (another"
		    " key, or the tag manifest changed)", pubkey);
	ERR_clear_error();
out:
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	free(data);
	free(msg);
}

/* The algorithm of "PREFIX-ALG.txt", or -1; -2 if ALG is unknown. */
static int
manifest_alg(const char *name, const char *prefix)
{
	size_t	plen = strlen(prefix), n = strlen(name), a;

	if (strchr(name, '/') != NULL || n <= plen + 5 ||
	    strncmp(name, prefix, plen) != 0 || name[plen] != '-' ||
	    strcmp(name + n - 4, ".txt") != 0)
		return -1;
	for (a = 0; a < NALG; a++)
		if (strlen(algs[a].name) == n - plen - 5 &&
		    strncmp(name + plen + 1, algs[a].name, n - plen - 5) == 0)
			return (int)a;
	return -2;
}

/* Find the manifests of prefix among the tag files. */
static unsigned
find_manifests(struct vrun *v, const char *prefix)
{
	struct entry	*e;
	unsigned	 found = 0;
	size_t		 i;
	int		 a;

	for (i = 0; i < v->tags.n; i++) {
		e = &v->tags.e[i];
		if ((a = manifest_alg(e->path, prefix)) == -1)
			continue;
		if (a == -2)
			check(v, 0, e->path, 0, "unknown algorithm");
		else if (e->kind == K_REG)
			found |= 1u << a;
	}
	return found;
}

/* Whether dir holds name, of any kind (a link not followed). */
static int
exists_in(const char *dir, const char *name)
{
	struct stat	 sb;
	char		*path = join(dir, name);
	int		 rc;

	rc = lstat(path, &sb) == 0;
	free(path);
	return rc;
}

/*
 * Verify the bag dir: bagit.txt, every payload manifest against data/
 * both ways, Payload-Oxum, every tag manifest, the signature with pubkey
 * (if not NULL), and the custody log in data/custody.tsv if there is
 * one.  fn is told of each check.  Returns the number that failed, or -1
 * if dir cannot be read at all.
 */
int
vg_bag_verify(const char *dir, const char *pubkey, vg_bag_check_fn fn,
    void *arg, struct vg_error *err)
{
	struct vg_error	 e = { 0, NULL };
	struct vrun	 v;
	struct entry	*cust;
	struct stat	 sb;
	char		*path, name[32];
	size_t		 i, a;
	int		 fd, rc;

	memset(&v, 0, sizeof(v));
	v.dir = dir;
	v.fn = fn;
	v.arg = arg;
	/* a folder with neither is no bag: not walked (it may be ~ or /);
	 * one that cannot be read at all is the walk's error, as before */
	if (access(dir, R_OK | X_OK) == 0 && !exists_in(dir, "bagit.txt") &&
	    !exists_in(dir, "data")) {
		check(&v, 0, NULL, 0, "not a bag: no bagit.txt and no data/");
		return v.fails;
	}
	if (walk_sorted(dir, "", 1, &v.tags, err) == -1)
		return -1;
	for (i = 0; i < v.tags.n; i++)
		v.tags.e[i].exempt = exempt_tag(v.tags.e[i].path);

	check_bagit(&v);
	path = join(dir, "data");
	if (lstat(path, &sb) == -1)
		check(&v, 0, "data/", 0, "%s (not a bag?)", strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		check(&v, 0, "data/", 0, "not a directory");
	else if ((rc = walk_sorted(dir, "data", 0, &v.payload, &e)) == -1) {
		check(&v, 0, "data/", 0, "%s", e.msg);
		vg_error_clear(&e);
	}
	free(path);
	check_kinds(&v, &v.payload);
	check_kinds(&v, &v.tags);

	if ((v.payalgs = find_manifests(&v, "manifest")) == 0)
		check(&v, 0, NULL, 0, "no payload manifest"
		    " (manifest-sha256.txt or another)");
	hash_all(&v, &v.payload, v.payalgs);
	for (a = 0; a < NALG; a++) {
		if (!(v.payalgs & (1u << a)))
			continue;
		snprintf(name, sizeof(name), "manifest-%s.txt", algs[a].name);
		if (check_manifest(&v, name, a, &v.payload, 1) == -1)
			v.payalgs &= ~(1u << a);
	}
	check_files(&v, &v.payload, v.payalgs, "manifest");
	check_baginfo(&v);

	v.tagalgs = find_manifests(&v, "tagmanifest");
	hash_all(&v, &v.tags, v.tagalgs);
	for (a = 0; a < NALG; a++) {
		if (!(v.tagalgs & (1u << a)))
			continue;
		snprintf(name, sizeof(name), "tagmanifest-%s.txt",
		    algs[a].name);
		if (check_manifest(&v, name, a, &v.tags, 0) == -1)
			v.tagalgs &= ~(1u << a);
	}
	if (v.tagalgs != 0)
		check_files(&v, &v.tags, v.tagalgs, "tagmanifest");
	else
		check(&v, 1, NULL, 0, "no tag manifest: tag files not"
		    " checked");
	check_signature(&v, pubkey);

	if ((cust = entries_find(&v.payload, "data/custody.tsv")) != NULL &&
	    cust->kind == K_REG) {
		path = join(dir, "data/custody.tsv");
		if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
			check(&v, 0, "data/custody.tsv", 0, "%s",
			    strerror(errno));
		else {
			if (vg_custody_verify_fd(fd, "data/custody.tsv", relay,
			    &v, &e) == -1) {
				check(&v, 0, "data/custody.tsv", 0, "%s",
				    e.msg);
				vg_error_clear(&e);
			}
			close(fd);
		}
		free(path);
	}
	entries_free(&v.tags);
	entries_free(&v.payload);
	return v.fails;
}

/* An archive being written, hashed as it goes. */
struct tarw {
	int		 fd;		/* the temporary file */
	const char	*path;		/* its name, for messages */
	EVP_MD_CTX	*ctx;		/* SHA-256 of what was written */
	unsigned char	*buf;		/* bytes not yet written */
	size_t		 n;		/* how many */
	uint64_t	 off;		/* bytes in all */
};

static int
tar_flush(struct tarw *t, struct vg_error *err)
{
	if (t->n == 0)
		return 0;
	EVP_DigestUpdate(t->ctx, t->buf, t->n);
	if (vg_write_all(t->fd, t->buf, t->n) == -1) {
		vg_error_set(err, "'%s': %s", t->path, strerror(errno));
		return -1;
	}
	t->n = 0;
	return 0;
}

static int
tar_put(struct tarw *t, const void *p, size_t n, struct vg_error *err)
{
	const unsigned char	*s = p;
	size_t			 k;

	while (n > 0) {
		k = READSZ - t->n < n ? READSZ - t->n : n;
		memcpy(t->buf + t->n, s, k);
		t->n += k;
		t->off += k;
		s += k;
		n -= k;
		if (t->n == READSZ && tar_flush(t, err) == -1)
			return -1;
	}
	return 0;
}

/* Zeros up to the next multiple of unit. */
static int
tar_pad(struct tarw *t, size_t unit, struct vg_error *err)
{
	static const unsigned char	zero[TARRECORD];
	size_t				k = (size_t)(t->off % unit);

	return k == 0 ? 0 : tar_put(t, zero, unit - k, err);
}

/* A ustar header for name (a directory when it ends in '/'). */
static int
tar_header(unsigned char *h, const char *name, uint64_t size, int64_t mtime,
    struct vg_error *err)
{
	size_t		len = strlen(name), i, split = 0;
	unsigned	sum = 0;
	int		dir = len > 0 && name[len - 1] == '/';

	memset(h, 0, TARBLOCK);
	if (len <= 100)
		memcpy(h, name, len);
	else {
		for (i = len - 1 < 155 ? len - 1 : 155; i > 0; i--)
			if (name[i] == '/' && len - i - 1 <= 100 &&
			    len - i - 1 > 0) {
				split = i;
				break;
			}
		if (split == 0) {
			vg_error_set(err, "'%s': too long a path for a ustar"
			    " archive", name);
			return -1;
		}
		memcpy(h + 345, name, split);
		memcpy(h, name + split + 1, len - split - 1);
	}
	if (size > TARMAXSIZE) {
		vg_error_set(err, "'%s': larger than a ustar archive allows"
		    " (8 GiB)", name);
		return -1;
	}
	snprintf((char *)h + 100, 8, "%07o", dir ? 0700 : 0600);
	snprintf((char *)h + 108, 8, "%07o", 0);
	snprintf((char *)h + 116, 8, "%07o", 0);
	snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)size);
	snprintf((char *)h + 136, 12, "%011llo", (unsigned long long)mtime);
	h[156] = dir ? '5' : '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	snprintf((char *)h + 329, 8, "%07o", 0);
	snprintf((char *)h + 337, 8, "%07o", 0);
	memset(h + 148, ' ', 8);
	for (i = 0; i < TARBLOCK; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
	return 0;
}

/* Copy the file root/e->path of e->size bytes into the archive. */
static int
tar_file(struct tarw *t, const char *root, const struct entry *e,
    struct vg_error *err)
{
	struct stat	 sb;
	char		*path = join(root, e->path), *buf = NULL;
	uint64_t	 left = e->size;
	ssize_t		 n;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		vg_error_set(err, "cannot open '%s': %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    (uint64_t)sb.st_size != e->size) {
		vg_error_set(err, "'%s': changed while being archived", path);
		goto out;
	}
	buf = xmalloc(READSZ);
	while (left > 0) {
		n = read(fd, buf, left < READSZ ? (size_t)left : READSZ);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			vg_error_set(err, "'%s': %s", path, n == 0 ?
			    "changed while being archived" : strerror(errno));
			goto out;
		}
		if (tar_put(t, buf, (size_t)n, err) == -1)
			goto out;
		left -= (uint64_t)n;
	}
	rc = tar_pad(t, TARBLOCK, err);
out:
	free(buf);
	free(path);
	close(fd);
	return rc;
}

/*
 * Write the bag dir as one POSIX ustar archive at tarpath: members under
 * the bag's directory name, sorted, owned by 0:0 with no names, modes
 * 0600 and 0700, all at mtime (seconds), so that the same bag gives the
 * same bytes; then tarpath.sha256 for sha256sum -c.  Both are written
 * under temporary names, synced, and put in place; existing files are
 * replaced only with force.
 */
int
vg_tar_write(const char *dir, const char *tarpath, int64_t mtime, int force,
    struct vg_error *err)
{
	struct entries	 es = { NULL, 0 };
	struct tarw	 t;
	struct stat	 sb;
	unsigned char	 h[TARBLOCK], md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
	const char	*why, *base;
	char		*real = NULL, *tmp = NULL, *name, *shapath, *line;
	char		 hex[VG_SHA256_HEX];
	size_t		 i;
	int		 rc = -1;

	memset(&t, 0, sizeof(t));
	t.fd = -1;
	xasprintf(&shapath, "%s.sha256", tarpath);
	if (mtime < 0 || (uint64_t)mtime > TARMAXSIZE) {
		vg_error_set(err, "'%s': a time ustar cannot hold", tarpath);
		goto out;
	}
	if ((real = realpath(dir, NULL)) == NULL) {
		vg_error_set(err, "'%s': %s", dir, strerror(errno));
		goto out;
	}
	if ((base = strrchr(real, '/')) == NULL || base[1] == '\0') {
		vg_error_set(err, "'%s': a bag needs a directory of its own",
		    dir);
		goto out;
	}
	base++;
	if (!force && (lstat(tarpath, &sb) == 0 || lstat(shapath, &sb) == 0)) {
		vg_error_set(err, "'%s' exists: not overwritten",
		    lstat(tarpath, &sb) == 0 ? tarpath : shapath);
		goto out;
	}
	if (walk_sorted(dir, "", 0, &es, err) == -1)
		goto out;
	for (i = 0; i < es.n; i++)
		if ((why = unbaggable(&es.e[i])) != NULL) {
			vg_error_set(err, "'%s/%s': %s", dir, es.e[i].path, why);
			goto out;
		}
	if ((t.fd = vg_file_temp(tarpath, &tmp, err)) == -1)
		goto out;
	t.path = tmp;
	t.buf = xmalloc(READSZ);
	if ((t.ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(t.ctx, EVP_sha256(), NULL) != 1) {
		vg_error_set(err, "cannot start SHA-256: %s", crypto_why());
		goto out;
	}
	xasprintf(&name, "%s/", base);
	rc = tar_header(h, name, 0, mtime, err);
	free(name);
	if (rc == -1 || tar_put(&t, h, TARBLOCK, err) == -1)
		goto fail;
	for (i = 0; i < es.n; i++) {
		xasprintf(&name, "%s/%s%s", base, es.e[i].path,
		    es.e[i].kind == K_DIR ? "/" : "");
		rc = tar_header(h, name, es.e[i].size, mtime, err);
		free(name);
		if (rc == -1 || tar_put(&t, h, TARBLOCK, err) == -1)
			goto fail;
		if (es.e[i].kind == K_REG && tar_file(&t, dir, &es.e[i],
		    err) == -1)
			goto fail;
	}
	memset(h, 0, sizeof(h));
	if (tar_put(&t, h, TARBLOCK, err) == -1 ||
	    tar_put(&t, h, TARBLOCK, err) == -1 ||
	    tar_pad(&t, TARRECORD, err) == -1 || tar_flush(&t, err) == -1)
		goto fail;
	if (close(t.fd) == -1) {
		t.fd = -1;
		vg_error_set(err, "'%s': %s", tmp, strerror(errno));
		goto fail;
	}
	t.fd = -1;
	EVP_DigestFinal_ex(t.ctx, md, &mdlen);
	vg_hex(md, mdlen, hex);
	rc = -1;
	if (vg_file_publish(tmp, tarpath, force, err) == -1)
		goto out;
	base = strrchr(tarpath, '/') != NULL ? strrchr(tarpath, '/') + 1 :
	    tarpath;
	xasprintf(&line, "%s  %s\n", hex, base);
	rc = put_file(shapath, line, strlen(line), 0600, force, err);
	free(line);
	goto out;
fail:
	rc = -1;
	unlink(tmp);
out:
	if (t.fd != -1)
		close(t.fd);
	EVP_MD_CTX_free(t.ctx);
	free(t.buf);
	free(tmp);
	free(real);
	free(shapath);
	entries_free(&es);
	return rc;
}

static int
read_full(int fd, void *p, size_t n)
{
	char	*s = p;
	ssize_t	 r;

	while (n > 0) {
		if ((r = read(fd, s, n)) == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		s += r;
		n -= (size_t)r;
	}
	return 0;
}

/* An octal field of a ustar header; -1 if it is not one. */
static long long
tar_octal(const unsigned char *f, size_t n)
{
	long long	v = 0;
	size_t		i = 0;

	while (i < n && f[i] == ' ')
		i++;
	if (i == n || f[i] < '0' || f[i] > '7')
		return -1;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v > (LLONG_MAX >> 3))
			return -1;
		v = v * 8 + (f[i] - '0');
	}
	for (; i < n; i++)
		if (f[i] != ' ' && f[i] != '\0')
			return -1;
	return v;
}

/* Why a member name is not one to extract, or NULL. */
static const char *
member_problem(const char *name)
{
	const char	*s, *c;
	size_t		 n, depth;

	if (*name == '\0')
		return "an empty name";
	if (*name == '/')
		return "an absolute name";
	for (s = name, depth = 0; *s != '\0'; s = *c == '/' ? c + 1 : c) {
		c = s + strcspn(s, "/");
		n = (size_t)(c - s);
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return "a name with '..'";
		if (n == 0 || (n == 1 && s[0] == '.'))
			return "an empty or '.' path element";
		if (++depth > TARMAXDEPTH)
			return "more than 32 folders deep";
	}
	return NULL;
}

/* Make the directories of rel under root, mode 0700, as needed. */
static int
make_dirs(const char *root, const char *rel, size_t upto)
{
	struct stat	 sb;
	char		*p;
	size_t		 i;
	int		 rc = 0;

	for (i = 1; i <= upto && rc == 0; i++) {
		if (i < upto && rel[i] != '/')
			continue;
		xasprintf(&p, "%s/%.*s", root, (int)i, rel);
		if (mkdir(p, 0700) == -1 && (errno != EEXIST ||
		    lstat(p, &sb) == -1 || !S_ISDIR(sb.st_mode)))
			rc = -1;
		free(p);
	}
	return rc;
}

/*
 * Extract the ustar archive tarpath into the directory dir, which should
 * be empty and private: regular files (0600) and directories (0700)
 * only, all inside one top directory, whose name is stored in *top.
 * Members that are links, devices, absolute or with '..' are refused,
 * and so is an archive of more than TARMAXMEMBERS members, a member more
 * than TARMAXDEPTH folders deep, one larger than what follows it in the
 * archive, or more than dir has room for; and so is one with anything
 * but zeros after its end-of-archive block.
 */
int
vg_tar_extract(const char *tarpath, const char *dir, char **top,
    struct vg_error *err)
{
	unsigned char	 h[TARBLOCK];
	struct stat	 sb;
	struct statvfs	 fs;
	char		 name[256 + 2], *path, *buf;
	const char	*why;
	long long	 size, sum;
	uint64_t	 at = 0, left, room, total = 0;
	size_t		 i, n, plen, nlen, members = 0;
	ssize_t		 r;
	unsigned	 s;
	int		 fd, out, rc = -1;

	*top = NULL;
	if ((fd = open(tarpath, O_RDONLY | O_CLOEXEC)) == -1) {
		vg_error_set(err, "cannot open '%s': %s", tarpath,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == -1 || statvfs(dir, &fs) == -1) {
		vg_error_set(err, "'%s': %s", tarpath, strerror(errno));
		close(fd);
		return -1;
	}
	room = (uint64_t)fs.f_bavail * fs.f_frsize;
	buf = xmalloc(READSZ);
	for (;; at += TARBLOCK) {
		if (read_full(fd, h, TARBLOCK) == -1) {
			vg_error_set(err, "'%s': cut short at byte %llu",
			    tarpath, (unsigned long long)at);
			goto out;
		}
		for (i = 0; i < TARBLOCK && h[i] == 0; i++)
			;
		if (i == TARBLOCK)
			break;
		sum = tar_octal(h + 148, 8);
		for (i = 0, s = 0; i < TARBLOCK; i++)
			s += i >= 148 && i < 156 ? ' ' : h[i];
		if (sum != (long long)s) {
			vg_error_set(err, "'%s': a damaged header at byte %llu",
			    tarpath, (unsigned long long)at);
			goto out;
		}
		if (memcmp(h + 257, "ustar", 5) != 0) {
			vg_error_set(err, "'%s': not a ustar archive", tarpath);
			goto out;
		}
		plen = strnlen((char *)h + 345, 155);
		nlen = strnlen((char *)h, 100);
		if (plen > 0)
			snprintf(name, sizeof(name), "%.*s/%.*s", (int)plen,
			    (char *)h + 345, (int)nlen, (char *)h);
		else
			snprintf(name, sizeof(name), "%.*s", (int)nlen,
			    (char *)h);
		n = strlen(name);
		if ((size = tar_octal(h + 124, 12)) < 0) {
			vg_error_set(err, "'%s': '%s': a size ustar cannot"
			    " hold", tarpath, name);
			goto out;
		}
		if (h[156] == '5' && n > 1 && name[n - 1] == '/')
			name[--n] = '\0';
		if (h[156] != '0' && h[156] != '\0' && h[156] != '5') {
			vg_error_set(err, "'%s': '%s': %s", tarpath, name,
			    h[156] == '1' || h[156] == '2' ? "a link: not"
			    " extracted" : h[156] == 'x' || h[156] == 'g' ?
			    "pax headers are not read" : "not a file or a"
			    " directory: not extracted");
			goto out;
		}
		if ((why = member_problem(name)) != NULL) {
			vg_error_set(err, "'%s': '%s': %s: not extracted",
			    tarpath, name, why);
			goto out;
		}
		i = strcspn(name, "/");
		if (*top == NULL)
			*top = xstrndup(name, i);
		if (strlen(*top) != i || strncmp(name, *top, i) != 0 ||
		    (name[i] == '\0' && h[156] != '5')) {
			vg_error_set(err, "'%s': '%s': not inside '%s/', as"
			    " every member of a bag is", tarpath, name, *top);
			goto out;
		}
		if (++members > TARMAXMEMBERS) {
			vg_error_set(err, "'%s': more than %d members: not"
			    " extracted", tarpath, TARMAXMEMBERS);
			goto out;
		}
		if ((uint64_t)size > (uint64_t)sb.st_size - at - TARBLOCK) {
			vg_error_set(err, "'%s': '%s' claims %lld bytes, more"
			    " than the archive holds", tarpath, name, size);
			goto out;
		}
		if ((uint64_t)size > room - total) {
			vg_error_set(err, "'%s': '%s' would take %llu bytes in"
			    " all, more than '%s' has free (%llu)", tarpath,
			    name, (unsigned long long)(total + (uint64_t)size),
			    dir, (unsigned long long)room);
			goto out;
		}
		total += (uint64_t)size;
		xasprintf(&path, "%s/%s", dir, name);
		if (h[156] == '5') {
			rc = make_dirs(dir, name, n);
			if (rc == -1)
				vg_error_set(err, "'%s': %s", path,
				    strerror(errno));
			free(path);
			if (rc == -1)
				goto out;
			rc = -1;
			continue;
		}
		if ((i = (size_t)(strrchr(name, '/') - name)) > 0 &&
		    make_dirs(dir, name, i) == -1) {
			vg_error_set(err, "'%s': %s", path, strerror(errno));
			free(path);
			goto out;
		}
		if ((out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600)) == -1) {
			if (errno == EEXIST)
				vg_error_set(err, "'%s': '%s' is there twice",
				    tarpath, name);
			else
				vg_error_set(err, "'%s': %s", path,
				    strerror(errno));
			free(path);
			goto out;
		}
		for (left = (uint64_t)size; left > 0; left -= n) {
			n = left < READSZ ? (size_t)left : READSZ;
			if (read_full(fd, buf, n) == -1) {
				vg_error_set(err, "'%s': cut short in '%s'",
				    tarpath, name);
				break;
			}
			if (vg_write_all(out, buf, n) == -1) {
				vg_error_set(err, "'%s': %s", path,
				    strerror(errno));
				break;
			}
		}
		free(path);
		if (close(out) == -1 || left > 0)
			goto out;
		at += (uint64_t)size;
		if ((n = (size_t)(size % TARBLOCK)) != 0) {
			if (read_full(fd, buf, TARBLOCK - n) == -1) {
				vg_error_set(err, "'%s': cut short in '%s'",
				    tarpath, name);
				goto out;
			}
			at += TARBLOCK - n;
		}
	}
	if (members == 0) {
		vg_error_set(err, "'%s': an empty archive", tarpath);
		goto out;
	}
	/* past the end only zeros (its blocks, the record's padding) */
	for (at += TARBLOCK;; at += n) {
		while ((r = read(fd, buf, READSZ)) == -1 && errno == EINTR)
			;
		if (r == -1) {
			vg_error_set(err, "'%s': %s", tarpath, strerror(errno));
			goto out;
		}
		if ((n = (size_t)r) == 0)
			break;
		for (i = 0; i < n && buf[i] == 0; i++)
			;
		if (i < n) {
			vg_error_set(err, "'%s': data after the end of the"
			    " archive, at byte %llu", tarpath,
			    (unsigned long long)(at + i));
			goto out;
		}
	}
	rc = 0;
out:
	if (rc == -1) {
		free(*top);
		*top = NULL;
	}
	free(buf);
	close(fd);
	return rc;
}

/*
 * A file's SHA-256 and SHA-512 being computed (vg_bag_hash_start): for a
 * large file, both on one thread while the caller works on, one read of
 * each block hashed with the two in turn; collected by vg_bag_hash_end,
 * whose caller takes the SHA-256 over if it is not done.
 */
struct vg_bag_hashing {
	char		*path;		/* the file */
	struct hashjob	 job[2];	/* SHA-256, then SHA-512 */
	pthread_t	 th;		/* the thread hashing them */
	int		 started;	/* it runs */
	unsigned	 held;		/* the digests it holds (bits by
					   algs[]; the ring's mutex guards) */
	struct ring	*ring;		/* the file read once for both */
	struct entry	 e;		/* a small file's digests, hashed at once */
	int		 rc;		/* -1: a small file failed (err says why) */
	struct vg_error	 err;		/* why */
};

static void *
hash_held(void *arg)
{
	struct vg_bag_hashing	*h = arg;

	ring_hash(h->ring, &h->held);
	return NULL;
}

/*
 * Start computing the SHA-256 and SHA-512 of a file: a large one on a
 * thread of its own, which reads each block once and hashes it with
 * both, while the caller works on; a small one at once, in one pass.
 * What vg_bag_hash_end gives back is over the bytes the file holds from
 * its first to its last, read after this call.
 */
int
vg_bag_hash_start(const char *path, struct vg_bag_hashing **out,
    struct vg_error *err)
{
	struct vg_bag_hashing	*h;
	struct hashjob		*j;
	struct stat		 sb;
	int			 i, why;

	*out = NULL;
	if (lstat(path, &sb) == -1) {
		vg_error_set(err, "cannot open '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	h = xcalloc(1, sizeof(*h));
	h->path = xstrdup(path);
	h->e.path = h->path;
	if (!S_ISREG(sb.st_mode) || sb.st_size < PARALLEL_MIN) {
		h->rc = hash_entry("", &h->e, WRITE_ALGS, &h->err);
		*out = h;
		return 0;
	}
	h->e.size = (uint64_t)sb.st_size;
	h->ring = ring_open(path, WRITE_ALGS);
	why = errno;
	for (i = 0; i < 2; i++) {
		j = &h->job[i];
		j->path = h->path;
		j->md = i == 0 ? EVP_sha256() : EVP_sha512();
		j->alg = i == 0 ? A_SHA256 : A_SHA512;
		j->ring = h->ring;
		if (h->ring == NULL)
			j->errnum = why;
		else if (job_init(j)) {
			h->ring->job[j->alg] = j;
			h->held |= 1u << j->alg;
		} else
			ring_leave(h->ring, j->alg);
	}
	/* without a thread, both are hashed by vg_bag_hash_end */
	if (h->held != 0 && pthread_create(&h->th, NULL, hash_held, h) == 0)
		h->started = 1;
	*out = h;
	return 0;
}

/*
 * Wait for the digests started by vg_bag_hash_start (hex) and the size
 * hashed, and free h; -1 when the file could not be read whole, or its
 * size changed while it was.  A large file's SHA-256, when its thread
 * has not finished it, is finished here, on the caller's thread, while
 * that thread goes on with the SHA-512: the two cores share the rest.
 */
int
vg_bag_hash_end(struct vg_bag_hashing *h, char *sha256, char *sha512,
    uint64_t *size, struct vg_error *err)
{
	static const int	 alg[2] = { A_SHA256, A_SHA512 };
	unsigned		 mine;
	int			 i, rc = 0;

	if (h->ring != NULL) {
		if (h->started)
			mine = ring_take(h->ring, &h->held, A_SHA256);
		else {
			mine = h->held;
			h->held = 0;
		}
		ring_hash(h->ring, &mine);
		if (h->started)
			pthread_join(h->th, NULL);
		for (i = 0; i < 2; i++)
			job_final(&h->job[i]);
	}
	ring_free(h->ring);
	if (h->job[0].md == NULL) {		/* a small file */
		if ((rc = h->rc) == -1)
			vg_error_set(err, "%s", h->err.msg);
		else {
			snprintf(sha256, VG_SHA256_HEX, "%s",
			    h->e.digest[A_SHA256]);
			snprintf(sha512, VG_SHA512_HEX, "%s",
			    h->e.digest[A_SHA512]);
			*size = h->e.size;
		}
	}
	for (i = 0; i < 2 && h->job[0].md != NULL && rc == 0; i++) {
		if (h->job[i].errnum != 0) {
			vg_error_set(err, "'%s': %s", h->path,
			    strerror(h->job[i].errnum));
			rc = -1;
		} else if (h->job[i].failed) {
			vg_error_set(err, "'%s': cannot compute %s: %s",
			    h->path, algs[alg[i]].name, crypto_why());
			rc = -1;
		} else if (h->job[i].size != h->e.size) {
			vg_error_set(err, "'%s': changed while it was hashed",
			    h->path);
			rc = -1;
		}
	}
	if (h->job[0].md != NULL && rc == 0) {
		memcpy(sha256, h->job[0].hex, VG_SHA256_HEX - 1);
		sha256[VG_SHA256_HEX - 1] = '\0';
		snprintf(sha512, VG_SHA512_HEX, "%s", h->job[1].hex);
		*size = h->e.size;
	}
	free(h->e.digest[A_SHA256]);
	free(h->e.digest[A_SHA512]);
	vg_error_clear(&h->err);
	free(h->path);
	free(h);
	return rc;
}

/*
 * The SHA-256 and SHA-512 of a file (hex) and its size, the two computed
 * at once on two threads for a large file: what vg_bag_write_known can
 * be given.
 */
int
vg_bag_hash(const char *path, char *sha256, char *sha512, uint64_t *size,
    struct vg_error *err)
{
	struct vg_bag_hashing	*h;

	if (vg_bag_hash_start(path, &h, err) == -1)
		return -1;
	return vg_bag_hash_end(h, sha256, sha512, size, err);
}
