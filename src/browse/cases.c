/* cases.c: the list of cases, the first screen */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "browse.h"

/* Cases */

void
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

static void
cases_draw(struct ui *u)
{
	char	where[64];

	draw_list(u, &u->cases);
	snprintf(where, sizeof(where), "cases %zu/%zu",
	    u->cases.nrows > 0 ? u->cases.cur + 1 : 0, u->cases.nrows);
	draw_bars(u, "vigil-browse  cases", where, u->cases.nrows > 0 ?
	    "Enter open  / search  ? help  q quit" :
	    "no cases (vigil-case new)  ? help  q quit");
}

static int
cases_key(struct ui *u, enum act a)
{
	struct list	*l = &u->cases;

	switch (a) {
	case K_BACK:
		return V_QUIT;
	case K_OPEN:
		if (l->nrows > 0)
			(void)open_case(u, l->data[l->cur]);
		return V_DONE;
	default:
		return V_PASS;
	}
}

static struct list *
cases_list(struct ui *u)
{
	return &u->cases;
}

const struct view view_cases = {
	"cases", cases_draw, cases_key, NULL, NULL, NULL, cases_list
};
