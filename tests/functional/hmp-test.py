#!/usr/bin/env python3
"""End-to-end HMP tests: readline monitors on sockets and on stdio.

Usage: hmp-test.py --qemu BINARY --guest-dir DIR   (TAP on stdout)
"""
import argparse
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vmlib import VM, Skip, TapRunner, usable_accel, check, eq  # noqa: E402

T = TapRunner()
OPTS = None
HAVE_KVM = os.access('/dev/kvm', os.R_OK | os.W_OK)
ACCEL = ['-accel', 'kvm' if HAVE_KVM else 'qtest']
NONE = ['-machine', 'none'] + ACCEL
PROMPT = '(qemu) '
BANNER = "QEMU 7.2.0 monitor - type 'help' for more information\r\n"


def command(mon, line):
    """Type a line, return the command's output (echo removed)."""
    mon.send_raw(line + '\r')
    echo = mon.read_until('\r\n')
    eq(echo, line)
    return mon.read_until(PROMPT)


def pc_args(irqchip):
    if not HAVE_KVM:
        raise Skip('no usable /dev/kvm for -machine pc')
    return ['-machine', 'pc,kernel-irqchip=%s' % irqchip, '-accel', 'kvm',
            '-S', '-kernel', os.path.join(OPTS.guest_dir, 'hello.elf')]


@T.add
def banner_prompt_and_commands():
    with VM(OPTS.qemu, NONE + ['-S'], qmp_clients=0, hmp_servers=1) as v:
        m = v.connect(0)
        eq(m.read_until(PROMPT), BANNER)
        eq(command(m, 'info status'), 'VM status: paused (prelaunch)\r\n')
        eq(command(m, 'cont'), '')
        eq(command(m, 'info status'), 'VM status: running\r\n')
        eq(command(m, 'stop'), '')
        eq(command(m, 'info status'), 'VM status: paused\r\n')
        eq(command(m, 'nonsense'), "unknown command: 'nonsense'\r\n")
        check('info [subcommand] -- ' in command(m, 'help'))
        eq(command(m, 'info registers'), 'No CPU available\r\n')
        eq(command(m, 'system_reset'), '')
        # Line editing: backspace fixes a typo before Enter.
        m.send_raw('info statuz\x7fs\r')
        out = m.read_until(PROMPT)
        check(out.endswith('VM status: paused\r\n'), repr(out))
        m.send_raw('quit\r')
        eq(v.wait(), 0)


@T.add
def mon_readline_and_qmp_together():
    v = VM(OPTS.qemu, NONE, qmp_clients=1, hmp_servers=1)
    with v:
        q = v.qmp
        q.greet_and_negotiate()
        m = v.connect(0)
        eq(m.read_until(PROMPT), BANNER)
        eq(command(m, 'stop'), '')
        eq(q.recv()['event'], 'STOP')
        eq(command(m, 'system_powerdown'), '')
        eq(q.recv()['event'], 'POWERDOWN')
        m.send_raw('quit\r')
        ev = q.recv()
        eq(ev['data'], {'guest': False, 'reason': 'host-qmp-quit'})
        eq(v.wait(), 0)


@T.add
def mon_chardev_mode_readline():
    d = '/tmp/splitvm-hmp-%d' % os.getpid()
    args = NONE + ['-chardev', 'socket,id=h,path=%s,server=on,wait=off' % d,
                   '-mon', 'chardev=h,mode=readline']
    with VM(OPTS.qemu, args, qmp_clients=1) as v:
        v.server_paths.append(('hmp', d))
        m = v.connect(0)
        eq(m.read_until(PROMPT), BANNER)
        check(command(m, 'info chardev').startswith('qmpc0: filename=unix:'))
        eq(command(m, 'info version'), '7.2.0 (splitvm %s)\r\n'
           % OPTS.version)


@T.add
def interrupt_controllers_split():
    with VM(OPTS.qemu, pc_args('split'), qmp_clients=1) as v:
        q = v.qmp
        q.greet_and_negotiate()

        def hmp(line):
            return q.ok('human-monitor-command', {'command-line': line})
        pic = hmp('info pic')
        # Split mode: the IOAPIC's block first, then the 8259s (QEMU 7.2).
        check(pic.startswith('ioapic0: ver=0x20'), pic)
        check(re.search(r'\r\npic1: irr=00 imr=[0-9a-f]{2} isr=00 hprio=0 '
                        r'irq_base=00 rr_sel=0 elcr=00 fnm=0\r\npic0: ', pic),
              pic)
        irq = hmp('info irq')
        check('IRQ statistics for isa-i8259:\r\n' in irq, irq)
        ioapic = hmp('info ioapic')
        check(ioapic.startswith('ioapic0: ver=0x20'), ioapic)


