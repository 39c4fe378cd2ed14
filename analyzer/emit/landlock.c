/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * landlock.c - the Landlock layer: a ruleset from the path census, written
 * as C source exporting int install_landlock_ruleset(void) (`emit --format
 * landlock`) or as JSON for launchers (`emit --format landlock-json`), and
 * the JSON read back (`verify --landlock`).
 *
 * Rules.  What a program only reads keeps a rule per file (READ_FILE); an
 * executable and its ELF interpreter get READ_FILE and EXECUTE; a listed
 * directory gets READ_DIR.  What it writes, creates, removes, renames or
 * binds is collapsed to the directory holding it, which is where the
 * rights that make or remove a name live - unless that directory is
 * shallower than the configured depth or a system directory ("/", "/etc",
 * "/usr", ...: census_system_dir()); then a written file that exists keeps
 * a rule of its own and anything else is a note saying what cannot be
 * allowed.  A filesystem socket the program sends datagrams to (such as
 * $NOTIFY_SOCKET) gets write access to its directory.  TCP ports come from
 * the observed bind/connect calls (ABI 4).  The abstract unix socket and
 * signal scopes (ABI 6) are applied only when the trace shows nothing they
 * would stop, and the output says which and why.
 *
 * The C file is best effort across ABI versions 1 to 7: it asks the kernel
 * for its ABI, handles only the rights that ABI knows (REFER from 2,
 * TRUNCATE from 3, TCP from 4, IOCTL_DEV from 5, scopes from 6) and asks
 * for logging of denials after exec from 7.  It carries its own copies of
 * the uapi structures: distribution headers lag the kernel.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/analyzer.h"
#include "analyzer/emit/emit.h"

static const char *const fs_names[] = {
	"EXECUTE", "WRITE_FILE", "READ_FILE", "READ_DIR", "REMOVE_DIR",
	"REMOVE_FILE", "MAKE_CHAR", "MAKE_DIR", "MAKE_REG", "MAKE_SOCK",
	"MAKE_FIFO", "MAKE_BLOCK", "MAKE_SYM", "REFER", "TRUNCATE",
	"IOCTL_DEV",
};

void ll_access_names(struct strbuf *sb, uint64_t access)
{
	size_t i;
	bool first = true;

	for (i = 0; i < ARRAY_SIZE(fs_names); i++) {
		if (!(access & (1ULL << i)))
			continue;
		strbuf_addf(sb, "%s%s", first ? "" : "|", fs_names[i]);
		first = false;
	}
	if (first)
		strbuf_addstr(sb, "0");
}

/* Rights on the path itself (not collapsed). */
static uint64_t own_rights(unsigned how)
{
	uint64_t a = 0;

	if (how & CEN_READ)
		a |= LL_FS_READ_FILE;
	if (how & (CEN_EXEC | CEN_INTERP))
		a |= LL_FS_READ_FILE | LL_FS_EXECUTE;
	if (how & CEN_LISTDIR)
		a |= LL_FS_READ_DIR;
	if (how & CEN_WRITE)
		a |= LL_FS_WRITE_FILE;
	if (how & CEN_TRUNC)
		a |= LL_FS_TRUNCATE;
	return a;
}

/* Rights on the directory holding the path (collapsed). */
static uint64_t dir_rights(unsigned how)
{
	uint64_t a = 0;

	if (how & (CEN_WRITE | CEN_CREATE))
		a |= LL_FS_WRITE_FILE;
	if (how & CEN_TRUNC)
		a |= LL_FS_TRUNCATE;
	if (how & CEN_CREATE)
		a |= LL_FS_MAKE_REG | LL_FS_TRUNCATE;
	if (how & CEN_MKDIR)
		a |= LL_FS_MAKE_DIR;
	if (how & CEN_UNLINK)
		a |= LL_FS_REMOVE_FILE;
	if (how & CEN_RMDIR)
		a |= LL_FS_REMOVE_DIR;
	if (how & CEN_RENAME)
		a |= LL_FS_MAKE_REG | LL_FS_REMOVE_FILE;
	if (how & CEN_MKNOD)
		a |= LL_FS_MAKE_FIFO | LL_FS_MAKE_SOCK;
	if (how & CEN_BIND)
		a |= LL_FS_MAKE_SOCK;
	if (how & CEN_SEND)
		a |= LL_FS_WRITE_FILE;
	return a;
}

uint64_t ll_needed(unsigned how)
{
	return own_rights(how) | dir_rights(how);
}

