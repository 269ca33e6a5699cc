/* unit-bag.c: tests of BagIt bags, their signatures, tar archives and custody log checks */
#include "vigil.h"
#include "bag.h"
#include "custody.h"
#include "tap.h"

#include <sys/stat.h>

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#define T0	INT64_C(1542718800000000)	/* 2018-11-20T13:00:00Z */
#define MTIME	INT64_C(1542718800)		/* the same, in seconds */
#define MAXMSG	64				/* checks kept */

static struct {
	int	 n;			/* checks told of */
	int	 fails;			/* how many failed */
	char	*msg[MAXMSG];		/* "ok|FAIL where: what" */
} seen;

static const struct vg_bag_field info[] = {
	{ "Source-Organization", "Campus Security, North Precinct" },
	{ "Contact-Name", "Officer Wang" },
	{ "External-Identifier", "2018-1120-017" },
	{ "Payload-Oxum", "1.1" },		/* the caller's is ignored */
	{ "Bagging-Date", "2018-11-21" },
};
#define NINFO	(sizeof(info) / sizeof(info[0]))

static void __attribute__((noreturn))
die(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(1);
}

static void
collect(void *arg, int ok, const char *where, const char *what)
{
	(void)arg;
	seen.n++;
	seen.fails += !ok;
	if (seen.n <= MAXMSG)
		xasprintf(&seen.msg[seen.n - 1], "%s %s%s%s", ok ? "ok" : "FAIL",
		    where != NULL ? where : "", where != NULL ? ": " : "", what);
}

static void
reset(void)
{
	int	i;

	for (i = 0; i < MAXMSG; i++) {
		free(seen.msg[i]);
		seen.msg[i] = NULL;
	}
	seen.n = seen.fails = 0;
}

/* Whether a check was told of exactly as "ok|FAIL where: what". */
static int
saw(const char *want)
{
	int	i;

	for (i = 0; i < seen.n && i < MAXMSG; i++)
		if (strcmp(seen.msg[i], want) == 0)
			return 1;
	printf("#   not seen: %s\n", want);
	for (i = 0; i < seen.n && i < MAXMSG; i++)
		if (strncmp(seen.msg[i], "ok", 2) != 0 ||
		    strncmp(want, "ok", 2) == 0)
			printf("#   seen: %s\n", seen.msg[i]);
	return 0;
}

/* Whether rc is -1 with the message want; what it was if not. */
static int
failed_with(int rc, struct vg_error *e, const char *want)
{
	int	same = rc == -1 && e->msg != NULL && strcmp(e->msg, want) == 0;

	if (!same)
		printf("#   got %d: %s\n#   want: %s\n", rc, e->msg != NULL ?
		    e->msg : "(no message)", want);
	vg_error_clear(e);
	return same;
}

static int
verify(const char *dir, const char *key)
{
	struct vg_error	e = { 0, NULL };
	int		rc;

	reset();
	rc = vg_bag_verify(dir, key, collect, NULL, &e);
	if (rc != seen.fails)
		printf("#   returned %d, %d failed: %s\n", rc, seen.fails,
		    e.msg != NULL ? e.msg : "");
	vg_error_clear(&e);
	return rc;
}

static int
custody_check(const char *path)
{
	struct vg_error	e = { 0, NULL };
	int		rc;

	reset();
	rc = vg_custody_verify_file(path, collect, NULL, &e);
	vg_error_clear(&e);
	return rc;
}

static void
put(const char *path, const void *data, size_t len)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL || fwrite(data, 1, len, f) != len ||
	    fclose(f) != 0)
		die(path);
}

