/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tracer-int.h - private to the ptrace engine: its state and the
 * functions its files share.  cli/ and the bpf engine never include it.
 *
 *   engine.c  syscall, signal and ptrace-event stops; kills; verify's
 *             skipped calls; tracer_new/tracer_free and the small API
 *   event.c   next_event(): one wait4() classified as an enum
 *             trace_event, for the main loop and the final detach;
 *             signals, the timer and the loop itself
 *   task.c    the task table, executables, per-arch syscall flags (from
 *             the property table, common/sysprop.c)
 *   facts.c   facts counted like calls: paths, socket addresses,
 *             decisive arguments, signals, handlers, the path census
 *   flush.c   writing to the store: the timed flush, phases, the final
 *             write and its side store, the status and summary lines
 *   shared.c  what the bpf engine uses too (shared.h): small /proc
 *             reads, our own mark client, signal names
 *
 * A second engine lives behind the same public interface (tracer.h:
 * record, attach, the engine choice) with no access to this state, as
 * bpf-engine.c does.
 */
#ifndef SYSCENSUS_TRACER_INT_H
#define SYSCENSUS_TRACER_INT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/sysprop.h"
#include "tracer/shared.h"
#include "tracer/tracer.h"

#define X32_SYSCALL_BIT 0x40000000
#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1 /* si_code of a SIGSYS from SECCOMP_RET_TRAP */
#endif
#define AUDIT_ARCH_X86_64_ 0xc000003eu
#define AUDIT_ARCH_I386_ 0x40000003u
#define AUDIT_ARCH_S390_ 0x00000016u
#define AUDIT_ARCH_S390X_ 0x80000016u
#define ARCH_64BIT 0x80000000u
#define NR_SLOTS 1024
#define DARG_WIDE 0x80 /* arch_info.darg: a 64-bit decisive argument */
#define PAGE_BITS 12
#define NPAGES (1u << (22 - PAGE_BITS)) /* pid_max <= 2^22 */

enum {
	SC_NOEXIT = 1,  /* never returns or cannot fail */
	SC_EXEC = 2,    /* execve/execveat */
	SC_SECCOMP = 4, /* seccomp() */
	SC_PRCTL = 8,   /* prctl() */
	SC_SEEN = 16,   /* seen in this trace (the live view's count) */
	SC_SIGACTION = 32, /* rt_sigaction/sigaction: a handler fact */
	SC_CLONE = 64,  /* clone: flags in the first argument */
	SC_CLONE3 = 128, /* clone3: flags in struct clone_args */
};

/* Facts for the knowledge base (see schema.sql), counted like calls. */
enum fact_kind {
	FACT_SIGNAL, FACT_HANDLER, FACT_FLAG, FACT_PATH, FACT_ARG,
	/* the path census (Landlock, systemd): value "HOW /absolute/path" */
	FACT_ACCESS,
	/* an access the kernel refused with EACCES or EPERM (verify) */
	FACT_DENIED,
	/* an sd_notify line (READY=1, WATCHDOG=1, ...) sent to a unix path */
	FACT_NOTIFY,
};
/* path-like facts: the string in fact.path is the key */
#define FACT_HAS_PATH(k) ((k) != FACT_SIGNAL && (k) != FACT_HANDLER && \
			  (k) != FACT_FLAG && (k) != FACT_ARG)

struct fact {
	int64_t phase;
	int64_t exe;
	uint32_t arch; /* with nr: the syscall that showed it, 0 for none */
	int nr;
	uint8_t kind;
	int value;     /* a signal number, or CLONE_THREAD */
	char *path;    /* FACT_HAS_PATH: the path or value, owned */
	uint64_t arg;  /* FACT_ARG: the decisive argument's value */
	uint64_t hash; /* FACT_PATH, FACT_ARG: of everything above */
	uint64_t count;
};

/* Distinct paths kept per trace and fact kind (path, access, denied,
 * notify): memory stays bounded on path-heavy runs. */
#define MAX_PATH_FACTS 20000
/*
 * Distinct (phase, exe, syscall, value) decisive-argument facts kept per
 * trace.  Past it a new value is not counted: that syscall's arg facts
 * then add up to less than its calls, and the emitter, which emits
 * argument conditions only where they add up, allows the call
 * unconditionally (the safe side) instead of missing a value.
 */
#define MAX_ARG_FACTS 4096

/*
 * How a call names a file (PATHARG + index), a unix socket address
 * (SOCKARG + index) or a struct msghdr whose msg_name is one (MSGARG +
 * index): the path becomes a "path" fact.  From the syscall property
 * table (common/sysprop.c), as everything else the engine knows about a
 * syscall.
 */
enum { PATHARG = 1, SOCKARG = 11, MSGARG = 21 };

struct arch_info {
	uint32_t token;
	uint8_t flags[NR_SLOTS];
	uint8_t patharg[NR_SLOTS]; /* PATHARG/SOCKARG + index, 0: none */
	uint8_t path2[NR_SLOTS];   /* a second path's index + 1, 0: none */
	/* the table's entry: its access kind (the path census, an
	 * "access" fact "HOW /absolute/path", relative paths resolved
	 * through the task's cwd or dirfd) and the argument of its flags */
	const struct sysprop *prop[NR_SLOTS];
	uint8_t darg[NR_SLOTS];    /* decisive argument index + 1, 0: none;
				    * | DARG_WIDE: keep all 64 bits */
};

