/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * strace-facts.c - the facts the strace importer takes from call lines:
 * path arguments and how they were used (read, write, create, exec, ...),
 * AF_UNIX socket addresses, clone flags and decisive arguments.  Facts
 * are aggregated per (exe, kind, syscall, value) in a bounded hash table
 * (FACTS_MAX_ENTRIES, FACTS_MAX_BYTES) and flushed to the store when it
 * fills and at the end of each file, so memory stays flat.
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "analyzer/import/strace-int.h"
#include "common/sysprop.h"

/* ---------------------------------------------------------------- facts */

int sx_facts_flush(struct ctx *c)
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
	c->facts_gen++; /* what sx_fact_add() returned is gone */
	if (ret)
		c->failed = true;
	return ret;
}

struct fact *sx_fact_add(struct ctx *c, int64_t exe, const char *kind,
			 const char *sc, size_t sclen, const char *value,
			 size_t vlen)
{
	char key[4096 + 128];
	size_t kl = strlen(kind), n, j;
	uint64_t h;

	if (kl + sclen + vlen + 3 > sizeof(key) || !vlen)
		return NULL;
	memcpy(key, kind, kl + 1);
	memcpy(key + kl + 1, sc, sclen);
	key[kl + 1 + sclen] = '\0';
	memcpy(key + kl + 2 + sclen, value, vlen);
	n = kl + sclen + vlen + 2;
	key[n] = '\0';
	h = sx_hash_bytes(key, n) ^ ((uint64_t)exe * 0x9e3779b97f4a7c15ULL);
	if (c->facts_count >= FACTS_MAX_ENTRIES ||
	    c->facts_bytes >= FACTS_MAX_BYTES)
		sx_facts_flush(c);
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
			return f;
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
	return &c->facts[j];
}

/* Record the path argument idx of a call as a fact; returns its length
 * in c->path_buf (-1 if it is not a string). */
long sx_fact_path(struct ctx *c, int64_t exe, const struct strace_line *l,
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
	sx_fact_add(c, exe, "path", l->name, l->name_len, c->path_buf,
		 (size_t)n);
	return n;
}

/*
 * The flags of argument idx as the kernel took them, from strace's text
 * ("O_WRONLY|O_CREAT|O_CLOEXEC", "PROT_READ|PROT_EXEC", "AT_REMOVEDIR",
 * "0x80241", "O_RDONLY|0x40000000"); of a struct (openat2's open_how),
 * its flags= field.  Only the names the path census reads are known:
 * sysprop_access_how() words the fact, as it does for the tracer.
 */
static uint64_t arg_flags(const struct strace_line *l, int idx)
{
	static const struct {
		const char *name;
		uint64_t value;
	} names[] = {
		{ "O_WRONLY", O_WRONLY },       { "O_RDWR", O_RDWR },
		{ "O_CREAT", O_CREAT },         { "O_TRUNC", O_TRUNC },
		{ "O_DIRECTORY", O_DIRECTORY }, { "O_PATH", O_PATH },
		{ "AT_REMOVEDIR", AT_REMOVEDIR }, { "PROT_WRITE", PROT_WRITE },
		{ "PROT_EXEC", PROT_EXEC },
	};
	const char *a, *end, *t;
	uint64_t flags = 0;
	size_t alen, i;

	if (idx < 0 || !strace_arg(l->args, l->args_len, (unsigned)idx, &a,
				   &alen))
		return 0;
	end = a + alen;
	if (alen && *a == '{') { /* {flags=..., mode=..., resolve=...} */
		for (t = a; t + 6 <= end && memcmp(t, "flags=", 6); t++)
			;
		if (t + 6 > end)
			return 0;
		a = t + 6;
	}
	for (t = a; t < end && *t != ',' && *t != '}' && *t != ' ';) {
		const char *w = t;
		size_t n;

		while (t < end && *t != '|' && *t != ',' && *t != '}' &&
		       *t != ' ')
			t++;
		n = (size_t)(t - w);
		if (n && w[0] >= '0' && w[0] <= '9') {
			char num[24];

			if (n < sizeof(num)) {
				memcpy(num, w, n);
				num[n] = '\0';
				flags |= strtoull(num, NULL, 0);
			}
		}
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (strlen(names[i].name) == n &&
			    !memcmp(names[i].name, w, n))
				flags |= names[i].value;
		if (t < end && *t == '|')
			t++;
	}
	return flags;
}

/*
 * The path census ("access" facts, census.c) of a call, by its kind in
 * the property table (p, as the tracer reads it): how it used its first
 * path (c->path_buf, plen bytes, when strace printed it absolute: a
 * relative path is left out, the log does not say the directory), or a
 * writable and executable mapping.  Sockets: sx_fact_sockaddr().
 */
/*
 * The directory a relative path of line l is resolved from, when strace
 * -y printed it on the call's dirfd argument ("5</usr/share/doc>"), as
 * the tracer reads it from /proc/PID/fd: its start and length, or false
 * (AT_FDCWD: the log never says the cwd; no -y; an escaped name).
 */
static bool dirfd_base(const struct strace_line *l, const struct sysprop *p,
		       const char **base, size_t *len)
{
	const char *a, *lt;
	size_t alen;

	if (p->dirfd < 0 ||
	    !strace_arg(l->args, l->args_len, (unsigned)p->dirfd, &a, &alen) ||
	    alen < 4 || a[alen - 1] != '>')
		return false;
	lt = memchr(a, '<', alen);
	if (!lt || lt[1] != '/' || memchr(lt, '\\', (size_t)(a + alen - lt)))
		return false;
	*base = lt + 1;
	*len = (size_t)(a + alen - 1 - *base);
	return true;
}

