#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Hostile input to syscensus scan: what is not an x86_64 ELF file, or is a
# damaged one, gives a clear error and exit 2, never a crash or a hang; a
# missing library is reported as unresolved, never silently dropped.
. "$top_srcdir/tests/integration/lib.sh"
T="$top_builddir/tests/tracees"
XDG_CACHE_HOME="$TRASH/cache"
export XDG_CACHE_HOME
PY=/usr/bin/python3

# scan_fails WHAT MESSAGE: exit 2 and MESSAGE on stderr.
scan_fails() {
	test_expect_code 2 syscensus scan --no-store "$1" >out 2>err &&
	grep -e "$2" err
}

test_expect_success 'a missing file' '
	scan_fails nothere "cannot scan .nothere.: No such file"
'

test_expect_success 'a directory' '
	mkdir d && scan_fails d "is not a regular file"
'

test_expect_success 'a FIFO does not hang the scan' '
	mkfifo fifo &&
	timeout 10 "$SYSCENSUS" scan --no-store fifo 2>err; test $? -eq 2 &&
	grep "is not a regular file" err
'

test_expect_success 'an empty file and garbage' '
	: >empty && scan_fails empty "is not an ELF file" &&
	head -c 4096 /dev/urandom | tr -d "\177" >garbage &&
	scan_fails garbage "is not an ELF file" &&
	printf "#!/no/such/sh\necho hi\n" >script &&
	scan_fails script "is a script and its interpreter .*is not" &&
	printf "#!\001\377 \n" >script && scan_fails script "is a script"
'

test_expect_success 'a 32-bit ELF is refused by name' '
	$PY -c "
import struct, sys
h = b\"\\x7fELF\" + bytes([1, 1, 1]) + bytes(9)
h += struct.pack(\"<HHIIIIIHHHHHH\", 2, 3, 1, 0, 0, 0, 0, 52, 0, 0, 0, 0, 0)
open(\"elf32\", \"wb\").write(h)" &&
	scan_fails elf32 "only x86_64 programs can be scanned"
'

test_expect_success 'a truncated program' '
	head -c 3000 "$T/reach" >trunc &&
	test_expect_code 2 syscensus scan --no-store trunc 2>err &&
	grep "trunc" err
'

test_expect_success 'truncated at every 256 bytes: exit 0 or 2, never a crash' '
	size=$(stat -c %s "$T/reach") && n=64 &&
	while [ $n -lt $size ]; do
		head -c $n "$T/reach" >cut &&
		timeout 20 "$SYSCENSUS" scan --no-store -q cut >/dev/null 2>&1
		st=$?
		if [ $st -ne 0 ] && [ $st -ne 2 ]; then
			echo "length $n: exit $st"; return 1
		fi
		n=$((n + 256))
	done
'

test_expect_success 'flipped bytes in the headers and tables: never a crash' '
	size=$(stat -c %s "$T/reach") &&
	for seed in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		$PY - "$T/reach" flip $seed <<-\PYEOF || return 1
		import random, sys
		data = bytearray(open(sys.argv[1], "rb").read())
		r = random.Random(int(sys.argv[3]))
		for _ in range(8):
		    # the ELF header, program/section headers, dynamic tables
		    pos = r.choice([r.randrange(16, 64), r.randrange(64, 1024),
		                    r.randrange(len(data) - 2048, len(data))])
		    data[pos] = r.randrange(256)
		open(sys.argv[2], "wb").write(data)
		PYEOF
		timeout 20 "$SYSCENSUS" scan --no-store -q flip >/dev/null 2>&1
		st=$?
		if [ $st -ne 0 ] && [ $st -ne 2 ]; then
			echo "seed $seed: exit $st"; cp flip crash-$seed; return 1
		fi
	done
'

test_expect_success 'a missing library is unresolved, the rest still scanned' '
	printf "int lost(void) { return 1; }\n" >lost.c &&
	printf "#include <unistd.h>\nint lost(void);\nint main(void) { return lost() + getpid(); }\n" >uses.c &&
	cc -shared -fPIC -o liblost.so lost.c &&
	cc -o uses uses.c -L. -llost &&
	rm liblost.so &&
	syscensus scan --no-store uses >out &&
	grep -E "^  missing-lib +1  liblost\.so$" out &&
	grep -E "^  missing-symbol +1  lost$" out &&
	grep -E "^getpid +direct +getpid@GLIBC_2\.2\.5$" out
'

test_expect_success 'RUNPATH with $ORIGIN finds a library beside the program' '
	mkdir -p app/lib &&
	cc -shared -fPIC -o app/lib/liblost.so lost.c &&
	cc -o app/uses uses.c -Lapp/lib -llost -Wl,--enable-new-dtags,-rpath,\$ORIGIN/lib &&
	syscensus scan --no-store --format json app/uses >o.json &&
	$PY -c "
import json, sys
p = json.load(open(\"o.json\"))[\"programs\"][0]
libs = [l[\"path\"] for l in p[\"libraries\"]]
assert any(l.endswith(\"/app/lib/liblost.so\") for l in libs), libs
assert not [u for u in p[\"unresolved\"] if u[\"kind\"].startswith(\"missing\")], p[\"unresolved\"]
"
'

test_expect_success 'symbol names that are not UTF-8, with a newline' '
	printf "#include <unistd.h>\nint evXilXline(void) { return getppid(); }\n" >hs.c &&
	printf "int evXilXline(void);\nint main(void) { return evXilXline(); }\n" >hsp.c &&
	mkdir hs &&
	cc -O2 -shared -fPIC -o hs/libhs.so hs.c &&
	cc -o hs/prog hsp.c -Lhs -lhs -Wl,-rpath,"$TRASH/hs" &&
	$PY -c "
for f in (\"hs/libhs.so\", \"hs/prog\"):
    d = open(f, \"rb\").read().replace(b\"evXilXline\", b\"ev\\xffil\\nline\")
    open(f, \"wb\").write(d)" &&
	for round in analysed cached; do
		syscensus scan --no-store hs/prog >hs.txt &&
		grep -a -E "^getppid +direct +ev.+xffil.nline$" hs.txt &&
		test "$(grep -c "" hs.txt)" = "$(grep -c "^" hs.txt)" &&
		syscensus scan --no-store --format json hs/prog >hs.json &&
		$PY -c "
import json
p = json.load(open(\"hs.json\"))[\"programs\"][0]
d = {r[\"syscall\"]: r[\"via\"] for r in p[\"reach\"] if r[\"level\"] == \"direct\"}
v = d[\"getppid\"]
assert len(v) == 1 and v[0].startswith(\"ev\") and \"xff\" in v[0] and v[0].endswith(\"il\\nline\"), v
" || return 1
	done
'

test_expect_success 'a bad file among good ones: the good ones are scanned, exit 2' '
	test_expect_code 2 syscensus scan --no-store "$T/reach" garbage >out 2>err &&
	grep -E "^uname +direct" out &&
	grep "is not an ELF file" err
'

test_done
