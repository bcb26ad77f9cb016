#!/usr/bin/env python3
"""Interrupt-controller options as a user meets them (docs/system/irqchip.md):
kernel-irqchip spellings and modes, pit=/pic=, and the -global properties
of the IOAPIC and PIT, with their error and warning texts. Needs /dev/kvm
(the irqchip is the accelerator's); without it every case is skipped.

Reference QEMU 7.2 facts (-accel kvm -cpu qemu64, hello.elf):
  -global kvm-pit.lost_tick_policy=slew  'Lost tick policy not supported.'
  -global ioapic.version=0x12 (split)    'IOAPIC only supports version 0x11
                                          or 0x20 (default: 0x20).'
  -accel kvm,kernel-irqchip=on -machine kernel-irqchip=split (either
                                          order): on; qom-get ioapic type
                                          is kvm-ioapic (on), ioapic (split)
  -accel kvm,kernel_irqchip=on           "Property 'kvm-accel.kernel_irqchip'
                                          not found"
  -machine kernel-irqchip=off            accepted with deprecation warnings
                                          (splitvm: an error until it has a
                                          userspace LAPIC)
"""
import json
import os
import socket
import tempfile
import time

import qemu_test as qt
from qemu_test import (GUEST_ARGS, case, contains, eq, finish, guest, init,
                       kvm_skip_reason, run)

P = 'qemu-system-x86_64: '
PASS_STATUS = 1         # hello.elf passes: isa-debug-exit code 0


def boot(*args):
    return run(['-accel', 'kvm'] + list(args) + GUEST_ARGS +
               ['-kernel', guest('hello')], timeout=60)


def no_warnings(stderr):
    """stderr without the host's CPUID feature warnings."""
    return ''.join(line for line in stderr.splitlines(True)
                   if "host doesn't support requested feature" not in line)


# A paused VM answers these on QMP (stdio), then runs hello.elf to its
# exit. The IOAPIC's QOM type and "info pic" say which mode was built
# (QEMU 7.2 answers the same qom-get: kvm-ioapic with on, ioapic with
# split).
MODE_QUERIES = [
    {'execute': 'qmp_capabilities'},
    {'execute': 'qom-get', 'arguments': {'path': 'ioapic',
                                         'property': 'type'}},
    {'execute': 'human-monitor-command',
     'arguments': {'command-line': 'info pic'}},
    {'execute': 'cont'},
]


def irqchip_mode(*args):
    """Boot hello.elf with args; returns (status, mode, stderr), mode
    being 'on' or 'split' as the running VMM reports it."""
    # A second -accel would be a fallback: add one only if args have none.
    accel = [] if '-accel' in args else ['-accel', 'kvm']
    r = run(accel + list(args) + GUEST_ARGS +
            ['-S', '-qmp', 'stdio', '-kernel', guest('hello')],
            timeout=60,
            input=''.join(json.dumps(q) + '\n' for q in MODE_QUERIES))
    replies = [json.loads(line) for line in r.stdout.splitlines()
               if line.strip()]
    answers = [x['return'] for x in replies if 'return' in x]
    eq(len(answers), len(MODE_QUERIES), '%s: QMP answers %r' %
       (' '.join(args), replies))
    ioapic_type, info_pic = answers[1], answers[2]
    if ioapic_type == 'kvm-ioapic':
        contains(info_pic, 'No userspace 8259 PIC', 'on: info pic')
        mode = 'on'
    else:
        eq(ioapic_type, 'ioapic', 'IOAPIC type')
        contains(info_pic, 'ioapic0: ver=0x20', 'split: info pic')
        contains(info_pic, 'pic1: ', 'split: info pic')
        mode = 'split'
    return r.returncode, mode, r.stderr


def test_spellings():
    """Each spelling must build the mode it names: split is the default,
    so a spelling that was ignored would still boot."""
    for args, want in (
            ([], 'split'),
            (['-machine', 'kernel-irqchip=on'], 'on'),
            (['-machine', 'pc,kernel-irqchip=split'], 'split'),
            (['-machine', 'kernel_irqchip=on'], 'on'),
            (['-machine', 'kernel_irqchip=split'], 'split'),
            (['-accel', 'kvm,kernel-irqchip=on'], 'on'),
            (['-accel', 'kvm,kernel-irqchip=split'], 'split'),
            # The later option wins among -machine options...
            (['-machine', 'kernel-irqchip=split', '-machine',
              'kernel_irqchip=on'], 'on'),
            # ... but -accel wins over -machine in either order (QEMU 7.2:
            # -machine only sets a default for kvm-accel's property).
            (['-accel', 'kvm,kernel-irqchip=on', '-machine',
              'kernel-irqchip=split'], 'on'),
            (['-machine', 'kernel_irqchip=on', '-accel',
              'kvm,kernel-irqchip=split'], 'split'),
            (['-accel', 'kvm,kernel-irqchip=split', '-machine',
              'kernel_irqchip=on'], 'split')):
        what = ' '.join(args) or 'default'
        status, mode, stderr = irqchip_mode(*args)
        eq(mode, want, what)
        eq(status, PASS_STATUS, what + ' status')
        eq(no_warnings(stderr), '', what + ' stderr')
    # QEMU 7.2's kvm-accel has only the dashed spelling.
    r = run(['-accel', 'kvm,kernel_irqchip=on'] + GUEST_ARGS +
            ['-kernel', guest('hello')])
    eq(r.returncode, 1, '-accel kvm,kernel_irqchip status')
    eq(no_warnings(r.stderr), P + "-accel kvm,kernel_irqchip=on: Property "
       "'kvm-accel.kernel_irqchip' not found\n", '-accel kvm,kernel_irqchip')


