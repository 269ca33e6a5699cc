/*
 * look-redraw: a vigil-simulate world's sightings as another day's
 * (bench/look-month): every person (and vehicle, by its driver) seen at
 * the same places and times, moved by DAY whole days, with a look of its
 * own that day: a new appearance vector for the person and the day
 * (normal values plus 0.3 times normal noise a sighting, as the simulator
 * draws them) and the usual colours of another person of its kind (a
 * permutation a day; a colour that is not the person's usual one, a
 * misread, stays as it was).  Everything else as the world wrote it.
 * usage: look-redraw WORLD OUT DAY SEED
 * (writes the cameras' sightings files in OUT/cameras; not the gates')
 */
#include <sys/stat.h>
#include <dirent.h>
#include <err.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NCOL	64		/* colour names at most */
#define STRANGER 10000000	/* strangers' numbers (S...) from here */

struct cam {
	int32_t	*who;		/* person by track number, -1 none */
	size_t	 n;		/* tracks */
};

static struct cam cams[10000];	/* by camera number */
static char	*colname[NCOL];	/* colour names seen */
static int	 ncol;		/* how many */
static int32_t	*usual[2][2];	/* [vehicle][upper, lower]: by person */
static int32_t	*wears[2][2];	/* the same, worn on the day */
static uint32_t	*count[2];	/* [vehicle]: person * 2 * NCOL counts */
static size_t	 npeople;	/* person slots */
static float	*look[2];	/* [vehicle]: the day's vector, by person */
static unsigned char *has[2];	/* [vehicle]: whether drawn */
static int	 dim;		/* the vectors' length */
static int	 day;		/* days moved */
static uint64_t	 seed;		/* of the draws */

static uint64_t
mix(uint64_t z)
{
	z = (z ^ z >> 30) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ z >> 27) * 0x94d049bb133111ebULL;
	return z ^ z >> 31;
}

struct rng {
	uint64_t s;		/* splitmix64 state */
	int	 have;		/* a second normal kept */
	double	 keep;		/* it */
};

static uint64_t
rnext(struct rng *r)
{
	return mix(r->s += 0x9e3779b97f4a7c15ULL);
}

static double
gauss(struct rng *r)
{
	double	u, v, s;

	if (r->have) {
		r->have = 0;
		return r->keep;
	}
	do {
		u = (double)(rnext(r) >> 11) / 9007199254740992.0 * 2 - 1;
		v = (double)(rnext(r) >> 11) / 9007199254740992.0 * 2 - 1;
		s = u * u + v * v;
	} while (s >= 1 || s == 0);
	s = sqrt(-2 * log(s) / s);
	r->have = 1;
	r->keep = v * s;
	return u * s;
}

static int
person(const char *p)
{
	if (p[0] == 'P')
		return atoi(p + 1);
	if (p[0] == 'S')
		return STRANGER + atoi(p + 1);
	return -1;
}

static int
colour(const char *s, size_t n)
{
	int	i;

	for (i = 0; i < ncol; i++)
		if (strlen(colname[i]) == n && memcmp(colname[i], s, n) == 0)
			return i;
	if (ncol == NCOL)
		errx(1, "too many colours");
	colname[ncol] = strndup(s, n);
	return ncol++;
}

/* person p's slot (people then strangers) */
static size_t
slot(int p)
{
	size_t	s = p >= STRANGER ? npeople / 2 + (size_t)(p - STRANGER) :
		    (size_t)p;

	if (p < 0 || s >= npeople)
		errx(1, "person %d out of range", p);
	return s;
}

/* split line at commas into f (n fields at most): how many */
static int
split(char *line, char **f, int n)
{
	int	i = 0;

	f[i++] = line;
	for (; *line != '\0'; line++)
		if (*line == ',' && i < n) {
			*line = '\0';
			f[i++] = line + 1;
		}
	return i;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
b64put(const unsigned char *p, size_t n, FILE *o)
{
	size_t	i;
	unsigned v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		putc(b64[v >> 18], o);
		putc(b64[v >> 12 & 63], o);
		putc(b64[v >> 6 & 63], o);
		putc(b64[v & 63], o);
	}
	if (i < n) {
		v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] <<
		    8 : 0);
		putc(b64[v >> 18], o);
		putc(b64[v >> 12 & 63], o);
		putc(i + 1 < n ? b64[v >> 6 & 63] : '=', o);
		putc('=', o);
	}
}

