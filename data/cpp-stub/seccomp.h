/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * seccomp.h - the stub the libseccomp C policy reader preprocesses with
 * (cpp -nostdinc -I <this directory>).  It deliberately defines nothing:
 * with the real <seccomp.h>, SCMP_SYS(read) becomes an arch-specific
 * number and SCMP_ACT_ALLOW 0x7fff0000U; here they keep their names, which
 * is what the reader (analyzer/policy/policy-c.c) reads.  A policy's own macros
 * (#define ALLOW(x) seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(x), 0))
 * and its #if blocks are expanded and decided as the compiler would.
 */
#ifndef SYSCENSUS_SECCOMP_STUB_H
#define SYSCENSUS_SECCOMP_STUB_H
#endif
