#!/usr/bin/env python3
"""Generates a C++ project shaped like a service, for whole-project analysis.

  python3 bench/gen-project.py [N] OUTDIR [--functions M] [--seed S]

N translation units (default 30): src/main.cpp, handlers (asio coroutines),
services and storage, each with a header under include/gen/. Handlers call
services and storage functions in other files, services call storage and
other services; some storage functions block (fopen/fread, std::ifstream,
::recv, std::this_thread::sleep_for), some services are CPU-heavy (std::sort,
a loop nest over the input), most functions reach nothing. About a third of
the functions reach blocking work, mostly through two or three files; some
pairs of services in two files call each other (recursion across files).
Look-alikes that must stay silent: blocking work posted to an
asio::thread_pool, file-local (static) functions with the same name and
signature as a blocking function of another file, and a cheap overload of a
blocking function.

Writes, all deterministic (same arguments, same bytes, except the absolute
paths in compile_commands.json):
  OUTDIR/src/..., OUTDIR/include/gen/...
  OUTDIR/compile_commands.json   absolute paths; clang++-19 -std=c++20
                                 -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
                                 -I OUTDIR/include -I/usr/include/python3.11
  OUTDIR/expected.json           the findings a whole-project analysis should
                                 report (file, line, column of the call in the
                                 handler coroutine, check, callee), the
                                 look-alike call sites that must stay silent,
                                 every function with what it reaches, and
                                 statistics

--functions M spreads M functions over the N files (many per file) for a
stress test of the merge step: --functions 10000 gives 10,000 functions.

The findings in expected.json are the ones today's per-TU taskfit-tidy
reports when every source file is #included into one translation unit (with
the file-local namesakes renamed so they do not clash): checked for N=5,
N=30 and N=30 --functions 10000 (39 and 2561 findings, none missing, none
extra). One TU at a time, it reports none of them.
"""

import argparse
import json
import os
import sys

MASK = (1 << 64) - 1


