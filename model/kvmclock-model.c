// SPDX-License-Identifier: GPL-2.0-only
/*
 * A userspace MODEL of the Linux 7.2 KVM clock arithmetic, written for this
 * harness from the algorithms' descriptions; it is not kernel code.  It
 * evaluates, on the grid of the kvm_x86_clock KUnit suite, how far KVM's
 * view of kvmclock (KVM_GET_CLOCK, get_kvmclock_ns()) drifts from the view
 * of the guest it wrote the pvclock for:
 *
 *   base 7.2     guest mul/shift from the scaled frequency truncated to kHz;
 *                KVM reads host TSC -> ns in one stage with the host's.
 *   patch 1      guest mul/shift from the scaled frequency in Hz; KVM still
 *                reads in one stage (what patch 1 alone leaves).
 *   series       KVM reads in the guest's two stages with the guest's
 *                parameters.  The model computes it for symmetry; the
 *                kernel's own figure is the KUnit suite's asserted 0 ns.
 *
 * The guest's view is the same in every column's own terms: its TSC is
 * offset + (host_tsc * ratio >> frac) and its kvmclock is the pvclock it
 * was given, read at that TSC.
 *
 *   kvmclock-model [--check | --compare CONSOLE_LOG | --curve |
 *                   --measured LOG base|series | --extend LOG]
 *
 * prints a markdown table of the worst |KVM - guest| in ns per master clock
 * age.  --check instead verifies the model's own invariants (the series
 * column is 0, the known case reproduces 34.5 ms/day) and exits non-zero
 * if one fails.  --compare checks the model against the kernel: the worst
 * one-stage errors the KUnit grid printed must be the model's, exactly
 * (exit 3 when the log has none).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

struct pvclock {
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t mul;
	int8_t shift;
};

/*
 * mul/shift such that ns = ((ticks << shift) * mul) >> 32 converts ticks of
 * a base_hz clock to ticks of a scaled_hz clock, as KVM chooses them: bring
 * base_hz within a factor of two above scaled_hz and into 32 bits, then the
 * 32.32 fraction scaled/base.
 */
static void time_scale(uint64_t scaled_hz, uint64_t base_hz, int8_t *shift,
		       uint32_t *mul)
{
	uint64_t base = base_hz, scaled = scaled_hz;
	uint32_t base32;
	int s = 0;

	while (base > 2 * scaled || (base >> 32)) {
		base >>= 1;
		s--;
	}
	base32 = (uint32_t)base;
	while (base32 <= scaled || (scaled >> 32)) {
		if ((scaled >> 32) || (base32 & 0x80000000u))
			scaled >>= 1;
		else
			base32 <<= 1;
		s++;
	}
	*shift = (int8_t)s;
	*mul = (uint32_t)((scaled << 32) / base32);
}

static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return (uint64_t)(((u128)delta * mul) >> 32);
}

static uint64_t pvclock_read(const struct pvclock *pv, uint64_t tsc)
{
	return pv->system_time + scale_delta(tsc - pv->tsc_timestamp, pv->mul,
					     pv->shift);
}

/* The hardware's TSC scaling, and KVM's skip of the default ratio. */
static uint64_t scale_tsc(uint64_t tsc, uint64_t ratio, int frac)
{
	if (ratio == (1ULL << frac))
		return tsc;
	return (uint64_t)(((u128)tsc * ratio) >> frac);
}

/* KVM_SET_TSC_KHZ's ratio. */
static uint64_t tsc_ratio(uint32_t guest_khz, uint32_t host_khz, int frac)
{
	if (guest_khz == host_khz)
		return 1ULL << frac;
	return (uint64_t)(((u128)1 << frac) * guest_khz / host_khz);
}

enum column { BASE, PATCH1, SERIES, NCOLUMNS };
static const char *const column_name[NCOLUMNS] = {
	"base 7.2", "patch 1 only", "series (model)",
};

struct point {
	uint32_t host_khz, guest_khz;
	int frac;
	uint64_t offset;
	uint64_t master_tsc;	/* host TSC of the master clock reference */
	uint64_t master_ns;	/* kvmclock there */
	uint64_t age;		/* host TSC cycles since the reference */
};

