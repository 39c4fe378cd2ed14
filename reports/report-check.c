/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-check.c - the lines `check` ends with on stderr, whatever the
 * --format of its output: each uncovered syscall once (with the argument
 * values denied), the architectures the policy does not admit, and the
 * unexercised syscalls.  A CI log shows them next to the exit status.
 * Names come from traces: escaped as terminal text.
 */
#include "config.h"

#include <string.h>

#include "analyzer/analyzer.h"
#include "reports/reports.h"

/*
 * After a name in check's line, the argument values denied for it, once
 * each: "(arg0=AF_NETLINK, arg0=AF_PACKET)"; nothing when every row of
 * the name is denied whatever its arguments.
 */
static void put_denied_args(FILE *f, const struct diff_result *r,
			    const char *name)
{
	size_t i, j, n = 0;

	for (i = 0; i < r->nuncovered; i++)
		if (!r->uncovered[i].arg &&
		    !strcmp(r->uncovered[i].syscall, name))
			return;
	for (i = 0; i < r->nuncovered; i++) {
		const struct diff_uncovered *u = &r->uncovered[i];

		if (strcmp(u->syscall, name))
			continue;
		for (j = 0; j < i; j++)
			if (r->uncovered[j].arg &&
			    !strcmp(r->uncovered[j].syscall, name) &&
			    !strcmp(r->uncovered[j].arg, u->arg))
				break;
		if (j < i)
			continue;
		fprintf(f, "%s%s", n++ ? ", " : "(", u->arg);
	}
	if (n)
		fputc(')', f);
}

/*
 * The line `check` ends with on stderr: each distinct uncovered syscall
 * once (the rows say where), how many phase/program rows they fill when
 * that is more, and the arches the policy does not admit.
 */
void report_check_summary(FILE *f, const struct diff_result *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	fprintf(f, "syscensus check: %zu uncovered syscall%s",
		r->nuncovered_names, r->nuncovered_names == 1 ? "" : "s");
	if (r->nuncovered != r->nuncovered_names)
		fprintf(f, " (in %zu phase/program rows)", r->nuncovered);
	fputc(':', f);
	for (i = 0; i < r->nuncovered_names; i++) {
		strbuf_reset(&sb);
		esc_text(&sb, r->uncovered_names[i]);
		fprintf(f, " %s", sb.buf);
		put_denied_args(f, r, r->uncovered_names[i]);
	}
	if (r->ndenied_arches) {
		fputs("; architecture not allowed by the policy:", f);
		for (i = 0; i < r->ndenied_arches; i++) {
			strbuf_reset(&sb);
			esc_text(&sb, r->denied_arches[i]);
			fprintf(f, " %s", sb.buf);
		}
	}
	fputc('\n', f);
	strbuf_release(&sb);
}

/*
 * The line naming the unexercised syscalls once each (reached by the
 * code, denied, never observed): a warning, or with --strict a failure.
 */
void report_check_unexercised(FILE *f, const struct diff_result *r,
				bool strict)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j, n = 0;

	for (i = 0; i < r->nunexercised; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(r->unexercised[j].syscall,
				    r->unexercised[i].syscall))
				break;
		if (j < i)
			continue;
		strbuf_addch(&sb, ' ');
		esc_text(&sb, r->unexercised[i].syscall);
		n++;
	}
	fprintf(f, "syscensus check: %s: %zu unexercised syscall%s (the "
		"code reaches %s, the trace never saw %s, the policy denies "
		"%s)%s:%s\n", strict ? "error" : "warning", n,
		n == 1 ? "" : "s", n == 1 ? "it" : "them",
		n == 1 ? "it" : "them", n == 1 ? "it" : "them",
		strict ? "" : n == 1 ? "; --strict fails on it" :
		"; --strict fails on them", sb.buf);
	strbuf_release(&sb);
}
