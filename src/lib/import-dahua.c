/* import-dahua.c: Dahua RPC2 event JSON as gate events */
#include "config.h"

#include "vigil-int.h"

int
vg_import_dahua(struct vg_vendor *v, struct vg_error *err)
{
	vg_error_set(err, "'%s': Dahua files cannot be imported yet",
	    v->im->path);
	return -1;
}
