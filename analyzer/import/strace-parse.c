/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * strace-parse.c - classify one line of an strace 6 log.
 *
 * This is the importer's hot path: a 1 GB log is tens of millions of
 * lines.  So no regex, no allocation, no copy: the leader (pid, -Y comm,
 * -t/-tt/-ttt/-r stamps, -n and -i fields) is walked by hand, the
 * argument list is skipped by a table-driven scanner that knows strings,
 * comments, nested parentheses and -y decorations, and only the few bytes
 * of the result are decoded.  Everything the line says is hostile input:
 * every read is bounded by len.
 */
#include "config.h"

#include <string.h>

#include "analyzer/import/strace-parse.h"
#include "common/common.h"

#define PID_MAX_LIMIT 4194304 /* the kernel's; larger is a timestamp */

static inline bool is_digit(int c)
{
	return (unsigned)(c - '0') < 10;
}

static inline bool is_xdigit(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* [A-Za-z0-9_]: one load per byte of a name, on every line */
static const bool name_byte[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['_'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

static inline bool is_name(int c)
{
	return name_byte[(unsigned char)c];
}

#define SPACES8 0x2020202020202020ULL

/* Past the spaces at p (strace pads results to column 40): eight bytes
 * at a time. */
static inline const char *skip_spaces(const char *p, const char *end)
{
	uint64_t w;

	while (end - p >= 8) {
		memcpy(&w, p, 8);
		if (w != SPACES8)
			break;
		p += 8;
	}
	while (p < end && *p == ' ')
		p++;
	return p;
}

/* Back over the spaces before c, not below lo. */
static inline const char *rskip_spaces(const char *lo, const char *c)
{
	uint64_t w;

	while (c - lo >= 8) {
		memcpy(&w, c - 8, 8);
		if (w != SPACES8)
			break;
		c -= 8;
	}
	while (c > lo && c[-1] == ' ')
		c--;
	return c;
}

static bool has_prefix(const char *p, const char *end, const char *pfx)
{
	size_t n = strlen(pfx);

	return (size_t)(end - p) >= n && !memcmp(p, pfx, n);
}

static bool has_suffix(const char *s, size_t len, const char *sfx, size_t n)
{
	return len >= n && !memcmp(s + len - n, sfx, n);
}

/* Parse decimal digits at *pp; false if none or more than 19. */
static inline bool parse_u64(const char **pp, const char *end, uint64_t *v)
{
	const char *p = *pp, *start = p;
	uint64_t n = 0;
	unsigned d;

	while (p < end && (d = (unsigned)((unsigned char)*p - '0')) < 10) {
		n = n * 10 + d;
		p++;
	}
	if (p == start || p - start > 19)
		return false;
	*pp = p;
	*v = n;
	return true;
}

/*
 * Bytes the argument scanner must look at; everything else is skipped in a
 * tight loop.  1: string, 2: '(' 3: ')', 4: '/', 5: '<', 6: NUL.
 */
static const unsigned char scan_class[256] = {
	['"'] = 1, ['('] = 2, [')'] = 3, ['/'] = 4, ['<'] = 5, [0] = 6,
};

/* Skip a string whose opening quote is at p; returns past the closing
 * quote, or end if unterminated. */
static const char *skip_string(const char *p, const char *end)
{
	p++;
	for (;;) {
		const char *q = memchr(p, '"', (size_t)(end - p));
		const char *b;

		if (!q)
			return end;
		/* an odd number of backslashes escapes the quote */
		for (b = q; b > p && b[-1] == '\\'; b--)
			;
		if (((q - b) & 1) == 0)
			return q + 1;
		p = q + 1;
	}
}

/* Skip a -y decoration "<...>" (nested, "->" does not close). */
/* p at the "/" of a C comment: the first byte after its end (or end). */
static const char *skip_comment(const char *p, const char *end)
{
	const char *q = p + 2;

	while (q + 1 < end && !(q[0] == '*' && q[1] == '/'))
		q++;
	return q + 2 < end ? q + 2 : end;
}

static const char *skip_decoration(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '<') {
			depth++;
		} else if (*p == '>' && p[-1] != '-') {
			if (--depth == 0)
				return p + 1;
		} else if (*p == '\0') {
			return end;
		}
	}
	return end;
}

/*
 * Find the ')' that closes an argument list, starting inside it at depth
 * `depth`.  Returns its address, or NULL (no close before end, or a NUL).
 * *nul is set when a NUL byte was met.
 */
static const char *scan_args(const char *p, const char *end, int depth,
			     bool *nul)
{
	while (p < end) {
		unsigned char c = (unsigned char)*p;

		switch (scan_class[c]) {
		case 0:
			p++;
			continue;
		case 1:
			p = skip_string(p, end);
			continue;
		case 2:
			depth++;
			break;
		case 3:
			if (--depth == 0)
				return p;
			break;
		case 4:
			if (p + 1 < end && p[1] == '*') {
				p = skip_comment(p, end);
				continue;
			}
			break;
		case 5:
			/* "3</dev/null>": a decoration follows a number */
			if (p[-1] >= '0' && p[-1] <= '9') {
				p = skip_decoration(p, end);
				continue;
			}
			break;
		case 6:
			*nul = true;
			return NULL;
		}
		p++;
	}
	return NULL;
}


/*
 * errno_from_name() walks the errno table; error lines are common in big
 * logs, so remember what each name gave (a few dozen names at most).
 */
static int errno_lookup(const char *n, size_t len)
{
	static _Thread_local struct {
		char name[ERRNO_NAME_MAX];
		int err;
	} cache[64];
	char name[ERRNO_NAME_MAX];
	size_t h = len, i;

	if (len == 0 || len >= ERRNO_NAME_MAX)
		return -1;
	for (i = 0; i < len; i++)
		h = h * 31 + (unsigned char)n[i];
	h &= ARRAY_SIZE(cache) - 1;
	if (!strncmp(cache[h].name, n, len) && cache[h].name[len] == '\0')
		return cache[h].err;
	memcpy(name, n, len);
	name[len] = '\0';
	cache[h].err = errno_from_name(name);
	memcpy(cache[h].name, name, len + 1);
	return cache[h].err;
}

/* Decode "= RESULT..." starting at p (just past the ')'). */
static bool parse_result(const char *p, const char *end, struct strace_line *l)
{
	uint64_t v;

	p = skip_spaces(p, end);
	if (end - p < 3 || p[0] != '=' || p[1] != ' ') {
		l->reason = "no return value after the argument list";
		return false;
	}
	p += 2;
	if (*p == '?') {
		p++;
		if (end - p >= 2 && p[0] == ' ' && p[1] == 'E') {
			const char *n = p + 1, *q = n;

			while (q < end && is_name(*q))
				q++;
			l->err = errno_lookup(n, (size_t)(q - n));
			if (l->err <= 0)
				l->err = 512; /* an unnamed restart code */
			l->result = RESULT_ERROR;
			return true;
		}
		l->result = RESULT_NORETURN;
		return true;
	}
	if (*p == '-') {
		p++;
		if (!parse_u64(&p, end, &v)) {
			l->reason = "malformed return value";
			return false;
		}
		if (v == 1 && end - p >= 2 && p[0] == ' ' && p[1] == 'E') {
			const char *n = p + 1, *q = n;

			while (q < end && is_name(*q))
				q++;
			l->err = errno_lookup(n, (size_t)(q - n));
			if (l->err <= 0) {
				l->reason = "unknown errno name";
				return false;
			}
			l->result = RESULT_ERROR;
			return true;
		}
		if (v == 1 && has_prefix(p, end, " (errno ")) {
			p += 8;
			if (!parse_u64(&p, end, &v) || v == 0 || v > 4095) {
				l->reason = "malformed errno";
				return false;
			}
			l->err = (int)v;
			l->result = RESULT_ERROR;
			return true;
		}
		l->retval = -(int64_t)v;
		l->result = RESULT_OK;
		return true;
	}
	if (!is_digit(*p)) {
		l->reason = "malformed return value";
		return false;
	}
	if (p[0] == '0' && p + 1 < end && (p[1] == 'x' || p[1] == 'X')) {
		l->retval = 0;
	} else if (parse_u64(&p, end, &v)) {
		l->retval = (int64_t)v;
	} else {
		l->reason = "malformed return value";
		return false;
	}
	l->result = RESULT_OK;
	return true;
}

/* The unfinished markers that can end a line. */
static bool unfinished_tail(const char *s, size_t len, struct strace_line *l,
			    size_t *cut)
{
	static const char plain[] = "<unfinished ...>";
	static const char det[] = "<detached ...>";
	const char *e = s + len;

	if (!len || e[-1] != '>')
		return false;
	if (has_suffix(s, len, plain, sizeof(plain) - 1)) {
		l->unfinished = UNFINISHED_PLAIN;
		*cut = len - (sizeof(plain) - 1);
		return true;
	}
	if (has_suffix(s, len, det, sizeof(det) - 1)) {
		l->unfinished = UNFINISHED_DETACHED;
		*cut = len - (sizeof(det) - 1);
		return true;
	}
	if (has_suffix(s, len, " ...>", 5)) {
		/* <pid changed to N ...> */
		const char *p = e - 5;
		uint64_t v;

		while (p > s && is_digit(p[-1]))
			p--;
		if (p - s >= 16 && !memcmp(p - 16, "<pid changed to ", 16)) {
			const char *q = p;

			if (parse_u64(&q, e, &v))
				l->other_pid = (int64_t)v;
			l->unfinished = UNFINISHED_PID_CHANGED;
			*cut = (size_t)(p - 16 - s);
			return true;
		}
	}
	return false;
}

/*
 * Fast path for the end of an argument list: the last "= " preceded by
 * spaces and a ')' is the result, unless a string or a -y decoration
 * could be hiding one (then the tail holds '"', '<' or '>': use the
 * scanner).
 * Returns the ')' or NULL.
 */
static const bool tail_class[256] = { ['"'] = 1, ['<'] = 1, ['>'] = 1 };

static const char *close_from_end(const char *args, const char *end)
{
	const char *e = end, *p;

	/* -T: " <0.000033>" */
	if (e > args && e[-1] == '>') {
		p = e - 1;
		while (p > args && (is_digit(p[-1]) || p[-1] == '.'))
			p--;
		if (p > args + 1 && p[-1] == '<' && p[-2] == ' ')
			e = p - 2;
	}
	for (p = e; p > args;) {
		const char *q = memrchr(args, '=', (size_t)(p - args));
		const char *c, *close;

		if (!q)
			return NULL;
		p = q;
		if (q + 1 >= e || q[1] != ' ')
			continue;
		close = rskip_spaces(args, q);
		if (close == args || close[-1] != ')' || close == q)
			continue;
		for (c = q; c < e; c++)
			if (tail_class[(unsigned char)*c])
				return NULL;
		return close - 1;
	}
	return NULL;
}

static enum strace_rec bad(struct strace_line *l, const char *reason)
{
	l->reason = reason;
	return l->rec = STRACE_BAD;
}

/*
 * The arguments starting at p, their ')' (looked for from the end of the
 * line down to from, else by the scanner), then "= result".  Returns rec,
 * or STRACE_BAD with the reason.
 */
static enum strace_rec args_result(const char *p, const char *from,
				   const char *end, struct strace_line *l,
				   enum strace_rec rec)
{
	const char *close = close_from_end(from, end);
	bool nul = false;

	if (!close)
		close = scan_args(p, end, 1, &nul);
	if (!close)
		return bad(l, nul ? "NUL byte in line" :
			   "no closing parenthesis (truncated line?)");
	l->args = p;
	l->args_len = (size_t)(close - p);
	if (!parse_result(close + 1, end, l))
		return l->rec = STRACE_BAD;
	return l->rec = rec;
}

/* name(args) = result, or an unfinished call. */
static enum strace_rec parse_call(const char *s, size_t len, const char *p,
				  struct strace_line *l)
{
	const char *end = s + len, *n = p;
	size_t cut;

	while (p < end && is_name(*p))
		p++;
	l->name = n;
	l->name_len = (size_t)(p - n);
	if (p >= end || *p != '(') {
		if (l->name_len == 7 && !memcmp(n, "syscall", 7) && p < end &&
		    *p == ' ')
			return l->rec = STRACE_TABLE; /* -U header */
		return bad(l, "unrecognised line");
	}
	p++;
	if (unfinished_tail(s, len, l, &cut)) {
		l->args = p;
		l->args_len = s + cut > p ? (size_t)(s + cut - p) : 0;
		l->result = RESULT_NONE;
		return l->rec = STRACE_UNFINISHED;
	}
	return args_result(p, p, end, l, STRACE_CALL);
}

/* <... name resumed>args) = result */
static enum strace_rec parse_resumed(const char *s, size_t len, const char *p,
				     struct strace_line *l)
{
	const char *end = s + len, *n;

	p += 5; /* "<... " */
	n = p;
	while (p < end && is_name(*p))
		p++;
	if (p == n || !has_prefix(p, end, " resumed>"))
		return bad(l, "malformed resumed line");
	l->name = n;
	l->name_len = (size_t)(p - n);
	p += 9;
	return args_result(p, p - 1, end, l, STRACE_RESUMED);
}

static enum strace_rec parse_plus(const char *p, const char *end,
				  struct strace_line *l)
{
	uint64_t v;

	if (!has_suffix(p, (size_t)(end - p), " +++", 4))
		return bad(l, "malformed +++ line");
	if (has_prefix(p, end, "+++ exited with "))
		return l->rec = STRACE_EXITED;
	if (has_prefix(p, end, "+++ killed by ")) {
		const char *n = p + 14;

		p = n;
		while (p < end && is_name(*p))
			p++;
		l->name = n;
		l->name_len = (size_t)(p - n);
		return l->rec = STRACE_KILLED;
	}
	if (has_prefix(p, end, "+++ superseded by execve in pid ")) {
		p += 32;
		if (!parse_u64(&p, end, &v))
			return bad(l, "malformed +++ line");
		l->other_pid = (int64_t)v;
		return l->rec = STRACE_SUPERSEDED;
	}
	return bad(l, "malformed +++ line");
}

static enum strace_rec parse_minus(const char *p, const char *end,
				   struct strace_line *l)
{
	const char *n;

	if (!has_prefix(p, end, "--- ") ||
	    !has_suffix(p, (size_t)(end - p), " ---", 4))
		return bad(l, "malformed --- line");
	if (has_prefix(p, end, "--- stopped by "))
		return l->rec = STRACE_STOPPED;
	p += 4;
	n = p;
	while (p < end && is_name(*p))
		p++;
	if (p == n || p >= end || *p != ' ')
		return bad(l, "malformed signal line");
	l->name = n;
	l->name_len = (size_t)(p - n);
	p++;
	/* "--- SIGX ---": the space after the name is the suffix's */
	l->args = p;
	l->args_len = p <= end - 4 ? (size_t)(end - 4 - p) : 0;
	return l->rec = STRACE_SIGNAL;
}

static enum strace_rec parse_diag(const char *p, const char *end,
				  struct strace_line *l)
{
	uint64_t v;

	p += 8; /* "strace: " */
	if (has_prefix(p, end, "Process ")) {
		const char *q = p + 8;

		if (parse_u64(&q, end, &v)) {
			l->other_pid = (int64_t)v;
			if (has_prefix(q, end, " attached"))
				return l->rec = STRACE_ATTACHED;
			if (has_prefix(q, end, " detached"))
				return l->rec = STRACE_DETACHED;
		}
	}
	return l->rec = STRACE_DIAG;
}

static enum strace_rec parse_personality(const char *p, const char *end,
					 struct strace_line *l)
{
	uint64_t v;

	p += 14; /* "[ Process PID=" */
	if (!parse_u64(&p, end, &v) || !has_prefix(p, end, " runs in "))
		return bad(l, "malformed personality line");
	p += 9;
	l->other_pid = (int64_t)v;
	if (has_prefix(p, end, "32 bit mode"))
		l->personality = 32;
	else if (has_prefix(p, end, "x32 mode"))
		l->personality = 'x';
	else if (has_prefix(p, end, "64 bit mode"))
		l->personality = 64;
	else
		return bad(l, "unknown personality");
	return l->rec = STRACE_PERSONALITY;
}

/* Skip -t/-tt/-ttt/-r stamps and -n/-i fields; returns the body start. */
static const char *skip_stamps(const char *p, const char *end,
			       struct strace_line *l)
{
	for (;;) {
		const char *q = p;

		while (q < end && *q == ' ')
			q++;
		if (q >= end)
			return q;
		if (is_digit(*q)) {
			const char *t = q;

			while (t < end && (is_digit(*t) || *t == ':' ||
					   *t == '.'))
				t++;
			if (t < end && *t == ' ') {
				p = t + 1;
				continue;
			}
			return q;
		}
		if (q + 1 < end && q[0] == '(' && q[1] == '+') {
			const char *t = memchr(q, ')', (size_t)(end - q));

			if (!t)
				return q;
			p = t + 1;
			continue;
		}
		if (*q == '[') {
			/* -n "[ 262]" and -i "[00007ff21876392a]" */
			const char *t = q + 1;

			while (t < end && (*t == ' ' || *t == '?' ||
					    is_xdigit(*t)))
				t++;
			if (t < end && *t == ']' && t > q + 1 && t[-1] != ' ') {
				/* -n is "%4lu" (10 digits for x32), -i 8 or
				 * 16 hex digits */
				size_t w = (size_t)(t - q - 1);
				const char *d = q + 1;
				uint64_t v;

				while (d < t && *d == ' ')
					d++;
				if ((w == 4 || w == 10) &&
				    parse_u64(&d, t, &v) && d == t &&
				    v < INT32_MAX)
					l->nr_field = (int64_t)v;
				p = t + 1;
				continue;
			}
			return q;
		}
		return q;
	}
}

enum strace_rec strace_parse_line(const char *s, size_t len,
				  struct strace_line *l)
{
	return strace_parse_line_nul(s, len, l, true);
}

enum strace_rec strace_parse_line_nul(const char *s, size_t len,
				      struct strace_line *l, bool check_nul)
{
	const char *p = s, *end = s + len;
	uint64_t v;

	/* field by field: a zeroing of the whole struct compiles to rep
	 * stos, a fifth of the parser's time on a big log */
	l->name = l->args = l->comm = l->reason = NULL;
	l->pid = l->retval = l->other_pid = 0;
	l->nr_field = -1;
	l->name_len = l->args_len = l->body_off = l->comm_len = 0;
	l->err = l->personality = 0;
	l->rec = STRACE_EMPTY;
	l->result = RESULT_NONE;
	l->unfinished = UNFINISHED_PLAIN;
	l->bracket_pid = false;
	if (check_nul && len && memchr(s, '\0', len))
		return bad(l, "NUL byte in line (binary data?)");
	while (p < end && *p == ' ')
		p++;
	if (p >= end)
		return l->rec = STRACE_EMPTY;
	/* -k frames and -e write= dumps come right after their record */
	if (p > s && (*p == '>' || *p == '|') &&
	    (p + 1 == end || p[1] == ' '))
		return l->rec = STRACE_CONT;
	p = s;
	if (has_prefix(p, end, "[pid ")) {
		p += 5;
		while (p < end && *p == ' ')
			p++;
		if (!parse_u64(&p, end, &v) || v == 0 || v > PID_MAX_LIMIT)
			return bad(l, "malformed [pid N] prefix");
		l->pid = (int64_t)v;
		l->bracket_pid = true;
		if (p < end && *p == '<') {
			const char *c = ++p;
			const char *q = p;

			while (q + 1 < end && !(q[0] == '>' && q[1] == ']'))
				q++;
			if (q + 1 >= end)
				return bad(l, "malformed [pid N<comm>] prefix");
			l->comm = c;
			l->comm_len = (size_t)(q - c);
			p = q + 1;
		}
		if (p >= end || *p != ']')
			return bad(l, "malformed [pid N] prefix");
		p++;
	} else if (is_digit(*p)) {
		const char *q = p;

		if (parse_u64(&q, end, &v) && q < end &&
		    (*q == ' ' || *q == '<') && v > 0 && v <= PID_MAX_LIMIT) {
			l->pid = (int64_t)v;
			p = q;
			if (*p == '<') {
				const char *c = ++p;

				q = p;
				while (q + 1 < end && !(q[0] == '>' &&
							q[1] == ' '))
					q++;
				if (q + 1 >= end)
					return bad(l, "malformed PID<comm> "
						   "prefix");
				l->comm = c;
				l->comm_len = (size_t)(q - c);
				p = q + 1;
			}
		}
	}
	p = skip_stamps(p, end, l);
	l->body_off = (size_t)(p - s);
	if (p >= end)
		return l->pid ? bad(l, "a prefix with no record") :
				(l->rec = STRACE_EMPTY);
	switch (*p) {
	case '<':
		if (has_prefix(p, end, "<... "))
			return parse_resumed(s, len, p, l);
		return bad(l, "unrecognised line");
	case '+':
		return parse_plus(p, end, l);
	case '-':
		if (has_prefix(p, end, "--- "))
			return parse_minus(p, end, l);
		/* the rules of a -c table: dashes and spaces only */
		while (p < end && (*p == '-' || *p == ' '))
			p++;
		if (p == end)
			return l->rec = STRACE_TABLE;
		return bad(l, "unrecognised line");
	case '[':
		if (has_prefix(p, end, "[ Process PID="))
			return parse_personality(p, end, l);
		return bad(l, "unrecognised line");
	case '%':
		if (has_prefix(p, end, "% time"))
			return l->rec = STRACE_TABLE;
		return bad(l, "unrecognised line");
	case 'S':
		if (has_prefix(p, end, "System call usage summary"))
			return l->rec = STRACE_TABLE;
		break;
	case 's':
		if (has_prefix(p, end, "strace: "))
			return parse_diag(p, end, l);
		break;
	default:
		break;
	}
	if (!is_name(*p) || is_digit(*p))
		return bad(l, "unrecognised line");
	return parse_call(s, len, p, l);
}

/* ------------------------------------------------------------ arguments */

/* The bytes strace_arg() must look at. */
static const bool arg_class[256] = {
	['"'] = 1, ['('] = 1, ['['] = 1, ['{'] = 1, [')'] = 1,
	[']'] = 1, ['}'] = 1, ['/'] = 1, ['<'] = 1, [','] = 1,
};

bool strace_arg(const char *args, size_t len, unsigned idx, const char **arg,
		size_t *arg_len)
{
	const char *p = args, *end = args + len, *start = args;
	unsigned n = 0;
	int depth = 0;

	while (p < end) {
		/* most bytes are none of the switch's: skip them first */
		while (p < end && !arg_class[(unsigned char)*p])
			p++;
		if (p >= end)
			break;
		switch (*p) {
		case '"':
			p = skip_string(p, end);
			continue;
		case '(': case '[': case '{':
			depth++;
			break;
		case ')': case ']': case '}':
			depth--;
			break;
		case '/':
			if (p + 1 < end && p[1] == '*') {
				p = skip_comment(p, end);
				continue;
			}
			break;
		case '<':
			if (p > args && is_digit(p[-1])) {
				p = skip_decoration(p, end);
				continue;
			}
			break;
		case ',':
			if (depth == 0) {
				if (n == idx)
					goto found;
				n++;
				start = p + 1;
			}
			break;
		default:
			break;
		}
		p++;
	}
	if (p > end)
		p = end;
	if (n != idx)
		return false;
found:
	while (start < p && *start == ' ')
		start++;
	while (p > start && p[-1] == ' ')
		p--;
	if (p == start)
		return false;
	*arg = start;
	*arg_len = (size_t)(p - start);
	return true;
}

static int hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

long strace_unquote(const char *q, size_t n, char *out, size_t outsz)
{
	const char *p = q, *end = q + n;
	size_t o = 0;

	if (!outsz || n < 2 || *p != '"')
		return -1;
	p++;
	while (p < end && *p != '"') {
		int c = (unsigned char)*p++;

		if (c == '\\' && p < end) {
			int e = (unsigned char)*p++;

			switch (e) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'v': c = '\v'; break;
			case 'f': c = '\f'; break;
			case 'r': c = '\r'; break;
			case 'x':
				c = 0;
				if (p < end && is_xdigit(*p))
					c = hexval(*p++);
				if (p < end && is_xdigit(*p))
					c = c * 16 + hexval(*p++);
				break;
			default:
				if (e >= '0' && e <= '7') {
					int k;

					c = e - '0';
					for (k = 0; k < 2 && p < end &&
						    *p >= '0' && *p <= '7'; k++)
						c = c * 8 + (*p++ - '0');
				} else {
					c = e; /* \" \\ and the rest */
				}
				break;
			}
		}
		if (o + 1 < outsz)
			out[o++] = (char)c;
	}
	if (p >= end)
		return -1; /* unterminated */
	out[o] = '\0';
	return (long)o;
}

