/* media-int.h: libvigil's private helpers over the FFmpeg libraries */
#ifndef MEDIA_INT_H
#define MEDIA_INT_H

#include "vigil.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#define VG_US_Q	((AVRational){ 1, 1000000 })	/* microseconds as a time base */

const char	*vg_averr(int, char *, size_t);
int		 vg_media_open(const char *, AVFormatContext **,
		     struct vg_error *);
const AVCodec	*vg_media_encoder(void);
void		 vg_media_close(AVFormatContext **);

/*
 * Recordings opened for reading and checked against the index: each is
 * held open from the start, hashed whole on a thread of its own from
 * what the demuxer reads of the same open file (what it skips is read
 * there), and found the same (its digest as indexed, its size and times
 * unchanged while it was read) or not.
 */
struct vg_reads;

struct vg_read_want {
	const char	*path;		/* the file */
	uint64_t	 size;		/* its size when indexed */
	int64_t		 mtime;		/* its modification time then, us */
	const char	*sha256;	/* its digest then */
};

int		 vg_reads_open(const struct vg_read_want *, size_t, int,
		     struct vg_reads **, struct vg_error *);
int		 vg_reads_demux(struct vg_reads *, size_t, int,
		     AVFormatContext **, struct vg_error *);
int		 vg_reads_check(struct vg_reads *, int *, struct vg_error *);
void		 vg_reads_free(struct vg_reads *);

#endif /* MEDIA_INT_H */
