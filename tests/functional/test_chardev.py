#!/usr/bin/env python3
"""Character devices with real peers: a tiny guest (tests/guest/portio.c)
prints on COM1 through -serial/-chardev backends and the test reads the
other end -- a file, stdout, a unix or TCP socket (the VMM as server, with
and without wait, and as client), a pty. With waitrx=1 the guest first
waits for a byte from the peer, so nothing is printed before the test is
connected (QEMU, like splitvm, drops output while no peer is there), and
the input direction is tested too. With halt=1 the guest then stays up
until the test stops the VMM, so closing the VMM's end (a reset for
unread input, a hang-up flush on a pty) cannot cut the output short.
Needs /dev/kvm.

Reference QEMU 7.2 facts: "-serial pty" prints "char device redirected
to /dev/pts/N (label serial0)" on stdout (not stderr); a server with wait=on prints
"info: QEMU waiting for connection on: disconnected:unix:P,server=on"
and builds the machine only once a client is there.
"""
import os
import re
import select
import socket
import subprocess
import time

import qemu_test as qt

from qemu_test import (GUEST_ARGS, case, contains, eq, file_text, finish,
                       free_tcp_port, guest, init, kvm_skip_reason,
                       recv_until, run, splitvm_only, start, stop, tmpdir,
                       wait_for)

KVM_SKIP = None
P = 'qemu-system-x86_64: '


def portio(append='', extra=None):
    return GUEST_ARGS + (extra or []) + ['-kernel', guest('portio'),
                                         '-append', append]


def expect_guest_exit(p, timeout=20):
    """The guest ends through isa-debug-exit with code 0: status 1."""
    try:
        out, err = p.communicate(timeout=qt.scaled(timeout))
    except Exception:
        p.kill()
        raise
    eq(p.returncode, 1, 'status (stderr %r)' % err)
    return out, err


def test_file():
    d = tmpdir()
    out = os.path.join(d, 'serial.txt')
    r = run(portio('debugcon=0xe9', ['-serial', 'file:' + out,
                                     '-debugcon', 'file:' + out + '.dbg']))
    eq(r.returncode, 1, 'status')
    text = file_text(out)
    contains(text, 'PORTIO-START\n')
    contains(text, 'PORTIO-DEBUGCON 0xe9\n')
    eq(file_text(out + '.dbg'), 'DEBUGCON-OUTPUT\n', 'debugcon file')
    # The same through -chardev file and chardev:ID.
    out2 = os.path.join(d, 'serial2.txt')
    r = run(portio('', ['-chardev', 'file,id=f0,path=' + out2,
                        '-serial', 'chardev:f0']))
    eq(r.returncode, 1, 'status')
    contains(file_text(out2), 'PORTIO-START\n')
    for f in (out, out + '.dbg', out2):
        os.unlink(f)
    os.rmdir(d)


def test_stdio_null_none():
    r = run(portio('', ['-serial', 'stdio']))
    eq(r.returncode, 1, 'status')
    contains(r.stdout, 'PORTIO-START\n')
    # null: COM1 exists, output discarded; none: no COM1 at all (its
    # ports are unassigned, so the guest's writes go nowhere). The guest
    # runs to its exit either way.
    for spec in ('null', 'none'):
        r = run(portio('', ['-serial', spec]))
        eq(r.returncode, 1, spec + ' status')
        eq(r.stdout, '', spec + ' stdout')


def accept_and_talk(conn, timeout=30):
    # Send until the guest answers: under the reference QEMU, SeaBIOS
    # resets the UART (dropping what it had) before the guest runs.
    conn.settimeout(0.5)
    data = b''
    deadline = time.monotonic() + qt.scaled(timeout)
    while b'PORTIO-HALTING' not in data:
        if time.monotonic() > deadline:
            raise AssertionError('no answer, got %r' % data)
        if b'PORTIO-RX' not in data:
            conn.sendall(b'x')
        try:
            chunk = conn.recv(4096)
        except socket.timeout:
            continue
        if not chunk:
            raise AssertionError('EOF, got %r' % data)
        data += chunk
    text = data.decode(errors='replace').replace('\r\n', '\n')
    text += recv_until(conn, '\n') if not text.endswith('\n') else ''
    contains(text, 'PORTIO-RX 0x78\nPORTIO-START\n')
    return text


