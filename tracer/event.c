/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * event.c - the ptrace engine's loop: next_event() waits for one stop of
 * any tracee and classifies it (enum trace_event, tracer-int.h) for both
 * the main loop, which hands it to tracer_dispatch_event() (engine.c),
 * and the final detach, which re-injects the signal of a
 * signal-delivery-stop and nothing else.  Off the hot path: the tracer's
 * own signals (timer, control requests, SIGINT/SIGTERM/SIGHUP) set flags
 * that service() reads between two waits.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracer/tracer-int.h"

static volatile sig_atomic_t sig_tick, sig_ctl, sig_stop, sig_stop_user;

enum trace_event next_event(struct trace_stop *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->pid = wait4(-1, &ev->status, __WALL, NULL);
	if (ev->pid < 0)
		return errno == EINTR ? TE_NEXT : TE_BREAK;
	errno = 0; /* TE_NEXT from here is no EINTR */
	if (WIFEXITED(ev->status) || WIFSIGNALED(ev->status))
		return TE_EXITED;
	if (!WIFSTOPPED(ev->status))
		return TE_NEXT;
	ev->sig = WSTOPSIG(ev->status);
	ev->event = (unsigned)ev->status >> 16;
	if (ev->sig == (SIGTRAP | 0x80))
		return TE_SYSCALL_STOP;
	switch (ev->event) {
	case 0:
		return TE_SIGNAL_DELIVERY;
	case PTRACE_EVENT_SECCOMP:
		return TE_SECCOMP;
	case PTRACE_EVENT_STOP:
		return TE_STOP;
	default:
		return TE_PTRACE_EVENT;
	}
}


/* --------------------------------------------------------- signals */

static void on_tracer_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	switch (sig) {
	case SIGALRM:
		sig_tick = 1;
		break;
	case SIGUSR1:
		sig_ctl = 1;
		break;
	default:
		sig_stop = sig;
		sig_stop_user = si->si_code <= 0; /* kill(), not the tty */
		break;
	}
}

void tracer_install_signals(struct tracer *tr)
{
	static const int sigs[] = { SIGALRM, SIGUSR1, SIGINT, SIGTERM, SIGHUP };
	struct itimerval it = {
		.it_interval = { 0, 100000 },
		.it_value = { 0, 100000 },
	};
	struct sigaction sa;
	sigset_t set;
	size_t i;

	(void)tr;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_tracer_signal;
	sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: interrupt wait4() */
	sigemptyset(&sa.sa_mask);
	sigemptyset(&set);
	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&set, sigs[i]);
	}
	signal(SIGPIPE, SIG_IGN);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

static void stop_timer(void)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
}

/* Timer, control requests, signals: off the hot path. */
static void service(struct tracer *tr)
{
	if (sig_ctl) {
		const char *name;

		sig_ctl = 0;
		name = control_pending(tr->ctl);
		if (name) {
			char *copy = xstrdup(name);

			control_ack(tr->ctl, tracer_switch_phase(tr, copy) == 0);
			free(copy);
		}
	}
	if (sig_tick) {
		int64_t now = time_mono_ns();

		sig_tick = 0;
		if (now - tr->last_flush_ns >= 1000000000)
			tracer_flush(tr);
		if (now - tr->last_status_ns >= 250000000) {
			tr->last_status_ns = now;
			tracer_status_line(tr, false);
		}
		if (tr->o.duration > 0 &&
		    now - tr->start_ns >= (int64_t)(tr->o.duration * 1e9))
			tr->fatal = SIGALRM;
	}
	if (sig_stop) {
		int sig = sig_stop;

		sig_stop = 0;
		if (tr->launched) {
			/* the command decides; a tty signal reached it too */
			if (sig_stop_user && tr->leader > 0 &&
			    !tr->leader_done)
				kill(tr->leader, sig);
		} else {
			tr->fatal = sig;
		}
	}
}

