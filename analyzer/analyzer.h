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

/*
 * Per-format file importers called by import_paths() (import.c) for one
 * opened file.  `display` is the name used in FILE:LINE messages.  Each
 * reads its stream line by line with flat memory, adds to stats, stores
 * problems and kills, and returns 0 or -1 (fatal: I/O, --strict, store).
 * import-strace.c, import-audit.c and import-journal.c implement them.
 */
int import_strace_file(struct store *st, int64_t run,
		       const struct import_opts *o, FILE *f,
		       const char *display, int64_t pid_hint,
		       struct import_stats *stats);
int import_audit_file(struct store *st, int64_t run,
		      const struct import_opts *o, FILE *f,
		      const char *display, struct import_stats *stats);
int import_journal_file(struct store *st, int64_t run,
			const struct import_opts *o, FILE *f,
			const char *display, struct import_stats *stats);

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
 * One reader per format, each in analyzer/policy-<format>.c, called by
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

/* -------------------------------------------------------------- emitters */

/*
 * What `emit` writes: the syscalls to allow (observed, plus knowledge-base
 * siblings unless --no-siblings), ordered by observed frequency, most
 * frequent first, for the architectures seen.  Built by cmd-emit.c from the
 * store; written by one emitter per format (emit.c holds the table,
 * emit-<format>.c the emitters).
 */
/* Where an emitted syscall comes from, kept apart in every output. */
enum emit_source {
	EMIT_OBSERVED = 0, /* the trace saw it */
	EMIT_SIBLING,      /* the knowledge base implies it */
	EMIT_DIRECT,       /* static reach: the program imports or holds it */
	EMIT_TRANSITIVE,   /* static reach through library internals */
};

struct emit_item {
	const char *syscall;
	uint64_t calls;   /* observed calls (0 for an added sibling) */
	const char *why;  /* NULL if observed; the reason it was added */
};

struct emit_args;
struct layers_opts;

struct emit_set {
	struct emit_item *items;
	size_t nitems;
	const uint32_t *arches; /* seen in the trace; first is the main one */
	size_t narches;
	struct action unlisted; /* --action: what an unlisted syscall gets */
	const char *title;      /* provenance line for comments */
	const struct store *store; /* may be NULL */
	/* --args: the argument conditions (emit_args_apply()); NULL: none */
	const struct emit_args *args;
	/* --rollout: what the static-reach items (EMIT_DIRECT,
	 * EMIT_TRANSITIVE) get instead of allow (ACTION_LOG, or ACTION_ERRNO
	 * with its errno); ACTION_NONE: they are allowed like the rest */
	struct action rollout;
	/* where each item comes from, one per item; NULL: observed when
	 * the item has no why, else a sibling */
	const enum emit_source *sources;
	/* the Landlock and systemd layers (census.c); NULL: not asked */
	const struct layers_opts *layers;
};

/* Where item i of set comes from (set->sources, or guessed from why). */
enum emit_source emit_item_source(const struct emit_set *set, size_t i);
/* Does item i of set get set->rollout instead of allow (--rollout)? */
bool emit_item_rollout(const struct emit_set *set, size_t i);

/*
 * --args (emit-args.c): the values of a syscall's decisive argument
 * (consts.c) it was observed with, when a filter may allow it for those
 * values only: arg == value, or (arg & mask) == value when arg->mask is
 * set (clone: the namespace flags).
 */
struct emit_cond {
	const struct decisive_arg *arg; /* index, mask and constant family */
	uint64_t *values; /* distinct, ascending (masked when arg->mask) */
	uint64_t *calls;  /* observed calls per value */
	size_t nvalues;
};

/* Write set in format ("list", "systemd", "oci", ...).  0, or -1 after an
 * error (unknown format: a usage error the caller reports). */