/* KVM's kvmclock minus the guest's, in ns, at p->master_tsc + p->age. */
static int64_t divergence(const struct point *p, enum column col)
{
	uint64_t ratio = tsc_ratio(p->guest_khz, p->host_khz, p->frac);
	uint64_t host_hz = p->host_khz * 1000ULL;
	uint64_t host_tsc = p->master_tsc + p->age;
	uint64_t guest_hz, kvm;
	struct pvclock guest, host;

	if (col == BASE)
		guest_hz = scale_tsc(p->host_khz, ratio, p->frac) * 1000ULL;
	else
		guest_hz = scale_tsc(host_hz, ratio, p->frac);
	guest.tsc_timestamp = p->offset + scale_tsc(p->master_tsc, ratio, p->frac);
	guest.system_time = p->master_ns;
	time_scale(1000000000ULL, guest_hz, &guest.shift, &guest.mul);

	if (col == SERIES) {
		kvm = pvclock_read(&guest, p->offset +
				   scale_tsc(host_tsc, ratio, p->frac));
	} else {
		host.tsc_timestamp = p->master_tsc;
		host.system_time = p->master_ns;
		time_scale(1000000000ULL, host_hz, &host.shift, &host.mul);
		kvm = pvclock_read(&host, host_tsc);
	}
	return (int64_t)(kvm - pvclock_read(&guest, p->offset +
					    scale_tsc(host_tsc, ratio, p->frac)));
}

/* The KUnit suite's grid. */
static const uint32_t host_khz[] = {
	1000000, 2096015, 2593906, 2899999, 3000000, 3493468, 4999999, 5000000,
};
static const uint32_t guest_khz[] = {
	500000, 1000000, 1999999, 2500000, 3000000, 3493468, 5000000,
	0,	/* = host, unscaled */
};
static const int fracs[] = { 48, 32 };
static const uint64_t offsets[] = {
	0, 1000000000ULL, -1000000000ULL /* wraps */, 1ULL << 63,
	0xfedcba9876543210ULL /* wraps */,
};

/* The suite's master clock reference: ~10 minutes into the host's uptime. */
#define MASTER_TSC	3000000000000ULL
#define MASTER_NS	5000000000ULL

struct age {
	const char *name;
	uint64_t seconds;
};

static const struct age ages[] = {
	{ "0", 0 },
	{ "1 s", 1 },
	{ "1 hour", 3600 },
	{ "1 day", 86400 },
	{ "30 days", 30 * 86400ULL },
	{ "1 year", 365 * 86400ULL },
	{ "10 years", 3650 * 86400ULL },
};

struct worst {
	uint64_t ns;
	struct point at;
};

