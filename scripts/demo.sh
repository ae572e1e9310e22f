#!/usr/bin/env bash
# Builds taskfit-tidy and runs the taskfit checks on the example projects
# under examples/, each from its compile_commands.json:
#   async-server    coroutines that block or compute on their event loop
#   thread-workers  threads per task, work on the wrong pool
#   job-queue       a hand-rolled queue, a global lock around hashing, a busy-wait
#   whole-project   work one or two files away from the coroutine or binding,
#                   found by taskfit-run's whole-project analysis
# (examples/python-gil has a demo of its own: see the README, "Python extensions".)
# Usage: bash scripts/demo.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

bash "$TASKFIT_ROOT/scripts/setup-deps.sh"
taskfit_configure >/dev/null
cmake --build "$TASKFIT_BUILD" --target taskfit-tidy taskfit-project taskfit-run \
  -j "$TASKFIT_JOBS"

for name in async-server thread-workers job-queue; do
  example="$TASKFIT_ROOT/examples/$name"
  example_build="$TASKFIT_BUILD/examples/$name"
  cmake -S "$example" -B "$example_build" -G Ninja \
    -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -Dtaskfit_DIR="$TASKFIT_BUILD/runtime" >/dev/null

  echo
  echo "== taskfit-tidy -p $example_build --checks='-*,taskfit-*' examples/$name/src/*.cpp"
  "$TASKFIT_BUILD/bin/taskfit-tidy" -p "$example_build" --checks='-*,taskfit-*' \
    "$example"/src/*.cpp 2>&1 | grep -v "warnings generated" || true
done

# Calls that leave the file: one parse per file, then the merged summaries.
example="$TASKFIT_ROOT/examples/whole-project"
example_build="$TASKFIT_BUILD/examples/whole-project"
bash "$example/make-compile-db.sh" "$example_build"
echo
echo "== taskfit-run -p $example_build (whole-project)"
"$TASKFIT_BUILD/bin/taskfit-run" -p "$example_build" -j "$TASKFIT_JOBS" \
  --progress=never --no-cache || true
