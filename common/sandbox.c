/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sandbox.c - the mechanics of self-confinement (see sandbox.h): a SIGSYS
 * handler that names the syscall, PR_SET_NO_NEW_PRIVS, a Landlock ruleset
 * applied with the raw syscalls (glibc has no wrappers), and a seccomp
 * allowlist that libseccomp builds from the compiled-in self policy.
 *
 * Why SECCOMP_RET_TRAP and not SECCOMP_RET_KILL_PROCESS: a kill prints
 * nothing but the shell's "Bad system call".  TRAP delivers SIGSYS to the
 * thread; our handler writes one line with write(2) and ends the whole
 * process with _exit(2) (exit_group).  Kill-process semantics hold:
 *  - the handler never returns, so the denied call never "fails" into
 *    code that could go on;
 *  - SIGSYS is unblocked before the filter is loaded, and blocked inside
 *    the handler (no SA_NODEFER): if the handler's own write were denied,
 *    or the code had blocked or ignored SIGSYS, the kernel's
 *    force_sig_seccomp() resets SIGSYS to its default action and the
 *    process dies at once (kill, core) - never a denied call that goes on;
 *  - the filter is synchronised to every thread (TSYNC) and _exit ends
 *    all of them.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"
#include "sandbox.h"

int (*sandbox_test_hook)(const char *where);

const char *const sandbox_self_policy[] = {
#include "self-policy.h"
    NULL,
};

/* Landlock constants newer than the installed <linux/landlock.h>. */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#define SBX_NET_BIND_TCP	(1ULL << 0)
#define SBX_NET_CONNECT_TCP	(1ULL << 1)
#define SBX_SCOPE_ABSTRACT_UNIX (1ULL << 0)
#define SBX_SCOPE_SIGNAL	(1ULL << 1)

/* landlock_ruleset_attr as of ABI 6; its size tells the kernel which
 * fields we know. */
struct sbx_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

#define FS_FILE_RIGHTS                                                         \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |          \
	 LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE |          \
	 LANDLOCK_ACCESS_FS_IOCTL_DEV)

struct sbx_path {
	char *path;
	unsigned what;
};

struct sandbox {
	char *cmd;
	struct sbx_path *paths;
	size_t npaths, apaths;
};

/* --------------------------------------------------------- build check */

#if defined(__SANITIZE_ADDRESS__)
#define SBX_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) ||                                        \
    __has_feature(undefined_behavior_sanitizer)
#define SBX_SANITIZED 1
#endif
#endif

const char *sandbox_build_off(void)
{
#ifdef SBX_SANITIZED
	/* ASan/UBSan make their own syscalls (mmap flavours, sigaltstack,
	 * readlink of /proc/self/exe, their reports) that the recorded
	 * policy of a normal build does not cover. */
	return "a sanitizer build (ASan/UBSan make syscalls the recorded "
	       "policy does not cover)";
#else
	return NULL;
#endif
}

/* ---------------------------------------------------------- the ruleset */

struct sandbox *sandbox_new(const char *cmd)
{
	struct sandbox *sb = xcalloc(1, sizeof(*sb));

	sb->cmd = xstrdup(cmd);
	return sb;
}

void sandbox_free(struct sandbox *sb)
{
	size_t i;

	if (!sb)
		return;
	for (i = 0; i < sb->npaths; i++)
		free(sb->paths[i].path);
	free(sb->paths);
	free(sb->cmd);
	free(sb);
}

void sandbox_allow(struct sandbox *sb, const char *path, unsigned what)
{
	if (!path || !*path)
		return;
	sb->paths =
	    xgrow(sb->paths, sizeof(*sb->paths), sb->npaths + 1, &sb->apaths);
	sb->paths[sb->npaths].path = xstrdup(path);
	sb->paths[sb->npaths].what = what;
	sb->npaths++;
}

static int landlock_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0,
			 LANDLOCK_CREATE_RULESET_VERSION);

	return v < 0 ? -errno : (int)v;
}

static uint64_t fs_handled(int abi)
{
	uint64_t a = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1; /* ABI 1 */

	if (abi >= 2)
		a |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		a |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		a |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return a;
}

