/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * import-strace.c - `syscensus import` of strace logs.
 *
 * A streaming reader (a big regular file is read in 4 MiB chunks, one
 * thread classifying lines while this one keeps the state; a pipe or a
 * small file goes through one fixed 4 MiB buffer; lines are found with
 * memchr; nothing is mapped, so a log truncated while it is read ends
 * early instead of raising SIGBUS)
 * feeds strace-parse.c; this file keeps what a log only says across lines:
 * which pid is which executable (execve, inherited by clone/fork children,
 * -Y comm before any exec), each pid's personality (x86, x32), the call a
 * pid left <unfinished ...> until its <... resumed> line, the live pids of
 * a stderr log (an unprefixed line belongs to the only one), and the facts
 * (paths, clone flags, signals, handlers, decisive arguments).  The
 * AF_UNIX addresses of socket calls are "path" facts too ("@name" for an
 * abstract socket; a path cut by -s is not recorded): the knowledge
 * base's sd-notify, dbus, journald and syslog rules trigger on them.
 *
 * A call counts once, when its result is known: a complete line, or the
 * resumed line of a split call.  strace -c counts only calls that reach
 * syscall exit; we also count calls that never return (exit_group(0) = ?,
 * a thread killed inside futex, a call pending at detach or at the end of
 * the log), since a filter must allow them too.
 *
 * Counting goes through the in-memory aggregator and facts are aggregated
 * here, so the store sees a handful of rows per file; memory is bounded by
 * the variety of the log (live pids, distinct names), never its size.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/import/import.h"
#include "analyzer/import/strace-parse.h"
#include "analyzer/import/strace-int.h"
#include "common/sysprop.h"

#define NAMES_MAX 8192 /* distinct names cached per arch */

/* ------------------------------------------------------ name -> number */

enum fact_how {
	FACT_NONE,
	FACT_PATH,    /* a0: index of the path argument, a1: second path */
	FACT_CLONE,   /* clone/clone3 flags */
	FACT_HANDLER, /* rt_sigaction/sigaction with a real handler */
	FACT_ARG,     /* a0: index of a decisive argument */
	FACT_EXECVE,  /* a path fact, and the exe for the pid */
	FACT_FORK,    /* the result is a new pid (fork, vfork) */
	FACT_SOCKADDR, /* AF_UNIX addresses in the arguments or result */
};

struct name_ent {
	char *name;
	uint64_t w0, w1; /* sx_words() of the name */
	uint32_t len;
	int32_t nr;   /* -1: unknown on this arch */
	uint8_t how;  /* enum fact_how */
	int8_t a0, a1;
	const struct sysprop *prop; /* the table's entry, NULL: none */
	/* FACT_ARG: the last value counted (words of up to 16 bytes), for
	 * whom, and its fact while memo_gen is the facts' generation */
	uint8_t memo_len;
	uint32_t memo_gen;
	int64_t memo_exe;
	uint64_t memo_w0, memo_w1;
	struct fact *memo_f;
};

struct name_tab {
	uint32_t arch;
	struct name_ent *slots;
	size_t cap, count;
};

/* What to take from a call's line, from the syscall property table
 * (common/sysprop.c), which the tracer reads too. */
static void name_ent_facts(struct name_ent *e, uint32_t arch,
			   const char *name)
{
	const struct sysprop *p = sysprop_find(arch, name);

	e->how = FACT_NONE;
	e->a0 = e->a1 = -1;
	e->prop = p;
	if (!p)
		return;
	if (p->flags & SYSPROP_EXEC) {
		e->how = FACT_EXECVE;
		e->a0 = p->path[0];
	} else if (p->path[0] >= 0) {
		e->how = FACT_PATH;
		e->a0 = p->path[0];
		e->a1 = p->path[1];
	} else if (p->flags & SYSPROP_NEWTASK) {
		e->how = p->flags & SYSPROP_CLONEFLAGS ? FACT_CLONE : FACT_FORK;
	} else if (p->flags & SYSPROP_SIGHANDLER) {
		e->how = FACT_HANDLER;
	} else if (p->darg.syscall) {
		e->how = FACT_ARG;
		e->a0 = (int8_t)p->darg.index;
	} else if (p->sock != SYSPROP_SOCK_NONE) {
		/* only these lines are searched for sun_path= and -yy UNIX: */
		e->how = FACT_SOCKADDR;
	}
}

