#!/usr/bin/env python3
"""Smoke-run a libFuzzer target over its seed corpus; TAP on stdout.

Usage: run-fuzz.py --name N --corpus DIR [--runs R] --seconds S FUZZER
                   [LIBFUZZER-FLAG...]
       run-fuzz.py --name N --skip REASON
New inputs go to a temporary directory, never into the source corpus; a
crash, leak or sanitizer report fails the case and keeps the reproducer
path in the log. With --runs the run is R executions from seed 1 (the
same inputs every time for a given tree) and --seconds only caps it.
"""
import argparse
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--name', required=True)
    ap.add_argument('--corpus')
    ap.add_argument('--seconds', type=int, default=5)
    ap.add_argument('--runs', type=int)
    ap.add_argument('--skip')
    ap.add_argument('fuzzer', nargs='?')
    a, flags = ap.parse_known_args()
    a.flags = flags
    print('1..2')
    if a.skip:
        print('ok 1 - %s seeds # SKIP %s' % (a.name, a.skip))
        print('ok 2 - %s smoke run # SKIP %s' % (a.name, a.skip))
        return 0
    status = 0
    with tempfile.TemporaryDirectory(prefix='fuzz-') as work:
        seeds = sorted(os.listdir(a.corpus))
        # Every seed on its own first: a known input must never crash.
        r = subprocess.run([a.fuzzer] + a.flags + [os.path.join(a.corpus, s)
                                         for s in seeds],
                           capture_output=True, text=True, timeout=120)
        if r.returncode == 0:
            print('ok 1 - %s seeds (%d inputs)' % (a.name, len(seeds)))
        else:
            status = 1
            print('not ok 1 - %s seeds' % a.name)
            for line in r.stderr.splitlines()[-40:]:
                print('# ' + line)
        limit = ['-runs=%d' % a.runs] if a.runs else []
        r = subprocess.run([a.fuzzer] + a.flags + ['-seed=1'] + limit +
                           ['-max_total_time=%d' % a.seconds,
                            '-artifact_prefix=%s/' % work,
                            '-print_final_stats=1', work, a.corpus],
                           capture_output=True, text=True,
                           timeout=a.seconds + 120)
        execs = [ln for ln in r.stderr.splitlines()
                 if ln.startswith('stat::number_of_executed_units')]
        if r.returncode == 0:
            print('ok 2 - %s smoke run (%s)' % (
                a.name,
                execs[0].split(':')[-1].strip() + ' runs' if execs else ''))
        else:
            status = 1
            print('not ok 2 - %s smoke run' % a.name)
            for line in r.stderr.splitlines()[-60:]:
                print('# ' + line)
    return status


if __name__ == '__main__':
    sys.exit(main())
