/* vigil-browse: the case browser: cases, a case's timeline, path, subjects, notes and custody log, the map, frames */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>
#include <libavutil/log.h>

#include "case.h"
#include "draw.h"
#include "tool.h"

#define US		INT64_C(1000000)	/* microseconds a second */
#define PAGE_ROWS	200			/* timeline rows fetched at once */
#define WINDOW_US	(3600 * US)		/* timeline: an hour each way */
#define MAXCOLS		12			/* columns of a list */
#define CTRL(c)		((c) & 0x1f)

/* What a key does: one table dispatches keys and writes the help. */
enum act {
	K_NONE, K_DOWN, K_UP, K_TOP, K_BOTTOM, K_PGDN, K_PGUP, K_OPEN,
	K_BACK, K_QUIT, K_NEXTPANE, K_PREVPANE, K_SEARCH, K_NEXT, K_PREV,
	K_PROMPT, K_HELP, K_MAP, K_CONFIRM, K_REJECT, K_OTHERS, K_NOTE,
	K_ITEM, K_CLIP, K_EXPORT, K_PLAY, K_LEFT, K_RIGHT, K_ZOOMIN,
	K_ZOOMOUT, K_FIT, K_REDRAW, K_INCIDENT, K_GOTO, K_PANUP, K_PANDOWN
};

struct binding {
	int		 key;		/* curses key code */
	enum act	 act;		/* what it does */
};

struct action {
	enum act	 act;		/* the action */
	const char	*name;		/* its name in the keys file */
	const char	*help;		/* what it does, for the help screen */
};

static const struct action actions[] = {
	{ K_DOWN, "down", "move down" },
	{ K_UP, "up", "move up" },
	{ K_TOP, "top", "go to the first line" },
	{ K_BOTTOM, "bottom", "go to the last line" },
	{ K_PGDN, "page-down", "half a page down" },
	{ K_PGUP, "page-up", "half a page up" },
	{ K_OPEN, "open", "open what is selected" },
	{ K_BACK, "back", "go back; quit from the first screen" },
	{ K_QUIT, "quit", "quit" },
	{ K_NEXTPANE, "next-pane", "the next pane of a case" },
	{ K_PREVPANE, "previous-pane", "the pane before" },
	{ K_SEARCH, "search", "search the list (the timeline: all of it)" },
	{ K_NEXT, "next", "the next match" },
	{ K_PREV, "previous", "the match before" },
	{ K_PROMPT, "query", "a vigil-query filter: the timeline of it" },
	{ K_INCIDENT, "incident", "back to the incident's timeline" },
	{ K_GOTO, "goto", "the timeline at a time (21:13, 2018-11-20 21:13)" },
	{ K_HELP, "help", "this list of keys" },
	{ K_MAP, "map", "the site plan with the path" },
	{ K_CONFIRM, "confirm", "confirm the hop (re-plans the path)" },
	{ K_REJECT, "reject", "reject the hop (re-plans the path)" },
	{ K_OTHERS, "others", "the other candidates of the hop" },
	{ K_NOTE, "note", "add a note to the case" },
	{ K_ITEM, "item", "add what is selected to the case's items" },
	{ K_CLIP, "clip", "cut the clip of the hop into the case" },
	{ K_EXPORT, "export", "export the case as an evidence bundle" },
	{ K_PLAY, "play", "play the hop's clip ($VIGIL_PLAYER, mpv, ffplay),"
	    " in the background" },
	{ K_LEFT, "left", "map: pan left" },
	{ K_RIGHT, "right", "map: pan right" },
	{ K_PANUP, "pan-up", "map: pan up (north)" },
	{ K_PANDOWN, "pan-down", "map: pan down (south)" },
	{ K_ZOOMIN, "zoom-in", "map: zoom in on the selected hop" },
	{ K_ZOOMOUT, "zoom-out", "map: zoom out" },
	{ K_FIT, "fit", "map: the whole site" },
	{ K_REDRAW, "redraw", "draw the screen again" },
};
#define NACTIONS	(sizeof(actions) / sizeof(actions[0]))

#define MAXBIND		96
static struct binding	bindings[MAXBIND] = {
	{ 'j', K_DOWN }, { KEY_DOWN, K_DOWN }, { 'k', K_UP },
	{ KEY_UP, K_UP }, { 'g', K_TOP }, { KEY_HOME, K_TOP },
	{ 'G', K_BOTTOM }, { KEY_END, K_BOTTOM }, { CTRL('d'), K_PGDN },
	{ KEY_NPAGE, K_PGDN }, { CTRL('u'), K_PGUP }, { KEY_PPAGE, K_PGUP },
	{ '\n', K_OPEN }, { '\r', K_OPEN }, { KEY_ENTER, K_OPEN },
	{ 'q', K_BACK }, { 'Q', K_QUIT }, { '\t', K_NEXTPANE },
	{ KEY_BTAB, K_PREVPANE }, { '/', K_SEARCH }, { 'n', K_NEXT },
	{ 'N', K_PREV }, { ':', K_PROMPT }, { '?', K_HELP }, { 'm', K_MAP },
	{ 'c', K_CONFIRM }, { 'r', K_REJECT }, { 'o', K_OTHERS },
	{ 'a', K_NOTE }, { 'i', K_ITEM }, { 'x', K_CLIP }, { 'E', K_EXPORT },
	{ 'p', K_PLAY }, { 'h', K_LEFT }, { KEY_LEFT, K_LEFT },
	{ 'l', K_RIGHT }, { KEY_RIGHT, K_RIGHT }, { '+', K_ZOOMIN },
	{ '=', K_ZOOMIN }, { '-', K_ZOOMOUT }, { '0', K_FIT },
	{ CTRL('l'), K_REDRAW }, { 'I', K_INCIDENT }, { 't', K_GOTO },
	{ 'K', K_PANUP }, { 'J', K_PANDOWN },
};
static size_t		nbindings;	/* counted at the start */

/* A list on screen: rows of columns, held in memory. */
struct list {
	char		*title;		/* what it lists */
	const char	*cols[MAXCOLS];	/* column names */
	int		 width[MAXCOLS]; /* widest cell of each */
	size_t		 ncols;		/* how many */
	char		***rows;	/* rows of cells */
	size_t		 nrows;		/* how many */
	size_t		 cur;		/* the selected row */
	size_t		 top;		/* the first row shown */
	void		**data;		/* what each row stands for, or NULL */
	attr_t		*attrs;		/* how each row is drawn */
	int		 more_before;	/* the timeline goes on above */
	int		 more_after;	/* and below */
	int		 owns;		/* data are strings of its own */
};

enum pane { P_TIMELINE, P_PATH, P_SUBJECTS, P_NOTES, P_LOG, NPANES };
static const char *const pane_names[NPANES] = {
	"timeline", "path", "subjects", "notes", "log"
};

enum view { S_CASES, S_CASE, S_MAP, S_DETAIL, S_HELP };

/* The timeline: archive rows in a window, fetched a page at a time. */
struct timeline {
	struct vg_query	 q;		/* its filter */
	char		*what;		/* the filter as typed, or NULL */
	int64_t		 from, to;	/* its window, true UTC us */
};

/* An item of the case, to mark its rows in the timeline. */
struct citem {
	char		*kind;		/* event, sighting, clip or frame */
	char		*device;	/* gate or camera */
	char		*track;		/* sighting track, or NULL */
	int64_t		 t0, t1;	/* its time, or span */
};

struct hopinfo {
	struct vg_hop	*hop;		/* the hop */
	char		 ref[160];	/* CAMERA:TRACK or GATE@TIME */
	const char	*decision;	/* confirmed, rejected, proposed */
};

/* Everything the browser holds. */
struct ui {
	struct vg_archive *ar;		/* the archive, read-only */
	struct vg_site	*site;		/* its site */
	struct vg_graph	 g;		/* its devices and links */
	struct vg_tz	*tz;		/* the zone of times shown */
	const char	*archive;	/* its path */
	const char	*officer;	/* who, or NULL */
	const char	*root;		/* -r: recordings root, or NULL: the
					   archive's */
	struct vg_case	*c;		/* the open case, or NULL */
	struct vg_case_info info;	/* its details */
	enum view	 screen;	/* what is shown */
	enum view	 back;		/* where q goes from the map or detail */
	enum pane	 pane;		/* the case's pane shown */
	struct list	 cases;		/* the case list */
	struct list	 panes[NPANES];	/* the case's panes */
	struct list	 help;		/* the help screen */
	struct list	 others;	/* runner-ups of a hop */
	int		 showing_others; /* the runner-ups replace the path */
	struct timeline	 tl;		/* the timeline's rows */
	int64_t		 tl_base;	/* rows of the window before those held */
	int64_t		 tl_total;	/* rows in the window */
	int		 tl_days;	/* the window spans days: rows dated */
	struct vg_path	*paths;		/* the planned path */
	size_t		 npaths;	/* 0 or 1 */
	struct hopinfo	*hops;		/* its hops */
	size_t		 nhops;		/* how many */
	struct citem	*items;		/* the case's items */
	size_t		 nitems;	/* how many */
	struct vg_case_decision *dec;	/* decisions in force */
	size_t		 ndec;		/* how many */
	char		*search;	/* the last search */
	char		 msg[512];	/* the message line */
	struct bd_view	 view;		/* the map's view */
	int		 view_set;	/* the view has been fitted */
	struct vg_image	 frame;		/* the detail's frame */
	char		 frame_key[200]; /* what the frame is of */
	char		*frame_why;	/* why there is none, or NULL */
	struct bd_imgcache frame_scaled; /* the frame scaled for the screen */
	double		 box[4];	/* the sighting's box in the frame */
	int		 has_box;	/* there is one */
	int		 curses;	/* the terminal is in curses mode */
};

