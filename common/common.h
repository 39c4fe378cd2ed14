/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * common.h - the one public header of common/: what every other part of
 * syscensus (cli, tracer, analyzer, reports) builds on.
 *
 *  - error reporting in git's idiom (error() prints and returns -1),
 *  - allocation that never returns NULL (x* functions, the only ones that
 *    exit besides cli/),
 *  - a growable string buffer (git's strbuf),
 *  - parse errors reported as FILE:LINE:COL,
 *  - architectures and syscall names, always from libseccomp,
 *  - an in-memory aggregator of syscall counts shared by the tracer and the
 *    importers (no string formatting on the hot path),
 *  - the SQLite store with its public `observed` view.
 */
#ifndef SYSCENSUS_COMMON_H
#define SYSCENSUS_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ATTR_NORETURN __attribute__((noreturn))
#define ATTR_UNUSED __attribute__((unused))
#else
#define ATTR_PRINTF(f, a)
#define ATTR_NORETURN
#define ATTR_UNUSED
#endif

/* ---------------------------------------------------------------- errors */

/*
 * Messages go to stderr as "syscensus: error: ..." (lower case, no full stop,
 * the subject quoted).  error() returns -1 so code reads
 * `return error("cannot open '%s'", path);`.
 */
int error(const char *fmt, ...) ATTR_PRINTF(1, 2);
int error_errno(const char *fmt, ...) ATTR_PRINTF(1, 2); /* appends strerror */
void warning(const char *fmt, ...) ATTR_PRINTF(1, 2);
void note(const char *fmt, ...) ATTR_PRINTF(1, 2); /* "syscensus: ..." */
/* Fatal: prints and exits 2.  cli/ and x* only. */
void die(const char *fmt, ...) ATTR_PRINTF(1, 2) ATTR_NORETURN;
/* Silence warning()/note() (errors still print); set by --quiet. */
extern int log_quiet;

/* Exit statuses, part of the public contract (DESIGN.md). */
enum {
	EXIT_OK = 0,
	EXIT_FINDINGS = 1,
	EXIT_USAGE = 2,
	EXIT_SYSTEM = 3,
};

/* ----------------------------------------------------------- allocation */

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *p (of *alloc elements of size sz) to hold at least want elements. */
void *xgrow(void *p, size_t sz, size_t want, size_t *alloc);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) ATTR_PRINTF(1, 2);
/* Take ownership: returns *pp and sets it to NULL (bubblewrap). */
static inline void *steal_pointer(void *pp)
{
	void **p = pp, *r = *p;
	*p = NULL;
	return r;
}

/* --------------------------------------------------------------- strbuf */

/* A NUL-terminated growable buffer; buf is never NULL after init. */
struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }
extern char strbuf_slopbuf[];

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);   /* frees, back to STRBUF_INIT */
char *strbuf_detach(struct strbuf *sb, size_t *len); /* caller frees */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) ATTR_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_rtrim(struct strbuf *sb);
/* Read a whole regular file (input_open()) of at most limit bytes (0: no
 * limit); returns 0 or a negative errno (input_strerror() says it). */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t limit);

/* ------------------------------------------------------------ inputs */

/*
 * Open path to read it, never blocking (input.c): O_NONBLOCK while it is
 * opened and fstat()ed (a FIFO without a writer), cleared afterwards.
 * Only a regular file is accepted, or with INPUT_STREAM also a FIFO, pipe
 * or socket (never a device such as /dev/zero, nor a directory).  Returns
 * the fd (caller closes) with *st filled (st may be NULL), or a negative
 * errno: -INPUT_ENOTREG, -INPUT_EDEVICE for a type refused.
 */
#define INPUT_STREAM 0x1u
#define INPUT_ENOTREG 0x10001
#define INPUT_EDEVICE 0x10002
struct stat;
int input_open(const char *path, unsigned flags, struct stat *st);
/* strerror() that also knows input_open()'s codes and EFBIG ("too
 * large"); err negative or positive. */
const char *input_strerror(int err);
/* Is f a stream (a pipe, a FIFO, a terminal, a cookie stream), not a
 * regular file? */
bool input_is_stream(FILE *f);

/* ---------------------------------------------------------- parse errors */

/*
 * Every reader of user input fills one of these so the CLI prints
 * "FILE:LINE:COL: message".  line and col are 1-based; 0 means unknown.
 */
