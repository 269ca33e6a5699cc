/* unit-output.c: the output modes, byte for byte */
#include "vigil.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

static const struct vg_col cols[] = {
	{ "姓名", VG_COL_TEXT },
	{ "note", VG_COL_TEXT },
	{ "n", VG_COL_NUM },
};

static const char *const rows[] = {
	"张伟", "plain", "12",
	"欧阳娜娜", "a, \"b\"", "3.5",
	"Li", "two\nlines", NULL,
	NULL, "esc\x1b[31m", "n/a",
};

#define NCOLS	(sizeof(cols) / sizeof(cols[0]))
#define NROWS	(sizeof(rows) / sizeof(rows[0]) / NCOLS)

/*
 * Write nrows rows in a mode, fitted to width unless it is 0 (hiding the
 * empty columns with hide); the output, and in *rc -1 if a call failed.
 */
static char *
render(enum vg_fmt fmt, const struct vg_col *c, size_t nc,
    const char *const *v, size_t nr, size_t width, int hide, int *rc)
{
	struct vg_out	*o;
	FILE		*fp;
	char		*p = NULL;
	size_t		 n = 0, i;

	*rc = 0;
	if ((fp = open_memstream(&p, &n)) == NULL)
		return NULL;
	o = vg_out_new(fp, fmt, c, nc);
	if (width > 0)
		vg_out_fit(o, width, hide);
	for (i = 0; i < nr; i++)
		if (vg_out_row(o, v + i * nc) != 0)
			*rc = -1;
	if (vg_out_end(o) != 0)
		*rc = -1;
	fclose(fp);
	return p;
}

static void
check(enum vg_fmt fmt, const struct vg_col *c, size_t nc,
    const char *const *v, size_t nr, const char *want, const char *what)
{
	char	*got;
	int	 rc;

	got = render(fmt, c, nc, v, nr, 0, 0, &rc);
	is_str(got, want, "%s", what);
	if (rc != 0)
		ok(0, "%s: status %d", what, rc);
	free(got);
}

static void
test_names(void)
{
	static const char *const names[] = {
		"box", "table", "csv", "tsv", "json", "jsonl", "line"
	};
	enum vg_fmt	f;
	size_t		i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		f = (enum vg_fmt)-1;
		is_int(vg_fmt_parse(names[i], &f), 0, "parse %s", names[i]);
		is_int(f, (enum vg_fmt)i, "%s is mode %zu", names[i], i);
	}
	is_int(vg_fmt_parse("BOX", &f), -1, "names are case-sensitive");
	is_int(vg_fmt_parse("markdown", &f), -1, "unknown mode");
	is_int(vg_fmt_parse("", &f), -1, "empty mode");
	is_str(vg_fmt_names(), "box, table, csv, tsv, json, jsonl, line",
	    "list of modes");
}

