/* vigil-import: import site descriptions, rosters, gate logs and sightings */
#include "config.h"

#include <sys/stat.h>

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "tool.h"

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-import [-hkqV] [-A archive] [-d device] [-K age]"
	    " [-M age]\n"
	    "                    [-t type] [-w wait] [-z zone]"
	    " [--into week|month] [file ...]\n"
	    "       vigil-import -C [-q] [-A archive] [span ...]\n"
	    "       vigil-import -D [-q] [-A archive] [-w wait] span ...\n"
	    "       vigil-import -K age [-q] [-A archive] [-w wait]\n"
	    "       vigil-import -L [-q] [-A archive]\n"
	    "       vigil-import -M age [-q] [-A archive] [-w wait]"
	    " [--into week|month]\n"
	    "       vigil-import -O destination [-q] [-A archive] [-z zone]"
	    " [--from time]\n"
	    "                    [--to time] [span ...]\n"
	    "       vigil-import -l [-A archive] [-F format] [-z zone]\n"
	    "       vigil-import -S [-A archive] [-F format] [-z zone]\n");
	exit(status);
}

/* Options with no letter. */
enum { OPT_FROM = 256, OPT_INTO, OPT_TO };

#define HEAP_ROOM	(256 << 20)	/* the heap readied for an import: the
					   archive's page cache at most */

/* The bytes of the files named (those that can be read). */
static int64_t
files_size(char *paths[], int n)
{
	struct stat	 sb;
	int64_t		 bytes = 0;
	int		 i;

	for (i = 0; i < n; i++)
		if (stat(paths[i], &sb) == 0 && S_ISREG(sb.st_mode))
			bytes += (int64_t)sb.st_size;
	return bytes;
}

static const char *
noun(enum vg_format f, int64_t n)
{
	switch (f) {
	case VG_FORMAT_SITE:
		return n == 1 ? "site item" : "site items";
	case VG_FORMAT_ROSTER:
		return n == 1 ? "person" : "people";
	case VG_FORMAT_GATE:
	case VG_FORMAT_ZKTECO:
	case VG_FORMAT_HIKACS:
		return n == 1 ? "gate event" : "gate events";
	case VG_FORMAT_DAHUA:		/* gate events and sightings */
	case VG_FORMAT_HIKVISION:
	case VG_FORMAT_ONVIF:
		return n == 1 ? "event" : "events";
	default:
		return n == 1 ? "sighting" : "sightings";
	}
}

/* What an import left out as already in the archive, for its report. */
static const char *
repeated(const struct vg_import *im)
{
	static char	buf[160];
	size_t		len = 0;

	buf[0] = '\0';
	if (im->nrepeated > 0)
		len += (size_t)snprintf(buf, sizeof(buf), "; %lld already in"
		    " the archive, left out", (long long)im->nrepeated);
	if (im->nother > 0 && len < sizeof(buf))
		snprintf(buf + len, sizeof(buf) - len, "; %lld other event%s"
		    " (not passages or sightings) left out",
		    (long long)im->nother, im->nother == 1 ? "" : "s");
	return buf;
}

struct list_state {
	struct vg_out	*out;		/* the table */
	struct vg_tz	*tz;		/* zone for import times */
};

static int
list_one(const struct vg_source *s, void *arg)
{
	struct list_state	*ls = arg;
	char			 id[24], size[24], rows[24], rej[24];
	char			 t[VG_TIME_BUFSZ];
	const char		*v[8];

	snprintf(id, sizeof(id), "%lld", (long long)s->id);
	snprintf(size, sizeof(size), "%llu", (unsigned long long)s->size);
	snprintf(rows, sizeof(rows), "%lld", (long long)s->rows);
	snprintf(rej, sizeof(rej), "%lld", (long long)s->rejected);
	vg_time_format(ls->tz, s->imported, t, sizeof(t));
	v[0] = id, v[1] = s->path, v[2] = vg_format_name(s->format);
	v[3] = rows, v[4] = rej, v[5] = size, v[6] = s->sha256, v[7] = t;
	return vg_out_row(ls->out, v) == -1 ? -1 : 0;
}

static int
list_span(const struct vg_span *sp, void *arg)
{
	struct list_state	*ls = arg;
	char			 g[24], n[24];
	char			 a[VG_TIME_BUFSZ], b[VG_TIME_BUFSZ];
	const char		*v[5];

	snprintf(g, sizeof(g), "%lld", (long long)sp->gates);
	snprintf(n, sizeof(n), "%lld", (long long)sp->sightings);
	vg_time_format(ls->tz, sp->start, a, sizeof(a));
	vg_time_format(ls->tz, sp->end, b, sizeof(b));
	v[0] = sp->name, v[1] = a, v[2] = b, v[3] = g, v[4] = n;
	return vg_out_row(ls->out, v) == -1 ? -1 : 0;
}

