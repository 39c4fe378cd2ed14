/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-attach.c - `syscensus attach`: trace running processes (by pid, or
 * every process whose command line matches a regex) until a signal, a
 * duration or their exit, then detach leaving them as they were (see
 * tracer/attach.c).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "tracer/tracer.h"

enum {
	OPT_MATCH = 256,
	OPT_DURATION,
	OPT_PHASE,
	OPT_AUTO_PHASES,
	OPT_STACKS,
	OPT_HELP,
};

static const struct option attach_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "pid", required_argument, NULL, 'p' },
	{ "match", required_argument, NULL, OPT_MATCH },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "phase", required_argument, NULL, OPT_PHASE },
	{ "auto-phases", no_argument, NULL, OPT_AUTO_PHASES },
	{ "stacks", no_argument, NULL, OPT_STACKS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static int cmd_attach_exec(const struct cmd_entry *self, int argc, char **argv)
{
	struct tracer_opts o = { .status_line = true };
	pid_t *pids = NULL;
	size_t npids = 0, alloc = 0;
	int c, ret;
	char *end;
	long v;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:p:qh", attach_options,
				NULL)) != -1) {
		switch (c) {
		case 'o':
			o.db_path = optarg;
			break;
		case 'p':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v <= 0 ||
			    v > 0x7fffffff) {
				ret = cmd_usage_error(self, "bad pid '%s'",
						      optarg);
				goto out;
			}
			pids = xgrow(pids, sizeof(*pids), npids + 1, &alloc);
			pids[npids++] = (pid_t)v;
			break;
		case OPT_MATCH:
			o.match = optarg;
			break;
		case OPT_DURATION:
			errno = 0;
			o.duration = strtod(optarg, &end);
			if (errno || *end || end == optarg ||
			    !(o.duration > 0)) {
				ret = cmd_usage_error(self, "bad duration '%s' "
						      "(seconds)", optarg);
				goto out;
			}
			break;
		case OPT_PHASE:
			if (!tracer_phase_name_ok(optarg)) {
				ret = cmd_usage_error(self, "bad phase name "
						      "'%s'", optarg);
				goto out;
			}
			o.phase = optarg;
			break;
		case OPT_AUTO_PHASES:
			o.auto_phases = true;
			break;
		case OPT_STACKS:
			if (!tracer_have_stacks()) {
				error("--stacks is unavailable: this syscensus "
				      "was built without libdw (elfutils)");
				ret = EXIT_USAGE;
				goto out;
			}
			o.stacks = true;
			break;
		case 'q':
			log_quiet = 1;
			break;
		case 'h':
		case OPT_HELP:
			cmd_print_help(self, stdout);
			ret = EXIT_OK;
			goto out;
		default:
			ret = cmd_usage_error(self, "unknown option '%s'",
					      argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		ret = cmd_usage_error(self, "unexpected argument '%s'",
				      argv[optind]);
		goto out;
	}
	if (!npids && !o.match) {
		ret = cmd_usage_error(self, "nothing to attach to: give -p "
				      "PID or --match REGEX");
		goto out;
	}
	o.db_path = cmd_db_path(o.db_path);
	o.command = cmd_line;
	o.pids = pids;
	o.npids = npids;
	ret = tracer_attach(&o);
out:
	free(pids);
	return ret;
}

const struct cmd_entry cmd_attach_entry = {
	.name = "attach",
	.usage = "[-o DB] (-p PID)... [--match REGEX] [--duration SEC] "
		 "[--phase NAME] [--auto-phases] [--stacks]",
	.summary = "trace running processes, then detach leaving them as they "
		   "were",
	.help =
	"  -o, --output DB   the database (default $SYSCENSUS_DB or "
	"./syscensus.db)\n"
	"  -p, --pid PID     a process to trace, with all its threads "
	"(repeatable)\n"
	"  --match REGEX     also every process whose command line (arguments\n"
	"                    joined by spaces, as pgrep -f) matches (PCRE2)\n"
	"  --duration SEC    stop after SEC seconds (default: at SIGINT,\n"
	"                    SIGTERM, SIGHUP or when every tracee is gone)\n"
	"  --phase NAME      label of the first phase (default \"default\")\n"
	"  --auto-phases     a new phase after each signal a tracee receives\n"
	"  --stacks          store the call stack of each first sighting\n"
	"  -q, --quiet       no status line, no notes\n"
	"Exit status: 0 traced and detached; 2 usage; 3 no such process or\n"
	"ptrace not permitted.\n",
	.exec = cmd_attach_exec,
};
