/* browse.h: the browser's state, its views and what they share */
#ifndef BROWSE_H
#define BROWSE_H

#include <curses.h>

#include "case.h"
#include "draw.h"
#include "tool.h"

#define US		INT64_C(1000000)	/* microseconds a second */
#define PAGE_ROWS	200			/* timeline rows fetched at once */
#define WINDOW_US	(3600 * US)		/* timeline: an hour each way */
#define MAXCOLS		12			/* columns of a list */
#define CTRL(c)		((c) & 0x1f)

/*
 * What a key does, its name in the keys file and its help: the one list
 * that makes the actions, the keys file's names and the help screen.
 */
#define BROWSE_ACTIONS(A) \
	A(K_DOWN, "down", "move down") \
	A(K_UP, "up", "move up") \
	A(K_TOP, "top", "go to the first line") \
	A(K_BOTTOM, "bottom", "go to the last line") \
	A(K_PGDN, "page-down", "half a page down") \
	A(K_PGUP, "page-up", "half a page up") \
	A(K_OPEN, "open", "open what is selected") \
	A(K_BACK, "back", "go back; quit from the first screen") \
	A(K_QUIT, "quit", "quit") \
	A(K_NEXTPANE, "next-pane", "the next pane of a case") \
	A(K_PREVPANE, "previous-pane", "the pane before") \
	A(K_SEARCH, "search", "search the list (the timeline: all of it)") \
	A(K_NEXT, "next", "the next match (the anomalies: a new case from" \
	    " the one selected, vigil-case new --anomaly)") \
	A(K_PREV, "previous", "the match before") \
	A(K_FILTER, "filter", "narrow the list as you type (the timeline:" \
	    " its whole window)") \
	A(K_CLEAR, "clear-filter", "all the rows again") \
	A(K_BOOKMARK, "bookmark", "bookmark the row or hop, or take the" \
	    " mark off (kept for you, not in the case)") \
	A(K_NEXTMARK, "next-bookmark", "the next bookmark") \
	A(K_PREVMARK, "previous-bookmark", "the bookmark before") \
	A(K_PROMPT, "query", "a vigil-query filter: the timeline of it") \
	A(K_INCIDENT, "incident", "back to the incident's timeline") \
	A(K_GOTO, "goto", "the timeline at a time (21:13, 2018-11-20 21:13)") \
	A(K_HELP, "help", "this list of keys") \
	A(K_MAP, "map", "the site plan with the path") \
	A(K_CONFIRM, "confirm", "confirm the hop (re-plans the path)") \
	A(K_REJECT, "reject", "reject the hop (re-plans the path)") \
	A(K_OTHERS, "others", "the other candidates of the hop") \
	A(K_UNDO, "undo", "undo your last decision (a new decision that" \
	    " says so)") \
	A(K_NOTE, "note", "add a note to the case") \
	A(K_ITEM, "item", "add what is selected to the case's items") \
	A(K_ITEMS, "items", "the case's items, in time order (Enter: the" \
	    " timeline at one)") \
	A(K_CLIP, "clip", "cut the clip of the hop into the case") \
	A(K_EXPORT, "export", "export the case as an evidence bundle") \
	A(K_PLAY, "play", "play the hop's clip ($VIGIL_PLAYER, mpv, ffplay)," \
	    " in the background") \
	A(K_LIKE, "look-alikes", "the sightings of the timeline's window" \
	    " that look like the one selected (the map: pan right)") \
	A(K_ANOMALIES, "anomalies", "the anomalies of the archive, most" \
	    " serious first (vigil-anomaly)") \
	A(K_LEFT, "left", "map: pan left") \
	A(K_RIGHT, "right", "map: pan right") \
	A(K_PANUP, "pan-up", "map: pan up (north)") \
	A(K_PANDOWN, "pan-down", "map: pan down (south)") \
	A(K_ZOOMIN, "zoom-in", "map: zoom in on the selected hop") \
	A(K_ZOOMOUT, "zoom-out", "map: zoom out") \
	A(K_FIT, "fit", "map: the whole site") \
	A(K_REDRAW, "redraw", "draw the screen again")

#define BROWSE_ENUM(k, name, help)	k,
enum act { K_NONE, BROWSE_ACTIONS(BROWSE_ENUM) K_NACTS };
#undef BROWSE_ENUM

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
	char		*filter;	/* rows shown have it in a cell, or NULL */
	unsigned char	*hidden;	/* rows the filter hides */
};

enum pane { P_TIMELINE, P_PATH, P_SUBJECTS, P_NOTES, P_LOG, NPANES };
extern const char *const pane_names[NPANES];

