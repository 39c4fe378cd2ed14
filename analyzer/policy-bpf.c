/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy-bpf.c - the bpf policy reader: not built yet.  It reports that
 * plainly instead of reading an empty policy.
 */
#include "config.h"

#include "analyzer/analyzer.h"

int policy_read_bpf(const char *path, const char *text, size_t len,
		     struct policy *p, struct parse_error *pe)
{
	parse_error_set(pe, path, 0, 0,
			"reading bpf policies is not implemented yet");
	return -1;
}
