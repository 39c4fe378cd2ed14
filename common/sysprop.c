/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sysprop.c - the one syscall property table (sysprop.h): paths, socket
 * addresses, decisive arguments and flags, by libseccomp name.
 *
 * Before it, the tracer, the strace importer and consts.c each kept a
 * list of their own, and 27 calls (statfs, link, symlink, mount, chroot,
 * the *xattr calls, utimensat, ...) recorded a path when imported but not
 * when traced.  Every reader now derives what it needs from here; the
 * record-vs-import facts test (t1401) holds them equal on a tracee that
 * makes every path call listed.  How a call uses its path (the path
 * census) is here too, with the one wording of it (sysprop_access_how()):
 * the tracer and the importer had a list each, and the traced census
 * lacked mknod, the imported one exec, sendmmsg and W+X mappings.
 */
#include "config.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "common/sysprop.h"

/* Namespace flags: a clone that makes namespaces is a different call
 * (CLONE_NEWTIME shares its bit with the exit signal in clone(2)). */
#define CLONE_NS_MASK (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
		       CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
		       CLONE_NEWNET)

#define NOARGS .path = { -1, -1 }, .dirfd = -1, .sock_arg = -1, \
	.sock_len = -1
/* a path in argument a (relative to the cwd) */
#define PATH(n, a, fl) \
	{ .name = n, .path = { a, -1 }, .dirfd = -1, .sock_arg = -1, \
	  .sock_len = -1, .flags = fl }
/* a path in argument a, relative to the directory fd in argument d */
#define PATHAT(n, d, a, fl) \
	{ .name = n, .path = { a, -1 }, .dirfd = d, .sock_arg = -1, \
	  .sock_len = -1, .flags = fl }
/* a path in argument a (relative to argument d, -1: the cwd) that the
 * call uses as acc says (flags in argument aa): the path census */
#define USE(n, d, a, fl, acc, aa) \
	{ .name = n, .path = { a, -1 }, .dirfd = d, .sock_arg = -1, \
	  .sock_len = -1, .flags = fl, .access = SYSPROP_ACC_##acc, \
	  .acc_arg = aa }
