/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kb.c - the knowledge base: the *.rules files of data/ (format in data/README
 * and syscensus-rules(5)) saying which syscalls a program will probably
 * need although its trace did not show them.
 *
 * kb_load() parses every rule file of a directory into memory, reporting
 * the first bad line as FILE:LINE:COL.  kb_evaluate() matches the rules'
 * triggers (observed syscalls and facts: paths, flags, handlers, signals,
 * arguments) and turns each implied syscall that is neither observed nor
 * allowed by the policy into a flag with its evidence.  diff, check, emit
 * and lint use the flags; the rules are data, reviewed like code.
 */
#include "config.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"

/* A rule file is small reviewed text; anything larger is not ours. */
#define KB_FILE_MAX (4u << 20)
/* Evidence lists at most this many items, then "...". */
#define KB_EVIDENCE_MAX 3

enum kb_trigger_kind {
	TRIG_SYSCALL, /* any of values observed */
	TRIG_ALL,     /* every one of values observed */
	TRIG_PATH,    /* a fact of kind "path" matches a glob */
	TRIG_FLAG,    /* a fact of kind "flag" matches */
	TRIG_HANDLER, /* a fact of kind "handler" (any when no values) */
	TRIG_SIGNAL,  /* a fact of kind "signal" matches */
	TRIG_ARG,     /* a fact of kind "arg" of syscall matches */
	TRIG_ANY,     /* at least one syscall observed */
};

struct kb_trigger {
	enum kb_trigger_kind kind;
	char *syscall; /* TRIG_ARG only */
	char **values;
	size_t nvalues;
};

enum kb_severity { SEV_INFO, SEV_WARNING, SEV_ERROR, SEV_UNSET };

static const char *const severity_names[] = { "info", "warning", "error" };

struct kb_rule {
	char *id;
	char *file;
	unsigned long line;
	struct kb_trigger *triggers;
	size_t ntriggers;
	char **implies;
	size_t nimplies;
	enum kb_severity severity;
	struct strbuf reason;
	struct strbuf reference;
	struct action advice;
};

struct kb {
	char *dir;
	struct kb_rule *rules;
	size_t nrules, alloc;
};

/* ------------------------------------------------------------- freeing */

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void rule_release(struct kb_rule *r)
{
	size_t i;

	free(r->id);
	free(r->file);
	for (i = 0; i < r->ntriggers; i++) {
		free(r->triggers[i].syscall);
		free_strv(r->triggers[i].values, r->triggers[i].nvalues);
	}
	free(r->triggers);
	free_strv(r->implies, r->nimplies);
	strbuf_release(&r->reason);
	strbuf_release(&r->reference);
}

void kb_free(struct kb *kb)
{
	size_t i;

	if (!kb)
		return;
	for (i = 0; i < kb->nrules; i++)
		rule_release(&kb->rules[i]);
	free(kb->rules);
	free(kb->dir);
	free(kb);
}

size_t kb_rule_count(const struct kb *kb)
{
	return kb ? kb->nrules : 0;
}

const char *kb_dir(const struct kb *kb)
{
	return kb ? kb->dir : NULL;
}

/* ------------------------------------------------------------- parsing */

struct kb_parser {
	struct kb *kb;
	const char *file;
	unsigned long line;
	struct parse_error *pe;
	struct kb_rule *rule;     /* the rule being read, or NULL */
	struct strbuf *continued; /* field that indented lines continue */
};

/* Split s (modified in place) at blanks; returns the count. */
static size_t split_words(char *s, char **words, size_t max)
{
	size_t n = 0;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			break;
		if (n == max)
			return max + 1;
		words[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	return n;
}

static int perr(struct kb_parser *ps, const char *at, const char *linestart,
		const char *fmt, ...) ATTR_PRINTF(4, 5);

/* Report at the column of `at` in the line starting at linestart. */
static int perr(struct kb_parser *ps, const char *at, const char *linestart,
		const char *fmt, ...)
{
	unsigned long col =
		at && linestart ? (unsigned long)(at - linestart) + 1 : 1;
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	parse_error_set(ps->pe, ps->file, ps->line, col, "%s", msg);
	return -1;
}

static bool valid_id(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '.' || *s == '_'))
			return false;
	return true;
}

