/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pio-mkbpf.c - writes a raw seccomp BPF blob made by libseccomp itself
 * (not by syscensus), for the BPF reader and emulator tests:
 *
 *   default kill-process; native arch plus x86 on x86_64
 *   allow read, write, close, exit_group
 *   allow socket only when arg0 == AF_UNIX      (conditional)
 *   errno EACCES for openat
 *   trap for ptrace, log for getppid
 *
 * usage: pio-mkbpf FILE
 */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	int fd, rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: pio-mkbpf FILE\n");
		return 2;
	}
	ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!ctx)
		return 1;
	if (seccomp_arch_native() == SCMP_ARCH_X86_64 &&
	    seccomp_arch_add(ctx, SCMP_ARCH_X86) < 0)
		goto out;
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(read), 0) ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(write), 0) ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(close), 0) ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(exit_group), 0) ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
			     SCMP_A0(SCMP_CMP_EQ, AF_UNIX)) ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(openat),
			     0) ||
	    seccomp_rule_add(ctx, SCMP_ACT_TRAP, SCMP_SYS(ptrace), 0) ||
	    seccomp_rule_add(ctx, SCMP_ACT_LOG, SCMP_SYS(getppid), 0))
		goto out;
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(argv[1]);
		goto out;
	}
	if (seccomp_export_bpf(ctx, fd) == 0)
		rc = 0;
	close(fd);
out:
	seccomp_release(ctx);
	return rc;
}
