// lookix-faiss.cc: faiss's inverted-file index over a span's appearance
// vectors, behind the C interface of lookix.h (vigil-lookix.so, which
// lookix.c loads only when an index is built or searched, so that no
// other tool loads faiss or the C++ library)
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/impl/io.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>
#include <faiss/invlists/InvertedLists.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

extern "C" {
#include "lookix.h"
}

typedef faiss::Index::idx_t idx_t;

// The lists as lookix.c mapped them from the file: read only, not copied;
// with blocks of time, only the window's part of each.
struct MappedLists : faiss::ReadOnlyInvertedLists {
	const int64_t	*off;		// list l holds off[l] .. off[l + 1]
	const int64_t	*ids;		// every list's ids, one after another
	const uint8_t	*codes;		// and their codes
	const int64_t	*boff;		// list l's blocks' starts, or NULL
	size_t		 nb;		// blocks
	size_t		 b0, b1;	// the window: blocks b0 .. b1 - 1

	MappedLists(size_t nlist, size_t code_size, const int64_t *o,
	    const int64_t *i, const uint8_t *c, const int64_t *bo, size_t n)
	    : ReadOnlyInvertedLists(nlist, code_size), off(o), ids(i),
	    codes(c), boff(bo), nb(n), b0(0), b1(n) {}
	int64_t start(size_t l) const {
		return boff != nullptr ? boff[l * (nb + 1) + b0] : off[l];
	}
	int64_t end(size_t l) const {
		return boff != nullptr ? boff[l * (nb + 1) + b1] : off[l + 1];
	}
	size_t list_size(size_t l) const override {
		return (size_t)(end(l) - start(l));
	}
	const uint8_t *get_codes(size_t l) const override {
		return codes + (size_t)start(l) * code_size;
	}
	const idx_t *get_ids(size_t l) const override {
		return (const idx_t *)ids + start(l);
	}
};

struct vgx {
	std::unique_ptr<faiss::IndexIVF> ix;	// the trained index
	std::unique_ptr<MappedLists>	 lists;	// its lists, mapped
	std::vector<float>		 step;	// a code's step by component
						// (empty: exact; NaN: unknown)
	const float			*radius; // of each list, or NULL
	const float			*vmin;	// SQ8 over inner products: each
						// component's least (NULL:
						// searched by faiss itself)
	const float			*vdiff;	// and its range
	bool				 resid;	// codes of the residuals from
						// the lists' centroids
	// what the last search of 8-bit codes looked at, for the next
	// round's (the same look, more lists): its query, the window's
	// blocks, the lists it read (a prefix of the next round's, best
	// first) and the nearest of their vectors, a heap of at most most
	std::vector<float>		 mq;	// the query (empty: none kept)
	size_t				 mb0, mb1; // the window's blocks
	std::vector<idx_t>		 ml;	// the lists read
	std::vector<float>		 mip;	// the nearest's inner products
	std::vector<int64_t>		 mid;	// and positions
	size_t				 most;	// the heap's room
};

