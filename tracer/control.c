/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * control.c - the control socket of a running trace, and its client.
 *
 * `syscensus mark NAME` connects to a unix stream socket the tracer
 * creates (0600) in a private directory of the user -- $XDG_RUNTIME_DIR/
 * syscensus, else /tmp/syscensus-UID, 0700 and owned by the user, anything
 * else refused -- under a name hashed from the database's absolute path,
 * sends "phase NAME\n" and waits for "ok\n": the tracer answers only after
 * it has flushed the counts of the old phase and switched, so a harness
 * can mark and then act.  A socket next to the database or under a
 * predictable /tmp name could be bound first by another user, who would
 * then answer "ok" to every mark; so the directory is private and both
 * sides check the other's credentials (SO_PEERCRED: the same uid, or
 * root), and a tracer that finds its name taken refuses to run.
 *
 * The tracer's event loop blocks in wait4(), so a small thread serves the
 * socket: it takes one request, hands the name to the loop and wakes it
 * with SIGUSR1 (re-sent until the loop acknowledges, which closes the race
 * between the loop's flag check and its next wait4()).  All ptrace and
 * SQLite work stays on the loop's thread.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "tracer/tracer.h"

#define REQ_MAX 512

struct control {
	char *path;
	int fd;
	pthread_t thread;
	pthread_t loop;   /* the thread to wake */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool started;
	volatile bool quit;
	char name[REQ_MAX]; /* the requested phase while pending */
	bool pending;
	bool done;
	bool ok;
};

bool tracer_phase_name_ok(const char *name)
{
	size_t n = strlen(name), i;

	if (!n || n > 200)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return false;
	return true;
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* A peer we talk to: the same user, or root. */
static bool peer_trusted(int fd, uid_t *uid)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
	    len != sizeof(cred))
		return false;
	*uid = cred.uid;
	return cred.uid == geteuid() || cred.uid == 0;
}

/*
 * The directory of this user's control sockets: $XDG_RUNTIME_DIR/syscensus
 * when XDG_RUNTIME_DIR is an absolute directory of ours that leaves room
 * for the name in sun_path, else /tmp/syscensus-UID.  Caller frees.
 */
static char *control_dir(void)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	struct stat sb;

	struct sockaddr_un sa;

	/* room for "/syscensus/" + 16 hex digits + ".ctl" */
	if (xdg && xdg[0] == '/' &&
	    strlen(xdg) + 32 <= sizeof(sa.sun_path) - 1 &&
	    stat(xdg, &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    sb.st_uid == geteuid())
		return xasprintf("%s/syscensus", xdg);
	return xasprintf("/tmp/syscensus-%lu", (unsigned long)geteuid());
}

int tracer_control_dir_prepare(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	struct stat sb;
	int ret = -1;

	if (!slash || slash == path)
		return error("control socket path '%s' has no directory", path);
	dir = xstrndup(path, (size_t)(slash - path));
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		error_errno("cannot create '%s'", dir);
		goto out;
	}
	if (lstat(dir, &sb) < 0) {
		error_errno("cannot stat '%s'", dir);
		goto out;
	}
	if (!S_ISDIR(sb.st_mode)) {
		error("refusing control socket directory '%s': not a directory",
		      dir);
		goto out;
	}
	if (sb.st_uid != geteuid()) {
		error("refusing control socket directory '%s': owned by uid %lu,"
		      " not %lu", dir, (unsigned long)sb.st_uid,
		      (unsigned long)geteuid());
		goto out;
	}
	if (sb.st_mode & 077) {
		error("refusing control socket directory '%s': mode %04o (others"
		      " may use it; want 0700)", dir,
		      (unsigned)(sb.st_mode & 07777));
		goto out;
	}
	ret = 0;
out:
	free(dir);
	return ret;
}