static char *
get(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(path, "r")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		die(path);
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		die(path);
	buf[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

static int
same_file(const char *a, const char *b)
{
	size_t	la, lb;
	char	*x = get(a, &la), *y = get(b, &lb);
	int	 same = la == lb && memcmp(x, y, la) == 0;

	free(x);
	free(y);
	return same;
}

static void
sh(const char *fmt, ...) VG_PRINTF(1, 2);

/* Run a shell command for the set-up (rm -rf, mkdir -p, mkfifo). */
static void
sh(const char *fmt, ...)
{
	va_list	 ap;
	char	*cmd;

	va_start(ap, fmt);
	xvasprintf(&cmd, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0) {
		printf("Bail out! %s failed\n", cmd);
		exit(1);
	}
	free(cmd);
}

/* rm -rf path, without a shell: every bag is written afresh. */
static void
rm_tree(const char *path)
{
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	char		*p;

	if (lstat(path, &sb) == -1) {
		if (errno == ENOENT)
			return;
		die(path);
	}
	if (S_ISDIR(sb.st_mode)) {
		if ((d = opendir(path)) == NULL)
			die(path);
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			xasprintf(&p, "%s/%s", path, de->d_name);
			rm_tree(p);
			free(p);
		}
		closedir(d);
		if (rmdir(path) == -1)
			die(path);
	} else if (unlink(path) == -1)
		die(path);
}

/* Replace line n (1..) of a text file by text. */
static void
set_line(const char *path, int n, const char *text)
{
	char	*data = get(path, NULL), *p = data, *nl, *out;
	int	 i;

	for (i = 1; i < n && p != NULL; i++)
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	if (p == NULL || (nl = strchr(p, '\n')) == NULL) {
		printf("Bail out! %s has no line %d\n", path, n);
		exit(1);
	}
	xasprintf(&out, "%.*s%s%s", (int)(p - data), data, text, nl);
	put(path, out, strlen(out));
	free(out);
	free(data);
}

/* Line n of a text file, without its newline. */
static char *
line_of(const char *path, int n)
{
	char	*data = get(path, NULL), *p = data, *nl, *s;
	int	 i;

	for (i = 1; i < n; i++)
		p = strchr(p, '\n') + 1;
	nl = strchr(p, '\n');
	s = xstrndup(p, (size_t)(nl - p));
	free(data);
	return s;
}

static void
append(const char *path, const char *text)
{
	size_t	 len;
	char	*data = get(path, &len), *out;

	xasprintf(&out, "%s%s", data, text);
	put(path, out, strlen(out));
	free(out);
	free(data);
}

static void
flip(const char *path, long at)
{
	size_t	 len;
	char	*data = get(path, &len);

	data[at] ^= 0x20;
	put(path, data, len);
	free(data);
}

#define NOISES	4	/* sequences kept for put_noise */

/*
 * Bytes that look like a clip: a fixed pseudo-random sequence, kept for
 * the next call that asks for the same (every bag is written of the same
 * three, its clip 3 MiB).
 */
static void
put_noise(const char *path, size_t len, unsigned seed)
{
	static struct {
		unsigned char	*b;	/* the bytes */
		size_t		 len;	/* how many */
		unsigned	 seed;	/* of which sequence */
	} kept[NOISES];
	unsigned	s = seed;
	size_t		i, k = seed % NOISES;

	if (kept[k].b == NULL || kept[k].len != len || kept[k].seed != seed) {
		free(kept[k].b);
		kept[k].b = xmalloc(len);
		for (i = 0; i < len; i++) {
			s = s * 1103515245 + 12345;
			kept[k].b[i] = (unsigned char)(s >> 16);
		}
		kept[k].len = len;
		kept[k].seed = seed;
	}
	put(path, kept[k].b, len);
}

/* A custody log of n entries, as the case writes it. */
static void
put_custody(const char *path, int n)
{
	struct vg_custody	 c;
	char			 args[64], *line;
	FILE			*f;
	int			 i;

	if ((f = fopen(path, "w")) == NULL)
		die(path);
	fputs(VG_CUSTODY_HEADER, f);
	memset(&c, 0, sizeof(c));
	memcpy(c.prev, VG_CUSTODY_GENESIS, sizeof(c.prev));
	for (i = 1; i <= n; i++) {
		snprintf(args, sizeof(args), "note 'entry %d'\twith a tab", i);
		c.seq = i;
		c.at = T0 + i * INT64_C(60000000);
		c.officer = "Officer Wang";
		c.tool = "vigil-case";
		c.args = args;
		c.touched = "case.db";
		c.digests = "";
		vg_custody_hash(&c, c.hash);
		line = vg_custody_line(&c);
		fprintf(f, "%.*s\t%s\n", (int)strlen(line) - 1, line, c.hash);
		free(line);
		memcpy(c.prev, c.hash, sizeof(c.prev));
	}
	fclose(f);
}

/* Write a bag of five payload files at dir, signed with key if not NULL. */
static int
make_bag(const char *dir, const char *key)
{
	struct vg_error	 e = { 0, NULL };
	static const char *const sub[] = { "", "/data", "/data/clips",
	    "/data/frames" };
	size_t		 i;
	char		*p;
	int		 rc;

	rm_tree(dir);
	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		xasprintf(&p, "%s%s", dir, sub[i]);
		if (mkdir(p, 0700) == -1)
			die(p);
		free(p);
	}
	xasprintf(&p, "%s/data/clips/01.mp4", dir);
	put_noise(p, 3 * 1024 * 1024 + 17, 1);
	free(p);
	xasprintf(&p, "%s/data/clips/02.mp4", dir);
	put_noise(p, 1000, 2);
	free(p);
	xasprintf(&p, "%s/data/frames/01.png", dir);
	put_noise(p, 500, 3);
	free(p);
	xasprintf(&p, "%s/data/path.csv", dir);
	put(p, "hop,camera\n1,C017\n", 18);
	free(p);
	xasprintf(&p, "%s/data/custody.tsv", dir);
	put_custody(p, 8);
	free(p);
	rc = vg_bag_write(dir, info, NINFO, &e);
	if (rc == 0 && key != NULL)
		rc = vg_bag_sign(dir, key, &e);
	if (rc == -1)
		printf("#   %s\n", e.msg);
	vg_error_clear(&e);
	return rc;
}

static unsigned long long
payload_octets(void)
{
	struct stat	sb;
	const char	*f[] = { "bag/data/clips/01.mp4", "bag/data/clips/02.mp4",
			    "bag/data/custody.tsv", "bag/data/frames/01.png",
			    "bag/data/path.csv" };
	unsigned long long n = 0;
	size_t		i;

	for (i = 0; i < 5; i++) {
		if (stat(f[i], &sb) == -1)
			die(f[i]);
		n += (unsigned long long)sb.st_size;
	}
	return n;
}

