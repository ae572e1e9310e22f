#!/usr/bin/env bash
# Builds the runtime benchmarks (Release), runs them once with interleaved repetitions,
# keeps the raw numbers as JSON beside the plots, and renders the plots (SVG) that
# docs/benchmarks.md shows.
#   bash scripts/runtime-bench.sh [build-dir] [repetitions]   (default: build-bench, 5)
# Extra Google Benchmark flags go in BENCH_FLAGS, e.g. BENCH_FLAGS=--benchmark_filter=bulk/
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$source_dir/build-bench}
repetitions=${2:-5}
out_dir="$source_dir/docs/img"
json="$out_dir/runtime-bench.json"

bash "$source_dir/scripts/setup-deps.sh"
cmake -S "$source_dir" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_C_COMPILER=clang-19 \
  -DTASKFIT_BUILD_BENCH=ON -DTASKFIT_BUILD_TESTS=OFF \
  -DTASKFIT_BUILD_CHECKER=OFF -DTASKFIT_BUILD_CLANGD=OFF >/dev/null
cmake --build "$build" -j 2 --target taskfit_runtime_bench

mkdir -p "$out_dir"
# Interleaved repetitions: on a shared machine the load drifts during a run, and
# interleaving spreads that drift over every benchmark instead of a few.
# shellcheck disable=SC2086
"$build/bench/taskfit_runtime_bench" \
  --benchmark_repetitions="$repetitions" \
  --benchmark_enable_random_interleaving=true \
  --benchmark_report_aggregates_only=true \
  --benchmark_color=false \
  --benchmark_out="$json" --benchmark_out_format=json \
  ${BENCH_FLAGS:-} | tee "$build/runtime-bench.txt"

/usr/bin/python3 "$source_dir/scripts/plot-runtime-bench.py" "$json" "$out_dir"
