/* vigil-verify: verify evidence bundles (BagIt bags or their tar archives) and a case's custody log */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <err.h>
#include <fcntl.h>
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bag.h"
#include "case.h"
#include "report.h"
#include "tool.h"

/* What one bundle or case came to. */
struct tally {
	long		 checks;	/* checks made */
	long		 fails;		/* how many failed */
};

/* One entry of the case's custody log, as a bundle is held against it. */
struct kept {
	int64_t		 seq;		/* its number */
	char		 hash[VG_SHA256_HEX]; /* its hash */
	char		*tool;		/* the tool that made it */
	char		*touched;	/* what it says it touched */
	char		*digests;	/* what it recorded, or "" */
};

/* The case given with -c, that each bundle must be of. */
struct against {
	char		*number;	/* its number */
	struct kept	*e;		/* its custody log, in order */
	size_t		 n;		/* how many entries */
};

static int	 quiet;		/* -q: print only failures and the summary */
static struct against *against;	/* -c with bundles: their case */

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-verify [-hqV] [-c case] [-p pub] [bundle ...]\n");
	exit(status);
}

/* Print s with control characters escaped, so data cannot drive a terminal. */
static void
put_safe(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			printf("\\x%02x", (unsigned char)*s);
		else
			putchar(*s);
	}
}

static void
print_check(void *arg, int ok, const char *where, const char *what)
{
	struct tally	*t = arg;

	t->checks++;
	if (!ok)
		t->fails++;
	if (ok && quiet)
		return;
	fputs(ok ? "ok   " : "FAIL ", stdout);
	if (where != NULL) {
		put_safe(where);
		fputs(": ", stdout);
	}
	put_safe(what);
	putchar('\n');
}

static int
summary(const char *name, const struct tally *t)
{
	put_safe(name);
	printf(": %ld check%s, %ld failure%s\n", t->checks,
	    t->checks == 1 ? "" : "s", t->fails, t->fails == 1 ? "" : "s");
	return t->fails > 0;
}

/*
 * data/report.xml, if the bag has one, against the report schema; a
 * message that names the file by its whole path (perhaps a temporary
 * one) names it as in the bag.
 */
static void
check_report(struct tally *t, const char *bag)
{
	struct vg_error	 e = { 0, NULL };
	struct stat	 sb;
	char		*path, *quoted, *what;

	xasprintf(&path, "%s/data/report.xml", bag);
	if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		xasprintf(&quoted, "'%s'", path);
		if (vg_report_validate(path, &e) == 0)
			print_check(t, 1, "data/report.xml", "valid against"
			    " report.xsd");
		else if (e.msg != NULL && strncmp(e.msg, quoted,
		    strlen(quoted)) == 0) {
			xasprintf(&what, "data/report.xml%s",
			    e.msg + strlen(quoted));
			print_check(t, 0, NULL, what);
			free(what);
		} else
			print_check(t, 0, "data/report.xml", e.msg != NULL ?
			    e.msg : "not valid against report.xsd");
		vg_error_clear(&e);
		free(quoted);
	}
	free(path);
}

/* The value of field in bag-info.txt of bag, or NULL. */
static char *
baginfo_field(const char *bag, const char *field)
{
	FILE	*f;
	char	*path, *line = NULL, *v = NULL;
	size_t	 cap = 0, n = strlen(field);
	ssize_t	 len;

	xasprintf(&path, "%s/bag-info.txt", bag);
	if ((f = fopen(path, "re")) != NULL) {
		while (v == NULL && (len = getline(&line, &cap, f)) > 0) {
			while (len > 0 && (line[len - 1] == '\n' ||
			    line[len - 1] == '\r'))
				line[--len] = '\0';
			if (strncmp(line, field, n) == 0 && line[n] == ':')
				v = xstrdup(line + n + 1 + (line[n + 1] == ' '));
		}
		fclose(f);
	}
	free(line);
	free(path);
	return v;
}

