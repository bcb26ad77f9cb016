#!/usr/bin/env python3
"""End-to-end QMP tests: the built binary, real sockets, QEMU's formats.

Usage: qmp-test.py --qemu BINARY --guest-dir DIR   (TAP on stdout)

-machine none runs with KVM when /dev/kvm is usable, otherwise with the
qtest accelerator; the pc cases need /dev/kvm and skip without it.
"""
import argparse
import json
import os
import re
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vmlib import VM, Skip, TapRunner, usable_accel, TIMESTAMP, check, eq  # noqa: E402

T = TapRunner()
OPTS = None
HAVE_KVM = os.access('/dev/kvm', os.R_OK | os.W_OK)
ACCEL = ['-accel', 'kvm' if HAVE_KVM else 'qtest']
NONE = ['-machine', 'none'] + ACCEL


def vm(args=None, **kw):
    return VM(OPTS.qemu, NONE + (args or []), **kw)


def pc_vm(extra=None, **kw):
    if not HAVE_KVM:
        raise Skip('no usable /dev/kvm for -machine pc')
    args = ['-machine', 'pc', '-accel', 'kvm', '-S', '-kernel',
            os.path.join(OPTS.guest_dir, 'hello.elf')] + (extra or [])
    return VM(OPTS.qemu, args, **kw)


@T.add
def greeting():
    with vm() as v:
        line = v.qmp.read_line()
        eq(line, '{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, '
           '"major": 7}, "package": "splitvm %s"}, "capabilities": []}}'
           % OPTS.version)


@T.add
def negotiation():
    with vm() as v:
        v.qmp.recv()
        eq(v.qmp.error('query-status'),
           ('CommandNotFound',
            "Expecting capabilities negotiation with 'qmp_capabilities'"))
        # libqtest's exact bytes: single quotes, no arguments.
        eq(v.qmp.cmd_raw("{ 'execute': 'qmp_capabilities' }\n"),
           {'return': {}})
        eq(v.qmp.error('qmp_capabilities'),
           ('CommandNotFound',
            'Capabilities negotiation is already complete, command ignored'))
        eq(v.qmp.ok('query-status')['status'], 'running')


@T.add
def id_echo():
    with vm() as v:
        v.qmp.greet_and_negotiate()
        for ident in (1, 'x', {'a': [1, None]}, [True]):
            r = v.qmp.cmd('query-kvm', id=ident)
            eq(r['id'], ident)
        # Verbatim, as QEMU 7.2: uint64 ids, %.17g doubles, QDict order.
        v.qmp.send_raw('{"execute": "query-name", "id": '
                       '[12345678901234567890, 0.1, {"b": 1, "a": 2}]}')
        eq(v.qmp.read_line(), '{"return": {}, "id": [12345678901234567890, '
           '0.10000000000000001, {"a": 2, "b": 1}]}')
        r = v.qmp.cmd('nope', id=9)
        eq(r['id'], 9)
        eq(r['error']['class'], 'CommandNotFound')


@T.add
def query_commands_all_work():
    """Every advertised command exists and answers (no CommandNotFound)."""
    with vm(['-S']) as v:
        v.qmp.greet_and_negotiate()
        names = [c['name'] for c in v.qmp.ok('query-commands')]
        for want in ('query-version', 'query-status', 'query-name',
                     'query-kvm', 'query-cpus-fast', 'query-commands',
                     'query-machines', 'query-chardev', 'qom-list-types',
                     'qom-list', 'qom-get', 'qom-set',
                     'device-list-properties', 'stop', 'cont',
                     'system_reset', 'system_powerdown', 'quit',
                     'human-monitor-command', 'qmp_capabilities'):
            check(want in names, '%s not in query-commands' % want)
        for name in names:
            if name in ('quit', 'qmp_capabilities'):
                continue
            r = v.qmp.cmd(name)
            if 'error' in r:
                eq(r['error']['class'], 'GenericError')
                check(re.match(r"Parameter '.*' is missing",
                               r['error']['desc']), r)


@T.add
def query_version_name_kvm():
    with vm(['-name', 'guest1']) as v:
        v.qmp.greet_and_negotiate()
        eq(v.qmp.ok('query-version'),
           {'qemu': {'micro': 0, 'minor': 2, 'major': 7},
            'package': 'splitvm %s' % OPTS.version})
        eq(v.qmp.ok('query-name'), {'name': 'guest1'})
        eq(v.qmp.ok('query-kvm'), {'enabled': HAVE_KVM, 'present': True})
    with vm() as v:
        v.qmp.greet_and_negotiate()
        eq(v.qmp.ok('query-name'), {})