struct exe {
	char *path;
	int64_t id;
};

/* An other name of an executable already stored (exe_names). */
struct exe_alias {
	int64_t id;
	char *name;
};

/*
 * What moves with the execing thread when a non-leader thread execs (it
 * takes the leader's tid; the kernel reports the exec on the leader):
 * the call in flight and the filter state, copied whole
 * (task_take_over()).
 */
struct task_state {
	bool in_syscall;  /* a call awaiting its exit stop */
	bool launch_exec; /* the pending call is the launch execve */
	struct agg_key key;
	int64_t t_ns;
	bool nocount;     /* verify: the policy allows the pending call */
	/* verify: a denied call skipped with PTRACE_SET_SYSCALL_INFO (nr -1
	 * at its seccomp or entry stop); its exit stop sets skip_rval */
	bool skip_exit;
	int64_t skip_rval;
	bool has_darg;    /* the pending call has a decisive argument */
	uint64_t darg;    /* its value, counted with the call */
	/* Kills: a task under a filter of its own is restarted with
	 * PTRACE_SYSCALL, so the entry stop of a call its filter kills
	 * (SECCOMP_RET_KILL_*: no stop of ours, the strictest result wins)
	 * names that call; a SIGSYS from SECCOMP_RET_TRAP names it exactly
	 * through its siginfo. */
	bool filtered;    /* installed a filter (or inherited one) */
	char *exec_path;  /* the path its last execve named (malloc'd) */
};

/* One traced thread. */
struct task {
	pid_t tid;
	pid_t tgid;
	int64_t exe;
	bool ignore;      /* our own `syscensus mark` client */
	bool launching;   /* the launched child before its execve */
	bool listening;   /* group-stopped, restarted with PTRACE_LISTEN */
	struct task_state state;
	const char *filter_how; /* a seccomp filter being installed */
	uint64_t filter_flags;
	void *filter_prog;
	size_t filter_len;
	bool entry_open;   /* an entry stop seen: the last call entered */
	uint32_t entry_arch;
	int entry_nr;
	int64_t entry_ns;
	bool entry_counted; /* that call reached syscall_enter() */
	bool kill_exit;    /* its exit stop: rolled back, SIGSYS pending */
	bool trapped;      /* a seccomp SIGSYS (si_code SYS_SECCOMP) */
	uint32_t trap_arch;
	int trap_nr;
	bool entry_has_darg; /* the decisive argument of the last call
			      * entered */
	uint64_t entry_darg;
	size_t access_fact; /* the pending call's access fact + 1, 0: none */
	int64_t wd_last_ns; /* the last WATCHDOG=1 this task sent */
	struct task *next, *prev;
};

struct tracer {
	struct tracer_opts o;
	struct store *st;
	int64_t run;
	struct agg agg;
	int64_t phase_id;
	char *phase_name;
	bool seccomp_mode;
	bool launched;
	/* PTRACE_SET_SYSCALL_INFO: 0 not tried yet, 1 works, -1 the kernel
	 * refused it (or SYSCENSUS_NO_SET_SYSCALL_INFO): registers */
	int set_info;
	unsigned long ptrace_opts;

	pid_t leader;
	int leader_status;
	bool leader_done;

	struct task **pages[NPAGES];
	struct task *tasks;
	size_t ntasks;
	pid_t *detached; /* unknown tasks detached during the final detach */
	size_t ndetached, adetached;

	struct exe *exes;
	size_t nexes, aexes;
	struct exe_alias *aliases;
	size_t naliases, aaliases;
	/* every phase of this run, by store id (for a side store) */
	struct exe *phases;
	size_t nphases, aphases;
	char *kind, *source; /* the run's, for a side store */
	char *side_path;     /* where a failed final write kept the counts */
	/* attach: processes seized, and those that could not be */
	size_t attached, attach_failed;
	struct arch_info *arches[4];
	size_t narches;
	struct arch_info *last_ai;
	uint32_t native;
	uint32_t x32;
	char *self_exe;

	struct control *ctl;
	char *ctl_path;

	struct fact *facts;
	size_t nfacts, afacts;
	/* path and arg facts, open addressing: fact index + 1, 0 empty */
	size_t *path_index;
	size_t path_cap;
	size_t npaths;   /* every path-like fact (the index's load) */
	size_t nkind[FACT_NOTIFY + 1]; /* each kind's, capped at
					 * MAX_PATH_FACTS */
	size_t nargs;
	/* the largest interval between two WATCHDOG=1 of one task */
	int64_t wd_max_ms, wd_phase, wd_exe;
	bool wd_dirty;

	pid_t *killed; /* processes whose SIGSYS death is stored */
	size_t nkilled, akilled;

	uint64_t calls;
	size_t distinct;
	int64_t start_ns, last_flush_ns, last_status_ns;
	bool status_line;
	bool status_shown;
	int fatal;
};

