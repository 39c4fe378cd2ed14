/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-c.c - `emit --format c`: a self-contained C file exporting
 * `int install_seccomp_filter(void)`, which builds the filter with
 * libseccomp at run time and loads it (0, or a negative errno).
 *
 * The code is straight-line, one block per syscall, so a reviewer sees the
 * allowlist in frequency order with the observed counts, and so
 * `--policy-format c` reads it back.  Names are resolved at run time with
 * seccomp_syscall_resolve_name(): a name this libseccomp or this
 * architecture does not know is skipped, never a build error (SCMP_SYS()
 * would be one).  The filter is the one emit-seccomp.c builds for the bpf
 * and pfc formats: same default, architectures, priorities and, with
 * `--action errno`, the same EPERM rules under an ENOSYS default.
 * libseccomp sets no_new_privs before loading (SCMP_FLTATR_CTL_NNP).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/emit/emit.h"
#include "analyzer/policy/policy.h"

/* Text from the store inside a C comment: no "*" "/" and no newlines. */
static void put_comment_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '*' && s[1] == '/')
			fputs("* /", f), s++;
		else if (!isprint((unsigned char)*s))
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

/* Syscall names are [a-z0-9_]: anything else is not put in a string. */
static bool name_is_plain(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static void put_arch_macro(FILE *f, uint32_t arch)
{
	const char *n = arch_name(arch);

	if (!n) {
		fprintf(f, "0x%08xU", arch);
		return;
	}
	fputs("SCMP_ARCH_", f);
	for (; *n; n++)
		fputc(toupper((unsigned char)*n), f);
}

static const char *default_action(const struct action *a)
{
	switch (a->kind) {
	case ACTION_ERRNO: return "SCMP_ACT_ERRNO(ENOSYS)";
	case ACTION_LOG: return "SCMP_ACT_LOG";
	case ACTION_ALLOW: return "SCMP_ACT_ALLOW";
	case ACTION_TRAP: return "SCMP_ACT_TRAP";
	case ACTION_KILL_THREAD: return "SCMP_ACT_KILL_THREAD";
	default: return "SCMP_ACT_KILL_PROCESS";
	}
}

static void put_rule(FILE *f, const char *name, const char *action,
		     int prio, uint64_t calls, const char *why,
		     enum emit_source source)
{
	fprintf(f, "\tnr = seccomp_syscall_resolve_name(\"%s\");", name);
	if (why) {
		fputs(source == EMIT_DIRECT ? " /* direct reach: " :
		      source == EMIT_TRANSITIVE ? " /* transitive reach: " :
		      " /* sibling: ", f);
		put_comment_text(f, why);
		fputs(" */", f);
	} else if (prio >= 0) {
		fprintf(f, " /* %llu calls */", (unsigned long long)calls);
	}
	fprintf(f, "\n\tif (nr != __NR_SCMP_ERROR &&\n"
		   "\t    (rc = seccomp_rule_add(ctx, %s, nr, 0)) == 0)\n",
		action);
	if (prio >= 0)
		fprintf(f, "\t\trc = seccomp_syscall_priority(ctx, nr, %d);\n",
			prio);
	else
		fputs("\t\t;\n", f);
	fputs("\tif (rc == -ENOMEM)\n\t\tgoto out;\n", f);
}

/* rc = seccomp_rule_add(ctx, ACTION, nr, 1, SCMP_An(OP, V[, V2])); with
 * the value named in a comment (numbers: the target's headers may lack a
 * name; the C reader evaluates them the same) */
static void put_cond_rule(FILE *f, const struct emit_cond *c,
			  const struct arg_cond *r, const char *action,
			  bool first)
{
	struct strbuf sb = STRBUF_INIT;
	const char *tab = first ? "" : "\t";

	fprintf(f, "\t%src = seccomp_rule_add(ctx, %s, nr, 1,\n"
		   "\t\t%s\t      SCMP_A%u(%s, 0x%llxULL", tab, action, tab,
		r->index, arg_op_scmp_name(r->op),
		(unsigned long long)r->value);
	if (r->op == ARG_MASKED_EQ)
		fprintf(f, ", 0x%llxULL", (unsigned long long)r->value2);
	fputs("));", f);
	if (r->op == ARG_MASKED_EQ || r->op == ARG_EQ)
		emit_cond_rule_name(&sb, c, r);
	else
		strbuf_addstr(&sb, "any other value");
	fputs(" /* ", f);
	put_comment_text(f, sb.buf);
	fputs(" */\n", f);
	strbuf_release(&sb);
}

/*
 * A syscall allowed for some values of its decisive argument only (--args):
 * one rule per value, and with --action errno the complement as EPERM
 * (emit_cond_rules()).  A refused condition fails the install (rc < 0)
 * rather than silently allowing more.
 */
static void put_cond_rules(FILE *f, const struct emit_item *it,
			   const struct emit_cond *cond, int prio,
			   const char *older)
{
	struct arg_cond *rules = NULL;
	struct strbuf sb = STRBUF_INIT;
	size_t n, i;

	emit_cond_describe(&sb, cond);
	fprintf(f, "\tnr = seccomp_syscall_resolve_name(\"%s\"); "
		   "/* %llu calls: ", it->syscall,
		(unsigned long long)it->calls);
	put_comment_text(f, sb.buf);
	fputs(" */\n\tif (nr != __NR_SCMP_ERROR) {\n", f);
	n = emit_cond_rules(cond, false, &rules);
	for (i = 0; i < n; i++) {
		if (i)
			fputs("\t\tif (rc == 0)\n", f);
		fputs("\t", f);
		put_cond_rule(f, cond, &rules[i], "SCMP_ACT_ALLOW", !i);
	}
	free(rules);
	if (older) {
		char act[64];

		snprintf(act, sizeof(act), "SCMP_ACT_ERRNO(%s)", older);
		n = emit_cond_rules(cond, true, &rules);
		for (i = 0; i < n; i++) {
			fputs("\t\tif (rc == 0)\n\t", f);
			put_cond_rule(f, cond, &rules[i], act, false);
		}
		free(rules);
	}
	fprintf(f, "\t\tif (rc == 0)\n"
		   "\t\t\trc = seccomp_syscall_priority(ctx, nr, %d);\n"
		   "\t\tif (rc < 0)\n\t\t\tgoto out;\n\t}\n", prio);
	strbuf_release(&sb);
}

int emit_c(FILE *f, const struct emit_set *set)
{
	uint32_t native = arch_native();
	char **eperm = NULL;
	bool *plain = NULL;
	size_t i;
	int older = EPERM;
	char ebuf[ERRNO_NAME_MAX], oname[ERRNO_NAME_MAX + 16];
	char rollout[ERRNO_NAME_MAX + 32] = "SCMP_ACT_LOG";

	fputs("/*\n * Seccomp filter generated by syscensus " PACKAGE_VERSION,
	      f);
	if (set->title) {
		fputs(": ", f);
		put_comment_text(f, set->title);
	}
	fprintf(f, "\n *\n * %zu allowed syscalls, most frequently observed "
		   "first", set->nitems);
	if (emit_set_has_args(set))
		fprintf(f, " (%zu of them only for the\n * argument values "
			   "observed: --args)", emit_args_count(set, true));
	fputs("; anything else:\n * ", f);
	switch (set->unlisted.kind) {
	case ACTION_ERRNO:
		fputs("ENOSYS if newer than every allowed syscall, "
		      "else EPERM.\n", f);
		break;
	case ACTION_LOG:
		fputs("allowed and logged (SCMP_ACT_LOG).\n", f);
		break;
	default:
		fputs("the process is killed (SIGSYS).\n", f);
		break;
	}
	if (set->rollout.kind != ACTION_NONE) {
		size_t n = 0;

		for (i = 0; i < set->nitems; i++)
			n += emit_item_rollout(set, i);
		fprintf(f, " * Rollout: the %zu syscalls of static reach the "
			   "trace never saw are\n * %s instead of allowed.\n",
			n, set->rollout.kind == ACTION_LOG ?
			"logged (SCMP_ACT_LOG)" : "refused with an errno");
	}
	fputs(" *\n * Build: cc -c THIS.c $(pkg-config --cflags libseccomp)"
	      " and link with\n * $(pkg-config --libs libseccomp).  Call "
	      "install_seccomp_filter() once\n * setup is done; it returns 0 "
	      "or a negative errno and sets no_new_privs.\n */\n"
	      "#include <errno.h>\n#include <seccomp.h>\n\n"
	      "int install_seccomp_filter(void);\n\n"
	      "int install_seccomp_filter(void)\n{\n"
	      "\tscmp_filter_ctx ctx;\n\tuint32_t native;\n"
	      "\tint nr, rc = 0;\n\n", f);
	fprintf(f, "\tctx = seccomp_init(%s);\n\tif (!ctx)\n"
		   "\t\treturn -ENOMEM;\n", default_action(&set->unlisted));
	fputs("\trc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,\n"
	      "\t\t\t      SCMP_ACT_KILL_PROCESS);\n"
	      "\tif (rc < 0)\n\t\tgoto out;\n", f);
	fputs("\t/* architectures seen in the trace; unknown ones are "
	      "skipped */\n", f);
	for (i = 0; i < set->narches; i++) {
		fputs("\trc = seccomp_arch_add(ctx, ", f);
		put_arch_macro(f, set->arches[i]);
		fputs(");\n\tif (rc == -ENOMEM)\n\t\tgoto out;\n", f);
	}
	if (set->narches) {
		bool listed = false;

		for (i = 0; i < set->narches; i++)
			listed |= set->arches[i] == native;
		fputs("\tnative = seccomp_arch_native();\n\tif (", f);
		for (i = 0; i < set->narches; i++) {
			fputs(i ? " &&\n\t    native != " : "native != ", f);
			put_arch_macro(f, set->arches[i]);
		}
		fputs(") {\n\t\trc = seccomp_arch_remove(ctx, native);\n"
		      "\t\tif (rc < 0)\n\t\t\tgoto out;\n\t}\n", f);
		(void)listed;
	} else {
		fputs("\tnative = seccomp_arch_native();\n\t(void)native;\n",
		      f);
	}
	fputs("\n", f);
	if (set->unlisted.data && set->unlisted.data != ENOSYS)
		older = set->unlisted.data;
	snprintf(oname, sizeof(oname), "%s", errno_name(older, ebuf));
	if (ebuf[0] != 'E' || !isalpha((unsigned char)ebuf[1]))
		snprintf(oname, sizeof(oname), "%d", older);
	if (set->rollout.kind == ACTION_ERRNO) {
		int e = set->rollout.data ? set->rollout.data : EPERM;

		errno_name(e, ebuf);
		if (ebuf[0] == 'E' && isalpha((unsigned char)ebuf[1]))
			snprintf(rollout, sizeof(rollout),
				 "SCMP_ACT_ERRNO(%s)", ebuf);
		else
			snprintf(rollout, sizeof(rollout),
				 "SCMP_ACT_ERRNO(%d)", e);
	}
	if (emit_set_has_args(set)) {
		plain = emit_seccomp_plain(set);
		if (!plain)
			return -1;
	}
	for (i = 0; i < set->nitems; i++) {
		const char *name = set->items[i].syscall;
		int prio = i < 254 ? 255 - (int)i : 1;
		const struct emit_cond *cond = emit_item_cond(set, i);

		if (!name_is_plain(name)) {
			fprintf(f, "\t/* skipped: a name that is not a "
				   "syscall name */\n");
			continue;
		}
		if (emit_item_args_note(set, i)) {
			fputs("\t/* --args: unconditional: ", f);
			put_comment_text(f, emit_item_args_note(set, i));
			fputs(" */\n", f);
		}
		if (cond && plain[i]) {
			fputs("\t/* --args: unconditional: libseccomp cannot "
			      "say its condition on every\n\t * architecture "
			      "of this filter */\n", f);
			cond = NULL;
		}
		if (cond) {
			put_cond_rules(f, &set->items[i], cond, prio,
				       set->unlisted.kind == ACTION_ERRNO ?
				       oname : NULL);
			continue;
		}
		put_rule(f, name, emit_item_rollout(set, i) ? rollout :
			 "SCMP_ACT_ALLOW", prio, set->items[i].calls,
			 set->items[i].why, emit_item_source(set, i));
	}
	if (set->unlisted.kind == ACTION_ERRNO) {
		char act[64];

		snprintf(act, sizeof(act), "SCMP_ACT_ERRNO(%s)", oname);
		fputs("\n\t/* known syscalls older than the newest allowed "
		      "one: EPERM */\n", f);
		eperm = emit_eperm_names(set);
		for (i = 0; eperm[i]; i++)
			if (name_is_plain(eperm[i]))
				put_rule(f, eperm[i], act, -1, 0, NULL,
					 EMIT_OBSERVED);
	}
	fputs("\n\trc = seccomp_load(ctx);\nout:\n\tseccomp_release(ctx);\n"
	      "\treturn rc < 0 ? rc : 0;\n}\n", f);
	emit_names_free(eperm);
	free(plain);
	if (ferror(f))
		return error("cannot write the C filter");
	return 0;
}