static uint64_t fs_access(unsigned what)
{
	uint64_t a = 0;

	if (what & SANDBOX_READ)
		a |= LANDLOCK_ACCESS_FS_READ_FILE;
	if (what & SANDBOX_LIST)
		a |= LANDLOCK_ACCESS_FS_READ_DIR;
	if (what & SANDBOX_MKDIR)
		a |= LANDLOCK_ACCESS_FS_MAKE_DIR;
	if (what & SANDBOX_WRITE)
		a |=
		    LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE;
	if (what & SANDBOX_CREATE)
		a |= LANDLOCK_ACCESS_FS_MAKE_REG |
		     LANDLOCK_ACCESS_FS_REMOVE_FILE;
	if (what & SANDBOX_EXEC)
		a |= LANDLOCK_ACCESS_FS_EXECUTE;
	return a;
}

/* Apply the Landlock ruleset: 0, or a negative errno (nothing applied). */
static int landlock_apply(const struct sandbox *sb, int abi)
{
	struct sbx_ruleset_attr attr = {0};
	size_t size = sizeof(attr.handled_access_fs);
	int rfd, ret = 0;
	size_t i;

	attr.handled_access_fs = fs_handled(abi);
	if (abi >= 4) {
		/* no TCP at all: syscensus never uses the network */
		attr.handled_access_net =
		    SBX_NET_BIND_TCP | SBX_NET_CONNECT_TCP;
		size = offsetof(struct sbx_ruleset_attr, scoped);
	}
	if (abi >= 6) {
		attr.scoped = SBX_SCOPE_ABSTRACT_UNIX | SBX_SCOPE_SIGNAL;
		size = sizeof(attr);
	}
	rfd = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0U);
	if (rfd < 0)
		return -errno;
	for (i = 0; i < sb->npaths; i++) {
		struct landlock_path_beneath_attr pb = {0};
		struct stat st;
		int fd = open(sb->paths[i].path, O_PATH | O_CLOEXEC);

		if (fd < 0)
			continue; /* the command says so when it opens it */
		pb.parent_fd = fd;
		pb.allowed_access =
		    fs_access(sb->paths[i].what) & attr.handled_access_fs;
		if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
			pb.allowed_access &= FS_FILE_RIGHTS;
		if (pb.allowed_access &&
		    syscall(SYS_landlock_add_rule, rfd,
			    LANDLOCK_RULE_PATH_BENEATH, &pb, 0U) < 0)
			ret = -errno;
		close(fd);
		if (ret < 0)
			goto out;
	}
	if (syscall(SYS_landlock_restrict_self, rfd, 0U) < 0)
		ret = -errno;
out:
	close(rfd);
	return ret;
}

/* ------------------------------------------------------------- SIGSYS */

/* Filled before the filter is loaded: the handler may not allocate. */
#define SBX_MAX_NR 1024
static const char *sbx_names[SBX_MAX_NR];
static char sbx_cmd[64];

static size_t put_str(char *buf, size_t off, size_t cap, const char *s)
{
	while (*s && off + 1 < cap)
		buf[off++] = *s++;
	return off;
}

static size_t put_num(char *buf, size_t off, size_t cap, long v)
{
	char d[24];
	size_t n = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		d[n++] = '-';
	while (n && off + 1 < cap)
		buf[off++] = d[--n];
	return off;
}

/* Async-signal-safe: only write(2) and _exit(2) (see the top of file). */
static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	char buf[256];
	size_t n = 0;
	int nr = si->si_syscall;
	const char *name = nr >= 0 && nr < SBX_MAX_NR && sbx_names[nr]
			       ? sbx_names[nr]
			       : "unknown";
	ssize_t w ATTR_UNUSED;

	(void)sig;
	(void)uc;
	n = put_str(buf, n, sizeof(buf),
		    "syscensus was stopped by its own "
		    "sandbox: syscall ");
	n = put_num(buf, n, sizeof(buf), nr);
	n = put_str(buf, n, sizeof(buf), " (");
	n = put_str(buf, n, sizeof(buf), name);
	n = put_str(buf, n, sizeof(buf), ") in `");
	n = put_str(buf, n, sizeof(buf), sbx_cmd);
	n = put_str(buf, n, sizeof(buf), "`; please report this\n");
	w = write(STDERR_FILENO, buf, n);
	_exit(128 + SIGSYS);
}