/* ------------------------------------------------- AF_UNIX addresses */

/*
 * Decode the quoted address q[0..qe) (qe past the closing quote) into
 * out, '@' first if abstract.  Returns its length, 0 to skip it.
 */
static long unix_decode(const char *q, const char *qe, const char *end,
			bool abstract, char *out, size_t outsz)
{
	size_t at = abstract ? 1 : 0, i;
	long n;

	if (qe - q < 2 || qe[-1] != '"' || outsz < at + 2)
		return 0; /* unterminated */
	if (end - qe >= 3 && !memcmp(qe, "...", 3))
		return 0; /* cut by -s */
	n = strace_unquote(q, (size_t)(qe - q), out + at, outsz - at);
	if (n <= 0 || (size_t)n + at + 1 >= outsz)
		return 0; /* empty, not a string, or too long for out */
	if (abstract)
		out[0] = '@';
	for (i = at; i < at + (size_t)n; i++)
		if (out[i] == '\0')
			out[i] = '@';
	out[at + (size_t)n] = '\0';
	return (long)(at + (size_t)n);
}

/*
 * A -y decoration starting at p ('<' after an fd): if it is a -yy unix
 * socket's, "<UNIX[-TYPE]:[INODE[->PEER][,[@]"PATH"]]>", decode the path
 * into out (*n its length, 0 if none) and return the end of the
 * decoration; otherwise skip it as the argument scanner does.
 */
