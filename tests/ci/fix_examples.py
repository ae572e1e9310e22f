#!/usr/bin/env python3
"""Applies every taskfit fix-it in examples/ and proves the result compiles.

  fix_examples.py --mode {export,fix} --taskfit-tidy T --cxx C --cmake C
                  [--apply clang-apply-replacements] --examples DIR --work DIR

For each example project (a directory of examples/ with a CMakeLists.txt):
copy it, configure it for its compile_commands.json, then either
  export: taskfit-tidy --export-fixes per file, clang-apply-replacements
          over them all (the CI way: fixes from parallel runs, merged), or
  fix:    taskfit-tidy --fix per file (the local way);
then compile every file of the fixed copy (-fsyntax-only, the project's own
flags) and run the checks again: a finding whose fix-it was applied must be
gone. Generic on purpose: it applies whatever fix-its the checks have, zero
or more, and says how many.
"""

import argparse
import concurrent.futures
import glob
import json
import os
import shutil
import subprocess
import sys

CHECKS = "-*,taskfit-*"


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace", **kw)


def fail(msg, out=""):
    sys.stderr.write("fix_examples: FAIL: %s\n%s\n" % (msg, out[-6000:]))
    sys.exit(1)


def parallel(fn, items):
    """fn over items on every core, results in order."""
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        return list(pool.map(fn, items))


def findings(tidy, build, files, export_dir=None, fix=False):
    """Warnings in all files; with export_dir, one fixes file per source.
    Files run in parallel: without --header-filter, --fix edits only the
    file it was given, so runs do not race."""
    def one(item):
        i, f = item
        cmd = [tidy, "-p", build, "--checks=" + CHECKS, "--quiet", f]
        if export_dir:
            cmd.insert(1, "--export-fixes=%s/%d.yaml" % (export_dir, i))
        if fix:
            cmd.insert(1, "--fix")
        r = run(cmd)
        if r.returncode not in (0, 1):
            fail("taskfit-tidy failed (%d) on %s" % (r.returncode, f), r.stdout)
        return [l for l in r.stdout.splitlines() if "warning:" in l and "[taskfit-" in l]
    return [w for ws in parallel(one, list(enumerate(files))) for w in ws]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["export", "fix"], required=True)
    ap.add_argument("--taskfit-tidy", required=True)
    ap.add_argument("--apply", help="clang-apply-replacements (export mode)")
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--cmake", required=True)
    ap.add_argument("--examples", required=True)
    ap.add_argument("--runtime-include", help="taskfit's runtime headers, for fix-its that use them")
    ap.add_argument("--taskfit-dir", help="a taskfit CMake package (the build tree's runtime/), "
                    "for examples that find_package(taskfit)")
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    if args.mode == "export" and not args.apply:
        ap.error("--mode=export needs --apply")

    shutil.rmtree(args.work, ignore_errors=True)
    projects = sorted(d for d in glob.glob(os.path.join(args.examples, "*"))
                      if os.path.isfile(os.path.join(d, "CMakeLists.txt")))
    if not projects:
        fail("no example projects in " + args.examples)
    for project in projects:
        name = os.path.basename(project)
        src = os.path.join(args.work, name)
        build = os.path.join(args.work, name + "-build")
        shutil.copytree(project, src)
        flags = ""
        if args.runtime_include and os.path.isdir(args.runtime_include):
            flags = "-isystem " + args.runtime_include
        configure = [args.cmake, "-S", src, "-B", build, "-DCMAKE_CXX_COMPILER=" + args.cxx,
                     "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", "-DCMAKE_CXX_FLAGS=" + flags]
        if args.taskfit_dir:
            configure.append("-Dtaskfit_DIR=" + args.taskfit_dir)
        r = run(configure)
        if r.returncode:
            fail("configuring " + name, r.stdout)
        with open(os.path.join(build, "compile_commands.json")) as f:
            db = json.load(f)
        files = [os.path.join(e["directory"], e["file"]) for e in db]
        sources = {}
        for root, _, names in os.walk(src):
            for n in names:
                p = os.path.join(root, n)
                with open(p, "rb") as f:
                    sources[p] = f.read()

        if args.mode == "export":
            fixes = os.path.join(args.work, name + "-fixes")
            os.makedirs(fixes)
            before = findings(args.taskfit_tidy, build, files, export_dir=fixes)
            replacements = 0
            for y in glob.glob(os.path.join(fixes, "*.yaml")):
                with open(y, encoding="utf-8") as f:
                    replacements += f.read().count("ReplacementText:")
            r = run([args.apply, "--remove-change-desc-files", fixes])
            if r.returncode:
                fail("clang-apply-replacements on " + name, r.stdout)
        else:
            before = findings(args.taskfit_tidy, build, files, fix=True)
            replacements = None

        changed = []
        for p, old in sources.items():
            with open(p, "rb") as f:
                if f.read() != old:
                    changed.append(os.path.relpath(p, src))
        def compile_one(e):
            # The project's own compile command, checking only.
            cmd = list(e.get("arguments") or e["command"].split())
            if "-o" in cmd:
                i = cmd.index("-o")
                del cmd[i:i + 2]
            cmd = [args.cxx] + [c for c in cmd[1:] if c != "-c"] + ["-fsyntax-only"]
            return e["file"], run(cmd, cwd=e["directory"])
        for f, r in parallel(compile_one, db):
            if r.returncode:
                fail("%s does not compile after the fixes (%s mode)" % (f, args.mode), r.stdout)
        # Unchanged sources compiled before (they are the examples) and
        # still have the same findings: only a changed copy needs both again.
        after = findings(args.taskfit_tidy, build, files) if changed else before
        if changed and len(after) >= len(before):
            fail("%s: fixes changed %s but no finding went away" % (name, changed),
                 "\n".join(after))
        print("%s: %d findings, %s fix-its applied (%s), %d files changed, %d findings left; "
              "%s" % (name, len(before),
                            "%d" % replacements if replacements is not None else "all",
                            args.mode, len(changed), len(after),
                            "compiles"))


if __name__ == "__main__":
    main()
