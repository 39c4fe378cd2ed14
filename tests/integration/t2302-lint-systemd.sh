#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# lint on systemd units: SystemCallErrorNumber=EPERM on syscalls glibc only
# falls back from on ENOSYS, a denylist's permissive default, dangerous
# syscalls allowed; --profile audit downgrades the default to info.
. "$top_srcdir/tests/integration/lib.sh"

P="$FIXTURES/kb/policies"

test_expect_success 'EPERM on clone3, epoll_pwait2, close_range' '
	test_expect_code 1 syscensus lint --policy "$P/narrow.service" >out &&
	grep -q "warning: \[enosys\] .clone3. is denied with errno EPERM" out &&
	grep -q "warning: \[enosys\] .epoll_pwait2." out &&
	grep -q "warning: \[enosys\] .close_range." out
'

test_expect_success 'ptrace in SystemCallFilter= is dangerous, with its line' '
	grep -q "narrow.service:7: warning: \[dangerous\] .ptrace." out
'

test_expect_success 'a ~ denylist has a permissive default' '
	test_expect_code 1 syscensus lint --policy "$P/denylist.service" \
		>deny &&
	grep -q "warning: \[permissive-default\]" deny &&
	grep -q "\[dangerous\] .bpf. is allowed" deny
'

test_expect_success '--profile audit: the permissive default is info' '
	syscensus lint --policy "$P/denylist.service" --profile audit \
		--format json >deny.json;
	grep -A1 "\"check\": \"permissive-default\"" deny.json |
		grep -q "\"severity\": \"info\""
'

test_expect_success 'a sound unit passes' '
	syscensus lint --policy "$P/good.service" >good &&
	! grep -q "warning:\|error:" good
'

test_done
