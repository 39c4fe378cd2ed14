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
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tracer/tracer.h"

#ifdef HAVE_LIBDW
#include <elfutils/libdwfl.h>

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

	if (!dwfl_frame_pc(frame, &pc, &activation))
		return DWARF_CB_ABORT;
	/* a return address points after the call: look up the call */
	adj = activation ? pc : pc - 1;
	mod = dwfl_addrmodule(u->dwfl, adj);
	if (mod) {
		sym = dwfl_module_addrinfo(mod, adj, &off, &s, NULL, NULL,
					   NULL);
		modname = dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL,
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
	static const Dwfl_Callbacks cb = {
		.find_elf = dwfl_linux_proc_find_elf,
		.find_debuginfo = dwfl_standard_find_debuginfo,
		.debuginfo_path = &debuginfo_path,
	};
	struct unwind u = { .sb = STRBUF_INIT };
	char *ret = NULL;

	u.dwfl = dwfl_begin(&cb);
	if (!u.dwfl)
		return NULL;
	dwfl_report_begin(u.dwfl);
	if (dwfl_linux_proc_report(u.dwfl, pid) != 0 ||
	    dwfl_report_end(u.dwfl, NULL, NULL) != 0)
		goto out;
	if (dwfl_linux_proc_attach(u.dwfl, pid, true) != 0)
		goto out;
	dwfl_getthread_frames(u.dwfl, tid, frame_cb, &u);
	if (u.n)
		ret = strbuf_detach(&u.sb, NULL);
out:
	strbuf_release(&u.sb);
	dwfl_end(u.dwfl);
	return ret;
}

bool tracer_have_stacks(void)
{
	return true;
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
