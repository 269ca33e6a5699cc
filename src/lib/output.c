/* output.c: writing a table of rows in one of the output modes */
#include "config.h"

#include "vigil.h"

#include <stdlib.h>
#include <string.h>

struct buf {
	char	*p;		/* bytes, NUL-terminated once allocated */
	size_t	 len;		/* bytes used */
	size_t	 cap;		/* bytes allocated */
};

struct cell {
	char	*s;		/* text escaped for a terminal */
	size_t	 w;		/* its width in terminal columns */
};

struct vg_out {
	FILE		*fp;		/* where the table goes */
	enum vg_fmt	 fmt;		/* output mode */
	size_t		 ncols;		/* columns */
	enum vg_coltype	*type;		/* type of each column */
	struct cell	*hdr;		/* names, rendered for the mode */
	size_t		 namew;		/* line mode: widest name */
	struct cell	*cells;		/* box and table: the first rows */
	size_t		 nrows;		/* rows given so far */
	size_t		 rowcap;	/* rows room in cells */
	size_t		*w;		/* box and table: widths once drawn */
	size_t		 fitw;		/* box and table: the width to fit in
					   (a terminal's), or 0 */
	int		 hide;		/* with fitw: leave out the columns
					   empty in the rows sized from */
	unsigned char	*off;		/* box and table: columns left out */
	struct buf	 b;		/* output being built */
	struct buf	 tmp;		/* scratch for escaping */
	int		 failed;	/* a write failed */
};

static const struct {
	const char	*name;	/* as given to -F */
	enum vg_fmt	 fmt;	/* the mode */
} fmts[] = {
	{ "box", VG_FMT_BOX },
	{ "table", VG_FMT_TABLE },
	{ "csv", VG_FMT_CSV },
	{ "tsv", VG_FMT_TSV },
	{ "json", VG_FMT_JSON },
	{ "jsonl", VG_FMT_JSONL },
	{ "line", VG_FMT_LINE },
};

static const char hexdig[] = "0123456789abcdef";

/*
 * Box and table size their columns from the first OUT_WINDOW rows, then
 * stream: a longer value later is cut to its column's width with an
 * ellipsis, so that memory does not grow with the result.
 */
#define OUT_WINDOW	1000

/* Fitting a terminal, cells are cut to this width before columns go. */
#define FIT_CELL	24

int
vg_fmt_parse(const char *name, enum vg_fmt *fmt)
{
	size_t	i;

	if (name == NULL)
		return -1;
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		if (strcmp(name, fmts[i].name) == 0) {
			*fmt = fmts[i].fmt;
			return 0;
		}
	}
	return -1;
}

