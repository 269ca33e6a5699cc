/* mkbag: make bags, keys, archives and custody logs for the shell tests, through libvigil */
#include "config.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "vigil.h"
#include "bag.h"
#include "custody.h"

#define T0	INT64_C(1542718800000000)	/* 2018-11-20T13:00:00Z */

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: mkbag write dir [label:value ...]\n"
	    "       mkbag keygen prefix\n"
	    "       mkbag sign dir keyfile\n"
	    "       mkbag tar dir file mtime [force]\n"
	    "       mkbag custody file entries\n");
	exit(2);
}

static long long
number(const char *s, long long max)
{
	const char	*why;
	long long	 v;

	if ((why = vg_strtonum(s, 0, max, &v)) != NULL)
		errx(2, "'%s': %s", s, why);
	return v;
}

/* A custody log of n entries, chained as the case writes it. */
static void
custody(const char *path, long long n)
{
	struct vg_custody	 c;
	FILE			*f;
	char			 args[64], *line;
	long long		 i;

	if ((f = fopen(path, "w")) == NULL)
		err(1, "'%s'", path);
	fputs(VG_CUSTODY_HEADER, f);
	memset(&c, 0, sizeof(c));
	memcpy(c.prev, VG_CUSTODY_GENESIS, sizeof(c.prev));
	for (i = 1; i <= n; i++) {
		snprintf(args, sizeof(args), "note 'entry %lld'\tby hand", i);
		c.seq = i;
		c.at = T0 + i * INT64_C(60000000);
		c.officer = i % 2 ? "Officer Wang" : "Officer Li";
		c.tool = "vigil-case";
		c.args = args;
		c.touched = "case.db";
		c.digests = i % 3 ? "" : "sha256:0123abcd";
		vg_custody_hash(&c, c.hash);
		line = vg_custody_line(&c);
		fprintf(f, "%.*s\t%s\n", (int)strlen(line) - 1, line, c.hash);
		free(line);
		memcpy(c.prev, c.hash, sizeof(c.prev));
	}
	if (fclose(f) != 0)
		err(1, "'%s'", path);
}

int
main(int argc, char *argv[])
{
	struct vg_error		 e = { 0, NULL };
	struct vg_bag_field	*info;
	char			*colon;
	int			 i, rc = 0;

	if (argc < 3)
		usage();
	if (strcmp(argv[1], "write") == 0) {
		info = xcalloc((size_t)argc, sizeof(*info));
		for (i = 3; i < argc; i++) {
			if ((colon = strchr(argv[i], ':')) == NULL)
				usage();
			*colon = '\0';
			info[i - 3].label = argv[i];
			info[i - 3].value = colon + 1 + (colon[1] == ' ');
		}
		rc = vg_bag_write(argv[2], info, (size_t)argc - 3, &e);
		free(info);
	} else if (strcmp(argv[1], "keygen") == 0 && argc == 3)
		rc = vg_bag_keygen(argv[2], &e);
	else if (strcmp(argv[1], "sign") == 0 && argc == 4)
		rc = vg_bag_sign(argv[2], argv[3], &e);
	else if (strcmp(argv[1], "tar") == 0 && (argc == 5 || argc == 6))
		rc = vg_tar_write(argv[2], argv[3], number(argv[4],
		    INT64_C(077777777777)), argc == 6, &e);
	else if (strcmp(argv[1], "custody") == 0 && argc == 4)
		custody(argv[2], number(argv[3], 1000000));
	else
		usage();
	if (rc == -1)
		errx(1, "%s", e.msg);
	return 0;
}
