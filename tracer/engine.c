/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine.c - the ptrace engine shared by `record` and `attach`: what each
 * stop means.  The loop (event.c) waits for one stop at a time and
 * classifies it as strace does (src/strace.c next_event/dispatch_event);
 * tracer_dispatch_event() here handles it.  Tasks are in task.c, facts in
 * facts.c, the store writes in flush.c (tracer-int.h lists them).
 *
 *   exited/killed            the task is gone: count a call it was inside
 *   SIGTRAP|0x80             syscall stop: ENTRY or EXIT from
 *                            PTRACE_GET_SYSCALL_INFO
 *   PTRACE_EVENT_SECCOMP     the one stop per syscall in seccomp mode
 *   PTRACE_EVENT_CLONE/...   a new task (also created on the spot when its
 *                            first stop arrives before the parent's event)
 *   PTRACE_EVENT_EXEC        new image: new exe id; exec from a non-leader
 *                            thread moves that thread's state to the leader
 *   PTRACE_EVENT_STOP        group-stop (PTRACE_LISTEN keeps it stopped),
 *                            an interrupt or a new task's first stop
 *   anything else            signal-delivery-stop: re-inject the signal
 *
 * Every restart is PTRACE_CONT in seccomp mode unless the task is inside a
 * syscall whose exit we want (then PTRACE_SYSCALL, also from any event or
 * signal stop in between, or the exit would be lost; verify also wants the
 * exit of a call it skipped, to set its result), and PTRACE_SYSCALL
 * in attach mode.  Calls are counted into a struct agg with no formatting;
 * the store is written at least every second, at each phase change and at
 * the end, each time in one transaction, so a tracer killed at any moment
 * leaves a database that opens and holds everything up to the last flush.
 *
 * Alongside the counts, a few facts the knowledge base needs and the
 * syscall list cannot show are counted the same way and written with them:
 * a path or unix socket address a call names, a signal delivered, a real
 * handler installed (rt_sigaction), a thread created (CLONE_THREAD).
 * Reading a path costs one process_vm_readv() at the seccomp stop.
 * The decisive argument of socket, socketpair, fcntl, ioctl, prctl and
 * clone (common/consts.c) costs nothing: its value is in the stop's
 * args[], kept numeric with the task and counted as an "arg" fact exactly
 * when the call itself is counted, so for each of those syscalls the fact
 * counts add up to its calls (the emitter relies on it); the text
 * ("0=AF_UNIX") is written only at flush time.
 *
 * Exit stops cost a second stop per call.  They are needed for errno
 * counts, so they are taken for every syscall except those that never
 * return or cannot fail (getpid, getppid, gettid, the get*id family,
 * sched_yield, umask, ...: their error count is exactly 0 anyway), and
 * always for execve (attribution) and seccomp/prctl (filter recording).
 * --no-errors skips them for everything else too.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracer/tracer-int.h"

/*
 * PTRACE_SET_SYSCALL_INFO (Linux 6.16): the counterpart of
 * PTRACE_GET_SYSCALL_INFO, on every architecture.  Debian 12's headers
 * predate it: the request and the 6.16 layout of its argument (the same
 * offsets as struct __ptrace_syscall_info, plus reserved and flags, which
 * must be 0) are ours.  op must be the op of the current stop; addr is
 * the size of the struct.
 */
#ifndef PTRACE_SET_SYSCALL_INFO
#define PTRACE_SET_SYSCALL_INFO 0x4212
#endif
struct set_syscall_info {
	uint8_t op;
	uint8_t reserved;
	uint16_t flags;
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t stack_pointer;
	union {
		struct {
			uint64_t nr;
			uint64_t args[6];
		} entry;
		struct {
			int64_t rval;
			uint8_t is_error;
		} exit;
		struct {
			uint64_t nr;
			uint64_t args[6];
			uint32_t ret_data;
			uint32_t reserved2;
		} seccomp;
	};
};
_Static_assert(sizeof(struct set_syscall_info) == 88,
	       "the Linux 6.16 layout of struct ptrace_syscall_info");

/* -------------------------------------------------------------- calls */

static void count_call(struct tracer *tr, struct task *t, int err)
{
	if (t->state.nocount)
		return; /* verify: the policy allows it */
	agg_count(&tr->agg, &t->state.key, t->tid, t->state.t_ns, err);
	if (t->state.has_darg)
		fact_add_arg(tr, &t->state.key, t->state.darg);
	tr->calls++;
}

/* At the entry of seccomp()/prctl(): read the program being installed. */
static void read_filter(struct task *t, uint32_t arch, unsigned fl,
			const uint64_t *args)
{
	uint64_t ptr;
	unsigned len;
	void *prog;

	task_clear_filter(t);
	if (fl & SC_SECCOMP) {
		if (args[0] != SECCOMP_SET_MODE_FILTER)
			return;
		t->filter_how = "seccomp";
		t->filter_flags = args[1];
	} else {
		if (args[0] != PR_SET_SECCOMP || args[1] != SECCOMP_MODE_FILTER)
			return;
		t->filter_how = "prctl";
		t->filter_flags = 0;
	}
	if (arch & ARCH_64BIT) {
		struct { uint16_t len; uint16_t pad[3]; uint64_t filter; } f;

		if (tracee_read_mem(t->tid, args[2], &f, sizeof(f)) < 0)
			goto fail;
		len = f.len;
		ptr = f.filter;
	} else {
		struct { uint16_t len; uint16_t pad; uint32_t filter; } f;

		if (tracee_read_mem(t->tid, args[2], &f, sizeof(f)) < 0)
			goto fail;
		len = f.len;
		ptr = f.filter;
	}
	if (!len || len > BPF_MAXINSNS)
		goto fail;
	prog = xmalloc(len * sizeof(struct sock_filter));
	if (tracee_read_mem(t->tid, ptr, prog, len * sizeof(struct sock_filter)) < 0) {
		free(prog);
		goto fail;
	}
	t->filter_prog = prog;
	t->filter_len = len * sizeof(struct sock_filter);
	return;
fail:
	t->filter_how = NULL;
}

static void save_filter(struct tracer *tr, struct task *t)
{
	char path[64], exe[4096];
	struct store_filter f = {
		.run = tr->run,
		.pid = t->tgid,
		.tid = t->tid,
		.exe = exe,
		.time_ns = t->state.t_ns,
		.how = t->filter_how,
		.flags = t->filter_flags,
		.threads = tracer_count_threads(t->tgid),
		.prog = t->filter_prog,
		.prog_len = t->filter_len,
	};
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)t->tid);
	n = readlink(path, exe, sizeof(exe) - 1);
	if (n < 0)
		n = 0;
	exe[n] = '\0';
	if (!n)
		f.exe = NULL;
	store_add_filter(tr->st, &f);
}

