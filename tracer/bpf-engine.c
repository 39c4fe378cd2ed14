/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bpf-engine.c - `record --engine bpf` and `attach --engine bpf`: count
 * syscalls in the kernel with eBPF (census.bpf.c, loaded through its
 * libbpf skeleton) instead of stopping each one with ptrace.
 *
 * Nothing is seized and no tracee ever stops: the traced tgids go into
 * the program's `procs` map (the program adds their children at fork),
 * and detaching is deleting them again.  The kernel counts per (exec
 * generation, phase index, arch, nr) and per errno; this file turns those
 * into the same rows as the ptrace engine: every second, at each phase
 * change and at the end it reads the per-CPU totals, adds what is new
 * since the last read (the maps are never cleared: a count taken between
 * a read and a delete would be lost) into a struct agg keyed by store ids,
 * and flushes it with store_flush_agg().  Exec generations become
 * executables from the ring buffer's exec events (the process's
 * /proc/PID/exe while it runs that image, else the path it exec'd);
 * phase indexes become phases through the table `mark` extends.
 *
 * Without libbpf (configure --disable-bpf, or clang, bpftool or libbpf
 * missing) only tracer_bpf_usable() exists, and says why not.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/sysprop.h"
#include "tracer/tracer.h"

#ifndef HAVE_BPF

bool tracer_bpf_usable(const char **why)
{
	*why = "this syscensus was built without the bpf engine (configure "
	       "found no clang, bpftool or libbpf)";
	return false;
}

int tracer_bpf_record(const struct tracer_opts *opts)
{
	const char *why;

	(void)opts;
	tracer_bpf_usable(&why);
	error("--engine bpf: %s", why);
	return EXIT_SYSTEM;
}

int tracer_bpf_attach(const struct tracer_opts *opts)
{
	return tracer_bpf_record(opts);
}

#else /* HAVE_BPF */

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sched.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tracer/bpf-int.h"

static volatile sig_atomic_t sig_ctl, sig_stop, sig_stop_user, sig_chld;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sig == SIGUSR1) {
		sig_ctl = 1;
	} else if (sig == SIGCHLD) {
		sig_chld = 1;
	} else {
		sig_stop = sig;
		sig_stop_user = si->si_code <= 0;
	}
}