static const struct kb_rule *find_rule(const struct kb *kb, const char *id)
{
	size_t i;

	for (i = 0; i < kb->nrules; i++)
		if (!strcmp(kb->rules[i].id, id))
			return &kb->rules[i];
	return NULL;
}

static int check_syscalls(struct kb_parser *ps, char **w, size_t n,
			  const char *ls)
{
	size_t i;

	if (!n)
		return perr(ps, NULL, NULL, "%s: expected syscall names",
			    "syscall list");
	for (i = 0; i < n; i++)
		if (!syscall_name_known(w[i]))
			return perr(ps, w[i], ls,
				    "unknown syscall '%s' (not known to "
				    "libseccomp on any architecture)", w[i]);
	return 0;
}

static char **dup_words(char **w, size_t n)
{
	char **v = xcalloc(n ? n : 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = xstrdup(w[i]);
	return v;
}

static void add_implies(struct kb_rule *r, char **w, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < r->nimplies; j++)
			if (!strcmp(r->implies[j], w[i]))
				break;
		if (j < r->nimplies)
			continue;
		r->implies = xrealloc(r->implies,
				      (r->nimplies + 1) * sizeof(*r->implies));
		r->implies[r->nimplies++] = xstrdup(w[i]);
	}
}

static struct kb_trigger *add_trigger(struct kb_rule *r,
				      enum kb_trigger_kind kind)
{
	struct kb_trigger *t;

