#!/usr/bin/env python3
"""taskfit-run: runs taskfit over a whole project, for CI.

  taskfit-run -p build [-j N] [--sarif out.sarif] [--baseline taskfit-baseline.json]
              [--single-tu] [--cache-dir DIR | --no-cache]
              [--shard K/N --summaries-dir DIR] [--merge DIR ...]
              [file-regex ...] [-- taskfit-tidy args]

Reads build/compile_commands.json, runs taskfit-tidy on every file in it in
parallel, prints each file's findings, a progress line on long runs and a
summary (findings per check, files, time), merges the per-file SARIF logs
into one, and compares the findings against a baseline so that CI can fail
on new findings only (docs/ci.md).

By default the run is whole-project (docs/whole-project.md): each file is
parsed once and leaves a summary (what its functions reach, the findings
that wait on functions defined in other files); taskfit-project then merges
the summaries and reports the findings that cross files. Each file's result
is cached (key: its compile command, the contents of every file it read,
taskfit's binary, the configuration), so a re-run parses only what changed.
--single-tu analyses each file alone, as clang-tidy does.

Exit codes (the same as taskfit-tidy's):
  0  no findings (or none that the baseline does not already list)
  1  new findings
  2  configuration error: no or broken compile_commands.json, bad baseline,
     bad option, bad .clang-tidy or decision table
  3  a file could not be analysed (it does not compile, or the tool crashed)

Standard library only: it runs wherever taskfit-tidy does.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

EXIT_CLEAN, EXIT_FINDINGS, EXIT_CONFIG, EXIT_ANALYSIS = 0, 1, 2, 3
CACHE_VERSION = 1
BASELINE_VERSION = 1
FINGERPRINT = "taskfitLineHash/v1"  # written by taskfit-tidy --sarif
PROGRESS_INTERVAL = 10.0  # seconds between progress lines when not on a terminal


class ConfigError(Exception):
    """A problem with how taskfit-run was set up: exit code 2."""


def error(msg):
    sys.stderr.write("taskfit-run: error: %s\n" % msg)


# --- inputs ---------------------------------------------------------------

def load_compile_db(build_dir):
    path = os.path.join(build_dir, "compile_commands.json")
    if not os.path.isdir(build_dir):
        raise ConfigError("-p '%s' is not a directory" % build_dir)
    if not os.path.isfile(path):
        raise ConfigError("no compile_commands.json in '%s'; configure the project with "
                          "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON" % build_dir)
    try:
        with open(path, encoding="utf-8") as f:
            entries = json.load(f)
    except (OSError, ValueError) as e:
        raise ConfigError("cannot read '%s': %s" % (path, e))
    if not isinstance(entries, list):
        raise ConfigError("'%s' is not a JSON array of compile commands" % path)
    files, commands = [], {}
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or not isinstance(e.get("file"), str) \
                or not isinstance(e.get("directory"), str):
            raise ConfigError("'%s': entry %d has no 'file' and 'directory'" % (path, i))
        f = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if f not in commands:
            files.append(f)
            commands[f] = []
        commands[f].append(e)
    if not files:
        raise ConfigError("'%s' lists no files" % path)
    return files, commands


def baseline_key(rule, path, message, line_hash):
    return (rule, path, message, line_hash)


def load_baseline(path):
    """{key: count} from a baseline file written by --write-baseline."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as e:
        raise ConfigError("cannot read baseline '%s': %s" % (path, e.strerror))
    except ValueError as e:
        raise ConfigError("baseline '%s' is not JSON: %s" % (path, e))
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise ConfigError("baseline '%s': expected an object with \"version\": %d "
                          "(write one with --write-baseline)" % (path, BASELINE_VERSION))
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise ConfigError("baseline '%s': \"findings\" must be an array" % path)
    counts = {}
    for i, f in enumerate(findings):
        if not isinstance(f, dict):
            raise ConfigError("baseline '%s': findings[%d] is not an object" % (path, i))
        for field in ("rule", "file", "message", "lineHash"):
            if not isinstance(f.get(field), str):
                raise ConfigError("baseline '%s': findings[%d] needs a string \"%s\""
                                  % (path, i, field))
        key = baseline_key(f["rule"], f["file"], f["message"], f["lineHash"])
        counts[key] = counts.get(key, 0) + 1
    return counts


