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
	OPT_NO_SCAN,
};

static const struct option attach_options[] = {
	CMD_TRACER_OPTIONS,
	{ "pid", required_argument, NULL, 'p' },
	{ "match", required_argument, NULL, OPT_MATCH },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "auto-phases", no_argument, NULL, CMD_OPT_AUTO_PHASES },
	{ "no-scan", no_argument, NULL, OPT_NO_SCAN },
	{ NULL, 0, NULL, 0 },
};

static int cmd_attach_exec(const struct cmd_entry *self, int argc, char **argv)
{
	struct tracer_opts o = { .status_line = true };
	pid_t *pids = NULL;
	int64_t run = 0;
	bool scan = true;
	size_t npids = 0, alloc = 0;
	int c, ret;
	char *end;
	long v;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:p:qh", attach_options,
				NULL)) != -1) {
		switch (c) {
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
		case OPT_NO_SCAN:
			scan = false;
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
		default:
			ret = cmd_tracer_option(self, c, argv, &o);
			if (ret >= 0)
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
	cmd_tracer_setup(&o, NULL);
	o.pids = pids;
	o.npids = npids;
	o.run_out = &run;
	ret = tracer_attach(&o);
	if (scan && ret == EXIT_OK)
		cmd_scan_after(o.db_path, run);
out:
	free(pids);
	return ret;
}

const struct cmd_entry cmd_attach_entry = {
	.name = "attach",
	.usage = "[-o|--db DB] (-p PID)... [--match REGEX] [--duration SEC] "
		 "[--phase NAME] [--auto-phases] [--stacks] [--no-scan]",
	.summary = "trace running processes, then detach leaving them as they "
		   "were",
	.help =
	"  -o, --db DB       the database written (default $SYSCENSUS_DB or\n"
	"                    ./syscensus.db); --output DB is the same\n"
	"  -p, --pid PID     a process to trace, with all its threads "
	"(repeatable)\n"
	"  --match REGEX     also every process whose command line (arguments\n"
	"                    joined by spaces, as pgrep -f) matches (PCRE2),\n"
	"                    except syscensus itself and its ancestors (the\n"
	"                    shell or harness whose command line holds REGEX)\n"
	"  --duration SEC    stop after SEC seconds (default: at SIGINT,\n"
	"                    SIGTERM, SIGHUP or when every tracee is gone)\n"
	"  --phase NAME      label of the first phase (default \"default\")\n"
	"  --auto-phases     a new phase after each signal a tracee receives\n"
	"  --stacks          store the call stack of each first sighting\n"
	CMD_NO_SCAN_HELP
	"  -q, --quiet       no status line, no summary line, no notes\n"
	TRACER_FINAL_WRITE_HELP
	"The summary line counts the processes attached and those that could "
	"not be\n(a --match process that refuses is said and skipped; a -p "
	"PID must be traced).\n"
	"Exit status: 0 traced and detached; 2 usage; 3 no such process,\n"
	"ptrace not permitted, or the final write failed.\n",
	.exec = cmd_attach_exec,
};
