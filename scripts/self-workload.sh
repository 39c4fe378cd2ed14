# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=sh
#
# The representative workload of syscensus's own analysis commands (issue
# 15), sourced by scripts/self-policy.sh (which records it to write
# data/self-policy.list) and by tests/integration/t5010-self-gate.sh (which
# records it again and checks the recording against that file).
#
# self_workload SRCDIR DIR runs, through the caller's function
#   sc PHASE ARGS...      (run `syscensus ARGS...`, labelled PHASE)
# every confined command on the test fixtures: import of strace (files, an
# -ff directory), audit and journal logs, diff and check against each
# policy format, emit in each format, report in each format, lint of
# policies and of a database, merge, scan of a binary.  Exit statuses are
# ignored: a check with findings is part of the workload.  Work files go
# to DIR.
self_workload() {
	F=$1/fixtures
	d=$2
	sc import import -q -o "$d/w.db" "$F/strace/odd-shapes.log" \
		"$F/strace/seccomp-trap.log" "$F/kb/strace/wal-thread-handler.log"
	sc import import -q -o "$d/w.db" "$F/strace/ff-thread-exec"
	sc import import -q -o "$d/w.db" --format audit \
		"$F/kb/audit/seccomp-kills.log"
	sc import import -q -o "$d/w.db" --format journal \
		"$F/kb/journal/kills.txt"
	sc import import -q -o "$d/w.db" --phase steady --strict \
		"$F/demo/sqlite-wal.strace"
	sc import import -q -o "$d/w2.db" --no-scan "$F/demo/sqlite-wal.strace"
	sc import import -q -o "$d/w2.db" - <"$F/strace/personality.log"
	# a C policy the preprocessor must see (a #define)
	cat >"$d/pp.c" <<'EOC'
#include <seccomp.h>
#define ALLOW(x) seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(x), 0)
int f(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	ALLOW(read);
	ALLOW(write);
	return seccomp_load(ctx);
}
EOC
	for fmt in list systemd oci minijail c bpf pfc; do
		sc emit emit --db "$d/w.db" --format $fmt -o "$d/e.$fmt"
	done
	for fmt in landlock landlock-json systemd-hardening; do
		sc emit emit --db "$d/w.db" --format $fmt -o "$d/e.$fmt"
	done
	sc emit emit --db "$d/w.db" --format list --no-siblings --args
	for p in "$d/e.list" "$d/e.systemd" "$d/e.oci" "$d/e.minijail" \
		"$d/e.c" "$d/e.bpf" "$d/e.pfc" "$d/pp.c" \
		"$F/policies/food.service" "$F/kb/policies/narrow.policy"; do
		sc diff diff --db "$d/w.db" --policy "$p" --format json \
			-o "$d/diff.json"
	done
	for fmt in text json md junit sarif github; do
		sc check check --db "$d/w.db" \
			--policy "$F/kb/policies/minimal.list" --format $fmt \
			-o "$d/check.$fmt"
	done
	for fmt in text md html json; do
		sc report report --db "$d/w.db" --format $fmt -o "$d/r.$fmt"
	done
	sc report report --db "$d/w.db" --compare "$d/w2.db" --format json \
		-o "$d/cmp.json"
	for p in "$F/kb/policies/good.list" "$F/kb/policies/kill-thread.c" \
		"$F/kb/policies/kill-thread.json" "$F/kb/policies/good.bpf" \
		"$F/kb/policies/narrow.service" "$F/kb/policies/narrow.policy"; do
		sc lint lint --policy "$p" -o "$d/lint.txt"
	done
	sc lint lint --db "$d/w.db" --format json -o "$d/lint.json"
	sc merge merge -q -o "$d/m.db" "$d/w.db" "$d/w2.db"
	sc scan scan --db "$d/w.db" --no-cache /bin/true
	sc scan scan --no-store --format json /bin/true
}