def find_taskfit_tidy(explicit):
    if explicit:
        if not (os.path.isfile(explicit) and os.access(explicit, os.X_OK)):
            raise ConfigError("--taskfit-tidy '%s' is not an executable" % explicit)
        return explicit
    here = os.path.dirname(os.path.realpath(__file__))
    beside = os.path.join(here, "taskfit-tidy")
    if os.path.isfile(beside) and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("taskfit-tidy")
    if not found:
        raise ConfigError("taskfit-tidy not found beside taskfit-run or on PATH; "
                          "use --taskfit-tidy")
    return found


# --- running ----------------------------------------------------------------

class Progress:
    """One line per PROGRESS_INTERVAL, or a live line on a terminal."""

    def __init__(self, total, mode):
        self.total, self.done, self.findings = total, 0, 0
        self.start = time.monotonic()
        self.last = self.start
        tty = sys.stderr.isatty()
        self.live = mode == "auto" and tty
        self.periodic = mode == "auto" and not tty
        self.every = mode == "always"

    def update(self, path, findings):
        self.done += 1
        self.findings += findings
        now = time.monotonic()
        line = "[%d/%d] %d findings, %.0fs: %s" % (
            self.done, self.total, self.findings, now - self.start, os.path.basename(path))
        if self.live:
            sys.stderr.write("\r\033[K" + line)
            if self.done == self.total:
                sys.stderr.write("\r\033[K")
        elif self.every or (self.periodic and now - self.last >= PROGRESS_INTERVAL):
            sys.stderr.write("taskfit-run: " + line + "\n")
            self.last = now
        sys.stderr.flush()

    def clear_line(self):
        if self.live:
            sys.stderr.write("\r\033[K")


class FileHashes:
    """The contents' hash of each file, computed once per run."""

    def __init__(self):
        self.lock = threading.Lock()
        self.known = {}

    def of(self, path):
        with self.lock:
            if path in self.known:
                return self.known[path]
        try:
            h = hashlib.sha256()
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
            digest = h.hexdigest()
        except OSError:
            digest = None
        with self.lock:
            self.known[path] = digest
        return digest


def config_files(path, args):
    """The configuration a file is analysed with: every .clang-tidy from its
    directory up, and --config-file."""
    found = []
    d = os.path.dirname(os.path.abspath(path))
    while True:
        candidate = os.path.join(d, ".clang-tidy")
        if os.path.isfile(candidate):
            found.append(candidate)
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    if args.config_file:
        found.append(os.path.abspath(args.config_file))
    return found