	r->triggers = xrealloc(r->triggers,
			       (r->ntriggers + 1) * sizeof(*r->triggers));
	t = &r->triggers[r->ntriggers++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	return t;
}

static const struct {
	const char *name;
	enum kb_trigger_kind kind;
} trigger_kinds[] = {
	{ "syscall", TRIG_SYSCALL }, { "all", TRIG_ALL },
	{ "path", TRIG_PATH },       { "flag", TRIG_FLAG },
	{ "handler", TRIG_HANDLER }, { "signal", TRIG_SIGNAL },
	{ "arg", TRIG_ARG },         { "any", TRIG_ANY },
};

static int parse_trigger(struct kb_parser *ps, char **w, size_t n,
			 const char *ls)
{
	struct kb_trigger *t;
	size_t i;

	if (n < 2)
		return perr(ps, w[0], ls, "'%s' needs a kind: syscall, all, "
			    "path, flag, handler, signal, arg or any", w[0]);
	for (i = 0; i < ARRAY_SIZE(trigger_kinds); i++)
		if (!strcmp(trigger_kinds[i].name, w[1]))
			break;
	if (i == ARRAY_SIZE(trigger_kinds))
		return perr(ps, w[1], ls, "unknown trigger kind '%s'", w[1]);
	switch (trigger_kinds[i].kind) {
	case TRIG_SYSCALL:
	case TRIG_ALL:
		if (check_syscalls(ps, w + 2, n - 2, ls) < 0)
			return -1;
		break;
	case TRIG_ANY:
		if (n > 2)
			return perr(ps, w[2], ls, "'any' takes no value, "
				    "found '%s'", w[2]);
		break;
	case TRIG_HANDLER:
		break;
	case TRIG_ARG:
		if (n < 4)
			return perr(ps, w[1], ls, "'%s' needs a syscall and "
				    "at least one value", "trigger arg");
		if (check_syscalls(ps, w + 2, 1, ls) < 0)
			return -1;
		break;
	default:
		if (n < 3)
			return perr(ps, w[1], ls,
				    "trigger '%s' needs at least one value",
				    w[1]);
		break;
	}
	t = add_trigger(ps->rule, trigger_kinds[i].kind);
	if (t->kind == TRIG_ARG) {
		t->syscall = xstrdup(w[2]);
		t->values = dup_words(w + 3, n - 3);
		t->nvalues = n - 3;
	} else {
		t->values = dup_words(w + 2, n - 2);
		t->nvalues = n - 2;
	}
	return 0;
}

/* "errno ENOSYS", "errno 38", "allow", "log", "kill-process", ... */
static int parse_advice(struct kb_parser *ps, char **w, size_t n,
			const char *ls, struct action *a)
{
	static const struct {
		const char *name;
		enum action_kind kind;
	} names[] = {
		{ "allow", ACTION_ALLOW }, { "log", ACTION_LOG },
		{ "kill-process", ACTION_KILL_PROCESS },
		{ "kill-thread", ACTION_KILL_THREAD }, { "trap", ACTION_TRAP },
	};
	size_t i;

	if (n < 2)
		return perr(ps, w[0], ls, "'%s' needs an action, e.g. "
			    "'errno ENOSYS'", w[0]);
	if (!strcmp(w[1], "errno")) {
		char *end;
		long v;

		if (n != 3)
			return perr(ps, w[1], ls, "'%s' takes one errno name",
				    "advice errno");
		v = errno_from_name(w[2]);
		if (v < 0) {
			errno = 0;
			v = strtol(w[2], &end, 10);
			if (*end || v <= 0 || v > 4095)
				return perr(ps, w[2], ls,
					    "unknown errno '%s'", w[2]);
		}
		a->kind = ACTION_ERRNO;
		a->data = (int)v;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(names[i].name, w[1]) && n == 2) {
			a->kind = names[i].kind;
			a->data = 0;
			return 0;
		}
	return perr(ps, w[1], ls, "unknown advice '%s'", w[1]);
}

static int finish_rule(struct kb_parser *ps)
{
	struct kb_rule *r = ps->rule;
	const char *missing = NULL;
	unsigned long line = ps->line;
	int ret = 0;

	if (!r)
		return 0;
	if (!r->ntriggers)
		missing = "trigger";
	else if (!r->nimplies)
		missing = "implies";
	else if (r->severity == SEV_UNSET)
		missing = "severity";
	else if (!r->reason.len)
		missing = "reason";
	else if (!r->reference.len)
		missing = "reference";
	if (missing) {
		parse_error_set(ps->pe, ps->file, r->line, 1,
				"rule '%s' has no '%s'", r->id, missing);
		ret = -1;
	}
	(void)line;
	ps->rule = NULL;
	ps->continued = NULL;
	return ret;
}

static void append_text(struct strbuf *sb, const char *text)
{
	while (*text == ' ' || *text == '\t')
		text++;
	if (!*text)
		return;
	if (sb->len)
		strbuf_addch(sb, ' ');
	strbuf_addstr(sb, text);
	strbuf_rtrim(sb);
}

/* One line, without its newline (modified in place). */
static int parse_line(struct kb_parser *ps, char *line)
{
	char *words[64], *copy, *rest;
	const char *ls = line;
	struct kb_rule *r;
	size_t n, klen;
	int ret = -1;

	if (strchr(line, '\r'))
		*strchr(line, '\r') = '\0';
	rest = line;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (!*rest || *rest == '#')
		return 0;
	if (rest != line) {
		/* an indented line continues reason or reference */
		if (!ps->continued)
			return perr(ps, rest, ls, "%s", "an indented line "
				    "continues only 'reason' or 'reference'");
		append_text(ps->continued, rest);
		return 0;
	}
	ps->continued = NULL;
	klen = strcspn(line, " \t");
	copy = xstrdup(line);
	n = split_words(copy, words, ARRAY_SIZE(words));
	if (n > ARRAY_SIZE(words)) {
		perr(ps, NULL, NULL, "%s", "too many words on one line");
		goto out;
	}
	/* columns of words[] point into copy: measure against it */
	ls = copy;
	if (!strcmp(words[0], "rule")) {
		if (finish_rule(ps) < 0)
			goto out;
		if (n != 2 || !valid_id(words[1])) {
			perr(ps, n > 1 ? words[1] : words[0], ls, "%s",
			     "'rule' takes one id of a-z, 0-9, '-', '.', '_'");
			goto out;
		}
		if (find_rule(ps->kb, words[1])) {
			perr(ps, words[1], ls, "duplicate rule id '%s'",
			     words[1]);
			goto out;
		}
		ps->kb->rules = xgrow(ps->kb->rules, sizeof(*ps->kb->rules),
				      ps->kb->nrules + 1, &ps->kb->alloc);
		r = &ps->kb->rules[ps->kb->nrules++];
		memset(r, 0, sizeof(*r));
		r->id = xstrdup(words[1]);
		r->file = xstrdup(ps->file);
		r->line = ps->line;
		r->severity = SEV_UNSET;
		strbuf_init(&r->reason, 0);
		strbuf_init(&r->reference, 0);
		ps->rule = r;
		ret = 0;
		goto out;
	}
	r = ps->rule;
	if (!r) {
		perr(ps, words[0], ls, "'%s' outside a rule (start one with "
		     "'rule ID')", words[0]);
		goto out;
	}
	if (!strcmp(words[0], "trigger")) {
		ret = parse_trigger(ps, words, n, ls);
	} else if (!strcmp(words[0], "family")) {
		struct kb_trigger *t;

		if (check_syscalls(ps, words + 1, n - 1, ls) < 0)
			goto out;
		if (n < 3) {
			perr(ps, words[0], ls, "'%s' needs two or more "
			     "syscalls", words[0]);
			goto out;
		}
		t = add_trigger(r, TRIG_SYSCALL);
		t->values = dup_words(words + 1, n - 1);
		t->nvalues = n - 1;
		add_implies(r, words + 1, n - 1);
		ret = 0;
	} else if (!strcmp(words[0], "implies")) {
		if (check_syscalls(ps, words + 1, n - 1, ls) < 0)
			goto out;
		add_implies(r, words + 1, n - 1);
		ret = 0;
	} else if (!strcmp(words[0], "severity")) {
		size_t i;

		for (i = 0; n == 2 && i < ARRAY_SIZE(severity_names); i++)
			if (!strcmp(words[1], severity_names[i]))
				break;
		if (n != 2 || i == ARRAY_SIZE(severity_names)) {
			perr(ps, n > 1 ? words[1] : words[0], ls, "%s",
			     "severity is one of info, warning, error");
			goto out;
		}
		if (r->severity != SEV_UNSET) {
			perr(ps, words[0], ls, "%s", "severity given twice");
			goto out;
		}
		r->severity = (enum kb_severity)i;
		ret = 0;
	} else if (!strcmp(words[0], "reason") ||
		   !strcmp(words[0], "reference")) {
		struct strbuf *sb = words[0][2] == 'a' ? &r->reason
							: &r->reference;

		if (sb == &r->reason && sb->len) {
			perr(ps, words[0], ls, "%s", "reason given twice");
			goto out;
		}
		if (sb == &r->reference && sb->len)
			strbuf_addstr(sb, ";");
		append_text(sb, line + klen);
		if (!sb->len) {
			perr(ps, words[0], ls, "'%s' needs text", words[0]);
			goto out;
		}
		ps->continued = sb;
		ret = 0;
	} else if (!strcmp(words[0], "advice")) {
		ret = parse_advice(ps, words, n, ls, &r->advice);
	} else {
		perr(ps, words[0], ls, "unknown keyword '%s'", words[0]);
	}
out:
	free(copy);
	return ret;
}

static int parse_file(struct kb *kb, const char *path, const char *display,
		      struct parse_error *pe)
{
	struct strbuf sb = STRBUF_INIT;
	struct kb_parser ps = { kb, display, 0, pe, NULL, NULL };
	char *p, *nl;
	int rc, ret = -1;

