#!/usr/bin/env python3
"""The make vmm table: one row per scenario and kernel, from the "row:"
lines initramfs/vmm-scenario prints into the L1's TAP log.

    vmm-table.py SERIES_TAP [BASE_TAP | --no-base]
"""
import sys

COLS = ("kernel", "scenario", "path", "options", "step (ns)",
        "guest time - L1 pause (ms, per vCPU)", "vDSO errors",
        "mono back", "cross-vCPU back", "pause (ms)", "STABLE start>end",
        "verdict")


def rows(path, kernel):
    out, pending, args, gaps = [], None, "", {}
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError:
        return [[kernel, "(no run)"] + [""] * (len(COLS) - 2)]
    for line in lines:
        if line.startswith("# run: vmm-scenario"):
            args = line.split("vmm-scenario", 1)[1].split("(timeout")[0].strip()
            args = args.replace("retry ", "", 1) if args.startswith("retry ") else args
            pending, gaps = None, {}
        elif line.startswith("# l2: gap "):
            # The step of each vCPU's longest gap, from the guest's own line
            # (the row's busybox awk printed 32-bit integers before 2026-12-08).
            kv = dict(f.split("=", 1) for f in line.split()[3:] if "=" in f)
            c = kv.get("cpu")
            if c is not None and int(kv["dtsc_ns"]) >= gaps.get(c, (-1, 0))[0]:
                gaps[c] = (int(kv["dtsc_ns"]), int(kv["step_ns"]))
        elif line.startswith("# # row: ") or line.startswith("# row: "):
            pending = [c.strip() for c in line.split("row: ", 1)[1].split("|")]
            if gaps:
                step = max((g[1] for g in gaps.values()), key=abs)
                pending[3] = "%+d" % step
        elif (line.startswith("ok ") or line.startswith("not ok ")) and \
                " vmm-scenario" in line:
            verdict = "pass" if line.startswith("ok ") else "FAIL"
            if "passed on retry" in line:
                verdict = "pass (2nd run)"
            if pending is None:
                kind, _, rest = args.partition(" ")
                p, _, opts = rest.partition(" ")
                pending = [kind, p, opts or "none"] + ["-"] * 7
            out.append([kernel] + pending + [verdict])
            pending = None
    return out


def main():
    series = sys.argv[1]
    base = None if len(sys.argv) < 3 or sys.argv[2] == "--no-base" else sys.argv[2]
    table = rows(series, "series")
    if base:
        table += rows(base, "base")
    print("| " + " | ".join(COLS) + " |")
    print("|" + "---|" * len(COLS))
    for r in table:
        r = (r + [""] * len(COLS))[:len(COLS)]
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
