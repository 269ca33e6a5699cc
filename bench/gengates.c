/* gengates: write a benchmark site and N gate events in the native CSV */
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xorshift.h"

#define NGATES		200	/* gates on the site */
#define NPEOPLE		180000	/* people on the roster */


static void
site(const char *dir)
{
	char	 path[4096];
	FILE	*fp;
	int	 i;

	snprintf(path, sizeof(path), "%s/site.xml", dir);
	if ((fp = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<site xmlns=\"urn:vigil:site:1\" id=\"bench\" name=\"bench\""
	    " timezone=\"Asia/Shanghai\">\n"
	    "  <zone id=\"campus\" name=\"campus\" ring=\"2\"/>\n");
	for (i = 0; i < NGATES; i++)
		fprintf(fp, "  <gate id=\"G%03d\" name=\"gate %d\" zone=\"campus\""
		    " x=\"%d\" y=\"%d\" kind=\"pedestrian\""
		    " credentials=\"face badge\"/>\n", i, i, i * 10, i % 17 * 10);
	fprintf(fp, "</site>\n");
	if (fclose(fp) != 0)
		err(1, "%s", path);
}

int
main(int argc, char *argv[])
{
	static const char *const dirs[] = { "in", "out" };
	char		 path[4096], ts[64];
	FILE		*fp;
	struct tm	 tm;
	long long	 n, i;
	time_t		 t0, t;
	long long	 span = 30LL * 86400;
	uint64_t	 r;
	int		 us, person;

	if (argc != 5 && argc != 6)
		errx(2, "usage: gengates dir count seed start-epoch"
		    " [span-seconds]");
	if (argc == 6 && (span = atoll(argv[5])) <= 0)
		errx(2, "span: '%s' is not a number of seconds", argv[5]);
	n = atoll(argv[2]);
	rng += (uint64_t)atoll(argv[3]) * 0x9e3779b97f4a7c15ULL;
	t0 = (time_t)atoll(argv[4]);
	site(argv[1]);
	snprintf(path, sizeof(path), "%s/%s.gate.csv", argv[1], argv[3]);
	if ((fp = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	fprintf(fp, "time,gate,person,credential,card,plate,direction,"
	    "result,score\n");
	/* n events spread evenly over the span (30 days), in time order */
	for (i = 0; i < n; i++) {
		t = t0 + (time_t)(i * span / n);
		gmtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
		r = next();
		us = (int)(r % 1000) * 1000;
		person = (int)((r >> 10) % NPEOPLE);
		if ((r >> 40) % 10 < 6)
			fprintf(fp, "%s.%03dZ,G%03d,P%07d,face,,,%s,granted,"
			    "0.%02d\n", ts, us / 1000, (int)((r >> 30) %
			    NGATES), person, dirs[(r >> 50) & 1],
			    (int)(80 + (r >> 52) % 20));
		else if ((r >> 40) % 10 < 9)
			fprintf(fp, "%s.%03dZ,G%03d,P%07d,badge,%08d,,%s,"
			    "granted,\n", ts, us / 1000, (int)((r >> 30) %
			    NGATES), person, 10000000 + person,
			    dirs[(r >> 50) & 1]);
		else
			fprintf(fp, "%s.%03dZ,G%03d,,face,,,%s,denied,0.%02d\n",
			    ts, us / 1000, (int)((r >> 30) % NGATES),
			    dirs[(r >> 50) & 1], (int)(20 + (r >> 52) % 40));
	}
	if (fclose(fp) != 0)
		err(1, "%s", path);
	puts(path);
	return 0;
}
