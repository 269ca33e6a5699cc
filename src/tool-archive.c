/* tool-archive.c: the tools' helpers that ask the archive (kept apart from
   tool.c so that a tool with no archive, the front end, links no SQLite) */
#include "config.h"

#include <err.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

/* Exit, saying which step is missing, when the archive lacks part. */
void
tool_need(struct vg_archive *ar, const char *archive, enum vg_holds part)
{
	char	b[VG_SHOWSZ];

	if (!vg_archive_has(ar, part))
		errx(TOOL_EXIT_FAIL, "'%s': %s", vg_show(archive,
		    strlen(archive), b, sizeof(b)), tool_step(part));
}

/* The site's zone; exits, saying what to do, when there is no site. */
struct vg_tz *
tool_site_tz(struct vg_archive *ar, const char *archive)
{
	struct vg_tz	*tz;
	char		 b[VG_SHOWSZ];

	if ((tz = vg_archive_tz(ar)) == NULL)
		errx(TOOL_EXIT_FAIL, "'%s': %s", vg_show(archive,
		    strlen(archive), b, sizeof(b)), tool_step(VG_HOLDS_SITE));
	return tz;
}

/*
 * Under camera times shown to a person (standard output a terminal): a
 * note when no clock offset was ever estimated, since right clocks and
 * clocks never looked at print alike.
 */
void
tool_skew_note(struct vg_archive *ar, const char *archive)
{
	char	b[VG_SHOWSZ];

	if (isatty(STDOUT_FILENO) && !vg_archive_has(ar, VG_HOLDS_CORRECTIONS))
		warnx("note: '%s': %s", vg_show(archive, strlen(archive), b,
		    sizeof(b)), tool_step(VG_HOLDS_CORRECTIONS));
}
