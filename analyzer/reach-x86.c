/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach-x86.c - the x86_64 half of static reach: disassemble an ELF's code
 * with Capstone and build a function-level call graph with, per function,
 * the syscall sites its own body holds.
 *
 * Method (after sysfilter and B-Side, written for this project):
 *  - one linear sweep over each code section, kept as compact records
 *    (what each instruction does to the general registers, its branch
 *    target); function starts are the symbols, the .eh_frame FDEs (every
 *    function of stripped code has one; read through libdw), the entry
 *    point and every direct call target; a function runs up to the next
 *    start;
 *  - a forward walk per basic block tracks, for each register, a constant,
 *    "argument i as the function received it", or unknown; the number of
 *    a `syscall` / `int 0x80` is the value of eax there (a backward slice
 *    within the block, computed forwards);
 *  - a `syscall` whose number comes from an argument makes the function a
 *    *wrapper* (libc's syscall(), the cancellable helpers of newer glibc);
 *    a call to a wrapper with a constant in that argument is a syscall of
 *    the caller (resolved at the call site, as B-Side does);
 *  - calls through PLT stubs and GOT slots are calls to imports (resolved
 *    to a library later); other indirect calls are counted, never guessed.
 */
#include "config.h"

#include <capstone/capstone.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_LIBDW
#include <elfutils/libdw.h>
#endif

#include "analyzer/reach-int.h"

enum {
	K_OTHER, K_MOVI, K_MOVR, K_ZERO, K_SYSCALL, K_INT80,
	K_CALL, K_CALLM, K_CALLI, K_JMP, K_JMPM, K_JMPI, K_JCC, K_RET,
	K_PAD, K_GAP,
};

/* One decoded instruction, as much as the analysis needs. */
struct rins {
	uint64_t addr;
	uint64_t val;   /* immediate, or branch target, or GOT slot */
	uint16_t wmask; /* general registers written (K_OTHER) */
	uint8_t kind, dst, src, size;
	bool ripref;    /* K_OTHER reading [rip + disp]: val is the address */
};

enum { R_AX, R_CX, R_DX, R_BX, R_SP, R_BP, R_SI, R_DI, R_8, R_9, R_10,
       R_11 };
static const uint8_t arg_regs[6] = { R_DI, R_SI, R_DX, R_CX, R_8, R_9 };
#define CALLER_SAVED ((1u << R_AX) | (1u << R_CX) | (1u << R_DX) | \
		      (1u << R_SI) | (1u << R_DI) | (1u << R_8) | \
		      (1u << R_9) | (1u << R_10) | (1u << R_11))

/* The general register x86_reg is part of (0..15) and its width in bits;
 * -1 for anything else. */
static int reg_index(unsigned r, int *width)
{
#define R4(i, q, d, w, b) \
	case X86_REG_##q: *width = 64; return i; \
	case X86_REG_##d: *width = 32; return i; \
	case X86_REG_##w: *width = 16; return i; \
	case X86_REG_##b: *width = 8; return i;
	switch (r) {
	R4(0, RAX, EAX, AX, AL)
	R4(1, RCX, ECX, CX, CL)
	R4(2, RDX, EDX, DX, DL)
	R4(3, RBX, EBX, BX, BL)
	R4(4, RSP, ESP, SP, SPL)
	R4(5, RBP, EBP, BP, BPL)
	R4(6, RSI, ESI, SI, SIL)
	R4(7, RDI, EDI, DI, DIL)
	R4(8, R8, R8D, R8W, R8B)
	R4(9, R9, R9D, R9W, R9B)
	R4(10, R10, R10D, R10W, R10B)
	R4(11, R11, R11D, R11W, R11B)
	R4(12, R12, R12D, R12W, R12B)
	R4(13, R13, R13D, R13W, R13B)
	R4(14, R14, R14D, R14W, R14B)
	R4(15, R15, R15D, R15W, R15B)
	case X86_REG_AH: *width = 8; return 0;
	case X86_REG_CH: *width = 8; return 1;
	case X86_REG_DH: *width = 8; return 2;
	case X86_REG_BH: *width = 8; return 3;
	default:
		return -1;
	}
#undef R4
}

