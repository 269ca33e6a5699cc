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

#include <pthread.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/mathematics.h>

#define US	INT64_C(1000000)	/* microseconds a second */
#define IOBUF	(256 * 1024)		/* the demuxer's reads, at most */
#define MAXGAP	(60 * US)		/* longest believable time between frames */

static void
set_problem(struct vg_media *m, const char *status, const char *fmt, ...)
    VG_PRINTF(3, 4);
static int	probe(int, const char *, struct vg_feed *, struct vg_media *,
		    struct vg_error *);

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

/*
 * Where an indexed recording lies: its path as indexed under the root
 * (absolute when it lies outside it), or as it is when root is NULL.
 */
char *
vg_recording_file(const char *root, const char *path)
{
	char	*p;

	if (root == NULL || path[0] == '/' || strcmp(root, ".") == 0)
		return xstrdup(path);
	xasprintf(&p, "%s%s%s", root, root[0] != '\0' &&
	    root[strlen(root) - 1] == '/' ? "" : "/", path);
	return p;
}

/* Close an input opened by vg_media_open or vg_reads_demux. */
void
vg_media_close(AVFormatContext **fcp)
{
	AVIOContext	*pb = NULL;

	if (*fcp != NULL && ((*fcp)->flags & AVFMT_FLAG_CUSTOM_IO))
		pb = (*fcp)->pb;
	avformat_close_input(fcp);
	if (pb != NULL) {
		free(pb->opaque);
		av_freep(&pb->buffer);
		avio_context_free(&pb);
	}
}

/* A recording held open for the demuxer: where it reads next. */
struct src_io {
	int		 fd;		/* the file, held open */
	int64_t		 pos;		/* the next byte it reads */
	int64_t		 size;		/* the file's size when opened */
	struct vg_feed	*feed;		/* hashing what is read, or NULL */
};

static int
io_read(void *opaque, uint8_t *buf, int size)
{
	struct src_io	*io = opaque;
	ssize_t		 n;

	do
		n = pread(io->fd, buf, (size_t)size, (off_t)io->pos);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return AVERROR(errno);
	if (n == 0)
		return AVERROR_EOF;
	if (io->feed != NULL)
		vg_feed_data(io->feed, (uint64_t)io->pos, buf, (size_t)n);
	io->pos += n;
	return (int)n;
}

static int64_t
io_seek(void *opaque, int64_t off, int whence)
{
	struct src_io	*io = opaque;
	int64_t		 p;

	switch (whence & ~AVSEEK_FORCE) {
	case AVSEEK_SIZE:
		return io->size;
	case SEEK_SET:
		p = off;
		break;
	case SEEK_CUR:
		p = io->pos + off;
		break;
	case SEEK_END:
		p = io->size + off;
		break;
	default:
		return AVERROR(EINVAL);
	}
	if (p < 0)
		return AVERROR(EINVAL);
	io->pos = p;
	return p;
}

/*
 * A demuxer reading a recording opens nothing else (no playlists, no
 * references): what it shows is in the file hashed.  Counted in the
 * context's opaque, when it points to a count.
 */
static int
io_refuse(AVFormatContext *s, AVIOContext **pb, const char *url, int flags,
    AVDictionary **options)
{
	if (s->opaque != NULL)
		(*(int *)s->opaque)++;
	(void)pb;
	(void)url;
	(void)flags;
	(void)options;
	return AVERROR(EPERM);
}

/* One recording being read and hashed. */
struct vg_read {
	char		*path;		/* the file */
	char		 want[VG_SHA256_HEX]; /* its digest as indexed */
	int		 fd;		/* held open from the start */
	struct stat	 sb;		/* as it was when opened */
	struct vg_feed	*feed;		/* hashing what its demuxer reads, on
					   a thread of its own; or NULL */
	char		 got[VG_SHA256_HEX]; /* its digest as read */
	uint64_t	 size;		/* bytes hashed */
	int		 rc;		/* 0 hashed, -1 not (e says why) */
	struct vg_error	 e;		/* why not */
};

struct vg_reads {
	struct vg_read	*r;		/* the recordings, in order */
	size_t		 n;		/* how many */
	int		 hashed;	/* every one has been hashed */
	int		 here;		/* what the demuxer reads hashed in its
					   thread, not handed to another */
	int		 stop;		/* set to stop the hashing early */
};

