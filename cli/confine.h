/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * confine.h - what the analysis commands call to run confined (issue 15,
 * mechanics in common/sandbox.c).  Each command calls cmd_confine() once,
 * in one line, after its options are parsed and before it parses any
 * input; main() calls confine_main_options() and, for `--version -v`,
 * confine_print_version().
 *
 * The tracing commands (record, attach, verify, mark, inspect) are not
 * confined: they run or attach to arbitrary programs (a filter is
 * inherited across exec; ptrace and /proc/PID/mem reach anything), so the
 * only policy that fits them is the program's own.
 */
#ifndef SYSCENSUS_CONFINE_H
#define SYSCENSUS_CONFINE_H

#include <stdbool.h>
#include <stdio.h>

/* A NULL-terminated list of paths, for cmd_confine()'s arguments. */
#define CONFINE_LIST(...) ((const char *const[]){__VA_ARGS__, NULL})
#define CONFINE_NONE	  CONFINE_LIST(NULL)
/* An optional path inside a list: "" (skipped) for NULL. */
#define CONFINE_OPT(p) ((p) ? (p) : "")

enum {
	/* reads executables and libraries anywhere (static reach: scan,
	 * import unless --no-scan; emit --format landlock, which reads
	 * the ELF interpreter of each program): the whole tree is
	 * readable, not writable */
	CONFINE_READ_ANYWHERE = 1,
	/* may run the C preprocessor on a C policy (diff, check, lint,
	 * report --policy): a temporary file and cpp's own reads */
	CONFINE_CPP = 2,
	/* reads the directories of its inputs too (lint --unit: the other
	 * units beside it) */
	CONFINE_INPUT_DIRS = 4,
	/* reads and writes the machine-wide scan cache (created now, as
	 * the scan would) */
	CONFINE_SCAN_CACHE = 8,
};

/*
 * Confine this process for command cmd: dbs are the SQLite databases it
 * opens (each with its -journal/-wal/-shm files), ins the files and
 * directories it reads, outs the files it writes (NULL entries and "-"
 * are skipped).  Does nothing after --no-sandbox or with
 * SYSCENSUS_NO_SANDBOX=1.  Never fails the command; returns 0.
 */
int cmd_confine(const char *cmd, const char *const *dbs, const char *const *ins,
		const char *const *outs, unsigned flags);

/* CONFINE_CPP when the policy at path (of format, "auto" sniffed as the
 * readers do) is C source, which may go through the C preprocessor;
 * else 0.  Reads at most its first 64 KiB, parses nothing. */
unsigned confine_policy_flags(const char *path, const char *format);

/* Take the options of the confinement out of argv (main): `--no-sandbox`
 * anywhere before "--", `-v`/`--verbose` before the command.  Updates
 * *argc. */
void confine_main_options(int *argc, char **argv);
/* --version -v: what confinement this build and kernel give. */
void confine_print_version(FILE *f);
/* The help paragraph of a confined command (nothing for the others). */
void confine_print_help(const char *cmd, FILE *f);

#endif
