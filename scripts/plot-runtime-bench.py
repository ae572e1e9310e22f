#!/usr/bin/python3
"""Renders the runtime benchmark plots (SVG) from Google Benchmark's JSON output.

    /usr/bin/python3 scripts/plot-runtime-bench.py docs/img/runtime-bench.json docs/img

Reads the median of each benchmark's repetitions (or its single run) and writes:
  parallel-for-grain.svg    items/s against the grain (indices per chunk), taskfit and TBB
  parallel-for-work.svg     items/s against the work per element, against TBB and a plain loop
  parallel-for-threads.svg  items/s against the thread count (pool size, TBB arena size)
  runtime-ratios.svg        each headline ratio of the run beside its goal
Needs python3-matplotlib (Debian's package; scripts/setup-deps.sh installs it).
"""
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: write files only
import matplotlib.pyplot as plt  # noqa: E402

# Keep the SVGs stable between runs of the script on the same data.
matplotlib.rcParams["svg.hashsalt"] = "taskfit"
matplotlib.rcParams["svg.fonttype"] = "none"

TASKFIT = "taskfit::parallel_for"
TBB = "oneTBB parallel_for"


def load(path):
    """Maps run name (e.g. 'grain/tbb_parallel_for/4/0/1000/real_time') to its median run."""
    with open(path) as f:
        data = json.load(f)
    runs = {}
    for run in data["benchmarks"]:
        if run.get("error_occurred"):
            continue
        name = run["run_name"]
        if run.get("run_type") == "aggregate":
            if run.get("aggregate_name") == "median":
                runs[name] = run
        else:
            runs.setdefault(name, run)
    return data.get("context", {}), runs


def args_of(name):
    """'grain/taskfit_parallel_for/4/0/1000/real_time' -> ('grain/taskfit_parallel_for', [4, 0, 1000])."""
    parts = name.split("/")
    numbers = []
    for p in parts[2:]:
        if p.isdigit():
            numbers.append(int(p))
    return "/".join(parts[:2]), numbers


def series(runs, family, arg_index):
    """[(x, items/s in millions)] for every run of `family`, x = its argument at arg_index."""
    points = []
    for name, run in runs.items():
        fam, numbers = args_of(name)
        if fam == family and "items_per_second" in run and len(numbers) > arg_index:
            points.append((numbers[arg_index], run["items_per_second"] / 1e6))
    return sorted(points)


def seconds(run):
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[run["time_unit"]]
    return run["real_time"] * scale


def find(runs, family):
    for name, run in runs.items():
        if args_of(name)[0] == family:
            return run
    return None


def subtitle(context):
    cpus = context.get("num_cpus", "?")
    load = context.get("load_avg", [])
    load_text = f", load average {load[0]:.1f}" if load else ""
    return f"{cpus} CPUs{load_text}; medians of interleaved repetitions"


def finish(fig, ax, title, context, path):
    ax.set_title(title + "\n" + subtitle(context), fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)
    print(f"wrote {path}")


def plot_grain(context, runs, out):
    fig, ax = plt.subplots(figsize=(6, 4))
    for family, label, marker in (("grain/taskfit_parallel_for", TASKFIT, "o"), ("grain/tbb_parallel_for", TBB + " (simple_partitioner)", "s")):
        pts = series(runs, family, 2)
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker=marker, label=label)
    for family, label, style in (("bulk/taskfit_parallel_for", TASKFIT + ", automatic", "--"), ("bulk/tbb_parallel_for", TBB + ", automatic", ":")):
        run = find(runs, family)
        if run:
            ax.axhline(run["items_per_second"] / 1e6, linestyle=style, color="gray", label=label)
    ax.set_xscale("log")
    ax.set_xlabel("grain (indices per chunk), 10M elements")
    ax.set_ylabel("million elements / s")
    finish(fig, ax, "parallel_for: throughput against grain", context, out / "parallel-for-grain.svg")


