/* unit-draw.c: the browser's colour, frame and map drawing, read back from ncurses pads */
#include "config.h"

#include "draw.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static FILE	*nul_out;	/* the screens' output: /dev/null */
static FILE	*nul_in;	/* their input */
static SCREEN	*scr;		/* the screen open, or NULL */
static const char *top;		/* top of the source tree */

/* A screen on /dev/null for a terminal type; NO_COLOR set to nocolor. */
static int
screen_open(const char *term, const char *nocolor)
{
	if (scr != NULL) {
		bd_color_end();
		endwin();
		delscreen(scr);
		scr = NULL;
	}
	if (term == NULL)
		return 0;
	setenv("TERM", term, 1);
	if (nocolor != NULL)
		setenv("NO_COLOR", nocolor, 1);
	else
		unsetenv("NO_COLOR");
	if ((scr = newterm(term, nul_out, nul_in)) == NULL)
		return -1;
	set_term(scr);
	return 0;
}

struct got {
	wchar_t	 ch;		/* the character */
	attr_t	 attr;		/* its attributes */
	int	 pair;		/* its colour pair */
	int	 fg, bg;	/* the pair's colours */
};

static struct got
at(WINDOW *w, int y, int x)
{
	struct got	g;
	cchar_t		cc;
	wchar_t		wc[CCHARW_MAX + 1];
	short		ps;

	memset(&g, 0, sizeof(g));
	if (mvwin_wch(w, y, x, &cc) == ERR ||
	    getcchar(&cc, wc, &g.attr, &ps, &g.pair) == ERR)
		return g;
	g.ch = wc[0];
	g.attr &= ~A_COLOR;
	g.fg = g.bg = -2;
	if (g.pair > 0)
		extended_pair_content(g.pair, &g.fg, &g.bg);
	return g;
}

static void
fill(WINDOW *w, wchar_t ch)
{
	int	y, x;

	for (y = 0; y < getmaxy(w); y++)
		for (x = 0; x < getmaxx(w); x++)
			bd_cell(w, y, x, ch, A_NORMAL, 0);
}

/* Cells outside the rectangle that no longer hold 'x'. */
static int
outside(WINDOW *w, int y, int x, int rows, int cols)
{
	int	r, c, n = 0;

	for (r = 0; r < getmaxy(w); r++)
		for (c = 0; c < getmaxx(w); c++)
			if ((r < y || r >= y + rows || c < x || c >= x + cols) &&
			    at(w, r, c).ch != L'x')
				n++;
	return n;
}

/* An image whose pixel row y is rowrgb[y % nrgb] all along. */
static void
mkimg(struct vg_image *img, int w, int h, const int *rowrgb, size_t nrgb)
{
	int	x, y, c;

	img->width = w;
	img->height = h;
	img->rgb = xmalloc((size_t)w * h * 3);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			c = rowrgb[y % nrgb];
			img->rgb[(y * w + x) * 3] = c >> 16 & 0xff;
			img->rgb[(y * w + x) * 3 + 1] = c >> 8 & 0xff;
			img->rgb[(y * w + x) * 3 + 2] = c & 0xff;
		}
}

static void
test_colour_modes(void)
{
	int	p, q, f, b;

	if (screen_open("xterm-256color", NULL) != 0) {
		ok(0, "newterm xterm-256color");
		return;
	}
	is_int(bd_color_init(), BD_256, "xterm-256color: 256 colours");
	is_int(bd_color_mode(), BD_256, "the mode is kept");
	p = bd_pair_rgb(0xff0000, 0x0000ff);
	ok(p > 0, "a pair for red over blue");
	extended_pair_content(p, &f, &b);
	is_int(f, 196, "red is colour 196");
	is_int(b, 21, "blue is colour 21");
	is_int(bd_pair_rgb(0xff0000, 0x0000ff), p, "the pair is cached");
	is_int(bd_pair_rgb(0xfe0101, 0x0101fe), p,
	    "a near colour shares the pair");
	q = bd_pair_rgb(-1, -1);
	extended_pair_content(q, &f, &b);
	ok(q != p && f == -1 && b == -1, "default colours");
	is_int(bd_color_of(0x808080), 244, "grey 50%% is grey 244");
	is_int(bd_color_of(0xffffff), 231, "white is 231");

	if (screen_open("xterm-256color", "1") != 0)
		return;
	is_int(bd_color_init(), BD_PLAIN, "NO_COLOR=1: plain");
	is_int(bd_pair_rgb(0xff0000, 0x0000ff), 0, "NO_COLOR: no pairs");
	if (screen_open("xterm-256color", "") != 0)
		return;
	is_int(bd_color_init(), BD_256, "NO_COLOR empty: colours "
	    "(no-color.org)");

	if (screen_open("xterm", NULL) != 0) {
		ok(0, "newterm xterm");
		return;
	}
	is_int(bd_color_init(), BD_PLAIN, "8 colours: plain images");
	p = bd_pair_rgb(0xff0000, -1);
	ok(p > 0, "8 colours: a pair for attributes");
	extended_pair_content(p, &f, &b);
	ok(f == COLOR_RED && b == -1, "8 colours: red is COLOR_RED (%d/%d)",
	    f, b);
	p = bd_pair_rgb(0x5fd7ff, -1);
	extended_pair_content(p, &f, &b);
	is_int(f, COLOR_CYAN, "8 colours: sky blue is cyan");

	if (screen_open("dumb", NULL) == 0) {
		is_int(bd_color_init(), BD_PLAIN, "dumb: plain");
		is_int(bd_pair_rgb(0xff0000, -1), 0, "dumb: no pairs");
	}
}

