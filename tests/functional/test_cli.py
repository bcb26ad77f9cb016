#!/usr/bin/env python3
"""The command line as a user sees it: banners, help texts, exit statuses
and error messages of the binary. No guest runs; where a machine must be
built, -accel qtest stands in for KVM so these cases need no /dev/kvm.

Facts checked against the reference QEMU 7.2 (Debian 12) are noted; where
splitvm differs on purpose the comment says so.
"""
import os
import re
import shutil
import subprocess
import time

from qemu_test import (case, contains, eq, finish, init, run, tmpdir)
import qemu_test as qt

P = 'qemu-system-x86_64: '


def test_version():
    # QEMU 7.2: "QEMU emulator version 7.2.x (...)" then a copyright line,
    # exit 0; libvirt parses the first line.
    r = run(['-version'])
    eq(r.returncode, 0, 'status')
    lines = r.stdout.splitlines()
    if not re.match(r'^QEMU emulator version 7\.2\.\d+ \(splitvm [\d.]+\)$',
                    lines[0]):
        raise AssertionError('version line %r' % lines[0])
    contains(lines[1], 'Copyright')
    eq(r.stderr, '', 'stderr')
    eq(run(['--version']).stdout, r.stdout, '--version')


def test_help():
    # QEMU 7.2: -h, -help and --help print the version line, then
    # "usage: qemu-system-x86_64 [options] [disk_image]", exit 0.
    for opt in ('-h', '-help', '--help'):
        r = run([opt])
        eq(r.returncode, 0, opt + ' status')
        lines = r.stdout.splitlines()
        contains(lines[0], 'QEMU emulator version 7.2')
        if 'usage: qemu-system-x86_64 [options]' not in r.stdout:
            raise AssertionError('no usage line in ' + opt)
        for needed in ('-machine', '-accel', '-smp', '-kernel', '-device',
                       '-chardev', '-serial', '-daemonize', '-pidfile'):
            contains(r.stdout, '\n' + needed, opt)
        eq(r.stderr, '', 'stderr')


def test_invalid_option():
    # QEMU 7.2 prints exactly this, status 1, nothing on stdout.
    for opt in ('-foo', '--foo', '-enable-kvmx'):
        r = run([opt])
        eq(r.returncode, 1, 'status')
        eq(r.stderr, P + opt + ': invalid option\n', 'stderr')
        eq(r.stdout, '', 'stdout')
    r = run(['-display', 'none', '-m'])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, P + '-m: requires an argument\n', 'stderr')


def test_unsupported_options():
    # Recognised QEMU options this build cannot honour name themselves
    # and fail; they are never ignored.
    for args in (['-drive', 'file=disk.img'], ['-netdev', 'user,id=n'],
                 ['-usb'], ['-vnc', ':0'], ['-object', 'iothread,id=i'],
                 ['-incoming', 'defer']):
        r = run(['-display', 'none'] + args)
        eq(r.returncode, 1, args[0] + ' status')
        want = P + ' '.join(args) + \
            ': this option is not supported by splitvm yet\n'
        eq(r.stderr, want, args[0])
    r = run(['-display', 'none', '-bios', 'bios.bin'])
    eq(r.returncode, 1, 'status')
    contains(r.stderr, P + '-bios bios.bin: booting firmware is not '
             'supported yet')
    # tcg is a known accelerator name that is not implemented yet.
    r = run(['-display', 'none', '-accel', 'tcg'])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, P + "-accel tcg: accelerator 'tcg' is not supported yet\n")
    r = run(['-display', 'gtk'])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, P + "-display gtk: Display 'gtk' is not available.\n")


