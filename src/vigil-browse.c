/* vigil-browse: the case browser: cases, a case's timeline, path, subjects, notes and custody log, the map, frames */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>
#include <libavutil/log.h>

#include "browse.h"

static const struct view *const views[NSCREENS] = {
	[S_CASES] = &view_cases, [S_CASE] = &view_case, [S_MAP] = &view_map,
	[S_DETAIL] = &view_detail, [S_HELP] = &view_help,
	[S_LIKE] = &view_like, [S_ANOMALIES] = &view_anomalies,
	[S_ITEMS] = &view_items,
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

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil-browse [-hV] [-A archive] [-c case] [-r root]"
	    " [-z zone]\n"
	    "                    [--exact | --index] [--officer name]\n");
	exit(status);
}

/* Show another screen: the one shown is left, the new one entered. */
void
show(struct ui *u, enum scr s)
{
	if (s == u->screen)
		return;
	if (views[u->screen]->leave != NULL)
		views[u->screen]->leave(u);
	u->screen = s;
	if (views[s]->enter != NULL)
		views[s]->enter(u);
}

/* The list on screen now, or NULL. */
struct list *
current(struct ui *u)
{
	return views[u->screen]->list != NULL ? views[u->screen]->list(u) :
	    NULL;
}

void
draw(struct ui *u)
{
	erase();
	set_foot(NULL);
	views[u->screen]->draw(u);
	refresh();
}

/*
 * The live filter of the list shown, as a key is typed: the timeline's
 * over a bounded part of its window (its whole window at Enter).
 */
static void
filter_live(struct ui *u, const char *s)
{
	struct list	*l = current(u);

	if (l == &u->panes[P_TIMELINE])
		tl_filter(u, s, 1);
	else if (l != NULL)
		list_filter(l, s);
}

/* One key: the view's first, then the common ones; returns 1 to quit. */
static int
handle(struct ui *u, enum act a)
{
	const struct view *v = views[u->screen];
	struct list	*l = current(u);
	char		*s;
	int		 rc, half = rows_shown() / 2 > 0 ? rows_shown() / 2 : 1;

	u->msg[0] = u->screen == S_HELP ? u->msg[0] : '\0';
	if (v->key != NULL && (rc = v->key(u, a)) != V_PASS)
		return rc == V_QUIT;
	switch (a) {
	case K_QUIT:
		return 1;
	case K_HELP:
		u->back = u->screen;
		show(u, S_HELP);
		break;
	case K_DOWN:
	case K_UP:
	case K_PGDN:
	case K_PGUP:
		if (l != NULL)
			move_in(u, l, a == K_DOWN ? 1 : a == K_UP ? -1 :
			    a == K_PGDN ? half : -half);
		break;
	case K_TOP:
		if (l == &u->panes[P_TIMELINE])
			tl_end(u, 0);
		else if (l != NULL)
			list_home(l, 0);
		break;
	case K_BOTTOM:
		if (l == &u->panes[P_TIMELINE])
			tl_end(u, 1);
		else if (l != NULL)
			list_home(l, 1);
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
	case K_FILTER:
		if (l == NULL) {
			say(u, "nothing to filter here");
			break;
		}
		s = read_line_live(u, "filter (Escape clears): ",
		    l == &u->panes[P_TIMELINE] ? u->tl.filter : l->filter,
		    filter_live);
		if (s == NULL)
			filter_live(u, NULL);
		else if (l == &u->panes[P_TIMELINE] && u->tl.partial)
			tl_filter(u, s, 0);	/* Enter: the whole window */
		u->tl.live_from = VG_TIME_NONE;
		free(s);
		break;
	case K_CLEAR:
		filter_live(u, NULL);
		break;
	case K_UNDO:
		undo_decision(u);
		break;
	case K_BOOKMARK:
		bm_toggle(u);
		break;
	case K_NEXTMARK:
	case K_PREVMARK:
		bm_jump(u, a == K_NEXTMARK ? 1 : -1);
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
		tl_incident(u);
		break;
	case K_LIKE:
		look_alikes(u);
		break;
	case K_ANOMALIES:
		if (u->screen != S_ANOMALIES && u->screen != S_HELP) {
			u->an_back = u->screen;
			show(u, S_ANOMALIES);
		}
		break;
	case K_ITEMS:
		if (u->c == NULL)
			say(u, "open a case first: its items are listed");
		else if (u->screen != S_ITEMS && u->screen != S_HELP) {
			u->items_back = u->screen == S_DETAIL ||
			    u->screen == S_MAP ? S_CASE : u->screen;
			show(u, S_ITEMS);
		}
		break;
	case K_GOTO:
		tl_goto(u);
		break;
	case K_MAP:
		if (u->c != NULL) {
			u->back = u->screen == S_DETAIL ? u->back : u->screen;
			show(u, S_MAP);
		}
		break;
	case K_CONFIRM:
	case K_REJECT:
		decide(u, a == K_CONFIRM);
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
		export_case(u, u->self);
		break;
	case K_PLAY:
		if (u->c != NULL)
			play(u);
		break;
	case K_REDRAW:
		clearok(curscr, TRUE);
		break;
	default:
		break;
	}
	return 0;
}