static void
test_modes(void)
{
	check(VG_FMT_BOX, cols, NCOLS, rows, NROWS,
	    "┌──────────┬────────────┬─────┐\n"
	    "│   姓名   │    note    │  n  │\n"
	    "├──────────┼────────────┼─────┤\n"
	    "│ 张伟     │ plain      │  12 │\n"
	    "│ 欧阳娜娜 │ a, \"b\"     │ 3.5 │\n"
	    "│ Li       │ two^Jlines │     │\n"
	    "│          │ esc^[[31m  │ n/a │\n"
	    "└──────────┴────────────┴─────┘\n", "box");
	check(VG_FMT_TABLE, cols, NCOLS, rows, NROWS,
	    "+----------+------------+-----+\n"
	    "|   姓名   |    note    |  n  |\n"
	    "+----------+------------+-----+\n"
	    "| 张伟     | plain      |  12 |\n"
	    "| 欧阳娜娜 | a, \"b\"     | 3.5 |\n"
	    "| Li       | two^Jlines |     |\n"
	    "|          | esc^[[31m  | n/a |\n"
	    "+----------+------------+-----+\n", "table");
	check(VG_FMT_CSV, cols, NCOLS, rows, NROWS,
	    "姓名,note,n\n"
	    "张伟,plain,12\n"
	    "欧阳娜娜,\"a, \"\"b\"\"\",3.5\n"
	    "Li,\"two\nlines\",\n"
	    ",\"esc\x1b[31m\",n/a\n", "csv");
	check(VG_FMT_TSV, cols, NCOLS, rows, NROWS,
	    "姓名\tnote\tn\n"
	    "张伟\tplain\t12\n"
	    "欧阳娜娜\ta, \"b\"\t3.5\n"
	    "Li\ttwo\\nlines\t\n"
	    "\tesc\\x1b[31m\tn/a\n", "tsv");
	check(VG_FMT_JSON, cols, NCOLS, rows, NROWS,
	    "[{\"姓名\":\"张伟\",\"note\":\"plain\",\"n\":12},\n"
	    "{\"姓名\":\"欧阳娜娜\",\"note\":\"a, \\\"b\\\"\",\"n\":3.5},\n"
	    "{\"姓名\":\"Li\",\"note\":\"two\\nlines\",\"n\":null},\n"
	    "{\"姓名\":null,\"note\":\"esc\\u001b[31m\",\"n\":\"n/a\"}]\n",
	    "json");
	check(VG_FMT_JSONL, cols, NCOLS, rows, NROWS,
	    "{\"姓名\":\"张伟\",\"note\":\"plain\",\"n\":12}\n"
	    "{\"姓名\":\"欧阳娜娜\",\"note\":\"a, \\\"b\\\"\",\"n\":3.5}\n"
	    "{\"姓名\":\"Li\",\"note\":\"two\\nlines\",\"n\":null}\n"
	    "{\"姓名\":null,\"note\":\"esc\\u001b[31m\",\"n\":\"n/a\"}\n",
	    "jsonl");
	check(VG_FMT_LINE, cols, NCOLS, rows, NROWS,
	    "姓名 = 张伟\n"
	    "note = plain\n"
	    "   n = 12\n"
	    "\n"
	    "姓名 = 欧阳娜娜\n"
	    "note = a, \"b\"\n"
	    "   n = 3.5\n"
	    "\n"
	    "姓名 = Li\n"
	    "note = two^Jlines\n"
	    "   n = \n"
	    "\n"
	    "姓名 = \n"
	    "note = esc^[[31m\n"
	    "   n = n/a\n", "line");
}

static void
test_empty(void)
{
	check(VG_FMT_BOX, cols, NCOLS, rows, 0, "", "box, no rows");
	check(VG_FMT_TABLE, cols, NCOLS, rows, 0, "", "table, no rows");
	check(VG_FMT_CSV, cols, NCOLS, rows, 0, "姓名,note,n\n",
	    "csv, no rows: the header");
	check(VG_FMT_TSV, cols, NCOLS, rows, 0, "姓名\tnote\tn\n",
	    "tsv, no rows: the header");
	check(VG_FMT_JSON, cols, NCOLS, rows, 0, "[]\n", "json, no rows");
	check(VG_FMT_JSONL, cols, NCOLS, rows, 0, "", "jsonl, no rows");
	check(VG_FMT_LINE, cols, NCOLS, rows, 0, "", "line, no rows");
}

static void
test_escapes(void)
{
	static const struct vg_col	one[] = { { "v", VG_COL_TEXT } };
	static const struct vg_col	num[] = { { "x", VG_COL_NUM } };
	static const struct vg_col	odd[] = { { "ab", VG_COL_TEXT } };
	static const char *const	nasty[] = {
		"a\tb\x7f",
		"\xc2\x85|\xe2\x80\xae|\xe2\x80\xa8|\xe2\x81\xa6|\xe2\x80\xa9",
		"x\xffy",
		"\\ \r",
	};
	static const char *const	nums[] = {
		"-0.5e+3", "0", "01", "1.", ".5", "+1", "", "1e", "NaN", NULL,
	};
	static const char *const	csvs[] = {
		"", " lead", "trail ", "in side", "t\tab", NULL,
	};
	static const char *const	abc[] = { "abc" };
	static const char *const	json[] = { "\b\f\x7f\x01 \xff\xe6\x97 é/" };

	check(VG_FMT_LINE, one, 1, nasty, 4,
	    "v = a^Ib^?\n\n"
	    "v = <U+0085>|<U+202E>|<U+2028>|<U+2066>|<U+2029>\n\n"
	    "v = x\\xffy\n\n"
	    "v = \\ ^M\n", "line: control, C1, bidi, bad UTF-8");
	check(VG_FMT_TABLE, one, 1, nasty + 2, 1,
	    "+--------+\n"
	    "|   v    |\n"
	    "+--------+\n"
	    "| x\\xffy |\n"
	    "+--------+\n", "table: width after escaping");
	check(VG_FMT_TSV, one, 1, nasty, 4,
	    "v\n"
	    "a\\tb\\x7f\n"
	    "\\u0085|\xe2\x80\xae|\xe2\x80\xa8|\xe2\x81\xa6|\xe2\x80\xa9\n"
	    "x\\xffy\n"
	    "\\\\ \\r\n", "tsv escapes");
	check(VG_FMT_JSONL, num, 1, nums, 10,
	    "{\"x\":-0.5e+3}\n{\"x\":0}\n{\"x\":\"01\"}\n{\"x\":\"1.\"}\n"
	    "{\"x\":\".5\"}\n{\"x\":\"+1\"}\n{\"x\":\"\"}\n{\"x\":\"1e\"}\n"
	    "{\"x\":\"NaN\"}\n{\"x\":null}\n", "json numbers");
	check(VG_FMT_JSONL, one, 1, json, 1,
	    "{\"v\":\"\\b\\f\\u007f\\u0001 \xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd é/\"}\n", "json escapes, bad UTF-8 replaced");
	check(VG_FMT_CSV, one, 1, csvs, 6,
	    "v\n\"\"\n\" lead\"\n\"trail \"\nin side\n\"t\tab\"\n\n",
	    "csv: empty string quoted, null empty, edge spaces quoted");
	check(VG_FMT_TABLE, odd, 1, abc, 1,
	    "+-----+\n"
	    "| ab  |\n"
	    "+-----+\n"
	    "| abc |\n"
	    "+-----+\n", "table: odd header padding goes right");
	check(VG_FMT_JSON, one, 0, abc, 2, "[{},\n{}]\n", "no columns");
}

