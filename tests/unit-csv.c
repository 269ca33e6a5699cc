/* unit-csv.c: tests of the streaming CSV reader */
#include "vigil.h"
#include "vigil-int.h"
#include "tap.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char	*last;		/* the string nx() returned last */

/* A temporary file holding len bytes of data, open for reading. */
static int
tmpfd(const char *data, size_t len)
{
	char	 path[] = "/tmp/unit-csv.XXXXXX";
	size_t	 off;
	ssize_t	 n;
	int	 fd;

	if ((fd = mkstemp(path)) == -1) {
		perror("mkstemp");
		exit(1);
	}
	unlink(path);
	for (off = 0; off < len; off += n) {
		if ((n = write(fd, data + off, len - off)) <= 0) {
			perror("write");
			exit(1);
		}
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* A pipe fed by a child writing data in small pieces of varying size. */
static int
pipefd(const char *data, size_t len, pid_t *pid)
{
	size_t		off, n;
	unsigned	r = 12345;
	int		fds[2];

	if (pipe(fds) == -1 || (*pid = fork()) == -1) {
		perror("pipe");
		exit(1);
	}
	if (*pid == 0) {
		close(fds[0]);
		for (off = 0; off < len; off += n) {
			r = r * 1103515245 + 12345;
			n = 1 + (r >> 16) % 97;
			if (n > len - off)
				n = len - off;
			if (write(fds[1], data + off, n) != (ssize_t)n)
				_exit(1);
		}
		_exit(0);
	}
	close(fds[1]);
	return fds[0];
}

/*
 * The next record as "LINE:field|field", an error as "LINE!reason", or
 * "eof".  A field not NUL-terminated at its length shows as "<noterm>".
 */
static const char *
nx(struct vg_csv *cs)
{
	struct vg_csv_record	 rec;
	const char		*why = NULL;
	FILE			*m;
	size_t			 n, i;
	int			 r;

	free(last);
	if ((m = open_memstream(&last, &n)) == NULL)
		exit(1);
	r = vg_csv_next(cs, &rec, &why);
	if (r == 0)
		fputs("eof", m);
	else if (r < 0)
		fprintf(m, "%llu!%s", (unsigned long long)rec.line, why);
	else {
		fprintf(m, "%llu:", (unsigned long long)rec.line);
		for (i = 0; i < rec.nf; i++) {
			if (i > 0)
				fputc('|', m);
			fwrite(rec.f[i].s, 1, rec.f[i].len, m);
			if (rec.f[i].s[rec.f[i].len] != '\0')
				fputs("<noterm>", m);
		}
	}
	fclose(m);
	return last;
}

static void
done(struct vg_csv *cs, int fd)
{
	vg_csv_close(cs);
	close(fd);
}

#define S(lit)	(lit), sizeof(lit) - 1

static void
test_basic(void)
{
	struct vg_csv	*cs;
	int		 fd;

	cs = vg_csv_open(fd = tmpfd(S("a,b,c\nd,e,f\n")), 0);
	is_str(nx(cs), "1:a|b|c", "simple record");
	is_int(vg_csv_line(cs), 1, "vg_csv_line of the first record");
	is_str(nx(cs), "2:d|e|f", "second record");
	is_str(nx(cs), "eof", "end of file");
	is_str(nx(cs), "eof", "end of file again");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("\"a,b\",\"say \"\"hi\"\"\",c\n"
	    "\"\"\"\",\"\",x\n")), 0);
	is_str(nx(cs), "1:a,b|say \"hi\"|c", "quoted comma and quotes");
	is_str(nx(cs), "2:\"||x", "a lone escaped quote, an empty quoted field");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("\"x\ny\",z\n\"p\r\nq\"\nnext\n"
	    "a,\"\n\n\",b\r\nlast\r\n")), 0);
	is_str(nx(cs), "1:x\ny|z", "embedded LF");
	is_str(nx(cs), "3:p\r\nq", "embedded CRLF");
	is_str(nx(cs), "5:next", "line after embedded newlines");
	is_int(vg_csv_line(cs), 5, "vg_csv_line follows");
	is_str(nx(cs), "6:a|\n\n|b", "newlines only");
	is_str(nx(cs), "9:last", "line after that");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("a,b\r\nc,d\r\n\"e\"\r\n")), 0);
	is_str(nx(cs), "1:a|b", "CRLF line end");
	is_str(nx(cs), "2:c|d", "CRLF second line");
	is_str(nx(cs), "3:e", "CRLF after a quoted field");
	is_str(nx(cs), "eof", "CRLF end");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("a\rb,c\r\rd,\re\r\nab\"c,d\"\n")), 0);
	is_str(nx(cs), "1:a\rb|c\r\rd|\re", "lone CR kept as data");
	is_str(nx(cs), "2:ab\"c|d\"", "quote inside unquoted field kept");
	done(cs, fd);
}

