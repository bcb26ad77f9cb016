#!/usr/bin/env python3
"""Boot the guest test programs under a VMM and report the results as TAP.

Each guest prints "PASS: name" / "FAIL: name" / "SKIP: name" lines on
COM1 (our stdout) and exits through isa-debug-exit: the VMM process then
exits with status (code << 1) | 1, so 1 means pass and 3 means fail.
Every report line becomes one TAP case, and every guest run adds one case
for its exit status, expected marker line and timeout.

Usage:
  run-guests.py --qemu BINARY --target splitvm|reference --guest-dir DIR
                [--config NAME]... [--jobs N] [--timeout S] [-v] [GUEST...]
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

# Accelerator/irqchip configurations: (target, name, arguments). A new
# configuration is one line; every guest runs under each of its target's.
CONFIGS = [
    ('splitvm', 'kvm-irqchip-on',
     ['-accel', 'kvm', '-machine', 'pc,kernel-irqchip=on']),
    ('splitvm', 'kvm-irqchip-split',
     ['-accel', 'kvm', '-machine', 'pc,kernel-irqchip=split']),
    ('reference', 'ref-kvm', ['-accel', 'kvm', '-cpu', 'qemu64']),
    ('reference', 'ref-kvm-split',
     ['-accel', 'kvm', '-cpu', 'qemu64', '-machine',
      'pc,kernel-irqchip=split']),
]

# Every run: serial on stdout, the exit device, and -no-reboot so that an
# unexpected triple fault ends the run instead of rebooting the guest.
COMMON_ARGS = ['-nodefaults', '-display', 'none', '-serial', 'stdio',
               '-no-reboot',
               '-device', 'isa-debug-exit,iobase=0xf4,iosize=4']


@dataclass
class Guest:
    name: str                   # the ELF is <guest-dir>/<name>.elf
    args: list = field(default_factory=list)
    append: str = ''            # -append, parsed by lib/multiboot.c
    status: int = 1             # expected exit status; 1 = code 0
    marker: str = ''            # a line that must appear in the output
    reports: bool = True        # prints PASS/FAIL and a SUMMARY line
    label: str = ''             # name in TAP, when one ELF runs twice

    @property
    def title(self):
        return self.label or self.name


def exitcode_guest(code):
    return Guest('exitcode', append='code=%d' % code, status=code << 1 | 1,
                 marker='EXIT-CODE %d' % code, reports=False,
                 label='exitcode code=0x%x' % code)


GUESTS = [
    Guest('hello'),
    Guest('fwcfg', ['-m', '256', '-smp', '2'], append='mem=256 cpus=2'),
    Guest('smp', ['-smp', '2']),
    Guest('exceptions'),
    Guest('triple', status=0, marker='TRIPLE-FAULT-NEXT', reports=False),
] + [exitcode_guest(n) for n in (0, 1, 0x2a, 0x7f)] + [
    Guest('demo', ['-m', '256', '-smp', '2'], status=1,
          marker='splitvm demo guest', reports=False),
    Guest('acpi', append='cpus=1'),
    Guest('acpi', ['-smp', '2'], append='cpus=2', label='acpi smp=2'),
    Guest('pc-testdev', ['-device', 'pc-testdev']),
    # Interrupt controllers (issue 4).
    Guest('ioapic-pit'),
    Guest('pic-extint'),
    Guest('ioapic-dest', ['-smp', '2']),
    # KVM's PIT in reinject mode waits for an EOI that an NMI never gets.
    Guest('ioapic-nmi', ['-global', 'kvm-pit.lost_tick_policy=discard']),
    Guest('ioapic-level', ['-device', 'pc-testdev']),
    Guest('ioapic-level', ['-device', 'pc-testdev', '-global',
                           'ioapic.version=0x11'],
          label='ioapic-level version=0x11'),
]

REPORT_LINE = re.compile(r'^(PASS|FAIL|SKIP): (.*)$')
SUMMARY_LINE = re.compile(r'^SUMMARY: (\d+) tests, (\d+) failures$')


@dataclass
class Run:
    config: str
    guest: Guest
    cmd: list
    status: int = None          # None: timed out
    output: str = ''            # serial output (stdout)
    stderr: str = ''


class Tap:
    """Numbered TAP cases; the plan is printed last."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def case(self, ok, name, directive=''):
        self.count += 1
        if not ok:
            self.failed += 1
        # '#' starts a TAP directive; report names use it (#DE, #GP).
        line = '%s %d - %s' % ('ok' if ok else 'not ok', self.count,
                               name.replace('#', '\\#'))
        print(line + (' # ' + directive if directive else ''), flush=True)

    def diag(self, text):
        for line in text.splitlines():
            print('# ' + line)

    def finish(self):
        print('1..%d' % self.count, flush=True)


