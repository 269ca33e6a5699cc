/* map.c: the site plan in the terminal: zones, links, places, devices and the path */
#include "config.h"

#include "draw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define FAR_M		1e9		/* metres: a view centre stays within */
#define FAR_CELLS	1e7		/* cells: points farther off are clamped */

/* Styles, each a colour and attributes for colour and for plain terminals. */
enum {
	ST_LINK, ST_PATH, ST_RING1, ST_RING2, ST_RING3, ST_RING4, ST_RING5,
	ST_RINGX, ST_CAMERA, ST_GATE, ST_PLACE, ST_PLACEID, ST_DEVID,
	ST_HOP0, ST_HOP1, ST_HOP2, ST_DECOR, ST_INCIDENT, ST_N
};

static const struct style {
	int	 rgb;		/* foreground, 0xRRGGBB, or -1 */
	attr_t	 colour;	/* attributes with colour */
	attr_t	 plain;		/* attributes without */
} styles[ST_N] = {
	[ST_LINK] =	{ 0x808080, A_NORMAL, A_DIM },
	[ST_PATH] =	{ 0xff5fd7, A_BOLD, A_BOLD },
	[ST_RING1] =	{ 0x5f87d7, A_NORMAL, A_NORMAL },
	[ST_RING2] =	{ 0x5fafaf, A_NORMAL, A_NORMAL },
	[ST_RING3] =	{ 0x87af5f, A_NORMAL, A_NORMAL },
	[ST_RING4] =	{ 0xd7af5f, A_NORMAL, A_NORMAL },
	[ST_RING5] =	{ 0xd75f5f, A_NORMAL, A_NORMAL },
	[ST_RINGX] =	{ 0x8a8a8a, A_NORMAL, A_NORMAL },
	[ST_CAMERA] =	{ 0x5fd7ff, A_BOLD, A_BOLD },
	[ST_GATE] =	{ 0xffd700, A_BOLD, A_BOLD },
	[ST_PLACE] =	{ 0xd0d0d0, A_NORMAL, A_NORMAL },
	[ST_PLACEID] =	{ -1, A_NORMAL, A_NORMAL },
	[ST_DEVID] =	{ 0xa8a8a8, A_NORMAL, A_NORMAL },
	[ST_HOP0] =	{ 0xffff5f, A_BOLD, A_BOLD },
	[ST_HOP1] =	{ 0x5fff5f, A_BOLD, A_BOLD },
	[ST_HOP2] =	{ 0xff5f5f, A_NORMAL, A_DIM },
	[ST_DECOR] =	{ -1, A_NORMAL, A_NORMAL },
	[ST_INCIDENT] =	{ 0xff3030, A_BOLD, A_BOLD | A_REVERSE },
};

/* The characters drawn, in Unicode and in ASCII for other locales. */
enum {
	GL_PLACE, GL_CAMERA, GL_GATE, GL_H, GL_BARL, GL_BARR, GL_NORTH,
	GL_LINK, GL_PATH, GL_INCIDENT, GL_N
};

static const wchar_t glyphs[2][GL_N] = {
	{ 0x25c7, 0x25cf, 0x25a0, 0x2500, 0x251c, 0x2524, 0x2191, 0x2800,
	  0x2800, 0x2715 },
	{ '<', 'o', '#', '-', '|', '|', '^', '.', '*', 'X' },
};

/*
 * What holds a cell, by rank: labels take only cells below K_LABEL, so
 * that they never cut a zone's edge; hop numbers only cells below K_DEVICE.
 */
enum { K_NONE, K_LINE, K_LABEL, K_EDGE, K_PLACE, K_DEVICE, K_HOP };

struct cell {
	wchar_t	 ch;		/* character; 0 on the right half of a wide one */
	attr_t	 attr;		/* attributes */
	int	 pair;		/* colour pair */
	int	 kind;		/* K_* */
};

struct mark {
	int		 r;		/* row of hop numbers */
	int		 c0, c1;	/* their first and last column */
};

struct map {
	int		 rows, cols;	/* the rectangle, clipped to the window */
	struct cell	*cell;		/* rows x cols, row-major */
	uint8_t		*dots;		/* braille dots of a layer, per cell */
	struct bd_view	 v;		/* the view, made sane */
	const wchar_t	*gl;		/* glyphs[0] or glyphs[1] */
	int		 pair[ST_N];	/* colour pair of each style */
	attr_t		 attr[ST_N];	/* attributes of each style */
	struct mark	*marks;		/* where hop numbers were drawn */
	size_t		 nmarks;	/* how many */
};

/* Dots of a braille cell, by dot row (0-3) and column (0-1). */
static const uint8_t dotbit[4][2] = {
	{ 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 }
};

static double
clampd(double v, double lo, double hi)
{
	if (isnan(v))
		return 0;
	return v < lo ? lo : v > hi ? hi : v;
}

