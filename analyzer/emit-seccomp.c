/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-seccomp.c - what the libseccomp-based emitters share: building a
 * filter context from an emit_set (emit-bpf.c and emit-pfc.c export it;
 * emit-c.c writes C that builds the same filter at run time), and the
 * EPERM/ENOSYS split of `--action errno`.
 *
 * The filter: the unlisted action as default; the architectures of the set
 * (the native one removed when the set does not have it); one allow rule
 * per syscall with seccomp_syscall_priority() from its rank in the set
 * (most frequent first, so the hot syscalls are tested first).  A name
 * libseccomp does not know is skipped, never fatal: a trace from a newer
 * kernel must still give a filter.
 *
 * `--action errno`: a program probing a syscall newer than any it uses
 * (clone3, statx, openat2...) expects ENOSYS and falls back; an older,
 * known syscall it is denied should see EPERM, as in a container.  So the
 * default is ERRNO(ENOSYS), which also covers syscalls nobody knows yet,
 * and explicit ERRNO(EPERM) rules cover the known syscalls numbered below
 * the newest allowed one.
 */
#include "config.h"

#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"

static const uint32_t nr_bases[] = { 0, 0x40000000, 4000, 5000, 6000 };
#define NR_SPAN 1024

static bool set_has(const struct emit_set *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->nitems; i++)
		if (!strcmp(set->items[i].syscall, name))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **emit_eperm_names(const struct emit_set *set)
{
	uint32_t native = arch_native();
	const uint32_t *arches = set->narches ? set->arches : &native;
	size_t narches = set->narches ? set->narches : 1, a, b, i, n = 0;
	size_t alloc = 0;
	char **names = NULL;

	for (a = 0; a < narches; a++) {
		int maxnr = -1;

		for (i = 0; i < set->nitems; i++) {
			int nr = syscall_resolve_name(arches[a],
						      set->items[i].syscall);
			if (nr > maxnr)
				maxnr = nr;
		}
		for (b = 0; b < ARRAY_SIZE(nr_bases); b++) {
			/* only the arch's own range: libseccomp also names
			 * x32 numbers without __X32_SYSCALL_BIT */
			if (maxnr < 0 || (uint32_t)maxnr < nr_bases[b] ||
			    (uint32_t)maxnr - nr_bases[b] >= NR_SPAN)
				continue;
			for (i = 0; i < NR_SPAN; i++) {
				uint32_t nr = nr_bases[b] + (uint32_t)i;
				char *name;

				if ((int64_t)nr > maxnr)
					break;
				name = seccomp_syscall_resolve_num_arch(
					arches[a], (int)nr);
				if (!name)
					continue;
				if (set_has(set, name)) {
					free(name);
					continue;
				}
				names = xgrow(names, sizeof(*names), n + 2,
					      &alloc);
				names[n++] = name;
			}
		}
	}
	if (!names)
		names = xcalloc(1, sizeof(*names));
	qsort(names, n, sizeof(*names), cmp_str);
	/* unique */
	for (i = 0, b = 0; i < n; i++) {
		if (b && !strcmp(names[b - 1], names[i])) {
			free(names[i]);
			continue;
		}
		names[b++] = names[i];
	}
	names[b] = NULL;
	return names;
}

void emit_names_free(char **names)
{
	size_t i;

	if (!names)
		return;
	for (i = 0; names[i]; i++)
		free(names[i]);
	free(names);
}

static uint32_t scmp_action(const struct action *a)
{
	switch (a->kind) {
	case ACTION_ALLOW: return SCMP_ACT_ALLOW;
	case ACTION_ERRNO: return SCMP_ACT_ERRNO(ENOSYS);
	case ACTION_KILL_THREAD: return SCMP_ACT_KILL_THREAD;
	case ACTION_TRAP: return SCMP_ACT_TRAP;
	case ACTION_LOG: return SCMP_ACT_LOG;
	case ACTION_TRACE: return SCMP_ACT_TRACE((uint16_t)a->data);
	case ACTION_NONE:
	case ACTION_KILL_PROCESS:
	case ACTION_NOTIFY:
		break;
	}
	return SCMP_ACT_KILL_PROCESS;
}

/* Syscall number to give libseccomp for name: its (pseudo) number, or the
 * native number of strace's syscall_0x... form; __NR_SCMP_ERROR if none. */
static int scmp_nr(const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR && !strncmp(name, "syscall_0x", 10)) {
		nr = syscall_resolve_name(arch_native(), name);
		if (nr < 0)
			nr = __NR_SCMP_ERROR;
	}
	return nr;
}

void *emit_seccomp_ctx(const struct emit_set *set)
{
	scmp_filter_ctx ctx = NULL;
	uint32_t native = arch_native();
	bool native_listed = !set->narches;
	char **eperm = NULL;
	size_t i;
	int rc;

	ctx = seccomp_init(scmp_action(&set->unlisted));
	if (!ctx) {
		error("cannot create a libseccomp filter");
		return NULL;
	}
	/* a call from an arch the filter does not admit kills the process,
	 * not only the thread (libseccomp's default) */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			      SCMP_ACT_KILL_PROCESS);
	if (rc < 0) {
		error("libseccomp cannot set the bad-arch action: %s",
		      strerror(-rc));
		goto fail;
	}
	for (i = 0; i < set->narches; i++) {
		if (set->arches[i] == native) {
			native_listed = true;
			continue;
		}
		rc = seccomp_arch_add(ctx, set->arches[i]);
		if (rc < 0 && rc != -EEXIST) {
			error("libseccomp cannot add architecture '%s': %s",
			      arch_name(set->arches[i]) ?
			      arch_name(set->arches[i]) : "?", strerror(-rc));
			goto fail;
		}
	}
	if (!native_listed) {
		rc = seccomp_arch_remove(ctx, native);
		if (rc < 0) {
			error("libseccomp cannot remove the native "
			      "architecture: %s", strerror(-rc));
			goto fail;
		}
	}
	for (i = 0; i < set->nitems; i++) {
		int nr = scmp_nr(set->items[i].syscall);
		uint8_t prio = (uint8_t)(i < 254 ? 255 - i : 1);

		if (nr == __NR_SCMP_ERROR)
			continue;
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (rc == 0)
			rc = seccomp_syscall_priority(ctx, nr, prio);
		if (rc == -ENOMEM) {
			error("out of memory building the filter");
			goto fail;
		}
	}
	if (set->unlisted.kind == ACTION_ERRNO) {
		uint16_t older = (uint16_t)(set->unlisted.data &&
					    set->unlisted.data != ENOSYS ?
					    set->unlisted.data : EPERM);

		eperm = emit_eperm_names(set);
		for (i = 0; eperm[i]; i++) {
			int nr = scmp_nr(eperm[i]);

			if (nr == __NR_SCMP_ERROR)
				continue;
			rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(older), nr,
					      0);
			if (rc == -ENOMEM) {
				error("out of memory building the filter");
				goto fail;
			}
		}
	}
	emit_names_free(eperm);
	return ctx;
fail:
	emit_names_free(eperm);
	seccomp_release(ctx);
	return NULL;
}
