/* time.c: ISO 8601 times to and from UTC microseconds, in system time zones */
#include "config.h"

#include "vigil.h"

#include <sys/stat.h>
#include <sys/time.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define ZONEINFO	"/usr/share/zoneinfo"
#define US		INT64_C(1000000)	/* microseconds a second */
#define DAY		INT64_C(86400)		/* seconds a day */
#define HOUR		INT64_C(3600)		/* seconds an hour */
#define MAXOFF		(18 * 60)		/* largest offset, minutes */
#define ISDIGIT(c)	((unsigned)((c) - '0') < 10)

/*
 * One UTC hour of a zone: its offset, which changes at most once within the
 * hour (true of every zone in the tz database; transitions are days apart).
 */
struct span {
	int64_t	 hour;		/* floor(t / 3600) of the hour, or INT64_MIN */
	int64_t	 split;		/* first second at offset o2 */
	int	 o1;		/* offset before split, seconds east of UTC */
	int	 o2;		/* offset from split on */
};

/* Each kind of look-up keeps its own hour, so that they do not evict. */
enum {
	SP_BEFORE,		/* a day before a local time */
	SP_AFTER,		/* a day after it */
	SP_CAND1,		/* the first candidate instant */
	SP_CAND2,		/* the second */
	SP_UTC,			/* instants given in UTC */
	NSPAN
};

struct vg_tz {
	char		*name;		/* zone name */
	int		 utc;		/* UTC: offset 0, TZ never touched */
	struct span	 sp[NSPAN];	/* hours last looked up, by use */
};

static char	*tz_current;	/* zone TZ was last set to by us, or NULL */

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t	q = a / b;

	return q - ((a % b) < 0);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* A date from days since 1970-01-01, proleptic Gregorian (H. Hinnant). */
void
vg_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t	era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
mdays(int y, int m)
{
	static const int	n[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return n[m - 1];
}

/* Point TZ at the zone, unless it points there already. */
static void
use_zone(const struct vg_tz *tz)
{
	char	*v;

	if (tz_current != NULL && strcmp(tz_current, tz->name) == 0)
		return;
	xasprintf(&v, ":%s", tz->name);
	if (setenv("TZ", v, 1) == -1)
		abort();	/* ENOMEM, the only error: as xmalloc does */
	free(v);
	tzset();
	free(tz_current);
	tz_current = xstrdup(tz->name);
}

/* The offset glibc gives at a UTC second; TZ must be set. */
static int
sys_offset(int64_t t)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return (int)tm.tm_gmtoff;
}

/* Learn the offsets of a UTC hour, and the second at which they change. */
static void
span_fill(const struct vg_tz *tz, struct span *sp, int64_t hour)
{
	int64_t	lo, hi, mid;

	use_zone(tz);
	lo = hour * HOUR;
	hi = lo + HOUR - 1;
	sp->hour = hour;
	sp->o1 = sys_offset(lo);
	sp->o2 = sys_offset(hi);
	if (sp->o1 == sp->o2) {
		sp->split = hi + 1;
		return;
	}
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (sys_offset(mid) == sp->o1)
			lo = mid;
		else
			hi = mid;
	}
	sp->split = hi;
}

/* Offset at UTC second t, through the hour cache of the given use. */
static int
zone_offset(struct vg_tz *tz, int use, int64_t t)
{
	struct span	*sp;
	int64_t		 hour;

	if (tz == NULL || tz->utc)
		return 0;
	sp = &tz->sp[use];
	hour = floordiv(t, HOUR);
	if (sp->hour != hour)
		span_fill(tz, sp, hour);
	return t < sp->split ? sp->o1 : sp->o2;
}

/*
 * The UTC second of local wall time l (counted as if it were UTC).  A
 * time that occurs twice gives the earlier; one that never occurs, -1.
 */
