/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * inspect.c - read the seccomp filters loaded in a running process.
 *
 * PTRACE_SEIZE + PTRACE_INTERRUPT (the tracee must be stopped under ptrace
 * for PTRACE_SECCOMP_GET_FILTER, which also needs CAP_SYS_ADMIN), then
 * read filter 0, 1, ... (0 is the newest) until ENOENT, then
 * PTRACE_DETACH: the process goes on running, nothing is injected and no
 * signal is lost (one that arrived meanwhile is handed back on detach).
 * Decoding the programs is the BPF emulator's job (analyzer/bpf.c).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "tracer/inspect.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif

int tracer_seccomp_mode(pid_t pid)
{
	char path[64];
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	int mode = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (strbuf_read_file(&sb, path, 1u << 20) == 0 &&
	    (s = strstr(sb.buf, "\nSeccomp:")) != NULL)
		mode = atoi(s + 9);
	strbuf_release(&sb);
	return mode;
}

int tracer_fetch_filters(pid_t pid, struct tracer_filters *out)
{
	int status, ret = -1, sig = 0;
	long n;

	out->n = 0;
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0) {
		if (errno == ESRCH)
			return error("no such process %d", (int)pid);
		return error_errno("cannot attach to process %d (ptrace needs "
				   "the same user or CAP_SYS_PTRACE, and Yama "
				   "may forbid it)", (int)pid);
	}
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0 ||
	    waitpid(pid, &status, __WALL) < 0) {
		error_errno("cannot stop process %d", (int)pid);
		goto detach;
	}
	if (!WIFSTOPPED(status))
		return error("process %d exited while being inspected",
			     (int)pid);
	/* a signal-delivery stop came first: hand the signal back */
	if ((status >> 16) != PTRACE_EVENT_STOP)
		sig = WSTOPSIG(status);
	for (out->n = 0; out->n < TRACER_MAX_FILTERS; out->n++) {
		n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)out->n,
			   NULL);
		if (n < 0 && errno == ENOENT)
			break;
		if (n < 0) {
			if (errno == EACCES || errno == EPERM)
				error("reading seccomp filters needs "
				      "CAP_SYS_ADMIN (run as root)");
			else if (errno == EINVAL || errno == EIO)
				error("this kernel cannot read filters "
				      "(PTRACE_SECCOMP_GET_FILTER: %s)",
				      strerror(errno));
			else
				error_errno("cannot read filter %zu", out->n);
			goto detach;
		}
		out->len[out->n] = (size_t)n;
		out->insns[out->n] = xcalloc((size_t)n ? (size_t)n : 1,
					     sizeof(struct sock_filter));
		if (ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)out->n,
			   out->insns[out->n]) != n) {
			error_errno("cannot read filter %zu", out->n);
			free(out->insns[out->n]);
			goto detach;
		}
	}
	ret = 0;
detach:
	/* a group-stop or our interrupt: detaching resumes the process */
	if (ptrace(PTRACE_DETACH, pid, 0, (void *)(long)sig) < 0 &&
	    errno != ESRCH)
		warning("cannot detach from process %d: %s", (int)pid,
			strerror(errno));
	return ret;
}

void tracer_filters_release(struct tracer_filters *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->insns[i]);
	f->n = 0;
}
