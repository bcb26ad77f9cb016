#!/usr/bin/env python3
"""Process behaviour: -daemonize and -pidfile with a real detached
process, SIGTERM/SIGINT/SIGHUP ending the VMM with status 0, -D/-d log
files. The machine is built with -accel qtest (no CPU runs), so none of
this needs /dev/kvm; the signal case with a running vCPU is in
test_run_control.

Reference QEMU 7.2 facts (checked with -accel kvm -M none):
- the parent returns 0 once the daemon is set up; the daemon's parent is
  init, it is not a session leader (double fork), its cwd is / and its
  stdin/stdout/stderr are /dev/null;
- the pid file holds the daemon's pid and a newline, stays locked, and a
  second instance fails with "cannot create PID file: Cannot lock pid
  file: Resource temporarily unavailable", status 1;
- the pid file is removed when the daemon exits;
- SIGTERM prints "terminating on signal 15 from pid N (name)", status 0.
"""
import os
import signal
import time

from qemu_test import (case, contains, eq, file_text, finish, init, pid_gone,
                       run, start, stop, tmpdir, wait_for)

P = 'qemu-system-x86_64: '
# A machine without firmware or CPUs: the qtest accelerator.
IDLE = ['-accel', 'qtest', '-display', 'none', '-nodefaults']


def read_pid(path):
    return int(wait_for(lambda: file_text(path).strip(), 10,
                        'the pid file'))


def test_daemonize_pidfile():
    d = tmpdir()
    pidfile = os.path.join(d, 'vm.pid')
    t0 = time.monotonic()
    r = run(IDLE + ['-daemonize', '-pidfile', pidfile], timeout=20)
    # The parent returns only after the daemon reports success.
    eq(r.returncode, 0, 'parent status')
    eq(r.stdout + r.stderr, '', 'parent output')
    if time.monotonic() - t0 > 10:
        raise AssertionError('the parent took too long')
    text = file_text(pidfile)
    pid = int(text)
    eq(text, '%d\n' % pid, 'pid file contents')
    try:
        with open('/proc/%d/stat' % pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        ppid, sid = int(fields[1]), int(fields[3])
        if ppid == os.getpid():
            raise AssertionError('the daemon is still our child')
        if sid == pid:
            raise AssertionError('the daemon is a session leader')
        eq(os.readlink('/proc/%d/cwd' % pid), '/', 'cwd')
        for fd in (0, 1, 2):
            eq(os.readlink('/proc/%d/fd/%d' % (pid, fd)), '/dev/null',
               'fd %d' % fd)
        # The pid file is locked: a second instance fails.
        r = run(IDLE + ['-pidfile', pidfile], timeout=20)
        eq(r.returncode, 1, 'second instance status')
        eq(r.stderr, P + 'cannot create PID file: Cannot lock pid file: '
                         'Resource temporarily unavailable\n')
        eq(file_text(pidfile), text, 'pid file after the second instance')
    finally:
        os.kill(pid, signal.SIGTERM)
    wait_for(lambda: pid_gone(pid), 10, 'the daemon to exit')
    # Removed at exit.
    wait_for(lambda: not os.path.exists(pidfile), 5, 'pid file removal')
    os.rmdir(d)


def test_daemonize_failure():
    # An error after the fork (here: the kernel file) still reaches the
    # terminal, and the parent's status is 1.
    d = tmpdir()
    r = run(IDLE + ['-daemonize', '-kernel', os.path.join(d, 'none.elf')],
            timeout=20)
    eq(r.returncode, 1, 'parent status')
    contains(r.stderr, "qemu: could not open kernel file")
    os.rmdir(d)


def test_pidfile_foreground():
    d = tmpdir()
    pidfile = os.path.join(d, 'vm.pid')
    p = start(IDLE + ['-pidfile', pidfile])
    wait_for(lambda: file_text(pidfile), 10, 'the pid file')
    eq(file_text(pidfile), '%d\n' % p.pid, 'contents')
    status, _, _ = stop(p)
    eq(status, 0, 'status')
    eq(os.path.exists(pidfile), False, 'pid file left behind')
    # A pid file in a directory that does not exist.
    r = run(IDLE + ['-pidfile', os.path.join(d, 'no', 'vm.pid')])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, P + 'cannot create PID file: Cannot open pid file: No '
                     'such file or directory\n')
    os.rmdir(d)


def signal_case(sig):
    def fn():
        p = start(IDLE)
        time.sleep(0.3)
        if p.poll() is not None:
            raise AssertionError('exited early: %r' % (p.communicate(),))
        status, out, err = stop(p, sig)
        eq(status, 0, 'status')
        # Under -accel qtest QEMU stays quiet (qtest_driver); the message
        # is checked with a KVM guest in test_run_control.
        eq(out, '', 'stdout')
    return fn


def test_log_file():
    d = tmpdir()
    log = os.path.join(d, 'log')
    # -D without -d: QEMU 7.2 creates the (empty) file.
    p = start(IDLE + ['-D', log])
    wait_for(lambda: os.path.exists(log), 10, 'the log file')
    stop(p)
    eq(file_text(log), '', 'log contents')
    r = run(IDLE + ['-D', os.path.join(d, 'no', 'log')])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, P + 'Error opening logfile %s: No such file or directory\n'
       % os.path.join(d, 'no', 'log'))
    os.unlink(log)
    os.rmdir(d)


def test_process_name():
    p = start(IDLE + ['-name', 'vm1,process=splitvm-test1'])
    try:
        wait_for(lambda: file_text('/proc/%d/comm' % p.pid).strip() ==
                 'splitvm-test1', 10, 'the process name')
    finally:
        stop(p)


def main():
    init()
    case('-daemonize -pidfile: detached daemon, locked pid file',
         test_daemonize_pidfile)
    case('-daemonize: an error after the fork reaches the terminal',
         test_daemonize_failure)
    case('-pidfile without -daemonize', test_pidfile_foreground)
    case('SIGTERM: status 0', signal_case(signal.SIGTERM))
    case('SIGINT: status 0', signal_case(signal.SIGINT))
    case('SIGHUP: status 0', signal_case(signal.SIGHUP))
    case('-D log file', test_log_file)
    case('-name process= sets the process name', test_process_name)
    finish()


if __name__ == '__main__':
    main()
