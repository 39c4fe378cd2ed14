/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-junit.c - `check --format junit`: JUnit XML as Jenkins, GitLab
 * and most CI test tabs read it (testsuites > testsuite > testcase, with
 * failure and skipped children and tests/failures/errors/skipped counts).
 * One testsuite per executable; one testcase per (phase, syscall) judged,
 * named "phase/syscall" ("phase/syscall [arch]" off the native arch), so
 * a CI tab lists the syscall.  An uncovered syscall is a failure whose
 * message says how many calls were seen and the fix, and whose text is
 * the stack of the first call when one was recorded.  Unexercised
 * findings (static reach) are skipped testcases with the reason.
 *
 * The testcases are the rows diff compared, read again from the store
 * with the same selection, so the failures are exactly check's uncovered.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "reports/reports.h"

struct jcase {
	char *exe, *phase, *arch, *syscall;
	uint64_t calls, errors;
};

struct jcases {
	struct jcase *v;
	size_t n, alloc;
};

static int collect(const struct observed_row *row, void *data)
{
	struct jcases *c = data;
	struct jcase *last = c->n ? &c->v[c->n - 1] : NULL;

	/* rows come ordered by phase, exe, arch, syscall, then run */
	if (last && !strcmp(last->phase, row->phase) &&
	    !strcmp(last->exe, row->exe) && !strcmp(last->arch, row->arch) &&
	    !strcmp(last->syscall, row->syscall)) {
		last->calls += row->calls;
		last->errors += row->errors;
		return 0;
	}
	c->v = xgrow(c->v, sizeof(*c->v), c->n + 1, &c->alloc);
	last = &c->v[c->n++];
	last->exe = xstrdup(row->exe);
	last->phase = xstrdup(row->phase);
	last->arch = xstrdup(row->arch);
	last->syscall = xstrdup(row->syscall);
	last->calls = row->calls;
	last->errors = row->errors;
	return 0;
}

static int cmp_case(const void *a, const void *b)
{
	const struct jcase *x = a, *y = b;
	int d = strcmp(x->exe, y->exe);

	if (!d)
		d = strcmp(x->phase, y->phase);
	if (!d)
		d = strcmp(x->syscall, y->syscall);
	return d ? d : strcmp(x->arch, y->arch);
}

static bool is_row(const struct jcase *c, const char *phase, const char *exe,
		   const char *arch, const char *syscall)
{
	return !strcmp(c->phase, phase) && !strcmp(c->exe, exe) &&
	       !strcmp(c->arch, arch) && !strcmp(c->syscall, syscall);
}

static void put_xml(FILE *f, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	esc_xml(&sb, s);
	fputs(sb.buf, f);
	strbuf_release(&sb);
}

/* The failure message of the uncovered entries of case c, or NULL. */
static char *failure_message(const struct diff_result *r,
			     const struct jcase *c, const char *policy)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[32];
	size_t i;

	for (i = 0; i < r->nuncovered; i++) {
		const struct diff_uncovered *u = &r->uncovered[i];

		if (!is_row(c, u->phase, u->exe, u->arch, u->syscall))
			continue;
		if (sb.len)
			strbuf_addstr(&sb, "; ");
		strbuf_addf(&sb, "%s%s%s%s: %" PRIu64 " call%s seen",
			    u->syscall, u->arg ? "(" : "",
			    u->arg ? u->arg : "", u->arg ? ")" : "",
			    u->calls, u->calls == 1 ? "" : "s");
		if (u->errors)
			strbuf_addf(&sb, " (%" PRIu64 " failed)", u->errors);
		strbuf_addf(&sb, " in phase %s, not covered by %s", u->phase,
			    policy);
		if (u->reason)
			strbuf_addf(&sb, " (%s)", u->reason);
		else
			strbuf_addf(&sb, " (the policy says %s)",
				    action_name(&u->action, buf));
		if (u->arg)
			strbuf_addf(&sb, "; fix: allow %s for %s too",
				    u->syscall, u->arg);
		else if (u->arch_denied)
			strbuf_addf(&sb, "; fix: admit the %s architecture "
				    "or stop calling it", u->arch);
		else
			strbuf_addf(&sb, "; fix: add %s to the allowlist",
				    u->syscall);
	}
	return sb.len ? strbuf_detach(&sb, NULL) : (strbuf_release(&sb), NULL);
}

static bool is_conditional(const struct diff_result *r, const struct jcase *c)
{
	size_t i;

	for (i = 0; i < r->nconditional; i++) {
		const struct diff_conditional *d = &r->conditional[i];

		if (is_row(c, d->phase, d->exe, d->arch, d->syscall))
			return true;
	}
	return false;
}

/*
 * Static reach: each unexercised finding of exe (reached by its code,
 * never observed, denied by the policy) is a <testcase> named
 * "unexercised/SYSCALL" with <skipped message="REASON"/>.  Returns how
 * many; writes them when write is set.
 */
