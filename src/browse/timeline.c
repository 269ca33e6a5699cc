/* timeline.c: the timeline pane, a page at a time, its search and the query prompt */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"

#define TLCOLS	8
static const char *const tl_cols[TLCOLS] = {
	"", "time", "device", "kind", "track", "person", "name", "detail"
};

struct page {
	struct ui	*u;		/* the browser */
	const struct tlkey *after;	/* only rows after it, or NULL */
	const struct tlkey *before;	/* only rows before it, or NULL */
	struct tlkey	*keys;		/* rows taken */
	char		***cells;	/* and their cells */
	size_t		 n;		/* how many */
	size_t		 max;		/* at most, going forward */
};

static int
key_cmp(const struct tlkey *a, const struct tlkey *b)
{
	int	c;

	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if ((c = strcmp(a->device, b->device)) != 0)
		return c;
	if ((c = strcmp(a->source, b->source)) != 0)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

static void
key_free(struct tlkey *k)
{
	free(k->device);
	free(k->track);
	free(k->source);
	free(k->person);
}


static const char *tl_mark1(struct ui *, const struct tlkey *);

/* How a row is marked: '*' on the path, '+' an item, then '»' bookmarked. */
static char *
tl_mark(struct ui *u, const struct tlkey *r)
{
	char	*s;

	xasprintf(&s, "%s%s", tl_mark1(u, r), bm_row(u, r) ? "»" : "");
	return s;
}

static const char *
tl_mark1(struct ui *u, const struct tlkey *r)
{
	size_t	i;

	for (i = 0; i < u->nhops; i++) {
		const struct vg_obs *o = &u->hops[i].hop->obs;

		if (strcmp(u->g.dev[o->dev].code, r->device) != 0)
			continue;
		if (r->type == VG_ROW_SIGHTING && o->track != NULL &&
		    r->track != NULL && strcmp(o->track, r->track) == 0)
			return "*";
		if (r->type == VG_ROW_GATE && llabs(o->first - r->t) < US)
			return "*";
	}
	for (i = 0; i < u->nitems; i++) {
		const struct citem *it = &u->items[i];

		if (strcmp(it->device, r->device) != 0)
			continue;
		if (r->type == VG_ROW_SIGHTING && it->track != NULL &&
		    r->track != NULL && strcmp(it->track, r->track) == 0)
			return "+";
		if (r->type == VG_ROW_GATE && strcmp(it->kind, "event") == 0 &&
		    llabs(it->t0 - r->t) < US)
			return "+";
		if (r->type == VG_ROW_SIGHTING && it->t1 != VG_TIME_NONE &&
		    strcmp(it->kind, "clip") == 0 && r->t <= it->t1 &&
		    (r->last != VG_TIME_NONE ? r->last : r->t) >= it->t0)
			return "+";
	}
	return " ";
}

static int
page_row(const struct vg_row *r, void *arg)
{
	struct page	*p = arg;
	struct tlkey	 k;
	char		 t[VG_TIME_BUFSZ], detail[96], **cells;
	const char	*kind;

	k.t = r->t;
	k.type = r->type;
	k.device = (char *)r->device;
	k.source = (char *)(r->source != NULL ? r->source : "");
	k.line = r->line;
	if (p->after != NULL && key_cmp(&k, p->after) <= 0)
		return 0;
	if (r->t < p->u->tl.from)	/* seen since before the window */
		return 0;
	if (p->before != NULL && key_cmp(&k, p->before) >= 0)
		return 1;
	if (p->max > 0 && p->n == p->max)
		return 1;
	vg_time_format(p->u->tz, r->t, t, sizeof(t));
	if (r->type == VG_ROW_GATE) {
		kind = "gate";
		snprintf(detail, sizeof(detail), "%s %s %s",
		    r->credential != NULL ? r->credential : "",
		    r->direction != NULL ? r->direction : "",
		    r->result != NULL ? r->result : "");
	} else {
		kind = r->kind != NULL ? r->kind : "sighting";
		snprintf(detail, sizeof(detail), "%s/%s %s",
		    r->upper != NULL ? r->upper : "-",
		    r->lower != NULL ? r->lower : "-",
		    r->attrs != NULL ? r->attrs : "");
	}
	cells = xcalloc(TLCOLS, sizeof(*cells));
	k.track = (char *)r->track;
	k.last = r->last;
	cells[0] = tl_mark(p->u, &k);
	if (p->u->tl_days) {		/* the date too, to the second */
		t[10] = ' ';
		t[19] = '\0';
		cells[1] = xstrdup(t);
	} else
		cells[1] = xstrdup(time_of_day(t));
	cells[2] = xstrdup(r->device);
	cells[3] = xstrdup(kind);
	cells[4] = xstrdup(r->track != NULL ? r->track : "");
	cells[5] = xstrdup(r->person != NULL ? r->person : "");
	cells[6] = xstrdup(r->name != NULL ? r->name : "");
	cells[7] = xstrdup(detail);
	p->keys = xreallocarray(p->keys, p->n + 1, sizeof(*p->keys));
	p->cells = xreallocarray(p->cells, p->n + 1, sizeof(*p->cells));
	p->keys[p->n].t = r->t;
	p->keys[p->n].type = r->type;
	p->keys[p->n].device = xstrdup(r->device);
	p->keys[p->n].track = r->track != NULL ? xstrdup(r->track) : NULL;
	p->keys[p->n].source = xstrdup(r->source != NULL ? r->source : "");
	p->keys[p->n].line = r->line;
	p->keys[p->n].last = r->last;
	p->keys[p->n].person = r->person != NULL ? xstrdup(r->person) : NULL;
	p->cells[p->n++] = cells;
	return 0;
}

static void page_free_range(struct page *, size_t, size_t);

static void
page_free(struct page *p, size_t from)
{
	page_free_range(p, from, p->n);
	free(p->keys);
	free(p->cells);
	p->keys = NULL;
	p->cells = NULL;
	p->n = 0;
}

/* Free rows from..to of a page, leaving the arrays. */
static void
page_free_range(struct page *p, size_t from, size_t to)
{
	size_t	i, j;

	for (i = from; i < to; i++) {
		key_free(&p->keys[i]);
		for (j = 0; j < TLCOLS; j++)
			free(p->cells[i][j]);
		free(p->cells[i]);
	}
}

/* The rows after (or, backward, before) key, at most PAGE_ROWS. */
static int
fetch(struct ui *u, const struct tlkey *key, int backward, struct page *p)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_query	 q = u->tl.q;
	int64_t		 span = US, edge;	/* grows until a page is found */
	size_t		 skip;

	memset(p, 0, sizeof(*p));
	p->u = u;
	for (;;) {
		page_free(p, 0);
		memset(p, 0, sizeof(*p));
		p->u = u;
		if (!backward) {
			edge = key != NULL ? key->t : u->tl.from;
			q.from = edge;
			q.to = edge + span < u->tl.to ? edge + span : u->tl.to;
			p->after = key;
			p->max = PAGE_ROWS;
		} else {
			edge = key != NULL ? key->t : u->tl.to;
			q.to = edge;
			q.from = edge - span > u->tl.from ? edge - span :
			    u->tl.from;
			p->before = key;
		}
		q.limit = 0;
		if (vg_query_run(u->ar, &q, page_row, p, &e) == -1) {
			say(u, "%s", e.msg);
			vg_error_clear(&e);
			return -1;
		}
		if (p->n >= PAGE_ROWS || (!backward && q.to >= u->tl.to) ||
		    (backward && q.from <= u->tl.from))
			break;
		span *= 4;
	}
	if (backward && p->n > PAGE_ROWS) {	/* keep the last page */
		skip = p->n - PAGE_ROWS;
		page_free_range(p, 0, skip);
		memmove(p->keys, p->keys + skip, PAGE_ROWS * sizeof(*p->keys));
		memmove(p->cells, p->cells + skip,
		    PAGE_ROWS * sizeof(*p->cells));
		p->n = PAGE_ROWS;
	}
	return 0;
}

