/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-verify-landlock.c - `syscensus verify --landlock RULESET -- CMD`:
 * prove a Landlock ruleset by running the command under it.
 *
 * RULESET is either form `emit` writes: the C source (used as is) or the
 * JSON (turned into the same C by landlock.c).  Either way the ruleset is
 * compiled with cc, together with a small launcher that calls
 * install_landlock_ruleset() and execs the command, so what runs is
 * exactly the code a project would ship.  The launcher runs under the
 * tracer, whose "denied" facts name every path call that failed with
 * EACCES or EPERM (the path, the syscall, the phase, the executable); each
 * is printed (reports/report-verify.c), saying whether no rule covers the
 * path (outside the rules) or a rule does but lacks the right.  Exit 1
 * when there is any.
 */
#include "config.h"

#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyzer/analyzer.h"
#include "analyzer/emit/emit.h"
#include "cli/cmd.h"
#include "reports/reports.h"
#include "tracer/tracer.h"

extern char **environ;

static const char launcher_src[] =
"/* syscensus verify --landlock: apply the ruleset, exec the command */\n"
"#include <errno.h>\n"
"#include <stdio.h>\n"
"#include <string.h>\n"
"#include <unistd.h>\n"
"int install_landlock_ruleset(void);\n"
"int main(int argc, char **argv)\n"
"{\n"
"\tint r;\n"
"\n"
"\tif (argc < 2)\n"
"\t\treturn 126;\n"
"\tr = install_landlock_ruleset();\n"
"\tif (r < 0) {\n"
"\t\tfprintf(stderr, \"syscensus-landlock: cannot install the \"\n"
"\t\t\t\"ruleset: %s\\n\", strerror(-r));\n"
"\t\treturn 126;\n"
"\t}\n"
"\texecvp(argv[1], argv + 1);\n"
"\tfprintf(stderr, \"syscensus-landlock: cannot run '%s': %s\\n\",\n"
"\t\targv[1], strerror(errno));\n"
"\treturn 127;\n"
"}\n";

/* The running kernel's Landlock ABI, or -errno. */
static int landlock_abi(void)
{
#ifdef SYS_landlock_create_ruleset
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0, 1U);
#else
	long v = syscall(444, NULL, 0, 1U);
#endif
	return v < 0 ? -errno : (int)v;
}

static bool looks_json(const char *path)
{
	FILE *f = fopen(path, "re");
	int c;

	if (!f)
		return false;
	do
		c = fgetc(f);
	while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	fclose(f);
	return c == '{';
}

static int write_file(const char *path, const char *text)
{
	FILE *f = output_open(path);

	if (!f)
		return -1;
	fputs(text, f);
	return output_close(f, path);
}

/* Run argv (no shell), wait; 0 when it exited 0, -1 after error() when it
 * failed, -2 when it could not be started. */
static int run_cc(char *const argv[])
{
	pid_t pid;
	int st, rc;

	rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (rc) {
		error("cannot run '%s' to build the ruleset: %s", argv[0],
		      strerror(rc));
		return -2;
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return error("waitpid: %s", strerror(errno));
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return error("'%s' failed to build the ruleset", argv[0]);
	return 0;
}

int verify_landlock(const struct cmd_entry *self, const char *ruleset,
		    struct tracer_opts *o, char **argv)
{
	struct ll_ruleset rs;
	struct report_verify_in in = { .landlock = true };
	bool have_rules = false;
	char dir[] = "/tmp/syscensus-landlock-XXXXXX";
	char *csrc = NULL, *lsrc = NULL, *bin = NULL, **largv = NULL;
	const char *cc = getenv("CC");
	struct store *st = NULL;
	int64_t run = -1;
	bool ran = false, made_dir = false;
	int status = EXIT_USAGE, abi, i, argc;

	memset(&rs, 0, sizeof(rs));
	if (looks_json(ruleset)) {
		if (ll_read_json(ruleset, &rs) < 0)
			return EXIT_USAGE;
		have_rules = true;
	} else {
		if (access(ruleset, R_OK) < 0)
			return cmd_usage_error(self, "cannot read '%s': %s",
					       ruleset, strerror(errno));
		have_rules = ll_read_c(ruleset, &rs) == 0;
		if (!have_rules)
			note("'%s' is not laid out as syscensus writes it: "
			     "denials are listed without saying which rule "
			     "they miss", ruleset);
	}
	abi = landlock_abi();
	if (abi < 0) {
		error("this kernel has no Landlock (%s): nothing to verify",
		      strerror(-abi));
		status = EXIT_SYSTEM;
		goto out;
	}
	if (!mkdtemp(dir)) {
		error("cannot make a directory for the launcher: %s",
		      strerror(errno));
		status = EXIT_SYSTEM;
		goto out;
	}
	made_dir = true;
	lsrc = xasprintf("%s/launcher.c", dir);
	bin = xasprintf("%s/syscensus-landlock", dir);
	if (looks_json(ruleset)) {
		FILE *f;

		csrc = xasprintf("%s/ruleset.c", dir);
		f = output_open(csrc);
		if (!f || ll_write_c(f, &rs, ruleset) < 0 ||
		    output_close(f, csrc) < 0) {
			status = EXIT_SYSTEM;
			goto out;
		}
	}
	if (write_file(lsrc, launcher_src) < 0) {
		status = EXIT_SYSTEM;
		goto out;
	}
	{
		char *cargv[] = {
			(char *)(cc && *cc ? cc : "cc"), (char *)"-O1",
			(char *)"-o", bin,
			(char *)(csrc ? csrc : ruleset), lsrc, NULL,
		};

		int rc = run_cc(cargv);

		if (rc < 0) {
			/* no compiler: the system's; a ruleset that does
			 * not build: bad input */
			status = rc == -2 ? EXIT_SYSTEM : EXIT_USAGE;
			goto out;
		}
	}
	if (!log_quiet)
		note("Landlock ABI %d; the ruleset is compiled into %s", abi,
		     bin);
	for (argc = 0; argv[argc]; argc++)
		;
	largv = xcalloc((size_t)argc + 2, sizeof(*largv));
	largv[0] = bin;
	for (i = 0; i < argc; i++)
		largv[i + 1] = argv[i];
	cmd_tracer_setup(o, largv);
	o->kind = "verify-landlock";
	o->run_out = &run;
	o->ran_out = &ran;
	status = tracer_record(o);
	if (!ran || run < 0) {
		if (status != EXIT_USAGE)
			status = EXIT_SYSTEM;
		goto out;
	}
	if (!log_quiet && status)
		note("the command exited with status %d", status);
	st = store_open(o->db_path, 0);
	in.st = st;
	in.run = run;
	in.rules = have_rules ? &rs : NULL;
	if (!st || report_verify_format_find("text")->write(stdout, &in) < 0) {
		status = EXIT_SYSTEM;
		goto out;
	}
	if (!log_quiet)
		report_verify_summary(stderr, &in);
	status = in.rows ? EXIT_FINDINGS : EXIT_OK;
out:
	store_close(st);
	if (made_dir) {
		if (csrc)
			unlink(csrc);
		unlink(lsrc);
		unlink(bin);
		rmdir(dir);
	}
	free(largv);
	free(csrc);
	free(lsrc);
	free(bin);
	ll_ruleset_release(&rs);
	return status;
}
