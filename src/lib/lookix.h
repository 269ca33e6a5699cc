/* lookix.h: the interface of vigil-lookix.so (lookix-faiss.cc), which
 * lookix.c loads with dlopen(3): the index of a span's vectors */
#ifndef VIGIL_LOOKIX_H
#define VIGIL_LOOKIX_H

#include <stddef.h>
#include <stdint.h>

/* What an index is built from. */
struct vgx_build_in {
	size_t		 dim;		/* vector length */
	size_t		 n;		/* sightings, some with no vector */
	size_t		 nlist;		/* inverted lists */
	const char	*codes;		/* how the lists hold vectors, in
					   faiss's index_factory words
					   ("Flat", "SQ8", "PQ8") */
	size_t		 train;		/* most vectors trained on */
	/* the vectors of sightings from..from+count-1 that have one (unit,
	 * dim floats each) to x, their ids to id unless NULL: how many */
	size_t		(*get)(void *, size_t, size_t, float *, int64_t *);
	void		*arg;		/* get's */
};

/* What was built. */
struct vgx_built {
	size_t		 bloblen;	/* bytes of the trained index */
	size_t		 nlist;		/* lists */
	size_t		 code_size;	/* bytes a vector's code */
	size_t		 n;		/* vectors in the lists */
};

/* An index file's parts, as lookix.c mapped them. */
struct vgx_file {
	const uint8_t	*blob;		/* the trained index, faiss's form */
	size_t		 bloblen;	/* its bytes */
	size_t		 dim;		/* vector length */
	size_t		 nlist;		/* lists */
	size_t		 code_size;	/* bytes a code */
	size_t		 n;		/* vectors */
	const int64_t	*off;		/* list l: off[l] .. off[l + 1] - 1 */
	const int64_t	*ids;		/* every list's ids */
	const uint8_t	*codes;		/* their codes */
	const float	*radius;	/* list l's vectors are within
					   radius[l] of its centroid, or NULL
					   (unknown) */
	const int64_t	*boff;		/* list l's block b: boff[l * (nblock +
					   1) + b] .. that of b + 1 - 1 (its
					   ids in time order), or NULL */
	size_t		 nblock;	/* blocks of time, 0 none */
};

struct vgx;

/* vgx_build writes the trained index, then (padded to 8 bytes) the
 * lists' offsets, ids and codes, then (padded to 8 bytes) each list's
 * radius (float), to fd at its offset: 0, or -1 with why in err */
typedef int	 vgx_build_fn(const struct vgx_build_in *, int,
		     struct vgx_built *, char *, size_t);
typedef struct vgx *vgx_open_fn(const struct vgx_file *, char *, size_t);
/* the nearest (by inner product) k ids to q, looking in nprobe lists and
 * in every list whose vectors may have an inner product with q above
 * need, but in no more than most lists (0: no such bound), and (unless
 * NULL) their inner products as the lists' codes give them; the most the
 * inner product of a vector of a list not looked in may be to *beyond (1
 * when the radii are unknown), the lists looked in to *probed: how many,
 * or -1 */
typedef long	 vgx_search_fn(struct vgx *, const float *, size_t, size_t,
		     size_t, double, int64_t *, float *, double *, size_t *);
/* how far the codes' inner product with q may be from the vectors' */
typedef double	 vgx_slack_fn(struct vgx *, const float *);
typedef void	 vgx_close_fn(struct vgx *);
/* the searches to come look only at the lists' blocks b0 .. b1 - 1 (of
 * an index with blocks) */
typedef void	 vgx_window_fn(struct vgx *, size_t, size_t);

vgx_build_fn	 vgx_build;
vgx_open_fn	 vgx_open;
vgx_search_fn	 vgx_search;
vgx_slack_fn	 vgx_slack;
vgx_close_fn	 vgx_close;
vgx_window_fn	 vgx_window;

#include <sys/mman.h>
#include <unistd.h>

/* Bytes p .. p + len - 1 of a mapping of a file to be read soon: asked
 * of the kernel in parts of 128 KB (MADV_WILLNEED reads at most the
 * device's readahead or its largest request a call, 128 KB or more) */
static inline void
vgx_willneed(const void *p, size_t len)
{
	long		 pg = sysconf(_SC_PAGESIZE);
	uintptr_t	 a = (uintptr_t)p, e = a + len, part = 128 * 1024;

	if (pg <= 0 || len == 0)
		return;
	for (a &= ~((uintptr_t)pg - 1); a < e; a += part)
		(void)madvise((void *)a, e - a < part ? e - a : part,
		    MADV_WILLNEED);
}

#ifdef __SSE2__
#include <emmintrin.h>

/* The sums of four registers' int32 lanes, one a lane (the integer
 * bounds of like.c and the module's scan of 8-bit codes) */
static inline __m128i
vgx_sum4(__m128i a0, __m128i a1, __m128i a2, __m128i a3)
{
	__m128i	t0, t1;

	t0 = _mm_add_epi32(_mm_unpacklo_epi32(a0, a1),
	    _mm_unpackhi_epi32(a0, a1));
	t1 = _mm_add_epi32(_mm_unpacklo_epi32(a2, a3),
	    _mm_unpackhi_epi32(a2, a3));
	return _mm_add_epi32(_mm_unpacklo_epi64(t0, t1),
	    _mm_unpackhi_epi64(t0, t1));
}
#endif

#endif /* VIGIL_LOOKIX_H */
