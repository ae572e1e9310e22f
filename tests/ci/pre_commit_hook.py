#!/usr/bin/env python3
"""docs/ci.md's commit hooks, run by git in a scratch repository:

  pre_commit_hook.py --hook {pre-commit,git-hook} --docs docs/ci.md
                     --taskfit-tidy T --cmake C --ninja N --cxx C --git G
                     [--pre-commit P] --example examples/cmake-clang-tidy --work DIR

1. A git repository holding the example project, configured into build/
   (ignored by git) for its compile_commands.json.
2. The hook exactly as docs/ci.md prints it (the code block after
   `<!-- tested: pre-commit -->` or `<!-- tested: git-hook -->`): the
   pre-commit framework's .pre-commit-config.yaml with `pre-commit install`,
   or the plain .git/hooks/pre-commit script. taskfit-tidy is on PATH, as
   the docs assume.
3. A clean commit (sources and headers) is accepted; a commit that adds a
   blocking call to the example's coroutine is refused, with the finding
   printed, and HEAD does not move.
No network: HOME and the pre-commit cache are scratch directories, a local
hook needs nothing fetched, and proxies point nowhere in case anything tries.
Prints "pre-commit test: ..." lines and "pre-commit test: passed".
"""

import argparse
import os
import shutil
import stat
import subprocess
import sys

from docs_snippet import snippet

BLOCKING = "  std::this_thread::sleep_for(std::chrono::milliseconds(1));\n"
ANCHOR = "  results.push_back(id * value);\n"


def fail(msg, detail=""):
    sys.stderr.write("pre-commit test: FAIL: %s\n%s\n" % (msg, detail[-6000:]))
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hook", choices=["pre-commit", "git-hook"], required=True)
    ap.add_argument("--docs", required=True)
    ap.add_argument("--taskfit-tidy", required=True)
    ap.add_argument("--cmake", required=True)
    ap.add_argument("--ninja", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--git", required=True)
    ap.add_argument("--pre-commit", dest="pre_commit")
    ap.add_argument("--example", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    repo = os.path.join(work, "repo")
    home = os.path.join(work, "home")
    bin_dir = os.path.join(home, "bin")
    os.makedirs(bin_dir)
    os.symlink(os.path.abspath(args.taskfit_tidy), os.path.join(bin_dir, "taskfit-tidy"))
    shutil.copytree(args.example, repo)

    env = dict(os.environ, HOME=home, PRE_COMMIT_HOME=os.path.join(home, ".cache", "pre-commit"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"),
               PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""),
               GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="taskfit test",
               GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="taskfit test",
               GIT_COMMITTER_EMAIL="test@example.org",
               HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9",
               http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9",
               NO_COLOR="1", TERM="dumb")

    def run(cmd, check=True):
        r = subprocess.run(cmd, cwd=repo, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, errors="replace", timeout=600)
        if check and r.returncode:
            fail("%s exited %d" % (" ".join(cmd), r.returncode), r.stdout)
        return r

    def head():
        r = run([args.git, "rev-list", "--count", "HEAD"], check=False)
        return r.stdout.strip() if r.returncode == 0 else "0"

    run([args.cmake, "-S", repo, "-B", os.path.join(repo, "build"), "-G", "Ninja",
         "-DCMAKE_MAKE_PROGRAM=" + args.ninja, "-DCMAKE_CXX_COMPILER=" + args.cxx,
         "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"])
    with open(os.path.join(repo, ".gitignore"), "w") as f:
        f.write("build/\n")
    run([args.git, "init", "-q", "-b", "main", "."])

    if args.hook == "pre-commit":
        if not args.pre_commit:
            fail("--hook=pre-commit needs --pre-commit")
        with open(os.path.join(repo, ".pre-commit-config.yaml"), "w") as f:
            f.write(snippet(args.docs, "pre-commit"))
        out = run([args.pre_commit, "install"]).stdout
        print("pre-commit test: %s" % out.strip().splitlines()[-1])
    else:
        hook = os.path.join(repo, ".git", "hooks", "pre-commit")
        with open(hook, "w") as f:
            f.write(snippet(args.docs, "git-hook"))
        os.chmod(hook, os.stat(hook).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        print("pre-commit test: .git/hooks/pre-commit written from docs/ci.md")

    run([args.git, "add", "-A"])
    r = run([args.git, "commit", "-m", "the example, clean"], check=False)
    if r.returncode or head() != "1":
        fail("the clean commit was refused", r.stdout)
    hook_lines = [l for l in r.stdout.splitlines() if l.startswith("taskfit")]
    print("pre-commit test: clean commit accepted%s"
          % (": " + hook_lines[0] if hook_lines else ""))

    source = os.path.join(repo, "src", "jobs.cpp")
    with open(source, encoding="utf-8") as f:
        text = f.read()
    if ANCHOR not in text:
        fail("examples/cmake-clang-tidy/src/jobs.cpp changed: no line %r" % ANCHOR.strip())
    with open(source, "w", encoding="utf-8") as f:
        f.write(text.replace(ANCHOR, BLOCKING + ANCHOR, 1))
    run([args.git, "add", "src/jobs.cpp"])
    r = run([args.git, "commit", "-m", "a blocking call in a coroutine"], check=False)
    if r.returncode == 0 or head() != "1":
        fail("the commit with a finding was accepted", r.stdout)
    print("pre-commit test: commit with a finding refused (git exit %d), HEAD unchanged"
          % r.returncode)
    for line in r.stdout.splitlines():
        if "error:" in line or line.startswith("taskfit") or "- exit code" in line:
            print("pre-commit test: hook said: " + line.replace(repo + os.sep, ""))
    print("pre-commit test: passed")


if __name__ == "__main__":
    main()
