/* lookix.c: an inverted-file index (faiss's) over a span's vector file, for --like over long spans */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil-int.h"
#include "lookix.h"

#ifndef VG_PKGLIBDIR
#define VG_PKGLIBDIR "/usr/local/lib/vigil"
#endif

/*
 * The file ARCHIVE-look-SPAN.ix indexes the first segments of the span's
 * vector file (lookvec.c), those there were when it was built; segments
 * appended since are scanned.  It is written whole under another name and
 * renamed, private to its owner (0600), and opened with O_NOFOLLOW:
 *
 *	header	magic "VGLOOKX1", then int64 each: the bytes of the vector
 *		file covered, its segments covered, their sightings, the
 *		vectors indexed, dim, nlist, code_size, bloblen, and a
 *		fingerprint of the covered segments (their first row ids
 *		and counts)
 *	blob	faiss's trained index with empty lists, bloblen bytes,
 *		padded to 8
 *	off	int64[nlist + 1]: list l holds ids and codes off[l] ..
 *		off[l + 1] - 1
 *	ids	int64[n]: the sightings' positions in the covered segments
 *		(0 the first of the first segment)
 *	codes	uint8[n * code_size]
 *	radius	float[nlist]: every vector of list l is within radius[l]
 *		of its centroid; padded to 8 (not in a "VGLOOKX1" file,
 *		which a search uses but cannot bound, and vg_lookix_update
 *		builds again)
 *	colours	the same vectors' positions by their kind and colours
 *		(their code's low 24 bits, lookvec.c): int64 nkey, then
 *		int64 key[nkey] (ascending), int64 coff[nkey + 1] (key k's
 *		positions are cpos[coff[k]] .. cpos[coff[k + 1] - 1], in
 *		order), uint32 cpos[n], padded to 8; then each of them's
 *		vector as the vector file holds it, int8 cq[n * dim] and
 *		float cscale[n], each padded to 8 (only in a "VGLOOKX3"
 *		file or later: vg_lookix_update builds the others again)
 *	blocks	the span's time cut into blocks (by each sighting's first
 *		time as logged; only in a "VGLOOKX4" file): int64 t0 (the
 *		first block's start), width (µs), nb (blocks), longest (the
 *		most a sighting's last is after its first), int64
 *		pcnt[nb + 1] (the covered sightings first seen before each
 *		block), int64 boff[nlist * (nb + 1)] (each list's ids and
 *		codes are in block order: list l's of block b are boff[l *
 *		(nb + 1) + b] .. boff[l * (nb + 1) + b + 1] - 1), int64
 *		cboff[nkey * (nb + 1)] (the same of the colours' lists, in
 *		cpos), so that a search of an hour reads only its blocks;
 *		then the sightings with no vector: int64 nn, uint32
 *		npos[nn] (their positions, by block, in order within each)
 *		and uint32 ncode[nn] (their codes' low 24 bits), each padded
 *		to 8, and int64 nboff[nb + 1] (where each block starts)
 *	dir	the covered segments' directory (only in a "VGLOOKX5" file),
 *		so that opening the vector file reads one part of the index
 *		rather than each of its segments (vg_lookix_dir): int64 the
 *		vector file's device, inode, size, and time of last change
 *		(seconds, nanoseconds) when the index was built, then each
 *		segment's header and attribute strings (as the vector file
 *		holds them), padded to 8; then int64 where dir starts
 *
 * faiss is in vigil-lookix.so, loaded (with the C++ library and BLAS) by
 * the first build or search, so that no other use of vigil loads them.
 */
#define XMAGIC		"VGLOOKX5"
#define XMAGIC4		"VGLOOKX4"	/* without the directory */
#define XMAGIC3		"VGLOOKX3"	/* without the blocks of time */
#define XMAGIC2		"VGLOOKX2"	/* without the colours' lists */
#define XMAGIC1		"VGLOOKX1"	/* without the radii either */
#define XKINDS		16	/* kinds a colours' list may be of (4
				   bits) */
#define XHDR		80
#define XLISTS		1024	/* most lists */
#define XTRAIN		64	/* vectors trained on, a list */
#define XWIDTH		600000000LL	/* a block of time, µs, at least */
#define XBLOCKS		4096	/* blocks at most (wider when more) */

struct vg_lookix {
	void		*map;		/* the file, mapped */
	size_t		 len;		/* its length */
	size_t		 nseg;		/* segments covered */
	size_t		 npos;		/* their sightings */
	size_t		 n;		/* vectors indexed */
	size_t		 nlist;		/* lists */
	int		 radii;		/* 0 the lists' radii unknown, 2 known,
					   3 and the colours' lists kept, 4
					   and the blocks of time, 5 and the
					   directory */
	size_t		 nkey;		/* colours' lists, 0 none */
	const int64_t	*key;		/* their kinds and colours */
	const int64_t	*coff;		/* where each starts in cpos */
	const uint32_t	*cpos;		/* their positions */
	const int8_t	*cq;		/* their vectors, quantised */
	const float	*cscale;	/* cq times it: the unit vector */
	int64_t		 t0;		/* the first block's start */
	int64_t		 width;		/* a block's, µs */
	size_t		 nb;		/* blocks, 0 none */
	int64_t		 longest;	/* most a sighting's last is after its
					   first */
	const int64_t	*pcnt;		/* sightings before each block */
	const int64_t	*boff;		/* the lists' blocks */
	const int64_t	*cboff;		/* the colours' lists' blocks */
	int64_t		*cwin;		/* each colours' list's window: start,
					   end, by key */
	size_t		*segbase;	/* each covered segment's first
					   position, and npos */
	size_t		 nn;		/* sightings with no vector */
	const uint32_t	*nvpos;		/* their positions */
	const uint32_t	*nvcode;	/* and codes */
	const int64_t	*nvboff;	/* where each block starts */
	size_t		 nw0, nw1;	/* the window's: nvpos[nw0 .. nw1 -
					   1] */
	size_t		 wn;		/* vectors in the window */
	struct vgx	*h;		/* the module's index, NULL until a
					   search needs it (vg_lookix_ready) */
	struct vgx_file	 f;		/* what the module opens */
	char		*path;		/* the file's */
	size_t		 wb0, wb1;	/* the window's blocks, for the module
					   once open */
	int		 win;		/* a window was set */
};

/* The module's functions, once loaded. */
static struct {
	int		 tried;		/* dlopen tried */
	char		*why;		/* why it could not be loaded */
	vgx_build_fn	*build;
	vgx_open_fn	*open;
	vgx_search_fn	*search;
	vgx_slack_fn	*slack;
	vgx_close_fn	*close;
	vgx_window_fn	*window;
} mod;

char *
vg_lookix_path(const char *archive, const char *span)
{
	char	*p;

	xasprintf(&p, "%s-look-%s.ix", archive, span);
	return p;
}

/*
 * Load vigil-lookix.so: beside the program (the build tree), else where
 * it was installed.  NULL, or why not.
 */
const char *
vg_lookix_module(void)
{
#ifdef HAVE_FAISS
	char		 exe[PATH_MAX], *slash, *p;
	ssize_t		 n;
	void		*h = NULL;
	const char	*e;

	if (mod.tried)
		return mod.why;
	mod.tried = 1;
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0 &&
	    (size_t)n < sizeof(exe) - 1) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			xasprintf(&p, "%s/vigil-lookix.so", exe);
			if (access(p, F_OK) == 0)
				h = dlopen(p, RTLD_NOW | RTLD_LOCAL);
			free(p);
		}
	}
	if (h == NULL)
		h = dlopen(VG_PKGLIBDIR "/vigil-lookix.so", RTLD_NOW |
		    RTLD_LOCAL);
	if (h == NULL) {
		mod.why = xstrdup((e = dlerror()) != NULL ? e :
		    "vigil-lookix.so not found");
		return mod.why;
	}
	mod.build = (vgx_build_fn *)dlsym(h, "vgx_build");
	mod.open = (vgx_open_fn *)dlsym(h, "vgx_open");
	mod.search = (vgx_search_fn *)dlsym(h, "vgx_search");
	mod.slack = (vgx_slack_fn *)dlsym(h, "vgx_slack");
	mod.close = (vgx_close_fn *)dlsym(h, "vgx_close");
	mod.window = (vgx_window_fn *)dlsym(h, "vgx_window");
	if (mod.build == NULL || mod.open == NULL || mod.search == NULL ||
	    mod.slack == NULL || mod.close == NULL || mod.window == NULL)
		mod.why = xstrdup("vigil-lookix.so: not vigil's module");
	return mod.why;
