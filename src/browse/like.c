/* like.c: the look-alikes screen: the sightings of the timeline's window that look like the one selected */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"

#define LIKE_ROWS	200		/* look-alikes listed at most */

/* A look-alike: its row's key, with its strings, in one block. */
static struct tlkey *
like_key(const struct vg_row *r)
{
	struct tlkey	*k;
	size_t		 ld = strlen(r->device) + 1, lt, ls;
	char		*p;

	lt = r->track != NULL ? strlen(r->track) + 1 : 0;
	ls = strlen(r->source != NULL ? r->source : "") + 1;
	k = xcalloc(1, sizeof(*k) + ld + lt + ls);
	p = (char *)(k + 1);
	k->t = r->t;
	k->type = r->type;
	k->last = r->last;
	k->line = r->line;
	k->device = memcpy(p, r->device, ld);
	p += ld;
	if (r->track != NULL) {
		k->track = memcpy(p, r->track, lt);
		p += lt;
	}
	k->source = memcpy(p, r->source != NULL ? r->source : "", ls);
	return k;
}

static int
like_row(const struct vg_row *r, void *arg)
{
	struct ui	*u = arg;
	const char	*cells[7];
	char		 sim[24], t[VG_TIME_BUFSZ], clothes[64];

	snprintf(sim, sizeof(sim), "%.2f", r->similarity);
	vg_time_format(u->tz, r->t, t, sizeof(t));
	if (u->tl_days) {
		t[10] = ' ';
		t[19] = '\0';
	}
	snprintf(clothes, sizeof(clothes), "%s/%s", r->upper != NULL ?
	    r->upper : "-", r->lower != NULL ? r->lower : "-");
	cells[0] = sim;
	cells[1] = u->tl_days ? t : time_of_day(t);
	cells[2] = r->device;
	cells[3] = r->track;
	cells[4] = r->person;
	cells[5] = clothes;
	cells[6] = r->attrs;
	list_add(&u->like, cells, like_key(r));
	return 0;
}

/* The sighting selected: a row of the timeline, or a hop of the path. */
static int
selected_sighting(struct ui *u, char *camera, size_t csize, char *track,
    size_t tsize)
{
	struct list	*tl = &u->panes[P_TIMELINE];
	struct hopinfo	*h;
	const struct tlkey *k;

	if (u->c == NULL)
		return -1;
	if ((u->screen == S_CASE || u->screen == S_DETAIL) &&
	    u->pane == P_TIMELINE) {
		if (tl->nrows == 0 || !list_shown(tl, tl->cur))
			return -1;
		k = tl->data[tl->cur];
		if (k->type != VG_ROW_SIGHTING || k->track == NULL)
			return -1;
		snprintf(camera, csize, "%s", k->device);
		snprintf(track, tsize, "%s", k->track);
		return 0;
	}
	if ((h = selected_hop(u)) == NULL || h->hop->obs.type !=
	    VG_ROW_SIGHTING || h->hop->obs.track == NULL)
		return -1;
	snprintf(camera, csize, "%s", u->g.dev[h->hop->obs.dev].code);
	snprintf(track, tsize, "%s", h->hop->obs.track);
	return 0;
}

/*
 * The look-alikes of the sighting selected among the timeline's rows
 * (its filter and window), ranked by the library's search by look, as
 * vigil-query --like ranks them; under a case, a custody entry as
 * vigil-query -c --like makes, asking why when the sighting names
 * someone.
 */