@T.add
def query_status_stop_cont_events():
    with vm(['-S']) as v:
        q = v.qmp
        q.greet_and_negotiate()
        eq(q.ok('query-status'),
           {'status': 'prelaunch', 'singlestep': False, 'running': False})
        # stop while not running: no event (QEMU 7.2 behaviour).
        q.send_raw('{"execute": "stop"}\n')
        eq(q.recv(), {'return': {}})
        q.send_raw('{"execute": "cont", "id": 1}\n')
        ev = q.recv()
        eq(ev['event'], 'RESUME')
        check('data' not in ev)
        eq(q.recv(), {'return': {}, 'id': 1})
        eq(q.ok('query-status')['running'], True)
        q.send_raw('{"execute": "stop"}\n')
        line = q.read_line()
        check(TIMESTAMP.match(line), line)
        eq(json.loads(line)['event'], 'STOP')
        eq(q.recv(), {'return': {}})
        eq(q.ok('query-status'),
           {'status': 'paused', 'singlestep': False, 'running': False})


@T.add
def system_reset_and_powerdown_events():
    with vm() as v:
        q = v.qmp
        q.greet_and_negotiate()
        q.send_raw('{"execute": "system_reset"}\n')
        ev = q.recv()
        eq((ev['event'], ev['data']),
           ('RESET', {'guest': False, 'reason': 'host-qmp-system-reset'}))
        eq(q.recv(), {'return': {}})
        q.send_raw('{"execute": "system_powerdown"}\n')
        ev = q.recv()
        eq(ev['event'], 'POWERDOWN')
        check('data' not in ev)
        eq(q.recv(), {'return': {}})
        eq(q.ok('query-status')['status'], 'running')


@T.add
def quit_event_and_exit_status():
    with vm() as v:
        q = v.qmp
        q.greet_and_negotiate()
        q.send_raw('{"execute": "quit", "id": "q"}\n')
        ev = q.recv()
        eq((ev['event'], ev['data']),
           ('SHUTDOWN', {'guest': False, 'reason': 'host-qmp-quit'}))
        eq(q.recv(), {'return': {}, 'id': 'q'})
        eq(v.wait(), 0)


def signal_case(sig):
    with vm() as v:
        q = v.qmp
        q.greet_and_negotiate()
        v.proc.send_signal(sig)
        ev = q.recv()
        eq((ev['event'], ev['data']),
           ('SHUTDOWN', {'guest': False, 'reason': 'host-signal'}))
        eq(v.wait(), 0)


@T.add
def sigterm_shutdown():
    signal_case(signal.SIGTERM)


@T.add
def sigint_shutdown():
    signal_case(signal.SIGINT)


@T.add
def query_machines():
    with vm() as v:
        v.qmp.greet_and_negotiate()
        machines = {m['name']: m for m in v.qmp.ok('query-machines')}
        pc = machines['pc-i440fx-7.2']
        eq((pc['alias'], pc['is-default'], pc['cpu-max']), ('pc', True, 255))
        eq(machines['none']['is-default'], False)
        check('alias' not in machines['none'])


@T.add
def query_chardev():
    with vm(['-chardev', 'null,id=spare']) as v:
        v.qmp.greet_and_negotiate()
        devs = {c['label']: c for c in v.qmp.ok('query-chardev')}
        eq(devs['spare'], {'frontend-open': False, 'filename': 'null',
                           'label': 'spare'})
        check(devs['qmpc0']['frontend-open'])
        check(devs['qmpc0']['filename'].startswith('unix:'), devs['qmpc0'])
        # A chardev id is a partial QOM path, as on QEMU 7.2.
        eq(v.qmp.ok('qom-get', {'path': 'spare', 'property': 'type'}),
           'chardev-null')


