/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-const.c - libFuzzer target for const_eval() and
 * decisive_arg_parse() (common/consts.c): the constant expressions the
 * minijail and C policy readers share (numbers, names like AF_UNIX, `|`,
 * `&`, `~`, `<<` and parentheses), and the "N=TEXT" values of "arg" facts
 * that emit --args and check read back from a store.  The expression is
 * passed without a NUL after it; the fact as a C string.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/policy/policy.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned idx;
	uint64_t v;
	char *s;

	/* exactly size bytes, no NUL after them: len is the bound */
	log_quiet = 1;
	const_eval((const char *)data, size, &v);
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	decisive_arg_parse(s, &idx, &v);
	free(s);
	return 0;
}