static void take_stack(struct tracer *tr, struct task *t)
{
	bool fresh;
	struct agg_entry *e = agg_get(&tr->agg, &t->state.key, &fresh);
	char *frames;
	int64_t id;

	if (!fresh)
		return;
	frames = stacks_unwind(t->tgid, t->tid);
	if (!frames)
		return;
	id = store_intern_stack(tr->st, frames);
	free(frames);
	if (id > 0) {
		e = agg_get(&tr->agg, &t->state.key, NULL);
		e->first_stack = id;
	}
}

static bool kill_stored(struct tracer *tr, pid_t tgid);

static bool kill_stored(struct tracer *tr, pid_t tgid)
{
	size_t i;

	for (i = 0; i < tr->nkilled; i++)
		if (tr->killed[i] == tgid)
			return true;
	return false;
}
static void add_kill(struct tracer *tr, struct task *t, uint32_t arch, int nr,
		     const char *detail);

/* The arch token of a call: x32 numbers on x86_64 are the x32 arch. */
static uint32_t arch_token(struct tracer *tr, uint32_t arch, int nr)
{
	if (arch == AUDIT_ARCH_X86_64_ && (nr & X32_SYSCALL_BIT))
		return tr->x32;
	return arch;
}

static const char *exe_path(struct tracer *tr, int64_t id)
{
	size_t i;

	for (i = 0; i < tr->nexes; i++)
		if (tr->exes[i].id == id)
			return tr->exes[i].path;
	return NULL;
}