static void
say(char *err, size_t len, const char *what)
{
	snprintf(err, len, "%s", what);
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char	*c = (const char *)p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = write(fd, c, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

extern "C" int
vgx_build(const struct vgx_build_in *in, int fd, struct vgx_built *out,
    char *err, size_t errlen)
{
	try {
		size_t	 dim = in->dim, n = in->n, i, ns, chunk = 65536;
		char	 spec[64];

		omp_set_num_threads(1);
		snprintf(spec, sizeof(spec), "IVF%zu,%s", in->nlist, in->codes);
		std::unique_ptr<faiss::Index> base(faiss::index_factory(
		    (int)dim, spec, faiss::METRIC_INNER_PRODUCT));
		faiss::IndexIVF *ix = dynamic_cast<faiss::IndexIVF *>(
		    base.get());
		if (ix == nullptr) {
			say(err, errlen, "not an inverted-file index");
			return -1;
		}
		ix->verbose = false;
		ix->cp.seed = 1234;
		// a sample spread over the span, at most in->train of them
		ns = std::min(n, in->train);
		std::vector<float> x(std::max(ns, chunk) * dim);
		std::vector<idx_t> id(chunk);
		size_t got = 0;
		for (i = 0; i < ns; i++)
			got += in->get(in->arg, i * (n / ns), 1, &x[got * dim],
			    nullptr);
		ix->train((idx_t)got, x.data());
		for (i = 0; i < n; i += chunk) {
			size_t k = in->get(in->arg, i, std::min(chunk, n - i),
			    x.data(), (int64_t *)id.data());

			if (k > 0)
				ix->add_with_ids((idx_t)k, x.data(), id.data());
		}
		// the trained index without its lists, then the lists
		faiss::ArrayInvertedLists *al =
		    dynamic_cast<faiss::ArrayInvertedLists *>(ix->invlists);
		if (al == nullptr) {
			say(err, errlen, "unexpected inverted lists");
			return -1;
		}
		faiss::ArrayInvertedLists *full = al;
		ix->invlists = new faiss::ArrayInvertedLists(ix->nlist,
		    ix->code_size);
		size_t total = ix->ntotal;
		ix->ntotal = 0;
		faiss::VectorIOWriter w;
		faiss::write_index(ix, &w);
		delete ix->invlists;
		ix->invlists = full;
		ix->ntotal = (idx_t)total;
		std::vector<int64_t> off(ix->nlist + 1);
		for (i = 0; i < ix->nlist; i++)
			off[i + 1] = off[i] + (int64_t)full->ids[i].size();
		size_t pad = (8 - w.data.size() % 8) % 8;
		char zero[8] = { 0 };
		int bad = write_all(fd, w.data.data(), w.data.size()) == -1 ||
		    write_all(fd, zero, pad) == -1 ||
		    write_all(fd, off.data(), off.size() * 8) == -1;
		for (i = 0; !bad && i < ix->nlist; i++)
			bad = write_all(fd, full->ids[i].data(),
			    full->ids[i].size() * 8) == -1;
		for (i = 0; !bad && i < ix->nlist; i++)
			bad = write_all(fd, full->codes[i].data(),
			    full->codes[i].size()) == -1;
		// each list's radius: the farthest of its decoded vectors
		// from its centroid, and a whole step of the codes beyond
		size_t codes = 0;
		for (i = 0; i < ix->nlist; i++)
			codes += full->codes[i].size();
		float far = 0;
		faiss::IndexIVFScalarQuantizer *sq =
		    dynamic_cast<faiss::IndexIVFScalarQuantizer *>(ix);
		if (sq != nullptr && sq->sq.trained.size() == 2 * dim)
			for (size_t j = 0; j < dim; j++)
				far += sq->sq.trained[dim + j] *
				    sq->sq.trained[dim + j] / (255.0f * 255.0f);
		std::vector<float> radius(ix->nlist), c(dim), v(dim);
		for (i = 0; i < ix->nlist; i++) {
			float r2 = 0;

			ix->quantizer->reconstruct((idx_t)i, c.data());
			for (size_t o = 0; o < full->ids[i].size(); o++) {
				float d2 = 0;

				ix->reconstruct_from_offset((int64_t)i,
				    (int64_t)o, v.data());
				for (size_t j = 0; j < dim; j++)
					d2 += (v[j] - c[j]) * (v[j] - c[j]);
				r2 = std::max(r2, d2);
			}
			radius[i] = std::sqrt(r2) + std::sqrt(far) + 1e-5f;
		}
		size_t rpad = (8 - (w.data.size() + pad + off.size() * 8 +
		    ix->ntotal * 8 + codes + radius.size() * 4) % 8) % 8;
		bad = bad || write_all(fd, radius.data(), radius.size() * 4) ==
		    -1 || write_all(fd, zero, rpad) == -1;
		if (bad) {
			say(err, errlen, strerror(errno));
			return -1;
		}
		out->bloblen = w.data.size();
		out->nlist = ix->nlist;
		out->code_size = ix->code_size;
		out->n = total;
		return 0;
	} catch (const std::exception &e) {
		say(err, errlen, e.what());
		return -1;
	}
}

extern "C" struct vgx *
vgx_open(const struct vgx_file *f, char *err, size_t errlen)
{
	try {
		faiss::VectorIOReader r;
		std::unique_ptr<vgx> h(new vgx);

		r.data.assign(f->blob, f->blob + f->bloblen);
		std::unique_ptr<faiss::Index> base(faiss::read_index(&r));
		faiss::IndexIVF *ix = dynamic_cast<faiss::IndexIVF *>(
		    base.get());
		if (ix == nullptr || ix->nlist != f->nlist ||
		    ix->code_size != f->code_size || (size_t)ix->d != f->dim) {
			say(err, errlen, "another index than its header says");
			return nullptr;
		}
		base.release();
		h->ix.reset(ix);
		h->lists.reset(new MappedLists(f->nlist, f->code_size, f->off,
		    f->ids, f->codes, f->boff, f->nblock));
		ix->replace_invlists(h->lists.get(), false);
		ix->ntotal = (idx_t)f->n;
		h->radius = f->radius;
		// 8 bits a component over its trained range (vmin, vdiff
		// each), decoded at the middle of its step
		faiss::IndexIVFScalarQuantizer *sq =
		    dynamic_cast<faiss::IndexIVFScalarQuantizer *>(ix);
		if (sq != nullptr && sq->sq.qtype ==
		    faiss::ScalarQuantizer::QT_8bit && sq->sq.trained.size() ==
		    2 * f->dim)
			for (size_t j = 0; j < f->dim; j++)
				h->step.push_back(sq->sq.trained[f->dim + j] /
				    255.0f);
		else if (dynamic_cast<faiss::IndexIVFFlat *>(ix) == nullptr)
			h->step.assign(1, NAN);
		h->vmin = h->vdiff = nullptr;
		if (sq != nullptr && sq->sq.qtype ==
		    faiss::ScalarQuantizer::QT_8bit && sq->sq.trained.size() ==
		    2 * f->dim && ix->metric_type ==
		    faiss::METRIC_INNER_PRODUCT && ix->code_size == f->dim) {
			h->vmin = sq->sq.trained.data();
			h->vdiff = sq->sq.trained.data() + f->dim;
			h->resid = sq->by_residual;
		}
		return h.release();
	} catch (const std::exception &e) {
		say(err, errlen, e.what());
		return nullptr;
	}
}

// The least of a heap of n (ip, id), at h[0]: ip[i] at most its children's.
static void
heap_down(float *ip, int64_t *id, size_t n, size_t i)
{
	float	 v = ip[i];
	int64_t	 x = id[i];
	size_t	 c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && ip[c + 1] < ip[c])
			c++;
		if (!(ip[c] < v))
			break;
		ip[i] = ip[c];
		id[i] = id[c];
		i = c;
	}
	ip[i] = v;
	id[i] = x;
}

