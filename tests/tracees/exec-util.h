/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * exec-util.h - what the two filter loaders (seccomp-exec.c, raw BPF, and
 * c-filter-main.c, an emitted C file) share: finding CMD in PATH before
 * the filter is loaded, and the exec after it, which makes no syscall
 * but execve (and write + exit_group when that fails).  Static helpers
 * for a single translation unit; include after <stdio.h>, <stdlib.h>,
 * <string.h>, <sys/syscall.h> and <unistd.h> with _GNU_SOURCE defined.
 */
#ifndef SYSCENSUS_EXEC_UTIL_H
#define SYSCENSUS_EXEC_UTIL_H

/*
 * CMD as execve wants it: a name with a slash as is, else the first
 * executable PATH entry.  Returns a malloc'd path (never freed: we exec),
 * or NULL when out of memory.
 */
static char *resolve(const char *cmd)
{
	const char *path = getenv("PATH");
	const char *p, *end;
	char *full;
	size_t len;

	if (strchr(cmd, '/') || !path)
		return strdup(cmd);
	for (p = path;; p = end + 1) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		len = (size_t)(end - p);
		full = malloc(len + strlen(cmd) + 3);
		if (!full)
			return NULL;
		sprintf(full, "%.*s/%s", (int)len, len ? p : ".", cmd);
		if (access(full, X_OK) == 0)
			return full;
		free(full);
		if (!*end)
			break;
	}
	return strdup(cmd);
}

/*
 * Exec cmd with argv under the loaded filter; if that fails write msg
 * (msglen bytes, when the filter allows write) and exit_group(127).
 * Returns 127 only if even exit_group returned.
 */
static int exec_filtered(const char *cmd, char **argv, const char *msg,
			 size_t msglen)
{
	syscall(SYS_execve, cmd, argv, environ);
	syscall(SYS_write, 2, msg, msglen);
	syscall(SYS_exit_group, 127);
	return 127;
}

#endif
