/* unit-video.c: tests of the synthetic camera recordings of vigil-simulate */
#include "vigil.h"
#include "video.h"
#include "tap.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libswscale/swscale.h>

#define US	INT64_C(1000000)	/* microseconds a second */
#define START	INT64_C(1709625600000000) /* 2024-03-05T08:00:00Z */
#define W	320			/* frame width */
#define H	180			/* frame height */
#define FPS	10			/* frame rate */
#define SECS	10			/* segment length */
#define TOL	40			/* a colour's leeway, per channel */

/* What the test read back from a recording. */
struct probe {
	int		 opened;	/* avformat_open_input worked */
	int		 mp4;		/* the demuxer and brand say MP4 */
	int		 nstreams;	/* streams */
	int		 video;		/* the first is video */
	enum AVCodecID	 codec;		/* its codec */
	int		 width;		/* frame width */
	int		 height;	/* frame height */
	AVRational	 rate;		/* average frame rate */
	int64_t		 duration;	/* of the file, us */
	char		 created[64];	/* creation_time metadata */
	char		 comment[128];	/* comment metadata */
	int		 npackets;	/* packets read */
	int		 firstkey;	/* the first packet is a keyframe */
	int		 keysok;	/* keyframes exactly every GOP */
	int		 ptsdts;	/* pts == dts throughout */
	int		 nframes;	/* frames decoded */
	uint8_t		*rgb0;		/* frame 0 as RGB24, W * H * 3 */
	uint8_t		*rgb50;		/* frame 50 (t = 5 s) as RGB24 */
};

/* Clothing colours as the module should paint them. */
static const int rgb_red[3] = { 205, 28, 32 };
static const int rgb_blue[3] = { 30, 60, 200 };
static const int rgb_yellow[3] = { 245, 220, 30 };

static uint8_t *
to_rgb(const AVFrame *f)
{
	struct SwsContext	*sws;
	uint8_t			*rgb, *dst[1];
	int			 stride[1] = { W * 3 };

	rgb = xmalloc(W * H * 3);
	dst[0] = rgb;
	sws = sws_getContext(f->width, f->height, f->format, W, H,
	    AV_PIX_FMT_RGB24, SWS_POINT, NULL, NULL, NULL);
	if (sws == NULL) {
		free(rgb);
		return NULL;
	}
	sws_scale(sws, (const uint8_t *const *)f->data, f->linesize, 0,
	    f->height, dst, stride);
	sws_freeContext(sws);
	return rgb;
}

static void
decoded(struct probe *p, AVCodecContext *dec, AVFrame *f)
{
	while (avcodec_receive_frame(dec, f) == 0) {
		if (p->nframes == 0)
			p->rgb0 = to_rgb(f);
		else if (p->nframes == 5 * FPS)
			p->rgb50 = to_rgb(f);
		p->nframes++;
		av_frame_unref(f);
	}
}

static void
probe(const char *path, struct probe *p)
{
	AVFormatContext		*ic = NULL;
	AVCodecContext		*dec = NULL;
	const AVCodec		*codec;
	AVDictionaryEntry	*e;
	AVStream		*st;
	AVPacket		*pkt;
	AVFrame			*f;
	int			 key;

	memset(p, 0, sizeof(*p));
	if (avformat_open_input(&ic, path, NULL, NULL) < 0)
		return;
	p->opened = 1;
	if (avformat_find_stream_info(ic, NULL) < 0) {
		avformat_close_input(&ic);
		return;
	}
	e = av_dict_get(ic->metadata, "major_brand", NULL, 0);
	p->mp4 = strstr(ic->iformat->name, "mp4") != NULL && e != NULL &&
	    strcmp(e->value, "isom") == 0;
	if ((e = av_dict_get(ic->metadata, "creation_time", NULL, 0)) != NULL)
		snprintf(p->created, sizeof(p->created), "%s", e->value);
	if ((e = av_dict_get(ic->metadata, "comment", NULL, 0)) != NULL)
		snprintf(p->comment, sizeof(p->comment), "%s", e->value);
	p->duration = ic->duration;
	p->nstreams = ic->nb_streams;
	st = ic->streams[0];
	p->video = st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO;
	p->codec = st->codecpar->codec_id;
	p->width = st->codecpar->width;
	p->height = st->codecpar->height;
	p->rate = st->avg_frame_rate;

	codec = avcodec_find_decoder(p->codec);
	dec = avcodec_alloc_context3(codec);
	avcodec_parameters_to_context(dec, st->codecpar);
	dec->thread_count = 1;
	if (avcodec_open2(dec, codec, NULL) < 0) {
		avcodec_free_context(&dec);
		avformat_close_input(&ic);
		return;
	}
	pkt = av_packet_alloc();
	f = av_frame_alloc();
	p->keysok = p->ptsdts = 1;
	while (av_read_frame(ic, pkt) >= 0) {
		key = (pkt->flags & AV_PKT_FLAG_KEY) != 0;
		if (p->npackets == 0)
			p->firstkey = key;
		if (key != (p->npackets % (2 * FPS) == 0))
			p->keysok = 0;
		if (pkt->pts != pkt->dts)
			p->ptsdts = 0;
		p->npackets++;
		if (avcodec_send_packet(dec, pkt) == 0)
			decoded(p, dec, f);
		av_packet_unref(pkt);
	}
	avcodec_send_packet(dec, NULL);
	decoded(p, dec, f);
	av_frame_free(&f);
	av_packet_free(&pkt);
	avcodec_free_context(&dec);
	avformat_close_input(&ic);
}

