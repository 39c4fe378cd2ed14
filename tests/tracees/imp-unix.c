/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * imp-unix.c - a tracee that talks over AF_UNIX sockets the way services
 * do, so that the importer's socket-address facts can be checked against
 * a real strace log.  Usage: imp-unix DIR ABSTRACT.  It binds a datagram
 * socket at DIR/run/systemd/notify (DIR/run/systemd must exist) and sends
 * it "READY=1" sd_notify-style (sendmsg with msg_name), then sendto()s it,
 * sendmmsg()s it, binds an abstract datagram socket "@ABSTRACT",
 * sendto()s the notify socket from it and sendmsg()s it, recvmsg()s the
 * notify socket (the first sender is the abstract one), listens on a
 * stream socket at DIR/run/stream.sock, connect()s to it and accept()s.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

static socklen_t path_addr(struct sockaddr_un *a, const char *dir,
			   const char *rel)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	if ((size_t)snprintf(a->sun_path, sizeof(a->sun_path), "%s/%s", dir,
			     rel) >= sizeof(a->sun_path))
		return 0;
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
			   strlen(a->sun_path) + 1);
}

static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
	size_t n = strlen(name);

	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	if (n + 1 > sizeof(a->sun_path))
		return 0;
	memcpy(a->sun_path + 1, name, n);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

static int send_msg(int fd, const struct sockaddr_un *a, socklen_t len)
{
	char buf[] = "READY=1";
	struct iovec iov = { buf, sizeof(buf) - 1 };
	struct msghdr m = { 0 };

	m.msg_name = (void *)a;
	m.msg_namelen = len;
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	return sendmsg(fd, &m, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_un notify, abst, stream, from;
	socklen_t nlen, alen, slen;
	struct mmsghdr mm[2];
	struct iovec iov[2];
	struct msghdr rm = { 0 };
	char buf[64], one[] = "A=1", two[] = "B=2";
	struct iovec riov = { buf, sizeof(buf) };
	int srv, cli, lst, con, acc, abs_srv;

	if (argc != 3)
		return 2;
	nlen = path_addr(&notify, argv[1], "run/systemd/notify");
	slen = path_addr(&stream, argv[1], "run/stream.sock");
	alen = abstract_addr(&abst, argv[2]);
	if (!nlen || !slen || !alen)
		return 2;

	srv = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	cli = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	abs_srv = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (srv < 0 || cli < 0 || abs_srv < 0 ||
	    bind(srv, (struct sockaddr *)&notify, nlen) ||
	    bind(abs_srv, (struct sockaddr *)&abst, alen))
		return 1;

	/* from the abstract socket first: recvmsg below names it */
	if (sendto(abs_srv, "HELLO=1", 7, 0, (struct sockaddr *)&notify,
		   nlen) < 0)
		return 1;
	/* sd_notify: sendmsg with msg_name, then sendto */
	if (send_msg(cli, &notify, nlen) ||
	    sendto(cli, "WATCHDOG=1", 10, 0, (struct sockaddr *)&notify,
		   nlen) < 0)
		return 1;
	/* sendmmsg: two messages, both to the notify socket */
	memset(mm, 0, sizeof(mm));
	iov[0] = (struct iovec){ one, 3 };
	iov[1] = (struct iovec){ two, 3 };
	mm[0].msg_hdr.msg_name = &notify;
	mm[0].msg_hdr.msg_namelen = nlen;
	mm[0].msg_hdr.msg_iov = &iov[0];
	mm[0].msg_hdr.msg_iovlen = 1;
	mm[1].msg_hdr = mm[0].msg_hdr;
	mm[1].msg_hdr.msg_iov = &iov[1];
	if (sendmmsg(cli, mm, 2, 0) != 2)
		return 1;
	/* the abstract one */
	if (send_msg(cli, &abst, alen))
		return 1;
	/* recvmsg on the server: the sender is the abstract socket */
	rm.msg_name = &from;
	rm.msg_namelen = sizeof(from);
	rm.msg_iov = &riov;
	rm.msg_iovlen = 1;
	if (recvmsg(srv, &rm, 0) < 0)
		return 1;

	/* a stream socket: bind, listen, connect, accept */
	lst = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	con = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lst < 0 || con < 0 ||
	    bind(lst, (struct sockaddr *)&stream, slen) || listen(lst, 1) ||
	    connect(con, (struct sockaddr *)&stream, slen))
		return 1;
	slen = sizeof(from);
	acc = accept4(lst, (struct sockaddr *)&from, &slen, SOCK_CLOEXEC);
	if (acc < 0 || write(con, "x", 1) != 1 || read(acc, buf, 1) != 1)
		return 1;
	close(acc);
	close(con);
	close(lst);
	close(srv);
	close(cli);
	close(abs_srv);
	unlink(notify.sun_path);
	unlink(stream.sun_path);
	return 0;
}