static uint16_t written_mask(csh h, const cs_insn *in)
{
	cs_regs rd, wr;
	uint8_t nrd = 0, nwr = 0, i;
	uint16_t m = 0;

	if (cs_regs_access(h, in, rd, &nrd, wr, &nwr) != CS_ERR_OK)
		return 0xffff;
	for (i = 0; i < nwr; i++) {
		int w, r = reg_index(wr[i], &w);

		if (r >= 0)
			m |= (uint16_t)(1u << r);
	}
	return m;
}

/* A branch's target: K_x (immediate), K_xM (through a RIP-relative memory
 * slot) or K_xI (anything else). */
static uint8_t branch_kind(const cs_insn *in, uint8_t k, uint64_t *val)
{
	const cs_x86 *x = &in->detail->x86;

	if (x->op_count >= 1 && x->operands[0].type == X86_OP_IMM) {
		*val = (uint64_t)x->operands[0].imm;
		return k;
	}
	if (x->op_count >= 1 && x->operands[0].type == X86_OP_MEM &&
	    x->operands[0].mem.base == X86_REG_RIP &&
	    x->operands[0].mem.index == X86_REG_INVALID) {
		*val = in->address + in->size +
		       (uint64_t)x->operands[0].mem.disp;
		return (uint8_t)(k + 1);
	}
	return (uint8_t)(k + 2);
}

static void decode(csh h, const cs_insn *in, struct rins *r)
{
	const cs_x86 *x = &in->detail->x86;
	int w0, w1, r0, r1;

	r->addr = in->address;
	r->size = (uint8_t)in->size;
	r->kind = K_OTHER;
	r->val = 0;
	r->wmask = 0;
	r->ripref = false;
	switch (in->id) {
	case X86_INS_SYSCALL:
		r->kind = K_SYSCALL;
		return;
	case X86_INS_INT:
		if (x->op_count == 1 && x->operands[0].type == X86_OP_IMM &&
		    x->operands[0].imm == 0x80) {
			r->kind = K_INT80;
			return;
		}
		break;
	case X86_INS_CALL:
		r->kind = branch_kind(in, K_CALL, &r->val);
		return;
	case X86_INS_JMP:
		r->kind = branch_kind(in, K_JMP, &r->val);
		return;
	case X86_INS_RET:
	case X86_INS_RETF:
	case X86_INS_HLT:
	case X86_INS_UD2:
		r->kind = K_RET;
		return;
	case X86_INS_NOP:
	case X86_INS_INT3:
		r->kind = K_PAD;
		return;
	case X86_INS_MOV:
	case X86_INS_MOVABS:
		if (x->op_count != 2 || x->operands[0].type != X86_OP_REG)
			break;
		r0 = reg_index(x->operands[0].reg, &w0);
		if (r0 < 0 || w0 < 32)
			break;
		if (x->operands[1].type == X86_OP_IMM) {
			r->kind = K_MOVI;
			r->dst = (uint8_t)r0;
			r->val = (uint64_t)x->operands[1].imm;
			if (w0 == 32)
				r->val &= 0xffffffffu;
			return;
		}
		if (x->operands[1].type == X86_OP_REG) {
			r1 = reg_index(x->operands[1].reg, &w1);
			if (r1 < 0 || w1 != w0)
				break;
			r->kind = K_MOVR;
			r->dst = (uint8_t)r0;
			r->src = (uint8_t)r1;
			return;
		}
		break;
	case X86_INS_XOR:
		if (x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
		    x->operands[1].type == X86_OP_REG &&
		    x->operands[0].reg == x->operands[1].reg) {
			r0 = reg_index(x->operands[0].reg, &w0);
			if (r0 >= 0 && w0 >= 32) {
				r->kind = K_ZERO;
				r->dst = (uint8_t)r0;
				return;
			}
		}
		break;
	default:
		if (cs_insn_group(h, in, CS_GRP_JUMP)) {
			uint8_t k = branch_kind(in, K_JCC, &r->val);

			/* Conditional jumps always have an immediate. */
			r->kind = k == K_JCC ? K_JCC : K_OTHER;
			return;
		}
		break;
	}
	r->ripref = false;
	for (int i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_MEM &&
		    x->operands[i].mem.base == X86_REG_RIP &&
		    x->operands[i].mem.index == X86_REG_INVALID) {
			r->ripref = true;
			r->val = in->address + in->size +
				 (uint64_t)x->operands[i].mem.disp;
		}
	r->wmask = written_mask(h, in);
}

