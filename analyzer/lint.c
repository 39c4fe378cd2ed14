/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lint.c - pitfalls in a seccomp policy, whatever format it was read from,
 * and in the filters a traced program installed itself.
 *
 * On the policy model (every reader's output): kill-thread as an action; a
 * denial other than ENOSYS for syscalls libc only falls back from on
 * ENOSYS (clone3, faccessat2, ...); a permissive default; rt_sigreturn,
 * exit_group, exit or restart_syscall missing; dangerous syscalls allowed
 * without argument conditions.  On raw BPF programs (a bpf policy file, or
 * a row of the store's `filters` table), run through the emulator of
 * bpf.c: no architecture check before the syscall number is used, x32
 * numbers let through under AUDIT_ARCH_X86_64, a filter that kills threads,
 * and (from the store) a filter installed while other threads already ran,
 * without SECCOMP_FILTER_FLAG_TSYNC.  cmd-lint.c prints the findings.
 */
#include "config.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "common/store-inspect.h"

#ifndef SECCOMP_FILTER_FLAG_TSYNC
#define SECCOMP_FILTER_FLAG_TSYNC (1UL << 0)
#endif
#ifndef SECCOMP_RET_KILL_THREAD
#define SECCOMP_RET_KILL_THREAD 0x00000000U
#endif
#ifndef SECCOMP_RET_ACTION_FULL
#define SECCOMP_RET_ACTION_FULL 0xffff0000U
#endif
#define X32_SYSCALL_BIT 0x40000000U
/* Syscall numbers probed when running a program: every table's range. */
#define PROBE_NR_MAX 512

static const char *const severities[] = { "info", "warning", "error" };

static void add(struct lint_result *r, int sev, const char *check,
		const char *syscall, const char *file, unsigned long line,
		const char *advice, const char *fmt, ...) ATTR_PRINTF(8, 9);

static void add(struct lint_result *r, int sev, const char *check,
		const char *syscall, const char *file, unsigned long line,
		const char *advice, const char *fmt, ...)
{
	struct lint_finding *f;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	r->v = xgrow(r->v, sizeof(*r->v), r->n + 1, &r->alloc);
	f = &r->v[r->n++];
	memset(f, 0, sizeof(*f));
	f->check = xstrdup(check);
	f->severity = severities[sev];
	f->syscall = syscall ? xstrdup(syscall) : NULL;
	f->file = file ? xstrdup(file) : NULL;
	f->line = line;
	f->advice = advice ? xstrdup(advice) : NULL;
	f->message = strbuf_detach(&sb, NULL);
}

void lint_result_release(struct lint_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].check);
		free(r->v[i].syscall);
		free(r->v[i].file);
		free(r->v[i].advice);
		free(r->v[i].message);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

int lint_worst(const struct lint_result *r)
{
	int worst = -1, k;
	size_t i;

	for (i = 0; i < r->n; i++)
		for (k = 0; k < 3; k++)
			if (!strcmp(r->v[i].severity, severities[k]) &&
			    k > worst)
				worst = k;
	return worst;
}

/* ------------------------------------------------------ policy model */

/* The rule deciding name (the last unconditional one), or NULL. */
static const struct policy_rule *deciding_rule(const struct policy *p,
					       const char *name)
{
	const struct policy_rule *r = NULL;
	size_t i;

	for (i = 0; i < p->nrules; i++)
		if (!strcmp(p->rules[i].syscall, name) && !p->rules[i].nconds)
			r = &p->rules[i];
	return r;
}

static const char *where(const struct policy *p,
			 const struct policy_rule *r)
{
	return r && r->file ? r->file : p->source;
}

static void lint_kill_thread(const struct policy *p, struct lint_result *r)
{
	size_t i;

	if (p->default_action.kind == ACTION_KILL_THREAD)
		add(r, 1, "kill-thread", NULL, p->source, 0,
		    "kill-process, or errno ENOSYS/EPERM",
		    "the default action is kill-thread: in a multi-threaded "
		    "program a denied call ends only the calling thread, and "
		    "the others wait forever for it (an event loop freezes "
		    "instead of the process crashing and being restarted)");
	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *pr = &p->rules[i];

		if (pr->action.kind != ACTION_KILL_THREAD)
			continue;
		add(r, 1, "kill-thread", pr->syscall, where(p, pr), pr->line,
		    "kill-process, or errno ENOSYS/EPERM",
		    "'%s' is answered with kill-thread: in a multi-threaded "
		    "program that ends only the calling thread and leaves the "
		    "rest waiting for it (a frozen event loop, not a crash "
		    "that gets restarted)", pr->syscall);
	}
}

