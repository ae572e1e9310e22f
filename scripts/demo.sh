#!/usr/bin/env bash
# Builds taskfit-tidy and runs the taskfit checks on the example projects
# examples/async-server and examples/job-queue, from their
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

# The thread family on a worker program: a hand-rolled queue, a global lock
# around the hashing and a busy-wait, next to code that only looks like them.
example="$TASKFIT_ROOT/examples/job-queue"
example_build="$TASKFIT_BUILD/examples/job-queue"
cmake -S "$example" -B "$example_build" -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null

echo
echo "== taskfit-tidy -p $example_build --checks='-*,taskfit-*' examples/job-queue/src/*.cpp"
"$TASKFIT_BUILD/bin/taskfit-tidy" -p "$example_build" --checks='-*,taskfit-*' \
  "$example"/src/*.cpp 2>&1 | grep -v "warnings generated" || true
