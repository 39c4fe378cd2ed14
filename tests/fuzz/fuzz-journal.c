/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-journal.c - libFuzzer target for the journal importer
 * (analyzer/import/import-journal.c: journalctl text, short-iso and JSON lines,
 * and the audit records in them): the input is one journal export,
 * imported into a scratch store in a transaction that is rolled back.
 * The sum of the bytes picks --strict.
 */
#include "config.h"

#include "analyzer/import/import.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz-import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(data, size, "journal", import_journal_file);
}
