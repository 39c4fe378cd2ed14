/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * error.c - messages to the user, in git's idiom: error() prints and returns
 * -1 so a failing path is one line.  Only cli/ and the x* allocators exit,
 * through die().  Parse errors carry FILE:LINE:COL.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

int log_quiet;

static void vreport(const char *prefix, const char *fmt, va_list ap,
		    const char *suffix)
{
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fflush(stdout);
	fprintf(stderr, "syscensus: %s%s%s%s\n", prefix, msg,
		suffix ? ": " : "", suffix ? suffix : "");
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error: ", fmt, ap, NULL);
	va_end(ap);
	return -1;
}

int error_errno(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vreport("error: ", fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	if (log_quiet)
		return;
	va_start(ap, fmt);
	vreport("warning: ", fmt, ap, NULL);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	if (log_quiet)
		return;
	va_start(ap, fmt);
	vreport("", fmt, ap, NULL);
	va_end(ap);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error: ", fmt, ap, NULL);
	va_end(ap);
	exit(EXIT_USAGE);
}

void parse_error_set(struct parse_error *pe, const char *file,
		     unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;

	if (!pe)
		return;
	snprintf(pe->file, sizeof(pe->file), "%s", file ? file : "<input>");
	pe->line = line;
	pe->col = col;
	va_start(ap, fmt);
	vsnprintf(pe->msg, sizeof(pe->msg), fmt, ap);
	va_end(ap);
}

int parse_error_report(const struct parse_error *pe)
{
	if (pe->line && pe->col)
		return error("%s:%lu:%lu: %s", pe->file, pe->line, pe->col,
			     pe->msg);
	if (pe->line)
		return error("%s:%lu: %s", pe->file, pe->line, pe->msg);
	return error("%s: %s", pe->file, pe->msg);
}
