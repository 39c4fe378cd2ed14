/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy.h - the public header of analyzer/policy/: the policy model every
 * reader fills (policy.c), one reader per format (policy-<format>.c), the
 * constant expressions policies write (const-eval.c), what a policy does
 * with one call (policy_eval()) and the seccomp BPF emulator (bpf.c).
 */
#ifndef SYSCENSUS_ANALYZER_POLICY_H
#define SYSCENSUS_ANALYZER_POLICY_H

#include "common/common.h"

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

struct sock_filter;
struct policy {
	char *source;  /* the file it was read from */
	const char *format; /* "list", "systemd", "oci", ... (static) */
	struct action default_action;
	uint32_t *arches; /* architectures it admits; none: native only */
	size_t narches;
	struct policy_rule *rules;
	size_t nrules, alloc;
	/* bpf: the program itself, validated (owned), for exact answers
	 * the decoded rules can only sample; NULL for other formats */
	struct sock_filter *prog;
	size_t prog_len; /* instructions */
	/* systemd: the drop-ins read after the unit, in order (owned);
	 * NULL-terminated, NULL when none were looked for */
	char **dropins;
	size_t ndropins;
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
 * "c", "bpf", "pfc".  Returns 0 and *out (caller frees with policy_free), or -1
 * with pe filled as FILE:LINE:COL.
 */
int policy_read(const char *path, const char *format, struct policy **out,
		struct parse_error *pe);
/* Is conditional rule r ignored?  In OCI and C policies, as libseccomp
 * builds them, an unconditional rule for the same syscall and arch
 * decides it whatever the arguments (libseccomp's db.c drops the
 * conditional chains). */
bool policy_rule_superseded(const struct policy *p,
			    const struct policy_rule *r);
/* Does p admit calls of arch at all (its arch list; none: native only)?
 * The kernel kills calls of an arch a filter does not admit. */
bool policy_admits_arch(const struct policy *p, uint32_t arch);
const char *action_name(const struct action *a, char buf[32]);
/* Does a let the call run (allow, log)? */
bool action_allows(const struct action *a);
/* libseccomp's name of a comparison ("SCMP_CMP_MASKED_EQ"), and back
 * from a name of len bytes (0, or -1 if it is none). */
const char *arg_op_scmp_name(enum arg_op op);
int arg_op_from_scmp_name(const char *name, size_t len, enum arg_op *op);

/*
 * One reader per format, each in analyzer/policy/policy-<format>.c, called by
 * policy_read() with the whole file in memory (text is NUL-terminated;
 * len counts binary input).  Each fills p and returns 0, or -1 with pe set.
 */
typedef int (*policy_reader_fn)(const char *path, const char *text,
				size_t len, struct policy *p,
				struct parse_error *pe);
/* The reader of format ("list", ..., "bpf"), or NULL if none. */
policy_reader_fn policy_reader(const char *format);
int policy_read_list(const char *path, const char *text, size_t len,
		     struct policy *p, struct parse_error *pe);
int policy_read_systemd(const char *path, const char *text, size_t len,
			struct policy *p, struct parse_error *pe);
int policy_read_oci(const char *path, const char *text, size_t len,
		    struct policy *p, struct parse_error *pe);
int policy_read_minijail(const char *path, const char *text, size_t len,
			 struct policy *p, struct parse_error *pe);
int policy_read_c(const char *path, const char *text, size_t len,
		  struct policy *p, struct parse_error *pe);
int policy_read_bpf(const char *path, const char *text, size_t len,
		    struct policy *p, struct parse_error *pe);
/* libseccomp's Pseudo Filter Code (seccomp_export_pfc(), emit --format
 * pfc): policy-pfc.c */
int policy_read_pfc(const char *path, const char *text, size_t len,
		    struct policy *p, struct parse_error *pe);
/* NULL-terminated list of the formats policy_read() knows. */
extern const char *const policy_formats[];

/*
 * Drop-ins (policy.c, policy-systemd.c).  policy_read() reads a systemd
 * unit's drop-ins as systemd does for a unit given by path: the *.conf
 * files of "<path>.d/" in lexical order, after the unit, as one sequence
 * of assignments (p->dropins lists them).  policy_read_flags() with
 * POLICY_READ_NO_DROP_INS reads only the file given.
 */
#define POLICY_READ_NO_DROP_INS 0x1u
int policy_read_flags(const char *path, const char *format, unsigned flags,
		      struct policy **out, struct parse_error *pe);
/* policy_read_systemd() plus the drop-ins next to path. */
int policy_read_systemd_dropins(const char *path, const char *text,
				size_t len, struct policy *p,
				struct parse_error *pe);
/* The drop-ins of unit: "<unit>.d/" *.conf paths, lexically ordered,
 * NULL-terminated (empty when there is no such directory); free with
 * policy_dropins_free().  NULL with pe set if the directory is
 * unreadable. */
char **policy_systemd_dropins(const char *unit, struct parse_error *pe);
void policy_dropins_free(char **v); /* NULL is a no-op */
/*
 * systemd's syscall groups (policy-systemd.c), as its reader parses
 * `systemd-analyze syscall-filter` text.  policy_systemd_groups_snapshot()
 * reads only the bundled snapshot (systemd-groups.txt in
 * $SYSCENSUS_DATADIR, PKGDATADIR or SRCDATADIR), for emit: a new set the
 * caller frees with policy_systemd_groups_free(), with no group when
 * there is no readable snapshot.  policy_systemd_group_find(): the group
 * named name (with its '@'), or NULL.
 */
struct sd_group {
	char *name; /* with the '@' */
	char **members; /* names and @nested */
	size_t nmembers, alloc;
};
struct sd_groups {
	struct sd_group *g;
	size_t n, alloc;
	char *origin; /* "systemd-analyze" or the snapshot's path */
};
struct sd_groups *policy_systemd_groups_snapshot(void);
void policy_systemd_groups_free(struct sd_groups *gs); /* NULL: no-op */
const struct sd_group *policy_systemd_group_find(const struct sd_groups *gs,
						 const char *name);

/*
 * What p does with one call whose arguments are partly known (policy.c):
 * args[i] counts only if bit i of known is set.  As the kernel runs a
 * libseccomp filter: a call of an arch p does not admit is denied (arch 0
 * skips that check); in OCI and C policies an unconditional rule decides
 * its syscall outright (policy_rule_superseded()); a conditional rule
 * matches when all its conditions hold; matching rules with different
 * actions: see policy.c (libseccomp's tree order decides, so we do not
 * guess); with none, the name's last
 * unconditional rule, else the default action (policy_lookup()'s model).
 * UNKNOWN when the answer depends on an argument not known.  act (may be
 * NULL) gets the action taken (UNKNOWN: the one if no unknown condition
 * held).  verify and diff both judge calls with it.
 */
enum policy_eval_result {
	POLICY_EVAL_DENIED,
	POLICY_EVAL_ALLOWED,
	POLICY_EVAL_UNKNOWN,
};
/* policy_eval()'s act (kind ACTION_NONE) when libseccomp's internal rule
 * order picks among matching rules with different actions (policy.c):
 * every one denies, or some allow and some deny (result UNKNOWN). */
#define ACTION_DATA_ORDER_DENY (-1)
#define ACTION_DATA_ORDER (-2)
enum policy_eval_result policy_eval(const struct policy *p, uint32_t arch,
				    const char *syscall,
				    const uint64_t args[6], unsigned known,
				    struct action *act);
/* Does c hold for the argument value arg? */
bool policy_cond_holds(const struct arg_cond *c, uint64_t arg);

/* -------------------------------------------- BPF emulator (bpf.c) */

/*
 * A seccomp classic-BPF emulator: raw filters (bubblewrap's --seccomp
 * blobs), a live process's filters (inspect) and filters the tracer
 * captured are all decoded by running them.
 */
struct sock_filter;
struct seccomp_data;
struct bpf_prog {
	const struct sock_filter *insns;
	size_t len; /* instructions */
};
/* 0 if the kernel would accept prog as a seccomp filter; else -1 and err
 * says which instruction is wrong and why. */
int bpf_validate(const struct sock_filter *prog, size_t n, char *err,
		 size_t errlen);
/* Run a validated program; the SECCOMP_RET_* value.  read_words (may be
 * NULL) gets a bit per 32-bit word of seccomp_data the run loaded. */
uint32_t bpf_run(const struct sock_filter *prog, size_t n,
		 const struct seccomp_data *d, uint32_t *read_words);
/* Run a stack of filters as the kernel does: the strictest result. */
uint32_t bpf_run_stack(const struct bpf_prog *progs, size_t nprogs,
		       const struct seccomp_data *d, uint32_t *read_words);
void action_from_seccomp(uint32_t ret, struct action *a);
/* Decode programs (validated first) into p: admitted arches, default
 * action and one rule per syscall whose result differs from the default;
 * argument-dependent results become conditional rules.  0, or -1 with err. */
int bpf_decode(const struct bpf_prog *progs, size_t nprogs, struct policy *p,
	       char *err, size_t errlen);

/* ------------------------------------------ constant expressions (const-eval.c) */

/*
 * The value of a constant expression as policies write one: numbers (with
 * C suffixes), names like AF_UNIX, F_GETFL, TCGETS, PR_SET_NAME,
 * CLONE_THREAD or SIGCHLD (common/consts.c names them), `|`, `&`, `~`,
 * `<<` and parentheses.  0, or -1 if expr is not one.
 */
int const_eval(const char *expr, size_t len, uint64_t *v);
/* Read a decisive-argument fact value "N=TEXT" back: the tracer's text or
 * strace's (names, numbers, ambiguous ioctls as "A or B", a number
 * followed by a C comment naming it).  0, or -1 if TEXT holds no known
 * value. */
int decisive_arg_parse(const char *fact, unsigned *index, uint64_t *v);

#endif
