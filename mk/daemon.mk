# SPDX-License-Identifier: LGPL-2.1-or-later
# fixture daemon area: fixtures/daemons (built by make check).
