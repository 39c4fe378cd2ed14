/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * inspect.h - reading the seccomp filters loaded in a running process
 * (tracer/inspect.c), for `syscensus inspect -p PID`.
 */
#ifndef SYSCENSUS_TRACER_INSPECT_H
#define SYSCENSUS_TRACER_INSPECT_H

#include <linux/filter.h>
#include <sys/types.h>

#include "common/common.h"

#define TRACER_MAX_FILTERS 64

/* The filters of a process, newest first (as the kernel numbers them). */
struct tracer_filters {
	struct sock_filter *insns[TRACER_MAX_FILTERS];
	size_t len[TRACER_MAX_FILTERS];
	size_t n;
};

/* "Seccomp:" of /proc/PID/status: 0 none, 1 strict, 2 filter; -1 when
 * it cannot be read. */
int tracer_seccomp_mode(pid_t pid);
/*
 * Seize pid, stop it, read every filter into out, detach: the process
 * goes on running, and a signal that arrived meanwhile is handed back.
 * Returns 0, or -1 after error() (no such process, no privilege, a kernel
 * without PTRACE_SECCOMP_GET_FILTER).  Either way the filters read so far
 * are in out: release them with tracer_filters_release().
 */
int tracer_fetch_filters(pid_t pid, struct tracer_filters *out);
void tracer_filters_release(struct tracer_filters *f);

#endif
