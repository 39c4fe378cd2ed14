/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * facts.c - the facts the knowledge base and the layers need and the
 * syscall list cannot show, counted like calls and written with them
 * (flush.c): the paths and unix socket addresses calls name (every path
 * argument of the property table, common/sysprop.c, as the strace
 * importer reads them), the path census ("access": how a call used an
 * absolute path), sd_notify lines, decisive argument values, signals,
 * handlers and threads created.  Paths cost one process_vm_readv() at the
 * stop; decisive values nothing (they are in the stop's args[]).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "tracer/tracer-int.h"


/* ------------------------------------------------------------- store */

void fact_add(struct tracer *tr, struct task *t, uint8_t kind,
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
size_t fact_add_kind(struct tracer *tr, struct task *t, uint8_t kind,
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

static void fact_add_path(struct tracer *tr, struct task *t, uint32_t arch,
			  int nr, const char *path)
{
	fact_add_kind(tr, t, FACT_PATH, arch, nr, path);
}

/* Count a decisive-argument fact for the call key names (hashed too). */
void fact_add_arg(struct tracer *tr, const struct agg_key *k,
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
bool fact_decisive_value(struct tracer *tr, uint32_t token, int nr,
			   const uint64_t *args, uint64_t *value)
{
	struct arch_info *ai = engine_arch_get(tr, token);
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

int tracee_read_mem(pid_t tid, uint64_t addr, void *buf, size_t len)
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

/*
 * Facts the knowledge base needs and the syscall list cannot tell: a real
 * handler installed (not SIG_DFL/SIG_IGN), a thread created.  These calls
 * are rare; reading one word of the tracee's memory is fine here.
 */
void fact_args(struct tracer *tr, struct task *t, uint32_t arch,
		      uint32_t token, int nr, unsigned fl, const uint64_t *args)
{
	uint64_t word = 0;

	if (fl & SC_SIGACTION) {
		size_t len = (arch & ARCH_64BIT) ? 8 : 4;

		if (!args[1] || tracee_read_mem(t->tid, args[1], &word, len) < 0)
			return;
		/* SIG_DFL is 0, SIG_IGN 1: not handlers */
		if (word > 1 && args[0] > 0 && args[0] < 65)
			fact_add(tr, t, FACT_HANDLER, (int)args[0], token, nr);
	} else if (fl & SC_CLONE) {
		/* the flags are the decisive argument (s390: the second) */
		if ((t->state.has_darg ? t->state.darg : args[0]) & CLONE_THREAD)
			fact_add(tr, t, FACT_FLAG, CLONE_THREAD, token, nr);
	} else if (args[0] && tracee_read_mem(t->tid, args[0], &word, 8) == 0 &&
		   (word & CLONE_THREAD)) {
		fact_add(tr, t, FACT_FLAG, CLONE_THREAD, token, nr);
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

/* Count an access fact "HOW PATH" for the pending call; the task keeps
 * it so that a refusal at the exit stop becomes a "denied" fact. */
static void add_access(struct tracer *tr, struct task *t, uint32_t token,
		       int nr, const char *how, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s %s", how, path);
	t->access_fact = fact_add_kind(tr, t, FACT_ACCESS, token, nr, sb.buf);
	strbuf_release(&sb);
}

/* The census fact of a call naming a file path (not a socket): how it
 * uses the path, from the property table and the call's flags. */
static void file_access(struct tracer *tr, struct task *t, uint32_t token,
			int nr, const struct sysprop *p, const uint64_t *args,
			const char *path)
{
	struct strbuf abs = STRBUF_INIT;
	const char *what;
	char buf[48];
	uint64_t flags = 0;

	if (p->access == SYSPROP_ACC_OPENHOW) {
		if (tracee_read_mem(t->tid, args[p->acc_arg], &flags,
				    sizeof(flags)) < 0)
			return;
	} else if (p->acc_arg >= 0 && p->acc_arg < 6) {
		flags = args[p->acc_arg];
	}
	what = sysprop_access_how(p->access, flags, buf, sizeof(buf));
	if (!what)
		return;
	if (absolute_path(t, p->dirfd >= 0 ? (long)(int)args[p->dirfd]
					   : AT_FDCWD, path, &abs))
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
	if (tracee_read_mem(t->tid, addr, buf, len) < 0)
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
			fact_add_kind(tr, t, FACT_NOTIFY, token, nr, keys[i]);
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
			  int nr, unsigned acc, uint64_t addr, uint64_t len)
{
	char buf[112], path[120], tcp[32];
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	size_t i, o = 0;
	const char *what = sysprop_access_how(acc, 0, NULL, 0);

	if (len < 3 || len > 110 || !addr)
		return false;
	if (process_vm_readv(t->tid, &local, 1, &remote, 1, 0) !=
	    (ssize_t)len || buf[1] != 0)
		return false;
	if ((buf[0] == AF_INET || buf[0] == AF_INET6) && len >= 4 && what &&
	    acc != SYSPROP_ACC_SEND) {
		unsigned port = ((unsigned char)buf[2] << 8) |
				(unsigned char)buf[3];

		snprintf(path, sizeof(path), "%u", port);
		snprintf(tcp, sizeof(tcp), "tcp-%s", what);
		add_access(tr, t, token, nr, tcp, path);
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

		fact_add_path(tr, t, token, nr, path);
		if (what && path[0] == '@')
			add_access(tr, t, token, nr, what, path);
		else if (what && absolute_path(t, AT_FDCWD, path, &abs))
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
			int nr, unsigned acc, uint64_t msg)
{
	uint64_t name, namelen, iov, base = 0, blen = 0;

	if (!msg)
		return;
	if (token & ARCH_64BIT) {
		struct { uint64_t name; uint32_t namelen, pad;
			 uint64_t iov, iovlen; } h;
		struct { uint64_t base, len; } v;

		if (tracee_read_mem(t->tid, msg, &h, sizeof(h)) < 0)
			return;
		name = h.name;
		namelen = h.namelen;
		iov = h.iovlen ? h.iov : 0;
		if (iov && tracee_read_mem(t->tid, iov, &v, sizeof(v)) == 0) {
			base = v.base;
			blen = v.len;
		}
	} else {
		struct { uint32_t name, namelen, iov, iovlen; } h;
		struct { uint32_t base, len; } v;

		if (tracee_read_mem(t->tid, msg, &h, sizeof(h)) < 0)
			return;
		name = h.name;
		namelen = h.namelen;
		iov = h.iovlen ? h.iov : 0;
		if (iov && tracee_read_mem(t->tid, iov, &v, sizeof(v)) == 0) {
			base = v.base;
			blen = v.len;
		}
	}
	if (name && sockaddr_fact(tr, t, token, nr, acc, name, namelen) &&
	    acc == SYSPROP_ACC_SEND)
		notify_facts(tr, t, token, nr, base, blen);
}

/*
 * The NUL-terminated string at addr in the tracee into buf (size bytes):
 * its length, or -1 when it cannot be read whole.  One read; a path
 * ending near the end of a mapping reads short, which is enough.
 */
static ssize_t read_string(pid_t tid, uint64_t addr, char *buf, size_t size)
{
	struct iovec local = { buf, size - 1 };
	struct iovec remote = { (void *)(uintptr_t)addr, size - 1 };
	ssize_t n;

	if (!addr)
		return -1;
	n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (strlen(buf) == (size_t)n || !buf[0]) /* no NUL: cut short */
		return -1;
	return (ssize_t)strlen(buf);
}

/*
 * The facts of a call the property table (p) says something of: the
 * paths (or unix socket address) it names, how and path2 as in struct
 * arch_info, and how it uses them (the path census, p->access); a
 * writable and executable mapping (MemoryDenyWriteExecute=).
 */
bool fact_prot(pid_t tid, uint32_t arch, const struct sysprop *p,
	       const uint64_t *args, uint64_t *prot)
{
	bool old32 = arch == AUDIT_ARCH_I386_ || arch == AUDIT_ARCH_S390_;
	union { uint32_t w32[3]; uint64_t w64[3]; } a;

	if ((!old32 && arch != AUDIT_ARCH_S390X_) || strcmp(p->name, "mmap")) {
		*prot = args[p->acc_arg];
		return true;
	}
	/* old_mmap: the third of the six words argument 0 points to */
	if (tracee_read_mem(tid, args[0], &a, old32 ? sizeof(a.w32) :
						     sizeof(a.w64)) < 0)
		return false;
	*prot = old32 ? a.w32[2] : a.w64[2];
	return true;
}

void fact_paths(struct tracer *tr, struct task *t, uint32_t token, int nr,
		unsigned how, unsigned path2, const struct sysprop *p,
		const uint64_t *args)
{
	char buf[512];

	if (p->access == SYSPROP_ACC_PROT) {
		uint64_t prot;

		/* token: the audit arch (x32's own token is not i386's) */
		if (fact_prot(t->tid, token, p, args, &prot) &&
		    sysprop_access_how(p->access, prot, NULL, 0))
			fact_add_kind(tr, t, FACT_ACCESS, token, nr,
				      "wx-map -");
		return;
	}
	if (!how)
		return;
	if (how >= MSGARG) {
		msghdr_fact(tr, t, token, nr, p->access, args[how - MSGARG]);
		return;
	}
	if (how >= SOCKARG) {
		if (sockaddr_fact(tr, t, token, nr, p->access,
				  args[how - SOCKARG],
				  how == SOCKARG + 1 ? args[2] : args[5]) &&
		    p->access == SYSPROP_ACC_SEND)
			notify_facts(tr, t, token, nr, args[1], args[2]);
		return;
	}
	if (read_string(t->tid, args[how - PATHARG], buf, sizeof(buf)) > 0) {
		fact_add_path(tr, t, token, nr, buf);
		if (p->access)
			file_access(tr, t, token, nr, p, args, buf);
	}
	/* the second path (rename's new name): a fact, not in the census */
	if (path2 &&
	    read_string(t->tid, args[path2 - 1], buf, sizeof(buf)) > 0)
		fact_add_path(tr, t, token, nr, buf);
}

/*
 * execve/execveat: keep the path it names (execveat's only when relative
 * to the cwd), for the executable's other name once the exec is done.
 */
void fact_read_exec_path(struct task *t, unsigned idx, const uint64_t *args)
{
	char buf[4096];
	struct iovec local = { buf, sizeof(buf) - 1 };
	struct iovec remote = { (void *)(uintptr_t)args[idx], sizeof(buf) - 1 };
	ssize_t n;

	free(t->state.exec_path);
	t->state.exec_path = NULL;
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
	t->state.exec_path = xstrdup(buf);
}