static struct ui	*ui_now;	/* for the exit and signal paths */
static FILE		*timing;	/* $VIGIL_BROWSE_TIMING, for bench/browse */

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
ui_end(void)
{
	if (ui_now != NULL && ui_now->curses) {
		endwin();
		ui_now->curses = 0;
	}
}

static void
on_signal(int sig)
{
	ui_end();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* A fatal error: the terminal is restored first. */
static void __attribute__((noreturn)) VG_PRINTF(1, 2)
die(const char *fmt, ...)
{
	va_list	ap;

	ui_end();
	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	exit(TOOL_EXIT_FAIL);
}

static void VG_PRINTF(2, 3)
say(struct ui *u, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof(u->msg), fmt, ap);
	va_end(ap);
}

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-browse [-hV] [-A archive] [-c case] [-r root]"
	    " [-z zone]\n"
	    "                    [--officer name]\n");
	exit(status);
}

/* Lists */

static void
list_clear(struct list *l)
{
	size_t	i, j;

	for (i = 0; i < l->nrows; i++) {
		for (j = 0; j < l->ncols; j++)
			free(l->rows[i][j]);
		free(l->rows[i]);
		if (l->owns)
			free(l->data[i]);
	}
	free(l->rows);
	free(l->data);
	free(l->attrs);
	l->rows = NULL;
	l->data = NULL;
	l->attrs = NULL;
	l->nrows = 0;
	for (j = 0; j < l->ncols; j++)
		l->width[j] = (int)vg_text_width(l->cols[j],
		    strlen(l->cols[j]));
}

/* Empty the list and forget its title. */
static void
list_free(struct list *l)
{
	list_clear(l);
	free(l->title);
	l->title = NULL;
}

static void
list_cols(struct list *l, const char *title, const char *const *cols,
    size_t n)
{
	size_t	i;

	list_clear(l);
	free(l->title);
	l->title = xstrdup(title);
	l->ncols = n;
	for (i = 0; i < n; i++) {
		l->cols[i] = cols[i];
		l->width[i] = (int)vg_text_width(cols[i], strlen(cols[i]));
	}
	l->cur = l->top = 0;
}

/* Add a row; NULL cells are empty.  Returns its index. */
static size_t
list_add(struct list *l, const char *const *cells, void *data)
{
	char	**row;
	size_t	 i;
	int	 w;

	row = xcalloc(l->ncols, sizeof(*row));
	for (i = 0; i < l->ncols; i++) {
		row[i] = xstrdup(cells[i] != NULL ? cells[i] : "");
		w = (int)vg_text_width(row[i], strlen(row[i]));
		if (w > l->width[i])
			l->width[i] = w;
	}
	l->rows = xreallocarray(l->rows, l->nrows + 1, sizeof(*l->rows));
	l->data = xreallocarray(l->data, l->nrows + 1, sizeof(*l->data));
	l->attrs = xreallocarray(l->attrs, l->nrows + 1, sizeof(*l->attrs));
	l->attrs[l->nrows] = A_NORMAL;
	l->rows[l->nrows] = row;
	l->data[l->nrows] = data;
	return l->nrows++;
}

/* Text */

/*
 * Draw UTF-8 text at (y, x), in at most width columns: control
 * characters shown as '?', a wide character that would not fit whole
 * left out, the rest of the width filled with spaces.
 */
static void
put_text(int y, int x, int width, const char *s)
{
	wchar_t	 wc[2];
	cchar_t	 cc;
	uint32_t cp;
	size_t	 len, n;
	int	 w, used = 0;

	move(y, x);
	len = strlen(s);
	while (len > 0 && used < width) {
		if ((n = vg_utf8_decode(s, len, &cp)) == 0) {
			n = 1;
			cp = '?';
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			cp = '?';
		w = vg_codepoint_width(cp);
		if (w < 0)
			w = 0;
		if (used + w > width)
			break;
		if (w > 0) {
			wc[0] = (wchar_t)cp;
			wc[1] = L'\0';
			setcchar(&cc, wc, A_NORMAL, 0, NULL);
			add_wch(&cc);
		}
		used += w;
		s += n;
		len -= n;
	}
	for (; used < width; used++)
		addch(' ');
}

/* The time of day of an ISO 8601 time, without its offset (in place). */
static char *
time_of_day(char *iso)
{
	char	*t = iso + 11;

	t[strcspn(t, "+-Z")] = '\0';
	return t;
}

/* Drawing */

static int
rows_shown(void)
{
	return LINES - 4 > 1 ? LINES - 4 : 1;
}

static void
draw_list(struct ui *u, struct list *l)
{
	int	 y, x, w, avail, i, rows = rows_shown();
	size_t	 r, c;

	(void)u;
	if (l->cur >= l->nrows && l->nrows > 0)
		l->cur = l->nrows - 1;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + (size_t)rows)
		l->top = l->cur - (size_t)rows + 1;
	/* the header */
	attron(A_BOLD | A_UNDERLINE);
	move(1, 0);
	for (x = 0, c = 0; c < l->ncols && x < COLS; c++) {
		w = l->width[c];
		avail = COLS - x;
		if (c + 1 == l->ncols || w > avail)
			w = avail;
		put_text(1, x, w, l->cols[c]);
		x += w;
		if (x < COLS && c + 1 < l->ncols)
			mvaddch(1, x++, ' ');
	}
	for (; x < COLS; x++)
		addch(' ');
	attroff(A_BOLD | A_UNDERLINE);
	for (i = 0; i < rows; i++) {
		r = l->top + (size_t)i;
		y = 2 + i;
		move(y, 0);
		if (r >= l->nrows) {
			clrtoeol();
			continue;
		}
		attrset(l->attrs[r] | (r == l->cur ? A_REVERSE : 0));
		for (x = 0, c = 0; c < l->ncols && x < COLS; c++) {
			w = l->width[c];
			avail = COLS - x;
			if (c + 1 == l->ncols || w > avail)
				w = avail;
			put_text(y, x, w, l->rows[r][c]);
			x += w;
			if (x < COLS && c + 1 < l->ncols)
				mvaddch(y, x++, ' ');
		}
		for (; x < COLS; x++)
			addch(' ');
		attrset(A_NORMAL);
	}
}

static void
draw_bars(struct ui *u, const char *title, const char *where,
    const char *keys)
{
	char	line[512];

	attron(A_REVERSE);
	put_text(0, 0, COLS, title);
	snprintf(line, sizeof(line), "%s  %s", where, keys);
	put_text(LINES - 2, 0, COLS, line);
	attroff(A_REVERSE);
	put_text(LINES - 1, 0, COLS, u->msg);
}

static void draw(struct ui *);
static char *read_line(struct ui *, const char *, const char *);
static void tl_search(struct ui *, int);

/* Cases */

