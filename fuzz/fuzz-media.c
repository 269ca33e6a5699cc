/* fuzz-media: libFuzzer harness running vigil-index's media probe on its input, written to a file */
#include "fuzz.h"

#include <libavutil/log.h>

#include "vigil.h"

static char	*dir;		/* the harness's private directory */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the name vigil-index would see: the first byte picks it */
	static const char *const names[] = {
		"seg.mp4", "seg.mkv", "seg.ts", "seg.avi", "seg.mov", "seg.h264",
		"seg", "seg.dav"
	};
	struct vg_error	 e = { 0, NULL };
	struct vg_media	 m;
	char		*path;
	size_t		 i;

	if (dir == NULL) {
		dir = fz_dir("media");
		av_log_set_level(AV_LOG_QUIET);
	}
	if (size < 1)
		return 0;
	xasprintf(&path, "%s/%s", dir, names[data[0] % 8]);
	fz_write(path, data + 1, size - 1);
	memset(&m, 0, sizeof(m));
	if (vg_media_probe(path, &m, &e) == 0) {
		/* what the index stores must hold together */
		if (m.status == NULL || (strcmp(m.status, "ok") != 0) !=
		    (m.problem != NULL) || m.width < 0 || m.height < 0 ||
		    m.fps < 0 || m.duration < -1 ||
		    (m.nkeyframes > 0 && m.keyframes == NULL))
			abort();
		/* offsets from the first frame */
		for (i = 0; i < m.nkeyframes; i++)
			if (m.keyframes[i] < 0)
				abort();
		vg_media_free(&m);
	} else {
		if (e.msg == NULL)
			abort();
		vg_error_clear(&e);
	}
	unlink(path);
	free(path);
	return 0;
}
