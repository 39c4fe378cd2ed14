#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The path census of an imported strace log, from the flags as strace
# writes them: names, raw numbers (-X raw), numbers with their names in a
# comment (-X verbose), unknown bits, openat2's struct (its flags= only:
# mode=0777 has O_RDWR's and O_CREAT's bits), AT_REMOVEDIR, PROT_*, and
# ports; the wording is the property table's (common/sysprop.c), the
# same as record's (t1401).  Hostile lines make no fact (or the fact of
# the flags that could be read), never a crash.
. "$top_srcdir/tests/integration/lib.sh"

test_expect_success 'flags in every shape strace prints them' '
	cat >t.log <<-\EOF &&
	1 openat(AT_FDCWD, "/a/named", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3
	1 openat(AT_FDCWD, "/a/raw", 0x241, 0666) = 3
	1 openat(AT_FDCWD, "/a/verbose", 0x80042 /* O_RDWR|O_CREAT|O_CLOEXEC */, 0600) = 3
	1 open("/a/unknown-bits", O_RDONLY|0x40000000) = 3
	1 open("/a/o-path", O_RDONLY|O_PATH) = 3
	1 openat(AT_FDCWD, "/a/dir", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 3
	1 openat2(AT_FDCWD, "/a/how", {flags=O_RDONLY, mode=0777, resolve=0}, 24) = 3
	1 openat2(AT_FDCWD, "/a/how-w", {flags=O_WRONLY|O_CREAT, mode=0600, resolve=RESOLVE_BENEATH}, 24) = 3
	1 unlinkat(AT_FDCWD, "/a/d", AT_REMOVEDIR) = 0
	1 unlinkat(AT_FDCWD, "/a/f", 0) = 0
	1 mmap(NULL, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000
	1 mmap(NULL, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE, 3, 0) = 0x7f0000001000
	1 mprotect(0x7f0000001000, 4096, 0x6) = 0
	1 mknod("/a/fifo", S_IFIFO|0600) = 0
	1 execve("/a/prog", ["prog"], 0x7ffc /* 1 var */) = 0
	1 execve("/a/next", ["next"], 0x7ffc /* 1 var */) = 0
	1 bind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
	1 connect(4, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED (Connection refused)
	1 +++ exited with 0 +++
	EOF
	syscensus import -q --no-scan -o t.db t.log &&
	sql t.db "SELECT syscall || \" \" || value FROM facts
		WHERE kind = '\''access'\'' ORDER BY 1" >got &&
	cat >expect <<-\EOF &&
	bind tcp-bind 8080
	connect tcp-connect 443
	execve exec /a/next
	mknod mknod /a/fifo
	mmap wx-map -
	mprotect wx-map -
	open read /a/unknown-bits
	openat listdir /a/dir
	openat read+write+create /a/verbose
	openat write+create+trunc /a/named
	openat write+create+trunc /a/raw
	openat2 read /a/how
	openat2 write+create /a/how-w
	unlinkat rmdir /a/d
	unlinkat unlink /a/f
	EOF
	test_cmp expect got
'

test_expect_success 'hostile lines: no fact, no crash' '
	cat >h.log <<-\EOF &&
	1 bind(3, {sa_family=AF_INET, sin_port=htons(99999999999999999999), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
	1 connect(3, {sa_family=AF_INET, sin_port=htons(
	1 connect(3, {sa_family=AF_INET, sin_port=htons(x)}, 16) = 0
	1 openat(AT_FDCWD, "/h/long", 0x999999999999999999999999999999, 0) = 3
	1 openat2(AT_FDCWD, "/h/noflags", {mode=0777}, 24) = 3
	1 openat2(AT_FDCWD, "/h/cut", {flags=
	1 mmap(NULL, 4096, , MAP_PRIVATE, -1, 0) = 0x7f0000000000
	1 mprotect(0x1000, 4096) = 0
	EOF
	syscensus import -q --no-scan -o h.db h.log &&
	sql h.db "SELECT syscall || \" \" || value FROM facts
		WHERE kind = '\''access'\'' ORDER BY 1" >got &&
	cat >expect <<-\EOF &&
	openat read /h/long
	openat2 read /h/noflags
	EOF
	test_cmp expect got
'

test_expect_success 'strace -y: a path relative to a dirfd is made absolute' '
	cat >y.log <<-\EOF &&
	1 openat(5</usr/share/doc/dpkg>, "AUTHORS", O_RDONLY|O_NOCTTY|O_CLOEXEC) = 6</usr/share/doc/dpkg/AUTHORS>
	1 mkdirat(3</>, "srv", 0755) = 0
	1 unlinkat(4</a b/x>, "..", 0) = 0
	1 openat(AT_FDCWD, "rel", O_RDONLY) = 3
	1 openat(7, "no-y", O_RDONLY) = 3
	1 openat(8</a\\nb>, "escaped", O_RDONLY) = 3
	1 +++ exited with 0 +++
	EOF
	syscensus import -q --no-scan -o y.db y.log &&
	sql y.db "SELECT syscall || \" \" || value FROM facts
		WHERE kind = '\''access'\'' ORDER BY 1" >got &&
	cat >expect <<-\EOF &&
	mkdirat mkdir /srv
	openat read /usr/share/doc/dpkg/AUTHORS
	unlinkat unlink /a b/x/..
	EOF
	test_cmp expect got
'

test_done
