/* unit-site.c: tests of the site description loader (site.c) */
#include "vigil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define HEAD	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define SITE	"<site xmlns=\"urn:vigil:site:1\" id=\"s\" name=\"S\"" \
		" timezone=\"UTC\">\n"
#define ZONE	"<zone id=\"z\" name=\"Z\" ring=\"1\"/>\n"
#define GATE	"<gate id=\"g\" name=\"G\" zone=\"z\" x=\"1\" y=\"2\"" \
		" kind=\"door\"/>\n"
#define CAMERA	"<camera id=\"c\" name=\"C\" zone=\"z\" x=\"0\" y=\"0\"/>\n"

static char	*lastmsg;	/* message of the last failed load */

/* Load a document held in a string; its error message, or NULL. */
static const char *
load(const char *xml, struct vg_site **sitep)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_site	*site;

	free(lastmsg);
	lastmsg = NULL;
	if (vg_site_load_memory(xml, strlen(xml), "t.xml", &site, &e) == -1) {
		lastmsg = e.msg;
		if (sitep != NULL)
			*sitep = NULL;
		return lastmsg != NULL ? lastmsg : "(no message)";
	}
	if (sitep != NULL)
		*sitep = site;
	else
		vg_site_free(site);
	return NULL;
}

static int
starts_with(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static void
test_demo(const char *top)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_site		*site;
	const struct vg_device	*d;
	const struct vg_zone	*z;
	char			*path;

	xasprintf(&path, "%s/share/vigil/demo/site.xml", top);
	is_int(vg_site_load(path, &site, &e), 0, "demo site loads");
	if (site == NULL) {
		printf("# %s\n", e.msg);
		free(path);
		vg_error_clear(&e);
		return;
	}
	free(path);
	is_str(site->id, "longhua-north", "site id");
	is_str(site->name, "龙华北厂区", "site name in UTF-8");
	is_str(site->timezone, "Asia/Shanghai", "site time zone");
	is_int(site->nzones, 5, "five zones");
	is_int(site->nplaces, 6, "six places");
	is_int(site->ndevices, 15, "fifteen devices");
	is_int(site->nlinks, 14, "fourteen links");

	z = vg_site_zone(site, "core");
	ok(z != NULL && z->ring == 5, "zone core is ring 5");
	is_int(z != NULL ? z->line : 0, 10, "zone core is on line 10");
	ok(vg_site_zone(site, "nowhere") == NULL, "no zone nowhere");
	is_str(site->places[1].kind, "dormitory", "place B12 is a dormitory");
	ok(site->places[0].x == 120 && site->places[0].y == -40,
	    "place OVP-N at 120,-40");

	d = vg_site_device(site, "G-N3");
	ok(d != NULL && d->type == VG_GATE, "G-N3 is a gate");
	if (d != NULL) {
		is_str(d->kind, "pedestrian", "G-N3 kind");
		is_int(d->creds, VG_CRED_FACE | VG_CRED_BADGE,
		    "G-N3 takes face and badge");
		is_str(d->ext,
		    "{\"{urn:example:hikvision}serial\":\"DS-K1T671-0042\"}",
		    "G-N3 keeps its vendor serial");
		is_int(d->line, 19, "G-N3 starts on line 19");
		ok(isnan(d->heading), "a gate has no heading");
		ok(d->place == NULL && d->recordings == NULL,
		    "a gate has no place and no recordings");
	}
	d = vg_site_device(site, "D-CHEM");
	is_int(d != NULL ? d->creds : 0, VG_CRED_BADGE | VG_CRED_PIN,
	    "D-CHEM takes badge and pin");
	d = vg_site_device(site, "C017");
	ok(d != NULL && d->type == VG_CAMERA, "C017 is a camera");
	if (d != NULL) {
		ok(d->kind == NULL && d->creds == 0,
		    "a camera has no kind and no credentials");
		is_str(d->place, "OVP-N", "C017 watches OVP-N");
		ok(d->heading == 90, "C017 heads east");
		is_int(d->face, 0, "C017 does not match faces");
		is_str(d->recordings, "rec/C017/%Y%m%d/%H%M%S.mp4",
		    "C017 recordings pattern");
		ok(d->ext == NULL, "C017 has no foreign attributes");
		ok(d->x == 125 && d->y == -35, "C017 at 125,-35");
	}
	d = vg_site_device(site, "C031");
	is_int(d != NULL ? d->face : -1, 1, "C031 matches faces");
	ok(vg_site_device(site, "OVP-N") == NULL, "a place is not a device");
	is_str(site->links[13].to, "D-FIN", "last link ends at D-FIN");
	is_int(site->links[13].directed, 1, "last link is directed");
	is_int(site->links[0].directed, 0, "first link goes both ways");
	ok(site->links[0].min == 15 && site->links[0].max == 120,
	    "first link takes 15 to 120 seconds");
	vg_site_free(site);

	is_int(vg_site_load("no/such/site.xml", &site, &e), -1,
	    "a missing file fails");
	is_str(e.msg, "cannot open 'no/such/site.xml': No such file or "
	    "directory", "a missing file is named");
	ok(site == NULL, "no site on failure");
	vg_error_clear(&e);
}

