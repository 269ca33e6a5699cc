/* unit-pg-stale: a reader's rows read ahead and looks kept on a server,
 * forgotten when another connection imports, and its kept queries,
 * planned once for any parameters or for each run's, answering alike run
 * after run, and a session the server ended made again (the archive named
 * by argv[1], a server's database that holds nothing yet; argv[2] the
 * command that ends its sessions; tests/t0234-pg-stale.sh) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil.h"
#include "model.h"
#include "tap.h"
#include "unit-import.h"

/* The rows a window or look gave, and whether in time order. */
struct seen {
	long		 n;		/* rows */
	int64_t		 last;		/* the last one's first seen */
	int		 unordered;	/* one came before the one ahead */
};

static int
seen(const struct vg_obs *o, void *arg)
{
	struct seen	*s = arg;

	if (s->n++ > 0 && o->first < s->last)
		s->unordered = 1;
	s->last = o->first;
	return 0;
}

/* n gate reads of P1 at G1 (gates) or sightings of P1 with a look at C1,
 * on 2018-11-01 from 02:MM a minute apart. */
static void
rows(const char *path, int gates, int from, int n)
{
	char	buf[8192];
	size_t	len;
	int	i, m;

	len = (size_t)snprintf(buf, sizeof(buf), gates ? "time,gate,person,"
	    "credential,card,plate,direction,result,score\n" : "camera,track,"
	    "first,kind,person,score,embedding\n");
	for (i = 0; i < n; i++) {
		m = from + i;
		if (gates)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
			    "2018-11-01T02:%02d:00Z,G1,P1,face,,,in,granted,"
			    "0.9\n", m);
		else
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
			    "C1,T%d,2018-11-01T02:%02d:30Z,person,P1,0.9,"
			    "AACAPwAAAEA=\n", m, m);
	}
	put(path, buf);
}

/* The rows of window lo..hi (UTC us) of device code, or -1 (also when
 * not in time order). */
static long
window(struct vg_archive *ar, const struct vg_graph *g, const char *code,
    int64_t lo, int64_t hi)
{
	struct vg_error	e = { 0, NULL };
	struct seen	s = { 0, 0, 0 };
	size_t		i;

	for (i = 0; i < g->ndev && strcmp(g->dev[i].code, code) != 0; i++)
		;
	if (i == g->ndev || vg_ar_window(ar, g, (int)i, lo, hi, seen, &s,
	    &e) == -1) {
		printf("# window: %s\n", e.msg != NULL ? e.msg : code);
		vg_error_clear(&e);
		return -1;
	}
	return s.unordered ? -1 : s.n;
}

/* P1's looks lo..hi, or -1 (also when not in time order). */
static long
looks(struct vg_archive *ar, const struct vg_graph *g, int64_t lo,
    int64_t hi)
{
	struct vg_error	e = { 0, NULL };
	struct seen	s = { 0, 0, 0 };

	if (vg_ar_person_looks(ar, g, "P1", lo, hi, seen, &s, &e) == -1) {
		printf("# looks: %s\n", e.msg);
		vg_error_clear(&e);
		return -1;
	}
	return s.unordered ? -1 : s.n;
}

static int
counted(const struct vg_row *r, void *arg)
{
	(void)r;
	(*(long *)arg)++;
	return 0;
}

/* P1's rows (person) or G1's lo..hi by vg_query_run, run seven times in
 * the session (the first planned for its parameters, the next ones for
 * any, or each for its own: archive-pg.c's kept_exec): the rows of each
 * run, or -1 when they differ or a run failed. */
static long
queried(struct vg_archive *ar, int person, int64_t lo, int64_t hi)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_query	 q;
	long		 n, first = -1;
	int		 i;

	vg_query_init(&q);
	if (person)
		q.person = "P1";
	else
		q.gate = "G1";
	q.from = lo;
	q.to = hi;
	for (i = 0; i < 7; i++) {
		n = 0;
		if (vg_query_run(ar, &q, counted, &n, &e) == -1) {
			printf("# query: %s\n", e.msg);
			vg_error_clear(&e);
			return -1;
		}
		if (first == -1)
			first = n;
		else if (n != first) {
			printf("# run %d: %ld rows, not %ld\n", i + 1, n, first);
			return -1;
		}
	}
	return first;
}

/* G1's lo..hi in a new reader's session whose first gate's hours
 * failed, after the writer imported the file change or dropped the span
 * change (a name without ".") meanwhile: queried's answer, or -1. */
static long
fresh(const char *path, int64_t lo, int64_t hi, const char *change)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*r, *w;
	struct vg_query		 q;
	long			 n = 0;

	if (vg_archive_open(path, VG_ARCHIVE_RDONLY, &r, &e) == -1) {
		printf("# %s\n", e.msg);
		vg_error_clear(&e);
		return -1;
	}
	vg_query_init(&q);
	q.gate = "G9";
	q.from = lo;
	q.to = hi;
	if (vg_query_run(r, &q, counted, &n, &e) != -1)
		n = -1;
	vg_error_clear(&e);
	if (n == 0 && change != NULL) {
		if (vg_archive_open(path, VG_ARCHIVE_RDWR, &w, &e) == -1)
			n = -1;
		else {
			if ((strchr(change, '.') != NULL ? import(w, change) :
			    vg_archive_span_drop(w, &change, 1, NULL, NULL,
			    &e)) != 0)
				n = -1;
			vg_archive_close(w);
		}
		if (e.msg != NULL)
			printf("# %s\n", e.msg);
		vg_error_clear(&e);
	}
	n = n == 0 ? queried(r, 0, lo, hi) : -1;
	vg_archive_close(r);
	return n;
}

