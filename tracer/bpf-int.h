/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bpf-int.h - what the bpf engine's two halves in user space share:
 * bpf-engine.c (loading, events, the process tree, the run's life) and
 * bpf-flush.c (turning the program's per-CPU totals into store rows).
 * Private to tracer/, and only built with HAVE_BPF.
 */
#ifndef SYSCENSUS_TRACER_BPF_INT_H
#define SYSCENSUS_TRACER_BPF_INT_H

#include <bpf/libbpf.h>

#include "common/sysprop.h"
#include "tracer/census-bpf.h"
#include "tracer/census.skel.h"
#include "tracer/tracer.h"

#define GEN_ATTACHED 0x80000000u /* generations we give attached tgids */

/* A total already counted, per raw map key (tag: which map). */
struct seen {
	uint64_t total;
	uint8_t tag;
	bool used;
	unsigned char key[sizeof(struct census_vkey)];
};

/* A path fact, counted in user space from the ring buffer. */
struct pathfact {
	struct census_key k;
	char *path;
	uint64_t count;
};

struct exe_gen {
	uint32_t gen;
	int64_t id; /* store id; 0: not known yet */
	bool ignore; /* our own `syscensus mark` */
};

struct bpf_tracer {
	struct tracer_opts o;
	struct census *skel;
	struct ring_buffer *rb;
	struct store *st;
	int64_t run;
	struct agg agg;
	int ncpus;
	uint64_t *vals;
	struct census_row *rows; /* a fast row per CPU */

	struct seen *seen;
	size_t seen_cap, nseen;

	struct exe_gen *gens;
	size_t ngens, agens;

	int64_t *phase_ids; /* by phase index */
	char **phase_names;
	size_t nphases, aphases;
	int64_t sig_phase[65]; /* after-SIGn, interned on first use */

	struct pathfact *paths;
	size_t npaths, apaths;
	uint64_t path_dropped;

	struct control *ctl;
	char *ctl_path;
	char *self_exe;
	uint32_t native, x32, compat;
	uint64_t calls;
	int64_t last_flush_ns;
	pid_t leader;
	bool leader_done;
	int leader_status;
};

/* The executable of an exec generation: found, or added empty. */
struct exe_gen *bpf_gen_find(struct bpf_tracer *bt, uint32_t gen);
struct exe_gen *bpf_gen_add(struct bpf_tracer *bt, uint32_t gen);

/* One transaction: what the kernel counted since the last flush
 * (bpf-flush.c); last: the run is over, name what is still unknown. */
void bpf_flush(struct bpf_tracer *bt, bool last);

#endif
