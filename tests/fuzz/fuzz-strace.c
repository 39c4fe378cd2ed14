/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-strace.c - libFuzzer target for the strace importer
 * (analyzer/import/import-strace.c): the input is one strace log, imported into a
 * scratch store inside a transaction that is rolled back, so every input
 * starts from an empty store.  The sum of the bytes picks the options: a
 * regular file (a temp file) or the stream path (fmemopen), strict or
 * not, and a pid hint as strace -ff's file names give.  (An input is too
 * small for the threads' reader: fuzz-lines.c covers it.)
 */
#include "config.h"

#include "analyzer/import/import.h"
#include "analyzer/import/strace-parse.h"
#include "tests/fuzz/fuzz.h"

static FILE *open_input(const uint8_t *data, size_t size, bool mapped)
{
	static char path[128];
	FILE *f;

	if (!mapped || !size)
		return fmemopen((void *)data, size ? size : 1, "r");
	snprintf(path, sizeof(path), "%s/input", fuzz_dir());
	f = fopen(path, "w+e");
	if (!f || fwrite(data, 1, size, f) != size || fflush(f) ||
	    fseeko(f, 0, SEEK_SET))
		abort();
	return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned pick = fuzz_pick(data, size);
	struct import_opts o = { "strace", "fuzz", pick & 2, 0 };
	struct import_stats stats = { 0 };
	struct store *st = fuzz_store();
	int64_t run;
	FILE *f;

	log_quiet = 1;
	/* an empty fmemopen buffer is not allowed: read one byte of none */
	f = open_input(data, size, pick & 1);
	if (!f)
		abort();
	if (!size)
		fgetc(f);
	run = fuzz_run_begin(st);
	import_strace_file(st, run, &o, f, "fuzz", (pick & 4) ? 100 : 0,
			   &stats);
	import_strace_done();
	store_rollback(st);
	fclose(f);
	return 0;
}