/* The archive's sources or spans, by list_one or list_span, as a table. */
static int
list_table(const char *path, enum vg_fmt fmt, struct vg_tz *tz, int spans)
{
	static const struct vg_col sources[] = {
		{ "id", VG_COL_NUM }, { "path", VG_COL_TEXT },
		{ "format", VG_COL_TEXT }, { "rows", VG_COL_NUM },
		{ "rejected", VG_COL_NUM }, { "size", VG_COL_NUM },
		{ "sha256", VG_COL_TEXT }, { "imported", VG_COL_TEXT },
	};
	static const struct vg_col spancols[] = {
		{ "span", VG_COL_TEXT }, { "start", VG_COL_TEXT },
		{ "end", VG_COL_TEXT }, { "gates", VG_COL_NUM },
		{ "sightings", VG_COL_NUM },
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct list_state	 ls;
	int			 rc;

	if (vg_archive_open(path, VG_ARCHIVE_RDONLY, &ar, &e) == -1)
		tool_fail(&e);
	ls.tz = tz != NULL ? tz : vg_archive_tz(ar);
	if (spans) {
		ls.out = tool_out(fmt, spancols, sizeof(spancols) /
		    sizeof(spancols[0]), 0);
		rc = vg_archive_spans(ar, list_span, &ls, &e);
	} else {
		ls.out = tool_out(fmt, sources, sizeof(sources) /
		    sizeof(sources[0]), 0);
		rc = vg_archive_sources(ar, list_one, &ls, &e);
	}
	if (vg_out_end(ls.out) == -1 && rc == 0)
		rc = -1;
	vg_archive_close(ar);
	if (rc != 0 && e.set)
		tool_fail(&e);
	return tool_close_stdout();
}

/* Files named in a message: " ('a', 'b', 'c' and 2 more)". */
static void
three_names(FILE *fp, const char *const *paths, size_t n)
{
	char	 b[VG_SHOWSZ];
	size_t	 i;

	fprintf(fp, " (");
	for (i = 0; i < n && i < 3; i++)
		fprintf(fp, "%s'%s'", i > 0 ? ", " : "", vg_show(paths[i],
		    strlen(paths[i]), b, sizeof(b)));
	if (n > 3)
		fprintf(fp, " and %zu more", n - 3);
	fprintf(fp, ")");
}

/*
 * The files refused for want of a site description, said once after the
 * others rather than once a file: up to three names, and why there is no
 * site (a site file that failed, or none given).
 */
static void
nosite_say(char **paths, size_t n, const char *sitefail)
{
	char	 b[VG_SHOWSZ], *msg = NULL;
	size_t	 len = 0;
	FILE	*fp;

	if (n == 0)
		return;
	if ((fp = open_memstream(&msg, &len)) == NULL)
		err(TOOL_EXIT_FAIL, "open_memstream");
	if (n == 1)
		fprintf(fp, "'%s'", vg_show(paths[0], strlen(paths[0]), b,
		    sizeof(b)));
	else
		fprintf(fp, "%zu files not imported", n);
	fprintf(fp, ": the archive has no site description: ");
	if (sitefail != NULL)
		fprintf(fp, "'%s' failed above", vg_show(sitefail,
		    strlen(sitefail), b, sizeof(b)));
	else
		fprintf(fp, "import site.xml first");
	if (n > 1)
		three_names(fp, (const char *const *)paths, n);
	if (fclose(fp) != 0)
		err(TOOL_EXIT_FAIL, "open_memstream");
	warnx("%s", tool_plain(msg));
	free(msg);
}

/*
 * Files refused for the reason the file before them was (a server whose
 * connection was lost refuses every file after it), said once when the
 * run of them ends rather than once a file: up to three names.
 */
struct alike {
	char		*why;		/* the last refusal's reason, or NULL */
	const char	**paths;	/* the files refused for it since */
	size_t		 n;		/* how many */
};

static void
alike_say(struct alike *a)
{
	char	 b[VG_SHOWSZ], *msg = NULL;
	size_t	 len = 0;
	FILE	*fp;

	if (a->n > 0) {
		if ((fp = open_memstream(&msg, &len)) == NULL)
			err(TOOL_EXIT_FAIL, "open_memstream");
		if (a->n == 1)
			fprintf(fp, "'%s': not imported, for the same reason",
			    vg_show(a->paths[0], strlen(a->paths[0]), b,
			    sizeof(b)));
		else {
			fprintf(fp, "%zu more files not imported, for the same"
			    " reason", a->n);
			three_names(fp, a->paths, a->n);
		}
		if (fclose(fp) != 0)
			err(TOOL_EXIT_FAIL, "open_memstream");
		warnx("%s", tool_plain(msg));
		free(msg);
	}
	free(a->paths);
	a->paths = NULL;
	a->n = 0;
}

/* path refused with msg: 1 when held, for the same reason as the file
 * before it; else 0, the run before it said and msg's reason kept */
static int
alike_take(struct alike *a, const char *path, const char *msg)
{
	const char	*why;

	if (msg == NULL)
		msg = "";
	why = strstr(msg, "': not imported: ");
	why = why != NULL ? why + 17 : msg;
	if (a->why != NULL && strcmp(a->why, why) == 0) {
		a->paths = xreallocarray(a->paths, a->n + 1,
		    sizeof(*a->paths));
		a->paths[a->n++] = path;
		return 1;
	}
	alike_say(a);
	free(a->why);
	a->why = xstrdup(why);
	return 0;
}

/* A file imported: a run of refusals ended. */
static void
alike_end(struct alike *a)
{
	alike_say(a);
	free(a->why);
	a->why = NULL;
}

/* A stale structure lock taken over, said. */
static void
lock_note(const char *msg, void *arg)
{
	(void)arg;
	warnx("%s", tool_plain(msg));
}

/*
 * Whether a file that failed for another's structure lock (a span it
 * writes into being merged) is tried again: after a second, while the
 * wait (-w, seconds) lasts.
 */
static int
lock_retry(struct vg_archive *ar, struct vg_error *e, int wait, int *waited)
{
	if (!vg_archive_locked(ar) || *waited >= wait)
		return 0;
	vg_error_clear(e);
	sleep(1);
	++*waited;
	return 1;
}

static int
check_problem(const char *span, const char *why, void *arg)
{
	warnx("'%s': span '%s': %s", tool_plain((const char *)arg),
	    tool_plain(span), tool_plain(why));
	return 0;
}

/* Check the spans named (all when none are). */
static int
check_spans(const char *path, char *names[], int n, int quiet)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	int			 i, p, problems = 0;

	if (vg_archive_open(path, VG_ARCHIVE_RDONLY, &ar, &e) == -1)
		tool_fail(&e);
	for (i = 0; i == 0 || i < n; i++) {
		if ((p = vg_archive_span_check(ar, n > 0 ? names[i] : NULL,
		    check_problem, (void *)path, &e)) == -1) {
			vg_archive_close(ar);
			tool_fail(&e);
		}
		problems += p;
	}
	vg_archive_close(ar);
	if (problems > 0)
		warnx("'%s': %d problem%s found", tool_plain(path), problems,
		    problems == 1 ? "" : "s");
	else if (!quiet)
		warnx("'%s': %s whole", tool_plain(path), n > 0 ?
		    "the spans are" : "every span is");
	return problems > 0 ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
}

