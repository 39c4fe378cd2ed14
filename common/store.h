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

/* The filters tracees installed: store_each_filter() (store-inspect.h). */

/* ------------------------------------------------------------ the report */

/*
 * The report model: everything `syscensus report` shows that the store
 * holds, loaded in one go by store_report_load() and freed by
 * store_report_release().  Strings are NULL where the column is NULL;
 * integers STORE_NULL.  reports/ adds what it derives (struct
 * report_model, report_model_load()) and every format, JSON among them,
 * is rendered from these structs.
 */
struct store_report_run {
	int64_t id;
	char *kind, *source, *command;
	int64_t started_ns, ended_ns, status, lines, bad_lines;
	char *hostname, *kernel, *tool_version;
	int64_t files; /* run_files rows */
	int64_t attached, attach_failed;
	char *engine, *engine_reason, *engine_missing;
	int64_t paths_unreadable;
};

/* A seccomp kill, as imported or traced (store_add_kill()). */
struct store_report_kill {
	int64_t run, pid;
	char *exe, *arch;
	int64_t nr;
	char *syscall;
	int64_t time_ns;
	char *source, *file;
	int64_t line;
	char *detail;
	/* the latest stored stack of its syscall in its run and exe (a kill
	 * has no phase; the syscall named from nr when the log gave only
	 * that), or NULL */
	char *stack;
};

/* Per executable or per phase: distinct syscalls, calls, errors, and the
 * number of phases (of an executable) or executables (of a phase). */
struct store_report_group {
	char *name;
	int64_t syscalls, calls, errors, other;
};

struct store_report_errno {
	char *name;
	int64_t count;
};

/* A syscall summed over runs, its errnos by count, its first stack. */
struct store_report_syscall {
	char *phase, *exe, *arch, *syscall;
	int64_t calls, errors;
	struct store_report_errno *errnos;
	size_t nerrnos;
	char *stack; /* of the first call, or NULL */
};

struct store_report_problem {
	int64_t run;
	char *file;
	int64_t line;
	char *reason;
};

struct store_report {
	struct store_report_kill *kills;     /* in the order stored */
	size_t nkills;
	struct store_report_run *runs;       /* by id */
	size_t nruns;
	struct store_report_run *unfinished; /* no end: id, kind, source,
					      * started_ns only */
	size_t nunfinished;
	struct store_report_group *exes;     /* by path */
	size_t nexes;
	struct store_report_group *phases;   /* by name */
	size_t nphases;
	char **phase_order; /* the order the trace first entered them */
	size_t nphase_order;
	struct store_report_syscall *syscalls; /* phase, exe, calls desc */
	size_t nsyscalls;
	struct store_report_problem *problems; /* the first max_problems */
	size_t nproblems;
	int64_t problems_total, distinct_syscalls, calls, errors;
};

/* Load the model of st, listing at most max_problems problems (all are
 * counted); 0, or -1 after error() (m released). */
int store_report_load(struct store *st, size_t max_problems,
		      struct store_report *m);
void store_report_release(struct store_report *m);

/*
 * The facts of each (phase, exe, syscall) cell, summed over runs, by
 * count (descending) then kind and value; facts without a syscall are
 * left out.  For the HTML report's cells.
 */
struct store_fact_sum {
	const char *phase, *exe, *syscall, *kind, *value;
	int64_t count;
};
typedef int (*store_fact_sum_fn)(const struct store_fact_sum *f, void *data);
int store_each_fact_sum(struct store *st, store_fact_sum_fn fn, void *data);

/*
 * Static reach no trace exercised (no observed row of the same exe and
 * syscall), per (exe, arch, syscall, level) with every via joined by
 * "; ", by exe, level, syscall, at most limit rows.
 */
int store_each_unexercised_reach(struct store *st, size_t limit,
				 store_reach_fn fn, void *data);

/* What `report --compare` compares: sets of names a store holds. */
enum store_name_set {
	STORE_SYSCALL_NAMES,  /* distinct syscalls observed */
	STORE_EXE_NAMES,      /* executables with an observed row */
	STORE_PHASE_NAMES,    /* phases with an observed row */
	STORE_EXE_SYSCALLS,   /* "exe\x1fsyscall" of every observed row */
};
/* The set, strcmp-sorted, as a malloc'd vector of malloc'd strings (free
 * each and the vector); NULL values read as "".  0 or -1 after error(). */
int store_name_set(struct store *st, enum store_name_set which, char ***v,
		   size_t *n);
/* The phases (and arch) exe's syscall was observed in, by first call. */
typedef int (*store_where_fn)(const char *phase, const char *arch,
			      void *data);
int store_each_syscall_phase(struct store *st, const char *exe,
			     const char *syscall, store_where_fn fn,
			     void *data);

/*
 * The stack of the first call of a (phase, exe, arch, syscall) row over
 * every run (`record --stacks`): store_stacks_get() returns it (caller
 * frees) or NULL.  store_stacks_new(NULL) is NULL, which the others
 * accept.
 */
struct store_stacks;
struct store_stacks *store_stacks_new(struct store *st);
char *store_stacks_get(struct store_stacks *ss, const char *phase,
		       const char *exe, const char *arch, const char *syscall);
void store_stacks_free(struct store_stacks *ss);

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
