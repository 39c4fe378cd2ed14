/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach-elf.c - read one ELF file for the static-reach scanner with
 * libelf (elfutils): its build-id, what the dynamic linker needs to load
 * it (DT_NEEDED, DT_RUNPATH/DT_RPATH, DT_SONAME), its dynamic symbols with
 * their versions (.gnu.version, .gnu.version_d, .gnu.version_r), the
 * function symbols of .symtab when not stripped, its code sections, and
 * the GOT slots that calls to imported functions go through.
 *
 * The file is hostile input: only regular files are opened, every section
 * is bounds-checked by libelf, and anything short or malformed is an
 * error naming the file, never a crash.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "analyzer/reach-int.h"

static void add_root(struct relf *e, uint64_t addr);

/*
 * Names go into JSON (the cache, the output), which holds UTF-8 only: a
 * name that is not valid UTF-8 is rewritten once here, each bad byte as
 * \xHH, so every later use (summaries, lookups, rows) sees the same text.
 * Returns s itself when it is fine (the common case, no allocation).
 */
static const char *canon_name(struct relf *e, const char *s)
{
	const unsigned char *p;
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	if (!s)
		return NULL;
	for (p = (const unsigned char *)s; *p && *p < 0x80; p++)
		;
	if (!*p)
		return s;
	j = json_string(s);
	if (j) {
		json_decref(j);
		return s;
	}
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80 && *p != '\\')
			strbuf_addch(&sb, (char)*p);
		else
			strbuf_addf(&sb, "\\x%02x", *p);
	}
	e->owned = xgrow(e->owned, sizeof(*e->owned), e->nowned + 1,
			 &e->aowned);
	e->owned[e->nowned++] = strbuf_detach(&sb, NULL);
	return e->owned[e->nowned - 1];
}

static int got_cmp(const void *a, const void *b)
{
	const struct relf_got *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

const struct relf_got *relf_got_find(const struct relf *e, uint64_t addr)
{
	struct relf_got key = { .addr = addr };

	if (!e->ngot)
		return NULL;
	return bsearch(&key, e->got, e->ngot, sizeof(*e->got), got_cmp);
}

static void add_got(struct relf *e, size_t *alloc, uint64_t addr, int32_t sym)
{
	e->got = xgrow(e->got, sizeof(*e->got), e->ngot + 1, alloc);
	e->got[e->ngot].addr = addr;
	e->got[e->ngot].sym = sym;
	e->ngot++;
}

/* Version index -> name, from .gnu.version_d and .gnu.version_r. */
static void read_versions(struct relf *e, Elf_Scn *scn, GElf_Shdr *sh,
			  const char **names, size_t nnames)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t off = 0, i;

	if (!d)
		return;
	if (sh->sh_type == SHT_GNU_verdef) {
		for (i = 0; i < sh->sh_info && i < 65536; i++) {
			GElf_Verdef vd;
			GElf_Verdaux va;

			if (!gelf_getverdef(d, (int)off, &vd))
				return;
			if (vd.vd_ndx < nnames && !(vd.vd_flags & VER_FLG_BASE) &&
			    gelf_getverdaux(d, (int)(off + vd.vd_aux), &va))
				names[vd.vd_ndx] = elf_strptr(e->elf, sh->sh_link,
							     va.vda_name);
			if (!vd.vd_next)
				return;
			off += vd.vd_next;
		}
	} else {
		for (i = 0; i < sh->sh_info && i < 65536; i++) {
			GElf_Verneed vn;
			size_t aoff, j;

			if (!gelf_getverneed(d, (int)off, &vn))
				return;
			aoff = off + vn.vn_aux;
			for (j = 0; j < vn.vn_cnt && j < 65536; j++) {
				GElf_Vernaux va;

				if (!gelf_getvernaux(d, (int)aoff, &va))
					break;
				if (va.vna_other < nnames)
					names[va.vna_other] = elf_strptr(
						e->elf, sh->sh_link, va.vna_name);
				if (!va.vna_next)
					break;
				aoff += va.vna_next;
			}
			if (!vn.vn_next)
				return;
			off += vn.vn_next;
		}
	}
}