def server_case(kind):
    def fn():
        d = tmpdir()
        path = os.path.join(d, 'serial.sock')
        if kind == 'unix':
            spec = ['-chardev', 'socket,id=c0,path=%s,server=on,wait=off'
                    % path, '-serial', 'chardev:c0']
            addr, family = path, socket.AF_UNIX
        else:
            port = free_tcp_port()
            spec = ['-serial', 'tcp:127.0.0.1:%d,server=on,wait=off' % port]
            addr, family = ('127.0.0.1', port), socket.AF_INET
        p = start(portio('waitrx=1 halt=1', spec))
        try:
            s = socket.socket(family)

            def try_connect():
                try:
                    s.connect(addr)
                    return True
                except OSError:
                    return False
            wait_for(try_connect, 10, 'the socket')
            accept_and_talk(s)
            s.close()
            eq(stop(p)[0], 0, 'status after SIGTERM')
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        if os.path.exists(path):
            os.unlink(path)
        os.rmdir(d)
    return fn


def test_server_wait():
    # wait=on: nothing is built until a client connects.
    d = tmpdir()
    path = os.path.join(d, 'serial.sock')
    p = start(portio('', ['-serial', 'unix:%s,server=on,wait=on' % path]))
    try:
        wait_for(lambda: os.path.exists(path), 10, 'the socket')
        # QEMU's message, on stderr, before any connection.
        line = p.stderr.readline()
        eq(line, P + '-serial unix:%s,server=on,wait=on: info: QEMU waiting '
           'for connection on: disconnected:unix:%s,server=on\n'
           % (path, path), 'waiting message')
        time.sleep(0.3)
        if p.poll() is not None:
            raise AssertionError('exited while waiting')
        s = socket.socket(socket.AF_UNIX)
        s.connect(path)
        recv_until(s, 'PORTIO-START\n')
        s.close()
        expect_guest_exit(p)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    if os.path.exists(path):
        os.unlink(path)
    os.rmdir(d)


def test_signal_while_waiting():
    # QEMU 7.2 has no handler yet while a wait=on server waits for its
    # client: SIGTERM kills it (status -15 here, 143 in a shell); so does
    # splitvm, rather than ignoring the signal until someone connects.
    d = tmpdir()
    path = os.path.join(d, 'serial.sock')
    p = start(['-M', 'none', '-display', 'none', '-serial',
               'unix:%s,server=on,wait=on' % path])
    try:
        wait_for(lambda: os.path.exists(path), 10, 'the socket')
        status, _, _ = stop(p)
        eq(status, -15, 'status')
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    if os.path.exists(path):
        os.unlink(path)
    os.rmdir(d)


def client_case(kind):
    # The VMM connects to a server the test runs.
    def fn():
        d = tmpdir()
        if kind == 'unix':
            path = os.path.join(d, 'listen.sock')
            srv = socket.socket(socket.AF_UNIX)
            srv.bind(path)
            spec = ['-chardev', 'socket,id=c0,path=' + path,
                    '-serial', 'chardev:c0']
        else:
            srv = socket.socket(socket.AF_INET)
            srv.bind(('127.0.0.1', 0))
            spec = ['-serial', 'tcp:127.0.0.1:%d' % srv.getsockname()[1]]
        srv.listen(1)
        srv.settimeout(qt.scaled(10))
        p = start(portio('waitrx=1 halt=1', spec))
        try:
            conn, _ = srv.accept()
            accept_and_talk(conn)
            conn.close()
            eq(stop(p)[0], 0, 'status after SIGTERM')
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
            srv.close()
        if kind == 'unix':
            os.unlink(path)
        os.rmdir(d)
    return fn


def test_client_refused():
    d = tmpdir()
    path = os.path.join(d, 'nobody.sock')
    r = run(portio('', ['-chardev', 'socket,id=c0,path=' + path,
                        '-serial', 'chardev:c0']))
    eq(r.returncode, 1, 'status')
    contains(r.stderr, P + '-chardev socket,id=c0,path=%s: ' % path)
    contains(r.stderr, 'No such file or directory')
    os.rmdir(d)


