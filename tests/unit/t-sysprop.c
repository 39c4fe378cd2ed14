/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-sysprop.c - unit tests of the syscall property table
 * (common/sysprop.c): every name is libseccomp's, the path calls on
 * x86_64 are exactly those the pathcalls tracee makes (so t1401 covers
 * each), and so are the calls of the path census, whose one wording is
 * sysprop_access_how(); per-arch entries override the generic one.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <sys/mman.h>

#include "common/sysprop.h"
#include "tests/tracees/pathcalls-list.h"

static void test_names_known(void **state)
{
	const struct sysprop *p;
	size_t it = 0, n = 0;

	(void)state;
	/* arch 0: every generic entry */
	while ((p = sysprop_next(0, &it))) {
		if (!syscall_name_known(p->name))
			fail_msg("%s: not a libseccomp syscall name", p->name);
		n++;
	}
	assert_true(n > 100);
}

/* The x86_64 entries for which has() holds that the pathcalls tracee
 * makes (fails on one it does not: what says what they have); returns
 * how many there are. */
static size_t tracee_makes(bool (*has)(const struct sysprop *),
			   const char *what)
{
	static const char *const listed[] = { PATHCALLS_X86_64,
					      ACCESSCALLS_X86_64 };
	uint32_t x86_64 = arch_from_name("x86_64");
	const struct sysprop *p;
	size_t it = 0, i, n = 0;

	while ((p = sysprop_next(x86_64, &it))) {
		if (!has(p) || syscall_resolve_name(x86_64, p->name) < 0)
			continue;
		for (i = 0; i < ARRAY_SIZE(listed); i++)
			if (!strcmp(listed[i], p->name))
				break;
		if (i == ARRAY_SIZE(listed))
			fail_msg("%s has %s but the pathcalls tracee does not "
				 "make it", p->name, what);
		n++;
	}
	return n;
}

static bool has_path(const struct sysprop *p)
{
	return p->path[0] >= 0;
}

static bool has_access(const struct sysprop *p)
{
	return p->access != SYSPROP_ACC_NONE;
}

static void test_path_calls_tested(void **state)
{
	static const char *const listed[] = { PATHCALLS_X86_64 };
	uint32_t x86_64 = arch_from_name("x86_64");
	const struct sysprop *p;
	size_t i;

	(void)state;
	assert_int_equal(tracee_makes(has_path, "a path argument"),
			 ARRAY_SIZE(listed));
	for (i = 0; i < ARRAY_SIZE(listed); i++) {
		p = sysprop_find(x86_64, listed[i]);
		assert_non_null(p);
		assert_true(p->path[0] >= 0);
	}
}

/* Every call with an access kind (the path census) is made by the
 * pathcalls tracee, so t1401 compares its facts, record and import. */
static void test_access_calls_tested(void **state)
{
	(void)state;
	assert_int_equal(tracee_makes(has_access, "an access kind"), 25);
}

