/* fuzz-bag: libFuzzer harness writing one bag from its input and verifying it as vigil-verify does */
#include "fuzz.h"

#include "vigil.h"
#include "bag.h"
#include "report.h"

/*
 * The input is the bag's files, each after a line "=== NAME": NAME/ is
 * an empty directory, NAME -> TARGET a symbolic link.  Names are kept to
 * [A-Za-z0-9._-] parts under the bag; targets may point anywhere, as a
 * planted link would.
 */
#define MARK	"=== "

static char	*dir;		/* the harness's private directory */
static char	*bag;		/* the bag, under dir */
static char	*pub;		/* a public key, for inputs that want one */
static const char *const only[] = { "k.key", "k.pub", "bag", NULL };

static void
setup(void)
{
	struct vg_error	 e = { 0, NULL };
	char		*prefix;

	dir = fz_dir("bag");
	xasprintf(&bag, "%s/bag", dir);
	xasprintf(&prefix, "%s/k", dir);
	xasprintf(&pub, "%s/k.pub", dir);
	if (vg_bag_keygen(prefix, &e) == -1) {
		fprintf(stderr, "fuzz-bag: %s\n", e.msg);
		abort();
	}
	free(prefix);
}

/* Whether name (n bytes) is a relative path of plain parts, no . or .. */
static int
plain_name(const char *name, size_t n)
{
	size_t	i, part = 0;

	if (n == 0 || n > 200)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i == n || name[i] == '/') {
			if (part == 0 || (part == 1 && name[i - 1] == '.') ||
			    (part == 2 && name[i - 1] == '.' &&
			    name[i - 2] == '.'))
				return 0;
			part = 0;
		} else if (strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", name[i]) == NULL ||
		    name[i] == '\0')
			return 0;
		else
			part++;
	}
	return 1;
}

/* mkdir -p for the directories above bag/name. */
static void
parents(const char *path)
{
	char	*p, *s;

	p = xstrdup(path);
	for (s = p + strlen(bag) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		(void)mkdir(p, 0700);
		*s = '/';
	}
	free(p);
}

/* One file of the input: header (n bytes, no newline), then its content. */
static void
put(const char *h, size_t n, const uint8_t *data, size_t len)
{
	const char	*arrow;
	char		*path, *target;
	size_t		 nlen;
	int		 fd;

	arrow = memmem(h, n, " -> ", 4);
	nlen = arrow != NULL ? (size_t)(arrow - h) : n;
	if (nlen > 0 && h[nlen - 1] == '/' && arrow == NULL)
		nlen--;
	if (!plain_name(h, nlen))
		return;
	xasprintf(&path, "%s/%.*s", bag, (int)nlen, h);
	parents(path);
	if (arrow != NULL) {
		target = xstrndup(arrow + 4, n - nlen - 4);
		if (strlen(target) > 0)
			(void)symlink(target, path);
		free(target);
	} else if (nlen < n)
		(void)mkdir(path, 0700);
	else if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
	    0600)) != -1) {
		/* a name given twice, or under a file, is not written */
		if (write(fd, data, len) != (ssize_t)len)
			abort();
		close(fd);
	}
	free(path);
}

struct count {
	long	checks;		/* checks made */
	long	fails;		/* failed */
};

static void
seen(void *arg, int ok, const char *where, const char *what)
{
	struct count	*c = arg;

	c->checks++;
	c->fails += !ok;
	/* what every check says is read, as vigil-verify prints it */
	if (what == NULL || strlen(what) == 0 ||
	    (where != NULL && strlen(where) == 0)) {
		fprintf(stderr, "fuzz-bag: a check with nothing to say\n");
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_error	 e = { 0, NULL };
	struct count	 c = { 0, 0 };
	const uint8_t	*p, *end = data + size, *nl, *next;
	char		*report;
	struct stat	 sb;
	int		 signed_check;

	if (dir == NULL)
		setup();
	if (mkdir(bag, 0700) == -1)
		abort();
	/* the first file must start the input */
	signed_check = size > 0 && data[0] == '+';	/* "+=== ...": with -k */
	p = data + signed_check;
	while (p < end && (size_t)(end - p) >= strlen(MARK) &&
	    memcmp(p, MARK, strlen(MARK)) == 0) {
		p += strlen(MARK);
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			break;
		next = memmem(nl + 1, end - nl - 1, "\n" MARK, strlen(MARK) + 1);
		put((const char *)p, nl - p, nl + 1,
		    (next != NULL ? next : end) - (nl + 1));
		p = next != NULL ? next + 1 : end;
	}

	if (vg_bag_verify(bag, signed_check ? pub : NULL, seen, &c, &e) == -1) {
		if (e.msg == NULL)
			abort();
		vg_error_clear(&e);
	} else if (c.fails < 0 || c.fails > c.checks)
		abort();
	/* as vigil-verify: the report against its schema */
	xasprintf(&report, "%s/data/report.xml", bag);
	if (lstat(report, &sb) == 0 && S_ISREG(sb.st_mode)) {
		(void)vg_report_validate(report, &e);
		vg_error_clear(&e);
	}
	free(report);
	fz_rmtree(bag);
	fz_only(dir, only);
	return 0;
}