class Rng:
    """splitmix64: the same numbers on every Python version."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def chance(self, p):
        return self.next() / float(1 << 64) < p

    def choice(self, seq):
        return seq[self.below(len(seq))]

    def sample(self, seq, k):
        pool = list(seq)
        out = []
        while pool and len(out) < k:
            out.append(pool.pop(self.below(len(pool))))
        return out


NOUNS = ["account", "order", "invoice", "session", "profile", "cart", "item", "price",
         "stock", "review", "ticket", "route", "quota", "token", "report", "event",
         "payment", "address", "coupon", "shipment", "refund", "rating", "badge", "note"]
BLOCKING_STYLES = ["fopen", "ifstream", "recv", "sleep"]
WORK_OF_STYLE = {
    "fopen": "blocking file I/O 'fopen'",
    "ifstream": "blocking file I/O 'std::ifstream'",
    "recv": "blocking network I/O 'recv'",
    "sleep": "blocking sleep 'sleep_for'",
    "sort": "CPU-heavy sort 'sort'",
    "nest": "CPU-heavy loop nest of depth 2",
}
FLAGS = ["-std=c++20", "-DASIO_HAS_CO_AWAIT", "-DASIO_HAS_STD_COROUTINE"]
PYTHON_INCLUDE = "/usr/include/python3.11"
BLOCKING_CHECK = "taskfit-blocking-call-in-async"
CPU_CHECK = "taskfit-cpu-bound-in-async"


class Fn:
    def __init__(self, fid, name, layer, file_index):
        self.fid = fid
        self.name = name
        self.layer = layer          # "handlers", "services", "storage"
        self.file_index = file_index
        self.kind = "cheap"         # cheap, blocking, cpu, reach, handler, recursive
        self.style = None           # blocking style, or "sort"/"nest" for cpu
        self.calls = []             # [Fn]: real calls, each on its own line
        self.offloaded = []         # [Fn]: posted to the worker pool (handlers)
        self.overload_calls = []    # [Fn]: calls of the cheap overload of Fn
        self.static_namesake = None  # name of a file-local function this calls
        self.line = 0
        self.file = None
        self.blocking = False
        self.cpu = False
        self.block_files = None     # files on the shortest chain to blocking work

    @property
    def qualified(self):
        return f"{self.layer}::{self.name}"


class File:
    def __init__(self, layer, index):
        self.layer = layer
        self.index = index
        self.fns = []
        self.statics = []           # (name, Fn that calls it)
        self.overloads = []         # Fn whose cheap overload this file defines

    @property
    def stem(self):
        singular = {"handlers": "handler", "services": "service", "storage": "storage"}
        return f"{singular[self.layer]}_{self.index:03d}"

    @property
    def path(self):
        return f"src/{self.layer}/{self.stem}.cpp"

    @property
    def header(self):
        return f"gen/{self.stem}.h"


def spread(i):
    """A low-discrepancy sequence in [0, 1): any prefix is spread evenly, so
    the share of each kind is close to its target even in a small project."""
    return (i * 0.6180339887498949 + 0.5) % 1.0


def split_counts(total, parts):
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def plan(n_files, n_functions, seed):
    rng = Rng(seed)
    n_handlers = max(1, round(n_files * 0.2))
    n_storage = max(1, round(n_files * 0.35))
    n_services = n_files - 1 - n_handlers - n_storage
    if n_services < 1:
        sys.exit("gen-project: N must be at least 4")
    files = ([File("handlers", i) for i in range(n_handlers)] +
             [File("services", i) for i in range(n_services)] +
             [File("storage", i) for i in range(n_storage)])
    by_layer = {layer: [f for f in files if f.layer == layer]
                for layer in ("handlers", "services", "storage")}
    if n_functions is None:
        per_file = {"handlers": 4, "services": 8, "storage": 8}
        counts = [per_file[f.layer] for f in files]
    else:
        # The recursive pairs below are part of the M functions.
        pairs = max(2, n_functions // 100)
        counts = split_counts(max(n_functions - 2 * pairs, len(files)), len(files))
    fns = []
    for f, count in zip(files, counts):
        for _ in range(count):
            fid = len(fns)
            noun = NOUNS[fid % len(NOUNS)]
            verb = {"handlers": "handle", "services": "build", "storage": "fetch"}[f.layer]
            fn = Fn(fid, f"{verb}_{noun}_{fid}", f.layer, f.index)
            fn.file = f
            f.fns.append(fn)
            fns.append(fn)

    storage = [fn for f in by_layer["storage"] for fn in f.fns]
    services = [fn for f in by_layer["services"] for fn in f.fns]
    handlers = [fn for f in by_layer["handlers"] for fn in f.fns]

    # Storage: a fifth block, the rest are cheap; some cheap ones call a
    # cheap function of another storage file.
    for i, fn in enumerate(storage):
        if spread(i) < 0.2 or i == 0:
            fn.kind = "blocking"
            fn.style = BLOCKING_STYLES[sum(1 for s in storage[:i] if s.kind == "blocking") % 4]
    blocking_storage = [fn for fn in storage if fn.kind == "blocking"]
    cheap_storage = [fn for fn in storage if fn.kind == "cheap"]

    # Static namesakes (every third storage file, from the third): a
    # file-local cheap function named like a blocking function of another
    # storage file, called by one of this file's cheap functions. That file
    # must not include the other's header, so none of its calls go there.
    no_calls_to = {}
    for f in by_layer["storage"]:
        if f.index % 3 != 2 or len(by_layer["storage"]) < 2:
            continue
        targets = [fn for fn in blocking_storage if fn.file is not f]
        mine = [fn for fn in f.fns if fn.kind == "cheap"]
        if not targets or not mine:
            continue
        target = rng.choice(targets)
        caller = rng.choice(mine)
        f.statics.append((target.name, caller))
        caller.static_namesake = target.name
        no_calls_to[f.index] = target.file.index

    for fn in cheap_storage:
        if fn.static_namesake is None and rng.chance(0.3):
            options = [c for c in cheap_storage
                       if c.file is not fn.file and c.fid < fn.fid
                       and no_calls_to.get(fn.file.index) != c.file.index]
            if options:
                fn.calls.append(rng.choice(options))

    # Overloads (every third storage file, from the second): a cheap
    # overload of one of the file's blocking functions, (std::string_view,
    # std::size_t), defined in the same file.
    overloaded = []
    for f in by_layer["storage"]:
        if f.index % 3 != 1:
            continue
        mine = [fn for fn in f.fns if fn.kind == "blocking"]
        if mine:
            target = rng.choice(mine)
            f.overloads.append(target)
            overloaded.append(target)

    # Services, in order: CPU-heavy leaves, functions that reach blocking
    # work (through a blocking storage function, or a service that reaches
    # one in another file), and cheap ones calling only cheap functions.
    reach_services = []
    direct_reach = []
    cheap_services = []
    for i, fn in enumerate(services):
        r = spread(i)
        if 0.5 <= r < 0.58:
            fn.kind = "cpu"
            fn.style = "sort" if fn.fid % 2 == 0 else "nest"
            continue
        if r < 0.36:
            fn.kind = "reach"
            # Through a service of another file that calls storage itself
            # (three files), or straight to storage (two files).
            earlier = [s for s in direct_reach if s.file is not fn.file]
            if earlier and rng.chance(0.4):
                fn.calls.append(rng.choice(earlier))
            else:
                fn.calls.append(rng.choice(blocking_storage))
                direct_reach.append(fn)
            reach_services.append(fn)
        else:
            cheap_services.append(fn)
        for _ in range(rng.below(3)):
            cheap_pool = cheap_storage + [s for s in cheap_services
                                          if s.file is not fn.file and s is not fn]
            fn.calls.append(rng.choice(cheap_pool))
        if fn.kind == "cheap" and overloaded and rng.chance(0.15):
            fn.overload_calls.append(rng.choice(overloaded))

    # Recursion across two files: pairs of services (a in one file, b in
    # another) that call each other; every other pair also reaches a
    # blocking storage function from b. The pairs are extra functions.
    recursive_pairs = []
    service_files = by_layer["services"]
    n_pairs = max(2, (len(fns) if n_functions is None else n_functions) // 100)
    for p in range(n_pairs):
        if len(service_files) >= 2:
            fa = service_files[(2 * p) % len(service_files)]
            fb = service_files[(2 * p + 1) % len(service_files)]
            if fa is fb:
                fb = service_files[(2 * p + 2) % len(service_files)]
        else:
            fa = service_files[0]
            fb = by_layer["storage"][p % len(by_layer["storage"])]
        pair = []
        for f in (fa, fb):
            fid = len(fns)
            fn = Fn(fid, f"recurse_{NOUNS[fid % len(NOUNS)]}_{fid}", f.layer, f.index)
            fn.file = f
            fn.kind = "recursive"
            f.fns.append(fn)
            fns.append(fn)
            pair.append(fn)
        a, b = pair
        a.calls.append(b)
        b.calls.append(a)
        if p % 2 == 1:
            # Not into a file whose static namesake would clash with it.
            shadowed = {name for name, _ in b.file.statics}
            options = [s for s in blocking_storage
                       if s.file is not b.file and s.name not in shadowed
                       and (b.layer != "storage" or no_calls_to.get(b.file.index) != s.file.index)]
            b.calls.append(rng.choice(options))
        recursive_pairs.append((a, b))

    # Handlers: coroutines calling two to four functions of other files, and
    # sometimes posting one that blocks to the worker pool.
    callable_targets = services + [a for a, _ in recursive_pairs]
    reaching_targets = [t for t in callable_targets if t.kind == "reach"] or blocking_storage
    cheap_targets = [t for t in callable_targets if t.kind == "cheap"] or cheap_storage
    for k, fn in enumerate(handlers):
        fn.kind = "handler"
        # Half the handlers call something that blocks first (spread evenly).
        fn.calls.append(rng.choice(reaching_targets if spread(k) < 0.5 else cheap_targets))
        for _ in range(1 + rng.below(3)):
            if rng.chance(0.2):
                fn.calls.append(rng.choice(storage))
            else:
                fn.calls.append(rng.choice(callable_targets))
        if rng.chance(0.25):
            fn.offloaded.append(rng.choice(reach_services or blocking_storage))
    # Every look-alike and every recursive pair is called from some handler.
    extra = [caller for f in by_layer["storage"] for _, caller in f.statics]
    extra += [s for s in services if s.overload_calls]
    extra += [a for a, _ in recursive_pairs]
    for i, target in enumerate(extra):
        if target not in [c for h in handlers for c in h.calls]:
            handlers[i % len(handlers)].calls.append(target)

    return files, fns, recursive_pairs


def analyse(fns):
    """What each function reaches, to a fixpoint (the graph has cycles)."""
    for fn in fns:
        fn.blocking = fn.kind == "blocking"
        fn.cpu = fn.kind == "cpu"
        fn.block_files = 1 if fn.blocking else None
    changed = True
    while changed:
        changed = False
        for fn in fns:
            for c in fn.calls:
                if c.blocking and not fn.blocking:
                    fn.blocking = changed = True
                if c.cpu and not fn.cpu:
                    fn.cpu = changed = True
                if c.block_files is not None:
                    d = c.block_files + (0 if c.file is fn.file else 1)
                    if fn.block_files is None or d < fn.block_files:
                        fn.block_files = d
                        changed = True


# --- emitting C++ -----------------------------------------------------------

def emit_header(f):
    lines = ["// Generated by bench/gen-project.py.", "#pragma once", ""]
    if f.layer == "handlers":
        lines += ["#include <asio.hpp>", ""]
    lines += ["#include <cstddef>", "#include <string>"]
    if f.overloads:
        lines += ["#include <string_view>"]
    lines += ["", f"namespace {f.layer} {{", ""]
    for fn in f.fns:
        if f.layer == "handlers":
            lines.append(f"asio::awaitable<std::string> {fn.name}(std::string key);")
        else:
            lines.append(f"std::string {fn.name}(const std::string &key);")
    for fn in f.overloads:
        lines.append(f"// A cheap overload of the blocking {fn.name}(const std::string &).")
        lines.append(f"std::string {fn.name}(std::string_view key, std::size_t limit);")
    if f.layer == "handlers":
        lines.append(f"asio::awaitable<void> session_{f.index:03d}(asio::ip::tcp::socket socket);")
    lines += ["", f"}} // namespace {f.layer}", ""]
    return "\n".join(lines)


def body_of(fn, out, calls, silent):
    """Appends fn's body lines to out, recording call sites."""
    def call_line(prefix, callee, suffix, record):
        text = f"{prefix}{callee.qualified}{suffix}"
        col = len(prefix) + 1
        out.append(text)
        if record is not None:
            record.append((len(out), col, callee))

    if fn.kind == "blocking":
        if fn.style == "fopen":
            out += ["  std::string out;",
                    "  std::FILE *f = std::fopen((\"data/\" + key).c_str(), \"rb\");"]
            fn.work_at = (len(out), 18)
            out += ["  if (!f)",
                    "    return out;",
                    "  char buf[512];",
                    "  std::size_t n;",
                    "  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)",
                    "    out.append(buf, n);",
                    "  std::fclose(f);",
                    "  return out;"]
        elif fn.style == "ifstream":
            out += ["  std::ifstream in(\"data/\" + key + \".log\");"]
            fn.work_at = (len(out), 17)
            out += ["  std::string line, out;",
                    "  while (std::getline(in, line))",
                    "    out += line;",
                    "  return out;"]
        elif fn.style == "recv":
            out += ["  char buf[256];",
                    "  ssize_t n = ::recv(static_cast<int>(key.size()), buf, sizeof buf, 0);"]
            fn.work_at = (len(out), 15)
            out += ["  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : key;"]
        else:
            out += ["  std::this_thread::sleep_for(std::chrono::milliseconds(key.size()));"]
            fn.work_at = (len(out), 3)
            out += ["  return key;"]
        return
    if fn.kind == "cpu":
        if fn.style == "sort":
            out += ["  std::vector<std::string> parts;",
                    "  for (std::size_t i = 0; i < key.size(); ++i)",
                    "    parts.push_back(key.substr(i));",
                    "  std::sort(parts.begin(), parts.end());"]
            fn.work_at = (len(out), 3)
            out += ["  return parts.empty() ? key : parts.front();"]
        else:
            out += ["  std::size_t score = 0;",
                    "  for (std::size_t i = 0; i < key.size(); ++i)"]
            fn.work_at = (len(out), 3)
            out += ["    for (std::size_t j = 0; j < key.size(); ++j)",
                    "      score += static_cast<unsigned char>(key[i]) * static_cast<unsigned char>(key[j]);",
                    "  return std::to_string(score);"]
        return
    if fn.kind == "recursive":
        out += ["  if (key.size() < 2)", "    return key;"]
        out += [f"  std::string acc = key.substr(0, 1);"]
        for c in fn.calls:
            arg = "key.substr(1)" if c.kind == "recursive" else "key"
            call_line("  acc += ", c, f"({arg});", calls)
        out += ["  return acc;"]
        return
    # cheap, reach
    out += ["  std::string acc = key;",
            f"  acc += static_cast<char>('a' + (key.size() + {fn.fid}) % 26);"]
    for c in fn.calls:
        call_line("  acc += ", c, "(acc);", calls)
    for c in fn.overload_calls:
        call_line("  acc += ", c, "(std::string_view(acc), 4);", silent)
        silent[-1] = silent[-1] + ("calls the cheap overload (std::string_view, std::size_t) "
                                   f"of the blocking {c.qualified}(const std::string &)",)
    if fn.static_namesake:
        out.append(f"  acc += {fn.static_namesake}(key);")
    out += ["  return acc.size() > 64 ? acc.substr(0, 64) : acc;"]