static void
sane(struct bd_view *o, const struct bd_view *v)
{
	o->cx = isfinite(v->cx) ? clampd(v->cx, -FAR_M, FAR_M) : 0;
	o->cy = isfinite(v->cy) ? clampd(v->cy, -FAR_M, FAR_M) : 0;
	o->mpc = isnan(v->mpc) || v->mpc <= 0 ? 1 :
	    clampd(v->mpc, BD_MPC_MIN, BD_MPC_MAX);
}

/* Cell coordinates (fractional, clamped far off) of a point in metres. */
static void
tocell(const struct bd_view *v, int rows, int cols, double mx, double my,
    double *fr, double *fc)
{
	*fc = clampd(cols / 2.0 + (mx - v->cx) / v->mpc, -FAR_CELLS,
	    FAR_CELLS);
	*fr = clampd(rows / 2.0 - (my - v->cy) / (2 * v->mpc), -FAR_CELLS,
	    FAR_CELLS);
}

int
bd_map_cell(const struct bd_view *view, int rows, int cols, double mx,
    double my, int *row, int *col)
{
	struct bd_view	v;
	double		fr, fc;

	if (view == NULL || !isfinite(mx) || !isfinite(my))
		return -1;
	sane(&v, view);
	tocell(&v, rows, cols, mx, my, &fr, &fc);
	if (!(fr >= 0 && fr < rows && fc >= 0 && fc < cols))
		return -1;
	*row = (int)fr;
	*col = (int)fc;
	return 0;
}

void
bd_map_fit(struct bd_view *v, const struct vg_site *site, int rows, int cols)
{
	double	x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
	double	x, y, ur, uc;
	size_t	i, n;

	n = site == NULL ? 0 : site->nplaces + site->ndevices;
	for (i = 0; i < n; i++) {
		if (i < site->nplaces)
			x = site->places[i].x, y = site->places[i].y;
		else {
			x = site->devices[i - site->nplaces].x;
			y = site->devices[i - site->nplaces].y;
		}
		if (!isfinite(x) || !isfinite(y))
			continue;
		x0 = fmin(x0, x), x1 = fmax(x1, x);
		y0 = fmin(y0, y), y1 = fmax(y1, y);
	}
	v->cx = v->cy = 0;
	v->mpc = 1;
	if (x0 > x1) {
		sane(v, v);
		return;
	}
	v->cx = x0 / 2 + x1 / 2;
	v->cy = y0 / 2 + y1 / 2;
	/* a margin of three columns and two rows: boxes, labels, the bar */
	uc = cols - 6 >= 2 ? cols - 6 : cols > 1 ? cols - 1 : 1;
	ur = rows - 4 >= 2 ? rows - 4 : rows > 1 ? rows - 1 : 1;
	v->mpc = fmax((x1 - x0) / uc, (y1 - y0) / (2 * ur));
	if (v->mpc <= 0)
		v->mpc = 1;
	sane(v, v);
}

void
bd_map_pan(struct bd_view *v, int drows, int dcols)
{
	struct bd_view	s;

	sane(&s, v);
	s.cx += (double)dcols * s.mpc;
	s.cy -= (double)drows * 2 * s.mpc;
	sane(v, &s);
}

void
bd_map_zoom(struct bd_view *v, double factor)
{
	struct bd_view	s;

	sane(&s, v);
	if (isfinite(factor) && factor > 0)
		s.mpc *= factor;
	sane(v, &s);
}

int
bd_map_center(struct bd_view *v, const struct vg_site *site,
    const char *device)
{
	const struct vg_device	*d;
	struct bd_view		 s;

	if (site == NULL || device == NULL ||
	    (d = vg_site_device(site, device)) == NULL)
		return -1;
	sane(&s, v);
	s.cx = d->x;
	s.cy = d->y;
	sane(v, &s);
	return 0;
}

/* Blank a cell, as when half a wide character is overwritten. */
static void
blank(struct cell *p)
{
	p->ch = L' ';
	p->attr = A_NORMAL;
	p->pair = 0;
	p->kind = K_NONE;
}

static void
put(struct map *m, int r, int c, wchar_t ch, int st, attr_t extra, int kind)
{
	struct cell	*p;

	if (r < 0 || r >= m->rows || c < 0 || c >= m->cols)
		return;
	p = &m->cell[(size_t)r * m->cols + c];
	if (p->ch == 0 && c > 0)
		blank(p - 1);
	if (c + 1 < m->cols && p[1].ch == 0)
		blank(p + 1);
	p->ch = ch;
	p->attr = m->attr[st] | extra;
	p->pair = m->pair[st];
	p->kind = kind;
}

static int
kind(const struct map *m, int r, int c)
{
	return m->cell[(size_t)r * m->cols + c].kind;
}

/* A label's characters and widths; what cannot be shown becomes '?'. */
struct label {
	wchar_t		*ch;		/* characters */
	int		*w;		/* their widths, 1 or 2 */
	size_t		 n;		/* how many */
	int		 width;		/* columns in all */
};

