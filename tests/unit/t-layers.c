/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-layers.c - unit tests of the Landlock and systemd layers: the census's
 * "HOW PATH" values, the ruleset built from a census (reads per file,
 * writes collapsed to their directory but never to a system directory or
 * above the depth, interpreters, scopes), the JSON written and read back,
 * the C read back, and the systemd helpers (tmpfiles.d lines, the
 * directory a write needs).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyzer/analyzer.h"
#include "analyzer/emit/emit.h"

static void test_parse_access(void **state)
{
	const char *path = NULL;
	unsigned how;

	(void)state;
	assert_true(census_parse_access("read /etc/app.conf", &how, &path));
	assert_int_equal(how, CEN_READ);
	assert_string_equal(path, "/etc/app.conf");
	assert_true(census_parse_access("write+create+trunc /a b", &how,
					&path));
	assert_int_equal(how, CEN_WRITE | CEN_CREATE | CEN_TRUNC);
	assert_string_equal(path, "/a b");
	assert_true(census_parse_access("tcp-bind 80", &how, &path));
	assert_int_equal(how, CEN_TCP_BIND);
	assert_false(census_parse_access("read", &how, &path));
	assert_false(census_parse_access("bogus /x", &how, &path));
	assert_false(census_parse_access("read+ /x", &how, &path));
	assert_false(census_parse_access("wx-map -", &how, &path));
}

static void add(struct census *c, const char *path, unsigned how)
{
	c->entries = xgrow(c->entries, sizeof(*c->entries), c->n + 1,
			   &c->alloc);
	c->entries[c->n].path = xstrdup(path);
	c->entries[c->n].how = how;
	c->entries[c->n].syscall = xstrdup("openat");
	c->entries[c->n].phase = xstrdup("startup");
	c->entries[c->n].exe = xstrdup("/usr/bin/app");
	c->entries[c->n].count = 1;
	c->n++;
}

static const struct ll_rule *rule(const struct ll_ruleset *rs,
				  const char *path)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].path, path))
			return &rs->rules[i];
	return NULL;
}

static void census_fixture(struct census *c)
{
	memset(c, 0, sizeof(*c));
	c->watchdog_max_ms = -1;
	add(c, "/srv/app/etc/app.conf", CEN_READ);
	add(c, "/srv/app/data/a.db", CEN_READ | CEN_WRITE | CEN_CREATE);
	add(c, "/srv/app/data/b.tmp", CEN_WRITE | CEN_CREATE | CEN_TRUNC);
	add(c, "/srv/app/data/b.tmp", CEN_RENAME);
	add(c, "/srv/app/data/old", CEN_UNLINK);
	add(c, "/srv/app/data/new.db", CEN_READ);
	add(c, "/etc/made-here", CEN_WRITE | CEN_CREATE);
	add(c, "/srvfile", CEN_WRITE | CEN_CREATE);
	add(c, "/srv/app/bin/helper", CEN_EXEC);
	add(c, "/lib64/ld-linux-x86-64.so.2", CEN_INTERP);
	add(c, "@abstract", CEN_CONNECT);
	add(c, "8080", CEN_TCP_BIND);
}

static void test_ruleset(void **state)
{
	struct census c;
	struct ll_ruleset rs;
	const struct ll_rule *r;
	size_t i;

	(void)state;
	census_fixture(&c);
	assert_int_equal(ll_ruleset_build(&c, 2, &rs), 0);
	/* a read-only file: its own rule, read only */
	r = rule(&rs, "/srv/app/etc/app.conf");
	assert_non_null(r);
	assert_int_equal(r->access, LL_FS_READ_FILE);
	assert_false(r->dir);
	/* writes, creations, renames, removals: one directory rule */
	r = rule(&rs, "/srv/app/data");
	assert_non_null(r);
	assert_true(r->dir);
	assert_int_equal(r->access & (LL_FS_WRITE_FILE | LL_FS_MAKE_REG |
				      LL_FS_REMOVE_FILE | LL_FS_TRUNCATE |
				      LL_FS_READ_FILE),
			 LL_FS_WRITE_FILE | LL_FS_MAKE_REG | LL_FS_REMOVE_FILE |
			 LL_FS_TRUNCATE | LL_FS_READ_FILE);
	for (i = 0; i < rs.nrules; i++)
		assert_null(strstr(rs.rules[i].path, "/srv/app/data/"));
	/* never a system directory, never above the depth */
	assert_null(rule(&rs, "/etc"));
	assert_null(rule(&rs, "/"));
	assert_true(rs.nnotes >= 2);
	/* executables and interpreters: READ_FILE and EXECUTE */
	r = rule(&rs, "/lib64/ld-linux-x86-64.so.2");
	assert_non_null(r);
	assert_int_equal(r->access, LL_FS_READ_FILE | LL_FS_EXECUTE);
	assert_non_null(rule(&rs, "/srv/app/bin/helper"));
	/* a connect to an abstract socket it did not bind: no scope */
	assert_false(rs.scope_abstract);
	assert_true(rs.scope_signal);
	assert_int_equal(rs.nports, 1);
	assert_int_equal(rs.ports[0].port, 8080);
	assert_true(rs.ports[0].bind);
	/* covers(): beneath a directory rule, with the rights asked */
	assert_non_null(ll_ruleset_covers(&rs, "/srv/app/data/x",
					  LL_FS_WRITE_FILE));
	assert_null(ll_ruleset_covers(&rs, "/srv/app/datax", 0));
	assert_null(ll_ruleset_covers(&rs, "/srv/app/etc/other", 0));
	ll_ruleset_release(&rs);

	/* depth 4: /srv/app/data (3 components) is too shallow */
	assert_int_equal(ll_ruleset_build(&c, 4, &rs), 0);
	assert_null(rule(&rs, "/srv/app/data"));
	ll_ruleset_release(&rs);
	census_release(&c);
}