static void install_signals(void)
{
	static const int sigs[] = { SIGUSR1, SIGCHLD, SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: wake the poll */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level == LIBBPF_WARN && getenv("SYSCENSUS_BPF_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	if (level == LIBBPF_DEBUG && getenv("SYSCENSUS_BPF_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

/* ------------------------------------------------------- usability */

/*
 * The loaded object: the probe loads it once and the engine then takes it,
 * so deciding costs nothing more than starting (the load is most of the
 * start-up time: parsing the kernel's BTF, verifying the programs).
 */
static struct census *loaded;
static int load_err;

static struct census *census_load(int *err)
{
	struct census *skel;

	libbpf_set_print(libbpf_quiet);
	skel = census__open();
	if (!skel) {
		*err = -errno;
		return NULL;
	}
	*err = census__load(skel);
	if (*err) {
		census__destroy(skel);
		return NULL;
	}
	return skel;
}

bool tracer_bpf_usable(const char **why)
{
	static int cached = -1;
	static const char *reason;

	if (cached >= 0) {
		*why = reason;
		return cached;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) < 0) {
		reason = "the kernel has no BTF (/sys/kernel/btf/vmlinux)";
		cached = 0;
	} else if (!(loaded = census_load(&load_err))) {
		reason = load_err == -EPERM || load_err == -EACCES ?
			 "the kernel refuses BPF programs to this process "
			 "(needs root or CAP_BPF and CAP_PERFMON)" :
			 "the kernel refuses to load the BPF program";
		cached = 0;
	} else {
		cached = 1;
	}
	*why = reason;
	return cached;
}

/* ----------------------------------------------------- exes, phases */

struct exe_gen *bpf_gen_find(struct bpf_tracer *bt, uint32_t gen)
{
	size_t i;

	for (i = bt->ngens; i-- > 0;)
		if (bt->gens[i].gen == gen)
			return &bt->gens[i];
	return NULL;
}

struct exe_gen *bpf_gen_add(struct bpf_tracer *bt, uint32_t gen)
{
	struct exe_gen *g = bpf_gen_find(bt, gen);

	if (g)
		return g;
	bt->gens = xgrow(bt->gens, sizeof(*bt->gens), bt->ngens + 1,
			 &bt->agens);
	g = &bt->gens[bt->ngens++];
	memset(g, 0, sizeof(*g));
	g->gen = gen;
	return g;
}

static int read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

/* Is pid our own `syscensus mark` (a harness calls it)? */
static bool is_mark_client(pid_t pid)
{
	char path[64], buf[256], *arg1;
	int n;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	n = read_small(path, buf, sizeof(buf));
	if (n <= 0)
		return false;
	arg1 = memchr(buf, '\0', (size_t)n);
	return arg1 && arg1 + 1 < buf + n && !strcmp(arg1 + 1, "mark");
}

/*
 * The executable of tgid, as the ptrace engine names it (/proc/PID/exe),
 * while the process still runs generation gen; else the path it exec'd
 * (symlinks resolved when it is absolute).  Writes into buf.
 */
static void exe_path_of(struct bpf_tracer *bt, pid_t tgid, uint32_t gen,
			const char *filename, char *buf, size_t size)
{
	struct census_proc p;
	char path[64];
	uint32_t key = (uint32_t)tgid;
	ssize_t n = -1;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tgid);
	if (bpf_map__lookup_elem(bt->skel->maps.procs, &key, sizeof(key), &p,
				 sizeof(p), 0) == 0 && p.exe == gen)
		n = readlink(path, buf, size - 1);
	if (n > 0) {
		buf[n] = '\0';
		return;
	}
	if (filename[0] == '/' && realpath(filename, buf))
		return;
	snprintf(buf, size, "%s", filename[0] ? filename : "unknown");
}

static void on_exec(struct bpf_tracer *bt, pid_t tgid, uint32_t gen,
		    const char *filename)
{
	struct exe_gen *g = bpf_gen_add(bt, gen);
	char buf[PATH_MAX];

	exe_path_of(bt, tgid, gen, filename, buf, sizeof(buf));
	g->id = store_intern_exe(bt->st, buf);
	g->ignore = bt->self_exe && !strcmp(buf, bt->self_exe) &&
		    is_mark_client(tgid);
}

static void path_fact(struct bpf_tracer *bt, const struct census_path *e)
{
	size_t i;

	if (e->unreadable || !e->path[0])
		return; /* counted by the program (path_unreadable) */
	for (i = 0; i < bt->npaths; i++) {
		struct pathfact *f = &bt->paths[i];

		if (!memcmp(&f->k, &e->k, sizeof(f->k)) &&
		    !strcmp(f->path, e->path)) {
			f->count++;
			return;
		}
	}
	if (bt->npaths >= 20000) {
		bt->path_dropped++;
		return;
	}
	bt->paths = xgrow(bt->paths, sizeof(*bt->paths), bt->npaths + 1,
			  &bt->apaths);
	bt->paths[bt->npaths].k = e->k;
	bt->paths[bt->npaths].path = xstrndup(e->path, sizeof(e->path));
	bt->paths[bt->npaths].count = 1;
	bt->npaths++;
}

/* A unix socket address (len raw bytes) as a path fact, as the ptrace
 * engine writes it: "@name" for an abstract one. */
static void sock_fact(struct bpf_tracer *bt, const struct census_path *e)
{
	struct census_path f;
	size_t i, o = 0, len = e->unreadable;
	const unsigned char *buf = (const unsigned char *)e->path;

	if (len < 3 || len > 110 || buf[0] != 1 || buf[1] != 0) /* AF_UNIX */
		return;
	f.k = e->k;
	f.unreadable = 0;
	for (i = 2; i < len; i++) {
		unsigned char c = buf[i];

		if (i == 2 && !c) {
			f.path[o++] = '@';
			continue;
		}
		if (!c)
			break;
		f.path[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	f.path[o] = '\0';
	if (o > 1 || (o == 1 && f.path[0] != '@'))
		path_fact(bt, &f);
}

static int on_event(void *ctx, void *data, size_t size)
{
	struct bpf_tracer *bt = ctx;
	const struct census_event *e = data;

	if (size < sizeof(uint32_t))
		return 0;
	switch (e->type) {
	case CENSUS_EV_EXEC:
		if (size >= sizeof(*e)) {
			char name[sizeof(e->filename) + 1];

			memcpy(name, e->filename, sizeof(e->filename));
			name[sizeof(e->filename)] = '\0';
			on_exec(bt, (pid_t)e->tgid, e->exe, name);
		}
		break;
	case CENSUS_EV_PATH:
		if (size >= sizeof(struct census_path))
			path_fact(bt, data);
		break;
	case CENSUS_EV_SOCK:
		if (size >= sizeof(struct census_path))
			sock_fact(bt, data);
		break;
	default:
		break;
	}
	return 0;
}

static int phase_index(struct bpf_tracer *bt, const char *name)
{
	int64_t id;
	size_t i;

	for (i = 0; i < bt->nphases; i++)
		if (!strcmp(bt->phase_names[i], name))
			return (int)i;
	id = store_intern_phase(bt->st, name);
	if (id < 0)
		return -1;
	bt->phase_ids = xgrow(bt->phase_ids, sizeof(*bt->phase_ids),
			      bt->nphases + 1, &bt->aphases);
	bt->phase_names = xrealloc(bt->phase_names, bt->aphases *
				   sizeof(*bt->phase_names));
	bt->phase_ids[bt->nphases] = id;
	bt->phase_names[bt->nphases] = xstrdup(name);
	return (int)bt->nphases++;
}

/* ------------------------------------------------------------ setup */

/* The program's NF_* flags of a syscall, from the property table. */
static uint16_t nf_flags(const struct sysprop *p, unsigned arch)
{
	uint16_t fl = 0;

	if (p->flags & (SYSPROP_NORETURN | SYSPROP_NOFAIL))
		fl |= NF_NOEXIT;
	if (p->flags & SYSPROP_EXEC)
		fl |= NF_EXEC;
	if (p->flags & SYSPROP_SIGHANDLER)
		fl |= NF_SIGACTION;
	if (p->flags & SYSPROP_CLONEFLAGS)
		fl |= p->darg.syscall ? NF_CLONE : NF_CLONE3;
	if (p->path[0] >= 0 && p->path[0] <= 2)
		fl |= (uint16_t)(p->path[0] + 1);
	if (p->path[1] >= 1 && p->path[1] <= 3)
		fl |= (uint16_t)(p->path[1] << NF_PATH2SHIFT);
	if (p->sock == SYSPROP_SOCK_ADDR)
		fl |= p->sock_arg == 1 ? NF_SOCK1 : p->sock_arg == 4 ? NF_SOCK4
								  : 0;
	else if (p->sock == SYSPROP_SOCK_MSG && p->sock_arg == 1)
		fl |= NF_MSG1;
	if (p->darg.syscall && p->darg.index <= 1)
		fl |= (p->darg.index ? NF_DARG1 : NF_DARG0) |
		      (p->darg.mask && arch != CENSUS_ARCH_COMPAT ? NF_WIDE
								  : 0);
	return fl;
}

static void set_flags(struct bpf_tracer *bt, unsigned arch, uint32_t token)
{
	uint16_t *fl = bt->skel->bss->nrflags + arch * CENSUS_NR_SLOTS;
	const struct sysprop *p;
	size_t it;
	int nr;

	for (it = 0; (p = sysprop_next(token, &it));) {
		unsigned slot;

		nr = syscall_resolve_name(token, p->name);
		slot = (unsigned)nr & ~(unsigned)CENSUS_X32_BIT;
		if (nr >= 0 && slot < CENSUS_NR_SLOTS)
			fl[slot] |= nf_flags(p, arch);
	}
}

static void bpf_tracer_free(struct bpf_tracer *bt)
{
	size_t i;

	if (!bt)
		return;
	control_stop(bt->ctl);
	ring_buffer__free(bt->rb);
	census__destroy(bt->skel);
	agg_release(&bt->agg);
	store_close(bt->st);
	for (i = 0; i < bt->nphases; i++)
		free(bt->phase_names[i]);
	free(bt->phase_names);
	free(bt->phase_ids);
	for (i = 0; i < bt->npaths; i++)
		free(bt->paths[i].path);
	free(bt->paths);
	free(bt->gens);
	free(bt->seen);
	free(bt->vals);
	free(bt->rows);
	free(bt->self_exe);
	free(bt->ctl_path);
	free(bt);
}

/* Load and attach the program; NULL after an error. */
static struct bpf_tracer *bpf_tracer_new(const struct tracer_opts *opts,
					 const char *kind, const char *source)
{
	struct bpf_tracer *bt = xcalloc(1, sizeof(*bt));
	struct store_run run = {
		.kind = kind, .source = source, .command = opts->command,
	};
	char buf[PATH_MAX];
	ssize_t n;
	int err;

	bt->o = *opts;
	agg_init(&bt->agg);
	bt->native = arch_native();
	bt->x32 = arch_from_name("x32");
	bt->compat = bt->native == arch_from_name("x86_64") ?
		     arch_from_name("x86") : 0;
	libbpf_set_print(libbpf_quiet);
	bt->ncpus = libbpf_num_possible_cpus();
	if (bt->ncpus <= 0) {
		error("cannot count the CPUs for the bpf engine");
		goto fail;
	}
	bt->vals = xcalloc((size_t)bt->ncpus, sizeof(*bt->vals));
	bt->rows = xcalloc((size_t)bt->ncpus, sizeof(*bt->rows));
	bt->skel = steal_pointer(&loaded);
	if (!bt->skel)
		bt->skel = census_load(&err);
	if (!bt->skel) {
		errno = -err;
		error_errno("cannot load the BPF program");
		goto fail;
	}
	bt->skel->bss->auto_phases = opts->auto_phases;
	bt->skel->bss->no_errors = opts->no_errors;
	bt->st = store_open(opts->db_path, STORE_CREATE);
	if (!bt->st)
		goto fail;
	bt->run = store_run_begin(bt->st, &run);
	if (bt->run < 0)
		goto fail;
	if (opts->run_out)
		*opts->run_out = bt->run;
	if (phase_index(bt, opts->phase ? opts->phase : "default") < 0)
		goto fail;
	set_flags(bt, CENSUS_ARCH_NATIVE, bt->native);
	if (bt->compat)
		set_flags(bt, CENSUS_ARCH_COMPAT, bt->compat);
	if (bt->x32)
		set_flags(bt, CENSUS_ARCH_X32, bt->x32);
	bt->rb = ring_buffer__new(bpf_map__fd(bt->skel->maps.events), on_event,
				  bt, NULL);
	if (!bt->rb) {
		error_errno("cannot open the BPF ring buffer");
		goto fail;
	}
	err = census__attach(bt->skel);
	if (err) {
		errno = -err;
		error_errno("cannot attach the BPF program");
		goto fail;
	}
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		bt->self_exe = xstrdup(buf);
	}
	bt->last_flush_ns = time_mono_ns();
	return bt;
fail:
	bpf_tracer_free(bt);
	return NULL;
}

static void start_control(struct bpf_tracer *bt)
{
	bt->ctl_path = tracer_control_path(store_path(bt->st));
	bt->ctl = control_start(bt->ctl_path);
	if (!bt->ctl)
		warning("'syscensus mark' cannot reach this trace");
}

/* Count tgid from now on (its procs entry, then its bit), or no more;
 * 0 or -1.  The bits are shared with the program: atomic operations. */
static int track(struct bpf_tracer *bt, pid_t tgid,
		 const struct census_proc *p, bool on)
{
	uint32_t key = (uint32_t)tgid;
	__u64 *w = &bt->skel->bss->tracked[(key >> 6) &
					      (CENSUS_TGID_WORDS - 1)];

	if (on) {
		if (bpf_map__update_elem(bt->skel->maps.procs, &key,
					 sizeof(key), p, sizeof(*p),
					 BPF_NOEXIST) < 0)
			return -1;
		__atomic_fetch_or(w, 1ULL << (key & 63), __ATOMIC_SEQ_CST);
	} else {
		__atomic_fetch_and(w, ~(1ULL << (key & 63)), __ATOMIC_SEQ_CST);
		bpf_map__delete_elem(bt->skel->maps.procs, &key, sizeof(key),
				     0);
	}
	return 0;
}

/* Is any tgid still traced? */
static bool procs_left(struct bpf_tracer *bt)
{
	uint32_t next;

	return bpf_map_get_next_key(bpf_map__fd(bt->skel->maps.procs), NULL,
				    &next) == 0;
}

static void service(struct bpf_tracer *bt)
{
	if (sig_ctl) {
		const char *name;

		sig_ctl = 0;
		name = control_pending(bt->ctl);
		if (name) {
			char *copy = xstrdup(name);
			int idx;

			/* the exec of the mark client is read first, so it
			 * is known as ours before it goes */
			bpf_flush(bt, false);
			idx = phase_index(bt, copy);
			if (idx >= 0)
				bt->skel->bss->phase = (uint32_t)idx;
			control_ack(bt->ctl, idx >= 0);
			free(copy);
		}
	}
	if (time_mono_ns() - bt->last_flush_ns >= 1000000000)
		bpf_flush(bt, false);
}

/* The event loop: until every traced process is gone, or stop() says. */
static void run_loop(struct bpf_tracer *bt, bool launched, double duration)
{
	int64_t start = time_mono_ns();

	for (;;) {
		int r;

		service(bt);
		if (sig_chld && launched && !bt->leader_done) {
			int status;

			sig_chld = 0;
			if (waitpid(bt->leader, &status, WNOHANG) ==
			    bt->leader) {
				bt->leader_done = true;
				bt->leader_status = WIFEXITED(status) ?
					WEXITSTATUS(status) :
					128 + WTERMSIG(status);
			}
		}
		if (sig_stop) {
			int sig = sig_stop;

			sig_stop = 0;
			if (!launched)
				break;
			if (sig_stop_user && !bt->leader_done)
				kill(bt->leader, sig);
		}
		if (duration > 0 &&
		    time_mono_ns() - start >= (int64_t)(duration * 1e9))
			break;
		if ((!launched || bt->leader_done) && !procs_left(bt))
			break;
		r = ring_buffer__poll(bt->rb, 100);
		if (r < 0 && r != -EINTR) {
			errno = -r;
			error_errno("cannot read the BPF ring buffer");
			break;
		}
	}
}

/* Distinct syscalls (arch, number) counted: the summary line's. */
static size_t distinct_syscalls(const struct agg *a)
{
	struct agg_key *seen = NULL;
	size_t i, j, n = 0, cap = 0;

	for (i = 0; i < a->cap; i++) {
		const struct agg_entry *e = &a->slots[i];

		if (!e->used)
			continue;
		for (j = 0; j < n; j++)
			if (seen[j].arch == e->key.arch &&
			    seen[j].nr == e->key.nr)
				break;
		if (j == n) {
			seen = xgrow(seen, sizeof(*seen), n + 1, &cap);
			seen[n++] = e->key;
		}
	}
	free(seen);
	return n;
}

/* The final write, and the summary line the ptrace engine prints too
 * (kills: the bpf engine cannot see them). */
static void finish(struct bpf_tracer *bt, int status, bool launched,
		   size_t attached, size_t failed)
{
	struct tracer_summary s = {
		.enabled = bt->o.status_line, .launched = launched,
		.attached = attached, .attach_failed = failed, .kills = -1,
		.db = store_path(bt->st), .engine = "bpf",
		.why = bt->o.engine_why,
	};

	bpf_flush(bt, true);
	if (bt->skel->bss->lost)
		warning("the bpf engine lost %llu counts (a map was full)",
			(unsigned long long)bt->skel->bss->lost);
	store_run_set_unreadable(bt->st, bt->run,
				 bt->skel->bss->path_unreadable);
	store_run_end(bt->st, bt->run, status, bt->calls, 0);
	s.syscalls = distinct_syscalls(&bt->agg);
	s.calls = bt->calls;
	tracer_summary_print(&s);
}

/* --------------------------------------------------------- record */

int tracer_bpf_record(const struct tracer_opts *opts)
{
	struct bpf_tracer *bt = NULL;
	struct census_proc p = { .exe = 0, .flags = CENSUS_LAUNCHING };
	char *path = NULL, *source = NULL, *ctl = NULL;
	int argc = 0, status = EXIT_SYSTEM, errpipe[2] = { -1, -1 }, err;
	bool ran = false;
	pid_t pid = -1, r;

	while (opts->argv[argc])
		argc++;
	path = tracer_resolve_command(opts->argv[0], &err);
	if (!path) {
		if (err == ENOENT)
			error("cannot run '%s': command not found",
			      opts->argv[0]);
		else
			error("cannot run '%s': not an executable file "
			      "(permission denied)", opts->argv[0]);
		status = err == ENOENT || err == ENOTDIR ?
			 TRACER_EXIT_NOT_FOUND : TRACER_EXIT_CANNOT_RUN;
		goto out;
	}
	source = argv_join(argc, opts->argv);
	bt = bpf_tracer_new(opts, opts->kind ? opts->kind : "record", source);
	if (!bt)
		goto out;
	store_run_set_engine(bt->st, bt->run, "bpf", opts->engine_why,
			     TRACER_BPF_MISSING);
	ctl = tracer_control_path(opts->db_path);
	setenv("SYSCENSUS_CONTROL", ctl, 1);
	if (pipe2(errpipe, O_CLOEXEC) < 0) {
		error_errno("cannot create a pipe");
		goto out;
	}
	start_control(bt);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		error_errno("cannot fork");
		goto out;
	}
	if (pid == 0)
		tracer_child_run(path, opts->argv, NULL, errpipe[1]);
	/* only now: the command inherits our dispositions as they were
	 * (an ignored SIGHUP stays ignored, as under ptrace) */
	install_signals();
	close(errpipe[1]);
	errpipe[1] = -1;
	while ((r = waitpid(pid, &status, WSTOPPED)) < 0 && errno == EINTR)
		;
	if (r != pid || !WIFSTOPPED(status)) {
		error("the command did not start");
		status = EXIT_SYSTEM;
		pid = -1;
		goto out;
	}
	if (track(bt, pid, &p, true) < 0) {
		error_errno("cannot trace the command (BPF map)");
		status = EXIT_SYSTEM;
		goto out;
	}
	bt->leader = pid;
	kill(pid, SIGCONT);
	pid = -1;
	run_loop(bt, true, 0);
	status = bt->leader_done ? bt->leader_status : EXIT_SYSTEM;
	ran = true;
	if (read(errpipe[0], &err, sizeof(err)) == sizeof(err)) {
		ran = false;
		error("cannot execute '%s': %s", path, strerror(err));
		status = err == ENOENT || err == ENOTDIR ?
			 TRACER_EXIT_NOT_FOUND : TRACER_EXIT_CANNOT_RUN;
	}
	finish(bt, status, true, 0, 0);
out:
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	if (opts->ran_out)
		*opts->ran_out = ran;
	if (errpipe[0] >= 0)
		close(errpipe[0]);
	if (errpipe[1] >= 0)
		close(errpipe[1]);
	bpf_tracer_free(bt);
	free(source);
	free(path);
	free(ctl);
	return status;
}

/* --------------------------------------------------------- attach */

static int count_threads(pid_t tgid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)tgid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

int tracer_bpf_attach(const struct tracer_opts *opts)
{
	struct strbuf source = STRBUF_INIT;
	struct bpf_tracer *bt = NULL;
	pid_t *pids = NULL;
	size_t n = 0, i;
	int status = EXIT_SYSTEM, procs = 0, threads = 0;

	status = tracer_attach_targets(opts, &pids, &n, &source);
	if (status != EXIT_OK)
		goto out;
	status = EXIT_SYSTEM;
	bt = bpf_tracer_new(opts, "attach", source.buf);
	if (!bt)
		goto out;
	store_run_set_engine(bt->st, bt->run, "bpf", opts->engine_why,
			     TRACER_BPF_MISSING);
	install_signals();
	for (i = 0; i < n; i++) {
		struct census_proc p = { .exe = GEN_ATTACHED | (uint32_t)i };
		char exe[PATH_MAX], lnk[64];
		struct exe_gen *g;
		ssize_t len;

		snprintf(lnk, sizeof(lnk), "/proc/%d/exe", (int)pids[i]);
		len = readlink(lnk, exe, sizeof(exe) - 1);
		if (len <= 0)
			continue; /* gone (or a kernel thread) */
		exe[len] = '\0';
		g = bpf_gen_add(bt, p.exe);
		g->id = store_intern_exe(bt->st, exe);
		if (track(bt, pids[i], &p, true) < 0)
			continue; /* listed twice */
		procs++;
		threads += count_threads(pids[i]);
	}
	if (!procs) {
		error("cannot attach: the process%s exited", n > 1 ? "es" : "");
		goto out;
	}
	start_control(bt);
	tracer_note_attached(procs, threads);
	run_loop(bt, false, opts->duration);
	/* detach: drop our tgids (and their children) from the map */
	for (i = 0; i < n; i++)
		track(bt, pids[i], NULL, false);
	census__detach(bt->skel);
	status = EXIT_OK;
	finish(bt, status, false, (size_t)procs, n - (size_t)procs);
out:
	bpf_tracer_free(bt);
	strbuf_release(&source);
	free(pids);
	return status;
}

#endif /* HAVE_BPF */
