// RUN: %check_taskfit %s taskfit-global-lock-serialization %t -- \
// RUN:   --config="{CheckOptions: {taskfit.LoopTripCount: 500, taskfit.ShowTableRow: false}}" -- -std=c++20
// RUN: %check_taskfit --check-suffix=DEFAULT %s taskfit-global-lock-serialization %t -- -- -std=c++20
//
// What counts as heavy work under the lock is the global loop definition:
// 1000 iterations are heavy with taskfit.LoopTripCount 500, not by default.

#include <mutex>
#include <thread>
#include <vector>

std::mutex g_mutex;
long g_sum = 0;

void accumulate() {
  std::lock_guard lock(g_mutex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock on global mutex 'g_mutex' is held around CPU-heavy loop in thread function 'accumulate': the tasks take turns {{.*}} [taskfit-global-lock-serialization]
  for (int i = 0; i < 1000; ++i)
    g_sum += i * i;
}

void start() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back(accumulate);
  for (auto &t : threads)
    t.join();
}
