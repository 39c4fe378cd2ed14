/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tracer.h - the one public header of tracer/: the ptrace engine behind
 * `record`, `attach`, `mark` and `verify`.
 */
#ifndef SYSCENSUS_TRACER_H
#define SYSCENSUS_TRACER_H

#include "common/common.h"

#endif
