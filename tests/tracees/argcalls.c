/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
/*
 * argcalls.c - a tracee whose decisive arguments (socket's domain, fcntl's,
 * ioctl's and prctl's command, clone's flags) are known exactly:
 *
 *   argcalls [-t THREADS] [-w DIR]
 *   argcalls -k
 *
 * Each of THREADS threads (default 1: the main thread alone) makes
 * socket(AF_UNIX) x3, socket(AF_INET) x1, fcntl(F_GETFL) x2,
 * ioctl(TCGETS) on a pipe x1 (fails with ENOTTY) and prctl(PR_SET_NAME)
 * x1, through syscall(2) so libc adds nothing; then the main thread forks
 * once (glibc's fork is clone(SIGCHLD|...)) and waits for the child.
 * With -w DIR it first writes its pid to DIR/pid and waits (up to 60 s)
 * for DIR/go, so a tracer can attach before the calls.
 *
 * With -k it sets no_new_privs (prctl(PR_SET_NO_NEW_PRIVS)), installs a
 * filter of its own that kills the process at prctl() and calls
 * prctl(PR_SET_NAME): it dies of SIGSYS at that call, which the tracer
 * counts from its entry stop (two prctl calls, two facts).
 */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void *calls(void *arg)
{
	struct termios tio;
	int p[2], i;

	for (i = 0; i < 3; i++)
		close((int)syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0));
	close((int)syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0));
	if (pipe(p) < 0)
		return arg;
	syscall(SYS_fcntl, p[0], F_GETFL);
	syscall(SYS_fcntl, p[1], F_GETFL);
	syscall(SYS_ioctl, p[0], TCGETS, &tio);
	syscall(SYS_prctl, PR_SET_NAME, "argcalls", 0, 0, 0);
	close(p[0]);
	close(p[1]);
	return arg;
}

static int wait_go(const char *dir)
{
	struct timespec ts = { 0, 10000000 };
	char path[4096];
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "%s/pid.tmp", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	{
		char final[4096];

		snprintf(final, sizeof(final), "%s/pid", dir);
		if (rename(path, final) < 0)
			return -1;
	}
	snprintf(path, sizeof(path), "%s/go", dir);
	for (i = 0; i < 6000; i++) {
		if (access(path, F_OK) == 0)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

/* -k: killed by our own filter at prctl(PR_SET_NAME) */
static int die_at_prctl(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_prctl, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { 4, insns };

	if (syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return 3;
	syscall(SYS_prctl, PR_SET_NAME, "killed", 0, 0, 0);
	return 1; /* not reached */
}

int main(int argc, char **argv)
{
	int threads = 1, opt, i, status;
	const char *dir = NULL;
	pthread_t th[64];
	pid_t pid;

	while ((opt = getopt(argc, argv, "kt:w:")) != -1) {
		if (opt == 'k')
			return die_at_prctl();
		else if (opt == 't')
			threads = atoi(optarg);
		else if (opt == 'w')
			dir = optarg;
		else
			return 2;
	}
	if (optind != argc || threads < 1 || threads > 64) {
		fprintf(stderr, "usage: argcalls [-k | -t THREADS] [-w DIR]\n");
		return 2;
	}
	if (dir && wait_go(dir) < 0)
		return 1;
	if (threads == 1) {
		calls(NULL);
	} else {
		for (i = 0; i < threads; i++)
			if (pthread_create(&th[i], NULL, calls, NULL) != 0)
				return 1;
		for (i = 0; i < threads; i++)
			pthread_join(th[i], NULL);
	}
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid || status != 0)
		return 1;
	return 0;
}
