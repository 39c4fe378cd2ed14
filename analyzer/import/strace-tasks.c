/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * strace-tasks.c - the strace importer's pid table: which pid is which
 * executable (its own execve, or inherited from its parent), its
 * personality, and the call it left <unfinished ...>; and the
 * executables by path, interned in the store once each.  Lookups are an
 * open-addressing hash on the pid with a one-entry cache: most lines of a
 * log belong to the pid of the line before.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/import/strace-int.h"

/* ------------------------------------------------------------ exe ids */

/*
 * The log names a program by the path it was executed by; the tracer by
 * its real binary.  When that path exists here and resolves to another
 * file (a symlink), store the real one as another name (exe_names), so
 * --exe matches either in both kinds of databases.
 */
static void exe_add_real_name(struct ctx *c, int64_t id, const char *path)
{
	char *real;

	if (*path != '/')
		return;
	real = realpath(path, NULL);
	if (real && strcmp(real, path) &&
	    store_add_exe_name(c->st, id, real) < 0)
		c->failed = true;
	free(real);
}

int64_t sx_exe_id(struct ctx *c, const char *path)
{
	uint64_t h = sx_hash_bytes(path, strlen(path));
	size_t j;
	int64_t id;

	if (c->exes_cap) {
		j = h & (c->exes_cap - 1);
		while (c->exes[j].path) {
			if (!strcmp(c->exes[j].path, path))
				return c->exes[j].id;
			j = (j + 1) & (c->exes_cap - 1);
		}
	}
	id = store_intern_exe(c->st, path);
	if (id < 0) {
		c->failed = true;
		return c->unknown_exe;
	}
	exe_add_real_name(c, id, path);
	if (c->exes_count >= 4096)
		return id; /* plenty; stop caching */
	if ((c->exes_count + 1) * 2 > c->exes_cap) {
		size_t ncap = c->exes_cap ? c->exes_cap * 2 : 64, i;
		struct exe_ent *n = xcalloc(ncap, sizeof(*n));

		for (i = 0; i < c->exes_cap; i++) {
			if (!c->exes[i].path)
				continue;
			j = sx_hash_bytes(c->exes[i].path,
				       strlen(c->exes[i].path)) & (ncap - 1);
			while (n[j].path)
				j = (j + 1) & (ncap - 1);
			n[j] = c->exes[i];
		}
		free(c->exes);
		c->exes = n;
		c->exes_cap = ncap;
	}
	j = h & (c->exes_cap - 1);
	while (c->exes[j].path)
		j = (j + 1) & (c->exes_cap - 1);
	c->exes[j].path = xstrdup(path);
	c->exes[j].id = id;
	c->exes_count++;
	return id;
}

/* The path of an exe id (for kill records); NULL if not cached. */
const char *sx_exe_path(struct ctx *c, int64_t id)
{
	size_t j;

	for (j = 0; j < c->exes_cap; j++)
		if (c->exes[j].path && c->exes[j].id == id)
			return c->exes[j].path;
	return NULL;
}

/* --------------------------------------------------------- task table */

static size_t pid_slot(const struct task_tab *t, int64_t pid)
{
	uint64_t h = (uint64_t)pid * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 20) & (t->cap - 1);
}

struct task *sx_task_find(struct ctx *c, int64_t pid)
{
	struct task_tab *t = &c->tasks;
	size_t j;

	if (c->last && c->last->used && c->last->pid == pid)
		return c->last;
	if (!t->cap)
		return NULL;
	j = pid_slot(t, pid);
	while (t->slots[j].used) {
		if (t->slots[j].pid == pid)
			return c->last = &t->slots[j];
		j = (j + 1) & (t->cap - 1);
	}
	return NULL;
}

static void task_tab_grow(struct ctx *c)
{
	struct task_tab *t = &c->tasks, n;
	size_t i;

	n.cap = t->cap ? t->cap * 2 : 64;
	n.count = t->count;
	n.slots = xcalloc(n.cap, sizeof(*n.slots));
	for (i = 0; i < t->cap; i++) {
		size_t j;

		if (!t->slots[i].used)
			continue;
		j = pid_slot(&n, t->slots[i].pid);
		while (n.slots[j].used)
			j = (j + 1) & (n.cap - 1);
		n.slots[j] = t->slots[i];
	}
	free(t->slots);
	*t = n;
	c->last = NULL;
}

