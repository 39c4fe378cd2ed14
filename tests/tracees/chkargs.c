/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
/*
 * chkargs.c - a tracee for `check` on decisive arguments: one call per
 * word, through syscall(2) so libc adds nothing but what it always makes.
 *
 *   chkargs WORD...
 *
 *   unix, inet, netlink  socket(AF_UNIX / AF_INET / AF_NETLINK, SOCK_DGRAM)
 *   tcgets, fionread     ioctl(0, TCGETS / FIONREAD) (failures are fine)
 *   fork                 fork() and wait: glibc's fork is clone(SIGCHLD |
 *                        CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID), no
 *                        namespace flag
 *   newnet               clone(CLONE_NEWNET | SIGCHLD): a new network
 *                        namespace (EPERM without CAP_SYS_ADMIN; the call
 *                        is made either way)
 *
 * Prints "done" and exits 0; 2 on an unknown word.
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static void sock(int domain)
{
	long fd = syscall(SYS_socket, domain, SOCK_DGRAM, 0);

	if (fd >= 0)
		close((int)fd);
}

static void child_exit(long pid)
{
	if (pid == 0)
		syscall(SYS_exit_group, 0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
}

int main(int argc, char **argv)
{
	struct termios tio;
	int i, n;

	for (i = 1; i < argc; i++) {
		const char *w = argv[i];

		if (!strcmp(w, "unix"))
			sock(AF_UNIX);
		else if (!strcmp(w, "inet"))
			sock(AF_INET);
		else if (!strcmp(w, "netlink"))
			sock(AF_NETLINK);
		else if (!strcmp(w, "tcgets"))
			syscall(SYS_ioctl, 0, TCGETS, &tio);
		else if (!strcmp(w, "fionread"))
			syscall(SYS_ioctl, 0, FIONREAD, &n);
		else if (!strcmp(w, "fork"))
			child_exit(fork());
		else if (!strcmp(w, "newnet"))
			child_exit(syscall(SYS_clone, CLONE_NEWNET | SIGCHLD,
					   0, 0, 0, 0));
		else {
			fprintf(stderr, "chkargs: unknown word '%s'\n", w);
			return 2;
		}
	}
	puts("done");
	return 0;
}
