/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-import-strace.c - unit tests of the strace line parser
 * (analyzer/import/strace-parse.c): every leader field, every body shape, the
 * result grammar, the argument splitter and the string decoder, the
 * AF_UNIX address finder, and hostile input (NUL bytes, truncation,
 * garbage).
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/import/strace-parse.h"
#include "common/common.h"

static enum strace_rec parse(const char *s, struct strace_line *l)
{
	return strace_parse_line(s, strlen(s), l);
}

static void assert_name(const struct strace_line *l, const char *name)
{
	assert_int_equal(l->name_len, strlen(name));
	assert_memory_equal(l->name, name, l->name_len);
}

static void test_complete(void **state)
{
	struct strace_line l;

	(void)state;
	assert_int_equal(parse("openat(AT_FDCWD, \"/dev/null\", O_WRONLY) = 3",
			       &l), STRACE_CALL);
	assert_name(&l, "openat");
	assert_int_equal(l.pid, 0);
	assert_int_equal(l.result, RESULT_OK);
	assert_int_equal(l.retval, 3);
	assert_int_equal(l.args_len, strlen("AT_FDCWD, \"/dev/null\", O_WRONLY"));

	assert_int_equal(parse("5120  rt_sigprocmask(SIG_SETMASK, [], NULL, 8)"
			       " = 0", &l), STRACE_CALL);
	assert_int_equal(l.pid, 5120);
	assert_false(l.bracket_pid);

	assert_int_equal(parse("[pid  5127] read(3, \"x\", 1) = 1", &l),
			 STRACE_CALL);
	assert_int_equal(l.pid, 5127);
	assert_true(l.bracket_pid);

	assert_int_equal(parse("exit_group(0)                     = ?", &l),
			 STRACE_CALL);
	assert_int_equal(l.result, RESULT_NORETURN);
}

static void test_leader_fields(void **state)
{
	struct strace_line l;

	(void)state;
	/* -Y, -ttt with -r, -n, -i, -T all at once */
	assert_int_equal(parse("8208<forkexec> 1795870853.087710 (+     0.000099)"
			       " [ 262] [00007ff21876392a] newfstatat(3, \"\","
			       " {st_mode=S_IFREG|0644, ...}, AT_EMPTY_PATH) = 0"
			       " <0.000033>", &l), STRACE_CALL);
	assert_int_equal(l.pid, 8208);
	assert_int_equal(l.comm_len, 8);
	assert_memory_equal(l.comm, "forkexec", 8);
	assert_int_equal(l.nr_field, 262);
	assert_name(&l, "newfstatat");

	assert_int_equal(parse("13:00:53 getpid() = 7", &l), STRACE_CALL);
	assert_int_equal(parse("13:00:53.264256 (+     0.000099) getpid() = 7",
			       &l), STRACE_CALL);
	assert_int_equal(parse("     0.000023 getpid() = 7", &l), STRACE_CALL);
	assert_int_equal(l.pid, 0);
	assert_int_equal(parse("[pid  8217<true>] [1073741863] getpid() = -1"
			       " ENOSYS (Function not implemented)", &l),
			 STRACE_CALL);
	assert_int_equal(l.pid, 8217);
	assert_int_equal(l.nr_field, 1073741863);
	assert_int_equal(l.err, ENOSYS);
	/* -i of an unknown address, then a +++ line */
	assert_int_equal(parse("16238<true> 14:29:50.427923 [ 231]"
			       " [????????????????] +++ exited with 0 +++", &l),
			 STRACE_EXITED);
	assert_int_equal(l.pid, 16238);
}