static int read_syms(struct relf *e, Elf_Scn *scn, GElf_Shdr *sh, bool dyn,
		     Elf_Data *versym, const char **vnames, size_t nvnames)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n, i, alloc = 0;
	struct relf_sym **out = dyn ? &e->dynsyms : &e->syms;
	size_t *nout = dyn ? &e->ndynsyms : &e->nsyms;

	if (!d || !sh->sh_entsize)
		return error("'%s': unreadable symbol table", e->path);
	n = sh->sh_size / sh->sh_entsize;
	if (dyn) {
		*out = xcalloc(n ? n : 1, sizeof(**out));
		alloc = n;
	}
	for (i = 0; i < n; i++) {
		GElf_Sym s;
		struct relf_sym *r;
		const char *name;

		if (!gelf_getsym(d, (int)i, &s))
			return error("'%s': truncated symbol table", e->path);
		name = elf_strptr(e->elf, sh->sh_link, s.st_name);
		if (!dyn) {
			/* .symtab: only the functions, for boundaries. */
			if (GELF_ST_TYPE(s.st_info) != STT_FUNC ||
			    s.st_shndx == SHN_UNDEF || !name)
				continue;
			*out = xgrow(*out, sizeof(**out), *nout + 1, &alloc);
			r = &(*out)[(*nout)++];
			memset(r, 0, sizeof(*r));
		} else {
			r = &(*out)[i];
			*nout = i + 1;
		}
		r->name = (char *)(name ? canon_name(e, name) : "");
		r->type = GELF_ST_TYPE(s.st_info);
		r->bind = GELF_ST_BIND(s.st_info);
		r->defined = s.st_shndx != SHN_UNDEF;
		r->value = s.st_value;
		r->size = s.st_size;
		if (dyn && versym) {
			GElf_Versym v;

			if (gelf_getversym(versym, (int)i, &v)) {
				size_t ndx = v & 0x7fff;

				r->hidden = (v & 0x8000) != 0;
				if (ndx >= 2 && ndx < nvnames)
					r->version = canon_name(e, vnames[ndx]);
			}
		}
	}
	return 0;
}

static void read_dynamic(struct relf *e, Elf_Scn *scn, GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n, i, alloc = 0;

	if (!d || !sh->sh_entsize)
		return;
	n = sh->sh_size / sh->sh_entsize;
	for (i = 0; i < n; i++) {
		GElf_Dyn dyn;
		const char *s;

		if (!gelf_getdyn(d, (int)i, &dyn) || dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag == DT_INIT || dyn.d_tag == DT_FINI) {
			add_root(e, dyn.d_un.d_ptr);
			continue;
		}
		if (dyn.d_tag != DT_NEEDED && dyn.d_tag != DT_SONAME &&
		    dyn.d_tag != DT_RUNPATH && dyn.d_tag != DT_RPATH)
			continue;
		s = elf_strptr(e->elf, sh->sh_link, dyn.d_un.d_val);
		if (!s)
			continue;
		switch (dyn.d_tag) {
		case DT_NEEDED:
			e->needed = xgrow(e->needed, sizeof(*e->needed),
					  e->nneeded + 1, &alloc);
			e->needed[e->nneeded++] = xstrdup(canon_name(e, s));
			break;
		case DT_SONAME:
			free(e->soname);
			e->soname = xstrdup(canon_name(e, s));
			break;
		case DT_RUNPATH:
			free(e->runpath);
			e->runpath = xstrdup(s);
			break;
		default:
			free(e->rpath);
			e->rpath = xstrdup(s);
			break;
		}
	}
}

static void read_build_id(struct relf *e, Elf_Scn *scn)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t off = 0, noff, doff;
	GElf_Nhdr nh;

	if (!d)
		return;
	while ((off = gelf_getnote(d, off, &nh, &noff, &doff)) > 0) {
		const unsigned char *p = (const unsigned char *)d->d_buf + doff;
		size_t i;

		if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 ||
		    memcmp((const char *)d->d_buf + noff, "GNU", 4) ||
		    !nh.n_descsz || nh.n_descsz > 64)
			continue;
		for (i = 0; i < nh.n_descsz; i++)
			snprintf(e->build_id + 2 * i, 3, "%02x", p[i]);
		return;
	}
}

struct arrays {
	uint64_t lo[8], hi[8]; /* init/fini array ranges */
	size_t n;
};

static bool in_arrays(const struct arrays *a, uint64_t addr)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (addr >= a->lo[i] && addr < a->hi[i])
			return true;
	return false;
}

static void add_root(struct relf *e, uint64_t addr)
{
	if (!addr || addr == (uint64_t)-1)
		return;
	e->roots = xgrow(e->roots, sizeof(*e->roots), e->nroots + 1,
			 &e->aroots);
	e->roots[e->nroots++] = addr;
}