static char	 tidir[] = "/tmp/unit-draw.XXXXXX";	/* compiled terminfo */
static int	 have_ti;	/* the entries below were compiled there */

/*
 * Terminal types the system may lack, compiled with tic: direct colour
 * (as xterm-direct) and 256 colours with only 300 pairs.
 */
static void
compile_terminfo(void)
{
	char	*src, *cmd;
	FILE	*fp;

	if (mkdtemp(tidir) == NULL)
		return;
	xasprintf(&src, "%s/draw.ti", tidir);
	if ((fp = fopen(src, "w")) == NULL) {
		free(src);
		return;
	}
	fputs("vigil-direct|direct colour for unit-draw,\n"
	    "\tcolors#0x1000000, pairs#0x10000, RGB,\n"
	    "\tsetaf=\\E[%?%p1%{8}%<%t3%p1%d%e38:2::%p1%{65536}%/%d:"
	    "%p1%{256}%/%{255}%&%d:%p1%{255}%&%d%;m,\n"
	    "\tsetab=\\E[%?%p1%{8}%<%t4%p1%d%e48:2::%p1%{65536}%/%d:"
	    "%p1%{256}%/%{255}%&%d:%p1%{255}%&%d%;m,\n"
	    "\tuse=xterm-256color,\n"
	    "vigil-few|256 colours and few pairs for unit-draw,\n"
	    "\tpairs#300, use=xterm-256color,\n", fp);
	fclose(fp);
	xasprintf(&cmd, "tic -x -o '%s' '%s' >/dev/null 2>&1", tidir, src);
	have_ti = system(cmd) == 0;
	free(cmd);
	free(src);
}

static void
remove_terminfo(void)
{
	char	*cmd;

	xasprintf(&cmd, "rm -rf '%s'", tidir);
	if (system(cmd) != 0)
		printf("# cannot remove %s\n", tidir);
	free(cmd);
}

/* A screen of one of the compiled types. */
static int
screen_compiled(const char *term)
{
	int	rc;

	if (!have_ti)
		return -1;
	setenv("TERMINFO", tidir, 1);
	rc = screen_open(term, NULL);
	unsetenv("TERMINFO");
	return rc;
}

static void
skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++tap_n, why);
}

static void
test_direct(void)
{
	int	p, f, b;

	if (screen_open("xterm-direct", NULL) != 0 &&
	    screen_compiled("vigil-direct") != 0) {
		skip("no direct-colour terminfo (no xterm-direct, no tic)");
		return;
	}
	is_int(bd_color_init(), BD_DIRECT, "24-bit colour: direct");
	p = bd_pair_rgb(0xff0000, 0x0000ff);
	extended_pair_content(p, &f, &b);
	ok(f == 0xff0000 && b == 0x0000ff,
	    "direct: red over blue as RGB (%06x/%06x)", f, b);
	is_int(bd_color_of(0x000000), 0x010101,
	    "direct: black stays off the palette's numbers");
}

static void
test_image(void)
{
	static const int halves[] = { 0xff0000, 0xff0000, 0x0000ff,
	    0x0000ff };
	static const int stripes[] = { 0xff0000, 0x0000ff };
	struct vg_image	img, big;
	WINDOW		*pad;
	struct got	 g;
	int		 x, y, all, err, saved, rc;
	off_t		 said;
	char		 errpath[] = "/tmp/unit-draw-err.XXXXXX";

	if (screen_open("xterm-256color", NULL) != 0)
		return;
	bd_color_init();
	pad = newpad(24, 60);
	mkimg(&img, 4, 4, halves, 4);

	fill(pad, L'x');
	is_int(bd_image(pad, 0, 0, 2, 4, &img), 0, "4x4 into 2x4");
	for (all = 1, x = 0; x < 4; x++) {
		g = at(pad, 0, x);
		all &= g.ch == 0x2580 && g.fg == 196 && g.bg == 196;
		g = at(pad, 1, x);
		all &= g.ch == 0x2580 && g.fg == 21 && g.bg == 21;
	}
	ok(all, "top half red, bottom half blue, in upper half blocks");
	vg_image_free(&img);

	mkimg(&img, 4, 4, stripes, 2);
	is_int(bd_image(pad, 0, 0, 2, 4, &img), 0, "stripes into 2x4");
	g = at(pad, 1, 2);
	ok(g.ch == 0x2580 && g.fg == 196 && g.bg == 21,
	    "fg is the top pixel, bg the bottom one: red over blue "
	    "(%04x %d/%d)", (unsigned)g.ch, g.fg, g.bg);
	vg_image_free(&img);

	/* fitted and centred in a wide rectangle, nothing written outside */
	mkimg(&img, 4, 4, halves, 4);
	fill(pad, L'x');
	is_int(bd_image(pad, 3, 5, 10, 40, &img), 0, "4x4 into 10x40");
	is_int(outside(pad, 3, 5, 10, 40), 0, "nothing written outside");
	g = at(pad, 3, 5 + 9);
	ok(g.ch == L' ', "left of the picture blanked");
	g = at(pad, 3, 5 + 10);
	ok(g.ch == 0x2580 && g.fg == 196, "picture 20 columns wide, centred");
	g = at(pad, 12, 5 + 29);
	ok(g.ch == 0x2580 && g.bg == 21, "its bottom-right cell is blue");
	g = at(pad, 12, 5 + 30);
	ok(g.ch == L' ', "right of the picture blanked");

	/* too small: nothing drawn */
	fill(pad, L'x');
	is_int(bd_image(pad, 2, 2, 1, 1, &img), -1, "1x1 is too small");
	is_int(bd_image(pad, 2, 2, 0, 10, &img), -1, "no rows");
	is_int(bd_image(pad, 2, 2, 10, -3, &img), -1, "negative columns");
	is_int(bd_image(pad, 23, 2, 10, 10, &img), -1,
	    "one row left in the window");
	is_int(bd_image(pad, 2, 2, 1, 40, &img), -1,
	    "a square picture in one row");
	is_int(outside(pad, 0, 0, 0, 0), 0, "and nothing was drawn");
	vg_image_free(&img);
	memset(&img, 0, sizeof(img));
	is_int(bd_image(pad, 0, 0, 10, 10, &img), -1, "an empty image");

	/* the rectangle runs off the window: clipped */
	mkimg(&img, 4, 4, halves, 4);
	fill(pad, L'x');
	is_int(bd_image(pad, 20, 50, 100, 100, &img), 0, "clipped to the pad");
	is_int(outside(pad, 20, 50, 4, 10), 0, "only its corner drawn");
	vg_image_free(&img);

	/* a big odd-sized frame, and not a word on stderr */
	mkimg(&big, 333, 211, halves, 4);
	saved = dup(2);
	err = mkstemp(errpath);
	dup2(err, 2);
	rc = bd_image(pad, 0, 0, 24, 60, &big);
	said = lseek(err, 0, SEEK_END);
	dup2(saved, 2);
	close(saved);
	close(err);
	unlink(errpath);
	is_int(rc, 0, "333x211 into 24x60");
	is_int(said, 0, "nothing printed");
	for (all = 1, y = 0; y < 24; y++)
		for (x = 0; x < 60; x++)
			all &= at(pad, y, x).ch != L'x';
	ok(all, "the rectangle is covered");
	vg_image_free(&big);
	delwin(pad);
}