/* Syscalls libc (or the common callers) fall back from only on ENOSYS. */
static const struct {
	const char *name;
	const char *fallback[4]; /* checked only if one is allowed; none:
				    always */
	int severity;
	const char *who;
} enosys_only[] = {
	{ "clone3", { "clone", "fork", "vfork" }, 1,
	  "glibc 2.34+ pthread_create, posix_spawn and system() call clone3 "
	  "first and fall back to clone only on ENOSYS (moby/moby#42681)" },
	{ "faccessat2", { "faccessat", "access" }, 1,
	  "glibc 2.33+ faccessat with flags calls faccessat2 and falls back "
	  "only on ENOSYS (systemd/systemd#16739)" },
	{ "fchmodat2", { "fchmodat", "chmod" }, 1,
	  "glibc 2.39 and musl 1.2.5 lchmod/fchmodat(AT_SYMLINK_NOFOLLOW) "
	  "call fchmodat2 and fall back only on ENOSYS" },
	{ "openat2", { "openat", "open" }, 0,
	  "crun, systemd and newer libraries try openat2 and fall back to "
	  "openat only on ENOSYS (containers/crun#546)" },
	{ "close_range", { "execve", "execveat" }, 1,
	  "glibc 2.34 closefrom, Python subprocess and Rust Command call "
	  "close_range and fall back to /proc/self/fd only on ENOSYS "
	  "(python/cpython#32418)" },
	{ "epoll_pwait2", { "epoll_pwait", "epoll_wait" }, 1,
	  "sd-event, libuv and ivykis call epoll_pwait2 and fall back to "
	  "epoll_pwait only on ENOSYS (buytenh/ivykis#33)" },
	{ "rseq", { NULL }, 1,
	  "glibc 2.35+ registers rseq at startup and in every thread; a kill "
	  "stops every glibc program at startup, and a failure in a later "
	  "thread after the main thread registered aborts" },
	{ "statx", { "newfstatat", "fstat", "stat" }, 0,
	  "32-bit glibc, musl, coreutils and Rust std call statx first and "
	  "fall back to fstatat only on ENOSYS" },
	{ "getrandom", { NULL }, 1,
	  "glibc 2.36+ arc4random falls back to /dev/urandom only on ENOSYS "
	  "and aborts on any other error" },
	{ "pidfd_open", { "wait4", "waitid" }, 0,
	  "Go 1.23 os.StartProcess and systemd use pidfds and fall back on "
	  "ENOSYS (golang/go#62654)" },
};

static bool any_allowed(const struct policy *p, const char *const *names)
{
	size_t i;

	if (!names[0])
		return true;
	for (i = 0; i < 4 && names[i]; i++)
		if (policy_lookup(p, 0, names[i], NULL) != VERDICT_DENIED)
			return true;
	return false;
}

static void lint_enosys(const struct policy *p, struct lint_result *r)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(enosys_only); i++) {
		const char *name = enosys_only[i].name;
		struct action act = { ACTION_NONE, 0 };
		const struct policy_rule *pr;
		char buf[32];

		if (policy_lookup(p, 0, name, &act) != VERDICT_DENIED)
			continue;
		if (act.kind == ACTION_ERRNO && act.data == ENOSYS)
			continue;
		if (!any_allowed(p, enosys_only[i].fallback))
			continue;
		pr = deciding_rule(p, name);
		add(r, enosys_only[i].severity, "enosys", name, where(p, pr),
		    pr ? pr->line : 0,
		    "errno ENOSYS",
		    "'%s' is denied with %s%s, but %s: answer ENOSYS so the "
		    "fallback runs, or allow it", name, action_name(&act, buf),
		    pr ? "" : " (the default action)", enosys_only[i].who);
	}
}

static void lint_default(const struct policy *p, const struct lint_opts *o,
			 struct lint_result *r)
{
	bool audit = o && o->profile && !strcmp(o->profile, "audit");
	char buf[32];

	if (p->default_action.kind != ACTION_ALLOW &&
	    p->default_action.kind != ACTION_LOG)
		return;
	add(r, audit ? 0 : 1, "permissive-default", NULL, p->source, 0,
	    "an allowlist with default kill-process (or errno)",
	    "the default action is %s: every syscall the policy does not "
	    "name is permitted, including ones added to the kernel after it "
	    "was written; %s", action_name(&p->default_action, buf),
	    audit ? "fine for an audit profile (SystemCallLog=), not for "
		    "production"
		  : "a production profile should deny by default");
}

