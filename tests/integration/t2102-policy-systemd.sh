#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# systemd units and drop-ins as policies: SystemCallFilter= accumulating as
# systemd does (allow and ~deny lists, removal, empty-assignment reset,
# :errno), @groups from systemd-analyze or the bundled snapshot,
# SystemCallErrorNumber=, SystemCallArchitectures=, FILE:LINE:COL errors.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/store-lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
have python3 || skip_all "python3 is needed to read the JSON output"

# show JSON: one line per uncovered syscall, "syscall|action|phase|exe|arch",
# then "policy|default_action|arches|rules".
show() {
	python3 - "$1" <<-\EOP
	import json, sys
	d = json.load(open(sys.argv[1]))
	for u in d["uncovered"]:
	    print("|".join([u["syscall"], u["action"], u["phase"], u["exe"],
	                    u["arch"]]))
	p = d["policy"]
	print("policy|%s|%s|%d" % (p["default_action"], " ".join(p["arches"]),
	                           p["rules"]))
	EOP
}

# add DB ARCH SYSCALL...: rows of phase "default" of /usr/sbin/food.
add() {
	db=$1 arch=$2
	shift 2
	for s in "$@"; do
		sql "$db" "INSERT OR IGNORE INTO phases(name) VALUES ('default');
			   INSERT OR IGNORE INTO exes(path) VALUES ('/usr/sbin/food');
			   INSERT INTO syscalls(run_id, phase_id, exe_id, arch,
				syscall, nr, calls, errors)
			   SELECT 1, p.id, e.id, '$arch', '$s', 0, 1, 0
			   FROM phases p, exes e WHERE p.name = 'default'
			   AND e.path = '/usr/sbin/food'" || return 1
	done
}

# What a typical small daemon does (glibc start-up, config, epoll loop).
typical="execve brk arch_prctl mmap mprotect munmap openat newfstatat read
close pread64 set_tid_address set_robust_list rseq prlimit64 getrandom
rt_sigaction rt_sigprocmask socket bind listen accept4 epoll_create1
epoll_ctl epoll_wait write sendto recvfrom clone3 futex exit_group getpid
fcntl ioctl"

FOOD="$FIXTURES/policies/food.service"
DENY="$FIXTURES/policies/food.service.d/50-deny.conf"

test_expect_success 'a typical daemon trace' '
	mkdb s.db && add s.db x86_64 $typical &&
	test "$(sql s.db "SELECT count(*) FROM observed")" = 34
'

test_expect_success 'a unit allowing @system-service covers it' '
	printf "[Service]\nSystemCallFilter=@system-service\n" >ss.service &&
	syscensus check --db s.db --policy ss.service >out &&
	grep -q "34 covered, 0 uncovered" out
'

test_expect_success 'the fixture unit (minus ~@privileged @resources) too' '
	syscensus check --db s.db --policy "$FOOD" --no-drop-ins \
		--format json >j &&
	show j >out &&
	grep -q "^policy|errno EPERM|$(uname -m | sed s/amd64/x86_64/)|" out &&
	test $(wc -l <out) = 1
'

test_expect_success 'a removed @privileged member is uncovered, with EPERM' '
	mkdb p.db && add p.db x86_64 read setuid chroot &&
	test_expect_code 1 syscensus check --db p.db --policy "$FOOD" \
		--no-drop-ins --format json >j &&
	show j >out &&
	grep -q "^chroot|errno EPERM|default|/usr/sbin/food|x86_64$" out &&
	grep -q "^setuid|errno EPERM|default|/usr/sbin/food|x86_64$" out &&
	test $(wc -l <out) = 3
'

test_expect_success 'an allow list starts with @default, as in systemd' '
	printf "[Service]\nSystemCallFilter=read\n" >r.service &&
	mkdb d.db && add d.db x86_64 read exit_group getpid brk &&
	syscensus check --db d.db --policy r.service >out &&
	add d.db x86_64 openat &&
	test_expect_code 1 syscensus check --db d.db --policy r.service >out &&
	grep -q "^uncovered: openat" out