static int
label_make(struct label *l, const char *s, int room)
{
	size_t		 len, i, k;
	uint32_t	 cp;
	int		 w;

	memset(l, 0, sizeof(*l));
	if (s == NULL || room <= 0)
		return -1;
	len = strlen(s);
	if (len == 0 || vg_text_width(s, len) > (size_t)room)
		return -1;
	l->ch = xreallocarray(NULL, len, sizeof(*l->ch));
	l->w = xreallocarray(NULL, len, sizeof(*l->w));
	for (i = 0; i < len; i += k) {
		if ((k = vg_utf8_decode(s + i, len - i, &cp)) == 0) {
			k = 1;
			cp = '?';
		}
		w = vg_codepoint_width(cp);
		if (w == 0)
			continue;
		/* controls, and what the terminal would measure otherwise */
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
		    wcwidth((wchar_t)cp) != w)
			cp = '?', w = 1;
		l->ch[l->n] = (wchar_t)cp;
		l->w[l->n++] = w;
		l->width += w;
	}
	if (l->n == 0 || l->width > room) {
		free(l->ch);
		free(l->w);
		return -1;
	}
	return 0;
}

static void
label_free(struct label *l)
{
	free(l->ch);
	free(l->w);
}

/* Whether columns [c, c + w) of row r are in the rectangle and below top. */
static int
room(const struct map *m, int r, int c, int w, int top)
{
	int	i;

	if (r < 0 || r >= m->rows || c < 0 || w > m->cols - c)
		return 0;
	for (i = 0; i < w; i++)
		if (kind(m, r, c + i) >= top)
			return 0;
	return 1;
}

static void
label_put(struct map *m, int r, int c, const struct label *l, int st)
{
	size_t	i;

	for (i = 0; i < l->n; c += l->w[i], i++) {
		put(m, r, c, l->ch[i], st, 0, K_LABEL);
		if (l->w[i] == 2) {
			put(m, r, c + 1, L' ', st, 0, K_LABEL);
			m->cell[(size_t)r * m->cols + c + 1].ch = 0;
		}
	}
}

/* Whether cell (r, c) may touch a label: off the map, empty, a line or
   an edge; not another label, a glyph or a hop number. */
static int
apart(const struct map *m, int r, int c)
{
	return c < 0 || c >= m->cols || kind(m, r, c) < K_LABEL ||
	    kind(m, r, c) == K_EDGE;
}

/*
 * Label what spans columns c0..c1 of row r on its right, else on its left,
 * else on the line above or below, where there is room and the label
 * does not run into another.
 */
static void
label_near(struct map *m, int r, int c0, int c1, const char *s, int st)
{
	struct label	l;
	int		w, i, rr, at;

	if (label_make(&l, s, m->cols) != 0)
		return;
	w = l.width;
	if (room(m, r, c1 + 1, w, K_LABEL) && apart(m, r, c1 + 1 + w))
		label_put(m, r, c1 + 1, &l, st);
	else if (room(m, r, c0 - w, w, K_LABEL) && apart(m, r, c0 - w - 1))
		label_put(m, r, c0 - w, &l, st);
	else	/* the line above, else below, starting over it */
		for (i = 0; i < 4; i++) {
			rr = r + (i < 2 ? -1 : 1);
			at = i % 2 == 0 ? c0 : c1 - w + 1;
			if (room(m, rr, at, w, K_LABEL) &&
			    apart(m, rr, at + w) && apart(m, rr, at - 1)) {
				label_put(m, rr, at, &l, st);
				break;
			}
		}
	label_free(&l);
}

static void
dot(struct map *m, int x, int y)
{
	if (x < 0 || y < 0 || x >= 2 * m->cols || y >= 4 * m->rows)
		return;
	m->dots[(size_t)(y / 4) * m->cols + x / 2] |= dotbit[y % 4][x % 2];
}

/* A line between two cells' centres in braille dots, clipped. */
static void
segment(struct map *m, double r0, double c0, double r1, double c1, int thick)
{
	double	x0, y0, dx, dy, t0 = 0, t1 = 1, p[4], q[4], t;
	int	ax, ay, bx, by, sx, sy, ex, ey, err, e2, k, steep;

	x0 = (floor(c0) + 0.5) * 2, y0 = (floor(r0) + 0.5) * 4;
	dx = (floor(c1) + 0.5) * 2 - x0, dy = (floor(r1) + 0.5) * 4 - y0;
	/* Liang-Barsky against the dots of the rectangle */
	p[0] = -dx, q[0] = x0;
	p[1] = dx, q[1] = 2.0 * m->cols - 1e-6 - x0;
	p[2] = -dy, q[2] = y0;
	p[3] = dy, q[3] = 4.0 * m->rows - 1e-6 - y0;
	for (k = 0; k < 4; k++) {
		if (p[k] == 0) {
			if (q[k] < 0)
				return;
			continue;
		}
		t = q[k] / p[k];
		if (p[k] < 0) {
			if (t > t1)
				return;
			if (t > t0)
				t0 = t;
		} else {
			if (t < t0)
				return;
			if (t < t1)
				t1 = t;
		}
	}
	ax = (int)clampd(floor(x0 + t0 * dx), 0, 2 * m->cols - 1);
	ay = (int)clampd(floor(y0 + t0 * dy), 0, 4 * m->rows - 1);
	bx = (int)clampd(floor(x0 + t1 * dx), 0, 2 * m->cols - 1);
	by = (int)clampd(floor(y0 + t1 * dy), 0, 4 * m->rows - 1);
	ex = abs(bx - ax), sx = ax < bx ? 1 : -1;
	ey = -abs(by - ay), sy = ay < by ? 1 : -1;
	steep = -ey > ex;
	for (err = ex + ey;;) {
		dot(m, ax, ay);
		if (thick)
			dot(m, ax + steep, ay + !steep);
		if (ax == bx && ay == by)
			break;
		e2 = 2 * err;
		if (e2 >= ey)
			err += ey, ax += sx;
		if (e2 <= ex)
			err += ex, ay += sy;
	}
}