/* ------------------------------------------------------------ event.c */

/*
 * What one wait4() returned, classified as strace does (src/strace.c
 * next_event()).  Each comment says what the stopped task needs to run
 * again.
 */
enum trace_event {
	TE_BREAK,           /* no tracee left (ECHILD) or wait4 failed:
			     * leave the loop, nothing to restart */
	TE_NEXT,            /* interrupted by a signal of ours (EINTR), or
			     * a status of no interest: wait again */
	TE_EXITED,          /* the task exited or was killed: gone, no
			     * restart */
	TE_SYSCALL_STOP,    /* SIGTRAP|0x80: PTRACE_GET_SYSCALL_INFO says
			     * entry or exit; restart with sig 0 */
	TE_SECCOMP,         /* PTRACE_EVENT_SECCOMP: the one stop per
			     * syscall in seccomp mode; restart with 0 */
	TE_STOP,            /* PTRACE_EVENT_STOP: group-stop (stay stopped:
			     * PTRACE_LISTEN), an interrupt or a new task's
			     * first stop; restart with 0 */
	TE_PTRACE_EVENT,    /* clone, fork, vfork, exec: restart with 0 */
	TE_SIGNAL_DELIVERY, /* a signal is about to be delivered: restart
			     * with it (PTRACE_DETACH with it) */
};

struct trace_stop {
	pid_t pid;
	int status;  /* as wait4 gave it */
	int sig;     /* WSTOPSIG for stops */
	int event;   /* PTRACE_EVENT_* of a stop, 0: none */
};

/* Wait for the next stop of any tracee (wait4(-1, __WALL)) and classify
 * it into *ev; TE_BREAK leaves errno set. */
enum trace_event next_event(struct trace_stop *ev);

/* ----------------------------------------------------------- engine.c */

/* Handle one event of the main loop (restarting the task). */
void tracer_dispatch_event(struct tracer *tr, enum trace_event te,
			   const struct trace_stop *ev);

/* ------------------------------------------------------------- task.c */

/* The engine's per-number table for arch token (built on first use from
 * the property table), NULL when four arches are already in use. */
struct arch_info *engine_arch_get(struct tracer *tr, uint32_t token);
struct task *task_find(struct tracer *tr, pid_t tid);
/* A new task (its tgid and executable read from /proc); NULL if tid is
 * out of range.  task_remove() frees it. */
struct task *task_new(struct tracer *tr, pid_t tid);
void task_remove(struct tracer *tr, struct task *t);
void task_clear_filter(struct task *t);
void task_refresh_exe(struct tracer *tr, struct task *t);
void task_add_exec_name(struct tracer *tr, struct task *t,
			const char *exec_path);
/* The exec of non-leader thread old, reported on t (the leader's tid):
 * t takes old's state whole, old is removed. */
void task_take_over(struct tracer *tr, struct task *t, struct task *old);
bool task_sigsys_pending(pid_t tid);

/* ------------------------------------------------------------ facts.c */

int tracee_read_mem(pid_t tid, uint64_t addr, void *buf, size_t len);
void fact_add(struct tracer *tr, struct task *t, uint8_t kind, int value,
	      uint32_t arch, int nr);
/* A path-like fact: its index + 1, 0 when none was kept. */
size_t fact_add_kind(struct tracer *tr, struct task *t, uint8_t kind,
		     uint32_t arch, int nr, const char *path);
void fact_add_arg(struct tracer *tr, const struct agg_key *k,
		  uint64_t value);
bool fact_decisive_value(struct tracer *tr, uint32_t token, int nr,
			 const uint64_t *args, uint64_t *value);
void fact_args(struct tracer *tr, struct task *t, uint32_t arch,
	       uint32_t token, int nr, unsigned fl, const uint64_t *args);
/*
 * The protection a mapping call (the property table's PROT calls) asks
 * for: its argument acc_arg, but "mmap" on i386 and s390 is old_mmap,
 * whose one argument points to its six (addr, len, prot, flags, fd,
 * offset) in the tracee's word size.  false when they cannot be read.
 */
bool fact_prot(pid_t tid, uint32_t arch, const struct sysprop *p,
	       const uint64_t *args, uint64_t *prot);
void fact_paths(struct tracer *tr, struct task *t, uint32_t token, int nr,
		unsigned how, unsigned path2, const struct sysprop *p,
		const uint64_t *args);
void fact_read_exec_path(struct task *t, unsigned idx,
			 const uint64_t *args);

/* ------------------------------------------------------------ flush.c */

/* One transaction of what changed: 0, or -1 with everything kept for the
 * next try (quiet: no warning). */
int tracer_flush_quiet(struct tracer *tr, bool quiet);
int tracer_flush(struct tracer *tr);
void tracer_remember_phase(struct tracer *tr, int64_t id, const char *name);
int tracer_switch_phase(struct tracer *tr, const char *name);
/* The final write, retried; -1 when it failed (a side store kept what it
 * could). */
int tracer_final_flush(struct tracer *tr, int status);
void tracer_summary_line(struct tracer *tr, bool lost);
void tracer_status_line(struct tracer *tr, bool final);

#endif
