/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * task.c - the ptrace engine's tasks and what it knows per syscall: the
 * task table (a page table by tid), the executables tasks run, and the
 * per-arch, per-number flags built from the syscall property table
 * (common/sysprop.c) the first time an arch is seen.  A task's state
 * that moves with an exec from a non-leader thread is one struct
 * (struct task_state), taken over whole.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracer/tracer-int.h"

/* ------------------------------------------------------------ helpers */

static pid_t read_tgid(pid_t tid)
{
	char path[64], buf[1024], *p;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	if (tracer_read_small(path, buf, sizeof(buf)) < 0)
		return tid;
	p = strstr(buf, "\nTgid:");
	if (!p)
		return tid;
	return (pid_t)strtol(p + 6, NULL, 10);
}

/* ------------------------------------------------------ arches, exes */

/* The engine's SC_* flags of a syscall from its properties. */
static uint8_t arch_flags(const struct sysprop *p)
{
	uint8_t fl = 0;

	if (p->flags & (SYSPROP_NORETURN | SYSPROP_NOFAIL))
		fl |= SC_NOEXIT;
	if (p->flags & SYSPROP_EXEC)
		fl |= SC_EXEC;
	if (p->flags & SYSPROP_SECCOMP) /* seccomp() or prctl() */
		fl |= p->darg.syscall ? SC_PRCTL : SC_SECCOMP;
	if (p->flags & SYSPROP_SIGHANDLER)
		fl |= SC_SIGACTION;
	if (p->flags & SYSPROP_CLONEFLAGS) /* in a register, or clone3's */
		fl |= p->darg.syscall ? SC_CLONE : SC_CLONE3;
	return fl;
}

struct arch_info *engine_arch_get(struct tracer *tr, uint32_t token)
{
	const struct sysprop *p;
	struct arch_info *ai;
	size_t i, it;

	if (tr->last_ai && tr->last_ai->token == token)
		return tr->last_ai;
	for (i = 0; i < tr->narches; i++)
		if (tr->arches[i]->token == token)
			return tr->last_ai = tr->arches[i];
	if (tr->narches == ARRAY_SIZE(tr->arches))
		return NULL;
	ai = xcalloc(1, sizeof(*ai));
	ai->token = token;
	for (it = 0; (p = sysprop_next(token, &it));) {
		int nr = syscall_resolve_name(token, p->name);
		unsigned slot = (unsigned)nr & ~(unsigned)X32_SYSCALL_BIT;

		if (nr < 0 || slot >= NR_SLOTS)
			continue;
		ai->flags[slot] |= arch_flags(p);
		ai->prop[slot] = p;
		if (p->path[0] >= 0)
			ai->patharg[slot] = (uint8_t)(PATHARG + p->path[0]);
		if (p->path[1] >= 0)
			ai->path2[slot] = (uint8_t)(p->path[1] + 1);
		if (p->sock == SYSPROP_SOCK_ADDR)
			ai->patharg[slot] = (uint8_t)(SOCKARG + p->sock_arg);
		else if (p->sock == SYSPROP_SOCK_MSG)
			ai->patharg[slot] = (uint8_t)(MSGARG + p->sock_arg);
		/* DARG_WIDE: clone keeps its 64-bit flags (its mask is in
		 * the low half anyway) */
		if (p->darg.syscall)
			ai->darg[slot] = (uint8_t)((p->darg.index + 1) |
						   (p->darg.mask ? DARG_WIDE
								 : 0));
	}
	tr->arches[tr->narches++] = ai;
	return tr->last_ai = ai;
}

static int64_t task_exe_id(struct tracer *tr, const char *path)
{
	int64_t id;
	size_t i;

	for (i = 0; i < tr->nexes; i++)
		if (!strcmp(tr->exes[i].path, path))
			return tr->exes[i].id;
	/* the store refused (locked, full): a provisional id (< 0) keeps
	 * the name for a side store (see tracer_final_flush()) */
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
void task_add_exec_name(struct tracer *tr, struct task *t,
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

void task_refresh_exe(struct tracer *tr, struct task *t)
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
	t->exe = task_exe_id(tr, target);
	t->ignore = tr->self_exe && !strcmp(target, tr->self_exe) &&
		    tracer_is_mark_client(t->tid);
}

/* -------------------------------------------------------------- tasks */

struct task *task_find(struct tracer *tr, pid_t tid)
{
	unsigned p = (unsigned)tid >> PAGE_BITS;

	if (tid <= 0 || p >= NPAGES || !tr->pages[p])
		return NULL;
	return tr->pages[p][tid & ((1 << PAGE_BITS) - 1)];
}

struct task *task_new(struct tracer *tr, pid_t tid)
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

void task_clear_filter(struct task *t)
{
	free(t->filter_prog);
	t->filter_prog = NULL;
	t->filter_len = 0;
	t->filter_how = NULL;
}

void task_remove(struct tracer *tr, struct task *t)
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
	free(t->state.exec_path);
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

/* Is a SIGSYS pending for tid (thread or process queue)? */
bool task_sigsys_pending(pid_t tid)
{
	char path[64], buf[2048], *p;
	const char *keys[] = { "\nSigPnd:", "\nShdPnd:" };
	size_t i;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	if (tracer_read_small(path, buf, sizeof(buf)) < 0)
		return false;
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		p = strstr(buf, keys[i]);
		if (p && (strtoull(p + 8, NULL, 16) >> (SIGSYS - 1)) & 1)
			return true;
	}
	return false;
}

void task_take_over(struct tracer *tr, struct task *t, struct task *old)
{
	free(t->state.exec_path);
	t->state = old->state;
	old->state.exec_path = NULL; /* now t's */
	task_remove(tr, old);
}
