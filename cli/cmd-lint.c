/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-lint.c - `syscensus lint`: pitfalls in an existing policy, of any
 * format policy_read() knows (the checks are in analyzer/lint.c), and in
 * the filters a traced program installed itself (--db).  Exit 1 when a
 * finding is a warning or worse, so CI can gate on it.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <linux/filter.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "cli/cmd.h"
#include "cli/confine.h"
#include "reports/reports.h"

enum {
	OPT_DB = 256,
	OPT_POLICY,
	OPT_POLICY_FORMAT,
	OPT_FORMAT,
	OPT_PROFILE,
	OPT_SIBLINGS,
	OPT_UNIT,
	OPT_EXE,
};

static const struct option lint_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "policy-format", required_argument, NULL, OPT_POLICY_FORMAT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "siblings", no_argument, NULL, OPT_SIBLINGS },
	{ "unit", required_argument, NULL, OPT_UNIT },
	{ "exe", required_argument, NULL, OPT_EXE },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
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

static void count(const struct lint_result *r, size_t n[3])
{
	static const char *const sev[] = { "info", "warning", "error" };
	size_t i, k;

	n[0] = n[1] = n[2] = 0;
	for (i = 0; i < r->n; i++)
		for (k = 0; k < 3; k++)
			if (!strcmp(r->v[i].severity, sev[k]))
				n[k]++;
}