/* Put a layer of dots into the cells and clear it. */
static void
dots_flush(struct map *m, int st, int gl)
{
	size_t	i, n = (size_t)m->rows * m->cols;

	for (i = 0; i < n; i++)
		if (m->dots[i] != 0) {
			put(m, (int)(i / m->cols), (int)(i % m->cols),
			    m->gl == glyphs[0] ? m->gl[gl] + m->dots[i] :
			    m->gl[gl], st, 0, K_LINE);
			m->dots[i] = 0;
		}
}

static int
devcell(const struct map *m, const struct vg_device *d, double *fr,
    double *fc)
{
	if (d == NULL || !isfinite(d->x) || !isfinite(d->y))
		return -1;
	tocell(&m->v, m->rows, m->cols, d->x, d->y, fr, fc);
	return 0;
}

static void
links(struct map *m, const struct vg_site *site)
{
	double	r0, c0, r1, c1;
	size_t	i;

	for (i = 0; i < site->nlinks; i++)
		if (devcell(m, vg_site_device(site, site->links[i].from),
		    &r0, &c0) == 0 &&
		    devcell(m, vg_site_device(site, site->links[i].to),
		    &r1, &c1) == 0)
			segment(m, r0, c0, r1, c1, 0);
	dots_flush(m, ST_LINK, GL_LINK);
}

static void
path(struct map *m, const struct vg_site *site, const struct bd_hop *hops,
    size_t nhops)
{
	double	r0 = 0, c0 = 0, r1, c1;
	size_t	i;
	int	have = 0;

	for (i = 0; i < nhops; i++) {
		if (hops[i].state == 2 || devcell(m,
		    vg_site_device(site, hops[i].device), &r1, &c1) != 0)
			continue;
		if (have)
			segment(m, r0, c0, r1, c1, 1);
		r0 = r1, c0 = c1, have = 1;
	}
	dots_flush(m, ST_PATH, GL_PATH);
}

/* Zone boxes around their places and devices, outer rings first. */
struct box {
	const struct vg_zone *z;	/* the zone */
	int		 t, l, b, r;	/* edges, cells, clamped near the rect */
};

static int
ringstyle(int ring)
{
	return ring >= 1 && ring <= 5 ? ST_RING1 + ring - 1 : ST_RINGX;
}

static int
box_of(const struct map *m, const struct vg_site *site,
    const struct vg_zone *z, struct box *bx)
{
	double	r0 = INFINITY, r1 = -INFINITY, c0 = INFINITY, c1 = -INFINITY;
	double	fr, fc, x, y;
	size_t	i;

	for (i = 0; i < site->nplaces + site->ndevices; i++) {
		if (i < site->nplaces) {
			if (site->places[i].zone == NULL ||
			    strcmp(site->places[i].zone, z->id) != 0)
				continue;
			x = site->places[i].x, y = site->places[i].y;
		} else {
			const struct vg_device *d;

			d = &site->devices[i - site->nplaces];
			if (d->zone == NULL || strcmp(d->zone, z->id) != 0)
				continue;
			x = d->x, y = d->y;
		}
		if (!isfinite(x) || !isfinite(y))
			continue;
		tocell(&m->v, m->rows, m->cols, x, y, &fr, &fc);
		r0 = fmin(r0, floor(fr)), r1 = fmax(r1, floor(fr));
		c0 = fmin(c0, floor(fc)), c1 = fmax(c1, floor(fc));
	}
	if (r0 > r1)
		return -1;
	bx->z = z;
	bx->t = (int)clampd(r0 - 1, -2, m->rows + 1);
	bx->b = (int)clampd(r1 + 1, -2, m->rows + 1);
	bx->l = (int)clampd(c0 - 1, -2, m->cols + 1);
	bx->r = (int)clampd(c1 + 1, -2, m->cols + 1);
	return 0;
}

/* Box-drawing characters by their arms: up 1, down 2, left 4, right 8. */
static const wchar_t arms[16] = {
	L' ', 0x2502, 0x2502, 0x2502, 0x2500, 0x2518, 0x2510, 0x2524,
	0x2500, 0x2514, 0x250c, 0x251c, 0x2500, 0x2534, 0x252c, 0x253c
};