int
main(int argc, char **argv)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*w, *r;
	struct vg_graph		 g;
	int64_t			 lo, hi;
	const char		*why;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: unit-pg-stale ARCHIVE [END-SESSIONS]\n");
		return 2;
	}
	put("site.xml", SITE_G1
	    "  <camera id=\"C1\" name=\"camera 1\" zone=\"z\" x=\"9\" y=\"0\""
	    " face=\"true\"/>\n"
	    "  <link from=\"G1\" to=\"C1\" min=\"5\" max=\"60\"/>\n"
	    "</site>\n");
	rows("1.gate.csv", 1, 0, 10);
	rows("2.gate.csv", 1, 20, 5);
	rows("1.sightings.csv", 0, 0, 3);
	rows("2.sightings.csv", 0, 10, 2);
	if (vg_time_parse(NULL, "2018-11-01T02:00:00Z", 20, &lo, &why) == -1 ||
	    vg_time_parse(NULL, "2018-11-01T02:30:00Z", 20, &hi, &why) == -1)
		return 1;
	if (vg_archive_open(argv[1], VG_ARCHIVE_RDWR | VG_ARCHIVE_CREATE, &w,
	    &e) == -1) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	ok(import(w, "site.xml") == 0 && import(w, "1.gate.csv") == 0 &&
	    import(w, "1.sightings.csv") == 0, "a site, gate reads and looks");
	if (vg_archive_open(argv[1], VG_ARCHIVE_RDONLY, &r, &e) == -1 ||
	    vg_ar_graph(r, &g, &e) == -1) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	is_int(window(r, &g, "G1", lo, hi), 10, "a reader's window: the 10"
	    " reads (the rows around it read ahead)");
	is_int(window(r, &g, "G1", lo + 60000000, hi - 60000000), 9,
	    "a narrower window (02:01 to 02:29), from the rows read ahead");
	is_int(looks(r, &g, lo, hi), 3, "P1's looks: 3");
	is_int(window(r, &g, "C1", lo, hi), 3, "the camera's window: 3");
	is_int(queried(r, 1, lo, hi), 13, "P1's half hour seven times in a"
	    " session: 13 rows each");
	is_int(queried(r, 0, lo, hi), 10, "G1's half hour seven times: 10"
	    " rows each");

	/* another connection imports into the same day */
	ok(import(w, "2.gate.csv") == 0 && import(w, "2.sightings.csv") == 0,
	    "another connection imports 5 reads and 2 looks in that window");
	sleep(2);	/* a check of the sources at most once a second */
	is_int(window(r, &g, "G1", lo, hi), 15, "the reader's window has"
	    " the new reads");
	is_int(looks(r, &g, lo, hi), 5, "and P1's looks the new ones");
	is_int(window(r, &g, "C1", lo, hi), 5, "the camera's window the new"
	    " sightings");
	is_int(queried(r, 1, lo, hi), 20, "P1's half hour, seven times more:"
	    " the new rows each time");
	is_int(queried(r, 0, lo, hi), 15, "G1's half hour: the new reads");

	/* the server ends the sessions (restarted; the command argv[2]):
	 * the read that meets the ended one fails, the next ones run on a
	 * connection made again, their statements prepared again */
	if (argc == 3) {
		ok(system(argv[2]) == 0, "the server ends the sessions");
		is_int(queried(r, 1, lo, hi), -1, "the reader's next query"
		    " fails");
		is_int(queried(r, 1, lo, hi), 20, "the one after it answers,"
		    " seven times (its statement prepared again)");
		is_int(window(r, &g, "G1", lo, hi), 15, "and a window");
	}

	/* a day imported meanwhile, and dropped: a session's first gate's
	 * hours name their days' tables, as the session read its spans, the
	 * server's spans for those times checked with the rows
	 * (archive-pg.c's lean_days_same); a reader whose first hours
	 * failed (an unknown gate) read the spans before the change */
	put("3.gate.csv", "time,gate,person,credential,card,plate,direction,"
	    "result,score\n"
	    "2018-11-02T02:00:00Z,G1,P1,face,,,in,granted,0.9\n"
	    "2018-11-02T02:01:00Z,G1,P1,face,,,in,granted,0.9\n"
	    "2018-11-02T02:02:00Z,G1,P1,face,,,in,granted,0.9\n");
	if (vg_time_parse(NULL, "2018-11-01T02:20:00Z", 20, &lo, &why) == -1 ||
	    vg_time_parse(NULL, "2018-11-02T02:10:00Z", 20, &hi, &why) == -1)
		return 1;
	is_int(fresh(argv[1], lo, hi, NULL), 5, "G1 from 11-01 02:20 to 11-02"
	    " 02:10: 5 reads");
	is_int(fresh(argv[1], lo, hi, "3.gate.csv"), 8, "another connection"
	    " imports 3 reads into a new day meanwhile: 8");
	is_int(fresh(argv[1], lo, hi, "2018-11-02"), 5, "and drops that day"
	    " meanwhile: 5");

	vg_graph_free(&g);
	vg_archive_close(r);
	vg_archive_close(w);
	return tap_done();
}
