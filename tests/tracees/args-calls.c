/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * args-calls.c - a tracee for the `emit --args` tests: it makes a known
 * set of calls whose decisive argument a filter can test, optionally under
 * a seccomp filter, and one call with a value it otherwise never uses on
 * request.
 *
 *   args-calls [none|EXTRA]                trace me (no filter)
 *   args-calls bpf FILE [none|EXTRA]       load FILE (struct sock_filter[])
 *                                          with no_new_privs + seccomp()
 *   args-calls-c [none|EXTRA]              (built by the test with an emitted
 *                                          C file: -DARGS_WITH_C)
 *
 * The calls, raw, after the filter: socket(AF_UNIX), close, pipe2,
 * fcntl(F_GETFL), fcntl(F_SETFD), ioctl(FIONREAD), prctl(PR_GET_DUMPABLE),
 * clone(SIGCHLD) whose child exits at once, wait4, write, exit_group.
 * EXTRA then makes one call with a value never used above:
 *   netlink  socket(AF_NETLINK)         winsz   ioctl(TIOCGWINSZ)
 *   pipesz   fcntl(F_GETPIPE_SZ)        getfd   fcntl(F_GETFD)
 *   newuts   clone(CLONE_NEWUTS|SIGCHLD)
 *   sext     ioctl(0, (long)(int)FS_IOC_GETFLAGS): bit 31 set, the
 *            register sign-extended (0xffffffff80086601 on x86_64)
 * A filter with --args and the kill action kills the process there
 * (SIGSYS, exit status 159 from a shell) before it prints "survived";
 * with --action errno the call fails and "EXTRA: errno N" is printed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/fs.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef F_GETPIPE_SZ
#define F_GETPIPE_SZ 1032
#endif

#ifdef ARGS_WITH_C
int install_seccomp_filter(void);
#endif

static void say(const char *s)
{
	syscall(SYS_write, 1, s, strlen(s));
}

/* A raw fork: clone(flags) whose child exits at once; the child's pid,
 * or -1 with errno. */
static long raw_clone(unsigned long flags)
{
	long pid = syscall(SYS_clone, flags, 0, 0, 0, 0);

	if (pid == 0)
		syscall(SYS_exit_group, 0);
	if (pid > 0)
		syscall(SYS_wait4, pid, NULL, 0, NULL);
	return pid;
}

static long extra(const char *what)
{
	if (!strcmp(what, "netlink"))
		return syscall(SYS_socket, AF_NETLINK, SOCK_RAW, 0);
	if (!strcmp(what, "winsz")) {
		struct winsize ws;

		return syscall(SYS_ioctl, 0, TIOCGWINSZ, &ws);
	}
	if (!strcmp(what, "pipesz"))
		return syscall(SYS_fcntl, 0, F_GETPIPE_SZ);
	if (!strcmp(what, "getfd"))
		return syscall(SYS_fcntl, 0, F_GETFD);
	if (!strcmp(what, "sext")) {
		int flags = 0;

		/* an int request, as musl's ioctl(int, int, ...) passes
		 * it: bit 31 set, so the register is sign-extended */
		return syscall(SYS_ioctl, 0, (long)(int)FS_IOC_GETFLAGS,
			       &flags);
	}
	if (!strcmp(what, "newuts"))
		return raw_clone(CLONE_NEWUTS | SIGCHLD);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = "none";
	char buf[96];
	int p[2], n = 0;
	long fd, r;

#ifdef ARGS_WITH_C
	int rc = install_seccomp_filter();

	if (rc != 0) {
		fprintf(stderr, "install_seccomp_filter: %d\n", rc);
		return 2;
	}
	if (argc > 1)
		mode = argv[1];
#else
	if (argc > 1 && !strcmp(argv[1], "bpf")) {
		static struct sock_filter prog[4096];
		struct sock_fprog fprog;
		FILE *f;
		size_t len;

		if (argc < 3) {
			fprintf(stderr, "usage: args-calls bpf FILE [EXTRA]\n");
			return 2;
		}
		f = fopen(argv[2], "rb");
		if (!f) {
			perror(argv[2]);
			return 2;
		}
		len = fread(prog, sizeof(prog[0]), 4096, f);
		fclose(f);
		fprog.len = (unsigned short)len;
		fprog.filter = prog;
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog)) {
			perror("seccomp");
			return 3;
		}
		if (argc > 3)
			mode = argv[3];
	} else if (argc > 1) {
		mode = argv[1];
	}
#endif
	fd = syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	syscall(SYS_close, fd);
	syscall(SYS_pipe2, p, 0);
	syscall(SYS_fcntl, p[0], F_GETFL);
	syscall(SYS_fcntl, p[0], F_SETFD, FD_CLOEXEC);
	syscall(SYS_ioctl, p[0], FIONREAD, &n);
	syscall(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
	raw_clone(SIGCHLD);
	say("calls done\n");
	if (strcmp(mode, "none")) {
		errno = 0;
		r = extra(mode);
		if (r < 0) {
			snprintf(buf, sizeof(buf), "%s: errno %d\n", mode,
				 errno);
			say(buf);
		}
	}
	say("survived\n");
	syscall(SYS_exit_group, 0);
	return 0;
}
