/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bpf.c - a seccomp classic-BPF emulator and the decoder that turns a
 * filter (or a stack of them, as a process holds) into the policy model.
 *
 * bpf_validate() accepts exactly what the kernel's seccomp_check_filter()
 * and bpf_check_classic() accept: the seccomp subset of instructions,
 * aligned loads inside struct seccomp_data, jumps that stay in the
 * program, no division or shift by a bad constant, scratch memory read
 * only after it was written on every path, and a return at the end.
 *
 * bpf_run() executes a validated program on one struct seccomp_data the way
 * the kernel does (native byte order; division by a zero X returns 0) and
 * tells which 32-bit words of the data it read.  That is what makes the
 * decoder exact where it can be: a run that never read an argument word
 * gives the same result for every argument value.
 *
 * bpf_decode() runs the program for every syscall number of every
 * architecture libseccomp knows.  An architecture whose numbers all get the
 * same non-allowing result is not admitted.  The default action is what an
 * unassigned number gets; every number whose result differs becomes a rule.
 * When a run read argument words, the words are tried again with the
 * constants the program compares against (and their neighbours); if the
 * result changes, the syscall is conditional: the rule keeps the result of
 * zero arguments and one witness condition under which the other result was
 * seen (a sample, not the whole condition).
 */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/policy/policy.h"

#define SECCOMP_DATA_SIZE ((uint32_t)sizeof(struct seccomp_data))
#define NWORDS (SECCOMP_DATA_SIZE / 4)

static bool code_ok(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	}
	return false;
}

int bpf_validate(const struct sock_filter *prog, size_t n, char *err,
		 size_t errlen)
{
	uint16_t *masks = NULL;
	uint16_t memvalid = 0;
	size_t pc;
	int ret = -1;

	if (n == 0 || n > BPF_MAXINSNS) {
		snprintf(err, errlen, "a filter has 1 to %d instructions, "
			 "not %zu", BPF_MAXINSNS, n);
		return -1;
	}
	masks = xmalloc(n * sizeof(*masks));
	memset(masks, 0xff, n * sizeof(*masks));
	for (pc = 0; pc < n; pc++) {
		const struct sock_filter *f = &prog[pc];
		uint16_t cls = BPF_CLASS(f->code);

		if (!code_ok(f->code)) {
			snprintf(err, errlen, "instruction %zu: opcode %#06x "
				 "is not allowed in a seccomp filter", pc,
				 f->code);
			goto out;
		}
		memvalid &= masks[pc];
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f->k >= SECCOMP_DATA_SIZE || (f->k & 3)) {
				snprintf(err, errlen, "instruction %zu: load "
					 "at offset %u is outside struct "
					 "seccomp_data or unaligned", pc, f->k);
				goto out;
			}
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
			if (f->k == 0) {
				snprintf(err, errlen, "instruction %zu: "
					 "division by zero", pc);
				goto out;
			}
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_K:
			if (f->k >= 32) {
				snprintf(err, errlen, "instruction %zu: shift "
					 "by %u", pc, f->k);
				goto out;
			}
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (f->k >= BPF_MEMWORDS) {
				snprintf(err, errlen, "instruction %zu: "
					 "scratch slot %u out of range", pc,
					 f->k);
				goto out;
			}
			if (cls == BPF_ST || cls == BPF_STX) {
				memvalid |= (uint16_t)(1u << f->k);
			} else if (!(memvalid & (1u << f->k))) {
				snprintf(err, errlen, "instruction %zu: reads "
					 "scratch slot %u before any store",
					 pc, f->k);
				goto out;
			}
			break;
		}
		if (cls == BPF_JMP) {
			size_t t, fl;

			if (f->code == (BPF_JMP | BPF_JA)) {
				t = pc + 1 + (size_t)f->k;
				if ((size_t)f->k >= n || t >= n) {
					snprintf(err, errlen, "instruction "
						 "%zu: jump past the end", pc);
					goto out;
				}
				masks[t] &= memvalid;
				memvalid = 0xffff;
				continue;
			}
			t = pc + 1 + f->jt;
			fl = pc + 1 + f->jf;
			if (t >= n || fl >= n) {
				snprintf(err, errlen, "instruction %zu: jump "
					 "past the end", pc);
				goto out;
			}
			masks[t] &= memvalid;
			masks[fl] &= memvalid;
			memvalid = 0xffff;
		} else if (cls == BPF_RET) {
			memvalid = 0xffff;
		}
	}
	if (BPF_CLASS(prog[n - 1].code) != BPF_RET) {
		snprintf(err, errlen, "instruction %zu: the last instruction "
			 "is not a return", n - 1);
		goto out;
	}
	ret = 0;