void
look_alikes(struct ui *u)
{
	static const char *const cols[] = {
		"similarity", "time", "camera", "track", "person", "clothes",
		"attributes"
	};
	struct vg_error	 e = { 0, NULL };
	struct vg_like	 like;
	struct vg_look	*look = NULL;
	struct vg_query	 q = u->tl.q;
	char		 camera[80], track[80], ref[200], title[256];
	char		 prompt[320], *why = NULL;

	if (selected_sighting(u, camera, sizeof(camera), track,
	    sizeof(track)) == -1) {
		say(u, "l lists the look-alikes of a sighting: select one in"
		    " the timeline or the path");
		return;
	}
	snprintf(ref, sizeof(ref), "%s:%s", camera, track);
	like.camera = camera;
	like.track = track;
	if (vg_look_load(u->ar, &like, 1, &look, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		return;
	}
	if (vg_look_named(look)) {
		/* as vigil-query -c --like: a look that names someone */
		snprintf(prompt, sizeof(prompt), "why look for who looks like"
		    " %s? (goes into the custody log): ", ref);
		if ((why = read_line(u, prompt, NULL)) == NULL ||
		    why[0] == '\0') {
			say(u, "not looked up: a look that names someone needs"
			    " a reason under a case");
			goto out;
		}
	}
	q.from = u->tl.from;
	q.to = u->tl.to;
	q.limit = LIKE_ROWS;
	/* as vigil-query --like: a large span's index, or as asked */
	vg_look_index(look, u->archive, u->look_index);
	snprintf(title, sizeof(title), "look-alikes of %s", ref);
	list_filter(&u->like, NULL);
	list_cols(&u->like, title, cols, 7);
	u->like.owns = 1;
	if (vg_look_run(u->ar, &q, look, -INFINITY, like_row, u, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		goto out;
	}
	log_lookup(u, &q, ref, why, (int64_t)u->like.nrows,
	    vg_look_approximate(look) > 0 ? "sightings ranked by look"
	    " (approximate: an index's search budget spent)" :
	    "sightings ranked by look");
	u->like_back = u->screen;
	show(u, S_LIKE);
	if (u->like.nrows == 0)
		say(u, "no sighting of the timeline looks like %s", ref);
	else if (vg_look_why(look) != NULL)
		/* as vigil-query's warning: a vector file could not serve */
		say(u, "%zu sightings; every one searched, not the vector"
		    " files: %s", u->like.nrows, vg_look_why(look));
	else if (vg_look_index_why(look) != NULL)
		/* as vigil-query's warning: an index could not serve */
		say(u, "%zu sightings; their vectors scanned, not the index:"
		    " %s", u->like.nrows, vg_look_index_why(look));
	else if (!vg_look_has_vector(look))
		say(u, "%s has no appearance vector: ranked by colours and"
		    " attributes alone", ref);
	else if (vg_look_approximate(look) > 0)
		/* as vigil-query's warning: the answer is approximate */
		say(u, "%zu sightings, most alike first; approximate: %zu of"
		    " %zu spans' index searches spent their budget (--exact"
		    " scans)", u->like.nrows, vg_look_approximate(look),
		    vg_look_indexed(look));
	else
		say(u, "%zu sightings, most alike first (similarity: log10 of"
		    " the likelihood ratio)", u->like.nrows);
out:
	free(why);
	vg_look_free(look);
}

static void
like_draw(struct ui *u)
{
	struct list	*l = &u->like;
	const struct tlkey *k;
	char		 title[256], where[160];
	size_t		 pos, n;
	int		 right = COLS >= 160 ? COLS / 2 : COLS >= 80 ? COLS / 3 :
			    0;		/* the picture: the list first */

	draw_list_at(u, l, 0, right > 0 ? COLS - right - 1 : COLS);
	if (right > 0) {
		mvvline(1, COLS - right - 1, ACS_VLINE, LINES - 3);
		put_text(1, COLS - right, right, "");
		if (list_shown(l, l->cur)) {
			k = l->data[l->cur];
			draw_thumb_of(u, k->type, k->device, k->t, k->last,
			    k->track, k->source, 1, COLS - right, LINES - 3,
			    right);
		}
	}
	snprintf(title, sizeof(title), "vigil-browse  %s  | %s: %s",
	    l->title != NULL ? l->title : "look-alikes",
	    u->info.number != NULL ? u->info.number : "",
	    u->info.title != NULL ? u->info.title : "");
	list_where(l, &pos, &n);
	snprintf(where, sizeof(where), "like %zu/%zu%s%.20s%s", pos, n,
	    l->filter != NULL ? " filter '" : "", l->filter != NULL ?
	    l->filter : "", l->filter != NULL ? "'" : "");
	draw_bars(u, title, where, "Enter timeline  / search  ? help  q back");
}

static int
like_key_fn(struct ui *u, enum act a)
{
	struct list	*l = &u->like;
	const struct tlkey *k;

	switch (a) {
	case K_BACK:
		show(u, u->like_back);
		return V_DONE;
	case K_OPEN:
		if (!list_shown(l, l->cur))
			return V_DONE;
		k = l->data[l->cur];
		tl_filter(u, NULL, 0);
		u->pane = P_TIMELINE;
		show(u, S_CASE);
		if (tl_select(u, k) == -1)
			say(u, "%s:%s is not in the timeline", k->device,
			    k->track != NULL ? k->track : "");
		return V_DONE;
	case K_LIKE:
		return V_DONE;
	default:
		return V_PASS;
	}
}

static struct list *
like_list(struct ui *u)
{
	return &u->like;
}

const struct view view_like = {
	"look-alikes", like_draw, like_key_fn, NULL, NULL, NULL, like_list
};
