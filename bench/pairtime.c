/* pairtime: time two commands run in turn, whole processes, and print medians */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* What one run of a command took. */
struct took {
	double	wall;		/* elapsed, ms */
	double	cpu;		/* user and system time, ms */
};

static int
cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Run argv once, its output to /dev/null; exits if it fails. */
static struct took
run(char **argv)
{
	struct timespec	 s, e;
	struct rusage	 ru;
	struct took	 t;
	pid_t		 pid;
	int		 status, fd;

	clock_gettime(CLOCK_MONOTONIC, &s);
	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) == -1 ||
		    dup2(fd, 1) == -1)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1)
		err(1, "wait4");
	clock_gettime(CLOCK_MONOTONIC, &e);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		errx(1, "%s: failed (status %d)", argv[0], status);
	t.wall = (double)(e.tv_sec - s.tv_sec) * 1e3 +
	    (double)(e.tv_nsec - s.tv_nsec) / 1e6;
	t.cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	return t;
}

int
main(int argc, char *argv[])
{
	struct took	 t;
	double		*wa, *wb, *ca, *cb;
	char		**a, **b;
	int		 n, i;

	if (argc < 5 || (n = atoi(argv[1])) < 1)
		errx(2, "usage: pairtime runs command ... -- command ...");
	a = argv + 2;
	for (i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
		;
	if (i >= argc - 1 || i == 2)
		errx(2, "usage: pairtime runs command ... -- command ...");
	argv[i] = NULL;
	b = argv + i + 1;
	if ((wa = calloc((size_t)n * 4, sizeof(double))) == NULL)
		err(1, NULL);
	wb = wa + n;
	ca = wb + n;
	cb = ca + n;
	run(a);				/* once untimed each, for the cache */
	run(b);
	for (i = 0; i < n; i++) {
		t = run(a);
		wa[i] = t.wall;
		ca[i] = t.cpu;
		t = run(b);
		wb[i] = t.wall;
		cb[i] = t.cpu;
	}
	/* wall and CPU medians of the first, then of the second */
	printf("%.3f %.3f %.3f %.3f\n", median(wa, n), median(ca, n),
	    median(wb, n), median(cb, n));
	free(wa);
	return 0;
}
