// SPDX-License-Identifier: GPL-2.0
/*
 * l2-clock: /init of the L2 guest that make vmm boots in the L1 under the
 * VMM QEMU.  It measures what a real Linux guest sees of its clocks while
 * the L1 stops, resumes, saves and restores it:
 *
 * - on every vCPU, CLOCK_MONOTONIC through the vDSO (found by its ELF
 *   symbol table, not through libc) and through the syscall, read as
 *   vDSO, syscall, vDSO: the syscall's value must lie between the two
 *   vDSO ones (exact integers; "vdso errors" otherwise);
 * - monotonicity on each vCPU, and across vCPUs (a read must not be
 *   earlier than a value another vCPU already published);
 * - every gap of one vCPU's clocks longer than 100 ms (the pauses): its
 *   CLOCK_MONOTONIC and TSC deltas, and the step dmono - dtsc / f, f the
 *   vCPU's TSC rate against CLOCK_MONOTONIC over the samples since its
 *   previous gap (at least 0.5 s of them; else over the first second,
 *   against CLOCK_MONOTONIC_RAW), all from tight (TSC, clock) pairs (see
 *   observe()), so that the step is known to a few microseconds;
 * - PVCLOCK_TSC_STABLE_BIT in vCPU 0's pvclock as the vDSO maps it.
 *
 * Kernel command line: l2.secs=N (how long to sample, by CLOCK_MONOTONIC),
 * l2.tsc1=N (add N cycles to vCPU 1's TSC first, through /dev/cpu/1/msr).
 * Output in the kernel log, lines "l2: ...", the last "l2: done".
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NCPU_MAX 8
#define GAP_NS 100000000LL
#define GAPS_MAX 32

typedef int (*vdso_gettime_t)(clockid_t, struct timespec *);
static vdso_gettime_t vdso_gettime;

/*
 * A gap, and the span of samples before it on the same vCPU (since the
 * first sample or the previous gap), whose TSC/CLOCK_MONOTONIC ratio is
 * the rate the gap's TSC delta is converted with.
 */
struct gap {
	int64_t dmono, dtsc;
	int64_t span_mono, span_tsc;
	uint64_t at;		/* CLOCK_MONOTONIC after the gap */
};

struct vcpu {
	int cpu;
	uint64_t samples, vdso_err, mono_back, cross_back;
	int64_t vdso_err_max, mono_back_max, cross_back_max;
	int ngaps;
	struct gap gaps[GAPS_MAX];
} vcpus[NCPU_MAX];

static _Atomic uint64_t last_published;
static uint64_t end_ns;

static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(1, buf, n) < 0)
		return;
}

static inline uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ULL + ts->tv_nsec;
}

static uint64_t vdso_ns(clockid_t id)
{
	struct timespec ts;

	vdso_gettime(id, &ts);
	return ts_ns(&ts);
}

static uint64_t sys_ns(clockid_t id)
{
	struct timespec ts;

	syscall(SYS_clock_gettime, id, &ts);
	return ts_ns(&ts);
}

/* __vdso_clock_gettime from the vDSO's dynamic symbol table. */
static vdso_gettime_t find_vdso_gettime(void)
{
	uintptr_t base = getauxval(AT_SYSINFO_EHDR);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)base;
	Elf64_Phdr *ph;
	Elf64_Dyn *dyn = NULL;
	Elf64_Sym *symtab = NULL;
	const char *strtab = NULL;
	uint32_t *hash = NULL;
	uintptr_t load = 0;
	int i;

	if (!base)
		return NULL;
	ph = (Elf64_Phdr *)(base + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !load)
			load = base + ph[i].p_offset - ph[i].p_vaddr;
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (Elf64_Dyn *)(base + ph[i].p_offset);
	}
	if (!dyn)
		return NULL;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_SYMTAB)
			symtab = (Elf64_Sym *)(load + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_STRTAB)
			strtab = (const char *)(load + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_HASH)
			hash = (uint32_t *)(load + dyn->d_un.d_ptr);
	}
	if (!symtab || !strtab || !hash)
		return NULL;
	/* DT_HASH: nbucket, nchain; nchain is the number of symbols. */
	for (i = 0; i < (int)hash[1]; i++) {
		if (symtab[i].st_shndx == SHN_UNDEF ||
		    ELF64_ST_TYPE(symtab[i].st_info) != STT_FUNC)
			continue;
		if (!strcmp(strtab + symtab[i].st_name, "__vdso_clock_gettime"))
			return (vdso_gettime_t)(load + symtab[i].st_value);
	}
	return NULL;
}

static sigjmp_buf bus_jmp;

static void on_bus(int sig)
{
	siglongjmp(bus_jmp, 1);
}

/*
 * vCPU 0's pvclock flags as the vDSO maps them (first page of
 * [vvar_vclock]); -1 where the guest maps no pvclock page (the kernel
 * gives one only to a vDSO that used the pvclock clock mode).
 */
