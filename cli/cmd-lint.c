/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-lint.c - `syscensus lint`: pitfalls in an existing policy, of any
 * format policy_read() knows (the checks are in analyzer/lint.c), and in
 * the filters a traced program installed itself (--db).  Exit 1 when a
 * finding is a warning or worse, so CI can gate on it.
 */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "cli/cmd.h"
#include "reports/reports.h"

/* The options, filled by the framework (cmd.c). */
static struct {
	const char *policy, *policy_format, *format, *unit;
	bool siblings;
	struct lint_opts lo;
} lint = {
	.policy_format = "auto",
	.format = "text",
	.lo = { "production" },
};

/* Raw programs get the instruction-level checks too. */
static int lint_bpf_file(const char *path, struct lint_result *r)
{
	struct strbuf sb = STRBUF_INIT;
	struct sock_filter *insns;
	int rc;

	rc = strbuf_read_file(&sb, path, 64u << 20);
	if (rc < 0) {
		strbuf_release(&sb);
		return error("cannot read '%s': %s", path, input_strerror(rc));
	}
	if (!sb.len || sb.len % sizeof(*insns)) {
		strbuf_release(&sb);
		return error("'%s' is not a whole number of BPF instructions",
			     path);
	}
	insns = xmalloc(sb.len);
	memcpy(insns, sb.buf, sb.len);
	rc = lint_bpf(insns, sb.len / sizeof(*insns), path, r);
	free(insns);
	strbuf_release(&sb);
	return rc;
}

static int cmd_lint_exec(const struct cmd_entry *self)
{
	static const char *const profiles[] = { "production", "audit", NULL };
	const char *db = cmd_ctx.db, *policy_path = lint.policy;
	const char *policy_format = lint.policy_format;
	const char *unit = lint.unit;
	const struct observed_filter *flt = &cmd_ctx.filter;
	const struct report_lint_format *fmt;
	struct report_lint_in in;
	struct lint_opts lo = lint.lo;
	struct lint_result r = { NULL, 0, 0 };
	struct policy *p = NULL;
	struct store *st = NULL;
	struct parse_error pe;
	FILE *out = NULL;
	struct kb *kb = NULL;
	int rc, status;

	memset(&pe, 0, sizeof(pe));
	status = cmd_no_operands(self);
	if (status != EXIT_OK)
		goto out;
	status = EXIT_USAGE;
	if (!policy_path && !db && !unit) {
		status = cmd_usage_error(self, "--policy FILE, --unit FILE or "
					 "--db DB is required");
		goto out;
	}
	fmt = report_lint_format_find(lint.format);
	if (!fmt) {
		status = cmd_usage_error(self, "unknown --format '%s' (text, "
					 "json or sarif)", lint.format);
		goto out;
	}
	if (fmt->needs_policy && !policy_path) {
		status = cmd_usage_error(self, "--format sarif needs --policy "
					 "FILE (the artifact it annotates)");
		goto out;
	}
	if (!cmd_in_list(profiles, lo.profile)) {
		status = cmd_usage_error(self, "unknown --profile '%s' "
					 "(production or audit)", lo.profile);
		goto out;
	}
	if (!cmd_in_list(policy_formats, policy_format)) {
		status = cmd_usage_error(self, "unknown --policy-format '%s'",
					 policy_format);
		goto out;
	}
	if (policy_path) {
		if (cmd_policy_load(policy_path, policy_format, 0, &p) < 0)
			goto out;
		lint_policy(p, &lo, &r);
		if (lint.siblings) {
			kb = kb_load(NULL, &pe);
			if (!kb) {
				parse_error_report(&pe);
				goto out;
			}
			if (lint_policy_siblings(p, kb, &r) < 0)
				goto out;
		}
		if (p->format && !strcmp(p->format, "bpf") &&
		    lint_bpf_file(policy_path, &r) < 0)
			goto out;
	}
	if (db) {
		st = store_open(db, STORE_READONLY);
		if (!st)
			goto out;
		/* with --unit, the filters count only in a threaded program
		 * (lint_unit()'s kill-thread) */
		if (!unit && lint_store_filters(st, &r) < 0)
			goto out;
	}
	if (unit && lint_unit(unit, st, flt, &r) < 0)
		goto out;
	out = cmd_output();
	if (!out) {
		status = EXIT_SYSTEM;
		goto out;
	}
	in.r = &r;
	in.p = p;
	in.db = db;
	in.unit = unit;
	rc = fmt->write(out, &in);
	if (cmd_output_close() < 0 || rc < 0) {
		status = EXIT_SYSTEM;
		goto out;
	}
	status = lint_worst(&r) >= 1 ? EXIT_FINDINGS : EXIT_OK;
out:
	lint_result_release(&r);
	kb_free(kb);
	policy_free(p);
	store_close(st);
	return status;
}

