/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * summary.c - the one line `record` and `attach` end with, the same for
 * both engines (ptrace: flush.c, bpf: bpf-engine.c), terminal or not,
 * silenced by -q: what was recorded, where, and which engine ran and why
 * (the run row keeps the same two words).
 */
#include "config.h"

#include <stdio.h>

#include "tracer/tracer.h"

void tracer_summary_print(const struct tracer_summary *s)
{
	struct strbuf sb = STRBUF_INIT;

	if (log_quiet || !s->enabled)
		return;
	if (s->launched)
		strbuf_addstr(&sb, "syscensus: recorded 1 run, ");
	else
		strbuf_addf(&sb, "syscensus: attached %zu process%s (%zu "
			    "failed), ", s->attached,
			    s->attached == 1 ? "" : "es", s->attach_failed);
	strbuf_addf(&sb, "%zu syscalls, %llu calls", s->syscalls,
		    (unsigned long long)s->calls);
	/* the bpf engine cannot see seccomp kills: no count, not 0 */
	if (s->kills >= 0)
		strbuf_addf(&sb, ", %ld kill%s", s->kills,
			    s->kills == 1 ? "" : "s");
	if (!s->lost)
		strbuf_addf(&sb, " into %s", s->db);
	else if (s->side_path)
		strbuf_addf(&sb, " NOT written to %s: kept in %s", s->db,
			    s->side_path);
	else
		strbuf_addf(&sb, " NOT written to %s: lost", s->db);
	if (s->engine)
		strbuf_addf(&sb, " (engine %s%s%s)", s->engine,
			    s->why ? ": " : "", s->why ? s->why : "");
	fprintf(stderr, "%s\n", sb.buf);
	strbuf_release(&sb);
}
