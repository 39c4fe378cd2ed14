#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/tracer.sh - the overhead of `syscensus record` and `syscensus
# attach` against `strace -f`, as ratios measured in the same run:
#
#   overhead = traced wall time / untraced wall time
#
#   bench/tracer.sh [SYSCENSUS] [N]
#
# Workloads (tests/tracees/calls, each call through syscall(2)):
#   getppid x N in 1 thread, and N/4 in each of 4 threads (calls that
#     cannot fail: record takes one stop per call);
#   close(-1) x N in 1 thread (every call fails with EBADF: record also
#     stops at the exit to count the errno, two stops per call);
#   the fixture daemon driven by fixtures/daemons/drive.sh (200 rounds).
# Modes: untraced; `syscensus record`; `strace -f -qq -o /dev/null`; and
# for attach, the same workload started stopped, attached by `syscensus
# attach` or `strace -f -qq -o /dev/null -p`, then continued.
#
# N defaults to 1000000; RUNS (default 5) rounds, each running every mode
# once in turn, timed with `date +%s.%N`; figures are medians.  Modes are
# interleaved rather than run back to back (as hyperfine does) because the
# machines are shared: a burst of load then hits every mode alike.  Prints
# a Markdown table; bench/tracer.md quotes it.  Each database goes to a temporary
# directory removed at the end.
#
# The bpf engine (issue 13): --engine bpf columns in the tables above, and
# engine_table below (ENGINE_ONLY=1 runs only it).
#
# Last, `record --guard POLICY` (issue 4) with a list policy emitted from
# a short recording of the same workloads, so every call runs in the
# kernel, in one interleaved run: untraced; the kernel's floor (an
# allow-all seccomp filter and no tracer: tests/tracees/seccomp-allow,
# installed as record installs its own); `record --guard`; plain
# `record --pin-cpu` (pinned: unpinned record costs ~45 us a call on the
# shared VM, hours at N=5000000; GUARD_RECORD=0 leaves the column out).  Workloads: getppid in 1 and 4 threads, and read+write of
# one byte from /dev/zero to /dev/null (`calls zero`, N/2 iterations: N
# cheap real calls).  Ratios: guard/untraced and guard/floor.  GUARD_ONLY=1
# runs only that table.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")

# --attach-run MODE THREADS N: one attach measurement (run by the timer).
if [ "${1:-}" = --attach-run ]; then
	mode=$2 threads=$3 n=$4
	d=$(mktemp -d "${TMPDIR:-/tmp}/syscensus-bench-a.XXXXXX")
	sh -c 'kill -STOP $$; exec "$0" "$@"' "$TRACEES/calls" \
		-t "$threads" getppid "$n" &
	p=$!
	until grep -q '^State:[[:space:]]*T' /proc/$p/status; do
		sleep 0.005
	done
	t=
	case $mode in
	syscensus) "$SYSCENSUS" attach -q --engine ptrace -o "$d/a.db" -p $p & t=$! ;;
	bpf)
		"$SYSCENSUS" attach --engine bpf -o "$d/a.db" -p $p \
			2>"$d/err" & t=$!
		until grep -q attached "$d/err"; do sleep 0.005; done ;;
	strace) strace -f -qq -o /dev/null -p $p & t=$! ;;
	esac
	if [ -n "$t" ] && [ "$mode" != bpf ]; then
		until grep -q '^TracerPid:[[:space:]]*[1-9]' /proc/$p/status
		do
			sleep 0.005
		done
	fi
	kill -CONT $p
	wait $p || true
	[ -z "$t" ] || wait $t || true
	rm -rf "$d"
	exit 0
fi

