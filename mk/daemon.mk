# SPDX-License-Identifier: LGPL-2.1-or-later
# fixture daemon area: fixtures/daemons (built by make check).
#
# svcd and svc-client are traced by ptrace in the tracer tests, so they are
# built like the tracees: without sanitizer flags (LeakSanitizer cannot run
# under ptrace), with the real libsqlite3.
check_PROGRAMS += fixtures/daemons/svcd fixtures/daemons/svc-client
fixtures_daemons_svcd_SOURCES = fixtures/daemons/svcd.c
fixtures_daemons_svcd_CFLAGS = $(TRACEE_CFLAGS) $(SQLITE_CFLAGS) -pthread
fixtures_daemons_svcd_LDFLAGS =
fixtures_daemons_svcd_LDADD = $(SQLITE_LIBS) -lpthread
fixtures_daemons_svc_client_SOURCES = fixtures/daemons/svc-client.c
fixtures_daemons_svc_client_CFLAGS = $(TRACEE_CFLAGS)
fixtures_daemons_svc_client_LDFLAGS =

