/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-kb.c - unit tests of the knowledge base: every rule of data/ loads; bad
 * rule files are reported as FILE:LINE:COL; every rule fires on each of its
 * triggers with the evidence that fired it, and stays silent for a sibling
 * that was observed or that the policy allows.
 *
 * kb.c is included so the generic test can walk the parsed rules; nothing
 * else of libanalyzer defines kb_*, so the archive's kb.o is not linked.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyzer/kb.c"

static char tmpdir[] = "/tmp/t-kb-XXXXXX";

static struct kb *load_data(void)
{
	struct parse_error pe;
	struct kb *kb = kb_load(NULL, &pe);

	if (!kb)
		parse_error_report(&pe);
	assert_non_null(kb);
	return kb;
}

static const struct kb_flag *find_flag(const struct kb_flag *f, size_t n,
				       const char *syscall)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(f[i].syscall, syscall))
			return &f[i];
	return NULL;
}

/* ------------------------------------------------------------ loading */

static void test_every_rule_loads(void **state)
{
	struct kb *kb = load_data();
	const char *dir = kb_dir(kb);
	size_t expected = 0, i;
	struct dirent *de;
	DIR *d;

	(void)state;
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		struct strbuf sb = STRBUF_INIT;
		char *path, *p;

		if (!ends_with(de->d_name, ".rules"))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		assert_int_equal(strbuf_read_file(&sb, path, 1 << 22), 0);
		for (p = sb.buf; (p = strstr(p, "rule ")) != NULL; p++)
			if (p == sb.buf || p[-1] == '\n')
				expected++;
		strbuf_release(&sb);
		free(path);
	}
	closedir(d);
	assert_true(expected >= 40);
	assert_int_equal(kb_rule_count(kb), expected);
	for (i = 0; i < kb->nrules; i++) {
		const struct kb_rule *r = &kb->rules[i];

		assert_true(r->ntriggers > 0);
		assert_true(r->nimplies > 0);
		assert_true(r->severity <= SEV_ERROR);
		assert_true(r->reason.len > 40);
		assert_true(r->reference.len > 5);
	}
	/* the rules the issue asks for by name */
	assert_non_null(find_rule(kb, "durability-fsync-fdatasync"));
	assert_non_null(find_rule(kb, "sqlite-wal"));
	assert_non_null(find_rule(kb, "family-clone3"));
	assert_non_null(find_rule(kb, "thread-set"));
	assert_non_null(find_rule(kb, "signal-return"));
	assert_non_null(find_rule(kb, "inotify-set"));
	assert_non_null(find_rule(kb, "sd-notify"));
	assert_non_null(find_rule(kb, "dbus"));
	assert_non_null(find_rule(kb, "vdso-clock"));
	assert_non_null(find_rule(kb, "abort-path"));
	kb_free(kb);
}

static void write_file(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static void clear_dir(void)
{
	struct dirent *de;
	DIR *d = opendir(tmpdir);

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char *path;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", tmpdir, de->d_name);
		unlink(path);
		free(path);
	}
	closedir(d);
}

#define GOOD_RULE \
	"rule ok\ntrigger syscall fsync\nimplies fdatasync\nseverity info\n" \
	"reason a reason\nreference a reference\n"

/* Load a directory holding text as x.rules; expect a failure at line:col
 * with msg in the message. */
static void expect_error(const char *text, unsigned long line,
			 unsigned long col, const char *msg)
{
	struct parse_error pe;
	struct kb *kb;
	char *want;

	clear_dir();
	write_file("x.rules", text);
	memset(&pe, 0, sizeof(pe));
	kb = kb_load(tmpdir, &pe);
	if (kb || pe.line != line || (col && pe.col != col) ||
	    !strstr(pe.msg, msg))
		print_error("got %s:%lu:%lu: %s; want line %lu col %lu '%s'\n",
			    pe.file, pe.line, pe.col, pe.msg, line, col, msg);
	assert_null(kb);
	want = xasprintf("%s/x.rules", tmpdir);
	assert_string_equal(pe.file, want);
	free(want);
	assert_int_equal(pe.line, line);
	if (col)
		assert_int_equal(pe.col, col);
	assert_non_null(strstr(pe.msg, msg));
}

