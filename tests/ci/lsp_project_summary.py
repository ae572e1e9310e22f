#!/usr/bin/env python3
"""Whole-project analysis in the editor: taskfit-clangd follows a call into
another file once taskfit.ProjectSummary names a merged summary.

  lsp_project_summary.py --clangd <taskfit-clangd> --taskfit-tidy <taskfit-tidy>
      --taskfit-project <taskfit-project> --cxx <clang++> --inputs <dir>

Drives the server over LSP as lsp_taskfit_clangd.py does (its LspClient and
helpers are imported from there), in a scratch project: server.cpp has a
coroutine calling load_profile(), declared in profile.h and defined in
profile.cpp, where it calls std::fopen. A compile_commands.json serves both
clangd and taskfit-tidy; the .clangd adds taskfit-* and sets
taskfit.ProjectSummary to an absolute path that does not exist yet.

1. Open server.cpp: with no summary the run is single-TU, the call leads
   nowhere, and there is no taskfit finding (and no configuration error).
2. Write the summary (taskfit-tidy --summary-out on both files, then
   taskfit-project merge), close and reopen server.cpp so that clangd
   builds it again, and expect exactly one taskfit-blocking-call-in-async finding
   on the load_profile() line, "(via 'load_profile')", whose chain of notes
   leads into profile.cpp. clangd 19 sends that note as relatedInformation
   located in profile.cpp when the client declares it takes it; with
   --no-related-information the client does not, and clangd folds the note
   into the message text under profile.cpp's full path.
3. Shut the server down cleanly.
Uses the standard library only.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_taskfit_clangd import LspClient, diagnostics_for, fail, shut_down  # noqa: E402

CHECK = "taskfit-blocking-call-in-async"

HEADER = """\
#pragma once
#include <string>
std::string load_profile(int user);
"""

SERVER = """\
#include "profile.h"
#include "simple_task.h"

simple_task<> serve(int user) {
  load_profile(user);
  co_return;
}
"""
CALL_LINE = 4  # 0-based line of the load_profile() call

PROFILE = """\
#include "profile.h"
#include <cstdio>