def test_pty():
    # halt=1 keeps the VM (and the pty master) alive while we read: when
    # the master closes, the kernel flushes what the slave had not read.
    p = start(portio('waitrx=1 halt=1', ['-serial', 'pty']))
    try:
        m = None
        for _ in range(5):
            line = p.stdout.readline()
            m = re.match(r'^char device redirected to (/dev/pts/\d+) '
                         r'\(label serial0\)$', line.strip())
            if m or not line:
                break
        if not m:
            raise AssertionError('redirect message %r' % line)
        fd = os.open(m.group(1), os.O_RDWR | os.O_NOCTTY)
        try:
            if not os.isatty(fd):
                raise AssertionError('not a terminal')
            import tty
            tty.setraw(fd)
            data = b''
            deadline = time.monotonic() + qt.scaled(30)
            while b'PORTIO-HALTING\r\n' not in data:
                if b'PORTIO-RX' not in data:
                    os.write(fd, b'x')   # again: see accept_and_talk
                if time.monotonic() > deadline:
                    raise AssertionError('pty output %r' % data)
                if select.select([fd], [], [], 0.5)[0]:
                    data += os.read(fd, 4096)
            contains(data.decode(), 'PORTIO-RX 0x78\r\nPORTIO-START\r\n')
        finally:
            os.close(fd)
        status, _, _ = stop(p)
        eq(status, 0, 'status after SIGTERM')
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def test_machine_none_no_default_serial():
    """QEMU 7.2 -machine none (no_serial): query-chardev lists only the
    monitor's chardev, even without -nodefaults."""
    r = subprocess.run([qt.QEMU, '-machine', 'none', '-accel',
                        'qtest', '-display', 'none', '-qmp', 'stdio'],
                       input='{"execute": "qmp_capabilities"}\n'
                             '{"execute": "query-chardev"}\n'
                             '{"execute": "quit"}\n',
                       capture_output=True, text=True, timeout=20)
    eq(r.returncode, 0, 'status (stderr %r)' % r.stderr)
    contains(r.stdout, '{"return": [{"frontend-open": true, "filename": '
             '"stdio", "label": "compat_monitor0"}]}\n')


def test_qtest_stdio_eof_closed():
    """End of input on -qtest stdio is logged as CLOSED while the VMM runs
    on, as QEMU 7.2 does ("[I +t] CLOSED" after the last reply)."""
    p = start(['-machine', 'none', '-accel', 'qtest', '-display', 'none',
               '-nodefaults', '-qtest', 'stdio'], stdin=subprocess.PIPE)
    p.stdin.write('outb 0x80 0x1\n')
    p.stdin.close()
    p.stdin = None              # communicate() must not flush it
    log = b''
    deadline = time.monotonic() + 5
    try:
        while b'CLOSED' not in log and time.monotonic() < deadline:
            if select.select([p.stderr], [], [], 0.1)[0]:
                chunk = os.read(p.stderr.fileno(), 4096)
                if not chunk:
                    break
                log += chunk
        eq(p.poll(), None, 'still running after end of input')
    finally:
        status, out, err = stop(p)
    check = re.search(r'\[S \+[0-9.]+\] OK\n\[I \+[0-9.]+\] CLOSED\n',
                      log.decode())
    eq(bool(check), True, 'CLOSED after the reply in %r' % log)
    eq(out, 'OK\n', 'stdout')


def main():
    global KVM_SKIP
    init()
    KVM_SKIP = kvm_skip_reason()
    case('-serial file:, -chardev file, -debugcon file:', test_file,
         skip=KVM_SKIP)
    case('-serial stdio, null, none', test_stdio_null_none, skip=KVM_SKIP)
    case('socket unix server (wait=off), input and output',
         server_case('unix'), skip=KVM_SKIP)
    case('socket tcp server (wait=off), input and output',
         server_case('tcp'), skip=KVM_SKIP)
    case('socket unix server wait=on waits for the client',
         test_server_wait, skip=KVM_SKIP)
    case('SIGTERM while a wait=on server waits', test_signal_while_waiting)
    case('socket unix client', client_case('unix'), skip=KVM_SKIP)
    case('socket tcp client', client_case('tcp'), skip=KVM_SKIP)
    case('socket client with no server fails', test_client_refused,
         skip=KVM_SKIP or splitvm_only('QEMU words the error differently'))
    case('pty: redirect message, input and output', test_pty, skip=KVM_SKIP)
    no_qtest = splitvm_only('the reference QEMU has no qtest accelerator')
    case('-machine none has no default serial chardev',
         test_machine_none_no_default_serial, skip=no_qtest)
    case('-qtest stdio: end of input is logged as CLOSED',
         test_qtest_stdio_eof_closed, skip=no_qtest)
    finish()


if __name__ == '__main__':
    main()