static const char *unix_decoration(const char *p, const char *end, char *out,
				   size_t outsz, long *n)
{
	const char *q = p + 1, *qe;
	bool abstract = false;

	*n = 0;
	if (!has_prefix(q, end, "UNIX"))
		return skip_decoration(p, end);
	q += 4;
	while (q < end && ((*q >= 'A' && *q <= 'Z') || *q == '-'))
		q++;
	if (!has_prefix(q, end, ":["))
		return skip_decoration(p, end);
	q += 2;
	while (q < end && is_digit(*q))
		q++;
	if (has_prefix(q, end, "->")) {
		q += 2;
		while (q < end && is_digit(*q))
			q++;
	}
	if (has_prefix(q, end, "]>"))
		return q + 2; /* no address */
	if (q >= end || *q != ',')
		return skip_decoration(p, end);
	q++;
	if (q < end && *q == '@') {
		abstract = true;
		q++;
	}
	if (q >= end || *q != '"')
		return skip_decoration(p, end);
	qe = skip_string(q, end);
	if (!has_prefix(qe, end, "]>"))
		return skip_decoration(p, end); /* cut, or not strace's */
	*n = unix_decode(q, qe, end, abstract, out, outsz);
	return qe + 2;
}

static const unsigned char unix_class[256] = {
	['"'] = 1, ['<'] = 1, ['/'] = 1,
};