out:
	free(masks);
	return ret;
}

/* bpf_run(); *steps (not NULL) grows by the instructions executed. */
static uint32_t run_counted(const struct sock_filter *prog, size_t n,
			    const struct seccomp_data *d, uint32_t *read_words,
			    unsigned long long *steps)
{
	uint32_t A = 0, X = 0, M[BPF_MEMWORDS] = { 0 };
	uint32_t words[NWORDS];
	uint32_t reads = 0;
	size_t pc = 0;

	memcpy(words, d, sizeof(words));
	while (pc < n) {
		const struct sock_filter *f = &prog[pc++];

		(*steps)++;
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			A = words[f->k / 4];
			reads |= 1u << (f->k / 4);
			break;
		case BPF_LD | BPF_W | BPF_LEN: A = SECCOMP_DATA_SIZE; break;
		case BPF_LDX | BPF_W | BPF_LEN: X = SECCOMP_DATA_SIZE; break;
		case BPF_RET | BPF_K: goto done_k;
		case BPF_RET | BPF_A:
			if (read_words)
				*read_words = reads;
			return A;
		case BPF_ALU | BPF_ADD | BPF_K: A += f->k; break;
		case BPF_ALU | BPF_ADD | BPF_X: A += X; break;
		case BPF_ALU | BPF_SUB | BPF_K: A -= f->k; break;
		case BPF_ALU | BPF_SUB | BPF_X: A -= X; break;
		case BPF_ALU | BPF_MUL | BPF_K: A *= f->k; break;
		case BPF_ALU | BPF_MUL | BPF_X: A *= X; break;
		case BPF_ALU | BPF_DIV | BPF_K: A /= f->k; break;
		case BPF_ALU | BPF_DIV | BPF_X:
			if (!X) {
				A = 0;
				goto done_a0;
			}
			A /= X;
			break;
		case BPF_ALU | BPF_AND | BPF_K: A &= f->k; break;
		case BPF_ALU | BPF_AND | BPF_X: A &= X; break;
		case BPF_ALU | BPF_OR | BPF_K: A |= f->k; break;
		case BPF_ALU | BPF_OR | BPF_X: A |= X; break;
		case BPF_ALU | BPF_XOR | BPF_K: A ^= f->k; break;
		case BPF_ALU | BPF_XOR | BPF_X: A ^= X; break;
		case BPF_ALU | BPF_LSH | BPF_K: A <<= f->k; break;
		case BPF_ALU | BPF_LSH | BPF_X: A = X < 32 ? A << X : 0; break;
		case BPF_ALU | BPF_RSH | BPF_K: A >>= f->k; break;
		case BPF_ALU | BPF_RSH | BPF_X: A = X < 32 ? A >> X : 0; break;
		case BPF_ALU | BPF_NEG: A = -A; break;
		case BPF_LD | BPF_IMM: A = f->k; break;
		case BPF_LDX | BPF_IMM: X = f->k; break;
		case BPF_MISC | BPF_TAX: X = A; break;
		case BPF_MISC | BPF_TXA: A = X; break;
		case BPF_LD | BPF_MEM: A = M[f->k]; break;
		case BPF_LDX | BPF_MEM: X = M[f->k]; break;
		case BPF_ST: M[f->k] = A; break;
		case BPF_STX: M[f->k] = X; break;
		case BPF_JMP | BPF_JA: pc += f->k; break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += A == f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JEQ | BPF_X:
			pc += A == X ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += A >= f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_X:
			pc += A >= X ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += A > f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_X:
			pc += A > X ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (A & f->k) ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_X:
			pc += (A & X) ? f->jt : f->jf;
			break;
		default:
			/* bpf_validate() rejects everything else */
			goto done_a0;
		}
		continue;
done_k:
		if (read_words)
			*read_words = reads;
		return f->k;
	}