def emit_source(f, calls, silent):
    out = ["// Generated by bench/gen-project.py.", f"#include \"{f.header}\""]
    callee_files = sorted({c.file.header for fn in f.fns for c in fn.calls + fn.offloaded +
                           fn.overload_calls if c.file is not f})
    out += [f"#include \"{h}\"" for h in callee_files]
    if f.layer == "handlers":
        out.append("#include \"gen/runtime.h\"")
    out += ["", "#include <algorithm>", "#include <chrono>", "#include <cstddef>",
            "#include <cstdio>", "#include <fstream>", "#include <string>",
            "#include <string_view>", "#include <sys/socket.h>", "#include <sys/types.h>",
            "#include <thread>", "#include <vector>", "", f"namespace {f.layer} {{", ""]
    for name, caller in f.statics:
        out += [f"// File-local, cheap: not the blocking {name} of another file.",
                f"static std::string {name}(const std::string &key) {{",
                "  return key + \"#\";",
                "}", ""]
    for fn in f.fns:
        if f.layer == "handlers":
            out.append(f"asio::awaitable<std::string> {fn.name}(std::string key) {{")
            fn.line = len(out)
            out.append("  std::string reply;")
            for c in fn.calls:
                text = f"  reply += {c.qualified}(key);"
                out.append(text)
                calls.append((len(out), 12, c, fn))
            for c in fn.offloaded:
                out.append("  asio::post(gen::worker_pool(), [key] { (void)" f"{c.qualified}(key); }});")
                silent.append((f.path, len(out), 3, c,
                               "posted to an asio::thread_pool, not run on the loop"))
            out += ["  co_return reply;", "}", ""]
        else:
            out.append(f"std::string {fn.name}(const std::string &key) {{")
            fn.line = len(out)
            local_calls, local_silent = [], []
            body_of(fn, out, local_calls, local_silent)
            for line, col, callee, why in local_silent:
                silent.append((f.path, line, col, callee, why))
            out += ["}", ""]
    for fn in f.overloads:
        out += [f"std::string {fn.name}(std::string_view key, std::size_t limit) {{",
                "  return std::string(key.substr(0, limit));",
                "}", ""]
    if f.layer == "handlers":
        out += [f"asio::awaitable<void> session_{f.index:03d}(asio::ip::tcp::socket socket) {{",
                "  asio::streambuf buffer;",
                "  for (;;) {",
                "    std::size_t n = co_await asio::async_read_until(socket, buffer, '\\n', asio::use_awaitable);",
                "    std::string line(asio::buffers_begin(buffer.data()), asio::buffers_begin(buffer.data()) + n);",
                "    buffer.consume(n);",
                "    std::string reply;",
                f"    switch (line.size() % {len(f.fns)}) {{"]
        for i, fn in enumerate(f.fns):
            out.append(f"    case {i}: reply = co_await {fn.name}(line); break;")
        out += ["    }",
                "    co_await asio::async_write(socket, asio::buffer(reply), asio::use_awaitable);",
                "  }",
                "}", ""]
    out += [f"}} // namespace {f.layer}", ""]
    return "\n".join(out)


