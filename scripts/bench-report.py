#!/usr/bin/env python3
"""make bench's report: the figures the measurement programs printed on the
base and on the patched kernel, side by side, as bench/results.md, plus the
data and gnuplot scripts of the plots (bench.sh runs gnuplot on them).

Every figure is parsed from a run's TAP log (the selftests' '# #' lines);
a figure a run did not print is shown as 'n/a', never invented."""
import argparse
import os
import re
import statistics

from summarize import host_info


def load(path):
    with open(path, 'rb') as f:
        return f.read().decode('utf-8', 'replace').replace('\r', '').split('\n')


def facts(lines, console):
    """What the run says about where its figures come from."""
    info = host_info(lines)
    for l in load(console):
        m = re.search(r'Linux version (\S+)', l)
        if m:
            info['kernel'] = m.group(1)
            break
    return info


def parse(lines):
    """The figures of one run."""
    d = {'step': {}, 'lat': {}, 'samples': {}, 'cost': {}, 'residual': {}, 'offset': {},
         'expiries': {}}
    for l in lines:
        l = re.sub(r'^# # ', '', l)
        m = re.match(r'^(default|fixed), (.+): (same pvclock|new master clock reference), '
                     r'step ([+-]\d+) ns, master clock updates (\S+)$', l)
        if m:
            mode, ev, same, stepns, upd = m.groups()
            d['step'][(mode, ev)] = (same == 'same pvclock', int(stepns), upd)
            continue
        # xen_timer_latency_test, one VM per guest TSC frequency (tsc=NUM/DEN).
        m = re.match(r'^xen_timer_latency tsc=(\S+) path=(\S+) op=(\S+) ns=(\d+) n=(\d+) '
                     r'min=(-?\d+) mean=(-?\d+) p50=(-?\d+) p99=(-?\d+) max=(-?\d+)$', l)
        if m:
            tsc, path, op, size = m.group(1), m.group(2), m.group(3), int(m.group(4))
            d['lat'][(tsc, path, op, size)] = dict(zip(
                ('n', 'min', 'mean', 'p50', 'p99', 'max'), map(int, m.groups()[4:])))
            continue
        m = re.match(r'^xen_timer_sample (\S+) (\S+) (\S+) (\d+) (-?\d+)$', l)
        if m:
            d['samples'].setdefault((m.group(1), m.group(2), m.group(3), int(m.group(4))),
                                    []).append(int(m.group(5)))
            continue
        m = re.match(r'^xen_timer_now tsc=(\S+) khz=(\d+) age_ms=(\d+) path=(\S+) n=(\d+) '
                     r'lost=(\d+) lo=(-?\d+) hi=(-?\d+) median=(-?\d+)', l)
        if m:
            d['offset'][(m.group(1), m.group(4))] = dict(zip(
                ('khz', 'age_ms', 'n', 'lost', 'lo', 'hi', 'median'),
                map(int, m.group(2, 3, 5, 6, 7, 8, 9))))
            continue
        m = re.match(r'^(\S+): (\d+) expiries checked to the ns on the host, (\d+) bounded$', l)
        if m:
            d['expiries'][m.group(1)] = int(m.group(2))
            continue
        m = re.match(r'^migration residual, (.+): ([+-]?\d+) ns$', l)
        if m:
            d['residual'][m.group(1)] = int(m.group(2))
            continue
        m = re.match(r'^ns per call: (.*)$', l)
        if m:
            for part in m.group(1).split(', '):
                name, val = part.rsplit(' ', 1)
                d['cost'][name] = int(val)
    return d


def exact_name(t):
    """kvmclock_exact_test's name for xen_timer_latency_test's -t."""
    return {'1/1': 'unscaled', '1/4+1': '1/4 + 1 kHz', '4/1-1': '4/1 - 1 kHz'}.get(t, t)


def measured_at_60(path):
    """name -> (age_ms, diff) of the oldest row of kvmclock-model --measured."""
    rows = {}
    for l in load(path):
        m = re.match(r'^\| (.+) \(\d+ kHz\) \| ([\d.]+) \| [^|]+ \| (-?\d+) \|', l)
        if m:
            age = float(m.group(2)) * 1000
            if m.group(1) not in rows or rows[m.group(1)][0] <= age:
                rows[m.group(1)] = (age, int(m.group(3)))
    return rows


def num(v):
    return 'n/a' if v is None else '{:,}'.format(v)


def ratio(b, p):
    if b is None or p is None:
        return 'n/a'
    if b == 0:
        return 'n/a' if p else '1'
    return '%.2f' % (p / b)


