/* mkseg.c: write one synthetic recording segment for the shell tests */
#include "vigil.h"
#include "video.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/log.h>

/*
 * -b: with B-frames (composition offsets in the file: its frames' times
 * are not their decoding order's).
 * -0: make the file lie about time as a crafted one does: its track's
 * time scale 0 (read as 1, so every tick is a second) and no edit list.
 */
static int
zero_timescale(const char *path)
{
	FILE		*f;
	unsigned char	*b;
	long		 n, i, done = 0;

	if ((f = fopen(path, "r+b")) == NULL || fseek(f, 0, SEEK_END) == -1 ||
	    (n = ftell(f)) <= 0)
		return -1;
	b = xmalloc((size_t)n);
	rewind(f);
	if (fread(b, 1, (size_t)n, f) != (size_t)n)
		return -1;
	for (i = 0; i + 24 <= n; i++)
		if (memcmp(b + i, "mdhd", 4) == 0 && b[i + 4] == 0) {
			memset(b + i + 16, 0, 4);	/* version 0: the scale */
			done |= 1;
		} else if (memcmp(b + i, "edts", 4) == 0) {
			memcpy(b + i, "free", 4);
			done |= 2;
		}
	rewind(f);
	if (done != 3 || fwrite(b, 1, (size_t)n, f) != (size_t)n ||
	    fclose(f) != 0)
		return -1;
	free(b);
	return 0;
}

int
main(int argc, char *argv[])
{
	int			 zero = 0, bframes = 0;

	struct vg_error		 e = { 0, NULL };
	struct sim_segment	 seg;
	const char		*why;
	int64_t			 start;
	long long		 secs, base = -1;

	for (; argc > 1 && (strcmp(argv[1], "-0") == 0 ||
	    strcmp(argv[1], "-b") == 0); argc--, argv++)
		if (argv[1][1] == '0')
			zero = 1;
		else
			bframes = 3;
	if ((argc != 5 && argc != 6) || vg_time_parse(NULL, argv[3],
	    strlen(argv[3]), &start, &why) == -1 ||
	    vg_strtonum(argv[4], 1, 3600, &secs) != NULL ||
	    (argc == 6 && vg_strtonum(argv[5], 0, 30000, &base) != NULL)) {
		fprintf(stderr, "usage: mkseg [-0b] path camera utc-start"
		    " seconds [first-mark]\n");
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
	seg.bframes = bframes;
	seg.marks = base >= 0;		/* frames numbered in bars */
	seg.mark_base = base >= 0 ? (int)base : 0;
	if (sim_video_write(&seg, &e) == -1) {
		fprintf(stderr, "mkseg: %s\n", e.msg);
		return 1;
	}
	if (zero && zero_timescale(seg.path) == -1) {
		fprintf(stderr, "mkseg: %s: cannot set its time scale to 0\n",
		    seg.path);
		return 1;
	}
	return 0;
}
