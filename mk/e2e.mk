# SPDX-License-Identifier: LGPL-2.1-or-later
# end-to-end area: proof by enforcement tests and their helpers.
