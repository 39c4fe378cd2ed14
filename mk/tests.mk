# SPDX-License-Identifier: LGPL-2.1-or-later
# The integration tests, registered by family (tests/README.md maps the
# families to features).  Number a new test in its family's range and
# list it here; its tracees, fixtures and unit tests stay in the
# fragment of its area.

# t0000-t0899: the command line, its framework, output files and exit
# codes, layout rules, golden outputs
TESTS_CLI = tests/integration/t0001-cli-basics.sh \
	tests/integration/t0010-test-prereqs.sh \
	tests/integration/t0011-hostile-names.sh \
	tests/integration/t0030-output-files.sh \
	tests/integration/t0031-check-empty-selection.sh \
	tests/integration/t0035-golden-json.sh \
	tests/integration/t0050-cli-framework.sh \
	tests/integration/t0090-layout-rules.sh \
	tests/integration/t0091-layout-check.sh
TESTS += $(TESTS_CLI)
EXTRA_DIST += $(TESTS_CLI)

# t0900-t0999: fuzz corpora replayed
TESTS_FUZZ = tests/integration/t0901-fuzz-corpus.sh
TESTS += $(TESTS_FUZZ)
EXTRA_DIST += $(TESTS_FUZZ)

# t1000-t1299: tracer: record, attach, phases, stacks, facts, verify,
# --guard
TESTS_TRACER = tests/integration/t1001-record-threads.sh \
	tests/integration/t1002-record-exec.sh \
	tests/integration/t1003-record-phases.sh \
	tests/integration/t1004-record-arch.sh \
	tests/integration/t1005-record-filters.sh \
	tests/integration/t1006-record-stacks.sh \
	tests/integration/t1007-record-killed.sh \
	tests/integration/t1008-record-arg-facts.sh \
	tests/integration/t1009-record-sendmsg.sh \
	tests/integration/t1010-record-launch.sh \
	tests/integration/t1011-control-socket.sh \
	tests/integration/t1020-record-exit-codes.sh \
	tests/integration/t1021-record-final-write.sh \
	tests/integration/t1022-record-exe-names.sh \
	tests/integration/t1101-attach-basics.sh \
	tests/integration/t1102-attach-loop.sh \
	tests/integration/t1103-attach-stopped.sh \
	tests/integration/t1104-attach-signals.sh \
	tests/integration/t1105-attach-killed-tracer.sh \
	tests/integration/t1106-attach-match-ancestors.sh \
	tests/integration/t1110-attach-many.sh \
	tests/integration/t1201-daemon-record.sh \
	tests/integration/t1202-daemon-attach.sh \
	tests/integration/t1203-record-kills.sh \
	tests/integration/t1204-verify-basics.sh \
	tests/integration/t1205-verify-daemon.sh \
	tests/integration/t1206-record-guard.sh \
	tests/integration/t1207-verify-skip.sh
TESTS += $(TESTS_TRACER)
EXTRA_DIST += $(TESTS_TRACER)

# t1300-t1399: the bpf engine
TESTS_BPF = tests/integration/t1301-bpf-crosscheck.sh \
	tests/integration/t1302-bpf-daemon.sh \
	tests/integration/t1303-bpf-attach.sh
TESTS += $(TESTS_BPF)
EXTRA_DIST += $(TESTS_BPF)

# t1400-t1899: the syscall property table: record and import agree
TESTS_TRACER_FACTS = tests/integration/t1401-record-import-paths.sh \
	tests/integration/t1402-summary-engine.sh \
	tests/integration/t1403-record-import-exec.sh \
	tests/integration/t1410-import-access-flags.sh
TESTS += $(TESTS_TRACER_FACTS)
EXTRA_DIST += $(TESTS_TRACER_FACTS)

# t1900-t1999: the fixture daemon untraced
TESTS_DAEMON = tests/integration/t1900-daemon-untraced.sh
TESTS += $(TESTS_DAEMON)
EXTRA_DIST += $(TESTS_DAEMON)

# t2000-t2099: import: strace, audit, journal
TESTS_IMPORT = tests/integration/t2001-import-strace-flags.sh \
	tests/integration/t2002-import-strace-stderr-ff.sh \
	tests/integration/t2003-import-fixtures.sh \
	tests/integration/t2004-import-bad-input.sh \
	tests/integration/t2005-import-strace-kills.sh \
	tests/integration/t2006-import-socket-facts.sh
TESTS += $(TESTS_IMPORT)
EXTRA_DIST += $(TESTS_IMPORT)

# t2100-t2299: policy read and write, argument checks
TESTS_POLICY = tests/integration/t2101-policy-list.sh \
	tests/integration/t2102-policy-systemd.sh \
	tests/integration/t2140-check-args-fixtures.sh \
	tests/integration/t2141-check-args-strace.sh \
	tests/integration/t2201-policy-io-enforce.sh \
	tests/integration/t2202-policy-io-readers.sh \
	tests/integration/t2203-policy-io-daemon.sh \
	tests/integration/t2210-emit-args.sh \
	tests/integration/t2211-oci-big-values.sh \
	tests/integration/t2212-oci-hostile.sh \
	tests/integration/t2213-oci-runtimes.sh \
	tests/integration/t2214-import-shrinking.sh \
	tests/integration/t2215-minijail-empty-term.sh \
	tests/integration/t2216-inputs-no-hang.sh \
	tests/integration/t2217-import-pipes.sh \
	tests/integration/t2218-policy-pfc.sh \
	tests/integration/t2219-policy-c-cpp.sh
