#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Golden outputs: the JSON of diff, check, emit and report on the test
# fixtures, byte for byte.  Refactoring must not change what users and
# their scripts read.  Only the fields that name this machine, this moment
# or this build are normalised.  After an intended change, regenerate with
#   SYSCENSUS_GOLDEN_UPDATE=1 make check TESTS=tests/integration/t0035-golden-json.sh
# and review the diff of tests/golden/ like code.
. "$top_srcdir/tests/integration/lib.sh"

GOLDEN="$top_srcdir/tests/golden"

# normalise <file: the keys that vary between machines and runs
normalise() {
	sed -e 's/^\( *"\(command\|started\|ended\|hostname\|kernel\|tool_version\|database\|generated_by\)": \)".*"\(,\{0,1\}\)$/\1"X"\3/'
}

# golden NAME CMD...: CMD's standard output (normalised) equals
# tests/golden/NAME; its exit status is written to NAME's last line
golden() {
	name=$1 && shift &&
	{ "$@" 2>"$name.err"; echo "exit $?"; } | normalise >"$name.out" &&
	if [ -n "${SYSCENSUS_GOLDEN_UPDATE:-}" ]; then
		cp "$name.out" "$GOLDEN/$name" && chmod 644 "$GOLDEN/$name"
	fi &&
	test_cmp "$GOLDEN/$name" "$name.out"
}

for f in demo/sqlite-wal.strace args/mixed.log layers/app-strace.log \
	check-args/multiarch.strace check-args/unix.strace \
	check-args/clone-newnet.strace kb/strace/wal-thread-handler.log \
	kb/audit/seccomp-kills.log kb/journal/kills.txt; do
	cp "$FIXTURES/$f" . || exit 1
done
for f in main.policy common.policy main.frequency docker-shape.json oci-config.json filter.c; do
	cp "$FIXTURES/policies-io/$f" . || exit 1
done
cp "$FIXTURES/check-args/docker-like.json" . || exit 1

test_expect_success 'import the fixtures (strace, audit, journal)' '
	syscensus import -q -o g.db sqlite-wal.strace mixed.log \
		app-strace.log multiarch.strace unix.strace clone-newnet.strace \
		wal-thread-handler.log &&
	syscensus import -q -o k.db seccomp-kills.log &&
	syscensus import -q -o k.db kills.txt
'

test_expect_success 'report --format json' '
	golden report.json syscensus report --db g.db --format json &&
	golden report-kills.json syscensus report --db k.db --format json
'

for p in main.policy docker-shape.json oci-config.json filter.c \
	docker-like.json; do
	test_expect_success "diff and check --format json, policy $p" "
		golden diff-$p.json syscensus diff --db g.db --policy $p \
			--format json &&
		golden check-$p.json syscensus check --db g.db --policy $p \
			--format json
	"
done

test_expect_success 'diff --format json, one phase and executable' '
	golden diff-exe.json syscensus diff --db g.db --policy main.policy \
		--exe "sqlite" --phase default --format json
'

test_expect_success 'emit --format oci, with and without siblings' '
	golden emit-oci.json syscensus emit --db g.db --format oci &&
	golden emit-oci-nosib.json syscensus emit --db g.db --format oci \
		--no-siblings &&
	golden emit-oci-args.json syscensus emit --db g.db --format oci --args &&
	golden emit-oci-errno.json syscensus emit --db g.db --format oci \
		--action errno --exe app
'

test_expect_success 'emit --format landlock-json' '
	golden emit-landlock.json syscensus emit --db g.db \
		--format landlock-json
'

test_done
