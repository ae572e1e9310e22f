// RUN: %check_taskfit %s taskfit-cpu-bound-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit-cpu-bound-in-async.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %runtime_include

// CPU-heavy work in a coroutine: table entries (sort, regex, hashing...),
// loop nests and long constant loops with no suspension point, direct or
// through helpers. Fix-its offload to taskfit::cpu_pool().

#include <taskfit/taskfit.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <regex>
#include <string>
#include <vector>

long dot_all(const std::vector<int> &v) {
  long s = 0;
  for (int a : v) // LINE:dot_all_loop
    for (int b : v)
      s += static_cast<long>(a) * b;
  return s;
}

long checksum(const std::string &data) { return dot_all({data.begin(), data.end()}); } // LINE:checksum

taskfit::task<long> table_entries(std::vector<int> v, std::string text) {
  std::sort(v.begin(), v.end());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: CPU-heavy sort 'sort' in coroutine 'table_entries' stalls its event loop; offload it to taskfit::cpu_pool() [taskfit-cpu-bound-in-async]
  // CHECK-FIXES: {{^}}  co_await taskfit::offload(taskfit::cpu_pool(), [&] { std::sort(v.begin(), v.end()); });{{$}}
  std::stable_sort(v.begin(), v.end(), std::greater<>());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: CPU-heavy sort 'stable_sort' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::offload(taskfit::cpu_pool(), [&] { std::stable_sort(v.begin(), v.end(), std::greater<>()); });{{$}}
  bool found = std::regex_search(text, std::regex("[a-z]+@[a-z]+"));
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: CPU-heavy regular expression 'regex_search' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:40: warning: CPU-heavy regular expression 'std::regex' {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:40: note: no automatic fix: the object is constructed in place; {{.*}}
  // CHECK-FIXES: {{^}}  bool found = co_await taskfit::offload(taskfit::cpu_pool(), [&] { return std::regex_search(text, std::regex("[a-z]+@[a-z]+")); });{{$}}
  co_return found ? 1 : 0;
}

taskfit::task<long> helpers(std::vector<int> v, std::string data) {
  long a = dot_all(v);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: CPU-heavy loop nest of depth 2 (via 'dot_all') in coroutine 'helpers' stalls its event loop; offload it to taskfit::cpu_pool() [taskfit-cpu-bound-in-async]
  // CHECK-NOTES: :[[#dot_all_loop]]:3: note: 'dot_all' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-FIXES: {{^}}  long a = co_await taskfit::offload(taskfit::cpu_pool(), [&] { return dot_all(v); });{{$}}
  long b = checksum(data);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: CPU-heavy loop nest of depth 2 (via 'checksum') {{.*}}
  // CHECK-NOTES: :[[#checksum]]:49: note: 'checksum' calls 'dot_all' here
  // CHECK-NOTES: :[[#dot_all_loop]]:3: note: 'dot_all' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-FIXES: {{^}}  long b = co_await taskfit::offload(taskfit::cpu_pool(), [&] { return checksum(data); });{{$}}
  co_return a + b;
}

taskfit::task<long> loops(const std::vector<int> &xs,
                          const std::vector<std::vector<int>> &grid) {
  long total = 0;
  // Every pair of elements: the inner loop's count does not depend on the
  // outer one's element, so the work grows with the square of the input.
  for (int a : xs) {
    for (int b : xs)
      total += a * b;
  }
  // CHECK-NOTES: :[[@LINE-4]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'loops' stalls its event loop; offload it to taskfit::cpu_pool() [taskfit-cpu-bound-in-async]
  // CHECK-FIXES:      {{^}}  co_await taskfit::offload(taskfit::cpu_pool(), [&] {{{$}}
  // CHECK-FIXES-NEXT: {{^}}  for (int a : xs) {{{$}}
  // CHECK-FIXES-NEXT: {{^}}    for (int b : xs){{$}}
  // CHECK-FIXES-NEXT: {{^}}      total += a * b;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}
  // CHECK-FIXES-NEXT: {{^}}  });{{$}}
  // One pass over the grid's cells: the inner loop walks the outer one's
  // row. Linear in the input, like a loop over a flat vector.
  for (const auto &row : grid)
    for (int cell : row)
      total += cell;
  for (long i = 0; i < 50'000'000; ++i) {
    total ^= i * 2654435761u;
  }
  // CHECK-NOTES: :[[@LINE-3]]:3: warning: CPU-heavy loop with no suspension point in coroutine 'loops' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::offload(taskfit::cpu_pool(), [&] {{{$}}
  std::array<int, 1024> big{};
  for (int x : big)
    for (int y : big)
      total += x * y;
  // CHECK-NOTES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point {{.*}}
  co_return total;
}

taskfit::task<long> lookalikes(taskfit::channel<int> &ch,
                               const std::vector<int> &v, FILE *f) {
  long total = 0;
  // A small constant nest: 3 x 4 iterations.
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j)
      total += i * j;
  // A single loop of unknown length is not heavy by itself.
  for (int x : v)
    total += x;
  // A loop that awaits gives the loop back every iteration.
  for (int x : v) {
    auto item = co_await ch.async_pop();
    for (int y : v)
      total += x * y * item.value_or(0);
  }
  // A loop around blocking calls is I/O-bound: taskfit-blocking-call-in-async
  // reports its calls.
  char line[256];
  for (int i = 0; i < 10; ++i)
    while (fgets(line, sizeof line, f))
      ++total;
  // Work already offloaded.
  total += co_await taskfit::offload(taskfit::cpu_pool(), [&] {
    long s = 0;
    for (int a : v)
      for (int b : v)
        s += a * b;
    return s;
  });
  // Sorting a small array is not worth a pool, but the table cannot know the
  // size: use NOLINT for such calls.
  std::array<int, 3> three{3, 1, 2};
  std::sort(three.begin(), three.end()); // NOLINT(taskfit-cpu-bound-in-async)
  co_return total;
}