/* What the indexes of search by look came to. */
struct built {
	const char	*path;		/* the archive */
	int		 quiet;		/* -q */
	int		 failed;	/* one could not be built */
};

static int
index_built(const char *span, size_t nvec, const char *why, void *arg)
{
	struct built	*b = arg;

	if (why != NULL) {
		warnx("'%s': span %s: %s", tool_plain(b->path),
		    tool_plain(span), tool_plain(why));
		b->failed = 1;
	} else if (!b->quiet)
		warnx("'%s': span %s: index of %zu vector%s built",
		    tool_plain(b->path), tool_plain(span), nvec, nvec == 1 ?
		    "" : "s");
	return 0;
}

/* Whether a span is large enough to be indexed: stops the walk. */
static int
indexable(const struct vg_span *sp, void *arg)
{
	return *(int *)arg = sp->sightings >= VG_LOOKIX_FEW;
}

/*
 * -L: the vector file of every span that has none, all or none; then
 * the index of every span's vectors where it does not cover them all.
 */
static int
look_files(const char *path, int quiet)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct built		 b = { path, quiet, 0 };
	size_t			 n;
	int64_t			 rows;
	int			 large = 0;

	if (vg_archive_open(path, VG_ARCHIVE_RDWR, &ar, &e) == -1)
		tool_fail(&e);
	if (vg_archive_lookvec_build(ar, &n, &rows, &e) == -1) {
		vg_archive_close(ar);
		tool_fail(&e);
	}
	if (!quiet && n == 0)
		warnx("'%s': every span has its vector file",
		    tool_plain(path));
	else if (!quiet)
		warnx("'%s': %zu %s written (%lld sighting%s)",
		    tool_plain(path), n, n == 1 ? "span's vector file" :
		    "spans' vector files", (long long)rows, rows == 1 ? "" :
		    "s");
	if (!vg_lookix_built() && !quiet && vg_archive_spans(ar, indexable,
	    &large, &e) == 0 && large)
		warnx("'%s': no index built: vigil was built without faiss",
		    tool_plain(path));
	vg_error_clear(&e);
	if (vg_lookix_built() && vg_lookix_update(ar, path, 1, index_built, &b,
	    &e) == -1) {
		vg_archive_close(ar);
		tool_fail(&e);
	}
	vg_archive_close(ar);
	return b.failed ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
}

