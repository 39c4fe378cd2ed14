/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * strace-parse.h - the strace line parser shared by import-strace.c (which
 * keeps the per-pid state and writes the store) and its unit tests.  The
 * parser is pure: one line in, one classified record out, pointers into
 * the caller's bytes, no allocation.  The grammar it follows is strace 6's
 * (printleader(), the body shapes and the result grammar).
 */
#ifndef SYSCENSUS_STRACE_PARSE_H
#define SYSCENSUS_STRACE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum strace_rec {
	STRACE_EMPTY,       /* blank line */
	STRACE_CALL,        /* name(args) = result */
	STRACE_UNFINISHED,  /* name(args <unfinished ...> (or detached...) */
	STRACE_RESUMED,     /* <... name resumed>args) = result */
	STRACE_EXITED,      /* +++ exited with N +++ */
	STRACE_KILLED,      /* +++ killed by SIGX +++ (name: the signal) */
	STRACE_SUPERSEDED,  /* +++ superseded by execve in pid N +++ */
	STRACE_SIGNAL,      /* --- SIGX {...} --- (name, args: the braces) */
	STRACE_STOPPED,     /* --- stopped by SIGX --- */
	STRACE_PERSONALITY, /* [ Process PID=N runs in ... mode. ] */
	STRACE_ATTACHED,    /* strace: Process N attached */
	STRACE_DETACHED,    /* strace: Process N detached */
	STRACE_DIAG,        /* any other strace: message */
	STRACE_CONT,        /* -k frame or -e write= dump line */
	STRACE_TABLE,       /* a line of a -c/-C summary table */
	STRACE_BAD,         /* reason says why */
};

enum strace_result {
	RESULT_NONE,     /* unfinished */
	RESULT_OK,       /* retval */
	RESULT_ERROR,    /* err > 0 (ERESTART* as 512..) */
	RESULT_NORETURN, /* = ? : the call never returned */
};

enum strace_unfinished {
	UNFINISHED_PLAIN,       /* <unfinished ...> */
	UNFINISHED_DETACHED,    /* <detached ...> */
	UNFINISHED_PID_CHANGED, /* <pid changed to N ...> */
};

/*
 * One classified line.  A big log is classified by producer threads and
 * read back by the importer's thread: what every line needs comes first,
 * in one 64-byte cache line, and lengths are 32-bit (a line is at most
 * 1 MiB); what few lines have comes after.
 */
struct strace_line {
	const char *name;        /* syscall or signal name */
	const char *args;        /* inside the parentheses (or braces) */
	int64_t pid;             /* 0: the line has no pid prefix */
	int64_t retval;
	int64_t nr_field;        /* -n: the syscall number, -1 if absent */
	uint32_t name_len;
	uint32_t args_len;
	uint32_t body_off;       /* where the body starts after the leader */
	uint32_t comm_len;
	int err;
	uint8_t rec;             /* enum strace_rec */
	uint8_t result;          /* enum strace_result */
	uint8_t unfinished;      /* enum strace_unfinished */
	bool bracket_pid;        /* "[pid N]" (stderr) rather than "N " */
	/* set on the lines that have them */
	const char *comm;        /* -Y: "PID<comm>" */
	int64_t other_pid;       /* superseded-by, pid changed to, attached, */
	int personality;         /* PERSONALITY: 64, 32 or 'x' (x32) */
	const char *reason;      /* BAD: a static string */
};

/*
 * Classify one line (without its newline).  Returns l->rec.  Never reads
 * outside s[0..len); NUL bytes make the line BAD.
 */
enum strace_rec strace_parse_line(const char *s, size_t len,
				  struct strace_line *l);
/* The same, trusting the caller (check_nul false) that s has no NUL. */
enum strace_rec strace_parse_line_nul(const char *s, size_t len,
				      struct strace_line *l, bool check_nul);

/*
 * Find argument idx (0-based) of an argument list as printed by strace,
 * splitting at top-level commas (strings, comments, -y decorations and
 * ([{ nesting respected).  Sets *arg and *arg_len (trimmed); false if absent.
 */
bool strace_arg(const char *args, size_t len, unsigned idx, const char **arg,
		size_t *arg_len);

/*
 * Decode a quoted strace string ("...", with C and octal/hex escapes and
 * a possible trailing "..." of -s truncation) into out (NUL-terminated,
 * at most outsz - 1 bytes).  Returns the decoded length, or -1 if the
 * argument is not a string (an address under -e raw, NULL).
 */
long strace_unquote(const char *q, size_t n, char *out, size_t outsz);

/*
 * Find the next AF_UNIX socket address in s[*pos..len) (the arguments and
 * the result of a socket call): a sockaddr's sun_path="/path" or
 * sun_path=@"name" (connect, bind, sendto, msg_name of sendmsg, recvmsg
 * and each sendmmsg/recvmmsg header, accept) and the path of a -yy
 * socket decoration, 3<UNIX:[inode->peer,"/path"]> or
 * 3<UNIX-STREAM:[inode,@"name"]>.  Strings are skipped (a quoted
 * "sun_path=" in data is not an address).  The address is decoded (C,
 * octal and -x/-xx hex escapes) into out as systemd writes it: an
 * abstract name gets a leading '@', a NUL byte inside it is written as
 * '@' (as /proc/net/unix shows it).  A path cut by -s ("..."...), an
 * empty one and one that does not fit outsz are skipped, not returned
 * shortened: a prefix could match a rule the real path does not.
 * Returns the length written to out (NUL-terminated), or 0 when there is
 * no further address; *pos moves past what was read.
 */
long strace_unix_path(const char *s, size_t len, size_t *pos, char *out,
		      size_t outsz);

/* Private to the importer: forget the per-run state (import.c calls it
 * when an import ends). */
void import_strace_done(void);

#endif
