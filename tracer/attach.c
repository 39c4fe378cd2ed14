/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * attach.c - `attach`: seize running processes, trace, detach cleanly.
 *
 * Every task of each process is seized (PTRACE_SEIZE, then
 * PTRACE_INTERRUPT so the first stop is a PTRACE_EVENT_STOP rather than a
 * real SIGSTOP that would have to be swallowed), rereading /proc/PID/task
 * until no new thread appears: a thread cloned by a task not yet seized
 * would otherwise be missed.  Threads cloned by seized tasks are attached
 * by the kernel.  PTRACE_O_EXITKILL is never set here: if the tracer dies,
 * the daemon lives on.  No seccomp filter can be added to a running
 * process, so this mode takes two stops per syscall (as strace -p does).
 *
 * A task that vanishes while we seize it (ESRCH) is normal; a refusal
 * (EPERM) detaches what was seized and explains why, in strace's order:
 * already traced (TracerPid), another uid, Yama's ptrace_scope.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <unistd.h>

#include "tracer/tracer.h"

static int read_text(const char *path, struct strbuf *sb, size_t limit)
{
	strbuf_reset(sb);
	return strbuf_read_file(sb, path, limit);
}

static long status_field(pid_t pid, const char *field)
{
	struct strbuf sb = STRBUF_INIT;
	char path[64], *p;
	long v = -1;
	size_t n = strlen(field);

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (read_text(path, &sb, 65536) < 0)
		goto out;
	for (p = sb.buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (!strncmp(p, field, n) && p[n] == ':') {
			v = strtol(p + n + 1, NULL, 10);
			break;
		}
	}
out:
	strbuf_release(&sb);
	return v;
}

/* Why did PTRACE_SEIZE say EPERM?  Prints the error; returns -1. */
static int explain_eperm(pid_t pid)
{
	struct strbuf sb = STRBUF_INIT;
	long tracer = status_field(pid, "TracerPid");
	long uid = status_field(pid, "Uid");
	char path[64];

	if (tracer > 0) {
		snprintf(path, sizeof(path), "/proc/%ld/comm", tracer);
		if (read_text(path, &sb, 256) >= 0)
			strbuf_rtrim(&sb);
		error("cannot attach to process %d: it is already traced by "
		      "process %ld (%s)", (int)pid, tracer,
		      sb.len ? sb.buf : "?");
	} else if (uid >= 0 && geteuid() != 0 && (uid_t)uid != geteuid()) {
		error("cannot attach to process %d: it runs as uid %ld, not "
		      "as you (uid %u); tracing it needs CAP_SYS_PTRACE",
		      (int)pid, uid, (unsigned)geteuid());
	} else if (read_text("/proc/sys/kernel/yama/ptrace_scope", &sb,
			     64) >= 0 && atoi(sb.buf) > 0) {
		error("cannot attach to process %d: Yama ptrace_scope is %d "
		      "(only descendants, or CAP_SYS_PTRACE); see "
		      "/proc/sys/kernel/yama/ptrace_scope", (int)pid,
		      atoi(sb.buf));
	} else {
		error("cannot attach to process %d: operation not permitted "
		      "(a security module or container policy forbids "
		      "ptrace)", (int)pid);
	}
	strbuf_release(&sb);
	return -1;
}

static bool process_exists(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	return access(path, F_OK) == 0;
}

/*
 * Seize every task of pid, rescanning until stable.  Returns the number of
 * tasks seized (0: the process is gone), or -1 after an error (printed
 * unless quiet: a --match process is counted as failed instead).
 */
static int seize_process(struct tracer *tr, pid_t pid, bool quiet)
{
	char path[64];
	int total = 0, added;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	do {
		struct dirent *d;
		DIR *dir = opendir(path);

		added = 0;
		if (!dir)
			break; /* gone */
		while ((d = readdir(dir))) {
			pid_t tid = (pid_t)atoi(d->d_name);

			if (tid <= 0 || tracer_has_task(tr, tid))
				continue;
			if (ptrace(PTRACE_SEIZE, tid, 0,
				   (void *)tracer_ptrace_opts(tr)) < 0) {
				if (errno == ESRCH)
					continue;
				closedir(dir);
				if (quiet) {
					warning("cannot attach to process %d: "
						"%s", (int)pid,
						strerror(errno));
					return -1;
				}
				if (errno == EPERM)
					return explain_eperm(pid);
				return error_errno("cannot attach to task %d",
						   (int)tid);
			}
			ptrace(PTRACE_INTERRUPT, tid, 0, 0);
			tracer_add_task(tr, tid, false);
			added++;
		}
		closedir(dir);
		total += added;
	} while (added);
	return total;
}

static void cmdline_of(pid_t pid, struct strbuf *sb)
{
	char path[64];
	size_t i;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	if (read_text(path, sb, 1 << 20) < 0) {
		strbuf_reset(sb);
		return;
	}
	for (i = 0; i < sb->len; i++)
		if (sb->buf[i] == '\0')
			sb->buf[i] = ' ';
	strbuf_rtrim(sb);
}

/* The parent of pid from /proc/PID/stat (field 4, after the command
 * name, which may hold ')'), or 0. */
