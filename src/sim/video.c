/* video.c: synthetic camera recordings, drawn frame by frame, as MP4 */
#include "config.h"

#include "vigil.h"
#include "video.h"
#include "media-int.h"

#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>

#define US		INT64_C(1000000)	/* microseconds a second */
#define DAY		INT64_C(86400)		/* seconds a day */
#define GOP_SECONDS	2			/* a keyframe every so often */
#define MAXDIM		4096			/* widest or tallest frame */
#define MAXFPS		120			/* most frames a second */
#define MAXSECONDS	86400			/* longest segment */
#define MAXOFF		(18 * 3600)		/* largest UTC offset */
#define MAXSTART	INT64_C(253402300799999999) /* 9999-12-31, UTC */
#define FIG_HEIGHT	0.30			/* a person, of the frame */
#define NCOLOURS	12			/* unknown, then 1..11 */
#define QUIET		64			/* log_level_offset: silence */

/* A colour as the encoder stores it: BT.601, limited range. */
struct yuv {
	uint8_t	 y;		/* luma, 16..235 */
	uint8_t	 u;		/* blue difference, 16..240 */
	uint8_t	 v;		/* red difference, 16..240 */
};

/* A figure's place in the drawing order: far (small y) first. */
struct order {
	float	 y;		/* where its feet are */
	size_t	 i;		/* index into the segment's figures */
};

/* Everything one write holds, freed in one place. */
struct writer {
	const struct sim_segment *seg;	/* what to write */
	struct vg_error	*err;		/* where failures go */
	AVFormatContext	*oc;		/* the MP4 muxer */
	AVCodecContext	*enc;		/* the encoder */
	AVBSFContext	*bsf;		/* drops H.264 SEI, or NULL */
	AVStream	*st;		/* the one video stream */
	AVFrame		*bg;		/* the empty scene */
	AVFrame		*frame;		/* the frame being drawn */
	AVPacket	*pkt;		/* the packet being written */
	struct order	*order;		/* figures in drawing order */
	struct yuv	 pal[NCOLOURS];	/* clothing colours, by index */
	int		 opened;	/* the output file is open */
};

/* Clothing colours: unknown, then vg_colour_names order. */
static const uint8_t colour_rgb[NCOLOURS][3] = {
	{  92,  94, 110 },	/* unknown: a dull slate */
	{  22,  22,  24 },	/* black */
	{ 240, 240, 236 },	/* white */
	{ 128, 128, 128 },	/* grey */
	{ 205,  28,  32 },	/* red */
	{ 245, 135,  20 },	/* orange */
	{ 245, 220,  30 },	/* yellow */
	{  30, 150,  50 },	/* green */
	{  30,  60, 200 },	/* blue */
	{ 125,  40, 165 },	/* purple */
	{ 120,  72,  32 },	/* brown */
	{ 245, 150, 190 }	/* pink */
};

static const uint8_t rgb_ground[3] = { 104, 124, 92 };
static const uint8_t rgb_walk[3] = { 178, 172, 156 };
static const uint8_t rgb_kerb[3] = { 150, 146, 134 };
static const uint8_t rgb_skin[3] = { 214, 166, 128 };
static const uint8_t rgb_shoe[3] = { 34, 30, 28 };
static const uint8_t rgb_glass[3] = { 52, 70, 88 };
static const uint8_t rgb_tyre[3] = { 24, 24, 24 };
static const uint8_t rgb_hub[3] = { 150, 150, 150 };

static const struct yuv	yuv_text = { 235, 128, 128 };
static const struct yuv	yuv_box = { 16, 128, 128 };

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t	q = a / b;

	return q - ((a % b) < 0);
}

/* Microseconds t, shifted by off seconds, as YYYY-MM-DD, sep, HH:MM:SS. */
static void
clock_text(int64_t t, int off, char sep, int frac, char *buf, size_t size)
{
	int64_t	 s, days, sod, y;
	int	 m, d;

	s = floordiv(t, US);
	days = floordiv(s + off, DAY);
	sod = s + off - days * DAY;
	vg_civil_from_days(days, &y, &m, &d);
	if (frac)
		snprintf(buf, size, "%04lld-%02d-%02d%c%02d:%02d:%02d.%06lldZ",
		    (long long)y, m, d, sep, (int)(sod / 3600),
		    (int)(sod / 60 % 60), (int)(sod % 60),
		    (long long)(t - s * US));
	else
		snprintf(buf, size, "%04lld-%02d-%02d%c%02d:%02d:%02d",
		    (long long)y, m, d, sep, (int)(sod / 3600),
		    (int)(sod / 60 % 60), (int)(sod % 60));
}

