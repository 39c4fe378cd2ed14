/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd.h - the command table (after tmux's cmd.c): one `const struct
 * cmd_entry` per subcommand, each in its own cmd-<verb>.c, collected in a
 * NULL-terminated table in cmd.c.  main() finds the entry and calls exec()
 * with argv[0] set to the verb; exec returns the process exit status.
 */
#ifndef SYSCENSUS_CMD_H
#define SYSCENSUS_CMD_H

#include <getopt.h>
#include "common/common.h"

struct cmd_entry {
	const char *name;
	const char *usage;   /* after "syscensus NAME " */
	const char *summary; /* one line for `syscensus --help` */
	const char *help;    /* the options, printed by --help */
	int (*exec)(const struct cmd_entry *self, int argc, char **argv);
};

extern const struct cmd_entry *const cmd_table[];
const struct cmd_entry *cmd_find(const char *name);

/* Print "usage: syscensus NAME USAGE" plus help to f. */
void cmd_print_help(const struct cmd_entry *e, FILE *f);
/* Print a short usage error and return EXIT_USAGE. */
int cmd_usage_error(const struct cmd_entry *e, const char *fmt, ...)
	ATTR_PRINTF(2, 3);

/* The database path an analysis command reads: --db, else the default. */
const char *cmd_db_path(const char *opt);
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
#define CMD_NO_SCAN_HELP \
	"  --no-scan         do not scan the executables traced (static " \
	"reach,\n" \
	"                    'syscensus scan') after storing the trace\n"

/*
 * cmd-verify.c, shared with `record --guard`: the native syscall numbers
 * policy p allows whatever the arguments (malloc'd into *out, caller
 * frees; *n of them).  Returns 0.
 */
struct policy;
int verify_allow_list(const struct policy *p, int **out, size_t *n);
/* verify --landlock RULESET (cmd-verify-landlock.c): o holds the tracer
 * options already parsed; argv the command.  Returns the exit status. */
struct tracer_opts;
int verify_landlock(const struct cmd_entry *self, const char *ruleset,
		    struct tracer_opts *o, char **argv);

/*
 * cmd-util.c, shared by the analysis commands.
 * cmd_in_list: whether s is one of the NULL-terminated list.
 * cmd_getopt_error: the usage error for getopt_long()'s ':' (an option
 * without its value) or '?' (an unknown option); returns EXIT_USAGE.
 * cmd_no_operands: EXIT_OK when argv has nothing after the options, else
 * a usage error naming the first operand (EXIT_USAGE).
 * cmd_policy_load: policy_read_flags() with its parse error reported on
 * stderr; returns 0, or -1 (*out untouched; nothing to free).
 */
bool cmd_in_list(const char *const *list, const char *s);
int cmd_getopt_error(const struct cmd_entry *self, int c, char **argv);
int cmd_no_operands(const struct cmd_entry *self, int argc, char **argv);
int cmd_policy_load(const char *path, const char *format, unsigned flags,
		    struct policy **out);

/*
 * -o in the commands that write a report or a policy: the output file, not
 * the database (that is --db).  Written as common/output.c writes.
 */
#define CMD_OUTPUT_HELP \
	"  -o, --output FILE    the output file, not the database (that is " \
	"--db):\n" \
	"                       written whole to a temporary file (0600) " \
	"renamed\n" \
	"                       over FILE; never an SQLite database or an " \
	"input of\n" \
	"                       this command.  Default: standard output\n"

/* The options diff and check share (cmd-diff.c), for their .help. */
#define CMD_DIFF_OPTIONS_HELP \
	"  --db DB              the database (default ./syscensus.db or " \
	"$SYSCENSUS_DB)\n" \
	"  --policy FILE        the allowlist: a plain list, a systemd " \
	"unit (with\n" \
	"                       its drop-ins FILE.d/*.conf), oci, minijail, " \
	"c, bpf or pfc\n" \
	"  --policy-format F    auto (default), list, systemd, oci, " \
	"minijail, c, bpf, pfc\n" \
	"  --no-drop-ins        a systemd unit alone, without FILE.d/*.conf\n" \
	"  --phase NAME         only this phase (repeatable)\n" \
	"  --exe REGEX          only executables whose path matches (PCRE2)\n" \
	"  --format F           text (default), json, md, junit, sarif " \
	"or github;\n" \
	"                       (stacks: with record --stacks every format " \
	"says where\n" \
	"                       each uncovered call came from; json, " \
	"junit and sarif\n" \
	"                       give the whole stack)\n" \
	CMD_OUTPUT_HELP

/*
 * cmd-util.c, shared by the tracing commands (record, attach, verify).
 * CMD_OPT_*: the getopt_long() values of the tracer options they share;
 * CMD_TRACER_OPTIONS: their struct option entries (-o/--db/--output the
 * database, --phase, --stacks,
 * -q, --help; --auto-phases is the CMD_OPT_AUTO_PHASES entry, listed by
 * those that take it).
 * cmd_tracer_option: takes option c (from getopt_long()) into o; returns
 * -1 when it did, else the exit status to return: EXIT_OK after printing
 * the help (-h, --help), EXIT_USAGE after an error (a bad value, an
 * option unknown to the command).
 * cmd_tracer_setup: sets o's database (cmd_db_path()), provenance
 * (cmd_line) and the command to run (argv; NULL for none).
 * cmd_tracer_allow: reads the policy at path (parse error reported) into
 * *p (caller frees with policy_free()) and its allow list for the tracer
 * (verify_allow_list(): *allow malloc'd, caller frees; *nallow of them);
 * returns 0, or -1 (nothing to free).
 */
enum {
	CMD_OPT_PHASE = 0x1000,
	CMD_OPT_AUTO_PHASES,
	CMD_OPT_STACKS,
	CMD_OPT_HELP,
};

#define CMD_TRACER_OPTIONS \
	{ "output", required_argument, NULL, 'o' }, \
	{ "db", required_argument, NULL, 'o' }, \
	{ "phase", required_argument, NULL, CMD_OPT_PHASE }, \
	{ "stacks", no_argument, NULL, CMD_OPT_STACKS }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, CMD_OPT_HELP }

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

struct tracer_opts;
int cmd_tracer_option(const struct cmd_entry *self, int c, char **argv,
		      struct tracer_opts *o);
void cmd_tracer_setup(struct tracer_opts *o, char *const *argv);
int cmd_tracer_allow(const char *path, const char *format, struct policy **p,
		     int **allow, size_t *nallow);

#endif
