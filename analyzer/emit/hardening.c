/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hardening.c - the systemd layer: `emit --format systemd-hardening`, a
 * drop-in for the program's unit derived from the path census, each line
 * commented with its evidence.
 *
 * From the trace: ProtectSystem=strict with ReadWritePaths= from the
 * observed writes (directories that exist; a missing one is listed with
 * systemd's "-" prefix and a tmpfiles.d line to create it), PrivateTmp=,
 * ProtectHome=, RestrictAddressFamilies= from the socket families,
 * CapabilityBoundingSet= from the privileged operations seen, Type=notify
 * when READY=1 was sent and WatchdogSec= at least twice the largest
 * interval between two WATCHDOG=1.  Without evidence needed, unless the
 * trace contradicts them: NoNewPrivileges=, LockPersonality=, the
 * Protect*= family, PrivateDevices=, RestrictNamespaces=,
 * RestrictRealtime=, RestrictSUIDSGID=, MemoryDenyWriteExecute=,
 * UMask=0077, SystemCallArchitectures=native.  Last, the
 * SystemCallFilter= that emit --format systemd writes.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/analyzer.h"
#include "analyzer/emit/emit.h"

static void add_line(struct hardening *h, const char *key, const char *value,
		     char *why)
{
	struct hd_line *l;

	h->lines = xgrow(h->lines, sizeof(*h->lines), h->n + 1, &h->alloc);
	l = &h->lines[h->n++];
	l->key = xstrdup(key);
	l->value = xstrdup(value);
	l->why = why;
}

static void add_str(char ***list, size_t *n, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*list)[i], s))
			return;
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = xstrdup(s);
}

/* The first census entry matching, for evidence; NULL if none. */
static const struct census_entry *
find_entry(const struct census *c, unsigned how, const char *prefix)
{
	size_t i, n = prefix ? strlen(prefix) : 0;

	for (i = 0; i < c->n; i++)
		if ((c->entries[i].how & how) &&
		    (!prefix || !strncmp(c->entries[i].path, prefix, n)))
			return &c->entries[i];
	return NULL;
}

static char *entry_why(const struct census_entry *e, const char *what)
{
	return xasprintf("%s: %s by %s in phase '%s' of %s", what, e->path,
			 *e->syscall ? e->syscall : "exec",
			 *e->phase ? e->phase : "(any)", e->exe);
}

/* The first of names the trace shows, or NULL. */
static const char *seen_any(const struct census *c, const char *const *names)
{
	for (; *names; names++)
		if (census_has_syscall(c, *names))
			return *names;
	return NULL;
}

#define WRITES (CEN_WRITE | CEN_CREATE | CEN_TRUNC | CEN_MKDIR | \
		CEN_UNLINK | CEN_RMDIR | CEN_RENAME | CEN_MKNOD | CEN_BIND)

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

char *hardening_write_dir(const char *path, unsigned how, bool private_tmp)
{
	static const char *const handled[] = {
		"/dev", "/proc", "/sys", "/tmp", "/var/tmp",
	};
	/* /tmp and /var/tmp are writable under ProtectSystem=strict only
	 * with PrivateTmp=yes (the last two of handled[]) */
	size_t nhandled = ARRAY_SIZE(handled) - (private_tmp ? 0 : 2);
	const char *slash;
	char *dir;
	size_t i;

	if (path[0] != '/' || !(how & WRITES))
		return NULL;
	for (i = 0; i < nhandled; i++)
		if (under(path, handled[i]))
			return NULL;
	slash = strrchr(path, '/');
	dir = slash == path ? xstrdup("/") :
			      xstrndup(path, (size_t)(slash - path));
	/* a directory made, or a file in a system directory: the path
	 * itself, never /var/lib or /etc as a whole */
	if ((how & CEN_MKDIR) || census_system_dir(dir)) {
		free(dir);
		dir = xstrdup(path);
	}
	return dir;
}

char *hardening_tmpfiles_line(const char *dir)
{
	const char *p = dir;

	/* /run/user/UID/x is %t/x for a user service */
	if (!strncmp(p, "/run/user/", 10)) {
		const char *q = p + 10;

		while (*q >= '0' && *q <= '9')
			q++;
		if (q > p + 10 && (*q == '/' || !*q))
			return xasprintf("d %%t%s 0700 - - -", q);
	}
	return xasprintf("d %s 0700 - - -", dir);
}