static const struct {
	const char *name;
	int severity;
	const char *why;
} essential[] = {
	{ "rt_sigreturn", 2, "every signal handler returns through it; the "
	  "first handled signal (SIGCHLD, SIGPIPE, SIGTERM, Go's SIGURG) "
	  "kills the process" },
	{ "exit_group", 2, "every process ends with it; a clean exit dies "
	  "of SIGSYS with the wrong status" },
	{ "exit", 1, "a returning thread ends with it, not exit_group" },
	{ "restart_syscall", 1, "the kernel resumes a sleep interrupted by a "
	  "stop (SIGSTOP/SIGCONT, a debugger) with it" },
};

static void lint_essential(const struct policy *p, struct lint_result *r)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(essential); i++) {
		struct action act;
		char buf[32];

		if (policy_lookup(p, 0, essential[i].name, &act) !=
		    VERDICT_DENIED)
			continue;
		add(r, essential[i].severity, "missing-essential",
		    essential[i].name, p->source, 0, "allow",
		    "'%s' is not allowed (%s): %s", essential[i].name,
		    action_name(&act, buf), essential[i].why);
	}
}

static const struct {
	const char *name;
	int severity;
	const char *why;
} dangerous[] = {
	{ "ptrace", 1, "it reads and writes other processes' memory and "
	  "registers, and lets a tracer bypass seccomp in its tracees" },
	{ "process_vm_writev", 1, "it writes another process's memory" },
	{ "process_vm_readv", 1, "it reads another process's memory" },
	{ "bpf", 1, "it loads eBPF programs and maps into the kernel" },
	{ "perf_event_open", 1, "it exposes kernel profiling, a common "
	  "exploitation primitive" },
	{ "userfaultfd", 1, "it lets an attacker stall kernel accesses to user "
	  "memory, a common exploitation primitive" },
	{ "mount", 1, "it changes the mount table (with unshare: the whole "
	  "file system view)" },
	{ "umount2", 1, "it removes mounts" },
	{ "pivot_root", 1, "it changes the root file system" },
	{ "fsopen", 1, "the new mount API" },
	{ "fsmount", 1, "the new mount API" },
	{ "move_mount", 1, "the new mount API" },
	{ "open_tree", 1, "the new mount API" },
	{ "kexec_load", 1, "it replaces the running kernel" },
	{ "kexec_file_load", 1, "it replaces the running kernel" },
	{ "init_module", 1, "it loads kernel code" },
	{ "finit_module", 1, "it loads kernel code" },
	{ "delete_module", 1, "it unloads kernel code" },
	{ "personality", 1, "it can disable ASLR (ADDR_NO_RANDOMIZE) and "
	  "change the syscall ABI; Docker allows only a few values" },
	{ "unshare", 1, "it creates namespaces (user namespaces expose much "
	  "more kernel surface)" },
	{ "setns", 1, "it joins other namespaces" },
	{ "keyctl", 1, "the kernel keyring is not namespaced" },
	{ "add_key", 1, "the kernel keyring is not namespaced" },
	{ "request_key", 1, "the kernel keyring is not namespaced" },
	{ "open_by_handle_at", 1, "it opens files by handle, escaping a chroot "
	  "or mount namespace (the 'shocker' container escape)" },
	{ "iopl", 1, "raw I/O port access" },
	{ "ioperm", 1, "raw I/O port access" },
	{ "reboot", 1, "it reboots the machine" },
	{ "swapon", 1, "it changes swap devices" },
	{ "clone", 0, "it creates namespaces (CLONE_NEWUSER, CLONE_NEWNS...) "
	  "unless its flags are restricted; Docker masks 0x7e020000" },
	{ "clone3", 0, "it creates namespaces, and its flags sit behind a "
	  "pointer no filter can inspect; Docker answers ENOSYS" },
};

static void lint_dangerous(const struct policy *p, struct lint_result *r)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dangerous); i++) {
		const char *name = dangerous[i].name;
		const struct policy_rule *pr;

		if (!syscall_name_known(name) ||
		    policy_lookup(p, 0, name, NULL) != VERDICT_ALLOWED)
			continue;
		pr = deciding_rule(p, name);
		add(r, dangerous[i].severity, "dangerous", name,
		    where(p, pr), pr ? pr->line : 0,
		    "deny it, or allow it only with argument conditions",
		    "'%s' is allowed without argument conditions%s: %s",
		    name, pr ? "" : " (by the default action)",
		    dangerous[i].why);
	}
}