class Cache:
    """Per-file results of the whole-project map step, keyed by what decides
    them: the compile command, taskfit-tidy's binary, its arguments, the
    configuration files, and (checked on use) the contents of every file the
    translation unit read, as its summary lists them."""

    def __init__(self, directory, tidy, args, commands, hashes):
        self.dir = directory
        self.hashes = hashes
        st = os.stat(tidy)
        self.base = json.dumps({
            "cache": CACHE_VERSION,
            "tool": [os.path.realpath(tidy), st.st_size, st.st_mtime_ns],
            "args": [args.checks, args.header_filter, args.tidy_args, args.root],
        }, sort_keys=True)
        self.commands = commands

    def key(self, path, args):
        configs = {c: self.hashes.of(c) for c in config_files(path, args)}
        text = json.dumps([self.base, path, self.commands.get(path), configs],
                          sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def entry_path(self, key):
        return os.path.join(self.dir, key[:2], key + ".json")

    def lookup(self, key):
        try:
            with open(self.entry_path(key), encoding="utf-8") as f:
                entry = json.load(f)
        except (OSError, ValueError):
            return None
        deps = entry.get("deps") if isinstance(entry, dict) else None
        if not isinstance(deps, dict) or not deps:
            return None
        for dep, digest in deps.items():
            if self.hashes.of(dep) != digest:
                return None
        return entry

    def store(self, key, entry):
        target = self.entry_path(key)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            tmp = "%s.%d.tmp" % (target, os.getpid())
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(entry, f)
            os.replace(tmp, target)
        except OSError:
            pass  # a cache that cannot be written only costs time


class Result:
    def __init__(self, path, rc, stdout, stderr, log, summary, cached=False):
        self.path, self.rc, self.stdout, self.stderr = path, rc, stdout, stderr
        self.log, self.summary, self.cached = log, summary, cached


def run_one(index, path, args, tidy, tmp, cache):
    """Analyses one file (or takes its result from the cache). In a
    whole-project run the result carries the file's summary (JSON text)."""
    key = None
    if cache is not None:
        key = cache.key(path, args)
        entry = cache.lookup(key)
        if entry is not None:
            return Result(path, entry["rc"], entry["stdout"], entry["stderr"],
                          entry["sarif"], entry["summary"], cached=True)
    sarif = os.path.join(tmp, "%d.sarif" % index)
    cmd = [tidy, "-p", args.build_path, "--sarif=" + sarif, "--sarif-root=" + args.root]
    summary_path = None
    if not args.single_tu:
        summary_path = os.path.join(tmp, "%d.summary.json" % index)
        cmd.append("--summary-out=" + summary_path)
    if args.checks:
        cmd.append("--checks=" + args.checks)
    if args.config_file:
        cmd.append("--config-file=" + args.config_file)
    if args.header_filter:
        cmd.append("--header-filter=" + args.header_filter)
    cmd += args.tidy_args + [path]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, errors="replace")
    log = None
    if os.path.exists(sarif):
        try:
            with open(sarif, encoding="utf-8") as f:
                log = json.load(f)
        except ValueError:
            log = None
    summary = None
    if summary_path and os.path.exists(summary_path):
        with open(summary_path, encoding="utf-8") as f:
            summary = f.read()
    result = Result(path, proc.returncode, proc.stdout, proc.stderr, log, summary)
    if cache is not None and summary is not None and log is not None \
            and proc.returncode in (EXIT_CLEAN, EXIT_FINDINGS):
        deps = {}
        try:
            for unit in json.loads(summary).get("units", []):
                for dep in unit.get("includes", []):
                    deps[dep] = cache.hashes.of(dep)
        except (ValueError, AttributeError):
            deps = {}
        if deps and None not in deps.values():
            cache.store(key, {"deps": deps, "rc": proc.returncode, "stdout": proc.stdout,
                              "stderr": proc.stderr, "sarif": log, "summary": summary})
    return result


# --- merging --------------------------------------------------------------

def result_path(result):
    loc = result["locations"][0]["physicalLocation"]["artifactLocation"]
    return urllib.parse.unquote(loc["uri"])


def result_line_hash(result):
    return result.get("partialFingerprints", {}).get(FINGERPRINT, ":").rsplit(":", 1)[0]


def result_position(result):
    region = result["locations"][0]["physicalLocation"].get("region", {})
    return region.get("startLine", 0), region.get("startColumn", 0)