@T.add
def qom_tree_machine_none():
    with vm() as v:
        q = v.qmp
        q.greet_and_negotiate()
        eq(q.ok('qom-list', {'path': '/'}),
           [{'name': 'type', 'type': 'string'},
            {'name': 'machine', 'type': 'child<none-machine>'},
            {'name': 'chardevs', 'type': 'child<container>'}])
        eq(q.ok('qom-get', {'path': '/machine', 'property': 'type'}),
           'none-machine')
        # A child<> property reads as the child's path (QEMU 7.2 checked).
        eq(q.ok('qom-get', {'path': '/machine', 'property': 'peripheral'}),
           '/machine/peripheral')
        eq(q.ok('qom-get', {'path': '/', 'property': 'machine'}), '/machine')
        kids = {p['name'] for p in q.ok('qom-list', {'path': '/machine'})}
        check({'unattached', 'peripheral', 'peripheral-anon'} <= kids, kids)
        eq(q.ok('qom-list', {'path': '/machine/peripheral'}),
           [{'name': 'type', 'type': 'string'}])
        chardevs = q.ok('qom-list', {'path': '/chardevs'})
        check({'name': 'qmpc0', 'type': 'child<chardev-socket>'} in chardevs,
              chardevs)
        eq(q.error('qom-list', {'path': '/nope'}),
           ('DeviceNotFound', "Device '/nope' not found"))
        eq(q.error('qom-get', {'path': '/machine', 'property': 'xyz'}),
           ('GenericError', "Property 'none-machine.xyz' not found"))
        eq(q.ok('query-cpus-fast'), [])


@T.add
def qom_list_types():
    with vm() as v:
        q = v.qmp
        q.greet_and_negotiate()
        devs = {t['name']: t for t in
                q.ok('qom-list-types', {'implements': 'device',
                                        'abstract': False})}
        eq(devs['isa-serial'], {'name': 'isa-serial', 'parent': 'isa-device'})
        check('isa-debug-exit' in devs and 'device' not in devs, devs)
        check('none-machine' not in devs)
        every = {t['name'] for t in q.ok('qom-list-types',
                                         {'abstract': True})}
        check({'device', 'none-machine', 'kvm-accel', 'isa-serial'} <= every)
        machines = {t['name'] for t in q.ok('qom-list-types',
                                            {'implements': 'machine'})}
        eq(machines, {'pc-i440fx-7.2-machine', 'none-machine'})


@T.add
def device_list_properties():
    with vm() as v:
        q = v.qmp
        q.greet_and_negotiate()
        props = {p['name']: p for p in
                 q.ok('device-list-properties', {'typename': 'isa-debugcon'})}
        eq(props['iobase'], {'name': 'iobase', 'type': 'uint32',
                             'default-value': 0xe9})
        eq(props['readback']['default-value'], 0xe9)
        eq(q.error('device-list-properties', {'typename': 'nope'}),
           ('DeviceNotFound', "Device 'nope' not found"))
        eq(q.error('device-list-properties', {'typename': 'device'})[0],
           'GenericError')


@T.add
def human_monitor_command():
    with vm(['-S']) as v:
        q = v.qmp
        q.greet_and_negotiate()

        def hmp(line):
            return q.ok('human-monitor-command', {'command-line': line})
        eq(hmp('info status'), 'VM status: paused (prelaunch)\r\n')
        eq(hmp('bogus'), "unknown command: 'bogus'\r\n")
        eq(hmp('info registers'), 'No CPU available\r\n')
        check(hmp('info qtree').startswith(
            'bus: main-system-bus\r\n  type System\r\n'))
        check(hmp('info mtree').startswith('address-space: memory\r\n'))
        check('info status' in hmp('help info'))
        check('system_reset' in hmp('help'))
        q.send_raw('{"execute": "human-monitor-command", "arguments": '
                   '{"command-line": "system_reset"}}\n')
        eq(q.recv()['event'], 'RESET')
        eq(q.recv(), {'return': ''})
        q.send_raw('{"execute": "human-monitor-command", "arguments": '
                   '{"command-line": "quit"}}\n')
        eq(q.recv()['data'], {'guest': False, 'reason': 'host-qmp-quit'})
        eq(q.recv(), {'return': ''})
        eq(v.wait(), 0)


