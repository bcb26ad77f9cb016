"""Interrupt-controller benchmarks (issue 4), run by run-bench.py.

bench-irq.elf (tests/guest/bench-irq.c) times four operations with rdtsc
inside the guest; the same ELF runs under splitvm and the reference QEMU,
each with kernel-irqchip=split and =on:

  ioapic-read  IOREGSEL write + IOWIN read
  pit-latch    latch command + two reads of channel 0
  level-irq    pc-testdev asserts a level line -> handler deasserts, EOIs
  timer-irq    PIT one-shot -> IOAPIC pin 2 edge -> handler (latency past
               the count the PIT itself waits)

Timing runs carry all four benchmarks; separate runs under `perf stat -e
kvm:kvm_userspace_exit` count the VMM exits, one benchmark per run
(only=NAME), once with N operations and once with 2N, so that boot,
serial output and exit cost cancel out:

    exits/op = (exits(2N) - exits(N)) / (ops(2N) - ops(N)).

See docs/devel/benchmarks.md.
"""
import os
import re
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass, field

IRQ_STATUS = 1          # bench-irq.c returns 0: (0 << 1) | 1
PIT_HZ = 1193182
BENCHES = [             # (guest name, label, issue-4 target vs QEMU split)
    ('ioapic-read', 'IOAPIC select+read', 0.5),
    ('pit-latch', 'PIT latch + 2 reads', 0.75),
    ('level-irq', 'level IRQ round trip', 0.7),
    ('timer-irq', 'edge timer IRQ latency', None),
]
BENCH_LINE = re.compile(r'^BENCH (\S+) n=\d+ ops=(\d+) median=(\d+) '
                        r'min=(\d+) max=(\d+)(?: count=(\d+))?', re.M)
PERF_LINE = re.compile(r'^(\d+),[^,]*,kvm:kvm_userspace_exit', re.M)


@dataclass
class IrqConfig:
    label: str
    vmm: str                # 'splitvm' or 'QEMU'
    mode: str               # 'split' or 'on'
    cmd: list
    samples: dict = field(default_factory=dict)   # bench -> [median]
    ops: dict = field(default_factory=dict)       # bench -> ops per run
    exits: dict = field(default_factory=dict)     # bench -> exits/op
    count: int = 0          # the timer's PIT count
    error: str = ''
    exit_error: str = ''


def qboot_for(ref):
    """QEMU's minimal firmware: boots the multiboot ELF in ~0.3 s where
    SeaBIOS takes ~3 s, and the guest reprograms all it measures."""
    share = os.path.join(os.path.dirname(os.path.realpath(ref)), '..',
                         'share', 'qemu', 'qboot.rom')
    return ['-bios', 'qboot.rom'] if os.path.isfile(share) else []


def configs(splitvm, ref, vmm_args):
    dev = ['-device', 'pc-testdev']
    cfgs = [IrqConfig('splitvm split', 'splitvm', 'split',
                      [splitvm, '-M', 'pc,kernel-irqchip=split'] + vmm_args
                      + dev)]
    if ref:
        cfgs.append(IrqConfig('QEMU split', 'QEMU', 'split',
                              [ref, '-M', 'pc,kernel-irqchip=split']
                              + qboot_for(ref) + vmm_args + dev))
    cfgs.append(IrqConfig('splitvm on', 'splitvm', 'on',
                          [splitvm, '-M', 'pc,kernel-irqchip=on'] + vmm_args
                          + dev))
    if ref:
        cfgs.append(IrqConfig('QEMU on', 'QEMU', 'on',
                              [ref, '-M', 'pc,kernel-irqchip=on']
                              + qboot_for(ref) + vmm_args + dev))
    return cfgs


def last_line(text):
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return lines[-1][:100] if lines else '?'