static void
test_valid(void)
{
	struct vg_site	*site;
	const char	*m;

	m = load(HEAD "<site xmlns=\"urn:vigil:site:1\" id=\"s\" name=\"\""
	    " timezone=\"UTC\"/>\n", &site);
	is_str(m, NULL, "an empty site is valid");
	if (site != NULL) {
		ok(site->nzones == 0 && site->ndevices == 0 &&
		    site->nlinks == 0 && site->zones == NULL,
		    "an empty site has nothing");
		vg_site_free(site);
	}

	m = load(HEAD "<v:site xmlns:v=\"urn:vigil:site:1\" id=\"s\""
	    " name=\"S\" timezone=\" Europe/Berlin \">\n"
	    "<v:zone id=\" z \" name=\" Z \" ring=\" +2 \"/>\n"
	    "<x:note xmlns:x=\"urn:x\">any <b>thing</b></x:note>\n"
	    "<v:gate id=\"g\" name=\"G\" zone=\" z\" x=\"-1.5\" y=\".25\"\n"
	    "  kind=\" vehicle \" credentials=\"\n plate  qr\n\"/>\n"
	    "<v:camera id=\"c\" name=\"C\" zone=\"z\" x=\"0\" y=\"0\""
	    " heading=\"360\" face=\"1\">"
	    "<x:mount xmlns:x=\"urn:x\" height=\"4\"/></v:camera>\n"
	    "<v:link from=\"g\" to=\"c\" min=\"0\" max=\"0\""
	    " directed=\"true\"/>\n"
	    "<v:link from=\"c\" to=\"g\" min=\"1\" max=\"2\""
	    " directed=\"true\"/>\n"
	    "</v:site>\n", &site);
	is_str(m, NULL, "a prefixed site with white space and extensions");
	if (site != NULL) {
		is_str(site->timezone, "Europe/Berlin", "zone name trimmed");
		is_str(site->zones[0].id, "z", "id trimmed");
		is_str(site->zones[0].name, " Z ", "name kept as written");
		is_int(site->zones[0].ring, 2, "ring +2");
		is_int(site->devices[0].creds, VG_CRED_PLATE | VG_CRED_QR,
		    "credentials across lines");
		ok(site->devices[0].x == -1.5 && site->devices[0].y == 0.25,
		    "decimals read");
		is_int(site->devices[0].line, 5, "a tag over two lines starts "
		    "on its first");
		ok(site->devices[1].heading == 360 && site->devices[1].face,
		    "heading 360, face 1");
		is_int(site->nlinks, 2, "links both ways when directed");
		vg_site_free(site);
	}

	m = load(HEAD SITE ZONE
	    "<gate id=\"g\" name=\"G\" zone=\"z\" x=\"1\" y=\"2\""
	    " kind=\"door\" xmlns:a=\"urn:a\" xmlns:b=\"urn:b\""
	    " b:tag=\"x&quot;y&#10;z\\&#127;\" a:serial=\"42\"/>\n"
	    "</site>\n", &site);
	is_str(m, NULL, "foreign attributes are allowed");
	if (site != NULL) {
		is_str(site->devices[0].ext,
		    "{\"{urn:b}tag\":\"x\\\"y\\nz\\\\\\u007f\","
		    "\"{urn:a}serial\":\"42\"}",
		    "foreign attributes as escaped JSON, in order");
		vg_site_free(site);
	}
}

