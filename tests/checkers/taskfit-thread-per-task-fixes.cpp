// RUN: %check_taskfit %s taskfit-thread-per-task %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %runtime_include

// Threads that only exist to be joined later in the same function become
// pool tasks with futures: the container holds std::future<R>, each
// creation submits to the pool the work fits, each join() is a get().

#include <algorithm>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>
// CHECK-FIXES: {{^}}#include <taskfit/taskfit.hpp>{{$}}

std::string read_file(const std::string &path) {
  std::string out;
  if (FILE *f = std::fopen(path.c_str(), "rb")) {
    char buf[256];
    while (size_t n = std::fread(buf, 1, sizeof buf, f))
      out.append(buf, n);
    std::fclose(f);
  }
  return out;
}

void sort_chunk(std::vector<int> &chunk) { std::sort(chunk.begin(), chunk.end()); }

void read_all(const std::vector<std::string> &paths) {
  std::vector<std::thread> readers;
  // CHECK-FIXES: {{^}}  std::vector<std::future<std::string>> readers;{{$}}
  readers.reserve(paths.size());
  for (const auto &p : paths)
    readers.emplace_back(read_file, p);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: std::thread started once per element of 'paths' in 'read_all' creates one thread per element; its work blocks: submit it to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
  // CHECK-FIXES: {{^}}    readers.emplace_back(taskfit::io_pool().submit(read_file, p));{{$}}
  for (auto &r : readers)
    r.join();
  // CHECK-FIXES: {{^}}    r.get();{{$}}
}

void sort_all(std::vector<std::vector<int>> &chunks) {
  std::vector<std::thread> sorters;
  // CHECK-FIXES: {{^}}  std::vector<std::future<void>> sorters;{{$}}
  for (auto &chunk : chunks)
    sorters.push_back(std::thread(sort_chunk, std::ref(chunk)));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: std::thread started once per element of 'chunks' in 'sort_all' creates one thread per element; its work is CPU-heavy: submit it to taskfit::cpu_pool(), which runs one worker per core [taskfit-thread-per-task]
  // CHECK-FIXES: {{^}}    sorters.push_back(taskfit::cpu_pool().submit(sort_chunk, std::ref(chunk)));{{$}}
  for (auto &s : sorters) {
    if (s.joinable())
      s.join();
  }
  // CHECK-FIXES: {{^}}    if (s.valid()){{$}}
  // CHECK-FIXES: {{^}}      s.get();{{$}}
}

long sum_lengths(const std::vector<std::string> &paths) {
  std::vector<long> lengths(paths.size());
  std::vector<std::jthread> workers;
  // CHECK-FIXES: {{^}}  std::vector<std::future<void>> workers;{{$}}
  for (size_t i = 0; i < paths.size(); ++i)
    workers.emplace_back([&lengths, &paths, i] { lengths[i] = static_cast<long>(read_file(paths[i]).size()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: std::jthread started once per element of 'paths' in 'sum_lengths' creates one thread per element; its work blocks: {{.*}}
  // CHECK-FIXES: {{^}}    workers.emplace_back(taskfit::io_pool().submit([&lengths, &paths, i] { lengths[i] = static_cast<long>(read_file(paths[i]).size()); }));{{$}}
  for (auto &w : workers)
    w.join();
  // CHECK-FIXES: {{^}}    w.get();{{$}}
  long total = 0;
  for (long n : lengths)
    total += n;
  return total;
}

// No fix: the threads are detached, handed out, or the callable wants a
// stop_token.

void detached(const std::vector<std::string> &paths) {
  std::vector<std::thread> readers;
  for (const auto &p : paths)
    readers.emplace_back(read_file, p);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: std::thread started once per element of 'paths' in 'detached' {{.*}}
  // CHECK-FIXES: {{^}}    readers.emplace_back(read_file, p);{{$}}
  for (auto &r : readers)
    r.detach();
}

std::vector<std::thread> handed_out(const std::vector<std::string> &paths) {
  std::vector<std::thread> readers;
  for (const auto &p : paths)
    readers.emplace_back(read_file, p);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: std::thread started once per element of 'paths' in 'handed_out' {{.*}}
  // CHECK-FIXES: {{^}}    readers.emplace_back(read_file, p);{{$}}
  for (auto &r : readers)
    r.join();
  return readers;
}

void stoppable(const std::vector<std::string> &paths) {
  std::vector<std::jthread> readers;
  for (const auto &p : paths)
    readers.emplace_back([p](std::stop_token stop) { if (!stop.stop_requested()) read_file(p); });
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: std::jthread started once per element of 'paths' in 'stoppable' {{.*}}
  for (auto &r : readers)
    r.join();
}