static void test_syntax_errors(void **state)
{
	struct parse_error pe;
	struct kb *kb;

	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	expect_error("# comment\n\nrule a\ntrigger syscall fsync\n"
		     "implies fdatasnyc\n", 5, 9,
		     "unknown syscall 'fdatasnyc'");
	expect_error("rule a\nfrobnicate x\n", 2, 1,
		     "unknown keyword 'frobnicate'");
	expect_error("implies fsync\n", 1, 1, "outside a rule");
	expect_error("rule a\ntrigger syscall fsync\nimplies fdatasync\n"
		     "severity info\nreason r\n", 1, 1,
		     "rule 'a' has no 'reference'");
	expect_error("rule a\ntrigger sometimes fsync\n", 2, 9,
		     "unknown trigger kind 'sometimes'");
	expect_error("rule a\nseverity fatal\n", 2, 10, "severity is one of");
	expect_error("rule a\nadvice errno EWHAT\n", 2, 14,
		     "unknown errno 'EWHAT'");
	expect_error("rule Bad!\n", 1, 6, "'rule' takes one id");
	expect_error("rule a\n  stray continuation\n", 2, 3,
		     "continues only");
	expect_error(GOOD_RULE "\nrule ok\n", 8, 6, "duplicate rule id 'ok'");
	/* a good file loads, and with it an advice */
	clear_dir();
	write_file("a.rules", GOOD_RULE "advice errno ENOSYS\n"
		   "reference more\n  and more\n");
	write_file("ignored.txt", "not a rule file\n");
	kb = kb_load(tmpdir, &pe);
	assert_non_null(kb);
	assert_int_equal(kb_rule_count(kb), 1);
	assert_int_equal(kb->rules[0].advice.kind, ACTION_ERRNO);
	assert_int_equal(kb->rules[0].advice.data, ENOSYS);
	assert_string_equal(kb->rules[0].reference.buf,
			    "a reference; more and more");
	kb_free(kb);
	/* an empty directory is an error, not an empty knowledge base */
	clear_dir();
	assert_null(kb_load(tmpdir, &pe));
	assert_non_null(strstr(pe.msg, "no *.rules"));
	rmdir(tmpdir);
}

/* ---------------------------------------------------------- evaluation */

/* A value matching glob g: each '*' becomes "x", '?' becomes 'x'. */
static char *instance_of(const char *g)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *g; g++)
		strbuf_addch(&sb, *g == '*' || *g == '?' ? 'x' : *g);
	return strbuf_detach(&sb, NULL);
}

struct stimulus {
	const char *names[16];
	size_t nnames;
	struct kb_fact facts[2];
	size_t nfacts;
	char *owned;
};

/* The smallest input that fires trigger t alone. */
static void stimulate(const struct kb_trigger *t, struct stimulus *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	switch (t->kind) {
	case TRIG_SYSCALL:
		s->names[s->nnames++] = t->values[0];
		return;
	case TRIG_ALL:
		for (i = 0; i < t->nvalues && i < 16; i++)
			s->names[s->nnames++] = t->values[i];
		return;
	case TRIG_ANY:
		s->names[s->nnames++] = "getppid";
		return;
	default:
		break;
	}
	s->owned = instance_of(t->nvalues ? t->values[0] : "SIGTERM");
	s->facts[0].kind = fact_kind_of(t->kind);
	s->facts[0].value = s->owned;
	s->facts[0].syscall = t->kind == TRIG_ARG ? t->syscall : "openat";
	s->nfacts = 1;
}

static void sort_names(struct stimulus *s)
{
	qsort(s->names, s->nnames, sizeof(s->names[0]), cmp_str);
}

static bool stimulated(const struct stimulus *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nnames; i++)
		if (!strcmp(s->names[i], name))
			return true;
	return false;
}

