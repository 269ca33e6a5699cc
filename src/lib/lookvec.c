/* lookvec.c: a span's appearance vectors in a flat file beside the archive, for search by look */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil-int.h"

/*
 * The file ARCHIVE-look-SPAN holds segments, one per import that added
 * sightings to the span, each of the sightings it added in time order:
 *
 *	header	magic "VGLOOK2\0", dim, n, bytes (the segment's, header
 *		included), nattr, attrbytes: int64 each
 *	first[n], last[n], id[n]	int64, as stored
 *	camera[n]			int32, the device's row id
 *	code[n]				uint32: kind | upper << 8 | lower << 16
 *					| has a vector << 24
 *	attr[n]				uint32: the attributes, by index in
 *					the segment's, UINT32_MAX none
 *	scale[n]			float: the vector's largest component
 *					/ 127 / its norm (0: none, or zero)
 *	q[n * dim]			int8: the vector / (largest / 127),
 *					rounded; padded to 8 bytes
 *	attributes (attrbytes)		nattr strings, each its length (u32)
 *					and bytes; padded to 8 bytes
 *
 * so that q times scale is the unit vector within scale / 2 a component.
 * The archive's meta table holds, under "look SPAN", the file's length
 * the committed rows fill: an import appends its segment and sets the
 * length in its transaction, so a failed or killed one leaves a tail the
 * readers ignore and the next import cuts off.
 */
#define MAGIC		"VGLOOK2"
#define HDR		48
#define ROW		40		/* bytes a sighting, its vector aside */

/* A file appended to in the transaction, to cut back at a rollback. */
struct vg_lookw {
	char		*path;		/* the file */
	off_t		 len;		/* its committed length, 0 when it was
					   made by this transaction */
	struct vg_lookw	*next;		/* the next one */
};

char *
vg_lookvec_path(const char *archive, const char *span)
{
	char	*p;

	xasprintf(&p, "%s-look-%s", archive, span);
	return p;
}

#define CHUNK	16384		/* sightings held at once while writing */

/* The columns of up to CHUNK sightings, on their way to the file. */
struct chunk {
	int64_t		 first[CHUNK];	/* times, as stored */
	int64_t		 last[CHUNK];
	int64_t		 id[CHUNK];	/* row ids */
	int32_t		 cam[CHUNK];	/* devices' row ids */
	uint32_t	 code[CHUNK];	/* kind, colours, has a vector */
	uint32_t	 attr[CHUNK];	/* attributes, by index */
	float		 scale[CHUNK];	/* the vectors' scales */
	int8_t		*q;		/* the vectors, CHUNK * dim */
};

static int
pwrite_all(int fd, const void *p, size_t n, off_t off)
{
	ssize_t	w;

	for (; n > 0; p = (const char *)p + w, n -= (size_t)w, off += w)
		if ((w = pwrite(fd, p, n, off)) == -1) {
			if (errno == EINTR) {
				w = 0;
				continue;
			}
			return -1;
		}
	return 0;
}

/* Chunk c's k sightings, the i-th of the segment at base of n first. */
static int
chunk_put(int fd, const struct chunk *c, size_t k, int64_t i, int64_t n,
    size_t dim, off_t base)
{
	off_t	o = base + HDR;

	return pwrite_all(fd, c->first, k * 8, o + i * 8) == -1 ||
	    pwrite_all(fd, c->last, k * 8, o + n * 8 + i * 8) == -1 ||
	    pwrite_all(fd, c->id, k * 8, o + n * 16 + i * 8) == -1 ||
	    pwrite_all(fd, c->cam, k * 4, o + n * 24 + i * 4) == -1 ||
	    pwrite_all(fd, c->code, k * 4, o + n * 28 + i * 4) == -1 ||
	    pwrite_all(fd, c->attr, k * 4, o + n * 32 + i * 4) == -1 ||
	    pwrite_all(fd, c->scale, k * 4, o + n * 36 + i * 4) == -1 ||
	    pwrite_all(fd, c->q, k * dim, o + n * 40 + i * (off_t)dim) == -1 ?
	    -1 : 0;
}

/*
 * Append to span's file the sightings the archive's back end feeds (f)
 * with ids from lo (all of them when the archive names no file for the
 * span, or the file is shorter than it says), in time order, and record
 * its new length; in the import's transaction.  *pend keeps what to undo at a rollback.
 * The sightings are counted first and written CHUNK at a time, each
 * column at its place, so that a whole day takes little memory.
 */
