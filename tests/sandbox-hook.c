/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sandbox-hook.c - the test hook of the self-confinement (issue 15),
 * linked only into tests/syscensus-hooked, a test build of syscensus: it
 * sets sandbox_test_hook so that an importer, after parsing an input, does
 * what $SYSCENSUS_TEST_HOOK says, as a compromised parser would:
 *
 *   forbidden-syscall   personality(0xffffffff), a query no syscensus
 *                       command makes, so not in data/self-policy.list
 *   open:PATH           open PATH for reading (a file it was not given)
 *
 * The syscensus binary never has this code: its hook pointer stays NULL.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/common.h"
#include "common/sandbox.h"

static int test_hook(const char *where)
{
	const char *h = getenv("SYSCENSUS_TEST_HOOK");
	int fd;

	if (!h || !*h)
		return 0;
	if (!strcmp(h, "forbidden-syscall")) {
		syscall(SYS_personality, 0xffffffffUL);
		return 0;
	}
	if (!strncmp(h, "open:", 5)) {
		fd = open(h + 5, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return error_errno("test hook in %s: cannot open '%s'",
					   where, h + 5);
		close(fd);
		return 0;
	}
	return error("test hook: unknown SYSCENSUS_TEST_HOOK '%s'", h);
}

__attribute__((constructor)) static void test_hook_init(void)
{
	sandbox_test_hook = test_hook;
}
