/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * census-bpf.h - what the BPF program (census.bpf.c) and its user-space
 * loader (bpf-engine.c) share: map keys, ring-buffer events and the flag
 * bits user space writes per syscall.  Included by both sides, so only
 * fixed-width types (the BPF side has no libc: __u32 and friends come
 * from vmlinux.h there, from <linux/types.h> here).
 */
#ifndef SYSCENSUS_CENSUS_BPF_H
#define SYSCENSUS_CENSUS_BPF_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define CENSUS_MAX_PROCS 32768
#define CENSUS_MAX_KEYS 32768
#define CENSUS_TGID_WORDS 65536 /* bits for pid_max <= 2^22 */
#define CENSUS_NR_SLOTS 1024
#define CENSUS_X32_BIT 0x40000000
/* The fast counters: a per-CPU row of CENSUS_FAST_NR native syscalls for
 * each of the first CENSUS_FAST_SLOTS (exe, phase) pairs; other pairs,
 * other arches and higher numbers go to the `counts` hash. */
#define CENSUS_FAST_SLOTS 32
#define CENSUS_FAST_NR 512
#define CENSUS_NO_SLOT 0xffffffffu

/* census_key.arch: the native arch, compat (int 0x80: x86), x32. */
enum {
	CENSUS_ARCH_NATIVE = 0,
	CENSUS_ARCH_COMPAT = 1,
	CENSUS_ARCH_X32 = 2,
	CENSUS_NARCH = 3,
};

/* nrflags[arch * CENSUS_NR_SLOTS + nr]: */
#define NF_PATHMASK 0x03 /* the path is argument (value - 1) */
#define NF_DARG0 0x04    /* the decisive argument is argument 0 */
#define NF_DARG1 0x08    /* ... argument 1 */
#define NF_DARGMASK 0x0c
#define NF_WIDE 0x10     /* keep all 64 bits of it (clone flags) */
#define NF_NOEXIT 0x20   /* never returns or cannot fail: no errno */
#define NF_EXEC 0x40     /* execve, execveat */
#define NF_SIGACTION 0x80 /* rt_sigaction: a handler fact */
#define NF_CLONE 0x100   /* clone: CLONE_THREAD in argument 0 */
#define NF_CLONE3 0x200  /* clone3: CLONE_THREAD in struct clone_args */
#define NF_SOCK1 0x400   /* a sockaddr in argument 1, its length in 2 */
#define NF_SOCK4 0x800   /* a sockaddr in argument 4, its length in 5 */
#define NF_MSG1 0x1000   /* a struct msghdr (its msg_name) in argument 1 */
#define NF_SOCKMASK (NF_SOCK1 | NF_SOCK4 | NF_MSG1)
#define NF_PATH2SHIFT 13 /* a second path is argument (value), 1..3 */
#define NF_PATH2MASK 0x6000

/* census_proc.flags */
#define CENSUS_LAUNCHING 1 /* our child before its execve */
#define CENSUS_IGNORED 2   /* reserved: a process not to count */

/* A phase index with this bit is "after-SIG<n>" (--auto-phases). */
#define CENSUS_PHASE_SIGNAL 0x40000000u

struct census_proc {
	__u32 exe;   /* exec generation, 0: unknown (attached, not exec'd) */
	__u32 flags;
};

struct census_key {
	__u32 exe;
	__u32 phase;
	__u32 arch;
	__s32 nr;
};

/* An (exe, phase) pair: the key of its fast-counter slot. */
struct census_pkey {
	__u32 exe;
	__u32 phase;
};

struct census_row {
	__u64 n[CENSUS_FAST_NR];
};

struct census_ekey {
	struct census_key k;
	__s32 err;
	__u32 pad;
};

enum {
	CENSUS_FACT_ARG = 1,
	CENSUS_FACT_SIGNAL = 2,
	CENSUS_FACT_HANDLER = 3, /* value: the signal */
	CENSUS_FACT_THREAD = 4,  /* a thread created */
};

struct census_vkey {
	struct census_key k;
	__u32 kind;
	__u32 pad;
	__u64 value;
};

enum {
	CENSUS_EV_FORK = 1,
	CENSUS_EV_EXEC = 2,
	CENSUS_EV_EXIT = 3,
	CENSUS_EV_PATH = 4,
	CENSUS_EV_SOCK = 5, /* census_path: path holds `unreadable` bytes
			     * of a sockaddr (user space formats it) */
};
#define CENSUS_SOCK_MAX 112

struct census_event {
	__u32 type;
	__u32 tgid;
	__u32 exe;
	char filename[256];
};

#define CENSUS_PATH_MAX 4096

struct census_path {
	__u32 type;
	__u32 unreadable;
	struct census_key k;
	char path[CENSUS_PATH_MAX];
};

#endif