/* The one wording of the census (the tracer and the importer use it). */
static void test_access_how(void **state)
{
	char buf[48];

	(void)state;
	assert_string_equal(sysprop_access_how(SYSPROP_ACC_OPEN, O_RDONLY,
					       buf, sizeof(buf)), "read");
	assert_string_equal(sysprop_access_how(SYSPROP_ACC_OPEN,
					       O_WRONLY | O_CREAT | O_TRUNC,
					       buf, sizeof(buf)),
			    "write+create+trunc");
	/* O_TRUNC on a read-only open truncates nothing */
	assert_string_equal(sysprop_access_how(SYSPROP_ACC_OPENHOW,
					       O_RDONLY | O_TRUNC, buf,
					       sizeof(buf)), "read");
	assert_string_equal(sysprop_access_how(SYSPROP_ACC_OPEN,
					       O_RDONLY | O_DIRECTORY, buf,
					       sizeof(buf)), "listdir");
	assert_null(sysprop_access_how(SYSPROP_ACC_OPEN, O_PATH, buf,
				       sizeof(buf)));
	assert_string_equal(sysprop_access_how(SYSPROP_ACC_UNLINKAT,
					       AT_REMOVEDIR, NULL, 0), "rmdir");
	assert_string_equal(sysprop_access_how(SYSPROP_ACC_UNLINKAT, 0, NULL,
					       0), "unlink");
	assert_string_equal(sysprop_access_how(SYSPROP_ACC_MKNOD, 0, NULL, 0),
			    "mknod");
	assert_string_equal(sysprop_access_how(SYSPROP_ACC_PROT,
					       PROT_WRITE | PROT_EXEC, NULL,
					       0), "wx-map");
	assert_null(sysprop_access_how(SYSPROP_ACC_PROT,
				       PROT_READ | PROT_EXEC, NULL, 0));
	assert_null(sysprop_access_how(SYSPROP_ACC_NONE, 0, NULL, 0));
	assert_null(sysprop_access_how(200, 0, NULL, 0));
	/* the table: mknod is in the census, exec too; link is not */
	assert_int_equal(sysprop_find(0, "mknod")->access, SYSPROP_ACC_MKNOD);
	assert_int_equal(sysprop_find(0, "execveat")->access,
			 SYSPROP_ACC_EXEC);
	assert_int_equal(sysprop_find(0, "sendmmsg")->access,
			 SYSPROP_ACC_SEND);
	assert_int_equal(sysprop_find(0, "link")->access, SYSPROP_ACC_NONE);
	assert_int_equal(sysprop_find(0, "openat")->acc_arg, 2);
}

static void test_properties(void **state)
{
	uint32_t x86_64 = arch_from_name("x86_64");
	uint32_t s390x = arch_from_name("s390x");
	const struct sysprop *p;
	size_t it = 0, clones = 0;

	(void)state;
	p = sysprop_find(x86_64, "rename");
	assert_int_equal(p->path[0], 0);
	assert_int_equal(p->path[1], 1);
	assert_int_equal(sysprop_npaths(p), 2);
	p = sysprop_find(x86_64, "renameat2");
	assert_int_equal(p->dirfd, 0);
	assert_int_equal(p->path[1], 3);
	p = sysprop_find(x86_64, "execveat");
	assert_true(p->flags & SYSPROP_EXEC);
	assert_int_equal(p->path[0], 1);
	p = sysprop_find(x86_64, "sendto");
	assert_int_equal(p->sock, SYSPROP_SOCK_ADDR);
	assert_int_equal(p->sock_arg, 4);
	assert_int_equal(p->sock_len, 5);
	assert_int_equal(sysprop_find(0, "sendmsg")->sock, SYSPROP_SOCK_MSG);
	assert_true(sysprop_find(0, "exit_group")->flags & SYSPROP_NORETURN);
	assert_true(sysprop_find(0, "getpid")->flags & SYSPROP_NOFAIL);
	assert_true(sysprop_find(0, "rt_sigaction")->flags &
		    SYSPROP_SIGHANDLER);
	assert_true(sysprop_find(0, "accept4")->flags & SYSPROP_FD);
	assert_true(sysprop_find(0, "clone3")->flags & SYSPROP_CLONEFLAGS);
	assert_null(sysprop_find(0, "clone3")->darg.syscall);
	assert_null(sysprop_find(0, "read"));
	/* decisive arguments, through consts.c's API too */
	assert_int_equal(sysprop_find(x86_64, "ioctl")->darg.index, 1);
	assert_ptr_equal(decisive_arg_find("socket"),
			 &sysprop_find(0, "socket")->darg);
	/* s390's clone takes its flags second: an entry of its own */
	assert_int_equal(sysprop_find(x86_64, "clone")->darg.index, 0);
	assert_non_null(s390x);
	assert_int_equal(sysprop_find(s390x, "clone")->darg.index, 1);
	while ((p = sysprop_next(s390x, &it)))
		if (!strcmp(p->name, "clone")) {
			assert_int_equal(p->darg.index, 1);
			clones++;
		}
	assert_int_equal(clones, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_known),
		cmocka_unit_test(test_path_calls_tested),
		cmocka_unit_test(test_access_calls_tested),
		cmocka_unit_test(test_access_how),
		cmocka_unit_test(test_properties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
