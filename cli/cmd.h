/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd.h - the command framework (after tmux's cmd_entry and git's
 * parse-options): one `const struct cmd_entry` per subcommand, each in its
 * own cmd-<verb>.c, collected in a NULL-terminated table in cmd.c.
 *
 * A command declares once, in its entry, the options it takes (each with
 * its help text and where its value goes) and flags that give every
 * command the same preconditions: the database it reads (CMD_NEEDS_DB),
 * a selection (--phase/--exe, CMD_SELECTION), an output file (-o,
 * CMD_OUTPUT), and whether it may be confined once its inputs are open
 * (CMD_CONFINABLE).  cmd_run() (cmd.c, the one getopt loop of the
 * program) parses the command line into the places the options name,
 * prints --help generated from the same declaration, then calls exec();
 * after it, the store and the output the command asked for are closed and
 * their write errors checked.  exec returns the process exit status.
 */
#ifndef SYSCENSUS_CMD_H
#define SYSCENSUS_CMD_H

#include "common/common.h"

struct cmd_entry;

/* What an option does with its value. */
enum cmd_opt_kind {
	CMD_OPT_TEXT,   /* no option: a line of help text (.help) */
	CMD_OPT_STRING, /* const char * at .value, the last one wins */
	CMD_OPT_FLAG,   /* bool at .value set true */
	CMD_OPT_LIST,   /* appended to the struct cmd_list at .value (after
			 * .call, when given, accepts it); freed after the
			 * command */
	CMD_OPT_CALL,   /* .call(self, arg, value) converts and checks */
	CMD_OPT_QUIET,  /* log_quiet = 1 */
	CMD_OPT_HELP,   /* -h, --help: listed only where declared */
};

/*
 * One option.  .help may hold several lines ("\n"): the framework indents
 * the continuation lines to the command's .help_col.  A CMD_OPT_TEXT entry
 * with .spec prints an operand ("  IN.db...  help"), without one its help
 * verbatim.  .alias is a second long name with the same meaning (--output
 * for --db in the tracing commands), not listed.
 */
struct cmd_option {
	enum cmd_opt_kind kind;
	int short_name;        /* 0: none */
	const char *long_name; /* NULL only for CMD_OPT_TEXT */
	const char *alias;
	const char *arg;       /* the value's name in help; NULL: a flag */
	const char *help;
	const char *spec;      /* CMD_OPT_TEXT: an operand's name */
	void *value;
	/* CMD_OPT_CALL: 0, or the exit status after cmd_usage_error() */
	int (*call)(const struct cmd_entry *self, const char *arg,
		    void *value);
};

/* The values of a repeatable option (CMD_OPT_LIST), NULL-terminated. */
struct cmd_list {
	const char **v;
	size_t n;
};

#define CMD_END { .kind = CMD_OPT_TEXT, .help = NULL }
#define CMD_TEXT(h) { .kind = CMD_OPT_TEXT, .help = (h) }
#define CMD_OPERAND(s, h) { .kind = CMD_OPT_TEXT, .spec = (s), .help = (h) }
#define CMD_STRING(s, l, a, v, h) \
	{ .kind = CMD_OPT_STRING, .short_name = (s), .long_name = (l), \
	  .arg = (a), .value = (v), .help = (h) }
#define CMD_FLAG(s, l, v, h) \
	{ .kind = CMD_OPT_FLAG, .short_name = (s), .long_name = (l), \
	  .value = (v), .help = (h) }
#define CMD_LIST(s, l, a, v, h) \
	{ .kind = CMD_OPT_LIST, .short_name = (s), .long_name = (l), \
	  .arg = (a), .value = (v), .help = (h) }
#define CMD_LIST_CHECKED(s, l, a, fn, v, h) \
	{ .kind = CMD_OPT_LIST, .short_name = (s), .long_name = (l), \
	  .arg = (a), .call = (fn), .value = (v), .help = (h) }
