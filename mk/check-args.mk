# SPDX-License-Identifier: LGPL-2.1-or-later
# check-args area (issue 4): sources, tests and data (included by Makefile.am).
