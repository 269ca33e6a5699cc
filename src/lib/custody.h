/* custody.h: the custody log's entries, their canonical text and hash chain */
#ifndef CUSTODY_H
#define CUSTODY_H

#include "vigil.h"

#define VG_CUSTODY_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/*
 * One entry of a case's custody log.  Its hash is the SHA-256 of its
 * canonical line: the first eight fields below, escaped (backslash,
 * tab, newline and carriage return as \\ \t \n \r), joined by tabs and
 * ended by a newline.  prev is the hash of the entry before, or
 * VG_CUSTODY_GENESIS for the first.  In custody.tsv each entry is its
 * canonical line with a ninth field, its hash, before the newline.
 */
struct vg_custody {
	int64_t		 seq;		/* 1, 2, ... in order */
	int64_t		 at;		/* when, UTC us */
	const char	*officer;	/* who */
	const char	*tool;		/* which tool, e.g. vigil-case */
	const char	*args;		/* its arguments, as given */
	const char	*touched;	/* what it read or changed */
	const char	*digests;	/* digests of what it produced, or "" */
	char		 prev[VG_SHA256_HEX]; /* hash of the entry before */
	char		 hash[VG_SHA256_HEX]; /* hash of this entry */
};

#define VG_CUSTODY_HEADER \
	"seq\ttime\tofficer\ttool\targs\ttouched\tdigests\tprev\thash\n"

char	*vg_custody_line(const struct vg_custody *);
void	 vg_custody_hash(const struct vg_custody *, char *);

#endif /* CUSTODY_H */