@T.add
def malformed_input_recovers():
    with vm() as v:
        q = v.qmp
        q.greet_and_negotiate()
        bad = [b'{]\n', b'{\xff', b'{\x01', b"{'bad \xff'",
               b"{'execute': 'nonexistent', 'id':'\n", b'%p\n', b'[1]\n',
               b'3\n', b'{"execute" 3}\n', b'{}\n', b'{"execute": true}\n',
               b'{"execute": "x", "arguments": []}\n',
               b'{"execute": "x", "extra": 1}\n']
        for data in bad:
            q.send_raw(data)
            r = q.recv()
            eq(r['error']['class'], 'GenericError')
            check('id' not in r, r)
            # Still usable after every kind of garbage.
            eq(q.cmd_raw("{ 'execute': 'no-such-cmd' }\n")['error']['class'],
               'CommandNotFound')
        # A request split across writes, and two in one write.
        q.send_raw('{"execute": "query-')
        time.sleep(0.05)
        q.send_raw('kvm", "id": 3}{"execute": "query-name", "id": 4}')
        eq(q.recv()['id'], 3)
        eq(q.recv(), {'return': {}, 'id': 4})
        # A huge string argument is an ordinary request.
        r = q.cmd('qom-get', {'path': 'x' * 100000, 'property': 'type'})
        eq(r['error']['class'], 'DeviceNotFound')


@T.add
def argument_errors():
    with vm() as v:
        q = v.qmp
        q.greet_and_negotiate()
        eq(q.error('qom-list'), ('GenericError',
                                 "Parameter 'path' is missing"))
        eq(q.error('qom-list', {'path': 3}),
           ('GenericError',
            "Invalid parameter type for 'path', expected: string"))
        eq(q.error('query-status', {'a': 1}),
           ('GenericError', "Parameter 'a' is unexpected"))


@T.add
def several_monitors():
    with vm(qmp_clients=2, qmp_servers=2) as v:
        a, b = v.clients
        c, d = v.connect(0), v.connect(1)
        for m in (a, b, c):
            m.greet_and_negotiate()
        d.recv()                    # greeted, never negotiated
        a.send_raw('{"execute": "stop"}\n')
        eq(a.recv()['event'], 'STOP')
        eq(a.recv(), {'return': {}})
        for m in (b, c):
            eq(m.recv()['event'], 'STOP')
        # d gets no event before negotiation: its next line is a reply.
        eq(d.cmd('query-status')['error']['class'], 'CommandNotFound')
        eq(c.ok('query-status')['status'], 'paused')
        c.close()
        d.close()


@T.add
def reconnect_restarts_negotiation():
    with vm(qmp_servers=1) as v:
        m = v.connect(0)
        m.greet_and_negotiate()
        m.close()
        m = v.connect(0)
        m.recv()
        eq(m.error('query-status')[0], 'CommandNotFound')
        m.close()


@T.add
def pretty_output():
    with vm(pretty=True) as v:
        q = v.qmp
        buf = b''
        while not buf.endswith(b'}\r\n') or buf.count(b'{') != buf.count(b'}'):
            buf += q.sock.recv(4096)
        check(buf.startswith(b'{\n    "QMP": {\n        "version": {\n'), buf)
        q.send_raw("{'execute': 'qmp_capabilities'}")
        out = b''
        while not out.endswith(b'}\r\n'):
            out += q.sock.recv(4096)
        eq(out, b'{\n    "return": {\n    }\n}\r\n')


@T.add
def pc_cpus_qom_and_registers():
    with pc_vm(['-chardev', 'null,id=n', '-device',
                'isa-debugcon,chardev=n,id=dc,iobase=0x402']) as v:
        q = v.qmp
        q.greet_and_negotiate()
        cpus = q.ok('query-cpus-fast')
        eq(len(cpus), 1)
        cpu = cpus[0]
        eq((cpu['cpu-index'], cpu['target']), (0, 'x86_64'))
        check(cpu['thread-id'] > 0 and cpu['thread-id'] != v.proc.pid, cpu)
        check(os.path.exists('/proc/%d/task/%d' % (v.proc.pid,
                                                   cpu['thread-id'])))
        eq(q.ok('qom-get', {'path': cpu['qom-path'], 'property': 'type'}),
           'qemu64-x86_64-cpu')
        eq(q.ok('qom-get', {'path': '/machine', 'property': 'type'}),
           'pc-i440fx-7.2-machine')
        eq(q.ok('qom-list', {'path': '/machine/peripheral'})[1],
           {'name': 'dc', 'type': 'child<isa-debugcon>'})
        regs = q.ok('human-monitor-command',
                    {'command-line': 'info registers'})
        check(regs.startswith('\r\nCPU#0\r\nEAX='), regs)
        eq(q.ok('human-monitor-command', {'command-line': 'info registers',
                                          'cpu-index': 0}), regs)
        eq(q.error('human-monitor-command', {'command-line': 'info status',
                                             'cpu-index': 1}),
           ('GenericError', "Parameter 'cpu-index' expects a CPU number"))
        check(re.search(r'\r\nCS =0008 ', regs), regs)
        eq(q.ok('human-monitor-command', {'command-line': 'info status'}),
           'VM status: paused (prelaunch)\r\n')
        check('isa-debugcon, id "dc"' in q.ok(
            'human-monitor-command', {'command-line': 'info qtree'}))
        check('isa-debugcon' in q.ok('human-monitor-command',
                                     {'command-line': 'info mtree'}))


