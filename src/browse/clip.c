/* clip.c: cutting a hop's clip, playing it, exporting the case */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "browse.h"

/* Cut the selected hop's clip into the case's clips/; its path in *out. */
int
cut_hop(struct ui *u, char **out)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_clip_opts	 o;
	struct vg_clip		 c;
	struct hopinfo		*h = selected_hop(u);
	char			*dir, t[VG_TIME_BUFSZ], hex[VG_SHA256_HEX];
	char			 touched[PATH_MAX + 64], digests[PATH_MAX + 90];
	struct stat		 sb;
	uint64_t		 size;
	size_t			 n;
	int			 rc;

	*out = NULL;
	if (h == NULL || h->hop->obs.type == VG_ROW_GATE) {
		say(u, "select a camera hop of the path");
		return -1;
	}
	/* clips/ of the case, never through a link planted there */
	if (vg_case_subdir(u->c, "clips", &dir, &e) == -1) {
		n = strlen(vg_case_path(u->c));
		if (e.msg[0] == '\'' && strncmp(e.msg + 1, vg_case_path(u->c),
		    n) == 0 && e.msg[n + 1] == '/')
			say(u, "no clip: '%s", e.msg + n + 2);	/* in the case */
		else
			say(u, "%s", e.msg);
		vg_error_clear(&e);
		return -1;
	}
	vg_time_format(u->tz, h->hop->obs.first, t, sizeof(t));
	xasprintf(out, "%s/%02zu-%.2s%.2s%.2s-%s.mp4", dir,
	    (size_t)(h - u->hops) + 1, t + 11, t + 14, t + 17,
	    u->g.dev[h->hop->obs.dev].code);
	free(dir);
	if (lstat(*out, &sb) == 0) {
		if (S_ISREG(sb.st_mode))
			return 0;	/* cut before */
		say(u, "'%s': not a file vigil wrote: not used", *out);
		free(*out);
		*out = NULL;
		return -1;
	}
	memset(&o, 0, sizeof(o));
	rc = vg_clip_plan(u->ar, u->g.dev[h->hop->obs.dev].code, u->root,
	    h->hop->obs.first - 5 * US, h->hop->obs.last + 5 * US, &c, &e);
	if (rc == 0)
		rc = vg_clip_write(&c, *out, &o, &e);
	vg_clip_free(&c);
	if (rc == -1 || vg_hash_file(*out, hex, &size, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		free(*out);
		*out = NULL;
		return -1;
	}
	snprintf(touched, sizeof(touched), "archive %s read; clip of hop %zu"
	    " written", u->archive, (size_t)(h - u->hops) + 1);
	snprintf(digests, sizeof(digests), "sha256:%s %s", hex, *out);
	log_action(u, touched, digests);
	say(u, "clip written into the case: %s", *out +
	    strlen(vg_case_path(u->c)) + 1);
	return 0;
}

/* Find a program on PATH, or NULL. */
static char *
which(const char *name)
{
	const char	*path = getenv("PATH"), *p, *end;
	char		*full;

	if (strchr(name, '/') != NULL)
		return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
	for (p = path != NULL ? path : "/usr/bin:/bin"; *p != '\0';
	    p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ":");
		xasprintf(&full, "%.*s/%s", (int)(end - p), p, name);
		if (access(full, X_OK) == 0)
			return full;
		free(full);
	}
	return NULL;
}