static int
local_to_utc(struct vg_tz *tz, int64_t l, int64_t *t)
{
	int64_t	a, b;
	int	oa, ob, va, vb;

	oa = zone_offset(tz, SP_BEFORE, l - DAY);
	ob = zone_offset(tz, SP_AFTER, l + DAY);
	a = l - oa;
	va = zone_offset(tz, SP_CAND1, a) == oa;
	if (oa == ob) {
		*t = a;
		return va ? 0 : -1;
	}
	b = l - ob;
	vb = zone_offset(tz, SP_CAND2, b) == ob;
	if (va && vb)
		*t = a < b ? a : b;
	else if (va)
		*t = a;
	else if (vb)
		*t = b;
	else
		return -1;
	return 0;
}

/* A name the zone database could hold: relative, no "." or ".." parts. */
static int
zone_name_ok(const char *name)
{
	const char	*p, *part;

	if (*name == '\0' || strlen(name) > 255)
		return 0;
	for (part = p = name;; p++) {
		if (*p == '/' || *p == '\0') {
			if (p == part || (p - part == 1 && part[0] == '.') ||
			    (p - part == 2 && part[0] == '.' && part[1] == '.'))
				return 0;
			if (*p == '\0')
				return 1;
			part = p + 1;
		} else if (!ISDIGIT(*p) && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= 'a' && *p <= 'z') && strchr("._+-", *p) == NULL)
			return 0;
	}
}

/* The zone file exists and is TZif; glibc takes anything else as UTC. */
static int
zone_file_ok(const char *name)
{
	const char	*dir;
	char		*path, magic[4];
	struct stat	 st;
	int		 fd, ok;

	if ((dir = getenv("TZDIR")) == NULL || *dir == '\0')
		dir = ZONEINFO;
	xasprintf(&path, "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	free(path);
	if (fd == -1)
		return 0;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, "TZif", sizeof(magic)) == 0;
	close(fd);
	return ok;
}

struct vg_tz *
vg_tz_open(const char *name, struct vg_error *e)
{
	struct vg_tz	*tz;
	char		 b[VG_SHOWSZ];
	int		 utc, i;

	if (name == NULL)
		name = "";
	utc = strcmp(name, "UTC") == 0 || strcmp(name, "Z") == 0 ||
	    strcmp(name, "Etc/UTC") == 0;
	if (!utc && (!zone_name_ok(name) || !zone_file_ok(name))) {
		vg_error_set(e, "unknown time zone '%s'", vg_show(name,
		    strlen(name), b, sizeof(b)));
		return NULL;
	}
	tz = xcalloc(1, sizeof(*tz));
	tz->name = xstrdup(strcmp(name, "Z") == 0 ? "UTC" : name);
	tz->utc = utc;
	for (i = 0; i < NSPAN; i++)
		tz->sp[i].hour = INT64_MIN;
	return tz;
}

void
vg_tz_free(struct vg_tz *tz)
{
	if (tz == NULL)
		return;
	free(tz->name);
	free(tz);
}

const char *
vg_tz_name(const struct vg_tz *tz)
{
	return tz == NULL ? "UTC" : tz->name;
}

/* Seconds east of UTC in the zone at an instant. */
int
vg_tz_offset(struct vg_tz *tz, int64_t us)
{
	return zone_offset(tz, SP_UTC, floordiv(us, US));
}

#define D2(p)	((u[p] - '0') * 10 + (u[(p) + 1] - '0'))
#define ISD2(p)	(ISDIGIT(u[p]) && ISDIGIT(u[(p) + 1]))

/*
 * YYYY-MM-DD[(T|t| )HH:MM[:SS[(.|,)F{1,6}]][Z|z|(+|-)HH[[:]MM]]] in len
 * bytes of s, which need not end in a NUL.
 * Without an offset the time is local in tz (NULL: UTC); a date alone is
 * local midnight.
 */
