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

int	 vg_bag_write(const char *, const struct vg_bag_field *, size_t,
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