uint64_t sx_hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w0, w1;

	while (n > 16) {
		memcpy(&w0, s, 8);
		h = (h ^ w0) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	sx_words(s, n, &w0, &w1);
	h = (h ^ w0) * 0xff51afd7ed558ccdULL;
	h = (h ^ (h >> 32) ^ w1) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 29);
}

/* The name table's hash: a name of up to 16 bytes is its two words. */
static inline uint64_t name_hash(const char *name, size_t len, uint64_t w0,
				 uint64_t w1)
{
	uint64_t h;

	if (len > 16)
		return sx_hash_bytes(name, len);
	h = (w0 ^ len) * 0xff51afd7ed558ccdULL;
	h = (h ^ (h >> 32) ^ w1) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 29);
}

static void name_tab_grow(struct name_tab *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 512, i;
	struct name_ent *n = xcalloc(ncap, sizeof(*n));

	for (i = 0; i < t->cap; i++) {
		struct name_ent *e = &t->slots[i];
		size_t j;

		if (!e->name)
			continue;
		j = name_hash(e->name, e->len, e->w0, e->w1) & (ncap - 1);
		while (n[j].name)
			j = (j + 1) & (ncap - 1);
		n[j] = *e;
	}
	free(t->slots);
	t->slots = n;
	t->cap = ncap;
}

static struct ctx *g_ctx;

static void name_tab_clear(struct name_tab *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->slots[i].name);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static struct name_tab *names_for(struct ctx *c, uint32_t arch)
{
	size_t i;

	for (i = 0; i < c->nnames; i++)
		if (c->names[i].arch == arch)
			return &c->names[i];
	if (c->nnames == NAME_TABS) {
		/* personalities beyond four: recycle the last table */
		name_tab_clear(&c->names[c->nnames - 1]);
		c->nnames--;
	}
	c->names[c->nnames].arch = arch;
	return &c->names[c->nnames++];
}

/* The number of a syscall name on arch (from libseccomp, cached). */
static struct name_ent *resolve(struct ctx *c, uint32_t arch,
				      const char *name, size_t len)
{
	static struct name_ent scratch;
	struct name_tab *t = c->nnames && c->names[0].arch == arch ?
				     &c->names[0] : names_for(c, arch);
	uint64_t h, w0, w1;
	struct name_ent *e;
	char buf[SYSCALL_NAME_MAX];
	size_t j;

	sx_words(name, len, &w0, &w1);
	h = name_hash(name, len, w0, w1);
	if (t->cap) {
		j = h & (t->cap - 1);
		while (t->slots[j].name) {
			e = &t->slots[j];
			/* up to 16 bytes the words are the name */
			if (e->len == len && e->w0 == w0 && e->w1 == w1 &&
			    (len <= 16 || !memcmp(e->name, name, len)))
				return e;
			j = (j + 1) & (t->cap - 1);
		}
	}
	if (len >= sizeof(buf))
		return NULL;
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (t->count >= NAMES_MAX) {
		/* garbage names must not grow the table: answer uncached */
		scratch.nr = syscall_resolve_name(arch, buf);
		scratch.how = FACT_NONE;
		return &scratch;
	}
	if ((t->count + 1) * 2 > t->cap)
		name_tab_grow(t);
	j = h & (t->cap - 1);
	while (t->slots[j].name)
		j = (j + 1) & (t->cap - 1);
	e = &t->slots[j];
	e->name = xstrndup(name, len);
	e->w0 = w0;
	e->w1 = w1;
	e->len = (uint32_t)len;
	e->nr = syscall_resolve_name(arch, buf);
	name_ent_facts(e, arch, buf);
	t->count++;
	return e;
}

/* A decisive argument: "N=VALUE".  The same value of the same call
 * again (fcntl F_SETLK, ioctl TCGETS: most of a log) is counted through
 * the name's memo instead of the facts table. */
static void fact_arg(struct ctx *c, int64_t exe, struct name_ent *ne,
		     const struct strace_line *l)
{
	const char *a;
	size_t alen;
	uint64_t w0, w1;
	char v[80];

	if (ne->a0 < 0 || ne->a0 > 5 ||
	    !strace_arg(l->args, l->args_len, (unsigned)ne->a0, &a, &alen) ||
	    alen > 64)
		return;
	sx_words(a, alen, &w0, &w1);
	if (ne->memo_f && ne->memo_gen == c->facts_gen &&
	    ne->memo_exe == exe && ne->memo_len == alen && alen <= 16 &&
	    ne->memo_w0 == w0 && ne->memo_w1 == w1) {
		ne->memo_f->count++;
		return;
	}
	v[0] = (char)('0' + ne->a0);
	v[1] = '=';
	memcpy(v + 2, a, alen);
	ne->memo_f = sx_fact_add(c, exe, "arg", l->name, l->name_len, v,
				 alen + 2);
	ne->memo_gen = c->facts_gen;
	ne->memo_exe = exe;
	ne->memo_len = (uint8_t)alen;
	ne->memo_w0 = w0;
	ne->memo_w1 = w1;
}

