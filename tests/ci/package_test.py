#!/usr/bin/env python3
"""Builds taskfit's .deb from a finished build and shows that it installs and
runs, the way tests/ci/package.test describes.

  package_test.py --build <build dir> --cpack <cpack> --work <dir> --inputs <dir>
                  [--clang-tidy clang-tidy-19]

1. cpack -G DEB into <work>/pkg.
2. The control data: Depends carries the LLVM/Clang 19 libraries, python3 and
   clang's headers; the file list has every tool, the plugin and the docs.
3. dpkg -x into a scratch root, then run from there: taskfit-tidy --version,
   one check on a coroutine that sleeps, taskfit-run, taskfit-clangd
   --version, and the plugin in the system's clang-tidy-19; with --lsp-test,
   an LSP session with the packaged taskfit-clangd whose findings link to
   the packaged check pages (share/doc/taskfit/checks).
4. apt-get install --simulate: dpkg -i would find every dependency.
5. In CI as root (CI=true), dpkg -i for real, run /usr/bin/taskfit-tidy, and
   remove the package again.
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys

SOURCE = """#include "simple_task.h"
#include <unistd.h>
simple_task<> f() {
  sleep(1);
  co_return;
}
"""


def run(cmd, ok=(0,), **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if r.returncode not in ok:
        sys.stderr.write("package test: FAIL: %s exited %d\n%s\n" % (" ".join(cmd), r.returncode,
                                                                     r.stdout[-4000:]))
        sys.exit(1)
    return r.stdout


def expect(cond, msg):
    if not cond:
        sys.stderr.write("package test: FAIL: %s\n" % msg)
        sys.exit(1)


def check_clangd_links(prefix, args, what):
    """The packaged taskfit-clangd links findings to the packaged pages."""
    clangd = os.path.join(prefix, "bin", "taskfit-clangd")
    if not args.lsp_test:
        return
    if not os.path.exists(clangd):
        print("package test: %s: no taskfit-clangd in this build" % what)
        return
    docs = "file://" + os.path.join(os.path.realpath(prefix), "share", "doc", "taskfit", "checks") + "/"
    run([sys.executable, args.lsp_test, "--clangd", clangd, "--cxx", args.cxx,
         "--inputs", args.inputs, "--expect-docs", docs])
    print("package test: %s: taskfit-clangd links findings to %s" % (what, docs))


def check_tools(prefix, args, work, what):
    """Runs the installed tools under `prefix` (/usr or a scratch root's)."""
    bin_dir = os.path.join(prefix, "bin")
    out = run([os.path.join(bin_dir, "taskfit-tidy"), "--version"])
    expect("taskfit version" in out and "LLVM version 19" in out, "taskfit-tidy --version: " + out)
    src = os.path.join(work, "coroutine.cpp")
    with open(src, "w") as f:
        f.write(SOURCE)
    out = run([os.path.join(bin_dir, "taskfit-tidy"), "--checks=-*,taskfit-*", src, "--",
               "-std=c++20", "-I" + args.inputs])
    expect("warning: blocking sleep 'sleep' in coroutine 'f'" in out,
           "the installed taskfit-tidy found nothing: " + out)
    out = run([os.path.join(bin_dir, "taskfit-run"), "--help"])
    expect("compile_commands.json" in out, "taskfit-run --help: " + out)
    clangd = os.path.join(bin_dir, "taskfit-clangd")
    if os.path.exists(clangd):
        out = run([clangd, "--version"])
        expect("clangd version 19" in out, "taskfit-clangd --version: " + out)
    print("package test: %s: taskfit-tidy, taskfit-run%s run and find the coroutine's sleep"
          % (what, ", taskfit-clangd" if os.path.exists(clangd) else ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--cpack", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--clang-tidy", default="clang-tidy-19")
    ap.add_argument("--lsp-test", help="lsp_taskfit_clangd.py, to run on the packaged taskfit-clangd")
    ap.add_argument("--cxx", default="clang++-19", help="the compiler the LSP test uses")
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)

    pkg_dir = os.path.join(args.work, "pkg")
    run([args.cpack, "-G", "DEB", "--config", os.path.join(args.build, "CPackConfig.cmake"),
         "-B", pkg_dir])
    debs = glob.glob(os.path.join(pkg_dir, "*.deb"))
    expect(len(debs) == 1, "expected one .deb in %s, found %s" % (pkg_dir, debs))
    deb = debs[0]
    print("package test: built %s (%.1f MB)" % (os.path.basename(deb), os.path.getsize(deb) / 1e6))

    depends = run(["dpkg-deb", "-f", deb, "Depends"])
    for dep in ("libclang-cpp19", "libllvm19", "python3", "libclang-common-19-dev"):
        expect(dep in depends, "Depends lacks %s: %s" % (dep, depends))
    print("package test: Depends: " + depends.strip())
    files = run(["dpkg-deb", "-c", deb])
    for path in ("./usr/bin/taskfit-tidy", "./usr/bin/taskfit-run",
                 "./usr/lib/libtaskfit-tidy-plugin.so", "./usr/share/doc/taskfit/README.md",
                 "./usr/share/doc/taskfit/checks/taskfit-blocking-call-in-async.md"):
        expect(path in files, "the package lacks " + path)
    if os.path.exists(os.path.join(args.build, "bin", "taskfit-clangd")):
        expect("./usr/bin/taskfit-clangd" in files, "the package lacks taskfit-clangd")

    root = os.path.join(args.work, "root")
    run(["dpkg-deb", "-x", deb, root])
    check_tools(os.path.join(root, "usr"), args, args.work, "from dpkg -x")
    check_clangd_links(os.path.join(root, "usr"), args, "from dpkg -x")
    plugin = os.path.join(root, "usr", "lib", "libtaskfit-tidy-plugin.so")
    if shutil.which(args.clang_tidy):
        out = run([args.clang_tidy, "-load", plugin, "--checks=-*,taskfit-*", "--list-checks"])
        expect("taskfit-blocking-call-in-async" in out, "the packaged plugin lists no checks: " + out)
        print("package test: %s -load <packaged plugin> lists the checks" % args.clang_tidy)

    if shutil.which("apt-get"):
        out = run(["apt-get", "install", "--simulate", "--no-install-recommends", deb])
        expect("Inst taskfit" in out, "apt-get would not install the package:\n" + out)
        print("package test: apt-get install --simulate: every dependency resolves")

    if os.environ.get("CI") == "true" and os.geteuid() == 0:
        installed = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "taskfit"],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        if "installed" in installed.stdout:
            print("package test: a taskfit package is already installed; not touching it")
            return
        run(["dpkg", "-i", deb])
        try:
            check_tools("/usr", args, args.work, "after dpkg -i")
            check_clangd_links("/usr", args, "after dpkg -i")
        finally:
            run(["dpkg", "--purge", "taskfit"])


if __name__ == "__main__":
    main()