char *tracer_control_path(const char *db_path)
{
	char *abs = realpath(db_path, NULL), *p, *dir;

	if (!abs) {
		/* not created yet (record computes the path before its store
		 * exists): the real directory and the name, which is what
		 * realpath() gives once the file is there */
		const char *slash = strrchr(db_path, '/');
		char *d = slash ? xstrndup(db_path, (size_t)(slash - db_path))
				: NULL, *rd;

		rd = realpath(slash ? (d[0] ? d : "/") : ".", NULL);
		if (rd)
			abs = xasprintf("%s/%s", strcmp(rd, "/") ? rd : "",
					slash ? slash + 1 : db_path);
		free(rd);
		free(d);
	}
	if (!abs) {
		char cwd[PATH_MAX];

		if (db_path[0] != '/' && getcwd(cwd, sizeof(cwd)))
			abs = xasprintf("%s/%s", cwd, db_path);
		else
			abs = xstrdup(db_path);
	}
	dir = control_dir();
	p = xasprintf("%s/%016llx.ctl", dir, (unsigned long long)fnv1a(abs));
	free(dir);
	free(abs);
	return p;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int tracer_mark(const char *ctl_path, const char *phase)
{
	struct timeval tv = { .tv_sec = 30 };
	char reply[64];
	size_t got = 0;
	char *req = NULL;
	int fd, ret = -1;
	uid_t uid = (uid_t)-1;

	fd = connect_to(ctl_path);
	if (fd < 0) {
		if (errno == ENOENT || errno == ECONNREFUSED) {
			error("no trace is listening on '%s'", ctl_path);
			return -2;
		}
		return error_errno("cannot connect to '%s'", ctl_path);
	}
	/* whoever bound the name first would answer "ok" to anything */
	if (!peer_trusted(fd, &uid)) {
		error("refusing the listener on '%s': it runs as uid %ld, not as"
		      " uid %lu or root", ctl_path, (long)uid,
		      (unsigned long)geteuid());
		goto out;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	req = xasprintf("phase %s\n", phase);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		error_errno("cannot write to '%s'", ctl_path);
		goto out;
	}
	while (got < sizeof(reply) - 1) {
		ssize_t n = read(fd, reply + got, sizeof(reply) - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (memchr(reply, '\n', got))
			break;
	}
	reply[got] = '\0';
	if (!strncmp(reply, "ok\n", 3))
		ret = 0;
	else if (!got)
		error("the trace on '%s' did not answer", ctl_path);
	else
		error("the trace refused: %.*s", (int)strcspn(reply, "\n"),
		      reply);
out:
	free(req);
	close(fd);
	return ret;
}

/* Read one request line; 0 on success with the phase in c->name. */
static int read_request(int fd, char *name, size_t size)
{
	char buf[REQ_MAX + 16];
	size_t got = 0;
	char *nl;

	while (got < sizeof(buf) - 1) {
		ssize_t n = read(fd, buf + got, sizeof(buf) - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
		if (memchr(buf, '\n', got))
			break;
	}
	buf[got] = '\0';
	nl = strchr(buf, '\n');
	if (!nl || strncmp(buf, "phase ", 6))
		return -1;
	*nl = '\0';
	if (strlen(buf + 6) >= size || !tracer_phase_name_ok(buf + 6))
		return -1;
	strcpy(name, buf + 6);
	return 0;
}

static void reply(int fd, const char *msg)
{
	ssize_t n ATTR_UNUSED = write(fd, msg, strlen(msg));
}

static void *control_thread(void *arg)
{
	struct control *c = arg;

	while (!c->quit) {
		struct timeval tv = { .tv_sec = 5 };
		char name[REQ_MAX];
		int fd = accept4(c->fd, NULL, NULL, SOCK_CLOEXEC);
		uid_t uid;

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			break;
		}
		if (!peer_trusted(fd, &uid)) {
			reply(fd, "error not your trace\n");
			close(fd);
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (read_request(fd, name, sizeof(name)) < 0) {
			reply(fd, "error bad request\n");
			close(fd);
			continue;
		}
		pthread_mutex_lock(&c->lock);
		strcpy(c->name, name);
		c->pending = true;
		c->done = false;
		while (!c->done && !c->quit) {
			struct timespec ts;

			pthread_kill(c->loop, SIGUSR1);
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 20 * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&c->cond, &c->lock, &ts);
		}
		c->pending = false;
		pthread_mutex_unlock(&c->lock);
		reply(fd, c->done && c->ok ? "ok\n" : "error not switched\n");
		close(fd);
	}
	return NULL;
}

/* Bind path, replacing a stale socket of ours (a tracer that was killed). */
static int bind_socket(int fd, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat sb;
	mode_t old;
	int ret, probe;

	strcpy(sa.sun_path, path);
	old = umask(077);
	ret = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	if (ret < 0 && errno == EADDRINUSE &&
	    lstat(path, &sb) == 0 && S_ISSOCK(sb.st_mode) &&
	    sb.st_uid == geteuid()) {
		probe = connect_to(path);
		if (probe >= 0) {
			close(probe);
			errno = EADDRINUSE;
		} else if (unlink(path) == 0) {
			ret = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
		}
	}
	umask(old);
	if (ret == 0)
		chmod(path, 0600);
	return ret;
}

struct control *control_start(const char *path)
{
	struct sockaddr_un sa;
	struct control *c;
	sigset_t all, old;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		error("control socket path too long: '%s'", path);
		return NULL;
	}
	if (tracer_control_dir_prepare(path) < 0)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->path = xstrdup(path);
	c->loop = pthread_self();
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		error_errno("cannot create a control socket");
		goto fail;
	}
	if (bind_socket(c->fd, path) < 0) {
		if (errno == EADDRINUSE)
			error("another process holds the control socket '%s'",
			      path);
		else
			error_errno("cannot create '%s'", path);
		close(c->fd);
		c->fd = -1;
		goto fail;
	}
	if (listen(c->fd, 16) < 0) {
		error_errno("cannot listen on '%s'", path);
		goto fail_unlink;
	}
	/* the thread takes no signal: they belong to the loop */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (pthread_create(&c->thread, NULL, control_thread, c) != 0) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		error("cannot start the control thread");
		goto fail_unlink;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	c->started = true;
	return c;
fail_unlink:
	unlink(path);
	close(c->fd);
	c->fd = -1;
fail:
	control_stop(c);
	return NULL;
}

const char *control_pending(struct control *c)
{
	const char *r = NULL;

	if (!c)
		return NULL;
	pthread_mutex_lock(&c->lock);
	if (c->pending && !c->done)
		r = c->name;
	pthread_mutex_unlock(&c->lock);
	return r;
}

void control_ack(struct control *c, bool ok)
{
	pthread_mutex_lock(&c->lock);
	c->done = true;
	c->ok = ok;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

void control_stop(struct control *c)
{
	if (!c)
		return;
	if (c->started) {
		pthread_mutex_lock(&c->lock);
		c->quit = true;
		pthread_cond_broadcast(&c->cond);
		pthread_mutex_unlock(&c->lock);
		shutdown(c->fd, SHUT_RDWR);
		pthread_join(c->thread, NULL);
		unlink(c->path);
	}
	if (c->fd >= 0)
		close(c->fd);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
	free(c->path);
	free(c);
}