/* ------------------------------------------------------------ helpers */

struct u64vec {
	uint64_t *v;
	size_t n, alloc;
};

static void u64_push(struct u64vec *s, uint64_t x)
{
	s->v = xgrow(s->v, sizeof(*s->v), s->n + 1, &s->alloc);
	s->v[s->n++] = x;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void u64_sort_uniq(struct u64vec *s)
{
	size_t i, j = 0;

	if (!s->n)
		return;
	qsort(s->v, s->n, sizeof(*s->v), u64_cmp);
	for (i = 1; i < s->n; i++)
		if (s->v[i] != s->v[j])
			s->v[++j] = s->v[i];
	s->n = j + 1;
}

struct stub {
	uint64_t start, end; /* [start, end) */
	int32_t sym;
};

static int stub_cmp(const void *a, const void *b)
{
	const struct stub *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int32_t stub_find(const struct stub *s, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (addr < s[mid].start)
			hi = mid;
		else if (addr >= s[mid].end)
			lo = mid + 1;
		else
			return s[mid].sym;
	}
	return -1;
}

static const struct relf_code *code_at(const struct relf *e, uint64_t addr)
{
	size_t i;

	for (i = 0; i < e->ncode; i++)
		if (addr >= e->code[i].addr &&
		    addr - e->code[i].addr < e->code[i].size)
			return &e->code[i];
	return NULL;
}

static bool is_plt(const struct relf_code *c)
{
	return !strncmp(c->name, ".plt", 4) || !strcmp(c->name, ".iplt");
}

ssize_t rprog_func_at(const struct rprog *p, uint64_t addr)
{
	size_t lo = 0, hi = p->nfuncs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (addr < p->funcs[mid].start)
			hi = mid;
		else if (addr >= p->funcs[mid].end)
			lo = mid + 1;
		else
			return (ssize_t)mid;
	}
	return -1;
}

static void add_site(struct rfunc *f, uint64_t addr, int32_t nr, int32_t call)
{
	f->sites = xgrow(f->sites, sizeof(*f->sites), f->nsites + 1,
			 &f->asites);
	f->sites[f->nsites].addr = addr;
	f->sites[f->nsites].nr = nr;
	f->sites[f->nsites].call = call;
	f->nsites++;
}

static void add_nonconst(struct rfunc *f, uint64_t addr)
{
	if (!f->nonconst++)
		f->nonconst_addr = addr;
}

/* ----------------------------------------------------------- analysis */

struct sweep {
	struct rins *ins;
	size_t nins, ains;
	struct u64vec starts, targets;
	struct stub *stubs;
	size_t nstubs, astubs;
};

static int code_cmp(const void *a, const void *b)
{
	const struct relf_code *const *x = a, *const *y = b;

	return (*x)->addr < (*y)->addr ? -1 : (*x)->addr > (*y)->addr;
}

