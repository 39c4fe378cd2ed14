/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * layers-app.c - the Landlock/systemd layers' test program (issue 14):
 *
 *   layers-app serve DIR
 *       binds DIR/api.sock (stream: answers "pong" to each line; "quit"
 *       ends it) and DIR/notify.sock (datagrams, appended to
 *       DIR/notify.log), then creates DIR/serve.ready.  Runs untraced.
 *   layers-app run CONF DATADIR SOCK [EXTRA]
 *       reads CONF (a line "greeting=..."), writes DATADIR/state.txt
 *       atomically (state.txt.tmp, then rename), connects to SOCK and
 *       exchanges ping/pong, sends READY=1 and then WATCHDOG=1 three
 *       times 50 ms apart to $NOTIFY_SOCKET (a filesystem socket, with
 *       sendmsg as sd_notify does).  With EXTRA it then reads that file
 *       too: under a ruleset without it, that read fails and the program
 *       exits 3.  Exit 0 when everything worked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static int unix_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(a->sun_path)) {
		fprintf(stderr, "socket path too long: %s\n", path);
		return -1;
	}
	strcpy(a->sun_path, path);
	return 0;
}

static int serve(const char *dir)
{
	struct sockaddr_un a;
	char path[4096], buf[512];
	int ls, ds, fd;

	ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ds = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(path, sizeof(path), "%s/api.sock", dir);
	unlink(path);
	if (ls < 0 || ds < 0 || unix_addr(&a, path) < 0 ||
	    bind(ls, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(ls, 8) < 0) {
		perror("api.sock");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/notify.sock", dir);
	unlink(path);
	if (unix_addr(&a, path) < 0 ||
	    bind(ds, (struct sockaddr *)&a, sizeof(a)) < 0) {
		perror("notify.sock");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/serve.ready", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return 1;
	close(fd);
	for (;;) {
		struct pollfd p[2] = { { ls, POLLIN, 0 }, { ds, POLLIN, 0 } };

		if (poll(p, 2, 30000) <= 0)
			return 1; /* nobody came: do not linger */
		if (p[1].revents & POLLIN) {
			ssize_t n = recv(ds, buf, sizeof(buf) - 1, 0);
			FILE *log;

			if (n < 0)
				continue;
			buf[n] = '\0';
			snprintf(path, sizeof(path), "%s/notify.log", dir);
			log = fopen(path, "a");
			if (log) {
				fprintf(log, "%s\n", buf);
				fclose(log);
			}
		}
		if (p[0].revents & POLLIN) {
			int c = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
			ssize_t n;

			if (c < 0)
				continue;
			n = read(c, buf, sizeof(buf) - 1);
			if (n > 0 && !strncmp(buf, "quit", 4)) {
				close(c);
				return 0;
			}
			if (n > 0 && write(c, "pong\n", 5) != 5)
				perror("write");
			close(c);
		}
	}
}

static int notify(const char *msg)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un a;
	struct iovec iov = { (void *)msg, strlen(msg) };
	struct msghdr m;
	int fd, ret;

	if (!path || path[0] != '/')
		return 0;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || unix_addr(&a, path) < 0)
		return -1;
	memset(&m, 0, sizeof(m));
	m.msg_name = &a;
	m.msg_namelen = sizeof(a);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	ret = sendmsg(fd, &m, MSG_NOSIGNAL) < 0 ? -1 : 0;
	if (ret < 0)
		perror("sd_notify");
	close(fd);
	return ret;
}

static int run(char **argv, int argc)
{
	struct sockaddr_un a;
	char buf[512], tmp[4096], final[4096];
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	FILE *f;
	int fd, i;
	ssize_t n;

	f = fopen(argv[2], "re");
	if (!f || !fgets(buf, sizeof(buf), f) ||
	    strncmp(buf, "greeting=", 9)) {
		fprintf(stderr, "cannot read the config %s: %s\n", argv[2],
			strerror(errno));
		return 2;
	}
	fclose(f);
	snprintf(tmp, sizeof(tmp), "%s/state.txt.tmp", argv[3]);
	snprintf(final, sizeof(final), "%s/state.txt", argv[3]);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, buf, strlen(buf)) < 0 || fsync(fd) < 0 ||
	    close(fd) < 0 || rename(tmp, final) < 0) {
		fprintf(stderr, "cannot write %s: %s\n", final,
			strerror(errno));
		return 2;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || unix_addr(&a, argv[4]) < 0 ||
	    connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    write(fd, "ping\n", 5) != 5 || (n = read(fd, buf, 5)) != 5 ||
	    strncmp(buf, "pong", 4)) {
		fprintf(stderr, "cannot talk to %s: %s\n", argv[4],
			strerror(errno));
		return 2;
	}
	close(fd);
	if (notify("READY=1\nSTATUS=serving") < 0)
		return 2;
	for (i = 0; i < 3; i++) {
		nanosleep(&ts, NULL);
		if (notify("WATCHDOG=1") < 0)
			return 2;
	}
	if (argc > 5) {
		f = fopen(argv[5], "re");
		if (!f) {
			fprintf(stderr, "cannot read %s: %s\n", argv[5],
				strerror(errno));
			return 3;
		}
		fclose(f);
	}
	printf("ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "serve"))
		return serve(argv[2]);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "run"))
		return run(argv, argc);
	fprintf(stderr, "usage: layers-app serve DIR | run CONF DATADIR SOCK "
		"[EXTRA]\n");
	return 2;
}