static void test_results(void **state)
{
	struct strace_line l;

	(void)state;
	parse("openat(AT_FDCWD, \"/x\", O_RDONLY) = -1 ENOENT (No such file or"
	      " directory)", &l);
	assert_int_equal(l.result, RESULT_ERROR);
	assert_int_equal(l.err, ENOENT);
	parse("wait4(-1, 0x1, WNOHANG, NULL) = -1 (errno 10)", &l);
	assert_int_equal(l.err, 10);
	parse("read(0, 0x1, 1) = ? ERESTARTSYS (To be restarted if SA_RESTART"
	      " is set)", &l);
	assert_int_equal(l.result, RESULT_ERROR);
	assert_int_equal(l.err, 512);
	parse("poll([{fd=4, events=POLLIN}], 1, 0) = 0 (Timeout)", &l);
	assert_int_equal(l.result, RESULT_OK);
	parse("fcntl(4, F_GETFL) = 0x2 (flags O_RDWR)", &l);
	assert_int_equal(l.result, RESULT_OK);
	parse("umask(022) = 022", &l);
	assert_int_equal(l.result, RESULT_OK);
	parse("getpid() = 7900<prog> <0.000002>", &l);
	assert_int_equal(l.retval, 7900);
	parse("clone(child_stack=NULL, flags=SIGCHLD) = 5793", &l);
	assert_int_equal(l.retval, 5793);
	parse("x(0) = ? <unavailable>", &l);
	assert_int_equal(l.result, RESULT_NORETURN);
	parse("getpid() = 39 (INJECTED)", &l);
	assert_int_equal(l.retval, 39);
}

static void test_split_calls(void **state)
{
	struct strace_line l;

	(void)state;
	assert_int_equal(parse("5120  read(3,  <unfinished ...>", &l),
			 STRACE_UNFINISHED);
	assert_int_equal(l.unfinished, UNFINISHED_PLAIN);
	assert_name(&l, "read");
	assert_int_equal(parse("5120  <... read resumed>\"hello\\n\", 16) = 6",
			       &l), STRACE_RESUMED);
	assert_name(&l, "read");
	assert_int_equal(l.retval, 6);
	assert_int_equal(parse("<... read resumed> \"x\", 1)   = 1", &l),
			 STRACE_RESUMED);
	assert_int_equal(parse("<... read resumed> <unfinished ...>) = ?", &l),
			 STRACE_RESUMED);
	assert_int_equal(l.result, RESULT_NORETURN);
	assert_int_equal(parse("clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0,"
			       " tv_nsec=2},  <detached ...>", &l),
			 STRACE_UNFINISHED);
	assert_int_equal(l.unfinished, UNFINISHED_DETACHED);
	assert_int_equal(parse("execve(\"/bin/true\", [\"true\"], 0x7ffe /* 41"
			       " vars */ <pid changed to 10991 ...>", &l),
			 STRACE_UNFINISHED);
	assert_int_equal(l.unfinished, UNFINISHED_PID_CHANGED);
	assert_int_equal(l.other_pid, 10991);
	assert_int_equal(parse("restart_syscall(<... resuming interrupted"
			       " clock_nanosleep ...>) = 0", &l), STRACE_CALL);
	assert_name(&l, "restart_syscall");
}