/* Pass 1: every code section, linearly, into compact records. */
static int sweep_code(const struct relf *e, struct sweep *sw)
{
	const struct relf_code **order;
	cs_insn *in;
	csh h;
	size_t i;

	if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK)
		return error("cannot start the Capstone disassembler");
	cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
	in = cs_malloc(h);
	order = xcalloc(e->ncode, sizeof(*order));
	for (i = 0; i < e->ncode; i++)
		order[i] = &e->code[i];
	qsort(order, e->ncode, sizeof(*order), code_cmp);
	for (i = 0; i < e->ncode; i++) {
		const struct relf_code *c = order[i];
		const uint8_t *p = c->data;
		size_t left = c->size;
		uint64_t addr = c->addr, stub_start = c->addr;
		bool plt = is_plt(c);

		if (!plt)
			u64_push(&sw->starts, c->addr);
		while (left) {
			struct rins *r;

			sw->ins = xgrow(sw->ins, sizeof(*sw->ins), sw->nins + 1,
					&sw->ains);
			r = &sw->ins[sw->nins];
			if (!cs_disasm_iter(h, &p, &left, &addr, in)) {
				/* Not code (data, padding): resync a byte on. */
				memset(r, 0, sizeof(*r));
				r->addr = addr;
				r->kind = K_GAP;
				r->size = 1;
				sw->nins++;
				p++;
				left--;
				addr++;
				continue;
			}
			decode(h, in, r);
			sw->nins++;
			if (r->kind == K_CALL && !plt)
				u64_push(&sw->starts, r->val);
			if (r->kind == K_JMP || r->kind == K_JCC)
				u64_push(&sw->targets, r->val);
			if (!plt)
				continue;
			if (r->kind == K_PAD && stub_start == r->addr) {
				stub_start = addr;
			} else if (r->kind == K_JMPM) {
				const struct relf_got *g = relf_got_find(e, r->val);

				if (g && g->sym >= 0) {
					sw->stubs = xgrow(sw->stubs,
							  sizeof(*sw->stubs),
							  sw->nstubs + 1,
							  &sw->astubs);
					sw->stubs[sw->nstubs].start = stub_start;
					sw->stubs[sw->nstubs].end = addr;
					sw->stubs[sw->nstubs].sym = g->sym;
					sw->nstubs++;
				}
				stub_start = addr;
			} else if (r->kind == K_JMP || r->kind == K_JMPI ||
				   r->kind == K_RET) {
				stub_start = addr;
			}
		}
	}
	free(order);
	cs_free(in, 1);
	cs_close(&h);
	if (sw->nstubs)
		qsort(sw->stubs, sw->nstubs, sizeof(*sw->stubs), stub_cmp);
	return 0;
}

/* Read a pointer of DWARF encoding enc at p (field address pc); false
 * for encodings compilers do not use in .eh_frame. */
static bool read_encoded(uint8_t enc, const uint8_t *p, const uint8_t *end,
			 uint64_t pc, uint64_t *out, size_t *len)
{
	uint64_t v;

	switch (enc & 0x0f) {
	case 0x00: /* absptr */
	case 0x04: /* udata8 */
	case 0x0c: /* sdata8 */
		if (end - p < 8)
			return false;
		memcpy(&v, p, 8);
		*len = 8;
		break;
	case 0x03: { /* udata4 */
		uint32_t u;

		if (end - p < 4)
			return false;
		memcpy(&u, p, 4);
		v = u;
		*len = 4;
		break;
	}
	case 0x0b: { /* sdata4 */
		int32_t sv;

		if (end - p < 4)
			return false;
		memcpy(&sv, p, 4);
		v = (uint64_t)(int64_t)sv;
		*len = 4;
		break;
	}
	default:
		return false;
	}
	if ((enc & 0x70) == 0x10) /* pcrel */
		v += pc;
	else if ((enc & 0x70) != 0)
		return false;
	*out = v;
	return true;
}

/* The FDE pointer encoding a CIE declares ('R' in its augmentation). */
static int cie_encoding(const Dwarf_CIE *cie)
{
	const char *a = cie->augmentation;
	const uint8_t *d = cie->augmentation_data;
	const uint8_t *end = d ? d + cie->augmentation_data_size : NULL;

	if (!a || a[0] != 'z')
		return 0x00;
	for (a++; *a && d && d < end; a++) {
		uint64_t dummy;
		size_t len;

		switch (*a) {
		case 'R':
			return *d;
		case 'L':
			d++;
			break;
		case 'P':
			if (!read_encoded(d[0], d + 1, end, 0, &dummy, &len))
				return -1;
			d += 1 + len;
			break;
		case 'S':
		case 'B':
			break;
		default:
			return -1;
		}
	}
	return 0x00;
}

/* Function starts from .eh_frame: every function (also static ones in
 * stripped libraries) has an FDE giving its start. */
