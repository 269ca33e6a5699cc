/* tool.c: helpers shared by the vigil tools (options, messages, output) */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/mman.h>

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "tool.h"

void
tool_version(void)
{
	printf("%s (%s) %s\n", program_invocation_short_name, PACKAGE_NAME, PACKAGE_VERSION);
	exit(tool_close_stdout());
}

/*
 * A message, a path, an argument or a text from the archive as printed:
 * control characters (C0, DEL, C1) and bytes that are not UTF-8 as \xHH
 * (vg_show_raw), so that none can drive the terminal (the
 * library shows values so where it quotes them, but not paths, which are
 * not cut).  Returns msg itself when it has none, else a copy that stays
 * valid for the next PLAIN_RING calls (enough for the arguments of one
 * message); from the main thread only.
 */
#define PLAIN_RING	8
const char *
tool_plain(const char *msg)
{
	static char		*ring[PLAIN_RING];
	static size_t		 next;
	char			*copy;
	size_t			 len, i, k, n = 0;

	if (msg == NULL)
		return "failed";
	len = strlen(msg);
	for (i = 0; i < len; i += k)
		if (!vg_show_raw(msg + i, len - i, &k))
			n += k;
	if (n == 0)
		return msg;
	/* vg_show cuts nothing given room for the "..." it would add */
	copy = xmalloc(len + 3 * n + 4);
	vg_show(msg, len, copy, len + 3 * n + 4);
	free(ring[next]);
	ring[next] = copy;
	next = (next + 1) % PLAIN_RING;
	return copy;
}

/* Print a library error and exit with status 1. */
void
tool_fail(struct vg_error *e)
{
	tool_progress_clear();
	errx(TOOL_EXIT_FAIL, "%s", tool_plain(e->msg));
}

void
tool_warn(struct vg_error *e)
{
	tool_progress_clear();
	warnx("%s", tool_plain(e->msg));
}

/* The -F argument, or the default: box on a terminal, tsv in a pipe. */
enum vg_fmt
tool_format(const char *arg)
{
	enum vg_fmt	f;
	char		b[VG_SHOWSZ];

	if (arg == NULL)
		return isatty(STDOUT_FILENO) ? VG_FMT_BOX : VG_FMT_TSV;
	if (vg_fmt_parse(arg, &f) == -1) {
		warnx("unknown output format '%s' (use one of: %s)",
		    vg_show(arg, strlen(arg), b, sizeof(b)),
		    vg_fmt_names());
		exit(TOOL_EXIT_USAGE);
	}
	return f;
}

/*
 * The width of the terminal standard output is, for box and table: COLUMNS
 * when set to a number, else what the terminal says; 0 when standard
 * output is not a terminal (a table for a file or a pipe is drawn whole).
 */