def step_cell(d, mode, ev):
    v = d['step'].get((mode, ev))
    if v is None:
        return 'n/a'
    same, ns, upd = v
    what = 'same reference' if same else 'new reference'
    return '%s, %+d ns, updates %s' % (what, ns, upd)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--out', required=True)
    ap.add_argument('--base', required=True)
    ap.add_argument('--patched', required=True)
    ap.add_argument('--base-console', required=True)
    ap.add_argument('--patched-console', required=True)
    ap.add_argument('--model', required=True)
    ap.add_argument('--model-check', required=True)
    ap.add_argument('--measured-base', required=True)
    ap.add_argument('--measured-series', required=True)
    ap.add_argument('--extend', required=True)
    ap.add_argument('--env', action='append', default=[])
    a = ap.parse_args()

    bl, pl = load(a.base), load(a.patched)
    b, p = parse(bl), parse(pl)
    bi, pi = facts(bl, a.base_console), facts(pl, a.patched_console)
    md = []
    w = md.append

    w('# kvmclock series: base 7.2 against the series')
    w('')
    w('Written by `make bench` (scripts/bench.sh); every figure below was printed by a')
    w('selftest in this run, on the kernel named in its column.')
    w('')
    w('## Where the figures come from')
    w('')
    for e in a.env:
        w('- ' + e)
    for name, i in (('base run', bi), ('patched run', pi)):
        w('- %s: kernel %s, L1 %s, %s, clocksource %s, KVM master clock %s, '
          'TSC scaling %s' % (
              name, i.get('kernel', '?'), i.get('cpu', '?'), i.get('host', '?'),
              i.get('clocksource', '?'), i.get('master_clock', '?'),
              'present (measured below at 13 ratios; the table by age beyond 60 s is '
              'the model\'s)' if i.get('tsc_control', '0') not in ('0', '')
              else 'absent (the scaled-TSC rows come from the model, not from a run)'))
    w('')

    # Divergence.
    w('## KVM\'s kvmclock minus the guest\'s, by master clock age')
    w('')
    w('Worst |difference| over the KUnit grid (8 host x 8 guest frequencies x 2 ratio')
    w('widths x 5 TSC offsets).  "base 7.2" and "patch 1 only" are the userspace model')
    w('of the base arithmetic; "series" is the same model of the patched arithmetic,')
    w('and the patched kernel asserts it in `kvm_x86_clock.kvmclock_grid_test` (0 ns')
    w('at every point, by running KVM\'s own functions).')
    w('')
    for l in load(a.model):
        if l.startswith('|'):
            w(l)
    chk = [l for l in load(a.model_check) if l.strip()]
    ok = [l for l in chk if l.startswith('ok')]
    w('')
    if chk and len(ok) == len(chk):
        w('Model checked against this run\'s patched kernel: the one-stage worst errors the')
        w('KUnit grid printed for %d host frequencies equal the model\'s, to the ns.' % len(ok))
    else:
        w('Model check against the kernel: %s' % ('; '.join(chk[:2]) or 'no output'))
    w('')
    w('![divergence](divergence.png)')
    w('')

    # Measured divergence, base and series, each line checked by the model.
    w('## KVM\'s kvmclock minus the guest\'s, measured (x86/kvmclock_exact_test -m)')
    w('')
    w('KVM_GET_CLOCK\'s clock minus what each vCPU\'s guest reads from its published')
    w('pvclock at the guest TSC the hardware gives for KVM_GET_CLOCK\'s host TSC, in')
    w('VMs at 13 guest frequencies, at master clock reference ages up to 60 s (worst')
    w('difference per VM and age).  "model" is `kvmclock-model --measured`: the same')
    w('figure computed from the line\'s inputs by the userspace model of the kernel\'s')
    w('arithmetic; a line it does not reproduce fails the check below the table.')
    w('')
    for name, path in (('base 7.2', a.measured_base), ('series', a.measured_series)):
        w('### ' + name)
        w('')
        body = [l for l in load(path) if l.strip()]
        for l in body:
            w(l)
        if not body:
            w('(no measured lines)')
        w('')

    w('### base 7.2 beyond 60 s: the model\'s (`kvmclock-model --extend`)')
    w('')
    w('Only once the model reproduced every measured base line above: each VM\'s')
    w('oldest vCPU 0 reading carried to older references, none taken in between.')
    w('')
    body = [l for l in load(a.extend) if l.strip()]
    for l in body:
        w(l)
    if not body:
        w('(no output)')
    w('')

    # Steps.
    events = []
    for d in (b, p):
        for (mode, ev) in d['step']:
            if ev not in events:
                events.append(ev)
    w('## Clock step per master clock event (x86/kvmclock_step_test)')
    w('')
    w('Step = the guest\'s kvmclock after the event minus before, at the same guest TSC;')
    w('"updates" = the VM stat master_clock_updates (absent in the base).')
    w('')
    w('| event | base 7.2 | patched, default mode | patched, KVM_CAP_X86_FIXED_MASTERCLOCK |')
    w('|---|---|---|---|')
    for ev in events:
        w('| %s | %s | %s | %s |' % (ev, step_cell(b, 'default', ev),
                                     step_cell(p, 'default', ev), step_cell(p, 'fixed', ev)))
    w('')

    # Xen timers.
    w('## Xen PV timers in guest time (x86/xen_timer_latency_test -m)')
    w('')
    w('One VM per guest TSC frequency (a fraction of the host\'s, "+1" = 1 kHz more),')
    w('each waiting at least 60 s without running between its clock setup and its')
    w('first timer (the age column: at the first workaround call).  Path "pvclock":')
    w('KVM converts the expiry through the guest\'s Xen pvclock; "fallback": through')
    w('its own view of the vCPU\'s kvmclock (KVM_GET_CLOCK\'s arithmetic).')
    w('')
    w('### Systematic part: KVM\'s "now" minus the guest\'s, ns')
    w('')
    w('Each set_timer_op workaround expiry (100 ms after KVM\'s "now") bounds it by')
    w('the guest\'s clock reads around the hypercall; [lo, hi] is the intersection')
    w('of a path\'s n bounds.  A timer on that path fires this much early (positive)')
    w('or late (negative) besides its delivery delay.  The series asserts 0 in every')
    w('bound in `make check` (tests/clock.list), not here.  "fallback - pvclock" is')
    w('the difference of the two paths\' median midpoints: the pvclock path is the')
    w('guest\'s own arithmetic on both kernels, so it calibrates where in the')
    w('hypercall KVM reads its clock.  "KVM_GET_CLOCK" is kvmclock_exact_test -m\'s')
    w('measured difference for the same frequency at 60 s (same arithmetic as the')
    w('fallback), scaled to the Xen row\'s age.')
    w('')
    w('| guest TSC | age (s) | n | base pvclock [lo, hi] | base fallback [lo, hi] | base fallback - pvclock '
      '| KVM_GET_CLOCK, base | series pvclock [lo, hi] | series fallback [lo, hi] | series fallback - pvclock |')
    w('|---|---:|---:|---|---|---:|---:|---|---|---:|')

    def rng(o):
        return '[%s, %s]' % (num(o['lo']), num(o['hi'])) if o else 'n/a'

    def diff(d, t):
        f, q = d['offset'].get((t, 'fallback')), d['offset'].get((t, 'pvclock'))
        return num(f['median'] - q['median']) if f and q else 'n/a'
    exact = measured_at_60(a.measured_base)
    tscs = []
    for d in (b, p):
        for (t, _) in d['offset']:
            if t not in tscs:
                tscs.append(t)
    for t in tscs:
        o = b['offset'].get((t, 'fallback')) or p['offset'].get((t, 'fallback'))
        e = exact.get(exact_name(t))
        scaled = None if e is None else round(e[1] * o['age_ms'] / e[0])
        w('| %s (%s kHz) | %.1f | %s | %s | %s | %s | %s | %s | %s | %s |' % (
            t, num(o['khz']), o['age_ms'] / 1000.0, o['n'],
            rng(b['offset'].get((t, 'pvclock'))), rng(b['offset'].get((t, 'fallback'))),
            diff(b, t), num(scaled),
            rng(p['offset'].get((t, 'pvclock'))), rng(p['offset'].get((t, 'fallback'))),
            diff(p, t)))
    w('')
    w('### Lateness, unscaled guest (tsc=1/1), ns')
    w('')
    w('From the requested expiry to the upcall handler\'s kvmclock read.  Expiries')
    w('checked to the ns on the host, all VMs: base %s, patched %s.' % (
        num(sum(b['expiries'].values()) if b['expiries'] else None),
        num(sum(p['expiries'].values()) if p['expiries'] else None)))
    w('')
    w('| path | operation | requested | n | base p50 | base p99 | base mean | patched p50 '
      '| patched p99 | patched mean | p50 ratio |')
    w('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    keys = [k for k in set(b['lat']) | set(p['lat']) if k[0] == '1/1']
    for key in sorted(keys, key=lambda k: (k[1] != 'pvclock', k[2], k[3])):
        x, y = b['lat'].get(key, {}), p['lat'].get(key, {})
        w('| %s | %s | %d us | %s | %s | %s | %s | %s | %s | %s | %s |' % (
            key[1], key[2], key[3] // 1000, num(y.get('n', x.get('n'))),
            num(x.get('p50')), num(x.get('p99')), num(x.get('mean')),
            num(y.get('p50')), num(y.get('p99')), num(y.get('mean')),
            ratio(x.get('p50'), y.get('p50'))))
    w('')
    w('### 100 us set_timer_op timers by guest TSC, p50 / min (ns)')
    w('')
    w('| guest TSC | base 7.2 pvclock | base 7.2 fallback | series pvclock | series fallback |')
    w('|---|---:|---:|---:|---:|')
    tscs = []
    for d in (b, p):
        for k in d['lat']:
            if k[0] not in tscs:
                tscs.append(k[0])
    for t in tscs:
        cells = []
        for d in (b, p):
            for path in ('pvclock', 'fallback'):
                v = d['lat'].get((t, path, 'set_timer_op', 100000))
                cells.append('%s / %s' % (num(v['p50']), num(v['min'])) if v else 'n/a')
        w('| %s | %s |' % (t, ' | '.join(cells)))
    w('')
    w('![Xen timer lateness](xen-timer.png)')
    w('')

    # ioctl cost and migration.
    w('## Clock ioctls: cost and migration residual (x86/kvmclock_guest_test)')
    w('')
    w('| figure | base 7.2 | patched | ratio |')
    w('|---|---:|---:|---:|')
    for name in ('KVM_GET_CLOCK', 'GET_CLOCK_GUEST', 'SET_CLOCK_GUEST'):
        bv, pv = b['cost'].get(name), p['cost'].get(name)
        w('| %s, ns per call | %s | %s | %s |' % (name, num(bv), num(pv), ratio(bv, pv)))
    old = 'KVM_GET_CLOCK/KVM_SET_CLOCK(realtime)'
    new = 'KVM_GET/SET_CLOCK_GUEST'
    w('| migration residual, %s, ns | %s | %s | |' % (
        old, num(b['residual'].get(old)), num(p['residual'].get(old))))
    w('| migration residual, %s, ns | n/a | %s | |' % (new, num(p['residual'].get(new))))
    w('')
    w('Costs under emulation are useful as ratios only.  The base offers only the')
    w('realtime procedure; its residual is how far the restored guest clock is from')
    w('the saved one at the same guest TSC.')
    w('')

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, 'results.md'), 'w') as f:
        f.write('\n'.join(md) + '\n')

    # Plot data and scripts.
    with open(os.path.join(a.out, 'divergence.gp'), 'w') as f:
        f.write('''set terminal pngcairo size 900,560 font ",11"
set output "%(o)s/divergence.png"
set title "KVM's kvmclock minus the guest's, worst over the KUnit grid"
set logscale xy
set format y "10^{%%L}"
set xlabel "master clock age (s)"
set ylabel "worst |difference| (ns)"
set key top left
set grid
set label 1 "series: 0 ns at every age (asserted by KUnit; 0 has no place on a log scale)" at graph 0.30, graph 0.06
plot "%(o)s/divergence.dat" using 1:2 with linespoints title "base 7.2", \\
     "" using 1:3 with linespoints title "patch 1 only"
''' % {'o': a.out})
    key = ('1/1', 'pvclock', 'set_timer_op', 100000)
    have = [(n, d['samples'][key]) for n, d in (('base 7.2', b), ('patched', p))
            if d['samples'].get(key)]
    plots = []
    for i, (name, s) in enumerate(have):
        s = sorted(s)
        fn = os.path.join(a.out, 'xen-timer-%d.dat' % i)
        with open(fn, 'w') as f:
            for j, v in enumerate(s):
                f.write('%f %f\n' % (max(v, 1) / 1000.0, (j + 1) / len(s)))
        plots.append('"%s" using 1:2 with steps title "%s (n=%d, median %.0f us)"' % (
            fn, name, len(s), statistics.median(s) / 1000.0))
    with open(os.path.join(a.out, 'xen-timer.gp'), 'w') as f:
        f.write('''set terminal pngcairo noenhanced size 900,560 font ",11"
set output "%s/xen-timer.png"
set title "Xen set_timer_op, 100 us timers: lateness in guest time (CDF)"
set logscale x
set xlabel "upcall minus requested expiry (us, guest kvmclock)"
set ylabel "fraction of timers"
set key bottom right
set grid
''' % a.out)
        if plots:
            f.write('plot ' + ', \\\n     '.join(plots) + '\n')
        else:
            f.write('set label 1 "no samples in either run" at graph 0.3, graph 0.5\n'
                    'plot 0 notitle\n')


if __name__ == '__main__':
    main()