static void
test_semantic(void)
{
	is_str(load(HEAD "<site xmlns=\"urn:vigil:site:1\" id=\"s\" name=\"S\"\n"
	    "  timezone=\"Mars/Olympus\">\n</site>\n", NULL),
	    "'t.xml', line 2: unknown time zone 'Mars/Olympus'",
	    "unknown time zone");
	is_str(load(HEAD "<site xmlns=\"urn:vigil:site:1\" id=\"s\" name=\"S\""
	    " timezone=\"../../etc/passwd\"/>\n", NULL),
	    "'t.xml', line 2: unknown time zone '../../etc/passwd'",
	    "a time zone cannot climb out of the database");
	is_str(load(HEAD "<site xmlns=\"urn:vigil:site:1\" id=\"s\" name=\"S\""
	    " timezone=\"Asia\"/>\n", NULL),
	    "'t.xml', line 2: unknown time zone 'Asia'",
	    "a directory is not a time zone");
	is_str(load(HEAD SITE ZONE
	    "<place id=\"p\" name=\"P\" zone=\"x\" kind=\"shop\" x=\"0\""
	    " y=\"0\"/>\n</site>\n", NULL),
	    "'t.xml', line 4: unknown zone 'x'", "place in an unknown zone");
	is_str(load(HEAD SITE ZONE
	    "<gate id=\"g\" name=\"G\" zone=\"zz\" x=\"1\" y=\"2\""
	    " kind=\"door\"/>\n</site>\n", NULL),
	    "'t.xml', line 4: unknown zone 'zz'", "gate in an unknown zone");
	is_str(load(HEAD SITE ZONE
	    "<place id=\"p\" name=\"P\" zone=\"z\" kind=\"shop\" x=\"0\""
	    " y=\"0\"/>\n"
	    "<camera id=\"c\" name=\"C\" zone=\"p\" x=\"0\" y=\"0\"/>\n"
	    "</site>\n", NULL),
	    "'t.xml', line 5: unknown zone 'p'", "a place is not a zone");
	is_str(load(HEAD SITE ZONE
	    "<camera id=\"c\" name=\"C\" zone=\"z\" x=\"0\" y=\"0\"\n"
	    "  place=\"q\"/>\n</site>\n", NULL),
	    "'t.xml', line 4: unknown place 'q'", "camera watching nothing");
	is_str(load(HEAD SITE ZONE GATE CAMERA
	    "<link from=\"c\" to=\"X\" min=\"1\" max=\"2\"/>\n</site>\n",
	    NULL),
	    "'t.xml', line 6: link from 'c' to 'X': unknown device 'X'",
	    "link to an unknown device");
	is_str(load(HEAD SITE ZONE GATE CAMERA
	    "<link from=\"z\" to=\"c\" min=\"1\" max=\"2\"/>\n</site>\n",
	    NULL),
	    "'t.xml', line 6: link from 'z' to 'c': unknown device 'z'",
	    "link from a zone");
	is_str(load(HEAD SITE ZONE GATE CAMERA
	    "<link from=\"c\" to=\"g\" min=\"30\" max=\"20\"/>\n</site>\n",
	    NULL),
	    "'t.xml', line 6: link c-g: min 30 is greater than max 20",
	    "min greater than max");
	is_str(load(HEAD SITE ZONE GATE CAMERA
	    "<link from=\"c\" to=\"c\" min=\"1\" max=\"2\"/>\n</site>\n",
	    NULL),
	    "'t.xml', line 6: link c-c: a device cannot link to itself",
	    "link to itself");
	is_str(load(HEAD SITE ZONE GATE CAMERA
	    "<link from=\"c\" to=\"g\" min=\"1\" max=\"2\"/>\n"
	    "<link from=\"g\" to=\"c\" min=\"1\" max=\"5\" directed=\"true\"/>\n"
	    "</site>\n", NULL),
	    "'t.xml', line 7: link g-c: the link on line 6 already joins "
	    "these devices", "duplicate link");
	is_str(load(HEAD SITE ZONE GATE CAMERA
	    "<link from=\"c\" to=\"g\" min=\"1\" max=\"2\" directed=\"true\"/>\n"
	    "<link from=\"c\" to=\"g\" min=\"1\" max=\"5\" directed=\"true\"/>\n"
	    "</site>\n", NULL),
	    "'t.xml', line 7: link c-g: the link on line 6 already joins "
	    "these devices", "duplicate directed link");
	is_str(load(HEAD SITE
	    "<gate id=\"g\" name=\"G\" zone=\"nope\" x=\"1\" y=\"2\""
	    " kind=\"door\"/>\n"
	    "<link from=\"g\" to=\"X\" min=\"1\" max=\"2\"/>\n"
	    "<zone id=\"z\" name=\"Z\" ring=\"1\"/>\n"
	    "</site>\n", NULL),
	    "'t.xml', line 3: unknown zone 'nope'",
	    "the first error in the document is the one reported");
}