static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	    a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	    a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/*
 * Open the n recordings wanted, refusing any that is not a regular file
 * (a symbolic link is not followed) or whose size or modification time
 * is not as indexed.  Each is hashed from what its demuxer reads
 * (vg_reads_demux), on a thread of its own, which reads what the
 * demuxer skips; or, with here, in the demuxer's thread as it reads, with
 * no copy of the bytes (for a caller that keeps the other cores busy).
 * One never demuxed is read whole by vg_reads_check.
 */
int
vg_reads_open(const struct vg_read_want *w, size_t n, int here,
    struct vg_reads **out, struct vg_error *err)
{
	struct vg_reads	*rs;
	struct vg_read	*r;
	size_t		 i;

	rs = xcalloc(1, sizeof(*rs));
	rs->r = xcalloc(n + 1, sizeof(*rs->r));
	rs->here = here;
	for (i = 0; i < n; i++) {
		r = &rs->r[rs->n];
		r->path = xstrdup(w[i].path);
		snprintf(r->want, sizeof(r->want), "%s", w[i].sha256);
		if ((r->fd = open(r->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
		    O_NOCTTY)) == -1) {
			if (errno == ELOOP)
				vg_error_set(err, "'%s' is a symbolic link:"
				    " recordings are read only as regular"
				    " files", r->path);
			else
				vg_error_set(err, "'%s': %s", r->path,
				    strerror(errno));
			free(r->path);
			goto fail;
		}
		rs->n++;
		if (fstat(r->fd, &r->sb) == -1) {
			vg_error_set(err, "'%s': %s", r->path, strerror(errno));
			goto fail;
		}
		if (!S_ISREG(r->sb.st_mode)) {
			vg_error_set(err, "'%s' is not a regular file", r->path);
			goto fail;
		}
		if ((uint64_t)r->sb.st_size != w[i].size ||
		    (int64_t)r->sb.st_mtim.tv_sec * US +
		    r->sb.st_mtim.tv_nsec / 1000 != w[i].mtime) {
			vg_error_set(err, "'%s' changed since it was indexed:"
			    " run vigil index again", r->path);
			goto fail;
		}
	}
	*out = rs;
	return 0;
fail:
	vg_reads_free(rs);
	return -1;
}

/*
 * Open an input over a file held open (never opened again by name), as
 * ifmt if given, that may open nothing else; refused counts what it
 * tried to; what it reads is handed to feed, if given.  FFmpeg's status.
 */
static int
open_fd_input(int fd, int64_t size, const char *name,
    const AVInputFormat *ifmt, int *refused, struct vg_feed *feed,
    AVFormatContext **fcp)
{
	AVFormatContext	*fc;
	AVDictionary	*opts;
	AVIOContext	*pb;
	struct src_io	*io;
	unsigned char	*buf;
	int		 rc;

	*fcp = NULL;
	io = xmalloc(sizeof(*io));
	io->fd = fd;
	io->pos = 0;
	io->size = size;
	io->feed = feed;
	if ((buf = av_malloc(IOBUF)) == NULL ||
	    (fc = avformat_alloc_context()) == NULL) {
		av_free(buf);
		free(io);
		return AVERROR(ENOMEM);
	}
	if ((fc->pb = avio_alloc_context(buf, IOBUF, 0, io, io_read, NULL,
	    io_seek)) == NULL) {
		av_free(buf);
		free(io);
		avformat_free_context(fc);
		return AVERROR(ENOMEM);
	}
	fc->flags |= AVFMT_FLAG_CUSTOM_IO;
	fc->io_open = io_refuse;
	fc->opaque = refused;
	pb = fc->pb;
	opts = input_options();
	rc = avformat_open_input(&fc, name, ifmt, &opts);
	av_dict_free(&opts);
	if (rc < 0) {
		/* the context is gone; its reader is ours to free */
		free(pb->opaque);
		av_freep(&pb->buffer);
		avio_context_free(&pb);
		return rc;
	}
	*fcp = fc;
	return 0;
}

static int	header_enough(const AVFormatContext *);

