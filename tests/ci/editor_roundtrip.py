#!/usr/bin/env python3
"""A taskfit fix-it, from finding to compiled code, in a real editor:

  editor_roundtrip.py --editor {nvim,emacs-eglot,emacs-lsp-mode} --docs docs/ide.md
                      --clangd taskfit-clangd --taskfit-tidy taskfit-tidy
                      --cmake cmake --cxx clang++ --example examples/async-server
                      [--taskfit-dir build/runtime] --work DIR [--timeout S]

1. Copy the example project, configure it (compile_commands.json in
   build/, where clangd looks by itself) and add the `.clangd` docs/ide.md
   gives (`Add: taskfit-*`).
2. Ask taskfit-tidy which finding of src/session.cpp has a fix-it (the first
   in the file) and what the fixed file is (its SARIF fix, applied here):
   the oracle for what the editor must write.
3. Install the editor's configuration exactly as docs/ide.md prints it (the
   code block after `<!-- tested: EDITOR -->`), in a scratch HOME, with
   `taskfit-clangd` on PATH as the docs assume.
4. Run the editor headless on the file with Inputs/editors/roundtrip.lua
   (Neovim: vim.lsp.buf.code_action, vim.lsp.util.apply_workspace_edit) or
   roundtrip.el (Emacs: eglot or lsp-mode, flymake, eglot-code-actions or
   lsp-execute-code-action), under a hard timeout that kills the editor and
   its server.
5. Check the report (the finding shown, its fix offered and applied by the
   editor), that the written file is exactly taskfit-tidy's fix, and that it
   compiles with the project's own flags.
Prints one line per step ("editor test: ...") and "editor test: passed".
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time

from docs_snippet import snippet

SOURCE = "src/session.cpp"
CLANGD_CONFIG = "Diagnostics:\n  ClangTidy:\n    Add: taskfit-*\n"
INPUTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs", "editors")


def fail(msg, detail=""):
    sys.stderr.write("editor test: FAIL: %s\n%s\n" % (msg, detail[-6000:]))
    sys.exit(1)


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       errors="replace", **kw)
    return r


def expected_fix(tidy, build, path):
    """(1-based line of the first finding with a fix-it, the file with that
    fix-it applied), from taskfit-tidy's SARIF log (its fixes carry byte
    offsets)."""
    sarif = os.path.join(os.path.dirname(build), "oracle.sarif")
    r = run([tidy, "-p", build, "--checks=-*,taskfit-*", "--sarif=" + sarif, path])
    if r.returncode not in (0, 1) or not os.path.exists(sarif):
        fail("taskfit-tidy could not analyse " + path, r.stdout)
    with open(path, "rb") as f:
        original = f.read()
    with open(sarif, encoding="utf-8") as f:
        results = json.load(f)["runs"][0]["results"]
    for result in results:
        if not result["ruleId"].startswith("taskfit-") or not result.get("fixes"):
            continue
        text = original
        edits = []
        for change in result["fixes"][0]["artifactChanges"]:
            for rep in change["replacements"]:
                region = rep["deletedRegion"]
                edits.append((region["byteOffset"], region.get("byteLength", 0),
                              rep.get("insertedContent", {}).get("text", "")))
            if not change["artifactLocation"]["uri"].endswith(SOURCE):
                fail("the fix-it edits another file: " + json.dumps(change["artifactLocation"]))
        for offset, length, new in sorted(edits, reverse=True):
            text = text[:offset] + new.encode("utf-8") + text[offset + length:]
        return result["locations"][0]["physicalLocation"]["region"]["startLine"], text
    fail("no taskfit finding in %s has a fix-it" % path, json.dumps(results, indent=1))


def editor_command(args, work, home, source, report, line):
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_DATA_HOME=os.path.join(home, ".local", "share"),
               XDG_STATE_HOME=os.path.join(home, ".local", "state"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"),
               PATH=os.path.join(home, "bin") + os.pathsep + os.environ.get("PATH", ""),
               TASKFIT_TARGET_LINE=str(line), TASKFIT_TIMEOUT_MS=str(args.timeout * 1000),
               TASKFIT_REPORT=report, TASKFIT_FILE=source, TERM="dumb")
    config = snippet(args.docs, args.editor)
    if args.editor == "nvim":
        init = os.path.join(home, ".config", "nvim", "init.lua")
        os.makedirs(os.path.dirname(init))
        with open(init, "w") as f:
            f.write(config)
        cmd = [args.nvim, "--headless", source, "-c",
               "luafile " + os.path.join(INPUTS, "roundtrip.lua")]
    else:
        # --batch skips what an interactive start does before the user's
        # init file: activating the installed packages (elpa-eglot's
        # autoloads, eglot-ensure among them). Do both, in that order.
        init = os.path.join(home, ".emacs.d", "init.el")
        os.makedirs(os.path.dirname(init))
        with open(init, "w") as f:
            f.write(config)
        cmd = [args.emacs, "--batch", "--eval", "(package-activate-all)", "-l", init,
               "-l", os.path.join(INPUTS, "roundtrip.el")]
        env["TASKFIT_CLIENT"] = args.editor[len("emacs-"):]
    return cmd, env


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--editor", choices=["nvim", "emacs-eglot", "emacs-lsp-mode"], required=True)
    ap.add_argument("--nvim", default="nvim")
    ap.add_argument("--emacs", default="emacs")
    ap.add_argument("--docs", required=True)
    ap.add_argument("--clangd", required=True)
    ap.add_argument("--taskfit-tidy", required=True)
    ap.add_argument("--cmake", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--example", required=True)
    ap.add_argument("--taskfit-dir", help="taskfit's CMake package, for the fix-its' runtime")
    ap.add_argument("--work", required=True)
    ap.add_argument("--timeout", type=int, default=240,
                    help="seconds for each wait inside the editor (clangd's first parse of "
                         "asio is slow on a busy machine); the editor is killed after 2.5x")
    args = ap.parse_args()
    for name in ("docs", "example", "taskfit_dir", "work"):
        if getattr(args, name):
            setattr(args, name, os.path.abspath(getattr(args, name)))

    shutil.rmtree(args.work, ignore_errors=True)
    project = os.path.join(args.work, "project")
    shutil.copytree(args.example, project)
    build = os.path.join(project, "build")
    configure = [args.cmake, "-S", project, "-B", build, "-DCMAKE_CXX_COMPILER=" + args.cxx,
                 "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"]
    if args.taskfit_dir:
        configure.append("-Dtaskfit_DIR=" + args.taskfit_dir)
    r = run(configure)
    if r.returncode:
        fail("configuring the example", r.stdout)
    with open(os.path.join(project, ".clangd"), "w") as f:
        f.write(CLANGD_CONFIG)
    source = os.path.join(project, SOURCE)
    with open(source, "rb") as f:
        original = f.read()
    line, want = expected_fix(args.taskfit_tidy, build, source)
    print("editor test: taskfit-tidy's fix-it for %s:%d is the oracle" % (SOURCE, line))

    home = os.path.join(args.work, "home")
    os.makedirs(os.path.join(home, "bin"))
    os.symlink(os.path.abspath(args.clangd), os.path.join(home, "bin", "taskfit-clangd"))
    report = os.path.join(args.work, "report.json")
    cmd, env = editor_command(args, args.work, home, source, report, line)
    log_path = os.path.join(args.work, "editor.log")
    started = time.monotonic()
    with open(log_path, "w") as log:
        # Its own session: on timeout the editor and the server it started go together.
        proc = subprocess.Popen(cmd, cwd=project, env=env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(timeout=args.timeout * 2.5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            with open(log_path, errors="replace") as f:
                fail("%s did not finish within %ds: killed" % (args.editor, args.timeout * 2.5),
                     f.read())
    with open(log_path, errors="replace") as f:
        log_text = f.read()
    if not os.path.exists(report):
        fail("%s exited %d without a report" % (args.editor, proc.returncode), log_text)
    with open(report, encoding="utf-8") as f:
        rep = json.load(f)
    if rep.get("client"):
        print("editor test: %s started its LSP client through the docs' configuration (%s)"
              % (rep.get("editor"), rep.get("client")))
    for finding in rep.get("findings") or []:
        print("editor test: finding shown: line %d: %s: %s"
              % (finding["line"], finding["code"], finding["message"].splitlines()[0]))
    if rep.get("error"):
        fail("in %s after %s: %s" % (rep.get("editor"), ", ".join(rep.get("steps") or ["start"]),
                                     rep["error"]), log_text + "\n" + json.dumps(rep, indent=1))
    print("editor test: steps: %s" % ", ".join(rep.get("steps") or []))
    print("editor test: code actions offered: %s"
          % (" | ".join(rep.get("actions") or []) or "one, run without a menu"))
    print("editor test: applied '%s' with %s" % (rep.get("chosen"), rep.get("applied_by")))
    target = [f for f in rep.get("findings") or [] if f["line"] == line]
    if not rep.get("chosen") or not any(rep["chosen"].lower() in f["message"].lower()
                                        for f in target):
        fail("the action applied is not the fix of the finding on line %d" % line,
             json.dumps(rep, indent=1))

    with open(source, "rb") as f:
        got = f.read()
    if got == original:
        fail("the file on disk is unchanged")
    if got != want:
        import difflib
        diff = "\n".join(difflib.unified_diff(want.decode().splitlines(), got.decode().splitlines(),
                                              "taskfit-tidy's fix", args.editor, lineterm=""))
        fail("the editor wrote something else than taskfit-tidy's fix-it", diff)
    print("editor test: the written file is taskfit-tidy's fix-it, byte for byte")

    with open(os.path.join(build, "compile_commands.json")) as f:
        entry = next(e for e in json.load(f) if os.path.realpath(e["file"]) == os.path.realpath(source))
    compile_cmd = entry.get("arguments") or entry["command"].split()
    if "-o" in compile_cmd:
        i = compile_cmd.index("-o")
        del compile_cmd[i:i + 2]
    compile_cmd = [args.cxx] + [c for c in compile_cmd[1:] if c != "-c"] + ["-fsyntax-only"]
    r = run(compile_cmd, cwd=entry["directory"])
    if r.returncode:
        fail("the fixed file does not compile", r.stdout)
    print("editor test: the fixed file compiles")
    print("editor test: passed in %.0fs" % (time.monotonic() - started))


if __name__ == "__main__":
    main()