static int pvclock_flags(void)
{
	char line[256];
	uintptr_t lo = 0;
	FILE *f = fopen("/proc/self/maps", "r");
	volatile int flags = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[vvar_vclock]")) {
			lo = strtoull(line, NULL, 16);
			break;
		}
	fclose(f);
	if (!lo)
		return -1;
	signal(SIGBUS, on_bus);
	if (!sigsetjmp(bus_jmp, 1))
		flags = *(volatile uint8_t *)(lo + 29);
	signal(SIGBUS, SIG_DFL);
	return flags;
}

static double tsc_per_ns;

static int is_gap(int64_t dmono, int64_t dtsc)
{
	return dmono > GAP_NS || (double)dtsc > GAP_NS * tsc_per_ns;
}

/*
 * The (TSC, CLOCK_MONOTONIC) pairs of one vCPU, in order.  A pair is
 * tight when the two TSC reads around the clock read are less than 5 us
 * apart, or less than twice the closest so far once 1000 were read (its
 * TSC is their midpoint); the step over a gap is measured
 * between the last tight pair before it and the first one after it, at
 * the rate of the tight pairs since the previous gap, so that a vCPU
 * preempted between two reads (common under nested virtualization) does
 * not count.
 */
struct pairs {
	int have_last, have_tight, pending;
	uint64_t min_br, nobs;
	uint64_t last_tsc, last_mono;
	uint64_t tight_tsc, tight_mono;
	uint64_t span_tsc, span_mono;
};

static void observe(struct vcpu *v, struct pairs *p, uint64_t tsc_a,
		    uint64_t mono, uint64_t tsc_b)
{
	uint64_t tsc = tsc_a + (tsc_b - tsc_a) / 2;
	uint64_t br = tsc_b - tsc_a;
	int tight;

	/*
	 * Where the vDSO falls back to the syscall, no read takes 5 us:
	 * then twice the closest bracket of the first 1000 reads and on.
	 */
	if (!p->min_br || br < p->min_br)
		p->min_br = br;
	tight = (double)br < 5000 * tsc_per_ns ||
		(++p->nobs > 1000 && br < 2 * p->min_br);

	if (p->have_last && is_gap(mono - p->last_mono, tsc - p->last_tsc))
		p->pending = 1;
	p->have_last = 1;
	p->last_tsc = tsc;
	p->last_mono = mono;
	if (!tight)
		return;
	if (!p->have_tight) {
		p->span_tsc = tsc;
		p->span_mono = mono;
		p->pending = 0;
	} else if (p->pending && v->ngaps < GAPS_MAX) {
		struct gap *g = &v->gaps[v->ngaps++];

		g->dmono = mono - p->tight_mono;
		g->dtsc = tsc - p->tight_tsc;
		g->span_mono = p->tight_mono - p->span_mono;
		g->span_tsc = p->tight_tsc - p->span_tsc;
		g->at = mono;
		p->span_tsc = tsc;
		p->span_mono = mono;
		p->pending = 0;
	}
	p->have_tight = 1;
	p->tight_tsc = tsc;
	p->tight_mono = mono;
}

static void *sample(void *arg)
{
	struct vcpu *v = arg;
	struct pairs pairs = { 0 };
	uint64_t prev_v2 = 0, iter = 0;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(v->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		say("l2: cpu %d: sched_setaffinity: %s", v->cpu, strerror(errno));
	for (;;) {
		uint64_t seen = atomic_load(&last_published);
		uint64_t ta = rdtsc_ordered();
		uint64_t v1 = vdso_ns(CLOCK_MONOTONIC);
		uint64_t tb = rdtsc_ordered();
		uint64_t s = sys_ns(CLOCK_MONOTONIC);
		uint64_t tc = rdtsc_ordered();
		uint64_t v2 = vdso_ns(CLOCK_MONOTONIC);
		uint64_t td = rdtsc_ordered();
		uint64_t old;

		v->samples++;
		if (s < v1 || s > v2) {
			int64_t d = s < v1 ? (int64_t)(v1 - s) : (int64_t)(s - v2);

			v->vdso_err++;
			if (d > v->vdso_err_max)
				v->vdso_err_max = d;
		}
		if (v2 < v1 || (prev_v2 && v1 < prev_v2)) {
			int64_t d = v2 < v1 ? (int64_t)(v1 - v2) : (int64_t)(prev_v2 - v1);

			v->mono_back++;
			if (d > v->mono_back_max)
				v->mono_back_max = d;
		}
		if (v1 < seen) {
			v->cross_back++;
			if ((int64_t)(seen - v1) > v->cross_back_max)
				v->cross_back_max = seen - v1;
		}
		old = atomic_load(&last_published);
		while (old < v2 && !atomic_compare_exchange_weak(&last_published, &old, v2))
			;
		/* A pause may fall between two samples or inside one. */
		observe(v, &pairs, ta, v1, tb);
		observe(v, &pairs, tc, v2, td);
		prev_v2 = v2;
		/*
		 * Past the end, go on until the last gap is measured and a
		 * second has been sampled after it (a restore may jump the
		 * clocks past the end), but not 30 s more.
		 */
		if (v2 > end_ns && !pairs.pending &&
		    (!v->ngaps || v2 > v->gaps[v->ngaps - 1].at + 1000000000ULL))
			break;
		if (v2 > end_ns + 30000000000ULL)
			break;
		/* Bursts, then a short sleep: the vCPUs halt now and then. */
		if (++iter % 2000 == 0) {
			struct timespec ts = { 0, 1000000 };

			nanosleep(&ts, NULL);
		}
	}
	return NULL;
}

static long cmdline_arg(const char *key, long dflt)
{
	char buf[1024], *p;
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return dflt;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return dflt;
	buf[n] = 0;
	p = strstr(buf, key);
	return p ? strtol(p + strlen(key), NULL, 0) : dflt;
}

static void read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, len - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
}

