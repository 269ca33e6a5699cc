/* mapview.c: the map screen: the site plan with the path */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"

static void
map_hops(struct ui *u, struct bd_hop **out)
{
	size_t	i;

	*out = xcalloc(u->nhops + 1, sizeof(**out));
	for (i = 0; i < u->nhops; i++) {
		(*out)[i].device = u->g.dev[u->hops[i].hop->obs.dev].code;
		(*out)[i].n = (int)i + 1;
		(*out)[i].state = strcmp(u->hops[i].decision, "confirmed") ==
		    0 ? 1 : strcmp(u->hops[i].decision, "rejected") == 0 ? 2 :
		    0;
	}
}

static void
draw_map(struct ui *u)
{
	struct bd_hop	*hops;
	struct bd_mapopt opt;
	char		 title[256], where[160];
	size_t		 sel = u->panes[P_PATH].cur;
	int		 rows = LINES - 3;

	if (!u->view_set) {
		bd_map_fit(&u->view, u->site, rows, COLS);
		u->view_set = 1;
	}
	map_hops(u, &hops);
	erase();
	/* below 120x40, fewer labels: the zones, the path, the incident */
	opt.incident = u->info.incident_place;
	opt.legend = 1;
	opt.sparse = COLS < 120 || LINES < 40;
	bd_map_draw_opt(stdscr, 1, 0, rows, COLS, u->site, hops, u->nhops,
	    u->nhops > 0 ? (int)sel : -1, &u->view, &opt);
	free(hops);
	snprintf(title, sizeof(title), "vigil-browse  %s: map of %s",
	    u->info.number != NULL ? u->info.number : "", u->site->name);
	if (u->nhops > 0 && sel < u->nhops)
		snprintf(where, sizeof(where), "hop %zu/%zu %s %.0f m/cell",
		    sel + 1, u->nhops, u->g.dev[u->hops[sel].hop->obs.dev].code,
		    u->view.mpc);
	else
		snprintf(where, sizeof(where), "%.0f m/cell", u->view.mpc);
	draw_bars(u, title, where,
	    "j/k hop  h/l/J/K pan  +/- zoom  0 fit  Enter detail  ? help  q back");
}

static int
map_key(struct ui *u, enum act a)
{
	struct list	*path = &u->panes[P_PATH];
	int		 half = rows_shown() / 2 > 0 ? rows_shown() / 2 : 1;

	switch (a) {
	case K_BACK:
		show(u, u->c != NULL ? S_CASE : S_CASES);
		break;
	case K_MAP:
		break;
	case K_OPEN:
		u->back = S_MAP;
		u->pane = P_PATH;
		show(u, S_DETAIL);
		break;
	case K_DOWN:
	case K_UP:
	case K_PGDN:
	case K_PGUP:
		/* the next hop, and the map follows it */
		move_in(u, path, a == K_DOWN ? 1 : a == K_UP ? -1 :
		    a == K_PGDN ? half : -half);
		if ((a == K_DOWN || a == K_UP) && path->cur < u->nhops)
			(void)bd_map_center(&u->view, u->site, u->g.dev[
			    u->hops[path->cur].hop->obs.dev].code);
		break;
	case K_LEFT:
	case K_RIGHT:
	case K_LIKE:		/* l: as vi, right (no sighting list here) */
		bd_map_pan(&u->view, 0, a == K_LEFT ? -COLS / 8 : COLS / 8);
		break;
	case K_PANUP:
	case K_PANDOWN:
		bd_map_pan(&u->view, a == K_PANUP ? -LINES / 6 : LINES / 6, 0);
		break;
	case K_ZOOMIN:
	case K_ZOOMOUT:
		/* in on the selection, not the site's centre */
		if (a == K_ZOOMIN && path->cur < u->nhops)
			(void)bd_map_center(&u->view, u->site, u->g.dev[
			    u->hops[path->cur].hop->obs.dev].code);
		bd_map_zoom(&u->view, a == K_ZOOMIN ? 0.5 : 2.0);
		break;
	case K_FIT:
		u->view_set = 0;
		break;
	default:
		return V_PASS;
	}
	return V_DONE;
}

/*
 * A click on a hop's device (its number, or the cell either side of it)
 * selects the hop; on the hop selected, opens its detail.  Elsewhere on
 * the map, nothing.
 */
static int
map_mouse(struct ui *u, const MEVENT *ev)
{
	const struct vg_device *d;
	struct list	*path = &u->panes[P_PATH];
	size_t		 i, hit = u->nhops;
	int		 r, c, best = 2;

	for (i = 0; i < u->nhops; i++) {
		if ((d = vg_site_device(u->site,
		    u->g.dev[u->hops[i].hop->obs.dev].code)) == NULL ||
		    bd_map_cell(&u->view, LINES - 3, COLS, d->x, d->y, &r,
		    &c) == -1 || r + 1 != ev->y || abs(c - ev->x) >= best)
			continue;
		best = abs(c - ev->x);
		hit = i;
	}
	if (hit == u->nhops)
		return 1;
	if (hit == path->cur)
		(void)map_key(u, K_OPEN);
	else
		path->cur = hit;
	return 1;
}

const struct view view_map = {
	"map", draw_map, map_key, map_mouse, NULL, NULL, NULL
};
