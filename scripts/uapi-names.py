#!/usr/bin/env python3
"""Print the names a program gets by including <linux/kvm.h>: every macro
(gcc -E -dM) and every struct, union, enum, enumerator and typedef name
(from the DWARF of a file that includes it, built with
-fno-eliminate-unused-debug-types), one per line, sorted.

    uapi-names.py INCLUDE_DIR

INCLUDE_DIR is an installed uapi tree (headers_install's .../include).
What the headers pull in through other headers counts, as it does for the
VMM that includes them.  Predefined compiler macros are listed too; they
cancel out when two trees are compared.
"""
import os
import re
import subprocess
import sys
import tempfile

TAGS = ("DW_TAG_structure_type", "DW_TAG_union_type", "DW_TAG_enumeration_type",
        "DW_TAG_enumerator", "DW_TAG_typedef")


def main():
    inc = sys.argv[1]
    names = set()
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "probe.c")
        obj = os.path.join(tmp, "probe.o")
        with open(src, "w") as f:
            f.write("#include <linux/kvm.h>\n")
        cc = ["gcc", "-nostdinc", "-isystem", inc, "-ffreestanding"]
        out = subprocess.run(cc + ["-E", "-dM", src], check=True,
                             capture_output=True, text=True).stdout
        for line in out.splitlines():
            m = re.match(r"#define ([A-Za-z_][A-Za-z0-9_]*)", line)
            if m:
                names.add(m.group(1))
        subprocess.run(cc + ["-g", "-fno-eliminate-unused-debug-types", "-c", "-o", obj, src],
                       check=True)
        dump = subprocess.run(["readelf", "--debug-dump=info", obj], check=True,
                              capture_output=True, text=True).stdout
    tag = None
    for line in dump.splitlines():
        m = re.match(r"\s*<\d+><[0-9a-f]+>: Abbrev Number: \d+ \((DW_TAG_\w+)\)", line)
        if m:
            tag = m.group(1)
            continue
        m = re.match(r"\s*<[0-9a-f]+>\s+DW_AT_name\s*:.*?([A-Za-z_][A-Za-z0-9_]*)\s*$", line)
        if m and tag in TAGS:
            names.add(m.group(1))
            tag = None
    if not any(n.startswith("KVM_") for n in names):
        sys.exit(f"uapi-names: no KVM_ name through {inc}/linux/kvm.h")
    print("\n".join(sorted(names)))


if __name__ == "__main__":
    main()
