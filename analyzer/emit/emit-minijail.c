/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-minijail.c - `emit --format minijail`: a minijail seccomp policy
 * (`name: 1` per syscall, most frequently observed first) and its
 * frequency file.
 *
 * The frequency file (`name: count` per line, what minijail's
 * compile_seccomp_policy --frequency and `@frequency` read to order its
 * filter) is written next to the policy when the output is a regular
 * file named *.policy: for `-o foo.policy`, `foo.frequency` in the same
 * directory (0600),
 * and the policy says `@frequency ./foo.frequency` (minijail resolves it
 * relative to the policy).  Otherwise (stdout, a pipe, another name) the
 * counts go into comments at the end instead.
 *
 * With --args a syscall allowed for some argument values only gets a
 * filter (`socket: arg0 == AF_UNIX || arg0 == AF_INET`, see put_cond()),
 * followed by `; return EPERM` with --action errno so that its other
 * values fail as a known syscall's do.
 *
 * --action: kill gives `@default kill-process`; minijail's @default takes
 * no errno and no log, so errno gives explicit `return EPERM` rules for
 * the known syscalls older than the newest allowed one (newer ones get
 * minijail's default) and log says to compile with --use-ret-log.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/emit/emit.h"
#include "analyzer/policy/policy.h"

static void put_comment(FILE *f, const char *s)
{
	fputs("# ", f);
	for (; s && *s; s++)
		fputc(isprint((unsigned char)*s) ? *s : ' ', f);
	fputc('\n', f);
}

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

/* The path f writes to, if it is a regular file; caller frees. */
static char *output_path(FILE *f)
{
	char link[64], buf[PATH_MAX], cwd[PATH_MAX];
	const char *target = output_target(f);
	struct stat st;
	ssize_t n;

	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode))
		return NULL;
	if (target) { /* -o: the file output_close() will rename into place */
		if (*target == '/')
			n = snprintf(buf, sizeof(buf), "%s", target);
		else if (getcwd(cwd, sizeof(cwd)))
			n = snprintf(buf, sizeof(buf), "%s/%s", cwd, target);
		else
			return NULL;
		if (n <= 0 || (size_t)n >= sizeof(buf))
			return NULL;
	} else {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fileno(f));
		n = readlink(link, buf, sizeof(buf) - 1);
		if (n <= 0)
			return NULL;
		buf[n] = '\0';
	}
	/* only FOO.policy: a log that stdout happens to go to is not ours */
	if (buf[0] != '/' || n < 8 || strcmp(buf + n - 7, ".policy") ||
	    buf[n - 8] == '/')
		return NULL;
	return xstrdup(buf);
}

static int write_frequency(const char *path, const struct emit_set *set)
{
	FILE *ff = output_open(path);
	size_t i;

	if (!ff)
		return -1;
	for (i = 0; i < set->nitems; i++)
		if (name_is_plain(set->items[i].syscall))
			fprintf(ff, "%s: %llu\n", set->items[i].syscall,
				(unsigned long long)set->items[i].calls);
	return output_close(ff, path);
}

/*
 * --args: the filter of a conditional item, as minijail's parser reads it
 * (names from consts.c, which its constants also have): `arg0 == AF_UNIX
 * || arg0 == AF_INET`.  The kernel reads these arguments as 32-bit ints;
 * minijail's operators (== != < <= > >= & in) have no (arg & 0xffffffff)
 * == v, so a value with bit 31 set is also allowed sign-extended
 * (`|| arg1 == 0xffffffff80086601`): an int caller's register.
 * clone's masked values as `arg0 in ~(NS flags)` (none of them) or, for
 * flags that must be set, one `arg0 & FLAG` per flag (exact for one bit)
 * and `arg0 in ~(the others)`.  False, with
 * nothing written, when a value cannot be said exactly in six
 * comparisons (then the syscall stays unconditional).
 */