// The inner product of q with the vector code decodes to, less the
// constant part: the sum of w[j] code[j] (w[j]: q's component times the
// code's step), in floats four at a time
static inline float
sq8_dot(const float *w, const uint8_t *code, size_t dim)
{
	size_t	j = 0;
	float	s = 0;
#ifdef __SSE2__
	__m128	acc = _mm_setzero_ps(), t;
	__m128i	zero = _mm_setzero_si128(), c, lo, hi;
	float	v[4];

	for (; j + 16 <= dim; j += 16) {
		c = _mm_loadu_si128((const __m128i *)(code + j));
		lo = _mm_unpacklo_epi8(c, zero);
		hi = _mm_unpackhi_epi8(c, zero);
		acc = _mm_add_ps(acc, _mm_mul_ps(_mm_cvtepi32_ps(
		    _mm_unpacklo_epi16(lo, zero)), _mm_loadu_ps(w + j)));
		acc = _mm_add_ps(acc, _mm_mul_ps(_mm_cvtepi32_ps(
		    _mm_unpackhi_epi16(lo, zero)), _mm_loadu_ps(w + j + 4)));
		acc = _mm_add_ps(acc, _mm_mul_ps(_mm_cvtepi32_ps(
		    _mm_unpacklo_epi16(hi, zero)), _mm_loadu_ps(w + j + 8)));
		acc = _mm_add_ps(acc, _mm_mul_ps(_mm_cvtepi32_ps(
		    _mm_unpackhi_epi16(hi, zero)), _mm_loadu_ps(w + j + 12)));
	}
	t = _mm_add_ps(acc, _mm_movehl_ps(acc, acc));
	t = _mm_add_ss(t, _mm_shuffle_ps(t, t, 1));
	_mm_store_ss(v, t);
	s = v[0];
#endif
	for (; j < dim; j++)
		s += w[j] * (float)code[j];
	return s;
}