static void test_other_records(void **state)
{
	struct strace_line l;

	(void)state;
	assert_int_equal(parse("7901  +++ superseded by execve in pid 7903 +++",
			       &l), STRACE_SUPERSEDED);
	assert_int_equal(l.other_pid, 7903);
	assert_int_equal(parse("+++ killed by SIGABRT (core dumped) +++", &l),
			 STRACE_KILLED);
	assert_name(&l, "SIGABRT");
	assert_int_equal(parse("--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP,"
			       " si_syscall=__NR_getpid,"
			       " si_arch=AUDIT_ARCH_X86_64} ---", &l),
			 STRACE_SIGNAL);
	assert_name(&l, "SIGSYS");
	/* found by the fuzzer: no braces, the name runs into the suffix */
	assert_int_equal(parse("--- SIGSYS ---", &l), STRACE_SIGNAL);
	assert_name(&l, "SIGSYS");
	assert_int_equal(l.args_len, 0);
	assert_int_equal(parse("--- P ---", &l), STRACE_SIGNAL);
	assert_int_equal(l.args_len, 0);
	assert_int_equal(parse("--- stopped by SIGSTOP ---", &l),
			 STRACE_STOPPED);
	assert_int_equal(parse("[ Process PID=7725 runs in x32 mode. ]", &l),
			 STRACE_PERSONALITY);
	assert_int_equal(l.personality, 'x');
	assert_int_equal(l.other_pid, 7725);
	assert_int_equal(parse("16231 [ Process PID=16231 runs in 32 bit mode. ]",
			       &l), STRACE_PERSONALITY);
	assert_int_equal(l.personality, 32);
	assert_int_equal(parse("strace: Process 8044 attached with 3 threads",
			       &l), STRACE_ATTACHED);
	assert_int_equal(l.other_pid, 8044);
	assert_int_equal(parse("strace: Process 8046 detached", &l),
			 STRACE_DETACHED);
	assert_int_equal(parse("strace: Exit of unknown pid 13688 ignored", &l),
			 STRACE_DIAG);
	assert_int_equal(parse(" > /usr/lib/libc.so.6(__write+0x10) [0xf8350]",
			       &l), STRACE_CONT);
	assert_int_equal(parse(" | 00000  00 01 02 03  ....  |", &l),
			 STRACE_CONT);
	assert_int_equal(parse("% time     seconds  usecs/call     calls    errors"
			       " syscall", &l), STRACE_TABLE);
	assert_int_equal(parse("------ ----------- ----------- ---------", &l),
			 STRACE_TABLE);
	assert_int_equal(parse("System call usage summary for 32 bit mode:",
			       &l), STRACE_TABLE);
	assert_int_equal(parse("", &l), STRACE_EMPTY);
}

static void test_hidden_parens(void **state)
{
	struct strace_line l;
	const char *line =
		"read(3</etc/a) = 5\"\\74b\\76<char 1:3>>, \"x) = -1 EPERM\", 16)"
		" = 13";

	(void)state;
	/* strings, -y decorations and comments that hold ") = " */
	assert_int_equal(parse(line, &l), STRACE_CALL);
	assert_int_equal(l.retval, 13);
	assert_int_equal(l.result, RESULT_OK);
	assert_int_equal(parse("openat(AT_FDCWD, \"/a) = 5\", O_RDONLY) ="
			       " 3</a) = 5>", &l), STRACE_CALL);
	assert_int_equal(l.retval, 3);
	assert_int_equal(parse("write(1, \"a) = 1\", 6)      = 6", &l),
			 STRACE_CALL);
	assert_int_equal(l.retval, 6);
	assert_int_equal(parse("open(\"/x\", 0x1 /* O_WRONLY) = 9 */) = 4", &l),
			 STRACE_CALL);
	assert_int_equal(l.retval, 4);
	assert_int_equal(parse("connect(9<TCP:[127.0.0.1:58835->127.0.0.1:1]>,"
			       " {sa_family=AF_INET}, 16) = 0", &l),
			 STRACE_CALL);
	assert_int_equal(parse("wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) =="
			       " 0}], 0, NULL) = 5122", &l), STRACE_CALL);
	assert_int_equal(l.retval, 5122);
}

static void test_bad(void **state)
{
	struct strace_line l;
	static const char nul[] = "100 open(\"a\0b\", 0) = 3";

	(void)state;
	assert_int_equal(strace_parse_line(nul, sizeof(nul) - 1, &l),
			 STRACE_BAD);
	assert_non_null(strstr(l.reason, "NUL"));
	assert_int_equal(parse("100   openat(AT_FDCWD, \"/etc/pass", &l),
			 STRACE_BAD);
	assert_int_equal(parse("hello world", &l), STRACE_BAD);
	assert_int_equal(parse("100   getpid() =", &l), STRACE_BAD);
	assert_int_equal(parse("100   getpid() = zz", &l), STRACE_BAD);
	assert_int_equal(parse("100   getpid() = -1 EBOGUS (x)", &l),
			 STRACE_BAD);
	assert_int_equal(parse("+++ what +++", &l), STRACE_BAD);
	assert_int_equal(parse("<... x", &l), STRACE_BAD);
	assert_int_equal(parse("[pid 99999999999] getpid() = 1", &l),
			 STRACE_BAD);
	assert_int_equal(parse("@@@@", &l), STRACE_BAD);
	/* a prefix alone is bad */
	assert_int_equal(parse("100   ", &l), STRACE_BAD);
}