/* The screens, one view each (views[] in vigil-browse.c). */
enum scr { S_CASES, S_CASE, S_MAP, S_DETAIL, S_HELP, S_LIKE, S_ANOMALIES,
	S_ITEMS, NSCREENS };

struct ui;

/* What a view's key function says of a key. */
#define V_PASS		0		/* not taken: the common keys have it */
#define V_DONE		1		/* taken */
#define V_QUIT		2		/* the browser ends */

/*
 * A view, as tig's view_ops: how a screen draws itself, the keys and
 * clicks it takes before the common ones, and what it does when shown
 * and left.  Any may be NULL.
 */
struct view {
	const char	*name;				/* for messages */
	void		(*draw)(struct ui *);		/* the whole screen */
	int		(*key)(struct ui *, enum act);	/* V_PASS, ... */
	int		(*mouse)(struct ui *, const MEVENT *); /* 1: taken */
	void		(*enter)(struct ui *);		/* about to show */
	void		(*leave)(struct ui *);		/* about to hide */
	struct list	*(*list)(struct ui *);		/* its list, or NULL */
};

extern const struct view view_cases, view_case, view_map, view_detail,
	    view_help, view_like, view_anomalies, view_items;

/* The timeline: archive rows in a window, fetched a page at a time. */
struct timeline {
	struct vg_query	 q;		/* its filter */
	char		*what;		/* the filter as typed, or NULL */
	int64_t		 from, to;	/* its window, true UTC us */
	char		*filter;	/* the live filter: only rows of the
					   window with it in a cell, or NULL */
	int		 partial;	/* the filter read part of the window
					   (as a key was typed) */
	int64_t		 live_from;	/* where keys typed read from, or
					   VG_TIME_NONE */
	const char	*upper;		/* the look filter as typed: upper */
	const char	*lower;		/* lower colour, */
	const char	*kind;		/* kind, or NULL */
};

/* A row of the timeline: what finds it again in the archive. */
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

/* A bookmark: a hop, or a row of the timeline. */
struct bookmark {
	char		*ref;		/* the hop's name, or NULL: a row */
	struct tlkey	 key;		/* the row: t, type, device, source,
					   line */
};