/* A stream on /dev/full: every write fails. */
static FILE *
full(int unbuffered)
{
	FILE	*fp;

	if ((fp = fopen("/dev/full", "w")) == NULL)
		return NULL;
	if (unbuffered)
		setvbuf(fp, NULL, _IONBF, 0);
	return fp;
}

static void
test_errors(void)
{
	struct vg_out	*o;
	FILE		*fp;

	if ((fp = full(1)) == NULL) {
		ok(0, "cannot open /dev/full");
		return;
	}
	o = vg_out_new(fp, VG_FMT_CSV, cols, NCOLS);
	is_int(vg_out_row(o, rows), -1, "csv row on a full device fails");
	is_int(vg_out_end(o), -1, "csv end on a full device fails");
	fclose(fp);

	fp = full(1);
	o = vg_out_new(fp, VG_FMT_BOX, cols, NCOLS);
	is_int(vg_out_row(o, rows), 0, "box row is only buffered");
	is_int(vg_out_end(o), -1, "box end on a full device fails");
	fclose(fp);

	fp = full(1);
	o = vg_out_new(fp, VG_FMT_JSON, cols, NCOLS);
	is_int(vg_out_end(o), -1, "json with no rows on a full device fails");
	fclose(fp);

	fp = full(0);
	o = vg_out_new(fp, VG_FMT_JSONL, cols, NCOLS);
	vg_out_row(o, rows);
	is_int(vg_out_end(o), -1, "buffered jsonl on a full device fails");
	fclose(fp);

	fp = full(1);
	o = vg_out_new(fp, VG_FMT_LINE, cols, NCOLS);
	is_int(vg_out_end(o), 0, "line with nothing to write succeeds");
	fclose(fp);
}

/*
 * Box and table size their columns from the first 1000 rows and then
 * stream: the header is out before the end, and a wider value later is
 * cut to its column with an ellipsis.
 */
static void
test_stream(void)
{
	static const struct vg_col	 c[] = { { "v", VG_COL_TEXT } };
	struct vg_out			*o;
	FILE				*fp;
	char				*p = NULL;
	const char			*v[1];
	size_t				 n = 0, i;

	if ((fp = open_memstream(&p, &n)) == NULL) {
		ok(0, "open_memstream");
		return;
	}
	o = vg_out_new(fp, VG_FMT_BOX, c, 1);
	v[0] = "abcd";
	for (i = 0; i < 1000; i++)
		vg_out_row(o, v);
	fflush(fp);
	ok(n > 0 && strncmp(p, "\xe2\x94\x8c", 3) == 0, "box: drawn after"
	    " the first 1000 rows, before the end");
	i = n;
	v[0] = "abcdefgh";
	vg_out_row(o, v);
	v[0] = "张伟张伟";
	vg_out_row(o, v);
	v[0] = NULL;
	vg_out_row(o, v);
	is_int(vg_out_end(o), 0, "box: end");
	fclose(fp);
	is_str(p + i, "\xe2\x94\x82 abc\xe2\x80\xa6 \xe2\x94\x82\n"
	    "\xe2\x94\x82 张\xe2\x80\xa6  \xe2\x94\x82\n"
	    "\xe2\x94\x82      \xe2\x94\x82\n"
	    "\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
	    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x98\n",
	    "box: later rows cut to the columns' widths");
	free(p);

	p = NULL;
	if ((fp = open_memstream(&p, &n)) == NULL)
		return;
	o = vg_out_new(fp, VG_FMT_TABLE, c, 1);
	v[0] = "ab";
	for (i = 0; i < 1000; i++)
		vg_out_row(o, v);
	fflush(fp);
	i = n;
	v[0] = "abc";
	vg_out_row(o, v);
	vg_out_end(o);
	fclose(fp);
	is_str(p + i, "| a~ |\n+----+\n", "table: cut with a tilde");
	free(p);
}