static struct page	tl_rows;	/* the timeline's rows held */

/* The timeline's list, made again from the rows held; cur kept in range. */
static void
tl_to_list(struct ui *u, size_t cur, size_t top)
{
	struct list	*l = &u->panes[P_TIMELINE];
	const char	*cols[TLCOLS];
	size_t		 i;

	/* rows of one day show the time of day alone: the day heads the
	   column (no other line names it where the detail is not beside) */
	memcpy(cols, tl_cols, sizeof(cols));
	if (!u->tl_days && u->tl_day[0] != '\0')
		cols[1] = u->tl_day;
	list_cols(l, u->tl.what != NULL ? u->tl.what : "timeline", cols,
	    TLCOLS);
	for (i = 0; i < tl_rows.n; i++)
		list_add(l, (const char *const *)tl_rows.cells[i],
		    &tl_rows.keys[i]);
	l->cur = cur < l->nrows ? cur : l->nrows > 0 ? l->nrows - 1 : 0;
	l->top = top <= l->cur ? top : l->cur;
	if (u->tl_base < 0)
		u->tl_base = 0;
	l->more_before = u->tl.filter == NULL && u->tl_base > 0;
	l->more_after = u->tl.filter == NULL &&
	    u->tl_base + (int64_t)tl_rows.n < u->tl_total;
}

/* Mark the rows held again: the path or the items changed. */
void
tl_remark(struct ui *u)
{
	struct list	*l = &u->panes[P_TIMELINE];
	size_t		 i;

	for (i = 0; i < tl_rows.n; i++) {
		free(tl_rows.cells[i][0]);
		tl_rows.cells[i][0] = tl_mark(u, &tl_rows.keys[i]);
	}
	tl_to_list(u, l->cur, l->top);
}

/* Replace the rows held with a page. */
static void
tl_set(struct ui *u, struct page *p, int at_end)
{
	page_free(&tl_rows, 0);
	tl_rows = *p;
	memset(p, 0, sizeof(*p));
	if (at_end)
		u->tl_base = u->tl_total - (int64_t)tl_rows.n;
	tl_to_list(u, at_end && tl_rows.n > 0 ? tl_rows.n - 1 : 0, 0);
}

