/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * launch.c - `record`: start a command traced from its first instruction.
 *
 * As strace does: fork; the child stops itself (SIGSTOP); the parent
 * seizes it with every option set (PTRACE_O_EXITKILL included: a launched
 * command must not outlive its tracer) and lets it go with SIGCONT; the
 * child installs the seccomp filter that returns SECCOMP_RET_TRACE and
 * calls execve, which is the first syscall the tracer sees and records.
 * The filter is inherited by every thread and child, so all tasks are in
 * seccomp mode (one stop per syscall) from their first syscall.
 *
 * The command is resolved through PATH here, before fork, so the trace
 * holds exactly one execve for it, not the failed attempts of execvp().
 * Where the kernel refuses seccomp filters, the trace falls back to
 * PTRACE_SYSCALL stops (two per syscall) and says so.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <pthread.h>
#include <sched.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracer/tracer.h"

extern char **environ;

/* 0 for a regular executable file, else ENOENT or EACCES (as execvp). */
static int exec_file_error(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) < 0)
		return errno == ENOENT || errno == ENOTDIR ? ENOENT : EACCES;
	if (!S_ISREG(sb.st_mode) || access(path, X_OK) < 0)
		return EACCES;
	return 0;
}

/*
 * The file execvp() would run; NULL if none, with *err ENOENT (nothing of
 * that name) or EACCES (found, but not an executable file: the shell's
 * exit 126).  Caller frees.
 */
static char *resolve_command(const char *name, int *err)
{
	const char *path = getenv("PATH"), *p, *end;

	*err = ENOENT;
	if (strchr(name, '/')) {
		*err = exec_file_error(name);
		return *err ? NULL : xstrdup(name);
	}
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p = end + 1) {
		char *cand;
		int e;

		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		cand = end == p ? xasprintf("./%s", name)
				: xasprintf("%.*s/%s", (int)(end - p), p, name);
		e = exec_file_error(cand);
		if (!e) {
			*err = 0;
			return cand;
		}
		if (e == EACCES)
			*err = EACCES;
		free(cand);
		if (!*end)
			return NULL;
	}
}

/* The shell's and env(1)'s status for a command that could not run. */
static int exec_status(int err)
{
	return err == ENOENT || err == ENOTDIR ? TRACER_EXIT_NOT_FOUND :
						TRACER_EXIT_CANNOT_RUN;
}

/* Can this process install a seccomp filter?  Tried in a throwaway child. */
static bool probe_seccomp(void)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return false;
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
			_exit(1);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * Install the filter with SECCOMP_FILTER_FLAG_SPEC_ALLOW where the kernel
 * takes it (Linux >= 4.17): hosts booted with
 * spec_store_bypass_disable=seccomp (the default "auto" on some CPUs)
 * otherwise force Speculative Store Bypass Disable on every filtered task,
 * which slows the traced command down far more than the filter itself.
 * The flag changes nothing else; without it (EINVAL), prctl as before.
 */
static int install_filter(const struct sock_fprog *prog)
{
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_SPEC_ALLOW, prog) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog);
}

/* In the child: only async-signal-safe calls from here on. */
static void ATTR_NORETURN child_run(const char *path, char *const argv[],
				    const struct sock_fprog *prog, int errfd)
{
	sigset_t none;
	int err;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	kill(getpid(), SIGSTOP);
	if (prog && install_filter(prog) < 0) {
		/* unprivileged: filters need no_new_privs (setuid binaries
		 * then run without their privileges, as under strace) */
		if (errno != EACCES ||
		    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    install_filter(prog) < 0) {
			err = -errno;
			goto fail;
		}
	}
	execve(path, argv, environ);
	err = errno;
fail:
	if (write(errfd, &err, sizeof(err)) < 0)
		_exit(127);
	_exit(127);
}

/* The store is opened in a thread while the command is forked. */
struct opener {
	const struct tracer_opts *opts;
	const char *kind, *source;
	struct tracer *tr;
};

static void *open_tracer(void *arg)
{
	struct opener *o = arg;

	o->tr = tracer_new(o->opts, o->kind, o->source);
	return NULL;
}

