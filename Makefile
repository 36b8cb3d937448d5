# Thin wrapper over CMake: the README's two commands are `make demo` and `make test`.
BUILD ?= build
JOBS  ?= 2
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps configure build demo test bench clean

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

# Unit tests and end-to-end tests of the real binary on the shared corpora.
test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# Side-by-side benchmarks: import and search against notmuch and mu, scan against ripgrep
# and grep, mask against ripgrep and sed (installs the peers); then the analytics and the
# handover latency against their targets (no peer). All five run, one after the other; the
# exit status is the worst of the five.
bench: build
	@scripts/install-deps.sh --bench
	@rc=0; \
	bench/import.sh $(BUILD) || rc=$$?; \
	bench/scan.sh $(BUILD) || { s=$$?; [ $$s -gt $$rc ] && rc=$$s; }; \
	bench/mask.sh $(BUILD) || { s=$$?; [ $$s -gt $$rc ] && rc=$$s; }; \
	bench/analytics.sh $(BUILD) || { s=$$?; [ $$s -gt $$rc ] && rc=$$s; }; \
	bench/handover.sh $(BUILD) || { s=$$?; [ $$s -gt $$rc ] && rc=$$s; }; \
	exit $$rc

clean:
	rm -rf $(BUILD)
