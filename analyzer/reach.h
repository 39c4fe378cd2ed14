/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach.h - static reach (`syscensus scan`): the syscalls an ELF program's
 * code can reach, each with the way it gets there, kept apart from what a
 * trace observed.  Two levels:
 *
 *   direct      the program imports a thin wrapper (via "uname@GLIBC_2.2.5")
 *               or holds the syscall instruction itself
 *               (via "syscall at 0x401136 (main)");
 *   transitive  reached through library internals (via "libc.so.6: fopen"):
 *               an over-approximation, never to be shown as observed.
 *
 * Libraries are summarised once per build-id in a machine-wide cache and
 * copied into each store that uses them.  What cannot be resolved
 * (indirect calls, syscall numbers that are not constant, dlopen, missing
 * libraries) is reported, never dropped.  x86_64 programs only.
 */
#ifndef SYSCENSUS_REACH_H
#define SYSCENSUS_REACH_H

#include "common/common.h"

/* Bumped whenever summaries change meaning: old cache entries are ignored. */
#define REACH_SCANNER_VERSION 6

struct reach_opts {
	bool no_cache;   /* neither read nor write the machine-wide cache */
	bool verbose;    /* say which libraries came from the cache */
	struct store *facts; /* a store whose trace facts name dlopened
			      * libraries of this program; may be NULL */
};

/* struct reach_result and its rows: common/store.h (the store writes them). */

/*
 * Scan the program at path (resolved to its canonical path).  Fills r
 * (release with reach_result_release(), also after failure).  Returns 0,
 * or -1 after error() saying why the file cannot be scanned (missing, not
 * a regular file, not an ELF, not x86_64, truncated).
 */
int reach_scan(const char *path, const struct reach_opts *o,
	       struct reach_result *r);
void reach_result_release(struct reach_result *r);

/* Replace the reach rows of r->exe in st, in one transaction; 0 or -1. */
int reach_store(struct store *st, const struct reach_result *r);

/*
 * The automatic scan after record/attach/import: every executable run
 * stored that still exists here is scanned and stored, each file once; a
 * "#!" script's interpreter is scanned (and stored under its own path)
 * in its place.  A failure is a warning (returns the number of failures;
 * never fatal).
 */
int reach_scan_run(struct store *st, int64_t run);

/*
 * "#!" scripts (reach-script.c).  reach_script_interp(): when path is a
 * script, the program the kernel runs for it: its interpreter (for
 * "/usr/bin/env NAME", NAME found in this process's $PATH, the scanning
 * machine's), followed through interpreters that are scripts too.
 * Returns 0 when path is not a script (*interp NULL; it may not even be
 * readable: reach_scan() says why), 1 and the program's path in *interp,
 * or -1 when the interpreter is not here (missing, not executable, not
 * in $PATH, none named, scripts nested too deep): *interp is the name as
 * written ("" for none), its control characters escaped for a message.
 * Prints nothing; the caller frees *interp.
 */
int reach_script_interp(const char *path, char **interp);

/* name (no slash) found in $PATH as an executable file: a path the caller
 * frees, or NULL. */
char *reach_which(const char *name);

#endif
