/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * confine.c - which paths each confined command may touch, and the
 * command-line switches of the confinement (see confine.h; the mechanics
 * are common/sandbox.c).
 *
 * Landlock grants rights on a file or on a directory tree, never on "the
 * files named DB-journal", so:
 *  - a database's directory may have regular files created, written and
 *    removed in it (SQLite's -journal, -wal and -shm beside the database),
 *    not listed, not executed, no directories or links made;
 *  - an output file's directory likewise: output.c writes a 0600
 *    temporary file beside it and renames it over the file;
 *  - inputs (files and directories), their systemd drop-in directory
 *    (FILE.d), the data directories and the scan cache are readable;
 *  - scan, import while it scans the executables its logs name, and emit
 *    --format landlock (the ELF interpreter of each program) read ELF
 *    files anywhere: for them the whole tree is readable (and nothing
 *    more is writable); lint --unit reads the other units beside its
 *    unit;
 *  - the temporary directories (/var/tmp, /tmp, $TMPDIR): regular files may be
 *    created, written, read and removed there, not listed (tmpfile(3) of
 *    emit --args, SQLite's spill files, the C preprocessor's input);
 *  - no TCP, no signals or abstract sockets outside the process (Landlock
 *    ABI 4 and 6, when the kernel has them).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/reach-int.h"
#include "cli/cmd.h"
#include "cli/confine.h"
#include "common/common.h"
#include "common/sandbox.h"

static bool no_sandbox, verbose;

static const char *const confined[] = {
    "import", "diff", "check", "emit", "report", "lint", "merge", "scan", NULL,
};

static bool is_confined(const char *cmd)
{
	size_t i;

	for (i = 0; confined[i]; i++)
		if (!strcmp(confined[i], cmd))
			return true;
	return false;
}

void confine_main_options(int *argc, char **argv)
{
	const char *env = getenv("SYSCENSUS_NO_SANDBOX"), *cmd = NULL;
	int i, j;

	if (env && *env && strcmp(env, "0"))
		no_sandbox = true;
	for (i = j = 1; i < *argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			/* the rest belongs to the command (record -- CMD) */
			while (i < *argc)
				argv[j++] = argv[i++];
			break;
		}
		if (!cmd && a[0] != '-') {
			cmd = a;
		} else if (!cmd &&
			   (!strcmp(a, "-v") || !strcmp(a, "--verbose"))) {
			verbose = true;
			continue;
		} else if (!strcmp(a, "--no-sandbox") &&
			   (!cmd || is_confined(cmd))) {
			/* an operand of record, attach, verify: theirs */
			no_sandbox = true;
			continue;
		}
		argv[j++] = argv[i];
	}
	argv[j] = NULL;
	*argc = j;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static void allow_db(struct sandbox *sb, const char *db)
{
	char *dir;

	if (!db || !*db || !strcmp(db, ":memory:"))
		return;
	dir = dir_of(db);
	sandbox_allow(sb, dir, SANDBOX_READ | SANDBOX_WRITE | SANDBOX_CREATE);
	free(dir);
}

static void allow_input(struct sandbox *sb, const char *in)
{
	char *d;

	if (!in || !*in || !strcmp(in, "-"))
		return;
	sandbox_allow(sb, in, SANDBOX_READ | SANDBOX_LIST);
	d = xasprintf("%s.d", in); /* a systemd unit's drop-ins */
	sandbox_allow(sb, d, SANDBOX_READ | SANDBOX_LIST);
	free(d);
}

static void allow_output(struct sandbox *sb, const char *out)
{
	struct stat st;
	char *dir;

	if (!out || !*out || !strcmp(out, "-"))
		return;
	/* written in place: a device, a FIFO, anything under /dev, /proc */
	if (!strncmp(out, "/dev/", 5) || !strncmp(out, "/proc/", 6) ||
	    (stat(out, &st) == 0 && !S_ISREG(st.st_mode) &&
	     !S_ISDIR(st.st_mode))) {
		sandbox_allow(sb, out, SANDBOX_READ | SANDBOX_WRITE);
		return;
	}
	dir = dir_of(out);
	sandbox_allow(sb, dir, SANDBOX_READ | SANDBOX_WRITE | SANDBOX_CREATE);
	free(dir);
}

int cmd_confine(const char *cmd, const char *const *dbs, const char *const *ins,
		const char *const *outs, unsigned flags)
{
	const char *datadirs[] = {getenv("SYSCENSUS_DATADIR"), PKGDATADIR,
				  SRCDATADIR};
	struct sandbox *sb;
	char *cache;
	size_t i;

	cmd_ctx.confined = true;
	if (no_sandbox)
		return 0;
	sb = sandbox_new(cmd);
	for (i = 0; dbs && dbs[i]; i++)
		allow_db(sb, dbs[i]);
	for (i = 0; ins && ins[i]; i++) {
		allow_input(sb, ins[i]);
		if ((flags & CONFINE_INPUT_DIRS) && *ins[i]) {
			char *dir = dir_of(ins[i]);

			sandbox_allow(sb, dir, SANDBOX_READ | SANDBOX_LIST);
			free(dir);
		}
	}
	for (i = 0; outs && outs[i]; i++)
		allow_output(sb, outs[i]);
	for (i = 0; i < ARRAY_SIZE(datadirs); i++)
		sandbox_allow(sb, datadirs[i], SANDBOX_READ | SANDBOX_LIST);
	if (flags & CONFINE_READ_ANYWHERE)
		sandbox_allow(sb, "/", SANDBOX_READ | SANDBOX_LIST);
	if (flags & CONFINE_SCAN_CACHE) {
		/* created now, as the scan would: Landlock could not let it
		 * be made later without the right to make directories */
		cache = rcache_dir();
		sandbox_allow(sb, cache,
			      SANDBOX_READ | SANDBOX_LIST | SANDBOX_WRITE |
				      SANDBOX_CREATE);
		free(cache);
	}
	/* temporary files (tmpfile(3): emit --args exports its filter
	 * there; SQLite's spill files; cpp's input): made, used and
	 * removed, never listed */
	/* SQLite tries /var/tmp before /tmp */
	sandbox_allow(sb, "/var/tmp",
		      SANDBOX_READ | SANDBOX_WRITE | SANDBOX_CREATE);
	sandbox_allow(sb, "/tmp",
		      SANDBOX_READ | SANDBOX_WRITE | SANDBOX_CREATE);
	sandbox_allow(sb, getenv("TMPDIR"),
		      SANDBOX_READ | SANDBOX_WRITE | SANDBOX_CREATE);
	/* cpp and cc1 read their own files and run */
	if (flags & CONFINE_CPP)
		sandbox_allow(sb, "/",
			      SANDBOX_READ | SANDBOX_LIST | SANDBOX_EXEC);
	sandbox_apply(sb, verbose);
	sandbox_free(sb);
	return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

unsigned confine_policy_flags(const char *path, const char *format)
{
	char head[65536];
	struct stat st;
	size_t n;
	FILE *f;

	if (!path || !*path || no_sandbox)
		return 0;
	if (format && !strcmp(format, "c"))
		return CONFINE_CPP;
	if (format && strcmp(format, "auto"))
		return 0;
	if (ends_with(path, ".c") || ends_with(path, ".h"))
		return CONFINE_CPP;
	/* never a stream: what we read would be lost to the reader */
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(head, 1, sizeof(head) - 1, f);
	fclose(f);
	head[n] = '\0';
	/* the words policy.c's sniffer takes for C */
	return strstr(head, "seccomp_rule_add") || strstr(head, "seccomp_init")
		   ? CONFINE_CPP
		   : 0;
}

void confine_print_version(FILE *f)
{
	if (verbose)
		sandbox_describe(f);
}

void confine_print_help(const char *cmd, FILE *f)
{
	if (!is_confined(cmd))
		return;
	fprintf(f,
		"\nRuns confined once its options are read (seccomp "
		"allowlist, Landlock,\nno new privileges; see "
		"'syscensus --version -v'): --no-sandbox or\n"
		"SYSCENSUS_NO_SANDBOX=1 turns that off, 'syscensus -v %s' "
		"says what could\nnot be applied.\n",
		cmd);
}
