/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sysprop.h - the one table of per-syscall properties, as strace's sysent
 * flags (TRACE_FILE, NEVER_FAILS): which arguments name a path or a
 * socket address, which one is decisive (socket's domain, ioctl's
 * command, ...), how the call uses the path it names (the path census),
 * and whether the call never returns, cannot fail, execs, creates a task,
 * installs a signal handler or a seccomp filter, or creates a file
 * descriptor.
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

/*
 * sysprop.access: how the call uses the path or socket address it names,
 * for the path census (an "access" fact "HOW PATH", analyzer/census.c).
 * A reader decodes the flags argument (acc_arg) its own way (numbers in
 * a stop's registers, strace's names in a log) and words the fact with
 * sysprop_access_how(), so every engine and the importer agree.
 */
enum {
	SYSPROP_ACC_NONE = 0,
	SYSPROP_ACC_OPEN,     /* open flags in acc_arg: read, write, ... */
	SYSPROP_ACC_OPENHOW,  /* a struct open_how in acc_arg (its flags) */
	SYSPROP_ACC_CREAT,    /* write+create+trunc */
	SYSPROP_ACC_EXEC,     /* exec */
	SYSPROP_ACC_MKDIR,    /* mkdir */
	SYSPROP_ACC_UNLINK,   /* unlink */
	SYSPROP_ACC_UNLINKAT, /* AT_REMOVEDIR in acc_arg: rmdir, else unlink */
	SYSPROP_ACC_RMDIR,    /* rmdir */
	SYSPROP_ACC_RENAME,   /* rename (of path[0], the old name) */
	SYSPROP_ACC_MKNOD,    /* mknod */
	SYSPROP_ACC_TRUNCATE, /* write+trunc */
	SYSPROP_ACC_BIND,     /* bind (a TCP/UDP port: tcp-bind) */
	SYSPROP_ACC_CONNECT,  /* connect (a TCP/UDP port: tcp-connect) */
	SYSPROP_ACC_SEND,     /* send (a unix destination) */
	SYSPROP_ACC_PROT,     /* mmap/mprotect: prot in acc_arg; a writable
			       * and executable mapping is "wx-map -" */
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
	uint8_t access;        /* SYSPROP_ACC_* */
	int8_t acc_arg;        /* the argument holding its flags (for
				* _OPEN, _OPENHOW, _UNLINKAT, _PROT) */
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

/*
 * The HOW word of an access fact for a call of kind acc (SYSPROP_ACC_*)
 * whose flags argument holds flags as the kernel takes them (O_*,
 * AT_REMOVEDIR, PROT_*; for SYSPROP_ACC_OPENHOW the struct's flags):
 * "read", "write+create+trunc", "listdir", "rmdir", "exec", "bind",
 * "wx-map", ...  Built in buf (size bytes, 48 are enough) or a constant.
 * NULL when the call makes no access fact: SYSPROP_ACC_NONE, an O_PATH
 * open (Landlock does not check it), a mapping not both W and X.
 */
const char *sysprop_access_how(unsigned acc, uint64_t flags, char *buf,
			       size_t size);

/* The number of path arguments of p (0, 1 or 2). */
static inline int sysprop_npaths(const struct sysprop *p)
{
	return p ? (p->path[0] >= 0) + (p->path[1] >= 0) : 0;
}

#endif