static void add_kill(struct tracer *tr, struct task *t, uint32_t arch, int nr,
		     const char *detail)
{
	char name[SYSCALL_NAME_MAX];
	struct store_kill k = {
		.run = tr->run,
		.pid = t->tgid,
		.exe = exe_path(tr, t->exe),
		.arch = arch,
		.nr = arch ? nr : -1,
		.syscall = arch ? syscall_name(arch, nr, name) : NULL,
		.time_ns = time_now_ns(),
		.source = "tracer",
		.detail = detail,
	};

	store_add_kill(tr->st, &k);
	tr->killed = xgrow(tr->killed, sizeof(*tr->killed), tr->nkilled + 1,
			   &tr->akilled);
	tr->killed[tr->nkilled++] = t->tgid;
}

/* x86_64 only: syscall number -1 and the result in one register write. */
static int skip_call_regs(struct task *t, long rval)
{
#if defined(__x86_64__)
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, t->tid, 0, &r) < 0)
		return -1;
	r.orig_rax = (unsigned long long)-1LL;
	r.rax = (unsigned long long)rval;
	return ptrace(PTRACE_SETREGS, t->tid, 0, &r) < 0 ? -1 : 0;
#else
	(void)t;
	(void)rval;
	errno = ENOSYS;
	return -1;
#endif
}

/*
 * verify: make the pending call fail with rval without running it (the
 * tracer's own SECCOMP_RET_ERRNO).  On every architecture, as strace's
 * syscall tampering does: PTRACE_SET_SYSCALL_INFO sets the syscall number
 * to -1 at this stop (the seccomp stop; the entry stop in PTRACE_SYSCALL
 * mode: syscall_enter() runs only at those), the kernel then skips the
 * call and leaves its arguments alone, restart() resumes the task with
 * PTRACE_SYSCALL while t->state.skip_exit is set, and the exit stop that
 * follows sets the result (skip_finish()).  A kernel older than 6.16
 * answers EIO (or EINVAL): tried once, then, and with
 * SYSCENSUS_NO_SET_SYSCALL_INFO=1 (tests), x86_64 writes the registers
 * at this stop instead and needs no exit stop; elsewhere the call runs.
 * Returns 0, or -1 with errno set.
 */
static int skip_call(struct tracer *tr, struct task *t, long rval)
{
	struct set_syscall_info si;

	if (!tr->set_info && getenv("SYSCENSUS_NO_SET_SYSCALL_INFO")) {
		tr->set_info = -1;
		note("SYSCENSUS_NO_SET_SYSCALL_INFO is set: denied calls are "
		     "skipped through the registers (x86_64 only)");
	}
	if (tr->set_info < 0)
		return skip_call_regs(t, rval);
	memset(&si, 0, sizeof(si));
	si.op = tr->seccomp_mode ? PTRACE_SYSCALL_INFO_SECCOMP
				 : PTRACE_SYSCALL_INFO_ENTRY;
	si.entry.nr = (uint64_t)-1; /* seccomp.nr: the same place */
	if (ptrace(PTRACE_SET_SYSCALL_INFO, t->tid, (void *)sizeof(si),
		   &si) == 0) {
		tr->set_info = 1;
		t->state.skip_exit = true;
		t->state.skip_rval = rval;
		return 0;
	}
	if (tr->set_info || (errno != EIO && errno != EINVAL))
		return -1;
	tr->set_info = -1;
	note("the kernel has no PTRACE_SET_SYSCALL_INFO (%s; Linux 6.16 "
	     "added it): denied calls are skipped through the registers "
	     "(x86_64 only)", strerror(errno));
	return skip_call_regs(t, rval);
}