#else
	return "vigil was built without faiss";
#endif
}

/* Whether vigil was built with faiss (the module may still be missing). */
int
vg_lookix_built(void)
{
#ifdef HAVE_FAISS
	return 1;
#else
	return 0;
#endif
}

static int	pread_at(int, const struct vg_lookvec *, const void *, void *,
		    size_t);

/*
 * The fingerprint of a vector file's first nseg segments; their first
 * ids read with pread(2) from fd unless it is -1 (through the mapping,
 * a page fault a segment: 30 ms on a campus day's 1,084).
 */
static int64_t
fingerprint(const struct vg_lookvec *lv, size_t nseg, int fd)
{
	uint64_t	h = 1469598103934665603ULL;
	int64_t		id;
	size_t		i;

	for (i = 0; i < nseg; i++) {
		h = (h ^ (uint64_t)lv->seg[i].n) * 1099511628211ULL;
		if (lv->seg[i].n == 0)
			continue;
		if (fd == -1 || pread_at(fd, lv, lv->seg[i].id, &id, 8) == -1)
			id = lv->seg[i].id[0];
		h = (h ^ (uint64_t)id) * 1099511628211ULL;
	}
	return (int64_t)(h >> 1);
}

/* What the module's build reads: the vectors, dequantised. */
struct feed {
	const struct vg_lookvec *lv;	/* the file */
	size_t		 nseg;		/* segments indexed */
	size_t		 seg, base;	/* the segment reached, its first
					   position: reads go forward */
};

static size_t
feed_get(void *arg, size_t from, size_t count, float *x, int64_t *id)
{
	struct feed	*f = arg;
	const struct vg_lookseg *g;
	size_t		 p, r, j, k = 0, dim = f->lv->dim;

	for (p = from; p < from + count; p++) {
		if (p < f->base)
			f->seg = 0, f->base = 0;
		while (f->seg < f->nseg && p >= f->base + f->lv->seg[f->seg].n)
			f->base += f->lv->seg[f->seg++].n;
		if (f->seg == f->nseg)
			break;
		g = &f->lv->seg[f->seg];
		r = p - f->base;
		if (!(g->code[r] >> 24 & 1))
			continue;
		for (j = 0; j < dim; j++)
			x[k * dim + j] = g->q[r * dim + j] * g->scale[r];
		if (id != NULL)
			id[k] = (int64_t)p;
		k++;
	}
	return k;
}

/* The blocks of time of an index being built. */
struct blocks {
	int64_t		 t0;		/* the first's start */
	int64_t		 width;		/* a block's, µs */
	size_t		 nb;		/* how many */
	int64_t		 longest;	/* most a last is after its first */
	uint16_t	*of;		/* each position's block */
	int64_t		*pcnt;		/* positions before each block */
};

/* The blocks of the npos sightings of lv's first nseg segments. */
static void
blocks_of(const struct vg_lookvec *lv, size_t nseg, size_t npos,
    struct blocks *b)
{
	const struct vg_lookseg *g;
	int64_t		 lo = INT64_MAX, hi = INT64_MIN;
	size_t		 i, r, p;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < nseg; i++)
		for (g = &lv->seg[i], r = 0; r < g->n; r++) {
			if (g->first[r] < lo)
				lo = g->first[r];
			if (g->first[r] > hi)
				hi = g->first[r];
			if (g->last[r] - g->first[r] > b->longest)
				b->longest = g->last[r] - g->first[r];
		}
	if (npos == 0)
		lo = hi = 0;
	b->width = XWIDTH;
	do {
		b->t0 = lo - ((lo % b->width) + b->width) % b->width;
		b->nb = (size_t)((hi - b->t0) / b->width) + 1;
	} while (b->nb > XBLOCKS && (b->width *= 2) > 0);
	b->of = xcalloc(npos + 1, sizeof(*b->of));
	b->pcnt = xcalloc(b->nb + 1, sizeof(*b->pcnt));
	for (p = 0, i = 0; i < nseg; i++)
		for (g = &lv->seg[i], r = 0; r < g->n; r++, p++) {
			b->of[p] = (uint16_t)((g->first[r] - b->t0) /
			    b->width);
			b->pcnt[b->of[p] + 1]++;
		}
	for (i = 0; i < b->nb; i++)
		b->pcnt[i + 1] += b->pcnt[i];
}

/*
 * Sort n ids (each with its code of cs bytes) by their blocks, in place
 * and stably, and their blocks' starts (from base) to start[0..nb].
 */
static void
by_block(const struct blocks *b, int64_t *id, uint8_t *code, size_t cs,
    size_t n, int64_t base, int64_t *start)
{
	int64_t		*t;
	uint8_t		*c;
	size_t		 i, j, *at;

	at = xcalloc(b->nb + 1, sizeof(*at));
	for (i = 0; i < n; i++)
		at[b->of[id[i]] + 1]++;
	for (i = 0; i < b->nb; i++)
		at[i + 1] += at[i];
	for (i = 0; i <= b->nb; i++)
		start[i] = base + (int64_t)at[i];
	t = xcalloc(n + 1, sizeof(*t));
	c = xcalloc(n * cs + 1, 1);
	for (i = 0; i < n; i++) {
		j = at[b->of[id[i]]]++;
		t[j] = id[i];
		memcpy(c + j * cs, code + i * cs, cs);
	}
	memcpy(id, t, n * sizeof(*t));
	memcpy(code, c, n * cs);
	free(t);
	free(c);
	free(at);
}

/*
 * The lists the module wrote to fd (their offsets at listoff: nlist, n
 * ids, codes of cs bytes) put in block order, each list's blocks' starts
 * to boff: 0, or -1 with errno set.
 */
static int
order_lists(int fd, const struct blocks *b, off_t listoff, size_t nlist,
    size_t n, size_t cs, int64_t *boff)
{
	int64_t		*off, *id = NULL;
	uint8_t		*code = NULL;
	off_t		 ido = listoff + (off_t)(nlist + 1) * 8, co;
	size_t		 l, m;
	int		 rc = -1;

	co = ido + (off_t)n * 8;
	off = xcalloc(nlist + 1, sizeof(*off));
	if (pread(fd, off, (nlist + 1) * 8, listoff) != (ssize_t)((nlist +
	    1) * 8))
		goto out;
	for (l = 0; l < nlist; l++) {
		m = (size_t)(off[l + 1] - off[l]);
		id = xreallocarray(id, m + 1, sizeof(*id));
		code = xreallocarray(code, m * cs + 1, 1);
		if (pread(fd, id, m * 8, ido + off[l] * 8) != (ssize_t)(m * 8) ||
		    pread(fd, code, m * cs, co + off[l] * (off_t)cs) !=
		    (ssize_t)(m * cs))
			goto out;
		by_block(b, id, code, cs, m, off[l], boff + l * (b->nb + 1));
		if (pwrite(fd, id, m * 8, ido + off[l] * 8) != (ssize_t)(m *
		    8) || pwrite(fd, code, m * cs, co + off[l] * (off_t)cs) !=
		    (ssize_t)(m * cs))
			goto out;
	}
	rc = 0;
out:
	if (rc == -1 && errno == 0)
		errno = EIO;
	free(off);
	free(id);
	free(code);
	return rc;
}

