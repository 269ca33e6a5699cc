/* unit-clip.c: tests of clip cutting and frame decoding on segments whose frames carry their numbers */
#include "vigil.h"
#include "video.h"
#include "tap.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/log.h>

#define US	INT64_C(1000000)	/* microseconds a second */
#define T0	INT64_C(1542718800000000) /* 2018-11-20T13:00:00Z */
#define FPS	10			/* frame rate */
#define SECS	10			/* segment length */
#define FRAME	(US / FPS)		/* one frame, us */

/* What a clip holds, read back with libavformat. */
struct clipinfo {
	int		 npackets;	/* video packets */
	int		 continuous;	/* pts step by one frame throughout */
	int		 firstkey;	/* the first packet is a keyframe */
	AVDictionary	*md;		/* its metadata */
};

static void
write_segment_b(const char *path, int64_t start, int base, int bframes)
{
	struct vg_error		 e = { 0, NULL };
	struct sim_segment	 seg;

	memset(&seg, 0, sizeof(seg));
	seg.path = path;
	seg.camera = "C017";
	seg.start = start;
	seg.seconds = SECS;
	seg.width = 320;
	seg.height = 180;
	seg.fps = FPS;
	seg.marks = 1;
	seg.mark_base = base;
	seg.bframes = bframes;
	if (sim_video_write(&seg, &e) == -1) {
		printf("Bail out! %s\n", e.msg);
		exit(1);
	}
}

static void
write_segment(const char *path, int64_t start, int base)
{
	write_segment_b(path, start, base, 0);
}

/* The number a decoded frame carries in its bars, or -1. */
static int
mark_of(const struct vg_image *img)
{
	int	b, w = img->width / SIM_MARK_BITS, n = 0, y, x, lum;

	if (img->rgb == NULL)
		return -1;
	y = img->height - img->height / 24;
	for (b = 0; b < SIM_MARK_BITS; b++) {
		x = b * w + w / 2;
		lum = img->rgb[((size_t)y * (size_t)img->width + (size_t)x) *
		    3 + 1];
		n = n << 1 | (lum > 128);
	}
	return n;
}

/* The number on the frame of path shown rel us after its first. */
static int
frame_at(const char *path, int64_t rel, int64_t *shown)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_image	 img;
	int64_t		 s;
	int		 n;

	if (vg_frame_decode(path, rel, &img, &s, &e) == -1) {
		printf("# %s\n", e.msg);
		vg_error_clear(&e);
		return -1;
	}
	n = mark_of(&img);
	vg_image_free(&img);
	if (shown != NULL)
		*shown = s;
	return n;
}

static int
cmp64(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Read a clip's packets: count them, and check their pts, in display order. */
static void
read_clip(const char *path, struct clipinfo *ci)
{
	AVFormatContext	*ic = NULL;
	AVPacket	*pkt;
	int64_t		*pts = NULL;
	int		 i;

	memset(ci, 0, sizeof(*ci));
	if (avformat_open_input(&ic, path, NULL, NULL) < 0 ||
	    avformat_find_stream_info(ic, NULL) < 0)
		return;
	av_dict_copy(&ci->md, ic->metadata, 0);
	pkt = av_packet_alloc();
	while (av_read_frame(ic, pkt) >= 0) {
		if (ci->npackets == 0)
			ci->firstkey = (pkt->flags & AV_PKT_FLAG_KEY) != 0;
		pts = xreallocarray(pts, (size_t)ci->npackets + 1,
		    sizeof(*pts));
		pts[ci->npackets++] = pkt->pts;
		av_packet_unref(pkt);
	}
	qsort(pts, (size_t)ci->npackets, sizeof(*pts), cmp64);
	ci->continuous = ci->npackets > 1;
	for (i = 2; i < ci->npackets; i++)
		if (pts[i] - pts[i - 1] != pts[1] - pts[0])
			ci->continuous = 0;
	free(pts);
	av_packet_free(&pkt);
	avformat_close_input(&ic);
}

static const char *
md(const struct clipinfo *ci, const char *key)
{
	AVDictionaryEntry	*t = av_dict_get(ci->md, key, NULL, 0);

	return t != NULL ? t->value : NULL;
}

/* A segment of a plan by hand, as the index would have it. */
static void
plan_seg(struct vg_clip_seg *s, const char *path, int64_t start)
{
	struct vg_error	 e = { 0, NULL };
	struct stat	 sb;
	uint64_t	 size;

	s->path = xstrdup(path);
	s->name = xstrdup(path);
	s->start = start;
	s->duration = SECS * US;
	if (stat(path, &sb) == -1 || vg_hash_file(path, s->sha256, &size,
	    &e) == -1) {
		printf("Bail out! %s\n", path);
		exit(1);
	}
	s->size = (uint64_t)sb.st_size;
	s->mtime = (int64_t)sb.st_mtim.tv_sec * US + sb.st_mtim.tv_nsec / 1000;
}

/* A plan by hand: the two segments, the span, the offset. */
static void
plan(struct vg_clip *c, const char *a, const char *b, int64_t from,
    int64_t to, int64_t offset)
{
	memset(c, 0, sizeof(*c));
	c->camera = xstrdup("C017");
	c->offset = offset;
	c->method = offset != 0 ? xstrdup("manual") : NULL;
	c->from = from;
	c->to = to;
	c->nseg = b != NULL ? 2 : 1;
	c->seg = xcalloc(2, sizeof(*c->seg));
	plan_seg(&c->seg[0], a, T0);
	if (b != NULL)
		plan_seg(&c->seg[1], b, T0 + SECS * US);
}

/* Cut, and read back the first and last frame's numbers. */
static int
cut(struct vg_clip *c, const char *out, int reencode, int *first, int *last,
    struct clipinfo *ci)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_clip_opts	 o;

	memset(&o, 0, sizeof(o));
	o.reencode = reencode;
	o.force = 1;
	if (vg_clip_write(c, out, &o, &e) == -1) {
		printf("# %s\n", e.msg);
		return -1;
	}
	for (size_t i = 0; i < c->nwarn; i++)
		printf("# warning: %s\n", c->warn[i]);
	read_clip(out, ci);
	*first = frame_at(out, 0, NULL);
	*last = frame_at(out, c->end - c->first - 1, NULL);
	return 0;
}