static int
arms_of(wchar_t ch)
{
	int	i;

	if (ch == 0x2502)
		return 3;
	if (ch == 0x2500)
		return 12;
	for (i = 5; i < 16; i++)
		if (i != 8 && i != 12 && arms[i] == ch)
			return i;
	return 0;
}

/* A piece of a box's edge, joined to the edges it crosses. */
static void
edge(struct map *m, int r, int c, int a, int st)
{
	if (r < 0 || r >= m->rows || c < 0 || c >= m->cols)
		return;
	if (m->gl != glyphs[0])
		put(m, r, c, a == 3 ? '|' : a == 12 ? '-' : '+', st, 0, K_EDGE);
	else
		put(m, r, c, arms[a | arms_of(m->cell[(size_t)r * m->cols +
		    c].ch)], st, 0, K_EDGE);
}

static void
box_draw(struct map *m, const struct box *bx)
{
	int	st = ringstyle(bx->z->ring), r, c, a, end;

	for (c = bx->l > 0 ? bx->l : 0; c <= bx->r && c < m->cols; c++) {
		a = (c > bx->l ? 4 : 0) | (c < bx->r ? 8 : 0);
		end = c == bx->l || c == bx->r;
		edge(m, bx->t, c, a | (end ? 2 : 0), st);
		edge(m, bx->b, c, a | (end ? 1 : 0), st);
	}
	for (r = bx->t + 1 > 0 ? bx->t + 1 : 0; r < bx->b && r < m->rows;
	    r++) {
		edge(m, r, bx->l, 3, st);
		edge(m, r, bx->r, 3, st);
	}
}

static size_t
boxes(struct map *m, const struct vg_site *site, struct box *bx)
{
	size_t	i, n = 0, j;
	struct box t;

	for (i = 0; i < site->nzones; i++)
		if (site->zones[i].id != NULL &&
		    box_of(m, site, &site->zones[i], &bx[n]) == 0)
			n++;
	/* outer rings first, so that the core is drawn on top */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && bx[j - 1].z->ring > bx[j].z->ring; j--)
			t = bx[j], bx[j] = bx[j - 1], bx[j - 1] = t;
	for (i = 0; i < n; i++)
		box_draw(m, &bx[i]);
	return n;
}

static void
box_label(struct map *m, const struct box *bx)
{
	struct label	l;

	if (bx->t < 0 || bx->l + 1 < 0 ||
	    label_make(&l, bx->z->id, bx->r - bx->l - 1) != 0)
		return;
	if (room(m, bx->t, bx->l + 1, l.width, K_PLACE))
		label_put(m, bx->t, bx->l + 1, &l, ringstyle(bx->z->ring));
	label_free(&l);
}

/*
 * "├─ 50 m ─┤" bottom-left, as long as a round distance; drawn last, and
 * only on cells nothing else holds: where a zone's edge, the path, a
 * device or a label is, top-left instead, else not at all (the status
 * line gives the metres a cell).
 */
static void
scalebar(struct map *m)
{
	static const double	 step[] = { 1, 2, 5 };
	double			 len, best = 0;
	char			 txt[32];
	int			 k, i, w, bw = 0, maxw, tw, c0, r, free_;

	maxw = m->cols / 3 > 12 ? m->cols / 3 : 12;
	if (maxw > m->cols - (m->rows == 1 ? 4 : 1))
		maxw = m->cols - (m->rows == 1 ? 4 : 1);
	for (k = -2; k <= 8; k++)
		for (i = 0; i < 3; i++) {
			len = step[i] * pow(10, k);
			if (len / m->v.mpc > maxw)
				continue;
			w = (int)floor(len / m->v.mpc + 0.5);
			if (w > bw)
				best = len, bw = w;
		}
	if (best >= 1000)
		snprintf(txt, sizeof(txt), " %g km ", best / 1000);
	else
		snprintf(txt, sizeof(txt), " %g m ", best);
	tw = (int)strlen(txt);
	if (best == 0 || bw + 1 < tw + 4)
		return;
	for (k = 0; k < 2; k++) {
		r = k == 0 ? m->rows - 1 : 0;
		for (i = 0, free_ = 1; free_ && i <= bw; i++)
			free_ = kind(m, r, i) == K_NONE;
		if (free_)
			break;
	}
	if (!free_)
		return;
	for (i = 0; i <= bw; i++)
		put(m, r, i, m->gl[i == 0 ? GL_BARL : i == bw ? GL_BARR :
		    GL_H], ST_DECOR, 0, K_LABEL);
	c0 = (bw + 1 - tw) / 2;
	for (i = 0; i < tw; i++)
		put(m, r, c0 + i, (wchar_t)txt[i], ST_DECOR, 0, K_LABEL);
}

/*
 * Try a hop label of len characters on cell (r, c): from it rightwards,
 * else ending on it, over nothing but lines, labels and places.  The
 * first column, or -1.
 */