static void
test_edges(void)
{
	struct vg_csv	*cs;
	int		 fd;

	cs = vg_csv_open(fd = tmpfd(S("\xef\xbb\xbfid,name\n1,\xef\xbb\xbf\n")),
	    0);
	is_str(nx(cs), "1:id|name", "BOM skipped");
	is_str(nx(cs), "2:1|\xef\xbb\xbf", "BOM later is data");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("\xef\xbb\xbf")), 0);
	is_str(nx(cs), "eof", "BOM alone is an empty file");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("")), 0);
	is_str(nx(cs), "eof", "empty file");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("a,b\nc,d")), 0);
	is_str(nx(cs), "1:a|b", "before a last line without newline");
	is_str(nx(cs), "2:c|d", "last line without newline");
	is_str(nx(cs), "eof", "then end of file");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("x,\"q\"")), 0);
	is_str(nx(cs), "1:x|q", "quoted last field without newline");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("\n\na\n\r\n\nb\n\n")), 0);
	is_str(nx(cs), "3:a", "empty lines skipped");
	is_str(nx(cs), "6:b", "empty CRLF lines skipped");
	is_str(nx(cs), "eof", "trailing empty line skipped");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("a,,b\na,b,\n,\n\"\"\n,,\r\n")), 0);
	is_str(nx(cs), "1:a||b", "empty middle field");
	is_str(nx(cs), "2:a|b|", "trailing comma");
	is_str(nx(cs), "3:|", "a lone comma");
	is_str(nx(cs), "4:", "a quoted empty field is a record");
	is_str(nx(cs), "5:||", "commas and CRLF");
	done(cs, fd);
}