static void facts_of_call(struct ctx *c, int64_t exe, struct name_ent *ne,
			  const struct strace_line *l)
{
	const char *a, *p, *end;
	size_t alen;

	switch (ne->how) {
	case FACT_PATH:
		sx_fact_access(c, exe, l, ne->prop,
			       sx_fact_path(c, exe, l, ne->a0));
		sx_fact_path(c, exe, l, ne->a1);
		break;
	case FACT_CLONE:
		sx_fact_clone_arg(c, exe, l);
		p = l->args;
		end = p + l->args_len;
		while (p + 6 <= end && memcmp(p, "flags=", 6))
			p++;
		if (p + 6 > end)
			break;
		p += 6;
		while (p < end && *p != ',' && *p != '}') {
			const char *t = p;

			while (p < end && *p != '|' && *p != ',' && *p != '}')
				p++;
			if (p - t > 6 && !memcmp(t, "CLONE_", 6))
				sx_fact_add(c, exe, "flag", l->name, l->name_len,
					 t, (size_t)(p - t));
			if (p < end && *p == '|')
				p++;
		}
		break;
	case FACT_HANDLER:
		if (!strace_arg(l->args, l->args_len, 1, &a, &alen) ||
		    alen < 13 || memcmp(a, "{sa_handler=", 12))
			break;
		if (alen >= 19 && (!memcmp(a + 12, "SIG_DFL", 7) ||
				   !memcmp(a + 12, "SIG_IGN", 7)))
			break;
		if (!strace_arg(l->args, l->args_len, 0, &a, &alen) ||
		    alen < 4 || memcmp(a, "SIG", 3))
			break;
		sx_fact_add(c, exe, "handler", l->name, l->name_len, a, alen);
		break;
	case FACT_ARG:
		fact_arg(c, exe, ne, l);
		break;
	case FACT_SOCKADDR:
		sx_fact_sockaddr(c, exe, l, ne->prop);
		break;
	default: /* mmap, mprotect: a W+X mapping */
		if (ne->prop && ne->prop->access == SYSPROP_ACC_PROT)
			sx_fact_access(c, exe, l, ne->prop, 0);
		break;
	}
}

/* ----------------------------------------------------------- problems */

static int problem(struct ctx *c, const char *reason)
{
	c->stats->bad_lines++;
	if (store_add_problem(c->st, c->run, c->display, c->lineno,
			      reason) < 0)
		c->failed = true;
	if (c->o->strict) {
		error("%s:%llu: %s", c->display,
		      (unsigned long long)c->lineno, reason);
		c->failed = true;
		return -1;
	}
	if (c->stats->bad_lines <= c->o->max_reports)
		note("%s:%llu: %s", c->display, (unsigned long long)c->lineno,
		     reason);
	return 0;
}

/* The parser only lets [A-Za-z0-9_] into a name: safe to print. */
static int unknown_name(struct ctx *c, const struct strace_line *l)
{
	char msg[128];

	snprintf(msg, sizeof(msg), "unknown syscall '%.*s'",
		 (int)(l->name_len > 64 ? 64 : l->name_len), l->name);
	return problem(c, msg);
}

/* The line, escaped (evidence for a kill). */
static char *escape_line(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (len > 4096)
		len = 4096;
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch >= 0x7f || ch == '\\')
			strbuf_addf(&sb, "\\x%02x", ch);
		else
			strbuf_addch(&sb, (char)ch);
	}
	return strbuf_detach(&sb, NULL);
}

/* ------------------------------------------------------------ records */

static uint32_t personality_arch(struct ctx *c, int pers)
{
	const char *n = arch_name(c->native);

	if (pers == 64 || !n)
		return c->native;
	if (pers == 'x')
		return arch_from_name("x32");
	if (!strcmp(n, "x86_64") || !strcmp(n, "x32"))
		return arch_from_name("x86");
	if (!strcmp(n, "aarch64"))
		return arch_from_name("arm");
	if (!strcmp(n, "ppc64") || !strcmp(n, "ppc64le"))
		return arch_from_name("ppc");
	if (!strcmp(n, "s390x"))
		return arch_from_name("s390");
	return c->native;
}