/*
 * The sightings with no vector of lv's first nseg segments (npos), by
 * their blocks b, written to fd where it is: 0, or -1 with errno set.
 */
static int
write_novec(int fd, const struct vg_lookvec *lv, size_t nseg, size_t npos,
    const struct blocks *b)
{
	uint32_t	*pos, *code;
	int64_t		*boff, nn = 0;
	size_t		 i, r, p, *at;
	int		 rc = -1;

	boff = xcalloc(b->nb + 1, sizeof(*boff));
	for (p = 0, i = 0; i < nseg; i++)
		for (r = 0; r < lv->seg[i].n; r++, p++)
			if (!(lv->seg[i].code[r] >> 24 & 1)) {
				boff[b->of[p] + 1]++;
				nn++;
			}
	for (i = 0; i < b->nb; i++)
		boff[i + 1] += boff[i];
	at = xcalloc(b->nb + 1, sizeof(*at));
	for (i = 0; i <= b->nb; i++)
		at[i] = (size_t)boff[i];
	pos = xcalloc((size_t)nn + 1, sizeof(*pos));
	code = xcalloc((size_t)nn + 1, sizeof(*code));
	for (p = 0, i = 0; npos <= UINT32_MAX && i < nseg; i++)
		for (r = 0; r < lv->seg[i].n; r++, p++)
			if (!(lv->seg[i].code[r] >> 24 & 1)) {
				pos[at[b->of[p]]] = (uint32_t)p;
				code[at[b->of[p]]++] = lv->seg[i].code[r] &
				    0xffffff;
			}
	if (npos > UINT32_MAX) {	/* none kept: scanned */
		nn = 0;
		memset(boff, 0, (b->nb + 1) * sizeof(*boff));
	}
	if (vg_write_all(fd, &nn, 8) == 0 &&
	    vg_write_all(fd, pos, (size_t)nn * 4) == 0 &&
	    vg_write_all(fd, "\0\0\0\0", (size_t)nn % 2 * 4) == 0 &&
	    vg_write_all(fd, code, (size_t)nn * 4) == 0 &&
	    vg_write_all(fd, "\0\0\0\0", (size_t)nn % 2 * 4) == 0 &&
	    vg_write_all(fd, boff, (b->nb + 1) * 8) == 0)
		rc = 0;
	free(at);
	free(pos);
	free(code);
	free(boff);
	return rc;
}

/*
 * The colours' lists of the vectors of lv's first nseg segments (npos
 * sightings), each in the order of its blocks b, written to fd where it
 * is, their blocks' starts to *cboff and how many lists to *nkeyp: 0, or
 * -1 with errno set.  None (nkey 0) where a kind is out of their range
 * or the positions out of 32 bits.
 */
static int
write_colours(int fd, const struct vg_lookvec *lv, size_t nseg, size_t npos,
    const struct blocks *b, int64_t **cboff, size_t *nkeyp)
{
	uint32_t	*cnt, *pos = NULL;
	int64_t		*key = NULL, *coff = NULL, nkey = 0;
	int8_t		*q = NULL;
	float		*scale = NULL;
	size_t		 i, r, p, n = 0, k, dim = lv->dim, at;
	uint32_t	 c;
	int		 rc = -1, ok = npos <= UINT32_MAX;

	cnt = xcalloc((size_t)XKINDS << 16, sizeof(*cnt));
	for (i = 0; ok && i < nseg; i++)
		for (r = 0; r < lv->seg[i].n; r++) {
			c = lv->seg[i].code[r];
			if (!(c >> 24 & 1))
				continue;
			if ((c & 0xff) >= XKINDS) {
				ok = 0;
				break;
			}
			cnt[(c >> 8 & 0xffff) << 4 | (c & 0xff)]++;
			n++;
		}
	if (ok) {
		for (k = 0; k < (size_t)XKINDS << 16; k++)
			nkey += cnt[k] > 0;
		key = xcalloc((size_t)nkey + 1, sizeof(*key));
		coff = xcalloc((size_t)nkey + 1, sizeof(*coff));
		pos = xcalloc(n + 1, sizeof(*pos));
		q = xcalloc(n * dim + 1, 1);
		scale = xcalloc(n + 1, sizeof(*scale));
		for (nkey = 0, k = 0; k < (size_t)XKINDS << 16; k++)
			if (cnt[k] > 0) {
				/* the code's low 24 bits: kind, upper, lower
				   (ascending, as k is) */
				key[nkey] = (int64_t)((k & 0xf) | (k >> 4) <<
				    8);
				coff[nkey + 1] = coff[nkey] + cnt[k];
				cnt[k] = (uint32_t)coff[nkey++];
			}
		for (p = 0, i = 0; i < nseg; i++)
			for (r = 0; r < lv->seg[i].n; r++, p++) {
				c = lv->seg[i].code[r];
				if (!(c >> 24 & 1))
					continue;
				at = cnt[(c >> 8 & 0xffff) << 4 | (c & 0xff)]++;
				pos[at] = (uint32_t)p;
				memcpy(q + at * dim, lv->seg[i].q + r * dim, dim);
				scale[at] = lv->seg[i].scale[r];
			}
		/* each list's positions by their blocks: vectors and scales
		   carried as a code of dim + 4 bytes */
		*cboff = xcalloc((size_t)nkey * (b->nb + 1) + 1,
		    sizeof(**cboff));
		for (k = 0; k < (size_t)nkey; k++) {
			size_t	 m = (size_t)(coff[k + 1] - coff[k]), j;
			int64_t	*id = xcalloc(m + 1, sizeof(*id));
			uint8_t	*cd = xcalloc(m * (dim + 4) + 1, 1);

			for (j = 0; j < m; j++) {
				at = (size_t)coff[k] + j;
				id[j] = pos[at];
				memcpy(cd + j * (dim + 4), q + at * dim, dim);
				memcpy(cd + j * (dim + 4) + dim, &scale[at], 4);
			}
			by_block(b, id, cd, dim + 4, m, coff[k], *cboff + k *
			    (b->nb + 1));
			for (j = 0; j < m; j++) {
				at = (size_t)coff[k] + j;
				pos[at] = (uint32_t)id[j];
				memcpy(q + at * dim, cd + j * (dim + 4), dim);
				memcpy(&scale[at], cd + j * (dim + 4) + dim, 4);
			}
			free(id);
			free(cd);
		}
	} else
		n = 0;
	*nkeyp = (size_t)nkey;
	if (vg_write_all(fd, &nkey, 8) == 0 &&
	    vg_write_all(fd, key, (size_t)nkey * 8) == 0 &&
	    vg_write_all(fd, coff, (size_t)(nkey + 1) * 8) == 0 &&
	    vg_write_all(fd, pos, n * 4) == 0 &&
	    vg_write_all(fd, "\0\0\0\0\0\0\0", n % 2 * 4) == 0 &&
	    vg_write_all(fd, q, n * dim) == 0 &&
	    vg_write_all(fd, "\0\0\0\0\0\0\0", (8 - n * dim % 8) % 8) == 0 &&
	    vg_write_all(fd, scale, n * 4) == 0 &&
	    vg_write_all(fd, "\0\0\0\0\0\0\0", n % 2 * 4) == 0)
		rc = 0;
	free(q);
	free(scale);
	free(cnt);
	free(key);
	free(coff);
	free(pos);
	return rc;
}

/*
 * The directory of lv's segments (dir, above), written to fd where it is,
 * with the identity of span's vector file, or none (-1s, never matched)
 * when the file is no longer the one lv mapped: 0, or -1 with errno set.
 */