static void test_json_roundtrip(void **state)
{
	char path[] = "/tmp/t-layers-XXXXXX";
	struct census c;
	struct ll_ruleset rs, back;
	FILE *f;
	size_t i;
	int fd;

	(void)state;
	census_fixture(&c);
	ll_ruleset_build(&c, 2, &rs);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_int_equal(ll_write_json(f, &rs, "t\"itle\n"), 0);
	fclose(f);
	assert_int_equal(ll_read_json(path, &back), 0);
	assert_int_equal(back.nrules, rs.nrules);
	for (i = 0; i < rs.nrules; i++) {
		assert_string_equal(back.rules[i].path, rs.rules[i].path);
		assert_int_equal(back.rules[i].access, rs.rules[i].access);
		assert_int_equal(back.rules[i].dir, rs.rules[i].dir);
	}
	assert_int_equal(back.nports, 1);
	assert_int_equal(back.scope_abstract, rs.scope_abstract);
	ll_ruleset_release(&back);

	/* the C form reads back the same rules */
	f = fopen(path, "w");
	assert_int_equal(ll_write_c(f, &rs, "title */ x"), 0);
	fclose(f);
	assert_int_equal(ll_read_c(path, &back), 0);
	assert_int_equal(back.nrules, rs.nrules);
	for (i = 0; i < rs.nrules; i++) {
		assert_string_equal(back.rules[i].path, rs.rules[i].path);
		assert_int_equal(back.rules[i].access, rs.rules[i].access);
		assert_int_equal(back.rules[i].dir, rs.rules[i].dir);
	}
	ll_ruleset_release(&back);

	/* bad JSON: an error, nothing kept */
	f = fopen(path, "w");
	fputs("{\"syscensus_landlock\": 1, \"rules\": [{\"path\": \"/x\", "
	      "\"access\": [\"FLY\"]}]}", f);
	fclose(f);
	assert_int_equal(ll_read_json(path, &back), -1);
	assert_int_equal(back.nrules, 0);
	unlink(path);
	ll_ruleset_release(&rs);
	census_release(&c);
}

static void test_systemd_helpers(void **state)
{
	char *s;

	(void)state;
	s = hardening_tmpfiles_line("/run/user/1000/myapp");
	assert_string_equal(s, "d %t/myapp 0700 - - -");
	free(s);
	s = hardening_tmpfiles_line("/var/lib/app");
	assert_string_equal(s, "d /var/lib/app 0700 - - -");
	free(s);
	s = hardening_write_dir("/var/lib/app/db", CEN_WRITE | CEN_CREATE, true);
	assert_string_equal(s, "/var/lib/app");
	free(s);
	/* a directory made in /var/lib: that directory, not /var/lib */
	s = hardening_write_dir("/var/lib/app", CEN_MKDIR, true);
	assert_string_equal(s, "/var/lib/app");
	free(s);
	s = hardening_write_dir("/var/lib/x.lock", CEN_WRITE | CEN_CREATE, true);
	assert_string_equal(s, "/var/lib/x.lock");
	free(s);
	assert_null(hardening_write_dir("/dev/null", CEN_WRITE, true));
	assert_null(hardening_write_dir("/tmp/x", CEN_WRITE, true));
	/* without PrivateTmp=, ProtectSystem=strict leaves /tmp read-only */
	s = hardening_write_dir("/tmp/x", CEN_WRITE, false);
	assert_string_equal(s, "/tmp/x"); /* a file in a system directory */
	free(s);
	assert_null(hardening_write_dir("/etc/app.conf", CEN_READ, true));
	assert_true(census_system_dir("/usr/lib/"));
	assert_true(census_system_dir("/etc"));
	assert_false(census_system_dir("/srv/app"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_access),
		cmocka_unit_test(test_ruleset),
		cmocka_unit_test(test_json_roundtrip),
		cmocka_unit_test(test_systemd_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
