#!/usr/bin/env python3
"""Userspace instruction emulation as a user meets it
(docs/system/emulation.md): an instruction the emulator does not execute
stops the VM with a message naming it, the QMP event X-EMULATION-FAILURE
and the internal-error run state, and `info emulation` counts it. Needs
/dev/kvm; splitvm only (QEMU 7.2 has no such event: it stops at every
emulation failure).
"""
import json
import time

from qemu_test import (GUEST_ARGS, case, contains, eq, finish, guest, init,
                       kvm_skip_reason, splitvm_only)
import qemu_test as qt
from vmlib import VM


def wait_event(qmp, name, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        e = qmp.take_event(name)
        if e:
            return e
        try:
            msg = qmp.recv()
        except OSError:
            continue
        if 'event' in msg:
            qmp.events.append(msg)
    raise AssertionError('no %s event; got %r' % (name, qmp.events))


def test_stop():
    args = ['-accel', 'kvm', '-device', 'pc-testdev', '-serial', 'none'] + \
        GUEST_ARGS[3:] + ['-kernel', guest('emulate-stop')]
    with VM(qt.QEMU, args) as vm:
        vm.qmp.greet_and_negotiate()
        ev = wait_event(vm.qmp, 'X-EMULATION-FAILURE')
        data = ev['data']
        eq(data['instruction'], 'maskmovdqu', 'instruction')
        contains(data['reason'], 'not implemented by the emulator',
                 'reason')
        contains(data['bytes'], '66 0f f7', 'bytes')
        eq(data['cpu-index'], 0, 'cpu-index')
        wait_event(vm.qmp, 'STOP')
        st = vm.qmp.ok('query-status')
        eq(st['status'], 'internal-error', 'run state')
        eq(st['running'], False, 'running')
        out = vm.qmp.ok('human-monitor-command',
                        {'command-line': 'info emulation'})
        contains(out, 'stopped          1', 'info emulation')
        contains(out, 'pcmpeqb', 'info emulation per operation')
        vm.qmp.ok('quit')
        vm.wait()
        contains(vm.proc.stderr.read().decode(errors='replace'),
                 "instruction 'maskmovdqu' is not implemented by the "
                 "emulator", 'stderr')


def main():
    init()
    skip = kvm_skip_reason() or splitvm_only('X-EMULATION-FAILURE is '
                                             'splitvm\'s own event')
    case('an unimplemented instruction stops the VM with a message and '
         'an event', test_stop, skip=skip)
    finish()


if __name__ == '__main__':
    main()
