/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
/*
 * calls.c - a tracee that makes an exactly known number of one syscall,
 * through syscall(2) so libc caches and vDSO shortcuts cannot hide any:
 *
 *   calls [-t THREADS] [-x STATUS] NAME N
 *
 * makes N calls of NAME in each of THREADS threads (default 1), then exits
 * with STATUS (default 0).  NAME is one of getppid, getcwd, uname, sysinfo,
 * sched_yield, ebadf (close(-1): fails with EBADF every time), or zero
 * (read 1 byte from /dev/zero and write it to /dev/null: two cheap real
 * calls per iteration, so 2N calls).
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/sysinfo.h>
#include <unistd.h>

static long ncalls;
static long nr;
static long arg0;
static int zero_fd = -1, null_fd = -1;

static void *worker(void *arg)
{
	char buf[4096];
	struct utsname u;
	struct sysinfo si;
	long i;

	for (i = 0; i < ncalls; i++) {
		switch (nr) {
		case SYS_getcwd:
			syscall(nr, buf, sizeof(buf));
			break;
		case SYS_uname:
			syscall(nr, &u);
			break;
		case SYS_sysinfo:
			syscall(nr, &si);
			break;
		case SYS_read:
			syscall(SYS_read, zero_fd, buf, 1);
			syscall(SYS_write, null_fd, buf, 1);
			break;
		default:
			syscall(nr, arg0);
			break;
		}
	}
	return arg;
}

int main(int argc, char **argv)
{
	int threads = 1, status = 0, opt, i;
	pthread_t *th;
	const char *name;

	while ((opt = getopt(argc, argv, "t:x:")) != -1) {
		if (opt == 't')
			threads = atoi(optarg);
		else if (opt == 'x')
			status = atoi(optarg);
		else
			return 2;
	}
	if (argc - optind != 2 || threads < 1 || threads > 256) {
		fprintf(stderr, "usage: calls [-t THREADS] [-x STATUS] NAME N\n");
		return 2;
	}
	name = argv[optind];
	ncalls = atol(argv[optind + 1]);
	if (!strcmp(name, "getppid"))
		nr = SYS_getppid;
	else if (!strcmp(name, "getcwd"))
		nr = SYS_getcwd;
	else if (!strcmp(name, "uname"))
		nr = SYS_uname;
	else if (!strcmp(name, "sysinfo"))
		nr = SYS_sysinfo;
	else if (!strcmp(name, "sched_yield"))
		nr = SYS_sched_yield;
	else if (!strcmp(name, "zero")) {
		nr = SYS_read;
		zero_fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
		null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (zero_fd < 0 || null_fd < 0)
			return 1;
	} else if (!strcmp(name, "ebadf")) {
		nr = SYS_close;
		arg0 = -1;
	} else {
		fprintf(stderr, "calls: unknown syscall '%s'\n", name);
		return 2;
	}
	if (threads == 1) {
		worker(NULL);
		return status;
	}
	th = calloc((size_t)threads, sizeof(*th));
	for (i = 0; i < threads; i++)
		if (pthread_create(&th[i], NULL, worker, NULL) != 0)
			return 1;
	for (i = 0; i < threads; i++)
		pthread_join(th[i], NULL);
	free(th);
	return status;
}
