/*
 * -version, -help, -machine help and -device help texts, in QEMU's layout
 * (libvirt and scripts parse the version line).
 */
#include "qemu/osdep.h"
#include "hw/boards.h"
#include "hw/core/device.h"
#include "config-host.h"
#include "vl.h"

void vl_print_version(FILE *f)
{
    fprintf(f, "QEMU emulator version %s (splitvm %s)\n"
               "Copyright (c) 2026 the splitvm developers\n",
            QEMU_COMPAT_VERSION, SPLITVM_VERSION);
}

static const char help_text[] =
    "usage: qemu-system-x86_64 [options]\n"
    "\n"
    "splitvm: a QEMU-compatible x86-64 VMM with a userspace split irqchip.\n"
    "Options are QEMU's; those listed here are supported.\n"
    "\n"
    "Standard options:\n"
    "-h or -help     display this help and exit\n"
    "-version        display version information and exit\n"
    "-machine [type=]name[,prop[=value][,...]]\n"
    "                selects emulated machine ('-machine help' for list)\n"
    "                accel=accel1[:accel2[:...]] accelerator (kvm)\n"
    "                kernel-irqchip=on|off|split controls the irqchip\n"
    "                pit=on|off, pic=on|off legacy timer and PIC\n"
    "                acpi=on|off controls ACPI support\n"
    "-M              same as -machine\n"
    "-cpu cpu        select CPU ('-cpu help' for list)\n"
    "-accel [accel=]accelerator[,kernel-irqchip=on|off|split]\n"
    "                select accelerator (kvm)\n"
    "-enable-kvm     same as -accel kvm\n"
    "-smp [[cpus=]n][,maxcpus=maxcpus][,sockets=sockets][,dies=dies]"
    "[,cores=cores][,threads=threads]\n"
    "                set the number of CPUs and their topology\n"
    "-m [size=]megs  configure guest RAM (suffixes K, M, G, T)\n"
    "-name [guest=]name[,process=name][,debug-threads=on|off]\n"
    "\n"
    "Device options:\n"
    "-device driver[,prop[=value][,...]]\n"
    "                add device (-device help for a list,\n"
    "                -device driver,help for its properties)\n"
    "-global driver.property=value\n"
    "-global driver=driver,property=property,value=value\n"
    "                set a default value of a driver's property\n"
    "\n"
    "Character device options:\n"
    "-chardev null|stdio|file|pty|socket,id=id[,...]\n"
    "-serial dev     redirect the serial port to char device 'dev'\n"
    "                (stdio, null, none, file:F, pty, unix:P, tcp:H:P,\n"
    "                chardev:ID)\n"
    "-debugcon dev   redirect the debug console (isa-debugcon)\n"
    "\n"
    "Display options:\n"
    "-display none   no display (the only one available)\n"
    "-vga none       no VGA card\n"
    "\n"
    "Linux/Multiboot boot specific:\n"
    "-kernel bzImage use 'bzImage' as kernel image (multiboot only)\n"
    "-append cmdline use 'cmdline' as kernel command line\n"
    "-initrd file    use 'file' as initial ram disk (multiboot modules,\n"
    "                comma separated)\n"
    "\n"
    "Debug/Expert options:\n"
    "-S              freeze CPU at startup (use 'c' to start execution)\n"
    "-qmp dev        like -monitor but opens in 'control' mode\n"
    "-monitor dev    redirect the monitor to char device 'dev'\n"
    "-mon [chardev=]name[,mode=readline|control][,pretty=on|off]\n"
    "-qtest dev      the qtest protocol on char device 'dev'\n"
    "-nodefaults     don't create default devices\n"
    "-no-reboot      exit instead of rebooting\n"
    "-no-acpi        disable ACPI\n"
    "-no-shutdown    stop before shutdown\n"
    "-pidfile file   write PID to 'file'\n"
    "-daemonize      daemonize QEMU after initializing\n"
    "-D logfile      output log to logfile (default stderr)\n"
    "-d item1,...    enable logging of specified items (use '-d help' for "
    "a list)\n"
    "\n"
    "During emulation, the following keys are useful:\n"
    "ctrl-a c        switch between the serial console and the monitor\n"
    "                (with -nographic or -serial mon:stdio)\n"
    "ctrl-a h        print help on the other escapes\n";

void vl_print_help(FILE *f)
{
    vl_print_version(f);
    fputs(help_text, f);
}

void vl_print_machine_help(FILE *f)
{
    fprintf(f, "Supported machines are:\n");
    for (const struct machine_type_info *m = machine_types; m->name; m++) {
        if (m->alias) {
            fprintf(f, "%-20s %s (alias of %s)\n", m->name, m->desc,
                    m->alias);
            fprintf(f, "%-20s %s%s\n", m->alias, m->desc,
                    m->is_default ? " (default)" : "");
        } else {
            fprintf(f, "%-20s %s%s\n", m->name, m->desc,
                    m->is_default ? " (default)" : "");
        }
    }
}

/* QEMU's section order for -device help. */
static const char *const categories[] = {
    "Controller/Bridge/Hub devices", "USB devices", "Storage devices",
    "Network devices", "Input devices", "Display devices", "Sound devices",
    "Misc devices", "CPU devices", "Watchdog devices",
    "Uncategorized devices", NULL,
};

static bool in_category(const struct device_class *dc, const char *cat)
{
    const char *mine = dc->category ? dc->category : "Uncategorized devices";

    return !strcmp(mine, cat);
}

void vl_print_device_help(FILE *f)
{
    GPtrArray *list = device_class_list();

    for (int c = 0; categories[c]; c++) {
        bool header = false;

        for (guint i = 0; i < list->len; i++) {
            const struct device_class *dc = g_ptr_array_index(list, i);

            if (!dc->user_creatable || !in_category(dc, categories[c])) {
                continue;
            }
            if (!header) {
                fprintf(f, "%s:\n", categories[c]);
                header = true;
            }
            fprintf(f, "name \"%s\"", dc->name);
            if (dc->bus) {
                fprintf(f, ", bus %s", dc->bus);
            }
            if (dc->desc) {
                fprintf(f, ", desc \"%s\"", dc->desc);
            }
            fputc('\n', f);
        }
        if (header) {
            fputc('\n', f);
        }
    }
    g_ptr_array_free(list, TRUE);
}
