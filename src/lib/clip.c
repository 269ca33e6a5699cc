/* clip.c: cut a camera's recordings by stream copy, and decode the frame of an instant */
#include "config.h"

#include "vigil.h"
#include "media-int.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavutil/dict.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>

#define US		INT64_C(1000000)	/* microseconds a second */
#define JOIN_TOL	US			/* boundary slack between segments */
#define MAXHELD		512			/* packets held past the end */
#define SHEET_COLS	4			/* tiles across a contact sheet */
#define LONGEST_SEG	(3600 * US)		/* how long a bad segment of unknown
						   length might run */

/* A frame's duration moved from pkt_duration in FFmpeg 6 (libavutil 58). */
#if LIBAVUTIL_VERSION_MAJOR >= 58
#define FRAME_DURATION(f)	((f)->duration)
#else
#define FRAME_DURATION(f)	((f)->pkt_duration)
#endif

/* Everything one cut holds, freed in one place. */
struct cut {
	struct vg_clip	*c;		/* the plan, and the results */
	const struct vg_clip_opts *o;	/* how to cut */
	struct vg_error	*err;		/* where failures go */
	const char	*out;		/* the file asked for */
	char		*tmp;		/* the file being written */
	int		 wfd;		/* it, open to start its writeback, or -1 */
	AVFormatContext	*oc;		/* the muxer */
	AVStream	*ost;		/* its one video stream */
	struct vg_reads	*reads;		/* the segments, open and being hashed */
	AVFormatContext	*ic;		/* the segment being read */
	int		 si;		/* its video stream */
	int64_t		 st0;		/* its first timestamp */
	AVCodecParameters *par0;	/* the first segment's stream */
	AVPacket	*pkt;		/* the packet being copied */
	int		 started;	/* the header is written */
	int64_t		 shift;		/* output ticks added to this segment's */
	int64_t		 out_end;	/* output ticks where written frames end */
	int64_t		 last_dts;	/* last dts written, output ticks */
	int64_t		 cam_end;	/* camera clock where they end, us */
	int64_t		 cam_from;	/* span asked for, camera clock */
	int64_t		 cam_to;	/* its end */
	int64_t		 dropped;	/* packets out of order, not written */
	AVPacket	*held[MAXHELD];	/* shown after the end, stored before
					   a frame shown before it */
	int64_t		 heldcam[MAXHELD]; /* their camera times, us */
	int64_t		 helddur[MAXHELD]; /* their durations, us */
	size_t		 nheld;		/* how many */

	/* --reencode only */
	AVCodecContext	*dec;		/* the segment's decoder */
	AVCodecContext	*enc;		/* the encoder */
	struct SwsContext *sws;		/* to the encoder's pixels */
	AVFrame		*frame;		/* a decoded frame */
	AVFrame		*yuv;		/* the frame to encode */
	int64_t		 cam0;		/* camera clock of the first encoded */
};

static void
add_warn(struct vg_clip *c, const char *fmt, ...) VG_PRINTF(2, 3);

static void
add_warn(struct vg_clip *c, const char *fmt, ...)
{
	va_list	ap;

	c->warn = xreallocarray(c->warn, c->nwarn + 1, sizeof(*c->warn));
	va_start(ap, fmt);
	xvasprintf(&c->warn[c->nwarn++], fmt, ap);
	va_end(ap);
}

/* An instant as ISO 8601 UTC with a Z, as containers want it. */
static void
utc_text(int64_t t, char *buf, size_t size)
{
	size_t	n;

	n = vg_time_format(NULL, t, buf, size);
	if (n >= 6 && n < size && strcmp(buf + n - 6, "+00:00") == 0)
		snprintf(buf + n - 6, size - (n - 6), "Z");
}

/*
 * Which of the container families an output name asks for, by its
 * extension; NULL when it does not say.
 */
static const char *
out_format(const char *path)
{
	const char	*dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return NULL;
	if (strcasecmp(dot, ".mp4") == 0 || strcasecmp(dot, ".m4v") == 0)
		return "mp4";
	if (strcasecmp(dot, ".mov") == 0)
		return "mov";
	if (strcasecmp(dot, ".mkv") == 0)
		return "matroska";
	return NULL;
}

/*
 * Planning: the segments of a camera's indexed recordings over a span
 * of true time, with the camera's clock correction applied.
 */
struct plan {
	struct vg_clip	*c;		/* what is being planned */
	const char	*root;		/* where indexed paths lie */
	struct vg_error	*err;		/* where failures go */
	int		 failed;	/* a file changed since indexing */
};

static int
plan_offset(const struct vg_offset *o, void *arg)
{
	struct vg_clip	*c = arg;

	if (strcmp(o->device, c->camera) != 0)
		return 0;
	c->offset = o->offset;
	c->method = xstrdup(o->method);
	return 1;
}

static int
plan_seg(const struct vg_recording *r, void *arg)
{
	struct plan		*p = arg;
	struct vg_clip		*c = p->c;
	struct vg_clip_seg	*s;
	struct stat		 sb;
	char			*path;

	if (strcmp(r->status, "ok") != 0) {
		if (r->start == VG_TIME_NONE || r->duration > 0 ?
		    r->start + r->duration > c->from + c->offset :
		    r->start + LONGEST_SEG > c->from + c->offset)
			add_warn(c, "'%s' not used: %s%s%s", r->path,
			    r->status, r->problem != NULL ? ": " : "",
			    r->problem != NULL ? r->problem : "");
		return 0;
	}
	if (r->start == VG_TIME_NONE || r->duration <= 0 ||
	    r->start + r->duration <= p->c->from + p->c->offset ||
	    r->start > p->c->to + p->c->offset)
		return 0;		/* ends as the span begins */
	path = vg_recording_file(p->root, r->path);
	if (lstat(path, &sb) == -1) {
		vg_error_set(p->err, "'%s': %s", path, strerror(errno));
		free(path);
		p->failed = 1;
		return 1;
	}
	if (!S_ISREG(sb.st_mode)) {
		vg_error_set(p->err, "'%s' is not a regular file%s: not used",
		    path, S_ISLNK(sb.st_mode) ? " (a symbolic link)" : "");
		free(path);
		p->failed = 1;
		c->tampered = 1;
		return 1;
	}
	if ((uint64_t)sb.st_size != r->size || (int64_t)sb.st_mtim.tv_sec *
	    US + sb.st_mtim.tv_nsec / 1000 != r->mtime) {
		vg_error_set(p->err, "'%s' changed since it was indexed: run"
		    " vigil index again", path);
		free(path);
		p->failed = 1;
		return 1;
	}
	c->seg = xreallocarray(c->seg, c->nseg + 1, sizeof(*c->seg));
	s = &c->seg[c->nseg++];
	memset(s, 0, sizeof(*s));
	s->path = path;
	s->name = xstrdup(r->path);
	s->start = r->start;
	s->duration = r->duration;
	memcpy(s->sha256, r->sha256, sizeof(s->sha256));
	s->size = r->size;
	s->mtime = r->mtime;
	return 0;
}