/* A path as the officer is shown it: under the current folder, relative. */
static const char *
shown_path(const char *path)
{
	static char	cwd[PATH_MAX];
	size_t		n;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return path;
	n = strlen(cwd);
	if (strncmp(path, cwd, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/*
 * Play the hop's clip: with no display (neither DISPLAY nor WAYLAND_DISPLAY)
 * say where the clip is; else run the player in the background, in a
 * session of its own (Ctrl-C in the browser does not reach it), told to
 * exit at the end of the clip, and reaped at once (it is a grandchild).
 */
void
play(struct ui *u)
{
	const char	*player = getenv("VIGIL_PLAYER"), *d, *base;
	char		*clip, *prog = NULL, touched[PATH_MAX + 32];
	pid_t		 pid;
	int		 status, fd;

	if (cut_hop(u, &clip) == -1)
		return;
	if (((d = getenv("DISPLAY")) == NULL || *d == '\0') &&
	    ((d = getenv("WAYLAND_DISPLAY")) == NULL || *d == '\0')) {
		say(u, "no display to play on: %s", shown_path(clip));
		free(clip);
		return;
	}
	if (player != NULL && *player != '\0')
		prog = which(player);
	if (prog == NULL && (prog = which("mpv")) == NULL &&
	    (prog = which("ffplay")) == NULL) {
		say(u, "no player: set VIGIL_PLAYER, or install mpv or ffplay;"
		    " the clip is %s", clip);
		free(clip);
		return;
	}
	base = strrchr(prog, '/') != NULL ? strrchr(prog, '/') + 1 : prog;
	if ((pid = fork()) == 0) {
		if (fork() != 0)
			_exit(0);
		(void)setsid();
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, STDIN_FILENO);
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		if (strcmp(base, "ffplay") == 0)
			execl(prog, prog, "-autoexit", "-loglevel", "quiet",
			    clip, (char *)NULL);
		else if (strcmp(base, "mpv") == 0)
			execl(prog, prog, "--really-quiet", "--keep-open=no",
			    clip, (char *)NULL);
		else
			execl(prog, prog, clip, (char *)NULL);
		_exit(127);
	}
	if (pid == -1) {
		say(u, "cannot run %s: %s", prog, strerror(errno));
		free(prog);
		free(clip);
		return;
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	snprintf(touched, sizeof(touched), "clip %s played", clip);
	log_action(u, touched, NULL);
	say(u, "playing %s in %s, in the background", clip +
	    strlen(vg_case_path(u->c)) + 1, base);
	free(prog);
	free(clip);
}

/* A folder as typed: "~" and "~/..." are the home folder ($HOME). */
static char *
expand_home(const char *s)
{
	const char	*home = getenv("HOME");
	char		*out;

	if (s[0] == '~' && (s[1] == '/' || s[1] == '\0') && home != NULL &&
	    *home != '\0') {
		xasprintf(&out, "%s%s", home, s + 1);
		return out;
	}
	return xstrdup(s);
}

/*
 * The folder offered for an export: ~/NUMBER-YYYYMMDD in the zone, or
 * with -2, -3... when that exists.
 */
static char *
export_default(struct ui *u)
{
	char		 day[VG_TIME_BUFSZ], *shown, *full;
	struct stat	 sb;
	int		 i;

	vg_time_format(u->tz, vg_now(), day, sizeof(day));
	for (i = 1;; i++) {
		if (i == 1)
			xasprintf(&shown, "~/%s-%.4s%.2s%.2s", u->info.number,
			    day, day + 5, day + 8);
		else
			xasprintf(&shown, "~/%s-%.4s%.2s%.2s-%d",
			    u->info.number, day, day + 5, day + 8, i);
		full = expand_home(shown);
		if (lstat(full, &sb) == -1 || i == 99) {
			free(full);
			return shown;
		}
		free(full);
		free(shown);
	}
}

/*
 * Whether dest can be made: it does not exist and its folder does;
 * otherwise a message that names what the officer typed, never the
 * exporter's staging folder.
 */
static int
export_check(struct ui *u, const char *typed, const char *dest)
{
	struct stat	 sb;
	char		*parent, *slash;
	int		 rc = 0;

	if (lstat(dest, &sb) == 0) {
		say(u, "not exported: '%s' exists (a bundle is never"
		    " overwritten)", typed);
		return -1;
	}
	parent = xstrdup(dest);
	if ((slash = strrchr(parent, '/')) != NULL) {
		*slash = '\0';
		if (parent[0] == '\0')
			snprintf(parent, 2, "/");
	} else
		snprintf(parent, 2, ".");
	slash = strrchr(typed, '/');
	if (stat(parent, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		say(u, "not exported: there is no folder '%.*s'", slash !=
		    NULL ? (int)(slash - typed) : 1, slash != NULL ? typed :
		    ".");
		rc = -1;
	} else if (access(parent, W_OK) == -1) {
		say(u, "not exported: '%.*s': %s", slash != NULL ?
		    (int)(slash - typed) : 1, slash != NULL ? typed : ".",
		    strerror(errno));
		rc = -1;
	}
	free(parent);
	return rc;
}

/* A tool of vigil: beside the browser (as built), else on the PATH. */
char *
sibling(const char *self, const char *name)
{
	char	*dir, *prog = NULL;

	dir = xstrdup(self);
	if (strrchr(dir, '/') != NULL) {
		*strrchr(dir, '/') = '\0';
		xasprintf(&prog, "%s/%s", dir, name);
		if (access(prog, X_OK) == -1) {
			free(prog);
			prog = NULL;
		}
	}
	free(dir);
	return prog != NULL ? prog : which(name);
}

/*
 * Run a tool of vigil, its output read; its exit status (-1: not run),
 * the last line it wrote in msg.
 */
int
run_tool(const char *prog, char *const argv[], char *msg, size_t size)
{
	char	 buf[1024];
	int	 fd[2], status;
	size_t	 got = 0;
	ssize_t	 r;
	pid_t	 pid;

	msg[0] = '\0';
	if (pipe(fd) == -1 || (pid = fork()) == -1) {
		snprintf(msg, size, "cannot run %s: %s", prog, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDOUT_FILENO);
		dup2(fd[1], STDERR_FILENO);
		execv(prog, argv);
		_exit(127);
	}
	close(fd[1]);
	while ((r = read(fd[0], buf + got, sizeof(buf) - 1 - got)) > 0) {
		got += (size_t)r;
		buf[got] = '\0';
		while (got > 0 && buf[got - 1] == '\n')
			buf[--got] = '\0';
		if (got > 0) {		/* its last line */
			char *nl = strrchr(buf, '\n');

			snprintf(msg, size, "%s", nl != NULL ? nl + 1 : buf);
		}
		if (got == sizeof(buf) - 1)
			got = 0;
	}
	close(fd[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Export the case by running vigil-export, showing that it works. */
void
export_case(struct ui *u, const char *self)
{
	char		*dest, *prog = NULL, *dir, line[512], last[160], *typed;
	char		*stage;
	char		 errline[512] = "", *nl;
	const char	*spin = "|/-\\";
	int		 fd[2], status, n = 0;
	ssize_t		 r;
	size_t		 got = 0;
	pid_t		 pid;

	if (u->c == NULL) {
		say(u, "open a case first");
		return;
	}
	dir = export_default(u);
	typed = read_line(u, "export the case to the folder: ", dir);
	free(dir);
	if (typed == NULL)
		return;
	if (typed[0] == '\0') {
		free(typed);
		return;
	}
	dest = expand_home(typed);
	if (export_check(u, typed, dest) == -1) {
		free(typed);
		free(dest);
		return;
	}
	if ((prog = sibling(self, "vigil-export")) == NULL) {
		say(u, "vigil-export is not installed");
		free(typed);
		free(dest);
		return;
	}
	if (pipe(fd) == -1 || (pid = fork()) == -1) {
		say(u, "cannot run vigil-export: %s", strerror(errno));
		free(typed);
		free(dest);
		free(prog);
		return;
	}
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDOUT_FILENO);
		dup2(fd[1], STDERR_FILENO);
		if (u->root != NULL)
			execl(prog, prog, "-c", vg_case_path(u->c), "--officer",
			    u->officer, "-r", u->root, "-A", u->archive,
			    "--progress", "-q", "-o", dest, (char *)NULL);
		else
			execl(prog, prog, "-c", vg_case_path(u->c), "--officer",
			    u->officer, "-A", u->archive, "--progress", "-q",
			    "-o", dest, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	line[0] = '\0';
	last[0] = '\0';
	for (;;) {
		say(u, "exporting to %s %c %s", typed, spin[n++ % 4], last);
		draw(u);
		r = read(fd[0], line + got, sizeof(line) - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
		line[got] = '\0';
		/* the last whole "progress: ..." line is what it is doing */
		while ((nl = strchr(line, '\n')) != NULL) {
			*nl = '\0';
			if (strncmp(line, "progress: ", 10) == 0)
				snprintf(last, sizeof(last), "%.150s",
				    line + 10);
			else
				snprintf(errline, sizeof(errline), "%s", line);
			got -= (size_t)(nl + 1 - line);
			memmove(line, nl + 1, got + 1);
		}
		if (got == sizeof(line) - 1)
			got = 0;	/* a line too long: dropped */
	}
	close(fd[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	line[strcspn(line, "\n")] = '\0';
	if (errline[0] == '\0')
		snprintf(errline, sizeof(errline), "%s", line);
	/* the exporter's private staging folder is no name for the officer */
	if ((stage = strstr(errline, ".vigil-export.")) != NULL) {
		char	*end = stage + strcspn(stage, "/:");

		while (stage > errline && stage[-1] != ' ' && stage[-1] != '\'')
			stage--;
		memmove(stage, "(its folder)", 12);
		memmove(stage + 12, end, strlen(end) + 1);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		say(u, "exported: %s (vigil verify %s checks it)", typed,
		    typed);
	else
		say(u, "export failed: %s", errline);
	load_small_panes(u);
	free(typed);
	free(dest);
	free(prog);
}