#define CMD_CALL(s, l, a, fn, v, h) \
	{ .kind = CMD_OPT_CALL, .short_name = (s), .long_name = (l), \
	  .arg = (a), .call = (fn), .value = (v), .help = (h) }
#define CMD_QUIET(h) \
	{ .kind = CMD_OPT_QUIET, .short_name = 'q', .long_name = "quiet", \
	  .help = (h) }

/* Command flags. */
enum {
	/* cmd_store() opens --db (or the default): read-only, or created
	 * with CMD_DB_CREATE */
	CMD_NEEDS_DB = 1 << 0,
	CMD_DB_CREATE = 1 << 1,
	/* --phase (repeatable) and --exe fill cmd_ctx.filter */
	CMD_SELECTION = 1 << 2,
	/* -o/--output FILE: cmd_output() opens it (standard output when
	 * not given) */
	CMD_OUTPUT = 1 << 3,
	/* may be confined once its inputs and output are open (issue 15):
	 * see cmd_inputs_open() */
	CMD_CONFINABLE = 1 << 4,
	/* options stop at the first operand (record -- CMD, import FILE) */
	CMD_STOP_AT_OPERAND = 1 << 5,
	/* long-only options are indented to line up with "-x, --long" */
	CMD_HELP_ALIGN_LONG = 1 << 6,
};

struct cmd_entry {
	const char *name;
	const char *usage;   /* after "syscensus NAME " */
	const char *summary; /* one line for `syscensus --help` */
	const struct cmd_option *options; /* ends with CMD_END */
	unsigned help_col;   /* where option help starts in --help */
	const char *help;    /* printed after the options */
	unsigned flags;
	/* the operands are cmd_ctx.argv[0..argc) */
	int (*exec)(const struct cmd_entry *self);
};

/*
 * What the framework holds for the running command: the common options'
 * values, the operands, the store and the output it opened.
 */
struct cmd_ctx {
	const struct cmd_entry *entry;
	int argc;    /* operands after the options */
	char **argv;
	const char *db;       /* --db (CMD_NEEDS_DB and others) */
	const char *out_path; /* -o (CMD_OUTPUT) */
	struct cmd_list phases; /* --phase (CMD_SELECTION) */
	struct observed_filter filter; /* CMD_SELECTION */
	struct store *store;
	FILE *out;
	bool inputs_open;
};
extern struct cmd_ctx cmd_ctx;

/* The common options, declared where a command lists them. */
#define CMD_OPT_DB(h) CMD_STRING(0, "db", "DB", &cmd_ctx.db, h)
#define CMD_OPT_DB_READ \
	CMD_OPT_DB("the database (default ./syscensus.db or $SYSCENSUS_DB)")
#define CMD_OPT_PHASES \
	CMD_LIST(0, "phase", "NAME", &cmd_ctx.phases, \
		 "only this phase (repeatable)")
#define CMD_OPT_EXE \
	CMD_STRING(0, "exe", "REGEX", &cmd_ctx.filter.exe_regex, \
		   "only executables whose path matches (PCRE2)")
/*
 * -o in the commands that write a report or a policy: the output file, not
 * the database (that is --db).  Written as common/output.c writes.
 */
#define CMD_OPT_OUTPUT \
	CMD_STRING('o', "output", "FILE", &cmd_ctx.out_path, \
		   "the output file, not the database (that is --db):\n" \
		   "written whole to a temporary file (0600) renamed\n" \
		   "over FILE; never an SQLite database or an input of\n" \
		   "this command.  Default: standard output")

extern const struct cmd_entry *const cmd_table[];
const struct cmd_entry *cmd_find(const char *name);

/*
 * Parse argv (argv[0] the command's name) into the places e's options
 * name, then run e.  Prints --help, reports usage errors, closes the
 * store and the output (EXIT_SYSTEM when it cannot be written).
 * Returns the exit status.
 */
int cmd_run(const struct cmd_entry *e, int argc, char **argv);