def merge(logs, root, tool_exit, failures):
    """One SARIF log from many: rules united, results deduplicated (a
    header's findings come once per file that includes it)."""
    driver, rules, rule_ids = None, [], {}
    results, seen = [], set()
    config_notes, note_seen = [], set()
    for log in logs:
        run = log["runs"][0]
        if driver is None:
            driver = dict(run["tool"]["driver"])
        for inv in run.get("invocations", []):
            for n in inv.get("toolConfigurationNotifications", []):
                k = json.dumps(n, sort_keys=True)
                if k not in note_seen:
                    note_seen.add(k)
                    config_notes.append(n)
        run_rules = run["tool"]["driver"].get("rules", [])
        for r in run.get("results", []):
            key = (r["ruleId"], result_path(r), result_position(r), r["message"]["text"])
            if key in seen:
                continue
            seen.add(key)
            rule = run_rules[r["ruleIndex"]] if "ruleIndex" in r else {"id": r["ruleId"]}
            if rule["id"] not in rule_ids:
                rule_ids[rule["id"]] = len(rules)
                rules.append(rule)
            r = dict(r, ruleIndex=rule_ids[rule["id"]])
            results.append(r)
    results.sort(key=lambda r: (result_path(r), result_position(r), r["ruleId"]))
    # Occurrence numbers are per file: count again after deduplication.
    occurrences = {}
    for r in results:
        h = result_line_hash(r)
        k = (r["ruleId"], result_path(r), r["message"]["text"], h)
        occurrences[k] = occurrences.get(k, 0) + 1
        r["partialFingerprints"] = {FINGERPRINT: "%s:%d" % (h, occurrences[k])}
    if driver is None:
        driver = {"name": "taskfit"}
    driver["rules"] = rules
    invocation = {"executionSuccessful": tool_exit in (EXIT_CLEAN, EXIT_FINDINGS),
                  "exitCode": tool_exit,
                  "arguments": sys.argv}
    if config_notes:
        invocation["toolConfigurationNotifications"] = config_notes
    if failures:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": "could not analyse %s: %s" % (p, why)}}
            for p, why in failures]
    root_uri = "file://" + urllib.parse.quote(root.rstrip("/") + "/")
    run = {"tool": {"driver": driver}, "invocations": [invocation],
           "originalUriBaseIds": {"SRCROOT": {"uri": root_uri}},
           "columnKind": "utf16CodeUnits", "results": results}
    return {"$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                       "sarif-schema-2.1.0.json",
            "version": "2.1.0", "runs": [run]}


def mark_baseline(results, baseline):
    """Sets baselineState on each result; returns the new ones."""
    left = dict(baseline)
    new = []
    for r in results:
        k = baseline_key(r["ruleId"], result_path(r), r["message"]["text"], result_line_hash(r))
        if left.get(k, 0) > 0:
            left[k] -= 1
            r["baselineState"] = "unchanged"
        else:
            r["baselineState"] = "new"
            new.append(r)
    return new


def code_quality_report(results):
    """GitLab's Code Quality report (the Code Climate issue format): GitLab
    shows these in merge requests; it does not read SARIF for this."""
    issues = []
    for r in results:
        line, _ = result_position(r)
        fp = "%s:%s:%s:%s" % (r["ruleId"], result_path(r), r["message"]["text"],
                              r.get("partialFingerprints", {}).get(FINGERPRINT, ""))
        issues.append({
            "type": "issue",
            "check_name": r["ruleId"],
            "description": "%s [%s]" % (r["message"]["text"], r["ruleId"]),
            "categories": ["Bug Risk"],
            "severity": "major" if r.get("level") == "error" else "minor",
            "fingerprint": hashlib.md5(fp.encode("utf-8")).hexdigest(),
            "location": {"path": result_path(r), "lines": {"begin": line}},
        })
    return issues


def baseline_document(results):
    findings = []
    for r in results:
        line, _ = result_position(r)
        findings.append({"rule": r["ruleId"], "file": result_path(r),
                         "message": r["message"]["text"], "lineHash": result_line_hash(r),
                         "line": line})
    return {"version": BASELINE_VERSION, "tool": "taskfit",
            "comment": "Findings accepted when this file was written; taskfit-run "
                       "--baseline fails only on findings not listed here. Entries match "
                       "by rule, file, message and the line's text (lineHash), not by "
                       "line number. Regenerate with taskfit-run --write-baseline.",
            "findings": findings}