def run_guest(cfg, elf, append, perf=None):
    """(BENCH matches, exit count or None, error string)."""
    cmd = cfg.cmd + ['-kernel', elf, '-append', append]
    out_file = None
    if perf:
        fd, out_file = tempfile.mkstemp(prefix='bench-perf-')
        os.close(fd)
        cmd = [perf, 'stat', '-x,', '-e', 'kvm:kvm_userspace_exit', '-o',
               out_file, '--'] + cmd
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           capture_output=True, encoding='utf-8',
                           errors='replace', timeout=120)
    except subprocess.TimeoutExpired:
        return [], None, 'timed out'
    finally:
        perf_text = ''
        if out_file:
            with open(out_file) as f:
                perf_text = f.read()
            os.unlink(out_file)
    if p.returncode != IRQ_STATUS:
        return [], None, 'exit status %d, not %d: %s' % (
            p.returncode, IRQ_STATUS, last_line(p.stderr + p.stdout))
    exits = None
    if perf:
        m = PERF_LINE.search(perf_text)
        if not m:
            return [], None, 'no perf count: ' + last_line(perf_text)
        exits = int(m.group(1))
    return BENCH_LINE.findall(p.stdout.replace('\r', '')), exits, ''


def guest_append(args, only='', scale=1):
    a = 'n=%d batches=%d nirq=%d' % (args.irq_n * scale, args.irq_batches,
                                     args.irq_nirq * scale)
    return a + (' only=' + only if only else '')


def bench_timing(args, cfgs, elf, progress):
    for r in range(args.irq_rounds):
        for cfg in cfgs:
            if cfg.error:
                continue
            found, _, err = run_guest(cfg, elf, guest_append(args))
            names = {m[0] for m in found}
            if err or names != {b[0] for b in BENCHES}:
                cfg.error = err or 'missing BENCH lines'
                continue
            for name, ops, med, _lo, _hi, count in found:
                cfg.samples.setdefault(name, []).append(int(med))
                cfg.ops[name] = int(ops)
                if count:
                    cfg.count = int(count)
        progress('interrupt-controller round %d/%d' % (r + 1,
                                                        args.irq_rounds))


def count_exits(cfg, elf, args, name, perf):
    """(exits/op, error): two runs of one benchmark, the second with
    twice the operations; everything else (boot, output) cancels out."""
    points = []
    for scale in (1, 2):
        found, exits, err = run_guest(cfg, elf,
                                      guest_append(args, name, scale), perf)
        ops = [int(m[1]) for m in found if m[0] == name]
        if err or not ops:
            return None, err or 'missing BENCH line'
        points.append((ops[0], exits))
    (ops1, e1), (ops2, e2) = points
    return (e2 - e1) / (ops2 - ops1), ''


def bench_exits(args, cfgs, elf, progress):
    perf = shutil.which('perf')
    for cfg in cfgs:
        if cfg.error:
            continue
        if not perf:
            cfg.exit_error = 'perf not installed (linux-perf)'
            continue
        for name, _label, _t in BENCHES:
            per_op, err = count_exits(cfg, elf, args, name, perf)
            if err:
                cfg.exit_error = err
                break
            cfg.exits[name] = per_op
    progress('interrupt-controller exit counts')


def run(args, splitvm, ref, vmm_args, elf, progress):
    cfgs = configs(splitvm, ref, vmm_args)
    bench_timing(args, cfgs, elf, progress)
    bench_exits(args, cfgs, elf, progress)
    return cfgs


# ---- report ----

def pit_wait_cycles(count, tsc_khz):
    return (count or 65536) * tsc_khz * 1000.0 / PIT_HZ


def values(cfg, name, tsc_khz):
    """Per-run medians, the timer's net of the PIT's own wait."""
    v = cfg.samples.get(name, [])
    if name == 'timer-irq' and tsc_khz:
        wait = pit_wait_cycles(cfg.count, tsc_khz)
        v = [x - wait for x in v]
    return v


def med(cfg, name, tsc_khz):
    v = values(cfg, name, tsc_khz)
    return statistics.median(v) if v else None