int tracer_record(const struct tracer_opts *opts)
{
	struct sock_filter *filter = NULL;
	struct sock_fprog prog;
	struct opener op = { .opts = opts };
	struct tracer *tr = NULL;
	char *path = NULL, *source = NULL, *ctl = NULL;
	int argc = 0, status = EXIT_SYSTEM, errpipe[2] = { -1, -1 }, err;
	bool seccomp, ran = false, opening = false;
	size_t len;
	pthread_t opener;
	pid_t pid = -1, r;

	while (opts->argv[argc])
		argc++;
	path = resolve_command(opts->argv[0], &err);
	if (!path) {
		if (err == ENOENT)
			error("cannot run '%s': command not found",
			      opts->argv[0]);
		else
			error("cannot run '%s': not an executable file "
			      "(permission denied)", opts->argv[0]);
		status = exec_status(err);
		goto out;
	}
	source = argv_join(argc, opts->argv);
	/*
	 * Creating the store (~1 ms) overlaps the probe, the fork and the
	 * child's stop: the command starts that much sooner.  The child only
	 * makes async-signal-safe calls until its execve, so the thread
	 * running SQLite meanwhile cannot deadlock it.
	 */
	op.kind = opts->kind ? opts->kind : "record";
	op.source = source;
	opening = pthread_create(&opener, NULL, open_tracer, &op) == 0;
	if (!opening)
		open_tracer(&op);
	/* SYSCENSUS_NO_SECCOMP=1 forces the fallback (tests, comparisons) */
	seccomp = !getenv("SYSCENSUS_NO_SECCOMP") && probe_seccomp();
	if (!seccomp)
		warning("the kernel refuses seccomp filters here: tracing with "
			"PTRACE_SYSCALL, two stops per syscall (slower)");
	if (seccomp) {
		if (tracer_filter_build(arch_native(), opts->allow, opts->nallow,
					SECCOMP_RET_TRACE, &filter, &len) < 0)
			goto out;
		prog.len = (unsigned short)len;
		prog.filter = filter;
	}
	/*
	 * --pin-cpu: the tracer and the command (which inherits it) on the
	 * CPU the tracer runs on.  Each stop then switches tasks on one CPU
	 * instead of waking the other side on another CPU (an IPI, often
	 * out of idle): several times faster for syscall-heavy commands.
	 * The command's threads share that one CPU, and it sees one CPU in
	 * sched_getaffinity() (nproc, thread pools): opt-in.
	 */
	if (opts->pin_cpu) {
		cpu_set_t one;
		int cpu = sched_getcpu();

		CPU_ZERO(&one);
		if (cpu >= 0)
			CPU_SET(cpu, &one);
		if (cpu < 0 || sched_setaffinity(0, sizeof(one), &one) < 0)
			warning("cannot pin to one CPU: %s", strerror(errno));
	}
	/* the path the control socket will have (it listens before the
	 * command runs: the child waits stopped until then) */
	ctl = tracer_control_path(opts->db_path);
	setenv("SYSCENSUS_CONTROL", ctl, 1);
	if (pipe2(errpipe, O_CLOEXEC) < 0) {
		error_errno("cannot create a pipe");
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		error_errno("cannot fork");
		goto out;
	}
	if (pid == 0)
		child_run(path, opts->argv, seccomp ? &prog : NULL, errpipe[1]);
	close(errpipe[1]);
	errpipe[1] = -1;
	while ((r = waitpid(pid, &status, WSTOPPED)) < 0 && errno == EINTR)
		;
	if (r != pid || !WIFSTOPPED(status)) {
		error("the command did not start");
		status = EXIT_SYSTEM;
		pid = -1;
		goto out;
	}
	if (opening)
		pthread_join(opener, NULL);
	opening = false;
	tr = op.tr;
	if (!tr) {
		status = EXIT_SYSTEM;
		goto out;
	}
	tracer_set_mode(tr, seccomp, true);
	/* handlers first: the control thread wakes the loop with SIGUSR1 */
	tracer_install_signals(tr);
	if (tracer_start_control(tr) < 0) {
		status = EXIT_SYSTEM; /* the command never ran */
		goto out;
	}
	if (ptrace(PTRACE_SEIZE, pid, 0,
		   (void *)tracer_ptrace_opts(tr)) < 0) {
		error_errno("cannot trace '%s' (ptrace refused)", path);
		status = EXIT_SYSTEM;
		goto out;
	}
	tracer_add_task(tr, pid, true);
	tracer_set_leader(tr, pid);
	kill(pid, SIGCONT);
	pid = -1;
	status = tracer_loop(tr);
	ran = true;
	if (read(errpipe[0], &err, sizeof(err)) == sizeof(err)) {
		ran = false;
		if (err < 0)
			error("cannot install the seccomp filter: %s",
			      strerror(-err));
		else
			error("cannot execute '%s': %s", path, strerror(err));
		status = err < 0 ? EXIT_SYSTEM : exec_status(err);
	}
out:
	if (pid > 0) { /* forked, stopped, never traced: not run */
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	if (opening)
		pthread_join(opener, NULL);
	if (!tr)
		tr = op.tr;
	if (opts->ran_out)
		*opts->ran_out = ran;
	if (errpipe[0] >= 0)
		close(errpipe[0]);
	if (errpipe[1] >= 0)
		close(errpipe[1]);
	tracer_free(tr);
	free(filter);
	free(source);
	free(path);
	free(ctl);
	return status;
}
