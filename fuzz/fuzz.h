/* fuzz.h: what the fuzz harnesses share: a private directory, writing an input, removing a tree */
#ifndef FUZZ_H
#define FUZZ_H

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil.h"

/* A private directory for one harness's files: /tmp/vigil-fuzz-NAME.XXXXXX. */
static char *
fz_dir(const char *name)
{
	char	*d;

	xasprintf(&d, "/tmp/vigil-fuzz-%s.XXXXXX", name);
	if (mkdtemp(d) == NULL) {
		perror("fuzz: mkdtemp");
		abort();
	}
	return d;
}

/* Write n bytes to path, replacing it. */
static void
fz_write(const char *path, const void *p, size_t n)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL ||
	    (n > 0 && fwrite(p, 1, n, f) != n) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

static int
fz_open1(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DNR)
		(void)chmod(path, (sb->st_mode & 07777) | 0700);
	return 0;
}

static int
fz_rm1(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	if (remove(path) == -1 && errno != ENOENT) {
		perror(path);
		abort();
	}
	return 0;
}

/* rm -rf path, without following links, whatever the modes inside. */
static void
fz_rmtree(const char *path)
{
	struct stat	sb;

	if (lstat(path, &sb) == -1)
		return;
	if (S_ISDIR(sb.st_mode))
		(void)chmod(path, (sb.st_mode & 07777) | 0700);
	if (nftw(path, fz_open1, 16, FTW_PHYS) == -1 ||
	    nftw(path, fz_rm1, 16, FTW_DEPTH | FTW_PHYS) == -1) {
		perror(path);
		abort();
	}
}

/*
 * The harness's directory must hold nothing but the names given (a
 * NULL-terminated list): anything else was written where it must not be.
 */
static void
fz_only(const char *dir, const char *const *names)
{
	struct dirent	*de;
	DIR		*d;
	size_t		 i;

	if ((d = opendir(dir)) == NULL) {
		perror(dir);
		abort();
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		for (i = 0; names[i] != NULL; i++)
			if (strcmp(de->d_name, names[i]) == 0)
				break;
		if (names[i] == NULL) {
			fprintf(stderr, "fuzz: '%s/%s' was written outside"
			    " the directory it belongs in\n", dir, de->d_name);
			abort();
		}
	}
	closedir(d);
}

#endif /* FUZZ_H */
