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
	long long		 secs;

	if (argc != 5 || vg_time_parse(NULL, argv[3], strlen(argv[3]), &start,
	    &why) == -1 || vg_strtonum(argv[4], 1, 3600, &secs) != NULL) {
		fprintf(stderr, "usage: mkseg path camera utc-start seconds\n");
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
	if (sim_video_write(&seg, &e) == -1) {
		fprintf(stderr, "mkseg: %s\n", e.msg);
		return 1;
	}
	return 0;
}