/* Text safe in a unit file value: quoted when needed, % doubled; NULL
 * when it cannot be written (control characters). */
static char *unit_word(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	bool quote = false;
	const char *p;

	for (p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch < 0x20 || ch == 0x7f)
			return NULL;
		if (ch == ' ' || ch == '"' || ch == '\'' || ch == '\\')
			quote = true;
	}
	if (quote)
		strbuf_addch(&sb, '"');
	for (p = s; *p; p++) {
		if (*p == '%')
			strbuf_addch(&sb, '%');
		if (quote && (*p == '"' || *p == '\\'))
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *p);
	}
	if (quote)
		strbuf_addch(&sb, '"');
	return strbuf_detach(&sb, NULL);
}

static void read_write_paths(const struct census *c, struct hardening *h)
{
	struct strbuf val = STRBUF_INIT, why = STRBUF_INIT;
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		/* the drop-in sets PrivateTmp=yes unless a socket in /tmp
		 * is shared; that case leaves /tmp to the system */
		char *d = hardening_write_dir(c->entries[i].path,
					      c->entries[i].how, true);

		if (d)
			add_str(&h->rw_paths, &h->nrw, d);
		free(d);
	}
	/* drop those beneath another */
	for (i = 0; i < h->nrw; i++)
		for (j = 0; j < h->nrw; j++)
			if (i != j && h->rw_paths[j] && h->rw_paths[i] &&
			    under(h->rw_paths[i], h->rw_paths[j])) {
				free(h->rw_paths[i]);
				h->rw_paths[i] = NULL;
				break;
			}
	for (i = j = 0; i < h->nrw; i++)
		if (h->rw_paths[i])
			h->rw_paths[j++] = h->rw_paths[i];
	h->nrw = j;
	for (i = 0; i < h->nrw; i++) {
		struct stat sb;
		bool exists = stat(h->rw_paths[i], &sb) == 0;
		char *w = unit_word(h->rw_paths[i]);
		const struct census_entry *e = NULL;
		size_t k;

		for (k = 0; k < c->n && !e; k++)
			if ((c->entries[k].how & WRITES) &&
			    under(c->entries[k].path, h->rw_paths[i]))
				e = &c->entries[k];
		if (!w) {
			strbuf_addf(&why, "%s(a path with control characters "
				    "is left out) ", why.len ? "; " : "");
			continue;
		}
		strbuf_addf(&val, "%s%s%s", val.len ? " " : "",
			    exists ? "" : "-", w);
		if (e)
			strbuf_addf(&why, "%s%s%s by %s in phase '%s'",
				    why.len ? "; " : "", e->path,
				    exists ? "" : " (missing now: see "
				    "tmpfiles.d below)",
				    e->syscall, e->phase);
		if (!exists) {
			char *t = hardening_tmpfiles_line(h->rw_paths[i]);

			add_str(&h->tmpfiles, &h->ntmpfiles, t);
			free(t);
		}
		free(w);
	}
	if (val.len)
		add_line(h, "ReadWritePaths", val.buf,
			 xasprintf("writes seen: %s", why.buf));
	strbuf_release(&val);
	strbuf_release(&why);
}

