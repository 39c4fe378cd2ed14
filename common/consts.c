/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * consts.c - named constants of syscall arguments (AF_UNIX, F_GETFL,
 * TCGETS, PR_SET_NAME, CLONE_THREAD, ...), the constant expressions
 * policies write with them, and the "decisive arguments": the one argument
 * of socket, fcntl, ioctl, prctl or clone that says what the call does.
 *
 * Traces record each decisive value as a fact of kind "arg", "N=TEXT"
 * (schema.sql): the tracer writes TEXT with decisive_arg_format(), the
 * strace importer stores strace's own text; decisive_arg_parse() reads
 * both back into a number for `emit --args` and `check`.  Names are those
 * of the build host's headers, which is what the tracer sees too.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/fs.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <termios.h>

#include "common/common.h"

/* Families: how a value of a decisive argument is named. */
enum fam {
	F_NONE, FAM_AF, FAM_SOCK, FAM_PROT, FAM_MAP, FAM_O, FAM_F, FAM_FD,
	FAM_PR, FAM_CLONE, FAM_SIG, FAM_FUTEX, FAM_MADV, FAM_IOCTL,
};

#define K(fam, x) { #x, (uint64_t)(x), fam }
static const struct {
	const char *name;
	uint64_t value;
	enum fam fam;
} constants[] = {
	/* the first name of a value is the one printed */
	K(FAM_AF, AF_UNSPEC), K(FAM_AF, AF_UNIX), K(FAM_AF, AF_LOCAL),
	K(FAM_AF, AF_INET), K(FAM_AF, AF_INET6), K(FAM_AF, AF_NETLINK),
	K(FAM_AF, AF_PACKET), K(FAM_AF, AF_VSOCK), K(FAM_AF, AF_KEY),
	K(FAM_AF, AF_ALG), K(FAM_AF, AF_BLUETOOTH), K(FAM_AF, AF_CAN),
	K(FAM_AF, AF_APPLETALK), K(FAM_AF, AF_AX25), K(FAM_AF, AF_IPX),
	K(FAM_AF, AF_X25), K(FAM_AF, AF_DECnet), K(FAM_AF, AF_TIPC),
	K(FAM_AF, AF_RDS), K(FAM_AF, AF_LLC), K(FAM_AF, AF_IB),
	K(FAM_AF, AF_MPLS), K(FAM_AF, AF_NFC), K(FAM_AF, AF_QIPCRTR),
	K(FAM_AF, AF_SMC), K(FAM_AF, AF_XDP),
	K(FAM_SOCK, SOCK_STREAM), K(FAM_SOCK, SOCK_DGRAM),
	K(FAM_SOCK, SOCK_RAW), K(FAM_SOCK, SOCK_SEQPACKET),
	K(FAM_SOCK, SOCK_NONBLOCK), K(FAM_SOCK, SOCK_CLOEXEC),
	K(FAM_PROT, PROT_NONE), K(FAM_PROT, PROT_READ),
	K(FAM_PROT, PROT_WRITE), K(FAM_PROT, PROT_EXEC),
	K(FAM_MAP, MAP_SHARED), K(FAM_MAP, MAP_PRIVATE), K(FAM_MAP, MAP_FIXED),
	K(FAM_MAP, MAP_ANONYMOUS), K(FAM_MAP, MAP_ANON),
	K(FAM_MAP, MAP_NORESERVE), K(FAM_MAP, MAP_STACK),
	K(FAM_MAP, MAP_POPULATE),
	K(FAM_O, O_RDONLY), K(FAM_O, O_WRONLY), K(FAM_O, O_RDWR),
	K(FAM_O, O_CREAT), K(FAM_O, O_EXCL), K(FAM_O, O_TRUNC),
	K(FAM_O, O_APPEND), K(FAM_O, O_NONBLOCK), K(FAM_O, O_CLOEXEC),
	K(FAM_O, O_DIRECTORY), K(FAM_O, O_NOFOLLOW), K(FAM_O, O_PATH),
	K(FAM_F, F_DUPFD), K(FAM_F, F_GETFD), K(FAM_F, F_SETFD),
	K(FAM_F, F_GETFL), K(FAM_F, F_SETFL), K(FAM_F, F_GETLK),
	K(FAM_F, F_SETLK), K(FAM_F, F_SETLKW), K(FAM_F, F_SETOWN),
	K(FAM_F, F_GETOWN), K(FAM_F, F_SETSIG), K(FAM_F, F_GETSIG),
	K(FAM_F, F_SETOWN_EX), K(FAM_F, F_GETOWN_EX),
	K(FAM_F, F_OFD_GETLK), K(FAM_F, F_OFD_SETLK), K(FAM_F, F_OFD_SETLKW),
	K(FAM_F, F_SETLEASE), K(FAM_F, F_GETLEASE), K(FAM_F, F_NOTIFY),
	K(FAM_F, F_DUPFD_CLOEXEC), K(FAM_F, F_SETPIPE_SZ),
	K(FAM_F, F_GETPIPE_SZ), K(FAM_F, F_ADD_SEALS), K(FAM_F, F_GET_SEALS),
	K(FAM_FD, FD_CLOEXEC),
	K(FAM_PR, PR_SET_PDEATHSIG), K(FAM_PR, PR_GET_PDEATHSIG),
	K(FAM_PR, PR_GET_DUMPABLE), K(FAM_PR, PR_SET_DUMPABLE),
	K(FAM_PR, PR_GET_KEEPCAPS), K(FAM_PR, PR_SET_KEEPCAPS),
	K(FAM_PR, PR_SET_NAME), K(FAM_PR, PR_GET_NAME),
	K(FAM_PR, PR_GET_SECCOMP), K(FAM_PR, PR_SET_SECCOMP),
	K(FAM_PR, PR_CAPBSET_READ), K(FAM_PR, PR_CAPBSET_DROP),
	K(FAM_PR, PR_GET_SECUREBITS), K(FAM_PR, PR_SET_SECUREBITS),
	K(FAM_PR, PR_SET_TIMERSLACK), K(FAM_PR, PR_GET_TIMERSLACK),
	K(FAM_PR, PR_MCE_KILL), K(FAM_PR, PR_SET_MM),
	K(FAM_PR, PR_SET_PTRACER), K(FAM_PR, PR_SET_CHILD_SUBREAPER),
	K(FAM_PR, PR_GET_CHILD_SUBREAPER), K(FAM_PR, PR_SET_NO_NEW_PRIVS),
	K(FAM_PR, PR_GET_NO_NEW_PRIVS), K(FAM_PR, PR_GET_TID_ADDRESS),
	K(FAM_PR, PR_SET_THP_DISABLE), K(FAM_PR, PR_GET_THP_DISABLE),
	K(FAM_PR, PR_CAP_AMBIENT), K(FAM_PR, PR_SET_IO_FLUSHER),
	K(FAM_PR, PR_GET_IO_FLUSHER), K(FAM_PR, PR_SET_SYSCALL_USER_DISPATCH),
	K(FAM_PR, PR_SCHED_CORE), K(FAM_PR, PR_SET_VMA),
#ifdef PR_SET_MDWE
	K(FAM_PR, PR_SET_MDWE), K(FAM_PR, PR_GET_MDWE),
#endif
	K(FAM_CLONE, CLONE_VM), K(FAM_CLONE, CLONE_FS),
	K(FAM_CLONE, CLONE_FILES), K(FAM_CLONE, CLONE_SIGHAND),
	K(FAM_CLONE, CLONE_PIDFD), K(FAM_CLONE, CLONE_PTRACE),
	K(FAM_CLONE, CLONE_VFORK), K(FAM_CLONE, CLONE_PARENT),
	K(FAM_CLONE, CLONE_THREAD), K(FAM_CLONE, CLONE_NEWNS),
	K(FAM_CLONE, CLONE_SYSVSEM), K(FAM_CLONE, CLONE_SETTLS),
	K(FAM_CLONE, CLONE_PARENT_SETTID), K(FAM_CLONE, CLONE_CHILD_CLEARTID),
	K(FAM_CLONE, CLONE_DETACHED), K(FAM_CLONE, CLONE_UNTRACED),
	K(FAM_CLONE, CLONE_CHILD_SETTID), K(FAM_CLONE, CLONE_NEWCGROUP),
	K(FAM_CLONE, CLONE_NEWUTS), K(FAM_CLONE, CLONE_NEWIPC),
	K(FAM_CLONE, CLONE_NEWUSER), K(FAM_CLONE, CLONE_NEWPID),
	K(FAM_CLONE, CLONE_NEWNET), K(FAM_CLONE, CLONE_IO),
	K(FAM_SIG, SIGHUP), K(FAM_SIG, SIGINT), K(FAM_SIG, SIGQUIT),
	K(FAM_SIG, SIGILL), K(FAM_SIG, SIGTRAP), K(FAM_SIG, SIGABRT),
	K(FAM_SIG, SIGBUS), K(FAM_SIG, SIGFPE), K(FAM_SIG, SIGKILL),
	K(FAM_SIG, SIGUSR1), K(FAM_SIG, SIGSEGV), K(FAM_SIG, SIGUSR2),
	K(FAM_SIG, SIGPIPE), K(FAM_SIG, SIGALRM), K(FAM_SIG, SIGTERM),
	K(FAM_SIG, SIGCHLD), K(FAM_SIG, SIGCONT), K(FAM_SIG, SIGSTOP),
	K(FAM_SIG, SIGTSTP), K(FAM_SIG, SIGTTIN), K(FAM_SIG, SIGTTOU),
	K(FAM_SIG, SIGURG), K(FAM_SIG, SIGXCPU), K(FAM_SIG, SIGXFSZ),
	K(FAM_SIG, SIGVTALRM), K(FAM_SIG, SIGPROF), K(FAM_SIG, SIGWINCH),
	K(FAM_SIG, SIGIO), K(FAM_SIG, SIGPWR), K(FAM_SIG, SIGSYS),
	K(FAM_FUTEX, FUTEX_WAIT), K(FAM_FUTEX, FUTEX_WAKE),
	K(FAM_FUTEX, FUTEX_PRIVATE_FLAG), K(FAM_FUTEX, FUTEX_CLOCK_REALTIME),
	K(FAM_FUTEX, FUTEX_WAIT_BITSET), K(FAM_FUTEX, FUTEX_WAKE_BITSET),
	K(FAM_MADV, MADV_NORMAL), K(FAM_MADV, MADV_RANDOM),
	K(FAM_MADV, MADV_SEQUENTIAL), K(FAM_MADV, MADV_WILLNEED),
	K(FAM_MADV, MADV_DONTNEED), K(FAM_MADV, MADV_FREE),
	K(FAM_MADV, MADV_DONTDUMP), K(FAM_MADV, MADV_HUGEPAGE),
	K(FAM_IOCTL, TCGETS), K(FAM_IOCTL, TCSETS), K(FAM_IOCTL, TCSETSW),
	K(FAM_IOCTL, TCSETSF), K(FAM_IOCTL, TCGETA), K(FAM_IOCTL, TCSETA),
	K(FAM_IOCTL, TCSBRK), K(FAM_IOCTL, TCXONC), K(FAM_IOCTL, TCFLSH),
	K(FAM_IOCTL, TIOCSCTTY), K(FAM_IOCTL, TIOCGPGRP),
	K(FAM_IOCTL, TIOCSPGRP), K(FAM_IOCTL, TIOCOUTQ),
	K(FAM_IOCTL, TIOCSTI), K(FAM_IOCTL, TIOCGWINSZ),
	K(FAM_IOCTL, TIOCSWINSZ), K(FAM_IOCTL, TIOCMGET),
	K(FAM_IOCTL, TIOCMSET), K(FAM_IOCTL, FIONREAD),
	K(FAM_IOCTL, TIOCINQ), K(FAM_IOCTL, TIOCLINUX), K(FAM_IOCTL, TIOCCONS),
	K(FAM_IOCTL, TIOCNOTTY), K(FAM_IOCTL, TIOCSETD), K(FAM_IOCTL, TIOCGETD),
	K(FAM_IOCTL, TIOCGSID), K(FAM_IOCTL, TIOCGPTN),
	K(FAM_IOCTL, TIOCSPTLCK), K(FAM_IOCTL, TIOCGDEV),
	K(FAM_IOCTL, TIOCGPTPEER), K(FAM_IOCTL, FIONBIO),
	K(FAM_IOCTL, FIONCLEX), K(FAM_IOCTL, FIOCLEX), K(FAM_IOCTL, FIOASYNC),
	K(FAM_IOCTL, FIOSETOWN), K(FAM_IOCTL, FIOGETOWN),
	K(FAM_IOCTL, SIOCGIFCONF), K(FAM_IOCTL, SIOCGIFFLAGS),
	K(FAM_IOCTL, SIOCSIFFLAGS), K(FAM_IOCTL, SIOCGIFADDR),
	K(FAM_IOCTL, SIOCGIFINDEX), K(FAM_IOCTL, SIOCGIFNAME),
	K(FAM_IOCTL, SIOCGIFHWADDR), K(FAM_IOCTL, SIOCGIFMTU),
	K(FAM_IOCTL, SIOCGIFNETMASK), K(FAM_IOCTL, SIOCGIFBRDADDR),
	K(FAM_IOCTL, SIOCATMARK),
	K(FAM_IOCTL, FICLONE), K(FAM_IOCTL, FICLONERANGE),
	K(FAM_IOCTL, FIDEDUPERANGE), K(FAM_IOCTL, FIGETBSZ),
	K(FAM_IOCTL, FIBMAP), K(FAM_IOCTL, FS_IOC_GETFLAGS),
	K(FAM_IOCTL, FS_IOC_SETFLAGS), K(FAM_IOCTL, FS_IOC_GETVERSION),
	K(FAM_IOCTL, FS_IOC_FSGETXATTR),
	K(FAM_IOCTL, FS_IOC_FSSETXATTR), K(FAM_IOCTL, BLKGETSIZE),
	K(FAM_IOCTL, BLKGETSIZE64), K(FAM_IOCTL, BLKSSZGET),
	K(FAM_IOCTL, BLKROGET), K(FAM_IOCTL, BLKFLSBUF),
	K(FAM_IOCTL, BLKDISCARD),
};
#undef K

