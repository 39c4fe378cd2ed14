/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy-c.c - the libseccomp C source reader: the policy a program builds
 * with seccomp_init() and seccomp_rule_add*(), found with PCRE2 in the
 * source text (comments blanked first, positions kept).
 *
 *   seccomp_init(ACTION)                         the default action
 *   seccomp_arch_add(ctx, SCMP_ARCH_X86)         an admitted arch
 *   seccomp_rule_add(ctx, ACTION, SYSCALL, N, COND...)
 *   seccomp_rule_add_exact(...), seccomp_rule_add_array(...) (conditions
 *   of _array are in an array we cannot see: the rule counts as
 *   conditional)
 *
 * ACTION: SCMP_ACT_ALLOW, SCMP_ACT_KILL(_PROCESS|_THREAD), SCMP_ACT_TRAP,
 * SCMP_ACT_LOG, SCMP_ACT_NOTIFY, SCMP_ACT_ERRNO(E), SCMP_ACT_TRACE(N).
 * SYSCALL: SCMP_SYS(name), __NR_name, __SNR_name, SYS_name, a number (the
 * native arch's), seccomp_syscall_resolve_name("name") or a variable last
 * assigned from it before the call (what `emit --format c` writes).
 * COND: SCMP_A0(SCMP_CMP_EQ, V) .. SCMP_A5 (also _32/_64) and
 * SCMP_CMP(i, op, V[, V2]); V is a constant expression (AF_UNIX,
 * PROT_READ|PROT_WRITE, 0x10, ...).
 *
 * What cannot be read statically (a syscall or action held in a variable
 * we cannot trace) is a warning at FILE:LINE:COL and the rule is skipped:
 * the model is then short of that rule, and says so.
 *
 * The text is first run through the C preprocessor, so what the compiler
 * never sees (#if 0 ... #endif, the other branch of an #ifdef) is not
 * counted as allowed and a rule written through a macro (#define ALLOW(x)
 * seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(x), 0)) is read.  It runs
 * as `cpp -nostdinc -w -I STUB -` (posix_spawnp, no shell; $SYSCENSUS_CPP
 * names another, empty for none), where STUB holds a seccomp.h that
 * defines nothing (data/cpp-stub/), so SCMP_SYS(read) and SCMP_ACT_ALLOW
 * keep their names instead of becoming numbers.  Other #include lines are
 * blanked first (a policy must not make us read /dev/zero or a file it
 * names), and cpp gets 10 s.  Its # line markers map every line back to
 * the original file, so errors keep its FILE:LINE:COL.  Without a
 * preprocessor a file with conditional blocks or macros is refused with
 * a clear error.  Calls inside string literals are skipped.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pcre2.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/policy/policy.h"

extern char **environ;

struct csrc {
	const char *path;
	const char *orig; /* the file as written, for columns */
	char *text;       /* what is searched: preprocessed, comments blank */
	size_t len;
	struct policy *p;
	struct parse_error *pe;
	char *in_str;	  /* in_str[i]: text[i] is inside a literal */
	unsigned long *lmap; /* line of text -> line of orig (0: none);
			      * NULL when text is orig */
	size_t nlmap;
};

/* Blank comments, keeping newlines so offsets and lines stay right, and
 * mark what is inside string and character literals in in_str. */
static void blank_comments(char *s, size_t n, char *in_str)
{
	size_t i = 0;

	while (i < n) {
		if (s[i] == '"' || s[i] == '\'') {
			char q = s[i++];

			while (i < n && s[i] != q && s[i] != '\n') {
				if (s[i] == '\\' && i + 1 < n)
					in_str[i++] = 1;
				in_str[i++] = 1;
			}
			i++;
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			for (; i < n && !(s[i] == '*' && i + 1 < n &&
					  s[i + 1] == '/'); i++)
				if (s[i] != '\n')
					s[i] = ' ';
			if (i < n)
				s[i] = s[i + 1] = ' ', i += 2;
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
			for (; i < n && s[i] != '\n'; i++)
				s[i] = ' ';
		} else {
			i++;
		}
	}
}

/* Line and column of text offset off in the original file; false when
 * the token there is not on the original line (the column is then
 * cpp's). */
static bool pos_of(const struct csrc *c, size_t off, unsigned long *line,
		   unsigned long *col)
{
	size_t i, tok, n;
	const char *o, *hit;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < c->len; i++) {
		if (c->text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
	if (!c->lmap)
		return true;
	/* back to the original file: its line from the # line markers,
	 * the column of the same token on that line (cpp may respace) */
	*line = *line <= c->nlmap ? c->lmap[*line - 1] : 0;
	if (!*line) {
		*col = 0;
		return false;
	}
	for (o = c->orig, i = 1; i < *line && (o = strchr(o, '\n')); i++)
		o++;
	if (!o)
		return false;
	for (tok = off; tok < c->len && (isalnum((unsigned char)c->text[tok]) ||
					  c->text[tok] == '_'); tok++)
		;
	n = tok - off;
	if (!n)
		return false;
	for (hit = o; *hit && *hit != '\n'; hit++)
		if (!strncmp(hit, c->text + off, n) &&
		    (hit == o || (!isalnum((unsigned char)hit[-1]) &&
				  hit[-1] != '_')) &&
		    !isalnum((unsigned char)hit[n]) && hit[n] != '_') {
			*col = (unsigned long)(hit - o) + 1;
			return true;
		}
	return false;
}

/* ------------------------------------------------------ preprocessing */

static const char *skip_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

#define CPP_SECONDS 10
#define CPP_MAX_OUT (64u << 20)

/* The stub directory with seccomp.h: $SYSCENSUS_DATADIR, PKGDATADIR,
 * SRCDATADIR (each + "/cpp-stub"); NULL if none has it. */
static char *cpp_stub_dir(void)
{
	const char *dirs[3];
	size_t i;

	dirs[0] = getenv("SYSCENSUS_DATADIR");
	dirs[1] = PKGDATADIR;
	dirs[2] = SRCDATADIR;
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		char *d, *h;
		bool ok;

		if (!dirs[i] || !*dirs[i])
			continue;
		d = xasprintf("%s/cpp-stub", dirs[i]);
		h = xasprintf("%s/seccomp.h", d);
		ok = access(h, R_OK) == 0;
		free(h);
		if (ok)
			return d;
		free(d);
	}
	return NULL;
}

/* The text with every #include line blanked but <seccomp.h>'s. */
static char *blank_includes(const char *text, size_t len)
{
	char *t = xstrndup(text, len), *l = t;

	while (l && *l) {
		char *nl = strchr(l, '\n'), *q = l;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '#') {
			q++;
			while (*q == ' ' || *q == '\t')
				q++;
			if (!strncmp(q, "include", 7) &&
			    strncmp(skip_blank(q + 7), "<seccomp.h>", 11))
				memset(l, ' ', nl ? (size_t)(nl - l) :
				       strlen(l));
		}
		l = nl ? nl + 1 : NULL;
	}
	return t;
}