/* 10x20 cells, each its own palette colour over colour 16 + under. */
static void
mkcube(struct vg_image *img, int under)
{
	int	x, y, k, c;

	img->width = 20;
	img->height = 20;
	img->rgb = xmalloc(20 * 20 * 3);
	for (y = 0; y < 20; y++)
		for (x = 0; x < 20; x++) {
			k = y % 2 == 0 ? (y / 2 * 20 + x) % 216 : under;
			c = (k / 36 ? 55 + 40 * (k / 36) : 0) << 16 |
			    (k / 6 % 6 ? 55 + 40 * (k / 6 % 6) : 0) << 8 |
			    (k % 6 ? 55 + 40 * (k % 6) : 0);
			img->rgb[(y * 20 + x) * 3] = c >> 16;
			img->rgb[(y * 20 + x) * 3 + 1] = c >> 8 & 0xff;
			img->rgb[(y * 20 + x) * 3 + 2] = c & 0xff;
		}
}

/* More colours than pairs: flushed before a picture, never during one. */
static void
test_pairs_run_out(void)
{
	struct vg_image	 a, b, noise;
	WINDOW		*pad;
	struct got	 g;
	unsigned	 e;
	int		 x, y, good;

	if (screen_compiled("vigil-few") != 0) {
		skip("no tic for a terminal of 300 pairs");
		return;
	}
	is_int(bd_color_init(), BD_256, "300 pairs: 256 colours");
	pad = newpad(100, 250);
	mkcube(&a, 100);
	mkcube(&b, 150);
	is_int(bd_image(pad, 0, 0, 10, 20, &a), 0, "200 pairs of 299");
	e = bd_pair_epoch();
	is_int(bd_image(pad, 0, 0, 10, 20, &b), 0, "200 more");
	ok(bd_pair_epoch() != e, "the cache was flushed");
	for (good = 1, y = 0; y < 10; y++)
		for (x = 0; x < 20; x++) {
			g = at(pad, y, x);
			good &= g.fg == 16 + (y * 20 + x) % 216 &&
			    g.bg == 16 + 150;
		}
	ok(good, "every cell keeps its colours");
	vg_image_free(&a);
	vg_image_free(&b);

	noise.width = 250;
	noise.height = 200;
	noise.rgb = xmalloc(250 * 200 * 3);
	for (x = 0; x < 250 * 200 * 3; x++)
		noise.rgb[x] = (uint8_t)(x * 2654435761u >> 13);
	is_int(bd_image(pad, 0, 0, 100, 250, &noise), 0,
	    "noise into 100x250 with 299 pairs");
	for (good = 1, y = 0; y < 100; y++)
		for (x = 0; x < 250; x++) {
			g = at(pad, y, x);
			good &= g.pair > 0 && g.pair < 300 && g.fg >= 16 &&
			    g.fg < 256 && g.bg >= 16 && g.bg < 256;
		}
	ok(good, "coarser colours, every cell in a pair");
	free(noise.rgb);
	delwin(pad);
}

static void
test_plain(void)
{
	static const int halves[] = { 0xffffff, 0xffffff, 0, 0 };
	static const int red[] = { 0xff0000 };
	struct vg_image	 img;
	WINDOW		*pad;
	char		 line[11];
	int		 x, y, all;

	if (screen_open("xterm-256color", "1") != 0)
		return;
	bd_color_init();
	pad = newpad(10, 20);
	mkimg(&img, 4, 4, halves, 4);
	is_int(bd_image(pad, 0, 0, 2, 4, &img), 0, "plain: 4x4 into 2x4");
	for (all = 1, x = 0; x < 4; x++)
		all &= at(pad, 0, x).ch == L'@' && at(pad, 1, x).ch == L' ' &&
		    at(pad, 0, x).pair == 0;
	ok(all, "plain: white is @, black is blank, no colour");
	vg_image_free(&img);

	/* a ramp of ten greys, a column each */
	img.width = 10;
	img.height = 4;
	img.rgb = xmalloc(10 * 4 * 3);
	for (y = 0; y < 4; y++)
		for (x = 0; x < 10; x++)
			memset(img.rgb + (y * 10 + x) * 3, x * 255 / 9, 3);
	is_int(bd_image(pad, 0, 0, 2, 10, &img), 0, "plain: greys into 2x10");
	for (x = 0; x < 10; x++)
		line[x] = (char)at(pad, 1, x).ch;
	line[10] = '\0';
	is_str(line, " .:-=+*#%@", "plain: the ramp by luminance");
	vg_image_free(&img);

	mkimg(&img, 4, 4, red, 1);
	bd_image(pad, 0, 0, 2, 4, &img);
	ok(at(pad, 0, 0).ch == L':', "plain: red's luma 76 is ':' (%lc)",
	    (wint_t)at(pad, 0, 0).ch);
	vg_image_free(&img);
	delwin(pad);
}