/* ------------------------------------------------------------ detach */

static bool was_detached(struct tracer *tr, pid_t tid)
{
	size_t i;

	for (i = 0; i < tr->ndetached; i++)
		if (tr->detached[i] == tid)
			return true;
	return false;
}

/*
 * Leave every tracee as if it had never been traced: interrupt each, and
 * at its next stop detach it, re-injecting the signal of a
 * signal-delivery-stop (so none is lost or duplicated); a group-stopped
 * task stays stopped.  Tasks created meanwhile are detached at their first
 * stop.  Gives up after a few seconds on tasks that never stop (a vfork
 * parent in D state): our exit detaches those.
 */
void tracer_detach_all(struct tracer *tr)
{
	int64_t deadline = time_mono_ns() + 5000000000LL;
	struct task *t;

	tracer_flush_quiet(tr, true); /* the final write after says more */
	for (t = tr->tasks; t; t = t->next)
		ptrace(PTRACE_INTERRUPT, t->tid, 0, 0);
	while (tr->ntasks) {
		struct trace_stop ev;
		enum trace_event te = next_event(&ev);
		unsigned long msg;
		int inject = 0;

		if (te == TE_BREAK)
			break;
		if (te == TE_NEXT) {
			if (errno == EINTR && time_mono_ns() >= deadline)
				break;
			continue;
		}
		t = task_find(tr, ev.pid);
		if (te == TE_EXITED) {
			if (t)
				task_remove(tr, t);
			continue;
		}
		if (te == TE_PTRACE_EVENT &&
		    (ev.event == PTRACE_EVENT_CLONE ||
		     ev.event == PTRACE_EVENT_FORK ||
		     ev.event == PTRACE_EVENT_VFORK)) {
			if (ptrace(PTRACE_GETEVENTMSG, ev.pid, 0, &msg) == 0 &&
			    !task_find(tr, (pid_t)msg) &&
			    !was_detached(tr, (pid_t)msg))
				task_new(tr, (pid_t)msg);
		} else if (te == TE_SIGNAL_DELIVERY) {
			inject = ev.sig;
		}
		ptrace(PTRACE_DETACH, ev.pid, 0, (void *)(long)inject);
		if (t) {
			task_remove(tr, t);
		} else {
			tr->detached = xgrow(tr->detached,
					     sizeof(*tr->detached),
					     tr->ndetached + 1,
					     &tr->adetached);
			tr->detached[tr->ndetached++] = ev.pid;
		}
	}
	if (tr->ntasks)
		warning("%zu task(s) did not stop in time; they are detached "
			"as the tracer exits", tr->ntasks);
}

int tracer_loop(struct tracer *tr)
{
	struct trace_stop ev;
	int status;
	bool lost;

	while (tr->ntasks && !tr->fatal) {
		enum trace_event te;

		if (sig_tick | sig_ctl | sig_stop) {
			service(tr);
			if (tr->fatal)
				break;
		}
		te = next_event(&ev);
		if (te == TE_BREAK) {
			if (errno != ECHILD)
				error_errno("wait4");
			break;
		}
		if (te != TE_NEXT)
			tracer_dispatch_event(tr, te, &ev);
	}
	if (tr->fatal && !tr->launched)
		tracer_detach_all(tr);
	stop_timer();
	if (tr->status_shown)
		tracer_status_line(tr, true);
	if (tr->launched)
		status = tr->leader_done ? tr->leader_status : EXIT_SYSTEM;
	else
		status = EXIT_OK;
	lost = tracer_final_flush(tr, status) < 0;
	/* a run whose counts did not all get there keeps no end: check and
	 * report show it unfinished */
	if (!lost && store_run_end(tr->st, tr->run, status, tr->calls, 0) < 0)
		warning("the counts are written, but run %lld has no end "
			"recorded", (long long)tr->run);
	tracer_summary_line(tr, lost);
	return lost ? EXIT_SYSTEM : status;
}
