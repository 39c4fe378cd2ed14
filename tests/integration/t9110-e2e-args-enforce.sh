#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Proof by enforcement of `emit --args`: tests/tracees/args-calls makes
# socket(AF_UNIX), fcntl(F_GETFL/F_SETFD), ioctl(FIONREAD),
# prctl(PR_GET_DUMPABLE) and clone(SIGCHLD); traced by strace (the
# importer's facts) and by `record` (the tracer's), its --args filters
# (bpf, loaded by the tracee, and the emitted C compiled in) are loaded
# for real with the kill action: the plain run survives, and the same
# program making one call with a value it never used (socket(AF_NETLINK),
# ioctl(TIOCGWINSZ), fcntl(F_GETPIPE_SZ) or F_GETFD, clone(CLONE_NEWUTS))
# dies of SIGSYS there (recorded, syscensus names socket and check names
# AF_NETLINK); without --args it survives.  With --action errno that call
# fails with EPERM (a known syscall), not ENOSYS.  A run that also makes
# ioctl((long)(int)FS_IOC_GETFLAGS) (bit 31 set: the register holds it
# sign-extended, strace and the tracer show the kernel's 32-bit value)
# survives its own bpf and C --args filters, which compare the low 32
# bits only.
. "$top_srcdir/tests/integration/lib.sh"

T="$top_builddir/tests/tracees/args-calls"
SRC="$top_srcdir/tests/tracees/args-calls.c"
SEXEC="$top_builddir/tests/tracees/seccomp-exec"
EXTRAS="netlink winsz pipesz getfd newuts sext"
test -x "$T" || skip_all "args-calls is not built"
test -x "$SEXEC" || skip_all "seccomp-exec is not built"
[ "$(uname -m)" = x86_64 ] ||
	skip_all "args-calls makes raw x86_64 clone calls"
"$SEXEC" --probe 2>probe.err ||
	skip_all "$(cat probe.err)"

sources=
if have strace && strace -f -o /dev/null true >/dev/null 2>&1; then
	sources=strace
fi
syscensus record -q -o probe.db -- /bin/true 2>probe.err
[ $? -eq 3 ] || sources="$sources record"
[ -n "$sources" ] || skip_all "neither strace nor record can trace here"

if have cc && pkg-config --exists libseccomp; then
	have_c=yes
else
	have_c=
fi

