/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-import.h - the body the line importers' fuzz targets (fuzz-audit.c,
 * fuzz-journal.c) share: the input is one log, imported with the given
 * importer into the scratch store in a transaction that is rolled back.
 * The sum of the bytes picks --strict.  Include after analyzer.h and
 * fuzz.h.
 */
#ifndef SYSCENSUS_FUZZ_IMPORT_H
#define SYSCENSUS_FUZZ_IMPORT_H

typedef int (*fuzz_import_fn)(struct store *st, int64_t run,
			      const struct import_opts *o, FILE *f,
			      const char *display,
			      struct import_stats *stats);

/* Import data as format with fn; returns 0 (libFuzzer's "keep going"). */
static inline int fuzz_import(const uint8_t *data, size_t size,
			      const char *format, fuzz_import_fn fn)
{
	struct import_opts o = { format, "fuzz", fuzz_pick(data, size) & 1,
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
	fn(st, run, &o, f, "fuzz", &stats);
	store_rollback(st);
	fclose(f);
	return 0;
}

#endif