/* Does the text use the preprocessor beyond #include? */
static bool has_directives(const char *text)
{
	const char *l = text;

	for (; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *q = skip_blank(l);

		if (*q == '#' && strncmp(skip_blank(q + 1), "include", 7))
			return true;
	}
	return false;
}

/* A temporary file (unlinked) holding text, at offset 0; -1 on error. */
static int tmp_input(const char *text)
{
	const char *dir = getenv("TMPDIR");
	char *tmpl;
	size_t len = strlen(text), off = 0;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	tmpl = xasprintf("%s/syscensus-cpp.XXXXXX", dir);
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd >= 0)
		unlink(tmpl);
	free(tmpl);
	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Run cpp on text: 0 with its output in out, 1 when no preprocessor can
 * be started, -1 with pe set (cpp failed, timed out, said too much).
 */
static int run_cpp(const char *path, const char *text, const char *stub,
		   struct strbuf *out, struct parse_error *pe)
{
	const char *cpp = getenv("SYSCENSUS_CPP");
	char *argv[] = { (char *)"cpp", (char *)"-nostdinc", (char *)"-w",
			 (char *)"-I", (char *)stub, (char *)"-", NULL };
	posix_spawn_file_actions_t fa;
	int pfd[2], in, status, ret = -1;
	struct timespec t0, now;
	bool timeout = false;
	pid_t pid;