static struct yuv
yuv_of(const uint8_t c[3])
{
	struct yuv	 p;
	int		 r = c[0], g = c[1], b = c[2];

	p.y = (uint8_t)((66 * r + 129 * g + 25 * b + 4224) >> 8);
	p.u = (uint8_t)((-38 * r - 74 * g + 112 * b + 32896) >> 8);
	p.v = (uint8_t)((112 * r - 94 * g - 18 * b + 32896) >> 8);
	return p;
}

static int
clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A pixel coordinate of a fraction of n, kept well inside int. */
static int
pos(double f, int n)
{
	if (!(f > -4.0))
		f = -4.0;
	if (f > 4.0)
		f = 4.0;
	return (int)lrint(f * n);
}

/* Fill [x0, x1) x [y0, y1); chroma covers every pair of pixels touched. */
static void
fill(AVFrame *f, int x0, int y0, int x1, int y1, struct yuv c)
{
	uint8_t	*p;
	int	 y;

	x0 = clampi(x0, 0, f->width);
	x1 = clampi(x1, 0, f->width);
	y0 = clampi(y0, 0, f->height);
	y1 = clampi(y1, 0, f->height);
	if (x0 >= x1 || y0 >= y1)
		return;
	for (y = y0; y < y1; y++)
		memset(f->data[0] + (size_t)y * f->linesize[0] + x0, c.y,
		    x1 - x0);
	for (y = y0 / 2; y < (y1 + 1) / 2; y++) {
		p = f->data[1] + (size_t)y * f->linesize[1];
		memset(p + x0 / 2, c.u, (x1 + 1) / 2 - x0 / 2);
		p = f->data[2] + (size_t)y * f->linesize[2];
		memset(p + x0 / 2, c.v, (x1 + 1) / 2 - x0 / 2);
	}
}

/* A disc of diameter d whose bounding box starts at (x, y). */
static void
disc(AVFrame *f, int x, int y, int d, struct yuv c)
{
	double	 r = d / 2.0, dy, hw;
	int	 i;

	for (i = 0; i < d; i++) {
		dy = i + 0.5 - r;
		hw = sqrt(r * r - dy * dy);
		fill(f, x + (int)lrint(r - hw), y + i, x + (int)lrint(r + hw),
		    y + i + 1, c);
	}
}

/* A person of height h standing at (cx, feet). */
static void
draw_person(struct writer *w, AVFrame *f, int cx, int feet, int h,
    const struct sim_figure *fig)
{
	struct yuv	 up = w->pal[fig->upper], lo = w->pal[fig->lower];
	int		 top = feet - h, head, tw, aw, lw, gap, hip, shoe;

	head = h / 5 > 2 ? h / 5 : 2;
	tw = (int)lrint(h * 0.30);
	aw = (int)lrint(h * 0.07);
	lw = (int)lrint(h * 0.11);
	gap = (int)lrint(h * 0.04);
	hip = top + (int)lrint(h * 0.60);
	shoe = (int)lrint(h * 0.04);
	if (tw < 3)
		tw = 3;
	if (aw < 1)
		aw = 1;
	if (lw < 1)
		lw = 1;
	disc(f, cx - head / 2, top, head, yuv_of(rgb_skin));
	fill(f, cx - tw / 2, top + head, cx - tw / 2 + tw, hip, up);
	fill(f, cx - tw / 2 - aw, top + head + 1, cx - tw / 2,
	    top + (int)lrint(h * 0.55), up);
	fill(f, cx - tw / 2 + tw, top + head + 1, cx - tw / 2 + tw + aw,
	    top + (int)lrint(h * 0.55), up);
	fill(f, cx - gap / 2 - lw, hip, cx - gap / 2, feet - shoe, lo);
	fill(f, cx + (gap + 1) / 2, hip, cx + (gap + 1) / 2 + lw, feet - shoe,
	    lo);
	fill(f, cx - gap / 2 - lw, feet - shoe, cx - gap / 2, feet,
	    yuv_of(rgb_shoe));
	fill(f, cx + (gap + 1) / 2, feet - shoe, cx + (gap + 1) / 2 + lw, feet,
	    yuv_of(rgb_shoe));
}

