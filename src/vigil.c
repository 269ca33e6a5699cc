/* vigil: the front end; "vigil CMD" runs vigil-CMD, as git does */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

struct command {
	const char	*name;		/* CMD of vigil-CMD */
	const char	*summary;	/* one line about it */
};

static const struct command commands[] = {
	{ "anomaly",	"find cloned badges, tailgaters, cars that never left, ..." },
	{ "browse",	"the case browser" },
	{ "case",	"open a case, add subjects, items, notes; the custody log" },
	{ "clip",	"cut clips and frames from recordings" },
	{ "export",	"write an evidence bundle" },
	{ "import",	"import site, roster, gate logs and camera logs" },
	{ "index",	"index recordings" },
	{ "query",	"ask the archive: people, cards, plates, devices, zones, times" },
	{ "simulate",	"generate a site, population, logs and ground truth" },
	{ "site",	"load and check a site description" },
	{ "skew",	"estimate and record device clock offsets" },
	{ "track",	"reconstruct a path across cameras and gates" },
	{ "verify",	"verify a bundle or a case's custody log" },
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: vigil [-hV] command [argument ...]\n"
	    "       vigil help [command]\n");
	exit(status);
}

/* The directory this program was run from, so siblings are found first. */
static const char *
self_dir(void)
{
	static char	 buf[PATH_MAX];
	char		*slash;
	ssize_t		 n;

	if ((n = readlink("/proc/self/exe", buf, sizeof(buf) - 1)) <= 0)
		return NULL;
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return buf;
}

static int
installed(const char *dir, const char *name, char **path)
{
	xasprintf(path, "%s/vigil-%s", dir != NULL ? dir : ".", name);
	if (dir != NULL && access(*path, X_OK) == 0)
		return 1;
	free(*path);
	*path = NULL;
	return 0;
}

static int
list(const char *dir)
{
	char	*path;
	size_t	 i;

	printf("usage: vigil [-hV] command [argument ...]\n"
	    "       vigil help [command]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!installed(dir, commands[i].name, &path))
			continue;
		printf("   %-10s %s\n", commands[i].name, commands[i].summary);
		free(path);
	}
	printf("   %-10s %s\n", "demo", "the overpass case, end to end, on a"
	    " simulated campus");
	printf("   %-10s %s\n", "help", "the manual of a command, or this list");
	printf("\nSee vigil(7) for the overview and vigil-COMMAND(1) for"
	    " each command.\n");
	return tool_close_stdout();
}

/*
 * "vigil help CMD": the command's manual, as "git help" does; where man(1)
 * is missing, the command's own usage.
 */
static int
help(const char *dir, const char *cmd)
{
	const char	*sect;
	char		*file, *page, *path;
	size_t		 i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, cmd) == 0)
			break;
	if (i == sizeof(commands) / sizeof(commands[0]) &&
	    strcmp(cmd, "demo") != 0) {
		warnx("'%s' is not a vigil command; run vigil for the list",
		    tool_plain(cmd));
		return TOOL_EXIT_USAGE;
	}
	if (strcmp(cmd, "demo") == 0)
		page = xstrdup("vigil");
	else
		xasprintf(&page, "vigil-%s", cmd);
	sect = strcmp(cmd, "demo") == 0 ? "7" : "1";
	/* the page installed beside share/vigil, or in the source tree */
	xasprintf(&file, "%s/../man/man%s/%s.%s", vg_share_dir(), sect, page,
	    sect);
	if (access(file, R_OK) != 0) {
		free(file);
		xasprintf(&file, "%s/../../man/%s.%s", vg_share_dir(), page,
		    sect);
	}
	if (access(file, R_OK) == 0)
		execlp("man", "man", "-l", file, (char *)NULL);
	else
		execlp("man", "man", sect, page, (char *)NULL);
	if (errno != ENOENT)
		err(TOOL_EXIT_FAIL, "cannot run 'man'");
	/* no man(1) here: the command's usage is the next best thing */
	if (strcmp(cmd, "demo") == 0) {
		warnx("no man(1) on this machine; see vigil(7)");
		return TOOL_EXIT_FAIL;
	}
	if (installed(dir, cmd, &path))
		execl(path, page, "-h", (char *)NULL);
	execlp(page, page, "-h", (char *)NULL);
	err(TOOL_EXIT_FAIL, "cannot run '%s'", tool_plain(page));
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ "version",	no_argument,	NULL,	'V' },
		{ NULL,		0,		NULL,	0 }
	};
	const char	*dir;
	char		*path, *name;
	int	 ch;

	dir = self_dir();
	while ((ch = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			/* the usage, then what it can run, as plain vigil */
			return list(dir);
		case 'V':
			tool_version();
		default:
			usage(TOOL_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0 || (strcmp(argv[0], "help") == 0 && argc == 1))
		return list(dir);
	if (strcmp(argv[0], "help") == 0) {
		if (argc > 2)
			usage(TOOL_EXIT_USAGE);
		return help(dir, argv[1]);
	}
	if (strchr(argv[0], '/') != NULL || argv[0][0] == '\0' ||
	    argv[0][0] == '-') {
		warnx("'%s' is not a vigil command", tool_plain(argv[0]));
		usage(TOOL_EXIT_USAGE);
	}
	if (strcmp(argv[0], "demo") == 0) {
		/* the demo is a script of vigil commands, shipped in share */
		char	**av = xcalloc((size_t)argc + 2, sizeof(*av));
		int	  i;

		xasprintf(&path, "%s/demo.sh", vg_share_dir());
		av[0] = "sh";
		av[1] = path;
		for (i = 1; i < argc; i++)
			av[i + 1] = argv[i];
		execv("/bin/sh", av);
		err(TOOL_EXIT_FAIL, "cannot run '%s'", tool_plain(path));
	}
	xasprintf(&name, "vigil-%s", argv[0]);
	argv[0] = name;
	if (installed(dir, argv[0] + 6, &path))
		execv(path, argv);
	execvp(name, argv);
	if (errno == ENOENT) {
		warnx("'%s' is not a vigil command; run vigil for the list",
		    tool_plain(name + 6));
		return TOOL_EXIT_USAGE;
	}
	err(TOOL_EXIT_FAIL, "cannot run '%s'", tool_plain(name));
}
