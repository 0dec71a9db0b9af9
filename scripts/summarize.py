#!/usr/bin/env python3
"""Read the TAP a test VM printed and judge it.

    summarize.py TAP_LOG [--expect FILE] [--markdown OUT] [--title T]

Every "ok"/"not ok" line is one test.  A failure that tests/expect.txt
records as a failure of the unpatched base under emulation is counted as
skipped, with that reason; anything else that fails is a failure.  The host
must have run KVM in master clock mode on the TSC clocksource, or nothing
that follows is trusted: that is checked as a test of its own.
Prints a table and ends with "N passed, N failed, N skipped"; exits 1 on any
failure.
"""
import argparse
import os
import re
import sys

LINE = re.compile(r'^(not ok|ok) (\d+) (\S+)(?: # (.*))?$')


def load_expect(path):
    exp = {}
    if not path:
        return exp
    with open(path) as f:
        for raw in f:
            raw = raw.strip()
            if not raw or raw.startswith('#'):
                continue
            name, status, *why = raw.split(None, 2)
            exp[name] = (status, why[0] if why else '')
    return exp


# What a kernel prints when something is wrong: WARN/BUG/oops, the
# sanitizers and lockdep of the debug kernel, RCU stalls, hung tasks.
SPLAT = re.compile(r'(WARNING: |BUG: |Oops|general protection fault|Kernel panic|'
                   r'KASAN|UBSAN|KFENCE|possible circular locking|possible recursive locking|'
                   r'inconsistent lock state|suspicious RCU usage|rcu: INFO: |'
                   r'self-detected stall|blocked for more than)')


# Lines after a splat's first line that belong to its report (call trace).
SPLAT_BLOCK = 60


def load_known_splats(path):
    """tests/known-splats.txt: 'first-line text<TAB>func,func<TAB>why' rows."""
    known = []
    if path and os.path.exists(path):
        with open(path) as f:
            for raw in f:
                if raw.strip() and not raw.startswith('#'):
                    text, funcs, why = raw.rstrip('\n').split('\t', 2)
                    known.append((text, funcs.split(','), why))
    return known


def splats(path, known):
    """(first unknown splat line or None, [known splat reasons seen])."""
    with open(path, 'rb') as f:
        lines = [raw.decode('utf-8', 'replace').rstrip() for raw in f]
    seen = []
    for i, line in enumerate(lines):
        if not SPLAT.search(line):
            continue
        block = '\n'.join(lines[i:i + SPLAT_BLOCK])
        for text, funcs, why in known:
            if text in line and all(fn in block for fn in funcs):
                if why not in seen:
                    seen.append(why)
                break
        else:
            return line.strip()[:200], seen
    return None, seen


def host_info(lines):
    """What init reported about the L1: clocksource, CPU, KVM probe results."""
    info = {}
    for l in lines:
        m = re.match(r'^# (clocksource|probe|cpu flags|cpu|host): (.*)$', l)
        if m:
            k, v = m.groups()
            if k == 'probe' and '=' in v:
                k, v = v.split('=', 1)
            info[k] = v.strip()
    return info


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('tap')
    ap.add_argument('--expect')
    ap.add_argument('--markdown')
    ap.add_argument('--title', default='VM run')
    ap.add_argument('--tsv', help='append "VERDICT<TAB>name<TAB>detail" rows here')
    ap.add_argument('--console', help='kernel console log to scan for splats')
    ap.add_argument('--known-splats', help='splats of the unpatched base, not failures')
    ap.add_argument('--prefix', default='',
                    help='put before every row name (a second boot of the L1)')
    ap.add_argument('--env', action='append', default=[],
                    help='KEY=VALUE lines for the header of the markdown')
    a = ap.parse_args()

    with open(a.tap, 'rb') as f:
        text = f.read().decode('utf-8', 'replace').replace('\r', '')
    lines = text.split('\n')
    exp = load_expect(a.expect)

    info = host_info(lines)

    rows = []   # (name, verdict, detail)
    host_ok = info.get('clocksource') == 'tsc' and info.get('master_clock') == 'on'
    rows.append(('host: TSC clocksource, KVM master clock',
                 'PASS' if host_ok else 'FAIL',
                 'clocksource=%s master_clock=%s KVM_GET_CLOCK flags=%s TSC scaling=%s' % (
                     info.get('clocksource', '?'), info.get('master_clock', '?'),
                     info.get('get_clock_flags', '?'),
                     'yes' if info.get('tsc_control', '0') not in ('0', '') else 'no')))
    plan = None
    done = False
    for l in lines:
        if l.startswith('1..'):
            plan = int(l[3:].split()[0])
        if l.startswith('# kvmclock-harness: done'):
            done = True
        m = LINE.match(l)
        if not m:
            continue
        st, _, name, directive = m.groups()
        directive = directive or ''
        if st == 'ok' and directive.startswith('SKIP'):
            rows.append((name, 'SKIP', re.sub(r' ?time=\S+$', '', directive[4:].strip())))
        elif st == 'ok':
            rows.append((name, 'PASS', directive))
        elif name in exp and exp[name][0] == 'fail':
            rows.append((name, 'SKIP', 'fails on the base under emulation too: ' + exp[name][1]))
        elif name in exp and exp[name][0] == 'flaky':
            rows.append((name, 'SKIP', 'failed; flaky under emulation: ' + exp[name][1]))
        else:
            rows.append((name, 'FAIL', directive))
    if a.console:
        splat, seen = splats(a.console, load_known_splats(a.known_splats))
        rows.append(('vm: no kernel warning on the console',
                     'FAIL' if splat else 'PASS', splat or ''))
        for why in seen:
            rows.append(('vm: known base splat', 'SKIP', why))
    ntests = sum(1 for r in rows if not r[0].startswith(('host: ', 'vm: ')))
    if not done or plan is None or plan != ntests:
        rows.append(('vm: init ran to the end', 'FAIL',
                     'done=%s plan=%s tests=%d' % (done, plan, ntests)))

    if a.prefix:
        rows = [(a.prefix + name, verdict, detail) for name, verdict, detail in rows]
    npass = sum(r[1] == 'PASS' for r in rows)
    nfail = sum(r[1] == 'FAIL' for r in rows)
    nskip = sum(r[1] == 'SKIP' for r in rows)

    w = max(len(r[0]) for r in rows)
    for name, verdict, detail in rows:
        print('%-*s  %-4s  %s' % (w, name, verdict, detail[:160]))
    if a.markdown:
        with open(a.markdown, 'w') as f:
            f.write('# %s\n\n' % a.title)
            for e in a.env:
                f.write('- %s\n' % e)
            for k in ('host', 'cpu', 'cpu flags', 'clocksource', 'master_clock',
                      'get_clock_flags', 'tsc_control'):
                if k in info:
                    f.write('- %s: %s\n' % (k, info[k]))
            f.write('\n| test | verdict | detail |\n|---|---|---|\n')
            for name, verdict, detail in rows:
                f.write('| %s | %s | %s |\n' % (name, verdict, detail.replace('|', '/')))
            f.write('\n%d passed, %d failed, %d skipped\n' % (npass, nfail, nskip))
    if a.tsv:
        with open(a.tsv, 'a') as f:
            for name, verdict, detail in rows:
                f.write('%s\t%s\t%s\n' % (verdict, name, detail.replace('\t', ' ')))
    print('%d passed, %d failed, %d skipped' % (npass, nfail, nskip))
    return 1 if nfail else 0


if __name__ == '__main__':
    sys.exit(main())
