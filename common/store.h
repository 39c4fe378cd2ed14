/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store.h - the store's typed queries beyond the basics in common.h:
 * rows and models as C structs, so no code outside common/store*.c needs
 * SQL or sqlite3.h.  Included by common.h; common/ depends on nothing
 * else, so every type here is plain C.
 *
 * Conventions: functions return 0, or -1 after error(); an iterator's
 * callback returning non-zero stops the walk and is returned; strings a
 * callback gets are valid only during the callback; a loaded model is
 * owned by the caller and freed with its _release().  An integer column
 * that may be NULL reads as STORE_NULL.
 */
#ifndef SYSCENSUS_STORE_H
#define SYSCENSUS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct observed_filter;

/* The value of a NULL integer column. */
#define STORE_NULL INT64_MIN

/* ------------------------------------------------------------ iterators */

/*
 * The observed calls of the syscalls named in syscalls[0..n) (every one
 * when n is 0) that f selects, summed per (run, phase, executable,
 * syscall), in no particular order: what `emit` reads to find the
 * argument values of each call site.
 */
struct store_call_group {
	int64_t run, phase_id, exe_id;
	const char *exe, *syscall;
	uint64_t calls;
};
typedef int (*store_call_group_fn)(const struct store_call_group *g,
				   void *data);
int store_each_call_group(struct store *st, const struct observed_filter *f,
			  const char *const *syscalls, size_t n,
			  store_call_group_fn fn, void *data);

/*
 * Each seccomp filter a tracee installed (store_add_filter()), in the
 * order they were stored, with its row id; f->run and f->time_ns are not
 * read back.  What `lint --db` judges.
 */
struct store_filter;
typedef int (*store_filter_fn)(int64_t id, const struct store_filter *f,
			       void *data);
int store_each_filter(struct store *st, store_filter_fn fn, void *data);

/* ---------------------------------------------------------- static reach */

/*
 * What a scan found (analyzer/reach.h, `syscensus scan`), as the store
 * writes it (schema.sql, version 3): reach rows, what stayed unresolved,
 * the file (build-id, arch, linkage) and the library summaries used.
 */
struct reach_row {
	char *syscall;
	const char *arch;  /* libseccomp's name: "x86_64" or "x86" */
	const char *level; /* "direct" or "transitive" */
	char *via;
};

struct reach_unres {
	const char *kind; /* indirect-call, nonconst-syscall, dlopen,
			   * missing-lib, missing-symbol */
	char *detail;
	uint64_t count;
};

struct reach_lib {
	char *path, *soname;
	char *key;  /* the build-id, or "path:PATH" without one */
	char *json; /* its summary, copied into the store */
	const char *how; /* "needed" or "dlopen" */
	bool cached;     /* read from the cache, not analysed now */
};

struct reach_result {
	char *exe;       /* canonical path */
	char *build_id;  /* hex, NULL without one */
	const char *arch;
	bool is_static;
	struct reach_row *rows; /* sorted: syscall, level, via */
	size_t nrows, arows;
	struct reach_unres *unres;
	size_t nunres, aunres;
	struct reach_lib *libs;
	size_t nlibs, alibs;
};

/*
 * Replace the reach rows of r->exe in st with r (reach, reach_unresolved,
 * reach_exes, reach_libs, reach_exe_libs), scanner being the scanner's
 * version, in one transaction.  0, or -1 after error().
 */
int store_put_reach(struct store *st, const struct reach_result *r,
		    int scanner);
/* The executables run observed, sorted (a malloc'd vector of malloc'd
 * strings: free each and the vector).  0 or -1 after error(). */
int store_run_exes(struct store *st, int64_t run, char ***paths, size_t *n);
/* The shared-library paths ("*.so", "*.so.*") the facts of exe name, in
 * the same form as store_run_exes(). */
int store_exe_lib_paths(struct store *st, const char *exe, char ***paths,
			size_t *n);

/* ----------------------------------------------------------------- merge */

/* What merge_stores() copied (store-merge.c). */
struct merge_stats {
	uint64_t inputs;   /* stores merged */
	uint64_t runs;     /* runs copied */
	uint64_t syscalls; /* rows of the syscalls table copied */
	uint64_t rows;     /* rows of every per-run table, runs excluded */
};

/*
 * Copy every run of the stores at paths[0..n) into out (opened for
 * writing), remapping run, phase, exe and stack ids, one transaction per
 * input; the merge itself is recorded as a run of kind "merge" with
 * `command` as its provenance.  Every input is opened read-only and checked
 * (a syscensus store, not newer than us, not out itself) before anything is
 * written.  Returns 0, or -1 after an error; inputs merged before a failing
 * one stay merged, nothing of the failing one is written.
 */
int merge_stores(struct store *out, char *const paths[], size_t n,
		 const char *command, struct merge_stats *stats);

#endif
