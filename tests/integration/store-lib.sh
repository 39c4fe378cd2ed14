# SPDX-License-Identifier: LGPL-2.1-or-later
# store-lib.sh - mkdb, shared by the tests that fill a store with the
# sqlite3 CLI (t2101, t2102, t4001, t4002).  Sourced after lib.sh.

# mkdb DB: an empty store made by syscensus itself (run 1), filled below
# with the sqlite3 CLI so the test does not depend on the importer's
# parsing.
mkdb() {
	: >empty.log
	if ! syscensus import -o "$1" empty.log >/dev/null 2>&1; then
		# without a working importer: the schema, applied as the store
		# would apply it, and run 1
		rm -f "$1" &&
		sqlite3 "$1" <"$top_srcdir/common/schema.sql" &&
		v=$(sed -n 's/^-- version \([0-9]*\).*/\1/p' \
			"$top_srcdir/common/schema.sql" | sort -n | tail -n 1) &&
		sql "$1" "PRAGMA user_version = $v;
			  INSERT INTO runs(id, kind, started_ns)
			  VALUES (1, 'import', 0)" || return 1
	fi
	test "$(sql "$1" "SELECT count(*) FROM runs")" = 1
}
