/* benchquery: time vigil's queries in the library, without process start-up */
#include <dirent.h>
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
 * BENCHQUERY_PGDATA: the server's data folder; its one backend serving
 * this process is then found, and each run's line in BENCHQUERY_LOG
 * goes on with where its time went, in milliseconds (the kernel's
 * schedstat: time on a core, time runnable waiting for one): the
 * client's on a core and waiting, the server's backend's on a core and
 * waiting, and the backend's bytes read from the disk
 */
static long	 backend;

static int	backends(const char *);

/* the schedstat of process pid (0: this one): milliseconds on a core in
 * run[0], runnable waiting for one in run[1] */
static void
sched(long pid, double run[2])
{
	char	 path[96];
	FILE	*f;
	unsigned long long	a = 0, b = 0;

	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/schedstat");
	else
		snprintf(path, sizeof(path), "/proc/%ld/schedstat", pid);
	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%llu %llu", &a, &b) != 2)
			a = b = 0;
		fclose(f);
	}
	run[0] = a / 1e6;
	run[1] = b / 1e6;
}

/* the bytes backend has read from the disk (read_bytes of /proc's io) */
static double
readbytes(void)
{
	char	 path[96], line[128];
	FILE	*f;
	double	 n = 0;

	snprintf(path, sizeof(path), "/proc/%ld/io", backend);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "read_bytes: ", 12) == 0)
			n = strtod(line + 12, NULL);
	fclose(f);
	return n;
}

/* the one client backend of the server in pgdata (its postmaster's
 * children that serve a session on the Unix socket); a session closed
 * just before may take a moment to leave */
static void
find_backend(const char *pgdata)
{
	struct timespec	 pause = { 0, 10000000 };
	int		 tries;

	for (tries = 0; tries < 100; tries++) {
		if (backends(pgdata) == 1)
			return;
		nanosleep(&pause, NULL);
	}
	errx(1, "%s: sessions on the server, not one", pgdata);
}

static int
backends(const char *pgdata)
{
	char		 path[4096], line[256], ppid[32];
	FILE		*f;
	DIR		*d;
	struct dirent	*de;
	int		 n = 0, child;
	size_t		 k;

	snprintf(path, sizeof(path), "%s/postmaster.pid", pgdata);
	if ((f = fopen(path, "r")) == NULL || fgets(ppid, sizeof(ppid),
	    f) == NULL)
		err(1, "%s", path);
	fclose(f);
	ppid[strcspn(ppid, "\n")] = '\0';
	if ((d = opendir("/proc")) == NULL)
		err(1, "/proc");
	while ((de = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "/proc/%s/status", de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		child = 0;
		while (fgets(line, sizeof(line), f) != NULL)
			if (strncmp(line, "PPid:\t", 6) == 0) {
				line[strcspn(line, "\n")] = '\0';
				child = strcmp(line + 6, ppid) == 0;
			}
		fclose(f);
		snprintf(path, sizeof(path), "/proc/%s/cmdline", de->d_name);
		if (!child || (f = fopen(path, "r")) == NULL)
			continue;
		k = fread(line, 1, sizeof(line) - 1, f);
		line[k] = '\0';
		fclose(f);
		if (strstr(line, "[local]") != NULL) {
			backend = strtol(de->d_name, NULL, 10);
			n++;
		}
	}
	closedir(d);
	return n;
}

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
	double		*ms, t, med, c0[2], c1[2], s0[2], s1[2], r0 = 0;
	int		 i;

	ms = calloc((size_t)runs, sizeof(*ms));
	for (i = 0; i < runs; i++) {
		*rows = 0;
		if (backend != 0) {
			sched(0, c0);
			sched(backend, s0);
			r0 = readbytes();
		}
		t = now();
		if (vg_query_run(ar, q, count, rows, &e) == -1)
			errx(1, "%s", e.msg);
		ms[i] = (now() - t) * 1e3;
		if (runlog == NULL)
			continue;
		fprintf(runlog, "%s %.3f", kind, ms[i]);
		if (backend != 0) {
			sched(0, c1);
			sched(backend, s1);
			fprintf(runlog, " %.3f %.3f %.3f %.3f %.0f",
			    c1[0] - c0[0], c1[1] - c0[1], s1[0] - s0[0],
			    s1[1] - s0[1], readbytes() - r0);
		}
		fputc('\n', runlog);
	}
	*first = ms[0];
	qsort(ms, (size_t)runs, sizeof(*ms), cmp);
	med = ms[runs / 2];
	*p99 = ms[runs * 99 / 100];
	free(ms);
	return med;
}

/*
 * BENCHQUERY_FRESH=n: q run once in each of n new sessions (a tool's one
 * query), with BENCHQUERY_PGDATA; the medians of the session's server
 * CPU before it (the connection and the archive opened), the query's
 * server CPU, the client's CPU and its wall time printed, each run's in
 * BENCHQUERY_LOG as "kind-first ms server-open server-query client-query
 * client-waiting".
 */
