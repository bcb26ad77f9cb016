"""Launch qemu-system-x86_64 with monitors on UNIX sockets and talk to them.

Only the standard library. QMP messages are read as CRLF-terminated lines
(the server never pretty-prints unless asked); events that arrive while a
reply is awaited are kept in a list, as libqtest does.
"""
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import time


class TapRunner:
    """Run test functions and print TAP; a skip is an ok with # SKIP."""

    def __init__(self):
        self.tests = []

    def add(self, fn):
        self.tests.append(fn)
        return fn

    def run(self, skip_all=None):
        print('1..%d' % len(self.tests), flush=True)
        failed = 0
        for i, fn in enumerate(self.tests, 1):
            name = fn.__name__
            if skip_all:
                print('ok %d - %s # SKIP %s' % (i, name, skip_all))
                continue
            try:
                start = time.time()
                fn()
                print('ok %d - %s' % (i, name), flush=True)
                if time.time() - start > 2:
                    print('# took %.1f s' % (time.time() - start))
            except Skip as e:
                print('ok %d - %s # SKIP %s' % (i, name, e), flush=True)
            except Exception as e:  # noqa: BLE001 - report every failure
                failed += 1
                print('not ok %d - %s' % (i, name))
                for line in ('%s: %s' % (type(e).__name__, e)).splitlines():
                    print('# ' + line, flush=True)
        return 1 if failed else 0


class Skip(Exception):
    pass


def usable_accel(binary):
    """'kvm' with a usable /dev/kvm, else 'qtest' if the binary lists it.

    None only when neither exists: the one case where a suite that needs
    -machine none may skip. Anything else that stops the VMM from starting
    is a failure, so a broken binary cannot pass as skipped.
    """
    if os.access('/dev/kvm', os.R_OK | os.W_OK):
        return 'kvm'
    try:
        r = subprocess.run([binary, '-accel', 'help'], capture_output=True,
                           timeout=30)
    except OSError:
        return None
    if r.returncode == 0 and 'qtest' in r.stdout.decode().split():
        return 'qtest'
    return None


def check(cond, msg='check failed'):
    if not cond:
        raise AssertionError(msg)


def eq(got, want):
    if got != want:
        raise AssertionError('got %r, want %r' % (got, want))


class Monitor:
    """One connected monitor socket."""

    def __init__(self, sock, timeout=10):
        self.sock = sock
        self.sock.settimeout(timeout)
        self.buf = b''
        self.events = []

    def send_raw(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def read_line(self):
        while b'\r\n' not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError('monitor closed; pending %r' % self.buf)
            self.buf += chunk
        line, self.buf = self.buf.split(b'\r\n', 1)
        return line.decode()

    def read_until(self, text):
        """HMP: read until text appears, return everything before it."""
        while text.encode() not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError('monitor closed; pending %r' % self.buf)
            self.buf += chunk
        out, self.buf = self.buf.split(text.encode(), 1)
        return out.decode()

    def close(self):
        self.sock.close()


class QMP(Monitor):
    def recv(self):
        """Next message, raw line and parsed."""
        line = self.read_line()
        return json.loads(line)

    def recv_reply(self):
        while True:
            msg = self.recv()
            if 'event' in msg:
                self.events.append(msg)
                continue
            return msg

    def cmd_raw(self, text):
        self.send_raw(text)
        return self.recv_reply()

    def cmd(self, name, args=None, **extra):
        req = {'execute': name}
        if args is not None:
            req['arguments'] = args
        req.update(extra)
        return self.cmd_raw(json.dumps(req) + '\n')

    def ok(self, name, args=None):
        r = self.cmd(name, args)
        if 'return' not in r:
            raise AssertionError('%s failed: %r' % (name, r))
        return r['return']

    def error(self, name, args=None):
        r = self.cmd(name, args)
        if 'error' not in r:
            raise AssertionError('%s did not fail: %r' % (name, r))
        return r['error']['class'], r['error']['desc']

    def greet_and_negotiate(self):
        greeting = self.recv()
        check('QMP' in greeting, 'no greeting: %r' % greeting)
        eq(self.cmd('qmp_capabilities'), {'return': {}})
        return greeting

    def take_event(self, name):
        for i, e in enumerate(self.events):
            if e['event'] == name:
                return self.events.pop(i)
        return None


class VM:
    """A VMM process with any number of socket monitors.

    qmp_clients/hmp_clients: monitors where we listen and the VMM connects
    (libqtest's way); qmp_servers/hmp_servers: -qmp/-monitor unix servers
    that we connect to (libvirt's way).
    """

    def __init__(self, binary, args, qmp_clients=1, qmp_servers=0,
                 hmp_servers=0, pretty=False):
        self.dir = tempfile.mkdtemp(prefix='splitvm-mon-')
        self.binary = binary
        self.listeners = []
        argv = [binary, '-display', 'none', '-nodefaults']
        for i in range(qmp_clients):
            path = os.path.join(self.dir, 'qmpc%d' % i)
            ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            ls.bind(path)
            ls.listen(1)
            ls.settimeout(10)
            self.listeners.append(ls)
            argv += ['-chardev', 'socket,path=%s,id=qmpc%d' % (path, i),
                     '-mon', 'chardev=qmpc%d,mode=control%s'
                     % (i, ',pretty=on' if pretty else '')]
        self.server_paths = []
        for i in range(qmp_servers):
            path = os.path.join(self.dir, 'qmps%d' % i)
            self.server_paths.append(('qmp', path))
            argv += ['-qmp', 'unix:%s,server=on,wait=off' % path]
        for i in range(hmp_servers):
            path = os.path.join(self.dir, 'hmps%d' % i)
            self.server_paths.append(('hmp', path))
            argv += ['-monitor', 'unix:%s,server=on,wait=off' % path]
        argv += args
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.clients = []
        for ls in self.listeners:
            self.clients.append(QMP(self._accept(ls)))
        self.qmp = self.clients[0] if self.clients else None

    def _accept(self, ls, timeout=10):
        """Wait for the VMM to connect; give up at once if it exited."""
        ls.settimeout(0.05)
        deadline = time.time() + timeout
        while True:
            try:
                conn, _ = ls.accept()
                return conn
            except socket.timeout:
                if self.proc.poll() is not None or time.time() > deadline:
                    self.kill()
                    raise AssertionError('VMM never connected: %s' %
                                         self.stderr_text())

    def connect(self, index):
        kind, path = self.server_paths[index]
        deadline = time.time() + 10
        while True:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                s.close()
                if time.time() > deadline or self.proc.poll() is not None:
                    raise AssertionError('cannot connect to %s: %s'
                                         % (path, self.stderr_text()))
                time.sleep(0.02)
        return QMP(s) if kind == 'qmp' else Monitor(s)

    def wait(self, timeout=10):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError('VMM did not exit')

    def stderr_text(self):
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            return '(still running)'
        return self.proc.stderr.read().decode(errors='replace')

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def close(self):
        self.kill()
        for c in self.clients:
            c.close()
        for ls in self.listeners:
            ls.close()
        for name in os.listdir(self.dir):
            try:
                os.unlink(os.path.join(self.dir, name))
            except OSError:
                pass
        os.rmdir(self.dir)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


TIMESTAMP = re.compile(r'^\{"timestamp": \{"seconds": \d+, '
                       r'"microseconds": \d+\}, "event": ')
