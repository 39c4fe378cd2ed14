/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine.c - the ptrace event loop shared by `record` and `attach`.
 *
 * One wait4(-1, __WALL) per stop; each status is classified as strace does
 * (src/strace.c next_event/dispatch_event):
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

#include <dirent.h>
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

#include "tracer/tracer.h"

#define X32_SYSCALL_BIT 0x40000000
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
#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1 /* si_code of a SIGSYS from SECCOMP_RET_TRAP */
#endif
#define AUDIT_ARCH_X86_64_ 0xc000003eu
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

/* Syscalls with a decisive argument (decisive_arg_find()). */
static const char *const darg_names[] = {
	"socket", "socketpair", "fcntl", "fcntl64", "ioctl", "prctl", "clone",
};

/*
 * Syscalls whose argument names a file (PATHARG + index), a unix socket
 * address (SOCKARG + index) or a struct msghdr whose msg_name is one
 * (MSGARG + index): the path becomes a "path" fact.  For sendmmsg that is
 * the first message's address.
 */
enum { PATHARG = 1, SOCKARG = 11, MSGARG = 21 };
static const struct { const char *name; uint8_t arg; } path_calls[] = {
	{ "open", PATHARG + 0 }, { "openat", PATHARG + 1 },
	{ "openat2", PATHARG + 1 }, { "creat", PATHARG + 0 },
	{ "execve", PATHARG + 0 }, { "execveat", PATHARG + 1 },
	{ "access", PATHARG + 0 }, { "faccessat", PATHARG + 1 },
	{ "faccessat2", PATHARG + 1 }, { "stat", PATHARG + 0 },
	{ "lstat", PATHARG + 0 }, { "stat64", PATHARG + 0 },
	{ "lstat64", PATHARG + 0 }, { "newfstatat", PATHARG + 1 },
	{ "fstatat64", PATHARG + 1 }, { "statx", PATHARG + 1 },
	{ "unlink", PATHARG + 0 }, { "unlinkat", PATHARG + 1 },
	{ "rename", PATHARG + 0 }, { "renameat", PATHARG + 1 },
	{ "renameat2", PATHARG + 1 }, { "mkdir", PATHARG + 0 },
	{ "mkdirat", PATHARG + 1 }, { "rmdir", PATHARG + 0 },
	{ "readlink", PATHARG + 0 }, { "readlinkat", PATHARG + 1 },
	{ "truncate", PATHARG + 0 }, { "chmod", PATHARG + 0 },
	{ "fchmodat", PATHARG + 1 }, { "chown", PATHARG + 0 },
	{ "fchownat", PATHARG + 1 }, { "chdir", PATHARG + 0 },
	{ "inotify_add_watch", PATHARG + 1 }, { "mknodat", PATHARG + 1 },
	{ "connect", SOCKARG + 1 }, { "bind", SOCKARG + 1 },
	{ "sendto", SOCKARG + 4 }, { "sendmsg", MSGARG + 1 },
	{ "sendmmsg", MSGARG + 1 },
};

/*
 * The path census: how a call uses the path it names (an "access" fact,
 * value "HOW /absolute/path"; relative paths are resolved through the
 * task's cwd or dirfd).  Open-family calls say it through their flags.
 */
enum {
	AC_NONE, AC_OPEN1, AC_OPEN2, AC_OPENHOW, AC_CREAT, AC_EXEC,
	AC_MKDIR, AC_UNLINK, AC_UNLINKAT, AC_RMDIR, AC_RENAME, AC_MKNOD,
	AC_TRUNCATE, AC_BIND, AC_CONNECT, AC_SEND,
	AC_PROT, /* mmap/mprotect: a W+X mapping is an "access" "wx-map -" */
};
static const struct { const char *name; uint8_t how; } access_calls[] = {
	{ "open", AC_OPEN1 }, { "openat", AC_OPEN2 },
	{ "openat2", AC_OPENHOW }, { "creat", AC_CREAT },
	{ "execve", AC_EXEC }, { "execveat", AC_EXEC },
	{ "mkdir", AC_MKDIR }, { "mkdirat", AC_MKDIR },
	{ "unlink", AC_UNLINK }, { "unlinkat", AC_UNLINKAT },
	{ "rmdir", AC_RMDIR }, { "rename", AC_RENAME },
	{ "renameat", AC_RENAME }, { "renameat2", AC_RENAME },
	{ "mknodat", AC_MKNOD }, { "truncate", AC_TRUNCATE },
	{ "bind", AC_BIND }, { "connect", AC_CONNECT },
	{ "sendto", AC_SEND }, { "sendmsg", AC_SEND }, { "sendmmsg", AC_SEND },
	{ "mmap", AC_PROT }, { "mmap2", AC_PROT }, { "mprotect", AC_PROT },
	{ "pkey_mprotect", AC_PROT },
};

/* Calls that never return to the caller, or return no error. */
static const char *const noexit_names[] = {
	"exit", "exit_group", "rt_sigreturn", "sigreturn", "getpid",
	"getppid", "gettid", "getuid", "geteuid", "getgid", "getegid",
	"getuid32", "geteuid32", "getgid32", "getegid32", "getpgrp",
	"sched_yield", "umask", "set_tid_address", "alarm", "sync",
};

struct arch_info {
	uint32_t token;
	uint8_t flags[NR_SLOTS];
	uint8_t patharg[NR_SLOTS]; /* PATHARG/SOCKARG + index, 0: none */
	uint8_t access[NR_SLOTS];  /* AC_*: the path census */
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

struct task {
	pid_t tid;
	pid_t tgid;
	int64_t exe;
	bool ignore;      /* our own `syscensus mark` client */
	bool launching;   /* the launched child before its execve */
	bool in_syscall;  /* a call awaiting its exit stop */
	bool launch_exec; /* the pending call is the launch execve */
	bool listening;   /* group-stopped, restarted with PTRACE_LISTEN */
	struct agg_key key;
	int64_t t_ns;
	const char *filter_how; /* a seccomp filter being installed */
	uint64_t filter_flags;
	void *filter_prog;
	size_t filter_len;
	/* Kills: a task under a filter of its own is restarted with
	 * PTRACE_SYSCALL, so the entry stop of a call its filter kills
	 * (SECCOMP_RET_KILL_*: no stop of ours, the strictest result wins)
	 * names that call; a SIGSYS from SECCOMP_RET_TRAP names it exactly
	 * through its siginfo. */
	bool filtered;     /* installed a filter (or inherited one) */
	bool entry_open;   /* an entry stop seen: the last call entered */
	uint32_t entry_arch;
	int entry_nr;
	int64_t entry_ns;
	bool entry_counted; /* that call reached syscall_enter() */
	bool kill_exit;    /* its exit stop: rolled back, SIGSYS pending */
	bool trapped;      /* a seccomp SIGSYS (si_code SYS_SECCOMP) */
	uint32_t trap_arch;
	int trap_nr;
	bool nocount;      /* verify: the policy allows the pending call */
	/* verify: a denied call skipped with PTRACE_SET_SYSCALL_INFO (nr -1
	 * at its seccomp or entry stop); its exit stop sets skip_rval */
	bool skip_exit;
	int64_t skip_rval;
	char *exec_path;   /* the path its last execve named (malloc'd) */
	bool has_darg;     /* the pending call has a decisive argument */
	uint64_t darg;     /* its value, counted with the call */
	bool entry_has_darg; /* the same for the last call entered */
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

static volatile sig_atomic_t sig_tick, sig_ctl, sig_stop, sig_stop_user;

/* ------------------------------------------------------------ helpers */

static int read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

static pid_t read_tgid(pid_t tid)
{
	char path[64], buf[1024], *p;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	if (read_small(path, buf, sizeof(buf)) < 0)
		return tid;
	p = strstr(buf, "\nTgid:");
	if (!p)
		return tid;
	return (pid_t)strtol(p + 6, NULL, 10);
}

static int count_threads(pid_t tgid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)tgid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

/* ------------------------------------------------------ arches, exes */

static struct arch_info *arch_get(struct tracer *tr, uint32_t token)
{
	struct arch_info *ai;
	size_t i;

