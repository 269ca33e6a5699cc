/* custody-verify.c: walk an exported custody log's hash chain and name the first entry that does not fit */
#include "config.h"

#include "vigil.h"
#include "bag.h"
#include "custody.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#define NFIELDS	9		/* fields of an entry in custody.tsv */
#define HEXLEN	64		/* hex digits of a SHA-256 */

/* The whole of fd, NUL-terminated; NULL on a read error. */
static char *
slurp(int fd, size_t *len, struct vg_error *err)
{
	char	*buf = NULL;
	size_t	 cap = 0, n = 0;
	ssize_t	 r;

	for (;;) {
		if (cap - n < 65536) {
			cap = cap == 0 ? 65536 : cap * 2;
			buf = xreallocarray(buf, cap, 1);
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			vg_error_set(err, "%s", strerror(errno));
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int
is_hex(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f')))
			return 0;
	return 1;
}

/* The sequence number that starts an entry line, or -1. */
static long long
seq_of(const char *s, size_t n)
{
	long long	v = 0;
	size_t		i;

	for (i = 0; i < n && s[i] != '\t'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 18 || (i == 0 &&
		    s[i] == '0'))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return i == 0 || i == n ? -1 : v;
}

/* The first line from p on (p starting line line) that holds entry seq, or 0. */
static long
find_seq(const char *p, const char *end, long line, long long seq)
{
	const char	*nl;

	for (; p < end; p = nl + 1, line++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (seq_of(p, (size_t)(nl - p)) == seq)
			return line;
	}
	return 0;
}

static void
report(vg_bag_check_fn fn, void *arg, int ok, const char *name, long line,
    const char *fmt, ...) VG_PRINTF(6, 7);

static void
report(vg_bag_check_fn fn, void *arg, int ok, const char *name, long line,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*where, *what;

	if (line > 0)
		xasprintf(&where, "%s line %ld", name, line);
	else
		where = xstrdup(name);
	va_start(ap, fmt);
	xvasprintf(&what, fmt, ap);
	va_end(ap);
	fn(arg, ok, where, what);
	free(where);
	free(what);
}

/*
 * Check the custody log read from fd, called name in messages: the
 * header, then every entry's hash against its first eight fields as they
 * stand, its sequence number and its link to the entry before.  Stops at
 * the first entry that does not fit.  Returns the failures, 0 or 1, or
 * -1 when fd cannot be read.
 */
int
vg_custody_verify_fd(int fd, const char *name, vg_bag_check_fn fn,
    void *arg, struct vg_error *err)
{
	const size_t	 hlen = strlen(VG_CUSTODY_HEADER);
	EVP_MD_CTX	*ctx;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
	char		*buf, *p, *end, *nl, *tab[NFIELDS - 1];
	char		 hash[VG_SHA256_HEX], prev[VG_SHA256_HEX];
	size_t		 len, ntab;
	long long	 seq, last = 0;
	long		 line = 1, at;
	int		 bad = 1;

	if ((buf = slurp(fd, &len, err)) == NULL) {
		vg_error_prefix(err, "'%s'", name);
		return -1;
	}
	if ((ctx = EVP_MD_CTX_new()) == NULL) {
		free(buf);
		vg_error_set(err, "'%s': cannot start SHA-256", name);
		return -1;
	}
	end = buf + len;
	if (len < hlen || memcmp(buf, VG_CUSTODY_HEADER, hlen) != 0) {
		report(fn, arg, 0, name, 1, "not the header of a custody log");
		goto out;
	}
	memcpy(prev, VG_CUSTODY_GENESIS, sizeof(prev));
	for (p = buf + hlen; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			report(fn, arg, 0, name, line,
			    "no newline at its end (cut short?)");
			goto out;
		}
		for (ntab = 0, at = 0; p + at < nl; at++)
			if (p[at] == '\t' && ntab++ < NFIELDS - 1)
				tab[ntab - 1] = p + at;
		if (ntab != NFIELDS - 1) {
			report(fn, arg, 0, name, line, "%zu fields, not %d",
			    ntab + 1, NFIELDS);
			goto out;
		}
		if ((seq = seq_of(p, (size_t)(nl - p))) < 1) {
			report(fn, arg, 0, name, line,
			    "'%.*s' is not an entry number",
			    (int)(tab[0] - p), p);
			goto out;
		}
		if (nl - tab[7] - 1 != HEXLEN || !is_hex(tab[7] + 1, HEXLEN) ||
		    tab[7] - tab[6] - 1 != HEXLEN ||
		    !is_hex(tab[6] + 1, HEXLEN)) {
			report(fn, arg, 0, name, line, "entry %lld: prev or"
			    " hash is not %d hex digits", seq, HEXLEN);
			goto out;
		}
		/* the canonical line: the first eight fields and a newline */
		if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 ||
		    EVP_DigestUpdate(ctx, p, (size_t)(tab[7] - p)) != 1 ||
		    EVP_DigestUpdate(ctx, "\n", 1) != 1 ||
		    EVP_DigestFinal_ex(ctx, md, &mdlen) != 1) {
			vg_error_set(err, "'%s': SHA-256 failed", name);
			bad = -1;
			goto out;
		}
		vg_hex(md, mdlen, hash);
		if (memcmp(hash, tab[7] + 1, HEXLEN) != 0) {
			report(fn, arg, 0, name, line, "entry %lld: hash does"
			    " not match its fields (edited?)", seq);
			goto out;
		}
		if (seq != last + 1) {
			if ((at = find_seq(nl + 1, end, line + 1, last + 1)) > 0)
				report(fn, arg, 0, name, line,
				    "entry %lld %s %lld (reordered? entry %lld"
				    " is on line %ld)", seq, last > 0 ?
				    "follows entry" : "comes first, not entry",
				    last > 0 ? last : 1, last + 1, at);
			else if (seq > last + 1 && last == 0)
				report(fn, arg, 0, name, line,
				    "entry %lld comes first, not entry 1"
				    " (%s deleted?)", seq, seq == 2 ? "one" :
				    "some");
			else if (seq > last + 1)
				report(fn, arg, 0, name, line,
				    "entry %lld follows entry %lld (%s"
				    " deleted?)", seq, last, seq == last + 2 ?
				    "one" : "some");
			else
				report(fn, arg, 0, name, line,
				    "entry %lld follows entry %lld (copied or"
				    " reordered?)", seq, last);
			goto out;
		}
		if (memcmp(prev, tab[6] + 1, HEXLEN) != 0) {
			if (last == 0)
				report(fn, arg, 0, name, line, "entry 1: prev"
				    " is not the genesis value (entries"
				    " before it removed?)");
			else
				report(fn, arg, 0, name, line, "entry %lld:"
				    " prev is not the hash of entry %lld"
				    " (reordered or rewritten?)", seq, last);
			goto out;
		}
		memcpy(prev, hash, sizeof(prev));
		last = seq;
	}
	if (last == 0)
		report(fn, arg, 1, name, 0, "no entries");
	else
		report(fn, arg, 1, name, 0, "%lld entr%s, every hash and link"
		    " holds; last %s", last, last == 1 ? "y" : "ies", prev);
	bad = 0;
out:
	EVP_MD_CTX_free(ctx);
	free(buf);
	return bad;
}

/* Check the custody log in the file path. */
int
vg_custody_verify_file(const char *path, vg_bag_check_fn fn, void *arg,
    struct vg_error *err)
{
	int	fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		vg_error_set(err, "cannot open '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	rc = vg_custody_verify_fd(fd, path, fn, arg, err);
	close(fd);
	return rc;
}