/* Print "usage: syscensus NAME USAGE", the summary, the options (from
 * the declaration) and the help to f. */
void cmd_print_help(const struct cmd_entry *e, FILE *f);
/* Print a short usage error and return EXIT_USAGE. */
int cmd_usage_error(const struct cmd_entry *e, const char *fmt, ...)
	ATTR_PRINTF(2, 3);
/* EXIT_OK when the command has no operands, else a usage error naming
 * the first (EXIT_USAGE). */
int cmd_no_operands(const struct cmd_entry *self);

/* The database path a command uses: --db, else the default. */
const char *cmd_db_path(const char *opt);
/* The store of a CMD_NEEDS_DB command, opened on first use (NULL after
 * the error is printed); main closes it. */
struct store *cmd_store(void);
/* The output of a CMD_OUTPUT command, opened on first use, after the
 * inputs (NULL after the error is printed).  cmd_output_close() closes
 * it: 0, or -1 when it could not be written.  main closes an output still
 * open (aborts it when the command failed). */
FILE *cmd_output(void);
int cmd_output_close(void);
/*
 * The command's inputs (and output, when it has one) are open: the one
 * place where a CMD_CONFINABLE command is confined (issue 15).
 * cmd_output() calls it; a command without an output calls it itself.
 */
void cmd_inputs_open(void);
/* The whole command line, for run provenance. */
extern char *cmd_line;

extern const struct cmd_entry cmd_record_entry;
extern const struct cmd_entry cmd_attach_entry;
extern const struct cmd_entry cmd_mark_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_diff_entry;
extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_emit_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_verify_entry;
extern const struct cmd_entry cmd_inspect_entry;
extern const struct cmd_entry cmd_lint_entry;
extern const struct cmd_entry cmd_merge_entry;
extern const struct cmd_entry cmd_scan_entry;

/*
 * cmd-scan.c: the static-reach scan record, attach and import run after
 * storing run in the store at db_path (unless --no-scan): every
 * executable of the run that is a file here.  A failure is a warning,
 * never the command's failure.
 */
void cmd_scan_after(const char *db_path, int64_t run);
#define CMD_OPT_NO_SCAN(v) \
	CMD_FLAG(0, "no-scan", v, "do not scan the executables traced " \
		 "(static reach,\n'syscensus scan') after storing the trace")

/*
 * cmd-diff.c: diff and check, the same command with a CI exit status
 * (check true); their options, declared once for both.
 */
struct cmd_diff_opts {
	const char *policy, *policy_format, *format;
	bool no_drop_ins, strict;
};
extern struct cmd_diff_opts cmd_diff_opts;
int cmd_diff_run(const struct cmd_entry *self, bool check);
#define CMD_DIFF_FLAGS \
	(CMD_NEEDS_DB | CMD_SELECTION | CMD_OUTPUT | CMD_CONFINABLE)
#define CMD_DIFF_OPTIONS \
	CMD_OPT_DB_READ, \
	CMD_STRING(0, "policy", "FILE", &cmd_diff_opts.policy, \
		   "the allowlist: a plain list, a systemd unit (with\n" \
		   "its drop-ins FILE.d/*.conf), oci, minijail, c, bpf or " \
		   "pfc"), \
	CMD_STRING(0, "policy-format", "F", &cmd_diff_opts.policy_format, \
		   "auto (default), list, systemd, oci, minijail, c, bpf, " \
		   "pfc"), \
	CMD_FLAG(0, "no-drop-ins", &cmd_diff_opts.no_drop_ins, \
		 "a systemd unit alone, without FILE.d/*.conf"), \
	CMD_OPT_PHASES, \
	CMD_OPT_EXE, \
	CMD_STRING(0, "format", "F", &cmd_diff_opts.format, \
		   "text (default), json, md, junit, sarif or github;\n" \
		   "(stacks: with record --stacks every format says where\n" \
		   "each uncovered call came from; json, junit and sarif\n" \
		   "give the whole stack)"), \
	CMD_OPT_OUTPUT

