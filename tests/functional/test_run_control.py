#!/usr/bin/env python3
"""Run control with tiny guests under KVM: -S (nothing runs), signals
ending a running VM with status 0, a triple fault with and without
-no-reboot and -no-shutdown, -d guest_errors/unimp with -D, and
isa-debug-exit at a custom port. Needs /dev/kvm.

Reference QEMU 7.2 facts (-accel kvm -cpu qemu64, same guests):
- SIGTERM prints "terminating on signal 15 from pid N (name)", status 0;
- a triple fault with -no-reboot exits with status 0; with -no-reboot
  and -no-shutdown the VM stops and the process stays until signalled;
- QEMU 7.2 does not log unassigned port reads under -d unimp (splitvm
  does, as issue 2 asks); both create the -D file.
"""
import os
import signal
import time

import qemu_test as qt
from qemu_test import (GUEST_ARGS, case, contains, eq, file_text, finish,
                       guest, init, kvm_skip_reason, run, splitvm_only,
                       start, stop, tmpdir, wait_for)

P = 'qemu-system-x86_64: '


def serial_run(name, append, extra, out):
    return GUEST_ARGS + ['-serial', 'file:' + out] + extra + \
        ['-kernel', guest(name), '-append', append]


def own_name():
    """How QEMU names a signal's sender: its argv[0]."""
    with open('/proc/self/cmdline', 'rb') as f:
        return f.read().split(b'\0')[0].decode()


def test_start_paused():
    d = tmpdir()
    out = os.path.join(d, 'serial.txt')
    p = start(serial_run('portio', '', ['-S'], out))
    try:
        time.sleep(1.0)
        if p.poll() is not None:
            raise AssertionError('exited: %r' % (p.communicate(),))
        eq(file_text(out), '', 'guest output while stopped')
        status, _, err = stop(p)
        eq(status, 0, 'status')
    finally:
        if p.poll() is None:
            p.kill()
    # The control: without -S the same guest prints and exits at once.
    r = run(serial_run('portio', '', [], out))
    eq(r.returncode, 1, 'status without -S')
    contains(file_text(out), 'PORTIO-START')
    os.unlink(out)
    os.rmdir(d)


def signal_case(sig):
    def fn():
        d = tmpdir()
        out = os.path.join(d, 'serial.txt')
        p = start(serial_run('portio', 'halt=1', [], out))
        try:
            wait_for(lambda: 'PORTIO-HALTING' in file_text(out), 20,
                     'the guest')
            status, stdout, err = stop(p, sig)
        finally:
            if p.poll() is None:
                p.kill()
        eq(status, 0, 'status')
        contains(err, P + 'terminating on signal %d from pid %d (%s)\n'
                 % (sig, os.getpid(), own_name()))
        os.unlink(out)
        os.rmdir(d)
    return fn


def test_triple_no_reboot():
    d = tmpdir()
    out = os.path.join(d, 'serial.txt')
    r = run(serial_run('triple', '', ['-no-reboot'], out))
    eq(r.returncode, 0, 'status')
    eq(file_text(out).count('TRIPLE-FAULT-NEXT'), 1, 'boots')
    os.unlink(out)
    os.rmdir(d)


def test_triple_reboots():
    # Without -no-reboot a triple fault resets the machine: the guest
    # boots again.
    d = tmpdir()
    out = os.path.join(d, 'serial.txt')
    p = start(serial_run('triple', '', [], out))
    try:
        wait_for(lambda: file_text(out).count('TRIPLE-FAULT-NEXT') >= 2, 20,
                 'a second boot')
        status, _, _ = stop(p)
        eq(status, 0, 'status')
    finally:
        if p.poll() is None:
            p.kill()
    os.unlink(out)
    os.rmdir(d)


def test_triple_no_shutdown():
    d = tmpdir()
    out = os.path.join(d, 'serial.txt')
    p = start(serial_run('triple', '', ['-no-reboot', '-no-shutdown'], out))
    try:
        wait_for(lambda: 'TRIPLE-FAULT-NEXT' in file_text(out), 20,
                 'the guest')
        time.sleep(0.5)
        if p.poll() is not None:
            raise AssertionError('exited (status %d) instead of stopping'
                                 % p.returncode)
        eq(file_text(out).count('TRIPLE-FAULT-NEXT'), 1, 'boots')
        status, _, _ = stop(p)
        eq(status, 0, 'status after SIGTERM')
    finally:
        if p.poll() is None:
            p.kill()
    os.unlink(out)
    os.rmdir(d)


