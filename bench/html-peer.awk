# SPDX-License-Identifier: LGPL-2.1-or-later
# html-peer.awk - the peer of the HTML report's load time: a plain static
# HTML table of the same phase x syscall matrix, one per executable, no
# CSS, no script.  Input (awk -F'|'): "P|phase" lines, then
# "C|exe|syscall|phase|calls" lines sorted by exe and syscall, as
# bench/html-load.sh and t4006 select them from the observed view.
BEGIN { print "<!DOCTYPE html><html><head><meta charset=utf-8><title>peer</title></head><body>" }
$1 == "P" { ph[++np] = $2; next }
function flush(   line, t, i) {
	if (cur == "")
		return
	line = "<tr><th>" cur
	t = 0
	for (i = 1; i <= np; i++) {
		line = line "<td>" v[ph[i]]
		t += v[ph[i]]
	}
	print line "<td>" t
	delete v
}
{
	if ($2 != exe) {
		flush()
		cur = ""
		if (exe != "")
			print "</table>"
		exe = $2
		h = "<h3>" exe "</h3><table><tr><th>syscall"
		for (i = 1; i <= np; i++)
			h = h "<th>" ph[i]
		print h "<th>total"
	}
	if ($3 != cur) {
		flush()
		cur = $3
	}
	v[$4] = $5
}
END { flush(); print "</table></body></html>" }