static void test_every_rule_fires_and_stays_silent(void **state)
{
	struct kb *kb = load_data();
	size_t i, j, k, checked = 0;

	(void)state;
	for (i = 0; i < kb->nrules; i++) {
		const struct kb_rule *r = &kb->rules[i];

		for (j = 0; j < r->ntriggers; j++) {
			struct stimulus s;
			struct kb_input in;
			struct kb_flag *flags;
			size_t nflags;

			stimulate(&r->triggers[j], &s);
			sort_names(&s);
			memset(&in, 0, sizeof(in));
			in.syscalls = s.names;
			in.nsyscalls = s.nnames;
			in.facts = s.facts;
			in.nfacts = s.nfacts;
			assert_int_equal(kb_evaluate(kb, &in, &flags, &nflags),
					 0);
			for (k = 0; k < r->nimplies; k++) {
				const char *sib = r->implies[k];
				const struct kb_flag *f;
				struct policy *p;
				struct kb_flag *f2;
				size_t n2;

				if (stimulated(&s, sib))
					continue;
				f = find_flag(flags, nflags, sib);
				if (!f)
					print_error("rule %s trigger %zu: no "
						    "flag for %s\n", r->id, j,
						    sib);
				assert_non_null(f);
				assert_true(*f->evidence);
				assert_true(*f->reason && *f->reference);
				assert_true(severity_rank(f->severity) >=
					    (int)r->severity);
				if (!strcmp(f->rule, r->id) &&
				    s.nfacts)
					assert_non_null(strstr(f->evidence,
							       s.owned));
				else if (!strcmp(f->rule, r->id) &&
					 r->triggers[j].kind != TRIG_ANY)
					assert_non_null(strstr(f->evidence,
							       s.names[0]));
				/* silent when observed */
				s.names[s.nnames++] = sib;
				sort_names(&s);
				in.syscalls = s.names;
				in.nsyscalls = s.nnames;
				assert_int_equal(kb_evaluate(kb, &in, &f2,
							     &n2), 0);
				assert_null(find_flag(f2, n2, sib));
				kb_flags_free(f2, n2);
				/* back to the stimulus alone */
				for (size_t m = 0; m < s.nnames; m++)
					if (s.names[m] == sib) {
						s.names[m] =
							s.names[--s.nnames];
						break;
					}
				sort_names(&s);
				in.nsyscalls = s.nnames;
				/* silent when the policy allows it */
				p = policy_new("test", "list");
				policy_add_rule(p, sib, 0, (struct action){
						ACTION_ALLOW, 0 });
				in.policy = p;
				assert_int_equal(kb_evaluate(kb, &in, &f2,
							     &n2), 0);
				assert_null(find_flag(f2, n2, sib));
				kb_flags_free(f2, n2);
				in.policy = NULL;
				policy_free(p);
				checked++;
			}
			kb_flags_free(flags, nflags);
			free(s.owned);
		}
	}
	assert_true(checked > 100);
	kb_free(kb);
}

