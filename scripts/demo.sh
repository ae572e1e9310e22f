#!/usr/bin/env bash
# Builds taskfit-tidy and runs the taskfit checks on the example projects
# examples/async-server and examples/thread-workers, from their
# compile_commands.json.
# Usage: bash scripts/demo.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

bash "$TASKFIT_ROOT/scripts/setup-deps.sh"
taskfit_configure >/dev/null
cmake --build "$TASKFIT_BUILD" --target taskfit-tidy -j "$TASKFIT_JOBS"

example="$TASKFIT_ROOT/examples/async-server"
example_build="$TASKFIT_BUILD/examples/async-server"
cmake -S "$example" -B "$example_build" -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -Dtaskfit_DIR="$TASKFIT_BUILD/runtime" >/dev/null

echo
echo "== taskfit-tidy -p $example_build --checks='-*,taskfit-*' examples/async-server/src/*.cpp"
"$TASKFIT_BUILD/bin/taskfit-tidy" -p "$example_build" --checks='-*,taskfit-*' \
  "$example"/src/*.cpp 2>&1 | grep -v "warnings generated" || true

# A thread-based tool: threads per task, work on the wrong pool.
example="$TASKFIT_ROOT/examples/thread-workers"
example_build="$TASKFIT_BUILD/examples/thread-workers"
cmake -S "$example" -B "$example_build" -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -Dtaskfit_DIR="$TASKFIT_BUILD/runtime" >/dev/null

echo
echo "== taskfit-tidy -p $example_build --checks='-*,taskfit-*' examples/thread-workers/src/*.cpp"
"$TASKFIT_BUILD/bin/taskfit-tidy" -p "$example_build" --checks='-*,taskfit-*' \
  "$example"/src/*.cpp 2>&1 | grep -v "warnings generated" || true
