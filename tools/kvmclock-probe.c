// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmclock-probe: print what the harness must know about the L1 host before
 * trusting any clock figure: does KVM run in master clock mode (KVM_GET_CLOCK
 * reports KVM_CLOCK_TSC_STABLE), and does it offer TSC scaling.
 *
 * Output, one "key=value" per line; exit 0 when master clock mode is on,
 * 1 when it is off, 2 when KVM cannot be used at all.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

int main(void)
{
	struct kvm_clock_data clock;
	int kvm, vm, vcpu, r;

	kvm = open("/dev/kvm", O_RDWR);
	if (kvm < 0) {
		printf("kvm=absent (%s)\n", strerror(errno));
		return 2;
	}
	printf("kvm_api=%d\n", ioctl(kvm, KVM_GET_API_VERSION, 0));
	printf("tsc_control=%d\n", ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_TSC_CONTROL));
	printf("xen_hvm=0x%x\n", ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_XEN_HVM));

	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		printf("create_vm=failed (%s)\n", strerror(errno));
		return 2;
	}
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0) {
		printf("create_vcpu=failed (%s)\n", strerror(errno));
		return 2;
	}
	/*
	 * KVM decides on master clock mode when it processes a master clock
	 * update; vCPU creation only requests one for the next KVM_RUN.
	 * KVM_SET_CLOCK (to the value just read) performs one at once.
	 */
	memset(&clock, 0, sizeof(clock));
	if (ioctl(vm, KVM_GET_CLOCK, &clock) == 0) {
		clock.flags = 0;
		if (ioctl(vm, KVM_SET_CLOCK, &clock))
			printf("set_clock=failed (%s)\n", strerror(errno));
	}
	memset(&clock, 0, sizeof(clock));
	r = ioctl(vm, KVM_GET_CLOCK, &clock);
	if (r) {
		printf("get_clock=failed (%s)\n", strerror(errno));
		return 2;
	}
	printf("get_clock_flags=0x%x\n", clock.flags);
	printf("master_clock=%s\n", (clock.flags & KVM_CLOCK_TSC_STABLE) ? "on" : "off");
	return (clock.flags & KVM_CLOCK_TSC_STABLE) ? 0 : 1;
}