int
vg_time_parse(struct vg_tz *tz, const char *s, size_t len, int64_t *us,
    const char **why)
{
	static const int	 scale[] = {
		1, 100000, 10000, 1000, 100, 10, 1
	};
	const unsigned char	*u = (const unsigned char *)s;
	const char		*bad = "not an ISO 8601 time";
	int			 y, mo, d, h = 0, mi = 0, sec = 0, frac = 0;
	int			 n, oh, om, sign, off = 0, has_off = 0;
	size_t			 p;
	int64_t			 t;

	if (len < 10 || !ISD2(0) || !ISD2(2) || u[4] != '-' || !ISD2(5) ||
	    u[7] != '-' || !ISD2(8))
		goto fail;
	y = D2(0) * 100 + D2(2);
	mo = D2(5);
	d = D2(8);
	if (y == 0) {
		bad = "year out of range";
		goto fail;
	}
	if (mo < 1 || mo > 12) {
		bad = "month out of range";
		goto fail;
	}
	if (d < 1 || d > mdays(y, mo)) {
		bad = "day out of range";
		goto fail;
	}
	p = 10;
	if (p == len)
		goto convert;
	if (u[p] != 'T' && u[p] != 't' && u[p] != ' ') {
		bad = "trailing characters";
		goto fail;
	}
	p++;
	if (len - p < 5 || !ISD2(p) || u[p + 2] != ':' || !ISD2(p + 3))
		goto fail;
	h = D2(p);
	mi = D2(p + 3);
	p += 5;
	if (h > 23) {
		bad = "hour out of range";
		goto fail;
	}
	if (mi > 59) {
		bad = "minute out of range";
		goto fail;
	}
	if (p < len && u[p] == ':') {
		if (len - p < 3 || !ISD2(p + 1))
			goto fail;
		sec = D2(p + 1);
		p += 3;
		if (sec > 59) {
			bad = "second out of range";
			goto fail;
		}
		if (p < len && (u[p] == '.' || u[p] == ',')) {
			for (p++, n = 0; p < len && ISDIGIT(u[p]); p++, n++) {
				if (n == 6) {
					bad = "more than 6 fraction digits";
					goto fail;
				}
				frac = frac * 10 + (u[p] - '0');
			}
			if (n == 0)
				goto fail;
			frac *= scale[n];
		}
	}
	if (p < len && (u[p] == 'Z' || u[p] == 'z')) {
		has_off = 1;
		p++;
	} else if (p < len && (u[p] == '+' || u[p] == '-')) {
		if (len - p < 3 || !ISD2(p + 1))
			goto fail;
		sign = u[p] == '-' ? -1 : 1;
		oh = D2(p + 1);
		om = 0;
		p += 3;
		if (p < len && u[p] == ':') {
			if (len - p < 3 || !ISD2(p + 1))
				goto fail;
			om = D2(p + 1);
			p += 3;
		} else if (p < len && ISDIGIT(u[p])) {
			if (len - p < 2 || !ISD2(p))
				goto fail;
			om = D2(p);
			p += 2;
		}
		if (om > 59 || oh * 60 + om > MAXOFF) {
			bad = "offset out of range";
			goto fail;
		}
		off = (oh * 60 + om) * 60 * sign;
		has_off = 1;
	}
	if (p != len) {
		bad = "trailing characters";
		goto fail;
	}

convert:
	t = days_from_civil(y, mo, d) * DAY + h * HOUR + mi * 60 + sec;
	if (has_off)
		t -= off;
	else if (tz != NULL && !tz->utc && local_to_utc(tz, t, &t) == -1) {
		bad = "local time does not exist (daylight saving gap)";
		goto fail;
	}
	*us = t * US + frac;
	return 0;

fail:
	if (why != NULL)
		*why = bad;
	return -1;
}

static char *
put2(char *p, int64_t v)
{
	*p++ = '0' + v / 10 % 10;
	*p++ = '0' + v % 10;
	return p;
}

