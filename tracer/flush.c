/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * flush.c - the ptrace engine's writes to the store.  Counts and facts
 * are written at least every second, at each phase change and at the
 * end, each time in one transaction, so a tracer killed at any moment
 * leaves a database that opens and holds everything up to the last
 * flush.  A final write the database refuses is retried with backoff,
 * then kept in a side store `syscensus merge` adds back.  Also the live
 * status line and the summary line record and attach end with.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tracer/tracer-int.h"


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
			tracer_signal_name(f->value, value, sizeof(value));
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
int tracer_flush_quiet(struct tracer *tr, bool quiet)
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

int tracer_flush(struct tracer *tr)
{
	return tracer_flush_quiet(tr, false);
}

void tracer_remember_phase(struct tracer *tr, int64_t id, const char *name)
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

int tracer_switch_phase(struct tracer *tr, const char *name)
{
	int64_t id;

	if (!strcmp(name, tr->phase_name))
		return 0;
	tracer_flush(tr);
	id = store_intern_phase(tr->st, name);
	if (id < 0)
		return -1;
	tracer_remember_phase(tr, id, name);
	tr->phase_id = id;
	free(tr->phase_name);
	tr->phase_name = xstrdup(name);
	return 0;
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
int tracer_final_flush(struct tracer *tr, int status)
{
	static const int backoff_ms[] = { 100, 200, 400, 800 };
	struct unsaved u;
	char *side;
	size_t i;

	for (i = 0;; i++) {
		struct timespec ts;

		if (tracer_flush_quiet(tr, true) == 0)
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
void tracer_summary_line(struct tracer *tr, bool lost)
{
	struct tracer_summary s = {
		.enabled = tr->o.status_line,
		.launched = tr->launched,
		.attached = tr->attached,
		.attach_failed = tr->attach_failed,
		.syscalls = tr->distinct,
		.calls = tr->calls,
		.kills = (long)tr->nkilled,
		.db = store_path(tr->st),
		.lost = lost,
		.side_path = tr->side_path,
		.engine = "ptrace",
		.why = tr->o.engine_why,
	};

	tracer_summary_print(&s);
}

/* --------------------------------------------------------- live view */

void tracer_status_line(struct tracer *tr, bool final)
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
