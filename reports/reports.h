/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reports.h - the one public header of reports/: renderers and the escaping
 * every renderer uses.  Everything rendered may come from a traced program
 * (paths, command lines, log lines) and is escaped for its format.
 */
#ifndef SYSCENSUS_REPORTS_H
#define SYSCENSUS_REPORTS_H

#include "common/common.h"

/* Terminal text: control characters and non-UTF-8 bytes as \xNN. */
void esc_text(struct strbuf *out, const char *s);
void fput_text(FILE *f, const char *s);
/*
 * One field of a line-oriented record (what `verify` prints, one denial a
 * line, fields split on spaces): control characters, DEL and backslash
 * as \xNN, so a field can hold no newline; with ascii, every byte from
 * 0x80 too.
 */
void esc_field(struct strbuf *out, const char *s, bool ascii);
void fput_field(FILE *f, const char *s, bool ascii);
/* Markdown table cells and inline text: |, `, *, _, <, >, [, ] ... */
void esc_md(struct strbuf *out, const char *s);
void fput_md(FILE *f, const char *s);
/* HTML text and attribute values. */
void esc_html(struct strbuf *out, const char *s);
/* XML (JUnit) text and attributes. */
void esc_xml(struct strbuf *out, const char *s);

/* ------------------------------------------------------------ stacks */

/*
 * stack.c: the stacks `record --stacks` stores, one frame per line,
 * innermost first ("function+0xOFF (object)" or "0xPC (object)").
 */
struct report_frame {
	char *function; /* NULL when no symbol covered the address */
	unsigned long long offset; /* in function; the address without one */
	char *object;   /* the executable or library; may be NULL */
};
struct json_t;
/* Parse one frame of len bytes; release with report_frame_release(). */
void report_frame_parse(const char *line, size_t len,
			struct report_frame *fr);
void report_frame_release(struct report_frame *fr);
/* Call fn for each frame of frames, innermost first, until it returns
 * false. */
void report_stack_each(const char *frames,
		       bool (*fn)(const struct report_frame *, void *),
		       void *data);
/* Every frame as [{function, offset, object}] (a new reference). */
struct json_t *report_stack_json(const char *frames);
/* Is object libc, ld.so, libpthread or the vdso (never "the caller")? */
bool report_object_is_system(const char *object);
/*
 * Append the callers of a stack to sb, unescaped: up to three innermost
 * frames of exe itself, "config_read+0x67 <- do_reload+0x74 <- main+0x10";
 * when exe has none, the innermost frames outside libc, ld.so and
 * libpthread, each with its object's base name.  False (sb untouched)
 * when there is nothing to show.
 */
bool report_stack_callers(struct strbuf *sb, const char *frames,
			  const char *exe);
/* The stack of the first call of a (phase, exe, arch, syscall) row over
 * every run of st: report_stacks_get() returns it (caller frees) or NULL.
 * report_stacks_new(NULL) is NULL, which report_stacks_get() accepts. */
struct store;
struct report_stacks;
struct report_stacks *report_stacks_new(struct store *st);
char *report_stacks_get(struct report_stacks *rs, const char *phase,
			const char *exe, const char *arch,
			const char *syscall);
void report_stacks_free(struct report_stacks *rs); /* NULL: no-op */

/* ------------------------------------------- diff/check and report */

/*
 * Renderers of `diff`/`check` results, one per format, found through one
 * table (formats.c).  Each writes to f and returns 0, or -1 after an
 * error.  Every traced string is escaped for the format.
 */
struct diff_result;
struct policy;
struct observed_filter;
struct lint_result;

struct report_diff_in {
	const struct diff_result *r;
	const struct policy *p;
	/* The store and selection r was computed from: for stacks and the
	 * rows that passed (JUnit).  st may be NULL: no stacks. */
	struct store *st;
	const struct observed_filter *filter;
};

typedef int (*report_diff_fn)(FILE *f, const struct report_diff_in *in);
struct report_diff_format {
	const char *name;
	report_diff_fn write;
};
/* The renderer of format name, or NULL. */
const struct report_diff_format *report_diff_format_find(const char *name);
/* For usage errors and --help. */
#define REPORT_DIFF_FORMATS "text, json, md, junit, sarif or github"