static void
test_write(void)
{
	struct vg_error	 e = { 0, NULL };
	struct stat	 sb;
	char		*s, want[256];
	unsigned long long octets;

	ok(make_bag("bag", NULL) == 0, "a bag is written");
	octets = payload_octets();
	s = get("bag/bagit.txt", NULL);
	is_str(s, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
	    "bagit.txt");
	free(s);
	s = get("bag/bag-info.txt", NULL);
	snprintf(want, sizeof(want), "Source-Organization: Campus Security,"
	    " North Precinct\nContact-Name: Officer Wang\nExternal-Identifier:"
	    " 2018-1120-017\nBagging-Date: 2018-11-21\nPayload-Oxum: %llu.5\n",
	    octets);
	is_str(s, want, "bag-info.txt: the fields in order, the caller's"
	    " Payload-Oxum replaced by the real one");
	free(s);
	s = line_of("bag/manifest-sha256.txt", 3);
	ok(strlen(s) == 64 + 2 + 16 && strcmp(s + 64, "  data/custody.tsv") == 0,
	    "manifest lines are '<hex>  data/<path>', sorted (%s)", s);
	free(s);
	s = get("bag/tagmanifest-sha512.txt", NULL);
	ok(strstr(s, "  bag-info.txt\n") != NULL &&
	    strstr(s, "  bagit.txt\n") != NULL &&
	    strstr(s, "  manifest-sha256.txt\n") != NULL &&
	    strstr(s, "  manifest-sha512.txt\n") != NULL &&
	    strstr(s, "tagmanifest") == NULL && strlen(s) == 4 * (128 + 3) +
	    strlen("bag-info.txtbagit.txtmanifest-sha256.txtmanifest-sha512.txt"),
	    "the tag manifests list the four tag files");
	free(s);
	ok(stat("bag/manifest-sha512.txt", &sb) == 0 &&
	    (sb.st_mode & 0777) == 0600, "tag files are mode 0600");

	ok(verify("bag", NULL) == 0, "the bag verifies");
	ok(saw("ok bagit.txt: BagIt 1.0"), "bagit.txt is checked");
	snprintf(want, sizeof(want), "ok bag-info.txt line 5: Payload-Oxum"
	    " %llu.5 matches the payload", octets);
	ok(saw(want), "Payload-Oxum is checked");
	ok(saw("ok data/clips/01.mp4: sha256, sha512 match"),
	    "each payload file is checked against both manifests");
	ok(saw("ok manifest-sha256.txt: 5 files listed"), "each manifest");
	ok(saw("ok bag-info.txt: sha256, sha512 match"), "each tag file");
	s = line_of("bag/data/custody.tsv", 9);
	snprintf(want, sizeof(want), "ok data/custody.tsv: 8 entries, every"
	    " hash and link holds; last %s", s + strlen(s) - 64);
	ok(saw(want), "the custody log inside is checked");
	free(s);
	ok(seen.n == 16, "16 checks (%d)", seen.n);

	sh("mkdir -p odd/data && ln -s /etc/passwd odd/data/link");
	ok(failed_with(vg_bag_write("odd", info, NINFO, &e), &e,
	    "'odd/data/link': a symbolic link: a bag holds regular files"
	    " only"), "a symbolic link is refused");
	vg_error_clear(&e);
	sh("rm odd/data/link && mkfifo odd/data/fifo");
	ok(failed_with(vg_bag_write("odd", info, NINFO, &e), &e,
	    "'odd/data/fifo': not a regular file: a bag holds regular files"
	    " only"), "so is a fifo");
	sh("rm odd/data/fifo");
	{
		struct vg_bag_field odd[] = {
			{ "Contact-Name", "Wang\nLi\001\xff" } };
		char	*got;

		ok(vg_bag_write("odd", odd, 1, &e) == 0, "a value of two"
		    " lines with a control character and a stray byte is"
		    " written");
		got = get("odd/bag-info.txt", NULL);
		is_str(got, "Contact-Name: Wang\n  Li\xe2\x90\x81\xef\xbf\xbd\n"
		    "Payload-Oxum: 0.0\n", "folded, the rest carried (RFC 8493,"
		    " 2.2.2)");
		free(got);
		vg_error_clear(&e);
	}
	ok(failed_with(vg_bag_write("nosuch", info, NINFO, &e), &e,
	    "'nosuch/data': No such file or directory"),
	    "no data/");
	vg_error_clear(&e);
	reset();
	ok(failed_with(vg_bag_verify("nosuch", NULL, collect, NULL, &e), &e,
	    "cannot read 'nosuch': No such file or directory") && seen.n == 0,
	    "a bag that cannot be read at all: -1");

	/* names with CR, LF and % are percent-encoded */
	put("odd/data/50%\nnew\rline.txt", "x", 1);
	ok(vg_bag_write("odd", info, NINFO, &e) == 0, "a name with %%, LF and"
	    " CR");
	s = get("odd/manifest-sha256.txt", NULL);
	ok(strstr(s, "  data/50%25%0Anew%0Dline.txt\n") != NULL,
	    "is percent-encoded in the manifest");
	free(s);
	ok(verify("odd", NULL) == 0 && saw("ok data/50%\nnew\rline.txt:"
	    " sha256, sha512 match"), "and verifies");
}

static void
expect(const char *what, int fails, const char *key, const char **msgs)
{
	int	rc = verify("bag", key), all = 1;

	for (; *msgs != NULL; msgs++)
		all &= saw(*msgs);
	ok(rc == fails && all, "%s: %d failure%s, each named", what, fails,
	    fails == 1 ? "" : "s");
}