	rc = strbuf_read_file(&sb, path, KB_FILE_MAX);
	if (rc < 0) {
		parse_error_set(pe, display, 0, 0, "cannot read: %s",
				input_strerror(rc));
		goto out;
	}
	if (memchr(sb.buf, '\0', sb.len)) {
		parse_error_set(pe, display, 0, 0,
				"binary data in a rule file");
		goto out;
	}
	for (p = sb.buf; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		ps.line++;
		if (nl)
			*nl = '\0';
		if (parse_line(&ps, p) < 0)
			goto out;
		if (!nl)
			break;
	}
	ps.line++;
	if (finish_rule(&ps) < 0)
		goto out;
	ret = 0;
out:
	strbuf_release(&sb);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

/* Does dir hold at least one *.rules file? */
static bool has_rules(const char *dir)
{
	struct dirent *de;
	bool found = false;
	DIR *d;

	if (!dir || !*dir || !(d = opendir(dir)))
		return false;
	while (!found && (de = readdir(d)) != NULL)
		found = de->d_name[0] != '.' && ends_with(de->d_name, ".rules");
	closedir(d);
	return found;
}

/* The directory: dir, else $SYSCENSUS_DATADIR, else PKGDATADIR if
 * installed, else the source tree's data/. */
static const char *pick_dir(const char *dir)
{
	const char *env = getenv("SYSCENSUS_DATADIR");

	if (dir && *dir)
		return dir;
	if (env && *env)
		return env;
#ifdef PKGDATADIR
	if (has_rules(PKGDATADIR))
		return PKGDATADIR;
#endif
#ifdef SRCDATADIR
	return SRCDATADIR;
#else
	return "data";
#endif
}

struct kb *kb_load(const char *dir, struct parse_error *pe)
{
	struct kb *kb = xcalloc(1, sizeof(*kb));
	char **names = NULL;
	size_t nnames = 0, alloc = 0, i;
	struct dirent *de;
	DIR *d = NULL;