const char *
vg_fmt_names(void)
{
	return "box, table, csv, tsv, json, jsonl, line";
}

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->cap - b->len <= n) {
		size_t	cap = b->cap == 0 ? 256 : b->cap;

		while (cap - b->len <= n)
			cap *= 2;
		b->p = xreallocarray(b->p, cap, 1);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void
buf_ch(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

static void
buf_rep(struct buf *b, const char *s, size_t n)
{
	while (n-- > 0)
		buf_str(b, s);
}

/* Append pfx and then v as ndig hex digits. */
static void
buf_hex(struct buf *b, const char *pfx, uint32_t v, int ndig, int upper)
{
	static const char	updig[] = "0123456789ABCDEF";
	const char		*d = upper ? updig : hexdig;

	buf_str(b, pfx);
	while (ndig-- > 0)
		buf_ch(b, d[(v >> (4 * ndig)) & 0xf]);
}

/* A copy of what is built, never NULL. */
static char *
buf_dup(const struct buf *b)
{
	return xstrndup(b->len > 0 ? b->p : "", b->len);
}

static void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* Write what is built and empty the buffer. */
static void
flush_buf(struct vg_out *o)
{
	if (o->b.len > 0 && fwrite(o->b.p, 1, o->b.len, o->fp) != o->b.len)
		o->failed = 1;
	o->b.len = 0;
}

/* CSV: quote a field with a separator, quote, control or edge space. */
static void
csv_field(struct buf *b, const char *s)
{
	size_t	n, i;
	int	quote;

	if (s == NULL)
		return;
	n = strlen(s);
	quote = n == 0 || s[0] == ' ' || s[n - 1] == ' ';
	for (i = 0; i < n && !quote; i++) {
		unsigned char	c = (unsigned char)s[i];

		if (c == ',' || c == '"' || c < 0x20 || c == 0x7f)
			quote = 1;
	}
	if (!quote) {
		buf_add(b, s, n);
		return;
	}
	buf_ch(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_ch(b, '"');
		buf_ch(b, s[i]);
	}
	buf_ch(b, '"');
}

static void
tsv_field(struct buf *b, const char *s)
{
	size_t		n, i, l;
	uint32_t	cp;

	if (s == NULL)
		return;
	n = strlen(s);
	for (i = 0; i < n; i += l) {
		unsigned char	c = (unsigned char)s[i];

		l = 1;
		if (c == '\\')
			buf_str(b, "\\\\");
		else if (c == '\t')
			buf_str(b, "\\t");
		else if (c == '\n')
			buf_str(b, "\\n");
		else if (c == '\r')
			buf_str(b, "\\r");
		else if (c < 0x20 || c == 0x7f)
			buf_hex(b, "\\x", c, 2, 0);
		else if (c < 0x80)
			buf_ch(b, (char)c);
		else if ((l = vg_utf8_decode(s + i, n - i, &cp)) == 0) {
			buf_hex(b, "\\x", c, 2, 0);
			l = 1;
		} else if (cp <= 0x9f)
			buf_hex(b, "\\u", cp, 4, 0);
		else
			buf_add(b, s + i, l);
	}
}

/* A JSON string per RFC 8259; malformed UTF-8 becomes U+FFFD. */
static void
json_str(struct buf *b, const char *s)
{
	size_t		n, i, l;
	uint32_t	cp;

	n = strlen(s);
	buf_ch(b, '"');
	for (i = 0; i < n; i += l) {
		unsigned char	c = (unsigned char)s[i];

		l = 1;
		if (c == '"')
			buf_str(b, "\\\"");
		else if (c == '\\')
			buf_str(b, "\\\\");
		else if (c == '\n')
			buf_str(b, "\\n");
		else if (c == '\r')
			buf_str(b, "\\r");
		else if (c == '\t')
			buf_str(b, "\\t");
		else if (c == '\b')
			buf_str(b, "\\b");
		else if (c == '\f')
			buf_str(b, "\\f");
		else if (c < 0x20 || c == 0x7f)
			buf_hex(b, "\\u", c, 4, 0);
		else if (c < 0x80)
			buf_ch(b, (char)c);
		else if ((l = vg_utf8_decode(s + i, n - i, &cp)) == 0) {
			buf_str(b, "\xef\xbf\xbd");
			l = 1;
		} else
			buf_add(b, s + i, l);
	}
	buf_ch(b, '"');
}

static int
isdigitc(char c)
{
	return c >= '0' && c <= '9';
}

/* Whether s is a number by the JSON grammar. */
static int
json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (isdigitc(*s)) {
		while (isdigitc(*s))
			s++;
	} else
		return 0;
	if (*s == '.') {
		if (!isdigitc(*++s))
			return 0;
		while (isdigitc(*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!isdigitc(*s))
			return 0;
		while (isdigitc(*s))
			s++;
	}
	return *s == '\0';
}

static void
json_value(struct buf *b, const char *s, enum vg_coltype type)
{
	if (s == NULL)
		buf_str(b, "null");
	else if (type == VG_COL_NUM && json_number(s))
		buf_str(b, s);
	else
		json_str(b, s);
}

/* Code points other than C0 and DEL that must not reach a terminal raw. */
static int
term_unsafe(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Text made safe for a terminal: ^X, <U+XXXX>, \xHH. */
static void
term_text(struct buf *b, const char *s)
{
	size_t		n, i, l;
	uint32_t	cp;

	if (s == NULL)
		return;
	n = strlen(s);
	for (i = 0; i < n; i += l) {
		unsigned char	c = (unsigned char)s[i];

		l = 1;
		if (c < 0x20) {
			buf_ch(b, '^');
			buf_ch(b, (char)(c + 0x40));
		} else if (c == 0x7f)
			buf_str(b, "^?");
		else if (c < 0x80)
			buf_ch(b, (char)c);
		else if ((l = vg_utf8_decode(s + i, n - i, &cp)) == 0) {
			buf_hex(b, "\\x", c, 2, 0);
			l = 1;
		} else if (term_unsafe(cp)) {
			buf_hex(b, "<U+", cp, 4, 1);
			buf_ch(b, '>');
		} else
			buf_add(b, s + i, l);
	}
}

/* A cell escaped for a terminal, with its width. */
static struct cell
term_cell(struct vg_out *o, const char *s)
{
	struct cell	c;

	o->tmp.len = 0;
	term_text(&o->tmp, s);
	c.s = buf_dup(&o->tmp);
	c.w = vg_text_width(c.s, o->tmp.len);
	return c;
}

struct vg_out *
vg_out_new(FILE *fp, enum vg_fmt fmt, const struct vg_col *cols, size_t ncols)
{
	struct vg_out	*o;
	size_t		 i;

	o = xcalloc(1, sizeof(*o));
	o->fp = fp;
	o->fmt = fmt;
	o->ncols = ncols;
	o->type = xreallocarray(NULL, ncols, sizeof(*o->type));
	o->hdr = xreallocarray(NULL, ncols, sizeof(*o->hdr));
	for (i = 0; i < ncols; i++) {
		o->type[i] = cols[i].type;
		o->tmp.len = 0;
		switch (fmt) {
		case VG_FMT_CSV:
			csv_field(&o->tmp, cols[i].name);
			break;
		case VG_FMT_TSV:
			tsv_field(&o->tmp, cols[i].name);
			break;
		case VG_FMT_JSON:
		case VG_FMT_JSONL:
			json_str(&o->tmp, cols[i].name);
			buf_ch(&o->tmp, ':');
			break;
		default:
			o->hdr[i] = term_cell(o, cols[i].name);
			if (o->hdr[i].w > o->namew)
				o->namew = o->hdr[i].w;
			continue;
		}
		o->hdr[i].s = buf_dup(&o->tmp);
		o->hdr[i].w = 0;
	}
	return o;
}

/* The header line of csv and tsv. */
static void
sep_header(struct vg_out *o, char sep)
{
	size_t	i;

	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			buf_ch(&o->b, sep);
		buf_str(&o->b, o->hdr[i].s);
	}
	buf_ch(&o->b, '\n');
}

static void
json_object(struct vg_out *o, const char *const *vals)
{
	size_t	i;

	buf_ch(&o->b, '{');
	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			buf_ch(&o->b, ',');
		buf_str(&o->b, o->hdr[i].s);
		json_value(&o->b, vals[i], o->type[i]);
	}
	buf_ch(&o->b, '}');
}

static void
line_row(struct vg_out *o, const char *const *vals)
{
	size_t	i;

	if (o->nrows > 0)
		buf_ch(&o->b, '\n');
	for (i = 0; i < o->ncols; i++) {
		buf_rep(&o->b, " ", o->namew - o->hdr[i].w);
		buf_str(&o->b, o->hdr[i].s);
		buf_str(&o->b, " = ");
		term_text(&o->b, vals[i]);
		buf_ch(&o->b, '\n');
	}
}

static void grid_start(struct vg_out *);
static void grid_fit(struct vg_out *, size_t *);
static void cells_line(struct vg_out *, const struct cell *, const size_t *,
    int);

/* Cut c to width w at most, ending it with an ellipsis if it was cut. */
static void
cut_cell(struct vg_out *o, struct cell *c, size_t w)
{
	const char	*ell = o->fmt == VG_FMT_BOX ? "\xe2\x80\xa6" : "~";
	size_t		 n = strlen(c->s), i, l, cw = 0, k;
	uint32_t	 cp;

	if (c->w <= w)
		return;
	for (i = 0; i < n; i += l) {
		if ((l = vg_utf8_decode(c->s + i, n - i, &cp)) == 0)
			l = 1;
		k = l == 1 ? 1 : (size_t)vg_codepoint_width(cp);
		if (cw + k + 1 > w)
			break;
		cw += k;
	}
	c->s[i] = '\0';
	o->tmp.len = 0;
	buf_str(&o->tmp, c->s);
	if (w > 0) {
		buf_str(&o->tmp, ell);
		cw++;
	}
	free(c->s);
	c->s = buf_dup(&o->tmp);
	c->w = cw;
}

static void
keep_row(struct vg_out *o, const char *const *vals)
{
	struct cell	*row;
	size_t		 i;

	if (o->w != NULL) {
		/* drawn: stream the row, cut to the widths */
		row = o->cells;
		for (i = 0; i < o->ncols; i++) {
			row[i] = term_cell(o, vals[i]);
			cut_cell(o, &row[i], o->w[i]);
		}
		cells_line(o, row, o->w, 0);
		for (i = 0; i < o->ncols; i++)
			free(row[i].s);
		return;
	}
	if (o->nrows == o->rowcap) {
		o->rowcap = o->rowcap == 0 ? 16 : o->rowcap * 2;
		o->cells = xreallocarray(o->cells, o->rowcap,
		    o->ncols * sizeof(*o->cells));
	}
	row = o->cells + o->nrows * o->ncols;
	for (i = 0; i < o->ncols; i++)
		row[i] = term_cell(o, vals[i]);
	if (o->nrows + 1 == OUT_WINDOW && o->ncols > 0) {
		o->nrows++;
		grid_start(o);
		o->nrows--;
	}
}

int
vg_out_row(struct vg_out *o, const char *const *vals)
{
	size_t	i;

	switch (o->fmt) {
	case VG_FMT_BOX:
	case VG_FMT_TABLE:
		keep_row(o, vals);
		break;
	case VG_FMT_CSV:
	case VG_FMT_TSV:
		if (o->nrows == 0)
			sep_header(o, o->fmt == VG_FMT_CSV ? ',' : '\t');
		for (i = 0; i < o->ncols; i++) {
			if (i > 0)
				buf_ch(&o->b, o->fmt == VG_FMT_CSV ? ',' : '\t');
			if (o->fmt == VG_FMT_CSV)
				csv_field(&o->b, vals[i]);
			else
				tsv_field(&o->b, vals[i]);
		}
		buf_ch(&o->b, '\n');
		break;
	case VG_FMT_JSON:
		buf_str(&o->b, o->nrows == 0 ? "[" : ",\n");
		json_object(o, vals);
		break;
	case VG_FMT_JSONL:
		json_object(o, vals);
		buf_ch(&o->b, '\n');
		break;
	case VG_FMT_LINE:
		line_row(o, vals);
		break;
	}
	o->nrows++;
	flush_buf(o);
	return o->failed || ferror(o->fp) ? -1 : 0;
}

/* A rule of box or table: left, then each column's width, then right. */
static void
rule(struct vg_out *o, const size_t *w, const char *l, const char *m,
    const char *r)
{
	const char	*h = o->fmt == VG_FMT_BOX ? "\xe2\x94\x80" : "-";
	size_t		 i;

	int		 first = 1;

	buf_str(&o->b, l);
	for (i = 0; i < o->ncols; i++) {
		if (o->off != NULL && o->off[i])
			continue;
		if (!first)
			buf_str(&o->b, m);
		first = 0;
		buf_rep(&o->b, h, w[i] + 2);
	}
	buf_str(&o->b, r);
	buf_ch(&o->b, '\n');
}

/* One line of cells, centred (the header) or aligned by column type. */
static void
cells_line(struct vg_out *o, const struct cell *row, const size_t *w,
    int centre)
{
	const char	*v = o->fmt == VG_FMT_BOX ? "\xe2\x94\x82" : "|";
	size_t		 i, pad;

	for (i = 0; i < o->ncols; i++) {
		if (o->off != NULL && o->off[i])
			continue;
		pad = w[i] - row[i].w;
		buf_str(&o->b, v);
		buf_ch(&o->b, ' ');
		if (centre)
			buf_rep(&o->b, " ", pad / 2);
		else if (o->type[i] == VG_COL_NUM)
			buf_rep(&o->b, " ", pad);
		buf_str(&o->b, row[i].s);
		if (centre)
			buf_rep(&o->b, " ", pad - pad / 2);
		else if (o->type[i] != VG_COL_NUM)
			buf_rep(&o->b, " ", pad);
		buf_ch(&o->b, ' ');
	}
	buf_str(&o->b, v);
	buf_ch(&o->b, '\n');
	flush_buf(o);
}

/* The width of a table drawn with widths w, its hidden columns left out. */
static size_t
grid_width(const struct vg_out *o, const size_t *w)
{
	size_t	i, n = 1;

	for (i = 0; i < o->ncols; i++)
		if (!o->off[i])
			n += w[i] + 3;		/* "| " cell " " */
	return n;
}

/* Narrow the widest columns one at a time, to floor (0: its header's). */
static void
grid_narrow(struct vg_out *o, size_t *w, size_t floor)
{
	size_t	i, best, total = grid_width(o, w);

	while (total > o->fitw) {
		best = o->ncols;
		for (i = 0; i < o->ncols; i++)
			if (!o->off[i] && w[i] > (floor ? floor : o->hdr[i].w) &&
			    (best == o->ncols || w[i] > w[best]))
				best = i;
		if (best == o->ncols)
			return;
		w[best]--;
		total--;
	}
}

/*
 * Fit the table in o->fitw columns: leave out the columns no kept row
 * fills (with o->hide); narrow the widest columns to FIT_CELL; leave out
 * columns from the right while it is still too wide, keeping one; then,
 * from the widths the cells need again (the room the columns left out
 * gave back), narrow the widest to FIT_CELL, to their header's width, and
 * to 1.  The header and the cells kept are cut to the widths, with an
 * ellipsis.
 */
static void
grid_fit(struct vg_out *o, size_t *w)
{
	size_t	i, r, shown = 0, *need;

	o->off = xcalloc(o->ncols > 0 ? o->ncols : 1, 1);
	for (i = 0; i < o->ncols && o->hide; i++) {
		for (r = 0; r < o->nrows; r++)
			if (o->cells[r * o->ncols + i].w > 0)
				break;
		o->off[i] = r == o->nrows;
	}
	for (i = 0; i < o->ncols; i++)
		shown += !o->off[i];
	if (shown == 0) {		/* all empty: show them all */
		memset(o->off, 0, o->ncols);
		shown = o->ncols;
	}
	need = xreallocarray(NULL, o->ncols > 0 ? o->ncols : 1, sizeof(*need));
	memcpy(need, w, o->ncols * sizeof(*w));
	grid_narrow(o, w, FIT_CELL);
	for (i = o->ncols; i-- > 0 && shown > 1 &&
	    grid_width(o, w) > o->fitw; )
		if (!o->off[i]) {
			o->off[i] = 1;
			shown--;
		}
	memcpy(w, need, o->ncols * sizeof(*w));
	free(need);
	grid_narrow(o, w, FIT_CELL);
	grid_narrow(o, w, 0);
	grid_narrow(o, w, 1);
	for (i = 0; i < o->ncols; i++) {
		cut_cell(o, &o->hdr[i], w[i]);
		for (r = 0; r < o->nrows; r++)
			cut_cell(o, &o->cells[r * o->ncols + i], w[i]);
	}
}

/*
 * A terminal's width for box and table: hidden (with hide) the columns
 * that the first rows leave empty, the widest cut until the table fits.
 * 0 draws every column whole.
 */
void
vg_out_fit(struct vg_out *o, size_t width, int hide)
{
	o->fitw = width;
	o->hide = hide;
}

/*
 * Size the columns from the header and the rows kept, draw the top, the
 * header and those rows, and let them go: later rows are streamed.
 */
static void
grid_start(struct vg_out *o)
{
	size_t	*w, i, r;
	int	 box = o->fmt == VG_FMT_BOX;

	w = xreallocarray(NULL, o->ncols > 0 ? o->ncols : 1, sizeof(*w));
	for (i = 0; i < o->ncols; i++) {
		w[i] = o->hdr[i].w;
		for (r = 0; r < o->nrows; r++)
			if (o->cells[r * o->ncols + i].w > w[i])
				w[i] = o->cells[r * o->ncols + i].w;
	}
	if (o->fitw > 0)
		grid_fit(o, w);
	if (box)
		rule(o, w, "\xe2\x94\x8c", "\xe2\x94\xac", "\xe2\x94\x90");
	else
		rule(o, w, "+", "+", "+");
	cells_line(o, o->hdr, w, 1);
	if (box)
		rule(o, w, "\xe2\x94\x9c", "\xe2\x94\xbc", "\xe2\x94\xa4");
	else
		rule(o, w, "+", "+", "+");
	for (r = 0; r < o->nrows; r++) {
		cells_line(o, o->cells + r * o->ncols, w, 0);
		for (i = 0; i < o->ncols; i++)
			free(o->cells[r * o->ncols + i].s);
	}
	o->w = w;
	/* room for one streamed row */
	o->cells = xreallocarray(o->cells, o->ncols > 0 ? o->ncols : 1,
	    sizeof(*o->cells));
	o->rowcap = 1;
}

static void
grid_end(struct vg_out *o)
{
	if (o->nrows == 0 || o->ncols == 0)
		return;
	if (o->w == NULL)
		grid_start(o);
	if (o->fmt == VG_FMT_BOX)
		rule(o, o->w, "\xe2\x94\x94", "\xe2\x94\xb4", "\xe2\x94\x98");
	else
		rule(o, o->w, "+", "+", "+");
}

int
vg_out_end(struct vg_out *o)
{
	size_t	i;
	int	rc;

	if (o == NULL)
		return 0;
	switch (o->fmt) {
	case VG_FMT_BOX:
	case VG_FMT_TABLE:
		grid_end(o);
		break;
	case VG_FMT_CSV:
	case VG_FMT_TSV:
		if (o->nrows == 0)
			sep_header(o, o->fmt == VG_FMT_CSV ? ',' : '\t');
		break;
	case VG_FMT_JSON:
		buf_str(&o->b, o->nrows == 0 ? "[]\n" : "]\n");
		break;
	case VG_FMT_JSONL:
	case VG_FMT_LINE:
		break;
	}
	flush_buf(o);
	if (fflush(o->fp) == EOF)
		o->failed = 1;
	rc = o->failed || ferror(o->fp) ? -1 : 0;

	for (i = 0; i < o->ncols; i++)
		free(o->hdr[i].s);
	if (o->w == NULL && (o->fmt == VG_FMT_BOX || o->fmt == VG_FMT_TABLE))
		for (i = 0; i < o->nrows * o->ncols; i++)
			free(o->cells[i].s);
	free(o->w);
	free(o->off);
	free(o->hdr);
	free(o->type);
	free(o->cells);
	buf_free(&o->b);
	buf_free(&o->tmp);
	free(o);
	return rc;
}