/*
 * The bag at dir (from the archive tar, if not NULL) held against the
 * case of -c: its case number, each custody entry it carries against the
 * case's of that number, and its digest against the one the case's log
 * recorded when it was exported, if the log keeps one.
 */
static void
check_against(struct tally *t, const char *dir, const char *tar)
{
	struct vg_error	 e = { 0, NULL };
	const struct kept *k;
	const char	*kind, *tail, *p;
	char		*num, *path, *line = NULL, *what, *h, hex[VG_SHA256_HEX];
	size_t		 cap = 0, i;
	ssize_t		 len;
	int64_t		 n = 0, seq, first = 0, count = 0;
	uint64_t	 size;
	int		 bad = 0, seen = 0, match = 0, gap = 0;
	FILE		*f;

	num = baginfo_field(dir, "External-Identifier");
	if (num == NULL)
		print_check(t, 0, "bag-info.txt", "no External-Identifier:"
		    " not a bundle of a case");
	else {
		if (strcmp(num, against->number) == 0)
			xasprintf(&what, "External-Identifier %s is the case's"
			    " number", num);
		else
			xasprintf(&what, "External-Identifier %s, not the"
			    " case's number %s", num, against->number);
		print_check(t, strcmp(num, against->number) == 0,
		    "bag-info.txt", what);
		free(what);
	}
	free(num);

	xasprintf(&path, "%s/data/custody.tsv", dir);
	if ((f = fopen(path, "re")) == NULL) {
		print_check(t, 0, "data/custody.tsv", strerror(errno));
		free(path);
		return;
	}
	free(path);
	/* the header, then entries: seq first, hash last */
	for (i = 0; !bad && (len = getline(&line, &cap, f)) > 0; i++) {
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (i == 0)
			continue;
		seq = strtoll(line, NULL, 10);
		h = strrchr(line, '\t') != NULL ? strrchr(line, '\t') + 1 : "";
		if (seq < 1 || (size_t)seq > against->n) {
			xasprintf(&what, "entry %lld: the case's log has %zu"
			    " entries", (long long)seq, against->n);
			bad = 1;
		} else if (strcmp(against->e[seq - 1].hash, h) != 0) {
			xasprintf(&what, "entry %lld is not the case's: its"
			    " hash %.64s, the case's %s", (long long)seq, h,
			    against->e[seq - 1].hash);
			bad = 1;
		}
		if (bad) {
			print_check(t, 0, "data/custody.tsv", what);
			free(what);
		}
		if (count++ == 0)
			first = seq;
		else if (seq != n + 1)
			gap = 1;
		n = seq;
	}
	fclose(f);
	free(line);
	if (bad)
		return;
	if (n == 0) {
		/* an export carries the log from entry 1, the case's making */
		print_check(t, 0, "data/custody.tsv", "no custody entries,"
		    " where an export carries the case's from its entry 1:"
		    " nothing to hold against the case's log");
		return;
	}
	/* what it carries, as it is: the chain's check says what is amiss */
	if (first == 1 && !gap)
		xasprintf(&what, "entries 1 to %lld are the case's",
		    (long long)n);
	else
		xasprintf(&what, "its %lld entries, %lld to %lld with some"
		    " left out, are the case's", (long long)count,
		    (long long)first, (long long)n);
	print_check(t, 1, "data/custody.tsv", what);
	free(what);

	/* the digest its export recorded: of the tar, or of the tag manifest */
	if (tar != NULL)
		xasprintf(&path, "%s", tar);
	else
		xasprintf(&path, "%s/tagmanifest-sha256.txt", dir);
	kind = tar != NULL ? ".tar" : " tagmanifest-sha256.txt";
	if (vg_hash_file(path, hex, &size, &e) == -1) {
		print_check(t, 0, NULL, e.msg);
		vg_error_clear(&e);
		free(path);
		return;
	}
	free(path);
	for (i = 0; i < against->n && !match; i++) {
		k = &against->e[i];
		if (strcmp(k->tool, "vigil-export") != 0 ||
		    strncmp(k->digests, "sha256:", 7) != 0 ||
		    (p = strstr(k->touched, ", custody entries 1 to ")) ==
		    NULL || strtoll(p + 23, (char **)&tail, 10) != n ||
		    (*tail != '\0' && *tail != ',') ||
		    strlen(k->digests) < strlen(kind) ||
		    strcmp(k->digests + strlen(k->digests) - strlen(kind),
		    kind) != 0)
			continue;
		seen++;
		match = strncmp(k->digests + 7, hex, 64) == 0 ?
		    (int)k->seq : 0;
	}
	if (match)
		xasprintf(&what, "sha256 %s%s is the one custody entry %d"
		    " recorded", hex, tar != NULL ? "" : " of"
		    " tagmanifest-sha256.txt", match);
	else if (seen)
		xasprintf(&what, "sha256 %s%s is not one the case's log"
		    " recorded for an export of entries 1 to %lld", hex,
		    tar != NULL ? "" : " of tagmanifest-sha256.txt",
		    (long long)n);
	else
		xasprintf(&what, "the case's log records no digest of%s"
		    " export of entries 1 to %lld: not checked", tar != NULL ?
		    " a .tar" : " a bag's", (long long)n);
	print_check(t, match || !seen, tar != NULL ? tar : NULL, what);
	free(what);
}

