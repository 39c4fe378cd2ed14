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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/analyzer.h"
#include "common/sysprop.h"
#include "analyzer/strace-parse.h"

#define READ_BUF (4u << 20)
#define MAX_LINE (1u << 20)
#define FACTS_MAX_ENTRIES 16384
#define FACTS_MAX_BYTES (8u << 20)
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
	uint32_t len;
	int32_t nr;   /* -1: unknown on this arch */
	uint8_t how;  /* enum fact_how */
	int8_t a0, a1;
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

/* Eight bytes at a time: names and paths are hashed on the hot path. */
static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, v;

	while (n >= 8) {
		memcpy(&v, s, 8);
		h = (h ^ v) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	v = 0;
	while (n--)
		v = v << 8 | (unsigned char)s[n];
	h = (h ^ v) * 0xc4ceb9fe1a85ec53ULL;
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
		j = hash_bytes(e->name, e->len) & (ncap - 1);
		while (n[j].name)
			j = (j + 1) & (ncap - 1);
		n[j] = *e;
	}
	free(t->slots);
	t->slots = n;
	t->cap = ncap;
}

/* ---------------------------------------------------------------- tasks */

struct task {
	int64_t pid; /* 0: the unprefixed first tracee of a stderr log */
	bool used;
	bool seen;     /* had a line or an attach message of its own */
	bool exe_own;  /* exe came from its own execve */
	bool sigsys;   /* a seccomp SIGSYS of it was stored */
	uint32_t arch;
	uint32_t last_arch; /* its last call: what a seccomp kill stopped */
	int32_t last_nr;    /* -1: none yet */
	int64_t exe;   /* store id, 0: none yet */
	int64_t comm;  /* store id of the -Y comm, 0: none */
	/* the call left <unfinished ...> */
	bool pending;
	bool pending_clone;
	uint32_t parch;
	int32_t pnr;
	int64_t pexe;
	char *pexec; /* execve path of a pending execve */
};

struct task_tab {
	struct task *slots;
	size_t cap, count;
};

/* ---------------------------------------------------------------- facts */

struct fact {
	char *key; /* "kind\0syscall\0value" */
	uint32_t klen;
	int64_t exe;
	uint64_t hash;
	uint64_t count;
};

/* --------------------------------------------------------- the context */

struct exe_ent {
	char *path;
	int64_t id;
};

struct ctx {
	struct store *st;
	const char *line_end; /* of the line being processed */
	int64_t run;
	const struct import_opts *o;
	struct import_stats *stats;
	const char *display;
	uint64_t lineno;
	int64_t pid_hint;
	int64_t phase;
	int64_t unknown_exe;
	uint32_t native;
	struct agg agg;
	struct name_tab names[4];
	size_t nnames;
	struct task_tab tasks;
	size_t nlive;
	size_t nseen;      /* tasks strace itself knows (not only born) */
	int64_t single;    /* the only seen pid, -1: look it up */
	struct task *last; /* lookup cache */
	int64_t pending_clone_pid;
	int64_t pending_exec_pid; /* the last task left inside execve */
	/* the last children of an unprefixed parent, not tracked until a
	 * "Process N attached" says it is traced (a small ring) */
	struct orphan {
		int64_t pid, exe;
		uint32_t arch;
	} orphans[32];
	unsigned norphans;
	struct fact *facts;
	size_t facts_cap, facts_count, facts_bytes;
	struct exe_ent *exes;
	size_t exes_cap, exes_count;
	struct strbuf carry; /* a stderr line cut by a diagnostic */
	struct strbuf deferred; /* that diagnostic, handled after the line */
	bool in_table;
	bool failed;
	const char *nul_at; /* first NUL in the read buffer, or its end */
	char *path_buf;
};

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
	if (c->nnames == ARRAY_SIZE(c->names)) {
		/* personalities beyond four: recycle the last table */
		name_tab_clear(&c->names[c->nnames - 1]);
		c->nnames--;
	}
	c->names[c->nnames].arch = arch;
	return &c->names[c->nnames++];
}

