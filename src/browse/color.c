/* color.c: the colour mode of the terminal and a cache of colour pairs by RGB */
#include "config.h"

#include "draw.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	int	 fg;		/* foreground colour number */
	int	 bg;		/* background colour number */
	int	 pair;		/* its pair; 0 marks a free slot */
};

/*
 * The only global state of the drawing modules: what bd_color_init found
 * and the pairs allocated since, for the current screen.
 */
static struct {
	enum bd_colors	 mode;		/* what images get */
	int		 ncolors;	/* 0 (none), 8, 16, 256 or 0x1000000 */
	int		 deflt;		/* -1 is the terminal's default colour */
	int		 max;		/* highest pair number usable */
	int		 next;		/* next pair number to allocate */
	unsigned	 epoch;		/* times the cache was emptied */
	struct slot	*slot;		/* open-addressed table of pairs */
	size_t		 nslot;		/* its size, a power of two */
	size_t		 used;		/* slots taken */
} bc;

/* The xterm base colours, for 8 and 16-colour terminals. */
static const int base16[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd,
	0x00cdcd, 0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00,
	0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff
};

static const int cube[6] = { 0, 95, 135, 175, 215, 255 };

#define R(c)	(((c) >> 16) & 0xff)
#define G(c)	(((c) >> 8) & 0xff)
#define B(c)	((c) & 0xff)

static int
dist(int r, int g, int b, int c)
{
	int	dr = r - R(c), dg = g - G(c), db = b - B(c);

	return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
}

static int
cube6(int v)
{
	if (v < 48)
		return 0;
	if (v < 115)
		return 1;
	return (v - 35) / 40;
}

/* The nearest of the 240 colours xterm-256color adds to the base 16. */
static int
near256(int rgb)
{
	int	r = R(rgb), g = G(rgb), b = B(rgb);
	int	ri = cube6(r), gi = cube6(g), bi = cube6(b), gr, avg;
	int	cc, gc;

	cc = cube[ri] << 16 | cube[gi] << 8 | cube[bi];
	avg = (r + g + b) / 3;
	gr = avg > 238 ? 23 : avg < 3 ? 0 : (avg - 3) / 10;
	gc = (8 + 10 * gr) * 0x010101;
	if (dist(r, g, b, gc) < dist(r, g, b, cc))
		return 232 + gr;
	return 16 + 36 * ri + 6 * gi + bi;
}

static int
nearbase(int rgb, int n)
{
	int	i, best = 0, d, bd = -1;

	for (i = 0; i < n; i++) {
		d = dist(R(rgb), G(rgb), B(rgb), base16[i]);
		if (bd < 0 || d < bd)
			bd = d, best = i;
	}
	return best;
}

/* The terminal's colour number nearest to rgb; -1 stays -1. */
int
bd_color_of(int rgb)
{
	if (rgb < 0 || bc.ncolors == 0)
		return -1;
	rgb &= 0xffffff;
	switch (bc.ncolors) {
	case 0x1000000:
		/* direct colour: numbers under 8 are the palette's */
		return rgb < 8 ? 0x010101 : rgb;
	case 256:
		return near256(rgb);
	default:
		return nearbase(rgb, bc.ncolors);
	}
}

static size_t
hash(int fg, int bg)
{
	uint32_t	h;

	h = (uint32_t)fg * 0x9e3779b1u;
	h ^= (uint32_t)bg * 0x85ebca77u;
	h ^= h >> 15;
	return h;
}

static struct slot *
lookup(struct slot *t, size_t n, int fg, int bg)
{
	size_t	i;

	for (i = hash(fg, bg) & (n - 1);; i = (i + 1) & (n - 1))
		if (t[i].pair == 0 || (t[i].fg == fg && t[i].bg == bg))
			return &t[i];
}

