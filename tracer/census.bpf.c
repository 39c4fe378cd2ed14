/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * census.bpf.c - the in-kernel half of the bpf recording engine
 * (tracer/bpf-engine.c is the user-space half).  Compiled by clang
 * -target bpf into a CO-RE object against a vmlinux.h generated at build
 * time; bpftool turns it into the skeleton bpf-engine.c loads.
 *
 * Only the processes in `procs` (the traced tgids and their descendants,
 * added at fork) are counted; every other task leaves each program after
 * one hash lookup.  Calls are counted at entry per (exe, phase, arch, nr)
 * into a per-CPU hash; the errno of a call that can fail is counted at
 * its exit from what its entry left in task storage.  `exe` is an exec
 * generation (a number per execve, sent with the path through the ring
 * buffer), `phase` the index user space writes into the global on `mark`.
 * The ptrace engine's rules are kept so both write identical rows: the
 * launched child counts nothing before its execve, and that execve counts
 * for the new program; calls that never return or cannot fail (nrflags
 * NF_NOEXIT) have no exit bookkeeping.
 *
 * The path every call of a traced task takes is kept short, since memory
 * touched there is what it costs (each hash lookup was ~70-90 ns on the
 * shared VM, mostly cache misses): the task's storage caches its process's
 * `procs` entry and its (exe, phase) slot, and native calls are counted
 * in a per-CPU array row of that slot rather than in the `counts` hash.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "tracer/census-bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Written by user space: the phase index, per-arch syscall flags. */
volatile __u32 phase;
__u16 nrflags[CENSUS_NARCH * CENSUS_NR_SLOTS];
/* Read by user space. */
__u32 exe_seq;
__u64 lost;        /* counts a full map could not take */
__u64 path_unreadable;
/* Set by user space after load (the object is loaded once, by the probe
 * that decides whether this engine can run). */
volatile bool auto_phases;
volatile bool no_errors;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, CENSUS_MAX_PROCS);
	__type(key, __u32);
	__type(value, struct census_proc);
} procs SEC(".maps");

/*
 * One bit per tgid (pid_max is at most 2^22): the first test every task
 * on the machine takes at each syscall while the programs are attached.
 * A global is one load where a hash lookup is a call, a hash and a
 * compare; only traced tgids go on to `procs`.  User space sets and
 * clears bits with atomic operations on the mmap()ed .bss, as the
 * program does at fork and exit.
 */
__u64 tracked[CENSUS_TGID_WORDS];

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* fast to create */
	__uint(max_entries, CENSUS_MAX_KEYS);
	__type(key, struct census_key);
	__type(value, __u64);
} counts SEC(".maps");

/* (exe, phase) -> its row in `fast`, or CENSUS_NO_SLOT once they ran out;
 * slots are numbered from slot_seq. */
__u32 slot_seq;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, CENSUS_MAX_KEYS);
	__type(key, struct census_pkey);
	__type(value, __u32);
} slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, CENSUS_FAST_SLOTS);
	__type(key, __u32);
	__type(value, struct census_row);
} fast SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* fast to create */
	__uint(max_entries, CENSUS_MAX_KEYS);
	__type(key, struct census_ekey);
	__type(value, __u64);
} errs SEC(".maps");

/* Decisive arguments and signals: (key, value) -> count. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* fast to create */
	__uint(max_entries, CENSUS_MAX_KEYS);
	__type(key, struct census_vkey);
	__type(value, __u64);
} facts SEC(".maps");

struct pending {
	struct census_key k;
	__u32 flags; /* PEND_* */
	__u32 cached; /* CACHE_* */
	__u64 path;  /* PEND_PATH: the path to read again */
	/* CACHE_PROC: the process's procs entry, until it execs */
	__u32 exe, pflags;
	/* CACHE_SLOT: the fast slot of (slot_exe, slot_phase) */
	__u32 slot_exe, slot_phase, slot;
};
#define CACHE_PROC 1
#define CACHE_SLOT 2
#define PEND_OPEN 1
#define PEND_LAUNCH_EXEC 2
#define PEND_PATH 4
#define PEND_NOERR 8 /* --no-errors: the exit only retries the path */

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct pending);
} pend SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