# --beside PID CMD...: CMD untraced while `attach --engine bpf` counts PID.
if [ "${1:-}" = --beside ]; then
	idle=$2
	shift 2
	d=$(mktemp -d "${TMPDIR:-/tmp}/syscensus-bench-b.XXXXXX")
	"$SYSCENSUS" attach --engine bpf -o "$d/a.db" -p "$idle" 2>"$d/err" &
	t=$!
	until grep -q attached "$d/err"; do sleep 0.005; done
	"$@" >/dev/null 2>&1 || true
	kill -INT $t
	wait $t || true
	rm -rf "$d"
	exit 0
fi

# --floor-run CMD...: CMD untraced while tp-floor holds empty programs on
# the raw_syscalls tracepoints: the kernel's own cost of the hook.
if [ "${1:-}" = --floor-run ]; then
	shift
	d=$(mktemp -d "${TMPDIR:-/tmp}/syscensus-bench-f.XXXXXX")
	"$FLOOR" "$FLOOR.bpf.o" 2>"$d/err" &
	t=$!
	until grep -q attached "$d/err"; do
		kill -0 $t 2>/dev/null || { cat "$d/err" >&2; exit 1; }
		sleep 0.005
	done
	"$@" >/dev/null 2>&1 || true
	kill -INT $t
	wait $t || true
	rm -rf "$d"
	exit 0
fi

# --svcd-run MODE: drive svcd (STEADY_N steady rounds of ping/put/get)
# untraced or under `record --engine bpf|ptrace`, and print its steady
# phase's throughput in requests per second (3 requests a round, timed
# between the drive's steady and reload marks).
if [ "${1:-}" = --svcd-run ]; then
	mode=$2
	d=$(mktemp -d "${TMPDIR:-/tmp}/syscensus-bench-s.XXXXXX")
	printf '#!/bin/sh\necho "$1 $(date +%%s.%%N)" >>%s/marks\n' "$d" \
		>"$d/mark"
	chmod +x "$d/mark"
	set -- sh "$top/fixtures/daemons/drive.sh" --dir "$d" \
		--mark "$d/mark" --iterations "${STEADY_N:-300}"
	[ "$mode" = none ] ||
		set -- "$@" --wrap "$SYSCENSUS record -q --engine $mode -o $d/s.db --"
	"$@" >"$d/out" 2>&1 || tail -n 3 "$d/out" >&2
	awk -v n="${STEADY_N:-300}" '$1 == "steady" { a = $2 }
		$1 == "reload" { b = $2 }
		END { printf "%.1f\n", 3 * n / (b - a) }' "$d/marks"
	rm -rf "$d"
	exit 0
fi

# --redis-run MODE: start redis-server on a free loopback port, trace it
# (MODE none, bpf, ptrace, strace), run redis-benchmark set/get and print
# the mean requests per second.
if [ "${1:-}" = --redis-run ]; then
	mode=$2
	d=$(mktemp -d "${TMPDIR:-/tmp}/syscensus-bench-r.XXXXXX")
	port=$((20000 + $$ % 20000))
	# REDIS_PIN=1: the server on CPU 1, the benchmark on CPU 0 (less
	# scheduling noise on a small machine)
	pin_s= pin_b=
	[ "${REDIS_PIN:-0}" = 1 ] && pin_s="taskset -c 1" pin_b="taskset -c 0"
	$pin_s redis-server --port $port --bind 127.0.0.1 --save "" --appendonly no \
		--daemonize no --dir "$d" >/dev/null 2>&1 &
	rp=$!
	until redis-cli -p $port ping >/dev/null 2>&1; do sleep 0.02; done
	t=
	case $mode in
	bpf)
		"$SYSCENSUS" attach --engine bpf -o "$d/a.db" -p $rp 2>"$d/err" &
		t=$!
		until grep -q attached "$d/err"; do sleep 0.01; done ;;
	ptrace)
		"$SYSCENSUS" attach --engine ptrace -o "$d/a.db" -p $rp 2>"$d/err" &
		t=$!
		until grep -q attached "$d/err"; do sleep 0.01; done ;;
	floor)
		"$FLOOR" "$FLOOR.bpf.o" 2>"$d/err" & t=$!
		until grep -q attached "$d/err"; do sleep 0.01; done ;;
	strace)
		strace -f -qq -o /dev/null -p $rp & t=$!
		until grep -q '^TracerPid:[[:space:]]*[1-9]' /proc/$rp/status
		do sleep 0.01; done ;;
	esac
	$pin_b redis-benchmark -p $port -t set,get -n "${REDIS_N:-200000}" -q 2>/dev/null |
		tr '\r' '\n' | awk '/requests per second/ {
			sub(/.*: /, ""); s += $1; n++ } END { printf "%.1f\n", s / n }'
	[ -z "$t" ] || { kill -INT $t; wait $t || true; }
	kill $rp; wait $rp || true
	rm -rf "$d"
	exit 0
