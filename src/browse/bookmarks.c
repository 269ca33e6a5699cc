/* bookmarks.c: the officer's bookmarks of timeline rows and hops, kept beside the case */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "browse.h"

/*
 * Bookmarks are the officer's own marks to find rows again, not findings:
 * what the case keeps (items, notes, decisions) is custody-logged, so they
 * are kept outside it, one file a case in $XDG_STATE_HOME/vigil/bookmarks
 * (~/.local/state/vigil/bookmarks), a line each:
 *	row TIME TYPE LINE DEVICE SOURCE	a timeline row (tabs between)
 *	hop REF					a hop, CAMERA:TRACK or GATE@TIME
 */

/* The bookmarks file of the open case, or NULL without a home. */
static char *
bm_file(struct ui *u, int make)
{
	struct vg_error	 e = { 0, NULL };
	const char	*p;
	char		*dir, *file;

	if ((p = getenv("XDG_STATE_HOME")) != NULL && *p == '/')
		xasprintf(&dir, "%s/vigil/bookmarks", p);
	else if ((p = getenv("HOME")) != NULL && *p != '\0')
		xasprintf(&dir, "%s/.local/state/vigil/bookmarks", p);
	else
		return NULL;
	if (make && vg_mkdirs(dir, 0700, &e) == -1) {
		say(u, "bookmarks not kept: %s", e.msg);
		vg_error_clear(&e);
		free(dir);
		return NULL;
	}
	xasprintf(&file, "%s/%s", dir, u->info.number);
	free(dir);
	return file;
}

void
bm_free(struct ui *u)
{
	size_t	i;

	for (i = 0; i < u->nbm; i++) {
		free(u->bm[i].ref);
		free(u->bm[i].key.device);
		free(u->bm[i].key.source);
	}
	free(u->bm);
	u->bm = NULL;
	u->nbm = 0;
}

/* Read the case's bookmarks; lines not understood are skipped. */
void
bm_load(struct ui *u)
{
	struct bookmark	 b;
	char		*file, line[PATH_MAX + 256], *f[6], *s;
	FILE		*fp;
	int		 n, fd;

	bm_free(u);
	if ((file = bm_file(u, 0)) == NULL)
		return;
	fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(file);
	if (fd == -1 || (fp = fdopen(fd, "r")) == NULL) {
		if (fd != -1)
			close(fd);
		return;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		for (n = 0, s = line; n < 6 && s != NULL; n++)
			f[n] = strsep(&s, "\t");
		memset(&b, 0, sizeof(b));
		if (n == 2 && strcmp(f[0], "hop") == 0)
			b.ref = xstrdup(f[1]);
		else if (n == 6 && strcmp(f[0], "row") == 0) {
			b.key.t = strtoll(f[1], NULL, 10);
			b.key.type = atoi(f[2]);
			b.key.line = strtoll(f[3], NULL, 10);
			b.key.device = xstrdup(f[4]);
			b.key.source = xstrdup(f[5]);
		} else
			continue;
		u->bm = xreallocarray(u->bm, u->nbm + 1, sizeof(*u->bm));
		u->bm[u->nbm++] = b;
	}
	fclose(fp);
}

/*
 * Write them all again, through a new file renamed over the old: the
 * officer's alone (0600, as a case's files), made afresh, so that a link
 * planted in its place is neither followed nor written through.
 */
static void
bm_save(struct ui *u)
{
	char	*file, *tmp;
	FILE	*fp;
	size_t	 i;
	int	 fd;

	if ((file = bm_file(u, 1)) == NULL)
		return;
	xasprintf(&tmp, "%s.new", file);
	fd = -1;
	fp = NULL;
	if ((unlink(tmp) == 0 || errno == ENOENT) && (fd = open(tmp,
	    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)) != -1)
		fp = fdopen(fd, "w");
	if (fp == NULL) {
		say(u, "bookmarks not kept: '%s': %s", file, strerror(errno));
		if (fd != -1)
			close(fd);
		goto out;
	}
	for (i = 0; i < u->nbm; i++)
		if (u->bm[i].ref != NULL)
			fprintf(fp, "hop\t%s\n", u->bm[i].ref);
		else
			fprintf(fp, "row\t%lld\t%d\t%lld\t%s\t%s\n",
			    (long long)u->bm[i].key.t, u->bm[i].key.type,
			    (long long)u->bm[i].key.line, u->bm[i].key.device,
			    u->bm[i].key.source);
	if (fclose(fp) != 0 || rename(tmp, file) == -1) {
		say(u, "bookmarks not kept: '%s': %s", file, strerror(errno));
		unlink(tmp);
	}
out:
	free(tmp);
	free(file);
}

static int
same_row(const struct tlkey *a, const struct tlkey *b)
{
	return a->t == b->t && a->type == b->type && a->line == b->line &&
	    strcmp(a->device, b->device) == 0 &&
	    strcmp(a->source, b->source) == 0;
}