@T.add
def interrupt_controllers_in_kernel():
    with VM(OPTS.qemu, pc_args('on'), qmp_clients=1) as v:
        q = v.qmp
        q.greet_and_negotiate()
        for cmd, what in (('info pic', '8259 PIC'), ('info ioapic', 'IOAPIC'),
                          ('info irq', 'interrupt controller')):
            out = q.ok('human-monitor-command', {'command-line': cmd})
            check(out.startswith('No userspace %s' % what), out)
        # QEMU 7.2 keeps QOM objects for the in-kernel chips.
        eq(q.ok('qom-get', {'path': 'ioapic', 'property': 'type'}),
           'kvm-ioapic')
        kids = [p['type'] for p in
                q.ok('qom-list', {'path': '/machine/unattached'})]
        eq(kids.count('child<kvm-i8259>'), 2)
        eq(kids.count('child<kvm-pit>'), 1)


class Stdio:
    """A VMM on pipes; read() collects stdout until a marker shows up."""

    def __init__(self, args):
        self.proc = subprocess.Popen([OPTS.qemu] + args,
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.out = b''

    def send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def read_until(self, marker, timeout=10):
        deadline = time.time() + timeout
        while marker not in self.out:
            if time.time() > deadline:
                raise AssertionError('no %r in %r' % (marker, self.out))
            chunk = self.proc.stdout.read()
            if chunk:
                self.out += chunk
            elif self.proc.poll() is not None:
                raise AssertionError('exited; no %r in %r'
                                     % (marker, self.out))
            else:
                time.sleep(0.01)
        before, self.out = self.out.split(marker, 1)
        return before

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


@T.add
def nographic_mux_switching():
    """-nographic: serial and monitor on stdio, Ctrl-a c switches."""
    if not HAVE_KVM:
        raise Skip('no usable /dev/kvm for -machine pc')
    vm = Stdio(['-machine', 'pc', '-accel', 'kvm', '-nographic', '-kernel',
                os.path.join(OPTS.guest_dir, 'hello.elf')])
    try:
        # Guest output flows; the monitor stays quiet until switched to.
        before = vm.read_until(b'Hello from the splitvm test guest')
        # The guest's last line: nothing of it may trail into the monitor.
        vm.read_until(b'SUMMARY: 1 tests, 0 failures\r\n')
        check(b'monitor' not in before + vm.out, before + vm.out)
        vm.send(b'\x01c')
        vm.read_until(BANNER.encode() + PROMPT.encode())
        vm.send(b'info status\r')
        eq(vm.read_until(PROMPT.encode()),
           b'info status\r\nVM status: running\r\n')
        # Ctrl-a h prints the escape help; Ctrl-a c goes back to the
        # serial port, which then gets what we type (no echo from HMP).
        vm.send(b'\x01h')
        vm.read_until(b'C-a c    switch between console and monitor\n\r')
        vm.send(b'\x01c')
        vm.read_until(b'\r\n')
        vm.send(b'info status\r')
        time.sleep(0.2)
        vm.send(b'\x01x')
        rest = vm.read_until(b'QEMU: Terminated\n\r')
        check(b'VM status' not in rest, rest)
        eq(vm.proc.wait(10), 0)
    finally:
        vm.close()


@T.add
def chardev_mux_on_shared():
    """-chardev stdio,mux=on shared by -serial chardev: and -mon."""
    if not HAVE_KVM:
        raise Skip('no usable /dev/kvm for -machine pc')
    vm = Stdio(['-machine', 'pc', '-accel', 'kvm', '-display', 'none',
                '-nodefaults', '-kernel',
                os.path.join(OPTS.guest_dir, 'hello.elf'),
                '-chardev', 'stdio,id=c,mux=on', '-serial', 'chardev:c',
                '-mon', 'chardev=c,mode=readline'])
    try:
        vm.read_until(b'SUMMARY: 1 tests, 0 failures\r\n')
        vm.send(b'\x01c')
        vm.read_until(BANNER.encode() + PROMPT.encode())
        vm.send(b'info chardev\r')
        eq(vm.read_until(PROMPT.encode()),
           b'info chardev\r\nc-base: filename=stdio\r\nc: filename=mux\r\n')
        vm.send(b'quit\r')
        eq(vm.proc.wait(10), 0)
    finally:
        vm.close()


@T.add
def serial_mon_stdio_machine_none():
    """mon:stdio with no serial device: the monitor has the focus."""
    vm = Stdio(NONE + ['-S', '-display', 'none', '-serial', 'mon:stdio'])
    try:
        vm.read_until(BANNER.encode() + PROMPT.encode())
        vm.send(b'info chardev\r')
        out = vm.read_until(PROMPT.encode())
        check(b'serial0: filename=mux\r\n' in out, out)
        check(b'serial0-base: filename=stdio\r\n' in out, out)
        vm.send(b'quit\r')
        eq(vm.proc.wait(10), 0)
    finally:
        vm.close()


def main():
    global OPTS
    ap = argparse.ArgumentParser()
    ap.add_argument('--qemu', required=True)
    ap.add_argument('--guest-dir', required=True)
    ap.add_argument('--version', required=True)
    OPTS = ap.parse_args()
    if usable_accel(OPTS.qemu) is None:
        return T.run('neither /dev/kvm nor the qtest accelerator is usable')
    return T.run()


if __name__ == '__main__':
    sys.exit(main())
