# SPDX-License-Identifier: LGPL-2.1-or-later
# tracer area: sources, tests and data (included by Makefile.am).
tracer_libtracer_a_SOURCES += tracer/engine.c tracer/launch.c \
	tracer/attach.c tracer/control.c tracer/stacks.c tracer/filter.c