/* ------------------------------------------------- constant expressions */

static bool const_find(const char *w, size_t n, uint64_t *v)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(constants); i++)
		if (strlen(constants[i].name) == n &&
		    !memcmp(constants[i].name, w, n)) {
			*v = constants[i].value;
			return true;
		}
	return false;
}

struct cx {
	const char *s, *end;
	int err;
	unsigned depth;
};

static void cx_ws(struct cx *c)
{
	while (c->s < c->end && isspace((unsigned char)*c->s))
		c->s++;
}

static uint64_t cx_or(struct cx *c);

static uint64_t cx_number(struct cx *c, const char *w, size_t n)
{
	char buf[32], *e;
	uint64_t v;

	if (n >= sizeof(buf)) {
		c->err = 1;
		return 0;
	}
	memcpy(buf, w, n);
	buf[n] = '\0';
	/* C suffixes: 1UL, 0x10ULL */
	while (n > 1 && strchr("uUlL", buf[n - 1]) &&
	       !(buf[1] == 'x' && isxdigit((unsigned char)buf[n - 1])))
		buf[--n] = '\0';
	errno = 0;
	v = strtoull(buf, &e, 0);
	if (errno || *e)
		c->err = 1;
	return v;
}

static uint64_t cx_unary(struct cx *c)
{
	const char *w;
	uint64_t v = 0;
	size_t n;

	cx_ws(c);
	if (c->s >= c->end || c->depth > 64) {
		c->err = 1;
		return 0;
	}
	if (*c->s == '~') {
		c->s++;
		c->depth++;
		v = ~cx_unary(c);
		c->depth--;
		return v;
	}
	if (*c->s == '(') {
		c->s++;
		c->depth++;
		v = cx_or(c);
		c->depth--;
		cx_ws(c);
		if (c->s >= c->end || *c->s != ')')
			c->err = 1;
		else
			c->s++;
		return v;
	}
	w = c->s;
	while (c->s < c->end &&
	       (isalnum((unsigned char)*c->s) || *c->s == '_'))
		c->s++;
	n = (size_t)(c->s - w);
	if (!n) {
		c->err = 1;
		return 0;
	}
	if (isdigit((unsigned char)*w))
		return cx_number(c, w, n);
	if (!const_find(w, n, &v))
		c->err = 1;
	return v;
}

