/* import-hikvision.c: Hikvision ISAPI event XML and AcsEvent JSON */
#include "config.h"

#include "vigil-int.h"

int
vg_import_hikvision(struct vg_vendor *v, struct vg_error *err)
{
	vg_error_set(err, "'%s': Hikvision files cannot be imported yet",
	    v->im->path);
	return -1;
}

int
vg_import_hikacs(struct vg_vendor *v, struct vg_error *err)
{
	return vg_import_hikvision(v, err);
}
