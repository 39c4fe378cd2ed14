/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * strace-int.h - private to the strace importer: the state import-strace.c
 * keeps across the lines of a log (struct ctx), the pid table
 * (strace-tasks.c: which pid is which executable) and the facts table
 * (strace-facts.c: paths, socket addresses, clone flags, handlers,
 * decisive arguments, aggregated before they reach the store).  Functions
 * shared between those files carry the sx_ prefix.
 */
#ifndef SYSCENSUS_ANALYZER_STRACE_INT_H
#define SYSCENSUS_ANALYZER_STRACE_INT_H

#include <string.h>

#include "common/common.h"
#include "analyzer/import/import.h"
#include "analyzer/import/strace-parse.h"

#define MAX_LINE (1u << 20)
#define FACTS_MAX_ENTRIES 16384
#define FACTS_MAX_BYTES (8u << 20)
#define NAME_TABS 4 /* name tables: one per personality seen */

struct name_tab; /* import-strace.c */

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
	struct name_tab *names; /* NAME_TABS of them */
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
	uint32_t facts_gen; /* bumped when the facts are flushed */
	struct exe_ent *exes;
	size_t exes_cap, exes_count;
	struct strbuf carry; /* a stderr line cut by a diagnostic */
	struct strbuf deferred; /* that diagnostic, handled after the line */
	bool in_table;
	bool failed;
	char *path_buf;
	/* the aggregator's entry last counted for each number (mod 64),
	 * valid while agg.slots has not moved */
	struct agg_hint {
		struct agg_entry *e;
		const struct agg_entry *slots;
	} agg_hint[64];
};

/*
 * The first and last eight bytes of s[0..n) as two words (for n < 8:
 * overlapping four-byte halves, or the bytes themselves).  Up to 16 bytes
 * the pair is the string itself: equal words and lengths are equal
 * strings, without a memcmp.  Reads only inside s[0..n).
 */
static inline void sx_words(const char *s, size_t n, uint64_t *w0,
			    uint64_t *w1)
{
	uint32_t x, y;

	if (n >= 8) {
		memcpy(w0, s, 8);
		memcpy(w1, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		*w0 = x;
		*w1 = y;
	} else {
		*w0 = n ? (uint64_t)(unsigned char)s[0] << 16 |
				  (uint64_t)(unsigned char)s[n / 2] << 8 |
				  (unsigned char)s[n - 1] :
			  0;
		*w1 = 0;
	}
}

/* Names and paths are hashed on the hot path: whole words, no loop for a
 * string of 16 bytes or less (import-strace.c). */
uint64_t sx_hash_bytes(const char *s, size_t n);

/* strace-tasks.c: executables by path (store ids), and the pid table. */
int64_t sx_exe_id(struct ctx *c, const char *path);
const char *sx_exe_path(struct ctx *c, int64_t id);
struct task *sx_task_find(struct ctx *c, int64_t pid);
struct task *sx_task_new(struct ctx *c, int64_t pid);
void sx_task_del(struct ctx *c, struct task *k);
int64_t sx_task_exe(struct ctx *c, const struct task *k);
void sx_task_seen(struct ctx *c, struct task *k);
struct task *sx_task_get(struct ctx *c, int64_t pid);
struct task *sx_line_task(struct ctx *c, const struct strace_line *l);
void sx_tasks_clear(struct ctx *c);

/* strace-facts.c: facts aggregated in a bounded hash table, flushed to
 * the store when it fills and at the end of each file. */
int sx_facts_flush(struct ctx *c);
/* Count a fact; returns its entry, valid while c->facts_gen is unchanged
 * (NULL: not recorded). */
struct fact *sx_fact_add(struct ctx *c, int64_t exe, const char *kind,
			 const char *sc, size_t sclen, const char *value,
			 size_t vlen);
long sx_fact_path(struct ctx *c, int64_t exe, const struct strace_line *l,
		  int idx);
struct sysprop;
void sx_fact_access(struct ctx *c, int64_t exe, const struct strace_line *l,
		    const struct sysprop *p, long plen);
void sx_fact_sockaddr(struct ctx *c, int64_t exe,
		      const struct strace_line *l, const struct sysprop *p);
void sx_fact_clone_arg(struct ctx *c, int64_t exe,
		       const struct strace_line *l);

#endif
