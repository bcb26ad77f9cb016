#!/bin/sh
# Install the Debian packages splitvm needs to build and test.
# Usage: scripts/install-deps.sh [--check]
#   --check  only list what is missing (exit 1 if anything is)
# Runs apt-get directly as root, through `sudo -n` otherwise; without either
# it names the missing packages and fails, so nothing is silently skipped.
set -eu

# Build: compiler, meson/ninja, glib, json-glib.
# Tests: the reference QEMU (check-reference, benchmarks), binutils for the
# guest images, acpica-tools (iasl), libzydis (decoder differential test),
# golang-golang-x-arch-dev (its x86asm decode corpus: decoder golden test),
# clang + libclang-rt-14-dev (libFuzzer), python3 (test runners), linux-perf
# (make bench: VMM exits per operation from KVM's tracepoints).
PACKAGES="gcc make meson ninja-build pkg-config libglib2.0-dev libjson-glib-dev
 binutils python3 qemu-system-x86 acpica-tools clang libclang-rt-14-dev
 libzydis-dev golang-golang-x-arch-dev linux-perf"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi
if [ "${1:-}" = "--check" ]; then
    echo "missing packages:$missing"
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "splitvm: these Debian packages are missing:$missing" >&2
    echo "splitvm: install them as root: apt-get install$missing" >&2
    exit 1
fi

echo "splitvm: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