/*
 * The plan for cutting camera's footage from from to to (true UTC us):
 * the camera's clock correction, and its recordings over the span, in
 * order, found under root (NULL: where the archive says they lie).  Fails when none covers any of it, or when a file
 * changed since it was indexed; a span only partly covered is planned
 * with a warning.
 */
int
vg_clip_plan(struct vg_archive *ar, const char *camera, const char *root,
    int64_t from, int64_t to, struct vg_clip *c, struct vg_error *err)
{
	struct plan		 p;
	struct vg_clip_seg	*first, *last;
	char			 a[VG_TIME_BUFSZ], b[VG_TIME_BUFSZ];
	char			*recorded = NULL;
	int			 rc;

	memset(c, 0, sizeof(*c));
	c->camera = xstrdup(camera);
	c->from = from;
	c->to = to;
	c->first = c->end = VG_TIME_NONE;
	if (vg_ar_offsets(ar, plan_offset, c, err) == -1)
		return -1;
	if (root == NULL && vg_ar_recordings_root(ar, &recorded, err) == -1)
		return -1;
	memset(&p, 0, sizeof(p));
	p.c = c;
	p.root = root != NULL ? root : recorded;
	p.err = err;
	rc = vg_ar_recordings(ar, camera, from + c->offset - LONGEST_SEG,
	    to + c->offset, plan_seg, &p, err);
	free(recorded);
	if (rc == -1 || p.failed)
		return -1;
	vg_time_format(vg_archive_tz(ar), from, a, sizeof(a));
	vg_time_format(vg_archive_tz(ar), to, b, sizeof(b));
	if (c->nseg == 0) {
		if (from == to)
			vg_error_set(err, "no recording of camera %s at %s",
			    camera, a);
		else
			vg_error_set(err, "no recording of camera %s from %s"
			    " to %s", camera, a, b);
		return -1;
	}
	first = &c->seg[0];
	last = &c->seg[c->nseg - 1];
	if (first->start > from + c->offset + JOIN_TOL)
		add_warn(c, "the recordings of %s begin %.1f s after %s",
		    camera, (double)(first->start - from - c->offset) / 1e6, a);
	if (last->start + last->duration < to + c->offset - JOIN_TOL)
		add_warn(c, "the recordings of %s end %.1f s before %s",
		    camera, (double)(to + c->offset - last->start -
		    last->duration) / 1e6, b);
	return 0;
}

void
vg_clip_free(struct vg_clip *c)
{
	size_t	i;

	for (i = 0; i < c->nseg; i++) {
		free(c->seg[i].path);
		free(c->seg[i].name);
	}
	for (i = 0; i < c->nwarn; i++)
		free(c->warn[i]);
	free(c->seg);
	free(c->warn);
	free(c->camera);
	free(c->method);
	memset(c, 0, sizeof(*c));
}

static int
averror(struct vg_error *err, const char *what, const char *path, int rc)
{
	char	eb[128];

	vg_error_set(err, "'%s': %s: %s", path, what,
	    vg_averr(rc, eb, sizeof(eb)));
	return -1;
}

/* The video stream of an opened segment and its first timestamp. */
static int
find_video(AVFormatContext **icp, const char *path, int *si, int64_t *st0,
    struct vg_error *err)
{
	AVStream	*st;
	int		 rc;

	if ((rc = av_find_best_stream(*icp, AVMEDIA_TYPE_VIDEO, -1, -1, NULL,
	    0)) < 0) {
		vg_error_set(err, "'%s': no video stream", path);
		vg_media_close(icp);
		return -1;
	}
	*si = rc;
	st = (*icp)->streams[rc];
	*st0 = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
	return 0;
}

/*
 * Open the segments of a plan, and start hashing them (here: in the
 * thread that reads them, vg_reads_open).
 */
static int
open_reads(const struct vg_clip_seg *seg, size_t n, int here,
    struct vg_reads **rs, struct vg_error *err)
{
	struct vg_read_want	*w;
	size_t			 i;
	int			 rc;

	w = xcalloc(n + 1, sizeof(*w));
	for (i = 0; i < n; i++) {
		w[i].path = seg[i].path;
		w[i].size = seg[i].size;
		w[i].mtime = seg[i].mtime;
		w[i].sha256 = seg[i].sha256;
	}
	rc = vg_reads_open(w, n, here, rs, err);
	free(w);
	return rc;
}

/*
 * After a failure: when a segment read is not what was indexed, that is
 * what the error says, whatever else went wrong.
 */
static void
check_failed(struct vg_clip *c, struct vg_reads *rs, struct vg_error *err)
{
	struct vg_error	 e = { 0, NULL };
	int		 tampered;

	if (rs != NULL && vg_reads_check(rs, &tampered, &e) == -1 &&
	    tampered) {
		c->tampered = 1;
		vg_error_set(err, "%s", e.msg);
	}
	vg_error_clear(&e);
}

/* The metadata a clip carries: what it shows, when, and from what. */
static void
set_metadata(struct cut *k, int64_t first)
{
	struct vg_clip	*c = k->c;
	AVDictionary	**md = &k->oc->metadata;
	char		 a[VG_TIME_BUFSZ], b[VG_TIME_BUFSZ], key[48], *v;
	size_t		 i;

	utc_text(first, a, sizeof(a));
	av_dict_set(md, "creation_time", a, 0);
	av_dict_set(md, "com.vigil.camera", c->camera, 0);
	av_dict_set(md, "com.vigil.utc_start", a, 0);
	xasprintf(&v, "%+.6f", (double)c->offset / 1e6);
	av_dict_set(md, "com.vigil.clock_offset", v, AV_DICT_DONT_STRDUP_VAL);
	av_dict_set(md, "com.vigil.clock_method",
	    c->method != NULL ? c->method : "none", 0);
	utc_text(c->from, a, sizeof(a));
	utc_text(c->to, b, sizeof(b));
	xasprintf(&v, "%s/%s", a, b);
	av_dict_set(md, "com.vigil.requested", v, AV_DICT_DONT_STRDUP_VAL);
	av_dict_set(md, "com.vigil.reencoded", k->o->reencode ? "yes" : "no",
	    0);
	for (i = 0; i < c->nseg; i++) {
		snprintf(key, sizeof(key), "com.vigil.source.%zu", i + 1);
		utc_text(c->seg[i].start - c->offset, a, sizeof(a));
		xasprintf(&v, "sha256:%s %s %s", c->seg[i].sha256, a,
		    c->seg[i].name);
		av_dict_set(md, key, v, AV_DICT_DONT_STRDUP_VAL);
	}
	utc_text(first, a, sizeof(a));
	if (c->method != NULL)
		xasprintf(&v, "vigil clip of camera %s; first frame %s (true"
		    " UTC); the camera's clock was %+.3f s off (%s) and is"
		    " corrected; %zu source segment%s", c->camera, a,
		    (double)c->offset / 1e6, c->method, c->nseg,
		    c->nseg == 1 ? "" : "s");
	else
		xasprintf(&v, "vigil clip of camera %s; first frame %s (UTC);"
		    " no clock correction recorded for the camera; %zu"
		    " source segment%s", c->camera, a, c->nseg,
		    c->nseg == 1 ? "" : "s");
	av_dict_set(md, "comment", v, AV_DICT_DONT_STRDUP_VAL);
}