/* The sighting's box over the frame, and the scaled frame kept. */
static void
test_box_cache(void)
{
	static const int blue[] = { 0x0000ff };
	static const double box[4] = { 0.25, 0.25, 0.5, 0.5 };
	struct bd_imgcache ic;
	struct vg_image	 img;
	WINDOW		*pad;
	struct got	 g;
	int		 yellow, bl;

	if (screen_open("xterm-256color", NULL) != 0)
		return;
	bd_color_init();
	pad = newpad(12, 24);
	mkimg(&img, 20, 20, blue, 1);
	memset(&ic, 0, sizeof(ic));
	is_int(bd_image_box(pad, 0, 0, 10, 20, &img, box, &ic), 0,
	    "20x20 with a box into 10x20");
	yellow = bd_color_of(0xffe000);
	bl = bd_color_of(0x0000ff);
	g = at(pad, 2, 8);		/* pixel rows 4 and 5: the top edge */
	ok(g.fg == bl && g.bg == yellow, "the box's top edge in yellow, in"
	    " the bottom half of row 2 (%d/%d)", g.fg, g.bg);
	g = at(pad, 5, 5);
	ok(g.fg == yellow && g.bg == yellow, "its left side (%d/%d)", g.fg,
	    g.bg);
	g = at(pad, 5, 8);
	ok(g.fg == bl && g.bg == bl, "inside, the frame (%d/%d)", g.fg, g.bg);
	g = at(pad, 5, 15);
	ok(g.fg == bl && g.bg == bl, "right of it too (%d/%d)", g.fg, g.bg);
	is_int((int)ic.scales, 1, "scaled once");
	bd_image_box(pad, 0, 0, 10, 20, &img, box, &ic);
	bd_image_box(pad, 0, 0, 10, 20, &img, NULL, &ic);
	is_int((int)ic.scales, 1, "drawn again at the same size: not scaled"
	    " again");
	g = at(pad, 5, 5);
	ok(g.fg == bl && g.bg == bl, "without the box, the frame from the"
	    " cache (%d/%d)", g.fg, g.bg);
	bd_image_box(pad, 0, 0, 8, 16, &img, box, &ic);
	is_int((int)ic.scales, 2, "at another size: scaled again");
	bd_image_cache_free(&ic);
	ok(ic.rgb == NULL && ic.scales == 0, "the cache freed");
	delwin(pad);

	if (screen_open("xterm-256color", "1") != 0) {
		vg_image_free(&img);
		return;
	}
	bd_color_init();
	pad = newpad(12, 24);
	is_int(bd_image_box(pad, 0, 0, 10, 20, &img, box, NULL), 0,
	    "plain: with a box");
	ok(at(pad, 2, 5).ch == L'+' && at(pad, 2, 8).ch == L'-' &&
	    at(pad, 5, 5).ch == L'|' && at(pad, 7, 14).ch == L'+',
	    "plain: the box in + - | (%lc %lc %lc %lc)",
	    (wint_t)at(pad, 2, 5).ch, (wint_t)at(pad, 2, 8).ch,
	    (wint_t)at(pad, 5, 5).ch, (wint_t)at(pad, 7, 14).ch);
	vg_image_free(&img);
	delwin(pad);
}

/* The cell of a device under a view. */
static int
devat(const struct bd_view *v, const struct vg_site *s, const char *id,
    int rows, int cols, int *r, int *c)
{
	const struct vg_device	*d;

	if ((d = vg_site_device(s, id)) == NULL)
		return -1;
	return bd_map_cell(v, rows, cols, d->x, d->y, r, c);
}

static int
count(WINDOW *w, int y, int x, int rows, int cols, wchar_t ch)
{
	int	r, c, n = 0;

	for (r = y; r < y + rows; r++)
		for (c = x; c < x + cols; c++)
			n += at(w, r, c).ch == ch;
	return n;
}

