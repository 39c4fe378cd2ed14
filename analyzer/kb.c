/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kb.c - the knowledge base: not built yet.  kb_load() fails with a clear
 * message so callers can say that siblings and flags are unavailable.
 */
#include "config.h"

#include <stdlib.h>

#include "analyzer/analyzer.h"

struct kb *kb_load(const char *dir, struct parse_error *pe)
{
	parse_error_set(pe, dir ? dir : "data", 0, 0,
			"the knowledge base is not implemented yet");
	return NULL;
}

void kb_free(struct kb *kb)
{
}

int kb_evaluate(const struct kb *kb, const struct kb_input *in,
		struct kb_flag **flags, size_t *nflags)
{
	*flags = NULL;
	*nflags = 0;
	return 0;
}

void kb_flags_free(struct kb_flag *flags, size_t n)
{
	free(flags);
}
