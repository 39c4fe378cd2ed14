/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * shared.h - the small helpers both recording engines use: the ptrace
 * engine (tracer-int.h includes this) and the bpf engine (bpf-int.h),
 * which sees nothing else of the ptrace engine's state.  Private to
 * tracer/.
 */
#ifndef SYSCENSUS_TRACER_SHARED_H
#define SYSCENSUS_TRACER_SHARED_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Read at most size - 1 bytes of a small file (/proc/PID/status,
 * /proc/PID/cmdline) into buf, NUL-terminated.  Returns the number of
 * bytes read, or -1 (nothing printed: a task that vanished is normal).
 */
int tracer_read_small(const char *path, char *buf, size_t size);

/* Is pid our own `syscensus mark` (a launched harness calls it)?  Both
 * engines leave it out of the counts. */
bool tracer_is_mark_client(pid_t pid);

/* The number of threads of process tgid (/proc/TGID/task); 0 when it is
 * gone. */
int tracer_count_threads(pid_t tgid);

/* "SIGHUP"; real-time signals as strace names them (SIGRTMIN, SIGRT_1);
 * others "SIG<n>".  Written into buf; returns buf. */
const char *tracer_signal_name(int sig, char *buf, size_t size);

#endif
