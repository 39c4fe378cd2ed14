/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * analyzer.h - the public header of analyzer/ itself: the knowledge base
 * (kb.c), what was observed against a policy (diff.c; the totals and
 * facts of a selection: observed.c), lints of policies and units (lint.c,
 * lint-unit.c), merging stores (merge.c), static reach (reach*.c; reach.h
 * is the scanner's own header) and the path census the other two layers
 * are built from (census.c).  The sub-libraries have their own headers:
 * analyzer/import/import.h, analyzer/policy/policy.h and
 * analyzer/emit/emit.h.
 */
#ifndef SYSCENSUS_ANALYZER_H
#define SYSCENSUS_ANALYZER_H

#include "common/common.h"
#include "analyzer/policy/policy.h"

/* ------------------------------------------------------- knowledge base */

/*
 * Rules in data/ (see data/README and kb.c): a trigger, the
 * syscalls it implies, a severity, an explanation and a reference.
 */
struct kb;

/* Load every rule file in dir (NULL: $SYSCENSUS_DATADIR, else
 * PKGDATADIR).  NULL with pe filled (FILE:LINE) on a bad rule. */
struct kb *kb_load(const char *dir, struct parse_error *pe);
void kb_free(struct kb *kb);

/* What the rules look at: the observed syscalls and facts of a selection. */
struct kb_input {
	const char *const *syscalls; /* observed names, sorted, unique */
	size_t nsyscalls;
	const struct kb_fact {
		const char *kind, *value, *syscall;
	} *facts;
	size_t nfacts;
	const struct policy *policy; /* may be NULL (emit) */
	/* Architectures of the selection (appended; may be left zero):
	 * siblings no listed arch has are not flagged.  None: the policy's
	 * arches if it lists some, else every arch. */
	const uint32_t *arches;
	size_t narches;
};

struct kb_flag {
	char *syscall;   /* the syscall likely needed */
	char *severity;  /* "info", "warning", "error" */
	char *reason;    /* why, one paragraph */
	char *evidence;  /* what was observed that triggered it */
	char *reference; /* where the fact comes from */
	char *rule;      /* rule id */
	struct action advice; /* e.g. errno ENOSYS for clone3; NONE if none */
};

/* Evaluate every rule; *flags (caller frees with kb_flags_free). */
int kb_evaluate(const struct kb *kb, const struct kb_input *in,
		struct kb_flag **flags, size_t *nflags);
void kb_flags_free(struct kb_flag *flags, size_t n);

/* ------------------------------------------------------------------ diff */

/*
 * What was observed against what a policy allows (diff.c), for `diff`,
 * `check`, `emit` and `report`.  Rows are summed over the runs selected,
 * per (phase, executable, arch, syscall).
 */
struct diff_uncovered {
	char *phase, *exe, *arch, *syscall;
	uint64_t calls, errors;
	struct action action; /* what the policy does with the call */
	bool arch_denied;     /* the policy does not admit this arch at all */
	char *reason;         /* why it is uncovered, one line (owned) */
	/* A syscall the policy allows for some argument values, called with
	 * a value it denies: "arg0=AF_NETLINK" (the decisive argument, named
	 * as decisive_arg_format() names it), calls counting those calls
	 * only, errors 0 (the trace does not split them by value).  NULL for
	 * a call denied whatever its arguments.  Owned. */
	char *arg;
};

/* A row allowed for some argument values only that the trace cannot
 * judge (owned strings). */
struct diff_conditional {
	char *phase, *exe, *arch, *syscall;
	uint64_t calls;
	uint64_t known; /* calls whose decisive argument the trace shows */
	char *reason;   /* why it stays undecided, one line */
};

struct diff_result {
	struct diff_uncovered *uncovered; /* by phase, exe, arch, syscall */
	size_t nuncovered;
	char **unused;   /* allowed, never observed; sorted, unique */
	size_t nunused;
	struct kb_flag *flags; /* from the knowledge base, if it loaded */
	size_t nflags;
	char *kb_error;  /* why there are no flags; NULL if the kb loaded */
	size_t nrows;    /* (phase, exe, arch, syscall) rows compared */
	size_t ncovered; /* of those, allowed (conditional counts) */
	size_t nconditional; /* allowed for some argument values only */
	/* The distinct names of uncovered: a syscall uncovered in several
	 * phases, programs or arches is named once; sorted, unique. */
	char **uncovered_names;
	size_t nuncovered_names;
	/* The arches of arch_denied rows, by name; sorted, unique. */
	char **denied_arches;
	size_t ndenied_arches;
	/* The nconditional rows (allowed for some argument values only) the
	 * trace cannot judge, with why: by phase, exe, arch, syscall. */
	struct diff_conditional *conditional;
	/* Conditional rows judged from the decisive argument's facts (each
	 * also counted as covered, or named in uncovered). */
	size_t nargs_judged;
	/* The selected runs with no end recorded (store_unfinished_runs()):
	 * still tracing, or the tracer was killed. */
	int64_t *unfinished;
	size_t nunfinished;
	/* Static reach (reach-use.c): syscalls the program's code reaches
	 * directly that the policy denies and the trace never saw; by exe,
	 * arch, syscall.  A warning unless --strict. */
	struct diff_unexercised *unexercised;
	size_t nunexercised;
};

/*
 * Compare the observed rows selected by f with p.  Fills *out (release with
 * diff_result_release).  Returns 0, or -1 after an error (store, regex).
 */
int diff_compute(struct store *st, const struct observed_filter *f,
		 const struct policy *p, struct diff_result *out);
void diff_result_release(struct diff_result *r);

/* Per-syscall totals of a selection, over every phase, exe and arch. */
struct observed_total {
	char *syscall;
	uint64_t calls;
	uint64_t errors;
};

struct observed_summary {
	struct observed_total *names; /* sorted by name, unique */
	size_t nnames;
	uint32_t *arches; /* arches seen, most calls first */
	size_t narches;
	size_t nrows;     /* rows of `observed` read */
};

/* Fill *out (release with observed_summary_release); 0 or -1 after error. */
int observed_summarize(struct store *st, const struct observed_filter *f,
		       struct observed_summary *out);
void observed_summary_release(struct observed_summary *s);

/*
 * The `facts` rows of a selection, unique by (kind, value, syscall), for
 * kb_input.  *facts is freed with diff_facts_free.  0 or -1 after error.
 */
int diff_facts_load(struct store *st, const struct observed_filter *f,
		    struct kb_fact **facts, size_t *nfacts);
void diff_facts_free(struct kb_fact *facts, size_t n);

/* ------------------------------------------- knowledge base: more */

/* Number of rules loaded, and the directory they came from (owned by kb). */
size_t kb_rule_count(const struct kb *kb);
const char *kb_dir(const struct kb *kb);

/* ------------------------------------------------------------------ lint */

/*
 * Pitfalls in a policy (lint.c), printed by `syscensus lint`.  Each finding
 * names its check ("kill-thread", "enosys", "permissive-default",
 * "missing-essential", "dangerous", "arch", "x32", "tsync", "program"),
 * a severity, where (file and line, or a filter's label) and what to do.
 */
struct lint_finding {
	char *check;
	const char *severity; /* static: "info", "warning", "error" */
	char *syscall;        /* may be NULL */
	char *file;           /* may be NULL */
	unsigned long line;   /* 0: unknown */
	char *advice;         /* may be NULL */
	char *message;
};

struct lint_result {
	struct lint_finding *v;
	size_t n, alloc;
};

struct lint_opts {
	const char *profile; /* "production" (default) or "audit" */
};

/* Check the model of any format; appends to r.  0. */
int lint_policy(const struct policy *p, const struct lint_opts *o,
		struct lint_result *r);
/* Knowledge-base siblings of the syscalls p allows that p does not allow
 * ("sibling" findings with the rule's severity).  0 or -1 after error. */
int lint_policy_siblings(const struct policy *p, const struct kb *kb,
			 struct lint_result *r);
/* Check a raw program (arch check, x32 guard, kill-thread) with the BPF
 * emulator; `where` labels findings.  0, or -1 after error() if the
 * program is not a valid filter. */
struct sock_filter;
int lint_bpf(const struct sock_filter *insns, size_t n, const char *where,
	     struct lint_result *r);
/* The filters a traced program installed (the store's `filters` table):
 * TSYNC missing while threads ran, and lint_bpf() on each.  0 or -1. */
int lint_store_filters(struct store *st, struct lint_result *r);
/* The worst severity in r: 0 info, 1 warning, 2 error; -1 when empty. */
int lint_worst(const struct lint_result *r);
void lint_result_release(struct lint_result *r); /* frees the findings */


/* ---------------------------------------------- static reach (reach-use.c) */

/*
 * What `scan` stored about an executable's code (the store's `reach`
 * table), grouped per (exe, arch, syscall, level) with every way it gets
 * there (via: "uname@GLIBC_2.2.5", "syscall at 0x401136",
 * "libc.so.6: getaddrinfo").  Owned strings.
 */
struct reach_entry {
	char *exe, *arch, *syscall, *level;
	char **via;
	size_t nvia;
};

struct reach_set {
	struct reach_entry *v; /* by exe, arch, syscall, level */
	size_t n, alloc;
};

/* The reach of the executables the selection f observed, of level
 * ("direct", "transitive"; NULL: both).  0, or -1 after error(); release
 * out with reach_set_release() either way. */
int reach_load(struct store *st, const struct observed_filter *f,
	       const char *level, struct reach_set *out);
void reach_set_release(struct reach_set *r);
/* Append how e's syscall is reached, for emit's comments: "imported by
 * /usr/bin/app (uname@GLIBC_2.2.5)", "called by /usr/bin/app itself
 * (syscall at 0x401136)", "reachable from /usr/bin/app through library
 * internals (libc.so.6: getaddrinfo)"; at most max vias, then "and N
 * more". */
void reach_describe(struct strbuf *sb, const struct reach_entry *e,
		    size_t max);

/* A finding of check/diff: reached directly, denied, never observed. */
struct diff_unexercised {
	char *exe, *arch, *syscall, *level;
	char **via;
	size_t nvia;
	struct action action; /* what the policy does with it */
	char *reason; /* one line: "never observed, but ... imports ..." */
};

/* Fill r->unexercised from the direct reach of the selection f: each
 * (exe, arch, syscall) the exe never made in f that p denies (p NULL:
 * every one, for `report`).  Called by diff_compute(); 0, or -1 after
 * error(). */
int diff_unexercised(struct store *st, const struct observed_filter *f,
		     const struct policy *p, struct diff_result *r);
void diff_unexercised_free(struct diff_unexercised *u, size_t n);

/* ------------------------------------------------- the other two layers */

/*
 * The path census (census.c): for each executable and phase, the paths a
 * trace used and how, read from the "access", "notify" and "arg" facts
 * the tracer stores, plus the executables themselves and their ELF
 * interpreters (PT_INTERP, opened by the kernel, named by no syscall).
 */
enum census_how {
	CEN_READ = 1 << 0, CEN_WRITE = 1 << 1, CEN_CREATE = 1 << 2,
	CEN_TRUNC = 1 << 3, CEN_LISTDIR = 1 << 4, CEN_MKDIR = 1 << 5,
	CEN_UNLINK = 1 << 6, CEN_RMDIR = 1 << 7, CEN_RENAME = 1 << 8,
	CEN_MKNOD = 1 << 9, CEN_EXEC = 1 << 10, CEN_BIND = 1 << 11,
	CEN_CONNECT = 1 << 12, CEN_SEND = 1 << 13, CEN_TCP_BIND = 1 << 14,
	CEN_TCP_CONNECT = 1 << 15, CEN_INTERP = 1 << 16,
};

struct census_entry {
	char *path;      /* absolute; "@name" abstract socket; a port */
	unsigned how;    /* CEN_* */
	char *syscall;   /* the first call seen using it ("" when implied) */
	char *phase;
	char *exe;
	uint64_t count;
};

struct census {
	struct census_entry *entries; /* one per (path, how, exe, phase) */
	size_t n, alloc;
	char **exes;                  /* the executables of the selection */
	size_t nexes;
	char **families;              /* socket families seen: "AF_UNIX" */
	size_t nfamilies;
	char **syscalls;              /* the observed syscalls, sorted */
	size_t nsyscalls;
	uint64_t ready, watchdog;     /* READY=1 and WATCHDOG=1 sent */
	int64_t watchdog_max_ms;      /* the largest interval; -1: unknown */
	uint64_t threads;             /* CLONE_THREAD seen */
	uint64_t wx_maps;             /* W+X mappings seen */
	bool clone_newns;             /* clone with a CLONE_NEW* flag */
	char *notify_socket;          /* a datagram unix path written to */
};


/* Fill *c from the store (release with census_release()); 0 or -1. */
int census_load(struct store *st, const struct observed_filter *f,
		struct census *c);
void census_release(struct census *c);
bool census_has_syscall(const struct census *c, const char *name);
/* True for "/", "/etc", "/usr", "/lib", ...: never a collapsed rule. */
bool census_system_dir(const char *dir);
/* The PT_INTERP of the ELF file at path, or NULL; caller frees. */
char *census_elf_interp(const char *path);

/*
 * lint --unit (lint-unit.c): the systemd failure modes in the unit at
 * path and its drop-ins; with st (may be NULL), also against the trace
 * that f selects.  Appends to r; 0, or -1 after error().
 */
int lint_unit(const char *path, struct store *st,
	      const struct observed_filter *f, struct lint_result *r);
/* Parse an access fact value "HOW PATH" into *how and *path (pointing
 * into value); false when it is not one. */
bool census_parse_access(const char *value, unsigned *how,
			 const char **path);

#endif
