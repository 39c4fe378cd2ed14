/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-strace-line.c - libFuzzer target for the pure strace line parser
 * (analyzer/import/strace-parse.c): strace_parse_line() on every line of the
 * input, then strace_arg() on each argument of a call and
 * strace_unquote() on each one.  No store: this is the fastest target and
 * the one that reaches the grammar's corners first.
 */
#include "config.h"

#include "analyzer/import/strace-parse.h"
#include "tests/fuzz/fuzz.h"

static void one_line(const char *s, size_t len)
{
	struct strace_line l;
	char out[256];
	unsigned i;

	strace_parse_line(s, len, &l);
	if (l.rec == STRACE_BAD || !l.args)
		return;
	/* the parser's pointers must stay inside the line (compared as
	 * lengths: a bad length must not overflow the check itself) */
	if (l.args < s || l.args > s + len ||
	    l.args_len > (size_t)(s + len - l.args))
		abort();
	if (l.name && (l.name < s || l.name > s + len ||
		       l.name_len > (size_t)(s + len - l.name)))
		abort();
	for (i = 0; i < 8; i++) {
		const char *a;
		size_t alen;

		if (!strace_arg(l.args, l.args_len, i, &a, &alen))
			break;
		if (a < l.args || a > l.args + l.args_len ||
		    alen > (size_t)(l.args + l.args_len - a))
			abort();
		strace_unquote(a, alen, out, sizeof(out));
		strace_unquote(a, alen, out, 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size, *nl;

	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		one_line(s, nl ? (size_t)(nl - s) : (size_t)(end - s));
		if (!nl)
			break;
		s = nl + 1;
	}
	return 0;
}
