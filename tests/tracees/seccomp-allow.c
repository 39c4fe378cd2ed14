/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
/*
 * seccomp-allow.c - the kernel's floor for `record --guard` (bench/tracer.sh):
 *
 *   seccomp-allow CMD [ARG...]
 *
 * installs a one-instruction filter that allows every syscall, the way
 * `record` installs its own (seccomp() with SECCOMP_FILTER_FLAG_SPEC_ALLOW
 * where the kernel takes it, else prctl; no_new_privs only when needed),
 * and executes CMD with no tracer.  What CMD then costs over an unfiltered
 * run is the kernel's seccomp entry path: no guard can be cheaper.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int install(const struct sock_fprog *prog)
{
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_SPEC_ALLOW, prog) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog);
}

int main(int argc, char **argv)
{
	struct sock_filter allow[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { 1, allow };

	if (argc < 2) {
		fprintf(stderr, "usage: seccomp-allow CMD [ARG...]\n");
		return 2;
	}
	if (install(&prog) < 0 &&
	    (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	     install(&prog) < 0)) {
		fprintf(stderr, "seccomp-allow: %s\n", strerror(errno));
		return 1;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "seccomp-allow: %s: %s\n", argv[1], strerror(errno));
	return 127;
}
