#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# OCI profiles as Docker and Podman accept them: null for an absent array
# or object, "name" or "names", flags and listenerPath, errnoRet and
# defaultErrnoRet; containers-common's default profile (Debian package
# golang-github-containers-common) and Docker's, read where they are.
. "$top_srcdir/tests/integration/lib.sh"

cat >nulls.json <<'JSON'
{
	"defaultAction": "SCMP_ACT_ERRNO",
	"defaultErrnoRet": 38,
	"defaultErrno": "ENOSYS",
	"architectures": null,
	"archMap": null,
	"flags": ["SECCOMP_FILTER_FLAG_LOG"],
	"listenerPath": "/run/seccomp.sock",
	"listenerMetadata": "",
	"syscalls": [
		{ "names": ["read", "write"], "action": "SCMP_ACT_ALLOW",
		  "args": null, "comment": "", "includes": null,
		  "excludes": null },
		{ "name": "socket", "action": "SCMP_ACT_ALLOW", "args": null,
		  "includes": { "caps": ["CAP_AUDIT_WRITE"] }, "excludes": {} },
		{ "names": ["mount"], "action": "SCMP_ACT_ALLOW",
		  "includes": { "caps": ["CAP_SYS_ADMIN"] } },
		{ "names": ["bpf"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
		  "errno": "EPERM" },
		{ "names": null, "name": "close", "action": "SCMP_ACT_ALLOW" }
	]
}
JSON

test_expect_success 'null for absent arrays and objects, name or names' '
	syscensus inspect --policy nulls.json >out 2>err &&
	grep -q "^default: errno ENOSYS" out &&
	grep -q "^allow: close read socket write  (4)" out &&
	grep -q "^errno EPERM: bpf  (1)" out &&
	! grep -q mount out
'

test_expect_success 'name and names together: an error at the name' '
	sed "s/\"names\": null, \"name\": \"close\"/\"names\": [\"open\"], \"name\": \"close\"/" \
		nulls.json >both.json &&
	test_expect_code 2 syscensus inspect --policy both.json 2>err &&
	grep -q "both.json:20:32: both .name. and .names." err
'

test_expect_success 'a wrong type is an error at its place, null is not' '
	sed "s/\"flags\": \[\"SECCOMP_FILTER_FLAG_LOG\"\]/\"flags\": 3/" \
		nulls.json >flags.json &&
	test_expect_code 2 syscensus inspect --policy flags.json 2>err &&
	grep -q "flags.json:7:11: flags must be an array of strings" err &&
	sed "s/\"args\": null, \"comment\"/\"args\": {}, \"comment\"/" \
		nulls.json >args.json &&
	test_expect_code 2 syscensus inspect --policy args.json 2>err &&
	grep -q "args.json:12:13: args must be an array" err
'

cc_profile=/usr/share/containers/seccomp.json
if [ -r "$cc_profile" ]; then
	test_expect_success "containers-common's default profile ($cc_profile)" '
		syscensus inspect --policy "$cc_profile" >out 2>err &&
		grep -q "^default: errno ENOSYS" out &&
		grep "^allow: " out >allow &&
		for s in read socket clone3 openat; do
			grep -q " $s " allow || { echo "no $s"; exit 1; }
		done &&
		grep -q "^errno EPERM: .* bpf " out &&
		test_expect_code 1 syscensus lint --policy "$cc_profile" >out 2>err
	'
else
	test_skip "containers-common's default profile" \
		"$cc_profile not installed (Debian golang-github-containers-common)"
fi

ref=
for d in "${SYSCENSUS_REFERENCE_POLICIES:-}" \
	"$top_srcdir/../shared/reference/policies" \
	"$top_srcdir/../../shared/reference/policies"; do
	[ -n "$d" ] && [ -r "$d/docker-default.json" ] &&
		{ ref="$d/docker-default.json"; break; }
done
if [ -n "$ref" ]; then
	test_expect_success "Docker's default profile, read in place" '
		syscensus inspect --policy "$ref" >out 2>err &&
		grep -q "^default: errno EPERM" out &&
		grep -q "^errno ENOSYS: clone3  (1)" out &&
		grep -q "^conditional clone: allow when arg0 & 0x7e020000 == 0" out &&
		! grep -q " mount " out
	'
else
	test_skip "Docker's default profile" \
		"no docker-default.json (set SYSCENSUS_REFERENCE_POLICIES)"
fi

test_done
