# SPDX-License-Identifier: LGPL-2.1-or-later
# layers area (issue 14): Landlock and systemd hardening from the same
# trace - the path census, the landlock/landlock-json/systemd-hardening
# emitters, verify --landlock, lint --unit (included by Makefile.am).

# The test program of issue 14's "done when" (no sanitizers: see
# Makefile.am).
check_PROGRAMS += tests/tracees/layers-app
tests_tracees_layers_app_SOURCES = tests/tracees/layers-app.c
tests_tracees_layers_app_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_layers_app_LDFLAGS =
EXTRA_DIST += tests/tracees/layers-app.c tests/integration/layers-lib.sh

EXTRA_DIST += fixtures/layers/journal-226.txt

# Unit tests of the census, the ruleset, its JSON and C forms, and the
# systemd helpers.
check_PROGRAMS += tests/unit/t-layers
tests_unit_t_layers_SOURCES = tests/unit/t-layers.c
tests_unit_t_layers_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_layers_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-layers
EXTRA_DIST += fixtures/layers/app-strace.log
