#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# syscensus merge copies every column of a run: the attach counts (schema
# version 2) and the engine, its reason, the facts it could not give and
# the paths it could not read (version 4), NULL staying NULL.  It used to
# copy only the version-1 columns, so a merged bpf run lost its engine and
# `report` no longer said what the run could not see.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

schema_version=$(sed -n 's/^-- version \([0-9]*\).*/\1/p' \
	"$top_srcdir/common/schema.sql" | sort -n | tail -n 1)
mkstore() {
	sqlite3 -batch "$1" <"$top_srcdir/common/schema.sql" &&
	sql "$1" "PRAGMA user_version = $schema_version" >/dev/null &&
	chmod 600 "$1"
}

# every column of runs but id, as the sqlite3 CLI prints them
RUN_COLS="kind, source, command, started_ns, ended_ns, status, lines,
	bad_lines, hostname, kernel, tool_version, attached, attach_failed,
	engine, engine_reason, engine_missing, paths_unreadable"
runs() {
	sql "$1" "SELECT $RUN_COLS FROM runs WHERE kind != 'merge'
		ORDER BY started_ns" | sed 's/|$/|NULL/'
}

test_expect_success 'setup: runs with attach and engine columns' '
	mkstore in.db &&
	sql in.db "
	INSERT INTO runs (id, kind, source, command, started_ns, ended_ns,
			  status, lines, bad_lines, hostname, kernel,
			  tool_version, attached, attach_failed, engine,
			  engine_reason, engine_missing, paths_unreadable)
	VALUES
	(3, '\''attach'\'', '\''pid 42'\'', '\''syscensus attach'\'', 10, 20,
	 0, 0, 0, '\''host'\'', '\''Linux 6.1'\'', '\''1.0'\'', 5, 2,
	 '\''bpf'\'', '\''auto: root with BTF'\'', '\''stacks, paths'\'', 7),
	(8, '\''record'\'', '\''/bin/true'\'', '\''syscensus record'\'', 30,
	 NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, '\''ptrace'\'',
	 '\''--engine ptrace'\'', NULL, 0);" &&
	runs in.db >expect
'

test_expect_success 'merge keeps every column of every run' '
	syscensus merge -o out.db in.db &&
	runs out.db >actual &&
	test_cmp expect actual
'

test_expect_success 'the engine of a merged run is what report shows' '
	syscensus report --db out.db --format json >report.json &&
	grep -q "\"engine\": \"bpf\"" report.json &&
	grep -q "\"engine_missing\": \"stacks, paths\"" report.json &&
	grep -q "\"paths_unreadable\": 7" report.json &&
	grep -q "\"attached\": 5" report.json
'

test_done
