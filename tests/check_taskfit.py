#!/usr/bin/env python3
"""Runs a taskfit check on a lit test file and verifies it, like LLVM's
check_clang_tidy.py.

  check_taskfit.py [options] <source> <checks> <temp> [-- <tidy args> [-- <compile args>]]

For each product (the plugin loaded into clang-tidy-19, and taskfit-tidy):
  1. copies <source> without its CHECK lines to a temp file and runs the
     checks with -fix;
  2. FileCheck: CHECK-MESSAGES against the warnings (no other warning or
     error may appear), CHECK-NOTES against warnings and notes,
     CHECK-FIXES against the fixed file;
  3. compiles the fixed file, so every fix-it is proven to compile.
Both products must produce the same diagnostics.

A comment `// LINE:name` marks its line: FileCheck patterns can then say
`[[#name]]` (a numeric variable holding that line number) instead of counting
`[[@LINE-N]]` across a long chain of notes.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, **kw)


def fail(msg, output=None):
    sys.stderr.write("check_taskfit: " + msg + "\n")
    if output:
        sys.stderr.write("------ output ------\n" + output + "\n--------------------\n")
    sys.exit(1)


def split_args(rest):
    """[tidy args] -- [compile args]; the leading '--' is already gone."""
    if "--" in rest:
        i = rest.index("--")
        return rest[:i], rest[i + 1:]
    return rest, []


def has_prefix(text, prefix):
    return re.search(r"\b" + re.escape(prefix) + r"(-NEXT|-SAME|-NOT|-DAG|-EMPTY)?:", text) is not None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clang-tidy", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--taskfit-tidy", required=True)
    ap.add_argument("--filecheck", required=True)
    ap.add_argument("--cxx", required=True, help="compiler used to build fixed files")
    ap.add_argument("--products", default="plugin,standalone")
    ap.add_argument("--check-suffix", default="",
                    help="use CHECK-MESSAGES-<S>, CHECK-FIXES-<S>, CHECK-NOTES-<S>")
    ap.add_argument("--expect-clang-tidy-error", action="store_true",
                    help="the run is expected to fail; only CHECK-MESSAGES are verified")
    ap.add_argument("--no-compile-fixed", action="store_true")
    ap.add_argument("source")
    ap.add_argument("checks")
    ap.add_argument("temp")
    argv = sys.argv[1:]
    rest = []
    if "--" in argv:
        i = argv.index("--")
        argv, rest = argv[:i], argv[i + 1:]
    args = ap.parse_args(argv)
    tidy_args, compile_args = split_args(rest)
    if not compile_args:
        compile_args = ["-std=c++20"]

    with open(args.source, encoding="utf-8") as f:
        text = f.read()
    suffix = "-" + args.check_suffix if args.check_suffix else ""
    msg_prefix = "CHECK-MESSAGES" + suffix
    fix_prefix = "CHECK-FIXES" + suffix
    note_prefix = "CHECK-NOTES" + suffix
    has_msgs = has_prefix(text, msg_prefix)
    has_fixes = has_prefix(text, fix_prefix)
    has_notes = has_prefix(text, note_prefix)
    if has_msgs and has_notes:
        fail("use either %s or %s, not both" % (msg_prefix, note_prefix))

    markers = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for name in re.findall(r"//.*?\bLINE:([A-Za-z_][A-Za-z0-9_]*)", line):
            if name in markers:
                fail("marker LINE:%s is defined twice" % name)
            markers[name] = number

    # Keep line numbers: a CHECK comment becomes an empty comment.
    cleaned = re.sub(r"// *CHECK-[A-Z0-9\-]*:[^\r\n]*", "//", text)
    ext = os.path.splitext(args.source)[1] or ".cpp"

    outputs = {}
    for product in args.products.split(","):
        base = "%s.%s" % (args.temp, product)
        os.makedirs(os.path.dirname(os.path.abspath(base)), exist_ok=True)
        tmp_src = base + ext
        with open(tmp_src, "w", encoding="utf-8") as f:
            f.write(cleaned)

        if product == "plugin":
            tidy = [args.clang_tidy, "-load", args.plugin]
        elif product == "standalone":
            tidy = [args.taskfit_tidy]
        else:
            fail("unknown product " + product)
        cmd = tidy + [tmp_src, "-fix", "--checks=-*," + args.checks] + tidy_args \
            + ["--"] + compile_args
        res = run(cmd)
        out = res.stdout
        if res.returncode != 0 and not args.expect_clang_tidy_error:
            fail("%s failed (exit %d): %s" % (product, res.returncode, shlex.join(cmd)), out)
        if res.returncode == 0 and args.expect_clang_tidy_error:
            fail("%s was expected to fail: %s" % (product, shlex.join(cmd)), out)

        # Diagnostics name the temp file; FileCheck patterns use ":[[@LINE]]:".
        out = out.replace(tmp_src, os.path.basename(args.source))
        # clang-tidy's own bookkeeping for -fix, not a diagnostic of a check.
        out = "\n".join(l for l in out.splitlines()
                        if "note: FIX-IT applied suggested code changes" not in l)
        msgs = "\n".join(l for l in out.splitlines() if not re.search(r"\bnote:", l))
        outputs[product] = out

        msg_file = base + ".msg"
        with open(msg_file, "w", encoding="utf-8") as f:
            f.write(msgs + "\n")
        notes_file = base + ".notes"
        with open(notes_file, "w", encoding="utf-8") as f:
            f.write(out + "\n")

        def filecheck(input_file, prefix, implicit):
            fc = [args.filecheck, "-input-file=" + input_file, args.source,
                  "-check-prefixes=" + prefix, "-strict-whitespace"]
            fc += ["-D#%s=%d" % (name, line) for name, line in markers.items()]
            for pattern in implicit:
                fc.append("-implicit-check-not=" + pattern)
            r = run(fc)
            if r.returncode != 0:
                fail("[%s] FileCheck %s failed\n  tidy: %s" % (product, prefix, shlex.join(cmd)),
                     r.stdout + "\n------ clang-tidy said ------\n" + out)

        if has_fixes:
            filecheck(tmp_src, fix_prefix, [])
        if has_msgs:
            filecheck(msg_file, msg_prefix, ["{{warning|error}}:"])
        elif has_notes:
            filecheck(notes_file, note_prefix, ["{{warning|error|note}}:"])
        elif not args.expect_clang_tidy_error and re.search(r"\b(warning|error):", msgs):
            fail("[%s] unexpected diagnostics in a test without CHECK lines" % product, out)

        if not args.no_compile_fixed and not args.expect_clang_tidy_error:
            with open(tmp_src, encoding="utf-8") as f:
                fixed = f.read()
            if fixed != cleaned:
                r = run([args.cxx, "-fsyntax-only", "-x", "c++", tmp_src] + compile_args)
                if r.returncode != 0:
                    fail("[%s] the fixed file does not compile: %s" % (product, tmp_src), r.stdout)

    products = list(outputs)
    def diag_lines(o):
        return sorted(l for l in o.splitlines() if re.search(r"\b(warning|error|note):", l))
    for p in products[1:]:
        if diag_lines(outputs[p]) != diag_lines(outputs[products[0]]):
            fail("%s and %s disagree" % (products[0], p),
                 "== %s ==\n%s\n== %s ==\n%s" % (products[0], outputs[products[0]], p, outputs[p]))


if __name__ == "__main__":
    main()
