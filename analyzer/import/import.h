/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * import.h - the public header of analyzer/import/: `syscensus import` of
 * saved logs (strace in any flag combination, audit SECCOMP records,
 * journal lines) into a run of the store.  import.c opens files and
 * directories and sniffs the format; lines.c is the one line loop every
 * format's parser is called from; import-strace.c, import-audit.c and
 * import-journal.c are the parsers.  strace-parse.h is private to it.
 */
#ifndef SYSCENSUS_ANALYZER_IMPORT_H
#define SYSCENSUS_ANALYZER_IMPORT_H

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

/* ----------------------------------------------- the line loop (lines.c) */

/*
 * One loop reads every format: it splits the input into lines (without
 * their newline) and calls the format's callbacks in order.  The caller
 * fills the fields above "out" and calls import_lines_read().
 */
struct import_lines {
	const char *display; /* the input's name in messages */
	/* Longer lines are not parsed: in a file, too_long() reports them
	 * (each counts as a line); a stream stops with the error
	 * "'DISPLAY': STREAM_LONG" (a stream may never end: /dev/zero). */
	size_t max_line;
	const char *stream_long;
	int (*too_long)(void *ctx);
	/* Big regular files: producer threads split the lines and run
	 * classify() on each (may be NULL), which must be pure and thread-
	 * safe: it gets the line and fills rec_size bytes at rec that
	 * line() gets back, in order, in the calling thread. */
	bool threads;
	size_t chunk; /* their region (0: IMPORT_LINES_CHUNK); a file of 16
		       * regions or more is read by them */
	size_t rec_size;
	void (*classify)(const char *s, size_t len, bool nul, void *rec);
	/*
	 * Each line in order, s[0..len) (not NUL-terminated); last: the final
	 * line had no newline; nul: the line holds a NUL byte; rec: what
	 * classify() filled, or NULL when it did not run (then line() parses
	 * s itself).  lineno is already this line's number.  0, or -1 to
	 * stop (a fatal error, or --strict and a bad line).
	 */
	int (*line)(void *ctx, const char *s, size_t len, bool last, bool nul,
		    void *rec);
	void *ctx;
	/* out: lines read so far, too long ones included */
	uint64_t lineno;
};

/* Read f to its end through L's callbacks.  0, or -1 (a callback stopped,
 * or after error(): a read error, an over-long line in a stream). */
int import_lines_read(struct import_lines *L, FILE *f);

/* The region a producer thread splits at a time, by default (tests put
 * lines on its boundaries, and make it small). */
#define IMPORT_LINES_CHUNK (256u << 10)

/*
 * How many CPUs read a big file: the CPUs online, or
 * $SYSCENSUS_IMPORT_THREADS (1 to 8), asked once before the command
 * confines itself (the sandbox may refuse the question later).  N CPUs
 * are N - 1 producer threads (at least one) and the calling thread.
 * Without it, one producer.
 */
void import_lines_prepare(void);

/*
 * A text log (audit, journal): the line loop plus what both formats do
 * to every line before parse() sees it -- count it, drop a trailing CR,
 * skip it when empty, store a problem when it holds a NUL byte or is too
 * long -- and the calls they count, flushed at the end.  Embed it first
 * in the format's context and fill the fields above "state".
 */
struct import_text {
	struct store *st;
	int64_t run;
	const struct import_opts *o;
	const char *display;
	struct import_stats *stats;
	const char *kind;     /* "an audit log": what a stream is not when
			       * its line is over max_line */
	const char *too_long; /* the problem of a line over max_line */
	const char *binary;   /* the problem of a line with a NUL byte */
	/* one line, NUL-terminated (t->line.buf); 0, or -1 to stop */
	int (*parse)(struct import_text *t, const char *line);
	/* state */
	uint64_t lineno;
	struct strbuf line;
	struct agg agg; /* calls counted by parse(), flushed at the end */
};

/* Read f through t->parse (lines up to max_line bytes, as in struct
 * import_lines), then store the calls counted.  0, or -1 after error()
 * or when parse() stopped. */
int import_text_read(struct import_text *t, FILE *f, size_t max_line);
/* Store a problem at the current line (import_kill_problem()). */
int import_text_problem(struct import_text *t, const char *reason);

#endif