/* The encoder for --reencode, set up from the first decoded stream. */
static int
open_encoder(struct cut *k, const AVStream *ist)
{
	const AVCodec	*codec;
	AVRational	 fr;
	int		 rc;

	if ((codec = vg_media_encoder()) == NULL) {
		vg_error_set(k->err, "no video encoder in this FFmpeg");
		return -1;
	}
	if ((k->enc = avcodec_alloc_context3(codec)) == NULL)
		return averror(k->err, "encoder", k->out, AVERROR(ENOMEM));
	fr = ist->avg_frame_rate.num > 0 ? ist->avg_frame_rate :
	    (AVRational){ 25, 1 };
	k->enc->width = k->dec->width;
	k->enc->height = k->dec->height;
	k->enc->pix_fmt = AV_PIX_FMT_YUV420P;
	k->enc->time_base = (AVRational){ 1, 90000 };
	k->enc->framerate = fr;
	k->enc->gop_size = (int)(av_q2d(fr) * 2 + 0.5);
	k->enc->max_b_frames = 0;
	k->enc->sample_aspect_ratio = k->dec->sample_aspect_ratio;
	k->enc->flags |= AV_CODEC_FLAG_BITEXACT;
	if (k->oc->oformat->flags & AVFMT_GLOBALHEADER)
		k->enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
	if (strcmp(codec->name, "libx264") == 0) {
		av_opt_set(k->enc->priv_data, "preset", "veryfast", 0);
		av_opt_set(k->enc->priv_data, "crf", "18", 0);
	} else
		k->enc->bit_rate = (int64_t)k->enc->width * k->enc->height *
		    4;
	if ((rc = avcodec_open2(k->enc, codec, NULL)) < 0)
		return averror(k->err, "encoder", k->out, rc);
	if ((rc = avcodec_parameters_from_context(k->ost->codecpar,
	    k->enc)) < 0)
		return averror(k->err, "encoder", k->out, rc);
	k->ost->time_base = k->enc->time_base;
	k->yuv = av_frame_alloc();
	k->yuv->format = AV_PIX_FMT_YUV420P;
	k->yuv->width = k->enc->width;
	k->yuv->height = k->enc->height;
	if ((rc = av_frame_get_buffer(k->yuv, 0)) < 0)
		return averror(k->err, "frame", k->out, rc);
	return 0;
}

/* The decoder of the segment being read, for --reencode. */
static int
open_decoder(struct cut *k, const char *path)
{
	const AVStream	*ist = k->ic->streams[k->si];
	const AVCodec	*codec;
	int		 rc;

	avcodec_free_context(&k->dec);
	if ((codec = avcodec_find_decoder(ist->codecpar->codec_id)) == NULL) {
		vg_error_set(k->err, "'%s': no decoder for %s", path,
		    avcodec_get_name(ist->codecpar->codec_id));
		return -1;
	}
	k->dec = avcodec_alloc_context3(codec);
	if ((rc = avcodec_parameters_to_context(k->dec, ist->codecpar)) < 0)
		return averror(k->err, "decoder", path, rc);
	k->dec->pkt_timebase = ist->time_base;
	if ((rc = avcodec_open2(k->dec, codec, NULL)) < 0)
		return averror(k->err, "decoder", path, rc);
	return 0;
}

/*
 * Begin the output at the first frame it will hold, shown at first (true
 * UTC): the stream, the metadata, the header.
 */
static int
start_output(struct cut *k, const AVStream *ist, int64_t first)
{
	AVDictionary	*opts = NULL;
	int		 rc;

	if (k->o->reencode) {
		if (open_encoder(k, ist) == -1)
			return -1;
	} else {
		if ((rc = avcodec_parameters_copy(k->ost->codecpar,
		    ist->codecpar)) < 0)
			return averror(k->err, "stream", k->out, rc);
		k->ost->codecpar->codec_tag = 0;
		k->ost->time_base = ist->time_base;
		k->ost->avg_frame_rate = ist->avg_frame_rate;
		k->ost->sample_aspect_ratio = ist->sample_aspect_ratio;
		/* the container's, when no frame was decoded to find it
		 * (vg_reads_demux): the muxer writes the codec's */
		if (k->ost->codecpar->sample_aspect_ratio.num == 0)
			k->ost->codecpar->sample_aspect_ratio =
			    ist->sample_aspect_ratio;
	}
	k->c->first = first;
	set_metadata(k, first);
	if (strcmp(k->oc->oformat->name, "matroska") != 0)
		av_dict_set(&opts, "movflags", "use_metadata_tags", 0);
	rc = avformat_write_header(k->oc, &opts);
	av_dict_free(&opts);
	if (rc < 0)
		return averror(k->err, "writing", k->out, rc);
	k->started = 1;
	return 0;
}

/* A box of black behind (x0, y0)-(x1, y1) of a YUV 4:2:0 frame. */
static void
yuv_box(AVFrame *f, int x0, int y0, int x1, int y1)
{
	int	x, y;

	if (x1 > f->width)
		x1 = f->width;
	if (y1 > f->height)
		y1 = f->height;
	for (y = y0; y < y1; y++)
		memset(f->data[0] + (size_t)y * f->linesize[0] + x0, 16,
		    (size_t)(x1 - x0));
	for (y = y0 / 2; y < (y1 + 1) / 2; y++)
		for (x = x0 / 2; x < (x1 + 1) / 2; x++) {
			f->data[1][(size_t)y * f->linesize[1] + x] = 128;
			f->data[2][(size_t)y * f->linesize[2] + x] = 128;
		}
}

/* Encode what the encoder gives back (frame NULL: flush) and mux it. */
static int
encode(struct cut *k, AVFrame *frame)
{
	AVPacket	*pkt = k->pkt;
	int		 rc;

	if ((rc = avcodec_send_frame(k->enc, frame)) < 0)
		return averror(k->err, "encoding", k->out, rc);
	for (;;) {
		rc = avcodec_receive_packet(k->enc, pkt);
		if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
			return 0;
		if (rc < 0)
			return averror(k->err, "encoding", k->out, rc);
		if (pkt->duration <= 0)		/* not every encoder says */
			pkt->duration = av_rescale_q(1,
			    av_inv_q(k->enc->framerate), k->enc->time_base);
		av_packet_rescale_ts(pkt, k->enc->time_base,
		    k->ost->time_base);
		pkt->stream_index = 0;
		if ((rc = av_interleaved_write_frame(k->oc, pkt)) < 0)
			return averror(k->err, "writing", k->out, rc);
	}
}

