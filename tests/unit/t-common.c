/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-common.c - unit tests of common/: strbuf, arch and syscall names from
 * libseccomp, errno names, the aggregator and the store.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "common/common.h"
#include "analyzer/policy/policy.h"
#include "common/store-int.h" /* the store's own rows, and its walker */

static void test_strbuf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	(void)state;
	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "abc");
	strbuf_addf(&sb, "%d-%s", 42, "x");
	strbuf_addch(&sb, ' ');
	assert_string_equal(sb.buf, "abc42-x ");
	strbuf_rtrim(&sb);
	assert_int_equal(sb.len, 7);
	for (int i = 0; i < 1000; i++)
		strbuf_addstr(&sb, "0123456789");
	assert_int_equal(sb.len, 10007);
	s = strbuf_detach(&sb, NULL);
	assert_string_equal(sb.buf, "");
	free(s);
}

static void test_arch_names(void **state)
{
	uint32_t x86_64 = arch_from_name("x86_64");

	(void)state;
	assert_true(x86_64 != 0);
	assert_int_equal(arch_from_name("SCMP_ARCH_X86_64"), x86_64);
	assert_int_equal(arch_from_name("AUDIT_ARCH_X86_64"), x86_64);
	assert_int_equal(arch_from_name("c000003e"), x86_64);
	assert_int_equal(arch_from_name("i386"), arch_from_name("x86"));
	assert_int_equal(arch_from_name("AUDIT_ARCH_I386"),
			 arch_from_name("x86"));
	assert_string_equal(arch_name(arch_from_name("40000003")), "x86");
	assert_int_equal(arch_from_name("pdp11"), 0);
	assert_string_equal(arch_name(x86_64), "x86_64");
}

static void test_syscall_names(void **state)
{
	uint32_t x86_64 = arch_from_name("x86_64");
	uint32_t x86 = arch_from_name("x86");
	uint32_t aarch64 = arch_from_name("aarch64");
	char buf[SYSCALL_NAME_MAX];

	(void)state;
	assert_int_equal(syscall_resolve_name(x86_64, "read"), 0);
	assert_int_equal(syscall_resolve_name(x86_64, "openat"), 257);
	assert_int_equal(syscall_resolve_name(x86, "exit"), 1);
	/* aarch64 has no open(2): a pseudo-number is not a number */
	assert_int_equal(syscall_resolve_name(aarch64, "open"), -1);
	assert_int_equal(syscall_resolve_name(x86_64, "nosuchcall"), -1);
	assert_int_equal(syscall_resolve_name(x86_64, "syscall_0x3e7"), 999);
	assert_string_equal(syscall_name(x86_64, 257, buf), "openat");
	assert_string_equal(syscall_name(x86, 1, buf), "exit");
	assert_string_equal(syscall_name(x86_64, 999, buf), "syscall_0x3e7");
	/* cached the second time, same answer */
	assert_string_equal(syscall_name(x86_64, 257, buf), "openat");
	assert_true(syscall_name_known("clone3"));
	assert_false(syscall_name_known("frobnicate"));
}

static void test_errno_names(void **state)
{
	char buf[ERRNO_NAME_MAX];

	(void)state;
	assert_int_equal(errno_from_name("EPERM"), 1);
	assert_int_equal(errno_from_name("ENOENT"), 2);
	assert_int_equal(errno_from_name("ERESTARTSYS"), 512);
	assert_int_equal(errno_from_name("EWOULDBLOCK"), 11);
	assert_int_equal(errno_from_name("NOTANERRNO"), -1);
	assert_string_equal(errno_name(1, buf), "EPERM");
	assert_string_equal(errno_name(516, buf), "ERESTART_RESTARTBLOCK");
	assert_string_equal(errno_name(4000, buf), "E4000");
}

static void test_agg(void **state)
{
	struct agg a;
	struct agg_key k = { 1, 1, 0, 0 };
	size_t i, used = 0;

	(void)state;
	agg_init(&a);
	for (i = 0; i < 100000; i++) {
		k.nr = (int32_t)(i % 500);
		agg_count(&a, &k, 7, (int64_t)i + 1, i % 3 == 0 ? 2 : 0);
	}
	for (i = 0; i < a.cap; i++)
		if (a.slots[i].used) {
			used++;
			assert_int_equal(a.slots[i].calls, 200);
			assert_int_equal(a.slots[i].first_tid, 7);
		}
	assert_int_equal(used, 500);
	assert_int_equal(a.count, 500);
	agg_release(&a);
}