/* The exit stop of a call skip_call() skipped: its result, nothing else. */
static void skip_finish(struct task *t)
{
	struct set_syscall_info si;

	t->state.skip_exit = false;
	memset(&si, 0, sizeof(si));
	si.op = PTRACE_SYSCALL_INFO_EXIT;
	si.exit.rval = t->state.skip_rval;
	si.exit.is_error = 1;
	if (ptrace(PTRACE_SET_SYSCALL_INFO, t->tid, (void *)sizeof(si),
		   &si) < 0 && errno != ESRCH)
		warning("cannot set the result of a denied call in task %d "
			"(it fails with the kernel's ENOSYS): %s", (int)t->tid,
			strerror(errno));
}

/* verify: judge the call; true when it was handled (skipped) here. */
static bool judge_call(struct tracer *tr, struct task *t, uint32_t token,
		       int nr, const uint64_t *args)
{
	char name[SYSCALL_NAME_MAX];
	int err = EPERM, v;

	v = tr->o.judge(tr->o.judge_arg, token,
			syscall_name(token, nr, name), args,
			&err);
	if (v == TRACER_PASS) {
		t->state.nocount = true;
		return false;
	}
	if (v == TRACER_DENY_LOG)
		return false;
	if (tr->o.stacks)
		take_stack(tr, t);
	count_call(tr, t, v == TRACER_DENY_ERRNO ? err : 0);
	if (skip_call(tr, t, v == TRACER_DENY_ERRNO ? -err : -ENOSYS) < 0) {
		static bool said;

		if (!said)
			warning("cannot make a call fail here (%s): it runs",
				strerror(errno));
		said = true;
		return true;
	}
	if (v == TRACER_DENY_KILL && !kill_stored(tr, t->tgid)) {
		add_kill(tr, t, token, nr, "killed by syscensus verify "
			 "--action kill: the policy denies this call");
		syscall(SYS_tgkill, t->tgid, t->tid, SIGSYS);
	}
	return true;
}

/* A syscall starts (seccomp stop, or entry stop in attach mode). */
static void syscall_enter(struct tracer *tr, struct task *t, uint32_t arch,
			  uint64_t nr64, const uint64_t *args)
{
	int nr = (int)nr64;
	uint32_t token = arch;
	struct arch_info *ai;
	unsigned fl = 0, slot;
	bool want_exit;

	if (t->state.in_syscall) { /* its exit never came */
		count_call(tr, t, 0);
		t->state.in_syscall = false;
	}
	t->state.has_darg = false;
	t->access_fact = 0;
	t->entry_counted = true;
	if (t->ignore)
		return;
	if (arch == AUDIT_ARCH_X86_64_ && (nr & X32_SYSCALL_BIT))
		token = tr->x32;
	ai = engine_arch_get(tr, token);
	slot = (unsigned)nr & ~(unsigned)X32_SYSCALL_BIT;
	if (ai && slot < NR_SLOTS) {
		fl = ai->flags[slot];
		if (ai->darg[slot])
			t->state.has_darg = fact_decisive_value(tr, token, nr, args,
						     &t->state.darg);
		if (!(fl & SC_SEEN)) {
			ai->flags[slot] |= SC_SEEN;
			tr->distinct++;
		}
	}
	if (t->launching && !(fl & SC_EXEC))
		return; /* our own child before its exec: not the command */
	t->state.key.phase = tr->phase_id;
	t->state.key.exe = t->exe;
	t->state.key.arch = token;
	t->state.key.nr = nr;
	t->state.t_ns = time_now_ns();
	t->state.launch_exec = t->launching;
	t->state.nocount = false;
	t->trapped = false;
	if (tr->o.judge && judge_call(tr, t, token, nr, args))
		return;
	if (tr->o.stacks && !t->launching && !t->state.nocount)
		take_stack(tr, t);
	if ((fl & SC_EXEC) && ai && slot < NR_SLOTS && ai->patharg[slot])
		fact_read_exec_path(t, ai->patharg[slot] - PATHARG, args);
	if (fl & (SC_SECCOMP | SC_PRCTL))
		read_filter(t, arch, fl, args);
	if ((fl & (SC_SIGACTION | SC_CLONE | SC_CLONE3)) && !t->state.nocount)
		fact_args(tr, t, arch, token, nr, fl, args);
	if (ai && slot < NR_SLOTS && ai->prop[slot] && !t->launching &&
	    !t->state.nocount)
		fact_paths(tr, t, token, nr, ai->patharg[slot],
			   ai->path2[slot], ai->prop[slot], args);
	if (!tr->seccomp_mode)
		want_exit = !(fl & SC_NOEXIT);
	else
		want_exit = (fl & SC_EXEC) || t->filter_how ||
			    (!tr->o.no_errors && !(fl & SC_NOEXIT));
	if (want_exit)
		t->state.in_syscall = true;
	else
		count_call(tr, t, 0);
}

