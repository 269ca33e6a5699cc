/* unit-report.c: tests of the case report as XML and HTML (report.c) */
#include "report.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

/* A 1x1 PNG (one red pixel). */
static const unsigned char png[] =
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52"
    "\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53"
    "\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\xda\x63\x38\xa3\xa4\x04"
    "\x00\x02\xce\x01\x11\x64\x17\x4b\xf5\x00\x00\x00\x00\x49\x45\x4e"
    "\x44\xae\x42\x60\x82";
#define PNG_B64	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mM4o6Q" \
		"EAALOARFkF0v1AAAAAElFTkSuQmCC"

#define NOTE	"Witness said: <script>alert(1)</script> & \"run\" 'north'"
#define NOTE_ESC "Witness said: &lt;script&gt;alert(1)&lt;/script&gt; " \
		"&amp; &quot;run&quot; &#39;north&#39;"

#define H1	"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define H2	"60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
#define H3	"fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13"
#define H4	"a4e624d686e03ed2767c0abd85c14426b0b1157d2ce81d27bb4fe4f6f01d688a"

static char	*tmpdir;	/* everything the tests write */
static char	*errmsg;	/* message of the last failure */

static int64_t
t(const char *s)
{
	int64_t		 us;
	const char	*why;

	if (vg_time_parse(NULL, s, strlen(s), &us, &why) == -1) {
		printf("# bad time '%s': %s\n", s, why);
		abort();
	}
	return us;
}

static char *
path_of(const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", tmpdir, name);
	return p;
}

static void
put_file(const char *path, const void *data, size_t len)
{
	FILE	*f;

	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("# cannot write '%s': %s\n", path, strerror(errno));
		abort();
	}
}

/* A whole file, NUL-terminated, or NULL. */
static char *
get_file(const char *path, size_t *lenp)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			buf = xreallocarray(buf, cap, 1);
		}
		if ((n = fread(buf + len, 1, cap - len - 1, f)) == 0)
			break;
		len += n;
	}
	fclose(f);
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return buf;
}

static int
same_file(const char *a, const char *b)
{
	char	*x, *y;
	size_t	 nx, ny;
	int	 same;

	x = get_file(a, &nx);
	y = get_file(b, &ny);
	same = x != NULL && y != NULL && nx == ny && memcmp(x, y, nx) == 0;
	free(x);
	free(y);
	return same;
}

