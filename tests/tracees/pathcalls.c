/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
/*
 * pathcalls.c - a tracee that makes every path syscall of the property
 * table (pathcalls-list.h) once, on names under DIR, and every other
 * call the path census reads (bind, connect and send on a unix socket
 * SOCKDIR/sock, bind to UDP port 0, connect to UDP port 9 of 127.0.0.1,
 * a writable and executable mapping):
 *
 *   pathcalls DIR [SOCKDIR]
 *
 * SOCKDIR (DIR when not given) is where the unix socket goes: its path
 * must fit in sun_path (108 bytes), which a deep build directory (make
 * distcheck) does not.
 *
 * Each call goes through syscall(2), so libc neither adds nor replaces
 * one, and prints its name on stdout.  Calls may fail (the path is
 * recorded at entry either way); those that would change the machine
 * for a root tracee (mount, swapon, acct, chroot, pivot_root) name paths
 * that do not exist.  Exits 1 when a listed call was not made (a call
 * missing from this file), 2 on bad usage.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "tests/tracees/pathcalls-list.h"

static const char *const listed[] = { PATHCALLS_X86_64,
				      ACCESSCALLS_X86_64 };
static int made[sizeof(listed) / sizeof(listed[0])];
static char dir[2048], sockdir[2048];

static const char *p(const char *name)
{
	static char buf[8][4096];
	static unsigned i;
	char *b = buf[i++ % 8];

	snprintf(b, sizeof(buf[0]), "%s/%s", dir, name);
	return b;
}

static void did(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(listed) / sizeof(listed[0]); i++)
		if (!strcmp(listed[i], name))
			made[i] = 1;
	printf("%s\n", name);
}

#define CALL(name, ...) (syscall(SYS_##name, __VA_ARGS__), did(#name))

int main(int argc, char **argv)
{
	struct { uint64_t flags, mode, resolve; } how = { O_RDONLY, 0, 0 };
	struct { unsigned int bytes; int type; unsigned char h[128]; } fh;
	char buf[256];
	static char none[] = "none";
	char *const nargv[] = { none, NULL };
	struct sockaddr_un un = { 0 };
	struct sockaddr_in in = { 0 };
	struct iovec iov;
	struct msghdr mh = { 0 };
	struct mmsghdr mmh = { 0 };
	void *map;
	size_t i;
	int fd, s1, s2, s3, s4, bad = 0;

	if (argc < 2 || argc > 3 || strlen(argv[1]) > 1000)
		return 2;
	snprintf(dir, sizeof(dir), "%s", argv[1]);
	snprintf(sockdir, sizeof(sockdir), "%s", argv[argc - 1]);
	if ((size_t)snprintf(un.sun_path, sizeof(un.sun_path), "%s/sock",
			     sockdir) >= sizeof(un.sun_path)) {
		fprintf(stderr, "pathcalls: %s/sock is too long for a unix "
			"socket: give a SOCKDIR\n", sockdir);
		return 2;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return 2;
	/* a file to work on */
	close(open(p("file"), O_WRONLY | O_CREAT, 0600));

	CALL(open, p("file"), O_RDONLY);
	CALL(openat, AT_FDCWD, p("file"), O_RDONLY);
	CALL(openat2, AT_FDCWD, p("file"), &how, sizeof(how));
	/* the census reads the flags: these make other facts, or none */
	CALL(openat, AT_FDCWD, p("file"), O_RDWR | O_TRUNC);
	CALL(open, p("file"), O_PATH);
	how.flags = O_WRONLY | O_CREAT;
	how.mode = 0777; /* not flags: 0777 has O_RDWR's and O_CREAT's bits */
	CALL(openat2, AT_FDCWD, p("file2"), &how, sizeof(how));
	CALL(creat, p("created"), 0600);
	CALL(stat, p("file"), buf);
	CALL(lstat, p("file"), buf);
	CALL(newfstatat, AT_FDCWD, p("file"), buf, 0);
	CALL(statx, AT_FDCWD, p("file"), 0, 0x7ff, buf);
	CALL(statfs, p("file"), buf);
	CALL(access, p("file"), R_OK);
	CALL(faccessat, AT_FDCWD, p("file"), R_OK);
	CALL(faccessat2, AT_FDCWD, p("file"), R_OK, 0);
	CALL(execve, p("no-such-program"), nargv, NULL);
	CALL(execveat, AT_FDCWD, p("no-such-program"), nargv, NULL, 0);
	CALL(mkdir, p("d1"), 0700);
	CALL(mkdirat, AT_FDCWD, p("d2"), 0700);
	CALL(rmdir, p("d1"));
	CALL(mknod, p("fifo1"), S_IFIFO | 0600, 0);
	CALL(mknodat, AT_FDCWD, p("fifo2"), S_IFIFO | 0600, 0);
	CALL(unlink, p("fifo1"));
	CALL(unlinkat, AT_FDCWD, p("fifo2"), 0);
	CALL(mkdir, p("d3"), 0700);
	CALL(unlinkat, AT_FDCWD, p("d3"), AT_REMOVEDIR);
	CALL(rename, p("created"), p("renamed"));
	CALL(renameat, AT_FDCWD, p("renamed"), AT_FDCWD, p("renamed2"));
	CALL(renameat2, AT_FDCWD, p("renamed2"), AT_FDCWD, p("renamed3"), 0);
	CALL(link, p("file"), p("hard1"));
	CALL(linkat, AT_FDCWD, p("file"), AT_FDCWD, p("hard2"), 0);
	CALL(symlink, "file", p("sym1"));
	CALL(symlinkat, "file", AT_FDCWD, p("sym2"));
	CALL(readlink, p("sym1"), buf, sizeof(buf));
	CALL(readlinkat, AT_FDCWD, p("sym2"), buf, sizeof(buf));
	CALL(chmod, p("file"), 0600);
	CALL(fchmodat, AT_FDCWD, p("file"), 0600);
	CALL(chown, p("file"), -1, -1);
	CALL(lchown, p("sym1"), -1, -1);
	CALL(fchownat, AT_FDCWD, p("file"), -1, -1, 0);
	CALL(truncate, p("file"), 0);
	CALL(utimensat, AT_FDCWD, p("file"), NULL, 0);
	CALL(utime, p("file"), NULL);
	CALL(utimes, p("file"), NULL);
	CALL(inotify_add_watch, -1, p("file"), 0x2);
	CALL(getxattr, p("file"), "user.x", buf, sizeof(buf));
	CALL(lgetxattr, p("file"), "user.x", buf, sizeof(buf));
	CALL(setxattr, p("file"), "user.x", "1", 1, 0);
	CALL(lsetxattr, p("file"), "user.x", "1", 1, 0);
	CALL(listxattr, p("file"), buf, sizeof(buf));
	CALL(removexattr, p("file"), "user.x");
	fh.bytes = sizeof(fh.h);
	CALL(name_to_handle_at, AT_FDCWD, p("file"), &fh, &i, 0);
	CALL(open_tree, AT_FDCWD, p("d2"), 0);
	/* these would change the machine: paths that do not exist */
	CALL(mount, "none", p("no-such-mnt"), "no-such-fstype", 0, NULL);
	CALL(umount2, p("no-such-mnt"), 0);
	CALL(swapon, p("no-such-swap"), 0);
	CALL(acct, p("no-such-acct"));
	CALL(pivot_root, p("no-such-new"), p("no-such-old"));
	CALL(chroot, p("no-such-root"));
	/* sockets: a unix datagram socket bound, connected and sent to */
	un.sun_family = AF_UNIX;
	s1 = socket(AF_UNIX, SOCK_DGRAM, 0);
	s2 = socket(AF_UNIX, SOCK_DGRAM, 0);
	CALL(bind, s1, &un, sizeof(un));
	CALL(connect, s2, &un, sizeof(un));
	CALL(sendto, s2, "x", 1, 0, &un, sizeof(un));
	iov.iov_base = none;
	iov.iov_len = 1;
	mh.msg_name = &un;
	mh.msg_namelen = sizeof(un);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	CALL(sendmsg, s2, &mh, 0);
	mmh.msg_hdr = mh;
	CALL(sendmmsg, s2, &mmh, 1, 0);
	/* UDP: bind to port 0, connect to port 9 (nothing is sent) */
	in.sin_family = AF_INET;
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s3 = socket(AF_INET, SOCK_DGRAM, 0);
	s4 = socket(AF_INET, SOCK_DGRAM, 0);
	CALL(bind, s3, &in, sizeof(in));
	in.sin_port = htons(9);
	CALL(connect, s4, &in, sizeof(in));
	/* a writable and executable mapping, then again by mprotect */
	map = (void *)syscall(SYS_mmap, NULL, 4096,
			      PROT_READ | PROT_WRITE | PROT_EXEC,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	did("mmap");
	CALL(mprotect, map, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
	CALL(pkey_mprotect, map, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
	     -1);
	CALL(chdir, p("d2"));
	for (i = 0; i < sizeof(listed) / sizeof(listed[0]); i++)
		if (!made[i]) {
			fprintf(stderr, "pathcalls: %s not made\n", listed[i]);
			bad = 1;
		}
	return bad;
}