/* t now runs under a filter of its own (TSYNC: every thread of it). */
static void mark_filtered(struct tracer *tr, struct task *t)
{
	struct task *o;

	t->state.filtered = true;
	if (!(t->filter_flags & SECCOMP_FILTER_FLAG_TSYNC))
		return;
	for (o = tr->tasks; o; o = o->next)
		if (o->tgid == t->tgid)
			o->state.filtered = true;
}

static void syscall_exit(struct tracer *tr, struct task *t, int64_t rval,
			 bool is_error)
{
	int err = is_error ? (int)-rval : 0;

	if (!t->state.in_syscall)
		return; /* began before we attached, or cannot fail */
	t->state.in_syscall = false;
	if (t->access_fact && (err == EACCES || err == EPERM)) {
		/* copy: adding may move the array */
		struct fact a = tr->facts[t->access_fact - 1];

		fact_add_kind(tr, t, FACT_DENIED, a.arch, a.nr, a.path);
	}
	t->access_fact = 0;
	if (t->state.launch_exec) {
		/* the launch execve counts for the command it started */
		t->state.key.exe = t->exe;
		t->state.launch_exec = false;
	}
	if (t->filter_how) {
		if (!err) {
			save_filter(tr, t);
			mark_filtered(tr, t);
		}
		task_clear_filter(t);
	}
	count_call(tr, t, err);
}

/* ----------------------------------------------------------- restarts */

static void restart(struct tracer *tr, struct task *t, int sig)
{
	int req = !tr->seccomp_mode || t->state.in_syscall || t->state.filtered ||
			  t->state.skip_exit
			  ? PTRACE_SYSCALL : PTRACE_CONT;

	if (ptrace(req, t->tid, 0, (void *)(long)sig) < 0 && errno != ESRCH)
		warning("cannot restart task %d: %s", (int)t->tid,
			strerror(errno));
}

static bool is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

/* Signals that mark a code path for --auto-phases (not housekeeping). */
static bool auto_phase_signal(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGWINCH: case SIGURG: case SIGIO: case SIGALRM:
	case SIGVTALRM: case SIGPROF: case SIGTRAP: case SIGSTOP:
	case SIGCONT:
		return false;
	default:
		return sig < SIGRTMIN;
	}
}

static void on_signal_stop(struct tracer *tr, struct task *t, int sig)
{
	if (sig == SIGSYS) {
		siginfo_t si;

		if (ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) == 0 &&
		    si.si_code == SYS_SECCOMP) {
			t->trapped = true;
			t->trap_arch = arch_token(tr, si.si_arch,
						  si.si_syscall);
			t->trap_nr = si.si_syscall;
		}
	}
	if (tr->o.auto_phases && !t->launching && !t->ignore &&
	    auto_phase_signal(sig)) {
		char sname[32], name[64];

		snprintf(name, sizeof(name), "after-%s",
			 tracer_signal_name(sig, sname, sizeof(sname)));
		tracer_switch_phase(tr, name);
	}
	if (!t->launching && !t->ignore)
		fact_add(tr, t, FACT_SIGNAL, sig, 0, 0);
	restart(tr, t, sig);
}

