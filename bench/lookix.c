/*
 * lookix: build the index of search by look (lookix.c) over one span of
 * an archive, with the lists holding CODES (faiss's words: Flat, SQ8,
 * PQ8), and measure it: CPU and peak memory of the build, the file's
 * size, and over NQ sightings drawn from the span (fixed seed) the CPU of
 * a search and the recall of its first 100 against the exact first 100
 * by the file's cosine, and of its first 1,000 (what --like re-ranks).
 *
 *	lookix ARCHIVE SPAN CODES [NQ [DAYS]]
 *
 * CODES "-" measures the index there is without building one.  DAYS: the
 * index opened and searched (k 1,000, the candidates of --like -n 100)
 * that many times over, as the spans of so many days would be, each a
 * fresh open (the same file: its pages are in the page cache after the
 * first, as a day's are after its first search).
 *
 * The index is written beside ARCHIVE as vigil-import -L writes it.  The
 * module vigil-lookix.so is looked for beside this program: link it
 * there (ln -s ../src/vigil-lookix.so bench/).
 *
 *	lookix -d ARCHIVE SPAN NQ K THREADS DIR...
 *
 * The days: each DIR holds a copy of the span's vector file and index
 * under ARCHIVE's base name (bench/look-days makes them), as the spans of
 * so many days would be.  For NQ sightings drawn as above, each DIR's
 * index is opened, searched for the K nearest, and those K candidates read
 * from its vector file with pread(2) as vigil-query --like reads them
 * (vg_lookix_gather, segment by segment); the DIRs are shared out among
 * THREADS threads.  Said: the CPU (every thread's) and the elapsed time
 * of a query over all the DIRs, and, on the span itself, how many of the
 * exact first 100 by cosine are among the index's first K.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <math.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-int.h"

struct find {
	const char	*name;		/* the span wanted */
	struct vg_span	 sp;		/* found */
	int		 found;
};

static int
find_span(const struct vg_span *sp, void *arg)
{
	struct find	*f = arg;

	if (strcmp(sp->name, f->name) != 0)
		return 0;
	f->sp = *sp;
	f->found = 1;
	return 1;
}

