/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vcalls.c - a tracee for `syscensus verify`: a few syscalls nothing else
 * in it makes, each from a different task, and a report of how one of
 * them returned:
 *
 *   vcalls    main thread getppid, a second thread uname, a forked child
 *             sysinfo; prints "getppid: ok" or "getppid: errno N" (the
 *             program goes on either way), then "done"; exits 0
 *
 * Raw syscalls, so that libc caches and the vDSO hide none.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *arg)
{
	struct utsname u;

	(void)arg;
	syscall(SYS_uname, &u);
	return NULL;
}

int main(void)
{
	pthread_t th;
	struct sysinfo si;
	long r;
	pid_t pid;

	r = syscall(SYS_getppid);
	if (r < 0)
		printf("getppid: errno %d\n", errno);
	else
		printf("getppid: ok\n");
	fflush(stdout);
	if (pthread_create(&th, NULL, worker, NULL) == 0)
		pthread_join(th, NULL);
	pid = fork();
	if (pid == 0) {
		syscall(SYS_sysinfo, &si);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	printf("done\n");
	return 0;
}
