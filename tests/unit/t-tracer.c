/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-tracer.c - unit tests of tracer/ pieces that need no tracee: the
 * pre-exec filter (loaded for real in a child), the control socket path,
 * phase names, and a mark round trip through the control socket.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "tracer/tracer-int.h"
#include "tracer/tracer.h"

static void test_phase_names(void **state)
{
	char big[300];

	(void)state;
	assert_true(tracer_phase_name_ok("startup"));
	assert_true(tracer_phase_name_ok("error path"));
	assert_true(tracer_phase_name_ok("after-SIGHUP"));
	assert_false(tracer_phase_name_ok(""));
	assert_false(tracer_phase_name_ok("a\nb"));
	assert_false(tracer_phase_name_ok("tab\there"));
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_false(tracer_phase_name_ok(big));
	big[200] = '\0';
	assert_true(tracer_phase_name_ok(big));
}

/* the socket is in the user's private directory, under a hashed name:
 * never next to the database, never a predictable /tmp name */
static void test_control_path(void **state)
{
	struct sockaddr_un sa;
	char big[400], xdg[] = "/tmp/t-tracer-xdg.XXXXXX", *p, *q, *want;

	(void)state;
	unsetenv("XDG_RUNTIME_DIR");
	p = tracer_control_path("some.db");
	want = xasprintf("/tmp/syscensus-%lu/", (unsigned long)geteuid());
	assert_int_equal(strncmp(p, want, strlen(want)), 0);
	assert_string_equal(p + strlen(p) - 4, ".ctl");
	assert_null(strstr(p, "some.db"));
	free(p);

	/* long paths: stable, distinct, fit in sun_path */
	memset(big, 'd', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "/nonexistent/", 13);
	p = tracer_control_path(big);
	q = tracer_control_path(big);
	assert_string_equal(p, q);
	assert_true(strlen(p) < sizeof(sa.sun_path));
	assert_int_equal(strncmp(p, want, strlen(want)), 0);
	free(q);
	big[20] = 'e';
	q = tracer_control_path(big);
	assert_string_not_equal(p, q);
	free(q);
	free(p);
	free(want);

	/* $XDG_RUNTIME_DIR when it is a directory of ours, else /tmp */
	setenv("XDG_RUNTIME_DIR", "/run/user/nonexistent-12345", 1);
	p = tracer_control_path(big);
	assert_int_equal(strncmp(p, "/tmp/syscensus-", 15), 0);
	free(p);
	assert_non_null(mkdtemp(xdg));
	setenv("XDG_RUNTIME_DIR", xdg, 1);
	p = tracer_control_path(big);
	want = xasprintf("%s/syscensus/", xdg);
	assert_int_equal(strncmp(p, want, strlen(want)), 0);
	assert_int_equal(tracer_control_dir_prepare(p), 0);
	free(want);
	want = xasprintf("%s/syscensus", xdg);
	assert_int_equal(rmdir(want), 0);
	free(want);
	free(p);
	rmdir(xdg);
	unsetenv("XDG_RUNTIME_DIR");
}

/* the directory is refused unless a directory of ours that others
 * cannot use */
static void test_control_dir_private(void **state)
{
	char dir[] = "/tmp/t-tracer-dir.XXXXXX", *sub, *sock, *lnk;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sub = xasprintf("%s/sub", dir);
	sock = xasprintf("%s/sub/x.ctl", dir);
	lnk = xasprintf("%s/lnk", dir);
	assert_int_equal(tracer_control_dir_prepare(sock), 0);
	assert_int_equal(chmod(sub, 0755), 0);
	assert_int_equal(tracer_control_dir_prepare(sock), -1);
	assert_int_equal(chmod(sub, 0700), 0);
	assert_int_equal(tracer_control_dir_prepare(sock), 0);
	if (geteuid() == 0) {
		assert_int_equal(chown(sub, 65534, 65534), 0);
		assert_int_equal(tracer_control_dir_prepare(sock), -1);
	}
	assert_int_equal(symlink("sub", lnk), 0);
	free(sock);
	sock = xasprintf("%s/lnk/x.ctl", dir);
	assert_int_equal(tracer_control_dir_prepare(sock), -1);
	unlink(lnk);
	rmdir(sub);
	rmdir(dir);
	free(sock);
	free(sub);
	free(lnk);
}