static double
cpu(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static long
peak_mb(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

/* A position and its cosine, for the exact first 100. */
struct pc {
	double	 c;
	int64_t	 p;
};

static int
pc_cmp(const void *a, const void *b)
{
	const struct pc *x = a, *y = b;

	return x->c > y->c ? -1 : x->c < y->c;
}

#define TOP	100

/* A sighting with a vector drawn at random (xorshift *seed), its unit
 * vector to v. */
static void
draw(const struct vg_lookix *x, const struct vg_lookvec *lv, size_t npos,
    uint64_t *seed, float *v)
{
	const struct vg_lookseg *g;
	double	 norm = 0;
	size_t	 r, j;

	do {
		*seed ^= *seed << 13, *seed ^= *seed >> 7, *seed ^= *seed << 17;
		g = vg_lookix_row(x, lv, (int64_t)(*seed % npos), &r);
	} while (g == NULL || !(g->code[r] >> 24 & 1));
	for (j = 0; j < lv->dim; j++) {
		v[j] = g->q[r * lv->dim + j] * g->scale[r];
		norm += (double)v[j] * v[j];
	}
	for (j = 0; j < lv->dim; j++)
		v[j] /= (float)sqrt(norm);
}

/* The exact first TOP by the file's cosine with v, to all, best first:
 * how many. */
static size_t
exact_top(const struct vg_lookvec *lv, const float *v, struct pc *all)
{
	size_t	 m = 0, kept = 0, w, s, r, i, j, dim = lv->dim;

	for (s = 0, i = 0; s < lv->nseg; s++)
		for (r = 0; r < lv->seg[s].n; r++, i++) {
			const struct vg_lookseg *h = &lv->seg[s];
			double	 c = 0;

			if (!(h->code[r] >> 24 & 1))
				continue;
			for (j = 0; j < dim; j++)
				c += v[j] * h->q[r * dim + j];
			all[m].c = c * h->scale[r];
			all[m++].p = (int64_t)i;
		}
	/* the best TOP kept, then sorted */
	for (i = 0; i < m; i++) {
		if (kept < TOP) {
			all[kept++] = all[i];
			continue;
		}
		for (w = 0, j = 1; j < TOP; j++)
			if (all[j].c < all[w].c)
				w = j;
		if (all[i].c > all[w].c)
			all[w] = all[i];
	}
	qsort(all, kept, sizeof(*all), pc_cmp);
	return kept;
}

/* How many of the first m of all are among pos[0..n-1]. */
static size_t
found(const struct pc *all, size_t m, const int64_t *pos, long n)
{
	size_t	 i, hit = 0;
	long	 j;

	for (i = 0; i < m; i++)
		for (j = 0; j < n; j++)
			if (pos[j] == all[i].p) {
				hit++;
				break;
			}
	return hit;
}

static double
wall(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
pos_cmp(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* What a thread of the days' search is given. */
struct days {
	char		**arch;		/* the days' archive names */
	size_t		 from, to;	/* its days: arch[from..to-1] */
	const char	*span;		/* the span's name */
	const struct vg_lookvec *lv;	/* the span's vector file */
	const float	*q;		/* the look */
	size_t		 k;		/* candidates a day */
	size_t		 ndays;		/* days in all */
	size_t		 got;		/* candidates read */
	int		 failed;	/* a day could not be searched */
};

/* One query over days from..to-1, as look_indexed searches a span. */
static void *
days_run(void *arg)
{
	struct days	*d = arg;
	struct vg_error	 e = { 0, NULL };
	struct vg_lookix *x;
	const struct vg_lookseg *g, *was;
	struct vg_lookseg got;
	int64_t		*pos = calloc(d->k, sizeof(*pos));
	size_t		*rows = calloc(d->k + 1, sizeof(*rows)), nrows, row, i;
	void		*mem;
	long		 n, j;
	int		 fd;
	double		 every;

	for (i = d->from; i < d->to; i++) {
		if (vg_lookix_open(d->arch[i], d->span, d->lv, &x, &e) != 0) {
			d->failed = 1;
			break;
		}
		if (vg_lookix_ready(x, &e) == -1) {
			d->failed = 1;
			vg_lookix_close(x);
			break;
		}
		if ((n = vg_lookix_search(x, d->q, d->k, d->ndays, 0, 2, pos, NULL,
		    &every, NULL)) < 0 ||
		    (fd = vg_lookix_fd(d->arch[i], d->span)) == -1) {
			d->failed = 1;
			vg_lookix_close(x);
			break;
		}
		qsort(pos, (size_t)n, sizeof(*pos), pos_cmp);
		was = NULL;
		nrows = 0;
		for (j = 0; j <= n; j++) {
			g = j < n ? vg_lookix_row(x, d->lv, pos[j], &row) :
			    NULL;
			if (j < n && g == NULL)
				continue;
			if (g == was && j < n) {
				rows[nrows++] = row;
				continue;
			}
			if (nrows > 0) {
				if (vg_lookix_gather(fd, d->lv, was, rows,
				    nrows, 0, &got, &mem) == -1)
					d->failed = 1;
				else
					free(mem);
				d->got += nrows;
			}
			nrows = 0;
			if ((was = g) != NULL)
				rows[nrows++] = row;
		}
		close(fd);
		vg_lookix_close(x);
	}
	free(pos);
	free(rows);
	return NULL;
}

/* lookix -d: the index's search and candidates' reads over several days. */
static int
days_main(int argc, char *argv[])
{
	struct vg_error	 e = { 0, NULL };
	struct vg_archive *ar;
	struct vg_lookvec lv;
	struct vg_lookix *x;
	struct find	 f;
	struct days	 d[64];
	pthread_t	 th[64];
	const char	*base;
	char		**arch;
	struct pc	*all;
	int64_t		*pos;
	double		 every;
	uint64_t	 seed = 88172645463325252ULL;
	size_t		 nq, k, nt, ndays, npos = 0, i, s, q, dim, hit, tot,
			 got;
	double		 c0, w0, tcpu = 0, twall = 0, tmax = 0, tmin = 1e30;
	float		*v;

	if (argc < 8) {
		fprintf(stderr, "usage: lookix -d ARCHIVE SPAN NQ K THREADS"
		    " DIR...\n");
		return 2;
	}
	nq = (size_t)atol(argv[4]);
	k = (size_t)atol(argv[5]);
	nt = (size_t)atol(argv[6]);
	ndays = (size_t)(argc - 7);
	if (nt < 1 || nt > 64 || k < TOP)
		return 2;
	if (vg_archive_open(argv[2], VG_ARCHIVE_RDONLY, &ar, &e) == -1) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	memset(&f, 0, sizeof(f));
	f.name = argv[3];
	if (vg_archive_spans(ar, find_span, &f, &e) == -1 || !f.found ||
	    vg_ar_lookvec(ar, &f.sp, &lv, &e) != 0) {
		fprintf(stderr, "%s: no such span, or no vector file\n",
		    argv[3]);
		return 1;
	}
	if (vg_lookix_open(argv[2], argv[3], &lv, &x, &e) != 0 ||
	    vg_lookix_ready(x, &e) == -1) {
		fprintf(stderr, "open: %s\n", e.msg != NULL ? e.msg :
		    "no index");
		return 1;
	}
	dim = lv.dim;
	for (s = 0; s < lv.nseg; s++)
		npos += lv.seg[s].n;
	base = strrchr(argv[2], '/') != NULL ? strrchr(argv[2], '/') + 1 :
	    argv[2];
	arch = calloc(ndays, sizeof(*arch));
	for (i = 0; i < ndays; i++) {
		arch[i] = malloc(strlen(argv[7 + i]) + strlen(base) + 2);
		sprintf(arch[i], "%s/%s", argv[7 + i], base);
	}
	all = calloc(npos, sizeof(*all));
	pos = calloc(k, sizeof(*pos));
	v = calloc(dim, sizeof(*v));
	hit = tot = got = 0;
	for (q = 0; q < nq; q++) {
		size_t	 m;
		double	 c1, w1;

		draw(x, &lv, npos, &seed, v);
		/* the days, timed */
		c0 = cpu();
		w0 = wall();
		for (i = 0; i < nt; i++) {
			d[i].arch = arch;
			d[i].from = ndays * i / nt;
			d[i].to = ndays * (i + 1) / nt;
			d[i].span = argv[3];
			d[i].lv = &lv;
			d[i].q = v;
			d[i].k = k;
			d[i].ndays = ndays;
			d[i].got = 0;
			d[i].failed = 0;
			if (nt > 1)
				pthread_create(&th[i], NULL, days_run, &d[i]);
			else
				days_run(&d[i]);
		}
		for (i = 0; i < nt; i++) {
			if (nt > 1)
				pthread_join(th[i], NULL);
			if (d[i].failed) {
				fprintf(stderr, "a day could not be"
				    " searched\n");
				return 1;
			}
			got += d[i].got;
		}
		c1 = cpu() - c0;
		w1 = wall() - w0;
		tcpu += c1;
		twall += w1;
		tmax = fmax(tmax, w1);
		tmin = fmin(tmin, w1);
		/* the exact first TOP of the span, and the index's first k */
		m = exact_top(&lv, v, all);
		hit += found(all, m, pos, vg_lookix_search(x, v, k, 1, 0, 2, pos, NULL,
		    &every, NULL));
		tot += m;
	}
	printf("%zu days, k %zu, %zu threads, %zu queries: %.1f ms CPU a query"
	    " (%.2f a day), %.1f ms elapsed (%.1f-%.1f), %zu candidates read;"
	    " the exact first 100 among the index's first %zu: %.3f\n", ndays,
	    k, nt, nq, tcpu * 1e3 / (double)nq, tcpu * 1e3 / (double)nq /
	    (double)ndays, twall * 1e3 / (double)nq, tmin * 1e3, tmax * 1e3,
	    got / nq, k, (double)hit / (double)tot);
	vg_lookix_close(x);
	vg_lookvec_close(&lv);
	vg_archive_close(ar);
	for (i = 0; i < ndays; i++)
		free(arch[i]);
	free(arch);
	free(all);
	free(pos);
	free(v);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct vg_error	 e = { 0, NULL };
	struct vg_archive *ar;
	struct vg_lookvec lv;
	struct vg_lookix *x;
	struct find	 f;
	struct stat	 sb;
	struct pc	*all;
	int64_t		*pos;
	uint64_t	 seed = 88172645463325252ULL;
	size_t		 nq = 20, days = 0, nvec = 0, npos = 0, s, q, dim, hit100,
			 hit1000, tot;
	double		 t0, tsearch = 0, tsearch1000 = 0;
	float		*v;
	char		*ix;
	long		 n;
	double		 every;

	if (argc > 1 && strcmp(argv[1], "-d") == 0)
		return days_main(argc, argv);
	if (argc < 4) {
		fprintf(stderr, "usage: lookix ARCHIVE SPAN CODES [NQ]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 4)
		nq = (size_t)atol(argv[4]);
	if (argc > 5)
		days = (size_t)atol(argv[5]);
	if (vg_archive_open(argv[1], VG_ARCHIVE_RDONLY, &ar, &e) == -1) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	memset(&f, 0, sizeof(f));
	f.name = argv[2];
	if (vg_archive_spans(ar, find_span, &f, &e) == -1 || !f.found ||
	    vg_ar_lookvec(ar, &f.sp, &lv, &e) != 0) {
		fprintf(stderr, "%s: %s\n", argv[2], e.msg != NULL ? e.msg :
		    "no such span, or no vector file");
		return 1;
	}
	dim = lv.dim;
	for (s = 0; s < lv.nseg; s++)
		npos += lv.seg[s].n;
	t0 = cpu();
	if (strcmp(argv[3], "-") != 0 && vg_lookix_build(argv[1], argv[2], &lv,
	    argv[3], &nvec, &e) != 0) {
		fprintf(stderr, "build: %s\n", e.msg != NULL ? e.msg :
		    "too few vectors");
		return 1;
	}
	ix = vg_lookix_path(argv[1], argv[2]);
	stat(ix, &sb);
	printf("span %s: %zu sightings, %zu vectors of %zu, codes %s\n",
	    argv[2], npos, nvec, dim, argv[3]);
	printf("build: %.1f s CPU, peak %ld MB, file %.1f MB\n", cpu() - t0,
	    peak_mb(), (double)sb.st_size / 1e6);
	t0 = cpu();
	if (vg_lookix_open(argv[1], argv[2], &lv, &x, &e) != 0) {
		fprintf(stderr, "open: %s\n", e.msg);
		return 1;
	}
	printf("open: %.2f ms CPU (the module loaded)\n", (cpu() - t0) * 1e3);
	all = calloc(npos, sizeof(*all));
	pos = calloc(1000, sizeof(*pos));
	v = calloc(dim, sizeof(*v));
	hit100 = hit1000 = tot = 0;
	for (q = 0; q < nq; q++) {
		size_t	 m;

		draw(x, &lv, npos, &seed, v);
		m = exact_top(&lv, v, all);
		t0 = cpu();
		n = vg_lookix_search(x, v, TOP, 1, 0, 2, pos, NULL, &every, NULL);
		tsearch += cpu() - t0;
		hit100 += found(all, m, pos, n);
		t0 = cpu();
		n = vg_lookix_search(x, v, 1000, 1, 0, 2, pos, NULL, &every,
		    NULL);
		tsearch1000 += cpu() - t0;
		hit1000 += found(all, m, pos, n);
		tot += m;
	}
	printf("search, %zu queries: k 100 %.2f ms CPU a query, recall at"
	    " 100 %.3f; k 1000 %.2f ms, the exact first 100 among them"
	    " %.3f\n", nq, tsearch * 1e3 / (double)nq, (double)hit100 /
	    (double)tot, tsearch1000 * 1e3 / (double)nq, (double)hit1000 /
	    (double)tot);
	vg_lookix_close(x);
	if (days > 0) {
		t0 = cpu();
		for (q = 0; q < days; q++) {
			if (vg_lookix_open(argv[1], argv[2], &lv, &x, &e) != 0) {
				fprintf(stderr, "open: %s\n", e.msg);
				return 1;
			}
			n = vg_lookix_search(x, v, 1000, 1, 0, 2, pos, NULL, &every,
		    NULL);
			vg_lookix_close(x);
		}
		printf("%zu days: open and search (k 1000) %.1f ms CPU in all,"
		    " %.2f ms a day\n", days, (cpu() - t0) * 1e3, (cpu() - t0) *
		    1e3 / (double)days);
	}
	vg_lookvec_close(&lv);
	vg_archive_close(ar);
	free(all);
	free(pos);
	free(v);
	free(ix);
	return 0;
}