/* Is the 3x3 average around (x, y) within TOL of c in every channel? */
static int
near(const uint8_t *rgb, int x, int y, const int c[3], int say)
{
	int	i, j, k, sum;

	if (rgb == NULL)
		return 0;
	for (k = 0; k < 3; k++) {
		sum = 0;
		for (i = -1; i <= 1; i++)
			for (j = -1; j <= 1; j++)
				sum += rgb[((y + i) * W + x + j) * 3 + k];
		if (abs(sum / 9 - c[k]) > TOL) {
			if (say)
				printf("# (%d, %d) channel %d is %d, "
				    "want %d\n", x, y, k, sum / 9, c[k]);
			return 0;
		}
	}
	return 1;
}

/* Bright and dark pixels in the overlay's corner: text on its box. */
static int
has_text(const uint8_t *rgb)
{
	const uint8_t	*p;
	int		 x, y, bright = 0, dark = 0;

	if (rgb == NULL)
		return 0;
	for (y = 2; y < 18; y++)
		for (x = 2; x < 140; x++) {
			p = rgb + (y * W + x) * 3;
			if (p[0] > 200 && p[1] > 200 && p[2] > 200)
				bright++;
			else if (p[0] < 50 && p[1] < 50 && p[2] < 50)
				dark++;
		}
	return bright > 100 && dark > 500;
}

/* Does b, len bytes, hold the string s? */
static int
contains(const char *b, size_t len, const char *s)
{
	size_t	i, n = strlen(s);

	for (i = 0; i + n <= len; i++)
		if (memcmp(b + i, s, n) == 0)
			return 1;
	return 0;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp;
	char	*b = NULL;
	long	 n;

	*len = 0;
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) > 0 &&
	    fseek(fp, 0, SEEK_SET) == 0) {
		b = xmalloc(n);
		if (fread(b, 1, n, fp) != (size_t)n) {
			free(b);
			b = NULL;
		} else
			*len = n;
	}
	fclose(fp);
	return b;
}

