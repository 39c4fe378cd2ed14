# SPDX-License-Identifier: LGPL-2.1-or-later
# import-lib.sh - helpers shared by the t20xx-import-* tests: strace's own
# per-syscall counts of a run (its -c/-C table), and ours from the store.

# strace_counts LOG: "arch syscall calls errors" lines, sorted, from the
# -c/-C table(s) in LOG, plus what strace -c leaves out but an allowlist
# needs and syscensus counts: calls that never return ("= ?" with no
# errno, "<detached ...>") and syscall_0x... numbers (omitted before 7.1).
strace_counts() {
	awk -v native="${NATIVE_ARCH:-x86_64}" '
	function add(a, n, c, e) {
		k = a " " n; calls[k] += c; errs[k] += e
	}
	function callname(line,   m) {
		if (match(line, /<\.\.\. [a-z0-9_]+ resumed>/))
			return substr(line, RSTART + 5, RLENGTH - 14)
		if (match(line, /[a-z_][a-z0-9_]*\(/))
			return substr(line, RSTART, RLENGTH - 1)
		return ""
	}
	BEGIN { arch = native }
	# stderr logs: a diagnostic cut a line; the rest is on a later line
	head != "" && !/^strace: / { $0 = head $0; head = "" }
	index($0, "strace: ") > 1 && !/^strace: / {
		head = substr($0, 1, index($0, "strace: ") - 1); next
	}
	/^% time/ || /^syscall  / { intable = 1; next }
	/^System call usage summary for 32 bit mode:/ { arch = "x86"; next }
	/^System call usage summary for x32 mode:/ { arch = "x32"; next }
	intable {
		if ($0 ~ /^-/ || $NF == "total" || NF < 5) next
		if ($1 ~ /^[0-9.]+$/) {
			add(arch, $NF, $4, NF == 6 ? $5 : 0)
			next
		}
	}
	/^strace: / { next }
	/= \?( <[0-9.]+>)?$/ || /<detached \.\.\.>$/ {
		n = callname($0); if (n != "") add(native, n, 1, 0); next
	}
	/syscall_0x[0-9a-f]+\(.*\) += / {
		match($0, /syscall_0x[0-9a-f]+/)
		add(native, substr($0, RSTART, RLENGTH), 1, / = -1 E/ ? 1 : 0)
	}
	END { for (k in calls) print k, calls[k], errs[k] }
	' "$1" | sort
}

# our_counts DB [RUN]: the same shape from the observed view.
our_counts() {
	sqlite3 -batch -noheader -separator ' ' "$1" "
		SELECT arch, syscall, sum(calls), sum(errors) FROM observed
		WHERE ${2:+run_id = $2 AND} 1 GROUP BY arch, syscall" | sort
}

# have_ptrace: can strace trace a child here?
have_ptrace() {
	command -v strace >/dev/null 2>&1 &&
		strace -f -o /dev/null true >/dev/null 2>&1
}

# line_counts FILE...: "arch syscall calls errors" counted straight from
# strace -ff files (no pid prefixes, no personality switches): each call
# is one complete line or one "<... X resumed>" line; "<unfinished ...>"
# and "<pid changed to N ...>" lines are the first half of one of those.
line_counts() {
	cat "$@" | awk -v native="${NATIVE_ARCH:-x86_64}" '
	/<unfinished \.\.\.>$/ || /<pid changed to [0-9]+ \.\.\.>$/ { next }
	/^(\+\+\+|---|strace:|\[ Process| >| \|)/ { next }
	{
		if (match($0, /^<\.\.\. [a-z0-9_]+ resumed>/))
			n = substr($0, 6, RLENGTH - 14)
		else if (match($0, /^[a-z_][a-z0-9_]*\(/))
			n = substr($0, 1, RLENGTH - 1)
		else
			next
		k = native " " n
		calls[k]++
		if ($0 ~ /\) += (-1 E|\? E)/) errs[k]++; else errs[k] += 0
	}
	END { for (k in calls) print k, calls[k], errs[k] }
	' | sort
}

# split_ff LOG DIR: rewrite an "strace -f -o" log as strace -ff would
# have split it (DIR/log.PID, prefixes removed; the -C table dropped).
split_ff() {
	mkdir -p "$2" &&
	awk -v dir="$2" '
	/^% time/ { exit }
	/^[0-9]+ / { out = dir "/log." $1; sub(/^[0-9]+ +/, ""); print > out; next }
	out != "" { print > out }
	' "$1"
}
