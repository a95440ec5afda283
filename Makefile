# Thin wrapper over scripts/setup.sh and the CMake presets. See CONTRIBUTING.md.
.PHONY: setup run build test test-unit bench asan tsan format clean install

PREFIX ?= /usr/local

setup:
	@bash scripts/setup.sh

build: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release

run: build
	./build/release/src/cli/lakehouse serve $(ARGS)

test: setup
	@cmake --preset test >/dev/null
	@cmake --build --preset test
	@ctest --preset test

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

clean:
	@rm -rf build