/* Add a page after (or before) the rows held; at most three pages kept. */
static void
tl_extend(struct ui *u, struct page *p, int before)
{
	struct list	*l = &u->panes[P_TIMELINE];
	struct page	 all;
	size_t		 cur = l->cur, top = l->top, keep = 3 * PAGE_ROWS;
	size_t		 drop;

	if (p->n == 0) {
		page_free(p, 0);
		return;
	}
	memset(&all, 0, sizeof(all));
	all.n = tl_rows.n + p->n;
	all.keys = xcalloc(all.n, sizeof(*all.keys));
	all.cells = xcalloc(all.n, sizeof(*all.cells));
	if (before) {
		memcpy(all.keys, p->keys, p->n * sizeof(*all.keys));
		memcpy(all.cells, p->cells, p->n * sizeof(*all.cells));
		memcpy(all.keys + p->n, tl_rows.keys,
		    tl_rows.n * sizeof(*all.keys));
		memcpy(all.cells + p->n, tl_rows.cells,
		    tl_rows.n * sizeof(*all.cells));
		cur += p->n;
		top += p->n;
		u->tl_base -= (int64_t)p->n;
	} else {
		memcpy(all.keys, tl_rows.keys, tl_rows.n * sizeof(*all.keys));
		memcpy(all.cells, tl_rows.cells,
		    tl_rows.n * sizeof(*all.cells));
		memcpy(all.keys + tl_rows.n, p->keys,
		    p->n * sizeof(*all.keys));
		memcpy(all.cells + tl_rows.n, p->cells,
		    p->n * sizeof(*all.cells));
	}
	free(p->keys);
	free(p->cells);
	free(tl_rows.keys);
	free(tl_rows.cells);
	tl_rows = all;
	if (tl_rows.n > keep) {
		drop = tl_rows.n - keep;
		if (before) {		/* from the end */
			page_free_range(&tl_rows, keep, tl_rows.n);
			tl_rows.n = keep;
		} else {		/* from the start */
			page_free_range(&tl_rows, 0, drop);
			memmove(tl_rows.keys, tl_rows.keys + drop,
			    keep * sizeof(*tl_rows.keys));
			memmove(tl_rows.cells, tl_rows.cells + drop,
			    keep * sizeof(*tl_rows.cells));
			tl_rows.n = keep;
			cur -= drop;
			top = top > drop ? top - drop : 0;
			u->tl_base += (int64_t)drop;
		}
	}
	tl_to_list(u, cur, top);
}

/* Open the timeline at t: the rows from t on, and earlier ones on the way up. */
/*
 * How many rows of the window there are from its start to just before t
 * (to its end with VG_TIME_NONE), counted by the library.
 */
static int64_t
tl_count(struct ui *u, int64_t t)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_query	 q = u->tl.q;
	int64_t		 n;

	q.from = u->tl.from;
	q.to = t != VG_TIME_NONE ? t - 1 : u->tl.to;
	q.limit = 0;
	if (q.to < q.from)
		return 0;
	if (vg_query_count(u->ar, &q, &n, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		return 0;
	}
	return n;
}

void
tl_open(struct ui *u, int64_t t)
{
	struct tlkey	 k;
	struct page	 p;
	char		 a[VG_TIME_BUFSZ], b[VG_TIME_BUFSZ];

	free(u->tl.filter);		/* a window opened whole */
	u->tl.filter = NULL;
	u->tl.partial = 0;
	u->tl.live_from = VG_TIME_NONE;
	vg_time_format(u->tz, u->tl.from, a, sizeof(a));
	vg_time_format(u->tz, u->tl.to, b, sizeof(b));
	u->tl_days = strncmp(a, b, 10) != 0;
	snprintf(u->tl_day, sizeof(u->tl_day), "%.10s", a);
	u->tl_total = tl_count(u, VG_TIME_NONE);
	u->tl_base = t > u->tl.from ? tl_count(u, t) : 0;
	memset(&k, 0, sizeof(k));
	k.t = t;
	k.device = (char *)"";
	k.source = (char *)"";
	if (fetch(u, &k, 0, &p) == -1)
		return;
	tl_set(u, &p, 0);
}

/*
 * The timeline's window: an hour each way of the incident, or of the path;
 * with neither, of the case's first item, or of its making.
 */
void
tl_window(struct ui *u, int64_t *at)
{
	int64_t	t = u->info.incident_time;
	size_t	i;

	if (t == VG_TIME_NONE && u->nhops > 0)
		t = u->hops[0].hop->obs.first;
	for (i = 0; u->info.incident_time == VG_TIME_NONE && u->nhops == 0 &&
	    i < u->nitems; i++)
		if (t == VG_TIME_NONE || u->items[i].t0 < t)
			t = u->items[i].t0;
	if (t == VG_TIME_NONE)
		t = u->info.created;
	u->tl.from = t - WINDOW_US;
	u->tl.to = t + WINDOW_US;
	*at = t;
}

/* Moving past either end of the rows held fetches the next page. */
void
tl_more(struct ui *u, int down)
{
	struct list	*l = &u->panes[P_TIMELINE];
	struct page	 p;

	if (u->tl.filter != NULL)
		return;
	if (down && l->more_after && tl_rows.n > 0) {
		if (fetch(u, &tl_rows.keys[tl_rows.n - 1], 0, &p) == 0)
			tl_extend(u, &p, 0);
	} else if (!down && l->more_before && tl_rows.n > 0) {
		if (fetch(u, &tl_rows.keys[0], 1, &p) == 0)
			tl_extend(u, &p, 1);
	}
}