static uint64_t cx_shift(struct cx *c)
{
	uint64_t v = cx_unary(c);

	for (;;) {
		cx_ws(c);
		if (c->end - c->s >= 2 && !memcmp(c->s, "<<", 2)) {
			uint64_t n;

			c->s += 2;
			n = cx_unary(c);
			/* C leaves a shift by the width or more undefined;
			 * no policy means one */
			if (n >= 64)
				c->err = 1;
			else
				v <<= n;
		} else {
			return v;
		}
	}
}

static uint64_t cx_and(struct cx *c)
{
	uint64_t v = cx_shift(c);

	for (;;) {
		cx_ws(c);
		if (c->s < c->end && *c->s == '&' &&
		    (c->s + 1 >= c->end || c->s[1] != '&')) {
			c->s++;
			v &= cx_shift(c);
		} else {
			return v;
		}
	}
}

static uint64_t cx_or(struct cx *c)
{
	uint64_t v = cx_and(c);

	for (;;) {
		cx_ws(c);
		if (c->s < c->end && *c->s == '|' &&
		    (c->s + 1 >= c->end || c->s[1] != '|')) {
			c->s++;
			v |= cx_and(c);
		} else {
			return v;
		}
	}
}

int const_eval(const char *expr, size_t len, uint64_t *v)
{
	struct cx c = { expr, expr + len, 0, 0 };

	*v = cx_or(&c);
	cx_ws(&c);
	if (c.err || c.s != c.end)
		return -1;
	return 0;
}

