/* unit-import.h: a file written and imported, for the C unit tests that
 * build an archive (unit-archive, unit-pg-stale) */
#ifndef UNIT_IMPORT_H
#define UNIT_IMPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil.h"

/* A site's start: zone z and face gate G1 (then its devices, </site>). */
#define SITE_G1 \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<site xmlns=\"urn:vigil:site:1\" id=\"u\" name=\"u\"" \
	" timezone=\"Asia/Shanghai\">\n" \
	"  <zone id=\"z\" name=\"Z\" ring=\"1\"/>\n" \
	"  <gate id=\"G1\" name=\"gate 1\" zone=\"z\" x=\"0\" y=\"0\"" \
	" kind=\"pedestrian\" credentials=\"face\"/>\n"

/* path made to hold text, or the test ends. */
static void
put(const char *path, const char *text)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF) {
		perror(path);
		exit(1);
	}
}

/* path imported into ar whole: 0, or -1 with why as a TAP comment. */
static int
import(struct vg_archive *ar, const char *path)
{
	struct vg_import	im;
	struct vg_error		e = { 0, NULL };
	int			rc;

	memset(&im, 0, sizeof(im));
	im.path = path;
	im.max_rejects = 10;
	rc = vg_import_file(ar, &im, &e);
	if (rc == -1) {
		printf("# %s: %s\n", path, e.msg);
		vg_error_clear(&e);
	}
	rc = rc == -1 || im.nrejected > 0 ? -1 : 0;
	vg_import_reset(&im);
	return rc;
}

#endif /* UNIT_IMPORT_H */