/* The bookmark of a timeline row (ref NULL) or of a hop, or -1. */
static long
bm_find(struct ui *u, const struct tlkey *k, const char *ref)
{
	size_t	i;

	for (i = 0; i < u->nbm; i++)
		if (ref != NULL ? u->bm[i].ref != NULL &&
		    strcmp(u->bm[i].ref, ref) == 0 : u->bm[i].ref == NULL &&
		    same_row(&u->bm[i].key, k))
			return (long)i;
	return -1;
}

int
bm_row(struct ui *u, const struct tlkey *k)
{
	return bm_find(u, k, NULL) >= 0;
}

int
bm_hop(struct ui *u, const char *ref)
{
	return bm_find(u, NULL, ref) >= 0;
}

/* Bookmark the timeline row or the hop selected, or take the mark off. */
void
bm_toggle(struct ui *u)
{
	struct list	*l = current(u);
	struct bookmark	 b;
	const struct tlkey *k = NULL;
	const char	*ref = NULL;
	long		 at;

	if (u->c == NULL || u->screen != S_CASE || l == NULL ||
	    !list_shown(l, l->cur) || (l != &u->panes[P_TIMELINE] &&
	    l != &u->panes[P_PATH]) || l->data[l->cur] == NULL) {
		say(u, "b marks a row of the timeline or a hop of the path");
		return;
	}
	if (l == &u->panes[P_TIMELINE])
		k = l->data[l->cur];
	else
		ref = ((struct hopinfo *)l->data[l->cur])->ref;
	if ((at = bm_find(u, k, ref)) >= 0) {
		free(u->bm[at].ref);
		free(u->bm[at].key.device);
		free(u->bm[at].key.source);
		memmove(u->bm + at, u->bm + at + 1,
		    (u->nbm - (size_t)at - 1) * sizeof(*u->bm));
		u->nbm--;
		say(u, "bookmark taken off (%zu left)", u->nbm);
	} else {
		memset(&b, 0, sizeof(b));
		if (ref != NULL)
			b.ref = xstrdup(ref);
		else {
			b.key = *k;
			b.key.device = xstrdup(k->device);
			b.key.source = xstrdup(k->source);
			b.key.track = b.key.person = NULL;
		}
		u->bm = xreallocarray(u->bm, u->nbm + 1, sizeof(*u->bm));
		u->bm[u->nbm++] = b;
		say(u, "bookmarked (%zu in all; ] and [ go from one to the"
		    " next)", u->nbm);
	}
	bm_save(u);
	if (k != NULL)
		tl_remark(u);
	else
		load_path(u);
}

/*
 * The next (dir 1) or previous bookmark of the pane shown, going round:
 * a hop of the path, or a row of the timeline's window, opened there.
 */
void
bm_jump(struct ui *u, int dir)
{
	struct list	*l = current(u);
	const struct tlkey *cur, *best = NULL, *wrap = NULL, *k;
	size_t		 i, r, n;
	int		 wrapped;

	if (u->c == NULL || u->screen != S_CASE || l == NULL) {
		say(u, "] and [ go through the bookmarks of the timeline or"
		    " the path");
		return;
	}
	if (l == &u->panes[P_PATH]) {
		for (i = 1, n = l->nrows; i <= n; i++) {
			r = dir > 0 ? (l->cur + i) % n : (l->cur + n - i) % n;
			if (l->data[r] != NULL && bm_hop(u,
			    ((struct hopinfo *)l->data[r])->ref)) {
				l->cur = r;
				say(u, "bookmark: hop %zu", r + 1);
				return;
			}
		}
		say(u, "no hop of the path is bookmarked (b marks one)");
		return;
	}
	if (l != &u->panes[P_TIMELINE] || l->nrows == 0) {
		say(u, "] and [ go through the bookmarks of the timeline or"
		    " the path");
		return;
	}
	cur = l->data[l->cur];
	for (i = 0; i < u->nbm; i++) {
		k = &u->bm[i].key;
		if (u->bm[i].ref != NULL || k->t < u->tl.from ||
		    k->t > u->tl.to)
			continue;
		if (dir > 0) {
			if (tl_key_cmp(k, cur) > 0 && (best == NULL ||
			    tl_key_cmp(k, best) < 0))
				best = k;
			if (wrap == NULL || tl_key_cmp(k, wrap) < 0)
				wrap = k;
		} else {
			if (tl_key_cmp(k, cur) < 0 && (best == NULL ||
			    tl_key_cmp(k, best) > 0))
				best = k;
			if (wrap == NULL || tl_key_cmp(k, wrap) > 0)
				wrap = k;
		}
	}
	if (best == NULL && (best = wrap) == NULL) {
		say(u, "no row of this timeline is bookmarked (b marks one)");
		return;
	}
	/* before tl_select, which may load another page and free cur */
	wrapped = best == wrap && (dir > 0 ? tl_key_cmp(best, cur) <= 0 :
	    tl_key_cmp(best, cur) >= 0);
	if (tl_select(u, best) == -1)
		say(u, "the bookmarked row is not in this timeline's filter");
	else
		say(u, wrapped ? "bookmark (wrapped)" : "bookmark");
}