	if (tr->last_ai && tr->last_ai->token == token)
		return tr->last_ai;
	for (i = 0; i < tr->narches; i++)
		if (tr->arches[i]->token == token)
			return tr->last_ai = tr->arches[i];
	if (tr->narches == ARRAY_SIZE(tr->arches))
		return NULL;
	ai = xcalloc(1, sizeof(*ai));
	ai->token = token;
	for (i = 0; i < ARRAY_SIZE(noexit_names); i++) {
		int nr = syscall_resolve_name(token, noexit_names[i]);

		if (nr >= 0 && (nr & ~X32_SYSCALL_BIT) < NR_SLOTS)
			ai->flags[nr & ~X32_SYSCALL_BIT] |= SC_NOEXIT;
	}
	{
		static const struct { const char *name; uint8_t flag; } m[] = {
			{ "execve", SC_EXEC }, { "execveat", SC_EXEC },
			{ "seccomp", SC_SECCOMP }, { "prctl", SC_PRCTL },
			{ "rt_sigaction", SC_SIGACTION },
			{ "sigaction", SC_SIGACTION }, { "clone", SC_CLONE },
			{ "clone3", SC_CLONE3 },
		};
		for (i = 0; i < ARRAY_SIZE(m); i++) {
			int nr = syscall_resolve_name(token, m[i].name);

			if (nr >= 0 && (nr & ~X32_SYSCALL_BIT) < NR_SLOTS)
				ai->flags[nr & ~X32_SYSCALL_BIT] |= m[i].flag;
		}
	}
	for (i = 0; i < ARRAY_SIZE(path_calls); i++) {
		int nr = syscall_resolve_name(token, path_calls[i].name);

		if (nr >= 0 && (nr & ~X32_SYSCALL_BIT) < NR_SLOTS)
			ai->patharg[nr & ~X32_SYSCALL_BIT] = path_calls[i].arg;
	}
	for (i = 0; i < ARRAY_SIZE(access_calls); i++) {
		int nr = syscall_resolve_name(token, access_calls[i].name);

		if (nr >= 0 && (nr & ~X32_SYSCALL_BIT) < NR_SLOTS)
			ai->access[nr & ~X32_SYSCALL_BIT] = access_calls[i].how;
	}
	for (i = 0; i < ARRAY_SIZE(darg_names); i++) {
		const struct decisive_arg *d = decisive_arg_find(darg_names[i]);
		int nr = syscall_resolve_name(token, darg_names[i]);

		/* DARG_WIDE: clone keeps its 64-bit flags (its mask
		 * is in the low half anyway) */
		if (d && nr >= 0 && (nr & ~X32_SYSCALL_BIT) < NR_SLOTS)
			ai->darg[nr & ~X32_SYSCALL_BIT] =
				(uint8_t)((d->index + 1) |
					  (d->mask ? DARG_WIDE : 0));
	}
	tr->arches[tr->narches++] = ai;
	return tr->last_ai = ai;
}

static int64_t exe_id(struct tracer *tr, const char *path)
{
	int64_t id;
	size_t i;

	for (i = 0; i < tr->nexes; i++)
		if (!strcmp(tr->exes[i].path, path))
			return tr->exes[i].id;
	/* the store refused (locked, full): a provisional id (< 0) keeps
	 * the name for a side store (see final_flush()) */
	id = store_intern_exe(tr->st, path);
	if (id < 0)
		id = -(int64_t)tr->nexes - 1;
	tr->exes = xgrow(tr->exes, sizeof(*tr->exes), tr->nexes + 1,
			 &tr->aexes);
	tr->exes[tr->nexes].path = xstrdup(path);
	tr->exes[tr->nexes].id = id;
	tr->nexes++;
	return id;
}

/*
 * After an exec: store the path the program was executed by as another
 * name of its real binary (t->exe, from /proc/PID/exe) when they differ,
 * e.g. /usr/bin/redis-server for /usr/bin/redis-check-rdb, so that --exe
 * matches either.  A relative path is taken from the task's cwd.
 */
static void exe_add_exec_name(struct tracer *tr, struct task *t,
			      const char *exec_path)
{
	char link[64], cwd[4096], *name;
	const char *real = NULL;
	ssize_t n;
	size_t i;

	if (!exec_path || !*exec_path || t->exe <= 0)
		return;
	if (*exec_path == '/') {
		name = xstrdup(exec_path);
	} else {
		snprintf(link, sizeof(link), "/proc/%d/cwd", (int)t->tid);
		n = readlink(link, cwd, sizeof(cwd) - 1);
		if (n <= 0)
			return;
		cwd[n] = '\0';
		name = xasprintf("%s/%s", strcmp(cwd, "/") ? cwd : "",
				 exec_path[0] == '.' && exec_path[1] == '/' ?
				 exec_path + 2 : exec_path);
	}
	for (i = 0; i < tr->nexes; i++)
		if (tr->exes[i].id == t->exe)
			real = tr->exes[i].path;
	for (i = 0; i < tr->naliases; i++)
		if (tr->aliases[i].id == t->exe &&
		    !strcmp(tr->aliases[i].name, name))
			break;
	if ((real && !strcmp(real, name)) || i < tr->naliases ||
	    store_add_exe_name(tr->st, t->exe, name) < 0) {
		free(name);
		return;
	}
	tr->aliases = xgrow(tr->aliases, sizeof(*tr->aliases),
			    tr->naliases + 1, &tr->aaliases);
	tr->aliases[tr->naliases].id = t->exe;
	tr->aliases[tr->naliases].name = name;
	tr->naliases++;
}

/* Is tid our own `syscensus mark` (a launched harness calls it)? */
static bool is_mark_client(pid_t tid)
{
	char path[64], buf[256];
	int n;
	char *arg1;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)tid);
	n = read_small(path, buf, sizeof(buf));
	if (n <= 0)
		return false;
	arg1 = memchr(buf, '\0', (size_t)n);
	return arg1 && arg1 + 1 < buf + n && !strcmp(arg1 + 1, "mark");
}

static void task_refresh_exe(struct tracer *tr, struct task *t)
{
	char path[64], target[4096];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)t->tid);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0) {
		strcpy(target, "unknown");
		n = 7;
	}
	target[n] = '\0';
	t->exe = exe_id(tr, target);
	t->ignore = tr->self_exe && !strcmp(target, tr->self_exe) &&
		    is_mark_client(t->tid);
}

/* -------------------------------------------------------------- tasks */

static struct task *task_find(struct tracer *tr, pid_t tid)
{
	unsigned p = (unsigned)tid >> PAGE_BITS;

	if (tid <= 0 || p >= NPAGES || !tr->pages[p])
		return NULL;
	return tr->pages[p][tid & ((1 << PAGE_BITS) - 1)];
}

static struct task *task_new(struct tracer *tr, pid_t tid)
{
	unsigned p = (unsigned)tid >> PAGE_BITS;
	struct task *t;

	if (tid <= 0 || p >= NPAGES)
		return NULL;
	if (!tr->pages[p])
		tr->pages[p] = xcalloc(1u << PAGE_BITS, sizeof(struct task *));
	t = xcalloc(1, sizeof(*t));
	t->tid = tid;
	t->tgid = read_tgid(tid);
	task_refresh_exe(tr, t);
	tr->pages[p][tid & ((1 << PAGE_BITS) - 1)] = t;
	t->next = tr->tasks;
	if (tr->tasks)
		tr->tasks->prev = t;
	tr->tasks = t;
	tr->ntasks++;
	return t;
}

static void task_clear_filter(struct task *t)
{
	free(t->filter_prog);
	t->filter_prog = NULL;
	t->filter_len = 0;
	t->filter_how = NULL;
}

static void task_remove(struct tracer *tr, struct task *t)
{
	unsigned p = (unsigned)t->tid >> PAGE_BITS;

	tr->pages[p][t->tid & ((1 << PAGE_BITS) - 1)] = NULL;
	if (t->prev)
		t->prev->next = t->next;
	else
		tr->tasks = t->next;
	if (t->next)
		t->next->prev = t->prev;
	tr->ntasks--;
	task_clear_filter(t);
	free(t->exec_path);
	free(t);
}

bool tracer_has_task(struct tracer *tr, pid_t tid)
{
	return task_find(tr, tid) != NULL;
}

void tracer_add_task(struct tracer *tr, pid_t tid, bool launching)
{
	struct task *t = task_find(tr, tid);

	if (!t)
		t = task_new(tr, tid);
	if (t)
		t->launching = launching;
}

/* ------------------------------------------------------------- store */

