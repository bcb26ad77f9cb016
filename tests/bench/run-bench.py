#!/usr/bin/env python3
"""splitvm benchmarks (`make bench`); see docs/devel/benchmarks.md.

1. Start-to-exit: whole-process wall time and peak RSS of a VMM booting
   bench-exit.elf, whose first instructions write isa-debug-exit. splitvm
   (-M pc) against the reference QEMU with -M microvm (the anchor) and
   -M pc. Context rows: splitvm without the in-kernel PIT (pit=off) and
   with the split irqchip, and kvm-floor with and without the PIT: the
   kernel's own share.
2. PIO round trip: cycles per `outb` to port 0x80 measured inside
   bench-pio.elf with rdtsc, under splitvm, QEMU -M pc and kvm-floor (a
   bare KVM_RUN loop: the floor).
3. Interrupt controllers (issue 4): bench-irq.elf times an IOAPIC
   select+read, a PIT latch + two reads, a level-triggered interrupt round
   trip through pc-testdev and an edge PIT timer interrupt, under splitvm
   and QEMU -M pc, each with kernel-irqchip=split and =on; the VMM exits
   per operation come from perf's kvm:kvm_userspace_exit tracepoint.
4. x86 decoder throughput: decode-bench decodes the .text of the
   reference QEMU and of splitvm (no guest involved).
5. Userspace instruction emulation (issue 5): MMIO accesses emulated by
   splitvm (fildl, fsts, cmpxchg16b) against a plain MMIO exit (mov),
   under splitvm and kvm-floor -emulate skip/xsave, emubench.py.

Runs are interleaved (splitvm, reference, floor, splitvm, ...) and each
figure is the median over the runs, with the spread (min-max). The table
goes to stdout and to BUILD/bench-results.txt. Without a usable /dev/kvm
the script says so and exits 0 without measuring.

Usage: run-bench.py [--build DIR] [--rounds N] [--slow-rounds N]
                    [--pio-rounds N] [--pio-n N] [--pio-batches N]
                    [--irq-rounds N] [--irq-n N] [--irq-nirq N]
                    [--only start,pio,irq,decode,emulate]
                    [--qemu REFERENCE_BINARY]
"""
import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field

import emubench
import irqbench

# The targets (issue 2, "Demo and benchmarks").
START_TARGET = 0.25     # splitvm start-to-exit <= 0.25x QEMU microvm
PIO_TARGET = 1.05       # splitvm PIO round trip <= 1.05x the floor

# Every VMM run: serial on stdout, the exit device, no reboot on a fault.
COMMON_ARGS = ['-nodefaults', '-display', 'none', '-serial', 'stdio',
               '-no-reboot',
               '-device', 'isa-debug-exit,iobase=0xf4,iosize=4']
# The reference QEMU aborts with -cpu host/max on this host's KVM; splitvm
# gets the same model so both guests see the same CPU.
VMM_ARGS = ['-accel', 'kvm', '-cpu', 'qemu64'] + COMMON_ARGS
START_STATUS = 85       # bench-exit.c writes 0x2a: (0x2a << 1) | 1
PIO_STATUS = 1          # bench-pio.c returns 0: (0 << 1) | 1
FLOOR_RAM = ['-m', '128']   # the VMMs' default RAM size

PIO_LINE = re.compile(r'BENCH pio-out .*median=(\d+) min=(\d+) max=(\d+) '
                      r'loop=(\d+)', re.M)
RUSAGE_LINE = re.compile(r'spawn-rusage: wall_us=(\d+) maxrss_kb=(\d+) '
                         r'status=(\d+)')
TSC_LINE = re.compile(r'kvm-floor: tsc_khz (\d+)')


@dataclass
class Config:
    label: str
    cmd: list               # everything but the guest arguments
    kind: str               # 'vmm' (-kernel/-append) or 'floor'
    slow: bool = False      # runs only in the first --slow-rounds rounds
    samples: list = field(default_factory=list)
    error: str = ''


def guest_args(cfg, elf, append=''):
    if cfg.kind == 'floor':
        return (['-append', append] if append else []) + [elf]
    return ['-kernel', elf] + (['-append', append] if append else [])


def find_reference(explicit, splitvm):
    path = explicit or shutil.which('qemu-system-x86_64')
    if not path or not os.access(path, os.X_OK):
        return None
    if os.path.realpath(path) == os.path.realpath(splitvm):
        return None         # PATH points at our own build
    return path


