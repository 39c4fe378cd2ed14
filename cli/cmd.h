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

/*
 * cmd-verify.c, shared with `record --guard`: the native syscall numbers
 * policy p allows whatever the arguments (malloc'd into *out, caller
 * frees; *n of them).  Returns 0.
 */
struct policy;
int verify_allow_list(const struct policy *p, int **out, size_t *n);

#endif