void
tl_end(struct ui *u, int last)
{
	struct page	p;
	struct tlkey	k;
	struct list	*l = &u->panes[P_TIMELINE];

	if (u->tl.filter != NULL) {	/* the rows held are all of them */
		l->cur = last && l->nrows > 0 ? l->nrows - 1 : 0;
		return;
	}
	if (last) {
		if (fetch(u, NULL, 1, &p) == 0)
			tl_set(u, &p, 1);
	} else {
		memset(&k, 0, sizeof(k));
		k.t = u->tl.from;
		k.device = (char *)"";
		k.source = (char *)"";
		if (fetch(u, &k, 0, &p) == 0) {
			u->tl_base = 0;
			tl_set(u, &p, 0);
		}
	}
}

/* The ':' prompt: a vigil-query filter becomes the timeline */

/* The forms of time the browser takes, as the command line does. */
#define TIME_FORMS	"21:13, 'yesterday 21:00', '2018-11-20 21:13', now;" \
			" a span 21:00..21:30"

/*
 * A time of the prompt, as vg_time_parse_near takes it: a time of day
 * alone on the incident's day under a case that has one, as on the
 * command line, else on the timeline's day.
 */
static int
prompt_time(struct ui *u, const char *s, int64_t *t)
{
	const char	*why;
	int64_t		 ref;

	ref = u->c != NULL && u->info.incident_time != VG_TIME_NONE ?
	    u->info.incident_time : (u->tl.from + u->tl.to) / 2;
	return vg_time_parse_near(u->tz, s, strlen(s), ref, vg_now(), t, &why);
}

/*
 * A time or a span FROM..TO of the prompt, as vigil-query's --from takes
 * it: the end on FROM's day (tool_span_end).  A time alone is *from, with
 * *to VG_TIME_NONE.
 */
static int
prompt_span(struct ui *u, const char *s, int64_t *from, int64_t *to)
{
	const char	*dots, *why;
	char		*head;
	int		 rc;

	*to = VG_TIME_NONE;
	if ((dots = strstr(s, "..")) == NULL)
		return prompt_time(u, s, from);
	head = xstrndup(s, (size_t)(dots - s));
	rc = prompt_time(u, head, from);
	free(head);
	if (rc == -1 || tool_span_end(u->tz, dots + 2, strlen(dots + 2),
	    *from, to, &why) == -1 || *to <= *from)
		return -1;
	return 0;
}

/* Whether w names a filter of the prompt (else it is part of a time). */
static int
prompt_filter(const char *w)
{
	static const char *const f[] = { "attr", "camera", "card", "gate",
	    "kind", "lower", "near", "person", "plate", "strangers", "upper",
	    "zone" };
	size_t	i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (strcmp(w, f[i]) == 0)
			return 1;
	return 0;
}

/*
 * A lookup in the custody log, as vigil-query -c logs its own: the
 * arguments vigil-query would take for it (the timeline's filter and
 * window, --like when a look is searched, --why), what was read and how
 * many rows came back.
 */
void
log_lookup(struct ui *u, const struct vg_query *q, const char *like,
    const char *why, int64_t nrows, const char *what)
{
	struct vg_error	 e = { 0, NULL };
	const char	*argv[40 + 2 * 16], *who;
	char		 from[VG_TIME_BUFSZ], to[VG_TIME_BUFSZ];
	char		 touched[PATH_MAX + 160];
	char		*args, radius[24], real[PATH_MAX], limit[24];
	int		 n = 0;
	size_t		 i;

#define ARG(opt, v)	do { if ((v) != NULL) { argv[n++] = (opt); \
			    argv[n++] = (v); } } while (0)
	ARG("-c", u->info.number);
	ARG("--like", like);
	if (q->limit > 0) {
		snprintf(limit, sizeof(limit), "%lld", (long long)q->limit);
		ARG("-n", limit);
	}
	if (like != NULL && u->look_index != VG_LOOK_INDEX_LARGE)
		argv[n++] = u->look_index == VG_LOOK_INDEX_NEVER ? "--exact" :
		    "--index";
	ARG("--person", q->person);
	ARG("--card", q->card);
	ARG("--plate", q->plate);
	ARG("--camera", q->camera);
	ARG("--gate", q->gate);
	ARG("--zone", q->zone);
	ARG("--near", q->near);
	if (q->near != NULL) {
		snprintf(radius, sizeof(radius), "%g", q->radius);
		ARG("--radius", radius);
	}
	if (q->strangers)
		argv[n++] = "--strangers";
	ARG("--kind", u->tl.kind);
	ARG("--upper", u->tl.upper);
	ARG("--lower", u->tl.lower);
	for (i = 0; i < q->nattr && i < 16; i++)
		ARG("--attr", q->attrs[i]);
	vg_time_format(u->tz, u->tl.from, from, sizeof(from));
	vg_time_format(u->tz, u->tl.to, to, sizeof(to));
	ARG("--from", from);
	ARG("--to", to);
	ARG("--why", why);
#undef ARG
	args = tool_args(n, (char **)argv);
	who = q->person != NULL ? q->person : q->card != NULL ? q->card :
	    q->plate;
	if (realpath(u->archive, real) == NULL)	/* as the case names it */
		snprintf(real, sizeof(real), "%s", u->archive);
	snprintf(touched, sizeof(touched), "archive %s queried%s%s: %lld %s",
	    real, who != NULL ? " about " : "", who != NULL ? who : "",
	    (long long)nrows, what);
	if (vg_case_log(u->c, &(struct vg_case_act){ u->officer,
	    "vigil-browse", args, touched, NULL }, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
	}
	free(args);
	load_small_panes(u);
}