def triple_vm(extra):
    if not HAVE_KVM:
        raise Skip('no usable /dev/kvm for -machine pc')
    return VM(OPTS.qemu, ['-machine', 'pc', '-accel', 'kvm', '-S', '-kernel',
                          os.path.join(OPTS.guest_dir, 'triple.elf')] + extra)


def next_event(q, name):
    while True:
        ev = q.recv()
        if ev.get('event') == name:
            return ev
        check('event' in ev, 'reply while waiting for %s: %r' % (name, ev))


@T.add
def guest_reset_event():
    """A triple fault is a guest reset: RESET with guest true."""
    with triple_vm([]) as v:
        q = v.qmp
        q.greet_and_negotiate()
        eq(q.ok('cont'), {})
        ev = next_event(q, 'RESET')
        eq(ev['data'], {'guest': True, 'reason': 'guest-reset'})
        eq(q.ok('query-status')['status'], 'running')


@T.add
def guest_reset_with_no_reboot_exits():
    with triple_vm(['-no-reboot']) as v:
        q = v.qmp
        q.greet_and_negotiate()
        eq(q.ok('cont'), {})
        ev = next_event(q, 'SHUTDOWN')
        eq(ev['data'], {'guest': True, 'reason': 'guest-reset'})
        eq(v.wait(), 0)


@T.add
def no_shutdown_pauses():
    """-no-shutdown: shutdowns pause (QEMU 7.2 checked), quit still exits."""
    with triple_vm(['-no-reboot', '-no-shutdown']) as v:
        q = v.qmp
        q.greet_and_negotiate()
        eq(q.ok('cont'), {})
        ev = next_event(q, 'SHUTDOWN')
        eq(ev['data'], {'guest': True, 'reason': 'guest-reset'})
        eq(next_event(q, 'STOP')['event'], 'STOP')
        eq(q.ok('query-status'),
           {'status': 'shutdown', 'singlestep': False, 'running': False})
        eq(q.error('cont'), ('GenericError',
                             'Resetting the Virtual Machine is required'))
        # Under -no-reboot a reset is a shutdown, which pauses again.
        q.send_raw('{"execute": "system_reset"}\n')
        eq(q.recv()['data'], {'guest': False,
                              'reason': 'host-qmp-system-reset'})
        eq(q.recv(), {'return': {}})
        eq(q.ok('query-status')['status'], 'shutdown')
        q.send_raw('{"execute": "quit"}\n')
        eq(q.recv()['data'], {'guest': False, 'reason': 'host-qmp-quit'})
        eq(v.wait(), 0)


@T.add
def registers_while_running():
    with pc_vm() as v:
        q = v.qmp
        q.greet_and_negotiate()
        eq(q.ok('cont'), {})
        time.sleep(0.2)
        for _ in range(3):
            regs = q.ok('human-monitor-command',
                        {'command-line': 'info registers'})
            check(regs.startswith('\r\nCPU#0\r\n'), regs)
            eq(q.ok('query-status')['status'], 'running')


def qtest_inb(v, sock, port):
    sock.sendall(b'inb 0x%x\n' % port)
    buf = b''
    while not buf.endswith(b'\n'):
        buf += sock.recv(4096)
    for line in buf.decode().splitlines():
        if line.startswith('OK'):
            return int(line.split()[1], 16)
    raise AssertionError('qtest reply %r' % buf)


