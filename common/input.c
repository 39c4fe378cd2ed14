/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * input.c - opening the files syscensus reads, safely: every reader
 * (policies and their includes and drop-ins, logs to import, knowledge-base
 * data) opens through input_open(), which never blocks and never reads
 * what the caller cannot read to an end.
 *
 * open(2) of a FIFO blocks until a writer appears, so the file is opened
 * with O_NONBLOCK, fstat()ed, and O_NONBLOCK cleared again once its type
 * is known.  A policy, an include or a rule file must be a regular file: a
 * FIFO, a device (/dev/zero never ends) or a socket is refused before a
 * byte is read.  import also takes streams (a pipe, a FIFO, a socket), which
 * its readers bound by line length (see import-strace.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

int input_open(const char *path, unsigned flags, struct stat *st)
{
	struct stat sb;
	int fd, fl, err;

	if (!st)
		st = &sb;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0) {
		err = -errno;
		goto fail;
	}
	if (S_ISDIR(st->st_mode)) {
		err = -EISDIR;
		goto fail;
	}
	if (!S_ISREG(st->st_mode) &&
	    (!(flags & INPUT_STREAM) || S_ISCHR(st->st_mode) ||
	     S_ISBLK(st->st_mode))) {
		err = (flags & INPUT_STREAM) ? -INPUT_EDEVICE : -INPUT_ENOTREG;
		goto fail;
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		err = -errno;
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return err;
}

const char *input_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case INPUT_ENOTREG:
		return "not a regular file";
	case INPUT_EDEVICE:
		return "not a regular file or a pipe";
	case EFBIG:
		return "too large";
	}
	return strerror(err);
}

bool input_is_stream(FILE *f)
{
	struct stat st;
	int fd = fileno(f);

	return fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode);
}