static void
verify_bag(struct tally *t, const char *dir, const char *key,
    const char *tar)
{
	struct vg_error	e = { 0, NULL };

	if (vg_bag_verify(dir, key, print_check, t, &e) == -1) {
		print_check(t, 0, NULL, e.msg);
		vg_error_clear(&e);
		return;
	}
	check_report(t, dir);
	if (against != NULL)
		check_against(t, dir, tar);
}

/* tar.sha256 beside the archive, as sha256sum -c would check it. */
static void
check_sha256(struct tally *t, const char *tar)
{
	struct vg_error	 e = { 0, NULL };
	const char	*base, *sbase, *name;
	char		*path, *line = NULL, *where, *what, hex[VG_SHA256_HEX];
	size_t		 cap = 0;
	ssize_t		 n;
	uint64_t	 size;
	FILE		*f;

	xasprintf(&path, "%s.sha256", tar);
	base = strrchr(tar, '/') != NULL ? strrchr(tar, '/') + 1 : tar;
	sbase = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT)
			print_check(t, 1, tar, "no .sha256 beside it: the"
			    " archive as a whole is not checked");
		else
			print_check(t, 0, path, strerror(errno));
		free(path);
		return;
	}
	n = getline(&line, &cap, f);
	fclose(f);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	xasprintf(&where, "%s line 1", path);
	name = n > 66 ? line + 66 : "";
	if (n < 67 || strspn(line, "0123456789abcdef") != 64 ||
	    line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
		print_check(t, 0, where, "not '<sha256>  <file>'");
	else if (strcmp(name, base) != 0) {
		xasprintf(&what, "names '%s', not '%s'", name, base);
		print_check(t, 0, where, what);
		free(what);
	} else if (vg_hash_file(tar, hex, &size, &e) == -1) {
		print_check(t, 0, tar, e.msg);
		vg_error_clear(&e);
	} else {
		xasprintf(&what, "sha256 %s %s", strncmp(hex, line, 64) == 0 ?
		    "matches" : "does not match", sbase);
		print_check(t, strncmp(hex, line, 64) == 0, tar, what);
		free(what);
	}
	free(where);
	free(line);
	free(path);
}

static int
remove_one(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	if (remove(path) == -1)
		warn("'%s'", tool_plain(path));
	return 0;
}

/*
 * A process that removes dir once the pipe it reads from closes: when we
 * are done with dir, or are killed, by any signal, even SIGKILL.  Its
 * pid, or -1 if it could not be started (we then remove dir ourselves).
 */
