/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tracer.h - the one public header of tracer/: the ptrace engine behind
 * `record`, `attach`, `mark` and (later) `verify` and `record --guard`.
 *
 * The ptrace engine (engine.c, event.c, task.c, facts.c, flush.c, sharing
 * tracer-int.h) follows every thread, fork, vfork and exec of its
 * tracees and counts each syscall into a struct agg keyed by (phase, exe,
 * arch, syscall), flushed to the store at least every second, at each phase
 * change and at exit.  launch.c starts a command under a seccomp filter
 * that returns SECCOMP_RET_TRACE (one stop per syscall); attach.c seizes
 * running processes (PTRACE_SYSCALL, two stops per syscall) and detaches
 * leaving them as if never traced.  control.c is the unix socket through
 * which `syscensus mark` switches the phase; stacks.c unwinds call stacks
 * with libdw; filter.c builds the pre-exec filter.
 *
 * The second half of this header is internal to tracer/ (the files share
 * the engine's state); cli/ uses only the first half.
 */
#ifndef SYSCENSUS_TRACER_H
#define SYSCENSUS_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/common.h"

/* ------------------------------------------------------------- public */

/* The verdicts of tracer_opts.judge. */
enum {
	TRACER_PASS = 0,
	TRACER_DENY_LOG,
	TRACER_DENY_ERRNO,
	TRACER_DENY_KILL,
};

/* The recording engines (tracer_opts.engine). */
enum tracer_engine {
	TRACER_ENGINE_AUTO = 0, /* bpf when it can run, else ptrace */
	TRACER_ENGINE_PTRACE,
	TRACER_ENGINE_BPF,
};

/* The facts the ptrace engine gives and the bpf engine cannot (written in
 * the run row, shown by report). */
#define TRACER_BPF_MISSING \
	"stacks, seccomp filters installed, seccomp kills, the path census " \
	"(access, denied and notify facts: the Landlock and systemd layers)"

/* What to trace and how.  Zero-initialise, then fill. */
struct tracer_opts {
	const char *db_path;  /* the store (created if missing) */
	const char *phase;    /* first phase label; NULL means "default" */
	const char *command;  /* the syscensus command line (provenance) */
	bool auto_phases;     /* a phase "after-SIGxxx" per delivered signal */
	bool stacks;          /* unwind on each first sighting (libdw) */
	bool no_errors;       /* never take syscall-exit stops (faster) */
	bool status_line;     /* record/attach: the live view on stderr (when
			       * a terminal) and the summary line at the end
			       * (always, unless --quiet) */
	bool pin_cpu;         /* record: tracer and command on one CPU */

	/* record: the command, resolved through PATH by tracer_record() */
	char *const *argv;
	/* syscalls (native arch numbers) the pre-exec filter allows in the
	 * kernel without a stop: empty for a plain record (`--guard` later) */
	const int *allow;
	size_t nallow;

	/*
	 * verify: called at every trap stop (the calls allow[] did not let
	 * through) with the arch token (x32 for x32 numbers), the libseccomp
	 * name and the six arguments.  Returns TRACER_PASS (not counted),
	 * or a denial: the call is counted as a violation and then proceeds
	 * (TRACER_DENY_LOG), fails with -*err without running
	 * (TRACER_DENY_ERRNO), or is skipped and the process killed with
	 * SIGSYS (TRACER_DENY_KILL).  NULL: count every trapped call
	 * (record, record --guard).
	 */
	int (*judge)(void *arg, uint32_t arch, const char *syscall,
		     const uint64_t *args, int *err);
	void *judge_arg;
	const char *kind;     /* the run's kind; NULL means "record" */
	/* out: the id of the run written (may be NULL) */
	int64_t *run_out;
	/* out: true when the command ran (the status is its own), false
	 * when it could not be started (may be NULL) */
	bool *ran_out;

	int engine;           /* enum tracer_engine */
	const char *engine_why; /* why this engine (the run row says it) */

	/* attach */
	const pid_t *pids;
	size_t npids;
	const char *match;    /* PCRE2 on the command line, as pgrep -f */
	double duration;      /* seconds; 0 means until a signal */
};

/* The statuses of a command that could not run, as the shell and env(1). */
enum {
	TRACER_EXIT_CANNOT_RUN = 126, /* found, but not executable */
	TRACER_EXIT_NOT_FOUND = 127,
};

/*
 * Launch opts->argv under the tracer and record it into opts->db_path.
 * Returns the command's exit status (128 + signal if it was killed), or
 * after printing an error: TRACER_EXIT_NOT_FOUND / TRACER_EXIT_CANNOT_RUN
 * when the command does not exist / is not executable, EXIT_USAGE /
 * EXIT_SYSTEM when it could not run otherwise.
 */
int tracer_record(const struct tracer_opts *opts);

/*
 * Attach to opts->pids and every process matching opts->match, record
 * until a signal (INT, TERM, HUP), opts->duration or every tracee is gone,
 * then detach from all.  Returns EXIT_OK, or EXIT_SYSTEM (no such process,
 * permission refused) / EXIT_USAGE after printing an error.
 */
int tracer_attach(const struct tracer_opts *opts);

/*
 * The bpf engine (bpf-engine.c): the same as tracer_record() and
 * tracer_attach(), counting in the kernel; nothing is ever stopped.
 */
int tracer_bpf_record(const struct tracer_opts *opts);
int tracer_bpf_attach(const struct tracer_opts *opts);
/* Can the bpf engine run here (build, kernel, privileges)?  Tried once
 * by loading the program; false with *why (a static string) if not. */
bool tracer_bpf_usable(const char **why);
/*
 * Settle o->engine (auto: bpf when it can run and nothing ptrace-only is
 * asked: ptrace_only names that option, or NULL) and o->engine_why.
 * Returns 0, or -1 after an error (bpf forced but unusable, or forced
 * with a ptrace-only option).
 */
int tracer_choose_engine(struct tracer_opts *o, const char *ptrace_only);

/* True when this build can unwind call stacks (libdw). */
bool tracer_have_stacks(void);

/*
 * The control socket path of the trace writing db_path: a name hashed from
 * the database's absolute path in the user's private directory,
 * $XDG_RUNTIME_DIR/syscensus or /tmp/syscensus-UID.  Computed only (the
 * directory may not exist yet).  Caller frees.
 */
char *tracer_control_path(const char *db_path);

/*
 * Make the directory of the control socket path (0700) unless it exists,
 * and check that it is a directory, ours, with no access for others:
 * 0, or -1 after error() naming what is wrong with it.
 */
int tracer_control_dir_prepare(const char *path);

/*
 * Ask the trace listening on ctl_path to switch to phase; returns once it
 * has switched (0), or -1 after an error (-2 when no trace listens there).
 */
int tracer_mark(const char *ctl_path, const char *phase);

/* A phase name the tracer accepts: 1..200 printable bytes. */
bool tracer_phase_name_ok(const char *name);

/*
 * Build the cBPF program installed before exec: on the native arch the
 * syscalls in allow[] return SECCOMP_RET_ALLOW, everything else (any
 * syscall, any other arch, x32) returns other_action (SECCOMP_RET_TRACE
 * for record).  *prog is malloc'd (caller frees), *len in instructions.
 * Returns 0, or -1 when the list is too long for one program.
 */
struct sock_filter;
int tracer_filter_build(uint32_t arch, const int *allow, size_t nallow,
			uint32_t other_action, struct sock_filter **prog,
			size_t *len);

/* ----------------------------------------------------------- internal */

/* launch.c: the file execvp() would run (caller frees), NULL if none
 * (*err ENOENT or EACCES); the launched child (stops itself, then execs;
 * reports errno on errfd). */
char *tracer_resolve_command(const char *name, int *err);
struct sock_fprog;
void tracer_child_run(const char *path, char *const argv[],
		      const struct sock_fprog *prog, int errfd)
	ATTR_NORETURN;
/* attach.c: the processes opts names (pids, --match) into *pids (caller
 * frees) and their description into source; EXIT_OK, or the exit status
 * after an error.  The "attached N processes (M threads)" line. */
int tracer_attach_targets(const struct tracer_opts *opts, pid_t **pids,
			  size_t *n, struct strbuf *source);
void tracer_note_attached(int procs, int threads);

/* summary.c: the line record and attach end with (both engines). */
struct tracer_summary {
	bool enabled;        /* opts->status_line (-q: none either way) */
	bool launched;       /* record; else attach */
	size_t attached, attach_failed;
	size_t syscalls;     /* distinct syscalls counted */
	uint64_t calls;
	long kills;          /* -1: the engine cannot see them */
	const char *db;
	bool lost;           /* the final write failed */
	const char *side_path; /* where the counts are kept then, or NULL */
	const char *engine, *why; /* "ptrace", opts->engine_why */
};
void tracer_summary_print(const struct tracer_summary *s);

struct tracer;

/* engine.c */
struct tracer *tracer_new(const struct tracer_opts *opts, const char *kind,
			  const char *source);
void tracer_free(struct tracer *tr);
struct store *tracer_store(struct tracer *tr);
int64_t tracer_run(const struct tracer *tr);
/* Ptrace options for new tracees; seccomp mode (one stop per syscall). */
void tracer_set_mode(struct tracer *tr, bool seccomp, bool launched);
/* The options to PTRACE_SEIZE with. */
unsigned long tracer_ptrace_opts(const struct tracer *tr);
/* Register a seized task (launching: our child before its exec). */
void tracer_add_task(struct tracer *tr, pid_t tid, bool launching);
bool tracer_has_task(struct tracer *tr, pid_t tid);
/* Detach from every tracee, leaving each as if never traced. */
void tracer_detach_all(struct tracer *tr);
/* The launched command's pid, whose status tracer_loop() returns. */
void tracer_set_leader(struct tracer *tr, pid_t pid);
/* attach: the processes seized and those that could not be, for the
 * summary line and the run row. */
void tracer_set_attach_counts(struct tracer *tr, size_t attached,
			      size_t failed);
/* Run the event loop; returns the exit status to report: EXIT_SYSTEM
 * when the final write failed (the counts are then in a side store). */
int tracer_loop(struct tracer *tr);
/* Control socket: start (path exported as SYSCENSUS_CONTROL); -1 after an
 * error when its directory is not private or another process holds the
 * name: the caller must not trace then. */
int tracer_start_control(struct tracer *tr);
/* Forward a fatal signal the tracer receives to the launched command. */
void tracer_install_signals(struct tracer *tr);

/* control.c: a listening server thread that hands requests to the loop. */
struct control;
struct control *control_start(const char *path);
/* The phase requested by a client, or NULL; copy it before control_ack. */
const char *control_pending(struct control *c);
void control_ack(struct control *c, bool ok);
void control_stop(struct control *c); /* NULL is a no-op; frees */

/* stacks.c: the user stack of tid (stopped), innermost frame first, one
 * "function+0xoff (module)" per line; NULL if it cannot be unwound.
 * Caller frees. */
char *stacks_unwind(pid_t pid, pid_t tid);

#endif