int emit_write(FILE *f, const char *format, const struct emit_set *set);
/* NULL-terminated list of the formats emit_write() knows. */
extern const char *const emit_formats[];
/* One emitter per format, in analyzer/emit-<format>.c. */
typedef int (*emitter_fn)(FILE *f, const struct emit_set *set);
int emit_list(FILE *f, const struct emit_set *set);
int emit_systemd(FILE *f, const struct emit_set *set);
int emit_oci(FILE *f, const struct emit_set *set);
int emit_minijail(FILE *f, const struct emit_set *set);
int emit_c(FILE *f, const struct emit_set *set);
int emit_bpf(FILE *f, const struct emit_set *set);
int emit_pfc(FILE *f, const struct emit_set *set);
int emit_landlock(FILE *f, const struct emit_set *set);
int emit_landlock_json(FILE *f, const struct emit_set *set);
int emit_hardening(FILE *f, const struct emit_set *set);

/*
 * --args (emit-args.c).  emit_args_apply() reads the "arg" facts of the
 * selection f with their counts and, for each observed item of set with a
 * decisive argument, gives it a condition when (a) the facts cover every
 * observed call of the syscall in every (run, phase, exe) selected, (b)
 * every value parses and (c) there are at most max distinct values (for
 * clone: masked values); otherwise a note says why not.  *out holds them
 * for the items of set: the caller points set->args at it (the emitters
 * ask emit_item_cond()) and frees it with emit_args_free().  0, or -1
 * after error() (store, regex).
 */
int emit_args_apply(struct store *st, const struct observed_filter *f,
		    const struct emit_set *set, unsigned max,
		    struct emit_args **out);
void emit_args_free(struct emit_args *a); /* NULL is a no-op */
/* An empty emit_args for the items of set, for conditions set by hand
 * with emit_args_set() (tests, other front ends).  Free with
 * emit_args_free(); the caller keeps c and note alive as long. */
struct emit_args *emit_args_new(const struct emit_set *set);
void emit_args_set(struct emit_args *a, size_t item,
		   const struct emit_cond *c, const char *note);
/* For the emitters: was --args given for set; item i's condition (NULL:
 * unconditional); why item i stays unconditional (NULL if it has a
 * condition or no decisive argument). */
bool emit_set_has_args(const struct emit_set *set);
const struct emit_cond *emit_item_cond(const struct emit_set *set, size_t i);
const char *emit_item_args_note(const struct emit_set *set, size_t i);
/* Counts of what emit_args_apply() decided, for the summary line. */
size_t emit_args_count(const struct emit_set *set, bool conditional);
/* Append value v of c as a policy writes it: its constant name when
 * consts.c has one (clone: CLONE_A|CLONE_B, or 0), else hex. */
void emit_cond_value_name(struct strbuf *sb, const struct emit_cond *c,
			  uint64_t v);
/* For comments: "NAME: " and what item i's condition allows, or "NAME:
 * unconditional: " and why not; false (sb untouched) when --args says
 * nothing about the item. */
bool emit_item_args_line(struct strbuf *sb, const struct emit_set *set,
			 size_t i);
/* One line saying what c allows, for comments: "arg0 == AF_UNIX (3
 * calls) or AF_INET (1 call)", "(arg0 & (CLONE_NEWNS|...)) == 0 (5
 * calls)". */
void emit_cond_describe(struct strbuf *sb, const struct emit_cond *c);
/*
 * The rules that say c, one comparison each (index, op, value, value2 as
 * in the policy model: for ARG_MASKED_EQ value is the mask and value2 the
 * datum).  Decisive arguments are 32-bit to the kernel: every rule is a
 * masked comparison inside the low 32 bits, so a sign-extended int
 * matches too and no number exceeds 0xffffffff.  complement false: one
 * allow rule per value, (arg & 0xffffffff) == v.  complement true:
 * what --action errno denies with EPERM, every other value, in rules
 * disjoint from the allow rules (so no rule order or precedence matters):
 * for a whole-value argument the rest of the 32-bit space as aligned
 * blocks ((arg & 0xffffffff & ~(2^k - 1)) == start); for a mask
 * the other combinations of its flags (each flag alone when only 0 is
 * allowed).  Returns the count; *out is the caller's to free (NULL when
 * 0).
 */