def test_off_is_an_error():
    msg = ('kernel-irqchip=off needs a userspace local APIC, which this '
           'build does not have yet (use kernel-irqchip=split, the '
           'default, or on)\n')
    # KVM is the default accelerator: the message names no option then.
    r = run(['-machine', 'kernel-irqchip=off'] + GUEST_ARGS +
            ['-kernel', guest('hello')])
    eq(r.returncode, 1, 'status')
    eq(no_warnings(r.stderr), P + msg, '-machine form')
    r = run(['-accel', 'kvm,kernel-irqchip=off'] + GUEST_ARGS +
            ['-kernel', guest('hello')])
    eq(r.returncode, 1, 'status')
    eq(no_warnings(r.stderr), P + '-accel kvm,kernel-irqchip=off: ' + msg,
       '-accel form')


def test_pic_off():
    r = boot('-machine', 'pic=off')
    eq(r.returncode, PASS_STATUS, 'split status')
    r = boot('-machine', 'pic=off,kernel-irqchip=on')
    eq(r.returncode, 1, 'on status')
    eq(no_warnings(r.stderr), P + 'pic=off needs the userspace PIC: use '
       'kernel-irqchip=split\n', 'on')


def test_pit_off_global_warns():
    for mode in ('split', 'on'):
        r = boot('-machine', 'pit=off,kernel-irqchip=' + mode,
                 '-global', 'kvm-pit.lost_tick_policy=discard')
        eq(r.returncode, PASS_STATUS, mode + ' status')
        eq(no_warnings(r.stderr), P + 'warning: global '
           'kvm-pit.lost_tick_policy=discard not used\n', mode)


def test_lost_tick_policy():
    for mode in ('split', 'on'):
        for policy in ('delay', 'discard'):
            r = boot('-machine', 'kernel-irqchip=' + mode,
                     '-global', 'kvm-pit.lost_tick_policy=' + policy)
            eq(r.returncode, PASS_STATUS, mode + ' ' + policy)
            eq(no_warnings(r.stderr), '', mode + ' ' + policy + ' stderr')
        r = boot('-machine', 'kernel-irqchip=' + mode,
                 '-global', 'kvm-pit.lost_tick_policy=slew')
        eq(r.returncode, 1, mode + ' slew status')
        eq(no_warnings(r.stderr), P + 'Lost tick policy not supported.\n',
           mode + ' slew')
    r = boot('-global', 'isa-pit.lost_tick_policy=merge')
    eq(r.returncode, 1, 'merge status')
    contains(r.stderr, 'merge', 'merge')


def test_kvm_pit_device():
    """-device kvm-pit (QEMU 7.2: not a pluggable device type) says why
    it cannot be added, instead of a failed ioctl's errno."""
    for machine in ('kernel-irqchip=split', 'kernel-irqchip=on,pit=off'):
        r = boot('-machine', machine, '-device', 'kvm-pit')
        eq(r.returncode, 1, machine + ' status')
        contains(r.stderr, 'kvm-pit needs kernel-irqchip=on and pit=on',
                 machine)
    r = boot('-machine', 'kernel-irqchip=on', '-device', 'kvm-pit')
    eq(r.returncode, 1, 'on status')
    contains(r.stderr, 'already has the in-kernel PIT', 'on')


def test_ioapic_version():
    for v in ('0x11', '0x20'):
        r = boot('-global', 'ioapic.version=' + v)
        eq(r.returncode, PASS_STATUS, v)
        eq(no_warnings(r.stderr), '', v + ' stderr')
    r = boot('-global', 'ioapic.version=0x12')
    eq(r.returncode, 1, '0x12 status')
    eq(no_warnings(r.stderr), P + 'IOAPIC only supports version 0x11 or '
       '0x20 (default: 0x20).\n', '0x12')