def plot_work(context, runs, out):
    fig, ax = plt.subplots(figsize=(6, 4))
    for family, label, marker in (("taskfit_parallel_for", TASKFIT, "o"), ("tbb_parallel_for", TBB, "s"), ("plain_loop", "plain loop (one thread)", "^")):
        pts = series(runs, "work/" + family, 0) + series(runs, "bulk/" + family, 0)
        pts = sorted(pts)
        if pts:
            # Throughput in element-rounds per second would flatten the curve; show time per element instead.
            ax.plot([p[0] for p in pts], [1e3 / p[1] for p in pts], marker=marker, label=label)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("work per element (dependent multiply-adds)")
    ax.set_ylabel("ns per element (lower is better)")
    finish(fig, ax, "parallel_for: time per element against task size", context, out / "parallel-for-work.svg")


def plot_threads(context, runs, out):
    fig, ax = plt.subplots(figsize=(6, 4))
    for family, label, marker in (("threads/taskfit_parallel_for", TASKFIT, "o"), ("threads/tbb_parallel_for", TBB, "s")):
        pts = series(runs, family, 1)
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker=marker, label=label)
    plain = find(runs, "bulk/plain_loop")
    if plain:
        ax.axhline(plain["items_per_second"] / 1e6, linestyle="--", color="gray", label="plain loop (one thread)")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("threads (pool size / arena size, caller included)")
    ax.set_ylabel("million elements / s")
    finish(fig, ax, "parallel_for: throughput against thread count", context, out / "parallel-for-threads.svg")


def plot_ratios(context, runs, out):
    """One bar per headline comparison: taskfit's figure over the other's (> 1: taskfit better)."""
    def items(family):
        run = find(runs, family)
        return run["items_per_second"] if run and "items_per_second" in run else None

    def time(family):
        run = find(runs, family)
        return seconds(run) if run else None

    rows = []

    def add(label, mine, theirs, goal):
        if mine and theirs:
            rows.append((label, mine / theirs, goal))

    add("parallel_for vs oneTBB parallel_for", items("bulk/taskfit_parallel_for"), items("bulk/tbb_parallel_for"), 0.9)
    tpe = items("bulk/taskfit_task_per_element")
    add("fork-join vs oneTBB task_group", time("fork_join/tbb_task_group"), time("fork_join/taskfit_parallel_for"), 0.8)
    add("post vs mutex+condvar pool", items("pool/taskfit_post"), items("pool/naive_mutex_condvar"), 1.0)
    add("offload vs submit().get() round trip", time("offload/future_get"), time("offload/taskfit_offload"), 1.0)
    if not rows:
        return
    fig, ax = plt.subplots(figsize=(7, 3.6))
    labels = [r[0] for r in rows]
    ratios = [r[1] for r in rows]
    colors = ["tab:green" if r[1] >= r[2] else "tab:red" for r in rows]
    y = range(len(rows))
    ax.barh(list(y), ratios, color=colors)
    for i, r in enumerate(rows):
        ax.plot([r[2], r[2]], [i - 0.4, i + 0.4], color="black", linewidth=2, label="goal" if i == 0 else None)
        ax.text(r[1], i, f" {r[1]:.2f}x", va="center", fontsize=8)
    ax.set_yticks(list(y))
    ax.set_yticklabels(labels, fontsize=8)
    ax.axvline(1.0, color="gray", linewidth=0.8)
    ax.set_xlabel("taskfit / other (> 1: taskfit faster)")
    title = "Runtime: ratios measured in one run"
    if tpe and items("bulk/taskfit_parallel_for"):
        title += f" (parallel_for vs one task per element: {items('bulk/taskfit_parallel_for') / tpe:.0f}x, goal 20x)"
    ax.set_xlim(0, max(max(ratios), 1.0) * 1.25)
    finish(fig, ax, title, context, out / "runtime-ratios.svg")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plot-runtime-bench.py BENCH.json OUT_DIR")
    context, runs = load(sys.argv[1])
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    plot_grain(context, runs, out)
    plot_work(context, runs, out)
    plot_threads(context, runs, out)
    plot_ratios(context, runs, out)


if __name__ == "__main__":
    main()