/* "SIGHUP"; real-time signals as strace names them (SIGRTMIN, SIGRT_1). */
static const char *signal_name(int sig, char *buf, size_t size)
{
	const char *abbrev = sig < 32 ? sigabbrev_np(sig) : NULL;

	if (abbrev)
		snprintf(buf, size, "SIG%s", abbrev);
	else if (sig == 32)
		snprintf(buf, size, "SIGRTMIN");
	else if (sig > 32 && sig <= 64)
		snprintf(buf, size, "SIGRT_%d", sig - 32);
	else
		snprintf(buf, size, "SIG%d", sig);
	return buf;
}

static const char *fact_kind_name(uint8_t kind)
{
	return kind == FACT_SIGNAL ? "signal" :
	       kind == FACT_HANDLER ? "handler" :
	       kind == FACT_PATH ? "path" :
	       kind == FACT_ACCESS ? "access" :
	       kind == FACT_DENIED ? "denied" :
	       kind == FACT_NOTIFY ? "notify" :
	       kind == FACT_ARG ? "arg" : "flag";
}

/*
 * Store ids of this run's phases and executables in another store (the
 * side store a failed final write falls back to): from[i] becomes to[i];
 * NULL maps every id to itself.
 */
struct idmap {
	int64_t *from, *to;
	size_t n;
};

static int64_t idmap_get(const struct idmap *m, int64_t id)
{
	size_t i;

	if (!m)
		return id;
	for (i = 0; i < m->n; i++)
		if (m->from[i] == id)
			return m->to[i];
	return m->n ? m->to[0] : id; /* [0] is "unknown" */
}

static int flush_facts(struct tracer *tr, struct store *st, int64_t run,
		       const struct idmap *pm, const struct idmap *em)
{
	char name[SYSCALL_NAME_MAX], value[32];
	struct strbuf arg = STRBUF_INIT;
	const char *text;
	size_t i;
	int ret = 0;

	for (i = 0; i < tr->nfacts; i++) {
		struct fact *f = &tr->facts[i];
		const char *sc;

		if (!f->count)
			continue;
		sc = f->arch ? syscall_name(f->arch, f->nr, name) : "";
		text = value;
		if (f->kind == FACT_FLAG) {
			strcpy(value, "CLONE_THREAD");
		} else if (FACT_HAS_PATH(f->kind)) {
			text = f->path;
		} else if (f->kind == FACT_ARG) {
			const struct decisive_arg *d = decisive_arg_find(sc);

			if (!d)
				continue;
			strbuf_reset(&arg);
			decisive_arg_format(&arg, d, f->arg);
			text = arg.buf;
		} else {
			signal_name(f->value, value, sizeof(value));
		}
		if (store_add_fact(st, run, idmap_get(pm, f->phase),
				   idmap_get(em, f->exe),
				   fact_kind_name(f->kind), text, sc,
				   f->count) < 0) {
			ret = -1;
			break;
		}
	}
	if (!ret && tr->wd_dirty) {
		snprintf(value, sizeof(value), "WATCHDOG_INTERVAL_MS=%lld",
			 (long long)tr->wd_max_ms);
		if (store_add_fact(tr->st, tr->run, tr->wd_phase, tr->wd_exe,
				   "notify", value, "", 1) < 0)
			ret = -1;
	}
	strbuf_release(&arg);
	return ret;
}

/*
 * One transaction: the counts and the facts since the last flush.  0, or
 * -1 with everything kept in memory for the next try (nothing is cleared
 * before the commit succeeds).  quiet: no warning (the final write says
 * more itself).
 */
static int flush_quiet(struct tracer *tr, bool quiet)
{
	size_t i;
	bool facts = false;
	int ret = 0;

	for (i = 0; i < tr->nfacts; i++)
		facts |= tr->facts[i].count > 0;
	facts |= tr->wd_dirty;
	if (!tr->agg.ndirty && !facts)
		goto out;
	if (store_begin(tr->st) < 0 ||
	    store_write_agg(tr->st, tr->run, &tr->agg) < 0 ||
	    flush_facts(tr, tr->st, tr->run, NULL, NULL) < 0 ||
	    store_commit(tr->st) < 0) {
		store_rollback(tr->st);
		if (!quiet)
			warning("counts not written yet; retrying at the next "
				"flush");
		ret = -1;
		goto out;
	}
	agg_clear_dirty(&tr->agg);
	for (i = 0; i < tr->nfacts; i++)
		tr->facts[i].count = 0;
	tr->wd_dirty = false;
out:
	tr->last_flush_ns = time_mono_ns();
	return ret;
}

static int flush(struct tracer *tr)
{
	return flush_quiet(tr, false);
}

static void add_fact(struct tracer *tr, struct task *t, uint8_t kind,
		     int value, uint32_t arch, int nr)
{
	struct fact *f;
	size_t i;

	for (i = 0; i < tr->nfacts; i++) {
		f = &tr->facts[i];
		if (f->kind == kind && f->phase == tr->phase_id &&
		    f->exe == t->exe && f->value == value && f->arch == arch &&
		    f->nr == nr) {
			f->count++;
			return;
		}
	}
	tr->facts = xgrow(tr->facts, sizeof(*tr->facts), tr->nfacts + 1,
			  &tr->afacts);
	f = &tr->facts[tr->nfacts++];
	memset(f, 0, sizeof(*f));
	f->phase = tr->phase_id;
	f->exe = t->exe;
	f->kind = kind;
	f->value = value;
	f->arch = arch;
	f->nr = nr;
	f->count = 1;
}