/*
 * A demuxer over the i-th recording, reading the file held open, with
 * its streams found; what it reads is hashed as it comes.  The ones
 * before it are read no more: their hashing goes on to their ends.  The
 * demuxer is to be closed before vg_reads_check or vg_reads_free.  With
 * copy (its packets are copied, never decoded), a container whose header
 * says what the packets are (header_enough) is not put through
 * avformat_find_stream_info, which decodes frames to find out.
 */
int
vg_reads_demux(struct vg_reads *rs, size_t i, int copy, AVFormatContext **fcp,
    struct vg_error *err)
{
	struct vg_read	*r = &rs->r[i];
	AVFormatContext	*fc;
	char		 eb[128];
	size_t		 j;
	int		 rc, refused = 0;

	for (j = 0; j < i; j++)
		if (rs->r[j].feed != NULL)
			vg_feed_done(rs->r[j].feed);
	if (r->feed == NULL)
		r->feed = vg_feed_start(r->fd, r->path, &rs->stop, !rs->here);
	if ((rc = open_fd_input(r->fd, (int64_t)r->sb.st_size, r->path, NULL,
	    &refused, r->feed, &fc)) < 0) {
		if (refused)
			vg_error_set(err, "'%s' refers to other files: not a"
			    " recording", r->path);
		else
			vg_error_set(err, "'%s': %s", r->path,
			    vg_averr(rc, eb, sizeof(eb)));
		return -1;
	}
	rc = copy && header_enough(fc) ? 0 :
	    avformat_find_stream_info(fc, NULL);
	fc->opaque = NULL;
	if (refused) {
		vg_error_set(err, "'%s' refers to other files: not a"
		    " recording", r->path);
		vg_media_close(&fc);
		return -1;
	}
	if (rc < 0) {
		vg_error_set(err, "'%s': %s", r->path,
		    vg_averr(rc, eb, sizeof(eb)));
		vg_media_close(&fc);
		return -1;
	}
	*fcp = fc;
	return 0;
}

/*
 * Wait for the hashing and check every recording: the bytes as indexed,
 * the file not written while it was read.  On a difference, *tampered is
 * set and the message names the file.
 */
int
vg_reads_check(struct vg_reads *rs, int *tampered, struct vg_error *err)
{
	struct vg_read	*r;
	struct stat	 sb;
	size_t		 i;

	*tampered = 0;
	if (!rs->hashed) {
		/* those never demuxed read whole, at once, a thread each */
		for (i = 0; i < rs->n; i++)
			if (rs->r[i].feed == NULL)
				rs->r[i].feed = vg_feed_start(rs->r[i].fd,
				    rs->r[i].path, &rs->stop, 1);
		for (i = 0; i < rs->n; i++) {
			r = &rs->r[i];
			r->rc = vg_feed_end(r->feed, r->got, &r->size, &r->e);
			r->feed = NULL;
		}
		rs->hashed = 1;
	}
	for (i = 0; i < rs->n; i++) {
		r = &rs->r[i];
		if (r->rc == -1) {
			vg_error_set(err, "%s", r->e.msg);
			return -1;
		}
		if (fstat(r->fd, &sb) == -1) {
			vg_error_set(err, "'%s': %s", r->path, strerror(errno));
			return -1;
		}
		if (!same_file(&sb, &r->sb) || r->size !=
		    (uint64_t)sb.st_size) {
			vg_error_set(err, "'%s' was written to while it was"
			    " read: not used", r->path);
			*tampered = 1;
			return -1;
		}
		if (strcmp(r->got, r->want) != 0) {
			vg_error_set(err, "'%s' is not the recording indexed:"
			    " its SHA-256 is %s, the index says %s", r->path,
			    r->got, r->want);
			*tampered = 1;
			return -1;
		}
	}
	return 0;
}