static void fde_starts(const struct relf *e, struct sweep *sw)
{
#ifdef HAVE_LIBDW
	const unsigned char *ident = (const unsigned char *)elf_getident(
		e->elf, NULL);
	struct { Dwarf_Off off; int enc; } cies[64];
	size_t ncies = 0, i;
	Dwarf_Off off = 0, next;
	const Elf_Data *d = e->eh_frame;

	if (!d || !ident)
		return;
	for (; off < d->d_size; off = next) {
		Dwarf_CFI_Entry ent;
		const uint8_t *base = d->d_buf;
		uint64_t start;
		size_t len;
		int enc = -1;

		if (dwarf_next_cfi(ident, (Elf_Data *)d, true, off, &next,
				   &ent) != 0 || next <= off)
			break;
		if (dwarf_cfi_cie_p(&ent)) {
			if (ncies < ARRAY_SIZE(cies)) {
				cies[ncies].off = off;
				cies[ncies].enc = cie_encoding(&ent.cie);
				ncies++;
			}
			continue;
		}
		for (i = 0; i < ncies; i++)
			if (cies[i].off == ent.fde.CIE_pointer)
				enc = cies[i].enc;
		if (enc < 0 || ent.fde.start < base ||
		    ent.fde.start >= ent.fde.end)
			continue;
		if (read_encoded((uint8_t)enc, ent.fde.start, ent.fde.end,
				 e->eh_frame_addr +
					 (uint64_t)(ent.fde.start - base),
				 &start, &len))
			u64_push(&sw->starts, start);
	}
#else
	(void)e;
	(void)sw;
#endif
}

static void build_funcs(const struct relf *e, struct sweep *sw,
			struct rprog *p)
{
	size_t i, n = 0;

	for (i = 0; i < e->ndynsyms; i++) {
		const struct relf_sym *s = &e->dynsyms[i];

		if (s->defined && (s->type == STT_FUNC ||
				   s->type == STT_GNU_IFUNC))
			u64_push(&sw->starts, s->value);
	}
	for (i = 0; i < e->nsyms; i++)
		u64_push(&sw->starts, e->syms[i].value);
	for (i = 0; i < e->nroots; i++)
		u64_push(&sw->starts, e->roots[i]);
	u64_push(&sw->starts, e->entry);
	u64_sort_uniq(&sw->starts);
	u64_sort_uniq(&sw->targets);

	p->funcs = xcalloc(sw->starts.n ? sw->starts.n : 1, sizeof(*p->funcs));
	for (i = 0; i < sw->starts.n; i++) {
		uint64_t s = sw->starts.v[i], end;
		const struct relf_code *c = code_at(e, s);

		if (!c || is_plt(c))
			continue;
		end = c->addr + c->size;
		if (i + 1 < sw->starts.n && sw->starts.v[i + 1] < end)
			end = sw->starts.v[i + 1];
		p->funcs[n].start = s;
		p->funcs[n].end = end;
		n++;
	}
	p->nfuncs = n;

	/* Names: .symtab first (it has the local functions), then dynsym. */
	for (i = 0; i < e->nsyms + e->ndynsyms; i++) {
		const struct relf_sym *s = i < e->nsyms ? &e->syms[i] :
					   &e->dynsyms[i - e->nsyms];
		ssize_t f;

		if (!s->defined || !*s->name || (s->type != STT_FUNC &&
						 s->type != STT_GNU_IFUNC))
			continue;
		f = rprog_func_at(p, s->value);
		if (f >= 0 && p->funcs[f].start == s->value &&
		    !p->funcs[f].name)
			p->funcs[f].name = s->name;
	}
}

/*
 * What the walk knows about the function being walked, to resolve values
 * that cross blocks (a constant hoisted out of a loop, an argument kept
 * through a branch): a register written exactly once in the whole
 * function, by a constant, and never clobbered by a call, holds that
 * constant wherever it is read; one never written holds what the function
 * received.  Compilers never read a register before writing it.
 */
#define FW_MAXVALS 4
struct fwalk {
	unsigned defs[16];
	bool notconst[16], clob[16];
	/* the constants a register is given, when every write is one */
	int64_t vals[16][FW_MAXVALS];
	unsigned nvals[16];
	struct pending {
		uint64_t addr;
		uint8_t reg;
		bool i386;
	} *pend;
	size_t npend, apend;
	size_t first_call; /* the calls of this function start there */
};

static void reset_state(struct rstate *st, bool entry)
{
	size_t i;

	for (i = 0; i < 16; i++) {
		st[i].kind = RS_REGIN;
		st[i].v = (int64_t)i;
	}
	if (!entry)
		return;
	for (i = 0; i < 6; i++) {
		st[arg_regs[i]].kind = RS_ARG;
		st[arg_regs[i]].v = (int64_t)i;
	}
}

