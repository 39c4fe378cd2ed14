/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach-int.h - what the parts of the static-reach scanner share, private
 * to analyzer/reach*.c (the public interface is in analyzer/reach.h):
 *
 *  - reach-elf.c reads one ELF file with libelf: build-id, DT_NEEDED and
 *    search paths, dynamic symbols with their versions, code sections and
 *    the GOT slots of imported functions;
 *  - reach-x86.c disassembles the code with Capstone and computes a
 *    function-level summary: per function the syscalls its own body makes,
 *    its calls, tail calls and imports, and whether it is a syscall()-like
 *    wrapper whose number comes from an argument;
 *  - reach-sum.c turns that into per-export summaries (what each exported
 *    function reaches, directly or through the call graph), reads and
 *    writes them as JSON in the machine-wide cache;
 *  - reach.c resolves a program's imports in ld.so's order and writes the
 *    result.
 */
#ifndef SYSCENSUS_REACH_INT_H
#define SYSCENSUS_REACH_INT_H

#include <gelf.h>
#include <libelf.h>

#include "analyzer/reach.h"

/* Syscall numbers are kept in bitsets: x86_64 and i386 are below 512. */
#define RNR_MAX 512
#define RSET_WORDS (RNR_MAX / 64)
/* In sets of numbers, an int 0x80 (i386) number is nr | RNR_I386. */
#define RNR_I386 0x10000

struct relf_sym {
	char *name;
	const char *version; /* NULL: unversioned (points into relf) */
	bool hidden;         /* a non-default version (name@VER, not @@) */
	bool defined;
	unsigned char type, bind;
	uint64_t value, size;
};

struct relf_code {
	uint64_t addr;
	size_t size;
	const uint8_t *data;
	char *name;
};

struct relf_got {
	uint64_t addr;
	int32_t sym; /* dynsym index; -1 for an IRELATIVE (ifunc) slot */
};

struct relf {
	char *path;
	int fd;
	Elf *elf;
	uint16_t machine;
	bool dynamic; /* has PT_DYNAMIC */
	bool pie;     /* ET_DYN */
	uint64_t entry;
	char build_id[129]; /* hex, "" when none */
	char *soname;
	char **needed;
	size_t nneeded;
	char *runpath, *rpath; /* colon lists, NULL when absent */
	char *interp;          /* PT_INTERP, NULL when absent */
	struct relf_sym *dynsyms;
	size_t ndynsyms;
	struct relf_sym *syms; /* .symtab functions (absent when stripped) */
	size_t nsyms;
	char **owned; /* names rewritten to valid UTF-8, freed with e */
	size_t nowned, aowned;
	struct relf_code *code;
	size_t ncode;
	struct relf_got *got; /* sorted by addr */
	size_t ngot;
	Elf_Data *eh_frame; /* NULL when absent */
	uint64_t eh_frame_addr;
	/* what runs without being called: DT_INIT, DT_FINI and the entries
	 * of the init/fini arrays */
	uint64_t *roots;
	size_t nroots, aroots;
	/* imports whose address is stored in data (R_X86_64_64): function
	 * pointer tables such as SQLite's aSyscall[] */
	int32_t *taken;
	size_t ntaken, ataken;
};

/* Open and read path; 0, or -1 after error() naming the file. */
int relf_open(struct relf *e, const char *path);
void relf_release(struct relf *e);
/* The GOT entry at addr, or NULL. */
const struct relf_got *relf_got_find(const struct relf *e, uint64_t addr);

/* ------------------------------------------------------------ analysis */

/* RS_REGIN: the value register v had when the block was entered,
 * resolved once the whole function is seen (reach-x86.c). */
enum rstate_kind { RS_UNKNOWN = 0, RS_CONST, RS_ARG, RS_REGIN };
struct rstate {
	uint8_t kind;
	int64_t v; /* the constant, or the argument index (0 = rdi) */
};

enum rtarget_kind { RT_NONE = 0, RT_FUNC, RT_IMPORT };