/* The spans a drop or retention takes, said once it has committed. */
struct drops {
	const char	*path;		/* the archive */
	char		**said;		/* a line for each span */
	size_t		 n;		/* how many */
};

static int
dropped(const struct vg_span *sp, void *arg)
{
	struct drops	*d = arg;

	d->said = xreallocarray(d->said, d->n + 1, sizeof(*d->said));
	xasprintf(&d->said[d->n++], "'%s': span '%s' dropped (%lld gate"
	    " event%s, %lld sighting%s)", tool_plain(d->path),
	    tool_plain(sp->name), (long long)sp->gates,
	    sp->gates == 1 ? "" : "s", (long long)sp->sightings,
	    sp->sightings == 1 ? "" : "s");
	return 0;
}

/* Drop the spans named, or (with names NULL) those older than age; each
 * span dropped said after the commit (a server's role that may only read
 * fails at the first partition, after the back end has named the span). */
static int
drop_spans(struct vg_archive *ar, const char *path, char *names[], int n,
    int64_t age, int quiet)
{
	struct vg_error	 e = { 0, NULL };
	struct drops	 d = { path, NULL, 0 };
	size_t		 i;
	int		 rc;

	if (names != NULL)
		rc = vg_archive_span_drop(ar, (const char *const *)names,
		    (size_t)n, quiet ? NULL : dropped, &d, &e);
	else
		rc = vg_archive_keep(ar, vg_now() - age, quiet ? NULL :
		    dropped, &d, &e);
	for (i = 0; i < d.n; i++) {
		if (rc == 0)
			warnx("%s", d.said[i]);
		free(d.said[i]);
	}
	free(d.said);
	if (rc == -1) {
		tool_warn(&e);
		vg_error_clear(&e);
		return -1;
	}
	return 0;
}

/* What -M said, and the merged spans whose look index it builds. */
struct merging {
	const char	*path;		/* the archive */
	int		 quiet;		/* -q */
	int		 said;		/* a period was merged or left */
	struct vg_span	*had;		/* the spans with an index before */
	size_t		 nhad;		/* how many */
	struct vg_span	*made;		/* the spans merged, names copied */
	int		*mhad;		/* whether a part of each had one */
	size_t		 nmade;		/* how many */
};

/* A span with a look index kept (its time only), before a merge. */
static int
had_index(const struct vg_span *sp, void *arg)
{
	struct merging	*m = arg;

	if (sp->sightings > 0 && vg_lookix_exists(m->path, sp->name)) {
		m->had = xreallocarray(m->had, m->nhad + 1, sizeof(*m->had));
		m->had[m->nhad] = *sp;
		m->had[m->nhad++].name = NULL;
	}
	return 0;
}

static int
merged(const struct vg_span *sp, size_t n, const char *why, void *arg)
{
	struct merging	*m = arg;
	size_t		 i;
	int		 had = 0;

	m->said = 1;
	if (why == NULL) {
		for (i = 0; i < m->nhad; i++)
			if (m->had[i].start >= sp->start &&
			    m->had[i].end <= sp->end)
				had = 1;
		m->made = xreallocarray(m->made, m->nmade + 1,
		    sizeof(*m->made));
		m->mhad = xreallocarray(m->mhad, m->nmade + 1,
		    sizeof(*m->mhad));
		m->made[m->nmade] = *sp;
		m->made[m->nmade].name = xstrdup(sp->name);
		m->mhad[m->nmade++] = had;
	}
	if (m->quiet)
		return 0;
	if (why != NULL)
		warnx("'%s': the spans of %s not merged: %s",
		    tool_plain(m->path), tool_plain(sp->name), tool_plain(why));
	else
		warnx("'%s': %zu spans merged into span '%s' (%lld gate"
		    " event%s, %lld sighting%s)", tool_plain(m->path), n,
		    tool_plain(sp->name), (long long)sp->gates, sp->gates == 1 ?
		    "" : "s", (long long)sp->sightings, sp->sightings == 1 ?
		    "" : "s");
	return 0;
}