static int
mark_fit(const struct map *m, int r, int c, int len)
{
	int	at, i, ok;

	for (at = c;; at = c - len + 1) {
		ok = at >= 0 && at + len <= m->cols;
		for (i = 0; ok && i < len; i++)
			if (at + i != c && kind(m, r, at + i) >= K_DEVICE)
				ok = 0;
		if (ok)
			return at;
		if (at == c - len + 1)
			return -1;
	}
}

/*
 * The hops' numbers on their devices' cells, "2,5" where a cell has more
 * than one, the selected reversed; when they do not fit, the selected or
 * the last alone, else "+".  Each label's span is kept for the device
 * labels beside it.
 */
static void
hopmarks(struct map *m, const struct vg_site *site, const struct bd_hop *hops,
    size_t nhops, int selected)
{
	char		 num[16];
	wchar_t		*ch;
	int		*st, *rev, *cell, n, len, pass, r, c, at, last, here;
	size_t		 i, j, k;
	double		 fr, fc;

	cell = xreallocarray(NULL, nhops + 1, sizeof(*cell));
	for (i = 0; i < nhops; i++) {
		cell[i] = -1;
		if (hops[i].device != NULL && devcell(m, vg_site_device(site,
		    hops[i].device), &fr, &fc) == 0 && fr >= 0 &&
		    fr < m->rows && fc >= 0 && fc < m->cols)
			cell[i] = (int)fr * m->cols + (int)fc;
	}
	ch = xreallocarray(NULL, nhops * 12 + 1, sizeof(*ch));
	st = xreallocarray(NULL, nhops * 12 + 1, sizeof(*st));
	rev = xreallocarray(NULL, nhops * 12 + 1, sizeof(*rev));
	m->marks = xreallocarray(NULL, nhops + 1, sizeof(*m->marks));
	m->nmarks = 0;
	for (i = 0; i < nhops; i++) {
		if (cell[i] < 0)
			continue;
		here = cell[i];
		r = here / m->cols, c = here % m->cols;
		/* the selected hop here, else the last */
		for (last = -1, j = i; j < nhops; j++)
			if (cell[j] == here)
				last = (int)j;
		if (selected >= 0 && (size_t)selected < nhops &&
		    cell[selected] == here)
			last = selected;
		at = -1;
		for (pass = 0, len = 0; pass < 2 && at < 0; pass++) {
			for (len = 0, j = i; j < nhops; j++) {
				if (cell[j] != here || (pass == 1 &&
				    (int)j != last))
					continue;
				if (len > 0) {
					ch[len] = L',';
					st[len] = ST_PATH;
					rev[len++] = 0;
				}
				n = snprintf(num, sizeof(num), "%d", hops[j].n);
				for (k = 0; k < (size_t)n; k++) {
					ch[len] = (wchar_t)num[k];
					st[len] = hops[j].state == 1 ? ST_HOP1 :
					    hops[j].state == 2 ? ST_HOP2 :
					    ST_HOP0;
					rev[len++] = (int)j == selected;
				}
			}
			at = mark_fit(m, r, c, len);
		}
		if (at < 0) {
			ch[0] = L'+';
			st[0] = ST_PATH;
			rev[0] = 0;
			len = 1;
			at = c;
		}
		for (k = 0; k < (size_t)len; k++)
			put(m, r, at + (int)k, ch[k], st[k], rev[k] ?
			    A_REVERSE | A_BOLD : 0, K_HOP);
		m->marks[m->nmarks].r = r;
		m->marks[m->nmarks].c0 = at;
		m->marks[m->nmarks++].c1 = at + len - 1;
		for (j = i; j < nhops; j++)
			if (cell[j] == here)
				cell[j] = -1;
	}
	free(cell);
	free(ch);
	free(st);
	free(rev);
}

/* Colour pairs and attributes of the styles, all from one pair cache. */
static void
palette(struct map *m)
{
	unsigned	e;
	int		i, colour, tries;

	colour = bd_pair_max() > 0;
	for (tries = 0; tries < 2; tries++) {
		e = bd_pair_epoch();
		for (i = 0; i < ST_N; i++) {
			m->pair[i] = colour ? bd_pair_rgb(styles[i].rgb, -1) : 0;
			m->attr[i] = colour && bd_color_mode() != BD_PLAIN ?
			    styles[i].colour : styles[i].plain;
		}
		if (e == bd_pair_epoch())
			break;
	}
}

/* Device ids beside their glyphs: those on the path, or the others. */
static void
device_labels(struct map *m, const struct vg_site *site,
    const struct bd_hop *hops, size_t nhops, int onpath)
{
	const struct vg_device	*d;
	size_t			 i, j;
	int			 r, c0, c1;

	for (i = 0; i < site->ndevices; i++) {
		d = &site->devices[i];
		for (j = 0; j < nhops; j++)
			if (hops[j].device != NULL &&
			    strcmp(hops[j].device, d->id) == 0)
				break;
		if ((j < nhops) != onpath ||
		    bd_map_cell(&m->v, m->rows, m->cols, d->x, d->y, &r,
		    &c0) != 0)
			continue;
		/* beside the hop numbers drawn over it */
		c1 = c0;
		for (j = 0; j < m->nmarks; j++)
			if (m->marks[j].r == r && m->marks[j].c0 <= c0 &&
			    m->marks[j].c1 >= c0) {
				c0 = m->marks[j].c0;
				c1 = m->marks[j].c1;
				break;
			}
		label_near(m, r, c0, c1, d->id, ST_DEVID);
	}
}

