// RUN: %check_taskfit %s taskfit-cpu-bound-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.LoopNestDepth: 3, taskfit.LoopTripCount: 10, taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %inputs
// RUN: not %taskfit_tidy --checks='-*,taskfit-*' --config="{CheckOptions: {taskfit.LoopNestDepth: deep}}" \
// RUN:   %s -- -std=c++20 -I %inputs 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not %clang_tidy_plugin --checks='-*,taskfit-*' --config="{CheckOptions: {taskfit.LoopTripCount: 0}}" \
// RUN:   %s -- -std=c++20 -I %inputs 2>&1 | FileCheck %s --check-prefix=ZERO

// BAD: error: taskfit: invalid value 'deep' for option 'taskfit.LoopNestDepth': expected an integer >= 1 [clang-tidy-config]
// ZERO: error: taskfit: invalid value '0' for option 'taskfit.LoopTripCount': expected an integer >= 1 [clang-tidy-config]

#include "simple_task.h"
#include <vector>

simple_task<long> tuned(const std::vector<int> &v) {
  long total = 0;
  // Depth 2 of unknown length: below LoopNestDepth 3.
  for (int a : v)
    for (int b : v)
      total += a * b;
  // Depth 3: heavy.
  for (int a : v)
    for (int b : v)
      for (int c : v)
        total += a * b * c;
  // CHECK-MESSAGES: :[[@LINE-4]]:3: warning: CPU-heavy loop nest of depth 3 with no suspension point in coroutine 'tuned' stalls its event loop; offload it to taskfit::cpu_pool() [taskfit-cpu-bound-in-async]
  // 12 constant iterations: over LoopTripCount 10.
  for (int i = 0; i < 12; ++i)
    total += i;
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: CPU-heavy loop with no suspension point {{.*}}
  // 9 iterations: under it.
  for (int i = 0; i < 9; ++i)
    total -= i;
  co_return total;
}
