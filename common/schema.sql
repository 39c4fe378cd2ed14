-- SPDX-License-Identifier: LGPL-2.1-or-later
--
-- The syscensus store.  Sections start with a "-- version N" line; opening
-- a store applies, in one transaction under the write lock, every section
-- newer than its PRAGMA user_version.  Never edit a released section: add
-- a new one.
--
-- Rows are aggregated: one row per (run, phase, executable, architecture,
-- syscall), so the file grows with the variety of behaviour, not its volume.
-- The `observed` view is a public contract (users query it with sqlite3).

-- version 1
CREATE TABLE runs (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,          -- import | record | attach | merge | verify
	source TEXT,                 -- file or directory imported, command traced
	command TEXT,                -- the syscensus command line that made it
	started_ns INTEGER NOT NULL, -- wall clock, ns since the epoch
	ended_ns INTEGER,
	status INTEGER,              -- exit status (traced command or import)
	lines INTEGER NOT NULL DEFAULT 0,     -- input lines or events read
	bad_lines INTEGER NOT NULL DEFAULT 0, -- input lines rejected
	hostname TEXT,
	kernel TEXT,
	tool_version TEXT
);

-- Each file a run read (a directory of strace -ff files has many).
CREATE TABLE run_files (
	run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	path TEXT NOT NULL,
	pid_hint INTEGER,            -- pid taken from a -ff file name
	lines INTEGER NOT NULL DEFAULT 0,
	bad_lines INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX run_files_run ON run_files(run_id);

CREATE TABLE phases (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);

CREATE TABLE exes (
	id INTEGER PRIMARY KEY,
	path TEXT NOT NULL UNIQUE
);

-- Symbolised user-space call stacks, one frame per line, innermost first.
CREATE TABLE stacks (
	id INTEGER PRIMARY KEY,
	frames TEXT NOT NULL UNIQUE
);

CREATE TABLE syscalls (
	run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	phase_id INTEGER NOT NULL REFERENCES phases(id),
	exe_id INTEGER NOT NULL REFERENCES exes(id),
	arch TEXT NOT NULL,          -- libseccomp's name: x86_64, x86, x32, ...
	syscall TEXT NOT NULL,       -- libseccomp's name for arch
	nr INTEGER NOT NULL,         -- the number on arch
	calls INTEGER NOT NULL DEFAULT 0,
	errors INTEGER NOT NULL DEFAULT 0,
	first_ns INTEGER,
	last_ns INTEGER,
	first_tid INTEGER,
	first_stack_id INTEGER REFERENCES stacks(id),
	PRIMARY KEY (run_id, phase_id, exe_id, arch, syscall)
) WITHOUT ROWID;

-- Errors per errno name (EPERM, ENOENT, ERESTARTSYS, ...).
CREATE TABLE syscall_errors (
	run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	phase_id INTEGER NOT NULL,
	exe_id INTEGER NOT NULL,
	arch TEXT NOT NULL,
	syscall TEXT NOT NULL,
	errno TEXT NOT NULL,
	count INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (run_id, phase_id, exe_id, arch, syscall, errno)
) WITHOUT ROWID;

-- Input lines that could not be used, reported as FILE:LINE: reason.
CREATE TABLE problems (
	id INTEGER PRIMARY KEY,
	run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	file TEXT,
	line INTEGER,
	reason TEXT NOT NULL
);
CREATE INDEX problems_run ON problems(run_id);

-- Processes killed by seccomp, from traces, strace, audit or journal logs.
CREATE TABLE kills (
	id INTEGER PRIMARY KEY,
	run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	pid INTEGER,
	exe TEXT,
	arch TEXT,
	nr INTEGER,
	syscall TEXT,
	time_ns INTEGER,
	source TEXT NOT NULL,        -- strace | audit | journal | tracer
	file TEXT,
	line INTEGER,
	detail TEXT
);
CREATE INDEX kills_run ON kills(run_id);

-- Seccomp filters that a tracee installed itself.
CREATE TABLE filters (
	id INTEGER PRIMARY KEY,
	run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	pid INTEGER,
	tid INTEGER,
	exe TEXT,
	time_ns INTEGER,
	how TEXT NOT NULL,           -- seccomp | prctl
	flags INTEGER NOT NULL DEFAULT 0,
	threads INTEGER,             -- threads alive when it was installed
	program BLOB NOT NULL        -- struct sock_filter[], native byte order
);

-- Facts seen alongside syscalls, for knowledge-base triggers and for the
-- rules that come after syscalls (Landlock paths, systemd unit checks):
--   kind 'path':    value = a file path, syscall = the call that used it
--   kind 'flag':    value = e.g. CLONE_THREAD, syscall = clone
--   kind 'signal':  value = e.g. SIGHUP delivered to the process
--   kind 'handler': value = a signal given a handler (rt_sigaction)
--   kind 'arg':     value = "N=VALUE", a decisive argument (socket domain,
--                   fcntl/ioctl/prctl command), syscall = the call
CREATE TABLE facts (
	run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	phase_id INTEGER NOT NULL,
	exe_id INTEGER NOT NULL,
	kind TEXT NOT NULL,
	value TEXT NOT NULL,
	syscall TEXT NOT NULL DEFAULT '',
	count INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (run_id, phase_id, exe_id, kind, value, syscall)
) WITHOUT ROWID;

CREATE VIEW observed AS
	SELECT s.run_id AS run_id, p.name AS phase, e.path AS exe,
	       s.arch AS arch, s.syscall AS syscall,
	       s.calls AS calls, s.errors AS errors
	FROM syscalls AS s
	JOIN phases AS p ON p.id = s.phase_id
	JOIN exes AS e ON e.id = s.exe_id;

-- version 2
-- How an attach went: the processes seized and those that could not be
-- (gone before they were seized, ptrace refused).  NULL for other kinds.
ALTER TABLE runs ADD COLUMN attached INTEGER;
ALTER TABLE runs ADD COLUMN attach_failed INTEGER;

-- Other names of an executable.  The tracer names an executable by its
-- real binary (/proc/PID/exe) and adds the path it was executed by when
-- that differs (/usr/bin/redis-server, a symlink to redis-check-rdb);
-- import names it by the exec path and adds the real binary when the file
-- exists here.  --exe matches exes.path or any of these names.
CREATE TABLE exe_names (
	exe_id INTEGER NOT NULL REFERENCES exes(id),
	name TEXT NOT NULL,
	PRIMARY KEY (exe_id, name)
) WITHOUT ROWID;

-- version 3
-- Static reach (syscensus scan): what an executable's code can reach, kept
-- apart from what a trace observed.  One row per (executable, arch,
-- syscall, level, via):
--   level 'direct':     the program imports a thin wrapper
--                       (via = 'uname@GLIBC_2.2.5') or holds the syscall
--                       instruction itself (via = 'syscall at 0x401136')
--   level 'transitive': reached through library internals
--                       (via = 'libc.so.6: getaddrinfo')
-- The transitive level over-approximates on purpose: never show it as
-- observed.
CREATE TABLE reach (
	exe_id INTEGER NOT NULL REFERENCES exes(id),
	arch TEXT NOT NULL,
	syscall TEXT NOT NULL,
	level TEXT NOT NULL CHECK (level IN ('direct', 'transitive')),
	via TEXT NOT NULL,
	PRIMARY KEY (exe_id, arch, syscall, level, via)
) WITHOUT ROWID;

-- What a scan could not resolve, never silently dropped:
--   kind 'indirect-call', 'nonconst-syscall', 'dlopen', 'missing-lib'
CREATE TABLE reach_unresolved (
	exe_id INTEGER NOT NULL REFERENCES exes(id),
	kind TEXT NOT NULL,
	detail TEXT NOT NULL,
	count INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (exe_id, kind, detail)
) WITHOUT ROWID;

CREATE VIEW reachable AS
	SELECT e.path AS exe, r.arch AS arch, r.syscall AS syscall,
	       r.level AS level, r.via AS via
	FROM reach AS r
	JOIN exes AS e ON e.id = r.exe_id;

-- What each scan of an executable found about the file itself.
CREATE TABLE reach_exes (
	exe_id INTEGER PRIMARY KEY REFERENCES exes(id),
	build_id TEXT,               -- hex GNU build-id, NULL when none
	arch TEXT NOT NULL,          -- libseccomp's name
	linkage TEXT NOT NULL CHECK (linkage IN ('dynamic', 'static')),
	scanner INTEGER NOT NULL,    -- the scanner version
	scanned_ns INTEGER NOT NULL
);

-- The library summaries a scan used, copied from the machine-wide cache
-- so a store stays self-contained: key is the build-id ('path:PATH' for
-- a library without one); summary is the scanner's JSON.
CREATE TABLE reach_libs (
	key TEXT NOT NULL,
	scanner INTEGER NOT NULL,
	soname TEXT,
	path TEXT NOT NULL,
	summary TEXT NOT NULL,
	PRIMARY KEY (key, scanner)
) WITHOUT ROWID;

-- Which libraries each scanned executable loads, in ld.so's order.
--   how 'needed': DT_NEEDED (breadth first); 'dlopen': seen in the trace
CREATE TABLE reach_exe_libs (
	exe_id INTEGER NOT NULL REFERENCES exes(id),
	position INTEGER NOT NULL,
	lib_key TEXT NOT NULL,
	path TEXT NOT NULL,
	how TEXT NOT NULL,
	PRIMARY KEY (exe_id, position)
) WITHOUT ROWID;
