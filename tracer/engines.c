/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engines.c - which recording engine runs.  Both engines sit behind the
 * same interface (tracer.h): tracer_record()/tracer_attach() for ptrace
 * (engine.c and its modules), tracer_bpf_record()/tracer_bpf_attach() for
 * bpf (bpf-engine.c), each taking the same struct tracer_opts, writing
 * the same store rows, recording in the run row which engine ran and why
 * (store_run_set_engine()) and ending with the same summary line
 * (summary.c).  A third engine adds its pair and a case here.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracer/tracer.h"

int tracer_choose_engine(struct tracer_opts *o, const char *ptrace_only)
{
	static char buf[256]; /* the reason, for the life of the process */
	const char *why, *env = getenv("SYSCENSUS_ENGINE");

	bool from_env = false;

	if (o->engine == TRACER_ENGINE_AUTO && env) {
		/* the default for a whole test run or CI job */
		from_env = true;
		if (!strcmp(env, "bpf"))
			o->engine = TRACER_ENGINE_BPF;
		else if (!strcmp(env, "ptrace"))
			o->engine = TRACER_ENGINE_PTRACE;
	}
	switch (o->engine) {
	case TRACER_ENGINE_PTRACE:
		o->engine_why = from_env ? "SYSCENSUS_ENGINE=ptrace"
					 : "--engine ptrace";
		return 0;
	case TRACER_ENGINE_BPF:
		if (ptrace_only)
			return error("%s needs the ptrace engine, not "
				     "--engine bpf", ptrace_only);
		if (!tracer_bpf_usable(&why))
			return error("--engine bpf: %s", why);
		o->engine_why = from_env ? "SYSCENSUS_ENGINE=bpf"
					 : "--engine bpf";
		return 0;
	default:
		break;
	}
	o->engine = TRACER_ENGINE_PTRACE;
	if (ptrace_only) {
		snprintf(buf, sizeof(buf), "auto: %s needs ptrace",
			 ptrace_only);
		o->engine_why = buf;
	} else if (!tracer_bpf_usable(&why)) {
		snprintf(buf, sizeof(buf), "auto: bpf unavailable: %s", why);
		o->engine_why = buf;
	} else {
		o->engine = TRACER_ENGINE_BPF;
		o->engine_why = "auto: the kernel allows bpf";
	}
	return 0;
}
