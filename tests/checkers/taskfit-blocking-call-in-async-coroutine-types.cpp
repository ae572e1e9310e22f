// RUN: %check_taskfit %s taskfit-blocking-call-in-async,taskfit-cpu-bound-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" -- -std=c++20 -I %inputs
// RUN: %check_taskfit --check-suffix=USER %s taskfit-blocking-call-in-async %t-user -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false, taskfit.DecisionTable: '%inputs/coroutine-types-table.json'}}" \
// RUN:   -- -std=c++20 -I %inputs

// A coroutine is an event-loop context unless the decision table's
// "coroutine_types" say where coroutines of its return type run.
// concurrencpp has no event loop: its result<T> coroutines run on thread
// pools and threads, where a blocking call blocks one worker, not a loop.

#include "coroutine_libs/concurrencpp.h"
#include "coroutine_libs/lazy.h"
#include "simple_task.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

concurrencpp::result<std::string>
read_config(std::shared_ptr<concurrencpp::executor> background,
            std::string path) {
  co_await concurrencpp::resume_on(background);
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  co_return text;
}

concurrencpp::result<void> retry_later(concurrencpp::result<int> attempt) {
  co_await attempt;
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

concurrencpp::result<long> cross(const std::vector<int> &xs) {
  long sum = 0;
  for (int x : xs)
    for (int y : xs)
      sum += x * y;
  co_return sum;
}

// Through a typedef, an alias template, and a coroutine lambda.
template <typename T> using outcome = concurrencpp::result<T>;
outcome<void> touch(std::string path) {
  std::ofstream(path) << "";
  co_return;
}
using job = concurrencpp::result<int>;
job count_lines(std::string path) {
  std::ifstream in(path);
  int n = 0;
  for (std::string line; std::getline(in, line);)
    ++n;
  co_return n;
}
auto lambda_job = [](std::string path) -> concurrencpp::result<void> {
  std::ofstream(path) << "done";
  co_return;
};

// The same bodies in a coroutine type the table does not list: an event
// loop.
simple_task<std::string> read_config_on_loop(std::string path) {
  std::ifstream in(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ifstream' in coroutine 'read_config_on_loop' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
  co_return in ? path : std::string();
}

simple_task<long> cross_on_loop(const std::vector<int> &xs) {
  long sum = 0;
  for (int x : xs)
    for (int y : xs)
      sum += x * y;
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'cross_on_loop' stalls its event loop; offload it to taskfit::cpu_pool() [taskfit-cpu-bound-in-async]
  co_return sum;
}

// A synchronous generator (it only yields, and cannot be awaited) runs on
// the thread that iterates it, whatever that is: no context of its own.
template <typename T> struct generator {
  struct promise_type {
    generator get_return_object();
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T) noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  struct iterator;
  iterator begin();
  std::default_sentinel_t end();
};
generator<std::string> lines_of(std::string path) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    co_yield line;
}

// Look-alikes: a stream that also awaits, or one that is awaited rather
// than iterated, is a coroutine that suspends on a loop.
template <typename T> struct async_stream {
  struct promise_type {
    async_stream get_return_object();
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T) noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};
generator<std::string> lines_after(std::string path) {
  co_await ready_awaitable{};
  std::ifstream in(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ifstream' in coroutine 'lines_after' stalls its event loop; {{.*}}
  // CHECK-MESSAGES-USER: :[[@LINE-2]]:17: warning: blocking file I/O 'std::ifstream' in coroutine 'lines_after' stalls its event loop; {{.*}}
  co_yield std::string();
}
async_stream<int> numbers_of(std::string path) {
  std::ifstream in(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ifstream' in coroutine 'numbers_of' stalls its event loop; {{.*}}
  // CHECK-MESSAGES-USER: :[[@LINE-2]]:17: warning: blocking file I/O 'std::ifstream' in coroutine 'numbers_of' stalls its event loop; {{.*}}
  co_yield 1;
}

// A task awaited through a base class that yields errors (folly-style
// `co_yield co_error(...)`) is no generator: it is not iterated.
struct awaitable_base {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
struct checked_task : awaitable_base {
  struct failure {};
  struct promise_type {
    checked_task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(failure) noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
checked_task load_checked(std::string path) {
  if (path.empty())
    co_yield checked_task::failure{};
  std::ifstream in(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ifstream' in coroutine 'load_checked' stalls its event loop; {{.*}}
  // CHECK-MESSAGES-USER: :[[@LINE-2]]:17: warning: blocking file I/O 'std::ifstream' in coroutine 'load_checked' stalls its event loop; {{.*}}
}

// A user table adds its own types (simple_task, said to run on a pool);
// the types it does not list stay event-loop contexts.
cppcoro::task<void> sleepy() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep_for' in coroutine 'sleepy' stalls its event loop; {{.*}}
  // CHECK-MESSAGES-USER: :[[@LINE-2]]:3: warning: blocking sleep 'sleep_for' in coroutine 'sleepy' stalls its event loop; {{.*}}
  co_return;
}
