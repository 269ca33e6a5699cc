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
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <math.h>
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
	const struct vg_lookseg *g;
	int64_t		*pos;
	uint64_t	 seed = 88172645463325252ULL;
	size_t		 nq = 20, days = 0, nvec = 0, npos = 0, i, j, r, s, q, dim, hit100,
			 hit1000, tot;
	double		 t0, tsearch = 0, tsearch1000 = 0;
	float		*v;
	char		*ix;
	long		 n;

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
		size_t	 m = 0;
		double	 norm = 0;

		/* a sighting with a vector, at random */
		do {
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			g = vg_lookix_row(x, &lv, (int64_t)(seed % npos), &r);
		} while (g == NULL || !(g->code[r] >> 24 & 1));
		for (j = 0; j < dim; j++) {
			v[j] = g->q[r * dim + j] * g->scale[r];
			norm += (double)v[j] * v[j];
		}
		for (j = 0; j < dim; j++)
			v[j] /= (float)sqrt(norm);
		for (s = 0, i = 0; s < lv.nseg; s++)
			for (r = 0; r < lv.seg[s].n; r++, i++) {
				const struct vg_lookseg *h = &lv.seg[s];
				double	 c = 0;

				if (!(h->code[r] >> 24 & 1))
					continue;
				for (j = 0; j < dim; j++)
					c += v[j] * h->q[r * dim + j];
				all[m].c = c * h->scale[r];
				all[m++].p = (int64_t)i;
			}
		/* the first TOP by cosine: the best TOP kept, then sorted */
		{
			size_t	 kept = 0, w;

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
			m = kept;
		}
		qsort(all, m, sizeof(*all), pc_cmp);
		t0 = cpu();
		n = vg_lookix_search(x, v, TOP, pos);
		tsearch += cpu() - t0;
		for (i = 0; i < TOP && i < m; i++)
			for (j = 0; j < (size_t)n; j++)
				if (pos[j] == all[i].p) {
					hit100++;
					break;
				}
		t0 = cpu();
		n = vg_lookix_search(x, v, 1000, pos);
		tsearch1000 += cpu() - t0;
		for (i = 0; i < TOP && i < m; i++)
			for (j = 0; j < (size_t)n; j++)
				if (pos[j] == all[i].p) {
					hit1000++;
					break;
				}
		tot += TOP < m ? TOP : m;
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
			n = vg_lookix_search(x, v, 1000, pos);
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