/*
 * One decoded frame, for --reencode: kept when it shows part of the span,
 * stamped with its true time and the camera, and encoded.
 */
static int
reencode_frame(struct cut *k, const struct vg_clip_seg *s, AVFrame *f)
{
	const AVStream	*ist = k->ic->streams[k->si];
	char		 label[64], when[VG_TIME_BUFSZ];
	int64_t		 ts, cam, dur, t;
	int		 sc, w, rc;

	ts = f->best_effort_timestamp != AV_NOPTS_VALUE ?
	    f->best_effort_timestamp : f->pts;
	if (ts == AV_NOPTS_VALUE)
		return 0;
	cam = s->start + av_rescale_q(ts - k->st0, ist->time_base, VG_US_Q);
	dur = FRAME_DURATION(f) > 0 ? av_rescale_q(FRAME_DURATION(f), ist->time_base,
	    VG_US_Q) : ist->avg_frame_rate.num > 0 ?
	    av_rescale_q(1, av_inv_q(ist->avg_frame_rate), VG_US_Q) : 1;
	if (cam + dur <= k->cam_from || cam > k->cam_to || cam < k->cam_end)
		return 0;
	if (!k->started && start_output(k, ist, cam - k->c->offset) == -1)
		return -1;
	if (f->width != k->enc->width ||
	    f->height != k->enc->height) {
		vg_error_set(k->err, "'%s': the picture size changes: cut the"
		    " segments separately", s->path);
		return -1;
	}
	k->sws = sws_getCachedContext(k->sws, f->width, f->height, f->format,
	    k->enc->width, k->enc->height, AV_PIX_FMT_YUV420P, SWS_BILINEAR,
	    NULL, NULL, NULL);
	if (k->sws == NULL || (rc = av_frame_make_writable(k->yuv)) < 0) {
		vg_error_set(k->err, "'%s': cannot convert its pictures",
		    s->path);
		return -1;
	}
	sws_scale(k->sws, (const uint8_t *const *)f->data, f->linesize, 0,
	    f->height, k->yuv->data, k->yuv->linesize);

	/* the true time, in the site's zone, and the camera */
	t = cam - k->c->offset;
	vg_time_format(k->o->tz, t - t % 1000, when, sizeof(when));
	snprintf(label, sizeof(label), "%s %s", k->c->camera, when);
	sc = k->enc->height / 240 > 1 ? k->enc->height / 240 : 1;
	w = vg_font_cells(label) * VG_FONT_W * sc + 3 * sc;
	yuv_box(k->yuv, 0, 0, w, VG_FONT_H * sc + 3 * sc);
	vg_font_draw(k->yuv->data[0], k->yuv->linesize[0], 1, k->yuv->width,
	    k->yuv->height, 2 * sc, 2 * sc, sc, label,
	    (const uint8_t[]){ 235 });

	if (k->cam0 == VG_TIME_NONE) {
		k->cam0 = cam;
		k->c->first = t;
	}
	k->yuv->pts = av_rescale_q(cam - k->cam0, VG_US_Q, k->enc->time_base);
	FRAME_DURATION(k->yuv) = av_rescale_q(dur, VG_US_Q, k->enc->time_base);
	k->cam_end = cam + dur;
	k->c->end = k->cam_end - k->c->offset;
	k->c->frames++;
	return encode(k, k->yuv);
}

/* Decode a packet (NULL: drain) and re-encode the frames of the span. */
static int
decode(struct cut *k, const struct vg_clip_seg *s, AVPacket *pkt)
{
	int	rc;

	if ((rc = avcodec_send_packet(k->dec, pkt)) < 0 && rc != AVERROR_EOF)
		return averror(k->err, "decoding", s->path, rc);
	for (;;) {
		rc = avcodec_receive_frame(k->dec, k->frame);
		if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
			return 0;
		if (rc < 0)
			return averror(k->err, "decoding", s->path, rc);
		rc = reencode_frame(k, s, k->frame);
		av_frame_unref(k->frame);
		if (rc == -1)
			return -1;
	}
}

/* Copy a packet into the clip, its times moved onto the clip's line. */
static int
copy_packet(struct cut *k, const struct vg_clip_seg *s, AVPacket *pkt,
    int64_t cam, int64_t dur)
{
	const AVStream	*ist = k->ic->streams[k->si];
	AVRational	 otb = k->ost->time_base;
	int64_t		 pts, dts;
	int		 rc;

	pts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
	dts = pkt->dts != AV_NOPTS_VALUE ? pkt->dts : pts;
	pts = av_rescale_q(pts - k->st0, ist->time_base, otb) + k->shift;
	dts = av_rescale_q(dts - k->st0, ist->time_base, otb) + k->shift;
	if (k->last_dts != INT64_MIN && dts <= k->last_dts) {
		k->dropped++;
		av_packet_unref(pkt);
		return 0;
	}
	pkt->pts = pts;
	pkt->dts = dts;
	pkt->duration = av_rescale_q(dur, VG_US_Q, otb);
	pkt->stream_index = 0;
	pkt->pos = -1;
	k->last_dts = dts;
	if (pts + pkt->duration > k->out_end)
		k->out_end = pts + pkt->duration;
	if (cam + dur > k->cam_end) {
		k->cam_end = cam + dur;
		k->c->end = k->cam_end - k->c->offset;
	}
	k->c->frames++;
	if ((rc = av_write_frame(k->oc, pkt)) < 0)
		return averror(k->err, "writing", k->out, rc);
	av_packet_unref(pkt);
	(void)s;
	return 0;
}

/* Forget the packets held past the end. */
static void
drop_held(struct cut *k)
{
	while (k->nheld > 0)
		av_packet_free(&k->held[--k->nheld]);
}

/* Copy the packets held past the end: a frame shown before it needs them. */
static int
flush_held(struct cut *k, const struct vg_clip_seg *s)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; i < k->nheld && rc == 0; i++)
		rc = copy_packet(k, s, k->held[i], k->heldcam[i],
		    k->helddur[i]);
	drop_held(k);
	return rc;
}

/*
 * Where this segment's frames go on the clip's line, given the camera
 * time of its first keyframe to be written: straight after the frames
 * before when it follows them within a second, after the same gap when
 * the recording has one.
 */