static void
test_errors(void)
{
	struct vg_csv		*cs;
	struct vg_csv_record	 rec;
	const char		*why;
	char			*big;
	int			 fd, r, e;

	cs = vg_csv_open(fd = tmpfd(S("0123456789abcdef\n"
	    "0123456789abcdefg\nnext\n01234567,9abcdef\r\n"
	    "\"0123456789abcd\"\n\"0123456789abcde\"\n\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\n"
	    "ok")), 16);
	is_str(nx(cs), "1:0123456789abcdef", "exactly maxrec accepted");
	is_str(nx(cs), "2!record too long", "one byte more rejected");
	is_int(vg_csv_line(cs), 2, "vg_csv_line names the long record");
	is_str(nx(cs), "3:next", "resync after a long record");
	is_str(nx(cs), "4:01234567|9abcdef", "maxrec with CRLF");
	is_str(nx(cs), "5:0123456789abcd", "quoted maxrec accepted");
	is_str(nx(cs), "6!record too long", "quoted maxrec + 1 rejected");
	is_str(nx(cs), "7:\"\"\"\"\"\"\"", "escapes count raw");
	is_str(nx(cs), "8:ok", "after that");
	done(cs, fd);

	big = xmalloc(10000);
	memset(big, 'x', 10000);
	memcpy(big, "a\n", 2);
	memcpy(big + 9990, "\nb,\"c\nd\"\n", 9);
	cs = vg_csv_open(fd = tmpfd(big, 9999), 64);
	is_str(nx(cs), "1:a", "before a very long line");
	is_str(nx(cs), "2!record too long", "a very long line");
	is_str(nx(cs), "3:b|c\nd", "resync after a very long line");
	is_str(nx(cs), "eof", "then end");
	done(cs, fd);

	memset(big, 'x', 10000);
	memcpy(big, "a,\"b\nc\n", 7);
	memcpy(big + 9990, "\nz\n", 3);
	cs = vg_csv_open(fd = tmpfd(big, 9993), 64);
	is_str(nx(cs), "1!record too long", "a runaway quote");
	is_str(nx(cs), "2:c", "resync on the line after its start");
	is_str(nx(cs), "3!record too long", "the rest is long too");
	is_str(nx(cs), "4:z", "resync again");
	done(cs, fd);
	free(big);

	cs = vg_csv_open(fd = tmpfd(S("a\n\"b,c\nd\ne\n")), 0);
	is_str(nx(cs), "1:a", "before an unterminated quote");
	is_str(nx(cs), "2!unterminated quoted field", "unterminated quote");
	is_int(vg_csv_line(cs), 2, "vg_csv_line names its start");
	is_str(nx(cs), "3:d", "resync after an unterminated quote");
	is_str(nx(cs), "4:e", "and on");
	is_str(nx(cs), "eof", "and the end");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("x\n\"ab")), 0);
	is_str(nx(cs), "1:x", "before an unterminated last field");
	is_str(nx(cs), "2!unterminated quoted field", "unterminated at EOF");
	is_str(nx(cs), "eof", "nothing after it");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("\"a\"b,c\nd\n\"x\ny\" ,z\r\n"
	    "\"q\"\r,r\ns\n\"t\"\r")), 0);
	is_str(nx(cs), "1!unexpected character after closing quote",
	    "text after a closing quote");
	is_str(nx(cs), "2:d", "the bad record is skipped");
	is_str(nx(cs), "3!unexpected character after closing quote",
	    "space after a multi-line quoted field");
	is_str(nx(cs), "5!unexpected character after closing quote",
	    "lone CR after a closing quote");
	is_str(nx(cs), "6:s", "line numbers still right");
	is_str(nx(cs), "7!unexpected character after closing quote",
	    "CR after a closing quote at end of file");
	is_str(nx(cs), "eof", "then end");
	done(cs, fd);

	cs = vg_csv_open(fd = tmpfd(S("a,b\0c\nd\n\"x\0\ny\"\nz\n\0")), 0);
	is_str(nx(cs), "1!NUL byte in record", "NUL byte");
	is_str(nx(cs), "2:d", "record after a NUL byte");
	is_str(nx(cs), "3!NUL byte in record", "NUL in a quoted field");
	is_str(nx(cs), "5:z", "the whole quoted record skipped");
	is_str(nx(cs), "6!NUL byte in record", "NUL alone at the end");
	is_str(nx(cs), "eof", "then end");
	done(cs, fd);

	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	cs = vg_csv_open(fd, 0);
	errno = 0;
	r = vg_csv_next(cs, &rec, &why);
	e = errno;
	ok(r == -1 && strcmp(why, "read error") == 0 && rec.line == 1,
	    "read error");
	ok(e == EISDIR, "errno preserved (%s)", strerror(e));
	is_str(nx(cs), "eof", "no records after a read error");
	done(cs, fd);
}

