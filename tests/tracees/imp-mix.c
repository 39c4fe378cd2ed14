/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * imp-mix.c - a tracee for the strace importer tests: threads, fork and
 * exec, vfork, signals with handlers (one interrupting a sleep), failing
 * calls (ENOENT, EBADF), an unknown syscall number, a socket, an ioctl and
 * a prctl, and (x86_64 only) calls in 32-bit and x32 mode.  It writes
 * nothing to stdout or stderr so a stderr strace log holds only strace.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_signal(int sig)
{
	got = sig;
}

static void *worker(void *arg)
{
	int i;

	for (i = 0; i < 5; i++)
		syscall(SYS_getppid);
	if (arg)
		syscall(SYS_gettid);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[3];
	struct sigaction sa;
	struct timespec ts = { 30, 0 }; /* SIGUSR1 cuts it short */
	pid_t pid;
	int i, fd, status;

	if (argc > 1 && !strcmp(argv[1], "child")) {
		syscall(SYS_getpid);
		return 3;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, worker, i == 1 ? &t : NULL);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	/* errors */
	open("/nonexistent/imp-mix", O_RDONLY);
	close(-1);
	syscall(999);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd >= 0) {
		int n;

		ioctl(fd, FIONREAD, &n);
		close(fd);
	}
	prctl(PR_SET_NAME, "imp-mix");
	/* signals: one to ourselves, one interrupting a sleep */
	raise(SIGHUP);
	pid = fork();
	if (pid == 0) {
		usleep(50 * 1000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	nanosleep(&ts, NULL);
	waitpid(pid, &status, 0);
	/* fork + exec of ourselves, and vfork + exec */
	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "child", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	pid = vfork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
#if defined(__x86_64__)
	if (getenv("IMP_PERSONALITY")) {
		long r;

		/* getpid through int $0x80 (32-bit), then with the x32 bit */
		__asm__ volatile("int $0x80" : "=a"(r) : "a"(20L) : "memory");
		__asm__ volatile("syscall" : "=a"(r)
				 : "a"(0x40000000L | 39L)
				 : "rcx", "r11", "memory");
		(void)r;
	}
#endif
	return got == SIGUSR1 ? 0 : 1;
}