'

test_expect_success '~ on an allow list removes names' '
	printf "[Service]\nSystemCallFilter=@system-service\nSystemCallFilter=~ioctl fcntl\n" \
		>rm.service &&
	test_expect_code 1 syscensus check --db s.db --policy rm.service \
		>out &&
	test $(grep -c "^uncovered:" out) = 2 &&
	grep -q "^uncovered: ioctl" out && grep -q "^uncovered: fcntl" out
'

test_expect_success 'a ~ deny list: :errno per group, kill otherwise' '
	mkdb n.db && add n.db x86_64 read setuid mount reboot swapon &&
	test_expect_code 1 syscensus check --db n.db --policy "$DENY" \
		--format json >j &&
	show j | cut -d"|" -f1,2 >out &&
	printf "%s\n" "mount|errno EACCES" "reboot|errno ENOSYS" \
		"setuid|errno EPERM" "swapon|errno EACCES" "policy|allow" >want &&
	test_cmp want out
'

test_expect_success 'a deny list without SystemCallErrorNumber= kills' '
	printf "[Service]\nSystemCallFilter=~@mount\n" >k.service &&
	test_expect_code 1 syscensus check --db n.db --policy k.service \
		--format json >j &&
	show j | cut -d"|" -f1,2 >out &&
	printf "%s\n" "mount|kill-process" "policy|allow" >want &&
	test_cmp want out
'

test_expect_success 'a plain name on a deny list takes it off the list' '
	printf "[Service]\nSystemCallFilter=~@privileged @mount\nSystemCallFilter=setuid\n" \
		>back.service &&
	test_expect_code 1 syscensus check --db n.db --policy back.service \
		>out &&
	! grep -q "^uncovered: setuid" out &&
	grep -q "^uncovered: mount" out
'

test_expect_success 'an empty assignment resets the filter' '
	printf "[Service]\nSystemCallFilter=~read\nSystemCallFilter=\nSystemCallFilter=~@reboot\n" \
		>reset.service &&
	test_expect_code 1 syscensus check --db n.db --policy reset.service \
		>out &&
	test $(grep -c "^uncovered:" out) = 1 &&
	grep -q "^uncovered: reboot" out &&
	printf "[Service]\nSystemCallFilter=read\nSystemCallFilter=\n" \
		>none.service &&
	syscensus check --db n.db --policy none.service
'

test_expect_success 'SystemCallArchitectures=: other arches are uncovered' '
	add s.db x86 read &&
	test_expect_code 1 syscensus check --db s.db --policy "$FOOD" >out &&
	grep -q "^uncovered: read .*\[x86\].*does not admit" out &&
	sed "s/^SystemCallArchitectures=.*/SystemCallArchitectures=x86-64 x86/" \
		"$FOOD" >two.service &&
	syscensus check --db s.db --policy two.service
'

test_expect_success 'the unit reads its drop-in: one sequence of assignments' '
	test_expect_code 1 syscensus check --db p.db --policy "$FOOD" \
		--format json >j &&
	show j >out &&
	grep -q "^chroot|errno EACCES|default|/usr/sbin/food|x86_64$" out &&
	grep -q "^setuid|errno EACCES|" out &&
	grep -q "^policy|errno EACCES|" out &&
	python3 -c "import json, sys
