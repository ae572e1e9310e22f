// RUN: %check_taskfit %s taskfit-work-on-wrong-pool %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" -- -std=c++20 %asio_flags
// RUN: %taskfit_tidy --checks='-*,taskfit-work-on-wrong-pool,taskfit-cpu-bound-in-async' \
// RUN:   %s -- -std=c++20 %asio_flags 2>&1 | FileCheck %s --check-prefix=BOTH \
// RUN:   --implicit-check-not='warning:'

// CPU-heavy work posted to an io_context runs on the loop that serves the
// connections, however many threads run it: an I/O pool. Reported where it
// is posted, once, even with taskfit-cpu-bound-in-async on.

#include <asio.hpp>

#include <vector>

long pairwise(const std::vector<int> &xs) {
  long sum = 0;
  for (int a : xs)
    for (int b : xs)
      sum += static_cast<long>(a) * b;
  return sum;
}

void on_request(asio::io_context &io, asio::thread_pool &workers,
                std::vector<int> &samples, long &out) {
  asio::post(io, [&] { out = pairwise(samples); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-heavy loop nest of depth 2 (via 'pairwise') submitted to the event loop 'io' in 'on_request' stalls its event loop; offload it to taskfit::cpu_pool() [taskfit-work-on-wrong-pool]
  // BOTH: :[[@LINE-2]]:3: warning: CPU-heavy loop nest of depth 2 (via 'pairwise') submitted to the event loop 'io' {{.*}}[taskfit-work-on-wrong-pool]
  asio::dispatch(io.get_executor(), [&] { out = pairwise(samples); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-heavy loop nest of depth 2 (via 'pairwise') submitted to the event loop 'io.get_executor()'
  // BOTH: :[[@LINE-2]]:3: warning: {{.*}}[taskfit-work-on-wrong-pool]
  auto strand = asio::make_strand(io);
  asio::post(strand, [&] { out = pairwise(samples); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-heavy loop nest of depth 2 (via 'pairwise') submitted to the event loop 'strand'
  // BOTH: :[[@LINE-2]]:3: warning: {{.*}}[taskfit-work-on-wrong-pool]

  // Look-alikes: cheap work on the loop, heavy work on a thread pool.
  asio::post(io, [&] { samples.push_back(1); });
  asio::post(workers, [&] { out = pairwise(samples); });
}