def ensure_tool(build, name):
    """Built by tests/bench/meson.build; compiled here if the build
    directory was configured before tests/bench existed."""
    path = os.path.join(build, 'tests', 'bench', name)
    if os.access(path, os.X_OK):
        return path
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       name + '.c')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    subprocess.run([os.environ.get('CC', 'cc'), '-O2', '-Wall', '-o', path,
                    src], check=True)
    return path


def version_of(binary):
    try:
        out = subprocess.run([binary, '-version'], capture_output=True,
                             text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return '?'
    return out.splitlines()[0].strip() if out else '?'


# ---- start-to-exit ----

def start_configs(splitvm, ref, floor):
    sv = [splitvm, '-M']
    cfgs = [Config('splitvm -M pc', sv + ['pc'] + VMM_ARGS, 'vmm')]
    if ref:
        cfgs += [Config('QEMU -M microvm', [ref, '-M', 'microvm'] + VMM_ARGS,
                        'vmm'),
                 Config('QEMU -M pc', [ref, '-M', 'pc'] + VMM_ARGS, 'vmm',
                        slow=True)]
    cfgs += [Config('splitvm pit=off', sv + ['pc,pit=off'] + VMM_ARGS,
                    'vmm'),
             Config('splitvm irqchip=split',
                    sv + ['pc,kernel-irqchip=split'] + VMM_ARGS, 'vmm'),
             Config('kvm-floor', [floor] + FLOOR_RAM, 'floor'),
             Config('kvm-floor -pit', [floor, '-pit'] + FLOOR_RAM, 'floor')]
    return cfgs


def last_line(text):
    lines = [l for l in text.splitlines()
             if l.strip() and not l.startswith('spawn-rusage:')]
    return lines[-1].strip()[:120] if lines else ''


def run_start(spawn, cfg, elf):
    cmd = [spawn] + cfg.cmd + guest_args(cfg, elf)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           capture_output=True, encoding='utf-8',
                           errors='replace', timeout=60)
    except subprocess.TimeoutExpired:
        cfg.error = 'timed out'
        return
    m = RUSAGE_LINE.search(p.stderr)
    if not m:
        cfg.error = 'no measurement: ' + last_line(p.stderr)
    elif int(m.group(3)) != START_STATUS:
        cfg.error = 'exit status %s, not %d: %s' % (
            m.group(3), START_STATUS, last_line(p.stderr) or '?')
    else:
        cfg.samples.append((int(m.group(1)) / 1000.0,
                            int(m.group(2)) / 1024.0))


def bench_start(args, spawn, cfgs, elf):
    for cfg in cfgs:            # warm-up: page cache, first-use costs
        if not cfg.slow:
            run_start(spawn, cfg, elf)
            cfg.samples.clear()
    for r in range(args.rounds):
        for cfg in cfgs:
            if cfg.error or (cfg.slow and r >= args.slow_rounds):
                continue
            run_start(spawn, cfg, elf)
        progress('start-to-exit round %d/%d' % (r + 1, args.rounds))


# ---- PIO round trip ----

def pio_configs(splitvm, ref, floor):
    cfgs = [Config('splitvm -M pc', [splitvm, '-M', 'pc'] + VMM_ARGS, 'vmm')]
    if ref:
        cfgs.append(Config('QEMU -M pc', [ref, '-M', 'pc'] + VMM_ARGS,
                           'vmm', slow=True))
    cfgs.append(Config('kvm-floor', [floor, '-tsc'] + FLOOR_RAM, 'floor'))
    return cfgs


def run_pio(cfg, elf, append, tsc):
    cmd = cfg.cmd + guest_args(cfg, elf, append)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           capture_output=True, encoding='utf-8',
                           errors='replace', timeout=120)
    except subprocess.TimeoutExpired:
        cfg.error = 'timed out'
        return
    m = PIO_LINE.search(p.stdout)
    if p.returncode != PIO_STATUS:
        cfg.error = 'exit status %d, not %d: %s' % (
            p.returncode, PIO_STATUS, last_line(p.stderr) or '?')
        return
    if not m:
        cfg.error = 'no BENCH line in the guest output'
        return
    cfg.samples.append(tuple(int(x) for x in m.groups()))
    t = TSC_LINE.search(p.stderr)
    if t:
        tsc.append(int(t.group(1)))