/* The number of a syscall name on arch (from libseccomp, cached). */
static const struct name_ent *resolve(struct ctx *c, uint32_t arch,
				      const char *name, size_t len)
{
	static struct name_ent scratch;
	struct name_tab *t = names_for(c, arch);
	uint64_t h = hash_bytes(name, len);
	struct name_ent *e;
	char buf[SYSCALL_NAME_MAX];
	size_t j;

	if (t->cap) {
		j = h & (t->cap - 1);
		while (t->slots[j].name) {
			e = &t->slots[j];
			if (e->len == len && !memcmp(e->name, name, len))
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
	e->len = (uint32_t)len;
	e->nr = syscall_resolve_name(arch, buf);
	name_ent_facts(e, arch, buf);
	t->count++;
	return e;
}

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

static int64_t exe_id(struct ctx *c, const char *path)
{
	uint64_t h = hash_bytes(path, strlen(path));
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
			j = hash_bytes(c->exes[i].path,
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
static const char *exe_path(struct ctx *c, int64_t id)
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

static struct task *task_find(struct ctx *c, int64_t pid)
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

static struct task *task_new(struct ctx *c, int64_t pid)
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
static void task_del(struct ctx *c, struct task *k)
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

static int64_t task_exe(struct ctx *c, const struct task *k)
{
	if (k->exe)
		return k->exe;
	if (k->comm)
		return k->comm;
	return c->unknown_exe;
}

static void task_seen(struct ctx *c, struct task *k)
{
	if (!k->seen) {
		k->seen = true;
		c->nseen++;
		c->single = -1;
	}
}

/* A pid seen for the first time: whose child is it? */
static struct task *task_get(struct ctx *c, int64_t pid)
{
	struct task *k = task_find(c, pid), *anon, *parent;

	if (k)
		return k;
	/* the unprefixed first tracee of a stderr log gets its pid now */
	anon = pid ? task_find(c, 0) : NULL;
	if (anon) {
		struct task copy = *anon;

		anon->pexec = NULL;
		task_del(c, anon);
		k = task_new(c, pid);
		copy.pid = pid;
		copy.used = true;
		copy.seen = false;
		*k = copy;
		return k;
	}
	parent = c->pending_clone_pid >= 0 ?
		task_find(c, c->pending_clone_pid) : NULL;
	if (parent && parent->pending && parent->pending_clone) {
		uint32_t arch = parent->arch;
		int64_t exe = task_exe(c, parent);

		k = task_new(c, pid);
		k->arch = arch;
		k->exe = exe == c->unknown_exe ? 0 : exe;
		return k;
	}
	return task_new(c, pid);
}

/*
 * The task a line belongs to.  An unprefixed line of a stderr log belongs
 * to the only tracee strace knows (children it has not attached yet do
 * not count: it prints prefixes only while it traces several).
 */
static struct task *line_task(struct ctx *c, const struct strace_line *l)
{
	struct task *k;

	if (l->pid)
		k = task_get(c, l->pid);
	else if (c->pid_hint)
		k = task_get(c, c->pid_hint);
	else if (c->nseen == 1 && c->single >= 0)
		k = task_get(c, c->single);
	else if (c->nseen == 1) {
		size_t i;

		k = NULL;
		for (i = 0; i < c->tasks.cap && !k; i++)
			if (c->tasks.slots[i].used && c->tasks.slots[i].seen)
				k = &c->tasks.slots[i];
		c->single = k->pid;
	} else {
		k = task_get(c, 0);
	}
	task_seen(c, k);
	return k;
}

static void tasks_clear(struct ctx *c)
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

/* ---------------------------------------------------------------- facts */

static int facts_flush(struct ctx *c)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < c->facts_cap; i++) {
		struct fact *f = &c->facts[i];
		const char *kind, *sc, *value;

		if (!f->key)
			continue;
		kind = f->key;
		sc = kind + strlen(kind) + 1;
		value = sc + strlen(sc) + 1;
		if (!ret && store_add_fact(c->st, c->run, c->phase, f->exe,
					   kind, value, sc, f->count) < 0)
			ret = -1;
		free(f->key);
		f->key = NULL;
	}
	c->facts_count = 0;
	c->facts_bytes = 0;
	if (ret)
		c->failed = true;
	return ret;
}

static void fact_add(struct ctx *c, int64_t exe, const char *kind,
		     const char *sc, size_t sclen, const char *value,
		     size_t vlen)
{
	char key[4096 + 128];
	size_t kl = strlen(kind), n, j;
	uint64_t h;

	if (kl + sclen + vlen + 3 > sizeof(key) || !vlen)
		return;
	memcpy(key, kind, kl + 1);
	memcpy(key + kl + 1, sc, sclen);
	key[kl + 1 + sclen] = '\0';
	memcpy(key + kl + 2 + sclen, value, vlen);
	n = kl + sclen + vlen + 2;
	key[n] = '\0';
	h = hash_bytes(key, n) ^ ((uint64_t)exe * 0x9e3779b97f4a7c15ULL);
	if (c->facts_count >= FACTS_MAX_ENTRIES ||
	    c->facts_bytes >= FACTS_MAX_BYTES)
		facts_flush(c);
	if (!c->facts_cap) {
		c->facts_cap = FACTS_MAX_ENTRIES * 2;
		c->facts = xcalloc(c->facts_cap, sizeof(*c->facts));
	}
	j = h & (c->facts_cap - 1);
	while (c->facts[j].key) {
		struct fact *f = &c->facts[j];

		if (f->hash == h && f->exe == exe && f->klen == n &&
		    !memcmp(f->key, key, n)) {
			f->count++;
			return;
		}
		j = (j + 1) & (c->facts_cap - 1);
	}
	c->facts[j].key = xmalloc(n + 1);
	memcpy(c->facts[j].key, key, n + 1);
	c->facts[j].klen = (uint32_t)n;
	c->facts[j].exe = exe;
	c->facts[j].hash = h;
	c->facts[j].count = 1;
	c->facts_count++;
	c->facts_bytes += n + 1 + sizeof(struct fact);
}

/* Record the path argument idx of a call as a fact; returns its length
 * in c->path_buf (-1 if it is not a string). */
static long fact_path(struct ctx *c, int64_t exe, const struct strace_line *l,
		      int idx)
{
	const char *a;
	size_t alen;
	long n;

	if (idx < 0 || !strace_arg(l->args, l->args_len, (unsigned)idx, &a,
				   &alen))
		return -1;
	n = strace_unquote(a, alen, c->path_buf, 4097);
	if (n <= 0)
		return -1;
	fact_add(c, exe, "path", l->name, l->name_len, c->path_buf,
		 (size_t)n);
	return n;
}

/* Whether the text of argument idx names flag (an O_* or AT_* name). */
static bool arg_has(const struct strace_line *l, int idx, const char *flag)
{
	const char *a;
	size_t alen, n = strlen(flag), i;

	if (idx < 0 || !strace_arg(l->args, l->args_len, (unsigned)idx, &a,
				   &alen))
		return false;
	for (i = 0; i + n <= alen; i++)
		if (!memcmp(a + i, flag, n) &&
		    (i + n == alen || a[i + n] == '|' || a[i + n] == ',' ||
		     a[i + n] == '}') &&
		    (i == 0 || a[i - 1] == '|' || a[i - 1] == '='))
			return true;
	return false;
}

/*
 * The path census ("access" facts, census.c) from the first path of a
 * call, when strace printed it absolute: how an open used it (its flags
 * as strace names them), or what mkdir, unlink, rename, ... did.  A
 * relative path is left out: the log does not say the directory.
 */
static void fact_access(struct ctx *c, int64_t exe,
			const struct strace_line *l, int idx, long plen)
{
	static const struct { const char *name; const char *how; } calls[] = {
		{ "mkdir", "mkdir" }, { "mkdirat", "mkdir" },
		{ "unlink", "unlink" }, { "rmdir", "rmdir" },
		{ "rename", "rename" }, { "renameat", "rename" },
		{ "renameat2", "rename" }, { "mknod", "mknod" },
		{ "mknodat", "mknod" }, { "truncate", "write+trunc" },
		{ "creat", "write+create+trunc" },
	};
	struct strbuf sb = STRBUF_INIT;
	const char *how = NULL;
	size_t i;

	if (plen <= 0 || c->path_buf[0] != '/' ||
	    strlen(c->path_buf) != (size_t)plen)
		return;
	if ((l->name_len == 4 && !memcmp(l->name, "open", 4)) ||
	    (l->name_len == 6 && !memcmp(l->name, "openat", 6)) ||
	    (l->name_len == 7 && !memcmp(l->name, "openat2", 7))) {
		int fi = idx + 1;

		if (arg_has(l, fi, "O_PATH"))
			return;
		strbuf_addstr(&sb, arg_has(l, fi, "O_DIRECTORY") ? "listdir" :
			      arg_has(l, fi, "O_WRONLY") ? "write" :
			      arg_has(l, fi, "O_RDWR") ? "read+write" : "read");
		if (arg_has(l, fi, "O_CREAT"))
			strbuf_addstr(&sb, "+create");
		if (arg_has(l, fi, "O_TRUNC") && !arg_has(l, fi, "O_RDONLY"))
			strbuf_addstr(&sb, "+trunc");
	} else if (l->name_len == 8 && !memcmp(l->name, "unlinkat", 8)) {
		strbuf_addstr(&sb, arg_has(l, 2, "AT_REMOVEDIR") ? "rmdir" :
			      "unlink");
	} else {
		for (i = 0; i < ARRAY_SIZE(calls) && !how; i++)
			if (strlen(calls[i].name) == l->name_len &&
			    !memcmp(calls[i].name, l->name, l->name_len))
				how = calls[i].how;
		if (!how)
			return;
		strbuf_addstr(&sb, how);
	}
	strbuf_addch(&sb, ' ');
	strbuf_add(&sb, c->path_buf, (size_t)plen);
	fact_add(c, exe, "access", l->name, l->name_len, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* A unix socket a call names (c->path_buf, n bytes) in the census:
 * bind, connect, or send (sendto/sendmsg, with the sd_notify lines it
 * carries as "notify" facts).  Absolute paths and "@name" only. */
static void fact_sock_access(struct ctx *c, int64_t exe,
			     const struct strace_line *l, size_t n)
{
	static const char *const keys[] = { "READY=1", "WATCHDOG=1",
		"RELOADING=1", "STOPPING=1" };
	struct strbuf sb = STRBUF_INIT;
	const char *how;
	size_t i;

	if (l->name_len == 4 && !memcmp(l->name, "bind", 4))
		how = "bind";
	else if (l->name_len == 7 && !memcmp(l->name, "connect", 7))
		how = "connect";
	else if ((l->name_len == 6 && !memcmp(l->name, "sendto", 6)) ||
		 (l->name_len == 7 && !memcmp(l->name, "sendmsg", 7)))
		how = "send";
	else
		return;
	if (c->path_buf[0] != '/' && c->path_buf[0] != '@')
		return;
	strbuf_addf(&sb, "%s ", how);
	strbuf_add(&sb, c->path_buf, n);
	fact_add(c, exe, "access", l->name, l->name_len, sb.buf, sb.len);
	strbuf_release(&sb);
	if (strcmp(how, "send"))
		return;
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		size_t kl = strlen(keys[i]), j;

		/* strace quotes the payload: READY=1 then \n or a quote */
		for (j = 1; j + kl < l->args_len; j++)
			if (!memcmp(l->args + j, keys[i], kl) &&
			    (l->args[j + kl] == '"' ||
			     l->args[j + kl] == '\\') &&
			    (l->args[j - 1] == '"' ||
			     (j >= 2 && l->args[j - 2] == '\\' &&
			      l->args[j - 1] == 'n'))) {
				fact_add(c, exe, "notify", l->name,
					 l->name_len, keys[i], kl);
				break;
			}
	}
}

/*
 * The AF_UNIX addresses a socket call names (sun_path= in its arguments,
 * -yy decorations of its fds and result) as "path" facts, each once per
 * line: the rules of the knowledge base trigger on socket paths.
 */
static void fact_sockaddr(struct ctx *c, int64_t exe,
			  const struct strace_line *l)
{
	uint64_t seen[8];
	size_t nseen = 0, pos = 0, len, i;
	long n;

	if (!l->args || c->line_end < l->args + l->args_len)
		return;
	/* the result too: "= 8<UNIX-STREAM:[...,\"/path\"]>" (-yy) */
	len = l->rec == STRACE_UNFINISHED ? l->args_len :
					     (size_t)(c->line_end - l->args);
	while ((n = strace_unix_path(l->args, len, &pos, c->path_buf,
				     4097)) > 0) {
		uint64_t h = hash_bytes(c->path_buf, (size_t)n);

		for (i = 0; i < nseen && seen[i] != h; i++)
			;
		if (i < nseen)
			continue;
		if (nseen < ARRAY_SIZE(seen))
			seen[nseen++] = h;
		fact_add(c, exe, "path", l->name, l->name_len, c->path_buf,
			 (size_t)n);
		fact_sock_access(c, exe, l, (size_t)n);
	}
}

/*
 * clone's flags as a decisive argument: "0=CLONE_VM|...|SIGCHLD", the
 * kernel's arg0 on x86_64, x86 and most arches (consts.c).  strace names
 * the field (flags=...); with -e raw=clone it prints the arguments in
 * kernel order, the flags first.  clone3's flags are in a struct that no
 * filter can see: no fact.  Taken from the entry line (complete or
 * unfinished), which is counted exactly once, so facts and calls agree.
 */
static void fact_clone_arg(struct ctx *c, int64_t exe,
			   const struct strace_line *l)
{
	const char *p = l->args, *end = l->args + l->args_len, *t;
	char v[256]; /* a thread's nine flags take 120 */
	size_t n;

	if (l->name_len != 5 || memcmp(l->name, "clone", 5))
		return;
	while (p + 6 <= end && memcmp(p, "flags=", 6))
		p++;
	if (p + 6 <= end) {
		t = p + 6;
		for (p = t; p < end && *p != ',' && *p != '}'; p++)
			;
	} else if (strace_arg(l->args, l->args_len, 0, &t, &n) && n &&
		   t[0] >= '0' && t[0] <= '9') {
		p = t + n;
	} else {
		return;
	}
	while (p > t && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	n = (size_t)(p - t);
	if (!n || n > sizeof(v) - 2)
		return;
	v[0] = '0';
	v[1] = '=';
	memcpy(v + 2, t, n);
	fact_add(c, exe, "arg", l->name, l->name_len, v, n + 2);
}

static void facts_of_call(struct ctx *c, int64_t exe,
			  const struct name_ent *ne,
			  const struct strace_line *l)
{
	const char *a, *p, *end;
	size_t alen;

	switch (ne->how) {
	case FACT_PATH:
		fact_access(c, exe, l, ne->a0, fact_path(c, exe, l, ne->a0));
		fact_path(c, exe, l, ne->a1);
		break;
	case FACT_CLONE:
		fact_clone_arg(c, exe, l);
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
				fact_add(c, exe, "flag", l->name, l->name_len,
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
		fact_add(c, exe, "handler", l->name, l->name_len, a, alen);
		break;
	case FACT_ARG: {
		char v[80];

		if (ne->a0 < 0 || ne->a0 > 5 ||
		    !strace_arg(l->args, l->args_len, (unsigned)ne->a0, &a,
				&alen) || alen > 64)
			break;
		v[0] = (char)('0' + ne->a0);
		v[1] = '=';
		memcpy(v + 2, a, alen);
		fact_add(c, exe, "arg", l->name, l->name_len, v, alen + 2);
		break;
	}
	case FACT_SOCKADDR:
		fact_sockaddr(c, exe, l);
		break;
	default:
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

	k->last_nr = nr;
	k->last_arch = arch;
	agg_count(&c->agg, &key, (int32_t)k->pid, 0, err);
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
	k = task_find(c, pid);
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
		k = task_new(c, pid);
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
	k->exe = exe_id(c, path);
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
static const struct name_ent *check_personality(struct ctx *c, struct task *k,
						const struct strace_line *l,
						const struct name_ent *ne)
{
	static const int pers[] = { 64, 32, 'x' };
	size_t i;

	if (l->nr_field < 0 || (ne && ne->nr == l->nr_field))
		return ne;
	for (i = 0; i < ARRAY_SIZE(pers); i++) {
		uint32_t arch = personality_arch(c, pers[i]);
		const struct name_ent *e;

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
	const struct name_ent *ne = resolve(c, k->arch, l->name, l->name_len);
	int64_t exe = task_exe(c, k);
	long plen = -1;

	ne = check_personality(c, k, l, ne);

	if (!ne || ne->nr < 0)
		return unknown_name(c, l);
	if (l->args_len)
		facts_of_call(c, exe, ne, l);
	if (ne->how == FACT_EXECVE) {
		plen = fact_path(c, exe, l, ne->a0);
		if (l->rec == STRACE_CALL && l->result == RESULT_OK &&
		    l->retval == 0 && plen > 0) {
			exec_done(c, k, c->path_buf);
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
	const struct name_ent *ne = resolve(c, k->pending ? k->parch : k->arch,
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
		struct task *o = task_find(c, c->pending_exec_pid);

		if (o && o->pending && o->pexec) {
			int64_t pid = k->pid;

			do_pending_noreturn(c, k);
			k->pending = true;
			k->parch = o->parch;
			k->pnr = o->pnr;
			k->pexe = o->pexe;
			k->pexec = steal_pointer(&o->pexec);
			o->pending = false;
			task_del(c, o); /* moves slots: find k again */
			k = task_find(c, pid);
		}
	}
	if (k->pending && k->pnr == ne->nr) {
		exe = k->pexe;
		arch = k->parch;
	} else {
		/* no entry seen (attached mid-call, -ff exec): count here */
		do_pending_noreturn(c, k);
		exe = task_exe(c, k);
		arch = k->arch;
	}
	if (ne->how == FACT_EXECVE && l->result == RESULT_OK &&
	    l->retval == 0) {
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
		exe = task_exe(c, k);
	}
	k->pending = false;
	free(k->pexec);
	k->pexec = NULL;
	if (ne->how == FACT_SOCKADDR)
		fact_sockaddr(c, exe, l); /* recvmsg, accept: the exit's */
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
	kill.exe = exe_path(c, task_exe(c, k));
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
	kill.exe = exe_path(c, task_exe(c, k));
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
	task_del(c, k);
}

static int process(struct ctx *c, const char *s, size_t len, bool last);

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
		k = task_find(c, l->other_pid);
		if (k)
			task_seen(c, k);
		if (k || l->other_pid <= 0 || l->other_pid > 4194304)
			return 0;
		o = c->pending_clone_pid >= 0 ?
			task_find(c, c->pending_clone_pid) : NULL;
		op = NULL;
		for (i = 0; i < ARRAY_SIZE(c->orphans); i++)
			if (c->orphans[i].pid == l->other_pid)
				op = &c->orphans[i];
		if (op) {
			k = task_new(c, l->other_pid);
			k->exe = op->exe;
			k->arch = op->arch;
			op->pid = 0;
		} else if (o && o->pending && o->pending_clone) {
			uint32_t arch = o->arch;
			int64_t exe = o->exe ? o->exe : o->comm;

			k = task_new(c, l->other_pid);
			k->exe = exe;
			k->arch = arch;
		} else {
			k = task_new(c, l->other_pid);
		}
		task_seen(c, k);
		return 0;
	case STRACE_DETACHED:
		k = task_find(c, l->other_pid);
		if (k)
			task_gone(c, k);
		return 0;
	case STRACE_PERSONALITY:
		k = l->other_pid ? task_get(c, l->other_pid) :
				   line_task(c, l);
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
	k = line_task(c, l);
	if (l->comm_len && !k->comm && l->comm_len < 256) {
		char comm[256];

		memcpy(comm, l->comm, l->comm_len);
		comm[l->comm_len] = '\0';
		k->comm = exe_id(c, comm);
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
		o = task_find(c, l->other_pid);
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
				task_del(c, o);
		}
		return 0;
	case STRACE_SIGNAL:
		fact_add(c, task_exe(c, k), "signal", "", 0, l->name,
			 l->name_len);
		if (l->name_len == 6 && !memcmp(l->name, "SIGSYS", 6))
			return on_sigsys(c, k, s, len, l);
		return 0;
	default:
		return 0;
	}
}

static int process(struct ctx *c, const char *s, size_t len, bool last)
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
	/* one memchr per buffer tells whether any line can hold a NUL */
	strace_parse_line_nul(s, len, &l, s + len > c->nul_at);
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
	c->phase = store_intern_phase(st, o->phase && *o->phase ? o->phase :
				      "default");
	c->unknown_exe = store_intern_exe(st, "unknown");
	if (c->phase < 0 || c->unknown_exe < 0) {
		free(c->path_buf);
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
	tasks_clear(c);
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
	facts_flush(c);
	if (!c->pid_hint)
		tasks_clear(c);
	strbuf_reset(&c->carry);
	strbuf_reset(&c->deferred);
	c->in_table = false;
	return c->failed ? -1 : 0;
}

static int one_line(struct ctx *c, const char *s, size_t len, bool last)
{
	if (len > MAX_LINE)
		return problem(c, "line longer than 1 MiB");
	return process(c, s, len, last);
}

/*
 * Two threads for a big regular file: a producer reads it with pread() in
 * 4 MiB chunks, one per batch buffer, and finds and classifies the lines
 * (strace_parse_line() is pure); this thread takes the batches in order
 * and does everything that has state.  The file is read, never mapped: a
 * log truncated while it is read (logrotate's copytruncate) just ends
 * early, where a mapping would die of SIGBUS on the pages cut off.
 */
#define BATCH_LINES 16384
#define NBATCH 3

struct rec {
	const char *s;
	size_t len;
	bool last, too_long;
	struct strace_line l;
};

struct batch {
	struct rec *recs;
	size_t n;
	char *buf; /* READ_BUF bytes: the lines of recs point here */
};

struct chunked {
	int fd;
	struct batch b[NBATCH];
	size_t head, tail; /* batches produced, consumed */
	bool done, stop;
	int err; /* errno of a failed read */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* Fill buf[*have..READ_BUF) from the file at *off; false at its end. */
static bool chunk_fill(struct chunked *m, char *buf, size_t *have, off_t *off)
{
	while (*have < READ_BUF) {
		ssize_t n = pread(m->fd, buf + *have, READ_BUF - *have, *off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			m->err = errno;
		if (n <= 0)
			return false;
		*have += (size_t)n;
		*off += n;
	}
	return true;
}

static void *produce(void *arg)
{
	struct chunked *m = arg;
	const char *carry = NULL;
	size_t carry_len = 0;
	off_t off = 0;
	bool more = true, skipping = false;

	while (more || carry_len) {
		struct batch *b;
		const char *end, *nul_at, *p;
		size_t have;

		pthread_mutex_lock(&m->mu);
		while (m->head - m->tail == NBATCH && !m->stop)
			pthread_cond_wait(&m->cv, &m->mu);
		b = m->stop ? NULL : &m->b[m->head % NBATCH];
		pthread_mutex_unlock(&m->mu);
		if (!b)
			break;
		/* the unfinished last line of the previous batch (a read-
		 * only copy out of a buffer the consumer only reads) */
		if (carry_len)
			memmove(b->buf, carry, carry_len);
		have = carry_len;
		carry_len = 0;
		if (more)
			more = chunk_fill(m, b->buf, &have, &off);
		p = b->buf;
		end = b->buf + have;
		if (skipping) {
			/* the rest of a line longer than the buffer */
			const char *nl = memchr(p, '\n', have);

			if (!nl) {
				if (!more)
					break;
				continue; /* the slot is still ours */
			}
			p = nl + 1;
			skipping = false;
		}
		nul_at = memchr(p, '\0', (size_t)(end - p));
		if (!nul_at)
			nul_at = end;
		for (b->n = 0; b->n < BATCH_LINES && p < end; b->n++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
			struct rec *r = &b->recs[b->n];

			if (!nl && more) {
				if (b->n || have < READ_BUF)
					break; /* read the rest next time */
				/* no newline in a full buffer: too long */
				skipping = true;
			}
			r->s = p;
			r->len = len;
			r->last = !nl && !more;
			r->too_long = len > MAX_LINE;
			if (!r->too_long)
				strace_parse_line_nul(p, len, &r->l,
						      p + len > nul_at);
			if (p + len > nul_at) {
				nul_at = memchr(p + len, '\0',
						(size_t)(end - p - len));
				if (!nul_at)
					nul_at = end;
			}
			p += len + (nl ? 1 : 0);
		}
		carry = p;
		carry_len = (size_t)(end - p);
		pthread_mutex_lock(&m->mu);
		m->head++;
		pthread_cond_broadcast(&m->cv);
		pthread_mutex_unlock(&m->mu);
	}
	pthread_mutex_lock(&m->mu);
	m->done = true;
	pthread_cond_broadcast(&m->cv);
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

/* One pre-parsed line: the state machine, unless a stderr splice is
 * being joined (then the joined line is parsed here). */
static int one_record(struct ctx *c, struct rec *r)
{
	if (r->too_long)
		return problem(c, "line longer than 1 MiB");
	if (c->carry.len)
		return process(c, r->s, r->len, r->last);
	return process_parsed(c, r->s, r->len, &r->l, r->last);
}

/* Read fd from its start with two threads.  Returns 0, -1 (fatal), or 1
 * when no thread can be started (the caller reads it alone). */
static int read_chunked(struct ctx *c, int fd)
{
	struct chunked m = { .fd = fd };
	size_t i;
	pthread_t th;
	int ret = 0;

	for (i = 0; i < NBATCH; i++) {
		m.b[i].recs = xmalloc(BATCH_LINES * sizeof(struct rec));
		m.b[i].buf = xmalloc(READ_BUF);
	}
	pthread_mutex_init(&m.mu, NULL);
	pthread_cond_init(&m.cv, NULL);
	/* build errno_from_name()'s table here, before two threads read it */
	errno_from_name("EPERM");
	if (pthread_create(&th, NULL, produce, &m) != 0) {
		ret = 1;
		goto out;
	}
	for (;;) {
		struct batch *b;

		pthread_mutex_lock(&m.mu);
		while (m.head == m.tail && !m.done)
			pthread_cond_wait(&m.cv, &m.mu);
		b = m.head == m.tail ? NULL : &m.b[m.tail % NBATCH];
		pthread_mutex_unlock(&m.mu);
		if (!b)
			break;
		for (i = 0; i < b->n && !ret; i++) {
			c->lineno++;
			if (one_record(c, &b->recs[i]) < 0 ||
			    (c->failed && c->o->strict))
				ret = -1;
		}
		pthread_mutex_lock(&m.mu);
		m.tail++;
		if (ret)
			m.stop = true;
		pthread_cond_broadcast(&m.cv);
		pthread_mutex_unlock(&m.mu);
		if (ret)
			break;
	}
	pthread_join(th, NULL);
	if (!ret && m.err) {
		errno = m.err;
		ret = error_errno("cannot read '%s'", c->display);
	}
	if (c->failed)
		ret = -1;
out:
	pthread_cond_destroy(&m.cv);
	pthread_mutex_destroy(&m.mu);
	for (i = 0; i < NBATCH; i++) {
		free(m.b[i].recs);
		free(m.b[i].buf);
	}
	return ret;
}

int import_strace_file(struct store *st, int64_t run,
		       const struct import_opts *o, FILE *f,
		       const char *display, int64_t pid_hint,
		       struct import_stats *stats)
{
	struct ctx *c = ctx_get(st, run, o);
	char *buf = NULL;
	size_t have = 0, off = 0;
	bool eof = false, skipping = false, stream;
	struct stat sb;
	int ret = -1, fd = fileno(f);

	if (!c)
		return -1;
	c->stats = stats;
	c->display = display;
	c->lineno = 0;
	c->pid_hint = pid_hint;
	c->failed = false;
	c->in_table = false;
	stream = !(fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode));
	if (!stream && sb.st_size >= (off_t)READ_BUF && ftello(f) == 0) {
		int r = read_chunked(c, fd);

		if (r < 0)
			goto out;
		if (r == 0)
			goto done;
	}
	buf = xmalloc(READ_BUF);
	c->nul_at = buf;
	for (;;) {
		const char *nl;

		while (off < have &&
		       (nl = memchr(buf + off, '\n', have - off)) != NULL) {
			size_t len = (size_t)(nl - (buf + off));

			if (skipping) {
				skipping = false;
			} else {
				c->lineno++;
				if (one_line(c, buf + off, len, false) < 0 ||
				    (c->failed && o->strict))
					goto out;
			}
			off += len + 1;
		}
		if (c->failed)
			goto out;
		if (eof) {
			if (off < have && !skipping) {
				c->lineno++;
				if (one_line(c, buf + off, have - off,
					     true) < 0)
					goto out;
			}
			break;
		}
		if (have - off >= MAX_LINE && stream) {
			/* a stream may never end (/dev/zero): stop */
			error("'%s': a line longer than 1 MiB: not an strace "
			      "log (a stream stops at the first one)",
			      display);
			goto out;
		}
		if (have - off >= MAX_LINE) {
			if (!skipping) {
				c->lineno++;
				if (problem(c, "line longer than 1 MiB") < 0)
					goto out;
				skipping = true;
			}
			off = have;
		}
		memmove(buf, buf + off, have - off);
		have -= off;
		off = 0;
		{
			size_t n = fread(buf + have, 1, READ_BUF - have, f);

			if (n == 0) {
				if (ferror(f)) {
					error_errno("cannot read '%s'",
						    display);
					goto out;
				}
				eof = true;
			}
			have += n;
		}
		c->nul_at = memchr(buf, '\0', have);
		if (!c->nul_at)
			c->nul_at = buf + have;
	}
done:
	if (file_end(c) < 0)
		goto out;
	ret = 0;
out:
	stats->lines += c->lineno;
	free(buf);
	return ret;
}