static void
load_cases(struct ui *u)
{
	static const char *const cols[] = {
		"number", "title", "incident", "status", "entries", "last"
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_case_info	 ci;
	struct dirent		**names;
	const char		*root = vg_case_root(), *cells[6];
	char			*dir, inc[VG_TIME_BUFSZ], last[VG_TIME_BUFSZ];
	char			 n[24];
	int			 i, count;

	list_cols(&u->cases, "cases", cols, 6);
	u->cases.owns = 1;
	if ((count = scandir(root, &names, NULL, alphasort)) == -1)
		return;
	for (i = 0; i < count; i++) {
		if (names[i]->d_name[0] == '.' ||
		    !vg_case_number_ok(names[i]->d_name)) {
			free(names[i]);
			continue;
		}
		xasprintf(&dir, "%s/%s", root, names[i]->d_name);
		free(names[i]);
		if (vg_case_info_read(dir, &ci, &e) == -1) {
			vg_error_clear(&e);
			free(dir);
			continue;
		}
		inc[0] = last[0] = '\0';
		if (ci.incident_time != VG_TIME_NONE)
			vg_time_format(u->tz, ci.incident_time, inc,
			    sizeof(inc));
		if (ci.last_at != VG_TIME_NONE)
			vg_time_format(u->tz, ci.last_at, last, sizeof(last));
		snprintf(n, sizeof(n), "%lld", (long long)ci.entries);
		cells[0] = ci.number;
		cells[1] = ci.title;
		cells[2] = inc;
		cells[3] = ci.status;
		cells[4] = n;
		cells[5] = last;
		list_add(&u->cases, cells, dir);
		vg_case_info_free(&ci);
	}
	free(names);
}

/* The case */

static void
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

static int
collect_decision(const struct vg_case_decision *d, void *arg)
{
	struct ui		*u = arg;
	struct vg_case_decision	*n;

	u->dec = xreallocarray(u->dec, u->ndec + 1, sizeof(*u->dec));
	n = &u->dec[u->ndec++];
	n->hop = xstrdup(d->hop);
	n->verdict = xstrdup(d->verdict);
	n->why = xstrdup(d->why);
	n->at = d->at;
	n->officer = xstrdup(d->officer);
	return 0;
}

static void
free_decisions(struct ui *u)
{
	size_t	i;

	for (i = 0; i < u->ndec; i++) {
		free((char *)u->dec[i].hop);
		free((char *)u->dec[i].verdict);
		free((char *)u->dec[i].why);
		free((char *)u->dec[i].officer);
	}
	free(u->dec);
	u->dec = NULL;
	u->ndec = 0;
}

/* A hop's name: CAMERA:TRACK, or GATE@TIME in the zone. */
static void
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
static const struct vg_case_decision *
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
static void
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
	free_decisions(u);
	if (vg_case_decisions(u->c, collect_decision, u, &e) == -1 ||
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
	else {
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

/*
 * How a decision is drawn, as report.html colours it: confirmed green and
 * bold, proposed amber, rejected red and dim; and a mark that says the
 * same without colour.
 */
static attr_t
decision_attr(const char *decision)
{
	int	pair;

	if (strcmp(decision, "confirmed") == 0) {
		pair = bd_pair_rgb(0x2ea043, -1);
		return A_BOLD | (pair > 0 ? COLOR_PAIR(pair) : 0);
	}
	if (strcmp(decision, "rejected") == 0) {
		pair = bd_pair_rgb(0xd03030, -1);
		return A_DIM | (pair > 0 ? COLOR_PAIR(pair) : 0);
	}
	pair = bd_pair_rgb(0xd29922, -1);
	return pair > 0 ? COLOR_PAIR(pair) : A_NORMAL;
}

static const char *
decision_mark(const char *decision)
{
	return strcmp(decision, "confirmed") == 0 ? "= confirmed" :
	    strcmp(decision, "rejected") == 0 ? "x rejected" : "? proposed";
}

/* A confidence as a percentage and a bar of five: "100% #####", "  0% ....." */
static void
confidence_bar(double c, char *buf, size_t size)
{
	char	bar[6];
	int	i, n;

	if (isnan(c)) {
		snprintf(buf, size, "   -");
		return;
	}
	n = (int)floor(c * 5 + 0.5);
	for (i = 0; i < 5; i++)
		bar[i] = i < n ? '#' : '.';
	bar[5] = '\0';
	snprintf(buf, size, "%3.0f%% %s", c * 100, bar);
}

static void
load_path(struct ui *u)
{
	static const char *const cols[] = {
		"hop", "time", "camera", "type", "track", "transit", "conf",
		"decision", "person"
	};
	struct vg_error	 e = { 0, NULL };
	struct list	*l = &u->panes[P_PATH];
	const char	*cells[9];
	char		 n[24], t[VG_TIME_BUFSZ], tr[24], cf[24];
	size_t		 i, j, r, cur = l->cur;

	list_cols(l, "path", cols, 9);
	for (i = 0; i < u->nhops; i++) {
		const struct vg_hop *h = u->hops[i].hop;

		snprintf(n, sizeof(n), "%zu", i + 1);
		vg_time_format(u->tz, h->obs.first, t, sizeof(t));
		tr[0] = '\0';
		if (!isnan(h->transit))
			snprintf(tr, sizeof(tr), "%.1f s", h->transit);
		confidence_bar(h->confidence, cf, sizeof(cf));
		cells[0] = n;
		cells[1] = time_of_day(t);
		cells[2] = u->g.dev[h->obs.dev].code;
		cells[3] = h->obs.type == VG_ROW_GATE ? "gate" : "camera";
		cells[4] = h->obs.track;
		cells[5] = tr;
		cells[6] = cf;
		cells[7] = decision_mark(u->hops[i].decision);
		cells[8] = h->obs.person;
		r = list_add(l, cells, &u->hops[i]);
		l->attrs[r] = decision_attr(u->hops[i].decision);
	}
	/* rejected hops stay in sight, below the path that goes around them */
	for (i = 0; i < u->ndec; i++) {
		const struct vg_case_decision *d = &u->dec[i];
		struct vg_obs	 o;
		const char	*at = strchr(d->hop, '@');
		char		*dev;

		if (strcmp(d->verdict, "reject") != 0 || decision_of(u,
		    d->hop) != d)
			continue;
		for (j = 0; j < u->nhops; j++)
			if (strcmp(u->hops[j].ref, d->hop) == 0)
				break;
		if (j < u->nhops)
			continue;
		dev = xstrndup(d->hop, at != NULL ? (size_t)(at - d->hop) :
		    strcspn(d->hop, ":"));
		t[0] = '\0';
		cells[4] = NULL;
		cells[3] = at != NULL ? "gate" : "camera";
		if (at != NULL)
			snprintf(t, sizeof(t), "%s", strlen(at + 1) > 11 ?
			    at + 12 : at + 1);
		else if (vg_ar_sighting(u->ar, &u->g, dev, d->hop +
		    strlen(dev) + 1, &o, &e) == 1) {
			vg_time_format(u->tz, o.first, t, sizeof(t));
			memmove(t, t + 11, strlen(t + 11) + 1);
			vg_obs_free(&o);
		} else
			vg_error_clear(&e);
		t[strcspn(t, "+-Z")] = '\0';
		cells[0] = "-";
		cells[1] = t;
		cells[2] = dev;
		cells[4] = at == NULL ? d->hop + strlen(dev) + 1 : NULL;
		cells[5] = NULL;
		cells[6] = NULL;
		cells[7] = decision_mark("rejected");
		cells[8] = NULL;
		r = list_add(l, cells, NULL);
		l->attrs[r] = decision_attr("rejected");
		free(dev);
	}
	l->cur = cur < l->nrows ? cur : 0;
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
	}
	free(u->items);
	u->items = NULL;
	u->nitems = 0;
}

static void
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

/* The timeline, a page at a time */

struct tlkey {
	int64_t		 t;		/* time, true UTC us */
	int		 type;		/* VG_ROW_* */
	char		*device;	/* device id */
	char		*track;		/* sighting track, or NULL */
	char		*source;	/* file it came from */
	int64_t		 line;		/* line in it */
	int64_t		 last;		/* last seen, or VG_TIME_NONE */
	char		*person;	/* roster id, or NULL */
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

#define TLCOLS	8
static const char *const tl_cols[TLCOLS] = {
	"", "time", "device", "kind", "track", "person", "name", "detail"
};


/* How a row is marked: '*' on the case's path, '+' an item of it. */
static const char *
tl_mark(struct ui *u, const struct tlkey *r)
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
	cells[0] = xstrdup(tl_mark(p->u, &k));
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
	size_t		 i;

	list_cols(l, u->tl.what != NULL ? u->tl.what : "timeline", tl_cols,
	    TLCOLS);
	for (i = 0; i < tl_rows.n; i++)
		list_add(l, (const char *const *)tl_rows.cells[i],
		    &tl_rows.keys[i]);
	l->cur = cur < l->nrows ? cur : l->nrows > 0 ? l->nrows - 1 : 0;
	l->top = top <= l->cur ? top : l->cur;
	if (u->tl_base < 0)
		u->tl_base = 0;
	l->more_before = u->tl_base > 0;
	l->more_after = u->tl_base + (int64_t)tl_rows.n < u->tl_total;
}

/* Mark the rows held again: the path or the items changed. */
static void
tl_remark(struct ui *u)
{
	struct list	*l = &u->panes[P_TIMELINE];
	size_t		 i;

	for (i = 0; i < tl_rows.n; i++) {
		free(tl_rows.cells[i][0]);
		tl_rows.cells[i][0] = xstrdup(tl_mark(u, &tl_rows.keys[i]));
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

static void
tl_open(struct ui *u, int64_t t)
{
	struct tlkey	 k;
	struct page	 p;
	char		 a[VG_TIME_BUFSZ], b[VG_TIME_BUFSZ];

	vg_time_format(u->tz, u->tl.from, a, sizeof(a));
	vg_time_format(u->tz, u->tl.to, b, sizeof(b));
	u->tl_days = strncmp(a, b, 10) != 0;
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

/* The timeline's window: an hour each way of the incident, or of the path. */
static void
tl_window(struct ui *u, int64_t *at)
{
	int64_t	t = u->info.incident_time;

	if (t == VG_TIME_NONE && u->nhops > 0)
		t = u->hops[0].hop->obs.first;
	if (t == VG_TIME_NONE)
		t = u->info.created;
	u->tl.from = t - WINDOW_US;
	u->tl.to = t + WINDOW_US;
	*at = t;
}

/* Moving past either end of the rows held fetches the next page. */
static void
tl_more(struct ui *u, int down)
{
	struct list	*l = &u->panes[P_TIMELINE];
	struct page	 p;

	if (down && l->more_after && tl_rows.n > 0) {
		if (fetch(u, &tl_rows.keys[tl_rows.n - 1], 0, &p) == 0)
			tl_extend(u, &p, 0);
	} else if (!down && l->more_before && tl_rows.n > 0) {
		if (fetch(u, &tl_rows.keys[0], 1, &p) == 0)
			tl_extend(u, &p, 1);
	}
}

static void
tl_end(struct ui *u, int last)
{
	struct page	p;
	struct tlkey	k;

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

static void
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

static int
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
	reload_case(u);
	memset(&u->tl.q, 0, sizeof(u->tl.q));
	vg_query_init(&u->tl.q);
	free(u->tl.what);
	u->tl.what = NULL;
	tl_window(u, &at);
	tl_open(u, at);
	u->pane = u->nhops > 0 ? P_PATH : P_TIMELINE;
	u->screen = S_CASE;
	u->view_set = 0;
	return 0;
}

static void
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
	page_free(&tl_rows, 0);
	vg_path_free(u->paths, u->npaths);
	u->paths = NULL;
	u->npaths = 0;
	free(u->hops);
	u->hops = NULL;
	u->nhops = 0;
	free_decisions(u);
	free_items(u);
	load_cases(u);
}

/* The ':' prompt: a vigil-query filter becomes the timeline */

/* A time of the prompt, as vg_time_parse_near takes it, on the timeline's day. */
static int
prompt_time(struct ui *u, const char *s, int64_t *t)
{
	const char	*why;

	return vg_time_parse_near(u->tz, s, strlen(s),
	    (u->tl.from + u->tl.to) / 2, vg_now(), t, &why);
}

/*
 * A query of the prompt in the custody log, as vigil-query -c logs its
 * own: the arguments vigil-query would take for it (with --why), what was
 * read and how many rows came back.
 */
static void
log_query(struct ui *u, const char *why)
{
	const struct vg_query *q = &u->tl.q;
	struct vg_error	 e = { 0, NULL };
	const char	*argv[24], *who;
	char		 from[VG_TIME_BUFSZ], to[VG_TIME_BUFSZ];
	char		 touched[PATH_MAX + 160];
	char		*args, radius[24], real[PATH_MAX];
	int		 n = 0;

#define ARG(opt, v)	do { if ((v) != NULL) { argv[n++] = (opt); \
			    argv[n++] = (v); } } while (0)
	ARG("-c", u->info.number);
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
	    (long long)u->tl_total, "events");
	if (vg_case_log(u->c, &(struct vg_case_act){ u->officer,
	    "vigil-browse", args, touched, NULL }, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
	}
	free(args);
	load_small_panes(u);
}

static void
run_prompt(struct ui *u, const char *line)
{
	struct vg_query	 q;
	char		*copy, *w, *v, *save = NULL, *dots, *why = NULL;
	char		 prompt[200];
	const char	*who;
	int64_t		 from = VG_TIME_NONE, to = VG_TIME_NONE, at;
	static char	*held[8];	/* strings the query points to */
	static size_t	 nheld;
	size_t		 i;

	for (i = 0; i < nheld; i++)
		free(held[i]);
	nheld = 0;
	vg_query_init(&q);
	copy = xstrdup(line);
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if ((dots = strstr(w, "..")) != NULL) {
			*dots = '\0';
			if (prompt_time(u, w, &from) == -1 ||
			    prompt_time(u, dots + 2, &to) == -1 || to < from) {
				say(u, "':%s': '%s..%s' is not a span of time",
				    line, w, dots + 2);
				goto out;
			}
			continue;
		}
		if (strcmp(w, "strangers") == 0) {
			q.strangers = 1;
			continue;
		}
		if ((v = strtok_r(NULL, " \t", &save)) == NULL ||
		    nheld == 8) {
			say(u, "':%s': '%s' wants a value (person P..., camera"
			    " C..., gate G..., card, plate, zone, near; a span"
			    " 21:00..21:30)", line, w);
			goto out;
		}
		held[nheld] = xstrdup(v);
		if (strcmp(w, "person") == 0)
			q.person = held[nheld++];
		else if (strcmp(w, "camera") == 0)
			q.camera = held[nheld++];
		else if (strcmp(w, "gate") == 0)
			q.gate = held[nheld++];
		else if (strcmp(w, "card") == 0)
			q.card = held[nheld++];
		else if (strcmp(w, "plate") == 0)
			q.plate = held[nheld++];
		else if (strcmp(w, "zone") == 0)
			q.zone = held[nheld++];
		else if (strcmp(w, "near") == 0) {
			q.near = held[nheld++];
			q.radius = 30;
		} else {
			free(held[nheld]);
			say(u, "':%s': '%s' is not a filter (person, camera,"
			    " gate, card, plate, zone, near, strangers)", line,
			    w);
			goto out;
		}
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
	u->tl.q = q;
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
	tl_open(u, u->tl.from);
	u->pane = P_TIMELINE;
	u->screen = u->c != NULL ? S_CASE : u->screen;
	if (u->c != NULL)
		log_query(u, why);
	say(u, "%lld rows", (long long)u->tl_total);
out:
	free(why);
	free(copy);
}

/* A line typed at the bottom; NULL when cancelled (Escape or Ctrl-C). */
static char *
read_line(struct ui *u, const char *prompt, const char *init)
{
	wchar_t	 buf[512];
	char	 out[2048];
	wint_t	 ch;
	size_t	 n = 0, o;
	int	 rc, w;

	if (init != NULL) {
		n = mbstowcs(buf, init, sizeof(buf) / sizeof(buf[0]) - 1);
		if (n == (size_t)-1)
			n = 0;
	}
	curs_set(1);
	for (;;) {
		move(LINES - 1, 0);
		clrtoeol();
		put_text(LINES - 1, 0, COLS - 1, prompt);
		w = (int)vg_text_width(prompt, strlen(prompt));
		buf[n] = L'\0';
		{
			char	tmp[2048];
			size_t	k = wcstombs(tmp, buf, sizeof(tmp) - 1);

			if (k == (size_t)-1)
				k = 0;
			tmp[k] = '\0';
			put_text(LINES - 1, w, COLS - w > 0 ? COLS - w : 0,
			    tmp);
			move(LINES - 1, w + (int)vg_text_width(tmp, k) < COLS ?
			    w + (int)vg_text_width(tmp, k) : COLS - 1);
		}
		refresh();
		rc = get_wch(&ch);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES) {
			if (ch == KEY_BACKSPACE && n > 0)
				n--;
			else if (ch == KEY_ENTER)
				break;
			else if (ch == KEY_RESIZE)
				draw(u);
			continue;
		}
		if (ch == 27 || ch == CTRL('c') || ch == CTRL('g')) {
			curs_set(0);
			u->msg[0] = '\0';
			return NULL;
		}
		if (ch == '\n' || ch == '\r')
			break;
		if (ch == 127 || ch == CTRL('h')) {
			if (n > 0)
				n--;
			continue;
		}
		if (ch == CTRL('u')) {
			n = 0;
			continue;
		}
		if (ch >= 0x20 && n + 1 < sizeof(buf) / sizeof(buf[0]))
			buf[n++] = (wchar_t)ch;
	}
	curs_set(0);
	buf[n] = L'\0';
	o = wcstombs(out, buf, sizeof(out) - 1);
	if (o == (size_t)-1)
		o = 0;
	out[o] = '\0';
	u->msg[0] = '\0';
	return xstrdup(out);
}

/* The list on screen now. */
static struct list *
current(struct ui *u)
{
	switch (u->screen) {
	case S_CASES:
		return &u->cases;
	case S_CASE:
		if (u->pane == P_PATH && u->showing_others)
			return &u->others;
		return &u->panes[u->pane];
	case S_HELP:
		return &u->help;
	default:
		return NULL;
	}
}

static void
draw_case(struct ui *u)
{
	struct list	*l = current(u);
	char		 title[512], where[160];
	size_t		 i;
	int		 n;

	/* the panes first, so that they always show; then the case */
	for (i = 0, n = 0; i < NPANES && n < (int)sizeof(title); i++)
		n += snprintf(title + n, sizeof(title) - (size_t)n,
		    i == (size_t)u->pane ? "[%s] " : " %s  ", pane_names[i]);
	if (n < (int)sizeof(title))
		snprintf(title + n, sizeof(title) - (size_t)n, "| %s: %s",
		    u->info.number, u->info.title);
	if (u->pane == P_PATH && u->showing_others)
		l = &u->others;
	draw_list(u, l);
	if (u->pane == P_TIMELINE && l->nrows > 0 && l->cur < l->nrows)
		snprintf(where, sizeof(where), "%s %lld/%lld", l->title,
		    (long long)(u->tl_base + (int64_t)l->cur + 1),
		    (long long)u->tl_total);
	else
		snprintf(where, sizeof(where), "%s %zu/%zu", l->title,
		    l->nrows > 0 ? l->cur + 1 : 0, l->nrows);
	draw_bars(u, title, where, u->pane == P_PATH ?
	    "Enter detail  c/r confirm/reject  o others  m map  x clip  "
	    "p play  E export  ? help  q back" :
	    "Enter detail  / search  : query  i item  a note  m map  "
	    "? help  q back");
}

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
	char		 title[256], where[160];
	size_t		 sel = u->panes[P_PATH].cur;
	int		 rows = LINES - 3;

	if (!u->view_set) {
		bd_map_fit(&u->view, u->site, rows, COLS);
		u->view_set = 1;
	}
	map_hops(u, &hops);
	erase();
	bd_map_draw(stdscr, 1, 0, rows, COLS, u->site, hops, u->nhops,
	    u->nhops > 0 ? (int)sel : -1, &u->view);
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
	    "j/k hop  h/l/J/K pan  +/- zoom  0 fit  Enter detail  q back");
}

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
detail_fields(struct ui *u, char lines[][DWIDTH], int *n, const char **camera,
    int64_t *t)
{
	struct vg_error	 e = { 0, NULL };
	struct list	*l;
	const char	*track = NULL, *source = NULL;
	int		 k = 0;

	*camera = NULL;
	*t = VG_TIME_NONE;
	u->has_box = 0;
	if (u->back == S_CASE && u->pane == P_TIMELINE) {
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
put_wrapped(int y, int max, int width, const char *s)
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
		put_text(y + rows++, 0, width, buf);
		p += cut;
		len -= cut;
		if (len == 0 || cut == 0)
			break;
		indent = 11;		/* under the value */
	}
	return rows;
}