size_t
tool_width(void)
{
	struct winsize	 ws;
	const char	*p;
	long long	 n;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if ((p = getenv("COLUMNS")) != NULL &&
	    vg_strtonum(p, 20, 100000, &n) == NULL)
		return (size_t)n;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

/* The progress line: on a terminal's standard error, unless quiet. */
static struct {
	int	 on;		/* drawn at all */
	int	 shown;		/* a line is on the screen */
	int64_t	 at;		/* when it was drawn, us */
	char	 what[64];	/* the stage drawn last */
} progress;

/* Progress is drawn when standard error is a terminal and not quiet. */
void
tool_progress_init(int quiet)
{
	progress.on = !quiet && isatty(STDERR_FILENO);
}

/*
 * Draw "tool: what done/total (n%)" over the line before, ten times a
 * second at most (always when the line was cleared, at a stage's start
 * and at the end).
 * A vg_progress_fn: arg is unused.
 */
void
tool_progress(void *arg, const char *what, int64_t done, int64_t total)
{
	int64_t	now;

	(void)arg;
	if (!progress.on)
		return;
	now = vg_now();
	if (progress.shown && done < total && now - progress.at < 100000 &&
	    strncmp(progress.what, what, sizeof(progress.what) - 1) == 0)
		return;
	progress.at = now;
	snprintf(progress.what, sizeof(progress.what), "%s", what);
	if (total > 0)
		fprintf(stderr, "\r\033[K%s: %s %lld/%lld (%d%%)",
		    program_invocation_short_name, what, (long long)done,
		    (long long)total, (int)(done * 100 / total));
	else
		fprintf(stderr, "\r\033[K%s: %s %lld",
		    program_invocation_short_name, what, (long long)done);
	fflush(stderr);
	progress.shown = 1;
}

/* Take the progress line away, before a message or at the end. */
void
tool_progress_clear(void)
{
	if (!progress.shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	progress.shown = 0;
}

/*
 * A table on standard output; on a terminal, box and table fit its width,
 * leaving out empty columns unless the user chose them (--columns).
 */
struct vg_out *
tool_out(enum vg_fmt fmt, const struct vg_col *cols, size_t n, int chosen)
{
	struct vg_out	*o;
	size_t		 w;

	o = vg_out_new(stdout, fmt, cols, n);
	if ((fmt == VG_FMT_BOX || fmt == VG_FMT_TABLE) &&
	    (w = tool_width()) > 0)
		vg_out_fit(o, w, !chosen);
	return o;
}

/* The archive named by -A, else by VIGIL_ARCHIVE. */
const char *
tool_archive(const char *arg)
{
	const char	*p;

	if (arg != NULL)
		return arg;
	if ((p = getenv("VIGIL_ARCHIVE")) != NULL && *p != '\0')
		return p;
	warnx("no archive: give -A ARCHIVE or set VIGIL_ARCHIVE");
	exit(TOOL_EXIT_USAGE);
}

/* The zone named by -z; exits on a zone the system does not know. */
struct vg_tz *
tool_zone(const char *name)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_tz	*tz;

	if ((tz = vg_tz_open(name, &e)) == NULL) {
		tool_warn(&e);
		exit(TOOL_EXIT_USAGE);
	}
	return tz;
}

/* The day a bare time of day falls on: the case's incident, or today. */
static int64_t	 time_day = VG_TIME_NONE;

/*
 * A time of day alone (21:13) given after this is on the day of t (a
 * case's incident, through tool_case_day), or today when t is
 * VG_TIME_NONE.
 */
void
tool_time_day(int64_t t)
{
	time_day = t;
}

/* An old spelling of an option, still taken for the scripts that use it. */
void
tool_old_option(const char *old, const char *now)
{
	warnx("warning: %s is an old spelling: say %s, as every vigil tool"
	    " does", old, now);
}

/* A time of len bytes given for option opt; a bare time of day on ref's. */
static int64_t
time_near(struct vg_tz *tz, const char *opt, const char *arg, size_t len,
    int64_t ref)
{
	const char	*why;
	char		 b[VG_SHOWSZ];
	int64_t		 t;

	if (vg_time_parse_near(tz, arg, len, ref, vg_now(), &t, &why) == -1) {
		warnx("%s: bad time '%s': %s (try 2018-11-20T21:13:05+08:00,"
		    " '2018-11-20 21:13', 21:13 for %s, 'yesterday 21:00'"
		    " or now; a span 21:00..21:30)", opt, vg_show(arg, len, b,
		    sizeof(b)), why, ref != VG_TIME_NONE ? "the incident's"
		    " day" : "today");
		exit(TOOL_EXIT_USAGE);
	}
	return t;
}

/* A time given on the command line for option opt. */
int64_t
tool_time(struct vg_tz *tz, const char *opt, const char *arg)
{
	return time_near(tz, opt, arg, strlen(arg), time_day);
}

/*
 * The end of a span FROM..END, len bytes: a bare time of day is on FROM's
 * day, the next day when it would come before FROM (21:00..01:00).
 * 0, or -1 with *why.  The command line's and the browser's.
 */
int
tool_span_end(struct vg_tz *tz, const char *end, size_t len, int64_t from,
    int64_t *to, const char **why)
{
	if (vg_time_parse_near(tz, end, len, from, vg_now(), to, why) == -1)
		return -1;
	if (*to <= from && strspn(end, "0123456789:.") >= len)
		*to += INT64_C(86400000000);
	return 0;
}

/*
 * The span of --from and --to (either may be NULL: VG_TIME_NONE), or of
 * --from alone written FROM..TO as the browser takes it (tool_span_end).
 * --to must come after --from.
 */
void
tool_span(struct vg_tz *tz, const char *fromarg, const char *toarg,
    int64_t *from, int64_t *to)
{
	const char	*dots, *end, *why;

	*from = *to = VG_TIME_NONE;
	if (fromarg != NULL && (dots = strstr(fromarg, "..")) != NULL) {
		if (toarg != NULL)
			errx(TOOL_EXIT_USAGE, "--from '%s' is a span already:"
			    " give no --to", tool_plain(fromarg));
		*from = time_near(tz, "--from", fromarg,
		    (size_t)(dots - fromarg), time_day);
		end = dots + 2;
		if (tool_span_end(tz, end, strlen(end), *from, to, &why) == -1)
			(void)time_near(tz, "--from", end, strlen(end),
			    *from);		/* says why, and exits */
	} else {
		if (fromarg != NULL)
			*from = tool_time(tz, "--from", fromarg);
		if (toarg != NULL)
			*to = tool_time(tz, "--to", toarg);
	}
	if (*from != VG_TIME_NONE && *to != VG_TIME_NONE && *to <= *from)
		errx(TOOL_EXIT_USAGE, "--to must be after --from");
}

/* The step that puts part into an archive, for a message. */
const char *
tool_step(enum vg_holds part)
{
	static const char *const steps[] = {
		[VG_HOLDS_SITE] = "no site description imported: run vigil"
		    " import site.xml",
		[VG_HOLDS_ROSTER] = "no roster imported: run vigil import"
		    " roster.csv",
		[VG_HOLDS_LOGS] = "no gate events or sightings imported: run"
		    " vigil import with the logs",
		[VG_HOLDS_SIGHTINGS] = "no sightings imported: run vigil import"
		    " with the cameras' logs",
		[VG_HOLDS_RECORDINGS] = "no recordings indexed: run vigil index"
		    " -r DIR",
		[VG_HOLDS_CORRECTIONS] = "skew not computed (camera times are"
		    " as the cameras logged them): run vigil skew --apply"
	};

	return steps[part];
}

/*
 * Ready the heap for a tool that holds much at once (an import's page
 * cache and sorts, a search's cache of a day's rows): room bytes of heap
 * grown at once, kept (not given back between one use and the next, to
 * be faulted in again; allocations up to 32 MiB taken from it, not
 * mapped apart), and, where the system gives huge pages on request,
 * faulted in 2 MiB at a time instead of 4 KiB: a virtual machine makes
 * each fault costly (bench/README.md, bench/alertstream and tspeed23).
 * The bytes are not touched here: only what the tool uses is memory.
 */
void
tool_heap_ready(size_t room)
{
#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(MADV_HUGEPAGE)
	uintptr_t	 lo, hi, huge = 2 << 20;
	void		*p;

	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, room < INT_MAX / 2 ? (int)(2 * room) :
	    INT_MAX);
	mallopt(M_TOP_PAD, room < INT_MAX ? (int)room : INT_MAX);
	lo = (uintptr_t)sbrk(0);
	if ((p = malloc(1 << 20)) != NULL) {	/* the heap grows */
		free(p);
		hi = (uintptr_t)sbrk(0);
		lo = (lo + huge - 1) & ~(huge - 1);
		if (hi > lo)
			madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	}
	mallopt(M_TOP_PAD, 128 << 10);
#else
	(void)room;
#endif
}