static void
join_segment(struct cut *k, const struct vg_clip_seg *s, int64_t pts,
    int64_t cam)
{
	const AVStream	*ist = k->ic->streams[k->si];
	AVRational	 otb = k->ost->time_base;
	int64_t		 rel = av_rescale_q(pts - k->st0, ist->time_base, otb);
	int64_t		 gap = cam - k->cam_end;
	char		 a[VG_TIME_BUFSZ];

	if (!k->started || k->o->reencode)
		return;
	if (gap > JOIN_TOL) {
		utc_text(k->cam_end - k->c->offset, a, sizeof(a));
		add_warn(k->c, "no recording of %s for %.1f s from %s (before"
		    " '%s'): the clip jumps", k->c->camera, (double)gap / 1e6,
		    a, s->name);
		k->shift = k->out_end + av_rescale_q(gap, VG_US_Q, otb) - rel;
	} else {
		if (gap < -JOIN_TOL)
			add_warn(k->c, "'%s' overlaps the segment before by"
			    " %.1f s: the overlap is left out", s->name,
			    (double)-gap / 1e6);
		k->shift = k->out_end - rel;
	}
}

/*
 * Cut what segment s holds of the span.  Returns 1 when the span ends in
 * it, 0 to go on to the next, -1 on failure.
 */
static int
cut_segment(struct cut *k, size_t i)
{
	const struct vg_clip_seg *s = &k->c->seg[i];
	const AVStream	*ist;
	AVPacket	*pkt = k->pkt;
	int64_t		 pts, dts, cam, camdts, dur, fdur, target;
	int		 rc, waiting = 1, done = 0;

	if (vg_reads_demux(k->reads, i, !k->o->reencode, &k->ic,
	    k->err) == -1 ||
	    find_video(&k->ic, s->path, &k->si, &k->st0, k->err) == -1)
		return -1;
	ist = k->ic->streams[k->si];
	if (k->par0 == NULL) {
		k->par0 = avcodec_parameters_alloc();
		avcodec_parameters_copy(k->par0, ist->codecpar);
	} else if (!k->o->reencode &&
	    (ist->codecpar->codec_id != k->par0->codec_id ||
	    ist->codecpar->width != k->par0->width ||
	    ist->codecpar->height != k->par0->height ||
	    ist->codecpar->extradata_size != k->par0->extradata_size ||
	    (k->par0->extradata_size > 0 && memcmp(ist->codecpar->extradata,
	    k->par0->extradata, (size_t)k->par0->extradata_size) != 0))) {
		vg_error_set(k->err, "'%s' is encoded differently from the"
		    " segment before: cut the span in two, or use --reencode",
		    s->path);
		return -1;
	}
	if (k->o->reencode && open_decoder(k, s->path) == -1)
		return -1;
	fdur = ist->avg_frame_rate.num > 0 ? av_rescale_q(1,
	    av_inv_q(ist->avg_frame_rate), VG_US_Q) : US / 25;

	/* the keyframe at or before the start, in the first segment */
	if (!k->started && k->cam_from > s->start) {
		target = k->st0 + av_rescale_q(k->cam_from - s->start, VG_US_Q,
		    ist->time_base);
		if (av_seek_frame(k->ic, k->si, target, AVSEEK_FLAG_BACKWARD) <
		    0)
			(void)av_seek_frame(k->ic, k->si, k->st0,
			    AVSEEK_FLAG_BACKWARD);
	}

	while ((rc = av_read_frame(k->ic, pkt)) >= 0) {
		if (pkt->stream_index != k->si) {
			av_packet_unref(pkt);
			continue;
		}
		pts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
		if (pts == AV_NOPTS_VALUE) {
			av_packet_unref(pkt);
			continue;
		}
		dts = pkt->dts != AV_NOPTS_VALUE ? pkt->dts : pts;
		cam = s->start + av_rescale_q(pts - k->st0, ist->time_base,
		    VG_US_Q);
		camdts = s->start + av_rescale_q(dts - k->st0, ist->time_base,
		    VG_US_Q);
		dur = pkt->duration > 0 ? av_rescale_q(pkt->duration,
		    ist->time_base, VG_US_Q) : fdur;
		if (waiting) {
			/* a keyframe, not before the frames already cut */
			if (!(pkt->flags & AV_PKT_FLAG_KEY) || (k->cam_end !=
			    INT64_MIN && cam + JOIN_TOL < k->cam_end)) {
				av_packet_unref(pkt);
				continue;
			}
			waiting = 0;
			join_segment(k, s, pts, cam);
			if (!k->started && !k->o->reencode) {
				if (start_output(k, ist, cam - k->c->offset) ==
				    -1)
					return -1;
				k->shift = -av_rescale_q(pts - k->st0,
				    ist->time_base, k->ost->time_base);
			}
		}
		/*
		 * Past the end.  A frame stored after one shown later (with
		 * B-frames) may still be shown before the end: what is shown
		 * after the end is held until such a frame comes, and
		 * dropped once none can (its dts is past the end).
		 */
		if (camdts > k->cam_to) {
			av_packet_unref(pkt);
			done = 1;
			break;
		}
		if (k->o->reencode)
			rc = decode(k, s, pkt) == -1 ? -1 : 0;
		else if (cam > k->cam_to) {
			if (k->nheld == MAXHELD) {
				av_packet_unref(pkt);
				done = 1;
				break;
			}
			k->heldcam[k->nheld] = cam;
			k->helddur[k->nheld] = dur;
			k->held[k->nheld++] = av_packet_clone(pkt);
			rc = 0;
		} else {
			rc = flush_held(k, s);
			if (rc == 0)
				rc = copy_packet(k, s, pkt, cam, dur);
		}
		av_packet_unref(pkt);
		if (rc == -1)
			return -1;
	}
	drop_held(k);
	if (rc < 0 && rc != AVERROR_EOF && !done)
		add_warn(k->c, "'%s': read error: the rest of it is left out",
		    s->path);
	if (k->o->reencode && decode(k, s, NULL) == -1)
		return -1;
	vg_media_close(&k->ic);
	return done || k->cam_end > k->cam_to;
}

static void
cut_free(struct cut *k)
{
	drop_held(k);
	vg_media_close(&k->ic);
	vg_reads_free(k->reads);
	if (k->oc != NULL) {
		if (k->oc->pb != NULL)
			avio_closep(&k->oc->pb);
		avformat_free_context(k->oc);
	}
	avcodec_parameters_free(&k->par0);
	av_packet_free(&k->pkt);
	avcodec_free_context(&k->dec);
	avcodec_free_context(&k->enc);
	sws_freeContext(k->sws);
	av_frame_free(&k->frame);
	av_frame_free(&k->yuv);
	if (k->wfd != -1)
		close(k->wfd);
	if (k->tmp != NULL) {
		(void)unlink(k->tmp);
		free(k->tmp);
	}
}

/*
 * Start writing out what the clip holds so far, without waiting for it:
 * the sync before the clip is published then waits only for its last
 * part, not for the whole file, while the cut goes on.
 */
