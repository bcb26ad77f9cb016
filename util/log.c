/*
 * -d / -D debug logging.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"

unsigned qemu_loglevel;
static FILE *log_file;
static GMutex log_lock;

struct log_item {
    unsigned mask;
    const char *name;
    const char *help;
};

static const struct log_item log_items[] = {
    { LOG_GUEST_ERROR, "guest_errors",
      "log when the guest OS does something invalid (eg accessing a\n"
      "non-existent register)" },
    { LOG_UNIMP, "unimp", "log unimplemented functionality" },
    { LOG_INT, "int", "show interrupts/exceptions in short format" },
    { LOG_CPU_RESET, "cpu_reset", "show CPU state before CPU resets" },
    { LOG_EMULATE, "emulate",
      "show instructions emulated in userspace after a KVM emulation exit" },
};

void qemu_log(const char *fmt, ...)
{
    va_list ap;
    FILE *f;

    g_mutex_lock(&log_lock);
    f = log_file ? log_file : stderr;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fflush(f);
    g_mutex_unlock(&log_lock);
}

int qemu_log_parse_items(const char *items, unsigned *mask, bool *help)
{
    gchar **words = g_strsplit(items, ",", -1);
    int ret = 0;

    *mask = 0;
    *help = false;
    for (int i = 0; words[i]; i++) {
        bool found = false;

        if (!strcmp(words[i], "help") || !strcmp(words[i], "?")) {
            *help = true;
            continue;
        }
        for (size_t j = 0; j < ARRAY_SIZE(log_items); j++) {
            if (!strcmp(words[i], log_items[j].name)) {
                *mask |= log_items[j].mask;
                found = true;
            }
        }
        if (!found && words[i][0]) {
            ret = -EINVAL;
            break;
        }
    }
    g_strfreev(words);
    return ret;
}

void qemu_log_print_items(FILE *f)
{
    fprintf(f, "Log items (comma separated):\n");
    for (size_t i = 0; i < ARRAY_SIZE(log_items); i++) {
        fprintf(f, "%-15s %s\n", log_items[i].name, log_items[i].help);
    }
}

int qemu_log_set_file(const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        return -errno;
    }
    g_mutex_lock(&log_lock);
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    g_mutex_unlock(&log_lock);
    return 0;
}
