/* anomalies.c: the anomalies screen: what vigil-anomaly lists, its evidence, a case made from one */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"

/* The columns of vigil-query the evidence shows (of tool_row_cols). */
static const size_t ev_pick[] = { 0, 3, 5, 6, 7, 9, 10, 11, 12, 13 };
#define EVCOLS	(sizeof(ev_pick) / sizeof(ev_pick[0]))

void
anomalies_free(struct ui *u)
{
	vg_anomaly_free(u->an, u->nan);
	u->an = NULL;
	u->nan = 0;
}

/* The whole archive scanned, as vigil-anomaly with no span does. */
static void
load_anomalies(struct ui *u)
{
	static const char *const cols[] = {
		"id", "kind", "time", "device", "person", "score", "reason"
	};
	struct vg_error		 e = { 0, NULL };
	struct vg_anomaly_opts	 o;
	const char		*cells[7];
	char			 t[VG_TIME_BUFSZ], score[16];
	size_t			 i;

	if (u->an != NULL || u->anomalies.title != NULL)
		return;			/* scanned once a session */
	say(u, "looking for anomalies in the whole archive...");
	list_cols(&u->anomalies, "anomalies", cols, 7);
	draw(u);
	u->msg[0] = '\0';
	vg_anomaly_opts_init(&o);
	if (vg_anomaly_find(u->ar, u->site, &o, &u->an, &u->nan, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		return;
	}
	for (i = 0; i < u->nan; i++) {
		vg_time_format(u->tz, u->an[i].t, t, sizeof(t));
		t[10] = ' ';
		t[19] = '\0';
		snprintf(score, sizeof(score), "%.2f", u->an[i].score);
		cells[0] = u->an[i].id;
		cells[1] = vg_anomaly_names[u->an[i].kind];
		cells[2] = t;
		cells[3] = u->an[i].device;
		cells[4] = u->an[i].person;
		cells[5] = score;
		cells[6] = u->an[i].reason;
		list_add(&u->anomalies, cells, &u->an[i]);
	}
	if (u->nan == 0)
		say(u, "no anomaly in the archive");
}

/* The evidence of the anomaly selected, in vigil-query's columns. */
static void
show_evidence(struct ui *u)
{
	struct list		*l = &u->anomalies;
	const struct vg_anomaly	*a;
	struct tool_cells	 c;
	const char		*cols[EVCOLS], *cells[EVCOLS];
	char			 title[200];
	size_t			 i, k;

	if (!list_shown(l, l->cur))
		return;
	a = l->data[l->cur];
	for (i = 0; i < EVCOLS; i++)
		cols[i] = tool_row_cols[ev_pick[i]].name;
	snprintf(title, sizeof(title), "evidence of %s", a->id);
	list_filter(&u->evidence, NULL);
	list_cols(&u->evidence, title, cols, EVCOLS);
	memset(&c, 0, sizeof(c));
	for (k = 0; k < a->nev; k++) {
		tool_row_cells(&a->ev[k], u->tz, &c);
		for (i = 0; i < EVCOLS; i++)
			cells[i] = c.v[ev_pick[i]];
		cells[0] = time_of_day(c.t);
		list_add(&u->evidence, cells, NULL);
	}
	free(c.src);
	u->showing_evidence = 1;	/* its reason below (anomalies_draw) */
}

/*
 * A new case from the anomaly selected, in one step: vigil-case new
 * --anomaly makes it (its note, evidence and subject, custody-logged),
 * and the browser opens it.
 */
static void
case_from(struct ui *u)
{
	struct list		*l = &u->anomalies;
	const struct vg_anomaly	*a;
	char			*prog, *number, def[64], msg[512], prompt[96];
	char			*argv[12];
	int			 rc, n = 0;

	if (!list_shown(l, l->cur))
		return;
	if (u->officer == NULL) {
		say(u, "no officer: a case is only made by a named officer"
		    " (--officer NAME or VIGIL_OFFICER)");
		return;
	}
	a = l->data[l->cur];
	snprintf(def, sizeof(def), "%s", a->id);
	snprintf(prompt, sizeof(prompt), "a case from %s, its number: ",
	    a->id);
	if ((number = read_line(u, prompt, def)) == NULL)
		return;
	if (number[0] == '\0' || !vg_case_number_ok(number)) {
		say(u, "'%s' cannot be a case number (letters, digits, '-',"
		    " '_' and '.', not first)", number);
		free(number);
		return;
	}
	if ((prog = sibling(u->self, "vigil-case")) == NULL) {
		say(u, "vigil-case is not installed");
		free(number);
		return;
	}
	argv[n++] = prog;
	argv[n++] = (char *)"-A";
	argv[n++] = (char *)u->archive;
	argv[n++] = (char *)"--officer";
	argv[n++] = (char *)u->officer;
	argv[n++] = (char *)"new";
	argv[n++] = number;
	argv[n++] = (char *)"--anomaly";
	argv[n++] = (char *)a->id;
	argv[n] = NULL;
	say(u, "making case %s from %s...", number, a->id);
	draw(u);
	if ((rc = run_tool(prog, argv, msg, sizeof(msg))) != 0)
		say(u, "no case made: %s", rc == -1 || msg[0] == '\0' ?
		    "vigil-case failed" : msg);
	else {
		close_case(u);
		u->an_back = S_CASES;
		if (open_case(u, number) == 0)
			say(u, "case %s made from anomaly %s: its note, %zu"
			    " item%s%s", number, a->id, a->nev, a->nev == 1 ?
			    "" : "s", a->person != NULL ? ", a subject" : "");
	}
	free(prog);
	free(number);
}

static void
anomalies_draw(struct ui *u)
{
	struct list	*l = u->showing_evidence ? &u->evidence :
			    &u->anomalies;
	char		 where[96];
	size_t		 pos, n;

	/* the reason of the one selected (or whose evidence this is),
	   whole, below the bar: a passback's runs to 150 columns and more */
	if (u->msg[0] == '\0' && list_shown(&u->anomalies, u->anomalies.cur))
		set_foot(((const struct vg_anomaly *)u->anomalies.data[
		    u->anomalies.cur])->reason);
	draw_list(u, l);
	list_where(l, &pos, &n);
	snprintf(where, sizeof(where), "%s %zu/%zu%s%.20s%s",
	    u->showing_evidence ? "evidence" : "anomalies", pos, n,
	    l->filter != NULL ? " filter '" : "", l->filter != NULL ?
	    l->filter : "", l->filter != NULL ? "'" : "");
	draw_bars(u, u->showing_evidence ? "vigil-browse  anomalies: the"
	    " evidence (vigil-anomaly --explain)" : "vigil-browse  anomalies,"
	    " most serious first (vigil-anomaly)", where,
	    u->showing_evidence ? "n case from it  ? help  q back" :
	    "Enter evidence  n case from it  ? help  q back");
}

static int
anomalies_key(struct ui *u, enum act a)
{
	switch (a) {
	case K_BACK:
		if (u->showing_evidence)
			u->showing_evidence = 0;
		else
			show(u, u->an_back == S_CASE && u->c == NULL ? S_CASES :
			    u->an_back);
		return V_DONE;
	case K_OPEN:
		if (!u->showing_evidence)
			show_evidence(u);
		return V_DONE;
	case K_NEXT:		/* n: the new case, not a search's match */
		case_from(u);
		return V_DONE;
	default:
		return V_PASS;
	}
}

static struct list *
anomalies_list(struct ui *u)
{
	return u->showing_evidence ? &u->evidence : &u->anomalies;
}

static void
anomalies_enter(struct ui *u)
{
	u->showing_evidence = 0;
	load_anomalies(u);
}

const struct view view_anomalies = {
	"anomalies", anomalies_draw, anomalies_key, NULL, anomalies_enter,
	NULL, anomalies_list
};