/* How many components: "/" 0, "/var" 1, "/var/lib/app" 3. */
static unsigned depth_of(const char *dir)
{
	unsigned n = 0;

	for (; *dir; dir++)
		if (*dir == '/' && dir[1] && dir[1] != '/')
			n++;
	return n;
}

static char *parent_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static struct ll_rule *find_rule(struct ll_ruleset *rs, const char *path)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].path, path))
			return &rs->rules[i];
	return NULL;
}

static char *evidence(const struct census_entry *e, unsigned how)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	bool first = true;

	for (i = 0; i < 16; i++) {
		unsigned bit = 1u << i;

		if (!(how & bit))
			continue;
		switch (bit) {
		case CEN_READ: strbuf_addf(&sb, "%sread", first ? "" : "+");
			break;
		case CEN_WRITE: strbuf_addf(&sb, "%swrite", first ? "" : "+");
			break;
		case CEN_CREATE:
			strbuf_addf(&sb, "%screate", first ? "" : "+");
			break;
		case CEN_TRUNC: strbuf_addf(&sb, "%strunc", first ? "" : "+");
			break;
		case CEN_LISTDIR:
			strbuf_addf(&sb, "%slistdir", first ? "" : "+");
			break;
		case CEN_MKDIR: strbuf_addf(&sb, "%smkdir", first ? "" : "+");
			break;
		case CEN_UNLINK:
			strbuf_addf(&sb, "%sunlink", first ? "" : "+");
			break;
		case CEN_RMDIR: strbuf_addf(&sb, "%srmdir", first ? "" : "+");
			break;
		case CEN_RENAME:
			strbuf_addf(&sb, "%srename", first ? "" : "+");
			break;
		case CEN_MKNOD: strbuf_addf(&sb, "%smknod", first ? "" : "+");
			break;
		case CEN_EXEC: strbuf_addf(&sb, "%sexec", first ? "" : "+");
			break;
		case CEN_BIND: strbuf_addf(&sb, "%sbind", first ? "" : "+");
			break;
		case CEN_CONNECT:
			strbuf_addf(&sb, "%sconnect", first ? "" : "+");
			break;
		case CEN_SEND: strbuf_addf(&sb, "%ssend", first ? "" : "+");
			break;
		default: continue;
		}
		first = false;
	}
	if (how & CEN_INTERP)
		strbuf_addf(&sb, "%sELF interpreter (PT_INTERP) of %s",
			    first ? "" : "+", e->exe);
	else
		strbuf_addf(&sb, " %s by %s in phase '%s' of %s", e->path,
			    *e->syscall ? e->syscall : "exec",
			    *e->phase ? e->phase : "(any)", e->exe);
	return strbuf_detach(&sb, NULL);
}

static void add_rule(struct ll_ruleset *rs, const char *path, uint64_t a,
		     bool dir, const struct census_entry *e, unsigned how)
{
	struct ll_rule *r = find_rule(rs, path);

	if (r) {
		r->access |= a;
		r->dir |= dir;
		return;
	}
	rs->rules = xgrow(rs->rules, sizeof(*rs->rules), rs->nrules + 1,
			  &rs->arules);
	r = &rs->rules[rs->nrules++];
	r->path = xstrdup(path);
	r->access = a;
	r->dir = dir;
	r->why = evidence(e, how);
}

static void add_note(struct ll_ruleset *rs, char *note)
{
	size_t i;

	for (i = 0; i < rs->nnotes; i++)
		if (!strcmp(rs->notes[i], note)) {
			free(note);
			return;
		}
	rs->notes = xrealloc(rs->notes, (rs->nnotes + 1) * sizeof(char *));
	rs->notes[rs->nnotes++] = note;
}

static void add_port(struct ll_ruleset *rs, const char *port, bool bind,
		     const struct census_entry *e)
{
	char *end;
	unsigned long v = strtoul(port, &end, 10);
	size_t i;

	if (*end || v > 65535)
		return;
	for (i = 0; i < rs->nports; i++)
		if (rs->ports[i].port == v && rs->ports[i].bind == bind)
			return;
	rs->ports = xgrow(rs->ports, sizeof(*rs->ports), rs->nports + 1,
			  &rs->aports);
	rs->ports[rs->nports].port = (uint16_t)v;
	rs->ports[rs->nports].bind = bind;
	rs->ports[rs->nports].why = xasprintf("%s %lu by %s in phase '%s' "
					      "of %s", bind ? "bind" :
					      "connect", v, e->syscall,
					      e->phase, e->exe);
	rs->nports++;
}

static int cmp_rule(const void *a, const void *b)
{
	return strcmp(((const struct ll_rule *)a)->path,
		      ((const struct ll_rule *)b)->path);
}