/* A car as tall as a person is h, its wheels on the ground at feet. */
static void
draw_vehicle(struct writer *w, AVFrame *f, int cx, int feet, int h,
    const struct sim_figure *fig)
{
	struct yuv	 body = w->pal[fig->upper];
	int		 len, r, bot, btop, ctop, cx0, cx1, inset, i, wx;

	len = (int)lrint(h * 1.5);
	r = (int)lrint(h * 0.12);
	if (r < 1)
		r = 1;
	bot = feet - r / 2;
	btop = feet - r - (int)lrint(h * 0.28);
	ctop = btop - (int)lrint(h * 0.24);
	cx0 = cx - (int)lrint(len * 0.28);
	cx1 = cx + (int)lrint(len * 0.22);
	inset = (int)lrint(h * 0.04) + 1;
	fill(f, cx0, ctop, cx1, btop, body);
	fill(f, cx0 + inset, ctop + inset, cx - inset / 2 - 1, btop,
	    yuv_of(rgb_glass));
	fill(f, cx + inset / 2 + 1, ctop + inset, cx1 - inset, btop,
	    yuv_of(rgb_glass));
	fill(f, cx - len / 2, btop, cx - len / 2 + len, bot, body);
	for (i = -1; i <= 1; i += 2) {
		wx = cx + i * (int)lrint(len * 0.30);
		disc(f, wx - r, feet - 2 * r, 2 * r, yuv_of(rgb_tyre));
		disc(f, wx - r / 2, feet - r - r / 2, r, yuv_of(rgb_hub));
	}
}

/* The empty scene: ground, and a walkway across the middle. */
static void
draw_scene(AVFrame *f)
{
	int	w = f->width, h = f->height, k;

	k = h / 90 > 1 ? h / 90 : 1;
	fill(f, 0, 0, w, h, yuv_of(rgb_ground));
	fill(f, 0, pos(0.42, h) - k, w, pos(0.78, h) + k, yuv_of(rgb_kerb));
	fill(f, 0, pos(0.42, h), w, pos(0.78, h), yuv_of(rgb_walk));
}

/*
 * A frame's number as SIM_MARK_BITS bars along the bottom edge, white
 * for a one, black for a zero, for tests that check which frame they got.
 */
static void
draw_marks(AVFrame *f, int number)
{
	struct yuv	 one = { 235, 128, 128 }, zero = { 16, 128, 128 };
	int		 b, w = f->width / SIM_MARK_BITS, h = f->height / 12;

	for (b = 0; b < SIM_MARK_BITS; b++)
		fill(f, b * w, f->height - h, (b + 1) * w, f->height,
		    (number >> (SIM_MARK_BITS - 1 - b)) & 1 ? one : zero);
}

/* Frame n: the scene, the figures in view, the camera and its clock. */
static void
draw_frame(struct writer *w, AVFrame *f, int n)
{
	const struct sim_segment *seg = w->seg;
	const struct sim_figure	*fig;
	char			 clock[64];
	int64_t			 t;
	double			 u, x;
	size_t			 k;
	int			 s, h, m, cells;

	t = seg->start + (int64_t)n * US / seg->fps;
	h = (int)lrint(f->height * FIG_HEIGHT);
	for (k = 0; k < seg->nfigs; k++) {
		fig = &seg->figs[w->order[k].i];
		if (t < fig->t0 || t > fig->t1)
			continue;
		u = fig->t1 > fig->t0 ?
		    (double)(t - fig->t0) / (double)(fig->t1 - fig->t0) : 0;
		x = fig->x0 + (fig->x1 - fig->x0) * u;
		if (fig->vehicle)
			draw_vehicle(w, f, pos(x, f->width),
			    pos(fig->y, f->height), h, fig);
		else
			draw_person(w, f, pos(x, f->width),
			    pos(fig->y, f->height), h, fig);
	}

	if (seg->marks)
		draw_marks(f, seg->mark_base + n);
	s = f->height / 180 > 1 ? f->height / 180 : 1;
	m = 2 * s;
	clock_text(t, seg->utcoff, ' ', 0, clock, sizeof(clock));
	cells = vg_font_cells(seg->camera);
	if (cells < (int)strlen(clock))
		cells = strlen(clock);
	if (cells > f->width)
		cells = f->width;
	fill(f, 0, 0, 2 * m + cells * 6 * s - s, 2 * m + 16 * s, yuv_box);
	vg_font_draw(f->data[0], f->linesize[0], 1, f->width, f->height, m, m,
	    s, seg->camera, &yuv_text.y);
	vg_font_draw(f->data[0], f->linesize[0], 1, f->width, f->height, m,
	    m + 9 * s, s, clock, &yuv_text.y);
}