// Loops a macro writes (a stackless-coroutine `reenter`, a FOREACH) are not
// the user's loops.
#define FOREVER for (;;)
#define EACH(x, v) for (auto x : v)
taskfit::task<long> macro_loops(const std::vector<int> &v) {
  long total = 0;
  for (int a : v) {
    EACH(b, v) total += a * b;
  }
  FOREVER {
    if (total > 10)
      break;
    ++total;
  }
  co_return total;
}

// Loops that return from the coroutine cannot be moved into a lambda.
taskfit::task<int> find_pair(const std::vector<int> &v, int target) {
  for (int a : v) {
    for (int b : v)
      if (a + b == target)
        co_return a;
  }
  // CHECK-NOTES: :[[@LINE-5]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'find_pair' {{.*}}
  // CHECK-NOTES: :[[@LINE-6]]:3: note: no automatic fix: it returns
  for (int a : v) {
    for (int b : v)
      if (a * b == target)
        goto done;
  }
  // CHECK-NOTES: :[[@LINE-5]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'find_pair' {{.*}}
  // CHECK-NOTES: :[[@LINE-6]]:3: note: no automatic fix: it jumps out
done:
  co_return -1;
}

// A call that both blocks and computes gets its fix from the blocking check.
long load_and_sum(const char *path) {
  FILE *f = fopen(path, "r");
  std::vector<int> v(1000);
  long s = dot_all(v); // LINE:load_and_sum
  fclose(f);
  return s;
}
taskfit::task<long> mixed() {
  long s = load_and_sum("data.bin");
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: CPU-heavy loop nest of depth 2 (via 'load_and_sum') in coroutine 'mixed' {{.*}}
  // CHECK-NOTES: :[[#load_and_sum]]:12: note: 'load_and_sum' calls 'dot_all' here
  // CHECK-NOTES: :[[#dot_all_loop]]:3: note: 'dot_all' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-NOTES: :[[@LINE-4]]:12: note: no fix from this check: the call also blocks, and taskfit-blocking-call-in-async offloads it to taskfit::io_pool()
  // CHECK-FIXES: {{^}}  long s = load_and_sum("data.bin");{{$}}
  co_return s;
}
