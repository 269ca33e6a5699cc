/* detail.c: the detail screen: the fields of a hop or a timeline row, and its frame */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"

/* The detail: the fields of a hop or a timeline row, and its frame. */

#define DLINES	24			/* lines of a detail at most */
#define DWIDTH	160			/* bytes a line */

/* The archive row of a hop or a timeline row, found by its source line. */
struct rowfind {
	struct ui	*u;		/* the browser */
	const char	*source;	/* its file */
	int64_t		 line;		/* and line */
	char		(*lines)[DWIDTH]; /* the detail */
	int		*n;		/* lines filled */
	int		 found;		/* it was */
};

#define DLINE(rf, ...)	do { if (*(rf)->n < DLINES) \
			    snprintf((rf)->lines[(*(rf)->n)++], DWIDTH, \
			    __VA_ARGS__); } while (0)

/* The fields of an archive row, the same for a hop and a timeline row. */
static int
detail_row(const struct vg_row *r, void *arg)
{
	struct rowfind		*rf = arg;
	const struct vg_device	*d;
	char			 a[VG_TIME_BUFSZ];

	if (r->source == NULL || strcmp(r->source, rf->source) != 0 ||
	    r->line != rf->line)
		return 0;
	rf->found = 1;
	d = vg_site_device(rf->u->site, r->device);
	vg_time_format(rf->u->tz, r->t, a, sizeof(a));
	DLINE(rf, "time       %s", a);
	if (r->last != VG_TIME_NONE) {
		vg_time_format(rf->u->tz, r->last, a, sizeof(a));
		DLINE(rf, "until      %s", a);
	}
	DLINE(rf, "%-10s %s  %s", r->type == VG_ROW_GATE ? "gate" : "camera",
	    r->device, d != NULL && d->name != NULL ? d->name : "");
	if (r->track != NULL)
		DLINE(rf, "track      %s", r->track);
	if (r->person != NULL || r->name != NULL)
		DLINE(rf, "person     %s %s", r->person != NULL ? r->person : "",
		    r->name != NULL ? r->name : "");
	if (r->type == VG_ROW_GATE) {
		DLINE(rf, "credential %s%s%s", r->credential != NULL ?
		    r->credential : "-", r->card != NULL ? " card " : "",
		    r->card != NULL ? r->card : "");
		DLINE(rf, "direction  %s", r->direction != NULL ?
		    r->direction : "-");
		DLINE(rf, "result     %s", r->result != NULL ? r->result : "-");
	} else {
		DLINE(rf, "kind       %s", r->kind != NULL ? r->kind : "-");
		DLINE(rf, "clothes    upper %s, lower %s", r->upper != NULL ?
		    r->upper : "-", r->lower != NULL ? r->lower : "-");
		DLINE(rf, "attributes %s", r->attrs != NULL && *r->attrs !=
		    '\0' ? r->attrs : "-");
	}
	if (r->plate != NULL)
		DLINE(rf, "plate      %s", r->plate);
	if (!isnan(r->score))
		DLINE(rf, "score      %.2f", r->score);
	DLINE(rf, "source     %s:%lld", r->source, (long long)r->line);
	return 1;
}

/* Find the row of device at t from source:line and add its fields. */
static void
detail_of(struct ui *u, int type, const char *device, int64_t t,
    const char *source, int64_t line, char lines[][DWIDTH], int *n)
{
	struct vg_error	 e = { 0, NULL };
	struct rowfind	 rf;
	struct vg_query	 q;

	vg_query_init(&q);
	if (type == VG_ROW_GATE)
		q.gate = device;
	else
		q.camera = device;
	q.from = q.to = t;
	memset(&rf, 0, sizeof(rf));
	rf.u = u;
	rf.source = source;
	rf.line = line;
	rf.lines = lines;
	rf.n = n;
	if (vg_query_run(u->ar, &q, detail_row, &rf, &e) == -1) {
		DLINE(&rf, "%s", e.msg);
		vg_error_clear(&e);
	} else if (!rf.found)
		DLINE(&rf, "source     %s:%lld (not in the archive)", source,
		    (long long)line);
}