def hmp_info_pic(path):
    """'info pic' over an HMP unix socket."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    out = b''
    while not out.endswith(b'(qemu) '):
        out += s.recv(4096)
    s.sendall(b'info pic\n')
    out = b''
    while not out.endswith(b'(qemu) '):
        out += s.recv(4096)
    s.close()
    return out.decode(errors='replace')


def ioapic_irr(text):
    """Pins listed on the IOAPIC's IRR line of 'info pic'."""
    for line in text.splitlines():
        f = line.split()
        if f[:1] == ['IRR']:
            return set() if f[1:] == ['(none)'] else {int(x) for x in f[1:]}
    raise AssertionError('no IRR line in: ' + text)


def line_after_guest(hold):
    """IOAPIC IRR after deassert-hold.elf raised line 10, lowered it
    (unless hold) and went quiet: no vCPU exit can apply the lowering, so
    in split mode only the main loop's ioeventfd drain does."""
    d = tempfile.mkdtemp(prefix='splitvm-ioev-')
    serial, mon = os.path.join(d, 'serial'), os.path.join(d, 'hmp')
    p = qt.start(['-accel', 'kvm', '-machine', 'kernel-irqchip=split'] +
                 GUEST_ARGS + ['-device', 'pc-testdev', '-serial',
                               'file:' + serial, '-monitor',
                               'unix:%s,server=on,wait=off' % mon,
                               '-kernel', guest('deassert-hold'),
                               '-append', 'hold=%d' % hold])
    try:
        deadline = time.monotonic() + qt.scaled(20)
        while 'ASSERTED' not in qt.file_text(serial):
            if p.poll() is not None or time.monotonic() > deadline:
                raise AssertionError('guest did not start: ' +
                                     p.stderr.read())
            time.sleep(0.02)
        time.sleep(0.2)
        return ioapic_irr(hmp_info_pic(mon))
    finally:
        qt.stop(p)


def test_deassert_without_exit():
    eq(line_after_guest(True), {10}, 'held high')
    eq(line_after_guest(False), set(), 'lowered, no exit after it')


def zone_log(mode, ioapic, pit):
    """The coalesced-zone ioctls of one run of coalesce-writes.elf."""
    d = tempfile.mkdtemp(prefix='splitvm-coal-')
    log = os.path.join(d, 'ioctls')
    env = dict(os.environ, LD_PRELOAD=os.environ['IOCTL_LOG_LIB'],
               SPLITVM_IOCTL_LOG=log)
    r = run(['-accel', 'kvm', '-machine', 'kernel-irqchip=' + mode] +
            GUEST_ARGS + ['-kernel', guest('coalesce-writes'),
                          '-append', 'ioapic=%d pit=%d' % (ioapic, pit)],
            timeout=60, env=env)
    eq(r.returncode, PASS_STATUS, 'guest result: ' + r.stdout[-300:])
    return sorted(qt.file_text(log).splitlines())


IOAPIC_ZONE = 'register addr=0xfec00000 size=4 pio=0 ret=0'
PIT_ZONE = 'register addr=0x43 size=1 pio=1 ret=0'


def test_coalescing_threshold():
    # A few index writes (firmware, a short test) leave KVM alone: zone
    # registration costs the VM a grace period at exit (irqchip.md).
    eq(zone_log('split', 8, 8), [], 'after 8 writes each')
    # The 32nd write registers the zone, once; later writes don't again.
    eq(zone_log('split', 32, 0), [IOAPIC_ZONE], 'after 32 IOREGSEL writes')
    eq(zone_log('split', 0, 32), [PIT_ZONE], 'after 32 port 0x43 writes')
    eq(zone_log('split', 100, 100), [PIT_ZONE, IOAPIC_ZONE],
       'after 100 writes each')
    # In-kernel IOAPIC and PIT: no exits, so nothing to buffer.
    eq(zone_log('on', 100, 100), [], 'kernel-irqchip=on')


def main():
    init()
    skip = kvm_skip_reason()
    case('kernel-irqchip spellings build the mode they name',
         test_spellings,
         skip=skip)
    case('kernel-irqchip=off: a clear error', test_off_is_an_error,
         skip=skip)
    case('pic=off: split only', test_pic_off, skip=skip)
    case('pit=off: a kvm-pit -global only warns', test_pit_off_global_warns,
         skip=skip)
    case('lost_tick_policy: delay/discard, slew refused',
         test_lost_tick_policy, skip=skip)
    case('-device kvm-pit: why it cannot be added', test_kvm_pit_device,
         skip=skip)
    case('ioapic.version: 0x11 and 0x20 only', test_ioapic_version,
         skip=skip)
    case('split: a deassert buffered in an ioeventfd reaches the IOAPIC '
         'with no vCPU exit', test_deassert_without_exit, skip=skip)
    case('split: IOREGSEL and port 0x43 writes are coalesced from the '
         '32nd on', test_coalescing_threshold, skip=skip)
    finish()


if __name__ == '__main__':
    main()
