/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-const.c - libFuzzer target for const_eval()
 * (analyzer/policy-minijail.c), the constant-expression parser the
 * minijail and C policy readers share: numbers, names like AF_UNIX, `|`,
 * `&`, `~`, `<<` and parentheses.  The input is one expression, passed
 * without a NUL after it.
 */
#include "config.h"

#include "analyzer/analyzer.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t v;

	/* exactly size bytes, no NUL after them: len is the bound */
	log_quiet = 1;
	const_eval((const char *)data, size, &v);
	return 0;
}