static int
order_cmp(const void *a, const void *b)
{
	const struct order	*p = a, *q = b;

	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

const char *
sim_video_codec(void)
{
	const AVCodec	*c;

	return (c = vg_media_encoder()) != NULL ? c->name : NULL;
}

static int
fail(struct writer *w, const char *what, int rc)
{
	char	eb[AV_ERROR_MAX_STRING_SIZE];

	av_make_error_string(eb, sizeof(eb), rc);
	vg_error_set(w->err, "'%s': %s: %s", w->seg->path, what, eb);
	return -1;
}

static int
check(const struct sim_segment *seg, struct vg_error *err)
{
	const struct sim_figure	*f;
	size_t			 i;

	if (seg->path == NULL || *seg->path == '\0') {
		vg_error_set(err, "no path for the recording");
		return -1;
	}
	if (seg->camera == NULL) {
		vg_error_set(err, "'%s': no camera id", seg->path);
		return -1;
	}
	if (seg->width < 16 || seg->width > MAXDIM || seg->width % 2 != 0 ||
	    seg->height < 16 || seg->height > MAXDIM ||
	    seg->height % 2 != 0) {
		vg_error_set(err, "'%s': bad frame size %dx%d", seg->path,
		    seg->width, seg->height);
		return -1;
	}
	if (seg->fps < 1 || seg->fps > MAXFPS) {
		vg_error_set(err, "'%s': bad frame rate %d", seg->path,
		    seg->fps);
		return -1;
	}
	if (seg->seconds < 1 || seg->seconds > MAXSECONDS) {
		vg_error_set(err, "'%s': bad length %d s", seg->path,
		    seg->seconds);
		return -1;
	}
	if (seg->start < 0 || seg->start > MAXSTART ||
	    seg->utcoff < -MAXOFF || seg->utcoff > MAXOFF) {
		vg_error_set(err, "'%s': start time out of range", seg->path);
		return -1;
	}
	if (seg->nfigs > 0 && seg->figs == NULL) {
		vg_error_set(err, "'%s': no figures", seg->path);
		return -1;
	}
	for (i = 0; i < seg->nfigs; i++) {
		f = &seg->figs[i];
		if (f->t1 < f->t0 || f->upper < 0 || f->upper >= NCOLOURS ||
		    f->lower < 0 || f->lower >= NCOLOURS || !isfinite(f->x0) ||
		    !isfinite(f->x1) || !isfinite(f->y)) {
			vg_error_set(err, "'%s': bad figure %zu", seg->path,
			    i + 1);
			return -1;
		}
	}
	return 0;
}

/* Set up the encoder, the stream and the muxer, and open the file. */
static int
setup(struct writer *w, const AVCodec *codec)
{
	const struct sim_segment *seg = w->seg;
	const AVBitStreamFilter	*bsf;
	AVCodecContext		*enc;
	AVDictionary		*opts = NULL;
	char			*comment, when[64];
	int			 rc;

	rc = avformat_alloc_output_context2(&w->oc, NULL, "mp4", seg->path);
	if (rc < 0)
		return fail(w, "cannot set up the muxer", rc);
	w->oc->flags |= AVFMT_FLAG_BITEXACT;
	if ((w->st = avformat_new_stream(w->oc, NULL)) == NULL)
		return fail(w, "cannot add a stream", AVERROR(ENOMEM));
	if ((w->enc = enc = avcodec_alloc_context3(codec)) == NULL)
		return fail(w, "cannot set up the encoder", AVERROR(ENOMEM));

	enc->log_level_offset = QUIET;
	enc->width = seg->width;
	enc->height = seg->height;
	enc->pix_fmt = AV_PIX_FMT_YUV420P;
	enc->time_base = (AVRational){ 1, seg->fps };
	enc->framerate = (AVRational){ seg->fps, 1 };
	enc->gop_size = GOP_SECONDS * seg->fps;
	enc->keyint_min = GOP_SECONDS * seg->fps;
	enc->max_b_frames = seg->bframes;
	enc->thread_count = 1;
	enc->color_range = AVCOL_RANGE_MPEG;
	enc->colorspace = AVCOL_SPC_SMPTE170M;
	enc->color_primaries = AVCOL_PRI_SMPTE170M;
	enc->color_trc = AVCOL_TRC_SMPTE170M;
	enc->flags |= AV_CODEC_FLAG_BITEXACT;
	if (w->oc->oformat->flags & AVFMT_GLOBALHEADER)
		enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
	if (strcmp(codec->name, "libx264") == 0) {
		av_dict_set(&opts, "preset", "ultrafast", 0);
		av_dict_set(&opts, "crf", "28", 0);
		av_dict_set(&opts, "x264-params", seg->bframes > 0 ?
		    "scenecut=0:bframes=3:b-adapt=0:b-pyramid=none" :
		    "scenecut=0", 0);
	} else if (codec->id == AV_CODEC_ID_MPEG4) {
		enc->flags |= AV_CODEC_FLAG_QSCALE;
		enc->global_quality = FF_QP2LAMBDA * 6;
		av_dict_set(&opts, "sc_threshold", "1000000000", 0);
	} else
		enc->bit_rate = (int64_t)seg->width * seg->height * seg->fps /
		    16;
	rc = avcodec_open2(enc, codec, &opts);
	av_dict_free(&opts);
	if (rc < 0)
		return fail(w, "cannot open encoder", rc);

	if ((rc = avcodec_parameters_from_context(w->st->codecpar, enc)) < 0)
		return fail(w, "cannot set up the stream", rc);
	if (codec->id == AV_CODEC_ID_H264 &&
	    (bsf = av_bsf_get_by_name("filter_units")) != NULL) {
		if ((rc = av_bsf_alloc(bsf, &w->bsf)) < 0 ||
		    (rc = avcodec_parameters_copy(w->bsf->par_in,
		    w->st->codecpar)) < 0)
			return fail(w, "cannot set up the SEI filter", rc);
		w->bsf->time_base_in = enc->time_base;
		if ((rc = av_opt_set(w->bsf->priv_data, "remove_types", "6",
		    0)) < 0 || (rc = av_bsf_init(w->bsf)) < 0 ||
		    (rc = avcodec_parameters_copy(w->st->codecpar,
		    w->bsf->par_out)) < 0)
			return fail(w, "cannot set up the SEI filter", rc);
	}
	w->st->time_base = enc->time_base;
	w->st->avg_frame_rate = enc->framerate;

	clock_text(seg->start, 0, 'T', 1, when, sizeof(when));
	xasprintf(&comment, "vigil-simulate camera %s", seg->camera);
	rc = av_dict_set(&w->oc->metadata, "creation_time", when, 0);
	if (rc >= 0)
		rc = av_dict_set(&w->oc->metadata, "comment", comment, 0);
	free(comment);
	if (rc < 0)
		return fail(w, "cannot set metadata", rc);

	if ((rc = avio_open(&w->oc->pb, seg->path, AVIO_FLAG_WRITE)) < 0)
		return fail(w, "cannot open", rc);
	w->opened = 1;
	if ((rc = avformat_write_header(w->oc, NULL)) < 0)
		return fail(w, "cannot write header", rc);
	return 0;
}

/* Write the packet to the one stream, in the muxer's time base. */
static int
put(struct writer *w)
{
	int	rc;

	w->pkt->stream_index = w->st->index;
	av_packet_rescale_ts(w->pkt, w->enc->time_base, w->st->time_base);
	if ((rc = av_interleaved_write_frame(w->oc, w->pkt)) < 0)
		return fail(w, "cannot write", rc);
	return 0;
}

/* Write every packet the SEI filter has ready. */
static int
filtered(struct writer *w)
{
	int	rc;

	for (;;) {
		rc = av_bsf_receive_packet(w->bsf, w->pkt);
		if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
			return 0;
		if (rc < 0)
			return fail(w, "cannot filter", rc);
		if (put(w) == -1)
			return -1;
	}
}

/*
 * Write every packet the encoder has ready, through the filter if there
 * is one; once the encoder is flushed, flush the filter too.
 */
static int
drain(struct writer *w)
{
	int	rc;

	for (;;) {
		rc = avcodec_receive_packet(w->enc, w->pkt);
		if (rc == AVERROR(EAGAIN))
			return 0;
		if (rc == AVERROR_EOF)
			break;
		if (rc < 0)
			return fail(w, "cannot encode", rc);
		if (w->pkt->duration == 0)
			w->pkt->duration = 1;
		if (w->bsf == NULL) {
			if (put(w) == -1)
				return -1;
			continue;
		}
		if ((rc = av_bsf_send_packet(w->bsf, w->pkt)) < 0)
			return fail(w, "cannot filter", rc);
		if (filtered(w) == -1)
			return -1;
	}
	if (w->bsf == NULL)
		return 0;
	if ((rc = av_bsf_send_packet(w->bsf, NULL)) < 0)
		return fail(w, "cannot filter", rc);
	return filtered(w);
}

static int
encode(struct writer *w)
{
	const struct sim_segment *seg = w->seg;
	AVFrame			*f;
	size_t			 i;
	int			 n, nframes, rc;

	w->order = xcalloc(seg->nfigs > 0 ? seg->nfigs : 1,
	    sizeof(*w->order));
	for (i = 0; i < seg->nfigs; i++) {
		w->order[i].y = seg->figs[i].y;
		w->order[i].i = i;
	}
	vg_qsort(w->order, seg->nfigs, sizeof(*w->order), order_cmp);
	for (i = 0; i < NCOLOURS; i++)
		w->pal[i] = yuv_of(colour_rgb[i]);

	if ((w->bg = av_frame_alloc()) == NULL ||
	    (w->frame = f = av_frame_alloc()) == NULL ||
	    (w->pkt = av_packet_alloc()) == NULL)
		return fail(w, "cannot allocate a frame", AVERROR(ENOMEM));
	w->bg->format = f->format = AV_PIX_FMT_YUV420P;
	w->bg->width = f->width = seg->width;
	w->bg->height = f->height = seg->height;
	if ((rc = av_frame_get_buffer(w->bg, 0)) < 0 ||
	    (rc = av_frame_get_buffer(f, 0)) < 0)
		return fail(w, "cannot allocate a frame", rc);
	draw_scene(w->bg);

	nframes = seg->seconds * seg->fps;
	for (n = 0; n < nframes; n++) {
		if ((rc = av_frame_make_writable(f)) < 0 ||
		    (rc = av_frame_copy(f, w->bg)) < 0)
			return fail(w, "cannot draw a frame", rc);
		draw_frame(w, f, n);
		f->pts = n;
		f->pict_type = AV_PICTURE_TYPE_NONE;
		if ((rc = avcodec_send_frame(w->enc, f)) < 0)
			return fail(w, "cannot encode", rc);
		if (drain(w) == -1)
			return -1;
	}
	if ((rc = avcodec_send_frame(w->enc, NULL)) < 0)
		return fail(w, "cannot encode", rc);
	if (drain(w) == -1)
		return -1;
	if ((rc = av_write_trailer(w->oc)) < 0)
		return fail(w, "cannot write", rc);
	rc = avio_closep(&w->oc->pb);
	if (rc < 0)
		return fail(w, "cannot close", rc);
	return 0;
}

int
sim_video_write(const struct sim_segment *seg, struct vg_error *err)
{
	struct writer	 w;
	struct stat	 sb;
	const AVCodec	*codec;
	int		 rc = -1;

	if (check(seg, err) == -1)
		return -1;
	memset(&w, 0, sizeof(w));
	w.seg = seg;
	w.err = err;
	if ((codec = vg_media_encoder()) == NULL)
		vg_error_set(err, "'%s': no H.264 or MPEG-4 encoder",
		    seg->path);
	else if (setup(&w, codec) == 0 && encode(&w) == 0)
		rc = 0;

	if (w.oc != NULL && w.oc->pb != NULL)
		avio_closep(&w.oc->pb);
	if (rc == -1 && w.opened && lstat(seg->path, &sb) == 0 &&
	    S_ISREG(sb.st_mode))
		unlink(seg->path);
	avformat_free_context(w.oc);
	avcodec_free_context(&w.enc);
	av_bsf_free(&w.bsf);
	av_frame_free(&w.bg);
	av_frame_free(&w.frame);
	av_packet_free(&w.pkt);
	free(w.order);
	return rc;
}
