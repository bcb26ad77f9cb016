#!/usr/bin/env python3
"""Count test cases from meson's testlog.json.

Every test program in the tree speaks TAP (GLib's --tap, the guest runner,
the fuzz smoke runner): each "ok"/"not ok" line is one case. A test that
printed no TAP counts as one case decided by its exit status. Skipped cases
("# SKIP reason") are listed with their reason and counted as neither passed
nor failed. The last line printed is "N passed, N failed".
"""
import json
import re
import sys

TAP_LINE = re.compile(r'^(not ok|ok)\b[^#]*(#\s*(SKIP|TODO)\b\s*(.*))?',
                      re.IGNORECASE)


def count(entry):
    passed, failed, skipped = 0, 0, []
    saw_tap = False
    for line in (entry.get('stdout') or '').splitlines():
        m = TAP_LINE.match(line.strip())
        if not m:
            continue
        saw_tap = True
        name = line.strip()
        if m.group(3) and m.group(3).upper() == 'SKIP':
            skipped.append('%s: %s' % (entry['name'], name))
        elif m.group(1).lower() == 'ok':
            passed += 1
        else:
            failed += 1
    result = entry.get('result', '')
    if not saw_tap:
        if result == 'OK':
            passed += 1
        elif result == 'SKIP':
            skipped.append('%s: skipped' % entry['name'])
        else:
            failed += 1
    elif result not in ('OK', 'SKIP', 'EXPECTEDFAIL') and failed == 0:
        # The program crashed or timed out after its last TAP line.
        failed += 1
    return passed, failed, skipped


def main():
    passed, failed, skipped = 0, 0, []
    try:
        with open(sys.argv[1]) as f:
            for line in f:
                line = line.strip()
                if line:
                    p, fl, s = count(json.loads(line))
                    passed += p
                    failed += fl
                    skipped += s
    except OSError as e:
        print('cannot read test log: %s' % e)
        failed += 1
    if skipped:
        print('skipped (%d): %s' % (len(skipped), '; '.join(skipped)))
    else:
        print('skipped (0)')
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
