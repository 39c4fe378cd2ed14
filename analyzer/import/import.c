/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * import.c - what `syscensus import` reads: files, directories (every
 * regular file in them, strace -ff output in pid order) and "-" for
 * standard input.  It takes each file's pid from an strace -ff name
 * (PREFIX.PID), sniffs the format when asked for "auto" (a stream --
 * standard input, a pipe such as <(cmd), a FIFO -- cannot seek back, so
 * what sniffing read is replayed through a small cookie stream), hands the
 * stream to the importer of that format and records the file in the run.
 * Files are opened with input_open(): a FIFO never blocks the open, a
 * device such as /dev/zero is refused, and the importers stop a stream at
 * its first over-long line.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "analyzer/import/import.h"
#include "analyzer/import/strace-parse.h"
#include "common/sandbox.h"

#define SNIFF_BYTES 8192

/* ------------------------------------------------- pid from the name */

/* "log.12345" -> 12345 (strace -ff); 0 if the name has no such suffix. */
static int64_t pid_from_name(const char *path)
{
	const char *base = strrchr(path, '/'), *dot, *p;
	int64_t v = 0;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (!dot || dot == base || !dot[1])
		return 0;
	for (p = dot + 1; *p; p++) {
		if (*p < '0' || *p > '9' || v > 4194304)
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v > 0 && v <= 4194304 ? v : 0;
}

/* ------------------------------------------------------------ sniffing */

static bool line_starts(const char *s, size_t n, const char *pfx)
{
	size_t k = strlen(pfx);

	return n >= k && !memcmp(s, pfx, k);
}

static bool is_month(const char *s, size_t n)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	size_t i;

	if (n < 16 || s[3] != ' ')
		return false;
	for (i = 0; i < 36; i += 3)
		if (!memcmp(s, months + i, 3))
			return true;
	return false;
}

/*
 * The format of a log from its first bytes: audit records start with
 * "type=" (or carry msg=audit(...)); journal and syslog lines start with a
 * date ("Nov 28 14:00:01 host prog[1]: ..." or ISO 8601); everything
 * else is strace.
 */
static const char *sniff(const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n;
	int audit = 0, journal = 0, lines = 0;

	while (p < end && lines < 32) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (is_month(p, len) ||
		    (len > 20 && p[4] == '-' && p[7] == '-' &&
		     p[10] == 'T' && p[0] >= '0' && p[0] <= '9'))
			journal++;
		else if (line_starts(p, len, "type=") ||
			 line_starts(p, len, "time->") ||
			 (len > 10 && memmem(p, len, "msg=audit(", 10)))
			audit++;
		else if (len && !line_starts(p, len, "-- ") &&
			 !line_starts(p, len, "----"))
			return "strace";
		lines++;
		if (!nl)
			break;
		p = nl + 1;
	}
	if (audit && audit >= journal)
		return "audit";
	if (journal)
		return "journal";
	return "strace";
}

/* A stream: what sniffing read is served first, then the rest. */
struct replay {
	FILE *in;
	char buf[SNIFF_BYTES];
	size_t len, off;
};

static ssize_t replay_read(void *cookie, char *out, size_t n)
{
	struct replay *r = cookie;

	if (r->off < r->len) {
		size_t k = r->len - r->off < n ? r->len - r->off : n;

		memcpy(out, r->buf + r->off, k);
		r->off += k;
		return (ssize_t)k;
	}
	{
		size_t k = fread(out, 1, n, r->in);

		if (k == 0 && ferror(r->in))
			return -1;
		return (ssize_t)k;
	}
}

static int replay_close(void *cookie)
{
	free(cookie);
	return 0;
}

/* ----------------------------------------------------------- one file */

static int import_stream(struct store *st, int64_t run,
			 const struct import_opts *o, FILE *f,
			 const char *display, int64_t pid_hint,
			 struct import_stats *stats)
{
	const char *fmt = o->format && *o->format ? o->format : "auto";
	uint64_t lines0 = stats->lines, bad0 = stats->bad_lines;
	struct replay *r = NULL;
	FILE *in = f;
	int ret;

