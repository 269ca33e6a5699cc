/* image.c: a frame drawn in colour half blocks, or in characters by luminance */
#include "config.h"

#include "draw.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <libavutil/mem.h>
#include <libswscale/swscale.h>

#define UPPER_HALF	0x2580
#define RAMP		" .:-=+*#%@"

/* The picture on its cell grid. */
struct grid {
	int		 w;		/* pixels a row: one a cell column */
	int		 h;		/* pixel rows: two a cell row with half
					   blocks, else one */
	uint8_t		*rgb;		/* packed RGB, stride w * 3 */
};

/* Scale img to g->w x g->h with SWS_AREA; -1 if libswscale declines. */
static int
scale(const struct vg_image *img, struct grid *g)
{
	struct SwsContext	*sws;
	const uint8_t		*src[4] = { NULL };
	uint8_t			*dst[4] = { NULL }, *copy = NULL, *out;
	int			 sstride[4] = { 0 }, dstride[4] = { 0 };
	int			 ss, ds, i, rc = -1;

	/* rows aligned to 16 bytes on both sides, or libswscale warns on
	   stderr */
	ss = img->width * 3;
	if ((uintptr_t)img->rgb % 16 != 0 || ss % 16 != 0) {
		ss = (img->width * 3 + 63) & ~63;
		if ((copy = av_malloc((size_t)ss * img->height)) == NULL)
			return -1;
		for (i = 0; i < img->height; i++)
			memcpy(copy + (size_t)i * ss,
			    img->rgb + (size_t)i * img->width * 3,
			    (size_t)img->width * 3);
	}
	ds = (g->w * 3 + 63) & ~63;
	if ((out = av_malloc((size_t)ds * g->h + 64)) == NULL)
		goto done;
	sws = sws_getContext(img->width, img->height, AV_PIX_FMT_RGB24, g->w,
	    g->h, AV_PIX_FMT_RGB24, SWS_AREA, NULL, NULL, NULL);
	if (sws == NULL)
		goto done;
	src[0] = copy != NULL ? copy : img->rgb;
	sstride[0] = ss;
	dst[0] = out;
	dstride[0] = ds;
	if (sws_scale(sws, src, sstride, 0, img->height, dst, dstride) ==
	    g->h) {
		for (i = 0; i < g->h; i++)
			memcpy(g->rgb + (size_t)i * g->w * 3,
			    out + (size_t)i * ds, (size_t)g->w * 3);
		rc = 0;
	}
	sws_freeContext(sws);
done:
	av_free(out);
	av_free(copy);
	return rc;
}

static int
pixel(const struct grid *g, int row, int col)
{
	const uint8_t	*p = g->rgb + ((size_t)row * g->w + col) * 3;

	return p[0] << 16 | p[1] << 8 | p[2];
}

/* rgb with its channels cut to 8 - q bits, at the middle of each step. */
static int
quantize(int rgb, int q)
{
	int	r, g, b, half;

	if (q == 0)
		return rgb;
	half = 1 << (q - 1);
	r = ((rgb >> 16 & 0xff) >> q << q) + half;
	g = ((rgb >> 8 & 0xff) >> q << q) + half;
	b = ((rgb & 0xff) >> q << q) + half;
	return r << 16 | g << 8 | b;
}

/*
 * The colour numbers of the top and bottom pixel of every cell, cut
 * coarser until the pairs they need fit among those left (or, after a
 * flush of the cache, among all).  -1 if even 8 colours do not fit.
 */
static int
colours(const struct grid *g, int *num)
{
	uint64_t	*set, key;
	size_t		 cells, nset, i;
	int		 q, r, c, fresh, all, n;

	cells = (size_t)g->w * (g->h / 2);
	for (nset = 64; nset < 2 * cells; nset *= 2)
		;
	set = xcalloc(nset, sizeof(*set));
	for (q = 0; q < 8; q++) {
		memset(set, 0, nset * sizeof(*set));
		fresh = all = 0;
		n = 0;
		for (r = 0; r < g->h / 2; r++)
			for (c = 0; c < g->w; c++) {
				num[n] = bd_color_of(quantize(
				    pixel(g, 2 * r, c), q));
				num[n + 1] = bd_color_of(quantize(
				    pixel(g, 2 * r + 1, c), q));
				key = ((uint64_t)(uint32_t)num[n] << 32 |
				    (uint32_t)num[n + 1]) + 1;
				for (i = (key * 0x9e3779b97f4a7c15ull >> 20) &
				    (nset - 1); set[i] != 0 && set[i] != key;
				    i = (i + 1) & (nset - 1))
					;
				if (set[i] == 0) {
					set[i] = key;
					all++;
					if (!bd_pair_cached(num[n], num[n + 1]))
						fresh++;
				}
				n += 2;
			}
		if (fresh <= bd_pair_room())
			break;
		if (all <= bd_pair_max()) {
			bd_pair_flush();
			break;
		}
	}
	free(set);
	return q < 8 ? 0 : -1;
}

int
bd_image(WINDOW *w, int y, int x, int rows, int cols,
    const struct vg_image *img)
{
	return bd_image_box(w, y, x, rows, cols, img, NULL, NULL);
}