#ifdef __SSE2__
// Which of four codes (one after another) may have a sum above lim: the
// bits of those whose integer sum with w16 (dim / 8 halves), times sc,
// is above it
static inline unsigned
sq8_four(const int16_t *w16, const uint8_t *code, size_t dim, float sc,
    float lim)
{
	__m128i	zero = _mm_setzero_si128(), a[4], c, w;
	size_t	j, r;

	for (r = 0; r < 4; r++)
		a[r] = zero;
	for (j = 0; j < dim; j += 16) {
		w = _mm_loadu_si128((const __m128i *)(w16 + j));
		for (r = 0; r < 4; r++) {
			c = _mm_loadu_si128((const __m128i *)(code + r * dim +
			    j));
			a[r] = _mm_add_epi32(a[r], _mm_madd_epi16(
			    _mm_unpacklo_epi8(c, zero), w));
		}
		w = _mm_loadu_si128((const __m128i *)(w16 + j + 8));
		for (r = 0; r < 4; r++) {
			c = _mm_loadu_si128((const __m128i *)(code + r * dim +
			    j));
			a[r] = _mm_add_epi32(a[r], _mm_madd_epi16(
			    _mm_unpackhi_epi8(c, zero), w));
		}
	}
	return (unsigned)_mm_movemask_ps(_mm_cmpgt_ps(_mm_mul_ps(
	    _mm_cvtepi32_ps(vgx_sum4(a[0], a[1], a[2], a[3])),
	    _mm_set1_ps(sc)), _mm_set1_ps(lim)));
}
#endif