static void
fresh(const char *path, const struct vg_query *q, int n, const char *kind)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	double			*ms, *so, *sq, *cq, s0[2], s1[2], c0[2], c1[2], t;
	long			 rows;
	int			 i;

	ms = calloc((size_t)n, sizeof(*ms));
	so = calloc((size_t)n, sizeof(*so));
	sq = calloc((size_t)n, sizeof(*sq));
	cq = calloc((size_t)n, sizeof(*cq));
	for (i = 0; i < n; i++) {
		if (vg_archive_open(path, VG_ARCHIVE_RDONLY, &ar, &e) == -1)
			errx(1, "%s", e.msg);
		find_backend(getenv("BENCHQUERY_PGDATA"));
		sched(backend, s0);
		sched(0, c0);
		rows = 0;
		t = now();
		if (vg_query_run(ar, q, count, &rows, &e) == -1)
			errx(1, "%s", e.msg);
		ms[i] = (now() - t) * 1e3;
		sched(0, c1);
		sched(backend, s1);
		so[i] = s0[0];
		sq[i] = s1[0] - s0[0];
		cq[i] = c1[0] - c0[0];
		vg_archive_close(ar);
		if (runlog != NULL)
			fprintf(runlog, "%s-first %.3f %.3f %.3f %.3f %.3f\n", kind,
			    ms[i], so[i], sq[i], cq[i], c1[1] - c0[1]);
	}
	qsort(ms, (size_t)n, sizeof(*ms), cmp);
	qsort(so, (size_t)n, sizeof(*so), cmp);
	qsort(sq, (size_t)n, sizeof(*sq), cmp);
	qsort(cq, (size_t)n, sizeof(*cq), cmp);
	printf("%s, a session's one query (%d sessions): %ld rows, median"
	    " %.3f ms; server CPU: the session opened %.3f ms, the query %.3f"
	    " ms; client CPU %.3f ms (medians)\n", kind, n, rows, ms[n / 2],
	    so[n / 2], sq[n / 2], cq[n / 2]);
	free(cq);
	free(ms);
	free(so);
	free(sq);
}

int
main(int argc, char *argv[])
{
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct vg_query		 qp, qg;
	const char		*why;
	int64_t			 from, to;
	long			 rows;
	double			 ms, first, p99;
	const char		*log;
	int			 nfresh = 0;

	if (argc != 7)
		errx(2, "usage: benchquery archive person from to gate hour");
	if ((log = getenv("BENCHQUERY_LOG")) != NULL &&
	    (runlog = fopen(log, "a")) == NULL)
		err(1, "%s", log);
	if (getenv("BENCHQUERY_FRESH") != NULL &&
	    (nfresh = atoi(getenv("BENCHQUERY_FRESH"))) > 0 &&
	    getenv("BENCHQUERY_PGDATA") == NULL)
		errx(2, "BENCHQUERY_FRESH needs BENCHQUERY_PGDATA");

	vg_query_init(&qp);
	qp.person = argv[2];
	if (vg_time_parse(NULL, argv[3], strlen(argv[3]), &from, &why) == -1 ||
	    vg_time_parse(NULL, argv[4], strlen(argv[4]), &to, &why) == -1)
		errx(2, "bad time: %s", why);
	qp.from = from;
	qp.to = to;
	vg_query_init(&qg);
	qg.gate = argv[5];
	if (vg_time_parse(NULL, argv[6], strlen(argv[6]), &from, &why) == -1)
		errx(2, "bad time: %s", why);
	qg.from = from;
	qg.to = from + 3600LL * 1000000 - 1;
	/* each in sessions of its own first (find_backend wants one) */
	if (nfresh > 0) {
		fresh(argv[1], &qp, nfresh, "person");
		fresh(argv[1], &qg, nfresh, "gate");
	}

	/* BENCHQUERY_FRESH with BENCHQUERY_RUNS=0: the new sessions alone */
	if (nfresh > 0 && getenv("BENCHQUERY_RUNS") != NULL &&
	    strcmp(getenv("BENCHQUERY_RUNS"), "0") == 0)
		return 0;
	if (vg_archive_open(argv[1], VG_ARCHIVE_RDONLY, &ar, &e) == -1)
		errx(1, "%s", e.msg);
	if (runlog != NULL && getenv("BENCHQUERY_PGDATA") != NULL)
		find_backend(getenv("BENCHQUERY_PGDATA"));
	ms = bench(ar, &qp, 201, &rows, &first, &p99, "person");
	printf("person %s, 30 days: %ld rows, median %.3f ms, p99 %.3f ms,"
	    " first %.3f ms\n", argv[2], rows, ms, p99, first);
	ms = bench(ar, &qg, 201, &rows, &first, &p99, "gate");
	printf("gate %s, one hour: %ld rows, median %.3f ms, p99 %.3f ms,"
	    " first %.3f ms\n", argv[5], rows, ms, p99, first);
	vg_archive_close(ar);
	if (runlog != NULL)
		fclose(runlog);
	return 0;
}