static void
test_tamper(void)
{
	unsigned long long	 octets;
	char			 oxum[128], *s, *t;

	make_bag("bag", "k.key");
	octets = payload_octets();
	ok(verify("bag", "k.pub") == 0 && saw("ok tagmanifest-sha256.txt.sig:"
	    " Ed25519 signature of tagmanifest-sha256.txt verifies with"
	    " 'k.pub'"), "a signed bag verifies with its key");
	ok(verify("bag", NULL) == 0 && saw("ok tagmanifest-sha256.txt.sig:"
	    " signature present, not checked (no --key)"), "and without one");

	flip("bag/data/clips/01.mp4", 2 * 1024 * 1024 + 5);
	expect("a flipped byte in a clip", 2, "k.pub", (const char *[]){
	    "FAIL data/clips/01.mp4: sha256 does not match manifest-sha256.txt"
	    " line 1",
	    "FAIL data/clips/01.mp4: sha512 does not match manifest-sha512.txt"
	    " line 1", NULL });

	make_bag("bag", "k.key");
	unlink("bag/data/frames/01.png");
	snprintf(oxum, sizeof(oxum), "FAIL bag-info.txt line 5: Payload-Oxum"
	    " %llu.5, but the payload is %llu.4", octets, octets - 500);
	expect("a file deleted", 3, "k.pub", (const char *[]){
	    "FAIL manifest-sha256.txt line 4: data/frames/01.png: no such file",
	    "FAIL manifest-sha512.txt line 4: data/frames/01.png: no such file",
	    oxum, NULL });

	make_bag("bag", "k.key");
	put("bag/data/extra.txt", "planted\n", 8);
	snprintf(oxum, sizeof(oxum), "FAIL bag-info.txt line 5: Payload-Oxum"
	    " %llu.5, but the payload is %llu.6", octets, octets + 8);
	expect("a file added", 3, "k.pub", (const char *[]){
	    "FAIL data/extra.txt: not in manifest-sha256.txt",
	    "FAIL data/extra.txt: not in manifest-sha512.txt", oxum, NULL });

	make_bag("bag", "k.key");
	s = line_of("bag/manifest-sha256.txt", 2);
	memset(s, '0', 64);
	set_line("bag/manifest-sha256.txt", 2, s);
	free(s);
	expect("a manifest line edited", 3, "k.pub", (const char *[]){
	    "FAIL data/clips/02.mp4: sha256 does not match manifest-sha256.txt"
	    " line 2",
	    "FAIL manifest-sha256.txt: sha256 does not match"
	    " tagmanifest-sha256.txt line 3",
	    "FAIL manifest-sha256.txt: sha512 does not match"
	    " tagmanifest-sha512.txt line 3", NULL });

	make_bag("bag", "k.key");
	snprintf(oxum, sizeof(oxum), "Payload-Oxum: %llu.5", octets + 1);
	set_line("bag/bag-info.txt", 5, oxum);
	snprintf(oxum, sizeof(oxum), "FAIL bag-info.txt line 5: Payload-Oxum"
	    " %llu.5, but the payload is %llu.5", octets + 1, octets);
	expect("Payload-Oxum edited", 3, "k.pub", (const char *[]){ oxum,
	    "FAIL bag-info.txt: sha256 does not match tagmanifest-sha256.txt"
	    " line 1",
	    "FAIL bag-info.txt: sha512 does not match tagmanifest-sha512.txt"
	    " line 1", NULL });

	make_bag("bag", "k.key");
	set_line("bag/bagit.txt", 1, "BagIt-Version: 0.96");
	expect("bagit.txt edited", 3, "k.pub", (const char *[]){
	    "FAIL bagit.txt line 1: BagIt-Version 0.96 is not 1.0 or 0.97",
	    "FAIL bagit.txt: sha256 does not match tagmanifest-sha256.txt"
	    " line 2", NULL });
	make_bag("bag", "k.key");
	unlink("bag/bagit.txt");
	expect("bagit.txt deleted", 3, "k.pub", (const char *[]){
	    "FAIL bagit.txt: no such file (not a bag?)",
	    "FAIL tagmanifest-sha256.txt line 2: bagit.txt: no such file",
	    NULL });

	make_bag("bag", "k.key");
	s = line_of("bag/tagmanifest-sha256.txt", 1);
	s[0] = s[0] == 'f' ? '0' : 'f';
	set_line("bag/tagmanifest-sha256.txt", 1, s);
	free(s);
	expect("a tag manifest line edited", 2, "k.pub", (const char *[]){
	    "FAIL bag-info.txt: sha256 does not match tagmanifest-sha256.txt"
	    " line 1",
	    "FAIL tagmanifest-sha256.txt.sig: does not verify with 'k.pub'"
	    " (another key, or the tag manifest changed)", NULL });
	make_bag("bag", "k.key");
	put("bag/notes.txt", "added\n", 6);
	expect("a tag file added", 2, "k.pub", (const char *[]){
	    "FAIL notes.txt: not in tagmanifest-sha256.txt",
	    "FAIL notes.txt: not in tagmanifest-sha512.txt", NULL });

	make_bag("bag", "k.key");
	expect("a wrong signature key", 1, "w.pub", (const char *[]){
	    "FAIL tagmanifest-sha256.txt.sig: does not verify with 'w.pub'"
	    " (another key, or the tag manifest changed)", NULL });
	expect("a private key given as the public key", 1, "k.key",
	    (const char *[]){ "FAIL k.key: not a public key in PEM", NULL });
	s = line_of("bag/tagmanifest-sha256.txt.sig", 1);
	s[10] = s[10] == 'A' ? 'B' : 'A';
	t = s;
	xasprintf(&s, "%s\n", t);
	free(t);
	put("bag/tagmanifest-sha256.txt.sig", s, strlen(s));
	free(s);
	expect("a signature altered", 1, "k.pub", (const char *[]){
	    "FAIL tagmanifest-sha256.txt.sig: does not verify with 'k.pub'"
	    " (another key, or the tag manifest changed)", NULL });
	put("bag/tagmanifest-sha256.txt.sig", "AAAA\n", 5);
	expect("a signature cut short", 1, "k.pub", (const char *[]){
	    "FAIL tagmanifest-sha256.txt.sig: not an Ed25519 signature (88"
	    " characters of base64)", NULL });
	unlink("bag/tagmanifest-sha256.txt.sig");
	expect("a signature removed", 1, "k.pub", (const char *[]){
	    "FAIL tagmanifest-sha256.txt.sig: no such file: the bag is not"
	    " signed", NULL });

	/* paths out of the bag are failures, never opened: a fifo would hang */
	make_bag("bag", "k.key");
	sh("rm -f fifo && mkfifo fifo");
	append("bag/manifest-sha256.txt", "0000000000000000000000000000000000"
	    "000000000000000000000000000000  ../../etc/passwd\n"
	    "00000000000000000000000000000000000000000000000000000000000000"
	    "00  data/../../fifo\n"
	    "00000000000000000000000000000000000000000000000000000000000000"
	    "00  /etc/passwd\n");
	append("bag/tagmanifest-sha256.txt", "0000000000000000000000000000000"
	    "000000000000000000000000000000000  ../fifo\n");
	alarm(30);
	expect("manifest lines naming paths outside the bag", 6, NULL,
	    (const char *[]){
	    "FAIL manifest-sha256.txt line 6: ../../etc/passwd: outside data/"
	    " (not opened)",
	    "FAIL manifest-sha256.txt line 7: data/../../fifo: outside data/"
	    " (not opened)",
	    "FAIL manifest-sha256.txt line 8: /etc/passwd: an absolute path"
	    " (not opened)",
	    "FAIL tagmanifest-sha256.txt line 5: ../fifo: outside the bag (not"
	    " opened)", NULL });
	alarm(0);
	unlink("fifo");

	make_bag("bag", "k.key");
	sh("ln -s ../../k.key bag/data/clips/03.mp4");
	expect("a symbolic link in data/", 1, NULL, (const char *[]){
	    "FAIL data/clips/03.mp4: a symbolic link: a bag holds regular"
	    " files only", NULL });

	make_bag("bag", "k.key");
	s = line_of("bag/data/custody.tsv", 4);
	t = strstr(s, "Officer Wang");
	t[8] = 'X';
	set_line("bag/data/custody.tsv", 4, s);
	free(s);
	expect("a custody entry edited in a bag", 3, NULL, (const char *[]){
	    "FAIL data/custody.tsv line 4: entry 3: hash does not match its"
	    " fields (edited?)",
	    "FAIL data/custody.tsv: sha256 does not match manifest-sha256.txt"
	    " line 3", NULL });
}

