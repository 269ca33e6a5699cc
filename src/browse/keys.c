/* keys.c: the key table, the keys file and the help screen, all from BROWSE_ACTIONS */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"

struct binding {
	int		 key;		/* curses key code */
	enum act	 act;		/* what it does */
};

struct action {
	enum act	 act;		/* the action */
	const char	*name;		/* its name in the keys file */
	const char	*help;		/* what it does, for the help screen */
};

#define BROWSE_ACTION(k, name, help)	{ k, name, help },
static const struct action actions[] = { BROWSE_ACTIONS(BROWSE_ACTION) };
#undef BROWSE_ACTION
#define NACTIONS	(sizeof(actions) / sizeof(actions[0]))

/* The keys built in; the keys file changes them. */
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
	{ 'l', K_LIKE }, { KEY_RIGHT, K_RIGHT }, { '+', K_ZOOMIN },
	{ '=', K_ZOOMIN }, { '-', K_ZOOMOUT }, { '0', K_FIT },
	{ CTRL('l'), K_REDRAW }, { 'I', K_INCIDENT }, { 't', K_GOTO },
	{ 'K', K_PANUP }, { 'J', K_PANDOWN }, { 'f', K_FILTER },
	{ '\\', K_FILTER }, { 27, K_CLEAR }, { 'b', K_BOOKMARK },
	{ ']', K_NEXTMARK }, { '[', K_PREVMARK }, { 'u', K_UNDO },
	{ 'A', K_ANOMALIES }, { 'e', K_ITEMS },
};
static size_t		nbindings;	/* counted at the start */

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
void
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

enum act
act_of(int key)
{
	size_t	i;

	for (i = 0; i < nbindings; i++)
		if (bindings[i].key == key)
			return bindings[i].act;
	return K_NONE;
}

/* Count the bindings built in, then read the keys file over them. */
void
keys_init(struct ui *u)
{
	while (nbindings < MAXBIND && bindings[nbindings].key != 0)
		nbindings++;
	load_keys(u);
}

/* The help screen */

static void
help_draw(struct ui *u)
{
	struct list	*l = &u->help;

	if (u->msg[0] == '\0' && list_shown(l, l->cur))	/* whole */
		set_foot(l->rows[l->cur][2]);
	draw_list(u, l);
	draw_bars(u, "vigil-browse  keys (change them in"
	    " ~/.config/vigil/keys)", "help", "q back");
}

static int
help_key(struct ui *u, enum act a)
{
	if (a == K_BACK) {
		show(u, u->back);
		return V_DONE;
	}
	return a == K_HELP ? V_DONE : V_PASS;
}

static struct list *
help_list(struct ui *u)
{
	return &u->help;
}

const struct view view_help = {
	"help", help_draw, help_key, NULL, load_help, NULL, help_list
};