static void
draw_detail(struct ui *u)
{
	char		 lines[DLINES][DWIDTH], title[256];
	const char	*camera;
	int64_t		 t;
	int		 n, i, y, fx, fw, rows = LINES - 3;

	erase();
	detail_fields(u, lines, &n, &camera, &t);
	for (i = 0, y = 0; i < n && y < rows; i++)	/* long lines wrap */
		y += put_wrapped(1 + y, rows - y, COLS < 48 ? COLS : 48,
		    lines[i]);
	n = n > 0 ? y : 0;
	fx = COLS >= 80 ? 49 : 0;
	fw = COLS - fx;
	if (n > 0)
		load_frame(u, camera, t);
	if (n > 0 && u->frame.rgb != NULL) {
		int top = fx > 0 ? 1 : 1 + n + 1;
		int h = fx > 0 ? rows : rows - n - 1;

		if (bd_image_box(stdscr, top, fx, h, fw, &u->frame,
		    u->has_box ? u->box : NULL, &u->frame_scaled) == -1)
			put_text(top, fx, fw, "(no room for the frame)");
	} else if (n > 0 && u->frame_why != NULL)
		put_text(fx > 0 ? 1 : 1 + n + 1, fx, fw, u->frame_why);
	snprintf(title, sizeof(title), "vigil-browse  %s: detail",
	    u->info.number != NULL ? u->info.number : "");
	draw_bars(u, title, "detail",
	    "j/k next/previous  c/r confirm/reject  p play  q back");
}

