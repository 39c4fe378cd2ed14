/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-inspect.c - `syscensus inspect`: decode the seccomp filters loaded in
 * a running process (or any policy file) and print them as a policy.
 *
 * -p PID: the filters are read by tracer_fetch_filters() (tracer/
 * inspect.c: the process is stopped briefly and left running) and decoded
 * with the BPF emulator (analyzer/bpf.c) as the kernel evaluates the
 * stack (strictest result wins).  --policy FILE decodes a policy file the
 * same way instead, so every reader's model can be printed in every
 * format; --db DB the filters the tracer captured when tracees installed
 * them (the store's `filters` table, common/store-inspect.c).  The
 * renderers are reports/report-inspect.c.
 *
 * Exit: 0 printed; 1 the process has no seccomp filter (or only strict
 * mode) or DB holds no captured one, a finding, not a failure; 2 usage
 * or a bad policy file; 3 the system refused (no such process, no
 * privilege, a kernel without PTRACE_SECCOMP_GET_FILTER).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "cli/cmd.h"
#include "common/store-inspect.h"
#include "reports/reports.h"
#include "tracer/inspect.h"

/* The options, filled by the framework (cmd.c). */
static struct {
	const char *format, *policy, *policy_format, *db;
	long pid;
	long long filter_id;
} inspect = {
	.format = "text",
	.policy_format = "auto",
};

static int opt_pid(const struct cmd_entry *self, const char *arg, void *v)
{
	char *end;

	(void)v;
	errno = 0;
	inspect.pid = strtol(arg, &end, 10);
	if (errno || *end || inspect.pid <= 0 || inspect.pid > INT32_MAX)
		return cmd_usage_error(self, "bad pid '%s'", arg);
	return 0;
}

static int opt_filter(const struct cmd_entry *self, const char *arg, void *v)
{
	char *end;

	(void)v;
	errno = 0;
	inspect.filter_id = strtoll(arg, &end, 10);
	if (errno || *end || inspect.filter_id <= 0)
		return cmd_usage_error(self, "bad filter id '%s'", arg);
	return 0;
}

/* Print one decoded program: an exit status. */
static int print_policy(FILE *f, const struct report_inspect_format *fmt,
			struct policy *p, const char *what,
			const struct sock_filter *raw, size_t rawlen)
{
	struct report_inspect_in in = { p, what, raw, rawlen };
	int rc = fmt->write(f, &in);

	return rc == -EIO ? EXIT_SYSTEM : rc < 0 ? EXIT_USAGE : EXIT_OK;
}

struct db_walk {
	const struct report_inspect_format *fmt;
	FILE *f;
	size_t n;
	int ret;
};

/* One filter of the `filters` table, decoded on its own. */
static int db_filter(int64_t id, const struct store_filter *sf, void *data)
{
	struct db_walk *w = data;
	struct sock_filter *insns;
	struct bpf_prog prog;
	struct policy *p;
	char err[256], *what;
	int r;

	if (w->n++ && !strcmp(w->fmt->name, "text"))
		fputc('\n', w->f);
	what = xasprintf("filter %lld (run %lld, pid %lld, %s, via %s): %zu "
			 "instructions", (long long)id,
			 (long long)sf->run, (long long)sf->pid,
			 sf->exe ? sf->exe : "?", sf->how ? sf->how : "?",
			 sf->prog_len / sizeof(struct sock_filter));
	if (!sf->prog_len || sf->prog_len % sizeof(struct sock_filter)) {
		error("%s: not a whole number of instructions", what);
		free(what);
		w->ret = EXIT_USAGE;
		return 0;
	}
	insns = xmalloc(sf->prog_len);
	memcpy(insns, sf->prog, sf->prog_len);
	prog.insns = insns;
	prog.len = sf->prog_len / sizeof(struct sock_filter);
	p = policy_new(what, "bpf");
	if (bpf_decode(&prog, 1, p, err, sizeof(err)) < 0) {
		error("%s: %s", what, err);
		w->ret = EXIT_USAGE;
	} else if ((r = print_policy(w->f, w->fmt, p, what, insns,
				     prog.len)) != EXIT_OK) {
		w->ret = r;
	}
	policy_free(p);
	free(insns);
	free(what);
	return 0;
}

/*
 * --db: the filters the tracer captured when tracees installed them
 * (the store's `filters` table), each decoded on its own.  Text prints
 * them all; other formats need --filter ID (or a single filter).
 */
static int inspect_db(const char *dbpath, int64_t want,
		      const struct report_inspect_format *fmt, FILE *f)
{
	struct store *st = store_open(dbpath, STORE_READONLY);
	struct db_walk w = { fmt, f, 0, EXIT_OK };

	if (!st)
		return EXIT_USAGE;
	if (strcmp(fmt->name, "text") && !want &&
	    store_count_filters(st) > 1) {
		error("'%s' holds several filters: choose one with --filter ID "
		      "(see --format text)", dbpath);
		w.ret = EXIT_USAGE;
		goto out;
	}
	if (store_each_filter(st, want, db_filter, &w) < 0) {
		w.ret = EXIT_USAGE;
	} else if (!w.n) {
		if (want)
			error("no filter %lld in '%s'", (long long)want,
			      dbpath);
		else
			error("no captured filters in '%s'", dbpath);
		w.ret = EXIT_FINDINGS;
	}
out:
	store_close(st);
	return w.ret;
}

static int cmd_inspect_exec(const struct cmd_entry *self)
{
	const char *db = inspect.db, *policy_path = inspect.policy;
	const struct report_inspect_format *fmt;
	long pid = inspect.pid;
	struct tracer_filters fx = { .n = 0 };
	struct bpf_prog progs[TRACER_MAX_FILTERS];
	struct policy *p = NULL;
	char err[256], *what = NULL;
	FILE *f = NULL;
	size_t i, ninsns = 0;
	int ret = EXIT_USAGE;

	if (cmd_ctx.argc)
		return cmd_no_operands(self);
	if ((pid != 0) + (policy_path != NULL) + (db != NULL) != 1)
		return cmd_usage_error(self, "give one of -p PID, --policy "
				       "FILE or --db DB");
	if (inspect.filter_id && !db)
		return cmd_usage_error(self, "--filter goes with --db");
	fmt = report_inspect_format_find(inspect.format);
	if (!fmt)
		return cmd_usage_error(self, "unknown format '%s'",
				       inspect.format);
	if (db) {
		f = cmd_output();
		if (!f)
			return EXIT_SYSTEM;
		ret = inspect_db(db, inspect.filter_id, fmt, f);
		if (cmd_output_close() < 0 && ret == EXIT_OK)
			ret = EXIT_SYSTEM;
		return ret;
	}
	if (policy_path) {
		if (cmd_policy_load(policy_path, inspect.policy_format, 0,
				    &p) < 0)
			return EXIT_USAGE;
		what = xasprintf("policy %s (%s)", policy_path, p->format);
	} else {
		int mode = tracer_seccomp_mode((pid_t)pid);

		if (mode == 0 || mode == 1) {
			error("process %ld has no seccomp filter (Seccomp: "
			      "%s)", pid, mode ? "strict mode" : "none");
			return EXIT_FINDINGS;
		}
		if (tracer_fetch_filters((pid_t)pid, &fx) < 0) {
			ret = EXIT_SYSTEM;
			goto out;
		}
		if (!fx.n) {
			error("process %ld has no seccomp filter", pid);
			ret = EXIT_FINDINGS;
			goto out;
		}
		for (i = 0; i < fx.n; i++) {
			progs[i].insns = fx.insns[i];
			progs[i].len = fx.len[i];
			ninsns += fx.len[i];
		}
		what = xasprintf("process %ld: %zu seccomp filter%s, %zu "
				 "instructions", pid, fx.n,
				 fx.n == 1 ? "" : "s", ninsns);
		p = policy_new(what, "bpf");
		if (bpf_decode(progs, fx.n, p, err, sizeof(err)) < 0) {
			error("process %ld: %s", pid, err);
			ret = EXIT_USAGE;
			goto out;
		}
	}
	f = cmd_output();
	if (!f) {
		ret = EXIT_SYSTEM;
		goto out;
	}
	ret = print_policy(f, fmt, p, what, fx.n == 1 ? fx.insns[0] : NULL,
			   fx.n == 1 ? fx.len[0] : 0);
	if (cmd_output_close() < 0 && ret == EXIT_OK)
		ret = EXIT_SYSTEM;
out:
	tracer_filters_release(&fx);
	free(what);
	policy_free(p);
	return ret;
}

static const struct cmd_option inspect_options[] = {
	CMD_CALL('p', "pid", "PID", opt_pid, NULL,
		 "read the filters loaded in process PID\n"
		 "(needs CAP_SYS_ADMIN; the process is\n"
		 "stopped briefly and left running)"),
	CMD_STRING(0, "policy", "FILE", &inspect.policy,
		   "decode a policy file instead"),
	CMD_STRING(0, "policy-format", "F", &inspect.policy_format,
		   "auto|list|systemd|oci|minijail|c|bpf|pfc"),
	CMD_STRING(0, "db", "DB", &inspect.db,
		   "decode the filters the tracer captured\n"
		   "when tracees installed them"),
	CMD_CALL(0, "filter", "ID", opt_filter, NULL,
		 "only that one (needed for formats other\n"
		 "than text when DB holds several)"),
	CMD_STRING('f', "format", "F", &inspect.format,
		   "text (default), list, systemd, oci,\n"
		   "minijail, c, bpf, pfc"),
	CMD_OPT_OUTPUT,
	CMD_END,
};

const struct cmd_entry cmd_inspect_entry = {
	.name = "inspect",
	.usage = "(-p PID | --policy FILE [--policy-format F] | "
		 "--db DB [--filter ID]) [--format F] [-o FILE]",
	.summary = "decode the seccomp filters of a running process",
	.options = inspect_options,
	.help_col = 25,
	.flags = CMD_OUTPUT,
	.help =
	"Exit: 0 printed, 1 no filter, 2 usage or bad input, 3 refused.\n",
	.exec = cmd_inspect_exec,
};