/* A kind of the prompt: the sightings of a person, a face or a vehicle. */
static int
prompt_kind(const char *w, struct vg_query *q)
{
	static const struct {
		const char	*name;		/* as vigil-query --kind */
		int		 kinds;		/* VG_ROW_* */
		int		 objects;	/* VG_SEE_* */
	} k[] = {
		{ "gate", VG_ROW_GATE, 0 },
		{ "sighting", VG_ROW_SIGHTING, 0 },
		{ "person", VG_ROW_SIGHTING, VG_SEE_PERSON | VG_SEE_FACE },
		{ "face", VG_ROW_SIGHTING, VG_SEE_FACE },
		{ "vehicle", VG_ROW_SIGHTING, VG_SEE_VEHICLE },
	};
	size_t	i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (strcmp(w, k[i].name) == 0) {
			q->kinds = k[i].kinds;
			q->objects = k[i].objects;
			return 0;
		}
	return -1;
}

void
run_prompt(struct ui *u, const char *line)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_query	 q, check;
	char		*copy, *w, *v, *next, *save = NULL, *why = NULL;
	char		*when = NULL;
	char		 prompt[200];
	const char	*who;
	int64_t		 from = VG_TIME_NONE, to = VG_TIME_NONE, at, n;
	int64_t		 around = VG_TIME_NONE;	/* a time alone: the
						   timeline is opened at it */
	static char	*held[2][24];	/* strings the query points to: the
					   timeline's, and those read now */
	static const char *attrs[2][16]; /* its attributes */
	static size_t	 nheld[2];
	const char	*upper = NULL, *lower = NULL, *kind = NULL;
	size_t		 i, nattr = 0;
	int		 c;

	/* the strings of the query before last are free, the timeline's
	   are kept until this one replaces it */
	for (i = 0; i < nheld[1]; i++)
		free(held[1][i]);
	nheld[1] = 0;
	vg_query_init(&q);
	copy = xstrdup(line);
	for (w = strtok_r(copy, " \t", &save); w != NULL; w = next) {
		next = strtok_r(NULL, " \t", &save);
		if (!prompt_filter(w)) {
			/* a time, or a span, of the words up to a filter:
			   'yesterday 21:00', '2018-11-20 21:00..21:30' */
			free(when);
			when = xstrdup(w);
			for (; next != NULL && !prompt_filter(next);
			    next = strtok_r(NULL, " \t", &save)) {
				xasprintf(&v, "%s %s", when, next);
				free(when);
				when = v;
			}
			if (prompt_span(u, when, &from, &to) == -1) {
				say(u, "':%s': '%s' is not a filter nor a time"
				    " (filters: person, camera, gate, card,"
				    " plate, zone, near, strangers, upper, lower,"
				    " kind, attr; times: " TIME_FORMS ")", line,
				    when);
				goto out;
			}
			if ((around = to == VG_TIME_NONE ? from :
			    VG_TIME_NONE) != VG_TIME_NONE) {
				from = around - WINDOW_US;
				to = around + WINDOW_US;
			}
			continue;
		}
		if (strcmp(w, "strangers") == 0) {
			q.strangers = 1;
			continue;
		}
		if ((v = next) != NULL)
			next = strtok_r(NULL, " \t", &save);
		if (v == NULL || nheld[1] == 24) {
			say(u, "':%s': '%s' wants a value (person P..., camera"
			    " C..., gate G..., card, plate, zone, near, upper,"
			    " lower, kind, attr k=v; a span 21:00..21:30)",
			    line, w);
			goto out;
		}
		held[1][nheld[1]] = v = xstrdup(v);
		nheld[1]++;
		if (strcmp(w, "person") == 0)
			q.person = v;
		else if (strcmp(w, "camera") == 0)
			q.camera = v;
		else if (strcmp(w, "gate") == 0)
			q.gate = v;
		else if (strcmp(w, "card") == 0)
			q.card = v;
		else if (strcmp(w, "plate") == 0)
			q.plate = v;
		else if (strcmp(w, "zone") == 0)
			q.zone = v;
		else if (strcmp(w, "near") == 0) {
			q.near = v;
			q.radius = 30;
		} else if (strcmp(w, "upper") == 0 || strcmp(w, "lower") == 0) {
			if ((c = vg_colour(v)) <= 0) {
				say(u, "':%s': '%s' is not a colour (black, white,"
				    " grey, red, orange, yellow, green, blue,"
				    " purple, brown, pink)", line, v);
				goto out;
			}
			if (w[0] == 'u')
				q.upper = c, upper = v;
			else
				q.lower = c, lower = v;
		} else if (strcmp(w, "kind") == 0) {
			if (prompt_kind(v, &q) == -1) {
				say(u, "':%s': '%s' is not a kind (gate, sighting,"
				    " person, face, vehicle)", line, v);
				goto out;
			}
			kind = v;
		} else {			/* attr */
			if (strchr(v, '=') == NULL || v[0] == '=' ||
			    strchr(v, '=')[1] == '\0' || nattr == 16) {
				say(u, "':%s': '%s' is not key=value", line, v);
				goto out;
			}
			attrs[1][nattr++] = v;
		}
	}
	/* a camera, gate, zone or place the archive does not know is said,
	   as vigil-query says it, not taken for a query of no rows */
	check = q;
	check.from = check.to = u->tl.from;
	check.limit = 0;
	if (vg_query_count(u->ar, &check, &n, &e) == -1) {
		say(u, "':%s': %s", line, e.msg);
		vg_error_clear(&e);
		goto out;
	}
	who = q.person != NULL ? q.person : q.card != NULL ? q.card : q.plate;
	if (u->c != NULL && who != NULL) {
		/* as vigil-query -c: a lookup of someone says why */
		snprintf(prompt, sizeof(prompt), "why look up %s? (goes into"
		    " the custody log): ", who);
		if ((why = read_line(u, prompt, NULL)) == NULL || why[0] == '\0') {
			say(u, "not looked up: looking up a person under a case"
			    " needs a reason");
			goto out;
		}
	}
	/* the strings read now become the timeline's */
	for (i = 0; i < nheld[0]; i++)
		free(held[0][i]);
	memcpy(held[0], held[1], nheld[1] * sizeof(held[0][0]));
	nheld[0] = nheld[1];
	nheld[1] = 0;
	memcpy(attrs[0], attrs[1], nattr * sizeof(attrs[0][0]));
	q.attrs = nattr > 0 ? attrs[0] : NULL;
	q.nattr = nattr;
	u->tl.q = q;
	u->tl.upper = upper;
	u->tl.lower = lower;
	u->tl.kind = kind;
	free(u->tl.what);
	xasprintf(&u->tl.what, ":%s", line);
	if (from != VG_TIME_NONE) {
		u->tl.from = from;
		u->tl.to = to;
	} else if (who != NULL) {
		/* a person's whole day */
		tl_window(u, &at);
		u->tl.from = at - 12 * 3600 * US;
		u->tl.to = at + 12 * 3600 * US;
	}
	tl_open(u, around != VG_TIME_NONE ? around : u->tl.from);
	u->pane = P_TIMELINE;
	if (u->c != NULL)
		show(u, S_CASE);
	if (u->c != NULL)
		log_lookup(u, &u->tl.q, NULL, why, u->tl_total, "events");
	say(u, "%lld rows", (long long)u->tl_total);