int report_diff_text(FILE *f, const struct report_diff_in *in);
int report_diff_json(FILE *f, const struct report_diff_in *in);
int report_diff_md(FILE *f, const struct report_diff_in *in);
/* report-junit.c: one testsuite per executable, one testcase per
 * (phase, syscall) judged; uncovered is a failure. */
int report_diff_junit(FILE *f, const struct report_diff_in *in);
/* report-sarif.c: SARIF 2.1.0, the policy file as the artifact. */
int report_diff_sarif(FILE *f, const struct report_diff_in *in);
/* report-github.c: GitHub Actions workflow commands (::error ...). */
int report_diff_github(FILE *f, const struct report_diff_in *in);
/*
 * report-check.c: what `check` prints on stderr after its output.
 * report_check_summary: one line naming each distinct uncovered syscall
 * once (with the denied argument values), the phase/program rows when
 * more, and the arches the policy does not admit.
 * report_check_unexercised: one line naming the unexercised syscalls, a
 * warning, or with strict an error.
 */
void report_check_summary(FILE *f, const struct diff_result *r);
void report_check_unexercised(FILE *f, const struct diff_result *r,
			      bool strict);
/* report-sarif.c: `lint --format sarif`. */
int report_lint_sarif(FILE *f, const struct policy *p,
		      const struct lint_result *r);

/*
 * report-lint.c: the renderers of `lint`, one per --format, found through
 * one table.  in->p (the policy linted), in->db and in->unit may be NULL.
 * needs_policy: the format annotates the policy file (SARIF).
 */
struct report_lint_in {
	const struct lint_result *r;
	const struct policy *p;
	const char *db, *unit;
};
struct report_lint_format {
	const char *name;
	int (*write)(FILE *f, const struct report_lint_in *in);
	bool needs_policy;
};
const struct report_lint_format *report_lint_format_find(const char *name);

/*
 * report-inspect.c: the renderers of `inspect`, one per --format, found
 * through one table: in->p decoded (text sorts its rules), described by
 * in->what; raw the program itself when there is exactly one (bpf writes
 * it byte for byte), else NULL.  Returns 0, -EIO when the output cannot be
 * written or -EINVAL when the emitter refuses the policy.
 */
struct sock_filter;
struct report_inspect_in {
	struct policy *p;
	const char *what;
	const struct sock_filter *raw;
	size_t rawlen;
};
struct report_inspect_format {
	const char *name;
	int (*write)(FILE *f, const struct report_inspect_in *in);
};
const struct report_inspect_format *
report_inspect_format_find(const char *name);

/*
 * report-verify.c: what `verify` prints about its run, one format table.
 * in->st holds the verify run in->run: with landlock false its observed
 * rows are the denied syscalls (with --stacks, their callers); with
 * landlock true its "denied" facts are the refused accesses, each judged
 * against in->rules when known (NULL: listed without saying which rule
 * they miss).  write() fills in->rows and in->calls and returns 0, or -1
 * after an error; report_verify_summary() is the line for stderr (none
 * when nothing was denied).
 */
struct ll_ruleset;
struct report_verify_in {
	struct store *st;
	int64_t run;
	bool landlock;
	const struct ll_ruleset *rules;
	uint64_t rows, calls;
};
struct report_verify_format {
	const char *name;
	int (*write)(FILE *f, struct report_verify_in *in);
};
const struct report_verify_format *report_verify_format_find(const char *name);
void report_verify_summary(FILE *f, const struct report_verify_in *in);

/*
 * The line of p's file a finding about syscall points at: the rule that
 * denies it, else where a rule allowing it would go (after the allow
 * rule whose name sorts just before it), else the first rule; 1 when the
 * reader knew no line.  *file gets the file (a drop-in's, or p->source).
 */
unsigned long report_policy_line(const struct policy *p, const char *syscall,
				 const char **file);