static int arg_index(unsigned reg)
{
	int i;

	for (i = 0; i < 6; i++)
		if (arg_regs[i] == reg)
			return i;
	return -1;
}

/* The value of a RS_REGIN state once the function is known: when the
 * register has several constant writes, *extra gets the other values. */
static void resolve_regin(const struct fwalk *fw, struct rstate *s,
			  int64_t *extra, unsigned *nextra)
{
	unsigned r, i;

	if (nextra)
		*nextra = 0;
	if (s->kind != RS_REGIN)
		return;
	r = (unsigned)s->v;
	if (fw->clob[r] || fw->notconst[r]) {
		s->kind = RS_UNKNOWN;
	} else if (fw->defs[r] == 1 || (fw->nvals[r] > 1 && nextra)) {
		s->kind = RS_CONST;
		s->v = fw->vals[r][0];
		for (i = 1; i < fw->nvals[r]; i++)
			extra[(*nextra)++] = fw->vals[r][i];
	} else if (fw->defs[r] == 0 && arg_index(r) >= 0) {
		s->kind = RS_ARG;
		s->v = arg_index(r);
	} else {
		s->kind = RS_UNKNOWN;
	}
}

static void def_reg(struct fwalk *fw, unsigned r, bool isconst, int64_t v)
{
	unsigned i;

	fw->defs[r]++;
	if (!isconst) {
		fw->notconst[r] = true;
		return;
	}
	for (i = 0; i < fw->nvals[r]; i++)
		if (fw->vals[r][i] == v)
			return;
	if (fw->nvals[r] == FW_MAXVALS)
		fw->notconst[r] = true;
	else
		fw->vals[r][fw->nvals[r]++] = v;
}

static void clobber(struct rstate *st, struct fwalk *fw, unsigned mask,
		    bool by_call)
{
	unsigned i;

	for (i = 0; i < 16; i++)
		if (mask & (1u << i)) {
			st[i].kind = RS_UNKNOWN;
			/* A call or syscall leaves garbage in the other
			 * caller-saved registers, which no compiler reads
			 * before writing: only its results are values. */
			if (!by_call || i == R_AX || i == R_DX)
				def_reg(fw, i, false, 0);
		}
}

static void syscall_site(struct rfunc *f, struct fwalk *fw,
			 const struct rstate *ax, uint64_t addr, bool i386)
{
	if (ax->kind == RS_CONST && ax->v >= 0 && ax->v < RNR_MAX)
		add_site(f, addr, (int32_t)ax->v | (i386 ? RNR_I386 : 0), -1);
	else if (ax->kind == RS_ARG)
		f->wrap |= 1u << ax->v;
	else if (ax->kind == RS_REGIN) {
		fw->pend = xgrow(fw->pend, sizeof(*fw->pend), fw->npend + 1,
				 &fw->apend);
		fw->pend[fw->npend].addr = addr;
		fw->pend[fw->npend].reg = (uint8_t)ax->v;
		fw->pend[fw->npend].i386 = i386;
		fw->npend++;
	} else
		add_nonconst(f, addr);
}

/* The function is walked: settle what waited for it. */
static void finish_func(struct rfunc *f, struct fwalk *fw)
{
	size_t i, k;

	for (i = 0; i < fw->npend; i++) {
		struct rstate s = { RS_REGIN, fw->pend[i].reg };
		int64_t extra[FW_MAXVALS];
		unsigned nextra, x;

		resolve_regin(fw, &s, extra, &nextra);
		syscall_site(f, fw, &s, fw->pend[i].addr, fw->pend[i].i386);
		for (x = 0; x < nextra; x++) {
			s.v = extra[x];
			syscall_site(f, fw, &s, fw->pend[i].addr,
				     fw->pend[i].i386);
		}
	}
	for (i = fw->first_call; i < f->ncalls; i++)
		for (k = 0; k < 6; k++)
			resolve_regin(fw, &f->calls[i].args[k], NULL, NULL);
	free(fw->pend);
	memset(fw, 0, sizeof(*fw));
}

