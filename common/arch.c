/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arch.c - architectures, syscall names and errno names.
 *
 * Everything about syscalls comes from libseccomp: tokens (which equal the
 * kernel's AUDIT_ARCH_* values), names and numbers.  We only keep caches so
 * the hot paths (the tracer's flush, the importer's name lookups) do not
 * call into libseccomp's linear tables for every event.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"

/* libseccomp's arch vocabulary; tokens are resolved by libseccomp itself. */
static const char *const arch_names[] = {
	"x86_64", "x86", "x32", "aarch64", "arm", "mips", "mipsel", "mips64",
	"mipsel64", "mips64n32", "mipsel64n32", "ppc", "ppc64", "ppc64le",
	"s390", "s390x", "parisc", "parisc64", "riscv64", "loongarch64",
	"m68k", "sh", "sheb",
};

static uint32_t arch_tokens[ARRAY_SIZE(arch_names)];
static const char *arch_token_names[ARRAY_SIZE(arch_names)];
static size_t narch_tokens;

static void arch_table_init(void)
{
	size_t i;

	if (narch_tokens)
		return;
	for (i = 0; i < ARRAY_SIZE(arch_names); i++) {
		uint32_t t = seccomp_arch_resolve_name(arch_names[i]);

		if (!t)
			continue;
		arch_tokens[narch_tokens] = t;
		arch_token_names[narch_tokens] = arch_names[i];
		narch_tokens++;
	}
}

uint32_t arch_native(void)
{
	return seccomp_arch_native();
}

const char *arch_name(uint32_t token)
{
	size_t i;

	arch_table_init();
	for (i = 0; i < narch_tokens; i++)
		if (arch_tokens[i] == token)
			return arch_token_names[i];
	return NULL;
}

size_t arch_all(const uint32_t **tokens)
{
	arch_table_init();
	*tokens = arch_tokens;
	return narch_tokens;
}

uint32_t arch_from_name(const char *name)
{
	static const struct {
		const char *alias, *name;
	} aliases[] = {
		{ "i386", "x86" }, { "i686", "x86" }, { "amd64", "x86_64" },
		{ "arm64", "aarch64" }, { "native", NULL },
	};
	char low[64];
	const char *p = name;
	size_t i, n;
	char *end;
	unsigned long v;

	if (!name || !*name)
		return 0;
	/* SCMP_ARCH_X86_64 (OCI) and AUDIT_ARCH_X86_64 (strace, audit) */
	if (!strncmp(p, "SCMP_ARCH_", 10))
		p += 10;
	else if (!strncmp(p, "AUDIT_ARCH_", 11))
		p += 11;
	for (n = 0; p[n] && n < sizeof(low) - 1; n++)
		low[n] = (char)tolower((unsigned char)p[n]);
	low[n] = '\0';
	if (!strcmp(low, "i386") && p != name)
		strcpy(low, "x86");
	for (i = 0; i < ARRAY_SIZE(aliases); i++) {
		if (strcmp(low, aliases[i].alias))
			continue;
		if (!aliases[i].name)
			return arch_native();
		snprintf(low, sizeof(low), "%s", aliases[i].name);
	}
	arch_table_init();
	for (i = 0; i < narch_tokens; i++)
		if (!strcmp(arch_token_names[i], low))
			return arch_tokens[i];
	/* audit's arch=c000003e */
	errno = 0;
	v = strtoul(low, &end, 16);
	if (!errno && *end == '\0' && end != low && arch_name((uint32_t)v))
		return (uint32_t)v;
	return 0;
}

/* ------------------------------------------------------ name cache */

struct name_slot {
	uint32_t arch;
	int32_t nr;
	char *name; /* NULL: empty slot */
};

static struct name_slot *name_cache;
static size_t name_cache_cap, name_cache_count;

static size_t name_hash(uint32_t arch, int32_t nr)
{
	uint64_t h = ((uint64_t)arch << 32) ^ (uint32_t)nr;

	h *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 17);
}

static void name_cache_put(uint32_t arch, int32_t nr, char *name);

static void name_cache_grow(void)
{
	struct name_slot *old = name_cache;
	size_t oldcap = name_cache_cap, i;

	name_cache_cap = oldcap ? oldcap * 2 : 1024;
	name_cache = xcalloc(name_cache_cap, sizeof(*name_cache));
	name_cache_count = 0;
	for (i = 0; i < oldcap; i++)
		if (old[i].name)
			name_cache_put(old[i].arch, old[i].nr, old[i].name);
	free(old);
}

static void name_cache_put(uint32_t arch, int32_t nr, char *name)
{
	size_t i;

	if ((name_cache_count + 1) * 2 > name_cache_cap)
		name_cache_grow();
	i = name_hash(arch, nr) & (name_cache_cap - 1);
	while (name_cache[i].name)
		i = (i + 1) & (name_cache_cap - 1);
	name_cache[i].arch = arch;
	name_cache[i].nr = nr;
	name_cache[i].name = name;
	name_cache_count++;
}