struct parse_error {
	char file[512];
	unsigned long line;
	unsigned long col;
	char msg[512];
};
void parse_error_set(struct parse_error *pe, const char *file,
		     unsigned long line, unsigned long col, const char *fmt, ...)
	ATTR_PRINTF(5, 6);
/* Print as "syscensus: error: FILE:LINE:COL: msg"; returns -1. */
int parse_error_report(const struct parse_error *pe);

/* ------------------------------------------------- arches and syscalls */

/*
 * Architectures are libseccomp's tokens (SCMP_ARCH_*, which equal the
 * kernel's AUDIT_ARCH_* values) and libseccomp's names ("x86_64", "x86",
 * "x32", "aarch64", ...).  Syscall names and numbers always come from
 * libseccomp.
 */
uint32_t arch_native(void);
/* libseccomp name of a token, e.g. "x86_64"; NULL if unknown. Static. */
const char *arch_name(uint32_t token);
/* Token from a libseccomp name, also accepting "i386", "amd64",
 * "SCMP_ARCH_X86_64", "AUDIT_ARCH_X86_64" and hex "c000003e"; 0 if unknown. */
uint32_t arch_from_name(const char *name);
/* Every arch libseccomp knows, for iteration; returns the count. */
size_t arch_all(const uint32_t **tokens);
/*
 * Syscall number for a name on arch, or -1 if libseccomp does not know it
 * there.  Accepts strace's "syscall_0x1c4" form.  Names libseccomp resolves
 * to a negative pseudo-number (a syscall that does not exist on this arch)
 * also give -1.
 */
int syscall_resolve_name(uint32_t arch, const char *name);
/*
 * Name for a number on arch, written into buf (at least SYSCALL_NAME_MAX):
 * libseccomp's name, else "syscall_0x<hex>" (strace's form).  Returns buf.
 * Cached per arch: cheap after the first call.
 */
#define SYSCALL_NAME_MAX 64
const char *syscall_name(uint32_t arch, int nr, char *buf);
/* True if any arch libseccomp knows has this syscall name. */
bool syscall_name_known(const char *name);
/*
 * True if name has the shape of a syscall name: 1..SYSCALL_NAME_MAX-1
 * bytes of [A-Za-z0-9_] (libseccomp's names, "syscall_0x1c4").  The store
 * refuses anything else, so no name can carry a newline, a quote or a
 * comment terminator into a policy.
 */
bool syscall_name_ok(const char *name);

/*
 * Append s with its control characters (below 0x20, and 0x7f) written as
 * strace writes them: \n, \t, \r, else \xNN.  Other bytes are kept.
 * For traced strings the store keeps (paths, executables) and messages.
 */
void strbuf_add_escaped_ctl(struct strbuf *sb, const char *s);
/* True if s holds a control character strbuf_add_escaped_ctl() escapes. */
bool str_has_ctl(const char *s);

/* errno names: "EPERM" <-> 1.  Unknown numbers print as "E<n>". */
#define ERRNO_NAME_MAX 32
const char *errno_name(int err, char buf[ERRNO_NAME_MAX]);
int errno_from_name(const char *name); /* -1 if unknown */

/* Monotonic and wall-clock times in ns. */
int64_t time_now_ns(void);
int64_t time_mono_ns(void);

/* ------------------------------------------------ argument constants */

/*
 * consts.c.  const_value(): the value of the named constant w (n bytes:
 * AF_UNIX, F_GETFL, TCGETS, PR_SET_NAME, CLONE_THREAD, SIGCHLD, ...), true
 * if it has one.  The expressions policies write with them are evaluated
 * by const_eval() (analyzer/policy/const-eval.c).
 */
bool const_value(const char *w, size_t n, uint64_t *v);

/*
 * Decisive arguments: the argument that says what a call does (socket's
 * domain, fcntl's, ioctl's and prctl's command, clone's flags).  Traces
 * store each value seen as a fact of kind "arg", "N=TEXT" (N the argument
 * index); a filter can allow the call for those values only: (arg & mask)
 * == (value & mask), or arg == value when mask is 0.
 */
struct decisive_arg {
	const char *syscall;
	unsigned index;
	uint64_t mask;      /* clone: the namespace flags; 0: whole value */
	const char *family; /* "AF_", "F_", "PR_", "CLONE_" or "ioctl" */
};
/* The decisive argument of syscall, or NULL if it has none. */
const struct decisive_arg *decisive_arg_find(const char *syscall);
/* Append "N=TEXT" for value v: a name (clone: CLONE_A|CLONE_B|SIGCHLD, as
 * strace prints it), else hex. */