static void
test_schema(void)
{
	const char	*m;

	m = load(HEAD SITE "<zone id=\"z\" name=\"Z\" ring=\"6\"/>\n</site>\n",
	    NULL);
	ok(starts_with(m, "'t.xml', line 3: "), "ring 6: line 3");
	ok(m != NULL && strstr(m, "ring") != NULL &&
	    strstr(m, "urn:vigil") == NULL, "ring 6: says ring, no namespace");
	m = load(HEAD SITE ZONE "\n<gate id=\"g\" name=\"G\" zone=\"z\""
	    " x=\"1\" y=\"2\"\n  kind=\"tank\"/>\n</site>\n", NULL);
	ok(starts_with(m, "'t.xml', line 5: "), "gate kind tank: line 5");
	ok(m != NULL && strstr(m, "'tank'") != NULL, "gate kind tank: named");
	m = load(HEAD SITE ZONE "<camera name=\"C\" zone=\"z\" x=\"0\""
	    " y=\"0\"/>\n</site>\n", NULL);
	ok(starts_with(m, "'t.xml', line 4: "), "missing id: line 4");
	ok(m != NULL && strstr(m, "'id'") != NULL, "missing id: named");
	is_str(load(HEAD SITE ZONE "<zone id=\"g\" name=\"G\" ring=\"2\"/>\n"
	    "<camera id=\"z\" name=\"C\" zone=\"z\" x=\"0\" y=\"0\"/>\n"
	    "</site>\n", NULL),
	    "'t.xml', line 5: duplicate id 'z' (also on line 3)",
	    "duplicate id across kinds");
	m = load(HEAD SITE ZONE "<gate id=\"g\" name=\"G\" zone=\"z\" x=\"1\""
	    " y=\"2\" kind=\"door\" credentials=\"face iris\"/>\n</site>\n",
	    NULL);
	ok(starts_with(m, "'t.xml', line 4: ") && strstr(m, "iris") != NULL,
	    "unknown credential");
	m = load(HEAD SITE ZONE "<camera id=\"c\" name=\"C\" zone=\"z\""
	    " x=\"0\" y=\"0\" heading=\"361\"/>\n</site>\n", NULL);
	ok(starts_with(m, "'t.xml', line 4: "), "heading 361");
	m = load(HEAD SITE ZONE GATE CAMERA
	    "<link from=\"c\" to=\"g\" min=\"-1\" max=\"2\"/>\n</site>\n",
	    NULL);
	ok(starts_with(m, "'t.xml', line 6: "), "negative min");
	m = load(HEAD SITE ZONE "<zone id=\"y\" name=\"Y\" ring=\"1\""
	    " colour=\"red\"/>\n</site>\n", NULL);
	ok(starts_with(m, "'t.xml', line 4: "), "unknown attribute");
	m = load(HEAD SITE ZONE "<building id=\"b\"/>\n</site>\n", NULL);
	ok(starts_with(m, "'t.xml', line 4: "), "unknown element");
	is_str(load(HEAD "<site id=\"s\" name=\"S\" timezone=\"UTC\"/>\n",
	    NULL), "'t.xml', line 2: not a site description: the root element "
	    "must be 'site' in namespace urn:vigil:site:1", "no namespace");
}

static void
test_hostile(void)
{
	const char	*m;

	is_str(load(HEAD "<!DOCTYPE site [\n"
	    " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
	    " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
	    " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
	    " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
	    " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
	    " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
	    "]>\n" SITE "<zone id=\"z\" name=\"&f;\" ring=\"1\"/>\n</site>\n",
	    NULL), "'t.xml', line 3: entity declarations are not allowed",
	    "billion laughs refused");
	is_str(load(HEAD "<!DOCTYPE site [<!ENTITY x SYSTEM "
	    "\"file:///etc/passwd\">]>\n" SITE
	    "<zone id=\"z\" name=\"&x;\" ring=\"1\"/>\n</site>\n", NULL),
	    "'t.xml', line 2: entity declarations are not allowed",
	    "external entity refused");
	is_str(load(HEAD "<!DOCTYPE site [<!ENTITY % p SYSTEM "
	    "\"http://example.invalid/x.dtd\"> %p;]>\n" SITE "</site>\n",
	    NULL), "'t.xml', line 2: entity declarations are not allowed",
	    "parameter entity refused");
	is_str(load(HEAD "<!DOCTYPE site SYSTEM \"site.dtd\">\n" SITE
	    "</site>\n", NULL),
	    "'t.xml', line 2: document type declarations are not allowed",
	    "any DTD refused");
	m = load(HEAD SITE ZONE "<gate id=\"g\" name=\"G\"\n", NULL);
	ok(starts_with(m, "'t.xml', line 5: "), "truncated: line 5");
	m = load(HEAD SITE ZONE "<zone id=\"y\" name=\"Y\" ring=\"1\">\n"
	    "</site>\n", NULL);
	ok(starts_with(m, "'t.xml', line 5: "), "mismatched tag: line 5");
	m = load(HEAD SITE "<zone id=\"z\" name=\"\xff\" ring=\"1\"/>\n"
	    "</site>\n", NULL);
	ok(starts_with(m, "'t.xml', line 3: "), "bad UTF-8: line 3");
	is_str(load("", NULL), "'t.xml', line 1: document is empty",
	    "empty document");
	m = load("site,zone\n1,2\n", NULL);
	ok(starts_with(m, "'t.xml', line 1: "), "not XML at all");
}

