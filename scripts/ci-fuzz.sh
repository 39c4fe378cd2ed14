#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# CI's short fuzzing pass: build every libFuzzer target (clang,
# --enable-fuzzing) in BUILD_DIR, then run each for SECONDS (default 10) on
# a scratch corpus, with its seeds and crash reproducers from
# tests/fuzz/corpus/TARGET replayed first (libFuzzer runs every input of
# the corpus directories before it mutates).  Reproducers listed in
# tests/fuzz/known-open (bugs not fixed yet) are left out, as t0901 does.
# JOBS targets run at once (default: the number of CPUs).  One line per
# target, then "N passed, N failed": a target that crashes, leaks or times
# out is a failure, and so is a build that fails.
#
#   scripts/ci-fuzz.sh [BUILD_DIR [SECONDS]]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-fuzz}
secs=${2:-10}
jobs=${JOBS:-$(nproc)}
# One input may take this long before it is a hang (the README's
# -timeout; the BPF decoder's budget is sized for this build: bpf.c).
timeout=${FUZZ_TIMEOUT:-10}
targets="strace-line strace audit journal policy-list policy-systemd
policy-oci policy-minijail policy-c policy-bpf kb bpf const lines"

mkdir -p "$build" || exit 1
cd "$build" || exit 1
if [ ! -f Makefile ] || ! grep -q -- '--enable-fuzzing' .configure-flags 2>/dev/null; then
	"$top/configure" CC=clang --enable-fuzzing >configure.out 2>&1 ||
		{ tail -20 configure.out; echo "0 passed, 1 failed"; exit 1; }
	printf '%s' "CC=clang --enable-fuzzing" >.configure-flags
fi
if ! make -j"$jobs" fuzz >make-fuzz.out 2>&1; then
	tail -30 make-fuzz.out
	echo "0 passed, 1 failed"
	exit 1
fi

work=$build/fuzz-work
rm -rf "$work"
mkdir -p "$work"
# run_target NAME: the seeds (minus known-open reproducers) copied into a
# read-only second corpus, new inputs into a scratch one.
run_target() {
	t=$1
	seeds=$work/$t.seeds
	mkdir -p "$work/$t" "$seeds"
	cp "$top/tests/fuzz/corpus/$t/"* "$seeds/" 2>/dev/null
	sed -n "s|^$t/\([^ ]*\).*|\1|p" "$top/tests/fuzz/known-open" |
		while read -r f; do rm -f "$seeds/$f"; done
	(
		cd "$work/$t" &&
		# the minijail reader follows @include, /dev/stdin too
		TMPDIR=${FUZZ_TMPDIR:-/tmp} ASAN_OPTIONS=detect_leaks=1 \
		"$build/tests/fuzz/fuzz-$t" -max_total_time="$secs" \
			-timeout="$timeout" -rss_limit_mb=2048 \
			-print_final_stats=1 \
			-artifact_prefix="$work/$t/" . "$seeds" \
			</dev/null >"$work/$t.log" 2>&1
	)
	st=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
	if [ $st -eq 0 ]; then
		echo "ok: fuzz-$t (${runs:-?} runs in ${secs}s, $(ls "$seeds" | wc -l) seeds replayed)" >"$work/$t.result"
	else
		{
			echo "FAIL: fuzz-$t exited $st"
			grep -E "^==[0-9]+==ERROR|^SUMMARY|runtime error|Test unit written" \
				"$work/$t.log" | head -8
		} >"$work/$t.result"
	fi
}

running=0
for t in $targets; do
	run_target "$t" &
	running=$((running + 1))
	if [ $running -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

pass=0 fail=0
for t in $targets; do
	if [ -f "$work/$t.result" ]; then
		cat "$work/$t.result"
		case "$(head -n 1 "$work/$t.result")" in
		ok:*) pass=$((pass + 1)) ;;
		*) fail=$((fail + 1)) ;;
		esac
	else
		echo "FAIL: fuzz-$t did not run"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