/* A record at least maxrec bytes long, growing the buffer past 1 MiB. */
static void
test_big_record(void)
{
	struct vg_csv		*cs;
	struct vg_csv_record	 rec;
	const char		*why;
	char			*big;
	size_t			 n = VG_CSV_MAXREC, i;
	int			 fd, r;

	big = xmalloc(3 * n + 100);
	memset(big, 'y', 3 * n + 100);
	big[0] = '"';
	big[n - 1] = '"';
	for (i = 1000; i < n - 1; i += 1000)
		big[i] = '\n';
	memcpy(big + n, "\nz\n", 3);
	memcpy(big + 2 * n + 4, "\nw\n", 3);
	cs = vg_csv_open(fd = tmpfd(big, 2 * n + 7), 0);
	r = vg_csv_next(cs, &rec, &why);
	ok(r == 1 && rec.nf == 1 && rec.f[0].len == n - 2 && rec.line == 1,
	    "a multi-line record of exactly VG_CSV_MAXREC bytes");
	r = vg_csv_next(cs, &rec, &why);
	ok(r == 1 && rec.nf == 1 && rec.line == n / 1000 + 2,
	    "line number after it (%llu)", (unsigned long long)rec.line);
	r = vg_csv_next(cs, &rec, &why);
	ok(r == -1 && strcmp(why, "record too long") == 0 &&
	    rec.line == n / 1000 + 3, "VG_CSV_MAXREC + 1 bytes is too long");
	r = vg_csv_next(cs, &rec, &why);
	ok(r == 1 && rec.nf == 1 && strcmp(rec.f[0].s, "w") == 0 &&
	    rec.line == n / 1000 + 4, "and the next line is read");
	is_str(nx(cs), "eof", "then end");
	done(cs, fd);

	memset(big, 'v', 3 * n);
	big[3 * n - 1] = '\n';
	cs = vg_csv_open(fd = tmpfd(big, 3 * n), 3 * n);
	r = vg_csv_next(cs, &rec, &why);
	ok(r == 1 && rec.nf == 1 && rec.f[0].len == 3 * n - 1,
	    "a larger maxrec grows the buffer");
	done(cs, fd);
	free(big);
}

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*u = p;

	while (n-- > 0)
		h = (h ^ *u++) * 0x100000001b3ULL;
	return h;
}

static unsigned
rnd(unsigned *r, unsigned n)
{
	*r ^= *r << 13;
	*r ^= *r >> 17;
	*r ^= *r << 5;
	return *r % n;
}

struct gen {
	char		*buf;		/* the file */
	size_t		 len;		/* its length */
	size_t		 nrec;		/* records in it */
	uint64_t	 sum;		/* hash of their lines and fields */
};

/*
 * Random records of every shape, none longer than maxrec bytes, with
 * their expected hash.
 */
static void
generate(struct gen *g, size_t nrec, size_t maxrec, unsigned seed)
{
	static const char	 alpha[] = "abcdefghij0123456789 ;:.-_T+";
	FILE			*m, *rm;
	char			*rb, *fb;
	size_t			 rn, i, j, k, nf, l, fl;
	uint64_t		 line = 1, nl, h;
	unsigned		 r = seed;
	int			 kind, c;

	m = open_memstream(&g->buf, &g->len);
	g->nrec = nrec;
	g->sum = 0xcbf29ce484222325ULL;
	for (i = 0; i < nrec; i++) {
		while (rnd(&r, 8) == 0) {
			fputs(rnd(&r, 2) ? "\n" : "\r\n", m);
			line++;
		}
		do {
			rm = open_memstream(&rb, &rn);
			nf = 1 + rnd(&r, 9);
			nl = 0;
			h = fnv(g->sum, &line, sizeof(line));
			h = fnv(h, &nf, sizeof(nf));
			for (j = 0; j < nf; j++) {
				if (j > 0)
					fputc(',', rm);
				fb = xmalloc(64);
				fl = 0;
				kind = rnd(&r, 8);
				l = kind == 0 ? 0 : rnd(&r, 12);
				for (k = 0; k < l; k++) {
					c = alpha[rnd(&r, sizeof(alpha) - 1)];
					if (kind >= 3 && rnd(&r, 5) == 0)
						c = ",\"\n\r"[rnd(&r, 4)];
					if (c == '\r') {
						fb[fl++] = '\r';
						c = '\n';
					}
					if (c == '\n')
						nl++;
					fb[fl++] = c;
				}
				if (kind == 2 && fl >= 3)
					fb[1] = rnd(&r, 2) ? '\r' : '"';
				if (kind >= 3 || (fl == 0 && nf == 1)) {
					fputc('"', rm);
					for (k = 0; k < fl; k++) {
						if (fb[k] == '"')
							fputc('"', rm);
						fputc(fb[k], rm);
					}
					fputc('"', rm);
				} else
					fwrite(fb, 1, fl, rm);
				h = fnv(h, &fl, sizeof(fl));
				h = fnv(h, fb, fl);
				free(fb);
			}
			fclose(rm);
			if (rn > maxrec)
				free(rb);
		} while (rn > maxrec);
		fwrite(rb, 1, rn, m);
		free(rb);
		g->sum = h;
		line += 1 + nl;
		if (i + 1 < nrec || rnd(&r, 2))
			fputs(rnd(&r, 3) ? "\n" : "\r\n", m);
	}
	fclose(m);
}

