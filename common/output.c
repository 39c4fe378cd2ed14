/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * output.c - the one writer of output files (emitted policies, reports,
 * diffs, anything a command writes to a path given with -o or another
 * option).  Traced data is hostile and outputs are often written into
 * shared directories, so an output:
 *
 *  - is written to a temporary file (0600, O_EXCL, same directory) that
 *    output_close() renames over the path: readers never see half a file,
 *    a failed write leaves the old file as it was, and whatever was there
 *    (a file of another user with mode 0666, a symlink) is replaced, never
 *    written through, so the 0600 promise holds;
 *  - never replaces an SQLite database (its 16-byte header) or an input of
 *    the same command (same device and inode: the database it reads, its
 *    policy), since `emit -o` once overwrote a trace database;
 *  - refuses a directory; a character device or a FIFO (/dev/null, a
 *    process substitution) is a stream and is written in place, as is
 *    anything named under /dev or /proc (/dev/stdout when stdout is a
 *    file: a temporary file there would replace the /dev/stdout link);
 *  - is standard output for NULL or "-".
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

/* The outputs open now: their temporary file and final path. */
struct output {
	FILE *f;
	char *tmp;  /* NULL: written in place (stdout, a device, a FIFO) */
	char *path;
};
static struct output *outputs;
static size_t noutputs, aoutputs;

/* The inputs of this command: files no output may replace. */
static char **inputs;
static size_t ninputs, ainputs;

void output_add_input(const char *path)
{
	size_t i;

	if (!path || !strcmp(path, "-"))
		return;
	for (i = 0; i < ninputs; i++)
		if (!strcmp(inputs[i], path))
			return;
	inputs = xgrow(inputs, sizeof(*inputs), ninputs + 1, &ainputs);
	inputs[ninputs++] = xstrdup(path);
}

static bool same_file(const struct stat *a, const char *path)
{
	struct stat b;

	return stat(path, &b) == 0 && a->st_dev == b.st_dev &&
	       a->st_ino == b.st_ino;
}

bool output_is_sqlite(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	struct stat sb;
	bool ret = false;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return false;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    read(fd, head, sizeof(head)) == (ssize_t)sizeof(head))
		ret = !memcmp(head, magic, sizeof(magic));
	close(fd);
	return ret;
}

/*
 * May path be replaced?  0, or -1 after error() saying why not.  *stream
 * is set when path is a device or FIFO to write in place.
 */
static int check_target(const char *path, bool *stream)
{
	struct stat sb;
	size_t i;

	*stream = false;
	if (stat(path, &sb) < 0) {
		if (errno == ENOENT) /* new file, or a dangling symlink */
			return 0;
		return error_errno("cannot write '%s'", path);
	}
	if (S_ISDIR(sb.st_mode))
		return error("cannot write '%s': it is a directory", path);
	if (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode) ||
	    S_ISSOCK(sb.st_mode) || !strncmp(path, "/dev/", 5) ||
	    !strncmp(path, "/proc/", 6)) {
		*stream = true;
		return 0;
	}
	if (!S_ISREG(sb.st_mode))
		return error("cannot write '%s': not a regular file", path);
	for (i = 0; i < ninputs; i++) {
		struct strbuf side = STRBUF_INIT;
		bool same = same_file(&sb, inputs[i]);

		/* a database's -wal and -shm files are inputs too */
		strbuf_addf(&side, "%s-wal", inputs[i]);
		same = same || same_file(&sb, side.buf);
		strbuf_reset(&side);
		strbuf_addf(&side, "%s-shm", inputs[i]);
		same = same || same_file(&sb, side.buf);
		strbuf_release(&side);
		if (same)
			return error("refusing to write '%s': it is an input "
				     "of this command ('%s')", path,
				     inputs[i]);
	}
	if (output_is_sqlite(path))
		return error("refusing to overwrite '%s': it is an SQLite "
			     "database (a trace?); name another output file",
			     path);
	return 0;
}