/* A key's name, as the help and the keys file write it. */
static void
keyword_of(int key, char *buf, size_t size)
{
	static const struct {
		int		 key;	/* curses code */
		const char	*name;	/* its name */
	} names[] = {
		{ '\n', "Enter" }, { '\t', "Tab" }, { ' ', "Space" },
		{ KEY_UP, "Up" }, { KEY_DOWN, "Down" }, { KEY_LEFT, "Left" },
		{ KEY_RIGHT, "Right" }, { KEY_PPAGE, "PageUp" },
		{ KEY_NPAGE, "PageDown" }, { KEY_HOME, "Home" },
		{ KEY_END, "End" }, { KEY_BACKSPACE, "Backspace" },
		{ KEY_BTAB, "BackTab" }, { 27, "Escape" },
	};
	size_t	i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].key == key) {
			snprintf(buf, size, "%s", names[i].name);
			return;
		}
	if (key < 0x20)
		snprintf(buf, size, "Ctrl-%c", key + 'a' - 1);
	else if (key < 0x7f)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "%s", keyname(key) != NULL ?
		    keyname(key) : "?");
}

/* The help: every action with the keys bound to it, from the table. */
static void
load_help(struct ui *u)
{
	static const char *const cols[] = { "keys", "action", "what it does" };
	const char	*cells[3];
	char		 k[96], one[32];
	size_t		 i, a;

	list_cols(&u->help, "keys", cols, 3);
	for (a = 0; a < NACTIONS; a++) {
		k[0] = '\0';
		for (i = 0; i < nbindings; i++) {
			if (bindings[i].act != actions[a].act ||
			    bindings[i].key == '\r' ||
			    bindings[i].key == KEY_ENTER)
				continue;
			keyword_of(bindings[i].key, one, sizeof(one));
			snprintf(k + strlen(k), sizeof(k) - strlen(k), "%s%s",
			    k[0] != '\0' ? ", " : "", one);
		}
		if (k[0] == '\0')
			continue;	/* unbound */
		cells[0] = k;
		cells[1] = actions[a].name;
		cells[2] = actions[a].help;
		list_add(&u->help, cells, NULL);
	}
}

static void
draw(struct ui *u)
{
	char	where[64];

	erase();
	switch (u->screen) {
	case S_CASES:
		draw_list(u, &u->cases);
		snprintf(where, sizeof(where), "cases %zu/%zu",
		    u->cases.nrows > 0 ? u->cases.cur + 1 : 0, u->cases.nrows);
		draw_bars(u, "vigil-browse  cases", where, u->cases.nrows > 0 ?
		    "Enter open  / search  ? help  q quit" :
		    "no cases (vigil-case new)  ? help  q quit");
		break;
	case S_CASE:
		draw_case(u);
		break;
	case S_MAP:
		draw_map(u);
		break;
	case S_DETAIL:
		draw_detail(u);
		break;
	case S_HELP:
		draw_list(u, &u->help);
		draw_bars(u, "vigil-browse  keys (change them in"
		    " ~/.config/vigil/keys)", "help", "q back");
		break;
	}
	refresh();
}

/* Actions */

static int
row_matches(struct list *l, size_t r, const char *s)
{
	size_t	c;

	for (c = 0; c < l->ncols; c++)
		if (strstr(l->rows[r][c], s) != NULL)
			return 1;
	return 0;
}