static uint64_t mag(int64_t v)
{
	return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

/* The worst of each column at age @a, over one host frequency or all (0). */
static void scan(const struct age *a, uint32_t only_host, struct worst w[NCOLUMNS])
{
	size_t h, g, f, o;
	int c;

	memset(w, 0, sizeof(*w) * NCOLUMNS);
	for (h = 0; h < sizeof(host_khz) / sizeof(host_khz[0]); h++)
	if (!only_host || host_khz[h] == only_host)
	for (g = 0; g < sizeof(guest_khz) / sizeof(guest_khz[0]); g++)
	for (f = 0; f < sizeof(fracs) / sizeof(fracs[0]); f++)
	for (o = 0; o < sizeof(offsets) / sizeof(offsets[0]); o++) {
		struct point p = {
			.host_khz = host_khz[h],
			.guest_khz = guest_khz[g] ? guest_khz[g] : host_khz[h],
			.frac = fracs[f],
			.offset = offsets[o],
			.master_tsc = MASTER_TSC,
			.master_ns = MASTER_NS,
			.age = a->seconds * host_khz[h] * 1000ULL,
		};

		for (c = 0; c < NCOLUMNS; c++) {
			uint64_t d = mag(divergence(&p, c));

			if (d > w[c].ns || !w[c].at.host_khz) {
				w[c].ns = d;
				w[c].at = p;
			}
		}
	}
}

static int check(void)
{
	/* Patch 1's case: 2,899,999 kHz host, 2,500,000 kHz guest, 1 day. */
	struct point p = {
		.host_khz = 2899999, .guest_khz = 2500000, .frac = 48,
		.master_tsc = MASTER_TSC, .master_ns = MASTER_NS,
		.age = 86400ULL * 2899999000ULL,
	};
	int64_t base = divergence(&p, BASE), one = divergence(&p, PATCH1);
	struct worst w[NCOLUMNS];
	size_t a;
	int bad = 0;

	printf("model check: base %" PRId64 " ns/day, patch 1 only %" PRId64
	       " ns/day at 2899999->2500000 kHz\n", base, one);
	/*
	 * 999 Hz of 2,499,999,999 Hz is 0.3996 ppm, 34.53 ms a day, plus the
	 * two mul/shift roundings (under 1 ppb, under 0.1 ms a day).
	 */
	if (mag(base) < 34500000 || mag(base) > 34650000) {
		printf("not ok: base divergence is not ~34.5 ms/day\n");
		bad = 1;
	}
	if (mag(one) >= mag(base) / 100) {
		printf("not ok: patch 1 does not remove the kHz truncation\n");
		bad = 1;
	}
	for (a = 0; a < sizeof(ages) / sizeof(ages[0]); a++) {
		scan(&ages[a], 0, w);
		if (w[SERIES].ns) {
			printf("not ok: series column %" PRIu64 " ns at %s\n",
			       w[SERIES].ns, ages[a].name);
			bad = 1;
		}
		if (a && !w[BASE].ns) {
			printf("not ok: base column 0 at %s\n", ages[a].name);
			bad = 1;
		}
	}
	printf("%s: kvmclock model\n", bad ? "not ok" : "ok");
	return bad;
}

/*
 * kvmclock_grid_test prints, per host frequency, the worst error of the
 * one-stage conversion it evaluates beside KVM's: that is this model's
 * "patch 1 only" column over the same grid, to the nanosecond.  Compare the
 * kernel's lines (from a console log) with the model, one verdict per line.
 */
static int compare(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned int done[32];
	char line[512];
	int seen = 0, bad = 0, i;

	if (!f) {
		perror(path);
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		const char *p = strstr(line, "kvmclock_grid_test: host ");
		unsigned int khz;
		uint64_t points, kernel, model = 0;
		struct worst w[NCOLUMNS];
		size_t a;

		if (!p || sscanf(p, "kvmclock_grid_test: host %u kHz: %" SCNu64
				 " points; one-stage view off by up to %" SCNu64,
				 &khz, &points, &kernel) != 3)
			continue;
		/*
		 * The boot run only: the suite run again later (kvmclock_guest_test
		 * does, through debugfs) tests the host's ratio width alone.
		 */
		for (i = 0; i < seen && done[i] != khz; i++)
			;
		if (i < seen || seen == (int)(sizeof(done) / sizeof(done[0])))
			continue;
		done[seen] = khz;
		for (a = 0; a < sizeof(ages) / sizeof(ages[0]); a++) {
			scan(&ages[a], khz, w);
			if (w[PATCH1].ns > model)
				model = w[PATCH1].ns;
		}
		seen++;
		if (model != kernel)
			bad = 1;
		printf("%s: host %u kHz: KUnit one-stage worst %" PRIu64
		       " ns, model %" PRIu64 " ns\n", model == kernel ? "ok" : "not ok",
		       khz, kernel, model);
	}
	fclose(f);
	if (!seen) {
		printf("skip: no kvmclock_grid_test lines in %s\n", path);
		return 3;
	}
	return bad;
}

/*
 * kvmclock_exact_test -m prints, per VM, vCPU, age and sample, KVM_GET_CLOCK's
 * (host TSC, clock) and the vCPU's published pvclock:
 *
 *   measure: NAME vcpu I khz K host_khz H ratio R frac F offset O age_ms A
 *            host_tsc T clock C pv_tsc P pv_sys S mul M shift X guest G diff D
 *
 * Predict both sides of each line from the model, and check them:
 *  - the guest's mul/shift are those of the base's frequency (the scaled
 *    kHz, truncated) or of the series' (the scaled Hz): say which;
 *  - the guest's reading G is its pvclock at the hardware's guest TSC;
 *  - KVM's clock C is, on the base, the one-stage conversion of T with the
 *    host's kHz from the reference; on the series, the guest's reading.
 *    The reference's host TSC is not printed: it is every h the hardware
 *    maps to P (one for an unscaled or scaled-up guest, up to 1/ratio of
 *    them below 1), and the prediction is exact when all give one value.
 * @kernel says which kernel the log is from.  Prints one table row per VM
 * and age (the worst |D| there), each line the model does not reproduce on
 * stderr, and exits 1 if there is one.
 */
struct measured {
	char name[64];
	unsigned int vcpu, khz, host_khz, frac, mul;
	int shift;
	uint64_t ratio, offset, age_ms, host_tsc, clock, pv_tsc, pv_sys, guest;
	int64_t diff;
};

static int parse_measured(const char *line, struct measured *m)
{
	const char *p = strstr(line, "measure: ");
	const char *v;
	size_t n;

	if (!p || !(v = strstr(p, " vcpu ")))
		return 0;
	p += strlen("measure: ");
	n = v - p < (long)sizeof(m->name) - 1 ? (size_t)(v - p) : sizeof(m->name) - 1;
	memcpy(m->name, p, n);
	m->name[n] = 0;
	if (sscanf(v, " vcpu %u khz %u host_khz %u ratio %" SCNx64 " frac %u offset %" SCNx64
		   " age_ms %" SCNu64 " host_tsc %" SCNu64 " clock %" SCNu64 " pv_tsc %" SCNu64
		   " pv_sys %" SCNu64 " mul %u shift %d guest %" SCNu64 " diff %" SCNd64,
		   &m->vcpu, &m->khz, &m->host_khz, &m->ratio, &m->frac, &m->offset,
		   &m->age_ms, &m->host_tsc, &m->clock, &m->pv_tsc, &m->pv_sys, &m->mul,
		   &m->shift, &m->guest, &m->diff) != 15)
		return 0;
	/* Unscaled (frac 0), or SVM's and VMX's ratio widths with a ratio. */
	if (m->frac && ((m->frac != 32 && m->frac != 48) || !m->ratio))
		return 0;
	return m->host_khz != 0;
}

static uint64_t hw_guest(const struct measured *m, uint64_t host_tsc)
{
	if (!m->frac)
		return host_tsc + m->offset;
	return (uint64_t)(((u128)host_tsc * m->ratio) >> m->frac) + m->offset;
}

enum kind { KIND_BASE, KIND_SERIES, KIND_NONE };

/* Whether @kind's arithmetic gives the guest the mul/shift it was given. */
static bool guest_mul_is(const struct measured *m, enum kind kind)
{
	uint64_t ratio = m->frac ? m->ratio : 1;
	int8_t shift;
	uint32_t mul;

	if (kind == KIND_BASE)
		time_scale(1000000000ULL, scale_tsc(m->host_khz, ratio, m->frac) * 1000ULL,
			   &shift, &mul);
	else
		time_scale(1000000000ULL, scale_tsc(m->host_khz * 1000ULL, ratio, m->frac),
			   &shift, &mul);
	return mul == m->mul && shift == m->shift;
}

/* The lowest host TSC the hardware maps to the pvclock's tsc_timestamp. */
static uint64_t first_ref_tsc(const struct measured *m)
{
	uint64_t x = m->pv_tsc - m->offset;

	return m->frac ? (uint64_t)((((u128)x << m->frac) + m->ratio - 1) / m->ratio) : x;
}

/*
 * KVM's clock on @kind's arithmetic for every reference host TSC the
 * hardware maps to the pvclock's tsc_timestamp: [*lo, *hi]; 0 if none.
 */
static int predict_kvm(const struct measured *m, enum kind kind, uint64_t *lo, uint64_t *hi)
{
	struct pvclock guest = {
		.tsc_timestamp = m->pv_tsc, .system_time = m->pv_sys,
		.mul = m->mul, .shift = (int8_t)m->shift,
	};
	struct pvclock host = { .system_time = m->pv_sys };
	uint64_t h;
	int found = 0;

	if (kind == KIND_SERIES) {
		*lo = *hi = pvclock_read(&guest, hw_guest(m, m->host_tsc));
		return 1;
	}
	time_scale(1000000000ULL, m->host_khz * 1000ULL, &host.shift, &host.mul);
	for (h = first_ref_tsc(m); hw_guest(m, h) == m->pv_tsc; h++) {
		uint64_t kvm;

		host.tsc_timestamp = h;
		kvm = pvclock_read(&host, m->host_tsc);
		if (!found++ || kvm < *lo)
			*lo = kvm;
		if (found == 1 || kvm > *hi)
			*hi = kvm;
		if (!m->frac)
			break;
	}
	return found;
}

/*
 * Whether @m is @kind's arithmetic: the guest's mul/shift, the guest's read
 * at the hardware's TSC, and KVM's clock within the model's [*lo, *hi].
 */
static bool line_is_model(const struct measured *m, enum kind kind, uint64_t *lo, uint64_t *hi)
{
	struct pvclock guest = { m->pv_tsc, m->pv_sys, m->mul, (int8_t)m->shift };

	*lo = *hi = 0;
	return guest_mul_is(m, kind) && pvclock_read(&guest, hw_guest(m, m->host_tsc)) == m->guest &&
	       predict_kvm(m, kind, lo, hi) && *lo <= m->clock && m->clock <= *hi;
}

/* A line that names itself a measurement but does not parse is an error. */
static bool unreadable(const char *line)
{
	return strstr(line, "measure: ") != NULL;
}

static void print_row_end(int64_t diff, int64_t pred)
{
	if (pred == INT64_MIN)
		printf(" %" PRId64 " | not the model's |\n", diff);
	else
		printf(" %" PRId64 " | %" PRId64 " |\n", diff, pred);
}

static int measured(const char *path, const char *kernel)
{
	enum kind kind = strcmp(kernel, "base") ? KIND_SERIES : KIND_BASE;
	FILE *f;

	if (strcmp(kernel, "base") && strcmp(kernel, "series")) {
		fprintf(stderr, "--measured: kernel must be base or series, not %s\n", kernel);
		return 2;
	}
	f = fopen(path, "r");
	char line[1024], row[96] = "";
	struct measured m;
	uint64_t lines = 0, exact = 0, bad = 0, worst = 0, widest = 0;
	int64_t worst_diff = 0, worst_pred = 0;
	int have_row = 0;

	if (!f) {
		perror(path);
		return 2;
	}
	printf("| guest frequency | age (s) | guest's mul/shift | KVM minus guest, measured (ns) | model (ns) |\n");
	printf("|---|---:|---|---:|---:|\n");
	while (fgets(line, sizeof(line), f)) {
		uint64_t lo, hi;
		bool base_mul, series_mul;
		char key[96];
		int ok;

		if (!parse_measured(line, &m)) {
			if (unreadable(line)) {
				lines++;
				bad++;
				fprintf(stderr, "not ok: a line the model cannot read: %s", line);
			}
			continue;
		}
		lines++;
		base_mul = guest_mul_is(&m, KIND_BASE);
		series_mul = guest_mul_is(&m, KIND_SERIES);
		ok = line_is_model(&m, kind, &lo, &hi);
		if (ok && lo == hi)
			exact++;
		if (ok && hi - lo > widest)
			widest = hi - lo;
		if (!ok) {
			bad++;
			fprintf(stderr, "not ok: %s vcpu %u age %" PRIu64 " ms: clock %" PRIu64
			       ", model [%" PRIu64 ", %" PRIu64 "] (%s mul/shift)\n",
			       m.name, m.vcpu, m.age_ms, m.clock, lo, hi,
			       base_mul ? (series_mul ? "either" : "base") :
			       series_mul ? "series" : "neither");
		}
		/* One row per VM and whole second of age: its worst difference. */
		snprintf(key, sizeof(key), "%s|%" PRIu64, m.name, m.age_ms / 1000);
		if (strcmp(key, row)) {
			if (have_row)
				print_row_end(worst_diff, worst_pred);
			snprintf(row, sizeof(row), "%s", key);
			printf("| %s (%u kHz) | %.1f | %s |", m.name, m.khz, m.age_ms / 1000.0,
			       base_mul ? (series_mul ? "either (exact ratio)" : "base's") :
			       series_mul ? "series'" : "neither");
			have_row = 1;
			worst = 0;
			worst_diff = worst_pred = 0;
		}
		/* The model's figure: the one of the range nearest the measured. */
		if (mag(m.diff) >= worst) {
			uint64_t pred = m.clock < lo ? lo : m.clock > hi ? hi : m.clock;

			worst = mag(m.diff);
			worst_diff = m.diff;
			worst_pred = ok ? (int64_t)(pred - m.guest) : INT64_MIN;
		}
	}
	if (have_row)
		print_row_end(worst_diff, worst_pred);
	fclose(f);
	if (!lines) {
		printf("skip: no kvmclock_exact_test -m lines in %s\n", path);
		return 3;
	}
	printf("\n%s: %" PRIu64 " measured lines, %" PRIu64 " predicted to the ns, %" PRIu64
	       " within the reference's rounding (model ranges at most %" PRIu64 " ns wide), %"
	       PRIu64 " off the model\n",
	       bad ? "not ok" : "ok", lines, exact, lines - exact - bad, widest, bad);
	return bad ? 1 : 0;
}

/*
 * --extend LOG: the base's measured lines carried past what a run can wait
 * for.  Every line of LOG must first be the model's (as --measured LOG base
 * checks it); then, for each VM, vCPU 0's oldest line gives the reference
 * (its pvclock, and the host TSCs the hardware maps to its tsc_timestamp)
 * and the model reads both views at 1 hour ... 10 years of host TSC after
 * it, as if the reference were never taken again.  A range is printed
 * where the reference's host TSC is not unique.  Exit 1 if a line is off
 * the model (then nothing is extended), 3 if the log has none.
 */
static const struct age extend_ages[] = {
	{ "1 hour", 3600ULL }, { "1 day", 86400ULL }, { "30 days", 30 * 86400ULL },
	{ "1 year", 365 * 86400ULL }, { "10 years", 3650 * 86400ULL },
};
#define NR_EXTEND (sizeof(extend_ages) / sizeof(extend_ages[0]))

/*
 * Each age counts from each candidate reference host TSC h, so the range is
 * only the guest's tick rounding at that age.  Returns the candidates.
 */
static int extend_one(const struct measured *m, int64_t lo[NR_EXTEND], int64_t hi[NR_EXTEND])
{
	struct pvclock guest = { m->pv_tsc, m->pv_sys, m->mul, (int8_t)m->shift };
	struct pvclock host = { .system_time = m->pv_sys };
	uint64_t h;
	size_t a;
	int n = 0;

	time_scale(1000000000ULL, m->host_khz * 1000ULL, &host.shift, &host.mul);
	for (h = first_ref_tsc(m); hw_guest(m, h) == m->pv_tsc; h++, n++) {
		host.tsc_timestamp = h;
		for (a = 0; a < NR_EXTEND; a++) {
			uint64_t t = h + extend_ages[a].seconds * m->host_khz * 1000ULL;
			int64_t d = (int64_t)(pvclock_read(&host, t) -
					      pvclock_read(&guest, hw_guest(m, t)));

			if (!n || d < lo[a])
				lo[a] = d;
			if (!n || d > hi[a])
				hi[a] = d;
		}
		if (!m->frac)
			break;
	}
	return n;
}

static int extend(const char *path)
{
	struct measured vms[32], m;
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t nvms = 0, i, a;
	uint64_t lines = 0, bad = 0;

	if (!f) {
		perror(path);
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		uint64_t lo, hi;

		if (!parse_measured(line, &m)) {
			if (unreadable(line)) {
				lines++;
				bad++;
			}
			continue;
		}
		lines++;
		if (!line_is_model(&m, KIND_BASE, &lo, &hi)) {
			bad++;
			continue;
		}
		if (m.vcpu)
			continue;
		for (i = 0; i < nvms && strcmp(vms[i].name, m.name); i++)
			;
		if (i == nvms) {
			if (nvms == sizeof(vms) / sizeof(vms[0])) {
				bad++;
				continue;
			}
			nvms++;
		} else if (vms[i].pv_tsc != m.pv_tsc || vms[i].pv_sys != m.pv_sys) {
			/* A new reference: the ages would not count from one. */
			printf("not ok: %s: vCPU 0's pvclock changed between its lines\n", m.name);
			bad++;
			continue;
		} else if (vms[i].age_ms > m.age_ms) {
			continue;
		}
		vms[i] = m;
	}
	fclose(f);
	if (!lines) {
		printf("skip: no kvmclock_exact_test -m lines in %s\n", path);
		return 3;
	}
	if (bad || !nvms) {
		printf("not ok: %" PRIu64 " of %" PRIu64 " lines off the model or unreadable%s:"
		       " not extended\n", bad, lines, nvms ? "" : ", none of vCPU 0");
		return 1;
	}
	printf("| guest frequency | age of vCPU 0's oldest line | measured (ns) |");
	for (a = 0; a < NR_EXTEND; a++)
		printf(" %s (model, ns) |", extend_ages[a].name);
	printf("\n|---|---:|---:|");
	for (a = 0; a < NR_EXTEND; a++)
		printf("---:|");
	printf("\n");
	for (i = 0; i < nvms; i++) {
		int64_t lo[NR_EXTEND], hi[NR_EXTEND];

		if (!extend_one(&vms[i], lo, hi)) {
			printf("| %s | no reference host TSC |\n", vms[i].name);
			continue;
		}
		printf("| %s (%u kHz) | %.1f s | %" PRId64 " |", vms[i].name, vms[i].khz,
		       vms[i].age_ms / 1000.0, vms[i].diff);
		for (a = 0; a < NR_EXTEND; a++) {
			if (lo[a] == hi[a])
				printf(" %" PRId64 " |", lo[a]);
			else
				printf(" %" PRId64 " to %" PRId64 " |", lo[a], hi[a]);
		}
		printf("\n");
	}
	printf("\nok: all %" PRIu64 " measured lines are the model's; the columns after"
	       " \"measured\" are the model's alone (base 7.2, no new reference taken)\n", lines);
	return 0;
}

/*
 * The worst of each column at ages 1, 2, 5, 10, 20, ... s up to 10 years:
 * "seconds base patch1 series" per line, the data of make bench's plot.
 */
static int curve(void)
{
	static const uint64_t steps[] = { 1, 2, 5 };
	uint64_t decade, sec;
	struct worst w[NCOLUMNS];
	struct age a = { "", 0 };
	size_t i;
	int c;

	printf("# seconds %s %s %s (worst |difference| in ns)\n",
	       column_name[BASE], column_name[PATCH1], column_name[SERIES]);
	for (decade = 1; decade <= 1000000000ULL; decade *= 10)
		for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
			sec = decade * steps[i];
			if (sec > 3650 * 86400ULL)
				return 0;
			a.seconds = sec;
			scan(&a, 0, w);
			printf("%" PRIu64, sec);
			for (c = 0; c < NCOLUMNS; c++)
				printf(" %" PRIu64, w[c].ns);
			printf("\n");
		}
	return 0;
}