/*
 * A click: the view's first; on a row of a list, selects it (a second
 * click on the row selected opens it).
 */
static void
click(struct ui *u, const MEVENT *ev)
{
	const struct view *v = views[u->screen];
	struct list	*l = current(u);
	size_t		 r;

	if (!(ev->bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	if (v->mouse != NULL && v->mouse(u, ev))
		return;
	if (l == NULL || ev->y < 2 || ev->y >= 2 + rows_shown())
		return;
	r = list_row_at(l, ev->y - 2);
	if (r >= l->nrows)
		return;
	if (r == l->cur && u->screen != S_HELP)
		(void)handle(u, K_OPEN);
	else
		l->cur = r;
}


static void
open_archive(struct ui *u, const char *path)
{
	struct vg_error	e = { 0, NULL };

	if (vg_archive_open(path, VG_ARCHIVE_RDONLY, &u->ar, &e) == -1)
		die("%s", e.msg);
	/* the site read first: it says why it cannot be (none imported, a
	 * server's role that may not read it) */
	if (vg_archive_site(u->ar, &u->site, &e) == -1)
		die("%s", e.msg);
	if (vg_archive_tz(u->ar) == NULL)
		die("'%s': no site description imported", path);
	if (u->tz == NULL)
		u->tz = vg_archive_tz(u->ar);
	if (vg_ar_graph(u->ar, &u->g, &e) == -1)
		die("%s", e.msg);
	u->noskew = !vg_archive_has(u->ar, VG_HOLDS_CORRECTIONS);
	u->archive = path;
}

enum { OPT_EXACT = 256, OPT_INDEX, OPT_OFFICER, OPT_OLDZONE };	/* long options, no letter */

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive",	required_argument,	NULL, 'A' },
		{ "case",	required_argument,	NULL, 'c' },
		{ "exact",	no_argument,		NULL, OPT_EXACT },
		{ "help",	no_argument,		NULL, 'h' },
		{ "index",	no_argument,		NULL, OPT_INDEX },
		{ "officer",	required_argument,	NULL, OPT_OFFICER },
		{ "root",	required_argument,	NULL, 'r' },
		{ "tz",		required_argument,	NULL, 'z' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "zone",	required_argument,	NULL, OPT_OLDZONE },
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
	int			 ch2, rc, first, ixset = 0;

	t0 = now_ms();
	memset(&u, 0, sizeof(u));
	u.look_index = VG_LOOK_INDEX_LARGE;
	u.self = argv[0];
	if ((p = getenv("VIGIL_BROWSE_TIMING")) != NULL && *p != '\0' &&
	    (timing = fopen(p, "a")) == NULL)
		err(TOOL_EXIT_FAIL, "%s", tool_plain(p));
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
		case OPT_OLDZONE:
			tool_old_option("--zone", "--tz");
			/* FALLTHROUGH */
		case 'z':
			zone = optarg;
			break;
		case OPT_EXACT:
			u.look_index = VG_LOOK_INDEX_NEVER;
			ixset++;
			break;
		case OPT_INDEX:
			u.look_index = VG_LOOK_INDEX_ALWAYS;
			ixset++;
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
	if (ixset > 1) {
		warnx("--exact or --index, not both");
		usage(TOOL_EXIT_USAGE);
	}
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
		tool_case_archive(archive);
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
	keys_init(&u);
	load_cases(&u);
	u.screen = S_CASES;
	if (casearg != NULL && open_case(&u, casearg) == -1) {
		ui_end();
		errx(TOOL_EXIT_FAIL, "%s", tool_plain(u.msg));
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
		if (handle(&u, act_of((int)ch)))
			break;
	}
	ui_end();
	ui_now = NULL;		/* u ends with main, before the atexit call */
	close_case(&u);
	list_free(&u.cases);
	list_free(&u.help);
	list_free(&u.others);
	list_free(&u.like);
	list_free(&u.anomalies);
	list_free(&u.evidence);
	anomalies_free(&u);
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
