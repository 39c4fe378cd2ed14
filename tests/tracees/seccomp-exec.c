/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * seccomp-exec.c - load a raw seccomp BPF program, then exec a command
 * under it: the end-to-end tests run the fixture daemon under the filter
 * `syscensus emit --format bpf` wrote for it, the way bubblewrap's
 * --seccomp FD would.
 *
 *   seccomp-exec --bpf FILE [--tsync] -- CMD [ARG...]
 *   seccomp-exec --probe
 *
 * FILE is an array of struct sock_filter (8 bytes each, at most
 * BPF_MAXINSNS).  CMD is looked up in PATH *before* the filter is loaded:
 * from the seccomp() call on, the only syscall this program makes is the
 * execve of CMD, so the filter must allow execve (a recorded program's
 * own execve is in its trace) and need allow nothing of ours.  If the
 * execve fails there is nothing left that is safe to call but exit_group:
 * exit status 127, with the error printed only when write is allowed.
 *
 * --tsync asks for SECCOMP_FILTER_FLAG_TSYNC (pointless here: we have one
 * thread; it exists to check that the kernel accepts the flag).  --probe
 * loads an allow-everything filter and exits 0, or 3 if the kernel refuses
 * seccomp filters (tests skip then).
 *
 * Exit status: CMD's; 2 usage or unreadable FILE; 3 the kernel refused the
 * filter; 127 CMD could not be executed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exec-util.h"

#ifndef SECCOMP_FILTER_FLAG_TSYNC
#define SECCOMP_FILTER_FLAG_TSYNC 1
#endif

static struct sock_filter prog[BPF_MAXINSNS];

static int usage(void)
{
	fprintf(stderr, "usage: seccomp-exec --bpf FILE [--tsync] -- "
			"CMD [ARG...]\n       seccomp-exec --probe\n");
	return 2;
}

/* Read FILE into prog[]; returns the number of instructions or -1. */
static long read_prog(const char *path)
{
	FILE *f;
	size_t n;
	char extra;
	long ret = -1;

	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "seccomp-exec: cannot open '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	n = fread(prog, 1, sizeof(prog), f);
	if (ferror(f)) {
		fprintf(stderr, "seccomp-exec: cannot read '%s'\n", path);
		goto out;
	}
	if (n == sizeof(prog) && fread(&extra, 1, 1, f) == 1) {
		fprintf(stderr, "seccomp-exec: '%s' has more than %d "
				"instructions\n", path, BPF_MAXINSNS);
		goto out;
	}
	if (n == 0 || n % sizeof(prog[0])) {
		fprintf(stderr, "seccomp-exec: '%s' is not a BPF program "
				"(%zu bytes)\n", path, n);
		goto out;
	}
	ret = (long)(n / sizeof(prog[0]));
out:
	fclose(f);
	return ret;
}

/*
 * Load prog[0..len) into this process; returns 0 or an errno.  seccomp(2)
 * first, prctl(PR_SET_SECCOMP) for kernels without it (no flags then).
 */
static int load(long len, unsigned int flags)
{
	struct sock_fprog fprog = {
		.len = (unsigned short)len,
		.filter = prog,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog) == 0)
		return 0;
	if (errno != ENOSYS || flags)
		return errno;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0))
		return errno;
	return 0;
}

int main(int argc, char **argv)
{
	static const char msg[] = "seccomp-exec: cannot execute the command\n";
	const char *file = NULL;
	unsigned int flags = 0;
	char *cmd;
	long len;
	int i, err;

	if (argc == 2 && !strcmp(argv[1], "--probe")) {
		prog[0] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
						       SECCOMP_RET_ALLOW);
		err = load(1, 0);
		if (err) {
			fprintf(stderr, "seccomp-exec: the kernel refuses "
					"seccomp filters: %s\n", strerror(err));
			return 3;
		}
		return 0;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--bpf") && i + 1 < argc)
			file = argv[++i];
		else if (!strcmp(argv[i], "--tsync"))
			flags |= SECCOMP_FILTER_FLAG_TSYNC;
		else if (!strcmp(argv[i], "--"))
			break;
		else
			return usage();
	}
	if (!file || i + 1 >= argc)
		return usage();
	argv += i + 1;

	len = read_prog(file);
	if (len < 0)
		return 2;
	cmd = resolve(argv[0]);
	if (!cmd) {
		fprintf(stderr, "seccomp-exec: out of memory\n");
		return 2;
	}
	err = load(len, flags);
	if (err) {
		fprintf(stderr, "seccomp-exec: cannot load '%s': %s\n", file,
			strerror(err));
		return 3;
	}
	/* From here on: execve, or write + exit_group if it failed. */
	return exec_filtered(cmd, argv, msg, sizeof(msg) - 1);
}