std::string load_profile(int user) {
  std::FILE *f = std::fopen("/var/profiles", "r");
  if (f)
    std::fclose(f);
  return std::to_string(user);
}
"""
FOPEN_LINE = 4  # 0-based line of the fopen call in profile.cpp


def run(cmd, what, log, ok=(0,)):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode not in ok:
        fail("%s exited with %d:\n$ %s\n%s" % (what, r.returncode, " ".join(cmd), r.stdout), log)
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clangd", required=True)
    ap.add_argument("--taskfit-tidy", required=True)
    ap.add_argument("--taskfit-project", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--inputs", required=True, help="tests/checkers/Inputs")
    ap.add_argument("--no-related-information", action="store_true",
                    help="do not tell clangd the client takes relatedInformation")
    ap.add_argument("--keep", action="store_true", help="keep the scratch project")
    args = ap.parse_args()

    work = os.path.realpath(tempfile.mkdtemp(prefix="taskfit-lsp-project-"))
    files = {"profile.h": HEADER, "server.cpp": SERVER, "profile.cpp": PROFILE}
    for name, text in files.items():
        with open(os.path.join(work, name), "w", encoding="utf-8") as f:
            f.write(text)
    server = os.path.join(work, "server.cpp")
    profile = os.path.join(work, "profile.cpp")
    flags = ["-std=c++20", "-I" + os.path.abspath(args.inputs), "-I" + work]
    with open(os.path.join(work, "compile_commands.json"), "w") as f:
        json.dump([{"directory": work, "file": src,
                    "arguments": [args.cxx] + flags + ["-c", src]}
                   for src in (server, profile)], f, indent=1)
    summaries = os.path.join(work, "summaries")
    merged = os.path.join(work, "taskfit-project.json")
    with open(os.path.join(work, ".clangd"), "w") as f:
        f.write("Diagnostics:\n  ClangTidy:\n    Add: [taskfit-*]\n"
                "    CheckOptions:\n      taskfit.ProjectSummary: %s\n" % merged)
    env = dict(os.environ, HOME=work, XDG_CONFIG_HOME=os.path.join(work, ".config"),
               XDG_CACHE_HOME=os.path.join(work, ".cache"))
    log = os.path.join(work, "clangd.log")
    uri = "file://" + server
    started = time.monotonic()

    cmd = [os.path.abspath(args.clangd), "--background-index=false",
           "--pch-storage=memory", "-j=2", "--log=info"]
    client = LspClient(cmd, work, env, log)
    try:
        client.request("initialize", {
            "processId": os.getpid(), "rootUri": "file://" + work,
            "capabilities": {"textDocument": {"publishDiagnostics": {
                "relatedInformation": not args.no_related_information}}}})
        client.notify("initialized", {})

        # 1. No summary yet: single-TU, the call leads nowhere.
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cpp", "version": 1, "text": SERVER}})
        diags = diagnostics_for(client, uri, 1)
        taskfit = [d for d in diags if str(d.get("code", "")).startswith("taskfit")
                   or "taskfit:" in d.get("message", "")]
        if taskfit or any(d.get("severity") == 1 for d in diags):
            fail("without a summary expected no taskfit finding and no error, got: %s"
                 % json.dumps(diags, indent=1), log)
        print("lsp test: no summary: %d diagnostics, no taskfit finding" % len(diags),
              flush=True)

        # 2. The map step on both files, then the merge.
        os.makedirs(summaries)
        for src in (server, profile):
            out = os.path.join(summaries, os.path.basename(src) + ".json")
            run([args.taskfit_tidy, "-p", work, "--checks=-*,taskfit-*", "--quiet",
                 "--summary-out=" + out, src], "taskfit-tidy", log)
        run([args.taskfit_project, "merge", "-o", merged, summaries],
            "taskfit-project merge", log)
        if not os.path.isfile(merged):
            fail("taskfit-project merge wrote no " + merged, log)
        print("lsp test: summary merged", flush=True)

        # Reopen the file to have clangd build it again. (A didChange with
        # the same text is not enough: clangd 19 sees its inputs unchanged
        # and publishes nothing.) Closing publishes an empty, versionless
        # list: wait for the one that names version 2.
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cpp", "version": 2, "text": SERVER}})
        diags = diagnostics_for(client, uri, 2, strict=True)
        findings = [d for d in diags if d.get("code") == CHECK]
        if (len(findings) != 1 or findings[0]["range"]["start"]["line"] != CALL_LINE
                or any(d.get("severity") == 1 for d in diags)):
            fail("expected one %s finding on line %d and no error, got: %s"
                 % (CHECK, CALL_LINE + 1, json.dumps(diags, indent=1)), log)
        finding = findings[0]
        message = finding["message"]
        if "(via 'load_profile')" not in message or "coroutine 'serve'" not in message:
            fail("unexpected finding: " + json.dumps(finding), log)
        print("lsp test: finding published: line %d: %s"
              % (CALL_LINE + 1, message.splitlines()[0]), flush=True)

        # The chain into profile.cpp: related information, or in the text.
        related = finding.get("relatedInformation") or []
        into_profile = [r for r in related
                        if r["location"]["uri"] == "file://" + profile]
        if into_profile:
            r = into_profile[0]
            start = r["location"]["range"]["start"]
            print("lsp test: related information: profile.cpp:%d:%d: %s"
                  % (start["line"] + 1, start["character"] + 1, r["message"]))
            if r["location"]["range"]["start"]["line"] != FOPEN_LINE:
                fail("the note is not on the fopen line: " + json.dumps(finding), log)
        else:
            # Folded into the text, one note a paragraph; a note in another
            # file has its full path on a line of its own:
            #   <dir>/profile.cpp:5:18:\nnote: 'load_profile' calls ...
            notes = [" ".join(p.split("\n")) for p in message.split("\n\n")[1:]
                     if p.startswith(profile + ":")]
            if not notes or not notes[0].startswith("%s:%d:" % (profile, FOPEN_LINE + 1)):
                fail("no note leads into profile.cpp: " + json.dumps(finding), log)
            print("lsp test: note in the message: %s" % notes[0][len(work) + 1:])

        shut_down(client, log, 60)
    except (TimeoutError, EOFError, RuntimeError) as e:
        client.proc.kill()
        fail(str(e), log)
    print("lsp test: passed in %.1fs" % (time.monotonic() - started))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