static int
write_dir(int fd, const char *archive, const char *span,
    const struct vg_lookvec *lv)
{
	struct stat	 sb;
	char		*p;
	int64_t		 id[5] = { -1, -1, -1, -1, -1 }, h[6], at;
	size_t		 i;
	int		 vfd;

	if ((at = (int64_t)lseek(fd, 0, SEEK_CUR)) == -1)
		return -1;
	p = vg_lookvec_path(archive, span);
	vfd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(p);
	if (vfd != -1 && fstat(vfd, &sb) == 0 && sb.st_size >= (off_t)lv->len &&
	    fingerprint(lv, lv->nseg, vfd) == fingerprint(lv, lv->nseg, -1)) {
		id[0] = (int64_t)sb.st_dev;
		id[1] = (int64_t)sb.st_ino;
		id[2] = (int64_t)sb.st_size;
		id[3] = (int64_t)sb.st_mtim.tv_sec;
		id[4] = (int64_t)sb.st_mtim.tv_nsec;
	}
	if (vfd != -1)
		close(vfd);
	if (vg_write_all(fd, id, sizeof(id)) == -1)
		return -1;
	for (i = 0; i < lv->nseg; i++) {
		memcpy(h, (const char *)lv->seg[i].first - 48, sizeof(h));
		if (vg_write_all(fd, h, sizeof(h)) == -1 ||
		    vg_write_all(fd, lv->seg[i].abuf, (size_t)h[5]) == -1 ||
		    vg_write_all(fd, "\0\0\0\0\0\0\0", (8 - (size_t)h[5] %
		    8) % 8) == -1)
			return -1;
	}
	return vg_write_all(fd, &at, 8);
}

/*
 * The directory of span's vector file that its index keeps (dir, above),
 * when the index covers the file's first len bytes (its committed
 * length) and the file (sb) is as it was when the index was built (its
 * device, inode, size and time of last change): the segments' headers
 * and attribute strings, to *dir (to free) and their bytes to *dirlen, the
 * index's inode to *ixino: 0, or 1 when there is none of use.
 */
