/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tp-floor.c - loads tp-floor.bpf.o (empty programs on the raw_syscalls
 * BTF tracepoints) with libbpf, attaches them, says "attached" on stderr
 * and waits for SIGINT or SIGTERM: bench/tracer.sh times a workload
 * meanwhile, for the floor of the bpf engine's cost.
 *
 *   tp-floor OBJECT
 *
 * Exit status 0, or 1 when the object cannot be loaded or attached.
 */
#include <bpf/libbpf.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t done;

static void on_signal(int sig)
{
	(void)sig;
	done = 1;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct sigaction sa = { .sa_handler = on_signal };
	int n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: tp-floor OBJECT\n");
		return 2;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "tp-floor: cannot load '%s'\n", argv[1]);
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		if (!bpf_program__attach(prog)) {
			fprintf(stderr, "tp-floor: cannot attach '%s'\n",
				bpf_program__name(prog));
			return 1;
		}
		n++;
	}
	fprintf(stderr, "tp-floor: attached %d programs\n", n);
	while (!done)
		pause();
	bpf_object__close(obj);
	return 0;
}