out:
	free(when);
	free(why);
	free(copy);
}

/* A search through the whole timeline's window, not only the rows held. */
struct tlsearch {
	struct ui	*u;		/* the browser */
	const struct tlkey *cur;	/* the row selected */
	int		 dir;		/* 1 forward, -1 back */
	struct tlkey	 hit[4];	/* first, first after cur, last before
					   cur, last */
	int		 has[4];	/* which are set */
};

static void
key_copy(struct tlkey *to, const struct tlkey *from)
{
	*to = *from;
	to->device = xstrdup(from->device);
	to->track = from->track != NULL ? xstrdup(from->track) : NULL;
	to->source = xstrdup(from->source);
	to->person = from->person != NULL ? xstrdup(from->person) : NULL;
}

/*
 * The row as the timeline shows it, made into one (freed by the caller);
 * whether one of its cells has s.  A row outside the window has none.
 */
static int
row_has(struct ui *u, const struct vg_row *r, const char *s,
    struct page *one)
{
	size_t	c;

	memset(one, 0, sizeof(*one));
	one->u = u;
	if (page_row(r, one) != 0 || one->n == 0)
		return 0;
	for (c = 0; c < TLCOLS; c++)
		if (strstr(one->cells[0][c], s) != NULL)
			return 1;
	return 0;
}

static int
search_row(const struct vg_row *r, void *arg)
{
	struct tlsearch	*ts = arg;
	struct page	 one;
	size_t		 c;
	int		 i, rc = 0;

	if (row_has(ts->u, r, ts->u->search, &one)) {
		i = key_cmp(&one.keys[0], ts->cur);
		c = i < 0 ? 0 : i == 0 ? 1 : 2;	/* before, at, after cur */
		for (i = 0; i < 4; i++) {
			if ((i == 0 && ts->has[0]) || (i == 1 && (c != 2 ||
			    ts->has[1])) || (i == 2 && c != 0))
				continue;
			if (ts->has[i])
				key_free(&ts->hit[i]);
			key_copy(&ts->hit[i], &one.keys[0]);
			ts->has[i] = 1;
		}
		if (ts->dir > 0 && ts->has[1])
			rc = 1;		/* found, going forward */
	}
	page_free(&one, 0);
	return rc;
}

