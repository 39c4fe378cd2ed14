/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-audit.c - libFuzzer target for the audit importer
 * (analyzer/import/import-audit.c, and import_audit_seccomp() it shares with the
 * journal importer): the input is one audit log, imported into a scratch
 * store in a transaction that is rolled back.  The sum of the bytes picks
 * --strict.
 */
#include "config.h"

#include "analyzer/import/import.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz-import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(data, size, "audit", import_audit_file);
}
