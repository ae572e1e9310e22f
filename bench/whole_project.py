#!/usr/bin/env python3
"""Whole-project analysis, measured side by side in one run.

  python3 bench/whole_project.py --build build [--files 30] [-j 2]
                                 [--functions 10000]

1. Generates a service of --files translation units (bench/gen-project.py:
   asio handlers calling services calling storage across files).
2. Runs taskfit-run on it three ways and measures the CPU time of everything
   it starts (user + system of the child processes):
     single-TU       --single-tu: each file alone (today's clang-tidy way)
     cold            whole-project with an empty cache
     edit one .cpp   whole-project again after changing one storage file
   and prints the ratios cold / single-TU and edit / cold.
3. The reduce step alone: taskfit-project report over summaries of
   --functions functions (written here, a call graph like the generated
   project's: a third of the functions reach blocking work through chains
   of calls, some recursion), wall and CPU time.

The targets (docs/whole-project.md): cold <= 1.15x single-TU, edit <= 0.15x
cold, reduce < 1 s for 10,000 functions. Figures go to docs/benchmarks.md.
Standard library only.
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


# checker/analysis/ProjectSummary.h's FormatVersion: the report step refuses
# summaries of another version.
SUMMARY_FORMAT_VERSION = 2

def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measured(cmd, **kw):
    """(CPU seconds of the children, wall seconds, completed process)."""
    cpu, wall = child_cpu(), time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    return child_cpu() - cpu, time.monotonic() - wall, proc


def summary_line(proc):
    for line in (proc.stdout + proc.stderr).splitlines():
        if "files analysed" in line:
            return line.strip()
    return "(no summary line: exit %d)\n%s" % (proc.returncode, proc.stderr[-2000:])


def version(tidy):
    out = subprocess.run([tidy, "--version"], stdout=subprocess.PIPE, text=True).stdout
    for line in out.splitlines():
        if line.startswith("taskfit version"):
            return line.split()[2]
    sys.exit("cannot read taskfit's version from %s --version" % tidy)


def synthetic_summaries(directory, functions, taskfit_version, seed=7):
    """Summaries of `functions` functions over 100 files: each calls up to
    three others; one in eight does blocking work itself."""
    rng = random.Random(seed)
    files = 100
    units = [{"file": "/gen/src/f%03d.cpp" % i, "includes": [], "functions": [],
              "pending": []} for i in range(files)]

    def at(f, line):
        return {"file": "/gen/src/f%03d.cpp" % f, "line": line, "col": 3, "offset": 0}

    for n in range(functions):
        f = n % files
        record = {"symbol": "_Z2fn%di" % n, "name": "'fn%d'" % n, "at": at(f, n // files + 1),
                  "work": [], "calls": [], "overrides": []}
        if rng.random() < 0.125:
            record["work"].append({
                "kind": "blocking", "category": "file", "work": "blocking file I/O 'fopen'",
                "depth": 1, "gil_released": False,
                "notes": [{"at": at(f, 1), "text": "'fn%d' calls blocking file I/O 'fopen' here" % n}]})
        for _ in range(rng.randint(0, 3)):
            callee = rng.randrange(functions)
            record["calls"].append({
                "symbol": "_Z2fn%di" % callee, "kind": "blocking", "depth": 1,
                "gil_released": False,
                "notes": [{"at": at(f, 2), "text": "'fn%d' calls 'fn%d' here" % (n, callee)}]})
        units[f]["functions"].append(record)
        if rng.random() < 0.02:
            units[f]["pending"].append({
                "check": "taskfit-blocking-call-in-async", "kind": "blocking",
                "symbol": "_Z2fn%di" % rng.randrange(functions), "level": "warning",
                "message": "{{taskfit:work}} (via 'fn') in coroutine 'h' stalls its event loop",
                "at": at(f, n // files + 1),
                "notes": [{"at": at(f, n // files + 1), "text": "{{taskfit:chain}}"}],
                "gil_held": False, "fixes": []})
    os.makedirs(directory, exist_ok=True)
    for i, u in enumerate(units):
        with open(os.path.join(directory, "u%03d.json" % i), "w") as out:
            json.dump({"format": "taskfit-project-summary",
                       "version": SUMMARY_FORMAT_VERSION,
                       "taskfit": taskfit_version, "units": [u]}, out)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build", help="taskfit's build directory")
    ap.add_argument("--files", type=int, default=30)
    ap.add_argument("--functions", type=int, default=10000)
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--keep", help="generate into this directory and keep it")
    args = ap.parse_args()
    bindir = os.path.join(os.path.abspath(args.build), "bin")
    tidy = os.path.join(bindir, "taskfit-tidy")
    project = os.path.join(bindir, "taskfit-project")
    run = [sys.executable, os.path.join(HERE, "..", "tools", "taskfit-run.py"),
           "--taskfit-tidy", tidy, "--taskfit-project", project]

    work = args.keep or tempfile.mkdtemp(prefix="taskfit-wp-bench-")
    try:
        shutil.rmtree(os.path.join(work, "gen"), ignore_errors=True)
        gen = os.path.join(work, "gen")
        subprocess.run([sys.executable, os.path.join(HERE, "gen-project.py"), str(args.files),
                        gen], check=True, stdout=subprocess.DEVNULL)
        common = run + ["-p", gen, "-j", str(args.j), "--checks=-*,taskfit-*", "-q",
                        "--progress=never"]
        cache = os.path.join(work, "cache")
        shutil.rmtree(cache, ignore_errors=True)

        single_cpu, single_wall, p = measured(common + ["--single-tu"])
        print("single-TU      %7.1f s CPU %7.1f s wall   %s" % (single_cpu, single_wall,
                                                              summary_line(p)))
        cold_cpu, cold_wall, p = measured(common + ["--cache-dir", cache])
        print("cold           %7.1f s CPU %7.1f s wall   %s" % (cold_cpu, cold_wall,
                                                              summary_line(p)))
        storage = sorted(f for f in os.listdir(os.path.join(gen, "src", "storage"))
                         if f.endswith(".cpp"))[0]
        with open(os.path.join(gen, "src", "storage", storage), "a") as f:
            f.write("\nint taskfit_bench_edit() { return 42; }\n")
        edit_cpu, edit_wall, p = measured(common + ["--cache-dir", cache])
        print("edit one .cpp  %7.1f s CPU %7.1f s wall   %s" % (edit_cpu, edit_wall,
                                                              summary_line(p)))
        print("ratio cold / single-TU: %.3f (target <= 1.15)" % (cold_cpu / single_cpu))
        print("ratio edit / cold:      %.3f (target <= 0.15)" % (edit_cpu / cold_cpu))

        sums = os.path.join(work, "summaries")
        shutil.rmtree(sums, ignore_errors=True)
        synthetic_summaries(sums, args.functions, version(tidy))
        cpu, wall, p = measured([project, "report", "-quiet", sums])
        if p.returncode not in (0, 1):
            sys.exit("taskfit-project failed:\n" + p.stderr)
        print("reduce %d functions: %.2f s wall, %.2f s CPU (target < 1 s): %s"
              % (args.functions, wall, cpu, p.stderr.strip()))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
