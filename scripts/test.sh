#!/usr/bin/env bash
# Builds everything and runs the whole test suite: the checks' lit tests
# (through the plugin and taskfit-tidy), the decision table's unit tests, the
# runtime's tests and examples, then the runtime tests again under
# ThreadSanitizer and AddressSanitizer+UBSan.
# Usage: bash scripts/test.sh
# Ends with one line "N passed, N failed" over every test run.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

bash "$TASKFIT_ROOT/scripts/setup-deps.sh" || exit 1

passed=0
failed=0
skipped=0
status=0
log_dir="$TASKFIT_BUILD/test-logs"

# Runs ctest in $1 and adds its counts to the totals.
run_ctest() {
  local dir="$1" name="$2" log="$log_dir/$2.log"
  ctest --test-dir "$dir" -j "$TASKFIT_JOBS" --output-on-failure 2>&1 | tee "$log"
  local summary
  summary=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" | tail -1)
  if [ -z "$summary" ]; then
    echo "test.sh: no ctest summary for $name" >&2
    failed=$((failed + 1)); status=1; return
  fi
  local f total s
  f=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")
  total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$summary")
  # ctest counts a skipped test (a missing editor, say) as not failed; it
  # did not pass either.
  s=$(grep -cE "^[[:space:]]*[0-9]+ - .*\(Skipped\)" "$log")
  passed=$((passed + total - f - s))
  failed=$((failed + f))
  skipped=$((skipped + s))
  [ "$f" -eq 0 ] || status=1
}

start=$(date +%s)
taskfit_configure -DTASKFIT_BUILD_TESTS=ON || exit 1
mkdir -p "$log_dir"
if ! cmake --build "$TASKFIT_BUILD" -j "$TASKFIT_JOBS"; then
  echo "test.sh: the build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
run_ctest "$TASKFIT_BUILD" main

# The runtime again, under ThreadSanitizer and AddressSanitizer+UBSan.
san_log="$log_dir/runtime-sanitizers.log"
bash "$TASKFIT_ROOT/scripts/runtime-sanitizers.sh" "$TASKFIT_BUILD-san" 2>&1 | tee "$san_log"
san_status=${PIPESTATUS[0]}
while read -r summary; do
  f=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")
  total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + total - f))
  failed=$((failed + f))
done < <(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$san_log")
if [ "$san_status" -ne 0 ]; then
  status=1
  # A sanitizer build that failed to build or configure ran no tests: count it.
  builds_failed=$(grep -cE "^!! (configure|build) failed" "$san_log")
  failed=$((failed + builds_failed))
fi

echo
echo "test.sh: finished in $(( $(date +%s) - start ))s; logs in $log_dir"
[ "$skipped" -eq 0 ] || echo "test.sh: $skipped tests skipped (see the logs for why)"
echo "$passed passed, $failed failed"
exit $status