/* a time's date (its first ten characters) moved by day days */
static void
moved(const char *t, FILE *o)
{
	static char	last[11], out[11];
	struct tm	tm;
	time_t		x;

	if (strncmp(t, last, 10) != 0) {
		memset(&tm, 0, sizeof(tm));
		if (sscanf(t, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon,
		    &tm.tm_mday) != 3)
			errx(1, "%s: not a time", t);
		tm.tm_year -= 1900;
		tm.tm_mon--;
		tm.tm_hour = 12;
		x = timegm(&tm) + (time_t)day * 86400;
		gmtime_r(&x, &tm);
		strftime(out, sizeof(out), "%Y-%m-%d", &tm);
		memcpy(last, t, 10);
	}
	fputs(out, o);
	fputs(t + 10, o);
}

static int
cam_of(const char *c)
{
	int	n = atoi(c + 1);

	if (c[0] != 'C' || n <= 0 || n >= 10000)
		errx(1, "%s: not a camera", c);
	return n;
}

static int
track_of(const char *t)
{
	return atoi(t + 1);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	char		 path[4096], *line = NULL, *f[20], **names = NULL;
	size_t		 cap = 0, nn = 0, i, s, k;
	ssize_t		 len;
	FILE		*in, *o;
	DIR		*dir;
	struct dirent	*de;
	struct rng	 noise;
	int		 c, t, p, g, u, l, most, j, maxp = 0, maxs = 0;
	float		 v[1024];
	double		 norm;

	if (argc != 5)
		errx(2, "usage: look-redraw WORLD OUT DAY SEED");
	day = atoi(argv[3]);
	seed = strtoull(argv[4], NULL, 10);

	/* who each sighting shows */
	snprintf(path, sizeof(path), "%s/truth-sightings.csv", argv[1]);
	if ((in = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	getline(&line, &cap, in);
	while ((len = getline(&line, &cap, in)) > 0) {
		if (split(line, f, 4) < 3)
			errx(1, "%s: short line", path);
		c = cam_of(f[0]);
		t = track_of(f[1]);
		p = person(f[2]);
		if (p >= STRANGER && p - STRANGER > maxs)
			maxs = p - STRANGER;
		else if (p < STRANGER && p > maxp)
			maxp = p;
		if ((size_t)t >= cams[c].n) {
			k = cams[c].n;
			cams[c].n = (size_t)t * 2 + 16;
			cams[c].who = realloc(cams[c].who, cams[c].n *
			    sizeof(int32_t));
			for (; k < cams[c].n; k++)
				cams[c].who[k] = -1;
		}
		cams[c].who[t] = p;
	}
	fclose(in);
	npeople = 2 * (size_t)((maxp > maxs ? maxp : maxs) + 1);
	for (g = 0; g < 2; g++) {
		count[g] = calloc(npeople * 2 * NCOL, sizeof(uint32_t));
		look[g] = NULL;
		has[g] = calloc(npeople, 1);
		for (j = 0; j < 2; j++) {
			usual[g][j] = malloc(npeople * sizeof(int32_t));
			wears[g][j] = malloc(npeople * sizeof(int32_t));
		}
	}

	/* the cameras' files, by name */
	snprintf(path, sizeof(path), "%s/cameras", argv[1]);
	if ((dir = opendir(path)) == NULL)
		err(1, "%s", path);
	while ((de = readdir(dir)) != NULL)
		if (strstr(de->d_name, ".sightings.csv") != NULL) {
			names = realloc(names, (nn + 1) * sizeof(*names));
			names[nn++] = strdup(de->d_name);
		}
	closedir(dir);
	qsort(names, nn, sizeof(*names), name_cmp);

	/* each person's usual colours, by kind */
	for (i = 0; i < nn; i++) {
		snprintf(path, sizeof(path), "%s/cameras/%s", argv[1],
		    names[i]);
		if ((in = fopen(path, "r")) == NULL)
			err(1, "%s", path);
		getline(&line, &cap, in);
		while ((len = getline(&line, &cap, in)) > 0) {
			if (line[len - 1] == '\n')
				line[--len] = '\0';
			if (split(line, f, 20) != 16)
				errx(1, "%s: not 16 fields", path);
			c = cam_of(f[0]);
			t = track_of(f[1]);
			if ((size_t)t >= cams[c].n || cams[c].who[t] < 0)
				errx(1, "%s: %s not in the truth", path, f[1]);
			s = slot(cams[c].who[t]);
			g = strcmp(f[4], "vehicle") == 0;
			u = colour(f[8], strlen(f[8]));
			l = colour(f[9], strlen(f[9]));
			count[g][(s * 2) * NCOL + (size_t)u]++;
			count[g][(s * 2 + 1) * NCOL + (size_t)l]++;
			if (dim == 0 && f[15][0] != '\0')
				dim = (int)(strlen(f[15]) / 4 * 3 -
				    (strchr(f[15], '=') != NULL ?
				    strlen(strchr(f[15], '=')) : 0)) / 4;
		}
		fclose(in);
	}
	if (dim <= 0 || dim > 1024)
		errx(1, "no vectors");
	for (g = 0; g < 2; g++) {
		size_t	*ps = malloc(npeople * sizeof(*ps)), np = 0;
		size_t	*qs = malloc(npeople * sizeof(*qs));
		struct rng r = { mix(seed * 1000003 + (uint64_t)day * 2 +
		    (uint64_t)g), 0, 0 };

		look[g] = calloc(npeople * (size_t)dim, sizeof(float));
		for (s = 0; s < npeople; s++) {
			uint32_t *cnt = count[g] + s * 2 * NCOL, sum = 0;

			for (j = 0; j < 2; j++) {
				most = 0;
				for (k = 0; k < NCOL; k++) {
					sum += cnt[j * NCOL + k];
					if (cnt[j * NCOL + k] >
					    cnt[j * NCOL + (size_t)most])
						most = (int)k;
				}
				usual[g][j][s] = wears[g][j][s] = most;
			}
			if (sum > 0)
				ps[np++] = s;
		}
		/* a permutation of the people of this kind: each wears
		   another's usual colours */
		for (k = 0; k < np; k++)
			qs[k] = ps[k];
		for (k = np; k > 1; k--) {
			size_t	x = (size_t)(rnext(&r) % k), y = qs[x];

			qs[x] = qs[k - 1];
			qs[k - 1] = y;
		}
		for (k = 0; k < np; k++)
			for (j = 0; j < 2; j++)
				wears[g][j][ps[k]] = usual[g][j][qs[k]];
		free(qs);
		free(ps);
	}

	/* the day's files */
	snprintf(path, sizeof(path), "%s/cameras", argv[2]);
	if (mkdir(argv[2], 0755) == -1 || mkdir(path, 0755) == -1)
		err(1, "%s", path);
	noise.s = mix(seed * 7919 + (uint64_t)day + 0x6e6f697365ULL);
	noise.have = 0;
	for (i = 0; i < nn; i++) {
		snprintf(path, sizeof(path), "%s/cameras/%s", argv[1],
		    names[i]);
		if ((in = fopen(path, "r")) == NULL)
			err(1, "%s", path);
		snprintf(path, sizeof(path), "%s/cameras/%s", argv[2],
		    names[i]);
		if ((o = fopen(path, "w")) == NULL)
			err(1, "%s", path);
		if ((len = getline(&line, &cap, in)) > 0)
			fputs(line, o);
		while ((len = getline(&line, &cap, in)) > 0) {
			if (line[len - 1] == '\n')
				line[--len] = '\0';
			split(line, f, 20);
			c = cam_of(f[0]);
			t = track_of(f[1]);
			s = slot(cams[c].who[t]);
			g = strcmp(f[4], "vehicle") == 0;
			for (j = 0; j < 2; j++) {
				if (j == 0)
					fprintf(o, "%s,%s,", f[0], f[1]);
				moved(f[2 + j], o);
				putc(',', o);
			}
			fprintf(o, "%s,%s,%s,%s,", f[4], f[5], f[6], f[7]);
			for (j = 0; j < 2; j++) {
				u = colour(f[8 + j], strlen(f[8 + j]));
				fputs(u == usual[g][j][s] ?
				    colname[wears[g][j][s]] : f[8 + j], o);
				putc(',', o);
			}
			fprintf(o, "%s,%s,%s,%s,%s,", f[10], f[11], f[12],
			    f[13], f[14]);
			if (f[15][0] != '\0') {
				float	*b = look[g] + s * (size_t)dim;

				if (!has[g][s]) {
					struct rng r = { mix((seed * 1000003 +
					    (uint64_t)day * 2 + (uint64_t)g) ^
					    (uint64_t)s << 24 ^ 0x6c6f6f6bULL),
					    0, 0 };

					for (j = 0; j < dim; j++)
						b[j] = (float)gauss(&r);
					has[g][s] = 1;
				}
				norm = 0;
				for (j = 0; j < dim; j++) {
					v[j] = (float)(b[j] + 0.3 *
					    gauss(&noise));
					norm += (double)v[j] * v[j];
				}
				norm = sqrt(norm);
				for (j = 0; j < dim; j++)
					v[j] = (float)(v[j] / norm);
				/* little-endian machines only */
				b64put((const unsigned char *)v,
				    (size_t)dim * 4, o);
			}
			putc('\n', o);
		}
		fclose(in);
		if (fclose(o) == EOF)
			err(1, "%s", path);
	}
	return 0;
}