done_a0:
	if (read_words)
		*read_words = reads;
	return 0; /* SECCOMP_RET_KILL_THREAD, as the kernel does */
}

uint32_t bpf_run(const struct sock_filter *prog, size_t n,
		 const struct seccomp_data *d, uint32_t *read_words)
{
	unsigned long long steps = 0;

	return run_counted(prog, n, d, read_words, &steps);
}

/* The kernel's precedence between stacked filters: lowest action wins. */
static int32_t action_only(uint32_t ret)
{
	return (int32_t)(ret & SECCOMP_RET_ACTION_FULL);
}

/* bpf_run_stack(); *steps grows by the instructions executed. */
static uint32_t run_stack_counted(const struct bpf_prog *progs, size_t nprogs,
				  const struct seccomp_data *d,
				  uint32_t *read_words,
				  unsigned long long *steps)
{
	uint32_t ret = SECCOMP_RET_ALLOW, reads = 0, r;
	size_t i;

	for (i = 0; i < nprogs; i++) {
		uint32_t cur = run_counted(progs[i].insns, progs[i].len, d, &r,
					   steps);

		reads |= r;
		if (action_only(cur) < action_only(ret))
			ret = cur;
	}
	if (read_words)
		*read_words = reads;
	return ret;
}

uint32_t bpf_run_stack(const struct bpf_prog *progs, size_t nprogs,
		       const struct seccomp_data *d, uint32_t *read_words)
{
	unsigned long long steps = 0;

	return run_stack_counted(progs, nprogs, d, read_words, &steps);
}

void action_from_seccomp(uint32_t ret, struct action *a)
{
	uint32_t data = ret & SECCOMP_RET_DATA;

	a->data = 0;
	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS: a->kind = ACTION_KILL_PROCESS; break;
	case SECCOMP_RET_KILL_THREAD: a->kind = ACTION_KILL_THREAD; break;
	case SECCOMP_RET_TRAP:
		a->kind = ACTION_TRAP;
		a->data = (int)data;
		break;
	case SECCOMP_RET_ERRNO:
		a->kind = ACTION_ERRNO;
		/* the kernel caps the errno at MAX_ERRNO */
		a->data = (int)(data > 4095 ? 4095 : data);
		break;
	case SECCOMP_RET_USER_NOTIF: a->kind = ACTION_NOTIFY; break;
	case SECCOMP_RET_TRACE:
		a->kind = ACTION_TRACE;
		a->data = (int)data;
		break;
	case SECCOMP_RET_LOG: a->kind = ACTION_LOG; break;
	case SECCOMP_RET_ALLOW: a->kind = ACTION_ALLOW; break;
	default:
		/* unknown actions kill the process (kernel >= 4.14) */
		a->kind = ACTION_KILL_PROCESS;
		break;
	}
}

/* ------------------------------------------------------------ decoder */

/* Where syscall numbers start on the arches libseccomp knows: 0 for most,
 * x32's __X32_SYSCALL_BIT, the MIPS ABIs, ARM's private calls. */
static const uint32_t nr_bases[] = { 0, 0x40000000, 4000, 5000, 6000,
				     0x0f0000 };
#define NR_SPAN 1024

/* The base of arch's syscall numbers: where its `read` is. */
static uint32_t main_base(uint32_t arch)
{
	int nr = syscall_resolve_name(arch, "read");
	uint32_t best = 0;
	size_t i;

	for (i = 0; nr >= 0 && i < ARRAY_SIZE(nr_bases); i++)
		if (nr_bases[i] <= (uint32_t)nr && nr_bases[i] > best &&
		    (uint32_t)nr - nr_bases[i] < NR_SPAN)
			best = nr_bases[i];
	return best;
}

