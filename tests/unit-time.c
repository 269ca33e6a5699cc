/* unit-time.c: tests of ISO 8601 parsing and formatting in time zones */
#include "vigil.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

#define BAD	INT64_C(-999)	/* what tp() gives for a rejected time */

static const char	*why;	/* reason of the last rejection */

/* Parse s, copied to a buffer of exactly its length, in tz. */
static int64_t
tpn(struct vg_tz *tz, const char *s, size_t len)
{
	char	*b;
	int64_t	 t;
	int	 rc;

	b = xmalloc(len);
	memcpy(b, s, len);
	why = "ok";
	rc = vg_time_parse(tz, b, len, &t, &why);
	free(b);
	return rc == 0 ? t : BAD;
}

static int64_t
tp(struct vg_tz *tz, const char *s)
{
	return tpn(tz, s, strlen(s));
}

/* Why s is rejected, or "ok". */
static const char *
tw(struct vg_tz *tz, const char *s)
{
	tp(tz, s);
	return why;
}

static const char *
tf(struct vg_tz *tz, int64_t us)
{
	static char	b[VG_TIME_BUFSZ];

	vg_time_format(tz, us, b, sizeof(b));
	return b;
}

/* Format then parse back. */
static int
roundtrip(struct vg_tz *tz, int64_t us)
{
	char	b[VG_TIME_BUFSZ];
	size_t	n;

	n = vg_time_format(tz, us, b, sizeof(b));
	return tpn(tz, b, n) == us;
}

static struct vg_tz *
zone(const char *name)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_tz	*tz;

	if ((tz = vg_tz_open(name, &e)) == NULL) {
		printf("Bail out! %s\n", e.msg);
		exit(1);
	}
	return tz;
}

static void
offsets(void)
{
	is_int(tp(NULL, "2018-11-20T21:13:05+08:00"), 1542719585000000,
	    "+08:00");
	is_int(tp(NULL, "2018-11-20T21:13:05-05:00"), 1542766385000000,
	    "-05:00");
	is_int(tp(NULL, "2018-11-20T21:13:05+0530"), 1542728585000000,
	    "+0530");
	is_int(tp(NULL, "2018-11-20T21:13:05+05:30"), 1542728585000000,
	    "+05:30");
	is_int(tp(NULL, "2018-11-20T21:13:05+08"), 1542719585000000, "+08");
	is_int(tp(NULL, "2018-11-20T21:13:05Z"), 1542748385000000, "Z");
	is_int(tp(NULL, "2018-11-20t21:13:05z"), 1542748385000000,
	    "lower-case t and z");
	is_int(tp(NULL, "2018-11-20 21:13:05-00:00"), 1542748385000000,
	    "space separator, -00:00");
	is_int(tp(NULL, "2018-11-20T21:13Z"), 1542748380000000,
	    "no seconds");
	is_int(tp(NULL, "2018-11-20T21:13+08:00"), 1542719580000000,
	    "no seconds, offset");
	is_int(tp(NULL, "2018-11-20T21:13:05+18:00"), 1542683585000000,
	    "+18:00 is the largest offset");
	is_int(tp(NULL, "2018-11-20T21:13:05-18:00"), 1542813185000000,
	    "-18:00 is the smallest");
}

static void
fractions(void)
{
	int64_t	base = 1542748385000000;

	is_int(tp(NULL, "2018-11-20T21:13:05.1Z"), base + 100000, "1 digit");
	is_int(tp(NULL, "2018-11-20T21:13:05.12Z"), base + 120000,
	    "2 digits");
	is_int(tp(NULL, "2018-11-20T21:13:05.123Z"), base + 123000,
	    "3 digits");
	is_int(tp(NULL, "2018-11-20T21:13:05.1234Z"), base + 123400,
	    "4 digits");
	is_int(tp(NULL, "2018-11-20T21:13:05.12345Z"), base + 123450,
	    "5 digits");
	is_int(tp(NULL, "2018-11-20T21:13:05.123456Z"), base + 123456,
	    "6 digits");
	is_int(tp(NULL, "2018-11-20T21:13:05,5Z"), base + 500000,
	    "comma");
	is_int(tp(NULL, "2018-11-20T21:13:05.000001"), base + 1,
	    "one microsecond, no zone");
	is_str(tw(NULL, "2018-11-20T21:13:05.1234567Z"),
	    "more than 6 fraction digits", "7 digits rejected");
	is_str(tw(NULL, "2018-11-20T21:13:05.Z"), "not an ISO 8601 time",
	    "no fraction digits");
}