static __always_inline void bump(void *map, const void *key)
{
	__u64 *v = bpf_map_lookup_elem(map, key), one = 1;

	/* atomic: a preempted program can be re-entered on this CPU */
	if (v) {
		__sync_fetch_and_add(v, 1);
		return;
	}
	if (bpf_map_update_elem(map, key, &one, BPF_NOEXIST) == 0)
		return;
	v = bpf_map_lookup_elem(map, key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		__sync_fetch_and_add(&lost, 1);
}

/* The fast row of (exe, phase) on this CPU, through the task's cache;
 * NULL when the pair has no slot. */
static __always_inline struct census_row *fast_row(struct pending *pe,
						   __u32 exe, __u32 ph)
{
	if (!(pe->cached & CACHE_SLOT) || pe->slot_exe != exe ||
	    pe->slot_phase != ph) {
		struct census_pkey pk = { .exe = exe, .phase = ph };
		__u32 *s = bpf_map_lookup_elem(&slots, &pk), n;

		if (!s) {
			n = __sync_fetch_and_add(&slot_seq, 1);
			if (n >= CENSUS_FAST_SLOTS)
				n = CENSUS_NO_SLOT;
			/* a race lost wastes one slot: the winner's stays */
			bpf_map_update_elem(&slots, &pk, &n, BPF_NOEXIST);
			s = bpf_map_lookup_elem(&slots, &pk);
			if (!s)
				return NULL;
		}
		pe->slot_exe = exe;
		pe->slot_phase = ph;
		pe->slot = *s;
		pe->cached |= CACHE_SLOT;
	}
	if (pe->slot >= CENSUS_FAST_SLOTS)
		return NULL;
	return bpf_map_lookup_elem(&fast, &pe->slot);
}

static __always_inline bool is_tracked(__u32 tgid)
{
	return tracked[(tgid >> 6) & (CENSUS_TGID_WORDS - 1)] &
	       (1ULL << (tgid & 63));
}

static __always_inline void set_tracked(__u32 tgid, bool on)
{
	__u64 *w = &tracked[(tgid >> 6) & (CENSUS_TGID_WORDS - 1)];

	if (on)
		__sync_fetch_and_or(w, 1ULL << (tgid & 63));
	else
		__sync_fetch_and_and(w, ~(1ULL << (tgid & 63)));
}

static __always_inline __u32 task_arch(struct task_struct *t, long *nr)
{
	if (*nr & CENSUS_X32_BIT)
		return CENSUS_ARCH_X32;
#if defined(__TARGET_ARCH_x86)
	/* in_ia32_syscall(): TS_COMPAT in thread_info.status */
	if (bpf_core_field_exists(t->thread_info.status) &&
	    (BPF_CORE_READ(t, thread_info.status) & 0x0002))
		return CENSUS_ARCH_COMPAT;
#endif
	return CENSUS_ARCH_NATIVE;
}

static __always_inline __u16 flags_of(__u32 arch, long nr)
{
	__u32 i = arch * CENSUS_NR_SLOTS +
		  ((__u32)nr & ~(__u32)CENSUS_X32_BIT);

	if (i >= CENSUS_NARCH * CENSUS_NR_SLOTS)
		return 0;
	return nrflags[i];
}

/*
 * The path a call names, read at entry into a ring-buffer event.  A page
 * not faulted in yet (a string in a program's .rodata not touched
 * before) cannot be read here: returns the pointer, to retry at the
 * call's exit (the kernel has read it by then) or, for execve, to take
 * from the exec itself; 0 when done.
 */
static __always_inline unsigned long path_read(const struct census_key *k,
					       unsigned long arg,
					       bool count_fail)
{
	struct census_path *e;
	long n;

	if (!arg)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&lost, 1);
		return 0;
	}
	e->type = CENSUS_EV_PATH;
	e->unreadable = 0;
	e->k = *k;
	n = bpf_probe_read_user_str(e->path, sizeof(e->path), (void *)arg);
	if (n <= 0) {
		bpf_ringbuf_discard(e, 0);
		if (count_fail) /* counted, never silently lost */
			__sync_fetch_and_add(&path_unreadable, 1);
		return arg;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

static __always_inline unsigned long path_event(struct pt_regs *regs,
						const struct census_key *k,
						__u16 fl)
{
	unsigned long arg;

	unsigned long arg2;

	/* a second path (rename's new name): no retry, counted if lost */
	switch ((fl & NF_PATH2MASK) >> NF_PATH2SHIFT) {
	case 1: arg2 = PT_REGS_PARM2_CORE_SYSCALL(regs); break;
	case 2: arg2 = PT_REGS_PARM3_CORE_SYSCALL(regs); break;
	case 3: arg2 = PT_REGS_PARM4_CORE_SYSCALL(regs); break;
	default: arg2 = 0; break;
	}
	if (arg2)
		path_read(k, arg2, true);
	switch (fl & NF_PATHMASK) {
	case 1: arg = PT_REGS_PARM1_CORE_SYSCALL(regs); break;
	case 2: arg = PT_REGS_PARM2_CORE_SYSCALL(regs); break;
	case 3: arg = PT_REGS_PARM3_CORE_SYSCALL(regs); break;
	default: return 0;
	}
	return path_read(k, arg, false);
}

/* The sixth syscall argument (libbpf 1.1 has no PT_REGS_PARM6). */
#if defined(__TARGET_ARCH_x86)
#define SYSCALL_ARG6(regs) BPF_CORE_READ(regs, r9)
#elif defined(__TARGET_ARCH_arm64)
#define SYSCALL_ARG6(regs) BPF_CORE_READ((struct user_pt_regs *)(regs), regs[5])
#else
#define SYSCALL_ARG6(regs) 0UL
#endif

/* A unix socket address a call names (connect, bind, sendto, sendmsg),
 * as raw bytes: user space formats it as the ptrace engine does. */
static __always_inline void sock_event(struct pt_regs *regs,
				       const struct census_key *k, __u16 fl)
{
	unsigned long addr, len;
	struct census_path *e;

	if (fl & NF_SOCK1) {
		addr = PT_REGS_PARM2_CORE_SYSCALL(regs);
		len = PT_REGS_PARM3_CORE_SYSCALL(regs);
	} else if (fl & NF_SOCK4) {
		addr = PT_REGS_PARM5_CORE_SYSCALL(regs);
		len = SYSCALL_ARG6(regs);
	} else {
		struct { __u64 name; __u32 namelen; } h;
		unsigned long msg = PT_REGS_PARM2_CORE_SYSCALL(regs);

		if (k->arch == CENSUS_ARCH_COMPAT || !msg ||
		    bpf_probe_read_user(&h, sizeof(h), (void *)msg))
			return;
		addr = h.name;
		len = h.namelen;
	}
	if (!addr || len < 3 || len > 110)
		return;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return;
	e->type = CENSUS_EV_SOCK;
	e->k = *k;
	len &= 127;
	if (len > 110 || bpf_probe_read_user(e->path, len, (void *)addr)) {
		bpf_ringbuf_discard(e, 0);
		return;
	}
	e->unreadable = (__u32)len;
	bpf_ringbuf_submit(e, 0);
}

static __always_inline void darg_fact(struct pt_regs *regs,
				      const struct census_key *k, __u16 fl)
{
	struct census_vkey vk = { .k = *k, .kind = CENSUS_FACT_ARG };

	switch (fl & NF_DARGMASK) {
	case NF_DARG0: vk.value = PT_REGS_PARM1_CORE_SYSCALL(regs); break;
	case NF_DARG1: vk.value = PT_REGS_PARM2_CORE_SYSCALL(regs); break;
	default: return;
	}
	if (!(fl & NF_WIDE))
		vk.value = (__u32)vk.value;
	bump(&facts, &vk);
}

/* A real handler installed (not SIG_DFL 0, SIG_IGN 1), a thread created:
 * as the ptrace engine reads them at the call's entry. */
static __always_inline void flag_facts(struct pt_regs *regs,
				       const struct census_key *k, __u16 fl)
{
	struct census_vkey vk = { .k = *k };
	unsigned long a0 = PT_REGS_PARM1_CORE_SYSCALL(regs);
	__u64 word = 0;

	if (fl & NF_SIGACTION) {
		unsigned long act = PT_REGS_PARM2_CORE_SYSCALL(regs);

		if (!act || bpf_probe_read_user(&word, k->arch ==
						CENSUS_ARCH_COMPAT ? 4 : 8,
						(void *)act))
			return;
		if (word <= 1 || a0 == 0 || a0 >= 65)
			return;
		vk.kind = CENSUS_FACT_HANDLER;
		vk.value = a0;
	} else if (fl & NF_CLONE) {
		if (!(a0 & 0x00010000))
			return;
		vk.kind = CENSUS_FACT_THREAD;
	} else {
		if (!a0 || bpf_probe_read_user(&word, 8, (void *)a0) ||
		    !(word & 0x00010000))
			return;
		vk.kind = CENSUS_FACT_THREAD;
	}
	bump(&facts, &vk);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(census_enter, struct pt_regs *regs, long id)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct census_row *row = NULL;
	struct census_proc *p;
	struct task_struct *t;
	struct census_key k;
	struct pending *pe;
	unsigned long retry = 0;
	__u32 pflags;
	__u16 fl;

	if (!is_tracked(tgid))
		return 0; /* not ours: the cheap way out */
	t = bpf_get_current_task_btf();
	pe = bpf_task_storage_get(&pend, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (pe && (pe->cached & CACHE_PROC)) {
		k.exe = pe->exe;
		pflags = pe->pflags;
	} else {
		p = bpf_map_lookup_elem(&procs, &tgid);
		if (!p)
			return 0;
		k.exe = p->exe;
		pflags = p->flags;
		if (pe) {
			pe->exe = k.exe;
			pe->pflags = pflags;
			pe->cached |= CACHE_PROC;
		}
	}
	k.phase = phase;
	k.arch = task_arch(t, &id);
	k.nr = (__s32)id;
	fl = flags_of(k.arch, id);
	if (pflags & CENSUS_LAUNCHING) {
		/* our child before its execve: only that execve counts, at
		 * its exit, for the program it started */
		if (!(fl & NF_EXEC))
			return 0;
		if (pe) {
			pe->k = k;
			pe->flags = PEND_OPEN | PEND_LAUNCH_EXEC;
		}
		return 0;
	}
	if (pflags & CENSUS_IGNORED)
		return 0;
	if (pe && k.arch == CENSUS_ARCH_NATIVE && k.nr >= 0 &&
	    k.nr < CENSUS_FAST_NR)
		row = fast_row(pe, k.exe, k.phase);
	if (row)
		__sync_fetch_and_add(&row->n[k.nr & (CENSUS_FAST_NR - 1)], 1);
	else
		bump(&counts, &k);
	if (fl & NF_DARGMASK)
		darg_fact(regs, &k, fl);
	if (fl & NF_PATHMASK)
		retry = path_event(regs, &k, fl);
	if (fl & (NF_SIGACTION | NF_CLONE | NF_CLONE3))
		flag_facts(regs, &k, fl);
	if (fl & NF_SOCKMASK)
		sock_event(regs, &k, fl);
	if ((fl & NF_NOEXIT) || (no_errors && !(fl & NF_EXEC) && !retry))
		return 0;
	if (pe) {
		pe->k = k;
		pe->flags = PEND_OPEN | (retry ? PEND_PATH : 0) |
			    (no_errors && !(fl & NF_EXEC) ? PEND_NOERR : 0);
		pe->path = retry;
	} else if (retry) {
		__sync_fetch_and_add(&path_unreadable, 1);
	}
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(census_exit, struct pt_regs *regs, long ret)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct census_proc *p;
	struct task_struct *t;
	struct census_ekey ek;
	struct pending *pe;

	if (!is_tracked(tgid))
		return 0;
	t = bpf_get_current_task_btf();
	pe = bpf_task_storage_get(&pend, t, 0, 0);
	if (!pe || !(pe->flags & PEND_OPEN))
		return 0;
	if (pe->flags & PEND_LAUNCH_EXEC) {
		pe->flags = 0;
		p = bpf_map_lookup_elem(&procs, &tgid);
		if (p && ret == 0) {
			struct census_key k = pe->k;

			k.exe = p->exe;
			bump(&counts, &k);
		}
		return 0;
	}
	if (pe->flags & PEND_PATH)
		path_read(&pe->k, pe->path, true);
	if (pe->flags & PEND_NOERR) {
		pe->flags = 0;
		return 0;
	}
	pe->flags = 0;
	/* a task with SIGKILL pending (exit_group or an exec in another
	 * thread) never returns to user space: like ptrace, which sees no
	 * exit, count the call without an error */
	if (ret < 0 && ret >= -4095 &&
	    !(BPF_CORE_READ(t, pending.signal.sig[0]) & (1UL << (9 - 1)))) {
		ek.k = pe->k;
		ek.err = (__s32)-ret;
		ek.pad = 0;
		bump(&errs, &ek);
	}
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(census_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = parent->tgid, ctgid = child->tgid;
	struct census_proc *p, c;
	struct census_event *e;

	if (ptgid == ctgid || !is_tracked(ptgid))
		return 0; /* a thread, or not ours */
	p = bpf_map_lookup_elem(&procs, &ptgid);
	if (!p)
		return 0;
	c = *p;
	if (bpf_map_update_elem(&procs, &ctgid, &c, BPF_ANY)) {
		__sync_fetch_and_add(&lost, 1);
		return 0;
	}
	set_tracked(ctgid, true);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->type = CENSUS_EV_FORK;
	e->tgid = ctgid;
	e->exe = c.exe;
	e->filename[0] = '\0';
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(census_exec, struct task_struct *task, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	__u32 tgid = task->tgid;
	struct census_proc *p;
	struct census_event *e;
	struct pending *pe;
	__u32 gen;

	if (!is_tracked(tgid))
		return 0;
	p = bpf_map_lookup_elem(&procs, &tgid);
	if (!p)
		return 0;
	/* the execve path not readable at entry: the kernel's copy */
	pe = bpf_task_storage_get(&pend, bpf_get_current_task_btf(), 0, 0);
	if (pe && (pe->flags & PEND_PATH)) {
		struct census_path *pv;

		pe->flags &= ~PEND_PATH;
		pv = bpf_ringbuf_reserve(&events, sizeof(*pv), 0);
		if (pv) {
			pv->type = CENSUS_EV_PATH;
			pv->unreadable = 0;
			pv->k = pe->k;
			if (bpf_probe_read_kernel_str(pv->path,
						      sizeof(pv->path),
						      BPF_CORE_READ(bprm,
								    filename))
			    <= 0)
				pv->path[0] = '\0';
			bpf_ringbuf_submit(pv, 0);
		}
	}
	gen = __sync_fetch_and_add(&exe_seq, 1) + 1;
	p->exe = gen;
	p->flags &= ~(CENSUS_LAUNCHING | CENSUS_IGNORED);
	/* the task that exec'd is the only one left: its cached entry goes
	 * (the pending execve stays, counted at its exit) */
	if (pe)
		pe->cached = 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&lost, 1);
		return 0;
	}
	e->type = CENSUS_EV_EXEC;
	e->tgid = tgid;
	e->exe = gen;
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename),
				  BPF_CORE_READ(bprm, filename));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(census_exit_task, struct task_struct *task)
{
	__u32 tgid = task->tgid;
	struct census_event *e;

	/* the last thread of the group (live was decremented before) */
	if (!is_tracked(tgid) ||
	    BPF_CORE_READ(task, signal, live.counter) != 0)
		return 0;
	if (!bpf_map_lookup_elem(&procs, &tgid))
		return 0;
	bpf_map_delete_elem(&procs, &tgid);
	set_tracked(tgid, false);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->type = CENSUS_EV_EXIT;
	e->tgid = tgid;
	e->exe = 0;
	e->filename[0] = '\0';
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* As the ptrace engine: not housekeeping signals, not real-time ones
 * (glibc's SIGRTMIN is 34). */
static __always_inline bool auto_phase_signal(int sig)
{
	switch (sig) {
	case 17: case 28: case 23: case 29: case 14: case 26: case 27:
	case 5: case 19: case 18:
		return false;
	default:
		return sig < 34;
	}
}

/*
 * Signals are counted when sent (signal_generate), not when delivered: a
 * fatal signal is delivered as SIGKILL to every thread, and a signal an
 * untraced task ignores by default (SIGCHLD) is never queued, while the
 * ptrace engine sees both as sent (a traced task queues every signal).
 */
SEC("tp_btf/signal_generate")
int BPF_PROG(census_signal, int sig, struct kernel_siginfo *info,
	     struct task_struct *task, int group, int result)
{
	__u32 tgid = task->tgid;
	struct census_proc *p;
	struct census_vkey vk = {};

	if (!is_tracked(tgid))
		return 0;
	p = bpf_map_lookup_elem(&procs, &tgid);
	/* TRACE_SIGNAL_DELIVERED 0, _IGNORED 1; not merged or lost ones */
	if (!p || (p->flags & (CENSUS_LAUNCHING | CENSUS_IGNORED)) ||
	    result > 1 || sig == 9)
		return 0;
	if (auto_phases && auto_phase_signal(sig))
		phase = CENSUS_PHASE_SIGNAL | (__u32)sig;
	vk.k.exe = p->exe;
	vk.k.phase = phase;
	vk.k.nr = -1;
	vk.kind = CENSUS_FACT_SIGNAL;
	vk.value = (__u64)sig;
	bump(&facts, &vk);
	return 0;
}