/* Search the timeline's whole window; the row found is loaded and selected. */
void
tl_search(struct ui *u, int dir)
{
	struct vg_error	 e = { 0, NULL };
	struct list	*l = &u->panes[P_TIMELINE];
	struct tlsearch	 ts;
	struct vg_query	 q = u->tl.q;
	struct tlkey	*k, found;
	size_t		 i;
	int		 which, wrapped;

	memset(&ts, 0, sizeof(ts));
	ts.u = u;
	ts.dir = dir;
	ts.cur = l->data[l->cur];
	q.from = u->tl.from;
	q.to = u->tl.to;
	q.limit = 0;
	if (vg_query_run(u->ar, &q, search_row, &ts, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		return;
	}
	which = dir > 0 ? (ts.has[1] ? 1 : 0) : (ts.has[2] ? 2 : 3);
	wrapped = which == 0 || which == 3;
	if (!ts.has[which]) {
		say(u, "not found in the timeline: %s", u->search);
		return;
	}
	key_copy(&found, &ts.hit[which]);
	for (i = 0; i < 4; i++)
		if (ts.has[i])
			key_free(&ts.hit[i]);
	tl_open(u, found.t);
	l = &u->panes[P_TIMELINE];
	for (i = 0; i < tl_rows.n; i++) {
		k = &tl_rows.keys[i];
		if (key_cmp(k, &found) == 0) {
			l->cur = i;
			l->top = i > (size_t)rows_shown() / 2 ?
			    i - (size_t)rows_shown() / 2 : 0;
			break;
		}
	}
	key_free(&found);
	say(u, wrapped ? "search wrapped: %s" : "/%s", u->search);
}

/* The rows held let go: the case is closed. */
void
tl_close(struct ui *u)
{
	(void)u;
	page_free(&tl_rows, 0);
}

/* Back to the incident's timeline, its filter dropped. */
void
tl_incident(struct ui *u)
{
	int64_t	at;

	if (u->c == NULL)
		return;
	vg_query_init(&u->tl.q);
	u->tl.upper = u->tl.lower = u->tl.kind = NULL;
	free(u->tl.what);
	u->tl.what = NULL;
	tl_window(u, &at);
	tl_open(u, at);
	u->pane = P_TIMELINE;
	show(u, S_CASE);
	if (!tl_unanchored(u))
		say(u, "the incident's timeline: %lld rows",
		    (long long)u->tl_total);
}

/*
 * A case with no incident time and no path: says where its timeline is
 * and what to do (1), or nothing (0).
 */
int
tl_unanchored(struct ui *u)
{
	if (u->info.incident_time != VG_TIME_NONE || u->nhops > 0)
		return 0;
	if (u->nitems > 0)
		say(u, "no incident time, no path: the timeline at the first"
		    " item; e: all %zu item%s", u->nitems, u->nitems == 1 ? "" :
		    "s");
	else
		say(u, "no incident time, no path: %lld rows at the case's"
		    " making; t goes to a time", (long long)u->tl_total);
	return 1;
}

/* The timeline at a time typed; the window moves to it when outside. */
void
tl_goto(struct ui *u)
{
	char	*s;
	int64_t	 at;

	if (u->c == NULL)
		return;
	if ((s = read_line(u, "go to the time: ", NULL)) == NULL)
		return;
	if (s[0] != '\0' && prompt_time(u, s, &at) == -1)
		say(u, "'%s' is not a time (21:13, 'yesterday 21:00',"
		    " '2018-11-20 21:13', now)", s);
	else if (s[0] != '\0') {
		if (at < u->tl.from || at > u->tl.to) {
			u->tl.from = at - WINDOW_US;	/* the window */
			u->tl.to = at + WINDOW_US;	/* moves */
		}
		tl_open(u, at);
		u->pane = P_TIMELINE;
		show(u, S_CASE);
		say(u, "at %s", s);
	}
	free(s);
}

/* The live filter: the rows of the whole window with the text in a cell. */
struct tlfilter {
	struct ui	*u;		/* the browser */
	const char	*s;		/* the text */
	struct page	 keep;		/* the rows kept, at most FILTER_ROWS */
	int64_t		 n;		/* rows that have it */
	int64_t		 read;		/* rows read */
	int64_t		 max;		/* read at most, or 0: all */
	int		 partial;	/* stopped before the window's end */
};

#define FILTER_ROWS	(5 * PAGE_ROWS)	/* rows a filter holds at most */
#define LIVE_ROWS	2000		/* rows a key typed reads at most */

/* Keep a row of the filter (its key and cells taken from one). */
static void
filter_keep(struct tlfilter *f, struct page *one)
{
	f->keep.keys = xreallocarray(f->keep.keys, f->keep.n + 1,
	    sizeof(*f->keep.keys));
	f->keep.cells = xreallocarray(f->keep.cells, f->keep.n + 1,
	    sizeof(*f->keep.cells));
	f->keep.keys[f->keep.n] = one->keys[0];
	f->keep.cells[f->keep.n++] = one->cells[0];
	free(one->keys);
	free(one->cells);
}

static int
filter_row(const struct vg_row *r, void *arg)
{
	struct tlfilter	*f = arg;
	struct page	 one;

	if (f->max > 0 && (f->read == f->max || f->n == FILTER_ROWS)) {
		f->partial = 1;		/* enough for a key typed */
		return 1;
	}
	f->read++;
	if (row_has(f->u, r, f->s, &one) && f->n++ < FILTER_ROWS)
		filter_keep(f, &one);
	else
		page_free(&one, 0);
	return 0;
}

/*
 * A filter that adds to the one shown, when that one holds every row
 * of the window that has it: the rows held narrowed, nothing read.
 */
static int
filter_narrow(struct ui *u, const char *s, struct tlfilter *f)
{
	size_t	i, c;

	if (u->tl.filter == NULL || u->tl.partial ||
	    u->tl_total > FILTER_ROWS || strstr(s, u->tl.filter) == NULL)
		return 0;
	f->keep.keys = xcalloc(tl_rows.n + 1, sizeof(*f->keep.keys));
	f->keep.cells = xcalloc(tl_rows.n + 1, sizeof(*f->keep.cells));
	for (i = 0; i < tl_rows.n; i++) {
		for (c = 0; c < TLCOLS; c++)
			if (strstr(tl_rows.cells[i][c], s) != NULL)
				break;
		if (c < TLCOLS) {	/* moved */
			f->keep.keys[f->keep.n] = tl_rows.keys[i];
			f->keep.cells[f->keep.n++] = tl_rows.cells[i];
			f->n++;
		} else
			page_free_range(&tl_rows, i, i + 1);
	}
	tl_rows.n = 0;			/* the rows moved or freed */
	return 1;
}

/* The rows of the timeline's filter from a to b read into f. */
static int
filter_span(struct ui *u, struct tlfilter *f, int64_t a, int64_t b)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_query	 q = u->tl.q;

	q.from = a;
	q.to = b;
	q.limit = 0;
	if (vg_query_run(u->ar, &q, filter_row, f, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		return -1;
	}
	return 0;
}

/*
 * A key typed: the window read from start in slices of time, each sized
 * by the rows a second the ones before had, until f has read its rows
 * (the archive sorts a slice whole before its first row: one slice of
 * the whole window would cost the whole window).
 */
static int
filter_slices(struct ui *u, struct tlfilter *f, int64_t start)
{
	int64_t	a = start, b, span = 60 * US, left;

	while (a <= u->tl.to && !f->partial) {
		b = a + span - 1 < u->tl.to ? a + span - 1 : u->tl.to;
		if (filter_span(u, f, a, b) == -1)
			return -1;
		a = b + 1;
		left = f->max - f->read;
		if (f->read == 0 || left <= 0)
			span *= 4;
		else if ((double)left * (double)(a - start) / (double)f->read <
		    (double)span * 4)
			span = (int64_t)((double)left * (double)(a - start) /
			    (double)f->read) + US;
		else
			span *= 4;
	}
	return 0;
}

/*
 * Narrow the timeline to the rows of its whole window with s in a cell,
 * the row selected kept when it has it, else the next that does; NULL
 * or "" opens the window again at the row selected.  As a key is typed
 * (live), at most LIVE_ROWS rows are read, from the row selected on
 * (or the rows shown narrowed, when they are all that can have it):
 * each key costs the same however large the window; Enter (live 0)
 * reads the whole window.
 */
void
tl_filter(struct ui *u, const char *s, int live)
{
	struct list	*l = &u->panes[P_TIMELINE];
	struct tlfilter	 f;
	struct tlkey	 at;
	size_t		 i;
	int		 has = 0;

	if (l->nrows > 0 && l->cur < l->nrows) {
		key_copy(&at, l->data[l->cur]);
		has = 1;
	}
	if (s == NULL || s[0] == '\0') {
		if (u->tl.filter != NULL) {
			tl_open(u, has ? at.t : u->tl.from);
			for (i = 0; has && i < tl_rows.n; i++)
				if (key_cmp(&tl_rows.keys[i], &at) == 0) {
					l->cur = i;
					break;
				}
		}
		goto out;
	}
	memset(&f, 0, sizeof(f));
	f.u = u;
	f.s = s;
	if (!filter_narrow(u, s, &f)) {
		/* a key typed reads on from where the first one did */
		if (live && u->tl.live_from == VG_TIME_NONE)
			u->tl.live_from = has ? at.t : u->tl.from;
		f.max = live ? LIVE_ROWS : 0;
		if ((live ? filter_slices(u, &f, u->tl.live_from) :
		    filter_span(u, &f, u->tl.from, u->tl.to)) == -1) {
			page_free(&f.keep, 0);
			goto out;
		}
		f.partial |= live && u->tl.live_from > u->tl.from;
		if (!live)
			u->tl.live_from = VG_TIME_NONE;
	}
	u->tl.partial = f.partial;
	free(u->tl.filter);
	u->tl.filter = xstrdup(s);
	page_free(&tl_rows, 0);
	tl_rows = f.keep;
	u->tl_base = 0;
	u->tl_total = f.n;
	for (i = 0; has && i + 1 < tl_rows.n; i++)
		if (key_cmp(&tl_rows.keys[i], &at) >= 0)
			break;
	tl_to_list(u, has ? i : 0, 0);
	if (f.n > FILTER_ROWS)
		say(u, "%lld rows have '%s': the first %d are shown",
		    (long long)f.n, s, FILTER_ROWS);
out:
	if (has)
		key_free(&at);
}

int
tl_key_cmp(const struct tlkey *a, const struct tlkey *b)
{
	return key_cmp(a, b);
}

/*
 * Select the row of key: among the rows held when the timeline is
 * filtered, else the window opened at it.  -1 when it is not there.
 */
int
tl_select(struct ui *u, const struct tlkey *key)
{
	struct list	*l = &u->panes[P_TIMELINE];
	size_t		 i;

	if (u->tl.filter == NULL)
		tl_open(u, key->t);
	for (i = 0; i < tl_rows.n; i++)
		if (key_cmp(&tl_rows.keys[i], key) == 0) {
			l->cur = i;
			l->top = i > (size_t)rows_shown() / 2 ?
			    i - (size_t)rows_shown() / 2 : 0;
			return 0;
		}
	return -1;
}