static void read_relocs(struct relf *e, Elf_Scn *scn, GElf_Shdr *sh,
			size_t dynsym_ndx, size_t *alloc,
			const struct arrays *arr)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n, i;

	if (!d || !sh->sh_entsize)
		return;
	n = sh->sh_size / sh->sh_entsize;
	for (i = 0; i < n; i++) {
		GElf_Rela r;
		unsigned type;
		size_t sym;

		if (!gelf_getrela(d, (int)i, &r))
			return;
		type = GELF_R_TYPE(r.r_info);
		sym = GELF_R_SYM(r.r_info);
		if (type == R_X86_64_RELATIVE && in_arrays(arr, r.r_offset))
			add_root(e, (uint64_t)r.r_addend);
		else if (type == R_X86_64_64 && sym &&
			 sh->sh_link == dynsym_ndx && sym < e->ndynsyms &&
			 !e->dynsyms[sym].defined &&
			 e->dynsyms[sym].type == STT_FUNC) {
			e->taken = xgrow(e->taken, sizeof(*e->taken),
					 e->ntaken + 1, &e->ataken);
			e->taken[e->ntaken++] = (int32_t)sym;
		} else if (type == R_X86_64_IRELATIVE)
			add_got(e, alloc, r.r_offset, -1);
		else if ((type == R_X86_64_JUMP_SLOT ||
			  type == R_X86_64_GLOB_DAT) && sym &&
			 sh->sh_link == dynsym_ndx && sym < e->ndynsyms)
			add_got(e, alloc, r.r_offset, (int32_t)sym);
	}
}

