/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit.h - the public header of analyzer/emit/: what `emit` writes, one
 * emitter per format (emit.c holds the table, emit-<format>.c the
 * emitters, emit-seccomp.c the libseccomp filter they share), the
 * argument conditions of --args (emit-args.c) and the other two layers:
 * a Landlock ruleset (landlock.c) and a systemd hardening drop-in
 * (hardening.c), both built from the path census (analyzer.h).
 */
#ifndef SYSCENSUS_ANALYZER_EMIT_H
#define SYSCENSUS_ANALYZER_EMIT_H

#include "common/common.h"
#include "analyzer/policy/policy.h"

struct census;

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
/* One emitter per format, in analyzer/emit/emit-<format>.c. */
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

/* Options of the layer emitters (emit --format landlock, ...). */
struct layers_opts {
	struct store *st;
	const struct observed_filter *filter;
	unsigned depth;  /* a collapsed directory has >= depth components */
};

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
/* The rule covering path for access (itself or a directory above), or
 * NULL. */
const struct ll_rule *ll_ruleset_covers(const struct ll_ruleset *rs,
					const char *path, uint64_t access);
/* The Landlock rights a census "how" needs on the path itself. */
uint64_t ll_needed(unsigned how);

#endif