#define TAIL	"<place id=\"p\" name=\"P\" zone=\"x\" kind=\"shop\"" \
		" x=\"0\" y=\"0\"/>\n</site>\n"

static void
test_big_lines(void)
{
	char	*doc, *p;
	size_t	 n = 70000;

	doc = xmalloc(sizeof(HEAD SITE) + n + sizeof(TAIL));
	p = doc;
	memcpy(p, HEAD SITE, sizeof(HEAD SITE) - 1);
	p += sizeof(HEAD SITE) - 1;
	memset(p, '\n', n);
	p += n;
	memcpy(p, TAIL, sizeof(TAIL));
	is_str(load(doc, NULL), "'t.xml', line 70003: unknown zone 'x'",
	    "line numbers past 65535");
	free(doc);
}

static void
test_schema_path(void)
{
	struct vg_site	*site;
	char		*old;
	const char	*m;

	old = xstrdup(vg_share_dir());
	setenv("VIGIL_SHARE", "/nonexistent", 1);
	is_str(vg_share_dir(), "/nonexistent", "VIGIL_SHARE is the share dir");
	m = load(HEAD SITE "</site>\n", &site);
	is_str(m, "cannot open '/nonexistent/site.xsd': No such file or "
	    "directory", "a missing schema is named");
	setenv("VIGIL_SHARE", old, 1);
	free(old);
	is_str(load(HEAD SITE "</site>\n", NULL), NULL,
	    "the schema is found again");
}

static void
test_sniff(const char *top)
{
	FILE		*fp;
	char		*path, buf[4096];
	size_t		 n = 0;

	xasprintf(&path, "%s/share/vigil/demo/site.xml", top);
	if ((fp = fopen(path, "r")) != NULL) {
		n = fread(buf, 1, sizeof(buf), fp);
		fclose(fp);
	}
	free(path);
	is_int(vg_site_is_site(buf, n), 1, "the demo site is a site");
#define SNIFF(s)	vg_site_is_site((s), sizeof(s) - 1)
	is_int(SNIFF("\xef\xbb\xbf<?xml version='1.0'?><!-- a > b -->\n"
	    "<site id='s' xmlns = 'urn:vigil:site:1'>"), 1,
	    "BOM, declaration, comment, single quotes");
	is_int(SNIFF("<v:site xmlns:v=\"urn:vigil:site:1\" id=\"s\">"), 1,
	    "prefixed root");
	is_int(SNIFF("<!DOCTYPE site [<!ENTITY x \"]>\">]>\n"
	    "<site xmlns=\"urn:vigil:site:1\">"), 1,
	    "a DOCTYPE is skipped, for the loader to refuse");
	is_int(SNIFF("<site xmlns=\"urn:vigil:site:2\">"), 0,
	    "another namespace");
	is_int(SNIFF("<v:site xmlns=\"urn:vigil:site:1\">"), 0,
	    "prefix not bound to the namespace");
	is_int(SNIFF("<sites xmlns=\"urn:vigil:site:1\">"), 0,
	    "another root");
	is_int(SNIFF("<site xmlns=\"urn:vigil:site:1"), 0, "cut short");
	is_int(SNIFF("time,gate,person\n"), 0, "a CSV file");
	is_int(vg_site_is_site("", 0), 0, "nothing");
}

int
main(void)
{
	const char	*top;
	char		*share;

	if ((top = getenv("top_srcdir")) == NULL || *top == '\0')
		top = ".";
	if (getenv("VIGIL_SHARE") == NULL) {
		xasprintf(&share, "%s/share/vigil", top);
		setenv("VIGIL_SHARE", share, 1);
		free(share);
	}
	test_demo(top);
	test_valid();
	test_semantic();
	test_schema();
	test_hostile();
	test_big_lines();
	test_schema_path();
	test_sniff(top);
	free(lastmsg);
	return tap_done();
}
