# Thin wrapper over configure + meson. The real build lives in meson.build.
BUILD ?= build
QEMU_BIN = $(BUILD)/qemu-system-x86_64

.PHONY: all build run check check-unit check-guest check-reference bench clean distclean

all: build

$(BUILD)/build.ninja:
	./configure --builddir=$(BUILD)

build: $(BUILD)/build.ninja
	./scripts/install-deps.sh
	ninja -C $(BUILD)

# Boot the built-in demo guest under KVM.
run: build
	./scripts/run-demo.sh $(QEMU_BIN) $(BUILD)/tests/guest/demo.elf

# Every test suite; the last line is "N passed, N failed".
check: build
	./scripts/run-tests.sh $(BUILD)

# The guest tests under Debian's qemu-system-x86_64, to prove they check
# real behaviour rather than splitvm's quirks.
check-reference: build
	./scripts/run-tests.sh --reference $(BUILD)

bench: build
	python3 tests/bench/run-bench.py --build $(BUILD)

clean:
	-ninja -C $(BUILD) clean

distclean:
	rm -rf $(BUILD)