static void on_event(struct tracer *tr, struct task *t, int event, int sig)
{
	unsigned long msg = 0;
	struct task *old;

	switch (event) {
	case PTRACE_EVENT_CLONE:
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
		if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) == 0) {
			struct task *c = task_find(tr, (pid_t)msg);

			if (!c)
				c = task_new(tr, (pid_t)msg);
			if (c && t->state.filtered) /* filters are inherited */
				c->state.filtered = true;
		}
		break;
	case PTRACE_EVENT_EXEC:
		if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) == 0 &&
		    (pid_t)msg != t->tid &&
		    (old = task_find(tr, (pid_t)msg)) != NULL) {
			/* exec from a non-leader thread: it is now the
			 * leader; its pending execve moves with it (the
			 * old leader's own call never returns) */
			if (t->state.in_syscall)
				count_call(tr, t, 0);
			task_take_over(tr, t, old);
		}
		task_refresh_exe(tr, t);
		task_add_exec_name(tr, t, t->state.exec_path);
		free(t->state.exec_path);
		t->state.exec_path = NULL;
		t->launching = false;
		t->tgid = t->tid;
		break;
	case PTRACE_EVENT_STOP:
		if (is_stop_signal(sig)) {
			/* group-stop: stay stopped until SIGCONT */
			t->listening = true;
			if (ptrace(PTRACE_LISTEN, t->tid, 0, 0) < 0 &&
			    errno != ESRCH)
				warning("cannot keep task %d stopped: %s",
					(int)t->tid, strerror(errno));
			return;
		}
		break;
	default:
		break;
	}
	restart(tr, t, 0);
}

static void on_syscall_stop(struct tracer *tr, struct task *t)
{
	struct __ptrace_syscall_info si;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(si),
		   &si) <= 0) {
		if (errno != ESRCH)
			restart(tr, t, 0);
		return;
	}
	switch (si.op) {
	case PTRACE_SYSCALL_INFO_SECCOMP:
		syscall_enter(tr, t, si.arch, si.seccomp.nr, si.seccomp.args);
		break;
	case PTRACE_SYSCALL_INFO_ENTRY:
		/* remembered in case its filter kills it (no stop of ours) */
		t->entry_open = true;
		t->entry_arch = arch_token(tr, si.arch, (int)si.entry.nr);
		t->entry_nr = (int)si.entry.nr;
		t->entry_ns = time_now_ns();
		t->entry_counted = false;
		t->kill_exit = false;
		t->trapped = false;
		t->entry_has_darg = fact_decisive_value(tr, t->entry_arch,
						   t->entry_nr, si.entry.args,
						   &t->entry_darg);
		/* in seccomp mode the seccomp stop that follows counts it */
		if (!tr->seccomp_mode)
			syscall_enter(tr, t, si.arch, si.entry.nr,
				      si.entry.args);
		break;
	case PTRACE_SYSCALL_INFO_EXIT:
		if (t->state.skip_exit) {
			/* judge_call() counted it: not a normal exit */
			skip_finish(t);
			break;
		}
		/* a seccomp kill rolls the registers back (the result is
		 * the syscall number) and forces a SIGSYS: mark the call */
		if (t->state.filtered && t->entry_open &&
		    si.exit.rval == t->entry_nr && task_sigsys_pending(t->tid))
			t->kill_exit = true;
		syscall_exit(tr, t, si.exit.rval, si.exit.is_error);
		break;
	default:
		break;
	}
	restart(tr, t, 0);
}

/* The call a kill named, never seen at a stop of ours: it was made. */
static void count_killed(struct tracer *tr, struct task *t, uint32_t arch,
			int nr)
{
	struct agg_key key = t->state.key;

	if (t->ignore || t->launching)
		return;
	key.phase = tr->phase_id;
	key.exe = t->exe;
	key.arch = arch;
	key.nr = nr;
	agg_count(&tr->agg, &key, t->tid, time_now_ns(), 0);
	/* its decisive argument is known when its entry stop was seen */
	if (t->entry_has_darg && t->entry_arch == arch && t->entry_nr == nr)
		fact_add_arg(tr, &key, t->entry_darg);
	tr->calls++;
}

