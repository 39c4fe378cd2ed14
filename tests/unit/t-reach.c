/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-reach.c - unit tests of the static-reach scanner on a small compiled
 * fixture (tests/unit/reach-fix.c, built as libreachfix.so): the ELF
 * reader (build-id, soname, DT_NEEDED, versioned definitions and
 * references, GOT slots), the register slice (constants in a block and
 * across blocks, wrappers, int 0x80, nonconstant numbers), the call graph
 * (tail calls are direct, calls are reach, indirect calls counted), the
 * summary's version lookup and its JSON round trip.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/reach-int.h"

#ifndef REACH_FIXTURE
#error "REACH_FIXTURE names the fixture library"
#endif

struct fix {
	struct relf e;
	struct rprog p;
	struct rsum s;
};

static int setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof(*f));

	if (relf_open(&f->e, REACH_FIXTURE) < 0 ||
	    rx86_analyse(&f->e, &f->p) < 0)
		return -1;
	rsum_build(&f->s, &f->e, &f->p);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	rsum_release(&f->s);
	rprog_release(&f->p);
	relf_release(&f->e);
	free(f);
	return 0;
}

static const struct rexport *exp_of(struct fix *f, const char *name)
{
	const struct rexport *x = rsum_find(&f->s, name, NULL);

	assert_non_null(x);
	return x;
}

static bool has(const struct iset *s, int32_t v)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == v)
			return true;
	return false;
}

static void test_elf(void **state)
{
	struct fix *f = *state;
	size_t i;
	bool libc = false, getpid_ref = false, pick_v1 = false;

	assert_int_equal(strlen(f->e.build_id), 40);
	assert_string_equal(f->e.soname, "libreachfix.so.1");
	assert_true(f->e.dynamic);
	for (i = 0; i < f->e.nneeded; i++)
		libc |= !strcmp(f->e.needed[i], "libc.so.6");
	assert_true(libc);
	for (i = 0; i < f->e.ndynsyms; i++) {
		const struct relf_sym *s = &f->e.dynsyms[i];

		if (!strcmp(s->name, "getpid") && !s->defined)
			getpid_ref = s->version &&
				     !strcmp(s->version, "GLIBC_2.2.5");
		if (!strcmp(s->name, "pick") && s->defined && s->hidden)
			pick_v1 = s->version && !strcmp(s->version, "V_1");
	}
	assert_true(getpid_ref);
	assert_true(pick_v1);
	/* getpid and syscall go through GOT slots with their symbols */
	assert_true(f->e.ngot >= 2);
}

static void test_slice(void **state)
{
	struct fix *f = *state;

	assert_true(has(exp_of(f, "f_const")->direct, 39));
	/* a constant hoisted into r9d before the loop */
	assert_true(has(exp_of(f, "f_hoist")->direct, 20));
	assert_int_equal(exp_of(f, "f_hoist")->nonconst, 0);
	/* r8d is 0 or 1 where it is read: both */
	assert_true(has(exp_of(f, "f_two")->direct, 0));
	assert_true(has(exp_of(f, "f_two")->direct, 1));
	/* i386 numbers are kept apart */
	assert_true(has(exp_of(f, "f_int80")->direct, 1 | RNR_I386));
	assert_false(has(exp_of(f, "f_int80")->direct, 1));
	/* from memory: not constant, reported, not guessed */
	assert_int_equal(exp_of(f, "f_nonconst")->direct->n, 0);
	assert_int_equal(exp_of(f, "f_nonconst")->nonconst, 1);
	assert_true(exp_of(f, "f_nonconst")->nonconst_addr != 0);
}