static void count(struct ctx *c, struct task *k, uint32_t arch,
		  int32_t nr, int64_t exe, int err)
{
	struct agg_key key = { c->phase, exe, arch, nr };
	struct agg_hint *h = &c->agg_hint[(uint32_t)nr % ARRAY_SIZE(c->agg_hint)];
	struct agg_entry *e = h->e;

	k->last_nr = nr;
	k->last_arch = arch;
	/* most calls repeat a key counted before: skip the hash */
	if (!e || h->slots != c->agg.slots || e->key.nr != nr ||
	    e->key.exe != exe || e->key.arch != arch ||
	    e->key.phase != c->phase) {
		e = agg_get(&c->agg, &key, NULL);
		h->e = e;
		h->slots = c->agg.slots;
	}
	agg_count_entry(&c->agg, e, (int32_t)k->pid, 0, err);
	c->stats->calls++;
}

static int result_err(const struct strace_line *l)
{
	return l->result == RESULT_ERROR ? l->err : 0;
}

/* A new pid returned by clone/fork: it starts as its parent. */
static void child_born(struct ctx *c, struct task *parent, int64_t pid)
{
	struct task *k;
	uint32_t arch = parent->arch;
	int64_t exe = parent->exe ? parent->exe : parent->comm;

	if (pid <= 0 || pid > 4194304)
		return;
	k = sx_task_find(c, pid);
	/* without pid prefixes (no -f) children are not traced: do not
	 * track them, or a long log of forks would grow the table */
	if (!k && parent->pid == 0) {
		struct orphan *op =
			&c->orphans[c->norphans++ % ARRAY_SIZE(c->orphans)];

		op->pid = pid;
		op->exe = exe;
		op->arch = arch;
		return;
	}
	if (!k)
		k = sx_task_new(c, pid);
	if (!k->exe_own) {
		k->exe = exe;
		k->arch = arch;
	}
}

/* A successful execve: the pid runs path from now on. */
static void exec_done(struct ctx *c, struct task *k, const char *path)
{
	if (!path || !*path)
		return;
	k->exe = sx_exe_id(c, path);
	k->exe_own = true;
}

static void do_pending_noreturn(struct ctx *c, struct task *k)
{
	if (!k->pending)
		return;
	count(c, k, k->parch, k->pnr, k->pexe, 0);
	k->pending = false;
	free(k->pexec);
	k->pexec = NULL;
}

/*
 * Under -o strace hides the personality lines; with -n the number still
 * tells: when it is not the name's number in the pid's current
 * personality, find the personality where it is.
 */
static struct name_ent *check_personality(struct ctx *c, struct task *k,
						const struct strace_line *l,
						struct name_ent *ne)
{
	static const int pers[] = { 64, 32, 'x' };
	size_t i;

	if (l->nr_field < 0 || (ne && ne->nr == l->nr_field))
		return ne;
	for (i = 0; i < ARRAY_SIZE(pers); i++) {
		uint32_t arch = personality_arch(c, pers[i]);
		struct name_ent *e;

		if (arch == k->arch)
			continue;
		e = resolve(c, arch, l->name, l->name_len);
		if (e && e->nr == l->nr_field) {
			k->arch = arch;
			return e;
		}
	}
	return ne;
}

static int on_call(struct ctx *c, struct task *k, const struct strace_line *l)
{
	struct name_ent *ne = resolve(c, k->arch, l->name, l->name_len);
	int64_t exe = sx_task_exe(c, k);
	long plen = -1;

	ne = check_personality(c, k, l, ne);

	if (!ne || ne->nr < 0)
		return unknown_name(c, l);
	if (l->args_len)
		facts_of_call(c, exe, ne, l);
	if (ne->how == FACT_EXECVE) {
		plen = sx_fact_path(c, exe, l, ne->a0);
		/* the census of a known program's exec; the first one of a
		 * log is the command's launch, which record does not see */
		if (exe != c->unknown_exe)
			sx_fact_access(c, exe, l, ne->prop, plen);
		if (l->rec == STRACE_CALL && l->result == RESULT_OK &&
		    l->retval == 0 && plen > 0) {
			/* the call belongs to the program that made it, as
			 * record counts it; the launch (no program known
			 * yet) counts for the program it started */
			bool launch = !k->exe && !k->exe_own;

			exec_done(c, k, c->path_buf);
			if (launch)
				exe = k->exe;
		}
	}
	if (l->rec == STRACE_UNFINISHED) {
		if (l->unfinished == UNFINISHED_PID_CHANGED)
			return 0; /* counted where it resumes */
		if (l->unfinished == UNFINISHED_DETACHED) {
			count(c, k, k->arch, ne->nr, exe, 0);
			return 0;
		}
		do_pending_noreturn(c, k);
		k->pending = true;
		k->parch = k->arch;
		k->pnr = ne->nr;
		k->pexe = exe;
		k->pending_clone = ne->how == FACT_CLONE ||
				   ne->how == FACT_FORK;
		if (k->pending_clone)
			c->pending_clone_pid = k->pid;
		if (plen > 0) {
			k->pexec = xstrdup(c->path_buf);
			c->pending_exec_pid = k->pid;
		}
		return 0;
	}
	count(c, k, k->arch, ne->nr, exe, result_err(l));
	if ((ne->how == FACT_CLONE || ne->how == FACT_FORK) &&
	    l->result == RESULT_OK)
		child_born(c, k, l->retval);
	return 0;
}

