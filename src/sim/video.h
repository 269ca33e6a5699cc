/* video.h: synthetic camera recordings for vigil-simulate */
#ifndef SIM_VIDEO_H
#define SIM_VIDEO_H
#include "vigil.h"

struct sim_figure {
	int64_t	 t0;		/* enters the view, camera clock, UTC us */
	int64_t	 t1;		/* leaves the view */
	float	 x0;		/* horizontal position at t0, 0 (left) to 1 */
	float	 x1;		/* horizontal position at t1 */
	float	 y;		/* where its feet are, 0 (top) to 1 (bottom) */
	int	 upper;		/* upper clothing colour, 1..11, 0 unknown */
	int	 lower;		/* lower clothing colour, 1..11, 0 unknown */
	int	 vehicle;	/* draw a vehicle, not a person */
};

struct sim_segment {
	const char		*path;		/* file to write (.mp4) */
	const char		*camera;	/* camera id, drawn on every frame */
	int64_t			 start;		/* camera clock at the first frame, UTC us */
	int			 utcoff;	/* seconds east of UTC of the clock shown */
	int			 seconds;	/* length of the segment */
	int			 width;		/* pixels, e.g. 320 */
	int			 height;	/* pixels, e.g. 180 */
	int			 fps;		/* frames per second, e.g. 10 */
	const struct sim_figure	*figs;		/* who passes, any order */
	size_t			 nfigs;		/* how many */
	int			 marks;		/* draw each frame's number as bars */
	int			 mark_base;	/* the number of the first frame */
	int			 bframes;	/* B-frames between references (tests) */
};

#define SIM_MARK_BITS	16	/* bars along the bottom, most significant first */

int	sim_video_write(const struct sim_segment *, struct vg_error *);
const char *sim_video_codec(void);	/* the encoder used: "libx264", "h264", "mpeg4" ... */

#endif