/* Place ids beside their glyphs; with only, that place alone. */
static void
place_labels(struct map *m, const struct vg_site *site, const char *one,
    int only)
{
	size_t	i;
	int	r, c;

	for (i = 0; i < site->nplaces; i++)
		if ((!only || (one != NULL &&
		    strcmp(site->places[i].id, one) == 0)) &&
		    isfinite(site->places[i].x) &&
		    isfinite(site->places[i].y) &&
		    bd_map_cell(&m->v, m->rows, m->cols, site->places[i].x,
		    site->places[i].y, &r, &c) == 0 &&
		    kind(m, r, c) == K_PLACE)
			label_near(m, r, c, c, site->places[i].id, ST_PLACEID);
}

/*
 * The incident's glyph at (r, c), drawn after the hops: where a hop's
 * number holds that cell (the anchor is often the incident's camera),
 * beside it, in the nearest cell that holds no device or hop.
 */
static void
incident_put(struct map *m, int r, int c, int k)
{
	static const int	dr[] = { 0, 0, 0, 0, -1, 1, -1, 1 };
	static const int	dc[] = { -1, 1, -2, 2, 0, 0, -1, -1 };
	size_t			i;
	int			rr, cc;

	if (kind(m, r, c) == K_HOP)
		for (i = 0; i < sizeof(dr) / sizeof(dr[0]); i++) {
			rr = r + dr[i], cc = c + dc[i];
			if (rr >= 0 && rr < m->rows && cc >= 0 &&
			    cc < m->cols && kind(m, rr, cc) < K_DEVICE) {
				r = rr, c = cc;
				break;
			}
		}
	put(m, r, c, m->gl[GL_INCIDENT], ST_INCIDENT, 0, k);
}

/* The incident's place or device marked with its own glyph, in red. */
static void
incident(struct map *m, const struct vg_site *site, const char *id)
{
	const struct vg_device	*d;
	size_t			 i;
	int			 r, c;

	if (id == NULL)
		return;
	if ((d = vg_site_device(site, id)) != NULL) {
		if (bd_map_cell(&m->v, m->rows, m->cols, d->x, d->y, &r,
		    &c) == 0)
			incident_put(m, r, c, K_DEVICE);
		return;
	}
	for (i = 0; i < site->nplaces; i++)
		if (strcmp(site->places[i].id, id) == 0 &&
		    isfinite(site->places[i].x) &&
		    isfinite(site->places[i].y) &&
		    bd_map_cell(&m->v, m->rows, m->cols, site->places[i].x,
		    site->places[i].y, &r, &c) == 0)
			incident_put(m, r, c, K_PLACE);
}

/*
 * The legend, two lines bottom-right (else top-left): what the glyphs
 * are, and the hops' colours by decision.  Over links and zone edges
 * only; left out where that is not room enough.
 */
static void
legend(struct map *m)
{
	static const struct {
		int		 line;	/* 0 or 1 */
		int		 gl;	/* a glyph, or -1 */
		const char	*text;	/* after it */
		int		 st;	/* its style */
	} seg[] = {
		{ 0, GL_CAMERA, " camera ", ST_CAMERA },
		{ 0, GL_GATE, " gate ", ST_GATE },
		{ 0, GL_PLACE, " place ", ST_PLACE },
		{ 0, GL_INCIDENT, " incident", ST_INCIDENT },
		{ 1, -1, "hops: ", ST_DECOR },
		{ 1, -1, "proposed ", ST_HOP0 },
		{ 1, -1, "confirmed ", ST_HOP1 },
		{ 1, -1, "rejected", ST_HOP2 },
	};
	int	width[2] = { 0, 0 }, r[2], c, at, i, line, try, ok;
	size_t	k;

	for (k = 0; k < sizeof(seg) / sizeof(seg[0]); k++)
		width[seg[k].line] += (seg[k].gl >= 0) + (int)strlen(seg[k].text);
	if (m->rows < 8 || m->cols < width[1] + 2)
		return;
	for (try = 0; try < 2; try++) {
		r[0] = try == 0 ? m->rows - 2 : 1;
		r[1] = r[0] + 1;
		for (ok = 1, line = 0; line < 2 && ok; line++) {
			at = try == 0 ? m->cols - width[line] : 0;
			for (c = 0; c < width[line] && ok; c++)
				if (kind(m, r[line], at + c) >= K_LABEL &&
				    kind(m, r[line], at + c) != K_EDGE)
					ok = 0;
		}
		if (!ok)
			continue;
		for (line = 0; line < 2; line++) {
			at = try == 0 ? m->cols - width[line] : 0;
			for (k = 0; k < sizeof(seg) / sizeof(seg[0]); k++) {
				if (seg[k].line != line)
					continue;
				if (seg[k].gl >= 0)
					put(m, r[line], at++, m->gl[seg[k].gl],
					    seg[k].st, 0, K_LABEL);
				for (i = 0; seg[k].text[i] != '\0'; i++)
					put(m, r[line], at++,
					    (wchar_t)seg[k].text[i], seg[k].text[i]
					    == ' ' ? ST_DECOR : seg[k].st, 0,
					    K_LABEL);
			}
		}
		return;
	}
}