static uint64_t path_hash(int64_t phase, int64_t exe, uint32_t arch, int nr,
			  const char *path)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)phase * 31 ^
		     (uint64_t)exe * 131 ^ ((uint64_t)arch << 20) ^ (uint32_t)nr;

	for (; *path; path++) {
		h ^= (unsigned char)*path;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t arg_hash(const struct agg_key *k, uint64_t value)
{
	uint64_t h = 0x84222325cbf29ce4ULL ^ (uint64_t)k->phase * 31 ^
		     (uint64_t)k->exe * 131 ^ ((uint64_t)k->arch << 20) ^
		     (uint32_t)k->nr;

	h ^= value;
	h *= 0x100000001b3ULL;
	return h ^ (h >> 29);
}

static void path_index_grow(struct tracer *tr)
{
	size_t cap = tr->path_cap ? tr->path_cap * 2 : 1024, i;
	size_t *idx = xcalloc(cap, sizeof(*idx));

	for (i = 0; i < tr->nfacts; i++) {
		size_t j;

		if (!FACT_HAS_PATH(tr->facts[i].kind) &&
		    tr->facts[i].kind != FACT_ARG)
			continue;
		j = tr->facts[i].hash & (cap - 1);
		while (idx[j])
			j = (j + 1) & (cap - 1);
		idx[j] = i + 1;
	}
	free(tr->path_index);
	tr->path_index = idx;
	tr->path_cap = cap;
}

/*
 * The slot of the hashed fact (path or argument) equal to key in the
 * open-addressing index: *found is it, or NULL and the slot is the free
 * one to fill.  Grows the index first so one more fact fits.
 */
static size_t fact_slot(struct tracer *tr, const struct fact *key,
			struct fact **found)
{
	size_t j;

	if ((tr->npaths + tr->nargs + 1) * 2 > tr->path_cap)
		path_index_grow(tr);
	for (j = key->hash & (tr->path_cap - 1); tr->path_index[j];
	     j = (j + 1) & (tr->path_cap - 1)) {
		struct fact *f = &tr->facts[tr->path_index[j] - 1];

		if (f->hash == key->hash && f->kind == key->kind &&
		    f->phase == key->phase && f->exe == key->exe &&
		    f->arch == key->arch && f->nr == key->nr &&
		    (FACT_HAS_PATH(key->kind) ? !strcmp(f->path, key->path)
					       : f->arg == key->arg)) {
			*found = f;
			return j;
		}
	}
	*found = NULL;
	return j;
}

/*
 * Count a path-like fact of kind; paths are many, so they are found
 * through a hash.  Returns the fact's index + 1, 0 when none was kept.
 */
static size_t add_kind_fact(struct tracer *tr, struct task *t, uint8_t kind,
			    uint32_t arch, int nr, const char *path)
{
	uint64_t h = path_hash(tr->phase_id, t->exe, arch, nr, path) ^ kind;
	struct fact key = { .phase = tr->phase_id, .exe = t->exe,
			    .arch = arch, .nr = nr, .kind = kind,
			    .path = (char *)path, .hash = h };
	struct fact *f;
	size_t j = fact_slot(tr, &key, &f);

	if (f) {
		f->count++;
		return (size_t)(f - tr->facts) + 1;
	}
	/* each kind its own budget: the census is not starved by the
	 * knowledge base's paths, nor the other way round */
	if (tr->nkind[kind] >= MAX_PATH_FACTS)
		return 0;
	tr->facts = xgrow(tr->facts, sizeof(*tr->facts), tr->nfacts + 1,
			  &tr->afacts);
	f = &tr->facts[tr->nfacts];
	*f = key;
	f->path = xstrdup(path);
	f->count = 1;
	tr->path_index[j] = ++tr->nfacts;
	tr->npaths++;
	tr->nkind[kind]++;
	return tr->nfacts;
}

static void add_path_fact(struct tracer *tr, struct task *t, uint32_t arch,
			  int nr, const char *path)
{
	add_kind_fact(tr, t, FACT_PATH, arch, nr, path);
}

/* Count a decisive-argument fact for the call key names (hashed too). */
static void add_arg_fact(struct tracer *tr, const struct agg_key *k,
			 uint64_t value)
{
	uint64_t h = arg_hash(k, value);
	struct fact key = { .phase = k->phase, .exe = k->exe,
			    .arch = k->arch, .nr = k->nr, .kind = FACT_ARG,
			    .arg = value, .hash = h };
	struct fact *f;
	size_t j = fact_slot(tr, &key, &f);

	if (f) {
		f->count++;
		return;
	}
	if (tr->nargs >= MAX_ARG_FACTS)
		return; /* see MAX_ARG_FACTS */
	tr->facts = xgrow(tr->facts, sizeof(*tr->facts), tr->nfacts + 1,
			  &tr->afacts);
	f = &tr->facts[tr->nfacts];
	*f = key;
	f->count = 1;
	tr->path_index[j] = ++tr->nfacts;
	tr->nargs++;
}

/* The decisive argument's value of a call, if it has one. */
static bool decisive_value(struct tracer *tr, uint32_t token, int nr,
			   const uint64_t *args, uint64_t *value)
{
	struct arch_info *ai = arch_get(tr, token);
	unsigned slot = (unsigned)nr & ~(unsigned)X32_SYSCALL_BIT;

	if (!ai || slot >= NR_SLOTS || !ai->darg[slot])
		return false;
	*value = args[(ai->darg[slot] & ~DARG_WIDE) - 1];
	/*
	 * The kernel takes socket's domain, fcntl's, ioctl's and prctl's
	 * command as 32-bit int/unsigned int: the register's high half is
	 * whatever the caller's C type made of it (sign extension of an int
	 * ioctl request through musl's ioctl(int, int, ...)), and filters
	 * compare the low half only.  A 32-bit tracee: the low half only.
	 */
	if (!(ai->darg[slot] & DARG_WIDE) || !(token & ARCH_64BIT))
		*value &= 0xffffffffu;
	return true;
}

static void remember_phase(struct tracer *tr, int64_t id, const char *name)
{
	size_t i;

	for (i = 0; i < tr->nphases; i++)
		if (tr->phases[i].id == id)
			return;
	tr->phases = xgrow(tr->phases, sizeof(*tr->phases), tr->nphases + 1,
			   &tr->aphases);
	tr->phases[tr->nphases].id = id;
	tr->phases[tr->nphases].path = xstrdup(name);
	tr->nphases++;
}

static int switch_phase(struct tracer *tr, const char *name)
{
	int64_t id;

	if (!strcmp(name, tr->phase_name))
		return 0;
	flush(tr);
	id = store_intern_phase(tr->st, name);
	if (id < 0)
		return -1;
	remember_phase(tr, id, name);
	tr->phase_id = id;
	free(tr->phase_name);
	tr->phase_name = xstrdup(name);
	return 0;
}

/* -------------------------------------------------------------- calls */

static void count_call(struct tracer *tr, struct task *t, int err)
{
	if (t->nocount)
		return; /* verify: the policy allows it */
	agg_count(&tr->agg, &t->key, t->tid, t->t_ns, err);
	if (t->has_darg)
		add_arg_fact(tr, &t->key, t->darg);
	tr->calls++;
}

static int read_mem(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	size_t off;

	if (process_vm_readv(tid, &local, 1, &remote, 1, 0) == (ssize_t)len)
		return 0;
	/* fall back to words through ptrace (the task is stopped) */
	for (off = 0; off < len; off += sizeof(long)) {
		long w;
		size_t n = len - off < sizeof(long) ? len - off : sizeof(long);

		errno = 0;
		w = ptrace(PTRACE_PEEKDATA, tid, (void *)(uintptr_t)(addr + off),
			   NULL);
		if (errno)
			return -1;
		memcpy((char *)buf + off, &w, n);
	}
	return 0;
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

		if (read_mem(t->tid, args[2], &f, sizeof(f)) < 0)
			goto fail;
		len = f.len;
		ptr = f.filter;
	} else {
		struct { uint16_t len; uint16_t pad; uint32_t filter; } f;

		if (read_mem(t->tid, args[2], &f, sizeof(f)) < 0)
			goto fail;
		len = f.len;
		ptr = f.filter;
	}
	if (!len || len > BPF_MAXINSNS)
		goto fail;
	prog = xmalloc(len * sizeof(struct sock_filter));
	if (read_mem(t->tid, ptr, prog, len * sizeof(struct sock_filter)) < 0) {
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
		.time_ns = t->t_ns,
		.how = t->filter_how,
		.flags = t->filter_flags,
		.threads = count_threads(t->tgid),
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
	struct agg_entry *e = agg_get(&tr->agg, &t->key, &fresh);
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
		e = agg_get(&tr->agg, &t->key, NULL);
		e->first_stack = id;
	}
}

/*
 * Facts the knowledge base needs and the syscall list cannot tell: a real
 * handler installed (not SIG_DFL/SIG_IGN), a thread created.  These calls
 * are rare; reading one word of the tracee's memory is fine here.
 */
static void arg_facts(struct tracer *tr, struct task *t, uint32_t arch,
		      uint32_t token, int nr, unsigned fl, const uint64_t *args)
{
	uint64_t word = 0;

	if (fl & SC_SIGACTION) {
		size_t len = (arch & ARCH_64BIT) ? 8 : 4;

		if (!args[1] || read_mem(t->tid, args[1], &word, len) < 0)
			return;
		/* SIG_DFL is 0, SIG_IGN 1: not handlers */
		if (word > 1 && args[0] > 0 && args[0] < 65)
			add_fact(tr, t, FACT_HANDLER, (int)args[0], token, nr);
	} else if (fl & SC_CLONE) {
		if (args[0] & CLONE_THREAD)
			add_fact(tr, t, FACT_FLAG, CLONE_THREAD, token, nr);
	} else if (args[0] && read_mem(t->tid, args[0], &word, 8) == 0 &&
		   (word & CLONE_THREAD)) {
		add_fact(tr, t, FACT_FLAG, CLONE_THREAD, token, nr);
	}
}

/*
 * rel made absolute for the census: relative to dirfd (AT_FDCWD or -1:
 * the task's cwd) through /proc, as the kernel resolved it at this stop.
 * Returns false when the base cannot be read (the task is gone).
 */
static bool absolute_path(struct task *t, long dirfd, const char *rel,
			  struct strbuf *out)
{
	char link[64], base[4096];
	ssize_t n;

	strbuf_reset(out);
	if (rel[0] == '/') {
		strbuf_addstr(out, rel);
		return true;
	}
	if (dirfd == AT_FDCWD || dirfd < 0)
		snprintf(link, sizeof(link), "/proc/%d/cwd", (int)t->tid);
	else
		snprintf(link, sizeof(link), "/proc/%d/fd/%ld", (int)t->tid,
			 dirfd);
	n = readlink(link, base, sizeof(base) - 1);
	if (n <= 0 || base[0] != '/')
		return false;
	base[n] = '\0';
	strbuf_addstr(out, base);
	if (!rel[0]) /* AT_EMPTY_PATH: the file dirfd names */
		return true;
	if (n > 1)
		strbuf_addch(out, '/');
	strbuf_addstr(out, rel);
	return true;
}