/* True when path is dir or beneath it. */
static bool beneath(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (n == 1 && dir[0] == '/')
		return true;
	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

const struct ll_rule *ll_ruleset_covers(const struct ll_ruleset *rs,
					const char *path, uint64_t access)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++) {
		const struct ll_rule *r = &rs->rules[i];

		if ((r->access & access) == access &&
		    (!strcmp(r->path, path) ||
		     (r->dir && beneath(path, r->path))))
			return r;
	}
	return NULL;
}

int ll_ruleset_build(const struct census *c, unsigned depth,
		     struct ll_ruleset *rs)
{
	bool abstract_out = false;
	const char *abstract_name = NULL;
	static const char *const signalling[] = {
		"kill", "tkill", "tgkill", "rt_sigqueueinfo",
		"rt_tgsigqueueinfo", "pidfd_send_signal",
	};
	size_t i, j, k;

	memset(rs, 0, sizeof(*rs));
	/* first the collapsed directories, so that reads beneath them can
	 * join them */
	for (i = 0; i < c->n; i++) {
		const struct census_entry *e = &c->entries[i];
		uint64_t d = dir_rights(e->how);
		char *dir;

		if (!d || e->path[0] != '/')
			continue;
		dir = parent_of(e->path);
		if (depth_of(dir) >= depth && !census_system_dir(dir)) {
			add_rule(rs, dir, d, true, e, e->how);
		} else if ((e->how & (CEN_WRITE | CEN_SEND)) &&
			   !(e->how & CEN_CREATE)) {
			struct stat sb;

			/* an existing file written in place keeps its own
			 * rule; datagrams to a socket need it writable */
			if (stat(e->path, &sb) == 0)
				add_rule(rs, e->path, d & LL_FS_FILE_RIGHTS,
					 false, e, e->how);
		} else {
			struct stat sb;

			if ((e->how & CEN_CREATE) && !(e->how & ~(CEN_CREATE |
			    CEN_WRITE | CEN_TRUNC | CEN_READ)) &&
			    stat(e->path, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
				/* O_CREAT on a file that exists (/dev/null,
				 * a log): no name is made */
				add_rule(rs, e->path, d & LL_FS_FILE_RIGHTS,
					 false, e, e->how);
			} else {
				struct strbuf sb2 = STRBUF_INIT;

				ll_access_names(&sb2, d);
				add_note(rs, xasprintf("not allowed: %s on %s "
					"(for %s by %s): %s", sb2.buf, dir,
					e->path, e->syscall,
					census_system_dir(dir) ?
					"a system directory" :
					"above the collapse depth"));
				strbuf_release(&sb2);
			}
		}
		free(dir);
	}
	for (i = 0; i < c->n; i++) {
		const struct census_entry *e = &c->entries[i];
		uint64_t own = own_rights(e->how) & ~(uint64_t)
			(e->how & CEN_WRITE ? LL_FS_WRITE_FILE |
			 LL_FS_TRUNCATE : 0);
		const struct ll_rule *r;

		if (e->how & CEN_TCP_BIND)
			add_port(rs, e->path, true, e);
		if (e->how & CEN_TCP_CONNECT)
			add_port(rs, e->path, false, e);
		if ((e->how & (CEN_CONNECT | CEN_SEND)) && e->path[0] == '@') {
			bool own_name = false;

			for (k = 0; k < c->n; k++)
				if ((c->entries[k].how & CEN_BIND) &&
				    !strcmp(c->entries[k].path, e->path))
					own_name = true;
			if (!own_name && !abstract_out) {
				abstract_out = true;
				abstract_name = e->path;
			}
		}
		if (!own || e->path[0] != '/')
			continue;
		/* a write beneath a collapsed directory: reads there join
		 * it, files created later under new names stay readable */
		for (j = 0; j < rs->nrules; j++)
			if (rs->rules[j].dir &&
			    (rs->rules[j].access & LL_FS_WRITE_FILE) &&
			    beneath(e->path, rs->rules[j].path) &&
			    strcmp(e->path, rs->rules[j].path) &&
			    !(own & ~(uint64_t)LL_FS_READ_FILE))
				break;
		if (j < rs->nrules) {
			rs->rules[j].access |= own;
			continue;
		}
		if (own & LL_FS_READ_FILE) {
			struct stat sb;

			/* open(O_RDONLY) of a directory (glibc's locale
			 * probes) needs READ_DIR on it */
			if (stat(e->path, &sb) == 0 && S_ISDIR(sb.st_mode))
				own = (own & ~(uint64_t)LL_FS_READ_FILE) |
				      LL_FS_READ_DIR;
		}
		r = ll_ruleset_covers(rs, e->path, own);
		if (r)
			continue;
		add_rule(rs, e->path, own, (own & LL_FS_READ_DIR) != 0, e,
			 e->how);
	}
	/* IOCTL_DEV (ABI 5) on the devices a program opened, when it
	 * calls ioctl at all (isatty() on /dev/tty, ...) */
	if (census_has_syscall(c, "ioctl"))
		for (i = 0; i < rs->nrules; i++)
			if (!strncmp(rs->rules[i].path, "/dev/", 5))
				rs->rules[i].access |= LL_FS_IOCTL_DEV;
	if (rs->nrules)
		qsort(rs->rules, rs->nrules, sizeof(*rs->rules), cmp_rule);

	rs->scope_abstract = !abstract_out;
	rs->abstract_why = abstract_out ?
		xasprintf("not scoped: the trace connects or sends to the "
			  "abstract socket %s, which it did not bind itself",
			  abstract_name) :
		xstrdup("scoped: the trace shows no connect or send to an "
			"abstract unix socket outside the program");
	rs->scope_signal = true;
	for (i = 0; i < ARRAY_SIZE(signalling); i++)
		if (census_has_syscall(c, signalling[i])) {
			rs->scope_signal = false;
			rs->signal_why = xasprintf("not scoped: the trace shows "
				"%s, and syscensus does not record whose "
				"process it signals", signalling[i]);
			break;
		}
	if (rs->scope_signal)
		rs->signal_why = xstrdup("scoped: the trace shows no kill, "
					 "tkill, tgkill, rt_*sigqueueinfo or "
					 "pidfd_send_signal");
	return 0;
}

void ll_ruleset_release(struct ll_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++) {
		free(rs->rules[i].path);
		free(rs->rules[i].why);
	}
	free(rs->rules);
	for (i = 0; i < rs->nports; i++)
		free(rs->ports[i].why);
	free(rs->ports);
	for (i = 0; i < rs->nnotes; i++)
		free(rs->notes[i]);
	free(rs->notes);
	free(rs->abstract_why);
	free(rs->signal_why);
	memset(rs, 0, sizeof(*rs));
}