static int sigsys_install(const char *cmd)
{
	struct sigaction sa;
	sigset_t set;
	int nr;

	snprintf(sbx_cmd, sizeof(sbx_cmd), "%s", cmd);
	for (nr = 0; nr < SBX_MAX_NR; nr++) {
		char *s =
		    seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);

		sbx_names[nr] = s; /* kept for the life of the process */
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0)
		return -errno;
	sigemptyset(&set);
	sigaddset(&set, SIGSYS);
	return -pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/* ------------------------------------------------------------ seccomp */

/* Load the allowlist on every thread: 0, or a negative errno. */
static int seccomp_apply(void)
{
	/* the handler's own calls, whatever the recording saw */
	static const char *const always[] = {"write", "exit_group", NULL};
	const char *const *lists[] = {sandbox_self_policy, always};
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRAP);
	size_t l;
	int rc;

	if (!ctx)
		return -ENOMEM;
	for (l = 0; l < ARRAY_SIZE(lists); l++) {
		const char *const *n;

		for (n = lists[l]; *n; n++) {
			int nr = seccomp_syscall_resolve_name(*n);

			/* a name this architecture lacks is no rule */
			if (nr == __NR_SCMP_ERROR || nr < 0)
				continue;
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
			if (rc < 0 && rc != -EEXIST)
				goto out;
		}
	}
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	/* another architecture's syscall (int 0x80) ends the process too */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
				      SCMP_ACT_KILL_PROCESS);
	if (rc == 0)
		rc = seccomp_load(ctx);
out:
	seccomp_release(ctx);
	return rc;
}

/* ----------------------------------------------------------- together */

/* One line on stderr, asked for with -v: printed even with -q. */
static void ATTR_PRINTF(1, 2) sbx_note(const char *fmt, ...)
{
	va_list ap;

	fputs("syscensus: sandbox: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int sandbox_apply(struct sandbox *sb, bool verbose)
{
	int layers = 0, abi, rc;

	if (sandbox_build_off()) {
		if (verbose)
			sbx_note("off in %s", sandbox_build_off());
		return 0;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		if (verbose)
			sbx_note("no confinement (PR_SET_NO_NEW_PRIVS: "
				 "%s)",
				 strerror(errno));
		return 0;
	}
	layers++;
	abi = landlock_abi();
	if (abi < 0) {
		if (verbose)
			sbx_note("no Landlock in this kernel (%s): "
				 "seccomp only",
				 strerror(-abi));
	} else if ((rc = landlock_apply(sb, abi)) < 0) {
		if (verbose)
			sbx_note("Landlock ruleset refused (%s): seccomp "
				 "only",
				 strerror(-rc));
	} else {
		layers++;
	}
	rc = sigsys_install(sb->cmd);
	if (rc == 0)
		rc = seccomp_apply();
	if (rc < 0) {
		if (verbose)
			sbx_note("no seccomp filter (%s)", strerror(-rc));
	} else {
		layers++;
	}
	return layers;
}

void sandbox_describe(FILE *f)
{
	int abi = landlock_abi();
	long sc = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	size_t n = 0;

	while (sandbox_self_policy[n])
		n++;
	if (sandbox_build_off()) {
		fprintf(f, "sandbox: off: %s\n", sandbox_build_off());
		return;
	}
	fprintf(f, "sandbox: import, diff, check, emit, report, lint, merge "
		   "and scan run confined (--no-sandbox or "
		   "SYSCENSUS_NO_SANDBOX=1 to turn off)\n");
	fprintf(f, "  no-new-privs: yes\n");
	if (abi < 0)
		fprintf(f, "  landlock: no (%s)\n", strerror(-abi));
	else
		fprintf(f, "  landlock: ABI %d (files%s%s)\n", abi,
			abi >= 4 ? ", no TCP" : "",
			abi >= 6 ? ", scoped signals and abstract sockets"
				 : "");
	fprintf(f,
		"  seccomp: %s, %zu syscalls allowed "
		"(data/self-policy.list), others stop the process\n",
		sc < 0 ? "no (the kernel has no seccomp)" : "filter", n);
}