void decisive_arg_format(struct strbuf *sb, const struct decisive_arg *d,
			 uint64_t v);
/* decisive_arg_parse(), reading a fact value back, is in
 * analyzer/policy/policy.h. */

/* ----------------------------------------------------------- aggregator */

/*
 * In-memory counts per (phase, exe, arch, nr): what the tracer and the
 * importers fill on their hot path and flush to the store in one
 * transaction.  Memory grows with the variety of behaviour, not its volume.
 * phase and exe are ids from store_intern_*().
 */
struct agg_key {
	int64_t phase;
	int64_t exe;
	uint32_t arch;
	int32_t nr;
};

struct agg_errno {
	int err; /* positive errno (ERESTART* kept as 512..) */
	uint64_t count;
};

struct agg_entry {
	struct agg_key key;
	uint64_t calls;
	uint64_t errors;
	int64_t first_ns;
	int64_t last_ns;
	int32_t first_tid;
	int64_t first_stack; /* store stack id, 0 if none */
	size_t nerrnos;
	struct agg_errno *errnos;
	bool dirty;
	bool used;
};

struct agg {
	struct agg_entry *slots;
	size_t cap;   /* power of two */
	size_t count; /* used slots */
	size_t ndirty;
};

void agg_init(struct agg *a);
void agg_release(struct agg *a);
/* Find or create the entry for key; returns it (never NULL). new_out says
 * whether it was just created (a first sighting: time for a stack). */
struct agg_entry *agg_get(struct agg *a, const struct agg_key *key,
			  bool *new_out);
/* Count one call. err > 0 counts an error with that errno. */
void agg_count(struct agg *a, const struct agg_key *key, int32_t tid,
	       int64_t t_ns, int err);
/* The same for an entry agg_get() returned (valid until the next
 * agg_get() grows the table: a caller may keep it while a->slots is
 * unchanged). */
void agg_count_entry(struct agg *a, struct agg_entry *e, int32_t tid,
		     int64_t t_ns, int err);
/* Add n calls / errors at once (summary imports, merges). */
void agg_add(struct agg_entry *e, uint64_t calls, uint64_t errors);
/* Mark an entry written by agg_add*() so the next flush writes it. */
void agg_mark_dirty(struct agg *a, struct agg_entry *e);
/* After the dirty entries are safely written: zero their counts and
 * clear their marks (store_flush_agg() does it itself). */
void agg_clear_dirty(struct agg *a);
void agg_add_errno(struct agg_entry *e, int err, uint64_t count);
/* Iterate: for (i = 0; i < a->cap; i++) if (a->slots[i].used) ... */

/* ----------------------------------------------------------------- store */

/*
 * The SQLite store (see man/syscensus-store.5 and common/schema.sql).
 * One file, WAL mode, busy timeout, schema version in user_version with
 * migrations applied on open.  Created 0600.
 */
struct store;

enum store_flags {
	STORE_CREATE = 1 << 0,   /* create the file if missing */
	STORE_READONLY = 1 << 1, /* open read-only (analysis commands) */
};

/*
 * How long a writer waits for another one's lock before failing: 10 s, or
 * $SYSCENSUS_BUSY_TIMEOUT milliseconds.
 */
#define STORE_BUSY_TIMEOUT_MS 10000
int store_busy_timeout_ms(void);
/* Default path: $SYSCENSUS_DB, else "./syscensus.db". Static string. */
const char *store_default_path(void);
/* Open (and migrate) a store; NULL after printing an error. */
struct store *store_open(const char *path, unsigned flags);
void store_close(struct store *st); /* NULL is a no-op */
const char *store_path(const struct store *st);
int store_schema_version(void);

int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);

/* A run: one import, one record, one attach, one merge. */
struct store_run {
	const char *kind;    /* "import", "record", "attach", "merge" */
	const char *source;  /* the file/dir imported, or the traced command */
	const char *command; /* the syscensus command line, for provenance */
};
/* Create a run; returns its id (> 0) or -1 after an error. */
int64_t store_run_begin(struct store *st, const struct store_run *run);
/* Record how a run ended: exit status, lines read and lines rejected. */
int store_run_end(struct store *st, int64_t run, int status, uint64_t lines,
		  uint64_t bad_lines);
/* The engine of a trace run ("ptrace", "bpf"), why it was chosen and the
 * facts it cannot give (reason and missing may be NULL). */