static void
detail_fields(struct ui *u, int timeline, char lines[][DWIDTH], int *n,
    const char **camera, int64_t *t)
{
	struct vg_error	 e = { 0, NULL };
	struct list	*l;
	const char	*track = NULL, *source = NULL;
	int		 k = 0;

	*camera = NULL;
	*t = VG_TIME_NONE;
	u->has_box = 0;
	if (timeline) {
		const struct tlkey *key;

		l = &u->panes[P_TIMELINE];
		if (l->nrows == 0)
			goto out;
		key = l->data[l->cur];
		snprintf(lines[k++], DWIDTH, "row        %lld of %lld  %s",
		    (long long)(u->tl_base + (int64_t)l->cur + 1),
		    (long long)u->tl_total, l->rows[l->cur][0][0] == '*' ?
		    "(on the path)" : l->rows[l->cur][0][0] == '+' ?
		    "(an item of the case)" : "");
		detail_of(u, key->type, key->device, key->t, key->source,
		    key->line, lines, &k);
		if (key->type == VG_ROW_SIGHTING) {
			*camera = key->device;
			*t = key->last != VG_TIME_NONE ?
			    key->t + (key->last - key->t) / 2 : key->t;
			track = key->track;
			source = key->source;
		}
	} else if (u->nhops > 0) {
		const struct vg_hop *h;
		size_t		 i = u->panes[P_PATH].cur;
		char		 cf[24];

		if (i >= u->nhops)
			goto out;
		h = u->hops[i].hop;
		snprintf(lines[k++], DWIDTH, "hop        %zu of %zu  %s", i + 1,
		    u->nhops, decision_mark(u->hops[i].decision));
		if (!isnan(h->transit))
			snprintf(lines[k++], DWIDTH, "transit    %.1f s"
			    " (%d..%d)", h->transit, h->lmin, h->lmax);
		confidence_bar(h->confidence, cf, sizeof(cf));
		snprintf(lines[k++], DWIDTH, "confidence %s", cf);
		if (!isnan(h->appearance))
			snprintf(lines[k++], DWIDTH, "appearance %.2f",
			    h->appearance);
		detail_of(u, h->obs.type, u->g.dev[h->obs.dev].code,
		    h->obs.first, h->obs.source, h->obs.line, lines, &k);
		if (h->obs.type != VG_ROW_GATE) {
			*camera = u->g.dev[h->obs.dev].code;
			*t = h->obs.first + (h->obs.last - h->obs.first) / 2;
			track = h->obs.track;
			source = h->obs.source;
		}
	}
	if (*camera != NULL && track != NULL && source != NULL) {
		if ((u->has_box = vg_ar_box(u->ar, *camera, track, source,
		    u->box, &e)) == -1) {
			u->has_box = 0;
			vg_error_clear(&e);
		}
	}
out:
	*n = k;
}

/* The frame of camera at t, decoded once and kept while shown. */
static void
load_frame(struct ui *u, const char *camera, int64_t t)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_clip	 c;
	char		 key[200];

	snprintf(key, sizeof(key), "%s@%lld", camera != NULL ? camera : "",
	    (long long)t);
	if (strcmp(key, u->frame_key) == 0)
		return;
	snprintf(u->frame_key, sizeof(u->frame_key), "%s", key);
	bd_image_cache_free(&u->frame_scaled);
	vg_image_free(&u->frame);
	free(u->frame_why);
	u->frame_why = NULL;
	if (camera == NULL) {
		u->frame_why = xstrdup("no video: a gate");
		return;
	}
	if (vg_clip_plan(u->ar, camera, u->root, t, t, &c, &e) == -1 ||
	    vg_clip_frame(&c, t, &u->frame, &e) == -1) {
		u->frame_why = xstrdup(e.msg != NULL ? e.msg : "no frame");
		vg_error_clear(&e);
	}
	vg_clip_free(&c);
}

/*
 * Draw a "name       value" line from row y in width columns, its value
 * going on under itself when too long; the rows used (at most max).
 */
static int
put_wrapped(int y, int x, int max, int width, const char *s)
{
	const char	*p = s;
	uint32_t	 cp;
	size_t		 len = strlen(s), n, cut;
	int		 used, w, rows = 0, indent = 0;
	char		 buf[DWIDTH + 16];

	while (rows < max) {
		for (used = indent, cut = 0; cut < len; cut += n) {
			if ((n = vg_utf8_decode(p + cut, len - cut, &cp)) == 0)
				n = 1, cp = '?';
			w = vg_codepoint_width(cp);
			if (used + (w > 0 ? w : 0) > width)
				break;
			used += w > 0 ? w : 0;
		}
		snprintf(buf, sizeof(buf), "%*s%.*s", indent, "", (int)cut, p);
		put_text(y + rows++, x, width, buf);
		p += cut;
		len -= cut;
		if (len == 0 || cut == 0)
			break;
		indent = 11;		/* under the value */
	}
	return rows;
}