static int write_text(FILE *out, const struct lint_result *r)
{
	size_t i, n[3];

	for (i = 0; i < r->n; i++) {
		const struct lint_finding *f = &r->v[i];

		if (f->file && f->line)
			fprintf(out, "%s:%lu: ", f->file, f->line);
		else if (f->file)
			fprintf(out, "%s: ", f->file);
		fprintf(out, "%s: [%s] %s\n", f->severity, f->check,
			f->message);
		if (f->advice)
			fprintf(out, "    advice: %s\n", f->advice);
	}
	count(r, n);
	if (r->n)
		fprintf(out, "%zu finding%s: %zu error%s, %zu warning%s, "
			"%zu info\n", r->n, r->n == 1 ? "" : "s", n[2],
			n[2] == 1 ? "" : "s", n[1], n[1] == 1 ? "" : "s", n[0]);
	else
		fprintf(out, "no findings\n");
	return ferror(out) ? -1 : 0;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int write_json(FILE *out, const struct lint_result *r,
		      const struct policy *p, const char *db,
		      const char *unit)
{
	json_t *root = json_object(), *arr = json_array(), *sum;
	size_t i, n[3];
	int ret;

	json_object_set_new(root, "policy", str_or_null(p ? p->source
							   : NULL));
	json_object_set_new(root, "format", str_or_null(p ? p->format
							   : NULL));
	json_object_set_new(root, "db", str_or_null(db));
	json_object_set_new(root, "unit", str_or_null(unit));
	for (i = 0; i < r->n; i++) {
		const struct lint_finding *f = &r->v[i];
		json_t *o = json_object();

		json_object_set_new(o, "check", json_string(f->check));
		json_object_set_new(o, "severity", json_string(f->severity));
		json_object_set_new(o, "syscall", str_or_null(f->syscall));
		json_object_set_new(o, "message", json_string(f->message));
		json_object_set_new(o, "advice", str_or_null(f->advice));
		json_object_set_new(o, "file", str_or_null(f->file));
		json_object_set_new(o, "line", f->line ? json_integer(
				    (json_int_t)f->line) : json_null());
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "findings", arr);
	count(r, n);
	sum = json_object();
	json_object_set_new(sum, "error", json_integer((json_int_t)n[2]));
	json_object_set_new(sum, "warning", json_integer((json_int_t)n[1]));
	json_object_set_new(sum, "info", json_integer((json_int_t)n[0]));
	json_object_set_new(root, "summary", sum);
	ret = json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	fputc('\n', out);
	json_decref(root);
	return ret < 0 || ferror(out) ? -1 : 0;
}

static int cmd_lint_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const char *const formats[] = { "text", "json", "sarif",
					       NULL };
	static const char *const profiles[] = { "production", "audit", NULL };
	const char *db = NULL, *policy_path = NULL, *policy_format = "auto";
	const char *format = "text", *out_path = NULL, *unit = NULL;
	struct observed_filter flt;
	struct lint_opts lo = { "production" };
	struct lint_result r = { NULL, 0, 0 };
	struct policy *p = NULL;
	struct store *st = NULL;
	struct parse_error pe;
	FILE *out = NULL;
	struct kb *kb = NULL;
	bool siblings = false;
	int c, rc, status = EXIT_USAGE;

	memset(&pe, 0, sizeof(pe));
	memset(&flt, 0, sizeof(flt));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", lint_options, NULL)) !=
	       -1) {
		switch (c) {
		case 'h':
			cmd_print_help(self, stdout);
			status = EXIT_OK;
			goto out;
		case OPT_DB: db = optarg; break;
		case OPT_POLICY: policy_path = optarg; break;
		case OPT_POLICY_FORMAT: policy_format = optarg; break;
		case OPT_FORMAT: format = optarg; break;
		case OPT_PROFILE: lo.profile = optarg; break;
		case OPT_SIBLINGS: siblings = true; break;
		case OPT_UNIT: unit = optarg; break;
		case OPT_EXE: flt.exe_regex = optarg; break;
		case 'o': out_path = optarg; break;
		default:
			status = cmd_getopt_error(self, c, argv);
			goto out;
		}
	}
	status = cmd_no_operands(self, argc, argv);
	if (status != EXIT_OK)
		goto out;
	status = EXIT_USAGE;
	if (!policy_path && !db && !unit) {
		status = cmd_usage_error(self, "--policy FILE, --unit FILE or "
					 "--db DB is required");
		goto out;
	}
	if (!cmd_in_list(formats, format)) {
		status = cmd_usage_error(self, "unknown --format '%s' (text, "
					 "json or sarif)", format);
		goto out;
	}
	if (!strcmp(format, "sarif") && !policy_path) {
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
	cmd_confine("lint", CONFINE_LIST(db), CONFINE_LIST(CONFINE_OPT(policy_path), CONFINE_OPT(unit)), CONFINE_LIST(out_path), confine_policy_flags(policy_path, policy_format) | (unit ? CONFINE_INPUT_DIRS : 0));
	if (policy_path) {
		if (cmd_policy_load(policy_path, policy_format, 0, &p) < 0)
			goto out;
		lint_policy(p, &lo, &r);
		if (siblings) {
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
	if (unit && lint_unit(unit, st, &flt, &r) < 0)
		goto out;
	out = output_open(out_path);
	if (!out) {
		status = EXIT_SYSTEM;
		goto out;
	}
	rc = !strcmp(format, "json") ? write_json(out, &r, p, db, unit)
	   : !strcmp(format, "sarif") ? report_lint_sarif(out, p, &r)
				      : write_text(out, &r);
	if (output_close(out, out_path) < 0 || rc < 0) {
		out = NULL;
		status = EXIT_SYSTEM;
		goto out;
	}
	out = NULL;
	status = lint_worst(&r) >= 1 ? EXIT_FINDINGS : EXIT_OK;
out:
	if (out)
		output_close(out, out_path);
	lint_result_release(&r);
	kb_free(kb);
	policy_free(p);
	store_close(st);
	return status;
}

const struct cmd_entry cmd_lint_entry = {
	.name = "lint",
	.usage = "--policy FILE [--policy-format F] [--db DB] "
		 "[--format text|json|sarif]\n"
		 "       [--profile production|audit] [--siblings] [-o FILE]\n"
		 "       lint --unit FILE [--db DB [--exe REGEX]] "
		 "[--format text|json|sarif] [-o FILE]",
	.summary = "pitfalls in an existing policy and in filters a program "
		   "installed",
	.help =
	"  --policy FILE          the policy to check\n"
	"  --policy-format F      auto (default), list, systemd, oci, "
	"minijail, c, bpf, pfc\n"
	"  --db DB                also check the seccomp filters traced "
	"programs installed\n"
	"                         (TSYNC, kill-thread, arch and x32 guards); "
	"alone, without --policy\n"
	"  --format F             text (default), json or sarif (SARIF "
	"2.1.0 for code\n"
	"                         scanning: each pitfall at its line of the "
	"policy file;\n"
	"                         needs --policy)\n"
	"  --profile P            production (default): a permissive default "
	"is a warning;\n"
	"                         audit: only informational\n"
	"  --siblings             also report knowledge-base siblings of "
	"allowed syscalls\n"
	"                         that the policy does not allow (e.g. "
	"fsync without fdatasync)\n"
	"  --unit FILE            a systemd service unit and its drop-ins "
	"(FILE.d/*.conf):\n"
	"                         ReadWritePaths= that do not exist "
	"(226/NAMESPACE),\n"
	"                         a RuntimeDirectory= shared with another "
	"service; with\n"
	"                         --db also Type=simple while READY=1 is "
	"sent, Type=notify\n"
	"                         without READY=1, a WatchdogSec= the "
	"WATCHDOG=1 interval\n"
	"                         does not honour, kill-thread filters in a "
	"threaded program,\n"
	"                         PrivateNetwork=yes with AF_INET/AF_INET6, "
	"writes outside\n"
	"                         the writable paths of "
	"ProtectSystem=strict\n"
	"  --exe REGEX            with --unit --db: only these executables' "
	"trace\n"
	CMD_OUTPUT_HELP
	"\nChecks: kill-thread actions; errno other than ENOSYS for syscalls "
	"libc falls\nback from only on ENOSYS (clone3, faccessat2, ...); a "
	"permissive default;\nrt_sigreturn, exit_group, exit, restart_syscall "
	"missing; dangerous syscalls\nallowed without argument conditions; "
	"for raw BPF, no arch check and no x32 guard.\nExit status: 0 no "
	"warnings, 1 a warning or error, 2 bad usage or input.\n",
	.exec = cmd_lint_exec,
};