static const char *name_cache_get(uint32_t arch, int32_t nr)
{
	size_t i;

	if (!name_cache_cap)
		return NULL;
	i = name_hash(arch, nr) & (name_cache_cap - 1);
	while (name_cache[i].name) {
		if (name_cache[i].arch == arch && name_cache[i].nr == nr)
			return name_cache[i].name;
		i = (i + 1) & (name_cache_cap - 1);
	}
	return NULL;
}

const char *syscall_name(uint32_t arch, int nr, char *buf)
{
	const char *cached = name_cache_get(arch, nr);
	char *name;

	if (!cached) {
		name = arch_name(arch) && nr >= 0 ?
			seccomp_syscall_resolve_num_arch(arch, nr) : NULL;
		if (!name)
			name = xasprintf("syscall_%#x", (unsigned)nr);
		name_cache_put(arch, nr, name);
		cached = name;
	}
	snprintf(buf, SYSCALL_NAME_MAX, "%s", cached);
	return buf;
}

int syscall_resolve_name(uint32_t arch, const char *name)
{
	int nr;

	if (!name || !*name)
		return -1;
	if (!strncmp(name, "syscall_0x", 10) && isxdigit((unsigned char)name[10])) {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(name + 10, &end, 16);
		if (errno || *end || v > INT32_MAX)
			return -1;
		return (int)v;
	}
	if (!arch_name(arch))
		return -1;
	nr = seccomp_syscall_resolve_name_arch(arch, name);
	if (nr < 0)
		return -1;
	return nr;
}

bool syscall_name_known(const char *name)
{
	const uint32_t *tokens;
	size_t n = arch_all(&tokens), i;

	for (i = 0; i < n; i++)
		if (seccomp_syscall_resolve_name_arch(tokens[i], name) !=
		    __NR_SCMP_ERROR)
			return true;
	return false;
}

/* ---------------------------------------------------------- errnos */

/* Kernel-internal restart codes that strace prints; not in libc. */
static const struct {
	int err;
	const char *name;
} kernel_errnos[] = {
	{ 512, "ERESTARTSYS" },	   { 513, "ERESTARTNOINTR" },
	{ 514, "ERESTARTNOHAND" }, { 515, "ENOIOCTLCMD" },
	{ 516, "ERESTART_RESTARTBLOCK" }, { 517, "EPROBE_DEFER" },
	{ 518, "EOPENSTALLED" },   { 519, "ENOPARAM" },
	{ 521, "EBADHANDLE" },	   { 522, "ENOTSYNC" },
	{ 523, "EBADCOOKIE" },	   { 524, "ENOTSUPP" },
	{ 525, "ETOOSMALL" },	   { 526, "ESERVERFAULT" },
	{ 527, "EBADTYPE" },	   { 528, "EJUKEBOX" },
	{ 529, "EIOCBQUEUED" },	   { 530, "ERECALLCONFLICT" },
};

const char *errno_name(int err, char buf[ERRNO_NAME_MAX])
{
	size_t i;
	const char *n = NULL;

#ifdef HAVE_STRERRORNAME_NP
	if (err > 0 && err < 512)
		n = strerrorname_np(err);
#endif
	for (i = 0; !n && i < ARRAY_SIZE(kernel_errnos); i++)
		if (kernel_errnos[i].err == err)
			n = kernel_errnos[i].name;
	if (n)
		snprintf(buf, ERRNO_NAME_MAX, "%s", n);
	else
		snprintf(buf, ERRNO_NAME_MAX, "E%d", err);
	return buf;
}

int errno_from_name(const char *name)
{
	static const char *names[512];
	static bool built;
	size_t i;

	if (!name || name[0] != 'E')
		return -1;
	if (!built) {
#ifdef HAVE_STRERRORNAME_NP
		for (i = 1; i < ARRAY_SIZE(names); i++)
			names[i] = strerrorname_np((int)i);
#endif
		built = true;
	}
	for (i = 1; i < ARRAY_SIZE(names); i++)
		if (names[i] && !strcmp(names[i], name))
			return (int)i;
	/* aliases glibc does not name */
	if (!strcmp(name, "EWOULDBLOCK"))
		return EAGAIN;
	if (!strcmp(name, "EDEADLOCK"))
		return EDEADLK;
	if (!strcmp(name, "ENOTSUP"))
		return EOPNOTSUPP;
	for (i = 0; i < ARRAY_SIZE(kernel_errnos); i++)
		if (!strcmp(kernel_errnos[i].name, name))
			return kernel_errnos[i].err;
	if (name[1] >= '0' && name[1] <= '9')
		return atoi(name + 1);
	return -1;
}

int64_t time_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t time_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
