// Counters the workers update and a reporter thread prints.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

struct Stats {
  std::atomic<std::size_t> hashed{0};
  std::atomic<bool> stop{false};

  // Per-file results, guarded by results_mutex.
  std::mutex results_mutex;
  std::vector<std::pair<std::string, std::uint64_t>> results;

  void record(std::string name, std::uint64_t value);
};

/// Prints progress every second until told to stop.
void report_progress(Stats &stats);
