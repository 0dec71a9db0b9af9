#!/usr/bin/env python3
"""Per-patch line coverage of what the series adds to KVM.

    coverage.py --tree build/linux [--md OUT.md] RUN_DIR...

Each RUN_DIR holds gcov's JSON (*.gcov.json.gz, `gcov -j`) of one boot of
the coverage kernel.  A line counts as executed if any boot executed it.
The lines each patch adds or changes in arch/x86/kvm/ and
arch/x86/include/ are those `git blame base..HEAD` gives to its commit;
of them, the ones gcov lists (lines with code: not comments, blank lines
or declarations) are the patch's executable lines.  Prints a table, one row
per patch that adds executable lines, and lists the lines never executed
with their function.
"""
import argparse
import collections
import glob
import gzip
import json
import os
import subprocess
import sys

AREAS = ("arch/x86/kvm/", "arch/x86/include/")


def rel(path):
    """The tree-relative path of a source file named in a gcno."""
    for a in AREAS + ("include/", "arch/"):
        i = path.find("/" + a)
        if i >= 0:
            return path[i + 1:]
        if path.startswith(a):
            return path
    return None


def load_runs(dirs):
    """{file: {line: (count, function)}} over all runs (counts summed)."""
    lines = collections.defaultdict(dict)
    for d in dirs:
        found = glob.glob(os.path.join(d, "*.gcov.json.gz"))
        if not found:
            sys.exit(f"coverage.py: no gcov JSON in {d}")
        for f in found:
            with gzip.open(f, "rt") as fh:
                data = json.load(fh)
            for src in data["files"]:
                name = rel(src["file"])
                if not name or not name.startswith(AREAS):
                    continue
                for ln in src["lines"]:
                    n = ln["line_number"]
                    count, func = lines[name].get(n, (0, ln.get("function_name", "")))
                    lines[name][n] = (count + ln["count"], func or ln.get("function_name", ""))
    return lines


def git(tree, *args):
    return subprocess.run(["git", "-C", tree] + list(args), check=True,
                          capture_output=True, text=True).stdout


def added_lines(tree):
    """[(patch number, subject)], {file: {line: patch number}}"""
    commits = git(tree, "rev-list", "--reverse", "base..HEAD").split()
    index = {c: i + 1 for i, c in enumerate(commits)}
    subjects = [git(tree, "log", "-1", "--format=%s", c).strip() for c in commits]
    files = [f for f in git(tree, "diff", "--name-only", "base..HEAD", "--",
                            *AREAS).split() if f.endswith((".c", ".h"))]
    added = {}
    for f in files:
        if not os.path.exists(os.path.join(tree, f)):
            continue
        blame = git(tree, "blame", "-l", "-s", "base..HEAD", "--", f)
        marks = {}
        for i, line in enumerate(blame.splitlines(), 1):
            h = line.split()[0]
            if not h.startswith("^") and h in index:
                marks[i] = index[h]
        added[f] = marks
    return list(enumerate(subjects, 1)), added


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tree", required=True)
    ap.add_argument("--md")
    ap.add_argument("runs", nargs="+")
    a = ap.parse_args()

    cov = load_runs(a.runs)
    patches, added = added_lines(a.tree)
    per = collections.defaultdict(lambda: [0, 0, []])
    for f, marks in sorted(added.items()):
        fl = cov.get(f, {})
        for n, p in sorted(marks.items()):
            if n not in fl:
                continue
            count, func = fl[n]
            per[p][0] += 1
            if count:
                per[p][1] += 1
            else:
                per[p][2].append(f"{f}:{n} {func}")

    out = ["| patch | subject | executable lines added | executed |",
           "|---:|---|---:|---:|"]
    tot = [0, 0]
    for p, subj in patches:
        if p not in per:
            continue
        n, x, _ = per[p]
        tot[0] += n
        tot[1] += x
        out.append(f"| {p} | {subj} | {n} | {x} |")
    out.append(f"| | all | {tot[0]} | {tot[1]} |")
    out.append("")
    missed = [(p, l) for p, _ in patches for l in per.get(p, [0, 0, []])[2]]
    out.append(f"Lines never executed ({len(missed)}):")
    out.append("")
    for p, l in missed:
        out.append(f"- patch {p}: {l}")
    text = "\n".join(out) + "\n"
    print(text, end="")
    if a.md:
        with open(a.md, "w") as fh:
            fh.write("# Coverage of the lines the series adds to KVM\n\n" + text)


if __name__ == "__main__":
    main()
