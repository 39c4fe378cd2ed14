/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pio-workload.c - a tracee for the policy-io enforcement tests: it loads a
 * seccomp filter, then makes a known set of raw syscalls and says it
 * survived.
 *
 *   pio-workload bpf FILE [forbidden|sleep]   load FILE (struct sock_filter[])
 *                                             with no_new_privs + seccomp()
 *   pio-workload bpf FILE exec CMD [ARG...]   load FILE, then exec CMD under it
 *   pio-workload-c [forbidden|sleep]          (built by the test with an
 *   pio-workload-c exec CMD [ARG...]          emitted C file: -DPIO_WITH_C)
 *
 * After the filter: write, getpid, openat, read, close, exit_group (and
 * clock_nanosleep with `sleep`, until killed).  `forbidden` then calls
 * getppid, which the tests keep out of the filter: the process must die
 * of SIGSYS before printing "survived".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifdef PIO_WITH_C
int install_seccomp_filter(void);
#endif

static void say(const char *s)
{
	syscall(SYS_write, 1, s, strlen(s));
}

int main(int argc, char **argv)
{
	const char *mode;
	char buf[1];
	long fd;
	int i = 1;

#ifdef PIO_WITH_C
	int rc = install_seccomp_filter();

	if (rc != 0) {
		fprintf(stderr, "install_seccomp_filter: %d\n", rc);
		return 2;
	}
	mode = argc > 1 ? argv[1] : "";
	i = 1;
#else
	static struct sock_filter prog[4096];
	struct sock_fprog fprog;
	FILE *f;
	size_t n;

	if (argc < 3 || strcmp(argv[1], "bpf")) {
		fprintf(stderr, "usage: pio-workload bpf FILE "
				"[forbidden|sleep]\n");
		return 2;
	}
	f = fopen(argv[2], "rb");
	if (!f) {
		perror(argv[2]);
		return 2;
	}
	n = fread(prog, sizeof(prog[0]), 4096, f);
	fclose(f);
	fprog.len = (unsigned short)n;
	fprog.filter = prog;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog)) {
		perror("seccomp");
		return 3;
	}
	mode = argc > 3 ? argv[3] : "";
	i = 3;
#endif
	if (!strcmp(mode, "exec") && argc > i + 1) {
		execv(argv[i + 1], argv + i + 1);
		perror(argv[i + 1]);
		return 127;
	}
	say("filtered\n");
	syscall(SYS_getpid);
	fd = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
	syscall(SYS_read, fd, buf, 1);
	syscall(SYS_close, fd);
	if (!strcmp(mode, "forbidden"))
		syscall(SYS_getppid);
	if (!strcmp(mode, "sleep")) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		for (;;)
			syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts,
				NULL);
	}
	say("survived\n");
	syscall(SYS_exit_group, 0);
	return 0;
}