static void
test_custody(void)
{
	struct vg_custody	 c;
	struct vg_error		 e = { 0, NULL };
	char			*s, *l6, *l7, want[256];
	const char		*p;

	put_custody("custody.tsv", 8);
	s = line_of("custody.tsv", 9);
	snprintf(want, sizeof(want), "ok custody.tsv: 8 entries, every hash"
	    " and link holds; last %s", s + strlen(s) - 64);
	free(s);
	ok(custody_check("custody.tsv") == 0 && saw(want),
	    "an intact custody log");

	s = line_of("custody.tsv", 7);
	*strstr(s, "Wang") = 'X';
	set_line("custody.tsv", 7, s);
	free(s);
	ok(custody_check("custody.tsv") == 1 && seen.n == 1 &&
	    saw("FAIL custody.tsv line 7: entry 6: hash does not match its"
	    " fields (edited?)"), "an entry edited");

	put_custody("custody.tsv", 8);
	set_line("custody.tsv", 9, "");		/* an empty line */
	ok(custody_check("custody.tsv") == 1 && saw("FAIL custody.tsv line 9:"
	    " 1 fields, not 9"), "a line that is not an entry");

	put_custody("custody.tsv", 8);
	l6 = line_of("custody.tsv", 7);
	l7 = line_of("custody.tsv", 8);
	set_line("custody.tsv", 7, l7);
	set_line("custody.tsv", 8, l6);
	ok(custody_check("custody.tsv") == 1 && saw("FAIL custody.tsv line 7:"
	    " entry 7 follows entry 5 (reordered? entry 6 is on line 8)"),
	    "entries reordered");
	free(l7);

	put_custody("custody.tsv", 8);
	s = get("custody.tsv", NULL);
	p = strstr(s, l6);
	memmove((char *)p, p + strlen(l6) + 1, strlen(p + strlen(l6) + 1) + 1);
	put("custody.tsv", s, strlen(s));
	free(s);
	ok(custody_check("custody.tsv") == 1 && saw("FAIL custody.tsv line 7:"
	    " entry 7 follows entry 5 (one deleted?)"), "an entry deleted");

	put_custody("custody.tsv", 8);
	s = get("custody.tsv", NULL);
	p = strchr(s, '\n') + 1;
	p = strchr(p, '\n') + 1;
	put("custody.tsv", VG_CUSTODY_HEADER, strlen(VG_CUSTODY_HEADER));
	append("custody.tsv", p);
	free(s);
	ok(custody_check("custody.tsv") == 1 && saw("FAIL custody.tsv line 2:"
	    " entry 2 comes first, not entry 1 (one deleted?)"),
	    "the first entry deleted");

	/* entry 6 rewritten with a hash of its own: entry 7 no longer fits */
	put_custody("custody.tsv", 8);
	memset(&c, 0, sizeof(c));
	c.seq = 6;
	c.at = T0 + 6 * INT64_C(60000000);
	c.officer = "Officer Li";
	c.tool = "vigil-case";
	c.args = "note 'entry 6'\twith a tab";
	c.touched = "case.db";
	c.digests = "";
	memcpy(c.prev, l6 + strlen(l6) - 129, 64);	/* its prev, kept */
	c.prev[64] = '\0';
	vg_custody_hash(&c, c.hash);
	s = vg_custody_line(&c);
	s[strlen(s) - 1] = '\0';
	xasprintf(&l7, "%s\t%s", s, c.hash);
	set_line("custody.tsv", 7, l7);
	free(s);
	free(l7);
	ok(custody_check("custody.tsv") == 1 && saw("FAIL custody.tsv line 8:"
	    " entry 7: prev is not the hash of entry 6 (reordered or"
	    " rewritten?)"), "an entry rewritten and hashed again");
	free(l6);

	put_custody("custody.tsv", 8);
	s = get("custody.tsv", NULL);
	put("custody.tsv", s, strlen(s) - 1);
	free(s);
	ok(custody_check("custody.tsv") == 1 && saw("FAIL custody.tsv line 9:"
	    " no newline at its end (cut short?)"), "a log cut short");

	put("custody.tsv", "seq\ttime\n", 9);
	ok(custody_check("custody.tsv") == 1 && saw("FAIL custody.tsv line 1:"
	    " not the header of a custody log"), "not a custody log");
	put_custody("custody.tsv", 0);
	ok(custody_check("custody.tsv") == 0 && saw("ok custody.tsv: no"
	    " entries"), "an empty log");
	ok(failed_with(vg_custody_verify_file("nosuch.tsv", collect, NULL, &e),
	    &e, "cannot open 'nosuch.tsv': No such file or directory"),
	    "a log that is not there");
	vg_error_clear(&e);
}