int
vg_lookix_dir(const char *archive, const char *span, const struct stat *sb,
    int64_t len, char **dir, size_t *dirlen, unsigned long *ixino)
{
	struct stat	 xsb;
	char		*path, *buf = NULL;
	int64_t		 hdr[XHDR / 8], at, id[5];
	size_t		 n;
	int		 fd, rc = 1;

	*dir = NULL;
	*dirlen = 0;
	path = vg_lookix_path(archive, span);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	if (fd == -1)
		return 1;
	if (fstat(fd, &xsb) == -1 || !S_ISREG(xsb.st_mode) || xsb.st_size <
	    XHDR + 48 || pread(fd, hdr, XHDR, 0) != XHDR ||
	    memcmp(hdr, XMAGIC, 8) != 0 || hdr[1] != len ||
	    pread(fd, &at, 8, xsb.st_size - 8) != 8 || at < XHDR ||
	    at > xsb.st_size - 48)
		goto out;
	n = (size_t)(xsb.st_size - 8 - at);
	buf = xmalloc(n);
	if (pread(fd, buf, n, at) != (ssize_t)n)
		goto out;
	memcpy(id, buf, sizeof(id));
	if (id[0] != (int64_t)sb->st_dev || id[1] != (int64_t)sb->st_ino ||
	    id[2] != (int64_t)sb->st_size || id[3] !=
	    (int64_t)sb->st_mtim.tv_sec || id[4] !=
	    (int64_t)sb->st_mtim.tv_nsec)
		goto out;
	memmove(buf, buf + sizeof(id), n - sizeof(id));
	*dir = buf;
	*dirlen = n - sizeof(id);
	*ixino = (unsigned long)xsb.st_ino;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

/*
 * Build span's index over every segment of its vector file lv, the lists
 * holding codes (faiss's words: "Flat", "SQ8", "PQ8"), and put it in
 * place of the one there was.  *nvec: how many vectors it holds.  0, 1
 * when the span has too few vectors to index, -1 with err set.
 */
int
vg_lookix_build(const char *archive, const char *span,
    const struct vg_lookvec *lv, const char *codes, size_t *nvec,
    struct vg_error *err)
{
	struct vgx_build_in in;
	struct vgx_built out;
	struct feed	 f;
	const char	*why;
	char		*path, *tmp, msg[256];
	int64_t		 hdr[XHDR / 8];
	struct blocks	 bl;
	size_t		 i, npos = 0, nv = 0, nlist, nkey = 0;
	int64_t		*boff = NULL, *cboff = NULL;
	off_t		 covered = 0;
	int		 fd = -1, rc = -1;

	*nvec = 0;
	memset(&bl, 0, sizeof(bl));
	if ((why = vg_lookix_module()) != NULL) {
		vg_error_set(err, "no index of span %s: %s", span, why);
		return -1;
	}
	for (i = 0; i < lv->nseg; i++) {
		const struct vg_lookseg *g = &lv->seg[i];
		size_t	 r;

		npos += g->n;
		for (r = 0; r < g->n; r++)
			nv += g->code[r] >> 24 & 1;
	}
	if (lv->nseg > 0) {
		/* the last segment's attribute strings end it */
		const struct vg_lookseg *g = &lv->seg[lv->nseg - 1];
		int64_t	 h[6];

		memcpy(h, (const char *)g->first - 48, sizeof(h));
		covered = (const char *)g->first - 48 + h[3] -
		    (const char *)lv->map;
	}
	for (nlist = 1; nlist < XLISTS && nlist * nlist * 4 < nv; nlist *= 2)
		;
	if (nv < VG_LOOKIX_FEW)
		return 1;	/* too few to be worth one */
	path = vg_lookix_path(archive, span);
	xasprintf(&tmp, "%s.%ld", path, (long)getpid());
	if ((fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		vg_error_set(err, "'%s': %s", tmp, strerror(errno));
		goto out;
	}
	memset(hdr, 0, sizeof(hdr));
	if (lseek(fd, XHDR, SEEK_SET) == -1)
		goto ioerr;
	memset(&in, 0, sizeof(in));
	in.dim = lv->dim;
	in.n = npos;
	in.nlist = nlist;
	in.codes = codes;
	in.train = nlist * XTRAIN;
	in.get = feed_get;
	memset(&f, 0, sizeof(f));
	f.lv = lv;
	f.nseg = lv->nseg;
	in.arg = &f;
	msg[0] = '\0';
	if (mod.build(&in, fd, &out, msg, sizeof(msg)) == -1) {
		vg_error_set(err, "'%s': %s", path, msg);
		goto out;
	}
	blocks_of(lv, lv->nseg, npos, &bl);
	boff = xcalloc(out.nlist * (bl.nb + 1) + 1, sizeof(*boff));
	if (order_lists(fd, &bl, XHDR + (off_t)((out.bloblen + 7) & ~7UL),
	    out.nlist, out.n, out.code_size, boff) == -1 ||
	    write_colours(fd, lv, lv->nseg, npos, &bl, &cboff, &nkey) == -1)
		goto ioerr;
	{
		int64_t	 bh[4] = { bl.t0, bl.width, (int64_t)bl.nb,
			    bl.longest };

		if (vg_write_all(fd, bh, sizeof(bh)) == -1 ||
		    vg_write_all(fd, bl.pcnt, (bl.nb + 1) * 8) == -1 ||
		    vg_write_all(fd, boff, out.nlist * (bl.nb + 1) * 8) ==
		    -1 || vg_write_all(fd, cboff, nkey * (bl.nb + 1) * 8) ==
		    -1 || write_novec(fd, lv, lv->nseg, npos, &bl) == -1 ||
		    write_dir(fd, archive, span, lv) == -1)
			goto ioerr;
	}
	memcpy(hdr, XMAGIC, 8);
	hdr[1] = (int64_t)covered;
	hdr[2] = (int64_t)lv->nseg;
	hdr[3] = (int64_t)npos;
	hdr[4] = (int64_t)out.n;
	hdr[5] = (int64_t)lv->dim;
	hdr[6] = (int64_t)out.nlist;
	hdr[7] = (int64_t)out.code_size;
	hdr[8] = (int64_t)out.bloblen;
	hdr[9] = fingerprint(lv, lv->nseg, -1);
	if (pwrite(fd, hdr, XHDR, 0) != XHDR || fsync(fd) == -1)
		goto ioerr;
	if (close(fd) == -1) {
		fd = -1;
		goto ioerr;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto ioerr;
	*nvec = out.n;
	rc = 0;
	goto out;
ioerr:
	vg_error_set(err, "'%s': %s", tmp, strerror(errno));
out:
	if (fd != -1)
		close(fd);
	if (rc == -1)
		unlink(tmp);
	free(bl.of);
	free(bl.pcnt);
	free(boff);
	free(cboff);
	free(tmp);
	free(path);
	return rc;
}

void
vg_lookix_close(struct vg_lookix *x)
{
	if (x == NULL)
		return;
	if (x->h != NULL)
		mod.close(x->h);
	if (x->map != NULL)
		munmap(x->map, x->len);
	free(x->path);
	free(x->cwin);
	free(x->segbase);
	free(x);
}

/*
 * Bytes p .. p + len - 1 of index x's mapping to be read soon: asked of
 * the kernel at once (the mapping reads nothing ahead of a fault, so
 * that a search reads the parts it needs, not the megabytes around each:
 * bench/README.md, look20).
 */
static void
ix_need(const struct vg_lookix *x, const void *p, size_t len)
{
	uintptr_t	 a, e, lo = (uintptr_t)x->map, hi = lo + x->len;

	if (x->map == NULL || len == 0)
		return;
	a = (uintptr_t)p;
	e = a + len;
	a = a < lo ? lo : a;
	e = e > hi ? hi : e;
	if (e > a)
		vgx_willneed((const void *)a, e - a);
}

/*
 * The colours' lists' sightings j0 .. j1 - 1 (their positions, vectors
 * and scales) to be read soon.
 */
void
vg_lookix_colours_need(const struct vg_lookix *x, size_t j0, size_t j1)
{
	if (x->cpos == NULL || j1 <= j0 || j1 > x->n)
		return;
	ix_need(x, x->cpos + j0, (j1 - j0) * sizeof(*x->cpos));
	ix_need(x, x->cq + j0 * x->f.dim, (j1 - j0) * x->f.dim);
	ix_need(x, x->cscale + j0, (j1 - j0) * sizeof(*x->cscale));
}

/*
 * The colours' lists of index x, at offset at of its file: NULL with
 * *end set past them, or why they are damaged.
 */
static const char *
colours_at(struct vg_lookix *x, size_t at, size_t dim, size_t *end)
{
	const char	*m = x->map;
	int64_t		 nkey;
	size_t		 i, n;

	if (at + 16 > x->len) {
		*end = at + 16;	/* the caller says it is cut short */
		return NULL;
	}
	memcpy(&nkey, m + at, 8);
	if (nkey < 0 || (uint64_t)nkey > (x->len - at - 16) / 16)
		return "damaged (its colours' lists)";
	x->nkey = (size_t)nkey;
	x->key = (const int64_t *)(m + at + 8);
	x->coff = x->key + x->nkey;
	ix_need(x, x->key, x->nkey * 16 + 8);
	if (x->coff[0] != 0)
		return "damaged (its colours' lists)";
	for (i = 0; i < x->nkey; i++)
		if (x->coff[i + 1] <= x->coff[i] || (i > 0 && x->key[i] <=
		    x->key[i - 1]))
			return "damaged (its colours' lists)";
	if (x->nkey > 0 && (size_t)x->coff[x->nkey] != x->n)
		return "damaged (its colours' lists)";
	x->cwin = xcalloc(2 * x->nkey + 1, sizeof(*x->cwin));
	for (i = 0; i < x->nkey; i++) {
		x->cwin[2 * i] = x->coff[i];
		x->cwin[2 * i + 1] = x->coff[i + 1];
	}
	n = x->nkey > 0 ? x->n : 0;
	x->cpos = (const uint32_t *)(x->coff + x->nkey + 1);
	x->cq = (const int8_t *)x->cpos + ((n * 4 + 7) & ~7UL);
	x->cscale = (const float *)(x->cq + ((n * dim + 7) & ~7UL));
	/* past the file's length: the caller says so; each position is
	   checked where it is used (a day's are 66 MB) */
	*end = at + 8 + x->nkey * 16 + 8 + ((n * 4 + 7) & ~7UL) +
	    ((n * dim + 7) & ~7UL) + ((n * 4 + 7) & ~7UL);
	if (x->nkey == 0)
		x->cpos = NULL;
	return NULL;
}

/*
 * The blocks of time of index x, at offset at of its file, of its nlist
 * lists whose offsets are off: NULL with *end set past them, or why they
 * are damaged.
 */
static const char *
blocks_at(struct vg_lookix *x, size_t at, const int64_t *off, size_t *end)
{
	const char	*m = x->map;
	int64_t		 h[4];
	size_t		 i, b, nb, need;
	const int64_t	*o;

	if (at + 32 > x->len) {
		*end = at + 32;
		return NULL;
	}
	memcpy(h, m + at, 32);
	if (h[1] <= 0 || h[2] < 1 || h[2] > XBLOCKS || h[3] < 0)
		return "damaged (its blocks of time)";
	x->t0 = h[0];
	x->width = h[1];
	x->nb = nb = (size_t)h[2];
	x->longest = h[3];
	need = at + 32 + (nb + 1) * 8 * (1 + x->nlist + x->nkey);
	if (need > x->len) {
		*end = need;
		return NULL;
	}
	x->pcnt = (const int64_t *)(m + at + 32);
	ix_need(x, x->pcnt, need - at - 32 + 8);
	x->boff = x->pcnt + nb + 1;
	x->cboff = x->boff + x->nlist * (nb + 1);
	/* the sightings with no vector */
	if (need + 8 > x->len) {
		*end = need + 8;
		return NULL;
	}
	memcpy(h, m + need, 8);
	if (h[0] < 0 || (uint64_t)h[0] > x->npos)
		return "damaged (its blocks of time)";
	x->nn = (size_t)h[0];
	x->nvpos = (const uint32_t *)(m + need + 8);
	x->nvcode = x->nvpos + ((x->nn + 1) & ~1UL);
	x->nvboff = (const int64_t *)(x->nvcode + ((x->nn + 1) & ~1UL));
	ix_need(x, x->nvpos, 2 * ((x->nn + 1) & ~1UL) * 4 + (nb + 1) * 8);
	need += 8 + 2 * ((x->nn + 1) & ~1UL) * 4 + (nb + 1) * 8;
	if (need > x->len) {
		*end = need;
		return NULL;
	}
	if (x->nvboff[0] != 0 || (size_t)x->nvboff[nb] != x->nn)
		return "damaged (its blocks of time)";
	for (b = 0; b < nb; b++)
		if (x->nvboff[b + 1] < x->nvboff[b])
			return "damaged (its blocks of time)";
	x->nw0 = 0;
	x->nw1 = x->nn;
	if (x->pcnt[0] != 0 || (size_t)x->pcnt[nb] != x->npos)
		return "damaged (its blocks of time)";
	for (b = 0; b < nb; b++)
		if (x->pcnt[b + 1] < x->pcnt[b])
			return "damaged (its blocks of time)";
	for (i = 0; i < x->nlist + x->nkey; i++) {
		o = i < x->nlist ? x->boff + i * (nb + 1) : x->cboff + (i -
		    x->nlist) * (nb + 1);
		if (o[0] != (i < x->nlist ? off[i] : x->coff[i - x->nlist]) ||
		    o[nb] != (i < x->nlist ? off[i + 1] :
		    x->coff[i - x->nlist + 1]))
			return "damaged (its blocks of time)";
		for (b = 0; b < nb; b++)
			if (o[b + 1] < o[b])
				return "damaged (its blocks of time)";
	}
	*end = need;
	return NULL;
}

/*
 * Open span's index, which must cover the first segments of its vector
 * file lv: 0 with *out set, 1 when there is none, -1 with why in err
 * when it is a link, damaged, of another file, or cannot be searched.
 */
int
vg_lookix_open(const char *archive, const char *span,
    const struct vg_lookvec *lv, struct vg_lookix **out,
    struct vg_error *err)
{
	struct vg_lookix *x;
	struct vgx_file	 f;
	struct stat	 sb;
	const char	*why = NULL;
	char		*path;
	int64_t		 hdr[XHDR / 8];
	size_t		 i, need, npos;
	int		 fd;

	*out = NULL;
	path = vg_lookix_path(archive, span);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		if (errno == ENOENT) {
			free(path);
			return 1;
		}
		vg_error_set(err, "'%s': %s", path, errno == ELOOP ?
		    "a symbolic link, not opened" : strerror(errno));
		free(path);
		return -1;
	}
	x = xcalloc(1, sizeof(*x));
	if (fstat(fd, &sb) == -1)
		why = strerror(errno);
	else if (!S_ISREG(sb.st_mode))
		why = "not a regular file";
	else if (sb.st_size < XHDR)
		why = "cut short";
	else if ((x->map = mmap(NULL, (size_t)sb.st_size, PROT_READ,
	    MAP_SHARED, fd, 0)) == MAP_FAILED) {
		x->map = NULL;
		why = strerror(errno);
	}
	close(fd);
	if (why != NULL)
		goto bad;
	x->len = (size_t)sb.st_size;
	/* no reading ahead of a fault: the parts a search reads are asked
	   for (need), the rest is not read */
	(void)madvise(x->map, x->len, MADV_RANDOM);
	memcpy(hdr, x->map, XHDR);
	x->radii = memcmp(hdr, XMAGIC, 8) == 0 ? 5 :
	    memcmp(hdr, XMAGIC4, 8) == 0 ? 4 :
	    memcmp(hdr, XMAGIC3, 8) == 0 ? 3 :
	    memcmp(hdr, XMAGIC2, 8) == 0 ? 2 : 0;
	if ((!x->radii && memcmp(hdr, XMAGIC1, 8) != 0) || hdr[2] < 0 || hdr[3] < 0 ||
	    hdr[4] < 0 || hdr[4] > hdr[3] || hdr[6] < 1 || hdr[6] > 1 << 20 ||
	    hdr[7] < 1 || hdr[7] > 1 << 16 || hdr[8] < 1 ||
	    hdr[8] > (int64_t)x->len) {
		why = "damaged";
		goto bad;
	}
	x->nseg = (size_t)hdr[2];
	x->npos = (size_t)hdr[3];
	x->n = (size_t)hdr[4];
	x->nlist = (size_t)hdr[6];
	x->wn = x->n;
	x->f.dim = (size_t)hdr[5];
	/* the header, faiss's blob and the lists' offsets; their radii */
	need = XHDR + (((size_t)hdr[8] + 7) & ~7UL) + (x->nlist + 1) * 8;
	ix_need(x, x->map, need);
	need += x->n * 8 + x->n * (size_t)hdr[7];
	if (x->radii) {
		ix_need(x, (const char *)x->map + need, x->nlist * 4);
		need = ((need + x->nlist * 4) + 7) & ~7UL;
	}
	if (x->radii >= 3 && (why = colours_at(x, need, (size_t)hdr[5],
	    &need)) != NULL)
		goto bad;
	if (x->radii >= 4 && need <= x->len && (why = blocks_at(x, need,
	    (const int64_t *)((const char *)x->map + XHDR +
	    (((size_t)hdr[8] + 7) & ~7UL)), &need)) != NULL)
		goto bad;
	if (x->radii == 5 && need <= x->len) {
		int64_t	 at = -1;

		/* the directory, read by vg_lookix_dir: where it starts */
		if (x->len >= 8)
			memcpy(&at, (const char *)x->map + x->len - 8, 8);
		if (at != (int64_t)need || x->len - need < 48) {
			why = "damaged (not the length its header says)";
			goto bad;
		}
		need = x->len;
	}
	if (need != x->len) {
		why = "damaged (not the length its header says)";
		goto bad;
	}
	x->segbase = xcalloc(x->nseg + 1, sizeof(*x->segbase));
	for (npos = 0, i = 0; i < x->nseg && i < lv->nseg; i++) {
		x->segbase[i] = npos;
		npos += lv->seg[i].n;
	}
	x->segbase[i] = npos;
	/* the file unchanged since this index was built (its segments from
	   this index's directory): not read again for its fingerprint */
	fd = lv->ixino != 0 && lv->ixino == (unsigned long)sb.st_ino ? -2 :
	    vg_lookix_fd(archive, span);
	if (x->nseg > lv->nseg || npos != x->npos || (size_t)hdr[5] !=
	    lv->dim || (fd != -2 && hdr[9] != fingerprint(lv, x->nseg, fd))) {
		if (fd >= 0)
			close(fd);
		why = "of other vectors than the span's file";
		goto bad;
	}
	if (fd >= 0)
		close(fd);
	memset(&f, 0, sizeof(f));
	f.blob = (const uint8_t *)x->map + XHDR;
	f.bloblen = (size_t)hdr[8];
	f.dim = lv->dim;
	f.nlist = x->nlist;
	f.code_size = (size_t)hdr[7];
	f.n = x->n;
	f.off = (const int64_t *)(f.blob + ((f.bloblen + 7) & ~7UL));
	f.ids = f.off + x->nlist + 1;
	f.codes = (const uint8_t *)(f.ids + x->n);
	f.radius = x->radii ? (const float *)(f.codes + x->n * f.code_size) :
	    NULL;
	f.boff = x->boff;
	f.nblock = x->boff != NULL ? x->nb : 0;
	for (i = 0; i < x->nlist; i++)
		if (f.off[i] < 0 || f.off[i + 1] < f.off[i])
			break;
	if (f.off[0] != 0 || i < x->nlist || f.off[x->nlist] != (int64_t)x->n) {
		why = "damaged (its lists)";
		goto bad;
	}
	/* faiss (the module, with the C++ library and BLAS: 10 ms to load)
	   is loaded when a search first needs it (vg_lookix_ready): a look
	   with no vector reads the lists alone */
	x->f = f;
	x->path = path;
	*out = x;
	return 0;
bad:
	vg_error_set(err, "'%s': %s", path, why);
	free(path);
	vg_lookix_close(x);
	return -1;
}

/*
 * Open index x's faiss part (loading the module) for its searches, if it
 * is not yet: 0, or -1 with why in err when it cannot be searched.
 */
int
vg_lookix_ready(struct vg_lookix *x, struct vg_error *err)
{
	const char	*why;
	char		 msg[256];

	if (x->h != NULL)
		return 0;
	msg[0] = '\0';
	if ((why = vg_lookix_module()) == NULL && (x->h = mod.open(&x->f, msg,
	    sizeof(msg))) == NULL)
		why = msg;
	if (why != NULL) {
		vg_error_set(err, "'%s': %s", x->path, why);
		return -1;
	}
	if (x->win)
		mod.window(x->h, x->wb0, x->wb1);
	return 0;
}

/* Segments the index covers (the others are to be scanned). */
size_t
vg_lookix_segments(const struct vg_lookix *x)
{
	return x->nseg;
}

/*
 * The k sightings (positions among the covered segments) whose vectors
 * are nearest q (unit, of the file's length), to pos, and unless NULL
 * their inner products with q as the index's codes give them (within
 * vg_lookix_slack) to ip: how many, -1 when the search failed.  It looks
 * in enough lists to see about 16 k vectors, and (unless its window is
 * under half the span's blocks of time) in an eighth of them at
 * least, shared among the spans searched with it (an eighth over the
 * square root of their number: bench/README.md), and in every list with
 * a vector whose inner product with q may be above need, but in no more
 * than most lists (0: no bound); *beyond: the most a vector of the lists
 * not looked in may have (1 when the index does not know its lists'
 * radii); *probed: the lists looked in.
 */
long
vg_lookix_search(struct vg_lookix *x, const float *q, size_t k, size_t spans,
    size_t most, double need, int64_t *pos, float *ip, double *beyond,
    size_t *probed)
{
	size_t	 nprobe, per, used = 0;
	long	 n, i, j;

	per = x->wn / x->nlist + 1;
	/* a part of the span (an hour): its blocks' few vectors a list, the
	   later rounds looking where the threshold asks */
	nprobe = x->win && 2 * (x->wb1 - x->wb0) < x->nb ? 0 :
	    (size_t)ceil((double)x->nlist / 8 / sqrt(spans > 1 ?
	    (double)spans : 1));
	if (nprobe * per < 16 * k)
		nprobe = (16 * k + per - 1) / per;
	if (nprobe < 1)
		nprobe = 1;
	if (x->h == NULL || (n = mod.search(x->h, q, k, nprobe, most, need,
	    pos, ip, beyond, &used)) < 0)
		return -1;
	if (probed != NULL)
		*probed = used;
	for (i = 0, j = 0; i < n; i++)
		if (pos[i] >= 0 && (size_t)pos[i] < x->npos) {
			if (ip != NULL)
				ip[j] = ip[i];
			pos[j++] = pos[i];
		}
	return j;
}

/* How far the codes' inner products with q may be from the vectors'. */
double
vg_lookix_slack(struct vg_lookix *x, const float *q)
{
	return x->h != NULL ? mod.slack(x->h, q) : 1;
}

/* The index's lists. */
size_t
vg_lookix_lists(const struct vg_lookix *x)
{
	return x->nlist;
}

/* The vectors indexed, and (to *npos) the sightings covered. */
size_t
vg_lookix_vectors(const struct vg_lookix *x, size_t *npos)
{
	*npos = x->npos;
	return x->n;
}

/*
 * The colours' lists: how many (0 when the index has none), and to
 * *key, *win and *pos their kinds and colours (a code's low 24 bits,
 * ascending), where each list's part in the window starts and ends in
 * pos (win[2 k], win[2 k + 1]; the whole list where the index has no
 * blocks of time), and the positions of each list; to *q and *scale the
 * vector of each position (dim int8 a position, as the vector file holds
 * it).
 */
size_t
vg_lookix_colours(const struct vg_lookix *x, const int64_t **key,
    const int64_t **win, const uint32_t **pos, const int8_t **q,
    const float **scale)
{
	*key = x->key;
	*win = x->cwin;
	*pos = x->cpos;
	*q = x->cq;
	*scale = x->cscale;
	return x->nkey;
}

/*
 * The searches to come look only at the sightings first seen (as logged)
 * from lo to hi, and at others of the same blocks of time, where the
 * index has blocks: 1, with the vectors and sightings there may be in
 * the window to *nvec and *npos; else 0, and all of them.
 */
int
vg_lookix_window(struct vg_lookix *x, int64_t lo, int64_t hi, size_t *nvec,
    size_t *npos)
{
	size_t	 b0, b1, i;
	int64_t	 e = x->t0 + (int64_t)x->nb * x->width;

	if (x->boff == NULL) {
		*nvec = x->n;
		*npos = x->npos;
		return 0;
	}
	b0 = lo <= x->t0 ? 0 : lo >= e ? x->nb : (size_t)((lo - x->t0) /
	    x->width);
	b1 = hi < x->t0 ? 0 : hi >= e ? x->nb : (size_t)((hi - x->t0) /
	    x->width) + 1;
	if (b1 < b0)
		b1 = b0;
	x->wb0 = b0;
	x->wb1 = b1;
	x->win = 1;
	if (x->h != NULL)
		mod.window(x->h, b0, b1);
	for (x->wn = 0, i = 0; i < x->nlist; i++)
		x->wn += (size_t)(x->boff[i * (x->nb + 1) + b1] -
		    x->boff[i * (x->nb + 1) + b0]);
	for (i = 0; i < x->nkey; i++) {
		x->cwin[2 * i] = x->cboff[i * (x->nb + 1) + b0];
		x->cwin[2 * i + 1] = x->cboff[i * (x->nb + 1) + b1];
	}
	x->nw0 = (size_t)x->nvboff[b0];
	x->nw1 = (size_t)x->nvboff[b1];
	*nvec = x->wn;
	*npos = (size_t)(x->pcnt[b1] - x->pcnt[b0]);
	return 1;
}

/*
 * The sightings with no vector in the window (vg_lookix_window): how
 * many, -1 when the index does not list them (scanned); their positions
 * (ascending within each block of time) to *pos and their codes' low 24
 * bits to *code.
 */
long
vg_lookix_novec(const struct vg_lookix *x, const uint32_t **pos,
    const uint32_t **code)
{
	if (x->nvpos == NULL)
		return -1;
	*pos = x->nvpos + x->nw0;
	*code = x->nvcode + x->nw0;
	return (long)(x->nw1 - x->nw0);
}

/* The most a sighting's last time is after its first, -1 unknown. */
int64_t
vg_lookix_longest(const struct vg_lookix *x)
{
	return x->boff != NULL ? x->longest : -1;
}

/* The time the window's blocks of time span, µs (vg_lookix_window). */
int64_t
vg_lookix_wintime(const struct vg_lookix *x)
{
	return x->win ? (int64_t)(x->wb1 - x->wb0) * x->width : INT64_MAX;
}

/* Position p's segment and row in lv. */
const struct vg_lookseg *
vg_lookix_row(const struct vg_lookix *x, const struct vg_lookvec *lv,
    int64_t p, size_t *row)
{
	size_t	a = 0, b = x->nseg, m;

	if (p < 0 || (size_t)p >= x->npos)
		return NULL;
	while (b - a > 1) {	/* the last segment starting at p or before */
		m = a + (b - a) / 2;
		if (x->segbase[m] <= (size_t)p)
			a = m;
		else
			b = m;
	}
	*row = (size_t)p - x->segbase[a];
	return &lv->seg[a];
}

/* A span to index, copied from vg_archive_spans. */
struct ixspan {
	struct vg_span	*sp;		/* the spans, names copied */
	size_t		 n;		/* how many */
};

static int
ix_span(const struct vg_span *sp, void *arg)
{
	struct ixspan	*s = arg;

	if (sp->sightings <= 0)
		return 0;
	s->sp = xreallocarray(s->sp, s->n + 1, sizeof(*s->sp));
	s->sp[s->n] = *sp;
	s->sp[s->n++].name = xstrdup(sp->name);
	return 0;
}

/*
 * The index of span sp built when it does not cover its vectors (all) or
 * covers less than half of them; fn told as vg_lookix_update's.  What fn
 * returned, or 0.
 */
static int
ix_one(struct vg_archive *ar, const char *path, const struct vg_span *sp,
    int all, vg_lookix_fn fn, void *arg)
{
	struct vg_lookvec lv;
	struct vg_lookix *x;
	struct vg_error	 e = { 0, NULL };
	size_t		 j, covered = 0, nvec;
	int		 stop = 0;

	if (vg_ar_lookvec(ar, sp, &lv, &e) != 0) {
		vg_error_clear(&e);
		return 0;	/* no file: nothing to index */
	}
	switch (vg_lookix_open(path, sp->name, &lv, &x, &e)) {
	case 0:
		/* one without its lists' radii, its colours' lists, its
		   blocks of time or its directory is built again */
		for (j = 0; x->radii == 5 && j < vg_lookix_segments(x); j++)
			covered += lv.seg[j].n;
		vg_lookix_close(x);
		break;
	case -1:
		vg_error_clear(&e);
		break;
	}
	if (covered < (size_t)sp->sightings && (all ||
	    2 * covered < (size_t)sp->sightings)) {
		switch (vg_lookix_build(path, sp->name, &lv, VG_LOOKIX_CODES,
		    &nvec, &e)) {
		case -1:
			stop = fn(sp->name, 0, e.msg, arg);
			vg_error_clear(&e);
			break;
		case 0:
			stop = fn(sp->name, nvec, NULL, arg);
			break;
		}
	}
	vg_lookvec_close(&lv);
	return stop;
}

/*
 * Build the index of archive's (at path) spans: with all, of every span
 * whose index does not cover its whole vector file; else (after an
 * import) of the spans of VG_LOOKIX_MIN sightings or more whose index
 * covers less than half of them.  fn is told of each built (span,
 * vectors, 0) or that could not be (span, 0, why), and stops all by
 * returning non-zero.  0, or -1 with err set when the spans could not be
 * read.
 */
int
vg_lookix_update(struct vg_archive *ar, const char *path, int all,
    vg_lookix_fn fn, void *arg, struct vg_error *err)
{
	struct ixspan	 s;
	size_t		 i;
	int		 rc = 0, stop = 0;

	memset(&s, 0, sizeof(s));
	if (vg_archive_spans(ar, ix_span, &s, err) == -1)
		rc = -1;
	for (i = 0; rc == 0 && !stop && i < s.n; i++)
		if (all || s.sp[i].sightings >= VG_LOOKIX_MIN)
			stop = ix_one(ar, path, &s.sp[i], all, fn, arg);
	for (i = 0; i < s.n; i++)
		free((char *)s.sp[i].name);
	free(s.sp);
	return rc;
}

/* Whether span has an index file beside archive. */
int
vg_lookix_exists(const char *archive, const char *span)
{
	char	*p = vg_lookix_path(archive, span);
	int	 r = access(p, F_OK) == 0;

	free(p);
	return r;
}

/*
 * A span just merged (vg_archive_compact): its index built when its
 * parts had one (had), or when it holds VG_LOOKIX_MIN sightings or more
 * (as the next import would build it), so that looks over it keep their
 * speed; fn as vg_lookix_update's.  Nothing for a server's archive.
 */
void
vg_lookix_merged(struct vg_archive *ar, const char *path,
    const struct vg_span *sp, int had, vg_lookix_fn fn, void *arg)
{
	/* (a server keeps no look index beside a file: nothing to build) */
	if (vg_archive_is_server(path))
		return;
	if (sp->sightings > 0 && (had || sp->sightings >= VG_LOOKIX_MIN))
		(void)ix_one(ar, path, sp, 1, fn, arg);
}

/* The span's vector file opened for vg_lookix_gather, or -1. */
int
vg_lookix_fd(const char *archive, const char *span)
{
	char	*p = vg_lookvec_path(archive, span);
	int	 fd;

	fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(p);
	/* a few bytes here and there: no read-ahead around each (128 KB of
	   the file read for each column of each candidate, when not cached) */
	if (fd != -1)
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
	return fd;
}

static int
pread_at(int fd, const struct vg_lookvec *lv, const void *at, void *to,
    size_t len)
{
	off_t	off = (const char *)at - (const char *)lv->map;

	return pread(fd, to, len, off) == (ssize_t)len ? 0 : -1;
}

/*
 * Column col (wid bytes a row) of rows[0..n-1] (in order) of a segment of
 * lv, to to: one pread(2) a run of rows less than a page apart.  0, or -1.
 */
static int
read_col(int fd, const struct vg_lookvec *lv, const void *col, size_t wid,
    const size_t *rows, size_t n, void *to, char **buf, size_t *cap)
{
	size_t	i, j, k, len, gap = 4096 / wid + 1;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && rows[j] - rows[j - 1] < gap; j++)
			;
		len = (rows[j - 1] - rows[i] + 1) * wid;
		if (len > *cap) {
			*cap = len;
			*buf = xreallocarray(*buf, len, 1);
		}
		if (pread_at(fd, lv, (const char *)col + rows[i] * wid, *buf,
		    len) == -1)
			return -1;
		for (k = i; k < j; k++)
			memcpy((char *)to + k * wid, *buf + (rows[k] -
			    rows[i]) * wid, wid);
	}
	return 0;
}

