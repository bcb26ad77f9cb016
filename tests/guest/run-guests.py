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
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

# QMP query-status every QMP_INTERVAL_MS while the guest runs: at least
# QMP_FAST_SHARE of the answers within QMP_LIMIT_MS and none beyond
# QMP_HANG_MS, over the whole run and within each abuse phase the guest
# marks with "INFO: qmp-phase begin|end NAME" lines (timed as they reach
# our stdout), where at least QMP_MIN_PER_PHASE answers must come: a
# phase of 1 s gets about 80 in a quiet run, and a main loop the guest
# could block would give one slow answer.
QMP_INTERVAL_MS = 10
QMP_LIMIT_MS = 100
QMP_FAST_SHARE = 0.95
QMP_HANG_MS = 1000
QMP_MIN_PER_PHASE = 20
PHASE_LINE = re.compile(r'^INFO: qmp-phase (begin|end) (\S+)$')

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
    skip: dict = field(default_factory=dict)  # config name -> reason
    qmp_probe: bool = False     # time QMP query-status during the run
    qmp_phases: tuple = ()      # qmp-phase names the guest must mark
    # The reference QEMU stops the VM (it keeps running, paused) with this
    # text on stderr, e.g. at an instruction KVM's emulator hands over.
    ref_stops: str = ''

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
    Guest('acpi', ['-machine', 'acpi=off'], append='acpi=off',
          label='acpi off'),
    Guest('acpi', ['-no-acpi'], append='acpi=off', label='acpi -no-acpi'),
    Guest('pc-testdev', ['-device', 'pc-testdev']),
    # Userspace instruction emulation (issue 5).
    Guest('emulate', ['-device', 'pc-testdev'], ref_stops='emulation failure'),
    # Interrupt controllers (issue 4).
    Guest('ioapic-pit'),
    Guest('pic-extint'),
    # Discard: a bound a loaded host cannot break (it can only lose more
    # ticks). Delay: the guest measures how much the host let it run and
    # skips, with the numbers, when every attempt was starved; KVM's PIT
    # (kernel-irqchip=on, through KVM_REINJECT_CONTROL) is checked too.
    Guest('pit-lost-ticks', ['-global', 'kvm-pit.lost_tick_policy=delay'],
          append='policy=delay', label='pit-lost-ticks delay',
          skip={'ref-kvm-split': "QEMU 7.2's userspace PIT has no lost-tick "
                                 "policy"}),
    Guest('pit-lost-ticks', ['-global', 'kvm-pit.lost_tick_policy=discard'],
          append='policy=discard', label='pit-lost-ticks discard'),
    # A control word alone stops channel 0 in the userspace PITs only.
    Guest('pit-stop', append='cw=1', label='pit-stop control word',
          skip={c: "KVM's in-kernel PIT keeps its periodic timer until a "
                   "count is written"
                for c in ('kvm-irqchip-on', 'ref-kvm')}),
    Guest('pit-stop', append='cw=0', label='pit-stop count'),
    Guest('legacy-devices', append='pit=1 pic=1'),
    Guest('legacy-devices', ['-machine', 'pit=off'], append='pit=0 pic=1',
          label='legacy-devices pit=off'),
    Guest('legacy-devices', ['-machine', 'pic=off'], append='pit=1 pic=0',
          label='legacy-devices pic=off',
          skip={'kvm-irqchip-on': 'pic=off with kernel-irqchip=on is an '
                                  'error in splitvm',
                'ref-kvm': "QEMU 7.2 keeps KVM's PIC with "
                           "kernel-irqchip=on"}),
    Guest('irq-abuse', ['-device', 'pc-testdev'], qmp_probe=True,
          qmp_phases=('storm',)),
    Guest('irq-abuse', append='pit1=1', label='irq-abuse pit1',
          qmp_probe=True, qmp_phases=('pit1',),
          skip={'ref-kvm-split': "QEMU 7.2's userspace PIT has no minimum "
                                 "period: divisor 1 starves its guest"}),
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
    qmp_latencies: list = None  # (sent, ms) per query-status (qmp_probe)
    qmp_error: str = ''
    line_times: list = None     # (monotonic time, line) of stdout lines


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


def qmp_probe(path, proc, run):
    """Time query-status round trips until the VMM exits."""
    run.qmp_latencies = []
    deadline = time.monotonic() + 5
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    while True:
        try:
            sock.connect(path)
            break
        except OSError as e:
            if proc.poll() is not None or time.monotonic() > deadline:
                run.qmp_error = 'could not connect: %s' % e
                return
            time.sleep(0.01)
    f = sock.makefile('rwb', buffering=0)

    def command(name):
        f.write(json.dumps({'execute': name}).encode() + b'\n')
        while True:
            line = f.readline()
            if not line:
                raise EOFError
            reply = json.loads(line)
            if 'return' in reply or 'error' in reply:
                return reply

    try:
        json.loads(f.readline())            # greeting
        command('qmp_capabilities')
        while proc.poll() is None:
            start = time.monotonic()
            command('query-status')
            run.qmp_latencies.append(
                (start, (time.monotonic() - start) * 1000))
            time.sleep(QMP_INTERVAL_MS / 1000)
    except (OSError, EOFError, ValueError):
        pass                                # the VMM exited meanwhile
    finally:
        sock.close()


# How long a reference run that is expected to stop may take.
REF_STOP_TIMEOUT = 20


