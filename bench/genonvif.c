/* genonvif: write a benchmark site and an ONVIF metadata stream of about N megabytes */
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xorshift.h"

#define FPS		10	/* frames a second */
#define OBJECTS		4	/* objects in view at once */
#define LIFE		120	/* frames an object stays in view */


static void
site(const char *dir)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/site.xml", dir);
	if ((fp = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<site xmlns=\"urn:vigil:site:1\" id=\"bench-onvif\""
	    " name=\"ONVIF bench\" timezone=\"Asia/Shanghai\">\n"
	    "  <zone id=\"z\" name=\"Z\" ring=\"1\"/>\n"
	    "  <camera id=\"C1\" name=\"Camera 1\" zone=\"z\" x=\"0\" y=\"0\">\n"
	    "    <ident vendor=\"onvif\" channel=\"VideoSourceToken_1\"/>\n"
	    "  </camera>\n</site>\n");
	if (fclose(fp) == EOF)
		err(1, "%s", path);
}

int
main(int argc, char *argv[])
{
	static const char *const classes[] = { "Human", "Human", "Vehicle" };
	char		 path[4096], when[32];
	struct tm	 tm;
	time_t		 t0 = 1542719580;	/* 2018-11-20T13:13:00Z */
	time_t		 s;
	long		 mb, f, i, id;
	FILE		*fp;

	if (argc != 3 || (mb = atol(argv[2])) <= 0)
		errx(2, "usage: genonvif dir megabytes");
	site(argv[1]);
	snprintf(path, sizeof(path), "%s/metadata.xml", argv[1]);
	if ((fp = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<tt:MetadataStream xmlns:tt=\"http://www.onvif.org/ver10/schema\""
	    " xmlns:bd=\"http://www.onvif.org/ver20/analytics/humanbody\">\n"
	    "<tt:VideoAnalytics>\n");
	for (f = 0; ftell(fp) < mb * 1024 * 1024; f++) {
		s = t0 + f / FPS;
		gmtime_r(&s, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(fp, "<tt:Frame UtcTime=\"%s.%03ld\""
		    " Source=\"VideoSourceToken_1\" Colorspace=\"RGB\">\n"
		    "<tt:Transformation><tt:Translate x=\"-1\" y=\"1\"/>"
		    "<tt:Scale x=\"0.00104167\" y=\"-0.00185185\"/>"
		    "</tt:Transformation>\n", when, (f % FPS) * 100);
		for (i = 0; i < OBJECTS; i++) {
			long x = (long)(next() % 1700), y = (long)(next() % 900);

			id = (f + i * LIFE / OBJECTS) / LIFE * OBJECTS + i;
			fprintf(fp, "<tt:Object ObjectId=\"%ld\"><tt:Appearance>"
			    "<tt:Shape><tt:BoundingBox left=\"%ld\" top=\"%ld\""
			    " right=\"%ld\" bottom=\"%ld\"/><tt:CenterOfGravity"
			    " x=\"%ld\" y=\"%ld\"/></tt:Shape><tt:Class><tt:Type"
			    " Likelihood=\"0.%02d\">%s</tt:Type></tt:Class>",
			    id, x, y, x + 120, y + 160, x + 60, y + 80,
			    (int)(next() % 100), classes[id % 3]);
			if (id % 3 != 2)
				fprintf(fp, "<bd:HumanBody><bd:Clothing><bd:Tops>"
				    "<bd:Color><tt:ColorCluster><tt:Color X=\"%d\""
				    " Y=\"%d\" Z=\"%d\"/></tt:ColorCluster>"
				    "</bd:Color></bd:Tops></bd:Clothing>"
				    "</bd:HumanBody>", (int)(next() % 256),
				    (int)(next() % 256), (int)(next() % 256));
			fprintf(fp, "</tt:Appearance></tt:Object>\n");
		}
		fprintf(fp, "</tt:Frame>\n");
	}
	fprintf(fp, "</tt:VideoAnalytics>\n</tt:MetadataStream>\n");
	if (fclose(fp) == EOF)
		err(1, "%s", path);
	printf("%ld frames, %ld objects\n", f, (f + LIFE) / LIFE * OBJECTS);
	return 0;
}