static int on_resumed(struct ctx *c, struct task *k,
		      const struct strace_line *l)
{
	struct name_ent *ne = resolve(c, k->pending ? k->parch : k->arch,
					    l->name, l->name_len);
	int64_t exe;
	uint32_t arch;

	if (!ne || ne->nr < 0)
		return unknown_name(c, l);
	if (ne->how == FACT_EXECVE && !(k->pending && k->pexec) &&
	    c->pending_exec_pid > 0 && c->pending_exec_pid != k->pid &&
	    !c->pid_hint) {
		/* an exec from a thread whose "superseded" line is missing:
		 * the execing thread's pending call resumes here */
		struct task *o = sx_task_find(c, c->pending_exec_pid);

		if (o && o->pending && o->pexec) {
			int64_t pid = k->pid;

			do_pending_noreturn(c, k);
			k->pending = true;
			k->parch = o->parch;
			k->pnr = o->pnr;
			k->pexe = o->pexe;
			k->pexec = steal_pointer(&o->pexec);
			o->pending = false;
			sx_task_del(c, o); /* moves slots: find k again */
			k = sx_task_find(c, pid);
		}
	}
	if (k->pending && k->pnr == ne->nr) {
		exe = k->pexe;
		arch = k->parch;
	} else {
		/* no entry seen (attached mid-call, -ff exec): count here */
		do_pending_noreturn(c, k);
		exe = sx_task_exe(c, k);
		arch = k->arch;
	}
	if (ne->how == FACT_EXECVE && l->result == RESULT_OK &&
	    l->retval == 0) {
		/* counted for the program that made it, but the launch */
		bool launch = !k->exe && !k->exe_own;

		if (k->pending && k->pexec) {
			exec_done(c, k, k->pexec);
		} else {
			/* -ff, exec from a thread: the path is in the other
			 * file; say "unknown" (or the -Y comm), not the
			 * program that was replaced */
			k->exe = 0;
			k->comm = 0;
			k->exe_own = true;
		}
		if (launch)
			exe = sx_task_exe(c, k);
	}
	k->pending = false;
	free(k->pexec);
	k->pexec = NULL;
	if (ne->how == FACT_SOCKADDR)
		sx_fact_sockaddr(c, exe, l, ne->prop); /* recvmsg, accept */
	count(c, k, arch, ne->nr, exe, result_err(l));
	if ((ne->how == FACT_CLONE || ne->how == FACT_FORK) &&
	    l->result == RESULT_OK)
		child_born(c, k, l->retval);
	return 0;
}