static pid_t
reaper(const char *dir, int *fd)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE };
	char		 c;
	size_t		 i;
	pid_t		 pid;
	int		 p[2], null;

	*fd = -1;
	if (pipe(p) == -1)
		return -1;
	fflush(NULL);
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		/* killed with us by a terminal's signal, it would leave dir */
		for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			signal(sigs[i], SIG_IGN);
		close(p[1]);
		if ((null = open("/dev/null", O_RDWR)) != -1) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			close(null);
		}
		while (read(p[0], &c, 1) == -1 && errno == EINTR)
			;
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
		_exit(0);
	}
	close(p[0]);
	*fd = p[1];
	return pid;
}

/*
 * A bag archived by vigil-export --tar: its .sha256, then what it holds,
 * extracted to a private temporary directory that is removed afterwards,
 * whatever happens to us.
 */
static void
verify_tar(struct tally *t, const char *tar, const char *key)
{
	struct vg_error	 e = { 0, NULL };
	const char	*tmpdir;
	char		*tmp, *top, *bag;
	pid_t		 pid;
	int		 fd, status;

	check_sha256(t, tar);
	if ((tmpdir = getenv("TMPDIR")) == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	xasprintf(&tmp, "%s/vigil-verify.XXXXXX", tmpdir);
	if (mkdtemp(tmp) == NULL) {
		warn("'%s'", tool_plain(tmp));
		print_check(t, 0, tar, "cannot make a directory to extract"
		    " it in");
		free(tmp);
		return;
	}
	pid = reaper(tmp, &fd);
	if (vg_tar_extract(tar, tmp, &top, &e) == -1) {
		print_check(t, 0, NULL, e.msg);
		vg_error_clear(&e);
	} else {
		xasprintf(&bag, "%s/%s", tmp, top);
		verify_bag(t, bag, key, tar);
		free(bag);
		free(top);
	}
	if (pid != -1) {
		close(fd);
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
	}
	if (access(tmp, F_OK) == 0 && nftw(tmp, remove_one, 16, FTW_DEPTH |
	    FTW_PHYS) == -1)
		warn("'%s'", tool_plain(tmp));
	free(tmp);
}

/* A bundle: a bag's directory, or a tar archive of one. */
static int
verify_bundle(const char *path, const char *key)
{
	struct tally	t = { 0, 0 };
	struct stat	sb;
	char		*msg;

	if (stat(path, &sb) == -1) {
		xasprintf(&msg, "cannot read '%s': %s", path, strerror(errno));
		print_check(&t, 0, NULL, msg);
		free(msg);
	} else if (S_ISDIR(sb.st_mode))
		verify_bag(&t, path, key, NULL);
	else if (S_ISREG(sb.st_mode))
		verify_tar(&t, path, key);
	else
		print_check(&t, 0, path, "neither a bag's directory nor a tar"
		    " archive");
	return summary(path, &t);
}

/* One entry of the case's custody log, kept to hold bundles against. */
static int
keep_entry(const struct vg_custody *c, void *arg)
{
	struct against	*a = arg;
	struct kept	*k;

	a->e = xreallocarray(a->e, a->n + 1, sizeof(*a->e));
	k = &a->e[a->n++];
	k->seq = c->seq;
	memcpy(k->hash, c->hash, sizeof(k->hash));
	k->tool = xstrdup(c->tool != NULL ? c->tool : "");
	k->touched = xstrdup(c->touched != NULL ? c->touched : "");
	k->digests = xstrdup(c->digests != NULL ? c->digests : "");
	return 0;
}

/*
 * The number and custody log of the case of dir, for the bundles to be
 * held against; NULL (said why) if it has no case database.
 */
static struct against *
load_against(const char *arg)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_info	 info;
	struct vg_case		*c;
	struct against		*a;
	char			*dir;

	dir = tool_case_dir(arg);
	if (vg_case_open(dir, &c, &e) == -1) {
		warnx("%s: the bundles are not held against it",
		    tool_plain(e.msg));
		vg_error_clear(&e);
		free(dir);
		return NULL;
	}
	free(dir);
	a = xcalloc(1, sizeof(*a));
	if (vg_case_info(c, &info, &e) == -1 ||
	    vg_case_custody(c, 0, keep_entry, a, &e) == -1)
		tool_fail(&e);
	a->number = xstrdup(info.number);
	vg_case_info_free(&info);
	vg_case_close(c);
	return a;
}

