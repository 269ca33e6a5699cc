/* site-data.c: a site in memory: devices and zones by id, and freeing it (no XML) */
#include "vigil.h"

#include <stdlib.h>
#include <string.h>

void
vg_site_free(struct vg_site *site)
{
	size_t	i, j;

	if (site == NULL)
		return;
	for (i = 0; i < site->nzones; i++) {
		free(site->zones[i].id);
		free(site->zones[i].name);
		free(site->zones[i].hours);
	}
	for (i = 0; i < site->nplaces; i++) {
		free(site->places[i].id);
		free(site->places[i].name);
		free(site->places[i].zone);
		free(site->places[i].kind);
	}
	for (i = 0; i < site->ndevices; i++) {
		free(site->devices[i].id);
		free(site->devices[i].name);
		free(site->devices[i].zone);
		free(site->devices[i].kind);
		free(site->devices[i].place);
		free(site->devices[i].gate);
		free(site->devices[i].recordings);
		free(site->devices[i].ext);
		for (j = 0; j < site->devices[i].nidents; j++) {
			free(site->devices[i].idents[j].vendor);
			free(site->devices[i].idents[j].device);
			free(site->devices[i].idents[j].channel);
		}
		free(site->devices[i].idents);
	}
	for (i = 0; i < site->nlinks; i++) {
		free(site->links[i].from);
		free(site->links[i].to);
	}
	free(site->zones);
	free(site->places);
	free(site->devices);
	free(site->links);
	free(site->id);
	free(site->name);
	free(site->timezone);
	free(site);
}

const struct vg_device *
vg_site_device(const struct vg_site *site, const char *id)
{
	size_t	i;

	if (site == NULL || id == NULL)
		return NULL;
	for (i = 0; i < site->ndevices; i++)
		if (site->devices[i].id != NULL &&
		    strcmp(site->devices[i].id, id) == 0)
			return &site->devices[i];
	return NULL;
}

const struct vg_zone *
vg_site_zone(const struct vg_site *site, const char *id)
{
	size_t	i;

	if (site == NULL || id == NULL)
		return NULL;
	for (i = 0; i < site->nzones; i++)
		if (site->zones[i].id != NULL &&
		    strcmp(site->zones[i].id, id) == 0)
			return &site->zones[i];
	return NULL;
}

/* One HH:MM of a range, minutes since midnight (24:00 ends a day). */
static int
hhmm(const char **p)
{
	const char	*s = *p;
	int		 h, m;

	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
	    s[2] != ':' || s[3] < '0' || s[3] > '5' || s[4] < '0' ||
	    s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + s[1] - '0';
	m = (s[3] - '0') * 10 + s[4] - '0';
	if (h > 24 || (h == 24 && m != 0))
		return -1;
	*p = s + 5;
	return h * 60 + m;
}

/*
 * A zone's open hours, "HH:MM-HH:MM" ranges joined by commas, as a mark
 * for each minute of the local day; a range whose end is before its start
 * runs past midnight.  -1 with *why set when the text is not that.
 */
int
vg_hours_parse(const char *s, unsigned char open[VG_DAY_MINUTES],
    const char **why)
{
	int	a, b, m;

	memset(open, 0, VG_DAY_MINUTES);
	for (;;) {
		if ((a = hhmm(&s)) == -1 || *s++ != '-' || (b = hhmm(&s)) ==
		    -1) {
			*why = "not HH:MM-HH:MM ranges joined by commas";
			return -1;
		}
		if (a == b) {
			*why = "a range ends where it starts";
			return -1;
		}
		if (a % VG_DAY_MINUTES == b % VG_DAY_MINUTES)
			memset(open, 1, VG_DAY_MINUTES);	/* 00:00-24:00 */
		for (m = a % VG_DAY_MINUTES; m != b % VG_DAY_MINUTES;
		    m = (m + 1) % VG_DAY_MINUTES)
			open[m] = 1;
		if (*s == '\0')
			return 0;
		if (*s++ != ',') {
			*why = "not HH:MM-HH:MM ranges joined by commas";
			return -1;
		}
	}
}