def bench_pio(args, cfgs, elf, tsc):
    append = 'n=%d batches=%d port=0x80' % (args.pio_n, args.pio_batches)
    for r in range(args.pio_rounds):
        for cfg in cfgs:
            if not cfg.error and not (cfg.slow and r >= args.slow_rounds):
                run_pio(cfg, elf, append, tsc)
        progress('PIO round %d/%d' % (r + 1, args.pio_rounds))
    return append


# ---- report ----

def progress(msg):
    print('  ' + msg, file=sys.stderr, flush=True)


def spread(values, fmt):
    return (fmt + ' [' + fmt + '-' + fmt + ']') % (
        statistics.median(values), min(values), max(values))


def verdict(ratio, target):
    return '%.2fx (target <= %.2fx: %s)' % (
        ratio, target, 'met' if ratio <= target else 'MISSED')


def median_of(cfg, i):
    return statistics.median(s[i] for s in cfg.samples)


def find(cfgs, label):
    return next((c for c in cfgs if c.label == label and c.samples), None)


def ratio(value, base, fmt='%.2fx'):
    return fmt % (value / base) if base else '-'


def start_table(cfgs):
    anchor = find(cfgs, 'QEMU -M microvm')
    base_t = median_of(anchor, 0) if anchor else 0
    base_m = median_of(anchor, 1) if anchor else 0
    row = '  %-22s %3s  %-25s %-7s %-18s %s'
    lines = ['Start-to-exit: bench-exit.elf (its first instructions write '
             'isa-debug-exit)',
             '  median [min-max] over n interleaved runs; ratios to QEMU '
             '-M microvm',
             row % ('VMM', 'n', 'wall ms', 'ratio', 'peak RSS MiB',
                    'ratio')]
    for c in cfgs:
        if not c.samples:
            lines.append('  %-22s %s' % (c.label, c.error or 'not run'))
            continue
        t = [s[0] for s in c.samples]
        m = [s[1] for s in c.samples]
        lines.append(row % (c.label, len(t), spread(t, '%.1f'),
                            ratio(statistics.median(t), base_t),
                            spread(m, '%.1f'),
                            ratio(statistics.median(m), base_m)))
    if cfgs[0].samples and base_t:
        lines.append('  splitvm / QEMU microvm wall: ' + verdict(
            median_of(cfgs[0], 0) / base_t, START_TARGET))
    return lines


def pio_table(cfgs, append, tsc_khz):
    floor = find(cfgs, 'kvm-floor')
    base = median_of(floor, 0) if floor else 0
    base_net = base - median_of(floor, 3) if floor else 0
    row = '  %-22s %3s  %-25s %-7s %-7s %-8s %s'
    lines = ['PIO round trip: bench-pio.elf, outb to port 0x80 (%s)'
             % append,
             '  cycles/op: median [min-max] over n runs of each run\'s '
             'median batch; TSC %.0f MHz' % (tsc_khz / 1000.0),
             '  loop: the guest\'s cycles per iteration without the outb',
             row % ('VMM', 'n', 'cycles/op', 'us/op', 'ratio', 'loop',
                    'ratio net of loop')]
    for c in cfgs:
        if not c.samples:
            lines.append('  %-22s %s' % (c.label, c.error or 'not run'))
            continue
        v = [s[0] for s in c.samples]
        med = statistics.median(v)
        loop = median_of(c, 3)
        lines.append(row % (
            c.label, len(v), spread(v, '%.0f'),
            '%.2f' % (med * 1000.0 / tsc_khz) if tsc_khz else '-',
            ratio(med, base, '%.3fx'), '%.0f' % loop,
            ratio(med - loop, base_net, '%.3fx')))
    if cfgs[0].samples and base:
        lines.append('  splitvm / floor: ' + verdict(
            median_of(cfgs[0], 0) / base, PIO_TARGET))
    return lines