/*
 * Are [base, base+NR_SPAN) syscall numbers of arch?  The main base, and
 * another (ARM's private calls) only if libseccomp names numbers there.
 * libseccomp also names x32 calls without __X32_SYSCALL_BIT, which the
 * kernel never sees: only the main base counts where it is not 0.
 */
static bool arch_has_base(uint32_t arch, uint32_t base)
{
	char buf[SYSCALL_NAME_MAX];
	int probe[] = { 0, 1, 2, 3, 5, 63, 100, 200 };
	uint32_t mb = main_base(arch);
	size_t i;

	if (base == mb)
		return true;
	if (mb != 0 || base == 0)
		return false;
	for (i = 0; i < ARRAY_SIZE(probe); i++)
		if (strncmp(syscall_name(arch, (int)(base + (uint32_t)probe[i]),
					 buf), "syscall_0x", 10))
			return true;
	return false;
}

static bool action_eq(const struct action *a, const struct action *b)
{
	return a->kind == b->kind && a->data == b->data;
}


/* The values worth trying for a data word: the constants the programs
 * compare or mask with, their neighbours, and a few patterns. */
struct probe_values {
	uint32_t *v;
	size_t n, alloc;
};

static void probe_add(struct probe_values *pv, uint32_t v)
{
	size_t i;

	for (i = 0; i < pv->n; i++)
		if (pv->v[i] == v)
			return;
	pv->v = xgrow(pv->v, sizeof(*pv->v), pv->n + 1, &pv->alloc);
	pv->v[pv->n++] = v;
}

static void probe_collect(struct probe_values *pv, const struct bpf_prog *progs,
			  size_t nprogs)
{
	static const uint32_t patterns[] = { 1, 2, 3, 0x7fffffff, 0x80000000,
					     0xffffffff };
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(patterns); i++)
		probe_add(pv, patterns[i]);
	for (i = 0; i < nprogs; i++) {
		for (j = 0; j < progs[i].len; j++) {
			const struct sock_filter *f = &progs[i].insns[j];

			if (BPF_CLASS(f->code) != BPF_JMP ||
			    BPF_OP(f->code) == BPF_JA ||
			    BPF_SRC(f->code) != BPF_K)
				continue;
			probe_add(pv, f->k);
			probe_add(pv, f->k + 1);
			probe_add(pv, f->k - 1);
			probe_add(pv, ~f->k);
			if (pv->n > 4096)
				return;
		}
	}
}

struct nr_result {
	struct action act;      /* with zero arguments */
	bool conditional;
	struct action other;    /* another result seen with some arguments */
	unsigned witness_index; /* the argument that made the difference */
	uint64_t witness_value;
	bool witness_for_other; /* the witness gives `other`, not `act` */
	/* the run read arguments but the budget ran out before probing
	 * them all found a difference: the result may depend on them */
	bool unresolved;
	uint32_t reads;         /* the words the zero-argument run read */
};

/* Program runs after which one syscall number's probing stops going on top
 * of earlier probes (each level's single words are always tried whole). */
#define PROBE_BUDGET 20000u
#define PROBE_DEPTH 4
/* Runs one syscall number may use in all (a fair share, so that one
 * number does not eat the whole decode's budget). */
#define PROBE_NR_MAX 100000u
/*
 * BPF instructions the argument probing of one bpf_decode() call may
 * execute, all numbers and arches together (1.5 s or so): a program
 * built to never show a difference would otherwise take minutes.  A
 * libFuzzer build (ASan, UBSan and coverage) runs the emulator ~20x
 * slower: the same time there is a twentieth of the instructions, so a
 * decode stays under the fuzzer's -timeout and the probing code is still
 * reached whole.
 */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define DECODE_STEP_BUDGET 30000000ull
#else
#define DECODE_STEP_BUDGET 600000000ull
#endif

/* For tests (declared there): the argument-probing runs and the numbers
 * left unresolved by the last bpf_decode() call. */
unsigned long bpf_decode_runs;
size_t bpf_decode_unresolved;