/* Paint the outline of box (fractions of the picture) into g, in yellow. */
static void
paint_box(struct grid *g, const double *box)
{
	int	x0, y0, x1, y1, i, t, k;
	uint8_t	*p;

	x0 = (int)floor(box[0] * g->w);
	y0 = (int)floor(box[1] * g->h);
	x1 = (int)ceil((box[0] + box[2]) * g->w) - 1;
	y1 = (int)ceil((box[1] + box[3]) * g->h) - 1;
	x0 = x0 < 0 ? 0 : x0 >= g->w ? g->w - 1 : x0;
	x1 = x1 < x0 ? x0 : x1 >= g->w ? g->w - 1 : x1;
	y0 = y0 < 0 ? 0 : y0 >= g->h ? g->h - 1 : y0;
	y1 = y1 < y0 ? y0 : y1 >= g->h ? g->h - 1 : y1;
	for (k = 0; k < 2; k++)		/* two passes: top and bottom, sides */
		for (i = k == 0 ? x0 : y0; i <= (k == 0 ? x1 : y1); i++)
			for (t = 0; t < 2; t++) {
				p = g->rgb + ((size_t)(k == 0 ? (t ? y1 : y0) :
				    i) * g->w + (k == 0 ? i : t ? x1 : x0)) * 3;
				p[0] = 0xff;
				p[1] = 0xe0;
				p[2] = 0x00;
			}
}

/* The character of an outline cell of box in a grid of cells, or 0. */
static wchar_t
box_char(const struct grid *g, const double *box, int r, int c)
{
	int	x0, y0, x1, y1, top, side;

	x0 = (int)floor(box[0] * g->w);
	y0 = (int)floor(box[1] * g->h);
	x1 = (int)ceil((box[0] + box[2]) * g->w) - 1;
	y1 = (int)ceil((box[1] + box[3]) * g->h) - 1;
	if (c < x0 || c > x1 || r < y0 || r > y1)
		return 0;
	top = r == y0 || r == y1;
	side = c == x0 || c == x1;
	return top && side ? L'+' : top ? L'-' : side ? L'|' : 0;
}

void
bd_image_cache_free(struct bd_imgcache *ic)
{
	free(ic->rgb);
	memset(ic, 0, sizeof(*ic));
}

int
bd_image_box(WINDOW *w, int y, int x, int rows, int cols,
    const struct vg_image *img, const double *box, struct bd_imgcache *ic)
{
	struct grid	 g;
	double		 s;
	int		*num = NULL;
	int		 half, crows, ccols, oy, ox, r, c, v, p, n;
	wchar_t		 bc;

	if (w == NULL || img == NULL || img->rgb == NULL || img->width <= 0 ||
	    img->height <= 0 || rows <= 0 || cols <= 0)
		return -1;
	/* the rectangle, clipped to the window */
	if (y < 0)
		rows += y, y = 0;
	if (x < 0)
		cols += x, x = 0;
	if (rows > getmaxy(w) - y)
		rows = getmaxy(w) - y;
	if (cols > getmaxx(w) - x)
		cols = getmaxx(w) - x;
	if (rows < 2 || cols < 2)
		return -1;

	/* a cell is one square pixel wide and two tall */
	s = fmin((double)cols / img->width, 2.0 * rows / img->height);
	ccols = (int)fmin(cols, floor(img->width * s + 0.5));
	crows = (int)fmin(rows, floor(img->height * s / 2 + 0.5));
	if (ccols < 2 || crows < 2)
		return -1;
	/* half blocks need colour, and a locale that has them */
	half = bd_color_mode() != BD_PLAIN && wcwidth(UPPER_HALF) == 1;
	g.w = ccols;
	g.h = half ? 2 * crows : crows;
	g.rgb = xreallocarray(NULL, (size_t)g.w * g.h, 3);
	if (ic != NULL && ic->rgb != NULL && ic->src == img->rgb &&
	    ic->iw == img->width && ic->ih == img->height && ic->w == g.w &&
	    ic->h == g.h)
		memcpy(g.rgb, ic->rgb, (size_t)g.w * g.h * 3);
	else {
		if (scale(img, &g) != 0) {
			free(g.rgb);
			return -1;
		}
		if (ic != NULL) {
			free(ic->rgb);
			ic->rgb = xreallocarray(NULL, (size_t)g.w * g.h, 3);
			memcpy(ic->rgb, g.rgb, (size_t)g.w * g.h * 3);
			ic->src = img->rgb;
			ic->iw = img->width;
			ic->ih = img->height;
			ic->w = g.w;
			ic->h = g.h;
			ic->scales++;
		}
	}
	if (box != NULL && half)
		paint_box(&g, box);
	if (half) {
		num = xreallocarray(NULL, (size_t)ccols * crows, 2 * sizeof(*num));
		if (colours(&g, num) != 0)
			half = 0;
	}

	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++)
			bd_cell(w, y + r, x + c, L' ', A_NORMAL, 0);
	oy = y + (rows - crows) / 2;
	ox = x + (cols - ccols) / 2;
	for (r = 0, n = 0; r < crows; r++)
		for (c = 0; c < ccols; c++, n += 2) {
			if (half) {
				p = bd_pair_color(num[n], num[n + 1]);
				bd_cell(w, oy + r, ox + c, UPPER_HALF,
				    A_NORMAL, p);
				continue;
			}
			if (box != NULL && g.h == crows &&
			    (bc = box_char(&g, box, r, c)) != 0) {
				bd_cell(w, oy + r, ox + c, bc, A_BOLD, 0);
				continue;
			}
			/* Rec. 601 luma; half-block grids use the top row */
			v = pixel(&g, num != NULL ? 2 * r : r, c);
			v = (299 * (v >> 16 & 0xff) + 587 * (v >> 8 & 0xff) +
			    114 * (v & 0xff)) / 1000;
			bd_cell(w, oy + r, ox + c, RAMP[v * 10 / 256],
			    A_NORMAL, 0);
		}
	free(num);
	free(g.rgb);
	return 0;
}
