# SPDX-License-Identifier: LGPL-2.1-or-later
# policy area: sources, tests and data (included by Makefile.am).