/*
 * The kind and colours (code, unless NULL) and attributes of rows
 * rows[0..n-1] (in order) of segment g of lv, read from its file fd: 0,
 * or -1.
 */
int
vg_lookix_peek(int fd, const struct vg_lookvec *lv,
    const struct vg_lookseg *g, const size_t *rows, size_t n,
    uint32_t *code, uint32_t *attr)
{
	char	*buf = NULL;
	size_t	 cap = 0;
	int	 rc;

	rc = (code != NULL && read_col(fd, lv, g->code, 4, rows, n, code,
	    &buf, &cap) == -1) || read_col(fd, lv, g->attr, 4, rows, n, attr,
	    &buf, &cap) == -1 ? -1 : 0;
	free(buf);
	return rc;
}

/*
 * Rows rows[0..n-1] (in order) of segment g of lv, read with pread(2)
 * from its file fd rather than through the mapping (where the first touch
 * of each page, a page for each column of each row the index names,
 * costs several times a read on a virtual machine), a run of rows on the
 * same page of a column at once, into out: a segment of n rows, its
 * attribute strings g's; its memory in *mem, to free.  With lean, their
 * times, ids and cameras alone (the rest left zero, for the caller to
 * fill).  0, or -1.
 */
int
vg_lookix_gather(int fd, const struct vg_lookvec *lv,
    const struct vg_lookseg *g, const size_t *rows, size_t n, int lean,
    struct vg_lookseg *out, void **mem)
{
	size_t	 dim = lv->dim, cap = 0;
	char	*m, *buf = NULL;
	int64_t	*first, *last, *id;
	int32_t	*cam;
	uint32_t *code, *attr;
	float	*scale;
	int8_t	*q;
	int	 bad;

