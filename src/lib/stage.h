/* stage.h: private folders where a case or a bundle is made before it is put in place */
#ifndef STAGE_H
#define STAGE_H

#include "vigil.h"

int	 vg_stage_make(const char *, const char *, char **, int *,
	     struct vg_error *);
int	 vg_stage_sweep(const char *, const char *);
void	 vg_stage_remove(const char *);
int	 vg_rename_new(const char *, const char *, struct vg_error *);

#endif /* STAGE_H */
