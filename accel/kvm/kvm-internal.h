/*
 * Functions shared between the files of accel/kvm.
 */
#ifndef ACCEL_KVM_INTERNAL_H
#define ACCEL_KVM_INTERNAL_H

#include "hw/boards.h"

void kvm_start_vcpus(struct machine_state *ms);
void kvm_pause_vcpus(void);
void kvm_resume_vcpus(void);

#endif
