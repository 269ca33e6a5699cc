/* case.c: the open case: its plan, panes, notes and items, and the case screen */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"

const char *const pane_names[NPANES] = {
	"timeline", "path", "subjects", "notes", "log"
};

/* The case */

void
log_action(struct ui *u, const char *touched, const char *digests)
{
	struct vg_error	 e = { 0, NULL };

	if (u->c == NULL)
		return;
	if (vg_case_log(u->c, &(struct vg_case_act){ u->officer,
	    "vigil-browse", "", touched, digests }, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
	}
}

/* Add a copy of a decision to the array of a struct decs. */
int
collect_decision(const struct vg_case_decision *d, void *arg)
{
	struct decs		*ds = arg;
	struct vg_case_decision	*n;

	*ds->d = xreallocarray(*ds->d, *ds->n + 1, sizeof(**ds->d));
	n = &(*ds->d)[(*ds->n)++];
	vg_case_decision_copy(n, d);
	return 0;
}

/* Free n decisions copied by collect_decision, and their array. */
void
free_decisions(struct vg_case_decision *d, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		vg_case_decision_clear(&d[i]);
	free(d);
}

/* A hop's name: CAMERA:TRACK, or GATE@TIME in the zone. */
void
hop_ref(struct ui *u, const struct vg_hop *h, char *buf, size_t size)
{
	char	t[VG_TIME_BUFSZ];

	if (h->obs.type == VG_ROW_GATE) {
		vg_time_format(u->tz, h->obs.first, t, sizeof(t));
		snprintf(buf, size, "%s@%s", u->g.dev[h->obs.dev].code, t);
	} else
		snprintf(buf, size, "%s:%s", u->g.dev[h->obs.dev].code,
		    h->obs.track != NULL ? h->obs.track : "");
}

/* The decision in force for a hop name, or NULL. */
const struct vg_case_decision *
decision_of(struct ui *u, const char *ref)
{
	size_t	 i;
	int64_t	 a, b;
	const char *why, *at1, *at2;

	for (i = u->ndec; i-- > 0;) {
		if (strcmp(u->dec[i].hop, ref) == 0)
			return &u->dec[i];
		at1 = strchr(u->dec[i].hop, '@');
		at2 = strchr(ref, '@');
		if (at1 == NULL || at2 == NULL || at1 - u->dec[i].hop !=
		    at2 - ref || strncmp(u->dec[i].hop, ref,
		    (size_t)(at1 - u->dec[i].hop)) != 0)
			continue;
		if (vg_time_parse(u->tz, at1 + 1, strlen(at1 + 1), &a,
		    &why) == 0 && vg_time_parse(u->tz, at2 + 1,
		    strlen(at2 + 1), &b, &why) == 0 && llabs(a - b) < US)
			return &u->dec[i];
	}
	return NULL;
}

static int
anchor_of(const struct vg_case_subject *s, void *arg)
{
	char	**ref = arg;

	if (strcmp(s->kind, "anchor") == 0 && s->ref != NULL) {
		free(*ref);
		*ref = xstrdup(s->ref);
	}
	return 0;
}

/*
 * Plan the case's path through the library: from its anchor, with its
 * decisions, keeping the runner-ups of each hop.
 */
void
plan(struct ui *u)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_track_opts	 opt;
	struct vg_case_path	 saved;
	struct vg_obs		 anchor;
	const char		**conf = NULL, **rej = NULL, *at, *why;
	char			*ref = NULL, *cam, **own = NULL;
	size_t			 i, nc = 0, nr = 0, nown = 0;
	int64_t			 t;
	int			 rc;

	vg_path_free(u->paths, u->npaths);
	u->paths = NULL;
	u->npaths = 0;
	free(u->hops);
	u->hops = NULL;
	u->nhops = 0;
	free_decisions(u->dec, u->ndec);
	u->dec = NULL;
	u->ndec = 0;
	if (vg_case_decisions(u->c, collect_decision,
	    &(struct decs){ &u->dec, &u->ndec }, &e) == -1 ||
	    vg_case_subjects(u->c, anchor_of, &ref, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		return;
	}
	if (ref == NULL) {
		say(u, "the case has no anchor subject: no path (vigil-case"
		    " add-subject --anchor)");
		return;
	}
	vg_track_opts_init(&opt);
	opt.hypotheses = 1;
	/* as far each way as the path saved last went, so that the plan
	   covers what the officer saved (vigil-track --window) */
	if (vg_case_last_path(u->c, &saved, &e) == 1 && saved.nhops > 0) {
		int64_t	a = VG_TIME_NONE, w = 0;

		for (i = 0; i < saved.nhops; i++) {
			char	r[160];

			snprintf(r, sizeof(r), "%s:%s", saved.hops[i].device,
			    saved.hops[i].track != NULL ?
			    saved.hops[i].track : "");
			if (strcmp(r, ref) == 0)
				a = saved.hops[i].first;
		}
		if (a != VG_TIME_NONE) {
			w = a - saved.hops[0].first;
			if (saved.hops[saved.nhops - 1].first - a > w)
				w = saved.hops[saved.nhops - 1].first - a;
			opt.window = w + 60 * US;
		}
	}
	vg_case_path_free(&saved);
	vg_error_clear(&e);
	for (i = 0; i < u->ndec; i++) {
		char	*h = (char *)u->dec[i].hop;

		if ((at = strchr(h, '@')) != NULL) {
			if (vg_time_parse(u->tz, at + 1, strlen(at + 1), &t,
			    &why) == -1)
				continue;
			xasprintf(&h, "%.*s@%lld", (int)(at - u->dec[i].hop),
			    u->dec[i].hop, (long long)t);
			own = xreallocarray(own, nown + 1, sizeof(*own));
			own[nown++] = h;
		}
		if (strcmp(u->dec[i].verdict, "confirm") == 0) {
			conf = xreallocarray(conf, nc + 1, sizeof(*conf));
			conf[nc++] = h;
		} else {
			rej = xreallocarray(rej, nr + 1, sizeof(*rej));
			rej[nr++] = h;
		}
	}
	opt.confirm = conf;
	opt.nconfirm = nc;
	opt.reject = rej;
	opt.nreject = nr;
	cam = xstrndup(ref, strcspn(ref, ":"));
	rc = vg_ar_sighting(u->ar, &u->g, cam, ref + strcspn(ref, ":") +
	    (ref[strcspn(ref, ":")] != '\0'), &anchor, &e);
	if (rc == 1) {
		if (vg_track(u->ar, &u->g, &anchor, &opt, &u->paths,
		    &u->npaths, &e) == -1) {
			say(u, "%s", e.msg);
			vg_error_clear(&e);
		}
		vg_obs_free(&anchor);
	} else if (rc == 0)
		say(u, "the anchor %s is not in the archive", ref);
	else if (rc == -2) {
		say(u, "the anchor: %s; vigil-track -c CASE --time TIME tracks"
		    " from the one seen then", e.msg);
		vg_error_clear(&e);
	} else {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
	}
	if (u->npaths > 0) {
		u->nhops = u->paths[0].nhop;
		u->hops = xcalloc(u->nhops + 1, sizeof(*u->hops));
		for (i = 0; i < u->nhops; i++) {
			const struct vg_case_decision *d;

			u->hops[i].hop = &u->paths[0].hop[i];
			hop_ref(u, u->hops[i].hop, u->hops[i].ref,
			    sizeof(u->hops[i].ref));
			d = decision_of(u, u->hops[i].ref);
			u->hops[i].decision = d == NULL ? "proposed" :
			    strcmp(d->verdict, "confirm") == 0 ? "confirmed" :
			    "rejected";
		}
	}
	for (i = 0; i < nown; i++)
		free(own[i]);
	free(own);
	free(conf);
	free(rej);
	free(cam);
	free(ref);
}

static int
add_subject_row(const struct vg_case_subject *s, void *arg)
{
	struct list	*l = arg;
	const char	*cells[4];
	char		 n[24];

	snprintf(n, sizeof(n), "%lld", (long long)s->id);
	cells[0] = n;
	cells[1] = s->kind;
	cells[2] = s->person != NULL ? s->person : s->ref;
	cells[3] = s->description;
	list_add(l, cells, NULL);
	return 0;
}

struct rowctx {
	struct ui	*u;		/* the browser */
	struct list	*l;		/* the list filled */
};

static int
add_note_row(const struct vg_case_note *n, void *arg)
{
	struct rowctx	*r = arg;
	const char	*cells[3];
	char		 t[VG_TIME_BUFSZ];

	vg_time_format(r->u->tz, n->at, t, sizeof(t));
	t[10] = ' ';
	t[19] = '\0';
	cells[0] = t;
	cells[1] = n->officer;
	cells[2] = n->text;
	list_add(r->l, cells, NULL);
	return 0;
}

static int
add_log_row(const struct vg_custody *en, void *arg)
{
	struct rowctx	*r = arg;
	const char	*cells[5];
	char		 n[24], t[VG_TIME_BUFSZ];

	snprintf(n, sizeof(n), "%lld", (long long)en->seq);
	vg_time_format(r->u->tz, en->at, t, sizeof(t));
	t[10] = ' ';
	t[19] = '\0';			/* to the second, in the zone */
	cells[0] = n;
	cells[1] = t;
	cells[2] = en->officer;
	cells[3] = en->tool;
	cells[4] = en->touched;
	list_add(r->l, cells, NULL);
	return 0;
}

static int
collect_item(const struct vg_case_item *it, void *arg)
{
	struct ui	*u = arg;
	struct citem	*c;

	u->items = xreallocarray(u->items, u->nitems + 1, sizeof(*u->items));
	c = &u->items[u->nitems++];
	c->kind = xstrdup(it->kind);
	c->device = xstrdup(it->device);
	c->track = it->track != NULL ? xstrdup(it->track) : NULL;
	c->t0 = it->t0;
	c->t1 = it->t1;
	c->id = it->id;
	c->remark = it->remark != NULL ? xstrdup(it->remark) : NULL;
	return 0;
}

static void
free_items(struct ui *u)
{
	size_t	i;

	for (i = 0; i < u->nitems; i++) {
		free(u->items[i].kind);
		free(u->items[i].device);
		free(u->items[i].track);
		free(u->items[i].remark);
	}
	free(u->items);
	u->items = NULL;
	u->nitems = 0;
}

void
load_small_panes(struct ui *u)
{
	static const char *const scols[] = {
		"subject", "kind", "who", "description"
	};
	static const char *const ncols[] = { "time", "officer", "note" };
	static const char *const lcols[] = {
		"seq", "time", "officer", "tool", "touched"
	};
	struct vg_error	 e = { 0, NULL };
	struct rowctx	 r;
	size_t		 cur;

	r.u = u;
	list_cols(&u->panes[P_SUBJECTS], "subjects", scols, 4);
	cur = u->panes[P_NOTES].cur;
	list_cols(&u->panes[P_NOTES], "notes", ncols, 3);
	r.l = &u->panes[P_LOG];
	list_cols(&u->panes[P_LOG], "custody log", lcols, 5);
	if (vg_case_subjects(u->c, add_subject_row, &u->panes[P_SUBJECTS],
	    &e) == -1)
		goto fail;
	free_items(u);
	if (vg_case_items(u->c, collect_item, u, &e) == -1)
		goto fail;
	r.l = &u->panes[P_NOTES];
	if (vg_case_notes(u->c, add_note_row, &r, &e) == -1)
		goto fail;
	u->panes[P_NOTES].cur = cur;
	r.l = &u->panes[P_LOG];
	if (vg_case_custody(u->c, 0, add_log_row, &r, &e) == -1)
		goto fail;
	u->panes[P_LOG].cur = u->panes[P_LOG].nrows > 0 ?
	    u->panes[P_LOG].nrows - 1 : 0;
	return;
fail:
	say(u, "%s", e.msg);
	vg_error_clear(&e);
}

void
reload_case(struct ui *u)
{
	struct vg_error	e = { 0, NULL };

	vg_case_info_free(&u->info);
	if (vg_case_info(u->c, &u->info, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
	}
	plan(u);
	load_path(u);
	load_small_panes(u);
}

int
open_case(struct ui *u, const char *arg)
{
	struct vg_error	 e = { 0, NULL };
	char		*dir, touched[96];
	int64_t		 at;

	if (u->officer == NULL) {
		say(u, "no officer: a case is only opened by a named officer"
		    " (--officer NAME or VIGIL_OFFICER)");
		return -1;
	}
	dir = vg_case_dir(arg);
	if (vg_case_open(dir, &u->c, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		free(dir);
		return -1;
	}
	free(dir);
	if (vg_case_info(u->c, &u->info, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		vg_case_close(u->c);
		u->c = NULL;
		return -1;
	}
	snprintf(touched, sizeof(touched), "case %s opened in the browser",
	    u->info.number);
	log_action(u, touched, NULL);
	bm_load(u);
	reload_case(u);
	memset(&u->tl.q, 0, sizeof(u->tl.q));
	vg_query_init(&u->tl.q);
	u->tl.upper = u->tl.lower = u->tl.kind = NULL;
	free(u->tl.what);
	u->tl.what = NULL;
	tl_window(u, &at);
	tl_open(u, at);
	(void)tl_unanchored(u);
	u->pane = u->nhops > 0 ? P_PATH : P_TIMELINE;
	u->screen = S_CASE;
	u->view_set = 0;
	return 0;
}

void
close_case(struct ui *u)
{
	size_t	i;

	if (u->c == NULL)
		return;
	vg_case_close(u->c);
	u->c = NULL;
	vg_case_info_free(&u->info);
	for (i = 0; i < NPANES; i++)
		list_free(&u->panes[i]);
	tl_close(u);
	vg_path_free(u->paths, u->npaths);
	u->paths = NULL;
	u->npaths = 0;
	free(u->hops);
	u->hops = NULL;
	u->nhops = 0;
	free_decisions(u->dec, u->ndec);
	u->dec = NULL;
	u->ndec = 0;
	free_items(u);
	list_free(&u->citems);
	bm_free(u);
	load_cases(u);
}

static struct list *case_list(struct ui *);

#define SIDE_COLS	160	/* from this width the detail is beside */

/* What the columns of the others say, and the candidate's picture. */
static void
draw_others(struct ui *u, int x, int width)
{
	static const char *const say[] = {
		"candidate  camera:track or gate@time",
		"           the hop could have been",
		"seen at    when it was first seen",
		"share      its chance, weighed as",
		"           the hop's score is: with",
		"           the others, no more than",
		"           the hop before's",
		"person     who it was, when known",
		"c confirms it and plans again; o back",
	};
	struct list	*l = &u->others;
	const struct vg_hop *h;
	size_t		 i, n = sizeof(say) / sizeof(say[0]);

	for (i = 0; i < n; i++)
		put_text(1 + (int)i, x, width, say[i]);
	if (u->others_hop >= u->nhops || l->nrows == 0)
		return;
	h = u->hops[u->others_hop].hop;
	if (l->cur < h->nalt)
		draw_thumb(u, &h->alt[l->cur], 2 + (int)n, x, LINES - 4 -
		    (int)n - 1, width);
}

static void
draw_case(struct ui *u)
{
	struct list	*l = case_list(u);
	char		 title[512], where[160];
	size_t		 i, pos, nshown;
	int		 n, side, right, y;

	/* the panes first, so that they always show; then the case */
	for (i = 0, n = 0; i < NPANES && n < (int)sizeof(title); i++)
		n += snprintf(title + n, sizeof(title) - (size_t)n,
		    i == (size_t)u->pane ? "[%s] " : " %s  ", pane_names[i]);
	if (n < (int)sizeof(title))
		snprintf(title + n, sizeof(title) - (size_t)n, "| %s: %s",
		    u->info.number, u->info.title);
	/* wide: the detail beside the list; the others: their pictures */
	side = COLS >= SIDE_COLS && !u->showing_others &&
	    (u->pane == P_TIMELINE || u->pane == P_PATH);
	right = side || (u->showing_others && COLS >= 80) ? COLS / 2 : 0;
	/* the timeline's rows to its end fewer than the screen (made
	   taller): the page before is fetched to fill it */
	if (u->pane == P_TIMELINE && l->more_before && l->nrows > 0 &&
	    l->nrows - l->top < (size_t)rows_shown()) {
		tl_more(u, 0);
		l = case_list(u);
	}
	draw_list_at(u, l, 0, right > 0 ? COLS - right - 1 : COLS);
	if (right > 0) {
		mvvline(1, COLS - right - 1, ACS_VLINE, LINES - 3);
		for (y = 1; y < LINES - 2; y++)
			put_text(y, COLS - right, right, "");
	}
	if (side && l->nrows > 0 && l->cur < l->nrows &&
	    (u->pane == P_TIMELINE || l->cur < u->nhops))
		draw_detail_at(u, u->pane == P_TIMELINE, COLS - right, right);
	else if (right > 0 && u->showing_others)
		draw_others(u, COLS - right, right);
	if (u->pane == P_TIMELINE && l == &u->panes[P_TIMELINE])
		snprintf(where, sizeof(where), "%s %lld/%lld%s%s%.40s%s%s",
		    l->title, l->cur < l->nrows ? (long long)(u->tl_base +
		    (int64_t)l->cur + 1) : 0LL,
		    (long long)u->tl_total, u->tl.partial ? "+" : "",
		    u->tl.filter != NULL ?
		    " filter '" : "", u->tl.filter != NULL ? u->tl.filter : "",
		    u->tl.filter != NULL ? "'" : "", u->noskew ?
		    "  skew not computed" : "");
	else {
		list_where(l, &pos, &nshown);
		snprintf(where, sizeof(where), "%s %zu/%zu%s%.40s%s", l->title,
		    pos, nshown, l->filter != NULL ? " filter '" : "",
		    l->filter != NULL ? l->filter : "", l->filter != NULL ?
		    "'" : "");
	}
	draw_bars(u, title, where, u->pane == P_PATH ?
	    "Enter detail  c/r confirm/reject  o others  m map  x clip  "
	    "p play  E export  ? help  q back" :
	    "Enter detail  / search  : query  i item  a note  m map  "
	    "? help  q back");
}

/* The hop the action is about: the selected one of the path, map or detail. */
struct hopinfo *
selected_hop(struct ui *u)
{
	if (u->c == NULL || u->nhops == 0)
		return NULL;
	if (u->screen == S_MAP || (u->screen == S_DETAIL &&
	    u->pane != P_TIMELINE) || (u->screen == S_CASE &&
	    u->pane == P_PATH && !u->showing_others))
		return u->panes[P_PATH].cur < u->nhops &&
		    list_shown(&u->panes[P_PATH], u->panes[P_PATH].cur) ?
		    &u->hops[u->panes[P_PATH].cur] : NULL;
	return NULL;
}

void
add_note(struct ui *u)
{
	struct vg_error	 e = { 0, NULL };
	char		*text, touched[64];
	int64_t		 id;

	if (u->c == NULL) {
		say(u, "open a case first");
		return;
	}
	if ((text = read_line(u, "note: ", NULL)) == NULL)
		return;
	if (text[0] == '\0') {
		free(text);
		return;
	}
	if (vg_case_begin(u->c, &e) == -1 ||
	    vg_case_add_note(u->c, u->officer, text, &id, &e) == -1 ||
	    (snprintf(touched, sizeof(touched), "note %lld added",
	    (long long)id), vg_case_commit(u->c, &(struct vg_case_act){
	    u->officer, "vigil-browse", "", touched, NULL }, &e)) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
	} else {
		say(u, "%s", touched);
		load_small_panes(u);
	}
	free(text);
}

void
add_item(struct ui *u)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_item	 it;
	struct hopinfo		*h = selected_hop(u);
	char			 touched[200];
	int64_t			 id;

	if (u->c == NULL) {
		say(u, "open a case first");
		return;
	}
	memset(&it, 0, sizeof(it));
	it.officer = u->officer;
	it.t1 = VG_TIME_NONE;
	if (u->screen == S_CASE && u->pane == P_TIMELINE &&
	    u->panes[P_TIMELINE].nrows > 0) {
		const struct tlkey *k =
		    u->panes[P_TIMELINE].data[u->panes[P_TIMELINE].cur];

		it.kind = k->type == VG_ROW_GATE ? "event" : "sighting";
		it.device = k->device;
		it.track = k->track;
		it.t0 = k->t;
		it.t1 = k->last;
	} else if (h != NULL) {
		it.kind = h->hop->obs.type == VG_ROW_GATE ? "event" :
		    "sighting";
		it.device = u->g.dev[h->hop->obs.dev].code;
		it.track = h->hop->obs.track;
		it.t0 = h->hop->obs.first;
		it.t1 = h->hop->obs.type == VG_ROW_GATE ? VG_TIME_NONE :
		    h->hop->obs.last;
	} else {
		say(u, "select a row of the timeline or a hop");
		return;
	}
	if (vg_case_begin(u->c, &e) == -1 ||
	    vg_case_add_item(u->c, &it, &id, &e) == -1 ||
	    (snprintf(touched, sizeof(touched), "item %lld added (%s %s%s%s)",
	    (long long)id, it.kind, it.device, it.track != NULL ? ":" : "",
	    it.track != NULL ? it.track : ""), vg_case_commit(u->c,
	    &(struct vg_case_act){ u->officer, "vigil-browse", "", touched,
	    NULL }, &e)) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		return;
	}
	say(u, "%s", touched);
	load_small_panes(u);
	tl_remark(u);
}

/* The list of the case screen: the pane shown, or the others of a hop. */
static struct list *
case_list(struct ui *u)
{
	if (u->pane == P_PATH && u->showing_others)
		return &u->others;
	return &u->panes[u->pane];
}

static int
case_key(struct ui *u, enum act a)
{
	struct list	*l = case_list(u);

	switch (a) {
	case K_BACK:
		if (u->showing_others) {
			u->showing_others = 0;
			break;
		}
		close_case(u);
		show(u, S_CASES);
		break;
	case K_OPEN:
		if ((u->pane == P_TIMELINE || (u->pane == P_PATH &&
		    !u->showing_others)) && list_shown(l, l->cur)) {
			u->back = S_CASE;
			show(u, S_DETAIL);
		}
		break;
	case K_NEXTPANE:
	case K_PREVPANE:
		u->showing_others = 0;
		u->pane = (enum pane)((u->pane + (a == K_NEXTPANE ? 1 :
		    NPANES - 1)) % NPANES);
		break;
	case K_OTHERS:
		if (u->pane == P_PATH)
			show_others(u);
		break;
	default:
		return V_PASS;
	}
	return V_DONE;
}

/* A click on a pane's name in the title bar shows the pane. */
static int
case_mouse(struct ui *u, const MEVENT *ev)
{
	size_t	i;
	int	x;

	if (ev->y != 0)
		return 0;
	for (i = 0, x = 0; i < NPANES; i++) {
		x += (int)strlen(pane_names[i]) + 3;
		if (ev->x < x) {
			u->showing_others = 0;
			u->pane = (enum pane)i;
			return 1;
		}
	}
	return 1;
}

const struct view view_case = {
	"case", draw_case, case_key, case_mouse, NULL, NULL, case_list
};
