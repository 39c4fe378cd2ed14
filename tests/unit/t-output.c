/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-output.c - unit tests of common/output.c, the one way output files are
 * written (0600 temporary file renamed over the target), and of its error
 * convention: a failure returns -1 after error() has said why, never -1
 * alone.
 */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/common.h"

static char dir[] = "/tmp/t-output.XXXXXX";
static int saved_stderr = -1;

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir) || chdir(dir) < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink("out"); /* the one file a test may leave */
	if (chdir("/") < 0)
		return -1;
	return rmdir(dir);
}

/* stderr into the file "err" until stderr_restore() */
static void stderr_capture(void)
{
	int fd = open("err", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	assert_true(fd >= 0);
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	assert_true(saved_stderr >= 0);
	assert_true(dup2(fd, STDERR_FILENO) >= 0);
	close(fd);
}

static char *stderr_restore(void)
{
	struct strbuf sb = STRBUF_INIT;

	fflush(stderr);
	assert_true(dup2(saved_stderr, STDERR_FILENO) >= 0);
	close(saved_stderr);
	assert_int_equal(strbuf_read_file(&sb, "err", 0), 0);
	unlink("err");
	return strbuf_detach(&sb, NULL);
}

/* the files in the directory other than "out", "err" */
static int leftovers(void)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *p = popen("ls -A | grep -v -x -e out -e err", "r");
	char buf[256];
	size_t n;

	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_add(&sb, buf, n);
	pclose(p);
	n = sb.len;
	if (n)
		print_message("# left: %s\n", sb.buf);
	strbuf_release(&sb);
	return (int)n;
}

static void test_write_private(void **state)
{
	struct stat st;
	FILE *f;

	(void)state;
	f = output_open("out");
	assert_non_null(f);
	assert_true(fputs("hello\n", f) >= 0);
	/* nothing at the target until close */
	assert_int_equal(stat("out", &st), -1);
	assert_int_equal(output_close(f, "out"), 0);
	assert_int_equal(stat("out", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, 6);
	assert_int_equal(leftovers(), 0);
}

/*
 * The target became a FIFO between output_open() and output_close(): the
 * output is not renamed over it, and the caller is told why (it used to be
 * a bare -1: the command failed without a word).
 */
static void test_target_no_longer_regular(void **state)
{
	char *err;
	FILE *f;
	int rc;

	(void)state;
	unlink("out");
	f = output_open("out");
	assert_non_null(f);
	fputs("data\n", f);
	assert_int_equal(mkfifo("out", 0600), 0);
	stderr_capture();
	rc = output_close(f, "out");
	err = stderr_restore();
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "error: cannot write 'out'"));
	assert_non_null(strstr(err, "no longer a regular file"));
	free(err);
	assert_int_equal(leftovers(), 0);
	unlink("out");
}

/* A refused target is refused by output_open(), with a message. */
static void test_refuse_directory(void **state)
{
	char *err;
	FILE *f;

	(void)state;
	unlink("out");
	assert_int_equal(mkdir("out", 0700), 0);
	stderr_capture();
	f = output_open("out");
	err = stderr_restore();
	assert_null(f);
	assert_non_null(strstr(err, "cannot write 'out': it is a directory"));
	free(err);
	assert_int_equal(rmdir("out"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_private),
		cmocka_unit_test(test_target_no_longer_regular),
		cmocka_unit_test(test_refuse_directory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
