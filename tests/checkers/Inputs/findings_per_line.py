"""Reads clang-tidy output on stdin; prints how many findings each check
made and how many source lines got more than one finding."""
import collections
import re
import sys

per_check = collections.Counter()
per_line = collections.Counter()
for line in sys.stdin:
    m = re.match(r"(.*?):(\d+):\d+: warning: .* \[([\w-]+)\]$", line.rstrip("\n"))
    if m:
        per_check[m.group(3)] += 1
        per_line[(m.group(1), m.group(2))] += 1
for check in sorted(per_check):
    print("%s: %d" % (check, per_check[check]))
print("lines with two findings: %d" % sum(1 for n in per_line.values() if n > 1))