int store_run_set_engine(struct store *st, int64_t run, const char *engine,
			 const char *reason, const char *missing);
/* Paths the bpf engine could not read at a call's entry. */
int store_run_set_unreadable(struct store *st, int64_t run, uint64_t paths);
/*
 * The runs f selects (all without run_ids) that have no end recorded: a
 * trace still running, or one whose tracer was killed (its counts stop at
 * its last flush; nothing at all when killed before the first).  *ids is
 * malloc'd (caller frees), sorted.  0, or -1 after error().
 */
struct observed_filter;
int store_unfinished_runs(struct store *st, const struct observed_filter *f,
			  int64_t **ids, size_t *n);
/* The same for the selected runs the bpf engine recorded (no path census:
 * TRACER_BPF_MISSING). */
int store_bpf_runs(struct store *st, const struct observed_filter *f,
		   int64_t **ids, size_t *n);
/*
 * Why a selection holds no observed row, for the error that says so:
 * appends to sb the phases f names that the store does not hold, the
 * phases and executables it does hold, and when it holds no syscall at
 * all.  0, or -1 after error().
 */
int store_explain_empty(struct store *st, const struct observed_filter *f,
			struct strbuf *sb);
/* attach: how many processes were seized and how many could not be. */
int store_run_set_attach(struct store *st, int64_t run, size_t attached,
			 size_t failed);
/* One source file of a run (an import of a directory has many). */
int store_run_add_file(struct store *st, int64_t run, const char *path,
		       int64_t pid_hint, uint64_t lines, uint64_t bad_lines);

/* Intern names: ids are stable for the life of the file. -1 on error. */
int64_t store_intern_phase(struct store *st, const char *name);
int64_t store_intern_exe(struct store *st, const char *path);
/* Another name of executable exe (exe_names): the path it was executed
 * by, or its real binary.  Adding a known name is a no-op.  0 or -1. */
int store_add_exe_name(struct store *st, int64_t exe, const char *name);
/* Intern a call stack (frames joined by '\n'); returns its id or -1. */
int64_t store_intern_stack(struct store *st, const char *frames);

/*
 * Write every dirty entry of agg under run, adding to what the store holds,
 * in the caller's transaction (or its own when none is open).  Clears the
 * dirty marks and the counts it wrote, so flushing repeatedly is correct.
 */
int store_flush_agg(struct store *st, int64_t run, struct agg *a);
/*
 * The same without clearing anything: for a caller whose own transaction
 * holds more (the tracer's facts), which calls agg_clear_dirty() once that
 * transaction has committed, so a failed commit loses nothing.
 */
int store_write_agg(struct store *st, int64_t run, struct agg *a);

/*
 * A fact seen with the syscalls (see schema.sql: kind is "path", "flag",
 * "signal", "handler" or "arg").  Upserts, adding count.  Callers on a hot
 * path aggregate first and call this at flush time.
 */
int store_add_fact(struct store *st, int64_t run, int64_t phase, int64_t exe,
		   const char *kind, const char *value, const char *syscall,
		   uint64_t count);

/* A line of input that could not be used: FILE:LINE and why. */
int store_add_problem(struct store *st, int64_t run, const char *file,
		      uint64_t line, const char *reason);

/* A process killed by seccomp (or that died of SIGSYS). */
struct store_kill {
	int64_t run;
	int64_t pid;
	const char *exe;     /* may be NULL */
	uint32_t arch;       /* 0 if unknown */
	int nr;              /* -1 if unknown */
	const char *syscall; /* name, may be NULL when nr is known */
	int64_t time_ns;     /* 0 if unknown */
	const char *source;  /* "strace", "audit", "journal", "tracer" */
	const char *file;    /* where it was read, may be NULL */
	uint64_t line;
	const char *detail;  /* the evidence, as read */
};
int store_add_kill(struct store *st, const struct store_kill *k);

/* A seccomp filter a tracee installed (seccomp() or prctl()). */
struct store_filter {
	int64_t run;
	int64_t pid;
	int64_t tid;
	const char *exe;
	int64_t time_ns;
	const char *how;     /* "seccomp" or "prctl" */
	uint64_t flags;      /* SECCOMP_FILTER_FLAG_* */
	int threads;         /* threads in the process when it was installed */
	const void *prog;    /* struct sock_filter[] */
	size_t prog_len;     /* in bytes */
};
int store_add_filter(struct store *st, const struct store_filter *f);

/* ------------------------------------------------------ observed queries */

