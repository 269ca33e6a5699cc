/* hash.c: file digests with libcrypto */
#include "config.h"

#include "vigil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

/*
 * SHA-256 of what an open file holds, read from its start with pread (its
 * offset is left alone), as hex, and its size; name is for messages.
 * Stops with an error when *stop becomes nonzero, if stop is given.
 */
int
vg_hash_fd(int fd, const char *name, char *hex, uint64_t *size,
    const int *stop, struct vg_error *err)
{
	EVP_MD_CTX	*ctx;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
	char		*buf;
	ssize_t		 n;
	uint64_t	 total = 0;
	int		 rc = -1;

	buf = xmalloc(1 << 20);
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		vg_error_set(err, "'%s': cannot start SHA-256", name);
		goto out;
	}
	for (;;) {
		if (stop != NULL && __atomic_load_n(stop, __ATOMIC_RELAXED)) {
			vg_error_set(err, "'%s': hashing stopped", name);
			goto out;
		}
		n = pread(fd, buf, 1 << 20, (off_t)total);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			vg_error_set(err, "'%s': %s", name, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(ctx, buf, (size_t)n);
		total += (uint64_t)n;
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	vg_hex(md, mdlen, hex);
	*size = total;
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	free(buf);
	return rc;
}

/* SHA-256 of a file as hex, and its size. */
int
vg_hash_file(const char *path, char *hex, uint64_t *size, struct vg_error *err)
{
	int	fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		vg_error_set(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	rc = vg_hash_fd(fd, path, hex, size, NULL, err);
	close(fd);
	return rc;
}