/* --- SIGSYS {si_code=SYS_SECCOMP, si_syscall=__NR_x, si_arch=...} --- */
static int on_sigsys(struct ctx *c, struct task *k, const char *line,
		     size_t len, const struct strace_line *l)
{
	struct store_kill kill = { 0 };
	char name[SYSCALL_NAME_MAX] = "", archname[64] = "";
	const char *p, *end = l->args + l->args_len;
	char *detail;
	int ret;

	if (!memmem(l->args, l->args_len, "si_code=SYS_SECCOMP", 19))
		return 0;
	p = memmem(l->args, l->args_len, "si_syscall=", 11);
	if (p) {
		size_t n = 0;

		p += 11;
		if (end - p > 5 && !memcmp(p, "__NR_", 5))
			p += 5;
		while (p + n < end && p[n] != ',' && p[n] != '}' &&
		       n + 1 < sizeof(name))
			n++;
		memcpy(name, p, n);
		name[n] = '\0';
	}
	p = memmem(l->args, l->args_len, "si_arch=", 8);
	if (p) {
		size_t n = 0;

		p += 8;
		while (p + n < end && p[n] != ',' && p[n] != '}' &&
		       n + 1 < sizeof(archname))
			n++;
		memcpy(archname, p, n);
		archname[n] = '\0';
	}
	kill.run = c->run;
	kill.pid = k->pid;
	kill.exe = sx_exe_path(c, sx_task_exe(c, k));
	kill.arch = arch_from_name(archname);
	if (!kill.arch)
		kill.arch = k->arch;
	kill.nr = name[0] ? syscall_resolve_name(kill.arch, name) : -1;
	kill.syscall = name[0] ? name : NULL;
	kill.source = "strace";
	kill.file = c->display;
	kill.line = c->lineno;
	detail = escape_line(line, len);
	kill.detail = detail;
	ret = store_add_kill(c->st, &kill);
	free(detail);
	if (ret < 0)
		c->failed = true;
	k->sigsys = true;
	c->stats->kills++;
	return 0;
}

static int on_killed(struct ctx *c, struct task *k, const char *line,
		     size_t len, const struct strace_line *l)
{
	struct store_kill kill = { 0 };
	char *detail;

	if (l->name_len != 6 || memcmp(l->name, "SIGSYS", 6) || k->sigsys)
		return 0;
	kill.run = c->run;
	kill.pid = k->pid;
	kill.exe = sx_exe_path(c, sx_task_exe(c, k));
	kill.arch = k->arch;
	kill.nr = -1;
	/* SECCOMP_RET_KILL_*: no siginfo line; strace printed the killed
	 * call last (its "return value" is the syscall number) */
	if (k->pending) {
		kill.nr = k->pnr;
		kill.arch = k->parch;
	} else if (k->last_nr >= 0) {
		kill.nr = k->last_nr;
		kill.arch = k->last_arch;
	}
	kill.source = "strace";
	kill.file = c->display;
	kill.line = c->lineno;
	detail = escape_line(line, len);
	kill.detail = detail;
	if (store_add_kill(c->st, &kill) < 0)
		c->failed = true;
	free(detail);
	c->stats->kills++;
	return 0;
}

static void task_gone(struct ctx *c, struct task *k)
{
	do_pending_noreturn(c, k);
	if (c->pending_clone_pid == k->pid)
		c->pending_clone_pid = -1;
	sx_task_del(c, k);
}

static int process(struct ctx *c, const char *s, size_t len, bool last,
		   bool nul);

/*
 * A stderr log: a diagnostic cut this line at `at`.  Keep the head to be
 * joined with the next line, and the diagnostic to be handled after that
 * line (it happened later: "Process N attached" during a clone).
 */
static bool try_splice(struct ctx *c, const char *s, size_t len)
{
	const char *at = len > 8 ? memmem(s + 1, len - 1, "strace: ", 8) :
				   NULL;

	if (!at)
		return false;
	strbuf_reset(&c->deferred);
	strbuf_add(&c->deferred, at, len - (size_t)(at - s));
	strbuf_addch(&c->deferred, '\n');
	strbuf_add(&c->carry, s, (size_t)(at - s));
	return true;
}

static int process_parsed(struct ctx *c, const char *s, size_t len,
			  struct strace_line *l, bool last)
{
	struct task *k, *o;
	struct orphan *op;
	size_t i;