/* "read", "write+create+trunc", "listdir", ... from open flags; NULL for
 * O_PATH opens, which Landlock does not check. */
static const char *open_how(uint64_t flags, char *buf, size_t size)
{
	unsigned acc = (unsigned)flags & O_ACCMODE;

	if (flags & O_PATH)
		return NULL;
	buf[0] = '\0';
	if (flags & O_DIRECTORY)
		snprintf(buf, size, "listdir");
	else if (acc == O_RDONLY)
		snprintf(buf, size, "read");
	else if (acc == O_WRONLY)
		snprintf(buf, size, "write");
	else
		snprintf(buf, size, "read+write");
	if (flags & O_CREAT)
		strncat(buf, "+create", size - strlen(buf) - 1);
	if ((flags & O_TRUNC) && acc != O_RDONLY)
		strncat(buf, "+trunc", size - strlen(buf) - 1);
	return buf;
}

/* Count an access fact "HOW PATH" for the pending call; the task keeps
 * it so that a refusal at the exit stop becomes a "denied" fact. */
static void add_access(struct tracer *tr, struct task *t, uint32_t token,
		       int nr, const char *how, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s %s", how, path);
	t->access_fact = add_kind_fact(tr, t, FACT_ACCESS, token, nr, sb.buf);
	strbuf_release(&sb);
}

/* The census fact of a call naming a file path (not a socket). */
static void file_access(struct tracer *tr, struct task *t, uint32_t token,
			int nr, unsigned how, unsigned pathidx,
			const uint64_t *args, const char *path)
{
	struct strbuf abs = STRBUF_INIT;
	const char *what = NULL;
	char buf[48];
	uint64_t flags = 0;

	switch (how) {
	case AC_OPEN1: what = open_how(args[1], buf, sizeof(buf)); break;
	case AC_OPEN2: what = open_how(args[2], buf, sizeof(buf)); break;
	case AC_OPENHOW:
		if (read_mem(t->tid, args[2], &flags, sizeof(flags)) < 0)
			return;
		what = open_how(flags, buf, sizeof(buf));
		break;
	case AC_CREAT: what = "write+create+trunc"; break;
	case AC_EXEC: what = "exec"; break;
	case AC_MKDIR: what = "mkdir"; break;
	case AC_UNLINK: what = "unlink"; break;
	case AC_UNLINKAT:
		what = (args[2] & AT_REMOVEDIR) ? "rmdir" : "unlink";
		break;
	case AC_RMDIR: what = "rmdir"; break;
	case AC_RENAME: what = "rename"; break;
	case AC_MKNOD: what = "mknod"; break;
	case AC_TRUNCATE: what = "write+trunc"; break;
	default: return;
	}
	if (!what)
		return;
	if (absolute_path(t, pathidx ? (long)(int)args[0] : AT_FDCWD, path,
			  &abs))
		add_access(tr, t, token, nr, what, abs.buf);
	strbuf_release(&abs);
}

/* sd_notify lines the layers read (Type=notify, WatchdogSec=). */
static void notify_facts(struct tracer *tr, struct task *t, uint32_t token,
			 int nr, uint64_t addr, uint64_t len)
{
	static const char *const keys[] = {
		"READY=1", "WATCHDOG=1", "RELOADING=1", "STOPPING=1",
		"WATCHDOG=trigger",
	};
	char buf[256];
	const char *p, *e;
	size_t i;

	if (!addr || !len)
		return;
	if (len > sizeof(buf) - 1)
		len = sizeof(buf) - 1;
	if (read_mem(t->tid, addr, buf, len) < 0)
		return;
	buf[len] = '\0';
	for (p = buf; *p; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		for (i = 0; i < ARRAY_SIZE(keys); i++) {
			if ((size_t)(e - p) != strlen(keys[i]) ||
			    strncmp(p, keys[i], (size_t)(e - p)))
				continue;
			add_kind_fact(tr, t, FACT_NOTIFY, token, nr, keys[i]);
			if (i == 1) {
				int64_t now = time_mono_ns(), ms;

				ms = t->wd_last_ns ?
				     (now - t->wd_last_ns) / 1000000 : -1;
				t->wd_last_ns = now;
				if (ms > tr->wd_max_ms) {
					tr->wd_max_ms = ms;
					tr->wd_phase = tr->phase_id;
					tr->wd_exe = t->exe;
					tr->wd_dirty = true;
				}
			}
		}
	}
}

/* A unix socket address (len bytes at addr in the tracee) as a path fact:
 * "/path", or "@name" for an abstract one, as the strace importer writes
 * them; for the census also an access fact (and a TCP/UDP port for
 * bind/connect).  Returns true for a unix socket path or name. */
