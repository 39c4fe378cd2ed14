/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-mark.c - `syscensus mark NAME`: switch the phase label of the running
 * trace that writes DB, through its control socket.  Returns once the
 * tracer has switched, so a harness can mark and then act.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "tracer/tracer.h"

static bool print_path;

static int cmd_mark_exec(const struct cmd_entry *self)
{
	const char *db = cmd_ctx.db, *env, *phase;
	char *path;
	int rc;

	if (print_path) {
		if (cmd_ctx.argc)
			return cmd_usage_error(self, "--path takes no phase");
		path = tracer_control_path(cmd_db_path(db));
		printf("%s\n", path);
		free(path);
		return EXIT_OK;
	}
	if (cmd_ctx.argc != 1)
		return cmd_usage_error(self, "expected one phase name");
	phase = cmd_ctx.argv[0];
	if (!tracer_phase_name_ok(phase))
		return cmd_usage_error(self, "bad phase name '%s' (1 to 200 "
				       "printable characters)", phase);
	env = getenv("SYSCENSUS_CONTROL");
	if (!db && env && *env)
		path = xstrdup(env);
	else
		path = tracer_control_path(cmd_db_path(db));
	rc = tracer_mark(path, phase);
	if (rc == -2 && !(!db && env && *env) && getenv("XDG_RUNTIME_DIR")) {
		/* a tracer started without XDG_RUNTIME_DIR (a service, sudo)
		 * listens in /tmp/syscensus-UID */
		free(path);
		unsetenv("XDG_RUNTIME_DIR");
		path = tracer_control_path(cmd_db_path(db));
		rc = tracer_mark(path, phase);
	}
	free(path);
	if (rc == -2)
		return EXIT_SYSTEM;
	return rc < 0 ? EXIT_SYSTEM : EXIT_OK;
}

static const struct cmd_option mark_options[] = {
	{ .kind = CMD_OPT_STRING, .short_name = 'o', .long_name = "db",
	  .alias = "output", .arg = "DB", .value = &cmd_ctx.db,
	  .help = "the database the trace writes (default $SYSCENSUS_DB\n"
		  "or ./syscensus.db); inside a recorded command\n"
		  "SYSCENSUS_CONTROL names the trace instead;\n"
		  "--output DB is the same" },
	CMD_FLAG(0, "path", &print_path,
		 "print the control socket path of DB's trace and\n"
		 "exit (a harness waits for it to exist)"),
	CMD_END,
};

const struct cmd_entry cmd_mark_entry = {
	.name = "mark",
	.usage = "[-o|--db DB] PHASE | --path [-o|--db DB]",
	.summary = "switch the phase label of a running trace",
	.options = mark_options,
	.help_col = 20,
	.flags = CMD_STOP_AT_OPERAND | CMD_HELP_ALIGN_LONG,
	.help =
	"The socket is in a private directory: $XDG_RUNTIME_DIR/syscensus, or\n"
	"/tmp/syscensus-UID (0700, ours; anything else is refused).  mark\n"
	"talks only to a trace of the same user or root (SO_PEERCRED).\n"
	"Returns once the tracer has switched.  Exit status: 0 switched;\n"
	"2 usage; 3 no trace is running on DB, or its listener is not\n"
	"trusted.\n",
	.exec = cmd_mark_exec,
};