static void
dates(void)
{
	is_int(tp(NULL, "2020-02-29T00:00:00Z"), 1582934400000000,
	    "2020-02-29");
	is_str(tw(NULL, "2019-02-29T00:00:00Z"), "day out of range",
	    "2019-02-29 rejected");
	is_int(tp(NULL, "2000-02-29T12:00Z"), 951825600000000, "2000-02-29");
	is_str(tw(NULL, "2100-02-29"), "day out of range",
	    "2100-02-29 rejected");
	is_str(tw(NULL, "2018-04-31"), "day out of range", "April 31");
	is_str(tw(NULL, "2018-11-00"), "day out of range", "day 0");
	is_str(tw(NULL, "2018-13-01"), "month out of range", "month 13");
	is_str(tw(NULL, "2018-00-01"), "month out of range", "month 0");
	is_str(tw(NULL, "0000-01-01"), "year out of range", "year 0");
	is_int(tp(NULL, "2018-11-20"), 1542672000000000, "date alone, UTC");
	is_int(tp(NULL, "0001-01-01T00:00:00Z"), -62135596800000000,
	    "year 1");
	is_int(tp(NULL, "9999-12-31T23:59:59.999999Z"), 253402300799999999,
	    "year 9999");
	is_int(tp(NULL, "2000-01-01T00:00:00Z") -
	    tp(NULL, "1999-12-31T23:59:59Z"), 1000000, "new year 2000");
	is_int(tp(NULL, "2000-01-01T00:00:00+01:00"), 946681200000000,
	    "offset crosses the year");
	is_int(tp(NULL, "1969-12-31T23:59:59Z"), -1000000, "before 1970");
	is_int(tp(NULL, "1969-12-31T23:59:59.5Z"), -500000,
	    "before 1970, fraction");
	is_int(tp(NULL, "1970-01-01T00:00:00Z"), 0, "the epoch");
}

static void
rejections(void)
{
	const char	*s = "2018-11-20T21:13:05+08:00";

	is_str(tw(NULL, ""), "not an ISO 8601 time", "empty");
	is_str(tw(NULL, "hello"), "not an ISO 8601 time", "words");
	is_str(tw(NULL, "2018-1-20"), "not an ISO 8601 time", "short month");
	is_str(tw(NULL, "20181120T211305Z"), "not an ISO 8601 time",
	    "basic format");
	is_str(tw(NULL, "2018-11-20T"), "not an ISO 8601 time", "no time");
	is_str(tw(NULL, "2018-11-20T21"), "not an ISO 8601 time",
	    "hour alone");
	is_str(tw(NULL, "2018-11-20T21:1"), "not an ISO 8601 time",
	    "one-digit minute");
	is_str(tw(NULL, "2018-11-20T21:13:5"), "not an ISO 8601 time",
	    "one-digit second");
	is_str(tw(NULL, "2018-11-20T21:13:05+8"), "not an ISO 8601 time",
	    "one-digit offset");
	is_str(tw(NULL, "2018-11-20T21:13:05+08:0"), "not an ISO 8601 time",
	    "one-digit offset minute");
	is_str(tw(NULL, "2018-11-20T24:00:00Z"), "hour out of range",
	    "hour 24");
	is_str(tw(NULL, "2018-11-20T21:60:00Z"), "minute out of range",
	    "minute 60");
	is_str(tw(NULL, "2018-11-20T21:13:60Z"), "second out of range",
	    "second 60");
	is_str(tw(NULL, "2018-11-20T21:13:05+18:01"), "offset out of range",
	    "+18:01");
	is_str(tw(NULL, "2018-11-20T21:13:05-19"), "offset out of range",
	    "-19");
	is_str(tw(NULL, "2018-11-20T21:13:05+05:60"), "offset out of range",
	    "offset minute 60");
	is_str(tw(NULL, "2018-11-20T21:13:05+08:00x"), "trailing characters",
	    "text after the offset");
	is_str(tw(NULL, "2018-11-20T21:13:05Z "), "trailing characters",
	    "space after the offset");
	is_str(tw(NULL, "2018-11-20x"), "trailing characters",
	    "text after the date");
	is_str(tw(NULL, "2018-11-20T21:13:05+08:00:00"),
	    "trailing characters", "offset with seconds");

	is_int(tpn(NULL, s, 19), 1542748385000000,
	    "len stops before the offset");
	is_int(tpn(NULL, s, 16), 1542748380000000,
	    "len stops before the seconds");
	is_int(tpn(NULL, s, 10), 1542672000000000,
	    "len stops after the date");
	is_str((tpn(NULL, s, 17), why), "not an ISO 8601 time",
	    "len stops after the colon");
	is_int(tpn(NULL, s, 22), 1542719585000000,
	    "len stops after the offset hour");
	is_str((tpn(NULL, s, 21), why), "not an ISO 8601 time",
	    "len stops in the offset hour");
	is_str((tpn(NULL, s, 23), why), "not an ISO 8601 time",
	    "len stops after the offset colon");
	is_str((tpn(NULL, s, 9), why), "not an ISO 8601 time",
	    "len stops in the day");
}