@T.add
def qom_set_visible_effect():
    """qom-set on debugcon 'readback' changes what a port read returns."""
    if not HAVE_KVM:
        raise Skip('no usable /dev/kvm for -machine pc')
    path = os.path.join(OPTS.guest_dir, 'hello.elf')
    ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    qpath = '/tmp/splitvm-qmp-qtest-%d.sock' % os.getpid()
    if os.path.exists(qpath):
        os.unlink(qpath)
    ls.bind(qpath)
    ls.listen(1)
    ls.settimeout(10)
    v = VM(OPTS.qemu, ['-machine', 'pc', '-accel', 'kvm', '-S',
                       '-kernel', path, '-qtest', 'unix:' + qpath,
                       '-qtest-log', 'none', '-chardev', 'null,id=n',
                       '-device', 'isa-debugcon,chardev=n,id=dc,'
                       'iobase=0x402'])
    with v:
        qsock = None
        ls.settimeout(0.05)
        deadline = time.time() + 10
        while not qsock and time.time() < deadline and v.proc.poll() is None:
            try:
                qsock, _ = ls.accept()
            except socket.timeout:
                pass
        if not qsock:
            raise AssertionError('-qtest did not connect: %s' %
                                 v.stderr_text().strip())
        q = v.qmp
        q.greet_and_negotiate()
        eq(qtest_inb(v, qsock, 0x402), 0xe9)
        eq(q.ok('qom-set', {'path': '/machine/peripheral/dc',
                            'property': 'readback', 'value': 0x42}), {})
        eq(q.ok('qom-get', {'path': 'dc', 'property': 'readback'}), 0x42)
        eq(qtest_inb(v, qsock, 0x402), 0x42)
        eq(q.error('qom-set', {'path': 'dc', 'property': 'iobase',
                               'value': 1})[0], 'GenericError')
        eq(q.error('qom-set', {'path': 'dc', 'property': 'readback',
                               'value': 'x'}),
           ('GenericError',
            "Invalid parameter type for 'readback', expected: integer"))
        qsock.close()
    ls.close()
    os.unlink(qpath)


@T.add
def qom_set_errors():
    with pc_vm(['-chardev', 'null,id=n', '-device',
                'isa-debugcon,chardev=n,id=dc,iobase=0x402']) as v:
        q = v.qmp
        q.greet_and_negotiate()
        eq(q.ok('qom-set', {'path': 'dc', 'property': 'readback',
                            'value': 7}), {})
        eq(q.ok('qom-get', {'path': '/machine/peripheral/dc',
                            'property': 'readback'}), 7)
        eq(q.error('qom-set', {'path': 'dc', 'property': 'iobase',
                               'value': 1}),
           ('GenericError', "Attempt to set property 'iobase' on device "
            "'dc' (type 'isa-debugcon') after it was realized"))
        eq(q.error('qom-set', {'path': '/x', 'property': 'a', 'value': 1}),
           ('DeviceNotFound', "Device '/x' not found"))


@T.add
def qtest_accel_cpu_objects():
    """-accel qtest has CPU objects with (idle) threads, as QEMU's does."""
    with VM(OPTS.qemu, ['-machine', 'pc', '-accel', 'qtest', '-smp', '2']) as v:
        q = v.qmp
        q.greet_and_negotiate()
        cpus = q.ok('query-cpus-fast')
        eq([(c['cpu-index'], c['qom-path'], c['target'], c['props'])
            for c in cpus],
           [(0, '/machine/unattached/device[0]', 'x86_64',
             {'core-id': 0, 'thread-id': 0, 'socket-id': 0}),
            (1, '/machine/unattached/device[1]', 'x86_64',
             {'core-id': 1, 'thread-id': 0, 'socket-id': 0})])
        for c in cpus:
            check(c['thread-id'] != v.proc.pid and os.path.exists(
                '/proc/%d/task/%d' % (v.proc.pid, c['thread-id'])), c)
            eq(q.ok('qom-get', {'path': c['qom-path'], 'property': 'type'}),
               'qemu64-x86_64-cpu')


def main():
    global OPTS
    ap = argparse.ArgumentParser()
    ap.add_argument('--qemu', required=True)
    ap.add_argument('--guest-dir', required=True)
    ap.add_argument('--version', required=True)
    OPTS = ap.parse_args()
    if usable_accel(OPTS.qemu) is None:
        return T.run('neither /dev/kvm nor the qtest accelerator is usable')
    return T.run()


if __name__ == '__main__':
    sys.exit(main())