int hardening_derive(const struct census *c, struct hardening *h)
{
	static const char *const modules[] = { "init_module", "finit_module",
		"delete_module", NULL };
	static const char *const klog[] = { "syslog", NULL };
	static const char *const clock[] = { "settimeofday", "clock_settime",
		"adjtimex", "clock_adjtime", "stime", NULL };
	static const char *const host[] = { "sethostname", "setdomainname",
		NULL };
	static const char *const ns[] = { "unshare", "setns", NULL };
	static const char *const rt[] = { "sched_setscheduler",
		"sched_setattr", NULL };
	static const char *const pers[] = { "personality", NULL };
	static const char *const devs_ok[] = { "/dev/null", "/dev/zero",
		"/dev/full", "/dev/random", "/dev/urandom", "/dev/tty",
		"/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/fd/",
		"/dev/shm/", "/dev/pts/", "/dev/ptmx", "/dev/log", NULL };
	static const struct { const char *cap; const char *calls[8]; } caps[] = {
		{ "CAP_CHOWN", { "chown", "fchown", "lchown", "fchownat",
				 "chown32", "fchown32", "lchown32", NULL } },
		{ "CAP_SETUID", { "setuid", "setreuid", "setresuid",
				  "setfsuid", "setuid32", "setresuid32",
				  NULL } },
		{ "CAP_SETGID", { "setgid", "setregid", "setresgid",
				  "setfsgid", "setgroups", "setgid32",
				  "setgroups32", NULL } },
		{ "CAP_SYS_CHROOT", { "chroot", NULL } },
		{ "CAP_MKNOD", { "mknod", "mknodat", NULL } },
		{ "CAP_SYS_ADMIN", { "mount", "umount2", "pivot_root",
				     "fsmount", "move_mount", NULL } },
		{ "CAP_SYS_PTRACE", { "ptrace", "process_vm_writev", NULL } },
		{ "CAP_SYS_BOOT", { "reboot", "kexec_load", NULL } },
	};
	struct strbuf sb = STRBUF_INIT, why = STRBUF_INIT;
	const struct census_entry *e;
	const char *s;
	size_t i, k;

	memset(h, 0, sizeof(*h));

	/* Type= and WatchdogSec= */
	if (c->ready) {
		add_line(h, "Type", "notify", xasprintf("READY=1 sent %llu "
			 "time(s)%s%s", (unsigned long long)c->ready,
			 c->notify_socket ? " to " : "",
			 c->notify_socket ? c->notify_socket : ""));
	}
	if (c->watchdog && c->watchdog_max_ms >= 0) {
		long long sec = (2 * c->watchdog_max_ms + 999) / 1000;
		char v[32];

		if (sec < 1)
			sec = 1;
		snprintf(v, sizeof(v), "%llds", sec);
		add_line(h, "WatchdogSec", v, xasprintf("WATCHDOG=1 sent %llu "
			 "time(s), at most %lld ms apart: twice that, rounded "
			 "up", (unsigned long long)c->watchdog,
			 (long long)c->watchdog_max_ms));
	}

	/* the file system */
	add_line(h, "ProtectSystem", "strict", xstrdup("the whole file "
		 "system read-only but /dev, /proc, /sys and the "
		 "ReadWritePaths= below"));
	read_write_paths(c, h);
	e = find_entry(c, CEN_BIND | CEN_CONNECT | CEN_SEND, "/tmp/");
	if (!e)
		e = find_entry(c, CEN_BIND | CEN_CONNECT | CEN_SEND,
			       "/var/tmp/");
	if (e)
		add_line(h, "PrivateTmp", "no", entry_why(e, "a socket in "
			 "the shared /tmp, which other processes use"));
	else
		add_line(h, "PrivateTmp", "yes", xstrdup("no socket in /tmp "
			 "or /var/tmp is shared with other processes"));
	e = find_entry(c, WRITES, "/home/");
	if (!e)
		e = find_entry(c, WRITES, "/root/");
	if (e) {
		add_line(h, "ProtectHome", "read-only", entry_why(e, "a write "
			 "under a home directory, allowed by ReadWritePaths="));
	} else {
		e = find_entry(c, ~0u, "/home/");
		if (!e)
			e = find_entry(c, ~0u, "/root/");
		if (e)
			add_line(h, "ProtectHome", "read-only",
				 entry_why(e, "reads under a home directory"));
		else
			add_line(h, "ProtectHome", "yes", xstrdup("nothing "
				 "under /home, /root or /run/user used"));
	}
	e = find_entry(c, WRITES, "/proc/sys/");
	if (!e)
		e = find_entry(c, WRITES, "/sys/");
	if (e)
		add_line(h, "ProtectKernelTunables", "no",
			 entry_why(e, "a kernel tunable written"));
	else
		add_line(h, "ProtectKernelTunables", "yes", xstrdup(
			 "no write under /proc/sys or /sys"));
	s = seen_any(c, modules);
	add_line(h, "ProtectKernelModules", s ? "no" : "yes",
		 s ? xasprintf("%s seen", s) : xstrdup("no module loaded"));
	s = seen_any(c, klog);
	e = find_entry(c, ~0u, "/dev/kmsg");
	if (!e)
		e = find_entry(c, ~0u, "/proc/kmsg");
	add_line(h, "ProtectKernelLogs", s || e ? "no" : "yes",
		 s ? xasprintf("%s seen", s) :
		 e ? entry_why(e, "the kernel log used") :
		 xstrdup("no syslog(2), /dev/kmsg or /proc/kmsg"));
	e = find_entry(c, WRITES, "/sys/fs/cgroup/");
	add_line(h, "ProtectControlGroups", e ? "no" : "yes",
		 e ? entry_why(e, "a cgroup written") :
		 xstrdup("no write under /sys/fs/cgroup"));
	s = seen_any(c, clock);
	add_line(h, "ProtectClock", s ? "no" : "yes",
		 s ? xasprintf("%s seen", s) : xstrdup("the clock is never "
		 "set"));
	s = seen_any(c, host);
	add_line(h, "ProtectHostname", s ? "no" : "yes",
		 s ? xasprintf("%s seen", s) : xstrdup("the host name is "
		 "never set"));
	e = NULL;
	for (i = 0; i < c->n && !e; i++) {
		const char *p = c->entries[i].path;

		if (strncmp(p, "/dev/", 5))
			continue;
		for (k = 0; devs_ok[k]; k++)
			if (!strcmp(p, devs_ok[k]) ||
			    (devs_ok[k][strlen(devs_ok[k]) - 1] == '/' &&
			     !strncmp(p, devs_ok[k], strlen(devs_ok[k]))))
				break;
		if (!devs_ok[k])
			e = &c->entries[i];
	}
	add_line(h, "PrivateDevices", e ? "no" : "yes",
		 e ? entry_why(e, "a device outside the private /dev") :
		 xstrdup("only /dev/null, zero, random, tty and the like "
			 "used"));
	s = seen_any(c, ns);
	add_line(h, "RestrictNamespaces", s || c->clone_newns ? "no" : "yes",
		 s ? xasprintf("%s seen", s) :
		 c->clone_newns ? xstrdup("clone with CLONE_NEW* seen") :
		 xstrdup("no namespace made or joined"));
	s = seen_any(c, rt);
	add_line(h, "RestrictRealtime", s ? "no" : "yes",
		 s ? xasprintf("%s seen", s) : xstrdup("no realtime "
		 "scheduling asked for"));
	add_line(h, "RestrictSUIDSGID", "yes", xstrdup(
		 census_has_syscall(c, "chmod") ||
		 census_has_syscall(c, "fchmod") ||
		 census_has_syscall(c, "fchmodat") ?
		 "needs no evidence (chmod seen: syscensus does not record "
		 "modes; check none sets setuid/setgid)" :
		 "needs no evidence: no chmod seen"));
	add_line(h, "MemoryDenyWriteExecute", c->wx_maps ? "no" : "yes",
		 c->wx_maps ? xasprintf("%llu writable and executable "
		 "mapping(s) seen", (unsigned long long)c->wx_maps) :
		 xstrdup("no writable and executable mapping seen"));
	s = seen_any(c, pers);
	add_line(h, "LockPersonality", s ? "no" : "yes",
		 s ? xasprintf("%s seen", s) : xstrdup("personality(2) "
		 "never called"));
	add_line(h, "NoNewPrivileges", "yes", xstrdup("needs no evidence"));
	add_line(h, "SystemCallArchitectures", "native", xstrdup(
		 "needs no evidence: the trace's own architecture"));
	add_line(h, "UMask", "0077", xstrdup("needs no evidence: files "
		 "made are the service's own"));

	/* RestrictAddressFamilies= */
	if (c->nfamilies) {
		for (i = 0; i < c->nfamilies; i++)
			if (!strncmp(c->families[i], "AF_", 3))
				strbuf_addf(&sb, "%s%s", sb.len ? " " : "",
					    c->families[i]);
		add_line(h, "RestrictAddressFamilies", sb.buf,
			 xasprintf("socket(2) domains seen: %s", sb.buf));
	} else if (!census_has_syscall(c, "socket") &&
		   !census_has_syscall(c, "socketpair")) {
		add_line(h, "RestrictAddressFamilies", "none",
			 xstrdup("no socket made"));
	}

	/* CapabilityBoundingSet= */
	strbuf_reset(&sb);
	for (i = 0; i < ARRAY_SIZE(caps); i++) {
		s = seen_any(c, caps[i].calls);
		if (!s)
			continue;
		strbuf_addf(&sb, "%s%s", sb.len ? " " : "", caps[i].cap);
		strbuf_addf(&why, "%s%s for %s", why.len ? ", " : "",
			    caps[i].cap, s);
	}
	for (i = 0; i < c->n; i++) {
		unsigned long port;

		if (!(c->entries[i].how & CEN_TCP_BIND))
			continue;
		port = strtoul(c->entries[i].path, NULL, 10);
		if (port > 0 && port < 1024 &&
		    !strstr(sb.buf, "CAP_NET_BIND_SERVICE")) {
			strbuf_addf(&sb, "%sCAP_NET_BIND_SERVICE",
				    sb.len ? " " : "");
			strbuf_addf(&why, "%sCAP_NET_BIND_SERVICE for bind to "
				    "port %lu", why.len ? ", " : "", port);
		}
	}
	add_line(h, "CapabilityBoundingSet", sb.len ? sb.buf : "",
		 sb.len ? xasprintf("privileged operations seen: %s",
				    why.buf) :
		 xstrdup("no privileged operation seen (chown, setuid, "
			 "bind below 1024, mount, ...): no capability"));
	strbuf_release(&sb);
	strbuf_release(&why);
	return 0;
}

