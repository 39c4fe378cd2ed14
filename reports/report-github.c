/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-github.c - `check --format github`: GitHub Actions workflow
 * commands, one line per finding, which the runner turns into annotations
 * on the policy file:
 *
 *   ::error file=deploy/app.allowlist,line=12,title=uncovered fsync::...
 *
 * Escaped as the runner unescapes them (actions/toolkit command.ts): in
 * the message %, CR and LF become %25, %0D, %0A; in property values also
 * ':' and ',' (%3A, %2C).  Other control bytes are written as \xNN first,
 * so a traced string can never end the line or start a new command.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "reports/reports.h"

static void put_escaped(FILE *f, const char *s, bool property)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		switch (*p) {
		case '%': fputs("%25", f); break;
		case '\r': fputs("%0D", f); break;
		case '\n': fputs("%0A", f); break;
		case ':':
			fputs(property ? "%3A" : ":", f);
			break;
		case ',':
			fputs(property ? "%2C" : ",", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\x%02x", *p);
			else
				fputc(*p, f);
		}
	}
}

/* "::LEVEL file=F,line=L,title=T::MESSAGE" */
static void command(FILE *f, const char *level, const char *file,
		    unsigned long line, const char *title, const char *msg)
{
	char num[32];

	fprintf(f, "::%s file=", level);
	put_escaped(f, file, true);
	snprintf(num, sizeof(num), "%lu", line ? line : 1);
	fprintf(f, ",line=%s,title=", num);
	put_escaped(f, title, true);
	fputs("::", f);
	put_escaped(f, msg, false);
	fputc('\n', f);
}

int report_diff_github(FILE *f, const struct report_diff_in *in)
{
	const struct diff_result *r = in->r;
	struct report_stacks *rs = report_stacks_new(in->st);
	struct strbuf msg = STRBUF_INIT, title = STRBUF_INIT;
	char buf[32];
	size_t i;

	for (i = 0; i < r->nuncovered; i++) {
		const struct diff_uncovered *u = &r->uncovered[i];
		const char *file;
		unsigned long line = report_policy_line(in->p, u->syscall,
							&file);
		char *frames = report_stacks_get(rs, u->phase, u->exe,
						 u->arch, u->syscall);

		strbuf_reset(&msg);
		strbuf_reset(&title);
		strbuf_addf(&title, "uncovered %s%s%s%s", u->syscall,
			    u->arg ? "(" : "", u->arg ? u->arg : "",
			    u->arg ? ")" : "");
		strbuf_addf(&msg, "%s: %" PRIu64 " call%s in phase '%s' of "
			    "%s [%s]; ", u->syscall, u->calls,
			    u->calls == 1 ? "" : "s", u->phase, u->exe,
			    u->arch);
		if (u->reason)
			strbuf_addstr(&msg, u->reason);
		else
			strbuf_addf(&msg, "the policy says %s",
				    action_name(&u->action, buf));
		if (frames) {
			struct strbuf cb = STRBUF_INIT;

			if (report_stack_callers(&cb, frames, u->exe))
				strbuf_addf(&msg, "\nfirst called from %s",
					    cb.buf);
			strbuf_release(&cb);
		}
		if (!u->arg)
			strbuf_addf(&msg, "\nfix: add %s to the allowlist",
				    u->syscall);
		command(f, "error", file, line, title.buf, msg.buf);
		free(frames);
	}
	for (i = 0; i < r->nflags; i++) {
		const struct kb_flag *fl = &r->flags[i];
		const char *sc = fl->syscall ? fl->syscall : "?";
		const char *file;
		unsigned long line = report_policy_line(in->p, sc, &file);
		const char *sev = fl->severity ? fl->severity : "info";

		strbuf_reset(&msg);
		strbuf_reset(&title);
		strbuf_addf(&title, "likely needed: %s", sc);
		strbuf_addf(&msg, "%s", fl->reason ? fl->reason : "");
		if (fl->evidence)
			strbuf_addf(&msg, " (seen: %s)", fl->evidence);
		command(f, !strcmp(sev, "error") ? "error" :
			   !strcmp(sev, "warning") ? "warning" : "notice",
			file, line, title.buf, msg.buf);
	}
	for (i = 0; i < r->nunexercised; i++) {
		const struct diff_unexercised *u = &r->unexercised[i];
		const char *file;
		unsigned long line = report_policy_line(in->p, u->syscall,
							&file);

		strbuf_reset(&msg);
		strbuf_reset(&title);
		strbuf_addf(&title, "unexercised %s", u->syscall);
		strbuf_addf(&msg, "%s: reachable in %s, never observed; the "
			    "policy says %s", u->syscall,
			    u->exe ? u->exe : "?", action_name(&u->action, buf));
		if (u->reason)
			strbuf_addf(&msg, "\n%s", u->reason);
		command(f, "warning", file, line, title.buf, msg.buf);
	}
	strbuf_release(&msg);
	strbuf_release(&title);
	report_stacks_free(rs);
	return 0;
}