TESTS += $(TESTS_POLICY)
EXTRA_DIST += $(TESTS_POLICY)

# t2300-t2399: knowledge base and lint
TESTS_KB = tests/integration/t2300-lint-cli.sh \
	tests/integration/t2301-lint-list.sh \
	tests/integration/t2302-lint-systemd.sh \
	tests/integration/t2303-lint-oci.sh \
	tests/integration/t2304-lint-minijail.sh \
	tests/integration/t2305-lint-c.sh \
	tests/integration/t2306-lint-bpf.sh \
	tests/integration/t2310-import-audit-kills.sh \
	tests/integration/t2311-import-journal-kills.sh \
	tests/integration/t2320-lint-db-filters.sh \
	tests/integration/t2330-kb-diff-emit.sh \
	tests/integration/t2331-kb-real-trace.sh
TESTS += $(TESTS_KB)
EXTRA_DIST += $(TESTS_KB)

# t2400-t2499: Landlock, systemd hardening, lint --unit
TESTS_LAYERS = tests/integration/t2401-landlock-done-when.sh \
	tests/integration/t2402-hardening-svcd.sh \
	tests/integration/t2403-lint-unit.sh \
	tests/integration/t2404-journal-unit-diagnosis.sh \
	tests/integration/t2405-layers-hostile.sh \
	tests/integration/t2406-census-strace.sh
TESTS += $(TESTS_LAYERS)
EXTRA_DIST += $(TESTS_LAYERS)

# t2500-t2599: static reach (scan) and its use
TESTS_REACH = tests/integration/t2500-scan-basics.sh \
	tests/integration/t2501-scan-cache.sh \
	tests/integration/t2502-scan-hostile.sh \
	tests/integration/t2503-scan-record.sh \
	tests/integration/t2504-scan-attach.sh \
	tests/integration/t2505-scan-ldso-order.sh \
	tests/integration/t2506-scan-fuzz-elf.sh \
	tests/integration/t2510-scan-scripts.sh \
	tests/integration/t2550-reach-check.sh \
	tests/integration/t2551-reach-emit.sh \
	tests/integration/t2552-kb-servers.sh
TESTS += $(TESTS_REACH)
EXTRA_DIST += $(TESTS_REACH)

# t2600-t2999: the importers' one line loop
TESTS_IMPORT_LOOP = tests/integration/t2600-import-line-loop.sh \
	tests/integration/t2601-import-scan-proc.sh
TESTS += $(TESTS_IMPORT_LOOP)
EXTRA_DIST += $(TESTS_IMPORT_LOOP)

# t3000-t3999: store and merge
TESTS_STORE = tests/integration/t3001-store-schema.sh \
	tests/integration/t3010-store-concurrent-create.sh \
	tests/integration/t3020-merge-run-columns.sh \
	tests/integration/t3101-merge.sh
TESTS += $(TESTS_STORE)
EXTRA_DIST += $(TESTS_STORE)

# t4000-t4999: reports
TESTS_REPORTS = tests/integration/t4001-report-text-json.sh \
	tests/integration/t4002-report-md-escape.sh \
	tests/integration/t4003-report-matrix-stacks.sh \
	tests/integration/t4004-check-junit.sh \
	tests/integration/t4005-check-sarif-github.sh \
	tests/integration/t4006-report-html.sh \
	tests/integration/t4007-report-compare.sh \
	tests/integration/t4008-reports-unexercised.sh \
	tests/integration/t4010-report-html-compact.sh
TESTS += $(TESTS_REPORTS)
EXTRA_DIST += $(TESTS_REPORTS)

# t5000-t5999: self-confinement
TESTS_SANDBOX = tests/integration/t5000-sandbox-confined.sh \
	tests/integration/t5001-sandbox-hook-kill.sh \
	tests/integration/t5002-sandbox-landlock.sh \
	tests/integration/t5003-sandbox-off.sh \
	tests/integration/t5010-self-gate.sh
TESTS += $(TESTS_SANDBOX)
EXTRA_DIST += $(TESTS_SANDBOX)

# t9000-t9999: end to end
TESTS_E2E = tests/integration/t9001-gate-strace-emit-check.sh \
	tests/integration/t9101-e2e-daemon-bpf.sh \
	tests/integration/t9102-e2e-daemon-c.sh \
	tests/integration/t9103-e2e-sigsys.sh \
	tests/integration/t9104-e2e-roundtrip.sh \
	tests/integration/t9110-e2e-args-enforce.sh \
	tests/integration/t9111-e2e-args-daemon.sh \
	tests/integration/t9120-e2e-reach.sh \
	tests/integration/t9121-e2e-reach-daemon.sh
TESTS += $(TESTS_E2E)
EXTRA_DIST += $(TESTS_E2E)