static void test_args(void **state)
{
	const char *args = "AT_FDCWD</tmp>, \"/a, b\", O_RDONLY|O_CLOEXEC";
	const char *clone3 = "{flags=CLONE_VM|CLONE_THREAD, child_tid=0x1}, 88";
	const char *a;
	size_t n;

	(void)state;
	assert_true(strace_arg(args, strlen(args), 0, &a, &n));
	assert_int_equal(n, strlen("AT_FDCWD</tmp>"));
	assert_true(strace_arg(args, strlen(args), 1, &a, &n));
	assert_int_equal(n, strlen("\"/a, b\""));
	assert_memory_equal(a, "\"/a, b\"", n);
	assert_true(strace_arg(args, strlen(args), 2, &a, &n));
	assert_memory_equal(a, "O_RDONLY|O_CLOEXEC", n);
	assert_false(strace_arg(args, strlen(args), 3, &a, &n));
	assert_true(strace_arg(clone3, strlen(clone3), 1, &a, &n));
	assert_memory_equal(a, "88", n);
	assert_false(strace_arg("", 0, 0, &a, &n));
}

static void test_unquote(void **state)
{
	char out[64];
	const char *q = "\"\\0\\1\\10\\t\\n\\303\\251\\x41\\\"\\\\(\"";

	(void)state;
	assert_int_equal(strace_unquote(q, strlen(q), out, sizeof(out)), 11);
	assert_memory_equal(out, "\0\1\10\t\n\303\251A\"\\(", 11);
	assert_int_equal(strace_unquote("\"abc\"...", 8, out, sizeof(out)), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(strace_unquote("0x55dba138d018", 14, out,
					sizeof(out)), -1);
	assert_int_equal(strace_unquote("NULL", 4, out, sizeof(out)), -1);
	assert_int_equal(strace_unquote("\"unterminated", 13, out,
					sizeof(out)), -1);
	/* too long for the buffer: truncated, still terminated */
	assert_int_equal(strace_unquote("\"abcdef\"", 8, out, 4), 3);
	assert_string_equal(out, "abc");
}

/* All the AF_UNIX addresses of s, joined by spaces, into out. */
static void unix_paths(const char *s, char *out, size_t outsz)
{
	char buf[128];
	size_t pos = 0, o = 0;
	long n;

	out[0] = '\0';
	while ((n = strace_unix_path(s, strlen(s), &pos, buf, sizeof(buf))) >
	       0) {
		assert_int_equal((size_t)n, strlen(buf));
		assert_true(o + (size_t)n + 2 < outsz);
		if (o)
			out[o++] = ' ';
		memcpy(out + o, buf, (size_t)n + 1);
		o += (size_t)n;
	}
	assert_int_equal(pos, strlen(s));
}

static void test_unix_path(void **state)
{
	char out[512];
	struct strace_line l;
	const char *line;

	(void)state;
	unix_paths("3, {sa_family=AF_UNIX, sun_path=\"/run/dbus/system_bus_"
		   "socket\"}, 110", out, sizeof(out));
	assert_string_equal(out, "/run/dbus/system_bus_socket");
	unix_paths("3, {sa_family=AF_UNIX, sun_path=@\"abs\"}, 6", out,
		   sizeof(out));
	assert_string_equal(out, "@abs");
	/* an abstract name with a NUL: '@' as /proc/net/unix shows it */
	unix_paths("3, {sa_family=AF_UNIX, sun_path=@\"a\\0b\"}, 6", out,
		   sizeof(out));
	assert_string_equal(out, "@a@b");
	/* escapes: octal, -x/-xx hex, a quote */
	unix_paths("3, {sa_family=AF_UNIX, sun_path=\"/r\\303\\251\"}, 9",
		   out, sizeof(out));
	assert_string_equal(out, "/r\303\251");
	unix_paths("3, {sa_family=AF_UNIX, sun_path=\"\\x2f\\x72\"}, 5", out,
		   sizeof(out));
	assert_string_equal(out, "/r");
	unix_paths("3, {sa_family=AF_UNIX, sun_path=\"/a\\\"b\"}, 8", out,
		   sizeof(out));
	assert_string_equal(out, "/a\"b");
	/* sendto's 5th argument; a string that only says sun_path= */
	unix_paths("5, \"sun_path=\\\"/fake\\\"\", 16, 0, {sa_family=AF_UNIX, "
		   "sun_path=\"/dev/log\"}, 110", out, sizeof(out));
	assert_string_equal(out, "/dev/log");
	unix_paths("5, \"x, sun_path=\", 12, 0, NULL, 0", out, sizeof(out));
	assert_string_equal(out, "");
	/* sendmmsg: each header; sendmsg's msg_name */
	unix_paths("6, [{msg_hdr={msg_name={sa_family=AF_UNIX, "
		   "sun_path=\"/a\"}, msg_namelen=5}, msg_len=3}, {msg_hdr="
		   "{msg_name={sa_family=AF_UNIX, sun_path=@\"b\"}, "
		   "msg_namelen=4}, msg_len=3}], 2, 0", out, sizeof(out));
	assert_string_equal(out, "/a @b");
	/* cut by -s, empty, unnamed, unterminated: nothing */
	unix_paths("3, {sa_family=AF_UNIX, sun_path=\"/run/lo\"...}, 110", out,
		   sizeof(out));
	assert_string_equal(out, "");
	unix_paths("3, {sa_family=AF_UNIX, sun_path=\"\"}, 3", out,
		   sizeof(out));
	assert_string_equal(out, "");
	unix_paths("3, {sa_family=AF_UNIX}, 2", out, sizeof(out));
	assert_string_equal(out, "");
	unix_paths("3, {sa_family=AF_UNIX, sun_path=\"/run/x", out,
		   sizeof(out));
	assert_string_equal(out, "");
	unix_paths("3, {sa_family=AF_UNIX, sun_path=\"/run/x\\\"", out,
		   sizeof(out));
	assert_string_equal(out, "");
	/* longer than out: skipped, not shortened */
	unix_paths("3, {sa_family=AF_UNIX, sun_path=\"/0123456789012345678901"
		   "23456789012345678901234567890123456789012345678901234567890"
		   "1234567890123456789012345678901234567890123456789\"}, 110",
		   out, sizeof(out));
	assert_string_equal(out, "");
	/* -yy decorations: path, abstract, none, peer, other kinds */
	unix_paths("3<UNIX:[1,\"/run/n\"]>, {msg_name=NULL}, 0", out,
		   sizeof(out));
	assert_string_equal(out, "/run/n");
	unix_paths("5<UNIX-STREAM:[1->2,@\"ab\"]>, 1", out, sizeof(out));
	assert_string_equal(out, "@ab");
	unix_paths("5<UNIX-STREAM:[1->2]>, 4<TCP:[1.2.3.4:5]>, "
		   "6</tmp/a<b>>, 7<UNIX:[9,\"/cut\"...]>", out, sizeof(out));
	assert_string_equal(out, "");
	/* a comment, a nested decoration before the address */
	unix_paths("7</dev/pts/0<char 136:0>>, {sa_family=AF_UNIX, sun_path="
		   "\"/p\"} /* \"sun_path=\" */, 5", out, sizeof(out));
	assert_string_equal(out, "/p");

	/* the importer scans from the arguments to the end of the line:
	 * accept's -yy result names the listener's path */
	line = "accept4(3<UNIX-STREAM:[1]>, {sa_family=AF_UNIX}, "
	       "[110 => 2], 0) = 4<UNIX-STREAM:[2->3,\"/l\"]> <0.000012>";
	assert_int_equal(parse(line, &l), STRACE_CALL);
	assert_int_equal(l.retval, 4);
	unix_paths(l.args, out, sizeof(out));
	assert_string_equal(out, "/l");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_leader_fields),
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_split_calls),
		cmocka_unit_test(test_other_records),
		cmocka_unit_test(test_hidden_parens),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_unquote),
		cmocka_unit_test(test_unix_path),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