fi

SYSCENSUS=${1:-${SYSCENSUS:-$top/syscensus}}
# absolute: the fixture daemon's drive.sh runs from another directory
case $SYSCENSUS in /*) ;; *) SYSCENSUS=$(pwd)/$SYSCENSUS ;; esac
N=${2:-1000000}
RUNS=${RUNS:-5}
TRACEES=${TRACEES:-$(dirname "$SYSCENSUS")/tests/tracees}
DAEMONS=${DAEMONS:-$(dirname "$SYSCENSUS")/fixtures/daemons}
export SYSCENSUS TRACEES

[ -x "$SYSCENSUS" ] || { echo "no syscensus binary at $SYSCENSUS" >&2; exit 2; }
[ -x "$TRACEES/calls" ] || { echo "build the tracees: make check TESTS=" >&2; exit 2; }
command -v strace >/dev/null || { echo "install strace" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/syscensus-bench.XXXXXX")
idle=
trap 'rm -rf "$tmp"; [ -z "$idle" ] || kill $idle 2>/dev/null' EXIT INT TERM

# median SECONDS... : the median of the arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
	END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# once CMD: the wall time of one run of CMD (a shell string), in seconds.
once() {
	t0=$(date +%s.%N)
	sh -c "$1" >/dev/null 2>&1 || true
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }'
}

# compare CMD...: RUNS rounds, each running every CMD once in turn (so a
# burst of load on this shared machine hits every mode alike); prints the
# median time of each CMD on one line.
compare() {
	ncmd=$#
	r=0
	while [ $r -lt "$RUNS" ]; do
		i=1
		for c in "$@"; do
			echo "$i $(once "$c")"
			i=$((i + 1))
		done >>"$tmp/times"
		r=$((r + 1))
	done
	i=1
	out=
	while [ $i -le "$ncmd" ]; do
		# shellcheck disable=SC2046
		out="$out $(median $(awk -v i=$i '$1 == i { print $2 }' "$tmp/times"))"
		i=$((i + 1))
	done
	rm -f "$tmp/times"
	echo "$out"
}

ratio() { awk -v a="$1" -v b="$2" -v f="${RATIO_FMT:-%.1f}" \
	'BEGIN { printf f, a / b }'; }
fmt() { awk -v a="$1" 'BEGIN { printf "%.3f", a }'; }

row() { # NAME BASE TRACED... : a table row of times and overheads
	name=$1 base=$2
	shift 2
	line="| $name | $(fmt "$base") s"
	for t in "$@"; do
		line="$line | $(fmt "$t") s (**$(ratio "$t" "$base")x**)"
	done
	echo "$line |"
}

rec="$SYSCENSUS record -q --engine ptrace -o $tmp/r.db --"
bpf="$SYSCENSUS record -q --engine bpf -o $tmp/b.db --"
st="strace -f -qq -o /dev/null"
C=$TRACEES/calls
q=$((N / 4))

# guard_table: the `record --guard` rows.
guard_table() {
	F=$TRACEES/seccomp-allow
	[ -x "$F" ] || { echo "build tests/tracees/seccomp-allow" >&2; exit 2; }
	h=$((N / 2))
	"$SYSCENSUS" record -q -o "$tmp/g0.db" -- "$C" -t 4 getppid 10 \
		>/dev/null 2>&1
	"$SYSCENSUS" record -q -o "$tmp/g0.db" -- "$C" zero 10 \
		>/dev/null 2>&1
	"$SYSCENSUS" emit --db "$tmp/g0.db" --format list -o "$tmp/g.list"
	grd="$SYSCENSUS record -q -o $tmp/g.db --guard $tmp/g.list --"
	pin="$SYSCENSUS record -q --pin-cpu -o $tmp/r.db --"
	RATIO_FMT=%.3f
	echo
	if [ "${GUARD_RECORD:-1}" = 0 ]; then
		echo "| workload | untraced | allow-all filter, no tracer (floor) | syscensus record --guard (policy covers it) | guard / floor |"
		echo "|---|---|---|---|---|"
	else
		echo "| workload | untraced | allow-all filter, no tracer (floor) | syscensus record --guard (policy covers it) | guard / floor | syscensus record --pin-cpu |"
		echo "|---|---|---|---|---|---|"
	fi
	for w in "getppid x $N, 1 thread|-t 1 getppid $N" \
		 "getppid x $q, 4 threads|-t 4 getppid $q" \
		 "read+write 1 byte x $h, 1 thread|-t 1 zero $h"; do
		name=${w%%|*} args=${w#*|}
		if [ "${GUARD_RECORD:-1}" = 0 ]; then
			# shellcheck disable=SC2086
			set -- $(compare "$C $args" "$F $C $args" \
				"rm -f $tmp/g.db*; $grd $C $args")
		else
			# shellcheck disable=SC2086
			set -- $(compare "$C $args" "$F $C $args" \
				"rm -f $tmp/g.db*; $grd $C $args" \
				"rm -f $tmp/r.db*; $pin $C $args")
		fi
		line="| $name | $(fmt "$1") s | $(fmt "$2") s (**$(ratio "$2" "$1")x**)"
		line="$line | $(fmt "$3") s (**$(ratio "$3" "$1")x**) | **$(ratio "$3" "$2")x**"
		[ $# -lt 4 ] || line="$line | $(fmt "$4") s ($(RATIO_FMT=%.1f ratio "$4" "$1")x)"
		echo "$line |"
	done
}

# engine_table: the bpf engine (issue 13) against untraced, in one
# interleaved run: getppid x NB (default 5M) in 1 and 4 threads under
# `record --engine bpf`; the same untraced workload while `attach --engine
# bpf` counts another (idle) process: what every other task on the machine
# pays while the raw_syscalls tracepoints are on; start-up (load and
# attach: `record -- true`, both engines); and a real server, redis-server
# with redis-benchmark set/get on loopback (REDIS_N requests), untraced,
# under `attach --engine bpf`, `attach --engine ptrace` and `strace -f -p`.
# The getppid rows also have the floor (bench/tp-floor: empty programs on
# the same tracepoints, built here with clang and libbpf) and, unless
# ENGINE_SLOW=0, `record --engine ptrace` and `strace -f`; then the
# fixture daemon's steady phase (STEADY_N rounds, default 300) untraced
# and under `record --engine bpf|ptrace`, as requests per second.
# ENGINE_PARTS (default "getppid svcd startup redis") picks the parts,
# REDIS_MODES (default "none floor bpf ptrace strace") the server's columns.
engine_table() {
	NB=${NB:-5000000}
	want() {
		case " ${ENGINE_PARTS:-getppid svcd startup redis} " in
		*" $1 "*) return 0 ;;
		esac
		return 1
	}
	qb=$((NB / 4))
	RATIO_FMT=%.3f
	FLOOR=$tmp/tp-floor
	export FLOOR
	clang -O2 -g -target bpf -c "$top/bench/tp-floor.bpf.c" \
		-o "$FLOOR.bpf.o" &&
	cc -O2 -o "$FLOOR" "$top/bench/tp-floor.c" \
		$(pkg-config --cflags --libs libbpf) ||
		{ echo "cannot build bench/tp-floor (clang, libbpf-dev)" >&2; exit 2; }
	echo
	if [ "${ENGINE_SLOW:-1}" = 1 ]; then
		echo "| workload | untraced | empty programs on the tracepoints (floor) | syscensus record --engine bpf | untraced, beside an attach --engine bpf | bpf / floor | syscensus record --engine ptrace | strace -f |"
		echo "|---|---|---|---|---|---|---|---|"
	else
		echo "| workload | untraced | empty programs on the tracepoints (floor) | syscensus record --engine bpf | untraced, beside an attach --engine bpf | bpf / floor |"
		echo "|---|---|---|---|---|---|"
	fi
	sleep 1000 >/dev/null 2>&1 &
	idle=$!
	want getppid && for w in "getppid x $NB, 1 thread|-t 1 getppid $NB" \
		 "getppid x $qb, 4 threads|-t 4 getppid $qb"; do
		name=${w%%|*} args=${w#*|}
		if [ "${ENGINE_SLOW:-1}" = 1 ]; then
			# shellcheck disable=SC2046
			set -- $(compare "$C $args" "sh $self --floor-run $C $args" \
				"rm -f $tmp/b.db*; $bpf $C $args" \
				"sh $self --beside $idle $C $args" \
				"rm -f $tmp/r.db*; $rec $C $args" "$st $C $args")
		else
			# shellcheck disable=SC2046
			set -- $(compare "$C $args" "sh $self --floor-run $C $args" \
				"rm -f $tmp/b.db*; $bpf $C $args" \
				"sh $self --beside $idle $C $args")
		fi
		line="| $name | $(fmt "$1") s"
		for t in "$2" "$3" "$4"; do
			line="$line | $(fmt "$t") s (**$(ratio "$t" "$1")x**)"
		done
		line="$line | **$(ratio "$3" "$2")x**"
		[ $# -lt 5 ] || line="$line | $(fmt "$5") s ($(RATIO_FMT=%.1f ratio "$5" "$1")x) | $(fmt "$6") s ($(RATIO_FMT=%.1f ratio "$6" "$1")x)"
		echo "$line |"
	done
	kill $idle 2>/dev/null || true
	if want svcd && [ -x "$DAEMONS/svcd" ]; then
		export SVCD="$DAEMONS/svcd" SVC_CLIENT="$DAEMONS/svc-client"
		r=0
		while [ $r -lt "$RUNS" ]; do # interleaved rounds
			for m in none bpf ptrace; do
				sh "$self" --svcd-run "$m" >>"$tmp/svcd.$m"
			done
			r=$((r + 1))
		done
		echo
		echo "| svcd steady phase, ${STEADY_N:-300} rounds of ping/put/get (requests/s, median of $RUNS) | untraced | record --engine bpf | record --engine ptrace |"
		echo "|---|---|---|---|"
		line="| steady"
		for m in none bpf ptrace; do
			# shellcheck disable=SC2046
			v=$(median $(cat "$tmp/svcd.$m"))
			[ "$m" = none ] && base=$v
			line="$line | $(awk -v v="$v" 'BEGIN { printf "%.0f", v }') ($(ratio "$v" "$base")x)"
		done
		echo "$line |"
	fi
	if want startup; then
		# shellcheck disable=SC2046
		set -- $(compare "rm -f $tmp/b.db*; $bpf true" \
			"rm -f $tmp/r.db*; $rec true")
		echo
		echo "start-up, \`record -- true\` (median of $RUNS): bpf $(fmt "$1") s, ptrace $(fmt "$2") s"
	fi
	want redis || return 0
	command -v redis-server >/dev/null && command -v redis-benchmark \
		>/dev/null || { echo "(no redis-server: the server row is left out)"; return 0; }
	echo
	echo "| redis-benchmark -t set,get -n ${REDIS_N:-200000} (requests/s, median of $RUNS) | untraced | empty programs on the tracepoints (floor) | attach --engine bpf | attach --engine ptrace | strace -f -p |"
	echo "|---|---|---|---|---|---|"
	r=0
	while [ $r -lt "$RUNS" ]; do # interleaved rounds
		for m in ${REDIS_MODES:-none floor bpf ptrace strace}; do
			sh "$self" --redis-run "$m" >>"$tmp/redis.$m"
		done
		r=$((r + 1))
	done
	line="| set+get"
	for m in none floor bpf ptrace strace; do
		[ -s "$tmp/redis.$m" ] || { line="$line | -"; continue; }
		# shellcheck disable=SC2046
		v=$(median $(cat "$tmp/redis.$m"))
		[ "$m" = none ] && base=$v
		line="$line | $(awk -v v="$v" 'BEGIN { printf "%.0f", v }') ($(ratio "$v" "$base")x)"
	done
	echo "$line |"
}

if [ -n "${ENGINE_ONLY:-}" ]; then
	echo "engine table: $RUNS interleaved rounds (median)," \
		"$(nproc) CPUs, kernel $(uname -r), load: $(cut -d" " -f1-3 \
		/proc/loadavg)" >&2
	engine_table
	exit 0
fi

if [ -n "${GUARD_ONLY:-}" ]; then
	echo "guard table: N=$N, $RUNS interleaved rounds (median)," \
		"$(nproc) CPUs, kernel $(uname -r), load: $(cut -d" " -f1-3 \
		/proc/loadavg)" >&2
	guard_table
	exit 0
fi

echo "syscensus tracer benchmark: N=$N, $RUNS interleaved rounds (median)," \
	"$(nproc) CPUs, kernel $(uname -r), $(strace -V | head -n 1)" >&2

echo "| workload | untraced | syscensus record --engine ptrace | strace -f | syscensus record --engine bpf |"
echo "|---|---|---|---|---|"
for w in "getppid x $N, 1 thread|-t 1 getppid $N" \
	 "getppid x $q, 4 threads|-t 4 getppid $q" \
	 "close(-1) EBADF x $N, 1 thread|-t 1 ebadf $N"; do
	name=${w%%|*} args=${w#*|}
	# shellcheck disable=SC2046
	row "$name" $(compare "$C $args" "rm -f $tmp/r.db*; $rec $C $args" \
		"$st $C $args" "rm -f $tmp/b.db*; $bpf $C $args")
done
if [ -x "$DAEMONS/svcd" ]; then
	drive="sh $top/fixtures/daemons/drive.sh --dir $tmp/d --iterations 200"
	mkdir -p "$tmp/d"
	export SVCD="$DAEMONS/svcd" SVC_CLIENT="$DAEMONS/svc-client"
	# shellcheck disable=SC2046
	row "fixture daemon, drive.sh 200 rounds" $(compare "$drive" \
		"rm -f $tmp/r.db*; $drive --wrap '$rec'" "$drive --wrap '$st'" \
		"rm -f $tmp/b.db*; $drive --wrap '$bpf'")
fi

echo
echo "| workload (attached while stopped) | untraced | syscensus attach --engine ptrace | strace -f -p | syscensus attach --engine bpf |"
echo "|---|---|---|---|---|"
for w in "getppid x $N, 1 thread|1 $N" "getppid x $q, 4 threads|4 $q"; do
	name=${w%%|*} args=${w#*|}
	# shellcheck disable=SC2046
	row "$name" $(compare "sh $self --attach-run none $args" \
		"sh $self --attach-run syscensus $args" \
		"sh $self --attach-run strace $args" \
		"sh $self --attach-run bpf $args")
done

engine_table

guard_table
