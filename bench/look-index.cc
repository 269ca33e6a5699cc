// look-index: exact search against faiss's IVF-Flat and HNSW over an
// archive's appearance vectors, to choose the index of vigil-query --like.
//
//     look-index VECTORS DIM [QUERIES [LISTS [HNSW]]]
//
// VECTORS is the raw little-endian float32 vectors, DIM each, one sighting
// after another, and VECTORS.ids their (id, first) as two int64 each (see
// bench/look-speed, which writes both from an archive).  Queries are
// sightings drawn at random (fixed seed); the truth is exact inner-product
// search over the unit vectors (the cosine).  Figures are CPU time of one
// thread, per query, and recall of the index's first 100 against the
// exact first 100.  LISTS is IVF's number of lists (default 4 sqrt(n)),
// HNSW how many of the vectors HNSW is built on (default 1 M: its build is
// the cost).
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/index_io.h>
#include <omp.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <vector>

typedef faiss::Index::idx_t idx_t;
static const int K = 100;

static double
cpu()
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static long
peak_mb()
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

// Search q (nq of them) in ix one at a time: CPU ms a query, labels out.
static double
search(faiss::Index *ix, const float *q, int nq, std::vector<idx_t> &lab)
{
	std::vector<float> d(K);
	double t0 = cpu();

	lab.assign((size_t)nq * K, -1);
	for (int i = 0; i < nq; i++)
		ix->search(1, q + (size_t)i * ix->d, K, d.data(),
		    lab.data() + (size_t)i * K);
	return (cpu() - t0) * 1000 / nq;
}

static double
recall(const std::vector<idx_t> &a, const std::vector<idx_t> &t,
    int nq)
{
	size_t hit = 0;

	for (int i = 0; i < nq; i++) {
		std::set<idx_t> s(t.begin() + (size_t)i * K,
		    t.begin() + (size_t)(i + 1) * K);
		for (int j = 0; j < K; j++)
			hit += s.count(a[(size_t)i * K + j]);
	}
	return (double)hit / ((size_t)nq * K);
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: look-index VECTORS DIM"
		    " [QUERIES [LISTS [HNSW]]]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	int dim = atoi(argv[2]), nq = argc > 3 ? atoi(argv[3]) : 50;
	FILE *fp = fopen(argv[1], "rb");
	if (fp == NULL) {
		perror(argv[1]);
		return 1;
	}
	fseek(fp, 0, SEEK_END);
	size_t n = (size_t)ftell(fp) / (4 * (size_t)dim);
	fseek(fp, 0, SEEK_SET);
	std::vector<float> x(n * dim);
	if (fread(x.data(), 4 * (size_t)dim, n, fp) != n)
		return 1;
	fclose(fp);
	for (size_t i = 0; i < n; i++) {
		double s = 0;
		for (int j = 0; j < dim; j++)
			s += (double)x[i * dim + j] * x[i * dim + j];
		s = s > 0 ? std::sqrt(s) : 1;
		for (int j = 0; j < dim; j++)
			x[i * dim + j] /= s;
	}
	omp_set_num_threads(1);
	std::mt19937_64 rng(18);
	std::vector<float> q((size_t)nq * dim);
	for (int i = 0; i < nq; i++) {
		size_t r = rng() % n;
		std::copy(&x[r * dim], &x[(r + 1) * dim], &q[(size_t)i * dim]);
	}
	printf("%zu vectors of %d, %d queries, k %d\n", n, dim, nq, K);

	std::vector<idx_t> truth, got;
	faiss::IndexFlatIP flat(dim);
	flat.add(n, x.data());
	double ms = search(&flat, q.data(), nq, truth);
	printf("exact (flat)           %8.2f ms/query  recall 1.000"
	    "  %zu MB\n", ms, n * dim * 4 >> 20);

	// an hour: the exact scan over one twenty-fourth of the vectors
	{
		size_t h = n / 24;
		faiss::IndexFlatIP hour(dim);
		hour.add(h, x.data() + (n / 2) * dim);
		std::vector<idx_t> l;
		ms = search(&hour, q.data(), nq, l);
		printf("exact, 1/24 of them    %8.2f ms/query (%zu vectors)\n",
		    ms, h);
	}

	size_t nlist = (size_t)(4 * std::sqrt((double)n));
	nlist = std::min<size_t>(std::max<size_t>(nlist, 64), 16384);
	if (argc > 4)
		nlist = (size_t)atol(argv[4]);
	{
		faiss::IndexFlatIP coarse(dim);
		faiss::IndexIVFFlat ivf(&coarse, dim, nlist,
		    faiss::METRIC_INNER_PRODUCT);
		size_t nt = std::min(n, nlist * 64);
		double t0 = cpu();
		ivf.train(nt, x.data());
		double tt = cpu() - t0;
		t0 = cpu();
		ivf.add(n, x.data());
		printf("IVF-Flat, %zu lists: trained on %zu in %.1f s CPU,"
		    " %zu added in %.1f s CPU; peak %ld MB\n", nlist, nt,
		    tt, n, cpu() - t0, peak_mb());
		for (int np : { 4, 8, 16, 32, 64, 128 }) {
			ivf.nprobe = np;
			ms = search(&ivf, q.data(), nq, got);
			printf("IVF-Flat nprobe %-4d   %8.2f ms/query  recall"
			    " %.3f\n", np, ms, recall(got, truth, nq));
		}
	}

	size_t nh = std::min<size_t>(n, argc > 5 ? (size_t)atol(argv[5]) :
	    1000000);
	{
		faiss::IndexFlatIP sub(dim);
		sub.add(nh, x.data());
		std::vector<idx_t> t2;
		search(&sub, q.data(), nq, t2);
		faiss::IndexHNSWFlat h(dim, 32, faiss::METRIC_INNER_PRODUCT);
		h.hnsw.efConstruction = 64;
		double t0 = cpu();
		h.add(nh, x.data());
		printf("HNSW32 on %zu: built in %.1f s CPU; peak %ld MB\n", nh,
		    cpu() - t0, peak_mb());
		for (int ef : { 100, 200, 400 }) {
			h.hnsw.efSearch = ef;
			ms = search(&h, q.data(), nq, got);
			printf("HNSW32 efSearch %-4d   %8.2f ms/query  recall"
			    " %.3f\n", ef, ms, recall(got, t2, nq));
		}
		faiss::IndexFlatIP coarse(dim);
		size_t nl = (size_t)(4 * std::sqrt((double)nh));
		faiss::IndexIVFFlat ivf(&coarse, dim, nl,
		    faiss::METRIC_INNER_PRODUCT);
		t0 = cpu();
		ivf.train(std::min(nh, nl * 64), x.data());
		ivf.add(nh, x.data());
		printf("IVF-Flat, %zu lists, on %zu: built in %.1f s CPU\n",
		    nl, nh, cpu() - t0);
		for (int np : { 8, 16, 32 }) {
			ivf.nprobe = np;
			ms = search(&ivf, q.data(), nq, got);
			printf("IVF-Flat nprobe %-4d   %8.2f ms/query  recall"
			    " %.3f\n", np, ms, recall(got, t2, nq));
		}
	}
	return 0;
}
