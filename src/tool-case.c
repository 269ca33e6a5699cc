/* tool-case.c: the tools' helpers for working on a case (officer, folder, opening) */
#include "config.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <stdlib.h>

#include "tool.h"

/*
 * The officer: --officer, else VIGIL_OFFICER; NULL if neither.
 * A name a case cannot keep (blank, or with control characters) is
 * refused here, before any work is done.
 */
const char *
tool_officer(const char *arg)
{
	struct vg_error	 e = { 0, NULL };
	const char	*p;

	if (arg != NULL)	/* given, even empty: never the variable's */
		p = arg;
	else if ((p = getenv("VIGIL_OFFICER")) == NULL || *p == '\0')
		return NULL;
	if (vg_case_text_ok("officer", p, VG_TEXT_NAME, &e) == -1)
		tool_fail(&e);
	return p;
}

/*
 * The folder of the case named arg (vg_case_dir), with a warning, once,
 * when a folder above it is writable by others without the sticky bit.
 */
char *
tool_case_dir(const char *arg)
{
	static int	 warned;
	char		*dir = vg_case_dir(arg), *unsafe;

	if (!warned && vg_case_root_safe(dir, &unsafe)) {
		warnx("warning: '%s' is writable by others without the sticky"
		    " bit: anyone could put something else in place of the"
		    " case '%s'", tool_plain(unsafe), tool_plain(dir));
		free(unsafe);
		warned = 1;
	}
	return dir;
}

/*
 * Open the case named by -c for a tool that works for it: the officer
 * is required (--officer or VIGIL_OFFICER; *officer is set), and
 * when no archive was given (*archive NULL) the case's own is used, in a
 * string the caller frees (*owned).  Exits with a message on failure.
 */
/*
 * The archive a case refers to, when it is a file no longer there (moved,
 * or the case copied to another machine): said so, and how to go on,
 * rather than that an import would make it.
 */
void
tool_case_archive(const char *path)
{
	struct stat	sb;

	if (!vg_archive_is_server(path) && stat(path, &sb) == -1 &&
	    errno == ENOENT)
		errx(TOOL_EXIT_FAIL, "the case's archive '%s' is not there"
		    " (moved?): give -A with where it is now",
		    tool_plain(path));
}

struct vg_case *
tool_case(const char *arg, const char **officer, const char **archive,
    char **owned)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_info	 ci;
	struct vg_case		*c;
	char			*dir;

	*owned = NULL;
	if ((*officer = tool_officer(*officer)) == NULL)
		errx(TOOL_EXIT_FAIL, "no officer: a case is only touched by a"
		    " named officer (give --officer NAME or set"
		    " VIGIL_OFFICER)");
	dir = tool_case_dir(arg);
	if (vg_case_open(dir, &c, &e) == -1)
		tool_fail(&e);
	free(dir);
	tool_case_day(c);
	if (*archive == NULL) {
		if (vg_case_info(c, &ci, &e) == -1)
			tool_fail(&e);
		*archive = *owned = xstrdup(ci.archive);
		vg_case_info_free(&ci);
		tool_case_archive(*archive);
	}
	return c;
}

/*
 * A tool working for case c: a time of day alone (21:13) given after this
 * is on the incident's day, when the case has an incident time.
 */
void
tool_case_day(struct vg_case *c)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_info	 ci;

	if (vg_case_info(c, &ci, &e) == -1)
		tool_fail(&e);
	tool_time_day(ci.incident_time);
	vg_case_info_free(&ci);
}
