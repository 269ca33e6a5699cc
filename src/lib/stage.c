/* stage.c: private folders where a case or a bundle is made before it is put in place */
#include "config.h"

#include "vigil.h"
#include "stage.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STAGE_DEPTH	16	/* deepest folder removed */

/*
 * Remove name under the directory dfd, and all it holds, without
 * following links and without allocating: a signal handler may call it.
 */
static void
remove_at(int dfd, const char *name, int depth)
{
	char		 buf[2048];
	struct dirent64	*d;
	ssize_t		 n, off;
	int		 fd, seen;

	if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT ||
	    depth > STAGE_DEPTH)
		return;
	if ((fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return;
	do {	/* again from the start until a pass finds nothing */
		seen = 0;
		(void)lseek(fd, 0, SEEK_SET);
		while ((n = getdents64(fd, buf, sizeof(buf))) > 0)
			for (off = 0; off < n; off += d->d_reclen) {
				d = (struct dirent64 *)(buf + off);
				if (strcmp(d->d_name, ".") == 0 ||
				    strcmp(d->d_name, "..") == 0)
					continue;
				remove_at(fd, d->d_name, depth + 1);
				seen = 1;
			}
	} while (seen && n == 0);
	close(fd);
	(void)unlinkat(dfd, name, AT_REMOVEDIR);
}

/*
 * Remove a folder this process made, and everything in it; safe in a
 * signal handler.
 */
void
vg_stage_remove(const char *path)
{
	if (path != NULL && path[0] != '\0')
		remove_at(AT_FDCWD, path, 0);
}

/*
 * Make a private folder (0700) under parent to build something in:
 * ".vigil-WHAT.PID.XXXXXX", locked (flock) by this process for as long
 * as *lockfd stays open, so that vg_stage_sweep tells it from one left
 * by a process that died.  *path is allocated.
 */
int
vg_stage_make(const char *parent, const char *what, char **path,
    int *lockfd, struct vg_error *err)
{
	xasprintf(path, "%s/.vigil-%s.%ld.XXXXXX", parent, what,
	    (long)getpid());
	if (mkdtemp(*path) == NULL) {
		vg_error_set(err, "cannot create a folder in '%s': %s",
		    parent, strerror(errno));
		free(*path);
		*path = NULL;
		return -1;
	}
	(void)chmod(*path, 0700);
	if ((*lockfd = open(*path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1 || flock(*lockfd, LOCK_EX | LOCK_NB) == -1) {
		vg_error_set(err, "'%s': %s", *path, strerror(errno));
		if (*lockfd != -1)
			close(*lockfd);
		(void)rmdir(*path);
		free(*path);
		*path = NULL;
		return -1;
	}
	return 0;
}

/*
 * Remove the folders vg_stage_make made under parent for what, whose
 * process is dead (its pid is gone and its lock free), and that are
 * ours.  Returns how many were removed.
 */
int
vg_stage_sweep(const char *parent, const char *what)
{
	DIR		*dir;
	struct dirent	*d;
	struct stat	 sb;
	char		 prefix[64], *end;
	long		 pid;
	size_t		 n;
	int		 fd, removed = 0;

	snprintf(prefix, sizeof(prefix), ".vigil-%s.", what);
	n = strlen(prefix);
	if ((dir = opendir(parent)) == NULL)
		return 0;
	while ((d = readdir(dir)) != NULL) {
		if (strncmp(d->d_name, prefix, n) != 0)
			continue;
		errno = 0;
		pid = strtol(d->d_name + n, &end, 10);
		if (errno != 0 || end == d->d_name + n || *end != '.' ||
		    pid <= 0 || pid > INT_MAX ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;	/* not one of ours, or its owner lives */
		if (fstatat(dirfd(dir), d->d_name, &sb, AT_SYMLINK_NOFOLLOW) ==
		    -1 || !S_ISDIR(sb.st_mode) || sb.st_uid != geteuid())
			continue;
		if ((fd = openat(dirfd(dir), d->d_name, O_RDONLY |
		    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			remove_at(dirfd(dir), d->d_name, 0);
			removed++;
		}
		close(fd);
	}
	closedir(dir);
	return removed;
}

/*
 * Rename from to to, never over anything: RENAME_NOREPLACE where the
 * file system has it, else after checking that to does not exist; then
 * sync the folder holding to.
 */
int
vg_rename_new(const char *from, const char *to, struct vg_error *err)
{
	struct stat	sb;

	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) {
		vg_file_sync_dir(to);
		return 0;
	}
	if (errno == EEXIST) {
		vg_error_set(err, "'%s' exists: not overwritten", to);
		return -1;
	}
	if (errno != EINVAL && errno != ENOSYS) {
		vg_error_set(err, "'%s': %s", to, strerror(errno));
		return -1;
	}
	if (lstat(to, &sb) == 0) {
		vg_error_set(err, "'%s' exists: not overwritten", to);
		return -1;
	}
	if (rename(from, to) == -1) {
		vg_error_set(err, "'%s': %s", to, strerror(errno));
		return -1;
	}
	vg_file_sync_dir(to);
	return 0;
}
