#!/usr/bin/env python3
"""Drives taskfit-clangd the way an editor does, over LSP (JSON-RPC on
stdin/stdout), and checks that taskfit's findings reach the editor.

  lsp_taskfit_clangd.py --clangd <taskfit-clangd> --cxx <clang++> --inputs <dir>

1. In a scratch project (compile_flags.txt, and a .clangd that adds
   taskfit-* and misc-const-correctness, with no FastCheckFilter line), open
   a file with a coroutine that calls sleep(1), a plain function that does
   the same, and a variable that could be const.
2. Wait for publishDiagnostics: exactly one taskfit-blocking-call-in-async
   finding, on the coroutine's line. clangd 19 drops checks it does not know
   to be fast unless told `FastCheckFilter: Loose`; taskfit-clangd declares
   taskfit's checks fast and leaves the rest to clangd, so the slow
   misc-const-correctness stays off (and comes on with
   --fast-check-filter=None, which writes that line into .clangd).
3. Ask for its code actions (textDocument/codeAction) and apply the quick
   fix clangd returns, if any: fix-its land check by check, and with none yet
   the diagnostics are the proof. A modernize-use-nullptr finding in the same
   file always has one, so the apply path is exercised either way. Tell
   clangd (didChange) and expect the fixed findings gone.
4. Compile the result with clang++, then shut the server down cleanly.
Along the way: the finding's documentation link (codeDescription.href)
points at taskfit's page for the check, in the published diagnostic and in
the code action that repeats it, while the control check keeps clangd's
llvm.org link. --docs-url passes --taskfit-docs-url; --expect-docs names
the link's expected prefix (a file:// prefix must name an existing page).
Uses the standard library only.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import queue
import time
import urllib.parse

CHECK = "taskfit-blocking-call-in-async"
SLOW_CHECK = "misc-const-correctness"  # clangd 19 calls it slow
CONTROL_CHECK = "modernize-use-nullptr"  # fast, and always has a fix-it
TIMEOUT = 120  # seconds for any one wait; a preamble build takes a few

SOURCE = """\
#include "simple_task.h"
#include <unistd.h>

simple_task<> poll_forever() {
  sleep(1);
  co_return;
}

void plain() { sleep(1); }

int answer() {
  int x = 42;
  return x;
}