def emit_main(files):
    handler_files = [f for f in files if f.layer == "handlers"]
    out = ["// Generated by bench/gen-project.py: accepts connections on one port per",
           "// handler file and runs each connection's session on the loop.",
           "#include \"gen/runtime.h\""]
    out += [f"#include \"{f.header}\"" for f in handler_files]
    out += ["", "#include <asio.hpp>", "", "using asio::ip::tcp;", "",
            "namespace gen {", "",
            "asio::thread_pool &worker_pool() {",
            "  static asio::thread_pool pool(4);",
            "  return pool;",
            "}", "",
            "} // namespace gen", "",
            "namespace {", "",
            "template <typename Session>",
            "asio::awaitable<void> listen(tcp::acceptor acceptor, Session session) {",
            "  for (;;) {",
            "    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);",
            "    asio::co_spawn(acceptor.get_executor(), session(std::move(socket)), asio::detached);",
            "  }",
            "}", "",
            "} // namespace", "",
            "int main() {",
            "  asio::io_context loop;"]
    for i, f in enumerate(handler_files):
        out.append(f"  asio::co_spawn(loop, listen(tcp::acceptor(loop, {{tcp::v4(), {9000 + i}}}), "
                   f"handlers::session_{f.index:03d}), asio::detached);")
    out += ["  loop.run();", "  gen::worker_pool().join();", "}", ""]
    return "\n".join(out)