static void
search(struct ui *u, int dir)
{
	struct list	*l = current(u);
	size_t		 i, r;

	if (l == NULL || u->search == NULL || u->search[0] == '\0' ||
	    l->nrows == 0) {
		if (u->search == NULL)
			say(u, "no search yet: / to search");
		return;
	}
	if (l == &u->panes[P_TIMELINE]) {
		tl_search(u, dir);
		return;
	}
	for (i = 1; i <= l->nrows; i++) {
		r = dir > 0 ? (l->cur + i) % l->nrows :
		    (l->cur + l->nrows - i % l->nrows) % l->nrows;
		if (row_matches(l, r, u->search)) {
			if ((dir > 0 && r <= l->cur) || (dir < 0 && r >= l->cur))
				say(u, "search wrapped: %s", u->search);
			else
				say(u, "/%s", u->search);
			l->cur = r;
			return;
		}
	}
	say(u, "not found: %s", u->search);
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

static int
search_row(const struct vg_row *r, void *arg)
{
	struct tlsearch	*ts = arg;
	struct page	 one;
	size_t		 c;
	int		 match = 0, i, rc = 0;

	memset(&one, 0, sizeof(one));
	one.u = ts->u;
	if (page_row(r, &one) != 0 || one.n == 0) {
		page_free(&one, 0);
		return 0;
	}
	for (c = 0; c < TLCOLS && !match; c++)
		if (strstr(one.cells[0][c], ts->u->search) != NULL)
			match = 1;
	if (match) {
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
static void
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

/* The hop the action is about: the selected one of the path, map or detail. */
static struct hopinfo *
selected_hop(struct ui *u)
{
	if (u->c == NULL || u->nhops == 0)
		return NULL;
	if (u->screen == S_MAP || (u->screen == S_DETAIL &&
	    u->pane != P_TIMELINE) || (u->screen == S_CASE &&
	    u->pane == P_PATH && !u->showing_others))
		return u->panes[P_PATH].cur < u->nhops ?
		    &u->hops[u->panes[P_PATH].cur] : NULL;
	return NULL;
}

static void
save_path(struct ui *u)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_path	 cp;
	char			 touched[256], anchor[160];
	int64_t			 id;
	size_t			 i;

	if (u->nhops == 0)
		return;
	memset(&cp, 0, sizeof(cp));
	cp.officer = u->officer;
	snprintf(anchor, sizeof(anchor), "%s",
	    u->hops[u->paths[0].anchor].ref);
	cp.anchor = anchor;
	cp.hops = xcalloc(u->nhops, sizeof(*cp.hops));
	cp.nhops = u->nhops;
	for (i = 0; i < u->nhops; i++) {
		const struct vg_hop *h = u->hops[i].hop;

		cp.hops[i].n = (int)i + 1;
		cp.hops[i].device = u->g.dev[h->obs.dev].code;
		cp.hops[i].type = h->obs.type == VG_ROW_GATE ? "gate" :
		    "camera";
		cp.hops[i].track = h->obs.track;
		cp.hops[i].first = h->obs.first;
		cp.hops[i].last = h->obs.type == VG_ROW_GATE ? VG_TIME_NONE :
		    h->obs.last;
		cp.hops[i].transit = h->transit;
		cp.hops[i].confidence = h->confidence;
		cp.hops[i].person = h->obs.person;
	}
	snprintf(touched, sizeof(touched), "path re-planned and saved: %zu"
	    " hops from %s", u->nhops, anchor);
	if (vg_case_begin(u->c, &e) == -1 ||
	    vg_case_save_path(u->c, &cp, &id, &e) == -1 ||
	    vg_case_commit(u->c, &(struct vg_case_act){ u->officer,
	    "vigil-browse", "", touched, NULL }, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
	}
	free(cp.hops);
}

static void
decide(struct ui *u, int confirm)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_decision	 d;
	struct hopinfo		*h = selected_hop(u);
	char			 ref[160], touched[200], prompt[256], *why;
	size_t			 keep;

	if (u->c == NULL) {
		say(u, "open a case first");
		return;
	}
	if (u->screen == S_CASE && u->pane == P_PATH && u->showing_others) {
		struct list *l = &u->others;

		if (l->nrows == 0)
			return;
		snprintf(ref, sizeof(ref), "%s", (const char *)l->data[l->cur]);
	} else if (h != NULL)
		snprintf(ref, sizeof(ref), "%s", h->ref);
	else {
		say(u, "select a hop of the path (Tab to the path)");
		return;
	}
	snprintf(prompt, sizeof(prompt), "%s %s, because: ",
	    confirm ? "confirm" : "reject", ref);
	if ((why = read_line(u, prompt, NULL)) == NULL)
		return;
	if (why[0] == '\0') {
		say(u, "not decided: a decision needs a reason");
		free(why);
		return;
	}
	memset(&d, 0, sizeof(d));
	d.hop = ref;
	d.verdict = confirm ? "confirm" : "reject";
	d.why = why;
	d.officer = u->officer;
	snprintf(touched, sizeof(touched), "hop %s %s", ref, confirm ?
	    "confirmed" : "rejected");
	if (vg_case_begin(u->c, &e) == -1 || vg_case_decide(u->c, &d,
	    NULL, &e) == -1 || vg_case_commit(u->c, &(struct vg_case_act){
	    u->officer, "vigil-browse", "", touched, NULL }, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		free(why);
		return;
	}
	free(why);
	keep = u->panes[P_PATH].cur;
	u->showing_others = 0;
	reload_case(u);
	save_path(u);
	load_small_panes(u);
	u->panes[P_PATH].cur = keep < u->nhops ? keep : 0;
	tl_remark(u);
	say(u, "%s: the path is re-planned, %zu hops", touched, u->nhops);
}

static void
show_others(struct ui *u)
{
	static const char *const cols[] = { "candidate", "time", "share" };
	struct hopinfo	*h = selected_hop(u);
	const char	*cells[3];
	char		 ref[160], t[VG_TIME_BUFSZ], sh[16], title[200];
	size_t		 i;

	if (u->showing_others) {
		u->showing_others = 0;
		return;
	}
	if (h == NULL) {
		say(u, "select a hop of the path");
		return;
	}
	snprintf(title, sizeof(title), "others of hop %zu",
	    (size_t)(h - u->hops) + 1);
	list_cols(&u->others, title, cols, 3);
	u->others.owns = 1;
	for (i = 0; i < h->hop->nalt; i++) {
		struct vg_hop	tmp;

		memset(&tmp, 0, sizeof(tmp));
		tmp.obs = h->hop->alt[i];
		hop_ref(u, &tmp, ref, sizeof(ref));
		vg_time_format(u->tz, h->hop->alt[i].first, t, sizeof(t));
		snprintf(sh, sizeof(sh), "%.0f%%", h->hop->altconf[i] * 100);
		cells[0] = ref;
		cells[1] = time_of_day(t);
		cells[2] = sh;
		list_add(&u->others, cells, xstrdup(ref));
	}
	if (u->others.nrows == 0) {
		say(u, "hop %zu has no other candidate", (size_t)(h - u->hops)
		    + 1);
		return;
	}
	u->showing_others = 1;
	say(u, "c confirms the candidate selected (and re-plans); o goes"
	    " back to the path");
}

static void
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

static void
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

/* Cut the selected hop's clip into the case's clips/; its path in *out. */
static int
cut_hop(struct ui *u, char **out)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_clip_opts	 o;
	struct vg_clip		 c;
	struct hopinfo		*h = selected_hop(u);
	char			*dir, t[VG_TIME_BUFSZ], hex[VG_SHA256_HEX];
	char			 touched[PATH_MAX + 64], digests[PATH_MAX + 90];
	struct stat		 sb;
	uint64_t		 size;
	size_t			 n;
	int			 rc;

	*out = NULL;
	if (h == NULL || h->hop->obs.type == VG_ROW_GATE) {
		say(u, "select a camera hop of the path");
		return -1;
	}
	/* clips/ of the case, never through a link planted there */
	if (vg_case_subdir(u->c, "clips", &dir, &e) == -1) {
		n = strlen(vg_case_path(u->c));
		if (e.msg[0] == '\'' && strncmp(e.msg + 1, vg_case_path(u->c),
		    n) == 0 && e.msg[n + 1] == '/')
			say(u, "no clip: '%s", e.msg + n + 2);	/* in the case */
		else
			say(u, "%s", e.msg);
		vg_error_clear(&e);
		return -1;
	}
	vg_time_format(u->tz, h->hop->obs.first, t, sizeof(t));
	xasprintf(out, "%s/%02zu-%.2s%.2s%.2s-%s.mp4", dir,
	    (size_t)(h - u->hops) + 1, t + 11, t + 14, t + 17,
	    u->g.dev[h->hop->obs.dev].code);
	free(dir);
	if (lstat(*out, &sb) == 0) {
		if (S_ISREG(sb.st_mode))
			return 0;	/* cut before */
		say(u, "'%s': not a file vigil wrote: not used", *out);
		free(*out);
		*out = NULL;
		return -1;
	}
	memset(&o, 0, sizeof(o));
	rc = vg_clip_plan(u->ar, u->g.dev[h->hop->obs.dev].code, u->root,
	    h->hop->obs.first - 5 * US, h->hop->obs.last + 5 * US, &c, &e);
	if (rc == 0)
		rc = vg_clip_write(&c, *out, &o, &e);
	vg_clip_free(&c);
	if (rc == -1 || vg_hash_file(*out, hex, &size, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		free(*out);
		*out = NULL;
		return -1;
	}
	snprintf(touched, sizeof(touched), "archive %s read; clip of hop %zu"
	    " written", u->archive, (size_t)(h - u->hops) + 1);
	snprintf(digests, sizeof(digests), "sha256:%s %s", hex, *out);
	log_action(u, touched, digests);
	say(u, "clip written into the case: %s", *out +
	    strlen(vg_case_path(u->c)) + 1);
	return 0;
}

/* Find a program on PATH, or NULL. */
static char *
which(const char *name)
{
	const char	*path = getenv("PATH"), *p, *end;
	char		*full;

	if (strchr(name, '/') != NULL)
		return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
	for (p = path != NULL ? path : "/usr/bin:/bin"; *p != '\0';
	    p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ":");
		xasprintf(&full, "%.*s/%s", (int)(end - p), p, name);
		if (access(full, X_OK) == 0)
			return full;
		free(full);
	}
	return NULL;
}

/* A path as the officer is shown it: under the current folder, relative. */
static const char *
shown_path(const char *path)
{
	static char	cwd[PATH_MAX];
	size_t		n;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return path;
	n = strlen(cwd);
	if (strncmp(path, cwd, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/*
 * Play the hop's clip: with no display (neither DISPLAY nor WAYLAND_DISPLAY)
 * say where the clip is; else run the player in the background, in a
 * session of its own (Ctrl-C in the browser does not reach it), told to
 * exit at the end of the clip, and reaped at once (it is a grandchild).
 */
static void
play(struct ui *u)
{
	const char	*player = getenv("VIGIL_PLAYER"), *d, *base;
	char		*clip, *prog = NULL, touched[PATH_MAX + 32];
	pid_t		 pid;
	int		 status, fd;

	if (cut_hop(u, &clip) == -1)
		return;
	if (((d = getenv("DISPLAY")) == NULL || *d == '\0') &&
	    ((d = getenv("WAYLAND_DISPLAY")) == NULL || *d == '\0')) {
		say(u, "no display to play on: %s", shown_path(clip));
		free(clip);
		return;
	}
	if (player != NULL && *player != '\0')
		prog = which(player);
	if (prog == NULL && (prog = which("mpv")) == NULL &&
	    (prog = which("ffplay")) == NULL) {
		say(u, "no player: set VIGIL_PLAYER, or install mpv or ffplay;"
		    " the clip is %s", clip);
		free(clip);
		return;
	}
	base = strrchr(prog, '/') != NULL ? strrchr(prog, '/') + 1 : prog;
	if ((pid = fork()) == 0) {
		if (fork() != 0)
			_exit(0);
		(void)setsid();
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, STDIN_FILENO);
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		if (strcmp(base, "ffplay") == 0)
			execl(prog, prog, "-autoexit", "-loglevel", "quiet",
			    clip, (char *)NULL);
		else if (strcmp(base, "mpv") == 0)
			execl(prog, prog, "--really-quiet", "--keep-open=no",
			    clip, (char *)NULL);
		else
			execl(prog, prog, clip, (char *)NULL);
		_exit(127);
	}
	if (pid == -1) {
		say(u, "cannot run %s: %s", prog, strerror(errno));
		free(prog);
		free(clip);
		return;
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	snprintf(touched, sizeof(touched), "clip %s played", clip);
	log_action(u, touched, NULL);
	say(u, "playing %s in %s, in the background", clip +
	    strlen(vg_case_path(u->c)) + 1, base);
	free(prog);
	free(clip);
}

/* A folder as typed: "~" and "~/..." are the home folder ($HOME). */
static char *
expand_home(const char *s)
{
	const char	*home = getenv("HOME");
	char		*out;

	if (s[0] == '~' && (s[1] == '/' || s[1] == '\0') && home != NULL &&
	    *home != '\0') {
		xasprintf(&out, "%s%s", home, s + 1);
		return out;
	}
	return xstrdup(s);
}

/*
 * The folder offered for an export: ~/NUMBER-YYYYMMDD in the zone, or
 * with -2, -3... when that exists.
 */
static char *
export_default(struct ui *u)
{
	char		 day[VG_TIME_BUFSZ], *shown, *full;
	struct stat	 sb;
	int		 i;

	vg_time_format(u->tz, vg_now(), day, sizeof(day));
	for (i = 1;; i++) {
		if (i == 1)
			xasprintf(&shown, "~/%s-%.4s%.2s%.2s", u->info.number,
			    day, day + 5, day + 8);
		else
			xasprintf(&shown, "~/%s-%.4s%.2s%.2s-%d",
			    u->info.number, day, day + 5, day + 8, i);
		full = expand_home(shown);
		if (lstat(full, &sb) == -1 || i == 99) {
			free(full);
			return shown;
		}
		free(full);
		free(shown);
	}
}

/*
 * Whether dest can be made: it does not exist and its folder does;
 * otherwise a message that names what the officer typed, never the
 * exporter's staging folder.
 */
static int
export_check(struct ui *u, const char *typed, const char *dest)
{
	struct stat	 sb;
	char		*parent, *slash;
	int		 rc = 0;

	if (lstat(dest, &sb) == 0) {
		say(u, "not exported: '%s' exists (a bundle is never"
		    " overwritten)", typed);
		return -1;
	}
	parent = xstrdup(dest);
	if ((slash = strrchr(parent, '/')) != NULL) {
		*slash = '\0';
		if (parent[0] == '\0')
			snprintf(parent, 2, "/");
	} else
		snprintf(parent, 2, ".");
	slash = strrchr(typed, '/');
	if (stat(parent, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		say(u, "not exported: there is no folder '%.*s'", slash !=
		    NULL ? (int)(slash - typed) : 1, slash != NULL ? typed :
		    ".");
		rc = -1;
	} else if (access(parent, W_OK) == -1) {
		say(u, "not exported: '%.*s': %s", slash != NULL ?
		    (int)(slash - typed) : 1, slash != NULL ? typed : ".",
		    strerror(errno));
		rc = -1;
	}
	free(parent);
	return rc;
}

/* Export the case by running vigil-export, showing that it works. */
static void
export_case(struct ui *u, const char *self)
{
	char		*dest, *prog = NULL, *dir, line[512], last[160], *typed;
	char		*stage;
	char		 errline[512] = "", *nl;
	const char	*spin = "|/-\\";
	int		 fd[2], status, n = 0;
	ssize_t		 r;
	size_t		 got = 0;
	pid_t		 pid;

	if (u->c == NULL) {
		say(u, "open a case first");
		return;
	}
	dir = export_default(u);
	typed = read_line(u, "export the case to the folder: ", dir);
	free(dir);
	if (typed == NULL)
		return;
	if (typed[0] == '\0') {
		free(typed);
		return;
	}
	dest = expand_home(typed);
	if (export_check(u, typed, dest) == -1) {
		free(typed);
		free(dest);
		return;
	}
	dir = xstrdup(self);
	if (strrchr(dir, '/') != NULL) {
		*strrchr(dir, '/') = '\0';
		xasprintf(&prog, "%s/vigil-export", dir);
		if (access(prog, X_OK) == -1) {
			free(prog);
			prog = NULL;
		}
	}
	free(dir);
	if (prog == NULL && (prog = which("vigil-export")) == NULL) {
		say(u, "vigil-export is not installed");
		free(typed);
		free(dest);
		return;
	}
	if (pipe(fd) == -1 || (pid = fork()) == -1) {
		say(u, "cannot run vigil-export: %s", strerror(errno));
		free(typed);
		free(dest);
		free(prog);
		return;
	}
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDOUT_FILENO);
		dup2(fd[1], STDERR_FILENO);
		if (u->root != NULL)
			execl(prog, prog, "-c", vg_case_path(u->c), "--officer",
			    u->officer, "-r", u->root, "-A", u->archive,
			    "--progress", "-q", "-o", dest, (char *)NULL);
		else
			execl(prog, prog, "-c", vg_case_path(u->c), "--officer",
			    u->officer, "-A", u->archive, "--progress", "-q",
			    "-o", dest, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	line[0] = '\0';
	last[0] = '\0';
	for (;;) {
		say(u, "exporting to %s %c %s", typed, spin[n++ % 4], last);
		draw(u);
		r = read(fd[0], line + got, sizeof(line) - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
		line[got] = '\0';
		/* the last whole "progress: ..." line is what it is doing */
		while ((nl = strchr(line, '\n')) != NULL) {
			*nl = '\0';
			if (strncmp(line, "progress: ", 10) == 0)
				snprintf(last, sizeof(last), "%.150s",
				    line + 10);
			else
				snprintf(errline, sizeof(errline), "%s", line);
			got -= (size_t)(nl + 1 - line);
			memmove(line, nl + 1, got + 1);
		}
		if (got == sizeof(line) - 1)
			got = 0;	/* a line too long: dropped */
	}
	close(fd[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	line[strcspn(line, "\n")] = '\0';
	if (errline[0] == '\0')
		snprintf(errline, sizeof(errline), "%s", line);
	/* the exporter's private staging folder is no name for the officer */
	if ((stage = strstr(errline, ".vigil-export.")) != NULL) {
		char	*end = stage + strcspn(stage, "/:");

		while (stage > errline && stage[-1] != ' ' && stage[-1] != '\'')
			stage--;
		memmove(stage, "(its folder)", 12);
		memmove(stage + 12, end, strlen(end) + 1);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		say(u, "exported: %s (vigil-verify %s checks it)", typed,
		    typed);
	else
		say(u, "export failed: %s", errline);
	load_small_panes(u);
	free(typed);
	free(dest);
	free(prog);
}

/* Keys */

static int
key_code(const char *s)
{
	static const struct {
		const char	*name;	/* as written in the keys file */
		int		 key;	/* curses code */
	} names[] = {
		{ "Enter", '\n' }, { "Tab", '\t' }, { "Space", ' ' },
		{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT },
		{ "Right", KEY_RIGHT }, { "PageUp", KEY_PPAGE },
		{ "PageDown", KEY_NPAGE }, { "Home", KEY_HOME },
		{ "End", KEY_END }, { "Backspace", KEY_BACKSPACE },
		{ "BackTab", KEY_BTAB }, { "Escape", 27 },
	};
	size_t	i;

	if (s[0] != '\0' && s[1] == '\0' && (unsigned char)s[0] > 0x20 &&
	    (unsigned char)s[0] < 0x7f)
		return s[0];
	if (s[0] == '^' && s[1] != '\0' && s[2] == '\0' &&
	    isalpha((unsigned char)s[1]))
		return CTRL(s[1]);
	if (strncmp(s, "Ctrl-", 5) == 0 && s[5] != '\0' && s[6] == '\0' &&
	    isalpha((unsigned char)s[5]))
		return CTRL(s[5]);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].key;
	return -1;
}

/*
 * The keys file: lines "bind KEY ACTION" (or "unbind KEY"), '#' starts a
 * comment.  Problems are reported, not fatal.
 */
static void
load_keys(struct ui *u)
{
	const char	*p;
	char		 path[PATH_MAX], line[256], k[64], a[64], act[64];
	FILE		*fp;
	size_t		 i, j;
	int		 lineno = 0, key, n;

	if ((p = getenv("VIGIL_KEYS")) != NULL)
		snprintf(path, sizeof(path), "%s", p);
	else if ((p = getenv("XDG_CONFIG_HOME")) != NULL && *p == '/')
		snprintf(path, sizeof(path), "%s/vigil/keys", p);
	else if ((p = getenv("HOME")) != NULL)
		snprintf(path, sizeof(path), "%s/.config/vigil/keys", p);
	else
		return;
	if ((fp = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		line[strcspn(line, "#\n")] = '\0';
		n = sscanf(line, "%63s %63s %63s", a, k, act);
		if (n <= 0)
			continue;
		if (n == 2 && strcmp(a, "unbind") == 0) {
			if ((key = key_code(k)) == -1)
				goto bad;
			for (i = 0; i < nbindings; i++)
				if (bindings[i].key == key)
					bindings[i].act = K_NONE;
			continue;
		}
		if (n != 3 || strcmp(a, "bind") != 0 ||
		    (key = key_code(k)) == -1)
			goto bad;
		for (j = 0; j < NACTIONS; j++)
			if (strcmp(actions[j].name, act) == 0)
				break;
		if (j == NACTIONS)
			goto bad;
		for (i = 0; i < nbindings && bindings[i].key != key; i++)
			;
		if (i == nbindings) {
			if (nbindings == MAXBIND)
				goto bad;
			nbindings++;
		}
		bindings[i].key = key;
		bindings[i].act = actions[j].act;
		continue;
bad:
		say(u, "%s, line %d: not 'bind KEY ACTION' or 'unbind KEY'"
		    " (see vigil-browse(1))", path, lineno);
	}
	fclose(fp);
}

static enum act
act_of(int key)
{
	size_t	i;

	for (i = 0; i < nbindings; i++)
		if (bindings[i].key == key)
			return bindings[i].act;
	return K_NONE;
}

static void
move_in(struct ui *u, struct list *l, long delta)
{
	int	timeline = l == &u->panes[P_TIMELINE];

	if (l->nrows == 0)
		return;
	if (delta > 0) {
		if (timeline && l->cur + (size_t)delta >= l->nrows) {
			tl_more(u, 1);
			l = &u->panes[P_TIMELINE];
		}
		l->cur = l->cur + (size_t)delta < l->nrows ? l->cur +
		    (size_t)delta : l->nrows - 1;
	} else {
		if (timeline && (size_t)-delta > l->cur) {
			tl_more(u, 0);
			l = &u->panes[P_TIMELINE];
		}
		l->cur = (size_t)-delta <= l->cur ? l->cur - (size_t)-delta :
		    0;
	}
}

/* Opening what is selected: a case, or a detail. */
static void
open_selected(struct ui *u)
{
	struct list	*l = current(u);

	switch (u->screen) {
	case S_CASES:
		if (l->nrows > 0)
			(void)open_case(u, l->data[l->cur]);
		break;
	case S_CASE:
		if (u->pane == P_TIMELINE || (u->pane == P_PATH &&
		    !u->showing_others)) {
			if (l->nrows == 0)
				break;
			u->back = S_CASE;
			u->screen = S_DETAIL;
		}
		break;
	case S_MAP:
		u->back = S_MAP;
		u->pane = P_PATH;
		u->screen = S_DETAIL;
		break;
	default:
		break;
	}
}

/* One key; returns 0 to go on, 1 to quit. */
static int
handle(struct ui *u, enum act a, const char *self)
{
	struct list	*l = current(u);
	char		*s;
	int64_t		 at;
	int		 half = rows_shown() / 2 > 0 ? rows_shown() / 2 : 1;

	u->msg[0] = u->screen == S_HELP ? u->msg[0] : '\0';
	switch (a) {
	case K_QUIT:
		return 1;
	case K_BACK:
		switch (u->screen) {
		case S_CASES:
			return 1;
		case S_CASE:
			if (u->showing_others) {
				u->showing_others = 0;
				break;
			}
			close_case(u);
			u->screen = S_CASES;
			break;
		case S_MAP:
		case S_DETAIL:
			u->screen = u->back == S_MAP && u->screen ==
			    S_DETAIL ? S_MAP : S_CASE;
			if (u->screen == S_CASE && u->c == NULL)
				u->screen = S_CASES;
			break;
		case S_HELP:
			u->screen = u->back;
			break;
		}
		break;
	case K_HELP:
		if (u->screen != S_HELP) {
			load_help(u);
			u->back = u->screen;
			u->screen = S_HELP;
		}
		break;
	case K_DOWN:
	case K_UP:
	case K_PGDN:
	case K_PGUP:
		if (u->screen == S_MAP || u->screen == S_DETAIL) {
			/* the next hop, or the next row */
			l = u->screen == S_MAP || u->pane == P_PATH ?
			    &u->panes[P_PATH] : &u->panes[u->pane];
		}
		if (l != NULL)
			move_in(u, l, a == K_DOWN ? 1 : a == K_UP ? -1 :
			    a == K_PGDN ? half : -half);
		break;
	case K_TOP:
		if (l == &u->panes[P_TIMELINE])
			tl_end(u, 0);
		else if (l != NULL)
			l->cur = 0;
		break;
	case K_BOTTOM:
		if (l == &u->panes[P_TIMELINE])
			tl_end(u, 1);
		else if (l != NULL && l->nrows > 0)
			l->cur = l->nrows - 1;
		break;
	case K_OPEN:
		open_selected(u);
		break;
	case K_NEXTPANE:
	case K_PREVPANE:
		if (u->screen == S_CASE) {
			u->showing_others = 0;
			u->pane = (enum pane)((u->pane + (a == K_NEXTPANE ? 1 :
			    NPANES - 1)) % NPANES);
		}
		break;
	case K_SEARCH:
		if (l == NULL)
			break;
		if ((s = read_line(u, "/", NULL)) == NULL)
			break;
		if (s[0] != '\0') {
			free(u->search);
			u->search = s;
		} else
			free(s);
		search(u, 1);
		break;
	case K_NEXT:
	case K_PREV:
		search(u, a == K_NEXT ? 1 : -1);
		break;
	case K_PROMPT:
		if (u->ar == NULL) {
			say(u, "no archive: open a case, or give -A");
			break;
		}
		if ((s = read_line(u, ":", NULL)) == NULL)
			break;
		if (s[0] != '\0')
			run_prompt(u, s);
		free(s);
		break;
	case K_INCIDENT:
		if (u->c == NULL)
			break;
		vg_query_init(&u->tl.q);
		free(u->tl.what);
		u->tl.what = NULL;
		tl_window(u, &at);
		tl_open(u, at);
		u->pane = P_TIMELINE;
		u->screen = S_CASE;
		say(u, "the incident's timeline: %lld rows",
		    (long long)u->tl_total);
		break;
	case K_GOTO:
		if (u->c == NULL)
			break;
		if ((s = read_line(u, "go to the time: ", NULL)) == NULL)
			break;
		if (s[0] != '\0' && prompt_time(u, s, &at) == -1)
			say(u, "'%s' is not a time (21:13, 21:13:05,"
			    " 2018-11-20 21:13)", s);
		else if (s[0] != '\0') {
			if (at < u->tl.from || at > u->tl.to) {
				u->tl.from = at - WINDOW_US;	/* the window */
				u->tl.to = at + WINDOW_US;	/* moves */
			}
			tl_open(u, at);
			u->pane = P_TIMELINE;
			u->screen = S_CASE;
			say(u, "at %s", s);
		}
		free(s);
		break;
	case K_MAP:
		if (u->c != NULL && u->screen != S_MAP) {
			u->back = u->screen == S_DETAIL ? u->back : u->screen;
			u->screen = S_MAP;
		}
		break;
	case K_CONFIRM:
	case K_REJECT:
		decide(u, a == K_CONFIRM);
		break;
	case K_OTHERS:
		if (u->screen == S_CASE && u->pane == P_PATH)
			show_others(u);
		break;
	case K_NOTE:
		add_note(u);
		break;
	case K_ITEM:
		add_item(u);
		break;
	case K_CLIP:
		if (u->c != NULL && cut_hop(u, &s) == 0)
			free(s);
		break;
	case K_EXPORT:
		export_case(u, self);
		break;
	case K_PLAY:
		if (u->c != NULL)
			play(u);
		break;
	case K_LEFT:
	case K_RIGHT:
		if (u->screen == S_MAP)
			bd_map_pan(&u->view, 0, a == K_LEFT ? -COLS / 8 :
			    COLS / 8);
		break;
	case K_PANUP:
	case K_PANDOWN:
		if (u->screen == S_MAP)
			bd_map_pan(&u->view, a == K_PANUP ? -LINES / 6 :
			    LINES / 6, 0);
		break;
	case K_ZOOMIN:
	case K_ZOOMOUT:
		if (u->screen != S_MAP)
			break;
		/* in on the selection, not the site's centre */
		if (a == K_ZOOMIN && u->panes[P_PATH].cur < u->nhops)
			(void)bd_map_center(&u->view, u->site, u->g.dev[
			    u->hops[u->panes[P_PATH].cur].hop->obs.dev].code);
		bd_map_zoom(&u->view, a == K_ZOOMIN ? 0.5 : 2.0);
		break;
	case K_FIT:
		if (u->screen == S_MAP)
			u->view_set = 0;
		break;
	case K_REDRAW:
		clearok(curscr, TRUE);
		break;
	case K_NONE:
		break;
	}
	/* the map follows the hop */
	if (u->screen == S_MAP && (a == K_DOWN || a == K_UP) &&
	    u->panes[P_PATH].cur < u->nhops)
		(void)bd_map_center(&u->view, u->site,
		    u->g.dev[u->hops[u->panes[P_PATH].cur].hop->obs.dev].code);
	return 0;
}

/*
 * A click: on a row of a list, selects it (a second click on the row
 * selected opens it); on a pane's name in the title bar, shows the pane.
 */
static void
click(struct ui *u, const MEVENT *ev)
{
	struct list	*l = current(u);
	size_t		 r, i;
	int		 x;

	if (!(ev->bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	if (u->screen == S_CASE && ev->y == 0) {
		for (i = 0, x = 0; i < NPANES; i++) {
			x += (int)strlen(pane_names[i]) + 3;
			if (ev->x < x) {
				u->showing_others = 0;
				u->pane = (enum pane)i;
				return;
			}
		}
		return;
	}
	if (l == NULL || ev->y < 2 || ev->y >= 2 + rows_shown())
		return;
	r = l->top + (size_t)(ev->y - 2);
	if (r >= l->nrows)
		return;
	if (r == l->cur && u->screen != S_HELP)
		open_selected(u);
	else
		l->cur = r;
}

static void
open_archive(struct ui *u, const char *path)
{
	struct vg_error	e = { 0, NULL };

	if (vg_archive_open(path, VG_ARCHIVE_RDONLY, &u->ar, &e) == -1)
		die("%s", e.msg);
	if (vg_archive_tz(u->ar) == NULL)
		die("'%s': no site description imported", path);
	if (u->tz == NULL)
		u->tz = vg_archive_tz(u->ar);
	if (vg_archive_site(u->ar, &u->site, &e) == -1 ||
	    vg_ar_graph(u->ar, &u->g, &e) == -1)
		die("%s", e.msg);
	u->archive = path;
}

enum { OPT_OFFICER = 256 };	/* the long options without a letter */

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive",	required_argument,	NULL, 'A' },
		{ "case",	required_argument,	NULL, 'c' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "officer",	required_argument,	NULL, OPT_OFFICER },
		{ "root",	required_argument,	NULL, 'r' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "zone",	required_argument,	NULL, 'z' },
		{ NULL,		0,			NULL, 0 }
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_case_info	 ci;
	struct ui		 u;
	const char		*archive = NULL, *casearg = NULL;
	const char		*officer = NULL, *zone = NULL;
	char			*dir, *casearch = NULL;
	wint_t			 ch;
	double			 t0;
	const char		*p;
	int			 ch2, rc, first;

	t0 = now_ms();
	memset(&u, 0, sizeof(u));
	if ((p = getenv("VIGIL_BROWSE_TIMING")) != NULL && *p != '\0' &&
	    (timing = fopen(p, "a")) == NULL)
		err(TOOL_EXIT_FAIL, "%s", p);
	while ((ch2 = getopt_long(argc, argv, "A:c:hr:Vz:", longopts,
	    NULL)) != -1) {
		switch (ch2) {
		case 'A':
			archive = optarg;
			break;
		case 'c':
			casearg = optarg;
			break;
		case 'h':
			usage(TOOL_EXIT_OK);
		case 'r':
			u.root = optarg;
			break;
		case 'V':
			tool_version();
		case 'z':
			zone = optarg;
			break;
		case OPT_OFFICER:
			officer = optarg;
			break;
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	if (optind != argc)
		usage(TOOL_EXIT_USAGE);
	setlocale(LC_ALL, "");
	av_log_set_level(AV_LOG_QUIET);
	u.officer = tool_officer(officer);
	if (zone != NULL)
		u.tz = tool_zone(zone);
	if (casearg != NULL && u.officer == NULL)
		errx(TOOL_EXIT_FAIL, "no officer: a case is only opened by a"
		    " named officer (give --officer NAME or set VIGIL_OFFICER)");
	/* the archive: -A, else the case's, else VIGIL_ARCHIVE */
	if (archive == NULL && casearg != NULL) {
		dir = tool_case_dir(casearg);
		if (vg_case_info_read(dir, &ci, &e) == -1)
			tool_fail(&e);
		archive = casearch = xstrdup(ci.archive);
		vg_case_info_free(&ci);
		free(dir);
	}
	if (archive == NULL)
		archive = getenv("VIGIL_ARCHIVE");
	if (archive == NULL || *archive == '\0')
		errx(TOOL_EXIT_USAGE, "no archive: give -A ARCHIVE, -c CASE"
		    " or set VIGIL_ARCHIVE");
	open_archive(&u, archive);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		errx(TOOL_EXIT_USAGE, "the browser needs a terminal");

	ui_now = &u;
	atexit(ui_end);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGQUIT, on_signal);
	initscr();
	u.curses = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	mouseinterval(0);
	bd_color_init();
	while (nbindings < MAXBIND && bindings[nbindings].key != 0)
		nbindings++;
	load_keys(&u);
	load_cases(&u);
	u.screen = S_CASES;
	if (casearg != NULL && open_case(&u, casearg) == -1) {
		ui_end();
		errx(TOOL_EXIT_FAIL, "%s", u.msg);
	}
	for (first = 1;; first = 0) {
		draw(&u);
		if (timing != NULL) {	/* start to the first full screen, */
			fprintf(timing, "%s %.3f\n", first ? "open" : "key",
			    now_ms() - t0);	/* then each key to its screen */
			fflush(timing);
		}
		rc = get_wch(&ch);
		t0 = now_ms();
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			u.view_set = 0;
			continue;
		}
		if (rc == KEY_CODE_YES && ch == KEY_MOUSE) {
			MEVENT	ev;

			u.msg[0] = '\0';
			if (getmouse(&ev) == OK)
				click(&u, &ev);
			continue;
		}
		if (handle(&u, act_of((int)ch), argv[0]))
			break;
	}
	ui_end();
	ui_now = NULL;		/* u ends with main, before the atexit call */
	close_case(&u);
	list_free(&u.cases);
	list_free(&u.help);
	list_free(&u.others);
	free(u.tl.what);
	bd_image_cache_free(&u.frame_scaled);
	vg_image_free(&u.frame);
	free(u.frame_why);
	free(u.search);
	free(casearch);
	vg_graph_free(&u.g);
	vg_site_free(u.site);
	vg_archive_close(u.ar);
	return tool_close_stdout();
}