static void
zones(void)
{
	struct vg_error	 e = { 0, NULL };
	struct vg_tz	*sh, *ny, *be, *lh, *ap, *utc;

	ok(vg_tz_open("Mars/Olympus", &e) == NULL, "unknown zone rejected");
	is_str(e.msg, "unknown time zone 'Mars/Olympus'", "its message");
	ok(vg_tz_open("", &e) == NULL, "empty zone rejected");
	ok(vg_tz_open("/usr/share/zoneinfo/UTC", &e) == NULL,
	    "absolute path rejected");
	ok(vg_tz_open("../zoneinfo/UTC", &e) == NULL, "'..' rejected");
	ok(vg_tz_open("Asia/../UTC", &e) == NULL, "inner '..' rejected");
	ok(vg_tz_open("Asia", &e) == NULL, "directory rejected");
	ok(vg_tz_open("zone.tab", &e) == NULL, "file not TZif rejected");
	vg_error_clear(&e);

	utc = zone("UTC");
	sh = zone("Asia/Shanghai");
	ny = zone("America/New_York");
	be = zone("Europe/Berlin");
	lh = zone("Australia/Lord_Howe");
	ap = zone("Pacific/Apia");
	is_str(vg_tz_name(sh), "Asia/Shanghai", "zone name");
	is_str(vg_tz_name(NULL), "UTC", "no zone is UTC");

	is_int(tp(utc, "2018-11-20T21:13:05"), 1542748385000000,
	    "UTC local time");
	is_int(tp(sh, "2018-11-20T21:13:05"), 1542719585000000,
	    "Shanghai local time");
	is_int(tp(sh, "2018-11-20T21:13:05Z"), 1542748385000000,
	    "an offset overrides the zone");
	is_int(tp(sh, "2018-11-20"), 1542643200000000,
	    "date alone is Shanghai midnight");
	is_int(vg_tz_offset(sh, 1542719585000000), 28800, "Shanghai +8");
	is_int(vg_tz_offset(sh, -2208988800000000), 29143,
	    "Shanghai 1900 local mean time");
	is_int(vg_tz_offset(utc, 1542719585000000), 0, "UTC 0");
	is_int(vg_tz_offset(NULL, 1542719585000000), 0, "no zone 0");

	is_str(tw(ny, "2021-03-14T02:30:00"),
	    "local time does not exist (daylight saving gap)",
	    "New York spring gap");
	is_int(tp(ny, "2021-03-14T01:59:59"), 1615705199000000,
	    "New York before the gap (EST)");
	is_int(tp(ny, "2021-03-14T03:00:00"), 1615705200000000,
	    "New York after the gap (EDT)");
	is_int(tp(ny, "2021-11-07T01:30:00"), 1636263000000000,
	    "New York overlap takes the earlier, EDT");
	is_int(tp(ny, "2021-11-07T02:00:00"), 1636268400000000,
	    "New York after the overlap");
	is_int(vg_tz_offset(ny, 1636264799000000), -14400,
	    "New York EDT to the last second");
	is_int(vg_tz_offset(ny, 1636264800000000), -18000,
	    "New York EST from the transition");
	is_int(tp(ny, "2021-07-01T12:00:00"), 1625155200000000,
	    "New York summer");

	is_str(tw(be, "2021-03-28 02:30"),
	    "local time does not exist (daylight saving gap)",
	    "Berlin spring gap");
	is_int(tp(be, "2021-10-31 02:30"), 1635640200000000,
	    "Berlin overlap takes the earlier, CEST");
	is_int(tp(be, "2021-10-31 03:00"), 1635645600000000,
	    "Berlin after the overlap");

	is_str(tw(lh, "2021-10-03T02:15:00"),
	    "local time does not exist (daylight saving gap)",
	    "Lord Howe half-hour gap");
	is_int(tp(lh, "2021-10-03T02:30:00"), 1633188600000000,
	    "Lord Howe after the half-hour gap");
	is_int(tp(lh, "2021-04-04T01:45:00"), 1617461100000000,
	    "Lord Howe half-hour overlap takes the earlier");
	is_str(tw(ap, "2011-12-30T12:00:00"),
	    "local time does not exist (daylight saving gap)",
	    "Apia skipped a day");
	is_int(tp(ap, "2011-12-31T00:00:00"), 1325239200000000,
	    "Apia after the skipped day");

	is_int(tp(sh, "2018-11-20T21:13:05") - tp(ny, "2018-11-20T21:13:05") +
	    tp(sh, "2018-11-20T21:13:05"), 1542719585000000 - 46800000000,
	    "zones used in turn");

	is_str(tf(NULL, 1542748385000000), "2018-11-20T21:13:05+00:00",
	    "format UTC");
	is_str(tf(utc, 1542748385120000), "2018-11-20T21:13:05.120+00:00",
	    "format milliseconds");
	is_str(tf(sh, 1542719585120000), "2018-11-20T21:13:05.120+08:00",
	    "format Shanghai");
	is_str(tf(sh, 1542719585000123), "2018-11-20T21:13:05.000123+08:00",
	    "format microseconds");
	is_str(tf(ny, 1636263000000000), "2021-11-07T01:30:00-04:00",
	    "format New York EDT");
	is_str(tf(ny, 1636266600000000), "2021-11-07T01:30:00-05:00",
	    "format New York EST");
	is_str(tf(be, 1635640200000000), "2021-10-31T02:30:00+02:00",
	    "format Berlin");
	is_str(tf(lh, 1638316800000000), "2021-12-01T11:00:00+11:00",
	    "format Lord Howe");
	is_str(tf(sh, -2208988800000000), "1900-01-01T08:05:43+08:05",
	    "format local mean time");
	is_str(tf(NULL, -1), "1969-12-31T23:59:59.999999+00:00",
	    "format before 1970");
	is_str(tf(NULL, -62135596800000000), "0001-01-01T00:00:00+00:00",
	    "format year 1");
	is_str(tf(NULL, 253402300799999999),
	    "9999-12-31T23:59:59.999999+00:00", "format year 9999");
	ok(strlen(tf(sh, INT64_MIN)) < VG_TIME_BUFSZ, "format far past");
	ok(strlen(tf(sh, INT64_MAX)) < VG_TIME_BUFSZ, "format far future");
	{
		char	b[11];

		is_int(vg_time_format(sh, 1542719585000000, b, sizeof(b)), 25,
		    "format returns the whole length");
		is_str(b, "2018-11-20", "format truncates");
	}

	ok(roundtrip(sh, 1542719585123456) && roundtrip(ny, 1636263000000000) &&
	    roundtrip(ny, 1636266600000000) && roundtrip(be, 1635640200000000) &&
	    roundtrip(lh, 1617461100000000) && roundtrip(NULL, -1) &&
	    roundtrip(utc, 0), "round trips");

	vg_tz_free(utc);
	vg_tz_free(sh);
	vg_tz_free(ny);
	vg_tz_free(be);
	vg_tz_free(lh);
	vg_tz_free(ap);
	vg_tz_free(NULL);
}

