/* util.c: UTF-8, terminal width, bounded number parsing, files put in place */
#include "config.h"

#include "vigil.h"
#include "vigil-int.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef VG_SHAREDIR
#define VG_SHAREDIR "/usr/local/share/vigil"
#endif

/*
 * Decode one UTF-8 sequence at s (n bytes available).  Returns its length
 * and stores the code point, or returns 0 for a malformed sequence
 * (overlong forms, surrogates and values past U+10FFFF are malformed).
 */
size_t
vg_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 c, min;
	size_t			 len, i;

	if (n == 0)
		return 0;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int
vg_utf8_valid(const char *s, size_t n)
{
	size_t		i, l;
	uint32_t	cp;

	for (i = 0; i < n; i += l) {
		if ((unsigned char)s[i] < 0x80) {
			l = 1;
			continue;
		}
		if ((l = vg_utf8_decode(s + i, n - i, &cp)) == 0)
			return 0;
	}
	return 1;
}

struct range {
	uint32_t	lo;	/* first code point */
	uint32_t	hi;	/* last code point */
};

/* East Asian Wide and Fullwidth ranges (Unicode 15, abridged to blocks). */
static const struct range wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x16fe0, 0x16fe4 },
	{ 0x17000, 0x18cff }, { 0x1b000, 0x1b2ff }, { 0x1f004, 0x1f004 },
	{ 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a },
	{ 0x1f200, 0x1f251 }, { 0x1f300, 0x1f64f }, { 0x1f680, 0x1f6ff },
	{ 0x1f900, 0x1f9ff }, { 0x1fa70, 0x1faff }, { 0x20000, 0x2fffd },
	{ 0x30000, 0x3fffd },
};

/* Combining marks and other zero-width code points (abridged). */
static const struct range zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x0e31, 0x0e31 },
	{ 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e }, { 0x1ab0, 0x1aff },
	{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x202a, 0x202e },
	{ 0x2060, 0x2064 }, { 0x20d0, 0x20ff }, { 0x302a, 0x302f },
	{ 0x3099, 0x309a }, { 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f },
	{ 0xfeff, 0xfeff }, { 0xe0100, 0xe01ef },
};