/* Read everything, hashing as generate() does; returns records read. */
static size_t
check(int fd, size_t maxrec, uint64_t *sum)
{
	struct vg_csv		*cs;
	struct vg_csv_record	 rec;
	const char		*why;
	size_t			 n = 0, i, fl;
	uint64_t		 h = 0xcbf29ce484222325ULL, line;
	int			 r;

	cs = vg_csv_open(fd, maxrec);
	while ((r = vg_csv_next(cs, &rec, &why)) != 0) {
		if (r < 0) {
			printf("# line %llu: %s\n",
			    (unsigned long long)rec.line, why);
			break;
		}
		line = rec.line;
		h = fnv(h, &line, sizeof(line));
		h = fnv(h, &rec.nf, sizeof(rec.nf));
		for (i = 0; i < rec.nf; i++) {
			fl = rec.f[i].len;
			h = fnv(h, &fl, sizeof(fl));
			h = fnv(h, rec.f[i].s, fl);
			if (rec.f[i].s[fl] != '\0')
				h++;
		}
		n++;
	}
	vg_csv_close(cs);
	*sum = h;
	return n;
}

static void
test_random(void)
{
	struct gen	 g;
	uint64_t	 sum;
	size_t		 n;
	pid_t		 pid;
	int		 fd, status;

	generate(&g, 20000, 64, 1);
	fd = tmpfd(g.buf, g.len);
	n = check(fd, 64, &sum);
	close(fd);
	is_int(n, g.nrec, "maxrec 64: all records read");
	ok(sum == g.sum, "maxrec 64: fields and lines as written");

	fd = pipefd(g.buf, g.len, &pid);
	n = check(fd, 64, &sum);
	close(fd);
	waitpid(pid, &status, 0);
	ok(n == g.nrec && sum == g.sum, "maxrec 64 through a pipe");
	free(g.buf);

	generate(&g, 20000, 200, 2);
	fd = pipefd(g.buf, g.len, &pid);
	n = check(fd, 0, &sum);
	close(fd);
	waitpid(pid, &status, 0);
	ok(n == g.nrec && sum == g.sum, "default maxrec through a pipe");
	free(g.buf);

	generate(&g, 300000, 200, 3);
	ok(g.len > 3 * 1024 * 1024, "big file: %zu bytes", g.len);
	fd = tmpfd(g.buf, g.len);
	n = check(fd, 0, &sum);
	close(fd);
	is_int(n, g.nrec, "big file: all records read");
	ok(sum == g.sum, "big file: fields and lines as written");
	fd = tmpfd(g.buf, g.len);
	n = check(fd, 200, &sum);
	close(fd);
	ok(n == g.nrec && sum == g.sum, "big file with maxrec 200");
	free(g.buf);
}

/* Byte by byte through a pipe: BOM, escapes and CRLF split across reads. */
static void
test_trickle(void)
{
	static const char	 in[] = "\xef\xbb\xbf\"a\"\"b\",c\r\n\r\n"
	    "\"x\r\ny\"\r\nz\n\"p\nq\"r,s\nt";
	struct vg_csv		*cs;
	pid_t			 pid;
	int			 fds[2], status;
	size_t			 i;

	if (pipe(fds) == -1 || (pid = fork()) == -1)
		exit(1);
	if (pid == 0) {
		close(fds[0]);
		for (i = 0; i < sizeof(in) - 1; i++) {
			if (write(fds[1], in + i, 1) != 1)
				_exit(1);
			usleep(200);
		}
		_exit(0);
	}
	close(fds[1]);
	cs = vg_csv_open(fds[0], 0);
	is_str(nx(cs), "1:a\"b|c", "byte by byte: BOM and escapes");
	is_str(nx(cs), "3:x\r\ny", "byte by byte: CRLF and empty line");
	is_str(nx(cs), "5:z", "byte by byte: plain line");
	is_str(nx(cs), "6!unexpected character after closing quote",
	    "byte by byte: text after a multi-line quoted field");
	is_str(nx(cs), "8:t", "byte by byte: last line");
	is_str(nx(cs), "eof", "byte by byte: end");
	done(cs, fds[0]);
	waitpid(pid, &status, 0);
}

