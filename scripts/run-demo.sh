#!/bin/sh
# Boot the demo guest (tests/guest/demo.c) under KVM and return its exit
# code. Usage: run-demo.sh QEMU_BINARY DEMO_ELF
#
# The guest leaves through isa-debug-exit: writing code v to port 0xf4
# makes the VMM exit with status (v << 1) | 1, translated back here.
set -u
if [ $# -ne 2 ]; then
    echo "usage: $0 QEMU_BINARY DEMO_ELF" >&2
    exit 2
fi
qemu=$1
demo=$2

if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
    echo "run-demo: /dev/kvm is missing or not accessible to $(id -un);" \
         "the demo needs KVM (check the kvm module and your groups)" >&2
    exit 1
fi
if ! command -v "$qemu" >/dev/null 2>&1; then
    echo "run-demo: $qemu not found (run 'make build' first)" >&2
    exit 1
fi
if [ ! -e "$demo" ]; then
    echo "run-demo: $demo does not exist (run 'make build' first)" >&2
    exit 1
fi

echo "run-demo: $qemu -accel kvm ... -kernel $demo -m 256 -smp 2" >&2
# The guest's output goes to the terminal and to a file: a VMM error exits
# with status 1, which looks like debug-exit code 0, so success also needs
# the demo's last line.
out=$(mktemp)
trap 'rm -f "$out" "$out.status"' EXIT
{
    "$qemu" -accel kvm -display none -nodefaults -serial stdio \
        -device isa-debug-exit,iobase=0xf4,iosize=4 \
        -kernel "$demo" -m 256 -smp 2 </dev/null
    echo $? >"$out.status"
} | tee "$out"
status=$(cat "$out.status")

# Odd statuses come from isa-debug-exit; anything else means the guest
# never reached it (VMM error, crash, triple fault, signal).
if [ $((status & 1)) -eq 1 ] && grep -q '^Bye\.' "$out"; then
    code=$((status >> 1))
    echo "run-demo: guest exit code $code" >&2
    exit "$code"
fi
echo "run-demo: the VMM exited with status $status without the demo" \
     "guest's final 'Bye.' line" >&2
exit 1
