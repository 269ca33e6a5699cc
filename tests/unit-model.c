/* unit-model.c: tests of the site model's scores (model.c) */
#include "vigil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "tap.h"

/* A graph of two cameras and one link, 10 to 110 seconds. */
static void
graph(struct vg_graph *g)
{
	memset(g, 0, sizeof(*g));
	g->ndev = 2;
	g->dev = calloc(2, sizeof(*g->dev));
	g->dev[0].type = g->dev[1].type = VG_CAMERA;
	g->nlink = 1;
	g->link = calloc(1, sizeof(*g->link));
	g->link[0].a = 0;
	g->link[0].b = 1;
	g->link[0].min = 10;
	g->link[0].max = 110;
}

int
main(void)
{
	struct vg_graph	 g;
	struct vg_model	 m;
	struct vg_obs	 o;
	double		 a, b, c;
	float		 x[3] = { 1, 0, 0 }, y[3] = { 0, 2, 0 }, z[3] = { 3, 0, 0 };
	int		 k;

	graph(&g);
	vg_model_defaults(&m, &g);

	/* with nothing learned, appearance says nothing */
	ok(vg_model_appearance(&m, 0.9) == 0, "no pairs: a cosine weighs 0");
	ok(fabs(vg_cosine(x, z, 3) - 1) < 1e-9 && fabs(vg_cosine(x, y, 3)) <
	    1e-9, "cosine ignores length");

	/* transit: flat within the bounds, never peaked at a pace */
	a = vg_model_transit(&m, 0, 10, 110, 12);
	b = vg_model_transit(&m, 0, 10, 110, 60);
	c = vg_model_transit(&m, 0, 10, 110, 109);
	ok(a == b && b == c, "no matches: flat over the bounds (%g %g %g)",
	    a, b, c);
	ok(fabs(exp(b) - 1.0 / 110) < 1e-9,
	    "its density is 1 over the bounds and the clock noise");
	ok(vg_model_transit(&m, 0, 10, 110, 5) < a &&
	    vg_model_transit(&m, 0, 10, 110, 5) > -INFINITY,
	    "a little under the bounds: less likely, not ruled out");
	ok(isinf(vg_model_transit(&m, 0, 10, 110, -20)) &&
	    isinf(vg_model_transit(&m, 0, 10, 110, 200)),
	    "well outside the bounds: impossible");

	/* a learned shape: walkers at the slow end; a runner keeps half */
	m.link[0].n = 100;
	for (k = 0; k < VG_MODEL_TBINS; k++)
		m.link[0].p[k] = k == 6 ? 0.91 : 0.01;
	a = vg_model_transit(&m, 0, 10, 110, 12);
	b = vg_model_transit(&m, 0, 10, 110, 75);
	ok(b > a, "the walkers' transit is likelier");
	ok(a > log(0.5 / 110), "a runner's keeps at least half the flat"
	    " density");

	/* colours: agreeing favours, differing counts against */
	m.colour_same = 0.1;
	m.colour_diff = 0.8;
	ok(vg_model_colour(&m, 3, 3) > 0 && vg_model_colour(&m, 3, 4) < 0,
	    "same colour for, another against");
	ok(vg_model_colour(&m, 0, 4) == 0, "an unknown colour weighs 0");

	/* attributes: each learned key one of the two carries */
	strcpy(m.attr[0].key, "gender");
	m.attr[0].nsame = m.attr[0].ndiff = 100;
	m.attr[0].same = 0.02;
	m.attr[0].diff = 0.5;
	strcpy(m.attr[1].key, "bag");
	m.attr[1].nsame = 10;		/* too few to weigh */
	m.attr[1].ndiff = 100;
	m.attr[1].same = 0.1;
	m.attr[1].diff = 0.8;
	m.nattr = 2;
	ok(fabs(vg_model_attrs(&m, "gender=male", "Gender = MALE;bag=x") -
	    log(0.98 / 0.5)) < 1e-12, "agreeing, in any case and spacing: for");
	ok(fabs(vg_model_attrs(&m, "gender=male;bag=x", "gender=female") -
	    log(0.02 / 0.5)) < 1e-12, "differing: against; a key too"
	    " seldom compared weighs nothing");
	ok(fabs(vg_model_attrs(&m, "gender=male", "hat=yes") -
	    log(0.02 / 0.5)) < 1e-12, "a key the other lacks: none, differing");
	ok(vg_model_attrs(&m, "hat=yes", "running=yes") == 0,
	    "keys the model has not learned: nothing");
	ok(vg_model_attrs(&m, "gender=male", NULL) == 0 &&
	    vg_model_attrs(&m, "gender=male", "") == 0,
	    "no attributes logged: nothing");

	/* the appearance ratio, read off its table */
	m.embdim = 3;
	for (k = 0; k < VG_MODEL_ABINS; k++) {
		m.same[k] = k >= 30 ? 0.09 : k == 5 ? 0.05 : 0.002;
		m.diff[k] = k >= 15 && k < 25 ? 0.09 : 0.001;
		m.llr[k] = log(m.same[k] / m.diff[k]);
	}
	ok(fabs(vg_model_appearance(&m, (30.5 / VG_MODEL_ABINS) * 2 - 1) -
	    log(90)) < 1e-9, "at a bin's centre, its ratio");
	ok(vg_model_appearance(&m, 0.9) > 0 && vg_model_appearance(&m, 0.0) <
	    0, "alike favours the same person, unalike another");

	/* the passage moment */
	memset(&o, 0, sizeof(o));
	o.type = VG_ROW_SIGHTING;
	o.first = 1000000;
	o.last = 3000000;
	m.passage = 0;
	ok(vg_model_at(&m, &o) == 1000000, "passage 0: at first");
	m.passage = 0.5;
	ok(vg_model_at(&m, &o) == 2000000, "passage 0.5: the middle");
	o.type = VG_ROW_GATE;
	ok(vg_model_at(&m, &o) == 1000000, "a gate event: its time");
	ok(vg_model_link(&m, 1, 0) == 0 && vg_model_link(&m, 0, 0) == -1,
	    "links found either way");

	vg_model_free(&m);
	free(g.dev);
	free(g.link);
	return tap_done();
}
