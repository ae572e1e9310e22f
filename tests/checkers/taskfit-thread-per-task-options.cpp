// RUN: %check_taskfit %s taskfit-thread-per-task %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false, taskfit-thread-per-task.MaxThreads: 8, taskfit-thread-per-task.DefaultAsyncSpawns: true}}" \
// RUN:   -- -std=c++20
// RUN: not %taskfit_tidy --checks='-*,taskfit-thread-per-task' --config="{CheckOptions: {taskfit-thread-per-task.MaxThreads: many}}" \
// RUN:   %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not %clang_tidy_plugin --checks='-*,taskfit-thread-per-task' --config="{CheckOptions: {taskfit-thread-per-task.MaxThreads: 0}}" \
// RUN:   %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=ZERO

// BAD: error: taskfit: invalid value 'many' for option 'taskfit-thread-per-task.MaxThreads': expected an integer >= 1 [clang-tidy-config]
// ZERO: error: taskfit: invalid value '0' for option 'taskfit-thread-per-task.MaxThreads': expected an integer >= 1 [clang-tidy-config]

#include <future>
#include <thread>
#include <vector>

void tuned() {
  // 10 threads: over MaxThreads 8.
  for (int i = 0; i < 10; ++i)
    std::thread([] {}).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: std::thread started once per iteration of a loop in 'tuned' creates 10 threads; submit the work to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
  // 8: a pool of its own.
  for (int i = 0; i < 8; ++i)
    std::thread([] {}).detach();
}

int default_policy(const std::vector<int> &jobs) {
  std::vector<std::future<int>> results;
  // With DefaultAsyncSpawns, std::async's default policy counts: libstdc++
  // and libc++ both start a thread for it.
  for (int j : jobs)
    results.push_back(std::async([j] { return j * 2; }));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: std::async started once per element of 'jobs' in 'default_policy' {{.*}}
  // Deferred never starts a thread.
  for (int j : jobs)
    results.push_back(std::async(std::launch::deferred, [j] { return j; }));
  int total = 0;
  for (auto &r : results)
    total += r.get();
  return total;
}
