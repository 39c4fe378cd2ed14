/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sandbox.h - syscensus confines itself (issue 15).  The commands that only
 * read inputs and write outputs (import, diff, check, emit, report, lint,
 * merge, scan) call sandbox_apply() once their options are parsed and
 * before they parse anything: PR_SET_NO_NEW_PRIVS, a Landlock ruleset
 * (only the paths the command was given, its database, the data
 * directory, the scan cache) and a seccomp allowlist built by libseccomp
 * from data/self-policy.list, the policy syscensus discovered by tracing
 * itself (scripts/self-policy.sh).  A missing kernel feature degrades the
 * confinement, never the command.  cli/confine.c decides the paths; this
 * file only knows the mechanics.
 */
#ifndef SYSCENSUS_SANDBOX_H
#define SYSCENSUS_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What a path may be used for (sandbox_allow()). */
enum {
	SANDBOX_READ = 1,   /* read the file (or the files of a tree) */
	SANDBOX_WRITE = 2,  /* write and truncate it (or them) */
	SANDBOX_CREATE = 4, /* in a directory tree: create and remove
			     * regular files */
	SANDBOX_EXEC = 8,   /* execute (the C preprocessor) */
	SANDBOX_LIST = 16,  /* list the directories of a tree */
	SANDBOX_MKDIR = 32, /* create directories in a tree */
};

struct sandbox;

/* A new, empty confinement for command cmd (its name is copied for the
 * SIGSYS message).  Caller frees with sandbox_free(). */
struct sandbox *sandbox_new(const char *cmd);
void sandbox_free(struct sandbox *sb); /* NULL is a no-op */

/* Allow path (SANDBOX_* bits) in the Landlock ruleset.  A path that does
 * not exist is skipped: the command reports it when it opens it.  The
 * path is opened (O_PATH) only by sandbox_apply(). */
void sandbox_allow(struct sandbox *sb, const char *path, unsigned what);

/*
 * Confine this process and its threads: the SIGSYS handler, no new
 * privileges, the Landlock ruleset, the seccomp allowlist (TSYNC).  Each
 * layer the kernel refuses is skipped; with verbose set, one line on
 * stderr says which.  Never fails: returns the number of layers in
 * place (0 to 3).
 */
int sandbox_apply(struct sandbox *sb, bool verbose);

/* Whether this build confines at all (not a sanitizer build) and why
 * not: NULL when it does, else a static reason. */
const char *sandbox_build_off(void);
/* What this build and kernel give, one line per layer, to f
 * (`syscensus --version -v`). */
void sandbox_describe(FILE *f);

/* The syscalls of data/self-policy.list, compiled in (NULL-terminated). */
extern const char *const sandbox_self_policy[];

/*
 * The test hook: NULL in syscensus; set only by the test program
 * tests/syscensus-hooked (tests/sandbox-hook.c), from
 * $SYSCENSUS_TEST_HOOK.  Importers call sandbox_hook(where) after
 * parsing an input; it returns 0, or -1 after error().
 */
extern int (*sandbox_test_hook)(const char *where);
static inline int sandbox_hook(const char *where)
{
	return sandbox_test_hook ? sandbox_test_hook(where) : 0;
}

#endif
