/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach-store.c - a scan into the store (common/store-reach.c writes the
 * rows, with this scanner's version), and the scan that record, attach
 * and import run after storing a trace: every executable of the run
 * that still exists here, each file once; for a "#!" script its
 * interpreter (reach-script.c), so a program run through shell or python
 * shims is scanned without an error per script.
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

struct scanned {
	char **paths; /* canonical paths scanned in this run's scan */
	size_t n, alloc;
};

/* Has real been scanned in this run's scan?  If not, it is now. */
static bool scanned_before(struct scanned *sc, const char *real)
{
	size_t i;

	for (i = 0; i < sc->n; i++)
		if (!strcmp(sc->paths[i], real))
			return true;
	sc->paths = xgrow(sc->paths, sizeof(*sc->paths), sc->n + 1,
			  &sc->alloc);
	sc->paths[sc->n++] = xstrdup(real);
	return false;
}

/* Scan the executable at path (a trace's) into st: 0, or 1 after a
 * warning saying why not. */
static int scan_exe(struct store *st, const struct reach_opts *o,
		    struct scanned *sc, const char *path)
{
	struct reach_result r;
	struct stat sb;
	char *interp = NULL, *real = NULL;
	const char *prog = path;
	int script, failed = 0;

	memset(&r, 0, sizeof(r));
	if (!strncmp(path, "/proc/", 6)) {
		/* /proc/self/exe in a trace is the traced program's own
		 * file: here it would be ours */
		warning("not scanned: '%s' names a file of the traced "
			"process, not one here", path);
		return 1;
	}
	if (path[0] != '/' || stat(path, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		warning("not scanned: '%s' is not a file here (an absolute "
			"path is needed)", path);
		return 1;
	}
	script = reach_script_interp(path, &interp);
	if (script < 0) {
		warning("not scanned: '%s' is a script and its interpreter "
			"'%s' is not here", path, interp);
		free(interp);
		return 1;
	}
	if (script)
		prog = interp;
	/* a script's interpreter (or another name of a program) already
	 * scanned: once is enough */
	real = realpath(prog, NULL);
	if (!real || !scanned_before(sc, real)) {
		if (reach_scan(prog, o, &r) < 0 || reach_store(st, &r) < 0) {
			warning("the scan of '%s' failed; the trace is stored",
				prog);
			failed = 1;
		}
	}
	reach_result_release(&r);
	free(real);
	free(interp);
	return failed;
}

int reach_scan_run(struct store *st, int64_t run)
{
	struct reach_opts o = { .facts = st };
	struct scanned sc = { .n = 0 };
	char **paths = NULL;
	size_t n = 0, i;
	int failed = 0;

	if (store_run_exes(st, run, &paths, &n) < 0)
		return 1;
	for (i = 0; i < n; i++) {
		failed += scan_exe(st, &o, &sc, paths[i]);
		free(paths[i]);
	}
	for (i = 0; i < sc.n; i++)
		free(sc.paths[i]);
	free(sc.paths);
	free(paths);
	return failed;
}