static void
test_map_fit(const struct vg_site *site)
{
	static const int	 sizes[][2] = {
		{ 30, 100 }, { 24, 80 }, { 10, 40 }, { 6, 20 }, { 100, 300 }
	};
	struct bd_view		 v;
	WINDOW			*pad;
	size_t			 i, k;
	int			 r, c, in, glyph, rows, cols;
	wchar_t			 ch;

	pad = newpad(110, 310);
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		rows = sizes[k][0], cols = sizes[k][1];
		bd_map_fit(&v, site, rows, cols);
		fill(pad, L'x');
		bd_map_draw(pad, 2, 3, rows, cols, site, NULL, 0, -1, &v);
		for (in = glyph = 1, i = 0; i < site->ndevices; i++) {
			if (devat(&v, site, site->devices[i].id, rows, cols,
			    &r, &c) != 0) {
				in = 0;
				continue;
			}
			ch = at(pad, 2 + r, 3 + c).ch;
			glyph &= ch == 0x25cf || ch == 0x25a0;
		}
		ok(in, "fit %dx%d: every device inside", rows, cols);
		ok(glyph, "fit %dx%d: every device's cell holds a device "
		    "glyph", rows, cols);
		is_int(outside(pad, 2, 3, rows, cols), 0,
		    "fit %dx%d: nothing outside", rows, cols);
		ok(at(pad, 2, 3 + cols - 2).ch == L'N' &&
		    at(pad, 2, 3 + cols - 1).ch == 0x2191,
		    "fit %dx%d: N↑ top-right", rows, cols);
		/* drawn last, on empty cells: bottom-left, else top-left */
		ok(at(pad, 2 + rows - 1, 3).ch == 0x251c ||
		    at(pad, 2, 3).ch == 0x251c,
		    "fit %dx%d: scale bar bottom-left, or top-left", rows,
		    cols);
	}

	/* at 100x30 the devices have cells of their own */
	bd_map_fit(&v, site, 30, 100);
	fill(pad, L'x');
	bd_map_draw(pad, 0, 0, 30, 100, site, NULL, 0, -1, &v);
	is_int(count(pad, 0, 0, 30, 100, 0x25cf), 8, "8 cameras ●");
	is_int(count(pad, 0, 0, 30, 100, 0x25a0), 7, "7 gates ■");
	ok(count(pad, 0, 0, 30, 100, 0x25c7) >= 5, "places ◇");
	ok(count(pad, 0, 0, 30, 100, 0x250c) >= 4, "zone boxes ┌");
	ok(count(pad, 0, 0, 30, 100, 0x252c) >= 1,
	    "a corner on another box's edge joins it: ┬");
	for (in = 0, r = 0; r < 30; r++)
		for (c = 0; c < 100; c++)
			if (at(pad, r, c).ch >= 0x2801 &&
			    at(pad, r, c).ch <= 0x28ff)
				in++;
	ok(in > 20, "links in braille (%d cells)", in);
	delwin(pad);
}

static const char *
rowtext(WINDOW *w, int y, int x, int n, char *buf)
{
	int	i;

	for (i = 0; i < n; i++)
		buf[i] = at(w, y, x + i).ch < 0x80 ? (char)at(w, y, x + i).ch :
		    '?';
	buf[n] = '\0';
	return buf;
}

static void
test_map_path(const struct vg_site *site)
{
	static const struct bd_hop	 hops[] = {
		{ "C017", 1, 1 }, { "C018", 2, 0 }, { "G-N3", 3, 2 }
	};
	static const struct bd_hop	 back[] = {
		{ "C017", 1, 1 }, { "C018", 2, 0 }, { "C017", 3, 0 }
	};
	static const struct bd_hop	 many[] = {
		{ "C017", 1, 0 }, { "NOPE", 2, 0 }, { "C018", 12, 0 }
	};
	struct bd_view	 v;
	WINDOW		*pad;
	struct got	 g;
	char		 buf[8];
	size_t		 i;
	int		 r, c, all;

	pad = newpad(40, 120);
	bd_map_fit(&v, site, 30, 100);
	fill(pad, L'x');
	bd_map_draw(pad, 0, 0, 30, 100, site, hops, 3, 1, &v);
	for (all = 1, i = 0; i < 3; i++) {
		if (devat(&v, site, hops[i].device, 30, 100, &r, &c) != 0) {
			all = 0;
			continue;
		}
		g = at(pad, r, c);
		ok(g.ch == (wchar_t)('0' + hops[i].n),
		    "hop %d drawn on %s's cell", hops[i].n, hops[i].device);
		if (i == 1)
			ok(g.attr & A_REVERSE, "the selected hop is reversed");
		else
			ok(!(g.attr & A_REVERSE), "hop %d is not reversed",
			    hops[i].n);
	}
	ok(all, "the hops' devices are on the map");
	for (all = 0, r = 0; r < 30; r++)
		for (c = 0; c < 100; c++)
			if (at(pad, r, c).ch > 0x2800 &&
			    at(pad, r, c).ch <= 0x28ff &&
			    (at(pad, r, c).attr & A_BOLD))
				all++;
	ok(all > 0, "the path in bold braille (%d cells)", all);

	/* a device visited twice; a device the site lacks; two digits */
	bd_map_draw(pad, 0, 0, 30, 100, site, back, 3, 2, &v);
	devat(&v, site, "C017", 30, 100, &r, &c);
	ok(strcmp(rowtext(pad, r, c, 3, buf), "1,3") == 0 ||
	    strcmp(rowtext(pad, r, c - 2, 3, buf), "1,3") == 0,
	    "a device visited twice shows both hops (%s)", buf);
	bd_map_draw(pad, 0, 0, 30, 100, site, many, 3, -1, &v);
	devat(&v, site, "C018", 30, 100, &r, &c);
	ok(strcmp(rowtext(pad, r, c, 2, buf), "12") == 0 ||
	    strcmp(rowtext(pad, r, c - 1, 2, buf), "12") == 0,
	    "hop 12 whole (%s)", buf);
	delwin(pad);
}

