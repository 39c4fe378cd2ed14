#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The knowledge base's server rules (data/servers.rules), on strace logs:
# a cold start that creates a directory and then drops to a worker user
# implies chown/fchown/lchown/fchownat; a warm start (no mkdir) does not.
# A listening server (bind+listen, or accept) implies the admin and
# monitoring queries (getrusage, uname, sysinfo, getsockname,
# getpeername, sched_getaffinity, times, prlimit64); a client does not.
# check flags them with the rule's reference, and emit adds them with a
# comment.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/reach-lib.sh"

cat >cold.log <<'EOF2'
100 execve("/usr/sbin/appd", ["appd"], 0x7ffd /* 5 vars */) = 0
100 mkdir("/var/lib/appd", 0700)        = 0
100 openat(AT_FDCWD, "/var/lib/appd/state", O_RDWR|O_CREAT, 0600) = 3
100 setgid(33)                          = 0
100 setuid(33)                          = 0
100 close(3)                            = 0
100 exit_group(0)                       = ?
100 +++ exited with 0 +++
EOF2
grep -v mkdir cold.log >warm.log
cat >server.log <<'EOF2'
200 execve("/usr/sbin/srvd", ["srvd"], 0x7ffd /* 5 vars */) = 0
200 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3
200 bind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
200 listen(3, 511)                      = 0
200 exit_group(0)                       = ?
200 +++ exited with 0 +++
EOF2
cat >client.log <<'EOF2'
300 execve("/usr/bin/cli", ["cli"], 0x7ffd /* 5 vars */) = 0
300 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3
300 connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
300 exit_group(0)                       = ?
300 +++ exited with 0 +++
EOF2

for f in cold warm server client; do
	test_expect_success "import $f.log" "
		syscensus import -q -o $f.db $f.log &&
		syscensus emit --db $f.db --format list --observed-only \
			-o $f.list &&
		syscensus check --db $f.db --policy $f.list --format json \
			-o $f.json
	"
done

flags() {
	pyjson "$1" "\" \".join(sorted(set(f[\"syscall\"] for f in d[\"flags\"] if f[\"rule\"] == \"$2\")))"
}

test_expect_success 'cold start: chown and friends, with nginx as evidence' '
	test "$(flags cold.json cold-start-chown)" = "chown fchown fchownat lchown" &&
	pyjson cold.json "[f[\"reference\"] for f in d[\"flags\"] if f[\"syscall\"] == \"chown\"][0]" >ref &&
	grep -q "ngx_create_paths" ref &&
	syscensus emit --db cold.db --format list >emitted &&
	grep -qx chown emitted && grep -qx fchownat emitted
'

test_expect_success 'warm start (no mkdir): no chown' '
	test -z "$(flags warm.json cold-start-chown)"
'

test_expect_success 'listening server: the admin and monitoring queries' '
	test "$(flags server.json server-admin-queries)" = "getpeername getrusage getsockname prlimit64 sched_getaffinity sysinfo times uname" &&
	pyjson server.json "[f[\"reference\"] for f in d[\"flags\"] if f[\"syscall\"] == \"getrusage\"][0]" >ref &&
	grep -q "genRedisInfoString" ref &&
	syscensus emit --db server.db --format list >emitted &&
	grep -qx uname emitted && grep -qx getrusage emitted
'

test_expect_success 'a client (connect, no listen): no admin queries' '
	test -z "$(flags client.json server-admin-queries)"
'

test_done
