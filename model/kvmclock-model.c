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
 *   kvmclock-model [--check | --compare CONSOLE_LOG | --curve]
 *
 * prints a markdown table of the worst |KVM - guest| in ns per master clock
 * age.  --check instead verifies the model's own invariants (the series
 * column is 0, the known case reproduces 34.5 ms/day) and exits non-zero
 * if one fails.  --compare checks the model against the kernel: the worst
 * one-stage errors the KUnit grid printed must be the model's, exactly
 * (exit 3 when the log has none).
 */
#include <inttypes.h>
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
	char line[512];
	int seen = 0, bad = 0;

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
				 " points equal; one-stage view off by up to %" SCNu64,
				 &khz, &points, &kernel) != 3)
			continue;
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