	dir = pick_dir(dir);
	kb->dir = xstrdup(dir);
	d = opendir(dir);
	if (!d) {
		parse_error_set(pe, dir, 0, 0, "cannot open the knowledge "
				"base directory: %s", strerror(errno));
		goto fail;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !ends_with(de->d_name, ".rules"))
			continue;
		names = xgrow(names, sizeof(*names), nnames + 1, &alloc);
		names[nnames++] = xstrdup(de->d_name);
	}
	closedir(d);
	d = NULL;
	if (!nnames) {
		parse_error_set(pe, dir, 0, 0, "no *.rules files in the "
				"knowledge base directory");
		goto fail;
	}
	qsort(names, nnames, sizeof(*names), cmp_str);
	for (i = 0; i < nnames; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		int rc = parse_file(kb, path, path, pe);

		free(path);
		if (rc < 0)
			goto fail;
	}
	free_strv(names, nnames);
	return kb;
fail:
	if (d)
		closedir(d);
	free_strv(names, nnames);
	kb_free(kb);
	return NULL;
}

/* ---------------------------------------------------------- evaluation */

struct kb_eval {
	const struct kb_input *in;
	char **observed; /* sorted copy */
	size_t nobserved;
};

static bool observed(const struct kb_eval *ev, const char *name)
{
	return bsearch(&name, ev->observed, ev->nobserved,
		       sizeof(*ev->observed), cmp_str) != NULL;
}

static bool any_glob(char *const *globs, size_t n, const char *value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fnmatch(globs[i], value, 0) == 0)
			return true;
	return false;
}

static void evidence_add(struct strbuf *ev, size_t *count, const char *fmt,
			 ...) ATTR_PRINTF(3, 4);

/* Append one item of evidence, at most KB_EVIDENCE_MAX, then "...". */
static void evidence_add(struct strbuf *ev, size_t *count, const char *fmt,
			 ...)
{
	va_list ap;

	if (*count == KB_EVIDENCE_MAX)
		strbuf_addstr(ev, ", ...");
	if (*count >= KB_EVIDENCE_MAX) {
		(*count)++;
		return;
	}
	if (*count)
		strbuf_addstr(ev, ", ");
	va_start(ap, fmt);
	strbuf_vaddf(ev, fmt, ap);
	va_end(ap);
	(*count)++;
}