static int
contains(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

static int
contains_nocase(const char *hay, const char *needle)
{
	size_t	i, n = strlen(needle);

	for (; hay != NULL && *hay != '\0'; hay++) {
		for (i = 0; i < n; i++)
			if (tolower((unsigned char)hay[i]) !=
			    tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return 1;
	}
	return 0;
}

/* The line of the first occurrence of needle, 0 if none. */
static long
line_of(const char *hay, const char *needle)
{
	const char	*p = strstr(hay, needle), *q;
	long		 line = 1;

	if (p == NULL)
		return 0;
	for (q = hay; q < p; q++)
		if (*q == '\n')
			line++;
	return line;
}

/* Call a writer; its error message, or NULL on success. */
static const char *
run(int (*fn)(const struct vg_report *, const char *, struct vg_error *),
    const struct vg_report *r, const char *path)
{
	struct vg_error	e = { 0, NULL };

	free(errmsg);
	errmsg = NULL;
	if (fn(r, path, &e) == 0)
		return NULL;
	errmsg = e.msg != NULL ? e.msg : xstrdup("(no message)");
	return errmsg;
}

static const char *
validate(const char *path)
{
	struct vg_error	e = { 0, NULL };

	free(errmsg);
	errmsg = NULL;
	if (vg_report_validate(path, &e) == 0)
		return NULL;
	errmsg = e.msg != NULL ? e.msg : xstrdup("(no message)");
	return errmsg;
}

/* The report of the overpass case, with every kind of part. */
static struct vg_report_hop		hops[4];
static struct vg_report_subject		subjects[2];
static struct vg_report_item		items[1];
static struct vg_report_note		notes[2];
static struct vg_report_entry		custody[3];

static void
fill(struct vg_report *r, const struct vg_site *site, struct vg_tz *tz,
    const char *datadir)
{
	memset(r, 0, sizeof(*r));
	memset(hops, 0, sizeof(hops));
	r->number = "2024-1120-017";
	r->title = "Assault on the north overpass";
	r->status = "open";
	r->incident_time = t("2024-11-20T22:47:00+08:00");
	r->incident_place = "OVP-N";
	r->created = t("2024-11-20T23:05:12+08:00");
	r->created_by = "wang.lei";
	r->archive = "/srv/vigil/longhua.db";
	r->organization = "Longhua Public Security Bureau";
	r->generator = "vigil 0.1.0";
	r->as_of = t("2024-11-21T01:30:00.25+08:00");
	r->tz = tz;
	r->site = site;
	r->datadir = datadir;
	r->sheet = "frames/sheet.png";

	hops[0] = (struct vg_report_hop){ 1, "C017", "camera", "T4",
	    t("2024-11-20T22:47:10.500000+08:00"),
	    t("2024-11-20T22:47:31.250001+08:00"), NAN, 1.0, NULL,
	    "confirmed", "the anchor: victim's description", "clips/01-C017.mp4",
	    H1, "frames/01-C017.png", t("2024-11-20T22:47:08+08:00"),
	    -2500000 };
	hops[1] = (struct vg_report_hop){ 2, "C018", "camera", "T11",
	    t("2024-11-20T22:48:02+08:00"), VG_TIME_NONE, 51.5, 0.8734,
	    NULL, "proposed", NULL, "clips/02-C018.mp4", H2,
	    "frames/02-C018.png", t("2024-11-20T22:48:00+08:00"), 0 };
	hops[2] = (struct vg_report_hop){ 3, "G-N3", "gate", NULL,
	    t("2024-11-20T22:48:40.000123+08:00"), VG_TIME_NONE, 38.000123,
	    0.99, "P0042", "confirmed", "face match 0.97 at the gate", NULL,
	    NULL, NULL, VG_TIME_NONE, 0 };
	hops[3] = (struct vg_report_hop){ 4, "C031", "camera", "T2",
	    t("2024-11-21T00:01:00+08:00"), VG_TIME_NONE, 4340, 0.12, NULL,
	    "rejected", "another man, different jacket", NULL, NULL, NULL,
	    VG_TIME_NONE, 1000000 };
	r->hops = hops;
	r->nhops = 4;

	subjects[0] = (struct vg_report_subject){ "person", "P0042", "李伟",
	    "black jacket, grey trousers", NULL,
	    t("2024-11-21T00:10:00+08:00"), "wang.lei" };
	subjects[1] = (struct vg_report_subject){ "anchor", NULL, NULL, NULL,
	    "C017:T4", t("2024-11-20T23:10:00+08:00"), "张敏" };
	r->subjects = subjects;
	r->nsubjects = 2;

	items[0] = (struct vg_report_item){ 7, "clip", "C017:T4",
	    "clips/01-C017.mp4", H1, "the assault, east stair",
	    t("2024-11-20T23:20:00+08:00"), "wang.lei" };
	r->items = items;
	r->nitems = 1;

	notes[0] = (struct vg_report_note){ t("2024-11-20T23:15:00+08:00"),
	    "wang.lei", NOTE };
	notes[1] = (struct vg_report_note){ t("2024-11-21T00:12:00+08:00"),
	    "张敏", "Suspect lives in dormitory B12.\nArrest planned." };
	r->notes = notes;
	r->nnotes = 2;

	custody[0] = (struct vg_report_entry){ 1,
	    t("2024-11-20T23:05:12+08:00"), "wang.lei", "vigil-case",
	    "new 2024-1120-017 --title 'Assault on the north overpass'", H2 };
	custody[1] = (struct vg_report_entry){ 2,
	    t("2024-11-20T23:40:00+08:00"), "wang.lei", "vigil-track",
	    "-c 2024-1120-017 C017:T4", H3 };
	custody[2] = (struct vg_report_entry){ 3,
	    t("2024-11-21T01:30:00.25+08:00"), "张敏", "vigil-case",
	    "decide G-N3:- confirm --why 'face match'", H4 };
	r->custody = custody;
	r->ncustody = 3;
}

static void
test_xml(const struct vg_report *r)
{
	char		*a = path_of("a.xml"), *b = path_of("b.xml");
	char		*bad = path_of("bad.xml"), *x, *p, *q;
	const char	*m;
	long		 line;

	m = run(vg_report_xml, r, a);
	is_str(m, NULL, "report.xml written");
	m = run(vg_report_xml, r, b);
	is_str(m, NULL, "report.xml written again");
	ok(same_file(a, b), "same report, same bytes");
	m = run(vg_report_xml, r, a);
	ok(contains(m, "exists"), "an existing report is not overwritten: %s",
	    m != NULL ? m : "(none)");
	ok(same_file(a, b), "and is left as it was");

	m = validate(a);
	is_str(m, NULL, "report.xml is valid against report.xsd");

	x = get_file(a, NULL);
	ok(contains(x, "<report xmlns=\"urn:vigil:report:1\">"), "namespace");
	ok(contains(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
	    "declares UTF-8");
	ok(contains(x, "<first local=\"2024-11-20T22:47:10.500000+08:00\">"
	    "2024-11-20T14:47:10.500000Z</first>"),
	    "times in UTC to the microsecond, with the local rendering");
	ok(contains(x, "<created local=\"2024-11-20T23:05:12+08:00\">"
	    "2024-11-20T15:05:12Z</created>"), "whole seconds have no fraction");
	ok(contains(x, "<offset>-2.5</offset>"), "offset in seconds");
	ok(contains(x, "<transit>38.000123</transit>"), "transit to the us");
	ok(contains(x, "<confidence>0.8734</confidence>"), "confidence");
	ok(contains(x, "<name>李伟</name>"), "CJK name as is");
	ok(contains(x, "<text>Witness said: &lt;script&gt;alert(1)&lt;/script"
	    "&gt; &amp; ") && contains(x, "'north'</text>"),
	    "note escaped by libxml2");
	ok(x != NULL && strlen(x) > 0 && x[strlen(x) - 1] == '\n',
	    "ends in a newline");
	ok(contains(x, "<clip sha256=\"" H1 "\">clips/01-C017.mp4</clip>"),
	    "clip with its digest");
	ok(contains(x, "<timezone>Asia/Shanghai</timezone>"), "zone named");
	ok(!contains(x, "<clip-first") || line_of(x, "<clip-first") >
	    line_of(x, "<clip "), "clip-first follows the clip");

	/* a bad decision: the message names the line */
	p = strstr(x, "<decision>proposed</decision>");
	ok(p != NULL, "the proposed hop is there");
	if (p != NULL) {
		line = line_of(x, "<decision>proposed</decision>");
		q = xstrdup(x);
		memcpy(q + (p - x), "<decision>probable</decision>", 29);
		put_file(bad, q, strlen(q));
		free(q);
		m = validate(bad);
		ok(m != NULL, "a decision 'probable' is refused: %s",
		    m != NULL ? m : "(accepted)");
		xasprintf(&p, "line %ld:", line);
		ok(contains(m, p) && contains(m, "bad.xml") &&
		    contains(m, "decision") && contains(m, "probable"),
		    "naming the file, line %ld and the element", line);
		ok(!contains(m, "{urn:"), "without the namespace in braces");
		free(p);
		unlink(bad);
	}

	/* a custody hash of 63 hex digits */
	p = strstr(x, "<hash>" H3 "</hash>");
	ok(p != NULL, "the second custody hash is there");
	if (p != NULL) {
		line = line_of(x, "<hash>" H3 "</hash>");
		q = xstrdup(x);
		memmove(q + (p - x) + 6 + 63, q + (p - x) + 6 + 64,
		    strlen(q + (p - x) + 6 + 64) + 1);
		put_file(bad, q, strlen(q));
		free(q);
		m = validate(bad);
		xasprintf(&p, "line %ld:", line);
		ok(contains(m, p) && contains(m, "hash"),
		    "a hash of 63 digits is refused on line %ld: %s", line,
		    m != NULL ? m : "(accepted)");
		free(p);
		unlink(bad);
	}

	/* confidence above 1 */
	p = strstr(x, "<confidence>0.8734</confidence>");
	if (p != NULL) {
		q = xstrdup(x);
		memcpy(q + (p - x), "<confidence>1.8734</confidence>", 31);
		put_file(bad, q, strlen(q));
		free(q);
		m = validate(bad);
		ok(contains(m, "confidence"), "confidence 1.8734 is refused: %s",
		    m != NULL ? m : "(accepted)");
		unlink(bad);
	}

	/* a local time without a zone */
	p = strstr(x, "T23:05:12+08:00");
	if (p != NULL) {
		q = xstrdup(x);
		memcpy(q + (p - x), "T23:05:12Z     ", 15);
		put_file(bad, q, strlen(q));
		free(q);
		m = validate(bad);
		ok(m != NULL, "a local time in Z is refused: %s",
		    m != NULL ? m : "(accepted)");
		unlink(bad);
	}

	/* hostile and foreign documents */
	p = strstr(x, "<report");
	if (p != NULL) {
		xasprintf(&q, "<?xml version=\"1.0\"?>\n"
		    "<!DOCTYPE report [\n<!ENTITY x SYSTEM \"file:///etc/passwd\">\n"
		    "]>\n%s", p);
		put_file(bad, q, strlen(q));
		free(q);
		m = validate(bad);
		ok(contains(m, "line 2:") && contains(m, "document type"),
		    "a DOCTYPE is refused where it starts: %s",
		    m != NULL ? m : "(accepted)");
		unlink(bad);
	}
	put_file(bad, "<report xmlns=\"urn:other\"/>",
	    strlen("<report xmlns=\"urn:other\"/>"));
	m = validate(bad);
	ok(contains(m, "not a vigil report"), "another namespace is refused: %s",
	    m != NULL ? m : "(accepted)");
	put_file(bad, "<report xmlns=\"urn:vigil:report:1\">\n<case>",
	    strlen("<report xmlns=\"urn:vigil:report:1\">\n<case>"));
	m = validate(bad);
	ok(contains(m, "bad.xml") && contains(m, "line 2"),
	    "truncated XML is refused: %s", m != NULL ? m : "(accepted)");
	unlink(bad);
	m = validate(bad);
	ok(contains(m, "bad.xml"), "a missing file is named: %s",
	    m != NULL ? m : "(accepted)");

	free(x);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
	free(bad);
}

static void
test_html(const struct vg_report *r)
{
	char		*a = path_of("a.html"), *b = path_of("b.html");
	char		*h, *want;
	const char	*m;
	size_t		 i;

	m = run(vg_report_html, r, a);
	is_str(m, NULL, "report.html written");
	m = run(vg_report_html, r, b);
	is_str(m, NULL, "report.html written again");
	ok(same_file(a, b), "same report, same bytes");
	m = run(vg_report_html, r, a);
	ok(contains(m, "exists"), "an existing report is not overwritten");

	h = get_file(a, NULL);
	ok(h != NULL && strncmp(h, "<!DOCTYPE html>\n", 16) == 0, "HTML5");
	ok(!contains_nocase(h, "<script"), "no script");
	ok(!contains(h, "http://") || !contains(h, "src=\"http"),
	    "no external resources");
	ok(!contains(h, "src=\"http") && !contains(h, "href=\"http") &&
	    !contains(h, "@import") && !contains(h, "@font-face") &&
	    !contains(h, "url(http"), "nothing fetched from outside");
	ok(contains(h, NOTE_ESC), "the note is escaped");
	ok(contains(h, "<p class=\"note\">Suspect lives in dormitory B12.\n"
	    "Arrest planned.</p>"), "line breaks of notes kept");
	ok(contains(h, "李伟"), "CJK names untouched");
	ok(contains(h, "龙华北厂区"), "site name from the site");
	ok(contains(h, "data:image/png;base64," PNG_B64 "\""),
	    "frame embedded as a data: URI");
	ok(contains(h, "TkSuQmCCAA==\""), "base64 padding");
	ok(contains(h, "frame missing"), "a missing frame is said");
	ok(contains(h, "frames/02-C018.png"), "and named");
	ok(contains(h, "<svg class=\"plan\""), "the site plan as SVG");
	ok(contains(h, "<path class=\"path\""), "the path on it");
	ok(contains(h, "@media print") && contains(h, "size:A4"),
	    "print style for A4");
	ok(contains(h, "<h1><span class=\"num\">Case 2024-1120-017</span>"
	    "Assault on the north overpass</h1>"), "header");
	ok(contains(h, ">2024-11-20T22:47:00+08:00</time> at <b>OVP-N</b> "
	    "(North overpass)"), "incident time and place, with the offset");
	ok(contains(h, "87.3%"), "confidence as a percentage");
	ok(contains(h, "title=\"SHA-256 " H1 "\">9f86d081884c"),
	    "clip digest cut short, in full in its title");
	ok(contains(h, "<dt>Entries</dt><dd>3</dd>"), "custody summary");
	ok(contains(h, "<dt>Last hash</dt><dd class=\"hash\">" H4 "</dd>"),
	    "last custody hash");
	ok(contains(h, "--why &#39;face match&#39;"), "custody arguments");
	for (i = 0; i < r->nhops; i++) {
		xasprintf(&want, "<b>%s</b>", r->hops[i].device);
		ok(contains(h, want), "hop %d's device %s", r->hops[i].n,
		    r->hops[i].device);
		free(want);
		xasprintf(&want, "id=\"hop-%d\"", r->hops[i].n);
		ok(contains(h, want), "hop %d has a figure", r->hops[i].n);
		free(want);
	}
	ok(contains(h, ">22:47:10.500 <span class=\"small\">+08:00</span>"),
	    "table times to the millisecond when whole, with the offset");
	ok(contains(h, "<span class=\"small\">2024-11-21</span>"),
	    "the date is shown when it changes");
	ok(contains(h, "Written by vigil 0.1.0"), "footer");
	free(h);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
}

/* Content that cannot be written as given is refused, and nothing written. */
static void
test_refused(struct vg_report *r)
{
	char		*p = path_of("r.xml");
	struct stat	 sb;
	const char	*m;

	hops[1].decision = "maybe";
	m = run(vg_report_xml, r, p);
	ok(contains(m, "hop 2: decision 'maybe' is not confirmed, rejected "
	    "or proposed"), "bad decision: %s", m != NULL ? m : "(written)");
	ok(stat(p, &sb) == -1 && errno == ENOENT, "nothing written");
	m = run(vg_report_html, r, p);
	ok(contains(m, "hop 2: decision"), "in HTML too");
	hops[1].decision = "proposed";

	hops[1].clip_sha256 = &H2[1];
	m = run(vg_report_xml, r, p);
	ok(contains(m, "hop 2: clip SHA-256") && contains(m, "64"),
	    "a digest of 63 digits: %s", m != NULL ? m : "(written)");
	hops[1].clip_sha256 = H2;

	hops[0].frame = "../../etc/passwd";
	m = run(vg_report_html, r, p);
	ok(contains(m, "hop 1: frame '../../etc/passwd' is not a path inside "
	    "data/"), "a frame outside data/: %s", m != NULL ? m : "(written)");
	hops[0].frame = "/etc/passwd";
	ok(run(vg_report_xml, r, p) != NULL, "an absolute frame path");
	hops[0].frame = "frames/01-C017.png";

	hops[2].confidence = 1.5;
	m = run(vg_report_xml, r, p);
	ok(contains(m, "hop 3: confidence"), "confidence 1.5: %s",
	    m != NULL ? m : "(written)");
	hops[2].confidence = 0.99;

	hops[3].n = 3;
	m = run(vg_report_xml, r, p);
	ok(contains(m, "numbers must increase"), "hop numbers repeat: %s",
	    m != NULL ? m : "(written)");
	hops[3].n = 4;

	ok(stat(p, &sb) == -1 && errno == ENOENT, "still nothing written");
	free(p);
}

/* Text XML or HTML cannot hold as it is, carried: nothing is refused. */
static void
test_carried(struct vg_report *r)
{
	char	*x = path_of("carried.xml"), *h = path_of("carried.html");
	char	*s;

	notes[0].text = "bell \a, escape \033[2J, bad \xff byte\nline two";
	is_str(run(vg_report_xml, r, x), NULL, "a note with control "
	    "characters and a stray byte is written");
	is_str(validate(x), NULL, "and the XML is valid");
	s = get_file(x, NULL);
	ok(contains(s, "<text>bell \xe2\x90\x87, escape \xe2\x90\x9b[2J, bad "
	    "\xef\xbf\xbd byte\nline two</text>"), "as control pictures and "
	    "U+FFFD, its newline kept");
	free(s);
	is_str(run(vg_report_html, r, h), NULL, "and in HTML");
	s = get_file(h, NULL);
	ok(contains(s, "bell \xe2\x90\x87, escape \xe2\x90\x9b[2J, bad "
	    "\xef\xbf\xbd byte\nline two") && !contains(s, "\a") &&
	    !contains(s, "\033"), "the same way");
	free(s);
	notes[0].text = NOTE;
	unlink(x);
	unlink(h);
	free(x);
	free(h);
}

/* A report with nothing but its case, and no site or data. */
static void
test_bare(void)
{
	struct vg_report	 r;
	char			*x = path_of("bare.xml"), *h = path_of("bare.html");
	char			*s;

	memset(&r, 0, sizeof(r));
	r.number = "1";
	r.title = "";
	r.status = "closed";
	r.incident_time = t("2024-01-01T00:00:00Z");
	r.created = r.incident_time;
	r.created_by = "x";
	r.archive = "a.db";
	r.generator = "vigil 0.1.0";
	r.as_of = r.incident_time;
	is_str(run(vg_report_xml, &r, x), NULL, "a bare report.xml");
	is_str(validate(x), NULL, "is valid");
	is_str(run(vg_report_html, &r, h), NULL, "a bare report.html");
	s = get_file(h, NULL);
	ok(contains(s, "No site plan") && contains(s, "No hops"),
	    "says what it lacks");
	free(s);
	unlink(x);
	unlink(h);
	free(x);
	free(h);
}

int
main(void)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_report	 r;
	struct vg_site		*site = NULL;
	struct vg_tz		*tz;
	const char		*top;
	char			*share, *p, *data;

	if ((top = getenv("top_srcdir")) == NULL || *top == '\0')
		top = ".";
	if (getenv("VIGIL_SHARE") == NULL) {
		xasprintf(&share, "%s/share/vigil", top);
		setenv("VIGIL_SHARE", share, 1);
		free(share);
	}
	tmpdir = xstrdup("/tmp/unit-report.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! cannot make a directory: %s\n",
		    strerror(errno));
		return 1;
	}
	xasprintf(&p, "%s/share/vigil/demo/site.xml", top);
	if (vg_site_load(p, &site, &e) == -1) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	free(p);
	if ((tz = vg_tz_open(site->timezone, &e)) == NULL) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}

	data = path_of("data");
	mkdir(data, 0700);
	p = path_of("data/frames");
	mkdir(p, 0700);
	free(p);
	p = path_of("data/frames/01-C017.png");
	put_file(p, png, sizeof(png) - 1);
	free(p);
	p = path_of("data/frames/sheet.png");
	put_file(p, png, sizeof(png));	/* with a NUL after IEND */
	free(p);

	fill(&r, site, tz, data);
	test_xml(&r);
	test_html(&r);
	test_refused(&r);
	test_carried(&r);
	test_bare();

	p = path_of("data/frames/01-C017.png");
	unlink(p);
	free(p);
	p = path_of("data/frames/sheet.png");
	unlink(p);
	free(p);
	p = path_of("data/frames");
	rmdir(p);
	free(p);
	rmdir(data);
	rmdir(tmpdir);
	free(data);
	free(tmpdir);
	free(errmsg);
	vg_tz_free(tz);
	vg_site_free(site);
	return tap_done();
}