void sx_fact_access(struct ctx *c, int64_t exe, const struct strace_line *l,
		    const struct sysprop *p, long plen)
{
	struct strbuf sb = STRBUF_INIT;
	const char *how;
	char buf[48];

	if (!p || !p->access)
		return;
	how = sysprop_access_how(p->access, arg_flags(l, p->acc_arg), buf,
				 sizeof(buf));
	if (!how)
		return;
	if (p->access == SYSPROP_ACC_PROT) {
		strbuf_addf(&sb, "%s -", how);
	} else {
		const char *base;
		size_t blen;

		if (plen < 0 || strlen(c->path_buf) != (size_t)plen)
			return;
		strbuf_addf(&sb, "%s ", how);
		if (c->path_buf[0] != '/') {
			/* relative: made absolute as the tracer does */
			if (!dirfd_base(l, p, &base, &blen)) {
				strbuf_release(&sb);
				return;
			}
			strbuf_add(&sb, base, blen);
			if (plen && blen > 1)
				strbuf_addch(&sb, '/');
		}
		strbuf_add(&sb, c->path_buf, (size_t)plen);
	}
	sx_fact_add(c, exe, "access", l->name, l->name_len, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* The TCP or UDP port of bind and connect on line l, as the tracer
 * writes it: "tcp-bind 8080" (strace: sin_port=htons(8080)). */
static void tcp_access(struct ctx *c, int64_t exe,
		       const struct strace_line *l, const char *how)
{
	const char *p = l->args, *end = l->args + l->args_len;
	unsigned long port = 0;
	char v[48];
	int n;

	for (; p + 18 <= end; p++) /* AF_INET or AF_INET6 */
		if (!memcmp(p, "{sa_family=AF_INET", 18))
			break;
	for (; p + 12 <= end; p++)
		if (!memcmp(p, "_port=htons(", 12))
			break;
	if (p + 12 >= end || p[12] < '0' || p[12] > '9')
		return;
	for (p += 12; p < end && *p >= '0' && *p <= '9' && port < 65536; p++)
		port = port * 10 + (unsigned long)(*p - '0');
	if (port > 65535)
		return; /* not a port strace printed */
	n = snprintf(v, sizeof(v), "tcp-%s %lu", how, port);
	sx_fact_add(c, exe, "access", l->name, l->name_len, v, (size_t)n);
}

/* A unix socket a call names (c->path_buf, n bytes) in the census, as
 * the table's kind p says: bind, connect, or send (sendto, sendmsg,
 * sendmmsg, with the sd_notify lines it carries as "notify" facts).
 * Absolute paths and "@name" only. */
static void sock_access(struct ctx *c, int64_t exe,
			const struct strace_line *l, const struct sysprop *p,
			size_t n)
{
	static const char *const keys[] = { "READY=1", "WATCHDOG=1",
		"RELOADING=1", "STOPPING=1" };
	struct strbuf sb = STRBUF_INIT;
	const char *how;
	size_t i;

	how = p ? sysprop_access_how(p->access, 0, NULL, 0) : NULL;
	if (!how || (c->path_buf[0] != '/' && c->path_buf[0] != '@'))
		return;
	strbuf_addf(&sb, "%s ", how);
	strbuf_add(&sb, c->path_buf, n);
	sx_fact_add(c, exe, "access", l->name, l->name_len, sb.buf, sb.len);
	strbuf_release(&sb);
	if (p->access != SYSPROP_ACC_SEND)
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
				sx_fact_add(c, exe, "notify", l->name,
					 l->name_len, keys[i], kl);
				break;
			}
	}
}

/*
 * The AF_UNIX addresses a socket call names (sun_path= in its arguments,
 * -yy decorations of its fds and result) as "path" facts, each once per
 * line: the rules of the knowledge base trigger on socket paths.  With
 * the call's entry in the property table (p), the census of them too,
 * and of the TCP/UDP port bind and connect name.
 */
void sx_fact_sockaddr(struct ctx *c, int64_t exe,
		      const struct strace_line *l, const struct sysprop *p)
{
	uint64_t seen[8];
	size_t nseen = 0, pos = 0, len, i;
	long n;

	if (!l->args || c->line_end < l->args + l->args_len)
		return;
	if (p && (p->access == SYSPROP_ACC_BIND ||
		  p->access == SYSPROP_ACC_CONNECT))
		tcp_access(c, exe, l, sysprop_access_how(p->access, 0, NULL, 0));
	/* the result too: "= 8<UNIX-STREAM:[...,\"/path\"]>" (-yy) */
	len = l->rec == STRACE_UNFINISHED ? l->args_len :
					     (size_t)(c->line_end - l->args);
	while ((n = strace_unix_path(l->args, len, &pos, c->path_buf,
				     4097)) > 0) {
		uint64_t h = sx_hash_bytes(c->path_buf, (size_t)n);

		for (i = 0; i < nseen && seen[i] != h; i++)
			;
		if (i < nseen)
			continue;
		if (nseen < ARRAY_SIZE(seen))
			seen[nseen++] = h;
		sx_fact_add(c, exe, "path", l->name, l->name_len, c->path_buf,
			 (size_t)n);
		sock_access(c, exe, l, p, (size_t)n);
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
void sx_fact_clone_arg(struct ctx *c, int64_t exe,
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
	sx_fact_add(c, exe, "arg", l->name, l->name_len, v, n + 2);
}