static void
test_frames(void)
{
	static const struct {
		int64_t	 rel;		/* asked for, us from the first */
		int	 want;		/* the frame that shows then */
	} cases[] = {
		{ 0, 0 },
		{ 1, 0 },
		{ FRAME - 1, 0 },
		{ FRAME, 1 },
		{ 1234567, 12 },
		{ 2 * US - 1, 19 },	/* the frame before a keyframe */
		{ 2 * US, 20 },		/* the keyframe */
		{ 2 * US + 1, 20 },
		{ 7 * US + 50000, 70 },
		{ SECS * US - 1, SECS * FPS - 1 },
		{ SECS * US, -1 },	/* past the end: no frame */
		{ SECS * US + US, -1 },
	};
	size_t	 i;
	int64_t	 shown;
	int	 n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = frame_at("a.mp4", cases[i].rel, &shown);
		is_int(n, cases[i].want, "the frame at %lld us is frame %d",
		    (long long)cases[i].rel, cases[i].want);
		if (cases[i].want >= 0)
			is_int(shown, (int64_t)cases[i].want * FRAME,
			    "  and it is said to show from %lld us",
			    (long long)cases[i].want * FRAME);
	}
}

static void
test_cuts(void)
{
	struct vg_clip		 c;
	struct clipinfo		 ci;
	char			*want;
	int			 first, last;

	/* inside one segment: from the keyframe before, to the end asked */
	plan(&c, "a.mp4", "b.mp4", T0 + 3050000, T0 + 5 * US, 0);
	ok(cut(&c, "in.mp4", 0, &first, &last, &ci) == 0, "a cut in one"
	    " segment");
	is_int(first, 20, "starts at the keyframe at or before 3.05 s");
	is_int(last, 50, "ends with the frame showing at 5 s");
	is_int(ci.npackets, 31, "31 frames");
	ok(ci.firstkey, "the first packet is a keyframe");
	ok(ci.continuous, "timestamps one frame apart");
	is_int(c.first, T0 + 2 * US, "its first frame's true time");
	is_int(c.end, T0 + 5 * US + FRAME, "its end");
	is_int(c.seg[0].used && !c.seg[1].used, 1, "only the first segment"
	    " is used");
	is_str(md(&ci, "com.vigil.camera"), "C017", "metadata: the camera");
	is_str(md(&ci, "com.vigil.utc_start"), "2018-11-20T13:00:02Z",
	    "metadata: the UTC time of the first frame");
	is_str(md(&ci, "com.vigil.clock_offset"), "+0.000000",
	    "metadata: the clock offset");
	xasprintf(&want, "sha256:%s 2018-11-20T13:00:00Z a.mp4",
	    c.seg[0].sha256);
	is_str(md(&ci, "com.vigil.source.1"), want,
	    "metadata: the source and its hash");
	free(want);
	av_dict_free(&ci.md);
	vg_clip_free(&c);

	/* across the boundary */
	plan(&c, "a.mp4", "b.mp4", T0 + 9 * US, T0 + 11 * US, 0);
	ok(cut(&c, "across.mp4", 0, &first, &last, &ci) == 0, "a cut across"
	    " two segments");
	is_int(first, 80, "starts at the keyframe at 8 s");
	is_int(last, 1010, "ends in the second segment, at 11 s");
	is_int(ci.npackets, 31, "31 frames");
	ok(ci.continuous, "timestamps continuous through the boundary");
	ok(c.seg[0].used && c.seg[1].used, "both segments used");
	ok(md(&ci, "com.vigil.source.2") != NULL, "both named as sources");
	av_dict_free(&ci.md);
	vg_clip_free(&c);

	/* a camera 3 s fast: the span asked is moved by its clock */
	plan(&c, "a.mp4", "b.mp4", T0 + 1500000, T0 + 4 * US, 3 * US);
	ok(cut(&c, "skew.mkv", 0, &first, &last, &ci) == 0, "a cut of a"
	    " camera whose clock is 3 s fast, into Matroska");
	is_int(first, 40, "true 1.5 s is camera 4.5 s: from the keyframe at"
	    " camera 4 s");
	is_int(last, 70, "true 4 s is camera 7 s");
	is_int(c.first, T0 + US, "the first frame's true time is 1 s");
	is_str(md(&ci, "COM.VIGIL.UTC_START"), "2018-11-20T13:00:01Z",
	    "metadata: its true UTC time");
	is_str(md(&ci, "COM.VIGIL.CLOCK_OFFSET"), "+3.000000",
	    "metadata: the offset applied");
	is_str(md(&ci, "COM.VIGIL.CLOCK_METHOD"), "manual",
	    "metadata: how it was set");
	av_dict_free(&ci.md);
	vg_clip_free(&c);

	/* with B-frames, the frames stored after the end but shown before */
	plan(&c, "ba.mp4", "bb.mp4", T0 + 9 * US, T0 + 10 * US + 450000, 0);
	ok(cut(&c, "bframes.mp4", 0, &first, &last, &ci) == 0, "a cut of"
	    " segments with B-frames, across the boundary");
	is_int(first, 80, "starts at the keyframe at 8 s");
	ok(last >= 1004 && last <= 1008, "ends with the frame showing at"
	    " 10.45 s or a reference just after it (%d)", last);
	ok(ci.continuous, "no frame missing before the end");
	av_dict_free(&ci.md);
	vg_clip_free(&c);

	/* re-encoded: exactly the frames of the span */
	plan(&c, "a.mp4", "b.mp4", T0 + 9050000, T0 + 10500000, 0);
	ok(cut(&c, "re.mp4", 1, &first, &last, &ci) == 0, "a re-encoded cut");
	is_int(first, 90, "starts with the frame showing at 9.05 s");
	is_int(last, 1005, "ends with the frame showing at 10.5 s");
	is_int(ci.npackets, 16, "16 frames");
	ok(ci.continuous, "timestamps continuous");
	is_str(md(&ci, "com.vigil.reencoded"), "yes", "says it is re-encoded");
	av_dict_free(&ci.md);
	vg_clip_free(&c);
}