int
vg_lookvec_write(const struct vg_lookfeed *f, const char *archive,
    const char *span, int64_t lo, size_t dim, struct vg_lookw **pend,
    struct vg_error *err)
{
	char	*path = vg_lookvec_path(archive, span);
	int	 rc;

	rc = vg_lookvec_write_file(f, path, lo, dim, pend, err);
	free(path);
	return rc;
}

/* vg_lookvec_write to the file at path (a merge's, renamed into place
 * by vg_lookvec_place). */
int
vg_lookvec_write_file(const struct vg_lookfeed *f, const char *file,
    int64_t lo, size_t dim, struct vg_lookw **pend, struct vg_error *err)
{
	struct vg_lookrow r;
	struct vg_lookw	*w;
	struct chunk	*c;
	struct stat	 sb;
	char		*path;
	int64_t		 len, n = 0, i = 0, hdr[6];
	uint32_t	 alen;
	struct vg_strtab d;
	size_t		 dbytes = 0;
	char		 zero[8] = { 0 };
	size_t		 j, k = 0, qlen;
	off_t		 at;
	int		 fd = -1, rc = -1, added = 0;

	memset(&d, 0, sizeof(d));
	c = xcalloc(1, sizeof(*c));
	c->q = xcalloc(CHUNK, dim + 1);
	path = xstrdup(file);
	len = f->len;
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0644)) == -1 || fstat(fd, &sb) == -1) {
		vg_error_set(err, "'%s': %s", path, strerror(errno));
		goto out;
	}
	if (len < 0 || sb.st_size < len)
		len = 0, lo = 0;	/* none, or cut short: all again */
	if (f->count(f->arg, lo, &n) == -1)
		goto dberr;
	if (n == 0 && len > 0) {
		rc = 0;
		goto out;
	}
	if (ftruncate(fd, len) == -1)
		goto ioerr;
	if (f->start(f->arg, lo) == -1)
		goto dberr;
	while ((rc = f->next(f->arg, &r)) == 1) {
		const float	*v = r.emb;
		double		 big = 0, norm = 0;
		int8_t		*q = c->q + k * dim;
		int		 has;

		if (i + (int64_t)k == n) {
			vg_error_set(err, "'%s': the span's sightings changed"
			    " while written", path);
			rc = -1;
			goto out;
		}
		c->id[k] = r.id;
		c->first[k] = r.first;
		c->last[k] = r.last;
		c->cam[k] = (int32_t)r.camera;
		has = dim > 0 && v != NULL && r.embbytes == dim * sizeof(float);
		c->code[k] = (uint32_t)(r.kind & 0xff) |
		    (uint32_t)(r.upper & 0xff) << 8 |
		    (uint32_t)(r.lower & 0xff) << 16 |
		    (uint32_t)has << 24;
		c->attr[k] = r.attrs == NULL ? UINT32_MAX : vg_strtab_add(&d,
		    r.attrs, r.attrlen, &added);
		if (added) {
			dbytes += 4 + d.len[d.n - 1];
			added = 0;
		}
		c->scale[k] = 0;
		memset(q, 0, dim);
		for (j = 0; has && j < dim; j++) {
			norm += (double)v[j] * v[j];
			if (fabs(v[j]) > big)
				big = fabs(v[j]);
		}
		if (has && norm > 0 && big > 0) {
			double	s = big / 127;

			c->scale[k] = (float)(s / sqrt(norm));
			for (j = 0; j < dim; j++) {
				long	x = lrint(v[j] / s);

				q[j] = (int8_t)(x > 127 ? 127 : x < -127 ?
				    -127 : x);
			}
		}
		if (++k == CHUNK) {
			if (chunk_put(fd, c, k, i, n, dim, len) == -1)
				goto ioerr;
			i += (int64_t)k;
			k = 0;
		}
	}
	if (rc != 0)
		goto dberr;
	rc = -1;
	if (k > 0 && chunk_put(fd, c, k, i, n, dim, len) == -1)
		goto ioerr;
	if ((i += (int64_t)k) != n) {
		vg_error_set(err, "'%s': the span's sightings changed while"
		    " written", path);
		goto out;
	}
	qlen = ((size_t)n * dim + 7) & ~(size_t)7;
	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, MAGIC, 8);
	hdr[1] = (int64_t)dim;
	hdr[2] = n;
	hdr[4] = (int64_t)d.n;
	hdr[5] = (int64_t)((dbytes + 7) & ~(size_t)7);
	hdr[3] = HDR + n * ROW + (int64_t)qlen + hdr[5];
	at = len + HDR + n * ROW + (off_t)((size_t)n * dim);
	if (pwrite_all(fd, zero, qlen - (size_t)n * dim, at) == -1 ||
	    lseek(fd, len + HDR + n * ROW + (off_t)qlen, SEEK_SET) == -1)
		goto ioerr;
	for (j = 0; j < d.n; j++) {
		alen = (uint32_t)d.len[j];
		if (vg_write_all(fd, &alen, 4) == -1 ||
		    vg_write_all(fd, d.s[j], alen) == -1)
			goto ioerr;
	}
	if (vg_write_all(fd, zero, (size_t)hdr[5] - dbytes) == -1 ||
	    pwrite_all(fd, hdr, HDR, len) == -1 || fsync(fd) == -1) {
ioerr:
		vg_error_set(err, "'%s': %s", path, strerror(errno));
		rc = -1;
		goto out;
	}
	if (f->commit(f->arg, len + hdr[3]) == -1)
		goto dberr;
	w = xcalloc(1, sizeof(*w));
	w->path = path;
	path = NULL;
	w->len = len;
	w->next = *pend;
	*pend = w;
	rc = 0;
	goto out;
