/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-mark.c - `syscensus mark NAME`: switch the phase label of the running
 * trace that writes DB, through its control socket.  Returns once the
 * tracer has switched, so a harness can mark and then act.
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "tracer/tracer.h"

enum { OPT_PATH = 256 };

static const struct option mark_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "path", no_argument, NULL, OPT_PATH },
	{ "db", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_mark_exec(const struct cmd_entry *self, int argc, char **argv)
{
	const char *db = NULL, *env;
	char *path;
	bool print_path = false;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:h", mark_options, NULL)) != -1) {
		switch (c) {
		case 'o':
			db = optarg;
			break;
		case OPT_PATH:
			print_path = true;
			break;
		case 'h':
			cmd_print_help(self, stdout);
			return EXIT_OK;
		default:
			return cmd_usage_error(self, "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (print_path) {
		if (optind != argc)
			return cmd_usage_error(self, "--path takes no phase");
		path = tracer_control_path(cmd_db_path(db));
		printf("%s\n", path);
		free(path);
		return EXIT_OK;
	}
	if (optind != argc - 1)
		return cmd_usage_error(self, "expected one phase name");
	if (!tracer_phase_name_ok(argv[optind]))
		return cmd_usage_error(self, "bad phase name '%s' (1 to 200 "
				       "printable characters)", argv[optind]);
	env = getenv("SYSCENSUS_CONTROL");
	if (!db && env && *env)
		path = xstrdup(env);
	else
		path = tracer_control_path(cmd_db_path(db));
	rc = tracer_mark(path, argv[optind]);
	if (rc == -2 && !(!db && env && *env) && getenv("XDG_RUNTIME_DIR")) {
		/* a tracer started without XDG_RUNTIME_DIR (a service, sudo)
		 * listens in /tmp/syscensus-UID */
		free(path);
		unsetenv("XDG_RUNTIME_DIR");
		path = tracer_control_path(cmd_db_path(db));
		rc = tracer_mark(path, argv[optind]);
	}
	free(path);
	if (rc == -2)
		return EXIT_SYSTEM;
	return rc < 0 ? EXIT_SYSTEM : EXIT_OK;
}

const struct cmd_entry cmd_mark_entry = {
	.name = "mark",
	.usage = "[-o|--db DB] PHASE | --path [-o|--db DB]",
	.summary = "switch the phase label of a running trace",
	.help =
	"  -o, --db DB       the database the trace writes (default "
	"$SYSCENSUS_DB\n"
	"                    or ./syscensus.db); inside a recorded command\n"
	"                    SYSCENSUS_CONTROL names the trace instead;\n"
	"                    --output DB is the same\n"
	"      --path        print the control socket path of DB's trace and\n"
	"                    exit (a harness waits for it to exist)\n"
	"The socket is in a private directory: $XDG_RUNTIME_DIR/syscensus, or\n"
	"/tmp/syscensus-UID (0700, ours; anything else is refused).  mark\n"
	"talks only to a trace of the same user or root (SO_PEERCRED).\n"
	"Returns once the tracer has switched.  Exit status: 0 switched;\n"
	"2 usage; 3 no trace is running on DB, or its listener is not\n"
	"trusted.\n",
	.exec = cmd_mark_exec,
};
