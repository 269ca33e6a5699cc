/* draw.h: colour, frames in half blocks and the site plan, drawn with ncursesw */
#ifndef BD_DRAW_H
#define BD_DRAW_H

#include <curses.h>	/* ncursesw, wide characters */
#include "vigil.h"

/*
 * Colour (color.c).  The only global state of these modules: the colour
 * mode chosen by bd_color_init and a cache of the colour pairs allocated
 * since, both for the current screen.
 */
enum bd_colors { BD_PLAIN, BD_256, BD_DIRECT };	/* what the terminal can show */

/*
 * After initscr(): choose the mode: BD_PLAIN when NO_COLOR is set to a
 * non-empty value (no-color.org) or the terminal has no colours; BD_DIRECT
 * when COLORS >= 0x1000000; BD_256 when COLORS >= 256; on 8 and 16-colour
 * terminals BD_PLAIN for images but the nearest base colours for
 * bd_pair_rgb.  Calls start_color() and use_default_colors() as needed,
 * and empties the pair cache.
 */
enum bd_colors	 bd_color_init(void);
enum bd_colors	 bd_color_mode(void);
/* Free the pair cache (before delscreen, or at exit); colour is then off. */
void		 bd_color_end(void);

/*
 * A colour pair for fg over bg given as 0xRRGGBB (-1: the terminal's
 * default), allocated with init_extended_pair and cached.  When the pairs
 * run out the cache is emptied and bd_pair_epoch() changes: cells drawn
 * before with older pairs may show wrong colours until redrawn.  Returns 0
 * when there is no colour (NO_COLOR, a terminal without colours).
 */
int		 bd_pair_rgb(int fg, int bg);
/* Changes each time the pair cache is emptied: compare around a draw, and
   redraw the whole screen when it changed. */
unsigned	 bd_pair_epoch(void);

/* For the drawing modules: terminal colour numbers and pairs by number. */
int		 bd_color_of(int rgb);		/* -1 stays -1 */
int		 bd_pair_color(int fgc, int bgc);
int		 bd_pair_cached(int fgc, int bgc);	/* 0 if not cached */
int		 bd_pair_room(void);		/* pairs left before a flush */
int		 bd_pair_max(void);		/* pairs in all, 0 without colour */
void		 bd_pair_flush(void);		/* empty the cache */
/* Put one character at (y, x) of w with attributes and a pair. */
int		 bd_cell(WINDOW *, int y, int x, wchar_t, attr_t, int pair);

/*
 * Draw img into the rectangle (y, x, rows, cols) of w, fitted with its
 * aspect kept and centred, the rest of the rectangle blanked: half blocks
 * (U+2580, fg the top pixel, bg the bottom one) in BD_256 and BD_DIRECT,
 * scaled with libswscale (SWS_AREA); in BD_PLAIN one character a cell of
 * the ramp " .:-=+*#%@" by luminance.  The rectangle is clipped to w.
 * Returns 0, or -1 when the picture would be under 2x2 cells or img is
 * empty, and then draws nothing.
 */
int		 bd_image(WINDOW *w, int y, int x, int rows, int cols,
		     const struct vg_image *img);

/* The last picture scaled for a screen: drawn again at the same size, the
   frame is not scaled again. */
struct bd_imgcache {
	const uint8_t	*src;		/* the frame's pixels it was made from */
	int		 iw, ih;	/* the frame's size */
	int		 w, h;		/* the grid's size */
	uint8_t		*rgb;		/* the scaled grid, or NULL */
	unsigned long	 scales;	/* how many times it scaled, for tests */
};

/*
 * bd_image with the outline of box (x, y, w, h as fractions of the
 * picture, or NULL) drawn over it, in yellow with half blocks and in
 * + - | without colour, and with ic (or NULL) keeping the scaled picture:
 * the caller frees it with bd_image_cache_free, and empties it when the
 * frame's pixels are freed.
 */
int		 bd_image_box(WINDOW *w, int y, int x, int rows, int cols,
		     const struct vg_image *img, const double *box,
		     struct bd_imgcache *ic);
void		 bd_image_cache_free(struct bd_imgcache *);

/*
 * The site plan (map.c).
 */
struct bd_hop {		/* a hop of the path drawn on the map */
	const char	*device;	/* device id, looked up in the site */
	int		 n;		/* hop number shown */
	int		 state;		/* 0 proposed, 1 confirmed, 2 rejected */
};

struct bd_view {	/* where the map looks */
	double		 cx, cy;	/* metres at the centre of the rectangle */
	double		 mpc;		/* metres per cell column (a row is 2
					   columns tall) */
};

#define BD_MPC_MIN	0.05		/* closest zoom, metres a column */
#define BD_MPC_MAX	10000.0		/* farthest zoom */

/* A view that fits the whole site (its places and devices, a margin) into
   rows x cols. */
void	 bd_map_fit(struct bd_view *, const struct vg_site *, int rows,
	     int cols);
/* Pan by cells (positive: south and east), zoom by a factor around the
   centre (factor < 1 zooms in); mpc stays within [BD_MPC_MIN, BD_MPC_MAX]
   and the centre finite. */
void	 bd_map_pan(struct bd_view *, int drows, int dcols);
void	 bd_map_zoom(struct bd_view *, double factor);
/* Centre the view on a device; -1 if the site lacks it. */
int	 bd_map_center(struct bd_view *, const struct vg_site *,
	     const char *device);
/* The cell (row, col, from the rectangle's top-left) of a point in metres;
   -1 when it falls outside rows x cols. */
int	 bd_map_cell(const struct bd_view *, int rows, int cols, double mx,
	     double my, int *row, int *col);
/*
 * Draw the site plan into the rectangle (y, x, rows, cols) of w, clipped
 * to it: links in dim braille, zones as boxes around their places and
 * devices with the zone id at the top-left, places as ◇ with their id,
 * cameras ● and gates ■ with their ids where there is room, the path
 * through the hops' devices in bright braille (rejected hops skipped),
 * each hop's number on its device's cell, the selected hop (an index into
 * hops, or -1) in reverse video, a scale bar bottom-left and N↑ top-right.
 */
void	 bd_map_draw(WINDOW *w, int y, int x, int rows, int cols,
	     const struct vg_site *site, const struct bd_hop *hops,
	     size_t nhops, int selected, const struct bd_view *v);

struct bd_mapopt {	/* what a case's map adds */
	const char	*incident;	/* the incident's place or device, or
					   NULL: marked with a red cross */
	int		 legend;	/* a legend of glyphs and colours */
	int		 sparse;	/* labels only of zones, the path and
					   the incident (small screens) */
};

/* bd_map_draw with the options (NULL: none). */
void	 bd_map_draw_opt(WINDOW *w, int y, int x, int rows, int cols,
	     const struct vg_site *site, const struct bd_hop *hops,
	     size_t nhops, int selected, const struct bd_view *v,
	     const struct bd_mapopt *opt);

#endif /* BD_DRAW_H */
