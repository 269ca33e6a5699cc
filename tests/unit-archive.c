/* unit-archive: a query across spans asked again in one process (its
 * statement kept prepared), asked again from inside its own rows, and
 * asked after another connection imported a new day */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil.h"
#include "tap.h"
#include "unit-import.h"

/* What a query found, and the same query asked from its first row. */
struct found {
	struct vg_archive	*ar;		/* the archive read */
	const struct vg_query	*q;		/* the query */
	long			 n;		/* rows */
	long			 inner;		/* rows of the query asked
						   from the first, or -1 */
	char			 last[32];	/* the last row's time */
};

static int
count(const struct vg_row *r, void *arg)
{
	long	*n = arg;

	(void)r;
	(*n)++;
	return 0;
}

static int
nested(const struct vg_row *r, void *arg)
{
	struct found	*f = arg;
	struct vg_error	 e = { 0, NULL };

	if (f->n++ == 0) {
		f->inner = 0;
		if (vg_query_run(f->ar, f->q, count, &f->inner, &e) == -1) {
			vg_error_clear(&e);
			f->inner = -1;
		}
	}
	snprintf(f->last, sizeof(f->last), "%lld", (long long)r->t);
	return 0;
}

/* n gate reads of P1 at G1 on the day, from 02:00Z a minute apart. */
static void
gates(const char *path, int day, int n)
{
	char	buf[8192];
	size_t	len;
	int	i;

	len = (size_t)snprintf(buf, sizeof(buf), "time,gate,person,credential,"
	    "card,plate,direction,result,score\n");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
		    "2018-11-%02dT02:%02d:00Z,G1,P1,face,,,in,granted,0.9\n",
		    day, i);
	put(path, buf);
}

int
main(void)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*w, *r;
	struct vg_query		 q;
	struct found		 f;
	char			 dir[] = "unit-archive.XXXXXX", path[64];
	const char		*why;
	long			 n;
	uint32_t		 hours;

	if (mkdtemp(dir) == NULL || chdir(dir) == -1) {
		perror(dir);
		return 1;
	}
	put("site.xml", SITE_G1
	    "</site>\n");
	gates("1.gate.csv", 1, 10);
	gates("2.gate.csv", 2, 4);
	gates("3.gate.csv", 3, 5);
	snprintf(path, sizeof(path), "a.db");
	if (vg_archive_open(path, VG_ARCHIVE_RDWR | VG_ARCHIVE_CREATE, &w,
	    &e) == -1) {
		printf("# %s\n", e.msg);
		return 1;
	}
	ok(import(w, "site.xml") == 0 && import(w, "1.gate.csv") == 0 &&
	    import(w, "2.gate.csv") == 0, "two days imported");
	if (vg_archive_open(path, VG_ARCHIVE_RDONLY, &r, &e) == -1) {
		printf("# %s\n", e.msg);
		return 1;
	}

	vg_query_init(&q);
	q.person = "P1";
	if (vg_time_parse(NULL, "2018-10-31T00:00:00Z", 20, &q.from,
	    &why) == -1 || vg_time_parse(NULL, "2018-11-05T00:00:00Z", 20,
	    &q.to, &why) == -1)
		return 1;
	n = 0;
	ok(vg_query_run(r, &q, count, &n, &e) == 0, "a query over two spans");
	is_int(n, 14, "finds both days' rows");
	n = 0;
	ok(vg_query_run(r, &q, count, &n, &e) == 0, "asked again");
	is_int(n, 14, "the kept statement finds them again");

	memset(&f, 0, sizeof(f));
	f.ar = r;
	f.q = &q;
	f.inner = -2;
	ok(vg_query_run(r, &q, nested, &f, &e) == 0,
	    "asked from inside its own rows");
	is_int(f.n, 14, "the outer query reads every row");
	is_int(f.inner, 14, "the inner one too, on a statement of its own");
	n = 0;
	ok(vg_query_run(r, &q, count, &n, &e) == 0 && n == 14,
	    "and the kept one serves again after");

	/* another connection adds a day: the reader's next query reads it */
	ok(import(w, "3.gate.csv") == 0, "a third day imported by another"
	    " connection");
	memset(&f, 0, sizeof(f));
	f.ar = r;
	f.q = &q;
	ok(vg_query_run(r, &q, nested, &f, &e) == 0, "the same query");
	is_int(f.n, 19, "reads the new span's rows");
	is_int(f.inner, 19, "asked from inside, too");
	is_str(f.last, "1541210640000000", "the last row the new day's last");

	/* a call of two files: between them, and after the call, a reader
	 * finds the habits and rows of the first as when each file
	 * commits them whole (the habit table holds them at settle only) */
	put("4.gate.csv", "time,gate,person,credential,card,plate,direction,"
	    "result,score\n2018-11-04T02:10:00Z,G1,P2,face,,,in,granted,0.9\n"
	    "2018-11-04T05:10:00Z,G1,,badge,C9,,in,granted,\n");
	put("5.gate.csv", "time,gate,person,credential,card,plate,direction,"
	    "result,score\n2018-11-04T07:10:00Z,G1,P2,face,,,in,granted,0.9\n"
	    "2018-11-04T08:10:00Z,G1,P2,face,,,out,granted,0.9\n");
	ok(vg_archive_defer(w, 1000, &e) == 0 && import(w, "4.gate.csv") == 0,
	    "a call of many files: the first imported");
	ok(vg_ar_habit(r, "P2", "z", &hours, &e) == 0 && hours == 1u << 10,
	    "a reader finds its person's habit (10:00 local) before the"
	    " call's end");
	ok(vg_ar_habit(r, "C9", "z", &hours, &e) == 0 && hours == 1u << 13,
	    "and its card's");
	q.person = "P2";
	n = 0;
	ok(vg_query_run(r, &q, count, &n, &e) == 0 && n == 1,
	    "and its person's row");
	ok(import(w, "5.gate.csv") == 0, "the second imported");
	ok(vg_ar_habit(r, "P2", "z", &hours, &e) == 0 && hours == (1u << 10 |
	    1u << 15), "the reader adds its habit (an entry; not the exit)");
	ok(vg_archive_settle(w, &e) == 0, "the call's end");
	ok(vg_ar_habit(r, "P2", "z", &hours, &e) == 0 && hours == (1u << 10 |
	    1u << 15), "the same habit after it, now from the table");
	n = 0;
	ok(vg_query_run(r, &q, count, &n, &e) == 0 && n == 3,
	    "the person's rows after it");
	ok(vg_archive_settle(w, &e) == 0, "settling again does nothing");

	vg_archive_close(r);
	vg_archive_close(w);
	unlink("site.xml");
	unlink("1.gate.csv");
	unlink("2.gate.csv");
	unlink("3.gate.csv");
	unlink("4.gate.csv");
	unlink("5.gate.csv");
	unlink("a.db");
	unlink("a.db-wal");
	unlink("a.db-shm");
	if (chdir("..") == 0)
		rmdir(dir);
	return tap_done();
}