	if (cpp && !*cpp)
		return 1;
	if (cpp)
		argv[0] = (char *)cpp;
	in = tmp_input(text);
	if (in < 0) {
		parse_error_set(pe, path, 0, 0, "cannot preprocess: a "
				"temporary file: %s", strerror(errno));
		return -1;
	}
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		close(in);
		parse_error_set(pe, path, 0, 0, "cannot preprocess: %s",
				strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(in);
		close(pfd[0]);
		close(pfd[1]);
		return 1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(in);
	close(pfd[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pf = { pfd[0], POLLIN, 0 };
		char buf[65536];
		ssize_t n;
		long left;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = CPP_SECONDS * 1000L - ((now.tv_sec - t0.tv_sec) * 1000L +
			(now.tv_nsec - t0.tv_nsec) / 1000000L);
		if (left <= 0 || out->len > CPP_MAX_OUT) {
			timeout = true;
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&pf, 1, (int)left) < 0 && errno != EINTR)
			break;
		if (!pf.revents)
			continue;
		n = read(pfd[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		strbuf_add(out, buf, (size_t)n);
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			break;
	if (timeout) {
		parse_error_set(pe, path, 0, 0, "the C preprocessor (%s) took "
				"more than %d s or wrote more than 64 MiB",
				argv[0], CPP_SECONDS);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		/* its first error, "<stdin>:LINE:COL: error: ..." */
		const char *e = strstr(out->buf ? out->buf : "", "<stdin>:");
		unsigned long line = 0, col = 0;
		const char *msg = "failed";
		char *end;

		if (e) {
			line = strtoul(e + 8, &end, 10);
			if (*end == ':')
				col = strtoul(end + 1, &end, 10);
			msg = strstr(e, "error: ");
			msg = msg ? msg + 7 : "failed";
		}
		parse_error_set(pe, path, line, col, "C preprocessor: %.*s",
				(int)strcspn(msg, "\n"), msg);
	} else {
		ret = 0;
	}
	return ret;
}

/*
 * Keep the lines cpp took from the file itself (# line markers naming
 * "<stdin>"), each with its line in the original, in c->text and c->lmap.
 */
static void cpp_map(struct csrc *c, const char *out)
{
	struct strbuf t = STRBUF_INIT;
	unsigned long cur = 1;
	size_t alloc = 0;
	bool ours = true;
	const char *l = out;

	while (*l) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);

		if (l[0] == '#' && l[1] == ' ' && isdigit((unsigned char)l[2])) {
			char *end;

			cur = strtoul(l + 2, &end, 10);
			ours = !strncmp(end, " \"<stdin>\"", 10);
		} else {
			strbuf_add(&t, l, n);
			strbuf_addch(&t, '\n');
			c->lmap = xgrow(c->lmap, sizeof(*c->lmap),
					c->nlmap + 1, &alloc);
			c->lmap[c->nlmap++] = ours ? cur : 0;
			if (!ours)
				/* not the file's: nothing to read there */
				memset(t.buf + t.len - n - 1, ' ', n);
			cur++;
		}
		l = nl ? nl + 1 : l + n;
	}
	free(c->text);
	c->len = t.len;
	c->text = strbuf_detach(&t, NULL);
}

/* Split the argument list starting after '(' at off into top-level
 * [start, end) pieces; returns the count or -1 if unbalanced. */
static int split_args(const char *s, size_t len, size_t off, size_t *starts,
		      size_t *ends, int max, size_t *close)
{
	int depth = 0, n = 0;
	size_t i = off, start = off;

	for (; i < len; i++) {
		char ch = s[i];

		if (ch == '"' || ch == '\'') {
			for (i++; i < len && s[i] != ch; i++)
				if (s[i] == '\\')
					i++;
			continue;
		}
		if (ch == '(' || ch == '[' || ch == '{') {
			depth++;
		} else if (ch == ')' || ch == ']' || ch == '}') {
			if (depth-- == 0) {
				if (n < max) {
					starts[n] = start;
					ends[n] = i;
				}
				n++;
				*close = i;
				return n > max ? max : n;
			}
		} else if (ch == ',' && depth == 0) {
			if (n < max) {
				starts[n] = start;
				ends[n] = i;
			}
			n++;
			start = i + 1;
		}
	}
	return -1;
}

static void trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && isspace((unsigned char)s[*a]))
		(*a)++;
	while (*b > *a && isspace((unsigned char)s[*b - 1]))
		(*b)--;
}

