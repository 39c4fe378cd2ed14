/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lint-unit.c - placeholder
 */
#include "config.h"

#include "analyzer/analyzer.h"
