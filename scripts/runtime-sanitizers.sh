#!/usr/bin/env bash
# Builds the runtime and tests/runtime twice, under ThreadSanitizer and under
# AddressSanitizer+UBSan, each in its own directory below a build root, runs ctest in
# each, and exits non-zero if either build or any test fails.
#   scripts/runtime-sanitizers.sh [build-root]     (default: build-san)
# CXX picks the compiler (default clang++-19, whose sanitizer runtimes are installed).
set -uo pipefail

root=${1:-build-san}
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
compiler=${CXX:-clang++-19}
generator="Unix Makefiles"
command -v ninja >/dev/null 2>&1 && generator=Ninja
jobs=$(nproc 2>/dev/null || echo 2)

# The tests set TSAN_OPTIONS/UBSAN_OPTIONS themselves (tests/runtime/CMakeLists.txt) so
# that a sanitizer report fails the test; ASan's defaults already do.
export ASAN_OPTIONS="detect_leaks=1:strict_init_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

mkdir -p "$root"
status=0
for sanitizer in thread address; do
  dir="$root/$sanitizer"
  echo "== runtime under -fsanitize=$sanitizer in $dir"
  if ! cmake -S "$source_dir" -B "$dir" -G "$generator" \
      -DCMAKE_CXX_COMPILER="$compiler" \
      -DTASKFIT_BUILD_CHECKER=OFF -DTASKFIT_BUILD_CLANGD=OFF \
      -DTASKFIT_BUILD_RUNTIME=ON -DTASKFIT_BUILD_TESTS=ON -DTASKFIT_BUILD_BENCH=OFF \
      -DTASKFIT_SANITIZE="$sanitizer" >"$dir.configure.log" 2>&1; then
    cat "$dir.configure.log"
    echo "!! configure failed for $sanitizer"
    status=1
    continue
  fi
  if ! cmake --build "$dir" -j "$jobs"; then
    echo "!! build failed for $sanitizer"
    status=1
    continue
  fi
  if ! ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 600; then
    echo "!! tests failed under $sanitizer"
    status=1
  fi
done

if [ "$status" -eq 0 ]; then
  echo "== runtime sanitizers: all passed"
else
  echo "== runtime sanitizers: FAILED"
fi
exit "$status"