/* A bad segment: a clear message, no crash, no file left. */
static void
test_bad(const char *path, const char *what, const char *want)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_clip_opts	 o;
	struct vg_clip		 c;
	struct vg_image		 img;
	int64_t			 shown;

	memset(&o, 0, sizeof(o));
	ok(vg_frame_decode(path, US, &img, &shown, &e) == -1, "%s: no frame",
	    what);
	ok(e.msg != NULL && strstr(e.msg, want) != NULL, "%s: '%s'", what,
	    e.msg != NULL ? e.msg : "(no message)");
	vg_error_clear(&e);
	plan(&c, path, NULL, T0 + US, T0 + 2 * US, 0);
	ok(vg_clip_write(&c, "bad.mp4", &o, &e) == -1, "%s: no clip", what);
	ok(e.msg != NULL && strstr(e.msg, path) != NULL, "%s: the message"
	    " names the file", what);
	ok(access("bad.mp4", F_OK) == -1, "%s: nothing written", what);
	vg_error_clear(&e);
	vg_clip_free(&c);
}

/*
 * A segment whose bytes changed after indexing, its size and times as
 * they were: no clip and no frame, the file named.
 */
static void
test_tampered(void)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_clip_opts	 o;
	struct vg_clip		 c, c2;
	struct vg_image		 img;
	struct timespec		 ts[2];
	struct stat		 sb;
	char			*want;
	int			 fd;

	memset(&o, 0, sizeof(o));
	write_segment("t.mp4", T0, 0);
	plan(&c, "t.mp4", NULL, T0 + US, T0 + 2 * US, 0);
	plan(&c2, "t.mp4", NULL, T0 + US, T0 + US, 0);
	stat("t.mp4", &sb);
	fd = open("t.mp4", O_WRONLY);
	ok(pwrite(fd, "\x55", 1, sb.st_size - 100) == 1, "a byte changed");
	close(fd);
	ts[0] = sb.st_atim;
	ts[1] = sb.st_mtim;
	utimensat(AT_FDCWD, "t.mp4", ts, 0);
	ok(vg_clip_write(&c, "tampered.mp4", &o, &e) == -1 && c.tampered,
	    "a tampered segment: no clip");
	ok(e.msg != NULL && strncmp(e.msg, "'t.mp4' is not the recording"
	    " indexed: its SHA-256 is ", 51) == 0, "the file is named: %s",
	    e.msg != NULL ? e.msg : "(none)");
	xasprintf(&want, ", the index says %s", c.seg[0].sha256);
	ok(e.msg != NULL && strstr(e.msg, want) != NULL, "with the digest"
	    " indexed");
	free(want);
	ok(access("tampered.mp4", F_OK) == -1, "nothing written");
	vg_error_clear(&e);
	ok(vg_clip_frame(&c2, T0 + US, &img, &e) == -1 && c2.tampered,
	    "no frame of it either");
	ok(e.msg != NULL && strstr(e.msg, "'t.mp4' is not the recording"
	    " indexed") != NULL, "the same message");
	vg_error_clear(&e);
	vg_clip_free(&c);
	vg_clip_free(&c2);
}