static void add_call(const struct relf *e, const struct rprog *p,
		     const struct sweep *sw, struct rfunc *f,
		     const struct rins *r, const struct rstate *st)
{
	struct rcall c = { .addr = r->addr, .tail = r->kind == K_JMP ||
						   r->kind == K_JMPM };
	size_t i;

	if (r->kind == K_CALLM || r->kind == K_JMPM) {
		const struct relf_got *g = relf_got_find(e, r->val);

		if (!g || g->sym < 0) {
			/* Through a data slot or an ifunc: unknown target.
			 * An indirect jmp is most often a switch: not counted. */
			if (r->kind == K_CALLM)
				f->indirect++;
			return;
		}
		c.target_kind = RT_IMPORT;
		c.target = g->sym;
	} else {
		int32_t sym = stub_find(sw->stubs, sw->nstubs, r->val);
		ssize_t t;

		if (sym >= 0) {
			c.target_kind = RT_IMPORT;
			c.target = sym;
		} else {
			t = rprog_func_at(p, r->val);
			if (t < 0 || &p->funcs[t] == f)
				return; /* a branch inside the function */
			/* Only a jump to a function's entry is a tail call;
			 * into the middle of another (a .cold part, shared
			 * code) it is reach, not the function's own body. */
			if (c.tail && p->funcs[t].start != r->val)
				c.tail = false;
			c.target_kind = RT_FUNC;
			c.target = (int32_t)t;
		}
	}
	/* A library calling its own exported function goes through its PLT
	 * (the symbol could be interposed): bind it to the definition here,
	 * as ld.so does when nothing interposes. */
	if (c.target_kind == RT_IMPORT && e->dynsyms[c.target].defined) {
		const struct relf_sym *d = &e->dynsyms[c.target];
		ssize_t t = rprog_func_at(p, d->value);

		if (t < 0)
			return;
		c.target_kind = RT_FUNC;
		c.target = (int32_t)t;
		if (c.tail && p->funcs[t].start != d->value)
			c.tail = false;
		if (&p->funcs[t] == f)
			return;
	}
	for (i = 0; i < 6; i++)
		c.args[i] = st[arg_regs[i]];
	f->calls = xgrow(f->calls, sizeof(*f->calls), f->ncalls + 1,
			 &f->acalls);
	f->calls[f->ncalls++] = c;
}

/* Pass 2: the register walk, block by block, function by function. */
static void walk(const struct relf *e, struct sweep *sw, struct rprog *p)
{
	struct rstate st[16];
	struct fwalk fw;
	size_t i, ti = 0;
	ssize_t fi = -1;
	bool block_start = true;

	memset(&fw, 0, sizeof(fw));
	for (i = 0; i < sw->nins; i++) {
		const struct rins *r = &sw->ins[i];
		struct rfunc *f;

		if (fi < 0 || r->addr < p->funcs[fi].start ||
		    r->addr >= p->funcs[fi].end) {
			if (fi >= 0)
				finish_func(&p->funcs[fi], &fw);
			fi = rprog_func_at(p, r->addr);
			if (fi >= 0)
				fw.first_call = p->funcs[fi].ncalls;
			if (fi < 0)
				continue;
			if (p->funcs[fi].start == r->addr)
				reset_state(st, true);
			else
				reset_state(st, false);
			block_start = false;
		}
		f = &p->funcs[fi];
		while (ti < sw->targets.n && sw->targets.v[ti] < r->addr)
			ti++;
		if (block_start || (ti < sw->targets.n &&
				    sw->targets.v[ti] == r->addr)) {
			if (r->addr != f->start)
				reset_state(st, false);
		}
		block_start = false;
		switch (r->kind) {
		case K_MOVI:
			st[r->dst].kind = RS_CONST;
			st[r->dst].v = (int64_t)r->val;
			def_reg(&fw, r->dst, true, (int64_t)r->val);
			break;
		case K_ZERO:
			st[r->dst].kind = RS_CONST;
			st[r->dst].v = 0;
			def_reg(&fw, r->dst, true, 0);
			break;
		case K_MOVR:
			st[r->dst] = st[r->src];
			def_reg(&fw, r->dst, false, 0);
			break;
		case K_SYSCALL:
			syscall_site(f, &fw, &st[R_AX], r->addr, false);
			clobber(st, &fw, (1u << R_AX) | (1u << R_CX) |
				(1u << R_11), true);
			break;
		case K_INT80:
			syscall_site(f, &fw, &st[R_AX], r->addr, true);
			clobber(st, &fw, 1u << R_AX, true);
			break;
		case K_CALL:
		case K_CALLM:
			add_call(e, p, sw, f, r, st);
			clobber(st, &fw, CALLER_SAVED, true);
			break;
		case K_CALLI:
			f->indirect++;
			clobber(st, &fw, CALLER_SAVED, true);
			break;
		case K_JMP:
		case K_JMPM:
			add_call(e, p, sw, f, r, st);
			block_start = true;
			break;
		case K_JMPI:
		case K_RET:
		case K_GAP:
			block_start = true;
			break;
		case K_JCC:
		case K_PAD:
			break;
		default:
			clobber(st, &fw, r->wmask, false);
			if (r->ripref) {
				/* mov/lea of a GOT slot: a function's address
				 * taken (a callback, a table) */
				const struct relf_got *g = relf_got_find(e,
									 r->val);

				if (g && g->sym >= 0 &&
				    !e->dynsyms[g->sym].defined) {
					p->taken = xgrow(p->taken,
							 sizeof(*p->taken),
							 p->ntaken + 1,
							 &p->ataken);
					p->taken[p->ntaken++] = g->sym;
				}
			}
			break;
		}
	}
	if (fi >= 0)
		finish_func(&p->funcs[fi], &fw);
	free(fw.pend);
}