/* An item of the case, to mark its rows in the timeline. */
struct citem {
	int64_t		 id;		/* item number */
	char		*kind;		/* event, sighting, clip or frame */
	char		*device;	/* gate or camera */
	char		*track;		/* sighting track, or NULL */
	int64_t		 t0, t1;	/* its time, or span */
	char		*remark;	/* the officer's remark, or NULL */
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
	int		 noskew;	/* no clock offset ever estimated */
	struct vg_tz	*tz;		/* the zone of times shown */
	const char	*archive;	/* its path */
	const char	*officer;	/* who, or NULL */
	const char	*root;		/* -r: recordings root, or NULL: the
					   archive's */
	const char	*self;		/* argv[0], to find vigil-export */
	int		 look_index;	/* VG_LOOK_INDEX_* of l's search:
					   --exact, --index, or as it pays */
	struct vg_case	*c;		/* the open case, or NULL */
	struct vg_case_info info;	/* its details */
	enum scr	 screen;	/* what is shown */
	enum scr	 back;		/* where q goes from the map or detail */
	enum pane	 pane;		/* the case's pane shown */
	struct list	 cases;		/* the case list */
	struct list	 panes[NPANES];	/* the case's panes */
	struct list	 help;		/* the help screen */
	struct list	 others;	/* runner-ups of a hop */
	struct list	 like;		/* look-alikes of a sighting */
	enum scr	 like_back;	/* the screen they were asked from */
	struct list	 anomalies;	/* the archive's anomalies */
	struct list	 evidence;	/* the rows that make one */
	int		 showing_evidence; /* they replace the anomalies */
	enum scr	 an_back;	/* the screen they were asked from */
	struct list	 citems;	/* the case's items, listed */
	enum scr	 items_back;	/* the screen they were asked from */
	struct vg_anomaly *an;		/* the anomalies found */
	size_t		 nan;		/* how many */
	int		 showing_others; /* the runner-ups replace the path */
	size_t		 others_hop;	/* the hop they are of */
	struct timeline	 tl;		/* the timeline's rows */
	int64_t		 tl_base;	/* rows of the window before those held */
	int64_t		 tl_total;	/* rows in the window */
	int		 tl_days;	/* the window spans days: rows dated */
	char		 tl_day[16];	/* else its day, YYYY-MM-DD, the head
					   of the rows' time column */
	struct vg_path	*paths;		/* the planned path */
	size_t		 npaths;	/* 0 or 1 */
	struct hopinfo	*hops;		/* its hops */
	size_t		 nhops;		/* how many */
	struct citem	*items;		/* the case's items */
	size_t		 nitems;	/* how many */
	struct bookmark	*bm;		/* the officer's bookmarks of the case */
	size_t		 nbm;		/* how many */
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

/* vigil-browse.c: the screens and the loop */
void		 draw(struct ui *);
void		 show(struct ui *, enum scr);
struct list	*current(struct ui *);

/* ui.c: lists, text, the bars and the line typed */
void		 say(struct ui *, const char *, ...) VG_PRINTF(2, 3);
void		 list_clear(struct list *);
void		 list_free(struct list *);
void		 list_cols(struct list *, const char *, const char *const *,
		    size_t);
size_t		 list_add(struct list *, const char *const *, void *);
void		 put_text(int, int, int, const char *);
char		*time_of_day(char *);
int		 rows_shown(void);
void		 set_foot(const char *);
void		 draw_list(struct ui *, struct list *);
void		 draw_list_at(struct ui *, struct list *, int, int);
void		 list_filter(struct list *, const char *);
void		 list_where(const struct list *, size_t *, size_t *);
size_t		 list_row_at(const struct list *, int);
void		 list_home(struct list *, int);
int		 list_shown(const struct list *, size_t);
void		 draw_bars(struct ui *, const char *, const char *,
		    const char *);
char		*read_line(struct ui *, const char *, const char *);
char		*read_line_live(struct ui *, const char *, const char *,
		    void (*)(struct ui *, const char *));
void		 search(struct ui *, int);
void		 move_in(struct ui *, struct list *, long);

/* keys.c: the key table, the keys file and the help */
void		 keys_init(struct ui *);
enum act	 act_of(int);
void		 load_help(struct ui *);

/* cases.c */
void		 load_cases(struct ui *);

/* case.c: the open case */
struct decs {		/* where collect_decision copies decisions */
	struct vg_case_decision **d;	/* the array */
	size_t		*n;		/* its length */
};
int		 collect_decision(const struct vg_case_decision *, void *);
void		 free_decisions(struct vg_case_decision *, size_t);
void		 log_action(struct ui *, const char *, const char *);
void		 hop_ref(struct ui *, const struct vg_hop *, char *, size_t);
const struct vg_case_decision *decision_of(struct ui *, const char *);
void		 plan(struct ui *);
void		 load_small_panes(struct ui *);
void		 reload_case(struct ui *);
int		 open_case(struct ui *, const char *);
void		 close_case(struct ui *);
struct hopinfo	*selected_hop(struct ui *);
void		 add_note(struct ui *);
void		 add_item(struct ui *);

/* path.c: the path pane, decisions and the others */
attr_t		 decision_attr(const char *);
const char	*decision_mark(const char *);
void		 confidence_bar(double, char *, size_t);
void		 load_path(struct ui *);
void		 decide(struct ui *, int);
void		 show_others(struct ui *);
void		 undo_decision(struct ui *);

/* timeline.c */
void		 tl_remark(struct ui *);
void		 tl_open(struct ui *, int64_t);
void		 tl_window(struct ui *, int64_t *);
void		 tl_more(struct ui *, int);
void		 tl_end(struct ui *, int);
void		 tl_close(struct ui *);
void		 tl_search(struct ui *, int);
void		 log_lookup(struct ui *, const struct vg_query *, const char *,
		    const char *, int64_t, const char *);
void		 tl_filter(struct ui *, const char *, int);
int		 tl_key_cmp(const struct tlkey *, const struct tlkey *);
int		 tl_select(struct ui *, const struct tlkey *);

/* bookmarks.c */
void		 bm_load(struct ui *);
void		 bm_free(struct ui *);
int		 bm_row(struct ui *, const struct tlkey *);
int		 bm_hop(struct ui *, const char *);
void		 bm_toggle(struct ui *);
void		 bm_jump(struct ui *, int);
void		 tl_incident(struct ui *);
int		 tl_unanchored(struct ui *);
void		 tl_goto(struct ui *);
void		 run_prompt(struct ui *, const char *);

/* like.c */
void		 look_alikes(struct ui *);

/* anomalies.c */
void		 anomalies_free(struct ui *);

/* detail.c */
void		 draw_detail_at(struct ui *, int, int, int);
void		 draw_thumb(struct ui *, const struct vg_obs *, int, int, int,
		    int);
void		 draw_thumb_of(struct ui *, int, const char *, int64_t,
		    int64_t, const char *, const char *, int, int, int, int);

/* clip.c: clips, playing, export */
int		 cut_hop(struct ui *, char **);
void		 play(struct ui *);
void		 export_case(struct ui *, const char *);
char		*sibling(const char *, const char *);
int		 run_tool(const char *, char *const [], char *, size_t);

#endif /* BROWSE_H */