static const char *fact_kind_of(enum kb_trigger_kind k)
{
	switch (k) {
	case TRIG_PATH: return "path";
	case TRIG_FLAG: return "flag";
	case TRIG_HANDLER: return "handler";
	case TRIG_SIGNAL: return "signal";
	case TRIG_ARG: return "arg";
	default: return NULL;
	}
}

/* Does t fire?  Appends what fired it to ev. */
static bool trigger_fires(const struct kb_eval *e, const struct kb_trigger *t,
			  struct strbuf *ev, size_t *count)
{
	const struct kb_input *in = e->in;
	const char *kind, *prev = NULL;
	bool fired = false, prev_written = false;
	size_t i;

	switch (t->kind) {
	case TRIG_ANY:
		if (!e->nobserved)
			return false;
		strbuf_addf(ev, "%s%zu observed syscall%s", *count ? ", " : "",
			    e->nobserved, e->nobserved == 1 ? "" : "s");
		(*count)++;
		return true;
	case TRIG_SYSCALL:
		for (i = 0; i < t->nvalues; i++)
			if (observed(e, t->values[i])) {
				evidence_add(ev, count, "%s observed",
					     t->values[i]);
				fired = true;
			}
		return fired;
	case TRIG_ALL:
		for (i = 0; i < t->nvalues; i++)
			if (!observed(e, t->values[i]))
				return false;
		strbuf_addstr(ev, *count ? ", " : "");
		for (i = 0; i < t->nvalues; i++)
			strbuf_addf(ev, "%s%s", i ? " and " : "",
				    t->values[i]);
		strbuf_addstr(ev, " observed");
		(*count)++;
		return true;
	default:
		break;
	}
	kind = fact_kind_of(t->kind);
	for (i = 0; i < in->nfacts; i++) {
		const struct kb_fact *f = &in->facts[i];
		const char *sc = f->syscall && *f->syscall ? f->syscall : "?";

		if (!f->kind || !f->value || strcmp(f->kind, kind))
			continue;
		if (t->kind == TRIG_ARG && strcmp(f->syscall ? f->syscall : "",
						   t->syscall))
			continue;
		if (t->nvalues && !any_glob(t->values, t->nvalues, f->value))
			continue;
		fired = true;
		/* the same path or flag again: one item, several calls */
		if ((t->kind == TRIG_PATH || t->kind == TRIG_FLAG) && prev &&
		    !strcmp(prev, f->value) && prev_written && ev->len &&
		    ev->buf[ev->len - 1] == ')') {
			strbuf_setlen(ev, ev->len - 1);
			strbuf_addf(ev, ", %s)", sc);
			continue;
		}
		prev = f->value;
		prev_written = *count < KB_EVIDENCE_MAX;
		switch (t->kind) {
		case TRIG_PATH:
			evidence_add(ev, count, "path %s (%s)", f->value, sc);
			break;
		case TRIG_FLAG:
			evidence_add(ev, count, "flag %s (%s)", f->value, sc);
			break;
		case TRIG_HANDLER:
			evidence_add(ev, count, "handler for %s (%s)",
				     f->value,
				     strcmp(sc, "?") ? sc : "rt_sigaction");
			break;
		case TRIG_SIGNAL:
			evidence_add(ev, count, "signal %s delivered",
				     f->value);
			break;
		default:
			evidence_add(ev, count, "argument %s of %s", f->value,
				     sc);
			break;
		}
	}
	return fired;
}