# --- main -----------------------------------------------------------------

def parse_args(argv):
    tidy_args = []
    if "--" in argv:
        i = argv.index("--")
        argv, tidy_args = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(
        prog="taskfit-run",
        description="Run taskfit-tidy over every file of a compile_commands.json, in "
                    "parallel, with a summary, merged SARIF and a baseline.",
        epilog="Exit codes: 0 clean, 1 new findings, 2 configuration error, "
               "3 a file could not be analysed. Arguments after '--' go to taskfit-tidy.")
    ap.add_argument("-p", dest="build_path", required=True,
                    help="the build directory holding compile_commands.json")
    ap.add_argument("-j", dest="jobs", type=int, default=os.cpu_count() or 1,
                    help="files analysed in parallel (default: the number of CPUs)")
    ap.add_argument("files", nargs="*", metavar="file-regex",
                    help="analyse only files whose path matches one of these regexes")
    ap.add_argument("--taskfit-tidy", help="the taskfit-tidy binary (default: the one beside "
                    "taskfit-run, else PATH)")
    ap.add_argument("--checks", help="passed to taskfit-tidy (default: from .clang-tidy)")
    ap.add_argument("--config-file", help="passed to taskfit-tidy")
    ap.add_argument("--header-filter", help="passed to taskfit-tidy")
    ap.add_argument("--root", default=os.getcwd(),
                    help="the project's root: SARIF URIs and baseline paths are relative "
                         "to it (default: the current directory)")
    ap.add_argument("--sarif", help="write all findings as one SARIF 2.1.0 log")
    ap.add_argument("--code-quality", metavar="FILE",
                    help="write new findings as a GitLab Code Quality report")
    ap.add_argument("--baseline", help="fail only on findings this file does not list")
    ap.add_argument("--write-baseline", metavar="FILE",
                    help="record the current findings as the baseline in FILE (the run "
                         "then exits 0 unless a file could not be analysed)")
    ap.add_argument("--report-only", action="store_true",
                    help="exit 0 even with new findings (errors still fail)")
    ap.add_argument("--progress", choices=["auto", "always", "never"], default="auto",
                    help="auto: a live line on a terminal, else one line every %ds"
                         % PROGRESS_INTERVAL)
    ap.add_argument("-q", "--quiet", action="store_true",
                    help="print only the summary, not each finding")
    wp = ap.add_argument_group("whole-project analysis (docs/whole-project.md)")
    wp.add_argument("--single-tu", action="store_true",
                    help="analyse each file alone: calls to functions defined in other "
                         "files are not followed (and nothing is cached)")
    wp.add_argument("--cache-dir", help="where each file's result is cached (default: "
                    "<build>/.taskfit-cache)")
    wp.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    wp.add_argument("--project-summary", metavar="FILE",
                    help="write the merged summary there, for editors' "
                         "taskfit.ProjectSummary (default: <build>/taskfit-project.json)")
    wp.add_argument("--shard", metavar="K/N",
                    help="analyse only the K-th of N slices of the files (1 <= K <= N) "
                         "and write their results to --summaries-dir; a later "
                         "taskfit-run --merge reports the whole project")
    wp.add_argument("--summaries-dir", metavar="DIR",
                    help="write each file's summary, SARIF log and output to DIR "
                         "instead of reporting (the map step of a sharded run)")
    wp.add_argument("--merge", nargs="+", metavar="DIR",
                    help="report from the folders shards wrote, analysing nothing")
    wp.add_argument("--fix", action="store_true",
                    help="apply the fix-its, the ones across files included (passes "
                         "--fix to taskfit-tidy; turns the cache off)")
    wp.add_argument("--taskfit-project", help="the taskfit-project binary (default: "
                    "beside taskfit-tidy, else PATH)")
    args = ap.parse_args(argv)
    args.tidy_args = tidy_args
    if args.jobs < 1:
        ap.error("-j must be at least 1")
    args.shard_index = None
    if args.shard:
        m = re.fullmatch(r"(\d+)/(\d+)", args.shard)
        if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
            ap.error("--shard expects K/N with 1 <= K <= N, not '%s'" % args.shard)
        args.shard_index = (int(m.group(1)), int(m.group(2)))
        if not args.summaries_dir:
            ap.error("--shard needs --summaries-dir: the merge job reads it")
    if args.single_tu and (args.shard or args.summaries_dir or args.merge):
        ap.error("--single-tu has no summaries to shard or merge")
    if args.merge and (args.shard or args.summaries_dir):
        ap.error("--merge reports shards' folders; it does not analyse")
    if args.fix:
        args.tidy_args = ["--fix"] + args.tidy_args
        args.no_cache = True
    args.root = os.path.abspath(args.root)
    args.build_path = os.path.abspath(args.build_path)
    if args.cache_dir is None:
        args.cache_dir = os.path.join(args.build_path, ".taskfit-cache")
    if args.project_summary is None:
        args.project_summary = os.path.join(args.build_path, "taskfit-project.json")
    return args


