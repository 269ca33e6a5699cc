/* benchquery: time vigil's queries in the library, without process start-up */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil.h"

static int
count(const struct vg_row *r, void *arg)
{
	(void)r;
	(*(long *)arg)++;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* BENCHQUERY_LOG: a file each run's milliseconds are added to, a line
 * "kind ms" (bench/pg-query's officers) */
static FILE	*runlog;

/*
 * Median milliseconds of runs of q, the first run's (its statements
 * prepared, later runs find them kept) in *first, the 99th percentile's
 * in *p99; rows found in *rows.
 */
static double
bench(struct vg_archive *ar, const struct vg_query *q, int runs, long *rows,
    double *first, double *p99, const char *kind)
{
	struct vg_error	 e = { 0, NULL };
	double		*ms, t, med;
	int		 i;

	ms = calloc((size_t)runs, sizeof(*ms));
	for (i = 0; i < runs; i++) {
		*rows = 0;
		t = now();
		if (vg_query_run(ar, q, count, rows, &e) == -1)
			errx(1, "%s", e.msg);
		ms[i] = (now() - t) * 1e3;
		if (runlog != NULL)
			fprintf(runlog, "%s %.3f\n", kind, ms[i]);
	}
	*first = ms[0];
	qsort(ms, (size_t)runs, sizeof(*ms), cmp);
	med = ms[runs / 2];
	*p99 = ms[runs * 99 / 100];
	free(ms);
	return med;
}

int
main(int argc, char *argv[])
{
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct vg_query		 q;
	const char		*why;
	int64_t			 from, to;
	long			 rows;
	double			 ms, first, p99;
	const char		*log;

	if (argc != 7)
		errx(2, "usage: benchquery archive person from to gate hour");
	if ((log = getenv("BENCHQUERY_LOG")) != NULL &&
	    (runlog = fopen(log, "a")) == NULL)
		err(1, "%s", log);
	if (vg_archive_open(argv[1], VG_ARCHIVE_RDONLY, &ar, &e) == -1)
		errx(1, "%s", e.msg);

	vg_query_init(&q);
	q.person = argv[2];
	if (vg_time_parse(NULL, argv[3], strlen(argv[3]), &from, &why) == -1 ||
	    vg_time_parse(NULL, argv[4], strlen(argv[4]), &to, &why) == -1)
		errx(2, "bad time: %s", why);
	q.from = from;
	q.to = to;
	ms = bench(ar, &q, 201, &rows, &first, &p99, "person");
	printf("person %s, 30 days: %ld rows, median %.3f ms, p99 %.3f ms,"
	    " first %.3f ms\n", argv[2], rows, ms, p99, first);

	vg_query_init(&q);
	q.gate = argv[5];
	if (vg_time_parse(NULL, argv[6], strlen(argv[6]), &from, &why) == -1)
		errx(2, "bad time: %s", why);
	q.from = from;
	q.to = from + 3600LL * 1000000 - 1;
	ms = bench(ar, &q, 201, &rows, &first, &p99, "gate");
	printf("gate %s, one hour: %ld rows, median %.3f ms, p99 %.3f ms,"
	    " first %.3f ms\n", argv[5], rows, ms, p99, first);
	vg_archive_close(ar);
	if (runlog != NULL)
		fclose(runlog);
	return 0;
}
