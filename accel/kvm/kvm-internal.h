/*
 * Functions shared between the files of accel/kvm.
 */
#ifndef ACCEL_KVM_INTERNAL_H
#define ACCEL_KVM_INTERNAL_H

#include "hw/boards.h"
#include "sysemu/kvm.h"

void kvm_start_vcpus(struct machine_state *ms);
void kvm_pause_vcpus(void);
void kvm_resume_vcpus(void);
void kvm_vcpu_kick(struct kvm_vcpu *vcpu);

/* kvm-coalesced.c */
void kvm_coalescing_added(bool pio, uint64_t addr, uint64_t size);
void kvm_coalescing_note_write(bool pio, uint64_t addr);
void kvm_coalesced_set_ring(void *ring);
void kvm_flush_coalesced(void);

void kvm_flush_ioeventfds(void);
void kvm_commit_ram_slots(void);

/* kvm-irqchip.c */
struct device;
int kvm_split_irqchip_create(Error **errp);
qemu_irq kvm_pic_intr_line(struct machine_state *ms);
void kvm_attach_pic(struct machine_state *ms, struct device *master);
void kvm_attach_ioapic(struct machine_state *ms, struct device *ioapic);
void kvm_irqchip_pre_run(struct kvm_vcpu *vcpu);
void kvm_handle_ioapic_eoi(struct kvm_vcpu *vcpu);
uint64_t kvm_pic_injection_count(void);

/* kvm-pit.c */
int kvm_create_kernel_devices(struct machine_state *ms, Error **errp);

#endif