/* Hops sharing a cell, and device labels beside their own hop numbers. */
static void
test_map_crowd(const struct vg_site *site)
{
	static const struct bd_hop	 three[] = {
		{ "C017", 1, 1 }, { "G-N3", 2, 0 }, { "C060", 3, 2 }
	};
	static const struct bd_hop	 twelve[] = { { "C017", 12, 0 } };
	static const struct bd_hop	 pair[] = {
		{ "AA", 3, 0 }, { "BB", 2, 0 }
	};
	struct vg_site		 s;
	struct vg_device	 dev[2];
	struct bd_view		 v;
	WINDOW			*pad;
	char			 buf[16];

	/* zoomed out, centred north-west of the site: all of it in (3, 10) */
	pad = newpad(12, 40);
	v.cx = 0, v.cy = 1000, v.mpc = BD_MPC_MAX;
	bd_map_draw(pad, 0, 0, 6, 20, site, three, 3, -1, &v);
	is_str(rowtext(pad, 3, 10, 5, buf), "1,2,3",
	    "the hops of one cell listed");
	fill(pad, L'x');
	bd_map_draw(pad, 2, 2, 1, 1, site, three, 3, 1, &v);
	ok(at(pad, 2, 2).ch == L'2' && (at(pad, 2, 2).attr & A_REVERSE),
	    "no room: the selected hop alone");
	is_int(outside(pad, 2, 2, 1, 1), 0, "in its one cell");
	bd_map_draw(pad, 2, 2, 1, 1, site, twelve, 1, 0, &v);
	ok(at(pad, 2, 2).ch == L'+', "no room for 12: '+'");

	memset(&s, 0, sizeof(s));
	memset(dev, 0, sizeof(dev));
	dev[0].id = (char *)"AA";
	dev[0].type = VG_CAMERA;
	dev[1].id = (char *)"BB";
	dev[1].type = VG_GATE;
	dev[1].x = 1;
	s.devices = dev;
	s.ndevices = 2;
	v.cx = v.cy = 0;
	v.mpc = 1;
	fill(pad, L' ');
	bd_map_draw(pad, 0, 0, 5, 20, &s, pair, 2, -1, &v);
	is_str(rowtext(pad, 2, 8, 6, buf), "AA32BB",
	    "each device named beside its own hop");
	delwin(pad);
}

static void
test_map_clip(const struct vg_site *site)
{
	static const struct bd_hop	 hops[] = {
		{ "C017", 1, 1 }, { "C031", 2, 0 }, { "C060", 3, 0 },
		{ "D-FIN", 4, 0 }
	};
	static const int	 rects[][4] = {
		{ 3, 7, 20, 60 }, { 5, 5, 6, 20 }, { 1, 1, 1, 1 },
		{ 2, 9, 2, 3 }, { 10, 30, 3, 40 }, { 4, 4, 30, 100 }
	};
	struct bd_view		 v, fit;
	WINDOW			*pad;
	size_t			 k, j;
	int			 bad, y, x, rows, cols;

	pad = newpad(40, 120);
	for (k = 0; k < sizeof(rects) / sizeof(rects[0]); k++) {
		y = rects[k][0], x = rects[k][1];
		rows = rects[k][2], cols = rects[k][3];
		bd_map_fit(&fit, site, rows, cols);
		for (bad = 0, j = 0; j < 8; j++) {
			v = fit;
			switch (j) {
			case 1:
				bd_map_zoom(&v, 1e-9);
				break;
			case 2:
				bd_map_zoom(&v, 1e9);
				break;
			case 3:
				bd_map_center(&v, site, "C050");
				bd_map_zoom(&v, 1e-9);
				break;
			case 4:
				bd_map_pan(&v, INT_MAX, INT_MIN);
				break;
			case 5:
				bd_map_pan(&v, 3, -7);
				bd_map_zoom(&v, 0.3);
				break;
			case 6:
				v.cx = NAN, v.cy = INFINITY, v.mpc = -1;
				break;
			case 7:
				v.mpc = 1e300;
				break;
			}
			fill(pad, L'x');
			bd_map_draw(pad, y, x, rows, cols, site, hops, 4,
			    (int)j % 5 - 1, &v);
			bad += outside(pad, y, x, rows, cols);
		}
		is_int(bad, 0, "%dx%d at %d,%d: nothing outside, 8 views",
		    rows, cols, y, x);
	}
	/* a rectangle running off the pad */
	fill(pad, L'x');
	bd_map_fit(&v, site, 100, 100);
	bd_map_draw(pad, 35, 110, 100, 100, site, hops, 4, 0, &v);
	is_int(outside(pad, 35, 110, 5, 10), 0, "clipped to the pad");
	fill(pad, L'x');
	bd_map_draw(pad, -5, -5, 10, 10, site, hops, 4, 0, &v);
	is_int(outside(pad, 0, 0, 5, 5), 0, "clipped at negative origins");
	delwin(pad);
}

