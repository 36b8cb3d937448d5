# Thin wrapper over CMake: the README's two commands are `make demo` and `make test`.
BUILD ?= build
JOBS  ?= 2
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps configure build demo test test-asan test-tsan fuzz bench clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# Imports the bundled example case and runs a few searches on it.
demo: build
	@examples/demo/run.sh $(BUILD)

# Unit tests and end-to-end tests of the real binary on the shared corpora; then, built again
# with clang under AddressSanitizer and UBSan, the unit tests, the fuzz regression fixtures, a
# short libFuzzer run of every target and the end-to-end tests that feed real and hostile mail
# to the parsers (PARSER_TESTS). The whole suite under the sanitizers, `make test-asan`, runs
# 4-9x slower and does not fit CI's 30 minutes on two CPUs together with this; nor does
# `make test-tsan` (5 more minutes: 25 in all here, and CI builds run slower).
PARSER_TESTS = hostile pst_isolation corpus_mime_edge corpus_pst corpus_mbox corpus_spamassassin \
	corpus_trec06c charsets formats dedup threads verify show_export scan_cli cli_basics \
	pii_labelled demo_search
empty :=
space := $(empty) $(empty)
test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	@$(MAKE) --no-print-directory test-asan \
		ASAN_TESTS='^(unit|fuzz)|^cli/test_($(subst $(space),|,$(strip $(PARSER_TESTS))))' \
		ASAN_TARGETS='mailscope unit_tests fuzzers $(addprefix fuzz_regress_,$(FUZZ_TARGETS))'

# The whole ctest suite under AddressSanitizer and UBSan, built with clang-14 (build-asan/):
# the same build has the libFuzzer targets, and ctest fuzzes each for FUZZ_TEST_SECONDS too
# (fuzz-run/<target>). Leaks inside vendor libraries are suppressed in tests/lsan.supp, each
# with its reason.
ASAN_BUILD ?= build-asan
ASAN_TESTS ?= .
ASAN_TARGETS ?= all
FUZZ_TEST_SECONDS ?= 10
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
test-asan:
	@scripts/install-deps.sh --fuzz
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=None \
		"-DCMAKE_CXX_FLAGS=-O1 -g1" "-DCMAKE_C_FLAGS=-O1 -g1" -DMAILSCOPE_SANITIZE=ON \
		-DMAILSCOPE_FUZZ=ON -DFUZZ_TEST_SECONDS=$(FUZZ_TEST_SECONDS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS) --target $(ASAN_TARGETS)
	@cd $(ASAN_BUILD) && $(SAN_ENV) ctest --output-on-failure -j$(JOBS) -R '$(ASAN_TESTS)'

# ThreadSanitizer on the threaded paths (the indexer's writer threads, scan's reader thread):
# the binary built with clang-14 -fsanitize=thread (build-tsan/) runs the end-to-end tests in
# TSAN_TESTS; a data race ends mailscope with exit 66, which fails the test.
TSAN_BUILD ?= build-tsan
TSAN_TESTS ?= ^cli/test_(index_threads|demo_scan|resume_kill)
test-tsan:
	@scripts/install-deps.sh --fuzz
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=None \
		"-DCMAKE_CXX_FLAGS=-O1 -g1" "-DCMAKE_C_FLAGS=-O1 -g1" -DMAILSCOPE_TSAN=ON >/dev/null
	@cmake --build $(TSAN_BUILD) -j$(JOBS) --target mailscope
	@cd $(TSAN_BUILD) && TSAN_OPTIONS=halt_on_error=1:exitcode=66 \
		ctest --output-on-failure -j$(JOBS) -R '$(TSAN_TESTS)'

# libFuzzer: builds build-fuzz/ with clang, seeds it (fuzz/seed.py) and runs every target for
# FUZZ_SECONDS, one after the other; fails on any finding. FUZZ_TARGETS picks a subset,
# FUZZ_FLAGS adds libFuzzer options.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= message mbox tree_names query policy directory pii
fuzz:
	@scripts/install-deps.sh --fuzz
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DMAILSCOPE_FUZZ=ON -DMAILSCOPE_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzzers
	@fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Side-by-side benchmarks: import and search against notmuch and mu, scan against ripgrep
# and grep, mask against ripgrep and sed (installs the peers); then the analytics and the
# handover latency against their targets (no peer), and 1, 2, 4 and remote shards against
# one index. All six run, one after the other; the exit status is the worst of the six.
bench: build
	@scripts/install-deps.sh --bench
	@rc=0; \
	bench/import.sh $(BUILD) || rc=$$?; \
	bench/scan.sh $(BUILD) || { s=$$?; [ $$s -gt $$rc ] && rc=$$s; }; \
	bench/mask.sh $(BUILD) || { s=$$?; [ $$s -gt $$rc ] && rc=$$s; }; \
	bench/analytics.sh $(BUILD) || { s=$$?; [ $$s -gt $$rc ] && rc=$$s; }; \
	bench/handover.sh $(BUILD) || { s=$$?; [ $$s -gt $$rc ] && rc=$$s; }; \
	bench/shards.sh $(BUILD) || { s=$$?; [ $$s -gt $$rc ] && rc=$$s; }; \
	exit $$rc

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)
