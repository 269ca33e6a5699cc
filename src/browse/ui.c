/* ui.c: lists, text, the title and status bars, the line typed, search in a list */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "browse.h"

void VG_PRINTF(2, 3)
say(struct ui *u, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof(u->msg), fmt, ap);
	va_end(ap);
}

/* Lists */

void
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
	free(l->hidden);
	l->rows = NULL;
	l->data = NULL;
	l->attrs = NULL;
	l->hidden = NULL;
	l->nrows = 0;
	for (j = 0; j < l->ncols; j++)
		l->width[j] = (int)vg_text_width(l->cols[j],
		    strlen(l->cols[j]));
}

/* Empty the list and forget its title. */
void
list_free(struct list *l)
{
	list_clear(l);
	free(l->title);
	l->title = NULL;
	free(l->filter);
	l->filter = NULL;
}

void
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

static int row_matches(struct list *, size_t, const char *);

/* Add a row; NULL cells are empty.  Returns its index. */
size_t
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
	l->hidden = xreallocarray(l->hidden, l->nrows + 1,
	    sizeof(*l->hidden));
	l->attrs[l->nrows] = A_NORMAL;
	l->rows[l->nrows] = row;
	l->data[l->nrows] = data;
	l->hidden[l->nrows] = l->filter != NULL &&
	    !row_matches(l, l->nrows, l->filter);
	return l->nrows++;
}

/* Whether row r is shown: there, and not hidden by the filter. */
int
list_shown(const struct list *l, size_t r)
{
	return r < l->nrows && (l->hidden == NULL || !l->hidden[r]);
}

/* The row shown n rows after (n < 0: before) r, stopping at the ends. */
static size_t
step(const struct list *l, size_t r, long n)
{
	size_t	i, last = r;

	for (i = r; n > 0 && i + 1 < l->nrows;)
		if (list_shown(l, ++i))
			last = i, n--;
	for (i = r; n < 0 && i > 0;)
		if (list_shown(l, --i))
			last = i, n++;
	return last;
}

/*
 * Narrow the list to the rows with s in a cell (NULL or "": all of them);
 * the selection stays on its row, or goes to the nearest row shown.
 */
void
list_filter(struct list *l, const char *s)
{
	size_t	r;

	free(l->filter);
	l->filter = s != NULL && s[0] != '\0' ? xstrdup(s) : NULL;
	for (r = 0; r < l->nrows; r++)
		l->hidden[r] = l->filter != NULL && !row_matches(l, r,
		    l->filter);
	if (l->nrows > 0 && !list_shown(l, l->cur)) {
		r = step(l, l->cur, 1);
		l->cur = list_shown(l, r) ? r : step(l, l->cur, -1);
	}
}

/* The selected row's position among the rows shown, from 1, and how many. */
void
list_where(const struct list *l, size_t *pos, size_t *n)
{
	size_t	r;

	*pos = *n = 0;
	for (r = 0; r < l->nrows; r++)
		if (list_shown(l, r)) {
			(*n)++;
			if (r <= l->cur)
				*pos = *n;
		}
}

/* The row drawn on line i of the list (from 0), or nrows. */
size_t
list_row_at(const struct list *l, int i)
{
	size_t	r;

	for (r = l->top; r < l->nrows; r++)
		if (list_shown(l, r) && i-- == 0)
			return r;
	return l->nrows;
}

/* Text */

/* The code point s starts with, as drawn: a control character as '?'. */
static size_t
drawn(const char *s, size_t len, uint32_t *cp, int *w)
{
	size_t	n;

	if ((n = vg_utf8_decode(s, len, cp)) == 0) {
		n = 1;
		*cp = '?';
	}
	if (*cp < 0x20 || *cp == 0x7f || (*cp >= 0x80 && *cp < 0xa0))
		*cp = '?';
	if ((*w = vg_codepoint_width(*cp)) < 0)
		*w = 0;
	return n;
}

/*
 * Draw UTF-8 text at (y, x), in at most width columns: control
 * characters shown as '?', text too wide cut with '…' in its last
 * column (a wide character that would not fit whole left out), the rest
 * of the width filled with spaces.
 */
