# Thin wrapper over scripts/setup.sh and the CMake presets. See CONTRIBUTING.md.
.PHONY: setup run build test test-unit fuzz soak bench asan tsan tsa format format-check clean install

PREFIX ?= /usr/local

setup:
	@bash scripts/setup.sh

build: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release

run: build
	./build/release/src/cli/lakehouse serve $(ARGS)

test: setup format-check
	@cmake --preset test >/dev/null
	@cmake --build --preset test
	@bash scripts/thread_safety_check.sh build/test
	@ctest --preset test
	@$(MAKE) --no-print-directory fuzz

# Every libFuzzer target for FUZZ_SECONDS each (default 20, two at a time), seeds first; fails on
# any crash or broken invariant. `make fuzz FUZZ_SECONDS=600` for a long run. See fuzz/README.md.
FUZZ_SECONDS ?= 20
fuzz:
	@cmake --preset fuzz -DLAKEHOUSE_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	@cmake --build --preset fuzz
	@ctest --preset fuzz

# The crash-consistency test with SOAK_KILLS random SIGKILLs (default 100; `make test` runs 8).
# LAKEHOUSE_CRASH_SEED=<n> replays a run. See docs/RELIABILITY.md.
SOAK_KILLS ?= 100
soak: setup
	@cmake --preset test >/dev/null
	@cmake --build --preset test --target lakehouse crash_consistency_e2e_test
	@LAKEHOUSE_BINARY=build/test/src/cli/lakehouse LAKEHOUSE_SOURCE_DIR=$(CURDIR) \
	  LAKEHOUSE_CRASH_KILLS=$(SOAK_KILLS) build/test/tests/e2e/crash_consistency_e2e_test

test-unit: setup
	@cmake --preset test >/dev/null
	@cmake --build --preset test
	@ctest --preset unit

bench: setup
	@cmake --preset bench >/dev/null
	@cmake --build --preset bench
	@bash bench/run.sh build/bench

asan tsan: setup
	@cmake --preset $@ >/dev/null
	@cmake --build --preset $@
	@ctest --preset $@

install: build
	@cmake --install build/release --prefix $(PREFIX)

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

# Fails (and names the files) when a tracked source differs from .clang-format; `make format` fixes.
format-check: setup
	@git ls-files '*.h' '*.cc' | xargs clang-format --dry-run --Werror 2>&1 | grep -o '^[^:]*:' | sort -u | sed 's/:$$/: differs from .clang-format (run make format)/' | { ! grep . >&2; }

# Clang thread-safety analysis (-Wthread-safety as errors, syntax only) over the library sources of
# the test build: checks LH_GUARDED_BY / LH_REQUIRES (src/common/thread_annotations.h).
tsa: setup
	@cmake --preset test >/dev/null
	@bash scripts/thread_safety_check.sh build/test

clean:
	@rm -rf build