/* -------------------------------------------------- decisive arguments */

/* The decisive arguments themselves are in the syscall property table
 * (sysprop.c, decisive_arg_find()); this file names their values. */

static enum fam fam_of(const struct decisive_arg *d)
{
	switch (d->family[0]) {
	case 'A': return FAM_AF;
	case 'F': return FAM_F;
	case 'i': return FAM_IOCTL;
	case 'P': return FAM_PR;
	case 'C': return FAM_CLONE;
	default: return F_NONE;
	}
}

static const char *name_of(enum fam fam, uint64_t v)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(constants); i++)
		if (constants[i].fam == fam && constants[i].value == v)
			return constants[i].name;
	return NULL;
}

/* clone flags as strace prints them: CLONE_A|CLONE_B|SIGCHLD */
static void format_clone(struct strbuf *sb, uint64_t v)
{
	uint64_t rest = v & ~(uint64_t)CSIGNAL, sig = v & CSIGNAL;
	size_t start = sb->len, i;

	for (i = 0; i < ARRAY_SIZE(constants); i++) {
		uint64_t bit = constants[i].value;

		if (constants[i].fam != FAM_CLONE || !bit ||
		    (bit & (bit - 1)) || !(rest & bit))
			continue;
		if (sb->len > start)
			strbuf_addch(sb, '|');
		strbuf_addstr(sb, constants[i].name);
		rest &= ~bit;
	}
	if (rest) {
		if (sb->len > start)
			strbuf_addch(sb, '|');
		strbuf_addf(sb, "%#llx", (unsigned long long)rest);
	}
	if (sig) {
		const char *n = name_of(FAM_SIG, sig);

		if (sb->len > start)
			strbuf_addch(sb, '|');
		if (n)
			strbuf_addstr(sb, n);
		else
			strbuf_addf(sb, "%llu", (unsigned long long)sig);
	}
	if (sb->len == start)
		strbuf_addch(sb, '0');
}

