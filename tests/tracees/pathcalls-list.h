/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pathcalls-list.h - the x86_64 syscalls the property table
 * (common/sysprop.c) gives a path argument, and those without one it
 * gives an access kind (the path census: socket addresses, W+X
 * mappings): the pathcalls tracee makes each of them, and t-sysprop
 * checks these lists against the table, so a path or census call added
 * to the table without a test fails the unit test.
 */
#define PATHCALLS_X86_64 \
	"open", "openat", "openat2", "creat", "stat", "lstat", \
	"newfstatat", "statx", "statfs", "access", "faccessat", \
	"faccessat2", "execve", "execveat", "unlink", "unlinkat", "rmdir", \
	"mkdir", "mkdirat", "mknod", "mknodat", "rename", "renameat", \
	"renameat2", "link", "linkat", "symlink", "symlinkat", "readlink", \
	"readlinkat", "chdir", "chroot", "chmod", "fchmodat", "chown", \
	"lchown", "fchownat", "truncate", "utimensat", "utime", "utimes", \
	"inotify_add_watch", "getxattr", "lgetxattr", "setxattr", \
	"lsetxattr", "listxattr", "removexattr", "mount", "umount2", \
	"swapon", "acct", "pivot_root", "open_tree", "name_to_handle_at"
#define ACCESSCALLS_X86_64 \
	"bind", "connect", "sendto", "sendmsg", "sendmmsg", "mmap", \
	"mprotect", "pkey_mprotect"