int relf_open(struct relf *e, const char *path)
{
	static bool inited;
	Elf_Scn *scn = NULL, *dynsym = NULL, *symtab = NULL;
	Elf_Data *versym = NULL;
	const char **vnames = NULL;
	size_t shstrndx, nphdr, i, nvnames = 0, code_alloc = 0, got_alloc = 0;
	GElf_Ehdr eh;
	GElf_Shdr dynsym_sh, symtab_sh;
	struct stat sb;
	struct arrays arr = { .n = 0 };
	int ret = -1;

	memset(e, 0, sizeof(*e));
	e->fd = -1;
	e->path = xstrdup(path);
	if (!inited) {
		if (elf_version(EV_CURRENT) == EV_NONE)
			return error("libelf is out of date");
		inited = true;
	}
	/* O_NONBLOCK: a FIFO must not hang the scan before fstat says no. */
	e->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (e->fd < 0)
		return error_errno("cannot open '%s'", path);
	if (fstat(e->fd, &sb) < 0)
		return error_errno("cannot stat '%s'", path);
	if (!S_ISREG(sb.st_mode))
		return error("'%s' is not a regular file", path);
	e->elf = elf_begin(e->fd, ELF_C_READ_MMAP, NULL);
	if (!e->elf || elf_kind(e->elf) != ELF_K_ELF)
		return error("'%s' is not an ELF file", path);
	if (!gelf_getehdr(e->elf, &eh))
		return error("'%s': bad ELF header: %s", path, elf_errmsg(-1));
	if (gelf_getclass(e->elf) != ELFCLASS64 || eh.e_machine != EM_X86_64)
		return error("'%s': only x86_64 programs can be scanned "
			     "(machine %u, class %d)", path, eh.e_machine,
			     gelf_getclass(e->elf));
	e->machine = eh.e_machine;
	e->entry = eh.e_entry;
	e->pie = eh.e_type == ET_DYN;
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
		return error("'%s' is not an executable or shared library",
			     path);
	if (elf_getphdrnum(e->elf, &nphdr) < 0 ||
	    elf_getshdrstrndx(e->elf, &shstrndx) < 0)
		return error("'%s': truncated or corrupt ELF: %s", path,
			     elf_errmsg(-1));
	for (i = 0; i < nphdr; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(e->elf, (int)i, &ph))
			continue;
		if (ph.p_type == PT_DYNAMIC)
			e->dynamic = true;
		if (ph.p_type == PT_INTERP && !e->interp) {
			size_t fsize = 0;
			const char *raw = elf_rawfile(e->elf, &fsize);

			if (raw && ph.p_offset < fsize && ph.p_filesz &&
			    ph.p_filesz <= fsize - ph.p_offset &&
			    ph.p_filesz < PATH_MAX)
				e->interp = xstrndup(raw + ph.p_offset,
						     ph.p_filesz);
		}
	}

	/* First pass: versions and where the symbol tables are. */
	while ((scn = elf_nextscn(e->elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			return error("'%s': corrupt section header", path);
		if (sh.sh_type == SHT_GNU_versym)
			versym = elf_getdata(scn, NULL);
		else if (sh.sh_type == SHT_DYNSYM) {
			dynsym = scn;
			dynsym_sh = sh;
		} else if (sh.sh_type == SHT_SYMTAB) {
			symtab = scn;
			symtab_sh = sh;
		} else if (sh.sh_type == SHT_NOTE)
			read_build_id(e, scn);
		else if (sh.sh_type == SHT_DYNAMIC)
			read_dynamic(e, scn, &sh);
		else if ((sh.sh_type == SHT_INIT_ARRAY ||
			  sh.sh_type == SHT_FINI_ARRAY) && arr.n < 8) {
			Elf_Data *d = elf_getdata(scn, NULL);
			size_t k;

			arr.lo[arr.n] = sh.sh_addr;
			arr.hi[arr.n] = sh.sh_addr + sh.sh_size;
			arr.n++;
			/* non-PIC: the addresses are in the data itself */
			for (k = 0; d && d->d_buf &&
				    k + 8 <= d->d_size; k += 8) {
				uint64_t v;

				memcpy(&v, (const char *)d->d_buf + k, 8);
				add_root(e, v);
			}
		}
	}
	nvnames = 0x8000;
	vnames = xcalloc(nvnames, sizeof(*vnames));
	scn = NULL;
	while ((scn = elf_nextscn(e->elf, scn))) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && (sh.sh_type == SHT_GNU_verdef ||
					       sh.sh_type == SHT_GNU_verneed))
			read_versions(e, scn, &sh, vnames, nvnames);
	}
	if (dynsym && read_syms(e, dynsym, &dynsym_sh, true, versym, vnames,
				nvnames) < 0)
		goto out;
	if (symtab && read_syms(e, symtab, &symtab_sh, false, NULL, NULL,
				0) < 0)
		goto out;

	/* Second pass: code and relocations. */
	scn = NULL;
	while ((scn = elf_nextscn(e->elf, scn))) {
		GElf_Shdr sh;
		const char *name;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_RELA && dynsym) {
			read_relocs(e, scn, &sh, elf_ndxscn(dynsym), &got_alloc,
				    &arr);
			continue;
		}
		if (sh.sh_type == SHT_RELA) {
			/* A static program: only IRELATIVE slots matter. */
			read_relocs(e, scn, &sh, (size_t)-1, &got_alloc, &arr);
			continue;
		}
		name = elf_strptr(e->elf, shstrndx, sh.sh_name);
		if (sh.sh_type == SHT_PROGBITS && name &&
		    !strcmp(name, ".eh_frame")) {
			d = elf_getdata(scn, NULL);
			if (d && d->d_buf && d->d_size == sh.sh_size) {
				e->eh_frame = d;
				e->eh_frame_addr = sh.sh_addr;
			}
			continue;
		}
		if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR) ||
		    !sh.sh_size)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf || d->d_size != sh.sh_size) {
			ret = error("'%s': truncated code section", path);
			goto out;
		}
		e->code = xgrow(e->code, sizeof(*e->code), e->ncode + 1,
				&code_alloc);
		e->code[e->ncode].addr = sh.sh_addr;
		e->code[e->ncode].size = d->d_size;
		e->code[e->ncode].data = d->d_buf;
		e->code[e->ncode].name = xstrdup(name ? name : "");
		e->ncode++;
	}
	if (!e->ncode) {
		ret = error("'%s' has no code sections", path);
		goto out;
	}
	if (e->ngot)
		qsort(e->got, e->ngot, sizeof(*e->got), got_cmp);
	ret = 0;
out:
	/* The names point into the file's string tables (kept mapped). */
	free(vnames);
	return ret;
}

void relf_release(struct relf *e)
{
	size_t i;

	for (i = 0; i < e->nneeded; i++)
		free(e->needed[i]);
	free(e->needed);
	for (i = 0; i < e->ncode; i++)
		free(e->code[i].name);
	free(e->code);
	for (i = 0; i < e->nowned; i++)
		free(e->owned[i]);
	free(e->owned);
	free(e->got);
	free(e->roots);
	free(e->taken);
	free(e->dynsyms);
	free(e->syms);
	free(e->soname);
	free(e->runpath);
	free(e->rpath);
	free(e->interp);
	free(e->path);
	if (e->elf)
		elf_end(e->elf);
	if (e->fd >= 0)
		close(e->fd);
	memset(e, 0, sizeof(*e));
	e->fd = -1;
}
