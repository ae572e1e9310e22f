#include "stats.h"

#include <chrono>
#include <cstdio>
#include <thread>

void Stats::record(std::string name, std::uint64_t value) {
  // A short critical section: only the shared update is locked.
  std::lock_guard lock(results_mutex);
  results.emplace_back(std::move(name), value);
}

void report_progress(Stats &stats) {
  // Paced periodic work, not a busy-wait: it prints on every round.
  while (!stats.stop.load()) {
    std::printf("%zu files hashed\n", stats.hashed.load());
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}