/* ------------------------------------------------------------ writers */

/* s inside a C comment: no "*" "/" pair, no trigraph, no line breaks or
 * controls. */
static void c_comment(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch == '*' && s[1] == '/') || (ch == '?' && s[1] == '?'))
			fprintf(f, "%c\\", ch); /* no end, no trigraph */
		else if (ch < 0x20 || ch == 0x7f)
			fputc('?', f);
		else
			fputc(ch, f);
	}
}

/* s as a C string literal: octal escapes for anything not plain. */
static void c_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\' || ch == '?' || ch < 0x20 ||
		    ch >= 0x7f)
			fprintf(f, "\\%03o", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static const char c_head[] =
"#define _GNU_SOURCE\n"
"#include <errno.h>\n"
"#include <fcntl.h>\n"
"#include <stddef.h>\n"
"#include <stdint.h>\n"
"#include <sys/prctl.h>\n"
"#include <sys/stat.h>\n"
"#include <sys/syscall.h>\n"
"#include <unistd.h>\n"
"\n"
"/* The uapi of Landlock (linux/landlock.h), ours: headers lag kernels. */\n"
"#ifndef __NR_landlock_create_ruleset\n"
"#define __NR_landlock_create_ruleset 444\n"
"#define __NR_landlock_add_rule 445\n"
"#define __NR_landlock_restrict_self 446\n"
"#endif\n"
"struct sc_ll_ruleset_attr {\n"
"\tuint64_t handled_access_fs, handled_access_net, scoped;\n"
"};\n"
"struct sc_ll_path_beneath {\n"
"\tuint64_t allowed_access;\n"
"\tint32_t parent_fd;\n"
"} __attribute__((packed));\n"
"struct sc_ll_net_port {\n"
"\tuint64_t allowed_access, port;\n"
"};\n"
"#define SC_LL_VERSION (1U << 0)      /* landlock_create_ruleset flag */\n"
"#define SC_LL_RULE_PATH_BENEATH 1\n"
"#define SC_LL_RULE_NET_PORT 2\n"
"#define SC_LL_NET_BIND_TCP (1ULL << 0)\n"
"#define SC_LL_NET_CONNECT_TCP (1ULL << 1)\n"
"#define SC_LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)\n"
"#define SC_LL_SCOPE_SIGNAL (1ULL << 1)\n"
"#define SC_LL_LOG_NEW_EXEC_ON (1U << 1) /* restrict_self flag, ABI 7 */\n"
"#define SC_LL_FILE_RIGHTS 0xc007ULL /* EXECUTE WRITE_FILE READ_FILE "
"TRUNCATE IOCTL_DEV */\n"
"\n";

static const char c_body[] =
"/* The rights each ABI version handles: 1 has 13, REFER came in 2,\n"
" * TRUNCATE in 3, IOCTL_DEV in 5. */\n"
"static uint64_t sc_ll_fs_rights(int abi)\n"
"{\n"
"\tuint64_t fs = (1ULL << 13) - 1;\n"
"\n"
"\tif (abi >= 2)\n"
"\t\tfs |= 1ULL << 13;\n"
"\tif (abi >= 3)\n"
"\t\tfs |= 1ULL << 14;\n"
"\tif (abi >= 5)\n"
"\t\tfs |= 1ULL << 15;\n"
"\treturn fs;\n"
"}\n"
"\n"
"/*\n"
" * Restrict the calling thread (and what it starts afterwards) to the\n"
" * rules above, dropping what the running kernel's Landlock lacks.  Sets\n"
" * no_new_privs.  Returns 0, -ENOSYS or -EOPNOTSUPP when the kernel has no\n"
" * Landlock (nothing is restricted then), or another negative errno.  A\n"
" * path that does not exist is skipped: nothing beneath it is allowed.\n"
" */\n"
"int install_landlock_ruleset(void)\n"
"{\n"
"\tstruct sc_ll_ruleset_attr attr = { 0, 0, 0 };\n"
"\tuint64_t fs;\n"
"\tint abi, fd, err;\n"
"\tunsigned flags = 0;\n"
"\tsize_t i;\n"
"\n"
"\tabi = (int)syscall(__NR_landlock_create_ruleset, NULL, 0,\n"
"\t\t\t    SC_LL_VERSION);\n"
"\tif (abi < 0)\n"
"\t\treturn -errno;\n"
"\tfs = sc_ll_fs_rights(abi);\n"
"\tattr.handled_access_fs = fs;\n"
"\tif (abi >= 4)\n"
"\t\tattr.handled_access_net = SC_LL_NET_BIND_TCP |\n"
"\t\t\t\t\t SC_LL_NET_CONNECT_TCP;\n"
"\tif (abi >= 6)\n"
"\t\tattr.scoped = sc_ll_scoped;\n"
"\tif (abi >= 7)\n"
"\t\tflags |= SC_LL_LOG_NEW_EXEC_ON;\n"
"\tfd = (int)syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr),\n"
"\t\t\t   0);\n"
"\tif (fd < 0)\n"
"\t\treturn -errno;\n"
"\tfor (i = 0; i < sizeof(sc_ll_rules) / sizeof(sc_ll_rules[0]); i++) {\n"
"\t\tstruct sc_ll_path_beneath pb;\n"
"\t\tstruct stat st;\n"
"\n"
"\t\tpb.allowed_access = sc_ll_rules[i].access & fs;\n"
"\t\tpb.parent_fd = open(sc_ll_rules[i].path, O_PATH | O_CLOEXEC);\n"
"\t\tif (pb.parent_fd < 0)\n"
"\t\t\tcontinue;\n"
"\t\tif (fstat(pb.parent_fd, &st) == 0 && !S_ISDIR(st.st_mode))\n"
"\t\t\tpb.allowed_access &= SC_LL_FILE_RIGHTS;\n"
"\t\tif (pb.allowed_access &&\n"
"\t\t    syscall(__NR_landlock_add_rule, fd, SC_LL_RULE_PATH_BENEATH,\n"
"\t\t\t    &pb, 0) < 0) {\n"
"\t\t\terr = -errno;\n"
"\t\t\tclose(pb.parent_fd);\n"
"\t\t\tclose(fd);\n"
"\t\t\treturn err;\n"
"\t\t}\n"
"\t\tclose(pb.parent_fd);\n"
"\t}\n"
"\tfor (i = 0; abi >= 4 && i < sizeof(sc_ll_ports) /\n"
"\t\t\t\t    sizeof(sc_ll_ports[0]); i++) {\n"
"\t\tstruct sc_ll_net_port np;\n"
"\n"
"\t\tif (!sc_ll_ports[i].access)\n"
"\t\t\tcontinue;\n"
"\t\tnp.allowed_access = sc_ll_ports[i].access;\n"
"\t\tnp.port = sc_ll_ports[i].port;\n"
"\t\tif (syscall(__NR_landlock_add_rule, fd, SC_LL_RULE_NET_PORT, &np,\n"
"\t\t\t    0) < 0) {\n"
"\t\t\terr = -errno;\n"
"\t\t\tclose(fd);\n"
"\t\t\treturn err;\n"
"\t\t}\n"
"\t}\n"
"\tif (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||\n"
"\t    syscall(__NR_landlock_restrict_self, fd, flags) < 0) {\n"
"\t\terr = -errno;\n"
"\t\tclose(fd);\n"
"\t\treturn err;\n"
"\t}\n"
"\tclose(fd);\n"
"\treturn 0;\n"
"}\n";

int ll_write_c(FILE *f, const struct ll_ruleset *rs, const char *title)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	fputs("/* SPDX-License-Identifier: CC0-1.0 */\n/*\n"
	      " * A Landlock ruleset written by syscensus from a trace", f);
	if (title) {
		fputs(":\n *   ", f);
		c_comment(f, title);
	}
	fputs("\n * Call install_landlock_ruleset() before running the "
	      "workload (or from a\n * launcher before exec).  Each rule "
	      "says which observed access needs it.\n", f);
	for (i = 0; i < rs->nnotes; i++) {
		fputs(" * ", f);
		c_comment(f, rs->notes[i]);
		fputc('\n', f);
	}
	fputs(" * Abstract unix sockets bypass Landlock's filesystem rules; "
	      "from ABI 6:\n *   LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET ", f);
	c_comment(f, rs->abstract_why);
	fputs("\n *   LANDLOCK_SCOPE_SIGNAL ", f);
	c_comment(f, rs->signal_why);
	fputs("\n * REFER (ABI 2) is handled and never granted: files are "
	      "not moved\n * between directories.\n */\n", f);
	fputs(c_head, f);
	fputs("static const struct {\n\tconst char *path;\n\tuint64_t access;"
	      "\n} sc_ll_rules[] = {\n", f);
	for (i = 0; i < rs->nrules; i++) {
		strbuf_reset(&sb);
		ll_access_names(&sb, rs->rules[i].access);
		fputs("\t/* ", f);
		c_comment(f, rs->rules[i].why ? rs->rules[i].why : "");
		fprintf(f, " */\n\t/* %s%s */\n\t{ ", sb.buf,
			rs->rules[i].dir ? ", the directory and beneath" : "");
		c_string(f, rs->rules[i].path);
		fprintf(f, ", 0x%llxULL },\n",
			(unsigned long long)rs->rules[i].access);
	}
	if (!rs->nrules)
		fputs("\t{ NULL, 0 },\n", f);
	fputs("};\n\nstatic const struct {\n\tuint64_t port, access;\n} "
	      "sc_ll_ports[] = {\n", f);
	for (i = 0; i < rs->nports; i++) {
		fputs("\t/* ", f);
		c_comment(f, rs->ports[i].why);
		fprintf(f, " */\n\t{ %u, %s },\n", rs->ports[i].port,
			rs->ports[i].bind ? "SC_LL_NET_BIND_TCP" :
			"SC_LL_NET_CONNECT_TCP");
	}
	if (!rs->nports)
		fputs("\t{ 0, 0 }, /* no TCP bind or connect seen */\n", f);
	fprintf(f, "};\n\n/* ABI 6 scopes (see the top comment) */\n"
		"static const uint64_t sc_ll_scoped = %s;\n\n",
		rs->scope_abstract && rs->scope_signal ?
		"SC_LL_SCOPE_ABSTRACT_UNIX_SOCKET | SC_LL_SCOPE_SIGNAL" :
		rs->scope_abstract ? "SC_LL_SCOPE_ABSTRACT_UNIX_SOCKET" :
		rs->scope_signal ? "SC_LL_SCOPE_SIGNAL" : "0");
	fputs("int install_landlock_ruleset(void);\n\n", f);
	fputs(c_body, f);
	strbuf_release(&sb);
	return ferror(f) ? error("cannot write the ruleset") : 0;
}