size_t emit_cond_rules(const struct emit_cond *c, bool complement,
		       struct arg_cond **out);
/* Append what rule r of c (from emit_cond_rules()) matches, for
 * comments: "AF_UNIX (low 32 bits)", "0 under CLONE_NEWNS|...",
 * "0x2..0x3 (low 32 bits)". */
void emit_cond_rule_name(struct strbuf *sb, const struct emit_cond *c,
			 const struct arg_cond *r);

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

/* ------------------------------- policy-io helpers (policy-minijail.c,
 *                                   emit-seccomp.c) */

/* A libseccomp filter for set (an scmp_filter_ctx; the caller releases it
 * with seccomp_release()), or NULL after error(). */
void *emit_seccomp_ctx(const struct emit_set *set);
/* With --args: which items emit_seccomp_ctx() writes unconditional
 * although they have a condition (libseccomp refused it, or the filter it
 * built did not say it exactly in the BPF emulator; a warning says so),
 * one flag per item; the C and OCI emitters follow it so that their
 * filters load where libseccomp builds the same.  Caller frees; NULL
 * after error(). */
bool *emit_seccomp_plain(const struct emit_set *set);
/* For --action errno: the known syscalls of set's arches that are not in
 * set and no newer than the newest allowed one; they get EPERM, anything
 * newer ENOSYS.  NULL-terminated, sorted; free with emit_names_free(). */
char **emit_eperm_names(const struct emit_set *set);
void emit_names_free(char **names);

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

/*
 * Kill diagnosis shared by import-audit.c and import-journal.c: if line
 * holds an audit SECCOMP record (type=SECCOMP, type=1326, or journald's
 * "audit[PID]: SECCOMP"), store it -- a kill, or a call counted into a
 * (the caller flushes a) -- and return 1; 0 if it is not one; -1 on a
 * fatal error (store, --strict).  A malformed record is stored as a
 * problem at display:lineno and counts as handled.
 */
int import_audit_seccomp(struct store *st, int64_t run,
			 const struct import_opts *o, struct agg *a,
			 const char *line, const char *display,
			 uint64_t lineno, const char *source,
			 struct import_stats *stats);
/* Store a bad line as a problem and report it (up to o->max_reports);
 * 0, or -1 under --strict or on a store error. */
int import_kill_problem(struct store *st, int64_t run,
			const struct import_opts *o, const char *display,
			uint64_t lineno, struct import_stats *stats,
			const char *reason);
/* Append a printable copy of hostile text s to sb: control bytes as '?',
 * at most max bytes, then "..." when s is longer. */
void import_add_clean(struct strbuf *sb, const char *s, size_t max);


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

/* Options of the layer emitters (emit --format landlock, ...). */
struct layers_opts {
	struct store *st;
	const struct observed_filter *filter;
	unsigned depth;  /* a collapsed directory has >= depth components */
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
 * A Landlock ruleset (landlock.c): path-beneath rules with the access
 * rights of Landlock ABI 7 (LL_FS_*), TCP ports, scopes, each with the
 * evidence.  Built from a census, or read back from the JSON form.
 */
enum {
	LL_FS_EXECUTE = 1 << 0, LL_FS_WRITE_FILE = 1 << 1,
	LL_FS_READ_FILE = 1 << 2, LL_FS_READ_DIR = 1 << 3,
	LL_FS_REMOVE_DIR = 1 << 4, LL_FS_REMOVE_FILE = 1 << 5,
	LL_FS_MAKE_CHAR = 1 << 6, LL_FS_MAKE_DIR = 1 << 7,
	LL_FS_MAKE_REG = 1 << 8, LL_FS_MAKE_SOCK = 1 << 9,
	LL_FS_MAKE_FIFO = 1 << 10, LL_FS_MAKE_BLOCK = 1 << 11,
	LL_FS_MAKE_SYM = 1 << 12, LL_FS_REFER = 1 << 13,
	LL_FS_TRUNCATE = 1 << 14, LL_FS_IOCTL_DEV = 1 << 15,
};
/* The access rights a rule on a file (not a directory) may hold. */
#define LL_FS_FILE_RIGHTS (LL_FS_EXECUTE | LL_FS_WRITE_FILE | \
			   LL_FS_READ_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)