/* The decode-wide budget of argument probing. */
struct decode_budget {
	unsigned long long steps; /* instructions executed so far */
	unsigned long long limit;
	unsigned long runs;
	size_t unresolved;        /* numbers left unresolved */
};

struct probe_ctx {
	const struct bpf_prog *progs;
	size_t nprogs;
	const struct probe_values *pv;
	struct nr_result *res;
	unsigned long runs;
	struct decode_budget *budget;
	bool stopped; /* the budget ran out: probing is incomplete */
	bool cut;     /* a probe's new words were left unprobed */
};

static bool probe_budget_out(struct probe_ctx *pc)
{
	if (pc->runs >= PROBE_NR_MAX ||
	    pc->budget->steps >= pc->budget->limit)
		pc->stopped = true;
	return pc->stopped;
}

/*
 * Try the words base's run read (reads), one at a time, with every probe
 * value, leaving the words in fixed as they are.  A probe whose run reads
 * a word that base's did not (a 64-bit comparison that matched its high
 * word and now tests the low one; a second condition reached) becomes a
 * base in turn and its new words are probed on top of it: a value whose
 * high word is not zero needs both words set together.  True once the
 * result differed (res filled).  Stops (pc->stopped) when the budget
 * runs out.
 */
static bool probe_from(struct probe_ctx *pc, const struct seccomp_data *base,
		       uint32_t reads, uint32_t fixed, unsigned depth)
{
	const struct probe_values *pv = pc->pv;
	size_t w, i;

	/* words 0 (nr) and 1 (arch) are fixed; 2..3 the IP; 4.. args */
	reads &= ~(3u | fixed);
	for (w = 2; w < NWORDS; w++) {
		if (!(reads & (1u << w)))
			continue;
		for (i = 0; i < pv->n; i++) {
			struct seccomp_data d = *base;
			uint32_t words[NWORDS], r2 = 0, ret;
			struct action a;

			if (probe_budget_out(pc))
				return false;
			memcpy(words, &d, sizeof(words));
			words[w] = pv->v[i];
			memcpy(&d, words, sizeof(words));
			ret = run_stack_counted(pc->progs, pc->nprogs, &d, &r2,
						&pc->budget->steps);
			pc->runs++;
			pc->budget->runs++;
			action_from_seccomp(ret, &a);
			if (!action_eq(&a, &pc->res->act)) {
				struct nr_result *res = pc->res;

				res->conditional = true;
				res->other = a;
				res->witness_index = w >= 4 ?
					(unsigned)(w - 4) / 2 : 6;
				res->witness_value = w >= 4 ?
					d.args[(w - 4) / 2] :
					d.instruction_pointer;
				return true;
			}
			r2 &= ~3u;
			if (!(r2 & ~(reads | fixed | (1u << w))))
				;
			else if (depth >= PROBE_DEPTH ||
				 pc->runs >= PROBE_BUDGET)
				pc->cut = true; /* new words left unprobed */
			else if (probe_from(pc, &d, r2 & ~reads,
					    fixed | (1u << w), depth + 1))
				return true;
			if (pc->stopped)
				return false;
		}
	}
	return false;
}

static void probe_args(const struct bpf_prog *progs, size_t nprogs,
		       const struct seccomp_data *base, uint32_t reads,
		       const struct probe_values *pv, struct nr_result *res,
		       struct decode_budget *budget)
{
	struct probe_ctx pc = { progs, nprogs, pv, res, 0, budget, false,
				false };

	if (!probe_from(&pc, base, reads, 0, 0) && (pc.stopped || pc.cut)) {
		res->unresolved = true;
		budget->unresolved++;
	}
}

/*
 * What the kernel puts in seccomp_data.arch for a libseccomp arch token:
 * the token itself, except x32, whose calls arrive as AUDIT_ARCH_X86_64
 * with __X32_SYSCALL_BIT in the number (libseccomp's x32 token is its
 * own pseudo value).
 */
static uint32_t kernel_arch(uint32_t token)
{
	static uint32_t x32, x86_64;

	if (!x32) {
		x32 = arch_from_name("x32");
		x86_64 = arch_from_name("x86_64");
	}
	return token == x32 && x32 ? x86_64 : token;
}