static json_t *access_array(uint64_t access)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fs_names); i++)
		if (access & (1ULL << i))
			json_array_append_new(a, json_string(fs_names[i]));
	return a;
}

int ll_write_json(FILE *f, const struct ll_ruleset *rs, const char *title)
{
	json_t *root = json_object(), *rules = json_array();
	json_t *ports = json_array(), *notes = json_array(), *scope;
	size_t i;
	int ret = 0;

	json_object_set_new(root, "syscensus_landlock", json_integer(1));
	if (title)
		json_object_set_new(root, "generated_by", json_string(title));
	for (i = 0; i < rs->nrules; i++) {
		json_t *r = json_object();

		json_object_set_new(r, "path", json_string(rs->rules[i].path));
		json_object_set_new(r, "access",
				    access_array(rs->rules[i].access));
		json_object_set_new(r, "beneath",
				    json_boolean(rs->rules[i].dir));
		if (rs->rules[i].why)
			json_object_set_new(r, "evidence",
					    json_string(rs->rules[i].why));
		json_array_append_new(rules, r);
	}
	json_object_set_new(root, "rules", rules);
	for (i = 0; i < rs->nports; i++) {
		json_t *p = json_object();

		json_object_set_new(p, "port", json_integer(rs->ports[i].port));
		json_object_set_new(p, "access", json_string(
			rs->ports[i].bind ? "BIND_TCP" : "CONNECT_TCP"));
		json_object_set_new(p, "evidence",
				    json_string(rs->ports[i].why));
		json_array_append_new(ports, p);
	}
	json_object_set_new(root, "net_ports", ports);
	scope = json_object();
	json_object_set_new(scope, "abstract_unix_socket",
			    json_boolean(rs->scope_abstract));
	json_object_set_new(scope, "abstract_unix_socket_why",
			    json_string(rs->abstract_why));
	json_object_set_new(scope, "signal", json_boolean(rs->scope_signal));
	json_object_set_new(scope, "signal_why", json_string(rs->signal_why));
	json_object_set_new(root, "scoped", scope);
	for (i = 0; i < rs->nnotes; i++)
		json_array_append_new(notes, json_string(rs->notes[i]));
	json_object_set_new(root, "notes", notes);
	if (json_dumpf(root, f, JSON_INDENT(2) | JSON_ENSURE_ASCII) < 0)
		ret = error("cannot write the ruleset");
	fputc('\n', f);
	json_decref(root);
	return ret;
}