void hardening_release(struct hardening *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->lines[i].key);
		free(h->lines[i].value);
		free(h->lines[i].why);
	}
	free(h->lines);
	for (i = 0; i < h->ntmpfiles; i++)
		free(h->tmpfiles[i]);
	free(h->tmpfiles);
	for (i = 0; i < h->nrw; i++)
		free(h->rw_paths[i]);
	free(h->rw_paths);
	memset(h, 0, sizeof(*h));
}

static void put_comment(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(isprint((unsigned char)*s) ? *s : '?', f);
}

int emit_hardening(FILE *f, const struct emit_set *set)
{
	struct census c;
	struct hardening h;
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0, i;
	bool in_service = false;
	FILE *mem;
	int ret = 0;

	if (!set->layers)
		return error("the systemd-hardening format needs the store");
	if (census_load(set->layers->st, set->layers->filter, &c) < 0)
		return -1;
	hardening_derive(&c, &h);
	fputs("# systemd hardening drop-in generated by syscensus "
	      PACKAGE_VERSION, f);
	if (set->title) {
		fputs(": ", f);
		put_comment(f, set->title);
	}
	fputs("\n# Install as /etc/systemd/system/UNIT.service.d/"
	      "hardening.conf, then\n# systemctl daemon-reload.  Each "
	      "directive says what in the trace decided it.\n", f);
	if (h.ntmpfiles) {
		fputs("# Directories written that do not exist now: create "
		      "them at boot with\n# tmpfiles.d (e.g. "
		      "/etc/tmpfiles.d/UNIT.conf), or with\n# StateDirectory= "
		      "and RuntimeDirectory=:\n", f);
		for (i = 0; i < h.ntmpfiles; i++) {
			fputs("#   ", f);
			put_comment(f, h.tmpfiles[i]);
			fputc('\n', f);
		}
	}
	fputs("[Service]\n", f);
	for (i = 0; i < h.n; i++) {
		fputs("# ", f);
		put_comment(f, h.lines[i].why);
		fprintf(f, "\n%s=%s\n", h.lines[i].key, h.lines[i].value);
	}
	/* the seccomp layer, as emit --format systemd writes it */
	mem = open_memstream(&buf, &len);
	if (!mem) {
		ret = error("out of memory");
		goto out;
	}
	ret = emit_systemd(mem, set);
	if (fclose(mem) != 0 && !ret)
		ret = error("out of memory");
	if (ret < 0)
		goto out;
	fputs("# the seccomp layer (emit --format systemd): the observed "
	      "syscalls\n", f);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strcmp(line, "[Service]")) {
			in_service = true;
			continue;
		}
		if (!in_service || !strncmp(line, "SystemCallArchitectures=",
					    24))
			continue;
		fprintf(f, "%s\n", line);
	}
out:
	free(buf);
	hardening_release(&h);
	census_release(&c);
	if (!ret && ferror(f))
		ret = error("cannot write the drop-in");
	return ret;
}