def find_taskfit_project(explicit, tidy):
    if explicit:
        if not (os.path.isfile(explicit) and os.access(explicit, os.X_OK)):
            raise ConfigError("--taskfit-project '%s' is not an executable" % explicit)
        return explicit
    beside = os.path.join(os.path.dirname(os.path.realpath(tidy)), "taskfit-project")
    if os.path.isfile(beside) and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("taskfit-project")
    if not found:
        raise ConfigError("taskfit-project not found beside taskfit-tidy or on PATH; use "
                          "--taskfit-project, or --single-tu")
    return found


def report_across_files(args, project, summary_dirs, tmp):
    """The reduce and report steps: taskfit-project merges the summaries and
    reports the findings that cross files. Returns (exit code, SARIF log)."""
    sarif = os.path.join(tmp, "project.sarif")
    cmd = [project, "report", "--sarif=" + sarif, "--sarif-root=" + args.root,
           "-o", args.project_summary]
    if args.fix:
        cmd.append("--fix")
    proc = subprocess.run(cmd + summary_dirs, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, errors="replace")
    if proc.returncode not in (EXIT_CLEAN, EXIT_FINDINGS):
        sys.stderr.write(proc.stderr)
        return EXIT_CONFIG, None
    if not args.quiet and proc.stdout.strip():
        sys.stdout.write(proc.stdout)
    log = None
    try:
        with open(sarif, encoding="utf-8") as f:
            log = json.load(f)
    except (OSError, ValueError):
        pass
    return proc.returncode, log


def write_shard_result(directory, index, result):
    """One file's result in a shard's folder: summary, SARIF log, output."""
    name = "%s-%d" % (hashlib.sha256(result.path.encode("utf-8")).hexdigest()[:16], index)
    with open(os.path.join(directory, name + ".summary.json"), "w", encoding="utf-8") as f:
        f.write(result.summary)
    with open(os.path.join(directory, name + ".sarif"), "w", encoding="utf-8") as f:
        json.dump(result.log, f)


def read_shard_logs(directories):
    logs = []
    for d in directories:
        if not os.path.isdir(d):
            raise ConfigError("--merge '%s' is not a directory" % d)
        names = sorted(n for n in os.listdir(d) if n.endswith(".sarif"))
        if not names:
            raise ConfigError("--merge '%s' holds no shard results (write them with "
                              "--shard K/N --summaries-dir)" % d)
        for n in names:
            try:
                with open(os.path.join(d, n), encoding="utf-8") as f:
                    logs.append(json.load(f))
            except (OSError, ValueError) as e:
                raise ConfigError("cannot read shard result '%s': %s"
                                  % (os.path.join(d, n), e))
    return logs