/* Does some architecture of the selection have name?  Unknown: yes. */
static bool exists_on_arches(const struct kb_input *in, const char *name)
{
	const uint32_t *arches = in->arches;
	size_t n = in->narches, i;

	if (!n && in->policy && in->policy->narches) {
		arches = in->policy->arches;
		n = in->policy->narches;
	}
	if (!n)
		return true;
	for (i = 0; i < n; i++)
		if (syscall_resolve_name(arches[i], name) >= 0)
			return true;
	return false;
}

/* Is name covered by the policy, or given the advised action? */
static bool policy_covers(const struct policy *p, const char *name,
			  const struct action *advice)
{
	struct action act = { ACTION_NONE, 0 };

	if (!p)
		return false;
	if (policy_lookup(p, 0, name, &act) != VERDICT_DENIED)
		return true;
	return advice->kind != ACTION_NONE && act.kind == advice->kind &&
	       (act.kind != ACTION_ERRNO || act.data == advice->data);
}

static int severity_rank(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(severity_names); i++)
		if (!strcmp(s, severity_names[i]))
			return (int)i;
	return -1;
}

static int cmp_flags(const void *a, const void *b)
{
	const struct kb_flag *x = a, *y = b;
	int d = severity_rank(y->severity) - severity_rank(x->severity);

	return d ? d : strcmp(x->syscall, y->syscall);
}

int kb_evaluate(const struct kb *kb, const struct kb_input *in,
		struct kb_flag **flags, size_t *nflags)
{
	struct kb_flag *out = NULL;
	size_t nout = 0, alloc = 0, i, j, k;
	struct kb_eval e = { in, NULL, 0 };
	struct strbuf ev = STRBUF_INIT;

	*flags = NULL;
	*nflags = 0;
	if (!kb || !in)
		return error("no knowledge base to evaluate");
	e.observed = xcalloc(in->nsyscalls ? in->nsyscalls : 1,
			     sizeof(*e.observed));
	for (i = 0; i < in->nsyscalls; i++)
		if (in->syscalls[i])
			e.observed[e.nobserved++] = (char *)in->syscalls[i];
	qsort(e.observed, e.nobserved, sizeof(*e.observed), cmp_str);

	for (i = 0; i < kb->nrules; i++) {
		const struct kb_rule *r = &kb->rules[i];
		size_t count = 0;
		bool fired = false;

		strbuf_reset(&ev);
		for (j = 0; j < r->ntriggers; j++)
			if (trigger_fires(&e, &r->triggers[j], &ev, &count))
				fired = true;
		if (!fired)
			continue;
		for (j = 0; j < r->nimplies; j++) {
			const char *name = r->implies[j];
			struct kb_flag *f = NULL;

			if (observed(&e, name) ||
			    !exists_on_arches(in, name) ||
			    policy_covers(in->policy, name, &r->advice))
				continue;
			for (k = 0; k < nout; k++)
				if (!strcmp(out[k].syscall, name))
					break;
			if (k < nout) {
				/* keep the most severe rule for a syscall */
				if (severity_rank(out[k].severity) >=
				    (int)r->severity)
					continue;
				f = &out[k];
				free(f->severity);
				free(f->reason);
				free(f->evidence);
				free(f->reference);
				free(f->rule);
			} else {
				out = xgrow(out, sizeof(*out), nout + 1,
					    &alloc);
				f = &out[nout++];
				f->syscall = xstrdup(name);
			}
			f->severity = xstrdup(severity_names[r->severity]);
			f->reason = xstrdup(r->reason.buf);
			f->evidence = xstrdup(ev.buf);
			f->reference = xstrdup(r->reference.buf);
			f->rule = xstrdup(r->id);
			f->advice = r->advice;
		}
	}
	if (nout)
		qsort(out, nout, sizeof(*out), cmp_flags);
	strbuf_release(&ev);
	free(e.observed);
	*flags = out;
	*nflags = nout;
	return 0;
}

void kb_flags_free(struct kb_flag *flags, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(flags[i].syscall);
		free(flags[i].severity);
		free(flags[i].reason);
		free(flags[i].evidence);
		free(flags[i].reference);
		free(flags[i].rule);
	}
	free(flags);
}
