/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * driver.c - a main() for the fuzz targets without libFuzzer: runs
 * LLVMFuzzerTestOneInput() once on every file named on the command line
 * and on every regular file of every directory named (in name order, dot
 * files skipped).  It is how the corpora in tests/fuzz/corpus/ run as
 * regression tests: under plain gcc in `make check` (t0901) and under
 * ASan + UBSan in CI's sanitizer pass, where a crash aborts the run.
 *
 * Each input is copied into a buffer of exactly its size, so a read past
 * the end is caught by ASan as it would be under libFuzzer.  Prints one
 * line per input with -v; exits 0 when every input ran, 2 on a usage or
 * read error (a crash is a crash: abort or a signal).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

static int verbose;
static unsigned long nrun;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *copy;
	size_t len = 0, alloc = 0, n;
	int ret = -1;

	if (!f) {
		fprintf(stderr, "driver: cannot open '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	for (;;) {
		if (alloc - len < 65536) {
			alloc = alloc ? alloc * 2 : 65536;
			buf = realloc(buf, alloc);
			if (!buf)
				abort();
		}
		n = fread(buf + len, 1, alloc - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "driver: cannot read '%s'\n", path);
		goto out;
	}
	/* exactly len bytes (malloc(0) may return NULL: use 1) */
	copy = malloc(len ? len : 1);
	if (!copy)
		abort();
	if (len)
		memcpy(copy, buf, len);
	if (verbose)
		fprintf(stderr, "driver: %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	nrun++;
	ret = 0;
out:
	free(buf);
	fclose(f);
	return ret;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	int ret = 0;

	if (!d) {
		fprintf(stderr, "driver: cannot open '%s': %s\n", dir,
			strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			names = realloc(names, alloc * sizeof(*names));
			if (!names)
				abort();
		}
		names[n] = malloc(strlen(dir) + strlen(de->d_name) + 2);
		if (!names[n])
			abort();
		sprintf(names[n], "%s/%s", dir, de->d_name);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		struct stat sb;

		if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode) &&
		    run_file(names[i]) < 0)
			ret = -1;
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	int i, ret = 0;

	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verbose = 1;
		argv++;
		argc--;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: %s [-v] CORPUS-DIR-OR-FILE...\n",
			argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		struct stat sb;

		if (stat(argv[i], &sb) < 0) {
			fprintf(stderr, "driver: cannot open '%s': %s\n",
				argv[i], strerror(errno));
			ret = 2;
		} else if (S_ISDIR(sb.st_mode) ? run_dir(argv[i]) < 0
					       : run_file(argv[i]) < 0) {
			ret = 2;
		}
	}
	fprintf(stderr, "driver: %lu inputs ran\n", nrun);
	return ret;
}