/* record computes the path before its database exists: the same path
 * `mark` computes once it does, through a symlinked directory too */
static void test_control_path_before_create(void **state)
{
	char dir[] = "/tmp/t-tracer.XXXXXX", *real, *link, *db, *p, *q;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	real = xasprintf("%s/real", dir);
	link = xasprintf("%s/link", dir);
	db = xasprintf("%s/x.db", link);
	assert_int_equal(mkdir(real, 0700), 0);
	assert_int_equal(symlink("real", link), 0);
	p = tracer_control_path(db);
	fd = open(db, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	q = tracer_control_path(db);
	assert_string_equal(p, q);
	free(p);
	p = xasprintf("%s/x.db", real);
	free(q);
	q = tracer_control_path(p); /* the real directory's: the same */
	free(p);
	p = tracer_control_path(db);
	assert_string_equal(p, q);
	unlink(db);
	unlink(link);
	rmdir(real);
	rmdir(dir);
	free(p);
	free(q);
	free(db);
	free(link);
	free(real);
}

static void test_filter_shape(void **state)
{
	struct sock_filter *prog = NULL;
	int allow[] = { 39, 110 };
	int *many;
	size_t len = 0;

	(void)state;
	assert_int_equal(tracer_filter_build(arch_native(), NULL, 0,
					     SECCOMP_RET_TRACE, &prog, &len), 0);
	assert_true(len >= 5);
	/* first: load the arch; last: the default action */
	assert_int_equal(prog[0].code, BPF_LD | BPF_W | BPF_ABS);
	assert_int_equal(prog[0].k, offsetof(struct seccomp_data, arch));
	assert_int_equal(prog[len - 1].code, BPF_RET | BPF_K);
	assert_int_equal(prog[len - 1].k, SECCOMP_RET_TRACE);
	free(prog);

	assert_int_equal(tracer_filter_build(arch_native(), allow, 2,
					     SECCOMP_RET_TRACE, &prog, &len), 0);
	free(prog);

	many = calloc(5000, sizeof(*many));
	assert_int_equal(tracer_filter_build(arch_native(), many, 5000,
					     SECCOMP_RET_TRACE, &prog, &len),
			 -1);
	free(many);
}

/* Load a filter allowing everything but getppid for real, in a child. */
static void test_filter_loaded(void **state)
{
	struct sock_filter *prog = NULL;
	struct sock_fprog fprog;
	int allow[600], n = 0, nr, status;
	int getppid_nr = syscall_resolve_name(arch_native(), "getppid");
	size_t len;
	pid_t pid;

	(void)state;
	for (nr = 0; nr < 600; nr++)
		if (nr != getppid_nr)
			allow[n++] = nr;
	assert_int_equal(tracer_filter_build(arch_native(), allow, (size_t)n,
					     SECCOMP_RET_ERRNO | EPERM, &prog,
					     &len), 0);
	fprog.len = (unsigned short)len;
	fprog.filter = prog;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) < 0)
			_exit(42); /* seccomp unavailable: not a failure */
		if (syscall(SYS_getppid) != -1 || errno != EPERM)
			_exit(1);
		if (syscall(SYS_getpid) != getpid())
			_exit(2);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) != 42)
		assert_int_equal(WEXITSTATUS(status), 0);
	free(prog);
}

struct mark_req {
	const char *path;
	int rc;
};