static int
inrange(const struct range *r, size_t n, uint32_t cp)
{
	size_t	lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp > r[mid].hi)
			lo = mid + 1;
		else if (cp < r[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

/* Columns a code point takes on a terminal: 0, 1 or 2. */
int
vg_codepoint_width(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (inrange(zero, sizeof(zero) / sizeof(zero[0]), cp))
		return 0;
	if (inrange(wide, sizeof(wide) / sizeof(wide[0]), cp))
		return 2;
	return 1;
}

/* Columns a UTF-8 string takes; a malformed byte counts as one. */
size_t
vg_text_width(const char *s, size_t n)
{
	size_t		i, l, w = 0;
	uint32_t	cp;

	for (i = 0; i < n; i += l) {
		if ((unsigned char)s[i] < 0x80) {
			w++;
			l = 1;
		} else if ((l = vg_utf8_decode(s + i, n - i, &cp)) == 0) {
			w++;
			l = 1;
		} else
			w += vg_codepoint_width(cp);
	}
	return w;
}

/*
 * Parse a decimal integer within [min, max].  Returns NULL and stores it,
 * or returns "invalid", "too small" or "too large".
 */
const char *
vg_strtonum(const char *s, long long min, long long max, long long *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return "invalid";
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || end == s)
		return "invalid";
	if ((errno == ERANGE && v == LLONG_MIN) || v < min)
		return "too small";
	if ((errno == ERANGE && v == LLONG_MAX) || v > max)
		return "too large";
	*out = v;
	return NULL;
}

/*
 * Create a temporary file beside target, mode 0600, naming it in *tmp;
 * returns its descriptor, or -1.
 */
int
vg_file_temp(const char *target, char **tmp, struct vg_error *err)
{
	const char	*slash = strrchr(target, '/');
	int		 fd;

	if (slash == NULL)
		xasprintf(tmp, ".%s.XXXXXX", target);
	else
		xasprintf(tmp, "%.*s/.%s.XXXXXX", (int)(slash - target),
		    target, slash + 1);
	if ((fd = mkostemp(*tmp, O_CLOEXEC)) == -1) {
		vg_error_set(err, "cannot create a file beside '%s': %s",
		    target, strerror(errno));
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

/* Sync the directory holding path, so a rename in it is durable. */
void
vg_file_sync_dir(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir;
	int		 fd;

	dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

/*
 * Put the finished temporary file tmp in place as target, after syncing
 * it.  An existing target is replaced only with force; link(2) makes the
 * check and the creation one step where the file system allows it.  The
 * temporary file is gone afterwards, whatever happened.
 */
int
vg_file_publish(const char *tmp, const char *target, int force,
    struct vg_error *err)
{
	struct stat	sb;
	int		fd, rc = -1;

	if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) == -1 || fsync(fd) == -1) {
		vg_error_set(err, "'%s': %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		goto out;
	}
	close(fd);
	if (force) {
		if (rename(tmp, target) == -1)
			vg_error_set(err, "'%s': %s", target, strerror(errno));
		else
			rc = 0;
	} else if (link(tmp, target) == 0)
		rc = 0;
	else if (errno == EEXIST)
		vg_error_set(err, "'%s' exists: not overwritten", target);
	else if (lstat(target, &sb) == 0)
		vg_error_set(err, "'%s' exists: not overwritten", target);
	else if (rename(tmp, target) == -1)	/* no hard links here */
		vg_error_set(err, "'%s': %s", target, strerror(errno));
	else
		rc = 0;
	if (rc == 0)
		vg_file_sync_dir(target);
out:
	(void)unlink(tmp);
	return rc;
}

/*
 * Write a MAC address (12 hex digits, bare or in pairs separated by ':'
 * or '-') as lower-case pairs joined by ':', in place; anything else is
 * left as it is.  Vendors write the same address all three ways.
 */
void
vg_mac_norm(char *s)
{
	char			 d[12];
	size_t			 i, n = 0, len = strlen(s);
	char			 sep = '\0';

	if (len != 12 && len != 17)
		return;
	for (i = 0; i < len; i++) {
		if (len == 17 && i % 3 == 2) {
			if ((s[i] != ':' && s[i] != '-') ||
			    (sep != '\0' && s[i] != sep))
				return;
			sep = s[i];
			continue;
		}
		if (!isxdigit((unsigned char)s[i]))
			return;
		d[n++] = (char)tolower((unsigned char)s[i]);
	}
	for (i = 0; i < 6; i++) {
		s[3 * i] = d[2 * i];
		s[3 * i + 1] = d[2 * i + 1];
		if (i < 5)
			s[3 * i + 2] = ':';
	}
	s[17] = '\0';
}

/* FNV-1a of n bytes, for the hash tables of the importers. */
uint64_t
vg_fnv(const char *s, size_t n)
{
	uint64_t	h = 1469598103934665603ULL;
	size_t		i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* mkdir -p: every directory of path that is missing, with mode. */
int
vg_mkdirs(const char *path, unsigned int mode, struct vg_error *err)
{
	char	*p = xstrdup(path), *s;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, (mode_t)mode) == -1 && errno != EEXIST)
			goto fail;
		*s = '/';
	}
	if (mkdir(p, (mode_t)mode) == -1 && errno != EEXIST)
		goto fail;
	free(p);
	return 0;
fail:
	vg_error_set(err, "cannot create '%s': %s", p, strerror(errno));
	free(p);
	return -1;
}

/* Append n bytes to a growable string, keeping it NUL-terminated. */
void
vg_buf_add(struct vg_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap == 0 ? 256 : b->cap * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
vg_buf_str(struct vg_buf *b, const char *s)
{
	vg_buf_add(b, s, strlen(s));
}

void
vg_buf_fmt(struct vg_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	vg_buf_add(b, s, (size_t)n);
	free(s);
}

/*
 * Read a whole regular file of at most max bytes, NUL-terminated room
 * not included; NULL, with the error naming it and its errno in *eno,
 * on failure.
 */
char *
vg_read_file(const char *path, size_t max, size_t *lenp, int *eno,
    struct vg_error *err)
{
	struct stat	 st;
	char		*buf = NULL;
	int		 fd;

	*eno = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*eno = errno;
		vg_error_set(err, "cannot open '%s': %s", path,
		    strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		*eno = errno;
		vg_error_set(err, "cannot read '%s': %s", path,
		    strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		*eno = EINVAL;
		vg_error_set(err, "'%s': not a regular file", path);
	} else
		buf = vg_read_fd(fd, path, NULL, NULL, max, lenp, eno, err);
	close(fd);
	return buf;
}

/*
 * Read the whole of the open file fd (path names it in messages) from its
 * start, at most max bytes, NUL-terminated room not included, each part
 * as it is read given to tap (arg, its offset, its bytes) when tap is not
 * NULL (a digest: the bytes read are the bytes hashed); NULL, with the
 * error and its errno in *eno, on failure.
 */
char *
vg_read_fd(int fd, const char *path, void (*tap)(void *, uint64_t,
    const void *, size_t), void *arg, size_t max, size_t *lenp, int *eno,
    struct vg_error *err)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 len = 0, cap = 0;
	ssize_t		 n;

	*eno = 0;
	if (fstat(fd, &st) == 0 && st.st_size > 0 &&
	    (uintmax_t)st.st_size < max) {
		cap = (size_t)st.st_size + 1;
		buf = xmalloc(cap);
	}
	for (;;) {
		if (len == cap) {
			if (cap > max) {
				*eno = EFBIG;
				vg_error_set(err, "'%s': file too large", path);
				goto fail;
			}
			cap = cap == 0 ? 8192 : cap * 2;
			buf = xreallocarray(buf, cap, 1);
		}
		if ((n = pread(fd, buf + len, cap - len, (off_t)len)) == -1) {
			if (errno == EINTR)
				continue;
			*eno = errno;
			vg_error_set(err, "cannot read '%s': %s", path,
			    strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		if (tap != NULL)
			tap(arg, len, buf + len, (size_t)n);
		len += (size_t)n;
	}
	if (len > max) {
		*eno = EFBIG;
		vg_error_set(err, "'%s': file too large", path);
		goto fail;
	}
	*lenp = len;
	return buf;
fail:
	free(buf);
	return NULL;
}

/*
 * The next item of a list separated by sep in [*p, end), blanks trimmed
 * off both its ends when trim: 1 with the item in *item (perhaps empty)
 * and *p past it and its separator, 0 when the list is done.
 */
int
vg_list_next(const char **p, const char *end, int sep, int trim,
    struct vg_str *item)
{
	const char	*s = *p, *e;

	if (s == NULL || s >= end)
		return 0;
	if ((e = memchr(s, sep, (size_t)(end - s))) == NULL)
		e = end;
	*p = e < end ? e + 1 : end;
	if (trim) {
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
	}
	item->s = s;
	item->len = (size_t)(e - s);
	return 1;
}

/*
 * The index of the len bytes at v in t, added (a copy) when new, and
 * whether it was new in *added if given: indexes count from 0 in the
 * order strings were first added.
 */
uint32_t
vg_strtab_add(struct vg_strtab *t, const char *v, size_t len, int *added)
{
	size_t		 i, j, old;
	uint32_t	*o;

	if (t->n * 2 >= t->nslot) {
		o = t->slot;
		old = t->nslot;
		t->nslot = old ? old * 2 : 64;
		t->slot = xcalloc(t->nslot, sizeof(*t->slot));
		for (i = 0; i < old; i++) {
			if (o[i] == 0)
				continue;
			j = vg_fnv(t->s[o[i] - 1], t->len[o[i] - 1]) &
			    (t->nslot - 1);
			while (t->slot[j] != 0)
				j = (j + 1) & (t->nslot - 1);
			t->slot[j] = o[i];
		}
		free(o);
	}
	for (j = vg_fnv(v, len) & (t->nslot - 1); t->slot[j] != 0;
	    j = (j + 1) & (t->nslot - 1))
		if (t->len[t->slot[j] - 1] == len &&
		    memcmp(t->s[t->slot[j] - 1], v, len) == 0) {
			if (added != NULL)
				*added = 0;
			return t->slot[j] - 1;
		}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->s = xreallocarray(t->s, t->cap, sizeof(*t->s));
		t->len = xreallocarray(t->len, t->cap, sizeof(*t->len));
	}
	t->s[t->n] = xstrndup(v, len);
	t->len[t->n] = len;
	t->slot[j] = (uint32_t)++t->n;
	if (added != NULL)
		*added = 1;
	return (uint32_t)(t->n - 1);
}

void
vg_strtab_free(struct vg_strtab *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		free(t->s[i]);
	free(t->s);
	free(t->len);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* Write all n bytes of p to fd: 0, or -1 with errno set. */
int
vg_write_all(int fd, const void *p, size_t n)
{
	const char	*s = p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = write(fd, s, n)) == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * qsort(3) that takes an empty array with no storage behind it: qsort's
 * base must not be NULL, even when there is nothing to sort.
 */
void
vg_qsort(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/*
 * Where vigil's data files are: $VIGIL_SHARE; else share/vigil beside
 * the directory the program is in (bin/ or, run before installing, the
 * build tree's src/), when it is there; else where they were installed.
 */
const char *
vg_share_dir(void)
{
	static char	 beside[PATH_MAX];
	static int	 looked;
	const char	*p;
	char		 exe[PATH_MAX], *slash;
	ssize_t		 n;

	if ((p = getenv("VIGIL_SHARE")) != NULL && *p != '\0')
		return p;
	if (!looked) {
		looked = 1;
		if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0 &&
		    (size_t)n < sizeof(exe) - 1) {
			exe[n] = '\0';
			if ((slash = strrchr(exe, '/')) != NULL)
				*slash = '\0';
			if (slash == NULL || (size_t)snprintf(beside, sizeof(beside),
			    "%s/../share/vigil", exe) >= sizeof(beside) ||
			    access(beside, F_OK) == -1)
				beside[0] = '\0';
		}
	}
	return beside[0] != '\0' ? beside : VG_SHAREDIR;
}

/* n bytes as 2n lower-case hex digits and a NUL. */
void
vg_hex(const unsigned char *b, size_t n, char *out)
{
	static const char	digits[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 0xf];
	}
	out[2 * n] = '\0';
}