int main(void)
{
	pthread_t th[NCPU_MAX];
	long secs, tsc1;
	uint64_t r0, r1, c0, c1;
	char cs[64];
	int ncpu, i, fd;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	/*
	 * Output through the kernel log (the console, with printk.devkmsg=on
	 * for no rate limit): the small kernel's serial tty fails writes
	 * (EIO) on microvm, and the initramfs has no /dev/console anyway.
	 */
	fd = open("/dev/kmsg", O_WRONLY);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	secs = cmdline_arg("l2.secs=", 10);
	tsc1 = cmdline_arg("l2.tsc1=", 0);
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu > NCPU_MAX)
		ncpu = NCPU_MAX;
	read_file("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  cs, sizeof(cs));
	vdso_gettime = find_vdso_gettime();
	say("l2: start cpus=%d clocksource=%s vdso=%s", ncpu, cs,
	    vdso_gettime ? "found" : "missing");
	if (!vdso_gettime)
		goto out;

	if (tsc1) {
		int fd = open("/dev/cpu/1/msr", O_RDWR);
		uint64_t tsc = 0;

		if (fd < 0 || pread(fd, &tsc, 8, 0x10) != 8) {
			say("l2: cannot read vCPU 1's TSC: %s", strerror(errno));
		} else {
			tsc += tsc1;
			if (pwrite(fd, &tsc, 8, 0x10) != 8)
				say("l2: cannot write vCPU 1's TSC: %s", strerror(errno));
			else
				say("l2: vCPU 1's TSC moved by %ld cycles", tsc1);
		}
		if (fd >= 0)
			close(fd);
	}

	/* The TSC rate, against CLOCK_MONOTONIC_RAW, over one second. */
	r0 = sys_ns(CLOCK_MONOTONIC_RAW);
	c0 = rdtsc_ordered();
	sleep(1);
	r1 = sys_ns(CLOCK_MONOTONIC_RAW);
	c1 = rdtsc_ordered();
	tsc_per_ns = (double)(c1 - c0) / (double)(r1 - r0);
	say("l2: tsc_khz=%.0f stable=%d", tsc_per_ns * 1e6, pvclock_flags() < 0 ?
	    -1 : (pvclock_flags() & 1));

	end_ns = sys_ns(CLOCK_MONOTONIC) + secs * 1000000000ULL;
	say("l2: sampling %ld s", secs);
	for (i = 0; i < ncpu; i++) {
		vcpus[i].cpu = i;
		pthread_create(&th[i], NULL, sample, &vcpus[i]);
	}
	for (i = 0; i < ncpu; i++)
		pthread_join(th[i], NULL);

	for (i = 0; i < ncpu; i++) {
		struct vcpu *v = &vcpus[i];
		int g;

		say("l2: cpu=%d samples=%" PRIu64 " vdso_err=%" PRIu64 " vdso_err_max_ns=%" PRId64
		    " mono_back=%" PRIu64 " mono_back_max_ns=%" PRId64
		    " cross_back=%" PRIu64 " cross_back_max_ns=%" PRId64 " gaps=%d",
		    v->cpu, v->samples, v->vdso_err, v->vdso_err_max, v->mono_back,
		    v->mono_back_max, v->cross_back, v->cross_back_max, v->ngaps);
		for (g = 0; g < v->ngaps; g++) {
			struct gap *p = &v->gaps[g];
			double rate = p->span_mono > 500000000 ?
				(double)p->span_tsc / p->span_mono : tsc_per_ns;
			int64_t tsc_ns = (int64_t)((double)p->dtsc / rate);

			say("l2: gap cpu=%d at_ms=%" PRIu64 " dmono_ns=%" PRId64
			    " dtsc_ns=%" PRId64 " step_ns=%" PRId64 " rate_span_ms=%" PRId64,
			    v->cpu, p->at / 1000000, p->dmono, tsc_ns, p->dmono - tsc_ns,
			    p->span_mono / 1000000);
		}
	}
	say("l2: stable=%d", pvclock_flags() < 0 ? -1 : (pvclock_flags() & 1));
out:
	say("l2: done");
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