/* Times as people type them: a time of day, today, yesterday, now. */
static void
near(void)
{
	struct vg_tz	*sh = zone("Asia/Shanghai"), *ny = zone("America/New_York");
	const int64_t	 ref = 1542719585123456;	/* 2018-11-20T21:13:05.123456+08:00 */
	const int64_t	 now = 1764927000000000;	/* 2025-12-05T09:30:00Z */
	const char	*w = NULL;
	int64_t		 t;

#define NEAR(tz, s, r, want, what) \
	ok(vg_time_parse_near(tz, s, strlen(s), r, now, &t, &w) == 0 && \
	    t == (want), what)
	NEAR(sh, "21:13", ref, 1542719580000000, "a time of day on ref's local day");
	NEAR(sh, "21:13:05.123456", ref, ref, "with seconds and a fraction");
	NEAR(sh, "01:00", 1542733200000000, 1542733200000000,
	    "ref's local day, not its UTC day (01:00+08 is the previous UTC day)");
	NEAR(sh, "17:30", VG_TIME_NONE, 1764927000000000, "no ref: today");
	NEAR(sh, "today", ref, 1764864000000000, "today alone: local midnight");
	NEAR(sh, "yesterday 21:00", ref, 1764853200000000, "yesterday at a time");
	NEAR(sh, " YESTERDAY ", ref, 1764777600000000, "any case, blanks around");
	NEAR(ny, "yesterday 21:00", ref, 1764900000000000, "yesterday in New York");
	NEAR(sh, "now", ref, now, "now");
	NEAR(sh, "2018-11-20 21:13", now, 1542719580000000, "ISO 8601 as before");
	ok(vg_time_parse_near(sh, "25:00", 5, ref, now, &t, &w) == -1 &&
	    strcmp(w, "hour out of range") == 0, "25:00 refused with the reason");
	ok(vg_time_parse_near(sh, "yesterdayx", 10, ref, now, &t, &w) == -1,
	    "yesterdayx refused");
	ok(vg_time_parse_near(sh, "today 7", 7, ref, now, &t, &w) == -1,
	    "today 7 refused");
	NEAR(ny, "21:13+08:00", ref, 1542719580000000,
	    "a time of day with its offset, on ref's day in the zone");
#undef NEAR
	vg_tz_free(sh);
	vg_tz_free(ny);
}

int
main(void)
{
	offsets();
	fractions();
	dates();
	rejections();
	zones();
	near();
	return tap_done();
}
