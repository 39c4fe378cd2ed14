/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * import-audit.c - `import --format audit`: not built yet (knowledge-base
 * issue: kill diagnosis).  Says so instead of importing nothing.
 */
#include "config.h"

#include "analyzer/analyzer.h"

int import_audit_file(struct store *st, int64_t run,
		  const struct import_opts *o, FILE *f, const char *display,
		  struct import_stats *stats)
{
	return error("%s: the audit importer is not implemented yet", display);
}