void
vg_reads_free(struct vg_reads *rs)
{
	size_t	i;

	if (rs == NULL)
		return;
	__atomic_store_n(&rs->stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < rs->n; i++) {
		if (rs->r[i].feed != NULL)	/* given up: no word */
			(void)vg_feed_end(rs->r[i].feed, rs->r[i].got,
			    &rs->r[i].size, NULL);
		close(rs->r[i].fd);
		free(rs->r[i].path);
		vg_error_clear(&rs->r[i].e);
	}
	free(rs->r);
	free(rs);
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

/*
 * Whether an ISO base media file (MP4, MOV) of size bytes is one whose
 * demuxer index says all that reading its packets would: one moov box,
 * not fragmented, and no box in it that makes a packet's times or bytes
 * other than its index entry's (composition offsets, encryption).  A
 * false "no" costs only the reading of every packet.
 */
static int
bmff_plain(int fd, int64_t size)
{
	static const char *const unlike[] = {
		"ctts", "mvex", "sinf", "senc", "saiz", "cslg"
	};
	unsigned char	 h[16], *moov;
	uint64_t	 off = 0, box, at = 0, len = 0;
	size_t		 i;
	int		 b, ok = 1;

	while (off + 8 <= (uint64_t)size) {
		if (pread(fd, h, 16, (off_t)off) < 8)
			return 0;
		box = (uint64_t)h[0] << 24 | (uint64_t)h[1] << 16 |
		    (uint64_t)h[2] << 8 | h[3];
		if (box == 1) {
			if (off + 16 > (uint64_t)size)
				return 0;
			for (box = 0, b = 8; b < 16; b++)
				box = box << 8 | h[b];
		} else if (box == 0)
			box = (uint64_t)size - off;
		if (box < 8 || box > (uint64_t)size - off)
			return 0;
		if (memcmp(h + 4, "moof", 4) == 0 ||
		    memcmp(h + 4, "mfra", 4) == 0 ||
		    (memcmp(h + 4, "moov", 4) == 0 && len != 0))
			return 0;
		if (memcmp(h + 4, "moov", 4) == 0) {
			at = off;
			len = box;
		}
		off += box;
	}
	if (len == 0 || len > 64 * 1024 * 1024)
		return 0;
	moov = xmalloc((size_t)len);
	if (pread(fd, moov, (size_t)len, (off_t)at) != (ssize_t)len)
		ok = 0;
	for (i = 0; ok && i < sizeof(unlike) / sizeof(unlike[0]); i++)
		if (memmem(moov, (size_t)len, unlike[i], 4) != NULL)
			ok = 0;
	free(moov);
	return ok;
}

/*
 * The probe's reading of every packet, from the demuxer's index instead
 * (an MP4 that bmff_plain passes): the MOV demuxer hands out each sample
 * of its index in turn, its time the entry's, its duration to the next
 * entry's (the stream's duration after the last), and fails or marks it
 * corrupt only when its bytes lie past the end of the file, which no
 * sample here does.  0 when it cannot stand in for the reading.
 */
static int
index_read(AVFormatContext *fc, int si, int fd, int64_t size, int64_t *first,
    int64_t *end, int64_t *nframes, struct vg_media *m)
{
	const AVIndexEntry	*ie;
	AVStream		*vs = fc->streams[si];
	int64_t			 next, dur;
	size_t			 cap = 0;
	unsigned int		 s;
	int			 i, n;

	if (strcmp(fc->iformat->name, "mov,mp4,m4a,3gp,3g2,mj2") != 0 ||
	    vs->codecpar->codec_id == AV_CODEC_ID_DVVIDEO)
		return 0;
	for (s = 0; s < fc->nb_streams; s++) {
		n = avformat_index_get_entries_count(fc->streams[s]);
		for (i = 0; i < n; i++) {
			ie = avformat_index_get_entry(fc->streams[s], i);
			if (ie == NULL || ie->pos < 0 || ie->size < 0 ||
			    ie->pos > size - ie->size)
				return 0;
		}
	}
	if (!bmff_plain(fd, size))
		return 0;
	n = avformat_index_get_entries_count(vs);
	for (i = 0; i < n; i++) {
		ie = avformat_index_get_entry(vs, i);
		if (ie->timestamp == AV_NOPTS_VALUE)
			continue;
		next = i + 1 < n ? avformat_index_get_entry(vs, i + 1)->timestamp :
		    vs->duration;
		dur = next >= ie->timestamp ? next - ie->timestamp : 0;
		(*nframes)++;
		if (ie->timestamp < *first)
			*first = ie->timestamp;
		if (ie->timestamp + dur > *end)
			*end = ie->timestamp + dur;
		if (ie->flags & AVINDEX_KEYFRAME) {
			if (m->nkeyframes == cap) {
				cap = cap ? cap * 2 : 16;
				m->keyframes = xreallocarray(m->keyframes, cap,
				    sizeof(*m->keyframes));
			}
			m->keyframes[m->nkeyframes++] = ie->timestamp;
		}
	}
	return 1;
}

/*
 * The MOV demuxer, when the n bytes of head start with an ftyp box whose
 * major brand is one of video's: the demuxer's probe says it is sure of
 * any ftyp but a picture's, and no other demuxer claims one.
 */
static const AVInputFormat *
bmff_video(const unsigned char *head, ssize_t n)
{
	static const char brands[] = "isomiso2iso3iso4iso5iso6mp41mp42avc1"
	    "qt  M4V 3gp43gp53gp63g2adashmsnvXAVC";
	size_t	i;

	if (n < 12 || memcmp(head + 4, "ftyp", 4) != 0 ||
	    ((uint32_t)head[0] << 24 | (uint32_t)head[1] << 16 |
	    (uint32_t)head[2] << 8 | head[3]) < 16)
		return NULL;
	for (i = 0; i + 4 <= sizeof(brands) - 1; i += 4)
		if (memcmp(head + 8, brands + i, 4) == 0)
			return av_find_input_format("mov");
	return NULL;
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
 * Whether the container's header says all the probe wants of its video
 * (codec, picture size, frame rate), as MP4 and Matroska do: then its
 * frames need not be decoded to find their parameters
 * (avformat_find_stream_info decodes several, which costs more than
 * reading every packet), since every packet is read anyway.
 */
static int
header_enough(const AVFormatContext *fc)
{
	const AVStream	*vs;
	int		 si;

	if (fc->ctx_flags & AVFMTCTX_NOHEADER)
		return 0;
	if ((si = av_find_best_stream((AVFormatContext *)fc,
	    AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0)) < 0)
		return 0;
	vs = fc->streams[si];
	return vs->codecpar->codec_id != AV_CODEC_ID_NONE &&
	    vs->codecpar->width > 0 && vs->codecpar->height > 0 &&
	    ((vs->avg_frame_rate.num > 0 && vs->avg_frame_rate.den > 0) ||
	    (vs->r_frame_rate.num > 0 && vs->r_frame_rate.den > 0));
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
	int	fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		memset(m, 0, sizeof(*m));
		vg_error_set(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	rc = vg_media_probe_fd(fd, path, m, err);
	close(fd);
	return rc;
}

/* vg_media_probe of a file held open (path names it in messages). */
int
vg_media_probe_fd(int fd, const char *path, struct vg_media *m,
    struct vg_error *err)
{
	return probe(fd, path, NULL, m, err);
}

/*
 * vg_media_probe_fd, and the file's SHA-256 (hex) and size from the same
 * reads: the demuxer's are hashed as they come (on a second thread if
 * threaded, else in this one, from the demuxer's own buffers), and what
 * it skips (or all of a file it cannot open) is read at the end.  -1 when
 * the file cannot be read whole (err says why; m holds nothing).
 */
int
vg_media_probe_hash_fd(int fd, const char *path, int threaded,
    struct vg_media *m, char *sha256, uint64_t *size, struct vg_error *err)
{
	struct vg_feed	*f;
	int		 rc;

	f = vg_feed_start(fd, path, NULL, threaded);
	rc = probe(fd, path, f, m, err);
	if (vg_feed_end(f, sha256, size, rc == 0 ? err : NULL) == -1 &&
	    rc == 0) {
		vg_media_free(m);
		rc = -1;
	}
	return rc;
}

/* The probe, handing what the demuxer reads to feed if given. */
static int
probe(int fd, const char *path, struct vg_feed *feed, struct vg_media *m,
    struct vg_error *err)
{
	AVFormatContext		*fc = NULL;
	const AVInputFormat	*ifmt;
	AVCodecParameters	*par;
	AVStream		*vs;
	AVPacket		*pkt = NULL;
	AVProbeData		 pd;
	unsigned char		*head, pad[AVPROBE_PADDING_SIZE];
	char			 eb[128];
	int64_t			 first = INT64_MAX, end = INT64_MIN, pts;
	int64_t			 declared, whole, nframes = 0;
	struct stat		 sb;
	ssize_t			 n;
	size_t			 cap = 0;
	int			 rc, si, score = 0, refused = 0;

	memset(m, 0, sizeof(*m));
	m->status = "ok";
	m->duration = -1;
	m->declared = -1;
	m->created = VG_TIME_NONE;

	/* what the first bytes look like, before libavformat opens it */
	head = xcalloc(1, 4096 + AVPROBE_PADDING_SIZE);
	if (fstat(fd, &sb) == -1 || (n = pread(fd, head, 4096, 0)) == -1) {
		vg_error_set(err, "'%s': %s", path, strerror(errno));
		free(head);
		return -1;
	}
	/*
	 * Every demuxer's probe looks at the bytes given, many scan all of
	 * them.  An ISO base media file of a video brand is the MOV
	 * demuxer's, sure (its probe's rule for a first box ftyp), and no
	 * other demuxer is asked; else the first 2,048 bytes first, as
	 * avformat_open_input does, and all 4,096 only when no demuxer is
	 * sure of those.
	 */
	if ((ifmt = bmff_video(head, n)) != NULL) {
		free(head);
		goto known;
	}
	memset(&pd, 0, sizeof(pd));
	pd.filename = path;
	pd.buf = head;
	pd.buf_size = (int)n;
	if (n > 2048) {			/* the padding after them zeros */
		memcpy(pad, head + 2048, sizeof(pad));
		memset(head + 2048, 0, sizeof(pad));
		pd.buf_size = 2048;
	}
	ifmt = av_probe_input_format2(&pd, 1, &score);
	if (score < AVPROBE_SCORE_MAX && n > 2048) {
		memcpy(head + 2048, pad, sizeof(pad));
		pd.buf_size = (int)n;
		ifmt = av_probe_input_format2(&pd, 1, &score);
	}
	free(head);
	if (ifmt == NULL || score <= AVPROBE_SCORE_EXTENSION) {
		set_problem(m, "not video", "not a recognised container");
		return 0;
	}
known:
	m->container = xstrdup(ifmt->name);

	if ((rc = open_fd_input(fd, (int64_t)sb.st_size, path, ifmt, &refused,
	    feed, &fc)) < 0) {
		if (refused)
			set_problem(m, "not video", "it refers to other files"
			    " (%s)", ifmt->name);
		else if ((strstr(ifmt->name, "mp4") != NULL ||
		    strstr(ifmt->name, "mov") != NULL) && bmff_cut_short(path))
			set_problem(m, "truncated", "the file ends inside a"
			    " box (%s)", vg_averr(rc, eb, sizeof(eb)));
		else
			set_problem(m, "corrupt", "%s",
			    vg_averr(rc, eb, sizeof(eb)));
		return 0;
	}
	if (header_enough(fc))
		fc->flags |= AVFMT_FLAG_NOPARSE | AVFMT_FLAG_NOFILLIN;
	else if ((rc = avformat_find_stream_info(fc, NULL)) < 0) {
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
	whole = fc->duration != AV_NOPTS_VALUE && fc->duration > 0 ?
	    av_rescale(fc->duration, US, AV_TIME_BASE) : -1;

	/* every packet of the video stream: real extent, keyframes */
	if (index_read(fc, si, fd, (int64_t)sb.st_size, &first, &end,
	    &nframes, m))
		rc = AVERROR_EOF;
	else if ((pkt = av_packet_alloc()) == NULL)
		rc = AVERROR(ENOMEM);
	else while ((rc = av_read_frame(fc, pkt)) >= 0) {
		if (pkt->stream_index == si) {
			pts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
			if (pts != AV_NOPTS_VALUE) {
				nframes++;
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
	/*
	 * Frames whose times run past what the container says it holds, or
	 * come further apart than any camera records, are times the file
	 * made up (a time scale of 0 read as 1): the duration is not known.
	 */
	else if (whole > 0 && m->duration > whole + whole / 10 + US / 2) {
		set_problem(m, "corrupt", "the frames' times run %.3f s where"
		    " the container says %.3f s", (double)m->duration / 1e6,
		    (double)whole / 1e6);
		m->duration = -1;
	} else if (nframes > 1 && m->duration / nframes > MAXGAP) {
		set_problem(m, "corrupt", "%lld frames over %.3f s: the frames'"
		    " times cannot be trusted", (long long)nframes,
		    (double)m->duration / 1e6);
		m->duration = -1;
	}
out:
	if (refused) {
		set_problem(m, "not video", "it refers to other files (%s)",
		    ifmt->name);
		m->duration = -1;
	}
	av_packet_free(&pkt);
	vg_media_close(&fc);
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