/*
 * Selection of observed rows used by diff/check/emit/report.  NULL or empty
 * members select everything.  Runs are all runs unless run_ids is given.
 */
struct observed_filter {
	const char **phases; /* NULL-terminated list, or NULL for all */
	const char *exe_regex; /* PCRE2 on the executable path, or NULL */
	const int64_t *run_ids; size_t nrun_ids;
};

struct observed_row {
	int64_t run_id;
	const char *phase;
	const char *exe;
	const char *arch;
	const char *syscall;
	int nr;
	uint64_t calls;
	uint64_t errors;
};

/*
 * Call fn for each row of `observed` matching f, ordered by phase, exe,
 * arch, syscall.  Strings are valid only during the callback.  fn returning
 * non-zero stops the walk and is returned.
 */
typedef int (*observed_fn)(const struct observed_row *row, void *data);
int store_each_observed(struct store *st, const struct observed_filter *f,
			observed_fn fn, void *data);

/*
 * Call fn for each row of `facts` (schema.sql) of kind (NULL: every kind)
 * that f selects (runs, phases, executables), in no particular order.
 * Strings are valid only during the callback; syscall is "" when none.
 * fn returning non-zero stops the walk and is returned; -1 after error.
 */
struct fact_row {
	int64_t run_id, phase_id, exe_id;
	const char *phase, *exe, *kind, *value, *syscall;
	uint64_t count;
};
typedef int (*fact_fn)(const struct fact_row *row, void *data);
int store_each_fact(struct store *st, const struct observed_filter *f,
		    const char *kind, fact_fn fn, void *data);

/*
 * Call fn for each row of `reach` (schema.sql, version 3: what `scan` found
 * an executable's code can reach) of level ("direct", "transitive"; NULL:
 * both) for the executables f selects: those matching f->exe_regex that
 * the selection observed (a syscall row in its runs and phases).  Ordered
 * by exe, arch, syscall, level, via.  Strings are valid only during the
 * callback.  fn returning non-zero stops the walk and is returned; -1
 * after error().
 */
struct store_reach_row {
	const char *exe, *arch, *syscall, *level, *via;
};
typedef int (*store_reach_fn)(const struct store_reach_row *row, void *data);
int store_each_reach(struct store *st, const struct observed_filter *f,
		     const char *level, store_reach_fn fn, void *data);

/*
 * The executable part of a selection (--exe REGEX), the one matcher every
 * command uses: the executables of st any of whose names matches (PCRE2 on
 * exes.path and on every exe_names.name: the real binary and the path it
 * was executed by), resolved once.  exe_match() is true for every id when
 * there is no regex.  exe_match_init() returns 0, or -1 after error()
 * naming the column of a bad regex, or, when the regex matches no
 * executable, listing those st holds; exe_match_release() frees it (also
 * after a failed init).
 */
struct exe_match {
	bool active;  /* a regex was given */
	int64_t *ids; /* the matching exes.id, sorted */
	size_t nids;
};
int exe_match_init(struct exe_match *m, struct store *st, const char *regex);
bool exe_match(const struct exe_match *m, int64_t exe_id);
void exe_match_release(struct exe_match *m);

/* ---------------------------------------------------------------- misc */

/* Create (O_EXCL when excl) a file 0600 for writing, like fopen "w". */
FILE *xfopen_private(const char *path, const char *mode);
/*
 * output.c: every output file goes through these.  output_open(): NULL or
 * "-" is stdout; else a temporary file (0600) in path's directory that
 * output_close() renames over path once everything is written (a device
 * or FIFO is written in place).  Refuses (NULL after error()) a directory,
 * an SQLite database and any file output_add_input() named (store_open()
 * names each database it opens).  output_close() flushes, checks for
 * write errors and renames: 0, or -1 after error(), the old file intact.
 * output_abort() drops an output without touching path.
 */
FILE *output_open(const char *path);
int output_close(FILE *f, const char *path);
void output_abort(FILE *f);
/* The path an open output will be renamed to; NULL for stdout and
 * streams (devices, FIFOs) and files output_open() did not open. */
const char *output_target(FILE *f);
/* An input of this command (a database, a policy): never an output. */
void output_add_input(const char *path);
/* Does path start with SQLite's 16-byte header? */
bool output_is_sqlite(const char *path);

/* Shell-free quoting of argv into one string for provenance: caller frees. */
char *argv_join(int argc, char *const argv[]);

#include "store.h"

#endif