def run_guest(qemu, config_args, config, guest, guest_dir, timeout):
    if guest.ref_stops and is_reference(config):
        timeout = min(timeout, REF_STOP_TIMEOUT)
    cmd = [qemu] + config_args + COMMON_ARGS + guest.args + [
        '-kernel', os.path.join(guest_dir, guest.name + '.elf')]
    if guest.append:
        cmd += ['-append', guest.append]
    run = Run(config, guest, cmd)
    with tempfile.TemporaryDirectory(prefix='guest-qmp-') as tmp:
        qmp_path = os.path.join(tmp, 'qmp.sock')
        if guest.qmp_probe:
            cmd += ['-qmp', 'unix:%s,server=on,wait=off' % qmp_path]
        try:
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        except OSError as e:
            run.status = -1
            run.stderr = str(e)
            return run
        probe = None
        if guest.qmp_probe:
            probe = threading.Thread(target=qmp_probe,
                                     args=(qmp_path, p, run))
            probe.start()
        # stdout line by line, each with the time it arrived (qmp-phase
        # markers); stderr whole.
        run.line_times = []
        err_chunks = []
        readers = [threading.Thread(target=read_lines,
                                    args=(p.stdout, run.line_times)),
                   threading.Thread(target=lambda: err_chunks.append(
                       p.stderr.read()))]
        for t in readers:
            t.start()
        try:
            run.status = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        for t in readers:
            t.join()
        if probe:
            probe.join()
    # The guest writes \r\n because -serial stdio makes terminals raw.
    run.output = b''.join(l for _, l in run.line_times).decode(
        'utf-8', 'replace').replace('\r', '')
    run.stderr = b''.join(err_chunks).decode('utf-8', 'replace')
    return run


def read_lines(pipe, out):
    for line in iter(pipe.readline, b''):
        out.append((time.monotonic(), line))
    pipe.close()


def qmp_phases(run):
    """{name: (begin, end)} from the guest's qmp-phase lines."""
    phases, begun = {}, {}
    for t, raw in run.line_times or []:
        m = PHASE_LINE.match(raw.decode('utf-8', 'replace').rstrip('\r\n'))
        if m and m.group(1) == 'begin':
            begun[m.group(2)] = t
        elif m and m.group(2) in begun:
            phases[m.group(2)] = (begun.pop(m.group(2)), t)
    return phases


def qmp_problems(run):
    """What is wrong with the QMP timings, as a list of strings, and a
    one-line summary."""
    lat = run.qmp_latencies or []
    problems = []

    def judge(what, ms, minimum):
        fast = [x for x in ms if x <= QMP_LIMIT_MS]
        line = ('%s: %d answers, %d within %d ms, slowest %.1f ms' %
                (what, len(ms), len(fast), QMP_LIMIT_MS,
                 max(ms) if ms else 0))
        if (len(ms) < minimum or len(fast) < QMP_FAST_SHARE * len(ms) or
                max(ms) > QMP_HANG_MS):
            problems.append(line)
        return line

    summary = [judge('run', [ms for _, ms in lat], 1)]
    phases = qmp_phases(run)
    for name in run.guest.qmp_phases:
        if name not in phases:
            problems.append('no qmp-phase begin/end lines for %s' % name)
            continue
        begin, end = phases[name]
        summary.append(judge(
            'phase %s (%.0f ms)' % (name, (end - begin) * 1000),
            [ms for sent, ms in lat if begin <= sent <= end],
            QMP_MIN_PER_PHASE))
    if problems and run.qmp_error:
        problems.append(run.qmp_error)
    return problems, '; '.join(summary)


def is_reference(config):
    return any(c[0] == 'reference' and c[1] == config for c in CONFIGS)


def exit_problems(run, timeout):
    """What is wrong with how the run ended, as a list of strings."""
    g, lines = run.guest, run.output.splitlines()
    if g.ref_stops and is_reference(run.config):
        if g.ref_stops not in run.stderr:
            return ['expected the reference to stop with "%s"' % g.ref_stops]
        return []
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
    if run.guest.ref_stops and is_reference(run.config):
        tap.case(not problems, '%s: VM stops (%s), as expected' %
                 (prefix, run.guest.ref_stops))
    else:
        tap.case(not problems,
                 '%s: exit status %d' % (prefix, run.guest.status))
    if run.guest.qmp_probe:
        qmp, summary = qmp_problems(run)
        tap.case(not qmp, '%s: QMP query-status: %d%% within %d ms, none '
                 'over %d ms, in each abuse phase too' %
                 (prefix, QMP_FAST_SHARE * 100, QMP_LIMIT_MS, QMP_HANG_MS))
        problems += qmp
        if verbose:
            tap.diag('QMP ' + summary)
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
    guests = [g for g in GUESTS
              if not args.guests or g.name in args.guests]
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
        runs = [(name, g, None if name in g.skip else
                 pool.submit(run_guest, qemu, cargs, name, g,
                             args.guest_dir, args.timeout))
                for name, cargs in configs for g in guests]
        # Report in table order, each as soon as it and those before end.
        for name, g, f in runs:
            if f is None:
                tap.case(True, '%s %s: exit status %d' % (name, g.title,
                                                           g.status),
                         'SKIP ' + g.skip[name])
                continue
            report_run(tap, f.result(), args.timeout, args.verbose)
    tap.finish()
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