def test_device_help():
    # QEMU 7.2's layout; "?" is the old spelling of "help".
    r = run(['-device', 'help'])
    eq(r.returncode, 0, 'status')
    for dev in ('isa-debug-exit', 'isa-serial', 'isa-debugcon'):
        contains(r.stdout, 'name "%s", bus ISA' % dev)
    eq(run(['-device', '?']).stdout, r.stdout, "-device '?'")
    # Anything after help is ignored (QEMU warns about the short-form
    # boolean, then lists).
    eq(run(['-device', 'help,foo']).stdout, r.stdout, '-device help,foo')
    # -device NAME,help: exactly what QEMU 7.2 prints for this device.
    r = run(['-device', 'isa-debug-exit,help'])
    eq(r.returncode, 0, 'status')
    eq(r.stdout, 'isa-debug-exit options:\n'
                 '  iobase=<uint32>        -  (default: 1281)\n'
                 '  iosize=<uint32>        -  (default: 2)\n')
    r2 = run(['-device', 'isa-debug-exit,?'])
    eq(r2.stdout, r.stdout, 'NAME,?')
    r = run(['-device', 'isa-serial,help'])
    contains(r.stdout, 'isa-serial options:\n  baudbase=<uint32>      -  '
             '(default: 115200)\n  chardev=<str>          - ID of a '
             'chardev to use as a backend\n')
    # QEMU 7.2 prints the same message but exits with status 0.
    r = run(['-device', 'nosuch,help'])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, P + "-device nosuch,help: Device 'nosuch' not found\n")
    r = run(['-device', 'nosuch', '-display', 'none'])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, P + "-device nosuch: 'nosuch' is not a valid device "
                 "model name\n")


def test_other_lists():
    r = run(['-machine', 'help'])
    eq(r.returncode, 0)
    contains(r.stdout, 'pc                   Standard PC (i440FX + PIIX, '
             '1996) (alias of pc-i440fx-7.2)\n')
    r = run(['-cpu', 'help'])
    eq(r.returncode, 0)
    contains(r.stdout, 'qemu64')
    r = run(['-chardev', 'help'])
    eq(r.returncode, 0)
    eq(r.stdout.splitlines()[0], 'Available chardev backend types: ')
    r = run(['-d', 'help'])
    eq(r.returncode, 0)    # QEMU 7.2 lists the items and exits with 1
    contains(r.stdout, '\nunimp ')
    contains(r.stdout, 'guest_errors ')


def test_missing_kernel():
    # QEMU 7.2's exact text and "qemu: " prefix, status 1.
    d = tmpdir()
    missing = os.path.join(d, 'nosuch.elf')
    r = run(['-accel', 'qtest', '-display', 'none', '-kernel', missing])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, "qemu: could not open kernel file '%s': No such file or "
                 "directory\n" % missing)
    # A directory opens but cannot be read: QEMU says "could not load".
    r = run(['-accel', 'qtest', '-display', 'none', '-kernel', d])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, "qemu: could not load kernel '%s': Is a directory\n" % d)
    # A file that is no multiboot kernel.
    junk = os.path.join(d, 'junk')
    with open(junk, 'wb') as f:
        f.write(b'\0' * 9000)
    r = run(['-accel', 'qtest', '-display', 'none', '-kernel', junk])
    eq(r.returncode, 1, 'status')
    contains(r.stderr, "'%s' is not a multiboot kernel" % junk)
    # -initrd module missing (QEMU: "Failed to open file 'F'").
    r = run(['-accel', 'qtest', '-display', 'none', '-kernel',
             qt.guest('hello'), '-initrd', missing])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, P + "Failed to open file '%s': No such file or "
                 "directory\n" % missing)
    shutil.rmtree(d)


def no_kvm_skip():
    """Why the no-/dev/kvm case cannot run, or None."""
    if not shutil.which('unshare'):
        return 'unshare(1) is not installed'
    r = subprocess.run(['unshare', '-m', 'sh', '-c',
                        'mount -t tmpfs none /dev'],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode:
        return 'cannot hide /dev/kvm: no mount namespace for this user'
    return None


def test_no_kvm():
    # /dev/kvm hidden under an empty /dev in a private mount namespace.
    # QEMU 7.2 prints the first line without its program-name prefix and
    # names -accel in the second.
    def without_kvm(args):
        cmd = 'mount -t tmpfs none /dev && exec "$0" "$@"'
        return subprocess.run(['unshare', '-m', 'sh', '-c', cmd, qt.QEMU] +
                              args, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=20)
    r = without_kvm(['-accel', 'kvm', '-display', 'none', '-kernel',
                     qt.guest('hello')])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, 'Could not access KVM kernel module: No such file or '
                 'directory\n' + P + '-accel kvm: failed to initialize '
                 'kvm: No such file or directory\n')
    # splitvm's default accelerator is KVM (QEMU's is TCG).
    r = without_kvm(['-display', 'none', '-kernel', qt.guest('hello')])
    eq(r.returncode, 1, 'status')
    contains(r.stderr, P + 'failed to initialize kvm: No such file or '
             'directory\n')