static void test_wrappers(void **state)
{
	struct fix *f = *state;

	assert_int_equal(exp_of(f, "f_wrapper")->wrap, 1);
	assert_int_equal(exp_of(f, "f_wrapper")->direct->n, 0);
	assert_int_equal(exp_of(f, "f_wrapper")->nonconst, 0);
	/* the constant passed to the wrapper is the caller's syscall */
	assert_true(has(exp_of(f, "f_calls_wrapper")->direct, 60));
	assert_int_equal(exp_of(f, "f_calls_wrapper")->wrap, 0);
}

static void test_graph(void **state)
{
	struct fix *f = *state;
	const struct rexport *outer = exp_of(f, "f_outer");
	const struct rexport *plt = exp_of(f, "f_plt");
	size_t i;
	bool sync_pair = false;

	/* a tail call is the function's own body */
	assert_true(has(exp_of(f, "f_tail")->direct, 39));
	/* a call is reach, not direct */
	assert_true(has(outer->direct, 102));
	assert_false(has(outer->direct, 39));
	assert_true(has(outer->all, 39));
	assert_true(has(outer->all, 102));
	assert_int_equal(exp_of(f, "f_indirect")->indirect, 1);
	/* imports called through the PLT, syscall(SYS_sync) as a pair */
	assert_int_equal(plt->aimports->n, 2);
	for (i = 0; i < plt->pairs->n; i++) {
		int32_t imp = plt->pairs->v[i] / 1024;

		sync_pair |= !strcmp(f->s.imports[imp].name, "syscall") &&
			     plt->pairs->v[i] % 1024 == 162;
	}
	assert_true(sync_pair);
}

static void test_load(void **state)
{
	struct fix *f = *state;
	const struct rexport *x = rsum_find(&f->s, REXPORT_LOAD, NULL);
	size_t i;
	bool fsync_taken = false;

	assert_non_null(x);
	/* the constructor's syscall; not an export's */
	assert_true(has(x->all, 104));
	assert_int_equal(x->direct->n, 0);
	for (i = 0; i < x->aimports->n; i++)
		fsync_taken |= !strcmp(f->s.imports[x->aimports->v[i]].name,
				       "fsync");
	assert_true(fsync_taken);
}

static void test_versions(void **state)
{
	struct fix *f = *state;
	const struct rexport *v1 = rsum_find(&f->s, "pick", "V_1");
	const struct rexport *v2 = rsum_find(&f->s, "pick", "V_2");
	const struct rexport *def = rsum_find(&f->s, "pick", NULL);

	assert_non_null(v1);
	assert_non_null(v2);
	assert_true(has(v1->direct, 110));
	assert_false(has(v1->direct, 186));
	assert_true(has(v2->direct, 186));
	/* an unversioned reference binds to the default version */
	assert_ptr_equal(def, v2);
	assert_null(rsum_find(&f->s, "pick", "V_9"));
	assert_null(rsum_find(&f->s, "nothere", NULL));
}

static void test_json_round_trip(void **state)
{
	struct fix *f = *state;
	char *json = rsum_to_json(&f->s), *again;
	struct rsum back;
	const struct rexport *x;

	assert_int_equal(rsum_from_json(&back, json), 0);
	assert_int_equal(back.nexports, f->s.nexports);
	assert_int_equal(back.nimports, f->s.nimports);
	x = rsum_find(&back, "pick", "V_1");
	assert_non_null(x);
	assert_true(has(x->direct, 110));
	assert_int_equal(rsum_find(&back, "f_wrapper", NULL)->wrap, 1);
	again = rsum_to_json(&back);
	assert_string_equal(json, again);
	rsum_release(&back);
	/* damaged or planted text is refused, never trusted */
	assert_int_equal(rsum_from_json(&back, "{"), -1);
	assert_int_equal(rsum_from_json(&back, "[]"), -1);
	json[strlen(json) / 2] = '\0';
	assert_int_equal(rsum_from_json(&back, json), -1);
	free(json);
	free(again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf),
		cmocka_unit_test(test_slice),
		cmocka_unit_test(test_wrappers),
		cmocka_unit_test(test_graph),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_json_round_trip),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
