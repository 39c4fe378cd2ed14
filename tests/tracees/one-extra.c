/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * one-extra.c - a tracee making a known set of syscalls and, when given
 * an argument, exactly one more: the end-to-end tests record it without
 * the argument, emit a kill filter from that trace, then run it with the
 * argument under the filter and expect SIGSYS on that one syscall.
 *
 *   one-extra           write "start\n", getpid, openat /dev/null, read,
 *                       close, write "survived\n", exit_group(0)
 *   one-extra getppid   the same, with getppid(2) between close and
 *                       the second write: outside a filter built from
 *                       the plain run, it never prints "survived"
 *
 * Raw syscalls, so that libc picks nothing else behind our back (the
 * dynamic loader's own calls happen before main, in both runs alike).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void say(const char *s)
{
	syscall(SYS_write, 1, s, strlen(s));
}

int main(int argc, char **argv)
{
	char buf[1];
	long fd;

	say("start\n");
	syscall(SYS_getpid);
	fd = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
	if (fd >= 0) {
		syscall(SYS_read, fd, buf, 1);
		syscall(SYS_close, fd);
	}
	if (argc > 1 && !strcmp(argv[1], "getppid"))
		syscall(SYS_getppid);
	say("survived\n");
	syscall(SYS_exit_group, 0);
	return 0;
}
