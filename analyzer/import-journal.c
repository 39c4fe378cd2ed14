/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * import-journal.c - `import --format journal`: not built yet (knowledge-base
 * issue: kill diagnosis).  Says so instead of importing nothing.
 */
#include "config.h"

#include "analyzer/analyzer.h"

int import_journal_file(struct store *st, int64_t run,
		  const struct import_opts *o, FILE *f, const char *display,
		  struct import_stats *stats)
{
	return error("%s: the journal importer is not implemented yet", display);
}