static void test_hand_built_inputs(void **state)
{
	static const char *const fsync_only[] = { "fsync", "read" };
	static const char *const clone_only[] = { "clone", "openat" };
	static const struct kb_fact wal[] = {
		{ "path", "/var/lib/app/state.db-wal", "openat" },
		{ "path", "/var/lib/app/state.db-wal", "newfstatat" },
	};
	static const struct kb_fact thread[] = {
		{ "flag", "CLONE_THREAD", "clone" },
	};
	static const struct kb_fact handler[] = {
		{ "handler", "SIGTERM", "rt_sigaction" },
	};
	struct kb *kb = load_data();
	struct kb_input in;
	struct kb_flag *fl;
	const struct kb_flag *f;
	struct policy *p;
	size_t n;
	uint32_t arch;

	(void)state;
	/* the durability pair */
	memset(&in, 0, sizeof(in));
	in.syscalls = fsync_only;
	in.nsyscalls = 2;
	assert_int_equal(kb_evaluate(kb, &in, &fl, &n), 0);
	f = find_flag(fl, n, "fdatasync");
	assert_non_null(f);
	assert_string_equal(f->severity, "warning");
	assert_string_equal(f->evidence, "fsync observed");
	assert_string_equal(f->rule, "durability-fsync-fdatasync");
	assert_null(find_flag(fl, n, "fsync"));
	assert_null(find_flag(fl, n, "read"));
	kb_flags_free(fl, n);

	/* a SQLite WAL file implies the checkpoint's ftruncate */
	memset(&in, 0, sizeof(in));
	in.facts = wal;
	in.nfacts = 1;
	assert_int_equal(kb_evaluate(kb, &in, &fl, &n), 0);
	f = find_flag(fl, n, "ftruncate");
	assert_non_null(f);
	assert_string_equal(f->rule, "sqlite-wal");
	assert_string_equal(f->evidence,
			    "path /var/lib/app/state.db-wal (openat)");
	kb_flags_free(fl, n);
	/* one path used by two calls is one item of evidence */
	in.nfacts = 2;
	assert_int_equal(kb_evaluate(kb, &in, &fl, &n), 0);
	f = find_flag(fl, n, "ftruncate");
	assert_non_null(f);
	assert_string_equal(f->evidence, "path /var/lib/app/state.db-wal "
			    "(openat, newfstatat)");
	kb_flags_free(fl, n);
	in.nfacts = 1;

	/* CLONE_THREAD implies the thread set */
	in.facts = thread;
	assert_int_equal(kb_evaluate(kb, &in, &fl, &n), 0);
	f = find_flag(fl, n, "rseq");
	assert_non_null(f);
	assert_string_equal(f->evidence, "flag CLONE_THREAD (clone)");
	assert_non_null(find_flag(fl, n, "set_robust_list"));
	assert_non_null(find_flag(fl, n, "exit"));
	kb_flags_free(fl, n);

	/* a handler makes rt_sigreturn an error */
	in.facts = handler;
	assert_int_equal(kb_evaluate(kb, &in, &fl, &n), 0);
	f = find_flag(fl, n, "rt_sigreturn");
	assert_non_null(f);
	assert_string_equal(f->severity, "error");
	assert_string_equal(f->evidence, "handler for SIGTERM (rt_sigaction)");
	kb_flags_free(fl, n);

	/* clone implies clone3 with the advice errno ENOSYS ... */
	memset(&in, 0, sizeof(in));
	in.syscalls = clone_only;
	in.nsyscalls = 2;
	assert_int_equal(kb_evaluate(kb, &in, &fl, &n), 0);
	f = find_flag(fl, n, "clone3");
	assert_non_null(f);
	assert_int_equal(f->advice.kind, ACTION_ERRNO);
	assert_int_equal(f->advice.data, ENOSYS);
	assert_non_null(strstr(f->reason, "ENOSYS"));
	/* ... and flags are sorted, most severe first */
	for (size_t i = 1; i < n; i++)
		assert_true(severity_rank(fl[i - 1].severity) >=
			    severity_rank(fl[i].severity));
	kb_flags_free(fl, n);
	/* a policy answering clone3 with EPERM still gets the flag ... */
	p = policy_new("test", "list");
	p->default_action.kind = ACTION_KILL_PROCESS;
	policy_add_rule(p, "clone3", 0,
			(struct action){ ACTION_ERRNO, EPERM });
	in.policy = p;
	assert_int_equal(kb_evaluate(kb, &in, &fl, &n), 0);
	assert_non_null(find_flag(fl, n, "clone3"));
	kb_flags_free(fl, n);
	policy_free(p);
	/* ... one answering ENOSYS, as advised, does not */
	p = policy_new("test", "list");
	policy_add_rule(p, "clone3", 0,
			(struct action){ ACTION_ERRNO, ENOSYS });
	in.policy = p;
	assert_int_equal(kb_evaluate(kb, &in, &fl, &n), 0);
	assert_null(find_flag(fl, n, "clone3"));
	kb_flags_free(fl, n);
	policy_free(p);

	/* siblings an architecture lacks are not suggested for it */
	memset(&in, 0, sizeof(in));
	in.syscalls = clone_only;
	in.nsyscalls = 2;
	arch = arch_from_name("aarch64");
	assert_true(arch != 0);
	in.arches = &arch;
	in.narches = 1;
	assert_int_equal(kb_evaluate(kb, &in, &fl, &n), 0);
	assert_null(find_flag(fl, n, "open"));
	assert_non_null(find_flag(fl, n, "clone3"));
	kb_flags_free(fl, n);
	arch = arch_from_name("x86_64");
	assert_int_equal(kb_evaluate(kb, &in, &fl, &n), 0);
	assert_non_null(find_flag(fl, n, "open"));
	kb_flags_free(fl, n);

	/* nothing observed, nothing flagged */
	memset(&in, 0, sizeof(in));
	assert_int_equal(kb_evaluate(kb, &in, &fl, &n), 0);
	assert_int_equal(n, 0);
	kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_rule_loads),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_every_rule_fires_and_stays_silent),
		cmocka_unit_test(test_hand_built_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