def main(argv):
    args = parse_args(argv)  # exits 2 on a bad option, as argparse does
    start = time.monotonic()
    try:
        files, commands = load_compile_db(args.build_path)
        if args.files:
            try:
                patterns = [re.compile(p) for p in args.files]
            except re.error as e:
                raise ConfigError("bad file regex: %s" % e)
            files = [f for f in files if any(p.search(f) for p in patterns)]
            if not files:
                raise ConfigError("no file in compile_commands.json matches %s"
                                  % " ".join(args.files))
        baseline = load_baseline(args.baseline) if args.baseline else None
        tidy = find_taskfit_tidy(args.taskfit_tidy)
        project = None if args.single_tu else find_taskfit_project(args.taskfit_project, tidy)
        if not os.path.isdir(args.root):
            raise ConfigError("--root '%s' is not a directory" % args.root)
        if args.shard_index:
            k, n = args.shard_index
            files = [f for i, f in enumerate(sorted(files)) if i % n == k - 1]
        if args.summaries_dir:
            os.makedirs(args.summaries_dir, exist_ok=True)
        merged_logs = read_shard_logs(args.merge) if args.merge else []
    except ConfigError as e:
        error(str(e))
        return EXIT_CONFIG
    except OSError as e:
        error("cannot use '%s': %s" % (e.filename, e.strerror))
        return EXIT_CONFIG
    if args.merge:
        files = []
    hashes = FileHashes()
    cache = None
    if not (args.single_tu or args.no_cache):
        cache = Cache(args.cache_dir, tidy, args, commands, hashes)

    progress = Progress(len(files), args.progress)
    lock = threading.Lock()
    logs, failures, counted = list(merged_logs), [], set()
    exit_code = EXIT_CLEAN
    cached = 0
    tmp = tempfile.mkdtemp(prefix="taskfit-run-")
    summaries = os.path.join(tmp, "summaries")
    os.makedirs(summaries)
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(run_one, i, f, args, tidy, tmp, cache)
                       for i, f in enumerate(files)]
            for index, fut in enumerate(concurrent.futures.as_completed(futures)):
                res = fut.result()
                path, proc, log, rc = res.path, res, res.log, res.rc
                cached += res.cached
                if res.summary is not None and rc in (EXIT_CLEAN, EXIT_FINDINGS):
                    if args.summaries_dir:
                        write_shard_result(args.summaries_dir, index, res)
                    else:
                        with open(os.path.join(summaries, "%d.json" % index), "w",
                                  encoding="utf-8") as f:
                            f.write(res.summary)
                # Count each finding once, as the summary will (headers repeat).
                n = 0
                for r in (log["runs"][0].get("results", []) if log else []):
                    key = (r["ruleId"], result_path(r), result_position(r), r["message"]["text"])
                    if key not in counted:
                        counted.add(key)
                        n += 1
                with lock:
                    progress.clear_line()
                    if rc == EXIT_CONFIG:
                        exit_code = EXIT_CONFIG
                        failures.append((path, "configuration error"))
                        sys.stderr.write(proc.stdout + proc.stderr)
                    elif rc not in (EXIT_CLEAN, EXIT_FINDINGS) or log is None:
                        why = ("it does not compile" if rc == EXIT_ANALYSIS
                               else "taskfit-tidy exited with %d" % rc)
                        failures.append((path, why))
                        if exit_code != EXIT_CONFIG:
                            exit_code = EXIT_ANALYSIS
                        sys.stderr.write(proc.stdout + proc.stderr)
                        sys.stderr.write("taskfit-run: could not analyse %s: %s\n" % (path, why))
                    elif not args.quiet and proc.stdout.strip():
                        sys.stdout.write(proc.stdout)
                        sys.stdout.flush()
                    if log:
                        logs.append(log)
                    progress.update(path, n)
        # Findings across files: the whole project's summaries at once.
        if not args.single_tu and not args.summaries_dir and exit_code != EXIT_CONFIG:
            rc, log = report_across_files(args, project, args.merge or [summaries], tmp)
            if rc == EXIT_CONFIG:
                exit_code = EXIT_CONFIG
                failures.append(("the project's summaries", "taskfit-project failed"))
            elif log:
                logs.append(log)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    merged = merge(logs, args.root, exit_code, failures)
    results = merged["runs"][0]["results"]
    findings = [r for r in results if r["ruleId"] != "clang-diagnostic-error"]
    new = mark_baseline(findings, baseline) if baseline is not None else findings
    # Writing a baseline accepts today's findings.
    if exit_code == EXIT_CLEAN and new and not (args.report_only or args.write_baseline):
        exit_code = EXIT_FINDINGS
    merged["runs"][0]["invocations"][0]["exitCode"] = exit_code
    merged["runs"][0]["invocations"][0]["executionSuccessful"] = \
        exit_code in (EXIT_CLEAN, EXIT_FINDINGS)

    try:
        if args.sarif:
            with open(args.sarif, "w", encoding="utf-8") as f:
                json.dump(merged, f, indent=2)
                f.write("\n")
        if args.code_quality:
            with open(args.code_quality, "w", encoding="utf-8") as f:
                json.dump(code_quality_report(new), f, indent=2)
                f.write("\n")
        if args.write_baseline:
            if exit_code in (EXIT_CONFIG, EXIT_ANALYSIS):
                error("not writing a baseline from a run that could not analyse every file")
            else:
                with open(args.write_baseline, "w", encoding="utf-8") as f:
                    json.dump(baseline_document(findings), f, indent=2)
                    f.write("\n")
    except OSError as e:
        error("cannot write '%s': %s" % (e.filename, e.strerror))
        return EXIT_CONFIG

    # The summary.
    per_check = {}
    for r in findings:
        per_check[r["ruleId"]] = per_check.get(r["ruleId"], 0) + 1
    with_findings = len({result_path(r) for r in findings})
    out = sys.stderr if args.quiet else sys.stdout
    mode = ("single-TU" if args.single_tu else
            "shard %d/%d" % args.shard_index if args.shard_index else
            "merged from %d folders" % len(args.merge) if args.merge else "whole-project")
    reused = ", %d from the cache" % cached if cached else ""
    out.write("\ntaskfit-run: %d files analysed in %.1fs (-j %d, %s%s): %d findings in %d "
              "files\n" % (len(files), time.monotonic() - start, args.jobs, mode, reused,
                           len(findings), with_findings))
    for check, count in sorted(per_check.items(), key=lambda kv: (-kv[1], kv[0])):
        out.write("  %5d  %s\n" % (count, check))
    if baseline is not None:
        out.write("taskfit-run: baseline %s: %d known, %d new\n"
                  % (args.baseline, len(findings) - len(new), len(new)))
        for r in new:
            line, col = result_position(r)
            out.write("  new: %s:%d:%d: %s [%s]\n"
                      % (result_path(r), line, col, r["message"]["text"], r["ruleId"]))
    if failures:
        out.write("taskfit-run: %d files could not be analysed\n" % len(failures))
    if args.write_baseline and exit_code not in (EXIT_CONFIG, EXIT_ANALYSIS):
        out.write("taskfit-run: wrote %d findings to baseline %s\n"
                  % (len(findings), args.write_baseline))
    if args.sarif:
        out.write("taskfit-run: wrote SARIF to %s\n" % args.sarif)
    out.write("taskfit-run: exit %d (%s)\n" % (exit_code, {
        EXIT_CLEAN: "clean" if not findings else "baseline written" if args.write_baseline
        else "no new findings" if baseline is not None else "findings reported only",
        EXIT_FINDINGS: "new findings" if baseline is not None else "findings",
        EXIT_CONFIG: "configuration error",
        EXIT_ANALYSIS: "some files could not be analysed"}[exit_code]))
    return exit_code


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