static const struct cmd_option lint_options[] = {
	CMD_STRING(0, "policy", "FILE", &lint.policy, "the policy to check"),
	CMD_STRING(0, "policy-format", "F", &lint.policy_format,
		   "auto (default), list, systemd, oci, minijail, c, bpf, pfc"),
	CMD_OPT_DB("also check the seccomp filters traced programs "
		   "installed\n(TSYNC, kill-thread, arch and x32 guards); "
		   "alone, without --policy"),
	CMD_STRING(0, "format", "F", &lint.format,
		   "text (default), json or sarif (SARIF 2.1.0 for code\n"
		   "scanning: each pitfall at its line of the policy file;\n"
		   "needs --policy)"),
	CMD_STRING(0, "profile", "P", &lint.lo.profile,
		   "production (default): a permissive default is a "
		   "warning;\naudit: only informational"),
	CMD_FLAG(0, "siblings", &lint.siblings,
		 "also report knowledge-base siblings of allowed syscalls\n"
		 "that the policy does not allow (e.g. fsync without "
		 "fdatasync)"),
	CMD_STRING(0, "unit", "FILE", &lint.unit,
		   "a systemd service unit and its drop-ins (FILE.d/*.conf):\n"
		   "ReadWritePaths= that do not exist (226/NAMESPACE),\n"
		   "a RuntimeDirectory= shared with another service; with\n"
		   "--db also Type=simple while READY=1 is sent, Type=notify\n"
		   "without READY=1, a WatchdogSec= the WATCHDOG=1 interval\n"
		   "does not honour, kill-thread filters in a threaded "
		   "program,\nPrivateNetwork=yes with AF_INET/AF_INET6, "
		   "writes outside\nthe writable paths of "
		   "ProtectSystem=strict"),
	CMD_STRING(0, "exe", "REGEX", &cmd_ctx.filter.exe_regex,
		   "with --unit --db: only these executables' trace"),
	CMD_OPT_OUTPUT,
	CMD_END,
};

const struct cmd_entry cmd_lint_entry = {
	.name = "lint",
	.usage = "--policy FILE [--policy-format F] [--db DB] "
		 "[--format text|json|sarif]\n"
		 "       [--profile production|audit] [--siblings] [-o FILE]\n"
		 "       lint --unit FILE [--db DB [--exe REGEX]] "
		 "[--format text|json|sarif] [-o FILE]",
	.summary = "pitfalls in an existing policy and in filters a program "
		   "installed",
	.options = lint_options,
	.help_col = 25,
	.flags = CMD_SELECTION | CMD_OUTPUT | CMD_CONFINABLE,
	.help =
	"\nChecks: kill-thread actions; errno other than ENOSYS for syscalls "
	"libc falls\nback from only on ENOSYS (clone3, faccessat2, ...); a "
	"permissive default;\nrt_sigreturn, exit_group, exit, restart_syscall "
	"missing; dangerous syscalls\nallowed without argument conditions; "
	"for raw BPF, no arch check and no x32 guard.\nExit status: 0 no "
	"warnings, 1 a warning or error, 2 bad usage or input.\n",
	.exec = cmd_lint_exec,
};