def run_guest(qemu, config_args, config, guest, guest_dir, timeout):
    cmd = [qemu] + config_args + COMMON_ARGS + guest.args + [
        '-kernel', os.path.join(guest_dir, guest.name + '.elf')]
    if guest.append:
        cmd += ['-append', guest.append]
    run = Run(config, guest, cmd)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout)
        run.status = p.returncode
        out, err = p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        out, err = e.stdout or b'', e.stderr or b''
    except OSError as e:
        run.status, out, err = -1, b'', str(e).encode()
    # The guest writes \r\n because -serial stdio makes terminals raw.
    run.output = out.decode('utf-8', 'replace').replace('\r', '')
    run.stderr = err.decode('utf-8', 'replace')
    return run


def exit_problems(run, timeout):
    """What is wrong with how the run ended, as a list of strings."""
    g, lines = run.guest, run.output.splitlines()
    if run.status is None:
        return ['timed out after %d s' % timeout]
    problems = []
    if run.status != g.status:
        problems.append('exit status %d, want %d' % (run.status, g.status))
    if g.marker and g.marker not in lines:
        problems.append('no "%s" line' % g.marker)
    if g.reports and not any(SUMMARY_LINE.match(l) for l in lines):
        problems.append('no SUMMARY line')
    return problems


def report_run(tap, run, timeout, verbose):
    prefix = '%s %s' % (run.config, run.guest.title)
    failed = False
    for line in run.output.splitlines():
        m = REPORT_LINE.match(line)
        if not m:
            continue
        kind, name = m.groups()
        if kind == 'SKIP':
            tap.case(True, '%s: %s' % (prefix, name), 'SKIP ' + name)
        else:
            tap.case(kind == 'PASS', '%s: %s' % (prefix, name))
            failed |= kind == 'FAIL'
    problems = exit_problems(run, timeout)
    tap.case(not problems, '%s: exit status %d' % (prefix, run.guest.status))
    if failed or problems or verbose:
        tap.diag('\n'.join(problems))
        tap.diag('command: ' + ' '.join(run.cmd))
        tap.diag(run.output)
        tap.diag(run.stderr)


def unavailable(qemu):
    """A reason to skip everything, or None."""
    if not os.access('/dev/kvm', os.R_OK | os.W_OK):
        return '/dev/kvm not available'
    if not qemu:
        return 'VMM binary not found'
    if not os.path.isfile(qemu) or not os.access(qemu, os.X_OK):
        return 'VMM binary not built: %s' % qemu
    return None


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--qemu', required=True,
                    help='VMM binary: a path, or a name looked up in PATH')
    ap.add_argument('--target', required=True,
                    choices=sorted({c[0] for c in CONFIGS}),
                    help='which CONFIGS rows apply')
    ap.add_argument('--guest-dir', required=True,
                    help='directory holding <guest>.elf')
    ap.add_argument('--config', action='append',
                    help='run only this configuration (repeatable)')
    ap.add_argument('--jobs', type=int, default=2,
                    help='guests booted in parallel (default 2)')
    ap.add_argument('--timeout', type=int, default=30,
                    help='seconds per guest (default 30)')
    ap.add_argument('-v', '--verbose', action='store_true',
                    help='print every guest\'s output as diagnostics')
    ap.add_argument('guests', nargs='*',
                    help='guest names to run (default: all)')
    return ap.parse_args()


def main():
    args = parse_args()
    qemu = args.qemu
    if os.sep not in qemu:
        # Absolute PATH entries only: "." could be the build directory,
        # and the reference must never be splitvm itself.
        path = os.pathsep.join(d for d in os.get_exec_path()
                               if os.path.isabs(d))
        qemu = shutil.which(qemu, path=path)
    configs = [(name, cargs) for target, name, cargs in CONFIGS
               if target == args.target and
               (not args.config or name in args.config)]
    guests = [g for g in GUESTS if not args.guests or g.name in args.guests]
    tap = Tap()
    if not configs or not guests:
        print('1..0 # SKIP no matching configuration or guest')
        return 0

    reason = unavailable(qemu)
    if reason:
        for name, _ in configs:
            for g in guests:
                tap.case(True, '%s %s: exit status %d' % (name, g.title,
                                                           g.status),
                         'SKIP ' + reason)
        tap.finish()
        return 0

    tap.diag('VMM: ' + qemu)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_guest, qemu, cargs, name, g,
                               args.guest_dir, args.timeout)
                   for name, cargs in configs for g in guests]
        # Report in table order, each as soon as it and those before end.
        for f in futures:
            report_run(tap, f.result(), args.timeout, args.verbose)
    tap.finish()
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