struct task *sx_task_new(struct ctx *c, int64_t pid)
{
	struct task_tab *t = &c->tasks;
	struct task *k;
	size_t j;

	if ((t->count + 1) * 2 > t->cap)
		task_tab_grow(c);
	j = pid_slot(t, pid);
	while (t->slots[j].used)
		j = (j + 1) & (t->cap - 1);
	k = &t->slots[j];
	memset(k, 0, sizeof(*k));
	k->used = true;
	k->pid = pid;
	k->arch = c->native;
	k->last_nr = -1;
	t->count++;
	c->nlive++;
	return c->last = k;
}

/* Remove a task (backward-shift deletion keeps probing correct). */
void sx_task_del(struct ctx *c, struct task *k)
{
	struct task_tab *t = &c->tasks;
	size_t i = (size_t)(k - t->slots), j = i;

	free(k->pexec);
	if (k->seen) {
		c->nseen--;
		c->single = -1;
	}
	k->used = false;
	t->count--;
	c->nlive--;
	for (;;) {
		size_t home;

		j = (j + 1) & (t->cap - 1);
		if (!t->slots[j].used)
			break;
		home = pid_slot(t, t->slots[j].pid);
		/* can slot j move back to i? */
		if ((j > i && (home <= i || home > j)) ||
		    (j < i && (home <= i && home > j))) {
			t->slots[i] = t->slots[j];
			t->slots[j].used = false;
			i = j;
		}
	}
	c->last = NULL;
}

int64_t sx_task_exe(struct ctx *c, const struct task *k)
{
	if (k->exe)
		return k->exe;
	if (k->comm)
		return k->comm;
	return c->unknown_exe;
}

void sx_task_seen(struct ctx *c, struct task *k)
{
	if (!k->seen) {
		k->seen = true;
		c->nseen++;
		c->single = -1;
	}
}

/* A pid seen for the first time: whose child is it? */
struct task *sx_task_get(struct ctx *c, int64_t pid)
{
	struct task *k = sx_task_find(c, pid), *anon, *parent;

	if (k)
		return k;
	/* the unprefixed first tracee of a stderr log gets its pid now */
	anon = pid ? sx_task_find(c, 0) : NULL;
	if (anon) {
		struct task copy = *anon;

		anon->pexec = NULL;
		sx_task_del(c, anon);
		k = sx_task_new(c, pid);
		copy.pid = pid;
		copy.used = true;
		copy.seen = false;
		*k = copy;
		return k;
	}
	parent = c->pending_clone_pid >= 0 ?
		sx_task_find(c, c->pending_clone_pid) : NULL;
	if (parent && parent->pending && parent->pending_clone) {
		uint32_t arch = parent->arch;
		int64_t exe = sx_task_exe(c, parent);

		k = sx_task_new(c, pid);
		k->arch = arch;
		k->exe = exe == c->unknown_exe ? 0 : exe;
		return k;
	}
	return sx_task_new(c, pid);
}

/*
 * The task a line belongs to.  An unprefixed line of a stderr log belongs
 * to the only tracee strace knows (children it has not attached yet do
 * not count: it prints prefixes only while it traces several).
 */
struct task *sx_line_task(struct ctx *c, const struct strace_line *l)
{
	struct task *k;

	if (l->pid)
		k = sx_task_get(c, l->pid);
	else if (c->pid_hint)
		k = sx_task_get(c, c->pid_hint);
	else if (c->nseen == 1 && c->single >= 0)
		k = sx_task_get(c, c->single);
	else if (c->nseen == 1) {
		size_t i;

		k = NULL;
		for (i = 0; i < c->tasks.cap && !k; i++)
			if (c->tasks.slots[i].used && c->tasks.slots[i].seen)
				k = &c->tasks.slots[i];
		c->single = k->pid;
	} else {
		k = sx_task_get(c, 0);
	}
	sx_task_seen(c, k);
	return k;
}

void sx_tasks_clear(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->tasks.cap; i++)
		if (c->tasks.slots[i].used)
			free(c->tasks.slots[i].pexec);
	free(c->tasks.slots);
	memset(&c->tasks, 0, sizeof(c->tasks));
	c->nlive = 0;
	c->nseen = 0;
	c->single = -1;
	c->last = NULL;
	c->pending_clone_pid = -1;
}
