// RUN: %check_taskfit %s taskfit-work-on-wrong-pool %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %runtime_include

// CPU-heavy work submitted to taskfit::io_pool(), and blocking work
// submitted to taskfit::cpu_pool(). The fix swaps the pool where the
// submit names it.

#include <taskfit/taskfit.hpp>

#include <algorithm>
#include <cstdio>
#include <future>
#include <string>
#include <thread>
#include <vector>

std::string read_file(const std::string &path) {
  std::string out;
  if (FILE *f = std::fopen(path.c_str(), "rb")) { // LINE:fopen
    char buf[256];
    while (size_t n = std::fread(buf, 1, sizeof buf, f))
      out.append(buf, n);
    std::fclose(f);
  }
  return out;
}

long histogram(const std::vector<int> &v) {
  long h = 0;
  for (int a : v) // LINE:nest
    for (int b : v)
      h += (a ^ b) & 7;
  return h;
}

long checksum(const std::string &s) { return histogram({s.begin(), s.end()}); } // LINE:checksum

// Positives.

std::future<long> cpu_on_io(std::vector<int> v) {
  return taskfit::io_pool().submit([v]() mutable { // LINE:lambda_sort
    std::sort(v.begin(), v.end()); // LINE:sort
    return v.empty() ? 0L : v.back();
  });
  // CHECK-NOTES: :[[#lambda_sort]]:29: warning: CPU-heavy sort 'sort' submitted to taskfit::io_pool() in 'cpu_on_io' ties up an I/O worker for the whole computation; submit it to taskfit::cpu_pool() [taskfit-work-on-wrong-pool]
  // CHECK-NOTES: :[[#sort]]:5: note: lambda in 'cpu_on_io' calls CPU-heavy sort 'sort' here
  // CHECK-FIXES: {{^}}  return taskfit::cpu_pool().submit([v]() mutable { // LINE{{.*}}
}

std::future<long> through_helpers(const std::string &data) {
  return taskfit::io_pool().submit(checksum, data);
  // CHECK-NOTES: :[[@LINE-1]]:29: warning: CPU-heavy loop nest of depth 2 (via 'histogram') submitted to taskfit::io_pool() in 'through_helpers' {{.*}}
  // CHECK-NOTES: :[[#checksum]]:46: note: 'checksum' calls 'histogram' here
  // CHECK-NOTES: :[[#nest]]:3: note: 'histogram' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-FIXES: {{^}}  return taskfit::cpu_pool().submit(checksum, data);{{$}}
}

std::future<std::string> blocking_on_cpu(std::string path) {
  return taskfit::cpu_pool().submit([path] { return read_file(path); }); // LINE:read_on_cpu
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: blocking file I/O 'fopen' (via 'read_file') submitted to taskfit::cpu_pool() in 'blocking_on_cpu' idles one of the per-core CPU workers while it waits; submit it to taskfit::io_pool() [taskfit-work-on-wrong-pool]
  // CHECK-NOTES: :[[#read_on_cpu]]:53: note: lambda in 'blocking_on_cpu' calls 'read_file' here
  // CHECK-NOTES: :[[#fopen]]:17: note: 'read_file' calls blocking file I/O 'fopen' here
  // CHECK-FIXES: {{^}}  return taskfit::io_pool().submit([path] { return read_file(path); }); // LINE{{.*}}
}

void sleepy_post() {
  taskfit::cpu_pool().post([] { std::this_thread::sleep_for(std::chrono::milliseconds(50)); });
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: blocking sleep 'sleep_for' submitted to taskfit::cpu_pool() in 'sleepy_post' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:33: note: lambda in 'sleepy_post' calls blocking sleep 'sleep_for' here
  // CHECK-FIXES: {{^}}  taskfit::io_pool().post([] { std::this_thread::sleep_for(std::chrono::milliseconds(50)); });{{$}}
}

long through_reference(const std::vector<int> &v) {
  auto &io = taskfit::io_pool();
  auto f = io.submit(histogram, std::cref(v));
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: CPU-heavy loop nest of depth 2 submitted to the I/O pool 'io' in 'through_reference' {{.*}}
  // CHECK-NOTES: :[[#nest]]:3: note: 'histogram' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-NOTES: :[[@LINE-3]]:15: note: no automatic fix: the pool is not named by a taskfit::io_pool() or taskfit::cpu_pool() call here
  return f.get();
}

taskfit::task<long> offloaded_to_io(std::vector<int> v) {
  long r = co_await taskfit::offload(taskfit::io_pool(), [&] { // LINE:offload
    long s = 0;
    for (int a : v) // LINE:offload_nest
      for (int b : v)
        s += a * b;
    return s;
  });
  // CHECK-NOTES: :[[#offload]]:21: warning: CPU-heavy loop nest of depth 2 submitted to taskfit::io_pool() in 'offloaded_to_io' {{.*}}
  // CHECK-NOTES: :[[#offload_nest]]:5: note: lambda in 'offloaded_to_io' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-FIXES: {{^}}  long r = co_await taskfit::offload(taskfit::cpu_pool(), [&] { // LINE{{.*}}
  co_return r;
}

// Negatives: work that fits its pool, tiny tasks, pools of unknown kind,
// and work the task hands on to the right pool itself.

void fitting(const std::vector<std::string> &paths, std::vector<int> v) {
  auto text = taskfit::io_pool().submit(read_file, paths.front());
  auto sorted = taskfit::cpu_pool().submit([v]() mutable {
    std::sort(v.begin(), v.end());
    return v;
  });
  auto tiny = taskfit::cpu_pool().submit([] { return 6 * 7; });
  auto lengths = taskfit::io_pool().map([](const std::string &p) { return read_file(p).size(); }, paths);
  text.get();
  sorted.get();
  tiny.get();
}

void unknown_pools(taskfit::thread_pool &given, const std::vector<int> &v) {
  taskfit::thread_pool mine(4);
  mine.submit(histogram, std::cref(v)).get();
  given.submit([] { return read_file("/etc/hosts"); }).get();
}

long handed_on(const std::string &path) {
  // The I/O task reads, then hands the computation to the CPU pool.
  auto io = taskfit::io_pool().submit([path] {
    std::string data = read_file(path);
    return taskfit::cpu_pool().submit(checksum, data).get();
  });
  // The CPU task waits for a read it handed to the I/O pool: the wait is
  // the fork-join of a pool task, not I/O of its own.
  auto cpu = taskfit::cpu_pool().submit([path] {
    auto text = taskfit::io_pool().submit(read_file, path);
    return checksum(text.get());
  });
  return io.get() + cpu.get();
}
