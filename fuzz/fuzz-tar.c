/* fuzz-tar: libFuzzer harness extracting its input as vigil-verify extracts a bundle's tar, then verifying the bag */
#include "fuzz.h"

#include "vigil.h"
#include "bag.h"

static char	*dir;		/* the harness's private directory */
static char	*tar;		/* the input, as a file */
static char	*out;		/* where it is extracted */
static const char *const only[] = { "in.tar", "x", NULL };

static void
nothing(void *arg, int ok, const char *where, const char *what)
{
	(void)arg, (void)ok, (void)where;
	if (what == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_error	 e = { 0, NULL };
	char		*top, *bag;

	if (dir == NULL) {
		dir = fz_dir("tar");
		xasprintf(&tar, "%s/in.tar", dir);
		xasprintf(&out, "%s/x", dir);
	}
	fz_write(tar, data, size);
	if (mkdir(out, 0700) == -1)
		abort();
	if (vg_tar_extract(tar, out, &top, &e) == -1) {
		if (e.msg == NULL || top != NULL)
			abort();
		vg_error_clear(&e);
	} else {
		/* one top directory, inside out, named by a plain name */
		if (top == NULL || *top == '\0' || strchr(top, '/') != NULL ||
		    strcmp(top, ".") == 0 || strcmp(top, "..") == 0)
			abort();
		xasprintf(&bag, "%s/%s", out, top);
		(void)vg_bag_verify(bag, NULL, nothing, NULL, &e);
		vg_error_clear(&e);
		free(bag);
		free(top);
	}
	fz_rmtree(out);
	fz_only(dir, only);
	return 0;
}