/*
 * A process died of SIGSYS: name the call from what its tasks (all still
 * listed: threads are reaped one by one) last showed.  Best first: the
 * siginfo of a SECCOMP_RET_TRAP signal (exact); a call whose exit stop
 * showed a seccomp kill (SECCOMP_RET_KILL_* forces a SIGSYS that no
 * ptrace stop shows, after the entry stop and a syscall-exit stop of the
 * skipped call whose registers were rolled back: result = the syscall
 * number, SIGSYS pending); else the latest entry among the threads; a call
 * our own trap stop saw and never saw return.  A SIGSYS sent by kill(2)
 * to a filtered task would be blamed on its last call: the detail says
 * which evidence named it.
 */
static void store_sigsys_kill(struct tracer *tr, struct task *dead)
{
	struct task *o, *entry = NULL, *inside = NULL, *marked = NULL;

	for (o = tr->tasks; o; o = o->next) {
		if (o->tgid != dead->tgid)
			continue;
		if (o->trapped) {
			add_kill(tr, o, o->trap_arch, o->trap_nr,
				 "killed by SIGSYS from a seccomp filter "
				 "(SECCOMP_RET_TRAP; call from its siginfo)");
			if (!o->entry_counted || o->entry_nr != o->trap_nr)
				count_killed(tr, o, o->trap_arch, o->trap_nr);
			return;
		}
		if (o->kill_exit)
			marked = o;
		if (o->entry_open && (!entry || o->entry_ns > entry->entry_ns))
			entry = o;
		if (o->state.in_syscall && !o->state.nocount && !inside)
			inside = o;
	}
	if (marked)
		entry = marked;
	if (entry) {
		add_kill(tr, entry, entry->entry_arch, entry->entry_nr, marked
			 ? "killed by a seccomp filter at this call (rolled "
			   "back, SIGSYS pending at its exit stop)"
			 : "killed by SIGSYS at this call (the last syscall "
			   "entry seen: a seccomp kill action?)");
		if (!entry->entry_counted)
			count_killed(tr, entry, entry->entry_arch,
				     entry->entry_nr);
	} else if (inside)
		add_kill(tr, inside, inside->state.key.arch, inside->state.key.nr,
			 "killed by SIGSYS during this call");
	else
		add_kill(tr, dead, 0, -1, "killed by SIGSYS; the call was "
			 "not seen (a filter installed before the trace?)");
}

static void on_gone(struct tracer *tr, pid_t pid, int status)
{
	struct task *t = task_find(tr, pid);

	if (t) {
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS &&
		    !kill_stored(tr, t->tgid))
			store_sigsys_kill(tr, t);
		if (t->state.in_syscall)
			count_call(tr, t, 0);
		t->state.in_syscall = false;
		task_remove(tr, t);
	}
	if (pid == tr->leader && !tr->leader_done) {
		tr->leader_done = true;
		tr->leader_status = WIFEXITED(status)
					    ? WEXITSTATUS(status)
					    : 128 + WTERMSIG(status);
	}
}

void tracer_dispatch_event(struct tracer *tr, enum trace_event te,
			   const struct trace_stop *ev)
{
	struct task *t;

	if (te == TE_EXITED) {
		on_gone(tr, ev->pid, ev->status);
		return;
	}
	t = task_find(tr, ev->pid);
	if (!t) {
		/* a new task whose first stop beat its parent's event */
		t = task_new(tr, ev->pid);
		if (!t)
			return;
	}
	t->listening = false;
	switch (te) {
	case TE_SYSCALL_STOP:
	case TE_SECCOMP:
		on_syscall_stop(tr, t);
		break;
	case TE_STOP:
	case TE_PTRACE_EVENT:
		on_event(tr, t, ev->event, ev->sig);
		break;
	case TE_SIGNAL_DELIVERY:
		on_signal_stop(tr, t, ev->sig);
		break;
	default:
		break;
	}
}

/* -------------------------------------------------------------- API */

