/* mkseg.c: write one synthetic recording segment for the shell tests */
#include "vigil.h"
#include "video.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/log.h>

int
main(int argc, char *argv[])
{
	struct vg_error		 e = { 0, NULL };
	struct sim_segment	 seg;
	const char		*why;
	int64_t			 start;
	long long		 secs, base = -1;

	if ((argc != 5 && argc != 6) || vg_time_parse(NULL, argv[3],
	    strlen(argv[3]), &start, &why) == -1 ||
	    vg_strtonum(argv[4], 1, 3600, &secs) != NULL ||
	    (argc == 6 && vg_strtonum(argv[5], 0, 30000, &base) != NULL)) {
		fprintf(stderr, "usage: mkseg path camera utc-start seconds"
		    " [first-mark]\n");
		return 2;
	}
	av_log_set_level(AV_LOG_QUIET);
	memset(&seg, 0, sizeof(seg));
	seg.path = argv[1];
	seg.camera = argv[2];
	seg.start = start;
	seg.seconds = (int)secs;
	seg.width = 320;
	seg.height = 180;
	seg.fps = 10;
	seg.marks = base >= 0;		/* frames numbered in bars */
	seg.mark_base = base >= 0 ? (int)base : 0;
	if (sim_video_write(&seg, &e) == -1) {
		fprintf(stderr, "mkseg: %s\n", e.msg);
		return 1;
	}
	return 0;
}