int *none() { return 0; }
"""
COROUTINE_LINE = 4  # 0-based line of the coroutine's sleep(1)


def fail(msg, log=None):
    sys.stderr.write("lsp test: FAIL: %s\n" % msg)
    if log and os.path.exists(log):
        with open(log, encoding="utf-8", errors="replace") as f:
            tail = f.read()[-4000:]
        sys.stderr.write("------ taskfit-clangd log (tail) ------\n%s\n" % tail)
    sys.exit(1)


class LspClient:
    """A minimal LSP client: framed JSON-RPC, a reader thread, a queue."""

    def __init__(self, cmd, cwd, env, log_path):
        self.log = open(log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log)
        self.messages = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)  # EOF
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.messages.put(json.loads(body.decode("utf-8")))

    def send(self, payload):
        data = json.dumps(payload).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        rid = self.next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        msg = self.wait(lambda m: m.get("id") == rid and "method" not in m,
                        "the reply to " + method)
        if "error" in msg:
            raise RuntimeError("%s failed: %s" % (method, msg["error"]))
        return msg.get("result")

    def wait(self, predicate, what):
        deadline = time.monotonic() + TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no %s within %ds" % (what, TIMEOUT))
            try:
                msg = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if msg is None:
                raise EOFError("taskfit-clangd exited while waiting for " + what)
            # Server-to-client requests (progress, configuration) need an answer.
            if "method" in msg and "id" in msg:
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
                continue
            if predicate(msg):
                return msg


def diagnostics_for(client, uri, version, strict=False):
    """The diagnostics clangd publishes for `uri` at `version`; strict: only
    a list that names the version (not the empty one clangd sends on close)."""
    msg = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri
                      and m["params"].get("version", None if strict else version) == version,
                      "publishDiagnostics for version %d" % version)
    return msg["params"]["diagnostics"]


def shut_down(client, log, timeout):
    """Ends the session as an editor does; the server must exit cleanly."""
    client.request("shutdown", None)
    client.notify("exit", None)
    rc = client.proc.wait(timeout=timeout)
    if rc != 0:
        fail("taskfit-clangd exited with %d after shutdown" % rc, log)


def offset_of(text, position):
    """LSP position (UTF-16 columns) to a str index; the file is ASCII."""
    lines = text.split("\n")
    return sum(len(l) + 1 for l in lines[:position["line"]]) + position["character"]


def apply_edits(text, edits):
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"],
                                          e["range"]["start"]["character"]), reverse=True):
        start = offset_of(text, e["range"]["start"])
        end = offset_of(text, e["range"]["end"])
        text = text[:start] + e["newText"] + text[end:]
    return text


def edits_in(action, uri):
    edit = action.get("edit") or {}
    edits = list((edit.get("changes") or {}).get(uri, []))
    for change in edit.get("documentChanges") or []:
        if change.get("textDocument", {}).get("uri") == uri:
            edits.extend(change.get("edits", []))
    return edits


def check_docs_link(diag, expected_prefix, log):
    """The diagnostic's codeDescription.href: the check's page under the
    expected prefix; a local page must exist."""
    href = (diag.get("codeDescription") or {}).get("href", "")
    want = expected_prefix + diag["code"] + ".md"
    if href != want:
        fail("codeDescription.href is %r, expected %r in: %s"
             % (href, want, json.dumps(diag)), log)
    if href.startswith("file://"):
        path = urllib.parse.unquote(urllib.parse.urlparse(href).path)
        if not os.path.isfile(path):
            fail("the documentation link names no file: " + href, log)
    return href


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clangd", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--inputs", required=True, help="tests/checkers/Inputs")
    ap.add_argument("--fast-check-filter", choices=["Strict", "Loose", "None"],
                    help="write this FastCheckFilter into .clangd")
    ap.add_argument("--docs-url", help="pass --taskfit-docs-url=<this> to the server")
    ap.add_argument("--expect-docs", required=True,
                    help="the prefix a taskfit finding's codeDescription.href must have")
    ap.add_argument("--keep", action="store_true", help="keep the scratch project")
    args = ap.parse_args()

    clangd = os.path.abspath(args.clangd)
    work = tempfile.mkdtemp(prefix="taskfit-lsp-")
    shutil.copy(os.path.join(args.inputs, "simple_task.h"), work)
    src = os.path.join(work, "main.cpp")
    with open(src, "w", encoding="utf-8") as f:
        f.write(SOURCE)
    flags = ["-std=c++20", "-I" + work]
    with open(os.path.join(work, "compile_flags.txt"), "w") as f:
        f.write("\n".join(flags) + "\n")
    # What a user writes: add the checks.
    with open(os.path.join(work, ".clangd"), "w") as f:
        f.write("Diagnostics:\n  ClangTidy:\n    Add: [taskfit-*, %s, %s]\n"
                % (SLOW_CHECK, CONTROL_CHECK))
        if args.fast_check_filter:
            f.write("    FastCheckFilter: %s\n" % args.fast_check_filter)
    # No user config, no index on disk: a hermetic server.
    env = dict(os.environ, HOME=work, XDG_CONFIG_HOME=os.path.join(work, ".config"),
               XDG_CACHE_HOME=os.path.join(work, ".cache"))
    log = os.path.join(work, "clangd.log")
    uri = "file://" + src
    started = time.monotonic()

    cmd = [clangd, "--background-index=false", "--pch-storage=memory", "-j=2", "--log=info"]
    if args.docs_url:
        cmd.append("--taskfit-docs-url=" + args.docs_url)
    client = LspClient(cmd, work, env, log)
    try:
        init = client.request("initialize", {
            "processId": os.getpid(), "rootUri": "file://" + work,
            "capabilities": {"textDocument": {
                "publishDiagnostics": {"relatedInformation": True},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {
                    "valueSet": ["", "quickfix", "refactor", "source"]}}}}}})
        if "codeActionProvider" not in init["capabilities"]:
            fail("the server offers no code actions", log)
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cpp", "version": 1, "text": SOURCE}})

        diags = diagnostics_for(client, uri, 1)
        findings = [d for d in diags if d.get("code") == CHECK]
        if len(findings) != 1 or findings[0]["range"]["start"]["line"] != COROUTINE_LINE:
            fail("expected one %s finding on line %d, got: %s"
                 % (CHECK, COROUTINE_LINE + 1, json.dumps(diags, indent=1)), log)
        slow = [d for d in diags if d.get("code") == SLOW_CHECK]
        if bool(slow) != (args.fast_check_filter == "None"):
            fail("%s should run only with FastCheckFilter: None; got: %s"
                 % (SLOW_CHECK, json.dumps(diags, indent=1)), log)
        finding = findings[0]
        if finding.get("source") != "clang-tidy" or "coroutine 'poll_forever'" not in finding["message"]:
            fail("unexpected finding: " + json.dumps(finding), log)
        print("lsp test: finding published: line %d: %s"
              % (finding["range"]["start"]["line"] + 1, finding["message"].splitlines()[0]),
              flush=True)

        controls = [d for d in diags if d.get("code") == CONTROL_CHECK]
        if len(controls) != 1:
            fail("expected one %s finding, got: %s" % (CONTROL_CHECK, json.dumps(diags)), log)
        href = check_docs_link(finding, args.expect_docs, log)
        control_href = (controls[0].get("codeDescription") or {}).get("href", "")
        if not control_href.startswith("https://clang.llvm.org/extra/clang-tidy/checks/"):
            fail("%s lost clangd's own link: %s" % (CONTROL_CHECK, json.dumps(controls[0])), log)
        print("lsp test: documentation link: %s" % href, flush=True)

        def quick_fix(diag):
            actions = client.request("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": diag["range"],
                "context": {"diagnostics": [diag]}}) or []
            fixes = [a for a in actions if a.get("kind") == "quickfix" and edits_in(a, uri)
                     and any(d.get("code") == diag["code"] for d in a.get("diagnostics", [diag]))]
            return actions, fixes[0] if fixes else None

        actions, fix = quick_fix(finding)
        # Code actions repeat their diagnostic: the same link there.
        for action in actions:
            for d in action.get("diagnostics", []):
                if d.get("code") == CHECK:
                    check_docs_link(d, args.expect_docs, log)
        _, control_fix = quick_fix(controls[0])
        if not control_fix:
            fail("no quick fix for the %s finding" % CONTROL_CHECK, log)
        edits = edits_in(control_fix, uri)
        fixed = [CONTROL_CHECK]
        if fix:
            edits += edits_in(fix, uri)
            fixed.append(CHECK)
            print("lsp test: applying quick fix '%s'" % fix.get("title"))
        else:
            print("lsp test: %d code actions, none a %s fix-it yet: diagnostics only"
                  % (len(actions), CHECK))
        text = apply_edits(SOURCE, edits)
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": text}]})
        after = diagnostics_for(client, uri, 2)
        left = [d for d in after if d.get("code") in fixed
                and (d.get("code") != CHECK or d["range"]["start"]["line"] == COROUTINE_LINE)]
        if left:
            fail("findings still there after their fixes: " + json.dumps(left), log)
        print("lsp test: fixed %s; %d diagnostics left" % (", ".join(fixed), len(after)))

        with open(src, "w", encoding="utf-8") as f:
            f.write(text)
        r = subprocess.run([args.cxx, "-fsyntax-only", "-x", "c++", src] + flags,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            fail("the edited file does not compile:\n" + r.stdout + "\n" + text, log)

        shut_down(client, log, TIMEOUT)
    except (TimeoutError, EOFError, RuntimeError) as e:
        client.proc.kill()
        fail(str(e), log)
    print("lsp test: passed in %.1fs" % (time.monotonic() - started))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
