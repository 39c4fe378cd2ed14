/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tp-floor.bpf.c - the floor of the bpf engine's cost (bench/tracer.sh):
 * empty programs on the same BTF tracepoints the census attaches to
 * (raw_syscalls sys_enter and sys_exit).  What a workload pays with these
 * attached is the kernel's own price of the hook, which no census program
 * can go below.  Built by bench/tracer.sh with clang, never installed.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("tp_btf/sys_enter")
int floor_enter(void *ctx)
{
	return 0;
}

SEC("tp_btf/sys_exit")
int floor_exit(void *ctx)
{
	return 0;
}