/* Run number nr with zero arguments; with pv (and budget), probe the
 * arguments the run read for a different result. */
static void run_nr(const struct bpf_prog *progs, size_t nprogs, uint32_t arch,
		   uint32_t nr, const struct probe_values *pv,
		   struct decode_budget *budget, struct nr_result *res)
{
	struct seccomp_data d;
	uint32_t reads = 0;

	memset(&d, 0, sizeof(d));
	d.nr = (int)nr;
	d.arch = kernel_arch(arch);
	memset(res, 0, sizeof(*res));
	action_from_seccomp(bpf_run_stack(progs, nprogs, &d, &reads),
			    &res->act);
	res->reads = reads;
	if (pv && (reads & ~3u))
		probe_args(progs, nprogs, &d, reads, pv, res, budget);
}

/* One decoded (arch, number). */
struct decoded {
	uint32_t arch;
	char name[SYSCALL_NAME_MAX];
	struct nr_result r;
};

static void add_decoded_rule(struct policy *p, const struct decoded *dc,
			     uint32_t arch, const struct action *def)
{
	const struct nr_result *r = &dc->r;
	struct policy_rule *rule;
	struct arg_cond c;

	if (r->unresolved && !r->conditional && action_allows(&r->act)) {
		/*
		 * Allowed with zero arguments, but the arguments it reads
		 * were not all probed: never an unconditional allow.  Say
		 * "allowed when the first argument read is 0" and denied
		 * otherwise, so that lookups answer CONDITIONAL.
		 */
		struct action deny = action_allows(def) ?
			(struct action){ ACTION_KILL_PROCESS, 0 } : *def;
		unsigned w;

		memset(&c, 0, sizeof(c));
		for (w = 4; w < NWORDS; w++)
			if (r->reads & (1u << w))
				break;
		c.index = w < NWORDS ? (w - 4) / 2 : 0;
		c.op = ARG_EQ;
		c.value = 0;
		policy_add_rule(p, dc->name, arch, deny);
		rule = policy_add_rule(p, dc->name, arch, r->act);
		policy_rule_add_cond(rule, &c);
		return;
	}
	if (!r->conditional) {
		policy_add_rule(p, dc->name, arch, r->act);
		return;
	}
	/*
	 * Conditional: the unconditional rule says what zero arguments get,
	 * the conditional one what the witness got.  policy_lookup() then
	 * says CONDITIONAL when one of them allows.
	 */
	memset(&c, 0, sizeof(c));
	c.index = r->witness_index > 5 ? 0 : r->witness_index;
	c.op = ARG_EQ;
	if (action_allows(&r->act) && !action_allows(&r->other)) {
		/* allowed with zero arguments, denied with the witness */
		c.value = 0;
		policy_add_rule(p, dc->name, arch, r->other);
		rule = policy_add_rule(p, dc->name, arch, r->act);
	} else {
		c.value = r->witness_value;
		policy_add_rule(p, dc->name, arch, r->act);
		rule = policy_add_rule(p, dc->name, arch, r->other);
	}
	policy_rule_add_cond(rule, &c);
}

static bool decoded_same(const struct decoded *a, const struct decoded *b)
{
	return action_eq(&a->r.act, &b->r.act) &&
	       a->r.conditional == b->r.conditional &&
	       a->r.unresolved == b->r.unresolved &&
	       (!a->r.conditional || action_eq(&a->r.other, &b->r.other));
}

static int cmp_decoded(const void *x, const void *y)
{
	const struct decoded *a = x, *b = y;
	int c = strcmp(a->name, b->name);

	if (c)
		return c;
	return a->arch < b->arch ? -1 : a->arch > b->arch;
}