static int access_from_json(json_t *a, uint64_t *out, const char *path)
{
	size_t i, j;
	json_t *v;

	*out = 0;
	if (!json_is_array(a))
		return error("%s: \"access\" is not an array", path);
	json_array_foreach(a, i, v) {
		const char *s = json_string_value(v);

		for (j = 0; s && j < ARRAY_SIZE(fs_names); j++)
			if (!strcmp(s, fs_names[j]))
				break;
		if (!s || j == ARRAY_SIZE(fs_names))
			return error("%s: unknown access right in rule %zu",
				     path, i);
		*out |= 1ULL << j;
	}
	return 0;
}

int ll_read_json(const char *path, struct ll_ruleset *rs)
{
	json_error_t je;
	json_t *root, *rules, *ports, *scope, *v;
	size_t i;
	int ret = -1;

	memset(rs, 0, sizeof(*rs));
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return error("%s:%d:%d: %s", path, je.line, je.column,
			     je.text);
	if (!json_is_object(root) ||
	    !json_is_integer(json_object_get(root, "syscensus_landlock"))) {
		error("%s: not a syscensus Landlock ruleset (emit --format "
		      "landlock-json)", path);
		goto out;
	}
	rules = json_object_get(root, "rules");
	if (!json_is_array(rules)) {
		error("%s: \"rules\" is not an array", path);
		goto out;
	}
	json_array_foreach(rules, i, v) {
		json_t *p = json_object_get(v, "path");
		struct ll_rule *r;
		uint64_t a;

		if (!json_is_string(p) || json_string_length(p) == 0 ||
		    strlen(json_string_value(p)) != json_string_length(p)) {
			error("%s: rule %zu has no usable \"path\"", path, i);
			goto out;
		}
		if (access_from_json(json_object_get(v, "access"), &a,
				     path) < 0)
			goto out;
		rs->rules = xgrow(rs->rules, sizeof(*rs->rules),
				  rs->nrules + 1, &rs->arules);
		r = &rs->rules[rs->nrules++];
		memset(r, 0, sizeof(*r));
		r->path = xstrdup(json_string_value(p));
		r->access = a;
		r->dir = json_is_true(json_object_get(v, "beneath"));
		if (json_is_string(json_object_get(v, "evidence")))
			r->why = xstrdup(json_string_value(
				json_object_get(v, "evidence")));
	}
	ports = json_object_get(root, "net_ports");
	json_array_foreach(ports, i, v) {
		json_int_t port = json_integer_value(json_object_get(v,
								     "port"));
		const char *acc = json_string_value(json_object_get(v,
								    "access"));
		struct ll_port *p;

		if (port < 0 || port > 65535 || !acc ||
		    (strcmp(acc, "BIND_TCP") && strcmp(acc, "CONNECT_TCP"))) {
			error("%s: net_ports[%zu] is not a port and BIND_TCP "
			      "or CONNECT_TCP", path, i);
			goto out;
		}
		rs->ports = xgrow(rs->ports, sizeof(*rs->ports),
				  rs->nports + 1, &rs->aports);
		p = &rs->ports[rs->nports++];
		p->port = (uint16_t)port;
		p->bind = !strcmp(acc, "BIND_TCP");
		p->why = xstrdup("from the JSON ruleset");
	}
	scope = json_object_get(root, "scoped");
	rs->scope_abstract = json_is_true(json_object_get(scope,
		"abstract_unix_socket"));
	rs->scope_signal = json_is_true(json_object_get(scope, "signal"));
	rs->abstract_why = xstrdup(rs->scope_abstract ?
				   "scoped (from the JSON ruleset)" :
				   "not scoped (from the JSON ruleset)");
	rs->signal_why = xstrdup(rs->scope_signal ?
				 "scoped (from the JSON ruleset)" :
				 "not scoped (from the JSON ruleset)");
	ret = 0;
out:
	if (ret < 0)
		ll_ruleset_release(rs);
	json_decref(root);
	return ret;
}