static void
test_view(const struct vg_site *site)
{
	struct vg_site		 one;
	struct vg_device	 dev;
	struct bd_view		 v, w;
	int			 i, r, c, sane;

	bd_map_fit(&v, site, 30, 100);
	w = v;
	bd_map_zoom(&w, 1e-12);
	ok(w.mpc == BD_MPC_MIN, "zoom in stops at %g m a column", w.mpc);
	bd_map_zoom(&w, 1e12);
	ok(w.mpc == BD_MPC_MAX, "zoom out stops at %g", w.mpc);
	w = v;
	bd_map_zoom(&w, NAN);
	bd_map_zoom(&w, 0);
	bd_map_zoom(&w, -2);
	bd_map_zoom(&w, INFINITY);
	ok(w.mpc == v.mpc, "bad factors ignored");
	w = v;
	bd_map_zoom(&w, 0.5);
	ok(w.mpc == v.mpc / 2 && w.cx == v.cx && w.cy == v.cy,
	    "zoom keeps the centre");
	w = v;
	bd_map_pan(&w, 1, 2);
	ok(w.cx == v.cx + 2 * v.mpc && w.cy == v.cy - 2 * v.mpc,
	    "pan: a row is two columns tall, rows go south");
	w = v;
	for (sane = 1, i = 0; i < 100; i++) {
		bd_map_pan(&w, INT_MAX, INT_MIN);
		bd_map_zoom(&w, 7);
		sane &= isfinite(w.cx) && isfinite(w.cy) && isfinite(w.mpc) &&
		    fabs(w.cx) <= 1e9 && fabs(w.cy) <= 1e9;
	}
	ok(sane, "panned and zoomed far out: finite");
	w.cx = NAN;
	bd_map_pan(&w, 0, 0);
	ok(isfinite(w.cx), "a NaN centre made sane");

	is_int(bd_map_center(&w, site, "C041"), 0, "centre on C041");
	ok(w.cx == 300 && w.cy == 105, "at its metres");
	v = w;
	is_int(bd_map_center(&w, site, "C999"), -1, "no such device");
	ok(w.cx == v.cx && w.cy == v.cy, "the view unchanged");
	is_int(bd_map_cell(&w, 10, 20, 300, 105, &r, &c), 0, "its cell");
	ok(r == 5 && c == 10, "in the middle (%d,%d)", r, c);

	/* a site of one device; of none */
	memset(&one, 0, sizeof(one));
	memset(&dev, 0, sizeof(dev));
	dev.id = (char *)"C1";
	dev.type = VG_CAMERA;
	dev.x = 12345.5;
	dev.y = -7;
	one.devices = &dev;
	one.ndevices = 1;
	bd_map_fit(&v, &one, 6, 20);
	ok(isfinite(v.mpc) && v.mpc >= BD_MPC_MIN && v.mpc <= BD_MPC_MAX &&
	    v.cx == 12345.5 && v.cy == -7, "one device: a sane view");
	is_int(bd_map_cell(&v, 6, 20, dev.x, dev.y, &r, &c), 0,
	    "one device: inside");
	one.ndevices = 0;
	bd_map_fit(&v, &one, 6, 20);
	ok(isfinite(v.cx) && isfinite(v.mpc), "no devices: a sane view");
	bd_map_fit(&v, NULL, 6, 20);
	ok(isfinite(v.cx) && isfinite(v.mpc), "no site: a sane view");
}

/* Wide labels are drawn whole or not at all, wherever the view is. */
static void
test_cjk(void)
{
	struct vg_site		 s;
	struct vg_place		 pl[2];
	struct vg_device	 dev[2];
	struct vg_zone		 z;
	struct bd_view		 v;
	WINDOW			*pad;
	struct got		 g;
	int			 k, c, r, split, bad, seen, cut;

	memset(&s, 0, sizeof(s));
	memset(pl, 0, sizeof(pl));
	memset(dev, 0, sizeof(dev));
	memset(&z, 0, sizeof(z));
	z.id = (char *)"生活区";
	z.ring = 3;
	pl[0].id = (char *)"食堂";
	pl[0].zone = z.id;
	pl[0].x = 0, pl[0].y = 0;
	pl[1].id = (char *)"宿舍楼B12";
	pl[1].zone = z.id;
	pl[1].x = 9, pl[1].y = 8;
	dev[0].id = (char *)"摄像机7";
	dev[0].type = VG_CAMERA;
	dev[0].zone = z.id;
	dev[0].x = 3, dev[0].y = -4;
	dev[1].id = (char *)"G1";
	dev[1].type = VG_GATE;
	dev[1].x = -6, dev[1].y = 2;
	s.zones = &z, s.nzones = 1;
	s.places = pl, s.nplaces = 2;
	s.devices = dev, s.ndevices = 2;

	pad = newpad(12, 40);
	v.cx = -20, v.cy = 0, v.mpc = 1;
	for (split = bad = seen = cut = 0, k = 0; k < 45; k++) {
		fill(pad, L'x');
		bd_map_draw(pad, 2, 5, 7, 21, &s, NULL, 0, -1, &v);
		bad += outside(pad, 2, 5, 7, 21);
		for (r = 2; r < 9; r++)
			for (c = 5; c < 26; c++) {
				g = at(pad, r, c);
				if (g.ch < 0x3000)
					continue;
				/* a wide character: both halves inside */
				if (c + 1 >= 26 || at(pad, r, c + 1).ch != g.ch)
					split++;
				if (g.ch == 0x98df) {	/* 食 */
					seen++;
					if (c + 2 >= 26 ||
					    at(pad, r, c + 2).ch != 0x5802)
						cut++;
				}
				c++;
			}
		bd_map_pan(&v, 0, 1);
	}
	is_int(bad, 0, "CJK labels: nothing outside, 45 views");
	is_int(split, 0, "CJK labels: no character cut in half");
	ok(seen > 0, "食堂 shown in %d views", seen);
	is_int(cut, 0, "食堂 never shown in part");
	delwin(pad);
}

/* Text of a whole row of a pad, non-ASCII as '?'. */
static int
has_text(WINDOW *w, int rows, int cols, const char *s)
{
	char	buf[512];
	int	r;

	for (r = 0; r < rows; r++)
		if (strstr(rowtext(w, r, 0, cols < 511 ? cols : 511, buf), s) !=
		    NULL)
			return 1;
	return 0;
}