/*
 * -M: the closed spans of each week (or month) older than age merged;
 * then the look index of each merged span whose parts had one, or large
 * enough that an import would build it.
 */
static int
merge_spans(struct vg_archive *ar, const char *path, int64_t age, int month,
    int quiet)
{
	struct vg_error	 e = { 0, NULL };
	struct merging	 m;
	struct built	 b = { path, quiet, 0 };
	size_t		 i;
	int		 rc;

	memset(&m, 0, sizeof(m));
	m.path = path;
	m.quiet = quiet;
	if (vg_lookix_built() && vg_archive_spans(ar, had_index, &m, &e) ==
	    -1)
		vg_error_clear(&e);	/* (the merge says why) */
	rc = vg_archive_compact(ar, vg_now() - age, month, merged, &m, &e);
	if (rc == -1) {
		tool_warn(&e);
		vg_error_clear(&e);
	} else if (rc == -2 && !quiet)
		warnx("'%s': a server's partitions are not merged yet,"
		    " nothing done", tool_plain(path));
	else if (rc == 0 && !quiet && !m.said)
		warnx("'%s': no closed %s holds two spans or more, nothing"
		    " merged", tool_plain(path), month ? "month" : "week");
	for (i = 0; i < m.nmade; i++) {
		if (vg_lookix_built())
			vg_lookix_merged(ar, path, &m.made[i], m.mhad[i],
			    index_built, &b);
		free((char *)m.made[i].name);
	}
	free(m.made);
	free(m.mhad);
	free(m.had);
	return rc == -1 || b.failed ? -1 : 0;
}

/* The lookups of the audit table a copy carried, for its report. */
static const char *
audits(const struct vg_copy *cp)
{
	static char	buf[64];

	buf[0] = '\0';
	if (cp->audits > 0)
		snprintf(buf, sizeof(buf), ", %lld lookup%s of the audit table",
		    (long long)cp->audits, cp->audits == 1 ? "" : "s");
	return buf;
}

/* (a stored candidate read only to learn that the store is kept) */
static int
pcand_none(const struct vg_pcand *c, void *arg)
{
	(void)c;
	(void)arg;
	return 1;
}

/*
 * -O: the spans named (or within --from and --to, or all) copied into
 * another archive, whatever the back end of each, all or nothing.
 */