def floor_tsc_khz(floor, elf):
    """The vCPU TSC frequency, from kvm-floor -tsc; 0 if unknown."""
    try:
        p = subprocess.run([floor, '-tsc'] + FLOOR_RAM + [elf],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           encoding='utf-8', errors='replace', timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return 0
    t = TSC_LINE.search(p.stderr)
    return int(t.group(1)) if t else 0


def host_line():
    model = '?'
    try:
        with open('/proc/cpuinfo') as f:
            m = re.search(r'^model name\s*:\s*(.*)$', f.read(), re.M)
            model = m.group(1) if m else '?'
    except OSError:
        pass
    return 'host: %s, %d CPUs, Linux %s' % (model, os.cpu_count(),
                                            platform.release())


def decode_table(build, ref, splitvm):
    """Decoder throughput (docs/devel/x86-emulator.md): decode-bench over the
    .text of the reference QEMU and of splitvm, median of 3 runs."""
    tool = ensure_tool(build, 'decode-bench')
    rows = ['x86 decoder throughput (64-bit mode, linear sweep of .text, '
            'CPU time, median of 3)',
            '  %-44s %12s %10s %12s' % ('input', 'instructions', 'invalid',
                                        'M insn/s')]
    for elf in [f for f in (ref, splitvm) if f]:
        runs = []
        for _ in range(3):
            out = subprocess.run([tool, elf], capture_output=True, text=True)
            m = re.search(r'insns=(\d+) invalid=(\d+) .*minsn_per_s=([\d.]+)',
                          out.stdout)
            if m:
                runs.append((float(m.group(3)), m.group(1), m.group(2)))
        if runs:
            runs.sort()
            rate, n, bad = runs[len(runs) // 2]
            rows.append('  %-44s %12s %10s %12.1f' % (elf, n, bad, rate))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--build', default='build')
    ap.add_argument('--qemu', help='reference QEMU (default: from PATH)')
    ap.add_argument('--rounds', type=int, default=11)
    ap.add_argument('--slow-rounds', type=int, default=5,
                    help='rounds that include QEMU -M pc (~3 s of SeaBIOS '
                    'per boot)')
    ap.add_argument('--pio-rounds', type=int, default=9)
    ap.add_argument('--pio-n', type=int, default=2000)
    ap.add_argument('--pio-batches', type=int, default=9)
    ap.add_argument('--irq-rounds', type=int, default=5)
    ap.add_argument('--irq-n', type=int, default=500,
                    help='register accesses per batch')
    ap.add_argument('--irq-batches', type=int, default=7)
    ap.add_argument('--irq-nirq', type=int, default=64,
                    help='interrupts timed per run')
    ap.add_argument('--only', default='start,pio,irq,decode,emulate',
                    help='comma-separated sections to run')
    args = ap.parse_args()
    sections = set(args.only.split(','))

    if not os.access('/dev/kvm', os.R_OK | os.W_OK):
        print('bench: /dev/kvm is not accessible; nothing measured.')
        return 0
    build = args.build
    splitvm = os.path.join(build, 'qemu-system-x86_64')
    guests = os.path.join(build, 'tests', 'guest')
    exit_elf = os.path.join(guests, 'bench-exit.elf')
    pio_elf = os.path.join(guests, 'bench-pio.elf')
    irq_elf = os.path.join(guests, 'bench-irq.elf')
    for f in (splitvm, exit_elf, pio_elf, irq_elf):
        if not os.path.isfile(f):
            print('bench: %s is missing; run `make` first.' % f)
            return 1
    floor = ensure_tool(build, 'kvm-floor')
    spawn = ensure_tool(build, 'spawn-rusage')
    ref = find_reference(args.qemu, splitvm)

    lines = ['splitvm benchmarks, %s' % datetime.datetime.now().strftime(
                 '%Y-%m-%d %H:%M'),
             host_line(),
             'splitvm: %s' % version_of(splitvm),
             'reference: %s' % (version_of(ref) if ref else
                                'not found (no QEMU rows)')]
    tsc = []
    if 'start' in sections:
        start = start_configs(splitvm, ref, floor)
        bench_start(args, spawn, start, exit_elf)
        lines += [''] + start_table(start)
    if 'pio' in sections:
        pio = pio_configs(splitvm, ref, floor)
        append = bench_pio(args, pio, pio_elf, tsc)
        lines += [''] + pio_table(pio, append,
                                  statistics.median(tsc) if tsc else 0)
    if 'irq' in sections:
        irq = irqbench.run(args, splitvm, ref, VMM_ARGS, irq_elf, progress)
        tsc_khz = statistics.median(tsc) if tsc else floor_tsc_khz(
            floor, exit_elf)
        lines += [''] + irqbench.table(args, irq, tsc_khz)
    if 'decode' in sections:
        lines += [''] + decode_table(build, ref, splitvm)
    if 'emulate' in sections:
        emu = emubench.run(splitvm, VMM_ARGS,
                           os.path.join(guests, 'bench-emulate.elf'),
                           progress=progress, floor=floor)
        lines += [''] + emubench.table(emu)
    text = '\n'.join(lines) + '\n'
    print(text, end='')
    with open(os.path.join(build, 'bench-results.txt'), 'w') as f:
        f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
