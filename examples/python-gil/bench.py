#!/usr/bin/env python3
"""Times primes.count_primes from Python: TASKS calls one after the other,
then the same calls from a ThreadPoolExecutor with THREADS threads. Then
counts how far a Python loop in the main thread gets while one call runs in
another thread: holding the GIL, the call stops it; releasing the GIL, it
runs on (this does not depend on how busy the machine is). Prints one JSON
line: {"serial": s, "pool": s, "pool_speedup": serial / pool,
"python_progress": loop iterations during the call}.

  bench.py MODULE_DIR [--n N] [--tasks T] [--threads W]
"""
import argparse
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("module_dir")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--tasks", type=int, default=4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = ap.parse_args()
    sys.path.insert(0, args.module_dir)
    import primes

    expected = primes.count_primes(args.n)  # warm up, and the answer
    def serial():
        return [primes.count_primes(args.n) for _ in range(args.tasks)]
    def pool():
        with ThreadPoolExecutor(max_workers=args.threads) as ex:
            return list(ex.map(primes.count_primes, [args.n] * args.tasks))
    times = {}
    for name, fn in (("serial", serial), ("pool", pool)):
        best = None
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            results = fn()
            dt = time.perf_counter() - t0
            assert results == [expected] * args.tasks, results
            best = dt if best is None else min(best, dt)
        times[name] = best
    times["pool_speedup"] = times["serial"] / times["pool"]
    times["python_progress"] = python_progress(primes, args.n)
    print(json.dumps(times))


def python_progress(primes, n):
    """Iterations of a Python loop while count_primes(n) runs in a thread."""
    state = {"inside": False, "done": False}

    def worker():
        state["inside"] = True
        primes.count_primes(n)
        state["inside"] = False
        state["done"] = True

    count = 0
    t = threading.Thread(target=worker)
    t.start()
    while not state["done"]:
        if state["inside"]:
            count += 1
    t.join()
    return count


if __name__ == "__main__":
    main()
