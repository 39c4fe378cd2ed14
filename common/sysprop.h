/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sysprop.h - the one table of per-syscall properties, as strace's sysent
 * flags (TRACE_FILE, NEVER_FAILS): which arguments name a path or a
 * socket address, which one is decisive (socket's domain, ioctl's
 * command, ...), and whether the call never returns, cannot fail, execs,
 * creates a task, installs a signal handler or a seccomp filter, or
 * creates a file descriptor.
 *
 * Keyed by libseccomp name, with an entry per architecture where the
 * arguments differ (s390's clone takes its flags second).  The ptrace
 * tracer, the bpf engine, the strace importer and the static scanner all
 * read it, so a fact recorded one way is recorded every way.  It holds no
 * numbers: each reader resolves the names it needs through libseccomp.
 */
#ifndef SYSCENSUS_SYSPROP_H
#define SYSCENSUS_SYSPROP_H

#include <stddef.h>
#include <stdint.h>

#include "common/common.h"

/* sysprop.flags */
enum {
	SYSPROP_NORETURN = 1u << 0,   /* never returns (exit, rt_sigreturn) */
	SYSPROP_NOFAIL = 1u << 1,     /* cannot fail: its errno count is 0 */
	SYSPROP_EXEC = 1u << 2,       /* replaces the image; path[0] names it */
	SYSPROP_NEWTASK = 1u << 3,    /* its result is a new task's id */
	SYSPROP_CLONEFLAGS = 1u << 4, /* takes clone flags: the decisive
				       * argument, or (clone3) in the struct
				       * clone_args argument 0 points to */
	SYSPROP_SIGHANDLER = 1u << 5, /* installs a handler: argument 0 the
				       * signal, 1 a struct sigaction */
	SYSPROP_SECCOMP = 1u << 6,    /* can install a seccomp filter */
	SYSPROP_FD = 1u << 7,         /* creates file descriptors */
};

/* sysprop.sock: how the call names a socket address */
enum {
	SYSPROP_SOCK_NONE = 0,
	SYSPROP_SOCK_ADDR, /* a struct sockaddr in sock_arg, its length in
			    * sock_len */
	SYSPROP_SOCK_MSG,  /* a struct msghdr in sock_arg (its msg_name; for
			    * sendmmsg the first message's) */
	SYSPROP_SOCK_OUT,  /* the kernel writes one back (accept, recvfrom,
			    * getsockname): only a log that printed it has it */
};

struct sysprop {
	const char *name;      /* libseccomp's name */
	const char *arch;      /* libseccomp's arch name; NULL: every arch
				* without an entry of its own */
	int8_t path[2];        /* arguments naming a path, -1: none; path[1]
				* is a second one (rename's new name) */
	int8_t dirfd;          /* the directory fd path[0] is relative to,
				* -1: the cwd */
	uint8_t sock;          /* SYSPROP_SOCK_* */
	int8_t sock_arg, sock_len;
	uint32_t flags;        /* SYSPROP_* */
	struct decisive_arg darg; /* .syscall NULL: no decisive argument */
};

/*
 * The properties of syscall name on arch (a libseccomp arch token, 0 for
 * the entry every arch without one of its own uses), or NULL when the
 * table says nothing about it.  The table is static: never freed.
 */
const struct sysprop *sysprop_find(uint32_t arch, const char *name);

/*
 * Every entry that applies to arch, for building per-number tables:
 * start with *it = 0; NULL at the end.  Entries of other arches, and the
 * generic entry of a call arch has its own for, are skipped.
 */
const struct sysprop *sysprop_next(uint32_t arch, size_t *it);

/* The number of path arguments of p (0, 1 or 2). */
static inline int sysprop_npaths(const struct sysprop *p)
{
	return p ? (p->path[0] >= 0) + (p->path[1] >= 0) : 0;
}

#endif
