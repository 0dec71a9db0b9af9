#!/usr/bin/env python3
"""Print the sparse warnings of HEAD that the base does not have.

    sparse-diff.py BASE.txt HEAD.txt

Line and column numbers move when code is added, and the two are checked
in different trees, so warnings are compared as (path in the tree, message)
pairs, counted: a warning that appears once more often at the head than at
the base is new.
"""
import collections
import re
import sys


def load(path):
    c = collections.Counter()
    with open(path) as f:
        for line in f:
            m = re.match(r'^([^ :]+):\d+:\d+: (.*)$', line.strip())
            if m:
                path, msg = m.groups()
                # The base and the head are checked in different trees.
                path = re.sub(r'^/.*?/(arch|include|virt|kernel|lib)/', r'\1/', path)
                c[(path, msg)] += 1
    return c


base, head = load(sys.argv[1]), load(sys.argv[2])
for (path, msg), n in sorted((head - base).items()):
    print('%s: %s%s' % (path, msg, ' (x%d)' % n if n > 1 else ''))
