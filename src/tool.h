/* tool.h: helpers shared by the vigil tools (options, messages, output) */
#ifndef TOOL_H
#define TOOL_H

#include "vigil.h"
#include "case.h"

#define TOOL_EXIT_OK	0	/* success */
#define TOOL_EXIT_FAIL	1	/* failure */
#define TOOL_EXIT_USAGE	2	/* bad usage */
#define TOOL_PAD_MAX	(3600 * (int64_t)1000000) /* --pad: 1h at most, in us */
#define TOOL_AGE_MAX	((int64_t)36500 * 86400 * 1000000) /* -K, -M: 36500d */
#define TOOL_WAIT_MAX	(86400 * (int64_t)1000000) /* -w: 1d at most, in us */

void		 tool_version(void) __attribute__((noreturn));
void		 tool_fail(struct vg_error *) __attribute__((noreturn));
void		 tool_warn(struct vg_error *);
const char	*tool_plain(const char *);
enum vg_fmt	 tool_format(const char *);
const char	*tool_archive(const char *);
struct vg_tz	*tool_zone(const char *);
int64_t		 tool_time(struct vg_tz *, const char *, const char *);
int		 tool_span_end(struct vg_tz *, const char *, size_t, int64_t,
		    int64_t *, const char **);
void		 tool_old_option(const char *, const char *);
void		 tool_span(struct vg_tz *, const char *, const char *,
		     int64_t *, int64_t *);
int64_t		 tool_duration(const char *, const char *, int64_t,
		    const char *);
int64_t		 tool_pad(const char *);
char		*tool_args(int, char *[]);
const char	*tool_officer(const char *);
char		*tool_case_dir(const char *);
void		 tool_case_archive(const char *);
void		 tool_case_day(struct vg_case *);
void		 tool_time_day(int64_t);
struct vg_case	*tool_case(const char *, const char **, const char **, char **);
int		 tool_close_stdout(void);
void		 tool_heap_ready(size_t);
/* The cells of an archive row in vigil-query's columns, and their room. */
#define TOOL_ROW_NCOLS	20
extern const struct vg_col tool_row_cols[TOOL_ROW_NCOLS];

struct tool_cells {
	const char	*v[TOOL_ROW_NCOLS]; /* each column's text, or NULL */
	char		 t[VG_TIME_BUFSZ]; /* time */
	char		 last[VG_TIME_BUFSZ]; /* last seen */
	char		 score[32];	/* score */
	char		 off[32];	/* clock offset */
	char		*src;		/* "path:line", grown as needed */
	size_t		 srccap;	/* room in src */
};

void		 tool_row_cells(const struct vg_row *, struct vg_tz *,
		     struct tool_cells *);
const char	*tool_step(enum vg_holds);
void		 tool_need(struct vg_archive *, const char *, enum vg_holds);
void		 tool_skew_note(struct vg_archive *, const char *);
void		 tool_extent(struct vg_archive *, int64_t, int64_t,
		    struct vg_tz *);
struct vg_tz	*tool_site_tz(struct vg_archive *, const char *);
size_t		 tool_width(void);
void		 tool_progress_init(int);
void		 tool_progress(void *, const char *, int64_t, int64_t);
void		 tool_progress_clear(void);
struct vg_out	*tool_out(enum vg_fmt, const struct vg_col *, size_t, int);
int		 tool_columns(const struct vg_col *, size_t, const char *,
		     size_t *, size_t *);

#endif /* TOOL_H */
