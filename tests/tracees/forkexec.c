/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
/*
 * forkexec.c - a tracee that forks and execs its arguments in the child:
 *
 *   forkexec [-v] PROGRAM [ARG...]
 *
 * (-v: vfork instead of fork).  The parent waits and exits with the
 * child's status; the trace must attribute the child's calls to PROGRAM,
 * not to forkexec.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char **prog; /* static: not clobbered by vfork */
	int status, use_vfork = argc > 1 && !strcmp(argv[1], "-v");
	pid_t pid;

	prog = argv + 1 + use_vfork;
	if (argc < 2 + use_vfork) {
		fprintf(stderr, "usage: forkexec [-v] PROGRAM [ARG...]\n");
		return 2;
	}
	pid = use_vfork ? vfork() : fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		execv(prog[0], prog);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