/* Flush stdout and report a write error (a full disk, a closed pipe). */
int
tool_close_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return TOOL_EXIT_OK;
		warn("stdout");
		return TOOL_EXIT_FAIL;
	}
	return TOOL_EXIT_OK;
}

/*
 * The columns named in list (comma-separated) as indexes into cols, or
 * all of them when list is NULL.  pick has room for n.  Returns -1, after
 * saying why, on a name that is not a column.
 */
int
tool_columns(const struct vg_col *cols, size_t n, const char *list,
    size_t *pick, size_t *npick)
{
	const char	*p, *end;
	char		 b[VG_SHOWSZ];
	size_t		 i, len;

	*npick = 0;
	if (list == NULL) {
		for (i = 0; i < n; i++)
			pick[i] = i;
		*npick = n;
		return 0;
	}
	for (p = list; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		for (i = 0; i < n; i++)
			if (strncmp(cols[i].name, p, len) == 0 &&
			    cols[i].name[len] == '\0')
				break;
		if (i == n) {
			warnx("unknown column '%s'", vg_show(p, len, b,
			    sizeof(b)));
			return -1;
		}
		if (*npick == n) {
			warnx("too many columns");
			return -1;
		}
		pick[(*npick)++] = i;
	}
	if (*npick == 0) {
		warnx("no columns given");
		return -1;
	}
	return 0;
}

const struct vg_col tool_row_cols[TOOL_ROW_NCOLS] = {
	{ "time", VG_COL_TEXT },
	{ "last", VG_COL_TEXT },
	{ "type", VG_COL_TEXT },
	{ "device", VG_COL_TEXT },
	{ "zone", VG_COL_TEXT },
	{ "track", VG_COL_TEXT },
	{ "person", VG_COL_TEXT },
	{ "name", VG_COL_TEXT },
	{ "credential", VG_COL_TEXT },
	{ "card", VG_COL_TEXT },
	{ "plate", VG_COL_TEXT },
	{ "direction", VG_COL_TEXT },
	{ "result", VG_COL_TEXT },
	{ "kind", VG_COL_TEXT },
	{ "upper", VG_COL_TEXT },
	{ "lower", VG_COL_TEXT },
	{ "attrs", VG_COL_TEXT },
	{ "score", VG_COL_NUM },
	{ "source", VG_COL_TEXT },
	{ "offset", VG_COL_NUM },
};