static void *mark_thread(void *arg)
{
	struct mark_req *r = arg;

	r->rc = tracer_mark(r->path, "steady state");
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void test_control_roundtrip(void **state)
{
	char dir[] = "/tmp/t-tracer-XXXXXX", *path;
	struct mark_req r = { 0 };
	struct control *c;
	const char *name = NULL;
	pthread_t th;
	int i;

	(void)state;
	signal(SIGUSR1, on_usr1);
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/db.ctl", dir);
	assert_int_equal(tracer_mark(path, "x"), -2);
	c = control_start(path);
	assert_non_null(c);
	assert_null(control_pending(c));
	r.path = path;
	assert_int_equal(pthread_create(&th, NULL, mark_thread, &r), 0);
	for (i = 0; i < 500 && !(name = control_pending(c)); i++) {
		struct timespec ts = { 0, 10000000 };

		nanosleep(&ts, NULL);
	}
	assert_non_null(name);
	assert_string_equal(name, "steady state");
	control_ack(c, true);
	pthread_join(th, NULL);
	assert_int_equal(r.rc, 0);
	control_stop(c);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
	rmdir(dir);
}

static void test_have_stacks(void **state)
{
	(void)state;
#ifdef HAVE_LIBDW
	assert_true(tracer_have_stacks());
#else
	assert_false(tracer_have_stacks());
#endif
}

/*
 * A W+X mapping's protection: argument 2 of mmap, mmap2, mprotect, but
 * i386's and s390's "mmap" is old_mmap, whose one argument points to its
 * six arguments in the tracee's memory (read here from this process).
 */
static void test_old_mmap_prot(void **state)
{
	uint32_t a32[6] = { 0, 4096, PROT_WRITE | PROT_EXEC, MAP_PRIVATE,
			    0xffffffffu, 0 };
	uint64_t a64[6] = { 0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE,
			    ~0ull, 0 };
	uint64_t args[6] = { 0, 4096, PROT_READ, 0, 0, 0 }, prot = 0;
	const struct sysprop *mmap_p = sysprop_find(AUDIT_ARCH_X86_64_, "mmap");
	const struct sysprop *mprotect_p =
		sysprop_find(AUDIT_ARCH_X86_64_, "mprotect");
	pid_t me = getpid();

	(void)state;
	assert_non_null(mmap_p);
	assert_non_null(mprotect_p);
	/* x86_64: argument 2 */
	assert_true(fact_prot(me, AUDIT_ARCH_X86_64_, mmap_p, args, &prot));
	assert_int_equal(prot, PROT_READ);
	/* i386 mprotect takes its arguments as usual */
	assert_true(fact_prot(me, AUDIT_ARCH_I386_, mprotect_p, args, &prot));
	assert_int_equal(prot, PROT_READ);
	/* the rest reads memory: this process's, unless the kernel (or a
	 * container's filter) refuses process_vm_readv and ptrace even so */
	if (tracee_read_mem(me, (uint64_t)(uintptr_t)a32, &prot,
			    sizeof(uint32_t)) < 0) {
		print_message("process_vm_readv of this process refused: %s\n",
			      strerror(errno));
		skip();
	}
	/* i386 mmap: the third of six 32-bit words at argument 0 */
	args[0] = (uint64_t)(uintptr_t)a32;
	assert_true(fact_prot(me, AUDIT_ARCH_I386_, mmap_p, args, &prot));
	assert_int_equal(prot, PROT_WRITE | PROT_EXEC);
	assert_true(fact_prot(me, AUDIT_ARCH_S390_, mmap_p, args, &prot));
	assert_int_equal(prot, PROT_WRITE | PROT_EXEC);
	/* s390x mmap: the same with 64-bit words */
	args[0] = (uint64_t)(uintptr_t)a64;
	assert_true(fact_prot(me, AUDIT_ARCH_S390X_, mmap_p, args, &prot));
	assert_int_equal(prot, PROT_READ | PROT_EXEC);
	/* an unreadable pointer is no fact, not a wrong one */
	args[0] = 8;
	assert_false(fact_prot(me, AUDIT_ARCH_I386_, mmap_p, args, &prot));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phase_names),
		cmocka_unit_test(test_control_path),
		cmocka_unit_test(test_control_path_before_create),
		cmocka_unit_test(test_control_dir_private),
		cmocka_unit_test(test_filter_shape),
		cmocka_unit_test(test_filter_loaded),
		cmocka_unit_test(test_control_roundtrip),
		cmocka_unit_test(test_have_stacks),
		cmocka_unit_test(test_old_mmap_prot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
