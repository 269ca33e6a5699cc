/* look.c: colour names as the logs write them, and plates as ANPR misreads them */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "vigil-int.h"

/* Other names the logs and witnesses use for the colours vigil keeps. */
static const struct {
	const char	*name;		/* as written */
	const char	*is;		/* one of vg_colour_names */
} synonyms[] = {
	{ "beige", "brown" },
	{ "cyan", "blue" },
	{ "dark blue", "blue" },
	{ "dark grey", "grey" },
	{ "gold", "yellow" },
	{ "gray", "grey" },
	{ "khaki", "brown" },
	{ "light blue", "blue" },
	{ "light grey", "grey" },
	{ "magenta", "pink" },
	{ "maroon", "red" },
	{ "navy", "blue" },
	{ "silver", "grey" },
	{ "tan", "brown" },
	{ "violet", "purple" },
};

/*
 * The code of a colour named as the logs write it (case ignored, the
 * usual synonyms: gray, navy, silver...), or -1 if it names none.
 */
int
vg_colour(const char *name)
{
	size_t	i;

	if (name == NULL || *name == '\0')
		return -1;
	for (i = 1; vg_colour_names[i] != NULL; i++)
		if (strcasecmp(name, vg_colour_names[i]) == 0)
			return (int)i;
	for (i = 0; i < sizeof(synonyms) / sizeof(synonyms[0]); i++)
		if (strcasecmp(name, synonyms[i].name) == 0)
			return vg_colour(synonyms[i].is);
	return -1;
}

/* The next code point of UTF-8 s at *i (a bad byte stands for itself). */
static uint32_t
next_cp(const char *s, size_t *i)
{
	const unsigned char	*u = (const unsigned char *)s + *i;
	uint32_t		 c;
	int			 n, k;

	if (u[0] < 0x80)
		n = 0, c = u[0];
	else if ((u[0] & 0xe0) == 0xc0)
		n = 1, c = u[0] & 0x1f;
	else if ((u[0] & 0xf0) == 0xe0)
		n = 2, c = u[0] & 0x0f;
	else if ((u[0] & 0xf8) == 0xf0)
		n = 3, c = u[0] & 0x07;
	else {
		(*i)++;
		return u[0];
	}
	for (k = 1; k <= n; k++) {
		if ((u[k] & 0xc0) != 0x80) {
			(*i)++;
			return u[0];
		}
		c = c << 6 | (u[k] & 0x3f);
	}
	*i += n + 1;
	return c;
}

#define MAXPLATE	32	/* characters of a plate or pattern compared */

static size_t
decode(const char *s, uint32_t *out)
{
	size_t	i = 0, n = 0;
	uint32_t c;

	while (s[i] != '\0' && n < MAXPLATE) {
		c = next_cp(s, &i);
		if (c == ' ' || c == '-' || c == 0xb7)	/* separators */
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		out[n++] = c;
	}
	return n;
}

/* The province characters that begin Chinese plates. */
static const char provinces[] = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘"
    "晋蒙陕吉闽贵粤青藏川宁琼";

static int
province(uint32_t c)
{
	size_t		i = 0;

	while (provinces[i] != '\0')
		if (next_cp(provinces, &i) == c)
			return 1;
	return 0;
}

/* The class of characters ANPR confuses that c is in, or 0. */
static int
confusion(uint32_t c)
{
	switch (c) {
	case '0': case 'O': case 'D': case 'Q':
		return 1;
	case '8': case 'B':
		return 2;
	case '1': case 'I':
		return 3;
	case '5': case 'S':
		return 4;
	case '2': case 'Z':
		return 5;
	case '6': case 'G':
		return 6;
	default:
		return province(c) ? 7 : 0;
	}
}

/* The cost of reading pattern character p where the plate has c. */
static double
subst(uint32_t p, uint32_t c)
{
	int	k;

	if (p == '?' || p == c)
		return 0;
	k = confusion(p);
	return k != 0 && k == confusion(c) ? 0.5 : 1;
}

/*
 * How far plate lies from pattern: a weighted edit distance over
 * characters (case, spaces and dashes ignored), where ? matches any one
 * character and * any run, a character ANPR confuses with the one the
 * pattern has (0 O D Q, 8 B, 1 I, 5 S, 2 Z, 6 G, one province for
 * another) costs 0.5 and any other change 1.  NAN when the plate needs
 * more than errs changes of the second sort.
 */
double
vg_plate_distance(const char *pattern, const char *plate, int errs)
{
	uint32_t	 p[MAXPLATE], c[MAXPLATE];
	double		 d[MAXPLATE + 1][MAXPLATE + 1], v, w;
	int		 h[MAXPLATE + 1][MAXPLATE + 1], hv, hw;
	size_t		 np, nc, i, j;

	if (pattern == NULL || plate == NULL)
		return NAN;
	np = decode(pattern, p);
	nc = decode(plate, c);
	/* d: cost; h: changes of the second sort along the same path */
	d[0][0] = 0, h[0][0] = 0;
	for (j = 1; j <= nc; j++)
		d[0][j] = j, h[0][j] = (int)j;
	for (i = 1; i <= np; i++) {
		int	star = p[i - 1] == '*';

		d[i][0] = star ? d[i - 1][0] : d[i - 1][0] + 1;
		h[i][0] = star ? h[i - 1][0] : h[i - 1][0] + 1;
		for (j = 1; j <= nc; j++) {
			if (star) {
				/* the run ends here, or takes one more */
				v = d[i - 1][j], hv = h[i - 1][j];
				w = d[i][j - 1], hw = h[i][j - 1];
			} else {
				double	s = subst(p[i - 1], c[j - 1]);

				v = d[i - 1][j - 1] + s;
				hv = h[i - 1][j - 1] + (s == 1);
				/* a character the plate lacks, or has more */
				w = d[i - 1][j] + 1, hw = h[i - 1][j] + 1;
				if (w < v || (w == v && hw < hv))
					v = w, hv = hw;
				w = d[i][j - 1] + 1, hw = h[i][j - 1] + 1;
			}
			if (w < v || (w == v && hw < hv))
				v = w, hv = hw;
			d[i][j] = v, h[i][j] = hv;
		}
	}
	return h[np][nc] <= errs ? d[np][nc] : NAN;
}