/* An archive row as the text of vigil-query's columns, times in tz. */
void
tool_row_cells(const struct vg_row *r, struct vg_tz *tz, struct tool_cells *c)
{
	size_t	n;

	vg_time_format(tz, r->t, c->t, sizeof(c->t));
	if (r->last != VG_TIME_NONE)
		vg_time_format(tz, r->last, c->last, sizeof(c->last));
	if (!isnan(r->score))
		snprintf(c->score, sizeof(c->score), "%.6g", r->score);
	n = strlen(r->source) + 24;
	if (n > c->srccap) {
		c->srccap = n;
		c->src = xreallocarray(c->src, n, 1);
	}
	snprintf(c->src, c->srccap, "%s:%lld", r->source, (long long)r->line);
	if (r->offset != VG_TIME_NONE)
		snprintf(c->off, sizeof(c->off), "%.3f",
		    (double)r->offset / 1e6);
	c->v[0] = c->t;
	c->v[1] = r->last != VG_TIME_NONE ? c->last : NULL;
	c->v[2] = r->type == VG_ROW_GATE ? "gate" : "sighting";
	c->v[3] = r->device;
	c->v[4] = r->zone;
	c->v[5] = r->track;
	c->v[6] = r->person;
	c->v[7] = r->name;
	c->v[8] = r->credential;
	c->v[9] = r->card;
	c->v[10] = r->plate;
	c->v[11] = r->direction;
	c->v[12] = r->result;
	c->v[13] = r->kind;
	c->v[14] = r->upper;
	c->v[15] = r->lower;
	c->v[16] = r->attrs;
	c->v[17] = isnan(r->score) ? NULL : c->score;
	c->v[18] = c->src;
	c->v[19] = r->offset != VG_TIME_NONE ? c->off : NULL;
}

/*
 * A length of time given for option opt: a number of seconds with an
 * optional unit, ms, s, m, h, d or w ("5", "2.5s", "500ms", "1m", "90d"),
 * of max microseconds at most; a longer one is refused, with the option's
 * range said as range ("0 to 1h").
 */
int64_t
tool_duration(const char *opt, const char *arg, int64_t max,
    const char *range)
{
	char	*end, b[VG_SHOWSZ];
	double	 v, unit;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || errno != 0 || !(v >= 0) || !isfinite(v))
		goto bad;
	if (*end == '\0' || strcmp(end, "s") == 0)
		unit = 1e6;
	else if (strcmp(end, "ms") == 0)
		unit = 1e3;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		unit = 60e6;
	else if (strcmp(end, "h") == 0)
		unit = 3600e6;
	else if (strcmp(end, "d") == 0)
		unit = 86400e6;
	else if (strcmp(end, "w") == 0)
		unit = 7 * 86400e6;
	else
		goto bad;
	if (v * unit > (double)max) {
		warnx("%s: '%s' is out of range: give %s", opt,
		    vg_show(arg, strlen(arg), b, sizeof(b)), range);
		exit(TOOL_EXIT_USAGE);
	}
	return (int64_t)(v * unit + 0.5);
bad:
	warnx("%s: bad length of time '%s' (give seconds, or a number with"
	    " ms, s, m, h, d or w)", opt, vg_show(arg, strlen(arg), b, sizeof(b)));
	exit(TOOL_EXIT_USAGE);
}

/*
 * The --pad of vigil-clip and vigil-export: a length of time around a
 * sighting, from 0 to TOOL_PAD_MAX; anything longer is refused, with the
 * range.
 */
int64_t
tool_pad(const char *arg)
{
	return tool_duration("--pad", arg, TOOL_PAD_MAX, "0 to 1h");
}

/*
 * The arguments of a command as one line for a custody log: each word
 * as given, quoted for sh(1) when it holds anything but plain characters.
 */
char *
tool_args(int argc, char *argv[])
{
	const char	*s;
	char		*buf;
	size_t		 len = 0, cap = 64;
	int		 i, plain;

	buf = xmalloc(cap);
	buf[0] = '\0';
	for (i = 0; i < argc; i++) {
		plain = argv[i][0] != '\0';
		for (s = argv[i]; *s != '\0'; s++)
			if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789-_.,:/@=+%", *s) == NULL)
				plain = 0;
		if (len + strlen(argv[i]) * 4 + 4 > cap) {
			cap = (len + strlen(argv[i]) * 4 + 4) * 2;
			buf = xreallocarray(buf, cap, 1);
		}
		if (i > 0)
			buf[len++] = ' ';
		if (!plain)
			buf[len++] = '\'';
		for (s = argv[i]; *s != '\0'; s++) {
			if (*s == '\'' && !plain) {
				memcpy(buf + len, "'\\''", 4);
				len += 4;
			} else
				buf[len++] = *s;
		}
		if (!plain)
			buf[len++] = '\'';
		buf[len] = '\0';
	}
	return buf;
}
