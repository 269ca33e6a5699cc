/* media.c: what a recording holds, read with libavformat: streams, real duration, keyframes */
#include "config.h"

#include "vigil.h"
#include "media-int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/mathematics.h>

#define US	INT64_C(1000000)	/* microseconds a second */

static void
set_problem(struct vg_media *m, const char *status, const char *fmt, ...)
    VG_PRINTF(3, 4);

static void
set_problem(struct vg_media *m, const char *status, const char *fmt, ...)
{
	va_list	ap;

	m->status = status;
	free(m->problem);
	va_start(ap, fmt);
	xvasprintf(&m->problem, fmt, ap);
	va_end(ap);
}

/* FFmpeg's words for an error code, in buf. */
const char *
vg_averr(int rc, char *buf, size_t len)
{
	if (av_strerror(rc, buf, len) < 0)
		snprintf(buf, len, "error %d", rc);
	return buf;
}

/* The options every input is opened with: local files only, no references. */
static AVDictionary *
input_options(void)
{
	AVDictionary	*opts = NULL;

	av_dict_set(&opts, "protocol_whitelist", "file", 0);
	av_dict_set(&opts, "enable_drefs", "0", 0);
	av_dict_set(&opts, "use_absolute_path", "0", 0);
	return opts;
}

/*
 * Open a recording for reading and find its streams, with the same
 * precautions as the probe: local files only, no external references.
 */
int
vg_media_open(const char *path, AVFormatContext **fcp, struct vg_error *err)
{
	AVFormatContext	*fc = NULL;
	AVDictionary	*opts = input_options();
	char		 eb[128];
	int		 rc;

	rc = avformat_open_input(&fc, path, NULL, &opts);
	av_dict_free(&opts);
	if (rc < 0) {
		vg_error_set(err, "'%s': %s", path,
		    vg_averr(rc, eb, sizeof(eb)));
		return -1;
	}
	if ((rc = avformat_find_stream_info(fc, NULL)) < 0) {
		vg_error_set(err, "'%s': %s", path,
		    vg_averr(rc, eb, sizeof(eb)));
		avformat_close_input(&fc);
		return -1;
	}
	*fcp = fc;
	return 0;
}

/* The H.264 encoder to use: libx264, another software one, or MPEG-4 part 2. */
const AVCodec *
vg_media_encoder(void)
{
	const AVCodec	*c;

	if ((c = avcodec_find_encoder_by_name("libx264")) != NULL)
		return c;
	c = avcodec_find_encoder(AV_CODEC_ID_H264);
	if (c != NULL && (c->capabilities &
	    (AV_CODEC_CAP_HARDWARE | AV_CODEC_CAP_HYBRID |
	    AV_CODEC_CAP_EXPERIMENTAL)) == 0)
		return c;
	return avcodec_find_encoder(AV_CODEC_ID_MPEG4);
}

/*
 * For an ISO base media file (MP4, MOV) that libavformat cannot open:
 * whether a top-level box runs past the end of the file, which is what
 * a copy cut short looks like.
 */
static int
bmff_cut_short(const char *path)
{
	unsigned char	 h[16];
	struct stat	 sb;
	uint64_t	 off = 0, size;
	int		 fd, cut = 0, i;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	if (fstat(fd, &sb) == -1) {
		close(fd);
		return 0;
	}
	while (off + 8 <= (uint64_t)sb.st_size) {
		if (pread(fd, h, 16, (off_t)off) < 8)
			break;
		size = (uint64_t)h[0] << 24 | (uint64_t)h[1] << 16 |
		    (uint64_t)h[2] << 8 | h[3];
		if (size == 1) {
			if (off + 16 > (uint64_t)sb.st_size) {
				cut = 1;
				break;
			}
			for (size = 0, i = 8; i < 16; i++)
				size = size << 8 | h[i];
		} else if (size == 0)
			break;		/* to the end of the file */
		if (size < 8)
			break;
		if (off + size > (uint64_t)sb.st_size) {
			cut = 1;
			break;
		}
		off += size;
	}
	if (off < (uint64_t)sb.st_size && off + 8 > (uint64_t)sb.st_size)
		cut = 1;
	close(fd);
	return cut;
}

/* The container's creation time, if it gives one. */
static int64_t
creation_time(AVFormatContext *fc)
{
	AVDictionaryEntry	*t;
	const char		*why;
	int64_t			 us;

	if ((t = av_dict_get(fc->metadata, "creation_time", NULL, 0)) == NULL ||
	    vg_time_parse(NULL, t->value, strlen(t->value), &us, &why) == -1)
		return VG_TIME_NONE;
	return us;
}

/*
 * Probe a file: which container and video stream it holds, and, reading
 * every packet, its real duration and where its keyframes are.  Returns
 * -1 only when the file cannot be read at all; a file that is not video,
 * is corrupt or is cut short returns 0 with its status saying so.
 */