struct rcall {
	uint64_t addr;
	uint8_t target_kind; /* RT_FUNC: index into funcs, RT_IMPORT: dynsym */
	bool tail;           /* a jmp, not a call */
	int32_t target;
	struct rstate args[6]; /* rdi, rsi, rdx, rcx, r8, r9 at the call */
};

struct rsite {
	uint64_t addr;
	int32_t nr;   /* | RNR_I386 for int 0x80; -1: not constant */
	int32_t call; /* the wrapper call it came from (index), -1: insn */
};

struct rfunc {
	uint64_t start, end;
	const char *name; /* symbol, or NULL */
	uint64_t own[RSET_WORDS], own32[RSET_WORDS];
	struct rsite *sites;
	size_t nsites, asites;
	struct rcall *calls;
	size_t ncalls, acalls;
	uint32_t wrap;     /* bit i: the number comes from argument i */
	uint32_t indirect; /* indirect calls (through registers/memory) */
	uint32_t nonconst; /* syscall sites with a number not resolved */
	uint64_t nonconst_addr;
};

struct rprog {
	struct rfunc *funcs; /* sorted by start */
	size_t nfuncs;
	/* dynsyms whose GOT slot code reads as data (mov/lea, not a call):
	 * an imported function's address taken */
	int32_t *taken;
	size_t ntaken, ataken;
};

/* Disassemble e's code and build the function graph; 0 or -1. */
int rx86_analyse(const struct relf *e, struct rprog *p);
void rprog_release(struct rprog *p);
/* The function containing addr, or -1. */
ssize_t rprog_func_at(const struct rprog *p, uint64_t addr);

/* ------------------------------------------------------------ summaries */

/* A set of ints, sorted, deduplicated (syscall numbers, import indices). */
struct iset {
	int32_t *v;
	size_t n, alloc;
};
void iset_add(struct iset *s, int32_t x);
void iset_finish(struct iset *s); /* sort and dedupe */
void iset_release(struct iset *s);

/* The sets point into the summary's shared table (rsum.sets): most
 * exports of a library reach one of a few hundred distinct sets. */
struct rexport {
	char *name;
	char *version; /* NULL: unversioned */
	bool hidden;
	const struct iset *direct;   /* own body, tail calls, wrapper calls */
	const struct iset *all;      /* everything reachable in the library */
	const struct iset *dimports; /* imports reached through tail calls */
	const struct iset *aimports; /* imports reached at all */
	const struct iset *pairs;    /* import * 1024 + nr: syscall(nr) of
				      * an imported wrapper */
	uint32_t wrap;
	uint32_t nonconst, indirect;
	uint64_t nonconst_addr;
};

struct rimport {
	char *name, *version;
};

struct rsum {
	char *build_id;
	char *soname;
	struct rimport *imports;
	size_t nimports;
	struct rexport *exports; /* sorted by name */
	size_t nexports;
	const struct iset *every; /* every function's own syscalls (the
				   * loader's start-up reach) */
	struct iset *sets;        /* the distinct sets, shared */
	size_t nsets;
};

/* The pseudo-export standing for what runs when a library is loaded
 * (initialisers, finalisers) and the imports whose address it takes. */
#define REXPORT_LOAD "<load>"

/* Summarise a library from its analysis. */
void rsum_build(struct rsum *s, const struct relf *e, const struct rprog *p);
void rsum_release(struct rsum *s);
/* JSON text of s (caller frees), and back: 0 or -1 (bad input). */
char *rsum_to_json(const struct rsum *s);
int rsum_from_json(struct rsum *s, const char *text);
/* The export name@version (version NULL: the default one), or NULL. */
const struct rexport *rsum_find(const struct rsum *s, const char *name,
				const char *version);

/* The cache directory ($XDG_CACHE_HOME/syscensus, ~/.cache/syscensus),
 * created 0700; caller frees; NULL when there is no usable one. */
char *rcache_dir(void);
/* Read the cached summary of build_id (caller frees), NULL if none. */
char *rcache_read(const char *build_id);
/* Store one atomically (temp file + rename, 0600); 0 or -1. */
int rcache_write(const char *build_id, const char *json);

#endif
