# SPDX-License-Identifier: LGPL-2.1-or-later
# reach-lib.sh - what the static-reach consumer tests (t2550, t2551,
# t9120) share.  Sourced after lib.sh.
#
# reach_add DB EXE LEVEL VIA SYSCALL...: rows of the `reach` table, as
# `syscensus scan` stores them, for an executable the database already
# knows (x86_64).  The tests use it where they need exact, hostile or
# absent rows; the end-to-end tests use the real `scan` when it is built.
reach_add() {
	_db=$1 _exe=$2 _level=$3 _via=$4
	shift 4
	for _sc in "$@"; do
		sqlite3 -batch "$_db" "INSERT OR IGNORE INTO reach
			(exe_id, arch, syscall, level, via)
			SELECT id, 'x86_64', '$_sc', '$_level', '$_via'
			FROM exes WHERE path = '$_exe'" || return 1
	done
	[ "$(sql "$_db" "SELECT count(*) FROM exes
		WHERE path = '$_exe'")" = 1 ]
}

# have_scan: is `syscensus scan` built (the scanner, another area)?
have_scan() {
	syscensus scan --help >/dev/null 2>&1
}

# pyjson FILE EXPR: print EXPR over the JSON document in FILE (d), with
# the distribution's python3 (PATH may put another one first).
pyjson() {
	/usr/bin/python3 -c "import json,sys
d = json.load(open(sys.argv[1]))
print($2)" "$1"
}