static void
grow(void)
{
	struct slot	*t, *s;
	size_t		 n, i;

	n = bc.nslot == 0 ? 256 : bc.nslot * 2;
	t = xcalloc(n, sizeof(*t));
	for (i = 0; i < bc.nslot; i++)
		if (bc.slot[i].pair != 0) {
			s = lookup(t, n, bc.slot[i].fg, bc.slot[i].bg);
			*s = bc.slot[i];
		}
	free(bc.slot);
	bc.slot = t;
	bc.nslot = n;
}

void
bd_pair_flush(void)
{
	if (bc.slot != NULL)
		memset(bc.slot, 0, bc.nslot * sizeof(*bc.slot));
	bc.used = 0;
	bc.next = 1;
	bc.epoch++;
}

int
bd_pair_cached(int fgc, int bgc)
{
	if (bc.nslot == 0)
		return 0;
	return lookup(bc.slot, bc.nslot, fgc, bgc)->pair;
}

int
bd_pair_color(int fgc, int bgc)
{
	struct slot	*s;
	int		 f = fgc, b = bgc;

	if (bc.ncolors == 0 || bc.max < 1)
		return 0;
	if (bc.nslot == 0 || 2 * (bc.used + 1) > bc.nslot)
		grow();
	s = lookup(bc.slot, bc.nslot, fgc, bgc);
	if (s->pair != 0)
		return s->pair;
	if (bc.next > bc.max) {
		bd_pair_flush();
		s = lookup(bc.slot, bc.nslot, fgc, bgc);
	}
	if (!bc.deflt) {
		if (f < 0)
			f = COLOR_WHITE;
		if (b < 0)
			b = COLOR_BLACK;
	}
	if (init_extended_pair(bc.next, f, b) == ERR)
		return 0;
	s->fg = fgc;
	s->bg = bgc;
	s->pair = bc.next++;
	bc.used++;
	return s->pair;
}

int
bd_pair_rgb(int fg, int bg)
{
	if (bc.ncolors == 0)
		return 0;
	return bd_pair_color(bd_color_of(fg), bd_color_of(bg));
}

unsigned
bd_pair_epoch(void)
{
	return bc.epoch;
}

int
bd_pair_room(void)
{
	if (bc.ncolors == 0 || bc.max < 1)
		return 0;
	return bc.max - bc.next + 1;
}

int
bd_pair_max(void)
{
	return bc.ncolors == 0 ? 0 : bc.max;
}

void
bd_color_end(void)
{
	free(bc.slot);
	bc.slot = NULL;
	bc.nslot = 0;
	bc.used = 0;
	bc.next = 1;
	bc.ncolors = 0;
	bc.max = 0;
	bc.deflt = 0;
	bc.mode = BD_PLAIN;
	bc.epoch++;
}

enum bd_colors
bd_color_init(void)
{
	const char	*nc;

	bd_color_end();
	nc = getenv("NO_COLOR");
	if ((nc != NULL && *nc != '\0') || !has_colors() ||
	    start_color() == ERR || COLORS < 8 || COLOR_PAIRS < 2)
		return bc.mode;
	bc.deflt = use_default_colors() == OK;
	if (COLORS >= 0x1000000) {
		bc.ncolors = 0x1000000;
		bc.mode = BD_DIRECT;
	} else if (COLORS >= 256) {
		bc.ncolors = 256;
		bc.mode = BD_256;
	} else
		bc.ncolors = COLORS >= 16 ? 16 : 8;
	bc.max = COLOR_PAIRS - 1 > 0xffff ? 0xffff : COLOR_PAIRS - 1;
	return bc.mode;
}

enum bd_colors
bd_color_mode(void)
{
	return bc.mode;
}

int
bd_cell(WINDOW *w, int y, int x, wchar_t ch, attr_t a, int pair)
{
	cchar_t	cc;
	wchar_t	s[2];

	s[0] = ch;
	s[1] = L'\0';
	if (setcchar(&cc, s, a & ~A_COLOR, 0, &pair) == ERR)
		return -1;
	return mvwadd_wch(w, y, x, &cc) == ERR ? -1 : 0;
}