def test_log_items():
    d = tmpdir()
    out = os.path.join(d, 'serial.txt')
    log = os.path.join(d, 'log')
    append = 'read=0x2f9 write=0x510 value=0x5a'
    r = run(serial_run('portio', append, ['-d', 'unimp,guest_errors',
                                          '-D', log], out))
    eq(r.returncode, 1, 'status')
    contains(file_text(out), 'READ 0x2f9 0xff')    # all-ones
    text = file_text(log)
    contains(text, 'unassigned io read 0x2f9 size 1\n')
    contains(text, 'fw_cfg: ignored 1-byte write of 0x5a at offset 0\n')
    # Only the items asked for.
    r = run(serial_run('portio', append, ['-d', 'guest_errors', '-D', log],
                       out))
    text = file_text(log)
    contains(text, 'fw_cfg: ignored')
    eq('unassigned' in text, False, 'unimp logged without -d unimp')
    r = run(serial_run('portio', append, ['-D', log], out))
    eq(file_text(log), '', 'log without -d')
    # Without -D the log goes to stderr.
    r = run(serial_run('portio', append, ['-d', 'unimp'], out))
    contains(r.stderr, 'unassigned io read 0x2f9 size 1\n')
    for f in (out, log):
        os.unlink(f)
    os.rmdir(d)


def test_log_int_cpu_reset():
    # -d cpu_reset dumps the vCPU state at every reset (power-on included);
    # -d int logs the interrupts splitvm's userspace irqchip delivers (the
    # PIT's, through IOAPIC pin 2, in the default split mode).
    d = tmpdir()
    out = os.path.join(d, 'serial.txt')
    log = os.path.join(d, 'log')
    r = run(serial_run('ioapic-pit', '', ['-d', 'int,cpu_reset', '-D', log],
                       out))
    eq(r.returncode, 1, 'status')
    text = file_text(log)
    contains(text, 'CPU Reset (CPU 0)\nEAX=')
    contains(text, 'ioapic: pin 2 -> MSI addr 0xfee')
    r = run(serial_run('ioapic-pit', '', ['-d', 'cpu_reset', '-D', log],
                       out))
    eq('ioapic:' in file_text(log), False, 'int logged without -d int')
    for f in (out, log):
        os.unlink(f)
    os.rmdir(d)


def test_debug_exit_port():
    # isa-debug-exit at a chosen port and width: status (code << 1) | 1.
    d = tmpdir()
    out = os.path.join(d, 'serial.txt')
    args = ['-nodefaults', '-display', 'none', '-serial', 'file:' + out,
            '-device', 'isa-debug-exit,iobase=0x501,iosize=2',
            '-kernel', guest('portio'), '-append',
            'exit=0x501 size=2 code=0x21']
    r = run(args)
    eq(r.returncode, (0x21 << 1) | 1, 'status')
    os.unlink(out)
    os.rmdir(d)


def test_no_kernel():
    r = run(['-display', 'none', '-nodefaults'])
    eq(r.returncode, 1, 'status')
    contains(r.stderr, P + 'no -kernel given, and booting from firmware '
             '(SeaBIOS/OVMF) is not supported yet\n')


def main():
    init()
    skip = kvm_skip_reason()
    case('-S: the guest does not run', test_start_paused, skip=skip)
    case('SIGTERM with a running guest: message, status 0',
         signal_case(signal.SIGTERM), skip=skip)
    case('SIGINT with a running guest: message, status 0',
         signal_case(signal.SIGINT), skip=skip)
    case('triple fault with -no-reboot exits 0', test_triple_no_reboot,
         skip=skip)
    case('triple fault without -no-reboot resets', test_triple_reboots,
         skip=skip)
    case('triple fault with -no-reboot -no-shutdown stops the VM',
         test_triple_no_shutdown, skip=skip)
    case('-d unimp,guest_errors with -D', test_log_items,
         skip=skip or splitvm_only('QEMU 7.2 logs neither access'))
    case('-d int,cpu_reset', test_log_int_cpu_reset,
         skip=skip or splitvm_only("the log lines are splitvm's"))
    case('isa-debug-exit iobase/iosize and exit status',
         test_debug_exit_port, skip=skip)
    case('no -kernel: a clear error', test_no_kernel,
         skip=skip or splitvm_only('QEMU boots SeaBIOS'))
    finish()


if __name__ == '__main__':
    main()