	c->line_end = s + len;
	if (c->in_table) {
		if (l->rec == STRACE_TABLE || !memchr(s, '(', len))
			return 0;
		c->in_table = false;
	}
	switch (l->rec) {
	case STRACE_EMPTY:
	case STRACE_CONT:
	case STRACE_STOPPED:
	case STRACE_DIAG:
		return 0;
	case STRACE_TABLE:
		c->in_table = true;
		return 0;
	case STRACE_BAD:
		if (!c->carry.len && !c->pid_hint && try_splice(c, s, len))
			return 0;
		if (last)
			return problem(c, "truncated last line (no newline at "
				       "end of file)");
		return problem(c, l->reason);
	case STRACE_ATTACHED:
		/* a child (never the unprefixed first tracee) */
		k = sx_task_find(c, l->other_pid);
		if (k)
			sx_task_seen(c, k);
		if (k || l->other_pid <= 0 || l->other_pid > 4194304)
			return 0;
		o = c->pending_clone_pid >= 0 ?
			sx_task_find(c, c->pending_clone_pid) : NULL;
		op = NULL;
		for (i = 0; i < ARRAY_SIZE(c->orphans); i++)
			if (c->orphans[i].pid == l->other_pid)
				op = &c->orphans[i];
		if (op) {
			k = sx_task_new(c, l->other_pid);
			k->exe = op->exe;
			k->arch = op->arch;
			op->pid = 0;
		} else if (o && o->pending && o->pending_clone) {
			uint32_t arch = o->arch;
			int64_t exe = o->exe ? o->exe : o->comm;

			k = sx_task_new(c, l->other_pid);
			k->exe = exe;
			k->arch = arch;
		} else {
			k = sx_task_new(c, l->other_pid);
		}
		sx_task_seen(c, k);
		return 0;
	case STRACE_DETACHED:
		k = sx_task_find(c, l->other_pid);
		if (k)
			task_gone(c, k);
		return 0;
	case STRACE_PERSONALITY:
		k = l->other_pid ? sx_task_get(c, l->other_pid) :
				   sx_line_task(c, l);
		k->arch = personality_arch(c, l->personality);
		return 0;
	default:
		break;
	}
	if (l->body_off > 0 && len > l->body_off + 8 &&
	    !memcmp(s + l->body_off, "strace: ", 8)) {
		/* "[pid N] strace: ...": the leader belongs to the next line */
		struct strace_line d;

		strace_parse_line(s + l->body_off, len - l->body_off, &d);
		process_parsed(c, s + l->body_off, len - l->body_off, &d,
			       false);
		strbuf_add(&c->carry, s, l->body_off);
		return 0;
	}
	k = sx_line_task(c, l);
	if (l->comm_len && !k->comm && l->comm_len < 256) {
		char comm[256];

		memcpy(comm, l->comm, l->comm_len);
		comm[l->comm_len] = '\0';
		k->comm = sx_exe_id(c, comm);
	}
	switch (l->rec) {
	case STRACE_CALL:
	case STRACE_UNFINISHED:
		return on_call(c, k, l);
	case STRACE_RESUMED:
		return on_resumed(c, k, l);
	case STRACE_EXITED:
		task_gone(c, k);
		return 0;
	case STRACE_KILLED:
		if (on_killed(c, k, s, len, l) < 0)
			return -1;
		task_gone(c, k);
		return 0;
	case STRACE_SUPERSEDED:
		/* the execing thread takes over this pid and its pending
		 * execve; the leader's own pending call died */
		o = sx_task_find(c, l->other_pid);
		do_pending_noreturn(c, k);
		if (o && o != k) {
			k->pending = o->pending;
			k->parch = o->parch;
			k->pnr = o->pnr;
			k->pexe = o->pexe;
			k->pexec = o->pexec;
			k->arch = o->arch;
			o->pexec = NULL;
			o->pending = false;
			/* under -ff the thread's own file may come later */
			if (!c->pid_hint)
				sx_task_del(c, o);
		}
		return 0;
	case STRACE_SIGNAL:
		sx_fact_add(c, sx_task_exe(c, k), "signal", "", 0, l->name,
			 l->name_len);
		if (l->name_len == 6 && !memcmp(l->name, "SIGSYS", 6))
			return on_sigsys(c, k, s, len, l);
		return 0;
	default:
		return 0;
	}
}

static int process(struct ctx *c, const char *s, size_t len, bool last,
		   bool nul)
{
	struct strace_line l;
	int ret;

	if (c->carry.len && len > 8 && !memcmp(s, "strace: ", 8) &&
	    c->deferred.len < MAX_LINE) {
		/* another diagnostic before the rest of the cut line */
		strbuf_add(&c->deferred, s, len);
		strbuf_addch(&c->deferred, '\n');
		return 0;
	}
	if (c->carry.len) {
		struct strbuf joined = STRBUF_INIT, diag = STRBUF_INIT;
		const char *d, *nl;

		strbuf_add(&joined, c->carry.buf, c->carry.len);
		strbuf_add(&joined, s, len);
		strbuf_reset(&c->carry);
		strbuf_add(&diag, c->deferred.buf, c->deferred.len);
		strbuf_reset(&c->deferred);
		strace_parse_line(joined.buf, joined.len, &l);
		ret = process_parsed(c, joined.buf, joined.len, &l, last);
		for (d = diag.buf; ret == 0 && d < diag.buf + diag.len;
		     d = nl + 1) {
			nl = memchr(d, '\n', (size_t)(diag.buf + diag.len - d));
			strace_parse_line(d, (size_t)(nl - d), &l);
			ret = process_parsed(c, d, (size_t)(nl - d), &l, false);
		}
		strbuf_release(&joined);
		strbuf_release(&diag);
		return ret;
	}
	strace_parse_line_nul(s, len, &l, nul);
	return process_parsed(c, s, len, &l, last);
}