struct ll_rule {
	char *path;
	uint64_t access;  /* LL_FS_* */
	bool dir;         /* a collapsed directory (or a listed one) */
	char *why;        /* the evidence, one line */
};

struct ll_port {
	uint16_t port;
	bool bind;        /* else connect */
	char *why;
};

struct ll_ruleset {
	struct ll_rule *rules;
	size_t nrules, arules;
	struct ll_port *ports;
	size_t nports, aports;
	bool scope_abstract, scope_signal;
	char *abstract_why, *signal_why;
	char **notes;     /* what could not be allowed, and why */
	size_t nnotes;
};

/* Build *rs from c (release with ll_ruleset_release()); 0 or -1. */
int ll_ruleset_build(const struct census *c, unsigned depth,
		     struct ll_ruleset *rs);
void ll_ruleset_release(struct ll_ruleset *rs);
/* "READ_FILE|EXECUTE" for access; writes into sb. */
void ll_access_names(struct strbuf *sb, uint64_t access);
/* The C source exporting install_landlock_ruleset() / the JSON twin. */
int ll_write_c(FILE *f, const struct ll_ruleset *rs, const char *title);
int ll_write_json(FILE *f, const struct ll_ruleset *rs, const char *title);
/* Read the JSON form back (verify --landlock); 0, or -1 after error(). */
int ll_read_json(const char *path, struct ll_ruleset *rs);
/* Read the rules of the C form back (ll_write_c()'s own layout). */
int ll_read_c(const char *path, struct ll_ruleset *rs);

/*
 * The systemd layer (hardening.c, lint-unit.c).  hardening_derive() turns
 * a census into the directives of a hardening drop-in, each with its
 * evidence; emit_hardening() writes them (and the SystemCallFilter= of
 * emit_systemd()).  Callers free with hardening_release().
 */
struct hd_line {
	char *key, *value;  /* "ProtectSystem", "strict" */
	char *why;          /* the evidence, one line */
};
struct hardening {
	struct hd_line *lines;
	size_t n, alloc;
	char **tmpfiles;    /* tmpfiles.d lines for missing directories */
	size_t ntmpfiles;
	char **rw_paths;    /* the ReadWritePaths= directories */
	size_t nrw;
};
int hardening_derive(const struct census *c, struct hardening *h);
void hardening_release(struct hardening *h);
/* The tmpfiles.d line making dir ("d /var/lib/app 0700 - - -", %t for
 * /run/user/UID); caller frees. */
char *hardening_tmpfiles_line(const char *dir);
/* The directory a write to path is allowed through (its parent), or NULL
 * when no ReadWritePaths= should name it (/dev/null, /proc, ...; /tmp and
 * /var/tmp too when private_tmp: PrivateTmp=yes makes them writable). */
char *hardening_write_dir(const char *path, unsigned how, bool private_tmp);
/*
 * lint --unit (lint-unit.c): the systemd failure modes in the unit at
 * path and its drop-ins; with st (may be NULL), also against the trace
 * that f selects.  Appends to r; 0, or -1 after error().
 */
int lint_unit(const char *path, struct store *st,
	      const struct observed_filter *f, struct lint_result *r);
/* The rule covering path for access (itself or a directory above), or
 * NULL. */
const struct ll_rule *ll_ruleset_covers(const struct ll_ruleset *rs,
					const char *path, uint64_t access);
/* The Landlock rights a census "how" needs on the path itself. */
uint64_t ll_needed(unsigned how);
/* Parse an access fact value "HOW PATH" into *how and *path (pointing
 * into value); false when it is not one. */
bool census_parse_access(const char *value, unsigned *how,
			 const char **path);

#endif