def test_daemonize_conflicts():
    # QEMU 7.2's texts.
    r = run(['-display', 'none', '-daemonize', '-nographic'])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, P + '-nographic cannot be used with -daemonize\n')
    r = run(['-display', 'none', '-daemonize', '-serial', 'stdio'])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, P + '-serial stdio: cannot use stdio with -daemonize\n')


def test_option_errors_exit_1():
    # A sample of parse errors: status 1, the option named (every form
    # is covered by tests/unit/system/test-vl-options).
    for args, msg in (
            (['-m', 'abc'], "-m abc: Parameter 'size' expects a "
             "non-negative number below 2^64\n"),
            (['-smp', '2,foo=1'], "-smp 2,foo=1: Parameter 'smp.foo' is "
             "unexpected\n"),
            (['-machine', 'pc,pit'], "-machine pc,pit: Expected '=' after "
             "parameter 'pit'\n"),
            (['-enable-kvm', '-accel', 'kvm'], '-accel kvm: The -accel '
             'and "-machine accel=" options are incompatible\n'),
            (['-M', 'none', '-kernel', '/x'], 'The -kernel parameter is '
             "not supported (use the generic 'loader' device instead).\n")):
        r = run(['-display', 'none'] + args)
        eq(r.returncode, 1, ' '.join(args))
        if not r.stderr.startswith(P + msg):
            raise AssertionError('%s: %r' % (' '.join(args), r.stderr))


def test_machine_and_device_errors():
    # Found while building the machine (-accel qtest: no /dev/kvm needed).
    qt_args = ['-accel', 'qtest', '-display', 'none']
    r = run(qt_args + ['-M', 'foo'])
    eq(r.returncode, 1, 'status')
    # QEMU 7.2: the same two lines, without the "-machine foo: " part.
    eq(r.stderr, P + '-machine foo: unsupported machine type\n'
                 'Use -machine help to list supported machines\n')
    # Property values: QEMU 7.2's texts.
    for dev, msg in (
            ('isa-debug-exit,iobase=abc', "Parameter 'iobase' expects "
             "integer"),
            ('isa-debug-exit,iobase=0x1ffffffff', "Parameter 'iobase' "
             "expects uint32_t"),
            ('isa-debug-exit,foo=1', "Property 'isa-debug-exit.foo' not "
             "found"),
            ('isa-serial,chardev=nosuch', "Property 'isa-serial.chardev' "
             "can't find value 'nosuch'")):
        r = run(qt_args + ['-device', dev])
        eq(r.returncode, 1, dev)
        eq(r.stderr, P + '-device %s: %s\n' % (dev, msg), dev)
    r = run(qt_args + ['-global', 'isa-serial.iobase=abc'])
    eq(r.returncode, 1, 'status')
    eq(r.stderr, P + "can't apply global isa-serial.iobase=abc: Parameter "
                 "'iobase' expects integer\n")
    # Unused globals warn and the machine runs on.
    d = tmpdir()
    pidfile = os.path.join(d, 'pid')
    p = qt.start(qt_args + ['-global', 'nosuch.x=1', '-global',
                            'isa-debug-exit.iobase=0x10', '-pidfile',
                            pidfile])
    # Up and running (a signal before the handlers exist kills any QEMU).
    qt.wait_for(lambda: qt.file_text(pidfile), 10, 'the pid file')
    time.sleep(0.2)
    status, _, err = qt.stop(p)
    shutil.rmtree(d)
    eq(status, 0, 'status')
    contains(err, P + 'warning: global nosuch.x has invalid class name\n')
    contains(err, P + 'warning: global isa-debug-exit.iobase=0x10 not '
             'used\n')


def main():
    init()
    case('-version banner', test_version)
    case('-h/-help/--help banner and usage', test_help)
    case('unknown option: invalid option, exit 1', test_invalid_option)
    case('recognised but unsupported options fail by name',
         test_unsupported_options)
    case('-device help, ?, NAME,help', test_device_help)
    case('-machine/-cpu/-chardev/-d help', test_other_lists)
    case('missing or unreadable -kernel/-initrd', test_missing_kernel)
    case('no /dev/kvm: QEMU\'s messages, exit 1', test_no_kvm,
         skip=no_kvm_skip())
    case('-daemonize with -nographic or stdio', test_daemonize_conflicts)
    case('option errors exit 1 naming the option',
         test_option_errors_exit_1)
    case('machine and device errors at creation',
         test_machine_and_device_errors)
    finish()


if __name__ == '__main__':
    main()
