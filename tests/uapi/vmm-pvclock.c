// SPDX-License-Identifier: GPL-2.0
/*
 * A VMM as they are written today, built against the series' installed
 * uapi headers with -Werror: it includes <linux/kvm.h> and keeps its own
 * copy of the guest's pvclock ABI, because the kernel never exported it
 * (QEMU's hw/i386/kvm/clock.c defines struct pvclock_vcpu_time_info, the
 * xen_shinfo_test selftest both structures; the flag macros here stand
 * for a VMM that names the bits too).  A uapi header that brings these
 * names in breaks such a VMM on its next header update, so this must keep
 * building.
 *
 * The second half is a VMM that adopts KVM_GET_CLOCK_GUEST: the ioctl's
 * argument must be nameable from <linux/kvm.h> alone and be the guest's
 * 32-byte layout, field for field, tsc_shift signed.
 */
#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

struct pvclock_vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
} __attribute__((__packed__));

struct pvclock_wall_clock {
	uint32_t version;
	uint32_t sec;
	uint32_t nsec;
} __attribute__((__packed__));

#define PVCLOCK_TSC_STABLE_BIT 1
#define PVCLOCK_GUEST_STOPPED 2

#define SAME_FIELD(f) \
	_Static_assert(offsetof(struct kvm_pvclock_time_info, f) == \
		       offsetof(struct pvclock_vcpu_time_info, f) && \
		       sizeof(((struct kvm_pvclock_time_info *)0)->f) == \
		       sizeof(((struct pvclock_vcpu_time_info *)0)->f), #f)

SAME_FIELD(version);
SAME_FIELD(pad0);
SAME_FIELD(tsc_timestamp);
SAME_FIELD(system_time);
SAME_FIELD(tsc_to_system_mul);
SAME_FIELD(tsc_shift);
SAME_FIELD(flags);
SAME_FIELD(pad);
_Static_assert((__typeof__(((struct kvm_pvclock_time_info *)0)->tsc_shift))-1 < 0,
	       "tsc_shift is signed");
_Static_assert(sizeof(struct kvm_pvclock_time_info) == 32, "size");
_Static_assert(_IOC_SIZE(KVM_GET_CLOCK_GUEST) == 32, "GET size");
_Static_assert(_IOC_SIZE(KVM_SET_CLOCK_GUEST) == 32, "SET size");
_Static_assert(KVM_PVCLOCK_TSC_STABLE_BIT == PVCLOCK_TSC_STABLE_BIT, "STABLE");
_Static_assert(KVM_PVCLOCK_GUEST_STOPPED == PVCLOCK_GUEST_STOPPED, "STOPPED");

int main(void)
{
	struct pvclock_vcpu_time_info own = { .flags = PVCLOCK_TSC_STABLE_BIT };
	struct kvm_pvclock_time_info arg = { .flags = own.flags };

	return arg.flags != KVM_PVCLOCK_TSC_STABLE_BIT;
}
