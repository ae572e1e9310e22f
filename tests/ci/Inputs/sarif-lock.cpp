// Two global-lock findings for sarif.test's code flows: a path from the lock
// through a call to the loop nest, and one whose notes also show how the
// task reached the lock (upstream: not a step of the path).
#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>

std::mutex g_mutex;

long crunch(const std::vector<int> &v) {
  long s = 0;
  for (int a : v)
    for (int b : v)
      s += a * b;
  return s;
}

long captured(const std::vector<std::vector<int>> &inputs) {
  std::mutex m;
  long total = 0;
  std::vector<std::jthread> threads;
  for (const auto &in : inputs)
    threads.emplace_back([&] {
      std::scoped_lock lock(m);
      total += crunch(in);
    });
  return total;
}

void sort_locked(std::vector<int> &v) {
  std::unique_lock lock(g_mutex);
  std::sort(v.begin(), v.end());
}

void run_all(std::vector<std::vector<int>> &inputs) {
  std::vector<std::thread> threads;
  for (auto &in : inputs)
    threads.emplace_back([&in] { sort_locked(in); });
  for (auto &t : threads)
    t.join();
}