for src in $sources; do
	test_expect_success "$src: trace args-calls" "
		if [ $src = strace ]; then
			strace -f -o $src.log '$T' >out &&
			syscensus import -q -o $src.db $src.log
		else
			syscensus record -q -o $src.db -- '$T' >out
		fi &&
		grep -qx survived out
	"

	test_expect_success "$src: emit --args conditions for all five" "
		syscensus emit --db $src.db --format bpf --no-siblings --args \
			-v --exe '/args-calls\$' -o $src.bpf 2>err &&
		cat err &&
		grep -qx 'emit: --args: socket: arg0 == AF_UNIX (1 call)' err &&
		grep -q '^emit: --args: fcntl: arg1 == F_SETFD (1 call) or F_GETFL (1 call)\$' err &&
		grep -qx 'emit: --args: ioctl: arg1 == FIONREAD (1 call)' err &&
		grep -qx 'emit: --args: prctl: arg0 == PR_GET_DUMPABLE (1 call)' err &&
		grep -q '^emit: --args: clone: (arg0 & (CLONE_NEWNS|.*)) == 0 (1 call)\$' err &&
		grep -q '^emit: --args: 5 syscalls with argument conditions' err
	"

	test_expect_success "$src: bpf --args: the plain run survives" "
		'$T' bpf $src.bpf >out &&
		grep -qx survived out
	"

	for x in $EXTRAS; do
		test_expect_success "$src: bpf --args: $x dies of SIGSYS" "
			'$T' bpf $src.bpf $x >out; st=\$? &&
			test \$st = 159 &&
			grep -qx 'calls done' out &&
			! grep -q survived out
		"
	done

	if [ $src = record ]; then
		test_expect_success "record: syscensus names the killing call and its value" "
			syscensus record -q -o k.db -- '$T' bpf $src.bpf netlink \
				>out; st=\$?
			test \$st = 159 &&
			syscensus report --db k.db --format json >k.json &&
			grep -q '\"syscall\": \"socket\"' k.json &&
			syscensus emit --db $src.db --format oci --no-siblings \
				--args --exe '/args-calls\$' -o k.oci \
				2>/dev/null &&
			test_expect_code 1 syscensus check --db k.db \
				--exe '/args-calls\$' --policy k.oci >out 2>&1 &&
			grep -q 'socket.*AF_NETLINK' out
		"
	fi

	test_expect_success "$src: verify with the --args bpf: the plain run, nothing denied" "
		rm -f v-$src.db* &&
		syscensus verify -q --policy $src.bpf -o v-$src.db -- '$T' >out &&
		grep -qx survived out &&
		! grep -q '^denied' out
	"

	test_expect_success "$src: verify with the --args bpf names only the new value's call" "
		rm -f v-$src.db* &&
		test_expect_code 1 syscensus verify -q --policy $src.bpf \
			-o v-$src.db -- '$T' netlink >out &&
		grep '^denied' out >denied &&
		test \$(wc -l <denied) -eq 1 &&
		grep -q '^denied socket ' denied
	"

	test_expect_success "$src: bpf without --args: netlink survives" "
		syscensus emit --db $src.db --format bpf --no-siblings \
			--exe '/args-calls\$' -o $src-plain.bpf &&
		'$T' bpf $src-plain.bpf netlink >out &&
		grep -qx survived out
	"

	test_expect_success "$src: bpf --args --action errno: EPERM, not ENOSYS" "
		syscensus emit --db $src.db --format bpf --no-siblings --args \
			--action errno --exe '/args-calls\$' -o $src-e.bpf \
			2>/dev/null &&
		for x in $EXTRAS; do
			'$T' bpf $src-e.bpf \$x >out || return 1
			grep -qx \"\$x: errno 1\" out &&
			grep -qx survived out || { cat out; return 1; }
		done
	"

	if [ -n "$have_c" ]; then
		test_expect_success "$src: c --args compiled in: survives, extras die" "
			syscensus emit --db $src.db --format c --no-siblings \
				--args --exe '/args-calls\$' -o $src.c \
				2>/dev/null &&
			cc -DARGS_WITH_C -o $src-c '$SRC' $src.c \
				\$(pkg-config --cflags --libs libseccomp) &&
			./$src-c >out &&
			grep -qx survived out &&
			for x in $EXTRAS; do
				./$src-c \$x >out; st=\$?
				test \$st = 159 && ! grep -q survived out ||
				{ echo \"\$x: status \$st\"; return 1; }
			done
		"
		test_expect_success "$src: c --args --action errno: EPERM" "
			syscensus emit --db $src.db --format c --no-siblings \
				--args --action errno --exe '/args-calls\$' \
				-o $src-e.c 2>/dev/null &&
			cc -DARGS_WITH_C -o $src-ce '$SRC' $src-e.c \
				\$(pkg-config --cflags --libs libseccomp) &&
			for x in $EXTRAS; do
				./$src-ce \$x >out || return 1
				grep -qx \"\$x: errno 1\" out || return 1
			done
		"
	else
		test_skip "$src: the emitted c, compiled in" \
			"no cc or libseccomp.pc"
	fi

	test_expect_success "$src: a sign-extended bit-31 ioctl: traced" "
		if [ $src = strace ]; then
			strace -f -o $src-sx.log '$T' sext >out &&
			syscensus import -q -o $src-sx.db $src-sx.log
		else
			syscensus record -q -o $src-sx.db -- '$T' sext >out
		fi &&
		grep -qx survived out &&
		syscensus emit --db $src-sx.db --format bpf --no-siblings \
			--args -v --exe '/args-calls\$' -o $src-sx.bpf \
			2>err &&
		grep -qx 'emit: --args: ioctl: arg1 == FIONREAD (1 call) or FS_IOC_GETFLAGS (1 call)' err ||
		{ cat err; false; }
	"

	test_expect_success "$src: a sign-extended bit-31 ioctl: bpf --args allows it" "
		'$T' bpf $src-sx.bpf sext >out &&
		grep -qx survived out &&
		'$T' bpf $src-sx.bpf winsz >out; st=\$? &&
		test \$st = 159
	"

	if [ -n "$have_c" ]; then
		test_expect_success "$src: a sign-extended bit-31 ioctl: c --args allows it" "
			syscensus emit --db $src-sx.db --format c --no-siblings \
				--args --exe '/args-calls\$' -o $src-sx.c \
				2>/dev/null &&
			cc -DARGS_WITH_C -o $src-sx-c '$SRC' $src-sx.c \
				\$(pkg-config --cflags --libs libseccomp) &&
			./$src-sx-c sext >out &&
			grep -qx survived out
		"
	fi

	test_expect_success "$src: the sign-extended ioctl's filters read back as covering" "
		for f in oci minijail c bpf; do
			syscensus emit --db $src-sx.db --format \$f --no-siblings \
				--args --exe '/args-calls\$' -o rtsx.\$f \
				2>/dev/null &&
			syscensus check --db $src-sx.db --exe '/args-calls\$' \
				--policy rtsx.\$f --policy-format \$f >out 2>&1 ||
			{ cat out; return 1; }
		done &&
		grep -q 'arg1 == 0xffffffff80086601' rtsx.minijail &&
		! grep -q -- '\"value\": -' rtsx.oci
	"

	test_expect_success "$src: the --args filters read back as covering" "
		for f in oci minijail c bpf; do
			syscensus emit --db $src.db --format \$f --no-siblings \
				--args --exe '/args-calls\$' -o rt.\$f \
				2>/dev/null &&
			syscensus check --db $src.db --exe '/args-calls\$' \
				--policy rt.\$f --policy-format \$f >out 2>&1 ||
			{ cat out; return 1; }
		done
	"
done

test_done
