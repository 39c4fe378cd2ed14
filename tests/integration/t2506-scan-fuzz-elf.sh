#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The ELF fuzz target (tests/fuzz/fuzz-elf.c) as a regression test: the
# built ELF files, every truncation of the small ones at 97-byte steps and
# 200 seeded mutations of their headers and tables all run through the
# reader, the disassembly, the summary and its JSON round trip without a
# crash (under --enable-sanitizers: without ASan, UBSan or LSan reports).
. "$top_srcdir/tests/integration/lib.sh"
R="$top_builddir/tests/fuzz/regress-elf"
T="$top_builddir/tests/tracees"
FIX="$top_builddir/tests/unit/libreachfix.so"
PY=/usr/bin/python3

test_expect_success 'set up the inputs' '
	mkdir in &&
	cp "$T/reach" "$T/reach-static" "$T/reach-raw" in/ &&
	cp "$FIX" in/fix.so &&
	for src in "$T/reach" "$FIX"; do
		$PY - "$src" in <<-\PYEOF || return 1
		import os, random, sys
		data = open(sys.argv[1], "rb").read()
		base = os.path.join(sys.argv[2], os.path.basename(sys.argv[1]))
		for n in range(0, len(data), 97):
		    open("%s.cut%06d" % (base, n), "wb").write(data[:n])
		r = random.Random(len(data))
		for i in range(100):
		    d = bytearray(data)
		    for _ in range(r.randrange(1, 12)):
		        pos = r.choice([r.randrange(0, 64), r.randrange(64, 4096),
		                        r.randrange(0, len(d))])
		        d[pos] = r.randrange(256)
		    open("%s.mut%03d" % (base, i), "wb").write(bytes(d))
		PYEOF
	done &&
	test "$(ls in | wc -l)" -gt 300
'

test_expect_success 'every input runs through the ELF target' '
	n=$(ls in | wc -l) &&
	"$R" in 2>err;
	st=$?;
	tail -n 5 err;
	test "$st" = 0 &&
	grep -q "^driver: $n inputs ran$" err
'

test_done