static void
copy_head(const char *from, const char *to, off_t len)
{
	char	*cmd;

	xasprintf(&cmd, "head -c %lld %s >%s", (long long)len, from, to);
	if (system(cmd) != 0)
		printf("Bail out! %s\n", cmd);
	free(cmd);
}

int
main(void)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_clip_opts	 o;
	struct vg_clip		 c;
	struct stat		 sb;
	char			 dir[] = "/tmp/unit-clip.XXXXXX";
	FILE			*f;
	char			*buf, *p;
	long			 n;

	av_log_set_level(AV_LOG_QUIET);
	if (mkdtemp(dir) == NULL || chdir(dir) == -1) {
		printf("Bail out! %s: %s\n", dir, strerror(errno));
		return 1;
	}
	write_segment("a.mp4", T0, 0);
	write_segment("b.mp4", T0 + SECS * US, 1000);
	write_segment_b("ba.mp4", T0, 0, 3);
	write_segment_b("bb.mp4", T0 + SECS * US, 1000, 3);
	test_frames();
	test_cuts();

	/* an existing file is kept */
	memset(&o, 0, sizeof(o));
	plan(&c, "a.mp4", NULL, T0 + US, T0 + 2 * US, 0);
	stat("in.mp4", &sb);
	ok(vg_clip_write(&c, "in.mp4", &o, &e) == -1 &&
	    strcmp(e.msg, "'in.mp4' exists: not overwritten") == 0,
	    "an existing clip is not overwritten");
	vg_error_clear(&e);
	ok(vg_clip_write(&c, "x.avi", &o, &e) == -1 &&
	    strcmp(e.msg, "'x.avi': name the clip .mp4, .mov or .mkv") == 0,
	    "an unknown container is refused");
	vg_error_clear(&e);
	vg_clip_free(&c);

	/* broken segments */
	stat("a.mp4", &sb);
	copy_head("a.mp4", "cut.mp4", sb.st_size / 2);
	test_bad("cut.mp4", "a truncated segment", "cut.mp4");
	close(open("empty.mp4", O_WRONLY | O_CREAT | O_TRUNC, 0600));
	test_bad("empty.mp4", "a zero-byte file", "empty.mp4");
	f = fopen("text.mp4", "w");
	fputs("this is not a film\n", f);
	fclose(f);
	test_bad("text.mp4", "a text file named .mp4", "text.mp4");
	/* the moov box's name spoiled */
	f = fopen("a.mp4", "rb");
	buf = xmalloc((size_t)sb.st_size);
	n = (long)fread(buf, 1, (size_t)sb.st_size, f);
	fclose(f);
	for (p = buf; p + 4 <= buf + n; p++)
		if (memcmp(p, "moov", 4) == 0) {
			memcpy(p + 8, "\xff\xff\xff\xff", 4);
			memcpy(p, "mooX", 4);
			break;
		}
	f = fopen("moov.mp4", "wb");
	fwrite(buf, 1, (size_t)n, f);
	fclose(f);
	free(buf);
	test_bad("moov.mp4", "a segment with a broken moov", "moov.mp4");

	test_tampered();

	if (getenv("KEEP") == NULL && system("rm -rf \"$PWD\"") != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