static bool piece_is(const char *s, size_t a, size_t b, const char *w)
{
	return b - a == strlen(w) && !memcmp(s + a, w, b - a);
}

/* "MACRO(" prefix: the offset inside the parentheses, else 0. */
static size_t macro_arg(const char *s, size_t a, size_t b, const char *m,
			size_t *inner_end)
{
	size_t n = strlen(m), i;

	if (b - a <= n + 1 || memcmp(s + a, m, n))
		return 0;
	i = a + n;
	while (i < b && isspace((unsigned char)s[i]))
		i++;
	if (i >= b || s[i] != '(' || s[b - 1] != ')')
		return 0;
	*inner_end = b - 1;
	return i + 1;
}

static int parse_action(const struct csrc *c, size_t a, size_t b,
			struct action *act)
{
	static const struct {
		const char *name;
		enum action_kind kind;
	} plain[] = {
		{ "SCMP_ACT_ALLOW", ACTION_ALLOW },
		{ "SCMP_ACT_KILL", ACTION_KILL_THREAD },
		{ "SCMP_ACT_KILL_THREAD", ACTION_KILL_THREAD },
		{ "SCMP_ACT_KILL_PROCESS", ACTION_KILL_PROCESS },
		{ "SCMP_ACT_TRAP", ACTION_TRAP },
		{ "SCMP_ACT_LOG", ACTION_LOG },
		{ "SCMP_ACT_NOTIFY", ACTION_NOTIFY },
	};
	const char *s = c->text;
	size_t i, in, ie;

	trim(s, &a, &b);
	act->data = 0;
	for (i = 0; i < ARRAY_SIZE(plain); i++)
		if (piece_is(s, a, b, plain[i].name)) {
			act->kind = plain[i].kind;
			return 0;
		}
	if ((in = macro_arg(s, a, b, "SCMP_ACT_ERRNO", &ie)) ||
	    (in = macro_arg(s, a, b, "SCMP_ACT_TRACE", &ie))) {
		char buf[64];
		uint64_t v;
		int e;

		trim(s, &in, &ie);
		if (ie - in >= sizeof(buf) || ie == in)
			return -1;
		memcpy(buf, s + in, ie - in);
		buf[ie - in] = '\0';
		act->kind = s[a + 9] == 'E' ? ACTION_ERRNO : ACTION_TRACE;
		e = errno_from_name(buf);
		if (e < 0) {
			if (const_eval(buf, strlen(buf), &v) ||
			    v > 0xffff)
				return -1;
			e = (int)v;
		}
		act->data = e;
		return 0;
	}
	return -1;
}