static void
test_keys(void)
{
	struct vg_error	 e = { 0, NULL };
	struct stat	 sb;
	char		*s;

	ok(vg_bag_keygen("k", &e) == 0 && vg_bag_keygen("w", &e) == 0,
	    "two key pairs");
	ok(stat("k.key", &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "the private key is mode 0600");
	s = get("k.key", NULL);
	ok(strncmp(s, "-----BEGIN PRIVATE KEY-----\n", 28) == 0,
	    "in PKCS#8 PEM");
	free(s);
	s = get("k.pub", NULL);
	ok(strncmp(s, "-----BEGIN PUBLIC KEY-----\n", 27) == 0,
	    "the public key in PEM");
	free(s);
	ok(failed_with(vg_bag_keygen("k", &e), &e,
	    "'k.key' exists: not overwritten"), "a key is never overwritten");
	vg_error_clear(&e);
	make_bag("bag", "k.key");
	s = get("bag/tagmanifest-sha256.txt.sig", NULL);
	ok(strlen(s) == 89 && s[88] == '\n', "the signature: 88 characters"
	    " of base64 on a line");
	free(s);
	ok(failed_with(vg_bag_sign("bag", "k.key", &e), &e,
	    "'bag/tagmanifest-sha256.txt.sig' exists: not overwritten"),
	    "nor is a signature");
	vg_error_clear(&e);
	unlink("bag/tagmanifest-sha256.txt.sig");
	chmod("w.key", 0644);
	ok(failed_with(vg_bag_sign("bag", "w.key", &e), &e,
	    "'w.key': a private key others can read (chmod 600 it)"),
	    "a key others can read is refused");
	vg_error_clear(&e);
	chmod("w.key", 0600);
	ok(failed_with(vg_bag_sign("bag", "k.pub", &e), &e,
	    "'k.pub': not a private key in PEM without a passphrase"),
	    "a public key cannot sign");
	vg_error_clear(&e);
}

/* A ustar header for a hostile archive. */
static void
header(unsigned char *h, const char *name, char type, unsigned size)
{
	unsigned	sum = 0;
	int		i;

	memset(h, 0, 512);
	memcpy(h, name, strlen(name));
	snprintf((char *)h + 100, 8, "%07o", 0600);
	snprintf((char *)h + 108, 8, "%07o", 0);
	snprintf((char *)h + 116, 8, "%07o", 0);
	snprintf((char *)h + 124, 12, "%011o", size);
	snprintf((char *)h + 136, 12, "%011o", 0);
	h[156] = (unsigned char)type;
	if (type == '2')
		memcpy(h + 157, "/etc/passwd", 11);
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
}

static void
hostile(const char *name, char type, const char *want)
{
	struct vg_error	 e = { 0, NULL };
	unsigned char	 b[512 * 5];
	char		*top;

	memset(b, 0, sizeof(b));
	header(b, "bag/", '5', 0);
	header(b + 512, name, type, type == '0' ? 3 : 0);
	memcpy(b + 1024, "abc", 3);
	put("evil.tar", b, sizeof(b));
	sh("rm -rf x && mkdir x");
	ok(failed_with(vg_tar_extract("evil.tar", "x", &top, &e), &e, want) &&
	    top == NULL, "a tar member %s is refused", name);
	vg_error_clear(&e);
}

static void
test_tar(void)
{
	struct vg_error	 e = { 0, NULL };
	struct stat	 sb;
	char		*s, *top, hex[VG_SHA256_HEX], want[128], deep[400];
	uint64_t	 size;
	int		 i;

	make_bag("bag", "k.key");
	ok(vg_tar_write("bag", "bag.tar", MTIME, 0, &e) == 0, "a tar of the"
	    " bag");
	ok(stat("bag.tar", &sb) == 0 && sb.st_size % 10240 == 0 &&
	    (sb.st_mode & 0777) == 0600, "in whole records, mode 0600");
	vg_hash_file("bag.tar", hex, &size, &e);
	snprintf(want, sizeof(want), "%s  bag.tar\n", hex);
	s = get("bag.tar.sha256", NULL);
	is_str(s, want, "bag.tar.sha256 holds its digest for sha256sum -c");
	free(s);
	s = get("bag.tar", NULL);
	ok(memcmp(s, "bag/", 5) == 0 && memcmp(s + 100, "0000700", 8) == 0 &&
	    s[156] == '5' && memcmp(s + 257, "ustar\0" "00", 8) == 0 &&
	    memcmp(s + 512, "bag/bag-info.txt", 17) == 0 &&
	    memcmp(s + 512 + 100, "0000600\0" "0000000\0" "0000000", 23) ==
	    0 && memcmp(s + 512 + 136, "13375002520", 12) == 0 &&
	    s[512 + 265] == '\0' && s[512 + 297] == '\0',
	    "ustar members: the bag's name first, 0:0, no user names, the"
	    " time given, modes 0700 and 0600");
	free(s);
	ok(failed_with(vg_tar_write("bag", "bag.tar", MTIME, 0, &e), &e,
	    "'bag.tar' exists: not overwritten"),
	    "an archive is not overwritten");
	vg_error_clear(&e);
	ok(vg_tar_write("bag", "bag.tar", MTIME, 1, &e) == 0, "unless forced");

	sh("rm -rf x && mkdir x");
	ok(vg_tar_extract("bag.tar", "x", &top, &e) == 0 && top != NULL &&
	    strcmp(top, "bag") == 0, "the archive is extracted (%s)",
	    e.msg != NULL ? e.msg : "");
	free(top);
	ok(verify("x/bag", "k.pub") == 0, "and what it holds verifies");
	ok(stat("x/bag/data/clips", &sb) == 0 && (sb.st_mode & 0777) == 0700 &&
	    stat("x/bag/data/clips/01.mp4", &sb) == 0 &&
	    (sb.st_mode & 0777) == 0600, "directories 0700, files 0600");

	/* the same bag written again gives the same bytes */
	sh("mkdir -p again");
	make_bag("again/bag", "k.key");
	ok(same_file("bag/manifest-sha256.txt", "again/bag/manifest-sha256.txt")
	    && same_file("bag/manifest-sha512.txt",
	    "again/bag/manifest-sha512.txt") &&
	    same_file("bag/tagmanifest-sha256.txt",
	    "again/bag/tagmanifest-sha256.txt") &&
	    same_file("bag/tagmanifest-sha512.txt",
	    "again/bag/tagmanifest-sha512.txt") &&
	    same_file("bag/bag-info.txt", "again/bag/bag-info.txt"),
	    "a bag written twice has the same manifests and tag manifests");
	ok(vg_tar_write("again/bag", "again.tar", MTIME, 0, &e) == 0 &&
	    same_file("bag.tar", "again.tar"), "and the same tar bytes");
	ok(vg_tar_write("again/bag", "later.tar", MTIME + 1, 0, &e) == 0 &&
	    !same_file("bag.tar", "later.tar"), "another time, other bytes");

	/* a long path goes in the prefix field */
	strcpy(deep, "long/data/");
	for (i = 0; i < 3; i++)
		strcat(deep, "a-directory-of-forty-characters-and-more/");
	sh("rm -rf long && mkdir -p '%s'", deep);
	strcat(deep, "frame.png");
	put(deep, "png", 3);
	ok(vg_bag_write("long", info, NINFO, &e) == 0 &&
	    vg_tar_write("long", "long.tar", MTIME, 0, &e) == 0,
	    "a path over 100 bytes is archived");
	sh("rm -rf x && mkdir x");
	ok(vg_tar_extract("long.tar", "x", &top, &e) == 0 &&
	    verify("x/long", NULL) == 0, "and comes back whole");
	free(top);
	memset(want, 'b', 120);
	want[120] = '\0';
	xasprintf(&s, "long/data/%s", want);
	put(s, "x", 1);
	free(s);
	xasprintf(&s, "'long/data/%s': too long a path for a ustar archive",
	    want);
	ok(vg_bag_write("long", info, NINFO, &e) == 0 &&
	    failed_with(vg_tar_write("long", "long2.tar", MTIME, 0, &e), &e, s),
	    "a name ustar cannot hold is refused");
	vg_error_clear(&e);
	free(s);
	ok(stat("long2.tar", &sb) == -1 && stat("long2.tar.sha256", &sb) == -1,
	    "and leaves nothing behind");

	hostile("bag/../../evil", '0', "'evil.tar': 'bag/../../evil': a name"
	    " with '..': not extracted");
	hostile("/etc/evil", '0', "'evil.tar': '/etc/evil': an absolute name:"
	    " not extracted");
	hostile("bag/link", '2', "'evil.tar': 'bag/link': a link: not"
	    " extracted");
	hostile("bag/hard", '1', "'evil.tar': 'bag/hard': a link: not"
	    " extracted");
	hostile("bag/dev", '3', "'evil.tar': 'bag/dev': not a file or a"
	    " directory: not extracted");
	hostile("other/x", '0', "'evil.tar': 'other/x': not inside 'bag/', as"
	    " every member of a bag is");
	hostile("bag/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/f",
	    '0', "'evil.tar': 'bag/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/"
	    "d/d/d/d/d/d/d/d/f': more than 32 folders deep: not extracted");
	s = get("bag.tar", &size);
	put("cut.tar", s, 5000);
	free(s);
	sh("rm -rf x && mkdir x");
	ok(failed_with(vg_tar_extract("cut.tar", "x", &top, &e), &e,
	    "'cut.tar': 'bag/data/clips/01.mp4' claims 3145745 bytes, more"
	    " than the archive holds"), "an archive cut short, before"
	    " extracting");
	vg_error_clear(&e);
	flip("bag.tar", 512 + 3);
	sh("rm -rf x && mkdir x");
	ok(failed_with(vg_tar_extract("bag.tar", "x", &top, &e), &e,
	    "'bag.tar': a damaged header at byte 512"),
	    "a damaged header");
	vg_error_clear(&e);
}

/* The hex digest md of n bytes at p, in one pass. */
static void
digest_of(const EVP_MD *md, const void *p, size_t n, char *hex)
{
	unsigned char	d[EVP_MAX_MD_SIZE];
	unsigned int	len;

	if (EVP_Digest(p, n, d, &len, md, NULL) != 1)
		die("EVP_Digest");
	vg_hex(d, len, hex);
}

/*
 * Files of 4 MiB and more: their two digests on two threads sharing one
 * read of the file (a ring of four 1 MiB blocks), by vg_bag_hash over a
 * ring filled exactly, and by a bag's writer and verifier over one
 * wrapped and ended inside a block; the same as one pass's.
 */
static void
test_large(void)
{
	static const size_t sizes[] = { 4 << 20, (5 << 20) + 4321 };
	struct vg_error	 e = { 0, NULL };
	struct vg_bag_hashing *hh;
	unsigned char	*data;
	char		*s, h256[VG_SHA256_HEX], h512[VG_SHA512_HEX];
	char		 w256[VG_SHA256_HEX], w512[VG_SHA512_HEX];
	uint64_t	 size, x = 88172645463325252ULL;
	size_t		 i;
	int		 rc;

	data = xmalloc(sizes[1]);
	for (i = 0; i < sizes[1]; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(data + i, &x, sizes[1] - i < 8 ? sizes[1] - i : 8);
	}
	put("big.bin", data, sizes[0]);
	digest_of(EVP_sha256(), data, sizes[0], w256);
	digest_of(EVP_sha512(), data, sizes[0], w512);
	rc = vg_bag_hash("big.bin", h256, h512, &size, &e);
	ok(rc == 0 && size == sizes[0] && strcmp(h256, w256) == 0 &&
	    strcmp(h512, w512) == 0, "a file of 4 MiB read once: its SHA-256"
	    " and SHA-512 as in one pass (%s)", e.msg != NULL ? e.msg : h256);
	vg_error_clear(&e);
	sh("rm -rf big big.bin && mkdir -p big/data");
	put("big/data/big.bin", data, sizes[1]);
	digest_of(EVP_sha256(), data, sizes[1], w256);
	digest_of(EVP_sha512(), data, sizes[1], w512);
	/* the SHA-256 taken over part way: the thread holding both has
	 * gone on while the caller hashed the file itself */
	rc = vg_bag_hash_start("big/data/big.bin", &hh, &e);
	digest_of(EVP_sha512(), data, sizes[1], h512);
	if (rc == 0)
		rc = vg_bag_hash_end(hh, h256, h512, &size, &e);
	ok(rc == 0 && size == sizes[1] && strcmp(h256, w256) == 0 &&
	    strcmp(h512, w512) == 0, "its SHA-256 taken over part way by"
	    " the caller: both as in one pass (%s)", e.msg != NULL ? e.msg :
	    h256);
	vg_error_clear(&e);
	ok(vg_bag_write("big", info, NINFO, &e) == 0 &&
	    verify("big", NULL) == 0 && seen.n > 0, "a bag of a file of 5 MiB"
	    " and 4321 bytes verifies");
	vg_error_clear(&e);
	s = get("big/manifest-sha256.txt", NULL);
	ok(strncmp(s, w256, 64) == 0, "its SHA-256 in the manifest as in one"
	    " pass");
	free(s);
	s = get("big/manifest-sha512.txt", NULL);
	ok(strncmp(s, w512, 128) == 0, "and its SHA-512");
	free(s);
	free(data);
}

int
main(void)
{
	char	dir[] = "/tmp/unit-bag.XXXXXX";

	signal(SIGALRM, SIG_DFL);
	if (mkdtemp(dir) == NULL || chdir(dir) == -1)
		die("mkdtemp");
	test_keys();
	test_write();
	test_tamper();
	test_custody();
	test_tar();
	test_large();
	reset();
	if (chdir("/") == 0)
		sh("rm -rf '%s'", dir);
	return tap_done();
}
