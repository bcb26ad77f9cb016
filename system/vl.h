/*
 * The parsed command line (system/vl-options.c), before anything is
 * created. Kept separate from creation so the parser is unit-testable.
 */
#ifndef SYSTEM_VL_H
#define SYSTEM_VL_H

#include "qemu/osdep.h"
#include "qemu/keyval.h"
#include "hw/boards.h"

enum vl_action {
    VL_RUN,             /* start the VM */
    VL_EXIT_OK,         /* printed help/version/list: exit 0 */
};

struct vl_config {
    enum vl_action action;
    struct machine_config machine;
    GPtrArray *accels;          /* char *, in -accel order (fallbacks) */
    struct kv_opts *accel_opts; /* kernel-irqchip etc. from -accel */
    bool accel_from_machine;    /* -machine accel= was used */
    GPtrArray *accel_args;      /* char *, each -accel string (messages) */
    GPtrArray *devices;         /* char *, -device arguments in order */
    GPtrArray *chardevs;        /* char *, -chardev arguments in order */
    GPtrArray *serials;         /* char * specs; "none" kept */
    char *debugcon;             /* -debugcon spec */
    bool default_serial;        /* add COM1 (null backend) if no -serial */
    bool no_reboot;
    bool no_shutdown;
    bool start_paused;          /* -S */
    char *pidfile;
    bool daemonize;
    char *log_file;             /* -D */
    unsigned log_mask;          /* -d */
    char *process_name;         /* -name process= */
    bool nographic;
    GPtrArray *monitors;        /* struct vl_monitor *, in order */
    char *qtest;                /* -qtest chardev spec */
    char *qtest_log;            /* -qtest-log FILE|none */
    bool exit_with_parent;      /* -run-with exit-with-parent=on */
};

/* A monitor from -qmp, -qmp-pretty, -monitor or -mon. */
struct vl_monitor {
    char *spec;                 /* chardev spec, or NULL with chardev_id */
    char *chardev_id;           /* -mon chardev=ID */
    bool qmp;                   /* mode=control */
    bool pretty;
};

/* Fill cfg from argv. Returns 0, or -1 after printing an error. */
int vl_parse_args(int argc, char **argv, struct vl_config *cfg);
void vl_config_free(struct vl_config *cfg);

/* system/help.c */
void vl_print_version(FILE *f);
void vl_print_help(FILE *f);
void vl_print_machine_help(FILE *f);
void vl_print_device_help(FILE *f);

#endif
