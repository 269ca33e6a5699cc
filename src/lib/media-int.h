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

#endif /* MEDIA_INT_H */
