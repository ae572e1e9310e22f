// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit-blocking-call-in-async.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %runtime_include

// Fix-its in taskfit::task coroutines: sleeps become awaited timers, other
// blocking calls are offloaded to taskfit::io_pool() and awaited. The
// include is added; the fixed file is compiled by the test.

// CHECK-FIXES: #include <taskfit/taskfit.hpp>
#include <taskfit/task.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <tuple>
#include <unistd.h>

using namespace std::chrono_literals;

std::string slurp(const char *path) {
  std::ifstream in(path); // LINE:slurp_ifstream
  std::string all, line;
  while (std::getline(in, line))
    all += line;
  return all;
}

taskfit::task<int> sleeps(int n) {
  std::this_thread::sleep_for(10ms);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep_for' in coroutine 'sleeps' stalls its event loop; await a timer instead (taskfit::sleep_for, asio::steady_timer) [taskfit-blocking-call-in-async]
  // CHECK-FIXES: {{^}}  co_await taskfit::sleep_for(10ms);{{$}}
  std::this_thread::sleep_for(std::chrono::milliseconds(n));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep_for' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::sleep_for(std::chrono::milliseconds(n));{{$}}
  sleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::sleep_for(std::chrono::seconds(1));{{$}}
  usleep(250);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'usleep' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::sleep_for(std::chrono::microseconds(250));{{$}}
  if (n > 3)
    std::this_thread::sleep_for(1s);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep_for' {{.*}}
  // CHECK-FIXES: {{^}}    co_await taskfit::sleep_for(1s);{{$}}
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1ms);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep_until' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::sleep_until(std::chrono::steady_clock::now() + 1ms);{{$}}
  // A system_clock deadline is not the loop's clock: offloaded like any call.
  std::this_thread::sleep_until(std::chrono::system_clock::now() + 1ms);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep_until' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::offload(taskfit::io_pool(), [&] { std::this_thread::sleep_until(std::chrono::system_clock::now() + 1ms); });{{$}}
  co_return n;
}

taskfit::task<std::string> offloads(const char *path, std::future<int> f) {
  FILE *fp = fopen(path, "r");
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: blocking file I/O 'fopen' {{.*}}
  // CHECK-FIXES: {{^}}  FILE *fp = co_await taskfit::offload(taskfit::io_pool(), [&] { return fopen(path, "r"); });{{$}}
  char buf[128];
  size_t got = fread(buf, 1, sizeof buf, fp);
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: blocking file I/O 'fread' {{.*}}
  // CHECK-FIXES: {{^}}  size_t got = co_await taskfit::offload(taskfit::io_pool(), [&] { return fread(buf, 1, sizeof buf, fp); });{{$}}
  fclose(fp);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking file I/O 'fclose' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::offload(taskfit::io_pool(), [&] { fclose(fp); });{{$}}
  auto value = f.get();
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: blocking synchronous wait 'future::get' {{.*}}
  // CHECK-FIXES: {{^}}  auto value = co_await taskfit::offload(taskfit::io_pool(), [&] { return f.get(); });{{$}}
  // A call reaching blocking work through a helper is offloaded whole.
  std::string text = slurp(path);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: blocking file I/O 'std::ifstream' (via 'slurp') {{.*}}
  // CHECK-NOTES: :[[#slurp_ifstream]]:17: note: 'slurp' calls blocking file I/O 'std::ifstream' here
  // CHECK-FIXES: {{^}}  std::string text = co_await taskfit::offload(taskfit::io_pool(), [&] { return slurp(path); });{{$}}
  co_return text + std::to_string(got + value);
}

struct Reader {
  std::string path;
  taskfit::task<std::string> read() {
    // `this` is captured by [&]: members stay usable.
    co_return slurp(path.c_str());
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: blocking file I/O 'std::ifstream' (via 'slurp') {{.*}}
    // CHECK-NOTES: :[[#slurp_ifstream]]:17: note: 'slurp' calls blocking file I/O 'std::ifstream' here
    // CHECK-FIXES: {{^}}    co_return co_await taskfit::offload(taskfit::io_pool(), [&] { return slurp(path.c_str()); });{{$}}
  }
  taskfit::task<std::string> read_into_member() {
    std::string copy = slurp(path.c_str());
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: blocking file I/O 'std::ifstream' (via 'slurp') {{.*}}
  // CHECK-NOTES: :[[#slurp_ifstream]]:17: note: 'slurp' calls blocking file I/O 'std::ifstream' here
    // CHECK-FIXES: {{^}}    std::string copy = co_await taskfit::offload(taskfit::io_pool(), [&] { return slurp(path.c_str()); });{{$}}
    co_return copy;
  }
};

// No fix where the result would not compile or would change meaning.
#define CLOSE_QUIETLY(f) fclose(f) // LINE:close_macro
struct Flags {
  unsigned ready : 1;
  unsigned code : 7;
};
std::string &load_cached() {
  static std::string s = slurp("cached.ini"); // LINE:cached_slurp
  return s;
}

taskfit::task<> no_fixes(FILE *fp, Flags flags, std::future<int> &f) {
  CLOSE_QUIETLY(fp);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking file I/O 'fclose' {{.*}}
  // CHECK-NOTES: :[[#close_macro]]:26: note: expanded from macro 'CLOSE_QUIETLY'
  // CHECK-FIXES: {{^}}  CLOSE_QUIETLY(fp);{{$}}
  const std::string &ref = load_cached();
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: blocking file I/O 'std::ifstream' (via 'load_cached') {{.*}}
  // CHECK-NOTES: :[[#cached_slurp]]:26: note: 'load_cached' calls 'slurp' here
  // CHECK-NOTES: :[[#slurp_ifstream]]:17: note: 'slurp' calls blocking file I/O 'std::ifstream' here
  // CHECK-NOTES: :[[@LINE-4]]:28: note: no automatic fix: 'ref' is a reference, and the offloaded result is a copy
  static int once = f.get();
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: blocking synchronous wait 'future::get' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:23: note: no automatic fix: co_await is not allowed in the initializer of a static variable
  auto [ready, code] = flags;
  if (ready)
    usleep(code);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: blocking sleep 'usleep' {{.*}}
  // CHECK-FIXES: {{^}}    co_await taskfit::sleep_for(std::chrono::microseconds(code));{{$}}
  // A bit-field binding cannot be captured by reference.
  fflush(ready ? fp : stdin);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking file I/O 'fflush' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:3: note: no automatic fix: a lambda cannot capture the structured binding 'ready'
  // CHECK-FIXES: {{^}}  fflush(ready ? fp : stdin);{{$}}
  try {
    fclose(fp);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: blocking file I/O 'fclose' {{.*}}
    // CHECK-FIXES: {{^}}    co_await taskfit::offload(taskfit::io_pool(), [&] { fclose(fp); });{{$}}
  } catch (...) {
    fclose(fp);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: blocking file I/O 'fclose' {{.*}}
    // CHECK-NOTES: :[[@LINE-2]]:5: note: no automatic fix: co_await is not allowed in a catch handler
    // CHECK-FIXES: {{^}}    fclose(fp);{{$}}
  }
  std::ifstream log("log.txt");
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ifstream' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the object is constructed in place; {{.*}}
  (void)ref;
  (void)once;
  co_return;
}