/* Wrappers: fixpoint over calls passing an argument on to a wrapper, then
 * each constant passed to one is a syscall site of the caller. */
static void resolve_wrappers(struct rprog *p)
{
	bool changed = true;
	size_t i, j;
	unsigned k;

	while (changed) {
		changed = false;
		for (i = 0; i < p->nfuncs; i++) {
			struct rfunc *f = &p->funcs[i];

			for (j = 0; j < f->ncalls; j++) {
				const struct rcall *c = &f->calls[j];
				uint32_t w, before = f->wrap;

				if (c->target_kind != RT_FUNC)
					continue;
				w = p->funcs[c->target].wrap;
				for (k = 0; k < 6; k++)
					if ((w & (1u << k)) &&
					    c->args[k].kind == RS_ARG)
						f->wrap |= 1u << c->args[k].v;
				changed |= f->wrap != before;
			}
		}
	}
	for (i = 0; i < p->nfuncs; i++) {
		struct rfunc *f = &p->funcs[i];

		for (j = 0; j < f->ncalls; j++) {
			const struct rcall *c = &f->calls[j];
			uint32_t w;

			if (c->target_kind != RT_FUNC)
				continue;
			w = p->funcs[c->target].wrap;
			for (k = 0; k < 6; k++) {
				const struct rstate *a = &c->args[k];

				if (!(w & (1u << k)) || a->kind == RS_ARG)
					continue;
				if (a->kind == RS_CONST && a->v >= 0 &&
				    a->v < RNR_MAX)
					add_site(f, c->addr, (int32_t)a->v,
						 (int32_t)j);
				else
					add_nonconst(f, c->addr);
			}
		}
		for (j = 0; j < f->nsites; j++) {
			int32_t nr = f->sites[j].nr;
			uint64_t *set = nr & RNR_I386 ? f->own32 : f->own;

			nr &= ~RNR_I386;
			set[nr / 64] |= UINT64_C(1) << (nr % 64);
		}
	}
}

int rx86_analyse(const struct relf *e, struct rprog *p)
{
	struct sweep sw;

	memset(p, 0, sizeof(*p));
	memset(&sw, 0, sizeof(sw));
	if (sweep_code(e, &sw) < 0)
		return -1;
	fde_starts(e, &sw);
	build_funcs(e, &sw, p);
	walk(e, &sw, p);
	resolve_wrappers(p);
	free(sw.ins);
	free(sw.starts.v);
	free(sw.targets.v);
	free(sw.stubs);
	return 0;
}

void rprog_release(struct rprog *p)
{
	size_t i;

	for (i = 0; i < p->nfuncs; i++) {
		free(p->funcs[i].sites);
		free(p->funcs[i].calls);
	}
	free(p->funcs);
	free(p->taken);
	memset(p, 0, sizeof(*p));
}