/*
 * report-model.c: the model of `syscensus report`, C structs every
 * renderer walks: the store's rows (runs, executables, phases, syscalls
 * with per-errno counts and first stacks, problems, kills) plus what
 * reports/ derives once: each kill's syscall named from its number when
 * the log gave only that and what fixes it, the callers of each stack,
 * the direct reach no trace exercised.  Strings are kept as stored, not
 * always valid UTF-8: renderers escape.  report_model_load() returns 0, or -1
 * after error(); report_model_release() frees what it filled.
 */
struct diff_unexercised;
struct report_model {
	struct store_report s;
	char *database;     /* the store's path */
	char **kill_fix;    /* per kill: the line to add, or the detail */
	char **kill_caller; /* per kill: its callers, or NULL */
	char **caller;      /* per syscall row: its first callers, or NULL */
	struct diff_unexercised *unexercised;
	size_t nunexercised;
};
int report_model_load(struct store *st, struct report_model *m);
void report_model_release(struct report_model *m);
/* Is s valid UTF-8 (as jansson checks it)? */
bool report_utf8_valid(const char *s);
/* A time of the model (ns since the epoch) as "2026-01-02T03:04:05Z" in
 * buf; false when it is NULL (STORE_NULL) or cannot be written. */
bool report_time(int64_t ns, char *buf, size_t len);
/* Free the n strings of v and v (NULL: no-op). */
void report_strv_free(char **v, size_t n);

/* What `report` was asked for besides the model. */
struct report_opts {
	bool long_list;  /* text: the flat list of rows, not the matrix */
	unsigned width;  /* text: terminal columns (0: 80) */
	/* --policy: the diff of the whole store against it (may be NULL) */
	const struct diff_result *diff;
	const struct policy *policy;
	struct store *st; /* the store the model came from (may be NULL) */
};

typedef int (*report_fn)(FILE *f, const struct report_model *m,
			 const struct report_opts *o);
struct report_format {
	const char *name;
	report_fn write;
};
/* The renderer of `report --format name`, or NULL. */
const struct report_format *report_format_find(const char *name);
#define REPORT_FORMATS "text, md, html or json"

/* report-json.c: the model as one JSON object, for scripts. */
int report_write_json(FILE *f, const struct report_model *m);
/* Text with default options (the matrix, 80 columns). */
int report_write_text(FILE *f, const struct report_model *m);
int report_write_text_opts(FILE *f, const struct report_model *m,
			   const struct report_opts *o);
int report_write_md(FILE *f, const struct report_model *m);
/* report-html.c: one self-contained page, usable without JavaScript. */
int report_write_html(FILE *f, const struct report_model *m,
		      const struct report_opts *o);

/*
 * report-compare.c, `report --compare OLD.db`: what appeared and vanished
 * between old and cur (syscalls, executables, phases, and syscalls per
 * executable with the phases they were seen in and their first caller).
 * Strings are valid UTF-8, as in the report model.
 */
struct report_compare_set {
	char **appeared, **vanished; /* sorted */
	size_t nappeared, nvanished;
};
struct report_compare_call {
	char *syscall;
	char *caller; /* of a new one, when a stack was recorded, or NULL */
	char **phases; /* by first call */
	size_t nphases;
};
struct report_compare_exe {
	char *exe;
	struct report_compare_call *appeared, *vanished;
	size_t nappeared, nvanished;
};
struct report_compare {
	char *baseline, *current; /* the stores' paths */
	struct report_compare_set syscalls, executables, phases;
	struct report_compare_exe *by_exe; /* in both, with a change */
	size_t nby_exe;
};
/* Fill c; 0, or -1 after error() (c released). */
int report_compare_load(struct store *old, struct store *cur,
			struct report_compare *c);
void report_compare_release(struct report_compare *c);
/* Write c in format (REPORT_COMPARE_FORMATS); 0, or -1 after error(). */
int report_compare_write(FILE *f, const char *format,
			 const struct report_compare *c);
/* report-json.c: the json format of --compare. */
int report_compare_json(FILE *f, const struct report_compare *c);
#define REPORT_COMPARE_FORMATS "text, md or json"
bool report_compare_format_known(const char *format);

#endif