int lint_policy(const struct policy *p, const struct lint_opts *o,
		struct lint_result *r)
{
	lint_kill_thread(p, r);
	lint_default(p, o, r);
	lint_essential(p, r);
	lint_enosys(p, r);
	lint_dangerous(p, r);
	return 0;
}

/* Replace every "observed" in s by "allowed" (evidence read on a policy). */
static char *observed_to_allowed(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	while ((p = strstr(s, "observed")) != NULL) {
		strbuf_add(&sb, s, (size_t)(p - s));
		strbuf_addstr(&sb, "allowed");
		s = p + strlen("observed");
	}
	strbuf_addstr(&sb, s);
	return strbuf_detach(&sb, NULL);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int lint_policy_siblings(const struct policy *p, const struct kb *kb,
			 struct lint_result *r)
{
	const char **names;
	struct kb_input in;
	struct kb_flag *flags = NULL;
	size_t n = 0, nflags = 0, i;
	int ret = -1;

	/* a permissive default allows every sibling: nothing to say */
	if (p->default_action.kind == ACTION_ALLOW ||
	    p->default_action.kind == ACTION_LOG)
		return 0;
	names = xcalloc(p->nrules + 1, sizeof(*names));
	for (i = 0; i < p->nrules; i++)
		if (policy_lookup(p, 0, p->rules[i].syscall, NULL) !=
		    VERDICT_DENIED)
			names[n++] = p->rules[i].syscall;
	qsort(names, n, sizeof(*names), cmp_names);
	for (i = 1; i < n; i++)
		if (!strcmp(names[i], names[i - 1])) {
			memmove(&names[i], &names[i + 1],
				(n - i - 1) * sizeof(*names));
			n--;
			i--;
		}
	memset(&in, 0, sizeof(in));
	in.syscalls = names;
	in.nsyscalls = n;
	in.policy = p;
	if (kb_evaluate(kb, &in, &flags, &nflags) < 0)
		goto out;
	for (i = 0; i < nflags; i++) {
		const struct kb_flag *f = &flags[i];
		char *ev = observed_to_allowed(f->evidence);
		char buf[32];
		int sev = !strcmp(f->severity, "error")     ? 2
			  : !strcmp(f->severity, "warning") ? 1
							    : 0;

		add(r, sev, "sibling", f->syscall, p->source, 0,
		    f->advice.kind != ACTION_NONE
			    ? action_name(&f->advice, buf)
			    : "allow",
		    "'%s' is not allowed (knowledge-base rule %s, fired by: "
		    "%s): %s [reference: %s]", f->syscall, f->rule, ev,
		    f->reason, f->reference);
		free(ev);
	}
	ret = 0;
out:
	kb_flags_free(flags, nflags);
	free(names);
	return ret;
}

/* ---------------------------------------------------------- raw BPF */

static uint32_t run(const struct sock_filter *insns, size_t n, uint32_t arch,
		    uint32_t nr, uint32_t *reads)
{
	struct seccomp_data d;

	memset(&d, 0, sizeof(d));
	d.nr = (int)nr;
	d.arch = arch;
	return bpf_run(insns, n, &d, reads);
}

static bool ret_allows(uint32_t ret)
{
	ret &= SECCOMP_RET_ACTION_FULL;
	return ret == SECCOMP_RET_ALLOW || ret == SECCOMP_RET_LOG;
}

/* The arch tokens the program compares the arch word with, in order. */
static size_t compared_arches(const struct sock_filter *insns, size_t n,
			      uint32_t *out, size_t max)
{
	size_t i, k, m = 0;

	for (i = 0; i < n; i++) {
		if (insns[i].code != (BPF_JMP | BPF_JEQ | BPF_K) ||
		    !arch_name(insns[i].k))
			continue;
		for (k = 0; k < m; k++)
			if (out[k] == insns[i].k)
				break;
		if (k == m && m < max)
			out[m++] = insns[i].k;
	}
	return m;
}

int lint_bpf(const struct sock_filter *insns, size_t n, const char *where_,
	     struct lint_result *r)
{
	uint32_t arches[16], reads = 0, all_reads = 0, ret;
	uint32_t native = arch_native();
	size_t narches, i;
	uint32_t nr, kills = 0, x32_hole = (uint32_t)-1;
	char err[256], name[SYSCALL_NAME_MAX];
	bool has_x86_64 = false;

	if (bpf_validate(insns, n, err, sizeof(err)) < 0)
		return error("%s: %s", where_, err);
	narches = compared_arches(insns, n, arches, ARRAY_SIZE(arches));
	for (i = 0; i < narches; i++)
		if (arches[i] == AUDIT_ARCH_X86_64)
			has_x86_64 = true;

	/* the first load must be the arch word (offset 4), not nr */
	for (i = 0; i < n; i++)
		if (insns[i].code == (BPF_LD | BPF_W | BPF_ABS))
			break;
	for (nr = 0; nr < PROBE_NR_MAX; nr++) {
		ret = run(insns, n, narches ? arches[0] : native, nr, &reads);
		all_reads |= reads;
		if ((ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_KILL_THREAD)
			kills++;
		if (has_x86_64 && ret_allows(run(insns, n, AUDIT_ARCH_X86_64,
						 nr, NULL)) &&
		    ret_allows(run(insns, n, AUDIT_ARCH_X86_64,
				   nr | X32_SYSCALL_BIT, NULL)) &&
		    x32_hole == (uint32_t)-1)
			x32_hole = nr;
	}
	if (!(all_reads & 2) || !narches)
		add(r, 1, "arch", NULL, where_, 0,
		    "load seccomp_data.arch first and kill on a mismatch",
		    "the program never checks seccomp_data.arch: a call made "
		    "through another ABI (int 0x80 and i386 numbers on x86_64, "
		    "x32) is judged with the numbers of the wrong table");
	else if (i < n && insns[i].k != offsetof(struct seccomp_data, arch))
		add(r, 1, "arch", NULL, where_, 0,
		    "load seccomp_data.arch first and kill on a mismatch",
		    "the first load of the program (instruction %zu) reads "
		    "offset %u, not the arch word: the syscall number is used "
		    "before the architecture is known", i, insns[i].k);
	if (x32_hole != (uint32_t)-1)
		add(r, 1, "x32", syscall_name(AUDIT_ARCH_X86_64, (int)x32_hole,
					      name), where_, 0,
		    "after the arch check, kill if nr >= 0x40000000 (x32)",
		    "under AUDIT_ARCH_X86_64 the program allows x32 numbers "
		    "(nr | 0x40000000, e.g. %#x for %s): x32 calls share the "
		    "arch token, so the filter needs an nr >= 0x40000000 guard",
		    x32_hole | X32_SYSCALL_BIT, name);
	if (kills)
		add(r, 1, "kill-thread", NULL, where_, 0,
		    "SECCOMP_RET_KILL_PROCESS",
		    "the program returns SECCOMP_RET_KILL_THREAD for %u of the "
		    "first %u syscall numbers: in a multi-threaded program a "
		    "denied call ends one thread and the others wait for it",
		    kills, PROBE_NR_MAX);
	return 0;
}

/* ------------------------------------------------ filters of a trace */

static int lint_one_filter(int64_t id, const struct store_filter *f,
			   void *data)
{
	struct lint_result *r = data;
	char *label = xasprintf("filter %lld (pid %lld, %s)", (long long)id,
				(long long)f->pid, f->exe ? f->exe : "?");
	size_t len = f->prog_len;
	struct sock_filter *insns;

	if (f->threads > 1 && !(f->flags & SECCOMP_FILTER_FLAG_TSYNC))
		add(r, 1, "tsync", NULL, label, 0,
		    "install the filter before starting threads, or "
		    "pass SECCOMP_FILTER_FLAG_TSYNC",
		    "thread %lld installed this filter with %s while "
		    "%d threads were running and without "
		    "SECCOMP_FILTER_FLAG_TSYNC: only the calling "
		    "thread (and threads it creates later) is "
		    "filtered; the other %d run unconfined",
		    (long long)f->tid, f->how ? f->how : "seccomp",
		    f->threads, f->threads - 1);
	if (!len || len % sizeof(struct sock_filter)) {
		add(r, 1, "program", NULL, label, 0, NULL,
		    "the stored program is %zu bytes, not whole "
		    "instructions", len);
		free(label);
		return 0;
	}
	insns = xmalloc(len);
	memcpy(insns, f->prog, len);
	if (lint_bpf(insns, len / sizeof(*insns), label, r) < 0)
		add(r, 1, "program", NULL, label, 0, NULL,
		    "the stored program is not a valid seccomp filter");
	free(insns);
	free(label);
	return 0;
}

int lint_store_filters(struct store *st, struct lint_result *r)
{
	return store_each_filter(st, 0, lint_one_filter, r);
}