int
main(void)
{
	char			 dir[] = "/tmp/unit-video.XXXXXX";
	char			*a, *b, *bad;
	char			*da, *db;
	const char		*name;
	const AVCodec		*enc;
	struct sim_figure	 figs[2];
	struct sim_segment	 seg;
	struct vg_error		 err = { 0, NULL };
	struct probe		 p;
	struct stat		 sb;
	size_t			 la, lb;
	int			 rc, feet, fh;

	av_log_set_level(AV_LOG_ERROR);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	xasprintf(&a, "%s/a.mp4", dir);
	xasprintf(&b, "%s/b.mp4", dir);
	xasprintf(&bad, "%s/no/such/dir/c.mp4", dir);

	memset(figs, 0, sizeof(figs));
	figs[0].t0 = START + 1 * US;	/* a person walking right */
	figs[0].t1 = START + 9 * US;
	figs[0].x0 = 0.1f;
	figs[0].x1 = 0.9f;
	figs[0].y = 0.85f;
	figs[0].upper = 4;		/* red */
	figs[0].lower = 8;		/* blue */
	figs[1].t0 = START;		/* a yellow car driving right */
	figs[1].t1 = START + 10 * US;
	figs[1].x0 = 0.0f;
	figs[1].x1 = 0.5f;
	figs[1].y = 0.62f;
	figs[1].upper = 6;
	figs[1].vehicle = 1;

	memset(&seg, 0, sizeof(seg));
	seg.path = a;
	seg.camera = "C017";
	seg.start = START;
	seg.utcoff = 8 * 3600;
	seg.seconds = SECS;
	seg.width = W;
	seg.height = H;
	seg.fps = FPS;
	seg.figs = figs;
	seg.nfigs = 2;

	name = sim_video_codec();
	ok(name != NULL, "an encoder is available: %s", name ? name : "none");
	rc = sim_video_write(&seg, &err);
	is_int(rc, 0, "a 10 s segment is written");
	if (err.set)
		printf("# %s\n", err.msg);
	ok(!err.set, "no error is set");

	probe(a, &p);
	ok(p.opened, "libavformat opens it");
	ok(p.mp4, "the container is MP4");
	is_int(p.nstreams, 1, "one stream");
	ok(p.video, "a video stream");
	ok(p.codec == AV_CODEC_ID_H264 || p.codec == AV_CODEC_ID_MPEG4,
	    "H.264 or MPEG-4: %s", avcodec_get_name(p.codec));
	enc = name != NULL ? avcodec_find_encoder_by_name(name) : NULL;
	ok(enc != NULL && enc->id == p.codec,
	    "the codec is sim_video_codec()'s");
	is_int(p.width, W, "width");
	is_int(p.height, H, "height");
	ok(p.rate.num == FPS && p.rate.den == 1, "frame rate %d/%d",
	    p.rate.num, p.rate.den);
	is_int(p.npackets, SECS * FPS, "seconds * fps packets");
	is_int(p.nframes, SECS * FPS, "seconds * fps frames decoded");
	ok(p.firstkey, "the first packet is a keyframe");
	ok(p.keysok, "a keyframe every 2 s, and only then");
	ok(p.ptsdts, "pts == dts: no reordering");
	ok(llabs(p.duration - SECS * US) <= US / FPS, "duration %lld us",
	    (long long)p.duration);
	is_str(p.created, "2024-03-05T08:00:00.000000Z", "creation_time");
	is_str(p.comment, "vigil-simulate camera C017", "comment");

	/* At 5 s the person is half-way: centre x 160; the car at 80. */
	fh = (int)(H * 0.30 + 0.5);
	feet = (int)(H * 0.85 + 0.5);
	ok(near(p.rgb50, W / 2, feet - fh * 6 / 10, rgb_red, 1),
	    "the torso is red at 5 s");
	ok(near(p.rgb50, W / 2 - 4, feet - fh * 2 / 10, rgb_blue, 1),
	    "the legs are blue at 5 s");
	ok(!near(p.rgb50, 300, 20, rgb_red, 0) &&
	    !near(p.rgb50, 300, 80, rgb_red, 0),
	    "the ground and the walkway are not red");
	ok(!near(p.rgb0, 32, feet - fh * 6 / 10, rgb_red, 0),
	    "the person is not there before entering the view");
	feet = (int)(H * 0.62 + 0.5);
	ok(near(p.rgb50, W / 4, feet - fh * 28 / 100, rgb_yellow, 1),
	    "the car is yellow at 5 s");
	ok(has_text(p.rgb0), "the overlay is drawn in the corner");
	free(p.rgb0);
	free(p.rgb50);

	seg.path = b;
	is_int(sim_video_write(&seg, &err), 0, "written again");
	da = slurp(a, &la);
	db = slurp(b, &lb);
	ok(da != NULL && la > 1000 && la == lb && memcmp(da, db, la) == 0,
	    "the same segment gives the same bytes (%zu)", la);
	ok(da != NULL && !contains(da, la, "x264") &&
	    !contains(da, la, "Lavf") && !contains(da, la, "Lavc"),
	    "no encoder version strings");
	free(da);
	free(db);

	seg.path = bad;
	is_int(sim_video_write(&seg, &err), -1, "an unwritable path fails");
	ok(err.set && err.msg != NULL && strstr(err.msg, bad) != NULL,
	    "the message names the path: %s", err.msg ? err.msg : "");
	ok(stat(bad, &sb) == -1 && errno == ENOENT, "nothing is left behind");
	vg_error_clear(&err);

	seg.path = b;
	seg.fps = 0;
	is_int(sim_video_write(&seg, &err), -1, "a frame rate of 0 fails");
	ok(err.set && strstr(err.msg, "frame rate") != NULL,
	    "the message says why: %s", err.msg ? err.msg : "");
	vg_error_clear(&err);
	seg.fps = FPS;
	figs[0].upper = 12;
	is_int(sim_video_write(&seg, &err), -1, "colour 12 fails");
	vg_error_clear(&err);

	unlink(a);
	unlink(b);
	rmdir(dir);
	free(a);
	free(b);
	free(bad);
	return tap_done();
}