void decisive_arg_format(struct strbuf *sb, const struct decisive_arg *d,
			 uint64_t v)
{
	const char *n;

	strbuf_addf(sb, "%u=", d->index);
	if (fam_of(d) == FAM_CLONE) {
		format_clone(sb, v);
		return;
	}
	n = name_of(fam_of(d), v);
	if (n)
		strbuf_addstr(sb, n);
	else
		strbuf_addf(sb, "%#llx", (unsigned long long)v);
}

/* One alternative of strace's text: a name, a number, an expression, or
 * "0x5401 /\* TCGETS *\/" (strace -X verbose). */
static int parse_one(const char *s, size_t n, uint64_t *v)
{
	const char *c = memmem(s, n, "/*", 2);

	if (c)
		n = (size_t)(c - s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	return n ? const_eval(s, n, v) : -1;
}

int decisive_arg_parse(const char *fact, unsigned *index, uint64_t *v)
{
	const char *s = fact, *alt;
	bool found = false;

	if (!isdigit((unsigned char)s[0]) || s[0] > '5' || s[1] != '=')
		return -1;
	*index = (unsigned)(s[0] - '0');
	s += 2;
	/*
	 * strace names an ambiguous ioctl "A or B": the same number under
	 * several names.  Alternatives we cannot read are skipped; the ones
	 * we can must all agree, and at least one must be readable.
	 */
	for (;;) {
		size_t n;
		uint64_t x;

		alt = strstr(s, " or ");
		n = alt ? (size_t)(alt - s) : strlen(s);
		if (parse_one(s, n, &x) == 0) {
			if (found && x != *v)
				return -1;
			*v = x;
			found = true;
		}
		if (!alt)
			break;
		s = alt + 4;
	}
	return found ? 0 : -1;
}
