/* fuzz-import: libFuzzer harness feeding one file to each importer, native and vendors' */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil.h"

static struct vg_archive *ar;	/* an archive holding the demo site */
static const char *device;	/* what --device names: G-N3, the demo's gate */
static char *dir;		/* where inputs are written: $TMPDIR or /tmp */

static void
setup(void)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_import im;
	char		*path, *site;

	xasprintf(&dir, "%s/vigil-fuzz.XXXXXX", getenv("TMPDIR") != NULL ?
	    getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	xasprintf(&path, "%s/archive.db", dir);
	if (vg_archive_open(path, VG_ARCHIVE_RDWR | VG_ARCHIVE_CREATE, &ar,
	    &e) == -1)
		abort();
	/* the vendors' readers go deeper in a site whose devices they name */
	if (getenv("VIGIL_FUZZ_SITE") != NULL)
		site = xstrdup(getenv("VIGIL_FUZZ_SITE"));
	else
		xasprintf(&site, "%s/demo/site.xml", vg_share_dir());
	if ((device = getenv("VIGIL_FUZZ_DEVICE")) == NULL)
		device = "G-N3";
	memset(&im, 0, sizeof(im));
	im.path = site;
	if (vg_import_file(ar, &im, &e) == -1) {
		fprintf(stderr, "%s\n", e.msg);
		abort();
	}
	vg_import_reset(&im);
	free(path);
	free(site);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"f.gate.csv", "f.sightings.csv", "roster.csv", "site.xml",
		"1_attlog.dat", "f.json", "f.xml", "g.xml"
	};
	struct vg_error	 e = { 0, NULL };
	struct vg_import im;
	char		*path;
	FILE		*fp;

	if (ar == NULL)
		setup();
	if (size < 1)
		return 0;
	xasprintf(&path, "%s/%s", dir, names[data[0] % 8]);
	if ((fp = fopen(path, "w")) == NULL)
		abort();
	fwrite(data + 1, 1, size - 1, fp);
	fclose(fp);
	memset(&im, 0, sizeof(im));
	im.path = path;
	im.keep_going = data[0] & 8;
	im.device = data[0] & 16 ? device : NULL;
	vg_import_file(ar, &im, &e);
	vg_import_reset(&im);
	vg_error_clear(&e);
	unlink(path);
	free(path);
	return 0;
}