static bool sockaddr_fact(struct tracer *tr, struct task *t, uint32_t token,
			  int nr, unsigned how, uint64_t addr, uint64_t len)
{
	char buf[112], path[120];
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	size_t i, o = 0;
	const char *what = how == AC_BIND ? "bind" :
			   how == AC_CONNECT ? "connect" : "send";

	if (len < 3 || len > 110 || !addr)
		return false;
	if (process_vm_readv(t->tid, &local, 1, &remote, 1, 0) !=
	    (ssize_t)len || buf[1] != 0)
		return false;
	if ((buf[0] == AF_INET || buf[0] == AF_INET6) && len >= 4 &&
	    how != AC_SEND) {
		unsigned port = ((unsigned char)buf[2] << 8) |
				(unsigned char)buf[3];

		snprintf(path, sizeof(path), "%u", port);
		add_access(tr, t, token, nr, how == AC_BIND ? "tcp-bind" :
			   "tcp-connect", path);
		return false;
	}
	if (buf[0] != 1) /* AF_UNIX */
		return false;
	for (i = 2; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (i == 2 && !c) { /* abstract */
			path[o++] = '@';
			continue;
		}
		if (!c)
			break;
		path[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	path[o] = '\0';
	if (o > 1 || (o == 1 && path[0] != '@')) {
		struct strbuf abs = STRBUF_INIT;

		add_path_fact(tr, t, token, nr, path);
		if (path[0] == '@')
			add_access(tr, t, token, nr, what, path);
		else if (absolute_path(t, AT_FDCWD, path, &abs))
			add_access(tr, t, token, nr, what, abs.buf);
		strbuf_release(&abs);
		return true;
	}
	return false;
}

/* sendmsg/sendmmsg: the destination in msg_name, in the tracee's layout
 * (64-bit, or 32-bit pointers for x86, x32 and other compat tasks); for a
 * unix destination also the sd_notify lines of the first iovec. */
static void msghdr_fact(struct tracer *tr, struct task *t, uint32_t token,
			int nr, uint64_t msg)
{
	uint64_t name, namelen, iov, base = 0, blen = 0;

	if (!msg)
		return;
	if (token & ARCH_64BIT) {
		struct { uint64_t name; uint32_t namelen, pad;
			 uint64_t iov, iovlen; } h;
		struct { uint64_t base, len; } v;

		if (read_mem(t->tid, msg, &h, sizeof(h)) < 0)
			return;
		name = h.name;
		namelen = h.namelen;
		iov = h.iovlen ? h.iov : 0;
		if (iov && read_mem(t->tid, iov, &v, sizeof(v)) == 0) {
			base = v.base;
			blen = v.len;
		}
	} else {
		struct { uint32_t name, namelen, iov, iovlen; } h;
		struct { uint32_t base, len; } v;

		if (read_mem(t->tid, msg, &h, sizeof(h)) < 0)
			return;
		name = h.name;
		namelen = h.namelen;
		iov = h.iovlen ? h.iov : 0;
		if (iov && read_mem(t->tid, iov, &v, sizeof(v)) == 0) {
			base = v.base;
			blen = v.len;
		}
	}
	if (name && sockaddr_fact(tr, t, token, nr, AC_SEND, name, namelen))
		notify_facts(tr, t, token, nr, base, blen);
}

/* Read the path (or unix socket address) a call names into a fact. */
static void path_facts(struct tracer *tr, struct task *t, uint32_t token,
		       int nr, unsigned how, unsigned access,
		       const uint64_t *args)
{
	char buf[512];
	struct iovec local = { buf, sizeof(buf) - 1 };
	struct iovec remote;
	ssize_t n;

	if (how >= MSGARG) {
		msghdr_fact(tr, t, token, nr, args[how - MSGARG]);
		return;
	}
	if (how >= SOCKARG) {
		if (sockaddr_fact(tr, t, token, nr, access,
				  args[how - SOCKARG],
				  how == SOCKARG + 1 ? args[2] : args[5]) &&
		    access == AC_SEND)
			notify_facts(tr, t, token, nr, args[1], args[2]);
		return;
	}
	remote.iov_base = (void *)(uintptr_t)args[how - PATHARG];
	remote.iov_len = sizeof(buf) - 1;
	if (!args[how - PATHARG])
		return;
	/* one read; a path ending near the end of a mapping reads short */
	n = process_vm_readv(t->tid, &local, 1, &remote, 1, 0);
	if (n <= 0)
		return;
	buf[n] = '\0';
	if (strlen(buf) < (size_t)n && buf[0]) {
		add_path_fact(tr, t, token, nr, buf);
		if (access)
			file_access(tr, t, token, nr, access,
				    how - PATHARG, args, buf);
	}
}

/*
 * execve/execveat: keep the path it names (execveat's only when relative
 * to the cwd), for the executable's other name once the exec is done.
 */
static void read_exec_path(struct task *t, unsigned idx, const uint64_t *args)
{
	char buf[4096];
	struct iovec local = { buf, sizeof(buf) - 1 };
	struct iovec remote = { (void *)(uintptr_t)args[idx], sizeof(buf) - 1 };
	ssize_t n;

	free(t->exec_path);
	t->exec_path = NULL;
	if (!args[idx])
		return;
	n = process_vm_readv(t->tid, &local, 1, &remote, 1, 0);
	if (n <= 0)
		return;
	buf[n] = '\0';
	if (strlen(buf) == (size_t)n || !buf[0]) /* no NUL: cut short */
		return;
	if (idx > 0 && buf[0] != '/' && (int)args[0] != AT_FDCWD)
		return;
	t->exec_path = xstrdup(buf);
}

static bool kill_stored(struct tracer *tr, pid_t tgid);
static void add_kill(struct tracer *tr, struct task *t, uint32_t arch, int nr,
		     const char *detail);

/* The arch token of a call: x32 numbers on x86_64 are the x32 arch. */
static uint32_t arch_token(struct tracer *tr, uint32_t arch, int nr)
{
	if (arch == AUDIT_ARCH_X86_64_ && (nr & X32_SYSCALL_BIT))
		return tr->x32;
	return arch;
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
 * PTRACE_SYSCALL while t->skip_exit is set, and the exit stop that
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
		t->skip_exit = true;
		t->skip_rval = rval;
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

	t->skip_exit = false;
	memset(&si, 0, sizeof(si));
	si.op = PTRACE_SYSCALL_INFO_EXIT;
	si.exit.rval = t->skip_rval;
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
		t->nocount = true;
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

	if (t->in_syscall) { /* its exit never came */
		count_call(tr, t, 0);
		t->in_syscall = false;
	}
	t->has_darg = false;
	t->access_fact = 0;
	t->entry_counted = true;
	if (t->ignore)
		return;
	if (arch == AUDIT_ARCH_X86_64_ && (nr & X32_SYSCALL_BIT))
		token = tr->x32;
	ai = arch_get(tr, token);
	slot = (unsigned)nr & ~(unsigned)X32_SYSCALL_BIT;
	if (ai && slot < NR_SLOTS) {
		fl = ai->flags[slot];
		if (ai->darg[slot])
			t->has_darg = decisive_value(tr, token, nr, args,
						     &t->darg);
		if (!(fl & SC_SEEN)) {
			ai->flags[slot] |= SC_SEEN;
			tr->distinct++;
		}
	}
	if (t->launching && !(fl & SC_EXEC))
		return; /* our own child before its exec: not the command */
	t->key.phase = tr->phase_id;
	t->key.exe = t->exe;
	t->key.arch = token;
	t->key.nr = nr;
	t->t_ns = time_now_ns();
	t->launch_exec = t->launching;
	t->nocount = false;
	t->trapped = false;
	if (tr->o.judge && judge_call(tr, t, token, nr, args))
		return;
	if (tr->o.stacks && !t->launching && !t->nocount)
		take_stack(tr, t);
	if ((fl & SC_EXEC) && ai && slot < NR_SLOTS && ai->patharg[slot])
		read_exec_path(t, ai->patharg[slot] - PATHARG, args);
	if (fl & (SC_SECCOMP | SC_PRCTL))
		read_filter(t, arch, fl, args);
	if ((fl & (SC_SIGACTION | SC_CLONE | SC_CLONE3)) && !t->nocount)
		arg_facts(tr, t, arch, token, nr, fl, args);
	/* PROT_WRITE|PROT_EXEC (MemoryDenyWriteExecute=) */
	if (ai && slot < NR_SLOTS && ai->access[slot] == AC_PROT &&
	    (args[2] & 6) == 6 && !t->launching && !t->nocount)
		add_kind_fact(tr, t, FACT_ACCESS, token, nr, "wx-map -");
	if (ai && slot < NR_SLOTS && ai->patharg[slot] && !t->launching &&
	    !t->nocount)
		path_facts(tr, t, token, nr, ai->patharg[slot],
			   ai->access[slot], args);
	if (!tr->seccomp_mode)
		want_exit = !(fl & SC_NOEXIT);
	else
		want_exit = (fl & SC_EXEC) || t->filter_how ||
			    (!tr->o.no_errors && !(fl & SC_NOEXIT));
	if (want_exit)
		t->in_syscall = true;
	else
		count_call(tr, t, 0);
}

/* t now runs under a filter of its own (TSYNC: every thread of it). */
static void mark_filtered(struct tracer *tr, struct task *t)
{
	struct task *o;

	t->filtered = true;
	if (!(t->filter_flags & SECCOMP_FILTER_FLAG_TSYNC))
		return;
	for (o = tr->tasks; o; o = o->next)
		if (o->tgid == t->tgid)
			o->filtered = true;
}

static void syscall_exit(struct tracer *tr, struct task *t, int64_t rval,
			 bool is_error)
{
	int err = is_error ? (int)-rval : 0;

	if (!t->in_syscall)
		return; /* began before we attached, or cannot fail */
	t->in_syscall = false;
	if (t->access_fact && (err == EACCES || err == EPERM)) {
		/* copy: adding may move the array */
		struct fact a = tr->facts[t->access_fact - 1];

		add_kind_fact(tr, t, FACT_DENIED, a.arch, a.nr, a.path);
	}
	t->access_fact = 0;
	if (t->launch_exec) {
		/* the launch execve counts for the command it started */
		t->key.exe = t->exe;
		t->launch_exec = false;
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

/* Is a SIGSYS pending for tid (thread or process queue)? */
static bool sigsys_pending(pid_t tid)
{
	char path[64], buf[2048], *p;
	const char *keys[] = { "\nSigPnd:", "\nShdPnd:" };
	size_t i;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	if (read_small(path, buf, sizeof(buf)) < 0)
		return false;
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		p = strstr(buf, keys[i]);
		if (p && (strtoull(p + 8, NULL, 16) >> (SIGSYS - 1)) & 1)
			return true;
	}
	return false;
}

/* ----------------------------------------------------------- restarts */

static void restart(struct tracer *tr, struct task *t, int sig)
{
	int req = !tr->seccomp_mode || t->in_syscall || t->filtered ||
			  t->skip_exit
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
			 signal_name(sig, sname, sizeof(sname)));
		switch_phase(tr, name);
	}
	if (!t->launching && !t->ignore)
		add_fact(tr, t, FACT_SIGNAL, sig, 0, 0);
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
			if (c && t->filtered) /* filters are inherited */
				c->filtered = true;
		}
		break;
	case PTRACE_EVENT_EXEC:
		if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) == 0 &&
		    (pid_t)msg != t->tid &&
		    (old = task_find(tr, (pid_t)msg)) != NULL) {
			/* exec from a non-leader thread: it is now the
			 * leader; its pending execve moves with it (the
			 * old leader's own call never returns) */
			if (t->in_syscall)
				count_call(tr, t, 0);
			t->in_syscall = old->in_syscall;
			t->key = old->key;
			t->t_ns = old->t_ns;
			t->launch_exec = old->launch_exec;
			t->nocount = old->nocount;
			t->skip_exit = old->skip_exit;
			t->skip_rval = old->skip_rval;
			t->has_darg = old->has_darg;
			t->darg = old->darg;
			t->filtered = old->filtered;
			free(t->exec_path);
			t->exec_path = steal_pointer(&old->exec_path);
			task_remove(tr, old);
		}
		task_refresh_exe(tr, t);
		exe_add_exec_name(tr, t, t->exec_path);
		free(t->exec_path);
		t->exec_path = NULL;
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
		t->entry_has_darg = decisive_value(tr, t->entry_arch,
						   t->entry_nr, si.entry.args,
						   &t->entry_darg);
		/* in seccomp mode the seccomp stop that follows counts it */
		if (!tr->seccomp_mode)
			syscall_enter(tr, t, si.arch, si.entry.nr,
				      si.entry.args);
		break;
	case PTRACE_SYSCALL_INFO_EXIT:
		if (t->skip_exit) {
			/* judge_call() counted it: not a normal exit */
			skip_finish(t);
			break;
		}
		/* a seccomp kill rolls the registers back (the result is
		 * the syscall number) and forces a SIGSYS: mark the call */
		if (t->filtered && t->entry_open &&
		    si.exit.rval == t->entry_nr && sigsys_pending(t->tid))
			t->kill_exit = true;
		syscall_exit(tr, t, si.exit.rval, si.exit.is_error);
		break;
	default:
		break;
	}
	restart(tr, t, 0);
}