/* The items of a list field, as vg_list_next gives them, joined by '|'. */
static void
list_is(const char *list, int trim, const char *want, const char *what)
{
	struct vg_buf	 b = { NULL, 0, 0 };
	struct vg_str	 item;
	const char	*p = list;
	int		 n = 0;

	while (vg_list_next(&p, list + strlen(list), ';', trim, &item)) {
		if (n++ > 0)
			vg_buf_add(&b, "|", 1);
		vg_buf_add(&b, item.s, item.len);
		vg_buf_add(&b, "", 0);
	}
	is_str(n > 0 ? b.s : "", want, "%s", what);
	free(b.s);
}

static void
test_list(void)
{
	list_is("", 0, "", "list: empty");
	list_is("a", 0, "a", "list: one item");
	list_is("a;b", 0, "a|b", "list: two");
	list_is("a;b;", 0, "a|b", "list: a separator at the end ends it");
	list_is(";a;;b", 0, "|a||b", "list: empty items given");
	list_is(" a ; b\t;c ", 1, "a|b|c", "list: blanks trimmed");
	list_is(" a ; b ", 0, " a | b ", "list: blanks kept");
	list_is(" ; ", 1, "|", "list: blank items trimmed to nothing");
}

/* What a tap was shown: the bytes, and whether each came next. */
struct tapped {
	char		*buf;		/* the bytes, in order */
	size_t		 len;		/* how many */
	int		 gap;		/* one was not at the offset next */
	int		 calls;		/* how many times shown */
};

static void
tap(void *arg, uint64_t off, const void *p, size_t n)
{
	struct tapped	*t = arg;

	if (off != t->len)
		t->gap = 1;
	t->buf = xreallocarray(t->buf, t->len + n, 1);
	memcpy(t->buf + t->len, p, n);
	t->len += n;
	t->calls++;
}

/* vg_csv_tap: every byte read is shown once, in order, even in pieces */
static void
test_tap(void)
{
	struct tapped	 t;
	struct vg_csv	*cs;
	char		*big;
	int		 fd, i, n = 0;
	pid_t		 pid;

	big = xmalloc(3 * 1024 * 1024);
	for (i = 0; i < 3 * 1024 * 1024; i++)
		big[i] = i % 61 == 60 ? '\n' : i % 7 == 6 ? ',' : 'a' + i % 23;
	memset(&t, 0, sizeof(t));
	cs = vg_csv_open(fd = tmpfd(big, 3 * 1024 * 1024), 0);
	vg_csv_tap(cs, tap, &t);
	while (strcmp(nx(cs), "eof") != 0)
		n++;
	is_int(n, 3 * 1024 * 1024 / 61 + 1, "the records of a file tapped");
	ok(t.len == 3 * 1024 * 1024 && memcmp(t.buf, big, t.len) == 0 &&
	    !t.gap, "the tap was shown every byte once, in order");
	ok(t.calls > 1, "in several reads");
	done(cs, fd);
	free(t.buf);

	memset(&t, 0, sizeof(t));
	cs = vg_csv_open(fd = pipefd(S("a,b\n\"c\nd\",e\nf\n"), &pid), 0);
	vg_csv_tap(cs, tap, &t);
	while (strcmp(nx(cs), "eof") != 0)
		;
	waitpid(pid, NULL, 0);
	ok(t.len == 14 && memcmp(t.buf, "a,b\n\"c\nd\",e\nf\n", 14) == 0 &&
	    !t.gap, "a trickle shown whole, in order");
	done(cs, fd);
	free(t.buf);
	free(big);
}

int
main(void)
{
	test_basic();
	test_edges();
	test_errors();
	test_big_record();
	test_random();
	test_trickle();
	test_list();
	test_tap();
	free(last);
	return tap_done();
}