dberr:
	vg_error_set(err, "'%s': %s", path, f->why(f->arg));
	rc = -1;
out:
	if (fd != -1)
		close(fd);
	free(path);
	free(c->q);
	free(c);
	vg_strtab_free(&d);
	return rc;
}

/* The transaction ended: committed, or (undo) rolled back, when the files
 * are cut back to what the archive holds, or removed when it made them. */
void
vg_lookvec_end(struct vg_lookw **pend, int undo)
{
	struct vg_lookw	*w, *next;

	for (w = *pend; w != NULL; w = next) {
		next = w->next;
		if (undo && w->len == 0)
			unlink(w->path);
		else if (undo)
			(void)truncate(w->path, w->len);
		free(w->path);
		free(w);
	}
	*pend = NULL;
}

/*
 * A file written whole by vg_lookvec_write_file (tmp) put in place as
 * span's, in the transaction that names its length: renamed (atomic; the
 * directory synced), and removed at a rollback (*pend).
 */
int
vg_lookvec_place(const char *tmp, const char *archive, const char *span,
    struct vg_lookw **pend, struct vg_error *err)
{
	struct vg_lookw	*w;
	char		*path = vg_lookvec_path(archive, span), *dir, *sl;
	int		 fd;

	if (rename(tmp, path) == -1) {
		vg_error_set(err, "'%s': %s", path, strerror(errno));
		free(path);
		return -1;
	}
	dir = xstrdup(path);
	if ((sl = strrchr(dir, '/')) != NULL)
		sl[sl == dir] = '\0';
	if ((fd = open(sl != NULL ? dir : ".", O_RDONLY | O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
	w = xcalloc(1, sizeof(*w));
	w->path = path;
	w->len = 0;
	w->next = *pend;
	*pend = w;
	return 0;
}

/* A span dropped: its file goes too, and its index (lookix.c). */
void
vg_lookvec_drop(const char *archive, const char *span)
{
	char	*p = vg_lookvec_path(archive, span);

	unlink(p);
	free(p);
	p = vg_lookix_path(archive, span);
	unlink(p);
	free(p);
}

/* Free lv's segments. */
static void
segs_free(struct vg_lookvec *lv)
{
	size_t	i;

	for (i = 0; i < lv->nseg; i++) {
		free(lv->seg[i].attrs);
		free(lv->seg[i].attrlen);
		free(lv->seg[i].abuf);
	}
	free(lv->seg);
	lv->seg = NULL;
	lv->nseg = 0;
	lv->dim = 0;
}

void
vg_lookvec_close(struct vg_lookvec *lv)
{
	if (lv->map != NULL)
		munmap(lv->map, lv->len);
	segs_free(lv);
	memset(lv, 0, sizeof(*lv));
}

/*
 * Why the header hdr of the segment at off of lv's file (its committed
 * length len) is not one, or NULL.
 */
static const char *
seg_check(const struct vg_lookvec *lv, int64_t off, int64_t len,
    const int64_t *hdr)
{
	if (len - off < HDR)
		return "a segment cut short";
	if (memcmp(hdr, MAGIC, 8) != 0 || hdr[1] < 0 || hdr[1] > 4096 ||
	    hdr[2] < 0 || hdr[2] > (len - off) / ROW || hdr[4] < 0 ||
	    hdr[5] < 0 || hdr[5] > len - off || hdr[4] > hdr[5] / 4 ||
	    hdr[3] != HDR + hdr[2] * ROW + ((hdr[2] * hdr[1] + 7) & ~7) +
	    hdr[5] || hdr[3] > len - off)
		return "a damaged segment";
	if (lv->nseg > 0 && (size_t)hdr[1] != lv->dim)
		return "segments of vectors of different lengths";
	return NULL;
}

/*
 * Take the segment at off of lv's file (mapped at p), its header hdr
 * (seg_check'd) and its attribute strings abuf (hdr[5] bytes, owned from
 * now on) into lv: NULL, or why the file is damaged.
 */
static const char *
seg_take(struct vg_lookvec *lv, unsigned char *p, int64_t off,
    const int64_t *hdr, char *abuf)
{
	struct vg_lookseg	*s;
	int64_t			 x, at;

	lv->dim = (size_t)hdr[1];
	if ((lv->nseg & (lv->nseg - 1)) == 0)	/* 0, 1, 2, 4, ... */
		lv->seg = xreallocarray(lv->seg, lv->nseg ? 2 * lv->nseg : 1,
		    sizeof(*lv->seg));
	s = &lv->seg[lv->nseg++];
	memset(s, 0, sizeof(*s));
	s->n = (size_t)hdr[2];
	s->first = (const int64_t *)(p + off + HDR);
	s->last = s->first + s->n;
	s->id = s->last + s->n;
	s->camera = (const int32_t *)(s->id + s->n);
	s->code = (const uint32_t *)(s->camera + s->n);
	s->attr = s->code + s->n;
	s->scale = (const float *)(s->attr + s->n);
	s->q = (const int8_t *)(s->scale + s->n);
	s->nattr = (size_t)hdr[4];
	s->attrs = xcalloc(s->nattr + 1, sizeof(*s->attrs));
	s->attrlen = xcalloc(s->nattr + 1, sizeof(*s->attrlen));
	s->abuf = abuf;
	for (at = 0, x = 0; x < hdr[4]; x++) {
		uint32_t	l;

		if (at + 4 > hdr[5])
			break;
		memcpy(&l, s->abuf + at, 4);
		if ((int64_t)l > hdr[5] - at - 4)
			break;
		s->attrs[x] = s->abuf + at + 4;
		s->attrlen[x] = l;
		at += 4 + l;
	}
	return x < hdr[4] ? "a damaged segment" : NULL;
}

/*
 * The segments of lv's file (mapped at p, its committed length len) from
 * the directory dir (dirlen bytes) that the span's index keeps of them:
 * each one's header then its attribute strings, padded to 8.  0, or -1
 * (lv emptied) when the directory does not describe len bytes of segments.
 */
static int
segs_dir(struct vg_lookvec *lv, unsigned char *p, int64_t len,
    const char *dir, size_t dirlen)
{
	int64_t		 hdr[6], off;
	size_t		 at = 0, pad;
	char		*abuf;

	for (off = 0; off < len; off += hdr[3]) {
		if (dirlen - at < HDR)
			break;
		memcpy(hdr, dir + at, HDR);
		at += HDR;
		if (hdr[5] < 0 || (uint64_t)hdr[5] > dirlen - at)
			break;
		pad = ((size_t)hdr[5] + 7) & ~7UL;
		abuf = xcalloc((size_t)hdr[5] + 1, 1);
		memcpy(abuf, dir + at, (size_t)hdr[5]);
		at += pad > dirlen - at ? dirlen - at : pad;
		if (seg_check(lv, off, len, hdr) != NULL) {
			free(abuf);
			break;
		}
		if (seg_take(lv, p, off, hdr, abuf) != NULL)
			break;
	}
	if (off == len && at == dirlen)
		return 0;
	segs_free(lv);
	return -1;
}

/*
 * Open span's file, which must hold the span's sightings rows of them,
 * every segment whole, in its first len bytes (its committed length, as
 * the archive records it): 0, 1 when the archive names no file for the
 * span (len -1: imported before files were written), -1 with why in err when it is
 * missing, cut short, damaged or of another count of rows.  The
 * segments' headers are taken from the span's index where it keeps them
 * and the file is as it was when the index was built (vg_lookix_dir),
 * unless walk.
 */
static int
lookvec_open(int64_t len, const char *archive, const char *span,
    int64_t rows, int walk, struct vg_lookvec *lv, struct vg_error *err)
{
	struct stat	 sb;
	char		*path, *dir = NULL, *abuf;
	const char	*why = NULL;
	unsigned char	*p;
	int64_t		 off, hdr[6], total = 0;
	size_t		 i, dirlen;
	unsigned long	 ixino = 0;
	int		 fd;

	memset(lv, 0, sizeof(*lv));
	if (len < 0)
		return 1;
	path = vg_lookvec_path(archive, span);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1 ||
	    fstat(fd, &sb) == -1) {
		vg_error_set(err, "'%s': %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		free(path);
		return -1;
	}
	if (sb.st_size < len)
		why = "shorter than the archive says";
	else if (len > 0 && (lv->map = mmap(NULL, (size_t)len, PROT_READ,
	    MAP_SHARED, fd, 0)) == MAP_FAILED) {
		lv->map = NULL;
		why = strerror(errno);
	}
	lv->len = (size_t)len;
	p = lv->map;
	if (why == NULL && len > 0 && !walk && vg_lookix_dir(archive, span, &sb, len,
	    &dir, &dirlen, &ixino) == 0) {
		/* else emptied: the file is walked instead */
		if (segs_dir(lv, p, len, dir, dirlen) == 0)
			lv->ixino = ixino;
		free(dir);
	}
	/* the segments' headers and attribute strings are read, not
	   touched through the mapping: a page fault each on a virtual
	   machine costs several reads, and a span imported file by file
	   has a segment a camera */
	for (off = 0; why == NULL && lv->ixino == 0 && off < len;
	    off += hdr[3]) {
		if (len - off >= HDR && pread(fd, hdr, sizeof(hdr), off) !=
		    (ssize_t)sizeof(hdr)) {
			why = "a segment that cannot be read";
			break;
		}
		if ((why = seg_check(lv, off, len, hdr)) != NULL)
			break;
		abuf = xcalloc((size_t)hdr[5] + 1, 1);
		if (pread(fd, abuf, (size_t)hdr[5], off + hdr[3] - hdr[5]) !=
		    (ssize_t)hdr[5]) {
			free(abuf);
			why = "a segment that cannot be read";
			break;
		}
		if ((why = seg_take(lv, p, off, hdr, abuf)) != NULL)
			break;
	}
	close(fd);
	for (i = 0; why == NULL && i < lv->nseg; i++)
		total += (int64_t)lv->seg[i].n;
	if (why == NULL && total != rows)
		why = "holds another count of sightings than the span";
	if (why != NULL) {
		vg_error_set(err, "'%s': %s", path, why);
		free(path);
		vg_lookvec_close(lv);
		return -1;
	}
	free(path);
	return 0;
}

int
vg_lookvec_open(int64_t len, const char *archive, const char *span,
    int64_t rows, struct vg_lookvec *lv, struct vg_error *err)
{
	return lookvec_open(len, archive, span, rows, 0, lv, err);
}

/* Why span's file (its committed length len) does not match the span's
 * rows sightings, or NULL: every segment read. */
char *
vg_lookvec_check(int64_t len, const char *archive, const char *span,
    int64_t rows)
{
	struct vg_lookvec	 lv;
	struct vg_error		 e = { 0, NULL };
	char			*why;

	switch (lookvec_open(len, archive, span, rows, 1, &lv, &e)) {
	case 0:
		vg_lookvec_close(&lv);
		return NULL;
	case 1:
		return NULL;
	}
	xasprintf(&why, "its vectors: %s", e.msg);
	vg_error_clear(&e);
	return why;
}
