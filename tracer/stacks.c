/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * stacks.c - user-space call stacks of a stopped tracee, with libdw.
 *
 * Called only on the first sighting of a (phase, exe, syscall): unwinding
 * costs ~20x a ptrace stop (strace -k measurements), so doing it once per
 * distinct row keeps --stacks usable.  The tracee is in a ptrace-stop, so
 * libdw reads its registers and memory through ptrace from this thread
 * (dwfl_linux_proc_attach with assume_ptrace_stopped).  A fresh Dwfl each
 * time: the mappings change between first sightings (dlopen, exec) and
 * first sightings are rare.
 *
 * libdw is loaded with dlopen() on the first use (--stacks), not linked:
 * it and its four compression libraries would otherwise be mapped and
 * relocated at every start of syscensus (~0.2 ms, a cost `record
 * --guard` pays on every CI run).  The binary is linked --as-needed
 * (mk/tracer.mk), so the -ldw on its link line does not make it a
 * dependency.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tracer/tracer.h"

#ifdef HAVE_LIBDW
#include <dlfcn.h>
#include <elfutils/libdwfl.h>

/* The libdw functions used, called through dw_NAME pointers. */
#define DW_FUNCS(X) X(dwfl_begin) X(dwfl_end) X(dwfl_report_begin) \
	X(dwfl_report_end) X(dwfl_linux_proc_report) \
	X(dwfl_linux_proc_attach) X(dwfl_linux_proc_find_elf) \
	X(dwfl_standard_find_debuginfo) X(dwfl_getthread_frames) \
	X(dwfl_frame_pc) X(dwfl_addrmodule) X(dwfl_module_addrinfo) \
	X(dwfl_module_info)
#define DW_PTR(f) static __typeof__(f) *dw_##f;
DW_FUNCS(DW_PTR)
#undef DW_PTR

/* Load libdw once; false if it cannot be (then --stacks is refused). */
static bool dw_load(void)
{
	static int state; /* 0 not tried, 1 loaded, -1 failed */
	void *h, *sym;

	if (state)
		return state > 0;
	state = -1;
	h = dlopen("libdw.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return false;
#define DW_SYM(f) \
	if (!(sym = dlsym(h, #f))) \
		return false; \
	memcpy(&dw_##f, &sym, sizeof(sym));
	DW_FUNCS(DW_SYM)
#undef DW_SYM
	state = 1;
	return true;
}

#define MAX_FRAMES 48

struct unwind {
	Dwfl *dwfl;
	struct strbuf sb;
	int n;
};

static int frame_cb(Dwfl_Frame *frame, void *arg)
{
	struct unwind *u = arg;
	Dwarf_Addr pc, adj;
	bool activation;
	Dwfl_Module *mod;
	const char *sym = NULL, *modname = NULL;
	GElf_Off off = 0;
	GElf_Sym s;

	if (!dw_dwfl_frame_pc(frame, &pc, &activation))
		return DWARF_CB_ABORT;
	/* a return address points after the call: look up the call */
	adj = activation ? pc : pc - 1;
	mod = dw_dwfl_addrmodule(u->dwfl, adj);
	if (mod) {
		sym = dw_dwfl_module_addrinfo(mod, adj, &off, &s, NULL, NULL,
					   NULL);
		modname = dw_dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL,
					   NULL, NULL);
	}
	if (u->n)
		strbuf_addch(&u->sb, '\n');
	if (sym)
		strbuf_addf(&u->sb, "%s+0x%llx", sym,
			    (unsigned long long)(off + (adj != pc)));
	else
		strbuf_addf(&u->sb, "0x%llx", (unsigned long long)pc);
	if (modname && *modname)
		strbuf_addf(&u->sb, " (%s)", modname);
	return ++u->n >= MAX_FRAMES ? DWARF_CB_ABORT : DWARF_CB_OK;
}

char *stacks_unwind(pid_t pid, pid_t tid)
{
	static char *debuginfo_path;
	static Dwfl_Callbacks cb = { .debuginfo_path = &debuginfo_path };
	struct unwind u = { .sb = STRBUF_INIT };
	char *ret = NULL;

	if (!dw_load())
		return NULL;
	cb.find_elf = dw_dwfl_linux_proc_find_elf;
	cb.find_debuginfo = dw_dwfl_standard_find_debuginfo;
	u.dwfl = dw_dwfl_begin(&cb);
	if (!u.dwfl)
		return NULL;
	dw_dwfl_report_begin(u.dwfl);
	if (dw_dwfl_linux_proc_report(u.dwfl, pid) != 0 ||
	    dw_dwfl_report_end(u.dwfl, NULL, NULL) != 0)
		goto out;
	if (dw_dwfl_linux_proc_attach(u.dwfl, pid, true) != 0)
		goto out;
	dw_dwfl_getthread_frames(u.dwfl, tid, frame_cb, &u);
	if (u.n)
		ret = strbuf_detach(&u.sb, NULL);
out:
	strbuf_release(&u.sb);
	dw_dwfl_end(u.dwfl);
	return ret;
}

bool tracer_have_stacks(void)
{
	return dw_load();
}

#else

char *stacks_unwind(pid_t pid, pid_t tid)
{
	return NULL;
}

bool tracer_have_stacks(void)
{
	return false;
}

#endif