static bool kill_stored(struct tracer *tr, pid_t tgid)
{
	size_t i;

	for (i = 0; i < tr->nkilled; i++)
		if (tr->killed[i] == tgid)
			return true;
	return false;
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

/* The call a kill named, never seen at a stop of ours: it was made. */
static void count_killed(struct tracer *tr, struct task *t, uint32_t arch,
			int nr)
{
	struct agg_key key = t->key;

	if (t->ignore || t->launching)
		return;
	key.phase = tr->phase_id;
	key.exe = t->exe;
	key.arch = arch;
	key.nr = nr;
	agg_count(&tr->agg, &key, t->tid, time_now_ns(), 0);
	/* its decisive argument is known when its entry stop was seen */
	if (t->entry_has_darg && t->entry_arch == arch && t->entry_nr == nr)
		add_arg_fact(tr, &key, t->entry_darg);
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
		if (o->in_syscall && !o->nocount && !inside)
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
		add_kill(tr, inside, inside->key.arch, inside->key.nr,
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
		if (t->in_syscall)
			count_call(tr, t, 0);
		t->in_syscall = false;
		task_remove(tr, t);
	}
	if (pid == tr->leader && !tr->leader_done) {
		tr->leader_done = true;
		tr->leader_status = WIFEXITED(status)
					    ? WEXITSTATUS(status)
					    : 128 + WTERMSIG(status);
	}
}

static void dispatch(struct tracer *tr, pid_t pid, int status)
{
	struct task *t;
	int sig, event;

	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		on_gone(tr, pid, status);
		return;
	}
	if (!WIFSTOPPED(status))
		return;
	t = task_find(tr, pid);
	if (!t) {
		/* a new task whose first stop beat its parent's event */
		t = task_new(tr, pid);
		if (!t)
			return;
	}
	t->listening = false;
	sig = WSTOPSIG(status);
	event = (unsigned)status >> 16;
	if (sig == (SIGTRAP | 0x80))
		on_syscall_stop(tr, t);
	else if (event == PTRACE_EVENT_SECCOMP)
		on_syscall_stop(tr, t);
	else if (event)
		on_event(tr, t, event, sig);
	else
		on_signal_stop(tr, t, sig);
}

/* --------------------------------------------------------- live view */

static void status_line(struct tracer *tr, bool final)
{
	int64_t el = (time_mono_ns() - tr->start_ns) / 1000000000;
	size_t procs = 0;
	struct task *t;

	if (!tr->status_line)
		return;
	for (t = tr->tasks; t; t = t->next)
		if (t->tid == t->tgid)
			procs++;
	fprintf(stderr, "\r\033[K%lld:%02lld  phase %.40s  %zu processes  "
		"%zu syscalls  %llu calls", (long long)el / 60,
		(long long)el % 60, tr->phase_name, procs, tr->distinct,
		(unsigned long long)tr->calls);
	if (final)
		fputs("\r\033[K", stderr);
	fflush(stderr);
	tr->status_shown = true;
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

			control_ack(tr->ctl, switch_phase(tr, copy) == 0);
			free(copy);
		}
	}
	if (sig_tick) {
		int64_t now = time_mono_ns();

		sig_tick = 0;
		if (now - tr->last_flush_ns >= 1000000000)
			flush(tr);
		if (now - tr->last_status_ns >= 250000000) {
			tr->last_status_ns = now;
			status_line(tr, false);
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

	flush_quiet(tr, true); /* the final write after says more */
	for (t = tr->tasks; t; t = t->next)
		ptrace(PTRACE_INTERRUPT, t->tid, 0, 0);
	while (tr->ntasks) {
		int status, sig, event, inject = 0;
		unsigned long msg;
		pid_t pid = wait4(-1, &status, __WALL, NULL);

		if (pid < 0) {
			if (errno == EINTR && time_mono_ns() < deadline)
				continue;
			break;
		}
		t = task_find(tr, pid);
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (t)
				task_remove(tr, t);
			continue;
		}
		if (!WIFSTOPPED(status))
			continue;
		sig = WSTOPSIG(status);
		event = (unsigned)status >> 16;
		if (event == PTRACE_EVENT_CLONE || event == PTRACE_EVENT_FORK ||
		    event == PTRACE_EVENT_VFORK) {
			if (ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg) == 0 &&
			    !task_find(tr, (pid_t)msg) &&
			    !was_detached(tr, (pid_t)msg))
				task_new(tr, (pid_t)msg);
		} else if (!event && sig != (SIGTRAP | 0x80)) {
			inject = sig;
		}
		ptrace(PTRACE_DETACH, pid, 0, (void *)(long)inject);
		if (t) {
			task_remove(tr, t);
		} else {
			tr->detached = xgrow(tr->detached,
					     sizeof(*tr->detached),
					     tr->ndetached + 1,
					     &tr->adetached);
			tr->detached[tr->ndetached++] = pid;
		}
	}
	if (tr->ntasks)
		warning("%zu task(s) did not stop in time; they are detached "
			"as the tracer exits", tr->ntasks);
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
	remember_phase(tr, tr->phase_id, tr->phase_name);
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

const char *tracer_control(const struct tracer *tr)
{
	return tr->ctl ? tr->ctl_path : NULL;
}

/* ------------------------------------------------------ final write */

/* What is still in memory only: what a failed final write loses. */
struct unsaved {
	size_t rows, syscalls, phases, facts;
	uint64_t calls;
};

static void unsaved_count(struct tracer *tr, struct unsaved *u)
{
	struct agg_key *seen = NULL;
	int64_t *ph = NULL;
	size_t i, j, aseen = 0, aph = 0;

	memset(u, 0, sizeof(*u));
	for (i = 0; i < tr->agg.cap; i++) {
		const struct agg_entry *e = &tr->agg.slots[i];

		if (!e->used || !e->dirty)
			continue;
		u->rows++;
		u->calls += e->calls;
		for (j = 0; j < u->syscalls; j++)
			if (seen[j].arch == e->key.arch &&
			    seen[j].nr == e->key.nr)
				break;
		if (j == u->syscalls) {
			seen = xgrow(seen, sizeof(*seen), j + 1, &aseen);
			seen[u->syscalls++] = e->key;
		}
		for (j = 0; j < u->phases; j++)
			if (ph[j] == e->key.phase)
				break;
		if (j == u->phases) {
			ph = xgrow(ph, sizeof(*ph), j + 1, &aph);
			ph[u->phases++] = e->key.phase;
		}
	}
	for (i = 0; i < tr->nfacts; i++)
		u->facts += tr->facts[i].count > 0;
	free(seen);
	free(ph);
}

static void idmap_add(struct idmap *m, int64_t from, int64_t to)
{
	m->from = xrealloc(m->from, (m->n + 1) * sizeof(*m->from));
	m->to = xrealloc(m->to, (m->n + 1) * sizeof(*m->to));
	m->from[m->n] = from;
	m->to[m->n] = to;
	m->n++;
}

