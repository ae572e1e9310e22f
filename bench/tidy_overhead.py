#!/usr/bin/env python3
"""What the taskfit checks add to a clang-tidy run.

For each translation unit, runs taskfit-tidy twice, interleaved, N times:
  baseline: --checks=-*,<BASE>            (the same run without taskfit)
  taskfit:  --checks=-*,<BASE>,taskfit-*
and prints the median CPU time (user + system, which a loaded machine does
not inflate the way it inflates wall time) of each and their ratio (target
<= 1.10),
plus the checks' own time as clang-tidy's --enable-check-profile counts it.
BASE is a cheap standard check (clang-tidy needs at least one), or a real
configuration given with --base.

  python3 bench/tidy_overhead.py --taskfit-tidy build/bin/taskfit-tidy [-n 5]

With --callgrind, each variant runs once under valgrind's callgrind and the
ratio is of instructions executed: slow (about 50x), but the same number on
a loaded machine as on an idle one. --only picks translation units by label.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASIO = ["-DASIO_HAS_CO_AWAIT", "-DASIO_HAS_STD_COROUTINE"]
BOOST = ["-DBOOST_ASIO_HAS_CO_AWAIT", "-DBOOST_ASIO_HAS_STD_COROUTINE"]


def python_include():
    try:
        return subprocess.check_output(
            ["/usr/bin/python3", "-c",
             "import sysconfig; print(sysconfig.get_paths()['include'])"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return "/usr/include/python3"


def translation_units():
    inc = os.path.join(ROOT, "runtime", "include")
    hdr = os.path.join(ROOT, "tests", "checkers", "Inputs", "headers")
    ex = os.path.join(ROOT, "examples", "async-server", "src")
    chk = os.path.join(ROOT, "tests", "checkers")
    return [
        ("examples/async-server/src/session.cpp", os.path.join(ex, "session.cpp"), ASIO),
        ("examples/async-server/src/main.cpp", os.path.join(ex, "main.cpp"), ASIO),
        ("whole asio", os.path.join(hdr, "asio_all.cpp"), ASIO),
        ("Boost.Asio + Beast", os.path.join(hdr, "boost_asio_all.cpp"), BOOST),
        ("pybind11", os.path.join(hdr, "pybind11_all.cpp"), ["-I" + python_include()]),
        ("asio test (many findings)",
         os.path.join(chk, "taskfit-blocking-call-in-async-asio.cpp"), ASIO + ["-I" + inc]),
        ("transitive test (call chains)",
         os.path.join(chk, "taskfit-blocking-call-in-async-transitive.cpp"),
         ["-I" + os.path.join(chk, "Inputs")]),
        ("examples/thread-workers/src/scan.cpp",
         os.path.join(ROOT, "examples", "thread-workers", "src", "scan.cpp"), ["-I" + inc]),
        ("examples/job-queue/src/main.cpp",
         os.path.join(ROOT, "examples", "job-queue", "src", "main.cpp"), []),
        ("examples/python-gil/src/primes.cpp",
         os.path.join(ROOT, "examples", "python-gil", "src", "primes.cpp"),
         ["-I" + python_include()]),
    ]


def run(tidy, checks, source, flags, profile_dir=None):
    cmd = [tidy, "--checks=" + checks, "--quiet", source]
    if profile_dir:
        cmd += ["--enable-check-profile", "--store-check-profile=" + profile_dir]
    cmd += ["--", "-std=c++20"] + flags
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime


def instructions(tidy, checks, source, flags):
    """Instructions one run executes, counted by callgrind."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "callgrind.out")
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
               tidy, "--checks=" + checks, "--quiet", source, "--", "-std=c++20"] + flags
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            for line in f:
                if line.startswith("summary:") or line.startswith("totals:"):
                    return int(line.split()[1])
    raise RuntimeError("callgrind wrote no totals for " + source)


def check_profile(tidy, checks, source, flags):
    """Seconds clang-tidy's profile charges to taskfit checks, and to all checks."""
    with tempfile.TemporaryDirectory() as d:
        run(tidy, checks, source, flags, profile_dir=d)
        taskfit = total = 0.0
        for name in os.listdir(d):
            with open(os.path.join(d, name)) as f:
                data = json.load(f)
            for key, value in data.get("profile", {}).items():
                if not key.endswith(".wall"):
                    continue
                total += value
                if "taskfit-" in key:
                    taskfit += value
        return taskfit, total


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--taskfit-tidy", default=os.path.join(ROOT, "build", "bin", "taskfit-tidy"))
    ap.add_argument("--base", default="misc-unused-alias-decls",
                    help="checks of the baseline run (default: one cheap check)")
    ap.add_argument("-n", type=int, default=5, help="runs of each variant per TU")
    ap.add_argument("--callgrind", action="store_true",
                    help="count instructions with callgrind instead of timing")
    ap.add_argument("--only", default="", help="only translation units whose label contains this")
    args = ap.parse_args()
    if not os.access(args.taskfit_tidy, os.X_OK):
        sys.exit("tidy_overhead: no taskfit-tidy at %s (build it first)" % args.taskfit_tidy)

    base = "-*," + args.base
    with_taskfit = base + ",taskfit-*"
    rows = []
    units = [u for u in translation_units() if args.only in u[0]]
    if args.callgrind:
        print("| translation unit | baseline instructions | with taskfit-* | ratio |")
        print("|---|---|---|---|")
        for label, source, flags in units:
            b = instructions(args.taskfit_tidy, base, source, flags)
            t = instructions(args.taskfit_tidy, with_taskfit, source, flags)
            print("| %s | %d | %d | %.4f |" % (label, b, t, t / b), flush=True)
        return
    for label, source, flags in units:
        run(args.taskfit_tidy, with_taskfit, source, flags)  # warm the file cache
        b, t = [], []
        for _ in range(args.n):
            b.append(run(args.taskfit_tidy, base, source, flags))
            t.append(run(args.taskfit_tidy, with_taskfit, source, flags))
        mb, mt = statistics.median(b), statistics.median(t)
        prof_taskfit, _ = check_profile(args.taskfit_tidy, with_taskfit, source, flags)
        rows.append((label, mb, mt, mt / mb, prof_taskfit))
        print("%-34s base %6.3fs  +taskfit %6.3fs  ratio %.3f  (taskfit checks: %.1f ms)"
              % (label, mb, mt, mt / mb, prof_taskfit * 1000), flush=True)

    total_base = sum(r[1] for r in rows)
    total_taskfit = sum(r[2] for r in rows)
    geomean = math.exp(sum(math.log(r[3]) for r in rows) / len(rows))
    print()
    print("| translation unit | baseline CPU (s) | with taskfit-* CPU (s) | ratio | taskfit checks (ms) |")
    print("|---|---|---|---|---|")
    for label, mb, mt, ratio, prof in rows:
        print("| %s | %.3f | %.3f | %.3f | %.1f |" % (label, mb, mt, ratio, prof * 1000))
    print("| **all (sum)** | %.3f | %.3f | **%.3f** | |" % (total_base, total_taskfit,
                                                         total_taskfit / total_base))
    print()
    print("geometric mean of the ratios: %.3f; median of %d runs each; baseline checks: %s"
          % (geomean, args.n, base))


if __name__ == "__main__":
    main()