/* verify --landlock RULESET (cmd-verify-landlock.c): o holds the tracer
 * options already parsed; argv the command.  Returns the exit status. */
struct tracer_opts;
int verify_landlock(const struct cmd_entry *self, const char *ruleset,
		    struct tracer_opts *o, char **argv);

/*
 * cmd-util.c, shared by the analysis commands.
 * cmd_in_list: whether s is one of the NULL-terminated list.
 * cmd_policy_load: policy_read_flags() with its parse error reported on
 * stderr; returns 0, or -1 (*out untouched; nothing to free).
 */
struct policy;
bool cmd_in_list(const char *const *list, const char *s);
int cmd_policy_load(const char *path, const char *format, unsigned flags,
		    struct policy **out);

/*
 * cmd-util.c, shared by the tracing commands (record, attach, verify).
 * cmd_tracer: the tracer options they share, filled by the options
 * CMD_TRACER_DB (-o/--db/--output the database), CMD_TRACER_PHASE,
 * CMD_TRACER_STACKS, CMD_TRACER_ENGINE and CMD_OPT_AUTO_PHASES declare
 * (each command gives its own help text) and by the command itself.
 * cmd_tracer_setup: sets cmd_tracer's database (cmd_db_path()),
 * provenance (cmd_line) and the command to run (argv; NULL for none).
 * cmd_tracer_allow: reads the policy at path (parse error reported) into
 * *p (caller frees with policy_free()) and its allow list for the tracer
 * (policy_allow_list(): *allow malloc'd, caller frees; *nallow of them);
 * returns 0, or -1 (nothing to free).
 */
extern struct tracer_opts cmd_tracer;
int cmd_tracer_phase(const struct cmd_entry *self, const char *arg, void *v);
int cmd_tracer_engine(const struct cmd_entry *self, const char *arg,
		      void *v);
int cmd_tracer_stacks(const struct cmd_entry *self, const char *arg,
		      void *v);
extern bool cmd_tracer_auto_phases;

#define CMD_TRACER_DB \
	{ .kind = CMD_OPT_STRING, .short_name = 'o', .long_name = "db", \
	  .alias = "output", .arg = "DB", .value = &cmd_ctx.db, \
	  .help = "the database written (default $SYSCENSUS_DB or\n" \
		  "./syscensus.db); --output DB is the same" }
#define CMD_TRACER_PHASE(h) \
	CMD_CALL(0, "phase", "NAME", cmd_tracer_phase, NULL, h)
#define CMD_TRACER_STACKS(h) \
	CMD_CALL(0, "stacks", NULL, cmd_tracer_stacks, NULL, h)
#define CMD_TRACER_ENGINE(h) \
	CMD_CALL(0, "engine", "E", cmd_tracer_engine, NULL, h)
#define CMD_OPT_AUTO_PHASES \
	CMD_FLAG(0, "auto-phases", &cmd_tracer_auto_phases, \
		 "a new phase after each signal a tracee receives")

/* record and attach: the summary line and what a failed write does. */
#define TRACER_FINAL_WRITE_HELP \
	"At the end one line on stderr (terminal or not; not with -q) says " \
	"what was\nrecorded and where.  Counts are written at least every " \
	"second and at the end;\na write waits for another writer's lock up " \
	"to the busy timeout, 10 s\n($SYSCENSUS_BUSY_TIMEOUT ms to change).  " \
	"A final write that still fails is\ntried 4 more times (0.1 to 0.8 " \
	"s apart), then the counts go to a side store,\nDB.unsaved-RUN-XXXXXX" \
	".db (else in $TMPDIR or /tmp), which 'syscensus merge\n--db DB " \
	"SIDE' adds later; the error says what DB is missing, exit 3.\n"

void cmd_tracer_setup(struct tracer_opts *o, char *const *argv);
int cmd_tracer_allow(const char *path, const char *format, struct policy **p,
		     int **allow, size_t *nallow);

#endif
