#include "jobs.h"

#include <chrono>
#include <thread>

task run_job(int id, std::vector<int> &results) {
  int value = co_await ready{};
  results.push_back(id * value);
}

void warm_up_cache() {
  // Not a coroutine: sleeping here blocks only this thread.
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
}
