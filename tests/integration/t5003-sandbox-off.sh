#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Issue 15: `syscensus --version -v` says what confinement this build and
# kernel give; a kernel without Landlock or without seccomp filters (here
# faked: a filter answers ENOSYS to landlock_create_ruleset or seccomp)
# degrades the confinement, says so once with -v, and never fails the
# command; --no-sandbox and SYSCENSUS_NO_SANDBOX=1 turn it off; --help says so.
. "$top_srcdir/tests/integration/sandbox-lib.sh"

test_require SECCOMP SANDBOX
[ "$(uname -m)" = x86_64 ] || skip_all "the ENOSYS filter is written for x86_64"

# enosys NR[,NR] CMD...: run CMD under a filter answering ENOSYS to NRs.
cat >enosys.py <<'EOF2'
import ctypes, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
prog = [struct.pack("HBBI", 0x20, 0, 0, 0)]  # ld [nr]
for nr in sys.argv[1].split(","):
    prog.append(struct.pack("HBBI", 0x15, 0, 1, int(nr)))  # jeq nr
    prog.append(struct.pack("HBBI", 0x06, 0, 0, 0x00050000 | 38))
prog.append(struct.pack("HBBI", 0x06, 0, 0, 0x7fff0000))  # allow
buf = ctypes.create_string_buffer(b"".join(prog))
class Fprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]
fp = Fprog(len(prog), ctypes.cast(buf, ctypes.c_void_p))
if libc.prctl(38, 1, 0, 0, 0) or libc.prctl(22, 2, ctypes.byref(fp), 0, 0):
    sys.exit("cannot load the filter: " + os.strerror(ctypes.get_errno()))
os.execv(sys.argv[2], sys.argv[2:])
EOF2
enosys() { /usr/bin/python3 enosys.py "$@"; }
write_log x.log

test_expect_success '--version -v: what this build and kernel give' '
	syscensus --version >v0 && test $(wc -l <v0) -eq 1 &&
	syscensus --version -v >v &&
	grep -q "^sandbox: import, diff, check, emit, report, lint, merge and scan run confined" v &&
	grep -q "^  no-new-privs: yes" v &&
	grep -Eq "^  landlock: (ABI [0-9]+|no) " v &&
	grep -Eq "^  seccomp: filter, [0-9]+ syscalls allowed" v
'

test_expect_success 'no Landlock: seccomp only, said once with -v, the command works' '
	enosys 444 "$SYSCENSUS" --version -v >v &&
	grep -q "^  landlock: no (Function not implemented)" v &&
	enosys 444 "$SYSCENSUS" -v import -q -o t.db x.log 2>err &&
	grep -c "sandbox: no Landlock" err >n && echo 1 >want && test_cmp want n &&
	enosys 444 "$SYSCENSUS" import -q -o t.db x.log 2>err &&
	! test -s err
'

test_expect_success 'no seccomp filter: Landlock only, said once with -v, the command works' '
	enosys 317 "$SYSCENSUS" -v emit --db t.db --format list --no-siblings >out 2>err &&
	grep -c "sandbox: no seccomp filter" err >n && echo 1 >want && test_cmp want n &&
	grep -qx openat out
'

test_expect_success 'confined by default, not with --no-sandbox or SYSCENSUS_NO_SANDBOX=1' '
	mkfifo f1 f2 f3 &&
	for f in f1 f2 f3; do
		case $f in
		f1) "$SYSCENSUS" import -q -o t.db $f & ;;
		f2) "$SYSCENSUS" import -q --no-sandbox -o t.db $f & ;;
		f3) SYSCENSUS_NO_SANDBOX=1 "$SYSCENSUS" import -q -o t.db $f & ;;
		esac
		pid=$! && exec 3>$f &&
		grep "^Seccomp:" /proc/$pid/status >>status &&
		exec 3>&- && wait $pid || exit 1
	done &&
	printf "Seccomp:\t2\nSeccomp:\t0\nSeccomp:\t0\n" >want &&
	test_cmp want status
'

test_expect_success '--help of a confined command says how to turn it off' '
	syscensus import --help >h &&
	grep -q "no-sandbox" h && grep -q SYSCENSUS_NO_SANDBOX h &&
	syscensus record --help >h2 && ! grep -q "no-sandbox" h2 &&
	syscensus --help >h3 && grep -q -- "--no-sandbox" h3
'

test_done