static bool put_cond(struct strbuf *sb, const struct emit_cond *c)
{
	const struct decisive_arg *d = c->arg;
	size_t i;
	unsigned b;

	for (i = 0; i < c->nvalues; i++) {
		uint64_t v = c->values[i], rest = d->mask & ~v;
		unsigned nset = 0;

		if (i)
			strbuf_addstr(sb, " || ");
		if (!d->mask) {
			/* minijail has no masked equality: the kernel's
			 * 32-bit value as the register holds it zero- or
			 * sign-extended (exact for C callers) */
			v &= UINT32_MAX;
			strbuf_addf(sb, "arg%u == ", d->index);
			emit_cond_value_name(sb, c, v);
			if (v & 0x80000000u)
				strbuf_addf(sb, " || arg%u == 0x%llx",
					    d->index, (unsigned long long)
					    (v | UINT64_C(0xffffffff00000000)));
			continue;
		}
		for (b = 0; b < 64; b++) {
			uint64_t bit = (uint64_t)1 << b;

			if (!(v & bit))
				continue;
			if (++nset > 5)
				return false;
			strbuf_addf(sb, "arg%u & ", d->index);
			emit_cond_value_name(sb, c, bit);
			strbuf_addstr(sb, " && ");
		}
		if (!rest) {
			strbuf_setlen(sb, sb->len - 4); /* the last " && " */
			continue;
		}
		strbuf_addf(sb, "arg%u in ~(", d->index);
		emit_cond_value_name(sb, c, rest);
		strbuf_addch(sb, ')');
	}
	return true;
}

int emit_minijail(FILE *f, const struct emit_set *set)
{
	char *out = output_path(f), *freq = NULL, **eperm = NULL;
	struct strbuf sb = STRBUF_INIT;
	const char *base;
	char eb[ERRNO_NAME_MAX], fallback[ERRNO_NAME_MAX + 16] = "";
	int older = set->unlisted.data && set->unlisted.data != ENOSYS ?
		set->unlisted.data : EPERM;
	size_t i;
	int ret = -1;

	put_comment(f, set->title ? set->title : "seccomp policy");
	fprintf(f, "# generated by syscensus %s: %zu syscalls, most "
		   "frequently observed first\n", PACKAGE_VERSION,
		set->nitems);
	if (out) {
		char *dot = strrchr(out, '.');

		*dot = '\0';
		freq = xasprintf("%s.frequency", out);
		base = strrchr(freq, '/') + 1;
		if (write_frequency(freq, set) < 0)
			goto out;
		fprintf(f, "@frequency ./%s\n", base);
	}
	switch (set->unlisted.kind) {
	case ACTION_ERRNO:
		fputs("# unlisted: EPERM below; newer syscalls get minijail's "
		      "default (@default takes no errno)\n", f);
		break;
	case ACTION_LOG:
		fputs("# unlisted: log them by compiling with --use-ret-log "
		      "(minijail0 -L)\n", f);
		break;
	default:
		fputs("@default kill-process\n", f);
		break;
	}
	if (set->unlisted.kind == ACTION_ERRNO)
		snprintf(fallback, sizeof(fallback), "; return %s",
			 errno_name(older, eb));
	for (i = 0; i < set->nitems; i++) {
		const struct emit_item *it = &set->items[i];
		const struct emit_cond *cond = emit_item_cond(set, i);
		const char *note = emit_item_args_note(set, i);

		if (!name_is_plain(it->syscall))
			continue;
		if (it->why)
			put_comment(f, it->why);
		if (note) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "--args: unconditional: %s", note);
			put_comment(f, sb.buf);
		}
		strbuf_reset(&sb);
		if (cond && put_cond(&sb, cond)) {
			fprintf(f, "%s: %s%s\n", it->syscall, sb.buf,
				fallback);
			continue;
		}
		if (cond)
			put_comment(f, "--args: unconditional: a value "
				    "minijail cannot say exactly");
		fprintf(f, "%s: 1\n", it->syscall);
	}
	if (set->unlisted.kind == ACTION_ERRNO) {
		eperm = emit_eperm_names(set);
		for (i = 0; eperm[i]; i++)
			fprintf(f, "%s: return %s\n", eperm[i],
				errno_name(older, eb));
	}
	if (!out) {
		fputs("# frequency (no file written: output is not a regular "
		      "file)\n", f);
		for (i = 0; i < set->nitems; i++)
			if (name_is_plain(set->items[i].syscall))
				fprintf(f, "#   %s: %llu\n",
					set->items[i].syscall,
					(unsigned long long)
						set->items[i].calls);
	}
	ret = ferror(f) ? error("cannot write the minijail policy") : 0;
out:
	emit_names_free(eperm);
	strbuf_release(&sb);
	free(freq);
	free(out);
	return ret;
}
