/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * census.c - the path census behind the two layers that come after
 * seccomp (Landlock rules, the systemd hardening drop-in and unit lint).
 *
 * The tracer stores, next to the syscall counts, one "access" fact per
 * (phase, executable, syscall, how, absolute path): value "HOW PATH"
 * where HOW is "read", "write+create+trunc", "listdir", "mkdir",
 * "unlink", "rmdir", "rename", "mknod", "exec", "bind", "connect",
 * "send", "tcp-bind" or "tcp-connect" (then PATH is a port), "wx-map";
 * "notify" facts (the sd_notify lines sent: READY=1, WATCHDOG=1, and
 * WATCHDOG_INTERVAL_MS=N, the largest interval between two WATCHDOG=1);
 * "arg" facts (socket families) and the CLONE_THREAD flag.  census_load()
 * reads them for a selection into struct census; the executables of the
 * selection are in it too, each with its ELF interpreter (PT_INTERP, read
 * with libelf): the kernel opens it at exec without any syscall naming
 * it, and under Landlock it needs READ_FILE and EXECUTE.
 */
#include "config.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/analyzer.h"

static const struct {
	const char *name;
	unsigned how;
} hows[] = {
	{ "read", CEN_READ }, { "write", CEN_WRITE },
	{ "create", CEN_CREATE }, { "trunc", CEN_TRUNC },
	{ "listdir", CEN_LISTDIR }, { "mkdir", CEN_MKDIR },
	{ "unlink", CEN_UNLINK }, { "rmdir", CEN_RMDIR },
	{ "rename", CEN_RENAME }, { "mknod", CEN_MKNOD },
	{ "exec", CEN_EXEC }, { "bind", CEN_BIND },
	{ "connect", CEN_CONNECT }, { "send", CEN_SEND },
	{ "tcp-bind", CEN_TCP_BIND }, { "tcp-connect", CEN_TCP_CONNECT },
};

bool census_parse_access(const char *value, unsigned *how,
			 const char **path)
{
	const char *sp = strchr(value, ' '), *p = value;

	*how = 0;
	if (!sp || !sp[1])
		return false;
	while (p < sp) {
		const char *e = memchr(p, '+', (size_t)(sp - p));
		size_t len, i;

		if (!e)
			e = sp;
		len = (size_t)(e - p);
		for (i = 0; i < ARRAY_SIZE(hows); i++)
			if (strlen(hows[i].name) == len &&
			    !strncmp(hows[i].name, p, len))
				break;
		if (i == ARRAY_SIZE(hows))
			return false;
		*how |= hows[i].how;
		if (e < sp && e + 1 == sp)
			return false; /* "read+ /x" */
		p = e < sp ? e + 1 : sp;
	}
	*path = sp + 1;
	return *how != 0;
}

static const char *const system_dirs[] = {
	"/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32",
	"/lib64", "/libx32", "/media", "/mnt", "/opt", "/proc", "/root",
	"/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var",
	"/var/lib", "/var/cache", "/var/log", "/var/tmp", "/var/run",
	"/var/spool", "/run/user", "/usr/lib", "/usr/local", "/usr/share",
	"/etc/systemd", "/run/systemd",
};

bool census_system_dir(const char *dir)
{
	size_t i, len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	for (i = 0; i < ARRAY_SIZE(system_dirs); i++)
		if (strlen(system_dirs[i]) == len &&
		    !strncmp(system_dirs[i], dir, len))
			return true;
	/* anything under /usr, /proc, /sys is the system's */
	return !strncmp(dir, "/usr/", 5) || !strncmp(dir, "/proc/", 6) ||
	       !strncmp(dir, "/sys/", 5) || !strncmp(dir, "/lib/", 5) ||
	       !strncmp(dir, "/lib64/", 7) || !strncmp(dir, "/etc/", 5);
}

char *census_elf_interp(const char *path)
{
	Elf *e = NULL;
	size_t n, i;
	char *interp = NULL;
	int fd;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF || elf_getphdrnum(e, &n) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		GElf_Phdr ph;
		char *raw;
		size_t size;

		if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_INTERP)
			continue;
		raw = elf_rawfile(e, &size);
		if (!raw || ph.p_offset >= size || ph.p_filesz < 2 ||
		    ph.p_filesz > size - ph.p_offset || ph.p_filesz > 4096)
			break;
		interp = xstrndup(raw + ph.p_offset, ph.p_filesz);
		if (interp[0] != '/') {
			free(interp);
			interp = NULL;
		}
		break;
	}
out:
	if (e)
		elf_end(e);
	close(fd);
	return interp;
}

/* Add an entry; with dedupe, count into an equal one instead (the facts
 * themselves are unique per run already). */
static void add_entry(struct census *c, const char *path, unsigned how,
		      const char *syscall, const char *phase, const char *exe,
		      uint64_t count, bool dedupe)
{
	struct census_entry *e;
	size_t i;

	for (i = 0; dedupe && i < c->n; i++) {
		e = &c->entries[i];
		if (e->how == how && !strcmp(e->path, path) &&
		    !strcmp(e->exe, exe) && !strcmp(e->phase, phase)) {
			e->count += count;
			return;
		}
	}
	c->entries = xgrow(c->entries, sizeof(*c->entries), c->n + 1,
			   &c->alloc);
	e = &c->entries[c->n++];
	e->path = xstrdup(path);
	e->how = how;
	e->syscall = xstrdup(syscall ? syscall : "");
	e->phase = xstrdup(phase);
	e->exe = xstrdup(exe);
	e->count = count;
}