static int
copy_to(const char *path, const char *dest, char *names[], int n,
    const char *from, const char *to, struct vg_tz *tz, int quiet)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*src, *dst;
	struct vg_copy		 cp;
	int			 rc, stored;

	memset(&cp, 0, sizeof(cp));
	if (vg_archive_open(path, VG_ARCHIVE_RDONLY, &src, &e) == -1)
		tool_fail(&e);
	if (tz == NULL)
		tz = vg_archive_tz(src);
	cp.spans = (const char *const *)names;
	cp.nspans = (size_t)n;
	cp.from = from != NULL ? tool_time(tz, "--from", from) : VG_TIME_NONE;
	cp.to = to != NULL ? tool_time(tz, "--to", to) : VG_TIME_NONE;
	if (vg_archive_open(dest, VG_ARCHIVE_RDWR | VG_ARCHIVE_CREATE, &dst,
	    &e) == -1) {
		vg_archive_close(src);
		tool_fail(&e);
	}
	tool_heap_ready(HEAP_ROOM);
	rc = vg_archive_copy(src, dst, &cp, &e);
	/* vigil-anomaly's store made again where the rows went (not
	   copied: its stamps hash each archive's own ids), where one was
	   kept or the source kept one */
	if (rc == 0 && cp.ncopied > 0 && ((stored = vg_ar_pass_stored(src,
	    VG_TIME_NONE, VG_TIME_NONE, pcand_none, NULL, &e)) == -1 ||
	    vg_anomaly_store(dst, stored, &e) == -1))
		rc = -1;
	vg_archive_close(dst);
	vg_archive_close(src);
	if (rc == -1)
		tool_fail(&e);
	if (cp.audits_left > 0)
		warnx("'%s': %lld lookup%s of its audit table not copied: '%s'"
		    " keeps none (the cases' custody logs are the record)",
		    tool_plain(path), (long long)cp.audits_left,
		    cp.audits_left == 1 ? "" : "s", tool_plain(dest));
	if (cp.offsets_kept > 0)
		warnx("'%s': %lld clock correction%s of its own kept, other"
		    " than '%s' has", tool_plain(dest),
		    (long long)cp.offsets_kept, cp.offsets_kept == 1 ? "" : "s",
		    tool_plain(path));
	if (quiet)
		return TOOL_EXIT_OK;
	if (cp.ncopied == 0 && cp.sources == 0 && cp.people == 0 &&
	    cp.offsets == 0 && cp.recordings == 0 && cp.audits == 0 &&
	    !cp.site)
		warnx("'%s': holds what '%s' has already (%zu span%s), nothing"
		    " copied", tool_plain(dest), tool_plain(path), cp.nsame,
		    cp.nsame == 1 ? "" : "s");
	else
		warnx("'%s': %zu span%s copied (%lld gate event%s, %lld"
		    " sighting%s), %zu the same already; %lld file%s, %lld"
		    " %s, %lld clock correction%s, %lld recording%s%s%s%s",
		    tool_plain(dest), cp.ncopied, cp.ncopied == 1 ? "" : "s",
		    (long long)cp.gates, cp.gates == 1 ? "" : "s",
		    (long long)cp.sightings, cp.sightings == 1 ? "" : "s",
		    cp.nsame, (long long)cp.sources, cp.sources == 1 ? "" :
		    "s", (long long)cp.people, cp.people == 1 ? "person" :
		    "people", (long long)cp.offsets, cp.offsets == 1 ? "" :
		    "s", (long long)cp.recordings, cp.recordings == 1 ? "" :
		    "s", audits(&cp), cp.site ? ", the site" : "", cp.model ?
		    ", the learned model" : "");
	return TOOL_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive",	required_argument,	NULL, 'A' },
		{ "check",	no_argument,		NULL, 'C' },
		{ "copy-to",	required_argument,	NULL, 'O' },
		{ "device",	required_argument,	NULL, 'd' },
		{ "drop",	no_argument,		NULL, 'D' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "keep",	required_argument,	NULL, 'K' },
		{ "keep-going",	no_argument,		NULL, 'k' },
		{ "list",	no_argument,		NULL, 'l' },
		{ "into",	required_argument,	NULL, OPT_INTO },
		{ "look-files",	no_argument,		NULL, 'L' },
		{ "merge",	required_argument,	NULL, 'M' },
		{ "format",	required_argument,	NULL, 'F' },
		{ "from",	required_argument,	NULL, OPT_FROM },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "spans",	no_argument,		NULL, 'S' },
		{ "to",		required_argument,	NULL, OPT_TO },
		{ "type",	required_argument,	NULL, 't' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "wait",	required_argument,	NULL, 'w' },
		{ "tz",		required_argument,	NULL, 'z' },
		{ NULL,		0,			NULL, 0 }
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_archive	*ar;
	struct vg_import	 im;
	struct vg_tz		*tz = NULL;
	const char		*archive = NULL, *fmtarg = NULL, *device = NULL;
	enum vg_format		 force = VG_FORMAT_UNKNOWN;
	size_t			 i;
	int			 ch, list = 0, quiet = 0, keep = 0, failed = 0;
	int			 added = 0, rc;
	char			**nosite = NULL;
	size_t			 nnosite = 0, nfiles;
	struct alike		 alike = { NULL, NULL, 0 };
	const char		*sitefail = NULL;
	int			 spans = 0, check = 0, drop = 0, look = 0;
	int64_t			 age = -1, mage = -1, wait = -1;
	int			 waited = 0;
	int			 month = -1;
	const char		*dest = NULL, *from = NULL, *to = NULL;

	vg_archive_lean();
	while ((ch = getopt_long(argc, argv, "A:Cd:DF:hkK:lLM:O:qSt:Vw:z:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'A':
			archive = optarg;
			break;
		case 'C':
			check = 1;
			break;
		case 'd':
			device = optarg;
			break;
		case 'D':
			drop = 1;
			break;
		case 'K':
			age = tool_duration("-K", optarg, TOOL_AGE_MAX,
			    "0 to 36500d");
			break;
		case 'F':
			fmtarg = optarg;
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'k':
			keep = 1;
			break;
		case 'l':
			list = 1;
			break;
		case 'L':
			look = 1;
			break;
		case 'M':
			mage = tool_duration("-M", optarg, TOOL_AGE_MAX,
			    "0 to 36500d");
			break;
		case 'O':
			dest = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'S':
			spans = 1;
			break;
		case 't':
			for (force = VG_FORMAT_SITE; force <=
			    VG_FORMAT_LAST; force++)
				if (strcmp(optarg, vg_format_name(force)) == 0)
					break;
			if (force > VG_FORMAT_LAST) {
				warnx("unknown type '%s' (use site, roster,"
				    " gate, sightings, zkteco, dahua,"
				    " hikvision, hikvision-acs or onvif)",
				    tool_plain(optarg));
				usage(TOOL_EXIT_USAGE);
			}
			break;
		case 'V':
			tool_version();
		case 'w':
			wait = tool_duration("-w", optarg, TOOL_WAIT_MAX,
			    "0 to 1d");
			break;
		case 'z':
			tz = tool_zone(optarg);
			break;
		case OPT_FROM:
			from = optarg;
			break;
		case OPT_INTO:
			if (strcmp(optarg, "week") == 0)
				month = 0;
			else if (strcmp(optarg, "month") == 0)
				month = 1;
			else {
				warnx("--into: '%s': use week or month",
				    tool_plain(optarg));
				usage(TOOL_EXIT_USAGE);
			}
			break;
		case OPT_TO:
			to = optarg;
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	archive = tool_archive(archive);
	if (list + spans + check + drop + look + (dest != NULL) > 1 ||
	    ((list || spans || check || look || dest != NULL) && age >= 0) ||
	    (drop && age >= 0) || ((from != NULL || to != NULL) && dest ==
	    NULL) || (mage >= 0 && (list || spans || check || drop || look ||
	    dest != NULL)) || (month >= 0 && mage < 0) || (wait >= 0 &&
	    (list || spans || check || look || dest != NULL)) ||
	    (device != NULL && (list || spans || check || drop || look ||
	    dest != NULL)))
		usage(TOOL_EXIT_USAGE);
	/* (whole seconds, rounded up) */
	wait = wait <= 0 ? 0 : (wait + 999999) / 1000000;
	if (month < 0)
		month = 0;
	if (dest != NULL)
		return copy_to(archive, dest, argv, argc, from, to, tz, quiet);
	if (look) {
		if (argc != 0)
			usage(TOOL_EXIT_USAGE);
		return look_files(archive, quiet);
	}
	if (list) {
		if (argc != 0)
			usage(TOOL_EXIT_USAGE);
		return list_table(archive, tool_format(fmtarg), tz, 0);
	}
	if (spans) {
		if (argc != 0)
			usage(TOOL_EXIT_USAGE);
		return list_table(archive, tool_format(fmtarg), tz, 1);
	}
	if (check)
		return check_spans(archive, argv, argc, quiet);
	if (argc == 0 && !(drop || age >= 0 || mage >= 0)) {
		/* no file: the archive brought to this vigil's version, as
		   every writer does when it opens one, what earlier calls
		   left finished, and the site model learned again if any of
		   what it was learned from changed since */
		if (vg_archive_open(archive, VG_ARCHIVE_RDWR, &ar, &e) == -1 ||
		    (device != NULL && vg_import_device(ar, device, &e) ==
		    -1) || vg_archive_settle(ar, &e) == -1 ||
		    (rc = vg_model_update(ar, VG_MODEL_CHANGED, &e)) == -1 ||
		    vg_anomaly_store(ar, 1, &e) == -1)
			tool_fail(&e);
		if (!quiet)
			warnx("'%s': version %d, as this vigil reads it; no file"
			    " given, nothing imported%s", tool_plain(archive),
			    vg_archive_version(ar), rc == 1 ? "; the site model"
			    " learned again" : "");
		vg_archive_close(ar);
		return TOOL_EXIT_OK;
	}
	if (drop || ((age >= 0 || mage >= 0) && argc == 0)) {
		if (drop && argc == 0)
			usage(TOOL_EXIT_USAGE);
		if (vg_archive_open(archive, VG_ARCHIVE_RDWR, &ar, &e) == -1 ||
		    (device != NULL && vg_import_device(ar, device, &e) ==
		    -1))
			tool_fail(&e);
		vg_archive_lock_wait(ar, (int)wait, lock_note, NULL);
		if (drop || age >= 0)
			failed = drop_spans(ar, archive, drop ? argv : NULL,
			    argc, age, quiet) == -1;
		if (!failed && mage >= 0)
			failed = merge_spans(ar, archive, mage, month,
			    quiet) == -1;
		if (!failed && vg_anomaly_store(ar, 0, &e) == -1) {
			tool_warn(&e);
			failed = 1;
		}
		vg_archive_close(ar);
		return failed ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
	}

	tool_heap_ready(HEAP_ROOM);
	if (vg_archive_open(archive, VG_ARCHIVE_RDWR | VG_ARCHIVE_CREATE, &ar,
	    &e) == -1)
		tool_fail(&e);
	vg_archive_lock_wait(ar, (int)wait, lock_note, NULL);
	/* many files: what each file's commit would do again (indexes,
	   habits) left for the end of the call (vg_archive_settle) */
	if (argc > 1 && vg_archive_defer(ar, files_size(argv, argc), &e) ==
	    -1) {
		vg_archive_close(ar);
		tool_fail(&e);
	}
	memset(&im, 0, sizeof(im));
	tool_progress_init(quiet || argc < 2);
	for (nfiles = (size_t)argc; argc > 0; argc--, argv++) {
		tool_progress(NULL, "importing files", (int64_t)(nfiles -
		    (size_t)argc), (int64_t)nfiles);
		do {
			im.path = argv[0];
			im.format = force;
			im.keep_going = keep;
			im.tz = tz;
			im.max_rejects = 1000;
			im.device = device;
			rc = vg_import_file(ar, &im, &e);
		} while (rc == -1 && lock_retry(ar, &e, (int)wait, &waited));
		tool_progress_clear();		/* before what it says */
		if (rc == -1) {
			if (im.nosite) {
				nosite = xreallocarray(nosite, nnosite + 1,
				    sizeof(*nosite));
				nosite[nnosite++] = argv[0];
				vg_error_clear(&e);
				failed = 1;
				continue;
			}
			if (im.source.format == VG_FORMAT_SITE &&
			    sitefail == NULL)
				sitefail = argv[0];
			if (im.nrejects > 0)
				alike_end(&alike);
			else if (alike_take(&alike, argv[0], e.msg)) {
				vg_error_clear(&e);
				failed = 1;
				continue;
			}
			for (i = 0; i < im.nrejects; i++)
				warnx("'%s', line %llu: %s",
				    tool_plain(im.path),
				    (unsigned long long)im.rejects[i].line,
				    tool_plain(im.rejects[i].reason));
			if (im.nrejected > (int64_t)im.nrejects)
				warnx("'%s': %lld more bad records not shown",
				    tool_plain(im.path),
				    (long long)(im.nrejected -
				    (int64_t)im.nrejects));
			tool_warn(&e);
			vg_error_clear(&e);
			failed = 1;
			continue;
		}
		alike_end(&alike);
		added += !im.duplicate;
		if (im.duplicate) {
			if (!quiet)
				warnx("'%s': already imported as '%s', nothing"
				    " changed", tool_plain(im.path),
				    tool_plain(im.source.path));
			continue;
		}
		for (i = 0; i < im.nrejects; i++)
			warnx("'%s', line %llu: %s (skipped)",
			    tool_plain(im.path),
			    (unsigned long long)im.rejects[i].line,
			    tool_plain(im.rejects[i].reason));
		if (im.nrejected > (int64_t)im.nrejects)
			warnx("'%s': %lld more bad records not shown",
			    tool_plain(im.path), (long long)(im.nrejected -
			    (int64_t)im.nrejects));
		if (im.nrejected > 0)
			failed = 1;
		if (quiet)
			continue;
		if (im.nrejected > 0)
			warnx("'%s': imported %lld %s, rejected %lld%s",
			    tool_plain(im.path), (long long)im.source.rows,
			    noun(im.source.format, im.source.rows),
			    (long long)im.nrejected, repeated(&im));
		else
			warnx("'%s': imported %lld %s%s", tool_plain(im.path),
			    (long long)im.source.rows, noun(im.source.format,
			    im.source.rows), repeated(&im));
	}
	alike_end(&alike);
	vg_import_reset(&im);
	if (vg_archive_settle(ar, &e) == -1) {
		tool_warn(&e);
		vg_error_clear(&e);
		failed = 1;
	}
	nosite_say(nosite, nnosite, sitefail);
	free(nosite);
	/* retention after the night's files: whole spans older than age */
	if (age >= 0 && drop_spans(ar, archive, NULL, 0, age, quiet) == -1)
		failed = 1;
	/* then the closed weeks (or months) merged, a span each */
	if (mage >= 0 && merge_spans(ar, archive, mage, month, quiet) == -1)
		failed = 1;
	/* what the archive holds changed: the site model learned again
	   when its rows have grown by more than a share, or its days,
	   site or clocks changed */
	if (added && vg_model_update(ar, VG_MODEL_GROWN, &e) == -1) {
		tool_warn(&e);
		vg_error_clear(&e);
		failed = 1;
	}
	/* passback's candidates of each span changed (vigil-anomaly) */
	if ((added || age >= 0 || mage >= 0) && vg_anomaly_store(ar, 0,
	    &e) == -1) {
		tool_warn(&e);
		vg_error_clear(&e);
		failed = 1;
	}
	/* the index of a large span's vectors, when it covers under half */
	if (added && vg_lookix_built()) {
		struct built	 b = { archive, quiet, 0 };

		if (vg_lookix_update(ar, archive, 0, index_built, &b, &e) ==
		    -1) {
			tool_warn(&e);
			vg_error_clear(&e);
			failed = 1;
		}
		failed |= b.failed;
	}
	vg_archive_close(ar);
	vg_tz_free(tz);
	return failed ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
}