	if (!strcmp(fmt, "auto") && !input_is_stream(f)) {
		/* a regular file: sniff, then rewind (the importer may then
		 * map it) */
		char head[SNIFF_BYTES];
		size_t n = fread(head, 1, sizeof(head), f);

		if (n == 0 && ferror(f))
			return error_errno("cannot read '%s'", display);
		fmt = sniff(head, n);
		if (fseeko(f, 0, SEEK_SET) < 0)
			return error_errno("cannot read '%s'", display);
	} else if (!strcmp(fmt, "auto")) {
		r = xcalloc(1, sizeof(*r));
		r->in = f;
		r->len = fread(r->buf, 1, sizeof(r->buf), f);
		if (r->len == 0 && ferror(f)) {
			free(r);
			return error_errno("cannot read '%s'", display);
		}
		fmt = sniff(r->buf, r->len);
		{
			cookie_io_functions_t io = {
				.read = replay_read,
				.close = replay_close,
			};

			in = fopencookie(r, "r", io);
			if (!in) {
				free(r);
				return error_errno("cannot read '%s'",
						   display);
			}
		}
	}
	if (!strcmp(fmt, "strace"))
		ret = import_strace_file(st, run, o, in, display, pid_hint,
					 stats);
	else if (!strcmp(fmt, "audit"))
		ret = import_audit_file(st, run, o, in, display, stats);
	else if (!strcmp(fmt, "journal"))
		ret = import_journal_file(st, run, o, in, display, stats);
	else
		ret = error("unknown format '%s'", fmt);
	if (ret == 0)
		ret = sandbox_hook("import");
	if (in != f)
		fclose(in);
	if (ret < 0)
		return -1;
	stats->files++;
	return store_run_add_file(st, run, display,
				  !strcmp(fmt, "strace") ? pid_hint : 0,
				  stats->lines - lines0,
				  stats->bad_lines - bad0);
}

static int import_file(struct store *st, int64_t run,
		       const struct import_opts *o, const char *path,
		       struct import_stats *stats)
{
	FILE *f;
	int fd, ret;

	if (!strcmp(path, "-"))
		return import_stream(st, run, o, stdin, "-", 0, stats);
	/* a FIFO without a writer must not block the open; a device
	 * (/dev/zero) is refused, a pipe (<(cmd)) is a stream */
	fd = input_open(path, INPUT_STREAM, NULL);
	if (fd < 0)
		return error("cannot open '%s': %s", path,
			     input_strerror(fd));
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return error_errno("cannot open '%s'", path);
	}
	ret = import_stream(st, run, o, f, path, pid_from_name(path), stats);
	fclose(f);
	return ret;
}

/* ---------------------------------------------------------- directories */

struct dir_ent {
	char *path;
	int64_t pid;
};

/* strace -ff files in pid order (parents before children, mostly), then
 * the rest by name. */
static int dir_ent_cmp(const void *a, const void *b)
{
	const struct dir_ent *x = a, *y = b;

	if (x->pid && y->pid && x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (!x->pid != !y->pid)
		return x->pid ? -1 : 1;
	return strcmp(x->path, y->path);
}

static int import_dir(struct store *st, int64_t run,
		      const struct import_opts *o, const char *dir,
		      struct import_stats *stats)
{
	DIR *d = opendir(dir);
	struct dir_ent *ents = NULL;
	size_t n = 0, alloc = 0, i;
	struct dirent *de;
	int ret = -1;

	if (!d)
		return error_errno("cannot open directory '%s'", dir);
	while ((errno = 0, de = readdir(d)) != NULL) {
		struct stat sb;
		char *p;

		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (stat(p, &sb) < 0 || !S_ISREG(sb.st_mode)) {
			free(p);
			continue;
		}
		ents = xgrow(ents, sizeof(*ents), n + 1, &alloc);
		ents[n].path = p;
		ents[n].pid = pid_from_name(p);
		n++;
	}
	if (errno) {
		error_errno("cannot read directory '%s'", dir);
		goto out;
	}
	if (!n) {
		error("'%s' has no files to import", dir);
		goto out;
	}
	qsort(ents, n, sizeof(*ents), dir_ent_cmp);
	for (i = 0; i < n; i++)
		if (import_file(st, run, o, ents[i].path, stats) < 0)
			goto out;
	ret = 0;
out:
	for (i = 0; i < n; i++)
		free(ents[i].path);
	free(ents);
	closedir(d);
	return ret;
}

static int pid_cmp(const void *a, const void *b)
{
	const struct dir_ent *x = a, *y = b;

	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

int import_paths(struct store *st, int64_t run, const struct import_opts *o,
		 char *const paths[], size_t npaths, struct import_stats *stats)
{
	struct dir_ent *ff = xcalloc(npaths ? npaths : 1, sizeof(*ff));
	size_t i, nff = 0, k = 0;
	int ret = 0;

	/*
	 * "import log.*": the shell sorts log.10 before log.9; strace -ff
	 * files are read in pid order (parents first, mostly) so children
	 * inherit their parent's executable.  They keep the places the
	 * -ff names had among the arguments.
	 */
	for (i = 0; i < npaths; i++) {
		if (strcmp(paths[i], "-") && pid_from_name(paths[i])) {
			ff[nff].path = paths[i];
			ff[nff].pid = pid_from_name(paths[i]);
			nff++;
		}
	}
	qsort(ff, nff, sizeof(*ff), pid_cmp);
	for (i = 0; i < npaths && !ret; i++) {
		const char *path = paths[i];
		struct stat sb;

		if (strcmp(path, "-") && pid_from_name(path))
			path = ff[k++].path;
		if (strcmp(path, "-") && stat(path, &sb) == 0 &&
		    S_ISDIR(sb.st_mode))
			ret = import_dir(st, run, o, path, stats);
		else
			ret = import_file(st, run, o, path, stats);
	}
	free(ff);
	import_strace_done();
	return ret < 0 ? -1 : 0;
}
