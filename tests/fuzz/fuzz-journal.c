/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-journal.c - libFuzzer target for the journal importer
 * (analyzer/import-journal.c: journalctl text, short-iso and JSON lines,
 * and the audit records in them): the input is one journal export,
 * imported into a scratch store in a transaction that is rolled back.
 * The sum of the bytes picks --strict.
 */
#include "config.h"

#include "analyzer/analyzer.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_opts o = { "journal", "fuzz", fuzz_pick(data, size) & 1,
				 0 };
	struct import_stats stats = { 0 };
	struct store *st = fuzz_store();
	int64_t run;
	FILE *f;

	log_quiet = 1;
	f = fmemopen((void *)data, size ? size : 1, "r");
	if (!f)
		abort();
	if (!size)
		fgetc(f);
	run = fuzz_run_begin(st);
	import_journal_file(st, run, &o, f, "fuzz", &stats);
	store_rollback(st);
	fclose(f);
	return 0;
}