static void add_unique(char ***list, size_t *n, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*list)[i], s))
			return;
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = xstrdup(s);
}

static int fact_cb(const struct fact_row *r, void *data)
{
	struct census *c = data;
	const char *path = NULL;
	unsigned how = 0;

	if (!strcmp(r->kind, "access")) {
		if (!strncmp(r->value, "wx-map", 6)) {
			c->wx_maps += r->count;
			return 0;
		}
		if (census_parse_access(r->value, &how, &path))
			add_entry(c, path, how, r->syscall, r->phase, r->exe,
				  r->count, false);
		if (how & CEN_SEND && path[0] == '/' && !c->notify_socket)
			c->notify_socket = xstrdup(path);
	} else if (!strcmp(r->kind, "notify")) {
		if (!strcmp(r->value, "READY=1"))
			c->ready += r->count;
		else if (!strcmp(r->value, "WATCHDOG=1"))
			c->watchdog += r->count;
		else if (!strncmp(r->value, "WATCHDOG_INTERVAL_MS=", 21)) {
			long long ms = strtoll(r->value + 21, NULL, 10);

			if (ms > c->watchdog_max_ms)
				c->watchdog_max_ms = ms;
		}
	} else if (!strcmp(r->kind, "arg")) {
		if ((!strcmp(r->syscall, "socket") ||
		     !strcmp(r->syscall, "socketpair")) &&
		    !strncmp(r->value, "0=", 2))
			add_unique(&c->families, &c->nfamilies, r->value + 2);
		if ((!strcmp(r->syscall, "clone") ||
		     !strcmp(r->syscall, "unshare")) &&
		    strstr(r->value, "CLONE_NEW"))
			c->clone_newns = true;
	} else if (!strcmp(r->kind, "flag")) {
		if (!strcmp(r->value, "CLONE_THREAD"))
			c->threads += r->count;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int observed_cb(const struct observed_row *r, void *data)
{
	struct census *c = data;

	if (r->exe && r->exe[0] == '/')
		add_unique(&c->exes, &c->nexes, r->exe);
	if (r->calls)
		add_unique(&c->syscalls, &c->nsyscalls, r->syscall);
	return 0;
}

bool census_has_syscall(const struct census *c, const char *name)
{
	if (!c->nsyscalls)
		return false;
	return bsearch(&name, c->syscalls, c->nsyscalls, sizeof(char *),
		       cmp_str) != NULL;
}

int census_load(struct store *st, const struct observed_filter *f,
		struct census *c)
{
	size_t i, nexes, nbpf;
	int64_t *bpf;

	memset(c, 0, sizeof(*c));
	c->watchdog_max_ms = -1;
	/* a census from a run without one would deny what the program did */
	if (store_bpf_runs(st, f, &bpf, &nbpf) < 0)
		return -1;
	free(bpf);
	if (nbpf)
		return error("%zu of the selected runs were recorded by the bpf "
			     "engine, which keeps no path census: record them "
			     "with --engine ptrace",
			     nbpf);
	if (store_each_observed(st, f, observed_cb, c) < 0 ||
	    store_each_fact(st, f, NULL, fact_cb, c) < 0) {
		census_release(c);
		return -1;
	}
	if (c->nsyscalls)
		qsort(c->syscalls, c->nsyscalls, sizeof(char *), cmp_str);
	if (c->nfamilies)
		qsort(c->families, c->nfamilies, sizeof(char *), cmp_str);
	/* every executable was exec'd (the launch execve is not a fact),
	 * and each one's ELF interpreter with it */
	nexes = c->nexes;
	for (i = 0; i < nexes; i++) {
		char *interp = census_elf_interp(c->exes[i]);

		add_entry(c, c->exes[i], CEN_EXEC, "execve", "", c->exes[i],
			  1, true);
		if (interp) {
			add_entry(c, interp, CEN_INTERP, "", "", c->exes[i],
				  1, true);
			free(interp);
		}
	}
	for (i = 0; i < c->n; i++) {
		char *interp;

		if (!(c->entries[i].how & CEN_EXEC))
			continue;
		interp = census_elf_interp(c->entries[i].path);
		if (interp) {
			char *exe = xstrdup(c->entries[i].path);

			add_entry(c, interp, CEN_INTERP, "", "", exe, 1, true);
			free(exe);
			free(interp);
		}
	}
	return 0;
}

void census_release(struct census *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->entries[i].path);
		free(c->entries[i].syscall);
		free(c->entries[i].phase);
		free(c->entries[i].exe);
	}
	free(c->entries);
	for (i = 0; i < c->nexes; i++)
		free(c->exes[i]);
	free(c->exes);
	for (i = 0; i < c->nfamilies; i++)
		free(c->families[i]);
	free(c->families);
	for (i = 0; i < c->nsyscalls; i++)
		free(c->syscalls[i]);
	free(c->syscalls);
	free(c->notify_socket);
	memset(c, 0, sizeof(*c));
}
