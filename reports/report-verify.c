/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-verify.c - what `syscensus verify` prints: one line per denial
 * of the verify run, found through one format table as the lint, inspect
 * and diff renderers are.
 *
 * A seccomp policy: "denied SYSCALL arch ARCH phase PHASE exe EXE calls
 * N", and with --stacks, under it, where the first such call came from.
 * A Landlock ruleset: "denied PATH how HOW syscall SC phase P exe E calls
 * N", and when the ruleset is known, whether no rule covers the path or
 * one does without the right needed.  Scripts split these lines on
 * spaces: every traced field goes through esc_field(), so none can hold
 * a newline.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/emit/emit.h"
#include "reports/reports.h"

struct seccomp_ctx {
	FILE *f;
	struct report_verify_in *in;
	struct report_stacks *rs; /* the stacks of --stacks, if any */
};

static int seccomp_row(const struct observed_row *r, void *data)
{
	struct seccomp_ctx *c = data;
	FILE *f = c->f;

	if (!r->calls)
		return 0;
	fputs("denied ", f);
	fput_field(f, r->syscall, true);
	fprintf(f, " arch %s phase ", r->arch);
	fput_field(f, r->phase, true);
	fputs(" exe ", f);
	fput_field(f, r->exe ? r->exe : "unknown", true);
	fprintf(f, " calls %llu\n", (unsigned long long)r->calls);
	if (r->exe) {
		char *frames = report_stacks_get(c->rs, r->phase, r->exe,
						 r->arch, r->syscall);
		struct strbuf sb = STRBUF_INIT;

		if (frames && report_stack_callers(&sb, frames, r->exe)) {
			fputs("    called from: ", f);
			fput_field(f, sb.buf, true);
			fputc('\n', f);
		}
		strbuf_release(&sb);
		free(frames);
	}
	c->in->rows++;
	c->in->calls += r->calls;
	return 0;
}

static int write_seccomp_text(FILE *f, struct report_verify_in *in)
{
	struct observed_filter flt = { .run_ids = &in->run, .nrun_ids = 1 };
	struct seccomp_ctx c = { .f = f, .in = in };
	int rc;

	c.rs = report_stacks_new(in->st);
	rc = store_each_observed(in->st, &flt, seccomp_row, &c);
	report_stacks_free(c.rs);
	return rc < 0 ? -1 : 0;
}

struct landlock_ctx {
	FILE *f;
	struct report_verify_in *in;
};

static int landlock_row(const struct fact_row *r, void *data)
{
	struct landlock_ctx *c = data;
	const struct ll_ruleset *rules = c->in->rules;
	FILE *f = c->f;
	const char *path = NULL;
	unsigned how;
	struct strbuf sb = STRBUF_INIT;

	if (!census_parse_access(r->value, &how, &path))
		return 0;
	fputs("denied ", f);
	fput_field(f, path, false);
	fputs(" how ", f);
	fwrite(r->value, 1, (size_t)(path - 1 - r->value), f);
	fputs(" syscall ", f);
	fput_field(f, r->syscall, false);
	fputs(" phase ", f);
	fput_field(f, r->phase, false);
	fputs(" exe ", f);
	fput_field(f, r->exe, false);
	fprintf(f, " calls %llu", (unsigned long long)r->count);
	if (rules && path[0] == '/') {
		uint64_t need = ll_needed(how);

		if (!ll_ruleset_covers(rules, path, 0)) {
			fputs(": outside the rules", f);
		} else if (!ll_ruleset_covers(rules, path, need)) {
			ll_access_names(&sb, need);
			fprintf(f, ": a rule covers it without %s", sb.buf);
		}
	}
	fputc('\n', f);
	strbuf_release(&sb);
	c->in->rows++;
	c->in->calls += r->count;
	return 0;
}

static int write_landlock_text(FILE *f, struct report_verify_in *in)
{
	struct observed_filter flt = { .run_ids = &in->run, .nrun_ids = 1 };
	struct landlock_ctx c = { .f = f, .in = in };

	return store_each_fact(in->st, &flt, "denied", landlock_row, &c) < 0
		       ? -1
		       : 0;
}

static int write_text(FILE *f, struct report_verify_in *in)
{
	return in->landlock ? write_landlock_text(f, in)
			    : write_seccomp_text(f, in);
}

static const struct report_verify_format verify_formats[] = {
	{ "text", write_text },
};

const struct report_verify_format *report_verify_format_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(verify_formats); i++)
		if (!strcmp(verify_formats[i].name, name))
			return &verify_formats[i];
	return NULL;
}

void report_verify_summary(FILE *f, const struct report_verify_in *in)
{
	if (!in->rows)
		return;
	if (in->landlock)
		fprintf(f,
			"syscensus: %llu access(es) denied by Landlock "
			"(EACCES/EPERM), %llu call(s)\n",
			(unsigned long long)in->rows,
			(unsigned long long)in->calls);
	else
		fprintf(f,
			"syscensus: %llu denied syscall(s), %llu "
			"call(s)\n",
			(unsigned long long)in->rows,
			(unsigned long long)in->calls);
}