long strace_unix_path(const char *s, size_t len, size_t *pos, char *out,
		      size_t outsz)
{
	const char *p, *end = s + len, *q;
	long n;

	if (*pos >= len)
		return 0;
	p = s + *pos;
	while (p < end) {
		/* the bytes that matter: '"', '<' and '/' (a comment) */
		while (p < end && !unix_class[(unsigned char)*p])
			p++;
		if (p >= end)
			break;
		switch (*p) {
		case '"': {
			const char *b = p;
			bool abstract = false;

			q = skip_string(p, end);
			if (b > s && b[-1] == '@') {
				b--;
				abstract = true;
			}
			if (b - s >= 9 && !memcmp(b - 9, "sun_path=", 9)) {
				n = unix_decode(p, q, end, abstract, out,
						outsz);
				if (n > 0) {
					*pos = (size_t)(q - s);
					return n;
				}
			}
			p = q;
			continue;
		}
		case '<':
			if (p > s && is_digit(p[-1])) {
				q = unix_decoration(p, end, out, outsz, &n);
				if (n > 0) {
					*pos = (size_t)(q - s);
					return n;
				}
				p = q;
				continue;
			}
			break;
		case '/':
			if (p + 1 < end && p[1] == '*') {
				q = p + 2;
				while (q + 1 < end &&
				       !(q[0] == '*' && q[1] == '/'))
					q++;
				p = q + 2;
				continue;
			}
			break;
		default:
			break;
		}
		p++;
	}
	*pos = len;
	return 0;
}
