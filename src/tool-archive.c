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

/* The site's zone; exits, saying what to do, when there is no site, or
 * why it could not be read (a server's role refused it, its connection
 * lost) when the archive says it has one. */
struct vg_tz *
tool_site_tz(struct vg_archive *ar, const char *archive)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_site	*site = NULL;
	struct vg_tz	*tz;
	char		 b[VG_SHOWSZ];

	if ((tz = vg_archive_tz(ar)) != NULL)
		return tz;
	if (vg_archive_has(ar, VG_HOLDS_SITE) &&
	    vg_archive_site(ar, &site, &e) == -1)
		tool_fail(&e);
	vg_site_free(site);
	errx(TOOL_EXIT_FAIL, "'%s': %s", vg_show(archive, strlen(archive), b,
	    sizeof(b)), tool_step(VG_HOLDS_SITE));
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

/*
 * An empty answer to a time range the archive holds nothing of says what
 * it holds: "21:13" is today, and the logs are usually of another day.
 */
void
tool_extent(struct vg_archive *ar, int64_t from, int64_t to, struct vg_tz *tz)
{
	struct vg_error	 e = { 0, NULL };
	int64_t		 a, b;
	char		 lo[VG_TIME_BUFSZ], hi[VG_TIME_BUFSZ];

	if (from == VG_TIME_NONE && to == VG_TIME_NONE)
		return;
	if (vg_archive_bounds(ar, &a, &b, &e) != 1) {
		vg_error_clear(&e);
		return;
	}
	if ((to == VG_TIME_NONE || to >= a) && (from == VG_TIME_NONE ||
	    from < b))
		return;
	/* its first and last rows' times, to the second; the days its
	 * spans cover where they cannot be read */
	if (vg_archive_extent(ar, &a, &b, &e) == 1)
		b++;
	vg_error_clear(&e);
	vg_time_format(tz, a, lo, sizeof(lo));
	vg_time_format(tz, b - 1, hi, sizeof(hi));
	warnx("warning: the archive holds nothing in the time asked: its logs"
	    " run from %.19s to %.19s", lo, hi);
}
