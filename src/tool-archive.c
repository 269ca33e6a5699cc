/* tool-archive.c: the tools' helpers that ask the archive (kept apart from
   tool.c so that a tool with no archive, the front end, links no SQLite) */
#include "config.h"

#include <err.h>
#include <string.h>

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
