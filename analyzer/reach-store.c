/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach-store.c - a scan into the store (common/store-reach.c writes the
 * rows, with this scanner's version), and the scan that record, attach
 * and import run after storing a trace: every executable of the run
 * that still exists here.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/reach.h"

int reach_store(struct store *st, const struct reach_result *r)
{
	return store_put_reach(st, r, REACH_SCANNER_VERSION);
}

int reach_scan_run(struct store *st, int64_t run)
{
	struct reach_opts o = { .facts = st };
	char **paths = NULL;
	size_t n = 0, i;
	int failed = 0;

	if (store_run_exes(st, run, &paths, &n) < 0)
		return 1;
	for (i = 0; i < n; i++) {
		struct reach_result r;
		struct stat sb;

		memset(&r, 0, sizeof(r));
		if (!strncmp(paths[i], "/proc/", 6)) {
			/* /proc/self/exe in a trace is the traced program's
			 * own file: here it would be ours */
			warning("not scanned: '%s' names a file of the traced "
				"process, not one here", paths[i]);
			failed++;
		} else if (paths[i][0] != '/' || stat(paths[i], &sb) < 0 ||
		    !S_ISREG(sb.st_mode)) {
			warning("not scanned: '%s' is not a file here (an "
				"absolute path is needed)", paths[i]);
			failed++;
		} else if (reach_scan(paths[i], &o, &r) < 0 ||
			   reach_store(st, &r) < 0) {
			warning("the scan of '%s' failed; the trace is stored",
				paths[i]);
			failed++;
		}
		reach_result_release(&r);
		free(paths[i]);
	}
	free(paths);
	return failed;
}
