/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * analyzer.h - the one public header of analyzer/: importers of saved logs,
 * the policy model and its readers, diff, the knowledge base, emitters and
 * the BPF emulator.  Sections below belong to one area each.
 */
#ifndef SYSCENSUS_ANALYZER_H
#define SYSCENSUS_ANALYZER_H

#include "common/common.h"

/* ------------------------------------------------------------ importers */

struct import_opts {
	const char *format; /* "auto", "strace", "audit", "journal" */
	const char *phase;  /* label for everything imported; "default" */
	bool strict;        /* the first bad line is fatal */
	unsigned max_reports; /* bad lines printed to stderr (all are stored) */
};

struct import_stats {
	uint64_t files;
	uint64_t lines;
	uint64_t bad_lines;
	uint64_t calls;
	uint64_t kills;
};

/*
 * Import files and directories (a directory: every regular file in it,
 * e.g. strace -ff output) into run.  Returns 0, or -1 after an error
 * (unreadable input, --strict and a bad line, a store failure).  Bad lines
 * are counted in stats, stored as problems and reported as FILE:LINE.
 */
int import_paths(struct store *st, int64_t run, const struct import_opts *o,
		 char *const paths[], size_t npaths, struct import_stats *stats);

/* --------------------------------------------------------- policy model */

/*
 * Every reader turns a policy into this model: per syscall (and optionally
 * per arch), an action and argument conditions; plus the default action.
 */
enum action_kind {
	ACTION_NONE = 0, /* unset */
	ACTION_ALLOW,
	ACTION_ERRNO,        /* data: the errno */
	ACTION_KILL_PROCESS,
	ACTION_KILL_THREAD,
	ACTION_TRAP,         /* data: SECCOMP_RET_DATA */
	ACTION_LOG,
	ACTION_TRACE,        /* data: SECCOMP_RET_DATA */
	ACTION_NOTIFY,
};

struct action {
	enum action_kind kind;
	int data;
};

enum arg_op {
	ARG_EQ, ARG_NE, ARG_LT, ARG_LE, ARG_GT, ARG_GE,
	ARG_MASKED_EQ, /* (arg & value) == value2 */
};

struct arg_cond {
	unsigned index; /* 0..5 */
	enum arg_op op;
	uint64_t value;
	uint64_t value2;
};

struct policy_rule {
	char *syscall;        /* libseccomp name */
	uint32_t arch;        /* 0: every arch of the policy */
	struct action action;
	struct arg_cond *conds; /* all must hold; none: unconditional */
	size_t nconds;
	char *file;           /* where it was read (may be NULL) */
	unsigned long line, col;
};

struct policy {
	char *source;  /* the file it was read from */
	const char *format; /* "list", "systemd", "oci", ... (static) */
	struct action default_action;
	uint32_t *arches; /* architectures it admits; none: native only */
	size_t narches;
	struct policy_rule *rules;
	size_t nrules, alloc;
};

enum policy_verdict {
	VERDICT_DENIED,      /* the default action or an explicit non-allow */
	VERDICT_ALLOWED,     /* allowed whatever the arguments */
	VERDICT_CONDITIONAL, /* allowed for some argument values only */
};

struct policy *policy_new(const char *source, const char *format);
void policy_free(struct policy *p); /* NULL is a no-op */
/* Append a rule; the returned rule is owned by p. */
struct policy_rule *policy_add_rule(struct policy *p, const char *syscall,
				    uint32_t arch, struct action act);
void policy_rule_add_cond(struct policy_rule *r, const struct arg_cond *c);
/* What p does with syscall on arch (any args); act gets the action. */
enum policy_verdict policy_lookup(const struct policy *p, uint32_t arch,
				  const char *syscall, struct action *act);
/*
 * Read a policy. format: "auto", "list", "systemd", "oci", "minijail",
 * "c", "bpf".  Returns 0 and *out (caller frees with policy_free), or -1
 * with pe filled as FILE:LINE:COL.
 */
int policy_read(const char *path, const char *format, struct policy **out,
		struct parse_error *pe);
const char *action_name(const struct action *a, char buf[32]);

#endif
