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