void
bd_map_draw(WINDOW *w, int y, int x, int rows, int cols,
    const struct vg_site *site, const struct bd_hop *hops, size_t nhops,
    int selected, const struct bd_view *v)
{
	bd_map_draw_opt(w, y, x, rows, cols, site, hops, nhops, selected, v,
	    NULL);
}

void
bd_map_draw_opt(WINDOW *w, int y, int x, int rows, int cols,
    const struct vg_site *site, const struct bd_hop *hops, size_t nhops,
    int selected, const struct bd_view *v, const struct bd_mapopt *opt)
{
	static const struct bd_mapopt none = { NULL, 0, 0 };
	struct map		 m;
	struct box		*bx;
	const struct vg_device	*d;
	size_t			 i, nbx, n;
	int			 r, c;

	if (w == NULL || v == NULL || rows <= 0 || cols <= 0)
		return;
	if (y < 0)
		rows += y, y = 0;
	if (x < 0)
		cols += x, x = 0;
	if (rows > getmaxy(w) - y)
		rows = getmaxy(w) - y;
	if (cols > getmaxx(w) - x)
		cols = getmaxx(w) - x;
	if (rows <= 0 || cols <= 0)
		return;
	if (hops == NULL)
		nhops = 0;
	if (opt == NULL)
		opt = &none;

	memset(&m, 0, sizeof(m));
	m.rows = rows;
	m.cols = cols;
	n = (size_t)rows * cols;
	m.cell = xreallocarray(NULL, n, sizeof(*m.cell));
	for (i = 0; i < n; i++)
		blank(&m.cell[i]);
	m.dots = xcalloc(n, 1);
	sane(&m.v, v);
	m.gl = wcwidth(glyphs[0][GL_CAMERA]) == 1 &&
	    wcwidth(glyphs[0][GL_LINK] + 0xff) == 1 ? glyphs[0] : glyphs[1];
	palette(&m);

	bx = NULL;
	nbx = 0;
	if (site != NULL) {
		links(&m, site);
		bx = xreallocarray(NULL, site->nzones + 1, sizeof(*bx));
		nbx = boxes(&m, site, bx);
		path(&m, site, hops, nhops);
	}
	if (cols >= 2) {
		put(&m, 0, cols - 2, L'N', ST_DECOR, A_BOLD, K_LABEL);
		put(&m, 0, cols - 1, m.gl[GL_NORTH], ST_DECOR, A_BOLD, K_LABEL);
	}
	if (site != NULL) {
		for (i = 0; i < site->nplaces; i++)
			if (isfinite(site->places[i].x) &&
			    isfinite(site->places[i].y) &&
			    bd_map_cell(&m.v, rows, cols, site->places[i].x,
			    site->places[i].y, &r, &c) == 0)
				put(&m, r, c, m.gl[GL_PLACE], ST_PLACE, 0,
				    K_PLACE);
		for (i = 0; i < site->ndevices; i++) {
			d = &site->devices[i];
			if (bd_map_cell(&m.v, rows, cols, d->x, d->y, &r,
			    &c) == 0)
				put(&m, r, c, m.gl[d->type == VG_CAMERA ?
				    GL_CAMERA : GL_GATE], d->type ==
				    VG_CAMERA ? ST_CAMERA : ST_GATE, 0,
				    K_DEVICE);
		}
		hopmarks(&m, site, hops, nhops, selected);
		incident(&m, site, opt->incident);

		/* labels, by importance, each where it finds room; when
		   sparse, only the zones, the path and the incident */
		if (opt->legend)
			legend(&m);
		for (i = 0; i < nbx; i++)
			box_label(&m, &bx[i]);
		device_labels(&m, site, hops, nhops, 1);
		place_labels(&m, site, opt->sparse ? opt->incident : NULL,
		    opt->sparse);
		if (!opt->sparse)
			device_labels(&m, site, hops, nhops, 0);
		else if (opt->incident != NULL &&
		    vg_site_device(site, opt->incident) != NULL &&
		    bd_map_cell(&m.v, rows, cols, vg_site_device(site,
		    opt->incident)->x, vg_site_device(site,
		    opt->incident)->y, &r, &c) == 0)
			label_near(&m, r, c, c, opt->incident, ST_INCIDENT);
	}
	scalebar(&m);

	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++) {
			struct cell *p = &m.cell[(size_t)r * cols + c];

			if (p->ch != 0)
				bd_cell(w, y + r, x + c, p->ch, p->attr,
				    p->pair);
		}
	free(bx);
	free(m.marks);
	free(m.dots);
	free(m.cell);
}