/* A case's map: the incident marked, a legend, fewer labels when sparse. */
static void
test_map_opt(const struct vg_site *site)
{
	static const struct bd_hop	 hops[] = {
		{ "C017", 1, 0 }, { "C018", 2, 1 }, { "G-N3", 3, 2 }
	};
	struct bd_mapopt opt = { "OVP-N", 1, 1 };
	struct bd_view	 v;
	WINDOW		*pad;
	size_t		 i;
	int		 r, c, found = 0;

	pad = newpad(60, 200);
	bd_map_fit(&v, site, 24, 80);
	bd_map_draw_opt(pad, 0, 0, 24, 80, site, hops, 3, 0, &v, &opt);
	for (i = 0; i < site->nplaces; i++)
		if (strcmp(site->places[i].id, "OVP-N") == 0 &&
		    bd_map_cell(&v, 24, 80, site->places[i].x,
		    site->places[i].y, &r, &c) == 0)
			found = at(pad, r, c).ch == 0x2715;
	ok(found, "the incident's place marked with a cross");
	ok(has_text(pad, 24, 80, "OVP-N"), "and labelled, even sparse");
	ok(has_text(pad, 24, 80, "? camera ? gate ? place ? incident"),
	    "a legend of the glyphs");
	ok(has_text(pad, 24, 80, "hops: proposed confirmed rejected"),
	    "and of the hops' colours");
	ok(!has_text(pad, 24, 80, "D-FIN") && !has_text(pad, 24, 80,
	    "CAN-1"), "sparse: no labels off the path");
	ok(has_text(pad, 24, 80, "C018"), "sparse: the path's labelled");
	werase(pad);
	opt.sparse = 0;
	bd_map_fit(&v, site, 60, 200);
	bd_map_draw_opt(pad, 0, 0, 60, 200, site, hops, 3, 0, &v, &opt);
	ok(has_text(pad, 60, 200, "D-FIN") && has_text(pad, 60, 200,
	    "CAN-1"), "not sparse: every device and place labelled");
	werase(pad);
	bd_map_fit(&v, site, 6, 60);
	bd_map_draw_opt(pad, 0, 0, 6, 60, site, hops, 3, 0, &v, &opt);
	ok(!has_text(pad, 6, 60, "hops:"), "no legend on 6 lines");
	werase(pad);
	bd_map_draw_opt(pad, 0, 0, 24, 80, site, hops, 3, 0, &v, NULL);
	ok(!has_text(pad, 24, 80, "hops:"), "no options: no legend");
	/* the incident at hop 1's camera: its number there, the cross
	 * beside it */
	werase(pad);
	opt.incident = "C017";
	opt.sparse = 1;
	bd_map_fit(&v, site, 24, 80);
	bd_map_draw_opt(pad, 0, 0, 24, 80, site, hops, 3, 0, &v, &opt);
	found = 0;
	for (r = 0; r < 24; r++)
		for (c = 0; c < 80; c++)
			found += at(pad, r, c).ch == 0x2715;
	is_int(found, 2, "the incident at hop 1's camera: its cross shown (and the legend's)");
	ok(bd_map_cell(&v, 24, 80, vg_site_device(site, "C017")->x,
	    vg_site_device(site, "C017")->y, &r, &c) == 0 &&
	    at(pad, r, c).ch == L'1', "and hop 1's number at the camera");
	delwin(pad);
}

static void
test_plain_map(const struct vg_site *site)
{
	static const struct bd_hop	 hops[] = {
		{ "C017", 1, 1 }, { "C018", 2, 0 }
	};
	struct bd_view	 v;
	WINDOW		*pad;
	struct got	 g;
	int		 r, c;

	if (screen_open("xterm-256color", "1") != 0)
		return;
	bd_color_init();
	pad = newpad(24, 80);
	bd_map_fit(&v, site, 24, 80);
	bd_map_draw(pad, 0, 0, 24, 80, site, hops, 2, 0, &v);
	devat(&v, site, "C031", 24, 80, &r, &c);
	g = at(pad, r, c);
	ok(g.ch == 0x25cf && (g.attr & A_BOLD) && g.pair == 0,
	    "NO_COLOR: a camera is bold, without colour");
	devat(&v, site, "C017", 24, 80, &r, &c);
	g = at(pad, r, c);
	ok(g.ch == L'1' && (g.attr & A_REVERSE), "NO_COLOR: selection "
	    "reversed");
	delwin(pad);
}

int
main(void)
{
	struct vg_site	*site = NULL;
	struct vg_error	 e = { 0, NULL };
	char		*share, *path;

	if ((top = getenv("top_srcdir")) == NULL || *top == '\0')
		top = ".";
	if (getenv("VIGIL_SHARE") == NULL) {
		xasprintf(&share, "%s/share/vigil", top);
		setenv("VIGIL_SHARE", share, 1);
		free(share);
	}
	if (setlocale(LC_ALL, "C.UTF-8") == NULL &&
	    setlocale(LC_ALL, "en_US.UTF-8") == NULL) {
		printf("1..0 # SKIP no UTF-8 locale\n");
		return 0;
	}
	nul_out = fopen("/dev/null", "w");
	nul_in = fopen("/dev/null", "r");
	if (nul_out == NULL || nul_in == NULL) {
		printf("Bail out! cannot open /dev/null\n");
		return 1;
	}

	compile_terminfo();
	test_colour_modes();
	test_direct();
	test_image();
	test_pairs_run_out();
	test_plain();
	test_box_cache();

	xasprintf(&path, "%s/share/vigil/demo/site.xml", top);
	ok(vg_site_load(path, &site, &e) == 0, "demo site loads: %s",
	    e.msg ? e.msg : "ok");
	free(path);
	vg_error_clear(&e);
	if (site != NULL && screen_open("xterm-256color", NULL) == 0) {
		bd_color_init();
		test_map_fit(site);
		test_map_path(site);
		test_map_crowd(site);
		test_map_clip(site);
		test_view(site);
		test_cjk();
		test_map_opt(site);
		test_plain_map(site);
	}
	vg_site_free(site);
	screen_open(NULL, NULL);
	remove_terminfo();
	fclose(nul_out);
	fclose(nul_in);
	return tap_done();
}
