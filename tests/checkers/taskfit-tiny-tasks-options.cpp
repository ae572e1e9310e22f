// RUN: %check_taskfit %s taskfit-tiny-tasks %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false, taskfit-tiny-tasks.MaxOperations: 3, taskfit-tiny-tasks.MaxTasks: 8, taskfit-tiny-tasks.MaxHelperDepth: 0}}" \
// RUN:   -- -std=c++20 -I %runtime_include
// RUN: %check_taskfit --check-suffix=DEFAULT %s taskfit-tiny-tasks %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %runtime_include
// RUN: not %taskfit_tidy --checks='-*,taskfit-tiny-tasks' --config="{CheckOptions: {taskfit-tiny-tasks.MaxOperations: few}}" \
// RUN:   %s -- -std=c++20 -I %runtime_include 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not %clang_tidy_plugin --checks='-*,taskfit-tiny-tasks' --config="{CheckOptions: {taskfit-tiny-tasks.MaxTasks: 0}}" \
// RUN:   %s -- -std=c++20 -I %runtime_include 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: %taskfit_tidy --checks='-*,taskfit-tiny-tasks' --dump-config | FileCheck %s --check-prefix=STORED

// BAD: error: taskfit: invalid value 'few' for option 'taskfit-tiny-tasks.MaxOperations': expected an integer >= 1 [clang-tidy-config]
// ZERO: error: taskfit: invalid value '0' for option 'taskfit-tiny-tasks.MaxTasks': expected an integer >= 1 [clang-tidy-config]
// STORED-DAG: taskfit-tiny-tasks.MaxHelperDepth: '3'
// STORED-DAG: taskfit-tiny-tasks.MaxOperations: '32'
// STORED-DAG: taskfit-tiny-tasks.MaxTasks: '64'

#include <taskfit/thread_pool.hpp>

#include <vector>

int twice(int x) { return 2 * x; }

void tuned(std::vector<int> &v, taskfit::thread_pool &pool) {
  // 16 tasks: over MaxTasks 8, under the default 64.
  for (int i = 0; i < 16; ++i)
    pool.post([&v, i] { v[i] = 0; });
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'tuned' hands the pool 'pool' one task per iteration of a loop of 16, each about 2 operations: {{.*}}
  // 8 tasks: a few.
  for (int i = 0; i < 8; ++i)
    pool.post([&v, i] { v[i] = 0; });

  // 4 operations: over MaxOperations 3, tiny by default.
  for (std::size_t i = 0; i < v.size(); ++i)
    pool.post([&v, i] { v[i] = v[i] + 1; });
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:10: warning: 'tuned' hands the pool 'pool' one task per element of 'v', each about 4 operations: {{.*}}

  // A helper one call deep: beyond MaxHelperDepth 0, followed by default.
  for (std::size_t i = 0; i < v.size(); ++i)
    pool.post([&v, i] { twice(v[i]); });
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:10: warning: 'tuned' hands the pool 'pool' one task per element of 'v', each about 3 operations: {{.*}}
}