static void
test_fit(void)
{
	static const struct vg_col fc[] = {
		{ "name", VG_COL_TEXT }, { "empty", VG_COL_TEXT },
		{ "n", VG_COL_NUM },
	};
	static const char *const fr[] = {
		"欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜", NULL, "1",
		"Li", "", "22",
	};
	static const struct vg_col tc[] = {
		{ "time", VG_COL_TEXT }, { "last", VG_COL_TEXT },
		{ "track", VG_COL_TEXT },
	};
	static const char *const tr[] = {
		"2022-01-19T07:51:17+01:00", "2022-01-19T07:51:17+01:00",
		"fielddetection:174",
	};
	char	*p, *q;
	int	 rc;

	p = render(VG_FMT_BOX, cols, NCOLS, rows, NROWS, 31, 1, &rc);
	q = render(VG_FMT_BOX, cols, NCOLS, rows, NROWS, 0, 0, &rc);
	is_str(p, q, "fit: a table that fits is as it was");
	free(p);
	free(q);
	p = render(VG_FMT_BOX, cols, NCOLS, rows, NROWS, 30, 1, &rc);
	is_str(p,
	    "┌──────────┬────────────┐\n"
	    "│   姓名   │    note    │\n"
	    "├──────────┼────────────┤\n"
	    "│ 张伟     │ plain      │\n"
	    "│ 欧阳娜娜 │ a, \"b\"     │\n"
	    "│ Li       │ two^Jlines │\n"
	    "│          │ esc^[[31m  │\n"
	    "└──────────┴────────────┘\n", "fit: one column too wide, the last goes");
	free(p);
	p = render(VG_FMT_BOX, fc, 3, fr, 2, 33, 1, &rc);
	is_str(p,
	    "┌──────────────────────────┬────┐\n"
	    "│           name           │ n  │\n"
	    "├──────────────────────────┼────┤\n"
	    "│ 欧阳娜娜欧阳娜娜欧阳娜…  │  1 │\n"
	    "│ Li                       │ 22 │\n"
	    "└──────────────────────────┴────┘\n",
	    "fit: an empty column left out, a long cell cut to 24 between characters");
	free(p);
	p = render(VG_FMT_TABLE, fc, 3, fr, 2, 41, 0, &rc);
	is_str(p,
	    "+--------------------------+-------+----+\n"
	    "|           name           | empty | n  |\n"
	    "+--------------------------+-------+----+\n"
	    "| 欧阳娜娜欧阳娜娜欧阳娜~  |       |  1 |\n"
	    "| Li                       |       | 22 |\n"
	    "+--------------------------+-------+----+\n",
	    "fit: columns chosen are kept, empty or not");
	free(p);
	p = render(VG_FMT_BOX, fc, 3, fr, 2, 12, 1, &rc);
	is_str(p,
	    "┌──────────┐\n"
	    "│   name   │\n"
	    "├──────────┤\n"
	    "│ 欧阳娜…  │\n"
	    "│ Li       │\n"
	    "└──────────┘\n",
	    "fit: very narrow, one column, cut to the width");
	free(p);
	p = render(VG_FMT_BOX, tc, 3, tr, 1, 60, 1, &rc);
	is_str(p,
	    "┌───────────────────────────┬───────────────────────────┐\n"
	    "│           time            │           last            │\n"
	    "├───────────────────────────┼───────────────────────────┤\n"
	    "│ 2022-01-19T07:51:17+01:00 │ 2022-01-19T07:51:17+01:00 │\n"
	    "└───────────────────────────┴───────────────────────────┘\n",
	    "fit: the room a column left out gives back, the others whole");
	free(p);
}

int
main(void)
{
	test_names();
	test_modes();
	test_empty();
	test_escapes();
	test_errors();
	test_stream();
	test_fit();
	return tap_done();
}
