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

#include <stdlib.h>
#include <string.h>

#include "analyzer/import/strace-int.h"

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
void sx_fact_access(struct ctx *c, int64_t exe,
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
	sx_fact_add(c, exe, "access", l->name, l->name_len, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* A unix socket a call names (c->path_buf, n bytes) in the census:
 * bind, connect, or send (sendto/sendmsg, with the sd_notify lines it
 * carries as "notify" facts).  Absolute paths and "@name" only. */
void sx_fact_sock_access(struct ctx *c, int64_t exe,
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
	sx_fact_add(c, exe, "access", l->name, l->name_len, sb.buf, sb.len);
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
				sx_fact_add(c, exe, "notify", l->name,
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
void sx_fact_sockaddr(struct ctx *c, int64_t exe,
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
		uint64_t h = sx_hash_bytes(c->path_buf, (size_t)n);

		for (i = 0; i < nseen && seen[i] != h; i++)
			;
		if (i < nseen)
			continue;
		if (nseen < ARRAY_SIZE(seen))
			seen[nseen++] = h;
		sx_fact_add(c, exe, "path", l->name, l->name_len, c->path_buf,
			 (size_t)n);
		sx_fact_sock_access(c, exe, l, (size_t)n);
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