int main(int argc, char **argv)
{
	struct worst w[NCOLUMNS];
	size_t a;
	int c;

	if (argc > 1 && !strcmp(argv[1], "--check"))
		return check();
	if (argc > 2 && !strcmp(argv[1], "--compare"))
		return compare(argv[2]);
	if (argc > 1 && !strcmp(argv[1], "--curve"))
		return curve();
	if (argc > 3 && !strcmp(argv[1], "--measured"))
		return measured(argv[2], argv[3]);
	if (argc > 2 && !strcmp(argv[1], "--extend"))
		return extend(argv[2]);

	printf("| master clock age | %s (ns) | %s (ns) | %s (ns) | worst base point |\n",
	       column_name[BASE], column_name[PATCH1], column_name[SERIES]);
	printf("|---|---:|---:|---:|---|\n");
	for (a = 0; a < sizeof(ages) / sizeof(ages[0]); a++) {
		if (!ages[a].seconds)
			continue;
		scan(&ages[a], 0, w);
		printf("| %s |", ages[a].name);
		for (c = 0; c < NCOLUMNS; c++)
			printf(" %" PRIu64 " |", w[c].ns);
		printf(" host %u kHz, guest %u kHz, %d-bit ratio |\n",
		       w[BASE].at.host_khz, w[BASE].at.guest_khz,
		       w[BASE].at.frac);
	}
	printf("\nWorst |KVM's kvmclock - guest's kvmclock| in ns over %zu host x %zu guest"
	       " frequencies x %zu ratio widths x %zu TSC offsets (two wrap).\n",
	       sizeof(host_khz) / sizeof(host_khz[0]),
	       sizeof(guest_khz) / sizeof(guest_khz[0]),
	       sizeof(fracs) / sizeof(fracs[0]),
	       sizeof(offsets) / sizeof(offsets[0]));
	return 0;
}