// faiss's search of an IVF index of 8-bit codes by inner product, its
// scanner's work done here: component j of a code c decodes to vmin[j] +
// (c + 0.5) / 255 vdiff[j], so the inner product with q is a constant
// (with the list's centroid's, for residuals) and a sum of q's components
// weighed by the code's bytes, summed four at a time where faiss's
// scalar build decodes each component (bench/README.md, look20).  The
// nearest k of the first nprobe lists of cl (by ci, best first) to ids
// and ip, best first: how many.
static long
sq8_search(struct vgx *h, const float *q, size_t k, const float *ci,
    const idx_t *cl, size_t nprobe, int64_t *ids, float *ip)
{
	size_t	 dim = (size_t)h->ix->d, i, j, n, len, from = 0, room;
	std::vector<float> w(dim);
	float	 base = 0, a, top = -INFINITY;
	const uint8_t *code;
	const idx_t *id;
	float	*hip;
	int64_t	*hid;

	if (k == 0)
		return 0;
	// a later round of the same look: the lists read before are a
	// prefix of its lists, their nearest kept (as many as it asks)
	if (!h->mq.empty() && k <= h->most && h->ml.size() <= nprobe &&
	    h->mb0 == h->lists->b0 && h->mb1 == h->lists->b1 &&
	    std::equal(h->ml.begin(), h->ml.end(), cl) &&
	    std::memcmp(h->mq.data(), q, dim * sizeof(*q)) == 0) {
		from = h->ml.size();
		room = h->most;
	} else {	// anew: room for the rounds' growth (IX_GROW^2)
		room = std::max(k, std::min(16 * k, (size_t)65536));
		h->mq.assign(q, q + dim);
		h->mb0 = h->lists->b0;
		h->mb1 = h->lists->b1;
		h->ml.clear();
		h->mip.clear();
		h->mid.clear();
		h->most = room;
	}
	n = h->mip.size();
	h->mip.resize(room);
	h->mid.resize(room);
	hip = h->mip.data();
	hid = h->mid.data();
	if (n == room)
		top = hip[0];
	for (j = 0; j < dim; j++) {
		w[j] = q[j] * (h->vdiff[j] / 255.0f);
		base += q[j] * (h->vmin[j] + 0.5f * h->vdiff[j] / 255.0f);
	}
	auto offer = [&](float v, int64_t x) {
		if (n < room) {	// filling: a heap once full
			hip[n] = v;
			hid[n++] = x;
			if (n == room) {
				for (size_t r = room / 2; r-- > 0; )
					heap_down(hip, hid, room, r);
				top = hip[0];
			}
		} else if (v > top) {
			hip[0] = v;
			hid[0] = x;
			heap_down(hip, hid, room, 0);
			top = hip[0];
		}
	};
#ifdef __SSE2__
	// the weights as 16-bit integers (w[j] about sc w16[j]): a code's
	// integer sum, times sc, is within slop of its sum in floats (the
	// weights' rounding by the code's bytes, and the floats' own)
	std::vector<int16_t> w16(dim);
	float	 sc = 0, slop = 0, wmax = 0, wsum = 0;
	bool	 isum = dim % 16 == 0 && dim <= 4096;

	for (j = 0; j < dim; j++) {
		wmax = std::max(wmax, std::fabs(w[j]));
		wsum += std::fabs(w[j]);
	}
	if (isum) {
		float	lim = std::min(32767.0f, std::floor(2147483647.0f /
		    (255.0f * (float)dim)) - 1);

		sc = wmax > 0 ? wmax / lim : 0;
		for (j = 0; j < dim; j++) {
			w16[j] = sc > 0 ? (int16_t)std::lrint(w[j] / sc) : 0;
			slop += std::fabs(w[j] - sc * (float)w16[j]) * 255;
		}
		slop = slop * 1.001f + 1e-5f * (1 + std::fabs(base) +
		    255 * wsum) + 1e-6f * sc * 255 * (float)dim * lim;
	}
#endif
	for (i = from; i < nprobe; i++) {
		h->ml.push_back(cl[i]);
		if (cl[i] < 0)
			continue;
		len = h->lists->list_size((size_t)cl[i]);
		code = h->lists->get_codes((size_t)cl[i]);
		id = h->lists->get_ids((size_t)cl[i]);
		a = base + (h->resid ? ci[i] : 0);
		for (j = 0; j < len; ) {
#ifdef __SSE2__
			// four at a time where the heap is full: those whose
			// integer sum leaves them no room above its least
			// skipped, the others summed as below
			if (isum && n == room && j + 4 <= len) {
				unsigned m = sq8_four(w16.data(), code, dim,
				    sc, top - a - slop);

				for (size_t r = 0; m != 0 && r < 4; r++)
					if (m >> r & 1)
						offer(a + sq8_dot(w.data(),
						    code + r * dim, dim),
						    id[j + r]);
				j += 4;
				code += 4 * dim;
				continue;
			}
#endif
			offer(a + sq8_dot(w.data(), code, dim), id[j]);
			j++;
			code += dim;
		}
	}
	if (n < room) {
		h->mip.resize(n);
		h->mid.resize(n);
		for (size_t r = n / 2; r-- > 0; )
			heap_down(h->mip.data(), h->mid.data(), n, r);
	}
	// the nearest k, best first
	std::vector<std::pair<float, int64_t> > r(n);
	for (i = 0; i < n; i++)
		r[i] = std::make_pair(h->mip[i], h->mid[i]);
	k = std::min(k, n);
	std::partial_sort(r.begin(), r.begin() + (long)k, r.end(),
	    [](const std::pair<float, int64_t> &x,
	    const std::pair<float, int64_t> &y) {
		return x.first > y.first || (x.first == y.first &&
		    x.second < y.second);
	});
	for (i = 0; i < k; i++) {
		ip[i] = r[i].first;
		ids[i] = r[i].second;
	}
	return (long)k;
}