static void idmap_release(struct idmap *m)
{
	free(m->from);
	free(m->to);
	memset(m, 0, sizeof(*m));
}

/* A new empty file (0600) for a side store: next to the database (where
 * 0), else in $TMPDIR or /tmp.  Caller frees; NULL if it cannot be made. */
static char *side_store_create(struct tracer *tr, int where)
{
	const char *tmp = getenv("TMPDIR");
	char *path;
	int fd;

	if (where == 0)
		path = xasprintf("%s.unsaved-%lld-XXXXXX.db",
				 store_path(tr->st), (long long)tr->run);
	else
		path = xasprintf("%s/syscensus-unsaved-%lld-XXXXXX.db",
				 tmp && *tmp == '/' ? tmp : "/tmp",
				 (long long)tr->run);
	fd = mkostemps(path, 3, O_CLOEXEC);
	if (fd < 0) {
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

static void side_store_remove(const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sfx); i++) {
		char *p = xasprintf("%s%s", path, sfx[i]);

		unlink(p);
		free(p);
	}
}

/*
 * The database refused the final write: keep what is only in memory in a
 * new store of its own (the same schema: one run, its phases, executables,
 * counts and facts; no call stacks), which `syscensus merge` adds to the
 * database later.  Returns its path (caller frees), or NULL.
 */
static char *side_store_write(struct tracer *tr, int status, int where)
{
	struct store_run run = {
		.kind = tr->kind, .source = tr->source,
		.command = tr->o.command,
	};
	struct idmap pm = { 0 }, em = { 0 };
	struct store *st = NULL;
	struct agg side;
	char *path = side_store_create(tr, where);
	int64_t id = -1, r;
	size_t i, k;
	bool ok = false;

	agg_init(&side);
	if (!path)
		goto out;
	st = store_open(path, STORE_CREATE);
	if (!st)
		goto out;
	r = store_run_begin(st, &run);
	if (r < 0)
		goto out;
	if ((id = store_intern_exe(st, "unknown")) < 0)
		goto out;
	idmap_add(&em, 0, id); /* an exe the database could not intern */
	for (i = 0; i < tr->nexes; i++) {
		if ((id = store_intern_exe(st, tr->exes[i].path)) < 0)
			goto out;
		idmap_add(&em, tr->exes[i].id, id);
	}
	for (i = 0; i < tr->nphases; i++) {
		if ((id = store_intern_phase(st, tr->phases[i].path)) < 0)
			goto out;
		idmap_add(&pm, tr->phases[i].id, id);
	}
	for (i = 0; i < tr->agg.cap; i++) {
		const struct agg_entry *e = &tr->agg.slots[i];
		struct agg_entry *c;
		struct agg_key key;

		if (!e->used || !e->dirty)
			continue;
		key = e->key;
		key.phase = idmap_get(&pm, key.phase);
		key.exe = idmap_get(&em, key.exe);
		c = agg_get(&side, &key, NULL);
		agg_add(c, e->calls, e->errors);
		for (k = 0; k < e->nerrnos; k++)
			agg_add_errno(c, e->errnos[k].err, e->errnos[k].count);
		c->first_ns = e->first_ns;
		c->last_ns = e->last_ns;
		c->first_tid = e->first_tid;
		agg_mark_dirty(&side, c);
	}
	if (store_begin(st) < 0 || store_write_agg(st, r, &side) < 0 ||
	    flush_facts(tr, st, r, &pm, &em) < 0 || store_commit(st) < 0) {
		store_rollback(st);
		goto out;
	}
	ok = store_run_end(st, r, status, tr->calls, 0) == 0;
out:
	store_close(st);
	if (!ok && path) {
		side_store_remove(path);
		free(path);
		path = NULL;
	}
	agg_release(&side);
	idmap_release(&pm);
	idmap_release(&em);
	return path;
}

/*
 * The final write: retried with backoff (each try waits up to the busy
 * timeout for a lock).  When every try fails, say what is lost from the
 * database, keep it in a side store, and return -1.
 */
static int final_flush(struct tracer *tr, int status)
{
	static const int backoff_ms[] = { 100, 200, 400, 800 };
	struct unsaved u;
	char *side;
	size_t i;

	for (i = 0;; i++) {
		struct timespec ts;

		if (flush_quiet(tr, true) == 0)
			return 0;
		if (i == ARRAY_SIZE(backoff_ms))
			break;
		warning("cannot write the final counts to '%s'; trying again "
			"in %d ms", store_path(tr->st), backoff_ms[i]);
		ts.tv_sec = 0;
		ts.tv_nsec = backoff_ms[i] * 1000000L;
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	unsaved_count(tr, &u);
	side = side_store_write(tr, status, 0);
	if (!side) /* a full disk: somewhere else */
		side = side_store_write(tr, status, 1);
	error("the final write to '%s' failed %zu times: run %lld is "
	      "missing %zu syscall%s in %zu phase%s (%zu rows), %llu calls "
	      "and %zu facts there, and has no end", store_path(tr->st),
	      ARRAY_SIZE(backoff_ms) + 1, (long long)tr->run, u.syscalls,
	      u.syscalls == 1 ? "" : "s", u.phases, u.phases == 1 ? "" : "s",
	      u.rows, (unsigned long long)u.calls, u.facts);
	if (side)
		error("they are kept in '%s'; add them with: syscensus merge "
		      "--db '%s' '%s'", side, store_path(tr->st), side);
	else
		error("they could not be kept anywhere else either (next to "
		      "the database, in $TMPDIR or /tmp): they are lost");
	free(tr->side_path);
	tr->side_path = side;
	return -1;
}

/* The one line record and attach end with, terminal or not (-q: none). */
static void summary_line(struct tracer *tr, bool lost)
{
	struct strbuf sb = STRBUF_INIT;

	if (log_quiet || !tr->o.status_line)
		return;
	if (tr->launched)
		strbuf_addstr(&sb, "syscensus: recorded 1 run, ");
	else
		strbuf_addf(&sb, "syscensus: attached %zu process%s (%zu "
			    "failed), ", tr->attached,
			    tr->attached == 1 ? "" : "es",
			    tr->attach_failed);
	strbuf_addf(&sb, "%zu syscalls, %llu calls, %zu kill%s ",
		    tr->distinct, (unsigned long long)tr->calls, tr->nkilled,
		    tr->nkilled == 1 ? "" : "s");
	if (!lost)
		strbuf_addf(&sb, "into %s", store_path(tr->st));
	else if (tr->side_path)
		strbuf_addf(&sb, "NOT written to %s: kept in %s",
			    store_path(tr->st), tr->side_path);
	else
		strbuf_addf(&sb, "NOT written to %s: lost",
			    store_path(tr->st));
	fprintf(stderr, "%s\n", sb.buf);
	strbuf_release(&sb);
}

void tracer_set_attach_counts(struct tracer *tr, size_t attached,
			      size_t failed)
{
	tr->attached = attached;
	tr->attach_failed = failed;
	if (store_run_set_attach(tr->st, tr->run, attached, failed) < 0)
		warning("the run row does not hold the attach counts");
}

int tracer_loop(struct tracer *tr)
{
	int status;
	bool lost;

	while (tr->ntasks && !tr->fatal) {
		pid_t pid;

		if (sig_tick | sig_ctl | sig_stop) {
			service(tr);
			if (tr->fatal)
				break;
		}
		pid = wait4(-1, &status, __WALL, NULL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno != ECHILD)
				error_errno("wait4");
			break;
		}
		dispatch(tr, pid, status);
	}
	if (tr->fatal && !tr->launched)
		tracer_detach_all(tr);
	stop_timer();
	if (tr->status_shown)
		status_line(tr, true);
	if (tr->launched)
		status = tr->leader_done ? tr->leader_status : EXIT_SYSTEM;
	else
		status = EXIT_OK;
	lost = final_flush(tr, status) < 0;
	/* a run whose counts did not all get there keeps no end: check and
	 * report show it unfinished */
	if (!lost && store_run_end(tr->st, tr->run, status, tr->calls, 0) < 0)
		warning("the counts are written, but run %lld has no end "
			"recorded", (long long)tr->run);
	summary_line(tr, lost);
	return lost ? EXIT_SYSTEM : status;
}