static FILE *register_output(FILE *f, char *tmp, const char *path)
{
	outputs = xgrow(outputs, sizeof(*outputs), noutputs + 1, &aoutputs);
	outputs[noutputs].f = f;
	outputs[noutputs].tmp = tmp;
	outputs[noutputs].path = xstrdup(path);
	noutputs++;
	return f;
}

FILE *output_open(const char *path)
{
	struct stat sb, out;
	const char *slash;
	char *tmp;
	bool stream;
	FILE *f;
	int fd;

	if (!path || !strcmp(path, "-"))
		return stdout;
	if (!*path) {
		error("an empty output file name");
		return NULL;
	}
	/* /dev/stdout, /proc/self/fd/1: standard output itself (its
	 * O_APPEND, its offset), not a second open of the same file */
	if (stat(path, &sb) == 0 && fstat(STDOUT_FILENO, &out) == 0 &&
	    sb.st_dev == out.st_dev && sb.st_ino == out.st_ino &&
	    !S_ISDIR(sb.st_mode))
		return stdout;
	if (check_target(path, &stream) < 0)
		return NULL;
	if (stream) {
		fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		/* a FIFO with no reader yet: wait for one, as a shell does */
		if (fd < 0 && errno == ENXIO)
			fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (fd >= 0)
			fcntl(fd, F_SETFL,
			      fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!f) {
			error_errno("cannot write '%s'", path);
			if (fd >= 0)
				close(fd);
			return NULL;
		}
		return register_output(f, NULL, path);
	}
	slash = strrchr(path, '/');
	tmp = slash ? xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path,
				slash + 1)
		    : xasprintf(".%s.XXXXXX", path);
	fd = mkostemp(tmp, O_CLOEXEC); /* 0600 */
	if (fd < 0) {
		error_errno("cannot write '%s' (a temporary file in its "
			    "directory)", path);
		free(tmp);
		return NULL;
	}
	f = fdopen(fd, "w");
	if (!f) {
		error_errno("cannot write '%s'", path);
		close(fd);
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	return register_output(f, tmp, path);
}

static struct output *find_output(FILE *f)
{
	size_t i;

	for (i = 0; i < noutputs; i++)
		if (outputs[i].f == f)
			return &outputs[i];
	return NULL;
}

static void forget_output(struct output *o)
{
	free(o->tmp);
	free(o->path);
	*o = outputs[--noutputs];
}

int output_close(FILE *f, const char *path)
{
	struct output *o;
	int bad, ret = 0;
	bool check;

	if (!f)
		return -1;
	bad = fflush(f) != 0 || ferror(f);
	if (f == stdout) {
		if (bad)
			return error_errno("cannot write to standard output");
		return 0;
	}
	o = find_output(f);
	if (!bad && o && o->tmp && fsync(fileno(f)) < 0)
		bad = 1;
	if (fclose(f) != 0)
		bad = 1;
	if (bad)
		ret = error_errno("cannot write '%s'", path);
	if (!o)
		return ret;
	if (o->tmp && !ret) {
		/* the target may have changed since output_open() */
		check = true;
		if (check_target(o->path, &check) < 0)
			ret = -1;
		else if (check)
			ret = error("cannot write '%s': it is no longer a "
				    "regular file", o->path);
		else if (rename(o->tmp, o->path) < 0)
			ret = error_errno("cannot write '%s' (rename)",
					  o->path);
	}
	if (o->tmp && ret < 0)
		unlink(o->tmp);
	forget_output(o);
	return ret;
}

const char *output_target(FILE *f)
{
	struct output *o = find_output(f);

	return o && o->tmp ? o->path : NULL;
}

void output_abort(FILE *f)
{
	struct output *o;

	if (!f || f == stdout)
		return;
	o = find_output(f);
	fclose(f);
	if (!o)
		return;
	if (o->tmp)
		unlink(o->tmp);
	forget_output(o);
}