// List l's ids and codes (its window's part) to be read soon
static void
soon(struct vgx *h, size_t l)
{
	size_t	n = h->lists->list_size(l);

	vgx_willneed(h->lists->get_ids(l), n * 8);
	vgx_willneed(h->lists->get_codes(l), n * h->lists->code_size);
}

extern "C" long
vgx_search(struct vgx *h, const float *q, size_t k, size_t nprobe,
    size_t most, double need, int64_t *ids, float *dist, double *beyond,
    size_t *probed)
{
	try {
		std::vector<float> d(dist != nullptr ? 0 : k);
		size_t i, nlist = h->ix->nlist;

		omp_set_num_threads(1);
		*beyond = 1;
		if (most > 0 && nprobe > most)
			nprobe = most;
		std::vector<float> ci(h->radius != nullptr ? nlist : 0);
		std::vector<idx_t> cl(h->radius != nullptr ? nlist : 0);

		if (h->radius != nullptr) {
			// every list by its centroid's inner product: those
			// whose vectors may reach need are looked in
			h->ix->quantizer->search(1, q, (idx_t)nlist, ci.data(),
			    cl.data());
			*beyond = -1;
			for (i = 0; i < nlist; i++) {
				double b = cl[i] < 0 ? -1 : (double)ci[i] +
				    h->radius[cl[i]];

				if (i >= nprobe && b > need)
					nprobe = i + 1;
			}
			if (most > 0 && nprobe > most)
				nprobe = most;
			for (i = std::min(nprobe, nlist); i < nlist; i++)
				if (cl[i] >= 0)
					*beyond = std::max(*beyond,
					    (double)ci[i] + h->radius[cl[i]]);
		}
		h->ix->nprobe = std::min(nprobe, nlist);
		*probed = h->ix->nprobe;
		// the lists' ids and codes asked for at once (the mapping
		// reads nothing ahead of a fault)
		for (i = h->vmin != nullptr && h->ml.size() <= h->ix->nprobe &&
		    !h->mq.empty() ? h->ml.size() : 0; h->radius != nullptr &&
		    i < h->ix->nprobe; i++)
			if (cl[i] >= 0)
				soon(h, (size_t)cl[i]);
		if (h->vmin != nullptr && h->radius != nullptr)
			return sq8_search(h, q, k, ci.data(), cl.data(),
			    h->ix->nprobe, ids, dist != nullptr ? dist :
			    d.data());
		h->ix->search(1, q, (idx_t)k, dist != nullptr ? dist : d.data(),
		    (idx_t *)ids);
		for (i = 0; i < k && ids[i] >= 0; i++)
			;
		return (long)i;
	} catch (const std::exception &e) {
		return -1;
	}
}

// A component decoded within half its step of the vector's (a whole step
// allowed: components out of the trained range are clamped); inner
// products within the sum of those by q's components
extern "C" double
vgx_slack(struct vgx *h, const float *q)
{
	double	e = 0;
	size_t	j;

	if (h->step.size() == 1 && std::isnan(h->step[0]))
		return INFINITY;
	for (j = 0; j < h->step.size(); j++)
		e += std::fabs(q[j]) * h->step[j];
	return e;
}

extern "C" void
vgx_window(struct vgx *h, size_t b0, size_t b1)
{
	if (h->lists->boff == nullptr)
		return;
	h->lists->b0 = std::min(b0, h->lists->nb);
	h->lists->b1 = std::max(h->lists->b0, std::min(b1, h->lists->nb));
}

extern "C" void
vgx_close(struct vgx *h)
{
	if (h != nullptr && h->ix)
		h->ix->replace_invlists(nullptr, false);
	delete h;
}