/*
 * An instant as ISO 8601 local time in tz (NULL: UTC) with the offset
 * written out, to the minute.  Returns the length, as snprintf(3) does.
 */
size_t
vg_time_format(struct vg_tz *tz, int64_t us, char *buf, size_t size)
{
	char	 b[VG_TIME_BUFSZ], dig[24], *p = b;
	int64_t	 t, frac, l, days, sod, y;
	int	 m, d, off, n;
	size_t	 len, cp;

	t = floordiv(us, US);
	/* us - t * US would overflow near INT64_MIN */
	if ((frac = us % US) < 0)
		frac += US;
	off = zone_offset(tz, SP_UTC, t);
	l = t + off;
	days = floordiv(l, DAY);
	sod = l - days * DAY;
	vg_civil_from_days(days, &y, &m, &d);
	if (y >= 0 && y <= 9999) {
		p = put2(p, y / 100);
		p = put2(p, y % 100);
	} else {
		if (y < 0)
			*p++ = '-';
		for (n = 0; y != 0; y /= 10)
			dig[n++] = '0' + (y < 0 ? -(y % 10) : y % 10);
		while (n > 0)
			*p++ = dig[--n];
	}
	*p++ = '-';
	p = put2(p, m);
	*p++ = '-';
	p = put2(p, d);
	*p++ = 'T';
	p = put2(p, sod / 3600);
	*p++ = ':';
	p = put2(p, sod / 60 % 60);
	*p++ = ':';
	p = put2(p, sod % 60);
	if (frac != 0) {
		*p++ = '.';
		p = put2(p, frac / 10000);
		p = put2(p, frac / 100 % 100);
		p = put2(p, frac % 100);
		if (frac % 1000 == 0)
			p -= 3;
	}
	*p++ = off <= -60 ? '-' : '+';
	if (off < 0)
		off = -off;
	p = put2(p, off / 3600);
	*p++ = ':';
	p = put2(p, off / 60 % 60);
	len = p - b;
	if (size > 0) {
		cp = len < size ? len : size - 1;
		memcpy(buf, b, cp);
		buf[cp] = '\0';
	}
	return len;
}

/* The local calendar day of instant us in tz, plus days, as YYYY-MM-DD. */
static void
local_day(struct vg_tz *tz, int64_t us, int days, char *buf)
{
	int64_t	 t, y;
	int	 m, d;

	t = floordiv(us, US);
	t += zone_offset(tz, SP_UTC, t);
	vg_civil_from_days(floordiv(t, DAY) + days, &y, &m, &d);
	if (y < 1 || y > 9999)
		y = 1;
	put2(put2(buf, y / 100), y % 100);
	buf[4] = '-';
	put2(buf + 5, m);
	buf[7] = '-';
	put2(buf + 8, d);
	buf[10] = '\0';
}

/*
 * The local calendar day (midnight to midnight in tz, NULL: UTC) that
 * holds instant us: its first instant and the first past it, in UTC
 * microseconds, and its name YYYY-MM-DD in buf (11 bytes).  A midnight
 * that never occurs begins the day at the first local time that does.
 */
void
vg_local_day(struct vg_tz *tz, int64_t us, int64_t *start, int64_t *end,
    char *buf)
{
	int64_t	t, day, s;
	int	i;

	t = floordiv(us, US);
	day = floordiv(t + zone_offset(tz, SP_UTC, t), DAY);
	local_day(tz, us, 0, buf);
	for (i = 0; i < 2; i++) {
		/* the first second of the day that occurs, by hours */
		for (s = 0; s < DAY; s += HOUR)
			if (local_to_utc(tz, (day + i) * DAY + s, &t) == 0)
				break;
		if (s == DAY)
			t = (day + i) * DAY;
		if (i == 0)
			*start = t * US;
		else
			*end = t * US;
	}
	if (*start > us)
		*start = floordiv(us, US) * US;
	if (*end <= us)
		*end = (floordiv(us, US) + 1) * US;
}

