/* tool.c: helpers shared by the vigil tools (options, messages, output) */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

void
tool_version(void)
{
	printf("%s (%s) %s\n", program_invocation_short_name, PACKAGE_NAME, PACKAGE_VERSION);
	exit(tool_close_stdout());
}

/* Print a library error and exit with status 1. */
void
tool_fail(struct vg_error *e)
{
	errx(TOOL_EXIT_FAIL, "%s", e->msg != NULL ? e->msg : "failed");
}

void
tool_warn(struct vg_error *e)
{
	warnx("%s", e->msg != NULL ? e->msg : "failed");
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
		warnx("%s", e.msg);
		exit(TOOL_EXIT_USAGE);
	}
	return tz;
}

/* A time given on the command line for option opt. */
int64_t
tool_time(struct vg_tz *tz, const char *opt, const char *arg)
{
	const char	*why;
	char		 b[VG_SHOWSZ];
	int64_t		 t;

	if (vg_time_parse_near(tz, arg, strlen(arg), VG_TIME_NONE,
	    vg_now(), &t, &why) == -1) {
		warnx("%s: bad time '%s': %s (try 2018-11-20T21:13:05+08:00,"
		    " '2018-11-20 21:13', 21:13 for today, 'yesterday 21:00'"
		    " or now)", opt, vg_show(arg, strlen(arg), b, sizeof(b)),
		    why);
		exit(TOOL_EXIT_USAGE);
	}
	return t;
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

/*
 * A length of time given for option opt: a number of seconds with an
 * optional unit, ms, s, m or h ("5", "2.5s", "500ms", "1m").
 */
int64_t
tool_duration(const char *opt, const char *arg)
{
	char	*end, b[VG_SHOWSZ];
	double	 v, unit;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || errno != 0 || v < 0 || v > 86400.0 * 366)
		goto bad;
	if (*end == '\0' || strcmp(end, "s") == 0)
		unit = 1e6;
	else if (strcmp(end, "ms") == 0)
		unit = 1e3;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		unit = 60e6;
	else if (strcmp(end, "h") == 0)
		unit = 3600e6;
	else
		goto bad;
	return (int64_t)(v * unit + 0.5);
bad:
	warnx("%s: bad length of time '%s' (give seconds, or a number with"
	    " ms, s, m or h)", opt, vg_show(arg, strlen(arg), b, sizeof(b)));
	exit(TOOL_EXIT_USAGE);
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