struct tracer *tracer_new(const struct tracer_opts *opts, const char *kind,
			  const char *source)
{
	struct tracer *tr = xcalloc(1, sizeof(*tr));
	struct store_run run = {
		.kind = kind,
		.source = source,
		.command = opts->command,
	};
	char buf[4096];
	ssize_t n;

	tr->o = *opts;
	tr->kind = xstrdup(kind);
	tr->source = source ? xstrdup(source) : NULL;
	agg_init(&tr->agg);
	tr->native = arch_native();
	tr->x32 = arch_from_name("x32");
	tr->start_ns = tr->last_flush_ns = time_mono_ns();
	tr->st = store_open(opts->db_path, STORE_CREATE);
	if (!tr->st)
		goto fail;
	tr->run = store_run_begin(tr->st, &run);
	if (tr->run < 0)
		goto fail;
	if (opts->run_out)
		*opts->run_out = tr->run;
	tr->phase_name = xstrdup(opts->phase ? opts->phase : "default");
	tr->phase_id = store_intern_phase(tr->st, tr->phase_name);
	if (tr->phase_id < 0)
		goto fail;
	tracer_remember_phase(tr, tr->phase_id, tr->phase_name);
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		tr->self_exe = xstrdup(buf);
	}
	tr->status_line = opts->status_line && isatty(2) && !log_quiet;
	return tr;
fail:
	tracer_free(tr);
	return NULL;
}

void tracer_free(struct tracer *tr)
{
	size_t i;

	if (!tr)
		return;
	control_stop(tr->ctl);
	while (tr->tasks)
		task_remove(tr, tr->tasks);
	for (i = 0; i < NPAGES; i++)
		free(tr->pages[i]);
	for (i = 0; i < tr->nexes; i++)
		free(tr->exes[i].path);
	free(tr->exes);
	for (i = 0; i < tr->naliases; i++)
		free(tr->aliases[i].name);
	free(tr->aliases);
	for (i = 0; i < tr->nphases; i++)
		free(tr->phases[i].path);
	free(tr->phases);
	for (i = 0; i < tr->narches; i++)
		free(tr->arches[i]);
	free(tr->detached);
	free(tr->killed);
	for (i = 0; i < tr->nfacts; i++)
		free(tr->facts[i].path);
	free(tr->facts);
	free(tr->path_index);
	agg_release(&tr->agg);
	store_close(tr->st);
	free(tr->phase_name);
	free(tr->kind);
	free(tr->source);
	free(tr->side_path);
	free(tr->self_exe);
	free(tr->ctl_path);
	free(tr);
}

struct store *tracer_store(struct tracer *tr)
{
	return tr->st;
}

int64_t tracer_run(const struct tracer *tr)
{
	return tr->run;
}

void tracer_set_mode(struct tracer *tr, bool seccomp, bool launched)
{
	tr->seccomp_mode = seccomp;
	tr->launched = launched;
	tr->ptrace_opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE |
			  PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
			  PTRACE_O_TRACEEXEC;
	if (seccomp)
		tr->ptrace_opts |= PTRACE_O_TRACESECCOMP;
	if (launched) /* never in attach mode: a daemon outlives us */
		tr->ptrace_opts |= PTRACE_O_EXITKILL;
}

unsigned long tracer_ptrace_opts(const struct tracer *tr)
{
	return tr->ptrace_opts;
}

void tracer_set_leader(struct tracer *tr, pid_t pid)
{
	tr->leader = pid;
}

int tracer_start_control(struct tracer *tr)
{
	tr->ctl_path = tracer_control_path(store_path(tr->st));
	tr->ctl = control_start(tr->ctl_path);
	/* control_start() said why: a squatted name or directory is not
	 * worked around, since marks would go to whoever holds it */
	return tr->ctl ? 0 : -1;
}

void tracer_set_attach_counts(struct tracer *tr, size_t attached,
			      size_t failed)
{
	tr->attached = attached;
	tr->attach_failed = failed;
	if (store_run_set_attach(tr->st, tr->run, attached, failed) < 0)
		warning("the run row does not hold the attach counts");
}
