#!/bin/bash
# Check, in a second, that everything the harness calls is installed
# (config/deps.txt), and stop naming the package that provides what is
# missing, before a long run fails half-way for it.
set -u
. "$(dirname "$0")/lib.sh"
missing=0
while read -r pkg items; do
	for i in $items; do
		case $i in
		py:*) what="Python module ${i#py:}"; /usr/bin/python3 -c "import ${i#py:}" 2>/dev/null ;;
		/*) what=$i; [ -e "$i" ] ;;
		*) what=$i; command -v "$i" >/dev/null 2>&1 ;;
		esac && continue
		echo "missing $what: scripts/deps.sh must install it (Debian package $pkg)" >&2
		missing=1
	done
done < <(deps_table)
[ $missing -eq 0 ] || die "run scripts/deps.sh first"