static void
write_behind(struct cut *k)
{
#ifdef SYNC_FILE_RANGE_WRITE
	if (k->wfd == -1)
		return;
	avio_flush(k->oc->pb);
	(void)sync_file_range(k->wfd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
	(void)k;
#endif
}

/*
 * Cut the planned span into out (.mp4, .m4v, .mov or .mkv): by stream
 * copy from the keyframe at or before its start to the frame showing
 * its end, across segment boundaries, with the metadata of set_metadata;
 * or, with reencode, exactly the frames of the span with the true time
 * burnt in.  The file appears only when whole; an existing one is kept
 * unless force.
 */
int
vg_clip_write(struct vg_clip *c, const char *out,
    const struct vg_clip_opts *o, struct vg_error *err)
{
	struct cut	 k;
	const char	*fmt;
	char		 path[PATH_MAX + 8];
	int64_t		 before;
	size_t		 i;
	int		 rc, fd, r = 0;

	if ((fmt = out_format(out)) == NULL) {
		vg_error_set(err, "'%s': name the clip .mp4, .mov or .mkv",
		    out);
		return -1;
	}
	if (!o->force && access(out, F_OK) == 0) {
		vg_error_set(err, "'%s' exists: not overwritten", out);
		return -1;
	}
	memset(&k, 0, sizeof(k));
	k.wfd = -1;
	k.c = c;
	k.o = o;
	k.err = err;
	k.out = out;
	k.last_dts = INT64_MIN;
	k.cam_end = INT64_MIN;
	k.cam0 = VG_TIME_NONE;
	k.cam_from = c->from + c->offset;
	k.cam_to = c->to + c->offset;
	c->first = c->end = VG_TIME_NONE;
	c->frames = 0;
	c->unwritten = 0;
	if ((fd = vg_file_temp(out, &k.tmp, err)) == -1) {
		c->unwritten = 1;
		return -1;
	}
	k.wfd = fd;
	k.pkt = av_packet_alloc();
	k.frame = av_frame_alloc();
	if ((rc = avformat_alloc_output_context2(&k.oc, NULL, fmt, NULL)) < 0) {
		averror(err, "output", out, rc);
		goto fail;
	}
	k.oc->flags |= AVFMT_FLAG_BITEXACT;
	if ((k.ost = avformat_new_stream(k.oc, NULL)) == NULL) {
		averror(err, "output", out, AVERROR(ENOMEM));
		goto fail;
	}
	snprintf(path, sizeof(path), "file:%s", k.tmp);
	if ((rc = avio_open(&k.oc->pb, path, AVIO_FLAG_WRITE)) < 0) {
		averror(err, "output", out, rc);
		c->unwritten = 1;
		goto fail;
	}
	/* every segment named in the clip is hashed whole as it is cut */
	if (open_reads(c->seg, c->nseg, o->hash_here, &k.reads, err) == -1)
		goto fail;
	for (i = 0; i < c->nseg && r == 0; i++) {
		before = c->frames;
		if ((r = cut_segment(&k, i)) == -1)
			goto fail;
		c->seg[i].used = c->frames > before;
		write_behind(&k);
	}
	if (!k.started) {
		vg_error_set(err, "no frame of camera %s falls in the span",
		    c->camera);
		goto fail;
	}
	if (o->reencode && encode(&k, NULL) == -1)
		goto fail;
	if ((rc = av_write_trailer(k.oc)) < 0) {
		averror(err, "writing", out, rc);
		c->unwritten = 1;
		goto fail;
	}
	if ((rc = avio_closep(&k.oc->pb)) < 0) {
		averror(err, "writing", out, rc);
		c->unwritten = 1;
		goto fail;
	}
	if (vg_reads_check(k.reads, &c->tampered, err) == -1)
		goto fail;
	if (k.dropped > 0)
		add_warn(c, "%lld packet%s out of order left out",
		    (long long)k.dropped, k.dropped == 1 ? "" : "s");
	if ((rc = vg_file_publish(k.tmp, out, o->force, err)) == -1)
		c->unwritten = 1;
	free(k.tmp);
	k.tmp = NULL;
	cut_free(&k);
	return rc;
fail:
	/* a write that failed (a full disk) left its mark on the output */
	if (k.oc != NULL && k.oc->pb != NULL && k.oc->pb->error < 0)
		c->unwritten = 1;
	if (!c->tampered)
		check_failed(c, k.reads, err);
	cut_free(&k);
	return -1;
}

/* A decoded frame as packed RGB. */
static int
to_rgb(const AVFrame *f, struct vg_image *img, struct vg_error *err)
{
	struct SwsContext	*sws;
	uint8_t			*dst[4];
	int			 stride[4];

	sws = sws_getContext(f->width, f->height, f->format, f->width,
	    f->height, AV_PIX_FMT_RGB24, SWS_BICUBIC | SWS_ACCURATE_RND |
	    SWS_FULL_CHR_H_INT, NULL, NULL, NULL);
	if (sws == NULL) {
		vg_error_set(err, "cannot convert %s pictures",
		    av_get_pix_fmt_name(f->format));
		return -1;
	}
	img->width = f->width;
	img->height = f->height;
	img->rgb = xmalloc((size_t)f->width * (size_t)f->height * 3);
	memset(dst, 0, sizeof(dst));
	memset(stride, 0, sizeof(stride));
	dst[0] = img->rgb;
	stride[0] = f->width * 3;
	sws_scale(sws, (const uint8_t *const *)f->data, f->linesize, 0,
	    f->height, dst, stride);
	sws_freeContext(sws);
	return 0;
}

/*
 * Decode the frame of an opened recording (closed here) shown at rel
 * microseconds from its first frame: seek to the keyframe at or before,
 * decode forward, and keep the last frame that starts at or before rel
 * (the first frame when rel is earlier).  No frame is returned for a
 * time after the one kept has ended: past the end, or in a gap.  *shown
 * is when that frame starts, from the first.
 */
static int
decode_frame(AVFormatContext **icp, const char *path, int64_t rel,
    struct vg_image *img, int64_t *shown, struct vg_error *err)
{
	AVFormatContext	*ic;
	AVCodecContext	*dec = NULL;
	const AVCodec	*codec;
	AVStream	*st;
	AVPacket	*pkt = NULL;
	AVFrame		*f = NULL, *keep = NULL;
	int64_t		 st0, target, ts, dur;
	int		 si, rc = -1, r, have = 0, eof = 0;

	memset(img, 0, sizeof(*img));
	if (find_video(icp, path, &si, &st0, err) == -1)
		return -1;
	ic = *icp;
	st = ic->streams[si];
	if ((codec = avcodec_find_decoder(st->codecpar->codec_id)) == NULL) {
		vg_error_set(err, "'%s': no decoder for %s", path,
		    avcodec_get_name(st->codecpar->codec_id));
		goto out;
	}
	dec = avcodec_alloc_context3(codec);
	if ((r = avcodec_parameters_to_context(dec, st->codecpar)) < 0 ||
	    (dec->pkt_timebase = st->time_base, r = avcodec_open2(dec, codec,
	    NULL)) < 0) {
		averror(err, "decoder", path, r);
		goto out;
	}
	target = st0 + av_rescale_q_rnd(rel, VG_US_Q, st->time_base,
	    AV_ROUND_DOWN);
	if (rel > 0 && av_seek_frame(ic, si, target, AVSEEK_FLAG_BACKWARD) < 0)
		(void)av_seek_frame(ic, si, st0, AVSEEK_FLAG_BACKWARD);
	pkt = av_packet_alloc();
	f = av_frame_alloc();
	keep = av_frame_alloc();
	while (!eof) {
		if ((r = av_read_frame(ic, pkt)) < 0) {
			eof = 1;
			r = avcodec_send_packet(dec, NULL);
		} else if (pkt->stream_index != si) {
			av_packet_unref(pkt);
			continue;
		} else {
			r = avcodec_send_packet(dec, pkt);
			av_packet_unref(pkt);
		}
		if (r < 0 && r != AVERROR_EOF && r != AVERROR(EAGAIN)) {
			averror(err, "decoding", path, r);
			goto out;
		}
		while ((r = avcodec_receive_frame(dec, f)) >= 0) {
			ts = f->best_effort_timestamp != AV_NOPTS_VALUE ?
			    f->best_effort_timestamp : f->pts;
			if (ts != AV_NOPTS_VALUE && ts > target && have) {
				av_frame_unref(f);
				goto found;
			}
			av_frame_unref(keep);
			av_frame_move_ref(keep, f);
			have = 1;
			if (ts != AV_NOPTS_VALUE && ts >= target)
				goto found;
		}
		if (r != AVERROR(EAGAIN) && r != AVERROR_EOF) {
			averror(err, "decoding", path, r);
			goto out;
		}
	}
	if (!have) {
		vg_error_set(err, "'%s': no frame could be decoded", path);
		goto out;
	}
found:
	ts = keep->best_effort_timestamp != AV_NOPTS_VALUE ?
	    keep->best_effort_timestamp : keep->pts;
	*shown = ts != AV_NOPTS_VALUE ? av_rescale_q(ts - st0, st->time_base,
	    VG_US_Q) : rel;
	dur = FRAME_DURATION(keep) > 0 ? av_rescale_q(FRAME_DURATION(keep),
	    st->time_base, VG_US_Q) : st->avg_frame_rate.num > 0 ?
	    av_rescale_q(1, av_inv_q(st->avg_frame_rate), VG_US_Q) : US / 25;
	if (ts != AV_NOPTS_VALUE && rel >= *shown + dur) {
		vg_error_set(err, "'%s': no frame is shown %.3f s from its"
		    " start: the frame before ends at %.3f s", path,
		    (double)rel / 1e6, (double)(*shown + dur) / 1e6);
		goto out;
	}
	rc = to_rgb(keep, img, err);
out:
	av_frame_free(&f);
	av_frame_free(&keep);
	av_packet_free(&pkt);
	avcodec_free_context(&dec);
	vg_media_close(icp);
	return rc;
}

/* Decode the frame of the recording at path shown at rel (decode_frame). */
int
vg_frame_decode(const char *path, int64_t rel, struct vg_image *img,
    int64_t *shown, struct vg_error *err)
{
	AVFormatContext	*ic = NULL;

	memset(img, 0, sizeof(*img));
	if (vg_media_open(path, &ic, err) == -1)
		return -1;
	return decode_frame(&ic, path, rel, img, shown, err);
}

/*
 * The frame of the plan's camera shown at true time t (the plan made for
 * t to t).  The plan's first and end say which frame it is.
 */
int
vg_clip_frame(struct vg_clip *c, int64_t t, struct vg_image *img,
    struct vg_error *err)
{
	const struct vg_clip_seg *s = NULL;
	struct vg_reads		*rs;
	AVFormatContext		*ic = NULL;
	int64_t			 cam = t + c->offset, shown;
	size_t			 i;

	for (i = 0; i < c->nseg; i++)
		if (c->seg[i].start <= cam &&
		    cam < c->seg[i].start + c->seg[i].duration)
			s = &c->seg[i];
	if (s == NULL) {
		vg_error_set(err, "no recording of camera %s at that time",
		    c->camera);
		return -1;
	}
	/* the segment is hashed whole while the frame is decoded */
	memset(img, 0, sizeof(*img));
	if (open_reads(s, 1, 0, &rs, err) == -1)
		return -1;
	if (vg_reads_demux(rs, 0, 0, &ic, err) == -1 ||
	    decode_frame(&ic, s->path, cam - s->start, img, &shown, err) == -1 ||
	    vg_reads_check(rs, &c->tampered, err) == -1) {
		if (!c->tampered)
			check_failed(c, rs, err);
		vg_image_free(img);
		vg_reads_free(rs);
		return -1;
	}
	vg_reads_free(rs);
	c->first = s->start + shown - c->offset;
	c->end = VG_TIME_NONE;
	c->frames = 1;
	return 0;
}

void
vg_image_free(struct vg_image *img)
{
	free(img->rgb);
	memset(img, 0, sizeof(*img));
}

/*
 * Write an image as PNG or JPEG, by the name's extension, under a
 * temporary name first; an existing file is kept unless force.
 */
int
vg_image_write(const struct vg_image *img, const char *out, int force,
    struct vg_error *err)
{
	const AVCodec		*codec;
	AVCodecContext		*enc = NULL;
	AVFrame			*f = NULL;
	AVPacket		*pkt = NULL;
	struct SwsContext	*sws = NULL;
	const char		*dot = strrchr(out, '.');
	const uint8_t		*src[4] = { img->rgb };
	int			 sstride[4] = { img->width * 3 };
	enum AVCodecID		 id;
	char			*tmp = NULL;
	ssize_t			 n;
	size_t			 off;
	int			 fd = -1, r, rc = -1, jpeg;

	if (dot != NULL && strcasecmp(dot, ".png") == 0)
		jpeg = 0;
	else if (dot != NULL && (strcasecmp(dot, ".jpg") == 0 ||
	    strcasecmp(dot, ".jpeg") == 0))
		jpeg = 1;
	else {
		vg_error_set(err, "'%s': name the image .png or .jpg", out);
		return -1;
	}
	if (!force && access(out, F_OK) == 0) {
		vg_error_set(err, "'%s' exists: not overwritten", out);
		return -1;
	}
	id = jpeg ? AV_CODEC_ID_MJPEG : AV_CODEC_ID_PNG;
	if ((codec = avcodec_find_encoder(id)) == NULL) {
		vg_error_set(err, "no %s encoder in this FFmpeg",
		    jpeg ? "JPEG" : "PNG");
		return -1;
	}
	enc = avcodec_alloc_context3(codec);
	enc->width = img->width;
	enc->height = img->height;
	enc->time_base = (AVRational){ 1, 25 };
	enc->pix_fmt = jpeg ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_RGB24;
	enc->flags |= AV_CODEC_FLAG_BITEXACT;
	if (jpeg) {
		enc->flags |= AV_CODEC_FLAG_QSCALE;
		enc->color_range = AVCOL_RANGE_JPEG;
	}
	if ((r = avcodec_open2(enc, codec, NULL)) < 0) {
		averror(err, "encoder", out, r);
		goto out;
	}
	f = av_frame_alloc();
	f->format = enc->pix_fmt;
	f->width = img->width;
	f->height = img->height;
	if ((r = av_frame_get_buffer(f, 0)) < 0) {
		averror(err, "frame", out, r);
		goto out;
	}
	if (jpeg) {
		f->quality = FF_QP2LAMBDA * 2;
		f->color_range = AVCOL_RANGE_JPEG;
	}
	if (!jpeg)		/* PNG takes the RGB as it is */
		av_image_copy_plane(f->data[0], f->linesize[0], img->rgb,
		    sstride[0], img->width * 3, img->height);
	else if ((sws = sws_getContext(img->width, img->height,
	    AV_PIX_FMT_RGB24, img->width, img->height, enc->pix_fmt,
	    SWS_BICUBIC | SWS_ACCURATE_RND, NULL, NULL, NULL)) == NULL) {
		vg_error_set(err, "'%s': cannot convert the picture", out);
		goto out;
	} else
		sws_scale(sws, src, sstride, 0, img->height, f->data,
		    f->linesize);
	pkt = av_packet_alloc();
	if ((r = avcodec_send_frame(enc, f)) < 0 ||
	    (r = avcodec_send_frame(enc, NULL)) < 0 ||
	    (r = avcodec_receive_packet(enc, pkt)) < 0) {
		averror(err, "encoding", out, r);
		goto out;
	}
	if ((fd = vg_file_temp(out, &tmp, err)) == -1)
		goto out;
	for (off = 0; off < (size_t)pkt->size; off += (size_t)n)
		if ((n = write(fd, pkt->data + off, (size_t)pkt->size - off)) ==
		    -1) {
			if (errno == EINTR) {
				n = 0;
				continue;
			}
			vg_error_set(err, "'%s': %s", out, strerror(errno));
			goto out;
		}
	if (close(fd) == -1) {
		fd = -1;
		vg_error_set(err, "'%s': %s", out, strerror(errno));
		goto out;
	}
	fd = -1;
	rc = vg_file_publish(tmp, out, force, err);
	free(tmp);
	tmp = NULL;
out:
	if (fd != -1)
		close(fd);
	if (tmp != NULL) {
		(void)unlink(tmp);
		free(tmp);
	}
	sws_freeContext(sws);
	av_packet_free(&pkt);
	av_frame_free(&f);
	avcodec_free_context(&enc);
	return rc;
}

/* Fill a rectangle of an RGB image with one colour. */
static void
rgb_fill(struct vg_image *img, int x0, int y0, int x1, int y1,
    const uint8_t c[3])
{
	int	x, y;

	for (y = y0; y < y1 && y < img->height; y++)
		for (x = x0; x < x1 && x < img->width; x++)
			memcpy(img->rgb + ((size_t)y * (size_t)img->width +
			    (size_t)x) * 3, c, 3);
}

/*
 * A contact sheet: the n images scaled to tile pixels wide, up to
 * SHEET_COLS across, each with its label (lines split at newlines)
 * underneath.
 */
int
vg_image_sheet(const struct vg_image *imgs, const char *const *labels,
    size_t n, int tile, struct vg_image *out, struct vg_error *err)
{
	static const uint8_t	 bg[3] = { 24, 24, 28 };
	static const uint8_t	 ink[3] = { 235, 235, 235 };
	struct SwsContext	*sws;
	const char		*l, *nl;
	char			 line[128];
	size_t			 i;
	int			 cols, rows, th, lh, pad, sc, nlines, maxl;
	int			 x, y, h, k;

	memset(out, 0, sizeof(*out));
	if (n == 0) {
		vg_error_set(err, "a contact sheet needs at least one frame");
		return -1;
	}
	sc = tile >= 320 ? 2 : 1;
	pad = 4 * sc;
	maxl = 1;
	th = 0;
	for (i = 0; i < n; i++) {
		for (nlines = 1, l = labels[i]; (l = strchr(l, '\n')) != NULL;
		    l++)
			nlines++;
		if (nlines > maxl)
			maxl = nlines;
		h = (int)((int64_t)imgs[i].height * tile / imgs[i].width);
		if (h > th)
			th = h;
	}
	lh = maxl * VG_FONT_H * sc + pad;
	cols = n < SHEET_COLS ? (int)n : SHEET_COLS;
	rows = (int)((n + (size_t)cols - 1) / (size_t)cols);
	out->width = cols * (tile + pad) + pad;
	out->height = rows * (th + lh + pad) + pad;
	out->rgb = xmalloc((size_t)out->width * (size_t)out->height * 3);
	rgb_fill(out, 0, 0, out->width, out->height, bg);
	for (i = 0; i < n; i++) {
		x = pad + (int)(i % (size_t)cols) * (tile + pad);
		y = pad + (int)(i / (size_t)cols) * (th + lh + pad);
		h = (int)((int64_t)imgs[i].height * tile / imgs[i].width);
		if (h < 1)
			h = 1;
		sws = sws_getContext(imgs[i].width, imgs[i].height,
		    AV_PIX_FMT_RGB24, tile, h, AV_PIX_FMT_RGB24, SWS_AREA,
		    NULL, NULL, NULL);
		if (sws == NULL) {
			vg_error_set(err, "cannot scale a frame of %dx%d",
			    imgs[i].width, imgs[i].height);
			vg_image_free(out);
			return -1;
		}
		{
			const uint8_t	*src[4] = { imgs[i].rgb };
			int		 ss[4] = { imgs[i].width * 3 };
			uint8_t		*dst[4] = { out->rgb + ((size_t)y *
			    (size_t)out->width + (size_t)x) * 3 };
			int		 ds[4] = { out->width * 3 };

			sws_scale(sws, src, ss, 0, imgs[i].height, dst, ds);
		}
		sws_freeContext(sws);
		for (k = 0, l = labels[i]; l != NULL; k++) {
			nl = strchr(l, '\n');
			snprintf(line, sizeof(line), "%.*s", nl != NULL ?
			    (int)(nl - l) : (int)strlen(l), l);
			vg_font_draw(out->rgb, out->width * 3, 3,
			    x + tile, out->height, x, y + h + pad / 2 + k *
			    VG_FONT_H * sc, sc, line, ink);
			l = nl != NULL ? nl + 1 : NULL;
		}
	}
	return 0;
}