RUNTIME_H = """// Generated by bench/gen-project.py.
#pragma once

#include <asio.hpp>

namespace gen {

// The pool blocking work is posted to (src/main.cpp).
asio::thread_pool &worker_pool();

} // namespace gen
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("args", nargs="+", metavar="[N] OUTDIR")
    ap.add_argument("--functions", type=int, default=None, metavar="M",
                    help="about M functions in all, spread over the N files")
    ap.add_argument("--seed", type=int, default=1, help="default 1")
    ap.add_argument("--compiler", default="clang++-19")
    a = ap.parse_args()
    if len(a.args) == 1:
        n, outdir = 30, a.args[0]
    elif len(a.args) == 2:
        n, outdir = int(a.args[0]), a.args[1]
    else:
        ap.error("expected [N] OUTDIR")
    if n < 4:
        ap.error("N must be at least 4 (main, a handler, a service, a storage file)")
    outdir = os.path.abspath(outdir)

    files, fns, pairs = plan(n, a.functions, a.seed)
    analyse(fns)

    calls, silent = [], []
    sources = {}
    for f in files:
        sources[f.path] = emit_source(f, calls if f.layer == "handlers" else [], silent)
        write(os.path.join(outdir, "include", f.header), emit_header(f))
    write(os.path.join(outdir, "include", "gen", "runtime.h"), RUNTIME_H)
    sources["src/main.cpp"] = emit_main(files)
    for rel, text in sources.items():
        write(os.path.join(outdir, rel), text)

    # Handler call sites: one finding per check the callee's work falls under.
    findings = []
    handler_path = {fn.fid: fn.file.path for fn in fns}
    for line, col, callee, caller in calls:
        for check, hit in ((BLOCKING_CHECK, callee.blocking), (CPU_CHECK, callee.cpu)):
            if hit:
                findings.append({"file": handler_path[caller.fid], "line": line, "column": col,
                                 "check": check, "caller": caller.qualified,
                                 "callee": callee.qualified})
    findings.sort(key=lambda d: (d["file"], d["line"], d["check"]))
    quiet = []
    for f in files:
        for name, caller in f.statics:
            quiet.append({"file": f.path, "line": caller.line, "column": 1,
                          "function": caller.qualified,
                          "why": f"calls the file-local static {f.layer}::{name}, "
                                 "not the blocking function of that name in another file"})
    for path, line, col, callee, why in silent:
        quiet.append({"file": path, "line": line, "column": col,
                      "callee": callee.qualified, "why": why})
    for line, col, callee, caller in calls:
        if callee.blocking or callee.cpu:
            continue
        why = None
        if callee.static_namesake:
            why = (f"reaches only the file-local static {callee.layer}::{callee.static_namesake} "
                   "of its own file, not the blocking function of that name in another file")
        elif callee.overload_calls:
            why = "reaches only the cheap overload (std::string_view, std::size_t) of a blocking function"
        elif callee.kind == "recursive":
            why = "recursion across two files that reaches nothing"
        if why:
            quiet.append({"file": handler_path[caller.fid], "line": line, "column": col,
                          "callee": callee.qualified, "why": why})
    for a_fn, b_fn in pairs:
        if not a_fn.blocking:
            quiet.append({"file": a_fn.file.path, "line": a_fn.line, "column": 1,
                          "function": a_fn.qualified,
                          "why": f"recursion with {b_fn.qualified} ({b_fn.file.path}) that reaches nothing"})
    quiet.sort(key=lambda d: (d["file"], d["line"], d["column"]))

    functions = []
    for fn in fns:
        entry = {"name": fn.qualified, "file": fn.file.path, "line": fn.line, "kind": fn.kind,
                 "blocking": fn.blocking, "cpu": fn.cpu}
        if hasattr(fn, "work_at"):
            entry["work"] = {"line": fn.work_at[0], "column": fn.work_at[1],
                             "what": WORK_OF_STYLE[fn.style]}
        if fn.block_files is not None:
            entry["files_to_blocking_work"] = fn.block_files
        functions.append(entry)

    depth_hist = {}
    for fn in fns:
        if fn.block_files is not None:
            depth_hist[str(fn.block_files)] = depth_hist.get(str(fn.block_files), 0) + 1
    stats = {
        "translation_units": len(files) + 1,
        "functions": len(fns),
        "reach_blocking": sum(fn.blocking for fn in fns),
        "reach_cpu": sum(fn.cpu for fn in fns),
        "reach_nothing": sum(not fn.blocking and not fn.cpu for fn in fns),
        "files_to_blocking_work": dict(sorted(depth_hist.items())),
        "recursive_pairs": len(pairs),
        "findings": len(findings),
        "silent_look_alikes": len(quiet),
    }
    expected = {"generator": "bench/gen-project.py", "n": n, "functions_option": a.functions,
                "seed": a.seed, "stats": stats, "findings": findings, "silent": quiet,
                "functions": functions}
    write(os.path.join(outdir, "expected.json"), json.dumps(expected, indent=1) + "\n")

    args_common = [a.compiler] + FLAGS + ["-I" + os.path.join(outdir, "include"),
                                          "-I" + PYTHON_INCLUDE]
    db = []
    for rel in sorted(sources):
        path = os.path.join(outdir, rel)
        obj = os.path.join(outdir, "obj", rel[:-4] + ".o")
        db.append({"directory": outdir, "file": path, "output": obj,
                   "arguments": args_common + ["-c", path, "-o", obj]})
    write(os.path.join(outdir, "compile_commands.json"), json.dumps(db, indent=1) + "\n")
    print(f"gen-project: {outdir}: {stats['translation_units']} translation units, "
          f"{stats['functions']} functions ({stats['reach_blocking']} reach blocking work, "
          f"{stats['reach_cpu']} CPU-heavy work, {stats['reach_nothing']} nothing), "
          f"{stats['findings']} expected findings, {stats['silent_look_alikes']} look-alikes")


if __name__ == "__main__":
    main()