	m = *mem = xcalloc(n ? n : 1, 3 * 8 + 4 * 4 + dim);
	first = (int64_t *)m;
	last = first + n;
	id = last + n;
	cam = (int32_t *)(id + n);
	code = (uint32_t *)(cam + n);
	attr = code + n;
	scale = (float *)(attr + n);
	q = (int8_t *)(scale + n);
	bad = read_col(fd, lv, g->first, 8, rows, n, first, &buf, &cap) ==
	    -1 || read_col(fd, lv, g->last, 8, rows, n, last, &buf, &cap) ==
	    -1 || read_col(fd, lv, g->id, 8, rows, n, id, &buf, &cap) == -1 ||
	    read_col(fd, lv, g->camera, 4, rows, n, cam, &buf, &cap) == -1 ||
	    (!lean && (read_col(fd, lv, g->code, 4, rows, n, code, &buf,
	    &cap) == -1 || read_col(fd, lv, g->attr, 4, rows, n, attr, &buf,
	    &cap) == -1 || read_col(fd, lv, g->scale, 4, rows, n, scale, &buf,
	    &cap) == -1 || read_col(fd, lv, g->q, dim, rows, n, q, &buf,
	    &cap) == -1));
	free(buf);
	if (bad) {
		free(m);
		*mem = NULL;
		return -1;
	}
	*out = *g;
	out->n = n;
	out->first = first;
	out->last = last;
	out->id = id;
	out->camera = cam;
	out->code = code;
	out->attr = attr;
	out->scale = scale;
	out->q = q;
	return 0;
}