static void test_store_roundtrip(void **state)
{
	char dir[] = "/tmp/t-common-XXXXXX";
	char *path;
	struct store *st;
	struct agg a;
	struct agg_key k;
	struct stat sb;
	sqlite3_stmt *s;
	int64_t run;
	uint32_t x86_64 = arch_from_name("x86_64");

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/s.db", dir);
	assert_null(store_open(path, 0)); /* no CREATE: refused */
	st = store_open(path, STORE_CREATE);
	assert_non_null(st);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	run = store_run_begin(st, &(struct store_run){ "import", "x", "y" });
	assert_true(run > 0);
	agg_init(&a);
	k.phase = store_intern_phase(st, "startup");
	k.exe = store_intern_exe(st, "/bin/true");
	assert_int_equal(store_intern_phase(st, "startup"), k.phase);
	k.arch = x86_64;
	k.nr = 257;
	agg_count(&a, &k, 10, 5, 0);
	agg_count(&a, &k, 11, 6, 2);
	assert_int_equal(store_flush_agg(st, run, &a), 0);
	/* flushing twice must not double the counts */
	assert_int_equal(store_flush_agg(st, run, &a), 0);
	agg_count(&a, &k, 12, 7, 2);
	assert_int_equal(store_flush_agg(st, run, &a), 0);
	assert_int_equal(sqlite3_prepare_v2(st->db,
		"SELECT phase, exe, arch, syscall, calls, errors FROM observed",
		-1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "startup");
	assert_string_equal((const char *)sqlite3_column_text(s, 1),
			    "/bin/true");
	assert_string_equal((const char *)sqlite3_column_text(s, 2), "x86_64");
	assert_string_equal((const char *)sqlite3_column_text(s, 3), "openat");
	assert_int_equal(sqlite3_column_int(s, 4), 3);
	assert_int_equal(sqlite3_column_int(s, 5), 2);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	assert_int_equal(sqlite3_prepare_v2(st->db,
		"SELECT errno, count FROM syscall_errors", -1, &s, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "ENOENT");
	assert_int_equal(sqlite3_column_int(s, 1), 2);
	sqlite3_finalize(s);
	agg_release(&a);
	store_close(st);
	/* reopening does not migrate again */
	st = store_open(path, 0);
	assert_non_null(st);
	store_close(st);
	unlink(path);
	free(path);
	path = xasprintf("%s/s.db-wal", dir);
	unlink(path);
	free(path);
	path = xasprintf("%s/s.db-shm", dir);
	unlink(path);
	free(path);
	rmdir(dir);
}

/* The one row walker: parameters bound in order, --exe applied to the
 * column named, the callback's non-zero return stops the walk. */
static int collect_row(sqlite3_stmt *row, void *data)
{
	struct strbuf *sb = data;

	strbuf_addf(sb, "%s=%lld;", (const char *)sqlite3_column_text(row, 0),
		    (long long)sqlite3_column_int64(row, 1));
	return sqlite3_column_int64(row, 1) == 99 ? 7 : 0;
}

static void test_store_walk(void **state)
{
	char dir[] = "/tmp/t-common-XXXXXX";
	struct store_query q = STORE_QUERY_INIT;
	struct store_walk w = { .what = "test" };
	struct strbuf sb = STRBUF_INIT;
	const char *names[] = { "b", "c", "d" };
	struct store *st;
	char *path;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/w.db", dir);
	st = store_open(path, STORE_CREATE);
	assert_non_null(st);
	assert_int_equal(store_exec(st, "CREATE TABLE t (name TEXT, v INT,"
				    " exe INT); INSERT INTO t VALUES"
				    " ('a', 1, 1), ('b', 2, 2), ('c', 3, 1),"
				    " ('d', 99, 1), ('e', 5, 1)"), 0);
	assert_true(store_intern_exe(st, "/bin/one") == 1);
	assert_true(store_intern_exe(st, "/bin/two") == 2);
	store_query_sql(&q, "SELECT name, v, exe FROM t WHERE v > ?");
	store_query_i64(&q, 1);
	store_query_in_text(&q, "name", names, 3);
	store_query_sql(&q, " ORDER BY name");
	assert_int_equal(store_walk(st, &q, &w, collect_row, &sb), 7);
	assert_string_equal(sb.buf, "b=2;c=3;d=99;");
	strbuf_reset(&sb);
	w.exe_regex = "one$";
	w.exe_col = 2;
	assert_int_equal(store_walk(st, &q, &w, collect_row, &sb), 7);
	assert_string_equal(sb.buf, "c=3;d=99;");
	store_query_release(&q);
	strbuf_reset(&sb);
	assert_int_equal(store_walk_sql(st, "SELECT name, v FROM t WHERE"
					" v < 3 ORDER BY v", "test",
					collect_row, &sb), 0);
	assert_string_equal(sb.buf, "a=1;b=2;");
	/* a bad statement is an error, not a crash */
	assert_int_equal(store_walk_sql(st, "SELECT nothing FROM nowhere",
					"test", collect_row, &sb), -1);
	strbuf_release(&sb);
	store_close(st);
	unlink(path);
	free(path);
	path = xasprintf("%s/w.db-wal", dir);
	unlink(path);
	free(path);
	path = xasprintf("%s/w.db-shm", dir);
	unlink(path);
	free(path);
	rmdir(dir);
}

static void check_fact(const char *syscall, uint64_t v, const char *text)
{
	const struct decisive_arg *d = decisive_arg_find(syscall);
	struct strbuf sb = STRBUF_INIT;
	unsigned idx = 9;
	uint64_t back = 0;

	assert_non_null(d);
	decisive_arg_format(&sb, d, v);
	assert_string_equal(sb.buf, text);
	assert_int_equal(decisive_arg_parse(sb.buf, &idx, &back), 0);
	assert_int_equal(idx, d->index);
	assert_true(back == v);
	strbuf_release(&sb);
}

static void test_decisive_args(void **state)
{
	unsigned idx;
	uint64_t v;

	(void)state;
	/* the tracer's text, read back to the same value */
	check_fact("socket", 1, "0=AF_UNIX");
	check_fact("socket", 16, "0=AF_NETLINK");
	check_fact("socket", 200, "0=0xc8");
	check_fact("fcntl", 3, "1=F_GETFL");
	check_fact("ioctl", 0x5401, "1=TCGETS");
	check_fact("prctl", 15, "0=PR_SET_NAME");
	check_fact("clone", 0x01200011, "0=CLONE_CHILD_CLEARTID|"
		   "CLONE_CHILD_SETTID|SIGCHLD");
	check_fact("clone", 0x3d0f00, "0=CLONE_VM|CLONE_FS|CLONE_FILES|"
		   "CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|"
		   "CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID");
	check_fact("clone", 0, "0=0");
	assert_null(decisive_arg_find("read"));
	assert_true(decisive_arg_find("clone")->mask & 0x20000); /* NEWNS */
	assert_false(decisive_arg_find("clone")->mask & 0x80);   /* NEWTIME */
	/* strace's texts */
	assert_int_equal(decisive_arg_parse("1=SNDCTL_TMR_TIMEBASE or TCGETS",
					    &idx, &v), 0);
	assert_true(v == 0x5401 && idx == 1);
	assert_int_equal(decisive_arg_parse("1=0x5401 /* TCGETS */", &idx, &v),
			 0);
	assert_true(v == 0x5401);
	assert_int_equal(decisive_arg_parse("0=AF_LOCAL", &idx, &v), 0);
	assert_true(v == 1 && idx == 0);
	/* what has no value */
	assert_int_equal(decisive_arg_parse("1=_IOC(_IOC_READ, 0x94, 0x3b, "
					    "0x18)", &idx, &v), -1);
	assert_int_equal(decisive_arg_parse("1=NO_SUCH_NAME", &idx, &v), -1);
	assert_int_equal(decisive_arg_parse("7=1", &idx, &v), -1);
	assert_int_equal(decisive_arg_parse("0=", &idx, &v), -1);
	assert_int_equal(decisive_arg_parse("", &idx, &v), -1);
	assert_int_equal(const_eval("((((1", 5, &v), -1);
	/* "A or B": every readable alternative must give the same value */
	assert_int_equal(decisive_arg_parse("0=1 or 2", &idx, &v), -1);
	assert_int_equal(decisive_arg_parse("0=AF_UNIX or 2", &idx, &v), -1);
	assert_int_equal(decisive_arg_parse("0=AF_UNIX or AF_LOCAL", &idx,
					    &v), 0);
	assert_true(v == 1);
	assert_int_equal(decisive_arg_parse("1=TCGETS or NO_SUCH_NAME", &idx,
					    &v), 0);
	assert_true(v == 0x5401);
	assert_int_equal(decisive_arg_parse("1=NO_SUCH or NO_OTHER", &idx,
					    &v), -1);
	assert_int_equal(decisive_arg_parse("1=1 or 1 or 2", &idx, &v), -1);
	/* shifts by the width or more are no constant */
	assert_int_equal(const_eval("1<<64", 5, &v), -1);
	assert_int_equal(const_eval("1<<65", 5, &v), -1);
	assert_int_equal(decisive_arg_parse("0=1<<64", &idx, &v), -1);
	assert_int_equal(const_eval("1<<63", 5, &v), 0);
	assert_true(v == 1ull << 63);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_arch_names),
		cmocka_unit_test(test_syscall_names),
		cmocka_unit_test(test_errno_names),
		cmocka_unit_test(test_agg),
		cmocka_unit_test(test_store_roundtrip),
		cmocka_unit_test(test_store_walk),
		cmocka_unit_test(test_decisive_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