/*
 * The detail of the hop selected, or of the timeline's row, in columns
 * x0 to x0 + width - 1 under the title: its fields, and its frame beside
 * them when there are 80 columns, else under them.
 */
void
draw_detail_at(struct ui *u, int timeline, int x0, int width)
{
	char		 lines[DLINES][DWIDTH];
	const char	*camera;
	int64_t		 t;
	int		 n, i, y, fx, fw, fy, fh, rows = LINES - 3;
	int		 lw = width < 48 ? width : 48;

	detail_fields(u, timeline, lines, &n, &camera, &t);
	for (i = 0, y = 0; i < n && y < rows; i++)	/* long lines wrap */
		y += put_wrapped(1 + y, x0, rows - y, lw, lines[i]);
	n = n > 0 ? y : 0;
	fx = width >= 80 ? x0 + 49 : x0;
	fw = x0 + width - fx;
	fy = fx > x0 ? 1 : 1 + n + 1;
	fh = fx > x0 ? rows : rows - n - 1;
	if (n > 0)
		load_frame(u, camera, t);
	if (n > 0 && u->frame.rgb != NULL) {
		if (bd_image_box(stdscr, fy, fx, fh, fw, &u->frame,
		    u->has_box ? u->box : NULL, &u->frame_scaled) == -1)
			put_text(fy, fx, fw, "(no room for the frame)");
	} else if (n > 0 && u->frame_why != NULL)
		put_text(fy, fx, fw, u->frame_why);
}

static void
draw_detail(struct ui *u)
{
	char	title[256];

	erase();
	draw_detail_at(u, u->back == S_CASE && u->pane == P_TIMELINE, 0,
	    COLS);
	snprintf(title, sizeof(title), "vigil-browse  %s: detail",
	    u->info.number != NULL ? u->info.number : "");
	draw_bars(u, title, "detail",
	    "j/k next/previous  c/r confirm/reject  p play  ? help  q back");
}

static int
detail_key(struct ui *u, enum act a)
{
	struct list	*l = &u->panes[u->pane];
	int		 half = rows_shown() / 2 > 0 ? rows_shown() / 2 : 1;

	switch (a) {
	case K_BACK:
		show(u, u->back == S_MAP ? S_MAP : u->c != NULL ? S_CASE :
		    S_CASES);
		break;
	case K_OPEN:
		break;
	case K_DOWN:
	case K_UP:
	case K_PGDN:
	case K_PGUP:
		/* the next hop, or the next row */
		move_in(u, l, a == K_DOWN ? 1 : a == K_UP ? -1 :
		    a == K_PGDN ? half : -half);
		break;
	default:
		return V_PASS;
	}
	return V_DONE;
}

const struct view view_detail = {
	"detail", draw_detail, detail_key, NULL, NULL, NULL, NULL
};

/*
 * The frame of a sighting (a gate: why there is none) with its box, in
 * the rectangle (y, x, rows, cols): the thumbnail of a candidate.
 */
void
draw_thumb(struct ui *u, const struct vg_obs *o, int y, int x, int rows,
    int cols)
{
	draw_thumb_of(u, o->type, u->g.dev[o->dev].code, o->first, o->last,
	    o->track, o->source, y, x, rows, cols);
}

/* The same from a sighting's fields: type, camera, span, track, source. */
void
draw_thumb_of(struct ui *u, int type, const char *camera, int64_t first,
    int64_t last, const char *track, const char *source, int y, int x,
    int rows, int cols)
{
	struct vg_error	 e = { 0, NULL };

	u->has_box = 0;
	if (type == VG_ROW_GATE) {
		put_text(y, x, cols, "(a gate: no picture)");
		return;
	}
	if (last == VG_TIME_NONE)
		last = first;
	load_frame(u, camera, first + (last - first) / 2);
	if (track != NULL && source != NULL &&
	    (u->has_box = vg_ar_box(u->ar, camera, track, source,
	    u->box, &e)) == -1) {
		u->has_box = 0;
		vg_error_clear(&e);
	}
	if (u->frame.rgb == NULL)
		put_text(y, x, cols, u->frame_why != NULL ? u->frame_why :
		    "no frame");
	else if (bd_image_box(stdscr, y, x, rows, cols, &u->frame,
	    u->has_box ? u->box : NULL, &u->frame_scaled) == -1)
		put_text(y, x, cols, "(no room for the picture)");
}
