/* items.c: the items screen: a case's items in time order, Enter the timeline at one */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"

/* Items in time order; of a time, in the order added. */
static int
item_cmp(const void *a, const void *b)
{
	const struct citem *x = *(const struct citem *const *)a;
	const struct citem *y = *(const struct citem *const *)b;

	if (x->t0 != y->t0)
		return x->t0 < y->t0 ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The list made again from the items held (they change as one is added). */
static void
load_items(struct ui *u)
{
	static const char *const cols[] = {
		"item", "time", "kind", "device", "until", "remark"
	};
	struct citem	**by;
	const char	*cells[6];
	char		 n[24], t[VG_TIME_BUFSZ], t1[VG_TIME_BUFSZ], dev[160];
	size_t		 i, cur = u->citems.cur;
	char		*filter;

	filter = u->citems.filter != NULL ? xstrdup(u->citems.filter) : NULL;
	list_filter(&u->citems, NULL);
	list_cols(&u->citems, "items", cols, 6);
	by = xcalloc(u->nitems > 0 ? u->nitems : 1, sizeof(*by));
	for (i = 0; i < u->nitems; i++)
		by[i] = &u->items[i];
	qsort(by, u->nitems, sizeof(*by), item_cmp);
	for (i = 0; i < u->nitems; i++) {
		snprintf(n, sizeof(n), "%lld", (long long)by[i]->id);
		vg_time_format(u->tz, by[i]->t0, t, sizeof(t));
		t[10] = ' ';
		t[19 + strcspn(t + 19, "+-Z")] = '\0';	/* in the zone */
		t1[0] = '\0';
		if (by[i]->t1 != VG_TIME_NONE) {
			vg_time_format(u->tz, by[i]->t1, t1, sizeof(t1));
			memmove(t1, time_of_day(t1), 13);
		}
		snprintf(dev, sizeof(dev), "%s%s%s", by[i]->device,
		    by[i]->track != NULL ? ":" : "", by[i]->track != NULL ?
		    by[i]->track : "");
		cells[0] = n;
		cells[1] = t;
		cells[2] = by[i]->kind;
		cells[3] = dev;
		cells[4] = t1;
		cells[5] = by[i]->remark != NULL ? by[i]->remark : "";
		list_add(&u->citems, cells, NULL);	/* found by number */
	}
	free(by);
	u->citems.cur = cur < u->citems.nrows ? cur : 0;
	if (filter != NULL)
		list_filter(&u->citems, filter);
	free(filter);
}

/*
 * The case's timeline, whole (no query), at the item: the window moved to
 * it when outside, its row selected when the archive has it.
 */
static void
items_jump(struct ui *u, const struct citem *it)
{
	struct list	*l = &u->panes[P_TIMELINE];
	const struct tlkey *k;
	int64_t		 end = it->t1 != VG_TIME_NONE ? it->t1 : it->t0;
	size_t		 i;
	int		 gate = strcmp(it->kind, "event") == 0;

	vg_query_init(&u->tl.q);
	u->tl.upper = u->tl.lower = u->tl.kind = NULL;
	free(u->tl.what);
	u->tl.what = NULL;
	if (it->t0 < u->tl.from || it->t0 > u->tl.to) {
		u->tl.from = it->t0 - WINDOW_US;	/* the window */
		u->tl.to = it->t0 + WINDOW_US;		/* moves */
	}
	tl_open(u, it->t0);
	u->pane = P_TIMELINE;
	show(u, S_CASE);
	for (i = 0; i < l->nrows; i++) {
		if ((k = l->data[i]) == NULL || k->t > end)
			break;
		if (k->t < it->t0 || strcmp(k->device, it->device) != 0 ||
		    (k->type == VG_ROW_GATE) != gate)
			continue;
		if (it->track != NULL && (k->track == NULL ||
		    strcmp(k->track, it->track) != 0))
			continue;
		l->cur = i;
		say(u, "item %lld: %s %s%s%s", (long long)it->id, it->kind,
		    it->device, it->track != NULL ? ":" : "",
		    it->track != NULL ? it->track : "");
		return;
	}
	say(u, "item %lld: no row of %s%s%s in the archive: the timeline at"
	    " its time", (long long)it->id, it->device, it->track != NULL ?
	    ":" : "", it->track != NULL ? it->track : "");
}

static void
items_draw(struct ui *u)
{
	struct list	*l = &u->citems;
	char		 title[300], where[96];
	size_t		 pos, n;

	draw_list(u, l);
	list_where(l, &pos, &n);
	snprintf(title, sizeof(title), "vigil-browse  %s: the case's items,"
	    " in time order", u->info.number);
	snprintf(where, sizeof(where), "items %zu/%zu%s%.20s%s", pos, n,
	    l->filter != NULL ? " filter '" : "", l->filter != NULL ?
	    l->filter : "", l->filter != NULL ? "'" : "");
	draw_bars(u, title, where, "Enter timeline  / search  f filter  "
	    "? help  q back");
	if (u->msg[0] == '\0' && l->nrows == 0)
		put_text(LINES - 1, 0, COLS, "no item yet: i on a row of the"
		    " timeline or a hop adds one");
}

/* The item of the row selected, by its number (the items may be read again). */
static const struct citem *
selected_item(struct ui *u)
{
	struct list	*l = &u->citems;
	long long	 id;
	size_t		 i;

	if (!list_shown(l, l->cur))
		return NULL;
	id = strtoll(l->rows[l->cur][0], NULL, 10);
	for (i = 0; i < u->nitems; i++)
		if (u->items[i].id == id)
			return &u->items[i];
	return NULL;
}

static int
items_key(struct ui *u, enum act a)
{
	const struct citem *it;

	switch (a) {
	case K_BACK:
		show(u, u->items_back);
		return V_DONE;
	case K_OPEN:
		if ((it = selected_item(u)) != NULL)
			items_jump(u, it);
		return V_DONE;
	default:
		return V_PASS;
	}
}

static struct list *
items_list(struct ui *u)
{
	return &u->citems;
}

/* The items read again on entering: another tool may have added some. */
static void
items_enter(struct ui *u)
{
	load_small_panes(u);
	tl_remark(u);
	load_items(u);
}

const struct view view_items = {
	"items", items_draw, items_key, NULL, items_enter, NULL, items_list
};
