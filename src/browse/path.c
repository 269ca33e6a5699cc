/* path.c: the path pane: hops coloured by decision, confirm and reject, the others */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"

/*
 * How a decision is drawn, as report.html colours it: confirmed green and
 * bold, proposed amber, rejected red and dim; and a mark that says the
 * same without colour.
 */
attr_t
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

const char *
decision_mark(const char *decision)
{
	return strcmp(decision, "confirmed") == 0 ? "= confirmed" :
	    strcmp(decision, "rejected") == 0 ? "x rejected" : "? proposed";
}

/* A confidence as a percentage and a bar of five: "100% #####", "  0% ....." */
void
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

void
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

		snprintf(n, sizeof(n), "%zu%s", i + 1, bm_hop(u,
		    u->hops[i].ref) ? "»" : "");
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

static void replanned(struct ui *, const char *);

void
decide(struct ui *u, int confirm)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_decision	 d;
	struct hopinfo		*h = selected_hop(u);
	char			 ref[160], touched[200], prompt[256], *why;

	if (u->c == NULL) {
		say(u, "open a case first");
		return;
	}
	if (u->screen == S_CASE && u->pane == P_PATH && u->showing_others) {
		struct list *l = &u->others;

		if (!list_shown(l, l->cur))
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
	replanned(u, touched);
}

void
show_others(struct ui *u)
{
	static const char *const cols[] = {
		"candidate", "seen at", "share", "person"
	};
	struct hopinfo	*h = selected_hop(u);
	const char	*cells[4];
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
	list_filter(&u->others, NULL);
	list_cols(&u->others, title, cols, 4);
	u->others_hop = (size_t)(h - u->hops);
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
		cells[3] = h->hop->alt[i].person;
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

/* After a decision: the path planned again and saved, the panes anew. */
static void
replanned(struct ui *u, const char *touched)
{
	size_t	keep = u->panes[P_PATH].cur;

	u->showing_others = 0;
	reload_case(u);
	save_path(u);
	load_small_panes(u);
	u->panes[P_PATH].cur = keep < u->nhops ? keep : 0;
	tl_remark(u);
	say(u, "%s: the path is re-planned, %zu hops", touched, u->nhops);
}

/*
 * Undo the officer's last decision with a new one, never by erasing it:
 * the decision the hop had before it is made again, or the hop is
 * withdrawn (proposed again) when it was its first; the reason names the
 * decision undone.
 */
void
undo_decision(struct ui *u)
{
	struct vg_error		 e = { 0, NULL };
	struct vg_case_decision	 d, last;
	const char		*back;
	char			 prompt[320], touched[320], *why = NULL;
	char			*reason = NULL;
	int			 rc;

	if (u->c == NULL) {
		say(u, "open a case first");
		return;
	}
	if ((rc = vg_case_undo_of(u->c, &last, &back, &e)) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		return;
	}
	if (rc == 0) {
		say(u, "no decision to undo");
		return;
	}
	if (strcmp(last.officer, u->officer) != 0) {
		say(u, "the last decision (%lld, %s %s) is %s's: only one's"
		    " own is undone", (long long)last.id, last.hop,
		    vg_case_decided(last.verdict), last.officer);
		goto out;
	}
	snprintf(prompt, sizeof(prompt), "undo decision %lld (%s %s), back"
	    " to %s, because: ", (long long)last.id, last.hop,
	    vg_case_decided(last.verdict), strcmp(back, "withdraw") == 0 ?
	    "proposed" : vg_case_decided(back));
	if ((reason = read_line(u, prompt, NULL)) == NULL)
		goto out;
	if (reason[0] == '\0') {
		say(u, "not undone: undoing a decision needs a reason");
		goto out;
	}
	xasprintf(&why, "undo of decision %lld: %s", (long long)last.id,
	    reason);
	memset(&d, 0, sizeof(d));
	d.hop = last.hop;
	d.verdict = back;
	d.why = why;
	d.officer = u->officer;
	snprintf(touched, sizeof(touched), "decision %lld on hop %s undone:"
	    " %s again", (long long)last.id, last.hop,
	    strcmp(back, "withdraw") == 0 ? "proposed" :
	    vg_case_decided(back));
	if (vg_case_begin(u->c, &e) == -1 || vg_case_decide(u->c, &d,
	    NULL, &e) == -1 || vg_case_commit(u->c, &(struct vg_case_act){
	    u->officer, "vigil-browse", "", touched, NULL }, &e) == -1) {
		say(u, "%s", e.msg);
		vg_error_clear(&e);
		goto out;
	}
	replanned(u, touched);
out:
	vg_case_decision_clear(&last);
	free(why);
	free(reason);
}