d = json.load(open(\"j\"))[\"policy\"][\"drop_ins\"]
assert d == [sys.argv[1]], d" "$DENY" &&
	test_expect_code 1 syscensus check --db p.db --policy "$FOOD" >out &&
	grep -q "^drop-ins read after it, in order: .*/food.service.d/50-deny.conf$" out &&
	test_expect_code 1 syscensus check --db p.db --policy "$DENY" \
		--format json >j &&
	show j >out &&
	grep -q "^policy|allow|" out
'

test_expect_success 'drop-ins apply in lexical order of file name' '
	printf "[Service]\nSystemCallFilter=@system-service\n" >lex.service &&
	mkdir lex.service.d &&
	printf "[Service]\nSystemCallFilter=ioctl\n" >lex.service.d/20-b.conf &&
	printf "[Service]\nSystemCallFilter=~ioctl fcntl\n" \
		>lex.service.d/10-a.conf &&
	printf "garbage\n" >lex.service.d/README &&
	printf "garbage\n" >lex.service.d/.hidden.conf &&
	mkdir lex.service.d/dir.conf &&
	ln -s /dev/null lex.service.d/05-masked.conf &&
	test_expect_code 1 syscensus check --db s.db --policy lex.service \
		>out &&
	test $(grep -c "^uncovered:" out) = 1 &&
	grep -q "^uncovered: fcntl" out &&
	grep -q "^drop-ins read after it, in order: lex.service.d/10-a.conf lex.service.d/20-b.conf$" out &&
	mv lex.service.d/20-b.conf lex.service.d/00-b.conf &&
	test_expect_code 1 syscensus check --db s.db --policy lex.service \
		>out &&
	test $(grep -c "^uncovered:" out) = 2 &&
	grep -q "^uncovered: ioctl" out
'

test_expect_success 'a drop-in may reset the filter and switch its mode' '
	printf "[Service]\nSystemCallFilter=read\n" >rs.service &&
	mkdir rs.service.d &&
	printf "[Service]\nSystemCallFilter=\nSystemCallFilter=~@reboot\n" \
		>rs.service.d/override.conf &&
	test_expect_code 1 syscensus check --db n.db --policy rs.service \
		>out &&
	test $(grep -c "^uncovered:" out) = 1 &&
	grep -q "^uncovered: reboot" out &&
	grep -q "default allow" out &&
	test_expect_code 1 syscensus check --db n.db --policy rs.service \
		--no-drop-ins >out &&
	grep -q "^uncovered: setuid" out
'

test_expect_success 'an error in a drop-in is at its own FILE:LINE:COL' '
	printf "[Service]\nSystemCallFilter=@system-service\n" >bd.service &&
	mkdir bd.service.d &&
	printf "# x\n[Service]\nSystemCallFilter=~read  opnat\n" \
		>bd.service.d/a.conf &&
	test_expect_code 2 syscensus check --db s.db --policy bd.service \
		2>err &&
	grep -q "bd.service.d/a.conf:3:25: unknown syscall .opnat." err &&
	syscensus check --db s.db --policy bd.service --no-drop-ins
'

test_expect_success 'x86 calls (int 0x80) against SystemCallArchitectures=native' '
	test "$(uname -m)" = x86_64 || { echo "native is not x86_64: skipped"; exit 0; }
	cat >m32.log <<-\EOL &&
	300 execve("/usr/bin/old32", ["old32"], 0x7ffd1000 /* 1 var */) = 0
	[ Process PID=300 runs in 32 bit mode. ]
	300 read(3, "x", 1) = 1
	300 fdatasync(3) = 0
	300 exit_group(0) = ?
	300 +++ exited with 0 +++
	EOL
	rm -f m32.db &&
	syscensus import -o m32.db m32.log 2>/dev/null &&
	test "$(sql m32.db "SELECT group_concat(syscall, \" \") FROM
		(SELECT syscall FROM observed WHERE arch = '\''x86'\''
		 ORDER BY syscall)")" = "exit_group fdatasync read" &&
	printf "[Service]\nSystemCallArchitectures=native\nSystemCallFilter=@system-service\n" \
		>nat.service &&
	test_expect_code 1 syscensus check --db m32.db --policy nat.service \
		>out 2>err &&
	test $(grep -c "^uncovered:" out) = 3 &&
	grep -q "^uncovered: fdatasync in phase .default. of /usr/bin/old32 \[x86\]: 1 call; architecture x86 is not allowed: the policy does not admit it (only x86_64), so the kernel kills the call$" out &&
	! grep -q "^uncovered: execve" out &&
	grep -q "^syscensus check: 3 uncovered syscalls: exit_group fdatasync read; architecture not allowed by the policy: x86$" err &&
	test_expect_code 1 syscensus check --db m32.db --policy nat.service \
		--format json >j 2>/dev/null &&
	python3 -c "import json
d = json.load(open(\"j\"))
u = d[\"uncovered\"]
assert len(u) == 3 and all(x[\"arch_denied\"] for x in u), u
assert all(\"architecture x86 is not allowed\" in x[\"reason\"] for x in u), u
assert d[\"summary\"][\"arches_not_allowed\"] == [\"x86\"], d" &&
	printf "[Service]\nSystemCallArchitectures=native x86\nSystemCallFilter=@system-service\n" \
		>both.service &&
	syscensus check --db m32.db --policy both.service >out &&
	grep -q "4 covered, 0 uncovered" out
'

test_expect_success 'keys outside exec sections are ignored' '
	printf "[Unit]\nSystemCallFilter=~read\n[Install]\nSystemCallFilter=~read\n" \
		>unit.service &&
	syscensus check --db s.db --policy unit.service >out &&
	grep -q "default allow" out
'

test_expect_success 'an unknown name is an error at FILE:LINE:COL' '
	printf "[Service]\n# hardening\nSystemCallFilter=read  opnat\n" \
		>bad.service &&
	test_expect_code 2 syscensus check --db s.db --policy bad.service \
		2>err &&
	grep -q "bad.service:3:24: unknown syscall .opnat." err
'

test_expect_success 'the position survives a continuation line' '
	printf "[Service]\nSystemCallFilter=read \\\\\n    write nosuchcall\n" \
		>cont.service &&
	test_expect_code 2 syscensus check --db s.db --policy cont.service \
		2>err &&
	grep -q "cont.service:3:11: unknown syscall .nosuchcall." err
'

test_expect_success 'unknown groups, errnos and arches are errors' '
	printf "[Service]\nSystemCallFilter=@nosuch\n" >g.service &&
	test_expect_code 2 syscensus check --db s.db --policy g.service 2>err &&
	grep -q "g.service:2:18: unknown systemd syscall group .@nosuch." err &&
	printf "[Service]\nSystemCallFilter=~mount:EWHAT\n" >e.service &&
	test_expect_code 2 syscensus check --db s.db --policy e.service 2>err &&
	grep -q "e.service:2:25: invalid errno .EWHAT." err &&
	printf "[Service]\nSystemCallFilter=read:EPERM\n" >a.service &&
	test_expect_code 2 syscensus check --db s.db --policy a.service 2>err &&
	grep -q "a.service:2:18: an allowed syscall cannot take an errno" err &&
	printf "[Service]\nSystemCallArchitectures=native pdp11\n" >x.service &&
	test_expect_code 2 syscensus check --db s.db --policy x.service 2>err &&
	grep -q "x.service:2:32: unknown architecture .pdp11." err
'

test_expect_success 'without systemd-analyze the bundled snapshot is used' '
	PATH=/nonexistent "$SYSCENSUS" check --db p.db --policy "$FOOD" \
		--format json >snap.json;
	test $? = 1 &&
	show snap.json >snap &&
	cut -d"|" -f1 snap >out &&
	printf "%s\n" chroot setuid policy >want &&
	test_cmp want out &&
	test "$(sed -n "s/^policy|.*|//p" snap)" -gt 300
'

if have systemd-analyze; then
	test_expect_success 'the snapshot and systemd-analyze agree here' '
		syscensus check --db p.db --policy "$FOOD" --format json \
			>live.json;
		test $? = 1 &&
		show live.json >live &&
		test_cmp snap live
	'
else
	test_skip 'the snapshot and systemd-analyze agree here' \
		'systemd-analyze is not installed'
fi

test_done