/* two paths: from (relative to argument d, -1: the cwd) and to */
#define PATH2(n, d, a, b, acc) \
	{ .name = n, .path = { a, b }, .dirfd = d, .sock_arg = -1, \
	  .sock_len = -1, .access = SYSPROP_ACC_##acc }
#define SOCK(n, how, a, l, fl, acc) \
	{ .name = n, .path = { -1, -1 }, .dirfd = -1, .sock = how, \
	  .sock_arg = a, .sock_len = l, .flags = fl, \
	  .access = SYSPROP_ACC_##acc }
/* mmap/mprotect: the protection in argument 2 (W+X: "wx-map") */
#define PROT(n) \
	{ .name = n, NOARGS, .access = SYSPROP_ACC_PROT, .acc_arg = 2 }
#define FLAGS(n, fl) { .name = n, NOARGS, .flags = fl }
#define DARG(n, i, m, fam, fl) \
	{ .name = n, NOARGS, .flags = fl, .darg = { n, i, m, fam } }

/* clang-format off */
static const struct sysprop table[] = {
	/* files: the path census and the knowledge base read these */
	USE("open", -1, 0, SYSPROP_FD, OPEN, 1),
	USE("openat", 0, 1, SYSPROP_FD, OPEN, 2),
	USE("openat2", 0, 1, SYSPROP_FD, OPENHOW, 2),
	USE("creat", -1, 0, SYSPROP_FD, CREAT, -1),
	PATH("stat", 0, 0), PATH("lstat", 0, 0), PATH("stat64", 0, 0),
	PATH("lstat64", 0, 0), PATHAT("newfstatat", 0, 1, 0),
	PATHAT("fstatat64", 0, 1, 0), PATHAT("statx", 0, 1, 0),
	PATH("statfs", 0, 0), PATH("statfs64", 0, 0),
	PATH("access", 0, 0), PATHAT("faccessat", 0, 1, 0),
	PATHAT("faccessat2", 0, 1, 0),
	USE("execve", -1, 0, SYSPROP_EXEC, EXEC, -1),
	USE("execveat", 0, 1, SYSPROP_EXEC, EXEC, -1),
	USE("unlink", -1, 0, 0, UNLINK, -1),
	USE("unlinkat", 0, 1, 0, UNLINKAT, 2),
	USE("rmdir", -1, 0, 0, RMDIR, -1),
	USE("mkdir", -1, 0, 0, MKDIR, -1),
	USE("mkdirat", 0, 1, 0, MKDIR, -1),
	USE("mknod", -1, 0, 0, MKNOD, -1),
	USE("mknodat", 0, 1, 0, MKNOD, -1),
	PATH2("rename", -1, 0, 1, RENAME), PATH2("renameat", 0, 1, 3, RENAME),
	PATH2("renameat2", 0, 1, 3, RENAME), PATH2("link", -1, 0, 1, NONE),
	PATH2("linkat", 0, 1, 3, NONE),
	/* symlink's target is any text: the new link is the path */
	PATH("symlink", 1, 0), PATHAT("symlinkat", 1, 2, 0),
	PATH("readlink", 0, 0), PATHAT("readlinkat", 0, 1, 0),
	PATH("chdir", 0, 0), PATH("chroot", 0, 0), PATH("chmod", 0, 0),
	PATHAT("fchmodat", 0, 1, 0), PATH("chown", 0, 0),
	PATH("lchown", 0, 0), PATHAT("fchownat", 0, 1, 0),
	USE("truncate", -1, 0, 0, TRUNCATE, -1),
	PATHAT("utimensat", 0, 1, 0),
	PATH("utime", 0, 0), PATH("utimes", 0, 0),
	PATHAT("inotify_add_watch", -1, 1, 0),
	PATH("getxattr", 0, 0), PATH("lgetxattr", 0, 0),
	PATH("setxattr", 0, 0), PATH("lsetxattr", 0, 0),
	PATH("listxattr", 0, 0), PATH("removexattr", 0, 0),
	/* mount's source is often not a path ("proc", "tmpfs") */
	PATH("mount", 1, 0), PATH("umount2", 0, 0),
	PATH("swapon", 0, 0), PATH("acct", 0, 0),
	PATH2("pivot_root", -1, 0, 1, NONE),
	PATHAT("open_tree", 0, 1, SYSPROP_FD),
	PATHAT("name_to_handle_at", 0, 1, 0),

	/* unix socket addresses (sd_notify, D-Bus, ...) */
	SOCK("connect", SYSPROP_SOCK_ADDR, 1, 2, 0, CONNECT),
	SOCK("bind", SYSPROP_SOCK_ADDR, 1, 2, 0, BIND),
	SOCK("sendto", SYSPROP_SOCK_ADDR, 4, 5, 0, SEND),
	SOCK("sendmsg", SYSPROP_SOCK_MSG, 1, -1, 0, SEND),
	SOCK("sendmmsg", SYSPROP_SOCK_MSG, 1, -1, 0, SEND),
	SOCK("recvfrom", SYSPROP_SOCK_OUT, 4, 5, 0, NONE),
	SOCK("recvmsg", SYSPROP_SOCK_OUT, 1, -1, 0, NONE),
	SOCK("recvmmsg", SYSPROP_SOCK_OUT, 1, -1, 0, NONE),
	SOCK("recvmmsg_time64", SYSPROP_SOCK_OUT, 1, -1, 0, NONE),
	SOCK("accept", SYSPROP_SOCK_OUT, 1, 2, SYSPROP_FD, NONE),
	SOCK("accept4", SYSPROP_SOCK_OUT, 1, 2, SYSPROP_FD, NONE),
	SOCK("getsockname", SYSPROP_SOCK_OUT, 1, 2, 0, NONE),
	SOCK("getpeername", SYSPROP_SOCK_OUT, 1, 2, 0, NONE),

	/* writable and executable mappings (MemoryDenyWriteExecute=) */
	PROT("mmap"), PROT("mmap2"), PROT("mprotect"), PROT("pkey_mprotect"),

	/* decisive arguments (consts.c names their values) */
	DARG("socket", 0, 0, "AF_", SYSPROP_FD),
	DARG("socketpair", 0, 0, "AF_", SYSPROP_FD),
	DARG("fcntl", 1, 0, "F_", 0), DARG("fcntl64", 1, 0, "F_", 0),
	DARG("ioctl", 1, 0, "ioctl", 0),
	DARG("prctl", 0, 0, "PR_", SYSPROP_SECCOMP),
	DARG("clone", 0, CLONE_NS_MASK, "CLONE_",
	     SYSPROP_NEWTASK | SYSPROP_CLONEFLAGS),
	/* CONFIG_CLONE_BACKWARDS2: clone(newsp, flags, ...) */
	{ .name = "clone", .arch = "s390x", NOARGS,
	  .flags = SYSPROP_NEWTASK | SYSPROP_CLONEFLAGS,
	  .darg = { "clone", 1, CLONE_NS_MASK, "CLONE_" } },
	{ .name = "clone", .arch = "s390", NOARGS,
	  .flags = SYSPROP_NEWTASK | SYSPROP_CLONEFLAGS,
	  .darg = { "clone", 1, CLONE_NS_MASK, "CLONE_" } },

	/* tasks, signals, filters */
	FLAGS("clone3", SYSPROP_NEWTASK | SYSPROP_CLONEFLAGS),
	FLAGS("fork", SYSPROP_NEWTASK), FLAGS("vfork", SYSPROP_NEWTASK),
	FLAGS("rt_sigaction", SYSPROP_SIGHANDLER),
	FLAGS("sigaction", SYSPROP_SIGHANDLER),
	FLAGS("seccomp", SYSPROP_SECCOMP | SYSPROP_FD),
	FLAGS("exit", SYSPROP_NORETURN), FLAGS("exit_group", SYSPROP_NORETURN),
	FLAGS("rt_sigreturn", SYSPROP_NORETURN),
	FLAGS("sigreturn", SYSPROP_NORETURN),
	FLAGS("getpid", SYSPROP_NOFAIL), FLAGS("getppid", SYSPROP_NOFAIL),
	FLAGS("gettid", SYSPROP_NOFAIL), FLAGS("getuid", SYSPROP_NOFAIL),
	FLAGS("geteuid", SYSPROP_NOFAIL), FLAGS("getgid", SYSPROP_NOFAIL),
	FLAGS("getegid", SYSPROP_NOFAIL), FLAGS("getuid32", SYSPROP_NOFAIL),
	FLAGS("geteuid32", SYSPROP_NOFAIL), FLAGS("getgid32", SYSPROP_NOFAIL),
	FLAGS("getegid32", SYSPROP_NOFAIL), FLAGS("getpgrp", SYSPROP_NOFAIL),
	FLAGS("sched_yield", SYSPROP_NOFAIL), FLAGS("umask", SYSPROP_NOFAIL),
	FLAGS("set_tid_address", SYSPROP_NOFAIL),
	FLAGS("alarm", SYSPROP_NOFAIL), FLAGS("sync", SYSPROP_NOFAIL),

	/* other calls that make file descriptors */
	FLAGS("dup", SYSPROP_FD), FLAGS("dup2", SYSPROP_FD),
	FLAGS("dup3", SYSPROP_FD), FLAGS("pipe", SYSPROP_FD),
	FLAGS("pipe2", SYSPROP_FD), FLAGS("epoll_create", SYSPROP_FD),
	FLAGS("epoll_create1", SYSPROP_FD), FLAGS("eventfd", SYSPROP_FD),
	FLAGS("eventfd2", SYSPROP_FD), FLAGS("signalfd", SYSPROP_FD),
	FLAGS("signalfd4", SYSPROP_FD), FLAGS("timerfd_create", SYSPROP_FD),
	FLAGS("inotify_init", SYSPROP_FD), FLAGS("inotify_init1", SYSPROP_FD),
	FLAGS("fanotify_init", SYSPROP_FD), FLAGS("memfd_create", SYSPROP_FD),
	FLAGS("memfd_secret", SYSPROP_FD), FLAGS("userfaultfd", SYSPROP_FD),
	FLAGS("perf_event_open", SYSPROP_FD), FLAGS("bpf", SYSPROP_FD),
	FLAGS("pidfd_open", SYSPROP_FD), FLAGS("pidfd_getfd", SYSPROP_FD),
	FLAGS("open_by_handle_at", SYSPROP_FD), FLAGS("fsopen", SYSPROP_FD),
	FLAGS("fsmount", SYSPROP_FD), FLAGS("fspick", SYSPROP_FD),
	FLAGS("io_uring_setup", SYSPROP_FD), FLAGS("mq_open", SYSPROP_FD),
	FLAGS("landlock_create_ruleset", SYSPROP_FD),
};
/* clang-format on */

static bool arch_is(const struct sysprop *p, uint32_t arch)
{
	const char *name = arch ? arch_name(arch) : NULL;

	return name && !strcmp(p->arch, name);
}

/* Does arch have an entry of its own for p->name (p generic)? */
static bool overridden(const struct sysprop *p, uint32_t arch)
{
	size_t i;

	if (!arch)
		return false;
	for (i = 0; i < ARRAY_SIZE(table); i++)
		if (table[i].arch && !strcmp(table[i].name, p->name) &&
		    arch_is(&table[i], arch))
			return true;
	return false;
}

const struct sysprop *sysprop_find(uint32_t arch, const char *name)
{
	const struct sysprop *generic = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(table); i++) {
		if (strcmp(table[i].name, name))
			continue;
		if (!table[i].arch)
			generic = &table[i];
		else if (arch_is(&table[i], arch))
			return &table[i];
	}
	return generic;
}

const struct sysprop *sysprop_next(uint32_t arch, size_t *it)
{
	while (*it < ARRAY_SIZE(table)) {
		const struct sysprop *p = &table[(*it)++];

		if (p->arch ? arch_is(p, arch) : !overridden(p, arch))
			return p;
	}
	return NULL;
}

const struct decisive_arg *decisive_arg_find(const char *syscall)
{
	const struct sysprop *p = sysprop_find(0, syscall);

	return p && p->darg.syscall ? &p->darg : NULL;
}

/* "read", "write+create+trunc", "listdir", ... from open flags; NULL for
 * O_PATH opens, which Landlock does not check. */
static const char *open_how(uint64_t flags, char *buf, size_t size)
{
	unsigned acc = (unsigned)flags & O_ACCMODE;

	if (flags & O_PATH)
		return NULL;
	snprintf(buf, size, "%s%s%s",
		 flags & O_DIRECTORY ? "listdir"
		 : acc == O_RDONLY   ? "read"
		 : acc == O_WRONLY   ? "write"
				     : "read+write",
		 flags & O_CREAT ? "+create" : "",
		 (flags & O_TRUNC) && acc != O_RDONLY ? "+trunc" : "");
	return buf;
}

const char *sysprop_access_how(unsigned acc, uint64_t flags, char *buf,
			       size_t size)
{
	static const char *const words[] = {
		[SYSPROP_ACC_CREAT] = "write+create+trunc",
		[SYSPROP_ACC_EXEC] = "exec",
		[SYSPROP_ACC_MKDIR] = "mkdir",
		[SYSPROP_ACC_UNLINK] = "unlink",
		[SYSPROP_ACC_RMDIR] = "rmdir",
		[SYSPROP_ACC_RENAME] = "rename",
		[SYSPROP_ACC_MKNOD] = "mknod",
		[SYSPROP_ACC_TRUNCATE] = "write+trunc",
		[SYSPROP_ACC_BIND] = "bind",
		[SYSPROP_ACC_CONNECT] = "connect",
		[SYSPROP_ACC_SEND] = "send",
	};

	switch (acc) {
	case SYSPROP_ACC_OPEN:
	case SYSPROP_ACC_OPENHOW:
		return open_how(flags, buf, size);
	case SYSPROP_ACC_UNLINKAT:
		return flags & AT_REMOVEDIR ? "rmdir" : "unlink";
	case SYSPROP_ACC_PROT:
		return (flags & (PROT_WRITE | PROT_EXEC)) ==
				       (PROT_WRITE | PROT_EXEC)
			       ? "wx-map"
			       : NULL;
	default:
		return acc < ARRAY_SIZE(words) ? words[acc] : NULL;
	}
}
