# SPDX-License-Identifier: LGPL-2.1-or-later
# kb area: sources, tests and data (included by Makefile.am).