/* A case's check, as a bundle's: its message names the file itself. */
static int
case_check(void *arg, int ok, const char *what)
{
	print_check(arg, ok, NULL, what);
	return 0;
}

/*
 * A case's custody chain.  For now it is read from the custody.tsv
 * exported into the case directory; reading the case database goes here.
 */
static int
verify_case(const char *arg)
{
	struct vg_error	 e = { 0, NULL };
	struct tally	 t = { 0, 0 };
	struct vg_case	*c;
	struct stat	 sb;
	const char	*officer, *why;
	char		*dir, *path, touched[64];
	int		 rc;

	dir = tool_case_dir(arg);
	xasprintf(&path, "%s/%s", dir, VG_CASE_DB);
	if (lstat(path, &sb) == -1) {
		/* an exported log, or a folder holding one */
		free(path);
		xasprintf(&path, "%s/custody.tsv", dir);
		why = stat(dir, &sb) == -1 ? "no such folder; vigil case list"
		    " names the cases" : !S_ISDIR(sb.st_mode) ? "not a folder" :
		    lstat(path, &sb) == -1 && errno == ENOENT ?
		    "no case.db, nor a custody.tsv" : NULL;
		if (why != NULL) {
			vg_error_set(&e, "'%s': not a case (%s)", dir, why);
			print_check(&t, 0, NULL, e.msg);
			vg_error_clear(&e);
		} else if (vg_custody_verify_file(path, print_check, &t,
		    &e) == -1) {
			print_check(&t, 0, NULL, e.msg);
			vg_error_clear(&e);
		}
	} else if (vg_case_open(dir, &c, &e) == -1) {
		print_check(&t, 0, NULL, e.msg);
		vg_error_clear(&e);
	} else {
		if ((rc = vg_case_verify(c, case_check, &t, &e)) == -1) {
			print_check(&t, 0, NULL, e.msg);
			vg_error_clear(&e);
		}
		/* the check is on record when an officer made it */
		if ((officer = tool_officer(NULL)) != NULL) {
			snprintf(touched, sizeof(touched), "custody log"
			    " verified: %s", rc == 0 ? "whole" : "broken");
			if (vg_case_log(c, &(struct vg_case_act){ officer,
			    "vigil-verify", "--case", touched, NULL },
			    &e) == -1) {
				print_check(&t, 0, NULL, e.msg);
				vg_error_clear(&e);
			}
		}
		vg_case_close(c);
	}
	free(path);
	rc = summary(dir, &t);
	free(dir);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "case",	required_argument,	NULL, 'c' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "key",	required_argument,	NULL, 'p' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	const char	*casedir = NULL, *key = NULL;
	size_t		 j;
	int		 ch, i, bad = 0;

	while ((ch = getopt_long(argc, argv, "c:hk:p:qV", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'c':
			casedir = optarg;
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'k':	/* the old letter: -k is keep-going */
			tool_old_option("-k", "-p (--key)");
			/* FALLTHROUGH */
		case 'p':
			key = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'V':
			tool_version();
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	if (casedir == NULL && optind == argc)
		usage(TOOL_EXIT_USAGE);
	if (key != NULL && optind == argc) {
		warnx("-p: no bundle to check the signature of");
		usage(TOOL_EXIT_USAGE);
	}

	if (casedir != NULL)
		bad |= verify_case(casedir);
	if (casedir != NULL && optind < argc)
		against = load_against(casedir);
	for (i = optind; i < argc; i++)
		bad |= verify_bundle(argv[i], key);
	if (against != NULL) {
		for (j = 0; j < against->n; j++) {
			free(against->e[j].tool);
			free(against->e[j].touched);
			free(against->e[j].digests);
		}
		free(against->e);
		free(against->number);
		free(against);
	}
	if (tool_close_stdout() != TOOL_EXIT_OK)
		return TOOL_EXIT_FAIL;
	return bad ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
}
