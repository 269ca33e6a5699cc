/* import-onvif.c: ONVIF metadata streams and access-control events */
#include "config.h"

#include "vigil-int.h"

int
vg_import_onvif(struct vg_vendor *v, struct vg_error *err)
{
	vg_error_set(err, "'%s': ONVIF files cannot be imported yet",
	    v->im->path);
	return -1;
}
