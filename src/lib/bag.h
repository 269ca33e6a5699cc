/* bag.h: evidence bundles as BagIt bags (RFC 8493): write, sign, archive, verify */
#ifndef BAG_H
#define BAG_H

#include "vigil.h"

/* A line of bag-info.txt. */
struct vg_bag_field {
	const char	*label;		/* e.g. "External-Identifier"; no colon */
	const char	*value;		/* its value, one line */
};

/*
 * Called once for every check a verification makes: ok is 1 when it
 * holds; where says the file (and line) checked, or is NULL for the bag
 * as a whole; what says what was checked, or what is wrong.
 */
typedef void (*vg_bag_check_fn)(void *, int, const char *, const char *);

#define VG_BAG_SIG	"tagmanifest-sha256.txt.sig"	/* detached signature */

/* A payload file's digests, known to the caller already. */
struct vg_bag_known {
	const char	*path;		/* under the bag, e.g. "data/x.mp4" */
	const char	*sha256;	/* hex */
	const char	*sha512;	/* hex */
	uint64_t	 size;		/* bytes */
};

#define VG_SHA512_HEX	129	/* 128 hex digits and a NUL */

int	 vg_bag_write(const char *, const struct vg_bag_field *, size_t,
	     struct vg_error *);
int	 vg_bag_write_known(const char *, const struct vg_bag_field *, size_t,
	     const struct vg_bag_known *, size_t, struct vg_error *);
int	 vg_bag_hash(const char *, char *, char *, uint64_t *,
	     struct vg_error *);
struct vg_bag_hashing;
int	 vg_bag_hash_start(const char *, struct vg_bag_hashing **,
	     struct vg_error *);
int	 vg_bag_hash_end(struct vg_bag_hashing *, char *, char *, uint64_t *,
	     struct vg_error *);
int	 vg_bag_keygen(const char *, struct vg_error *);
int	 vg_bag_sign(const char *, const char *, struct vg_error *);
int	 vg_bag_verify(const char *, const char *, vg_bag_check_fn, void *,
	     struct vg_error *);
int	 vg_tar_write(const char *, const char *, int64_t, int,
	     struct vg_error *);
int	 vg_tar_extract(const char *, const char *, char **,
	     struct vg_error *);

/* The custody log as exported (custody-verify.c). */
int	 vg_custody_verify_file(const char *, vg_bag_check_fn, void *,
	     struct vg_error *);
int	 vg_custody_verify_fd(int, const char *, vg_bag_check_fn, void *,
	     struct vg_error *);

#endif /* BAG_H */