int bpf_decode(const struct bpf_prog *progs, size_t nprogs, struct policy *p,
	       char *err, size_t errlen)
{
	const uint32_t *tokens;
	size_t ntokens = arch_all(&tokens), t, b, i, j;
	struct probe_values pv = { NULL, 0, 0 };
	struct decoded *dec = NULL;
	size_t ndec = 0, adec = 0;
	struct action def = { ACTION_NONE, 0 };
	bool have_def = false;
	struct decode_budget budget = { 0, DECODE_STEP_BUDGET, 0, 0 };
	int ret = -1;

	for (i = 0; i < nprogs; i++)
		if (bpf_validate(progs[i].insns, progs[i].len, err, errlen))
			goto out;
	probe_collect(&pv, progs, nprogs);
	for (t = 0; t < ntokens; t++) {
		uint32_t arch = tokens[t];
		struct nr_result first = { 0 }, r;
		bool uniform = true, any = false;

		for (b = 0; b < ARRAY_SIZE(nr_bases); b++) {
			if (!arch_has_base(arch, nr_bases[b]))
				continue;
			for (i = 0; i < NR_SPAN; i++) {
				uint32_t nr = nr_bases[b] + (uint32_t)i;

				run_nr(progs, nprogs, arch, nr, NULL, NULL, &r);
				if (!any)
					first = r;
				else if (!action_eq(&r.act, &first.act))
					uniform = false;
				any = true;
			}
		}
		if (!any || (uniform && !action_allows(&first.act)))
			continue; /* the arch is not admitted */
		p->arches = xrealloc(p->arches,
				     (p->narches + 1) * sizeof(*p->arches));
		p->arches[p->narches++] = arch;
		/* The default: what a number nobody assigned gets. */
		if (!have_def) {
			uint32_t unassigned = main_base(arch) + 0x3ff0;

			run_nr(progs, nprogs, arch, unassigned, NULL, NULL,
			       &r);
			def = r.act;
			have_def = true;
		}
		for (b = 0; b < ARRAY_SIZE(nr_bases); b++) {
			if (!arch_has_base(arch, nr_bases[b]))
				continue;
			for (i = 0; i < NR_SPAN; i++) {
				uint32_t nr = nr_bases[b] + (uint32_t)i;
				char name[SYSCALL_NAME_MAX];

				run_nr(progs, nprogs, arch, nr, &pv, &budget,
			       &r);
				syscall_name(arch, (int)nr, name);
				if (!r.conditional &&
				    !(r.unresolved && action_allows(&r.act)) &&
				    action_eq(&r.act, &def))
					continue;
				/* unnamed numbers only when they differ */
				dec = xgrow(dec, sizeof(*dec), ndec + 1, &adec);
				dec[ndec].arch = arch;
				snprintf(dec[ndec].name, sizeof(dec[ndec].name),
					 "%s", name);
				dec[ndec].r = r;
				ndec++;
			}
		}
	}
	p->default_action = have_def ? def :
		(struct action){ ACTION_KILL_PROCESS, 0 };
	if (budget.unresolved)
		warning("%s: argument probing was cut short for %zu syscall "
			"number(s) (%lu runs in all): those allowed with zero "
			"arguments are decoded as conditional, not as allowed",
			p->source ? p->source : "bpf", budget.unresolved,
			budget.runs);
	bpf_decode_runs = budget.runs;
	bpf_decode_unresolved = budget.unresolved;
	/*
	 * One rule per name when every admitted arch that has the name
	 * agrees (the usual case); per-arch rules otherwise.  Names present
	 * on an admitted arch with the default result break agreement too.
	 */
	if (ndec)
		qsort(dec, ndec, sizeof(*dec), cmp_decoded);
	for (i = 0; i < ndec; i = j) {
		bool same = true;
		size_t k, narch_with = 0;

		for (j = i + 1; j < ndec && !strcmp(dec[j].name, dec[i].name);
		     j++)
			if (!decoded_same(&dec[i], &dec[j]))
				same = false;
		for (k = 0; k < p->narches; k++)
			if (syscall_resolve_name(p->arches[k],
						 dec[i].name) >= 0)
				narch_with++;
		if (same && (j - i) >= narch_with) {
			add_decoded_rule(p, &dec[i], 0, &def);
			continue;
		}
		for (k = i; k < j; k++)
			add_decoded_rule(p, &dec[k], dec[k].arch, &def);
	}
	ret = 0;
out:
	free(pv.v);
	free(dec);
	return ret;
}
