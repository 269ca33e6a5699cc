/* hash.c: file digests with libcrypto */
#include "config.h"

#include "vigil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <pthread.h>

#include <openssl/evp.h>

#define FEED_CHUNK	(1 << 20)	/* the thread's own reads, at most */
#define FEED_QUEUE	(2 << 20)	/* bytes handed over, not hashed yet */
#define FEED_GAP	(256 * 1024)	/* a skip the thread reads at once */
#define FEED_ITEM	(256 * 1024)	/* bytes an item holds, at most */

/*
 * SHA-256 of what an open file holds, read from its start with pread (its
 * offset is left alone), as hex, and its size; name is for messages.
 * Stops with an error when *stop becomes nonzero, if stop is given.
 */
int
vg_hash_fd(int fd, const char *name, char *hex, uint64_t *size,
    const int *stop, struct vg_error *err)
{
	EVP_MD_CTX	*ctx;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
	char		*buf;
	ssize_t		 n;
	uint64_t	 total = 0;
	int		 rc = -1;

	buf = xmalloc(1 << 20);
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		vg_error_set(err, "'%s': cannot start SHA-256", name);
		goto out;
	}
	for (;;) {
		if (stop != NULL && __atomic_load_n(stop, __ATOMIC_RELAXED)) {
			vg_error_set(err, "'%s': hashing stopped", name);
			goto out;
		}
		n = pread(fd, buf, 1 << 20, (off_t)total);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			vg_error_set(err, "'%s': %s", name, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(ctx, buf, (size_t)n);
		total += (uint64_t)n;
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	vg_hex(md, mdlen, hex);
	*size = total;
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	free(buf);
	return rc;
}

/* SHA-256 of a file as hex, and its size. */
int
vg_hash_file(const char *path, char *hex, uint64_t *size, struct vg_error *err)
{
	int	fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		vg_error_set(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	rc = vg_hash_fd(fd, path, hex, size, NULL, err);
	close(fd);
	return rc;
}

/* Bytes handed to a feed (data), or where its thread reads to itself. */
struct feed_item {
	struct feed_item *next;		/* the next in the queue */
	uint64_t	 off;		/* where the bytes lie in the file */
	size_t		 len;		/* how many held; 0: read to off */
	unsigned char	 data[];	/* the bytes */
};

/*
 * A SHA-256 over an open file, computed on a thread of its own from the
 * bytes another reader reads (vg_feed_data): the file is read once.
 */
struct vg_feed {
	int		 fd;		/* the file, held open by the caller */
	uint64_t	 size;		/* its size when the feed started */
	const char	*name;		/* for messages */
	const int	*stop;		/* nonzero: give up, or NULL */
	EVP_MD_CTX	*ctx;		/* the digest so far */
	uint64_t	 pos;		/* bytes hashed, from the start */
	uint64_t	 fed;		/* bytes handed over or to be read */
	size_t		 queued;	/* bytes in the queue */
	struct feed_item *head;		/* the queue, oldest first */
	struct feed_item *tail;		/* its newest */
	struct feed_item *spare;	/* items hashed, to be used again
					   (fresh memory costs page faults) */
	int		 ended;		/* vg_feed_end called: take no more */
	int		 threaded;	/* the thread runs */
	pthread_t	 th;		/* the thread */
	pthread_mutex_t	 mu;		/* guards the queue and ended */
	pthread_cond_t	 more;		/* an item queued, or ended */
	pthread_cond_t	 room;		/* the queue shrank */
	unsigned char	*buf;		/* its own reads, or NULL till one */
	int		 errnum;	/* a read failed: why */
	int		 broken;	/* bytes handed over out of place */
};

/* An item to fill (mutex held): a spare one, or a new one. */
static struct feed_item *
feed_item(struct vg_feed *f)
{
	struct feed_item	*it;

	if ((it = f->spare) != NULL)
		f->spare = it->next;
	else
		it = xmalloc(sizeof(*it) + FEED_ITEM);
	it->next = NULL;
	return it;
}

/* An item done with (mutex held): kept to be used again. */
static void
feed_spare(struct vg_feed *f, struct feed_item *it)
{
	it->next = f->spare;
	f->spare = it;
}

/* Hash n bytes that lie at off in the file, next after those hashed. */
static void
feed_bytes(struct vg_feed *f, uint64_t off, const void *p, size_t n)
{
	if (f->errnum != 0 || f->broken)
		return;
	if (off != f->pos) {		/* the file shrank under us */
		f->broken = 1;
		return;
	}
	EVP_DigestUpdate(f->ctx, p, n);
	f->pos += n;
}

/* Read and hash the file from what is hashed to off, or to its end. */
static void
feed_read_to(struct vg_feed *f, uint64_t off)
{
	ssize_t	n;
	size_t	want;

	while (f->errnum == 0 && !f->broken && f->pos < off) {
		if (f->stop != NULL && __atomic_load_n(f->stop,
		    __ATOMIC_RELAXED)) {
			f->errnum = ECANCELED;
			return;
		}
		if (f->buf == NULL)
			f->buf = xmalloc(FEED_CHUNK);
		want = off - f->pos < FEED_CHUNK ?
		    (size_t)(off - f->pos) : FEED_CHUNK;
		n = pread(f->fd, f->buf, want, (off_t)f->pos);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			f->errnum = errno;
			return;
		}
		if (n == 0)
			return;		/* its end */
		EVP_DigestUpdate(f->ctx, f->buf, (size_t)n);
		f->pos += (uint64_t)n;
	}
}

/* Hash an item: its bytes, or the file's from pos to its end or off. */
static void
feed_take(struct vg_feed *f, const struct feed_item *it)
{
	if (it->len > 0)
		feed_bytes(f, it->off, it->data, it->len);
	else
		feed_read_to(f, it->off);
}

static void *
feed_thread(void *arg)
{
	struct vg_feed		*f = arg;
	struct feed_item	*it;

	pthread_mutex_lock(&f->mu);
	for (;;) {
		while (f->head == NULL && !f->ended)
			pthread_cond_wait(&f->more, &f->mu);
		if ((it = f->head) == NULL)
			break;		/* ended, all taken */
		if ((f->head = it->next) == NULL)
			f->tail = NULL;
		pthread_mutex_unlock(&f->mu);
		feed_take(f, it);
		pthread_mutex_lock(&f->mu);
		f->queued -= it->len;
		pthread_cond_signal(&f->room);
		feed_spare(f, it);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

/* Queue an item (mutex held), or hash it here when there is no thread. */
static void
feed_put(struct vg_feed *f, struct feed_item *it)
{
	if (!f->threaded) {
		feed_take(f, it);
		feed_spare(f, it);
		return;
	}
	while (f->queued > FEED_QUEUE)
		pthread_cond_wait(&f->room, &f->mu);
	it->next = NULL;
	if (f->tail != NULL)
		f->tail->next = it;
	else
		f->head = it;
	f->tail = it;
	f->queued += it->len;
	pthread_cond_signal(&f->more);
}

static void
feed_to(struct vg_feed *f, uint64_t off)
{
	struct feed_item	*it;

	it = feed_item(f);
	it->off = off;
	it->len = 0;
	feed_put(f, it);
}

/*
 * Start a SHA-256 of the open file fd (name for messages), fed with what
 * the caller reads of it (vg_feed_data): on a thread of its own if
 * threaded (the bytes are copied and queued), else as they are handed
 * over, in the caller's thread, with no copy.  Stopped when *stop becomes
 * nonzero, if stop is given.  Never fails: without a thread to be had,
 * the bytes are hashed as they are handed over.
 */
struct vg_feed *
vg_feed_start(int fd, const char *name, const int *stop, int threaded)
{
	struct vg_feed	*f;
	struct stat	 sb;

	f = xcalloc(1, sizeof(*f));
	f->fd = fd;
	f->name = name;
	f->stop = stop;
	if (fstat(fd, &sb) == 0)
		f->size = (uint64_t)sb.st_size;
	if ((f->ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(f->ctx, EVP_sha256(), NULL) != 1)
		f->errnum = ENOMEM;
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->more, NULL);
	pthread_cond_init(&f->room, NULL);
	f->threaded = threaded &&
	    pthread_create(&f->th, NULL, feed_thread, f) == 0;
	return f;
}

/*
 * n bytes the caller read from the file at off: hashed when they come
 * next in the file, or after the bytes skipped, which are read to be
 * hashed first; a read behind what was handed over is ignored, and one
 * far ahead that ends the file too (an index at the end, which a demuxer
 * reads before it comes back to the frames in order: read again at the
 * end).
 */
void
vg_feed_data(struct vg_feed *f, uint64_t off, const void *buf, size_t n)
{
	struct feed_item	*it;
	const unsigned char	*p = buf;
	uint64_t		 skip;

	pthread_mutex_lock(&f->mu);
	if (f->ended || off + n <= f->fed ||
	    (off > f->fed + FEED_GAP && off + n >= f->size)) {
		pthread_mutex_unlock(&f->mu);
		return;
	}
	if (off > f->fed) {
		feed_to(f, off);
		f->fed = off;
	}
	skip = f->fed - off;
	p += skip;
	n -= (size_t)skip;
	if (!f->threaded) {		/* hashed here, from where it lies */
		feed_bytes(f, f->fed, p, n);
		f->fed += n;
		n = 0;
	}
	while (n > 0) {
		it = feed_item(f);
		it->off = f->fed;
		it->len = n < FEED_ITEM ? n : FEED_ITEM;
		memcpy(it->data, p, it->len);
		f->fed += it->len;
		p += it->len;
		n -= it->len;
		feed_put(f, it);
	}
	pthread_mutex_unlock(&f->mu);
}

/*
 * Nothing more will be handed over (what is, is ignored): the thread goes
 * on to read what was not, to the end of the file, without waiting.
 */
void
vg_feed_done(struct vg_feed *f)
{
	pthread_mutex_lock(&f->mu);
	if (!f->ended) {
		feed_to(f, UINT64_MAX);
		f->ended = 1;
		pthread_cond_signal(&f->more);
	}
	pthread_mutex_unlock(&f->mu);
}

/*
 * Finish the SHA-256 started by vg_feed_start: the thread reads what was
 * not handed over, to the end of the file, and gives the digest (hex) and
 * the bytes hashed; f is freed.  -1 when the file could not be read whole.
 */
int
vg_feed_end(struct vg_feed *f, char *hex, uint64_t *size,
    struct vg_error *err)
{
	struct feed_item *it;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
	int		 rc = -1;

	vg_feed_done(f);
	if (f->threaded)
		pthread_join(f->th, NULL);
	if (f->errnum == ECANCELED)
		vg_error_set(err, "'%s': hashing stopped", f->name);
	else if (f->errnum != 0)
		vg_error_set(err, "'%s': %s", f->name, strerror(f->errnum));
	else if (f->broken)
		vg_error_set(err, "'%s': changed while it was read", f->name);
	else {
		EVP_DigestFinal_ex(f->ctx, md, &mdlen);
		vg_hex(md, mdlen, hex);
		*size = f->pos;
		rc = 0;
	}
	while ((it = f->spare) != NULL) {
		f->spare = it->next;
		free(it);
	}
	EVP_MD_CTX_free(f->ctx);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->more);
	pthread_cond_destroy(&f->room);
	free(f->buf);
	free(f);
	return rc;
}
