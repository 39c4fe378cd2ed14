/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sigsys.c - a tracee that installs its own seccomp filter denying only
 * getppid, then calls it, to test how the tracer names seccomp kills:
 *
 *   sigsys trap     getppid -> SECCOMP_RET_TRAP (SIGSYS with siginfo)
 *   sigsys kill     getppid -> SECCOMP_RET_KILL_PROCESS
 *   sigsys thread   the same kill, from a second thread while the main
 *                   thread waits in pthread_join
 *
 * Every other syscall is allowed.  Prints "alive" if it survives (it
 * should not); exits 3 if the kernel refuses the filter.
 */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *worker(void *arg)
{
	(void)arg;
	syscall(SYS_getppid);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "trap";
	unsigned action = strcmp(mode, "trap") ? SECCOMP_RET_KILL_PROCESS
					       : SECCOMP_RET_TRAP;
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, action),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = 4, .filter = f };
	pthread_t th;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return 3;
	if (!strcmp(mode, "thread")) {
		if (pthread_create(&th, NULL, worker, NULL) == 0)
			pthread_join(th, NULL);
	} else {
		syscall(SYS_getppid);
	}
	printf("alive\n");
	return 0;
}