static pid_t parent_of(pid_t pid)
{
	struct strbuf sb = STRBUF_INIT;
	char path[64], *p;
	long ppid = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_text(path, &sb, 4096) >= 0) {
		p = strrchr(sb.buf, ')');
		if (p && sscanf(p + 1, " %*c %ld", &ppid) != 1)
			ppid = 0;
	}
	strbuf_release(&sb);
	return (pid_t)ppid;
}

/*
 * The tracer's own ancestors, up to init: the shell and harness that
 * started syscensus have the regex on their command lines too, and
 * attaching to them would stop the process waiting for us.  At most 4096
 * (a loop in a broken /proc ends there).  Caller frees.
 */
static pid_t *ancestors(size_t *n)
{
	pid_t *v = NULL, pid = getppid();
	size_t alloc = 0;

	*n = 0;
	while (pid > 0 && *n < 4096) {
		v = xgrow(v, sizeof(*v), *n + 1, &alloc);
		v[(*n)++] = pid;
		if (pid == 1)
			break;
		pid = parent_of(pid);
	}
	return v;
}

/* Append every process whose command line matches re (never ourselves,
 * nor one of our ancestors). */
static int match_processes(const char *re, pid_t **pids, size_t *n,
			   size_t *alloc)
{
	struct strbuf sb = STRBUF_INIT;
	pcre2_match_data *md = NULL;
	pcre2_code *code;
	struct dirent *d;
	PCRE2_SIZE off;
	int rc, ret = 0;
	DIR *dir;
	size_t nanc = 0, i;
	pid_t *anc = NULL;

	code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, 0, &rc,
			     &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(rc, msg, sizeof(msg));
		return error("--match: bad regular expression at offset %zu: "
			     "%s", (size_t)off, (char *)msg);
	}
	md = pcre2_match_data_create_from_pattern(code, NULL);
	anc = ancestors(&nanc);
	dir = opendir("/proc");
	if (!dir) {
		ret = error_errno("cannot read /proc");
		goto out;
	}
	while ((d = readdir(dir))) {
		pid_t pid;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		pid = (pid_t)atoi(d->d_name);
		if (pid == getpid())
			continue;
		for (i = 0; i < nanc && anc[i] != pid; i++)
			;
		if (i < nanc)
			continue;
		cmdline_of(pid, &sb);
		if (!sb.len) /* kernel threads, zombies */
			continue;
		if (pcre2_match(code, (PCRE2_SPTR)sb.buf, sb.len, 0, 0, md,
				NULL) < 0)
			continue;
		*pids = xgrow(*pids, sizeof(**pids), *n + 1, alloc);
		(*pids)[(*n)++] = pid;
	}
	closedir(dir);
out:
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	strbuf_release(&sb);
	free(anc);
	return ret;
}

int tracer_attach(const struct tracer_opts *opts)
{
	struct strbuf source = STRBUF_INIT;
	struct tracer *tr = NULL;
	pid_t *pids = NULL;
	size_t n = 0, alloc = 0, i, j, attached = 0, failed = 0;
	int status = EXIT_SYSTEM, seized = 0;

	for (i = 0; i < opts->npids; i++) {
		if (opts->pids[i] == getpid()) {
			error("cannot attach to process %d: it is this tracer",
			      (int)opts->pids[i]);
			goto out;
		}
		if (!process_exists(opts->pids[i])) {
			error("cannot attach to process %d: no such process",
			      (int)opts->pids[i]);
			goto out;
		}
		pids = xgrow(pids, sizeof(*pids), n + 1, &alloc);
		pids[n++] = opts->pids[i];
	}
	if (opts->match) {
		size_t before = n;

		if (match_processes(opts->match, &pids, &n, &alloc) < 0) {
			status = EXIT_USAGE;
			goto out;
		}
		if (n == before && !opts->npids) {
			error("no process matches '%s'", opts->match);
			goto out;
		}
	}
	for (i = 0; i < n; i++)
		strbuf_addf(&source, "%spid %d", i ? ", " : "", (int)pids[i]);
	if (opts->match)
		strbuf_addf(&source, " (--match %s)", opts->match);
	tr = tracer_new(opts, "attach", source.buf);
	if (!tr)
		goto out;
	tracer_set_mode(tr, false, false);
	tracer_install_signals(tr);
	for (i = 0; i < n; i++) {
		int r;

		for (j = 0; j < i; j++)
			if (pids[j] == pids[i])
				break;
		if (j < i)
			continue;
		/* -p PID must be traced; a --match process may be gone, or
		 * not ours: counted as failed, said, and the rest traced */
		r = seize_process(tr, pids[i], i >= opts->npids);
		if (r < 0 && i < opts->npids) {
			tracer_detach_all(tr);
			goto out;
		}
		if (r > 0) {
			attached++;
			seized += r;
		} else {
			failed++;
		}
	}
	tracer_set_attach_counts(tr, attached, failed);
	if (!seized) {
		error("cannot attach: the process%s exited%s",
		      n > 1 ? "es" : "", failed && opts->match ?
		      " or could not be traced" : "");
		goto out;
	}
	if (failed)
		warning("attached to %zu process%s; %zu could not be (gone, or "
			"not traceable)", attached, attached == 1 ? "" : "es",
			failed);
	/* only now: a harness may take the socket as "attached" */
	if (tracer_start_control(tr) < 0) {
		tracer_detach_all(tr);
		goto out;
	}
	status = tracer_loop(tr);
out:
	tracer_free(tr);
	strbuf_release(&source);
	free(pids);
	return status;
}