def find(cfgs, label):
    return next((c for c in cfgs if c.label == label), None)


def ratio_str(a, b):
    return '%.2fx' % (a / b) if a is not None and b else 'n/a'


def fmt_exits(cfg, name):
    if name in cfg.exits:
        return '%.2f' % cfg.exits[name]
    return 'n/a'


def detail_table(cfgs, tsc_khz):
    row = '  %-24s %-14s %3s  %-27s %-8s %s'
    lines = [row % ('benchmark', 'VMM', 'n', 'cycles/op', 'us/op',
                    'exits/op')]
    for name, label, _t in BENCHES:
        first = True
        for c in cfgs:
            head = label if first else ''
            first = False
            if c.error:
                lines.append('  %-24s %-14s n/a (%s)' % (head, c.label,
                                                         c.error))
                continue
            v = values(c, name, tsc_khz)
            m = statistics.median(v)
            lines.append(row % (
                head, c.label, len(v),
                '%.0f [%.0f-%.0f]' % (m, min(v), max(v)),
                '%.2f' % (m * 1000.0 / tsc_khz) if tsc_khz else '-',
                fmt_exits(c, name)))
    return lines


def side_by_side(cfgs, tsc_khz):
    sv_s, q_s = find(cfgs, 'splitvm split'), find(cfgs, 'QEMU split')
    sv_o, q_o = find(cfgs, 'splitvm on'), find(cfgs, 'QEMU on')

    def m(c, name):
        return med(c, name, tsc_khz) if c and not c.error else None

    def ex(c, name):
        return fmt_exits(c, name) if c and not c.error else 'n/a'

    row = '  %-24s %-8s %-8s %-7s %-17s %-9s | %-8s %-8s %-7s | %s'
    lines = [row % ('cycles/op (median)', 'sv split', 'Q split', 'ratio',
                    'target', 'exits sv/Q', 'sv on', 'Q on', 'ratio',
                    'sv split/on')]
    for name, label, target in BENCHES:
        a, b, c, d = (m(sv_s, name), m(q_s, name), m(sv_o, name),
                      m(q_o, name))
        if target is None:
            verdict = '-'
        elif a is None or not b:
            verdict = 'n/a'
        else:
            verdict = '<=%.2fx %s' % (target, 'met' if a / b <= target
                                      else 'MISSED')
        lines.append(row % (
            label, '%.0f' % a if a is not None else 'n/a',
            '%.0f' % b if b is not None else 'n/a', ratio_str(a, b),
            verdict, '%s/%s' % (ex(sv_s, name), ex(q_s, name)),
            '%.0f' % c if c is not None else 'n/a',
            '%.0f' % d if d is not None else 'n/a', ratio_str(c, d),
            ratio_str(a, c)))
    return lines


def table(args, cfgs, tsc_khz):
    count = next((c.count for c in cfgs if c.count), 0)
    lines = ['Interrupt controllers (issue 4): bench-irq.elf, -device '
             'pc-testdev (%s)' % guest_append(args),
             '  cycles/op: median [min-max] over n runs of each run\'s '
             'median; exits/op: VMM exits per operation',
             '  (perf kvm:kvm_userspace_exit; runs with N and 2N operations, '
             'difference / N); TSC %.0f MHz' % (tsc_khz / 1000.0)]
    if count and tsc_khz:
        lines.append('  timer: cycles past the PIT\'s own %d counts '
                     '(%.0f cycles)' % (count,
                                        pit_wait_cycles(count, tsc_khz)))
    errs = ['  %s: exits n/a (%s)' % (c.label, c.exit_error)
            for c in cfgs if c.exit_error and not c.error]
    return (lines + detail_table(cfgs, tsc_khz) + errs + [''] +
            ['Side by side: splitvm (sv) vs QEMU (Q), same irqchip mode'] +
            side_by_side(cfgs, tsc_khz))