/* ----------------------------------------------------------- emitters */

static int emit_ll(FILE *f, const struct emit_set *set, bool json)
{
	struct census c;
	struct ll_ruleset rs;
	int ret;

	if (!set->layers)
		return error("the landlock formats need the store");
	if (census_load(set->layers->st, set->layers->filter, &c) < 0)
		return -1;
	ll_ruleset_build(&c, set->layers->depth, &rs);
	ret = json ? ll_write_json(f, &rs, set->title)
		   : ll_write_c(f, &rs, set->title);
	ll_ruleset_release(&rs);
	census_release(&c);
	return ret;
}

int emit_landlock(FILE *f, const struct emit_set *set)
{
	return emit_ll(f, set, false);
}

int emit_landlock_json(FILE *f, const struct emit_set *set)
{
	return emit_ll(f, set, true);
}

/* ------------------------------------------------- the C form read back */

/* One rule line of ll_write_c(): { "PATH", 0xHEXULL }, */
static int c_rule_line(const char *line, struct ll_ruleset *rs)
{
	struct strbuf path = STRBUF_INIT;
	const char *p = line + 3;
	unsigned long long access;
	char *end;
	struct ll_rule *r;

	while (*p && *p != '"') {
		if (*p == '\\' && p[1] >= '0' && p[1] <= '3' &&
		    p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
			strbuf_addch(&path, ((p[1] - '0') << 6) |
				     ((p[2] - '0') << 3) | (p[3] - '0'));
			p += 4;
		} else if (*p == '\\') {
			strbuf_release(&path);
			return -1;
		} else {
			strbuf_addch(&path, *p++);
		}
	}
	if (*p != '"' || strncmp(p, "\", 0x", 5) || !path.len) {
		strbuf_release(&path);
		return -1;
	}
	access = strtoull(p + 5, &end, 16);
	if (strncmp(end, "ULL }", 5)) {
		strbuf_release(&path);
		return -1;
	}
	rs->rules = xgrow(rs->rules, sizeof(*rs->rules), rs->nrules + 1,
			  &rs->arules);
	r = &rs->rules[rs->nrules++];
	memset(r, 0, sizeof(*r));
	r->path = strbuf_detach(&path, NULL);
	r->access = access;
	r->dir = false; /* set from the comment line by the caller */
	return 0;
}

int ll_read_c(const char *path, struct ll_ruleset *rs)
{
	FILE *f = fopen(path, "re");
	char line[8192];
	bool prev_dir = false;
	unsigned long lineno = 0;
	bool in_rules = false;

	memset(rs, 0, sizeof(*rs));
	if (!f)
		return error("cannot open '%s': %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strncmp(line, "} sc_ll_rules[] = {", 19)) {
			in_rules = true;
			continue;
		}
		if (in_rules && !strncmp(line, "};", 2))
			in_rules = false;
		if (in_rules && !strncmp(line, "\t{ \"", 4)) {
			if (c_rule_line(line + 1, rs) < 0) {
				fclose(f);
				ll_ruleset_release(rs);
				return error("%s:%lu: not a rule line of "
					     "syscensus emit --format landlock",
					     path, lineno);
			}
			/* the comment line before says whether it is a
			 * directory rule */
			rs->rules[rs->nrules - 1].dir = prev_dir;
		}
		prev_dir = strstr(line, "the directory and beneath") != NULL;
	}
	fclose(f);
	if (!rs->nrules)
		return error("%s: no install_landlock_ruleset() rules of "
			     "syscensus emit --format landlock", path);
	return 0;
}
