#!/usr/bin/env python3
"""expect_exit.py CODE CMD...: runs CMD, passes its output through, and
fails unless it exits with exactly CODE (lit's `not` accepts any non-zero)."""
import subprocess
import sys

want = int(sys.argv[1])
r = subprocess.run(sys.argv[2:])
if r.returncode != want:
    sys.stderr.write("expect_exit: wanted exit %d, got %d: %s\n"
                     % (want, r.returncode, " ".join(sys.argv[2:])))
    sys.exit(1)