int
vg_media_probe(const char *path, struct vg_media *m, struct vg_error *err)
{
	AVFormatContext		*fc = NULL;
	AVDictionary		*opts = NULL;
	const AVInputFormat	*ifmt;
	AVCodecParameters	*par;
	AVStream		*vs;
	AVPacket		*pkt = NULL;
	AVProbeData		 pd;
	unsigned char		*head;
	char			 eb[128];
	int64_t			 first = INT64_MAX, end = INT64_MIN, pts;
	int64_t			 declared;
	ssize_t			 n;
	size_t			 cap = 0;
	int			 fd, rc, si, score = 0;

	memset(m, 0, sizeof(*m));
	m->status = "ok";
	m->duration = -1;
	m->declared = -1;
	m->created = VG_TIME_NONE;

	/* what the first bytes look like, before libavformat opens it */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		vg_error_set(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	head = xcalloc(1, 4096 + AVPROBE_PADDING_SIZE);
	n = read(fd, head, 4096);
	close(fd);
	if (n == -1) {
		vg_error_set(err, "'%s': %s", path, strerror(errno));
		free(head);
		return -1;
	}
	memset(&pd, 0, sizeof(pd));
	pd.filename = path;
	pd.buf = head;
	pd.buf_size = (int)n;
	ifmt = av_probe_input_format2(&pd, 1, &score);
	free(head);
	if (ifmt == NULL || score <= AVPROBE_SCORE_EXTENSION) {
		set_problem(m, "not video", "not a recognised container");
		return 0;
	}
	m->container = xstrdup(ifmt->name);

	opts = input_options();
	if ((rc = avformat_open_input(&fc, path, ifmt, &opts)) < 0) {
		if ((strstr(ifmt->name, "mp4") != NULL ||
		    strstr(ifmt->name, "mov") != NULL) && bmff_cut_short(path))
			set_problem(m, "truncated", "the file ends inside a"
			    " box (%s)", vg_averr(rc, eb, sizeof(eb)));
		else
			set_problem(m, "corrupt", "%s",
			    vg_averr(rc, eb, sizeof(eb)));
		av_dict_free(&opts);
		return 0;
	}
	av_dict_free(&opts);
	if ((rc = avformat_find_stream_info(fc, NULL)) < 0) {
		set_problem(m, "corrupt", "%s", vg_averr(rc, eb, sizeof(eb)));
		goto out;
	}
	m->created = creation_time(fc);
	if ((si = av_find_best_stream(fc, AVMEDIA_TYPE_VIDEO, -1, -1, NULL,
	    0)) < 0) {
		set_problem(m, "not video", "no video stream");
		goto out;
	}
	vs = fc->streams[si];
	par = vs->codecpar;
	m->codec = xstrdup(avcodec_get_name(par->codec_id));
	m->width = par->width;
	m->height = par->height;
	if (vs->avg_frame_rate.num > 0 && vs->avg_frame_rate.den > 0)
		m->fps = av_q2d(vs->avg_frame_rate);
	else if (vs->r_frame_rate.num > 0 && vs->r_frame_rate.den > 0)
		m->fps = av_q2d(vs->r_frame_rate);
	declared = -1;
	if (vs->duration != AV_NOPTS_VALUE && vs->duration > 0)
		declared = av_rescale_q(vs->duration, vs->time_base,
		    (AVRational){ 1, 1000000 });
	else if (fc->duration != AV_NOPTS_VALUE && fc->duration > 0)
		declared = av_rescale(fc->duration, US, AV_TIME_BASE);
	m->declared = declared;

	/* every packet of the video stream: real extent, keyframes */
	pkt = av_packet_alloc();
	while ((rc = av_read_frame(fc, pkt)) >= 0) {
		if (pkt->stream_index == si) {
			pts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
			if (pts != AV_NOPTS_VALUE) {
				if (pts < first)
					first = pts;
				if (pts + pkt->duration > end)
					end = pts + pkt->duration;
				if (pkt->flags & AV_PKT_FLAG_KEY) {
					if (m->nkeyframes == cap) {
						cap = cap ? cap * 2 : 16;
						m->keyframes = xreallocarray(
						    m->keyframes, cap,
						    sizeof(*m->keyframes));
					}
					m->keyframes[m->nkeyframes++] = pts;
				}
			}
			if (pkt->flags & AV_PKT_FLAG_CORRUPT)
				set_problem(m, "corrupt", "a corrupt packet");
		}
		av_packet_unref(pkt);
	}
	if (first != INT64_MAX) {
		size_t	i;

		for (i = 0; i < m->nkeyframes; i++)
			m->keyframes[i] = av_rescale_q(m->keyframes[i] - first,
			    vs->time_base, (AVRational){ 1, 1000000 });
		m->duration = av_rescale_q(end - first, vs->time_base,
		    (AVRational){ 1, 1000000 });
	}
	if (rc != AVERROR_EOF)
		set_problem(m, "truncated", "read error before the end: %s",
		    vg_averr(rc, eb, sizeof(eb)));
	else if (first == INT64_MAX)
		set_problem(m, "truncated", "no video frames");
	else if (declared > 0 && m->duration < declared - declared / 10 -
	    US / 2)
		set_problem(m, "truncated", "%.3f s of video where the"
		    " container says %.3f s", (double)m->duration / 1e6,
		    (double)declared / 1e6);
out:
	av_packet_free(&pkt);
	avformat_close_input(&fc);
	return 0;
}

void
vg_media_free(struct vg_media *m)
{
	free(m->container);
	free(m->codec);
	free(m->keyframes);
	free(m->problem);
	memset(m, 0, sizeof(*m));
}
