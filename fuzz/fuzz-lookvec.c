/* fuzz-lookvec: libFuzzer harness opening a span's vector file beside an archive, as vigil-import --check and vigil-query --like do */
#include "fuzz.h"

#include "vigil-int.h"

static char	*dir;		/* the harness's private directory */

/* Whether n bytes at p lie within lv's mapping. */
static int
within(const struct vg_lookvec *lv, const void *p, size_t n)
{
	const char	*m = lv->map, *c = p;

	return c >= m && c <= m + lv->len && n <= (size_t)(m + lv->len - c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "a.db-look-S", NULL };
	struct vg_error	 e = { 0, NULL };
	struct vg_lookvec lv;
	const struct vg_lookseg *g;
	char		*archive, *path, *why;
	int64_t		 rows;
	size_t		 i, x, n;
	volatile char	 sink = 0;

	if (dir == NULL)
		dir = fz_dir("lookvec");
	/* the input: the span's count of sightings (8 bytes), then the file,
	   all of it committed */
	if (size < 8)
		return 0;
	memcpy(&rows, data, 8);
	xasprintf(&archive, "%s/a.db", dir);
	xasprintf(&path, "%s/a.db-look-S", dir);
	fz_write(path, data + 8, size - 8);
	/* vigil-import --check's: every segment read; a reason or none */
	if ((why = vg_lookvec_check((int64_t)(size - 8), archive, "S", rows)) !=
	    NULL && *why == '\0')
		abort();
	free(why);
	if (vg_lookvec_open((int64_t)(size - 8), archive, "S", rows, &lv,
	    &e) == 0) {
		/* what the readers touch lies within the committed bytes */
		for (i = 0; i < lv.nseg; i++) {
			g = &lv.seg[i];
			n = g->n;
			if (!within(&lv, g->first, n * 8) ||
			    !within(&lv, g->last, n * 8) ||
			    !within(&lv, g->id, n * 8) ||
			    !within(&lv, g->camera, n * 4) ||
			    !within(&lv, g->code, n * 4) ||
			    !within(&lv, g->attr, n * 4) ||
			    !within(&lv, g->scale, n * 4) ||
			    !within(&lv, g->q, n * lv.dim))
				abort();
			for (x = 0; x < g->nattr; x++)
				if (g->attrlen[x] > 0)
					sink ^= g->attrs[x][g->attrlen[x] - 1];
		}
		vg_lookvec_close(&lv);
	} else {
		if (e.msg == NULL)
			abort();
		vg_error_clear(&e);
	}
	fz_only(dir, names);
	unlink(path);
	free(path);
	free(archive);
	(void)sink;
	return 0;
}