/* The first instant of local day number day (since 1970-01-01) in tz. */
static int64_t
local_midnight(struct vg_tz *tz, int64_t day)
{
	int64_t	t, s;

	for (s = 0; s < DAY; s += HOUR)
		if (local_to_utc(tz, day * DAY + s, &t) == 0)
			return t * US;
	return day * DAY * US;
}

/*
 * The local week (Monday to Monday) or, with month, calendar month that
 * holds instant us: its first instant and the first past it, in UTC
 * microseconds, and its name in buf (16 bytes): the ISO week, YYYY-Www,
 * or YYYY-MM.
 */
void
vg_local_period(struct vg_tz *tz, int64_t us, int month, int64_t *start,
    int64_t *end, char *buf)
{
	int64_t	t, day, a, b, y;
	int	m, d;

	t = floordiv(us, US);
	day = floordiv(t + zone_offset(tz, SP_UTC, t), DAY);
	if (month) {
		vg_civil_from_days(day, &y, &m, &d);
		a = days_from_civil(y, m, 1);
		b = m == 12 ? days_from_civil(y + 1, 1, 1) :
		    days_from_civil(y, m + 1, 1);
		snprintf(buf, 16, "%04d-%02d", (int)(y < 1 || y > 9999 ? 1 :
		    y), m);
	} else {
		/* 1970-01-01 was a Thursday; an ISO week is its Thursday's */
		a = day - (day + 3 - floordiv(day + 3, 7) * 7);
		b = a + 7;
		vg_civil_from_days(a + 3, &y, &m, &d);
		snprintf(buf, 16, "%04d-W%02d", (int)(y < 1 || y > 9999 ? 1 :
		    y), (int)((a + 3 - days_from_civil(y, 1, 1)) / 7 + 1));
	}
	*start = local_midnight(tz, a);
	*end = local_midnight(tz, b);
}

/*
 * A time as a person types it: ISO 8601 as vg_time_parse takes it; "now";
 * "today" or "yesterday", alone (midnight) or followed by a time of day;
 * or a time of day alone (HH:MM[:SS[.F]], no offset) on the local day of
 * ref, or of now when ref is VG_TIME_NONE.  now is the current instant.
 */
int
vg_time_parse_near(struct vg_tz *tz, const char *s, size_t len, int64_t ref,
    int64_t now, int64_t *us, const char **why)
{
	static const struct {
		const char	*word;		/* as typed */
		int		 days;		/* from now's day */
	} words[] = {
		{ "today", 0 }, { "yesterday", -1 },
	};
	char	 buf[64];
	size_t	 i, n;
	int	 days = 0, have_day = 0;

	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 3 && strncasecmp(s, "now", 3) == 0) {
		*us = now;
		return 0;
	}
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i].word);
		if (len >= n && strncasecmp(s, words[i].word, n) == 0 &&
		    (len == n || s[n] == ' ')) {
			days = words[i].days;
			have_day = 1;
			ref = now;
			s += n;
			len -= n;
			while (len > 0 && *s == ' ')
				s++, len--;
			break;
		}
	}
	if (!have_day && (len < 3 || s[2] != ':' || !ISDIGIT(s[0]) ||
	    !ISDIGIT(s[1])))
		return vg_time_parse(tz, s, len, us, why);
	if (len > sizeof(buf) - 12) {
		*why = "trailing characters";
		return -1;
	}
	local_day(tz, ref == VG_TIME_NONE ? now : ref, days, buf);
	if (len > 0) {
		buf[10] = ' ';
		memcpy(buf + 11, s, len);
		n = 11 + len;
	} else
		n = 10;
	return vg_time_parse(tz, buf, n, us, why);
}

/* The current instant, in UTC microseconds. */
int64_t
vg_now(void)
{
	struct timeval	tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * US + tv.tv_usec;
}
