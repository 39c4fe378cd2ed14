/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * filter.c - the seccomp program a launched command installs before exec.
 *
 * For `record` it traps every syscall to the tracer (SECCOMP_RET_TRACE:
 * one ptrace stop per call instead of two).  `record --guard POLICY` and
 * `verify` reuse it with a list of syscalls allowed in the kernel and
 * another action for the rest.  The program is tiny and fixed in shape, so
 * it is written here rather than generated: check the arch, let x32 calls
 * (which share the x86_64 token) fall to the default, compare the number
 * with each allowed one.  Calls from another arch (int 0x80 from an x86_64
 * binary) always take the default action, so the tracer sees and names
 * them.
 */
#include "config.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>

#include "tracer/tracer.h"

#define X32_SYSCALL_BIT 0x40000000u
/* AUDIT_ARCH_X86_64: the only arch whose numbers carry the x32 bit. */
#define ARCH_X86_64 0xc000003eu

/* The kernel's limit on one program. */
#define MAX_INSNS 4096

int tracer_filter_build(uint32_t arch, const int *allow, size_t nallow,
			uint32_t other_action, struct sock_filter **prog,
			size_t *len)
{
	struct sock_filter *p;
	size_t n = 0, i, cap = 2 * nallow + 8;

	if (cap > MAX_INSNS)
		return error("too many syscalls for one filter (%zu)", nallow);
	p = xcalloc(cap, sizeof(*p));
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, arch));
	/* another arch (int 0x80, ...): the default action */
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch,
		1, 0);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, other_action);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, nr));
	if (arch == ARCH_X86_64) {
		/* x32 numbers: default action */
		p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
			X32_SYSCALL_BIT, 0, 1);
		p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
			other_action);
	}
	for (i = 0; i < nallow; i++) {
		if (allow[i] < 0)
			continue;
		/* "jeq k, next-but-one": equal falls into ret allow */
		p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			(uint32_t)allow[i], 0, 1);
		p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
			SECCOMP_RET_ALLOW);
	}
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, other_action);
	if (n > MAX_INSNS) {
		free(p);
		return error("too many syscalls for one filter (%zu)", nallow);
	}
	*prog = p;
	*len = n;
	return 0;
}