static size_t junit_unexercised(FILE *f, const struct diff_result *r,
				const char *exe, bool write)
{
	const char *native = arch_name(arch_native());
	size_t i, n = 0;

	for (i = 0; i < r->nunexercised; i++) {
		const struct diff_unexercised *u = &r->unexercised[i];

		if (!u->exe || strcmp(u->exe, exe))
			continue;
		n++;
		if (!write)
			continue;
		fputs("    <testcase name=\"unexercised/", f);
		put_xml(f, u->syscall);
		if (native && u->arch && strcmp(u->arch, native)) {
			fputs(" [", f);
			put_xml(f, u->arch);
			fputc(']', f);
		}
		fputs("\" classname=\"", f);
		put_xml(f, exe);
		fputs("\" time=\"0\">\n      <skipped message=\"", f);
		put_xml(f, u->reason ? u->reason : "reached by the code, never "
			"observed, not allowed by the policy");
		fputs("\"/>\n    </testcase>\n", f);
	}
	return n;
}

int report_diff_junit(FILE *f, const struct report_diff_in *in)
{
	const struct diff_result *r = in->r;
	const char *native = arch_name(arch_native());
	struct report_stacks *rs = report_stacks_new(in->st);
	struct jcases c = { 0 };
	size_t i, j, nfail = 0, nskip = 0;
	int ret = -1;

	if (!in->st || !in->filter)
		return error("junit needs the store");
	if (store_each_observed(in->st, in->filter, collect, &c) != 0)
		goto out;
	if (c.n)
		qsort(c.v, c.n, sizeof(*c.v), cmp_case);
	for (i = 0; i < c.n; i++) {
		char *m = failure_message(r, &c.v[i], "");

		nfail += m != NULL;
		free(m);
		if (!i || strcmp(c.v[i].exe, c.v[i - 1].exe))
			nskip += junit_unexercised(f, r, c.v[i].exe, false);
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fputs("<testsuites name=\"syscensus check ", f);
	put_xml(f, in->p->source);
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
		"skipped=\"%zu\" time=\"0\">\n", c.n + nskip, nfail, nskip);
	for (i = 0; i < c.n; i = j) {
		size_t k, tests, fails = 0, skips;

		for (j = i; j < c.n && !strcmp(c.v[j].exe, c.v[i].exe); j++) {
			char *m = failure_message(r, &c.v[j], "");

			fails += m != NULL;
			free(m);
		}
		skips = junit_unexercised(f, r, c.v[i].exe, false);
		tests = j - i + skips;
		fputs("  <testsuite name=\"", f);
		put_xml(f, c.v[i].exe);
		fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
			"skipped=\"%zu\" time=\"0\">\n", tests, fails, skips);
		fputs("    <properties>\n      <property name=\"policy\" "
		      "value=\"", f);
		put_xml(f, in->p->source);
		fputs("\"/>\n    </properties>\n", f);
		for (k = i; k < j; k++) {
			const struct jcase *tc = &c.v[k];
			char *msg = failure_message(r, tc, in->p->source);

			fputs("    <testcase name=\"", f);
			put_xml(f, tc->phase);
			fputc('/', f);
			put_xml(f, tc->syscall);
			if (native && strcmp(tc->arch, native)) {
				fputs(" [", f);
				put_xml(f, tc->arch);
				fputc(']', f);
			}
			fputs("\" classname=\"", f);
			put_xml(f, tc->exe);
			fputs("\" time=\"0\"", f);
			if (msg) {
				char *frames = report_stacks_get(
					rs, tc->phase, tc->exe, tc->arch,
					tc->syscall);
				struct strbuf sb = STRBUF_INIT;

				fputs(">\n      <failure type=\"uncovered\" "
				      "message=\"", f);
				put_xml(f, msg);
				fputs("\">", f);
				if (frames &&
				    report_stack_callers(&sb, frames, tc->exe)) {
					fputs("first called from: ", f);
					put_xml(f, sb.buf);
					fputs("\n\nstack of the first call, "
					      "innermost first:\n", f);
					put_xml(f, frames);
					fputc('\n', f);
				} else {
					fputs("no stack recorded (record with "
					      "--stacks to see the caller)", f);
				}
				fputs("</failure>\n    </testcase>\n", f);
				strbuf_release(&sb);
				free(frames);
			} else if (is_conditional(r, tc)) {
				fputs(">\n      <system-out>allowed for some "
				      "argument values only; the trace cannot "
				      "judge every call (see check --format "
				      "json)</system-out>\n    </testcase>\n",
				      f);
			} else {
				fputs("/>\n", f);
			}
			free(msg);
		}
		junit_unexercised(f, r, c.v[i].exe, true);
		fputs("  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
	ret = 0;
out:
	for (i = 0; i < c.n; i++) {
		free(c.v[i].exe);
		free(c.v[i].phase);
		free(c.v[i].arch);
		free(c.v[i].syscall);
	}
	free(c.v);
	report_stacks_free(rs);
	return ret;
}