/* ------------------------------------------------------------ driver */

static struct ctx *ctx_get(struct store *st, int64_t run,
			   const struct import_opts *o)
{
	struct ctx *c = g_ctx;

	if (c && c->st == st && c->run == run)
		return c;
	import_strace_done();
	c = xcalloc(1, sizeof(*c));
	c->st = st;
	c->run = run;
	c->o = o;
	c->native = arch_native();
	c->pending_clone_pid = -1;
	c->pending_exec_pid = -1;
	c->single = -1;
	agg_init(&c->agg);
	strbuf_init(&c->carry, 0);
	strbuf_init(&c->deferred, 0);
	c->path_buf = xmalloc(4097);
	c->names = xcalloc(NAME_TABS, sizeof(*c->names));
	c->phase = store_intern_phase(st, o->phase && *o->phase ? o->phase :
				      "default");
	c->unknown_exe = store_intern_exe(st, "unknown");
	if (c->phase < 0 || c->unknown_exe < 0) {
		free(c->path_buf);
		free(c->names);
		free(c);
		return NULL;
	}
	return g_ctx = c;
}

void import_strace_done(void)
{
	struct ctx *c = g_ctx;
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nnames; i++)
		name_tab_clear(&c->names[i]);
	free(c->names);
	sx_tasks_clear(c);
	for (i = 0; i < c->facts_cap; i++)
		free(c->facts[i].key);
	free(c->facts);
	for (i = 0; i < c->exes_cap; i++)
		free(c->exes[i].path);
	free(c->exes);
	agg_release(&c->agg);
	strbuf_release(&c->carry);
	strbuf_release(&c->deferred);
	free(c->path_buf);
	free(c);
	g_ctx = NULL;
}

/* End of a file: pending calls never returned; flush counts and facts. */
static int file_end(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->tasks.cap; i++)
		if (c->tasks.slots[i].used)
			do_pending_noreturn(c, &c->tasks.slots[i]);
	if (store_flush_agg(c->st, c->run, &c->agg) < 0)
		c->failed = true;
	sx_facts_flush(c);
	if (!c->pid_hint)
		sx_tasks_clear(c);
	strbuf_reset(&c->carry);
	strbuf_reset(&c->deferred);
	c->in_table = false;
	return c->failed ? -1 : 0;
}

/* ------------------------------------------------- the line callbacks */

/* classify(), run by the reading thread: strace_parse_line() is pure. */
static void classify(const char *s, size_t len, bool nul, void *rec)
{
	strace_parse_line_nul(s, len, rec, nul);
}

/* One line, parsed here or by classify(); with a stderr splice being
 * joined, the joined line is parsed here. */
static int on_line(void *ctx, const char *s, size_t len, bool last, bool nul,
		   void *rec)
{
	struct ctx *c = ctx;
	int ret;

	c->lineno++;
	if (rec && !c->carry.len)
		ret = process_parsed(c, s, len, rec, last);
	else
		ret = process(c, s, len, last, nul);
	if (ret < 0 || (c->failed && c->o->strict))
		return -1;
	return 0;
}

static int on_too_long(void *ctx)
{
	struct ctx *c = ctx;

	c->lineno++;
	return problem(c, "line longer than 1 MiB");
}

int import_strace_file(struct store *st, int64_t run,
		       const struct import_opts *o, FILE *f,
		       const char *display, int64_t pid_hint,
		       struct import_stats *stats)
{
	struct ctx *c = ctx_get(st, run, o);
	struct import_lines L = {
		.display = display,
		.max_line = MAX_LINE,
		.stream_long = "a line longer than 1 MiB: not an strace log "
			       "(a stream stops at the first one)",
		.too_long = on_too_long,
		.threads = true,
		.rec_size = sizeof(struct strace_line),
		.classify = classify,
		.line = on_line,
	};
	int ret = -1;

	if (!c)
		return -1;
	L.ctx = c;
	c->stats = stats;
	c->display = display;
	c->lineno = 0;
	c->pid_hint = pid_hint;
	c->failed = false;
	c->in_table = false;
	if (import_lines_read(&L, f) < 0 || c->failed)
		goto out;
	if (file_end(c) < 0)
		goto out;
	ret = 0;
out:
	stats->lines += c->lineno;
	return ret;
}
