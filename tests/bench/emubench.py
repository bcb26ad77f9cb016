"""Userspace instruction emulation benchmark (issue 5) for run-bench.py.

bench-emulate.elf reads a dword of pc-testdev's I/O RAM with `mov` (one
KVM_EXIT_MMIO handled by the device model) and with `fildl` (KVM's
emulator gives up; splitvm decodes and executes it in userspace), and
prints cycles per instruction. The issue's target: the emulated access
costs at most 2x the plain MMIO exit. The reference QEMU cannot run the
second loop (it stops the VM at the first emulation failure), so only
splitvm is measured.
"""
import re
import statistics
import subprocess

EMULATE_TARGET = 2.0
LINE = re.compile(r'BENCH (mmio-mov|mmio-emulated-int|mmio-emulated) .*median=(\d+) '
                  r'min=(\d+) max=(\d+)')


def run(splitvm, vmm_args, elf, rounds=5, n=500, batches=7, progress=None):
    """Medians per round for each loop, or an error string."""
    got = {'mmio-mov': [], 'mmio-emulated': [], 'mmio-emulated-int': []}
    for i in range(rounds):
        if progress:
            progress('emulate round %d/%d' % (i + 1, rounds))
        cmd = [splitvm] + vmm_args + ['-device', 'pc-testdev', '-kernel',
                                      elf, '-append',
                                      'n=%d batches=%d' % (n, batches)]
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                               capture_output=True, encoding='utf-8',
                               errors='replace', timeout=120)
        except subprocess.TimeoutExpired:
            return 'timed out'
        for m in LINE.finditer(p.stdout):
            got[m.group(1)].append(int(m.group(2)))
        if p.returncode != 1:
            return 'exit status %d: %s' % (p.returncode,
                                           p.stderr.strip()[-200:])
    return got


def table(result):
    rows = ['Userspace-emulated MMIO instruction (bench-emulate.elf, '
            'cycles per instruction, median of round medians)']
    if isinstance(result, str):
        return rows + ['  not measured: ' + result]
    mov = statistics.median(result['mmio-mov'])
    rows += ['  %-44s %10d  (%s)' % ('mov (%mmio): KVM_EXIT_MMIO', mov,
                                     spread(result['mmio-mov']))]
    for key, label in (('mmio-emulated',
                        'fildl (%mmio): emulated, x87 state moved'),
                       ('mmio-emulated-int',
                        'cmpxchg16b (%mmio): emulated, integer')):
        if not result[key]:
            rows.append('  %-44s not measured' % label)
            continue
        emu = statistics.median(result[key])
        ratio = emu / mov if mov else 0
        rows.append('  %-44s %10d  (%s)  ratio %.2fx, target <= %.1fx: %s'
                    % (label, emu, spread(result[key]), ratio,
                       EMULATE_TARGET,
                       'met' if ratio <= EMULATE_TARGET else 'NOT met'))
    rows += ['  (the reference QEMU stops the VM at the first fildl)']
    return rows


def spread(values):
    return 'round medians %d-%d' % (min(values), max(values))