/* The syscall name of an expression, or NULL (caller frees). */
static char *parse_syscall(const struct csrc *c, size_t a, size_t b,
			   size_t call_off)
{
	static const char *const prefixes[] = { "__SNR_", "__NR_", "SYS_" };
	const char *s = c->text;
	size_t in, ie, i;
	PCRE2_SPTR pat;

	trim(s, &a, &b);
	if ((in = macro_arg(s, a, b, "SCMP_SYS", &ie))) {
		trim(s, &in, &ie);
		return xstrndup(s + in, ie - in);
	}
	if ((in = macro_arg(s, a, b, "seccomp_syscall_resolve_name_arch",
			    &ie)) ||
	    (in = macro_arg(s, a, b, "seccomp_syscall_resolve_name", &ie))) {
		const char *q1 = memchr(s + in, '"', ie - in), *q2;

		if (!q1)
			return NULL;
		q2 = memchr(q1 + 1, '"', (size_t)(s + ie - q1 - 1));
		return q2 ? xstrndup(q1 + 1, (size_t)(q2 - q1 - 1)) : NULL;
	}
	for (i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t n = strlen(prefixes[i]);

		if (b - a > n && !memcmp(s + a, prefixes[i], n))
			return xstrndup(s + a + n, b - a - n);
	}
	if (isdigit((unsigned char)s[a])) {
		uint64_t v;
		char buf[SYSCALL_NAME_MAX];

		if (const_eval(s + a, b - a, &v) || v > 0xffffff)
			return NULL;
		return xstrdup(syscall_name(arch_native(), (int)v, buf));
	}
	/* a variable: its last `VAR = seccomp_syscall_resolve_name("x")` */
	for (i = a; i < b; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return NULL;
	{
		char *re = xasprintf("\\b%.*s\\s*=\\s*seccomp_syscall_resolve_"
				     "name(?:_arch\\s*\\([^,()]*,|\\()\\s*\"("
				     "[A-Za-z0-9_]+)\"\\s*\\)", (int)(b - a),
				     s + a);
		pcre2_code *code;
		pcre2_match_data *md;
		int errc;
		PCRE2_SIZE erro, start = 0;
		char *name = NULL;

		pat = (PCRE2_SPTR)re;
		code = pcre2_compile(pat, PCRE2_ZERO_TERMINATED, 0, &errc,
				     &erro, NULL);
		free(re);
		if (!code)
			return NULL;
		md = pcre2_match_data_create_from_pattern(code, NULL);
		while (pcre2_match(code, (PCRE2_SPTR)s, call_off, start, 0, md,
				   NULL) > 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

			free(name);
			name = xstrndup(s + ov[2], ov[3] - ov[2]);
			start = ov[1];
		}
		pcre2_match_data_free(md);
		pcre2_code_free(code);
		return name;
	}
}

static int parse_cond(const struct csrc *c, size_t a, size_t b,
		      struct arg_cond *out)
{
	const char *s = c->text;
	size_t st[4], en[4], close, in = 0;
	int n, first = 0, idx = -1;
	uint64_t v;

	trim(s, &a, &b);
	memset(out, 0, sizeof(*out));
	if (b - a > 7 && !memcmp(s + a, "SCMP_A", 6) &&
	    s[a + 6] >= '0' && s[a + 6] <= '5') {
		idx = s[a + 6] - '0';
		in = a + 7;
		while (in < b && s[in] != '(')
			in++;
		in++;
	} else if (b - a > 8 && !memcmp(s + a, "SCMP_CMP", 8)) {
		in = a + 8;
		while (in < b && s[in] != '(')
			in++;
		in++;
	}
	if (!in || in >= b)
		return -1;
	n = split_args(s, b, in, st, en, 4, &close);
	if (n < 2)
		return -1;
	if (idx < 0) {
		trim(s, &st[0], &en[0]);
		if (const_eval(s + st[0], en[0] - st[0], &v) || v > 5)
			return -1;
		idx = (int)v;
		first = 1;
	}
	if (n - first < 2)
		return -1;
	out->index = (unsigned)idx;
	trim(s, &st[first], &en[first]);
	if (arg_op_from_scmp_name(s + st[first], en[first] - st[first],
				  &out->op) < 0)
		return -1;
	trim(s, &st[first + 1], &en[first + 1]);
	if (const_eval(s + st[first + 1], en[first + 1] - st[first + 1],
			      &out->value))
		return -1;
	if (n - first > 2) {
		trim(s, &st[first + 2], &en[first + 2]);
		if (const_eval(s + st[first + 2],
				      en[first + 2] - st[first + 2],
				      &out->value2))
			return -1;
	}
	return 0;
}

static int c_error(struct csrc *c, size_t off, const char *what)
{
	unsigned long line, col;

	pos_of(c, off, &line, &col);
	parse_error_set(c->pe, c->path, line, col, "%s", what);
	return -1;
}

static void c_warn(struct csrc *c, size_t off, const char *what)
{
	unsigned long line, col;

	pos_of(c, off, &line, &col);
	warning("%s:%lu:%lu: %s", c->path, line, col, what);
}

static void add_arch(struct policy *p, uint32_t t)
{
	size_t i;

	for (i = 0; i < p->narches; i++)
		if (p->arches[i] == t)
			return;
	p->arches = xrealloc(p->arches, (p->narches + 1) * sizeof(*p->arches));
	p->arches[p->narches++] = t;
}

static int handle_call(struct csrc *c, const char *fn, size_t call_off,
		       size_t open)
{
	const char *s = c->text;
	size_t st[16], en[16], close, i, name_off;
	int n = split_args(s, c->len, open + 1, st, en, 16, &close);
	struct action act;

	if (n < 0)
		return c_error(c, call_off, "unbalanced parentheses");
	if (!strcmp(fn, "seccomp_init")) {
		if (n < 1 || parse_action(c, st[0], en[0], &act) < 0) {
			c_warn(c, st[0], "seccomp_init() with an action we "
			       "cannot read; default left as kill-process");
			return 0;
		}
		c->p->default_action = act;
		/* seccomp_init() admits the native arch */
		add_arch(c->p, arch_native());
		return 0;
	}
	if (!strcmp(fn, "seccomp_arch_add")) {
		char *name;
		uint32_t t;

		if (n < 2)
			return 0;
		trim(s, &st[1], &en[1]);
		name = xstrndup(s + st[1], en[1] - st[1]);
		t = arch_from_name(name);
		free(name);
		if (!t) {
			c_warn(c, st[1], "architecture we cannot read");
			return 0;
		}
		add_arch(c->p, t);
		return 0;
	}
	/* seccomp_rule_add* (ctx, action, syscall, count, conds...) */
	{
		struct policy_rule *r;
		unsigned long line, col;
		char *name;
		uint64_t cnt = 0;
		bool array = strstr(fn, "_array") != NULL;

		if (n < 4)
			return c_error(c, call_off, "seccomp_rule_add needs "
				       "ctx, action, syscall and a count");
		if (parse_action(c, st[1], en[1], &act) < 0) {
			trim(s, &st[1], &en[1]);
			c_warn(c, st[1], "an action we cannot read: rule "
			       "skipped");
			return 0;
		}
		name = parse_syscall(c, st[2], en[2], call_off);
		trim(s, &st[2], &en[2]);
		if (!name) {
			c_warn(c, st[2], "a syscall we cannot read: rule "
			       "skipped");
			return 0;
		}
		{
			/* where the name itself is: a macro's argument is
			 * what the original line shows */
			const char *at = strstr(s + st[2], name);

			name_off = st[2];
			if (at && (size_t)(at - s) < en[2] &&
			    !pos_of(c, st[2], &line, &col))
				name_off = (size_t)(at - s);
		}
		if (!syscall_name_known(name) &&
		    syscall_resolve_name(arch_native(), name) < 0) {
			char *msg = xasprintf("unknown syscall '%s'", name);

			c_error(c, name_off, msg);
			free(msg);
			free(name);
			return -1;
		}
		pos_of(c, name_off, &line, &col);
		r = policy_add_rule(c->p, name, 0, act);
		free(name);
		r->file = xstrdup(c->path);
		r->line = line;
		r->col = col;
		trim(s, &st[3], &en[3]);
		if (const_eval(s + st[3], en[3] - st[3], &cnt))
			cnt = 1; /* a variable count: conditional */
		if (array) {
			if (cnt) {
				struct arg_cond any = { 0, ARG_MASKED_EQ,
							0, 0 };

				c_warn(c, st[3], "conditions of "
				       "seccomp_rule_add_array are not read: "
				       "the rule counts as conditional");
				policy_rule_add_cond(r, &any);
			}
			return 0;
		}
		for (i = 4; i < (size_t)n; i++) {
			struct arg_cond cond;

			if (parse_cond(c, st[i], en[i], &cond) < 0) {
				trim(s, &st[i], &en[i]);
				return c_error(c, st[i], "cannot read this "
					       "condition (SCMP_A0(SCMP_CMP_EQ,"
					       " V) or SCMP_CMP(i, op, V))");
			}
			policy_rule_add_cond(r, &cond);
		}
	}
	return 0;
}

int policy_read_c(const char *path, const char *text, size_t len,
		  struct policy *p, struct parse_error *pe)
{
	static const char pattern[] =
		"\\b(seccomp_init|seccomp_arch_add|seccomp_rule_add"
		"(?:_exact)?(?:_array)?)\\s*\\(";
	struct csrc c = { path, text, NULL, len, p, pe, NULL, NULL, 0 };
	pcre2_code *code = NULL;
	pcre2_match_data *md = NULL;
	PCRE2_SIZE erro, start = 0;
	int errc, ret = -1;
	bool any = false;

	if (memchr(text, '\0', len)) {
		parse_error_set(pe, path, 0, 0, "binary data in C source");
		return -1;
	}
	c.text = xstrndup(text, len);
	{
		char *stub = cpp_stub_dir(), *in = blank_includes(text, len);
		struct strbuf out = STRBUF_INIT;
		int rc = stub ? run_cpp(path, in, stub, &out, pe) : 1;

		if (rc == 0)
			cpp_map(&c, out.buf ? out.buf : "");
		strbuf_release(&out);
		free(stub);
		free(in);
		if (rc < 0)
			goto out;
		if (rc > 0 && has_directives(text)) {
			parse_error_set(pe, path, 0, 0, "%s", "#if, #ifdef or "
					"#define need a C preprocessor and none "
					"can run (cpp, or $SYSCENSUS_CPP; the "
					"stub seccomp.h under the data "
					"directory): refusing to guess which "
					"rules the compiler sees");
			goto out;
		}
	}
	len = c.len;
	c.in_str = xcalloc(len + 1, 1);
	blank_comments(c.text, len, c.in_str);
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0,
			     &errc, &erro, NULL);
	if (!code) {
		parse_error_set(pe, path, 0, 0, "internal: bad pattern");
		goto out;
	}
	md = pcre2_match_data_create_from_pattern(code, NULL);
	p->default_action.kind = ACTION_KILL_THREAD; /* if no seccomp_init */
	while (pcre2_match(code, (PCRE2_SPTR)c.text, len, start, 0, md,
			   NULL) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		char *fn;
		int rc;

		if (c.in_str[ov[0]]) {
			/* in a string literal: not code */
			start = ov[1];
			continue;
		}
		fn = xstrndup(c.text + ov[2], ov[3] - ov[2]);
		any = true;
		rc = handle_call(&c, fn, ov[0], ov[1] - 1);
		free(fn);
		if (rc < 0)
			goto out;
		start = ov[1];
	}
	if (!any) {
		parse_error_set(pe, path, 0, 0, "no seccomp_init() or "
				"seccomp_rule_add() calls found");
		goto out;
	}
	ret = 0;
out:
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	free(c.text);
	free(c.in_str);
	free(c.lmap);
	return ret;
}