void
put_text(int y, int x, int width, const char *s)
{
	wchar_t	 wc[2];
	cchar_t	 cc;
	uint32_t cp;
	size_t	 len, n, i;
	int	 w, used = 0, total = 0, room = width;

	move(y, x);
	len = strlen(s);
	for (i = 0; i < len && total <= width; i += n, total += w)
		n = drawn(s + i, len - i, &cp, &w);
	if (total > width && width > 0)
		room = width - 1;
	while (len > 0 && used < room) {
		n = drawn(s, len, &cp, &w);
		if (used + w > room)
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
	if (room < width) {
		for (; used < room; used++)
			addch(' ');
		wc[0] = L'\u2026';
		wc[1] = L'\0';
		setcchar(&cc, wc, A_NORMAL, 0, NULL);
		add_wch(&cc);
		used++;
	}
	for (; used < width; used++)
		addch(' ');
}

/* The time of day of an ISO 8601 time, without its offset (in place). */
char *
time_of_day(char *iso)
{
	char	*t = iso + 11;

	t[strcspn(t, "+-Z")] = '\0';
	return t;
}

/* Drawing */

#define FOOT_MAX	8		/* lines a text below the bar may take */

static const char	*foot_text;	/* shown whole below the status bar
					   (set_foot), or NULL */
static size_t		 foot_len[FOOT_MAX]; /* its lines' lengths, bytes */
static int		 foot_lines;	/* how many it takes, at most shown */
static int		 foot;		/* lines it takes above the message
					   line's, taken from the list */

/*
 * s wrapped into width columns, at spaces where a line has one: each
 * line's length in bytes into len (up to max); how many lines it takes.
 */
static int
wrap(const char *s, int width, size_t *len, int max)
{
	size_t		 n, i = 0, start = 0, brk = 0, slen = strlen(s), end;
	uint32_t	 cp;
	int		 w, used = 0, lines = 0;

	while (i < slen) {
		n = drawn(s + i, slen - i, &cp, &w);
		if (cp == ' ')
			brk = i;
		if (used + w > width && i > start) {
			end = brk > start ? brk : i;
			if (lines < max)
				len[lines] = end - start;
			lines++;
			for (start = end; start < slen && s[start] == ' ';
			    start++)
				;
			i = brk = start;
			used = 0;
			continue;
		}
		used += w;
		i += n;
	}
	if (i > start || lines == 0) {
		if (lines < max)
			len[lines] = slen - start;
		lines++;
	}
	return lines;
}

/*
 * A text the screen shows whole (an anomaly's reason, what a key does)
 * where the message line is, wrapped onto the lines above it as it
 * needs (up to a third of the screen), the list shortened by as many;
 * NULL: the message line alone.  For the frame being drawn: set before
 * its list is drawn; drawn by draw_bars.
 */
void
set_foot(const char *text)
{
	int	max = LINES / 3 < FOOT_MAX ? LINES / 3 : FOOT_MAX;

	foot_text = text;
	foot = foot_lines = 0;
	if (text == NULL || COLS < 1)
		return;
	if (max < 1)
		max = 1;
	foot_lines = wrap(text, COLS, foot_len, max);
	if (foot_lines > max)
		foot_lines = max;
	foot = foot_lines - 1;
}

/* The text of set_foot, from line y: its last line shown holds the rest
 * (cut with '…' when more is left than the screen gives it). */
static void
draw_foot(int y)
{
	const char	*s = foot_text;
	char		*line;
	int		 k;

	for (k = 0; k < foot_lines; k++) {
		line = k < foot_lines - 1 ? xstrndup(s, foot_len[k]) :
		    xstrdup(s);
		put_text(y + k, 0, COLS, line);
		free(line);
		s += foot_len[k];
		while (*s == ' ')
			s++;
	}
}

int
rows_shown(void)
{
	return LINES - 4 - foot > 1 ? LINES - 4 - foot : 1;
}

void
draw_list(struct ui *u, struct list *l)
{
	draw_list_at(u, l, 0, COLS);
}

/*
 * The columns' widths in width cells: when those before the last do not
 * fit, the long ones (wider than LONGCOL: a case's title, a remark) are
 * cut to what leaves room for the others, so that a long title does not
 * push the incident and status off the screen.
 */
#define LONGCOL	24
static void
fit_widths(const struct list *l, int width, int *w)
{
	int	 total = 0, cap, capped, c, last = (int)l->ncols - 1;

	for (c = 0; c <= last; c++)
		w[c] = l->width[c];
	for (c = 0; c < last; c++)
		total += w[c] + 1;
	if (total <= width)
		return;
	for (cap = LONGCOL; cap < width; cap++) {
		for (capped = 0, c = 0; c < last; c++)
			capped += (w[c] > cap ? cap : w[c]) + 1;
		if (capped > width)
			break;
	}
	if (--cap < LONGCOL)
		cap = LONGCOL;
	for (c = 0; c < last; c++)
		if (w[c] > cap)
			w[c] = cap;
}

/* The list in columns x0 to x0 + width - 1, from the second line. */
void
draw_list_at(struct ui *u, struct list *l, int x0, int width)
{
	int	 y, x, w, avail, i, n, rows = rows_shown(), end = x0 + width;
	int	 ww[MAXCOLS];
	size_t	 r, c;

	(void)u;
	fit_widths(l, width, ww);
	if (l->cur >= l->nrows && l->nrows > 0)
		l->cur = l->nrows - 1;
	if (l->cur < l->top)
		l->top = l->cur;
	/* the selection in sight: at most rows - 1 rows shown above it */
	for (;;) {
		for (n = 0, r = l->top; r < l->cur; r++)
			n += list_shown(l, r);
		if (n < rows || l->top >= l->cur)
			break;
		l->top = step(l, l->top, 1) > l->top ? step(l, l->top, 1) :
		    l->top + 1;
	}
	/* no blank lines below the last row while rows above are hidden
	   (the window made taller, or the list opened near its end) */
	for (n = 0, r = l->top; r < l->nrows; r++)
		n += list_shown(l, r);
	while (n < rows && step(l, l->top, -1) < l->top) {
		l->top = step(l, l->top, -1);
		n++;
	}
	/* the header */
	attron(A_BOLD | A_UNDERLINE);
	move(1, x0);
	for (x = x0, c = 0; c < l->ncols && x < end; c++) {
		w = ww[c];
		avail = end - x;
		if (c + 1 == l->ncols || w > avail)
			w = avail;
		put_text(1, x, w, l->cols[c]);
		x += w;
		if (x < end && c + 1 < l->ncols)
			mvaddch(1, x++, ' ');
	}
	for (; x < end; x++)
		addch(' ');
	attroff(A_BOLD | A_UNDERLINE);
	for (i = 0, r = l->top; i < rows; i++) {
		while (r < l->nrows && !list_shown(l, r))
			r++;
		y = 2 + i;
		if (r >= l->nrows) {
			put_text(y, x0, width, "");
			continue;
		}
		attrset(l->attrs[r] | (r == l->cur ? A_REVERSE : 0));
		for (x = x0, c = 0; c < l->ncols && x < end; c++) {
			w = ww[c];
			avail = end - x;
			if (c + 1 == l->ncols || w > avail)
				w = avail;
			put_text(y, x, w, l->rows[r][c]);
			x += w;
			if (x < end && c + 1 < l->ncols)
				mvaddch(y, x++, ' ');
		}
		for (; x < end; x++)
			addch(' ');
		attrset(A_NORMAL);
		r++;
	}
}

/*
 * The status line: where, then the key hints (two spaces apart) that
 * fit the width; the last two (help, back) always kept, those before
 * them left out from the right first, so that the position never
 * crowds a hint into a cut word.
 */
static void
fit_hints(const char *where, const char *keys, char *line, size_t size)
{
	const char	*h[24], *p;
	size_t		 len[24], n = 0, i, m, keep, total;

	for (p = keys; *p != '\0' && n < 24; n++) {
		h[n] = p;
		p = strstr(p, "  ") != NULL ? strstr(p, "  ") : p + strlen(p);
		len[n] = (size_t)(p - h[n]);
		while (*p == ' ')
			p++;
	}
	m = n >= 2 ? n - 2 : 0;		/* the hints that may go */
	for (keep = m;; keep--) {
		total = vg_text_width(where, strlen(where));
		for (i = 0; i < n; i++)
			if (i < keep || i >= m)
				total += 2 + vg_text_width(h[i], len[i]);
		if (total <= (size_t)COLS || keep == 0)
			break;
	}
	snprintf(line, size, "%s", where);
	for (i = 0; i < n; i++)
		if (i < keep || i >= m)
			snprintf(line + strlen(line), size - strlen(line),
			    "  %.*s", (int)len[i], h[i]);
}

void
draw_bars(struct ui *u, const char *title, const char *where,
    const char *keys)
{
	char	line[512];

	attron(A_REVERSE);
	put_text(0, 0, COLS, title);
	fit_hints(where, keys, line, sizeof(line));
	put_text(LINES - 2 - foot, 0, COLS, line);
	attroff(A_REVERSE);
	if (foot_text != NULL)
		draw_foot(LINES - 1 - foot);
	else
		put_text(LINES - 1, 0, COLS, u->msg);
}

/* A line typed at the bottom; NULL when cancelled (Escape or Ctrl-C). */
char *
read_line(struct ui *u, const char *prompt, const char *init)
{
	return read_line_live(u, prompt, init, NULL);
}

/* Whether a key is waiting, left where it is. */
static int
key_waiting(void)
{
	int	c;

	nodelay(stdscr, TRUE);
	c = getch();
	nodelay(stdscr, FALSE);
	if (c == ERR)
		return 0;
	ungetch(c);
	return 1;
}

/*
 * read_line, with live (or NULL) told the text each time it changes and
 * the screen drawn again under the prompt: a filter as one types.  Keys
 * typed faster than live answers are taken together: live is told the
 * text once no key is waiting, and at Enter if it was not told yet.
 */
char *
read_line_live(struct ui *u, const char *prompt, const char *init,
    void (*live)(struct ui *, const char *))
{
	wchar_t	 buf[512];
	char	 out[2048];
	wint_t	 ch;
	size_t	 n = 0, o;
	int	 rc, w, dirty = 1;

	if (init != NULL) {
		n = mbstowcs(buf, init, sizeof(buf) / sizeof(buf[0]) - 1);
		if (n == (size_t)-1)
			n = 0;
	}
	curs_set(1);
	for (;;) {
		if (live != NULL && dirty && !key_waiting()) {
			buf[n] = L'\0';
			o = wcstombs(out, buf, sizeof(out) - 1);
			out[o == (size_t)-1 ? 0 : o] = '\0';
			curs_set(0);
			live(u, out);
			draw(u);
			curs_set(1);
			dirty = 0;
		}
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
			if (ch == KEY_BACKSPACE && n > 0) {
				n--;
				dirty = 1;
			} else if (ch == KEY_ENTER)
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
			dirty = 1;
			continue;
		}
		if (ch == CTRL('u')) {
			n = 0;
			dirty = 1;
			continue;
		}
		if (ch >= 0x20 && n + 1 < sizeof(buf) / sizeof(buf[0])) {
			buf[n++] = (wchar_t)ch;
			dirty = 1;
		}
	}
	curs_set(0);
	buf[n] = L'\0';
	o = wcstombs(out, buf, sizeof(out) - 1);
	if (o == (size_t)-1)
		o = 0;
	out[o] = '\0';
	if (live != NULL && dirty)	/* keys that came too fast */
		live(u, out);
	u->msg[0] = '\0';
	return xstrdup(out);
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

void
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
	if (l == &u->panes[P_TIMELINE] && u->tl.filter == NULL) {
		tl_search(u, dir);
		return;
	}
	for (i = 1; i <= l->nrows; i++) {
		r = dir > 0 ? (l->cur + i) % l->nrows :
		    (l->cur + l->nrows - i % l->nrows) % l->nrows;
		if (list_shown(l, r) && row_matches(l, r, u->search)) {
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

void
move_in(struct ui *u, struct list *l, long delta)
{
	int	timeline = l == &u->panes[P_TIMELINE] && u->tl.filter == NULL;

	if (l->nrows == 0)
		return;
	if (l->filter != NULL) {	/* over the rows hidden */
		l->cur = step(l, l->cur, delta);
		return;
	}
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

/* Select the first row shown, or with end the last. */
void
list_home(struct list *l, int end)
{
	if (l->nrows == 0)
		return;
	l->cur = end ? l->nrows - 1 : 0;
	if (!list_shown(l, l->cur))
		l->cur = step(l, l->cur, end ? -1 : 1);
}
