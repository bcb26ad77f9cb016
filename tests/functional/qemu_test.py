"""Helpers for the functional tests of the qemu-system-x86_64 binary.

Each test file is a TAP program run by meson: it calls case() for every
check and finish() at the end. Cases that need /dev/kvm (a guest must run)
or a privilege (a mount namespace) are reported as skipped with the reason.
Only the Python 3 standard library is used.

Usage of a test file:
  test_X.py --qemu BUILD/qemu-system-x86_64 --guest-dir BUILD/tests/guest
            [--reference]

With --reference the binary is the distribution's QEMU 7.2: every run gets
"-accel kvm -cpu qemu64" (its default accelerator is TCG, and its -cpu
host aborts on this kind of host), and cases that check splitvm-only
behaviour skip, saying why. That proves the guest-based cases test what
QEMU does, not what splitvm happens to do.
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

QEMU = None
GUEST_DIR = None
REFERENCE = False
REFERENCE_ARGS = ['-accel', 'kvm', '-cpu', 'qemu64']
# The reference boots SeaBIOS first: seconds per boot on a slow KVM.
REFERENCE_SLOWDOWN = 5


def scaled(timeout):
    return timeout * REFERENCE_SLOWDOWN if REFERENCE else timeout
_count = 0
_failed = 0

# Every guest run: no default devices, no display, the exit device where
# the guest runtime expects it.
GUEST_ARGS = ['-nodefaults', '-display', 'none',
              '-device', 'isa-debug-exit,iobase=0xf4,iosize=4']


def init():
    global QEMU, GUEST_DIR, REFERENCE
    p = argparse.ArgumentParser()
    p.add_argument('--qemu', required=True)
    p.add_argument('--guest-dir', required=True)
    p.add_argument('--reference', action='store_true')
    a = p.parse_args()
    REFERENCE = a.reference
    QEMU = shutil.which(a.qemu) if REFERENCE else os.path.abspath(a.qemu)
    GUEST_DIR = os.path.abspath(a.guest_dir)
    print('# VMM: %s%s' % (QEMU, ' (reference)' if REFERENCE else ''))


def splitvm_only(why):
    """Skip reason for a splitvm-specific case under --reference."""
    return 'splitvm-specific: ' + why if REFERENCE else None


def _cmd(args):
    return [QEMU] + (REFERENCE_ARGS if REFERENCE else []) + args


def guest(name):
    return os.path.join(GUEST_DIR, name + '.elf')


def kvm_skip_reason():
    """None if guests can run, else why not."""
    try:
        fd = os.open('/dev/kvm', os.O_RDWR)
        os.close(fd)
    except OSError as e:
        return '/dev/kvm is not usable (%s)' % e.strerror
    return None


def case(name, fn, skip=None):
    """Run fn(); an AssertionError or any exception fails the case."""
    global _count, _failed
    _count += 1
    if skip:
        print('ok %d - %s # SKIP %s' % (_count, name, skip))
        sys.stdout.flush()
        return
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - every failure is reported
        _failed += 1
        print('not ok %d - %s' % (_count, name))
        for line in traceback.format_exception(type(e), e, e.__traceback__):
            for sub in line.rstrip().splitlines():
                print('# ' + sub)
    else:
        print('ok %d - %s' % (_count, name))
    sys.stdout.flush()


def finish():
    print('1..%d' % _count)
    sys.exit(1 if _failed else 0)


def run(args, timeout=20, **kw):
    """Run to completion; returns CompletedProcess with text output.
    stdin is empty unless input= is given."""
    if 'input' not in kw:
        kw.setdefault('stdin', subprocess.DEVNULL)
    return subprocess.run(_cmd(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=scaled(timeout), **kw)


def start(args, **kw):
    """Start in the background with piped stdout/stderr."""
    kw.setdefault('stdin', subprocess.DEVNULL)
    kw.setdefault('stdout', subprocess.PIPE)
    kw.setdefault('stderr', subprocess.PIPE)
    return subprocess.Popen(_cmd(args), text=True, **kw)


def stop(proc, sig=signal.SIGTERM, timeout=10):
    """Signal proc and wait; returns (status, stdout, stderr)."""
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError('did not exit %ds after signal %d'
                             % (timeout, sig))
    return proc.returncode, out, err


def wait_for(cond, timeout=10, what='condition'):
    deadline = time.monotonic() + scaled(timeout)
    while time.monotonic() < deadline:
        v = cond()
        if v:
            return v
        time.sleep(0.02)
    raise AssertionError('timed out waiting for ' + what)


def file_text(path):
    try:
        with open(path, errors='replace') as f:
            return f.read()
    except FileNotFoundError:
        return ''


def pid_gone(pid):
    """True when pid has exited (a zombie nobody reaps counts as gone)."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0] in ('Z', 'X')
    except FileNotFoundError:
        return True


def free_tcp_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def recv_until(sock, marker, timeout=30):
    """Read until marker; the guest's "\r\n" line ends come back as "\n"."""
    timeout = scaled(timeout)
    sock.settimeout(timeout)
    data = b''
    deadline = time.monotonic() + timeout
    while marker.encode() not in data.replace(b'\r\n', b'\n'):
        if time.monotonic() > deadline:
            raise AssertionError('no %r in %r' % (marker, data))
        chunk = sock.recv(4096)
        if not chunk:
            raise AssertionError('EOF before %r in %r' % (marker, data))
        data += chunk
    return data.decode(errors='replace').replace('\r\n', '\n')


def eq(a, b, what=''):
    if a != b:
        raise AssertionError('%s: %r != %r' % (what or 'value', a, b))


def contains(haystack, needle, what=''):
    if needle not in haystack:
        raise AssertionError('%s: %r not in %r'
                             % (what or 'text', needle, haystack))


def tmpdir():
    return tempfile.mkdtemp(prefix='splitvm-func-')
